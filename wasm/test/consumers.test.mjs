// The built package as its users consume it, through its package.json
// `exports` (not through paths): both entry points from Node ESM and
// CommonJS, from strict TypeScript under the `bundler` and `node16`
// resolutions, and from a Vite build with no plugin and no configuration,
// run in headless Chromium. (Plain browser ESM, with an import map and no
// bundler, is the demo page's own test, js-demo/test/.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => join(root, "node_modules/.bin", name);
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "relance-consumer-"));
  cpSync(join(root, "wasm/pkg"), join(dir, "node_modules/relance"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const node = (file, code) => {
  writeFileSync(join(dir, file), code);
  return execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }).trim();
};

const use = `
  const wf = Workflow.preset("remonline");
  const allowed = wf.check({ status: "new" }, "in_work", {}).allowed;
  const leads = kpis(wf, [{ lead: "L1", at: "2026-11-02T09:00:00Z", type: "created" }]).leads;
  const same = analyticsError === RelanceError;
  console.log(JSON.stringify({ allowed, leads, same }));`;

test("Node ESM imports both entry points", () => {
  const out = node("esm.mjs", `import { Workflow, RelanceError } from "relance";
    import { kpis, RelanceError as analyticsError } from "relance/analytics";${use}`);
  assert.deepEqual(JSON.parse(out), { allowed: true, leads: 1, same: true });
});

test("Node CommonJS requires both entry points", () => {
  const out = node("cjs.cjs", `const { Workflow, RelanceError } = require("relance");
    const { kpis, RelanceError: analyticsError } = require("relance/analytics");${use}`);
  assert.deepEqual(JSON.parse(out), { allowed: true, leads: 1, same: true });
});

test("importing relance/analytics alone compiles only its own module", () => {
  const out = node(
    "alone.mjs",
    `let compiled = 0;
    const Module = WebAssembly.Module;
    WebAssembly.Module = function (bytes) { compiled++; return new Module(bytes); };
    WebAssembly.Module.prototype = Module.prototype;
    const { kpis } = await import("relance/analytics");
    const def = { id: "w", statuses: [{ id: "a", category: "open", initial: true }] };
    const alone = [compiled, kpis(def, "[]").leads];
    await import("relance");
    console.log(JSON.stringify([...alone, compiled]));`,
  );
  assert.deepEqual(JSON.parse(out), [1, 0, 2]);
});

for (const resolution of ["bundler", "node16"]) {
  test(`strict TypeScript resolves both entry points (moduleResolution ${resolution})`, () => {
    const sub = join(dir, `ts-${resolution}`);
    mkdirSync(sub, { recursive: true });
    cpSync(join(dir, "node_modules"), join(sub, "node_modules"), { recursive: true });
    writeFileSync(join(sub, "package.json"), JSON.stringify({ name: "ts", private: true, type: "module" }));
    writeFileSync(
      join(sub, "main.ts"),
      `import { Workflow, RelanceError, type Decision } from "relance";
import { kpis, EventLog, Partial, type Report } from "relance/analytics";
const wf = Workflow.preset("remonline");
const d: Decision = wf.check({ status: "new" }, "in_work", {});
const r: Report = kpis(wf, []);
const p: Partial = new EventLog(wf).partial();
// @ts-expect-error: a Workflow has no kpis method (it is in relance/analytics)
wf.kpis([]);
export const out = [d.allowed, r.leads, p, RelanceError];
`,
    );
    const module = resolution === "bundler" ? "esnext" : "node16";
    writeFileSync(
      join(sub, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "esnext.disposable", "dom"], module, moduleResolution: resolution },
        files: ["main.ts"],
      }),
    );
    execFileSync(bin("tsc"), ["-p", sub], { encoding: "utf8" });
  });
}

test("a Vite build with no plugin and no configuration bundles both modules, and the page runs in Chromium", async () => {
  const sub = join(dir, "vite");
  mkdirSync(sub, { recursive: true });
  cpSync(join(dir, "node_modules"), join(sub, "node_modules"), { recursive: true });
  writeFileSync(join(sub, "package.json"), JSON.stringify({ name: "vite-app", private: true, type: "module" }));
  writeFileSync(join(sub, "index.html"), `<!doctype html><body><script type="module" src="/main.js"></script></body>`);
  writeFileSync(
    join(sub, "main.js"),
    `import { Workflow } from "relance";
import { kpis } from "relance/analytics";
const wf = Workflow.preset("remonline");
const result = { allowed: wf.check({ status: "new" }, "in_work", {}).allowed, leads: kpis(wf, "[]").leads };
document.body.dataset.result = JSON.stringify(result);
`,
  );
  execFileSync(bin("vite"), ["build", "--logLevel", "error"], { cwd: sub, stdio: "pipe" });
  const dist = join(sub, "dist");
  const server = createServer(async (req, res) => {
    const path = join(dist, new URL(req.url, "http://x").pathname.replace(/\/$/, "/index.html"));
    const body = await readFile(path).catch(() => null);
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": path.endsWith(".js") ? "text/javascript" : "text/html" }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("body[data-result]", { state: "attached", timeout: 15_000 });
    assert.deepEqual(JSON.parse(await page.getAttribute("body", "data-result")), { allowed: true, leads: 0 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
