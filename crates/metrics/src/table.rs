//! Metric results as tables, and their text, CSV, JSON and Parquet renderings.

use std::fmt::Write as _;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::{Error, Result};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Text(String),
    Date(NaiveDate),
    Bool(bool),
    /// No value (e.g. a rate with a zero denominator).
    Null,
    /// Withheld because the group has fewer eligible people than the minimum group size.
    Suppressed,
}

impl Value {
    /// A ratio, `Null` when the denominator is zero.
    pub fn ratio(num: u64, den: u64) -> Value {
        if den == 0 {
            Value::Null
        } else {
            Value::Float(num as f64 / den as f64)
        }
    }

    pub fn opt_int(v: Option<i64>) -> Value {
        v.map_or(Value::Null, Value::Int)
    }

    pub fn opt_float(v: Option<f64>) -> Value {
        v.map_or(Value::Null, Value::Float)
    }

    pub(crate) fn text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Text(s) => s.clone(),
            Value::Date(d) => d.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Suppressed => "suppressed".into(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Int(i) => (*i).into(),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
            }
            Value::Text(s) => s.clone().into(),
            Value::Date(d) => d.to_string().into(),
            Value::Bool(b) => (*b).into(),
            Value::Null => serde_json::Value::Null,
            Value::Suppressed => "suppressed".into(),
        }
    }
}

/// Withholds every cell of `row` from index `from` on: a group of fewer than k people
/// shows `suppressed`, never a figure (docs/metrics.md, "Small groups").
pub fn withhold(row: &mut [Value], from: usize) {
    for v in row.iter_mut().skip(from) {
        *v = Value::Suppressed;
    }
}

