//! The KPI state as bytes (formats of `wire.rs`), so that logs and partial
//! reports built by workers, a stream processor or other machines merge;
//! each checked whole when read back.
//!
//! An event log: `"RLNCLOG"`, version `2`, the workflow fingerprint (u64), three
//! dictionaries (leads, actors, statuses: a u32 count, then each string as a
//! u32 length and UTF-8), then a u32 event count and 26 bytes per event
//! (lead u32, at i64, kind u8, actor u32, from u32, to u32, outcome u8),
//! then the skipped types (a u32 count, then each type as a string and its
//! count as a u64), and last the CRC-32C of everything before it (u32), so
//! that a byte changed anywhere in transit is refused, not read as another
//! valid log.
//!
//! A partial report: `"RLNCPRT"`, version `1`, the fingerprint, its options
//! (canonical JSON), then its figures (counts as u64, durations as i64
//! lists, names as strings, in the order of `Partial::to_bytes`), the
//! warnings, and the CRC-32C.

use super::log::{Dict, Ev, EventLog, NONE};
use super::options::KpiOptions;
use super::partial::{Figures, Partial, SlotFigures, StatusFigures};
use super::report::{EventType, Outcomes, Warning, WarningCode};
use super::wire::{Reader, Writer};
use crate::classify::Outcome;
use crate::error::Error;
use crate::value::{Time, MAX_EPOCH_MS};
use crate::workflow::Workflow;

const MAGIC: &[u8; 7] = b"RLNCLOG";
const VERSION: u8 = 2;
const WHAT: &str = "an event log";

fn put_dict(w: &mut Writer, d: &Dict) {
    w.len(d.items.len());
    for s in &d.items {
        w.str(s);
    }
}

fn dict(r: &mut Reader<'_>) -> Result<Dict, Error> {
    let n = r.len(4)?;
    let mut d = Dict::default();
    for _ in 0..n {
        let s = r.str()?;
        let before = d.items.len();
        d.intern(s);
        if d.items.len() == before {
            return Err(r.corrupt("a dictionary repeats a string"));
        }
    }
    Ok(d)
}

impl EventLog {
    /// The log as bytes, for [`from_bytes`](Self::from_bytes) on another
    /// worker or machine.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION, 64 + self.events.len() * 26);
        w.u64(self.fingerprint);
        for d in [&self.leads, &self.actors, &self.statuses] {
            put_dict(&mut w, d);
        }
        w.len(self.events.len());
        for e in &self.events {
            w.u32(e.lead);
            w.i64(e.at);
            w.u8(e.kind as u8);
            w.u32(e.actor);
            w.u32(e.from);
            w.u32(e.to);
            w.u8(e.outcome as u8);
        }
        w.len(self.skipped.len());
        for (kind, count) in &self.skipped {
            w.str(kind);
            w.u64(*count);
        }
        w.finish()
    }

    /// A log from [`to_bytes`](Self::to_bytes), for the workflow `wf`.
    ///
    /// # Errors
    /// `invalid_input` for bytes that are not a whole event log of this
    /// version (any byte changed: the checksum refuses it), or that were
    /// built for another workflow definition.
    pub fn from_bytes(wf: &Workflow, bytes: &[u8]) -> Result<EventLog, Error> {
        let mut r = Reader::open(bytes, MAGIC, VERSION, WHAT)?;
        let mut log = EventLog::new(wf);
        if r.u64()? != log.fingerprint {
            return Err(super::partial::other_workflow("this log was"));
        }
        log.leads = dict(&mut r)?;
        if log.leads.items.iter().any(|id| crate::json::canonical_id(id).as_deref() != Some(id.as_str())) {
            return Err(r.corrupt("a lead id is not a canonical JSON string or number"));
        }
        log.actors = dict(&mut r)?;
        log.statuses = dict(&mut r)?;
        let n = r.len(26)?;
        let index = |r: &mut Reader<'_>, d: &Dict, optional: bool| {
            let i = r.u32()?;
            if (optional && i == NONE) || (i as usize) < d.items.len() {
                Ok(i)
            } else {
                Err(r.corrupt("an event names a string the log does not have"))
            }
        };
        log.events.reserve(n);
        for _ in 0..n {
            let lead = index(&mut r, &log.leads, false)?;
            let at = r.i64()?;
            if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&at) {
                return Err(r.corrupt("an event's time is out of range"));
            }
            let kind = match r.u8()? {
                0 => EventType::Created,
                1 => EventType::Status,
                2 => EventType::Note,
                _ => return Err(r.corrupt("an event has an unknown type")),
            };
            let actor = index(&mut r, &log.actors, true)?;
            let from = index(&mut r, &log.statuses, true)?;
            let to = index(&mut r, &log.statuses, kind != EventType::Status)?;
            let outcome =
                *Outcome::ALL.get(r.u8()? as usize).ok_or_else(|| r.corrupt("an event has an unknown outcome"))?;
            log.events.push(Ev { lead, at, kind, actor, from, to, outcome });
        }
        for _ in 0..r.len(12)? {
            let kind = r.str()?;
            if EventType::parse(kind).is_some() || log.skipped.last().is_some_and(|(k, _)| k.as_str() >= kind) {
                return Err(r.corrupt("its skipped types are not other types in order"));
            }
            log.skipped.push((kind.to_owned(), r.u64()?));
        }
        r.end()?;
        Ok(log)
    }
}

