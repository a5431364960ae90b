// Every kind of JavaScript value at every argument of every entry point:
// each call answers or throws a RelanceError (never a trap, a TypeError or a
// RangeError), and the module keeps answering afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Workflow, RelanceError } from "../pkg/index.js";
import { kpis, EventLog } from "../pkg/analytics.js";
import { Handle } from "../pkg/relance.js";
import { Definition } from "../pkg/analytics_glue.js";

/** docs/SPEC.md §2: the only codes a RelanceError may carry. */
const CODES = new Set(["invalid_json", "invalid_workflow", "invalid_lead", "invalid_time", "invalid_input", "unknown_preset",
  "unknown_provider", "transition_denied", "note_denied", "limit_exceeded", "engine_error"]);

function deepArray(depth) {
  const root = [];
  let cur = root;
  for (let i = 0; i < depth; i++) cur.push((cur = []));
  return root;
}

function hostileValues() {
  const cyclic = { status: "new" };
  cyclic.self = cyclic;
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  class Lead {
    constructor() {
      this.status = "new";
    }
  }
  return {
    undefined: undefined,
    null: null,
    zero: 0,
    "negative zero": -0,
    fraction: 1.5,
    NaN: NaN,
    Infinity: Infinity,
    "-Infinity": -Infinity,
    "max safe integer": Number.MAX_SAFE_INTEGER,
    "empty string": "",
    string: "new",
    "lone surrogate": "\ud800",
    "long string": "x".repeat(100_000),
    true: true,
    false: false,
    BigInt: 10n,
    symbol: Symbol("s"),
    function: () => 1,
    "empty array": [],
    array: [1, [2, { a: 3 }]],
    "10,000-deep array": deepArray(10_000),
    "empty object": {},
    "lead-like object": { status: "new", id: 1 },
    "null-prototype object": Object.create(null),
    "class instance": new Lead(),
    proxy: new Proxy({ status: "new" }, {}),
    "throwing proxy": new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("keys"); } }),
    "revoked proxy": revoked.proxy,
    cycle: cyclic,
    date: new Date(Date.UTC(2026, 10, 22)),
    "invalid date": new Date(NaN),
    map: new Map([["a", 1]]),
    set: new Set([1]),
    "typed array": new Uint8Array([1, 2, 3]),
    "String object": new String("new"),
    "throwing toJSON": { toJSON() { throw new Error("toJSON"); } },
    "throwing getter": { get status() { throw new Error("getter"); } },
    "toJSON returning a symbol": { toJSON: () => Symbol("x") },
    "object with __proto__ key": JSON.parse('{"__proto__": {"status": "x"}, "status": "new"}'),
  };
}

const now = "2026-11-22T09:00:00Z";
const lead = { id: "L1", status: "new", name: "Ada" };
const ctx = { now, actor: { id: "op", roles: ["operator"] }, locale: "fr" };
const definition = Workflow.presetJson("remonline");

