// Sample leads and actors for each preset. Data only: every decision the page
// shows comes from the relance package.
const t = (d) => `2026-11-${String(d).padStart(2, "0")}T09:00:00.000Z`;

export const samples = {
  relance: {
    actors: [{ id: "ana", roles: ["agent"] }, { id: "marc", roles: ["agent", "manager"] }],
    leads: [
      { id: "R-1", name: "Camille Martin", email: "camille@example.fr", status: "new", createdAt: t(20) },
      { id: "R-2", name: "Hugo Bernard", phone: "+33 6 12 34 56 78", status: "contacted", createdAt: t(17) },
      { id: "R-3", name: "Léa Dubois", status: "relance", createdAt: t(12), statusSince: t(18) },
      { id: "R-4", name: "Nina Petit", status: "qualified", createdAt: t(10) },
    ],
  },
  onelead: {
    actors: [{ id: "vendeur", roles: ["seller"] }],
    leads: [
      { id: "O-1", name: "Paul Girard", status: "a_traiter", createdAt: t(22), trackingNumber: "+33 1 84 88 00 00" },
      { id: "O-2", name: "Emma Roux", status: "rappel", createdAt: t(21), phone: "06 11 22 33 44" },
    ],
  },
  leadflow: {
    actors: [{ id: "op1", roles: ["operator"] }, { id: "boss", roles: ["manager"] }],
    leads: [
      { id: "F-1", name: "Giulia Rossi", email: "giulia@example.it", status: "new", createdAt: t(19) },
      { id: "F-2", name: "Marco Bianchi", phone: "+39 333 123 4567", status: "working", createdAt: t(15), notesCount: 2 },
    ],
  },
  remonline: {
    actors: [{ id: "manager", roles: ["manager"] }],
    leads: [
      { id: "M-1", name: "Ivan Petrov", status: "new", createdAt: t(20) },
      { id: "M-2", name: "Olga Smirnova", status: "in_work", createdAt: t(18) },
      { id: "M-3", name: "Website visitor", status: "new_website", createdAt: t(21) },
    ],
  },
  partner: {
    actors: [
      { id: "pat", roles: ["partner"], org: "acme" },
      { id: "sam", roles: ["sourcing"], org: "vendorco" },
    ],
    leads: [
      { id: "P-1", name: "Acme deal", status: "pending", partnerOrg: "acme", createdAt: t(20) },
      { id: "P-2", name: "Globex renewal", status: "accepted", partnerOrg: "acme", createdAt: t(15) },
    ],
  },
};
