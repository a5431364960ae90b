//! One pass over an event log, lead by lead (docs/SPEC.md §6), folding each
//! lead's events into the report's [`Figures`]: the cohort figures of the
//! leads created in the window, the activity figures of the events in it,
//! and the warnings of events that do not fit.

use std::collections::BTreeMap;

use super::log::{Ev, EventLog, NONE};
use super::options::{GroupBy, KpiOptions};
use super::partial::{Figures, SlotFigures, StatusFigures};
use super::report::{EventType, Warning, WarningCode};
use super::walk::{ByLead, EventOrder};
use crate::calendar::Zone;
use crate::value::{weekday, Time};
use crate::workflow::{Category, Workflow};

impl Workflow {
    /// The funnel steps (docs/SPEC.md §6): the workflow's `funnel`, or one
    /// step per open status in column order, then one per won status.
    pub(crate) fn funnel_steps(&self) -> Vec<(String, Vec<usize>)> {
        match &self.funnel {
            Some(f) => f.iter().map(|s| (s.id.clone(), s.statuses.clone())).collect(),
            None => {
                let by = |c: Category| self.columns.iter().filter(move |&&i| self.statuses[i].category == c);
                by(Category::Open).chain(by(Category::Won)).map(|&i| (self.statuses[i].id.clone(), vec![i])).collect()
            }
        }
    }

    /// Each status's funnel step (its first, when several name it).
    pub(crate) fn step_of(&self, steps: &[(String, Vec<usize>)]) -> Vec<Option<usize>> {
        let mut step_of = vec![None; self.statuses.len()];
        for (k, (_, members)) in steps.iter().enumerate() {
            for &s in members {
                step_of[s].get_or_insert(k);
            }
        }
        step_of
    }
}

/// What a lead counts for in a group: a note, a move to a terminal status,
/// a move to a won status (each lead counts once per slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Metric {
    Noted,
    Closed,
    Won,
}

/// A group's slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    /// An actor (dictionary position).
    Agent(u32),
    Hour(u32),
    Weekday(u32),
    /// Days since 1970-01-01, local.
    Day(i64),
}

/// An instant's local day, hour and weekday.
#[derive(Clone, Copy)]
struct Local {
    day: i64,
    hour: u32,
    weekday: u32,
}

const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;

/// Local time in the report's zone, with each UTC hour's offset cached
/// (direct-mapped): an hour whose first and last millisecond have the same
/// offset has it throughout (zones change offset at most once in hours,
/// never back within the hour), so most events cost two integer divisions.
struct Clock {
    zone: Zone,
    /// (UTC hour, its offset in ms, or `i64::MIN` when it changes within the hour).
    cache: Vec<(i64, i64)>,
}

const CACHE: usize = 1 << 14;

impl Clock {
    fn new(zone: Zone) -> Clock {
        Clock { zone, cache: vec![(i64::MIN, 0); CACHE] }
    }

    fn offset(&self, ms: i64) -> i64 {
        i64::from(self.zone.offset_at(Time::clamped(ms))) * 1000
    }

    fn local(&mut self, at: i64) -> Local {
        let hour = at.div_euclid(MS_PER_HOUR);
        let slot = hour.rem_euclid(CACHE as i64) as usize;
        if self.cache[slot].0 != hour {
            let (a, b) = (self.offset(hour * MS_PER_HOUR), self.offset(hour * MS_PER_HOUR + MS_PER_HOUR - 1));
            self.cache[slot] = (hour, if a == b { a } else { i64::MIN });
        }
        let offset = match self.cache[slot].1 {
            i64::MIN => self.offset(at),
            o => o,
        };
        let local = Time::clamped(at).millis() + offset;
        let day = local.div_euclid(MS_PER_DAY);
        Local { day, hour: (local.rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as u32, weekday: weekday(day) as u32 }
    }
}

/// The state of one fold.
struct Fold<'a> {
    log: &'a EventLog,
    wf: &'a Workflow,
    from: Option<i64>,
    to: Option<i64>,
    now: Option<i64>,
    group_by: GroupBy,
    clock: Option<Clock>,
    /// The workflow status of each status-dictionary entry.
    status_of: Vec<Option<usize>>,
    /// The category of each status-dictionary entry.
    category_of: Vec<Option<Category>>,
    step_of: Vec<Option<usize>>,
    initial: usize,
    /// The figures, with groups by dictionary position until the end.
    out: Figures,
    agents: Vec<SlotFigures>,
    days: BTreeMap<i64, SlotFigures>,
    /// Targets of the moves out, per workflow status (dictionary positions; `NONE` for the initial status).
    exits: Vec<Vec<u32>>,
    // Scratch, per lead.
    touched: Vec<(Metric, Group)>,
    entries: Vec<usize>,
    entered_mark: Vec<u32>,
    advanced_mark: Vec<u32>,
}

