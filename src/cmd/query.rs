//! `uptake query "SQL"`: ad-hoc SQL over the store's tables. CSV, JSON and Parquet
//! results stream batch by batch, so a large result is never held whole; the text
//! table shows the first `--limit` rows.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow, bail};
use polars::prelude::*;
use polars::sql::SQLContext;
use uptake_metrics::{
    ActivityFilter, Plan, QUERY_TABLES, QueryOptions, QueryTables, Table, Value, table_names,
    tables_named_in,
};
use uptake_store::Store;

use crate::cli::{OutputFormat, QueryArgs};
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: QueryArgs) -> Result<Code> {
    let store = Store::open_existing(&settings.store)?;
    crate::engine::refresh_for(settings, &store)?;
    let plan = match args.plan.as_ref().or(settings.plan.as_ref()) {
        Some(path) => Some(Plan::read(path)?),
        None => None,
    };
    let analysis = settings
        .analysis
        .with_flags(&args.windows, args.level.as_deref())?;
    let options = QueryOptions {
        as_of: args.as_of,
        windows: analysis.windows(),
        filter: ActivityFilter {
            tool: args.tool.clone(),
            level: analysis.level.value,
            tz: args.tz.clone(),
        },
        month_days: 28,
        plan,
    };
    let tables = QueryTables::new(&store, options)?;
    if args.tables {
        list_tables(&tables, args.format, args.out.as_deref())?;
        return Ok(Code::Ok);
    }
    let sql = read_sql(args.sql.as_deref())?;
    let mut ctx = SQLContext::new();
    for name in tables_named_in(&sql) {
        ctx.register(name, tables.frame(name)?);
    }
    let mut lf = ctx.execute(&sql).map_err(|e| sql_error(&e))?;
    let schema = lf.collect_schema().map_err(|e| sql_error(&e))?;
    match args.format {
        OutputFormat::Table => {
            let limit = args.limit;
            let df = if limit == 0 {
                lf.collect()
            } else {
                lf.limit(limit as u32 + 1).collect()
            }
            .map_err(|e| sql_error(&e))?;
            let mut table = to_table(&df);
            let more = limit > 0 && table.rows.len() > limit;
            table
                .rows
                .truncate(if limit == 0 { usize::MAX } else { limit });
            let mut text = table.to_text();
            if table.rows.is_empty() {
                text.push_str("(no rows)\n");
            } else if more {
                text.push_str(&format!(
                    "(first {limit} rows shown; --limit 0 shows all, --format csv streams all)\n"
                ));
            }
            crate::cmd::write_output(args.out.as_deref(), text.as_bytes())
        }
        OutputFormat::Csv | OutputFormat::Json => {
            stream_text(lf, &schema, args.format, args.out.as_deref(), &sql)
        }
        OutputFormat::Parquet => {
            let out = args
                .out
                .as_deref()
                .ok_or_else(|| anyhow!("--format parquet needs --out FILE"))?;
            stream_parquet(lf, &schema, out)
        }
    }?;
    Ok(Code::Ok)
}

/// The SQL argument, or standard input when it is `-`.
fn read_sql(arg: Option<&str>) -> Result<String> {
    match arg {
        Some("-") => {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .context("reading the SQL from standard input")?;
            Ok(s)
        }
        Some(s) => Ok(s.to_string()),
        None => bail!("give a SQL query (or - to read it from standard input), or --tables"),
    }
}

/// A failed query in one line. polars follows its reason with the plan it was resolving,
/// which tells a SQL user nothing, and names fixes in its own API (`.alias`): the first
/// line is kept, and the commonest mistake, two result columns of one name (a table
/// joined with itself), is said in SQL.
fn sql_error(e: &PolarsError) -> anyhow::Error {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default().trim();
    let reason = match duplicate_name(first) {
        Some(name) => format!(
            "two result columns are named `{name}` (a table joined with itself has each of \
its columns twice): name them apart with AS, e.g. `SELECT a.{name}, b.{name} AS other_{name}`"
        ),
        None => first.to_string(),
    };
    anyhow!(
        "the query failed: {reason}; tables: {} (uptake query --tables lists their columns; \
examples: docs/queries.md)",
        table_names().join(", ")
    )
}

