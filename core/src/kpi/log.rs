//! The event log: events as compact records, strings interned once, from
//! any input path (a JSON list, NDJSON, or columns built by the package);
//! mergeable, and movable as bytes (`bytes.rs`).
//!
//! Reading is the hot path of a report over a million events, so both input
//! paths read each event without allocating in the common case: JSON text
//! through the scanner of `json::scan` (strings borrowed, times parsed in
//! place), columns by position. An event's fields are read by its type
//! (docs/SPEC.md §6): a key that its type does not use is ignored, on both
//! paths alike.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use serde_json::value::RawValue;

use super::options::{PushOptions, UnknownTypes};
use super::report::EventType;
use crate::classify::{Classifier, Outcome};
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::json::scan::{Invalid, Scanner, Span};
use crate::json::{canonical_id, ObjectView};
use crate::value::Time;
use crate::workflow::Workflow;

/// "No value" in a string column.
pub(crate) const NONE: u32 = u32::MAX;

/// One event, its strings as indexes into the log's dictionaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ev {
    pub(crate) lead: u32,
    pub(crate) at: i64,
    pub(crate) kind: EventType,
    /// The actor, or [`NONE`].
    pub(crate) actor: u32,
    /// `from` of a status event, or [`NONE`].
    pub(crate) from: u32,
    /// `to` of a status event, `status` of a created event, or [`NONE`].
    pub(crate) to: u32,
    /// A note's outcome (the classifier's when it gave none).
    pub(crate) outcome: Outcome,
}

/// Interned strings, in first-seen order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dict {
    pub(crate) items: Vec<String>,
    /// String → position (never iterated: outputs follow `items`).
    index: HashMap<Box<str>, u32, FxBuildHasher>,
}

impl Dict {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(s.to_owned());
        self.index.insert(s.into(), i);
        i
    }

    pub(crate) fn get(&self, i: u32) -> &str {
        self.items.get(i as usize).map_or("", String::as_str)
    }

    /// Each position's rank in the order of the texts: what orders events,
    /// whatever order the strings were first seen in.
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.items.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.items[a as usize].cmp(&self.items[b as usize]));
        let mut rank = vec![0u32; self.items.len()];
        for (r, &p) in order.iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        rank
    }

    /// Forgets the strings past `len`.
    fn truncate(&mut self, len: usize) {
        for s in self.items.drain(len.min(self.items.len())..) {
            self.index.remove(s.as_str());
        }
    }
}

/// An accumulator of events for KPI reports (docs/SPEC.md §6): push batches
/// in any order, merge logs built elsewhere, report for any options. Two logs
/// of one workflow definition merge into exactly the report of one pass.
///
/// ```
/// use relance_core::{EventLog, KpiOptions, Workflow};
/// let wf = Workflow::preset("relance")?;
/// let mut a = EventLog::new(&wf);
/// a.push(r#"[{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}]"#)?;
/// let mut b = EventLog::new(&wf);
/// b.push(r#"{"lead": "L1", "at": "2026-11-03T09:00:00Z", "type": "status", "from": "new", "to": "contacted"}"#)?;
/// a.merge(&EventLog::from_bytes(&wf, &b.to_bytes())?)?;
/// let report = a.report(&wf, &KpiOptions::default())?;
/// assert_eq!(report.leads, 1);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct EventLog {
    /// The fingerprint of the workflow definition the log was built for.
    pub(crate) fingerprint: u64,
    /// The workflow's classifier, for notes without an outcome.
    classifier: Classifier,
    /// Lead ids, as canonical JSON text.
    pub(crate) leads: Dict,
    pub(crate) actors: Dict,
    /// Status ids, as given (known or not).
    pub(crate) statuses: Dict,
    pub(crate) events: Vec<Ev>,
    /// Events of other types skipped by a push (`unknownTypes: "skip"`): (type, count), by type.
    pub(crate) skipped: Vec<(String, u64)>,
    /// For a replay of history (`impact`), what each event adds to the log's
    /// record, in event order; `None` for a log of KPIs.
    pub(crate) replay: Option<Vec<Replayed>>,
}

/// What a replay needs of an event beyond the log's record.
#[derive(Clone, Debug, Default)]
pub(crate) struct Replayed {
    /// The lead as it was before the move (its `before` key), as JSON text.
    pub(crate) before: Option<Box<str>>,
    /// Whether a timer made the move (its `timer` key).
    pub(crate) timer: bool,
}