/// The figures of `log` for `options` (docs/SPEC.md §6), in one pass.
pub(crate) fn fold(log: &EventLog, wf: &Workflow, o: &KpiOptions) -> Figures {
    let steps = wf.funnel_steps();
    let n = wf.statuses.len();
    let status_of: Vec<Option<usize>> = log.statuses.items.iter().map(|s| wf.status_index(s)).collect();
    let g = o.group_by;
    let mut f = Fold {
        log,
        wf,
        from: o.from.map(Time::millis),
        to: o.to.map(Time::millis),
        now: o.now.map(Time::millis),
        group_by: g,
        clock: g.local().then(|| Clock::new(o.timezone.clone().unwrap_or_else(|| wf.zone.clone()))),
        category_of: status_of.iter().map(|s| s.map(|i| wf.statuses[i].category)).collect(),
        status_of,
        step_of: wf.step_of(&steps),
        initial: wf.first_initial(),
        out: Figures {
            statuses: vec![StatusFigures::default(); n],
            furthest: vec![0; steps.len()],
            hours: if g.hour { vec![SlotFigures::default(); 24] } else { Vec::new() },
            weekdays: if g.weekday { vec![SlotFigures::default(); 7] } else { Vec::new() },
            ..Figures::default()
        },
        agents: vec![SlotFigures::default(); if g.agent { log.actors.items.len() } else { 0 }],
        days: BTreeMap::new(),
        exits: vec![Vec::new(); n],
        touched: Vec::new(),
        entries: Vec::new(),
        entered_mark: vec![0; n],
        advanced_mark: vec![0; n],
    };
    let order = EventOrder::new(log);
    let by_lead = ByLead::new(log.leads.items.len(), log.events.len(), |i| log.events[i].lead);
    let _ = by_lead.each(
        &log.events,
        |a, b| order.cmp(a, b),
        |lead, evs| -> Result<(), ()> {
            f.lead(lead + 1, evs);
            Ok(())
        },
    );
    f.finish()
}