/// The column named twice in polars' "duplicate output name 'x'" message.
fn duplicate_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("duplicate output name '")?;
    rest.split_once('\'').map(|(name, _)| name)
}

/// `--tables`: every table with its columns and their types.
fn list_tables(tables: &QueryTables, format: OutputFormat, out: Option<&Path>) -> Result<()> {
    let mut t = Table::new(&["table", "column", "type", "description"]);
    for (name, description) in QUERY_TABLES {
        match tables.frame(name).and_then(|mut lf| {
            lf.collect_schema()
                .map_err(|e| uptake_metrics::Error::Invalid(e.to_string()))
        }) {
            Ok(schema) => {
                for (i, (column, dtype)) in schema.iter().enumerate() {
                    t.push(vec![
                        Value::Text(name.to_string()),
                        Value::Text(column.to_string()),
                        Value::Text(dtype.to_string()),
                        Value::Text(if i == 0 {
                            description.to_string()
                        } else {
                            String::new()
                        }),
                    ]);
                }
            }
            // A table that cannot be built here (no roster yet) says why.
            Err(e) => t.push(vec![
                Value::Text(name.to_string()),
                Value::Null,
                Value::Null,
                Value::Text(format!("{description} (unavailable: {e})")),
            ]),
        }
    }
    crate::cmd::write_table(format, out, &t, serde_json::json!({}), "")
}

/// One result batch as a metrics table, for the text, CSV and JSON renderings.
fn to_table(df: &DataFrame) -> Table {
    let mut t = Table {
        columns: df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect(),
        rows: Vec::with_capacity(df.height()),
    };
    let columns = df.columns();
    for i in 0..df.height() {
        t.rows.push(
            columns
                .iter()
                .map(|c| cell(c.get(i).unwrap_or(AnyValue::Null)))
                .collect(),
        );
    }
    t
}

fn cell(v: AnyValue) -> Value {
    match v {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::String(s) => Value::Text(s.to_string()),
        AnyValue::StringOwned(s) => Value::Text(s.to_string()),
        AnyValue::Float32(f) => Value::Float(f64::from(f)),
        AnyValue::Float64(f) => Value::Float(f),
        AnyValue::Date(d) => Value::Date(uptake_metrics::date_of(d)),
        AnyValue::Datetime(v, unit, _) | AnyValue::DatetimeOwned(v, unit, _) => {
            let micros = match unit {
                TimeUnit::Nanoseconds => v / 1_000,
                TimeUnit::Microseconds => v,
                TimeUnit::Milliseconds => v * 1_000,
            };
            chrono::DateTime::from_timestamp_micros(micros).map_or(Value::Null, |t| {
                Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            })
        }
        other => match other.extract::<i64>() {
            Some(i) if other.is_integer() => Value::Int(i),
            _ => Value::Text(other.to_string()),
        },
    }
}

/// The output file, written beside its final path and renamed into place at the end
/// so that a failed query leaves no half-written file; or standard output.
enum Sink {
    File(Partial),
    Stdout(std::io::Stdout),
}

