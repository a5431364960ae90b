//! The npm package `relance`: a thin wasm-bindgen layer over `relance-core`.
//!
//! Every operation takes JSON text and returns JSON text: a result, or `!`
//! followed by a serialized `relance_core::Error`. The package's JavaScript
//! class (`wasm/js/index.js`) turns every argument into JSON text in one
//! place (so no JavaScript value can reach a typed parameter), parses
//! replies, and throws `RelanceError` for error replies. No rule lives here:
//! each operation parses its arguments, makes one core call and writes the
//! reply.
//!
//! The operations of a workflow go through one export, [`Handle::call`], by
//! number ([`Op`]): each export costs its own wrapper in the module and in
//! the generated JavaScript, and the package has a size ceiling.

#![deny(missing_docs)]

use relance_core::{
    self as core, Context, DueItem, Error, ErrorCode, EventColumns, EventLog, KpiOptions, Lead, Note, Problem,
    QueueOptions, Target,
};
use serde::{de, Serialize};
use wasm_bindgen::prelude::*;

/// A reply: the result as JSON, or `!` and the error as JSON.
fn reply<T: Serialize>(r: Result<T, Error>) -> String {
    let written = match &r {
        Ok(v) => serde_json::to_string(v),
        Err(e) => serde_json::to_string(e).map(|j| format!("!{j}")),
    };
    written.unwrap_or_else(|e| {
        format!(r#"!{{"code":"invalid_input","message":"cannot write the result: {e}","details":[]}}"#)
    })
}

/// A string argument, given as JSON text; `None` for `null` (an absent argument).
fn text_arg(json: &str, what: &str) -> Result<Option<String>, Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed = de::Deserializer::deserialize_any(&mut de, TextOrNull).and_then(|v| de.end().map(|()| v));
    parsed.ok().flatten().ok_or_else(|| {
        Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_type", format!("{what} is a string")))
    })
}

/// Reads a JSON string (`Some(Some)`), `null` (`Some(None)`) or anything else
/// (`None`). Every `visit_*` is written out: serde's default type-mismatch
/// errors format floats, kilobytes of wasm.
struct TextOrNull;

impl<'de> de::Visitor<'de> for TextOrNull {
    type Value = Option<Option<String>>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Some(v.to_owned())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Ok(None)
    }
}

/// Text the package sends as UTF-8 bytes (`TextEncoder` is native; a string
/// argument is copied into wasm memory by a JavaScript loop, 40 ms for the
/// 25 MB of times of a million events).
fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes)
        .map_err(|_| Error::one(ErrorCode::InvalidJson, Problem::new("", "invalid_utf8", "the text is not UTF-8")))
}

fn locale(json: &str) -> Result<Option<String>, Error> {
    text_arg(json, "a locale")
}

/// The operations of [`Handle::call`], numbered as `wasm/js/index.js` sends them.
#[derive(Clone, Copy)]
enum Op {
    Id = 0,
    ToJson,
    Statuses,
    Lint,
    ToMermaid,
    ToDot,
    Check,
    Options,
    Actions,
    Apply,
    Validate,
    Create,
    Deadlines,
    Due,
    Fire,
    AddNote,
    NoteTemplates,
    Classify,
    FlowState,
    Queue,
    MapExternal,
    View,
    Kpis,
}

const OPS: [Op; 23] = [
    Op::Id,
    Op::ToJson,
    Op::Statuses,
    Op::Lint,
    Op::ToMermaid,
    Op::ToDot,
    Op::Check,
    Op::Options,
    Op::Actions,
    Op::Apply,
    Op::Validate,
    Op::Create,
    Op::Deadlines,
    Op::Due,
    Op::Fire,
    Op::AddNote,
    Op::NoteTemplates,
    Op::Classify,
    Op::FlowState,
    Op::Queue,
    Op::MapExternal,
    Op::View,
    Op::Kpis,
];

/// A loaded workflow; the JavaScript `Workflow` class wraps it.
#[wasm_bindgen]
pub struct Handle {
    inner: core::Workflow,
}

fn handle(r: Result<core::Workflow, Error>) -> Result<Handle, String> {
    r.map(|inner| Handle { inner }).map_err(|e| serde_json::to_string(&e).unwrap_or_default())
}

