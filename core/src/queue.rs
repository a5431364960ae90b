//! The operator work queue (seed 002, docs/SPEC.md §5 "Queue"): which leads an actor
//! should work next, in what order, and search by name, email or phone.

use std::borrow::Cow;

use std::cmp::Ordering;

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, ProblemCode};
use crate::json::{IdKey, ObjectView};
use crate::lead::Lead;
use crate::note::FlowState;
use crate::text::fold;
use crate::value::Time;
use crate::workflow::{QueueDef, Workflow};

/// What a queue call asks for besides its context: `{search?, flow?, limit?}`,
/// read from the same object as the context (`{...ctx, search: "ada"}`).
///
/// ```
/// let o = relance_core::QueueOptions::from_json(r#"{"now": 0, "search": "06 12", "limit": 20}"#)?;
/// assert_eq!((o.search.as_deref(), o.limit), (Some("06 12"), Some(20)));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueOptions {
    /// A phone number, or words found in the name or email.
    pub search: Option<String>,
    /// The flow states to list (default: `none` and `inProgress`).
    pub flow: Option<Vec<FlowState>>,
    /// At most this many items.
    pub limit: Option<usize>,
}

impl QueueOptions {
    /// Reads the options from a context's JSON text (other keys are the context's).
    ///
    /// # Errors
    /// `invalid_input` for a `search` that is not a string, a `flow` that is not
    /// a list of flow states, a `limit` that is not a whole number.
    pub fn from_json(text: &str) -> Result<QueueOptions, Error> {
        let Ok(Some(obj)) = ObjectView::parse(text) else { return Ok(QueueOptions::default()) };
        let search = obj
            .string("search")
            .map_err(|_| Error::input("/search", ProblemCode::InvalidType, "\"search\" must be a string"))?
            .map(Cow::into_owned);
        let flow = match obj.get("flow") {
            None | Some("null") => None,
            Some(raw) => {
                let bad = || {
                    Error::input(
                        "/flow",
                        ProblemCode::InvalidValue,
                        "\"flow\" lists flow states: none, inProgress, completed",
                    )
                };
                let names = crate::json::strings(raw).ok_or_else(bad)?;
                let states = names.iter().map(|n| match n.as_str() {
                    "none" => Ok(FlowState::None),
                    "inProgress" => Ok(FlowState::InProgress),
                    "completed" => Ok(FlowState::Completed),
                    _ => Err(bad()),
                });
                Some(states.collect::<Result<Vec<_>, _>>()?)
            }
        };
        let limit = match obj.get("limit") {
            None | Some("null") => None,
            Some(raw) => Some(
                raw.trim()
                    .parse::<usize>()
                    .map_err(|_| Error::input("/limit", ProblemCode::InvalidValue, "\"limit\" is a whole number"))?,
            ),
        };
        Ok(QueueOptions { search, flow, limit })
    }
}

/// Why a lead is in the queue where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum QueueReason {
    /// No note was ever recorded (first in the queue).
    NeverContacted,
    /// Its deadline has passed.
    Overdue,
    /// Its deadline is ahead.
    DueSoon,
    /// It has no deadline.
    Waiting,
}

/// One lead of the queue.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem<'a> {
    /// The lead, exactly as given (borrowed from the input).
    pub lead: &'a Lead,
    /// Its position in the input (not serialized: see [`QueuePosition`]).
    #[serde(skip)]
    pub index: usize,
    /// Why it is where it is.
    pub reason: QueueReason,
    /// Its deadline: the earliest of its active, unmet timers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_at: Option<Time>,
}

/// One lead of the queue by its position in the input: what a binding that
/// holds the input's own objects answers with (no copy of each lead).
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePosition {
    /// The lead's position in the input.
    pub index: usize,
    /// Why it is where it is.
    pub reason: QueueReason,
    /// Its deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_at: Option<Time>,
}

impl QueueItem<'_> {
    /// The item by position.
    pub fn position(&self) -> QueuePosition {
        QueuePosition { index: self.index, reason: self.reason, due_at: self.due_at }
    }
}

/// A search, prepared once.
enum Search {
    /// The national digits of a phone number.
    Phone(String),
    /// Folded words, each to be found in a text field.
    Words(Vec<String>),
    /// A query that can match no lead.
    Nothing,
}

impl Search {
    fn new(query: &str, country: &str) -> Option<Search> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        let phone_chars = query.chars().all(|c| c.is_ascii_digit() || " +-.()/".contains(c));
        if phone_chars && query.chars().filter(char::is_ascii_digit).count() >= 4 {
            // A bare country prefix ("0039") leaves no national digit: it
            // matches no number rather than every one.
            let digits = national(query, country);
            return Some(if digits.is_empty() { Search::Nothing } else { Search::Phone(digits) });
        }
        Some(Search::Words(fold(query).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()))
    }

    fn matches(&self, lead: &Lead, q: &QueueDef) -> bool {
        let texts = |fields: &[String]| -> Vec<String> {
            fields.iter().filter_map(|f| lead.get(f)).filter_map(crate::json::string).collect()
        };
        match self {
            Search::Phone(digits) => {
                texts(&q.search_phone).iter().any(|p| national(p, &q.country_code).contains(digits.as_str()))
            }
            Search::Words(words) => {
                let fields: Vec<String> = texts(&q.search_text).iter().map(|t| fold(t)).collect();
                words.iter().all(|w| fields.iter().any(|f| f.contains(w.as_str())))
            }
            Search::Nothing => false,
        }
    }
}

