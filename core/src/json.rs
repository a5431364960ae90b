//! Reading JSON the one way the engine does: through `serde_json::Value` or
//! raw text, never through serde's typed deserializers. Their type-mismatch
//! errors format floats with `core::fmt`, which alone costs about 14 KB of
//! wasm; the engine writes its own messages anyway.

use serde_json::value::RawValue;
use serde_json::Value;

/// Parses JSON text. `None` for invalid JSON or nesting past serde_json's
/// limit of 128 levels.
pub(crate) fn value(text: &str) -> Option<Value> {
    serde_json::from_str::<Value>(text).ok()
}

/// A raw JSON string's text; `None` when it is not a string.
pub(crate) fn string(raw: &RawValue) -> Option<String> {
    let t = raw.get();
    if !t.starts_with('"') {
        return None;
    }
    if !t.contains('\\') {
        return t.get(1..t.len() - 1).map(str::to_owned);
    }
    match value(t)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// A raw JSON list of strings; `None` when it is anything else.
pub(crate) fn strings(raw: &RawValue) -> Option<Vec<String>> {
    match value(raw.get())? {
        Value::Array(items) => {
            items.into_iter().map(|i| if let Value::String(s) = i { Some(s) } else { None }).collect()
        }
        _ => None,
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
        let raw = |s: &str| RawValue::from_string(s.to_owned()).unwrap();
        assert_eq!(string(&raw(r#""a\u00e9""#)).as_deref(), Some("aé"));
        assert_eq!(string(&raw("1")), None);
        assert_eq!(strings(&raw(r#"["a","b"]"#)), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(strings(&raw(r#"["a",1]"#)), None);
        assert_eq!(number("2.5"), Some(2.5));
        assert_eq!(number("1e3"), Some(1000.0));
        assert_eq!(number("1."), None);
    }
}
