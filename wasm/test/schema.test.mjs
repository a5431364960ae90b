// relance/workflow.schema.json (docs/SPEC.md §11) against the loader it
// describes. The schema is written by hand (wasm/schema/); these tests keep
// it from drifting:
// - every definition that loads (presets, the demo's workflows, vectors, a
//   fixture using every key) validates;
// - the keys the schema declares at each place are the keys the loader
//   accepts there (read from the loader's own unknown_key messages);
// - its patterns (durations, intervals, dates, country codes, selectors,
//   non-empty strings) accept exactly what the loader accepts, string by string;
// - a differential test over mutated presets: whatever the schema refuses,
//   the loader refuses; whatever the loader refuses for a shape reason, the
//   schema refuses.
// The validator is ajv (draft 2020-12), a dev dependency: the package itself
// never validates with the schema, the loader does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { Workflow } from "../pkg/index.js";
import { samples } from "../../js-demo/samples.js";
import { vectorFiles } from "./support.mjs";

const source = readFileSync(new URL("../schema/workflow.schema.json", import.meta.url), "utf8");
const shipped = readFileSync(new URL("../pkg/workflow.schema.json", import.meta.url), "utf8");
const schema = JSON.parse(shipped);
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(schema);
const fixture = JSON.parse(readFileSync(new URL("./fixtures/every-key.json", import.meta.url), "utf8"));

const loads = (def) => Workflow.lintJson(def).errors.length === 0;
const why = () => ajv.errorsText(validate.errors, { separator: "; " });

/** The value at a JSON Pointer, or undefined. */
function at(value, pointer) {
  if (pointer === "") return value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, token)) return undefined;
    value = value[token];
  }
  return value;
}

/**
 * Whether a load problem is about the definition's shape: something a JSON
 * Schema expresses (a key, a type, a required key, a pattern, an enum, a
 * list that must not be empty, a reserved name). What is not: references
 * (unknown status, calendar, a group or category that matches no status, a
 * timer moving to a status its own selector matches), duplicate ids,
 * conditions that do not compile, time zone names, a duration past the range
 * of times, the size of the definition.
 */
function isShape(p, def) {
  switch (p.code) {
    case "unknown_key":
    case "invalid_type":
    case "missing":
    case "invalid_date":
    case "reserved_key":
    case "reserved_id":
    case "no_initial":
    case "no_open_time":
    case "empty_interval":
      return true;
    case "invalid_duration":
      return !p.message.includes("(too long)");
    case "invalid_value":
      return !p.path.endsWith("/then/moveTo");
    case "empty_selector": {
      const v = at(def, p.path);
      return Array.isArray(v) && v.length === 0;
    }
    default:
      return false;
  }
}

/** The disagreement between the schema and the loader on `def`, or null. */
function disagreement(def) {
  const schemaOk = validate(def);
  const { errors } = Workflow.lintJson(def);
  if (!schemaOk && errors.length === 0) return { kind: "the schema refuses what the loader accepts", schema: why() };
  const shape = errors.filter((p) => isShape(p, def));
  if (schemaOk && shape.length > 0) return { kind: "the loader refuses its shape, the schema accepts", loader: shape };
  return null;
}

test("the shipped schema is the source, and a valid draft 2020-12 schema", () => {
  assert.equal(shipped, source);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.ok(ajv.validateSchema(schema), ajv.errorsText());
});

test("every preset validates", () => {
  const names = Workflow.presets();
  assert.ok(names.length >= 5);
  for (const name of names) assert.ok(validate(Workflow.presetJson(name)), `${name}: ${why()}`);
});

test("every workflow of the demo validates", () => {
  // The demo loads each sample's preset and edits its toJSON() copy.
  const names = Object.keys(samples);
  assert.ok(names.length >= 5);
  for (const name of names) {
    const wf = Workflow.preset(name);
    assert.ok(validate(wf.toJSON()), `${name}: ${why()}`);
    wf.free();
  }
});

