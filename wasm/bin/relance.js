#!/usr/bin/env node
// `relance`, the command of the npm package (docs/SPEC.md §11): lint,
// render, check, kpis, impact and presets over workflow files. Every answer
// is the engine's (the package's two entry points); this file reads files and
// arguments, places problems in the files' text, and prints.
//
// Exit codes: 0 success (lint: no errors; check: the move is allowed);
// 1 lint found errors (or warnings, with --strict), or check refused the
// move; 2 a bad argument, an unreadable file, a workflow that does not load,
// or input the engine refuses: one line on standard error (a workflow's
// problems, one line each).
import { parseArgs } from "node:util";
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { RelanceError } from "../boundary.js";
import { Locator, utf8Error } from "./locate.js";
import { FramingError, batches, countRecords, fileChunks, lineOfRecord } from "./events.js";
import { impactSummary, kpiTables } from "./present.js";

/** A usage or input error: one line on standard error, exit code 2. */
class Usage extends Error {}

// Each entry point is imported by the commands that use it, so that each
// command instantiates only the WebAssembly it needs (kpis: relance/analytics alone).
const relance = async () => (await import("../index.js")).Workflow;
const analytics = () => import("../analytics.js");

const STDIN = "<stdin>";
const out = (s) => process.stdout.write(s);
const json = (v) => `${JSON.stringify(v, null, 2)}\n`;

const COMMANDS = {
  lint: {
    usage: "relance lint FILE... [--format text|json|github] [--strict]",
    summary: "load errors and lint warnings of workflow files",
    help: `Loads each workflow file (- for standard input) and reports its load errors, or, when it
loads, its lint warnings (unreachable statuses, dead ends, rules that never match, timers
never active), each as FILE:LINE:COLUMN: code: message (JSON Pointer).

Options:
  --format text|json|github  text (default); json: the problems with their line and column;
                             github: ::error and ::warning annotations for GitHub Actions
  --strict                   exit 1 on warnings too

Exit: 0 when no file has errors (warnings alone too), 1 when one has (or has warnings,
with --strict), 2 on a bad argument or an unreadable file.`,
    options: { format: { type: "string" }, strict: { type: "boolean" } },
    run: lint,
  },
  render: {
    usage: "relance render FILE --mermaid|--dot [--locale L]",
    summary: "the status graph as a Mermaid or Graphviz diagram",
    help: `Prints the status graph of a workflow file (- for standard input).

Options:
  --mermaid     a Mermaid state diagram
  --dot         a Graphviz digraph
  --locale L    the labels' locale (default: the workflow's)`,
    options: { mermaid: { type: "boolean" }, dot: { type: "boolean" }, locale: { type: "string" } },
    run: render,
  },
  check: {
    usage: "relance check FILE --lead L.json --to STATUS [--actor A.json] [--now T]",
    summary: "whether a lead may move to a status (the decision as JSON)",
    help: `Checks a move of the lead in L.json (a JSON object) under a workflow file and prints the
decision as JSON: {allowed, rule, to, violations, effects}.

Options:
  --lead L.json     the lead (- for standard input)
  --to STATUS       the target status, or
  --action ID       the action (a rule with an id) to take instead
  --actor A.json    the actor: {"id", "roles", "org"} (default: anonymous)
  --input I.json    the move's input (values for required fields)
  --now T           the time of the move, RFC 3339 or epoch milliseconds (default: now)
  --locale L        the messages' locale

Exit: 0 when the move is allowed, 1 when it is refused, 2 on a bad argument.`,
    options: {
      lead: { type: "string" },
      to: { type: "string" },
      action: { type: "string" },
      actor: { type: "string" },
      input: { type: "string" },
      now: { type: "string" },
      locale: { type: "string" },
    },
    run: check,
  },
  kpis: {
    usage: "relance kpis FILE EVENTS [--from T] [--to T] [--group-by agent,hour] [--format json|table]",
    summary: "the KPI report of an event log, streamed in batches",
    help: `Computes the KPI report (funnel, rates, time in status, notes, closing, groups) of the events in EVENTS under a workflow file.
EVENTS is NDJSON (one event per line) or a JSON list of events, in a file or on standard
input (-); it is read in batches of about 1 MB, never whole. A progress line is shown on
standard error when it is a terminal.

Options:
  --from T, --to T         the window [from, to) (RFC 3339 or epoch milliseconds)
  --now T                  cohort figures follow leads up to T; with --leads, the SLA block
  --timezone Z             grouping's time zone (default: the workflow's)
  --group-by LIST          any of agent, hour, weekday, day, comma-separated
  --leads L.json           stored leads, for the SLA block (with --now)
  --unknown-types skip     skip events of other types (counted in warnings) instead of failing
  --format json|table      json (default) or readable tables`,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      now: { type: "string" },
      timezone: { type: "string" },
      "group-by": { type: "string" },
      leads: { type: "string" },
      "unknown-types": { type: "string" },
      format: { type: "string" },
    },
    run: kpis,
  },
  impact: {
    usage: "relance impact CURRENT NEXT [--leads L] [--events E] [--now T] [--format text|json]",
    summary: "what changing a workflow from CURRENT to NEXT would do",
    help: `Compares two workflow files on stored leads and an event history: statuses added and
removed, leads invalid under NEXT, due work that appears, and the moves of the history NEXT
would have refused.

Options:
  --leads L.json        stored leads (a JSON list)
  --events E            the history: NDJSON or a JSON list (- for standard input)
  --actors A.json       {"ana": {"roles": [...], "org": ...}}: who the history's actors are
  --status-map M.json   {"old": "new"}: statuses of CURRENT renamed in NEXT
  --limit N             at most N items per list (default 100)
  --now T               the time of the analysis (default: now)
  --format text|json    a readable summary (default) or the result as JSON`,
    options: {
      leads: { type: "string" },
      events: { type: "string" },
      actors: { type: "string" },
      "status-map": { type: "string" },
      limit: { type: "string" },
      now: { type: "string" },
      format: { type: "string" },
    },
    run: impact,
  },
  presets: {
    usage: "relance presets [NAME] [--format text|json]",
    summary: "list the preset workflows, or print one (to copy and customise)",
    help: `Without NAME, lists the presets' names (one a line; a JSON list with --format json).
With NAME, prints that preset's definition as JSON.`,
    options: { format: { type: "string" } },
    run: presets,
  },
};

function mainHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return `relance: workflow files of the relance rules engine

Usage: relance COMMAND [ARGUMENTS] [OPTIONS]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join("\n")}

Run "relance COMMAND --help" for a command's arguments and options.
The JSON Schema of workflow files: node_modules/relance/workflow.schema.json.
`;
}

function commandHelp(name) {
  const c = COMMANDS[name];
  return `Usage: ${c.usage}\n\n${c.help}\n`;
}

// --- Reading --------------------------------------------------------------

/** Why a file could not be read, in a few words. */
function reason(e) {
  const known = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "is a directory", ENOTDIR: "not a directory", EMFILE: "too many open files" };
  return known[e.code] ?? e.message.split("\n")[0];
}

/** Standard input, whole (for a workflow, a lead: small files). */
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A file's bytes (`-`: standard input), or a Usage error. */
async function readBytes(file, what = "") {
  try {
    return file === "-" ? await readStdin() : readFileSync(file);
  } catch (e) {
    throw new Usage(`cannot read ${what}${file}: ${reason(e)}`);
  }
}

/** Decodes UTF-8, a byte-order mark (which some editors write) left out; throws on bytes that are not UTF-8. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A file's text; a file that is not UTF-8 (which the engine refuses) is a Usage error at its first bad byte. */
async function readText(file, what) {
  const bytes = await readBytes(file, what);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw notUtf8(file, bytes);
  }
}

/** A Usage error for bytes of `file` that are not UTF-8: `FILE:LINE:COLUMN: invalid_utf8: …`. */
function notUtf8(file, bytes) {
  const at = utf8Error(bytes);
  const hex = at.byte.toString(16).toUpperCase().padStart(2, "0");
  return new Usage(`${name(file)}:${at.line}:${at.column}: invalid_utf8: the text is not UTF-8 (byte 0x${hex})`);
}

/** A JSON file, parsed. */
async function readJson(file, what) {
  const text = await readText(file, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Usage(`${what}${file} is not JSON: ${e.message.split("\n")[0]}`);
  }
}

/** A file's name in messages. */
const name = (file) => (file === "-" ? STDIN : file);

// --- Problems ---------------------------------------------------------------

