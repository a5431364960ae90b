//! The npm package `relance`: a thin wasm-bindgen wrapper over `relance-core`.
//!
//! Each method converts its arguments (see [`convert`]), makes one core call
//! and converts the result or the error back. No rule lives here.

#![deny(missing_docs)]

mod convert;
mod types;

use relance_core as core;
use wasm_bindgen::prelude::*;

use convert::{result, text, text_or_string};

fn lead(v: &JsValue) -> Result<core::Lead, JsValue> {
    core::Lead::from_json(&text(v)?).map_err(convert::error)
}

fn ctx(v: &JsValue) -> Result<core::Context, JsValue> {
    core::Context::from_json(&text(v)?).map_err(convert::error)
}

fn target(v: &JsValue) -> Result<core::Target, JsValue> {
    core::Target::from_json(&text(v)?).map_err(convert::error)
}

/// A loaded workflow (see `relance_core::Workflow`).
#[wasm_bindgen]
pub struct Workflow {
    inner: core::Workflow,
}

#[wasm_bindgen]
impl Workflow {
    /// Loads a workflow from a definition object or its JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "WorkflowDefinition | string")] definition: JsValue,
    ) -> Result<Workflow, JsValue> {
        let json = text_or_string(&definition)?;
        core::Workflow::from_json(&json).map(|inner| Workflow { inner }).map_err(convert::error)
    }

    /// Loads a preset workflow by name.
    pub fn preset(#[wasm_bindgen(unchecked_param_type = "PresetName")] name: &str) -> Result<Workflow, JsValue> {
        core::Workflow::preset(name).map(|inner| Workflow { inner }).map_err(convert::error)
    }

    /// The names of the presets.
    #[wasm_bindgen(unchecked_return_type = "PresetName[]")]
    pub fn presets() -> Result<JsValue, JsValue> {
        convert::out(&core::presets())
    }

    /// The definition of a preset, to copy and customise.
    #[wasm_bindgen(js_name = presetJson, unchecked_return_type = "WorkflowDefinition")]
    pub fn preset_json(#[wasm_bindgen(unchecked_param_type = "PresetName")] name: &str) -> Result<JsValue, JsValue> {
        let json = core::preset_json(name).map_err(convert::error)?;
        js_sys::JSON::parse(json)
    }

    /// The workflow's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The statuses in column order, labels in `locale`.
    #[wasm_bindgen(unchecked_return_type = "StatusInfo[]")]
    pub fn statuses(&self, locale: Option<String>) -> Result<JsValue, JsValue> {
        convert::out(&self.inner.statuses(locale.as_deref()))
    }

    /// The definition as given.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WorkflowDefinition")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        convert::out(self.inner.definition())
    }

    /// Checks a definition for an editor; never throws: `{errors, warnings}`.
    #[wasm_bindgen(js_name = lintJson, unchecked_return_type = "LintReport")]
    pub fn lint_json(
        #[wasm_bindgen(unchecked_param_type = "WorkflowDefinition | string")] definition: JsValue,
    ) -> Result<JsValue, JsValue> {
        let json = text_or_string(&definition)?;
        convert::out(&core::Workflow::lint_json(&json))
    }

    /// Warnings about this workflow.
    #[wasm_bindgen(unchecked_return_type = "Problem[]")]
    pub fn lint(&self) -> Result<JsValue, JsValue> {
        convert::out(&self.inner.lint())
    }

    /// The status graph as a Mermaid state diagram.
    #[wasm_bindgen(js_name = toMermaid)]
    pub fn to_mermaid(&self, locale: Option<String>) -> String {
        self.inner.to_mermaid(locale.as_deref())
    }

    /// The status graph in Graphviz DOT.
    #[wasm_bindgen(js_name = toDot)]
    pub fn to_dot(&self, locale: Option<String>) -> String {
        self.inner.to_dot(locale.as_deref())
    }

    /// The violations of a stored lead (an empty list: valid).
    #[wasm_bindgen(unchecked_return_type = "Violation[]")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] lead: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context")] ctx: JsValue,
    ) -> Result<JsValue, JsValue> {
        result(self.inner.validate(&text(&lead)?, &self::ctx(&ctx)?))
    }

    /// The actions the lead's status offers, with whether each is allowed.
    #[wasm_bindgen(unchecked_return_type = "ActionInfo[]")]
    pub fn actions(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Lead")] lead: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context")] ctx: JsValue,
    ) -> Result<JsValue, JsValue> {
        result(self.inner.actions(&self::lead(&lead)?, &self::ctx(&ctx)?))
    }

    /// Whether `lead` may move to `to` now, and why not.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Lead")] lead: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Target")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context")] ctx: JsValue,
    ) -> Result<JsValue, JsValue> {
        result(self.inner.check(&self::lead(&lead)?, &target(&to)?, &self::ctx(&ctx)?))
    }

    /// Every status, in column order, with whether the lead may move there.
    #[wasm_bindgen(unchecked_return_type = "StatusOption[]")]
    pub fn options(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Lead")] lead: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context")] ctx: JsValue,
    ) -> Result<JsValue, JsValue> {
        result(self.inner.options(&self::lead(&lead)?, &self::ctx(&ctx)?))
    }

    /// Moves the lead; throws `transition_denied` with the violations.
    #[wasm_bindgen(unchecked_return_type = "Change")]
    pub fn apply(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Lead")] lead: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Target")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Context")] ctx: JsValue,
    ) -> Result<JsValue, JsValue> {
        result(self.inner.apply(&self::lead(&lead)?, &target(&to)?, &self::ctx(&ctx)?))
    }
}