/// The digits of a phone number without its country calling code, however
/// written: `+33 6 12…`, `0033 6 12…` and `06 12…` all read `612…`.
fn national(phone: &str, country: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let plus = phone.trim_start().starts_with('+');
    if plus {
        if let Some(rest) = digits.strip_prefix(country) {
            return rest.trim_start_matches('0').to_owned();
        }
        return digits;
    }
    if let Some(rest) = digits.strip_prefix("00").and_then(|d| d.strip_prefix(country)) {
        return rest.trim_start_matches('0').to_owned();
    }
    digits.strip_prefix('0').unwrap_or(&digits).to_owned()
}

/// The order of the queue: never contacted first; then by deadline (the most
/// overdue first, then the nearest; none last); then the oldest `createdAt`
/// (missing last); then lead id; then position in the input.
struct Key {
    contacted: bool,
    deadline: Option<Time>,
    created: Option<Time>,
    index: usize,
}

fn later_none<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

impl Workflow {
    /// The earliest deadline among the lead's active, unmet timers.
    pub(crate) fn next_deadline(&self, lead: &Lead, ctx: &Context) -> Result<Option<Time>, Error> {
        let mut best: Option<Time> = None;
        for t in 0..self.timers.len() {
            if self.met(t, lead) != crate::deadline::Met::No || !self.timer_active(t, lead, ctx)? {
                continue;
            }
            if let Some(d) = self.deadline(t, lead)? {
                best = Some(best.map_or(d, |b| b.min(d)));
            }
        }
        Ok(best)
    }

    /// The leads an actor should work next, in work order (docs/SPEC.md §5 "Queue").
    /// Left out: leads reserved by someone else, leads failing `queue.when`,
    /// leads whose flow state `flow` does not list (by default completed ones),
    /// and leads the search does not find. With `limit`, the first N are
    /// selected without sorting the rest.
    ///
    /// ```
    /// use relance_core::{Context, Lead, QueueOptions, Workflow};
    /// let wf = Workflow::preset("leadflow")?;
    /// let leads = Lead::list_from_json(r#"[
    ///   {"id": "A", "status": "working", "notesCount": 2, "lists": ["newsletter"]},
    ///   {"id": "B", "status": "new", "lists": ["promo"]}]"#)?;
    /// let ctx = Context::at(relance_core::Time::parse("2026-11-22T09:00:00Z")?);
    /// let q = wf.queue(&leads, &ctx, &QueueOptions::default())?;
    /// assert_eq!(q.iter().map(|i| i.lead.get("id").unwrap()).collect::<Vec<_>>(), [r#""B""#, r#""A""#]);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_time` without `now`; an error at `/i` for the lead at index `i`.
    pub fn queue<'a>(
        &self,
        leads: &'a [Lead],
        ctx: &Context,
        options: &QueueOptions,
    ) -> Result<Vec<QueueItem<'a>>, Error> {
        let now = ctx.require_now()?;
        let search = options.search.as_deref().and_then(|s| Search::new(s, &self.queue.country_code));
        let flows = options.flow.as_deref().unwrap_or(&[FlowState::None, FlowState::InProgress]);
        let actor = ctx.actor().and_then(|a| a.id());
        let mut keyed: Vec<Key> = Vec::new();
        for (index, lead) in leads.iter().enumerate() {
            let keep = (|| {
                if lead.reserved_by().is_some_and(|h| Some(h.as_str()) != actor)
                    || !flows.contains(&self.flow_state(lead))
                {
                    return Ok(None);
                }
                if let Some(when) = &self.queue.when {
                    if !self.test(when, lead, ctx)? {
                        return Ok(None);
                    }
                }
                if search.as_ref().is_some_and(|s| !s.matches(lead, &self.queue)) {
                    return Ok(None);
                }
                let created = lead.get("createdAt").and_then(Time::from_raw);
                let contacted = Workflow::notes_count(lead).unwrap_or(1) > 0;
                Ok(Some(Key { contacted, deadline: self.next_deadline(lead, ctx)?, created, index }))
            })()
            .map_err(|e: Error| e.at(&format!("/{index}")))?;
            keyed.extend(keep);
        }
        let ids: Vec<IdKey<'_>> = keyed.iter().map(|k| IdKey::of(leads[k.index].get("id").unwrap_or("null"))).collect();
        let limit = options.limit.unwrap_or(keyed.len());
        let picked = crate::index::first(keyed.len(), limit, &mut |i, j| {
            let (a, b) = (&keyed[i], &keyed[j]);
            a.contacted
                .cmp(&b.contacted)
                .then_with(|| later_none(&a.deadline, &b.deadline))
                .then_with(|| later_none(&a.created, &b.created))
                .then_with(|| ids[i].cmp(&ids[j]))
                .then(a.index.cmp(&b.index))
        });
        Ok(picked
            .into_iter()
            .map(|p| {
                let k = &keyed[p as usize];
                let reason = match (k.contacted, k.deadline) {
                    (false, _) => QueueReason::NeverContacted,
                    (true, Some(d)) if now >= d => QueueReason::Overdue,
                    (true, Some(_)) => QueueReason::DueSoon,
                    (true, None) => QueueReason::Waiting,
                };
                QueueItem { lead: &leads[k.index], index: k.index, reason, due_at: k.deadline }
            })
            .collect())
    }
}
