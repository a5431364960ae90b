// Type-level tests of the package's declarations: `tsc` must accept this
// file (and reject the lines marked @ts-expect-error).
import { Workflow, RelanceError, type Decision, type Change, type Violation, type ErrorCode, type PresetName } from "relance";

const wf: Workflow = Workflow.preset("partner");
const names: PresetName[] = Workflow.presets();
const ctx = { actor: { id: "pat", roles: ["partner"], org: "acme" }, now: new Date(), locale: "fr" };
const lead = { id: "P-1", status: "pending", partnerOrg: "acme", custom: { deep: [1, 2] } };

const d: Decision = wf.check(lead, { action: "accept" }, ctx);
if (d.allowed) {
  const rule: string | null = d.rule.id; // a passing decision always names its rule
  void rule;
} else {
  const first: Violation | undefined = d.violations[0];
  const code: "no_transition" | "missing_field" | string | undefined = first?.code;
  void code;
}
const change: Change = wf.apply(lead, "accepted", ctx);
if (change.event.type === "status") {
  const from: string = change.event.from;
  void from;
}
for (const e of change.effects) {
  if ("emit" in e) void e.emit.toUpperCase();
  else if ("tagsAdded" in e) void e.tagsAdded.length;
}
for (const a of wf.actions(lead, ctx)) void [a.action, a.allowed, a.needs.join()];
for (const o of wf.options(lead, ctx)) void [o.status, o.label, o.allowed];
const report = Workflow.lintJson({ id: "w", statuses: [{ id: "a", category: "open", initial: true }] });
void report.errors.concat(report.warnings).map((p) => p.path);
void [wf.toMermaid("fr"), wf.toDot(), wf.statuses("en")[0]?.category, wf.validate({}), wf.lint(), names];

try {
  Workflow.fromJson("{");
} catch (e) {
  if (e instanceof RelanceError) {
    const code: ErrorCode = e.code;
    void code;
  }
}
{
  using disposable = Workflow.preset("relance");
  void disposable.id;
}
wf.free();

// @ts-expect-error: unknown preset names are a type error
Workflow.preset("salesforce");
// @ts-expect-error: a lead needs a status
wf.check({ id: "x" }, "accepted");
// @ts-expect-error: categories are a closed set
Workflow.fromJson({ id: "w", statuses: [{ id: "a", category: "pending" }] });

// Timers, operators and KPIs.
import { type DueItem, type QueueItem, type Deadline, type Outcome, type FlowState, type ProblemCode } from "relance";
import { kpis, EventLog, Partial, RelanceError as AnalyticsError, type Report, type Warning } from "relance/analytics";
const deadlines: Deadline[] = wf.deadlines(lead, ctx);
void deadlines[0]?.remainingMs.toFixed();
for (const item of wf.due([lead], ctx) as DueItem[]) {
  if (item.kind === "move") void item.to.toUpperCase();
  else if (item.kind === "alert") void item.alert.toUpperCase();
  // @ts-expect-error a tags item names no timer
  else void item.timer;
  const fired = wf.fire(lead, item, ctx);
  if (fired.event !== null) void fired.event.from;
}
const created = wf.create({ id: "P-2" }, ctx);
void created.event.status;
const noted = wf.addNote(lead, { template: "call-back", channel: "call" }, ctx);
const outcome: Outcome = noted.event.outcome;
const flow: FlowState = wf.flowState(lead);
void [outcome, flow, wf.classify("pas intéressé", "fr")];
// @ts-expect-error an outcome is one of four words
wf.addNote(lead, { outcome: "great" }, ctx);
for (const q of wf.queue([lead], { ...ctx, search: "06 12", limit: 10 }) as QueueItem<typeof lead>[]) {
  if (q.reason === "overdue") void q.dueAt.toUpperCase();
  void q.lead.custom.deep; // the caller's own lead objects, typed as given
}
for (const p of wf.queueOrder([lead], ctx)) void p.index.toFixed();
void wf.mapExternal("onelead", "In Routing", "fr").known;
// relance/analytics: a definition is a Workflow, an object or JSON text.
const r: Report = kpis(wf, [{ lead: "L1", at: new Date(), type: "created" }], { groupBy: ["agent"], unknownTypes: "skip" });
void [r.rates.win, r.funnel[0]?.reached, r.byAgent["ana"]?.winRate];
void kpis(Workflow.presetJson("relance"), "[]").leads;
for (const w of r.warnings as Warning[]) {
  if (w.code === "unknown_type") void w.count.toFixed();
  else void w.message.length;
}
// @ts-expect-error groupBy lists agent, hour, weekday, day
kpis(wf, "[]", { groupBy: ["month"] });
// @ts-expect-error unknownTypes is error or skip
kpis(wf, "[]", { unknownTypes: "ignore" });
const log = new EventLog(wf).push("[]", { unknownTypes: "skip" });
const again: EventLog = EventLog.fromBytes(wf, log.toBytes()).merge(log);
void again.report({ from: "2026-11-01T00:00:00Z" }).leads;
const part: Partial = again.partial({ groupBy: ["day"] });
void Partial.fromBytes(wf, part.toBytes()).merge(part).report().byDay;
again.free();
const problem: ProblemCode = "unknown_key";
void problem;
try {
  kpis("{", []);
} catch (e) {
  // One error class for both entry points.
  if (e instanceof AnalyticsError && e instanceof RelanceError) void e.code;
}
