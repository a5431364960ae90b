//! Loading a definition: every problem is collected, each with a JSON Pointer,
//! before the workflow is refused. Every lookup goes through a sorted index,
//! so loading costs about what reading the JSON costs.

use serde_json::{Map, Value};

use super::selector::{Selector, Term};
use super::{
    Category, ExternalDef, FieldDef, FieldType, FunnelStep, Group, HideRule, NoteTemplate, Provider, QueueDef,
    Reservation, Rule, SlaState, Status, TagRule, TimerAction, TimerDef, Workflow,
};
use crate::calendar::{Calendar, Zone};
use crate::classify::{Classifier, Outcome};
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::expr::Condition;
use crate::i18n::Label;
use crate::index::{first_occurrences, sorted_positions};
use crate::json::raw_items;
use crate::json::RawObject;
use crate::value::{pointer_token, type_name, Duration};

/// The largest definition accepted, in bytes of JSON text.
pub(crate) const MAX_DEFINITION_BYTES: usize = 4 << 20;

pub(crate) fn from_json(text: &str) -> Result<Workflow, Error> {
    if text.len() > MAX_DEFINITION_BYTES {
        return Err(Error::one(
            ErrorCode::LimitExceeded,
            Problem::new("", ProblemCode::TooLong, format!("a definition is at most {MAX_DEFINITION_BYTES} bytes")),
        ));
    }
    let def: Value = crate::json::parse(text).map_err(|e| {
        let code = if e.to_string().starts_with("recursion limit") {
            ErrorCode::LimitExceeded
        } else {
            ErrorCode::InvalidJson
        };
        Error::one(code, crate::json::json_problem(e))
    })?;
    load(&def, text)
}

pub(crate) fn from_value(def: Value) -> Result<Workflow, Error> {
    let canonical = def.to_string();
    let mut wf = load(&def, &canonical)?;
    wf.fingerprint = super::fingerprint::Fingerprint::of_canonical(&canonical);
    Ok(wf)
}