/** Each problem of a `{errors, warnings}` answer with its place in the text: `{problem, severity, line, column}`. */
function place(text, lint) {
  const all = [...lint.errors.map((p) => ({ p, severity: "error" })), ...lint.warnings.map((p) => ({ p, severity: "warning" }))];
  if (all.length === 0) return [];
  const locator = new Locator(text);
  return all.map(({ p, severity }) => {
    const at = (p.code === "invalid_json" && locator.fromJsonMessage(p.message)) || locator.locate(p);
    return { problem: p, severity, line: at.line, column: at.column };
  });
}

/** `FILE:LINE:COLUMN: code: message (pointer)`. */
function textLine(file, { problem, line, column }) {
  const pointer = problem.path ? ` (${problem.path})` : "";
  return `${file}:${line}:${column}: ${problem.code}: ${problem.message}${pointer}`;
}

/** A GitHub Actions workflow command: ::error file=…,line=…,col=…,title=…::message */
function githubLine(file, { problem, severity, line, column }) {
  const data = (s) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  const prop = (s) => data(s).replaceAll(":", "%3A").replaceAll(",", "%2C");
  const pointer = problem.path ? ` (${problem.path})` : "";
  return `::${severity} file=${prop(file)},line=${line},col=${column},title=${prop(`relance ${problem.code}`)}::${data(problem.message + pointer)}`;
}

/** Prints a workflow file's load errors (standard error), then fails with exit code 2. */
function failLoad(file, text, errors) {
  const lines = place(text, { errors, warnings: [] }).map((p) => textLine(file, p));
  process.stderr.write(`${lines.join("\n")}\n`);
  throw new Usage(`${file} does not load: ${errors.length} ${errors.length === 1 ? "error" : "errors"}`);
}

/** A workflow file's text once it loads (else its load errors, and exit code 2). */
async function loadOrFail(file, text) {
  const { errors } = (await relance()).lintJson(text);
  if (errors.length > 0) failLoad(file, text, errors);
  return text;
}

/** The `--format` asked for, one of `allowed` (the first by default). */
function format(values, allowed) {
  const f = values.format ?? allowed[0];
  if (!allowed.includes(f)) throw new Usage(`--format must be one of ${allowed.join(", ")}, not "${f}"`);
  return f;
}

/** The positional arguments, between `min` and `max` of them (`what` names the missing ones). */
function positionals(args, min, max, what) {
  if (args.length < min) throw new Usage(`missing ${what}`);
  if (args.length > max) throw new Usage(`unexpected argument "${args[max]}"`);
  return args;
}

// --- Commands -------------------------------------------------------------

async function lint(values, args) {
  const f = format(values, ["text", "json", "github"]);
  const files = positionals(args, 1, Infinity, "FILE (a workflow file, or - for standard input)");
  if (files.filter((x) => x === "-").length > 1) throw new Usage("standard input (-) can be read once");
  const texts = [];
  for (const file of files) texts.push(await readText(file));
  const Workflow = await relance();
  const results = files.map((file, i) => {
    const lint = Workflow.lintJson(texts[i]);
    return { file: name(file), lint, placed: place(texts[i], lint) };
  });
  const errors = results.reduce((n, r) => n + r.lint.errors.length, 0);
  const warnings = results.reduce((n, r) => n + r.lint.warnings.length, 0);
  if (f === "json") {
    const withPlace = (r, severity) => r.placed.filter((p) => p.severity === severity).map((p) => ({ ...p.problem, location: { line: p.line, column: p.column } }));
    out(json(results.map((r) => ({ file: r.file, errors: withPlace(r, "error"), warnings: withPlace(r, "warning") }))));
  } else {
    const lines = results.flatMap((r) => r.placed.map((p) => (f === "github" ? githubLine(r.file, p) : textLine(r.file, p))));
    if (f === "text") {
      const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
      lines.push(`${plural(files.length, "file")}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`);
    }
    if (lines.length > 0) out(`${lines.join("\n")}\n`);
  }
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}

async function render(values, args) {
  const [file] = positionals(args, 1, 1, "FILE (a workflow file, or - for standard input)");
  if (Boolean(values.mermaid) === Boolean(values.dot)) throw new Usage("give one of --mermaid and --dot");
  const wf = (await relance()).fromJson(await loadOrFail(name(file), await readText(file)));
  const diagram = values.mermaid ? wf.toMermaid(values.locale) : wf.toDot(values.locale);
  out(diagram.endsWith("\n") ? diagram : `${diagram}\n`);
  return 0;
}

