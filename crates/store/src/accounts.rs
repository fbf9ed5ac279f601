//! Tool accounts: who has an account in which tool, since when, and whether it was
//! closed, as the exports list them (Slack users.json, Mattermost users, Trello members,
//! licence dates). Each ingest run adds `accounts/<batch>.csv`; reading merges them, later
//! runs winning, so an account's history is never rewritten in place.

use std::collections::BTreeMap;
use std::fs;

use chrono::NaiveDate;

use crate::{Error, Result, Store, Transaction};

pub const ACCOUNTS: &str = "accounts";
pub const ACCOUNT_COLUMNS: &[&str] = &[
    "tool",
    "account",
    "person",
    "name",
    "created",
    "licensed",
    "deactivated",
    "is_bot",
];

/// One account in one tool.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Account {
    pub tool: String,
    /// The tool's own id or username.
    pub account: String,
    /// The person key events carry for it (e-mail, else `tool:id`).
    pub person: String,
    pub name: Option<String>,
    /// When the account was created or claimed.
    pub created: Option<NaiveDate>,
    /// When a licence was assigned (a `registered_at` candidate).
    pub licensed: Option<NaiveDate>,
    pub deactivated: Option<NaiveDate>,
    pub is_bot: bool,
}

impl Account {
    /// Folds a later sighting into this one: identity and state from the later one,
    /// the earliest creation and licence dates of both.
    fn merge(&mut self, later: Account) {
        let earliest = |a: Option<NaiveDate>, b: Option<NaiveDate>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.created = earliest(self.created, later.created);
        self.licensed = earliest(self.licensed, later.licensed);
        self.person = later.person;
        self.name = later.name.or(self.name.take());
        self.deactivated = later.deactivated;
        self.is_bot = later.is_bot;
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

impl Transaction<'_> {
    /// Stages the accounts this run saw.
    pub fn write_accounts(&mut self, accounts: &[Account]) -> Result<()> {
        if accounts.is_empty() {
            return Ok(());
        }
        let staged = self.staging_path("accounts.csv");
        let mut w = csv::Writer::from_path(&staged)
            .map_err(|e| Error::Invalid(format!("{}: {e}", staged.display())))?;
        let io = |e: csv::Error| Error::Invalid(format!("{}: {e}", staged.display()));
        w.write_record(ACCOUNT_COLUMNS).map_err(io)?;
        let d = |v: Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
        for a in accounts {
            w.write_record([
                a.tool.as_str(),
                a.account.as_str(),
                a.person.as_str(),
                a.name.as_deref().unwrap_or(""),
                &d(a.created),
                &d(a.licensed),
                &d(a.deactivated),
                if a.is_bot { "true" } else { "false" },
            ])
            .map_err(io)?;
        }
        w.flush().map_err(Error::io(&staged))?;
        let target = self
            .store_root()
            .join(ACCOUNTS)
            .join(format!("{}.csv", self.batch()));
        self.stage(staged, target);
        Ok(())
    }
}

impl Store {
    /// Every account seen, merged over the runs in order, sorted by tool and account.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let dir = self.root().join(ACCOUNTS);
        let mut files: Vec<_> = match fs::read_dir(&dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir)(e)),
        };
        // Batch ids start with their UTC time: name order is run order.
        files.sort();
        let mut merged: BTreeMap<(String, String), Account> = BTreeMap::new();
        for f in files {
            let mut r = csv::Reader::from_path(&f)
                .map_err(|e| Error::Invalid(format!("{}: {e}", f.display())))?;
            for row in r.records() {
                let row = row.map_err(|e| Error::Invalid(format!("{}: {e}", f.display())))?;
                let get = |i: usize| row.get(i).unwrap_or("").to_string();
                let a = Account {
                    tool: get(0),
                    account: get(1),
                    person: get(2),
                    name: Some(get(3)).filter(|s| !s.is_empty()),
                    created: date(&get(4)),
                    licensed: date(&get(5)),
                    deactivated: date(&get(6)),
                    is_bot: get(7) == "true",
                };
                match merged.get_mut(&(a.tool.clone(), a.account.clone())) {
                    Some(old) => old.merge(a),
                    None => {
                        merged.insert((a.tool.clone(), a.account.clone()), a);
                    }
                }
            }
        }
        Ok(merged.into_values().collect())
    }
}