#[wasm_bindgen]
impl Handle {
    /// Loads a definition (JSON text); throws the error as JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(definition: &str) -> Result<Handle, String> {
        handle(core::Workflow::from_json(definition))
    }

    /// Loads a preset (its name as JSON text); throws the error as JSON text.
    pub fn preset(name: &str) -> Result<Handle, String> {
        handle(text_arg(name, "a preset name").and_then(|n| core::Workflow::preset(&n.unwrap_or_default())))
    }

    /// Operations without a workflow: 0 `presets()`, 1 `presetJson(name)`,
    /// 2 `lintJson(definition)` (never an error reply).
    pub fn global(op: u32, arg: &str) -> String {
        match op {
            0 => reply(Ok(core::presets())),
            1 => match text_arg(arg, "a preset name").and_then(|n| core::preset_json(&n.unwrap_or_default())) {
                Ok(json) => json.to_owned(),
                Err(e) => reply::<()>(Err(e)),
            },
            _ => reply(Ok(core::Workflow::lint_json(arg))),
        }
    }

    /// One operation of the workflow ([`Op`]) with its arguments as JSON text.
    pub fn call(&self, op: u32, a: &str, b: &str, c: &str) -> String {
        let wf = &self.inner;
        let ctx = Context::from_json;
        let Some(&op) = OPS.get(op as usize) else {
            return reply::<()>(Err(Error::one(
                ErrorCode::InvalidInput,
                Problem::new("", "invalid_value", "no such operation"),
            )));
        };
        match op {
            Op::Id => reply(Ok(wf.id())),
            Op::ToJson => wf.definition().to_owned(),
            Op::Statuses => reply(locale(a).map(|l| wf.statuses(l.as_deref()))),
            Op::Lint => reply(Ok(wf.lint())),
            Op::ToMermaid => reply(locale(a).and_then(|l| wf.to_mermaid(l.as_deref()))),
            Op::ToDot => reply(locale(a).and_then(|l| wf.to_dot(l.as_deref()))),
            Op::Check => reply((|| wf.check(&Lead::from_json(a)?, &Target::from_json(b)?, &ctx(c)?))()),
            Op::Options => reply((|| wf.options(&Lead::from_json(a)?, &ctx(b)?))()),
            Op::Actions => reply((|| wf.actions(&Lead::from_json(a)?, &ctx(b)?))()),
            Op::Apply => reply((|| wf.apply(&Lead::from_json(a)?, &Target::from_json(b)?, &ctx(c)?))()),
            Op::Validate => reply((|| wf.validate(a, &ctx(b)?))()),
            Op::Create => reply((|| wf.create(a, &ctx(b)?))()),
            Op::Deadlines => reply((|| wf.deadlines(&Lead::from_json(a)?, &ctx(b)?))()),
            Op::Due => reply((|| wf.due(&Lead::list_from_json(a)?, &ctx(b)?))()),
            Op::Fire => reply((|| wf.fire(&Lead::from_json(a)?, &DueItem::from_json(b)?, &ctx(c)?))()),
            Op::AddNote => reply((|| wf.add_note(&Lead::from_json(a)?, &Note::from_json(b)?, &ctx(c)?))()),
            Op::NoteTemplates => reply(locale(a).map(|l| wf.note_templates(l.as_deref()))),
            Op::Classify => reply((|| {
                let text = text_arg(a, "a note's text")?.unwrap_or_default();
                Ok(wf.classify(&text, locale(b)?.as_deref()))
            })()),
            Op::FlowState => reply(Lead::from_json(a).map(|l| wf.flow_state(&l))),
            Op::Queue => reply((|| wf.queue(&Lead::list_from_json(a)?, &ctx(b)?, &QueueOptions::from_json(b)?))()),
            Op::MapExternal => reply((|| {
                let provider = text_arg(a, "a provider")?.unwrap_or_default();
                let status = text_arg(b, "an external status")?.unwrap_or_default();
                wf.map_external(&provider, &status, locale(c)?.as_deref())
            })()),
            Op::View => reply((|| wf.view(&Lead::from_json(a)?, &ctx(b)?))()),
            Op::Kpis => reply((|| wf.kpis(a, &KpiOptions::from_json(b)?))()),
        }
    }

    /// `kpis(events, options)`, the events as columns (see `EventColumns`).
    #[wasm_bindgen(js_name = kpisColumns)]
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
            let mut log = EventLog::new(&self.inner);
            log.push_columns(&EventColumns { leads, strings, fields, ats, at_texts: utf8(at_texts)? })?;
            log.report(&self.inner, &KpiOptions::from_json(options)?)
        })())
    }

    /// Panics on purpose. The package's recovery from a panic (which the
    /// engine is built and fuzzed never to raise) is tested through this
    /// export; it is not part of the API.
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
    /// An empty log for a workflow.
    #[wasm_bindgen(constructor)]
    pub fn new(wf: &Handle) -> LogHandle {
        LogHandle { inner: EventLog::new(&wf.inner) }
    }

    /// A log from bytes; throws the error as JSON text.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(wf: &Handle, bytes: &[u8]) -> Result<LogHandle, String> {
        EventLog::from_bytes(&wf.inner, bytes)
            .map(|inner| LogHandle { inner })
            .map_err(|e| serde_json::to_string(&e).unwrap_or_default())
    }

    /// Adds events given as columns, or (`fields` empty) as JSON or NDJSON
    /// text in `at_texts`; the reply is `null` or an error.
    pub fn push(&mut self, leads: &str, strings: &str, fields: &[i32], ats: &[f64], at_texts: &[u8]) -> String {
        reply(utf8(at_texts).and_then(|at_texts| {
            if fields.is_empty() && ats.is_empty() {
                return self.inner.push(at_texts);
            }
            self.inner.push_columns(&EventColumns { leads, strings, fields, ats, at_texts })
        }))
    }

    /// Adds another log's events.
    pub fn merge(&mut self, other: &LogHandle) -> String {
        reply(self.inner.merge(&other.inner))
    }

    /// The report for these options.
    pub fn report(&self, wf: &Handle, options: &str) -> String {
        reply((|| self.inner.report(&wf.inner, &KpiOptions::from_json(options)?))())
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
