//! The entry point `relance/analytics` of the npm package: a thin
//! wasm-bindgen layer over `relance-core` for the work over many events
//! (KPIs, the event log), in its own module built for speed.
//!
//! As in the entry point `relance`, every operation takes JSON text (or
//! event columns) and returns JSON text: a result, or `!` followed by a
//! serialized `relance_core::Error`. The functions are those of
//! `relance_core::ops::AnalyticsOp`, called by position; the package's
//! JavaScript (`wasm/js/analytics.js`) checks its names against
//! [`operations`]. No rule lives here.

#![deny(missing_docs)]

use relance_core::ops::{self, AnalyticsOp};
use relance_core::{Error, EventColumns, EventLog, KpiOptions, Partial, ProblemCode, PushOptions, Workflow};
use wasm_bindgen::prelude::*;

/// A reply: the result's JSON text, or `!` and the error as JSON.
fn reply(r: Result<String, Error>) -> String {
    r.unwrap_or_else(|e| format!("!{}", serde_json::to_string(&e).unwrap_or_default()))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::input("", ProblemCode::InvalidValue, e.to_string()))
}

/// The error of a constructor, thrown as JSON text.
fn thrown(e: Error) -> String {
    serde_json::to_string(&e).unwrap_or_default()
}

/// Text the package sends as UTF-8 bytes (`TextEncoder` is native, where
/// wasm-bindgen copies a string argument with a JavaScript loop).
fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        Error::one(
            relance_core::ErrorCode::InvalidJson,
            relance_core::Problem::new("", ProblemCode::InvalidUtf8, "the text is not UTF-8"),
        )
    })
}

/// The operations of this entry point and its stateful classes, as JSON
/// (`relance_core::ops::operations`, limited to `relance/analytics`).
#[wasm_bindgen]
pub fn operations() -> String {
    let mut surface = ops::operations();
    surface.operations.retain(|o| o.entry == ops::Entry::Analytics);
    serde_json::to_string(&surface).unwrap_or_default()
}

/// A definition's canonical JSON (keys sorted, no whitespace): the key the
/// package caches loaded definitions by. `!` and an error for text that is
/// not JSON.
#[wasm_bindgen]
pub fn canonical(definition: &str) -> String {
    reply(Workflow::canonical_json(definition))
}

/// `impact(current, next, input)` (`relance_core::ops::AnalyticsOp::Impact`),
/// the events (when `events` is not empty) given apart, as UTF-8 JSON or
/// NDJSON text: a million events cross without being written inside the
/// input's JSON text and read back out of it.
#[wasm_bindgen]
pub fn impact(current: &Definition, next: &Definition, input: &str, events: &[u8]) -> String {
    if events.is_empty() {
        return reply(AnalyticsOp::Impact.call(&[&current.inner, &next.inner], &[input]));
    }
    reply((|| {
        let mut input = relance_core::ImpactInput::from_json(input)?;
        input.events = Some(utf8(events)?.into());
        json(&relance_core::impact(&current.inner, &next.inner, &input)?)
    })())
}

/// A loaded definition, for this module's functions.
#[wasm_bindgen]
pub struct Definition {
    inner: Workflow,
}

#[wasm_bindgen]
impl Definition {
    /// Loads a definition (JSON text); throws the error as JSON text.
    pub fn load(definition: &str) -> Result<Definition, String> {
        Workflow::from_json(definition).map(|inner| Definition { inner }).map_err(thrown)
    }

    /// `kpis(def, events, options)`, the events as JSON or NDJSON text in UTF-8.
    #[wasm_bindgen(js_name = kpisText)]
    pub fn kpis_text(&self, events: &[u8], options: &str) -> String {
        reply(utf8(events).and_then(|events| AnalyticsOp::Kpis.call(&[&self.inner], &[events, options])))
    }

