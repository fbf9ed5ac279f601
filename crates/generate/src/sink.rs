//! Writers for generated events and the roster.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use crate::{Error, Result};

/// One generated event, borrowed from the simulation.
pub struct GenEvent<'a> {
    /// Seconds since the epoch, UTC.
    pub ts: i64,
    pub person: &'a str,
    pub tool: &'static str,
    pub action: &'static str,
    pub activity: &'static str,
    pub category: &'static str,
    pub client: &'static str,
    pub channel: &'a str,
    pub event_id: u64,
    pub is_bot: bool,
    /// The person the action addresses (the author replied to, the member mentioned).
    pub counterpart: Option<&'a str>,
}

pub const EVENT_HEADER: &[&str] = &[
    "ts",
    "person",
    "tool",
    "action",
    "activity",
    "category",
    "client",
    "channel",
    "event_id",
    "is_bot",
    "counterparts",
];

pub trait EventSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Canonical CSV, timestamps as `YYYY-MM-DDTHH:MM:SSZ`.
pub struct CsvSink {
    path: PathBuf,
    out: BufWriter<File>,
    day: i64,
    day_prefix: String,
}

impl CsvSink {
    pub fn create(path: &Path) -> Result<CsvSink> {
        let file = File::create(path).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        writeln!(out, "{}", EVENT_HEADER.join(",")).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        Ok(CsvSink {
            path: path.into(),
            out,
            day: i64::MIN,
            day_prefix: String::new(),
        })
    }
}

impl EventSink for CsvSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        let day = e.ts.div_euclid(86_400);
        if day != self.day {
            self.day = day;
            let date =
                NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32).unwrap_or_default();
            self.day_prefix = format!("{date}T");
        }
        let s = e.ts.rem_euclid(86_400);
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        // Names and channels are generated without commas or quotes, so no quoting is needed.
        writeln!(
            self.out,
            "{}{:02}:{:02}:{:02}Z,{},{},{},{},{},{},{},{},{},{}",
            self.day_prefix,
            s / 3600,
            s / 60 % 60,
            s % 60,
            e.person,
            e.tool,
            e.action,
            e.activity,
            e.category,
            e.client,
            e.channel,
            e.event_id,
            e.is_bot,
            e.counterpart.unwrap_or("")
        )
        .map_err(io)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.out.flush().map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })
    }
}

/// Canonical Parquet, written in row groups as the simulation goes.
pub struct ParquetSink {
    path: PathBuf,
    writer: polars::io::parquet::write::BatchedWriter<File>,
    ts: Vec<i64>,
    text: [Vec<String>; 7],
    event_id: Vec<String>,
    is_bot: Vec<bool>,
    counterparts: Vec<Option<String>>,
}

const FLUSH_ROWS: usize = 500_000;

impl ParquetSink {
    pub fn create(path: &Path) -> Result<ParquetSink> {
        let err = |source| Error::Polars {
            path: path.into(),
            source,
        };
        let file = File::create(path).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        let mut schema = Schema::default();
        schema.insert(
            "ts".into(),
            DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
        );
        for name in &EVENT_HEADER[1..9] {
            schema.insert((*name).into(), DataType::String);
        }
        schema.insert("is_bot".into(), DataType::Boolean);
        schema.insert("counterparts".into(), DataType::String);
        let writer = ParquetWriter::new(file).batched(&schema).map_err(err)?;
        Ok(ParquetSink {
            path: path.into(),
            writer,
            ts: Vec::new(),
            text: Default::default(),
            event_id: Vec::new(),
            is_bot: Vec::new(),
            counterparts: Vec::new(),
        })
    }

    fn flush(&mut self) -> Result<()> {
        if self.ts.is_empty() {
            return Ok(());
        }
        let n = self.ts.len();
        let mut cols = vec![
            Int64Chunked::from_vec("ts".into(), std::mem::take(&mut self.ts))
                .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                .into_column(),
        ];
        for (i, name) in EVENT_HEADER[1..8].iter().enumerate() {
            cols.push(Column::new(
                (*name).into(),
                std::mem::take(&mut self.text[i]),
            ));
        }
        cols.push(Column::new(
            "event_id".into(),
            std::mem::take(&mut self.event_id),
        ));
        cols.push(Column::new(
            "is_bot".into(),
            std::mem::take(&mut self.is_bot),
        ));
        cols.push(Column::new(
            "counterparts".into(),
            std::mem::take(&mut self.counterparts),
        ));
        let df = DataFrame::new(n, cols).map_err(|source| Error::Polars {
            path: self.path.clone(),
            source,
        })?;
        self.writer
            .write_batch(&df)
            .map_err(|source| Error::Polars {
                path: self.path.clone(),
                source,
            })
    }
}

impl EventSink for ParquetSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        self.ts.push(e.ts * 1_000_000);
        let texts = [
            e.person, e.tool, e.action, e.activity, e.category, e.client, e.channel,
        ];
        for (col, v) in self.text.iter_mut().zip(texts) {
            col.push(v.to_string());
        }
        self.event_id.push(e.event_id.to_string());
        self.is_bot.push(e.is_bot);
        self.counterparts.push(e.counterpart.map(str::to_string));
        if self.ts.len() >= FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.flush()?;
        self.writer
            .finish()
            .map(|_| ())
            .map_err(|source| Error::Polars {
                path: self.path.clone(),
                source,
            })
    }
}
