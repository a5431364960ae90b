use super::*;
use crate::{Context, Lead};

fn eval(src: &str, lead: &str) -> bool {
    let c = Condition::compile(src, &|_| Err("none")).unwrap();
    let lead = Lead::from_json(lead).unwrap();
    let ctx = Context::default();
    let scope = Scope { lead: &lead, ctx: &ctx, sla: &|_| Ok(None), known: super::Known::ALL };
    c.test(&scope).unwrap()
}

#[test]
fn depth_is_bounded_before_recursion() {
    let deep = format!("{}true{}", "!(".repeat(40), ")".repeat(40));
    assert_eq!(Condition::compile(&deep, &|_| Err("none")).unwrap_err().code.as_str(), "too_deep");
    let list = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    assert_eq!(Condition::compile(&list, &|_| Err("none")).unwrap_err().code.as_str(), "too_deep");
}

#[test]
fn equality_and_types() {
    let lead = r#"{"status":"a","n":1,"s":"x","t":"2026-01-01T00:00:00Z"}"#;
    assert!(eval("lead.n == 1.0 && lead.none == null && lead.s != 1", lead));
    assert!(!eval("lead.n == '1'", lead));
    assert!(!eval("lead.s < 1 || lead.s > 1", lead));
    assert!(eval("timestamp(lead.t) == '2026-01-01T01:00:00+01:00'", lead));
    assert!(!eval("lead.n", lead), "only exactly true passes");
}
