//! Workflow definitions: statuses, rules, fields, timers and the operator
//! settings — loaded once, checked at load, then shared read-only by every
//! operation. Everything a definition says is kept here as typed data.

mod effects;
mod fingerprint;
pub(crate) mod load;
pub(crate) mod selector;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::calendar::{Calendar, Zone};
use crate::classify::{Classifier, Outcome};
use crate::error::Error;
use crate::expr::Condition;
use crate::i18n::{Label, Locales};
use crate::value::Duration;
pub(crate) use effects::{Assignee, Effect};
use selector::Selector;

/// A status category (docs/SPEC.md §3). `won`, `lost` and `closed` are terminal.
///
/// ```
/// use relance_core::Category;
/// assert!(Category::Lost.is_terminal());
/// assert!(!Category::Open.is_terminal());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Work in progress.
    Open,
    /// Ended in a sale.
    Won,
    /// Ended without a sale.
    Lost,
    /// Ended otherwise (declined, expired, archived).
    Closed,
}

impl Category {
    /// Whether a lead in this category has ended.
    pub fn is_terminal(self) -> bool {
        !matches!(self, Category::Open)
    }

    pub(crate) fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "open" => Category::Open,
            "won" => Category::Won,
            "lost" => Category::Lost,
            "closed" => Category::Closed,
            _ => return None,
        })
    }

    /// This category's bit in a selector's category set.
    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A status as loaded.
#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub(crate) id: String,
    pub(crate) label: Option<Label>,
    pub(crate) category: Category,
    /// Index into [`Workflow::groups`].
    pub(crate) group: Option<u32>,
    pub(crate) initial: bool,
    pub(crate) order: f64,
    pub(crate) ui: Option<Box<RawValue>>,
    pub(crate) require: Vec<String>,
    pub(crate) when: Option<Condition>,
    pub(crate) on_enter: Vec<Effect>,
    pub(crate) on_exit: Vec<Effect>,
}

impl Status {
    pub(crate) fn is_terminal(&self) -> bool {
        self.category.is_terminal()
    }
}

/// A status group (`"group": "in_work"`) and its members, in status order.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) members: Vec<u32>,
}

/// A transition rule as loaded.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) id: Option<String>,
    pub(crate) label: Option<Label>,
    pub(crate) from: Selector,
    pub(crate) to: Selector,
    pub(crate) roles: Option<Vec<String>>,
    pub(crate) require: Vec<String>,
    pub(crate) when: Option<Condition>,
    pub(crate) effects: Vec<Effect>,
    pub(crate) message: Option<Label>,
}

/// The type a declared field must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    String,
    Number,
    Boolean,
    Time,
    List,
    Object,
}

impl FieldType {
    /// "a string", "un texte"… for messages.
    pub(crate) fn describe(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang::{En, Fr};
        match (self, lang) {
            (FieldType::String, En) => "a string",
            (FieldType::String, Fr) => "un texte",
            (FieldType::Number, En) => "a number",
            (FieldType::Number, Fr) => "un nombre",
            (FieldType::Boolean, En) => "true or false",
            (FieldType::Boolean, Fr) => "vrai ou faux",
            (FieldType::Time, En) => "a time",
            (FieldType::Time, Fr) => "une date et heure",
            (FieldType::List, En) => "a list",
            (FieldType::List, Fr) => "une liste",
            (FieldType::Object, En) => "an object",
            (FieldType::Object, Fr) => "un objet",
        }
    }
}

/// A declared custom field.
#[derive(Clone, Debug)]
pub(crate) struct FieldDef {
    pub(crate) name: String,
    pub(crate) label: Option<Label>,
    pub(crate) kind: Option<FieldType>,
    pub(crate) allowed: Option<Vec<Value>>,
}

/// A tag rule: when the condition holds, add then remove tags.
#[derive(Clone, Debug)]
pub(crate) struct TagRule {
    pub(crate) when: Option<Condition>,
    pub(crate) add: Vec<String>,
    pub(crate) remove: Vec<String>,
}

