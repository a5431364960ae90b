//! Deciding moves: which rule lets a lead move, and if none, why (SPEC §3).
//! `check`, `options`, `actions` and `apply` share one decision; this module
//! decides and changes nothing.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{json, Value};

use crate::context::Context;
use crate::effect::{tag_changes, EffectOut};
use crate::error::{Error, ErrorCode, Problem};
use crate::i18n::{Lang, Locales};
use crate::lead::{Lead, ObjectView, RawObject};
use crate::tags::Tags;
use crate::value::Time;
use crate::violation::{params, Violation, ViolationCode};
use crate::workflow::{Effect, FieldType, Workflow};

/// The most (status, rule) pairs one call of [`Workflow::options`] or
/// [`Workflow::actions`] examines; past it the call answers `limit_exceeded`.
pub const MAX_MOVES_EXAMINED: usize = 1 << 22;

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
        let t = text.trim_matches([' ', '\t', '\n', '\r']);
        if let Some(inner) = t.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            // A plain string is read directly; one with escapes through the JSON reader.
            if !inner.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
                return Ok(Target::Status(inner.to_owned()));
            }
            return crate::json::value(t).and_then(|v| v.as_str().map(Target::status)).ok_or_else(invalid);
        }
        let obj = ObjectView::parse(text).ok().flatten().ok_or_else(invalid)?;
        let str_of = |key: &str| obj.string(key).map(|s| s.map(Cow::into_owned)).map_err(|_| invalid());
        match str_of("action")? {
            Some(action) => Ok(Target::Action { action, status: str_of("status")? }),
            None => Err(invalid()),
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

/// The outcome of deciding one move, before it is presented.
pub(crate) struct Outcome {
    pub(crate) to: Option<usize>,
    pub(crate) rule: Option<usize>,
    pub(crate) violations: Vec<Violation>,
}

/// Violations, each `(code, field)` once, in the order they are found.
#[derive(Default)]
struct Violations(Vec<Violation>);

impl Violations {
    fn push(&mut self, v: Violation) {
        if !self.0.iter().any(|o| o.code == v.code && o.field == v.field) {
            self.0.push(v);
        }
    }
}

/// What a decision about one lead needs, computed once per call: the
/// status it is in, the locales, and each rule's guards, evaluated at most once.
struct Decider<'a> {
    wf: &'a Workflow,
    lead: &'a Lead,
    ctx: &'a Context,
    loc: Locales<'a>,
    /// The lead's status, when the workflow has it.
    current: Option<usize>,
    /// The holder of a reservation the actor may not override.
    reserved_by: Option<String>,
    /// Each rule's guard violations, once evaluated.
    guards: Vec<Option<Vec<Violation>>>,
    /// The violations of the declared fields `ctx.input` brings: the same
    /// for every target, so checked once per call, not once per status.
    input: Vec<Violation>,
}

