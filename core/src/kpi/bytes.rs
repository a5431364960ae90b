//! An event log as bytes, so partial logs built by workers, a stream
//! processor or other machines merge: a versioned little-endian format,
//! checked whole when read back.
//!
//! `"RLNCLOG"`, version `1`, the workflow fingerprint (u64), three
//! dictionaries (leads, actors, statuses: a u32 count, then each string as a
//! u32 length and UTF-8), then a u32 event count and 26 bytes per event
//! (lead u32, at i64, kind u8, actor u32, from u32, to u32, outcome u8).

use super::log::{Dict, Ev, EventLog, Kind, NONE};
use crate::classify::Outcome;
use crate::error::{Error, ErrorCode, Problem};
use crate::value::MAX_EPOCH_MS;
use crate::workflow::Workflow;

const MAGIC: &[u8; 7] = b"RLNCLOG";
const VERSION: u8 = 1;

fn corrupt(why: &str) -> Error {
    Error::one(ErrorCode::InvalidInput, Problem::new("", "invalid_bytes", format!("not an event log: {why}")))
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.i.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| corrupt("it is cut short"))?;
        let s = &self.b[self.i..end];
        self.i = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let mut a = [0; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let mut a = [0; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn dict(&mut self) -> Result<Dict, Error> {
        let n = self.u32()? as usize;
        let mut d = Dict::default();
        for _ in 0..n {
            let len = self.u32()? as usize;
            let s = std::str::from_utf8(self.take(len)?).map_err(|_| corrupt("a string is not UTF-8"))?;
            let before = d.items.len();
            d.intern(s);
            if d.items.len() == before {
                return Err(corrupt("a dictionary repeats a string"));
            }
        }
        Ok(d)
    }
}

fn put_dict(out: &mut Vec<u8>, d: &Dict) {
    out.extend_from_slice(&(d.items.len() as u32).to_le_bytes());
    for s in &d.items {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
}

impl EventLog {
    /// The log as bytes, for [`from_bytes`](Self::from_bytes) on another
    /// worker or machine.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.events.len() * 26);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        for d in [&self.leads, &self.actors, &self.statuses] {
            put_dict(&mut out, d);
        }
        out.extend_from_slice(&(self.events.len() as u32).to_le_bytes());
        for e in &self.events {
            out.extend_from_slice(&e.lead.to_le_bytes());
            out.extend_from_slice(&e.at.to_le_bytes());
            out.push(e.kind as u8);
            out.extend_from_slice(&e.actor.to_le_bytes());
            out.extend_from_slice(&e.from.to_le_bytes());
            out.extend_from_slice(&e.to.to_le_bytes());
            out.push(e.outcome as u8);
        }
        out
    }

    /// A log from [`to_bytes`](Self::to_bytes), for the workflow `wf`.
    ///
    /// # Errors
    /// `invalid_input` for bytes that are not a whole event log of this
    /// version, or that were built for another workflow definition.
    pub fn from_bytes(wf: &Workflow, bytes: &[u8]) -> Result<EventLog, Error> {
        let mut r = Reader { b: bytes, i: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC) {
            return Err(corrupt("it does not start with RLNCLOG"));
        }
        if r.u8()? != VERSION {
            return Err(corrupt("it has another format version"));
        }
        let mut log = EventLog::new(wf);
        if r.u64()? != log.fingerprint {
            return Err(Error::one(
                ErrorCode::InvalidInput,
                Problem::new("", "other_workflow", "this log was built for another workflow definition"),
            ));
        }
        log.leads = r.dict()?;
        if log.leads.items.iter().any(|id| crate::lead::canonical_id(id).as_deref() != Some(id.as_str())) {
            return Err(corrupt("a lead id is not a canonical JSON string or number"));
        }
        log.actors = r.dict()?;
        log.statuses = r.dict()?;
        let n = r.u32()? as usize;
        if bytes.len().saturating_sub(r.i) != n.saturating_mul(26) {
            return Err(corrupt("its length does not match its event count"));
        }
        let index = |i: u32, d: &Dict, optional: bool| {
            if (optional && i == NONE) || (i as usize) < d.items.len() {
                Ok(i)
            } else {
                Err(corrupt("an event names a string the log does not have"))
            }
        };
        log.events.reserve(n);
        for _ in 0..n {
            let lead = index(r.u32()?, &log.leads, false)?;
            let at = r.u64()? as i64;
            if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&at) {
                return Err(corrupt("an event's time is out of range"));
            }
            let kind = match r.u8()? {
                0 => Kind::Created,
                1 => Kind::Status,
                2 => Kind::Note,
                _ => return Err(corrupt("an event has an unknown type")),
            };
            let actor = index(r.u32()?, &log.actors, true)?;
            let from = index(r.u32()?, &log.statuses, true)?;
            let to = index(r.u32()?, &log.statuses, kind != Kind::Status)?;
            let outcome =
                *Outcome::ALL.get(r.u8()? as usize).ok_or_else(|| corrupt("an event has an unknown outcome"))?;
            log.events.push(Ev { lead, at, kind, actor, from, to, outcome });
        }
        Ok(log)
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
        let mut bytes = bytes;
        let at = bytes.windows(4).position(|w| w == br#""L2""#).unwrap();
        bytes[at + 2] = b'1';
        let err = EventLog::from_bytes(&wf, &bytes).unwrap_err();
        assert!(err.to_string().contains("repeats a string"), "{err}");
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
