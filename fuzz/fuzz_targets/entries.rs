//! Every public operation of `Workflow` and `EventLog` with arbitrary
//! arguments. Input: a workflow byte (a preset, or 5: a definition given as
//! the first argument), an operation byte, then the arguments as texts
//! separated by NUL bytes (`fromBytes`: raw bytes). String parameters (locale,
//! text, provider) are JSON strings or raw text; `null` or absent is `None`.
//! Each call answers or fails with an error; none panics. Event logs also
//! keep their bytes round trip and their order independence.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use relance_core::{
    Context, DueItem, EventColumns, EventLog, GroupBy, KpiOptions, Lead, Note, QueueOptions, Target, Workflow,
};

/// Operations, by `op % OPS` (fuzz/seed.py has the same list).
const OPS: u8 = 23;
const FROM_BYTES: u8 = 21;

fn presets() -> &'static [Workflow] {
    static P: OnceLock<Vec<Workflow>> = OnceLock::new();
    P.get_or_init(|| relance_core::presets().into_iter().map(|n| Workflow::preset(n).expect("presets load")).collect())
}

/// A string parameter: a JSON string decoded, `null`/absent as `None`, else the raw text.
fn string(a: Option<&str>) -> Option<String> {
    match a {
        None | Some("null") => None,
        Some(t) => Some(serde_json::from_str::<String>(t).unwrap_or_else(|_| t.to_owned())),
    }
}

/// Operations on a lead a change produced.
fn follow(wf: &Workflow, lead: &Lead, ctx: &Context) {
    let _ = wf.options(lead, ctx);
    let _ = wf.deadlines(lead, ctx);
    let _ = wf.due(std::slice::from_ref(lead), ctx);
    let _ = wf.validate(&lead.to_json(), ctx);
}

fn json(r: &relance_core::Report) -> String {
    serde_json::to_string(r).expect("a report serializes")
}

fn all_groups() -> KpiOptions {
    KpiOptions { group_by: GroupBy { agent: true, hour: true, weekday: true, day: true }, ..KpiOptions::default() }
}

/// Two batches, each pushed all or nothing; merged both ways, through bytes:
/// the same report.
fn logs(wf: &Workflow, a: &str, b: &str, options: &str) {
    let push = |text: &str| {
        let mut log = EventLog::new(wf);
        if log.push(text).is_err() {
            assert!(log.is_empty(), "a refused batch leaves the log as it was");
        }
        log
    };
    same_as_columns(wf, a);
    let (la, lb) = (push(a), push(b));
    let bytes = lb.to_bytes();
    let lb2 = EventLog::from_bytes(wf, &bytes).expect("a log's bytes read back");
    assert_eq!(lb2.to_bytes(), bytes, "bytes round trip");
    let mut ab = la.clone();
    ab.merge(&lb2).expect("same workflow");
    let mut ba = lb.clone();
    ba.merge(&la).expect("same workflow");
    let Ok(o) = KpiOptions::from_json(options) else { return };
    match (ab.report(wf, &o), ba.report(wf, &o)) {
        (Ok(x), Ok(y)) => assert_eq!(json(&x), json(&y), "the report does not depend on the order of events"),
        (x, y) => assert_eq!(x.is_ok(), y.is_ok()),
    }
}

