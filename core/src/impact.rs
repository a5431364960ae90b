//! The impact of a rule change before it ships (docs/SPEC.md §10): the
//! statuses added, removed and renamed; the stored leads validated under the
//! next definition and the due work that appears; the history replayed move
//! by move under it, refused apart from undecided; both KPI reports.
//!
//! The replay is three-valued. A move is *refused* when a violation follows
//! from what is known, *undecided* when only what is not known could refuse
//! it, and allowed otherwise. An event's `before` (the lead as it was before
//! the move) gives the lead's fields: a field it lacks is absent, not
//! unknown; without it, a `require` and a condition reading `lead` are
//! unknown, and reservation and field types are not checked. `actors` gives
//! an actor's roles and organisation; for an actor not listed (or none) they
//! are unknown. Conditions evaluate unknowns as CEL's partial evaluation does
//! (`false && unknown` is `false`, `true || unknown` is `true`).
//!
//! Cost is linear in leads plus events: one pass over the events per
//! definition, each lead's events read in the order of docs/SPEC.md §6
//! (the walk the KPI report uses), and one decision per replayed move.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::context::{Actor, Context};
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::expr::Known;
use crate::index::{find_first, sorted_positions};
use crate::json::{IdKey, ObjectView, RawObject};
use crate::kpi::{EventLog, EventType, KpiOptions, Ordered, Report};
use crate::lead::Lead;
use crate::timer::DueItem;
use crate::value::Time;
use crate::violation::Violation;
use crate::workflow::Workflow;

/// The default cap of each list of items.
const LIMIT: usize = 100;

/// The input of [`impact`]: `{now, leads?, events?, actors?, statusMap?, limit?, kpis?}`.
///
/// ```
/// let input = relance_core::ImpactInput::from_json(r#"{"now": "2026-12-01T00:00:00Z", "limit": 5}"#)?;
/// assert_eq!(input.limit, 5);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ImpactInput<'a> {
    /// The time of the analysis: what `due` is computed at.
    pub now: Time,
    /// The stored leads, as JSON text of a list.
    pub leads: Option<Cow<'a, str>>,
    /// The history, as JSON text of a list or NDJSON.
    pub events: Option<Cow<'a, str>>,
    /// Who the actors of the history are: id → roles and organisation.
    pub actors: Vec<Actor>,
    /// Statuses of the current definition renamed in the next: (current, next), as given.
    pub status_map: Vec<(String, String)>,
    /// The most items each list holds (never the counts).
    pub limit: usize,
    /// The options of both KPI reports, when asked for.
    pub kpis: Option<KpiOptions>,
}

