// The demo page in headless Chromium (Debian's, driven by playwright-core):
// the board (moves, icons, deadlines at the chosen Now, due work), the
// operator panel (queue, search, notes, reservation, classifier, external
// status, hidden contacts) and the reports (figures equal to `kpis`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

let server, browser, page, base;
const errors = [];

before(async () => {
  server = await serve(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(preset, tab = "board") {
  await page.goto(`${base}?preset=${preset}&tab=${tab}`);
  await page.waitForSelector("body[data-ready=true]");
}

const columnOf = (id) => page.$eval(`[data-testid=card-${id}]`, (c) => c.closest(".column").dataset.status);

test("the board shows the workflow's statuses as columns, in order", async () => {
  await open("relance");
  const cols = await page.$$eval(".column h2 .label", (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(cols, ["New", "Contacted", "Relance", "Qualified", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]);
});

test("columns show the Lucide icon and the colour of their status's ui", async () => {
  await open("relance");
  const relance = await page.$eval("[data-testid=column-relance]", (c) => ({ color: c.dataset.color, icon: c.querySelector("h2 svg")?.dataset.icon, paths: c.querySelectorAll("h2 svg path").length }));
  assert.deepEqual(relance, { color: "amber", icon: "RotateCcw", paths: 2 });
  assert.equal(await page.$eval("[data-testid=column-qualified] h2 svg", (s) => s.dataset.icon), "CheckCircle");
});

const setNow = async (value) => {
  await page.fill("[data-testid=now]", value);
  await page.dispatchEvent("[data-testid=now]", "change");
};
const stateOf = (lead, timer) => page.getAttribute(`[data-testid=deadline-${lead}-${timer}]`, "data-state");

test("Now drives the deadlines: the 72-hour alert turns breached, fires once as due work, then nothing is due", async () => {
  await open("relance");
  assert.equal(await stateOf("R-4", "relance-attention"), "pending");
  await setNow("2026-11-25T09:00");
  assert.equal(await stateOf("R-4", "relance-attention"), "breached");
  await page.click("[data-testid=run-due]");
  const fired = await page.$$eval("[data-testid=due-list] li", (li) => li.map((x) => x.textContent));
  assert.deepEqual(fired.map((t) => t.split(":")[0]).sort(), ["R-3", "R-4"]);
  assert.equal(await page.textContent("[data-testid=tags-R-4]"), "needs-attention");
  await page.click("[data-testid=run-due]");
  assert.deepEqual(await page.$$eval("[data-testid=due-list] li", (li) => li.map((x) => x.textContent)), ["Nothing is due."]);
});

test("due work expires a pending partner lead at its date", async () => {
  await open("partner");
  await setNow("2026-11-24T12:00");
  await page.click("[data-testid=run-due]");
  assert.equal(await columnOf("P-3"), "expired");
  assert.equal(await columnOf("P-1"), "pending");
});

test("the call-tracking badge stays on a closed OneLead lead; a processed, uncalled lead gets the flag", async () => {
  await open("onelead");
  await page.selectOption("[data-testid=locale]", "fr");
  assert.equal(await columnOf("O-4"), "gagne");
  assert.equal(await page.textContent("[data-testid=deadline-O-4-callback]"), "Statut call tracking: Appelé");
  assert.equal(await stateOf("O-3", "callback"), "breached");
  await page.click("[data-testid=run-due]");
  assert.match(await page.textContent("[data-testid=tags-O-3]"), /non-rappele/);
});

test("a legal drop moves the card; an illegal one is refused with the engine's message", async () => {
  await open("remonline");
  assert.equal(await columnOf("M-1"), "new");
  await page.dragAndDrop("[data-testid=card-M-1]", "[data-testid=column-refused]");
  assert.equal(await columnOf("M-1"), "new");
  assert.equal(await page.textContent("[data-testid=message]"), "A lead cannot move from New lead to Refused");
  assert.equal(await page.getAttribute("[data-testid=message]", "class"), "error");

  await page.dragAndDrop("[data-testid=card-M-1]", "[data-testid=column-in_work]");
  assert.equal(await columnOf("M-1"), "in_work");
  assert.match(await page.textContent("[data-testid=message]"), /Ivan Petrov → In work/);
});

test("a move that needs a field asks for it, then moves", async () => {
  await open("remonline");
  await page.dragAndDrop("[data-testid=card-M-2]", "[data-testid=column-successful_order]");
  await page.waitForSelector("[data-testid=needs-dialog][open]");
  await page.fill("[data-testid=need-orderId]", "ORD-42");
  await page.click("[data-testid=needs-ok]");
  await page.waitForFunction(() => document.querySelector("[data-testid=card-M-2]")?.closest(".column").dataset.status === "successful_order");
  assert.equal(await columnOf("M-2"), "successful_order");
});

test("messages follow the chosen language", async () => {
  await open("remonline");
  await page.selectOption("[data-testid=locale]", "fr");
  await page.dragAndDrop("[data-testid=card-M-1]", "[data-testid=column-refused]");
  assert.equal(await page.textContent("[data-testid=message]"), "Un lead ne peut pas passer de « New lead » à « Refused »");
});


test("action buttons follow the engine: the sourcing company cannot act, the partner accepts", async () => {
  await open("partner");
  await page.selectOption("[data-testid=actor]", "1"); // sam, sourcing company
  assert.equal(await page.isDisabled("[data-testid=action-P-1-accept]"), true);
  await page.selectOption("[data-testid=actor]", "0"); // pat, partner company
  assert.equal(await page.isDisabled("[data-testid=action-P-1-accept]"), false);
  await page.click("[data-testid=action-P-1-accept]");
  await page.waitForFunction(() => document.querySelector("[data-testid=card-P-1]")?.closest(".column").dataset.status === "accepted");
  assert.match(await page.textContent("[data-testid=message]"), /Acme deal → Accepted/);
});

test("decline asks for its reason, then archives the lead as declined", async () => {
  await open("partner");
  await page.click("[data-testid=action-P-1-decline]");
  await page.waitForSelector("[data-testid=needs-dialog][open]");
  await page.fill("[data-testid=need-declineReason]", "Out of territory");
  await page.click("[data-testid=needs-ok]");
  await page.waitForFunction(() => document.querySelector("[data-testid=card-P-1]")?.closest(".column").dataset.status === "declined");
});

const queueIds = () => page.$$eval("[data-testid=queue] li[data-reason]", (li) => li.map((x) => x.dataset.testid.slice(6)));

test("operator queue: the workflow's lists, never-contacted leads first, and phone search in any format", async () => {
  await open("leadflow", "operator");
  assert.deepEqual(await queueIds(), ["F-1", "F-3", "F-2"]);
  assert.equal(await page.getAttribute("[data-testid=queue-F-1]", "data-reason"), "neverContacted");
  await page.fill("[data-testid=search]", "0039 333 1234567");
  assert.deepEqual(await queueIds(), ["F-1"]);
  await page.fill("[data-testid=search]", "bianchi");
  assert.deepEqual(await queueIds(), ["F-2"]);
});

test("a Call back note tags and reserves the lead; another operator is refused, a manager is not", async () => {
  await open("leadflow", "operator");
  await page.click("[data-testid=queue-F-1] button");
  await page.click("[data-testid=predefined]");
  await page.click("[data-testid=template-call-back]");
  await page.click("[data-testid=add-note]");
  assert.equal(await page.textContent("[data-testid=reservation]"), "Reserved by op1");
  assert.equal(await page.getAttribute("[data-testid=message]", "class"), "ok");

  await page.selectOption("[data-testid=actor]", "1"); // op2
  await page.fill("[data-testid=note-text]", "Tried again");
  await page.click("[data-testid=add-note]");
  assert.equal(await page.getAttribute("[data-testid=message]", "class"), "error");
  assert.match(await page.textContent("[data-testid=message]"), /op1/);
  await page.click("[data-testid=move-working]");
  assert.equal(await page.getAttribute("[data-testid=message]", "class"), "error");

  await page.selectOption("[data-testid=actor]", "2"); // boss, manager
  await page.click("[data-testid=add-note]");
  assert.equal(await page.getAttribute("[data-testid=message]", "class"), "ok");
  assert.equal(await page.textContent("[data-testid=reservation]"), "Reserved by op1");
});

test("the classifier's outcome follows the note as it is typed", async () => {
  await open("leadflow", "operator");
  await page.selectOption("[data-testid=locale]", "fr");
  await page.fill("[data-testid=note-text]", "intéressé");
  assert.equal(await page.textContent("[data-testid=note-outcome]"), "positive");
  await page.fill("[data-testid=note-text]", "pas intéressé");
  assert.equal(await page.textContent("[data-testid=note-outcome]"), "negative");
  await page.selectOption("[data-testid=locale]", "en");
  await page.fill("[data-testid=note-text]", "not interested");
  assert.equal(await page.textContent("[data-testid=note-outcome]"), "negative");
});

test("the external status shows translated, and the call-tracked lead's contacts are hidden", async () => {
  await open("onelead", "operator");
  await page.selectOption("[data-testid=locale]", "fr");
  await page.fill("[data-testid=search]", "Girard");
  await page.click("[data-testid=queue-O-1] button");
  assert.equal(await page.textContent("[data-testid=external-status]"), "onelead: En routage (Pas encore reçu)");
  assert.equal(await page.$("[data-testid=field-phone]"), null);
  assert.equal(await page.$("[data-testid=field-email]"), null);
  assert.equal(await page.textContent("[data-testid=field-trackingNumber]"), "+33 1 84 88 00 00");
  await page.fill("[data-testid=search]", "Emma");
  await page.click("[data-testid=queue-O-2] button");
  assert.equal(await page.textContent("[data-testid=field-phone]"), "06 11 22 33 44");
});

test("the reports show the package's figures for 100,000 generated events", async () => {
  await open("relance", "reports");
  await page.click("[data-testid=run-report]");
  await page.waitForSelector("body[data-report=done]", { timeout: 120_000 });
  assert.match(await page.textContent("[data-testid=report-status]"), /^100,000 events/);
  const { shown, expected } = await page.evaluate(async () => {
    const { Workflow } = await import("relance");
    const { kpis } = await import("relance/analytics");
    const { samples, generateEvents } = await import("./samples.js");
    const { reportOptions, groupWarnings } = await import("./reports.js");
    const wf = Workflow.preset("relance");
    const r = kpis(wf, generateEvents(samples.relance.journey, 100_000), reportOptions);
    wf.free();
    const data = (id, i = 0) => Chart.getChart(document.getElementById(id)).data.datasets[i].data;
    const text = (id) => document.querySelector(`[data-testid=${id}]`).textContent;
    return {
      shown: {
        leads: text("kpi-leads"),
        funnel: data("chart-funnel"),
        outcomes: data("chart-outcomes"),
        agentNotes: data("chart-agents"),
        agentWon: data("chart-agents", 1),
        hours: data("chart-hours"),
        weekdays: data("chart-weekdays"),
        closing: text("closing"),
        entered: [...document.querySelectorAll("[data-testid=statuses-table] tbody tr")].map((tr) => Number(tr.children[1].textContent)),
        warnings: [...document.querySelectorAll("[data-testid=report-warnings] > li")].map((li) => [li.dataset.testid, Number(li.dataset.count), li.querySelectorAll("li").length]),
      },
      expected: {
        leads: String(r.leads),
        funnel: r.funnel.map((s) => s.reached),
        outcomes: Object.values(r.notes.outcomes),
        agentNotes: Object.values(r.byAgent).map((a) => a.notes),
        agentWon: Object.values(r.byAgent).map((a) => a.won),
        hours: r.byHour.map((s) => s.notes),
        weekdays: r.byWeekday.map((s) => s.notes),
        closing: `${r.closing.closed} (${r.closing.won} / ${r.closing.lost})`,
        entered: Object.values(r.statuses).map((s) => s.entered),
        warnings: groupWarnings(r.warnings).map((g) => [`warning-${g.code}`, g.count, g.examples.length]),
        someWarnings: r.warnings.length > groupWarnings(r.warnings).length,
        hourSlots: r.byHour.length,
      },
    };
  });
  assert.ok(expected.someWarnings, "the generated log has glitches the report warns about, grouped by code");
  assert.equal(expected.hourSlots, 24);
  delete expected.someWarnings;
  delete expected.hourSlots;
  assert.deepEqual(shown, expected);
  assert.ok(shown.funnel[0] > 15_000, `${shown.funnel[0]} leads reached the first stage`);
});

test("Edit rules: an edit is replayed by the package before it is saved (moves refused by move and actor, leads made invalid)", async () => {
  await open("remonline", "rules");
  await page.waitForSelector("body[data-rules=checked]");
  const before = Number(await page.getAttribute("[data-testid=impact-summary]", "data-refused"));
  // Tighten In work: it may now only go to a lost status.
  const edited = await page.evaluate(() => {
    const def = JSON.parse(document.querySelector("[data-testid=rules-current]").textContent);
    def.transitions[1].to = "group:lost";
    return JSON.stringify(def, null, 2);
  });
  await page.evaluate(() => (document.body.dataset.rules = "editing"));
  await page.fill("[data-testid=rules-edit]", edited);
  await page.waitForSelector("body[data-rules=checked]");
  const after = Number(await page.getAttribute("[data-testid=impact-summary]", "data-refused"));
  assert.ok(after > before, `${after} refused after the edit, ${before} before`);
  const shown = await page.$$eval("[data-testid=impact-by-move] tbody tr", (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  const expected = await page.evaluate(async (text) => {
    const { Workflow } = await import("relance");
    const { impact } = await import("relance/analytics");
    const { samples, generateEvents } = await import("./samples.js");
    const s = samples.remonline;
    const wf = Workflow.preset("remonline");
    const actors = Object.fromEntries(s.actors.map((a) => [a.id, { roles: a.roles, org: a.org ?? null }]));
    const r = impact(wf, text, { now: "2026-11-23T10:00:00Z", leads: s.leads, events: generateEvents(s.journey, 5000), actors, limit: 20 });
    const label = (id) => wf.statuses("en").find((x) => x.id === id).label;
    return { refused: r.history.refused, byMove: r.history.byMove.map((m) => [`${label(m.from)} → ${label(m.to)}`, String(m.refused)]) };
  }, edited);
  assert.equal(after, expected.refused);
  assert.deepEqual(shown, expected.byMove);
  assert.ok(shown.some(([move]) => move === "In work → Successful order"), JSON.stringify(shown));
  assert.ok((await page.$$("[data-testid=impact-by-actor] tbody tr")).length > 0);
});

test("Edit rules: load errors are underlined where they sit, with line and column, and block saving", async () => {
  await open("remonline", "rules");
  await page.waitForSelector("body[data-rules=checked]");
  const broken = await page.evaluate(() => {
    const def = JSON.parse(document.querySelector("[data-testid=rules-current]").textContent);
    def.statuses[1].colour = "red";
    return JSON.stringify(def, null, 2);
  });
  await page.fill("[data-testid=rules-edit]", broken);
  await page.waitForSelector("body[data-rules=errors]");
  const problem = await page.textContent("[data-testid=problem-unknown_key]");
  const line = broken.split("\n").findIndex((l) => l.includes('"colour"')) + 1;
  assert.match(problem, new RegExp(`^${line}:\\d+ unknown_key: `));
  assert.equal(await page.textContent("[data-testid=squiggle]"), '"colour": "red"');
  assert.equal(await page.isDisabled("[data-testid=rules-apply]"), true);
  assert.equal(await page.isHidden("#rules-impact"), true);
});

test("Edit rules: saving makes the edited rules the page's workflow", async () => {
  await open("remonline", "rules");
  await page.waitForSelector("body[data-rules=checked]");
  const edited = await page.evaluate(() => {
    const def = JSON.parse(document.querySelector("[data-testid=rules-current]").textContent);
    def.transitions[1].to = "group:lost";
    return JSON.stringify(def);
  });
  await page.fill("[data-testid=rules-edit]", edited);
  await page.waitForSelector("body[data-rules=checked]");
  await page.click("[data-testid=rules-apply]");
  const current = JSON.parse(await page.textContent("[data-testid=rules-current]"));
  assert.equal(current.transitions[1].to, "group:lost");
});

test("the page raised no error", () => assert.deepEqual(errors, []));
