//! Properties over random leads and random sequences of moves.

use proptest::prelude::*;
use relance_core::{Actor, Context, Lead, Target, Time, Workflow};
use serde_json::{json, Value};

fn custom_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        "[a-zé ]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4).prop_map(|m| json!(m))
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// apply succeeds exactly when check allows, and every custom field
    /// survives any sequence of applied moves.
    #[test]
    fn apply_iff_check_and_custom_fields_survive(
        preset in prop::sample::select(vec!["relance", "remonline", "partner", "leadflow", "onelead"]),
        custom in prop::collection::btree_map("c[a-z]{1,6}", custom_value(), 0..5),
        moves in prop::collection::vec((0usize..16, any::<bool>()), 1..12),
    ) {
        let wf = Workflow::preset(preset).unwrap();
        let ids: Vec<String> = wf.statuses(None).into_iter().map(|s| s.id).collect();
        let mut obj = serde_json::Map::new();
        obj.insert("id".into(), json!("L"));
        obj.insert("status".into(), json!(ids[0]));
        obj.insert("partnerOrg".into(), json!("acme"));
        for (k, v) in &custom {
            obj.insert(k.clone(), v.clone());
        }
        let mut lead = Lead::from_json(&Value::Object(obj).to_string()).unwrap();
        let actor = Actor::new("u1", &["partner", "operator"], Some("acme"));
        let now = Time::parse("2026-11-22T09:00:00Z").unwrap();
        for (pick, with_input) in moves {
            let to = Target::status(ids[pick % ids.len()].clone());
            let mut ctx = Context::at(now).with_actor(actor.clone());
            if with_input {
                ctx = ctx.with_input(r#"{"declineReason":"r","opportunityId":"o","orderId":"x","saleId":"y"}"#).unwrap();
            }
            let allowed = wf.check(&lead, &to, &ctx).unwrap().allowed;
            match wf.apply(&lead, &to, &ctx) {
                Ok(change) => {
                    prop_assert!(allowed, "apply succeeded where check refused");
                    lead = change.lead;
                }
                Err(e) => {
                    prop_assert!(!allowed, "apply failed where check allowed: {e}");
                    prop_assert_eq!(e.code(), relance_core::ErrorCode::TransitionDenied);
                }
            }
            let now_json: Value = serde_json::from_str(&lead.to_json()).unwrap();
            for (k, v) in &custom {
                prop_assert_eq!(&now_json[k], v, "custom field {} changed", k);
            }
        }
    }
}