/// What a timer does when it comes due.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TimerAction {
    /// Nothing: the timer only reports its deadline and SLA state.
    Report,
    /// A system move to this status.
    Move(usize),
    /// An alert (named, for the host) that may add tags.
    Alert { name: String, add_tags: Vec<String> },
}

/// The four SLA states of a timer with `metBy` (docs/SPEC.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SlaState {
    /// Not met, deadline ahead.
    Pending,
    /// Met at or before the deadline.
    Met,
    /// Met after the deadline.
    MetLate,
    /// Not met, deadline passed.
    Breached,
}

impl SlaState {
    /// Every state, in the order of [`TimerDef::states`].
    pub(crate) const ALL: [SlaState; 4] = [SlaState::Pending, SlaState::Met, SlaState::MetLate, SlaState::Breached];

    /// The state as written in JSON and in conditions: `pending`, `met`, `metLate`, `breached`.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Pending => "pending",
            SlaState::Met => "met",
            SlaState::MetLate => "metLate",
            SlaState::Breached => "breached",
        }
    }
}

/// A timer as loaded (docs/SPEC.md §4).
#[derive(Clone, Debug)]
pub(crate) struct TimerDef {
    pub(crate) id: String,
    pub(crate) label: Option<Label>,
    pub(crate) status: Selector,
    pub(crate) after: Option<Duration>,
    /// The lead field the countdown starts from; `None` is `statusSince`.
    pub(crate) since: Option<String>,
    pub(crate) deadline_field: Option<String>,
    pub(crate) met_by: Option<String>,
    /// The calendar it counts open time on: an index into [`Workflow::calendars`].
    pub(crate) calendar: Option<usize>,
    pub(crate) when: Option<Condition>,
    pub(crate) then: TimerAction,
    /// Labels of the SLA states, in the order of [`SlaState::ALL`].
    pub(crate) states: [Option<Label>; 4],
}

/// A note template (seed 002's "Predefined notes").
#[derive(Clone, Debug)]
pub(crate) struct NoteTemplate {
    pub(crate) id: String,
    pub(crate) title: Option<Label>,
    pub(crate) text: Option<Label>,
    pub(crate) add_tags: Vec<String>,
    pub(crate) outcome: Option<Outcome>,
}

/// Who may reserve a lead by writing a note, and who may act on a lead
/// reserved by someone else.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reservation {
    pub(crate) roles: Vec<String>,
    pub(crate) override_roles: Vec<String>,
}

/// The work queue's settings (docs/SPEC.md §5 "Queue").
#[derive(Clone, Debug)]
pub(crate) struct QueueDef {
    pub(crate) when: Option<Condition>,
    pub(crate) search_text: Vec<String>,
    pub(crate) search_phone: Vec<String>,
    pub(crate) country_code: String,
}

impl Default for QueueDef {
    fn default() -> Self {
        QueueDef {
            when: None,
            search_text: vec!["name".into(), "email".into()],
            search_phone: vec!["phone".into()],
            country_code: "33".into(),
        }
    }
}

/// A hidden-fields rule (seed 001).
#[derive(Clone, Debug)]
pub(crate) struct HideRule {
    pub(crate) when: Option<Condition>,
    pub(crate) fields: Vec<String>,
}

/// One external status of a provider (seed 001).
#[derive(Clone, Debug)]
pub(crate) struct ExternalDef {
    /// The provider's spelling.
    pub(crate) name: String,
    pub(crate) label: Option<Label>,
    pub(crate) description: Option<Label>,
    pub(crate) status: Option<usize>,
    pub(crate) aliases: Vec<String>,
}

/// An external lead provider and its status map.
#[derive(Clone, Debug)]
pub(crate) struct Provider {
    pub(crate) name: String,
    pub(crate) statuses: Vec<ExternalDef>,
    /// (name or alias trimmed and in lower case, index into `statuses`), sorted.
    pub(crate) keys: Vec<(String, u32)>,
}

/// One funnel step: the statuses whose entry counts as reaching it.
#[derive(Clone, Debug)]
pub(crate) struct FunnelStep {
    pub(crate) id: String,
    pub(crate) statuses: Vec<usize>,
}

