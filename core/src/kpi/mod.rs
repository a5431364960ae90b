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

use std::sync::atomic::{AtomicU64, Ordering};

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

    /// A fingerprint of the definition (FNV-1a over its canonical JSON: keys
    /// sorted, no whitespace), telling whether two logs may merge.
    pub(crate) fn fingerprint(&self) -> u64 {
        let known = self.fingerprint.0.load(Ordering::Relaxed);
        if known != 0 {
            return known;
        }
        // Canonical JSON: serde_json's map keeps keys sorted. The text was
        // read when the workflow loaded, so it parses (a definition given as
        // a `Value` has its fingerprint from the start: its text is
        // canonical, and may nest deeper than the parser reads).
        let canonical = crate::json::parse(&self.source).map(|def| def.to_string());
        let h = fnv1a(canonical.as_deref().unwrap_or(&self.source).as_bytes());
        self.fingerprint.0.store(h, Ordering::Relaxed); // a race stores the same value
        h
    }
}

/// A workflow's fingerprint, computed on its first use (0 until then), so
/// that loading a definition does not pay for it: an atomic, not a
/// `OnceLock`, whose machinery costs more wasm than the whole computation.
#[derive(Debug, Default)]
pub(crate) struct Fingerprint(AtomicU64);

impl Fingerprint {
    /// The fingerprint of a definition's canonical JSON text.
    pub(crate) fn of_canonical(text: &str) -> Fingerprint {
        Fingerprint(AtomicU64::new(fnv1a(text.as_bytes())))
    }
}

impl Clone for Fingerprint {
    fn clone(&self) -> Fingerprint {
        Fingerprint(AtomicU64::new(self.0.load(Ordering::Relaxed)))
    }
}

/// FNV-1a, 64 bits: a fixed, portable hash (the same on every machine and version).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