/// Events as columns: what the npm package sends for an array of event
/// objects. Every index refers to a list given as JSON text; `-1` is absent.
#[derive(Clone, Copy, Debug)]
pub struct EventColumns<'a> {
    /// The distinct lead ids, a JSON list of strings and numbers.
    pub leads: &'a str,
    /// The distinct strings of the other fields, a JSON list.
    pub strings: &'a str,
    /// Per event, nine indexes: lead (into `leads`); type, actor, from, to,
    /// status, outcome, text (into `strings`); and `at` (the next line of
    /// `at_texts`, numbered from 0, or -1 when the time is in `ats`).
    pub fields: &'a [i32],
    /// Per event, the time in epoch milliseconds when it was given as a
    /// number or a `Date`.
    pub ats: &'a [f64],
    /// The times given as text, one per line, in event order.
    pub at_texts: &'a str,
}

/// The number of fields per event in [`EventColumns::fields`].
const FIELDS: usize = 9;

/// The text fields of one event that its type uses, as given.
#[derive(Default)]
struct Texts<'a> {
    actor: Option<Cow<'a, str>>,
    from: Option<Cow<'a, str>>,
    to: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    outcome: Option<Cow<'a, str>>,
    text: Option<Cow<'a, str>>,
}

/// The keys an event may have, in the order their problems are reported
/// (the last two only for a replay).
const KEYS: [&str; 11] = ["lead", "at", "type", "actor", "from", "to", "status", "outcome", "text", "before", "timer"];

/// Whether events of type `kind` use the text field `key` (`text` only
/// without an outcome).
fn uses(kind: EventType, key: &str) -> bool {
    match key {
        "actor" => true,
        "status" => kind == EventType::Created,
        "from" | "to" => kind == EventType::Status,
        "outcome" | "text" => kind == EventType::Note,
        _ => false,
    }
}

impl EventLog {
    /// An empty log for `wf`.
    pub fn new(wf: &Workflow) -> EventLog {
        EventLog {
            fingerprint: wf.fingerprint(),
            classifier: wf.classifier.clone(),
            leads: Dict::default(),
            actors: Dict::default(),
            statuses: Dict::default(),
            events: Vec::new(),
            skipped: Vec::new(),
            replay: None,
        }
    }

    /// An empty log that also keeps each event's `before` and `timer` keys,
    /// for a replay of history (JSON text input only).
    pub(crate) fn for_replay(wf: &Workflow) -> EventLog {
        EventLog { replay: Some(Vec::new()), ..EventLog::new(wf) }
    }

