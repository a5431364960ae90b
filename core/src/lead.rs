//! Leads: JSON objects whose custom fields are carried as raw JSON text, so
//! that every value comes back exactly as it went in — key order, number
//! spelling and any nesting depth included — without a recursive parse.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, Problem};

/// Keys the engine owns on a lead (SPEC §5). Every other key is a custom field.
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

/// An ordered JSON object with raw values. Duplicate keys keep the position of
/// the first and the value of the last, as `JSON.parse` does.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawObject {
    entries: Vec<(String, Box<RawValue>)>,
}

impl PartialEq for RawObject {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().zip(&other.entries).all(|(a, b)| a.0 == b.0 && a.1.get() == b.1.get())
    }
}

impl RawObject {
    /// Parses JSON text that must be an object. `Ok(None)` means valid JSON
    /// that is not an object; `Err` carries the `invalid_json` problem.
    pub(crate) fn parse(text: &str) -> Result<Option<RawObject>, Problem> {
        let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r']);
        if trimmed.starts_with('{') {
            serde_json::from_str::<RawObject>(text).map(Some).map_err(json_problem)
        } else {
            serde_json::from_str::<&RawValue>(text).map(|_| None).map_err(json_problem)
        }
    }

    pub(crate) fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&RawValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| &**v)
    }

    /// Sets `key`, keeping its position when present, else appending it.
    pub(crate) fn set(&mut self, key: &str, value: Box<RawValue>) {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key.to_owned(), value)),
        }
    }
}

pub(crate) fn json_problem(e: serde_json::Error) -> Problem {
    Problem::new("", "invalid_json", format!("not valid JSON: {e}"))
}

/// Raw JSON text of a serializable value (never fails for the engine's own types).
pub(crate) fn raw<T: Serialize + ?Sized>(value: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).unwrap_or_else(|_| raw_null())
}

pub(crate) fn raw_null() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

/// The items of a JSON list, as raw text; `None` when the text is not a list.
pub(crate) fn raw_items(text: &str) -> Option<Vec<Box<RawValue>>> {
    if !text.trim_start().starts_with('[') {
        return None;
    }
    serde_json::from_str::<RawList>(text).ok().map(|l| l.0)
}

struct RawList(Vec<Box<RawValue>>);

impl<'de> Deserialize<'de> for RawList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawList, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Box<RawValue>>()? {
                    items.push(item);
                }
                Ok(RawList(items))
            }
        }
        d.deserialize_seq(V)
    }
}

/// An object key; only strings are visited.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
        }
        d.deserialize_string(V)
    }
}

/// Every `visit_*` is written out so that serde's default type-mismatch
/// errors (and the float formatting they carry) are never compiled in.
impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn not_object<E: de::Error>() -> Result<RawObject, E> {
            Err(E::custom("expected an object"))
        }
        impl<'de> Visitor<'de> for V {
            type Value = RawObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawObject, A::Error> {
                let mut obj = RawObject::default();
                while let Some((Key(k), v)) = map.next_entry::<Key, Box<RawValue>>()? {
                    obj.set(&k, v);
                }
                Ok(obj)
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawObject, E> {
                not_object()
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<RawObject, A::Error> {
                not_object()
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for RawObject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

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
            Error::one(ErrorCode::InvalidLead, Problem::new("", "invalid_type", "a lead must be an object"))
        })?;
        Lead::from_fields(fields)
    }

    pub(crate) fn from_fields(fields: RawObject) -> Result<Lead, Error> {
        let status = match fields.get("status") {
            None => Err("a lead needs a string \"status\""),
            Some(raw) => crate::json::string(raw).ok_or("\"status\" must be a string"),
        };
        match status {
            Ok(status) => Ok(Lead { fields, status }),
            Err(msg) => Err(Error::one(ErrorCode::InvalidLead, Problem::new("/status", "invalid_type", msg))),
        }
    }

    /// The lead's status id.
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The raw JSON of a key, if present.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.fields.get(key)
    }

    /// The lead as JSON text, keys in their original order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.fields).unwrap_or_default()
    }

    /// The `id` as raw JSON (`null` when absent), for events.
    pub(crate) fn id_raw(&self) -> Box<RawValue> {
        self.fields.get("id").map(|r| r.to_owned()).unwrap_or_else(raw_null)
    }

    pub(crate) fn set_status(&mut self, status: &str) {
        self.fields.set("status", raw(status));
        self.status = status.to_owned();
    }

    pub(crate) fn set_raw(&mut self, key: &str, value: Box<RawValue>) {
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

impl<'de> Deserialize<'de> for Lead {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let fields = RawObject::deserialize(d)?;
        Lead::from_fields(fields).map_err(|e| de::Error::custom(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_spelling_and_depth() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!(r#"{{"z":1.50,"status":"new","a":"\u00e9","deep":{deep}}}"#);
        let lead = Lead::from_json(&text).unwrap();
        assert_eq!(lead.to_json(), text);
    }

    #[test]
    fn duplicate_keys_behave_like_json_parse() {
        let lead = Lead::from_json(r#"{"a":1,"status":"x","a":2}"#).unwrap();
        assert_eq!(lead.to_json(), r#"{"a":2,"status":"x"}"#);
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
    }
}
