//! Reading and validating an HR roster file (CSV or Parquet).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use uptake_store::{Person, ROSTER_COLUMNS, Roster};

use crate::table::{Format, RawRecord, Selection, read_records};
use crate::text_encoding::TextEncoding;
use crate::{Error, Result, RowProblem, parse_bool, person_key};

/// A validated roster and what is worth a warning but not a refusal.
#[derive(Debug)]
pub struct RosterImport {
    pub roster: Roster,
    pub warnings: Vec<String>,
}

/// Parses a date written `YYYY-MM-DD`, `DD/MM/YYYY`, or as a date-time (its date is kept).
pub fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%d/%m/%Y") {
        return Ok(d);
    }
    if s.len() > 10
        && let Some(prefix) = s.get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(prefix, "%Y-%m-%d")
        && matches!(s.as_bytes()[10], b'T' | b' ')
    {
        return Ok(d);
    }
    Err(format!(
        "`{s}` is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
    ))
}

/// Reads a roster file. `mapping` renames columns (roster column -> file column).
/// Every invalid value is reported with its line and field; one invalid row refuses
/// the whole file, since a roster is replaced as a whole.
pub fn read_roster(
    path: &Path,
    mapping: &HashMap<String, String>,
    encoding: TextEncoding,
) -> Result<RosterImport> {
    let format = match Format::from_path(path) {
        Some(Format::Ndjson) | None => Format::Csv,
        Some(f) => f,
    };
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<RawRecord> = Vec::new();
    read_records(
        path,
        format,
        encoding,
        Selection::All,
        &mut |h| header = h.to_vec(),
        &mut |r| rows.push(r),
    )?;

    // Column index of each known roster column, through the mapping.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for col in ROSTER_COLUMNS {
        let wanted = mapping.get(*col).map(String::as_str).unwrap_or(col);
        if let Some(i) = header
            .iter()
            .position(|h| h == wanted)
            .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(wanted)))
        {
            index.insert(col, i);
        }
    }
    for required in ["person", "registered_at"] {
        if !index.contains_key(required) {
            return Err(Error::MissingColumn {
                path: path.to_path_buf(),
                field: required.to_string(),
                column: mapping
                    .get(required)
                    .cloned()
                    .unwrap_or_else(|| required.to_string()),
                columns: header,
            });
        }
    }
    let used: HashSet<usize> = index.values().copied().collect();
    let extra: Vec<usize> = (0..header.len()).filter(|i| !used.contains(i)).collect();

    let mut problems = Vec::new();
    let mut people = Vec::with_capacity(rows.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let line = row.line;
        let mut problem = |field: &str, message: String| {
            problems.push(RowProblem {
                line,
                field: field.to_string(),
                message,
            })
        };
        if let Some((field, reason)) = &row.error {
            problem(field, reason.clone());
            continue;
        }
        let get = |col: &str| {
            index
                .get(col)
                .and_then(|&i| row.values[i].as_deref())
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let date = |col: &str, problem: &mut dyn FnMut(&str, String)| match get(col).map(parse_date)
        {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                problem(col, e);
                None
            }
            None => None,
        };
        let flag = |col: &str, problem: &mut dyn FnMut(&str, String)| {
            let v = get(col)?;
            let parsed = parse_bool(v);
            if parsed.is_none() {
                problem(
                    col,
                    format!("`{v}` is not a yes/no value (true/false, yes/no, oui/non, 1/0)"),
                );
            }
            parsed
        };
        let text = |col: &str| get(col).map(str::to_string);

        let Some(person) = get("person").map(person_key) else {
            problem("person", "empty person key".into());
            continue;
        };
        if let Some(first) = first_line.get(&person) {
            problem(
                "person",
                format!("`{person}` already appears on line {first}"),
            );
            continue;
        }
        first_line.insert(person.clone(), line);
        let registered_at = date("registered_at", &mut problem);
        if get("registered_at").is_none() {
            problem(
                "registered_at",
                "empty: every person needs the date their account was provisioned".into(),
            );
        }
        let deactivated_at = date("deactivated_at", &mut problem);
        let hired_at = date("hired_at", &mut problem);
        if let (Some(r), Some(d)) = (registered_at, deactivated_at)
            && d < r
        {
            problem("deactivated_at", format!("{d} is before registered_at {r}"));
        }
        let manager = get("manager").map(person_key);
        if manager.as_deref() == Some(person.as_str()) {
            problem("manager", "a person cannot be their own manager".into());
        }
        let ambassador = flag("ambassador", &mut problem);
        let pilot = flag("pilot", &mut problem);
        let in_scope = flag("in_scope", &mut problem);
        let Some(registered_at) = registered_at else {
            continue;
        };
        people.push(Person {
            person,
            registered_at,
            deactivated_at,
            name: text("name"),
            department: text("department"),
            team: text("team"),
            site: text("site"),
            role: text("role"),
            profile: text("profile"),
            manager,
            ambassador,
            pilot,
            wave: text("wave"),
            hired_at,
            in_scope,
            extra: extra
                .iter()
                .map(|&i| {
                    row.values[i]
                        .as_deref()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                })
                .collect(),
        });
    }
    if !problems.is_empty() {
        return Err(Error::Roster {
            path: path.to_path_buf(),
            problems,
        });
    }
    if people.is_empty() {
        return Err(Error::read(path, "the roster has no rows"));
    }
    let known: HashSet<&str> = people.iter().map(|p| p.person.as_str()).collect();
    let missing_managers: Vec<String> = people
        .iter()
        .filter_map(|p| p.manager.as_deref())
        .filter(|m| !known.contains(m))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    let roster = Roster {
        people,
        extra_columns: extra.iter().map(|&i| header[i].clone()).collect(),
    };
    if let Some(cycle) = roster.manager_cycle() {
        return Err(Error::read(
            path,
            format!(
                "field `manager` loops: {}; each chain of managers must end at someone without one (the top of the organisation)",
                cycle.join(" -> ")
            ),
        ));
    }
    let mut warnings = Vec::new();
    if !missing_managers.is_empty() {
        warnings.push(format!(
            "{} manager(s) are not in the roster themselves: {}",
            missing_managers.len(),
            missing_managers
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(RosterImport { roster, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn roster(csv: &str) -> Result<RosterImport> {
        let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        f.write_all(csv.as_bytes()).unwrap();
        read_roster(f.path(), &HashMap::new(), TextEncoding::Detect)
    }

    #[test]
    fn reads_known_and_free_columns() {
        let r = roster(
            "person,registered_at,department,manager,ambassador,region\n\
             A@x.org,2024-01-10,Sales,b@x.org,oui,North\n\
             b@x.org,10/01/2024,Sales,,non,\n",
        )
        .unwrap();
        let p = &r.roster.people;
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].person, "a@x.org");
        assert_eq!(p[0].ambassador, Some(true));
        assert_eq!(p[1].ambassador, Some(false));
        assert_eq!(
            p[1].registered_at,
            NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()
        );
        assert_eq!(r.roster.extra_columns, vec!["region".to_string()]);
        assert_eq!(p[0].extra, vec![Some("North".to_string())]);
        assert_eq!(p[1].extra, vec![None]);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn every_bad_value_is_named_by_line_and_field() {
        let err = roster(
            "person,registered_at,deactivated_at,pilot\n\
             a@x.org,2024-01-10,,yes\n\
             ,2024-01-10,,\n\
             c@x.org,someday,,\n\
             A@X.ORG,2024-01-11,,\n\
             d@x.org,2024-02-10,2024-01-01,maybe\n\
             e@x.org,,,\n",
        )
        .unwrap_err();
        let Error::Roster { problems, .. } = &err else {
            panic!("{err}")
        };
        let got: Vec<(u64, &str)> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "person"),
                (4, "registered_at"),
                (5, "person"),
                (6, "deactivated_at"),
                (6, "pilot"),
                (7, "registered_at"),
            ]
        );
        let text = err.to_string();
        assert!(
            text.contains("line 5: field `person`: `a@x.org` already appears on line 2"),
            "{text}"
        );
        assert!(text.contains("6 invalid roster row(s)"), "{text}");
    }

    #[test]
    fn missing_required_column() {
        let err = roster("email,registered_at\na@x.org,2024-01-01\n").unwrap_err();
        assert!(
            err.to_string().contains(
                "no column `person` for field `person`; columns are: email, registered_at"
            )
        );
    }

    #[test]
    fn unknown_managers_are_a_warning() {
        let r = roster("person,registered_at,manager\na@x.org,2024-01-10,boss@x.org\n").unwrap();
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains("boss@x.org"));
    }

    #[test]
    fn a_loop_of_managers_is_refused_and_named() {
        let err = roster(
            "person,registered_at,manager\n\
             top@x.org,2024-01-10,\n\
             a@x.org,2024-01-10,B@x.org\n\
             b@x.org,2024-01-10,a@x.org\n\
             c@x.org,2024-01-10,a@x.org\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("field `manager` loops: a@x.org -> b@x.org -> a@x.org"),
            "{err}"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-02-29T10:00:00Z"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        assert!(parse_date("2024-02-30").is_err());
        assert!(parse_date("2024-02-29x").is_err());
    }
}
