// The bulk operations through the package, on the input of the native
// criterion bench (core/benches/bulk.rs): `due` and `queue` over 100,000
// leads with three timers each (one counted in business hours of a
// Europe/Paris calendar), the leads given as an array of objects and as
// JSON text (what a server read from its store). The baseline, measured in
// the same process, is a JSON round trip of the same leads
// (JSON.parse(JSON.stringify(leads))): what reading the input costs.
// Run: node wasm/bench/bulk.mjs [leads, default 100000] [rounds, default 7]   (after the build)
import { Workflow } from "../pkg/index.js";

const n = Number(process.argv[2] ?? 100_000);

const wf = Workflow.fromJson({
  id: "bench",
  timezone: "Europe/Paris",
  statuses: [
    { id: "new", category: "open", initial: true },
    { id: "working", category: "open" },
    { id: "won", category: "won" },
    { id: "lost", category: "lost" },
  ],
  transitions: [{ from: "*", to: ["working", "won", "lost"] }],
  calendars: {
    office: { week: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, ["09:00-18:00"]])) },
  },
  timers: [
    { id: "callback", status: "*", after: "2h", since: "createdAt", metBy: "calledAt", calendar: "office" },
    { id: "attention", status: "working", after: "72h", then: { alert: "attention", addTags: ["late"] } },
    { id: "expiry", status: "*", deadlineField: "expiresAt", then: { moveTo: "lost" } },
  ],
  tagRules: [{ when: 'sla("callback") == "breached"', add: ["not-called"] }],
});

const two = (v) => String(v).padStart(2, "0");
const leads = Array.from({ length: n }, (_, i) => {
  const day = two(1 + (i % 28));
  return {
    id: `L${i}`,
    name: `Lead ${i} Dupont`,
    email: `l${i}@example.fr`,
    phone: `+33 6 ${two(i % 100)} ${two(Math.floor(i / 100) % 100)} ${two(Math.floor(i / 10_000) % 100)} ${two(i % 97)}`,
    status: ["new", "working"][i % 2],
    createdAt: `2026-11-${day}T09:00:00Z`,
    statusSince: `2026-11-${day}T10:00:00Z`,
    expiresAt: `2026-12-${day}T00:00:00Z`,
    notesCount: i % 3,
  };
});
const text = JSON.stringify(leads);
const ctx = { now: "2026-11-20T12:00:00Z", actor: { id: "op1", roles: ["operator"] } };
const search = { ...ctx, search: "06 12 34", limit: 50 };

const sides = {
  "JSON round trip of the leads (baseline)": () => JSON.parse(JSON.stringify(leads)),
  "due: leads as objects": () => wf.due(leads, ctx),
  "due: leads as JSON text": () => wf.due(text, ctx),
  "queue: phone search, limit 50 (objects)": () => wf.queue(leads, search),
  "queue: phone search, limit 50 (JSON text)": () => wf.queue(text, search),
  "queue: full order (objects)": () => wf.queue(leads, ctx),
  "queue: full order (JSON text)": () => wf.queue(text, ctx),
};
// Alternating rounds (the order rotates), medians: every side sees the same
// machine and the same garbage collector.
const rounds = Number(process.argv[3] ?? 7);
const names = Object.keys(sides);
const runs = Object.fromEntries(names.map((k) => [k, []]));
for (const f of Object.values(sides)) f(); // warm-up
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < names.length; i++) {
    const k = names[(r + i) % names.length];
    const t0 = performance.now();
    sides[k]();
    runs[k].push(performance.now() - t0);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const base = median(runs[names[0]]);
console.log(`${n} leads, ${(text.length / 1e6).toFixed(1)} MB of JSON; ${wf.due(leads, ctx).length} due items; medians of ${rounds} rotating rounds`);
for (const k of names) {
  const ms = median(runs[k]);
  console.log(`${k.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(1).padStart(5)}× the round trip`);
}
