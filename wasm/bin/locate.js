// Where a problem sits in a file: its JSON Pointer resolved against the
// file's text to a line and a column (docs/SPEC.md §11). Text positions only:
// what is wrong is the engine's answer (`Workflow.lintJson`).

/**
 * Locates JSON Pointers in `text` (JSON that the engine parsed, so
 * well-formed). One pass over the text records, for every member and
 * element, where its key and its value start.
 */
export class Locator {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
    /** pointer → {key, value}: offsets (UTF-16) of the member's key (members only) and value. */
    this.spots = new Map();
    this.lineStarts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    try {
      this.#pos = 0;
      this.#value("", undefined);
    } catch {
      // Not JSON after all: every pointer falls back to the start.
    }
  }

  #pos = 0;

  #ws() {
    const t = this.text;
    while (this.#pos < t.length) {
      const c = t.charCodeAt(this.#pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) this.#pos++;
      else break;
    }
  }

  /** Skips a string token starting at the opening quote; returns its decoded text. */
  #string() {
    const t = this.text;
    const start = this.#pos;
    let i = start + 1;
    let plain = true;
    while (t[i] !== '"') {
      if (i >= t.length) throw new Error("unterminated string");
      if (t[i] === "\\") {
        plain = false;
        i++;
      }
      i++;
    }
    this.#pos = i + 1;
    return plain ? t.slice(start + 1, i) : JSON.parse(t.slice(start, i + 1));
  }

  #value(pointer, key) {
    this.#ws();
    const t = this.text;
    this.spots.set(pointer, { key, value: this.#pos });
    const c = t[this.#pos];
    if (c === "{") {
      this.#pos++;
      this.#ws();
      if (t[this.#pos] === "}") return void this.#pos++;
      for (;;) {
        this.#ws();
        const keyAt = this.#pos;
        const name = this.#string();
        this.#ws();
        this.#pos++; // :
        this.#value(`${pointer}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`, keyAt);
        this.#ws();
        if (t[this.#pos++] === "}") return;
      }
    }
    if (c === "[") {
      this.#pos++;
      this.#ws();
      if (t[this.#pos] === "]") return void this.#pos++;
      for (let n = 0; ; n++) {
        this.#value(`${pointer}/${n}`, undefined);
        this.#ws();
        if (t[this.#pos++] === "]") return;
      }
    }
    if (c === '"') return void this.#string();
    while (this.#pos < t.length && !",}] \t\n\r".includes(t[this.#pos])) this.#pos++;
  }

  /**
   * The 1-based line and column of a problem `{path, code, column?}`: the
   * key of an unknown key, the value otherwise, the condition's own column
   * inside a condition string; for a pointer the text does not have (a
   * missing key), the nearest enclosing value.
   */
  locate(problem) {
    let pointer = problem.path ?? "";
    let spot = this.spots.get(pointer);
    while (spot === undefined && pointer !== "") {
      pointer = pointer.slice(0, pointer.lastIndexOf("/"));
      spot = this.spots.get(pointer);
    }
    let offset = spot === undefined ? 0 : spot.value;
    if (spot !== undefined && pointer === problem.path) {
      if (problem.code === "unknown_key" && spot.key !== undefined) offset = spot.key;
      else if (problem.column > 0 && this.text[offset] === '"') offset = this.#inString(offset, problem.column);
    }
    return this.position(offset);
  }

  /** The offset of the `column`-th character (1-based, in decoded characters) of the string token at `start`. */
  #inString(start, column) {
    const t = this.text;
    let i = start + 1;
    for (let n = 1; n < column && t[i] !== '"' && i < t.length; n++) {
      if (t[i] === "\\") {
        const low = t[i + 1] === "u" && /^[dD][89abAB]/.test(t.slice(i + 2, i + 4)) && t[i + 6] === "\\";
        i += t[i + 1] === "u" ? (low ? 12 : 6) : 2;
      } else i += t.codePointAt(i) > 0xffff ? 2 : 1;
    }
    return i;
  }

  /** 1-based line and column (in characters) of an offset. */
  position(offset) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const before = this.text.slice(this.lineStarts[lo], offset);
    return { line: lo + 1, column: [...before].length + 1 };
  }

  /**
   * The position serde_json gives in an `invalid_json` message ("… at line 3
   * column 7", the column counted in bytes), in characters; null without one.
   */
  fromJsonMessage(message) {
    const m = / at line (\d+) column (\d+)$/.exec(message);
    if (!m) return null;
    const line = Number(m[1]);
    const start = this.lineStarts[line - 1];
    if (start === undefined) return { line, column: Number(m[2]) };
    const end = this.lineStarts[line] ?? this.text.length;
    const bytes = Buffer.from(this.text.slice(start, end)).subarray(0, Math.max(0, Number(m[2]) - 1));
    return { line, column: [...bytes.toString("utf8")].length + 1 };
  }
}

/**
 * Where UTF-8 `bytes` first go wrong: `{offset, byte, line, column}` (1-based
 * line and column, in characters, of the first byte that is not part of a
 * well-formed UTF-8 sequence), or null for well-formed UTF-8. Linear; for a
 * message, once decoding failed.
 */
export function utf8Error(bytes) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a) {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    // The length of the sequence, and the range of its second byte (no overlong form, surrogate or code point past U+10FFFF).
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let ok = n > 0 && bytes[i + 1] >= lo && bytes[i + 1] <= hi;
    for (let k = 2; ok && k <= n; k++) ok = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xbf;
    if (!ok) {
      // (A byte-order mark, left out of the text, only at the start.)
      const before = new TextDecoder("utf-8", { ignoreBOM: lineStart > 0 }).decode(bytes.subarray(lineStart, i));
      return { offset: i, byte: b, line, column: [...before].length + 1 };
    }
    i += n + 1;
  }
  return null;
}