async function check(values, args) {
  const [file] = positionals(args, 1, 1, "FILE (a workflow file)");
  if (values.lead === undefined) throw new Usage("missing --lead L.json");
  if ((values.to === undefined) === (values.action === undefined)) throw new Usage("give one of --to STATUS and --action ID");
  if ([file, values.lead, values.actor, values.input].filter((x) => x === "-").length > 1) throw new Usage("standard input (-) can be read once");
  const text = await loadOrFail(name(file), await readText(file));
  const lead = await readJson(values.lead, "the lead ");
  const actor = values.actor === undefined ? undefined : await readJson(values.actor, "the actor ");
  const input = values.input === undefined ? undefined : await readJson(values.input, "the input ");
  const wf = (await relance()).fromJson(text);
  const ctx = { actor, input, locale: values.locale, now: values.now ?? new Date().toISOString() };
  const decision = wf.check(lead, values.to ?? { action: values.action }, ctx);
  out(json(decision));
  return decision.allowed ? 0 : 1;
}

/** `--from`, `--to`, `--now`, `--timezone`, `--group-by`, `--leads` as report options (the engine checks them). */
async function reportOptions(values) {
  const options = { from: values.from, to: values.to, now: values.now, timezone: values.timezone };
  if (values["group-by"] !== undefined) options.groupBy = values["group-by"].split(",").map((s) => s.trim()).filter(Boolean);
  // As text: the engine reads the leads as they are (ids past 2^53, key order).
  if (values.leads !== undefined) options.leads = await readText(values.leads, "the leads ");
  return options;
}

/** A byte stream of EVENTS (a file, or - for standard input), and its size when known. */
async function eventStream(file) {
  if (file === "-") return { chunks: process.stdin, size: null, close: () => {} };
  let handle;
  try {
    handle = await open(file);
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return { chunks: fileChunks(handle), size: stat.size, close: () => handle.close().catch(() => {}) };
  } catch (e) {
    await handle?.close();
    throw new Usage(`cannot read ${file}: ${reason(e)}`);
  }
}

/** Progress on standard error, when it is a terminal. */
function progress(file, size) {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  const mb = (n) => (n / 1048576).toFixed(n < 10485760 ? 1 : 0);
  return {
    update(events, bytes) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const amount = size ? `${mb(bytes)} MB of ${mb(size)} MB (${Math.floor((100 * bytes) / size)} %)` : `${mb(bytes)} MB`;
      process.stderr.write(`\r\x1b[Krelance kpis: ${name(file)}: ${events.toLocaleString("en")} events, ${amount}`);
    },
    done() {
      process.stderr.write("\r\x1b[K");
    },
  };
}

async function kpis(values, args) {
  const [file, events] = positionals(args, 2, 2, args.length === 0 ? "FILE and EVENTS" : "EVENTS (a .json or .ndjson file, or - for standard input)");
  const f = format(values, ["json", "table"]);
  if (file === "-") throw new Usage("the workflow FILE cannot be standard input; EVENTS can (-)");
  const unknownTypes = values["unknown-types"];
  if (unknownTypes !== undefined && !["skip", "error"].includes(unknownTypes)) throw new Usage(`--unknown-types must be skip or error, not "${unknownTypes}"`);
  const text = await readText(file);
  const options = await reportOptions(values);
  const { EventLog } = await analytics();
  let log;
  try {
    log = new EventLog(text);
  } catch (e) {
    if (e instanceof RelanceError && ["invalid_workflow", "invalid_json"].includes(e.code)) failLoad(file, text, e.details);
    throw e;
  }
  // The engine checks the options before the events are read: the figures of
  // no events (a partial report, which leaves the SLA block of `leads` to
  // `report`, computed once, at the end).
  log.partial(options).free();
  const stream = await eventStream(events);
  const bar = progress(events, stream.size);
  let read = 0;
  try {
    for await (const batch of batches(stream.chunks)) {
      try {
        log.push(batch.bytes, unknownTypes === undefined ? undefined : { unknownTypes });
      } catch (e) {
        if (!(e instanceof RelanceError)) throw e;
        throw new Usage(eventProblem(name(events), batch, e));
      }
      read += batch.bytes.length;
      bar.update(log.size, read);
    }
  } catch (e) {
    if (e instanceof FramingError) throw new Usage(`${name(events)}:${e.line}: invalid_json: ${e.message}`);
    if (e instanceof Usage || e instanceof RelanceError || !e.code) throw e;
    throw new Usage(`cannot read ${name(events)}: ${reason(e)}`);
  } finally {
    bar.done();
    stream.close();
  }
  const report = log.report(options);
  log.free();
  out(f === "table" ? kpiTables(report) : json(report));
  return 0;
}

