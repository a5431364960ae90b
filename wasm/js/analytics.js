// The entry point `relance/analytics` of the npm package: the work over many
// events (KPIs, the event log), in its own WebAssembly module built for
// speed. Importing it instantiates only that module. A definition is a
// `Workflow` of `relance`, a definition object, or its JSON text; loaded
// definitions are kept by their canonical JSON, so passing one again does
// not load it again. No rule lives here.
import { Definition, LogHandle, PartialHandle, canonical, impact as impactOf, initSync } from "./analytics_glue.js";
import bytes from "./analytics_wasm.js";
import { encode } from "./events.js";
import { DEFINITION, RelanceError, arg, error, fail, freed, guardAll, has, isArray, isBytes, reply, text } from "./boundary.js";

export { RelanceError };

const wasm = initSync({ module: bytes });
const tainted = new WeakSet();
const guard = guardAll(wasm, [Definition, LogHandle, PartialHandle], tainted);
const canonicalOf = guard(canonical);
const impactCall = guard(impactOf);


/**
 * Loaded definitions by canonical JSON, the most recently used last. The 16
 * most recent are kept (each a few KB of wasm memory); an object that still
 * holds an evicted one (an EventLog, a Partial) keeps it alive, and the
 * garbage collector frees it after.
 */
const loaded = new Map();
const KEEP = 16;

/**
 * The loaded definition for `def`: a `Workflow` of `relance`, a definition
 * object, or its JSON text. The same definition (by canonical JSON: key
 * order and whitespace aside) is loaded once.
 */
function definitionOf(def) {
  const source = has(def, (d) => typeof d[DEFINITION] === "function") ? def[DEFINITION]() : text(def);
  const key = canonicalOf(source);
  if (key.charCodeAt(0) === 33) throw fail(key.slice(1));
  let h = loaded.get(key);
  if (h === undefined) {
    h = wrap(() => Definition.load(source));
    if (loaded.size >= KEEP) loaded.delete(loaded.keys().next().value);
  } else {
    loaded.delete(key);
  }
  loaded.set(key, h);
  return h;
}

const utf8 = new TextEncoder();

/** Columns of `events`, or null when they are not plain event objects. */
function columnsOf(events) {
  try {
    return encode(events);
  } catch {
    return null; // A throwing getter or proxy: the JSON path reports it.
  }
}

/**
 * Calls `columns(cols)` for an array of plain event objects (sent as typed
 * columns: no JSON text of each event), else `bytes(utf8)` with JSON or
 * NDJSON text (as given, or the UTF-8 bytes given, or any other value as
 * JSON), which the engine parses.
 */
function withEvents(events, columns, textBytes) {
  if (typeof events === "string") return textBytes(utf8.encode(events));
  if (isBytes(events)) return textBytes(events);
  const cols = isArray(events) ? columnsOf(events) : null;
  return cols !== null ? columns(cols) : textBytes(utf8.encode(arg(events)));
}

/**
 * The KPI report of docs/SPEC.md §6 for `events` (an array of event
 * objects, JSON or NDJSON text, or its UTF-8 bytes) under the definition
 * `def`, for `options` (`{from?, to?, now?, timezone?, groupBy?, leads?,
 * unknownTypes?}`).
 */
export function kpis(def, events, options) {
  const h = definitionOf(def);
  const o = arg(options);
  return reply(
    withEvents(
      events,
      (c) => h.kpisColumns(c.leads, c.strings, c.fields, c.ats, utf8.encode(c.atTexts), o),
      (b) => h.kpisText(b, o),
    ),
  );
}

/**
 * The impact of replacing the definition `current` by `next` (docs/SPEC.md
 * §10) on `input` = `{now, leads?, events?, actors?, statusMap?, limit?,
 * kpis?}`: statuses added, removed and renamed; the stored leads validated
 * under `next` and the due work that appears; the history replayed move by
 * move under `next`, refused apart from undecided; both KPI reports when
 * `kpis` (options) is given.
 */
export function impact(current, next, input) {
  const c = definitionOf(current);
  const n = definitionOf(next);
  // The events cross apart, as UTF-8 text: not as a string inside the
  // input's JSON text (escaped, then unescaped by the engine).
  let events, rest;
  try {
    events = input !== null && typeof input === "object" ? input.events : undefined;
    rest = events === undefined || events === null ? input : { ...input, events: undefined };
  } catch {
    throw error("invalid_input", "invalid_type", "the input cannot be read as an object");
  }
  if (rest === input) return reply(impactCall(c, n, arg(input), new Uint8Array(0)));
  const bytes = typeof events === "string" ? utf8.encode(events) : isBytes(events) ? events : utf8.encode(arg(events));
  return reply(impactCall(c, n, arg(rest), bytes));
}

