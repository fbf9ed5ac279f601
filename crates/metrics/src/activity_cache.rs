//! The activity index of the whole rollup (every tool, every event), saved next to the
//! rollup whenever it is refreshed. A `metrics` process then reads numbered people and
//! plain integers instead of rebuilding the index from the rollup rows, which hashed a
//! person's name per row and was most of its time.
//!
//! Both files carry in their name a hash of the rollup's `state.json`: a reader uses them
//! only when they were written for the rollup it sees, and otherwise builds the index
//! from the rollup as before. Nothing about the metrics depends on whether they exist.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use uptake_store::{Store, write_atomic};
use xxhash_rust::xxh3::xxh3_64;

use crate::activity::{ActiveDay, ActivityIndex};
use crate::{Error, Result};

const PEOPLE: &str = "activity-people-";
const DAYS: &str = "activity-days-";

/// The hash of the rollup's state, `None` when there is no rollup.
fn stamp(store: &Store) -> Result<Option<String>> {
    let path = store.rollup_dir().join(crate::rollup::STATE);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(format!("{:016x}", xxh3_64(&bytes)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path, source }),
    }
}

fn paths(store: &Store, stamp: &str) -> (PathBuf, PathBuf) {
    let dir = store.rollup_dir();
    (
        dir.join(format!("{PEOPLE}{stamp}.parquet")),
        dir.join(format!("{DAYS}{stamp}.parquet")),
    )
}

/// Saves `index` (built from the whole current rollup, unfiltered) for the rollup as it
/// is now, and removes the files saved for earlier states.
pub(crate) fn save(store: &Store, index: &ActivityIndex) -> Result<()> {
    let Some(stamp) = stamp(store)? else {
        return Ok(());
    };
    let (people_path, days_path) = paths(store, &stamp);
    let mut people = DataFrame::new(
        index.persons.len(),
        vec![Column::new("person".into(), &index.persons)],
    )
    .map_err(Error::polars("activity cache"))?;
    let rows: usize = index.days.iter().map(Vec::len).sum();
    let (mut person, mut day, mut events, mut categories) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    for (i, days) in index.days.iter().enumerate() {
        for d in days {
            person.push(i as u32);
            day.push(d.day);
            events.push(d.events);
            categories.push(u32::from(d.categories));
        }
    }
    let mut days = DataFrame::new(
        rows,
        vec![
            Column::new("person".into(), person),
            Column::new("day".into(), day),
            Column::new("events".into(), events),
            Column::new("categories".into(), categories),
        ],
    )
    .map_err(Error::polars("activity cache"))?;
    write_frame(&people_path, &mut people)?;
    write_frame(&days_path, &mut days)?;
    let dir = store.rollup_dir();
    let keep = [people_path, days_path];
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let ours = name.starts_with(PEOPLE) || name.starts_with(DAYS);
            if ours && !keep.contains(&entry.path()) {
                // A reader that opened it still reads it; one that did not builds the index.
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

fn write_frame(path: &Path, df: &mut DataFrame) -> Result<()> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(df)
        .map_err(Error::polars(format!("{}", path.display())))?;
    write_atomic(path, &bytes)?;
    Ok(())
}

/// The index saved for the rollup as it is now, `None` when there is none (no rollup,
/// a rollup refreshed by an older uptake, or files replaced meanwhile).
pub(crate) fn load(store: &Store) -> Result<Option<ActivityIndex>> {
    let Some(stamp) = stamp(store)? else {
        return Ok(None);
    };
    let (people_path, days_path) = paths(store, &stamp);
    let (Some(people), Some(days)) = (read_frame(&people_path)?, read_frame(&days_path)?) else {
        return Ok(None);
    };
    let err = |what: &Path| Error::polars(format!("{}", what.display()));
    let persons: Vec<String> = people
        .column("person")
        .and_then(|c| c.str().cloned())
        .map_err(err(&people_path))?
        .iter()
        .map(|p| p.unwrap_or_default().to_string())
        .collect();
    let column = |name: &str| -> Result<UInt32Chunked> {
        days.column(name)
            .and_then(|c| c.cast(&DataType::UInt32))
            .and_then(|c| c.u32().cloned())
            .map_err(err(&days_path))
    };
    let person = column("person")?;
    let events = column("events")?;
    let categories = column("categories")?;
    let day = days
        .column("day")
        .and_then(|c| c.i32().cloned())
        .map_err(err(&days_path))?;
    let mut per_person: Vec<Vec<ActiveDay>> = vec![Vec::new(); persons.len()];
    let rows = person.into_no_null_iter().zip(day.into_no_null_iter()).zip(
        events
            .into_no_null_iter()
            .zip(categories.into_no_null_iter()),
    );
    for ((p, day), (events, categories)) in rows {
        let Some(list) = per_person.get_mut(p as usize) else {
            return Ok(None);
        };
        list.push(ActiveDay {
            day,
            events,
            categories: categories as u8,
        });
    }
    Ok(Some(ActivityIndex::from_people(persons, per_person)))
}

/// A saved frame, `None` when the file is not there (any more).
fn read_frame(path: &Path) -> Result<Option<DataFrame>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                path: path.into(),
                source,
            });
        }
    };
    ParquetReader::new(file)
        .finish()
        .map(Some)
        .map_err(Error::polars(format!("{}", path.display())))
}
