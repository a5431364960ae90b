//! Timers at work (docs/SPEC.md §4): a lead's deadlines, the work that has come due
//! over many leads, and firing one item of it through the change pipeline.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::change::{Change, Pipeline};
use crate::context::Context;
use crate::error::{Error, ErrorCode, ProblemCode};
use crate::event::{Event, EventKind};
use crate::i18n::Lang;
use crate::json::{IdKey, ObjectView, RawObject};
use crate::lead::Lead;
use crate::tags::Tags;
use crate::value::Time;
use crate::workflow::{SlaState, TimerAction, Workflow};

/// One deadline of a lead, as [`Workflow::deadlines`] lists it.
///
/// ```
/// use relance_core::{Context, Lead, Time, Workflow};
/// let wf = Workflow::preset("partner")?;
/// let lead = Lead::from_json(r#"{"id": "P-1", "status": "pending", "expiresAt": "2026-11-29T09:00:00Z"}"#)?;
/// let d = &wf.deadlines(&lead, &Context::at(Time::parse("2026-11-28T09:00:00Z")?))?[0];
/// assert_eq!((d.timer.as_str(), d.remaining_ms), ("expiry", 86_400_000));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// The timer's id.
    pub timer: String,
    /// The timer's label in the requested locale (its id when it has none).
    pub timer_label: String,
    /// When it is due.
    pub due_at: Time,
    /// Its SLA state (`pending` / `breached` for a timer without `metBy`).
    pub state: SlaState,
    /// The state's label in the requested locale: the timer's own `states`,
    /// else the built-in name.
    pub label: String,
    /// Milliseconds left until it is due; negative once overdue.
    pub remaining_ms: i64,
}

/// What kind of work has come due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DueKind {
    /// A timer moves the lead (`then.moveTo`).
    Move,
    /// A timer raises an alert (`then.alert`, `then.addTags`).
    Alert,
    /// The tag rules would now change the lead's tags (a deadline passed).
    Tags,
}

/// One item of work that has come due, for [`Workflow::fire`].
///
/// In JSON: `{"lead": id, "kind": "move" | "alert" | "tags", "timer"?, "to"?,
/// "alert"?, "dueAt"}`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueItem {
    /// The lead's `id`, as given.
    pub lead: Box<RawValue>,
    /// What to do.
    pub kind: DueKind,
    /// The timer's id (moves and alerts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<String>,
    /// The status a move goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The alert's name (alerts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// When it came due: the timer's deadline, or `now` for tags.
    pub due_at: Time,
}

impl DueItem {
    /// Parses an item from JSON text (as [`Workflow::due`] writes it).
    ///
    /// ```
    /// let item = relance_core::DueItem::from_json(
    ///     r#"{"lead": "P-1", "kind": "move", "timer": "expiry", "to": "expired", "dueAt": "2026-11-29T09:00:00Z"}"#)?;
    /// assert_eq!(item.timer.as_deref(), Some("expiry"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` for a malformed item; `invalid_time` for a bad `dueAt`.
    pub fn from_json(text: &str) -> Result<DueItem, Error> {
        let obj = ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?.ok_or_else(|| {
            Error::input("", ProblemCode::InvalidType, "a due item is an object {lead, kind, timer?, to?, dueAt}")
        })?;
        let text_of = |key: &str| -> Result<Option<String>, Error> {
            let text = obj
                .string(key)
                .map_err(|_| Error::input(format!("/{key}"), ProblemCode::InvalidType, "must be a string"))?;
            Ok(text.map(Cow::into_owned))
        };
        let kind = match text_of("kind")?.as_deref() {
            Some("move") => DueKind::Move,
            Some("alert") => DueKind::Alert,
            Some("tags") => DueKind::Tags,
            _ => {
                return Err(Error::input(
                    "/kind",
                    ProblemCode::InvalidValue,
                    "\"kind\" is \"move\", \"alert\" or \"tags\"",
                ))
            }
        };
        let due_at = obj
            .get("dueAt")
            .and_then(Time::from_raw)
            .ok_or_else(|| Error::time("/dueAt", "\"dueAt\" must be a time"))?;
        let lead = crate::json::raw_value(obj.get("lead").unwrap_or("null"));
        Ok(DueItem { lead, kind, timer: text_of("timer")?, to: text_of("to")?, alert: text_of("alert")?, due_at })
    }
}

