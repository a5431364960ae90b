// The command `relance` of the package (docs/SPEC.md §11), run as users run
// it: the built package's bin/relance.js as a child process, on files and on
// standard input. Answers are compared with the package's own functions (the
// command adds reading, positions and printing, never a rule).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Workflow } from "../pkg/index.js";
import { EventLog, kpis } from "../pkg/analytics.js";
import { BATCH, FramingError, batches } from "../pkg/bin/events.js";

const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));
const BIN = join(pkg, "bin/relance.js");
let dir;
/** A module preloaded into a child (node --import) that writes its peak resident set size, in KiB, as the last line of standard error. */
let maxRss;

/** Runs `relance ...args` (with `stdin` as its standard input): {code, stdout, stderr}. */
function relance(args, { stdin, bin = BIN, preload } = {}) {
  return new Promise((resolve, reject) => {
    const node = preload ? ["--import", preload] : [];
    const child = spawn(process.execPath, [...node, bin, ...args], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on("error", () => {}); // a command that does not read its input
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

/** A usage error: exit code 2 and one line on standard error, no stack trace. */
function usageError(r, pattern) {
  assert.equal(r.code, 2, `exit code 2, got ${r.code}: ${r.stderr}`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], /^relance: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(lines[0], pattern);
}

const write = (name, text) => {
  writeFileSync(join(dir, name), text);
  return name;
};

// A workflow with load errors at known places: an unknown key (line 4, its
// key at column 54), a bad category (5:29), a condition whose error is at its
// 27th character, after an escaped quote pair and an "é" (6:43), an unknown
// status in a selector list (9:40, 9:45), a timer without "after" (the timer
// object, 10:14).
const BAD = `{
  "id": "w",
  "statuses": [
    {"id": "a", "category": "open", "initial": true, "colour": "red"},
    {"id": "b", "category": "pending",
     "when": "lead.x == \\"é\\" && lead.y =="},
    {"id": "c", "category": "won"}
  ],
  "transitions": [{"from": "a", "to": ["b", "zz"]}],
  "timers": [{"id": "t", "status": "a"}]
}
`;
const BAD_LINES = [
  'bad.json:4:54: unknown_key: unknown key "colour"; expected one of: id, label, description, category, group, initial, order, ui, require, when, onEnter, onExit (/statuses/0/colour)',
  'bad.json:5:29: invalid_value: category "pending" is not one of open, won, lost, closed (/statuses/1/category)',
  "bad.json:6:43: syntax_error: unexpected end of the condition (/statuses/1/when)",
  'bad.json:9:40: unknown_status: no status has the id "b" (/transitions/0/to/0)',
  'bad.json:9:45: unknown_status: no status has the id "zz" (/transitions/0/to/1)',
  'bad.json:10:14: missing: a timer needs "after" or "deadlineField" (/timers/0)',
];

before(() => {
  dir = mkdtempSync(join(tmpdir(), "relance-cli-"));
  maxRss = join(dir, "max-rss.mjs");
  writeFileSync(maxRss, 'import { writeSync } from "node:fs";\nprocess.on("exit", () => writeSync(2, `max-rss-kib ${process.resourceUsage().maxRSS}\\n`));\n');
  write("bad.json", BAD);
  write("partner.json", JSON.stringify(Workflow.presetJson("partner"), null, 2));
  cpSync(new URL("./fixtures/every-key.json", import.meta.url), join(dir, "clean.json"));
  write("lead.json", JSON.stringify({ id: "P-1", status: "pending", partnerOrg: "acme" }));
  write("actor.json", JSON.stringify({ id: "pat", roles: ["partner"], org: "acme" }));
  write("relance.json", readFileSync(new URL("../../core/presets/relance.json", import.meta.url), "utf8"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the package declares the command, the schema and its page", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  assert.deepEqual(manifest.bin, { relance: "./bin/relance.js" });
  assert.equal(manifest.exports["./workflow.schema.json"], "./workflow.schema.json");
  assert.equal(manifest.repository.type, "git");
  for (const f of ["bin/relance.js", "bin/locate.js", "bin/events.js", "bin/present.js", "workflow.schema.json", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(manifest.files.includes(f), f);
    assert.ok(statSync(join(pkg, f)).size > 0, f);
  }
  assert.ok(statSync(BIN).mode & 0o111, "executable");
  assert.match(readFileSync(BIN, "utf8"), /^#!\/usr\/bin\/env node\n/);
});

test("--help on the command and on each subcommand", async () => {
  const main = await relance(["--help"]);
  assert.equal(main.code, 0);
  for (const c of ["lint", "render", "check", "kpis", "impact", "presets"]) {
    assert.match(main.stdout, new RegExp(`\\n  ${c} `));
    const r = await relance([c, "--help"]);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`^Usage: relance ${c}`), c);
    assert.equal((await relance(["help", c])).stdout, r.stdout);
  }
  const none = await relance([]);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /Usage: relance COMMAND/);
});

test("lint: a clean file, from a file and from standard input", async () => {
  const r = await relance(["lint", "clean.json"]);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, "1 file: 0 errors, 0 warnings\n", ""]);
  const s = await relance(["lint", "-"], { stdin: readFileSync(join(dir, "clean.json")) });
  assert.deepEqual([s.code, s.stdout], [0, "1 file: 0 errors, 0 warnings\n"]);
});

test("lint: load errors with their line and column, and the JSON Pointer", async () => {
  const r = await relance(["lint", "bad.json"]);
  assert.equal(r.code, 1);
  assert.deepEqual(r.stdout.split("\n"), [...BAD_LINES, "1 file: 6 errors, 0 warnings", ""]);
  // The same from standard input, named <stdin>.
  const s = await relance(["lint", "-"], { stdin: BAD });
  assert.equal(s.code, 1);
  assert.deepEqual(s.stdout.split("\n").slice(0, 6), BAD_LINES.map((l) => l.replace("bad.json", "<stdin>")));
});

test("lint: text that is not JSON, at the parser's line and column", async () => {
  write("broken.json", '{"id": "w",\n  "statuses": [\n    {"id": "é", "category": "open",, }\n  ]\n}\n');
  const r = await relance(["lint", "broken.json"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout.split("\n")[0], "broken.json:3:36: invalid_json: not valid JSON: key must be a string at line 3 column 37");
});

test("lint: warnings exit 0, and 1 with --strict", async () => {
  const lint = Workflow.lintJson(Workflow.presetJson("partner"));
  assert.equal(lint.errors.length, 0);
  assert.ok(lint.warnings.length > 0);
  const r = await relance(["lint", "partner.json"]);
  assert.equal(r.code, 0);
  const first = lint.warnings[0];
  assert.match(r.stdout, new RegExp(`^partner\\.json:\\d+:5: ${first.code}: `));
  assert.ok(r.stdout.endsWith(`1 file: 0 errors, ${lint.warnings.length} warning${lint.warnings.length === 1 ? "" : "s"}\n`));
  const strict = await relance(["lint", "--strict", "partner.json"]);
  assert.equal(strict.code, 1);
  assert.equal(strict.stdout, r.stdout);
  // Several files: the exit code is the worst.
  const both = await relance(["lint", "clean.json", "partner.json"]);
  assert.equal(both.code, 0);
  assert.equal((await relance(["lint", "clean.json", "bad.json"])).code, 1);
});

test("lint --format github: ::error and ::warning annotations", async () => {
  write("a,b.json", BAD);
  const r = await relance(["lint", "--format", "github", "a,b.json", "partner.json"]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], '::error file=a%2Cb.json,line=4,col=54,title=relance unknown_key::unknown key "colour"; expected one of: id, label, description, category, group, initial, order, ui, require, when, onEnter, onExit (/statuses/0/colour)');
  assert.equal(lines[2], "::error file=a%2Cb.json,line=6,col=43,title=relance syntax_error::unexpected end of the condition (/statuses/1/when)");
  assert.equal(lines.filter((l) => l.startsWith("::error ")).length, 6);
  assert.ok(lines.slice(6).length > 0 && lines.slice(6).every((l) => /^::warning file=partner\.json,line=\d+,col=\d+,title=relance [a-z_]+::/.test(l)), lines.slice(6).join("\n"));
});

test("lint --format json: the problems, each with its location", async () => {
  const r = await relance(["lint", "--format", "json", "bad.json", "partner.json"]);
  assert.equal(r.code, 1);
  const [bad, partner] = JSON.parse(r.stdout);
  assert.equal(bad.file, "bad.json");
  assert.deepEqual(bad.warnings, []);
  assert.deepEqual(
    bad.errors.map((p) => [p.path, p.code, p.location.line, p.location.column]),
    [
      ["/statuses/0/colour", "unknown_key", 4, 54],
      ["/statuses/1/category", "invalid_value", 5, 29],
      ["/statuses/1/when", "syntax_error", 6, 43],
      ["/transitions/0/to/0", "unknown_status", 9, 40],
      ["/transitions/0/to/1", "unknown_status", 9, 45],
      ["/timers/0", "missing", 10, 14],
    ],
  );
  assert.equal(bad.errors[2].column, 27, "the condition's own column stays");
  // The engine's objects, as lintJson gives them, plus their location.
  const { errors } = Workflow.lintJson(BAD);
  assert.deepEqual(
    bad.errors.map(({ location, ...p }) => p),
    errors,
  );
  assert.deepEqual(
    partner.warnings.map(({ location, ...p }) => p),
    Workflow.lintJson(Workflow.presetJson("partner")).warnings,
  );
});

test("render: the status graph as Mermaid or Graphviz", async () => {
  const wf = Workflow.preset("partner");
  const m = await relance(["render", "partner.json", "--mermaid"]);
  assert.deepEqual([m.code, m.stdout.trimEnd()], [0, wf.toMermaid().trimEnd()]);
  const d = await relance(["render", "-", "--dot", "--locale", "fr"], { stdin: readFileSync(join(dir, "partner.json")) });
  assert.deepEqual([d.code, d.stdout.trimEnd()], [0, wf.toDot("fr").trimEnd()]);
  assert.match(d.stdout, /^digraph /);
  wf.free();
  usageError(await relance(["render", "partner.json"]), /give one of --mermaid and --dot/);
  usageError(await relance(["render", "partner.json", "--mermaid", "--dot"]), /give one of --mermaid and --dot/);
  // A workflow that does not load: its problems, then exit 2.
  const bad = await relance(["render", "bad.json", "--mermaid"]);
  assert.equal(bad.code, 2);
  assert.deepEqual(bad.stderr.trim().split("\n"), [...BAD_LINES, "relance: render: bad.json does not load: 6 errors"]);
});

test("check: the decision as JSON; exit 0 when allowed, 1 when refused", async () => {
  const now = "2026-11-02T10:00:00Z";
  const wf = Workflow.preset("partner");
  const lead = { id: "P-1", status: "pending", partnerOrg: "acme" };
  const actor = { id: "pat", roles: ["partner"], org: "acme" };
  const refused = await relance(["check", "partner.json", "--lead", "lead.json", "--to", "declined", "--actor", "actor.json", "--now", now]);
  assert.equal(refused.code, 1);
  assert.deepEqual(JSON.parse(refused.stdout), wf.check(lead, "declined", { actor, now }));
  assert.equal(JSON.parse(refused.stdout).violations[0].code, "missing_field");
  const allowed = await relance(["check", "partner.json", "--lead", "-", "--action", "accept", "--actor", "actor.json", "--now", now], { stdin: JSON.stringify(lead) });
  assert.equal(allowed.code, 0);
  assert.deepEqual(JSON.parse(allowed.stdout), wf.check(lead, { action: "accept" }, { actor, now }));
  assert.equal(JSON.parse(allowed.stdout).allowed, true);
  // Without the partner's role.
  const anonymous = await relance(["check", "partner.json", "--lead", "lead.json", "--to", "accepted", "--now", now]);
  assert.equal(anonymous.code, 1);
  assert.equal(JSON.parse(anonymous.stdout).violations[0].code, "role_required");
  wf.free();
});

/** `count` events of leads walking the relance preset's pipeline; `rich`: status events carry the lead as it was, notes long texts. */
function writeEvents(file, count, { rich = false, json = false } = {}) {
  const path = ["new", "contacted", "qualified", "proposal", "negotiation", "closed_won"];
  const agents = ["ana", "bob", "cyd", "dee"];
  const filler = " Le client rappelle au sujet du devis; il compare avec deux autres offres et attend le retour de son associé avant de signer.".repeat(4);
  const fd = openSync(join(dir, file), "w");
  let lines = [];
  let n = 0;
  const start = Date.UTC(2026, 10, 1, 8);
  const push = (e) => {
    lines.push(JSON.stringify(e));
    n++;
    if (lines.length === 20000) flush();
  };
  const flush = () => {
    if (lines.length === 0) return;
    writeSync(fd, (json ? (n === lines.length ? "[\n" : ",\n") + lines.join(",\n") : lines.join("\n")) + (json ? "" : "\n"));
    lines = [];
  };
  for (let l = 0; n < count; l++) {
    const lead = `L${l}`;
    const actor = agents[l % 4];
    let at = start + ((l * 7919) % (28 * 86_400_000));
    push({ lead, at: new Date(at).toISOString(), type: "created", actor });
    for (let s = 1; s <= 1 + (l % 5) && n < count; s++) {
      at += 3_600_000 * (1 + ((l * s) % 30));
      const move = { lead, at: new Date(at).toISOString(), type: "status", from: path[s - 1], to: path[s], actor };
      if (rich) {
        move.before = {
          id: lead,
          status: path[s - 1],
          createdAt: new Date(start).toISOString(),
          owner: actor,
          tags: ["inbound", "newsletter"],
          name: `Client ${l}`,
          email: `client${l}@example.com`,
          phone: "+33 6 12 34 56 78",
          company: "Exemple SARL",
          address: { street: "12 rue de la République", zip: "69002", city: "Lyon", country: "FR" },
          source: "website",
          campaign: "automne-2026",
          amount: 1200 + l,
          comments: "Demande de devis pour 40 postes; rappeler le service achats avant la fin du mois.",
        };
      }
      push(move);
      if (n < count && s % 2 === 0) {
        const outcome = ["positive", "negative", "partial", "unclassified"][(l + s) % 4];
        push({ lead, at: new Date(at + 60_000).toISOString(), type: "note", actor, channel: "call", outcome, text: `Appel ${s}.${rich ? filler : ""}` });
      }
    }
  }
  flush();
  if (json) writeSync(fd, "\n]\n");
  closeSync(fd);
  return statSync(join(dir, file)).size;
}

test("kpis: a report equal to kpis() of the package, from NDJSON and JSON files and standard input", async () => {
  writeEvents("events.ndjson", 30_000);
  writeEvents("events.json", 30_000, { json: true });
  const def = readFileSync(join(dir, "relance.json"), "utf8");
  const expected = kpis(def, readFileSync(join(dir, "events.ndjson")), { groupBy: ["agent", "hour"], from: "2026-11-05T00:00:00Z" });
  const args = ["--group-by", "agent,hour", "--from", "2026-11-05T00:00:00Z"];
  for (const [events, stdin] of [["events.ndjson"], ["events.json"], ["-", readFileSync(join(dir, "events.ndjson"))], ["-", readFileSync(join(dir, "events.json"))]]) {
    const r = await relance(["kpis", "relance.json", events, ...args], { stdin });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected, events);
    assert.equal(r.stderr, "", "no progress line when standard error is not a terminal");
  }
  const table = await relance(["kpis", "relance.json", "events.ndjson", "--format", "table", "--group-by", "agent"]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /^Leads: \d+ /);
  assert.match(table.stdout, /\nFunnel\nstep +reached/);
  assert.match(table.stdout, /\nBy agent\nagent +notes/);
});

const script = existsSync("/usr/bin/script") ? "/usr/bin/script" : null;
test("kpis: a progress line on standard error when it is a terminal", { skip: script === null && "no script(1) to run the command on a terminal" }, () => {
  writeEvents("progress.ndjson", 100_000);
  // script(1) runs the command on a pseudo-terminal: its standard output goes
  // to a file, its standard error stays on the terminal, which script copies.
  const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = `${quote(process.execPath)} ${quote(BIN)} kpis relance.json progress.ndjson > report.json`;
  const r = spawnSync(script, ["-q", "-e", "-c", command, "/dev/null"], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /relance kpis: progress\.ndjson: [\d,]+ events, [\d.]+ MB of [\d.]+ MB \(\d+ %\)/);
  assert.ok(r.stdout.endsWith("\r\x1b[K"), JSON.stringify(r.stdout.slice(-20)));
  const def = readFileSync(join(dir, "relance.json"), "utf8");
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")), kpis(def, readFileSync(join(dir, "progress.ndjson"))));
});

test("kpis: an event the engine refuses is named by its line and index", async () => {
  const good = '{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created"}';
  const r = await relance(["kpis", "partner.json", "-"], { stdin: `${good}\n\n${good}\n{"lead":"L2","at":"yesterday","type":"created"}\n` });
  usageError(r, /^relance: kpis: <stdin>:4: invalid_time: .* \(\/2\/at\)$/);
  const list = await relance(["kpis", "partner.json", "-"], { stdin: `[\n  ${good},\n  {"lead": "L2",\n   "at": 5.5, "type": "created"}\n]` });
  usageError(list, /^relance: kpis: <stdin>:3: .* \(\/1\/at\)$/);
  usageError(await relance(["kpis", "partner.json", "-"], { stdin: `[${good}` }), /<stdin>:1: invalid_json: the JSON list of events is not closed/);
  usageError(await relance(["kpis", "partner.json", "-", "--group-by", "agent,month"]), /^relance: kpis: invalid_input: /);
});

/** The engine's answer for events text: `{ok: true, report}` or `{ok: false, code, path}` (its first problem). */
function engineKpis(def, text, options) {
  try {
    return { ok: true, report: kpis(def, text, options) };
  } catch (e) {
    return { ok: false, code: e.details?.[0]?.code ?? e.code, path: e.details?.[0]?.path };
  }
}

test("kpis: a JSON list is refused where kpis() refuses it, at its line: empty elements, line breaks in strings, lists", async () => {
  const def = readFileSync(join(dir, "partner.json"), "utf8");
  const good = (lead) => `{"lead":"${lead}","at":"2026-11-01T09:00:00Z","type":"created"}`;
  const refused = [
    // Empty elements: in the middle, at the end (a trailing comma), alone.
    [`[\n${good("L1")},\n,\n${good("L2")}]`, /^relance: kpis: <stdin>:3: invalid_json: not valid JSON: an empty element in the JSON list of events$/],
    [`[${good("L1")},\n${good("L2")},\n]`, /^relance: kpis: <stdin>:3: invalid_json: .*an empty element/],
    ["[,]", /^relance: kpis: <stdin>:1: invalid_json: .*an empty element/],
    // A raw line break inside a string is not JSON: never a lead "L 2".
    [`[${good("L1")},\n{"lead":"L\n2","at":"2026-11-01T09:00:00Z","type":"created"}]`, /^relance: kpis: <stdin>:2: invalid_json: not valid JSON: a line break inside a string$/],
    [`[{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created","actor":"a\r\nb"}]`, /^relance: kpis: <stdin>:1: invalid_json: .*a line break inside a string$/],
    // An element that is a list, first of its batch: the engine's problem, at that element.
    [`[[${good("L1")}]]`, /^relance: kpis: <stdin>:1: invalid_type: an event is an object \(\/0\)$/],
    [`[\n  [1, 2],\n  ${good("L1")}\n]`, /^relance: kpis: <stdin>:2: invalid_type: an event is an object \(\/0\)$/],
    [`[${good("L1")}}`, /^relance: kpis: <stdin>:1: invalid_json: /],
  ];
  for (const [text, pattern] of refused) {
    assert.equal(engineKpis(def, text).ok, false, `kpis() refuses ${JSON.stringify(text)}`);
    usageError(await relance(["kpis", "partner.json", "-"], { stdin: text }), pattern);
  }
  assert.equal(engineKpis(def, `[[${good("L1")}]]`).path, "/0");
  // Line breaks outside strings are whitespace; "\\n" escapes stay what they are.
  for (const text of ["[]", "[ \r\n ]", `[\r\n  ${good("L1")}\r\n  ,\n  {"lead":"L\\n2",\n   "at":"2026-11-01T09:00:00Z",\n   "type":"created"}\n]\n`]) {
    const r = await relance(["kpis", "partner.json", "-"], { stdin: text });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), kpis(def, text));
  }
});

