//! Deciding moves: which rule lets a lead move, and if none, why (docs/SPEC.md §3).
//! `check`, `options`, `actions` and `apply` share one decision; this module
//! decides and changes nothing.

use serde::Serialize;
use serde_json::{json, Value};

use crate::context::Context;
use crate::effect::EffectOut;
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::expr::{Known, Truth};
use crate::i18n::{Lang, Locales};
use crate::json::scan::Scanner;
use crate::lead::Lead;
use crate::violation::{params, Violation, ViolationCode};
use crate::workflow::Workflow;

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
                Problem::new(
                    "",
                    ProblemCode::InvalidType,
                    "a target is a status id or {\"action\": id, \"status\"?: id}",
                ),
            )
        };
        let mut s = Scanner::new(text);
        let target = match s.next() {
            Some(b'"') => s.str_value().map(|id| id.map(|id| Target::Status(id.into_owned()))),
            Some(b'{') => {
                let (mut action, mut status, mut strings) = (None, None, true);
                let read = s.entries(|s, key, escaped| {
                    let slot = match (key, escaped) {
                        ("action", false) => &mut action,
                        ("status", false) => &mut status,
                        _ => {
                            // Other keys (and escaped spellings, which are rare) are not read.
                            s.value()?;
                            return Ok(());
                        }
                    };
                    match s.str_value()? {
                        Some(v) => *slot = Some(v.into_owned()),
                        None => {
                            let span = s.value()?;
                            strings &= s.text(span) == "null";
                            *slot = None;
                        }
                    }
                    Ok(())
                });
                read.map(|()| match (action, strings) {
                    (Some(action), true) => Some(Target::Action { action, status }),
                    _ => None,
                })
            }
            _ => Ok(None),
        };
        match target.and_then(|t| s.end().map(|()| t)) {
            Ok(Some(t)) => Ok(t),
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

/// The resolution of one move, before it is presented: its target, the rule
/// that passes, or the violations.
pub(crate) struct Resolution {
    pub(crate) to: Option<usize>,
    pub(crate) rule: Option<usize>,
    /// The violations that follow from what is known.
    pub(crate) violations: Vec<Violation>,
    /// No violation follows from what is known, and what is not known could
    /// still refuse the move (a replay only; a live call knows everything).
    pub(crate) undecided: bool,
}

/// The guards of a rule or a target status: their known violations, and
/// whether one depends on what is not known.
#[derive(Clone, Default)]
struct Guards {
    violations: Vec<Violation>,
    unknown: bool,
}

impl Guards {
    /// A condition's verdict: a violation when it is known to fail.
    fn condition(&mut self, truth: Truth, violation: impl FnOnce() -> Violation) {
        match truth {
            Truth::True => {}
            Truth::False => self.violations.push(violation()),
            Truth::Unknown => self.unknown = true,
        }
    }
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
    /// Whether a reservation may hold the lead for this actor (a replay that
    /// does not know whether the actor has an override role).
    reserved_unknown: bool,
    /// Each rule's guards, once evaluated.
    guards: Vec<Option<Guards>>,
    /// The violations of the declared fields `ctx.input` brings: the same
    /// for every target, so checked once per call, not once per status.
    input: Vec<Violation>,
    /// What the decision knows (everything, but in a replay).
    known: Known,
}

impl<'a> Decider<'a> {
    fn new(wf: &'a Workflow, lead: &'a Lead, ctx: &'a Context) -> Decider<'a> {
        Decider::knowing(wf, lead, ctx, Known::ALL)
    }

    /// A decider that knows only what `known` says (a replay of history):
    /// the lead's fields, reservation and field types only with the lead's
    /// fields; roles and organisation only with the actor's.
    fn knowing(wf: &'a Workflow, lead: &'a Lead, ctx: &'a Context, known: Known) -> Decider<'a> {
        let loc = wf.locales(ctx.locale());
        let input = if known.input {
            ctx.input.iter().filter_map(|(field, raw)| wf.field_violation(field, raw, &loc)).collect()
        } else {
            Vec::new()
        };
        let (reserved_by, reserved_unknown) = match (known.lead, known.actor) {
            (false, _) => (None, false),
            (true, true) => (wf.reserved_by_other(lead, ctx), false),
            (true, false) => {
                // The holder is known, the actor's override roles are not.
                let holder = lead.reserved_by().filter(|h| ctx.actor().and_then(|a| a.id()) != Some(h.as_str()));
                let may_override = !wf.reservation.override_roles.is_empty();
                match holder {
                    Some(_) if may_override => (None, true),
                    holder => (holder, false),
                }
            }
        };
        Decider {
            wf,
            lead,
            ctx,
            loc,
            current: wf.status_index(lead.status()),
            reserved_by,
            reserved_unknown,
            guards: Vec::new(),
            input,
            known,
        }
    }

    fn lang(&self) -> Lang {
        self.loc.builtin()
    }

    /// The value of a condition, as far as the decision knows it.
    fn truth(&self, when: &crate::expr::Condition) -> Result<Truth, Error> {
        self.wf.truth(when, self.lead, self.ctx, self.known)
    }

    /// Required fields: `missing_field` violations, or unknown without the lead's fields.
    fn require(&self, fields: &[String], out: &mut Guards) {
        if fields.is_empty() {
            return;
        }
        if self.known.lead {
            self.wf.missing_fields(fields, self.lead, self.ctx, &self.loc, &mut out.violations);
        } else {
            out.unknown = true;
        }
    }

    /// The guards of rule `ri`: roles, required fields, then its condition.
    fn rule_guards(&mut self, ri: usize) -> Result<&Guards, Error> {
        if self.guards.is_empty() {
            self.guards.resize(self.wf.rules.len(), None);
        }
        if self.guards[ri].is_none() {
            let rule = &self.wf.rules[ri];
            let mut out = Guards::default();
            if let Some(roles) = &rule.roles {
                if !self.known.actor {
                    out.unknown = true;
                } else if !self.ctx.actor().is_some_and(|a| roles.iter().any(|r| a.has_role(r))) {
                    let p = params([("roles", json!(roles))]);
                    out.violations.push(Violation::new(ViolationCode::RoleRequired, self.lang(), None, p));
                }
            }
            self.require(&rule.require, &mut out);
            if let Some(when) = &rule.when {
                let truth = self.truth(when)?;
                out.condition(truth, || {
                    let mut v = Violation::new(ViolationCode::ConditionFailed, self.lang(), None, params([]));
                    if let Some(m) = rule.message.as_ref().and_then(|m| m.resolve(self.loc.chain())) {
                        v.message = m.to_owned();
                    }
                    v
                });
            }
            self.guards[ri] = Some(out);
        }
        Ok(self.guards[ri].as_ref().unwrap_or_else(|| unreachable!("set above")))
    }

    /// The target status's guards: its required fields, its condition, then
    /// the declared fields the input would bring.
    fn target_guards(&self, tgt: usize) -> Result<Guards, Error> {
        let (wf, loc) = (self.wf, &self.loc);
        let status = &wf.statuses[tgt];
        let mut out = Guards::default();
        self.require(&status.require, &mut out);
        if let Some(when) = &status.when {
            let truth = self.truth(when)?;
            out.condition(truth, || {
                let p = params([("status", json!(status.id)), ("statusLabel", json!(wf.status_label(tgt, loc)))]);
                Violation::new(ViolationCode::ConditionFailed, self.lang(), None, p)
            });
        }
        out.violations.extend(self.input.iter().cloned());
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
    /// order of docs/SPEC.md §3: `unknown_status`, `terminal_status`, `reserved`, then
    /// per matching rule its role, required fields and condition, then the
    /// target status's own.
    fn decide(&mut self, target: Result<usize, &str>, candidates: Option<&[usize]>) -> Result<Resolution, Error> {
        let mut v = Violations::default();
        let refused =
            |to: Option<usize>, v: Violations| Resolution { to, rule: None, violations: v.0, undecided: false };
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
                return Ok(refused(target.ok(), v));
            }
        }
        if let Some(holder) = &self.reserved_by {
            v.push(reserved(holder, self.lang()));
        }
        let (Some(cur), Ok(tgt)) = (self.current, target) else {
            return Ok(refused(target.ok(), v));
        };
        let matching: Vec<usize> = match candidates {
            Some(c) => c.iter().copied().filter(|&ri| wf.moves(&wf.rules[ri], cur, tgt)).collect(),
            None => (0..wf.rules.len()).filter(|&ri| wf.moves(&wf.rules[ri], cur, tgt)).collect(),
        };
        if matching.is_empty() {
            let p = self.move_params(cur, tgt);
            v.push(Violation::new(ViolationCode::NoTransition, self.lang(), None, p));
            return Ok(refused(Some(tgt), v));
        }
        let target_g = self.target_guards(tgt)?;
        let mut rule_v = Vec::new();
        // Whether a rule could pass, given what is not known.
        let mut possible = false;
        let reserved_unknown = self.reserved_unknown;
        for ri in matching {
            let g = self.rule_guards(ri)?;
            if g.violations.is_empty() && target_g.violations.is_empty() {
                if !g.unknown && !target_g.unknown && !reserved_unknown {
                    // A passing rule: only the reservation can still refuse the move.
                    let rule = if v.0.is_empty() { Some(ri) } else { None };
                    return Ok(Resolution { to: Some(tgt), rule, violations: v.0, undecided: false });
                }
                possible = true;
            }
            rule_v.extend_from_slice(&g.violations);
        }
        if possible && v.0.is_empty() {
            return Ok(Resolution { to: Some(tgt), rule: None, violations: Vec::new(), undecided: true });
        }
        for x in rule_v.into_iter().chain(target_g.violations) {
            v.push(x);
        }
        Ok(refused(Some(tgt), v))
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
    /// every matching rule, in the order of docs/SPEC.md §3).
    ///
    /// # Errors
    /// `invalid_input` for an action that no rule has, or that reaches several
    /// statuses without naming one; `invalid_input` when a condition reads `now`
    /// and the context has none.
    pub fn check(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Decision, Error> {
        let out = self.decide(lead, to, ctx)?;
        let effects = match (out.rule, out.to) {
            (Some(rule), Some(target)) => crate::effect::preview(self, lead, rule, target),
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
    pub(crate) fn decide(&self, lead: &Lead, to: &Target, ctx: &Context) -> Result<Resolution, Error> {
        let mut d = Decider::new(self, lead, ctx);
        match to {
            Target::Status(id) => d.decide(self.status_index(id).ok_or(id.as_str()), None),
            Target::Action { action, status } => {
                let invalid = |msg: String| Error::input("/action", ProblemCode::InvalidValue, msg);
                let ri = self
                    .rules
                    .iter()
                    .position(|r| r.id.as_deref() == Some(action))
                    .ok_or_else(|| invalid(format!("no rule has the id \"{action}\"")))?;
                let target = match status {
                    Some(s) => self.status_index(s).ok_or(s.as_str()),
                    None => match self.single_target(&self.rules[ri].to) {
                        Some(t) => Ok(t),
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

    /// A move of `lead` to the status at `to` decided on what `known` says
    /// (a replay of history): refused, allowed, or undecided.
    pub(crate) fn decide_knowing(
        &self,
        lead: &Lead,
        to: Result<usize, &str>,
        ctx: &Context,
        known: Known,
    ) -> Result<Resolution, Error> {
        Decider::knowing(self, lead, ctx, known).decide(to, None)
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
                    ProblemCode::TooManyMoves,
                    format!("this call would examine more than {MAX_MOVES_EXAMINED} (status, rule) pairs"),
                ),
            ));
        }
        Ok(())
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
}
