// Sample data for each preset: actors, leads, and the journeys the reports
// view draws a generated event log from. Data only: every decision the page
// shows comes from the relance package.
const t = (d, h = 9) => `2026-11-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00.000Z`;

export const samples = {
  relance: {
    actors: [{ id: "ana", roles: ["agent"] }, { id: "marc", roles: ["agent", "manager"] }],
    leads: [
      { id: "R-1", name: "Camille Martin", email: "camille@example.fr", status: "new", createdAt: t(20), statusSince: t(20) },
      { id: "R-2", name: "Hugo Bernard", phone: "+33 6 12 34 56 78", status: "contacted", createdAt: t(17), statusSince: t(19) },
      { id: "R-3", name: "Léa Dubois", status: "relance", createdAt: t(12), statusSince: t(19) },
      { id: "R-4", name: "Nina Petit", status: "relance", createdAt: t(14), statusSince: t(22) },
      { id: "R-5", name: "Yanis Moreau", status: "qualified", createdAt: t(10), statusSince: t(16) },
    ],
    journey: { path: ["new", "contacted", "qualified", "proposal", "negotiation", "closed_won"], detour: ["contacted", "relance"], lost: "closed_lost" },
  },
  onelead: {
    actors: [{ id: "vendeur", roles: ["seller"] }],
    provider: "onelead",
    leads: [
      { id: "O-1", name: "Paul Girard", status: "a_traiter", createdAt: t(23, 8), trackingNumber: "+33 1 84 88 00 00", phone: "+33 6 98 76 54 32", email: "paul@example.fr", externalStatus: "In Routing" },
      { id: "O-2", name: "Emma Roux", status: "rappel", createdAt: t(21), phone: "06 11 22 33 44", externalStatus: "Open at Dealer" },
      { id: "O-3", name: "Louis Fontaine", status: "traite", createdAt: t(19), trackingNumber: "+33 1 84 88 00 01", phone: "+33 6 11 11 11 11", externalStatus: "Routed" },
      { id: "O-4", name: "Chloé Lambert", status: "gagne", createdAt: t(18), calledAt: t(18, 10), trackingNumber: "+33 1 84 88 00 02", phone: "+33 6 22 22 22 22", externalStatus: "Sold" },
    ],
    journey: { path: ["a_traiter", "rappel", "traite", "gagne"], lost: "perdu" },
  },
  leadflow: {
    actors: [{ id: "op1", roles: ["operator"] }, { id: "op2", roles: ["operator"] }, { id: "boss", roles: ["manager"] }],
    leads: [
      { id: "F-1", name: "Giulia Rossi", email: "giulia@example.it", phone: "+39 333 123 4567", status: "new", createdAt: t(19), lists: ["newsletter"] },
      { id: "F-2", name: "Marco Bianchi", phone: "0039 333 765 4321", status: "working", createdAt: t(15), notesCount: 2, lastNoteAt: t(20), lists: ["promo"] },
      { id: "F-3", name: "Sara Conti", email: "sara@example.it", status: "new", createdAt: t(21), lists: ["newsletter"] },
      { id: "F-4", name: "Luca Ferri", status: "new", createdAt: t(22), lists: ["other"] },
    ],
    journey: { path: ["new", "working", "closed_won"], lost: "closed_lost" },
  },
  remonline: {
    actors: [{ id: "manager", roles: ["manager"] }],
    leads: [
      { id: "M-1", name: "Ivan Petrov", status: "new", createdAt: t(20) },
      { id: "M-2", name: "Olga Smirnova", status: "in_work", createdAt: t(18) },
      { id: "M-3", name: "Website visitor", status: "new_website", createdAt: t(21) },
    ],
    journey: { path: ["new", "in_work", "successful_order"], lost: "refused" },
  },
  partner: {
    actors: [
      { id: "pat", roles: ["partner"], org: "acme" },
      { id: "sam", roles: ["sourcing"], org: "vendorco" },
    ],
    leads: [
      { id: "P-1", name: "Acme deal", status: "pending", partnerOrg: "acme", createdAt: t(20), statusSince: t(20), expiresAt: t(27) },
      { id: "P-2", name: "Globex renewal", status: "accepted", partnerOrg: "acme", createdAt: t(15), statusSince: t(16), expiresAt: "2026-12-16T09:00:00.000Z" },
      { id: "P-3", name: "Initech pilot", status: "pending", partnerOrg: "acme", createdAt: t(22), statusSince: t(22), expiresAt: t(24, 12) },
    ],
    journey: { path: ["pending", "accepted", "converted"], lost: "not_converted" },
  },
};

const AGENTS = ["ana", "bob", "cyd", "dee", "eli", "fay"];
const NOTES = ["Très intéressé, rappeler demain", "pas intéressé", "Interested, wants a quote", "not interested", "Rappel demandé", "voicemail", "OK pour un rendez-vous", "no answer"];

/** A small seeded generator (mulberry32), so every run draws the same log. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About `count` events of leads walking `journey` through November 2026:
 * each lead is created, moves along the path (sometimes through the detour),
 * stops or is lost on the way, and gets notes. Deterministic.
 */
export function generateEvents(journey, count, seed = 42) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const start = Date.UTC(2026, 10, 1, 7);
  const span = 28 * 86_400_000;
  const events = [];
  for (let n = 0; events.length < count; n++) {
    const lead = `G-${n}`;
    let at = start + Math.floor(rnd() * span);
    const agent = pick(AGENTS);
    events.push({ lead, at, type: "created", actor: agent });
    let from = journey.path[0];
    const step = (to) => {
      at += 600_000 + Math.floor(rnd() * 2 * 86_400_000);
      events.push({ lead, at, type: "status", from, to, actor: agent });
      from = to;
    };
    for (let i = 1; i < journey.path.length; i++) {
      const r = rnd();
      if (r < 0.12) break;
      if (r < 0.3) {
        step(journey.lost);
        break;
      }
      if (journey.detour && from === journey.detour[0] && rnd() < 0.3) {
        step(journey.detour[1]);
        step(journey.detour[0]);
      }
      step(journey.path[i]);
      if (rnd() < 0.6) {
        at += 60_000 + Math.floor(rnd() * 3_600_000);
        events.push({ lead, at, type: "note", text: pick(NOTES), actor: pick(AGENTS) });
      }
    }
    // Real logs have glitches: now and then a move recorded from a stale status.
    if (rnd() < 0.001 && from !== journey.path[0]) events.push({ lead, at: at + 60_000, type: "status", from: journey.path[0], to: journey.lost, actor: agent });
  }
  events.length = count;
  return events;
}
