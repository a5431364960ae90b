// `check` through the package, against the boundary's own floor and XState
// 5, in the same process, medians of alternating rounds.
//
// - floor: the same lead, target and context converted to JSON text and
//   copied into wasm memory exactly as `wf.check` does, and a reply of the
//   same text as check's crossing back and parsed, with no rule evaluated
//   (the hidden export `Handle.__floor`);
// - relance: `wf.check(lead, {action: "accept"}, ctx)`;
// - XState: `getNextSnapshot` on the same guarded move (role and organisation).
//
// Run: node wasm/bench/check.mjs [calls per round, default 50000] [rounds, default 9]
import { Workflow } from "../pkg/index.js";
import { Handle } from "../pkg/relance.js";
import { arg } from "../pkg/boundary.js";
import { createMachine, getNextSnapshot } from "xstate";

const wf = Workflow.preset("partner");
const lead = { id: "P-1", status: "pending", partnerOrg: "acme", name: "Acme deal" };
const to = { action: "accept" };
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

// The floor: a handle answering check's own reply text without evaluating anything.
const floorHandle = Handle.preset('"partner"');
Handle.__setFloorReply(JSON.stringify(wf.check(lead, to, ctx)));
const floor = () => JSON.parse(floorHandle.__floor(arg(lead), arg(to), arg(ctx)));

/** Nanoseconds per call of `f`, over `n` calls. */
function run(n, f) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t0) / n;
}

if (!wf.check(lead, to, ctx).allowed) throw new Error("relance refused the move");
if (getNextSnapshot(machine, snapshot, event).value !== "accepted") throw new Error("xstate refused the move");
if (JSON.stringify(floor()) !== JSON.stringify(wf.check(lead, to, ctx))) throw new Error("the floor's reply differs");
const sides = {
  floor,
  relance: () => wf.check(lead, to, ctx),
  xstate: () => getNextSnapshot(machine, snapshot, event),
};
const n = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 9);
for (const f of Object.values(sides)) run(n, f); // warm-up: the JITs settle before measuring
const times = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
const names = Object.keys(sides);
for (let r = 0; r < rounds; r++) {
  // Rotate the order, so no side always runs after another's garbage.
  for (let i = 0; i < names.length; i++) {
    const k = names[(r + i) % names.length];
    times[k].push(run(n, sides[k]));
  }
}
const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
const m = Object.fromEntries(names.map((k) => [k, median(times[k])]));
const label = { floor: "boundary floor (JSON in, same reply out)", relance: "relance wf.check", xstate: "xstate getNextSnapshot" };
for (const k of names) console.log(`${label[k].padEnd(42)} median ${(m[k] / 1000).toFixed(2).padStart(6)} µs/op  ${(1e9 / m[k] / 1000).toFixed(0).padStart(5)} k/s`);
console.log(`relance / floor: ${(m.relance / m.floor).toFixed(2)}×   relance / xstate: ${(m.relance / m.xstate).toFixed(2)}×   (${rounds} rotating rounds of ${n} calls)`);
