//! The generic source's CSV reader by columns. A thread of its own reads the records of
//! a batch into one text, while the batch before is normalised by
//! [`normalise_batch`] as Parquet batches are. It yields the events, rejects, lines and
//! counts of the row reader ([`GenericSource::parse`]); the tests below check it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::generic::GenericSource;
use super::generic_columns::{CsvRecords, FieldText, Fields, normalise_batch};
use crate::table::{
    CsvReader, FieldSpec, NOT_UTF8, join_raw, misshapen, newlines, open_csv, resolve, truncate,
    unreadable_reason,
};
use crate::{ColumnReader, Error, EventColumns, Reject, Result};

/// A batch ends after this many records, or once its text is this long: a batch's text
/// is about the size of its part of the file, plus 4 bytes per field for the positions.
/// Batches are smaller than Parquet's so that normalising starts early and overlaps the
/// reading.
pub(crate) const BATCH_RECORDS: usize = 1 << 18;
const BATCH_TEXT: usize = 64 << 20;

/// What the reading thread sends, as the `Ok` of a `Result` whose error ends the file: a
/// batch and the file position after it, or the end of the file.
enum Message {
    Batch(Box<Fields>, u64),
    End,
}

/// A generic CSV file being read batch by batch.
pub(crate) struct CsvColumns<'a> {
    source: &'a GenericSource,
    path: PathBuf,
    file: String,
    /// What reads the records, until its thread is started by the first batch asked
    /// for: a run opens all its files first, and reads them one after the other.
    tokenizer: Option<Tokenizer>,
    batches: Option<Receiver<Result<Message>>>,
    /// Bytes of the file, and how far the batches received so far go (`None` for a
    /// compressed file, whose position is in uncompressed bytes).
    bytes: u64,
    position: Option<u64>,
    ended: bool,
}

impl<'a> CsvColumns<'a> {
    /// Opens `path`, reads its header and checks its columns; nothing more is read
    /// until the first batch is asked for.
    pub(crate) fn open(
        source: &'a GenericSource,
        path: &Path,
        specs: &[FieldSpec],
        batch_records: usize,
    ) -> Result<CsvColumns<'a>> {
        let bytes = std::fs::metadata(path).map_err(Error::io(path))?.len();
        let (mut reader, header, _) = open_csv(path, source.options.encoding)?;
        if header.iter().all(String::is_empty) {
            return Err(Error::read(path, "empty file: no CSV header"));
        }
        let columns = resolve(path, &header, specs)?;
        let header_newlines = reader.byte_headers().map_or(0, newlines);
        let compressed = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let tokenizer = Tokenizer {
            path: path.to_path_buf(),
            file: path.display().to_string(),
            fields: specs.iter().map(|s| s.field).collect(),
            columns,
            width: header.len(),
            next_line: 2 + header_newlines,
            batch_records: batch_records.max(1),
            sizes: (0, 0),
        };
        Ok(CsvColumns {
            source,
            path: path.to_path_buf(),
            file: path.display().to_string(),
            tokenizer: Some(tokenizer),
            batches: None,
            bytes,
            position: (!compressed).then_some(0),
            ended: false,
        })
    }

    /// Opens the file again past its header, and reads it on a thread of its own, a
    /// batch ahead of the one being normalised.
    fn start(&mut self, tokenizer: Tokenizer) -> Result<Receiver<Result<Message>>> {
        let (reader, header, delimiter) = open_csv(&self.path, self.source.options.encoding)?;
        if header.len() != tokenizer.width {
            return Err(Error::read(&self.path, "the file changed while being read"));
        }
        let (send, batches) = sync_channel(1);
        std::thread::Builder::new()
            .name("uptake-csv".into())
            .spawn(move || tokenizer.run(reader, delimiter, send))
            .map_err(Error::io(&self.path))?;
        Ok(batches)
    }
}

impl ColumnReader for CsvColumns<'_> {
    fn next_batch(&mut self) -> Result<Option<EventColumns>> {
        if self.ended {
            return Ok(None);
        }
        if let Some(tokenizer) = self.tokenizer.take() {
            self.batches = Some(self.start(tokenizer)?);
        }
        // The thread ends by saying so; a channel closed without that is a thread that
        // died, not the end of the file.
        let message = self
            .batches
            .as_ref()
            .and_then(|b| b.recv().ok())
            .ok_or_else(|| {
                Error::read(
                    &self.path,
                    "the CSV reading thread stopped before the end of the file",
                )
            })??;
        match message {
            Message::End => {
                self.ended = true;
                Ok(None)
            }
            Message::Batch(fields, position) => {
                if let Some(p) = &mut self.position {
                    *p = position.min(self.bytes);
                }
                normalise_batch(self.source, &self.file, &fields).map(Some)
            }
        }
    }

    fn bytes_done(&self) -> u64 {
        if self.ended {
            return self.bytes;
        }
        self.position.unwrap_or(0)
    }
}