test("kpis: the command's framing accepts exactly what kpis() accepts, and refuses at the same event (mutated lists and NDJSON, any chunking)", async () => {
  // The command's path without the process: the framing of bin/events.js
  // over chunks of 1 to 12 bytes, each batch pushed into an EventLog.
  const def = readFileSync(join(dir, "relance.json"), "utf8");
  let seed = 42;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const utf8 = new TextEncoder();
  async function* chunks(bytes) {
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + random(12);
      yield bytes.slice(i, i + n);
      i += n;
    }
  }
  const command = async (bytes) => {
    const log = new EventLog(def);
    let batch;
    try {
      for await (const b of batches(chunks(bytes))) {
        batch = b;
        log.push(b.bytes);
      }
      return { ok: true, report: log.report({}) };
    } catch (e) {
      if (e instanceof FramingError) return { ok: false, code: "invalid_json" };
      const d = e.details[0];
      const m = /^\/(\d+)(.*)$/.exec(d.path);
      return { ok: false, code: d.code, path: m ? `/${batch.firstRecord + Number(m[1])}${m[2]}` : d.path };
    } finally {
      log.free();
    }
  };
  const texts = [
    '[{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created"},\n {"lead":"L2","at":"2026-11-01T10:00:00Z","type":"note","text":"a, [b] {c}","outcome":"positive"},\n{"lead":"L1","at":"2026-11-02T09:00:00Z","type":"status","from":"new","to":"contacted"}]\n',
    '{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created"}\n\n{"lead":"L2","at":"2026-11-01T10:00:00Z","type":"note","text":"a, [b] {c}"}\r\n{"lead":"L1","at":"2026-11-02T09:00:00Z","type":"status","from":"new","to":"contacted"}\n',
  ];
  const bits = [",", "[", "]", "{", "}", "\n", "\r", " ", '"', "\\", "[1]", ",,", "\ufeff", "\t", "\u000b", '[{"lead":"L3","at":"2026-11-03T09:00:00Z","type":"created"}]'];
  let accepted = 0;
  for (let n = 0; n < 4000; n++) {
    let text = texts[random(texts.length)];
    for (let k = 1 + random(2); k > 0; k--) {
      const at = random(text.length + 1);
      const bit = bits[random(bits.length)];
      text = [text.slice(0, at) + bit + text.slice(at), text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + bit + text.slice(at + 1)][random(3)];
    }
    const engine = engineKpis(def, text, {});
    const got = await command(utf8.encode(text));
    assert.equal(got.ok, engine.ok, `${JSON.stringify(text)}: kpis() ${engine.ok ? "accepts" : "refuses"} it`);
    if (engine.ok) {
      accepted++;
      assert.deepEqual(got.report, engine.report, JSON.stringify(text));
    } else if (engine.code !== "invalid_json") {
      // Valid JSON refused for an event: the same problem at the same event.
      assert.deepEqual([got.code, got.path], [engine.code, engine.path], JSON.stringify(text));
    }
  }
  assert.ok(accepted > 400 && accepted < 3600, `${accepted} of 4000 accepted: both outcomes are exercised`);
});

