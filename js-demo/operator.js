// The operator panel: the work queue with its reasons and a search box, and
// the selected lead as the operator may see it (`view`: call-tracked contacts
// hidden), its reservation, its external status translated, its flow state,
// moves, and a note form with predefined notes and the outcome classified
// live as you type. Every decision is the package's.
import { RelanceError } from "relance";
import { $, el, when } from "./dom.js";

const REASONS = { neverContacted: "never contacted", overdue: "overdue", dueSoon: "due soon", waiting: "waiting" };

/** Renders the queue and the selected lead's panel. */
export function renderOperator(app) {
  const ctx = app.ctx();
  const items = app.wf.queue(app.leads, { ...ctx, search: $("search").value });
  if (!app.selected || !app.lead(app.selected)) app.selected = items[0]?.lead.id ?? null;
  $("queue").replaceChildren(
    ...items.map(({ lead, reason, dueAt }) => {
      const li = el(
        "li",
        { className: lead.id === app.selected ? "selected" : "", dataset: { testid: `queue-${lead.id}`, reason } },
        el("button", { type: "button", textContent: lead.name ?? lead.id }),
        el("span", { className: `reason ${reason}`, textContent: REASONS[reason] + (dueAt ? ` · ${when(dueAt)}` : "") }),
      );
      li.querySelector("button").addEventListener("click", () => {
        app.selected = lead.id;
        renderOperator(app);
      });
      return li;
    }),
  );
  if (items.length === 0) $("queue").append(el("li", { className: "empty", textContent: "No lead matches." }));
  renderPanel(app, ctx);
}

function renderPanel(app, ctx) {
  const lead = app.selected && app.lead(app.selected);
  $("lead-panel").hidden = !lead;
  if (!lead) return;
  const shown = app.wf.view(lead, ctx);
  $("lead-title").textContent = `${lead.name ?? lead.id} · ${app.statusLabel(lead.status)}`;
  $("lead-fields").replaceChildren(
    ...Object.entries(shown).flatMap(([k, v]) => [el("dt", { textContent: k }), el("dd", { textContent: typeof v === "string" ? v : JSON.stringify(v), dataset: { testid: `field-${k}` } })]),
  );
  const badges = [
    el("span", { className: "badge flow", textContent: `flow: ${app.wf.flowState(lead)}`, dataset: { testid: "flow-state" } }),
    lead.reservedBy ? el("span", { className: "badge reserved", textContent: `Reserved by ${lead.reservedBy}`, dataset: { testid: "reservation" } }) : null,
  ];
  if (app.sample.provider && lead.externalStatus) {
    const x = app.wf.mapExternal(app.sample.provider, lead.externalStatus, ctx.locale);
    badges.push(el("span", { className: `badge external${x.known ? "" : " unknown"}`, textContent: `${app.sample.provider}: ${x.label}${x.description ? ` (${x.description})` : ""}`, dataset: { testid: "external-status" } }));
  }
  $("lead-badges").replaceChildren(...badges.filter(Boolean));
  $("lead-moves").replaceChildren(
    ...app.wf
      .options(lead, ctx)
      .filter((o) => o.status !== lead.status)
      .map((o) => {
        const b = el("button", { type: "button", textContent: `→ ${o.label}`, className: o.allowed ? "" : "refused", title: o.violations.map((v) => v.message).join(" · "), dataset: { testid: `move-${o.status}` } });
        b.addEventListener("click", () => app.move(lead.id, o.status));
        return b;
      }),
  );
}

/** Shows the classifier's outcome for the note being typed. */
export function classifyDraft(app) {
  const text = $("note-text").value;
  const outcome = text.trim() ? app.wf.classify(text, $("locale").value) : null;
  $("note-outcome").textContent = outcome ?? "";
  $("note-outcome").className = `outcome ${outcome ?? ""}`;
}

/** Opens the "Predefined notes" menu: the workflow's templates in the chosen language. */
export function showTemplates(app) {
  const templates = app.wf.noteTemplates($("locale").value);
  $("templates").replaceChildren(
    ...(templates.length
      ? templates.map((t) => {
          const b = el("button", { type: "button", textContent: t.title, title: t.text, dataset: { testid: `template-${t.id}` } });
          b.addEventListener("click", () => {
            app.template = t.id;
            $("note-text").value = t.text;
            $("templates").hidden = true;
            classifyDraft(app);
          });
          return b;
        })
      : [el("span", { textContent: "This workflow has no predefined notes." })]),
  );
  $("templates").hidden = false;
}

/** Adds the note of the form to the selected lead. */
export function addNote(app) {
  const lead = app.lead(app.selected);
  if (!lead) return;
  const text = $("note-text").value;
  const note = { channel: $("note-channel").value, ...(app.template ? { template: app.template } : {}), ...(text.trim() ? { text } : {}) };
  try {
    const change = app.wf.addNote(lead, note, app.ctx());
    app.update(change);
    app.template = null;
    $("note-text").value = "";
    classifyDraft(app);
    app.say(`Note added to ${lead.name ?? lead.id} (${change.event.outcome}).`, "ok");
  } catch (e) {
    if (!(e instanceof RelanceError)) throw e;
    app.say(e.details.map((d) => d.message).join(" · "), "error");
  }
}
