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

mod context;
mod decide;
mod effect;
mod error;
mod event;
mod expr;
mod graph;
mod i18n;
mod json;
mod lead;
mod presets;
mod tags;
mod text;
mod value;
mod violation;
mod workflow;

pub use context::{Actor, Context};
pub use decide::{ActionInfo, Change, Decision, RuleRef, StatusOption, Target};
pub use effect::EffectOut;
pub use error::{Error, ErrorCode, Problem};
pub use event::{Event, EventKind};
pub use expr::{MAX_DEPTH as MAX_CONDITION_DEPTH, MAX_LENGTH as MAX_CONDITION_LENGTH};
pub use graph::LintReport;
pub use i18n::Label;
pub use lead::{Lead, RESERVED_KEYS};
pub use presets::{preset_json, presets};
pub use value::{Duration, DurationError, Time, TimeError, MAX_EPOCH_MS};
pub use violation::{Violation, ViolationCode};
pub use workflow::{Category, StatusInfo, Workflow};