/// Built-in SLA state names (docs/SPEC.md §2: `en` and `fr`).
fn state_name(s: SlaState, lang: Lang) -> &'static str {
    match (s, lang) {
        (SlaState::Pending, Lang::En) => "Pending",
        (SlaState::Pending, Lang::Fr) => "En attente",
        (SlaState::Met, Lang::En) => "Met",
        (SlaState::Met, Lang::Fr) => "Respecté",
        (SlaState::MetLate, Lang::En) => "Met late",
        (SlaState::MetLate, Lang::Fr) => "Respecté en retard",
        (SlaState::Breached, Lang::En) => "Breached",
        (SlaState::Breached, Lang::Fr) => "Dépassé",
    }
}

impl Workflow {
    /// The lead's deadlines, in timer order: each timer that reports one
    /// (docs/SPEC.md §4), with its SLA state and the time left.
    ///
    /// # Errors
    /// `invalid_time` when the context has no `now`; `limit_exceeded` from a calendar.
    pub fn deadlines(&self, lead: &Lead, ctx: &Context) -> Result<Vec<Deadline>, Error> {
        let now = ctx.require_now()?;
        let loc = self.locales(ctx.locale());
        let mut out = Vec::new();
        for (t, timer) in self.timers.iter().enumerate() {
            if !self.timer_reports(t, lead, ctx)? {
                continue;
            }
            let Some(due_at) = self.deadline(t, lead)? else { continue };
            let state = self.state(t, lead, due_at, now);
            let label = timer.states[state as usize]
                .as_ref()
                .and_then(|l| l.resolve(loc.chain()))
                .unwrap_or_else(|| state_name(state, loc.builtin()));
            out.push(Deadline {
                timer: timer.id.clone(),
                timer_label: loc.text(timer.label.as_ref(), &timer.id).to_owned(),
                due_at,
                state,
                label: label.to_owned(),
                remaining_ms: due_at.millis().saturating_sub(now.millis()),
            });
        }
        Ok(out)
    }

    /// The alert time recorded on the lead for timer `t`, if any.
    fn fired_at(&self, t: usize, lead: &Lead) -> Option<Time> {
        let fired = ObjectView::parse(lead.get("alertsFired")?).ok()??;
        fired.get(&self.timers[t].id).and_then(Time::from_raw)
    }

    /// Timer `t` is due on `lead` at `now`: active, a deadline at or before
    /// `now`, its `metBy` field not set. Returns the deadline.
    fn due_at(&self, t: usize, lead: &Lead, ctx: &Context, now: Time) -> Result<Option<Time>, Error> {
        if self.timers[t].then == TimerAction::Report || !self.timer_active(t, lead, ctx)? {
            return Ok(None);
        }
        let Some(deadline) = self.deadline(t, lead)? else { return Ok(None) };
        let met = self.met(t, lead) != crate::deadline::Met::No;
        Ok((now >= deadline && !met).then_some(deadline))
    }

