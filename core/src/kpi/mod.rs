//! KPIs (SPEC §6): an event log that takes events in any order and from any
//! input path, merges, moves as bytes, and reports the figures of seeds 000
//! and 002 for any options.

mod bytes;
mod log;
mod report;

pub use log::{EventColumns, EventLog};
pub use report::{
    ClosingReport, FunnelStepReport, GroupBy, KpiOptions, NotesReport, Ordered, Outcomes, Rates, Report, SlaBlock,
    SlaReport, Slot, StatusReport, Summary, Warning,
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
    pub fn kpis(&self, events: &str, options: &KpiOptions) -> Result<report::Report, Error> {
        let mut log = EventLog::new(self);
        log.push(events)?;
        log.report(self, options)
    }
}
