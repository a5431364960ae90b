//! Evaluation of parsed conditions. Recursion follows the parsed tree, whose
//! depth the parser bounds; lead values are read one level at a time from
//! their raw JSON, so a deep custom field costs nothing until it is reached.
//!
//! A replay of history (docs/SPEC.md §10) may not know the lead's fields or
//! the actor's roles: what the scope does not know evaluates to
//! [`Val::Unknown`], as in CEL's partial evaluation. An unknown operand makes
//! the result unknown, except that `&&` and `||` still give their deciding
//! value (`false && unknown` is `false`, `true || unknown` is `true`).

use serde_json::{Map, Value};

use super::{Builtin, Expr, Op, Root};
use crate::context::Context;
use crate::error::Error;
use crate::json::RawObject;
use crate::lead::Lead;
use crate::value::Time;

/// A value during evaluation. `Error` is what CEL calls an error: an
/// operation on operands of the wrong type. It is not `null` (`(1 + 'a') ==
/// null` is not true), it propagates through operators, and only `&&` and
/// `||` can absorb it (`false && error` is `false`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Error,
    /// What the scope does not know (a replay without the lead's fields).
    Unknown,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Time(i64),
    Dur(i64),
    List(Vec<Val>),
    Obj(Map<String, Value>),
}

impl Val {
    fn from_json(v: Value) -> Val {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::Str(s),
            Value::Array(a) => Val::List(a.into_iter().map(Val::from_json).collect()),
            Value::Object(m) => Val::Obj(m),
        }
    }

    fn from_raw(raw: &str) -> Val {
        let t = raw.trim();
        match t {
            "null" => return Val::Null,
            "true" => return Val::Bool(true),
            "false" => return Val::Bool(false),
            _ if t.len() >= 2 && t.starts_with('"') && !t.contains('\\') => {
                return Val::Str(t[1..t.len() - 1].to_owned())
            }
            _ => {}
        }
        // serde_json bounds nesting at 128 levels; a deeper value reads as null.
        crate::json::value(t).map(Val::from_json).unwrap_or(Val::Null)
    }

    /// This value read as a time: a time, an RFC 3339 string, or epoch milliseconds.
    fn as_time(&self) -> Option<i64> {
        match self {
            Val::Time(t) => Some(*t),
            Val::Str(s) => Time::parse(s).ok().map(Time::millis),
            Val::Num(n) if n.fract() == 0.0 => Time::from_millis(*n as i64).ok().map(Time::millis),
            _ => None,
        }
    }
}

/// What a scope knows. A live call knows everything; a replay of history
/// knows the lead's fields only from an event's `before`, an actor's roles
/// and organisation only from the `actors` it was given, and never the
/// call's `input`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Known {
    /// The lead's fields (`lead.x`, `hasTag`, `timeInStatus()`, `sla()`).
    pub(crate) lead: bool,
    /// The actor's roles and organisation (its id is always known).
    pub(crate) actor: bool,
    /// The call's `input`.
    pub(crate) input: bool,
}

impl Known {
    /// Everything: a live call.
    pub(crate) const ALL: Known = Known { lead: true, actor: true, input: true };
}

/// A condition's value as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Truth {
    /// Exactly `true`.
    True,
    /// Anything but `true` (the condition fails).
    False,
    /// It depends on what the scope does not know.
    Unknown,
}

/// What a condition can see: the lead as it was, the context, and the SLA
/// states of the lead's timers.
pub(crate) struct Scope<'a> {
    pub(crate) lead: &'a Lead,
    pub(crate) ctx: &'a Context,
    /// The SLA state of the timer at a position (`sla("id")`), if it has a deadline.
    pub(crate) sla: &'a dyn Fn(usize) -> Result<Option<&'static str>, Error>,
    /// What it knows.
    pub(crate) known: Known,
}

/// The value at `first` (raw JSON), then down the object keys of `rest`.
fn raw_path(first: Option<&str>, rest: &[String]) -> Val {
    let Some(first) = first else { return Val::Null };
    let mut cur: std::borrow::Cow<'_, str> = first.into();
    for seg in rest {
        let next = match RawObject::parse(&cur) {
            Ok(Some(obj)) => obj.get(seg).map(str::to_owned),
            _ => None,
        };
        match next {
            Some(n) => cur = n.into(),
            None => return Val::Null,
        }
    }
    Val::from_raw(&cur)
}

fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Time(t), Val::Str(_)) | (Val::Str(_), Val::Time(t)) => {
            let other = if matches!(a, Val::Time(_)) { b } else { a };
            other.as_time() == Some(*t)
        }
        (Val::List(x), Val::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q)),
        (Val::Obj(x), Val::Obj(y)) => json_equal_maps(x, y),
        _ => a == b,
    }
}

