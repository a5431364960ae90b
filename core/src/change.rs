//! The one pipeline every change goes through — `apply`, and the timer
//! moves, creations and notes built on it — in the order of docs/SPEC.md §3: required
//! fields from the input, the source's `onExit`, the rule's effects, `status`
//! and `statusSince`, the target's `onEnter`, then the tag rules, and the
//! net tag changes in the effects.

use serde::Serialize;

use crate::context::Context;
use crate::effect::{tag_changes, EffectOut, Runner};
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::event::{Event, EventKind};
use crate::json::{raw, RawObject};
use crate::lead::Lead;
use crate::tags::Tags;
use crate::value::Time;
use crate::workflow::{Effect, Workflow};

/// The result of a change (`apply`, `create`, `fire`, `addNote`): the lead
/// after it, what the host should carry out, and the event to log.
///
/// ```
/// use relance_core::{Context, Lead, Target, Time, Workflow};
/// let wf = Workflow::preset("remonline")?;
/// let lead = Lead::from_json(r#"{"id": "L1", "status": "new"}"#)?;
/// let change = wf.apply(&lead, &Target::status("in_work"), &Context::at(Time::parse("2026-11-22T09:00:00Z")?))?;
/// assert_eq!(change.lead.status(), "in_work");
/// assert!(change.event.is_some());
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The lead after the change.
    pub lead: Lead,
    /// What the host should carry out, in order: emits, then `tagsAdded` / `tagsRemoved`.
    pub effects: Vec<EffectOut>,
    /// The event to append to the host's log (`null` for a fired alert or tag update).
    pub event: Option<Event>,
}

/// A change in progress: a working copy of the lead and its tags.
pub(crate) struct Pipeline<'a> {
    wf: &'a Workflow,
    ctx: &'a Context,
    pub(crate) lead: Lead,
    before: Tags,
    run: Runner<'a>,
}

impl<'a> Pipeline<'a> {
    /// Starts a change of `lead`, stamping times at `at`.
    pub(crate) fn new(wf: &'a Workflow, lead: &Lead, ctx: &'a Context, at: Time) -> Pipeline<'a> {
        let before = Tags::read(lead);
        let run = Runner { ctx, at, tags: before.clone(), out: Vec::new() };
        Pipeline { wf, ctx, lead: lead.clone(), before, run }
    }

    /// Writes the required fields that the input fills (first non-empty
    /// value) onto the lead.
    pub(crate) fn take_required<'f>(&mut self, fields: impl IntoIterator<Item = &'f String>) {
        for field in fields {
            if let Some(v) = self.ctx.input(field).filter(|v| !crate::json::is_empty(Some(v))) {
                self.lead.set_raw(field, v.to_owned());
            }
        }
    }

    pub(crate) fn run(&mut self, effects: &[Effect]) {
        self.run.run(&mut self.lead, effects);
    }

    pub(crate) fn tags(&mut self) -> &mut Tags {
        &mut self.run.tags
    }

    /// A move: the source's `onExit`, the rule's effects, `status` and
    /// `statusSince` (at the pipeline's time), the target's `onEnter`.
    pub(crate) fn move_to(&mut self, from: Option<usize>, rule_effects: &[Effect], to: usize) {
        let wf = self.wf;
        if let Some(cur) = from {
            self.run(&wf.statuses[cur].on_exit);
        }
        self.run(rule_effects);
        self.enter(to);
        self.run(&wf.statuses[to].on_enter);
    }

    /// Sets the status and `statusSince`. Leaving a status clears the alerts
    /// fired by the timers that do not watch the new one.
    pub(crate) fn enter(&mut self, to: usize) {
        let status = &self.wf.statuses[to];
        if self.lead.status() != status.id {
            self.clear_alerts(to);
        }
        self.lead.set_status(&status.id);
        self.lead.set_raw("statusSince", raw(&self.run.at));
    }

    fn clear_alerts(&mut self, to: usize) {
        let Some(mut fired) = self.lead.get("alertsFired").and_then(|r| RawObject::parse(r).ok().flatten()) else {
            return;
        };
        let status = &self.wf.statuses[to];
        let timers = &self.wf.timers;
        let by_id = crate::index::sorted_positions(timers.iter().map(|t| t.id.as_str()));
        let watches = |k: &str| {
            let i = by_id.binary_search_by(|&p| timers[p as usize].id.as_str().cmp(k)).ok();
            i.is_some_and(|i| timers[by_id[i] as usize].status.matches_from(to, status))
        };
        let before = fired.len();
        fired.retain(watches);
        if fired.len() == before {
            return;
        }
        if fired.is_empty() {
            self.lead.remove("alertsFired");
        } else {
            self.lead.set_raw("alertsFired", fired.to_json());
        }
    }

    /// Ends the change: writes the tags, runs the tag rules, and lists the
    /// emits and the net tag changes.
    pub(crate) fn finish(mut self) -> Result<(Lead, Vec<EffectOut>), Error> {
        self.run.tags.write(&mut self.lead);
        let after = self.wf.run_tag_rules(&mut self.lead, self.ctx, self.run.tags)?;
        let mut effects = self.run.out;
        tag_changes(&self.before, &after, &mut effects);
        Ok((self.lead, effects))
    }
}

