//! The KPI report as mergeable figures (docs/SPEC.md §12): counts, the
//! durations exact quantiles need, and the groups, keyed by name so that
//! figures computed on other machines merge. When the events are partitioned
//! by lead, merging the parts' figures in any order gives exactly the
//! figures of one pass; the report is computed from them at the end, and the
//! figures that come from the options rather than the events (the SLA block)
//! only then.
//!
//! Size: a [`Partial`] holds a fixed number of counts per status, funnel
//! step and group slot, one duration (8 bytes) per completed stay, per lead
//! with a first note and per won lead (what exact medians and p90s need),
//! the warnings, and its options (their canonical JSON, `leads` included
//! when given, so that only partials of the same options merge); nothing
//! per event.

use super::options::KpiOptions;
use super::report::{
    ClosingReport, FunnelStepReport, NotesReport, Ordered, Outcomes, Rates, Report, SlaBlock, SlaReport, Slot,
    StatusReport, Summary, Warning, WarningCode,
};
use crate::context::Context;
use crate::error::{Error, ProblemCode};
use crate::json::IdKey;
use crate::timer::DueKind;
use crate::value::civil_from_days;
use crate::workflow::{SlaState, Workflow};

/// One group's counts: an agent, an hour, a weekday or a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SlotFigures {
    pub(crate) notes: u64,
    /// Leads with a note in the slot.
    pub(crate) unique: u64,
    /// Leads moved to a terminal status in the slot.
    pub(crate) closed: u64,
    /// Leads moved to a won status in the slot.
    pub(crate) won: u64,
    pub(crate) outcomes: Outcomes,
}

impl SlotFigures {
    fn merge(&mut self, o: &SlotFigures) {
        self.notes += o.notes;
        self.unique += o.unique;
        self.closed += o.closed;
        self.won += o.won;
        self.outcomes.merge(&o.outcomes);
    }

    fn is_empty(&self) -> bool {
        self.notes == 0 && self.closed == 0
    }

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

/// One workflow status's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StatusFigures {
    pub(crate) entered: u64,
    pub(crate) advanced: u64,
    pub(crate) current: u64,
    /// The completed stays, in ms.
    pub(crate) stays: Vec<i64>,
    /// Moves out, by target name, sorted by name.
    pub(crate) exits: Vec<(String, u64)>,
}

/// The mergeable figures of a report.
#[derive(Clone, Debug, Default)]
pub(crate) struct Figures {
    /// Cohort leads.
    pub(crate) cohort: u64,
    /// Per workflow status, in definition order.
    pub(crate) statuses: Vec<StatusFigures>,
    /// Per funnel step: cohort leads whose furthest step it is.
    pub(crate) furthest: Vec<u64>,
    pub(crate) closed: u64,
    pub(crate) won: u64,
    pub(crate) lost: u64,
    /// From creation to the first won entry, in ms.
    pub(crate) cycle: Vec<i64>,
    /// From creation to the first note, in ms.
    pub(crate) first_note: Vec<i64>,
    pub(crate) notes_logged: u64,
    pub(crate) notes_leads: u64,
    pub(crate) notes_outcomes: Outcomes,
    /// By actor name, sorted by name.
    pub(crate) agents: Vec<(String, SlotFigures)>,
    /// 24 local hours, or none when not asked for.
    pub(crate) hours: Vec<SlotFigures>,
    /// 7 local weekdays, Monday first, or none when not asked for.
    pub(crate) weekdays: Vec<SlotFigures>,
    /// By local day (days since 1970-01-01), sorted.
    pub(crate) days: Vec<(i64, SlotFigures)>,
    /// Events that do not fit (unsorted), and skipped types (by type).
    pub(crate) warnings: Vec<Warning>,
}

/// The figures of a KPI report over some leads, for given options, that
/// merge with the figures of other leads (docs/SPEC.md §12): what workers,
/// Spark partitions or other machines compute and send as bytes. Merging the
/// partials of events partitioned by lead (every event of a lead in one
/// part) gives exactly the report of one pass over all of them.
///
/// ```
/// use relance_core::{EventLog, KpiOptions, Partial, Workflow};
/// let wf = Workflow::preset("relance")?;
/// let options = KpiOptions::from_json(r#"{"groupBy": ["agent"]}"#)?;
/// let part = |events: &str| -> Result<Partial, relance_core::Error> {
///     let mut log = EventLog::new(&wf);
///     log.push(events)?;
///     log.partial(&wf, &options)
/// };
/// let mut a = part(r#"{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created", "actor": "ana"}"#)?;
/// let b = part(r#"{"lead": "L2", "at": "2026-11-02T10:00:00Z", "type": "created", "actor": "bob"}"#)?;
/// a.merge(&Partial::from_bytes(&wf, &b.to_bytes())?)?;
/// assert_eq!(a.report(&wf)?.leads, 2);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Partial {
    pub(crate) fingerprint: u64,
    pub(crate) options: KpiOptions,
    /// The options' canonical JSON: partials merge only for the same options.
    pub(crate) options_json: String,
    pub(crate) figures: Figures,
}

