//! The generic source: any CSV, NDJSON or Parquet file with one row per action.

use std::collections::HashMap;
use std::path::Path;

use chrono_tz::Tz;
use uptake_store::{Activity, Category, Client, EventRow};
use xxhash_rust::xxh3::xxh3_128;

use super::generic_columns::{BATCH_ROWS, ParquetColumns};
use super::generic_csv::{BATCH_RECORDS, CsvColumns};
use crate::table::{FieldSpec, Format, RawRecord, Selection, read_records};
use crate::text_encoding::TextEncoding;
use crate::{
    ColumnReader, Error, ParsedFile, Reject, Result, Source, activity_of, parse_timestamp,
};

/// The canonical fields a generic file can carry, and whether each is required.
pub const GENERIC_FIELDS: &[(&str, bool)] = &[
    ("ts", true),
    ("person", true),
    ("tool", false),
    ("action", true),
    ("activity", false),
    ("category", false),
    ("client", false),
    ("channel", false),
    ("event_id", false),
    ("is_bot", false),
    ("counterparts", false),
];

/// Positions of the fields in [`GENERIC_FIELDS`] (and in a record's values).
pub(crate) mod field {
    pub const TS: usize = 0;
    pub const PERSON: usize = 1;
    pub const TOOL: usize = 2;
    pub const ACTION: usize = 3;
    pub const ACTIVITY: usize = 4;
    pub const CATEGORY: usize = 5;
    pub const CLIENT: usize = 6;
    pub const CHANNEL: usize = 7;
    pub const EVENT_ID: usize = 8;
    pub const IS_BOT: usize = 9;
    pub const COUNTERPARTS: usize = 10;
}

/// The people an action was addressed to, separated by `;`, `,`, `|` or spaces.
pub(crate) fn counterparts_of(raw: &str) -> Vec<String> {
    raw.split([';', ',', '|', ' '])
        .map(person_key)
        .filter(|p| !p.is_empty())
        .collect()
}

/// How to read generic files.
#[derive(Debug, Clone)]
pub struct GenericOptions {
    /// Forced format; by default it follows each file's extension.
    pub format: Option<Format>,
    /// Canonical field -> source column, for fields whose column is named differently.
    pub mapping: HashMap<String, String>,
    /// Tool for rows without a `tool` value.
    pub tool: Option<String>,
    /// Zone of naive timestamps.
    pub tz: Tz,
    /// Encoding of CSV files: detected, or named with `--encoding`.
    pub encoding: TextEncoding,
}

impl Default for GenericOptions {
    fn default() -> Self {
        GenericOptions {
            format: None,
            mapping: HashMap::new(),
            tool: None,
            tz: chrono_tz::UTC,
            encoding: TextEncoding::Detect,
        }
    }
}

/// Parses `--map ts=Time,person=Email` into field -> column pairs, checking field names.
pub fn parse_mapping(spec: &str, fields: &[&str]) -> Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, column)) = pair.split_once('=') else {
            return Err(Error::Usage(format!(
                "--map: `{pair}` is not FIELD=COLUMN (e.g. ts=Time,person=Email)"
            )));
        };
        let field = field.trim().to_ascii_lowercase();
        if !fields.contains(&field.as_str()) {
            return Err(Error::Usage(format!(
                "--map: unknown field `{field}`; fields are: {}",
                fields.join(", ")
            )));
        }
        map.insert(field, column.trim().to_string());
    }
    Ok(map)
}

/// Reads the generic format (documented in `docs/data-model.md`).
#[derive(Debug, Clone, Default)]
pub struct GenericSource {
    pub options: GenericOptions,
}

impl GenericSource {
    pub fn new(options: GenericOptions) -> Self {
        GenericSource { options }
    }

    /// The format of `path`: the one forced, or the one its extension implies.
    fn format_of(&self, path: &Path) -> Option<Format> {
        self.options.format.or_else(|| Format::from_path(path))
    }