impl<'a> Decider<'a> {
    fn new(wf: &'a Workflow, lead: &'a Lead, ctx: &'a Context) -> Decider<'a> {
        let loc = wf.locales(ctx.locale());
        let input = ctx.input.iter().filter_map(|(field, raw)| wf.field_violation(field, raw, &loc)).collect();
        Decider {
            wf,
            lead,
            ctx,
            loc,
            current: wf.status_index(lead.status()),
            reserved_by: wf.reserved_by_other(lead, ctx),
            guards: Vec::new(),
            input,
        }
    }

    fn lang(&self) -> Lang {
        self.loc.builtin()
    }

    /// The guards of rule `ri`: roles, required fields, then its condition.
    fn rule_guards(&mut self, ri: usize) -> Result<&[Violation], Error> {
        if self.guards.is_empty() {
            self.guards.resize(self.wf.rules.len(), None);
        }
        if self.guards[ri].is_none() {
            let rule = &self.wf.rules[ri];
            let mut out = Vec::new();
            if let Some(roles) = &rule.roles {
                if !self.ctx.actor().is_some_and(|a| roles.iter().any(|r| a.has_role(r))) {
                    let p = params([("roles", json!(roles))]);
                    out.push(Violation::new(ViolationCode::RoleRequired, self.lang(), None, p));
                }
            }
            self.wf.missing_fields(&rule.require, self.lead, self.ctx, &self.loc, &mut out);
            if let Some(when) = &rule.when {
                if !self.wf.test(when, self.lead, self.ctx)? {
                    let mut v = Violation::new(ViolationCode::ConditionFailed, self.lang(), None, params([]));
                    if let Some(m) = rule.message.as_ref().and_then(|m| m.resolve(self.loc.chain())) {
                        v.message = m.to_owned();
                    }
                    out.push(v);
                }
            }
            self.guards[ri] = Some(out);
        }
        Ok(self.guards[ri].as_deref().unwrap_or_default())
    }

    /// The target status's guards: its required fields, its condition, then
    /// the declared fields the input would bring.
    fn target_guards(&self, tgt: usize) -> Result<Vec<Violation>, Error> {
        let (wf, loc) = (self.wf, &self.loc);
        let status = &wf.statuses[tgt];
        let mut out = Vec::new();
        wf.missing_fields(&status.require, self.lead, self.ctx, loc, &mut out);
        if let Some(when) = &status.when {
            if !wf.test(when, self.lead, self.ctx)? {
                let p = params([("status", json!(status.id)), ("statusLabel", json!(wf.status_label(tgt, loc)))]);
                out.push(Violation::new(ViolationCode::ConditionFailed, self.lang(), None, p));
            }
        }
        out.extend(self.input.iter().cloned());
        Ok(out)
    }

    fn unknown_status(&self, id: &str, field: Option<&str>) -> Violation {
        let p = params([("status", json!(id))]);
        Violation::new(ViolationCode::UnknownStatus, self.lang(), field.map(str::to_owned), p)
    }

    fn move_params(&self, from: usize, to: usize) -> serde_json::Map<String, Value> {
        let wf = self.wf;
        params([
            ("from", json!(wf.statuses[from].id)),
            ("to", json!(wf.statuses[to].id)),
            ("fromLabel", json!(wf.status_label(from, &self.loc))),
            ("toLabel", json!(wf.status_label(to, &self.loc))),
        ])
    }

    /// Decides a move to `target` (an index, or an unknown id) through the
    /// rules `candidates` (in rule order; `None`: every rule), in the
    /// order of SPEC §3: `unknown_status`, `terminal_status`, `reserved`, then
    /// per matching rule its role, required fields and condition, then the
    /// target status's own.
    fn decide(&mut self, target: Result<usize, &str>, candidates: Option<&[usize]>) -> Result<Outcome, Error> {
        let mut v = Violations::default();
        if self.current.is_none() {
            v.push(self.unknown_status(self.lead.status(), Some("status")));
        }
        if let Err(id) = target {
            v.push(self.unknown_status(id, None));
        }
        let wf = self.wf;
        if let Some(cur) = self.current.filter(|&c| wf.statuses[c].is_terminal()) {
            if !wf.rules.iter().any(|r| wf.leaves(r, cur)) {
                // A terminal status no rule leaves: nothing else matters.
                let p = params([
                    ("from", json!(wf.statuses[cur].id)),
                    ("fromLabel", json!(wf.status_label(cur, &self.loc))),
                ]);
                let p = match target {
                    Ok(tgt) => self.move_params(cur, tgt),
                    Err(_) => p,
                };
                v.push(Violation::new(ViolationCode::TerminalStatus, self.lang(), None, p));
                return Ok(Outcome { to: target.ok(), rule: None, violations: v.0 });
            }
        }
        if let Some(holder) = &self.reserved_by {
            v.push(reserved(holder, self.lang()));
        }
        let (Some(cur), Ok(tgt)) = (self.current, target) else {
            return Ok(Outcome { to: target.ok(), rule: None, violations: v.0 });
        };
        let matching: Vec<usize> = match candidates {
            Some(c) => c.iter().copied().filter(|&ri| wf.moves(&wf.rules[ri], cur, tgt)).collect(),
            None => (0..wf.rules.len()).filter(|&ri| wf.moves(&wf.rules[ri], cur, tgt)).collect(),
        };
        if matching.is_empty() {
            let p = self.move_params(cur, tgt);
            v.push(Violation::new(ViolationCode::NoTransition, self.lang(), None, p));
            return Ok(Outcome { to: Some(tgt), rule: None, violations: v.0 });
        }
        let target_v = self.target_guards(tgt)?;
        let mut rule_v = Vec::new();
        for ri in matching {
            let g = self.rule_guards(ri)?;
            if g.is_empty() && target_v.is_empty() {
                // A passing rule: only the reservation can still refuse the move.
                let rule = if v.0.is_empty() { Some(ri) } else { None };
                return Ok(Outcome { to: Some(tgt), rule, violations: v.0 });
            }
            rule_v.extend_from_slice(g);
        }
        for x in rule_v.into_iter().chain(target_v) {
            v.push(x);
        }
        Ok(Outcome { to: Some(tgt), rule: None, violations: v.0 })
    }
}

/// The `reserved` violation: the lead is held by `holder`.
pub(crate) fn reserved(holder: &str, lang: Lang) -> Violation {
    Violation::new(ViolationCode::Reserved, lang, None, params([("reservedBy", json!(holder))]))
}

fn needs_of(violations: &[Violation]) -> Vec<String> {
    violations.iter().filter(|v| v.code == ViolationCode::MissingField).filter_map(|v| v.field.clone()).collect()
}

impl Workflow {
    /// Whether `lead` may move to `to` now, and if not, why (every violation of
    /// every matching rule, in the order of SPEC §3).
    ///
    /// # Errors
    /// `invalid_input` for an action that no rule has, or that reaches several
    /// statuses without naming one; `invalid_input` when a condition reads `now`
    /// and the context has none.
    pub fn check(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Decision, Error> {
        let out = self.decide(lead, to, ctx)?;
        let effects = match (out.rule, out.to) {
            (Some(rule), Some(target)) => self.preview(lead, rule, target),
            _ => Vec::new(),
        };
        Ok(Decision {
            allowed: out.violations.is_empty(),
            rule: out.rule.map(|i| RuleRef { index: i, id: self.rules[i].id.clone() }),
            to: out.to.map(|i| self.statuses[i].id.clone()),
            violations: out.violations,
            effects,
        })
    }

    /// The decision of one move, shared by `check` and `apply`.
    pub(crate) fn decide(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Outcome, Error> {
        let mut d = Decider::new(self, lead, ctx);
        match to {
            Target::Status(id) => d.decide(self.status_index(id).ok_or(id.as_str()), None),
            Target::Action { action, status } => {
                let invalid =
                    |msg: String| Error::one(ErrorCode::InvalidInput, Problem::new("/action", "invalid_value", msg));
                let ri = self
                    .rules
                    .iter()
                    .position(|r| r.id.as_deref() == Some(action))
                    .ok_or_else(|| invalid(format!("no rule has the id \"{action}\"")))?;
                let target = match status {
                    Some(s) => self.status_index(s).ok_or(s.as_str()),
                    None => match self.targets(&self.rules[ri].to).as_slice() {
                        [t] if !self.rules[ri].to.star => Ok(*t),
                        _ => {
                            return Err(invalid(format!(
                                "rule \"{action}\" reaches several statuses: name one with {{\"action\": \"{action}\", \"status\": id}}"
                            )))
                        }
                    },
                };
                d.decide(target, Some(&[ri]))
            }
        }
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
    /// `invalid_input` when a condition reads `now` and the context has none;
    /// `limit_exceeded` past [`MAX_MOVES_EXAMINED`].
    pub fn options(&self, lead: &Lead, ctx: &Context) -> Result<Vec<StatusOption>, Error> {
        let mut d = Decider::new(self, lead, ctx);
        // Only the rules that leave the lead's status can match any target.
        let leaving: Vec<usize> = match d.current {
            Some(cur) => (0..self.rules.len()).filter(|&ri| self.leaves(&self.rules[ri], cur)).collect(),
            None => Vec::new(),
        };
        self.bound(self.statuses.len().saturating_mul(leaving.len().max(1)))?;
        let mut out = Vec::with_capacity(self.columns.len());
        for &i in &self.columns {
            let o = d.decide(Ok(i), Some(&leaving))?;
            out.push(StatusOption {
                status: self.statuses[i].id.clone(),
                label: self.status_label(i, &d.loc).to_owned(),
                allowed: o.violations.is_empty(),
                needs: needs_of(&o.violations),
                violations: o.violations,
            });
        }
        Ok(out)
    }

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
    /// `invalid_input` when a condition reads `now` and the context has none;
    /// `limit_exceeded` past [`MAX_MOVES_EXAMINED`].
    pub fn actions(&self, lead: &Lead, ctx: &Context) -> Result<Vec<ActionInfo>, Error> {
        let mut d = Decider::new(self, lead, ctx);
        let Some(cur) = d.current else { return Ok(Vec::new()) };
        let mut examined = 0usize;
        let mut out = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            let Some(id) = &rule.id else { continue };
            if !self.leaves(rule, cur) {
                continue;
            }
            let targets = self.targets(&rule.to);
            examined = examined.saturating_add(targets.len());
            self.bound(examined)?;
            for t in targets.into_iter().filter(|&t| self.moves(rule, cur, t)) {
                let o = d.decide(Ok(t), Some(&[ri]))?;
                out.push(ActionInfo {
                    action: id.clone(),
                    label: d.loc.text(rule.label.as_ref(), id).to_owned(),
                    to: self.statuses[t].id.clone(),
                    allowed: o.violations.is_empty(),
                    needs: needs_of(&o.violations),
                    violations: o.violations,
                });
            }
        }
        Ok(out)
    }

    /// `limit_exceeded` past [`MAX_MOVES_EXAMINED`].
    fn bound(&self, examined: usize) -> Result<(), Error> {
        if examined > MAX_MOVES_EXAMINED {
            return Err(Error::one(
                ErrorCode::LimitExceeded,
                Problem::new(
                    "",
                    "too_many_moves",
                    format!("this call would examine more than {MAX_MOVES_EXAMINED} (status, rule) pairs"),
                ),
            ));
        }
        Ok(())
    }

    /// The effects list of a move without making it: its emits, and the tags
    /// its effects would add and remove (tag rules run only in `apply`).
    fn preview(&self, lead: &Lead, rule: usize, target: usize) -> Vec<EffectOut> {
        let exit = self.status_index(lead.status()).map(|c| &self.statuses[c].on_exit[..]).unwrap_or_default();
        let all = [exit, &self.rules[rule].effects, &self.statuses[target].on_enter];
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

    /// The holder of the lead's reservation, when it is someone else and the
    /// actor has no override role.
    pub(crate) fn reserved_by_other(&self, lead: &Lead, ctx: &Context) -> Option<String> {
        let holder = lead.reserved_by()?;
        let actor = ctx.actor();
        if actor.and_then(|a| a.id()) == Some(holder.as_str()) {
            return None;
        }
        if actor.is_some_and(|a| self.reservation.override_roles.iter().any(|r| a.has_role(r))) {
            return None;
        }
        Some(holder)
    }

    pub(crate) fn missing_fields(
        &self,
        fields: &[String],
        lead: &Lead,
        ctx: &Context,
        loc: &Locales,
        out: &mut Vec<Violation>,
    ) {
        for f in fields {
            if crate::json::is_empty(ctx.input(f)) && crate::json::is_empty(lead.get(f)) {
                let p = params([("field", json!(f)), ("fieldLabel", json!(self.field_label(f, loc)))]);
                out.push(Violation::new(ViolationCode::MissingField, loc.builtin(), Some(f.clone()), p));
            }
        }
    }

    /// The `invalid_field` violation of a declared field's value, if any.
    pub(crate) fn field_violation(&self, field: &str, raw: &str, loc: &Locales) -> Option<Violation> {
        let def = self.field(field)?;
        let value = crate::json::value(raw)?;
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
        let fields = RawObject::parse(lead).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?;
        let Some(fields) = fields else {
            let what = FieldType::Object.describe(lang);
            return Ok(vec![invalid("", if lang == Lang::Fr { "Le lead" } else { "The lead" }, what)]);
        };
        let lead = match Lead::from_fields(fields) {
            Ok(l) => l,
            Err(_) => return Ok(vec![invalid("status", "status", FieldType::String.describe(lang))]),
        };
        let mut out = Vec::new();
        match self.status_index(lead.status()) {
            None => {
                let p = params([("status", json!(lead.status()))]);
                out.push(Violation::new(ViolationCode::UnknownStatus, lang, Some("status".into()), p));
            }
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