/// Reads a CSV file's records into batches, with the row reader's line numbers and
/// reasons for unreadable records.
struct Tokenizer {
    path: PathBuf,
    file: String,
    /// The wanted fields' names and columns.
    fields: Vec<&'static str>,
    columns: Vec<Option<usize>>,
    width: usize,
    /// Line of the next record (the header is line 1; quoted newlines count).
    next_line: u64,
    batch_records: usize,
    /// Bytes of text and field positions the largest batch so far held, plus a margin.
    sizes: (usize, usize),
}

impl Tokenizer {
    fn run(mut self, mut reader: CsvReader, delimiter: u8, send: SyncSender<Result<Message>>) {
        let (mut busy, mut records) = (0.0, 0);
        loop {
            let clock = std::time::Instant::now();
            let next = self.batch(&mut reader, delimiter);
            busy += clock.elapsed().as_secs_f64();
            let (batch, ended) = match next {
                Ok(b) => b,
                Err(e) => {
                    let _ = send.send(Err(e));
                    return;
                }
            };
            let position = reader.position().byte();
            records += batch.rows + batch.early_rejects.len();
            if batch.rows > 0 || !batch.early_rejects.is_empty() {
                // A closed channel means the reader is gone: nothing is waiting.
                if send
                    .send(Ok(Message::Batch(Box::new(batch), position)))
                    .is_err()
                {
                    return;
                }
            }
            if ended {
                tracing::debug!("{}: {records} CSV record(s) read in {busy:.2} s", self.file);
                let _ = send.send(Ok(Message::End));
                return;
            }
        }
    }

    /// The next batch, and whether the file ended with it.
    fn batch(&mut self, reader: &mut CsvReader, delimiter: u8) -> Result<(Fields, bool)> {
        // Sized for the batches before, so that the buffers are seldom grown.
        let mut text: Vec<u8> = Vec::with_capacity(self.sizes.0);
        let mut starts: Vec<u32> = Vec::with_capacity(self.sizes.1);
        let mut lines = Vec::with_capacity(self.sizes.1 / self.width.max(1));
        let mut early = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut ended = false;
        while lines.len() < self.batch_records && text.len() < BATCH_TEXT {
            let line = self.next_line;
            self.next_line += 1;
            match reader.read_byte_record(&mut record) {
                Ok(false) => {
                    ended = true;
                    break;
                }
                Ok(true) => {
                    self.next_line += newlines(&record);
                    if let Some(reason) = misshapen(&record, self.width, line) {
                        early.push(Reject {
                            file: self.file.clone(),
                            line,
                            field: "*".into(),
                            reason,
                            record: join_raw(&record, delimiter),
                        });
                        continue;
                    }
                    let base = text.len();
                    for c in 0..self.width {
                        let from = record.range(c).map_or(0, |r| r.start);
                        starts.push(self.offset(base + from)?);
                    }
                    text.extend_from_slice(record.as_slice());
                    lines.push(line);
                }
                Err(e) => early.push(self.unreadable(line, e)?),
            }
        }
        starts.push(self.offset(text.len())?);
        self.sizes = (
            self.sizes.0.max(text.len() + text.len() / 16),
            self.sizes.1.max(starts.len() + starts.len() / 16),
        );
        let mut records = CsvRecords {
            text: String::new(),
            delimiter: char::from(delimiter),
            width: self.width,
            starts,
            columns: self.columns.clone(),
            lines,
        };
        match String::from_utf8(text) {
            Ok(text) => records.text = text,
            Err(e) => self.repair(&mut records, e.into_bytes(), &mut early)?,
        }
        Ok((
            Fields {
                rows: records.lines.len(),
                instants: None,
                text: FieldText::Records(records),
                early_rejects: early,
            },
            ended,
        ))
    }

    fn offset(&self, len: usize) -> Result<u32> {
        u32::try_from(len).map_err(|_| {
            Error::read(
                &self.path,
                format!("line {}: a CSV record over 4 GB", self.next_line),
            )
        })
    }

