//! Loading a definition: every problem is collected, each with a JSON Pointer,
//! before the workflow is refused.

use serde_json::{Map, Value};

use super::selector::{Selector, StatusSet, Term};
use super::{Category, FieldDef, FieldType, Rule, Status, TagRule, TimerDecl, Workflow};
use crate::error::{Error, ErrorCode, Problem};
use crate::expr::Condition;
use crate::i18n::Label;
use crate::lead::{raw_items, RawObject};
use crate::value::{pointer_token, type_name};

/// The largest definition accepted, in bytes of JSON text.
pub(crate) const MAX_DEFINITION_BYTES: usize = 4 << 20;

pub(crate) fn from_json(text: &str) -> Result<Workflow, Error> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(Error::one(
            ErrorCode::LimitExceeded,
            Problem::new("", "too_long", format!("a definition is at most {MAX_DEFINITION_BYTES} bytes")),
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
    load(&def, text)
}

pub(crate) fn from_value(def: Value) -> Result<Workflow, Error> {
    load(&def, &def.to_string())
}

/// Loads the parsed definition `def`, whose JSON text is `text`.
fn load(def: &Value, text: &str) -> Result<Workflow, Error> {
    let mut l = Loader { problems: Vec::new(), timer_ids: Vec::new() };
    match l.workflow(def) {
        Some(mut wf) if l.problems.is_empty() => {
            // `ui` is opaque: keep each status's raw text, key order included.
            let statuses =
                RawObject::parse(text).ok().flatten().and_then(|o| o.get("statuses").and_then(|s| raw_items(s.get())));
            for (status, raw) in wf.statuses.iter_mut().zip(statuses.unwrap_or_default()) {
                status.ui = RawObject::parse(raw.get()).ok().flatten().and_then(|o| o.get("ui").map(ToOwned::to_owned));
            }
            wf.source = text.to_owned();
            Ok(wf)
        }
        _ => Err(Error::many(ErrorCode::InvalidWorkflow, l.problems)),
    }
}

/// Collects problems while reading a definition.
pub(crate) struct Loader {
    pub(crate) problems: Vec<Problem>,
    /// Timer ids, which `sla("…")` may name.
    timer_ids: Vec<String>,
}

fn join(path: &str, key: &str) -> String {
    format!("{path}/{}", pointer_token(key))
}

impl Loader {
    pub(crate) fn problem(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.problems.push(Problem::new(path, code, message));
    }

    pub(crate) fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.problem(path, "invalid_type", format!("expected an object, got {}", type_name(other)));
                None
            }
        }
    }

    pub(crate) fn list<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.problem(path, "invalid_type", format!("expected a list, got {}", type_name(other)));
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
                    format!("unknown key \"{k}\"; expected one of: {}", allowed.join(", ")),
                );
            }
        }
    }

    /// An optional string; a present value of another type is a problem.
    pub(crate) fn opt_str<'v>(&mut self, m: &'v Map<String, Value>, key: &str, path: &str) -> Option<&'v str> {
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
    pub(crate) fn req_str<'v>(&mut self, m: &'v Map<String, Value>, key: &str, path: &str) -> Option<&'v str> {
        if !m.contains_key(key) {
            self.problem(join(path, key), "missing", format!("\"{key}\" is required"));
            return None;
        }
        let s = self.opt_str(m, key, path)?;
        if s.trim().is_empty() {
            self.problem(join(path, key), "invalid_value", format!("\"{key}\" must not be empty"));
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

    /// Records `id` at position `i` of `list` (`"statuses"`, …); a second use is a `duplicate_id` problem.
    fn unique_id<'v>(&mut self, seen: &mut Vec<(&'v str, usize)>, id: &'v str, i: usize, list: &str, what: &str) {
        if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == id) {
            self.problem(
                format!("/{list}/{i}/id"),
                "duplicate_id",
                format!("{what} \"{id}\" is already defined at /{list}/{first}"),
            );
        } else {
            seen.push((id, i));
        }
    }

    /// An optional condition, compiled; a syntax error is reported with its column.
    pub(crate) fn condition(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<Condition> {
        let p = join(path, key);
        let src = match m.get(key)? {
            Value::String(s) => s,
            other => {
                self.problem(p, "invalid_type", format!("a condition is a string, not {}", type_name(other)));
                return None;
            }
        };
        match Condition::compile(src, &self.timer_ids) {
            Ok(c) => Some(c),
            Err(e) => {
                self.problems.push(Problem { path: p, code: e.code, message: e.message, column: Some(e.column) });
                None
            }
        }
    }

    pub(crate) fn opt_label(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<Label> {
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
                    format!("expected a string or a list of strings, got {}", type_name(other)),
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
        if let Some(Value::Array(timers)) = m.get("timers") {
            self.timer_ids =
                timers.iter().filter_map(|t| t.get("id").and_then(Value::as_str)).map(str::to_owned).collect();
        }
        let id = self.req_str(m, "id", "").unwrap_or_default().to_owned();
        let default_locale = self.opt_str(m, "defaultLocale", "").unwrap_or("en").to_owned();
        let timezone = self.opt_str(m, "timezone", "").unwrap_or("UTC").to_owned();
        let fields = match m.get("fields") {
            Some(v) => self.fields(v),
            None => Vec::new(),
        };
        let statuses = match m.get("statuses") {
            Some(v) => self.statuses(v),
            None => {
                self.problem("/statuses", "missing", "\"statuses\" is required");
                Vec::new()
            }
        };
        let mut columns: Vec<usize> = (0..statuses.len()).collect();
        columns.sort_by(|&a, &b| statuses[a].order.total_cmp(&statuses[b].order));
        let mut wf = Workflow {
            source: String::new(),
            id,
            default_locale,
            timezone,
            fields,
            statuses,
            columns,
            rules: Vec::new(),
            tag_rules: Vec::new(),
            timers: Vec::new(),
            override_roles: Vec::new(),
        };
        if let Some(v) = m.get("transitions") {
            wf.rules = self.rules(v, &wf);
        }
        if let Some(v) = m.get("timers") {
            wf.timers = self.timers(v, &wf, m.get("calendars"));
        }
        if let Some(v) = m.get("tagRules") {
            wf.tag_rules = self.tag_rules(v);
        }
        if let Some(v) = m.get("reservation") {
            wf.override_roles = self.reservation(v);
        }
        for key in ["funnel", "noteTemplates", "hide"] {
            if let Some(v) = m.get(key) {
                self.list(v, &format!("/{key}"));
            }
        }
        for key in ["queue", "outcomes", "external", "calendars"] {
            if let Some(v) = m.get(key) {
                self.object(v, &format!("/{key}"));
            }
        }
        Some(wf)
    }

    fn fields(&mut self, v: &Value) -> Vec<(String, FieldDef)> {
        let mut out = Vec::new();
        let Some(m) = self.object(v, "/fields") else {
            return out;
        };
        for (name, def) in m {
            let path = join("/fields", name);
            if crate::lead::RESERVED_KEYS.contains(&name.as_str()) {
                self.problem(&path, "reserved_key", format!("\"{name}\" is a reserved key of leads"));
            }
            let Some(d) = self.object(def, &path) else {
                continue;
            };
            self.known_keys(d, &path, &["label", "type", "enum", "description"]);
            let label = self.opt_label(d, "label", &path);
            let kind = self.opt_str(d, "type", &path).and_then(|t| {
                let kind = match t {
                    "string" => FieldType::String,
                    "number" => FieldType::Number,
                    "boolean" => FieldType::Boolean,
                    "time" => FieldType::Time,
                    "list" => FieldType::List,
                    "object" => FieldType::Object,
                    _ => {
                        self.problem(
                            format!("{path}/type"),
                            "invalid_value",
                            format!("type \"{t}\" is not one of string, number, boolean, time, list, object"),
                        );
                        return None;
                    }
                };
                Some(kind)
            });
            let allowed = d.get("enum").and_then(|e| self.list(e, &format!("{path}/enum"))).map(<[Value]>::to_vec);
            out.push((name.clone(), FieldDef { label, kind, allowed }));
        }
        out
    }

    fn statuses(&mut self, v: &Value) -> Vec<Status> {
        let Some(items) = self.list(v, "/statuses") else {
            return Vec::new();
        };
        let mut out: Vec<Status> = Vec::with_capacity(items.len());
        let mut seen = Vec::new();
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
                self.unique_id(&mut seen, id, i, "statuses", "status");
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
            let require = m.get("require").map(|v| self.str_list(v, &format!("{path}/require"))).unwrap_or_default();
            let when = self.condition(m, "when", &path);
            let on_enter = m.get("onEnter").map(|v| self.effects(v, &format!("{path}/onEnter"))).unwrap_or_default();
            let on_exit = m.get("onExit").map(|v| self.effects(v, &format!("{path}/onExit"))).unwrap_or_default();
            if let (Some(id), Some(category)) = (id, category) {
                if initial && category.is_terminal() {
                    self.problem(
                        format!("{path}/initial"),
                        "invalid_value",
                        format!("status \"{id}\" is terminal and cannot be initial"),
                    );
                }
                let ui = None; // filled from the raw text once the definition loads
                out.push(Status {
                    id: id.to_owned(),
                    label,
                    category,
                    group,
                    initial,
                    order,
                    ui,
                    require,
                    when,
                    on_enter,
                    on_exit,
                });
            }
        }
        if !items.is_empty()
            && !out.iter().any(|s| s.initial)
            && self.problems.iter().all(|p| !p.path.ends_with("/initial"))
        {
            self.problem("/statuses", "no_initial", "no status has \"initial\": true");
        } else if items.is_empty() {
            self.problem("/statuses", "no_initial", "a workflow needs at least one status, and one of them initial");
        }
        out
    }

    /// Resolves a selector; reports unknown ids and group/category names that match nothing.
    pub(crate) fn selector(&mut self, v: &Value, path: &str, wf: &Workflow) -> Selector {
        let n = wf.statuses.len();
        let mut sel = Selector { ids: StatusSet::with_len(n), via: StatusSet::with_len(n), star: false };
        let terms = match v {
            Value::String(_) => vec![(path.to_owned(), v)],
            Value::Array(items) if !items.is_empty() => {
                items.iter().enumerate().map(|(i, t)| (format!("{path}/{i}"), t)).collect()
            }
            Value::Array(_) => {
                self.problem(path, "empty_selector", "a selector list must not be empty");
                Vec::new()
            }
            other => {
                self.problem(
                    path,
                    "invalid_type",
                    format!("a selector is a string or a list of strings, not {}", type_name(other)),
                );
                Vec::new()
            }
        };
        for (p, t) in terms {
            let Value::String(s) = t else {
                self.problem(p, "invalid_type", format!("a selector element must be a string, not {}", type_name(t)));
                continue;
            };
            match Term::parse(s) {
                Term::Star => sel.star = true,
                Term::Id(id) => match wf.status_index(id) {
                    Some(i) => sel.ids.insert(i),
                    None => self.problem(p, "unknown_status", format!("no status has the id \"{id}\"")),
                },
                Term::Group(g) => {
                    for (i, st) in wf.statuses.iter().enumerate() {
                        if st.group.as_deref() == Some(g) {
                            sel.via.insert(i);
                        }
                    }
                    if !wf.statuses.iter().any(|st| st.group.as_deref() == Some(g)) {
                        self.problem(p, "empty_selector", format!("no status is in group \"{g}\""));
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
                            self.problem(p, "empty_selector", format!("no status is in category \"{c}\""));
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
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("/transitions/{i}");
            let Some(m) = self.object(item, &path) else {
                continue;
            };
            self.known_keys(
                m,
                &path,
                &["id", "label", "description", "from", "to", "roles", "when", "require", "effects", "message"],
            );
            let id = self.opt_str(m, "id", &path).map(str::to_owned);
            if let Some(id) = m.get("id").and_then(Value::as_str) {
                self.unique_id(&mut ids, id, i, "transitions", "rule");
            }
            let sel = |key: &str, l: &mut Loader| match m.get(key) {
                Some(v) => l.selector(v, &format!("{path}/{key}"), wf),
                None => {
                    l.problem(format!("{path}/{key}"), "missing", format!("\"{key}\" is required"));
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
            let require = m.get("require").map(|v| self.str_list(v, &format!("{path}/require"))).unwrap_or_default();
            let label = self.opt_label(m, "label", &path);
            let message = self.opt_label(m, "message", &path);
            let when = self.condition(m, "when", &path);
            let effects = m.get("effects").map(|v| self.effects(v, &format!("{path}/effects"))).unwrap_or_default();
            out.push(Rule { id, label, from, to, roles, require, when, effects, message });
        }
        out
    }
}

impl Loader {
    /// Timers: declared and validated here; their behaviour lives in the timer module.
    fn timers(&mut self, v: &Value, wf: &Workflow, calendars: Option<&Value>) -> Vec<TimerDecl> {
        let Some(items) = self.list(v, "/timers") else { return Vec::new() };
        let mut out = Vec::with_capacity(items.len());
        let mut seen = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("/timers/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(
                m,
                &path,
                &[
                    "id",
                    "label",
                    "description",
                    "status",
                    "after",
                    "since",
                    "deadlineField",
                    "metBy",
                    "calendar",
                    "when",
                    "then",
                    "states",
                ],
            );
            let id = self.req_str(m, "id", &path);
            if let Some(id) = id {
                self.unique_id(&mut seen, id, i, "timers", "timer");
            }
            let status = match m.get("status") {
                Some(s) => self.selector(s, &format!("{path}/status"), wf),
                None => {
                    self.problem(format!("{path}/status"), "missing", "\"status\" is required");
                    continue;
                }
            };
            if let Some(after) = self.opt_str(m, "after", &path) {
                if let Err(e) = crate::value::Duration::parse(after) {
                    self.problem(format!("{path}/after"), "invalid_duration", e.to_string());
                }
            } else if !m.contains_key("deadlineField") {
                self.problem(&path, "missing", "a timer needs \"after\" or \"deadlineField\"");
            }
            for key in ["since", "deadlineField", "metBy"] {
                if let Some(f) = self.opt_str(m, key, &path) {
                    if f.trim().is_empty() {
                        self.problem(join(&path, key), "invalid_value", format!("\"{key}\" names a lead field"));
                    }
                }
            }
            if let Some(cal) = self.opt_str(m, "calendar", &path) {
                if calendars.and_then(|c| c.get(cal)).is_none() {
                    self.problem(
                        format!("{path}/calendar"),
                        "unknown_calendar",
                        format!("no calendar \"{cal}\" in \"calendars\""),
                    );
                }
            }
            self.condition(m, "when", &path);
            self.opt_label(m, "label", &path);
            if let Some(states) = m.get("states").and_then(|s| self.object(s, &format!("{path}/states"))) {
                for (k, label) in states {
                    let p = join(&format!("{path}/states"), k);
                    if !["pending", "met", "metLate", "breached"].contains(&k.as_str()) {
                        self.problem(
                            &p,
                            "unknown_key",
                            format!("\"{k}\" is not an SLA state (pending, met, metLate, breached)"),
                        );
                    } else if Label::from_json(label).is_none() {
                        self.problem(&p, "invalid_type", "a state label is a string or an object {locale: text}");
                    }
                }
            }
            if let Some(then) = m.get("then") {
                let tp = format!("{path}/then");
                if let Some(t) = self.object(then, &tp) {
                    self.known_keys(t, &tp, &["moveTo", "alert", "addTags"]);
                    if let Some(to) = self.opt_str(t, "moveTo", &tp) {
                        match wf.status_index(to) {
                            None => self.problem(
                                format!("{tp}/moveTo"),
                                "unknown_status",
                                format!("no status has the id \"{to}\""),
                            ),
                            Some(ti) if status.matches_from(ti, wf.statuses[ti].category.is_terminal()) => self
                                .problem(
                                    format!("{tp}/moveTo"),
                                    "invalid_value",
                                    format!(
                                        "the timer moves to \"{to}\", a status its own \"status\" selector matches"
                                    ),
                                ),
                            Some(_) => {}
                        }
                    }
                    self.opt_str(t, "alert", &tp);
                    if let Some(tags) = t.get("addTags") {
                        self.str_list(tags, &format!("{tp}/addTags"));
                    }
                }
            }
            if let Some(id) = id {
                out.push(TimerDecl { id: id.to_owned(), status });
            }
        }
        out
    }

    fn tag_rules(&mut self, v: &Value) -> Vec<TagRule> {
        let Some(items) = self.list(v, "/tagRules") else { return Vec::new() };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("/tagRules/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(m, &path, &["description", "when", "add", "remove"]);
            let when = self.condition(m, "when", &path);
            let add = m.get("add").map(|v| self.str_list(v, &format!("{path}/add"))).unwrap_or_default();
            let remove = m.get("remove").map(|v| self.str_list(v, &format!("{path}/remove"))).unwrap_or_default();
            out.push(TagRule { when, add, remove });
        }
        out
    }

    /// `reservation: {roles, overrideRoles}`; returns the override roles.
    fn reservation(&mut self, v: &Value) -> Vec<String> {
        let Some(m) = self.object(v, "/reservation") else { return Vec::new() };
        self.known_keys(m, "/reservation", &["roles", "overrideRoles"]);
        if let Some(r) = m.get("roles") {
            self.str_list(r, "/reservation/roles");
        }
        m.get("overrideRoles").map(|r| self.str_list(r, "/reservation/overrideRoles")).unwrap_or_default()
    }
}
