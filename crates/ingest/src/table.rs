//! Row-by-row reading of tabular inputs (CSV, NDJSON or JSON arrays, Parquet), so that
//! every source reports bad records with their line and keeps going.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use polars::prelude::*;

use crate::input::open_input;
use crate::text_encoding::{TextEncoding, open_text};
use crate::{Error, Result};

/// The layout of a tabular input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
    Parquet,
}

impl Format {
    /// The format a file's extension implies (a trailing `.gz` is looked through).
    pub fn from_path(path: &Path) -> Option<Format> {
        // Lossy: a name that is not UTF-8 (`caf\xe9.csv`) is still a CSV.
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let (name, gz) = match name.strip_suffix(".gz") {
            Some(n) => (n, true),
            None => (name.as_str(), false),
        };
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "ndjson" | "jsonl" | "json" => Some(Format::Ndjson),
            "parquet" | "pq" if !gz => Some(Format::Parquet),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "ndjson" | "jsonl" | "json" => Ok(Format::Ndjson),
            "parquet" => Ok(Format::Parquet),
            other => Err(format!("unknown format `{other}` (csv, ndjson, parquet)")),
        }
    }
}

/// A field wanted from the input, and the column it is read from.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub field: &'static str,
    pub column: String,
    pub required: bool,
}

/// One input record: the wanted values, or why it could not be read.
#[derive(Debug)]
pub struct RawRecord {
    /// Line in a text file (the header is line 1), or 1-based record number.
    pub line: u64,
    pub values: Vec<Option<String>>,
    /// The record as it was, for the rejects file; empty when it is only its values (a
    /// Parquet row): [`RawRecord::text`] then joins them, for rejected records only.
    pub raw: String,
    /// The `ts` field as microseconds since the epoch, UTC, when the file typed it as an
    /// instant (a Parquet timestamp with a time zone): no text to parse.
    pub instant: Option<i64>,
    /// Set when the record itself is unreadable: (field, reason).
    pub error: Option<(String, String)>,
}

impl RawRecord {
    /// The record as it was, for the rejects file.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        if self.raw.is_empty() && self.values.iter().any(Option::is_some) {
            truncate(
                self.values
                    .iter()
                    .map(|v| v.as_deref().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .into()
        } else {
            self.raw.as_str().into()
        }
    }
}

/// Which columns to read: the given fields, or every column (`values` then follow the header).
pub enum Selection<'a> {
    Fields(&'a [FieldSpec]),
    All,
}

/// Reads `path` record by record, a CSV in `encoding`. `on_header` receives the column
/// names before the first record (for NDJSON, the wanted fields' columns). A missing
/// required column fails the file; anything wrong with one record is reported on that
/// record.
pub fn read_records(
    path: &Path,
    format: Format,
    encoding: TextEncoding,
    select: Selection<'_>,
    on_header: &mut dyn FnMut(&[String]),
    on_record: &mut dyn FnMut(RawRecord),
) -> Result<()> {
    match format {
        Format::Csv => read_csv(path, encoding, select, on_header, on_record),
        Format::Ndjson => read_ndjson(path, select, on_header, on_record),
        Format::Parquet => read_parquet(path, select, on_header, on_record),
    }
}

pub(crate) fn resolve(
    path: &Path,
    header: &[String],
    specs: &[FieldSpec],
) -> Result<Vec<Option<usize>>> {
    specs
        .iter()
        .map(|spec| {
            let pos = header.iter().position(|h| h == &spec.column).or_else(|| {
                header
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(&spec.column))
            });
            match pos {
                None if spec.required => Err(Error::MissingColumn {
                    path: path.to_path_buf(),
                    field: spec.field.to_string(),
                    column: spec.column.clone(),
                    columns: header.to_vec(),
                }),
                _ => Ok(pos),
            }
        })
        .collect()
}

/// The delimiter of a CSV file, guessed from its first line: `,`, `;` (common in
/// French spreadsheets) or tab, whichever occurs most.
fn sniff_delimiter(first_line: &[u8]) -> u8 {
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .unwrap_or(b',')
}

pub(crate) type CsvReader = csv::Reader<BufReader<Box<dyn Read + Send>>>;