    /// What has come due at `now` over `leads`: for each lead at most one
    /// `move` (the earliest, then timer order), every `alert` not yet fired for
    /// its deadline, and a `tags` item when the tag rules would now change the
    /// lead's tags. Sorted by `dueAt`, then lead id, then timer order.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Time, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let leads = Lead::list_from_json(r#"[{"id": "P-1", "status": "pending", "expiresAt": "2026-11-29T09:00:00Z"}]"#)?;
    /// let due = wf.due(&leads, &Context::at(Time::parse("2026-11-30T00:00:00Z")?))?;
    /// assert_eq!(due[0].to.as_deref(), Some("expired"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_time` without `now`; an error at `/i` for the lead at index `i`.
    pub fn due(&self, leads: &[Lead], ctx: &Context) -> Result<Vec<DueItem>, Error> {
        let now = ctx.require_now()?;
        let mut items: Vec<(DueItem, usize)> = Vec::new();
        for (i, lead) in leads.iter().enumerate() {
            self.due_of(lead, ctx, now, &mut items).map_err(|e| e.at(&format!("/{i}")))?;
        }
        let order = {
            let ids: Vec<IdKey<'_>> = items.iter().map(|(item, _)| IdKey::of(item.lead.get())).collect();
            crate::index::order(items.len(), &mut |a, b| {
                let ((x, tx), (y, ty)) = (&items[a], &items[b]);
                x.due_at.cmp(&y.due_at).then_with(|| ids[a].cmp(&ids[b])).then(tx.cmp(ty))
            })
        };
        crate::index::permute(&mut items, &order);
        Ok(items.into_iter().map(|(item, _)| item).collect())
    }

    /// The items of one lead, each with its timer's position (tags last).
    fn due_of(&self, lead: &Lead, ctx: &Context, now: Time, out: &mut Vec<(DueItem, usize)>) -> Result<(), Error> {
        let item = |kind, timer: Option<usize>, to: Option<&str>, alert: Option<&str>, due_at| DueItem {
            lead: lead.id_raw(),
            kind,
            timer: timer.map(|t| self.timers[t].id.clone()),
            to: to.map(str::to_owned),
            alert: alert.map(str::to_owned),
            due_at,
        };
        let mut first_move: Option<(usize, Time)> = None;
        for t in 0..self.timers.len() {
            let Some(due_at) = self.due_at(t, lead, ctx, now)? else { continue };
            match &self.timers[t].then {
                TimerAction::Move(_) if first_move.is_none_or(|(_, at)| due_at < at) => first_move = Some((t, due_at)),
                TimerAction::Alert { name, .. } if self.fired_at(t, lead) != Some(due_at) => {
                    out.push((item(DueKind::Alert, Some(t), None, Some(name), due_at), t));
                }
                _ => {}
            }
        }
        if let Some((t, due_at)) = first_move {
            if let TimerAction::Move(to) = self.timers[t].then {
                out.push((item(DueKind::Move, Some(t), Some(&self.statuses[to].id), None, due_at), t));
            }
        }
        if self.tag_rules.is_empty() {
            return Ok(()); // nothing to copy or read for a lead
        }
        let before = Tags::read(lead);
        if self.run_tag_rules(&mut lead.clone(), ctx, before.clone())? != before {
            out.push((item(DueKind::Tags, None, None, None, now), usize::MAX));
        }
        Ok(())
    }

