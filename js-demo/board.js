// The board: one column per status (its Lucide icon and colour), cards with
// their deadlines and SLA states at the chosen "Now", moves by drag and drop
// or action buttons, and "Run due work". Every decision is the package's.
import { RelanceError } from "relance";
import { $, el, icon, when, duration } from "./dom.js";

/** Renders the board for `app` (see demo.js). */
export function renderBoard(app) {
  const { wf } = app;
  const ctx = app.ctx();
  $("board").replaceChildren(
    ...wf.statuses(ctx.locale).map((s) => {
      const cards = app.leads.filter((l) => l.status === s.id).map((lead) => card(app, lead, ctx));
      const col = el(
        "section",
        { className: `column ${s.category}`, dataset: { status: s.id, testid: `column-${s.id}`, color: s.ui?.color ?? "" } },
        el("h2", {}, icon(s.ui?.icon), el("span", { className: "label", textContent: s.label }), el("span", { className: "badge", textContent: `${cards.length}` })),
        ...cards,
      );
      col.addEventListener("dragover", (e) => e.preventDefault());
      col.addEventListener("drop", (e) => {
        e.preventDefault();
        move(app, e.dataTransfer.getData("text/plain"), s.id);
      });
      return col;
    }),
  );
}

function card(app, lead, ctx) {
  const buttons = app.wf.actions(lead, ctx).map((a) => {
    const b = el("button", {
      type: "button",
      textContent: a.label,
      // Enabled when allowed, or when the engine names fields the user can give.
      disabled: !a.allowed && a.needs.length === 0,
      title: a.violations.map((v) => v.message).join(" · "),
      dataset: { testid: `action-${lead.id}-${a.action}` },
    });
    b.addEventListener("click", () => move(app, lead.id, { action: a.action }));
    return b;
  });
  const deadlines = app.wf.deadlines(lead, ctx).map((d) =>
    el("span", {
      className: `deadline sla-${d.state}`,
      textContent: `${d.timerLabel}: ${d.label}`,
      title: `${when(d.dueAt)} UTC (${d.remainingMs >= 0 ? "in " : ""}${duration(d.remainingMs)}${d.remainingMs < 0 ? " ago" : ""})`,
      dataset: { testid: `deadline-${lead.id}-${d.timer}`, state: d.state },
    }),
  );
  const c = el(
    "article",
    { className: "card", draggable: true, dataset: { lead: lead.id, testid: `card-${lead.id}` } },
    el("strong", { textContent: lead.name ?? lead.id }),
    el("div", { className: "meta", textContent: `${lead.id}${lead.statusSince ? ` · since ${when(lead.statusSince)}` : ""}` }),
    deadlines.length ? el("div", { className: "deadlines" }, ...deadlines) : null,
    lead.tags?.length ? el("div", { className: "tags", dataset: { testid: `tags-${lead.id}` } }, ...lead.tags.map((t) => el("span", { className: "tag", textContent: t }))) : null,
    buttons.length ? el("div", { className: "actions" }, ...buttons) : null,
  );
  c.addEventListener("dragstart", (e) => {
    e.dataTransfer.setData("text/plain", lead.id);
    highlight(app, lead);
  });
  c.addEventListener("dragend", () => highlight(app, null));
  return c;
}

/** Marks the columns the dragged lead may (or may not) be dropped on. */
function highlight(app, lead) {
  const options = lead ? app.wf.options(lead, app.ctx()) : [];
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

/** Moves a lead to a status id or through an action `{action}`, asking for missing fields. */
export async function move(app, id, to) {
  const lead = app.lead(id);
  if (!lead || lead.status === to) return;
  // The engine's answer for this move, with the fields it needs (`options`
  // for a status, `actions` for an action); `apply` decides.
  const ctx = app.ctx();
  const choice =
    typeof to === "string"
      ? app.wf.options(lead, ctx).find((o) => o.status === to)
      : app.wf.actions(lead, ctx).find((a) => a.action === to.action);
  let input;
  if (choice && !choice.allowed) {
    const message = choice.violations.map((v) => v.message).join(" · ");
    if (choice.needs.length === 0) return app.say(message, "error");
    input = await askFor(choice.needs, choice.violations, message);
    if (!input) return app.say("Move cancelled.", "");
  }
  try {
    const change = app.wf.apply(lead, to, app.ctx({ input }));
    app.update(change);
    app.say(`${change.lead.name ?? id} → ${app.statusLabel(change.lead.status)}`, "ok");
  } catch (e) {
    if (!(e instanceof RelanceError)) throw e;
    app.say(e.details.map((d) => d.message).join(" · "), "error");
  }
}

/** Lists the work `due` at Now, then fires each item. */
export function runDue(app) {
  const items = app.wf.due(app.leads, app.ctx());
  const done = items.map((item) => {
    try {
      const change = app.wf.fire(app.lead(item.lead), item, app.ctx());
      app.update(change, false);
      const what = item.kind === "move" ? `moved to ${app.statusLabel(item.to)}` : item.kind === "alert" ? `alert ${item.alert}` : "tags updated";
      const tags = change.effects.flatMap((e) => e.tagsAdded ?? []);
      return el("li", { textContent: `${item.lead}: ${what}${tags.length ? ` (+${tags.join(", ")})` : ""} — due ${when(item.dueAt)}` });
    } catch (e) {
      if (!(e instanceof RelanceError)) throw e;
      return el("li", { className: "error", textContent: `${item.lead}: ${e.message}` });
    }
  });
  $("due-list").replaceChildren(...(done.length ? done : [el("li", { textContent: "Nothing is due." })]));
  app.say(`${items.length} item${items.length === 1 ? "" : "s"} of due work fired.`, "ok");
  app.render();
}
