//! Values crossing the API: times, durations, and helpers on JSON.

mod duration;
mod time;

pub use duration::{Duration, DurationError};
pub(crate) use time::{civil_from_days, parse_date, weekday};
pub use time::{Time, TimeError, MAX_EPOCH_MS};

use crate::error::{Error, ProblemCode};

/// The JSON type name of a value, for messages.
pub(crate) fn type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901).
pub(crate) fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl From<TimeError> for Error {
    /// A time refused on its own (not inside an argument): `invalid_time` at `""`.
    fn from(e: TimeError) -> Self {
        Error::time("", e.to_string())
    }
}

impl From<DurationError> for Error {
    /// A duration refused on its own: `invalid_input` at `""`.
    fn from(e: DurationError) -> Self {
        Error::input("", ProblemCode::InvalidDuration, e.to_string())
    }
}