const relanceLead = { id: "R-1", name: "Camille", status: "relance", statusSince: "2026-11-20T09:00:00.000Z" };
const dueItem = { lead: "R-1", kind: "alert", timer: "relance-attention", alert: "needsAttention", dueAt: "2026-11-23T09:00:00.000Z" };
const events = [
  { lead: "R-1", at: "2026-11-02T09:00:00Z", type: "created", actor: "ana" },
  { lead: "R-1", at: "2026-11-03T09:00:00Z", type: "status", from: "new", to: "contacted", actor: "ana" },
  { lead: "R-1", at: "2026-11-03T09:05:00Z", type: "note", text: "pas intéressé", actor: "ana" },
];
const kpiOptions = { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", now: "2026-12-01T00:00:00Z", groupBy: ["agent", "day"] };
const oneleadLead = { id: "O-1", name: "Camille", status: "a_traiter", trackingNumber: "+33 1 00 00 00 00", phone: "+33 6 12 34 56 78" };

/** Each entry point with valid arguments, and the preset it runs on. */
const entries = [
  ["Workflow.fromJson", "remonline", (a) => Workflow.fromJson(...a), [definition]],
  ["Workflow.preset", "remonline", (a) => Workflow.preset(...a), ["remonline"]],
  ["Workflow.presetJson", "remonline", (a) => Workflow.presetJson(...a), ["remonline"]],
  ["Workflow.lintJson", "remonline", (a) => Workflow.lintJson(...a), [definition]],
  ["statuses", "remonline", (a, wf) => wf.statuses(...a), ["fr"]],
  ["toMermaid", "remonline", (a, wf) => wf.toMermaid(...a), ["fr"]],
  ["toDot", "remonline", (a, wf) => wf.toDot(...a), ["fr"]],
  ["check", "remonline", (a, wf) => wf.check(...a), [lead, "in_work", ctx]],
  ["options", "remonline", (a, wf) => wf.options(...a), [lead, ctx]],
  ["actions", "remonline", (a, wf) => wf.actions(...a), [lead, ctx]],
  ["apply", "remonline", (a, wf) => wf.apply(...a), [lead, "in_work", ctx]],
  ["validate", "remonline", (a, wf) => wf.validate(...a), [lead, ctx]],
  ["create", "leadflow", (a, wf) => wf.create(...a), [{ name: "Ada", lists: ["newsletter"] }, ctx]],
  ["deadlines", "relance", (a, wf) => wf.deadlines(...a), [relanceLead, ctx]],
  ["due", "relance", (a, wf) => wf.due(...a), [[relanceLead], { now: "2026-11-24T00:00:00Z" }]],
  ["fire", "relance", (a, wf) => wf.fire(...a), [relanceLead, dueItem, { now: "2026-11-24T00:00:00Z" }]],
  ["addNote", "leadflow", (a, wf) => wf.addNote(...a), [{ id: "F-1", name: "Ada", status: "new", lists: ["newsletter"] }, { template: "call-back", channel: "call" }, ctx]],
  ["noteTemplates", "leadflow", (a, wf) => wf.noteTemplates(...a), ["it"]],
  ["classify", "leadflow", (a, wf) => wf.classify(...a), ["pas intéressé", "fr"]],
  ["flowState", "leadflow", (a, wf) => wf.flowState(...a), [{ id: "F-1", status: "new", notesCount: 2 }]],
  ["queue", "onelead", (a, wf) => wf.queue(...a), [[oneleadLead], { ...ctx, search: "0612" }]],
  ["mapExternal", "onelead", (a, wf) => wf.mapExternal(...a), ["onelead", "In Routing", "fr"]],
  ["view", "onelead", (a, wf) => wf.view(...a), [oneleadLead, ctx]],
  ["queueOrder", "onelead", (a, wf) => wf.queueOrder(...a), [[oneleadLead], { ...ctx, search: "0612" }]],
  // relance/analytics: the definition is an argument too.
  ["kpis", "relance", (a) => kpis(...a), [Workflow.preset("relance"), events, kpiOptions]],
  ["EventLog", "relance", (a) => new EventLog(...a).free(), [Workflow.presetJson("relance")]],
  ["EventLog.push", "relance", (a, wf) => { const log = new EventLog(wf); try { log.push(...a); } finally { log.free(); } }, [events, { unknownTypes: "skip" }]],
  ["EventLog.report", "relance", (a, wf) => { const log = new EventLog(wf); try { log.push(events); return log.report(...a); } finally { log.free(); } }, [kpiOptions]],
  ["EventLog.merge", "relance", (a, wf) => { const log = new EventLog(wf); try { log.merge(...a); } finally { log.free(); } }, [new EventLog(Workflow.preset("relance"))]],
  ["EventLog.fromBytes", "relance", (a) => EventLog.fromBytes(...a).free(), [Workflow.preset("relance"), (() => { const l = new EventLog(Workflow.preset("relance")); l.push(events); return l.toBytes(); })()]],
];

function stillWorks(wf) {
  assert.equal(wf.check(lead, "in_work", ctx).allowed, true);
  const fresh = Workflow.preset("partner");
  assert.equal(fresh.statuses()[0].id, "pending");
  fresh.free();
}

test("every kind of value at every argument: a result or a RelanceError", () => {
  const workflows = Object.fromEntries(Workflow.presets().map((name) => [name, Workflow.preset(name)]));
  const values = hostileValues();
  let calls = 0;
  for (const [name, preset, call, good] of entries) {
    const wf = workflows[preset];
    assert.doesNotThrow(() => call(good, wf), `${name} with valid arguments`);
    for (let i = 0; i < good.length; i++) {
      for (const [kind, value] of Object.entries(values)) {
        const args = good.slice();
        args[i] = value;
        calls++;
        try {
          const r = call(args, wf);
          if (name === "Workflow.fromJson" || name === "Workflow.preset") r.free();
        } catch (e) {
          assert.ok(e instanceof RelanceError, `${name} argument ${i} = ${kind}: threw ${e?.name}: ${e?.message}`);
          assert.ok(CODES.has(e.code), `${name} / ${kind}: code ${e.code} is not one of docs/SPEC.md §2's`);
          assert.ok(Array.isArray(e.details) && e.details.length > 0, `${name} / ${kind}: details`);
        }
      }
      stillWorks(workflows.remonline);
    }
  }
  assert.ok(calls > 2000, `${calls} calls`);
});

test("lintJson never throws, whatever it is given", () => {
  for (const [kind, value] of Object.entries(hostileValues())) {
    const r = Workflow.lintJson(value);
    assert.ok(Array.isArray(r.errors) && Array.isArray(r.warnings), kind);
  }
});

test("a panic inside either engine is an engine_error, and every object keeps answering", () => {
  const before = Workflow.preset("partner");
  const remonline = Workflow.preset("remonline");
  const expected = JSON.stringify(before.actions({ status: "pending", partnerOrg: "acme" }, { actor: { id: "p", roles: ["partner"], org: "acme" } }));
  // More panics than the shadow stack could absorb if it were not restored after each.
  for (let i = 0; i < 5_000; i++) {
    assert.throws(() => Handle.__panic(), (e) => e instanceof RelanceError && e.code === "engine_error" && e.details[0].code === "panic");
    assert.throws(() => Definition.__panic(), (e) => e instanceof RelanceError && e.code === "engine_error" && e.details[0].code === "panic");
  }
  assert.equal(kpis(Workflow.preset("relance"), events, kpiOptions).leads, 1);
  assert.equal(JSON.stringify(before.actions({ status: "pending", partnerOrg: "acme" }, { actor: { id: "p", roles: ["partner"], org: "acme" } })), expected);
  stillWorks(remonline);
  before.free();
  remonline.free();
});
