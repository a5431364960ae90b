// Turns wasm-bindgen's `--target web` output into the npm package `relance`:
// the hand-written entry (js/index.js: the Workflow class, which converts
// values and errors), its declarations (js/index.d.ts), the glue and the
// inlined module.
//
// The module is inlined into `relance_wasm.js` as a Latin-1 string (one
// character per byte: 6 % over the gzipped binary, where base64 costs 30 %)
// and instantiated synchronously on import, so `import { Workflow } from
// "relance"` works with no init call in Node (ESM, and `require` through
// Node's require(esm)), in browsers without a bundler, and in bundlers
// without a wasm plugin.
//
// usage: node wasm/scripts/package.mjs <pkg dir>
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const wasmFile = join(dir, "relance_bg.wasm");
const gluePath = join(dir, "relance.js");
let glue = readFileSync(gluePath, "utf8");

// The default (async, fetch-based) init path names the .wasm file by URL;
// the package never ships that file, so that path must not exist either
// (bundlers would try to resolve it).
const urlInit = "module_or_path = new URL('relance_bg.wasm', import.meta.url);";
if (!glue.includes(urlInit)) throw new Error(`package.mjs: wasm-bindgen glue changed; '${urlInit}' not found`);
glue = glue.replace(urlInit, "throw new Error('relance initializes itself: import it and use it');");
writeFileSync(gluePath, glue);

if (!/^export class Handle/m.test(glue)) throw new Error("package.mjs: no Handle class in the glue");

// Latin-1 string literal of the module bytes.
const bytes = readFileSync(wasmFile);
let lit = "";
for (let i = 0; i < bytes.length; i++) {
  const b = bytes[i];
  if (b === 0x5c) lit += "\\\\";
  else if (b === 0x22) lit += '\\"';
  else if (b === 0x0a) lit += "\\n";
  else if (b === 0x0d) lit += "\\r";
  else if (b === 0x00) lit += bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? "\\x00" : "\\0";
  else lit += String.fromCharCode(b);
}
writeFileSync(
  join(dir, "relance_wasm.js"),
  "// The relance WebAssembly module, one character per byte.\n" +
    `const s = "${lit}";\n` +
    "const bytes = new Uint8Array(s.length);\n" +
    "for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);\n" +
    "export default bytes;\n",
);
rmSync(wasmFile);
rmSync(join(dir, "relance_bg.wasm.d.ts"), { force: true });

rmSync(join(dir, "relance.d.ts"), { force: true });
for (const f of ["index.js", "index.d.ts", "json.js"]) copyFileSync(new URL(`../js/${f}`, import.meta.url), join(dir, f));

const workspace = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
const version = /^version = "([^"]+)"/m.exec(workspace)[1];
const description = /^description = "([^"]+)"/m.exec(readFileSync(new URL("../../core/Cargo.toml", import.meta.url), "utf8"))[1];
writeFileSync(
  join(dir, "package.json"),
  JSON.stringify(
    {
      name: "relance",
      version,
      description,
      license: "MIT OR Apache-2.0",
      type: "module",
      main: "./index.js",
      types: "./index.d.ts",
      exports: { ".": { types: "./index.d.ts", default: "./index.js" }, "./package.json": "./package.json" },
      files: ["index.js", "index.d.ts", "json.js", "relance.js", "relance_wasm.js"],
      engines: { node: ">=20.19" },
      keywords: ["crm", "leads", "workflow", "rules-engine", "state-machine", "kpi", "wasm"],
    },
    null,
    2,
  ) + "\n",
);
console.log(`packaged ${dir}: ${bytes.length} bytes of wasm`);
