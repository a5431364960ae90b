// Shared helpers for the Node tests of the built package (wasm/pkg).
import { readFileSync, readdirSync } from "node:fs";

/** Canonical JSON: keys sorted (by UTF-16 code units), numbers as JavaScript writes them. */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

const dir = new URL("../../tests/vectors/", import.meta.url);

/** Every vector file, parsed, in name order. */
export function vectorFiles() {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f, ...JSON.parse(readFileSync(new URL(f, dir), "utf8")) }));
}