/// A CSV reader, of the file decoded to UTF-8 when it is in another encoding, with its
/// delimiter sniffed, and the header (BOM and spaces trimmed).
pub(crate) fn open_csv(
    path: &Path,
    encoding: TextEncoding,
) -> Result<(CsvReader, Vec<String>, u8)> {
    let mut buf = open_text(path, encoding)?;
    let first = buf.fill_buf().map_err(Error::io(path))?;
    if !first.is_empty() && !first.contains(&b'\n') {
        buf = with_first_line(buf).map_err(Error::io(path))?;
    }
    let first_line = buf.fill_buf().map_err(Error::io(path))?;
    let end = first_line
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(first_line.len());
    let delimiter = sniff_delimiter(&first_line[..end]);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // Records of another length are rejected by `misshapen`, with their text.
        .flexible(true)
        .from_reader(buf);
    let header = reader
        .byte_headers()
        .map_err(|e| Error::read(path, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| match std::str::from_utf8(h) {
            Ok(h) => Ok(h.trim_start_matches('\u{feff}').trim().to_string()),
            // Only a file read as UTF-8 because --encoding said so gets here.
            Err(_) => Err(Error::read(
                path,
                format!(
                    "this file is not UTF-8: its header reads `{}`; re-save it as UTF-8, or \
                     name its encoding with --encoding (e.g. --encoding windows-1252)",
                    String::from_utf8_lossy(h)
                ),
            )),
        })
        .collect::<Result<_>>()?;
    Ok((reader, header, delimiter))
}

/// `input` with its whole first line (up to 1 MB) in the buffer: a decoder or a gzip
/// stream may give less than a line at a time, and the delimiter is sniffed from it.
fn with_first_line(
    mut input: BufReader<Box<dyn Read + Send>>,
) -> std::io::Result<BufReader<Box<dyn Read + Send>>> {
    let mut head = Vec::new();
    while head.len() < 1 << 20 {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let line_end = buf.iter().position(|&b| b == b'\n');
        let n = line_end.map_or(buf.len(), |i| i + 1);
        head.extend_from_slice(&buf[..n]);
        input.consume(n);
        if line_end.is_some() {
            break;
        }
    }
    let chained: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(input));
    Ok(BufReader::with_capacity(1 << 20, chained))
}

/// The header of a CSV file, without reading further.
pub(crate) fn csv_header(path: &Path, encoding: TextEncoding) -> Result<Vec<String>> {
    open_csv(path, encoding).map(|(_, header, _)| header)
}

fn read_csv(
    path: &Path,
    encoding: TextEncoding,
    select: Selection<'_>,
    on_header: &mut dyn FnMut(&[String]),
    on_record: &mut dyn FnMut(RawRecord),
) -> Result<()> {
    let (mut reader, header, delimiter) = open_csv(path, encoding)?;
    if header.iter().all(String::is_empty) {
        return Err(Error::read(path, "empty file: no CSV header"));
    }
    let positions: Vec<Option<usize>> = match &select {
        Selection::Fields(specs) => resolve(path, &header, specs)?,
        Selection::All => (0..header.len()).map(Some).collect(),
    };
    on_header(&header);
    let mut next_line = 2 + reader.byte_headers().map_or(0, newlines);
    let mut record = csv::ByteRecord::new();
    loop {
        let line_before = next_line;
        next_line += 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = line_before;
                next_line += newlines(&record);
                let raw = join_raw(&record, delimiter);
                if let Some(reason) = misshapen(&record, header.len(), line) {
                    on_record(RawRecord {
                        instant: None,
                        line,
                        values: vec![None; positions.len()],
                        raw,
                        error: Some(("*".into(), reason)),
                    });
                    continue;
                }
                let mut error = None;
                let values = positions
                    .iter()
                    .enumerate()
                    .map(|(i, pos)| {
                        let bytes = (*pos).and_then(|p| record.get(p))?;
                        match std::str::from_utf8(bytes) {
                            Ok(s) => Some(s.to_string()),
                            Err(_) => {
                                let field = match &select {
                                    Selection::Fields(specs) => specs[i].field.to_string(),
                                    Selection::All => header[i].clone(),
                                };
                                error.get_or_insert((field, NOT_UTF8.to_string()));
                                None
                            }
                        }
                    })
                    .collect();
                on_record(RawRecord {
                    instant: None,
                    line,
                    values,
                    raw,
                    error,
                });
            }
            Err(e) => match unreadable_reason(&e) {
                Some(reason) => on_record(RawRecord {
                    instant: None,
                    line: line_before,
                    values: vec![None; positions.len()],
                    raw: String::new(),
                    error: Some(("*".into(), reason)),
                }),
                None => return Err(Error::read(path, format!("CSV error: {e}"))),
            },
        }
    }
    Ok(())
}

/// The newlines inside a record's fields. Lines are counted with these rather than taken
/// from the csv crate, whose positions drift by one per record on CRLF files (Windows
/// exports).
pub(crate) fn newlines(record: &csv::ByteRecord) -> u64 {
    record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64
}