/** Every definition in tests/vectors: the files' workflows and the definitions given to load, lintJson and impact. */
function vectorDefinitions() {
  const defs = [];
  for (const file of vectorFiles()) {
    if (file.workflow !== undefined && typeof file.workflow !== "string") defs.push([`${file.name}: workflow`, file.workflow]);
    for (const c of file.cases) {
      const arg = c.args?.[0];
      if (!["load", "lintJson", "impact"].includes(c.op) || arg === undefined) continue;
      if (c.op === "impact" && typeof arg === "string") continue; // a preset's name
      let def = arg;
      if (typeof arg === "string") {
        try {
          def = JSON.parse(arg);
        } catch {
          continue; // not JSON: nothing for a schema to say
        }
      }
      defs.push([`${file.name}: ${c.name}`, def]);
    }
  }
  return defs;
}

test("every vector definition that loads validates; those refused for their shape are refused by the schema", (t) => {
  const defs = vectorDefinitions();
  let loading = 0;
  for (const [name, def] of defs) {
    if (loads(def)) {
      loading++;
      assert.ok(validate(def), `${name}: ${why()}`);
    }
    const d = disagreement(def);
    assert.equal(d, null, `${name}: ${JSON.stringify(d)}`);
  }
  t.diagnostic(`${defs.length} vector definitions, ${loading} of them load`);
  assert.ok(loading >= 20, `${loading}`);
});

test("the fixture using every key loads and validates", () => {
  assert.deepEqual(Workflow.lintJson(fixture), { errors: [], warnings: [] });
  assert.ok(validate(fixture), why());
});

/** A schema node, following `$ref`s. */
function node(path) {
  let s = schema;
  for (const k of path) {
    s = s[k];
    while (s.$ref) s = s.$ref.slice(2).split("/").reduce((o, k) => o[k], schema);
  }
  return s;
}

test("at each place, the schema declares exactly the keys the loader accepts, each with a description", () => {
  // A place in the fixture, and the schema's object there (a path into the
  // schema). The loader names the keys it accepts when it refuses one.
  const places = [
    ["", []],
    ["/fields/declineReason", ["$defs", "field"]],
    ["/statuses/0", ["$defs", "status"]],
    ["/transitions/0", ["$defs", "rule"]],
    ["/timers/0", ["$defs", "timer"]],
    ["/timers/0/then", ["$defs", "timerAction"]],
    ["/timers/1/then", ["$defs", "timerAction"]],
    ["/timers/2/states", ["$defs", "timer", "properties", "states"]],
    ["/funnel/0", ["$defs", "funnelStep"]],
    ["/noteTemplates/0", ["$defs", "noteTemplate"]],
    ["/tagRules/0", ["$defs", "tagRule"]],
    ["/hide/0", ["$defs", "hideRule"]],
    ["/queue", ["$defs", "queue"]],
    ["/outcomes/fr", ["$defs", "outcomes", "additionalProperties"]],
    ["/reservation", ["$defs", "reservation"]],
    ["/external/onelead/Sold", ["$defs", "externalStatus"]],
    ["/calendars/office", ["$defs", "calendar"]],
    ["/calendars/office/week", ["$defs", "calendar", "properties", "week"]],
  ];
  // Each kind of effect, by its key (the fixture has each in some onEnter).
  const kinds = node(["$defs", "effect"]).oneOf;
  for (const [i, kind] of kinds.entries()) {
    const s = fixture.statuses.findIndex((s) => s.onEnter?.some((e) => kind.title in e));
    const e = fixture.statuses[s].onEnter.findIndex((e) => kind.title in e);
    places.push([`/statuses/${s}/onEnter/${e}`, ["$defs", "effect", "oneOf", i]]);
  }
  assert.equal(kinds.length, 8);
  for (const [pointer, path] of places) {
    const def = structuredClone(fixture);
    at(def, pointer).zzz = "x";
    const problem = Workflow.lintJson(def).errors.find((p) => p.path === `${pointer}/zzz`);
    assert.equal(problem?.code, "unknown_key", `${pointer}: ${JSON.stringify(problem)}`);
    // "…; expected one of: a, b, c", "unknown day …; expected one of: mon, …",
    // "… is not an SLA state (pending, met, metLate, breached)", "… is not an outcome".
    let accepted = /expected one of: (.*)$/.exec(problem.message)?.[1] ?? /\(([^)]*)\)$/.exec(problem.message)?.[1];
    if (problem.message.endsWith("is not an outcome")) accepted = "positive, negative, partial, unclassified";
    assert.ok(accepted, problem.message);
    // A choice of objects (a timer's move or alert) declares the keys of its branches.
    const objects = node(path).oneOf ?? [node(path)];
    const declared = [...new Set(objects.flatMap((o) => Object.keys(o.properties)))].sort();
    assert.deepEqual(declared, accepted.split(", ").sort(), pointer);
    for (const o of objects) assert.equal(o.additionalProperties, false, `${pointer}: additionalProperties`);
    // Every key is described, for editors (itself, or the definition it refers to).
    for (const o of objects) {
      for (const [key, sub] of Object.entries(o.properties)) {
        const described = sub.description ?? (sub.$ref && node(sub.$ref.slice(2).split("/")).description);
        assert.ok(described, `${pointer}/${key} has no description`);
      }
    }
    assert.ok(!validate(def), `${pointer}: the schema accepts an unknown key`);
  }
});

