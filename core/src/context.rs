//! The context of a call: who acts, when, in which language, with what input.

use std::borrow::Cow;

use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::json::scan::{Invalid, Scanner};
use crate::json::RawObject;
use crate::value::{type_name, Time};

/// Who acts: `{"id", "roles", "org"}` (docs/SPEC.md §5). Other keys are ignored.
///
/// ```
/// use relance_core::Context;
/// let ctx = Context::from_json(r#"{"actor": {"id": "ana", "roles": ["partner"], "org": "acme"}}"#)?;
/// let actor = ctx.actor().unwrap();
/// assert!(actor.has_role("partner"));
/// assert_eq!(actor.org(), Some("acme"));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    id: Option<String>,
    roles: Vec<String>,
    org: Option<String>,
}

impl Actor {
    /// An actor with an id, roles and an organisation.
    pub fn new(id: impl Into<String>, roles: &[&str], org: Option<&str>) -> Actor {
        Actor {
            id: Some(id.into()),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            org: org.map(str::to_owned),
        }
    }

    /// The actor's id.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The actor's roles.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The actor's organisation.
    pub fn org(&self) -> Option<&str> {
        self.org.as_deref()
    }

    /// Whether the actor has `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// An actor from JSON text, read as a context's `actor` is (`null` is
    /// none; problems at `/actor/...`).
    pub(crate) fn read(text: &str) -> Result<Option<Actor>, Error> {
        let mut s = Scanner::new(text);
        match read_actor(&mut s) {
            Ok(read) if s.end().is_ok() => read,
            _ => Err(Error::one(
                ErrorCode::InvalidJson,
                crate::json::check(text).err().map_or_else(invalid_json, crate::json::json_problem),
            )),
        }
    }

    /// This actor with another id.
    pub(crate) fn with_id(self, id: &str) -> Actor {
        Actor { id: Some(id.to_owned()), ..self }
    }
}

/// The context of a call: `{"actor", "now", "locale", "input"}`. Every key is
/// optional; operations that need the time fail with `invalid_input` at `/now`
/// when it is missing. Keys the engine does not know are ignored, so a host may
/// pass one object to every call.
///
/// # Example
///
/// ```
/// use relance_core::Context;
/// let ctx = Context::from_json(r#"{"now": "2026-11-22T09:00:00+01:00", "locale": "fr-CA"}"#)?;
/// assert_eq!(ctx.now().unwrap().to_string(), "2026-11-22T08:00:00.000Z");
/// assert_eq!(ctx.locale(), Some("fr-CA"));
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    actor: Option<Actor>,
    now: Option<Time>,
    locale: Option<String>,
    pub(crate) input: RawObject,
}

impl Context {
    /// Parses a context from JSON text (`null` is the empty context).
    ///
    /// # Errors
    /// `invalid_json`; `invalid_time` for a malformed `now`; `invalid_input` for
    /// any other malformed key.
    pub fn from_json(text: &str) -> Result<Context, Error> {
        // One pass over the text. Each key's last value counts (as in
        // `JSON.parse`); problems are reported in a fixed order (now, locale,
        // actor, input) once the whole text is known to be JSON.
        let mut s = Scanner::new(text);
        if s.next() != Some(b'{') {
            return match crate::json::check(text) {
                Err(e) => Err(Error::one(ErrorCode::InvalidJson, crate::json::json_problem(e))),
                Ok(()) if text.trim_ascii() == "null" => Ok(Context::default()),
                Ok(()) => Err(Error::input("", ProblemCode::InvalidType, "the context must be an object")),
            };
        }
        let (mut now, mut locale, mut actor, mut input) = (None, None, None, None);
        let scanned = s.entries(|s, key, escaped| {
            match &*key_text(key, escaped)? {
                "now" => now = Some(read_now(s)?),
                "locale" => locale = Some(read_string(s, "/locale", "must be a string")?),
                "actor" => actor = Some(read_actor(s)?),
                "input" => {
                    let span = s.value()?;
                    let raw = s.text(span);
                    input = Some(match raw.trim_ascii() {
                        "null" => Ok(RawObject::default()),
                        raw => RawObject::parse(raw).map_err(|p| Error::one(ErrorCode::InvalidJson, p)).and_then(|o| {
                            o.ok_or_else(|| Error::input("/input", ProblemCode::InvalidType, "must be an object"))
                        }),
                    });
                }
                _ => {
                    s.value()?;
                }
            }
            Ok(())
        });
        if scanned.and_then(|()| s.end()).is_err() {
            let e = crate::json::check(text).err();
            return Err(Error::one(ErrorCode::InvalidJson, e.map_or_else(invalid_json, crate::json::json_problem)));
        }
        Ok(Context {
            now: now.transpose()?.flatten(),
            locale: locale.transpose()?.flatten(),
            actor: actor.transpose()?.flatten(),
            input: input.transpose()?.unwrap_or_default(),
        })
    }

    /// A context with only a time.
    pub fn at(now: Time) -> Context {
        Context { now: Some(now), ..Context::default() }
    }

    /// This context with another actor.
    pub fn with_actor(mut self, actor: Actor) -> Context {
        self.actor = Some(actor);
        self
    }

    /// This context with another locale.
    pub fn with_locale(mut self, locale: &str) -> Context {
        self.locale = Some(locale.to_owned());
        self
    }

