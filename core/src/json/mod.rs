//! Reading JSON the one way the engine does: through `serde_json::Value` or
//! raw text, never through serde's typed deserializers or serde_json's own
//! `RawValue` deserializer. Their type-mismatch errors (`invalid_type`)
//! format floats with `core::fmt`: about 21 KB of wasm, 11 KB of the
//! gzipped package, for messages the engine never shows (it writes its own).
//!
//! Raw text (a lead's custom fields, kept byte for byte) goes through
//! [`RawSeed`] and [`raw_value`], which speak serde_json's raw-value
//! protocol directly: serde_json hands a raw value to a visitor as a
//! one-entry map whose key is [`RAW_TOKEN`] and whose value is the borrowed
//! text. That protocol is an implementation detail of serde_json (stable
//! since `RawValue` appeared in 1.0.29, and the version is pinned in
//! Cargo.lock); the tests below fail loudly if it ever changes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

mod id;
mod object;
pub(crate) mod scan;

pub(crate) use id::{canonical_id, IdKey};
pub(crate) use object::{json_problem, raw, ObjectView, RawObject};

/// Parses JSON text. `None` for invalid JSON or nesting past serde_json's
/// limit of 128 levels.
pub(crate) fn value(text: &str) -> Option<Value> {
    parse(text).ok()
}

/// Parses JSON text into a tree. Through [`ValueSeed`] rather than
/// `Value`'s own `Deserialize`, whose `raw_value` support reaches serde's
/// type-mismatch errors and their float formatting (14 KB of wasm).
pub(crate) fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = ValueSeed.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Builds a [`Value`] from any JSON value.
struct ValueSeed;

impl<'de> de::DeserializeSeed<'de> for ValueSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = serde_json::Map::new();
        while let Some(k) = map.next_key_seed(OwnedKeySeed)? {
            let v = map.next_value_seed(ValueSeed)?;
            m.insert(k, v);
        }
        Ok(Value::Object(m))
    }
}

/// A map key as an owned string (keys are always strings in JSON).
struct OwnedKeySeed;

impl<'de> de::DeserializeSeed<'de> for OwnedKeySeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for OwnedKeySeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

/// A raw JSON string's text; `None` when it is not a string.
pub(crate) fn string(raw: &str) -> Option<String> {
    string_ref(raw).map(Cow::into_owned)
}

/// A raw JSON string's text, borrowed when it has no escapes.
pub(crate) fn string_ref(raw: &str) -> Option<Cow<'_, str>> {
    // JSON's whitespace is ASCII: `trim` would decode every character.
    let t = raw.trim_ascii();
    if !t.starts_with('"') {
        return None;
    }
    if !t.contains('\\') {
        return t.get(1..t.len() - 1).map(Cow::Borrowed);
    }
    match value(t)? {
        Value::String(s) => Some(Cow::Owned(s)),
        _ => None,
    }
}

/// A raw JSON list of strings; `None` when it is anything else.
pub(crate) fn strings(raw: &str) -> Option<Vec<String>> {
    raw_items(raw)?.into_iter().map(string).collect()
}

/// The items of a JSON list, as raw text; `None` when the text is not a list.
pub(crate) fn raw_items(text: &str) -> Option<Vec<&str>> {
    let items = scan::list(text).ok()??;
    Some(items.into_iter().map(|(a, b)| &text[a..b]).collect())
}

/// serde_json's name for its raw-value protocol (see the module docs).
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Validates JSON text: `Ok` when it is one JSON value (and whitespace);
/// otherwise serde_json's error, which says why.
pub(crate) fn check(text: &str) -> Result<(), serde_json::Error> {
    if scan::valid(text) {
        return Ok(());
    }
    serde_check(text)
}

/// serde_json's own validation of JSON text.
fn serde_check(text: &str) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    RawSeed.deserialize(&mut de)?;
    de.end()
}

/// The raw text of the next JSON value, borrowed from the input.
pub(crate) struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = &'de str;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'de str, D::Error> {
        d.deserialize_newtype_struct(RAW_TOKEN, RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = &'de str;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    /// serde_json's answer to [`RAW_TOKEN`]: `{RAW_TOKEN: text}`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<&'de str, A::Error> {
        match map.next_key_seed(TextSeed)? {
            Some(RAW_TOKEN) => map.next_value_seed(TextSeed),
            _ => Err(de::Error::custom("serde_json did not hand over raw text")),
        }
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, _: D) -> Result<&'de str, D::Error> {
        Err(de::Error::custom("serde_json did not hand over raw text"))
    }
}

/// A borrowed string.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = &'de str;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'de str, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = &'de str;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("borrowed text")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<&'de str, E> {
        Ok(v)
    }
}

