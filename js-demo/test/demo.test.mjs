// The demo page in headless Chromium (Debian's, driven by playwright-core):
// a legal drag moves the card, an illegal one is refused with the engine's message.
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

async function open(preset) {
  await page.goto(`${base}?preset=${preset}`);
  await page.waitForSelector("body[data-ready=true]");
}

const columnOf = (id) => page.$eval(`[data-testid=card-${id}]`, (c) => c.closest(".column").dataset.status);

test("the board shows the workflow's statuses as columns, in order", async () => {
  await open("relance");
  const cols = await page.$$eval(".column h2 span:first-child", (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(cols, ["New", "Contacted", "Relance", "Qualified", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]);
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

test("the page raised no error", () => assert.deepEqual(errors, []));
