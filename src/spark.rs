//! The rollup on a Spark Connect server (`uptake rollup --engine spark`): the cluster
//! reads the store's event files at a URI it can reach, runs [`rollup_sql`] on them, and
//! sends the rollup rows back as Arrow batches; the local store stays the one writer.

// The client's own `SparkError` is large; its API returns it, so closures over it do too.
#![allow(clippy::result_large_err)]

use arrow::array::{Array, ArrayRef, Date32Array, Int64Array, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType as ArrowType;
use arrow::record_batch::RecordBatch;
use polars::prelude::*;
use spark_connect::SparkSession;
use spark_connect::row::{Row, Value};
use spark_connect::types::DataType as SparkType;
use uptake_metrics::{DayFiles, RollupEngine, chunk_context, rollup_sql};

/// Stale days are sent to the cluster in queries over about this much stored Parquet:
/// the cluster scales the scan, and the rows coming back stay a few hundred MB at most.
const CHUNK_BYTES: u64 = 4 << 30;

/// The oldest Spark with Spark Connect.
const OLDEST: (u32, u32) = (3, 4);

/// A connected Spark Connect session and where the cluster finds the store's events.
pub struct SparkEngine {
    remote: String,
    /// `HOST:PORT` of `remote`, for the checks that the server is still there.
    address: String,
    events: String,
    session: SparkSession,
    version: String,
}

impl SparkEngine {
    /// Connects to `remote` (`sc://HOST:PORT`) and checks the server's Spark version.
    /// `events` is the store's `events` folder as the cluster sees it.
    pub fn connect(remote: &str, events: &str) -> uptake_metrics::Result<SparkEngine> {
        let fail = |message: String| uptake_metrics::Error::Engine {
            engine: format!("Spark Connect at {remote}"),
            message,
        };
        let address = remote_address(remote).map_err(fail)?;
        // The client retries an unreachable server as PySpark does, for about ten
        // minutes; a server that is not there at all is told at once instead.
        probe(&address).map_err(|e| fail(format!("cannot connect: {e}")))?;
        let session = SparkSession::builder()
            .remote(remote)
            .get_or_create()
            .map_err(|e| fail(format!("cannot connect: {e}")))?;
        let version = session
            .version()
            .map_err(|e| fail(format!("no answer to a version request: {e}")))?;
        if !at_least(&version, OLDEST) {
            return Err(fail(format!(
                "the server runs Spark {version}; Spark Connect needs Spark {}.{} or later",
                OLDEST.0, OLDEST.1
            )));
        }
        tracing::info!("connected to Spark {version} at {remote}; events at {events}");
        Ok(SparkEngine {
            remote: remote.into(),
            address,
            events: events.into(),
            session,
            version,
        })
    }

    fn error(&self, message: String) -> uptake_metrics::Error {
        uptake_metrics::Error::Engine {
            engine: format!("Spark {} at {}", self.version, self.remote),
            message,
        }
    }

    /// Registers the temporary views [`rollup_sql`] reads: `events` (the stale days' events
    /// from the store's partitions) and `identities` (the local identity map, uploaded).
    fn register(&self, days: &[DayFiles], identities: &DataFrame) -> Result<(), String> {
        let stored = self.session.read().parquet(&self.events);
        let columns = stored
            .columns()
            .map_err(|e| format!("cannot read the events at {}: {e}", self.events))?;
        let needed = ["person", "tool", "category", "activity", "date"];
        if let Some(missing) = needed
            .iter()
            .find(|c| !columns.iter().any(|have| have == *c))
        {
            return Err(format!(
                "the server finds no uptake events at {} (no column `{missing}`; columns are: {}): \
                 give --events the store's events folder as the cluster reads it",
                self.events,
                if columns.is_empty() {
                    "none".to_string()
                } else {
                    columns.join(", ")
                }
            ));
        }
        stored
            .create_or_replace_temp_view("uptake_stored_events")
            .map_err(|e| format!("cannot read the events at {}: {e}", self.events))?;
        let dates: Vec<String> = days.iter().map(|(d, _)| format!("DATE '{d}'")).collect();
        // The partition column may come back as a string or a date depending on the
        // engine's partition inference; cast it either way.
        let select = format!(
            "SELECT person, tool, category, activity, CAST(date AS DATE) AS date \
             FROM uptake_stored_events WHERE CAST(date AS DATE) IN ({})",
            dates.join(", ")
        );
        self.session
            .sql(&select)
            .and_then(|df| df.create_or_replace_temp_view("events"))
            .map_err(|e| format!("cannot select the days' events: {e}"))?;
        let schema = SparkType::from_ddl("alias string, person string")
            .map_err(|e| format!("identity map schema: {e}"))?;
        let alias = identities.column("alias").and_then(|c| c.str().cloned());
        let person = identities.column("person").and_then(|c| c.str().cloned());
        let (alias, person) = alias
            .and_then(|a| person.map(|p| (a, p)))
            .map_err(|e| format!("identity map: {e}"))?;
        let fields = vec!["alias".to_string(), "person".to_string()];
        let rows: Vec<Row> = alias
            .iter()
            .zip(person.iter())
            .filter_map(|(a, p)| Some((a?, p?)))
            .map(|(a, p)| {
                Row::new(
                    fields.clone(),
                    vec![Value::String(a.into()), Value::String(p.into())],
                )
            })
            .collect();
        self.session
            .create_dataframe(rows, schema)
            .and_then(|df| df.create_or_replace_temp_view("identities"))
            .map_err(|e| format!("cannot upload the identity map: {e}"))?;
        Ok(())
    }
}

impl RollupEngine for SparkEngine {
    fn name(&self) -> String {
        format!("Spark {} at {}", self.version, self.remote)
    }

    fn chunk_bytes(&self) -> u64 {
        CHUNK_BYTES
    }

    fn rollup(
        &self,
        days: &[DayFiles],
        identities: &DataFrame,
    ) -> uptake_metrics::Result<DataFrame> {
        let ctx = chunk_context(days);
        self.register(days, identities)
            .map_err(|e| self.error(format!("{ctx}: {e}")))?;
        let batches = self
            .collect_watched(&rollup_sql())
            .map_err(|e| self.error(format!("{ctx}: {e}")))?;
        frame_of(&batches).map_err(|e| self.error(format!("{ctx}: {e}")))
    }
}

/// How often a running query checks that the server still accepts connections, and how
/// many checks in a row may fail before the query is given up.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
const WATCH_FAILURES: u32 = 3;

impl SparkEngine {
    /// Runs `sql` and collects its rows, giving up when the server stops accepting
    /// connections for about [`WATCH_FAILURES`] x [`WATCH_EVERY`]: the client alone would
    /// retry a vanished server for about ten minutes, as PySpark does, before it says so.
    fn collect_watched(&self, sql: &str) -> Result<Vec<RecordBatch>, String> {
        let session = self.session.clone();
        let sql = sql.to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        // Left running if the server vanished: the process ends with the error anyway.
        std::thread::spawn(move || {
            let result = session
                .sql(&sql)
                .and_then(|df| df.collect_record_batches())
                .map_err(|e| format!("the rollup query failed: {e}"));
            let _ = tx.send(result);
        });
        let mut failures = 0;
        loop {
            match rx.recv_timeout(WATCH_EVERY) {
                Ok(result) => return result,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err("the rollup query stopped without an answer".into());
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => match probe(&self.address) {
                    Ok(()) => failures = 0,
                    Err(e) => {
                        failures += 1;
                        if failures >= WATCH_FAILURES {
                            return Err(format!(
                                "the server went away during the rollup ({e}, {} checks \
                                 {} s apart)",
                                WATCH_FAILURES,
                                WATCH_EVERY.as_secs()
                            ));
                        }
                    }
                },
            }
        }
    }
}

/// How long [`probe`] waits for the server to accept a connection.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens (and closes) a TCP connection to `address` (`HOST:PORT`).
fn probe(address: &str) -> Result<(), String> {
    let addrs: Vec<std::net::SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(address)
        .map_err(|e| format!("cannot resolve {address}: {e}"))?
        .collect();
    let mut last = format!("{address} resolves to no address");
    for addr in addrs {
        match std::net::TcpStream::connect_timeout(&addr, PROBE_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(last)
}

/// `HOST:PORT` of a Spark Connect URL (`sc://HOST[:PORT][/;param=value...]`, port 15002
/// by default).
fn remote_address(remote: &str) -> Result<String, String> {
    let rest = remote.strip_prefix("sc://").ok_or_else(|| {
        format!(
            "`{remote}` is not a Spark Connect address (sc://HOST:PORT, e.g. sc://localhost:15002)"
        )
    })?;
    let authority = rest.split(['/', ';']).next().unwrap_or_default();
    if authority.is_empty() {
        return Err(format!("`{remote}` names no host"));
    }
    // A port is present when the text after the last ':' is outside IPv6 brackets.
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.contains(']'));
    Ok(if has_port {
        authority.to_string()
    } else {
        format!("{authority}:15002")
    })
}

/// `version` (`4.0.1`, `3.5.2-amzn-0`) is at least `oldest` (major, minor).
fn at_least(version: &str, oldest: (u32, u32)) -> bool {
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= oldest,
        _ => false,
    }
}

/// The rollup rows the server sent, as a polars frame: strings and the date as they
/// are, counts as 64-bit integers (the refresh then casts to the stored types).
fn frame_of(batches: &[RecordBatch]) -> Result<DataFrame, String> {
    let names = [
        "person",
        "date",
        "tool",
        "category",
        "events",
        "contributing",
    ];
    let mut columns: Vec<Vec<Column>> = vec![Vec::new(); names.len()];
    for batch in batches {
        for (i, name) in names.iter().enumerate() {
            let array = batch.column_by_name(name).ok_or_else(|| {
                let have: Vec<String> = batch
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().clone())
                    .collect();
                format!(
                    "the server returned no column `{name}`; columns are: {}",
                    have.join(", ")
                )
            })?;
            columns[i].push(column_of(name, array)?);
        }
    }
    let mut out = Vec::with_capacity(names.len());
    for (name, parts) in names.iter().zip(columns) {
        let mut parts = parts.into_iter();
        let mut whole = match parts.next() {
            Some(c) => c,
            None => empty_column(name),
        };
        for part in parts {
            whole.append(&part).map_err(|e| e.to_string())?;
        }
        out.push(whole);
    }
    DataFrame::new_infer_height(out).map_err(|e| e.to_string())
}