test("kpis: a list where an event should be, first of a later batch, is refused at its line and index (NDJSON and JSON)", async () => {
  const def = readFileSync(join(dir, "partner.json"), "utf8");
  const event = (i) => JSON.stringify({ lead: `L${i}`, at: "2026-11-01T09:00:00Z", type: "created", actor: "ana", channel: "call", text: "x".repeat(100) });
  const size = event(1000).length; // every event of index 1000 to 9999 has this length
  // NDJSON read in chunks of BATCH bytes: a line "[event]" that starts 3 bytes
  // before the first chunk ends is a batch of its own (the line across chunks).
  const lines = [];
  let length = 0;
  for (let i = 1000; length + size + 1 < BATCH - 3 - size; i++) {
    lines.push(event(i));
    length += size + 1;
  }
  const note = (n) => JSON.stringify({ lead: "F", at: "2026-11-01T09:00:00Z", type: "note", text: "f".repeat(n) });
  lines.push(note(BATCH - 3 - length - 1 - note(0).length));
  assert.equal(lines.join("\n").length + 1, BATCH - 3);
  lines.push(`[${event(9999)}]`, event(9998));
  const ndjson = `${lines.join("\n")}\n`;
  write("list-line.ndjson", ndjson);
  const index = lines.length - 2;
  assert.deepEqual(engineKpis(def, ndjson), { ok: false, code: "invalid_type", path: `/${index}` });
  usageError(await relance(["kpis", "partner.json", "list-line.ndjson"]), new RegExp(`^relance: kpis: list-line\\.ndjson:${index + 1}: invalid_type: an event is an object \\(/${index}\\)$`));
  // A JSON list, an element per line: the element after the first BATCH bytes starts the second batch.
  const first = Math.ceil(BATCH / (size + 1));
  const elements = Array.from({ length: first + 2 }, (_, i) => event(1000 + i));
  elements[first] = `[${elements[first]}]`;
  const json = `[\n${elements.join(",\n")}\n]\n`;
  write("list-element.json", json);
  assert.deepEqual(engineKpis(def, json), { ok: false, code: "invalid_type", path: `/${first}` });
  usageError(await relance(["kpis", "partner.json", "list-element.json"]), new RegExp(`^relance: kpis: list-element\\.json:${first + 2}: invalid_type: an event is an object \\(/${first}\\)$`));
});

