// The entry point `relance` of the npm package: per-lead work, what a front
// end loads. The engine (Rust, compiled to WebAssembly and inlined in
// relance_wasm.js) takes and returns JSON text; boundary.js converts values
// and errors. The methods of `Workflow` are built from the engine's own
// table of operations (relance_core::ops), so names, arguments and their
// positions are declared once, in Rust. No rule lives here.
import { Handle, initSync, operations } from "./relance.js";
import bytes from "./relance_wasm.js";
import { DEFINITION, RelanceError, arg, fail, freed, guardAll, isArray, reply, text } from "./boundary.js";

export { RelanceError };

// The exports, including the shadow stack pointer (exported by the linker:
// see .cargo/config.toml).
const wasm = initSync({ module: bytes });

/** Objects whose wasm memory may be inconsistent after an engine failure: never freed. */
const tainted = new WeakSet();
const guard = guardAll(wasm, [Handle], tainted);

/** The operations of this entry point, as relance_core::ops declares them. */
const surface = JSON.parse(guard(operations)());
const CONVERT = { json: arg, text, definition: text };

/** The position of `toJSON` in the workflow operations (set in Workflow's static block). */
let toJsonIndex = -1;

function load(make) {
  try {
    return new Workflow(make());
  } catch (e) {
    throw typeof e === "string" ? fail(e) : e;
  }
}

/**
 * A loaded workflow definition: every per-lead operation of the engine.
 * Create one with `Workflow.fromJson(definition)` or `Workflow.preset(name)`;
 * release its wasm memory with `free()` or `using`.
 */
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

  /** The handle, or a RelanceError once freed. */
  get #handle() {
    if (this.#h === null) throw freed("Workflow");
    return this.#h;
  }

  /** The definition's JSON text, for `relance/analytics` (see boundary.js). */
  [DEFINITION]() {
    return this.#handle.call(toJsonIndex, "", "", "");
  }

  free() {
    const h = this.#h;
    this.#h = null;
    if (h !== null && !tainted.has(h)) h.free();
  }

  [Symbol.dispose]() {
    this.free();
  }

  static {
    // One static per global operation, one method per workflow operation,
    // each converting its arguments as the table declares them.
    let g = 0;
    let w = 0;
    for (const op of surface.operations) {
      const [fa, fb, fc] = op.args.map((a) => CONVERT[a.kind]);
      if (op.receiver === "global") {
        const index = g++;
        let f = [() => reply(Handle.global(index, "")), (a) => reply(Handle.global(index, fa(a)))][op.args.length];
        if (op.name === "lintJson") f = lintJson(f);
        Object.defineProperty(Workflow, op.name, { value: named(op.name, f), writable: true, configurable: true });
      } else if (op.receiver === "workflow") {
        const index = w++;
        if (op.name === "toJSON") toJsonIndex = index;
        const call = (self, a, b, c) => reply(self.#handle.call(index, a, b, c));
        const method = [
          function () {
            return call(this, "", "", "");
          },
          function (a) {
            return call(this, fa(a), "", "");
          },
          function (a, b) {
            return call(this, fa(a), fb(b), "");
          },
          function (a, b, c) {
            return call(this, fa(a), fb(b), fc(c));
          },
        ][op.args.length];
        // `id` is a property; the rest are methods.
        const d = op.name === "id" ? { get: method } : { value: named(op.name, method), writable: true };
        Object.defineProperty(Workflow.prototype, op.name, { ...d, configurable: true });
      }
    }
    // `queue` over an array of leads answers with the caller's own lead
    // objects (the engine gives positions): no copy of each lead.
    const { queue, queueOrder } = Workflow.prototype;
    Workflow.prototype.queue = named("queue", function (leads, options) {
      if (!isArray(leads)) return queue.call(this, leads, options);
      return queueOrder.call(this, leads, options).map(({ index, reason, dueAt }) =>
        dueAt === undefined ? { lead: leads[index], reason } : { lead: leads[index], reason, dueAt },
      );
    });
  }
}


function named(name, f) {
  return Object.defineProperty(f, "name", { value: name });
}

/** `lintJson` never throws for a definition: an argument that cannot be read is its error list. */
function lintJson(f) {
  return (definition) => {
    try {
      return f(definition);
    } catch (e) {
      if (e instanceof RelanceError) return { errors: e.details, warnings: [] };
      throw e;
    }
  };
}
