// The bulk operations through the package, on the input of the native
// criterion bench (core/benches/bulk.rs): `due` and `queue` over 100,000
// leads with three timers each (one counted in business hours of a
// Europe/Paris calendar), the leads given as an array of objects and as
// JSON text (what a server read from its store). The baseline, measured in
// the same process, is a JSON round trip of the same leads
// (JSON.parse(JSON.stringify(leads))): what reading the input costs.
// Run: node wasm/bench/bulk.mjs [leads, default 100000]   (after the build)
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

/** Median milliseconds of `f` over 7 runs, after one warm-up run. */
function time(f) {
  f();
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[3];
}

const base = time(() => JSON.parse(JSON.stringify(leads)));
const rows = [
  ["JSON round trip of the leads (baseline)", base],
  ["due: leads as objects", time(() => wf.due(leads, ctx))],
  ["due: leads as JSON text", time(() => wf.due(text, ctx))],
  ["queue: phone search, limit 50 (objects)", time(() => wf.queue(leads, search))],
  ["queue: phone search, limit 50 (JSON text)", time(() => wf.queue(text, search))],
  ["queue: full order (objects)", time(() => wf.queue(leads, ctx))],
  ["queue: full order (JSON text)", time(() => wf.queue(text, ctx))],
];
console.log(`${n} leads, ${(text.length / 1e6).toFixed(1)} MB of JSON; ${wf.due(leads, ctx).length} due items`);
for (const [what, ms] of rows) {
  console.log(`${what.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(1).padStart(5)}× the round trip`);
}
