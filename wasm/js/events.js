// Events as columns: an array of event objects turned into a few typed
// arrays and two small JSON lists, so that a million events cross into the
// engine without a JSON text of each (what JSON.stringify + a parse in wasm
// would cost). This is transport only: the engine checks every value.
//
// Only the fields an event's type uses are read, as the engine reads them
// (docs/SPEC.md §6: other keys are ignored).
//
// `encode` returns null for anything it does not read exactly as
// JSON.stringify would (an event that is not a plain object, a lead that is
// not a string or a safe integer, an `at` that is not a string, a number or
// a Date...): the caller then sends JSON text, and the engine reports the
// problem with its path.

const FIELDS = 9;

export function encode(events) {
  if (!Array.isArray(events)) return null;
  const n = events.length;
  const fields = new Int32Array(n * FIELDS);
  const ats = new Float64Array(n);
  const atTexts = [];
  const strings = new Map();
  const stringList = [];
  // Lead ids: strings and numbers apart ("1" and 1 are two leads).
  const leadStrings = new Map();
  const leadNumbers = new Map();
  const leadList = [];
  let plain = true;
  const str = (v) => {
    if (v === undefined || v === null) return -1;
    if (typeof v !== "string") return (plain = false), -1;
    let i = strings.get(v);
    if (i === undefined) {
      i = stringList.length;
      strings.set(v, i);
      stringList.push(v);
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (e === null || typeof e !== "object") return null;
    const proto = Object.getPrototypeOf(e);
    if (proto !== Object.prototype && proto !== null) return null;
    const o = i * FIELDS;
    const lead = e.lead;
    if (lead === undefined || lead === null) fields[o] = -1;
    else {
      // A number that is not a safe integer may not be the id the text had
      // (1234567890123456789): the engine reads such events from the text.
      const ids = typeof lead === "string" ? leadStrings : Number.isSafeInteger(lead) ? leadNumbers : null;
      if (ids === null) return null;
      let l = ids.get(lead);
      if (l === undefined) {
        l = leadList.length;
        ids.set(lead, l);
        leadList.push(lead);
      }
      fields[o] = l;
    }
    const at = e.at;
    if (typeof at === "string") {
      if (at.length === 0 || at.includes("\n")) return null;
      fields[o + 8] = atTexts.length;
      atTexts.push(at);
    } else {
      const ms = typeof at === "number" ? at : at instanceof Date ? at.getTime() : NaN;
      // NaN, Infinity and invalid Dates are null in JSON: the JSON path reports them.
      if (!Number.isFinite(ms)) return null;
      fields[o + 8] = -1;
      ats[i] = ms;
    }
    // Only the fields the event's type uses (as the engine reads them).
    const type = e.type;
    fields[o + 1] = str(type);
    fields[o + 2] = str(e.actor);
    if (type === "status") {
      fields[o + 3] = str(e.from);
      fields[o + 4] = str(e.to);
      fields[o + 5] = fields[o + 6] = fields[o + 7] = -1;
    } else if (type === "note") {
      const outcome = e.outcome;
      fields[o + 3] = fields[o + 4] = fields[o + 5] = -1;
      fields[o + 6] = str(outcome);
      fields[o + 7] = outcome === undefined || outcome === null ? str(e.text) : -1;
    } else {
      fields[o + 3] = fields[o + 4] = fields[o + 6] = fields[o + 7] = -1;
      fields[o + 5] = type === "created" ? str(e.status) : -1;
    }
    if (!plain) return null;
  }
  return { leads: JSON.stringify(leadList), strings: JSON.stringify(stringList), fields, ats, atTexts: atTexts.join("\n") };
}
