//! Runs the conformance vectors of `tests/vectors/*.json` natively. The same
//! files run through the npm package in `wasm/test/vectors.test.mjs`; both
//! compare canonical JSON (sorted keys, numbers as ECMAScript writes them).
//!
//! A vector file is `{"description", "workflow", "cases": [{"name", "op",
//! "args", "expect" | "throws"}]}`; `workflow` is a preset name or a
//! definition. `RELANCE_BLESS=1 cargo test --test vectors` (or `=270` for the
//! files whose name contains "270") rewrites the
//! expectations from the native results, arguments kept as written. Each
//! expectation is a claim about SPEC: read every changed one against it
//! before committing.

use std::fs;
use std::path::{Path, PathBuf};

use relance_core::ops::{AnalyticsOp, ArgKind, GlobalOp, WorkflowOp};
use relance_core::{Error, Workflow};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

/// A vector file. Arguments and the workflow stay raw JSON text, so the
/// engine reads them exactly as written (key order included).
#[derive(Deserialize)]
struct File {
    description: String,
    workflow: Option<Box<RawValue>>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    op: String,
    /// The list of arguments, as written.
    args: Option<Box<RawValue>>,
    expect: Option<Value>,
    throws: Option<Value>,
}

fn workflow_of(raw: &RawValue) -> Result<Workflow, Error> {
    match serde_json::from_str::<String>(raw.get()) {
        Ok(name) => Workflow::preset(&name),
        Err(_) => Workflow::from_json(raw.get()),
    }
}

/// An argument as the packages send it (see `relance_core::ops`): a text
/// argument given as a JSON string is that string's text.
fn arg_text(raw: &RawValue, kind: ArgKind) -> String {
    match (kind, serde_json::from_str::<String>(raw.get())) {
        (ArgKind::Text | ArgKind::Definition, Ok(text)) => text,
        _ => raw.get().to_owned(),
    }
}

/// Runs one operation through the operation tables, as the packages do: an
/// operation of `relance/analytics` gets the file's workflow as its
/// definition. `load` is `Workflow.fromJson(def).statuses()`.
fn run(wf: Option<&Workflow>, op: &str, args: &[&RawValue]) -> Result<Value, Value> {
    let texts = |kinds: &[ArgKind]| -> Vec<String> {
        args.iter()
            .zip(kinds.iter().copied().chain(std::iter::repeat(ArgKind::Json)))
            .map(|(r, k)| arg_text(r, k))
            .collect()
    };
    let parse = |r: Result<String, Error>| {
        r.map(|t| serde_json::from_str::<Value>(&t).expect("replies are JSON"))
            .map_err(|e| serde_json::to_value(e).expect("errors serialize"))
    };
    let call = |texts: &[String], f: &dyn Fn(&[&str]) -> Result<String, Error>| {
        parse(f(&texts.iter().map(String::as_str).collect::<Vec<_>>()))
    };
    if op == "load" {
        let def = texts(&[ArgKind::Text]);
        return parse(Workflow::from_json(&def[0]).map(|w| serde_json::to_string(&w.statuses(None)).unwrap()));
    }
    if let Some(g) = GlobalOp::from_name(op) {
        let kinds: Vec<ArgKind> = g.args().iter().map(|a| a.kind).collect();
        return call(&texts(&kinds), &|a| g.call(a));
    }
    let wf = wf.expect("this op needs a workflow");
    if let Some(w) = WorkflowOp::from_name(op) {
        let kinds: Vec<ArgKind> = w.args().iter().map(|a| a.kind).collect();
        return call(&texts(&kinds), &|a| w.call(wf, a));
    }
    let f = AnalyticsOp::from_name(op).unwrap_or_else(|| panic!("unknown op {op}"));
    // The first definition is the file's workflow; the vector gives the
    // other arguments (further definitions as text, loaded here).
    let n = f.definitions();
    let kinds: Vec<ArgKind> = f.args().iter().skip(1).map(|a| a.kind).collect();
    let texts = texts(&kinds);
    // A definition given as a bare preset name is that preset.
    let load = |t: &String| match serde_json::from_str::<String>(&format!("\"{t}\"")) {
        Ok(name) if relance_core::presets().contains(&name.as_str()) => Workflow::preset(&name),
        _ => Workflow::from_json(t),
    };
    let loaded: Vec<Workflow> = match texts[..n - 1].iter().map(load).collect() {
        Ok(l) => l,
        Err(e) => return Err(serde_json::to_value(e).expect("errors serialize")),
    };
    let defs: Vec<&Workflow> = std::iter::once(wf).chain(loaded.iter()).collect();
    call(&texts[n - 1..], &|a| f.call(&defs, a))
}

