//! The KPI report of SPEC §6: cohort figures follow the leads created in
//! `[from, to)` through their events up to `now`; activity figures count the
//! events inside `[from, to)`. Results never depend on the order events came
//! in: each lead's events are ordered by `at`, then `created` < `status` <
//! `note`, then by their content.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::log::{Ev, EventLog, Kind, NONE};
use crate::calendar::Zone;
use crate::classify::Outcome;
use crate::context::Context;
use crate::error::{Error, ErrorCode, Problem};
use crate::lead::{IdKey, Lead, ObjectView};
use crate::timer::DueKind;
use crate::value::{civil_from_days, weekday, Time};
use crate::workflow::{Category, SlaState, Workflow};

/// The options of a report: `{from?, to?, now?, timezone?, groupBy?, leads?}`.
///
/// ```
/// let o = relance_core::KpiOptions::from_json(r#"{"from": "2026-11-01T00:00:00Z", "groupBy": ["agent", "hour"]}"#)?;
/// assert!(o.group_by.agent && o.group_by.hour && !o.group_by.day);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KpiOptions {
    /// Start of the window (inclusive).
    pub from: Option<Time>,
    /// End of the window (exclusive).
    pub to: Option<Time>,
    /// Cohorts are followed up to this time; with `leads`, the SLA block's time.
    pub now: Option<Time>,
    /// The zone of the hour, weekday and day groups (default: the workflow's).
    pub timezone: Option<Zone>,
    /// The groups to compute.
    pub group_by: GroupBy,
    /// Leads for the SLA block (with `now`).
    pub leads: Vec<Lead>,
}

/// Which activity groups a report computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupBy {
    /// By the actor of the note or move.
    pub agent: bool,
    /// By local hour (24 slots).
    pub hour: bool,
    /// By local weekday (7 slots, Monday first).
    pub weekday: bool,
    /// By local date (`YYYY-MM-DD`).
    pub day: bool,
}

fn invalid(path: &str, code: &'static str, message: impl Into<String>) -> Error {
    Error::one(ErrorCode::InvalidInput, Problem::new(path, code, message))
}

impl KpiOptions {
    /// Reads options from JSON text (`null` is no options).
    ///
    /// # Errors
    /// `invalid_json`; `invalid_time` for a bad `from`, `to` or `now`;
    /// `invalid_input` for a bad `timezone` (an unknown zone), `groupBy` or `leads`.
    pub fn from_json(text: &str) -> Result<KpiOptions, Error> {
        let obj = match ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))? {
            Some(o) => o,
            None if text.trim() == "null" => return Ok(KpiOptions::default()),
            None => return Err(invalid("", "invalid_type", "the options are an object")),
        };
        let time = |key: &str| -> Result<Option<Time>, Error> {
            match obj.get(key) {
                None | Some("null") => Ok(None),
                Some(raw) => Time::from_raw(raw).map(Some).ok_or_else(|| {
                    Error::one(
                        ErrorCode::InvalidTime,
                        Problem::new(format!("/{key}"), "invalid_time", format!("\"{key}\" must be a time")),
                    )
                }),
            }
        };
        let timezone = match obj.get("timezone") {
            None | Some("null") => None,
            Some(raw) => {
                let name = crate::json::string(raw).unwrap_or_default();
                Some(Zone::get(&name).ok_or_else(|| {
                    invalid(
                        "/timezone",
                        "invalid_zone",
                        format!("\"{name}\" is not an IANA time zone name (such as \"Europe/Paris\")"),
                    )
                })?)
            }
        };
        let mut group_by = GroupBy::default();
        if let Some(raw) = obj.get("groupBy").filter(|r| *r != "null") {
            let bad = || invalid("/groupBy", "invalid_value", "\"groupBy\" lists agent, hour, weekday, day");
            for g in crate::json::strings(raw).ok_or_else(bad)? {
                match g.as_str() {
                    "agent" => group_by.agent = true,
                    "hour" => group_by.hour = true,
                    "weekday" => group_by.weekday = true,
                    "day" => group_by.day = true,
                    _ => return Err(bad()),
                }
            }
        }
        let leads = match obj.get("leads") {
            None | Some("null") => Vec::new(),
            Some(raw) => Lead::list_from_json(raw).map_err(|e| e.at("/leads"))?,
        };
        Ok(KpiOptions { from: time("from")?, to: time("to")?, now: time("now")?, timezone, group_by, leads })
    }
}

