//! Events given as Arrow columns (a `pyarrow.Table` or `RecordBatch` with
//! the keys of docs/SPEC.md §6 as columns), turned into the engine's
//! `EventColumns`: the package's Python (`relance/_arrow.py`) dictionary-
//! encodes each column with `pyarrow.compute` and hands over its buffers as
//! `bytes`; here they are read in one pass, with no Python object per event.
//! This is transport only: the engine checks every value, as it does for
//! the columns the npm package builds.
//!
//! What arrives, per call, for `n` events:
//! - `columns`: eight entries, for `lead`, `type`, `actor`, `from`, `to`,
//!   `status`, `outcome` and `text` in that order (the order of
//!   `EventColumns::fields`), each `None` (no such column) or a tuple
//!   `(indices, kind, offsets, values)`: `indices` the `n` dictionary
//!   indexes as native-endian `int32`, `-1` for a null cell (an absent key);
//!   the dictionary as `kind` `"utf8"` (`int32` offsets into the UTF-8
//!   `values`), `"large_utf8"` (`int64` offsets) or, for `lead` only,
//!   `"int64"` (`values` the ids as native-endian `int64`).
//! - `at`: `("text", offsets, values, large)`, one non-empty time text per
//!   event without a line break, or `("ms", values)`: per event the time in
//!   epoch milliseconds as a native-endian `int64` (from Arrow timestamps of
//!   any unit, or integers), `i64::MIN` for a null cell.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use relance_core::{Error, EventColumns, ProblemCode};

/// The number of dictionary-encoded columns (every field of an event but `at`).
const COLUMNS: usize = 8;

/// The error of buffers that do not fit together (a defect of the Python side).
fn bad(what: &str) -> Error {
    Error::input("", ProblemCode::InvalidColumns, format!("the Arrow event columns do not fit together: {what}"))
}

/// The buffers of one call, as Python handed them (kept alive while read).
pub(crate) struct Buffers<'py> {
    n: usize,
    columns: Vec<Option<Column<'py>>>,
    at: At<Bound<'py, PyBytes>>,
}

/// One dictionary-encoded column: its indexes and its dictionary.
struct Column<'py> {
    indices: Bound<'py, PyBytes>,
    kind: String,
    offsets: Bound<'py, PyBytes>,
    values: Bound<'py, PyBytes>,
}

/// How the times arrive.
enum At<B> {
    /// One time text per event: offsets, values, whether offsets are `int64`.
    Text(B, B, bool),
    /// Per event the epoch milliseconds as an `int64`.
    Millis(B),
}

/// A dictionary of distinct values.
#[derive(Clone, Copy)]
enum Dict<'a> {
    /// Strings: offsets (`int32` or, when `large`, `int64`) into UTF-8 values.
    Utf8 { offsets: &'a [u8], values: &'a [u8], large: bool },
    /// Integers (lead ids).
    Int64(&'a [u8]),
}

impl<'py> Buffers<'py> {
    /// Reads the call's arguments (see the module's documentation).
    ///
    /// # Errors
    /// `invalid_input` (`invalid_columns`) for arguments of another shape.
    pub(crate) fn read(
        n: usize,
        columns: &[Option<Bound<'py, PyTuple>>],
        at: &Bound<'py, PyTuple>,
    ) -> Result<Buffers<'py>, Error> {
        let shape = || bad("unexpected arguments");
        if columns.len() != COLUMNS {
            return Err(shape());
        }
        let bytes = |t: &Bound<'py, PyTuple>, i: usize| -> Result<Bound<'py, PyBytes>, Error> {
            t.get_item(i).ok().and_then(|b| b.cast_into::<PyBytes>().ok()).ok_or_else(shape)
        };
        let mut read = Vec::with_capacity(COLUMNS);
        for c in columns {
            read.push(match c {
                None => None,
                Some(t) if t.len() == 4 => {
                    let kind: String = t.get_item(1).and_then(|k| k.extract()).map_err(|_| shape())?;
                    Some(Column { indices: bytes(t, 0)?, kind, offsets: bytes(t, 2)?, values: bytes(t, 3)? })
                }
                Some(_) => return Err(shape()),
            });
        }
        let tag: String = at.get_item(0).and_then(|k| k.extract()).map_err(|_| shape())?;
        let at = match (tag.as_str(), at.len()) {
            ("text", 4) => {
                At::Text(bytes(at, 1)?, bytes(at, 2)?, at.get_item(3).and_then(|v| v.extract()).map_err(|_| shape())?)
            }
            ("ms", 2) => At::Millis(bytes(at, 1)?),
            _ => return Err(shape()),
        };
        Ok(Buffers { n, columns: read, at })
    }

