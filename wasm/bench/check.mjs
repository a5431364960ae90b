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

function time(label, n, f) {
  for (let i = 0; i < n / 10; i++) f(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${label.padEnd(44)} ${(ns / 1000).toFixed(2).padStart(7)} µs/op  ${(1e9 / ns / 1000).toFixed(0).padStart(6)} k/s`);
  return ns;
}

if (!wf.check(lead, { action: "accept" }, ctx).allowed) throw new Error("relance refused the move");
if (getNextSnapshot(machine, snapshot, event).value !== "accepted") throw new Error("xstate refused the move");
const n = Number(process.argv[2] ?? 200_000);
const x = time("xstate getNextSnapshot (baseline)", n, () => getNextSnapshot(machine, snapshot, event));
const r = time("relance wf.check through wasm", n, () => wf.check(lead, { action: "accept" }, ctx));
console.log(`ratio: relance is ${(x / r).toFixed(2)}x the speed of xstate`);
