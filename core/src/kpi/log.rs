//! The event log: events as compact records, strings interned once, from
//! any input path (a JSON list, NDJSON, or columns built by the package);
//! mergeable, and movable as bytes.

use serde_json::value::RawValue;

use crate::classify::{Classifier, Outcome};
use crate::error::{Error, ErrorCode, Problem};
use crate::lead::{canonical_id, ObjectView};
use crate::value::Time;
use crate::workflow::Workflow;

/// What an event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Created = 0,
    Status = 1,
    Note = 2,
}

/// "No value" in a string column.
pub(crate) const NONE: u32 = u32::MAX;

/// One event, its strings as indexes into the log's dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ev {
    pub(crate) lead: u32,
    pub(crate) at: i64,
    pub(crate) kind: Kind,
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
    /// String → position. (The map type the JSON reader already links: a
    /// map of its own would add kilobytes of wasm.)
    index: serde_json::Map<String, serde_json::Value>,
}

impl Dict {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s).and_then(serde_json::Value::as_u64) {
            return i as u32;
        }
        let i = self.items.len() as u32;
        self.items.push(s.to_owned());
        self.index.insert(s.to_owned(), i.into());
        i
    }

    pub(crate) fn get(&self, i: u32) -> &str {
        self.items.get(i as usize).map_or("", String::as_str)
    }

    /// Each position's rank in the order of the texts: what orders events,
    /// whatever order the strings were first seen in.
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut rank = vec![0u32; self.items.len()];
        for (r, &p) in crate::index::sorted_positions(self.items.iter().map(String::as_str)).iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        rank
    }
}

/// An accumulator of events for KPI reports (SPEC §6): push batches in any
/// order, merge logs built elsewhere, report for any options. Two logs of one
/// workflow definition merge into exactly the report of one pass.
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
    /// Lead ids, as JSON text.
    pub(crate) leads: Dict,
    pub(crate) actors: Dict,
    /// Status ids, as given (known or not).
    pub(crate) statuses: Dict,
    pub(crate) events: Vec<Ev>,
}

fn invalid(path: String, code: &'static str, message: impl Into<String>) -> Error {
    Error::one(ErrorCode::InvalidInput, Problem::new(path, code, message))
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
    /// status, outcome, text (into `strings`); and `at` (into `at_texts`, or
    /// -1 when the time is in `ats`).
    pub fields: &'a [i32],
    /// Per event, the time in epoch milliseconds when it was given as a
    /// number or a `Date`.
    pub ats: &'a [f64],
    /// The times given as text, one per line.
    pub at_texts: &'a str,
}

/// The number of fields per event in [`EventColumns::fields`].
const FIELDS: usize = 9;

