//! The rollup through a real store: its counts, the level and tool filters, time zones,
//! and incremental refresh.

use chrono::NaiveDate;
use uptake_metrics::{
    ActivityFilter, ActivityIndex, DayFiles, Level, LocalEngine, RollupEngine, day_of,
    refresh_rollup, refresh_rollup_on,
};
use uptake_store::{Activity, Client, EventBatch, EventRow, RunCounts, RunRecord, Store};

fn event(id: &str, ts: &str, person: &str, tool: &str, activity: Activity) -> EventRow {
    let ts_us = chrono::DateTime::parse_from_rfc3339(ts)
        .unwrap()
        .timestamp_micros();
    EventRow {
        ts_us,
        person: person.into(),
        tool: tool.into(),
        action: activity.as_str().into(),
        activity,
        category: activity.default_category(tool),
        client: Client::Unknown,
        channel: None,
        event_id: id.into(),
        counterparts: vec![],
    }
}

fn commit(store: &Store, batch: &str, events: Vec<EventRow>) {
    let mut by_day: std::collections::BTreeMap<NaiveDate, EventBatch> = Default::default();
    for e in events {
        by_day.entry(e.day()).or_default().push(e);
    }
    let mut tx = store.begin(batch).unwrap();
    for (d, b) in &by_day {
        tx.write_day(*d, b).unwrap();
    }
    tx.commit(RunRecord {
        batch: batch.into(),
        source: "test".into(),
        started_at: chrono::Utc::now(),
        finished_at: chrono::Utc::now(),
        files: vec![],
        counts: RunCounts::default(),
        tools: vec![],
        ts_min: None,
        ts_max: None,
        days: by_day.keys().copied().collect(),
        rejects: None,
    })
    .unwrap();
}

fn days_of(idx: &ActivityIndex, person: &str) -> Vec<(String, u32)> {
    idx.get(person)
        .unwrap_or(&[])
        .iter()
        .map(|d| (uptake_metrics::date_of(d.day).to_string(), d.events))
        .collect()
}

#[test]
fn filters_levels_zones_and_increments() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    commit(
        &store,
        "b1",
        vec![
            event("1", "2024-03-01T09:00:00Z", "p1", "teams", Activity::Post),
            event("2", "2024-03-01T09:05:00Z", "p1", "teams", Activity::React),
            event(
                "3",
                "2024-03-02T10:00:00Z",
                "p1",
                "sharepoint",
                Activity::View,
            ),
            event(
                "4",
                "2024-03-01T23:30:00Z",
                "p2",
                "sharepoint",
                Activity::Edit,
            ),
        ],
    );
    let r = refresh_rollup(&store).unwrap();
    assert_eq!(r.days.len(), 2);
    // (p1, 03-01, teams, messaging), (p1, 03-02, sharepoint, documents), (p2, 03-01, sharepoint, documents).
    assert_eq!(r.rows, 3);

    let load = |tool: Option<&str>, level: Level, tz: Option<&str>| {
        ActivityIndex::load(
            &store,
            &ActivityFilter {
                tool: tool.map(str::to_string),
                level,
                tz: tz.map(str::to_string),
            },
        )
        .unwrap()
    };
    let all = load(None, Level::Active, None);
    assert_eq!(
        days_of(&all, "p1"),
        vec![("2024-03-01".into(), 2), ("2024-03-02".into(), 1)]
    );
    assert_eq!(days_of(&all, "p2"), vec![("2024-03-01".into(), 1)]);
    let contributing = load(None, Level::Contributing, None);
    assert_eq!(
        days_of(&contributing, "p1"),
        vec![("2024-03-01".into(), 1)],
        "post counts, react and view do not"
    );
    assert_eq!(days_of(&contributing, "p2"), vec![("2024-03-01".into(), 1)]);
    let sharepoint = load(Some("sharepoint"), Level::Active, None);
    assert_eq!(days_of(&sharepoint, "p1"), vec![("2024-03-02".into(), 1)]);
    // 23:30 UTC on 1 March is 00:30 on 2 March in Paris.
    let paris = load(None, Level::Active, Some("Europe/Paris"));
    assert_eq!(days_of(&paris, "p2"), vec![("2024-03-02".into(), 1)]);
    assert_eq!(days_of(&paris, "p1"), days_of(&all, "p1"));

    // Nothing new: nothing recomputed. A new batch touching 03-02 only recomputes 03-02.
    assert!(refresh_rollup(&store).unwrap().days.is_empty());
    commit(
        &store,
        "b2",
        vec![event(
            "5",
            "2024-03-02T11:00:00Z",
            "p2",
            "teams",
            Activity::Call,
        )],
    );
    let r = refresh_rollup(&store).unwrap();
    assert_eq!(r.days, vec![NaiveDate::from_ymd_opt(2024, 3, 2).unwrap()]);
    let all = load(None, Level::Active, None);
    assert_eq!(
        days_of(&all, "p2"),
        vec![("2024-03-01".into(), 1), ("2024-03-02".into(), 1)]
    );
    assert_eq!(
        all.last_day(),
        Some(day_of(NaiveDate::from_ymd_opt(2024, 3, 2).unwrap()))
    );
}