    /// The number of events pushed so far.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Adds events given as JSON text: a list of event objects, or NDJSON
    /// (one object per line). A malformed event (not an object, no lead, an
    /// unknown type, an `at` that is not a time) refuses the whole batch with
    /// an error whose path points at it (`/3/at`; in NDJSON, the index counts
    /// records, blank lines left out). Lead ids equal as JSON values are one
    /// lead (`"L\u0031"` and `"L1"`, `1.0` and `1`), as for `JSON.parse`.
    /// Keys an event's type does not use are ignored.
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` or `invalid_time` with the event's path.
    pub fn push(&mut self, text: &str) -> Result<(), Error> {
        self.push_with(text, &PushOptions::default())
    }

    /// [`push`](Self::push) with options: with `unknownTypes: "skip"`, an
    /// event of another type is skipped whatever its other keys, and counted.
    ///
    /// ```
    /// use relance_core::{EventLog, KpiOptions, PushOptions, UnknownTypes, Workflow};
    /// let wf = Workflow::preset("relance")?;
    /// let mut log = EventLog::new(&wf);
    /// let events = r#"{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}
    /// {"lead": "L1", "at": "2026-11-02T10:00:00Z", "type": "call"}"#;
    /// assert!(log.push(events).is_err());
    /// log.push_with(events, &PushOptions { unknown_types: UnknownTypes::Skip })?;
    /// let r = log.report(&wf, &KpiOptions::default())?;
    /// assert_eq!(serde_json::to_string(&r.warnings).unwrap(), r#"[{"code":"unknown_type","type":"call","count":1}]"#);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`push`](Self::push).
    pub fn push_with(&mut self, text: &str, options: &PushOptions) -> Result<(), Error> {
        self.all_or_nothing(options, |log, skips| {
            let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
            if t.starts_with('[') {
                let mut s = Scanner::new(t);
                let mut i = 0;
                let mut found: Result<(), Error> = Ok(());
                let scanned = s.items(|s| {
                    match found {
                        Ok(()) => found = log.read_event(s, i, skips)?,
                        Err(_) => {
                            s.value()?;
                        }
                    }
                    i += 1;
                    Ok(())
                });
                // A syntax error anywhere counts first, as for `JSON.parse`.
                if scanned.and_then(|()| s.end()).is_err() {
                    return Err(not_json(t));
                }
                found
            } else {
                for (i, line) in t.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                    let mut s = Scanner::new(line);
                    match log.read_event(&mut s, i, skips) {
                        Ok(read) if s.end().is_ok() => read?,
                        // Not JSON: serde_json says why.
                        _ => {
                            let p = ObjectView::parse(line).err().unwrap_or_else(|| invalid_json(line));
                            return Err(Error::one(ErrorCode::InvalidJson, p).at(&format!("/{i}")));
                        }
                    }
                }
                Ok(())
            }
        })
    }

    /// Reads event `i` (the scanner before it) into the log: `Err(Invalid)`
    /// for text that is not JSON (the caller reports it), else the event's
    /// own problem, if any.
    fn read_event(&mut self, s: &mut Scanner<'_>, i: usize, skips: &mut Skips) -> Result<Result<(), Error>, Invalid> {
        if s.next() != Some(b'{') {
            s.value()?;
            return Ok(Err(not_an_object(i)));
        }
        let mut spans: [Option<Span>; 11] = [None; 11];
        s.entries(|s, key, escaped| {
            let span = s.value()?;
            // Keys are compared as written; an escaped spelling of a key is rare.
            let key: Cow<'_, str> =
                if escaped { unescape(key).map_or(Cow::Borrowed(""), Cow::Owned) } else { key.into() };
            if let Some(k) = KEYS.iter().position(|&known| known == key) {
                spans[k] = Some(span);
            }
            Ok(())
        })?;
        Ok(self.event_of(s, &spans, i, skips))
    }

    /// Adds the event whose keys are at `spans` (in [`KEYS`] order).
    fn event_of(
        &mut self,
        s: &Scanner<'_>,
        spans: &[Option<Span>; 11],
        i: usize,
        skips: &mut Skips,
    ) -> Result<(), Error> {
        let raw = |k: usize| spans[k].map(|span| s.text(span)).filter(|r| *r != "null");
        let string = |k: usize| -> Result<Option<Cow<'_, str>>, Error> {
            match raw(k) {
                None => Ok(None),
                Some(r) => crate::json::string_ref(r).map(Some).ok_or_else(|| not_a_string(i, KEYS[k])),
            }
        };
        let Some(kind) = skips.kind(string(2)?.as_deref(), i)? else { return Ok(()) };
        let mut texts = Texts::default();
        for (k, slot) in [(3, &mut texts.actor), (4, &mut texts.from), (5, &mut texts.to), (6, &mut texts.status)] {
            if uses(kind, KEYS[k]) {
                *slot = string(k)?;
            }
        }
        if kind == EventType::Note {
            texts.outcome = string(7)?;
            if texts.outcome.is_none() {
                texts.text = string(8)?;
            }
        }
        let lead = self.lead_of(raw(0), i)?;
        let at = match raw(1) {
            None if spans[1].is_none() => {
                return Err(Error::one(
                    ErrorCode::InvalidTime,
                    Problem::new(format!("/{i}/at"), ProblemCode::Missing, "an event needs \"at\""),
                ))
            }
            None => return Err(bad_at(i)),
            Some(r) => Time::from_raw(r).ok_or_else(|| bad_at(i))?.millis(),
        };
        let replayed = match &self.replay {
            None => None,
            Some(_) => Some(Replayed {
                before: match raw(9) {
                    None => None,
                    Some(r) if r.starts_with('{') => Some(r.into()),
                    Some(_) => {
                        let msg = "\"before\" is the lead as it was before the move: an object";
                        return Err(Error::input(format!("/{i}/before"), ProblemCode::InvalidType, msg));
                    }
                },
                timer: raw(10).is_some(),
            }),
        };
        self.add(lead, at, kind, &texts, i)?;
        if let (Some(list), Some(r)) = (&mut self.replay, replayed) {
            list.push(r);
        }
        Ok(())
    }

    /// The dictionary position of a lead id given as raw JSON.
    fn lead_of(&mut self, raw: Option<&str>, i: usize) -> Result<u32, Error> {
        let raw = raw.ok_or_else(|| missing_lead(i))?;
        // A string without escapes is its own canonical text.
        if raw.len() >= 2 && raw.starts_with('"') && !raw[1..raw.len() - 1].contains(['"', '\\']) {
            return Ok(self.leads.intern(raw));
        }
        Ok(self.leads.intern(&valid_lead(raw, i)?))
    }

    /// Adds one event whose type, lead and time are read; checks and interns
    /// the text fields its type uses.
    fn add(&mut self, lead: u32, at: i64, kind: EventType, t: &Texts<'_>, i: usize) -> Result<(), Error> {
        let (from, to) = match kind {
            EventType::Created => (NONE, t.status.as_deref().map_or(NONE, |s| self.statuses.intern(s))),
            EventType::Status => {
                let to = t.to.as_deref().ok_or_else(|| missing_to(i))?;
                (t.from.as_deref().map_or(NONE, |s| self.statuses.intern(s)), self.statuses.intern(to))
            }
            EventType::Note => (NONE, NONE),
        };
        let outcome = match (&t.outcome, &t.text) {
            (Some(o), _) => Outcome::parse(o).ok_or_else(|| bad_outcome(o, i))?,
            (None, Some(text)) => self.classifier.classify(text, None),
            (None, None) => Outcome::Unclassified,
        };
        let actor = t.actor.as_deref().map_or(NONE, |a| self.actors.intern(a));
        self.events.push(Ev { lead, at, kind, actor, from, to, outcome });
        Ok(())
    }

    /// Runs one batch, keeping the log as it was if it fails; counts the
    /// batch's skipped events once it succeeds.
    fn all_or_nothing(
        &mut self,
        options: &PushOptions,
        f: impl FnOnce(&mut EventLog, &mut Skips) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let before = (self.events.len(), self.leads.items.len(), self.actors.items.len(), self.statuses.items.len());
        let mut skips = Skips { skip: options.unknown_types == UnknownTypes::Skip, counts: Vec::new() };
        let result = f(self, &mut skips);
        if result.is_err() {
            self.events.truncate(before.0);
            if let Some(r) = &mut self.replay {
                r.truncate(before.0);
            }
            self.leads.truncate(before.1);
            self.actors.truncate(before.2);
            self.statuses.truncate(before.3);
        } else {
            for (kind, count) in skips.counts {
                self.count_skipped(&kind, count);
            }
        }
        result
    }

    /// Counts `count` skipped events of type `kind`.
    pub(crate) fn count_skipped(&mut self, kind: &str, count: u64) {
        match self.skipped.binary_search_by(|(k, _)| k.as_str().cmp(kind)) {
            Ok(i) => self.skipped[i].1 += count,
            Err(i) => self.skipped.insert(i, (kind.to_owned(), count)),
        }
    }

    /// Adds events given as columns (the npm package builds them from an
    /// array of objects: no JSON for each event). The same events as JSON
    /// give the same log and the same errors.
    ///
    /// ```
    /// use relance_core::{EventColumns, EventLog, PushOptions, Workflow};
    /// let wf = Workflow::preset("relance")?;
    /// let mut log = EventLog::new(&wf);
    /// let columns = EventColumns {
    ///     leads: r#"["L1"]"#,
    ///     strings: r#"["created"]"#,
    ///     fields: &[0, 0, -1, -1, -1, -1, -1, -1, -1],
    ///     ats: &[1_793_000_000_000.0],
    ///     at_texts: "",
    /// };
    /// log.push_columns(&columns, &PushOptions::default())?;
    /// assert_eq!(log.len(), 1);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`push`](Self::push); `invalid_input` for columns that do not fit together.
    pub fn push_columns(&mut self, c: &EventColumns<'_>, options: &PushOptions) -> Result<(), Error> {
        let bad = || Error::input(String::new(), ProblemCode::InvalidColumns, "the event columns do not fit together");
        let leads = crate::json::raw_items(c.leads).ok_or_else(bad)?;
        let strings = crate::json::strings(c.strings).ok_or_else(bad)?;
        let n = c.ats.len();
        if c.fields.len() != n * FIELDS {
            return Err(bad());
        }
        self.all_or_nothing(options, |log, skips| {
            let string = |k: i32| -> Result<Option<&str>, Error> {
                match k {
                    -1 => Ok(None),
                    _ => strings.get(k as usize).map(|s| Some(s.as_str())).ok_or_else(bad),
                }
            };
            // Each distinct lead, type, status, actor and note text is read
            // or interned once per batch, not once per event.
            let mut lead_ids = vec![NONE; leads.len()];
            let mut kinds: Vec<Option<EventType>> = vec![None; strings.len()];
            let mut status_ids = vec![NONE; strings.len()];
            let mut actor_ids = vec![NONE; strings.len()];
            let mut outcomes: Vec<Option<Outcome>> = vec![None; strings.len()];
            let mut at_texts = (!c.at_texts.is_empty()).then(|| c.at_texts.split('\n')).into_iter().flatten();
            let mut next_text = 0;
            log.events.reserve(n);
            for i in 0..n {
                let f = &c.fields[i * FIELDS..(i + 1) * FIELDS];
                // Times given as text come in event order, one per line.
                let at_text = match f[8] {
                    -1 => None,
                    k if k == next_text => {
                        next_text += 1;
                        Some(at_texts.next().ok_or_else(bad)?)
                    }
                    _ => return Err(bad()),
                };
                let kind = match usize::try_from(f[1]).ok().and_then(|k| kinds.get(k).copied().flatten()) {
                    Some(kind) => kind,
                    None => match skips.kind(string(f[1])?, i)? {
                        Some(kind) => {
                            if let Some(slot) = usize::try_from(f[1]).ok().and_then(|k| kinds.get_mut(k)) {
                                *slot = Some(kind);
                            }
                            kind
                        }
                        None => continue,
                    },
                };
                // Interned by position in `strings`, once.
                let intern = |ids: &mut Vec<u32>, d: &mut Dict, k: i32| -> Result<u32, Error> {
                    let Some(s) = string(k)? else { return Ok(NONE) };
                    let slot = &mut ids[k as usize];
                    if *slot == NONE {
                        *slot = d.intern(s);
                    }
                    Ok(*slot)
                };
                let actor = intern(&mut actor_ids, &mut log.actors, f[2])?;
                let (from, to) = match kind {
                    EventType::Created => (NONE, intern(&mut status_ids, &mut log.statuses, f[5])?),
                    EventType::Status => (
                        intern(&mut status_ids, &mut log.statuses, f[3])?,
                        intern(&mut status_ids, &mut log.statuses, f[4])?,
                    ),
                    EventType::Note => (NONE, NONE),
                };
                let lead = match usize::try_from(f[0]) {
                    Err(_) => return Err(missing_lead(i)),
                    Ok(l) if l >= leads.len() => return Err(bad()),
                    Ok(l) => {
                        if lead_ids[l] == NONE {
                            lead_ids[l] = log.lead_of(Some(leads[l]), i)?;
                        }
                        lead_ids[l]
                    }
                };
                let at = match at_text {
                    None => Time::from_epoch_f64(c.ats[i]).ok(),
                    Some(t) => Time::parse(t).ok(),
                };
                let at = at.ok_or_else(|| bad_at(i))?.millis();
                if kind == EventType::Status && to == NONE {
                    return Err(missing_to(i));
                }
                let outcome = match (kind, string(f[6])?) {
                    (EventType::Note, Some(o)) => Outcome::parse(o).ok_or_else(|| bad_outcome(o, i))?,
                    (EventType::Note, None) => match string(f[7])? {
                        None => Outcome::Unclassified,
                        Some(t) => *outcomes[f[7] as usize].get_or_insert_with(|| log.classifier.classify(t, None)),
                    },
                    _ => Outcome::Unclassified,
                };
                log.events.push(Ev { lead, at, kind, actor, from, to, outcome });
            }
            if at_texts.next().is_some() {
                return Err(bad());
            }
            Ok(())
        })
    }

    /// Adds the events of another log of the same workflow definition.
    ///
    /// # Errors
    /// `invalid_input` when the logs were built for different definitions.
    pub fn merge(&mut self, other: &EventLog) -> Result<(), Error> {
        if other.fingerprint != self.fingerprint {
            return Err(Error::input(
                String::new(),
                ProblemCode::OtherWorkflow,
                "these logs were built for different workflow definitions",
            ));
        }
        let map = |from: &Dict, to: &mut Dict| -> Vec<u32> { from.items.iter().map(|s| to.intern(s)).collect() };
        let leads = map(&other.leads, &mut self.leads);
        let actors = map(&other.actors, &mut self.actors);
        let statuses = map(&other.statuses, &mut self.statuses);
        let re = |m: &[u32], i: u32| if i == NONE { NONE } else { m[i as usize] };
        self.events.extend(other.events.iter().map(|e| Ev {
            lead: leads[e.lead as usize],
            actor: re(&actors, e.actor),
            from: re(&statuses, e.from),
            to: re(&statuses, e.to),
            ..*e
        }));
        for (kind, count) in &other.skipped {
            self.count_skipped(kind, *count);
        }
        Ok(())
    }

    /// The lead's id as raw JSON, for warnings.
    pub(crate) fn lead_json(&self, i: u32) -> Box<RawValue> {
        crate::json::raw_value(self.leads.get(i))
    }
}

