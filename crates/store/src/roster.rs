use chrono::NaiveDate;
use polars::prelude::*;

/// The roster columns uptake knows, in stored order; any other column is a free attribute.
pub const ROSTER_COLUMNS: &[&str] = &[
    "person",
    "registered_at",
    "deactivated_at",
    "name",
    "department",
    "team",
    "site",
    "role",
    "profile",
    "manager",
    "wave",
    "ambassador",
    "pilot",
    "hired_at",
    "in_scope",
];

/// One person of the HR roster (columns documented in `docs/data-model.md`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub person: String,
    pub registered_at: NaiveDate,
    pub deactivated_at: Option<NaiveDate>,
    pub name: Option<String>,
    pub department: Option<String>,
    pub team: Option<String>,
    pub site: Option<String>,
    pub role: Option<String>,
    pub profile: Option<String>,
    pub manager: Option<String>,
    pub ambassador: Option<bool>,
    pub pilot: Option<bool>,
    pub wave: Option<String>,
    pub hired_at: Option<NaiveDate>,
    pub in_scope: Option<bool>,
    /// Values of the roster's free attribute columns, aligned with [`Roster::extra_columns`].
    pub extra: Vec<Option<String>>,
}

impl Person {
    /// Eligible on `day`: registered on or before it and not yet deactivated.
    pub fn eligible_on(&self, day: NaiveDate) -> bool {
        self.registered_at <= day && self.deactivated_at.is_none_or(|d| d > day)
    }
}

/// The roster: who is expected to adopt, with the attributes metrics are broken down by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    pub people: Vec<Person>,
    /// Names of the free attribute columns kept from the imported file.
    pub extra_columns: Vec<String>,
}