impl<'a> ImpactInput<'a> {
    /// Reads the input from JSON text. `leads` and `events` are lists (read
    /// in place), or text holding them (`events` also NDJSON).
    ///
    /// # Errors
    /// `invalid_json`; `invalid_time` for a missing or bad `now`;
    /// `invalid_input` for an unknown key or a value of the wrong shape.
    pub fn from_json(text: &'a str) -> Result<ImpactInput<'a>, Error> {
        let obj = ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?.ok_or_else(|| {
            Error::input("", ProblemCode::InvalidType, "the input is an object {now, leads?, events?, …}")
        })?;
        const KEYS: [&str; 7] = ["now", "leads", "events", "actors", "statusMap", "limit", "kpis"];
        if let Some(k) = obj.keys().find(|k| !KEYS.contains(k)) {
            return Err(Error::input(
                format!("/{}", crate::value::pointer_token(k)),
                ProblemCode::UnknownKey,
                format!("unknown key \"{k}\"; the input has {}", KEYS.join(", ")),
            ));
        }
        let now = match obj.get("now").filter(|r| *r != "null") {
            None => {
                return Err(Error::one(
                    ErrorCode::InvalidTime,
                    Problem::new("/now", ProblemCode::Missing, "the analysis needs \"now\""),
                ))
            }
            Some(raw) => Time::from_raw(raw).ok_or_else(|| Error::time("/now", "\"now\" must be a time"))?,
        };
        let bulk = |key: &str| -> Result<Option<Cow<'a, str>>, Error> {
            match obj.get(key).map(str::trim_ascii) {
                None | Some("null") => Ok(None),
                Some(raw) if raw.starts_with('[') => Ok(Some(Cow::Borrowed(raw))),
                Some(raw) => match crate::json::string_ref(raw) {
                    Some(text) => Ok(Some(text)),
                    None => Err(Error::input(
                        format!("/{key}"),
                        ProblemCode::InvalidType,
                        format!("\"{key}\" is a list, or text holding one"),
                    )),
                },
            }
        };
        let mut actors = Vec::new();
        if let Some(raw) = obj.get("actors").filter(|r| *r != "null") {
            let bad = |path: String, what: &str| Error::input(path, ProblemCode::InvalidType, what.to_owned());
            let list = RawObject::parse(raw)
                .ok()
                .flatten()
                .ok_or_else(|| bad("/actors".into(), "an object: id → {roles, org}"))?;
            for (id, value) in list.iter() {
                let path = format!("/actors/{}", crate::value::pointer_token(id));
                let a = Actor::read(value)
                    .map_err(|e| Error::input(path.clone(), ProblemCode::InvalidType, e.message().to_owned()))?;
                actors.push(a.ok_or_else(|| bad(path, "an actor is {roles, org}"))?.with_id(id));
            }
        }
        let mut status_map = Vec::new();
        if let Some(raw) = obj.get("statusMap").filter(|r| *r != "null") {
            let bad =
                || Error::input("/statusMap", ProblemCode::InvalidType, "\"statusMap\" is an object of status ids");
            let map = RawObject::parse(raw).ok().flatten().ok_or_else(bad)?;
            for (from, to) in map.iter() {
                let to = crate::json::string(to).ok_or_else(bad)?;
                status_map.push((from.to_owned(), to));
            }
        }
        let limit = match obj.get("limit").map(str::trim_ascii) {
            None | Some("null") => LIMIT,
            Some(raw) => raw
                .parse::<u32>()
                .map_err(|_| Error::input("/limit", ProblemCode::InvalidValue, "\"limit\" is a whole number"))?
                as usize,
        };
        let kpis = match obj.get("kpis").filter(|r| *r != "null") {
            None => None,
            Some(raw) => Some(KpiOptions::from_json(raw).map_err(|e| e.at("/kpis"))?),
        };
        Ok(ImpactInput { now, leads: bulk("leads")?, events: bulk("events")?, actors, status_map, limit, kpis })
    }
}

/// The statuses the change adds, removes and renames.
#[derive(Clone, Debug, Serialize)]
pub struct StatusChanges {
    /// In the next definition and not in the current one, in its order.
    pub added: Vec<String>,
    /// In the current definition and not in the next one, in its order.
    pub removed: Vec<String>,
    /// `statusMap`, as given.
    pub renamed: Ordered<String>,
}

/// A stored lead the next definition finds invalid.
#[derive(Clone, Debug, Serialize)]
pub struct InvalidLead {
    /// The lead's `id` (`null` when it has none).
    pub lead: Box<RawValue>,
    /// Its status, renamed (`null` when it has none).
    pub status: Option<String>,
    /// Its violations under the next definition (`validate`).
    pub violations: Vec<Violation>,
}

/// The stored leads under the next definition.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadsImpact {
    /// How many leads were given.
    pub checked: u64,
    /// How many are invalid under the next definition.
    pub invalid: u64,
    /// How many due items appear.
    pub newly_due: u64,
    /// The invalid leads, by lead id (at most `limit`).
    pub items: Vec<InvalidLead>,
    /// The due items `due` gives under the next definition and not under the
    /// current one, in `due`'s order (at most `limit`).
    pub due: Vec<DueItem>,
}

/// Refused moves of one kind.
#[derive(Clone, Debug, Serialize)]
pub struct MoveCount {
    /// From (as the next definition names it).
    pub from: String,
    /// To (as the next definition names it).
    pub to: String,
    /// How many such moves it refuses.
    pub refused: u64,
}

/// A move of the history the next definition refuses.
#[derive(Clone, Debug, Serialize)]
pub struct RefusedMove {
    /// The lead's `id`.
    pub lead: Box<RawValue>,
    /// When the move was made.
    pub at: Time,
    /// From (as the next definition names it).
    pub from: String,
    /// To (as the next definition names it).
    pub to: String,
    /// Who made it.
    pub actor: Option<String>,
    /// The violations that follow from what is known.
    pub violations: Vec<Violation>,
}

