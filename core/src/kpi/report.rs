//! The KPI report of docs/SPEC.md §6: its types. [`Partial`](super::Partial)
//! computes the figures; cohort figures follow the leads created in
//! `[from, to)` through their events up to `now`, activity figures count the
//! events inside `[from, to)`.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::classify::Outcome;
use crate::value::Time;

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
    /// Adds another count.
    pub(crate) fn merge(&mut self, o: &Outcomes) {
        self.positive += o.positive;
        self.negative += o.negative;
        self.partial += o.partial;
        self.unclassified += o.unclassified;
    }

    pub(crate) fn add(&mut self, o: Outcome) {
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
    /// The summary of some durations (in any order).
    pub(crate) fn of(mut v: Vec<i64>) -> Summary {
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

/// What a warning reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A move whose `from` is not the lead's status at that point.
    FromMismatch,
    /// A status the workflow does not have.
    UnknownStatus,
    /// A second `created` event for a lead, used as a move.
    CreatedAgain,
    /// Events of a type that is not one of the three, skipped (`unknownTypes: "skip"`).
    UnknownType,
}

/// The type of an event, as written in the log (docs/SPEC.md §6).
///
/// ```
/// use relance_core::EventType;
/// assert_eq!(EventType::parse("status"), Some(EventType::Status));
/// assert_eq!(EventType::parse("call"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    /// `created`: a lead starts (in `status`, else the first initial status).
    Created = 0,
    /// `status`: a move `from` → `to`.
    Status = 1,
    /// `note`: an operator's note.
    Note = 2,
}

impl EventType {
    /// The type named `name`, or `None` for another type.
    pub fn parse(name: &str) -> Option<EventType> {
        match name {
            "created" => Some(EventType::Created),
            "status" => Some(EventType::Status),
            "note" => Some(EventType::Note),
            _ => None,
        }
    }
}

/// Something in the events that does not fit: an event used as given, or
/// events of another type that were skipped, counted by type.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Warning {
    /// An event that does not fit, used as given.
    Event {
        /// `from_mismatch`, `unknown_status` or `created_again`.
        code: WarningCode,
        /// The lead's id.
        lead: Box<RawValue>,
        /// The event's time.
        at: Time,
        /// The event's type.
        #[serde(rename = "type")]
        kind: EventType,
        /// What does not fit.
        message: String,
    },
    /// The events of one other type, skipped.
    Skipped {
        /// `unknown_type`.
        code: WarningCode,
        /// The type, as written.
        #[serde(rename = "type")]
        kind: String,
        /// How many events of it were skipped, inside the window or not.
        count: u64,
    },
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

/// The report of docs/SPEC.md §6.
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
