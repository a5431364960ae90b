// Turns wasm-bindgen's `--target web` output into the npm package `relance`
// and its two entry points, each with its own module:
//
//   relance            index.js (js/index.js) + relance.js (glue) + relance_wasm.js (module)
//   relance/analytics  analytics.js (js/analytics.js, js/events.js inlined)
//                      + analytics_glue.js + analytics_wasm.js
//   both               boundary.js (js/boundary.js, js/json.js inlined): the one
//                      RelanceError class and the conversions
//   relance/workflow.schema.json   the JSON Schema of workflow files (schema/)
//   the command        bin/relance.js and its modules (bin/), not minified
//   the package page   README.md (wasm/README.md), LICENSE-MIT, LICENSE-APACHE
//
// Each module is inlined into its `*_wasm.js` as a string (one character
// per byte, see below) and instantiated synchronously on import, so
// `import { Workflow } from "relance"` works with no init call in Node (ESM,
// and `require` through Node's require(esm)), in browsers without a
// bundler, and in bundlers without a wasm plugin.
//
// usage: node wasm/scripts/package.mjs <pkg dir>
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { minify } from "terser";
import { join } from "node:path";

const dir = process.argv[2];
const src = (f) => new URL(`../js/${f}`, import.meta.url);

/** Patches a wasm-bindgen glue file (`name`.js) and inlines its module. */
function module(name) {
  const gluePath = join(dir, `${name}.js`);
  let glue = readFileSync(gluePath, "utf8");

  // The default (async, fetch-based) init path names the .wasm file by URL;
  // the package never ships that file, so that path must not exist either
  // (bundlers would try to resolve it).
  const urlInit = `module_or_path = new URL('${name}_bg.wasm', import.meta.url);`;
  if (!glue.includes(urlInit)) throw new Error(`package.mjs: wasm-bindgen glue changed; '${urlInit}' not found`);
  glue = glue.replace(urlInit, "throw new Error('relance initializes itself: import it and use it');");

  // A string argument is copied into wasm memory by a JavaScript loop over
  // its characters while they are ASCII: 3 ns a character, 70 ms for the
  // 24 MB of 100,000 leads. Long strings go through the native
  // TextEncoder.encodeInto instead (the loop stays for short ones, where it
  // is faster than a native call). Same bytes, same allocation protocol.
  const copyLoop = "    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;\n";
  if (!glue.includes(copyLoop)) throw new Error("package.mjs: wasm-bindgen glue changed; passStringToWasm0's copy loop not found");
  glue = glue.replace(
    copyLoop,
    `    let len = arg.length;
    if (len > 1024) {
        let ptr = malloc(len, 1) >>> 0;
        let { read, written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
        if (read !== len) {
            const rest = arg.slice(read);
            const size = written + rest.length * 3;
            ptr = realloc(ptr, len, size, 1) >>> 0;
            written += cachedTextEncoder.encodeInto(rest, getUint8ArrayMemory0().subarray(ptr + written, ptr + size)).written;
            ptr = realloc(ptr, size, written, 1) >>> 0;
        }
        WASM_VECTOR_LEN = written;
        return ptr;
    }
    let ptr = malloc(len, 1) >>> 0;
`,
  );
  writeFileSync(gluePath, glue);

  // The module bytes as a string literal: each byte value gets one
  // character, the most frequent bytes the printable ASCII characters (one
  // UTF-8 byte each, no escapes), the rest the characters from U+00A0 (two
  // bytes). Gzip then costs 4 % over the bare module, where Latin-1 costs
  // 8 % and base64 31 %.
  const wasmFile = join(dir, `${name}_bg.wasm`);
  const bytes = readFileSync(wasmFile);
  const count = new Array(256).fill(0);
  for (const b of bytes) count[b]++;
  const byFrequency = [...Array(256).keys()].sort((a, b) => count[b] - count[a] || a - b);
  const chars = [];
  for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) chars.push(c);
  for (let c = 0xa0; chars.length < 256; c++) chars.push(c);
  const charOf = new Array(256);
  byFrequency.forEach((b, i) => (charOf[b] = String.fromCharCode(chars[i])));
  let lit = "";
  for (const b of bytes) lit += charOf[b];
  const out = name === "relance" ? "relance_wasm.js" : "analytics_wasm.js";
  writeFileSync(
    join(dir, out),
    `// The ${name === "relance" ? "relance" : "relance/analytics"} WebAssembly module: one character per byte,\n` +
      "// through the table `key` (key[b] is the character of byte b).\n" +
      `const key = "${charOf.join("")}";\n` +
      `const s = "${lit}";\n` +
      "const byteOf = new Uint8Array(0x200);\n" +
      "for (let b = 0; b < 256; b++) byteOf[key.charCodeAt(b)] = b;\n" +
      "const bytes = new Uint8Array(s.length);\n" +
      "for (let i = 0; i < s.length; i++) bytes[i] = byteOf[s.charCodeAt(i)];\n" +
      "export default bytes;\n",
  );
  rmSync(wasmFile);
  rmSync(join(dir, `${name}_bg.wasm.d.ts`), { force: true });
  rmSync(join(dir, `${name}.d.ts`), { force: true });
  return bytes.length;
}

