//! Roster filters of the deployment plan: `pilot = true`,
//! `department in ["Sales", "Finance"] and profile != "field"`.

use uptake_store::{Person, Roster};

use crate::population::{segment_columns, value_of};

/// Clauses joined by `and`; no clause matches everyone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    clauses: Vec<Clause>,
    text: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    column: String,
    negated: bool,
    /// Any of these values matches (one value for `=` and `!=`).
    values: Vec<String>,
}

impl Filter {
    pub fn everyone() -> Self {
        Filter::default()
    }

    /// The filter as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it matches everyone (`*` or empty).
    pub fn is_everyone(&self) -> bool {
        self.clauses.is_empty()
    }

    /// `(column, value)` when the filter is exactly `column = value`.
    pub fn single_value(&self) -> Option<(&str, &str)> {
        match self.clauses.as_slice() {
            [c] if !c.negated && c.values.len() == 1 => Some((&c.column, &c.values[0])),
            _ => None,
        }
    }

    /// Parses `column = value`, `column != value`, `column in [v, ...]`,
    /// `column not in [...]`, joined by `and`. Values are quoted strings or bare words
    /// (`true`, `field`); `*` or an empty filter matches everyone.
    pub fn parse(text: &str) -> Result<Self, String> {
        let tokens = tokenize(text)?;
        let mut clauses = Vec::new();
        let mut rest: &[Token] = &tokens;
        if matches!(rest, [Token::Word(w)] if w == "*") {
            rest = &[];
        }
        while !rest.is_empty() {
            let (clause, after) = clause(rest)?;
            clauses.push(clause);
            rest = match after {
                [] => after,
                [Token::Word(w), more @ ..] if w.eq_ignore_ascii_case("and") => {
                    if more.is_empty() {
                        return Err("nothing after `and`".into());
                    }
                    more
                }
                [t, ..] => return Err(format!("expected `and`, found {}", t.show())),
            };
        }
        Ok(Filter {
            clauses,
            text: text.trim().to_string(),
        })
    }

