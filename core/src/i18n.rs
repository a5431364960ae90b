//! Localized labels and the built-in messages (docs/SPEC.md §2 "Locales").

use serde::Serialize;

/// A localized text: `{"en": "Pending", "fr": "En attente"}`, or a plain string
/// that serves every locale.
///
/// ```
/// use relance_core::Label;
/// let wf = relance_core::Workflow::preset("partner")?;
/// assert_eq!(wf.statuses(Some("fr"))[0].label, "En attente"); // from {"en": "Pending", "fr": "En attente"}
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Label {
    texts: Vec<(String, String)>,
}

impl Label {
    /// The text for the first locale in `chain` that the label has (locale tags
    /// compare case-insensitively, `_` standing for `-`), else its locale-free text.
    pub fn resolve(&self, chain: &[&str]) -> Option<&str> {
        chain
            .iter()
            .find_map(|loc| self.texts.iter().find(|(l, _)| !l.is_empty() && tag_eq(l, loc)))
            .or_else(|| self.texts.iter().find(|(l, _)| l.is_empty()))
            .map(|(_, t)| t.as_str())
    }

    pub(crate) fn from_json(v: &serde_json::Value) -> Option<Label> {
        match v {
            serde_json::Value::String(s) => Some(Label { texts: vec![(String::new(), s.clone())] }),
            serde_json::Value::Object(m) => {
                let mut texts = Vec::with_capacity(m.len());
                for (k, v) in m {
                    texts.push((k.clone(), v.as_str()?.to_owned()));
                }
                Some(Label { texts })
            }
            _ => None,
        }
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if let [(l, t)] = self.texts.as_slice() {
            if l.is_empty() {
                return s.serialize_str(t);
            }
        }
        let mut m = s.serialize_map(Some(self.texts.len()))?;
        for (l, t) in &self.texts {
            m.serialize_entry(l, t)?;
        }
        m.end()
    }
}

/// Locale tags compare case-insensitively, `_` standing for `-`.
fn tag_eq(a: &str, b: &str) -> bool {
    let norm = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

/// The locales to try, in order, for a requested locale: the tag itself, its
/// language alone (`fr-CA` → `fr`), the workflow's default locale, then `en`.
/// Borrowed, so building one allocates nothing.
#[derive(Clone, Debug)]
pub(crate) struct Locales<'a> {
    chain: [&'a str; 4],
    len: usize,
}

impl<'a> Locales<'a> {
    pub(crate) fn new(requested: Option<&'a str>, default_locale: &'a str) -> Locales<'a> {
        let mut l = Locales { chain: [""; 4], len: 0 };
        let mut push = |tag: &'a str| {
            if !tag.is_empty() && !l.chain[..l.len].iter().any(|c| tag_eq(c, tag)) {
                l.chain[l.len] = tag;
                l.len += 1;
            }
        };
        if let Some(r) = requested {
            push(r);
            push(r.split(['-', '_']).next().unwrap_or(""));
        }
        push(default_locale);
        push("en");
        l
    }

    pub(crate) fn chain(&self) -> &[&'a str] {
        &self.chain[..self.len]
    }

    /// The language of built-in texts: the first of the chain that relance speaks.
    pub(crate) fn builtin(&self) -> Lang {
        for l in self.chain() {
            let lang = l.split(['-', '_']).next().unwrap_or("");
            if lang.eq_ignore_ascii_case("fr") {
                return Lang::Fr;
            }
            if lang.eq_ignore_ascii_case("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    /// A label's text in this chain, else `fallback`.
    pub(crate) fn text<'b>(&self, label: Option<&'b Label>, fallback: &'b str) -> &'b str {
        label.and_then(|l| l.resolve(self.chain())).unwrap_or(fallback)
    }
}

/// A language relance has built-in texts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Fr,
}

/// Fills `{name}` placeholders from `params` (string values as is, others as JSON).
pub(crate) fn fill(template: &str, params: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                match params.get(&after[..end]) {
                    Some(serde_json::Value::String(s)) => out.push_str(s),
                    Some(serde_json::Value::Array(items)) => {
                        let parts: Vec<String> =
                            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect();
                        out.push_str(&parts.join(", "));
                    }
                    Some(v) => out.push_str(&v.to_string()),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_truncates_then_defaults() {
        let l = Locales::new(Some("fr_CA"), "de");
        assert_eq!(l.chain(), ["fr_CA", "fr", "de", "en"]);
        assert!(tag_eq("fr_CA", "FR-ca"));
        assert_eq!(l.builtin(), Lang::Fr);
        assert_eq!(Locales::new(Some("de"), "de").builtin(), Lang::En);
        assert_eq!(Locales::new(None, "fr").builtin(), Lang::Fr);
    }

    #[test]
    fn fill_placeholders() {
        let mut p = serde_json::Map::new();
        p.insert("a".into(), "x".into());
        p.insert("n".into(), 2.into());
        p.insert("l".into(), serde_json::json!(["r", "s"]));
        assert_eq!(fill("{a}-{n}-{l}-{missing}-{ not}", &p), "x-2-r, s-{missing}-{ not}");
    }
}