/// JSON equality with one number type (`{"a": 1} == {"a": 1.0}`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q)),
        (Value::Object(x), Value::Object(y)) => json_equal_maps(x, y),
        _ => a == b,
    }
}

fn json_equal_maps(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
}

/// How two values order.
enum Comparison {
    Is(std::cmp::Ordering),
    /// Values of different types: every ordering comparison is `false` (docs/SPEC.md §3).
    Mismatched,
    /// Values of one type that has no order (lists, objects, `null`), or
    /// `NaN`: as in CEL, the comparison is an error, so not a boolean.
    Unordered,
}

fn order(a: &Val, b: &Val) -> Comparison {
    let is = |o: Option<std::cmp::Ordering>| o.map_or(Comparison::Unordered, Comparison::Is);
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => is(x.partial_cmp(y)),
        (Val::Bool(x), Val::Bool(y)) => Comparison::Is(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Comparison::Is(x.cmp(y)),
        (Val::Dur(x), Val::Dur(y)) => Comparison::Is(x.cmp(y)),
        (Val::Time(_), Val::Time(_) | Val::Str(_)) | (Val::Str(_), Val::Time(_)) => match (a.as_time(), b.as_time()) {
            (Some(x), Some(y)) => Comparison::Is(x.cmp(&y)),
            _ => Comparison::Mismatched,
        },
        (Val::Null, Val::Null) | (Val::List(_), Val::List(_)) | (Val::Obj(_), Val::Obj(_)) => Comparison::Unordered,
        _ => Comparison::Mismatched,
    }
}

impl Scope<'_> {
    fn now(&self) -> Result<i64, Error> {
        self.ctx.require_now().map(Time::millis)
    }

    pub(crate) fn eval(&self, e: &Expr) -> Result<Val, Error> {
        Ok(match e {
            Expr::Null => Val::Null,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Dur(d) => Val::Dur(*d),
            Expr::Now => Val::Time(self.now()?),
            Expr::List(items) => {
                let items: Vec<Val> = items.iter().map(|i| self.eval(i)).collect::<Result<_, _>>()?;
                if items.contains(&Val::Error) {
                    Val::Error
                } else if items.contains(&Val::Unknown) {
                    Val::Unknown
                } else {
                    Val::List(items)
                }
            }
            Expr::Path(root, path) => self.path(*root, path),
            Expr::Not(x) => match self.eval(x)? {
                Val::Bool(b) => Val::Bool(!b),
                Val::Unknown => Val::Unknown,
                _ => Val::Error,
            },
            Expr::Neg(x) => match self.eval(x)? {
                Val::Num(n) => Val::Num(-n),
                Val::Dur(d) => Val::Dur(-d),
                Val::Unknown => Val::Unknown,
                _ => Val::Error,
            },
            Expr::All(items) => self.logic(items, false)?,
            Expr::Any(items) => self.logic(items, true)?,
            Expr::Chain(first, rest) => {
                let mut acc = self.eval(first)?;
                for (op, e) in rest {
                    acc = binary(*op, acc, self.eval(e)?);
                }
                acc
            }
            Expr::Call(f, args) => self.call(*f, args)?,
            Expr::Sla(_) if !self.known.lead => Val::Unknown,
            Expr::Sla(timer) => (self.sla)(*timer)?.map_or(Val::Null, |s| Val::Str(s.to_owned())),
        })
    }

    /// The condition's value as far as the scope knows it.
    pub(crate) fn truth(&self, e: &Expr) -> Result<Truth, Error> {
        Ok(match self.eval(e)? {
            Val::Bool(true) => Truth::True,
            Val::Unknown => Truth::Unknown,
            _ => Truth::False,
        })
    }

    /// `&&` (`decisive` false) or `||` (`decisive` true) over its operands, as
    /// in CEL: the decisive value wins whatever the other operands are, even
    /// an operand that could not be evaluated or is unknown; then an unknown
    /// operand makes it unknown; then all the other value, else not a boolean.
    fn logic(&self, items: &[Expr], decisive: bool) -> Result<Val, Error> {
        let mut all_bool = true;
        let mut unknown = false;
        let mut failed = None;
        for e in items {
            match self.eval(e) {
                Ok(Val::Bool(b)) if b == decisive => return Ok(Val::Bool(decisive)),
                Ok(Val::Bool(_)) => {}
                Ok(Val::Unknown) => unknown = true,
                Ok(_) => all_bool = false,
                Err(err) => failed = failed.or(Some(err)),
            }
        }
        match failed {
            _ if unknown => Ok(Val::Unknown),
            Some(err) => Err(err),
            None if all_bool => Ok(Val::Bool(!decisive)),
            None => Ok(Val::Error),
        }
    }

    fn path(&self, root: Root, path: &[String]) -> Val {
        match root {
            Root::Lead if !self.known.lead => Val::Unknown,
            Root::Lead => raw_path(self.lead.get(&path[0]), &path[1..]),
            Root::Input if !self.known.input => Val::Unknown,
            Root::Input => raw_path(self.ctx.input(&path[0]), &path[1..]),
            Root::Actor if !self.known.actor && path[0] != "id" => Val::Unknown,
            Root::Actor => {
                let Some(actor) = self.ctx.actor() else { return Val::Null };
                match path[0].as_str() {
                    "id" => actor.id().map_or(Val::Null, |s| Val::Str(s.to_owned())),
                    "org" => actor.org().map_or(Val::Null, |s| Val::Str(s.to_owned())),
                    _ => Val::List(actor.roles().iter().map(|r| Val::Str(r.clone())).collect()),
                }
            }
        }
    }

    fn call(&self, f: Builtin, args: &[Expr]) -> Result<Val, Error> {
        let str_arg = || match &args[0] {
            Expr::Str(s) => s.as_str(),
            _ => "",
        };
        let unknown_lead = !self.known.lead && matches!(f, Builtin::HasTag | Builtin::TimeInStatus);
        if unknown_lead {
            return Ok(Val::Unknown);
        }
        Ok(match f {
            Builtin::Has => match self.eval(&args[0])? {
                Val::Unknown => Val::Unknown,
                v => Val::Bool(v != Val::Null),
            },
            Builtin::Size => match self.eval(&args[0])? {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::List(l) => Val::Num(l.len() as f64),
                Val::Obj(m) => Val::Num(m.len() as f64),
                Val::Unknown => Val::Unknown,
                _ => Val::Error,
            },
            Builtin::Lower => match self.eval(&args[0])? {
                Val::Str(s) => Val::Str(crate::text::lower(&s)),
                Val::Unknown => Val::Unknown,
                _ => Val::Error,
            },
            Builtin::HasTag => Val::Bool(crate::tags::Tags::lead_has(self.lead, str_arg())),
            Builtin::Timestamp => match self.eval(&args[0])? {
                Val::Unknown => Val::Unknown,
                v => v.as_time().map_or(Val::Null, Val::Time),
            },
            Builtin::Age => match self.eval(&args[0])? {
                Val::Unknown => Val::Unknown,
                v => match v.as_time() {
                    Some(t) => Val::Dur(self.now()? - t),
                    None => Val::Null,
                },
            },
            Builtin::TimeInStatus => match self.path(Root::Lead, &["statusSince".to_owned()]).as_time() {
                Some(t) => Val::Dur(self.now()? - t),
                None => Val::Null,
            },
            // Resolved at parse time into `Expr::Sla` and `Expr::Dur`.
            Builtin::Sla | Builtin::Duration => Val::Null,
        })
    }
}

