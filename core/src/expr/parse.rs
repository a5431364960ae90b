//! Lexer and Pratt parser for conditions. Depth and length are bounded so no
//! input can exhaust the stack: the parser counts its nesting and refuses
//! past [`MAX_DEPTH`]; the evaluator walks only trees the parser built.

use super::{Builtin, Expr, Op, Root};
use crate::error::ProblemCode;
use crate::value::Duration;

/// The longest condition accepted, in bytes.
pub const MAX_LENGTH: usize = 4096;
/// The deepest nesting accepted (parentheses, lists, calls, operators).
pub const MAX_DEPTH: usize = 64;

/// A parse failure: a problem code, a message and the 1-based column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError {
    pub(crate) code: ProblemCode,
    pub(crate) message: String,
    pub(crate) column: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
    End,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn column(&self, byte: usize) -> u32 {
        self.src[..byte.min(self.src.len())].chars().count() as u32 + 1
    }

    fn err(&self, at: usize, message: impl Into<String>) -> ParseError {
        ParseError { code: ProblemCode::SyntaxError, message: message.into(), column: self.column(at) }
    }

    /// The next token and its start byte.
    fn next(&mut self) -> Result<(Tok, usize), ParseError> {
        let bytes = self.src.as_bytes();
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(&c) = bytes.get(start) else { return Ok((Tok::End, start)) };
        const PUNCT: [&str; 17] =
            ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")", "[", "]", ",", ".", "+", "-"];
        if c.is_ascii_digit() {
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
                end += 1;
                if end < bytes.len() && (bytes[end] == b'+' || bytes[end] == b'-') {
                    end += 1;
                }
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
            }
            let text = &self.src[start..end];
            let n = crate::json::number(text).ok_or_else(|| self.err(start, format!("\"{text}\" is not a number")))?;
            self.pos = end;
            return Ok((Tok::Num(n), start));
        }
        if c == b'"' || c == b'\'' {
            let mut out = String::new();
            let mut chars = self.src[start + 1..].char_indices();
            loop {
                let Some((i, ch)) = chars.next() else { return Err(self.err(start, "this string is not closed")) };
                if ch as u32 == u32::from(c) {
                    self.pos = start + 1 + i + 1;
                    return Ok((Tok::Str(out), start));
                }
                if ch == '\\' {
                    let Some((_, esc)) = chars.next() else { return Err(self.err(start, "this string is not closed")) };
                    out.push(match esc {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '\\' | '"' | '\'' => esc,
                        _ => return Err(self.err(start + 1 + i, format!("unknown escape \\{esc}"))),
                    });
                } else {
                    out.push(ch);
                }
            }
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            self.pos = end;
            return Ok((Tok::Ident(self.src[start..end].to_owned()), start));
        }
        for p in PUNCT {
            if self.src[start..].starts_with(p) {
                self.pos = start + p.len();
                return Ok((Tok::Punct(p), start));
            }
        }
        let ch = self.src[start..].chars().next().unwrap_or('?');
        Err(self.err(start, format!("unexpected character '{ch}'")))
    }
}

/// An infix operator as parsed.
#[derive(Clone, Copy)]
enum Infix {
    And,
    Or,
    Op(Op),
}

pub(crate) struct Parser<'a> {
    lex: Lexer<'a>,
    tok: Tok,
    at: usize,
    depth: usize,
    /// Resolves the timer id `sla("…")` names to its position, or says why not.
    timers: &'a TimerLookup<'a>,
}

/// Resolves a timer id to its position in the workflow, or says why it cannot be named.
pub(crate) type TimerLookup<'a> = dyn Fn(&str) -> Result<usize, &'static str> + 'a;

impl<'a> Parser<'a> {
    pub(crate) fn parse(src: &'a str, timers: &'a TimerLookup<'a>) -> Result<Expr, ParseError> {
        if src.len() > MAX_LENGTH {
            return Err(ParseError {
                code: ProblemCode::TooLong,
                message: format!("a condition is at most {MAX_LENGTH} bytes"),
                column: 1,
            });
        }
        let mut p = Parser { lex: Lexer { src, pos: 0 }, tok: Tok::End, at: 0, depth: 0, timers };
        p.advance()?;
        if p.tok == Tok::End {
            return Err(p.lex.err(0, "the condition is empty"));
        }
        let e = p.expr(0)?;
        if p.tok != Tok::End {
            return Err(p.lex.err(p.at, format!("unexpected {}", describe(&p.tok))));
        }
        Ok(e)
    }