/// Counts per outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Positive notes.
    pub positive: u64,
    /// Negative notes.
    pub negative: u64,
    /// Partial notes.
    pub partial: u64,
    /// Unclassified notes.
    pub unclassified: u64,
}

impl Outcomes {
    fn add(&mut self, o: Outcome) {
        *match o {
            Outcome::Positive => &mut self.positive,
            Outcome::Negative => &mut self.negative,
            Outcome::Partial => &mut self.partial,
            Outcome::Unclassified => &mut self.unclassified,
        } += 1;
    }
}

/// Durations in milliseconds: mean (rounded), and median and p90 by the
/// nearest-rank method; all `null` when empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// How many durations.
    pub count: u64,
    /// Their mean, rounded to the millisecond.
    pub mean: Option<i64>,
    /// The value at rank ⌈n/2⌉.
    pub median: Option<i64>,
    /// The value at rank ⌈0.9·n⌉.
    pub p90: Option<i64>,
}

impl Summary {
    fn of(mut v: Vec<i64>) -> Summary {
        let n = v.len();
        if n == 0 {
            return Summary::default();
        }
        // The report's integer sorts (durations, day facts, a lead's touches)
        // use the standard library's sort for `i64`: a hot path, worth its
        // kilobytes (the shared `index::sort` is 10× slower here).
        v.sort_unstable();
        // The exact mean, rounded half away from zero: the quotient and
        // remainder of the sum, accumulated without overflow.
        let count = n as i64;
        let (mut q, mut r) = (0i64, 0i64);
        for &d in &v {
            q += d / count;
            r += d % count;
            q += r / count;
            r %= count;
        }
        // Give the remainder the sign of the total, then round.
        if q > 0 && r < 0 {
            (q, r) = (q - 1, r + count);
        } else if q < 0 && r > 0 {
            (q, r) = (q + 1, r - count);
        }
        let mean = if 2 * r.abs() >= count { q + r.signum() } else { q };
        let rank = |num: usize, den: usize| v[(num * n).div_ceil(den).max(1) - 1];
        Summary { count: n as u64, mean: Some(mean), median: Some(rank(1, 2)), p90: Some(rank(9, 10)) }
    }
}

/// One funnel step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStepReport {
    /// The step's id.
    pub id: String,
    /// Cohort leads that entered one of its statuses, or of a later step's.
    pub reached: u64,
    /// `reached` over the previous step's (the first: over all leads).
    pub rate_from_previous: Option<f64>,
    /// `reached` over all cohort leads.
    pub rate_from_start: Option<f64>,
}

/// Conversion rates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rates {
    /// Reached the `contacted` step, over leads.
    pub contact: Option<f64>,
    /// Reached `qualified`, over reached `contacted`.
    pub qualification: Option<f64>,
    /// Won over won + lost.
    pub win: Option<f64>,
}

/// One status's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusReport {
    /// Cohort leads that entered it (creation enters the initial status).
    pub entered: u64,
    /// Moves out, by target.
    pub exited_to: Ordered<u64>,
    /// Leads that later entered a status of a later funnel step (`null` for a
    /// status in no step or in the last).
    pub advanced: Option<u64>,
    /// `advanced` over `entered`.
    pub advance_rate: Option<f64>,
    /// Completed stays.
    pub time_in_status: Summary,
    /// Cohort leads in it after their last event.
    pub current: u64,
}

/// Note figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotesReport {
    /// Notes inside the window.
    pub logged: u64,
    /// Leads with a note inside the window.
    pub unique_leads: u64,
    /// Those notes by outcome.
    pub outcomes: Outcomes,
    /// Cohort leads: from creation to the first note.
    pub time_to_first_note: Summary,
}

/// Closed cohort leads, classed by the last terminal status they reached.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosingReport {
    /// Reached a won, lost or closed status.
    pub closed: u64,
    /// Of those, last in a won status.
    pub won: u64,
    /// Of those, last in a lost status.
    pub lost: u64,
    /// From creation to the first won entry.
    pub cycle_time: Summary,
}

/// A timer's SLA states over the given leads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaReport {
    /// Not met, deadline ahead.
    pub pending: u64,
    /// Met in time.
    pub met: u64,
    /// Met late.
    pub met_late: u64,
    /// Not met, deadline passed.
    pub breached: u64,
    /// met / (met + metLate + breached).
    pub compliance: Option<f64>,
}

/// The SLA block: per timer with `metBy`, and the alerts due now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlaBlock {
    /// Per timer, in timer order.
    pub timers: Vec<(String, SlaReport)>,
    /// Alerts due now.
    pub alerts_due: u64,
}

