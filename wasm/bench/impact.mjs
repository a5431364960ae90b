// The impact of a rule change over a million events through the package
// (`relance/analytics`), against `kpis` over the same events, in the same
// process: medians of alternating rounds. The target (docs/SPEC.md §9):
// impact in the same order of time as kpis over the events twice.
// Run: node wasm/bench/impact.mjs [events, default 1000000] [rounds, default 5]
import { Workflow } from "../pkg/index.js";
import { impact, kpis } from "../pkg/analytics.js";
import { generate } from "./events.mjs";

const n = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const current = Workflow.preset("relance");
// The change: Contacted may no longer go straight to Closed Lost, and
// Qualified needs a budget (a field the history does not carry).
const def = Workflow.presetJson("relance");
const next = JSON.parse(JSON.stringify(def));
next.statuses.find((s) => s.id === "qualified").require = ["budget"];
next.transitions = next.transitions.filter((t) => !(t.from === "contacted" && String(t.to).includes("closed_lost")));

console.log(`generating ${n} events…`);
const events = generate(n);
const text = JSON.stringify(events);
const input = { now: "2027-01-15T00:00:00Z", events: text, actors: { ana: { roles: ["agent"] }, bob: { roles: ["agent"] } } };
const r = impact(current, next, input);
console.log(`${r.history.moves} moves replayed: ${r.history.refused} refused, ${r.history.undecided} undecided`);

const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const sides = { impact: () => impact(current, next, input), kpis: () => kpis(current, text, {}) };
const runs = { impact: [], kpis: [] };
for (let i = 0; i < rounds; i++) for (const k of i % 2 ? ["kpis", "impact"] : ["impact", "kpis"]) runs[k].push(time(sides[k]));
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const m = { impact: median(runs.impact), kpis: median(runs.kpis) };
console.log(`impact  median ${m.impact.toFixed(0).padStart(6)} ms`);
console.log(`kpis    median ${m.kpis.toFixed(0).padStart(6)} ms`);
console.log(`impact / kpis: ${(m.impact / m.kpis).toFixed(2)}× (events as JSON text, ${rounds} alternating rounds)`);
