//! Why a move or a note is refused (docs/SPEC.md §3 "Violations").

use serde::Serialize;
use serde_json::{Map, Value};

use crate::i18n::{fill, Lang};

/// The kind of a violation.
///
/// ```
/// use relance_core::ViolationCode;
/// assert_eq!(serde_json::to_string(&ViolationCode::MissingField).unwrap(), "\"missing_field\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationCode {
    /// The current or the target status does not exist in the workflow.
    UnknownStatus,
    /// The lead is in a terminal status that no rule leaves.
    TerminalStatus,
    /// The lead is reserved by another operator.
    Reserved,
    /// No rule moves the lead from its status to the target.
    NoTransition,
    /// The actor has none of the roles a rule asks for.
    RoleRequired,
    /// A required field is empty.
    MissingField,
    /// A rule's or the target status's `when` is not true.
    ConditionFailed,
    /// A declared field has the wrong type or a value outside its `enum`.
    InvalidField,
    /// The value is not a lead: not an object, or no string `status`
    /// (reported by `validate`; every other operation throws `invalid_lead`).
    InvalidLead,
}

impl ViolationCode {
    /// The code as written in JSON.
    ///
    /// ```
    /// assert_eq!(relance_core::ViolationCode::NoTransition.as_str(), "no_transition");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::UnknownStatus => "unknown_status",
            ViolationCode::TerminalStatus => "terminal_status",
            ViolationCode::Reserved => "reserved",
            ViolationCode::NoTransition => "no_transition",
            ViolationCode::RoleRequired => "role_required",
            ViolationCode::MissingField => "missing_field",
            ViolationCode::ConditionFailed => "condition_failed",
            ViolationCode::InvalidField => "invalid_field",
            ViolationCode::InvalidLead => "invalid_lead",
        }
    }

    /// Every code, in declaration order.
    pub const ALL: &'static [ViolationCode] = &[
        ViolationCode::UnknownStatus,
        ViolationCode::TerminalStatus,
        ViolationCode::Reserved,
        ViolationCode::NoTransition,
        ViolationCode::RoleRequired,
        ViolationCode::MissingField,
        ViolationCode::ConditionFailed,
        ViolationCode::InvalidField,
        ViolationCode::InvalidLead,
    ];

    fn template(self, lang: Lang) -> &'static str {
        use ViolationCode::*;
        match (self, lang) {
            (UnknownStatus, Lang::En) => "Unknown status \"{status}\"",
            (UnknownStatus, Lang::Fr) => "Statut inconnu « {status} »",
            (TerminalStatus, Lang::En) => "{fromLabel} is a final status",
            (TerminalStatus, Lang::Fr) => "« {fromLabel} » est un statut final",
            (Reserved, Lang::En) => "This lead is reserved by {reservedBy}",
            (Reserved, Lang::Fr) => "Ce lead est réservé par {reservedBy}",
            (NoTransition, Lang::En) => "A lead cannot move from {fromLabel} to {toLabel}",
            (NoTransition, Lang::Fr) => "Un lead ne peut pas passer de « {fromLabel} » à « {toLabel} »",
            (RoleRequired, Lang::En) => "This move needs one of these roles: {roles}",
            (RoleRequired, Lang::Fr) => "Ce changement demande l'un de ces rôles : {roles}",
            (MissingField, Lang::En) => "{fieldLabel} is required",
            (MissingField, Lang::Fr) => "{fieldLabel} est obligatoire",
            (ConditionFailed, Lang::En) => "The conditions of this move are not met",
            (ConditionFailed, Lang::Fr) => "Les conditions de ce changement ne sont pas remplies",
            (InvalidField, Lang::En) => "{fieldLabel} must be {expected}",
            (InvalidField, Lang::Fr) => "{fieldLabel} doit être {expected}",
            (InvalidLead, Lang::En) => "A lead is an object with a string \"status\"",
            (InvalidLead, Lang::Fr) => "Un lead est un objet avec un « status » texte",
        }
    }
}

/// One reason a move or a note is refused: `{code, message, field?, params}`.
/// `message` is in the requested locale; `params` holds the values it uses, so
/// a host can write its own text.
///
/// ```
/// use relance_core::{Context, Lead, Target, Workflow};
/// let wf = Workflow::preset("partner")?;
/// let lead = Lead::from_json(r#"{"id": "L1", "status": "converted"}"#)?;
/// let d = wf.check(&lead, &Target::status("pending"), &Context::default())?;
/// assert_eq!(d.violations[0].message, "Closed - Converted is a final status");
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// The kind of violation.
    pub code: ViolationCode,
    /// A sentence for people, in the requested locale.
    pub message: String,
    /// The field concerned (`missing_field`, `invalid_field`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The values the message uses.
    pub params: Map<String, Value>,
}

impl Violation {
    /// A violation with the built-in message of `code` in `lang`.
    pub(crate) fn new(code: ViolationCode, lang: Lang, field: Option<String>, params: Map<String, Value>) -> Violation {
        Violation { code, message: fill(code.template(lang), &params), field, params }
    }
}

/// Builds a `params` map from pairs.
/// (Inserted one by one: collecting into a map sorts, and each sort costs
/// kilobytes of wasm.)
pub(crate) fn params<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_owned(), v);
    }
    m
}
