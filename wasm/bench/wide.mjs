// Cost on wide input, through the package: each entry point on a lead, a
// context or a definition of 1k, 10k and 100k keys (statuses up to 50k: a
// definition is at most 4 MiB; tags, alertsFired keys, leads of a list,
// events of a log), as a
// ratio to a JSON round trip of the same value (JSON.parse(JSON.stringify(v)))
// measured in the same process. Linear entries keep the ratio flat.
// Run: node wasm/bench/wide.mjs [sizes...]   (after the build)
import { Workflow } from "../pkg/index.js";
import { impact, kpis } from "../pkg/analytics.js";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ns = sizes.length ? sizes : [1_000, 10_000, 100_000];

/** Median milliseconds of `f` over enough runs to take about `budget` ms. */
function time(f, budget = 300) {
  f();
  const runs = [];
  const start = performance.now();
  while (runs.length < 3 || (performance.now() - start < budget && runs.length < 50)) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1];
}

const roundTrip = (v) => () => JSON.parse(JSON.stringify(v));

function wideLead(n) {
  const lead = { id: "P-1", status: "pending", partnerOrg: "acme" };
  for (let i = 0; i < n; i++) lead[`field${i}`] = `value ${i}`;
  return lead;
}

function chain(n) {
  const statuses = [];
  const transitions = [];
  for (let i = 0; i < n; i++) {
    statuses.push({ id: `s${i}`, category: i === n - 1 ? "won" : "open", group: `g${i % 100}`, initial: i === 0 });
    if (i > 0) transitions.push({ from: `s${i - 1}`, to: `s${i}`, when: "has(lead.x) || true" });
  }
  transitions.push({ id: "close", from: "*", to: `s${n - 1}` });
  transitions.push({ from: "group:g1", to: "group:g2" });
  return { id: "chain", statuses, transitions };
}

const partner = Workflow.preset("partner");
const relance = Workflow.preset("relance");
const leadflow = Workflow.preset("leadflow");
const actor = { id: "pat", roles: ["partner"], org: "acme" };
const now = "2026-11-22T09:00:00Z";
const tagged = Workflow.fromJson({
  id: "tags",
  statuses: [
    { id: "a", category: "open", initial: true },
    { id: "b", category: "open" },
  ],
  transitions: [{ from: "a", to: "b", effects: [{ addTags: ["new-tag"] }, { removeTags: ["t5"] }] }],
  tagRules: [{ when: "hasTag('t7')", add: ["seven"] }],
});

const rows = [];
const row = (what, n, base, ms) => rows.push({ what, n, "round trip ms": base.toFixed(2), "call ms": ms.toFixed(2), ratio: (ms / base).toFixed(1) });

for (const n of ns) {
  const lead = wideLead(n);
  const base = time(roundTrip(lead));
  const ctx = { actor, now };
  row("check (wide lead)", n, base, time(() => partner.check(lead, { action: "accept" }, ctx)));
  row("apply (wide lead)", n, base, time(() => partner.apply(lead, { action: "accept" }, ctx)));
  row("options (wide lead)", n, base, time(() => partner.options(lead, ctx)));
  row("actions (wide lead)", n, base, time(() => partner.actions(lead, ctx)));
  row("validate (wide lead)", n, base, time(() => partner.validate(lead, ctx)));

  const wideCtx = { actor, now, input: {} };
  for (let i = 0; i < n; i++) {
    wideCtx[`extra${i}`] = i;
    wideCtx.input[`in${i}`] = `v${i}`;
  }
  const small = { id: "P-1", status: "pending", partnerOrg: "acme" };
  row("check (wide context)", n, time(roundTrip(wideCtx)), time(() => partner.check(small, { action: "accept" }, wideCtx)));

  const tags = { id: "T", status: "a", tags: Array.from({ length: n }, (_, i) => `t${i}`) };
  row("apply (tags)", n, time(roundTrip(tags)), time(() => tagged.apply(tags, "b", { now })));

  const fired = { id: "R-1", status: "relance", statusSince: now, alertsFired: Object.fromEntries(Array.from({ length: n }, (_, i) => [`gone${i}`, now])) };
  row("apply (alertsFired keys)", n, time(roundTrip(fired)), time(() => relance.apply(fired, "qualified", { now })));

  const leads = Array.from({ length: n }, (_, i) => ({ id: `L${i}`, name: `Lead ${i}`, phone: `+33 6 ${String(i).padStart(8, "0")}`, status: i % 2 ? "relance" : "new", statusSince: "2026-11-18T09:00:00Z", lists: ["newsletter"] }));
  const leadsBase = time(roundTrip(leads));
  row("due (leads)", n, leadsBase, time(() => relance.due(leads, { now })));
  row("queue (leads, search)", n, leadsBase, time(() => leadflow.queue(leads, { now, actor: { id: "op", roles: ["operator"] }, search: "06 00 00" })));

  const events = leads.flatMap((l) => [
    { lead: l.id, at: "2026-11-02T09:00:00Z", type: "created", actor: "ana" },
    { lead: l.id, at: "2026-11-03T09:00:00Z", type: "status", from: "new", to: "contacted", actor: "ana" },
  ]);
  row("kpis (events)", 2 * n, time(roundTrip(events)), time(() => kpis(relance, events, { now })));

  // A history of n moves by n actors, all listed: each move finds its actor by id.
  const moves = leads.map((l, i) => ({ lead: l.id, at: "2026-11-03T09:00:00Z", type: "status", from: "new", to: "contacted", actor: `a${i}` }));
  const actors = Object.fromEntries(leads.map((_, i) => [`a${i}`, { roles: ["sales"], org: "acme" }]));
  row("impact (moves, actors)", n, time(roundTrip({ moves, actors })), time(() => impact(relance, relance, { now, events: moves, actors })));

  if (n <= 50_000) {
    const def = chain(n);
    const defBase = time(roundTrip(def));
    const text = JSON.stringify(def);
    row("fromJson (statuses)", n, defBase, time(() => Workflow.fromJson(text).free()));
    row("lintJson (statuses)", n, defBase, time(() => Workflow.lintJson(text)));
    const wf = Workflow.fromJson(text);
    const first = { id: "C", status: "s0" };
    // Its answer lists every status: compare with a round trip of the answer.
    row("options (statuses)", n, time(roundTrip(wf.options(first, {}))), time(() => wf.options(first, {})));
    wf.free();
  }
}
console.table(rows);
