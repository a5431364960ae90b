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
import { Handle, LogHandle, initSync } from "./relance.js";
import bytes from "./relance_wasm.js";
import { encode } from "./events.js";
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

/** The operations of `Handle.call`, numbered as wasm/src/lib.rs `Op` numbers them. */
const OP = Object.fromEntries(
  ["id", "toJSON", "statuses", "lint", "toMermaid", "toDot", "check", "options", "actions", "apply", "validate",
   "create", "deadlines", "due", "fire", "addNote", "noteTemplates", "classify", "flowState", "queue", "mapExternal",
   "view", "kpis"].map((name, i) => [name, i]),
);

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
      if (this instanceof Handle || this instanceof LogHandle) tainted.add(this);
      if (trap) throw error("invalid_input", "engine_error", `the engine stopped on this input (a defect: please report it): ${describe(e)}`);
      throw error("limit_exceeded", "too_large", `this input is too large for the engine: ${describe(e)}`);
    }
  };
}

for (const target of [Handle, Handle.prototype, LogHandle, LogHandle.prototype]) {
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

/**
 * Times (and text the wrapper could not parse) go to the engine as UTF-8
 * bytes: `TextEncoder` is native, where wasm-bindgen copies a string
 * argument with a JavaScript loop (40 ms for a million events' times).
 */
const utf8 = new TextEncoder();

/** Whether `value` is bytes (false for a revoked proxy, which throws on `instanceof`). */
function isBytes(value) {
  try {
    return value instanceof Uint8Array;
  } catch {
    return false;
  }
}

/** UTF-8 bytes as text. */
function decode(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw error("invalid_json", "invalid_utf8", "these bytes are not UTF-8 text");
  }
}

/** Columns of `events`, or null when they are not plain event objects. */
function columnsOf(events) {
  try {
    return encode(events);
  } catch {
    return null; // A throwing getter or proxy: the JSON path reports it.
  }
}

/**
 * Calls `columns(cols)` for events the wrapper can send as columns, else
 * `json(text)`. JSON and NDJSON text (a string, or UTF-8 bytes) is parsed
 * here (V8's parser is the fastest there is) and sent as columns too; text
 * it cannot parse goes to the engine, which reports the problem as a server
 * would.
 */
function withEvents(events, columns, json) {
  const text = typeof events === "string" ? events : isBytes(events) ? decode(events) : null;
  const parsed = text === null ? events : parseEvents(text);
  const cols = parsed === null ? null : columnsOf(parsed);
  return cols !== null ? columns(cols) : json(text ?? arg(events));
}

/** A JSON list of events, or NDJSON; null when the text is neither. */
function parseEvents(text) {
  try {
    const t = text.trimStart();
    if (t.startsWith("[")) return JSON.parse(text);
    const out = [];
    for (const line of text.split("\n")) if (line.trim() !== "") out.push(JSON.parse(line));
    return out;
  } catch {
    return null;
  }
}