#[test]
fn unknown_zone_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    commit(
        &store,
        "b1",
        vec![event(
            "1",
            "2024-03-01T09:00:00Z",
            "p1",
            "teams",
            Activity::Post,
        )],
    );
    let err = ActivityIndex::load(
        &store,
        &ActivityFilter {
            tz: Some("Mars/Olympus".into()),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown time zone `Mars/Olympus`"), "{err}");
}

#[test]
fn identity_map_reattributes_history_without_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    commit(
        &store,
        "b1",
        vec![
            event(
                "1",
                "2024-03-01T09:00:00Z",
                "trello:ana",
                "trello",
                Activity::Edit,
            ),
            event(
                "2",
                "2024-03-01T10:00:00Z",
                "ana@x.org",
                "teams",
                Activity::Post,
            ),
            event(
                "3",
                "2024-03-02T10:00:00Z",
                "trello:ana",
                "trello",
                Activity::Create,
            ),
        ],
    );
    refresh_rollup(&store).unwrap();
    let idx = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    assert_eq!(
        days_of(&idx, "trello:ana"),
        [("2024-03-01".into(), 1), ("2024-03-02".into(), 1)]
    );
    assert_eq!(days_of(&idx, "ana@x.org"), [("2024-03-01".into(), 1)]);

    let mut map = uptake_store::IdentityMap::default();
    map.aliases.insert("trello:ana".into(), "ana@x.org".into());
    store
        .write_identities(&map, std::path::Path::new("ids.csv"), "x")
        .unwrap();
    // No new ingest run: the changed map alone recomputes both days.
    assert_eq!(refresh_rollup(&store).unwrap().days.len(), 2);
    let idx = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    assert!(idx.get("trello:ana").is_none());
    assert_eq!(
        days_of(&idx, "ana@x.org"),
        [("2024-03-01".into(), 2), ("2024-03-02".into(), 1)]
    );
    assert!(refresh_rollup(&store).unwrap().days.is_empty());
}

/// Every file under the rollup folder with its bytes, to tell whether a refresh changed it.
fn rollup_files(store: &Store) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(
        dir: &std::path::Path,
        root: &std::path::Path,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                let key = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(key, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = Default::default();
    walk(&store.rollup_dir(), &store.rollup_dir(), &mut out);
    out
}

/// An engine computing as polars does, one day per call, that fails on call `fail_on`
/// (from 1), or never; `reorder` returns the columns reversed and the counts as Int64,
/// as a remote engine may.
struct TestEngine {
    calls: std::cell::Cell<usize>,
    fail_on: usize,
    reorder: bool,
}

impl TestEngine {
    fn new(fail_on: usize, reorder: bool) -> TestEngine {
        TestEngine {
            calls: Default::default(),
            fail_on,
            reorder,
        }
    }

    fn refresh(&self, store: &Store) -> uptake_metrics::Result<uptake_metrics::RollupRefresh> {
        refresh_rollup_on(store, &*uptake_store::ProgressHandle::default(), self)
    }
}

impl RollupEngine for TestEngine {
    fn name(&self) -> String {
        "test".into()
    }
    fn chunk_bytes(&self) -> u64 {
        1
    }
    fn rollup(
        &self,
        days: &[DayFiles],
        identities: &polars::prelude::DataFrame,
    ) -> uptake_metrics::Result<polars::prelude::DataFrame> {
        use polars::prelude::*;
        self.calls.set(self.calls.get() + 1);
        if self.calls.get() == self.fail_on {
            return Err(uptake_metrics::Error::Engine {
                engine: "test".into(),
                message: "the cluster went away".into(),
            });
        }
        let df = LocalEngine.rollup(days, identities)?;
        if !self.reorder {
            return Ok(df);
        }
        let names: Vec<PlSmallStr> = df.get_column_names().into_iter().rev().cloned().collect();
        Ok(df
            .lazy()
            .select(
                names
                    .into_iter()
                    .map(|n| {
                        if n == "events" || n == "contributing" {
                            col(n).cast(DataType::Int64)
                        } else {
                            col(n)
                        }
                    })
                    .collect::<Vec<_>>(),
            )
            .collect()
            .unwrap())
    }
}

#[test]
fn an_engine_failing_half_way_leaves_the_rollup_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let day1 = vec![event(
        "1",
        "2024-03-01T09:00:00Z",
        "p1",
        "teams",
        Activity::Post,
    )];
    commit(&store, "b1", day1);
    refresh_rollup(&store).unwrap();
    let before = rollup_files(&store);
    // Three new days, one per call: the second call fails after the first day was computed.
    commit(
        &store,
        "b2",
        vec![
            event("2", "2024-03-01T10:00:00Z", "p2", "teams", Activity::Post),
            event("3", "2024-03-02T10:00:00Z", "p2", "teams", Activity::Post),
            event("4", "2024-03-03T10:00:00Z", "p2", "teams", Activity::Post),
        ],
    );
    let failing = TestEngine::new(2, false);
    let err = failing.refresh(&store).unwrap_err();
    assert_eq!(err.to_string(), "test: the cluster went away");
    assert_eq!(failing.calls.get(), 2);
    assert_eq!(
        rollup_files(&store),
        before,
        "nothing staged is left, nothing moved in"
    );
    // The next refresh still sees the three days as stale.
    assert_eq!(refresh_rollup(&store).unwrap().days.len(), 3);
}