    /// The reject of a record the CSV reader could not read; an I/O error ends the file.
    fn unreadable(&self, line: u64, e: csv::Error) -> Result<Reject> {
        let reason = unreadable_reason(&e)
            .ok_or_else(|| Error::read(&self.path, format!("line {line}: CSV error: {e}")))?;
        Ok(Reject {
            file: self.file.clone(),
            line,
            field: "*".into(),
            reason,
            record: String::new(),
        })
    }

    /// Rebuilds a batch whose text is not all UTF-8, record by record: a record with a
    /// wanted field that is not UTF-8 is rejected (naming the first such field, as the
    /// row reader does); in the others, the bytes of unwanted fields that are not UTF-8
    /// are replaced, as they are in the rejects file.
    fn repair(
        &self,
        records: &mut CsvRecords,
        bytes: Vec<u8>,
        early: &mut Vec<Reject>,
    ) -> Result<()> {
        let width = self.width;
        let mut text = String::with_capacity(bytes.len());
        let mut starts = Vec::with_capacity(records.starts.len());
        let mut lines = Vec::with_capacity(records.lines.len());
        for (row, &line) in records.lines.iter().enumerate() {
            let value = |c: usize| {
                let at = row * width + c;
                &bytes[records.starts[at] as usize..records.starts[at + 1] as usize]
            };
            let bad = self.columns.iter().enumerate().find_map(|(f, c)| {
                c.filter(|&c| std::str::from_utf8(value(c)).is_err())
                    .map(|_| self.fields[f])
            });
            if let Some(field) = bad {
                let values: Vec<_> = (0..width)
                    .map(|c| String::from_utf8_lossy(value(c)))
                    .collect();
                early.push(Reject {
                    file: self.file.clone(),
                    line,
                    field: field.to_string(),
                    reason: NOT_UTF8.into(),
                    record: truncate(values.join(&records.delimiter.to_string())),
                });
                continue;
            }
            for c in 0..width {
                starts.push(self.offset(text.len())?);
                text.push_str(&String::from_utf8_lossy(value(c)));
            }
            lines.push(line);
        }
        starts.push(self.offset(text.len())?);
        records.text = text;
        records.starts = starts;
        records.lines = lines;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GenericOptions;
    use crate::sources::generic_columns::tests::{Read, assert_same, by_rows, drain, ts_micros};
    use std::io::Write;

    fn by_columns(source: &GenericSource, path: &Path, batch_records: usize) -> (Read, usize) {
        let mut reader = CsvColumns::open(source, path, &source.specs(), batch_records).unwrap();
        drain(&mut reader, path)
    }

    fn file(bytes: &[u8], suffix: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    /// Every way a CSV record can be awkward, with `person` read from `Courriel`, an
    /// unwanted `note` column, a BOM, quoted newlines and CRLF line ends.
    fn awkward() -> Vec<u8> {
        let mut b: Vec<u8> = Vec::new();
        b.extend_from_slice(
            "\u{feff}ts, Courriel ,tool,action,note,channel,event_id,is_bot\r\n".as_bytes(),
        );
        // 2: stored
        b.extend_from_slice(b"2024-03-01T10:00:00Z, Ana@X.org ,Slack,message,,general,1,non\r\n");
        // 3-5: stored, a note over three lines
        b.extend_from_slice(
            b"2024-03-01T11:00:00Z,bo@x.org,slack,reply,\"a\nb\nc\",general,2,\r\n",
        );
        // 6: too few fields
        b.extend_from_slice(b"2024-03-01T11:00:00Z,bo@x.org,slack\r\n");
        // 7: a note that is not UTF-8: stored all the same
        b.extend_from_slice(b"2024-03-01T12:00:00Z,c@x.org,slack,message,caf\xe9,random,3,\r\n");
        // 8: a person that is not UTF-8: rejected
        b.extend_from_slice(b"2024-03-01T12:00:00Z,d\xe9@x.org,slack,message,x,random,4,\r\n");
        // 9-10: a bad timestamp, the channel over two lines
        b.extend_from_slice(b"nope,c@x.org,slack,message,,\"two\nlines\",5,\r\n");
        // 11: a bot
        b.extend_from_slice(b"2024-03-01T13:00:00Z,bot@x.org,slack,message,,,6,oui\r\n");
        // 12: empty person; 13: bad is_bot
        b.extend_from_slice(b"2024-03-01T13:00:00Z,  ,slack,message,,,7,\r\n");
        b.extend_from_slice(b"2024-03-01T13:00:00Z,e@x.org,slack,message,,,8,maybe\r\n");
        // 14: no event id (hashed); 15: an id seen before (dropping duplicates is the run's)
        b.extend_from_slice(b"2024-03-02 09:00:00,e@x.org,Google Drive,view,,,,\r\n");
        b.extend_from_slice(b"2024-03-02T09:00:00Z,e@x.org,slack,message,,,1,false");
        b
    }

    fn options() -> GenericOptions {
        GenericOptions {
            mapping: [("person".to_string(), "Courriel".to_string())].into(),
            tz: chrono_tz::Europe::Paris,
            ..Default::default()
        }
    }

    #[test]
    fn records_read_by_columns_as_the_row_reader_reads_them() {
        let f = file(&awkward(), ".csv");
        let source = GenericSource::new(options());
        let rows = by_rows(&source, f.path());
        for batch_records in [1, 2, 3, 5, 100] {
            let (columns, batches) = by_columns(&source, f.path(), batch_records);
            assert_same(&rows, &columns);
            // 11 records, 10 of them readable: a batch holds that many readable ones.
            assert_eq!(batches, 10usize.div_ceil(batch_records), "{batch_records}");
        }
        let (columns, _) = by_columns(&source, f.path(), 4);
        // By hand: 11 read, one bot, 5 rejected, 5 stored.
        assert_eq!(columns.2, (11, 1));
        assert_eq!(columns.0.height(), 5);
        let rejected: Vec<(u64, &str)> = columns
            .1
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                (6, "*"),
                (8, "person"),
                (9, "ts"),
                (12, "person"),
                (13, "is_bot")
            ]
        );
        assert_eq!(columns.1[0].reason, "3 fields where the header has 8");
        // The record as it was, as for any other reject (issue 32: it was empty).
        assert_eq!(columns.1[0].record, "2024-03-01T11:00:00Z,bo@x.org,slack");
        assert_eq!(
            columns.1[1].record,
            "2024-03-01T12:00:00Z,d\u{fffd}@x.org,slack,message,x,random,4,"
        );
        assert_eq!(
            columns.1[2].record,
            "nope,c@x.org,slack,message,,two\nlines,5,"
        );
        let text = |name: &str| -> Vec<Option<String>> {
            let c = columns.0.column(name).unwrap().str().unwrap().clone();
            c.iter().map(|v| v.map(str::to_string)).collect()
        };
        assert_eq!(
            text("person"),
            ["ana@x.org", "bo@x.org", "c@x.org", "e@x.org", "e@x.org"]
                .iter()
                .map(|s| Some(s.to_string()))
                .collect::<Vec<_>>()
        );
        let ids = text("event_id");
        assert_eq!(ids[0].as_deref(), Some("slack:1"));
        assert_eq!(ids[2].as_deref(), Some("slack:3"));
        assert!(ids[3].as_deref().unwrap().starts_with("h:"));
    }