/// Canonical JSON: sorted keys, numbers as ECMAScript's `Number.prototype.toString`.
fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&m[*k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        Value::Number(n) => out.push_str(&es_number(n.as_f64().unwrap())),
        other => out.push_str(&other.to_string()),
    }
}

/// ECMAScript Number::toString(10) for finite numbers.
fn es_number(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let e = format!("{:e}", x.abs()); // shortest round-trip digits: "d.ddde±n"
    let (mantissa, exp) = e.split_once('e').unwrap();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exp.parse::<i32>().unwrap() + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let exp = n - 1;
        let sign = if exp < 0 { "-" } else { "+" };
        let m = if k == 1 { digits.clone() } else { format!("{}.{}", &digits[..1], &digits[1..]) };
        format!("{m}e{sign}{}", exp.abs())
    };
    format!("{sign}{body}")
}

/// Where two canonical texts part, with some context (whole texts can be huge).
fn diff(want: &str, got: &str) -> String {
    let at = want.bytes().zip(got.bytes()).take_while(|(a, b)| a == b).count();
    let from = want[..at].char_indices().rev().nth(150).map_or(0, |(i, _)| i);
    let clip = |s: &str| s[from..].chars().take(400).collect::<String>();
    format!("  want …{}\n  got  …{}", clip(want), clip(got))
}

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn es_numbers() {
    for (x, s) in [
        (1.0, "1"),
        (0.1, "0.1"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (123e-20, "1.23e-18"),
        (-2.5, "-2.5"),
        (1e20, "100000000000000000000"),
        (0.000001, "0.000001"),
        (0.2857142857142857, "0.2857142857142857"),
    ] {
        assert_eq!(es_number(x), s);
    }
}

/// Pretty JSON text indented by `indent` spaces after the first line.
fn pretty(v: &Value, indent: usize) -> String {
    serde_json::to_string_pretty(v).unwrap().replace('\n', &format!("\n{}", " ".repeat(indent)))
}

/// The vector file with the given results as expectations, arguments and
/// workflow kept as written.
fn blessed(file: &File, results: &[Result<Value, Value>]) -> String {
    let mut out = format!("{{\n  \"description\": {},\n", json!(file.description));
    if let Some(w) = &file.workflow {
        out.push_str(&format!("  \"workflow\": {},\n", w.get()));
    }
    out.push_str("  \"cases\": [");
    for (i, (c, r)) in file.cases.iter().zip(results).enumerate() {
        let args = c.args.as_ref().map_or("[]", |a| a.get());
        let (key, v) = match r {
            Ok(v) => ("expect", v),
            Err(e) => ("throws", e),
        };
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {{\n      \"name\": {},\n      \"op\": {},\n      \"args\": {},\n      \"{key}\": {}\n    }}",
            json!(c.name),
            json!(c.op),
            args,
            pretty(v, 6)
        ));
    }
    out.push_str("\n  ]\n}\n");
    out
}

#[test]
fn conformance_vectors() {
    // RELANCE_BLESS=1 rewrites every file, RELANCE_BLESS=270 only those whose name contains "270".
    let bless_only = std::env::var("RELANCE_BLESS").ok();
    let files = vector_files();
    assert!(files.len() >= 10, "expected at least 10 vector files, found {}", files.len());
    let mut failures = Vec::new();
    let mut count = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bless = bless_only.as_deref().is_some_and(|b| b == "1" || name.contains(b));
        let file: File =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wf = file
            .workflow
            .as_ref()
            .map(|w| workflow_of(w).unwrap_or_else(|e| panic!("{name}: workflow does not load: {e}")));
        assert!(!file.cases.is_empty(), "{name}: no cases");
        let mut results = Vec::new();
        for case in &file.cases {
            count += 1;
            let args: Vec<&RawValue> =
                case.args.as_ref().map_or_else(Vec::new, |a| serde_json::from_str(a.get()).expect("args is a list"));
            let actual = run(wf.as_ref(), &case.op, &args);
            let (want, got) = match (&case.expect, &case.throws, &actual) {
                (Some(w), None, Ok(g)) | (None, Some(w), Err(g)) => (canonical(w), canonical(g)),
                _ => {
                    failures.push(format!(
                        "{name} / {}: expected {}, got {}",
                        case.name,
                        if case.expect.is_some() { "a result" } else { "an error" },
                        diff("", &canonical(actual.as_ref().unwrap_or_else(|e| e)))
                    ));
                    (String::new(), String::new())
                }
            };
            if want != got {
                failures.push(format!("{name} / {}:\n{}", case.name, diff(&want, &got)));
            }
            results.push(actual);
        }
        if bless {
            fs::write(&path, blessed(&file, &results)).unwrap();
        }
    }
    assert!(count > 0);
    if bless_only.is_some() {
        return;
    }
    assert!(failures.is_empty(), "{} of {count} vector cases failed:\n{}", failures.len(), failures.join("\n"));
}