ajv.addSchema(schema, "workflow");
const defOf = (sub) => ajv.getSchema(`workflow#/$defs/${sub}`);

/**
 * Puts each candidate at its own place in one definition (`build`), loads
 * it once, and compares the loader's verdict at each place (`pointer(i)`; a
 * problem for which `refuses` is true) with the verdict of the schema's
 * `$defs/<sub>` on the candidate. Returns the candidates they differ on.
 * Problems of `otherCodes` are expected elsewhere; any other fails the test.
 */
function verdicts(candidates, build, pointer, refuses, sub, otherCodes = []) {
  const def = build(candidates);
  const problems = Workflow.lintJson(def).errors;
  const accounted = (p) => refuses(p) || (p.code === "invalid_duration" && p.message.includes("(too long)"));
  const refused = new Set(problems.filter(refuses).map((p) => p.path));
  const other = problems.filter((p) => !accounted(p) && !otherCodes.includes(p.code));
  assert.deepEqual(other, [], "only the candidates may be refused");
  const check = defOf(sub);
  const differ = candidates.filter((c, i) => refused.has(pointer(i)) === check(c)).map((c) => JSON.stringify(c));
  return { differ, refused: refused.size };
}

const base = (extra = {}) => ({
  id: "w",
  statuses: [
    { id: "a", category: "open", initial: true },
    { id: "b", category: "won" },
    { id: "c", category: "lost" },
    { id: "d", category: "closed" },
  ],
  ...extra,
});

