//! The options of a KPI report and of a push into an event log (docs/SPEC.md §6).

use crate::calendar::Zone;
use crate::error::{Error, ErrorCode, ProblemCode};
use crate::json::ObjectView;
use crate::lead::Lead;
use crate::value::Time;

/// The options of a report: `{from?, to?, now?, timezone?, groupBy?, leads?, unknownTypes?}`.
///
/// ```
/// let o = relance_core::KpiOptions::from_json(r#"{"from": "2026-11-01T00:00:00Z", "groupBy": ["agent", "hour"]}"#)?;
/// assert!(o.group_by.agent && o.group_by.hour && !o.group_by.day);
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct KpiOptions {
    /// Start of the window (inclusive).
    pub from: Option<Time>,
    /// End of the window (exclusive).
    pub to: Option<Time>,
    /// Cohorts are followed up to this time; with `leads`, the SLA block's time.
    pub now: Option<Time>,
    /// The zone of the hour, weekday and day groups (default: the workflow's).
    pub timezone: Option<Zone>,
    /// The groups to compute.
    pub group_by: GroupBy,
    /// Leads for the SLA block (with `now`): given as a list, or as JSON
    /// text holding one (see [`from_json`](Self::from_json)).
    pub leads: Vec<Lead>,
    /// What `kpis` does with an event of another type (an `EventLog` takes
    /// it as a [`PushOptions`] of each push; its report ignores it).
    pub unknown_types: UnknownTypes,
}

/// Which activity groups a report computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupBy {
    /// By the actor of the note or move.
    pub agent: bool,
    /// By local hour (24 slots).
    pub hour: bool,
    /// By local weekday (7 slots, Monday first).
    pub weekday: bool,
    /// By local date (`YYYY-MM-DD`).
    pub day: bool,
}

impl GroupBy {
    /// Whether a group by local time is asked for.
    pub(crate) fn local(self) -> bool {
        self.hour || self.weekday || self.day
    }
}

/// What a push does with an event whose `type` is not one of docs/SPEC.md
/// §6's three (a CRM log with calls, emails and meetings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownTypes {
    /// Refuse the batch (`invalid_input`), the default.
    #[default]
    Error,
    /// Skip the event, whatever its other keys, and count it: each skipped
    /// type is one `unknown_type` warning of the report.
    Skip,
}

/// The options of one push into an [`EventLog`](super::EventLog): `{unknownTypes?}`.
///
/// ```
/// use relance_core::{PushOptions, UnknownTypes};
/// assert_eq!(PushOptions::from_json(r#"{"unknownTypes": "skip"}"#)?.unknown_types, UnknownTypes::Skip);
/// assert_eq!(PushOptions::from_json("null")?, PushOptions::default());
/// # Ok::<(), relance_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushOptions {
    /// What to do with an event of another type.
    pub unknown_types: UnknownTypes,
}

/// An options object, or `None` for `null`.
fn object(text: &str) -> Result<Option<ObjectView<'_>>, Error> {
    match ObjectView::parse(text).map_err(|p| Error::one(ErrorCode::InvalidJson, p))? {
        Some(o) => Ok(Some(o)),
        None if text.trim() == "null" => Ok(None),
        None => Err(Error::input("", ProblemCode::InvalidType, "the options are an object")),
    }
}

/// Refuses a key the options do not define.
fn known_keys(obj: &ObjectView<'_>, keys: &[&str]) -> Result<(), Error> {
    match obj.keys().find(|k| !keys.contains(k)) {
        None => Ok(()),
        Some(k) => Err(Error::input(
            format!("/{}", crate::value::pointer_token(k)),
            ProblemCode::UnknownKey,
            format!("unknown option \"{k}\"; the options are {}", keys.join(", ")),
        )),
    }
}

fn unknown_types(obj: &ObjectView<'_>) -> Result<UnknownTypes, Error> {
    let bad = || Error::input("/unknownTypes", ProblemCode::InvalidValue, "\"unknownTypes\" is \"error\" or \"skip\"");
    match obj.string("unknownTypes").map_err(|_| bad())?.as_deref() {
        None | Some("error") => Ok(UnknownTypes::Error),
        Some("skip") => Ok(UnknownTypes::Skip),
        Some(_) => Err(bad()),
    }
}

impl PushOptions {
    /// Reads push options from JSON text (`null` is the defaults).
    ///
    /// # Errors
    /// `invalid_json`; `invalid_input` for an unknown key or a bad `unknownTypes`.
    pub fn from_json(text: &str) -> Result<PushOptions, Error> {
        let Some(obj) = object(text)? else { return Ok(PushOptions::default()) };
        known_keys(&obj, &["unknownTypes"])?;
        Ok(PushOptions { unknown_types: unknown_types(&obj)? })
    }
}

