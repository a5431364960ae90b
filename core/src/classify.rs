//! Note outcomes (seed 002): positive, negative, partial, unclassified.

use serde::Serialize;

/// The outcome of a note or a call (seed 002's outcome classification).
///
/// ```
/// use relance_core::Outcome;
/// assert_eq!(Outcome::parse("metLate"), None);
/// assert_eq!(Outcome::parse("partial"), Some(Outcome::Partial));
/// assert_eq!(Outcome::Negative.as_str(), "negative");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The lead is interested, a step forward.
    Positive,
    /// The lead declined.
    Negative,
    /// Neither: call back, no answer, more information needed.
    Partial,
    /// Nothing says which.
    Unclassified,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 4] = [Outcome::Positive, Outcome::Negative, Outcome::Partial, Outcome::Unclassified];

    /// Reads `positive`, `negative`, `partial` or `unclassified`.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The outcome as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Positive => "positive",
            Outcome::Negative => "negative",
            Outcome::Partial => "partial",
            Outcome::Unclassified => "unclassified",
        }
    }
}