/** A seeded generator (mulberry32): the same strings every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Every whitespace of Rust's `str::trim`, of JavaScript's `\s`, and look-alikes.
const SPACES = [" ", "\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u200b", "\u180e", "\u001c"];

test("durations: the pattern accepts exactly what the loader reads", (t) => {
  const rnd = random(7);
  const pick = (l) => l[Math.floor(rnd() * l.length)];
  const fixed = ["90s", "30m", "72h", "7d", "1d12h", "PT72H", "P7D", "P1W", "P1DT2H", "pt1h", "p1d", "P1dT2h", "250ms", "1m30s", "0s", "P0D",
    "PT0.25S", "PT1.001S", "PT2M0.999999S", "1w2d3h4m5s6ms", "00000000000000001s", "000000000000000001s", "P1Y", "P1M", "PT", "P", "P1DT", "PT1.5H",
    "1.5h", "1.s", ".5s", "PT.5S", "-1h", "+1h", "1h1d", "1h1h", "1H", "1D", "7", "d", "", " 7d", "7d ", "\u00857d\u0085", "\ufeff7d", "1 h", "1h 2m",
    "P1.5D", "PT1S.5", "P1W1D", "P1D1W", "PT1H1H", "PT1M1H", "5ms5s", "5m5ms", "1ms", "1mm", "１h", "P１D", "PT1,5S", "PT1.5s"];
  // Well-formed durations (each unit in order, or not), then one slip in some.
  const number = () => String(Math.floor(rnd() * (rnd() < 0.1 ? 1e6 : 100))).padStart(rnd() < 0.05 ? 3 : 1, "0");
  const gen = [];
  for (let i = 0; i < 3000; i++) {
    const iso = rnd() < 0.45;
    const units = iso ? ["W", "D", "T", "H", "M", "S"] : ["w", "d", "h", "m", "s", "ms"];
    let s = iso ? pick(["P", "p"]) : "";
    let tSeen = false;
    for (const u of units) {
      if (u === "T") {
        if (rnd() < 0.6) (s += pick(["T", "t"])), (tSeen = true);
        continue;
      }
      if (iso && ["H", "M", "S"].includes(u) && !tSeen) continue;
      if (rnd() < 0.4) s += number() + (u === "S" && rnd() < 0.3 ? `.${number()}` : "") + (iso && rnd() < 0.3 ? u.toLowerCase() : u);
    }
    if (rnd() < 0.3) {
      const at = Math.floor(rnd() * (s.length + 1));
      const slip = pick(["", ".", "5", "Y", "M", "m", "T", "h", "-", " ", "P", ...SPACES]);
      s = rnd() < 0.5 ? s.slice(0, at) + slip + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
    }
    if (rnd() < 0.05) s = pick(SPACES) + s;
    if (rnd() < 0.05) s += pick(SPACES);
    gen.push(s);
  }
  const all = [...fixed, ...gen];
  const { differ, refused } = verdicts(
    all,
    (c) => base({ timers: c.map((after, i) => ({ id: `t${i}`, status: "a", after })) }),
    (i) => `/timers/${i}/after`,
    (p) => p.code === "invalid_duration" && !p.message.includes("(too long)"),
    "duration",
  );
  t.diagnostic(`${all.length} durations, ${refused} refused by the loader`);
  assert.deepEqual(differ, []);
  assert.ok(refused > 500 && refused < all.length - 500);
});

test("durations past the range of times are the loader's alone", () => {
  const { errors } = Workflow.lintJson(base({ timers: [{ id: "t", status: "a", after: "99999999999999999d" }] }));
  assert.equal(errors[0].code, "invalid_duration");
  assert.match(errors[0].message, /\(too long\)/);
  assert.ok(defOf("duration")("99999999999999999d"));
});

test("calendar intervals and holidays: the patterns accept exactly what the loader reads", (t) => {
  const hhmm = [];
  for (const h of ["00", "09", "12", "19", "23", "24", "25", "0", "9", "1a"]) for (const m of ["00", "30", "59", "60", "0"]) hhmm.push(`${h}:${m}`);
  const intervals = [];
  for (const a of hhmm) for (const b of hhmm) intervals.push(`${a}-${b}`);
  intervals.push("09:00-12:00-13:00", "09:00", "09:00 - 12:00", " 09:00-12:00", "09.00-12.00", "09:00–12:00", "0900-1200", "", "-", "24:00-24:00", "00:00-24:00");
  const iv = verdicts(
    intervals,
    (c) => base({ calendars: { office: { week: { mon: c, tue: ["09:00-10:00"] } } } }),
    (i) => `/calendars/office/week/mon/${i}`,
    (p) => ["invalid_value", "empty_interval"].includes(p.code),
    "interval",
  );
  t.diagnostic(`${intervals.length} intervals, ${iv.refused} refused by the loader`);
  assert.deepEqual(iv.differ, []);

  const dates = [];
  for (const y of ["0000", "0004", "0100", "0400", "1600", "1700", "1900", "1996", "2000", "2023", "2024", "2026", "2100", "2400", "9996", "9999"]) {
    for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) dates.push(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  }
  dates.push("2026-1-01", "2026-01-1", "26-01-01", "+2026-01-01", "2026-01-01T00:00", " 2026-01-01", "2026/01/01", "２０２６-01-01", "20260101", "");
  const dv = verdicts(
    dates,
    (c) => base({ calendars: { office: { week: { mon: ["09:00-10:00"] }, holidays: c } } }),
    (i) => `/calendars/office/holidays/${i}`,
    (p) => p.code === "invalid_date",
    "date",
  );
  t.diagnostic(`${dates.length} dates, ${dv.refused} refused by the loader`);
  assert.deepEqual(dv.differ, []);
});

test("selector terms, non-empty strings and country codes: the schema refuses exactly what the loader refuses", () => {
  const terms = ["a", "*", "group:", "group:x", "category:open", "category:won", "category:lost", "category:closed", "category:", "category:Open",
    "category:open ", "category:pending", "Category:open", "categoryopen", "category:open,won", "", " "];
  // Every term names something, but "" and " " (no status can have a blank id).
  const statuses = [...base().statuses.map((s) => ({ ...s, group: "" })), { id: "x", category: "open", group: "x" }];
  for (const id of terms) if (id.trim() !== "" && !statuses.some((s) => s.id === id)) statuses.push({ id, category: "open" });
  const sv = verdicts(
    terms,
    (c) => base({ transitions: c.map((to) => ({ from: "a", to: [to] })), statuses }),
    (i) => `/transitions/${i}/to/0`,
    (p) => p.code === "invalid_value",
    "selectorTerm",
    ["unknown_status"],
  );
  assert.deepEqual(sv.differ, []);
  assert.equal(sv.refused, 5); // category: with no name, another case, a space, an unknown one, a list in one term

  const strings = ["x", "", ...SPACES, ...SPACES.map((s) => s + s), ...SPACES.map((s) => `${s}x${s}`)];
  const nv = verdicts(
    strings,
    (c) => base({ timers: c.map((since, i) => ({ id: `t${i}`, status: "a", after: "1h", since })) }),
    (i) => `/timers/${i}/since`,
    (p) => p.code === "invalid_value",
    "nonEmptyString",
  );
  assert.deepEqual(nv.differ, []);

  const codes = ["33", "1", "1234", "12345", "", "3a", " 33", "+33", "٣٣", "0"];
  const schemaQueue = defOf("queue");
  for (const countryCode of codes) {
    const loader = !Workflow.lintJson(base({ queue: { countryCode } })).errors.some((p) => p.code === "invalid_value");
    assert.equal(schemaQueue({ countryCode }), loader, JSON.stringify(countryCode));
  }
});

// --- The differential test ---------------------------------------------------

/** Every property name the schema declares anywhere: what a renamed key may become. */
function declaredKeys() {
  const keys = new Set();
  const walk = (s) => {
    if (Array.isArray(s)) return s.forEach(walk);
    if (s === null || typeof s !== "object") return;
    if (s.properties) for (const k of Object.keys(s.properties)) keys.add(k);
    Object.values(s).forEach(walk);
  };
  walk(schema);
  return [...keys].sort();
}

