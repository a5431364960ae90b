//! Effects: what a move does to a lead besides changing its status, and the
//! events it asks the host to carry out (SPEC §3 "Effects").

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::context::Context;
use crate::lead::{raw, raw_null, Lead, RESERVED_KEYS};
use crate::value::{type_name, Duration, Time};
use crate::workflow::load::Loader;

/// Who `assign` makes the owner.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Assignee {
    Actor,
    Nobody,
    Input(String),
}

/// One effect, as loaded.
#[derive(Clone, Debug)]
pub(crate) enum Effect {
    Stamp {
        field: String,
        plus: Option<i64>,
        if_unset: bool,
    },
    Set(Vec<(String, Box<RawValue>)>),
    Unset(Vec<String>),
    AddTags(Vec<String>),
    RemoveTags(Vec<String>),
    Assign(Assignee),
    /// `true`: the actor reserves the lead; `false`: the reservation is released.
    Reserve(bool),
    Emit {
        name: String,
        data: Option<Value>,
    },
}

/// Something a change asks its host to carry out or to know: an event to
/// emit (an SMS, an email, "create an order"), or the tags it added or removed.
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

/// Applies effects to a lead; `tags` is the working tag list.
pub(crate) struct Runner<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) now: Time,
    pub(crate) tags: Vec<String>,
    pub(crate) out: Vec<EffectOut>,
}

impl Runner<'_> {
    pub(crate) fn run(&mut self, lead: &mut Lead, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::Stamp { field, plus, if_unset } => {
                    if *if_unset && !crate::decide::is_empty_raw(lead.get(field)) {
                        continue;
                    }
                    lead.set_raw(field, raw(&self.now.plus(plus.unwrap_or(0))));
                }
                Effect::Set(pairs) => {
                    for (k, v) in pairs {
                        lead.set_raw(k, v.clone());
                    }
                }
                Effect::Unset(keys) => {
                    for k in keys {
                        lead.remove(k);
                    }
                }
                Effect::AddTags(t) => crate::tags::add(&mut self.tags, t),
                Effect::RemoveTags(t) => crate::tags::remove(&mut self.tags, t),
                Effect::Assign(who) => {
                    let value = match who {
                        Assignee::Actor => self.actor_id(),
                        Assignee::Nobody => raw_null(),
                        Assignee::Input(k) => self.ctx.input(k).map_or_else(raw_null, ToOwned::to_owned),
                    };
                    lead.set_raw("owner", value);
                }
                Effect::Reserve(by_actor) => {
                    let value = if *by_actor { self.actor_id() } else { raw_null() };
                    lead.set_raw("reservedBy", value);
                }
                Effect::Emit { name, data } => {
                    self.out.push(EffectOut::Emit { emit: name.clone(), data: data.clone() })
                }
            }
        }
    }

    fn actor_id(&self) -> Box<RawValue> {
        self.ctx.actor().and_then(|a| a.id()).map_or_else(raw_null, raw)
    }
}

/// The net tag changes between two tag lists, as effect items.
pub(crate) fn tag_changes(before: &[String], after: &[String], out: &mut Vec<EffectOut>) {
    let added: Vec<String> = after.iter().filter(|t| !before.contains(t)).cloned().collect();
    let removed: Vec<String> = before.iter().filter(|t| !after.contains(t)).cloned().collect();
    if !added.is_empty() {
        out.push(EffectOut::TagsAdded { tags_added: added });
    }
    if !removed.is_empty() {
        out.push(EffectOut::TagsRemoved { tags_removed: removed });
    }
}

fn writable(l: &mut Loader, field: &str, path: &str) -> bool {
    if RESERVED_KEYS.contains(&field) {
        l.problem(path, "reserved_key", format!("\"{field}\" is a reserved key: the engine writes it"));
        return false;
    }
    true
}

