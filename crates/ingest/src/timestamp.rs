//! Timestamp normalisation: every accepted spelling becomes microseconds since the epoch, UTC.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// Formats carrying their own UTC offset, tried after RFC 3339.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
];

/// Naive formats, read as wall-clock time in the ingest time zone. Day-first
/// (`31/12/2024`) is the European order; month-first is never guessed.
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
];

/// Parses a timestamp into microseconds since the Unix epoch (UTC).
///
/// Accepted: RFC 3339 with any offset (`2024-03-31T01:30:00+02:00`, `...Z`); the same
/// with a space for `T` or `+0200`; naive date-times and bare dates, interpreted in
/// `tz`; epoch numbers (seconds, milliseconds from 1e11, microseconds from 1e14, with
/// an optional fraction, as in Slack's `"1434137220.000002"`). A naive time that falls
/// in a daylight-saving gap is an error; one in the repeated hour takes the first.
pub fn parse_timestamp(raw: &str, tz: Tz) -> Result<i64, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("empty timestamp".into());
    }
    if let Some(us) = parse_epoch(s) {
        return us;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp_micros());
    }
    for f in WITH_OFFSET {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return Ok(dt.timestamp_micros());
        }
    }
    let s_utc = s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT"));
    for f in NAIVE {
        if let Some(base) = s_utc
            && let Ok(n) = NaiveDateTime::parse_from_str(base, f)
        {
            return Ok(n.and_utc().timestamp_micros());
        }
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return local_to_utc(n, tz, s);
        }
    }
    for f in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return local_to_utc(d.and_time(chrono::NaiveTime::MIN), tz, s);
        }
    }
    Err(format!(
        "`{s}` is not a timestamp (expected RFC 3339 such as 2024-03-01T09:30:00+01:00, \
         a date-time such as 2024-03-01 09:30:00, or epoch seconds/milliseconds)"
    ))
}

fn local_to_utc(n: NaiveDateTime, tz: Tz, s: &str) -> Result<i64, String> {
    match tz.from_local_datetime(&n) {
        LocalResult::Single(dt) => Ok(dt.timestamp_micros()),
        LocalResult::Ambiguous(first, _) => Ok(first.timestamp_micros()),
        LocalResult::None => Err(format!(
            "`{s}` does not exist in {tz} (the clocks skipped it for daylight saving)"
        )),
    }
}

fn parse_epoch(s: &str) -> Option<Result<i64, String>> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let Ok(v) = int.parse::<i64>() else {
        return Some(Err(format!("`{s}` is too large for an epoch timestamp")));
    };
    let magnitude = v.unsigned_abs();
    // The unit, and the digits of its fraction that are read (to the microsecond).
    let (scale, frac_digits): (i64, usize) = if magnitude >= 100_000_000_000_000 {
        (1, 0)
    } else if magnitude >= 100_000_000_000 {
        (1_000, 3)
    } else {
        (1_000_000, 6)
    };
    let mut frac_us: i64 = 0;
    for (i, b) in frac.bytes().take(frac_digits).enumerate() {
        frac_us += i64::from(b - b'0') * 10_i64.pow((frac_digits - 1 - i) as u32);
    }
    let sign = if int.starts_with('-') { -1 } else { 1 };
    Some(
        v.checked_mul(scale)
            .and_then(|us| us.checked_add(sign * frac_us))
            .ok_or_else(|| format!("`{s}` is out of range")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: Tz = chrono_tz::UTC;
    const PARIS: Tz = chrono_tz::Europe::Paris;

    /// 2024-03-01T00:00:00Z, from `date -u -d 2024-03-01 +%s`.
    const MAR1: i64 = 1_709_251_200 * 1_000_000;
    const HOUR: i64 = 3_600 * 1_000_000;

    #[test]
    fn offsets_normalise_to_the_same_instant() {
        for s in [
            "2024-03-01T00:00:00Z",
            "2024-03-01T01:00:00+01:00",
            "2024-02-29T19:00:00-05:00",
            "2024-03-01 01:00:00+0100",
            "2024-03-01T05:30:00+05:30",
            "2024-03-01 00:00:00 UTC",
        ] {
            assert_eq!(parse_timestamp(s, PARIS), Ok(MAR1), "{s}");
        }
    }

    #[test]
    fn offset_moves_event_across_midnight() {
        // 00:30 in Paris on 1 March is still 29 February in UTC.
        let us = parse_timestamp("2024-03-01T00:30:00+01:00", UTC).unwrap();
        assert_eq!(us, MAR1 - HOUR / 2);
        let naive = parse_timestamp("2024-03-01 00:30:00", PARIS).unwrap();
        assert_eq!(naive, MAR1 - HOUR / 2);
        assert_eq!(
            parse_timestamp("2024-03-01 00:30:00", UTC).unwrap(),
            MAR1 + HOUR / 2
        );
    }

    #[test]
    fn naive_times_follow_daylight_saving() {
        // Summer time: 2024-07-01 12:00 in Paris is 10:00 UTC (1719828000 by `date -u`).
        assert_eq!(
            parse_timestamp("2024-07-01 12:00:00", PARIS),
            Ok(1_719_828_000 * 1_000_000)
        );
        // 2024-03-31 02:30 does not exist in Paris (clocks go 02:00 -> 03:00).
        let err = parse_timestamp("2024-03-31 02:30:00", PARIS).unwrap_err();
        assert!(err.contains("daylight saving"), "{err}");
        // 2024-10-27 02:30 happens twice; the first is 00:30 UTC (1729989000).
        assert_eq!(
            parse_timestamp("2024-10-27 02:30:00", PARIS),
            Ok(1_729_989_000 * 1_000_000)
        );
    }

    #[test]
    fn epochs_by_magnitude() {
        assert_eq!(parse_timestamp("1709251200", UTC), Ok(MAR1));
        assert_eq!(parse_timestamp("1709251200000", UTC), Ok(MAR1));
        assert_eq!(parse_timestamp("1709251200000000", UTC), Ok(MAR1));
        // Slack's message ts: seconds with a microsecond fraction.
        assert_eq!(parse_timestamp("1709251200.000002", UTC), Ok(MAR1 + 2));
        assert_eq!(parse_timestamp("1709251200.5", UTC), Ok(MAR1 + 500_000));
        assert_eq!(parse_timestamp("1709251200123.5", UTC), Ok(MAR1 + 123_500));
    }

    #[test]
    fn dates_and_day_first() {
        assert_eq!(parse_timestamp("2024-03-01", UTC), Ok(MAR1));
        assert_eq!(parse_timestamp("01/03/2024 01:00", PARIS), Ok(MAR1));
        assert_eq!(
            parse_timestamp("2024-03-01T00:00:00.250", UTC),
            Ok(MAR1 + 250_000)
        );
    }

    #[test]
    fn garbage_is_explained() {
        assert!(parse_timestamp("", UTC).unwrap_err().contains("empty"));
        let err = parse_timestamp("yesterday", UTC).unwrap_err();
        assert!(err.contains("`yesterday` is not a timestamp"), "{err}");
        assert!(parse_timestamp("2024-13-01", UTC).is_err());
        assert!(parse_timestamp("99999999999999999999", UTC).is_err());
    }
}