pub(crate) use crate::text_encoding::NOT_UTF8;

/// A CSV record spanning more lines than this is taken for a stray or unterminated
/// quote (`"`) that swallowed the lines after it, and rejected (docs/data-model.md).
pub(crate) const MAX_RECORD_LINES: u64 = 20;
/// A field longer than this is rejected for the same reason: no field of an event
/// export is near it.
pub(crate) const MAX_FIELD_BYTES: usize = 1 << 20;

/// Why a record the csv crate read whole is rejected whole: another number of fields
/// than the header has, too many lines (its `line` to the last), or a field too long.
pub(crate) fn misshapen(record: &csv::ByteRecord, width: usize, line: u64) -> Option<String> {
    let lines = newlines(record) + 1;
    if lines > MAX_RECORD_LINES {
        return Some(format!(
            "one record over lines {line} to {}, more than {MAX_RECORD_LINES}: a stray or \
             unterminated quote (\") merged them",
            line + lines - 1
        ));
    }
    if let Some((i, f)) = record
        .iter()
        .enumerate()
        .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
    {
        return Some(format!(
            "field {} is {} bytes long, over the {MAX_FIELD_BYTES} allowed: a stray or \
             unterminated quote (\")?",
            i + 1,
            f.len()
        ));
    }
    (record.len() != width).then(|| format!("{} fields where the header has {width}", record.len()))
}

/// Why the csv crate could not read a record (rejected as a whole), or `None` for an
/// I/O error, which ends the file.
pub(crate) fn unreadable_reason(e: &csv::Error) -> Option<String> {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Some(format!("{len} fields where the header has {expected_len}")),
        csv::ErrorKind::Io(_) => None,
        _ => Some(format!("unreadable CSV record: {e}")),
    }
}

pub(crate) fn join_raw(record: &csv::ByteRecord, delimiter: u8) -> String {
    let mut out = Vec::new();
    for (i, f) in record.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        out.extend_from_slice(f);
    }
    truncate(String::from_utf8_lossy(&out).into_owned())
}

pub(crate) fn truncate(mut s: String) -> String {
    const MAX: usize = 1_000;
    if s.len() > MAX {
        let mut cut = MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

fn json_value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn read_ndjson(
    path: &Path,
    select: Selection<'_>,
    on_header: &mut dyn FnMut(&[String]),
    on_record: &mut dyn FnMut(RawRecord),
) -> Result<()> {
    let Selection::Fields(specs) = select else {
        return Err(Error::read(
            path,
            "JSON input is not accepted here; use CSV or Parquet",
        ));
    };
    let header: Vec<String> = specs.iter().map(|s| s.column.clone()).collect();
    on_header(&header);
    let mut reader = open_input(path)?;
    let starts_array = reader
        .fill_buf()
        .map_err(Error::io(path))?
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
        == Some(&b'[');
    let record_of =
        |line: u64, raw: String, parsed: std::result::Result<serde_json::Value, String>| {
            let obj = match parsed {
                Ok(serde_json::Value::Object(o)) => o,
                Ok(_) => {
                    return RawRecord {
                        instant: None,
                        line,
                        values: vec![None; specs.len()],
                        raw,
                        error: Some(("*".into(), "not a JSON object".into())),
                    };
                }
                Err(e) => {
                    return RawRecord {
                        instant: None,
                        line,
                        values: vec![None; specs.len()],
                        raw,
                        error: Some(("*".into(), format!("invalid JSON: {e}"))),
                    };
                }
            };
            let mut error = None;
            let values = specs
                .iter()
                .map(|spec| {
                    let v = obj.get(&spec.column).or_else(|| {
                        obj.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(&spec.column))
                            .map(|(_, v)| v)
                    });
                    if v.is_none() && spec.required {
                        error.get_or_insert((
                            spec.field.to_string(),
                            format!("no key `{}` in this record", spec.column),
                        ));
                    }
                    v.and_then(json_value_text)
                })
                .collect();
            RawRecord {
                instant: None,
                line,
                values,
                raw,
                error,
            }
        };
    if starts_array {
        let items: Vec<serde_json::Value> = serde_json::from_reader(reader)
            .map_err(|e| Error::read(path, format!("invalid JSON array: {e}")))?;
        for (i, item) in items.into_iter().enumerate() {
            let raw = truncate(item.to_string());
            on_record(record_of(i as u64 + 1, raw, Ok(item)));
        }
        return Ok(());
    }
    let mut line_buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        line_buf.clear();
        let n = reader
            .read_until(b'\n', &mut line_buf)
            .map_err(Error::io(path))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let text = String::from_utf8_lossy(&line_buf);
        let trimmed = text.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        let parsed = if std::str::from_utf8(&line_buf).is_err() {
            Err("not valid UTF-8".to_string())
        } else {
            serde_json::from_str(trimmed).map_err(|e| e.to_string())
        };
        on_record(record_of(line_no, truncate(trimmed.to_string()), parsed));
    }
    Ok(())
}