/// `.NAME.partial` beside the output; removed unless the query completes.
struct Partial {
    file: std::fs::File,
    tmp: PathBuf,
    path: PathBuf,
    done: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Sink {
    fn open(out: Option<&Path>) -> Result<Sink> {
        Ok(match out {
            Some(path) => {
                let name = path
                    .file_name()
                    .ok_or_else(|| anyhow!("--out {} is not a file name", path.display()))?;
                let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
                let file = std::fs::File::create(&tmp)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Sink::File(Partial {
                    file,
                    tmp,
                    path: path.to_path_buf(),
                    done: false,
                })
            }
            None => Sink::Stdout(std::io::stdout()),
        })
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::File(mut p) => {
                p.file.flush()?;
                std::fs::rename(&p.tmp, &p.path)
                    .with_context(|| format!("cannot write {}", p.path.display()))?;
                p.done = true;
                Ok(())
            }
            Sink::Stdout(mut s) => Ok(s.flush()?),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(p) => p.file.write(buf),
            Sink::Stdout(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(p) => p.file.flush(),
            Sink::Stdout(s) => s.flush(),
        }
    }
}

/// Runs `lf` on the streaming engine, handing each batch to `write` in order.
fn for_each_batch(
    lf: LazyFrame,
    write: impl Fn(DataFrame) -> std::io::Result<()> + Send + Sync + 'static,
) -> Result<()> {
    let failed: Arc<Mutex<Option<std::io::Error>>> = Arc::default();
    let failure = failed.clone();
    let sink = lf
        .sink_batches(
            PlanCallback::new(move |df: DataFrame| match write(df) {
                Ok(()) => Ok(false),
                Err(e) => {
                    // Stop the query; the error is reported below.
                    *failure.lock().unwrap() = Some(e);
                    Ok(true)
                }
            }),
            true,
            None,
        )
        .map_err(|e| sql_error(&e))?;
    let result = sink.collect_with_engine(Engine::Streaming);
    if let Some(e) = failed.lock().unwrap().take() {
        return Err(e.into());
    }
    result.map_err(|e| sql_error(&e))?;
    Ok(())
}

/// CSV (one header) or JSON (`{"query", "columns", "rows": [{...}]}`), batch by batch.
fn stream_text(
    lf: LazyFrame,
    schema: &Schema,
    format: OutputFormat,
    out: Option<&Path>,
    sql: &str,
) -> Result<()> {
    let columns: Vec<String> = schema.iter_names().map(|c| c.to_string()).collect();
    let mut sink = Sink::open(out)?;
    let json = format == OutputFormat::Json;
    if json {
        writeln!(
            sink,
            "{{\n  \"query\": {},\n  \"columns\": {},\n  \"rows\": [",
            serde_json::to_string(sql)?,
            serde_json::to_string(&columns)?
        )?;
    } else {
        let header = Table {
            columns: columns.clone(),
            rows: vec![],
        };
        sink.write_all(header.csv_header().as_bytes())?;
    }
    // Shared with the batch callback; taken back once the query has run.
    let state = Arc::new(Mutex::new((Some(sink), true)));
    let writer = state.clone();
    for_each_batch(lf, move |df| {
        let mut guard = writer.lock().unwrap();
        let (Some(sink), first) = &mut *guard else {
            return Ok(());
        };
        let table = to_table(&df);
        if json {
            for row in table.to_json().as_array().into_iter().flatten() {
                let sep = if *first { "" } else { ",\n" };
                *first = false;
                write!(sink, "{sep}    {}", serde_json::to_string(row)?)?;
            }
        } else {
            // The header was written before the first batch.
            sink.write_all(table.csv_rows().as_bytes())?;
        }
        Ok(())
    })?;
    let (sink, first) = {
        let mut guard = state.lock().unwrap();
        (guard.0.take(), guard.1)
    };
    let Some(mut sink) = sink else {
        bail!("the query's output was lost");
    };
    if json {
        writeln!(sink, "{}  ]\n}}", if first { "" } else { "\n" })?;
    }
    sink.finish()
}

/// Parquet, one row group per batch.
fn stream_parquet(lf: LazyFrame, schema: &Schema, out: &Path) -> Result<()> {
    let sink = Sink::open(Some(out))?;
    let Sink::File(partial) = &sink else {
        unreachable!("a file was asked for")
    };
    let file = partial
        .file
        .try_clone()
        .context("opening the output file")?;
    let writer = ParquetWriter::new(file)
        .batched(schema)
        .map_err(|e| anyhow!("writing {}: {e}", out.display()))?;
    let writer = Arc::new(Mutex::new(writer));
    let w = writer.clone();
    for_each_batch(lf, move |df| {
        w.lock()
            .unwrap()
            .write_batch(&df)
            .map_err(std::io::Error::other)
    })?;
    writer
        .lock()
        .unwrap()
        .finish()
        .map_err(|e| anyhow!("writing {}: {e}", out.display()))?;
    sink.finish()
}
