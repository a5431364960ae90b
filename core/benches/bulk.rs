//! The bulk operations natively: `due` over 100,000 leads with three timers
//! each, `queue` with a search over 100,000 leads, `classify` on 10,000 notes,
//! and the KPI report over 1 million events (from NDJSON text, and from a log
//! already read). Run: cargo bench -p relance-core --bench bulk
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use relance_core::{Context, EventLog, KpiOptions, Lead, QueueOptions, Workflow};

/// A workflow with three timers on every open status.
const THREE_TIMERS: &str = r#"{"id": "bench", "timezone": "Europe/Paris",
  "statuses": [{"id": "new", "category": "open", "initial": true}, {"id": "working", "category": "open"},
               {"id": "won", "category": "won"}, {"id": "lost", "category": "lost"}],
  "transitions": [{"from": "*", "to": ["working", "won", "lost"]}],
  "calendars": {"office": {"week": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"],
                                    "thu": ["09:00-18:00"], "fri": ["09:00-18:00"]}}},
  "timers": [
    {"id": "callback", "status": "*", "after": "2h", "since": "createdAt", "metBy": "calledAt", "calendar": "office"},
    {"id": "attention", "status": "working", "after": "72h", "then": {"alert": "attention", "addTags": ["late"]}},
    {"id": "expiry", "status": "*", "deadlineField": "expiresAt", "then": {"moveTo": "lost"}}],
  "tagRules": [{"when": "sla(\"callback\") == \"breached\"", "add": ["not-called"]}]}"#;

fn leads(n: usize) -> String {
    let mut s = String::from("[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let status = ["new", "working"][i % 2];
        let day = 1 + i % 28;
        s.push_str(&format!(
            r#"{{"id":"L{i}","name":"Lead {i} Dupont","email":"l{i}@example.fr","phone":"+33 6 {:02} {:02} {:02} {:02}","status":"{status}","createdAt":"2026-11-{day:02}T09:00:00Z","statusSince":"2026-11-{day:02}T10:00:00Z","expiresAt":"2026-12-{day:02}T00:00:00Z","notesCount":{}}}"#,
            i % 100,
            (i / 100) % 100,
            (i / 10_000) % 100,
            i % 97,
            i % 3
        ));
    }
    s.push(']');
    s
}

fn events(n: usize) -> String {
    let path = ["new", "contacted", "relance", "contacted", "qualified", "proposal", "negotiation", "closed_won"];
    let mut out = String::with_capacity(n * 110);
    let (mut count, mut lead) = (0, 0);
    while count < n {
        let t0 = 1_767_225_600_000_i64 + (lead as i64 % 360) * 86_400_000;
        out.push_str(&format!(
            "{{\"lead\":\"L{lead}\",\"at\":{t0},\"type\":\"created\",\"actor\":\"a{}\"}}\n",
            lead % 7
        ));
        count += 1;
        for s in 1..=(lead % 7 + 1) {
            let at = t0 + s as i64 * 3_600_000;
            out.push_str(&format!(
                "{{\"lead\":\"L{lead}\",\"at\":{at},\"type\":\"status\",\"from\":\"{}\",\"to\":\"{}\",\"actor\":\"a{}\"}}\n",
                path[s - 1],
                path[s],
                (lead + s) % 7
            ));
            out.push_str(&format!(
                "{{\"lead\":\"L{lead}\",\"at\":{},\"type\":\"note\",\"outcome\":\"partial\",\"actor\":\"a{}\"}}\n",
                at + 60_000,
                s % 7
            ));
            count += 2;
        }
        lead += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let wf = Workflow::from_json(THREE_TIMERS).unwrap();
    let text = leads(100_000);
    let list = Lead::list_from_json(&text).unwrap();
    let ctx = Context::from_json(r#"{"now": "2026-11-20T12:00:00Z", "actor": {"id": "op1", "roles": ["operator"]}}"#)
        .unwrap();
    let mut g = c.benchmark_group("bulk");
    g.sample_size(10);
    g.bench_function("due: 100,000 leads x 3 timers (leads already read)", |b| {
        b.iter(|| wf.due(black_box(&list), &ctx).unwrap().len())
    });
    g.bench_function("due: 100,000 leads x 3 timers, from JSON text", |b| {
        b.iter(|| wf.due(&Lead::list_from_json(black_box(&text)).unwrap(), &ctx).unwrap().len())
    });
    let search = QueueOptions::from_json(r#"{"search": "06 12 34", "limit": 50}"#).unwrap();
    g.bench_function("queue: 100,000 leads, phone search, limit 50", |b| {
        b.iter(|| wf.queue(black_box(&list), &ctx, &search).unwrap().len())
    });
    let all = QueueOptions::default();
    g.bench_function("queue: 100,000 leads, full order", |b| {
        b.iter(|| wf.queue(black_box(&list), &ctx, &all).unwrap().len())
    });
    let leadflow = Workflow::preset("leadflow").unwrap();
    let notes: Vec<String> = (0..10_000)
        .map(|i| {
            [
                "Rappelé ce matin, pas intéressé par l'offre.",
                "Very interested, send a quote!",
                "No answer, left a voicemail; call back tomorrow.",
                "Client intéressé, rendez-vous pris jeudi.",
            ][i % 4]
                .to_owned()
        })
        .collect();
    g.bench_function("classify: 10,000 notes (every locale)", |b| {
        b.iter(|| {
            notes.iter().filter(|n| leadflow.classify(black_box(n), None) == relance_core::Outcome::Negative).count()
        })
    });
    let relance = Workflow::preset("relance").unwrap();
    let ndjson = events(1_000_000);
    let options = KpiOptions::from_json(r#"{"groupBy": ["agent", "hour", "weekday", "day"]}"#).unwrap();
    g.bench_function("kpis: 1,000,000 events from NDJSON text", |b| {
        b.iter(|| relance.kpis(black_box(&ndjson), &options).unwrap().leads)
    });
    let mut log = EventLog::new(&relance);
    log.push(&ndjson).unwrap();
    g.bench_function("kpis: report over 1,000,000 events already in a log", |b| {
        b.iter(|| log.report(&relance, black_box(&options)).unwrap().leads)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
