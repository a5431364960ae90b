// Events read in batches from a file or standard input, for `relance kpis`:
// NDJSON, or a JSON list of events, cut into NDJSON batches of about
// BATCH bytes at record boundaries, so that the text is never held whole.
// Framing only: the engine reads and checks each event (`EventLog.push`).

/** Text that is neither NDJSON nor one JSON list (an unclosed list, text after it, an empty element…), at `line`. */
export class FramingError extends Error {
  constructor(line, message) {
    super(message);
    this.line = line;
  }
}

/** Bytes of text per batch pushed into the engine. */
export const BATCH = 1 << 20;

const NL = 0x0a;

/**
 * Yields `{bytes, firstLine, firstRecord, records, lines?}` batches of NDJSON
 * from a stream of byte chunks (`Uint8Array`s): `firstLine` is the 1-based
 * line of the batch's first line in the input, `firstRecord` the index of its
 * first record. A JSON list (first non-blank byte `[`) is converted on the
 * way, each element on a line of its own; `lines` then gives the line where
 * each element starts in the input. Linear in the input: the pieces of a line
 * (or list element) that spans chunks are joined once, when it ends.
 */
export async function* batches(chunks) {
  let kind = null; // "ndjson" | "list"
  const carry = new Pieces(); // NDJSON: the bytes after the last newline (before the kind is known: the leading blank text)
  let line = 1;
  let record = 0;
  let list = null; // the list splitter's state
  const ndjson = (bytes) => {
    const records = countRecords(bytes);
    const out = unlisted({ bytes, firstLine: line, firstRecord: record, records });
    line += count(bytes, NL);
    record += records;
    return out;
  };
  for await (let chunk of chunks) {
    if (kind === null) {
      const first = firstSignificant(chunk);
      if (first === -1) {
        carry.push(chunk);
        continue;
      }
      if (chunk[first] === 0x5b /* [ */) {
        kind = "list";
        list = new ListSplitter();
        chunk = carry.join(chunk);
      } else kind = "ndjson";
    }
    if (kind === "list") {
      for (const out of list.feed(chunk)) {
        yield unlisted({ ...out, firstRecord: record });
        record += out.records;
      }
      continue;
    }
    // A chunk may be a reused buffer (see `fileChunks`): what outlives this
    // iteration is copied; the batches it yields are used before the next read.
    if (carry.length > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        carry.push(chunk);
        continue;
      }
      // The line that straddles chunks, as a batch of its own.
      const bytes = carry.join(chunk.subarray(0, nl + 1));
      chunk = chunk.subarray(nl + 1);
      yield ndjson(bytes);
    }
    const cut = chunk.lastIndexOf(NL);
    carry.push(chunk.subarray(cut + 1));
    if (cut !== -1) yield ndjson(chunk.subarray(0, cut + 1));
  }
  if (kind === "list") {
    const out = list.end();
    if (out) yield unlisted({ ...out, firstRecord: record });
  } else if (carry.length > 0) {
    yield ndjson(carry.join(new Uint8Array(0)));
  }
}

/**
 * A batch the engine reads as NDJSON. NDJSON text whose first non-blank byte
 * is `[` is one JSON list for the engine (docs/SPEC.md §6: events are a JSON
 * list or NDJSON): a batch whose first record is a list (an element of a JSON
 * list, or a line of NDJSON, that is a list: never an event) would be read
 * whole as one list, and its problem reported at the wrong place. Such a
 * batch starts with a line holding a vertical tab: a blank line for the
 * engine's NDJSON (blank lines are not records), and not JSON whitespace, so
 * the text is NDJSON and its records and their indices are unchanged; that
 * line counts as the one before `firstLine`.
 */
function unlisted(batch) {
  const first = firstSignificant(batch.bytes);
  if (first === -1 || batch.bytes[first] !== 0x5b) return batch;
  const bytes = new Uint8Array(batch.bytes.length + 2);
  bytes[0] = 0x0b;
  bytes[1] = NL;
  bytes.set(batch.bytes, 2);
  return { ...batch, bytes, firstLine: batch.firstLine - 1 };
}

/**
 * A file's bytes in chunks of BATCH bytes, read into one reused buffer (no
 * garbage per chunk): each chunk is valid until the next is asked for.
 */
export async function* fileChunks(handle) {
  const buffer = new Uint8Array(BATCH);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, BATCH, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Bytes collected in pieces (each copied once) and joined once. */
class Pieces {
  list = [];
  length = 0;

  push(bytes) {
    if (bytes.length === 0) return;
    this.list.push(bytes.slice());
    this.length += bytes.length;
  }

  /** The pieces then `last`, in one new array; the pieces are emptied. */
  join(last) {
    const out = new Uint8Array(this.length + last.length);
    let at = 0;
    for (const p of this.list) {
      out.set(p, at);
      at += p.length;
    }
    out.set(last, at);
    this.list = [];
    this.length = 0;
    return out;
  }
}

function count(bytes, byte) {
  let n = 0;
  for (let i = bytes.indexOf(byte); i !== -1; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}

/** The index of the first byte that is not JSON whitespace nor a BOM, or -1. */
function firstSignificant(bytes) {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return i;
  }
  return -1;
}

/** Whether a line (bytes) is blank, as the engine reads NDJSON (its records leave blank lines out). */
function blank(bytes, from, to) {
  const b = bytes[from];
  // A line that starts with a printable ASCII character is not blank.
  if (from < to && b > 0x20 && b < 0x80) return false;
  const s = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("utf8");
  return /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(s);
}

/** Records (non-blank lines) in NDJSON bytes. */
export function countRecords(bytes) {
  let n = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NL, start);
    if (end === -1) end = bytes.length;
    if (!blank(bytes, start, end)) n++;
    start = end + 1;
  }
  return n;
}