test("kpis: a line across many chunks is read whole, from a file and from standard input", async () => {
  const def = readFileSync(join(dir, "relance.json"), "utf8");
  const long = JSON.stringify({ lead: "L1", at: "2026-11-01T10:00:00Z", type: "note", actor: "ana", text: `${"é".repeat(BATCH)}${"x".repeat(3 * BATCH)}` });
  const text = ['{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created","actor":"ana"}', long, '{"lead":"L1","at":"2026-11-02T09:00:00Z","type":"status","from":"new","to":"contacted","actor":"ana"}', ""].join("\n");
  write("long-line.ndjson", text);
  assert.ok(statSync(join(dir, "long-line.ndjson")).size > 5 * BATCH);
  const expected = kpis(def, text, { groupBy: ["agent"] });
  assert.equal(expected.notes.logged, 1);
  for (const [file, stdin] of [["long-line.ndjson"], ["-", text]]) {
    const r = await relance(["kpis", "relance.json", file, "--group-by", "agent"], { stdin });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected);
  }
});

test("kpis: the framing is linear in a line's chunks (a line of 16 MB in 32,768 chunks)", { timeout: 20_000 }, async () => {
  // Its pieces joined once when the line ends: 16 MB of copies, a fraction
  // of a second. Copied again on each chunk, they were 275 GB, minutes.
  const line = new Uint8Array(16 * 1048576).fill(0x61);
  line[0] = 0x7b;
  line[line.length - 1] = 0x0a;
  async function* chunks() {
    for (let i = 0; i < line.length; i += 512) {
      // (Through the event loop now and then, as a stream goes: the timeout can fire.)
      if (i % 1048576 === 0) await new Promise((resolve) => setImmediate(resolve));
      yield line.subarray(i, i + 512);
    }
  }
  const out = [];
  for await (const b of batches(chunks())) out.push(b);
  assert.equal(out.length, 1);
  assert.deepEqual([out[0].firstLine, out[0].firstRecord, out[0].records], [1, 0, 1]);
  assert.ok(Buffer.from(out[0].bytes).equals(Buffer.from(line)));
});

