//! The metric set over a generated store's rollup.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use uptake_metrics::{ActivityFilter, ActivityIndex, Period, Windows, population, refresh_rollup};

fn metrics(c: &mut Criterion) {
    let f = common::fixture();
    refresh_rollup(&f.store).expect("rollup");
    let roster = f.store.read_roster().expect("roster").expect("a roster");
    let mut g = c.benchmark_group("metrics");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Elements(f.events));
    g.bench_function("load_rollup", |b| {
        b.iter(|| ActivityIndex::load(&f.store, &ActivityFilter::default()).expect("load"))
    });
    let activity = ActivityIndex::load(&f.store, &ActivityFilter::default()).expect("load");
    let as_of = activity.last_day().expect("events");
    let members = population(&roster, &activity, &["department".to_string()]).expect("population");
    let w = Windows::default();
    g.bench_function("daily", |b| {
        b.iter(|| uptake_metrics::daily(&activity, &members, as_of, 28))
    });
    g.bench_function("summary_by_department", |b| {
        b.iter(|| uptake_metrics::summary(&members, as_of, &w, true))
    });
    g.bench_function("ghosts", |b| {
        b.iter(|| uptake_metrics::ghosts(&members, as_of, &w))
    });
    g.bench_function("lifecycle_week", |b| {
        b.iter(|| {
            uptake_metrics::lifecycle(activity.days.iter().map(Vec::as_slice), Period::Week, as_of)
        })
    });
    g.bench_function("activation", |b| {
        b.iter(|| uptake_metrics::activation(&members, as_of, &w, true))
    });
    g.bench_function("retention_week", |b| {
        b.iter(|| {
            uptake_metrics::cohorts(
                activity.days.iter().map(Vec::as_slice),
                Period::Week,
                as_of,
                12,
            )
        })
    });
    g.bench_function("segments", |b| {
        b.iter(|| uptake_metrics::segments(&members, as_of, &w, true))
    });
    g.bench_function("breadth", |b| {
        b.iter(|| uptake_metrics::breadth(&members, as_of, &w, true))
    });
    g.finish();
}

criterion_group!(benches, metrics);
criterion_main!(benches);
