//! The one public error type, [`Error`], and its parts.

use std::fmt;

use serde::Serialize;

use crate::violation::Violation;

/// What went wrong, as a stable machine-readable code (SPEC §2).
///
/// Serialized in `snake_case`: `ErrorCode::InvalidWorkflow` is `"invalid_workflow"`.
///
/// ```
/// use relance_core::ErrorCode;
/// assert_eq!(ErrorCode::InvalidTime.as_str(), "invalid_time");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The text is not JSON.
    InvalidJson,
    /// The workflow definition has problems (all of them are in the details).
    InvalidWorkflow,
    /// A lead is not an object or has no string `status`.
    InvalidLead,
    /// A time is malformed or out of range.
    InvalidTime,
    /// Another argument (context, target, options) is malformed.
    InvalidInput,
    /// No preset has that name.
    UnknownPreset,
    /// No external-status provider has that name.
    UnknownProvider,
    /// A move was refused; the details are the violations.
    TransitionDenied,
    /// A note was refused; the details are the violations.
    NoteDenied,
    /// The input is past a documented size or depth bound.
    LimitExceeded,
}

impl ErrorCode {
    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidWorkflow => "invalid_workflow",
            ErrorCode::InvalidLead => "invalid_lead",
            ErrorCode::InvalidTime => "invalid_time",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownPreset => "unknown_preset",
            ErrorCode::UnknownProvider => "unknown_provider",
            ErrorCode::TransitionDenied => "transition_denied",
            ErrorCode::NoteDenied => "note_denied",
            ErrorCode::LimitExceeded => "limit_exceeded",
        }
    }
}

/// One problem found in an argument: where (a JSON Pointer into that
/// argument), what (a short code) and a message for people.
///
/// ```
/// use relance_core::Workflow;
/// let err = Workflow::from_json(r#"{"id":"w","statuses":[]}"#).unwrap_err();
/// let p = &err.problems()[0];
/// assert_eq!(p.path, "/statuses");
/// assert_eq!(p.code, "no_initial");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON Pointer (RFC 6901) into the offending argument; `""` is the whole argument.
    pub path: String,
    /// A short code: `invalid_type`, `missing`, `unknown_key`, `duplicate_id`,
    /// `unknown_status`, `empty_selector`, `no_initial`, `invalid_duration`,
    /// `invalid_time`, `invalid_value`, `reserved_key`, `syntax_error`,
    /// `unknown_function`, `too_deep`, `too_long`, `invalid_json`.
    pub code: &'static str,
    /// What is wrong, in English.
    pub message: String,
    /// For conditions: the 1-based column (in characters) inside the condition text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Problem {
    /// A problem at `path` (a JSON Pointer) with a short `code` and a message.
    ///
    /// ```
    /// let p = relance_core::Problem::new("/now", "invalid_time", "not a time");
    /// assert_eq!((p.path.as_str(), p.code), ("/now", "invalid_time"));
    /// ```
    pub fn new(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Problem { path: path.into(), code, message: message.into(), column: None }
    }
}

/// Everything that can fail in relance fails with this error: a [`code`](Error::code)
/// from the list of SPEC §2, a message, and details — the [`problems`](Error::problems)
/// found in an argument, or the [`violations`](Error::violations) that refused a move
/// or a note.
///
/// # Example
///
/// ```
/// use relance_core::{ErrorCode, Workflow};
/// let err = Workflow::from_json("{not json").unwrap_err();
/// assert_eq!(err.code(), ErrorCode::InvalidJson);
/// assert_eq!(err.problems()[0].path, "");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    details: Details,
}

#[derive(Clone, Debug, PartialEq)]
enum Details {
    Problems(Vec<Problem>),
    Violations(Vec<Violation>),
}

impl Error {
    /// An error with one problem: how a host (or the wasm wrapper) reports a
    /// bad argument in relance's terms.
    ///
    /// ```
    /// use relance_core::{Error, ErrorCode, Problem};
    /// let e = Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_type", "a locale is a string"));
    /// assert_eq!(e.to_string(), "invalid_input: a locale is a string");
    /// ```
    pub fn one(code: ErrorCode, problem: Problem) -> Self {
        Self::many(code, vec![problem])
    }

    /// An error with several problems (at least one).
    pub(crate) fn many(code: ErrorCode, problems: Vec<Problem>) -> Self {
        let message = match problems.as_slice() {
            [one] if one.path.is_empty() => one.message.clone(),
            [one] => format!("{}: {}", one.path, one.message),
            many => format!("{} problems; the first: {}: {}", many.len(), many[0].path, many[0].message),
        };
        Error { code, message, details: Details::Problems(problems) }
    }

    /// A refusal (`transition_denied` or `note_denied`) with its violations.
    pub(crate) fn denied(code: ErrorCode, violations: Vec<Violation>) -> Self {
        let message = violations.iter().map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ");
        Error { code, message, details: Details::Violations(violations) }
    }

    /// Prefix every problem's path with `prefix` (a JSON Pointer), so that a
    /// problem found in a part of an argument points into the whole argument.
    pub(crate) fn at(mut self, prefix: &str) -> Self {
        if let Details::Problems(problems) = &mut self.details {
            for p in problems.iter_mut() {
                p.path.insert_str(0, prefix);
            }
            if let [one] = problems.as_slice() {
                self.message = format!("{}: {}", one.path, one.message);
            }
        }
        self
    }

    /// The machine-readable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// A one-line summary for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The problems found in an argument (empty for refusals).
    pub fn problems(&self) -> &[Problem] {
        match &self.details {
            Details::Problems(p) => p,
            Details::Violations(_) => &[],
        }
    }

    /// The violations of a refused move or note (empty for other errors).
    pub fn violations(&self) -> &[Violation] {
        match &self.details {
            Details::Violations(v) => v,
            Details::Problems(_) => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("message", &self.message)?;
        match &self.details {
            Details::Problems(p) => st.serialize_field("details", p)?,
            Details::Violations(v) => st.serialize_field("details", v)?,
        }
        st.end()
    }
}

impl From<crate::value::TimeError> for Error {
    /// A time refused on its own (not inside an argument): `invalid_time` at `""`.
    fn from(e: crate::value::TimeError) -> Self {
        Error::one(ErrorCode::InvalidTime, Problem::new("", "invalid_time", e.to_string()))
    }
}

impl From<crate::value::DurationError> for Error {
    /// A duration refused on its own: `invalid_input` at `""`.
    fn from(e: crate::value::DurationError) -> Self {
        Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_duration", e.to_string()))
    }
}