test("files that are not UTF-8: one line at the first bad byte, exit 2, for every command", async () => {
  const latin1 = (name, text) => {
    writeFileSync(join(dir, name), Buffer.from(text, "latin1"));
    return name;
  };
  latin1("latin1.json", '{\n  "id": "café",\n  "statuses": [{"id": "a", "category": "open", "initial": true}]\n}\n');
  latin1("latin1-lead.json", '{"id": "P-1", "status": "pending", "name": "Hélène"}');
  latin1("latin1-leads.json", '[{"id": "P-1", "status": "pending", "name": "Hélène"}]');
  latin1("latin1.ndjson", '{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created"}\n{"lead":"Lé","at":"2026-11-01T09:00:00Z","type":"created"}\n');
  latin1("latin1-events.json", '[{"lead":"L1","at":"2026-11-01T09:00:00Z","type":"created"},\n\n {"lead":"Lé","at":"2026-11-01T09:00:00Z","type":"created"}]');
  // The engine refuses these bytes too.
  assert.equal(engineKpis(readFileSync(join(dir, "partner.json"), "utf8"), readFileSync(join(dir, "latin1.ndjson"))).code, "invalid_utf8");
  const column = (file, line) => readFileSync(join(dir, file), "latin1").split("\n")[line - 1].indexOf("é") + 1;
  const at = (file, line, c = column(file, line)) => new RegExp(`: ${file.replace(".", "\\.")}:${line}:${c}: invalid_utf8: the text is not UTF-8 \\(byte 0xE9\\)$`);
  const cases = [
    [["lint", "latin1.json"], /^relance: lint: latin1\.json:2:13: invalid_utf8: the text is not UTF-8 \(byte 0xE9\)$/],
    [["lint", "--format", "json", "clean.json", "latin1.json"], at("latin1.json", 2, 13)],
    [["lint", "-"], /^relance: lint: <stdin>:2:13: invalid_utf8: /, readFileSync(join(dir, "latin1.json"))],
    [["render", "latin1.json", "--mermaid"], at("latin1.json", 2, 13)],
    [["check", "latin1.json", "--lead", "lead.json", "--to", "a"], at("latin1.json", 2, 13)],
    [["check", "partner.json", "--lead", "latin1-lead.json", "--to", "accepted"], at("latin1-lead.json", 1)],
    [["kpis", "latin1.json", "latin1.ndjson"], at("latin1.json", 2, 13)],
    [["kpis", "partner.json", "latin1.ndjson", "--now", "2026-11-02T00:00:00Z", "--leads", "latin1-leads.json"], at("latin1-leads.json", 1)],
    [["kpis", "partner.json", "latin1.ndjson"], /^relance: kpis: latin1\.ndjson:2: invalid_utf8: the text is not UTF-8 \(\/1\)$/],
    [["kpis", "partner.json", "latin1-events.json"], /^relance: kpis: latin1-events\.json:3: invalid_utf8: the text is not UTF-8 \(\/1\)$/],
    [["impact", "partner.json", "latin1.json"], at("latin1.json", 2, 13)],
    [["impact", "partner.json", "partner.json", "--leads", "latin1-leads.json"], at("latin1-leads.json", 1)],
    [["impact", "partner.json", "partner.json", "--events", "latin1.ndjson"], at("latin1.ndjson", 2)],
  ];
  for (const [args, pattern, stdin] of cases) usageError(await relance(args, { stdin: stdin ?? "" }), pattern);
  // A byte-order mark is still left out, and U+FFFD written in UTF-8 is text like any other.
  write("bom.json", `\ufeff${readFileSync(join(dir, "clean.json"), "utf8")}`);
  assert.deepEqual((await relance(["lint", "bom.json"])).stdout, "1 file: 0 errors, 0 warnings\n");
  const fffd = await relance(["check", "partner.json", "--lead", "-", "--to", "declined", "--now", "2026-11-02T10:00:00Z"], { stdin: '{"id": "P-\ufffd", "status": "pending"}' });
  assert.equal(fffd.code, 1, fffd.stderr);
});