impl KpiOptions {
    /// The options of pushing the events of this report into a log: its
    /// `unknownTypes` (what `kpis` does with an event of another type).
    ///
    /// ```
    /// use relance_core::{KpiOptions, UnknownTypes};
    /// let o = KpiOptions::from_json(r#"{"unknownTypes": "skip"}"#)?;
    /// assert_eq!(o.push_options().unknown_types, UnknownTypes::Skip);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn push_options(&self) -> PushOptions {
        PushOptions { unknown_types: self.unknown_types }
    }

    /// The options as canonical JSON text (keys sorted): what a [`Partial`](super::Partial)
    /// carries in its bytes, and how two partials tell they were computed
    /// for the same options. [`from_json`](Self::from_json) reads it back.
    ///
    /// ```
    /// let o = relance_core::KpiOptions::from_json(r#"{"groupBy": ["hour", "agent"], "from": "2026-11-01T00:00:00+01:00"}"#)?;
    /// assert_eq!(o.to_json(), r#"{"from":"2026-10-31T23:00:00.000Z","groupBy":["agent","hour"],"leads":[],"now":null,"timezone":null,"to":null,"unknownTypes":"error"}"#);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        let time = |t: Option<Time>| t.map_or_else(|| "null".to_owned(), |t| crate::json::raw(&t));
        let g = self.group_by;
        let groups: Vec<&str> = [(g.agent, "agent"), (g.hour, "hour"), (g.weekday, "weekday"), (g.day, "day")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        let leads: Vec<String> = self.leads.iter().map(Lead::to_json).collect();
        format!(
            r#"{{"from":{},"groupBy":{},"leads":[{}],"now":{},"timezone":{},"to":{},"unknownTypes":"{}"}}"#,
            time(self.from),
            crate::json::raw(&groups),
            leads.join(","),
            time(self.now),
            self.timezone.as_ref().map_or_else(|| "null".to_owned(), |z| crate::json::raw(z.name())),
            time(self.to),
            match self.unknown_types {
                UnknownTypes::Error => "error",
                UnknownTypes::Skip => "skip",
            }
        )
    }

    /// Reads options from JSON text (`null` is no options). `leads` is a
    /// list of leads, or a string holding the JSON text of one (the rule of
    /// [`ImpactInput`](crate::ImpactInput)'s `leads`), so that a caller
    /// passes the text it read from its store as it is, with no parse and
    /// print on its side that could change it (ids past 2^53, key order).
    ///
    /// ```
    /// use relance_core::KpiOptions;
    /// let list = KpiOptions::from_json(r#"{"leads": [{"id": 9007199254740993, "status": "new"}]}"#)?;
    /// let text = KpiOptions::from_json(r#"{"leads": "[{\"id\": 9007199254740993, \"status\": \"new\"}]"}"#)?;
    /// assert_eq!(text.leads[0].get("id"), Some("9007199254740993"));
    /// assert_eq!(text.to_json(), list.to_json());
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json`; `invalid_time` for a bad `from`, `to` or `now`;
    /// `invalid_input` for an unknown key, a bad `timezone` (an unknown
    /// zone), `groupBy`, `leads` or `unknownTypes` (`invalid_json` for
    /// `leads` text that is not JSON, `invalid_lead` for a lead that is not
    /// one, at its path under `/leads`).
    pub fn from_json(text: &str) -> Result<KpiOptions, Error> {
        let Some(obj) = object(text)? else { return Ok(KpiOptions::default()) };
        known_keys(&obj, &["from", "to", "now", "timezone", "groupBy", "leads", "unknownTypes"])?;
        let time = |key: &str| -> Result<Option<Time>, Error> {
            match obj.get(key) {
                None | Some("null") => Ok(None),
                Some(raw) => Time::from_raw(raw)
                    .map(Some)
                    .ok_or_else(|| Error::time(format!("/{key}"), format!("\"{key}\" must be a time"))),
            }
        };
        let timezone = match obj.get("timezone") {
            None | Some("null") => None,
            Some(raw) => {
                let name = crate::json::string(raw).unwrap_or_default();
                Some(Zone::get(&name).ok_or_else(|| {
                    Error::input(
                        "/timezone",
                        ProblemCode::InvalidZone,
                        format!("\"{name}\" is not an IANA time zone name (such as \"Europe/Paris\")"),
                    )
                })?)
            }
        };
        let mut group_by = GroupBy::default();
        if let Some(raw) = obj.get("groupBy").filter(|r| *r != "null") {
            let bad =
                || Error::input("/groupBy", ProblemCode::InvalidValue, "\"groupBy\" lists agent, hour, weekday, day");
            for g in crate::json::strings(raw).ok_or_else(bad)? {
                match g.as_str() {
                    "agent" => group_by.agent = true,
                    "hour" => group_by.hour = true,
                    "weekday" => group_by.weekday = true,
                    "day" => group_by.day = true,
                    _ => return Err(bad()),
                }
            }
        }
        let leads = match obj.get("leads").map(str::trim_ascii) {
            None | Some("null") => Vec::new(),
            Some(raw) => match crate::json::string_ref(raw) {
                Some(text) => Lead::list_from_json(&text),
                None => Lead::list_from_json(raw),
            }
            .map_err(|e| e.at("/leads"))?,
        };
        Ok(KpiOptions {
            from: time("from")?,
            to: time("to")?,
            now: time("now")?,
            timezone,
            group_by,
            leads,
            unknown_types: unknown_types(&obj)?,
        })
    }
}