/// A `RawValue` holding `text`, which the caller knows is one JSON value
/// (the engine's own output, or text it has read through [`RawSeed`]): no
/// second parse.
pub(crate) fn raw_value(text: &str) -> Box<RawValue> {
    <&RawValue as serde::Deserialize>::deserialize(Trusted(text))
        .map_or_else(|_| RawValue::NULL.to_owned(), ToOwned::to_owned)
}

/// A deserializer that answers `RawValue`'s request with `text`, through the
/// same protocol as serde_json.
struct Trusted<'a>(&'a str);

/// [`Trusted`]'s error. `invalid_type` is overridden so that serde's
/// default (and its float formatting) is never compiled in.
#[derive(Debug)]
struct NotRaw;

impl fmt::Display for NotRaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not raw JSON text")
    }
}

impl std::error::Error for NotRaw {}

impl de::Error for NotRaw {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotRaw
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        NotRaw
    }
}

impl<'de> Deserializer<'de> for Trusted<'de> {
    type Error = NotRaw;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, NotRaw> {
        Err(NotRaw)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, v: V) -> Result<V::Value, NotRaw> {
        if name == RAW_TOKEN {
            v.visit_map(TrustedEntry(Some(self.0)))
        } else {
            Err(NotRaw)
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The one entry `{RAW_TOKEN: text}`.
struct TrustedEntry<'a>(Option<&'a str>);

impl<'de> MapAccess<'de> for TrustedEntry<'de> {
    type Error = NotRaw;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, NotRaw> {
        match self.0 {
            Some(_) => seed.deserialize(BorrowedStr(RAW_TOKEN)).map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, NotRaw> {
        seed.deserialize(BorrowedStr(self.0.take().ok_or(NotRaw)?))
    }
}

/// A deserializer of one borrowed string.
struct BorrowedStr<'a>(&'a str);

impl<'de> Deserializer<'de> for BorrowedStr<'de> {
    type Error = NotRaw;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, NotRaw> {
        v.visit_borrowed_str(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Whether a field's value is empty (docs/SPEC.md §3 "Required fields"): absent,
/// `null`, a string that is blank after trimming, `[]` or `{}`. `false` and
/// `0` are values.
pub(crate) fn is_empty(raw: Option<&str>) -> bool {
    let Some(raw) = raw else { return true };
    let t = raw.trim();
    match t.as_bytes().first() {
        Some(b'n') => true,
        Some(b'"') => string(raw).is_some_and(|s| s.trim().is_empty()),
        Some(b'[' | b'{') => t[1..t.len() - 1].trim().is_empty(),
        _ => false,
    }
}

/// A JSON number literal (`12`, `1.5`, `2e3`) as f64; `None` for anything else.
pub(crate) fn number(text: &str) -> Option<f64> {
    match value(text)? {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads() {
        let raw = |s: &'static str| s;
        assert_eq!(string(raw(r#""a\u00e9""#)).as_deref(), Some("aé"));
        assert_eq!(string(raw("1")), None);
        assert_eq!(strings(raw(r#"["a","b"]"#)), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(strings(raw(r#"["a",1]"#)), None);
        assert_eq!(number("2.5"), Some(2.5));
        assert_eq!(number("1e3"), Some(1000.0));
        assert_eq!(number("1."), None);
        assert!(is_empty(None) && is_empty(Some(raw("null"))) && is_empty(Some(raw(r#"" \t""#))));
        assert!(is_empty(Some(raw("[ ]"))) && is_empty(Some(raw("{}"))));
        assert!(!is_empty(Some(raw("false"))) && !is_empty(Some(raw("0"))) && !is_empty(Some(raw("[0]"))));
    }

    /// The raw-value protocol with serde_json, both ways: if serde_json
    /// ever changes it, these fail.
    #[test]
    fn raw_text() {
        let text = r#" [1.50, {"b": 1, "a": [true]}, "x\u00e9", null] "#;
        assert_eq!(raw_items(text), Some(vec!["1.50", r#"{"b": 1, "a": [true]}"#, r#""x\u00e9""#, "null"]));
        assert_eq!(raw_items(r#"{"a": 1}"#), None);
        assert_eq!(raw_items("[1,]"), None);
        assert!(check(" {\"a\": [1, 2.50]} ").is_ok());
        assert!(check("{\"a\": [1, 2.50]} x").is_err() && check("[1, 2").is_err() && check("").is_err());
        let v = raw_value(r#"{"b": 1, "a": 2.50}"#);
        assert_eq!(v.get(), r#"{"b": 1, "a": 2.50}"#);
        assert_eq!(serde_json::to_string(&v).ok().as_deref(), Some(r#"{"b": 1, "a": 2.50}"#));
    }
}