const PARTIAL_MAGIC: &[u8; 7] = b"RLNCPRT";
const PARTIAL_VERSION: u8 = 1;

fn put_outcomes(w: &mut Writer, o: &Outcomes) {
    for n in [o.positive, o.negative, o.partial, o.unclassified] {
        w.u64(n);
    }
}

fn outcomes(r: &mut Reader<'_>) -> Result<Outcomes, Error> {
    Ok(Outcomes { positive: r.u64()?, negative: r.u64()?, partial: r.u64()?, unclassified: r.u64()? })
}

fn put_slot(w: &mut Writer, s: &SlotFigures) {
    for n in [s.notes, s.unique, s.closed, s.won] {
        w.u64(n);
    }
    put_outcomes(w, &s.outcomes);
}

fn slot(r: &mut Reader<'_>) -> Result<SlotFigures, Error> {
    Ok(SlotFigures { notes: r.u64()?, unique: r.u64()?, closed: r.u64()?, won: r.u64()?, outcomes: outcomes(r)? })
}

fn put_durations(w: &mut Writer, d: &[i64]) {
    w.len(d.len());
    for &x in d {
        w.i64(x);
    }
}

fn durations(r: &mut Reader<'_>) -> Result<Vec<i64>, Error> {
    (0..r.len(8)?).map(|_| r.i64()).collect()
}