/// A loaded workflow: the status graph and every rule of one pipeline.
/// Loading checks the whole definition and reports every problem at once.
///
/// # Example
///
/// ```
/// use relance_core::{Context, Lead, Target, Workflow};
/// let wf = Workflow::from_json(r#"{
///   "id": "mini",
///   "statuses": [
///     {"id": "new", "category": "open", "initial": true},
///     {"id": "won", "category": "won"}
///   ],
///   "transitions": [{"from": "new", "to": "won"}]
/// }"#)?;
/// let lead = Lead::from_json(r#"{"id": "L1", "status": "new"}"#)?;
/// assert!(wf.check(&lead, &Target::status("won"), &Context::default())?.allowed);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Workflow {
    /// The definition's JSON text, as given.
    pub(crate) source: String,
    /// FNV-1a of the definition's canonical JSON (see `kpi`), computed on
    /// first use: loading a definition does not pay for it.
    pub(crate) fingerprint: fingerprint::Fingerprint,
    pub(crate) id: String,
    pub(crate) default_locale: String,
    /// The default time zone: of calendars, date-only deadlines and KPI grouping.
    pub(crate) zone: Zone,
    /// Named business-hours calendars, in definition (key) order.
    pub(crate) calendars: Vec<(String, Calendar)>,
    /// Declared fields, sorted by name.
    pub(crate) fields: Vec<FieldDef>,
    pub(crate) statuses: Vec<Status>,
    /// Status indexes sorted by id, for lookups.
    pub(crate) by_id: Vec<u32>,
    /// Status indexes in column order.
    pub(crate) columns: Vec<usize>,
    pub(crate) groups: Vec<Group>,
    /// Group indexes sorted by name, for lookups.
    pub(crate) by_group: Vec<u32>,
    /// Status indexes per category, in status order.
    pub(crate) by_category: [Vec<u32>; 4],
    pub(crate) rules: Vec<Rule>,
    pub(crate) tag_rules: Vec<TagRule>,
    pub(crate) timers: Vec<TimerDef>,
    pub(crate) reservation: Reservation,
    pub(crate) note_templates: Vec<NoteTemplate>,
    pub(crate) queue: QueueDef,
    pub(crate) hide: Vec<HideRule>,
    pub(crate) external: Vec<Provider>,
    pub(crate) funnel: Option<Vec<FunnelStep>>,
    /// The note classifier: built-in lists with the definition's `outcomes`.
    pub(crate) classifier: Classifier,
}

/// A status as listed by [`Workflow::statuses`].
#[derive(Clone, Debug, Serialize)]
pub struct StatusInfo {
    /// The status id.
    pub id: String,
    /// The label in the requested locale (the id when it has none).
    pub label: String,
    /// Its category.
    pub category: Category,
    /// Its group, if any.
    pub group: Option<String>,
    /// Its column order (its position when it has no `order`).
    pub order: f64,
    /// Whether a new lead may start in it.
    pub initial: bool,
    /// The `ui` value, passed through untouched (as raw JSON).
    pub ui: Option<Box<RawValue>>,
}

impl Workflow {
    /// Loads a workflow from JSON text.
    ///
    /// ```
    /// let wf = relance_core::Workflow::from_json(r#"{"id": "w", "statuses": [
    ///   {"id": "a", "category": "open", "initial": true}]}"#)?;
    /// assert_eq!(wf.id(), "w");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json`, or `invalid_workflow` with every problem found, each with a
    /// JSON Pointer into the definition; `limit_exceeded` past the size bounds.
    pub fn from_json(text: &str) -> Result<Workflow, Error> {
        load::from_json(text)
    }

    /// Loads a workflow from a parsed definition.
    ///
    /// ```
    /// let def = serde_json::json!({"id": "w", "statuses": [{"id": "a", "category": "open", "initial": true}]});
    /// assert_eq!(relance_core::Workflow::from_value(def)?.id(), "w");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_workflow` with every problem found.
    pub fn from_value(def: Value) -> Result<Workflow, Error> {
        load::from_value(def)
    }

    /// The workflow's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The definition's JSON text, as given (from [`from_value`](Self::from_value): as serialized).
    pub fn definition(&self) -> &str {
        &self.source
    }