/// The events of one batch skipped for their type, when unknown types are
/// skipped: (type, count) in first-seen order.
pub(crate) struct Skips {
    skip: bool,
    counts: Vec<(String, u64)>,
}

impl Skips {
    /// The type of event `i`: `Some` for one of the three, `None` for another
    /// type when unknown types are skipped (counted here), else an error.
    pub(crate) fn kind(&mut self, kind: Option<&str>, i: usize) -> Result<Option<EventType>, Error> {
        let path = format!("/{i}/type");
        let Some(kind) = kind else { return Err(Error::input(path, ProblemCode::Missing, "an event needs \"type\"")) };
        match EventType::parse(kind) {
            Some(k) => Ok(Some(k)),
            None if self.skip => {
                match self.counts.iter_mut().find(|(k, _)| k == kind) {
                    Some((_, c)) => *c += 1,
                    None => self.counts.push((kind.to_owned(), 1)),
                }
                Ok(None)
            }
            None => Err(Error::input(
                path,
                ProblemCode::InvalidValue,
                "\"type\" is \"created\", \"status\" or \"note\" (or pass unknownTypes: \"skip\")",
            )),
        }
    }
}

/// A key's text with its escapes decoded.
fn unescape(key: &str) -> Option<String> {
    crate::json::string(&format!("\"{key}\""))
}