/** The handle `EventLog.fromBytes` passes to the constructor (null otherwise). */
let restored = null;

/**
 * An accumulator of events for KPI reports: push batches in any order, merge
 * logs built by workers or other machines (as bytes), report for any
 * options. Release its wasm memory with `free()` or `using`.
 */
export class EventLog {
  #h;
  #def;

  /** An empty log for the definition `def`. */
  constructor(def) {
    this.#def = definitionOf(def);
    this.#h = restored ?? new LogHandle(this.#def);
  }

  /** A log from `toBytes()`, for the same definition. */
  static fromBytes(def, bytes) {
    if (!isBytes(bytes)) throw error("invalid_input", "invalid_type", "expected a Uint8Array");
    try {
      restored = wrap(() => LogHandle.fromBytes(definitionOf(def), bytes));
      return new EventLog(def);
    } finally {
      restored = null;
    }
  }

  get #handle() {
    if (this.#h === null) throw freed("EventLog");
    return this.#h;
  }

  /** The number of events pushed. */
  get size() {
    return this.#handle.count();
  }

  /** Adds a batch of events, all or nothing; `options` is `{unknownTypes?}`. */
  push(events, options) {
    const h = this.#handle;
    const o = arg(options);
    const none = new Int32Array(0);
    reply(
      withEvents(
        events,
        (c) => h.push(c.leads, c.strings, c.fields, c.ats, utf8.encode(c.atTexts), o),
        (b) => h.push("", "", none, new Float64Array(0), b, o),
      ),
    );
    return this;
  }

  /** Adds another log's events (of the same definition). */
  merge(other) {
    if (!has(other, (o) => #h in o)) throw error("invalid_input", "invalid_type", "expected an EventLog");
    if (other === this) throw error("invalid_input", "invalid_value", "a log cannot merge into itself");
    reply(this.#handle.merge(other.#handle));
    return this;
  }

  /** The report for `options` (as `kpis`). */
  report(options) {
    return reply(this.#handle.report(this.#def, arg(options)));
  }

  /**
   * The report's figures for `options`, as a Partial that merges with the
   * partials of other logs (events partitioned by lead) and moves as bytes.
   */
  partial(options) {
    return wrap(() => new Partial(this.#handle.partial(this.#def, arg(options)), this.#def));
  }

  /** The log as bytes (versioned, with a checksum), for `EventLog.fromBytes`. */
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

/** Runs a wasm constructor, turning the error it throws as JSON text into a RelanceError. */
function wrap(make) {
  try {
    return make();
  } catch (e) {
    throw typeof e === "string" ? fail(e) : e;
  }
}

/** The key `Partial`'s constructor checks: only this module makes partials. */
const MAKE = Symbol("relance.partial");

/**
 * The figures of a KPI report over some leads, for given options, that merge
 * with the figures of other leads (docs/SPEC.md §12): what workers or other
 * machines compute and send as bytes. Release its wasm memory with `free()`
 * or `using`.
 */
export class Partial {
  #h;
  #def;

  /** Use `log.partial(options)` or `Partial.fromBytes(def, bytes)`. */
  constructor(handle, def, key = MAKE) {
    if (key !== MAKE || !(handle instanceof PartialHandle)) throw new TypeError("use log.partial(options) or Partial.fromBytes(def, bytes)");
    this.#h = handle;
    this.#def = def;
  }

  /** A partial report from `toBytes()`, for the same definition. */
  static fromBytes(def, bytes) {
    if (!isBytes(bytes)) throw error("invalid_input", "invalid_type", "expected a Uint8Array");
    const d = definitionOf(def);
    return wrap(() => new Partial(PartialHandle.fromBytes(d, bytes), d));
  }

  get #handle() {
    if (this.#h === null) throw freed("Partial");
    return this.#h;
  }

  /** Adds another partial report's figures (same definition and options); returns this. */
  merge(other) {
    if (!has(other, (o) => #h in o)) throw error("invalid_input", "invalid_type", "expected a Partial");
    if (other === this) throw error("invalid_input", "invalid_value", "a partial report cannot merge into itself");
    reply(this.#handle.merge(other.#handle));
    return this;
  }

  /** The report (its SLA block computed now, from the options' leads and now). */
  report() {
    return reply(this.#handle.report(this.#def));
  }

  /** The partial report as bytes (versioned, with its options, ending with a CRC-32C). */
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