/// The history replayed under the next definition.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryImpact {
    /// Moves replayed (status events that no timer made).
    pub moves: u64,
    /// Moves refused: a violation follows from what is known.
    pub refused: u64,
    /// Moves only what is not known could refuse.
    pub undecided: u64,
    /// Refused moves by the code of their first violation.
    pub by_code: Ordered<u64>,
    /// Refused moves by actor id (moves without an actor are left out).
    pub by_actor: Ordered<u64>,
    /// Refused moves by (from, to): by count, descending, then from, then to.
    pub by_move: Vec<MoveCount>,
    /// Refused moves by lead id, then in the order of the lead's events (at most `limit`).
    pub items: Vec<RefusedMove>,
}

/// The KPI report of the history under each definition.
#[derive(Clone, Debug, Serialize)]
pub struct KpiPair {
    /// Under the current definition.
    pub current: Report,
    /// Under the next definition (statuses renamed).
    pub next: Report,
}

/// What a change of definition does (docs/SPEC.md §10).
#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    /// Statuses added, removed, renamed.
    pub statuses: StatusChanges,
    /// The stored leads.
    pub leads: LeadsImpact,
    /// The history.
    pub history: HistoryImpact,
    /// Both KPI reports, when asked for (and events given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpis: Option<KpiPair>,
}

/// The impact of replacing `current` by `next` on the stored leads and the
/// history given in `input` (docs/SPEC.md §10).
///
/// ```
/// use relance_core::{impact, ImpactInput, Workflow};
/// let next = Workflow::preset("remonline")?;
/// let mut def: serde_json::Value = serde_json::from_str(relance_core::preset_json("remonline")?).unwrap();
/// def["transitions"][0]["to"] = serde_json::json!("*"); // "new" could go anywhere
/// let current = Workflow::from_value(def)?;
/// let input = ImpactInput::from_json(r#"{"now": "2026-12-01T00:00:00Z", "events": [
///   {"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created", "actor": "ana"},
///   {"lead": "L1", "at": "2026-11-02T10:00:00Z", "type": "status", "from": "new", "to": "refused", "actor": "ana"}]}"#)?;
/// let r = impact(&current, &next, &input)?;
/// assert_eq!((r.history.moves, r.history.refused), (1, 1));
/// # Ok::<(), relance_core::Error>(())
/// ```
///
/// # Errors
/// `invalid_input` for a `statusMap` key that is not a status of `current`
/// or a value that is not one of `next`; the errors of the leads (at
/// `/leads/i`) and events (at `/events/i`) as `due` and `EventLog::push`
/// give them.
pub fn impact(current: &Workflow, next: &Workflow, input: &ImpactInput<'_>) -> Result<Impact, Error> {
    for (from, to) in &input.status_map {
        let path = format!("/statusMap/{}", crate::value::pointer_token(from));
        if current.status_index(from).is_none() {
            return Err(Error::input(
                path,
                ProblemCode::UnknownStatus,
                format!("\"{from}\" is not a status of the current workflow"),
            ));
        }
        if next.status_index(to).is_none() {
            return Err(Error::input(
                path,
                ProblemCode::UnknownStatus,
                format!("\"{to}\" is not a status of the next workflow"),
            ));
        }
    }
    // `statusMap` by key, the first of a repeated key winning.
    let map_keys: Vec<&str> = input.status_map.iter().map(|(from, _)| from.as_str()).collect();
    let by_key = sorted_positions(map_keys.iter().copied());
    let rename = |s: &str| -> String {
        find_first(&by_key, s, |p| map_keys[p]).map_or_else(|| s.to_owned(), |p| input.status_map[p].1.clone())
    };
    let only = |a: &Workflow, b: &Workflow| -> Vec<String> {
        a.statuses.iter().filter(|s| b.status_index(&s.id).is_none()).map(|s| s.id.clone()).collect()
    };
    let statuses = StatusChanges {
        added: only(next, current),
        removed: only(current, next),
        renamed: Ordered(input.status_map.clone()),
    };
    let leads = match &input.leads {
        Some(text) => leads_impact(current, next, text, input, &rename).map_err(|e| e.at("/leads"))?,
        None => LeadsImpact { checked: 0, invalid: 0, newly_due: 0, items: Vec::new(), due: Vec::new() },
    };
    let (history, kpis) = match &input.events {
        Some(text) => history_impact(current, next, text, input, &rename).map_err(|e| e.at("/events"))?,
        None => (HistoryImpact::default(), None),
    };
    Ok(Impact { statuses, leads, history, kpis })
}