test("kpis --leads: the file's text reaches the engine as it is; the options are checked once before the events, the report (its SLA block) computed once", async () => {
  // A module preloaded into the command records the calls it makes on its EventLog.
  const spy = join(dir, "spy.mjs");
  writeFileSync(
    spy,
    `import { writeSync } from "node:fs";
import { EventLog } from ${JSON.stringify(new URL("../pkg/analytics.js", import.meta.url).href)};
const calls = [];
for (const m of ["push", "partial", "report"]) {
  const f = EventLog.prototype[m];
  EventLog.prototype[m] = function (...args) {
    calls.push(m === "push" ? { m } : { m, leads: args[0]?.leads });
    return f.apply(this, args);
  };
}
process.on("exit", () => writeSync(2, \`calls \${JSON.stringify(calls)}\\n\`));
`,
  );
  const def = readFileSync(join(dir, "relance.json"), "utf8");
  // An id past 2^53 and integer-like keys: JSON.parse would change both.
  const leads = `[{"id": 9007199254740993, "status": "relance", "statusSince": "2026-11-20T00:00:00Z"},
 {"id": "R2", "2": "b", "1": "a", "status": "relance", "statusSince": "2026-11-01T00:00:00Z"},
 {"id": "R3", "status": "relance", "statusSince": "2026-11-29T00:00:00Z"}]`;
  write("sla-leads.json", leads);
  writeEvents("sla.ndjson", 3000);
  const now = "2026-11-30T00:00:00Z";
  const r = await relance(["kpis", "relance.json", "sla.ndjson", "--now", now, "--leads", "sla-leads.json"], { preload: spy });
  assert.equal(r.code, 0, r.stderr);
  const expected = kpis(def, readFileSync(join(dir, "sla.ndjson")), { now, leads });
  assert.deepEqual(expected.sla, { alertsDue: 2 });
  assert.deepEqual(JSON.parse(r.stdout), expected);
  const calls = JSON.parse(/calls (.*)\n$/.exec(r.stderr)[1]);
  assert.deepEqual(
    calls.map((c) => c.m),
    ["partial", "push", "report"],
    "one check of the options (no SLA block), the events, one report",
  );
  assert.deepEqual(
    calls.filter((c) => c.m !== "push").map((c) => c.leads),
    [leads, leads],
    "the leads as the file's text",
  );
  // Bad options fail before any event is read (the events here are not JSON).
  write("not-leads.json", '{"id": "R1"}');
  const bad = await relance(["kpis", "relance.json", "-", "--leads", "not-leads.json", "--now", now], { stdin: "not events\n", preload: spy });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^relance: kpis: invalid_input: \/leads: expected a list of leads\n/);
  assert.deepEqual(JSON.parse(/calls (.*)\n$/.exec(bad.stderr)[1]), [{ m: "partial", leads: '{"id": "R1"}' }]);
  usageError(await relance(["kpis", "relance.json", "-", "--from", "soon"], { stdin: "not events\n" }), /^relance: kpis: invalid_time: /);
});