    /// This context with an `input` object (JSON text).
    ///
    /// # Errors
    /// `invalid_json`, or `invalid_input` when it is not an object.
    pub fn with_input(mut self, input: &str) -> Result<Context, Error> {
        self.input = RawObject::parse(input)
            .map_err(|p| Error::one(ErrorCode::InvalidJson, p))?
            .ok_or_else(|| Error::input("/input", ProblemCode::InvalidType, "must be an object"))?;
        Ok(self)
    }

    /// The actor, if any.
    pub fn actor(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    /// The time of the call, if given.
    pub fn now(&self) -> Option<Time> {
        self.now
    }

    /// The time of the call.
    ///
    /// # Errors
    /// `invalid_time` at `/now` when it is missing (docs/SPEC.md §5).
    pub fn require_now(&self) -> Result<Time, Error> {
        self.now.ok_or_else(|| {
            Error::one(
                ErrorCode::InvalidTime,
                Problem::new(
                    "/now",
                    ProblemCode::Missing,
                    "this operation needs the time: pass \"now\" in the context",
                ),
            )
        })
    }

    /// The requested locale, if any.
    pub fn locale(&self) -> Option<&str> {
        self.locale.as_deref()
    }

    /// A raw `input` value.
    pub fn input(&self, key: &str) -> Option<&str> {
        self.input.get(key)
    }
}

/// A key's text (decoded when it has escapes).
fn key_text(key: &str, escaped: bool) -> Result<Cow<'_, str>, Invalid> {
    if !escaped {
        return Ok(key.into());
    }
    match crate::json::parse(&format!("\"{key}\"")) {
        Ok(serde_json::Value::String(k)) => Ok(k.into()),
        _ => Err(Invalid),
    }
}

fn invalid_json() -> Problem {
    Problem::new("", ProblemCode::InvalidJson, "not valid JSON")
}

/// A value's problem, kept while the rest of the text is scanned.
type Read<T> = Result<Option<T>, Error>;

/// `now`: a time, `null`, or a problem.
fn read_now(s: &mut Scanner<'_>) -> Result<Read<Time>, Invalid> {
    if let Some(t) = s.str_value()? {
        return Ok(Time::parse(&t).map(Some).map_err(|e| Error::time("/now", e.to_string())));
    }
    let span = s.value()?;
    let raw = s.text(span);
    if raw == "null" {
        return Ok(Ok(None));
    }
    let Some(v) = crate::json::value(raw) else {
        return Ok(Err(Error::one(
            ErrorCode::LimitExceeded,
            Problem::new("/now", ProblemCode::TooDeep, "nested too deeply"),
        )));
    };
    Ok(Time::from_json(&v).map(Some).map_err(|e| Error::time("/now", e.to_string())))
}

/// A string or `null`.
fn read_string(s: &mut Scanner<'_>, path: &str, message: &str) -> Result<Read<String>, Invalid> {
    if let Some(t) = s.str_value()? {
        return Ok(Ok(Some(t.into_owned())));
    }
    let span = s.value()?;
    let raw = s.text(span);
    Ok(if raw == "null" { Ok(None) } else { Err(Error::input(path, ProblemCode::InvalidType, message)) })
}

/// The actor's `id` or `org`: a string, a number (as its text), or `null`.
fn read_name(s: &mut Scanner<'_>, key: &str) -> Result<Read<String>, Invalid> {
    if let Some(t) = s.str_value()? {
        return Ok(Ok(Some(t.into_owned())));
    }
    let span = s.value()?;
    let raw = s.text(span);
    Ok(match crate::json::value(raw) {
        Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(Error::input(
            format!("/actor/{key}"),
            ProblemCode::InvalidType,
            format!("must be a string, not {}", type_name(&other)),
        )),
        None => Err(Error::input(format!("/actor/{key}"), ProblemCode::InvalidType, "must be a string")),
    })
}

/// `actor`: `{id, roles, org}` (other keys ignored), `null`, or a problem.
fn read_actor(s: &mut Scanner<'_>) -> Result<Read<Actor>, Invalid> {
    if s.next() != Some(b'{') {
        let span = s.value()?;
        let raw = s.text(span);
        return Ok(if raw == "null" {
            Ok(None)
        } else {
            Err(Error::input("/actor", ProblemCode::InvalidType, "must be an object {id, roles, org}"))
        });
    }
    let (mut id, mut org, mut roles) = (None, None, None);
    s.entries(|s, key, escaped| {
        match &*key_text(key, escaped)? {
            "id" => id = Some(read_name(s, "id")?),
            "org" => org = Some(read_name(s, "org")?),
            "roles" => roles = Some(read_roles(s)?),
            _ => {
                s.value()?;
            }
        }
        Ok(())
    })?;
    let actor = (|| {
        Ok(Actor {
            id: id.transpose()?.flatten(),
            org: org.transpose()?.flatten(),
            roles: roles.transpose()?.flatten().unwrap_or_default(),
        })
    })();
    Ok(actor.map(Some))
}

/// `roles`: a list of strings, or `null`.
fn read_roles(s: &mut Scanner<'_>) -> Result<Read<Vec<String>>, Invalid> {
    let bad = || Error::input("/actor/roles", ProblemCode::InvalidType, "must be a list of strings");
    if s.next() != Some(b'[') {
        let span = s.value()?;
        let raw = s.text(span);
        return Ok(if raw == "null" { Ok(None) } else { Err(bad()) });
    }
    let mut roles = Vec::new();
    let mut all_strings = true;
    s.items(|s| {
        match s.str_value()? {
            Some(r) => roles.push(r.into_owned()),
            None => {
                all_strings = false;
                s.value()?;
            }
        }
        Ok(())
    })?;
    Ok(if all_strings { Ok(Some(roles)) } else { Err(bad()) })
}
