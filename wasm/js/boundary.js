// What both entry points of the package share: the one RelanceError class,
// and the conversions at the wasm boundary. Each engine call takes JSON text
// and answers JSON text (or "!" and an error as JSON); values are turned
// into JSON text here, in one place, so no JavaScript value reaches a typed
// wasm parameter. No rule lives here.
import { toJson } from "./json.js";

/**
 * Every failure of relance: an Error with a machine-readable `code` and
 * `details` (problems `{path, code, message, column?}`, or, for refusals,
 * the violations `{code, message, field?, params}`). One class for both
 * entry points, `relance` and `relance/analytics`.
 */
export class RelanceError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = "RelanceError";
    this.code = code;
    this.details = details;
  }
}

/** A RelanceError with one problem at the argument's root. */
export function error(code, problem, message) {
  return new RelanceError(code, message, [{ path: "", code: problem, message }]);
}

function describe(e) {
  try {
    return String(e instanceof Error ? e.message : e);
  } catch {
    return "an unprintable value";
  }
}

/** An error thrown as JSON text by a wasm constructor. */
export function fail(json) {
  const e = JSON.parse(json);
  return new RelanceError(e.code, e.message, e.details);
}

/** A reply of the engine: JSON, or "!" and an error as JSON. */
export function reply(text) {
  if (text.charCodeAt(0) === 33) throw fail(text.slice(1));
  return JSON.parse(text);
}

/** JSON text of any argument; `undefined` (and what JSON omits) is `null`. */
export function arg(value) {
  if (value === undefined) return "null";
  try {
    return toJson(value) ?? "null";
  } catch (e) {
    throw error("invalid_input", "invalid_type", `this value cannot be converted to JSON (${describe(e)})`);
  }
}

/** A definition or a bulk input: JSON text as given (what a server read
 *  from its store), or any value as JSON. */
export function text(value) {
  return typeof value === "string" ? value : arg(value);
}

/** `Array.isArray`, false for a revoked proxy (the conversion of the argument reports it). */
export function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** Whether `value` is bytes (false for a revoked proxy, which throws on `instanceof`). */
export function isBytes(value) {
  try {
    return value instanceof Uint8Array;
  } catch {
    return false;
  }
}

/**
 * The key under which a `Workflow` of `relance` hands its definition's JSON
 * text to `relance/analytics`, which loads it in its own module.
 */
export const DEFINITION = Symbol.for("relance.definition");

/** Brand checks that never throw (a revoked proxy answers false). */
export function has(object, check) {
  try {
    return typeof object === "object" && object !== null && check(object);
  } catch {
    return false;
  }
}

/**
 * Wraps every method of wasm-bindgen's classes so that a trap (a panic of
 * the engine, a defect) or a stack overflow surfaces as a RelanceError and
 * leaves the module, and every other object, working: the shadow stack
 * pointer a trap leaves behind is restored. Objects a trap interrupted are
 * never freed (their memory may be inconsistent): `tainted` holds them.
 */
export function guardAll(wasm, classes, tainted) {
  const guard = (f) =>
    function guarded(...args) {
      const sp = wasm.__stack_pointer.value;
      try {
        return f.apply(this, args);
      } catch (e) {
        const trap = e instanceof WebAssembly.RuntimeError;
        if (!trap && !(e instanceof RangeError)) throw e;
        wasm.__stack_pointer.value = sp;
        if (classes.some((c) => this instanceof c)) tainted.add(this);
        if (trap) throw error("engine_error", "panic", `the engine stopped on this input (a defect: please report it): ${describe(e)}`);
        throw error("limit_exceeded", "too_deep", `this input is too large or too deep for the engine: ${describe(e)}`);
      }
    };
  for (const c of classes) {
    for (const target of [c, c.prototype]) {
      for (const name of Object.getOwnPropertyNames(target)) {
        const d = Object.getOwnPropertyDescriptor(target, name);
        if (name !== "constructor" && typeof d.value === "function") Object.defineProperty(target, name, { ...d, value: guard(d.value) });
      }
    }
  }
  return guard;
}

/** The error of using an object after `free()`. */
export function freed(what) {
  return error("invalid_input", "freed", `this ${what} was freed`);
}