impl Workflow {
    /// Starts a lead (docs/SPEC.md §5): the initial status (`input.status` may name
    /// one of several initial statuses, else the first), `createdAt` and
    /// `statusSince` = `now`, the initial status's `onEnter`, the tag rules,
    /// and the `created` event. A lead that already has a status is refused,
    /// so an import never resets a lead.
    ///
    /// ```
    /// use relance_core::{Context, Time, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let ctx = Context::at(Time::parse("2026-11-22T09:00:00Z")?);
    /// let created = wf.create(r#"{"id": "P-1", "partnerOrg": "acme"}"#, &ctx)?;
    /// assert_eq!(created.lead.status(), "pending");
    /// assert_eq!(created.lead.get("expiresAt"), Some(r#""2026-11-29T09:00:00.000Z""#));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_lead` for a value that is not an object or already has a
    /// `status`; `invalid_input` for an `input.status` that is not an initial
    /// status; `invalid_time` without `now`.
    pub fn create(&self, lead: &str, ctx: &Context) -> Result<Change, Error> {
        let now = ctx.require_now()?;
        let fields = RawObject::parse(lead).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?.ok_or_else(|| {
            Error::one(ErrorCode::InvalidLead, Problem::new("", ProblemCode::InvalidType, "a lead must be an object"))
        })?;
        if fields.get("status").is_some_and(|s| s != "null") {
            return Err(Error::one(
                ErrorCode::InvalidLead,
                Problem::new(
                    "/status",
                    ProblemCode::HasStatus,
                    "a new lead has no status yet: create never resets a lead",
                ),
            ));
        }
        let initial = match ctx.input("status").filter(|s| *s != "null") {
            None => self.first_initial(),
            Some(raw) => crate::json::string(raw)
                .and_then(|id| self.status_index(&id))
                .filter(|&i| self.statuses[i].initial)
                .ok_or_else(|| {
                    Error::one(
                        ErrorCode::InvalidInput,
                        Problem::new(
                            "/input/status",
                            ProblemCode::InvalidValue,
                            "\"input.status\" names an initial status",
                        ),
                    )
                })?,
        };
        let mut fields = fields;
        let status = &self.statuses[initial].id;
        fields.set("status", raw(status));
        let lead = Lead::from_fields(fields)?;
        let mut p = Pipeline::new(self, &lead, ctx, now);
        p.lead.set_raw("createdAt", raw(&now));
        p.enter(initial);
        p.run(&self.statuses[initial].on_enter);
        let (next, effects) = p.finish()?;
        let event = Event {
            lead: next.id_raw(),
            at: now,
            kind: EventKind::Created { status: status.clone() },
            actor: ctx.actor().and_then(|a| a.id()).map(str::to_owned),
            timer: None,
        };
        Ok(Change { lead: next, effects, event: Some(event) })
    }

    /// Runs the tag rules in order, each seeing the tags the previous one left
    /// (docs/SPEC.md §5 "Tag rules"). `tags` are the lead's tags as they stand; the
    /// result, as the rules leave them.
    pub(crate) fn run_tag_rules(&self, lead: &mut Lead, ctx: &Context, mut tags: Tags) -> Result<Tags, Error> {
        for rule in &self.tag_rules {
            let holds = match &rule.when {
                Some(c) => self.test(c, lead, ctx)?,
                None => true,
            };
            if holds {
                tags.add(&rule.add);
                tags.remove(&rule.remove);
                tags.write(lead);
            }
        }
        Ok(tags)
    }

    /// Moves `lead` to `to`: the same decision as [`check`](Self::check), then the
    /// change. The argument is not modified; every custom field comes back as it
    /// went in.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Target, Time, Workflow};
    /// let wf = Workflow::preset("remonline")?;
    /// let lead = Lead::from_json(r#"{"id": "L1", "status": "new", "note": {"x": 1}}"#)?;
    /// let ctx = Context::at(Time::parse("2026-11-22T09:00:00Z")?);
    /// let change = wf.apply(&lead, &crate::relance_core::Target::status("in_work"), &ctx)?;
    /// assert_eq!(change.lead.to_json(),
    ///     r#"{"id":"L1","status":"in_work","note":{"x": 1},"statusSince":"2026-11-22T09:00:00.000Z"}"#);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `transition_denied` with the violations; `invalid_input` when `now` is missing.
    pub fn apply(&self, lead: &Lead, to: &crate::Target, ctx: &Context) -> Result<Change, Error> {
        let out = self.decide(lead, to, ctx)?;
        let (Some(target), Some(rule), true) = (out.to, out.rule, out.violations.is_empty()) else {
            return Err(Error::denied(ErrorCode::TransitionDenied, out.violations));
        };
        let now = ctx.require_now()?;
        let rule = &self.rules[rule];
        let mut p = Pipeline::new(self, lead, ctx, now);
        p.take_required(rule.require.iter().chain(&self.statuses[target].require));
        p.move_to(self.status_index(lead.status()), &rule.effects, target);
        let (next, effects) = p.finish()?;
        let event = Event {
            lead: lead.id_raw(),
            at: now,
            kind: EventKind::Status { from: lead.status().to_owned(), to: self.statuses[target].id.clone() },
            actor: ctx.actor().and_then(|a| a.id()).map(str::to_owned),
            timer: None,
        };
        Ok(Change { lead: next, effects, event: Some(event) })
    }
}