const KEYS = [...declaredKeys(), "colour", "Id", "statuses ", "ui2", "moveto", "fr", "en", "office", "expiresAt", "status"];
const POOL = [null, true, false, 0, 1, -1, 2.5, 1e21, "", " ", "x", "a", "open", "won", "closed", "*", "category:open", "category:nope",
  "group:new", "group:none", "72h", "P1M", "P1DT2H", "actor", "input.x", "09:00-12:00", "12:00-12:00", "2026-12-25", "2026-02-30",
  "positive", "unclassified", "alertsDue", "status", "33", "has(lead.x)", "lead.x ==", [], ["x"], [1], [null], ["open", "won"], {}, { x: 1 },
  { en: "x" }, { en: 1 }, { moveTo: "a" }, { alert: "x" }, { stamp: "x" }, { set: {} }, { id: "s", category: "open" }];

/** Every member of a definition: [container, key, pointer]. */
function members(def) {
  const out = [];
  const walk = (v, path) => {
    if (v === null || typeof v !== "object") return;
    for (const k of Object.keys(v)) {
      const p = `${path}/${String(k).replaceAll("~", "~0").replaceAll("/", "~1")}`;
      out.push([v, Array.isArray(v) ? Number(k) : k, p]);
      walk(v[k], p);
    }
  };
  walk(def, "");
  return out;
}

