//! JSON objects read without a recursive parse: [`RawObject`] owns its text
//! (a lead's fields), [`ObjectView`] borrows it (any other argument). Values
//! stay raw JSON text, so every value comes back exactly as it went in — key
//! order, number spelling and any nesting depth included.
//!
//! An object keeps the text it was read from and points into it: reading one
//! costs one copy of its text and one list of spans, however many keys it
//! has, and every lookup is O(log n).

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use crate::error::{Problem, ProblemCode};

/// A piece of text: a span of the object's source, or text of its own.
#[derive(Clone, Debug)]
enum Piece {
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
    entries: Vec<(Piece, Piece)>,
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

/// The entries of the object `text` holds, as spans of `text` (a key with
/// escapes decoded); `Ok(None)` for valid JSON that is not an object.
fn read_entries(text: &str) -> Result<Option<Vec<(Piece, Piece)>>, Problem> {
    if u32::try_from(text.len()).is_err() {
        return Err(Problem::new("", ProblemCode::TooLong, "a value is at most 4 GiB of JSON"));
    }
    let mut out = Vec::new();
    let mut escaped_keys = false;
    let scanned = super::scan::object(text, |(ks, ke), escaped, (vs, ve)| {
        escaped_keys |= escaped;
        // A key with escapes is decoded below, from its quoted text.
        let key = if escaped { Piece::Own(text[ks - 1..ke + 1].into()) } else { Piece::Span(ks as u32, ke as u32) };
        out.push((key, Piece::Span(vs as u32, ve as u32)));
    });
    match scanned {
        // Refused: serde_json says why.
        Err(_) => return Err(super::check(text).err().map_or_else(|| invalid_text(text), json_problem)),
        Ok(false) => return Ok(None),
        Ok(true) => {}
    }
    if escaped_keys {
        for (key, _) in &mut out {
            if let Piece::Own(quoted) = key {
                // serde_json decodes the key, and refuses a lone surrogate in it.
                match super::parse(quoted) {
                    Ok(serde_json::Value::String(k)) => *key = Piece::Own(k.into_boxed_str()),
                    Ok(_) => return Err(invalid_text(text)),
                    Err(e) => return Err(json_problem(e)),
                }
            }
        }
    }
    Ok(Some(out))
}

/// The problem of text the scanner refuses and serde_json accepts (never:
/// the scanner's tests compare them).
fn invalid_text(_: &str) -> Problem {
    Problem::new("", ProblemCode::InvalidJson, "not valid JSON")
}

/// A read-only view of an object in text the caller holds: nothing is
/// copied. A repeated key reads as its last value, as in `JSON.parse`.
pub(crate) struct ObjectView<'a> {
    src: &'a str,
    entries: Vec<(Piece, Piece)>,
}

impl<'a> ObjectView<'a> {
    /// The object `text` holds; `Ok(None)` for valid JSON that is not an object.
    pub(crate) fn parse(text: &'a str) -> Result<Option<ObjectView<'a>>, Problem> {
        Ok(read_entries(text)?.map(|entries| ObjectView { src: text, entries }))
    }

    fn text<'s>(&'s self, t: &'s Piece) -> &'s str {
        match t {
            Piece::Span(a, b) => self.src.get(*a as usize..*b as usize).unwrap_or_default(),
            Piece::Own(s) => s,
        }
    }

    /// The raw JSON text of `key`'s value, borrowed from the source text.
    pub(crate) fn get(&self, key: &str) -> Option<&'a str> {
        let (_, v) = self.entries.iter().rev().find(|(k, _)| self.text(k) == key)?;
        // Values are always spans of the source (only keys are decoded).
        match v {
            Piece::Span(a, b) => self.src.get(*a as usize..*b as usize),
            Piece::Own(_) => None,
        }
    }

    /// The keys, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| self.text(k))
    }

    /// `key`'s string value (borrowed when it has no escapes); `Ok(None)`
    /// when the key is absent or `null`, `Err(NotAString)` for any other
    /// value: each caller reports that with its own path and words.
    pub(crate) fn string(&self, key: &str) -> Result<Option<Cow<'a, str>>, NotAString> {
        match self.get(key) {
            None | Some("null") => Ok(None),
            Some(raw) => super::string_ref(raw).map(Some).ok_or(NotAString),
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
    fn from_entries(src: Box<str>, entries: Vec<(Piece, Piece)>) -> RawObject {
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

    fn text<'a>(&'a self, t: &'a Piece) -> &'a str {
        match t {
            Piece::Span(a, b) => self.src.get(*a as usize..*b as usize).unwrap_or_default(),
            Piece::Own(s) => s,
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
                Piece::Span(a, b) => src.get(*a as usize..*b as usize) == Some(key),
                Piece::Own(s) => s.as_bytes() == key,
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
        let value = Piece::Own(value.into_boxed_str());
        if let Some(i) = self.find(key) {
            self.entries[i].1 = value;
            return;
        }
        self.entries.push((Piece::Own(key.into()), value));
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
                Piece::Span(..) => {
                    out.push('"');
                    out.push_str(self.text(k));
                    out.push('"');
                }
                Piece::Own(s) => out.push_str(&raw(&**s)),
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
        super::raw_value(&self.to_json()).serialize(s)
    }
}

pub(crate) fn json_problem(e: serde_json::Error) -> Problem {
    Problem::new("", ProblemCode::InvalidJson, format!("not valid JSON: {e}"))
}

/// JSON text of a serializable value (never fails for the engine's own types).
pub(crate) fn raw<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