/**
 * A hand-written file of wasm/js/ with its helper modules inlined in place
 * of their imports (helpers have no imports of their own, names distinct
 * from the file's): one gzip stream instead of several.
 */
function inline(file, helpers) {
  let code = readFileSync(src(file), "utf8");
  for (const [names, helper] of helpers) {
    const line = `import { ${names} } from "./${helper}";\n`;
    if (!code.includes(line)) throw new Error(`package.mjs: ${file} no longer has '${line.trim()}'`);
    const source = readFileSync(src(helper), "utf8");
    if (/^import /m.test(source)) throw new Error(`package.mjs: ${helper} imports; inline it by hand`);
    code = code.replace(line, () => source.replace(/^export function /gm, "function "));
  }
  return code;
}

const sizes = { relance: module("relance"), analytics: module("analytics_glue") };
writeFileSync(join(dir, "index.js"), inline("index.js", []));
writeFileSync(join(dir, "analytics.js"), inline("analytics.js", [["encode", "events.js"]]));
writeFileSync(join(dir, "boundary.js"), inline("boundary.js", [["toJson", "json.js"]]));
for (const d of ["index.d.ts", "analytics.d.ts", "boundary.d.ts"]) copyFileSync(src(d), join(dir, d));

// The JavaScript ships minified (the sources are wasm/js/ and the glue
// wasm-bindgen writes).
for (const f of ["index.js", "relance.js", "analytics.js", "analytics_glue.js", "boundary.js"]) {
  const path = join(dir, f);
  const out = await minify(readFileSync(path, "utf8"), { module: true, compress: true, mangle: true });
  writeFileSync(path, out.code);
}

// The command (ESM, not minified: people read what they run), the schema,
// the package page and the licences.
mkdirSync(join(dir, "bin"), { recursive: true });
const bins = readdirSync(new URL("../bin/", import.meta.url)).filter((f) => f.endsWith(".js"));
for (const f of bins) copyFileSync(new URL(`../bin/${f}`, import.meta.url), join(dir, "bin", f));
chmodSync(join(dir, "bin", "relance.js"), 0o755);
copyFileSync(new URL("../schema/workflow.schema.json", import.meta.url), join(dir, "workflow.schema.json"));
copyFileSync(new URL("../README.md", import.meta.url), join(dir, "README.md"));
for (const f of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(new URL(`../../${f}`, import.meta.url), join(dir, f));

const workspace = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
const version = /^version = "([^"]+)"/m.exec(workspace)[1];
const repository = /^repository = "([^"]+)"/m.exec(workspace)[1];
const description = /^description = "([^"]+)"/m.exec(readFileSync(new URL("../../core/Cargo.toml", import.meta.url), "utf8"))[1];
writeFileSync(
  join(dir, "package.json"),
  JSON.stringify(
    {
      name: "relance",
      version,
      description,
      license: "MIT OR Apache-2.0",
      repository: { type: "git", url: `git+${repository}.git`, directory: "wasm" },
      type: "module",
      main: "./index.js",
      types: "./index.d.ts",
      exports: {
        ".": { types: "./index.d.ts", default: "./index.js" },
        "./analytics": { types: "./analytics.d.ts", default: "./analytics.js" },
        "./workflow.schema.json": "./workflow.schema.json",
        "./package.json": "./package.json",
      },
      bin: { relance: "./bin/relance.js" },
      files: [
        "index.js",
        "index.d.ts",
        "relance.js",
        "relance_wasm.js",
        "analytics.js",
        "analytics.d.ts",
        "analytics_glue.js",
        "analytics_wasm.js",
        "boundary.js",
        "boundary.d.ts",
        "workflow.schema.json",
        ...bins.map((f) => `bin/${f}`),
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
      ],
      engines: { node: ">=20.19" },
      keywords: ["crm", "leads", "workflow", "rules-engine", "state-machine", "kpi", "wasm", "json-schema", "cli"],
    },
    null,
    2,
  ) + "\n",
);
console.log(`packaged ${dir}: relance ${sizes.relance} bytes of wasm, relance/analytics ${sizes.analytics}`);
