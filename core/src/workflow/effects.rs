//! Effects as written in a definition (docs/SPEC.md §3 "Effects"), and their
//! loading. Running them is `crate::effect`'s job.

use crate::error::ProblemCode;
use serde_json::Value;

use super::load::Loader;
use crate::json::raw;
use crate::lead::RESERVED_KEYS;
use crate::value::{pointer_token, type_name, Duration};

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
        plus: Option<Duration>,
        if_unset: bool,
    },
    Set(Vec<(String, Box<str>)>),
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

fn writable(l: &mut Loader, field: &str, path: &str) -> bool {
    if RESERVED_KEYS.contains(&field) {
        l.problem(path, ProblemCode::ReservedKey, format!("\"{field}\" is a reserved key: the engine writes it"));
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
            self.problem(
                path,
                ProblemCode::InvalidValue,
                format!("an effect has exactly one of: {}", KINDS.join(", ")),
            );
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
                        Ok(d) => Some(d),
                        Err(e) => {
                            self.problem(format!("{path}/plus"), ProblemCode::InvalidDuration, e.to_string());
                            None
                        }
                    },
                    Some(other) => {
                        self.problem(
                            format!("{path}/plus"),
                            ProblemCode::InvalidType,
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
                    if writable(self, k, &format!("{kp}/{}", pointer_token(k))) {
                        pairs.push((k.clone(), raw(v).into_boxed_str()));
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
                        self.problem(
                            kp,
                            ProblemCode::InvalidValue,
                            "\"assign\" is \"actor\", null, or \"input.FIELD\"",
                        );
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
                        self.problem(kp, ProblemCode::InvalidValue, "\"reserve\" is \"actor\" or null");
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
