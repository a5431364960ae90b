// JSON text of a JavaScript value, exactly as JSON.stringify writes it, at
// any depth: V8's JSON.stringify is recursive and gives up near 4,500
// levels, so a RangeError falls back to an iterative writer. (JSON.parse,
// used for results, is iterative in V8 and has no such limit.)
export function toJson(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return deepStringify(value);
  }
}

function prepare(key, v) {
  if (v !== null && (typeof v === "object" || typeof v === "bigint") && typeof v.toJSON === "function") v = v.toJSON(key);
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}

// The text of a primitive, undefined for values JSON omits, null for containers.
function scalar(v) {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    default:
      return v === null ? "null" : null;
  }
}

function deepStringify(root) {
  const parts = [];
  const frames = [];
  const open = new Set();
  const write = (v) => {
    const s = scalar(v);
    if (s !== null) return void parts.push(s);
    if (open.has(v)) throw new TypeError("Converting circular structure to JSON");
    open.add(v);
    const isArray = Array.isArray(v);
    parts.push(isArray ? "[" : "{");
    frames.push({ v, isArray, keys: isArray ? null : Object.keys(v), i: 0, n: 0 });
  };
  write(prepare("", root));
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    const len = f.isArray ? f.v.length : f.keys.length;
    if (f.i >= len) {
      parts.push(f.isArray ? "]" : "}");
      open.delete(f.v);
      frames.pop();
      continue;
    }
    const k = f.isArray ? f.i : f.keys[f.i];
    f.i += 1;
    const v = prepare(String(k), f.v[k]);
    const omitted = scalar(v) === undefined;
    if (f.isArray) {
      if (f.n++ > 0) parts.push(",");
      if (omitted) parts.push("null");
      else write(v);
    } else if (!omitted) {
      if (f.n++ > 0) parts.push(",");
      parts.push(JSON.stringify(k), ":");
      write(v);
    }
  }
  return parts.join("");
}