    pub(crate) fn specs(&self) -> Vec<FieldSpec> {
        GENERIC_FIELDS
            .iter()
            .map(|(field, required)| FieldSpec {
                field,
                column: self
                    .options
                    .mapping
                    .get(*field)
                    .cloned()
                    .unwrap_or_else(|| field.to_string()),
                required: *required && !(*field == "tool" && self.options.tool.is_some()),
            })
            .collect()
    }
}

/// Lower-cases a person key; the canonical key is the e-mail where known.
pub fn person_key(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Lower-cases a tool name and joins its words with `-` (`Google Drive` -> `google-drive`).
pub fn tool_key(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// Parses the usual spellings of a yes/no value (English and French).
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" | "oui" | "o" | "vrai" => Some(true),
        "false" | "f" | "no" | "n" | "0" | "non" | "faux" | "" => Some(false),
        _ => None,
    }
}

/// The stable id of an event without a native id: a hash of its normalised fields.
pub fn hashed_event_id(
    ts_us: i64,
    person: &str,
    tool: &str,
    action: &str,
    channel: Option<&str>,
) -> String {
    let key = format!(
        "{ts_us}\x1f{person}\x1f{tool}\x1f{action}\x1f{}",
        channel.unwrap_or("")
    );
    format!("h:{:032x}", xxh3_128(key.as_bytes()))
}

/// What a row's tool, action, activity and category normalise to together.
pub(crate) struct Kind {
    pub tool: String,
    pub action: String,
    pub activity: Activity,
    pub category: Category,
}

