// The npm package `relance`. The engine (Rust, compiled to WebAssembly and
// inlined in relance_wasm.js) takes and returns JSON text; this class
// converts JavaScript values to JSON and back, and error replies to
// RelanceError. It holds no rule.
import { Handle, initSync } from "./relance.js";
import bytes from "./relance_wasm.js";
import { toJson } from "./json.js";

initSync({ module: bytes });

/**
 * Every failure of relance: an Error with a machine-readable `code` and
 * `details` (problems `{path, code, message, column?}`, or, for refusals,
 * the violations `{code, message, field?, params}`).
 */
export class RelanceError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = "RelanceError";
    this.code = code;
    this.details = details;
  }
}

function fail(json) {
  const e = JSON.parse(json);
  return new RelanceError(e.code, e.message, e.details);
}

/** A reply of the engine: JSON, or "!" and an error as JSON. */
function reply(text) {
  if (text.charCodeAt(0) === 33) throw fail(text.slice(1));
  return JSON.parse(text);
}

/** JSON text of an argument; `undefined` is `null`. */
function arg(value) {
  if (value === undefined) return "null";
  try {
    return toJson(value) ?? "null";
  } catch (e) {
    const message = `this value cannot be converted to JSON (${e.message})`;
    throw new RelanceError("invalid_input", message, [{ path: "", code: "invalid_type", message }]);
  }
}

function load(make) {
  try {
    return new Workflow(make());
  } catch (e) {
    throw typeof e === "string" ? fail(e) : e;
  }
}


export class Workflow {
  #h;

  constructor(handle) {
    if (!(handle instanceof Handle)) throw new TypeError("use Workflow.fromJson(definition) or Workflow.preset(name)");
    this.#h = handle;
  }

  static fromJson(definition) {
    return load(() => Handle.fromJson(typeof definition === "string" ? definition : arg(definition)));
  }
  static preset(name) {
    return load(() => Handle.preset(String(name)));
  }
  static presets() {
    return reply(Handle.presets());
  }
  static presetJson(name) {
    return reply(Handle.presetJson(String(name)));
  }
  static lintJson(definition) {
    return reply(Handle.lintJson(typeof definition === "string" ? definition : arg(definition)));
  }

  get id() {
    return this.#h.id();
  }
  statuses(locale) {
    return reply(this.#h.statuses(locale ?? undefined));
  }
  lint() {
    return reply(this.#h.lint());
  }
  toMermaid(locale) {
    return this.#h.toMermaid(locale ?? undefined);
  }
  toDot(locale) {
    return this.#h.toDot(locale ?? undefined);
  }
  toJSON() {
    return reply(this.#h.toJSON());
  }
  check(lead, to, ctx) {
    return reply(this.#h.check(arg(lead), arg(to), arg(ctx)));
  }
  options(lead, ctx) {
    return reply(this.#h.options(arg(lead), arg(ctx)));
  }
  actions(lead, ctx) {
    return reply(this.#h.actions(arg(lead), arg(ctx)));
  }
  apply(lead, to, ctx) {
    return reply(this.#h.apply(arg(lead), arg(to), arg(ctx)));
  }
  validate(lead, ctx) {
    return reply(this.#h.validate(arg(lead), arg(ctx)));
  }
  free() {
    this.#h.free();
  }
  [Symbol.dispose]() {
    this.#h.free();
  }
}
