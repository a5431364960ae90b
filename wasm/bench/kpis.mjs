// The KPI report through the package against a good plain-JavaScript report
// of the same figures (kpis-js.mjs), in the same process: from the same
// array of objects, and from the same JSON text. Checks that both give the
// same report, then prints medians and ratios (below 1: the package is faster).
// Run: node wasm/bench/kpis.mjs [events, default 1000000] [rounds, default 5]
import { Workflow } from "../pkg/index.js";
import { kpis } from "../pkg/analytics.js";
import { jsReport } from "./kpis-js.mjs";
import { generate } from "./events.mjs";
import assert from "node:assert/strict";

const n = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);
const wf = Workflow.preset("relance");
const definition = Workflow.presetJson("relance");
const options = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", now: "2027-01-15T00:00:00Z", groupBy: ["agent", "hour", "weekday", "day"] };

function time(f) {
  const t0 = performance.now();
  const r = f();
  return [performance.now() - t0, r];
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

console.log(`generating ${n} events…`);
const events = generate(n);
const text = JSON.stringify(events);
console.log(`${(text.length / 1e6).toFixed(0)} MB of JSON`);

const [, wasmReport] = time(() => kpis(wf, events, options));
const [, jsRep] = time(() => jsReport(definition, events, options));
assert.equal(canonical(wasmReport), canonical(jsRep), "the package and the JavaScript report agree");
assert.equal(canonical(kpis(wf, text, options)), canonical(wasmReport), "JSON text gives the same report");
console.log(`reports agree: ${wasmReport.leads} cohort leads, ${wasmReport.notes.logged} notes, ${wasmReport.warnings.length} warnings`);

const runs = { wasmObjects: [], jsObjects: [], wasmText: [], jsText: [] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? ["jsObjects", "wasmObjects", "jsText", "wasmText"] : ["wasmObjects", "jsObjects", "wasmText", "jsText"];
  for (const k of order) {
    const f = {
      wasmObjects: () => kpis(wf, events, options),
      jsObjects: () => jsReport(definition, events, options),
      wasmText: () => kpis(wf, text, options),
      jsText: () => jsReport(definition, JSON.parse(text), options),
    }[k];
    runs[k].push(time(f)[0]);
  }
}
const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
for (const [k, v] of Object.entries(m)) console.log(`${k.padEnd(12)} median ${v.toFixed(0).padStart(6)} ms`);
console.log(`ratio from objects:   ${(m.wasmObjects / m.jsObjects).toFixed(2)} (package / JavaScript)`);
console.log(`ratio from JSON text: ${(m.wasmText / m.jsText).toFixed(2)} (package / JavaScript)`);
