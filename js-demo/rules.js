// The "Edit rules" view: the current workflow's JSON next to an editable
// copy. Every edit is checked by the package (`Workflow.lintJson`: problems
// underlined where they sit) and, when it loads, its impact computed by the
// package (`impact` of relance/analytics, docs/SPEC.md §10) on the page's
// leads and a generated history: the moves it would have refused (by move
// and by actor), the leads it makes invalid and the due work that appears,
// before anything is saved. Every verdict is the package's.
import { Workflow } from "relance";
import { impact } from "relance/analytics";
import { $, el, table, when } from "./dom.js";
import { generateEvents } from "./samples.js";
import { spanOf, lineColumn } from "./pointer.js";

/** How many generated events the history holds. */
const HISTORY = 5_000;
let timer = null;

/** Shows the current definition and a copy to edit. */
export function renderRules(app) {
  const text = JSON.stringify(app.wf.toJSON(), null, 2);
  $("rules-current").textContent = text;
  if ($("rules-edit").dataset.preset !== app.preset) {
    $("rules-edit").value = text;
    $("rules-edit").dataset.preset = app.preset;
    check(app);
  }
}

/** Re-checks the edited copy shortly after the last keystroke. */
export function onEdit(app) {
  clearTimeout(timer);
  timer = setTimeout(() => check(app), 150);
}

/** Lints the edited copy, then (when it loads) computes its impact. */
export function check(app) {
  const text = $("rules-edit").value;
  const lint = Workflow.lintJson(text);
  drawProblems(text, lint);
  $("rules-apply").disabled = lint.errors.length > 0;
  if (lint.errors.length > 0) {
    $("rules-impact").hidden = true;
    document.body.dataset.rules = "errors";
    return;
  }
  const history = [...generateEvents(app.sample.journey, HISTORY), ...app.events];
  const actors = Object.fromEntries(app.sample.actors.map((a) => [a.id, { roles: a.roles, org: a.org ?? null }]));
  const r = impact(app.wf, text, { now: app.ctx().now, leads: app.leads, events: history, actors, limit: 20 });
  drawImpact(app, r);
  document.body.dataset.rules = "checked";
}

/** Problems listed with their line and column, and underlined in the backdrop. */
function drawProblems(text, lint) {
  const problems = [...lint.errors.map((p) => ({ ...p, level: "error" })), ...lint.warnings.map((p) => ({ ...p, level: "warning" }))];
  const marks = [];
  const items = problems.map((p) => {
    const span = spanOf(text, p.path) ?? (p.path === "" ? { start: 0, end: Math.min(text.length, 1) } : null);
    let where = "";
    if (span) {
      const start = p.column && text[span.start] === '"' ? span.start + p.column : span.start;
      const { line, column } = lineColumn(text, start);
      where = `${line}:${column} `;
      marks.push({ start: span.start, end: Math.max(span.end, span.start + 1), level: p.level });
    }
    return el("li", { className: p.level, dataset: { testid: `problem-${p.code}` } }, `${where}${p.code}: ${p.message}`);
  });
  $("rules-problems").replaceChildren(...(items.length ? items : [el("li", { textContent: "No problem." })]));
  // The backdrop mirrors the text, with the problems' spans underlined.
  marks.sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    parts.push(text.slice(at, m.start), el("mark", { className: m.level, dataset: { testid: "squiggle" } }, text.slice(m.start, m.end)));
    at = m.end;
  }
  parts.push(text.slice(at), "\n");
  $("rules-backdrop").replaceChildren(...parts);
}

function drawImpact(app, r) {
  $("rules-impact").hidden = false;
  const h = r.history;
  $("impact-summary").textContent =
    `${h.moves} moves replayed: ${h.refused} would have been refused, ${h.undecided} undecided; ` +
    `${r.leads.invalid} of ${r.leads.checked} leads invalid; ${r.leads.newlyDue} due items appear` +
    (r.statuses.added.length || r.statuses.removed.length ? `; statuses added: ${r.statuses.added.join(", ") || "none"}, removed: ${r.statuses.removed.join(", ") || "none"}` : "");
  $("impact-summary").dataset.refused = String(h.refused);
  const label = (id) => app.statusLabel(id) ?? id;
  $("impact-moves").replaceChildren(table(["move", "refused"], h.byMove.map((m) => [`${label(m.from)} → ${label(m.to)}`, m.refused]), "impact-by-move"));
  $("impact-actors").replaceChildren(table(["actor", "refused"], Object.entries(h.byActor), "impact-by-actor"));
  $("impact-leads").replaceChildren(
    table(["lead", "status", "why"], r.leads.items.map((l) => [String(l.lead), l.status ?? "—", l.violations.map((v) => v.message).join("; ")]), "impact-invalid-leads"),
  );
  $("impact-due").replaceChildren(
    table(["lead", "due", "at"], r.leads.due.map((d) => [String(d.lead), d.kind === "move" ? `move to ${label(d.to)}` : d.kind === "alert" ? `alert ${d.alert}` : "tags", when(d.dueAt)]), "impact-due-work"),
  );
}

/** Saves the edited rules: the page runs on them from now on. */
export function applyRules(app) {
  const wf = Workflow.fromJson($("rules-edit").value);
  app.wf.free();
  app.wf = wf;
  $("rules-edit").dataset.preset = app.preset;
  app.say("The edited rules are now the page's workflow.", "ok");
  app.render();
}