test("kpis: a million events streamed, peak memory independent of the text", async (t) => {
  // The same million events twice: compact, and with each move's lead
  // snapshot and long note texts (what a CRM's history holds). Streamed,
  // the command's memory is its runtime plus the engine's log (a few dozen
  // bytes per event), whatever the size of the text.
  const started = Date.now();
  const compact = writeEvents("million.ndjson", 1_000_000);
  const rich = writeEvents("million-rich.ndjson", 1_000_000, { rich: true });
  const generated = Date.now();
  const run = async (file) => {
    const r = await relance(["kpis", "relance.json", file], { preload: maxRss });
    assert.equal(r.code, 0, r.stderr);
    const rss = Number(/max-rss-kib (\d+)\n$/.exec(r.stderr)[1]) * 1024;
    return { report: JSON.parse(r.stdout), rss };
  };
  const a = await run("million.ndjson");
  const b = await run("million-rich.ndjson");
  const mb = (n) => `${(n / 1048576).toFixed(0)} MiB`;
  t.diagnostic(
    `1,000,000 events: compact file ${mb(compact)}, peak RSS ${mb(a.rss)}; rich file ${mb(rich)}, peak RSS ${mb(b.rss)} ` +
      `(files written in ${generated - started} ms, both runs in ${Date.now() - generated} ms)`,
  );
  assert.equal(a.report.notes.logged + Object.values(a.report.statuses).reduce((n, s) => n + s.entered, 0) > 0, true);
  assert.deepEqual(b.report, a.report, "the same events, the same report");
  assert.ok(b.rss < rich / 2, `peak RSS ${mb(b.rss)} is well under the file's ${mb(rich)}`);
  assert.ok(b.rss - a.rss < (rich - compact) / 10, `memory does not follow the text: ${mb(b.rss - a.rss)} more for ${mb(rich - compact)} more text`);
});