impl Serialize for SlaBlock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.timers.len() + 1))?;
        for (k, v) in &self.timers {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry("alertsDue", &self.alerts_due)?;
        m.end()
    }
}

/// The figures of one group: an agent, an hour, a weekday or a day.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// The hour (0–23) of a `byHour` slot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u8>,
    /// The weekday (`mon`…`sun`) of a `byWeekday` slot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<&'static str>,
    /// Notes.
    pub notes: u64,
    /// Leads with a note.
    pub unique_leads: u64,
    /// Leads moved to a won, lost or closed status.
    pub closed: u64,
    /// Leads moved to a won status.
    pub won: u64,
    /// won / closed.
    pub win_rate: Option<f64>,
    /// Notes by outcome.
    pub outcomes: Outcomes,
}

/// An event that does not fit, used as given.
#[derive(Clone, Debug, Serialize)]
pub struct Warning {
    /// `from_mismatch`, `unknown_status`, `created_again`.
    pub code: &'static str,
    /// The lead's id.
    pub lead: Box<RawValue>,
    /// The event's time.
    pub at: Time,
    /// The event's type.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What does not fit.
    pub message: String,
}

/// Entries serialized as a JSON object, in their order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The report of SPEC §6.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Cohort leads: created inside the window.
    pub leads: u64,
    /// The funnel steps.
    pub funnel: Vec<FunnelStepReport>,
    /// Conversion rates.
    pub rates: Rates,
    /// Per status, in column order.
    pub statuses: Ordered<StatusReport>,
    /// Notes.
    pub notes: NotesReport,
    /// Closed leads.
    pub closing: ClosingReport,
    /// SLA states of the given leads at `now` (`null` without both).
    pub sla: Option<SlaBlock>,
    /// Per agent, by id (when asked).
    pub by_agent: Ordered<Slot>,
    /// 24 local hours (when asked).
    pub by_hour: Vec<Slot>,
    /// 7 local weekdays, Monday first (when asked).
    pub by_weekday: Vec<Slot>,
    /// Per local date (when asked).
    pub by_day: Ordered<Slot>,
    /// Events that do not fit, each used as given.
    pub warnings: Vec<Warning>,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn rate(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Created => "created",
        Kind::Status => "status",
        Kind::Note => "note",
    }
}

/// Per-status accumulators, indexed like the workflow's statuses.
#[derive(Clone, Default)]
struct StatusAcc {
    entered: u64,
    advanced: u64,
    current: u64,
    stays: Vec<i64>,
    /// Targets of the moves out (status-dictionary indexes), counted at the end.
    /// The targets of the exits (status dictionary positions).
    exits: Vec<u32>,
}

/// Per-group accumulators.
#[derive(Clone, Default)]
struct SlotAcc {
    notes: u64,
    unique: u64,
    closed: u64,
    won: u64,
    outcomes: Outcomes,
}

impl SlotAcc {
    fn report(&self) -> Slot {
        Slot {
            notes: self.notes,
            unique_leads: self.unique,
            closed: self.closed,
            won: self.won,
            win_rate: rate(self.won, self.closed),
            outcomes: self.outcomes,
            ..Slot::default()
        }
    }
}

/// A group key within one lead's events, (metric × 4 + group kind, slot), to
/// count a lead once per slot, packed as `key << 32 | slot`.
type Touch = i64;

fn touch_of(key: u8, slot: u32) -> Touch {
    i64::from(key) << 32 | i64::from(slot)
}

/// One fact about a local day, aggregated at the end (days are not known in advance).
#[derive(Clone, Copy, PartialEq, Eq)]
enum DayFact {
    Note(Outcome),
    /// A lead counted once: metric 0 noted, 1 closed, 2 won.
    Lead(u8),
}

impl DayFact {
    /// The fact on `day` as one integer, ordered by day.
    fn key(self, day: i64) -> i64 {
        let code = match self {
            DayFact::Note(o) => Outcome::ALL.iter().position(|&x| x == o).unwrap_or(3) as i64,
            DayFact::Lead(metric) => 4 + i64::from(metric),
        };
        day * 8 + code
    }

    /// The day and fact of a [`DayFact::key`].
    fn from_key(key: i64) -> (i64, DayFact) {
        let (day, code) = (key.div_euclid(8), key.rem_euclid(8) as usize);
        let fact = match Outcome::ALL.get(code) {
            Some(&o) => DayFact::Note(o),
            None => DayFact::Lead(code as u8 - 4),
        };
        (day, fact)
    }
}

