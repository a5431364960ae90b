//! Loading a definition: every problem is collected, each with a JSON Pointer,
//! before the workflow is refused.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::selector::{Selector, StatusSet, Term};
use super::{Category, FieldDef, Rule, Status, Workflow};
use crate::error::{Error, ErrorCode, Problem};
use crate::i18n::Label;
use crate::value::{pointer_token, type_name};

/// The largest definition accepted, in bytes of JSON text.
pub(crate) const MAX_DEFINITION_BYTES: usize = 4 << 20;

pub(crate) fn from_json(text: &str) -> Result<Workflow, Error> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(Error::one(
            ErrorCode::LimitExceeded,
            Problem::new(
                "",
                "too_long",
                format!("a definition is at most {MAX_DEFINITION_BYTES} bytes"),
            ),
        ));
    }
    let def: Value = serde_json::from_str(text).map_err(|e| {
        let code = if e.to_string().starts_with("recursion limit") {
            ErrorCode::LimitExceeded
        } else {
            ErrorCode::InvalidJson
        };
        Error::one(code, crate::lead::json_problem(e))
    })?;
    from_value(def)
}

pub(crate) fn from_value(def: Value) -> Result<Workflow, Error> {
    let mut l = Loader {
        problems: Vec::new(),
    };
    let wf = l.workflow(&def);
    match wf {
        Some(mut wf) if l.problems.is_empty() => {
            wf.source = def;
            Ok(wf)
        }
        _ => Err(Error::many(ErrorCode::InvalidWorkflow, l.problems)),
    }
}

/// Collects problems while reading a definition.
pub(crate) struct Loader {
    pub(crate) problems: Vec<Problem>,
}

fn join(path: &str, key: &str) -> String {
    format!("{path}/{}", pointer_token(key))
}

