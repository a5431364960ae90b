// The package's surface against the engine's own table of operations
// (relance_core::ops, exported by each module as `operations()`): every
// operation and class method exists in JavaScript and in the TypeScript
// declarations under its name, nothing else does, and the code unions of
// boundary.d.ts are the engine's lists. An operation cannot exist in one
// place and be missing in another.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Workflow, RelanceError } from "../pkg/index.js";
import * as analytics from "../pkg/analytics.js";
import { operations as relanceOps } from "../pkg/relance.js";
import { operations as analyticsOps } from "../pkg/analytics_glue.js";

const relance = JSON.parse(relanceOps());
const analyticsSurface = JSON.parse(analyticsOps());
const dts = (f) => readFileSync(new URL(`../pkg/${f}`, import.meta.url), "utf8");

/** The body of a declaration (`class X {…}` or `interface X {…}`) in a .d.ts text. */
function block(text, head) {
  const start = text.indexOf(head);
  assert.ok(start >= 0, `${head} is declared`);
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(start, i);
  }
  throw new Error(`unclosed ${head}`);
}

function ownFunctions(target) {
  return Object.getOwnPropertyNames(target).filter((n) => {
    const d = Object.getOwnPropertyDescriptor(target, n);
    return n !== "constructor" && (typeof d.value === "function" || typeof d.get === "function");
  });
}

test("relance: Workflow has exactly the table's operations, in JS and in index.d.ts", () => {
  const workflowClass = relance.classes.find((c) => c.name === "Workflow");
  const statics = [...relance.operations.filter((o) => o.receiver === "global").map((o) => o.name), ...workflowClass.statics].sort();
  const methods = [...relance.operations.filter((o) => o.receiver === "workflow").map((o) => o.name), ...workflowClass.methods].sort();
  assert.deepEqual(ownFunctions(Workflow).filter((n) => !["length", "name", "prototype"].includes(n)).sort(), statics);
  assert.deepEqual(ownFunctions(Workflow.prototype).sort(), methods);
  assert.ok(typeof Workflow.prototype[Symbol.dispose] === "function");
  const declared = block(dts("index.d.ts"), "export declare class Workflow");
  for (const name of [...statics, ...methods]) {
    const pattern = name === "id" ? /readonly id:/ : new RegExp(`\\b${name}(<[^>]*>)?\\(`);
    assert.match(declared, pattern, `index.d.ts declares Workflow.${name}`);
  }
  for (const op of relance.operations.filter((o) => o.receiver === "workflow" && o.name !== "id")) {
    assert.ok(Workflow.prototype[op.name].length <= op.args.length, `${op.name} takes at most ${op.args.length} arguments`);
  }
});

test("relance/analytics: its functions and classes are the table's, in JS and in analytics.d.ts", () => {
  const functions = analyticsSurface.operations.map((o) => o.name);
  assert.ok(analyticsSurface.operations.every((o) => o.receiver === "function" && o.entry === "analytics"));
  const classes = analyticsSurface.classes.filter((c) => c.entry === "analytics");
  const exported = Object.keys(analytics).sort();
  assert.deepEqual(exported, [...functions, ...classes.map((c) => c.name), "RelanceError"].sort());
  const declared = dts("analytics.d.ts");
  for (const f of functions) assert.match(declared, new RegExp(`export declare function ${f}\\(`));
  for (const c of classes) {
    const cls = analytics[c.name];
    assert.deepEqual(ownFunctions(cls).filter((n) => !["length", "name", "prototype"].includes(n)).sort(), [...c.statics].sort());
    assert.deepEqual(ownFunctions(cls.prototype).filter((n) => n !== "size").sort(), [...c.methods].sort());
    const body = block(declared, `export declare class ${c.name}`);
    for (const m of [...c.statics, ...c.methods]) assert.match(body, new RegExp(`\\b${m}\\(`), `analytics.d.ts declares ${c.name}.${m}`);
  }
});

test("RelanceError is one class for both entry points", () => {
  assert.equal(analytics.RelanceError, RelanceError);
  try {
    analytics.kpis("{not json", []);
    assert.fail("kpis refused nothing");
  } catch (e) {
    assert.ok(e instanceof RelanceError && e.code === "invalid_json");
  }
});

test("boundary.d.ts unions are the engine's code lists", () => {
  const text = dts("boundary.d.ts");
  const union = (name) => {
    const m = new RegExp(`export type ${name} =([^;]*);`).exec(text);
    assert.ok(m, `${name} is declared`);
    return [...m[1].matchAll(/"([a-z_0-9]+)"/g)].map((x) => x[1]).sort();
  };
  assert.deepEqual(union("ErrorCode"), [...relance.errorCodes].sort());
  assert.deepEqual(union("ProblemCode"), [...relance.problemCodes].sort());
  assert.deepEqual(union("ViolationCode"), [...relance.violationCodes].sort());
});
