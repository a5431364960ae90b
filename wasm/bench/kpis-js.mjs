// A good plain-JavaScript implementation of the KPI report of docs/SPEC.md §6: the
// baseline wasm/bench/kpis.mjs measures the package against (and checks it
// against: both must give the same report). It parses each time once,
// groups by lead with a Map, sorts each lead's events, and converts instants
// to local hours through one Intl call per distinct hour.
//
// It needs the workflow's statuses, categories and funnel (taken from the
// definition) and handles events whose notes carry their outcome (it has no
// classifier).

const KIND = { created: 0, status: 1, note: 2 };
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function summary(values) {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null };
  values.sort((a, b) => a - b);
  let sum = 0;
  for (const v of values) sum += v;
  const mean = Math.sign(sum) * Math.round(Math.abs(sum) / n);
  return { count: n, mean, median: values[Math.ceil(n / 2) - 1], p90: values[Math.ceil((9 * n) / 10) - 1] };
}

const rate = (a, b) => (b > 0 ? a / b : null);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

export function jsReport(definition, events, options) {
  const statuses = definition.statuses.map((s, i) => ({ ...s, index: i, order: s.order ?? i }));
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const columns = [...statuses].sort((a, b) => a.order - b.order || a.index - b.index);
  const initial = statuses.find((s) => s.initial).id;
  const steps = definition.funnel
    ? definition.funnel.map((f) => ({ id: f.id, statuses: f.statuses }))
    : [...columns.filter((s) => s.category === "open"), ...columns.filter((s) => s.category === "won")].map((s) => ({ id: s.id, statuses: [s.id] }));
  const stepOf = new Map();
  steps.forEach((s, k) => s.statuses.forEach((id) => stepOf.has(id) || stepOf.set(id, k)));
  const from = options.from ? Date.parse(options.from) : -Infinity;
  const to = options.to ? Date.parse(options.to) : Infinity;
  const now = options.now ? Date.parse(options.now) : Infinity;
  const inWindow = (t) => t >= from && t < to;
  const group = new Set(options.groupBy ?? []);
  const tz = options.timezone ?? definition.timezone ?? "UTC";
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", weekday: "short" });
  const localCache = new Map();
  const local = (t) => {
    const h = Math.floor(t / 3_600_000);
    let v = localCache.get(h);
    if (v === undefined) {
      const p = Object.fromEntries(fmt.formatToParts(new Date(h * 3_600_000)).map((x) => [x.type, x.value]));
      v = { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), weekday: WEEKDAYS.indexOf(p.weekday.toLowerCase().slice(0, 3)) };
      localCache.set(h, v);
    }
    return v;
  };

  const byLead = new Map();
  for (const e of events) {
    const rec = { lead: e.lead, at: typeof e.at === "number" ? e.at : Date.parse(e.at), kind: KIND[e.type], actor: e.actor ?? null, from: e.from ?? null, to: e.type === "created" ? e.status ?? null : e.to ?? null, outcome: e.outcome ?? "unclassified" };
    let list = byLead.get(e.lead);
    if (list === undefined) byLead.set(e.lead, (list = []));
    list.push(rec);
  }

  const acc = new Map(statuses.map((s) => [s.id, { entered: 0, advanced: 0, current: 0, stays: [], exits: new Map() }]));
  const reached = steps.map(() => 0);
  let cohort = 0, closed = 0, won = 0, lost = 0;
  const cycle = [], firstNote = [];
  const notes = { logged: 0, uniqueLeads: 0, outcomes: { positive: 0, negative: 0, partial: 0, unclassified: 0 } };
  const slot = () => ({ notes: 0, uniqueLeads: 0, closed: 0, won: 0, outcomes: { positive: 0, negative: 0, partial: 0, unclassified: 0 } });
  const agents = new Map(), hours = Array.from({ length: 24 }, slot), weekdays = Array.from({ length: 7 }, slot), days = new Map();
  const warnings = [];
  const get = (map, k) => map.get(k) ?? (map.set(k, slot()), map.get(k));
  const outcomeOrder = ["positive", "negative", "partial", "unclassified"];
  const key = (x) => (x === null ? "\uffff" : x);

  for (const [lead, evs] of byLead) {
    evs.sort((a, b) => a.at - b.at || a.kind - b.kind || cmp(key(a.to), key(b.to)) || cmp(key(a.from), key(b.from)) || cmp(key(a.actor), key(b.actor)) || outcomeOrder.indexOf(a.outcome) - outcomeOrder.indexOf(b.outcome));
    const first = evs[0];
    const createdAt = first.at;
    let current = first.kind === 0 ? (first.to === null ? initial : byId.has(first.to) ? first.to : null) : initial;
    if (first.kind === 0 && first.to !== null && current === null) warnings.push({ code: "unknown_status", lead, at: first.at, type: "created", message: `unknown status "${first.to}"` });
    const inCohort = inWindow(createdAt) && createdAt <= now;
    let enteredAt = createdAt;
    const entries = current === null ? [] : [current];
    let atNow = current, terminalLast = null, firstWon = null, noted = null, noteInWindow = false;
    const touched = new Set();
    const touch = (metric, e) => {
      if (group.has("agent") && e.actor !== null) touched.add(`${metric}a${e.actor}`);
      if (group.has("hour") || group.has("weekday") || group.has("day")) {
        const l = local(e.at);
        if (group.has("hour")) touched.add(`${metric}h${l.hour}`);
        if (group.has("weekday")) touched.add(`${metric}w${l.weekday}`);
        if (group.has("day")) touched.add(`${metric}d${l.day}`);
      }
    };
    evs.forEach((e, k) => {
      const counted = inCohort && e.at <= now;
      const activity = inWindow(e.at);
      if (e.kind === 2) {
        if (counted && noted === null) noted = e.at;
        if (activity) {
          notes.logged++;
          notes.outcomes[e.outcome]++;
          noteInWindow = true;
          const add = (s) => (s.notes++, s.outcomes[e.outcome]++);
          if (group.has("agent") && e.actor !== null) add(get(agents, e.actor));
          if (group.has("hour") || group.has("weekday") || group.has("day")) {
            const l = local(e.at);
            if (group.has("hour")) add(hours[l.hour]);
            if (group.has("weekday")) add(weekdays[l.weekday]);
            if (group.has("day")) add(get(days, l.day));
          }
          touch(0, e);
        }
        return;
      }
      if (e.kind === 0 && k === 0) return;
      const target = byId.has(e.to) ? e.to : null;
      if (e.kind === 0) warnings.push({ code: "created_again", lead, at: e.at, type: "created", message: "a second created event: used as a move" });
      else if (e.from !== null && (byId.has(e.from) ? e.from : null) !== current)
        warnings.push({ code: "from_mismatch", lead, at: e.at, type: "status", message: `moved from "${e.from}" but the lead is in "${current ?? "an unknown status"}"` });
      if (target === null) warnings.push({ code: "unknown_status", lead, at: e.at, type: e.kind === 0 ? "created" : "status", message: `unknown status "${e.to ?? ""}"` });
      if (counted) {
        if (current !== null) {
          const a = acc.get(current);
          a.stays.push(e.at - enteredAt);
          a.exits.set(e.to, (a.exits.get(e.to) ?? 0) + 1);
        }
        if (target !== null) entries.push(target);
      }
      const category = target === null ? null : byId.get(target).category;
      if (category !== null) {
        if (counted && category !== "open") terminalLast = category;
        if (counted && category === "won" && firstWon === null) firstWon = e.at;
        if (activity && category !== "open") {
          touch(1, e);
          if (category === "won") touch(2, e);
        }
      }
      current = target;
      enteredAt = e.at;
      if (counted) atNow = current;
    });
    if (noteInWindow) notes.uniqueLeads++;
    for (const t of touched) {
      const metric = Number(t[0]), kind = t[1], slotKey = t.slice(2);
      const s = kind === "a" ? get(agents, slotKey) : kind === "h" ? hours[Number(slotKey)] : kind === "w" ? weekdays[Number(slotKey)] : get(days, slotKey);
      if (metric === 0) s.uniqueLeads++;
      else if (metric === 1) s.closed++;
      else s.won++;
    }
    if (!inCohort) continue;
    cohort++;
    if (atNow !== null) acc.get(atNow).current++;
    let later = -1, max = -1;
    const seenEntered = new Set(), seenAdvanced = new Set();
    for (let i = entries.length - 1; i >= 0; i--) {
      const s = entries[i];
      const step = stepOf.get(s) ?? -1;
      if (step >= 0 && later > step) seenAdvanced.add(s);
      seenEntered.add(s);
      later = Math.max(later, step);
      max = Math.max(max, step);
    }
    for (const s of seenEntered) acc.get(s).entered++;
    for (const s of seenAdvanced) acc.get(s).advanced++;
    for (let k = 0; k <= max; k++) reached[k]++;
    if (terminalLast !== null) {
      closed++;
      if (terminalLast === "won") won++;
      else if (terminalLast === "lost") lost++;
    }
    if (firstWon !== null) cycle.push(firstWon - createdAt);
    if (noted !== null) firstNote.push(noted - createdAt);
  }

  const lastStep = steps.length - 1;
  const statusReport = {};
  for (const s of columns) {
    const a = acc.get(s.id);
    const step = stepOf.get(s.id);
    const advanced = step !== undefined && step !== lastStep ? a.advanced : null;
    statusReport[s.id] = {
      entered: a.entered,
      exitedTo: Object.fromEntries([...a.exits].sort((x, y) => cmp(x[0], y[0]))),
      advanced,
      advanceRate: advanced === null ? null : rate(advanced, a.entered),
      timeInStatus: summary(a.stays),
      current: a.current,
    };
  }
  const funnel = steps.map((s, k) => ({ id: s.id, reached: reached[k], rateFromPrevious: rate(reached[k], k === 0 ? cohort : reached[k - 1]), rateFromStart: rate(reached[k], cohort) }));
  const step = (id) => funnel.find((s) => s.id === id)?.reached;
  const out = (s, extra) => ({ ...extra, notes: s.notes, uniqueLeads: s.uniqueLeads, closed: s.closed, won: s.won, winRate: rate(s.won, s.closed), outcomes: s.outcomes });
  const iso = (t) => new Date(t).toISOString();
  warnings.sort((a, b) => cmp(a.lead, b.lead) || a.at - b.at || KIND[a.type] - KIND[b.type] || cmp(a.code, b.code) || cmp(a.message, b.message));
  return {
    leads: cohort,
    funnel,
    rates: {
      contact: step("contacted") === undefined ? null : rate(step("contacted"), cohort),
      qualification: step("qualified") === undefined || step("contacted") === undefined ? null : rate(step("qualified"), step("contacted")),
      win: rate(won, won + lost),
    },
    statuses: statusReport,
    notes: { ...notes, timeToFirstNote: summary(firstNote) },
    closing: { closed, won, lost, cycleTime: summary(cycle) },
    sla: null,
    byAgent: group.has("agent") ? Object.fromEntries([...agents].filter(([, s]) => s.notes + s.closed > 0).sort((x, y) => cmp(x[0], y[0])).map(([k, s]) => [k, out(s)])) : {},
    byHour: group.has("hour") ? hours.map((s, h) => out(s, { hour: h })) : [],
    byWeekday: group.has("weekday") ? weekdays.map((s, d) => out(s, { weekday: WEEKDAYS[d] })) : [],
    byDay: group.has("day") ? Object.fromEntries([...days].sort((x, y) => cmp(x[0], y[0])).map(([k, s]) => [k, out(s)])) : {},
    warnings: warnings.map((w) => ({ ...w, at: iso(w.at) })),
  };
}