fn empty_column(name: &str) -> Column {
    let dtype = match name {
        "date" => DataType::Date,
        "events" | "contributing" => DataType::Int64,
        _ => DataType::String,
    };
    Column::new_empty(name.into(), &dtype)
}

/// One Arrow column as a polars column, by the type the rollup gives it.
fn column_of(name: &str, array: &ArrayRef) -> Result<Column, String> {
    let wrong = |e: arrow::error::ArrowError| {
        format!(
            "column `{name}` is {}, which does not convert: {e}",
            array.data_type()
        )
    };
    Ok(match name {
        "date" => {
            let a = cast(array, &ArrowType::Date32).map_err(wrong)?;
            let a = a
                .as_any()
                .downcast_ref::<Date32Array>()
                .ok_or("date: not Date32 after a cast")?;
            let days: Vec<Option<i32>> = a.iter().collect();
            Column::new(name.into(), days)
                .cast(&DataType::Date)
                .map_err(|e| e.to_string())?
        }
        "events" | "contributing" => {
            let a = cast(array, &ArrowType::Int64).map_err(wrong)?;
            let a = a
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or("count: not Int64 after a cast")?;
            Column::new(name.into(), a.iter().collect::<Vec<Option<i64>>>())
        }
        _ => {
            let a = cast(array, &ArrowType::Utf8).map_err(wrong)?;
            let a = a
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or("text: not Utf8 after a cast")?;
            Column::new(name.into(), a.iter().collect::<Vec<Option<&str>>>())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_server_address_comes_from_the_url() {
        assert_eq!(
            remote_address("sc://spark-head:15003").unwrap(),
            "spark-head:15003"
        );
        assert_eq!(
            remote_address("sc://spark-head").unwrap(),
            "spark-head:15002"
        );
        assert_eq!(
            remote_address("sc://10.0.0.7:443/;use_ssl=true;token=x").unwrap(),
            "10.0.0.7:443"
        );
        assert_eq!(remote_address("sc://[::1]").unwrap(), "[::1]:15002");
        assert_eq!(remote_address("sc://[::1]:15010").unwrap(), "[::1]:15010");
        assert!(remote_address("http://spark-head").is_err());
        assert!(remote_address("sc:///;token=x").is_err());
    }

    #[test]
    fn versions_from_3_4_have_spark_connect() {
        assert!(at_least("3.4.0", OLDEST));
        assert!(at_least("3.5.2-amzn-0", OLDEST));
        assert!(at_least("4.0.1", OLDEST));
        assert!(!at_least("3.3.2", OLDEST));
        assert!(!at_least("2.4.8", OLDEST));
        assert!(!at_least("unknown", OLDEST));
    }

    #[test]
    fn arrow_batches_become_one_polars_frame() {
        use arrow::array::{Int32Array, LargeStringArray};
        use arrow::datatypes::{Field, Schema};
        let schema = Arc::new(Schema::new(vec![
            Field::new("person", ArrowType::LargeUtf8, true),
            Field::new("date", ArrowType::Date32, true),
            Field::new("tool", ArrowType::Utf8, true),
            Field::new("category", ArrowType::Utf8, true),
            Field::new("events", ArrowType::Int64, false),
            Field::new("contributing", ArrowType::Int32, true),
        ]));
        let batch = |person: &str, day: i32, events: i64, contributing: i32| {
            RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(LargeStringArray::from(vec![person])),
                    Arc::new(Date32Array::from(vec![day])),
                    Arc::new(StringArray::from(vec!["teams"])),
                    Arc::new(StringArray::from(vec!["messaging"])),
                    Arc::new(Int64Array::from(vec![events])),
                    Arc::new(Int32Array::from(vec![contributing])),
                ],
            )
            .unwrap()
        };
        // 19_723 is 2024-01-01 in days since 1970-01-01.
        let df = frame_of(&[batch("ana", 19_723, 3, 1), batch("bo", 19_724, 2, 0)]).unwrap();
        assert_eq!(df.height(), 2);
        assert_eq!(df.column("date").unwrap().dtype(), &DataType::Date);
        let people: Vec<Option<&str>> =
            df.column("person").unwrap().str().unwrap().iter().collect();
        assert_eq!(people, [Some("ana"), Some("bo")]);
        let days: Vec<Option<i32>> = df
            .column("date")
            .unwrap()
            .cast(&DataType::Int32)
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(days, [Some(19_723), Some(19_724)]);
        let contributing: Vec<Option<i64>> = df
            .column("contributing")
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(contributing, [Some(1), Some(0)]);
        assert_eq!(frame_of(&[]).unwrap().height(), 0);
    }

    #[test]
    fn a_missing_column_is_named() {
        use arrow::datatypes::{Field, Schema};
        let schema = Arc::new(Schema::new(vec![Field::new("who", ArrowType::Utf8, true)]));
        let batch =
            RecordBatch::try_new(schema, vec![Arc::new(StringArray::from(vec!["ana"]))]).unwrap();
        let err = frame_of(&[batch]).unwrap_err();
        assert_eq!(
            err,
            "the server returned no column `person`; columns are: who"
        );
    }
}