impl Loader {
    /// Reads a list of effects.
    pub(crate) fn effects(&mut self, v: &Value, path: &str) -> Vec<Effect> {
        let Some(items) = self.list(v, path) else { return Vec::new() };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}/{i}");
            if let Some(e) = self.effect(item, &p) {
                out.push(e);
            }
        }
        out
    }

    fn effect(&mut self, v: &Value, path: &str) -> Option<Effect> {
        let m = self.object(v, path)?;
        const KINDS: [&str; 8] = ["stamp", "set", "unset", "addTags", "removeTags", "assign", "reserve", "emit"];
        let kinds: Vec<&str> = KINDS.iter().copied().filter(|k| m.contains_key(*k)).collect();
        let [kind] = kinds.as_slice() else {
            self.problem(path, "invalid_value", format!("an effect has exactly one of: {}", KINDS.join(", ")));
            return None;
        };
        let kp = format!("{path}/{kind}");
        match *kind {
            "stamp" => {
                self.known_keys(m, path, &["stamp", "plus", "ifUnset"]);
                let field = self.req_str(m, "stamp", path)?.to_owned();
                let plus = match m.get("plus") {
                    None => None,
                    Some(Value::String(s)) => match Duration::parse(s) {
                        Ok(d) => Some(d.millis()),
                        Err(e) => {
                            self.problem(format!("{path}/plus"), "invalid_duration", e.to_string());
                            None
                        }
                    },
                    Some(other) => {
                        self.problem(
                            format!("{path}/plus"),
                            "invalid_type",
                            format!("\"plus\" is a duration string, not {}", type_name(other)),
                        );
                        None
                    }
                };
                let if_unset = self.opt_bool(m, "ifUnset", path);
                writable(self, &field, &kp).then_some(Effect::Stamp { field, plus, if_unset })
            }
            "set" => {
                self.known_keys(m, path, &["set"]);
                let obj = self.object(&m["set"], &kp)?;
                let mut pairs = Vec::with_capacity(obj.len());
                for (k, v) in obj {
                    if writable(self, k, &format!("{kp}/{}", crate::value::pointer_token(k))) {
                        pairs.push((k.clone(), raw(v)));
                    }
                }
                Some(Effect::Set(pairs))
            }
            "unset" | "addTags" | "removeTags" => {
                self.known_keys(m, path, &[kind]);
                let list = self.str_list(&m[*kind], &kp);
                Some(match *kind {
                    "unset" => {
                        let ok = list.iter().enumerate().all(|(i, f)| writable(self, f, &format!("{kp}/{i}")));
                        ok.then_some(Effect::Unset(list))?
                    }
                    "addTags" => Effect::AddTags(list),
                    _ => Effect::RemoveTags(list),
                })
            }
            "assign" => {
                self.known_keys(m, path, &["assign"]);
                match &m["assign"] {
                    Value::Null => Some(Effect::Assign(Assignee::Nobody)),
                    Value::String(s) if s == "actor" => Some(Effect::Assign(Assignee::Actor)),
                    Value::String(s) if s.starts_with("input.") && s.len() > 6 => {
                        Some(Effect::Assign(Assignee::Input(s[6..].to_owned())))
                    }
                    _ => {
                        self.problem(kp, "invalid_value", "\"assign\" is \"actor\", null, or \"input.FIELD\"");
                        None
                    }
                }
            }
            "reserve" => {
                self.known_keys(m, path, &["reserve"]);
                match &m["reserve"] {
                    Value::Null => Some(Effect::Reserve(false)),
                    Value::String(s) if s == "actor" => Some(Effect::Reserve(true)),
                    _ => {
                        self.problem(kp, "invalid_value", "\"reserve\" is \"actor\" or null");
                        None
                    }
                }
            }
            _ => {
                self.known_keys(m, path, &["emit", "data"]);
                let name = self.req_str(m, "emit", path)?.to_owned();
                let data = match m.get("data") {
                    None => None,
                    Some(d) => Some(Value::Object(self.object(d, &format!("{path}/data"))?.clone())),
                };
                Some(Effect::Emit { name, data })
            }
        }
    }
}
