// The JavaScript API of the package: loading, errors, robustness, memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Workflow, RelanceError } from "../pkg/index.js";

const now = "2026-11-22T09:00:00+01:00";

function nested(depth) {
  const root = {};
  let cur = root;
  for (let i = 0; i < depth; i++) cur = cur.x = {};
  cur.leaf = "bottom";
  return root;
}

function depthOf(v) {
  let n = 0;
  while (v.x) {
    v = v.x;
    n++;
  }
  assert.equal(v.leaf, "bottom");
  return n;
}

/** The module still answers correctly after a failure. */
function stillWorks() {
  const wf = Workflow.preset("remonline");
  assert.equal(wf.check({ status: "new" }, "in_work", {}).allowed, true);
  wf.free();
}

test("works with no init call, as ESM and through require", () => {
  assert.deepEqual(Workflow.presets(), ["relance", "onelead", "leadflow", "remonline", "partner"]);
  const require = createRequire(import.meta.url);
  const cjs = require("../pkg/index.js");
  assert.equal(typeof cjs.Workflow.preset, "function");
});

test("fromJson takes an object or JSON text, and toJSON gives the definition back", () => {
  const def = Workflow.presetJson("partner");
  const a = Workflow.fromJson(def);
  const b = Workflow.fromJson(JSON.stringify(def));
  assert.deepEqual(a.toJSON(), def);
  assert.deepEqual(JSON.parse(JSON.stringify(b)), def);
  assert.equal(a.id, "partner-leads");
});

test("errors are RelanceError instances with code and details", () => {
  assert.throws(() => Workflow.fromJson("{not json"), (e) => e instanceof RelanceError && e instanceof Error && e.code === "invalid_json" && e.name === "RelanceError");
  assert.throws(() => Workflow.preset("nope"), (e) => e.code === "unknown_preset" && e.details[0].path === "");
  const wf = Workflow.preset("remonline");
  assert.throws(() => wf.apply({ status: "new" }, "refused", { now }), (e) => e.code === "transition_denied" && e.details[0].code === "no_transition");
});

test("bad inputs never trap; the module keeps working after each", () => {
  const wf = Workflow.preset("remonline");
  const bad = [
    () => Workflow.fromJson("{not json"),
    () => Workflow.fromJson(null),
    () => Workflow.fromJson(undefined),
    () => Workflow.fromJson(42),
    () => wf.check({ id: "L1" }, "in_work", {}),
    () => wf.check(null, "in_work", {}),
    () => wf.check(undefined, "in_work", {}),
    () => wf.check({ status: "new" }, "in_work", null) && wf.apply({ status: "new" }, "in_work", { now: "yesterday" }),
    () => wf.apply({ status: "new" }, "in_work", { now: new Date(NaN) }),
    () => wf.check({ status: "new", big: 10n }, "in_work", {}),
    () => {
      const cyclic = { status: "new" };
      cyclic.self = cyclic;
      return wf.check(cyclic, "in_work", {});
    },
    () => wf.check({ status: "new" }, Symbol("x"), {}),
    () => wf.options({ status: "new" }, "not a context"),
    () => Workflow.fromJson(nested(100_000)),
  ];
  for (const f of bad) {
    assert.throws(f, (e) => e instanceof RelanceError && typeof e.code === "string" && Array.isArray(e.details), String(f));
    stillWorks();
  }
});

test("a 200,000-deep custom field comes back whole", () => {
  const wf = Workflow.preset("remonline");
  const lead = { id: "L1", status: "new", deep: nested(200_000) };
  const { lead: out } = wf.apply(lead, "in_work", { now });
  assert.equal(depthOf(out.deep), 200_000);
  assert.equal(lead.status, "new", "the argument is not modified");
  assert.equal(wf.check(lead, "in_work", {}).allowed, true);
  stillWorks();
});

test("Dates are accepted as times; undefined context is the empty context", () => {
  const wf = Workflow.preset("remonline");
  const r = wf.apply({ status: "new" }, "in_work", { now: new Date(Date.UTC(2026, 10, 22, 8)) });
  assert.equal(r.lead.statusSince, "2026-11-22T08:00:00.000Z");
  assert.equal(wf.check({ status: "new" }, "in_work").allowed, true);
});

test("results are plain objects and arrays, never Maps", () => {
  const wf = Workflow.preset("partner");
  const [first] = wf.statuses("fr");
  assert.equal(Object.getPrototypeOf(first), Object.prototype);
  assert.equal(Object.getPrototypeOf(first.ui), Object.prototype);
});

test("free() and Symbol.dispose release the instance", () => {
  const wf = Workflow.preset("partner");
  assert.equal(typeof wf[Symbol.dispose], "function");
  wf.free();
  assert.throws(() => wf.statuses(), (e) => e instanceof RelanceError && e.details[0].code === "freed");
  wf.free(); // a second free is harmless
  {
    const again = Workflow.preset("partner");
    again[Symbol.dispose]();
  }
  stillWorks();
});

test("long text crosses intact, whatever its characters", () => {
  // Strings past 1 KB enter wasm memory through TextEncoder.encodeInto
  // (wasm/scripts/package.mjs): ASCII, then accents, emoji (surrogate pairs)
  // and a lone surrogate (which JSON.stringify escapes) at and around the
  // points where the copy changes strategy.
  const wf = Workflow.preset("remonline");
  const ascii = "x".repeat(1020);
  const notes = [ascii + "é😀" + "y".repeat(3000), "😀".repeat(2000), ascii + "\ud800" + "é".repeat(2000), "a".repeat(5000)];
  for (const text of notes) {
    const { lead } = wf.apply({ id: "L1", status: "new", text }, "in_work", { now });
    assert.equal(lead.text, text);
    assert.equal(wf.due(JSON.stringify([{ id: text, status: "new" }]), { now }).length, 0);
  }
});

test("a lead's keys, and nested keys, come back in their order", () => {
  const wf = Workflow.preset("remonline");
  const lead = { zeta: 1, id: "L1", alpha: { z: 1, a: [{ y: 1, b: 2 }], m: null }, status: "new", "é": "accent", middle: 2.5 };
  const { lead: out } = wf.apply(lead, "in_work", { now });
  assert.deepEqual(Object.keys(out), ["zeta", "id", "alpha", "status", "é", "middle", "statusSince"]);
  assert.deepEqual(Object.keys(out.alpha), ["z", "a", "m"]);
  assert.deepEqual(Object.keys(out.alpha.a[0]), ["y", "b"]);
  assert.equal(JSON.stringify(out.alpha), JSON.stringify(lead.alpha));
});