/// Rates and averages keep 4 decimals; integral floats print without a fraction.
fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        let s = format!("{f:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A metric result: named columns and rows of values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Groups with a withheld figure: the distinct values of the `key` columns (those
    /// the table has) among its rows holding a `suppressed` cell; rows when it has none.
    pub fn withheld_groups(&self, key: &[&str]) -> usize {
        let at: Vec<usize> = key
            .iter()
            .filter_map(|k| self.columns.iter().position(|c| c == k))
            .collect();
        let rows = self.rows.iter().filter(|r| r.contains(&Value::Suppressed));
        if at.is_empty() {
            return rows.count();
        }
        rows.map(|r| at.iter().map(|&i| r[i].text()).collect::<Vec<_>>())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }

    pub fn column(&self, name: &str) -> Option<Vec<&Value>> {
        let i = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().map(|r| &r[i]).collect())
    }

    /// Aligned columns for people reading a terminal.
    pub fn to_text(&self) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Value::text).collect())
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cells
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([c.len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|i| {
                self.rows.iter().all(|r| {
                    matches!(
                        r[i],
                        Value::Int(_) | Value::Float(_) | Value::Null | Value::Suppressed
                    )
                })
            })
            .collect();
        let mut out = String::new();
        let line = |out: &mut String, vals: &[String]| {
            let parts: Vec<String> = vals
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    if numeric[i] {
                        format!("{v:>w$}", w = widths[i])
                    } else {
                        format!("{v:<w$}", w = widths[i])
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", parts.join("  ").trim_end());
        };
        line(&mut out, &self.columns);
        for r in &cells {
            line(&mut out, r);
        }
        out
    }

    /// CSV with exactly the table's columns as header.
    pub fn to_csv(&self) -> String {
        self.csv_header() + &self.csv_rows()
    }

    /// The CSV header line alone, for output written in batches.
    pub fn csv_header(&self) -> String {
        csv_line(&self.columns)
    }

    /// The CSV lines of the rows, without the header.
    pub fn csv_rows(&self) -> String {
        self.rows
            .iter()
            .map(|r| csv_line(&r.iter().map(Value::text).collect::<Vec<_>>()))
            .collect()
    }

    /// CSV for Excel to open with a double click: UTF-8 with a byte-order mark (without
    /// one, Excel reads the file in the system's code page and `Carré` shows as
    /// `CarrÃ©`) and CRLF line ends. With `decimal_comma`, as a French Excel reads CSV:
    /// `;` between fields (its list separator) and `,` before decimals; else `,` and `.`.
    /// Columns and values are those of [`Table::to_csv`].
    pub fn to_excel_csv(&self, decimal_comma: bool) -> Vec<u8> {
        let separator = if decimal_comma { ';' } else { ',' };
        let line = |values: Vec<String>| {
            let quoted: Vec<String> = values
                .into_iter()
                .map(|v| {
                    if v.contains([separator, '"', '\n', '\r']) {
                        format!("\"{}\"", v.replace('"', "\"\""))
                    } else {
                        v
                    }
                })
                .collect();
            quoted.join(&separator.to_string()) + "\r\n"
        };
        let mut out = String::from("\u{feff}");
        out.push_str(&line(self.columns.clone()));
        for row in &self.rows {
            out.push_str(&line(
                row.iter()
                    .map(|v| match v {
                        Value::Float(_) if decimal_comma => v.text().replace('.', ","),
                        _ => v.text(),
                    })
                    .collect(),
            ));
        }
        out.into_bytes()
    }

    /// An array of objects, one per row, keyed by column name.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    serde_json::Value::Object(
                        self.columns
                            .iter()
                            .cloned()
                            .zip(r.iter().map(Value::json))
                            .collect(),
                    )
                })
                .collect(),
        )
    }

    /// A frame with one typed column per table column; suppressed cells become nulls.
    pub fn to_dataframe(&self) -> Result<DataFrame> {
        let mut cols = Vec::with_capacity(self.columns.len());
        for (i, name) in self.columns.iter().enumerate() {
            let vals: Vec<&Value> = self.rows.iter().map(|r| &r[i]).collect();
            let name = PlSmallStr::from(name.as_str());
            let col = if vals
                .iter()
                .all(|v| matches!(v, Value::Int(_) | Value::Null | Value::Suppressed))
            {
                Column::new(
                    name,
                    vals.iter()
                        .map(|v| {
                            if let Value::Int(x) = v {
                                Some(*x)
                            } else {
                                None
                            }
                        })
                        .collect::<Vec<_>>(),
                )
            } else if vals.iter().all(|v| {
                matches!(
                    v,
                    Value::Int(_) | Value::Float(_) | Value::Null | Value::Suppressed
                )
            }) {
                Column::new(
                    name,
                    vals.iter()
                        .map(|v| match v {
                            Value::Int(x) => Some(*x as f64),
                            Value::Float(x) => Some(*x),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                )
            } else if vals
                .iter()
                .all(|v| matches!(v, Value::Date(_) | Value::Null | Value::Suppressed))
            {
                DateChunked::from_naive_date_options(
                    name,
                    vals.iter().map(|v| {
                        if let Value::Date(d) = v {
                            Some(*d)
                        } else {
                            None
                        }
                    }),
                )
                .into_column()
            } else if vals
                .iter()
                .all(|v| matches!(v, Value::Bool(_) | Value::Null | Value::Suppressed))
            {
                Column::new(
                    name,
                    vals.iter()
                        .map(|v| match v {
                            Value::Bool(b) => Some(*b),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                )
            } else {
                Column::new(
                    name,
                    vals.iter()
                        .map(|v| match v {
                            Value::Null | Value::Suppressed => None,
                            other => Some(other.text()),
                        })
                        .collect::<Vec<_>>(),
                )
            };
            cols.push(col);
        }
        DataFrame::new(self.rows.len(), cols).map_err(Error::polars("table to frame"))
    }

    pub fn to_parquet(&self) -> Result<Vec<u8>> {
        let mut df = self.to_dataframe()?;
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .finish(&mut df)
            .map_err(Error::polars("table to Parquet"))?;
        Ok(bytes)
    }
}

fn csv_line(values: &[String]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| {
            if v.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.clone()
            }
        })
        .collect();
    format!("{}\n", quoted.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["segment", "eligible", "rate"]);
        t.push(vec![
            Value::Text("Sales, north".into()),
            Value::Int(12),
            Value::Float(0.5),
        ]);
        t.push(vec![
            Value::Text("HR".into()),
            Value::Suppressed,
            Value::Null,
        ]);
        t
    }

    #[test]
    fn csv_keeps_header_and_quotes() {
        assert_eq!(
            sample().to_csv(),
            "segment,eligible,rate\n\"Sales, north\",12,0.5\nHR,suppressed,\n"
        );
    }

    /// The exact bytes: BOM, CRLF, and for French `;` with decimal commas, quoting
    /// what holds the separator (here `;`, where the plain CSV quoted the comma).
    #[test]
    fn excel_csv_bytes() {
        let mut t = sample();
        t.push(vec![
            Value::Text("Carré; sud".into()),
            Value::Int(3),
            Value::Float(-0.125),
        ]);
        assert_eq!(
            t.to_excel_csv(true),
            "\u{feff}segment;eligible;rate\r\nSales, north;12;0,5\r\nHR;suppressed;\r\n\
             \"Carré; sud\";3;-0,125\r\n"
                .as_bytes()
        );
        assert_eq!(
            &t.to_excel_csv(false)[..3],
            [0xef, 0xbb, 0xbf],
            "a UTF-8 byte-order mark"
        );
        assert_eq!(
            t.to_excel_csv(false),
            "\u{feff}segment,eligible,rate\r\n\"Sales, north\",12,0.5\r\nHR,suppressed,\r\n\
             Carré; sud,3,-0.125\r\n"
                .as_bytes()
        );
    }

    #[test]
    fn json_rows() {
        let j = sample().to_json();
        assert_eq!(j[0]["eligible"], 12);
        assert_eq!(j[1]["eligible"], "suppressed");
        assert!(j[1]["rate"].is_null());
    }

    #[test]
    fn floats() {
        assert_eq!(format_float(2.0), "2");
        assert_eq!(format_float(1.0 / 3.0), "0.3333");
        assert_eq!(format_float(0.12), "0.12");
    }

    #[test]
    fn frame_types() {
        let df = sample().to_dataframe().unwrap();
        assert_eq!(df.column("eligible").unwrap().dtype(), &DataType::Int64);
        assert_eq!(df.column("rate").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("eligible").unwrap().null_count(), 1);
    }
}
