// The KPI report, the EventLog and partial reports through `relance/analytics`:
// every input path gives the same report, logs and partials merge and move
// as bytes, and bad bytes or state of another workflow are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Workflow, RelanceError } from "../pkg/index.js";
import { kpis, EventLog, Partial } from "../pkg/analytics.js";

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
  const fromObjects = kpis(wf, ev, options);
  assert.equal(fromObjects.leads, 200);
  const json = JSON.stringify(ev);
  const ndjson = ev.map((e) => JSON.stringify(e)).join("\n");
  assert.deepEqual(kpis(wf, json, options), fromObjects);
  assert.deepEqual(kpis(wf, ndjson, options), fromObjects);
  assert.deepEqual(kpis(wf, new TextEncoder().encode(ndjson), options), fromObjects);
  assert.deepEqual(kpis(wf, ev.map((e) => ({ ...e, at: new Date(e.at) })), options), fromObjects, "Dates are times");
});

test("an EventLog fed in batches, split by lead across logs moved as bytes, reports the same", () => {
  const ev = events(300);
  const single = kpis(wf, ev, options);
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
  assert.equal(kpis(wf, text, options).leads, 3);
});

test("a log cannot merge into itself", () => {
  const log = new EventLog(wf);
  log.push(events(3));
  assert.throws(() => log.merge(log), (e) => e instanceof RelanceError && e.code === "invalid_input");
  assert.equal(log.size, events(3).length);
  log.free();
});

test("a definition is a Workflow, an object or JSON text, however formatted: the same report", () => {
  const ev = events(50);
  const single = kpis(wf, ev, options);
  const def = Workflow.presetJson("relance");
  assert.deepEqual(kpis(def, ev, options), single);
  assert.deepEqual(kpis(JSON.stringify(def, null, 2), ev, options), single);
  const reordered = Object.fromEntries(Object.entries(def).reverse());
  assert.deepEqual(kpis(reordered, ev, options), single);
  assert.throws(() => kpis({ id: "w", statuses: [] }, ev), (e) => e instanceof RelanceError && e.code === "invalid_workflow");
  const freed = Workflow.preset("relance");
  freed.free();
  assert.throws(() => kpis(freed, ev), (e) => e.code === "invalid_input" && e.details[0].code === "freed");
});

test("unknownTypes: calls and emails refuse a batch by default, are skipped and counted with skip", () => {
  const ev = [...events(3), { lead: "L0", at: "2026-11-05T10:00:00Z", type: "call", actor: "ana" }, { type: "email" }, { type: "call" }];
  assert.throws(() => kpis(wf, ev, options), (e) => e.code === "invalid_input" && e.details[0].path === "/9/type");
  const skipped = kpis(wf, ev, { ...options, unknownTypes: "skip" });
  assert.deepEqual(skipped.warnings.slice(0, 2), [{ code: "unknown_type", type: "call", count: 2 }, { code: "unknown_type", type: "email", count: 1 }]);
  assert.equal(skipped.leads, 3);
  const log = new EventLog(wf);
  assert.throws(() => log.push(ev), (e) => e.code === "invalid_input");
  log.push(ev, { unknownTypes: "skip" }).push([{ type: "call" }], { unknownTypes: "skip" });
  assert.deepEqual(log.report(options).warnings[0], { code: "unknown_type", type: "call", count: 3 });
  assert.deepEqual(EventLog.fromBytes(wf, log.toBytes()).report(options).warnings[0], { code: "unknown_type", type: "call", count: 3 });
  log.free();
});

test("partials of logs split by lead merge, through bytes, into the one-pass report", () => {
  const ev = events(240);
  const single = kpis(wf, ev, options);
  const parts = [new EventLog(wf), new EventLog(wf), new EventLog(wf), new EventLog(wf)];
  for (const e of ev) parts[Number(e.lead.slice(1)) % 4].push([e]);
  const partials = parts.map((p) => Partial.fromBytes(wf, p.partial(options).toBytes()));
  const merged = partials[3].merge(partials[1]).merge(partials[0]).merge(partials[2]);
  assert.deepEqual(merged.report(), single);
  const other = parts[0].partial({ ...options, groupBy: ["agent"] });
  assert.throws(() => partials[0].merge(other), (e) => e.code === "invalid_input" && e.details[0].code === "other_options");
  assert.throws(() => partials[0].merge(partials[0]), (e) => e.code === "invalid_input");
  assert.throws(() => Partial.fromBytes(Workflow.preset("partner"), other.toBytes()), (e) => e.details[0].code === "other_workflow");
  for (const x of [...parts, ...partials, other]) x.free();
});

test("every flipped bit and every cut of a log's or a partial's bytes is refused", () => {
  const log = new EventLog(wf).push(events(2));
  for (const [bytes, read] of [[log.toBytes(), (b) => EventLog.fromBytes(wf, b)], [log.partial(options).toBytes(), (b) => Partial.fromBytes(wf, b)]]) {
    for (let i = 0; i < bytes.length; i++) {
      const flipped = bytes.slice();
      flipped[i] ^= 1 << (i % 8);
      assert.throws(() => read(flipped), (e) => e.code === "invalid_input" && e.details[0].code === "invalid_bytes", `byte ${i}`);
      assert.throws(() => read(bytes.slice(0, i)), (e) => e.code === "invalid_input", `cut at ${i}`);
    }
  }
  log.free();
});