    /// `kpis(def, events, options)`, the events as columns (see `EventColumns`).
    #[wasm_bindgen(js_name = kpisColumns)]
    #[allow(clippy::too_many_arguments)]
    pub fn kpis_columns(
        &self,
        leads: &str,
        strings: &str,
        fields: &[i32],
        ats: &[f64],
        at_texts: &[u8],
        options: &str,
    ) -> String {
        reply((|| {
            let options = KpiOptions::from_json(options)?;
            let mut log = EventLog::new(&self.inner);
            let columns = EventColumns { leads, strings, fields, ats, at_texts: utf8(at_texts)? };
            log.push_columns(&columns, &options.push_options())?;
            json(&log.report(&self.inner, &options)?)
        })())
    }

    /// Panics on purpose, for the package's panic-recovery test; not part of the API.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __panic)]
    pub fn panic_on_purpose() {
        panic!("a deliberate panic, for the recovery test");
    }
}

/// An event log; the JavaScript `EventLog` class wraps it.
#[wasm_bindgen]
pub struct LogHandle {
    inner: EventLog,
}

#[wasm_bindgen]
impl LogHandle {
    /// An empty log for a definition.
    #[wasm_bindgen(constructor)]
    pub fn new(def: &Definition) -> LogHandle {
        LogHandle { inner: EventLog::new(&def.inner) }
    }

    /// A log from bytes; throws the error as JSON text.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(def: &Definition, bytes: &[u8]) -> Result<LogHandle, String> {
        EventLog::from_bytes(&def.inner, bytes).map(|inner| LogHandle { inner }).map_err(thrown)
    }

    /// Adds events given as columns, or (`fields` empty) as JSON or NDJSON
    /// text in `at_texts`, with the push options (JSON); the reply is `null`
    /// or an error.
    pub fn push(
        &mut self,
        leads: &str,
        strings: &str,
        fields: &[i32],
        ats: &[f64],
        at_texts: &[u8],
        options: &str,
    ) -> String {
        reply((|| {
            let options = PushOptions::from_json(options)?;
            let at_texts = utf8(at_texts)?;
            if fields.is_empty() && ats.is_empty() {
                self.inner.push_with(at_texts, &options)?;
            } else {
                self.inner.push_columns(&EventColumns { leads, strings, fields, ats, at_texts }, &options)?;
            }
            Ok("null".to_owned())
        })())
    }

    /// Adds another log's events.
    pub fn merge(&mut self, other: &LogHandle) -> String {
        reply(self.inner.merge(&other.inner).map(|()| "null".to_owned()))
    }

    /// The report for these options.
    pub fn report(&self, def: &Definition, options: &str) -> String {
        reply((|| json(&self.inner.report(&def.inner, &KpiOptions::from_json(options)?)?))())
    }

    /// The report's figures for these options, as a partial report.
    pub fn partial(&self, def: &Definition, options: &str) -> Result<PartialHandle, String> {
        KpiOptions::from_json(options)
            .and_then(|o| self.inner.partial(&def.inner, &o))
            .map(|inner| PartialHandle { inner })
            .map_err(thrown)
    }

    /// The number of events.
    pub fn count(&self) -> usize {
        self.inner.len()
    }

    /// The log as bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }
}

/// A partial report; the JavaScript `Partial` class wraps it.
#[wasm_bindgen]
pub struct PartialHandle {
    inner: Partial,
}

#[wasm_bindgen]
impl PartialHandle {
    /// A partial report from bytes; throws the error as JSON text.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(def: &Definition, bytes: &[u8]) -> Result<PartialHandle, String> {
        Partial::from_bytes(&def.inner, bytes).map(|inner| PartialHandle { inner }).map_err(thrown)
    }

    /// Adds another partial report's figures.
    pub fn merge(&mut self, other: &PartialHandle) -> String {
        reply(self.inner.merge(&other.inner).map(|_| "null".to_owned()))
    }

    /// The report.
    pub fn report(&self, def: &Definition) -> String {
        reply(self.inner.report(&def.inner).and_then(|r| json(&r)))
    }

    /// The partial report as bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.to_bytes()
    }
}