/** The 1-based line, within NDJSON `bytes`, of record `index` (0-based, blank lines left out). */
export function lineOfRecord(bytes, index) {
  let start = 0;
  let line = 1;
  let n = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NL, start);
    if (end === -1) end = bytes.length;
    if (!blank(bytes, start, end) && n++ === index) return line;
    start = end + 1;
    line++;
  }
  return line;
}

/**
 * Splits a JSON list's text, arriving in chunks, into its elements, and
 * emits them as NDJSON batches: each element on one line (its line breaks,
 * outside strings, are JSON whitespace, written as spaces). Tracks strings
 * and nesting only, and refuses, with its line, what would change meaning on
 * the way: an empty element (`[a,,b]`, `[a,]`), a line break inside a string
 * (not JSON; NDJSON would cut the element there), a `}` that closes the list.
 * Any other malformed element is passed as it is, and the engine refuses it
 * with its index.
 */
class ListSplitter {
  depth = 0;
  inString = false;
  escape = false;
  line = 1;
  /** Bytes of the batch being built, and of the element being read. */
  parts = [];
  size = 0;
  element = [];
  elementLine = 1;
  /** Whether an element has started and not ended. */
  open = false;
  /** Whether the last element ended with a comma (another must follow). */
  comma = false;
  /** Whether the list's opening bracket was read. */
  started = false;
  lines = [];
  records = 0;

  *feed(chunk) {
    let from = this.open ? 0 : -1; // start of the element's bytes in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (b === NL || b === 0x0d) throw new FramingError(this.line, "not valid JSON: a line break inside a string");
        if (this.escape) this.escape = false;
        else if (b === 0x5c) this.escape = true;
        else if (b === 0x22) this.inString = false;
        continue;
      }
      if (b === NL) this.line++;
      if (this.depth === 0) {
        if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
        if (b === 0x5b && !this.started) {
          this.started = true;
          this.depth = 1;
          continue;
        }
        if (!this.started && b === 0xef && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf) {
          i += 2; // a byte-order mark
          continue;
        }
        throw new FramingError(this.line, this.started ? "text after the JSON list of events" : "expected a JSON list of events");
      }
      if (this.depth === 1 && (b === 0x2c || b === 0x5d)) {
        // The end of an element (or of the list).
        if (this.open) {
          if (from !== -1) this.element.push(chunk.subarray(from, i));
          from = -1;
          this.open = false;
          this.#finishElement();
        } else if (b === 0x2c || this.comma) {
          throw new FramingError(this.line, "not valid JSON: an empty element in the JSON list of events");
        }
        this.comma = b === 0x2c;
        if (b === 0x5d) this.depth = 0;
        if (this.size >= BATCH) yield this.#flush();
        continue;
      }
      if (this.depth === 1 && b === 0x7d) throw new FramingError(this.line, "not valid JSON: a } closes the JSON list of events");
      if (!this.open && !(b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
        this.open = true;
        from = i;
        this.elementLine = this.line;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x5b || b === 0x7b) this.depth++;
      else if (b === 0x5d || b === 0x7d) this.depth--;
    }
    if (from !== -1) this.element.push(chunk.slice(from));
  }

  #finishElement() {
    let length = 0;
    for (const p of this.element) length += p.length;
    const bytes = new Uint8Array(length + 1);
    let at = 0;
    for (const p of this.element) {
      bytes.set(p, at);
      at += p.length;
    }
    // Line breaks, all outside strings (`feed` refuses one inside), are whitespace.
    for (let i = bytes.indexOf(NL); i !== -1 && i < length; i = bytes.indexOf(NL, i + 1)) bytes[i] = 0x20;
    for (let i = bytes.indexOf(0x0d); i !== -1 && i < length; i = bytes.indexOf(0x0d, i + 1)) bytes[i] = 0x20;
    bytes[length] = NL;
    this.lines.push(this.elementLine);
    this.parts.push(bytes);
    this.size += bytes.length;
    this.records++;
    this.element = [];
  }

  #flush() {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const out = { bytes, firstLine: this.lines[0], records: this.records, lines: this.lines };
    this.lines = [];
    this.parts = [];
    this.size = 0;
    this.records = 0;
    return out;
  }

  end() {
    if (this.depth !== 0 || this.inString) throw new FramingError(this.line, "the JSON list of events is not closed");
    return this.records > 0 ? this.#flush() : null;
  }
}
