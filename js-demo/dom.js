// DOM helpers of the demo: elements, Lucide icons, and display formats.
// Presentation only.

export const $ = (id) => document.getElementById(id);

/** An element with properties, `dataset` entries and children. */
export function el(tag, { dataset = {}, ...props } = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  for (const [k, v] of Object.entries(dataset)) e.dataset[k] = v;
  e.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return e;
}

/** The Lucide icon a status's `ui.icon` names (e.g. "RotateCcw"), or nothing. */
export function icon(name) {
  const node = name ? globalThis.lucide?.icons[name] : undefined;
  if (!node) return null;
  const svg = globalThis.lucide.createElement(node, { width: 16, height: 16, "aria-hidden": "true" });
  svg.dataset.icon = name;
  return svg;
}

/** "2026-11-23 10:00" from an engine time. */
export const when = (t) => t.slice(0, 16).replace("T", " ");

/** A duration in milliseconds as "3 h 20 min" / "2 d 4 h". */
export function duration(ms) {
  const m = Math.round(Math.abs(ms) / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ""}`;
}

/** A rate in [0, 1] as a percentage, or "—" when the engine says null. */
export const percent = (r) => (r === null ? "—" : `${(r * 100).toFixed(1)} %`);

/** A small table: `head` labels and rows of cells. */
export function table(head, rows, testid) {
  return el(
    "table",
    { dataset: testid ? { testid } : {} },
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { textContent: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => (c instanceof Node ? el("td", {}, c) : el("td", { textContent: String(c) })))))),
  );
}
