// check through wasm (the npm package) against XState 5's pure
// getNextSnapshot on the same guarded move, in the same process.
// Run: node wasm/bench/check.mjs   (after the build)
import { Workflow } from "../pkg/index.js";
import { createMachine, getNextSnapshot } from "xstate";

const wf = Workflow.preset("partner");
const lead = { id: "P-1", status: "pending", partnerOrg: "acme", name: "Acme deal" };
const ctx = { actor: { id: "pat", roles: ["partner"], org: "acme" }, now: "2026-11-22T09:00:00Z" };

// The same rule in XState: pending --ACCEPT--> accepted, guarded by role and organisation.
const machine = createMachine({
  id: "partner",
  initial: "pending",
  context: { partnerOrg: "acme" },
  states: {
    pending: { on: { ACCEPT: { target: "accepted", guard: ({ context, event }) => event.actor.roles.includes("partner") && context.partnerOrg != null && event.actor.org === context.partnerOrg } } },
    accepted: {},
  },
});
const snapshot = machine.resolveState({ value: "pending", context: { partnerOrg: "acme" } });
const event = { type: "ACCEPT", actor: ctx.actor };

/** Nanoseconds per call of `f`, over `n` calls. */
function run(n, f) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / n;
}

if (!wf.check(lead, { action: "accept" }, ctx).allowed) throw new Error("relance refused the move");
if (getNextSnapshot(machine, snapshot, event).value !== "accepted") throw new Error("xstate refused the move");
const xstate = () => getNextSnapshot(machine, snapshot, event);
const relance = () => wf.check(lead, { action: "accept" }, ctx);
const n = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 9);
run(n, xstate); // warm-up: both JITs settle before measuring
run(n, relance);
const xs = [];
const rs = [];
for (let r = 0; r < rounds; r++) {
  // alternate the order, so neither side always runs after the other's garbage
  if (r % 2 === 0) {
    xs.push(run(n, xstate));
    rs.push(run(n, relance));
  } else {
    rs.push(run(n, relance));
    xs.push(run(n, xstate));
  }
}
const median = (a) => a.sort((p, q) => p - q)[a.length >> 1];
const report = (label, ns) => console.log(`${label.padEnd(40)} median ${(ns / 1000).toFixed(2).padStart(6)} µs/op  ${(1e9 / ns / 1000).toFixed(0).padStart(5)} k/s`);
const x = median(xs);
const r = median(rs);
report("xstate getNextSnapshot (baseline)", x);
report("relance wf.check through wasm", r);
console.log(`ratio: relance is ${(x / r).toFixed(2)}x the speed of xstate (${rounds} alternating rounds of ${n} calls)`);
