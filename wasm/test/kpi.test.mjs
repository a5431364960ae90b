// The KPI report and the EventLog through the package: every input path
// gives the same report, logs merge and move as bytes, and bad bytes or
// logs of another workflow are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Workflow, EventLog, RelanceError } from "../pkg/index.js";

const wf = Workflow.preset("relance");
const options = { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", now: "2026-12-01T00:00:00Z", groupBy: ["agent", "hour", "weekday", "day"] };

/** A deterministic event log: `n` leads walking the relance pipeline. */
function events(n) {
  const steps = ["new", "contacted", "relance", "qualified", "proposal", "negotiation", "closed_won"];
  const out = [];
  let t = Date.UTC(2026, 10, 1, 8);
  for (let i = 0; i < n; i++) {
    const lead = `L${i}`;
    out.push({ lead, at: new Date(t).toISOString(), type: "created", actor: "ana" });
    const depth = i % steps.length;
    for (let s = 1; s <= depth; s++) {
      t += 3_600_000;
      out.push({ lead, at: new Date(t).toISOString(), type: "status", from: steps[s - 1], to: steps[s], actor: i % 2 ? "ana" : "bob" });
    }
    out.push({ lead, at: t + 60_000, type: "note", text: i % 3 ? "pas intéressé" : "very interested", actor: "cyd" });
    t += 1_800_000;
  }
  return out;
}

test("objects, JSON text, NDJSON and bytes give the same report", () => {
  const ev = events(200);
  const fromObjects = wf.kpis(ev, options);
  assert.equal(fromObjects.leads, 200);
  const json = JSON.stringify(ev);
  const ndjson = ev.map((e) => JSON.stringify(e)).join("\n");
  assert.deepEqual(wf.kpis(json, options), fromObjects);
  assert.deepEqual(wf.kpis(ndjson, options), fromObjects);
  assert.deepEqual(wf.kpis(new TextEncoder().encode(ndjson), options), fromObjects);
  assert.deepEqual(wf.kpis(ev.map((e) => ({ ...e, at: new Date(e.at) })), options), fromObjects, "Dates are times");
});

test("an EventLog fed in batches, split by lead across logs moved as bytes, reports the same", () => {
  const ev = events(300);
  const single = wf.kpis(ev, options);
  const parts = [new EventLog(wf), new EventLog(wf), new EventLog(wf)];
  for (let i = 0; i < ev.length; i += 37) {
    for (const e of ev.slice(i, i + 37)) parts[Number(e.lead.slice(1)) % 3].push([e]);
  }
  const merged = new EventLog(wf);
  for (const p of parts) merged.merge(EventLog.fromBytes(wf, p.toBytes()));
  assert.equal(merged.size, ev.length);
  assert.deepEqual(merged.report(options), single);
  for (const log of [merged, ...parts]) log.free();
});

test("a bad batch changes nothing; bad bytes and other workflows are refused", () => {
  const log = new EventLog(wf).push(events(5));
  const before = log.size;
  assert.throws(() => log.push([events(1)[0], { lead: "X", at: "soon", type: "note" }]), (e) => e instanceof RelanceError && e.details[0].path === "/1/at");
  assert.equal(log.size, before, "the whole batch is refused");
  const bytes = log.toBytes();
  for (const bad of [bytes.slice(0, bytes.length - 1), new Uint8Array([1, 2, 3]), Object.assign(bytes.slice(), { 20: 255 })]) {
    assert.throws(() => EventLog.fromBytes(wf, bad), (e) => e instanceof RelanceError && e.code === "invalid_input");
  }
  const other = Workflow.preset("partner");
  assert.throws(() => EventLog.fromBytes(other, bytes), (e) => e.code === "invalid_input" && e.details[0].code === "other_workflow");
  assert.throws(() => new EventLog(other).merge(log), (e) => e.code === "invalid_input" && e.details[0].code === "other_workflow");
  assert.throws(() => EventLog.fromBytes(wf, [1, 2]), (e) => e.code === "invalid_input");
  const same = Workflow.fromJson(JSON.stringify(Workflow.presetJson("relance"), null, 2));
  assert.equal(EventLog.fromBytes(same, bytes).size, before, "one definition, whatever its whitespace and key order");
  log.free();
});

test("lead ids as JSON values: big integers in JSON text stay distinct, as natively", () => {
  const created = (lead) => `{"lead": ${lead}, "at": "2026-11-02T09:00:00Z", "type": "created"}`;
  const text = `[${created("1234567890123456789")}, ${created("1234567890123456788")}, ${created('"L\\u0031"')}, ${created('"L1"')}]`;
  assert.equal(wf.kpis(text, options).leads, 3);
});

test("a log cannot merge into itself", () => {
  const log = new EventLog(wf);
  log.push(events(3));
  assert.throws(() => log.merge(log), (e) => e instanceof RelanceError && e.code === "invalid_input");
  assert.equal(log.size, events(3).length);
  log.free();
});