/// Loads the parsed definition `def`, whose JSON text is `text`.
fn load(def: &Value, text: &str) -> Result<Workflow, Error> {
    let mut l = Loader { problems: Vec::new(), timer_ids: Vec::new(), timers_by_id: Vec::new() };
    match l.workflow(def) {
        Some(mut wf) if l.problems.is_empty() => {
            // `ui` is opaque: keep each status's raw text, key order included
            // (a second reading of the text, only when some status has one).
            let statuses = def.get("statuses").and_then(Value::as_array);
            let any_ui = statuses.is_some_and(|s| s.iter().any(|status| status.get("ui").is_some()));
            let statuses = any_ui.then(|| RawObject::parse(text).ok().flatten()).flatten().and_then(|o| {
                o.get("statuses")
                    .and_then(raw_items)
                    .map(|items| items.into_iter().map(|raw| RawObject::parse(raw).ok().flatten()).collect::<Vec<_>>())
            });
            for (status, obj) in wf.statuses.iter_mut().zip(statuses.unwrap_or_default()) {
                let ui = obj.as_ref().and_then(|o| o.get("ui"));
                status.ui = ui.map(crate::json::raw_value);
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
    /// Timer ids by position (`""` for a timer without one), which `sla("…")` may name.
    timer_ids: Vec<String>,
    /// Positions in `timer_ids`, sorted by id.
    timers_by_id: Vec<u32>,
}

/// How an external status is matched: trimmed, in lower case.
pub(crate) fn external_key(s: &str) -> String {
    crate::text::lower(s.trim())
}

/// The `"id"` of each item of a definition list, if it has a string one.
fn ids_of(items: &[Value]) -> impl Iterator<Item = Option<&str>> {
    items.iter().map(|item| item.get("id").and_then(Value::as_str))
}

pub(crate) fn join(path: &str, key: &str) -> String {
    format!("{path}/{}", pointer_token(key))
}

/// Keys of a workflow definition.
const WORKFLOW_KEYS: [&str; 19] = [
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
];

impl Loader {
    pub(crate) fn problem(&mut self, path: impl Into<String>, code: ProblemCode, message: impl Into<String>) {
        self.problems.push(Problem::new(path, code, message));
    }

    pub(crate) fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.problem(path, ProblemCode::InvalidType, format!("expected an object, got {}", type_name(other)));
                None
            }
        }
    }

    pub(crate) fn list<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.problem(path, ProblemCode::InvalidType, format!("expected a list, got {}", type_name(other)));
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
                    ProblemCode::UnknownKey,
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
                    ProblemCode::InvalidType,
                    format!("\"{key}\" must be a string, not {}", type_name(other)),
                );
                None
            }
        }
    }

    /// A required non-empty string.
    pub(crate) fn req_str<'v>(&mut self, m: &'v Map<String, Value>, key: &str, path: &str) -> Option<&'v str> {
        if !m.contains_key(key) {
            self.problem(join(path, key), ProblemCode::Missing, format!("\"{key}\" is required"));
            return None;
        }
        self.nonempty_str(m, key, path)
    }

    /// An optional string that must not be blank when present.
    fn nonempty_str<'v>(&mut self, m: &'v Map<String, Value>, key: &str, path: &str) -> Option<&'v str> {
        let s = self.opt_str(m, key, path)?;
        if s.trim().is_empty() {
            self.problem(join(path, key), ProblemCode::InvalidValue, format!("\"{key}\" must not be empty"));
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
                    ProblemCode::InvalidType,
                    format!("\"{key}\" must be true or false, not {}", type_name(other)),
                );
                false
            }
        }
    }

    /// Reports `id` at position `i` of `list` (`"statuses"`, …) when an
    /// earlier item has it (`first`: see [`first_occurrences`]).
    fn unique_id(&mut self, first: &[u32], id: &str, i: usize, list: &str, what: &str) {
        let f = first[i] as usize;
        if f != i {
            self.problem(
                format!("/{list}/{i}/id"),
                ProblemCode::DuplicateId,
                format!("{what} \"{id}\" is already defined at /{list}/{f}"),
            );
        }
    }

    /// The position of the first timer with this id.
    fn timer(&self, id: &str) -> Option<usize> {
        let k = self.timers_by_id.partition_point(|&p| self.timer_ids[p as usize].as_str() < id);
        let p = *self.timers_by_id.get(k)? as usize;
        (self.timer_ids[p] == id).then_some(p)
    }

    /// An optional condition, compiled; a syntax error is reported with its column.
    pub(crate) fn condition(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<Condition> {
        self.condition_with(m, key, path, usize::MAX)
    }

    /// Like [`condition`](Self::condition), `sla()` naming only the timers
    /// declared before position `timers` (so timers never read each other in a loop).
    fn condition_with(&mut self, m: &Map<String, Value>, key: &str, path: &str, timers: usize) -> Option<Condition> {
        let p = join(path, key);
        let src = match m.get(key)? {
            Value::String(s) => s,
            other => {
                self.problem(p, ProblemCode::InvalidType, format!("a condition is a string, not {}", type_name(other)));
                return None;
            }
        };
        let lookup = |id: &str| match self.timer(id) {
            Some(i) if i < timers => Ok(i),
            Some(_) => Err("a timer's condition may only read the SLA of timers declared before it"),
            None => Err("no timer has this id"),
        };
        match Condition::compile(src, &lookup) {
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
                ProblemCode::InvalidType,
                format!("\"{key}\" must be a string or an object {{locale: text}}"),
            );
        }
        label
    }

    /// `description`, a note for the definition's authors that the engine
    /// does not read: a string or an object {locale: text}, like a label.
    fn description(&mut self, m: &Map<String, Value>, path: &str) {
        self.opt_label(m, "description", path);
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
                            ProblemCode::InvalidType,
                            format!("expected a string, got {}", type_name(other)),
                        ),
                    }
                }
                out
            }
            other => {
                self.problem(
                    path,
                    ProblemCode::InvalidType,
                    format!("expected a string or a list of strings, got {}", type_name(other)),
                );
                Vec::new()
            }
        }
    }

    /// An optional list of strings under `key`.
    fn opt_list(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Vec<String> {
        m.get(key).map(|v| self.str_list(v, &join(path, key))).unwrap_or_default()
    }

    /// An optional duration under `key`.
    fn opt_duration(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<Duration> {
        let s = self.opt_str(m, key, path)?;
        match Duration::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(join(path, key), ProblemCode::InvalidDuration, e.to_string());
                None
            }
        }
    }

    /// A status named by id, reported when unknown.
    fn status_ref(&mut self, wf: &Workflow, id: &str, path: &str) -> Option<usize> {
        let i = wf.status_index(id);
        if i.is_none() {
            self.problem(path, ProblemCode::UnknownStatus, format!("no status has the id \"{id}\""));
        }
        i
    }

    fn workflow(&mut self, def: &Value) -> Option<Workflow> {
        let m = self.object(def, "")?;
        self.known_keys(m, "", &WORKFLOW_KEYS);
        // `$schema` names the file's JSON Schema for editors: accepted and ignored, a string.
        self.opt_str(m, "$schema", "");
        if let Some(v) = m.get("version").filter(|v| !v.is_number() && !v.is_string()) {
            self.problem(
                "/version",
                ProblemCode::InvalidType,
                format!("\"version\" must be a number or a string, not {}", type_name(v)),
            );
        }
        self.description(m, "");
        if let Some(Value::Array(timers)) = m.get("timers") {
            self.timer_ids = ids_of(timers).map(|id| id.unwrap_or_default().to_owned()).collect();
            self.timers_by_id = sorted_positions(self.timer_ids.iter().map(String::as_str));
        }
        let id = self.req_str(m, "id", "").unwrap_or_default().to_owned();
        let default_locale = self.opt_str(m, "defaultLocale", "").unwrap_or("en").to_owned();
        let zone = match self.opt_str(m, "timezone", "") {
            None => Zone::get("UTC"),
            Some(name) => {
                let z = Zone::get(name);
                if z.is_none() {
                    self.problem(
                        "/timezone",
                        ProblemCode::InvalidZone,
                        format!("\"{name}\" is not an IANA time zone name (such as \"Europe/Paris\")"),
                    );
                }
                z
            }
        };
        let zone = zone.or_else(|| Zone::get("UTC"))?;
        let mut wf = Workflow {
            source: String::new(),
            fingerprint: Default::default(),
            id,
            default_locale,
            zone,
            calendars: Vec::new(),
            fields: Vec::new(),
            statuses: Vec::new(),
            by_id: Vec::new(),
            by_group: Vec::new(),
            columns: Vec::new(),
            groups: Vec::new(),
            by_category: Default::default(),
            rules: Vec::new(),
            tag_rules: Vec::new(),
            timers: Vec::new(),
            reservation: Reservation::default(),
            note_templates: Vec::new(),
            queue: QueueDef::default(),
            hide: Vec::new(),
            external: Vec::new(),
            funnel: None,
            classifier: Classifier::new(&[]),
        };
        if let Some(v) = m.get("fields") {
            self.fields(v, &mut wf);
        }
        match m.get("statuses") {
            Some(v) => self.statuses(v, &mut wf),
            None => self.problem("/statuses", ProblemCode::Missing, "\"statuses\" is required"),
        }
        if let Some(v) = m.get("transitions") {
            self.rules(v, &mut wf);
        }
        if let Some(v) = m.get("calendars") {
            self.calendars(v, &mut wf);
        }
        if let Some(v) = m.get("timers") {
            self.timers(v, &mut wf, m.get("calendars"));
        }
        if let Some(v) = m.get("tagRules") {
            self.tag_rules(v, &mut wf);
        }
        if let Some(v) = m.get("reservation") {
            self.reservation(v, &mut wf);
        }
        if let Some(v) = m.get("noteTemplates") {
            self.note_templates(v, &mut wf);
        }
        if let Some(v) = m.get("queue") {
            self.queue(v, &mut wf);
        }
        if let Some(v) = m.get("hide") {
            self.hide(v, &mut wf);
        }
        if let Some(v) = m.get("external") {
            self.external(v, &mut wf);
        }
        if let Some(v) = m.get("funnel") {
            self.funnel(v, &mut wf);
        }
        if let Some(v) = m.get("outcomes") {
            self.outcomes(v, &mut wf);
        }
        Some(wf)
    }

    fn fields(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(m) = self.object(v, "/fields") else { return };
        for (name, def) in m {
            let path = join("/fields", name);
            if crate::lead::RESERVED_KEYS.contains(&name.as_str()) {
                self.problem(&path, ProblemCode::ReservedKey, format!("\"{name}\" is a reserved key of leads"));
            }
            let Some(d) = self.object(def, &path) else { continue };
            self.known_keys(d, &path, &["label", "type", "enum", "description"]);
            self.description(d, &path);
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
                            ProblemCode::InvalidValue,
                            format!("type \"{t}\" is not one of string, number, boolean, time, list, object"),
                        );
                        return None;
                    }
                };
                Some(kind)
            });
            let allowed = d.get("enum").and_then(|e| self.list(e, &format!("{path}/enum"))).map(<[Value]>::to_vec);
            // serde_json's map is sorted by key: `fields` stays sorted by name.
            wf.fields.push(FieldDef { name: name.clone(), label, kind, allowed });
        }
    }

    fn statuses(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/statuses") else { return };
        let first_id = first_occurrences(ids_of(items));
        let first_group = first_occurrences(items.iter().map(|item| item.get("group").and_then(Value::as_str)));
        // The group index given to the first status of each group name.
        let mut group_at: Vec<Option<u32>> = vec![None; items.len()];
        let mut initial_problem = false;
        for (i, item) in items.iter().enumerate() {
            let path = format!("/statuses/{i}");
            let Some(m) = self.object(item, &path) else { continue };
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
                self.unique_id(&first_id, id, i, "statuses", "status");
            }
            self.description(m, &path);
            let category = match self.req_str(m, "category", &path) {
                Some(c) => Category::parse(c).or_else(|| {
                    self.problem(
                        format!("{path}/category"),
                        ProblemCode::InvalidValue,
                        format!("category \"{c}\" is not one of open, won, lost, closed"),
                    );
                    None
                }),
                None => None,
            };
            let group = self.opt_str(m, "group", &path);
            let problems = self.problems.len();
            let initial = self.opt_bool(m, "initial", &path);
            initial_problem |= self.problems.len() > problems;
            let order = match m.get("order") {
                None | Some(Value::Null) => i as f64,
                Some(Value::Number(n)) => n.as_f64().unwrap_or(i as f64),
                Some(other) => {
                    self.problem(
                        format!("{path}/order"),
                        ProblemCode::InvalidType,
                        format!("\"order\" must be a number, not {}", type_name(other)),
                    );
                    i as f64
                }
            };
            let label = self.opt_label(m, "label", &path);
            let require = self.opt_list(m, "require", &path);
            let when = self.condition(m, "when", &path);
            let on_enter = m.get("onEnter").map(|v| self.effects(v, &format!("{path}/onEnter"))).unwrap_or_default();
            let on_exit = m.get("onExit").map(|v| self.effects(v, &format!("{path}/onExit"))).unwrap_or_default();
            if let (Some(id), Some(category)) = (id, category) {
                if initial && category.is_terminal() {
                    initial_problem = true;
                    self.problem(
                        format!("{path}/initial"),
                        ProblemCode::InvalidValue,
                        format!("status \"{id}\" is terminal and cannot be initial"),
                    );
                }
                let index = wf.statuses.len() as u32;
                let group = group.map(|g| {
                    let slot = &mut group_at[first_group[i] as usize];
                    let gi = *slot.get_or_insert_with(|| {
                        wf.groups.push(Group { name: g.to_owned(), members: Vec::new() });
                        (wf.groups.len() - 1) as u32
                    });
                    wf.groups[gi as usize].members.push(index);
                    gi
                });
                wf.by_category[category as usize].push(index);
                wf.statuses.push(Status {
                    id: id.to_owned(),
                    label,
                    category,
                    group,
                    initial,
                    order,
                    ui: None, // filled from the raw text once the definition loads
                    require,
                    when,
                    on_enter,
                    on_exit,
                });
            }
        }
        if items.is_empty() {
            self.problem(
                "/statuses",
                ProblemCode::NoInitial,
                "a workflow needs at least one status, and one of them initial",
            );
        } else if !wf.statuses.iter().any(|s| s.initial) && !initial_problem {
            self.problem("/statuses", ProblemCode::NoInitial, "no status has \"initial\": true");
        }
        let mut by_id = sorted_positions(wf.statuses.iter().map(|s| s.id.as_str()));
        by_id.dedup_by(|a, b| wf.statuses[*a as usize].id == wf.statuses[*b as usize].id);
        wf.by_id = by_id;
        wf.by_group = sorted_positions(wf.groups.iter().map(|g| g.name.as_str()));
        let mut columns: Vec<usize> = (0..wf.statuses.len()).collect();
        crate::index::sort(&mut columns, |&a, &b| wf.statuses[a].order.total_cmp(&wf.statuses[b].order));
        wf.columns = columns;
    }

    /// Resolves a selector; reports unknown ids and group/category names that match nothing.
    pub(crate) fn selector(&mut self, v: &Value, path: &str, wf: &Workflow) -> Selector {
        let mut sel = Selector::default();
        let terms = match v {
            Value::String(_) => vec![(path.to_owned(), v)],
            Value::Array(items) if !items.is_empty() => {
                items.iter().enumerate().map(|(i, t)| (format!("{path}/{i}"), t)).collect()
            }
            Value::Array(_) => {
                self.problem(path, ProblemCode::EmptySelector, "a selector list must not be empty");
                Vec::new()
            }
            other => {
                self.problem(
                    path,
                    ProblemCode::InvalidType,
                    format!("a selector is a string or a list of strings, not {}", type_name(other)),
                );
                Vec::new()
            }
        };
        for (p, t) in terms {
            let Value::String(s) = t else {
                self.problem(
                    p,
                    ProblemCode::InvalidType,
                    format!("a selector element must be a string, not {}", type_name(t)),
                );
                continue;
            };
            match Term::parse(s) {
                Term::Star => sel.star = true,
                Term::Id(id) => {
                    if let Some(i) = self.status_ref(wf, id, &p) {
                        sel.ids.push(i as u32);
                    }
                }
                Term::Group(g) => match wf.group_index(g) {
                    Some(gi) => sel.groups.push(gi),
                    None => self.problem(p, ProblemCode::EmptySelector, format!("no status is in group \"{g}\"")),
                },
                Term::Category(c) => match Category::parse(c) {
                    None => self.problem(
                        p,
                        ProblemCode::InvalidValue,
                        format!("category \"{c}\" is not one of open, won, lost, closed"),
                    ),
                    Some(cat) if wf.by_category[cat as usize].is_empty() => {
                        self.problem(p, ProblemCode::EmptySelector, format!("no status is in category \"{c}\""))
                    }
                    Some(cat) => sel.cats |= cat.bit(),
                },
            }
        }
        sel.finish();
        sel
    }

    fn rules(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/transitions") else { return };
        let first = first_occurrences(ids_of(items));
        for (i, item) in items.iter().enumerate() {
            let path = format!("/transitions/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(
                m,
                &path,
                &["id", "label", "description", "from", "to", "roles", "when", "require", "effects", "message"],
            );
            let id = self.nonempty_str(m, "id", &path);
            if let Some(id) = id {
                self.unique_id(&first, id, i, "transitions", "rule");
            }
            self.description(m, &path);
            let sel = |key: &str, l: &mut Loader| match m.get(key) {
                Some(v) => l.selector(v, &format!("{path}/{key}"), wf),
                None => {
                    l.problem(format!("{path}/{key}"), ProblemCode::Missing, format!("\"{key}\" is required"));
                    Selector::default()
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
                            ProblemCode::InvalidValue,
                            "\"roles\": [] would refuse everyone; leave it out to allow anyone",
                        );
                    }
                    Some(roles)
                }
            };
            let require = self.opt_list(m, "require", &path);
            let label = self.opt_label(m, "label", &path);
            let message = self.opt_label(m, "message", &path);
            let when = self.condition(m, "when", &path);
            let effects = m.get("effects").map(|v| self.effects(v, &format!("{path}/effects"))).unwrap_or_default();
            wf.rules.push(Rule { id: id.map(str::to_owned), label, from, to, roles, require, when, effects, message });
        }
    }

    fn calendars(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(m) = self.object(v, "/calendars") else { return };
        for (name, def) in m {
            if let Some(cal) = Calendar::parse(def, &join("/calendars", name), &wf.zone, &mut self.problems) {
                wf.calendars.push((name.clone(), cal));
            }
        }
    }

    fn timers(&mut self, v: &Value, wf: &mut Workflow, calendars: Option<&Value>) {
        let Some(items) = self.list(v, "/timers") else { return };
        let first = first_occurrences(ids_of(items));
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
            self.description(m, &path);
            let id = self.req_str(m, "id", &path);
            if let Some(id) = id {
                self.unique_id(&first, id, i, "timers", "timer");
                if id == "alertsDue" {
                    // The KPI report's `sla` block counts `alertsDue` beside the timers' ids.
                    self.problem(
                        format!("{path}/id"),
                        ProblemCode::ReservedId,
                        "\"alertsDue\" is reserved (the KPI report uses it)",
                    );
                }
            }
            let status = match m.get("status") {
                Some(s) => self.selector(s, &format!("{path}/status"), wf),
                None => {
                    self.problem(format!("{path}/status"), ProblemCode::Missing, "\"status\" is required");
                    Selector::default()
                }
            };
            let after = self.opt_duration(m, "after", &path);
            if !m.contains_key("after") && !m.contains_key("deadlineField") {
                self.problem(&path, ProblemCode::Missing, "a timer needs \"after\" or \"deadlineField\"");
            }
            let since = self.nonempty_str(m, "since", &path).map(str::to_owned);
            let deadline_field = self.nonempty_str(m, "deadlineField", &path).map(str::to_owned);
            let met_by = self.nonempty_str(m, "metBy", &path).map(str::to_owned);
            let calendar = self.opt_str(m, "calendar", &path).and_then(|cal| {
                let i = wf.calendars.iter().position(|(n, _)| n == cal);
                // A calendar that did not load has reported its own problems.
                if i.is_none() && calendars.and_then(|c| c.get(cal)).is_none() {
                    self.problem(
                        format!("{path}/calendar"),
                        ProblemCode::UnknownCalendar,
                        format!("no calendar \"{cal}\" in \"calendars\""),
                    );
                }
                i
            });
            // A timer's condition may read the SLA of the timers declared before it only.
            let when = self.condition_with(m, "when", &path, i);
            let label = self.opt_label(m, "label", &path);
            let mut states: [Option<Label>; 4] = Default::default();
            if let Some(st) = m.get("states").and_then(|s| self.object(s, &format!("{path}/states"))) {
                for (k, label) in st {
                    let p = join(&format!("{path}/states"), k);
                    match SlaState::ALL.iter().position(|s| s.as_str() == k) {
                        None => self.problem(
                            &p,
                            ProblemCode::UnknownKey,
                            format!("\"{k}\" is not an SLA state (pending, met, metLate, breached)"),
                        ),
                        Some(si) => match Label::from_json(label) {
                            Some(l) => states[si] = Some(l),
                            None => self.problem(
                                &p,
                                ProblemCode::InvalidType,
                                "a state label is a string or an object {locale: text}",
                            ),
                        },
                    }
                }
            }
            let then = match m.get("then") {
                None => TimerAction::Report,
                Some(t) => self.timer_action(t, &format!("{path}/then"), wf, &status, id.unwrap_or_default()),
            };
            if let Some(id) = id {
                wf.timers.push(TimerDef {
                    id: id.to_owned(),
                    label,
                    status,
                    after,
                    since,
                    deadline_field,
                    met_by,
                    calendar,
                    when,
                    then,
                    states,
                });
            }
        }
    }

    /// A timer's `then`: `{"moveTo": id}` or `{"alert": name, "addTags": [...]}`.
    fn timer_action(&mut self, v: &Value, tp: &str, wf: &Workflow, status: &Selector, id: &str) -> TimerAction {
        let Some(t) = self.object(v, tp) else { return TimerAction::Report };
        self.known_keys(t, tp, &["moveTo", "alert", "addTags"]);
        let add_tags = self.opt_list(t, "addTags", tp);
        let alert = self.nonempty_str(t, "alert", tp);
        match self.opt_str(t, "moveTo", tp) {
            Some(_) if alert.is_some() || t.contains_key("addTags") => {
                self.problem(
                    tp,
                    ProblemCode::InvalidValue,
                    "a timer either moves the lead (\"moveTo\") or raises an alert",
                );
                TimerAction::Report
            }
            Some(to) => match self.status_ref(wf, to, &format!("{tp}/moveTo")) {
                Some(ti) if status.matches_from(ti, &wf.statuses[ti]) => {
                    self.problem(
                        format!("{tp}/moveTo"),
                        ProblemCode::InvalidValue,
                        format!("the timer moves to \"{to}\", a status its own \"status\" selector matches"),
                    );
                    TimerAction::Report
                }
                Some(ti) => TimerAction::Move(ti),
                None => TimerAction::Report,
            },
            None if alert.is_none() && add_tags.is_empty() => {
                self.problem(
                    tp,
                    ProblemCode::InvalidValue,
                    "\"then\" needs \"moveTo\", or \"alert\" and/or \"addTags\"",
                );
                TimerAction::Report
            }
            None => TimerAction::Alert { name: alert.unwrap_or(id).to_owned(), add_tags },
        }
    }

    fn tag_rules(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/tagRules") else { return };
        for (i, item) in items.iter().enumerate() {
            let path = format!("/tagRules/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(m, &path, &["description", "when", "add", "remove"]);
            self.description(m, &path);
            let when = self.condition(m, "when", &path);
            let add = self.opt_list(m, "add", &path);
            let remove = self.opt_list(m, "remove", &path);
            wf.tag_rules.push(TagRule { when, add, remove });
        }
    }

    fn reservation(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(m) = self.object(v, "/reservation") else { return };
        self.known_keys(m, "/reservation", &["roles", "overrideRoles"]);
        wf.reservation = Reservation {
            roles: self.opt_list(m, "roles", "/reservation"),
            override_roles: self.opt_list(m, "overrideRoles", "/reservation"),
        };
    }

    fn outcome(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<Outcome> {
        let s = self.opt_str(m, key, path)?;
        let o = Outcome::parse(s);
        if o.is_none() {
            self.problem(
                join(path, key),
                ProblemCode::InvalidValue,
                format!("outcome \"{s}\" is not one of positive, negative, partial, unclassified"),
            );
        }
        o
    }

    fn note_templates(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/noteTemplates") else { return };
        let first = first_occurrences(ids_of(items));
        for (i, item) in items.iter().enumerate() {
            let path = format!("/noteTemplates/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(m, &path, &["id", "title", "text", "addTags", "outcome", "description"]);
            self.description(m, &path);
            let id = self.req_str(m, "id", &path);
            if let Some(id) = id {
                self.unique_id(&first, id, i, "noteTemplates", "note template");
            }
            let title = self.opt_label(m, "title", &path);
            let text = self.opt_label(m, "text", &path);
            let add_tags = self.opt_list(m, "addTags", &path);
            let outcome = self.outcome(m, "outcome", &path);
            if let Some(id) = id {
                wf.note_templates.push(NoteTemplate { id: id.to_owned(), title, text, add_tags, outcome });
            }
        }
    }

    fn queue(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(m) = self.object(v, "/queue") else { return };
        self.known_keys(m, "/queue", &["when", "searchText", "searchPhone", "countryCode"]);
        let d = QueueDef::default();
        let when = self.condition(m, "when", "/queue");
        let search_text = m.get("searchText").map(|v| self.str_list(v, "/queue/searchText")).unwrap_or(d.search_text);
        let search_phone =
            m.get("searchPhone").map(|v| self.str_list(v, "/queue/searchPhone")).unwrap_or(d.search_phone);
        let country_code = match self.opt_str(m, "countryCode", "/queue") {
            Some(c) if !c.is_empty() && c.len() <= 4 && c.bytes().all(|b| b.is_ascii_digit()) => c.to_owned(),
            Some(_) => {
                self.problem(
                    "/queue/countryCode",
                    ProblemCode::InvalidValue,
                    "a country calling code is 1 to 4 digits (\"33\")",
                );
                d.country_code
            }
            None => d.country_code,
        };
        wf.queue = QueueDef { when, search_text, search_phone, country_code };
    }

    fn hide(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/hide") else { return };
        for (i, item) in items.iter().enumerate() {
            let path = format!("/hide/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(m, &path, &["description", "when", "fields"]);
            self.description(m, &path);
            let when = self.condition(m, "when", &path);
            let fields = match m.get("fields") {
                Some(f) => self.str_list(f, &format!("{path}/fields")),
                None => {
                    self.problem(format!("{path}/fields"), ProblemCode::Missing, "\"fields\" is required");
                    Vec::new()
                }
            };
            wf.hide.push(HideRule { when, fields });
        }
    }

    fn external(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(providers) = self.object(v, "/external") else { return };
        for (name, map) in providers {
            let pp = join("/external", name);
            let Some(entries) = self.object(map, &pp) else { continue };
            let mut statuses = Vec::with_capacity(entries.len());
            for (ext, def) in entries {
                let p = join(&pp, ext);
                let Some(d) = self.object(def, &p) else { continue };
                self.known_keys(d, &p, &["label", "description", "status", "aliases"]);
                let label = self.opt_label(d, "label", &p);
                let description = self.opt_label(d, "description", &p);
                let status = self.opt_str(d, "status", &p).and_then(|s| self.status_ref(wf, s, &join(&p, "status")));
                let aliases = self.opt_list(d, "aliases", &p);
                statuses.push(ExternalDef { name: ext.clone(), label, description, status, aliases });
            }
            let mut keys: Vec<(String, u32)> = Vec::new();
            for (i, s) in (0u32..).zip(&statuses) {
                keys.extend(std::iter::once(&s.name).chain(&s.aliases).map(|k| (external_key(k), i)));
            }
            // Stable: a name listed twice (as a status or an alias) is the first one's.
            crate::index::sort(&mut keys, |a, b| a.0.cmp(&b.0));
            keys.dedup_by(|a, b| a.0 == b.0);
            wf.external.push(Provider { name: name.clone(), statuses, keys });
        }
    }

    fn funnel(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(items) = self.list(v, "/funnel") else { return };
        let mut steps = Vec::with_capacity(items.len());
        let first = first_occurrences(ids_of(items));
        for (i, item) in items.iter().enumerate() {
            let path = format!("/funnel/{i}");
            let Some(m) = self.object(item, &path) else { continue };
            self.known_keys(m, &path, &["id", "label", "statuses"]);
            let id = self.req_str(m, "id", &path);
            if let Some(id) = id {
                self.unique_id(&first, id, i, "funnel", "funnel step");
            }
            self.opt_label(m, "label", &path);
            let statuses = match m.get("statuses") {
                Some(s) => {
                    let sel = self.selector(s, &format!("{path}/statuses"), wf);
                    let mut all = wf.targets(&sel);
                    if sel.star {
                        all.retain(|&s| !wf.statuses[s].is_terminal());
                    }
                    all
                }
                None => {
                    self.problem(format!("{path}/statuses"), ProblemCode::Missing, "\"statuses\" is required");
                    Vec::new()
                }
            };
            if let Some(id) = id {
                steps.push(FunnelStep { id: id.to_owned(), statuses });
            }
        }
        wf.funnel = Some(steps);
    }

    /// `outcomes`: `{"fr": {"negative": [...]}}` (one locale) or
    /// `{"negative": [...]}` (every locale).
    fn outcomes(&mut self, v: &Value, wf: &mut Workflow) {
        let Some(m) = self.object(v, "/outcomes") else { return };
        let mut lists: Vec<(Option<String>, Outcome, Vec<String>)> = Vec::new();
        for (key, val) in m {
            let path = join("/outcomes", key);
            if let Some(outcome) = Outcome::parse(key) {
                lists.extend(self.phrases(None, outcome, val, &path));
                continue;
            }
            let Some(per) = self.object(val, &path) else { continue };
            for (okey, list) in per {
                let p = join(&path, okey);
                match Outcome::parse(okey) {
                    Some(outcome) => lists.extend(self.phrases(Some(key.clone()), outcome, list, &p)),
                    None => self.problem(p, ProblemCode::UnknownKey, format!("\"{okey}\" is not an outcome")),
                }
            }
        }
        let refs: Vec<(Option<&str>, Outcome, &[String])> =
            lists.iter().map(|(l, o, p)| (l.as_deref(), *o, p.as_slice())).collect();
        wf.classifier = Classifier::new(&refs);
    }

    fn phrases(
        &mut self,
        locale: Option<String>,
        outcome: Outcome,
        v: &Value,
        path: &str,
    ) -> Option<(Option<String>, Outcome, Vec<String>)> {
        if outcome == Outcome::Unclassified {
            self.problem(
                path,
                ProblemCode::InvalidValue,
                "\"unclassified\" is what no phrase matches: it has no phrases",
            );
            return None;
        }
        Some((locale, outcome, self.str_list(v, path)))
    }
}

#[cfg(test)]
mod tests {
    use crate::{ProblemCode, Workflow};

    /// The problems of a definition made of `extra` members beside a minimal workflow.
    fn problems(extra: &str) -> Vec<(String, ProblemCode)> {
        let text = format!(r#"{{"id": "w", "statuses": [{{"id": "a", "category": "open", "initial": true}}]{extra}}}"#);
        Workflow::lint_json(&text).errors.into_iter().map(|p| (p.path, p.code)).collect()
    }

    /// `$schema` names the file's JSON Schema (docs/SPEC.md §11): a string, accepted and ignored.
    #[test]
    fn schema_is_a_string() {
        assert_eq!(problems(r#", "$schema": "./node_modules/relance/workflow.schema.json""#), []);
        assert_eq!(problems(r#", "$schema": 1"#), [("/$schema".into(), ProblemCode::InvalidType)]);
        assert_eq!(problems(r#", "$schema": null"#), [("/$schema".into(), ProblemCode::InvalidType)]);
    }

    /// `version` is a number or a string; `description`, wherever it may be, a text or texts by locale.
    #[test]
    fn version_and_descriptions_are_typed() {
        assert_eq!(problems(r#", "version": 2, "description": "d""#), []);
        assert_eq!(problems(r#", "version": "2026.1", "description": {"en": "d", "fr": "d"}"#), []);
        assert_eq!(problems(r#", "version": [1]"#), [("/version".into(), ProblemCode::InvalidType)]);
        assert_eq!(problems(r#", "description": 5"#), [("/description".into(), ProblemCode::InvalidType)]);
        let everywhere = r#", "fields": {"f": {"description": 1}},
            "transitions": [{"from": "a", "to": "a", "description": 1}],
            "timers": [{"id": "t", "status": "a", "after": "1h", "description": 1}],
            "tagRules": [{"description": 1}], "hide": [{"fields": "f", "description": 1}],
            "noteTemplates": [{"id": "n", "description": 1}]"#;
        let paths: Vec<String> = problems(everywhere).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "/fields/f/description",
                "/transitions/0/description",
                "/timers/0/description",
                "/tagRules/0/description",
                "/noteTemplates/0/description",
                "/hide/0/description"
            ]
        );
    }
}
