//! The generic source's Parquet reader by columns: a batch of row groups at a time,
//! normalised in parallel slices, with the few distinct tools, actions, clients and
//! people of a slice normalised once each. It applies the rules of the row reader
//! ([`GenericSource::parse`]) field for field; the tests below check that both yield
//! the same events, rejects and counts.

use std::fs::File;
use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use uptake_store::{Client, counterparts_column, map_on_threads};

use super::generic::field::{
    ACTION, ACTIVITY, CATEGORY, CHANNEL, CLIENT, COUNTERPARTS, EVENT_ID, IS_BOT, PERSON, TOOL, TS,
};
use super::generic::{
    GenericSource, Kind, Problem, counterparts_of, hashed_event_id, parse_bool, person_key,
};
use crate::parse_timestamp;
use crate::table::{FieldSpec, resolve, truncate};
use crate::{ColumnReader, Error, EventColumns, Reject, Result, event_key};

/// Rows read per batch (whole row groups are added until the batch has at least this
/// many): enough for the parallel slices to be worth it, small enough to bound memory.
pub(crate) const BATCH_ROWS: usize = 1 << 20;

/// A generic Parquet file being read batch by batch.
pub(crate) struct ParquetColumns<'a> {
    source: &'a GenericSource,
    path: PathBuf,
    file: String,
    /// Per field, the file's column it is read from.
    columns: Vec<Option<String>>,
    /// Those columns, each once: what every batch reads.
    wanted: Vec<String>,
    /// The file's footer, read once when opening.
    metadata: FileMetadataRef,
    /// (first row, rows) of each batch still to read, in order.
    batches: std::collections::VecDeque<(usize, usize)>,
    rows: usize,
    bytes: u64,
    rows_done: usize,
}

impl<'a> ParquetColumns<'a> {
    /// Opens `path`, checks its columns and plans the batches; nothing is decoded yet.
    pub(crate) fn open(
        source: &'a GenericSource,
        path: &Path,
        specs: &[FieldSpec],
        batch_rows: usize,
    ) -> Result<ParquetColumns<'a>> {
        let cannot = |e: PolarsError| Error::read(path, format!("cannot read Parquet: {e}"));
        let file = File::open(path).map_err(Error::io(path))?;
        let bytes = file.metadata().map_err(Error::io(path))?.len();
        let mut reader = ParquetReader::new(file);
        let header: Vec<String> = reader
            .schema()
            .map_err(cannot)?
            .iter_names()
            .map(|n| n.to_string())
            .collect();
        let positions = resolve(path, &header, specs)?;
        let metadata = reader.get_metadata().map_err(cannot)?.clone();
        let mut batches = std::collections::VecDeque::new();
        let mut start = 0;
        let mut len = 0;
        for group in &metadata.row_groups {
            len += group.num_rows();
            if len >= batch_rows {
                batches.push_back((start, len));
                start += len;
                len = 0;
            }
        }
        if len > 0 {
            batches.push_back((start, len));
        }
        let columns: Vec<Option<String>> = positions
            .iter()
            .map(|p| p.map(|i| header[i].clone()))
            .collect();
        let mut wanted: Vec<String> = columns.iter().flatten().cloned().collect();
        wanted.sort();
        wanted.dedup();
        Ok(ParquetColumns {
            source,
            path: path.to_path_buf(),
            file: path.display().to_string(),
            columns,
            wanted,
            metadata,
            rows: start + len,
            batches,
            bytes,
            rows_done: 0,
        })
    }

    fn read_batch(&self, start: usize, len: usize) -> Result<Fields> {
        let path = &self.path;
        let file = File::open(path).map_err(Error::io(path))?;
        let mut reader = ParquetReader::new(file);
        reader.set_metadata(self.metadata.clone());
        let df = reader
            .with_columns(Some(self.wanted.clone()))
            .with_slice(Some((start, len)))
            .finish()
            .map_err(|e| Error::read(path, format!("cannot read Parquet: {e}")))?;
        let column_error =
            |name: &str, e: PolarsError| Error::read(path, format!("column `{name}`: {e}"));
        let mut instants = None;
        let mut text = Vec::with_capacity(self.columns.len());
        for (field, name) in self.columns.iter().enumerate() {
            let Some(name) = name else {
                text.push(None);
                continue;
            };
            let col = df.column(name).map_err(|e| column_error(name, e))?;
            // A `ts` typed as an instant with a time zone is read as such, as the row
            // reader does; anything else is read as text, as the row reader does.
            if field == TS && matches!(col.dtype(), DataType::Datetime(_, Some(_))) {
                let us = col
                    .cast(&DataType::Datetime(
                        TimeUnit::Microseconds,
                        Some(TimeZone::UTC),
                    ))
                    .and_then(|c| c.cast(&DataType::Int64))
                    .and_then(|c| c.i64().map(|c| c.rechunk().into_owned()))
                    .map_err(|e| column_error(name, e))?;
                instants = Some(us);
                text.push(None);
                continue;
            }
            let strings = col
                .cast(&DataType::String)
                .and_then(|c| c.str().map(|c| c.rechunk().into_owned()))
                .map_err(|e| column_error(name, e))?;
            text.push(Some(strings));
        }
        Ok(Fields {
            rows: df.height(),
            instants,
            text: FieldText::Arrays {
                first_row: start,
                columns: text,
            },
            early_rejects: Vec::new(),
        })
    }
}

