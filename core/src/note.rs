//! Notes (seed 002): what an operator records about a lead, through the
//! change pipeline — templates, the outcome, reservation and the note event.

use std::borrow::Cow;

use serde::Serialize;

use crate::change::{Change, Pipeline};
use crate::classify::Outcome;
use crate::context::Context;
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::event::{Event, EventKind};
use crate::json::{raw, ObjectView};
use crate::lead::Lead;
use crate::workflow::Workflow;

/// A note: `{"template"?, "text"?, "outcome"?, "channel"?}`. A template fills
/// what the note leaves out; a bare note (a call logged with no text) is valid.
///
/// ```
/// let note = relance_core::Note::from_json(r#"{"template": "call-back", "channel": "call"}"#)?;
/// assert_eq!(note.template.as_deref(), Some("call-back"));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    /// A note template's id.
    pub template: Option<String>,
    /// What the operator wrote.
    pub text: Option<String>,
    /// The outcome, when the operator chose it.
    pub outcome: Option<Outcome>,
    /// How the contact happened: `call`, `email`, … (free text).
    pub channel: Option<String>,
}

impl Note {
    /// Parses a note from JSON text.
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` for a value that is not an object, a
    /// key that is not one of the four, a value that is not a string, or an
    /// unknown outcome — each with its path.
    pub fn from_json(text: &str) -> Result<Note, Error> {
        let obj = ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?.ok_or_else(|| {
            Error::input("", ProblemCode::InvalidType, "a note is an object {template?, text?, outcome?, channel?}")
        })?;
        if let Some(key) = obj.keys().find(|k| !["template", "text", "outcome", "channel"].contains(k)) {
            return Err(Error::one(
                ErrorCode::InvalidInput,
                Problem::new(
                    format!("/{}", crate::value::pointer_token(key)),
                    ProblemCode::UnknownKey,
                    format!("unknown key \"{key}\"; a note has template, text, outcome, channel"),
                ),
            ));
        }
        let text_of = |key: &str| -> Result<Option<String>, Error> {
            let text = obj.string(key).map_err(|_| {
                Error::input(format!("/{key}"), ProblemCode::InvalidType, format!("\"{key}\" must be a string"))
            })?;
            Ok(text.map(Cow::into_owned))
        };
        let outcome = match text_of("outcome")? {
            None => None,
            Some(o) => Some(Outcome::parse(&o).ok_or_else(|| {
                Error::input(
                    "/outcome",
                    ProblemCode::InvalidValue,
                    format!("outcome \"{o}\" is not one of positive, negative, partial, unclassified"),
                )
            })?),
        };
        Ok(Note { template: text_of("template")?, text: text_of("text")?, outcome, channel: text_of("channel")? })
    }
}

/// Where a lead is in the operators' flow (seed 002's "Lead Status Filter").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FlowState {
    /// No note was ever recorded.
    None,
    /// Notes, and the lead is not closed.
    InProgress,
    /// The lead is in a terminal status (notes or not).
    Completed,
}

/// A note template as a page offers it ("Predefined notes"), in one locale.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteTemplateInfo {
    /// The template's id, for [`Note::template`].
    pub id: String,
    /// Its title (its id when it has none).
    pub title: String,
    /// The text it fills in.
    pub text: Option<String>,
    /// The tags it adds.
    pub add_tags: Vec<String>,
    /// The outcome it records.
    pub outcome: Option<Outcome>,
}

impl Workflow {
    /// The note templates, in definition order, texts in `locale`.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("leadflow")?;
    /// let t = wf.note_templates(Some("en"));
    /// assert_eq!((t[1].id.as_str(), t[1].title.as_str()), ("call-back", "Call back"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn note_templates(&self, locale: Option<&str>) -> Vec<NoteTemplateInfo> {
        let loc = self.locales(locale);
        self.note_templates
            .iter()
            .map(|t| NoteTemplateInfo {
                id: t.id.clone(),
                title: loc.text(t.title.as_ref(), &t.id).to_owned(),
                text: t.text.as_ref().and_then(|l| l.resolve(loc.chain())).map(str::to_owned),
                add_tags: t.add_tags.clone(),
                outcome: t.outcome,
            })
            .collect()
    }

    /// The lead's notes count: `notesCount` (an integer ≥ 0, `2.0` included),
    /// 0 when absent or `null`; `Err` for any other value.
    pub(crate) fn notes_count(lead: &Lead) -> Result<u64, Error> {
        let Some(raw) = lead.get("notesCount").map(str::trim).filter(|r| *r != "null") else { return Ok(0) };
        raw.parse::<u64>()
            .ok()
            .or_else(|| crate::json::number(raw).filter(|x| x.fract() == 0.0 && *x >= 0.0).map(|x| x as u64))
            .ok_or_else(|| {
                Error::one(
                    ErrorCode::InvalidLead,
                    Problem::new(
                        "/notesCount",
                        ProblemCode::InvalidType,
                        "\"notesCount\" must be a count (an integer ≥ 0)",
                    ),
                )
            })
    }

    /// `completed` (a terminal status), else `none` (no notes), else `inProgress`.
    ///
    /// ```
    /// use relance_core::{FlowState, Lead, Workflow};
    /// let wf = Workflow::preset("leadflow")?;
    /// assert_eq!(wf.flow_state(&Lead::from_json(r#"{"status": "new"}"#)?), FlowState::None);
    /// assert_eq!(wf.flow_state(&Lead::from_json(r#"{"status": "working", "notesCount": 2}"#)?), FlowState::InProgress);
    /// assert_eq!(wf.flow_state(&Lead::from_json(r#"{"status": "closed_lost"}"#)?), FlowState::Completed);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn flow_state(&self, lead: &Lead) -> FlowState {
        let terminal = self.status_index(lead.status()).is_some_and(|i| self.statuses[i].is_terminal());
        // A `notesCount` that is not a count reads as notes taken.
        match (terminal, Workflow::notes_count(lead).unwrap_or(1)) {
            (true, _) => FlowState::Completed,
            (false, 0) => FlowState::None,
            (false, _) => FlowState::InProgress,
        }
    }

    /// The outcome of a text (docs/SPEC.md §5): folded, whole words, the longest
    /// phrase at each word; the most matches wins, a tie or none is
    /// `unclassified`. Without a locale, every locale's lists are used.
    ///
    /// ```
    /// use relance_core::{Outcome, Workflow};
    /// let wf = Workflow::preset("leadflow")?;
    /// assert_eq!(wf.classify("Pas intéressé", Some("fr")), Outcome::Negative);
    /// assert_eq!(wf.classify("Intéressé !", Some("fr")), Outcome::Positive);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn classify(&self, text: &str, locale: Option<&str>) -> Outcome {
        self.classifier.classify(text, locale)
    }

    /// Records a note (docs/SPEC.md §5): the template fills what the note leaves out;
    /// the outcome is the note's, the template's, else the classifier's; then
    /// `notesCount`, `lastNoteAt`, `lastOutcome`, the template's tags, the
    /// reservation (an actor with a role of `reservation.roles` takes a lead
    /// nobody holds) and the tag rules.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Note, Workflow};
    /// let wf = Workflow::preset("leadflow")?;
    /// let lead = Lead::from_json(r#"{"id": "F-1", "status": "new"}"#)?;
    /// let ctx = Context::from_json(r#"{"now": "2026-11-22T09:00:00Z", "actor": {"id": "op1", "roles": ["operator"]}}"#)?;
    /// let change = wf.add_note(&lead, &Note::from_json(r#"{"template": "call-back"}"#)?, &ctx)?;
    /// assert_eq!(change.lead.get("reservedBy"), Some(r#""op1""#));
    /// assert_eq!(change.lead.get("tags"), Some(r#"["Call back"]"#));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `note_denied` (a `reserved` violation) for a lead reserved by someone
    /// else; `invalid_input` for an unknown template; `invalid_time` without `now`.
    pub fn add_note(&self, lead: &Lead, note: &Note, ctx: &Context) -> Result<Change, Error> {
        let template = match &note.template {
            None => None,
            Some(id) => Some(self.note_templates.iter().find(|t| t.id == *id).ok_or_else(|| {
                Error::input("/template", ProblemCode::InvalidValue, format!("no note template \"{id}\""))
            })?),
        };
        let loc = self.locales(ctx.locale());
        if let Some(holder) = self.reserved_by_other(lead, ctx) {
            return Err(Error::denied(ErrorCode::NoteDenied, vec![crate::decide::reserved(&holder, loc.builtin())]));
        }
        let now = ctx.require_now()?;
        let text = note
            .text
            .clone()
            .or_else(|| template.and_then(|t| t.text.as_ref()).and_then(|l| l.resolve(loc.chain())).map(str::to_owned));
        let outcome = note
            .outcome
            .or(template.and_then(|t| t.outcome))
            .unwrap_or_else(|| text.as_deref().map_or(Outcome::Unclassified, |t| self.classify(t, ctx.locale())));
        let mut p = Pipeline::new(self, lead, ctx, now);
        p.lead.set_raw("notesCount", raw(&Workflow::notes_count(lead)?.saturating_add(1)));
        p.lead.set_raw("lastNoteAt", raw(&now));
        p.lead.set_raw("lastOutcome", raw(&outcome));
        if let Some(t) = template {
            p.tags().add(&t.add_tags);
        }
        let actor = ctx.actor();
        if let (None, Some(id)) = (lead.reserved_by(), actor.and_then(|a| a.id())) {
            if actor.is_some_and(|a| self.reservation.roles.iter().any(|r| a.has_role(r))) {
                p.lead.set_raw("reservedBy", raw(id));
            }
        }
        let (next, effects) = p.finish()?;
        let event = Event {
            lead: lead.id_raw(),
            at: now,
            kind: EventKind::Note { outcome, text, channel: note.channel.clone(), template: note.template.clone() },
            actor: actor.and_then(|a| a.id()).map(str::to_owned),
            timer: None,
        };
        Ok(Change { lead: next, effects, event: Some(event) })
    }
}
