//! Reading JSON the one way the engine does: through `serde_json::Value` or
//! raw text, never through serde's typed deserializers. Their type-mismatch
//! errors format floats with `core::fmt`, which alone costs about 14 KB of
//! wasm; the engine writes its own messages anyway.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// Parses JSON text. `None` for invalid JSON or nesting past serde_json's
/// limit of 128 levels.
pub(crate) fn value(text: &str) -> Option<Value> {
    serde_json::from_str::<Value>(text).ok()
}

/// A raw JSON string's text; `None` when it is not a string.
pub(crate) fn string(raw: &str) -> Option<String> {
    string_ref(raw).map(Cow::into_owned)
}

/// A raw JSON string's text, borrowed when it has no escapes.
pub(crate) fn string_ref(raw: &str) -> Option<Cow<'_, str>> {
    let t = raw.trim();
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
    if !text.trim_start().starts_with('[') {
        return None;
    }
    let items = serde_json::from_str::<RawList>(text).ok()?.0;
    Some(items.into_iter().map(RawValue::get).collect())
}

struct RawList<'a>(Vec<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for RawList<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawList<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawList<'de>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<&'de RawValue>()? {
                    items.push(item);
                }
                Ok(RawList(items))
            }
            // Every other `visit_*` is written out: serde's default
            // type-mismatch errors carry float formatting (kilobytes of wasm).
            fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<RawList<'de>, A::Error> {
                Err(de::Error::custom("expected a list"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<RawList<'de>, E> {
                Err(E::custom("expected a list"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether a field's value is empty (SPEC §3 "Required fields"): absent,
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
}
