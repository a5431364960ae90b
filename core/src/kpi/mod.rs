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
        log.push_with(events, &options.push_options())?;
        log.report(self, options)
    }
}

/// The order of a log's events within each lead (docs/SPEC.md §6).
pub(crate) fn walk_order(log: &EventLog) -> walk::EventOrder {
    walk::EventOrder::new(log)
}

/// Visits each lead of `log` (its dictionary position) with the positions of
/// its events, in the order of docs/SPEC.md §6: the walk of the KPI report,
/// for the replay of `impact`.
pub(crate) fn each_lead<X>(
    log: &EventLog,
    order: &walk::EventOrder,
    visit: impl FnMut(u32, &[u32]) -> Result<(), X>,
) -> Result<(), X> {
    let positions: Vec<u32> = (0..log.events.len() as u32).collect();
    let by_lead = walk::ByLead::new(log.leads.items.len(), log.events.len(), |i| log.events[i].lead);
    by_lead.each(&positions, |a, b| order.cmp(&log.events[*a as usize], &log.events[*b as usize]), visit)
}

impl EventLog {
    /// Renames statuses (current → next, as `impact`'s `statusMap`), merging
    /// names that become equal.
    pub(crate) fn rename_statuses(&mut self, map: &[(String, String)]) {
        if map.is_empty() {
            return;
        }
        let old = std::mem::take(&mut self.statuses);
        let to: Vec<u32> = old
            .items
            .iter()
            .map(|s| {
                let name = map.iter().find(|(from, _)| from == s).map_or(s.as_str(), |(_, to)| to.as_str());
                self.statuses.intern(name)
            })
            .collect();
        let re = |i: u32| if i == log::NONE { i } else { to[i as usize] };
        for e in &mut self.events {
            (e.from, e.to) = (re(e.from), re(e.to));
        }
    }

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