impl Partial {
    /// The options the figures were computed for.
    pub fn options(&self) -> &KpiOptions {
        &self.options
    }

    /// Adds the figures of other leads (computed for the same workflow
    /// definition and options); returns `self`.
    ///
    /// # Errors
    /// `invalid_input` (`other_workflow`, `other_options`) otherwise.
    pub fn merge(&mut self, other: &Partial) -> Result<&mut Partial, Error> {
        if other.fingerprint != self.fingerprint {
            return Err(other_workflow("these partial reports were"));
        }
        if other.options_json != self.options_json {
            return Err(Error::input(
                "",
                ProblemCode::OtherOptions,
                "these partial reports were computed for different options",
            ));
        }
        self.figures.merge(&other.figures);
        Ok(self)
    }

    /// The report of docs/SPEC.md §6 (its SLA block computed now, from the
    /// options' `leads` and `now`).
    ///
    /// # Errors
    /// `invalid_input` for another workflow definition; errors of the SLA
    /// block (`limit_exceeded` from a calendar).
    pub fn report(&self, wf: &Workflow) -> Result<Report, Error> {
        if self.fingerprint != wf.fingerprint() {
            return Err(other_workflow("this partial report was"));
        }
        self.figures.report(wf, &self.options)
    }
}

/// Merges two lists sorted by key, adding the values of equal keys.
fn merge_sorted<K: Ord + Clone, V: Clone>(a: &mut Vec<(K, V)>, b: &[(K, V)], add: impl Fn(&mut V, &V)) {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut ai = std::mem::take(a).into_iter().peekable();
    let mut bi = b.iter().peekable();
    loop {
        match (ai.peek(), bi.peek()) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                let (k, mut v) = ai.next().unwrap_or_else(|| unreachable!());
                add(&mut v, &bi.next().unwrap_or_else(|| unreachable!()).1);
                out.push((k, v));
            }
            (Some(x), Some(y)) if x.0 < y.0 => out.extend(ai.next()),
            (Some(_), None) => out.extend(ai.next()),
            (_, Some(_)) => out.extend(bi.next().cloned()),
            (None, None) => break,
        }
    }
    *a = out;
}

impl Figures {
    /// Adds figures computed over other leads (of the same workflow and options).
    pub(crate) fn merge(&mut self, o: &Figures) {
        self.cohort += o.cohort;
        for (a, b) in self.statuses.iter_mut().zip(&o.statuses) {
            a.entered += b.entered;
            a.advanced += b.advanced;
            a.current += b.current;
            a.stays.extend_from_slice(&b.stays);
            merge_sorted(&mut a.exits, &b.exits, |x, y| *x += y);
        }
        for (a, b) in self.furthest.iter_mut().zip(&o.furthest) {
            *a += b;
        }
        self.closed += o.closed;
        self.won += o.won;
        self.lost += o.lost;
        self.cycle.extend_from_slice(&o.cycle);
        self.first_note.extend_from_slice(&o.first_note);
        self.notes_logged += o.notes_logged;
        self.notes_leads += o.notes_leads;
        self.notes_outcomes.merge(&o.notes_outcomes);
        merge_sorted(&mut self.agents, &o.agents, SlotFigures::merge);
        for (a, b) in self.hours.iter_mut().zip(&o.hours) {
            a.merge(b);
        }
        for (a, b) in self.weekdays.iter_mut().zip(&o.weekdays) {
            a.merge(b);
        }
        merge_sorted(&mut self.days, &o.days, SlotFigures::merge);
        for w in &o.warnings {
            match w {
                Warning::Skipped { kind, count, .. } => self.skip(kind, *count),
                other => self.warnings.push(other.clone()),
            }
        }
    }

    /// Counts `count` skipped events of type `kind`.
    pub(crate) fn skip(&mut self, kind: &str, count: u64) {
        let found = self.warnings.iter_mut().find_map(|w| match w {
            Warning::Skipped { kind: k, count: c, .. } if k == kind => Some(c),
            _ => None,
        });
        match found {
            Some(c) => *c += count,
            None => {
                self.warnings.push(Warning::Skipped { code: WarningCode::UnknownType, kind: kind.to_owned(), count })
            }
        }
    }

