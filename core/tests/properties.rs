//! Properties over random leads and random sequences of moves.

use proptest::prelude::*;
use relance_core::{Actor, Context, EventLog, KpiOptions, Lead, Partial, Target, Time, Workflow};
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

/// A random event of a small world: 6 leads, the relance statuses and one
/// unknown, 3 actors, times within two months (ties on purpose).
fn event() -> impl Strategy<Value = Value> {
    let statuses = vec!["new", "contacted", "relance", "qualified", "proposal", "closed_won", "closed_lost", "limbo"];
    (
        0u8..6,
        // Half the events on two instants: ties between events of one lead.
        prop_oneof![0i64..60 * 24, prop::sample::select(vec![10 * 24, 10 * 24 + 1])],
        0u8..3,
        prop::sample::select(statuses.clone()),
        prop::sample::select(statuses),
        0u8..4,
        prop::option::of(prop::sample::select(vec!["ana", "bob", "cyd"])),
    )
        .prop_map(|(lead, hour, kind, from, to, outcome, actor)| {
            let at = Time::parse("2026-10-01T00:00:00Z").unwrap().plus(hour * 3_600_000);
            let mut e = json!({"lead": format!("L{lead}"), "at": at, "actor": actor});
            match kind {
                0 => e["type"] = json!("created"),
                1 => {
                    e["type"] = json!("status");
                    e["from"] = json!(from);
                    e["to"] = json!(to);
                }
                _ => {
                    e["type"] = json!("note");
                    if outcome < 3 {
                        e["outcome"] = json!(["positive", "negative", "partial"][outcome as usize]);
                    } else {
                        e["text"] = json!("pas intéressé");
                    }
                }
            }
            e
        })
}

