//! The npm package `relance`: a thin wasm-bindgen layer over `relance-core`.
//!
//! Every export takes JSON text and returns JSON text: a result, or `!`
//! followed by a serialized `relance_core::Error`. The package's JavaScript
//! class (`wasm/js/index.js`) turns every argument into JSON text in one
//! place (so no JavaScript value can reach a typed parameter), parses
//! replies, and throws `RelanceError` for error replies. Strings are the
//! cheapest values to move across the boundary, the engine reads exactly the
//! bytes a server would, and no rule lives here: each method parses its
//! arguments, makes one core call and writes the reply.

#![deny(missing_docs)]

use relance_core::{self as core, Context, DueItem, Error, ErrorCode, Lead, Note, Problem, QueueOptions, Target};
use serde::Serialize;
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
    // Through `Value`: serde's typed deserializers would pull in float formatting.
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => Ok(Some(s)),
        Ok(serde_json::Value::Null) => Ok(None),
        _ => Err(Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_type", format!("{what} is a string")))),
    }
}

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

    /// The preset names.
    pub fn presets() -> String {
        reply(Ok(core::presets()))
    }

    /// A preset's definition (its name as JSON text).
    #[wasm_bindgen(js_name = presetJson)]
    pub fn preset_json(name: &str) -> String {
        match text_arg(name, "a preset name").and_then(|n| core::preset_json(&n.unwrap_or_default())) {
            Ok(json) => json.to_owned(),
            Err(e) => reply::<()>(Err(e)),
        }
    }

    /// `{errors, warnings}` of a definition; never an error reply.
    #[wasm_bindgen(js_name = lintJson)]
    pub fn lint_json(definition: &str) -> String {
        reply(Ok(core::Workflow::lint_json(definition)))
    }

    /// The workflow's id.
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The definition as given.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.definition().to_owned()
    }

    /// Statuses in column order (`locale` as JSON text).
    pub fn statuses(&self, locale: &str) -> String {
        reply(text_arg(locale, "a locale").map(|l| self.inner.statuses(l.as_deref())))
    }

    /// Lint warnings.
    pub fn lint(&self) -> String {
        reply(Ok(self.inner.lint()))
    }

    /// Mermaid state diagram.
    #[wasm_bindgen(js_name = toMermaid)]
    pub fn to_mermaid(&self, locale: &str) -> String {
        reply(text_arg(locale, "a locale").and_then(|l| self.inner.to_mermaid(l.as_deref())))
    }

    /// Graphviz DOT.
    #[wasm_bindgen(js_name = toDot)]
    pub fn to_dot(&self, locale: &str) -> String {
        reply(text_arg(locale, "a locale").and_then(|l| self.inner.to_dot(l.as_deref())))
    }

    /// `check(lead, to, ctx)`.
    pub fn check(&self, lead: &str, to: &str, ctx: &str) -> String {
        reply((|| self.inner.check(&Lead::from_json(lead)?, &Target::from_json(to)?, &Context::from_json(ctx)?))())
    }

    /// `options(lead, ctx)`.
    pub fn options(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.options(&Lead::from_json(lead)?, &Context::from_json(ctx)?))())
    }

    /// `actions(lead, ctx)`.
    pub fn actions(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.actions(&Lead::from_json(lead)?, &Context::from_json(ctx)?))())
    }

    /// `apply(lead, to, ctx)`.
    pub fn apply(&self, lead: &str, to: &str, ctx: &str) -> String {
        reply((|| self.inner.apply(&Lead::from_json(lead)?, &Target::from_json(to)?, &Context::from_json(ctx)?))())
    }

    /// `validate(lead, ctx)`.
    pub fn validate(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.validate(lead, &Context::from_json(ctx)?))())
    }

    /// `create(lead, ctx)`.
    pub fn create(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.create(lead, &Context::from_json(ctx)?))())
    }

    /// `deadlines(lead, ctx)`.
    pub fn deadlines(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.deadlines(&Lead::from_json(lead)?, &Context::from_json(ctx)?))())
    }

    /// `due(leads, ctx)`: the leads as one JSON list.
    pub fn due(&self, leads: &str, ctx: &str) -> String {
        reply((|| self.inner.due(&Lead::list_from_json(leads)?, &Context::from_json(ctx)?))())
    }

    /// `fire(lead, item, ctx)`.
    pub fn fire(&self, lead: &str, item: &str, ctx: &str) -> String {
        reply((|| self.inner.fire(&Lead::from_json(lead)?, &DueItem::from_json(item)?, &Context::from_json(ctx)?))())
    }

    /// `addNote(lead, note, ctx)`.
    #[wasm_bindgen(js_name = addNote)]
    pub fn add_note(&self, lead: &str, note: &str, ctx: &str) -> String {
        reply((|| self.inner.add_note(&Lead::from_json(lead)?, &Note::from_json(note)?, &Context::from_json(ctx)?))())
    }

    /// `noteTemplates(locale)`.
    #[wasm_bindgen(js_name = noteTemplates)]
    pub fn note_templates(&self, locale: &str) -> String {
        reply(text_arg(locale, "a locale").map(|l| self.inner.note_templates(l.as_deref())))
    }

    /// `classify(text, locale)`.
    pub fn classify(&self, text: &str, locale: &str) -> String {
        reply((|| {
            let text = text_arg(text, "a note's text")?.unwrap_or_default();
            Ok(self.inner.classify(&text, text_arg(locale, "a locale")?.as_deref()))
        })())
    }

    /// `flowState(lead)`.
    #[wasm_bindgen(js_name = flowState)]
    pub fn flow_state(&self, lead: &str) -> String {
        reply(Lead::from_json(lead).map(|l| self.inner.flow_state(&l)))
    }

    /// `queue(leads, ctx)`: the leads as one JSON list; the options in the context.
    pub fn queue(&self, leads: &str, ctx: &str) -> String {
        reply((|| {
            let (c, o) = (Context::from_json(ctx)?, QueueOptions::from_json(ctx)?);
            self.inner.queue(&Lead::list_from_json(leads)?, &c, &o)
        })())
    }

    /// `mapExternal(provider, status, locale)`.
    #[wasm_bindgen(js_name = mapExternal)]
    pub fn map_external(&self, provider: &str, status: &str, locale: &str) -> String {
        reply((|| {
            let provider = text_arg(provider, "a provider")?.unwrap_or_default();
            let status = text_arg(status, "an external status")?.unwrap_or_default();
            self.inner.map_external(&provider, &status, text_arg(locale, "a locale")?.as_deref())
        })())
    }

    /// `view(lead, ctx)`.
    pub fn view(&self, lead: &str, ctx: &str) -> String {
        reply((|| self.inner.view(&Lead::from_json(lead)?, &Context::from_json(ctx)?))())
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
