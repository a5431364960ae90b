// The conformance vectors of tests/vectors/, run through the npm package:
// the operations of `relance` on a Workflow, those of `relance/analytics`
// with the file's workflow as their definition. core/tests/vectors.rs runs
// the same files natively; both compare canonical JSON, so native and wasm
// answers are identical.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Workflow, RelanceError } from "../pkg/index.js";
import * as analytics from "../pkg/analytics.js";
import { canonical, vectorFiles } from "./support.mjs";

function run(wf, op, args) {
  if (op === "load") return Workflow.fromJson(args[0]).statuses();
  if (Object.hasOwn(Workflow, op)) return Workflow[op](...args);
  // A definition given as a bare preset name is that preset.
  const def = (d) => (typeof d === "string" && Workflow.presets().includes(d) ? Workflow.preset(d) : d);
  if (op === "impact") return analytics.impact(wf, def(args[0]), ...args.slice(1));
  if (typeof analytics[op] === "function") return analytics[op](wf, ...args);
  if (typeof wf?.[op] !== "function" && op !== "id") throw new Error(`unknown op ${op}`);
  return op === "id" ? wf.id : wf[op](...args.map((a) => a ?? undefined));
}

const files = vectorFiles();
test("there are at least 10 vector files", () => assert.ok(files.length >= 10, `${files.length}`));

for (const file of files) {
  test(file.name, async (t) => {
    const wf = file.workflow === undefined ? null : typeof file.workflow === "string" ? Workflow.preset(file.workflow) : Workflow.fromJson(file.workflow);
    for (const c of file.cases) {
      await t.test(c.name, () => {
        let result, error;
        try {
          result = run(wf, c.op, c.args ?? []);
        } catch (e) {
          error = e;
        }
        if ("throws" in c) {
          assert.ok(error instanceof RelanceError, `expected a RelanceError, got ${error ?? JSON.stringify(result)}`);
          assert.equal(canonical({ code: error.code, message: error.message, details: error.details }), canonical(c.throws));
        } else {
          if (error) throw error;
          assert.equal(canonical(result), canonical(c.expect));
        }
      });
    }
  });
}