fn binary(op: Op, a: Val, b: Val) -> Val {
    use std::cmp::Ordering::*;
    if a == Val::Error || b == Val::Error {
        return Val::Error;
    }
    if a == Val::Unknown || b == Val::Unknown {
        return Val::Unknown;
    }
    match op {
        Op::Eq => Val::Bool(equal(&a, &b)),
        Op::Ne => Val::Bool(!equal(&a, &b)),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => match order(&a, &b) {
            Comparison::Is(o) => Val::Bool(match op {
                Op::Lt => o == Less,
                Op::Le => o != Greater,
                Op::Gt => o == Greater,
                _ => o != Less,
            }),
            Comparison::Mismatched => Val::Bool(false),
            Comparison::Unordered => Val::Error,
        },
        Op::In => Val::Bool(match &b {
            Val::List(items) => items.iter().any(|i| equal(&a, i)),
            Val::Obj(m) => matches!(&a, Val::Str(k) if m.contains_key(k)),
            _ => false,
        }),
        Op::Add => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::Num(x + y),
            (Val::Str(x), Val::Str(y)) => Val::Str(x + &y),
            (Val::List(mut x), Val::List(y)) => {
                x.extend(y);
                Val::List(x)
            }
            (Val::Dur(x), Val::Dur(y)) => Val::Dur(x.saturating_add(y)),
            (Val::Time(t), Val::Dur(d)) | (Val::Dur(d), Val::Time(t)) => Val::Time(t.saturating_add(d)),
            _ => Val::Error,
        },
        Op::Sub => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::Num(x - y),
            (Val::Dur(x), Val::Dur(y)) => Val::Dur(x.saturating_sub(y)),
            (Val::Time(t), Val::Dur(d)) => Val::Time(t.saturating_sub(d)),
            (Val::Time(x), Val::Time(y)) => Val::Dur(x.saturating_sub(y)),
            _ => Val::Error,
        },
    }
}
