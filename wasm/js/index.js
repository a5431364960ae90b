// The npm package `relance`. The engine (Rust, compiled to WebAssembly and
// inlined in relance_wasm.js) takes and returns JSON text; this file
// converts JavaScript values to JSON and back, and error replies to
// RelanceError. It holds no rule.
//
// Every argument goes through `arg()` (JSON text, whatever the value), so no
// JavaScript value reaches a typed wasm parameter; and every call into the
// module goes through `guard()`, so that even a defect of the engine (a
// panic, a stack overflow) surfaces as a RelanceError and leaves the module,
// and every other object, working.
import { Handle, initSync } from "./relance.js";
import bytes from "./relance_wasm.js";
import { toJson } from "./json.js";

// The exports, including the shadow stack pointer (exported by the linker:
// see .cargo/config.toml).
const wasm = initSync({ module: bytes });

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

function error(code, problem, message) {
  return new RelanceError(code, message, [{ path: "", code: problem, message }]);
}

function describe(e) {
  try {
    return String(e instanceof Error ? e.message : e);
  } catch {
    return "an unprintable value";
  }
}

/** Objects whose wasm memory may be inconsistent after an engine failure: never freed. */
const tainted = new WeakSet();

/**
 * Calls into the module. A trap (a panic) or a stack overflow unwinds the
 * wasm call without restoring its shadow stack pointer: restore it, so the
 * module keeps answering, and report a RelanceError.
 */
function guard(f) {
  return function guarded(...args) {
    const sp = wasm.__stack_pointer.value;
    try {
      return f.apply(this, args);
    } catch (e) {
      const trap = e instanceof WebAssembly.RuntimeError;
      if (!trap && !(e instanceof RangeError)) throw e;
      wasm.__stack_pointer.value = sp;
      if (this instanceof Handle) tainted.add(this);
      if (trap) throw error("invalid_input", "engine_error", `the engine stopped on this input (a defect: please report it): ${describe(e)}`);
      throw error("limit_exceeded", "too_large", `this input is too large for the engine: ${describe(e)}`);
    }
  };
}

for (const target of [Handle, Handle.prototype]) {
  for (const name of Object.getOwnPropertyNames(target)) {
    const d = Object.getOwnPropertyDescriptor(target, name);
    if (name !== "constructor" && typeof d.value === "function") {
      Object.defineProperty(target, name, { ...d, value: guard(d.value) });
    }
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

/** JSON text of any argument; `undefined` (and what JSON omits) is `null`. */
function arg(value) {
  if (value === undefined) return "null";
  try {
    return toJson(value) ?? "null";
  } catch (e) {
    throw error("invalid_input", "invalid_type", `this value cannot be converted to JSON (${describe(e)})`);
  }
}

/** A definition or a bulk input: JSON text as given (what a server read
 *  from its store), or any value as JSON. */
function text(value) {
  return typeof value === "string" ? value : arg(value);
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
    return load(() => Handle.fromJson(text(definition)));
  }
  static preset(name) {
    return load(() => Handle.preset(arg(name)));
  }
  static presets() {
    return reply(Handle.presets());
  }
  static presetJson(name) {
    return reply(Handle.presetJson(arg(name)));
  }
  static lintJson(definition) {
    try {
      return reply(Handle.lintJson(text(definition)));
    } catch (e) {
      if (e instanceof RelanceError) return { errors: e.details, warnings: [] };
      throw e;
    }
  }

  /** The handle, or a RelanceError once freed. */
  get #handle() {
    if (this.#h === null) throw error("invalid_input", "freed", "this Workflow was freed");
    return this.#h;
  }

  get id() {
    return this.#handle.id();
  }
  statuses(locale) {
    return reply(this.#handle.statuses(arg(locale)));
  }
  lint() {
    return reply(this.#handle.lint());
  }
  toMermaid(locale) {
    return reply(this.#handle.toMermaid(arg(locale)));
  }
  toDot(locale) {
    return reply(this.#handle.toDot(arg(locale)));
  }
  toJSON() {
    return reply(this.#handle.toJSON());
  }
  check(lead, to, ctx) {
    return reply(this.#handle.check(arg(lead), arg(to), arg(ctx)));
  }
  options(lead, ctx) {
    return reply(this.#handle.options(arg(lead), arg(ctx)));
  }
  actions(lead, ctx) {
    return reply(this.#handle.actions(arg(lead), arg(ctx)));
  }
  apply(lead, to, ctx) {
    return reply(this.#handle.apply(arg(lead), arg(to), arg(ctx)));
  }
  validate(lead, ctx) {
    return reply(this.#handle.validate(arg(lead), arg(ctx)));
  }
  create(lead, ctx) {
    return reply(this.#handle.create(arg(lead), arg(ctx)));
  }
  deadlines(lead, ctx) {
    return reply(this.#handle.deadlines(arg(lead), arg(ctx)));
  }
  due(leads, ctx) {
    return reply(this.#handle.due(text(leads), arg(ctx)));
  }
  fire(lead, item, ctx) {
    return reply(this.#handle.fire(arg(lead), arg(item), arg(ctx)));
  }
  addNote(lead, note, ctx) {
    return reply(this.#handle.addNote(arg(lead), arg(note), arg(ctx)));
  }
  noteTemplates(locale) {
    return reply(this.#handle.noteTemplates(arg(locale)));
  }
  classify(text, locale) {
    return reply(this.#handle.classify(arg(text), arg(locale)));
  }
  flowState(lead) {
    return reply(this.#handle.flowState(arg(lead)));
  }
  queue(leads, ctx) {
    return reply(this.#handle.queue(text(leads), arg(ctx)));
  }
  mapExternal(provider, status, locale) {
    return reply(this.#handle.mapExternal(arg(provider), arg(status), arg(locale)));
  }
  view(lead, ctx) {
    return reply(this.#handle.view(arg(lead), arg(ctx)));
  }
  free() {
    const h = this.#h;
    this.#h = null;
    if (h !== null && !tainted.has(h)) h.free();
  }
  [Symbol.dispose]() {
    this.free();
  }
}
