//! Ingest of the canonical event files of a generated organisation, CSV and Parquet: the
//! row parser alone (`GenericSource::parse`), the reader by columns that ingest uses for
//! both (`GenericSource::columns`, drained), and the whole ingest into an
//! empty store (read, dedupe against the store, write the day partitions), in bytes per
//! second of the file.
//! Scale with `UPTAKE_BENCH_PEOPLE` and `UPTAKE_BENCH_DAYS` (defaults 1,000 people, 120
//! days).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uptake_generate::{GenerateOptions, OutputFormat, generate};
use uptake_ingest::{GenericSource, IngestOptions, Source, ingest};
use uptake_store::Store;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn canonical_ingest(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut o = GenerateOptions::new(dir.path());
    o.people = env("UPTAKE_BENCH_PEOPLE", 1_000);
    o.days = env("UPTAKE_BENCH_DAYS", 120) as u32;
    o.formats = vec![OutputFormat::Csv, OutputFormat::Parquet];
    let summary = generate(&o).expect("generate");
    let mut g = c.benchmark_group("canonical_ingest");
    g.sample_size(10);
    let source = GenericSource::default();
    for file in ["events.csv", "events.parquet"] {
        let path = dir.path().join(file);
        let bytes = std::fs::metadata(&path).expect("size").len();
        eprintln!("{file}: {bytes} bytes, {} events", summary.events);
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function(format!("parse/{file}"), |b| {
            b.iter(|| source.parse(&path).expect("parse"))
        });
        g.bench_function(format!("columns/{file}"), |b| {
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
        g.bench_function(format!("ingest/{file}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("store dir"),
                |store_dir| {
                    let store = Store::open(store_dir.path()).expect("store");
                    ingest(
                        &store,
                        &source,
                        std::slice::from_ref(&path),
                        &IngestOptions::default(),
                    )
                    .expect("ingest");
                    store_dir
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, canonical_ingest);
criterion_main!(benches);
