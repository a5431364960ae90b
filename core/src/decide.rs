//! Deciding moves: `check`, `options` and `apply` share one decision.

use serde::Serialize;
use serde_json::{json, Value};

use crate::context::Context;
use crate::effect::EffectOut;
use crate::effect::{tag_changes, Effect, Runner};
use crate::error::{Error, ErrorCode, Problem};
use crate::event::{Event, EventKind};
use crate::expr::Scope;
use crate::i18n::Locales;
use crate::lead::{raw, Lead};
use crate::tags;
use crate::value::Time;
use crate::violation::{params, Violation, ViolationCode};
use crate::workflow::{FieldType, Rule, Workflow};

/// Where a move goes: a status id, or a rule named by its `id` (an action).
///
/// In JSON: `"accepted"` or `{"action": "accept"}`; an action whose rule can
/// reach several statuses also names one: `{"action": "close", "status": "lost"}`.
///
/// ```
/// use relance_core::Target;
/// assert_eq!(Target::from_json(r#""won""#)?, Target::status("won"));
/// assert_eq!(Target::from_json(r#"{"action": "accept"}"#)?, Target::action("accept"));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Move to this status, through the first rule that allows it.
    Status(String),
    /// Move through the rule with this `id`.
    Action {
        /// The rule's id.
        action: String,
        /// The target, when the rule can reach several statuses.
        status: Option<String>,
    },
}

impl Target {
    /// A move to a status.
    pub fn status(id: impl Into<String>) -> Target {
        Target::Status(id.into())
    }

    /// A move through a named rule.
    pub fn action(id: impl Into<String>) -> Target {
        Target::Action { action: id.into(), status: None }
    }

    /// Parses a target from JSON text.
    ///
    /// # Errors
    /// `invalid_input` when it is neither a string nor `{"action": ...}`.
    pub fn from_json(text: &str) -> Result<Target, Error> {
        let invalid = || {
            Error::one(
                ErrorCode::InvalidInput,
                Problem::new("", "invalid_type", "a target is a status id or {\"action\": id, \"status\"?: id}"),
            )
        };
        let str_of = |v: Option<&Value>| match v {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid()),
        };
        match crate::json::value(text).ok_or_else(invalid)? {
            Value::String(s) => Ok(Target::Status(s)),
            Value::Object(m) => match str_of(m.get("action"))? {
                Some(action) => Ok(Target::Action { action, status: str_of(m.get("status"))? }),
                None => Err(invalid()),
            },
            _ => Err(invalid()),
        }
    }
}

/// A rule, by position in `transitions` and by `id` when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// Position in the definition's `transitions`.
    pub index: usize,
    /// The rule's `id`, if any.
    pub id: Option<String>,
}

/// The answer to "may this lead move there?".
///
/// ```
/// use relance_core::{Context, Lead, Target, Workflow};
/// let wf = Workflow::preset("remonline")?;
/// let lead = Lead::from_json(r#"{"status": "new"}"#)?;
/// let d = wf.check(&lead, &Target::status("refused"), &Context::default())?;
/// assert!(!d.allowed);
/// assert_eq!(d.violations[0].code, relance_core::ViolationCode::NoTransition);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// Whether the move may be applied.
    pub allowed: bool,
    /// The rule that allows it (the first passing one).
    pub rule: Option<RuleRef>,
    /// The target status (resolved from an action).
    pub to: Option<String>,
    /// Why it may not (empty when allowed).
    pub violations: Vec<Violation>,
    /// What applying it would ask of the host (tag rules not included).
    pub effects: Vec<EffectOut>,
}

/// One row of [`Workflow::options`]: may the lead move to this status?
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusOption {
    /// The status id.
    pub status: String,
    /// Its label in the requested locale.
    pub label: String,
    /// Whether the move is allowed now.
    pub allowed: bool,
    /// Why not.
    pub violations: Vec<Violation>,
    /// Required fields still missing, in order: what a dialog should ask for.
    pub needs: Vec<String>,
}

/// The result of a change (`apply`, `create`, `fire`, `addNote`).
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The lead after the change.
    pub lead: Lead,
    /// What the host should carry out, in order.
    pub effects: Vec<EffectOut>,
    /// The event to append to the host's log.
    pub event: Event,
}

