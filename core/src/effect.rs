//! Running effects: what a change does to a lead besides changing its status,
//! and the events it asks the host to carry out (docs/SPEC.md §3 "Effects").

use serde::Serialize;
use serde_json::Value;

use crate::context::Context;
use crate::json::raw;
use crate::lead::Lead;
use crate::tags::Tags;
use crate::value::Time;
use crate::workflow::{Assignee, Effect, Workflow};

/// Something a change asks its host to carry out or to know: an event to
/// emit (an SMS, an email, "create an order"), or the tags it added or removed.
///
/// ```
/// use relance_core::{Context, Lead, Target, Time, Workflow};
/// let wf = Workflow::preset("partner")?;
/// let lead = Lead::from_json(r#"{"status": "pending", "partnerOrg": "acme"}"#)?;
/// let ctx = Context::from_json(r#"{"now": "2026-11-22T09:00:00Z",
///     "actor": {"id": "pat", "roles": ["partner"], "org": "acme"}}"#)?;
/// let change = wf.apply(&lead, &Target::action("accept"), &ctx)?;
/// assert_eq!(serde_json::to_string(&change.effects).unwrap(), r#"[{"emit":"lead.accepted"}]"#);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum EffectOut {
    /// An event for the host, with its data.
    Emit {
        /// The event name, as written in the workflow.
        emit: String,
        /// Its data, as written in the workflow.
        #[serde(skip_serializing_if = "Option::is_none")]
        data: Option<Value>,
    },
    /// Tags the change added, in order.
    TagsAdded {
        /// The tags.
        #[serde(rename = "tagsAdded")]
        tags_added: Vec<String>,
    },
    /// Tags the change removed, in order.
    TagsRemoved {
        /// The tags.
        #[serde(rename = "tagsRemoved")]
        tags_removed: Vec<String>,
    },
}

/// Runs effects on a lead and its working tag list, stamping times at `at`.
pub(crate) struct Runner<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) at: Time,
    pub(crate) tags: Tags,
    pub(crate) out: Vec<EffectOut>,
}

impl Runner<'_> {
    pub(crate) fn run(&mut self, lead: &mut Lead, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Stamp { field, plus, if_unset } => {
                    if *if_unset && !crate::json::is_empty(lead.get(field)) {
                        continue;
                    }
                    let at = self.at.plus(plus.map_or(0, |d| d.millis()));
                    lead.set_raw(field, raw(&at));
                }
                Effect::Set(pairs) => {
                    for (k, v) in pairs {
                        lead.set_raw(k, v.to_string());
                    }
                }
                Effect::Unset(keys) => {
                    for k in keys {
                        lead.remove(k);
                    }
                }
                Effect::AddTags(t) => self.tags.add(t),
                Effect::RemoveTags(t) => self.tags.remove(t),
                Effect::Assign(who) => {
                    let value = match who {
                        Assignee::Actor => self.actor_id(),
                        Assignee::Nobody => "null".to_owned(),
                        Assignee::Input(k) => self.ctx.input(k).map_or_else(|| "null".to_owned(), str::to_owned),
                    };
                    lead.set_raw("owner", value);
                }
                Effect::Reserve(by_actor) => {
                    let value = if *by_actor { self.actor_id() } else { "null".to_owned() };
                    lead.set_raw("reservedBy", value);
                }
                Effect::Emit { name, data } => {
                    self.out.push(EffectOut::Emit { emit: name.clone(), data: data.clone() })
                }
            }
        }
    }

    fn actor_id(&self) -> String {
        self.ctx.actor().and_then(|a| a.id()).map_or_else(|| "null".to_owned(), raw)
    }
}

/// The net tag changes between two tag lists, as effect items.
pub(crate) fn tag_changes(before: &Tags, after: &Tags, out: &mut Vec<EffectOut>) {
    let added = after.missing_from(before);
    let removed = before.missing_from(after);
    if !added.is_empty() {
        out.push(EffectOut::TagsAdded { tags_added: added });
    }
    if !removed.is_empty() {
        out.push(EffectOut::TagsRemoved { tags_removed: removed });
    }
}

/// The effects list of a move without making it: its emits, and the tags
/// its effects would add and remove (tag rules run only in `apply`).
pub(crate) fn preview(wf: &Workflow, lead: &Lead, rule: usize, target: usize) -> Vec<EffectOut> {
    let exit = wf.status_index(lead.status()).map(|c| &wf.statuses[c].on_exit[..]).unwrap_or_default();
    let all = [exit, &wf.rules[rule].effects, &wf.statuses[target].on_enter];
    let mut out = Vec::new();
    let mut tags: Option<(Tags, Tags)> = None;
    for effect in all.into_iter().flatten() {
        match effect {
            Effect::Emit { name, data } => out.push(EffectOut::Emit { emit: name.clone(), data: data.clone() }),
            Effect::AddTags(t) | Effect::RemoveTags(t) => {
                let (_, after) = tags.get_or_insert_with(|| {
                    let before = Tags::read(lead);
                    (before.clone(), before)
                });
                if matches!(effect, Effect::AddTags(_)) {
                    after.add(t);
                } else {
                    after.remove(t);
                }
            }
            _ => {}
        }
    }
    if let Some((before, after)) = tags {
        tag_changes(&before, &after, &mut out);
    }
    out
}
