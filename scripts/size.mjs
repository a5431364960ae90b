// Prints the gzipped size of what a page loads for each entry point of the
// package (wasm/pkg): its JavaScript, its glue and its inlined wasm module;
// fails when one is over its ceiling (docs/SPEC.md §9).
//   node scripts/size.mjs [--json]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dir = new URL("../wasm/pkg/", import.meta.url);
const ENTRIES = {
  relance: { ceiling: 200, files: ["index.js", "boundary.js", "relance.js", "relance_wasm.js"] },
  "relance/analytics": { ceiling: 300, files: ["analytics.js", "boundary.js", "analytics_glue.js", "analytics_wasm.js"] },
};
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
let over = false;
const out = {};
for (const [entry, { ceiling, files }] of Object.entries(ENTRIES)) {
  let total = 0;
  for (const f of files) {
    const gz = gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length;
    total += gz;
    if (!process.argv.includes("--json")) console.log(`${kb(gz)} KB  ${f}`);
  }
  out[entry] = total;
  if (!process.argv.includes("--json")) console.log(`${kb(total)} KB  ${entry}: wasm + JavaScript, gzipped (ceiling ${ceiling} KB)\n`);
  if (total > ceiling * 1024) {
    console.error(`size.mjs: ${entry} is over its ${ceiling} KB ceiling`);
    over = true;
  }
}
if (process.argv.includes("--json")) console.log(JSON.stringify(out));
if (over) process.exit(1);