/// Events as the npm package sends them (wasm/js/events.js `encode`): leads,
/// strings, fields, ats, at texts; `None` where `encode` falls back to JSON text.
fn encode(text: &str) -> Option<(String, String, Vec<i32>, Vec<f64>, String)> {
    use serde_json::Value;
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
    let Ok(Value::Array(events)) = serde_json::from_str::<Value>(t) else { return None };
    let (mut fields, mut ats, mut at_texts) = (Vec::new(), Vec::new(), Vec::<String>::new());
    let (mut strings, mut leads) = (Vec::<String>::new(), Vec::<Value>::new());
    let index = |list: &mut Vec<String>, s: &str| match list.iter().position(|x| x == s) {
        Some(i) => i as i32,
        None => {
            list.push(s.to_owned());
            list.len() as i32 - 1
        }
    };
    for e in &events {
        let Value::Object(o) = e else { return None };
        // Lead ids: strings, or safe integers (written as JSON.stringify would).
        let lead = match o.get("lead") {
            None | Some(Value::Null) => -1,
            Some(v) => {
                let v = match v {
                    Value::String(_) => v.clone(),
                    Value::Number(n) => {
                        let x = n.as_f64()?;
                        if x.fract() != 0.0 || x.abs() > 9_007_199_254_740_991.0 {
                            return None;
                        }
                        Value::from(x as i64)
                    }
                    _ => return None,
                };
                match leads.iter().position(|x| *x == v) {
                    Some(i) => i as i32,
                    None => {
                        leads.push(v);
                        leads.len() as i32 - 1
                    }
                }
            }
        };
        let at = match o.get("at") {
            Some(Value::String(s)) if !s.is_empty() && !s.contains('\n') => {
                ats.push(0.0);
                at_texts.push(s.clone());
                at_texts.len() as i32 - 1
            }
            Some(Value::Number(n)) => {
                ats.push(n.as_f64()?);
                -1
            }
            _ => return None,
        };
        fields.push(lead);
        for key in ["type", "actor", "from", "to", "status", "outcome", "text"] {
            fields.push(match o.get(key) {
                None | Some(Value::Null) => -1,
                Some(Value::String(s)) => index(&mut strings, s),
                _ => return None,
            });
        }
        fields.push(at);
    }
    let list = |v: &Vec<String>| serde_json::to_string(v).expect("strings serialize");
    let leads = serde_json::to_string(&leads).expect("leads serialize");
    Some((leads, list(&strings), fields, ats, at_texts.join("\n")))
}

/// The same events as JSON text and as columns: the same log, or the same error.
fn same_as_columns(wf: &Workflow, text: &str) {
    let Some((leads, strings, fields, ats, at_texts)) = encode(text) else { return };
    let (mut a, mut b) = (EventLog::new(wf), EventLog::new(wf));
    let c = EventColumns { leads: &leads, strings: &strings, fields: &fields, ats: &ats, at_texts: &at_texts };
    match (a.push(text), b.push_columns(&c)) {
        (Ok(()), Ok(())) => assert_eq!(a.to_bytes(), b.to_bytes(), "JSON and columns give the same log"),
        (Err(x), Err(y)) => assert_eq!(
            (x.code(), x.problems().iter().map(|p| (&p.path, p.code)).collect::<Vec<_>>()),
            (y.code(), y.problems().iter().map(|p| (&p.path, p.code)).collect::<Vec<_>>()),
            "JSON and columns give the same error"
        ),
        (x, y) => panic!("JSON and columns disagree: {x:?} / {y:?}"),
    }
}

/// Any bytes as a log (its fingerprint made this workflow's).
fn from_bytes(wf: &Workflow, data: &[u8]) {
    let mut bytes = data.to_vec();
    if bytes.len() >= 16 && bytes.starts_with(b"RLNCLOG") {
        bytes[8..16].copy_from_slice(&EventLog::new(wf).to_bytes()[8..16]);
    }
    let Ok(log) = EventLog::from_bytes(wf, &bytes) else { return };
    let again = log.to_bytes();
    assert_eq!(again, bytes, "bytes round trip");
    let read = EventLog::from_bytes(wf, &again).expect("a log's bytes read back");
    assert_eq!(read.to_bytes(), again, "bytes round trip");
    let _ = log.report(wf, &KpiOptions::default());
    let mut twice = log.clone();
    twice.merge(&log).expect("same workflow");
    let _ = twice.report(wf, &all_groups());
}

fn columns(wf: &Workflow, args: &[&str]) {
    let arg = |i: usize| args.get(i).copied().unwrap_or("");
    let Ok(fields) = serde_json::from_str::<Vec<i32>>(arg(2)) else { return };
    let Ok(ats) = serde_json::from_str::<Vec<f64>>(arg(3)) else { return };
    let at_texts = string(args.get(4).copied()).unwrap_or_default();
    let mut log = EventLog::new(wf);
    let c = EventColumns { leads: arg(0), strings: arg(1), fields: &fields, ats: &ats, at_texts: &at_texts };
    if log.push_columns(&c).is_err() {
        assert!(log.is_empty(), "a refused batch leaves the log as it was");
    }
    let _ = log.report(wf, &all_groups());
}