/// The roster's fixed text columns, in stored order, with their accessor.
type TextField = (&'static str, fn(&Person) -> &Option<String>);
const TEXT_COLUMNS: &[TextField] = &[
    ("name", |p| &p.name),
    ("department", |p| &p.department),
    ("team", |p| &p.team),
    ("site", |p| &p.site),
    ("role", |p| &p.role),
    ("profile", |p| &p.profile),
    ("manager", |p| &p.manager),
    ("wave", |p| &p.wave),
];

impl Roster {
    /// The first loop in the `manager` chain, as the people in it with the first one
    /// repeated at the end (`a -> b -> a`); `None` when every chain ends, at someone
    /// without a manager or at a manager outside the roster.
    pub fn manager_cycle(&self) -> Option<Vec<String>> {
        let index: std::collections::HashMap<&str, usize> = self
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.person.as_str(), i))
            .collect();
        let manager_of = |i: usize| {
            self.people[i]
                .manager
                .as_deref()
                .and_then(|m| index.get(m).copied())
        };
        // 0: not seen; 1: on the chain being followed; 2: its chain ends.
        let mut state = vec![0u8; self.people.len()];
        for start in 0..self.people.len() {
            let mut chain: Vec<usize> = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    2 => break,
                    1 => {
                        let from = chain.iter().position(|&j| j == i).unwrap_or(0);
                        let mut names: Vec<String> = chain[from..]
                            .iter()
                            .map(|&j| self.people[j].person.clone())
                            .collect();
                        names.push(self.people[i].person.clone());
                        return Some(names);
                    }
                    _ => {}
                }
                state[i] = 1;
                chain.push(i);
                at = manager_of(i);
            }
            for j in chain {
                state[j] = 2;
            }
        }
        None
    }

    /// Every column name a roster frame has, in order.
    pub fn column_names(&self) -> Vec<String> {
        ROSTER_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .chain(self.extra_columns.iter().cloned())
            .collect()
    }

    pub fn to_dataframe(&self) -> PolarsResult<DataFrame> {
        let p = &self.people;
        let date = |name: &str, f: &dyn Fn(&Person) -> Option<NaiveDate>| {
            DateChunked::from_naive_date_options(name.into(), p.iter().map(f)).into_column()
        };
        let flag = |name: &str, f: &dyn Fn(&Person) -> Option<bool>| {
            Column::new(name.into(), p.iter().map(f).collect::<Vec<_>>())
        };
        let mut cols = vec![
            Column::new(
                "person".into(),
                p.iter().map(|x| x.person.as_str()).collect::<Vec<_>>(),
            ),
            date("registered_at", &|x| Some(x.registered_at)),
            date("deactivated_at", &|x| x.deactivated_at),
        ];
        for (name, get) in TEXT_COLUMNS {
            cols.push(Column::new(
                (*name).into(),
                p.iter().map(|x| get(x).as_deref()).collect::<Vec<_>>(),
            ));
        }
        cols.push(flag("ambassador", &|x| x.ambassador));
        cols.push(flag("pilot", &|x| x.pilot));
        cols.push(date("hired_at", &|x| x.hired_at));
        cols.push(flag("in_scope", &|x| x.in_scope));
        for (i, name) in self.extra_columns.iter().enumerate() {
            cols.push(Column::new(
                name.as_str().into(),
                p.iter()
                    .map(|x| x.extra.get(i).and_then(|v| v.as_deref()))
                    .collect::<Vec<_>>(),
            ));
        }
        DataFrame::new(p.len(), cols)
    }

    /// Reads a frame written by [`Roster::to_dataframe`].
    pub fn from_dataframe(df: &DataFrame) -> PolarsResult<Roster> {
        let n = df.height();
        let text = |name: &str| -> PolarsResult<Vec<Option<String>>> {
            Ok(df
                .column(name)?
                .str()?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect())
        };
        let dates = |name: &str| -> PolarsResult<Vec<Option<NaiveDate>>> {
            Ok(df.column(name)?.date()?.as_date_iter().collect())
        };
        let flags = |name: &str| -> PolarsResult<Vec<Option<bool>>> {
            Ok(df.column(name)?.bool()?.iter().collect())
        };
        let person = text("person")?;
        let registered = dates("registered_at")?;
        let deactivated = dates("deactivated_at")?;
        let mut texts = Vec::new();
        for (name, _) in TEXT_COLUMNS {
            texts.push(text(name)?);
        }
        let ambassador = flags("ambassador")?;
        let pilot = flags("pilot")?;
        let hired = dates("hired_at")?;
        let in_scope = flags("in_scope")?;
        let fixed = Roster::default().column_names();
        let extra_columns: Vec<String> = df
            .get_column_names()
            .into_iter()
            .map(|c| c.to_string())
            .filter(|c| !fixed.contains(c))
            .collect();
        let extras = extra_columns
            .iter()
            .map(|c| text(c))
            .collect::<PolarsResult<Vec<_>>>()?;
        let mut people = Vec::with_capacity(n);
        for i in 0..n {
            let t = |k: usize| texts[k][i].clone();
            people.push(Person {
                person: person[i].clone().unwrap_or_default(),
                registered_at: registered[i].unwrap_or(NaiveDate::MIN),
                deactivated_at: deactivated[i],
                name: t(0),
                department: t(1),
                team: t(2),
                site: t(3),
                role: t(4),
                profile: t(5),
                manager: t(6),
                wave: t(7),
                ambassador: ambassador[i],
                pilot: pilot[i],
                hired_at: hired[i],
                in_scope: in_scope[i],
                extra: extras.iter().map(|col| col[i].clone()).collect(),
            });
        }
        Ok(Roster {
            people,
            extra_columns,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn eligibility_edges() {
        let p = Person {
            person: "a".into(),
            registered_at: d("2024-01-10"),
            deactivated_at: Some(d("2024-02-01")),
            ..Default::default()
        };
        assert!(!p.eligible_on(d("2024-01-09")));
        assert!(p.eligible_on(d("2024-01-10")));
        assert!(p.eligible_on(d("2024-01-31")));
        assert!(!p.eligible_on(d("2024-02-01")));
    }

    #[test]
    fn frame_round_trip_keeps_everything() {
        let roster = Roster {
            people: vec![
                Person {
                    person: "a@x.org".into(),
                    registered_at: d("2024-01-10"),
                    deactivated_at: Some(d("2024-05-01")),
                    name: Some("Ana".into()),
                    department: Some("Sales".into()),
                    manager: Some("b@x.org".into()),
                    ambassador: Some(true),
                    pilot: Some(false),
                    hired_at: Some(d("2019-03-04")),
                    in_scope: Some(true),
                    extra: vec![Some("north".into())],
                    ..Default::default()
                },
                Person {
                    person: "b@x.org".into(),
                    registered_at: d("2024-01-12"),
                    extra: vec![None],
                    ..Default::default()
                },
            ],
            extra_columns: vec!["region".into()],
        };
        let df = roster.to_dataframe().unwrap();
        assert_eq!(df.width(), 16);
        assert_eq!(Roster::from_dataframe(&df).unwrap(), roster);
    }
}