/** A refused batch's first problem, at its line in EVENTS: `EVENTS:LINE: code: message (path)`. */
function eventProblem(file, batch, e) {
  const d = e.details?.[0];
  if (d?.code === "invalid_utf8") {
    // The batch is refused whole: the record where its first bad byte is.
    const at = utf8Error(batch.bytes);
    if (at !== null) {
      const start = batch.bytes.lastIndexOf(0x0a, at.offset) + 1;
      const index = countRecords(batch.bytes.subarray(0, start));
      const line = batch.lines ? batch.lines[index] : batch.firstLine + at.line - 1;
      return `${file}:${line}: ${d.code}: ${d.message} (/${batch.firstRecord + index})`;
    }
  }
  const m = d && /^\/(\d+)(.*)$/.exec(d.path);
  if (!m) return `${file}: ${e.code}: ${e.message}`;
  const index = Number(m[1]);
  const line = batch.lines ? batch.lines[index] : batch.firstLine + lineOfRecord(batch.bytes, index) - 1;
  return `${file}:${line}: ${d.code}: ${d.message} (/${batch.firstRecord + index}${m[2]})`;
}

async function impact(values, args) {
  const [current, next] = positionals(args, 2, 2, "CURRENT and NEXT (two workflow files)");
  const f = format(values, ["text", "json"]);
  const { impact } = await analytics();
  if ([current, next, values.leads, values.events].filter((x) => x === "-").length > 1) throw new Usage("standard input (-) can be read once");
  let limit;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit)) throw new Usage(`--limit must be a whole number, not "${values.limit}"`);
    limit = Number(values.limit);
  }
  const a = await loadOrFail(name(current), await readText(current));
  const b = await loadOrFail(name(next), await readText(next));
  const input = { now: values.now ?? new Date().toISOString(), limit };
  if (values.leads !== undefined) input.leads = await readText(values.leads, "the leads ");
  if (values.events !== undefined) {
    input.events = new Uint8Array(await readBytes(values.events, "the events "));
    if (!isUtf8(input.events)) throw notUtf8(values.events, input.events);
  }
  if (values.actors !== undefined) input.actors = await readJson(values.actors, "the actors ");
  if (values["status-map"] !== undefined) input.statusMap = await readJson(values["status-map"], "the status map ");
  const result = impact(a, b, input);
  out(f === "json" ? json(result) : impactSummary(result));
  return 0;
}

async function presets(values, args) {
  const [preset] = positionals(args, 0, 1, "");
  const Workflow = await relance();
  if (preset === undefined) {
    const f = format(values, ["text", "json"]);
    out(f === "json" ? json(Workflow.presets()) : `${Workflow.presets().join("\n")}\n`);
  } else {
    format(values, ["json"]);
    out(json(Workflow.presetJson(preset)));
  }
  return 0;
}

// --- Main -------------------------------------------------------------------

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    if (command === "help" && rest[0] !== undefined) {
      if (!Object.hasOwn(COMMANDS, rest[0])) throw new Usage(`unknown command "${rest[0]}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
      out(commandHelp(rest[0]));
      return 0;
    }
    // Without a command, the help is a usage error.
    (command === undefined ? process.stderr : process.stdout).write(mainHelp());
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    out(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) throw new Usage(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(", ")} (relance --help)`);
  const c = COMMANDS[command];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...c.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new Usage(`${command}: ${e.message.split(". ")[0].replace(/\.$/, "")} (relance ${command} --help)`);
  }
  if (parsed.values.help) {
    out(commandHelp(command));
    return 0;
  }
  try {
    return await c.run(parsed.values, parsed.positionals);
  } catch (e) {
    // Input the engine refuses (a time, a lead, an option): one line too.
    if (e instanceof RelanceError) throw new Usage(`${command}: ${e.code}: ${e.message}`);
    if (e instanceof Usage) e.message = `${command}: ${e.message}`;
    throw e;
  }
}

// A closed pipe (relance … | head) ends the command quietly.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // One line, never a stack trace.
  const message = e instanceof Usage ? e.message : `internal error: ${e?.message ?? e}`;
  process.stderr.write(`relance: ${message.split("\n")[0]}\n`);
  process.exitCode = 2;
}