fn read_parquet(
    path: &Path,
    select: Selection<'_>,
    on_header: &mut dyn FnMut(&[String]),
    on_record: &mut dyn FnMut(RawRecord),
) -> Result<()> {
    let file = File::open(path).map_err(Error::io(path))?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| Error::read(path, format!("cannot read Parquet: {e}")))?;
    let header: Vec<String> = df
        .get_column_names()
        .into_iter()
        .map(|c| c.to_string())
        .collect();
    let positions: Vec<Option<usize>> = match &select {
        Selection::Fields(specs) => resolve(path, &header, specs)?,
        Selection::All => (0..header.len()).map(Some).collect(),
    };
    on_header(&header);
    // A `ts` column typed as an instant with a time zone is read as such, not as text.
    let ts_field = match &select {
        Selection::Fields(specs) => specs.iter().position(|s| s.field == "ts"),
        Selection::All => None,
    };
    let ts_column = ts_field.and_then(|i| positions[i]);
    let instants: Option<Int64Chunked> = match ts_column.map(|p| &df.columns()[p]) {
        Some(col) if matches!(col.dtype(), DataType::Datetime(_, Some(_))) => Some(
            col.cast(&DataType::Datetime(
                TimeUnit::Microseconds,
                Some(TimeZone::UTC),
            ))
            .and_then(|c| c.cast(&DataType::Int64))
            .and_then(|c| c.i64().cloned())
            .map_err(|e| Error::read(path, format!("column `{}`: {e}", col.name())))?,
        ),
        _ => None,
    };
    let columns: Vec<Option<StringChunked>> = positions
        .iter()
        .enumerate()
        .map(|(i, pos)| {
            let read_as_instant = instants.is_some() && Some(i) == ts_field;
            pos.filter(|_| !read_as_instant)
                .map(|p| {
                    let col = &df.columns()[p];
                    col.cast(&DataType::String)
                        .map_err(|e| Error::read(path, format!("column `{}`: {e}", col.name())))
                        .and_then(|c| {
                            c.str().cloned().map_err(|e| {
                                Error::read(path, format!("column `{}`: {e}", col.name()))
                            })
                        })
                })
                .transpose()
        })
        .collect::<Result<_>>()?;
    for row in 0..df.height() {
        let values: Vec<Option<String>> = columns
            .iter()
            .map(|c| c.as_ref().and_then(|c| c.get(row)).map(str::to_string))
            .collect();
        let instant = instants.as_ref().and_then(|t| t.get(row));
        on_record(RawRecord {
            instant,
            line: row as u64 + 1,
            values,
            raw: String::new(),
            error: None,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a,b,c"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c"), b';');
        assert_eq!(sniff_delimiter(b"a\tb"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
        assert_eq!(sniff_delimiter(b"\"x,y\";b;c"), b';');
    }

    #[test]
    fn formats_from_names_look_through_gz() {
        assert_eq!(
            Format::from_path(Path::new("a/events.csv.gz")),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_path(Path::new("x.JSONL")),
            Some(Format::Ndjson)
        );
        assert_eq!(
            Format::from_path(Path::new("x.parquet")),
            Some(Format::Parquet)
        );
        assert_eq!(Format::from_path(Path::new("notes.md")), None);
        assert_eq!(Format::from_path(Path::new("archive.gz")), None);
    }

    #[test]
    fn gzipped_csv_reads_like_plain() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.csv.gz");
        let mut gz = flate2::write::GzEncoder::new(
            File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(b"a;b\n1;2\n3;4\n").unwrap();
        gz.finish().unwrap();
        let mut rows = Vec::new();
        read_records(
            &path,
            Format::Csv,
            TextEncoding::Detect,
            Selection::All,
            &mut |h| assert_eq!(h, ["a", "b"]),
            &mut |r| rows.push(r.values),
        )
        .unwrap();
        assert_eq!(
            rows,
            vec![
                vec![Some("1".to_string()), Some("2".to_string())],
                vec![Some("3".to_string()), Some("4".to_string())]
            ]
        );
    }
}