    /// Carries out one item of [`due`](Self::due): a `move` is a system move
    /// (no rule, role, condition, required field or reservation is checked;
    /// `onExit`, `onEnter` and the tag rules run; times are the item's
    /// `dueAt`); an `alert` adds its tags and records
    /// `alertsFired[timer] = dueAt`; `tags` runs the tag rules. An item that
    /// no longer applies is refused, so a scheduler may retry safely.
    ///
    /// ```
    /// use relance_core::{Context, DueItem, Lead, Time, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let lead = Lead::from_json(r#"{"id": "P-1", "status": "pending", "expiresAt": "2026-11-29T09:00:00Z"}"#)?;
    /// let ctx = Context::at(Time::parse("2026-11-30T00:00:00Z")?);
    /// let item = wf.due(&[lead.clone()], &ctx)?.remove(0);
    /// let change = wf.fire(&lead, &item, &ctx)?;
    /// assert_eq!(change.lead.status(), "expired");
    /// assert!(wf.fire(&change.lead, &item, &ctx).is_err(), "never applied twice");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_input` for an item that does not apply to this lead (another
    /// lead, an unknown timer, a timer no longer active, a deadline that moved,
    /// an alert already fired, not yet due); `invalid_time` without `now`.
    pub fn fire(&self, lead: &Lead, item: &DueItem, ctx: &Context) -> Result<Change, Error> {
        let now = ctx.require_now()?;
        if crate::json::canonical_id(item.lead.get()) != crate::json::canonical_id(lead.id_raw().get()) {
            return Err(Error::input("/lead", ProblemCode::InvalidValue, "this item is for another lead"));
        }
        if item.kind == DueKind::Tags {
            let (next, effects) = Pipeline::new(self, lead, ctx, now).finish()?;
            return Ok(Change { lead: next, effects, event: None });
        }
        let timer = item
            .timer
            .as_deref()
            .ok_or_else(|| Error::input("/timer", ProblemCode::InvalidValue, "a move or an alert names its timer"))?;
        let t = self
            .timers
            .iter()
            .position(|x| x.id == timer)
            .ok_or_else(|| Error::input("/timer", ProblemCode::InvalidValue, format!("no timer \"{timer}\"")))?;
        if self.deadline(t, lead)? != Some(item.due_at) {
            return Err(Error::input(
                "/dueAt",
                ProblemCode::InvalidValue,
                "the timer's deadline is no longer this item's dueAt",
            ));
        }
        if !self.timer_active(t, lead, ctx)? {
            return Err(Error::input(
                "/timer",
                ProblemCode::InvalidValue,
                format!("timer \"{timer}\" is no longer active on this lead"),
            ));
        }
        if self.met(t, lead) != crate::deadline::Met::No {
            return Err(Error::input("/timer", ProblemCode::InvalidValue, format!("timer \"{timer}\" was met")));
        }
        if now < item.due_at {
            return Err(Error::input("/dueAt", ProblemCode::InvalidValue, "this item is not due yet"));
        }
        let mut p = Pipeline::new(self, lead, ctx, item.due_at);
        let event = match (&self.timers[t].then, item.kind) {
            (TimerAction::Move(to), DueKind::Move) => {
                if item.to.as_deref().is_some_and(|x| x != self.statuses[*to].id) {
                    return Err(Error::input(
                        "/to",
                        ProblemCode::InvalidValue,
                        format!("timer \"{timer}\" moves to \"{}\"", self.statuses[*to].id),
                    ));
                }
                p.move_to(self.status_index(lead.status()), &[], *to);
                Some(Event {
                    lead: lead.id_raw(),
                    at: item.due_at,
                    kind: EventKind::Status { from: lead.status().to_owned(), to: self.statuses[*to].id.clone() },
                    actor: None,
                    timer: Some(timer.to_owned()),
                })
            }
            (TimerAction::Alert { add_tags, .. }, DueKind::Alert) => {
                if self.fired_at(t, lead) == Some(item.due_at) {
                    return Err(Error::input(
                        "/timer",
                        ProblemCode::InvalidValue,
                        format!("alert \"{timer}\" already fired for this deadline"),
                    ));
                }
                p.tags().add(add_tags);
                let mut fired =
                    lead.get("alertsFired").and_then(|r| RawObject::parse(r).ok().flatten()).unwrap_or_default();
                fired.set(timer, crate::json::raw(&item.due_at));
                p.lead.set_raw("alertsFired", fired.to_json());
                None
            }
            _ => {
                return Err(Error::input(
                    "/kind",
                    ProblemCode::InvalidValue,
                    format!(
                        "timer \"{timer}\" does not {}",
                        if item.kind == DueKind::Move { "move leads" } else { "raise an alert" }
                    ),
                ))
            }
        };
        let (next, effects) = p.finish()?;
        Ok(Change { lead: next, effects, event })
    }
}
