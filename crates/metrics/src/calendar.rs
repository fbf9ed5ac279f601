//! Days as integers (days since 1970-01-01, UTC) and the periods metrics group them by.

use chrono::{Datelike, NaiveDate};

/// A calendar day as days since the Unix epoch.
pub type Day = i32;

const EPOCH_CE: i32 = 719_163;

pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce() - EPOCH_CE
}

pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_CE).unwrap_or(NaiveDate::MIN)
}

/// The periods lifecycle and retention count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// ISO week, Monday to Sunday, named by its Monday.
    Week,
    /// Calendar month, named by its first day.
    Month,
}

impl Period {
    /// The period index of a day: consecutive periods have consecutive indexes.
    pub fn index(self, day: Day) -> i32 {
        match self {
            Period::Day => day,
            // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
            Period::Week => (day + 3).div_euclid(7),
            Period::Month => {
                let d = date_of(day);
                d.year() * 12 + d.month0() as i32
            }
        }
    }

    /// The first day of a period index.
    pub fn start(self, index: i32) -> Day {
        match self {
            Period::Day => index,
            Period::Week => index * 7 - 3,
            Period::Month => day_of(
                NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
                    .unwrap_or(NaiveDate::MIN),
            ),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            other => Err(format!("unknown period `{other}` (day, week, month)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        day_of(s.parse().unwrap())
    }

    #[test]
    fn epoch_round_trip() {
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("2024-03-01"), 19_783);
        assert_eq!(date_of(19_783).to_string(), "2024-03-01");
    }

    #[test]
    fn iso_weeks_start_on_monday_across_the_year_end() {
        let w = Period::Week;
        // 2024-12-30 is the Monday of ISO week 2025-W01; 2025-01-05 its Sunday.
        assert_eq!(w.index(d("2024-12-30")), w.index(d("2025-01-05")));
        assert_eq!(w.index(d("2024-12-29")) + 1, w.index(d("2024-12-30")));
        assert_eq!(
            date_of(w.start(w.index(d("2025-01-01")))).to_string(),
            "2024-12-30"
        );
        assert_eq!(
            date_of(w.start(w.index(d("1970-01-01")))).to_string(),
            "1969-12-29"
        );
    }

    #[test]
    fn months() {
        let m = Period::Month;
        assert_eq!(m.index(d("2024-12-31")) + 1, m.index(d("2025-01-01")));
        assert_eq!(
            date_of(m.start(m.index(d("2024-02-29")))).to_string(),
            "2024-02-01"
        );
    }
}
