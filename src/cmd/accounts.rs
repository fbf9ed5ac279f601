//! `uptake roster accounts`: the tools' accounts checked against the roster.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Result, bail};
use uptake_metrics::{Table, Value};
use uptake_store::Store;

use crate::cli::{AccountsArgs, OutputFormat};
use crate::config::Settings;
use crate::exit::Code;

pub const COLUMNS: &[&str] = &[
    "check",
    "tool",
    "account",
    "person",
    "name",
    "account_date",
    "registered_at",
];

pub fn run(settings: &Settings, args: AccountsArgs) -> Result<Code> {
    let store = Store::open_existing(&settings.store)?;
    let Some(roster) = store.read_roster()? else {
        bail!(
            "no roster in {}: import one first (uptake roster import FILE)",
            store.root().display()
        );
    };
    let identities = store.read_identities()?;
    let accounts: Vec<_> = store
        .accounts()?
        .into_iter()
        .filter(|a| args.tool.as_deref().is_none_or(|t| t == a.tool))
        .collect();
    let registered: HashMap<&str, chrono::NaiveDate> = roster
        .people
        .iter()
        .map(|p| (p.person.as_str(), p.registered_at))
        .collect();
    let mut table = Table::new(COLUMNS);
    let text = |s: &str| Value::Text(s.to_string());
    let opt_date = |d: Option<chrono::NaiveDate>| d.map_or(Value::Null, Value::Date);
    // person -> tools they have an account in, and their earliest account date.
    let mut has: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut earliest: BTreeMap<&str, chrono::NaiveDate> = BTreeMap::new();
    let tools: BTreeSet<&str> = accounts.iter().map(|a| a.tool.as_str()).collect();
    for a in accounts.iter().filter(|a| !a.is_bot) {
        let person = identities.resolve(&a.person);
        let date = match (a.licensed, a.created) {
            (Some(l), Some(c)) => Some(l.min(c)),
            (l, c) => l.or(c),
        };
        has.entry(person).or_default().insert(a.tool.as_str());
        if let Some(d) = date {
            let e = earliest.entry(person).or_insert(d);
            *e = (*e).min(d);
        }
        if !registered.contains_key(person) {
            table.push(vec![
                text("not_in_roster"),
                text(&a.tool),
                text(&a.account),
                text(person),
                a.name.as_deref().map_or(Value::Null, text),
                opt_date(date),
                Value::Null,
            ]);
        }
    }
    for p in &roster.people {
        for tool in &tools {
            if !has.get(p.person.as_str()).is_some_and(|t| t.contains(tool)) {
                table.push(vec![
                    text("no_account"),
                    text(tool),
                    Value::Null,
                    text(&p.person),
                    p.name.as_deref().map_or(Value::Null, text),
                    Value::Null,
                    Value::Date(p.registered_at),
                ]);
            }
        }
        if let Some(d) = earliest.get(p.person.as_str())
            && *d != p.registered_at
        {
            table.push(vec![
                text("registered_differs"),
                Value::Null,
                Value::Null,
                text(&p.person),
                p.name.as_deref().map_or(Value::Null, text),
                Value::Date(*d),
                Value::Date(p.registered_at),
            ]);
        }
    }
    let bytes = match args.format {
        OutputFormat::Table => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for row in &table.rows {
                if let Value::Text(c) = &row[0] {
                    *counts.entry(c.clone()).or_default() += 1;
                }
            }
            let mut s = format!(
                "{} account(s) in {} tool(s) ({}) against {} roster people: ",
                accounts.len(),
                tools.len(),
                tools.iter().copied().collect::<Vec<_>>().join(", "),
                roster.people.len()
            );
            s.push_str(&if counts.is_empty() {
                "no findings".to_string()
            } else {
                counts
                    .iter()
                    .map(|(c, n)| format!("{n} {c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            s.push('\n');
            if !table.rows.is_empty() {
                s.push_str(&table.to_text());
            }
            s.into_bytes()
        }
        OutputFormat::Csv => table.to_csv().into_bytes(),
        OutputFormat::Json => {
            let doc = serde_json::json!({"schema": "uptake.accounts/1", "columns": COLUMNS, "rows": table.to_json()});
            format!("{}\n", serde_json::to_string_pretty(&doc)?).into_bytes()
        }
        OutputFormat::Parquet => {
            if args.out.is_none() {
                bail!("--format parquet needs --out FILE");
            }
            table.to_parquet()?
        }
    };
    super::write_output(args.out.as_deref(), &bytes)?;
    Ok(Code::Ok)
}