/// Adds one lead to a slot's metric: 0 noted, 1 closed, 2 won.
fn count(s: &mut SlotAcc, metric: u8) {
    match metric {
        0 => s.unique += 1,
        1 => s.closed += 1,
        _ => s.won += 1,
    }
}

/// The activity groups being computed.
struct Groups {
    /// By actor (dictionary index).
    agents: Vec<SlotAcc>,
    hours: Vec<SlotAcc>,
    weekdays: Vec<SlotAcc>,
    /// Facts by local day (days since 1970-01-01), as [`DayFact::key`]s.
    days: Vec<i64>,
}

impl Groups {
    /// The day slots, by date.
    fn days(&mut self) -> Vec<(String, Slot)> {
        self.days.sort_unstable();
        let mut out: Vec<(i64, SlotAcc)> = Vec::new();
        for (day, fact) in self.days.iter().map(|&k| DayFact::from_key(k)) {
            let s = match out.last_mut() {
                Some((d, s)) if *d == day => s,
                _ => {
                    out.push((day, SlotAcc::default()));
                    let last = out.len() - 1;
                    &mut out[last].1
                }
            };
            match fact {
                DayFact::Note(o) => {
                    s.notes += 1;
                    s.outcomes.add(o);
                }
                DayFact::Lead(metric) => count(s, metric),
            }
        }
        out.iter()
            .map(|(d, s)| {
                let (y, m, dd) = civil_from_days(*d);
                (format!("{y:04}-{m:02}-{dd:02}"), s.report())
            })
            .collect()
    }
}

impl EventLog {
    /// The report of SPEC §6 for `options`.
    ///
    /// # Errors
    /// `invalid_input` for a log of another workflow; errors of the SLA block
    /// (`limit_exceeded` from a calendar).
    pub fn report(&self, wf: &Workflow, options: &KpiOptions) -> Result<Report, Error> {
        if self.fingerprint != wf.fingerprint() {
            return Err(invalid("", "other_workflow", "this log was built for another workflow definition"));
        }
        Walk::new(self, wf, options).run(options)
    }
}

/// The state of one report's computation.
struct Walk<'a> {
    log: &'a EventLog,
    wf: &'a Workflow,
    zone: Zone,
    from: Option<i64>,
    to: Option<i64>,
    now: Option<i64>,
    group_by: GroupBy,
    /// Workflow status of each status-dictionary entry.
    status_of: Vec<Option<usize>>,
    /// Funnel step of each workflow status.
    step_of: Vec<Option<usize>>,
    steps: Vec<(String, Vec<usize>)>,
    /// Whether each status dictionary entry names a terminal / won / lost status.
    cat_of: Vec<Option<Category>>,
}

