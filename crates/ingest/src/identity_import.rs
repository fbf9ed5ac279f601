//! Reading an identity map file (`alias,person`): checked whole before it replaces the
//! store's map, so a bad file changes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use uptake_store::IdentityMap;

use crate::table::{FieldSpec, Format, Selection, read_records};
use crate::text_encoding::TextEncoding;
use crate::{Error, Result, RowProblem, person_key};

/// Reads `alias,person` rows (CSV in `encoding`; `;` and tab are sniffed; `personne`, `email` and
/// `e-mail` are accepted for `person`). Keys are trimmed and lower-cased like every person
/// key. An alias mapped to two people, or to a person who is itself an alias, is an error
/// naming the lines.
pub fn read_identity_map(path: &Path, encoding: TextEncoding) -> Result<IdentityMap> {
    let header = crate::table::csv_header(path, encoding)?;
    let person_column = ["person", "personne", "email", "e-mail"]
        .iter()
        .find(|c| header.iter().any(|h| h.eq_ignore_ascii_case(c)))
        .unwrap_or(&"person");
    let specs = [
        FieldSpec {
            field: "alias",
            column: "alias".into(),
            required: true,
        },
        FieldSpec {
            field: "person",
            column: person_column.to_string(),
            required: true,
        },
    ];
    let format = Format::from_path(path).unwrap_or(Format::Csv);
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, (String, u64)> = BTreeMap::new();
    read_records(
        path,
        format,
        encoding,
        Selection::Fields(&specs),
        &mut |_| {},
        &mut |r| {
            if let Some((field, message)) = r.error {
                problems.push(RowProblem {
                    line: r.line,
                    field,
                    message,
                });
                return;
            }
            let alias = r.values[0].as_deref().map(person_key).unwrap_or_default();
            let person = r.values[1].as_deref().map(person_key).unwrap_or_default();
            for (field, v) in [("alias", &alias), ("person", &person)] {
                if v.is_empty() {
                    problems.push(RowProblem {
                        line: r.line,
                        field: field.into(),
                        message: "empty".into(),
                    });
                }
            }
            if alias.is_empty() || person.is_empty() || alias == person {
                return;
            }
            match seen.get(&alias) {
                Some((other, line)) if *other != person => problems.push(RowProblem {
                    line: r.line,
                    field: "person".into(),
                    message: format!("`{alias}` is already mapped to `{other}` on line {line}"),
                }),
                Some(_) => {}
                None => {
                    seen.insert(alias, (person, r.line));
                }
            }
        },
    )?;
    for (alias, (person, line)) in &seen {
        if let Some((target, other_line)) = seen.get(person) {
            problems.push(RowProblem {
                line: *line,
                field: "person".into(),
                message: format!(
                    "`{alias}` maps to `{person}`, itself an alias of `{target}` (line {other_line}): write the final person"
                ),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(Error::Identities {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(IdentityMap {
        aliases: seen.into_iter().map(|(a, (p, _))| (a, p)).collect(),
    })
}