/// Entries keyed by name, strictly in order.
fn named<T>(
    r: &mut Reader<'_>,
    min: usize,
    mut value: impl FnMut(&mut Reader<'_>) -> Result<T, Error>,
) -> Result<Vec<(String, T)>, Error> {
    let n = r.len(min)?;
    let mut out: Vec<(String, T)> = Vec::with_capacity(n);
    for _ in 0..n {
        let k = r.str()?.to_owned();
        if out.last().is_some_and(|(last, _)| *last >= k) {
            return Err(r.corrupt("names are not in order"));
        }
        let v = value(r)?;
        out.push((k, v));
    }
    Ok(out)
}

impl Partial {
    /// The partial report as bytes (versioned, with its options, ending with
    /// a CRC-32C), for [`from_bytes`](Self::from_bytes) on another machine.
    pub fn to_bytes(&self) -> Vec<u8> {
        let f = &self.figures;
        let mut w = Writer::new(PARTIAL_MAGIC, PARTIAL_VERSION, 256 + 8 * (f.cycle.len() + f.first_note.len()));
        w.u64(self.fingerprint);
        w.str(&self.options_json);
        w.u64(f.cohort);
        w.len(f.statuses.len());
        for s in &f.statuses {
            for n in [s.entered, s.advanced, s.current] {
                w.u64(n);
            }
            put_durations(&mut w, &s.stays);
            w.len(s.exits.len());
            for (to, n) in &s.exits {
                w.str(to);
                w.u64(*n);
            }
        }
        w.len(f.furthest.len());
        for &n in &f.furthest {
            w.u64(n);
        }
        for n in [f.closed, f.won, f.lost, f.notes_logged, f.notes_leads] {
            w.u64(n);
        }
        put_durations(&mut w, &f.cycle);
        put_durations(&mut w, &f.first_note);
        put_outcomes(&mut w, &f.notes_outcomes);
        w.len(f.agents.len());
        for (a, s) in &f.agents {
            w.str(a);
            put_slot(&mut w, s);
        }
        for slots in [&f.hours, &f.weekdays] {
            w.len(slots.len());
            for s in slots {
                put_slot(&mut w, s);
            }
        }
        w.len(f.days.len());
        for (d, s) in &f.days {
            w.i64(*d);
            put_slot(&mut w, s);
        }
        w.len(f.warnings.len());
        for warning in &f.warnings {
            match warning {
                Warning::Event { code, lead, at, kind, message } => {
                    w.u8(0);
                    w.u8(*code as u8);
                    w.str(lead.get());
                    w.i64(at.millis());
                    w.u8(*kind as u8);
                    w.str(message);
                }
                Warning::Skipped { kind, count, .. } => {
                    w.u8(1);
                    w.str(kind);
                    w.u64(*count);
                }
            }
        }
        w.finish()
    }

    /// A partial report from [`to_bytes`](Self::to_bytes), for the workflow `wf`.
    ///
    /// # Errors
    /// `invalid_input` for bytes that are not a whole partial report of this
    /// version (any byte changed: the checksum refuses it), or that were
    /// computed for another workflow definition.
    pub fn from_bytes(wf: &Workflow, bytes: &[u8]) -> Result<Partial, Error> {
        let mut r = Reader::open(bytes, PARTIAL_MAGIC, PARTIAL_VERSION, "a partial report")?;
        let fingerprint = r.u64()?;
        if fingerprint != wf.fingerprint() {
            return Err(super::partial::other_workflow("this partial report was"));
        }
        let options_json = r.str()?.to_owned();
        let options = KpiOptions::from_json(&options_json).map_err(|_| r.corrupt("its options do not read"))?;
        if options.to_json() != options_json {
            return Err(r.corrupt("its options are not canonical"));
        }
        let mut f = Figures { cohort: r.u64()?, ..Figures::default() };
        let n = r.len(40)?;
        if n != wf.statuses.len() {
            return Err(r.corrupt("it has another number of statuses than the workflow"));
        }
        for _ in 0..n {
            let (entered, advanced, current) = (r.u64()?, r.u64()?, r.u64()?);
            let stays = durations(&mut r)?;
            let exits = named(&mut r, 12, |r| r.u64())?;
            f.statuses.push(StatusFigures { entered, advanced, current, stays, exits });
        }
        let steps = r.len(8)?;
        if steps != wf.funnel_steps().len() {
            return Err(r.corrupt("it has another number of funnel steps than the workflow"));
        }
        f.furthest = (0..steps).map(|_| r.u64()).collect::<Result<_, _>>()?;
        (f.closed, f.won, f.lost, f.notes_logged, f.notes_leads) = (r.u64()?, r.u64()?, r.u64()?, r.u64()?, r.u64()?);
        f.cycle = durations(&mut r)?;
        f.first_note = durations(&mut r)?;
        f.notes_outcomes = outcomes(&mut r)?;
        f.agents = named(&mut r, 68, slot)?;
        let g = options.group_by;
        for (slots, asked, size) in [(&mut f.hours, g.hour, 24), (&mut f.weekdays, g.weekday, 7)] {
            let n = r.len(64)?;
            if n != if asked { size } else { 0 } {
                return Err(r.corrupt("its groups do not match its options"));
            }
            *slots = (0..n).map(|_| slot(&mut r)).collect::<Result<_, _>>()?;
        }
        for _ in 0..r.len(72)? {
            let day = r.i64()?;
            if f.days.last().is_some_and(|(last, _)| *last >= day) {
                return Err(r.corrupt("its days are not in order"));
            }
            let s = slot(&mut r)?;
            f.days.push((day, s));
        }
        for _ in 0..r.len(9)? {
            let warning = match r.u8()? {
                0 => {
                    let code = *[WarningCode::FromMismatch, WarningCode::UnknownStatus, WarningCode::CreatedAgain]
                        .get(r.u8()? as usize)
                        .ok_or_else(|| r.corrupt("a warning has an unknown code"))?;
                    let lead = r.str()?;
                    if crate::json::canonical_id(lead).as_deref() != Some(lead) {
                        return Err(r.corrupt("a lead id is not a canonical JSON string or number"));
                    }
                    let lead = crate::json::raw_value(lead);
                    let at = Time::from_millis(r.i64()?).map_err(|_| r.corrupt("a warning's time is out of range"))?;
                    let kind = *[EventType::Created, EventType::Status, EventType::Note]
                        .get(r.u8()? as usize)
                        .ok_or_else(|| r.corrupt("a warning has an unknown event type"))?;
                    Warning::Event { code, lead, at, kind, message: r.str()?.to_owned() }
                }
                1 => {
                    let kind = r.str()?.to_owned();
                    if EventType::parse(&kind).is_some() {
                        return Err(r.corrupt("a skipped type is one of the three"));
                    }
                    Warning::Skipped { code: WarningCode::UnknownType, kind, count: r.u64()? }
                }
                _ => return Err(r.corrupt("a warning has an unknown kind")),
            };
            f.warnings.push(warning);
        }
        r.end()?;
        Ok(Partial { fingerprint, options, options_json, figures: f })
    }
}

#[cfg(test)]
mod tests {
    use crate::{EventLog, Workflow};

    /// Found by fuzzing: a string repeated right after itself passed the
    /// dictionary check.
    #[test]
    fn a_repeated_string_is_refused() {
        let wf = Workflow::preset("relance").unwrap();
        let mut log = EventLog::new(&wf);
        log.push(r#"[{"lead": "L1", "at": 0, "type": "created"}, {"lead": "L2", "at": 0, "type": "created"}]"#)
            .unwrap();
        let bytes = log.to_bytes();
        assert!(EventLog::from_bytes(&wf, &bytes).is_ok());
        let mut content = bytes[..bytes.len() - 4].to_vec();
        let at = content.windows(4).position(|w| w == br#""L2""#).unwrap();
        content[at + 2] = b'1';
        let sum = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI).checksum(&content);
        content.extend_from_slice(&sum.to_le_bytes());
        let err = EventLog::from_bytes(&wf, &content).unwrap_err();
        assert!(err.to_string().contains("repeats a string"), "{err}");
    }

    /// Every single byte changed, or the bytes cut anywhere, is refused.
    #[test]
    fn the_checksum_refuses_any_change() {
        let wf = Workflow::preset("relance").unwrap();
        let mut log = EventLog::new(&wf);
        log.push(r#"[{"lead": "L1", "at": 0, "type": "created"}, {"lead": 2, "at": 5, "type": "note", "text": "ok"}]"#)
            .unwrap();
        let bytes = log.to_bytes();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert!(EventLog::from_bytes(&wf, &b).is_err(), "byte {i} bit {bit}");
            }
            assert!(EventLog::from_bytes(&wf, &bytes[..i]).is_err(), "cut at {i}");
        }
    }

    /// A definition given as a value may nest deeper than the JSON parser
    /// reads: its fingerprint still tells it from another one, and equals the
    /// one of the same definition given as text.
    #[test]
    fn fingerprints_tell_definitions_apart_at_any_depth() {
        use serde_json::{json, Value};
        let def = |deep: usize, leaf: &str| {
            let mut data = Value::from(leaf);
            for _ in 0..deep {
                data = json!({ "a": data });
            }
            json!({"id": "w", "statuses": [{"id": "a", "category": "open", "initial": true}, {"id": "b", "category": "won"}],
                   "transitions": [{"from": "a", "to": "b", "effects": [{"emit": "e", "data": data}]}]})
        };
        let bytes = |wf: &Workflow| EventLog::new(wf).to_bytes();
        let (x, y) = (Workflow::from_value(def(200, "x")).unwrap(), Workflow::from_value(def(200, "y")).unwrap());
        assert_ne!(bytes(&x), bytes(&y));
        assert!(EventLog::from_bytes(&y, &bytes(&x)).is_err());
        let text = def(3, "x").to_string();
        assert_eq!(bytes(&Workflow::from_json(&text).unwrap()), bytes(&Workflow::from_value(def(3, "x")).unwrap()));
    }
}
