//! The one public error type, [`Error`], and its parts.

use std::fmt;

use serde::Serialize;

use crate::violation::Violation;

/// What went wrong, as a stable machine-readable code (docs/SPEC.md §2).
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
    /// The input is past a documented size or depth bound, or a value is too
    /// deep or too large to cross a binding.
    LimitExceeded,
    /// A defect of the engine (a panic a binding caught), which must never
    /// happen; the objects stay usable. The engine itself never returns it.
    EngineError,
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
            ErrorCode::EngineError => "engine_error",
        }
    }

    /// Every code (docs/SPEC.md §2), in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::InvalidWorkflow,
        ErrorCode::InvalidLead,
        ErrorCode::InvalidTime,
        ErrorCode::InvalidInput,
        ErrorCode::UnknownPreset,
        ErrorCode::UnknownProvider,
        ErrorCode::TransitionDenied,
        ErrorCode::NoteDenied,
        ErrorCode::LimitExceeded,
        ErrorCode::EngineError,
    ];
}

/// The machine-readable code of one [`Problem`]: what is wrong at its path,
/// finer than the [`ErrorCode`] of the whole error. Serialized in
/// `snake_case` (`ProblemCode::UnknownKey` is `"unknown_key"`); the package's
/// `index.d.ts` has the same list as a string literal union.
///
/// ```
/// use relance_core::ProblemCode;
/// assert_eq!(ProblemCode::UnknownKey.as_str(), "unknown_key");
/// assert_eq!(serde_json::to_string(&ProblemCode::InvalidUtf8).unwrap(), "\"invalid_utf8\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// The text is not JSON.
    InvalidJson,
    /// Bytes that should be UTF-8 text are not.
    InvalidUtf8,
    /// A value has the wrong JSON type.
    InvalidType,
    /// A value has the right type but is not one the format allows.
    InvalidValue,
    /// A required key is absent.
    Missing,
    /// A key the format does not define (a typo never silently disables a rule).
    UnknownKey,
    /// Two statuses, rules or timers share an id.
    DuplicateId,
    /// An id the engine reserves (a timer called `alertsDue`).
    ReservedId,
    /// An effect writes a reserved lead key.
    ReservedKey,
    /// No status is `initial`.
    NoInitial,
    /// A selector, a timer or an option names a status that does not exist.
    UnknownStatus,
    /// A `group:` or `category:` selector matches no status.
    EmptySelector,
    /// A timer names a calendar that does not exist.
    UnknownCalendar,
    /// A duration is malformed, or uses years or months.
    InvalidDuration,
    /// A time is malformed, has no offset, or is out of range.
    InvalidTime,
    /// A date (`YYYY-MM-DD`) is malformed.
    InvalidDate,
    /// Not an IANA time zone name.
    InvalidZone,
    /// A calendar interval is empty.
    EmptyInterval,
    /// A calendar has no open time at all.
    NoOpenTime,
    /// A condition does not parse.
    SyntaxError,
    /// A condition calls a function that does not exist, or with the wrong arity.
    UnknownFunction,
    /// Nested past a documented depth (or the engine's stack).
    TooDeep,
    /// Longer than a documented size.
    TooLong,
    /// `options` or `actions` would examine too many (status, rule) pairs.
    TooManyMoves,
    /// A business-hours deadline lies past the calendar scan's bound (about ten years).
    TooFarAhead,
    /// `create` was given a lead that already has a status.
    HasStatus,
    /// Event columns (the package's transport) do not fit together.
    InvalidColumns,
    /// Bytes are not an event log or a partial report (corrupt, cut short, or a bad checksum).
    InvalidBytes,
    /// Logs or reports of two different workflow definitions.
    OtherWorkflow,
    /// Partial reports computed for different options.
    OtherOptions,
    /// No preset has that name.
    UnknownPreset,
    /// No external-status provider has that name.
    UnknownProvider,
    /// The object was freed (`free()` or `using`).
    Freed,
    /// A defect of the engine (it stopped on this input); the object stays usable.
    Panic,
    /// Lint: no initial status reaches this status.
    UnreachableStatus,
    /// Lint: a non-terminal status with no way out.
    DeadEnd,
    /// Lint: a rule no lead can ever match.
    RuleNeverMatches,
    /// Lint: a timer no lead can ever have active.
    TimerNeverActive,
}

