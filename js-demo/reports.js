// The reports view: a generated event log of the chosen size is pushed into
// an EventLog in batches (with a progress bar), and the package's KPI report
// is drawn with Chart.js: the funnel, rates, time in status, notes by
// outcome, and the by-agent / by-hour / by-weekday breakdowns, with the
// report's warnings grouped by code (a count and a few examples). Every
// figure is the package's (`relance/analytics`).
import { EventLog } from "relance/analytics";
import { $, el, table, duration, percent } from "./dom.js";
import { generateEvents } from "./samples.js";

const BATCH = 20_000;
const charts = new Map();

/** The window and options the view reports on (November 2026). */
export const reportOptions = { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", now: "2026-12-01T00:00:00Z", groupBy: ["agent", "hour", "weekday"] };

/** Generates the log, computes the report in batches, and draws it. */
export async function runReport(app) {
  const count = Number($("event-count").value);
  const events = generateEvents(app.sample.journey, count);
  const progress = $("report-progress");
  progress.max = events.length;
  progress.value = 0;
  progress.hidden = false;
  $("report").hidden = true;
  const started = performance.now();
  const log = new EventLog(app.wf);
  try {
    for (let i = 0; i < events.length; i += BATCH) {
      log.push(events.slice(i, i + BATCH));
      progress.value = Math.min(i + BATCH, events.length);
      $("report-status").textContent = `${progress.value.toLocaleString("en")} / ${events.length.toLocaleString("en")} events`;
      await new Promise((r) => setTimeout(r, 0));
    }
    const report = log.report(reportOptions);
    const ms = performance.now() - started;
    $("report-status").textContent = `${events.length.toLocaleString("en")} events of ${report.leads.toLocaleString("en")} leads, computed in ${ms.toFixed(0)} ms`;
    draw(app, report);
    return report;
  } finally {
    log.free();
    progress.hidden = true;
  }
}

function chart(id, type, labels, datasets, options = {}) {
  charts.get(id)?.destroy();
  charts.set(id, new globalThis.Chart($(id), { type, data: { labels, datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, ...options } }));
}

function draw(app, r) {
  const label = (id) => app.statusLabel(id) ?? id;
  $("report").hidden = false;
  $("kpi-leads").textContent = String(r.leads);
  $("kpi-rates").replaceChildren(
    ...Object.entries(r.rates).map(([k, v]) => el("div", { className: "figure" }, el("span", { textContent: `${k} rate` }), el("strong", { textContent: percent(v), dataset: { testid: `rate-${k}` } }))),
    el("div", { className: "figure" }, el("span", { textContent: "closed (won / lost)" }), el("strong", { textContent: `${r.closing.closed} (${r.closing.won} / ${r.closing.lost})`, dataset: { testid: "closing" } })),
    el("div", { className: "figure" }, el("span", { textContent: "median cycle" }), el("strong", { textContent: r.closing.cycleTime.median === null ? "—" : duration(r.closing.cycleTime.median) })),
  );
  chart("chart-funnel", "bar", r.funnel.map((s) => label(s.id)), [{ label: "leads reached", data: r.funnel.map((s) => s.reached), backgroundColor: "#4f7cff" }], { indexAxis: "y" });
  $("status-table").replaceChildren(
    table(
      ["status", "entered", "advanced", "median time", "p90 time", "now in"],
      Object.entries(r.statuses).map(([id, s]) => [label(id), s.entered, percent(s.advanceRate), s.timeInStatus.median === null ? "—" : duration(s.timeInStatus.median), s.timeInStatus.p90 === null ? "—" : duration(s.timeInStatus.p90), s.current]),
      "statuses-table",
    ),
  );
  const outcomes = Object.keys(r.notes.outcomes);
  chart("chart-outcomes", "doughnut", outcomes, [{ data: outcomes.map((o) => r.notes.outcomes[o]), backgroundColor: ["#2e9d5b", "#d64545", "#e0a030", "#9aa3b2"] }]);
  const agents = Object.keys(r.byAgent);
  chart("chart-agents", "bar", agents, [
    { label: "notes", data: agents.map((a) => r.byAgent[a].notes), backgroundColor: "#4f7cff" },
    { label: "won", data: agents.map((a) => r.byAgent[a].won), backgroundColor: "#2e9d5b" },
  ]);
  chart("chart-hours", "bar", r.byHour.map((s) => `${s.hour}h`), [{ label: "notes by local hour (the workflow's time zone)", data: r.byHour.map((s) => s.notes), backgroundColor: "#7c5cff" }]);
  chart("chart-weekdays", "bar", r.byWeekday.map((s) => s.weekday), [{ label: "notes by weekday", data: r.byWeekday.map((s) => s.notes), backgroundColor: "#e0a030" }]);
  $("report-warnings").replaceChildren(...(r.warnings.length ? warningGroups(r.warnings) : [el("li", { textContent: "No warning." })]));
}

/** How many examples of each warning code the view shows. */
const EXAMPLES = 3;

/** The report's warnings grouped by code, in the report's order: a count and the first few. */
export function groupWarnings(warnings) {
  const groups = new Map();
  for (const w of warnings) {
    const g = groups.get(w.code) ?? { code: w.code, count: 0, examples: [] };
    g.count += w.count ?? 1; // an unknown_type warning counts its skipped events
    if (g.examples.length < EXAMPLES) g.examples.push(w);
    groups.set(w.code, g);
  }
  return [...groups.values()];
}

function warningGroups(warnings) {
  const example = (w) => (w.code === "unknown_type" ? `${w.type}: ${w.count} skipped` : `${w.lead} at ${w.at}: ${w.message}`);
  return groupWarnings(warnings).map((g) =>
    el(
      "li",
      { dataset: { testid: `warning-${g.code}`, count: String(g.count) } },
      el("strong", { textContent: `${g.code} × ${g.count.toLocaleString("en")}` }),
      el("ul", {}, ...g.examples.map((w) => el("li", { textContent: example(w) }))),
    ),
  );
}