impl Loader {
    pub(crate) fn problem(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem::new(path, code, message));
    }

    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.problem(
                    path,
                    "invalid_type",
                    format!("expected an object, got {}", type_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn list<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.problem(
                    path,
                    "invalid_type",
                    format!("expected a list, got {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Reports keys of `m` that are not in `allowed`.
    pub(crate) fn known_keys(&mut self, m: &Map<String, Value>, path: &str, allowed: &[&str]) {
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                self.problem(
                    join(path, k),
                    "unknown_key",
                    format!(
                        "unknown key \"{k}\"; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// An optional string; a present value of another type is a problem.
    pub(crate) fn opt_str<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v str> {
        match m.get(key)? {
            Value::String(s) => Some(s),
            other => {
                self.problem(
                    join(path, key),
                    "invalid_type",
                    format!("\"{key}\" must be a string, not {}", type_name(other)),
                );
                None
            }
        }
    }

    /// A required non-empty string.
    pub(crate) fn req_str<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'v str> {
        if !m.contains_key(key) {
            self.problem(join(path, key), "missing", format!("\"{key}\" is required"));
            return None;
        }
        let s = self.opt_str(m, key, path)?;
        if s.trim().is_empty() {
            self.problem(
                join(path, key),
                "invalid_value",
                format!("\"{key}\" must not be empty"),
            );
            return None;
        }
        Some(s)
    }

    pub(crate) fn opt_bool(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> bool {
        match m.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.problem(
                    join(path, key),
                    "invalid_type",
                    format!("\"{key}\" must be true or false, not {}", type_name(other)),
                );
                false
            }
        }
    }

    pub(crate) fn opt_label(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Label> {
        let v = m.get(key)?;
        let label = Label::from_json(v);
        if label.is_none() {
            self.problem(
                join(path, key),
                "invalid_type",
                format!("\"{key}\" must be a string or an object {{locale: text}}"),
            );
        }
        label
    }

    /// A list of strings (a lone string is a list of one).
    pub(crate) fn str_list(&mut self, v: &Value, path: &str) -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => self.problem(
                            format!("{path}/{i}"),
                            "invalid_type",
                            format!("expected a string, got {}", type_name(other)),
                        ),
                    }
                }
                out
            }
            other => {
                self.problem(
                    path,
                    "invalid_type",
                    format!(
                        "expected a string or a list of strings, got {}",
                        type_name(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn workflow(&mut self, def: &Value) -> Option<Workflow> {
        let m = self.object(def, "")?;
        self.known_keys(
            m,
            "",
            &[
                "$schema",
                "id",
                "version",
                "description",
                "defaultLocale",
                "timezone",
                "fields",
                "statuses",
                "transitions",
                "timers",
                "funnel",
                "noteTemplates",
                "tagRules",
                "hide",
                "queue",
                "outcomes",
                "reservation",
                "external",
                "calendars",
            ],
        );
        let id = self.req_str(m, "id", "").unwrap_or_default().to_owned();
        let default_locale = self
            .opt_str(m, "defaultLocale", "")
            .unwrap_or("en")
            .to_owned();
        let timezone = self.opt_str(m, "timezone", "").unwrap_or("UTC").to_owned();
        let fields = match m.get("fields") {
            Some(v) => self.fields(v),
            None => HashMap::new(),
        };
        let statuses = match m.get("statuses") {
            Some(v) => self.statuses(v),
            None => {
                self.problem("/statuses", "missing", "\"statuses\" is required");
                Vec::new()
            }
        };
        let mut index = HashMap::with_capacity(statuses.len());
        for (i, s) in statuses.iter().enumerate() {
            index.entry(s.id.clone()).or_insert(i);
        }
        let mut columns: Vec<usize> = (0..statuses.len()).collect();
        columns.sort_by(|&a, &b| statuses[a].order.total_cmp(&statuses[b].order));
        let mut wf = Workflow {
            source: Value::Null,
            id,
            default_locale,
            timezone,
            fields,
            statuses,
            index,
            columns,
            rules: Vec::new(),
        };
        if let Some(v) = m.get("transitions") {
            wf.rules = self.rules(v, &wf);
        }
        Some(wf)
    }

    fn fields(&mut self, v: &Value) -> HashMap<String, FieldDef> {
        let mut out = HashMap::new();
        let Some(m) = self.object(v, "/fields") else {
            return out;
        };
        for (name, def) in m {
            let path = join("/fields", name);
            if crate::lead::RESERVED_KEYS.contains(&name.as_str()) {
                self.problem(
                    &path,
                    "reserved_key",
                    format!("\"{name}\" is a reserved key of leads"),
                );
            }
            let Some(d) = self.object(def, &path) else {
                continue;
            };
            self.known_keys(d, &path, &["label", "type", "enum", "description"]);
            let label = self.opt_label(d, "label", &path);
            out.insert(name.clone(), FieldDef { label });
        }
        out
    }

    fn statuses(&mut self, v: &Value) -> Vec<Status> {
        let Some(items) = self.list(v, "/statuses") else {
            return Vec::new();
        };
        let mut out: Vec<Status> = Vec::with_capacity(items.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("/statuses/{i}");
            let Some(m) = self.object(item, &path) else {
                continue;
            };
            self.known_keys(
                m,
                &path,
                &[
                    "id",
                    "label",
                    "description",
                    "category",
                    "group",
                    "initial",
                    "order",
                    "ui",
                    "require",
                    "when",
                    "onEnter",
                    "onExit",
                ],
            );
            let id = self.req_str(m, "id", &path);
            if let Some(id) = id {
                if let Some(first) = seen.insert(id, i) {
                    self.problem(
                        format!("{path}/id"),
                        "duplicate_id",
                        format!("status \"{id}\" is already defined at /statuses/{first}"),
                    );
                }
            }
            let category = match self.req_str(m, "category", &path) {
                Some(c) => Category::parse(c).or_else(|| {
                    self.problem(
                        format!("{path}/category"),
                        "invalid_value",
                        format!("category \"{c}\" is not one of open, won, lost, closed"),
                    );
                    None
                }),
                None => None,
            };
            let group = self.opt_str(m, "group", &path).map(str::to_owned);
            let initial = self.opt_bool(m, "initial", &path);
            let order = match m.get("order") {
                None | Some(Value::Null) => i as f64,
                Some(Value::Number(n)) => n.as_f64().unwrap_or(i as f64),
                Some(other) => {
                    self.problem(
                        format!("{path}/order"),
                        "invalid_type",
                        format!("\"order\" must be a number, not {}", type_name(other)),
                    );
                    i as f64
                }
            };
            let label = self.opt_label(m, "label", &path);
            let require = m
                .get("require")
                .map(|v| self.str_list(v, &format!("{path}/require")))
                .unwrap_or_default();
            if let (Some(id), Some(category)) = (id, category) {
                if initial && category.is_terminal() {
                    self.problem(
                        format!("{path}/initial"),
                        "invalid_value",
                        format!("status \"{id}\" is terminal and cannot be initial"),
                    );
                }
                out.push(Status {
                    id: id.to_owned(),
                    label,
                    category,
                    group,
                    initial,
                    order,
                    ui: m.get("ui").cloned(),
                    require,
                });
            }
        }
        if !items.is_empty()
            && !out.iter().any(|s| s.initial)
            && self.problems.iter().all(|p| !p.path.ends_with("/initial"))
        {
            self.problem("/statuses", "no_initial", "no status has \"initial\": true");
        } else if items.is_empty() {
            self.problem(
                "/statuses",
                "no_initial",
                "a workflow needs at least one status, and one of them initial",
            );
        }
        out
    }

    /// Resolves a selector; reports unknown ids and group/category names that match nothing.
    pub(crate) fn selector(&mut self, v: &Value, path: &str, wf: &Workflow) -> Selector {
        let n = wf.statuses.len();
        let mut sel = Selector {
            ids: StatusSet::with_len(n),
            via: StatusSet::with_len(n),
            star: false,
        };
        let terms = match v {
            Value::String(_) => vec![(path.to_owned(), v)],
            Value::Array(items) if !items.is_empty() => items
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("{path}/{i}"), t))
                .collect(),
            Value::Array(_) => {
                self.problem(path, "empty_selector", "a selector list must not be empty");
                Vec::new()
            }
            other => {
                self.problem(
                    path,
                    "invalid_type",
                    format!(
                        "a selector is a string or a list of strings, not {}",
                        type_name(other)
                    ),
                );
                Vec::new()
            }
        };
        for (p, t) in terms {
            let Value::String(s) = t else {
                self.problem(
                    p,
                    "invalid_type",
                    format!("a selector element must be a string, not {}", type_name(t)),
                );
                continue;
            };
            match Term::parse(s) {
                Term::Star => sel.star = true,
                Term::Id(id) => match wf.status_index(id) {
                    Some(i) => sel.ids.insert(i),
                    None => self.problem(
                        p,
                        "unknown_status",
                        format!("no status has the id \"{id}\""),
                    ),
                },
                Term::Group(g) => {
                    for (i, st) in wf.statuses.iter().enumerate() {
                        if st.group.as_deref() == Some(g) {
                            sel.via.insert(i);
                        }
                    }
                    if !wf.statuses.iter().any(|st| st.group.as_deref() == Some(g)) {
                        self.problem(
                            p,
                            "empty_selector",
                            format!("no status is in group \"{g}\""),
                        );
                    }
                }
                Term::Category(c) => match Category::parse(c) {
                    None => self.problem(
                        p,
                        "invalid_value",
                        format!("category \"{c}\" is not one of open, won, lost, closed"),
                    ),
                    Some(cat) => {
                        let mut any = false;
                        for (i, st) in wf.statuses.iter().enumerate() {
                            if st.category == cat {
                                sel.via.insert(i);
                                any = true;
                            }
                        }
                        if !any {
                            self.problem(
                                p,
                                "empty_selector",
                                format!("no status is in category \"{c}\""),
                            );
                        }
                    }
                },
            }
        }
        sel
    }

    fn rules(&mut self, v: &Value, wf: &Workflow) -> Vec<Rule> {
        let Some(items) = self.list(v, "/transitions") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("/transitions/{i}");
            let Some(m) = self.object(item, &path) else {
                continue;
            };
            self.known_keys(
                m,
                &path,
                &[
                    "id",
                    "label",
                    "description",
                    "from",
                    "to",
                    "roles",
                    "when",
                    "require",
                    "effects",
                    "message",
                ],
            );
            let id = self.opt_str(m, "id", &path).map(str::to_owned);
            if let Some(id) = m.get("id").and_then(Value::as_str) {
                if let Some(first) = ids.insert(id, i) {
                    self.problem(
                        format!("{path}/id"),
                        "duplicate_id",
                        format!("rule \"{id}\" is already defined at /transitions/{first}"),
                    );
                }
            }
            let sel = |key: &str, l: &mut Loader| match m.get(key) {
                Some(v) => l.selector(v, &format!("{path}/{key}"), wf),
                None => {
                    l.problem(
                        format!("{path}/{key}"),
                        "missing",
                        format!("\"{key}\" is required"),
                    );
                    l.selector(&Value::Array(vec![Value::String("*".into())]), "", wf)
                }
            };
            let from = sel("from", self);
            let to = sel("to", self);
            let roles = match m.get("roles") {
                None | Some(Value::Null) => None,
                Some(v) => {
                    let roles = self.str_list(v, &format!("{path}/roles"));
                    if roles.is_empty() && matches!(v, Value::Array(a) if a.is_empty()) {
                        self.problem(
                            format!("{path}/roles"),
                            "invalid_value",
                            "\"roles\": [] would refuse everyone; leave it out to allow anyone",
                        );
                    }
                    Some(roles)
                }
            };
            let require = m
                .get("require")
                .map(|v| self.str_list(v, &format!("{path}/require")))
                .unwrap_or_default();
            let label = self.opt_label(m, "label", &path);
            let message = self.opt_label(m, "message", &path);
            out.push(Rule {
                id,
                label,
                from,
                to,
                roles,
                require,
                message,
            });
        }
        out
    }
}
