//! Conditions: any text as a rule's `when` is compiled at load (or refused
//! with a column) and, when it loads, evaluated against a lead with values of
//! every type, natively and without exhausting the stack.
#![no_main]
use libfuzzer_sys::fuzz_target;
use relance_core::{Context, Lead, Target, Workflow};

const LEAD: &str = r#"{"id": "L1", "status": "a", "n": 1, "f": 2.5, "s": "x", "t": "2026-11-22T09:00:00Z",
  "list": [1, "a", null, [2]], "obj": {"a": {"b": [1, 2]}}, "b": true, "nul": null,
  "tags": ["vip", "x"], "createdAt": "2026-11-20T09:00:00Z", "statusSince": "2026-11-21T09:00:00Z"}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(cond) = std::str::from_utf8(data) else { return };
    let def = serde_json::json!({
        "id": "fuzz",
        "statuses": [{"id": "a", "category": "open", "initial": true}, {"id": "b", "category": "open"}],
        "transitions": [{"from": "a", "to": "b", "when": cond}],
        "timers": [{"id": "t", "status": "*", "after": "1h", "metBy": "calledAt"}],
        "tagRules": [{"when": cond, "add": ["fuzzed"]}],
    });
    let Ok(wf) = Workflow::from_value(def) else { return };
    let lead = Lead::from_json(LEAD).expect("the lead loads");
    let ctx = Context::from_json(r#"{"now": "2026-11-23T09:00:00Z", "actor": {"id": "op", "roles": ["a"], "org": "o"},
        "input": {"x": 1}}"#)
    .expect("the context loads");
    let _ = wf.check(&lead, &Target::status("b"), &ctx);
    let _ = wf.apply(&lead, &Target::status("b"), &ctx);
    let _ = wf.check(&lead, &Target::status("b"), &Context::default());
});