fn kpi_options() -> KpiOptions {
    KpiOptions::from_json(
        r#"{"from": "2026-10-05T00:00:00Z", "to": "2026-11-20T00:00:00Z", "now": "2026-11-25T00:00:00Z",
            "groupBy": ["agent", "hour", "weekday", "day"], "timezone": "America/New_York"}"#,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The report never depends on the order of the events.
    #[test]
    fn any_permutation_gives_the_same_report(
        events in prop::collection::vec(event(), 0..60),
        perm in prop::collection::vec(any::<u32>(), 60),
    ) {
        let wf = Workflow::preset("relance").unwrap();
        let mut shuffled: Vec<(u32, Value)> = events.iter().cloned().zip(perm).map(|(e, k)| (k, e)).collect();
        shuffled.sort_by_key(|(k, _)| *k);
        let shuffled: Vec<Value> = shuffled.into_iter().map(|(_, e)| e).collect();
        let a = serde_json::to_string(&wf.kpis(&Value::from(events).to_string(), &kpi_options()).unwrap()).unwrap();
        let b = serde_json::to_string(&wf.kpis(&Value::from(shuffled).to_string(), &kpi_options()).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Splitting the events by lead into any number of logs, moving each as
    /// bytes and merging gives exactly the single-pass report.
    #[test]
    fn split_export_import_merge_is_one_pass(
        events in prop::collection::vec(event(), 0..60),
        parts in 1usize..5,
    ) {
        let wf = Workflow::preset("relance").unwrap();
        let single = serde_json::to_string(&wf.kpis(&Value::from(events.clone()).to_string(), &kpi_options()).unwrap()).unwrap();
        let mut logs: Vec<EventLog> = (0..parts).map(|_| EventLog::new(&wf)).collect();
        for e in &events {
            let lead: usize = e["lead"].as_str().unwrap()[1..].parse().unwrap();
            logs[lead % parts].push(&e.to_string()).unwrap();
        }
        let mut merged = EventLog::new(&wf);
        for log in &logs {
            merged.merge(&EventLog::from_bytes(&wf, &log.to_bytes()).unwrap()).unwrap();
        }
        let report = serde_json::to_string(&merged.report(&wf, &kpi_options()).unwrap()).unwrap();
        prop_assert_eq!(report, single);
    }

    /// Partitioning the events by lead (in any order within and across
    /// parts), computing each part's partial, moving it as bytes and merging
    /// the partials in any order gives exactly the single-pass report: every
    /// figure, groups, quantiles and warnings included.
    #[test]
    fn partials_merged_in_any_order_are_one_pass(
        events in prop::collection::vec(event(), 0..80),
        parts in 1usize..6,
        perm in prop::collection::vec(any::<u32>(), 80),
        order in prop::collection::vec(any::<u32>(), 6),
    ) {
        let wf = Workflow::preset("relance").unwrap();
        let options = kpi_options();
        let single = serde_json::to_string(&wf.kpis(&Value::from(events.clone()).to_string(), &options).unwrap()).unwrap();
        let mut shuffled: Vec<(u32, Value)> = perm.into_iter().zip(events).collect();
        shuffled.sort_by_key(|(k, _)| *k);
        let mut batches: Vec<Vec<Value>> = vec![Vec::new(); parts];
        for (_, e) in shuffled {
            let lead: usize = e["lead"].as_str().unwrap()[1..].parse().unwrap();
            batches[lead % parts].push(e);
        }
        let mut partials: Vec<(u32, Partial)> = batches
            .into_iter()
            .zip(order)
            .map(|(batch, k)| {
                let mut log = EventLog::new(&wf);
                log.push(&Value::from(batch).to_string()).unwrap();
                let p = log.partial(&wf, &options).unwrap();
                (k, Partial::from_bytes(&wf, &p.to_bytes()).unwrap())
            })
            .collect();
        partials.sort_by_key(|(k, _)| *k);
        let mut it = partials.into_iter().map(|(_, p)| p);
        let mut merged = it.next().unwrap();
        for p in it {
            merged.merge(&p).unwrap();
        }
        let report = serde_json::to_string(&merged.report(&wf).unwrap()).unwrap();
        prop_assert_eq!(report, single);
    }

    /// The impact of a change never depends on the order of the events or
    /// of the leads (docs/SPEC.md §10).
    #[test]
    fn impact_does_not_depend_on_input_order(
        events in prop::collection::vec(partner_move(), 0..40),
        leads in prop::collection::vec(partner_lead(), 0..12),
        perm in prop::collection::vec(any::<u32>(), 52),
    ) {
        let next = Workflow::preset("partner").unwrap();
        let mut def: Value = serde_json::from_str(relance_core::preset_json("partner").unwrap()).unwrap();
        for s in def["statuses"].as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("require");
        }
        let current = Workflow::from_value(def).unwrap();
        let input = |events: &[Value], leads: &[Value]| {
            let v = json!({"now": "2026-12-01T00:00:00Z", "events": events, "leads": leads, "limit": 7,
                           "actors": {"pat": {"roles": ["partner"], "org": "acme"}}, "kpis": {}});
            v.to_string()
        };
        let shuffle = |v: &[Value], keys: &[u32]| {
            let mut k: Vec<(u32, Value)> = keys.iter().copied().zip(v.iter().cloned()).collect();
            k.sort_by_key(|(x, _)| *x);
            k.into_iter().map(|(_, v)| v).collect::<Vec<_>>()
        };
        let (x, y) = (input(&events, &leads), input(&shuffle(&events, &perm), &shuffle(&leads, &perm[40..])));
        let (x, y) = (relance_core::ImpactInput::from_json(&x).unwrap(), relance_core::ImpactInput::from_json(&y).unwrap());
        let a = relance_core::impact(&current, &next, &x).unwrap();
        let b = relance_core::impact(&current, &next, &y).unwrap();
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        prop_assert_eq!(a.history.refused + a.history.undecided <= a.history.moves, true);
    }
}

/// A random move of the partner workflow: a lead of 6, an actor listed or
/// not, with or without `before` (with or without the decline reason).
fn partner_move() -> impl Strategy<Value = Value> {
    let statuses = vec!["pending", "accepted", "declined", "converted", "not_converted", "expired"];
    (
        0u8..6,
        0i64..200,
        prop::sample::select(statuses.clone()),
        prop::sample::select(statuses),
        prop::option::of(prop::sample::select(vec!["pat", "zed"])),
        0u8..4,
        any::<bool>(),
    )
        .prop_map(|(lead, hour, from, to, actor, before, timer)| {
            let at = Time::parse("2026-11-01T00:00:00Z").unwrap().plus(hour * 3_600_000);
            let mut e =
                json!({"lead": format!("P{lead}"), "at": at, "type": "status", "from": from, "to": to, "actor": actor});
            match before {
                0 => {}
                1 => e["before"] = json!({"status": from, "partnerOrg": "acme"}),
                2 => {
                    e["before"] =
                        json!({"status": from, "partnerOrg": "acme", "declineReason": "r", "opportunityId": "o"})
                }
                _ => e["before"] = json!({"status": from, "partnerOrg": "globex", "reservedBy": "zed"}),
            }
            if timer && hour % 5 == 0 {
                e["timer"] = json!("expiry");
            }
            e
        })
}

/// A random stored lead of the partner workflow.
fn partner_lead() -> impl Strategy<Value = Value> {
    (0u8..9, prop::sample::select(vec!["pending", "accepted", "declined", "converted", "gone"]), any::<bool>())
        .prop_map(|(id, status, reason)| {
            let mut l = json!({"id": format!("P{id}"), "status": status, "partnerOrg": "acme",
                               "createdAt": "2026-11-01T00:00:00Z", "statusSince": "2026-11-01T00:00:00Z"});
            if reason {
                l["declineReason"] = json!("budget");
            }
            l
        })
}
