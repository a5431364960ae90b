//! Timers as conditions and reports see them (docs/SPEC.md §4): whether a timer is
//! active, its deadline, its SLA state, and the scope every condition is
//! evaluated in. Timers hold no state: everything is computed from the lead
//! and `now`, so asking twice gives the same answer.

use crate::context::Context;
use crate::error::Error;
use crate::expr::{Condition, Known, Scope, Truth};
use crate::lead::Lead;
use crate::value::{parse_date, Time};
use crate::workflow::{SlaState, TimerDef, Workflow};

/// What the `metBy` field of a timer says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Met {
    /// Empty (docs/SPEC.md §3 emptiness): not met.
    No,
    /// Met at that time.
    At(Time),
    /// Set to a value that is not a time: met, at an unknown time (counted on time).
    Yes,
}

impl Workflow {
    /// Whether `c` is exactly `true` for `lead` in `ctx`, `sla("id")` reading
    /// the lead's timers.
    pub(crate) fn test(&self, c: &Condition, lead: &Lead, ctx: &Context) -> Result<bool, Error> {
        let sla = |t: usize| self.sla(t, lead, ctx).map(|s| s.map(SlaState::as_str));
        c.test(&Scope { lead, ctx, sla: &sla, known: Known::ALL })
    }

    /// The value of `c` for `lead` in `ctx`, as far as `known` goes (a replay).
    pub(crate) fn truth(&self, c: &Condition, lead: &Lead, ctx: &Context, known: Known) -> Result<Truth, Error> {
        let sla = |t: usize| self.sla(t, lead, ctx).map(|s| s.map(SlaState::as_str));
        c.truth(&Scope { lead, ctx, sla: &sla, known })
    }

    /// Whether the lead's status is one timer `t` watches.
    pub(crate) fn watches(&self, t: &TimerDef, lead: &Lead) -> bool {
        self.status_index(lead.status()).is_some_and(|i| t.status.matches_from(i, &self.statuses[i]))
    }

    fn holds(&self, t: &TimerDef, lead: &Lead, ctx: &Context) -> Result<bool, Error> {
        match &t.when {
            Some(c) => self.test(c, lead, ctx),
            None => Ok(true),
        }
    }

    /// Whether timer `t` is active: the lead's status matches its `status`
    /// and its `when` holds.
    pub(crate) fn timer_active(&self, t: usize, lead: &Lead, ctx: &Context) -> Result<bool, Error> {
        let timer = &self.timers[t];
        Ok(self.watches(timer, lead) && self.holds(timer, lead, ctx)?)
    }

    /// Whether timer `t` reports a deadline for the lead: while active; and a
    /// timer with `metBy` counted from a field other than `statusSince` in
    /// every status, terminal ones included, while its `when` holds.
    pub(crate) fn timer_reports(&self, t: usize, lead: &Lead, ctx: &Context) -> Result<bool, Error> {
        let timer = &self.timers[t];
        let everywhere = timer.met_by.is_some() && timer.since.as_deref().is_some_and(|s| s != "statusSince");
        Ok((everywhere || self.watches(timer, lead)) && self.holds(timer, lead, ctx)?)
    }

    /// The deadline of timer `t`: the lead's `deadlineField` when it holds a
    /// time (a date alone is the end of that day in the workflow's zone), else
    /// `since` plus `after` (in open time on the timer's calendar); `None`
    /// without either.
    ///
    /// # Errors
    /// `limit_exceeded` when a calendar search passes its bound.
    pub(crate) fn deadline(&self, t: usize, lead: &Lead) -> Result<Option<Time>, Error> {
        let timer = &self.timers[t];
        if let Some(raw) = timer.deadline_field.as_deref().and_then(|f| lead.get(f)) {
            if let Some(at) = Time::from_raw(raw) {
                return Ok(Some(at));
            }
            if let Some(day) = crate::json::string_ref(raw).and_then(|s| parse_date(&s)) {
                return Ok(Some(self.zone.from_local(day + 1, 0)));
            }
        }
        let Some(after) = timer.after else { return Ok(None) };
        let since = timer.since.as_deref().unwrap_or("statusSince");
        let Some(start) = lead.get(since).and_then(Time::from_raw) else { return Ok(None) };
        match timer.calendar {
            Some(c) => self.calendars[c].1.add(start, after.days(), after.time_millis()).map(Some),
            None => Ok(Some(start.plus(after.millis()))),
        }
    }

    /// What the `metBy` field of timer `t` says (`No` for a timer without one).
    pub(crate) fn met(&self, t: usize, lead: &Lead) -> Met {
        let raw = self.timers[t].met_by.as_deref().and_then(|f| lead.get(f));
        if crate::json::is_empty(raw) {
            return Met::No;
        }
        raw.and_then(Time::from_raw).map_or(Met::Yes, Met::At)
    }

    /// The SLA state of timer `t` against `deadline` at `now`: `met`,
    /// `metLate`, then `breached` (not met, `now` ≥ the deadline) or `pending`.
    pub(crate) fn state(&self, t: usize, lead: &Lead, deadline: Time, now: Time) -> SlaState {
        match self.met(t, lead) {
            Met::At(at) if at > deadline => SlaState::MetLate,
            Met::At(_) | Met::Yes => SlaState::Met,
            Met::No if now >= deadline => SlaState::Breached,
            Met::No => SlaState::Pending,
        }
    }

    /// `sla("id")`: the state of timer `t`, or `None` when it reports no deadline.
    ///
    /// # Errors
    /// `invalid_time` when the context has no `now`; `limit_exceeded` from a calendar.
    pub(crate) fn sla(&self, t: usize, lead: &Lead, ctx: &Context) -> Result<Option<SlaState>, Error> {
        if !self.timer_reports(t, lead, ctx)? {
            return Ok(None);
        }
        let Some(deadline) = self.deadline(t, lead)? else { return Ok(None) };
        Ok(Some(self.state(t, lead, deadline, ctx.require_now()?)))
    }
}