    /// The workflow's default time zone (IANA name).
    pub fn timezone(&self) -> &str {
        self.zone.name()
    }

    /// The statuses in column order, labels in `locale`.
    ///
    /// ```
    /// use relance_core::Workflow;
    /// let wf = Workflow::preset("partner")?;
    /// let cols = wf.statuses(Some("fr"));
    /// assert_eq!(cols[0].id, "pending");
    /// assert_eq!(cols[0].label, "En attente");
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn statuses(&self, locale: Option<&str>) -> Vec<StatusInfo> {
        let loc = self.locales(locale);
        self.columns
            .iter()
            .map(|&i| {
                let s = &self.statuses[i];
                StatusInfo {
                    id: s.id.clone(),
                    label: loc.text(s.label.as_ref(), &s.id).to_owned(),
                    category: s.category,
                    group: s.group.map(|g| self.groups[g as usize].name.clone()),
                    order: s.order,
                    initial: s.initial,
                    ui: s.ui.clone(),
                }
            })
            .collect()
    }

    pub(crate) fn locales<'a>(&'a self, requested: Option<&'a str>) -> Locales<'a> {
        Locales::new(requested, &self.default_locale)
    }

    pub(crate) fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.binary_search_by(|f| f.name.as_str().cmp(name)).ok().map(|i| &self.fields[i])
    }

    pub(crate) fn status_index(&self, id: &str) -> Option<usize> {
        let i = self.by_id.binary_search_by(|&p| self.statuses[p as usize].id.as_str().cmp(id)).ok()?;
        Some(self.by_id[i] as usize)
    }

    pub(crate) fn group_index(&self, name: &str) -> Option<u32> {
        let i = self.by_group.binary_search_by(|&g| self.groups[g as usize].name.as_str().cmp(name)).ok()?;
        Some(self.by_group[i])
    }

    pub(crate) fn status_label<'a>(&'a self, i: usize, loc: &Locales) -> &'a str {
        let s = &self.statuses[i];
        loc.text(s.label.as_ref(), &s.id)
    }

    pub(crate) fn field_label<'a>(&'a self, field: &'a str, loc: &Locales) -> &'a str {
        loc.text(self.field(field).and_then(|f| f.label.as_ref()), field)
    }

    /// Whether `rule`'s `from` matches status `i`.
    pub(crate) fn leaves(&self, rule: &Rule, i: usize) -> bool {
        rule.from.matches_from(i, &self.statuses[i])
    }

    /// Whether `rule` moves a lead from `cur` to `tgt`.
    pub(crate) fn moves(&self, rule: &Rule, cur: usize, tgt: usize) -> bool {
        self.leaves(rule, cur) && rule.to.matches_to(&rule.from, cur, tgt, &self.statuses[tgt])
    }

    /// The statuses a selector names as targets (its `"*"` meaning every
    /// status), in index order, without repeats.
    pub(crate) fn targets(&self, sel: &Selector) -> Vec<usize> {
        if sel.star {
            return (0..self.statuses.len()).collect();
        }
        let mut out = sel.ids.clone();
        for &g in &sel.groups {
            out.extend_from_slice(&self.groups[g as usize].members);
        }
        for (c, members) in self.by_category.iter().enumerate() {
            if sel.cats & (1 << c) != 0 {
                out.extend_from_slice(members);
            }
        }
        crate::index::sort_dedup(&mut out);
        out.into_iter().map(|i| i as usize).collect()
    }

    /// The one status a selector matches, if it matches exactly one (and is not `"*"`).
    pub(crate) fn single_target(&self, sel: &Selector) -> Option<usize> {
        if sel.star {
            return None;
        }
        if let ([id], [], 0) = (sel.ids.as_slice(), sel.groups.as_slice(), sel.cats) {
            return Some(*id as usize);
        }
        match self.targets(sel).as_slice() {
            [t] => Some(*t),
            _ => None,
        }
    }

    /// The first initial status, in definition order.
    pub(crate) fn first_initial(&self) -> usize {
        self.statuses.iter().position(|s| s.initial).unwrap_or(0)
    }
}
