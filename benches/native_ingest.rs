//! Parsing native exports of a generated organisation: the Slack export .zip (row by
//! row, and by columns as an ingest reads it) and the Microsoft 365 audit CSV, in bytes
//! per second of the export as delivered (Slack's zip is
//! compressed; its JSON is about 8 times larger). Scale with `UPTAKE_BENCH_PEOPLE` and
//! `UPTAKE_BENCH_DAYS` (defaults 1,000 people, 120 days).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use uptake_generate::{GenerateOptions, OutputFormat, generate};
use uptake_ingest::{M365AuditSource, SlackSource, Source};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn native_ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut o = GenerateOptions::new(dir.path());
    o.people = env("UPTAKE_BENCH_PEOPLE", 1_000);
    o.days = env("UPTAKE_BENCH_DAYS", 120) as u32;
    let mut g = c.benchmark_group("native_ingest");
    g.sample_size(10);
    for (format, file, source) in [
        (
            OutputFormat::Slack,
            "slack-export.zip",
            Box::new(SlackSource) as Box<dyn Source>,
        ),
        (
            OutputFormat::M365Audit,
            "m365-audit.csv",
            Box::new(M365AuditSource),
        ),
    ] {
        o.formats = vec![format];
        let summary = generate(&o).expect("generate");
        let path = dir.path().join(file);
        let bytes = std::fs::metadata(&path).expect("size").len();
        eprintln!(
            "{file}: {bytes} bytes, {} events + {} bot events",
            summary.events, summary.bot_events
        );
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(source.name().to_string(), |b| {
            b.iter(|| source.parse(&path).expect("parse"))
        });
        // What an ingest reads the export with, when the source has a reader by columns.
        if source.columns(&path).expect("open").is_some() {
            g.bench_function(format!("{}/columns", source.name()), |b| {
                b.iter(|| {
                    let mut reader = source
                        .columns(&path)
                        .expect("open")
                        .expect("a reader by columns");
                    let mut rows = 0;
                    while let Some(batch) = reader.next_batch().expect("batch") {
                        rows += batch.frame.height();
                    }
                    rows
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, native_ingest);
criterion_main!(benches);