#[test]
fn rows_from_another_engine_are_stored_as_polars_stores_them() {
    let events = vec![
        event("1", "2024-03-01T09:00:00Z", "p1", "teams", Activity::Post),
        event("2", "2024-03-01T09:05:00Z", "p1", "teams", Activity::React),
        event(
            "3",
            "2024-03-02T10:00:00Z",
            "p2",
            "sharepoint",
            Activity::Edit,
        ),
    ];
    // (p1, 03-01, teams, messaging): 2 events, 1 contributing (the post);
    // (p2, 03-02, sharepoint, documents): 1 and 1.
    let local = tempfile::tempdir().unwrap();
    let local = Store::open(local.path()).unwrap();
    commit(&local, "b1", events.clone());
    refresh_rollup(&local).unwrap();
    let other = tempfile::tempdir().unwrap();
    let other = Store::open(other.path()).unwrap();
    commit(&other, "b1", events);
    let engine = TestEngine::new(0, true);
    let r = engine.refresh(&other).unwrap();
    assert_eq!(
        (r.days.len(), r.rows, r.engine.as_deref()),
        (2, 2, Some("test"))
    );
    assert_eq!(engine.calls.get(), 2, "one call per day at 1 byte a chunk");
    let read = |s: &Store| {
        uptake_metrics::scan_rollup(s)
            .unwrap()
            .unwrap()
            .collect()
            .unwrap()
    };
    let (a, b) = (read(&local), read(&other));
    assert_eq!(a.schema(), b.schema());
    assert!(a.equals_missing(&b), "{a}\n{b}");
}

/// The `activity-*` files of the rollup folder, by name.
fn saved_index_files(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.rollup_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("activity-"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_index_saved_with_the_rollup_is_the_one_built_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    commit(
        &store,
        "b1",
        vec![
            event("1", "2024-03-02T09:00:00Z", "p1", "teams", Activity::Post),
            event(
                "2",
                "2024-03-01T09:05:00Z",
                "p1",
                "sharepoint",
                Activity::Edit,
            ),
            event("3", "2024-03-01T10:00:00Z", "p1", "teams", Activity::React),
            event("4", "2024-03-01T23:30:00Z", "p2", "teams", Activity::Call),
        ],
    );
    refresh_rollup(&store).unwrap();
    let first = saved_index_files(&store);
    assert_eq!(first.len(), 2, "{first:?}");
    let saved = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    for name in &first {
        std::fs::remove_file(store.rollup_dir().join(name)).unwrap();
    }
    let built = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    assert_eq!(saved.persons, built.persons);
    assert_eq!(saved.days, built.days);
    // By hand: p1 on 03-01 (two events, documents and messaging) and 03-02; p2 on 03-01.
    assert_eq!(
        days_of(&saved, "p1"),
        vec![("2024-03-01".into(), 2), ("2024-03-02".into(), 1)]
    );
    assert_eq!(saved.get("p1").unwrap()[0].categories.count_ones(), 2);
    assert_eq!(days_of(&saved, "p2"), vec![("2024-03-01".into(), 1)]);

    // A later refresh saves the index of the new rollup and removes the earlier files.
    commit(
        &store,
        "b2",
        vec![event(
            "5",
            "2024-03-03T08:00:00Z",
            "p3",
            "teams",
            Activity::Post,
        )],
    );
    refresh_rollup(&store).unwrap();
    let second = saved_index_files(&store);
    assert_eq!(second.len(), 2);
    assert!(second.iter().all(|n| !first.contains(n)), "{second:?}");
    let idx = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    assert_eq!(days_of(&idx, "p3"), vec![("2024-03-03".into(), 1)]);
    assert_eq!(
        days_of(&idx, "p1"),
        vec![("2024-03-01".into(), 2), ("2024-03-02".into(), 1)]
    );

    // Files saved for an earlier state are not read, even when they are all there is.
    let kept = dir.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    for name in &second {
        std::fs::copy(store.rollup_dir().join(name), kept.join(name)).unwrap();
    }
    commit(
        &store,
        "b3",
        vec![event(
            "6",
            "2024-03-04T08:00:00Z",
            "p4",
            "teams",
            Activity::Post,
        )],
    );
    refresh_rollup(&store).unwrap();
    for name in saved_index_files(&store) {
        std::fs::remove_file(store.rollup_dir().join(name)).unwrap();
    }
    for name in &second {
        std::fs::copy(kept.join(name), store.rollup_dir().join(name)).unwrap();
    }
    let idx = ActivityIndex::load(&store, &ActivityFilter::default()).unwrap();
    assert_eq!(days_of(&idx, "p4"), vec![("2024-03-04".into(), 1)]);
}