impl Default for HistoryImpact {
    fn default() -> HistoryImpact {
        HistoryImpact {
            moves: 0,
            refused: 0,
            undecided: 0,
            by_code: Ordered(Vec::new()),
            by_actor: Ordered(Vec::new()),
            by_move: Vec::new(),
            items: Vec::new(),
        }
    }
}

fn leads_impact(
    current: &Workflow,
    next: &Workflow,
    text: &str,
    input: &ImpactInput<'_>,
    rename: &dyn Fn(&str) -> String,
) -> Result<LeadsImpact, Error> {
    let items = crate::json::raw_items(text).ok_or_else(|| match crate::json::check(text) {
        Ok(()) => Error::input("", ProblemCode::InvalidType, "expected a list of leads"),
        Err(e) => Error::one(ErrorCode::InvalidJson, crate::json::json_problem(e)),
    })?;
    let checked = items.len() as u64;
    let ctx = Context::at(input.now);
    let (mut originals, mut renamed, mut invalid) = (Vec::new(), Vec::new(), Vec::new());
    for (i, raw) in items.iter().enumerate() {
        // The lead with its status renamed, when it is a lead.
        let object = RawObject::parse(raw).ok().flatten();
        let status = object.as_ref().and_then(|o| o.get("status")).and_then(crate::json::string).map(|s| rename(&s));
        let text = match (object, &status) {
            (Some(mut o), Some(s)) => {
                o.set("status", crate::json::raw(s));
                o.to_json()
            }
            _ => (*raw).to_owned(),
        };
        let violations = next.validate(&text, &ctx).map_err(|e| e.at(&format!("/{i}")))?;
        if !violations.is_empty() {
            let id = ObjectView::parse(raw).ok().flatten().and_then(|o| o.get("id").map(str::to_owned));
            invalid.push((
                i,
                InvalidLead { lead: crate::json::raw_value(id.as_deref().unwrap_or("null")), status, violations },
            ));
        }
        if let (Ok(original), Ok(changed)) = (Lead::from_json(raw), Lead::from_json(&text)) {
            originals.push(original);
            renamed.push(changed);
        }
    }
    // Invalid leads by id, then (for equal ids) by their text: never by position.
    let keys: Vec<IdKey<'_>> = invalid.iter().map(|(_, l)| IdKey::of(l.lead.get())).collect();
    let mut order: Vec<usize> = (0..invalid.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then_with(|| items[invalid[a].0].cmp(items[invalid[b].0])));
    let count = invalid.len() as u64;
    let mut slots: Vec<Option<InvalidLead>> = invalid.into_iter().map(|(_, l)| Some(l)).collect();
    let items: Vec<InvalidLead> = order.into_iter().take(input.limit).filter_map(|k| slots[k].take()).collect();
    // Due work that appears: under next and not under current.
    let before = current.due(&originals, &ctx)?;
    let after = next.due(&renamed, &ctx)?;
    let key = |d: &DueItem| (crate::json::canonical_id(d.lead.get()), d.kind, d.timer.clone(), d.to.clone());
    let mut known: Vec<_> = before.iter().map(key).collect();
    known.sort();
    let due: Vec<DueItem> = after.into_iter().filter(|d| known.binary_search(&key(d)).is_err()).collect();
    Ok(LeadsImpact {
        checked,
        invalid: count,
        newly_due: due.len() as u64,
        items,
        due: due.into_iter().take(input.limit).collect(),
    })
}