    /// The report of these figures for `options` (whose SLA block, from
    /// `leads` and `now`, is computed here).
    pub(crate) fn report(&self, wf: &Workflow, o: &KpiOptions) -> Result<Report, Error> {
        let steps = wf.funnel_steps();
        let mut reached = self.furthest.clone();
        for k in (0..reached.len().saturating_sub(1)).rev() {
            reached[k] += reached[k + 1];
        }
        let cohort = self.cohort;
        let last_step = steps.len().checked_sub(1);
        let step_of = wf.step_of(&steps);
        let statuses = wf
            .columns
            .iter()
            .map(|&s| {
                let f = &self.statuses[s];
                let advanced = step_of[s].is_some_and(|k| Some(k) != last_step).then_some(f.advanced);
                let report = StatusReport {
                    entered: f.entered,
                    exited_to: Ordered(f.exits.clone()),
                    advanced,
                    advance_rate: advanced.and_then(|x| rate(x, f.entered)),
                    time_in_status: Summary::of(f.stays.clone()),
                    current: f.current,
                };
                (wf.statuses[s].id.clone(), report)
            })
            .collect();
        let funnel: Vec<FunnelStepReport> = steps
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
            win: rate(self.won, self.won + self.lost),
        };
        let sla = match (o.now, o.leads.is_empty()) {
            (Some(now), false) => Some(sla(wf, &o.leads, Context::at(now))?),
            _ => None,
        };
        let g = o.group_by;
        Ok(Report {
            leads: cohort,
            funnel,
            rates,
            statuses: Ordered(statuses),
            notes: NotesReport {
                logged: self.notes_logged,
                unique_leads: self.notes_leads,
                outcomes: self.notes_outcomes,
                time_to_first_note: Summary::of(self.first_note.clone()),
            },
            closing: ClosingReport {
                closed: self.closed,
                won: self.won,
                lost: self.lost,
                cycle_time: Summary::of(self.cycle.clone()),
            },
            sla,
            by_agent: Ordered(
                self.agents.iter().filter(|(_, s)| !s.is_empty()).map(|(a, s)| (a.clone(), s.report())).collect(),
            ),
            by_hour: if g.hour {
                self.hours.iter().enumerate().map(|(h, s)| Slot { hour: Some(h as u8), ..s.report() }).collect()
            } else {
                Vec::new()
            },
            by_weekday: if g.weekday {
                self.weekdays.iter().zip(WEEKDAYS).map(|(s, d)| Slot { weekday: Some(d), ..s.report() }).collect()
            } else {
                Vec::new()
            },
            by_day: Ordered(
                self.days
                    .iter()
                    .map(|(d, s)| {
                        let (y, m, dd) = civil_from_days(*d);
                        (format!("{y:04}-{m:02}-{dd:02}"), s.report())
                    })
                    .collect(),
            ),
            warnings: sorted_warnings(&self.warnings),
        })
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub(crate) fn rate(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The warnings in the report's order: skipped types first, by type; then
/// events by lead id, time, type, code and message.
fn sorted_warnings(warnings: &[Warning]) -> Vec<Warning> {
    let mut skipped: Vec<Warning> = warnings.iter().filter(|w| matches!(w, Warning::Skipped { .. })).cloned().collect();
    skipped.sort_by(|a, b| match (a, b) {
        (Warning::Skipped { kind: x, .. }, Warning::Skipped { kind: y, .. }) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    let events: Vec<&Warning> = warnings.iter().filter(|w| matches!(w, Warning::Event { .. })).collect();
    let keys: Vec<_> = events
        .iter()
        .map(|w| match w {
            Warning::Event { code, lead, at, kind, message } => (IdKey::of(lead.get()), *at, *kind, *code, message),
            Warning::Skipped { .. } => unreachable!("filtered"),
        })
        .collect();
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&keys[i], &keys[j]);
        a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)).then(a.4.cmp(b.4))
    });
    skipped.extend(order.into_iter().map(|i| events[i].clone()));
    skipped
}

/// The SLA block over `leads` at `ctx.now`.
fn sla(wf: &Workflow, leads: &[crate::lead::Lead], ctx: Context) -> Result<SlaBlock, Error> {
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

/// The figures of a log of another workflow cannot be reported or merged.
pub(crate) fn other_workflow(what: &str) -> Error {
    Error::input("", ProblemCode::OtherWorkflow, format!("{what} built for another workflow definition"))
}
