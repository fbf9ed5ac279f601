//! The daily rollup over a generated store: one day, and a full recompute.

mod common;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use uptake_metrics::refresh_rollup;

fn rollup(c: &mut Criterion) {
    let f = common::fixture();
    let days = f.store.days().expect("days");
    let busiest = days[days.len() / 2];
    let mut g = c.benchmark_group("rollup");
    g.sample_size(10);
    g.bench_function("one_day", |b| {
        b.iter(|| uptake_metrics::rollup_day(&f.store, busiest).expect("rollup"))
    });
    g.throughput(Throughput::Elements(f.events));
    g.bench_function("full_recompute", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(f.store.rollup_dir());
            },
            |_| refresh_rollup(&f.store).expect("refresh"),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, rollup);
criterion_main!(benches);