    /// Whether every column named exists on the roster.
    pub fn check_columns(&self, roster: &Roster) -> Result<(), String> {
        let known = segment_columns(roster);
        for c in &self.clauses {
            if !known.contains(&c.column) {
                return Err(format!(
                    "no roster column `{}`; columns are: {}",
                    c.column,
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Whether `person` passes. An empty cell equals only `""` (so `!=` keeps it).
    pub fn matches(&self, person: &Person, roster: &Roster) -> bool {
        self.clauses.iter().all(|c| {
            let value = value_of(person, roster, &c.column).unwrap_or_default();
            let hit = c.values.iter().any(|v| v.eq_ignore_ascii_case(&value));
            hit != c.negated
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(&'static str),
}

impl Token {
    fn show(&self) -> String {
        match self {
            Token::Word(w) => format!("`{w}`"),
            Token::Quoted(q) => format!("\"{q}\""),
            Token::Op(o) => format!("`{o}`"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '"' | '\'' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, x)) if x == c => break,
                        Some((_, x)) => s.push(x),
                        None => return Err(format!("unclosed quote at character {}", i + 1)),
                    }
                }
                out.push(Token::Quoted(s));
            }
            '[' => out.push(Token::Op("[")),
            ']' => out.push(Token::Op("]")),
            ',' => out.push(Token::Op(",")),
            '=' => {
                if chars.peek().is_some_and(|(_, x)| *x == '=') {
                    chars.next();
                }
                out.push(Token::Op("="));
            }
            '!' if chars.peek().is_some_and(|(_, x)| *x == '=') => {
                chars.next();
                out.push(Token::Op("!="));
            }
            c if c.is_alphanumeric() || "_-.@*".contains(c) => {
                let mut s = c.to_string();
                while let Some(&(_, x)) = chars.peek() {
                    if x.is_alphanumeric() || "_-.@".contains(x) {
                        s.push(x);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Word(s));
            }
            other => {
                return Err(format!(
                    "unexpected `{other}` at character {} (operators: =, !=, in, not in, and)",
                    i + 1
                ));
            }
        }
    }
    Ok(out)
}

fn clause(tokens: &[Token]) -> Result<(Clause, &[Token]), String> {
    let [Token::Word(column), rest @ ..] = tokens else {
        return Err(match tokens.first() {
            Some(t) => format!("expected a roster column, found {}", t.show()),
            None => "expected a roster column".into(),
        });
    };
    let value = |t: &Token| match t {
        Token::Word(w) | Token::Quoted(w) => Ok(w.clone()),
        other => Err(format!("expected a value, found {}", other.show())),
    };
    let column = column.to_lowercase();
    match rest {
        [Token::Op(op @ ("=" | "!=")), v, after @ ..] => Ok((
            Clause {
                column,
                negated: *op == "!=",
                values: vec![value(v)?],
            },
            after,
        )),
        [Token::Word(not), Token::Word(inw), after @ ..]
            if not.eq_ignore_ascii_case("not") && inw.eq_ignore_ascii_case("in") =>
        {
            let (values, after) = list(after)?;
            Ok((
                Clause {
                    column,
                    negated: true,
                    values,
                },
                after,
            ))
        }
        [Token::Word(inw), after @ ..] if inw.eq_ignore_ascii_case("in") => {
            let (values, after) = list(after)?;
            Ok((
                Clause {
                    column,
                    negated: false,
                    values,
                },
                after,
            ))
        }
        _ => Err(format!(
            "after `{column}`, expected =, !=, in or not in followed by a value"
        )),
    }
}

fn list(tokens: &[Token]) -> Result<(Vec<String>, &[Token]), String> {
    let mut rest = match tokens {
        [Token::Op("["), rest @ ..] => rest,
        _ => return Err("expected a list: [\"a\", \"b\"]".into()),
    };
    let mut values = Vec::new();
    loop {
        match rest {
            [Token::Op("]"), after @ ..] if !values.is_empty() => return Ok((values, after)),
            [Token::Word(w) | Token::Quoted(w), after @ ..] => {
                values.push(w.clone());
                rest = match after {
                    [Token::Op(","), more @ ..] => more,
                    _ => after,
                };
            }
            _ => return Err("a list holds values separated by commas and ends with `]`".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(department: &str, pilot: bool, profile: Option<&str>) -> Person {
        Person {
            person: "a@x".into(),
            department: Some(department.into()),
            pilot: Some(pilot),
            profile: profile.map(Into::into),
            ..Person::default()
        }
    }

    #[test]
    fn clauses_combine_with_and() {
        let roster = Roster::default();
        let f =
            Filter::parse(r#"department in ["Sales", 'Finance'] and profile != field"#).unwrap();
        assert!(f.matches(&person("Sales", false, Some("office")), &roster));
        assert!(f.matches(&person("finance", false, None), &roster));
        assert!(!f.matches(&person("Sales", false, Some("field")), &roster));
        assert!(!f.matches(&person("IT", false, None), &roster));
        let pilot = Filter::parse("pilot == true").unwrap();
        assert!(pilot.matches(&person("IT", true, None), &roster));
        assert!(!pilot.matches(&person("IT", false, None), &roster));
        let not_in = Filter::parse("department not in [IT]").unwrap();
        assert!(not_in.matches(&person("Sales", true, None), &roster));
        assert!(
            Filter::parse("*")
                .unwrap()
                .matches(&person("IT", true, None), &roster)
        );
    }

    #[test]
    fn bad_filters_say_what_is_wrong() {
        let e = |s: &str| Filter::parse(s).unwrap_err();
        assert!(e("pilot ~ true").contains("unexpected `~`"));
        assert!(e("pilot = true and").contains("nothing after `and`"));
        assert!(e("department in Sales").contains("expected a list"));
        assert!(e("department = 'Sales").contains("unclosed quote"));
        assert!(e("pilot = true or x = 1").contains("expected `and`, found `or`"));
        let roster = Roster::default();
        let unknown = Filter::parse("dept = Sales").unwrap();
        assert!(
            unknown
                .check_columns(&roster)
                .unwrap_err()
                .contains("no roster column `dept`; columns are: registered_at")
        );
    }
}
