// A static server for the demo: js-demo/ at /, the built package at /pkg/,
// Lucide and Chart.js at /vendor/.
// Listens on 127.0.0.1 only. usage: node scripts/serve.mjs [port]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml" };

/** The demo's two npm dependencies (pinned in package.json), as single files. */
const vendor = {
  "/vendor/lucide.js": join(root, "node_modules/lucide/dist/umd/lucide.min.js"),
  "/vendor/chart.js": join(root, "node_modules/chart.js/dist/chart.umd.min.js"),
};

export function serve(port = 0) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = path.startsWith("/pkg/") ? join(root, "wasm", path) : vendor[path] ?? join(root, "js-demo", path === "/" ? "index.html" : path);
    if (!file.startsWith(root) || file.includes(`${"/"}test${"/"}`)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? process.env.PORT ?? 8080));
  console.log(`relance demo: http://127.0.0.1:${server.address().port}/`);
}
