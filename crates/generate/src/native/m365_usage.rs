//! Weekly Office 365 active user detail reports (Graph usage reports), downloaded each
//! Sunday: per person, the last Teams and SharePoint activity date so far. Snapshots lose the days in
//! between, by design of the reports; the task tool has no column in them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{create, day_name, flush, io};
use crate::sink::{EventSink, GenEvent};
use crate::{Error, Result};

const HEADER: &str = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,\
Has Exchange License,Has OneDrive License,Has SharePoint License,Has Skype For Business License,\
Has Yammer License,Has Teams License,Exchange Last Activity Date,OneDrive Last Activity Date,\
SharePoint Last Activity Date,Skype For Business Last Activity Date,Yammer Last Activity Date,\
Teams Last Activity Date,Exchange License Assign Date,OneDrive License Assign Date,\
SharePoint License Assign Date,Skype For Business License Assign Date,Yammer License Assign Date,\
Teams License Assign Date,Assigned Products";

pub struct M365UsageSink {
    dir: PathBuf,
    day: Option<i64>,
    /// person -> last (Teams, SharePoint) activity day so far.
    last: BTreeMap<String, [Option<i64>; 2]>,
}

impl M365UsageSink {
    pub fn create(dir: &Path) -> Result<M365UsageSink> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.into(),
            source,
        })?;
        Ok(M365UsageSink {
            dir: dir.into(),
            day: None,
            last: BTreeMap::new(),
        })
    }

    /// The report as downloaded at the end of `day`.
    fn report(&self, day: i64) -> Result<()> {
        let date = day_name(day);
        let path = self
            .dir
            .join(format!("Office365ActiveUserDetail_{date}.csv"));
        let mut w = create(&path)?;
        writeln!(w, "{HEADER}").map_err(io(&path))?;
        let d = |v: Option<i64>| v.map(day_name).unwrap_or_default();
        for (person, [teams, sharepoint]) in &self.last {
            let name = person.split('@').next().unwrap_or(person).replace('.', " ");
            writeln!(
                w,
                "{date},{person},{name},False,,False,False,True,False,False,True,,,{},,,{},,,,,,,MICROSOFT 365 E3",
                d(*sharepoint),
                d(*teams)
            )
            .map_err(io(&path))?;
        }
        flush(w, &path)
    }

    /// Downloads the report of every Sunday from the current day up to `day`, excluded:
    /// a Sunday without any event is still a download.
    fn close_days_before(&mut self, day: i64) -> Result<()> {
        if let Some(current) = self.day {
            for d in current..day {
                if is_sunday(d) {
                    self.report(d)?;
                }
            }
        }
        Ok(())
    }
}

/// Reports are downloaded every Sunday (day 0, 1970-01-01, was a Thursday).
fn is_sunday(day: i64) -> bool {
    (day - 3).rem_euclid(7) == 0
}

impl EventSink for M365UsageSink {
    fn write(&mut self, e: &GenEvent<'_>) -> Result<()> {
        let day = e.ts.div_euclid(86_400);
        self.close_days_before(day)?;
        self.day = Some(day);
        let slot = match super::office_tool(e.tool) {
            "teams" => 0,
            "sharepoint" => 1,
            _ => return Ok(()),
        };
        if e.is_bot {
            return Ok(());
        }
        let last = self.last.entry(e.person.to_string()).or_default();
        last[slot] = Some(last[slot].map_or(day, |d| d.max(day)));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        match self.day {
            // The last, partial week is downloaded too, unless it just was.
            Some(day) if !is_sunday(day) => self.report(day),
            _ => Ok(()),
        }
    }
}
