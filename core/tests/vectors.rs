//! Runs the conformance vectors of `tests/vectors/*.json` natively. The same
//! files run through the npm package in `wasm/test/vectors.test.mjs`; both
//! compare canonical JSON (sorted keys, numbers as ECMAScript writes them).
//!
//! A vector file is `{"description", "workflow", "cases": [{"name", "op",
//! "args", "expect" | "throws"}]}`; `workflow` is a preset name or a
//! definition. `RELANCE_BLESS=1 cargo test --test vectors` rewrites the
//! expectations from the native results (review the diff before committing).

use std::fs;
use std::path::{Path, PathBuf};

use relance_core::{Context, Error, Lead, Target, Workflow};
use serde_json::{json, Value};

fn text(v: &Value) -> String {
    v.to_string()
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

fn to_value<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Value> {
    r.map(|v| serde_json::to_value(v).expect("results serialize"))
        .map_err(|e| serde_json::to_value(e).expect("errors serialize"))
}

fn workflow_of(file: &Value) -> Result<Workflow, Error> {
    match &file["workflow"] {
        Value::String(name) => Workflow::preset(name),
        def => Workflow::from_json(&text(def)),
    }
}

/// JSON text of an argument that JavaScript may pass as text already.
fn text_or_string(v: &Value) -> String {
    v.as_str().map_or_else(|| text(v), str::to_owned)
}

/// Runs one operation as the JavaScript API would.
fn run(wf: Option<&Workflow>, op: &str, args: &[Value]) -> Result<Value, Value> {
    let locale = |i: usize| arg(args, i).as_str().map(str::to_owned);
    let lead = |i: usize| Lead::from_json(&text(&arg(args, i)));
    let ctx = |i: usize| Context::from_json(&text(&arg(args, i)));
    let target = |i: usize| Target::from_json(&text(&arg(args, i)));
    match op {
        "load" => to_value(Workflow::from_json(&text_or_string(&arg(args, 0))).map(|w| w.statuses(None))),
        "presets" => Ok(json!(relance_core::presets())),
        "lintJson" => Ok(serde_json::to_value(Workflow::lint_json(&text_or_string(&arg(args, 0)))).unwrap()),
        _ => {
            let wf = wf.expect("this op needs a workflow");
            match op {
                "statuses" => Ok(serde_json::to_value(wf.statuses(locale(0).as_deref())).unwrap()),
                "check" => to_value((|| wf.check(&lead(0)?, &target(1)?, &ctx(2)?))()),
                "options" => to_value((|| wf.options(&lead(0)?, &ctx(1)?))()),
                "apply" => to_value((|| wf.apply(&lead(0)?, &target(1)?, &ctx(2)?))()),
                "actions" => to_value((|| wf.actions(&lead(0)?, &ctx(1)?))()),
                "validate" => to_value((|| wf.validate(&text(&arg(args, 0)), &ctx(1)?))()),
                "lint" => Ok(serde_json::to_value(wf.lint()).unwrap()),
                "toMermaid" => Ok(json!(wf.to_mermaid(locale(0).as_deref()))),
                "toDot" => Ok(json!(wf.to_dot(locale(0).as_deref()))),
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

#[test]
fn conformance_vectors() {
    let bless = std::env::var_os("RELANCE_BLESS").is_some();
    let files = vector_files();
    assert!(files.len() >= 10, "expected at least 10 vector files, found {}", files.len());
    let mut failures = Vec::new();
    let mut count = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut file: Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wf = if file.get("workflow").is_some() {
            Some(workflow_of(&file).unwrap_or_else(|e| panic!("{name}: workflow does not load: {e}")))
        } else {
            None
        };
        let cases = file["cases"].as_array_mut().unwrap_or_else(|| panic!("{name}: no cases"));
        for case in cases.iter_mut() {
            count += 1;
            let case_name = case["name"].as_str().unwrap_or("?").to_owned();
            let op = case["op"].as_str().unwrap().to_owned();
            let args = case["args"].as_array().cloned().unwrap_or_default();
            let actual = run(wf.as_ref(), &op, &args);
            let m = case.as_object_mut().unwrap();
            if bless {
                m.remove("expect");
                m.remove("throws");
                match actual {
                    Ok(v) => m.insert("expect".into(), v),
                    Err(e) => m.insert("throws".into(), e),
                };
                continue;
            }
            let (want, got) = match (m.get("expect"), m.get("throws"), &actual) {
                (Some(w), None, Ok(g)) => (canonical(w), canonical(g)),
                (None, Some(w), Err(g)) => (canonical(w), canonical(g)),
                _ => {
                    failures.push(format!(
                        "{name} / {case_name}: expected {}, got {actual:?}",
                        if m.contains_key("expect") { "a result" } else { "an error" }
                    ));
                    continue;
                }
            };
            if want != got {
                failures.push(format!("{name} / {case_name}:\n  want {want}\n  got  {got}"));
            }
        }
        if bless {
            fs::write(&path, serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{} of {count} vector cases failed:\n{}", failures.len(), failures.join("\n"));
}