/** The wasm handle of a Workflow (set in Workflow's static block). */
let handleOf;

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
    return reply(Handle.global(0, ""));
  }
  static presetJson(name) {
    return reply(Handle.global(1, arg(name)));
  }
  static lintJson(definition) {
    try {
      return reply(Handle.global(2, text(definition)));
    } catch (e) {
      if (e instanceof RelanceError) return { errors: e.details, warnings: [] };
      throw e;
    }
  }

  static {
    handleOf = (wf) => {
      if (!(typeof wf === "object" && wf !== null && #h in wf)) throw error("invalid_input", "invalid_type", "expected a Workflow");
      return wf.#handle;
    };
  }

  /** The handle, or a RelanceError once freed. */
  get #handle() {
    if (this.#h === null) throw error("invalid_input", "freed", "this Workflow was freed");
    return this.#h;
  }

  /** Operation `op` of the engine (the numbers of wasm/src/lib.rs `Op`), arguments as JSON text. */
  #call(op, a = "", b = "", c = "") {
    return reply(this.#handle.call(op, a, b, c));
  }

  get id() {
    return this.#call(OP.id);
  }
  statuses(locale) {
    return this.#call(OP.statuses, arg(locale));
  }
  lint() {
    return this.#call(OP.lint);
  }
  toMermaid(locale) {
    return this.#call(OP.toMermaid, arg(locale));
  }
  toDot(locale) {
    return this.#call(OP.toDot, arg(locale));
  }
  toJSON() {
    return this.#call(OP.toJSON);
  }
  check(lead, to, ctx) {
    return this.#call(OP.check, arg(lead), arg(to), arg(ctx));
  }
  options(lead, ctx) {
    return this.#call(OP.options, arg(lead), arg(ctx));
  }
  actions(lead, ctx) {
    return this.#call(OP.actions, arg(lead), arg(ctx));
  }
  apply(lead, to, ctx) {
    return this.#call(OP.apply, arg(lead), arg(to), arg(ctx));
  }
  validate(lead, ctx) {
    return this.#call(OP.validate, arg(lead), arg(ctx));
  }
  create(lead, ctx) {
    return this.#call(OP.create, arg(lead), arg(ctx));
  }
  deadlines(lead, ctx) {
    return this.#call(OP.deadlines, arg(lead), arg(ctx));
  }
  due(leads, ctx) {
    return this.#call(OP.due, text(leads), arg(ctx));
  }
  fire(lead, item, ctx) {
    return this.#call(OP.fire, arg(lead), arg(item), arg(ctx));
  }
  addNote(lead, note, ctx) {
    return this.#call(OP.addNote, arg(lead), arg(note), arg(ctx));
  }
  noteTemplates(locale) {
    return this.#call(OP.noteTemplates, arg(locale));
  }
  classify(text, locale) {
    return this.#call(OP.classify, arg(text), arg(locale));
  }
  flowState(lead) {
    return this.#call(OP.flowState, arg(lead));
  }
  queue(leads, ctx) {
    return this.#call(OP.queue, text(leads), arg(ctx));
  }
  mapExternal(provider, status, locale) {
    return this.#call(OP.mapExternal, arg(provider), arg(status), arg(locale));
  }
  view(lead, ctx) {
    return this.#call(OP.view, arg(lead), arg(ctx));
  }
  kpis(events, options) {
    const o = arg(options);
    return withEvents(
      events,
      (c) => reply(this.#handle.kpisColumns(c.leads, c.strings, c.fields, c.ats, utf8.encode(c.atTexts), o)),
      (text) => this.#call(OP.kpis, text, o),
    );
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

/** The handle `EventLog.fromBytes` passes to the constructor (null otherwise). */
let restored = null;

/**
 * An accumulator of events for KPI reports: push batches in any order,
 * merge logs built by workers or other machines (as bytes), report for any
 * options. Release its wasm memory with `free()` or `using`.
 */
export class EventLog {
  #h;
  #wf;

  /** An empty log for the workflow `wf`. */
  constructor(wf) {
    this.#wf = wf;
    this.#h = restored ?? new LogHandle(handleOf(wf));
  }

  /** A log from `toBytes()`, for the same workflow definition. */
  static fromBytes(wf, bytes) {
    if (!isBytes(bytes)) throw error("invalid_input", "invalid_type", "expected a Uint8Array");
    try {
      restored = LogHandle.fromBytes(handleOf(wf), bytes);
      return new EventLog(wf);
    } catch (e) {
      throw typeof e === "string" ? fail(e) : e;
    } finally {
      restored = null;
    }
  }

  get #handle() {
    if (this.#h === null) throw error("invalid_input", "freed", "this EventLog was freed");
    return this.#h;
  }

  /** The number of events pushed. */
  get size() {
    return this.#handle.count();
  }
  push(events) {
    const h = this.#handle;
    const none = new Int32Array(0);
    reply(
      withEvents(
        events,
        (c) => h.push(c.leads, c.strings, c.fields, c.ats, utf8.encode(c.atTexts)),
        (text) => h.push("", "", none, new Float64Array(0), utf8.encode(text)),
      ),
    );
    return this;
  }
  merge(other) {
    if (!(typeof other === "object" && other !== null && #h in other)) throw error("invalid_input", "invalid_type", "expected an EventLog");
    if (other === this) throw error("invalid_input", "invalid_value", "a log cannot merge into itself");
    reply(this.#handle.merge(other.#handle));
    return this;
  }
  report(options) {
    return reply(this.#handle.report(handleOf(this.#wf), arg(options)));
  }
  toBytes() {
    return this.#handle.toBytes();
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