impl<'a> Walk<'a> {
    fn new(log: &'a EventLog, wf: &'a Workflow, o: &KpiOptions) -> Walk<'a> {
        let steps: Vec<(String, Vec<usize>)> = match &wf.funnel {
            Some(f) => f.iter().map(|s| (s.id.clone(), s.statuses.clone())).collect(),
            None => {
                let by = |c: Category| wf.columns.iter().filter(move |&&i| wf.statuses[i].category == c);
                by(Category::Open).chain(by(Category::Won)).map(|&i| (wf.statuses[i].id.clone(), vec![i])).collect()
            }
        };
        let mut step_of = vec![None; wf.statuses.len()];
        for (k, (_, members)) in steps.iter().enumerate() {
            for &s in members {
                step_of[s].get_or_insert(k);
            }
        }
        let status_of: Vec<Option<usize>> = log.statuses.items.iter().map(|s| wf.status_index(s)).collect();
        let cat_of = status_of.iter().map(|s| s.map(|i| wf.statuses[i].category)).collect();
        Walk {
            log,
            wf,
            zone: o.timezone.clone().unwrap_or_else(|| wf.zone.clone()),
            from: o.from.map(Time::millis),
            to: o.to.map(Time::millis),
            now: o.now.map(Time::millis),
            group_by: o.group_by,
            status_of,
            step_of,
            steps,
            cat_of,
        }
    }

    fn in_window(&self, at: i64) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at < t)
    }

    /// Walks each lead's events in order (SPEC §6) and gathers the report.
    fn run(self, o: &KpiOptions) -> Result<Report, Error> {
        let log = self.log;
        let wf = self.wf;
        let n = wf.statuses.len();
        // Events grouped by lead (a counting sort), then each lead's in order.
        let leads = log.leads.items.len();
        let mut start = vec![0usize; leads + 1];
        for e in &log.events {
            start[e.lead as usize + 1] += 1;
        }
        for i in 0..leads {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut by_lead = vec![0u32; log.events.len()];
        for (i, e) in log.events.iter().enumerate() {
            by_lead[fill[e.lead as usize]] = i as u32;
            fill[e.lead as usize] += 1;
        }
        let mut acc = vec![StatusAcc::default(); n];
        let mut cohort = 0u64;
        let (mut closed, mut won, mut lost) = (0u64, 0u64, 0u64);
        let (mut cycle, mut first_note) = (Vec::new(), Vec::new());
        let mut notes = NotesReport::default();
        let mut groups = Groups {
            agents: vec![SlotAcc::default(); if self.group_by.agent { log.actors.items.len() } else { 0 }],
            hours: vec![SlotAcc::default(); 24],
            weekdays: vec![SlotAcc::default(); 7],
            days: Vec::new(),
        };
        let mut warnings = Vec::new();
        let initial = wf.first_initial();
        let mut touched: Vec<Touch> = Vec::new();
        let mut entries: Vec<(usize, i64)> = Vec::new();
        // Events at one instant are ordered by the texts they name, not by
        // the order those texts were first seen (which depends on arrival).
        let (status_rank, actor_rank) = (log.statuses.ranks(), log.actors.ranks());
        let rank = |ranks: &[u32], i: u32| ranks.get(i as usize).copied().unwrap_or(u32::MAX);
        let (mut entered_mark, mut advanced_mark) = (vec![0u32; n], vec![0u32; n]);
        let mut reached_at = vec![0u64; self.steps.len()];
        let mut evs: Vec<Ev> = Vec::new();
        for lead in 0..leads {
            evs.clear();
            evs.extend(by_lead[start[lead]..start[lead + 1]].iter().map(|&i| log.events[i as usize]));
            if evs.is_empty() {
                continue;
            }
            let key = |e: &Ev| {
                (
                    e.at,
                    e.kind,
                    rank(&status_rank, e.to),
                    rank(&status_rank, e.from),
                    rank(&actor_rank, e.actor),
                    e.outcome,
                )
            };
            // A lead's events usually arrive in order: sort only when they did not.
            if evs.windows(2).any(|w| key(&w[0]) > key(&w[1])) {
                crate::index::sort(&mut evs, |a, b| key(a).cmp(&key(b)));
            }
            // Creation: the first event; a `created` event names its status.
            let first = evs[0];
            let created_at = first.at;
            let mut current: Option<usize> = match (first.kind, self.status_of.get(first.to as usize)) {
                (Kind::Created, Some(s)) => *s,
                (Kind::Created, None) if first.to != NONE => None,
                _ => Some(initial),
            };
            let in_cohort = self.in_window(created_at) && self.now.is_none_or(|now| created_at <= now);
            let mut entered_at = created_at;
            entries.clear();
            touched.clear();
            if first.kind == Kind::Created && first.to != NONE && current.is_none() {
                warnings.push(self.warning(
                    "unknown_status",
                    &first,
                    format!("unknown status \"{}\"", log.statuses.get(first.to)),
                ));
            }
            if let Some(c) = current {
                entries.push((c, created_at));
            }
            // The status at `now` (the last counted event's).
            let mut at_now = current;
            let mut terminal_last: Option<Category> = None;
            let mut first_won: Option<i64> = None;
            let mut noted: Option<i64> = None;
            let mut note_in_window = false;
            for (k, e) in evs.iter().enumerate() {
                let counted = in_cohort && self.now.is_none_or(|now| e.at <= now);
                let activity = self.in_window(e.at);
                // A created event without a status names the first initial status.
                let target = match e.to {
                    NONE => Some(initial),
                    to => self.status_of.get(to as usize).copied().flatten(),
                };
                match e.kind {
                    Kind::Created if k == 0 => {}
                    Kind::Created | Kind::Status => {
                        let to_name = log.status(e.to).unwrap_or_default();
                        if e.kind == Kind::Created {
                            warnings.push(self.warning(
                                "created_again",
                                e,
                                "a second created event: used as a move".into(),
                            ));
                        } else if e.from != NONE && self.status_of.get(e.from as usize).copied().flatten() != current {
                            let msg = format!(
                                "moved from \"{}\" but the lead is in \"{}\"",
                                log.status(e.from).unwrap_or_default(),
                                current.map_or("an unknown status", |c| wf.statuses[c].id.as_str())
                            );
                            warnings.push(self.warning("from_mismatch", e, msg));
                        }
                        if target.is_none() {
                            warnings.push(self.warning("unknown_status", e, format!("unknown status \"{to_name}\"")));
                        }
                        if counted {
                            if let Some(c) = current {
                                acc[c].stays.push(e.at - entered_at);
                                acc[c].exits.push(e.to);
                            }
                            if let Some(t) = target {
                                entries.push((t, e.at));
                            }
                        }
                        current = target;
                        entered_at = e.at;
                        if counted {
                            at_now = current;
                        }
                    }
                    Kind::Note => {
                        if counted && noted.is_none() {
                            noted = Some(e.at);
                        }
                        if activity {
                            notes.logged += 1;
                            notes.outcomes.add(e.outcome);
                            note_in_window = true;
                            self.note(e, &mut groups, &mut touched);
                        }
                    }
                }
                // Entering a closed status, by a move or at creation.
                let closing =
                    if e.kind == Kind::Note { None } else { self.cat_of.get(e.to as usize).copied().flatten() };
                if let Some(cat) = closing.filter(|c| c.is_terminal()) {
                    if counted {
                        terminal_last = Some(cat);
                    }
                    if counted && cat == Category::Won && first_won.is_none() {
                        first_won = Some(e.at);
                    }
                    if activity {
                        self.touch(&mut touched, e, cat == Category::Won);
                    }
                }
            }
            notes.unique_leads += u64::from(note_in_window);
            self.count_touched(&mut touched, &mut groups);
            if !in_cohort {
                continue;
            }
            cohort += 1;
            if let Some(c) = at_now {
                acc[c].current += 1;
            }
            // Entered (distinct), funnel reach, advanced (a later entry in a later step).
            let mut max_step: Option<usize> = None;
            let mut later_step: Option<usize> = None;
            // Each status counts a lead once: marked with the lead's number.
            let mark = lead as u32 + 1;
            for &(s, _) in entries.iter().rev() {
                let step = self.step_of[s];
                if let (Some(k), Some(l)) = (step, later_step) {
                    if l > k && advanced_mark[s] != mark {
                        advanced_mark[s] = mark;
                        acc[s].advanced += 1;
                    }
                }
                if entered_mark[s] != mark {
                    entered_mark[s] = mark;
                    acc[s].entered += 1;
                }
                later_step = later_step.max(step);
                max_step = max_step.max(step);
            }
            // Reaching step m reaches every step before it: summed at the end.
            if let Some(m) = max_step {
                reached_at[m] += 1;
            }
            match terminal_last {
                Some(Category::Won) => (closed, won) = (closed + 1, won + 1),
                Some(Category::Lost) => (closed, lost) = (closed + 1, lost + 1),
                Some(_) => closed += 1,
                None => {}
            }
            if let Some(w) = first_won {
                cycle.push(w - created_at);
            }
            if let Some(t) = noted {
                first_note.push(t - created_at);
            }
        }
        let mut reached = reached_at;
        for k in (0..reached.len().saturating_sub(1)).rev() {
            reached[k] += reached[k + 1];
        }
        notes.time_to_first_note = Summary::of(first_note);
        let last_step = self.steps.len().checked_sub(1);
        let (mut exit_count, mut exit_seen) = (vec![0u64; log.statuses.items.len() + 1], Vec::new());
        let statuses = wf
            .columns
            .iter()
            .map(|&s| {
                let a = &acc[s];
                let advances = self.step_of[s].is_some_and(|k| Some(k) != last_step);
                let advanced = advances.then_some(a.advanced);
                // Count the exits by target in one pass (a scratch counter per
                // dictionary entry), then order the few targets by name.
                let mut exited_to: Vec<(String, u64)> = Vec::new();
                // (`NONE`, the initial status of a created event without one, counts last.)
                let last = exit_count.len() - 1;
                for &t in &a.exits {
                    let slot = (t as usize).min(last);
                    if exit_count[slot] == 0 {
                        exit_seen.push(t);
                    }
                    exit_count[slot] += 1;
                }
                for t in exit_seen.drain(..) {
                    let name = log.status(t).unwrap_or(&wf.statuses[initial].id).to_owned();
                    let count = std::mem::take(&mut exit_count[(t as usize).min(last)]);
                    exited_to.push((name, count));
                }
                crate::index::sort(&mut exited_to, |x, y| x.0.cmp(&y.0));
                // The initial status may also be named in the log: one entry.
                exited_to.dedup_by(|b, a| {
                    let same = a.0 == b.0;
                    if same {
                        a.1 += b.1;
                    }
                    same
                });
                let exited_to = Ordered(exited_to);
                let report = StatusReport {
                    entered: a.entered,
                    exited_to,
                    advanced,
                    advance_rate: advanced.and_then(|x| rate(x, a.entered)),
                    time_in_status: Summary::of(a.stays.clone()),
                    current: a.current,
                };
                (wf.statuses[s].id.clone(), report)
            })
            .collect();
        let funnel: Vec<FunnelStepReport> = self
            .steps
            .iter()
            .enumerate()
            .map(|(k, (id, _))| FunnelStepReport {
                id: id.clone(),
                reached: reached[k],
                rate_from_previous: rate(reached[k], if k == 0 { cohort } else { reached[k - 1] }),
                rate_from_start: rate(reached[k], cohort),
            })
            .collect();
        let step = |id: &str| funnel.iter().find(|s| s.id == id).map(|s| s.reached);
        let rates = Rates {
            contact: step("contacted").and_then(|c| rate(c, cohort)),
            qualification: step("qualified").zip(step("contacted")).and_then(|(q, c)| rate(q, c)),
            win: rate(won, won + lost),
        };
        let sla = match (o.now, o.leads.is_empty()) {
            (Some(now), false) => Some(self.sla(&o.leads, now)?),
            _ => None,
        };
        let order = {
            let ids: Vec<IdKey<'_>> = warnings.iter().map(|w| IdKey::of(w.lead.get())).collect();
            crate::index::order(warnings.len(), &mut |i, j| {
                let (a, b) = (&warnings[i], &warnings[j]);
                ids[i]
                    .cmp(&ids[j])
                    .then(a.at.cmp(&b.at))
                    .then(a.kind.cmp(b.kind))
                    .then(a.code.cmp(b.code))
                    .then(a.message.cmp(&b.message))
            })
        };
        crate::index::permute(&mut warnings, &order);
        let g = self.group_by;
        Ok(Report {
            leads: cohort,
            funnel,
            rates,
            statuses: Ordered(statuses),
            notes,
            closing: ClosingReport { closed, won, lost, cycle_time: Summary::of(cycle) },
            sla,
            by_agent: Ordered({
                let mut v: Vec<(String, Slot)> = (groups.agents.iter().enumerate())
                    .filter(|(_, s)| s.notes + s.closed > 0)
                    .map(|(a, s)| (log.actors.get(a as u32).to_owned(), s.report()))
                    .collect();
                crate::index::sort(&mut v, |a, b| a.0.cmp(&b.0));
                v
            }),
            by_hour: if g.hour {
                groups.hours.iter().enumerate().map(|(h, s)| Slot { hour: Some(h as u8), ..s.report() }).collect()
            } else {
                Vec::new()
            },
            by_weekday: if g.weekday {
                groups.weekdays.iter().zip(WEEKDAYS).map(|(s, d)| Slot { weekday: Some(d), ..s.report() }).collect()
            } else {
                Vec::new()
            },
            by_day: Ordered(groups.days()),
            warnings,
        })
    }

    fn warning(&self, code: &'static str, e: &Ev, message: String) -> Warning {
        Warning { code, lead: self.log.lead_json(e.lead), at: Time::clamped(e.at), kind: kind_name(e.kind), message }
    }

    /// The local (day, hour, weekday) of an instant in the report's zone,
    /// when a group by time is asked for (computed once per event).
    fn local(&self, at: i64) -> Option<(i64, u32, usize)> {
        let g = self.group_by;
        (g.hour || g.weekday || g.day).then(|| {
            let (day, ms) = self.zone.to_local(Time::clamped(at));
            (day, (ms / 3_600_000) as u32, weekday(day))
        })
    }

    /// A note inside the window: counted in every group it falls in, and
    /// the groups it touches recorded (to count its lead once per group).
    fn note(&self, e: &Ev, groups: &mut Groups, touched: &mut Vec<Touch>) {
        let g = self.group_by;
        let add = |s: &mut SlotAcc| {
            s.notes += 1;
            s.outcomes.add(e.outcome);
        };
        if g.agent && e.actor != NONE {
            add(&mut groups.agents[e.actor as usize]);
        }
        let local = self.local(e.at);
        if let Some((day, hour, wd)) = local {
            if g.hour {
                add(&mut groups.hours[hour as usize]);
            }
            if g.weekday {
                add(&mut groups.weekdays[wd]);
            }
            if g.day {
                groups.days.push(DayFact::Note(e.outcome).key(day));
            }
        }
        self.touch_kinds(touched, e, local, &[0]);
    }

    /// The groups a move to a terminal status touches (`won`: to a won one).
    fn touch(&self, touched: &mut Vec<Touch>, e: &Ev, won: bool) {
        self.touch_kinds(touched, e, self.local(e.at), if won { &[1, 2] } else { &[1] });
    }

    /// Records (metric × group kind, slot) for the groups asked for:
    /// group kinds agent 0, hour 1, weekday 2, day 3.
    fn touch_kinds(&self, touched: &mut Vec<Touch>, e: &Ev, local: Option<(i64, u32, usize)>, metrics: &[u8]) {
        let g = self.group_by;
        for &metric in metrics {
            if g.agent && e.actor != NONE {
                touched.push(touch_of(metric * 4, e.actor));
            }
            if let Some((day, hour, wd)) = local {
                if g.hour {
                    touched.push(touch_of(metric * 4 + 1, hour));
                }
                if g.weekday {
                    touched.push(touch_of(metric * 4 + 2, wd as u32));
                }
                if g.day {
                    touched.push(touch_of(metric * 4 + 3, day as u32));
                }
            }
        }
    }

    /// Counts each (metric, group) a lead touched once.
    fn count_touched(&self, touched: &mut Vec<Touch>, groups: &mut Groups) {
        touched.sort_unstable();
        touched.dedup();
        for (key, slot) in touched.iter().map(|&t| ((t >> 32) as u8, t as u32)) {
            let metric = key / 4;
            let s: &mut SlotAcc = match key % 4 {
                0 => &mut groups.agents[slot as usize],
                1 => &mut groups.hours[slot as usize],
                2 => &mut groups.weekdays[slot as usize],
                _ => {
                    groups.days.push(DayFact::Lead(metric).key(i64::from(slot as i32)));
                    continue;
                }
            };
            count(s, metric);
        }
    }

    /// The SLA block over `leads` at `now`.
    fn sla(&self, leads: &[Lead], now: Time) -> Result<SlaBlock, Error> {
        let wf = self.wf;
        let ctx = Context::at(now);
        let mut timers = Vec::new();
        for (t, timer) in wf.timers.iter().enumerate().filter(|(_, t)| t.met_by.is_some()) {
            let mut r = SlaReport::default();
            for (i, lead) in leads.iter().enumerate() {
                match wf.sla(t, lead, &ctx).map_err(|e| e.at(&format!("/leads/{i}")))? {
                    Some(SlaState::Pending) => r.pending += 1,
                    Some(SlaState::Met) => r.met += 1,
                    Some(SlaState::MetLate) => r.met_late += 1,
                    Some(SlaState::Breached) => r.breached += 1,
                    None => {}
                }
            }
            r.compliance = rate(r.met, r.met + r.met_late + r.breached);
            timers.push((timer.id.clone(), r));
        }
        let due = wf.due(leads, &ctx).map_err(|e| e.at("/leads"))?;
        let alerts_due = due.iter().filter(|d| d.kind == DueKind::Alert).count() as u64;
        Ok(SlaBlock { timers, alerts_due })
    }
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn nearest_rank_and_rounded_mean() {
        let s = Summary::of(vec![4, 1, 3, 2]);
        assert_eq!((s.count, s.mean, s.median, s.p90), (4, Some(3), Some(2), Some(4)), "2.5 rounds away from zero");
        let s = Summary::of(vec![5, 1, 3]);
        assert_eq!((s.mean, s.median, s.p90), (Some(3), Some(3), Some(5)));
        assert_eq!(Summary::of(vec![5, -2]).mean, Some(2), "1.5 rounds to 2");
        assert_eq!(Summary::of(vec![-5, 2]).mean, Some(-2), "-1.5 rounds to -2");
        assert_eq!(Summary::of(vec![i64::MAX / 2, i64::MAX / 2, i64::MAX / 2]).mean, Some(i64::MAX / 2), "no overflow");
        assert_eq!(Summary::of(vec![]), Summary::default());
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!((Summary::of(ten.clone()).median, Summary::of(ten).p90), (Some(5), Some(9)));
    }
}