/// The fields of one event, borrowed from its source.
pub(crate) struct RawEvent<'a> {
    pub(crate) lead: Option<&'a str>,
    pub(crate) at: Result<Time, Error>,
    pub(crate) kind: &'a str,
    pub(crate) actor: Option<std::borrow::Cow<'a, str>>,
    pub(crate) from: Option<std::borrow::Cow<'a, str>>,
    pub(crate) to: Option<std::borrow::Cow<'a, str>>,
    pub(crate) status: Option<std::borrow::Cow<'a, str>>,
    pub(crate) outcome: Option<std::borrow::Cow<'a, str>>,
    pub(crate) text: Option<std::borrow::Cow<'a, str>>,
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
        }
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
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` or `invalid_time` with the event's path.
    pub fn push(&mut self, text: &str) -> Result<(), Error> {
        self.all_or_nothing(|log| {
            let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
            if t.starts_with('[') {
                let items = crate::json::raw_items(t).ok_or_else(|| not_json(t))?;
                for (i, raw) in items.into_iter().enumerate() {
                    log.push_one(raw, i)?;
                }
            } else {
                for (i, line) in t.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                    log.push_one(line, i)?;
                }
            }
            Ok(())
        })
    }

    /// Runs `f`, keeping the log as it was if it fails.
    pub(crate) fn all_or_nothing(&mut self, f: impl FnOnce(&mut EventLog) -> Result<(), Error>) -> Result<(), Error> {
        let before = (self.events.len(), self.leads.items.len(), self.actors.items.len(), self.statuses.items.len());
        let result = f(self);
        if result.is_err() {
            self.events.truncate(before.0);
            truncate_dict(&mut self.leads, before.1);
            truncate_dict(&mut self.actors, before.2);
            truncate_dict(&mut self.statuses, before.3);
        }
        result
    }

    fn push_one(&mut self, raw: &str, i: usize) -> Result<(), Error> {
        let obj = match ObjectView::parse(raw) {
            Ok(Some(o)) => o,
            Ok(None) => return Err(invalid(format!("/{i}"), "invalid_type", "an event is an object")),
            Err(p) => return Err(Error::one(ErrorCode::InvalidJson, p).at(&format!("/{i}"))),
        };
        let text = |key: &str| {
            obj.string(key)
                .map_err(|_| invalid(format!("/{i}/{key}"), "invalid_type", format!("\"{key}\" must be a string")))
        };
        let lead = obj.get("lead").filter(|l| *l != "null");
        let at = match obj.get("at") {
            None => Err(Error::one(ErrorCode::InvalidTime, Problem::new("/at", "missing", "an event needs \"at\""))),
            Some(raw) => Time::from_raw(raw).ok_or_else(|| {
                Error::one(ErrorCode::InvalidTime, Problem::new("/at", "invalid_time", "\"at\" must be a time"))
            }),
        };
        let kind = text("type")?.unwrap_or_default();
        let ev = RawEvent {
            lead,
            at,
            kind: &kind,
            actor: text("actor")?,
            from: text("from")?,
            to: text("to")?,
            status: text("status")?,
            outcome: text("outcome")?,
            text: text("text")?,
        };
        self.push_event(ev, i)
    }

    /// Adds one event; `i` is its index in the batch, for errors. The
    /// classifier reads notes without an outcome (every locale's lists).
    pub(crate) fn push_event(&mut self, e: RawEvent<'_>, i: usize) -> Result<(), Error> {
        let lead = valid_lead(e.lead.ok_or_else(|| missing_lead(i))?, i)?;
        let at = e.at.map_err(|err| err.at(&format!("/{i}")))?;
        let kind = kind_of(e.kind, i)?;
        let opt = |d: &mut Dict, s: &Option<std::borrow::Cow<'_, str>>| s.as_deref().map_or(NONE, |s| d.intern(s));
        let (from, to) = match kind {
            Kind::Created => (NONE, opt(&mut self.statuses, &e.status)),
            Kind::Status => {
                let to = e.to.as_deref().ok_or_else(|| missing_to(i))?;
                (opt(&mut self.statuses, &e.from), self.statuses.intern(to))
            }
            Kind::Note => (NONE, NONE),
        };
        let outcome = match (&e.outcome, kind) {
            (Some(o), Kind::Note) => Outcome::parse(o).ok_or_else(|| bad_outcome(o, i))?,
            (None, Kind::Note) => {
                e.text.as_deref().map_or(Outcome::Unclassified, |t| self.classifier.classify(t, None))
            }
            _ => Outcome::Unclassified,
        };
        let ev = Ev {
            lead: self.leads.intern(&lead),
            at: at.millis(),
            kind,
            actor: opt(&mut self.actors, &e.actor),
            from,
            to,
            outcome,
        };
        self.events.push(ev);
        Ok(())
    }

    /// Adds events given as columns (the npm package builds them from an
    /// array of objects: no JSON for each event). The same events as JSON
    /// give the same log and the same errors.
    ///
    /// ```
    /// use relance_core::{EventColumns, EventLog, Workflow};
    /// let wf = Workflow::preset("relance")?;
    /// let mut log = EventLog::new(&wf);
    /// log.push_columns(&EventColumns {
    ///     leads: r#"["L1"]"#,
    ///     strings: r#"["created"]"#,
    ///     fields: &[0, 0, -1, -1, -1, -1, -1, -1, -1],
    ///     ats: &[1_793_000_000_000.0],
    ///     at_texts: "",
    /// })?;
    /// assert_eq!(log.len(), 1);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`push`](Self::push); `invalid_input` for columns that do not fit together.
    pub fn push_columns(&mut self, c: &EventColumns<'_>) -> Result<(), Error> {
        let bad = || invalid(String::new(), "invalid_columns", "the event columns do not fit together");
        let leads = crate::json::raw_items(c.leads).ok_or_else(bad)?;
        let strings = crate::json::strings(c.strings).ok_or_else(bad)?;
        let at_texts: Vec<&str> = if c.at_texts.is_empty() { Vec::new() } else { c.at_texts.split('\n').collect() };
        let n = c.ats.len();
        if c.fields.len() != n * FIELDS {
            return Err(bad());
        }
        self.all_or_nothing(|log| {
            let string = |i: i32| -> Result<Option<&str>, Error> {
                match i {
                    -1 => Ok(None),
                    _ => strings.get(i as usize).map(|s| Some(s.as_str())).ok_or_else(bad),
                }
            };
            // Each distinct lead, status, actor and note text is interned or
            // read once per batch, not once per event.
            let mut lead_ids = vec![NONE; leads.len()];
            let mut status_ids = vec![NONE; strings.len()];
            let mut actor_ids = vec![NONE; strings.len()];
            let mut classified: Vec<Option<Outcome>> = vec![None; strings.len()];
            let mut kinds: Vec<Option<Kind>> = vec![None; strings.len()];
            log.events.reserve(n);
            for i in 0..n {
                let f = &c.fields[i * FIELDS..(i + 1) * FIELDS];
                let lead = match usize::try_from(f[0]) {
                    Err(_) => return Err(missing_lead(i)),
                    Ok(l) if l >= leads.len() => return Err(bad()),
                    Ok(l) => {
                        if lead_ids[l] == NONE {
                            lead_ids[l] = log.leads.intern(&valid_lead(leads[l], i)?);
                        }
                        lead_ids[l]
                    }
                };
                let at = match f[8] {
                    -1 => Time::from_epoch_f64(c.ats[i]).ok(),
                    k => Time::parse(at_texts.get(k as usize).ok_or_else(bad)?).ok(),
                };
                let at = at.ok_or_else(|| bad_at(i))?.millis();
                let kind = match usize::try_from(f[1]).ok().and_then(|k| kinds.get(k).copied().flatten()) {
                    Some(kind) => kind,
                    None => {
                        let kind = kind_of(string(f[1])?.unwrap_or_default(), i)?;
                        if let Some(slot) = usize::try_from(f[1]).ok().and_then(|k| kinds.get_mut(k)) {
                            *slot = Some(kind);
                        }
                        kind
                    }
                };
                let intern = |ids: &mut Vec<u32>, d: &mut Dict, k: i32| -> Result<u32, Error> {
                    let Some(s) = string(k)? else { return Ok(NONE) };
                    let k = k as usize;
                    if ids[k] == NONE {
                        ids[k] = d.intern(s);
                    }
                    Ok(ids[k])
                };
                let (from, to) = match kind {
                    Kind::Created => (NONE, intern(&mut status_ids, &mut log.statuses, f[5])?),
                    Kind::Status if f[4] == -1 => return Err(missing_to(i)),
                    Kind::Status => {
                        let from = intern(&mut status_ids, &mut log.statuses, f[3])?;
                        (from, intern(&mut status_ids, &mut log.statuses, f[4])?)
                    }
                    Kind::Note => (NONE, NONE),
                };
                let outcome = match (string(f[6])?, kind) {
                    (Some(o), Kind::Note) => Outcome::parse(o).ok_or_else(|| bad_outcome(o, i))?,
                    (None, Kind::Note) => match string(f[7])? {
                        None => Outcome::Unclassified,
                        Some(t) => *classified[f[7] as usize].get_or_insert_with(|| log.classifier.classify(t, None)),
                    },
                    _ => Outcome::Unclassified,
                };
                let actor = intern(&mut actor_ids, &mut log.actors, f[2])?;
                log.events.push(Ev { lead, at, kind, actor, from, to, outcome });
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
            return Err(invalid(
                String::new(),
                "other_workflow",
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
        Ok(())
    }

    /// The status id of a dictionary index, or `None`.
    pub(crate) fn status(&self, i: u32) -> Option<&str> {
        (i != NONE).then(|| self.statuses.get(i))
    }

    /// The lead's id as raw JSON, for warnings.
    pub(crate) fn lead_json(&self, i: u32) -> Box<RawValue> {
        crate::json::raw_value(self.leads.get(i))
    }
}

/// Forgets the strings past `len` (rebuilding the index: removing from it
/// would link a map's removal code, kilobytes of wasm, for this rare path).
fn truncate_dict(d: &mut Dict, len: usize) {
    if d.items.len() > len {
        d.items.truncate(len);
        d.index = serde_json::Map::new();
        for (i, s) in d.items.iter().enumerate() {
            d.index.insert(s.clone(), i.into());
        }
    }
}

fn missing_lead(i: usize) -> Error {
    invalid(format!("/{i}/lead"), "missing", "an event needs \"lead\"")
}

/// A lead id as canonical JSON text (see [`canonical_id`]): a string or a number.
fn valid_lead(raw: &str, i: usize) -> Result<String, Error> {
    canonical_id(raw)
        .ok_or_else(|| invalid(format!("/{i}/lead"), "invalid_type", "\"lead\" is a lead's id: a string or a number"))
}

fn bad_at(i: usize) -> Error {
    Error::one(ErrorCode::InvalidTime, Problem::new(format!("/{i}/at"), "invalid_time", "\"at\" must be a time"))
}

fn kind_of(kind: &str, i: usize) -> Result<Kind, Error> {
    match kind {
        "created" => Ok(Kind::Created),
        "status" => Ok(Kind::Status),
        "note" => Ok(Kind::Note),
        _ => Err(invalid(format!("/{i}/type"), "invalid_value", "\"type\" is \"created\", \"status\" or \"note\"")),
    }
}

fn missing_to(i: usize) -> Error {
    invalid(format!("/{i}/to"), "missing", "a status event needs \"to\"")
}

fn bad_outcome(o: &str, i: usize) -> Error {
    invalid(
        format!("/{i}/outcome"),
        "invalid_value",
        format!("outcome \"{o}\" is not one of positive, negative, partial, unclassified"),
    )
}

fn not_json(text: &str) -> Error {
    match crate::json::parse(text) {
        Ok(_) => invalid(String::new(), "invalid_type", "events are a list of objects, or NDJSON"),
        Err(e) => Error::one(ErrorCode::InvalidJson, crate::lead::json_problem(e)),
    }
}
