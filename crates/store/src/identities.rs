//! The identity map: aliases (a Trello username, a Slack id without e-mail, an old
//! address) resolved to the roster's person key. It is applied when events are rolled up
//! and compared with the roster, never written into the stored events, so that changing
//! the map re-attributes history without re-ingesting anything.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Utc;
use polars::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::{Error, Result, RosterRecord, Store, write_atomic};

/// alias -> person, both lower-cased and trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityMap {
    pub aliases: BTreeMap<String, String>,
}

impl IdentityMap {
    /// The person an event's key stands for.
    pub fn resolve<'a>(&'a self, key: &'a str) -> &'a str {
        self.aliases.get(key).map_or(key, String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }

    /// A fingerprint of the content, so the rollup knows when to recompute.
    pub fn fingerprint(&self) -> String {
        let text: String = self
            .aliases
            .iter()
            .map(|(a, p)| format!("{a}\x1f{p}\n"))
            .collect();
        format!("{:016x}", xxh3_64(text.as_bytes()))
    }

    /// The map as a table `identities(alias, person)` for SQL joins.
    pub fn to_frame(&self) -> PolarsResult<DataFrame> {
        let alias: Vec<&str> = self.aliases.keys().map(String::as_str).collect();
        let person: Vec<&str> = self.aliases.values().map(String::as_str).collect();
        DataFrame::new(
            alias.len(),
            vec![
                Column::new("alias".into(), alias),
                Column::new("person".into(), person),
            ],
        )
    }

    fn to_csv(&self) -> String {
        let mut out = String::from("alias,person\n");
        for (a, p) in &self.aliases {
            out.push_str(&format!("{},{}\n", quote(a), quote(p)));
        }
        out
    }
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Store {
    pub fn identities_path(&self) -> std::path::PathBuf {
        self.root().join("identities.csv")
    }

    /// The imported identity map (empty when none was imported).
    pub fn read_identities(&self) -> Result<IdentityMap> {
        let path = self.identities_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(IdentityMap::default()),
            Err(e) => return Err(Error::io(&path)(e)),
        };
        let mut map = IdentityMap::default();
        for (i, line) in text.lines().enumerate().skip(1) {
            let (a, p) = split_pair(line).ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: line {}: not `alias,person`",
                    path.display(),
                    i + 1
                ))
            })?;
            map.aliases.insert(a, p);
        }
        Ok(map)
    }

    /// Replaces the identity map atomically and records the import in the manifest.
    pub fn write_identities(&self, map: &IdentityMap, source: &Path, sha256: &str) -> Result<()> {
        write_atomic(&self.identities_path(), map.to_csv().as_bytes())?;
        let mut manifest = self.manifest()?;
        manifest.identities = Some(RosterRecord {
            path: source.display().to_string(),
            sha256: sha256.to_string(),
            people: map.aliases.len() as u64,
            imported_at: Utc::now(),
        });
        manifest.save(&self.manifest_path())
    }
}

/// Splits a line the store itself wrote (fields quoted only when they must be).
fn split_pair(line: &str) -> Option<(String, String)> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    match <[String; 2]>::try_from(fields) {
        Ok([a, p]) => Some((a, p)),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_map_reads_back_with_awkward_characters() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s")).unwrap();
        let mut map = IdentityMap::default();
        map.aliases.insert("trello:ana".into(), "ana@x.org".into());
        map.aliases
            .insert("odd,\"name\"".into(), "bob@x.org".into());
        store
            .write_identities(&map, Path::new("ids.csv"), "abc")
            .unwrap();
        assert_eq!(store.read_identities().unwrap(), map);
        assert_eq!(map.resolve("trello:ana"), "ana@x.org");
        assert_eq!(map.resolve("carl@x.org"), "carl@x.org");
        assert_eq!(store.manifest().unwrap().identities.unwrap().people, 2);
    }
}
