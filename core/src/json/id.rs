//! Lead ids: compared and ordered as JSON values, read once per sort.

use std::borrow::Cow;
use std::cmp::Ordering;

/// A lead id's place in the orders of `due`, `queue` and the KPI warnings:
/// numbers by value, then strings by code point, then anything else by its
/// JSON text. Built once per id, so a sort reads each id once, not once per
/// comparison.
pub(crate) enum IdKey<'a> {
    /// A number: its value, then its text.
    Number(Option<f64>, &'a str),
    /// A string: its decoded text.
    Text(Option<Cow<'a, str>>),
    /// Anything else: its text.
    Other(&'a str),
}

impl<'a> IdKey<'a> {
    /// The key of a raw JSON id.
    pub(crate) fn of(raw: &'a str) -> IdKey<'a> {
        let t = raw.trim_ascii();
        match t.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => IdKey::Number(super::number(t), raw),
            Some(b'"') => IdKey::Text(super::string_ref(t)),
            _ => IdKey::Other(raw),
        }
    }

    /// Orders two keys.
    pub(crate) fn cmp(&self, other: &IdKey<'_>) -> Ordering {
        match (self, other) {
            (IdKey::Number(x, a), IdKey::Number(y, b)) => {
                x.partial_cmp(y).unwrap_or(Ordering::Equal).then_with(|| a.cmp(b))
            }
            (IdKey::Text(x), IdKey::Text(y)) => x.cmp(y),
            (IdKey::Other(a), IdKey::Other(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            IdKey::Number(..) => 0,
            IdKey::Text(_) => 1,
            IdKey::Other(_) => 2,
        }
    }
}

/// A lead id (raw JSON) in one canonical text, so that ids equal as JSON
/// values are equal as text, as they are for `JSON.parse`: a string by its
/// decoded text (`"L\u0031"` is `"L1"`); an integer literal exactly, however
/// long (`-0` is `0`); any other number by its value (`1.0` is `1`). `None`
/// for anything but a string or a number.
pub(crate) fn canonical_id(raw: &str) -> Option<String> {
    let t = raw.trim();
    match t.as_bytes().first()? {
        b'"' => super::string_ref(t).map(|s| super::raw(&*s)),
        b'-' | b'0'..=b'9' => {
            let digits = t.strip_prefix('-').unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return Some(if digits.bytes().all(|b| b == b'0') { "0".to_owned() } else { t.to_owned() });
            }
            let x = super::number(t)?;
            Some(if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
                (x as i64).to_string()
            } else {
                super::raw(&x)
            })
        }
        _ => None,
    }
}