test("impact: a summary, or the result as JSON", async () => {
  const current = Workflow.presetJson("remonline");
  const next = structuredClone(current);
  next.transitions = next.transitions.slice(0, 1);
  next.statuses.push({ id: "paused", category: "open" });
  write("current.json", JSON.stringify(current, null, 2));
  write("next.json", JSON.stringify(next, null, 2));
  const events = [];
  for (let i = 0; i < 40; i++) {
    events.push({ lead: `L${i}`, at: "2026-11-01T09:00:00Z", type: "created", actor: "manager" });
    events.push({ lead: `L${i}`, at: "2026-11-02T09:00:00Z", type: "status", from: "new", to: i % 2 ? "in_work" : "refused", actor: "manager" });
  }
  write("history.ndjson", events.map((e) => JSON.stringify(e)).join("\n"));
  write("leads.json", JSON.stringify([{ id: "L1", status: "new" }, { id: "L2", status: "gone" }]));
  const args = ["impact", "current.json", "next.json", "--events", "history.ndjson", "--leads", "leads.json", "--now", "2026-12-01T00:00:00Z"];
  const json = await relance([...args, "--format", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout);
  assert.deepEqual(result.statuses.added, ["paused"]);
  assert.equal(result.leads.checked, 2);
  assert.equal(result.history.moves, 40);
  const text = await relance(args);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^Statuses: added paused; removed none; renamed none\n/);
  assert.match(text.stdout, new RegExp(`\\nLeads: 2 checked, ${result.leads.invalid} invalid under the next definition`));
  assert.match(text.stdout, new RegExp(`\\nHistory: 40 moves replayed, ${result.history.refused} would be refused, ${result.history.undecided} undecided`));
  usageError(await relance([...args, "--limit", "many"]), /--limit must be a whole number/);
});

test("presets: the names, or one preset's definition", async () => {
  const list = await relance(["presets"]);
  assert.deepEqual([list.code, list.stdout], [0, `${Workflow.presets().join("\n")}\n`]);
  assert.deepEqual(JSON.parse((await relance(["presets", "--format", "json"])).stdout), Workflow.presets());
  const one = await relance(["presets", "partner"]);
  assert.equal(one.code, 0);
  assert.deepEqual(JSON.parse(one.stdout), Workflow.presetJson("partner"));
  usageError(await relance(["presets", "nope"]), /^relance: presets: unknown_preset: /);
});

test("bad arguments and unreadable files: one line, exit code 2", async () => {
  mkdirSync(join(dir, "a-directory"), { recursive: true });
  write("not-json.json", "{");
  const cases = [
    [["frobnicate"], /unknown command "frobnicate"/],
    [["lint"], /^relance: lint: missing FILE/],
    [["lint", "--zz", "clean.json"], /^relance: lint: Unknown option '--zz'/],
    [["lint", "--format", "xml", "clean.json"], /--format must be one of text, json, github, not "xml"/],
    [["lint", "--format"], /argument missing/],
    [["lint", "missing.json"], /^relance: lint: cannot read missing\.json: no such file$/],
    [["lint", "a-directory"], /cannot read a-directory: is a directory/],
    [["lint", "clean.json", "missing.json"], /cannot read missing\.json/],
    [["render", "missing.json", "--dot"], /cannot read missing\.json/],
    [["check", "partner.json", "--to", "accepted"], /missing --lead/],
    [["check", "partner.json", "--lead", "lead.json"], /give one of --to STATUS and --action ID/],
    [["check", "partner.json", "--lead", "lead.json", "--to", "x", "--action", "y"], /give one of --to STATUS and --action ID/],
    [["check", "partner.json", "--lead", "not-json.json", "--to", "accepted"], /the lead not-json\.json is not JSON/],
    [["check", "partner.json", "--lead", "missing.json", "--to", "accepted"], /cannot read the lead missing\.json: no such file/],
    [["check", "partner.json", "--lead", "lead.json", "--to", "accepted", "--now", "yesterday"], /^relance: check: invalid_time: /],
    [["check", "partner.json", "extra.json", "--lead", "lead.json", "--to", "accepted"], /unexpected argument "extra\.json"/],
    [["kpis", "partner.json"], /missing EVENTS/],
    [["kpis", "partner.json", "missing.ndjson"], /cannot read missing\.ndjson: no such file/],
    [["kpis", "partner.json", "a-directory"], /cannot read a-directory: is a directory/],
    [["kpis", "partner.json", "-", "--format", "csv"], /--format must be one of json, table/],
    [["kpis", "partner.json", "-", "--from", "soon"], /^relance: kpis: invalid_time: /],
    [["kpis", "partner.json", "-", "--unknown-types", "maybe"], /--unknown-types must be skip or error/],
    [["impact", "partner.json"], /missing CURRENT and NEXT/],
    [["impact", "partner.json", "partner.json", "--events", "missing.ndjson"], /cannot read the events missing\.ndjson/],
    [["presets", "a", "b"], /unexpected argument "b"/],
  ];
  for (const [args, pattern] of cases) usageError(await relance(args, { stdin: "" }), pattern);
});

test("the command runs as an executable (shebang)", async () => {
  const r = await new Promise((resolve) => execFile(BIN, ["presets"], { cwd: dir }, (error, stdout) => resolve({ code: error?.code ?? 0, stdout })));
  assert.deepEqual(r, { code: 0, stdout: `${Workflow.presets().join("\n")}\n` });
});
