//! The five seed workflows, embedded in the crate (docs/SPEC.md §7).

use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::workflow::Workflow;

/// Preset names and their definitions, in the order of the seeds.
const PRESETS: [(&str, &str); 5] = [
    ("relance", include_str!(concat!(env!("OUT_DIR"), "/relance.json"))),
    ("onelead", include_str!(concat!(env!("OUT_DIR"), "/onelead.json"))),
    ("leadflow", include_str!(concat!(env!("OUT_DIR"), "/leadflow.json"))),
    ("remonline", include_str!(concat!(env!("OUT_DIR"), "/remonline.json"))),
    ("partner", include_str!(concat!(env!("OUT_DIR"), "/partner.json"))),
];

/// The names of the preset workflows.
///
/// ```
/// assert_eq!(relance_core::presets(), ["relance", "onelead", "leadflow", "remonline", "partner"]);
/// ```
pub fn presets() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

/// The JSON definition of a preset, to copy and customise.
///
/// # Errors
/// `unknown_preset`.
pub fn preset_json(name: &str) -> Result<&'static str, Error> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, j)| *j).ok_or_else(|| {
        Error::one(
            ErrorCode::UnknownPreset,
            Problem::new(
                "",
                ProblemCode::UnknownPreset,
                format!("no preset \"{name}\"; the presets are: {}", presets().join(", ")),
            ),
        )
    })
}

impl Workflow {
    /// Loads a preset workflow by name.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("partner")?;
    /// assert_eq!(wf.id(), "partner-leads");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `unknown_preset`.
    pub fn preset(name: &str) -> Result<Workflow, Error> {
        Workflow::from_json(preset_json(name)?)
    }
}
