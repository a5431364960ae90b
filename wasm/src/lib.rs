//! The npm package `relance`: a thin wasm-bindgen layer over `relance-core`.
//!
//! Every export takes JSON text and returns JSON text: a result, or `!`
//! followed by a serialized `relance_core::Error`. The package's JavaScript
//! class (`wasm/js/index.js`) runs `JSON.stringify` on arguments, `JSON.parse`
//! on replies, and throws `RelanceError` for error replies. Strings are the
//! cheapest values to move across the boundary, the engine reads exactly the
//! bytes a server would, and no rule lives here: each method parses its
//! arguments, makes one core call and writes the reply.

#![deny(missing_docs)]

use relance_core::{self as core, Context, Error, Lead, Target};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A reply: the result as JSON, or `!` and the error as JSON.
fn reply<T: Serialize>(r: Result<T, Error>) -> String {
    let (prefix, json) = match r {
        Ok(v) => ("", serde_json::to_string(&v)),
        Err(e) => ("!", serde_json::to_string(&e)),
    };
    match json {
        Ok(j) => format!("{prefix}{j}"),
        Err(e) => format!(r#"!{{"code":"invalid_input","message":"cannot write the result: {e}","details":[]}}"#),
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

    /// Loads a preset; throws the error as JSON text.
    pub fn preset(name: &str) -> Result<Handle, String> {
        handle(core::Workflow::preset(name))
    }

    /// The preset names.
    pub fn presets() -> String {
        reply(Ok(core::presets()))
    }

    /// A preset's definition.
    #[wasm_bindgen(js_name = presetJson)]
    pub fn preset_json(name: &str) -> String {
        match core::preset_json(name) {
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

    /// Statuses in column order.
    pub fn statuses(&self, locale: Option<String>) -> String {
        reply(Ok(self.inner.statuses(locale.as_deref())))
    }

    /// Lint warnings.
    pub fn lint(&self) -> String {
        reply(Ok(self.inner.lint()))
    }

    /// Mermaid state diagram.
    #[wasm_bindgen(js_name = toMermaid)]
    pub fn to_mermaid(&self, locale: Option<String>) -> String {
        self.inner.to_mermaid(locale.as_deref())
    }

    /// Graphviz DOT.
    #[wasm_bindgen(js_name = toDot)]
    pub fn to_dot(&self, locale: Option<String>) -> String {
        self.inner.to_dot(locale.as_deref())
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
}