    fn advance(&mut self) -> Result<(), ParseError> {
        let (t, at) = self.lex.next()?;
        self.tok = t;
        self.at = at;
        Ok(())
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                code: ProblemCode::TooDeep,
                message: format!("nested more than {MAX_DEPTH} levels"),
                column: self.lex.column(self.at),
            });
        }
        Ok(())
    }

    fn expect(&mut self, p: &'static str) -> Result<(), ParseError> {
        if self.tok == Tok::Punct(p) {
            self.advance()
        } else {
            Err(self.lex.err(self.at, format!("expected '{p}', found {}", describe(&self.tok))))
        }
    }

    /// The infix operator at the current token and its binding power. As in
    /// CEL, the relations (`== != < <= > >= in`) share one level.
    fn infix(&self) -> Option<(Infix, u8)> {
        Some(match &self.tok {
            Tok::Punct("||") => (Infix::Or, 1),
            Tok::Punct("&&") => (Infix::And, 2),
            Tok::Punct("==") => (Infix::Op(Op::Eq), 3),
            Tok::Punct("!=") => (Infix::Op(Op::Ne), 3),
            Tok::Punct("<") => (Infix::Op(Op::Lt), 3),
            Tok::Punct("<=") => (Infix::Op(Op::Le), 3),
            Tok::Punct(">") => (Infix::Op(Op::Gt), 3),
            Tok::Punct(">=") => (Infix::Op(Op::Ge), 3),
            Tok::Ident(s) if s == "in" => (Infix::Op(Op::In), 3),
            Tok::Punct("+") => (Infix::Op(Op::Add), 4),
            Tok::Punct("-") => (Infix::Op(Op::Sub), 4),
            _ => return None,
        })
    }

    /// Operators bind left to right; a run of operators of one level becomes
    /// one flat node, so chains never deepen the tree.
    fn expr(&mut self, min_bp: u8) -> Result<Expr, ParseError> {
        self.enter()?;
        let mut left = self.prefix()?;
        // The binding power of the flat node `left` was built at in this loop.
        let mut level = None;
        while let Some((op, bp)) = self.infix() {
            if bp <= min_bp {
                break;
            }
            self.advance()?;
            let right = self.expr(bp)?;
            let same = level == Some(bp);
            left = match (op, left) {
                (Infix::And, Expr::All(mut v)) if same => {
                    v.push(right);
                    Expr::All(v)
                }
                (Infix::Or, Expr::Any(mut v)) if same => {
                    v.push(right);
                    Expr::Any(v)
                }
                (Infix::Op(op), Expr::Chain(first, mut rest)) if same => {
                    rest.push((op, right));
                    Expr::Chain(first, rest)
                }
                (Infix::And, l) => Expr::All(vec![l, right]),
                (Infix::Or, l) => Expr::Any(vec![l, right]),
                (Infix::Op(op), l) => Expr::Chain(Box::new(l), vec![(op, right)]),
            };
            level = Some(bp);
        }
        self.depth -= 1;
        Ok(left)
    }

    /// Comma-separated expressions up to `close`, which is consumed (list
    /// items, call arguments); the opening token is already consumed.
    fn items(&mut self, close: &'static str) -> Result<Vec<Expr>, ParseError> {
        self.enter()?;
        let mut items = Vec::new();
        while self.tok != Tok::Punct(close) {
            items.push(self.expr(0)?);
            if self.tok == Tok::Punct(",") {
                self.advance()?;
            } else if self.tok != Tok::Punct(close) {
                return Err(self.lex.err(self.at, format!("expected ',' or '{close}', found {}", describe(&self.tok))));
            }
        }
        self.advance()?;
        self.depth -= 1;
        Ok(items)
    }

    fn prefix(&mut self) -> Result<Expr, ParseError> {
        let at = self.at;
        let tok = std::mem::replace(&mut self.tok, Tok::End);
        self.advance()?;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Punct("!") => {
                self.enter()?;
                let e = self.prefix()?;
                self.depth -= 1;
                Ok(Expr::Not(Box::new(e)))
            }
            Tok::Punct("-") => {
                self.enter()?;
                let e = self.prefix()?;
                self.depth -= 1;
                Ok(Expr::Neg(Box::new(e)))
            }
            Tok::Punct("(") => {
                let e = self.expr(0)?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => Ok(Expr::List(self.items("]")?)),
            Tok::Ident(name) => self.ident(name, at),
            other => Err(self.lex.err(at, format!("unexpected {}", describe(&other)))),
        }
    }

    fn ident(&mut self, name: String, at: usize) -> Result<Expr, ParseError> {
        match name.as_str() {
            "true" => return Ok(Expr::Bool(true)),
            "false" => return Ok(Expr::Bool(false)),
            "null" => return Ok(Expr::Null),
            "now" => return Ok(Expr::Now),
            "lead" | "input" | "actor" => {
                let mut path = Vec::new();
                while self.tok == Tok::Punct(".") {
                    self.advance()?;
                    match std::mem::replace(&mut self.tok, Tok::End) {
                        Tok::Ident(seg) => path.push(seg),
                        Tok::Str(seg) => path.push(seg),
                        other => {
                            return Err(self
                                .lex
                                .err(self.at, format!("expected a field name after '.', found {}", describe(&other))))
                        }
                    }
                    self.advance()?;
                }
                let root = match name.as_str() {
                    "lead" => Root::Lead,
                    "input" => Root::Input,
                    _ => Root::Actor,
                };
                if root == Root::Actor
                    && !matches!(path.as_slice(), [f] if ["id", "roles", "org"].contains(&f.as_str()))
                {
                    return Err(self.lex.err(at, "an actor has only actor.id, actor.roles and actor.org"));
                }
                if path.is_empty() && root != Root::Actor {
                    return Err(self.lex.err(at, format!("name a field: {name}.field")));
                }
                return Ok(Expr::Path(root, path));
            }
            _ => {}
        }
        if self.tok != Tok::Punct("(") {
            return Err(self.lex.err(
                at,
                format!("unknown name \"{name}\"; use lead.x, actor.id, actor.roles, actor.org, input.x or now"),
            ));
        }
        let Some(builtin) = Builtin::parse(&name) else {
            return Err(ParseError {
                code: ProblemCode::UnknownFunction,
                message: format!("unknown function {name}(); the functions are has, size, lower, hasTag, timestamp, age, timeInStatus, sla, duration"),
                column: self.lex.column(at),
            });
        };
        self.advance()?;
        let args = self.items(")")?;
        let arity = builtin.arity();
        if args.len() != arity {
            return Err(ParseError {
                code: ProblemCode::SyntaxError,
                message: format!("{name}() takes {arity} argument(s), not {}", args.len()),
                column: self.lex.column(at),
            });
        }
        let bad =
            |msg: String| ParseError { code: ProblemCode::SyntaxError, message: msg, column: self.lex.column(at) };
        match (builtin, args.as_slice()) {
            (Builtin::Has, [Expr::Path(_, p)]) if !p.is_empty() => {}
            (Builtin::Has, _) => return Err(bad("has() takes a field path, as in has(lead.partnerOrg)".into())),
            (Builtin::Duration, [Expr::Str(s)]) => {
                let d = Duration::parse(s).map_err(|e| bad(e.to_string()))?;
                return Ok(Expr::Dur(d.millis()));
            }
            (Builtin::Duration, _) => {
                return Err(bad("duration() takes a string literal, as in duration(\"72h\")".into()))
            }
            (Builtin::Sla, [Expr::Str(id)]) => {
                return (self.timers)(id).map(Expr::Sla).map_err(|why| bad(format!("sla(\"{id}\"): {why}")));
            }
            (Builtin::HasTag, [Expr::Str(_)]) => {}
            (Builtin::Sla | Builtin::HasTag, _) => return Err(bad(format!("{name}() takes a string literal"))),
            _ => {}
        }
        Ok(Expr::Call(builtin, args))
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(_) => "a number".into(),
        Tok::Str(_) => "a string".into(),
        Tok::Ident(s) => format!("\"{s}\""),
        Tok::Punct(p) => format!("'{p}'"),
        Tok::End => "end of the condition".into(),
    }
}