fn history_impact(
    current: &Workflow,
    next: &Workflow,
    text: &str,
    input: &ImpactInput<'_>,
    rename: &dyn Fn(&str) -> String,
) -> Result<(HistoryImpact, Option<KpiPair>), Error> {
    let push = input.kpis.as_ref().map(KpiOptions::push_options).unwrap_or_default();
    let mut log = EventLog::for_replay(current);
    log.push_with(text, &push)?;
    let replayed = log.replay.take().unwrap_or_default();
    let initial = &current.statuses[current.first_initial()].id;
    let mut out = HistoryImpact::default();
    // Counts by name, then sorted.
    let (mut by_code, mut by_actor, mut by_move) = (Vec::new(), Vec::new(), Vec::new());
    let mut items: Vec<(u32, usize, RefusedMove)> = Vec::new();
    let mut seq = 0usize;
    // `actors` by id, the first of a repeated id winning.
    let actor_ids: Vec<&str> = input.actors.iter().map(|a| a.id().unwrap_or_default()).collect();
    let by_id = sorted_positions(actor_ids.iter().copied());
    let order = crate::kpi::walk_order(&log);
    crate::kpi::each_lead(&log, &order, |lead, events: &[u32]| -> Result<(), Error> {
        let mut status: Option<String> = None;
        for &i in events {
            let e = log.events[i as usize];
            let extra = &replayed[i as usize];
            let to_name = (e.to != u32::MAX).then(|| log.statuses.get(e.to).to_owned());
            match e.kind {
                EventType::Note => continue,
                EventType::Created => {
                    status = Some(to_name.unwrap_or_else(|| initial.clone()));
                    continue;
                }
                EventType::Status => {}
            }
            let to_name = to_name.unwrap_or_default();
            let from_name = match e.from {
                u32::MAX => status.clone().unwrap_or_else(|| initial.clone()),
                f => log.statuses.get(f).to_owned(),
            };
            status = Some(to_name.clone());
            if extra.timer {
                continue;
            }
            out.moves += 1;
            let (from, to) = (rename(&from_name), rename(&to_name));
            let actor = (e.actor != u32::MAX).then(|| log.actors.get(e.actor).to_owned());
            let listed =
                actor.as_deref().and_then(|a| find_first(&by_id, a, |p| actor_ids[p])).map(|p| &input.actors[p]);
            let mut ctx = Context::at(Time::clamped(e.at));
            ctx = match (listed, &actor) {
                (Some(a), _) => ctx.with_actor(a.clone()),
                (None, Some(id)) => ctx.with_actor(Actor::new(id.as_str(), &[], None)),
                (None, None) => ctx,
            };
            let id = log.leads.get(lead);
            let lead_value = match &extra.before {
                Some(before) => {
                    let mut fields = RawObject::parse(before).ok().flatten().unwrap_or_default();
                    fields.set("status", crate::json::raw(&from));
                    if fields.get("id").is_none() {
                        fields.set("id", id.to_owned());
                    }
                    Lead::from_fields(fields)?
                }
                None => Lead::from_json(&format!(r#"{{"id":{id},"status":{}}}"#, crate::json::raw(&from)))?,
            };
            let known = Known { lead: extra.before.is_some(), actor: listed.is_some(), input: false };
            let target = next.status_index(&to).ok_or(to.as_str());
            let r = next.decide_knowing(&lead_value, target, &ctx, known)?;
            if r.violations.is_empty() {
                out.undecided += u64::from(r.undecided);
                continue;
            }
            out.refused += 1;
            by_code.push(r.violations[0].code);
            if let Some(a) = &actor {
                by_actor.push(a.clone());
            }
            by_move.push((from.clone(), to.clone()));
            items.push((
                lead,
                seq,
                RefusedMove {
                    lead: crate::json::raw_value(id),
                    at: Time::clamped(e.at),
                    from,
                    to,
                    actor,
                    violations: r.violations,
                },
            ));
            seq += 1;
        }
        Ok(())
    })?;
    out.by_code = Ordered(counted(by_code.into_iter().map(|c| c.as_str().to_owned()).collect()));
    out.by_actor = Ordered(counted(by_actor));
    let mut moves: Vec<MoveCount> =
        counted(by_move).into_iter().map(|((from, to), refused)| MoveCount { from, to, refused }).collect();
    moves.sort_by(|a, b| b.refused.cmp(&a.refused).then_with(|| a.from.cmp(&b.from)).then_with(|| a.to.cmp(&b.to)));
    out.by_move = moves;
    let keys: Vec<IdKey<'_>> = items.iter().map(|(l, _, _)| IdKey::of(log.leads.get(*l))).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(items[a].1.cmp(&items[b].1)));
    let mut slots: Vec<Option<RefusedMove>> = items.into_iter().map(|(_, _, m)| Some(m)).collect();
    out.items = order.into_iter().take(input.limit).filter_map(|k| slots[k].take()).collect();
    let kpis = match &input.kpis {
        None => None,
        Some(options) => {
            let current_report = log.report(current, options)?;
            let mut renamed = EventLog::new(next);
            renamed.push_with(text, &push)?;
            renamed.rename_statuses(&input.status_map);
            Some(KpiPair { current: current_report, next: renamed.report(next, options)? })
        }
    };
    Ok((out, kpis))
}

/// Each distinct value with its count, by value.
fn counted<K: Ord>(mut v: Vec<K>) -> Vec<(K, u64)> {
    v.sort();
    let mut out: Vec<(K, u64)> = Vec::new();
    for k in v {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}
