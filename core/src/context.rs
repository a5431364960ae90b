//! The context of a call: who acts, when, in which language, with what input.

use std::borrow::Cow;

use crate::error::{Error, ErrorCode, Problem};
use crate::lead::{ObjectView, RawObject};
use crate::value::{type_name, Time};

/// Who acts: `{"id", "roles", "org"}` (SPEC §5). Other keys are ignored.
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
        let obj = match ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))? {
            Some(obj) => obj,
            None if text.trim() == "null" => return Ok(Context::default()),
            None => return Err(invalid("", "the context must be an object")),
        };
        let mut ctx = Context::default();
        if let Some(raw) = obj.get("now").filter(|r| *r != "null") {
            let t = match crate::json::string_ref(raw) {
                Some(s) => Time::parse(&s),
                None => {
                    let v = crate::json::value(raw).ok_or_else(|| {
                        Error::one(ErrorCode::LimitExceeded, Problem::new("/now", "too_deep", "nested too deeply"))
                    })?;
                    Time::from_json(&v)
                }
            };
            let t =
                t.map_err(|e| Error::one(ErrorCode::InvalidTime, Problem::new("/now", "invalid_time", e.to_string())))?;
            ctx.now = Some(t);
        }
        ctx.locale = obj.string("locale").map_err(|_| invalid("/locale", "must be a string"))?.map(Cow::into_owned);
        if let Some(raw) = obj.get("actor").filter(|r| *r != "null") {
            ctx.actor = Some(parse_actor(raw)?);
        }
        if let Some(raw) = obj.get("input").filter(|r| *r != "null") {
            ctx.input = RawObject::parse(raw)
                .map_err(|p| Error::one(ErrorCode::InvalidJson, p))?
                .ok_or_else(|| invalid("/input", "must be an object"))?;
        }
        Ok(ctx)
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
            .ok_or_else(|| invalid("/input", "must be an object"))?;
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
    /// `invalid_time` at `/now` when it is missing (SPEC §5).
    pub fn require_now(&self) -> Result<Time, Error> {
        self.now.ok_or_else(|| {
            Error::one(
                ErrorCode::InvalidTime,
                Problem::new("/now", "missing", "this operation needs the time: pass \"now\" in the context"),
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

fn invalid(path: &str, message: &str) -> Error {
    Error::one(ErrorCode::InvalidInput, Problem::new(path, "invalid_type", message))
}

fn parse_actor(raw: &str) -> Result<Actor, Error> {
    let obj = ObjectView::parse(raw)
        .map_err(|p| Error::one(ErrorCode::InvalidJson, p).at("/actor"))?
        .ok_or_else(|| invalid("/actor", "must be an object {id, roles, org}"))?;
    let text = |key: &str| -> Result<Option<String>, Error> {
        let Some(raw) = obj.get(key) else {
            return Ok(None);
        };
        if let Some(s) = crate::json::string(raw) {
            return Ok(Some(s));
        }
        match crate::json::value(raw) {
            Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s)),
            Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => {
                Err(invalid(&format!("/actor/{key}"), &format!("must be a string, not {}", type_name(&other))))
            }
            None => Err(invalid(&format!("/actor/{key}"), "must be a string")),
        }
    };
    let id = text("id")?;
    let org = text("org")?;
    let roles = match obj.get("roles") {
        None => Vec::new(),
        Some("null") => Vec::new(),
        Some(raw) => crate::json::strings(raw).ok_or_else(|| invalid("/actor/roles", "must be a list of strings"))?,
    };
    Ok(Actor { id, roles, org })
}
