//! Every operation of the op tables (`relance_core::ops`, what the packages
//! call) and of `EventLog` and `Partial` with arbitrary arguments. Input: a
//! workflow byte (a preset, or 5: a definition given as the first
//! argument), an operation byte, then the arguments as texts separated by
//! NUL bytes (`fromBytes`: raw bytes). Each call answers or fails with an
//! error; none panics. A change's lead is read back and used again; event
//! logs also keep their bytes round trip and their order independence, and
//! partials merged equal the one-pass report.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use relance_core::ops::{AnalyticsOp, WorkflowOp};
use relance_core::{Context, EventColumns, EventLog, GroupBy, KpiOptions, Lead, Partial, PushOptions, Workflow};

/// The operations, by `op % operations().len()`: the op tables of
/// `relance_core::ops` (every `Workflow` operation, then every
/// `relance/analytics` function), then the log properties below. fuzz/seed.py
/// reads the same list from core/src/ops.rs.
fn operations() -> Vec<&'static str> {
    let mut names: Vec<&str> = WorkflowOp::ALL.iter().map(|o| o.name()).collect();
    names.extend(AnalyticsOp::ALL.iter().map(|o| o.name()));
    names.extend(["log", "fromBytes", "columns", "partial"]);
    names
}

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
    match (a.push(text), b.push_columns(&c, &PushOptions::default())) {
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
    if bytes.len() >= 20 && bytes.starts_with(b"RLNCLOG") {
        // Its fingerprint made this workflow's, and its checksum made right.
        bytes[8..16].copy_from_slice(&EventLog::new(wf).to_bytes()[8..16]);
        let n = bytes.len() - 4;
        let sum = crc32c(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
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
    if log.push_columns(&c, &PushOptions::default()).is_err() {
        assert!(log.is_empty(), "a refused batch leaves the log as it was");
    }
    let _ = log.report(wf, &all_groups());
}

/// A change's lead read back, and used again.
fn follow_reply(wf: &Workflow, reply: &str, ctx: &str) {
    let Ok(serde_json::Value::Object(change)) = serde_json::from_str::<serde_json::Value>(reply) else { return };
    let (Some(lead), Ok(ctx)) = (change.get("lead"), Context::from_json(ctx)) else { return };
    if let Ok(lead) = Lead::from_json(&lead.to_string()) {
        follow(wf, &lead, &ctx);
    }
}

/// Partials of two halves of a batch (split by lead), merged through
/// bytes both ways: the report of one pass.
fn partials(wf: &Workflow, text: &str, options: &str) {
    let Ok(o) = KpiOptions::from_json(options) else { return };
    let mut all = EventLog::new(wf);
    if all.push(text).is_err() {
        return;
    }
    let Ok(single) = all.report(wf, &o) else { return };
    let halves = [EventLog::new(wf), EventLog::new(wf)];
    let Ok(serde_json::Value::Array(events)) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let mut halves = halves;
    for e in &events {
        let h = e.get("lead").map_or(0, |l| l.to_string().len() % 2);
        halves[h].push(&format!("[{e}]")).expect("an event of a batch that loads");
    }
    let p = |log: &EventLog| Partial::from_bytes(wf, &log.partial(wf, &o).unwrap().to_bytes()).unwrap();
    let (mut ab, mut ba) = (p(&halves[0]), p(&halves[1]));
    ab.merge(&p(&halves[1])).unwrap();
    ba.merge(&p(&halves[0])).unwrap();
    let (ab, ba) = (ab.report(wf).unwrap(), ba.report(wf).unwrap());
    assert_eq!(json(&ab), json(&single), "partials merged are the one-pass report");
    assert_eq!(json(&ba), json(&single), "in any order");
}

fn run(wf: &Workflow, op: usize, args: &[&str]) {
    let arg = |i: usize| args.get(i).copied().unwrap_or("null");
    if let Some(&o) = WorkflowOp::ALL.get(op) {
        if let Ok(reply) = o.call(wf, args) {
            let ctx = args.last().copied().unwrap_or("null");
            follow_reply(wf, &reply, ctx);
        }
        return;
    }
    let op = op - WorkflowOp::ALL.len();
    if let Some(&o) = AnalyticsOp::ALL.get(op) {
        if o == AnalyticsOp::Kpis {
            same_as_columns(wf, arg(0));
        }
        // Further definitions (beyond the first, this workflow) come as text.
        let n = o.definitions();
        let more: Vec<Workflow> = args.iter().take(n - 1).filter_map(|t| Workflow::from_json(t).ok()).collect();
        if more.len() == n - 1 {
            let defs: Vec<&Workflow> = std::iter::once(wf).chain(more.iter()).collect();
            let _ = o.call(&defs, args.get(n - 1..).unwrap_or_default());
        }
        return;
    }
    match operations()[WorkflowOp::ALL.len() + op] {
        "log" => logs(wf, arg(0), arg(1), arg(2)),
        "columns" => columns(wf, args),
        _ => partials(wf, arg(0), arg(1)),
    }
}

/// CRC-32C, for bytes the fuzzer made (the formats' checksum).
fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0x82F6_3B78 } else { crc >> 1 };
        }
    }
    !crc
}

fuzz_target!(|data: &[u8]| {
    let [which, op, rest @ ..] = data else { return };
    let names = operations();
    let op = *op as usize % names.len();
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
    if names[op] == "fromBytes" {
        return from_bytes(wf, rest);
    }
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let args: Vec<&str> = text.split('\0').collect();
    run(wf, op, &args);
});