    /// The buffers as plain byte slices, which the engine reads without the GIL.
    ///
    /// # Errors
    /// `invalid_input` (`invalid_columns`) for an unknown dictionary kind.
    pub(crate) fn view(&self) -> Result<View<'_>, Error> {
        let mut columns: Vec<Option<(&[u8], Dict<'_>)>> = Vec::with_capacity(COLUMNS);
        for (k, c) in self.columns.iter().enumerate() {
            columns.push(match c {
                None => None,
                Some(Column { indices, kind, offsets, values }) => {
                    let (offsets, values) = (offsets.as_bytes(), values.as_bytes());
                    let dict = match kind.as_str() {
                        "utf8" => Dict::Utf8 { offsets, values, large: false },
                        "large_utf8" => Dict::Utf8 { offsets, values, large: true },
                        "int64" if k == 0 => Dict::Int64(values),
                        _ => return Err(bad("an unknown dictionary kind")),
                    };
                    Some((indices.as_bytes(), dict))
                }
            });
        }
        let at = match &self.at {
            At::Text(o, v, large) => At::Text(o.as_bytes(), v.as_bytes(), *large),
            At::Millis(v) => At::Millis(v.as_bytes()),
        };
        Ok(View { n: self.n, columns, at })
    }
}

/// The buffers of one call as byte slices.
pub(crate) struct View<'a> {
    n: usize,
    columns: Vec<Option<(&'a [u8], Dict<'a>)>>,
    at: At<&'a [u8]>,
}

impl View<'_> {
    /// Builds the engine's `EventColumns` and runs `f` on them.
    ///
    /// # Errors
    /// `invalid_input` (`invalid_columns`) for buffers that do not fit
    /// together, `invalid_json` (`invalid_utf8`) for text that is not UTF-8;
    /// then `f`'s.
    pub(crate) fn with_columns<T>(&self, f: impl FnOnce(&EventColumns<'_>) -> Result<T, Error>) -> Result<T, Error> {
        let built = build(self.n, &self.columns, &self.at)?;
        f(&EventColumns {
            leads: &built.leads,
            strings: &built.strings,
            fields: &built.fields,
            ats: &built.ats,
            at_texts: &built.at_texts,
        })
    }
}

/// The owned parts of an `EventColumns`.
struct Built {
    leads: String,
    strings: String,
    fields: Vec<i32>,
    ats: Vec<f64>,
    at_texts: String,
}

/// Reads `n` native-endian values of `W` bytes.
fn values<const W: usize>(bytes: &[u8], n: usize) -> Result<impl Iterator<Item = [u8; W]> + '_, Error> {
    if bytes.len() != n * W {
        return Err(bad("a buffer has the wrong length"));
    }
    Ok(bytes.chunks_exact(W).map(|c| c.try_into().expect("chunks of W bytes")))
}

/// The offsets of a string array (`len + 1` of them), checked against its values.
fn offsets(offsets: &[u8], large: bool, values_len: usize) -> Result<Vec<usize>, Error> {
    let raw: Vec<i64> = if large {
        values::<8>(offsets, offsets.len() / 8)?.map(i64::from_ne_bytes).collect()
    } else {
        values::<4>(offsets, offsets.len() / 4)?.map(|b| i64::from(i32::from_ne_bytes(b))).collect()
    };
    if raw.is_empty()
        || raw.windows(2).any(|w| w[0] > w[1])
        || raw[0] < 0
        || raw[raw.len() - 1] as u64 > values_len as u64
    {
        return Err(bad("string offsets out of order or out of range"));
    }
    Ok(raw.into_iter().map(|o| o as usize).collect())
}

