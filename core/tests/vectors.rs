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

use relance_core::{Context, DueItem, Error, KpiOptions, Lead, Note, QueueOptions, Target, Workflow};
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

fn to_value<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Value> {
    r.map(|v| serde_json::to_value(v).expect("results serialize"))
        .map_err(|e| serde_json::to_value(e).expect("errors serialize"))
}

fn workflow_of(raw: &RawValue) -> Result<Workflow, Error> {
    match serde_json::from_str::<String>(raw.get()) {
        Ok(name) => Workflow::preset(&name),
        Err(_) => Workflow::from_json(raw.get()),
    }
}

/// Runs one operation as the JavaScript API would.
fn run(wf: Option<&Workflow>, op: &str, args: &[&RawValue]) -> Result<Value, Value> {
    let text = |i: usize| args.get(i).map_or("null", |r| r.get());
    // JavaScript passes a string argument as JSON text already.
    let text_or_string = |i: usize| serde_json::from_str::<String>(text(i)).unwrap_or_else(|_| text(i).to_owned());
    let locale = |i: usize| serde_json::from_str::<Option<String>>(text(i)).ok().flatten();
    let lead = |i: usize| Lead::from_json(text(i));
    let ctx = |i: usize| Context::from_json(text(i));
    let target = |i: usize| Target::from_json(text(i));
    match op {
        "load" => to_value(Workflow::from_json(&text_or_string(0)).map(|w| w.statuses(None))),
        "presets" => Ok(json!(relance_core::presets())),
        "lintJson" => Ok(serde_json::to_value(Workflow::lint_json(&text_or_string(0))).unwrap()),
        _ => {
            let wf = wf.expect("this op needs a workflow");
            match op {
                "statuses" => Ok(serde_json::to_value(wf.statuses(locale(0).as_deref())).unwrap()),
                "check" => to_value((|| wf.check(&lead(0)?, &target(1)?, &ctx(2)?))()),
                "options" => to_value((|| wf.options(&lead(0)?, &ctx(1)?))()),
                "apply" => to_value((|| wf.apply(&lead(0)?, &target(1)?, &ctx(2)?))()),
                "actions" => to_value((|| wf.actions(&lead(0)?, &ctx(1)?))()),
                "validate" => to_value((|| wf.validate(text(0), &ctx(1)?))()),
                "create" => to_value((|| wf.create(text(0), &ctx(1)?))()),
                "deadlines" => to_value((|| wf.deadlines(&lead(0)?, &ctx(1)?))()),
                "due" => to_value((|| wf.due(&Lead::list_from_json(&text_or_string(0))?, &ctx(1)?))()),
                "fire" => to_value((|| wf.fire(&lead(0)?, &DueItem::from_json(text(1))?, &ctx(2)?))()),
                "addNote" => to_value((|| wf.add_note(&lead(0)?, &Note::from_json(text(1))?, &ctx(2)?))()),
                "classify" => Ok(json!(wf.classify(&text_or_string(0), locale(1).as_deref()))),
                "flowState" => to_value(lead(0).map(|l| wf.flow_state(&l))),
                "queue" => to_value((|| {
                    wf.queue(&Lead::list_from_json(&text_or_string(0))?, &ctx(1)?, &QueueOptions::from_json(text(1))?)
                })()),
                "mapExternal" => {
                    to_value(wf.map_external(&text_or_string(0), &text_or_string(1), locale(2).as_deref()))
                }
                "view" => to_value((|| wf.view(&lead(0)?, &ctx(1)?))()),
                "kpis" => to_value((|| wf.kpis(&text_or_string(0), &KpiOptions::from_json(text(1))?))()),
                "noteTemplates" => Ok(serde_json::to_value(wf.note_templates(locale(0).as_deref())).unwrap()),
                "lint" => Ok(serde_json::to_value(wf.lint()).unwrap()),
                "toMermaid" => to_value(wf.to_mermaid(locale(0).as_deref())),
                "toDot" => to_value(wf.to_dot(locale(0).as_deref())),
                other => panic!("unknown op {other}"),
            }
        }
    }
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
