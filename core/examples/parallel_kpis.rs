//! A KPI report computed across threads: the events are split by lead, each
//! thread builds its own `EventLog`, the logs travel as bytes (as they would
//! between workers or machines) and merge into exactly the single-pass report.
//!
//! Run: cargo run --release -p relance-core --example parallel_kpis [events]

use std::time::Instant;

use rayon::prelude::*;
use relance_core::{EventLog, KpiOptions, Workflow};

/// NDJSON events: `n` events over leads walking the relance pipeline.
fn events(n: usize) -> Vec<String> {
    let path = ["new", "contacted", "relance", "contacted", "qualified", "proposal", "negotiation", "closed_won"];
    let mut out = Vec::with_capacity(n);
    let mut lead = 0;
    while out.len() < n {
        let t0 = 1_767_225_600_000_i64 + (lead as i64 % 360) * 86_400_000;
        out.push(format!(r#"{{"lead":"L{lead}","at":{t0},"type":"created","actor":"a{}"}}"#, lead % 7));
        for s in 1..=(lead % 7 + 1) {
            let at = t0 + s as i64 * 3_600_000;
            out.push(format!(
                r#"{{"lead":"L{lead}","at":{at},"type":"status","from":"{}","to":"{}","actor":"a{}"}}"#,
                path[s - 1],
                path[s],
                (lead + s) % 7
            ));
            out.push(format!(
                r#"{{"lead":"L{lead}","at":{},"type":"note","outcome":"partial","actor":"a{}"}}"#,
                at + 60_000,
                s % 7
            ));
        }
        lead += 1;
    }
    out.truncate(n);
    out
}

fn main() -> Result<(), relance_core::Error> {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let wf = Workflow::preset("relance")?;
    let options = KpiOptions::from_json(r#"{"groupBy": ["agent", "hour", "weekday", "day"]}"#)?;
    let lines = events(n);

    let t = Instant::now();
    let single = wf.kpis(&lines.join("\n"), &options)?;
    println!("one pass:   {n} events in {:?}", t.elapsed());

    let t = Instant::now();
    let threads = rayon::current_num_threads().max(2);
    // Partitioned by lead, as a distributed engine would partition its stream.
    let parts: Vec<Vec<u8>> = (0..threads)
        .into_par_iter()
        .map(|k| {
            let mut log = EventLog::new(&wf);
            let mine: Vec<&str> = lines
                .iter()
                .filter(|l| {
                    l[10..].split('"').next().and_then(|id| id.parse::<usize>().ok()).unwrap_or(0) % threads == k
                })
                .map(String::as_str)
                .collect();
            log.push(&mine.join("\n")).map(|()| log.to_bytes())
        })
        .collect::<Result<_, _>>()?;
    let mut merged = EventLog::new(&wf);
    for bytes in &parts {
        merged.merge(&EventLog::from_bytes(&wf, bytes)?)?;
    }
    let report = merged.report(&wf, &options)?;
    println!(
        "{threads} threads: {n} events in {:?} ({} bytes moved)",
        t.elapsed(),
        parts.iter().map(Vec::len).sum::<usize>()
    );

    let same = serde_json::to_string(&report).ok() == serde_json::to_string(&single).ok();
    println!("the merged report equals the single pass: {same}");
    assert!(same);
    Ok(())
}
