//! Workflow definitions: statuses, rules, fields — loaded once, checked at
//! load, then shared read-only by every operation.

pub(crate) mod load;
pub(crate) mod selector;

use serde_json::value::RawValue;

use serde::Serialize;
use serde_json::Value;

use crate::effect::Effect;
use crate::error::Error;
use crate::expr::Condition;
use crate::i18n::{Label, Locales};
use selector::Selector;

/// A status category (SPEC §3). `won`, `lost` and `closed` are terminal.
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
}

/// A status as loaded.
#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub(crate) id: String,
    pub(crate) label: Option<Label>,
    pub(crate) category: Category,
    pub(crate) group: Option<String>,
    pub(crate) initial: bool,
    pub(crate) order: f64,
    pub(crate) ui: Option<Box<RawValue>>,
    pub(crate) require: Vec<String>,
    pub(crate) when: Option<Condition>,
    pub(crate) on_enter: Vec<Effect>,
    pub(crate) on_exit: Vec<Effect>,
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

/// A timer, as far as status graphs need it (its behaviour is the timer module's).
#[derive(Clone, Debug)]
pub(crate) struct TimerDecl {
    pub(crate) id: String,
    pub(crate) status: Selector,
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
    pub(crate) id: String,
    pub(crate) default_locale: String,
    pub(crate) timezone: String,
    /// Declared fields, in definition order.
    pub(crate) fields: Vec<(String, FieldDef)>,
    pub(crate) statuses: Vec<Status>,
    /// Status indexes in column order.
    pub(crate) columns: Vec<usize>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) tag_rules: Vec<TagRule>,
    pub(crate) timers: Vec<TimerDecl>,
    /// Roles that may act on a lead reserved by someone else.
    pub(crate) override_roles: Vec<String>,
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
    /// # Errors
    /// `invalid_json`, or `invalid_workflow` with every problem found, each with a
    /// JSON Pointer into the definition.
    pub fn from_json(text: &str) -> Result<Workflow, Error> {
        load::from_json(text)
    }

    /// Loads a workflow from a parsed definition.
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
        &self.timezone
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
                    group: s.group.clone(),
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
        self.fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }

    pub(crate) fn status_index(&self, id: &str) -> Option<usize> {
        self.statuses.iter().position(|s| s.id == id)
    }

    pub(crate) fn status_label<'a>(&'a self, i: usize, loc: &Locales) -> &'a str {
        let s = &self.statuses[i];
        loc.text(s.label.as_ref(), &s.id)
    }

    pub(crate) fn field_label<'a>(&'a self, field: &'a str, loc: &Locales) -> &'a str {
        loc.text(self.field(field).and_then(|f| f.label.as_ref()), field)
    }
}
