//! Leads: JSON objects with a string `status`, whose custom fields are
//! carried as raw JSON text (a [`RawObject`]), so that every value comes
//! back exactly as it went in.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::json::{json_problem, raw, RawObject};

/// Keys the engine owns on a lead (docs/SPEC.md §5). Every other key is a custom field.
pub const RESERVED_KEYS: [&str; 11] = [
    "id",
    "status",
    "statusSince",
    "createdAt",
    "owner",
    "tags",
    "reservedBy",
    "notesCount",
    "lastNoteAt",
    "lastOutcome",
    "alertsFired",
];

/// A lead: a JSON object with a string `status`. Reserved keys (see
/// [`RESERVED_KEYS`]) are read by the engine; every other key is a custom field
/// and comes back from every operation exactly as it went in.
///
/// # Example
///
/// ```
/// use relance_core::Lead;
/// let lead = Lead::from_json(r#"{"id": "L1", "status": "new", "deep": {"a": [1, 2.50]}}"#)?;
/// assert_eq!(lead.status(), "new");
/// assert_eq!(lead.get("deep"), Some(r#"{"a": [1, 2.50]}"#));
/// assert_eq!(lead.to_json(), r#"{"id":"L1","status":"new","deep":{"a": [1, 2.50]}}"#);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    fields: RawObject,
    status: String,
}

impl Lead {
    /// Parses a lead from JSON text.
    ///
    /// # Errors
    /// `invalid_json` for text that is not JSON; `invalid_lead` for a value that is
    /// not an object or has no string `status`.
    pub fn from_json(text: &str) -> Result<Lead, Error> {
        let fields = RawObject::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?.ok_or_else(|| {
            Error::one(ErrorCode::InvalidLead, Problem::new("", ProblemCode::InvalidType, "a lead must be an object"))
        })?;
        Lead::from_fields(fields)
    }

    /// Parses a list of leads from JSON text (as a server reads it from its
    /// store).
    ///
    /// ```
    /// let leads = relance_core::Lead::list_from_json(r#"[{"status": "new"}, {"status": "won"}]"#)?;
    /// assert_eq!(leads[1].status(), "won");
    /// assert_eq!(relance_core::Lead::list_from_json(r#"[{"status": 1}]"#).unwrap_err().problems()[0].path, "/0/status");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` when it is not a list; the error of the
    /// first bad lead, its path prefixed with its index (`/3/status`).
    pub fn list_from_json(text: &str) -> Result<Vec<Lead>, Error> {
        let Some(items) = crate::json::raw_items(text) else {
            return Err(match crate::json::check(text) {
                Ok(()) => Error::input("", ProblemCode::InvalidType, "expected a list of leads"),
                Err(e) => Error::one(ErrorCode::InvalidJson, json_problem(e)),
            });
        };
        items.into_iter().enumerate().map(|(i, raw)| Lead::from_json(raw).map_err(|e| e.at(&format!("/{i}")))).collect()
    }

    pub(crate) fn from_fields(fields: RawObject) -> Result<Lead, Error> {
        let status = match fields.get("status") {
            None => Err("a lead needs a string \"status\""),
            Some(raw) => crate::json::string(raw).ok_or("\"status\" must be a string"),
        };
        match status {
            Ok(status) => Ok(Lead { fields, status }),
            Err(msg) => Err(Error::one(ErrorCode::InvalidLead, Problem::new("/status", ProblemCode::InvalidType, msg))),
        }
    }

    /// The lead's status id.
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The raw JSON text of a key's value, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key)
    }

    /// The lead as JSON text, keys in their original order.
    pub fn to_json(&self) -> String {
        self.fields.to_json()
    }

    /// Who holds the lead's reservation (`reservedBy`): `None` when absent,
    /// `null` or `""`. A value that is not a string (an import's `42`) holds
    /// it too, under its JSON text: it is never silently taken over.
    pub(crate) fn reserved_by(&self) -> Option<String> {
        let raw = self.get("reservedBy")?.trim();
        let holder = match raw {
            "null" => return None,
            _ => crate::json::string(raw).unwrap_or_else(|| raw.to_owned()),
        };
        (!holder.is_empty()).then_some(holder)
    }

    /// The `id` as raw JSON (`null` when absent), for events.
    pub(crate) fn id_raw(&self) -> Box<RawValue> {
        crate::json::raw_value(self.fields.get("id").unwrap_or("null"))
    }

    pub(crate) fn set_status(&mut self, status: &str) {
        self.fields.set("status", raw(status));
        self.status = status.to_owned();
    }

    /// Sets a field to raw JSON text.
    pub(crate) fn set_raw(&mut self, key: &str, value: String) {
        self.fields.set(key, value);
    }

    pub(crate) fn remove(&mut self, key: &str) {
        self.fields.remove(key);
    }

    pub(crate) fn fields(&self) -> &RawObject {
        &self.fields
    }
}

impl Serialize for Lead {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_spelling_and_depth() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!(r#"{{"z":1.50,"status":"new","a":"\u00e9","k\"ey":1,"deep":{deep}}}"#);
        let lead = Lead::from_json(&text).unwrap();
        assert_eq!(lead.to_json(), text);
        assert_eq!(lead.get("k\"ey"), Some("1"));
        assert_eq!(serde_json::to_string(&lead).unwrap(), text);
    }

    #[test]
    fn duplicate_keys_behave_like_json_parse() {
        let lead = Lead::from_json(r#"{"a":1,"status":"x","a":2}"#).unwrap();
        assert_eq!(lead.to_json(), r#"{"a":2,"status":"x"}"#);
    }

    #[test]
    fn wide_objects_resolve_duplicates_and_index_keys() {
        let mut text = String::from("{\"status\":\"x\"");
        for i in 0..1000 {
            text.push_str(&format!(",\"k{}\":{i}", i % 700));
        }
        text.push('}');
        let lead = Lead::from_json(&text).unwrap();
        assert_eq!(lead.fields().len(), 701);
        assert_eq!(lead.get("k5"), Some("705"), "the last value wins");
        assert_eq!(lead.fields().iter().nth(6).unwrap().0, "k5", "at the first position");
        let mut f = lead.fields().clone();
        f.remove("k0");
        f.set("new", "null".into());
        f.set("k1", raw(&true));
        assert_eq!(f.get("k699"), Some("699"));
        assert_eq!(f.get("new"), Some("null"));
        assert_eq!(f.get("k1"), Some("true"));
        assert!(f.get("k0").is_none());
        assert_eq!(f.iter().last().unwrap().0, "new");
    }

    #[test]
    fn reads_escaped_strings() {
        let lead = Lead::from_json(r#"{"status":"n\u0065w","reservedBy":"op\u0032"}"#).unwrap();
        assert_eq!(lead.status(), "new");
        assert_eq!(crate::json::string(lead.get("reservedBy").unwrap()).as_deref(), Some("op2"));
    }

    #[test]
    fn refuses_non_leads() {
        assert_eq!(Lead::from_json("[1]").unwrap_err().code(), ErrorCode::InvalidLead);
        assert_eq!(Lead::from_json("null").unwrap_err().code(), ErrorCode::InvalidLead);
        assert_eq!(Lead::from_json("{\"status\":1}").unwrap_err().code(), ErrorCode::InvalidLead);
        assert_eq!(Lead::from_json("{\"status\":").unwrap_err().code(), ErrorCode::InvalidJson);
        assert_eq!(Lead::from_json("[[[").unwrap_err().code(), ErrorCode::InvalidJson);
        assert_eq!(Lead::from_json("{} x").unwrap_err().code(), ErrorCode::InvalidJson);
    }
}
