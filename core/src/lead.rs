//! Leads: JSON objects whose custom fields are carried as raw JSON text, so
//! that every value comes back exactly as it went in — key order, number
//! spelling and any nesting depth included — without a recursive parse.
//!
//! An object keeps the text it was read from and points into it: reading a
//! lead costs one copy of its text and one list of spans, however many keys
//! it has, and every lookup is O(log n).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
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

/// A piece of text: a span of the object's source, or text of its own.
#[derive(Clone, Debug)]
enum Text {
    Span(u32, u32),
    Own(Box<str>),
}

/// An ordered JSON object with raw values. Duplicate keys keep the position of
/// the first and the value of the last, as `JSON.parse` does.
///
/// Past a handful of keys an index of entry positions sorted by key is kept
/// beside the entries.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawObject {
    /// The JSON text the spans point into.
    src: Box<str>,
    /// (key, raw JSON value): keys as their decoded text.
    entries: Vec<(Text, Text)>,
    /// Positions in `entries`, sorted by key; empty while the object is small.
    index: Vec<u32>,
}

/// Up to this many keys a linear scan beats an index.
const SMALL: usize = 12;

impl PartialEq for RawObject {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// Reads the entries of an object, recording where each key and value sits
/// in the text being read (`base`: its address).
struct Reader {
    base: usize,
}

impl Reader {
    fn span(&self, s: &str) -> Text {
        let start = s.as_ptr() as usize - self.base;
        Text::Span(start as u32, (start + s.len()) as u32)
    }
}

/// A key: borrowed from the text when it has no escapes, decoded otherwise.
struct KeySeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Text;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text, E> {
        Ok(self.0.span(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::Own(v.into()))
    }
}

/// The entries of an object, or `None` for a value of another type. Every
/// `visit_*` is written out so that serde's default type-mismatch errors (and
/// the float formatting they carry) are never compiled in.
struct ObjectSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Option<Vec<(Text, Text)>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Option<Vec<(Text, Text)>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(k) = map.next_key_seed(KeySeed(self.0))? {
            let v = map.next_value_seed(crate::json::RawSeed)?;
            entries.push((k, self.0.span(v)));
        }
        Ok(Some(entries))
    }
    crate::json::visit_scalars!(None);
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The entries of the object `text` holds, as spans of `text`; `Ok(None)`
/// for valid JSON that is not an object.
fn read_entries(text: &str) -> Result<Option<Vec<(Text, Text)>>, Problem> {
    if u32::try_from(text.len()).is_err() {
        return Err(Problem::new("", "too_long", "a value is at most 4 GiB of JSON"));
    }
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r']);
    if !trimmed.starts_with('{') {
        return crate::json::check(text).map(|()| None).map_err(json_problem);
    }
    let reader = Reader { base: text.as_ptr() as usize };
    let mut de = serde_json::Deserializer::from_str(text);
    let entries = ObjectSeed(&reader).deserialize(&mut de).and_then(|e| de.end().map(|()| e));
    entries.map_err(json_problem)
}

/// A read-only view of an object in text the caller holds: nothing is
/// copied. A repeated key reads as its last value, as in `JSON.parse`.
pub(crate) struct ObjectView<'a> {
    src: &'a str,
    entries: Vec<(Text, Text)>,
}