/// A field at fault and why.
pub(crate) type Problem = (&'static str, String);

enum Outcome {
    Event(Box<EventRow>),
    Excluded,
    Rejected(&'static str, String),
}

impl GenericSource {
    /// Normalises the (trimmed, non-empty) tool, action, activity and category of a row,
    /// or names the first of them at fault.
    pub(crate) fn kind(
        &self,
        tool: Option<&str>,
        action: Option<&str>,
        activity: Option<&str>,
        category: Option<&str>,
    ) -> std::result::Result<Kind, Problem> {
        let tool = tool
            .or(self.options.tool.as_deref())
            .map(tool_key)
            .ok_or_else(|| {
                (
                    "tool",
                    "empty tool (add a tool column or pass --tool)".to_string(),
                )
            })?;
        let action = action.ok_or_else(|| ("action", "empty action".to_string()))?;
        let activity = match activity.map(str::parse::<Activity>) {
            None => activity_of(action),
            Some(Ok(a)) => a,
            Some(Err(e)) => return Err(("activity", e)),
        };
        let category = match category.map(str::parse::<Category>) {
            None => activity.default_category(&tool),
            Some(Ok(c)) => c,
            Some(Err(e)) => return Err(("category", e)),
        };
        Ok(Kind {
            tool,
            action: action.to_string(),
            activity,
            category,
        })
    }

    fn normalise(&self, v: &[Option<String>], instant: Option<i64>) -> Outcome {
        let get = |i: usize| v[i].as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(flag) = get(field::IS_BOT) {
            match parse_bool(flag) {
                Some(true) => return Outcome::Excluded,
                Some(false) => {}
                None => return Outcome::Rejected("is_bot", format!("`{flag}` is not true/false")),
            }
        }
        let ts_us = match instant
            .map(Ok)
            .or_else(|| get(field::TS).map(|s| parse_timestamp(s, self.options.tz)))
        {
            None => return Outcome::Rejected("ts", "empty timestamp".into()),
            Some(Err(e)) => return Outcome::Rejected("ts", e),
            Some(Ok(us)) => us,
        };
        let Some(person) = get(field::PERSON).map(person_key) else {
            return Outcome::Rejected("person", "empty person".into());
        };
        let kind = match self.kind(
            get(field::TOOL),
            get(field::ACTION),
            get(field::ACTIVITY),
            get(field::CATEGORY),
        ) {
            Ok(k) => k,
            Err((field, reason)) => return Outcome::Rejected(field, reason),
        };
        let Kind {
            tool,
            action,
            activity,
            category,
        } = kind;
        let client = get(field::CLIENT).map_or(Client::Unknown, Client::normalise);
        let channel = get(field::CHANNEL).map(str::to_string);
        let event_id = match get(field::EVENT_ID) {
            Some(id) => format!("{tool}:{id}"),
            None => hashed_event_id(ts_us, &person, &tool, &action, channel.as_deref()),
        };
        let counterparts = get(field::COUNTERPARTS)
            .map(counterparts_of)
            .unwrap_or_default();
        Outcome::Event(Box::new(EventRow {
            ts_us,
            person,
            tool,
            action,
            activity,
            category,
            client,
            channel,
            event_id,
            counterparts,
        }))
    }
}

impl Source for GenericSource {
    fn name(&self) -> &str {
        "generic"
    }

    fn accepts(&self, path: &Path) -> bool {
        self.options.format.is_some() || Format::from_path(path).is_some()
    }

    fn columns<'a>(&'a self, path: &Path) -> Result<Option<Box<dyn ColumnReader + 'a>>> {
        Ok(match self.format_of(path) {
            Some(Format::Parquet) => Some(Box::new(ParquetColumns::open(
                self,
                path,
                &self.specs(),
                BATCH_ROWS,
            )?)),
            Some(Format::Csv) => Some(Box::new(CsvColumns::open(
                self,
                path,
                &self.specs(),
                BATCH_RECORDS,
            )?)),
            _ => None,
        })
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        let format = self.format_of(path).ok_or_else(|| {
            Error::read(path, "unknown file type: pass --format csv|ndjson|parquet")
        })?;
        let specs = self.specs();
        let file = path.display().to_string();
        let mut out = ParsedFile::default();
        let mut on_record = |rec: RawRecord| {
            out.read += 1;
            let reject = |field: &str, reason: String, raw: &str| Reject {
                file: file.clone(),
                line: rec.line,
                field: field.to_string(),
                reason,
                record: raw.to_string(),
            };
            if let Some((field, reason)) = rec.error.clone() {
                out.rejects.push(reject(&field, reason, &rec.text()));
                return;
            }
            match self.normalise(&rec.values, rec.instant) {
                Outcome::Event(e) => out.events.push(*e),
                Outcome::Excluded => out.excluded += 1,
                Outcome::Rejected(field, reason) => {
                    out.rejects.push(reject(field, reason, &rec.text()))
                }
            }
        };
        read_records(
            path,
            format,
            self.options.encoding,
            Selection::Fields(&specs),
            &mut |_| {},
            &mut on_record,
        )?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn parse(csv: &str, options: GenericOptions) -> Result<ParsedFile> {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(csv.as_bytes()).unwrap();
        GenericSource::new(options).parse(f.path())
    }

    #[test]
    fn canonical_header_needs_no_options() {
        let out = parse(
            "ts,person,tool,action\n2024-03-01T10:00:00Z, Ana@X.org ,Slack,message\n",
            GenericOptions::default(),
        )
        .unwrap();
        assert_eq!(out.read, 1);
        let e = &out.events[0];
        assert_eq!(e.person, "ana@x.org");
        assert_eq!(e.tool, "slack");
        assert_eq!(e.activity, Activity::Post);
        assert_eq!(e.category, Category::Messaging);
        assert_eq!(e.client, Client::Unknown);
        assert!(e.event_id.starts_with("h:"));
    }

    #[test]
    fn mapping_tool_and_semicolons() {
        let options = GenericOptions {
            mapping: parse_mapping(
                "ts=Horodatage, person=Courriel,action=Evenement",
                &["ts", "person", "action"],
            )
            .unwrap(),
            tool: Some("Google Drive".into()),
            tz: chrono_tz::Europe::Paris,
            ..Default::default()
        };
        let out = parse(
            "Horodatage;Courriel;Evenement;event_id\n01/03/2024 01:00;bo@x.org;view;42\n",
            options,
        )
        .unwrap();
        let e = &out.events[0];
        assert_eq!(e.ts_us, 1_709_251_200_000_000);
        assert_eq!(e.tool, "google-drive");
        assert_eq!(e.event_id, "google-drive:42");
        assert_eq!(e.activity, Activity::View);
    }

    #[test]
    fn bad_rows_are_rejected_with_line_and_field() {
        let out = parse(
            "ts,person,tool,action,activity,is_bot\n\
             2024-03-01T10:00:00Z,a@x.org,slack,message,,\n\
             nope,a@x.org,slack,message,,\n\
             2024-03-01T10:00:00Z,,slack,message,,\n\
             2024-03-01T10:00:00Z,a@x.org,slack,message,dance,\n\
             2024-03-01T10:00:00Z,bot@x.org,slack,message,,true\n\
             2024-03-01T10:00:00Z,a@x.org,slack\n",
            GenericOptions::default(),
        )
        .unwrap();
        assert_eq!(out.read, 6);
        assert_eq!(out.events.len(), 1);
        assert_eq!(out.excluded, 1);
        let got: Vec<(u64, &str)> = out
            .rejects
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(3, "ts"), (4, "person"), (5, "activity"), (7, "*")]
        );
        assert!(out.rejects[0].reason.contains("`nope` is not a timestamp"));
        assert!(
            out.rejects[3]
                .reason
                .contains("3 fields where the header has 6"),
            "{}",
            out.rejects[3].reason
        );
        assert_eq!(
            out.rejects[1].record,
            "2024-03-01T10:00:00Z,,slack,message,,"
        );
    }

    #[test]
    fn missing_column_names_the_columns_there_are() {
        let err = parse("time,email,tool,action\n", GenericOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("no column `ts` for field `ts`; columns are: time, email, tool, action"),
            "{msg}"
        );
    }

    /// A Windows-1252 byte is read as the character it is there; in a file said to be
    /// UTF-8, it is rejected, never mangled.
    #[test]
    fn non_utf8_field_is_decoded_or_rejected_not_mangled() {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(b"ts,person,tool,action\n2024-03-01T10:00:00Z,caf\xe9@x.org,slack,post\n")
            .unwrap();
        let out = GenericSource::default().parse(f.path()).unwrap();
        assert_eq!(out.rejects.len(), 0);
        assert_eq!(out.events[0].person, "café@x.org");
        let utf8 = GenericOptions {
            encoding: TextEncoding::Named(encoding_rs::UTF_8),
            ..Default::default()
        };
        let out = GenericSource::new(utf8).parse(f.path()).unwrap();
        assert_eq!(out.events.len(), 0);
        assert_eq!(out.rejects[0].field, "person");
        assert!(out.rejects[0].reason.contains("this file is not UTF-8"));
    }

    #[test]
    fn ndjson_lines() {
        let mut f = tempfile::Builder::new()
            .suffix(".ndjson")
            .tempfile()
            .unwrap();
        f.write_all(
            b"{\"ts\": 1709251200, \"person\": \"A@x.org\", \"tool\": \"teams\", \"action\": \"call\"}\n\n{oops\n[1]\n",
        )
        .unwrap();
        let out = GenericSource::default().parse(f.path()).unwrap();
        assert_eq!(out.read, 3);
        assert_eq!(out.events[0].ts_us, 1_709_251_200_000_000);
        assert_eq!(out.events[0].category, Category::Meetings);
        let lines: Vec<u64> = out.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(out.rejects[0].reason.starts_with("invalid JSON"));
    }

    #[test]
    fn hashed_ids_are_stable_and_field_sensitive() {
        let a = hashed_event_id(1, "p", "t", "a", None);
        assert_eq!(a, hashed_event_id(1, "p", "t", "a", None));
        assert_ne!(a, hashed_event_id(2, "p", "t", "a", None));
        assert_ne!(a, hashed_event_id(1, "p", "t", "a", Some("c")));
    }
}
