//! # relance-core
//!
//! An embeddable rules engine for CRM lead pipelines: status graphs,
//! transition checks with guards, deadlines, tagging rules, work queues and
//! KPIs. No I/O, no clock, no global state: every operation that needs the
//! time takes `now` in its [`Context`], and the same inputs always give the
//! same JSON — natively and through the `relance` npm package.
//!
//! ```
//! use relance_core::{Context, Lead, Target, Time, Workflow};
//!
//! let wf = Workflow::preset("remonline")?;
//! let lead = Lead::from_json(r#"{"id": "L1", "status": "new", "name": "Ada"}"#)?;
//! let ctx = Context::at(Time::parse("2026-11-22T09:00:00+01:00")?);
//!
//! // "New lead" can only go to "In work".
//! assert!(!wf.check(&lead, &Target::status("refused"), &ctx)?.allowed);
//! let change = wf.apply(&lead, &Target::status("in_work"), &ctx)?;
//! assert_eq!(change.lead.status(), "in_work");
//! # Ok::<(), relance_core::Error>(())
//! ```
//!
//! A client-side check is a convenience for the user: a server must run the
//! same rules (this crate natively, or the npm package in Node) before it
//! trusts a move.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Modules in layers, each using only those above it: values; leads and
// contexts; conditions; definitions; decisions; the change pipeline; the
// operations built on it.
mod error;
mod i18n;
mod index;
mod json;
mod text;
mod value;
mod violation;

mod calendar;
mod classify;
mod context;
mod lead;
mod tags;

mod expr;

mod workflow;

mod deadline;
mod effect;
mod field;

mod decide;
mod validate;

mod change;
mod event;

mod external;
mod kpi;
mod note;
mod queue;
mod timer;
mod view;

mod lint;
mod presets;
mod render;

mod impact;

pub mod ops;

pub use calendar::Zone;
pub use change::Change;
pub use classify::Outcome;
pub use context::{Actor, Context};
pub use decide::{ActionInfo, Decision, RuleRef, StatusOption, Target, MAX_MOVES_EXAMINED};
pub use effect::EffectOut;
pub use error::{Error, ErrorCode, Problem, ProblemCode};
pub use event::{Event, EventKind};
pub use expr::{MAX_DEPTH as MAX_CONDITION_DEPTH, MAX_LENGTH as MAX_CONDITION_LENGTH};
pub use external::ExternalStatus;
pub use i18n::Label;
pub use impact::{
    impact, HistoryImpact, Impact, ImpactInput, InvalidLead, KpiPair, LeadsImpact, MoveCount, RefusedMove,
    StatusChanges,
};
pub use kpi::{
    ClosingReport, EventColumns, EventLog, EventType, FunnelStepReport, GroupBy, KpiOptions, NotesReport, Ordered,
    Outcomes, Partial, PushOptions, Rates, Report, SlaBlock, SlaReport, Slot, StatusReport, Summary, UnknownTypes,
    Warning, WarningCode,
};
pub use lead::{Lead, RESERVED_KEYS};
pub use lint::LintReport;
pub use note::{FlowState, Note, NoteTemplateInfo};
pub use presets::{preset_json, presets};
pub use queue::{QueueItem, QueueOptions, QueuePosition, QueueReason};
pub use timer::{Deadline, DueItem, DueKind};
pub use value::{Duration, DurationError, Time, TimeError, MAX_EPOCH_MS};
pub use violation::{Violation, ViolationCode};
pub use workflow::{Category, SlaState, StatusInfo, Workflow};