fn run(wf: &Workflow, op: u8, args: &[&str]) {
    let arg = |i: usize| args.get(i).copied().unwrap_or("null");
    let s = |i: usize| string(args.get(i).copied());
    let lead = |i: usize| Lead::from_json(arg(i));
    let leads = |i: usize| Lead::list_from_json(arg(i));
    let ctx = |i: usize| Context::from_json(arg(i));
    let _ = match op {
        0 => lead(0).and_then(|l| wf.check(&l, &Target::from_json(arg(1))?, &ctx(2)?)).map(|_| ()),
        1 => lead(0).and_then(|l| {
            let c = ctx(2)?;
            follow(wf, &wf.apply(&l, &Target::from_json(arg(1))?, &c)?.lead, &c);
            Ok(())
        }),
        2 => lead(0).and_then(|l| wf.options(&l, &ctx(1)?)).map(|_| ()),
        3 => lead(0).and_then(|l| wf.actions(&l, &ctx(1)?)).map(|_| ()),
        4 => ctx(1).and_then(|c| wf.validate(arg(0), &c)).map(|_| ()),
        5 => wf.to_mermaid(s(0).as_deref()).map(|_| ()),
        6 => wf.to_dot(s(0).as_deref()).map(|_| ()),
        7 => {
            let _ = (wf.statuses(s(0).as_deref()), wf.lint());
            Ok(())
        }
        8 => ctx(1).and_then(|c| {
            follow(wf, &wf.create(arg(0), &c)?.lead, &c);
            Ok(())
        }),
        9 => lead(0).and_then(|l| wf.deadlines(&l, &ctx(1)?)).map(|_| ()),
        10 => leads(0).and_then(|l| wf.due(&l, &ctx(1)?)).map(|_| ()),
        11 => lead(0).and_then(|l| {
            let c = ctx(2)?;
            follow(wf, &wf.fire(&l, &DueItem::from_json(arg(1))?, &c)?.lead, &c);
            Ok(())
        }),
        12 => lead(0).and_then(|l| {
            let c = ctx(2)?;
            follow(wf, &wf.add_note(&l, &Note::from_json(arg(1))?, &c)?.lead, &c);
            Ok(())
        }),
        13 => {
            let _ = wf.note_templates(s(0).as_deref());
            Ok(())
        }
        14 => {
            let _ = wf.classify(&s(0).unwrap_or_default(), s(1).as_deref());
            Ok(())
        }
        15 => lead(0).map(|l| {
            let _ = wf.flow_state(&l);
        }),
        16 => leads(0).and_then(|l| wf.queue(&l, &ctx(1)?, &QueueOptions::from_json(arg(1))?)).map(|_| ()),
        17 => wf.map_external(&s(0).unwrap_or_default(), &s(1).unwrap_or_default(), s(2).as_deref()).map(|_| ()),
        18 => lead(0).and_then(|l| wf.view(&l, &ctx(1)?)).map(|_| ()),
        19 => {
            same_as_columns(wf, arg(0));
            KpiOptions::from_json(arg(1)).and_then(|o| wf.kpis(arg(0), &o)).map(|_| ())
        }
        20 => {
            logs(wf, arg(0), arg(1), arg(2));
            Ok(())
        }
        _ => {
            columns(wf, args);
            Ok(())
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let [which, op, rest @ ..] = data else { return };
    let op = op % OPS;
    let custom;
    let (wf, rest) = match presets().get(*which as usize % (presets().len() + 1)) {
        Some(wf) => (wf, rest),
        None => {
            // A definition first, up to the first NUL.
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let Ok(def) = std::str::from_utf8(&rest[..end]) else { return };
            let Ok(wf) = Workflow::from_json(def) else { return };
            custom = wf;
            (&custom, rest.get(end + 1..).unwrap_or_default())
        }
    };
    if op == FROM_BYTES {
        return from_bytes(wf, rest);
    }
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let args: Vec<&str> = text.split('\0').collect();
    run(wf, op, &args);
});
