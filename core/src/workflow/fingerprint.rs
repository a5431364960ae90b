//! A definition's fingerprint: FNV-1a over its canonical JSON (keys sorted,
//! no whitespace), so that one definition, however it is formatted, has one
//! fingerprint. Event logs carry it, and refuse to merge with a log built
//! for another definition.

use std::sync::atomic::{AtomicU64, Ordering};

use super::Workflow;
use crate::error::{Error, ErrorCode};

impl Workflow {
    /// A definition's canonical JSON text: keys sorted, no whitespace. Two
    /// definitions are the same (their logs merge, a cache may share their
    /// loaded workflow) when their canonical texts are equal.
    ///
    /// ```
    /// use relance_core::Workflow;
    /// assert_eq!(Workflow::canonical_json(r#"{ "id": "w", "statuses": [] }"#)?, r#"{"id":"w","statuses":[]}"#);
    /// assert_eq!(Workflow::canonical_json(r#"{"b": 1, "a": 2}"#)?, Workflow::canonical_json(r#"{"a":2,"b":1}"#)?);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json` for text that is not JSON (or nests past 128 levels).
    pub fn canonical_json(text: &str) -> Result<String, Error> {
        crate::json::parse(text)
            .map(|def| def.to_string())
            .map_err(|e| Error::one(ErrorCode::InvalidJson, crate::json::json_problem(e)))
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
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
