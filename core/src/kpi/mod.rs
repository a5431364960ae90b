//! KPIs (docs/SPEC.md §6): an event log that takes events in any order and
//! from any input path, merges, moves as bytes, and reports the figures of
//! seeds 000 and 002 for any options.

mod bytes;
mod fold;
mod log;
mod options;
mod partial;
mod report;
mod walk;
mod wire;

pub use log::{EventColumns, EventLog};
pub use options::{GroupBy, KpiOptions, PushOptions, UnknownTypes};
pub use partial::Partial;
pub use report::{
    ClosingReport, EventType, FunnelStepReport, NotesReport, Ordered, Outcomes, Rates, Report, SlaBlock, SlaReport,
    Slot, StatusReport, Summary, Warning, WarningCode,
};

use crate::error::Error;
use crate::workflow::Workflow;

impl Workflow {
    /// The KPI report of events given as JSON text (a list or NDJSON), in one
    /// pass: [`EventLog`] for batches, merges and bytes.
    ///
    /// ```
    /// use relance_core::{KpiOptions, Workflow};
    /// let wf = Workflow::preset("relance")?;
    /// let events = r#"{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}
    /// {"lead": "L1", "at": "2026-11-03T09:00:00Z", "type": "status", "from": "new", "to": "contacted"}"#;
    /// let r = wf.kpis(events, &KpiOptions::default())?;
    /// assert_eq!((r.leads, r.rates.contact), (1, Some(1.0)));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`EventLog::push`] and [`EventLog::report`].
    pub fn kpis(&self, events: &str, options: &KpiOptions) -> Result<Report, Error> {
        let mut log = EventLog::new(self);
        log.push_with(events, &PushOptions { unknown_types: options.unknown_types })?;
        log.report(self, options)
    }
}

impl EventLog {
    /// The report of docs/SPEC.md §6 for `options`.
    ///
    /// # Errors
    /// `invalid_input` for a log of another workflow; errors of the SLA block
    /// (`limit_exceeded` from a calendar).
    pub fn report(&self, wf: &Workflow, options: &KpiOptions) -> Result<Report, Error> {
        if self.fingerprint != wf.fingerprint() {
            return Err(partial::other_workflow("this log was"));
        }
        self.partial(wf, options)?.report(wf)
    }

    /// The figures of the report for `options`, as a [`Partial`] that merges
    /// with the partials of other logs (partitioned by lead) and moves as bytes.
    ///
    /// # Errors
    /// `invalid_input` for a log of another workflow.
    pub fn partial(&self, wf: &Workflow, options: &KpiOptions) -> Result<Partial, Error> {
        if self.fingerprint != wf.fingerprint() {
            return Err(partial::other_workflow("this log was"));
        }
        Ok(Partial {
            fingerprint: self.fingerprint,
            options: options.clone(),
            options_json: options.to_json(),
            figures: fold::fold(self, wf, options),
        })
    }
}
