// Every kind of JavaScript value at every argument of every entry point:
// each call answers or throws a RelanceError (never a trap, a TypeError or a
// RangeError), and the module keeps answering afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Workflow, RelanceError } from "../pkg/index.js";
import { Handle } from "../pkg/relance.js";

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

/** Each entry point with valid arguments. */
const entries = [
  ["Workflow.fromJson", (a) => Workflow.fromJson(...a), [definition]],
  ["Workflow.preset", (a) => Workflow.preset(...a), ["remonline"]],
  ["Workflow.presetJson", (a) => Workflow.presetJson(...a), ["remonline"]],
  ["Workflow.lintJson", (a) => Workflow.lintJson(...a), [definition]],
  ["statuses", (a, wf) => wf.statuses(...a), ["fr"]],
  ["toMermaid", (a, wf) => wf.toMermaid(...a), ["fr"]],
  ["toDot", (a, wf) => wf.toDot(...a), ["fr"]],
  ["check", (a, wf) => wf.check(...a), [lead, "in_work", ctx]],
  ["options", (a, wf) => wf.options(...a), [lead, ctx]],
  ["actions", (a, wf) => wf.actions(...a), [lead, ctx]],
  ["apply", (a, wf) => wf.apply(...a), [lead, "in_work", ctx]],
  ["validate", (a, wf) => wf.validate(...a), [lead, ctx]],
];

function stillWorks(wf) {
  assert.equal(wf.check(lead, "in_work", ctx).allowed, true);
  const fresh = Workflow.preset("partner");
  assert.equal(fresh.statuses()[0].id, "pending");
  fresh.free();
}

test("every kind of value at every argument: a result or a RelanceError", () => {
  const wf = Workflow.preset("remonline");
  const values = hostileValues();
  let calls = 0;
  for (const [name, call, good] of entries) {
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
          assert.equal(typeof e.code, "string");
          assert.ok(Array.isArray(e.details) && e.details.length > 0, `${name} / ${kind}: details`);
        }
      }
      stillWorks(wf);
    }
  }
  assert.ok(calls > 500, `${calls} calls`);
});

test("lintJson never throws, whatever it is given", () => {
  for (const [kind, value] of Object.entries(hostileValues())) {
    const r = Workflow.lintJson(value);
    assert.ok(Array.isArray(r.errors) && Array.isArray(r.warnings), kind);
  }
});

test("a panic inside the engine is a RelanceError, and every Workflow keeps answering", () => {
  const before = Workflow.preset("partner");
  const remonline = Workflow.preset("remonline");
  const expected = JSON.stringify(before.actions({ status: "pending", partnerOrg: "acme" }, { actor: { id: "p", roles: ["partner"], org: "acme" } }));
  // More panics than the shadow stack could absorb if it were not restored after each.
  for (let i = 0; i < 5_000; i++) {
    assert.throws(() => Handle.__panic(), (e) => e instanceof RelanceError && e.code === "invalid_input" && e.details[0].code === "engine_error");
  }
  assert.equal(JSON.stringify(before.actions({ status: "pending", partnerOrg: "acme" }, { actor: { id: "p", roles: ["partner"], org: "acme" } })), expected);
  stillWorks(remonline);
  before.free();
  remonline.free();
});
