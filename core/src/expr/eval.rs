//! Evaluation of parsed conditions. Recursion follows the parsed tree, whose
//! depth the parser bounds; lead values are read one level at a time from
//! their raw JSON, so a deep custom field costs nothing until it is reached.

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{Builtin, Expr, Op, Root};
use crate::context::Context;
use crate::error::Error;
use crate::lead::{Lead, RawObject};
use crate::value::Time;

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
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

    fn from_raw(raw: &RawValue) -> Val {
        let t = raw.get().trim();
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

/// What a condition can see: the lead as it was, the context, and the SLA
/// states of the lead's timers.
pub(crate) struct Scope<'a> {
    pub(crate) lead: &'a Lead,
    pub(crate) ctx: &'a Context,
    pub(crate) sla: &'a dyn Fn(&str) -> Result<Option<&'static str>, Error>,
}

fn raw_path(first: Option<&RawValue>, rest: &[String]) -> Val {
    let Some(first) = first else { return Val::Null };
    let mut cur: Box<RawValue> = first.to_owned();
    for seg in rest {
        let next = match RawObject::parse(cur.get()) {
            Ok(Some(obj)) => obj.get(seg).map(ToOwned::to_owned),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
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
        _ => a == b,
    }
}

fn order(a: &Val, b: &Val) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        (Val::Dur(x), Val::Dur(y)) => Some(x.cmp(y)),
        (Val::Time(_), Val::Time(_) | Val::Str(_)) | (Val::Str(_), Val::Time(_)) => {
            Some(a.as_time()?.cmp(&b.as_time()?))
        }
        _ => None,
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
            Expr::List(items) => Val::List(items.iter().map(|i| self.eval(i)).collect::<Result<_, _>>()?),
            Expr::Path(root, path) => self.path(*root, path),
            Expr::Not(x) => match self.eval(x)? {
                Val::Bool(b) => Val::Bool(!b),
                _ => Val::Null,
            },
            Expr::Neg(x) => match self.eval(x)? {
                Val::Num(n) => Val::Num(-n),
                Val::Dur(d) => Val::Dur(-d),
                _ => Val::Null,
            },
            Expr::Binary(Op::And, a, b) => {
                Val::Bool(self.eval(a)? == Val::Bool(true) && self.eval(b)? == Val::Bool(true))
            }
            Expr::Binary(Op::Or, a, b) => {
                Val::Bool(self.eval(a)? == Val::Bool(true) || self.eval(b)? == Val::Bool(true))
            }
            Expr::Binary(op, a, b) => binary(*op, self.eval(a)?, self.eval(b)?),
            Expr::Call(f, args) => self.call(*f, args)?,
        })
    }

    fn path(&self, root: Root, path: &[String]) -> Val {
        match root {
            Root::Lead => raw_path(self.lead.get(&path[0]), &path[1..]),
            Root::Input => raw_path(self.ctx.input(&path[0]), &path[1..]),
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
        Ok(match f {
            Builtin::Has => Val::Bool(self.eval(&args[0])? != Val::Null),
            Builtin::Size => match self.eval(&args[0])? {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::List(l) => Val::Num(l.len() as f64),
                Val::Obj(m) => Val::Num(m.len() as f64),
                _ => Val::Null,
            },
            Builtin::Lower => match self.eval(&args[0])? {
                Val::Str(s) => Val::Str(crate::text::lower(&s)),
                _ => Val::Null,
            },
            Builtin::HasTag => Val::Bool(crate::tags::read(self.lead).iter().any(|t| t == str_arg())),
            Builtin::Timestamp => self.eval(&args[0])?.as_time().map_or(Val::Null, Val::Time),
            Builtin::Age => match self.eval(&args[0])?.as_time() {
                Some(t) => Val::Dur(self.now()? - t),
                None => Val::Null,
            },
            Builtin::TimeInStatus => match self.path(Root::Lead, &["statusSince".to_owned()]).as_time() {
                Some(t) => Val::Dur(self.now()? - t),
                None => Val::Null,
            },
            Builtin::Sla => (self.sla)(str_arg())?.map_or(Val::Null, |s| Val::Str(s.to_owned())),
            Builtin::Duration => Val::Null,
        })
    }
}

fn binary(op: Op, a: Val, b: Val) -> Val {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => Val::Bool(equal(&a, &b)),
        Op::Ne => Val::Bool(!equal(&a, &b)),
        Op::Lt => Val::Bool(order(&a, &b) == Some(Less)),
        Op::Le => Val::Bool(matches!(order(&a, &b), Some(Less | Equal))),
        Op::Gt => Val::Bool(order(&a, &b) == Some(Greater)),
        Op::Ge => Val::Bool(matches!(order(&a, &b), Some(Greater | Equal))),
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
            _ => Val::Null,
        },
        Op::Sub => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::Num(x - y),
            (Val::Dur(x), Val::Dur(y)) => Val::Dur(x.saturating_sub(y)),
            (Val::Time(t), Val::Dur(d)) => Val::Time(t.saturating_sub(d)),
            (Val::Time(x), Val::Time(y)) => Val::Dur(x.saturating_sub(y)),
            _ => Val::Null,
        },
        // Short-circuited in `Scope::eval`; never reached.
        Op::And | Op::Or => Val::Null,
    }
}
