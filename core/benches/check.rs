//! `check` on the `relance` preset (budget: at least 1 million per second),
//! with `apply` and `options` for scale. Run: cargo bench -p relance-core
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use relance_core::{Actor, Context, Lead, Target, Time, Workflow};

fn bench(c: &mut Criterion) {
    let wf = Workflow::preset("relance").unwrap();
    let lead =
        Lead::from_json(r#"{"id":"R-1","status":"contacted","name":"Camille","email":"c@example.fr","tags":["hot"]}"#)
            .unwrap();
    let ctx = Context::at(Time::parse("2026-11-22T09:00:00Z").unwrap()).with_actor(Actor::new("ana", &["agent"], None));
    let to = Target::status("qualified");
    let partner = Workflow::preset("partner").unwrap();
    let plead = Lead::from_json(r#"{"id":"P-1","status":"pending","partnerOrg":"acme"}"#).unwrap();
    let pctx = Context::at(Time::parse("2026-11-22T09:00:00Z").unwrap()).with_actor(Actor::new(
        "pat",
        &["partner"],
        Some("acme"),
    ));
    let accept = Target::action("accept");

    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Elements(1));
    g.bench_function("relance contacted->qualified", |b| {
        b.iter(|| wf.check(black_box(&lead), black_box(&to), &ctx).unwrap())
    });
    g.bench_function("partner accept (guarded)", |b| {
        b.iter(|| partner.check(black_box(&plead), black_box(&accept), &pctx).unwrap())
    });
    let (lead_json, to_json, ctx_json) = (
        r#"{"id":"P-1","status":"pending","partnerOrg":"acme","name":"Acme deal"}"#,
        r#"{"action":"accept"}"#,
        r#"{"actor":{"id":"pat","roles":["partner"],"org":"acme"},"now":"2026-11-22T09:00:00Z"}"#,
    );
    g.bench_function("partner accept from JSON text to JSON text (one wasm call's work)", |b| {
        b.iter(|| {
            let d = partner
                .check(
                    &Lead::from_json(black_box(lead_json)).unwrap(),
                    &Target::from_json(to_json).unwrap(),
                    &Context::from_json(ctx_json).unwrap(),
                )
                .unwrap();
            serde_json::to_string(&d).unwrap()
        })
    });
    g.bench_function("baseline: Lead::from_json", |b| {
        b.iter(|| Lead::from_json(black_box(r#"{"id":"R-1","status":"contacted"}"#)).unwrap())
    });
    g.finish();
    c.bench_function("apply relance contacted->qualified", |b| {
        b.iter(|| wf.apply(black_box(&lead), &to, &ctx).unwrap())
    });
    c.bench_function("options relance", |b| b.iter(|| wf.options(black_box(&lead), &ctx).unwrap()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
