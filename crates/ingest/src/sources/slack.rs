//! Slack workspace exports, as the .zip Slack delivers or the extracted folder
//! (mapping table in docs/sources/slack.md).

use std::path::Path;

use rayon::prelude::*;

use super::slack_columns::SlackColumns;
use super::slack_export::DayFiles;
use crate::{ColumnReader, ParsedFile, Result, Source};

/// Reads Slack exports: `ingest slack PATH` where PATH is an export .zip or folder.
#[derive(Debug, Clone, Default)]
pub struct SlackSource;

impl Source for SlackSource {
    fn name(&self) -> &str {
        "slack"
    }

    fn accepts(&self, path: &Path) -> bool {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            || super::slack_analytics::is_analytics_file(path)
    }

    fn is_unit(&self, dir: &Path) -> bool {
        dir.join("users.json").is_file() || dir.join("channels.json").is_file()
    }

    fn parse(&self, path: &Path) -> Result<ParsedFile> {
        if is_analytics(path) {
            return super::slack_analytics::parse(path);
        }
        let (mut days, accounts) = DayFiles::open(path)?;
        let mut out = ParsedFile {
            accounts,
            ..Default::default()
        };
        while let Some(files) = days.next_batch(|batch, cx| {
            batch
                .par_iter()
                .map(|file| {
                    let mut rows = Vec::new();
                    let counts = cx.parse_day(file, &mut rows);
                    (counts, rows)
                })
                .collect::<Vec<_>>()
        })? {
            for (counts, rows) in files {
                out.read += counts.read;
                out.excluded += counts.excluded;
                out.events.extend(rows);
                out.rejects.extend(counts.rejects);
            }
        }
        Ok(out)
    }

    fn columns<'a>(&'a self, path: &Path) -> Result<Option<Box<dyn ColumnReader + 'a>>> {
        if is_analytics(path) {
            return Ok(None);
        }
        Ok(Some(Box::new(SlackColumns::open(path)?)))
    }
}

/// Whether `path` is one of the analytics CSV files rather than an export.
fn is_analytics(path: &Path) -> bool {
    path.is_file()
        && !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}