/// Each string of a string array, in order.
fn strings<'a>(offsets_bytes: &[u8], values: &'a [u8], large: bool) -> Result<Vec<&'a str>, Error> {
    let o = offsets(offsets_bytes, large, values.len())?;
    o.windows(2)
        .map(|w| {
            std::str::from_utf8(&values[w[0]..w[1]]).map_err(|_| {
                Error::one(
                    relance_core::ErrorCode::InvalidJson,
                    relance_core::Problem::new("", ProblemCode::InvalidUtf8, "an Arrow string is not UTF-8"),
                )
            })
        })
        .collect()
}

/// Appends a dictionary's values to a JSON list being written; its length.
fn push_json(out: &mut String, dict: Dict<'_>) -> Result<usize, Error> {
    match dict {
        Dict::Utf8 { offsets, values, large } => {
            let items = strings(offsets, values, large)?;
            for s in &items {
                if out.len() > 1 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(s).map_err(|_| bad("a string"))?);
            }
            Ok(items.len())
        }
        Dict::Int64(values) => {
            let n = values.len() / 8;
            for v in self::values::<8>(values, n)? {
                if out.len() > 1 {
                    out.push(',');
                }
                out.push_str(&i64::from_ne_bytes(v).to_string());
            }
            Ok(n)
        }
    }
}

fn build(n: usize, columns: &[Option<(&[u8], Dict<'_>)>], at: &At<&[u8]>) -> Result<Built, Error> {
    const FIELDS: usize = COLUMNS + 1;
    let mut fields = vec![-1i32; n * FIELDS];
    let mut leads = String::from("[");
    let mut strings_json = String::from("[");
    // Strings written so far: each column's indexes are shifted past the
    // columns before it, as the engine takes one list for all of them.
    let mut count = 0usize;
    for (k, column) in columns.iter().enumerate() {
        let Some((indices, dict)) = column else { continue };
        let (out, base) = if k == 0 { (&mut leads, 0) } else { (&mut strings_json, count) };
        let len = push_json(out, *dict)?;
        if k > 0 {
            count += len;
        }
        let base = i32::try_from(base).ok().filter(|b| i32::try_from(len).is_ok_and(|l| b.checked_add(l).is_some()));
        let base = base.ok_or_else(|| bad("too many strings"))?;
        for (i, b) in values::<4>(indices, n)?.enumerate() {
            fields[i * FIELDS + k] = match i32::from_ne_bytes(b) {
                -1 => -1,
                x if x >= 0 && (x as usize) < len => x + base,
                _ => return Err(bad("a dictionary index out of range")),
            };
        }
    }
    leads.push(']');
    strings_json.push(']');
    let mut ats = vec![0.0f64; n];
    let mut at_texts = String::new();
    match *at {
        At::Text(offsets, values, large) => {
            let texts = strings(offsets, values, large)?;
            if texts.len() != n {
                return Err(bad("the times have the wrong length"));
            }
            at_texts.reserve(values.len() + n);
            for (i, t) in texts.iter().enumerate() {
                if t.is_empty() || t.contains('\n') {
                    return Err(bad("a time text is empty or has a line break"));
                }
                if i > 0 {
                    at_texts.push('\n');
                }
                at_texts.push_str(t);
                fields[i * FIELDS + COLUMNS] = i32::try_from(i).map_err(|_| bad("too many events"))?;
            }
        }
        At::Millis(values) => {
            for (slot, b) in ats.iter_mut().zip(self::values::<8>(values, n)?) {
                // A null cell: not a time (the package re-reads an error from rows).
                *slot = match i64::from_ne_bytes(b) {
                    i64::MIN => f64::NAN,
                    ms => ms as f64,
                };
            }
        }
    }
    Ok(Built { leads, strings: strings_json, fields, ats, at_texts })
}