impl<'a> ObjectView<'a> {
    /// The object `text` holds; `Ok(None)` for valid JSON that is not an object.
    pub(crate) fn parse(text: &'a str) -> Result<Option<ObjectView<'a>>, Problem> {
        Ok(read_entries(text)?.map(|entries| ObjectView { src: text, entries }))
    }

    fn text(&self, t: &'a Text) -> &'a str {
        match t {
            Text::Span(a, b) => self.src.get(*a as usize..*b as usize).unwrap_or_default(),
            Text::Own(s) => s,
        }
    }

    /// The raw JSON text of `key`'s value.
    pub(crate) fn get(&'a self, key: &str) -> Option<&'a str> {
        self.entries.iter().rev().find(|(k, _)| self.text(k) == key).map(|(_, v)| self.text(v))
    }

    /// The keys, in order.
    pub(crate) fn keys(&'a self) -> impl Iterator<Item = &'a str> {
        self.entries.iter().map(|(k, _)| self.text(k))
    }

    /// `key`'s string value (borrowed when it has no escapes); `Ok(None)`
    /// when the key is absent or `null`, `Err(NotAString)` for any other
    /// value: each caller reports that with its own path and words.
    pub(crate) fn string(&'a self, key: &str) -> Result<Option<Cow<'a, str>>, NotAString> {
        match self.get(key) {
            None | Some("null") => Ok(None),
            Some(raw) => crate::json::string_ref(raw).map(Some).ok_or(NotAString),
        }
    }
}

/// What [`ObjectView::string`] answers for a value that is not a string.
pub(crate) struct NotAString;

impl RawObject {
    /// Parses JSON text that must be an object. `Ok(None)` means valid JSON
    /// that is not an object; `Err` carries the `invalid_json` problem (or
    /// `too_long` past 4 GiB).
    pub(crate) fn parse(text: &str) -> Result<Option<RawObject>, Problem> {
        Ok(read_entries(text)?.map(|entries| RawObject::from_entries(text.into(), entries)))
    }

    /// An object of entries in order, duplicates resolved as `JSON.parse` does.
    fn from_entries(src: Box<str>, entries: Vec<(Text, Text)>) -> RawObject {
        let mut obj = RawObject { src, entries, index: Vec::new() };
        if obj.entries.len() <= SMALL {
            let mut i = 1;
            while i < obj.entries.len() {
                match (0..i).find(|&j| obj.key(j) == obj.key(i)) {
                    Some(first) => {
                        let (_, v) = obj.entries.remove(i);
                        obj.entries[first].1 = v;
                    }
                    None => i += 1,
                }
            }
            return obj;
        }
        obj.build_index();
        let same = |o: &RawObject, a: u32, b: u32| o.key(a as usize) == o.key(b as usize);
        if obj.index.windows(2).any(|w| same(&obj, w[0], w[1])) {
            // `index` is stable: equal keys sit in position order.
            let mut keep = vec![true; obj.entries.len()];
            let mut run = 0;
            for i in 1..=obj.index.len() {
                if i < obj.index.len() && same(&obj, obj.index[i], obj.index[run]) {
                    continue;
                }
                let (first, last) = (obj.index[run] as usize, obj.index[i - 1] as usize);
                if first != last {
                    obj.entries[first].1 = obj.entries[last].1.clone();
                    for &p in &obj.index[run + 1..i] {
                        keep[p as usize] = false;
                    }
                }
                run = i;
            }
            let mut it = keep.iter();
            obj.entries.retain(|_| *it.next().unwrap_or(&true));
            obj.build_index();
        }
        obj
    }

    fn text<'a>(&'a self, t: &'a Text) -> &'a str {
        match t {
            Text::Span(a, b) => self.src.get(*a as usize..*b as usize).unwrap_or_default(),
            Text::Own(s) => s,
        }
    }

    fn key(&self, i: usize) -> &str {
        self.text(&self.entries[i].0)
    }

    fn build_index(&mut self) {
        self.index = crate::index::sorted_positions((0..self.entries.len()).map(|i| self.key(i)));
    }

    /// The position of `key` in `entries`.
    fn find(&self, key: &str) -> Option<usize> {
        if self.index.is_empty() {
            let (src, key) = (self.src.as_bytes(), key.as_bytes());
            return self.entries.iter().position(|(k, _)| match k {
                Text::Span(a, b) => src.get(*a as usize..*b as usize) == Some(key),
                Text::Own(s) => s.as_bytes() == key,
            });
        }
        let i = self.index.binary_search_by(|&p| self.key(p as usize).cmp(key)).ok()?;
        Some(self.index[i] as usize)
    }

    pub(crate) fn remove(&mut self, key: &str) {
        let Some(pos) = self.find(key) else { return };
        self.entries.remove(pos);
        if !self.index.is_empty() {
            let pos = pos as u32;
            self.index.retain(|&p| p != pos);
            for p in &mut self.index {
                if *p > pos {
                    *p -= 1;
                }
            }
        }
    }

    /// Keeps the entries whose key `keep` accepts, in one pass.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let flags: Vec<bool> = (0..self.entries.len()).map(|i| keep(self.key(i))).collect();
        let mut it = flags.iter();
        self.entries.retain(|_| *it.next().unwrap_or(&true));
        if !self.index.is_empty() {
            self.build_index();
        }
    }

    /// The entries in order: (key, raw JSON value).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (self.text(k), self.text(v)))
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The raw JSON text of `key`'s value.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.find(key).map(|i| self.text(&self.entries[i].1))
    }

    /// Sets `key` to raw JSON text, keeping its position when present, else appending it.
    pub(crate) fn set(&mut self, key: &str, value: String) {
        let value = Text::Own(value.into_boxed_str());
        if let Some(i) = self.find(key) {
            self.entries[i].1 = value;
            return;
        }
        self.entries.push((Text::Own(key.into()), value));
        if !self.index.is_empty() {
            let at = self.index.partition_point(|&p| self.key(p as usize) < key);
            self.index.insert(at, (self.entries.len() - 1) as u32);
        } else if self.entries.len() > SMALL {
            self.build_index();
        }
    }

    /// The object as JSON text: keys in order, values as they were given.
    pub(crate) fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.src.len() + 64);
        out.push('{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match k {
                // A key read without escapes needs none.
                Text::Span(..) => {
                    out.push('"');
                    out.push_str(self.text(k));
                    out.push('"');
                }
                Text::Own(s) => out.push_str(&raw(&**s)),
            }
            out.push(':');
            out.push_str(self.text(v));
        }
        out.push('}');
        out
    }
}

/// Serializes as the object's JSON text, values passed through untouched.
impl Serialize for RawObject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::json::raw_value(&self.to_json()).serialize(s)
    }
}

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
            Some(b'-' | b'0'..=b'9') => IdKey::Number(crate::json::number(t), raw),
            Some(b'"') => IdKey::Text(crate::json::string_ref(t)),
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
        b'"' => crate::json::string_ref(t).map(|s| self::raw(&*s)),
        b'-' | b'0'..=b'9' => {
            let digits = t.strip_prefix('-').unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return Some(if digits.bytes().all(|b| b == b'0') { "0".to_owned() } else { t.to_owned() });
            }
            let x = crate::json::number(t)?;
            Some(if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
                (x as i64).to_string()
            } else {
                self::raw(&x)
            })
        }
        _ => None,
    }
}

pub(crate) fn json_problem(e: serde_json::Error) -> Problem {
    Problem::new("", "invalid_json", format!("not valid JSON: {e}"))
}

/// JSON text of a serializable value (never fails for the engine's own types).
pub(crate) fn raw<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
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
            Error::one(ErrorCode::InvalidLead, Problem::new("", "invalid_type", "a lead must be an object"))
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
                Ok(()) => {
                    Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_type", "expected a list of leads"))
                }
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
            Err(msg) => Err(Error::one(ErrorCode::InvalidLead, Problem::new("/status", "invalid_type", msg))),
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
