// The relance demo: a board, an operator panel and a reports view over the
// five preset workflows. This file holds the page's state and wires its
// controls; every rule (moves, deadlines, due work, the queue, notes, KPIs)
// is asked of the package.
import { Workflow } from "relance";
import { $, el } from "./dom.js";
import { samples } from "./samples.js";
import { renderBoard, move, runDue } from "./board.js";
import { renderOperator, classifyDraft, showTemplates, addNote } from "./operator.js";
import { runReport } from "./reports.js";
import { renderRules, onEdit, applyRules } from "./rules.js";

const TABS = ["board", "operator", "reports", "rules"];

/** The page's state, and what the views share. */
const app = {
  wf: null,
  preset: "",
  sample: null,
  leads: [],
  /** Events of the moves and notes made on this page (what a CRM would store). */
  events: [],
  selected: null,
  template: null,
  tab: "board",

  /** The context of a call: the chosen actor, Now (UTC) and language. */
  ctx(extra = {}) {
    const actor = this.sample.actors[Number($("actor").value) || 0];
    return { actor, now: $("now").value + ":00Z", locale: $("locale").value, ...extra };
  },
  lead(id) {
    return this.leads.find((l) => l.id === id);
  },
  statusLabel(id) {
    return this.wf.statuses($("locale").value).find((s) => s.id === id)?.label;
  },
  /** Takes a change from the package: the new lead, and its event if any. */
  update(change, rerender = true) {
    const i = this.leads.findIndex((l) => l.id === change.lead.id);
    if (i >= 0) this.leads[i] = change.lead;
    else this.leads.push(change.lead);
    if (change.event) this.events.push(change.event);
    if (rerender) this.render();
  },
  say(text, kind) {
    $("message").textContent = text;
    $("message").className = kind;
  },
  move(id, to) {
    return move(this, id, to);
  },
  render() {
    for (const t of TABS) {
      $(`${t}-view`).hidden = t !== this.tab;
      $(`tab-${t}`).setAttribute("aria-selected", String(t === this.tab));
    }
    if (this.tab === "board") renderBoard(this);
    if (this.tab === "operator") renderOperator(this);
    if (this.tab === "rules") renderRules(this);
  },
};

function loadPreset(name) {
  app.wf?.free();
  app.preset = name;
  app.sample = samples[name];
  app.wf = Workflow.preset(name);
  app.leads = structuredClone(app.sample.leads);
  app.events = [];
  app.selected = null;
  $("actor").replaceChildren(...app.sample.actors.map((a, i) => el("option", { value: String(i), textContent: `${a.id} (${a.roles.join(", ")}${a.org ? ` @ ${a.org}` : ""})` })));
  $("due-list").replaceChildren();
  $("report").hidden = true;
  $("report-status").textContent = "";
  app.say("", "");
  app.render();
}

/** Creates a lead through the package (its defaults, deadlines and `created` event). */
function createLead() {
  const name = $("new-name").value.trim();
  if (!name) return app.say("Give the new lead a name.", "error");
  $("new-name").value = "";
  const change = app.wf.create({ id: `N-${app.leads.length + 1}`, name }, app.ctx());
  app.update(change);
  app.say(`${name} created in ${app.statusLabel(change.lead.status)}.`, "ok");
}

function shiftNow(ms) {
  const t = new Date(new Date($("now").value + ":00Z").getTime() + ms);
  $("now").value = t.toISOString().slice(0, 16);
  app.render();
}

$("preset").replaceChildren(...Workflow.presets().map((n) => el("option", { value: n, textContent: n })));
$("now").value = "2026-11-23T10:00";
$("preset").addEventListener("change", (e) => loadPreset(e.target.value));
for (const id of ["locale", "actor", "now"]) $(id).addEventListener("change", () => app.render());
$("now-hour").addEventListener("click", () => shiftNow(3_600_000));
$("now-day").addEventListener("click", () => shiftNow(86_400_000));
for (const t of TABS) {
  $(`tab-${t}`).addEventListener("click", () => {
    app.tab = t;
    app.render();
  });
}
$("create-form").addEventListener("submit", (e) => {
  e.preventDefault();
  createLead();
});
$("run-due").addEventListener("click", () => runDue(app));
$("search").addEventListener("input", () => renderOperator(app));
$("note-text").addEventListener("input", () => classifyDraft(app));
$("predefined").addEventListener("click", () => showTemplates(app));
$("note-form").addEventListener("submit", (e) => {
  e.preventDefault();
  addNote(app);
});
$("rules-edit").addEventListener("input", () => onEdit(app));
$("rules-edit").addEventListener("scroll", () => ($("rules-backdrop").scrollTop = $("rules-edit").scrollTop));
$("rules-apply").addEventListener("click", () => applyRules(app));
$("run-report").addEventListener("click", async () => {
  $("run-report").disabled = true;
  try {
    await runReport(app);
  } finally {
    $("run-report").disabled = false;
    document.body.dataset.report = "done";
  }
});

const params = new URLSearchParams(location.search);
const initial = params.get("preset") ?? "relance";
if (params.get("tab")) app.tab = params.get("tab");
$("preset").value = initial;
loadPreset(initial);
document.body.dataset.ready = "true";
