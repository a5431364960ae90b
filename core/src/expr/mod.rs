//! Conditions: a subset of CEL syntax, compiled once when a workflow loads
//! (docs/SPEC.md §3 "Conditions").
//!
//! A condition passes only when it evaluates to exactly `true`. A missing field
//! is `null` and `null == null`; values of different types are never equal,
//! `!=` is the negation of `==`, and ordering or `in` across types is `false`;
//! numbers are one type; a string compared with a time is read as a time.
//! `has(lead.x)` is true when the field is present and not `null`.

mod eval;
mod parse;

pub(crate) use eval::{Known, Scope, Truth};
pub(crate) use parse::{ParseError, Parser, TimerLookup};
pub use parse::{MAX_DEPTH, MAX_LENGTH};

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    Has,
    Size,
    Lower,
    HasTag,
    Timestamp,
    Age,
    TimeInStatus,
    Sla,
    Duration,
}

impl Builtin {
    fn parse(name: &str) -> Option<Builtin> {
        Some(match name {
            "has" => Builtin::Has,
            "size" => Builtin::Size,
            "lower" => Builtin::Lower,
            "hasTag" => Builtin::HasTag,
            "timestamp" => Builtin::Timestamp,
            "age" => Builtin::Age,
            "timeInStatus" => Builtin::TimeInStatus,
            "sla" => Builtin::Sla,
            "duration" => Builtin::Duration,
            _ => return None,
        })
    }

    fn arity(self) -> usize {
        match self {
            Builtin::TimeInStatus => 0,
            _ => 1,
        }
    }
}

/// Where a path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Root {
    Lead,
    Input,
    Actor,
}

/// Binary operators other than `&&` and `||` (which are [`Expr::All`] and [`Expr::Any`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
}

/// A parsed condition. Operator chains are flat (`a + b + c` is one
/// [`Expr::Chain`], `a && b && c` one [`Expr::All`]), so a condition of the
/// maximum length is at most [`MAX_DEPTH`] levels deep however many operators
/// it chains: parsing, evaluating, cloning and dropping it never recurse
/// deeper than that.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Dur(i64),
    List(Vec<Expr>),
    Path(Root, Vec<String>),
    Now,
    Not(Box<Expr>),
    Neg(Box<Expr>),
    /// `a && b && …`: `false` when any operand is `false`, whatever the others
    /// are; `true` when all are `true`; otherwise not a boolean.
    All(Vec<Expr>),
    /// `a || b || …`: `true` when any operand is `true`, whatever the others
    /// are; `false` when all are `false`; otherwise not a boolean.
    Any(Vec<Expr>),
    /// `a op b op c …` for operators of one precedence level, left to right.
    Chain(Box<Expr>, Vec<(Op, Expr)>),
    Call(Builtin, Vec<Expr>),
    /// `sla("id")`, the timer resolved to its position at load.
    Sla(usize),
}

/// A compiled condition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Condition {
    expr: Expr,
}

impl Condition {
    /// Compiles `src`; `timers` resolves the ids `sla()` may name.
    pub(crate) fn compile(src: &str, timers: &TimerLookup<'_>) -> Result<Condition, ParseError> {
        Parser::parse(src, timers).map(|expr| Condition { expr })
    }

    /// Whether the condition is exactly `true` in `scope`.
    ///
    /// # Errors
    /// `invalid_input` when it reads `now` and the context has none.
    pub(crate) fn test(&self, scope: &Scope<'_>) -> Result<bool, crate::Error> {
        Ok(scope.eval(&self.expr)? == eval::Val::Bool(true))
    }

    /// The condition's value in `scope`, as far as the scope knows it.
    ///
    /// # Errors
    /// As [`test`](Self::test).
    pub(crate) fn truth(&self, scope: &Scope<'_>) -> Result<Truth, crate::Error> {
        scope.truth(&self.expr)
    }
}

#[cfg(test)]
mod tests;
