// Prints the gzipped size of what a page loads from the package: the wasm
// (inlined in relance_wasm.js) plus the JavaScript glue; fails above the
// ceiling of 200 KB.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = new URL("../wasm/pkg/", import.meta.url).pathname;
const files = [];
(function walk(d) {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|wasm)$/.test(f)) files.push(p);
  }
})(dir);
let total = 0;
for (const f of files.sort()) {
  const gz = gzipSync(readFileSync(f), { level: 9 }).length;
  total += gz;
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f.slice(dir.length)}`);
}
const CEILING_KB = 200;
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  total gzipped (ceiling ${CEILING_KB} KB)`);
if (total > CEILING_KB * 1024) {
  console.error(`size.mjs: the package is over its ${CEILING_KB} KB ceiling`);
  process.exit(1);
}
