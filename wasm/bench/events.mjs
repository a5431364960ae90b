// The generated event log of the benchmarks: a year of leads walking the
// relance pipeline, notes with outcomes, and a few moves that do not fit.
/** A year of events: leads walking the pipeline, notes with outcomes, a few that do not fit. */
export function generate(count) {
  const path = ["new", "contacted", "relance", "contacted", "qualified", "proposal", "negotiation"];
  const agents = ["ana", "bob", "cyd", "dan", "eve", "fay", "gus", "hal"];
  const outcomes = ["positive", "negative", "partial", "unclassified"];
  const events = [];
  let seed = 42;
  const rnd = (k) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
  const start = Date.UTC(2026, 0, 1);
  for (let lead = 0; events.length < count; lead++) {
    const id = `L${lead}`;
    let t = start + rnd(360) * 86_400_000 + rnd(86_400_000);
    events.push({ lead: id, at: new Date(t).toISOString(), type: "created", actor: agents[rnd(8)] });
    const depth = 1 + rnd(path.length - 1);
    for (let s = 1; s <= depth && events.length < count; s++) {
      t += rnd(3 * 86_400_000);
      events.push({ lead: id, at: new Date(t).toISOString(), type: "note", actor: agents[rnd(8)], outcome: outcomes[rnd(4)], channel: "call" });
      t += rnd(86_400_000);
      const from = rnd(200) === 0 ? "qualified" : path[s - 1];
      events.push({ lead: id, at: new Date(t).toISOString(), type: "status", from, to: path[s], actor: agents[rnd(8)] });
    }
    if (events.length < count && rnd(3) === 0) {
      t += rnd(5 * 86_400_000);
      events.push({ lead: id, at: new Date(t).toISOString(), type: "status", from: path[depth], to: rnd(2) ? "closed_won" : "closed_lost", actor: agents[rnd(8)] });
    }
  }
  return events.slice(0, count);
}