impl ColumnReader for ParquetColumns<'_> {
    fn next_batch(&mut self) -> Result<Option<EventColumns>> {
        let Some((start, len)) = self.batches.pop_front() else {
            return Ok(None);
        };
        let fields = self.read_batch(start, len)?;
        self.rows_done += fields.rows;
        normalise_batch(self.source, &self.file, &fields).map(Some)
    }

    fn bytes_done(&self) -> u64 {
        if self.rows == 0 {
            return self.bytes;
        }
        (self.bytes as u128 * self.rows_done as u128 / self.rows as u128) as u64
    }
}

/// Normalises a batch of `file` in parallel slices, each with its own lookups (on plain
/// threads: they build polars columns, see `map_on_threads`), and puts the slices
/// together in order. Records rejected before normalising are merged in by line.
pub(crate) fn normalise_batch(
    source: &GenericSource,
    file: &str,
    fields: &Fields,
) -> Result<EventColumns> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let step = fields.rows.div_ceil(threads * 4).max(1);
    let starts: Vec<usize> = (0..fields.rows).step_by(step).collect();
    let parts = map_on_threads(starts, |from| {
        let to = (from + step).min(fields.rows);
        Slice::new(source, file, fields).normalise(from..to)
    })?;
    let mut parts = parts.into_iter();
    let mut out = match parts.next() {
        Some(first) => first,
        None => empty_columns()?,
    };
    for part in parts {
        out.frame
            .vstack_mut(&part.frame)
            .map_err(|e| Error::read(Path::new(file), format!("cannot gather events: {e}")))?;
        out.keys.extend(part.keys);
        out.read += part.read;
        out.excluded += part.excluded;
        out.rejects.extend(part.rejects);
    }
    if !fields.early_rejects.is_empty() {
        out.read += fields.early_rejects.len() as u64;
        out.rejects.extend(fields.early_rejects.iter().cloned());
        // A record is rejected once, so its line puts it in its place in the file.
        out.rejects.sort_by_key(|r| r.line);
    }
    Ok(out)
}

/// The fields of one batch: `ts` as instants when the file types it so, the others as
/// text.
pub(crate) struct Fields {
    pub(crate) rows: usize,
    pub(crate) instants: Option<Int64Chunked>,
    pub(crate) text: FieldText,
    /// Records of the batch rejected before normalising (CSV records that cannot be
    /// read); they count as read.
    pub(crate) early_rejects: Vec<Reject>,
}

/// Where the text of a batch's fields is.
pub(crate) enum FieldText {
    /// One contiguous array per field (Parquet); row `i` is record `first_row + i + 1`.
    Arrays {
        first_row: usize,
        columns: Vec<Option<StringChunked>>,
    },
    /// The records themselves (CSV).
    Records(CsvRecords),
}

/// The records of a CSV batch: their fields' values one after another in one text.
pub(crate) struct CsvRecords {
    pub(crate) text: String,
    /// The file's delimiter, to show a record in the rejects file as the row reader does.
    pub(crate) delimiter: char,
    /// Columns per record.
    pub(crate) width: usize,
    /// Where each field of each record starts in `text`, record after record, and then
    /// where the next record would start: field `c` of record `r` ends where the next
    /// field starts, at `starts[r * width + c + 1]`.
    pub(crate) starts: Vec<u32>,
    /// Per field, the column it is read from.
    pub(crate) columns: Vec<Option<usize>>,
    /// Each record's line in the file.
    pub(crate) lines: Vec<u64>,
}

