//! The floor under an ingest: how long polars alone takes to read an events file and
//! to write a store's events again as day files, with nothing normalised, checked or
//! rolled up. docs/benchmarks.md sets these against DuckDB's whole comparison run.
//!
//! ```text
//! cargo run --release --example parquet_floor -- EVENTS.parquet STORE SCRATCH_DIR
//! ```
//!
//! STORE is a store that ingested EVENTS.parquet; SCRATCH_DIR receives the rewritten
//! files (about the store's events' size).

use std::error::Error;
use std::fs;
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use polars::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, store, scratch] = args.as_slice() else {
        return Err("usage: parquet_floor EVENTS.parquet STORE SCRATCH_DIR".into());
    };

    let clock = Instant::now();
    let events = LazyFrame::scan_parquet(PlRefPath::new(input), Default::default())?.collect()?;
    println!(
        "read {input}: {} rows, {} columns in {:.2} s",
        events.height(),
        events.width(),
        clock.elapsed().as_secs_f64()
    );
    drop(events);

    let mut files: Vec<PathBuf> = Vec::new();
    for day in fs::read_dir(PathBuf::from(store).join("events"))? {
        for file in fs::read_dir(day?.path())? {
            files.push(file?.path());
        }
    }
    files.sort();
    let clock = Instant::now();
    let days =
        uptake_store::map_on_threads(files, |f| ParquetReader::new(fs::File::open(&f)?).finish())?;
    let rows: usize = days.iter().map(DataFrame::height).sum();
    println!(
        "read the store's {} event files: {rows} rows in {:.2} s",
        days.len(),
        clock.elapsed().as_secs_f64()
    );

    fs::create_dir_all(scratch)?;
    for (name, compression) in [
        ("LZ4, as the store writes them", ParquetCompression::Lz4Raw),
        ("uncompressed", ParquetCompression::Uncompressed),
    ] {
        let clock = Instant::now();
        let jobs: Vec<(usize, DataFrame)> = days.iter().cloned().enumerate().collect();
        uptake_store::map_on_threads(jobs, |(i, mut df)| {
            let file = fs::File::create(PathBuf::from(scratch).join(format!("{i}.parquet")))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            ParquetWriter::new(&mut out)
                .with_compression(compression)
                .finish(&mut df)?;
            Ok::<_, PolarsError>(())
        })?;
        println!(
            "wrote them again, {name}: {:.2} s",
            clock.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