fn not_an_object(i: usize) -> Error {
    Error::input(format!("/{i}"), ProblemCode::InvalidType, "an event is an object")
}

fn not_a_string(i: usize, key: &str) -> Error {
    Error::input(format!("/{i}/{key}"), ProblemCode::InvalidType, format!("\"{key}\" must be a string"))
}

fn missing_lead(i: usize) -> Error {
    Error::input(format!("/{i}/lead"), ProblemCode::Missing, "an event needs \"lead\"")
}

/// A lead id as canonical JSON text (see [`canonical_id`]): a string or a number.
fn valid_lead(raw: &str, i: usize) -> Result<String, Error> {
    canonical_id(raw).ok_or_else(|| {
        Error::input(format!("/{i}/lead"), ProblemCode::InvalidType, "\"lead\" is a lead's id: a string or a number")
    })
}

fn bad_at(i: usize) -> Error {
    Error::time(format!("/{i}/at"), "\"at\" must be a time")
}

fn missing_to(i: usize) -> Error {
    Error::input(format!("/{i}/to"), ProblemCode::Missing, "a status event needs \"to\"")
}

fn bad_outcome(o: &str, i: usize) -> Error {
    Error::input(
        format!("/{i}/outcome"),
        ProblemCode::InvalidValue,
        format!("outcome \"{o}\" is not one of positive, negative, partial, unclassified"),
    )
}

/// The problem of text the scanner refuses and serde_json accepts (never:
/// the scanner's tests compare them).
fn invalid_json(_: &str) -> Problem {
    Problem::new("", ProblemCode::InvalidJson, "not valid JSON")
}

fn not_json(text: &str) -> Error {
    match crate::json::check(text) {
        Ok(()) => Error::input("", ProblemCode::InvalidType, "events are a list of objects, or NDJSON"),
        Err(e) => Error::one(ErrorCode::InvalidJson, crate::json::json_problem(e)),
    }
}