impl Fold<'_> {
    fn in_window(&self, at: i64) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at < t)
    }

    fn warning(&mut self, code: WarningCode, e: &Ev, message: String) {
        self.out.warnings.push(Warning::Event {
            code,
            lead: self.log.lead_json(e.lead),
            at: Time::clamped(e.at),
            kind: e.kind,
            message,
        });
    }

    /// The workflow status a dictionary entry names.
    fn status(&self, i: u32) -> Option<usize> {
        if i == NONE {
            None
        } else {
            self.status_of.get(i as usize).copied().flatten()
        }
    }

    /// Folds one lead's events (in order); `mark` is unique to the lead.
    fn lead(&mut self, mark: u32, evs: &[Ev]) {
        let log = self.log;
        let first = evs[0];
        let created_at = first.at;
        // Creation: the first event; a `created` event names its status
        // (none: the first initial status).
        let mut current = match (first.kind, first.to) {
            (EventType::Created, NONE) | (EventType::Status | EventType::Note, _) => Some(self.initial),
            (EventType::Created, to) => self.status(to),
        };
        let in_cohort = self.in_window(created_at) && self.now.is_none_or(|now| created_at <= now);
        if first.kind == EventType::Created && first.to != NONE && current.is_none() {
            self.warning(
                WarningCode::UnknownStatus,
                &first,
                format!("unknown status \"{}\"", log.statuses.get(first.to)),
            );
        }
        self.entries.clear();
        self.touched.clear();
        self.entries.extend(current);
        let mut entered_at = created_at;
        // The status at `now` (the last counted event's).
        let mut at_now = current;
        let mut terminal_last: Option<Category> = None;
        let mut first_won: Option<i64> = None;
        let mut noted: Option<i64> = None;
        let mut note_in_window = false;
        for (k, e) in evs.iter().enumerate() {
            let counted = in_cohort && self.now.is_none_or(|now| e.at <= now);
            let activity = self.in_window(e.at);
            match e.kind {
                EventType::Created if k == 0 => {}
                EventType::Created | EventType::Status => {
                    let target = if e.to == NONE { Some(self.initial) } else { self.status(e.to) };
                    if e.kind == EventType::Created {
                        self.warning(WarningCode::CreatedAgain, e, "a second created event: used as a move".into());
                    } else if e.from != NONE && self.status(e.from) != current {
                        let msg = format!(
                            "moved from \"{}\" but the lead is in \"{}\"",
                            log.statuses.get(e.from),
                            current.map_or("an unknown status", |c| self.wf.statuses[c].id.as_str())
                        );
                        self.warning(WarningCode::FromMismatch, e, msg);
                    }
                    if target.is_none() {
                        let msg = format!("unknown status \"{}\"", log.statuses.get(e.to));
                        self.warning(WarningCode::UnknownStatus, e, msg);
                    }
                    if counted {
                        if let Some(c) = current {
                            self.out.statuses[c].stays.push(e.at - entered_at);
                            self.exits[c].push(e.to);
                        }
                        self.entries.extend(target);
                    }
                    current = target;
                    entered_at = e.at;
                    if counted {
                        at_now = current;
                    }
                }
                EventType::Note => {
                    if counted && noted.is_none() {
                        noted = Some(e.at);
                    }
                    if activity {
                        self.out.notes_logged += 1;
                        self.out.notes_outcomes.add(e.outcome);
                        note_in_window = true;
                        self.note(e);
                    }
                }
            }
            // Entering a terminal status, by a move or at creation.
            if e.kind == EventType::Note || e.to == NONE {
                continue;
            }
            if let Some(cat) = self.category_of[e.to as usize].filter(|c| c.is_terminal()) {
                if counted {
                    terminal_last = Some(cat);
                    if cat == Category::Won && first_won.is_none() {
                        first_won = Some(e.at);
                    }
                }
                if activity {
                    self.touch(e, Metric::Closed);
                    if cat == Category::Won {
                        self.touch(e, Metric::Won);
                    }
                }
            }
        }
        self.out.notes_leads += u64::from(note_in_window);
        self.count_touched();
        if !in_cohort {
            return;
        }
        let out = &mut self.out;
        out.cohort += 1;
        if let Some(c) = at_now {
            out.statuses[c].current += 1;
        }
        // Entered (distinct), funnel reach, advanced (a later entry in a later step).
        let mut furthest: Option<usize> = None;
        for &s in self.entries.iter().rev() {
            let step = self.step_of[s];
            if let (Some(k), Some(l)) = (step, furthest) {
                if l > k && self.advanced_mark[s] != mark {
                    self.advanced_mark[s] = mark;
                    out.statuses[s].advanced += 1;
                }
            }
            if self.entered_mark[s] != mark {
                self.entered_mark[s] = mark;
                out.statuses[s].entered += 1;
            }
            furthest = furthest.max(step);
        }
        if let Some(m) = furthest {
            out.furthest[m] += 1;
        }
        match terminal_last {
            Some(Category::Won) => (out.closed, out.won) = (out.closed + 1, out.won + 1),
            Some(Category::Lost) => (out.closed, out.lost) = (out.closed + 1, out.lost + 1),
            Some(_) => out.closed += 1,
            None => {}
        }
        if let Some(w) = first_won {
            out.cycle.push(w - created_at);
        }
        if let Some(t) = noted {
            out.first_note.push(t - created_at);
        }
    }

    fn local(&mut self, at: i64) -> Option<Local> {
        self.clock.as_mut().map(|c| c.local(at))
    }

    /// A note inside the window: counted in every group it falls in, and the
    /// groups it touches recorded (to count its lead once per group).
    fn note(&mut self, e: &Ev) {
        let g = self.group_by;
        let add = |s: &mut SlotFigures| {
            s.notes += 1;
            s.outcomes.add(e.outcome);
        };
        if g.agent && e.actor != NONE {
            add(&mut self.agents[e.actor as usize]);
        }
        if let Some(l) = self.local(e.at) {
            if g.hour {
                add(&mut self.out.hours[l.hour as usize]);
            }
            if g.weekday {
                add(&mut self.out.weekdays[l.weekday as usize]);
            }
            if g.day {
                add(self.days.entry(l.day).or_default());
            }
        }
        self.touch(e, Metric::Noted);
    }

    /// Records the slots of the groups asked for that `e` touches for `metric`.
    fn touch(&mut self, e: &Ev, metric: Metric) {
        let g = self.group_by;
        if g.agent && e.actor != NONE {
            self.touched.push((metric, Group::Agent(e.actor)));
        }
        if let Some(l) = self.local(e.at) {
            if g.hour {
                self.touched.push((metric, Group::Hour(l.hour)));
            }
            if g.weekday {
                self.touched.push((metric, Group::Weekday(l.weekday)));
            }
            if g.day {
                self.touched.push((metric, Group::Day(l.day)));
            }
        }
    }

    /// Counts the lead once in each (metric, slot) it touched.
    fn count_touched(&mut self) {
        if self.touched.is_empty() {
            return;
        }
        self.touched.sort_unstable();
        self.touched.dedup();
        for &(metric, group) in &self.touched {
            let s = match group {
                Group::Agent(a) => &mut self.agents[a as usize],
                Group::Hour(h) => &mut self.out.hours[h as usize],
                Group::Weekday(w) => &mut self.out.weekdays[w as usize],
                Group::Day(d) => self.days.entry(d).or_default(),
            };
            match metric {
                Metric::Noted => s.unique += 1,
                Metric::Closed => s.closed += 1,
                Metric::Won => s.won += 1,
            }
        }
    }

    /// The figures, groups and exits keyed by name.
    fn finish(mut self) -> Figures {
        let log = self.log;
        let initial = &self.wf.statuses[self.initial].id;
        let mut count = vec![0u64; log.statuses.items.len() + 1];
        for (s, exits) in self.exits.iter().enumerate() {
            // Count by dictionary position, in one pass: `NONE` (the initial
            // status of a created event without one) counts last.
            let last = count.len() - 1;
            let mut seen = Vec::new();
            for &t in exits {
                let slot = (t as usize).min(last);
                if count[slot] == 0 {
                    seen.push(slot);
                }
                count[slot] += 1;
            }
            let mut named: Vec<(String, u64)> = seen
                .into_iter()
                .map(|slot| {
                    let name = if slot == last { initial.clone() } else { log.statuses.items[slot].clone() };
                    (name, std::mem::take(&mut count[slot]))
                })
                .collect();
            named.sort_unstable();
            // The initial status may also be named in the log: one entry.
            named.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
            self.out.statuses[s].exits = named;
        }
        let mut agents: Vec<(String, SlotFigures)> = std::mem::take(&mut self.agents)
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s != SlotFigures::default())
            .map(|(a, s)| (log.actors.items[a].clone(), s))
            .collect();
        agents.sort_by(|a, b| a.0.cmp(&b.0));
        self.out.agents = agents;
        self.out.days = std::mem::take(&mut self.days).into_iter().collect();
        for (kind, count) in &log.skipped {
            self.out.skip(kind, *count);
        }
        self.out
    }
}