impl CsvRecords {
    fn value(&self, at: usize) -> &str {
        &self.text[self.starts[at] as usize..self.starts[at + 1] as usize]
    }

    fn field(&self, field: usize, row: usize) -> Option<&str> {
        let c = self.columns[field]?;
        Some(self.value(row * self.width + c))
    }

    /// A record as the rejects file shows it: its values joined by the delimiter.
    fn record(&self, row: usize) -> String {
        let values: Vec<&str> = (0..self.width)
            .map(|c| self.value(row * self.width + c))
            .collect();
        values.join(self.delimiter.encode_utf8(&mut [0; 4]))
    }
}

/// The Arrow array behind a contiguous string column.
type TextArray = <StringType as PolarsDataType>::Array;

/// A batch's text as a slice reads it.
enum View<'a> {
    Arrays(Vec<Option<&'a TextArray>>),
    Records(&'a CsvRecords),
}

/// One slice of a batch being normalised, with the lookups of the distinct values seen.
struct Slice<'a> {
    source: &'a GenericSource,
    file: &'a str,
    fields: &'a Fields,
    text: View<'a>,
    people: HashMap<&'a str, u32>,
    people_list: Vec<String>,
    metas: HashMap<[Option<&'a str>; 4], std::result::Result<u32, Problem>>,
    meta_list: Vec<Kind>,
    bots: HashMap<&'a str, Option<bool>>,
    clients: HashMap<&'a str, Client>,
}

impl<'a> Slice<'a> {
    fn new(source: &'a GenericSource, file: &'a str, fields: &'a Fields) -> Slice<'a> {
        Slice {
            source,
            file,
            fields,
            text: match &fields.text {
                FieldText::Arrays { columns, .. } => View::Arrays(
                    columns
                        .iter()
                        .map(|c| c.as_ref().map(|c| c.downcast_as_array()))
                        .collect(),
                ),
                FieldText::Records(records) => View::Records(records),
            },
            people: HashMap::new(),
            people_list: Vec::new(),
            metas: HashMap::new(),
            meta_list: Vec::new(),
            bots: HashMap::new(),
            clients: HashMap::new(),
        }
    }

    /// The trimmed value of a field in a row, when not empty.
    fn get(&self, field: usize, row: usize) -> Option<&'a str> {
        match &self.text {
            View::Arrays(arrays) => arrays[field].and_then(|a| a.get(row)),
            View::Records(records) => records.field(field, row),
        }
        .map(str::trim)
        .filter(|s| !s.is_empty())
    }

    fn person(&mut self, raw: &'a str) -> u32 {
        let list = &mut self.people_list;
        *self.people.entry(raw).or_insert_with(|| {
            list.push(person_key(raw));
            (list.len() - 1) as u32
        })
    }

    fn meta(&mut self, key: [Option<&'a str>; 4]) -> std::result::Result<u32, Problem> {
        if let Some(known) = self.metas.get(&key) {
            return known.clone();
        }
        let [tool, action, activity, category] = key;
        let outcome = self
            .source
            .kind(tool, action, activity, category)
            .map(|kind| {
                self.meta_list.push(kind);
                (self.meta_list.len() - 1) as u32
            });
        self.metas.insert(key, outcome.clone());
        outcome
    }

    /// The record as the row reader writes it to the rejects file: a CSV record's
    /// fields joined by its delimiter; a Parquet row's wanted values joined by commas (a
    /// `ts` read as an instant is not text, so empty).
    fn record_text(&self, row: usize) -> String {
        match &self.text {
            View::Arrays(arrays) => {
                let values: Vec<&str> = arrays
                    .iter()
                    .map(|a| a.and_then(|a| a.get(row)).unwrap_or(""))
                    .collect();
                truncate(values.join(","))
            }
            View::Records(records) => truncate(records.record(row)),
        }
    }

    /// A row's line in a text file, or its record number.
    fn line(&self, row: usize) -> u64 {
        match &self.fields.text {
            FieldText::Arrays { first_row, .. } => (first_row + row) as u64 + 1,
            FieldText::Records(records) => records.lines[row],
        }
    }

    fn normalise(mut self, rows: std::ops::Range<usize>) -> Result<EventColumns> {
        let n = rows.len();
        let mut ts = Vec::with_capacity(n);
        let mut person = Vec::with_capacity(n);
        let mut meta = Vec::with_capacity(n);
        let mut client = Vec::with_capacity(n);
        let mut channel: Vec<Option<&'a str>> = Vec::with_capacity(n);
        let mut event_id = StringChunkedBuilder::new("event_id".into(), n);
        let mut keys = Vec::with_capacity(n);
        let mut counterparts: Vec<Vec<String>> = Vec::with_capacity(n);
        let mut excluded = 0;
        let mut rejects = Vec::new();
        let mut id = String::new();
        let instants = self.fields.instants.as_ref().map(|c| c.downcast_as_array());
        for row in rows.clone() {
            let reject = |this: &Self, (field, reason): Problem| Reject {
                file: this.file.to_string(),
                line: this.line(row),
                field: field.to_string(),
                reason,
                record: this.record_text(row),
            };
            if let Some(flag) = self.get(IS_BOT, row) {
                let bot = *self.bots.entry(flag).or_insert_with(|| parse_bool(flag));
                match bot {
                    Some(true) => {
                        excluded += 1;
                        continue;
                    }
                    Some(false) => {}
                    None => {
                        rejects.push(reject(
                            &self,
                            ("is_bot", format!("`{flag}` is not true/false")),
                        ));
                        continue;
                    }
                }
            }
            let instant = instants.and_then(|a| a.get(row));
            let ts_us = match instant.map(Ok).or_else(|| {
                self.get(TS, row)
                    .map(|s| parse_timestamp(s, self.source.options.tz))
            }) {
                None => {
                    rejects.push(reject(&self, ("ts", "empty timestamp".into())));
                    continue;
                }
                Some(Err(e)) => {
                    rejects.push(reject(&self, ("ts", e)));
                    continue;
                }
                Some(Ok(us)) => us,
            };
            let Some(raw_person) = self.get(PERSON, row) else {
                rejects.push(reject(&self, ("person", "empty person".into())));
                continue;
            };
            let who = self.person(raw_person);
            let key = [
                self.get(TOOL, row),
                self.get(ACTION, row),
                self.get(ACTIVITY, row),
                self.get(CATEGORY, row),
            ];
            let what = match self.meta(key) {
                Ok(m) => m,
                Err(problem) => {
                    rejects.push(reject(&self, problem));
                    continue;
                }
            };
            let how = match self.get(CLIENT, row) {
                None => Client::Unknown,
                Some(raw) => *self
                    .clients
                    .entry(raw)
                    .or_insert_with(|| Client::normalise(raw)),
            };
            let place = self.get(CHANNEL, row);
            let m = &self.meta_list[what as usize];
            match self.get(EVENT_ID, row) {
                Some(native) => {
                    id.clear();
                    id.push_str(&m.tool);
                    id.push(':');
                    id.push_str(native);
                    keys.push(event_key(&id));
                    event_id.append_value(&id);
                }
                None => {
                    let hashed = hashed_event_id(
                        ts_us,
                        &self.people_list[who as usize],
                        &m.tool,
                        &m.action,
                        place,
                    );
                    keys.push(event_key(&hashed));
                    event_id.append_value(&hashed);
                }
            }
            counterparts.push(
                self.get(COUNTERPARTS, row)
                    .map(counterparts_of)
                    .unwrap_or_default(),
            );
            ts.push(ts_us);
            person.push(who);
            meta.push(what);
            client.push(how.as_str());
            channel.push(place);
        }
        let people = &self.people_list;
        let metas = &self.meta_list;
        let stored = ts.len();
        let build = || -> PolarsResult<DataFrame> {
            let counterparts = counterparts_column(counterparts.iter().map(Vec::as_slice))?;
            DataFrame::new(
                stored,
                vec![
                    Int64Chunked::from_vec("ts".into(), ts)
                        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                        .into_column(),
                    StringChunked::from_iter_values(
                        "person".into(),
                        person.iter().map(|&p| people[p as usize].as_str()),
                    )
                    .into_column(),
                    StringChunked::from_iter_values(
                        "tool".into(),
                        meta.iter().map(|&m| metas[m as usize].tool.as_str()),
                    )
                    .into_column(),
                    StringChunked::from_iter_values(
                        "action".into(),
                        meta.iter().map(|&m| metas[m as usize].action.as_str()),
                    )
                    .into_column(),
                    StringChunked::from_iter_values(
                        "activity".into(),
                        meta.iter().map(|&m| metas[m as usize].activity.as_str()),
                    )
                    .into_column(),
                    StringChunked::from_iter_values(
                        "category".into(),
                        meta.iter().map(|&m| metas[m as usize].category.as_str()),
                    )
                    .into_column(),
                    Column::new("client".into(), client),
                    Column::new("channel".into(), channel),
                    event_id.finish().into_column(),
                    counterparts,
                ],
            )
        };
        let frame = build()
            .map_err(|e| Error::read(Path::new(self.file), format!("cannot gather events: {e}")))?;
        Ok(EventColumns {
            frame,
            keys,
            read: n as u64,
            excluded,
            rejects,
            complete_before: None,
        })
    }
}

/// A batch without rows, with the stored columns.
fn empty_columns() -> Result<EventColumns> {
    let frame = uptake_store::EventBatch::default()
        .to_dataframe("")
        .and_then(|df| df.drop("batch"))
        .map_err(|e| Error::Usage(format!("cannot build an empty batch: {e}")))?;
    Ok(EventColumns {
        frame,
        keys: Vec::new(),
        read: 0,
        excluded: 0,
        rejects: Vec::new(),
        complete_before: None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::GenericOptions;
    use crate::Source;

    /// Every field's edge cases, one row each, all read as text. Columns: ts, Person
    /// (mapped to `person`), tool, action, activity, category, client, channel,
    /// event_id, is_bot, counterparts.
    fn awkward_rows() -> DataFrame {
        const Z: &str = "2024-03-01T10:00:00Z";
        #[rustfmt::skip]
        let rows: [[Option<&str>; 11]; 13] = [
            /* 2: stored */ [Some(Z), Some(" Ana@X.org "), Some("Slack"), Some("message"), None, None, Some("Mobile"), Some(" general "), Some("1"), Some("non"), Some("B@x.org; c@x.org")],
            /* 3: stored, hashed id */ [Some(" 2024-03-01 11:00:00 "), Some("ana@x.org"), Some("Google Drive"), Some("view"), None, Some("Documents"), Some("desktop"), None, None, Some(""), None],
            /* 4: stored, --tool */ [Some("01/03/2024 12:00"), Some("BO@x.org"), None, Some("edit"), Some("Edit"), None, Some("iOS"), Some(""), Some(" 7 "), None, Some(" , ")],
            /* 5: rejected ts */ [Some("nope"), Some("a@x.org"), Some("slack"), Some("message"), None, None, None, None, None, None, None],
            /* 6: a bot */ [None, Some("a@x.org"), Some("slack"), Some("message"), None, None, None, None, None, Some("oui"), None],
            /* 7: stored */ [Some("2024-03-02T09:00:00+01:00"), Some("Élodie@x.org"), Some(" Microsoft  Teams "), Some(" call "), None, None, Some(" web "), Some("équipe"), Some(""), Some("false"), Some("ana@x.org|bo@x.org d@x.org")],
            /* 8: rejected is_bot */ [Some(Z), Some("c@x.org"), Some("slack"), Some("message"), None, None, None, None, None, Some("maybe"), None],
            /* 9: rejected person */ [Some(Z), Some("  "), Some("slack"), Some("message"), None, None, None, None, None, None, None],
            /* 10: rejected action */ [Some(Z), Some("c@x.org"), Some("slack"), None, None, None, None, None, None, None, None],
            /* 11: rejected activity */ [Some(Z), Some("c@x.org"), Some("slack"), Some("message"), Some("dance"), None, None, None, None, None, None],
            /* 12: rejected category */ [Some(Z), Some("c@x.org"), Some("slack"), Some("message"), None, Some("nonsense"), None, None, None, None, None],
            /* 13: stored */ [Some(Z), Some("c@x.org"), Some("slack"), Some("message"), None, None, Some("fridge"), None, Some("9"), Some("0"), None],
            /* 14: stored */ [Some("2024-03-03T00:00:00Z"), Some("d@x.org"), Some("trello"), Some("card_moved"), Some("edit"), None, None, Some("board-1"), Some("c-1"), Some("FALSE"), Some("")],
        ];
        // The canonical names, but `person` read from a column of another name.
        let names = crate::GENERIC_FIELDS
            .iter()
            .map(|(f, _)| if *f == "person" { "Person" } else { f });
        df_of(
            names
                .enumerate()
                .map(|(i, name)| {
                    let values: Vec<Option<&str>> = rows.iter().map(|r| r[i]).collect();
                    Column::new((*name).into(), values)
                })
                .collect(),
        )
    }

    fn df_of(columns: Vec<Column>) -> DataFrame {
        let n = columns[0].len();
        DataFrame::new(n, columns).unwrap()
    }

    fn write(df: &mut DataFrame, row_group: usize) -> tempfile::NamedTempFile {
        let f = tempfile::Builder::new()
            .suffix(".parquet")
            .tempfile()
            .unwrap();
        ParquetWriter::new(std::fs::File::create(f.path()).unwrap())
            .with_row_group_size(Some(row_group))
            .finish(df)
            .unwrap();
        f
    }

    /// What a reader yielded: events as a frame without `batch`, rejects, (read,
    /// excluded), and the events' keys.
    pub(crate) type Read = (DataFrame, Vec<Reject>, (u64, u64), Vec<u64>);

    /// The file read by the row reader.
    pub(crate) fn by_rows(source: &dyn Source, path: &Path) -> Read {
        let rows = source.parse(path).unwrap();
        let mut batch = uptake_store::EventBatch::default();
        let mut keys = Vec::new();
        for e in rows.events {
            keys.push(event_key(&e.event_id));
            batch.push(e);
        }
        let frame = batch.to_dataframe("b").unwrap().drop("batch").unwrap();
        (frame, rows.rejects, (rows.read, rows.excluded), keys)
    }

    /// What a reader by columns yields until its end, and in how many batches; it must
    /// account for every byte of `path` at the end.
    pub(crate) fn drain(reader: &mut dyn ColumnReader, path: &Path) -> (Read, usize) {
        let mut frame: Option<DataFrame> = None;
        let (mut rejects, mut read, mut excluded, mut keys) = (vec![], 0, 0, vec![]);
        let mut batches = 0;
        while let Some(b) = reader.next_batch().unwrap() {
            batches += 1;
            match &mut frame {
                Some(f) => {
                    f.vstack_mut(&b.frame).unwrap();
                }
                None => frame = Some(b.frame),
            }
            rejects.extend(b.rejects);
            read += b.read;
            excluded += b.excluded;
            keys.extend(b.keys);
        }
        assert!(reader.next_batch().unwrap().is_none());
        assert_eq!(reader.bytes_done(), std::fs::metadata(path).unwrap().len());
        ((frame.unwrap(), rejects, (read, excluded), keys), batches)
    }

    /// Both readers yielded the same events, rejects, counts and keys.
    pub(crate) fn assert_same(rows: &Read, columns: &Read) {
        assert!(
            rows.0.equals_missing(&columns.0),
            "{}\n{}",
            rows.0,
            columns.0
        );
        assert_eq!(rows.1, columns.1);
        assert_eq!(rows.2, columns.2);
        assert_eq!(rows.3, columns.3);
    }

    /// The events' `ts`, in microseconds.
    pub(crate) fn ts_micros(events: &DataFrame) -> Vec<i64> {
        events
            .column("ts")
            .unwrap()
            .cast(&DataType::Int64)
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect()
    }

    /// The file read row by row, and by columns in batches of `batch_rows`.
    fn both(source: &GenericSource, path: &Path, batch_rows: usize) -> [Read; 2] {
        let mut reader = ParquetColumns::open(source, path, &source.specs(), batch_rows).unwrap();
        let (columns, batches) = drain(&mut reader, path);
        assert!(batches >= 1);
        [by_rows(source, path), columns]
    }

    fn options() -> GenericOptions {
        GenericOptions {
            mapping: [("person".to_string(), "Person".to_string())].into(),
            tool: Some("Google Drive".into()),
            tz: chrono_tz::Europe::Paris,
            ..Default::default()
        }
    }

    #[test]
    fn text_columns_read_as_the_row_reader_reads_them() {
        let file = write(&mut awkward_rows(), 3);
        let source = GenericSource::new(options());
        // Batches of 4 rows: whole row groups of 3, so batches of 6, 6.
        let [rows, columns] = both(&source, file.path(), 4);
        assert_same(&rows, &columns);
        // And what that is, by hand: 13 read, one bot (`oui`), 6 rejected, 6 stored.
        assert_eq!(columns.2, (13, 1));
        let rejected: Vec<(u64, &str)> = columns
            .1
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                (4, "ts"),
                (7, "is_bot"),
                (8, "person"),
                (9, "action"),
                (10, "activity"),
                (11, "category")
            ]
        );
        assert_eq!(columns.1[0].record, "nope,a@x.org,slack,message,,,,,,,");
        let text = |name: &str| -> Vec<Option<String>> {
            let c = columns.0.column(name).unwrap().str().unwrap().clone();
            c.iter().map(|v| v.map(str::to_string)).collect()
        };
        let some =
            |v: &[&str]| -> Vec<Option<String>> { v.iter().map(|s| Some(s.to_string())).collect() };
        assert_eq!(
            text("person"),
            some(&[
                "ana@x.org",
                "ana@x.org",
                "bo@x.org",
                "élodie@x.org",
                "c@x.org",
                "d@x.org"
            ])
        );
        assert_eq!(
            text("tool"),
            some(&[
                "slack",
                "google-drive",
                "google-drive",
                "microsoft-teams",
                "slack",
                "trello"
            ])
        );
        assert_eq!(
            text("action"),
            some(&["message", "view", "edit", "call", "message", "card_moved"])
        );
        assert_eq!(
            text("client"),
            some(&["mobile", "desktop", "mobile", "web", "unknown", "unknown"])
        );
        assert_eq!(
            text("channel"),
            [
                Some("general".to_string()),
                None,
                None,
                Some("équipe".to_string()),
                None,
                Some("board-1".to_string())
            ]
        );
        let ids = text("event_id");
        assert_eq!(ids[0].as_deref(), Some("slack:1"));
        assert_eq!(ids[2].as_deref(), Some("google-drive:7"));
        assert_eq!(ids[4].as_deref(), Some("slack:9"));
        assert_eq!(ids[5].as_deref(), Some("trello:c-1"));
        // 2024-03-01 11:00 in Paris is 10:00 UTC.
        assert_eq!(
            ids[1].as_deref(),
            Some(
                hashed_event_id(
                    1_709_287_200_000_000,
                    "ana@x.org",
                    "google-drive",
                    "view",
                    None
                )
                .as_str()
            )
        );
        let counterparts = columns
            .0
            .column("counterparts")
            .unwrap()
            .list()
            .unwrap()
            .clone();
        let lists: Vec<Option<Vec<String>>> = (0..counterparts.len())
            .map(|i| counterparts.get_as_series(i))
            .map(|s| {
                s.map(|s| {
                    s.str()
                        .unwrap()
                        .iter()
                        .map(|v| v.unwrap_or("").to_string())
                        .collect()
                })
            })
            .collect();
        let list = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            lists,
            [
                list(&["b@x.org", "c@x.org"]),
                None,
                None,
                list(&["ana@x.org", "bo@x.org", "d@x.org"]),
                None,
                None
            ]
        );
    }

    #[test]
    fn typed_columns_read_as_the_row_reader_reads_them() {
        // `ts` as a UTC instant and `is_bot` as a boolean, as `uptake generate` writes them.
        let us = [
            1_709_287_200_000_000i64,
            1_709_290_800_000_000,
            1_709_380_000_000_000,
        ];
        let ts = Int64Chunked::from_slice("ts".into(), &us)
            .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
            .into_column();
        let mut df = df_of(vec![
            ts,
            Column::new("person".into(), ["a@x.org", "b@x.org", "bot@x.org"]),
            Column::new("tool".into(), ["slack", "teams", "slack"]),
            Column::new("action".into(), ["message", "call", "message"]),
            Column::new("event_id".into(), [Some("1"), None, Some("3")]),
            Column::new("is_bot".into(), [Some(false), None, Some(true)]),
        ]);
        let file = write(&mut df, 2);
        let source = GenericSource::default();
        let [rows, columns] = both(&source, file.path(), 1);
        assert!(
            rows.0.equals_missing(&columns.0),
            "{}\n{}",
            rows.0,
            columns.0
        );
        assert_eq!(columns.2, (3, 1));
        assert_eq!(rows.1, columns.1);
        assert_eq!(ts_micros(&columns.0), us[..2]);
    }

    #[test]
    fn a_missing_column_is_named_before_anything_is_read() {
        let mut df = df_of(vec![
            Column::new("when".into(), ["x"]),
            Column::new("who".into(), ["y"]),
        ]);
        let file = write(&mut df, 10);
        let source = GenericSource::default();
        let err = ParquetColumns::open(&source, file.path(), &source.specs(), BATCH_ROWS)
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .contains("no column `ts` for field `ts`; columns are: when, who"),
            "{err}"
        );
    }
}
