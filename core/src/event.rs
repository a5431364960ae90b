//! The events a change produces: the KPI input format of docs/SPEC.md §6.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::classify::Outcome;
use crate::value::Time;

/// A record of what happened to a lead, for the host's event log.
///
/// ```
/// use relance_core::{Context, Lead, Target, Time, Workflow};
/// let wf = Workflow::preset("remonline")?;
/// let lead = Lead::from_json(r#"{"id": 7, "status": "new"}"#)?;
/// let ctx = Context::at(Time::parse("2026-11-22T09:00:00Z")?);
/// let change = wf.apply(&lead, &Target::status("in_work"), &ctx)?;
/// assert_eq!(
///     serde_json::to_string(&change.event).unwrap(),
///     r#"{"lead":7,"at":"2026-11-22T09:00:00.000Z","type":"status","from":"new","to":"in_work","actor":null}"#
/// );
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    /// The lead's `id`, as given (`null` when it has none).
    pub lead: Box<RawValue>,
    /// When it happened.
    pub at: Time,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
    /// The actor's id; `null` for system changes.
    pub actor: Option<String>,
    /// For a timer's move: the timer's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<String>,
}

/// What an [`Event`] records.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum EventKind {
    /// The lead was created in `status`.
    Created {
        /// The initial status.
        status: String,
    },
    /// The lead moved from `from` to `to`.
    Status {
        /// The status left.
        from: String,
        /// The status entered.
        to: String,
    },
    /// An operator recorded a note.
    Note {
        /// Its outcome: the note's, the template's, else the classifier's.
        outcome: Outcome,
        /// Its text, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// How the contact happened, when given.
        #[serde(skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
        /// The template used, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        template: Option<String>,
    },
}