    #[test]
    fn semicolons_and_gzip_read_as_the_row_reader_reads_them() {
        let csv = "Horodatage;person;action;tool\n01/03/2024 01:00;bo@x.org;view;Drive\n\
                   02/03/2024 01:00;;view;Drive\n03/03/2024 23:30;ana@x.org;edit;Drive\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(csv.as_bytes()).unwrap();
        let options = GenericOptions {
            mapping: [("ts".to_string(), "Horodatage".to_string())].into(),
            tz: chrono_tz::Europe::Paris,
            ..Default::default()
        };
        let source = GenericSource::new(options);
        for f in [
            file(csv.as_bytes(), ".csv"),
            file(&gz.finish().unwrap(), ".csv.gz"),
        ] {
            let rows = by_rows(&source, f.path());
            let (columns, _) = by_columns(&source, f.path(), 2);
            assert_same(&rows, &columns);
            let ts = ts_micros(&columns.0);
            // 01:00 and 23:30 in Paris (UTC+1 in March before the 31st).
            assert_eq!(ts, [1_709_251_200_000_000, 1_709_505_000_000_000]);
            assert_eq!(columns.1.len(), 1);
            assert_eq!(
                (columns.1[0].line, columns.1[0].field.as_str()),
                (3, "person")
            );
        }
    }

    #[test]
    fn a_missing_column_is_named_before_anything_is_read() {
        let f = file(b"when,who\nx,y\n", ".csv");
        let source = GenericSource::default();
        let err = CsvColumns::open(&source, f.path(), &source.specs(), BATCH_RECORDS)
            .err()
            .unwrap();
        assert!(
            err.to_string()
                .contains("no column `ts` for field `ts`; columns are: when, who"),
            "{err}"
        );
        let empty = file(b"", ".csv");
        let err = CsvColumns::open(&source, empty.path(), &source.specs(), BATCH_RECORDS)
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("empty file: no CSV header"),
            "{err}"
        );
    }
}
