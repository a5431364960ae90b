// The relance demo: a Kanban board whose every rule comes from the package.
// This file renders and forwards user gestures; it decides nothing itself.
import { Workflow, RelanceError } from "relance";
import { samples } from "./samples.js";

const $ = (id) => document.getElementById(id);
const state = { wf: null, leads: [], preset: "", dragged: null };

function ctx(extra = {}) {
  const actor = samples[state.preset].actors[Number($("actor").value) || 0];
  return { actor, now: new Date($("now").value + ":00Z"), locale: $("locale").value, ...extra };
}

function say(text, kind) {
  $("message").textContent = text;
  $("message").className = kind;
}

function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  for (const [k, v] of Object.entries(dataset)) e.dataset[k] = v;
  e.append(...children);
  return e;
}

function loadPreset(name) {
  state.wf?.free();
  state.preset = name;
  state.wf = Workflow.preset(name);
  state.leads = structuredClone(samples[name].actors ? samples[name].leads : []);
  $("actor").replaceChildren(...samples[name].actors.map((a, i) => el("option", { value: String(i), textContent: `${a.id} (${a.roles.join(", ")}${a.org ? ` @ ${a.org}` : ""})` })));
  say("", "");
  render();
}

function render() {
  const columns = state.wf.statuses($("locale").value);
  $("board").replaceChildren(
    ...columns.map((s) => {
      const cards = state.leads.filter((l) => l.status === s.id).map(card);
      const col = el(
        "section",
        { className: `column${s.category === "open" ? "" : " terminal"}`, dataset: { status: s.id, testid: `column-${s.id}`, color: s.ui?.color ?? "" } },
        el("h2", {}, el("span", { textContent: s.label }), el("span", { className: "badge", textContent: s.category })),
        ...cards,
      );
      col.addEventListener("dragover", (e) => e.preventDefault());
      col.addEventListener("drop", (e) => {
        e.preventDefault();
        move(e.dataTransfer.getData("text/plain"), s.id);
      });
      return col;
    }),
  );
}

function card(lead) {
  const buttons = state.wf.actions(lead, ctx()).map((a) => {
    const onlyNeeds = a.violations.length > 0 && a.violations.every((v) => v.code === "missing_field");
    const b = el("button", {
      type: "button",
      textContent: a.label,
      disabled: !a.allowed && !onlyNeeds,
      title: a.violations.map((v) => v.message).join(" · "),
      dataset: { testid: `action-${lead.id}-${a.action}` },
    });
    b.addEventListener("click", () => move(lead.id, { action: a.action, status: a.to }));
    return b;
  });
  const c = el(
    "article",
    { className: "card", draggable: true, dataset: { lead: lead.id, testid: `card-${lead.id}` } },
    el("strong", { textContent: lead.name ?? lead.id }),
    el("div", { className: "meta", textContent: `${lead.id}${lead.statusSince ? ` · since ${lead.statusSince.slice(0, 16).replace("T", " ")}` : ""}` }),
    ...(buttons.length ? [el("div", { className: "actions" }, ...buttons)] : []),
  );
  c.addEventListener("dragstart", (e) => {
    e.dataTransfer.setData("text/plain", lead.id);
    highlight(lead);
  });
  c.addEventListener("dragend", () => highlight(null));
  return c;
}

/** Marks the columns the dragged lead may (or may not) be dropped on. */
function highlight(lead) {
  const options = lead ? state.wf.options(lead, ctx()) : [];
  for (const col of document.querySelectorAll(".column")) {
    const o = options.find((x) => x.status === col.dataset.status);
    col.classList.toggle("drop-ok", !!o?.allowed);
    col.classList.toggle("drop-no", !!o && !o.allowed && o.status !== lead.status);
  }
}

async function askFor(needs, violations, label) {
  const dialog = $("needs");
  $("needs-title").textContent = label;
  $("needs-fields").replaceChildren(
    ...needs.map((f) => {
      const v = violations.find((x) => x.field === f);
      return el("label", { textContent: v?.params.fieldLabel ?? f }, el("input", { name: f, required: true, dataset: { testid: `need-${f}` } }));
    }),
  );
  dialog.showModal();
  await new Promise((r) => dialog.addEventListener("close", r, { once: true }));
  if (dialog.returnValue !== "ok") return null;
  return Object.fromEntries(needs.map((f) => [f, dialog.querySelector(`[name="${f}"]`).value]));
}

/** Moves a lead to a status id or through an action `{action, status}`. */
async function move(id, to) {
  const i = state.leads.findIndex((l) => l.id === id);
  if (i < 0) return;
  const lead = state.leads[i];
  if (lead.status === to) return;
  const decision = state.wf.check(lead, to, ctx());
  let input;
  if (!decision.allowed) {
    const needs = decision.violations.filter((v) => v.code === "missing_field").map((v) => v.field);
    if (needs.length === 0 || needs.length !== decision.violations.length) {
      return say(decision.violations.map((v) => v.message).join(" · "), "error");
    }
    input = await askFor(needs, decision.violations, decision.violations.map((v) => v.message).join(" · "));
    if (!input) return say("Move cancelled.", "");
  }
  try {
    const change = state.wf.apply(lead, to, ctx({ input }));
    state.leads[i] = change.lead;
    const label = state.wf.statuses($("locale").value).find((s) => s.id === change.lead.status).label;
    say(`${change.lead.name ?? id} → ${label}`, "ok");
  } catch (e) {
    if (!(e instanceof RelanceError)) throw e;
    say(e.details.map((d) => d.message).join(" · "), "error");
  }
  render();
}

$("preset").replaceChildren(...Workflow.presets().map((n) => el("option", { value: n, textContent: n })));
$("now").value = "2026-11-23T10:00";
$("preset").addEventListener("change", (e) => loadPreset(e.target.value));
$("locale").addEventListener("change", render);
$("actor").addEventListener("change", render);
const initial = new URLSearchParams(location.search).get("preset") ?? "relance";
$("preset").value = initial;
loadPreset(initial);
document.body.dataset.ready = "true";