/// The outcome of deciding one move, before it is presented.
struct Outcome {
    to: Option<usize>,
    rule: Option<usize>,
    violations: Vec<Violation>,
}

/// A field's value is empty when absent, `null`, a blank string, `[]` or `{}`.
pub(crate) fn is_empty_raw(raw: Option<&serde_json::value::RawValue>) -> bool {
    let Some(raw) = raw else { return true };
    let t = raw.get().trim();
    match t.as_bytes().first() {
        Some(b'n') => true,
        Some(b'"') => crate::json::string(raw).is_some_and(|s| s.trim().is_empty()),
        Some(b'[' | b'{') => t[1..t.len() - 1].trim().is_empty(),
        _ => false,
    }
}

struct Violations {
    list: Vec<Violation>,
}

impl Violations {
    fn push(&mut self, v: Violation) {
        if !self.list.iter().any(|o| o.code == v.code && o.field == v.field) {
            self.list.push(v);
        }
    }
}

impl Workflow {
    /// Whether `lead` may move to `to` now, and if not, why (every violation of
    /// every matching rule, in the order of SPEC §3).
    ///
    /// # Errors
    /// `invalid_input` for an action that no rule has, or that reaches several
    /// statuses without naming one.
    pub fn check(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Decision, Error> {
        let loc = self.locales(ctx.locale());
        let out = self.decide(lead, to, ctx, &loc)?;
        let effects = match (out.rule, out.to) {
            (Some(rule), Some(target)) => self.preview(lead, rule, target),
            _ => Vec::new(),
        };
        Ok(Decision {
            allowed: out.violations.is_empty(),
            rule: out.rule.map(|i| self.rule_ref(i)),
            to: out.to.map(|i| self.statuses[i].id.clone()),
            violations: out.violations,
            effects,
        })
    }

    /// Every status, in column order, with whether `lead` may move there now.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Workflow};
    /// let wf = Workflow::preset("remonline")?;
    /// let lead = Lead::from_json(r#"{"status": "new"}"#)?;
    /// let allowed: Vec<_> = wf.options(&lead, &Context::default())?
    ///     .into_iter().filter(|o| o.allowed).map(|o| o.status).collect();
    /// assert_eq!(allowed, ["in_work"]);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// None for now; the signature leaves room for context errors.
    pub fn options(&self, lead: &Lead, ctx: &Context) -> Result<Vec<StatusOption>, Error> {
        let loc = self.locales(ctx.locale());
        self.columns
            .iter()
            .map(|&i| {
                let id = &self.statuses[i].id;
                let out = self.decide(lead, &Target::Status(id.clone()), ctx, &loc)?;
                let needs = needs_of(&out.violations);
                Ok(StatusOption {
                    status: id.clone(),
                    label: self.status_label(i, &loc).to_owned(),
                    allowed: out.violations.is_empty(),
                    violations: out.violations,
                    needs,
                })
            })
            .collect()
    }

    /// Moves `lead` to `to`: the same decision as [`check`](Self::check), then the
    /// change. The argument is not modified; every custom field comes back as it
    /// went in.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Target, Time, Workflow};
    /// let wf = Workflow::preset("remonline")?;
    /// let lead = Lead::from_json(r#"{"id": "L1", "status": "new", "note": {"x": 1}}"#)?;
    /// let ctx = Context::at(Time::parse("2026-11-22T09:00:00Z")?);
    /// let change = wf.apply(&lead, &Target::status("in_work"), &ctx)?;
    /// assert_eq!(change.lead.to_json(),
    ///     r#"{"id":"L1","status":"in_work","note":{"x": 1},"statusSince":"2026-11-22T09:00:00.000Z"}"#);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `transition_denied` with the violations; `invalid_input` when `now` is missing.
    pub fn apply(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Change, Error> {
        let loc = self.locales(ctx.locale());
        let out = self.decide(lead, to, ctx, &loc)?;
        if !out.violations.is_empty() {
            return Err(Error::denied(ErrorCode::TransitionDenied, out.violations));
        }
        let now = ctx.require_now()?;
        let (Some(target), Some(rule)) = (out.to, out.rule) else {
            return Err(Error::denied(ErrorCode::TransitionDenied, Vec::new()));
        };
        let (next, effects) = self.transition(lead, rule, target, ctx, now)?;
        let event = Event {
            lead: lead.id_raw(),
            at: now,
            kind: EventKind::Status { from: lead.status().to_owned(), to: self.statuses[target].id.clone() },
            actor: ctx.actor().and_then(|a| a.id()).map(str::to_owned),
        };
        Ok(Change { lead: next, effects, event })
    }

    /// The change itself, in the order of SPEC §3: required fields from input,
    /// the source's `onExit`, the rule's effects, `status` and `statusSince`, the
    /// target's `onEnter`, then the tag rules.
    fn transition(
        &self,
        lead: &Lead,
        rule: usize,
        target: usize,
        ctx: &Context,
        now: Time,
    ) -> Result<(Lead, Vec<EffectOut>), Error> {
        let mut next = lead.clone();
        let target_status = &self.statuses[target];
        for field in self.rules[rule].require.iter().chain(&target_status.require) {
            if let Some(v) = ctx.input(field).filter(|v| !is_empty_raw(Some(v))) {
                next.set_raw(field, v.to_owned());
            }
        }
        let before = tags::read(lead);
        let mut run = Runner { ctx, now, tags: before.clone(), out: Vec::new() };
        if let Some(cur) = self.status_index(lead.status()) {
            run.run(&mut next, &self.statuses[cur].on_exit);
        }
        run.run(&mut next, &self.rules[rule].effects);
        next.set_status(&target_status.id);
        next.set_raw("statusSince", raw(&now));
        run.run(&mut next, &target_status.on_enter);
        tags::write(&mut next, &run.tags);
        self.run_tag_rules(&mut next, ctx)?;
        let mut effects = run.out;
        tag_changes(&before, &tags::read(&next), &mut effects);
        Ok((next, effects))
    }

    /// Runs the tag rules in order, each seeing the tags the previous one left.
    pub(crate) fn run_tag_rules(&self, lead: &mut Lead, ctx: &Context) -> Result<(), Error> {
        for rule in &self.tag_rules {
            let holds = match &rule.when {
                Some(c) => c.test(&self.scope(lead, ctx))?,
                None => true,
            };
            if holds {
                let mut t = tags::read(lead);
                tags::add(&mut t, &rule.add);
                tags::remove(&mut t, &rule.remove);
                tags::write(lead, &t);
            }
        }
        Ok(())
    }

    /// The effects list of a move without making it: its emits, and the tags
    /// its effects would add and remove (tag rules run only in `apply`).
    fn preview(&self, lead: &Lead, rule: usize, target: usize) -> Vec<EffectOut> {
        let exit = self.status_index(lead.status()).map(|c| &self.statuses[c].on_exit[..]).unwrap_or_default();
        let all = [exit, &self.rules[rule].effects, &self.statuses[target].on_enter];
        let mut out = Vec::new();
        let mut before = None;
        let mut tags = Vec::new();
        for effect in all.into_iter().flatten() {
            match effect {
                Effect::Emit { name, data } => out.push(EffectOut::Emit { emit: name.clone(), data: data.clone() }),
                Effect::AddTags(t) | Effect::RemoveTags(t) => {
                    if before.is_none() {
                        tags = tags::read(lead);
                        before = Some(tags.clone());
                    }
                    if matches!(effect, Effect::AddTags(_)) {
                        tags::add(&mut tags, t);
                    } else {
                        tags::remove(&mut tags, t);
                    }
                }
                _ => {}
            }
        }
        if let Some(before) = before {
            tag_changes(&before, &tags, &mut out);
        }
        out
    }

    fn rule_ref(&self, i: usize) -> RuleRef {
        RuleRef { index: i, id: self.rules[i].id.clone() }
    }

    /// `field` is `Some("status")` for the lead's own status, `None` for the target.
    fn unknown_status(&self, id: &str, field: Option<&str>, loc: &Locales) -> Violation {
        Violation::new(
            ViolationCode::UnknownStatus,
            loc.builtin(),
            field.map(str::to_owned),
            params([("status", json!(id))]),
        )
    }

    fn move_params(&self, from: usize, to: usize, loc: &Locales) -> serde_json::Map<String, Value> {
        params([
            ("from", json!(self.statuses[from].id)),
            ("to", json!(self.statuses[to].id)),
            ("fromLabel", json!(self.status_label(from, loc))),
            ("toLabel", json!(self.status_label(to, loc))),
        ])
    }

    /// Resolves the target to a status index and, for actions, the one rule to try.
    fn resolve_target(&self, to: &Target) -> Result<(Result<usize, String>, Option<usize>), Error> {
        match to {
            Target::Status(id) => Ok((self.status_index(id).ok_or_else(|| id.clone()), None)),
            Target::Action { action, status } => {
                let invalid =
                    |msg: String| Error::one(ErrorCode::InvalidInput, Problem::new("/action", "invalid_value", msg));
                let ri = self
                    .rules
                    .iter()
                    .position(|r| r.id.as_deref() == Some(action))
                    .ok_or_else(|| invalid(format!("no rule has the id \"{action}\"")))?;
                let rule = &self.rules[ri];
                let target = match status {
                    Some(s) => self.status_index(s).ok_or_else(|| s.clone()),
                    None => {
                        let mut targets = rule.to.targets(self.statuses.len());
                        match (targets.next(), targets.next(), rule.to.star) {
                            (Some(t), None, false) => Ok(t),
                            _ => {
                                return Err(invalid(format!(
                                    "rule \"{action}\" reaches several statuses: name one with {{\"action\": \"{action}\", \"status\": id}}"
                                )))
                            }
                        }
                    }
                };
                Ok((target, Some(ri)))
            }
        }
    }

    fn decide(&self, lead: &Lead, to: &Target, ctx: &Context, loc: &Locales) -> Result<Outcome, Error> {
        let (target, only_rule) = self.resolve_target(to)?;
        let mut v = Violations { list: Vec::new() };
        let current = self.status_index(lead.status());
        if current.is_none() {
            v.push(self.unknown_status(lead.status(), Some("status"), loc));
        }
        if let Err(id) = &target {
            v.push(self.unknown_status(id, None, loc));
        }
        let (Some(cur), Ok(tgt)) = (current, target.clone()) else {
            return Ok(Outcome { to: target.ok(), rule: None, violations: v.list });
        };
        if let Some(holder) = self.reserved_by_other(lead, ctx) {
            v.push(Violation::new(
                ViolationCode::Reserved,
                loc.builtin(),
                None,
                params([("reservedBy", json!(holder))]),
            ));
        }
        let terminal = self.statuses[cur].category.is_terminal();
        let matches = |r: &Rule| r.from.matches_from(cur, terminal) && r.to.matches_to(&r.from, cur, tgt);
        let matching: Vec<usize> = match only_rule {
            Some(ri) => Some(ri).filter(|&ri| matches(&self.rules[ri])).into_iter().collect(),
            None => (0..self.rules.len()).filter(|&ri| matches(&self.rules[ri])).collect(),
        };
        if matching.is_empty() {
            let leaves = self.rules.iter().any(|r| r.from.matches_from(cur, terminal));
            let code = if terminal && !leaves { ViolationCode::TerminalStatus } else { ViolationCode::NoTransition };
            v.push(Violation::new(code, loc.builtin(), None, self.move_params(cur, tgt, loc)));
            return Ok(Outcome { to: Some(tgt), rule: None, violations: v.list });
        }
        let target_ok = self.target_guards(lead, tgt, ctx, loc)?;
        let mut passing = None;
        let mut rule_violations = Vec::new();
        for &ri in &matching {
            let rv = self.rule_guards(&self.rules[ri], lead, ctx, loc)?;
            if rv.is_empty() && target_ok.is_empty() {
                passing = Some(ri);
                break;
            }
            rule_violations.extend(rv);
        }
        if passing.is_some() && v.list.is_empty() {
            return Ok(Outcome { to: Some(tgt), rule: passing, violations: Vec::new() });
        }
        for x in rule_violations.into_iter().chain(target_ok) {
            v.push(x);
        }
        Ok(Outcome { to: Some(tgt), rule: None, violations: v.list })
    }

    /// What conditions see: the lead as it was, the context, the SLA states.
    pub(crate) fn scope<'a>(&self, lead: &'a Lead, ctx: &'a Context) -> Scope<'a> {
        Scope { lead, ctx, sla: &|_| Ok(None) }
    }

    /// The holder of the lead's reservation, when it is someone else and the
    /// actor has no override role.
    fn reserved_by_other(&self, lead: &Lead, ctx: &Context) -> Option<String> {
        let holder = crate::json::string(lead.get("reservedBy")?)?;
        let actor = ctx.actor();
        if holder.is_empty() || actor.and_then(|a| a.id()) == Some(holder.as_str()) {
            return None;
        }
        if actor.is_some_and(|a| self.override_roles.iter().any(|r| a.has_role(r))) {
            return None;
        }
        Some(holder)
    }

    /// The rule's own guards: roles, required fields, then its condition.
    fn rule_guards(&self, rule: &Rule, lead: &Lead, ctx: &Context, loc: &Locales) -> Result<Vec<Violation>, Error> {
        let mut out = Vec::new();
        if let Some(roles) = &rule.roles {
            if !ctx.actor().is_some_and(|a| roles.iter().any(|r| a.has_role(r))) {
                out.push(Violation::new(
                    ViolationCode::RoleRequired,
                    loc.builtin(),
                    None,
                    params([("roles", json!(roles))]),
                ));
            }
        }
        self.missing_fields(&rule.require, lead, ctx, loc, &mut out);
        if let Some(when) = &rule.when {
            if !when.test(&self.scope(lead, ctx))? {
                let mut v = Violation::new(ViolationCode::ConditionFailed, loc.builtin(), None, params([]));
                if let Some(m) = rule.message.as_ref().and_then(|m| m.resolve(loc.chain())) {
                    v.message = m.to_owned();
                }
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The target status's guards: its required fields, its condition, then
    /// the declared fields the input would bring.
    fn target_guards(&self, lead: &Lead, tgt: usize, ctx: &Context, loc: &Locales) -> Result<Vec<Violation>, Error> {
        let status = &self.statuses[tgt];
        let mut out = Vec::new();
        self.missing_fields(&status.require, lead, ctx, loc, &mut out);
        if let Some(when) = &status.when {
            if !when.test(&self.scope(lead, ctx))? {
                let p = params([("status", json!(status.id)), ("statusLabel", json!(self.status_label(tgt, loc)))]);
                out.push(Violation::new(ViolationCode::ConditionFailed, loc.builtin(), None, p));
            }
        }
        for (field, raw) in ctx.input.iter() {
            if let Some(v) = self.field_violation(field, raw, loc) {
                out.push(v);
            }
        }
        Ok(out)
    }

    fn missing_fields(&self, fields: &[String], lead: &Lead, ctx: &Context, loc: &Locales, out: &mut Vec<Violation>) {
        for f in fields {
            if is_empty_raw(ctx.input(f)) && is_empty_raw(lead.get(f)) {
                let p = params([("field", json!(f)), ("fieldLabel", json!(self.field_label(f, loc)))]);
                out.push(Violation::new(ViolationCode::MissingField, loc.builtin(), Some(f.clone()), p));
            }
        }
    }
}

impl Workflow {
    /// The `invalid_field` violation of a declared field's value, if any.
    pub(crate) fn field_violation(
        &self,
        field: &str,
        raw: &serde_json::value::RawValue,
        loc: &Locales,
    ) -> Option<Violation> {
        let def = self.field(field)?;
        let value = crate::json::value(raw.get())?;
        if value.is_null() {
            return None;
        }
        let type_ok = match def.kind {
            None => true,
            Some(FieldType::String) => value.is_string(),
            Some(FieldType::Number) => value.is_number(),
            Some(FieldType::Boolean) => value.is_boolean(),
            Some(FieldType::Time) => Time::from_json(&value).is_ok(),
            Some(FieldType::List) => value.is_array(),
            Some(FieldType::Object) => value.is_object(),
        };
        let in_enum = def.allowed.as_ref().is_none_or(|e| e.contains(&value));
        if type_ok && in_enum {
            return None;
        }
        let expected = match (&def.allowed, def.kind) {
            (Some(e), _) if type_ok => {
                let items: Vec<String> =
                    e.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
                items.join(" | ")
            }
            (_, Some(k)) => k.describe(loc.builtin()).to_owned(),
            _ => "valid".to_owned(),
        };
        let p = params([
            ("field", json!(field)),
            ("fieldLabel", json!(self.field_label(field, loc))),
            ("expected", json!(expected)),
        ]);
        Some(Violation::new(ViolationCode::InvalidField, loc.builtin(), Some(field.to_owned()), p))
    }
}

/// One action (a rule with an `id`) the lead's status offers: what a page
/// shows as a button.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionInfo {
    /// The rule's id.
    pub action: String,
    /// Its label in the requested locale (the id when it has none).
    pub label: String,
    /// The status it moves to.
    pub to: String,
    /// Whether it is allowed now.
    pub allowed: bool,
    /// Why not.
    pub violations: Vec<Violation>,
    /// Required fields still missing: what a dialog should ask for.
    pub needs: Vec<String>,
}

fn needs_of(violations: &[Violation]) -> Vec<String> {
    violations.iter().filter(|v| v.code == ViolationCode::MissingField).filter_map(|v| v.field.clone()).collect()
}

impl Workflow {
    /// The actions whose `from` matches the lead's status, one per target, in
    /// rule order: the Accept / Decline / Convert buttons of a page.
    ///
    /// ```
    /// use relance_core::{Actor, Context, Lead, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let lead = Lead::from_json(r#"{"status": "pending", "partnerOrg": "acme"}"#)?;
    /// let ctx = Context::default().with_actor(Actor::new("pat", &["partner"], Some("acme")));
    /// let buttons: Vec<_> = wf.actions(&lead, &ctx)?.into_iter().map(|a| (a.action, a.allowed)).collect();
    /// assert_eq!(buttons, [("accept".to_owned(), true), ("decline".to_owned(), false)]);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_input` when a condition reads `now` and the context has none.
    pub fn actions(&self, lead: &Lead, ctx: &Context) -> Result<Vec<ActionInfo>, Error> {
        let loc = self.locales(ctx.locale());
        let Some(cur) = self.status_index(lead.status()) else { return Ok(Vec::new()) };
        let terminal = self.statuses[cur].category.is_terminal();
        let mut out = Vec::new();
        for rule in &self.rules {
            let Some(id) = &rule.id else { continue };
            if !rule.from.matches_from(cur, terminal) {
                continue;
            }
            for t in (0..self.statuses.len()).filter(|&t| rule.to.matches_to(&rule.from, cur, t)) {
                let target = Target::Action { action: id.clone(), status: Some(self.statuses[t].id.clone()) };
                let d = self.decide(lead, &target, ctx, &loc)?;
                out.push(ActionInfo {
                    action: id.clone(),
                    label: loc.text(rule.label.as_ref(), id).to_owned(),
                    to: self.statuses[t].id.clone(),
                    allowed: d.violations.is_empty(),
                    needs: needs_of(&d.violations),
                    violations: d.violations,
                });
            }
        }
        Ok(out)
    }

    /// The violations of a stored lead, for import checks: not an object or no
    /// string `status` (`invalid_field`), an unknown status, required fields of
    /// its status that are empty, declared fields of the wrong type or outside
    /// their `enum`. An empty list means the lead is valid.
    ///
    /// ```
    /// use relance_core::{Context, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let v = wf.validate(r#"{"status": "declined"}"#, &Context::default())?;
    /// assert_eq!(v[0].field.as_deref(), Some("declineReason"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json` only.
    pub fn validate(&self, lead: &str, ctx: &Context) -> Result<Vec<Violation>, Error> {
        let loc = self.locales(ctx.locale());
        let lang = loc.builtin();
        let invalid = |field: &str, label: &str, expected: &str| {
            let p = params([("field", json!(field)), ("fieldLabel", json!(label)), ("expected", json!(expected))]);
            Violation::new(ViolationCode::InvalidField, lang, Some(field.to_owned()), p)
        };
        let fields = crate::lead::RawObject::parse(lead).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?;
        let Some(fields) = fields else {
            let what = FieldType::Object.describe(lang);
            return Ok(vec![invalid("", if lang == crate::i18n::Lang::Fr { "Le lead" } else { "The lead" }, what)]);
        };
        let lead = match Lead::from_fields(fields) {
            Ok(l) => l,
            Err(_) => return Ok(vec![invalid("status", "status", FieldType::String.describe(lang))]),
        };
        let mut out = Vec::new();
        match self.status_index(lead.status()) {
            None => out.push(self.unknown_status(lead.status(), Some("status"), &loc)),
            Some(i) => self.missing_fields(&self.statuses[i].require, &lead, &Context::default(), &loc, &mut out),
        }
        for (field, raw) in lead.fields().iter() {
            if let Some(v) = self.field_violation(field, raw, &loc) {
                out.push(v);
            }
        }
        Ok(out)
    }
}
