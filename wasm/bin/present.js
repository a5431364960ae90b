// Readable forms of the engine's answers for `relance`: the KPI report as
// tables (`kpis --format table`) and the impact of a rule change as a
// summary (`impact`). Presentation only: every figure is the engine's.

/** Columns aligned: numbers to the right, text to the left. */
export function table(head, rows) {
  const cells = [head, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? "—" : String(c))));
  const width = head.map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  const right = head.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === null));
  const line = (r) =>
    r
      .map((c, i) => (right[i] ? c.padStart(width[i]) : i === r.length - 1 ? c : c.padEnd(width[i])))
      .join("  ")
      .trimEnd();
  return [line(cells[0]), width.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const percent = (r) => (r === null || r === undefined ? null : `${(r * 100).toFixed(1)} %`);

/** Milliseconds as "3d 4h", "2h 5m", "40s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return null;
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

const outcomes = (o) => [o.positive, o.negative, o.partial, o.unclassified];

function slots(title, key, entries) {
  const rows = entries.map(([k, s]) => [k, s.notes, s.uniqueLeads, s.closed, s.won, percent(s.winRate), ...outcomes(s.outcomes)]);
  return `${title}\n${table([key, "notes", "leads", "closed", "won", "win rate", "positive", "negative", "partial", "unclassified"], rows)}`;
}

/** The §6 KPI report as text tables. */
export function kpiTables(r) {
  const out = [];
  out.push(
    `Leads: ${r.leads}   contact rate: ${percent(r.rates.contact) ?? "—"}   qualification rate: ${percent(r.rates.qualification) ?? "—"}   win rate: ${percent(r.rates.win) ?? "—"}`,
  );
  out.push(`Funnel\n${table(["step", "reached", "from previous", "from start"], r.funnel.map((f) => [f.id, f.reached, percent(f.rateFromPrevious), percent(f.rateFromStart)]))}`);
  out.push(
    `Statuses\n${table(
      ["status", "entered", "advanced", "advance rate", "median time", "p90 time", "current"],
      Object.entries(r.statuses).map(([id, s]) => [id, s.entered, s.advanced, percent(s.advanceRate), duration(s.timeInStatus.median), duration(s.timeInStatus.p90), s.current]),
    )}`,
  );
  const n = r.notes;
  out.push(
    `Notes: ${n.logged} logged on ${n.uniqueLeads} leads; positive ${n.outcomes.positive}, negative ${n.outcomes.negative}, partial ${n.outcomes.partial}, unclassified ${n.outcomes.unclassified}; ` +
      `time to first note: median ${duration(n.timeToFirstNote.median) ?? "—"}, p90 ${duration(n.timeToFirstNote.p90) ?? "—"}`,
  );
  const c = r.closing;
  out.push(`Closing: ${c.closed} closed, ${c.won} won, ${c.lost} lost; cycle time: median ${duration(c.cycleTime.median) ?? "—"}, p90 ${duration(c.cycleTime.p90) ?? "—"}`);
  if (r.sla) {
    const timers = Object.entries(r.sla).filter(([k]) => k !== "alertsDue");
    out.push(
      `SLA (alerts due: ${r.sla.alertsDue})\n${table(
        ["timer", "pending", "met", "met late", "breached", "compliance"],
        timers.map(([id, s]) => [id, s.pending, s.met, s.metLate, s.breached, percent(s.compliance)]),
      )}`,
    );
  }
  if (Object.keys(r.byAgent).length > 0) out.push(slots("By agent", "agent", Object.entries(r.byAgent)));
  if (r.byHour.length > 0) out.push(slots("By hour", "hour", r.byHour.map((s) => [String(s.hour).padStart(2, "0"), s])));
  if (r.byWeekday.length > 0) out.push(slots("By weekday", "weekday", r.byWeekday.map((s) => [s.weekday, s])));
  if (Object.keys(r.byDay).length > 0) out.push(slots("By day", "day", Object.entries(r.byDay)));
  if (r.warnings.length > 0) {
    out.push(
      `Warnings (${r.warnings.length})\n` +
        r.warnings
          .slice(0, 20)
          .map((w) => (w.code === "unknown_type" ? `  unknown_type: ${w.count} events of type "${w.type}" skipped` : `  ${w.code}: lead ${w.lead} at ${w.at}: ${w.message}`))
          .join("\n") +
        (r.warnings.length > 20 ? `\n  … and ${r.warnings.length - 20} more (--format json lists them all)` : ""),
    );
  }
  return `${out.join("\n\n")}\n`;
}

const codes = (violations) => violations.map((v) => v.code + (v.field ? ` (${v.field})` : "")).join(", ");
const counts = (o) =>
  Object.entries(o)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";

/** The §10 impact of a rule change as a summary. */
export function impactSummary(r) {
  const out = [];
  const s = r.statuses;
  const renamed = Object.entries(s.renamed).map(([a, b]) => `${a} → ${b}`);
  out.push(`Statuses: added ${s.added.join(", ") || "none"}; removed ${s.removed.join(", ") || "none"}; renamed ${renamed.join(", ") || "none"}`);
  const l = r.leads;
  out.push(`Leads: ${l.checked} checked, ${l.invalid} invalid under the next definition, ${l.newlyDue} due items appear`);
  for (const item of l.items) out.push(`  ${item.lead} (${item.status ?? "no status"}): ${codes(item.violations)}`);
  if (l.items.length < l.invalid) out.push(`  … and ${l.invalid - l.items.length} more`);
  for (const d of l.due) {
    const what = d.kind === "move" ? `moves to ${d.to}` : d.kind === "alert" ? `alert ${d.alert ?? d.timer}` : "tags change";
    out.push(`  due: ${d.lead} ${what}${d.timer ? ` (timer ${d.timer})` : ""} at ${d.dueAt}`);
  }
  if (l.due.length < l.newlyDue) out.push(`  … and ${l.newlyDue - l.due.length} more due items`);
  const h = r.history;
  out.push(`History: ${h.moves} moves replayed, ${h.refused} would be refused, ${h.undecided} undecided`);
  if (h.refused > 0) {
    out.push(`  by code: ${counts(h.byCode)}`);
    out.push(`  by actor: ${counts(h.byActor)}`);
    out.push(`  by move: ${h.byMove.map((m) => `${m.from} → ${m.to} ${m.refused}`).join(", ")}`);
    for (const i of h.items) out.push(`  ${i.lead} at ${i.at}: ${i.from} → ${i.to}${i.actor ? ` by ${i.actor}` : ""}: ${codes(i.violations)}`);
    if (h.items.length < h.refused) out.push(`  … and ${h.refused - h.items.length} more`);
  }
  if (r.kpis) {
    const { current: a, next: b } = r.kpis;
    const rate = (k) => `${percent(a.rates[k]) ?? "—"} → ${percent(b.rates[k]) ?? "—"}`;
    out.push(`KPIs (current → next): leads ${a.leads} → ${b.leads}; contact rate ${rate("contact")}; qualification rate ${rate("qualification")}; win rate ${rate("win")}`);
  }
  return `${out.join("\n")}\n`;
}