impl ProblemCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ProblemCode] = &[
        ProblemCode::InvalidJson,
        ProblemCode::InvalidUtf8,
        ProblemCode::InvalidType,
        ProblemCode::InvalidValue,
        ProblemCode::Missing,
        ProblemCode::UnknownKey,
        ProblemCode::DuplicateId,
        ProblemCode::ReservedId,
        ProblemCode::ReservedKey,
        ProblemCode::NoInitial,
        ProblemCode::UnknownStatus,
        ProblemCode::EmptySelector,
        ProblemCode::UnknownCalendar,
        ProblemCode::InvalidDuration,
        ProblemCode::InvalidTime,
        ProblemCode::InvalidDate,
        ProblemCode::InvalidZone,
        ProblemCode::EmptyInterval,
        ProblemCode::NoOpenTime,
        ProblemCode::SyntaxError,
        ProblemCode::UnknownFunction,
        ProblemCode::TooDeep,
        ProblemCode::TooLong,
        ProblemCode::TooManyMoves,
        ProblemCode::TooFarAhead,
        ProblemCode::HasStatus,
        ProblemCode::InvalidColumns,
        ProblemCode::InvalidBytes,
        ProblemCode::OtherWorkflow,
        ProblemCode::OtherOptions,
        ProblemCode::UnknownPreset,
        ProblemCode::UnknownProvider,
        ProblemCode::Freed,
        ProblemCode::Panic,
        ProblemCode::UnreachableStatus,
        ProblemCode::DeadEnd,
        ProblemCode::RuleNeverMatches,
        ProblemCode::TimerNeverActive,
    ];

    /// The code as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "invalid_json",
            ProblemCode::InvalidUtf8 => "invalid_utf8",
            ProblemCode::InvalidType => "invalid_type",
            ProblemCode::InvalidValue => "invalid_value",
            ProblemCode::Missing => "missing",
            ProblemCode::UnknownKey => "unknown_key",
            ProblemCode::DuplicateId => "duplicate_id",
            ProblemCode::ReservedId => "reserved_id",
            ProblemCode::ReservedKey => "reserved_key",
            ProblemCode::NoInitial => "no_initial",
            ProblemCode::UnknownStatus => "unknown_status",
            ProblemCode::EmptySelector => "empty_selector",
            ProblemCode::UnknownCalendar => "unknown_calendar",
            ProblemCode::InvalidDuration => "invalid_duration",
            ProblemCode::InvalidTime => "invalid_time",
            ProblemCode::InvalidDate => "invalid_date",
            ProblemCode::InvalidZone => "invalid_zone",
            ProblemCode::EmptyInterval => "empty_interval",
            ProblemCode::NoOpenTime => "no_open_time",
            ProblemCode::SyntaxError => "syntax_error",
            ProblemCode::UnknownFunction => "unknown_function",
            ProblemCode::TooDeep => "too_deep",
            ProblemCode::TooLong => "too_long",
            ProblemCode::TooManyMoves => "too_many_moves",
            ProblemCode::TooFarAhead => "too_far_ahead",
            ProblemCode::HasStatus => "has_status",
            ProblemCode::InvalidColumns => "invalid_columns",
            ProblemCode::InvalidBytes => "invalid_bytes",
            ProblemCode::OtherWorkflow => "other_workflow",
            ProblemCode::OtherOptions => "other_options",
            ProblemCode::UnknownPreset => "unknown_preset",
            ProblemCode::UnknownProvider => "unknown_provider",
            ProblemCode::Freed => "freed",
            ProblemCode::Panic => "panic",
            ProblemCode::UnreachableStatus => "unreachable_status",
            ProblemCode::DeadEnd => "dead_end",
            ProblemCode::RuleNeverMatches => "rule_never_matches",
            ProblemCode::TimerNeverActive => "timer_never_active",
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
/// assert_eq!(p.code.as_str(), "no_initial");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON Pointer (RFC 6901) into the offending argument; `""` is the whole argument.
    pub path: String,
    /// What is wrong there.
    pub code: ProblemCode,
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
    /// use relance_core::{Problem, ProblemCode};
    /// let p = Problem::new("/now", ProblemCode::InvalidTime, "not a time");
    /// assert_eq!((p.path.as_str(), p.code.as_str()), ("/now", "invalid_time"));
    /// ```
    pub fn new(path: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Problem { path: path.into(), code, message: message.into(), column: None }
    }
}

/// Everything that can fail in relance fails with this error: a [`code`](Error::code)
/// from the list of docs/SPEC.md §2, a message, and details — the [`problems`](Error::problems)
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
    /// use relance_core::{Error, ErrorCode, Problem, ProblemCode};
    /// let e = Error::input("", ProblemCode::InvalidType, "a locale is a string");
    /// assert_eq!(e.to_string(), "invalid_input: a locale is a string");
    /// ```
    pub fn one(code: ErrorCode, problem: Problem) -> Self {
        Self::many(code, vec![problem])
    }

    /// An `invalid_input` error with one problem: the usual answer to a
    /// malformed argument.
    ///
    /// ```
    /// use relance_core::{Error, ErrorCode, ProblemCode};
    /// let e = Error::input("/limit", ProblemCode::InvalidType, "\"limit\" is a whole number");
    /// assert_eq!(e.code(), ErrorCode::InvalidInput);
    /// assert_eq!(e.problems()[0].code, ProblemCode::InvalidType);
    /// ```
    pub fn input(path: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self::one(ErrorCode::InvalidInput, Problem::new(path, code, message))
    }

    /// An `invalid_time` error at `path`: a time that is malformed, has no
    /// offset or is out of range.
    pub(crate) fn time(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::one(ErrorCode::InvalidTime, Problem::new(path, ProblemCode::InvalidTime, message))
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