/** One mutation of `def` in place, chosen by `rnd`; returns its name. */
function mutate(def, rnd) {
  const pick = (l) => l[Math.floor(rnd() * l.length)];
  const all = members(def);
  if (all.length === 0) return "none";
  const [box, key] = pick(all);
  const value = box[key];
  const op = pick(["drop", "duplicate", "retype", "rename", "swap", "nest"]);
  const set = (v) => (box[key] = v);
  switch (op) {
    case "drop":
      if (Array.isArray(box)) box.splice(key, 1);
      else delete box[key];
      break;
    case "duplicate":
      // An element twice, or a member's value under a second key.
      if (Array.isArray(box)) box.splice(key, 0, structuredClone(value));
      else box[pick(KEYS)] = structuredClone(value);
      break;
    case "retype":
      set(structuredClone(pick(POOL)));
      break;
    case "rename": {
      if (Array.isArray(box)) {
        // An element moved elsewhere in its list.
        box.splice(key, 1);
        box.splice(Math.floor(rnd() * (box.length + 1)), 0, value);
        break;
      }
      const to = rnd() < 0.7 ? pick(KEYS) : pick([`${key}s`, key.toLowerCase(), key.toUpperCase(), `${key}_`, key.slice(1)]);
      delete box[key];
      box[to] = value;
      break;
    }
    case "swap": {
      // With a sibling when there is one, else with any member.
      const siblings = Object.keys(box).filter((k) => String(k) !== String(key));
      const [other, otherKey] = siblings.length > 0 && rnd() < 0.6 ? [box, Array.isArray(box) ? Number(pick(siblings)) : pick(siblings)] : pick(all);
      const v = other[otherKey];
      other[otherKey] = value;
      box[key] = v;
      break;
    }
    case "nest":
      set(pick([[value], { [Array.isArray(box) ? "id" : key]: value }, { en: value }, { value }, [[value]]]));
      break;
  }
  return op;
}

test("differential: whatever the schema refuses the loader refuses, and the loader's shape refusals the schema refuses", (t) => {
  const rnd = random(20261206);
  const bases = [...Workflow.presets().map((n) => [n, Workflow.presetJson(n)]), ["every-key", fixture]];
  const PER_PRESET = 2200;
  const counts = { mutated: 0, fromPresets: 0, bothAccept: 0, bothRefuse: 0, loaderAlone: 0, shapeRefusals: 0 };
  const ops = {};
  const found = [];
  for (const [name, original] of bases) {
    for (let i = 0; i < PER_PRESET; i++) {
      const def = structuredClone(original);
      const names = [];
      for (let n = rnd() < 0.7 ? 1 : rnd() < 0.7 ? 2 : 3; n > 0; n--) names.push(mutate(def, rnd));
      for (const op of names) ops[op] = (ops[op] ?? 0) + 1;
      counts.mutated++;
      if (name !== "every-key") counts.fromPresets++;
      const schemaOk = validate(def);
      const { errors } = Workflow.lintJson(def);
      const shape = errors.filter((p) => isShape(p, def));
      if (schemaOk && errors.length === 0) counts.bothAccept++;
      else if (!schemaOk && errors.length > 0) counts.bothRefuse++;
      else if (schemaOk) counts.loaderAlone++;
      if (shape.length > 0) counts.shapeRefusals++;
      if (!schemaOk && errors.length === 0) found.push({ name, names, kind: "schema refuses, loader accepts", schema: why(), def });
      else if (schemaOk && shape.length > 0) found.push({ name, names, kind: "loader refuses its shape, schema accepts", loader: shape, def });
    }
  }
  t.diagnostic(`${JSON.stringify(counts)} mutations ${JSON.stringify(ops)}`);
  assert.ok(counts.fromPresets >= 10_000, `${counts.fromPresets}`);
  // Both sides of the test are exercised.
  assert.ok(counts.bothAccept > 500 && counts.bothRefuse > 2000 && counts.shapeRefusals > 2000, JSON.stringify(counts));
  assert.deepEqual(found.slice(0, 5).map((f) => JSON.stringify(f).slice(0, 2000)), []);
});
