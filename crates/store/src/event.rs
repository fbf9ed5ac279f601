use chrono::NaiveDate;
use polars::prelude::*;

use crate::{Activity, Category, Client};

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// One normalised user action, as it is stored (see `docs/data-model.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Microseconds since the Unix epoch, UTC.
    pub ts_us: i64,
    pub person: String,
    pub tool: String,
    pub action: String,
    pub activity: Activity,
    pub category: Category,
    pub client: Client,
    pub channel: Option<String>,
    pub event_id: String,
    /// The people the action was addressed to, as the source names them (the author of
    /// the message replied or reacted to, the people mentioned, the member added to a
    /// card): the edges of the interaction graph. Empty when the source does not say.
    pub counterparts: Vec<String>,
}

impl EventRow {
    /// The UTC calendar day of the event, which is also its partition.
    pub fn day(&self) -> NaiveDate {
        day_of(self.ts_us)
    }
}

pub(crate) fn day_of(ts_us: i64) -> NaiveDate {
    date_of_day(day_number(ts_us))
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The UTC day of an instant, counted from 1970-01-01: the partition it is stored in.
pub fn day_number(ts_us: i64) -> i32 {
    ts_us.div_euclid(MICROS_PER_DAY) as i32
}

/// The date of a [`day_number`].
pub fn date_of_day(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_DAYS_FROM_CE).unwrap_or(NaiveDate::MIN)
}

/// The stored `counterparts` column of events, given each event's list: null rather than
/// an empty list, since most events have no counterpart.
pub fn counterparts_column<'a>(
    lists: impl ExactSizeIterator<Item = &'a [String]> + Clone,
) -> PolarsResult<Column> {
    let n = lists.len();
    let counterparts: ListChunked = if lists.clone().all(<[String]>::is_empty) {
        ListChunked::full_null_with_dtype("counterparts".into(), n, &DataType::String)
    } else {
        lists
            .map(|c| (!c.is_empty()).then(|| Series::new(PlSmallStr::EMPTY, c)))
            .collect()
    };
    Ok(counterparts
        .into_series()
        .with_name("counterparts".into())
        .cast(&DataType::List(Box::new(DataType::String)))?
        .into_column())
}

/// The Arrow schema of the stored events (the `date` partition column lives in the path).
pub fn event_schema() -> Schema {
    Schema::from_iter([
        Field::new(
            "ts".into(),
            DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
        ),
        Field::new("person".into(), DataType::String),
        Field::new("tool".into(), DataType::String),
        Field::new("action".into(), DataType::String),
        Field::new("activity".into(), DataType::String),
        Field::new("category".into(), DataType::String),
        Field::new("client".into(), DataType::String),
        Field::new("channel".into(), DataType::String),
        Field::new("event_id".into(), DataType::String),
        Field::new("batch".into(), DataType::String),
        // Added after the first stores were written: partitions without it read as null.
        Field::new(
            "counterparts".into(),
            DataType::List(Box::new(DataType::String)),
        ),
    ])
}

/// Events gathered column by column, ready to become a [`DataFrame`].
#[derive(Debug, Default, Clone)]
pub struct EventBatch {
    ts: Vec<i64>,
    person: Vec<String>,
    tool: Vec<String>,
    action: Vec<String>,
    activity: Vec<&'static str>,
    category: Vec<&'static str>,
    client: Vec<&'static str>,
    channel: Vec<Option<String>>,
    event_id: Vec<String>,
    counterparts: Vec<Vec<String>>,
}

impl EventBatch {
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// The rows as columns.
    pub fn from_rows(rows: Vec<EventRow>) -> EventBatch {
        let n = rows.len();
        let mut batch = EventBatch {
            ts: Vec::with_capacity(n),
            person: Vec::with_capacity(n),
            tool: Vec::with_capacity(n),
            action: Vec::with_capacity(n),
            activity: Vec::with_capacity(n),
            category: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            channel: Vec::with_capacity(n),
            event_id: Vec::with_capacity(n),
            counterparts: Vec::with_capacity(n),
        };
        for row in rows {
            batch.push(row);
        }
        batch
    }

    pub fn push(&mut self, row: EventRow) {
        self.ts.push(row.ts_us);
        self.person.push(row.person);
        self.tool.push(row.tool);
        self.action.push(row.action);
        self.activity.push(row.activity.as_str());
        self.category.push(row.category.as_str());
        self.client.push(row.client.as_str());
        self.channel.push(row.channel);
        self.event_id.push(row.event_id);
        self.counterparts.push(row.counterparts);
    }

    /// The columns as a frame in [`event_schema`] order, every row tagged with `batch`.
    pub fn to_dataframe(&self, batch: &str) -> PolarsResult<DataFrame> {
        let n = self.len();
        let counterparts = counterparts_column(self.counterparts.iter().map(Vec::as_slice))?;
        let ts = Int64Chunked::from_vec("ts".into(), self.ts.clone())
            .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
            .into_column();
        DataFrame::new(
            n,
            vec![
                ts,
                Column::new("person".into(), &self.person),
                Column::new("tool".into(), &self.tool),
                Column::new("action".into(), &self.action),
                Column::new("activity".into(), &self.activity),
                Column::new("category".into(), &self.category),
                Column::new("client".into(), &self.client),
                Column::new("channel".into(), &self.channel),
                Column::new("event_id".into(), &self.event_id),
                Column::new_scalar("batch".into(), Scalar::from(PlSmallStr::from(batch)), n),
                counterparts,
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_of_handles_midnight_and_pre_epoch() {
        // 2024-03-01T00:00:00Z and one microsecond before it.
        let midnight = 1_709_251_200_000_000;
        assert_eq!(
            day_of(midnight),
            NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
        );
        assert_eq!(
            day_of(midnight - 1),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(day_of(-1), NaiveDate::from_ymd_opt(1969, 12, 31).unwrap());
    }

    #[test]
    fn day_numbers_match_the_store_partitions() {
        // 2024-03-01T00:00:00Z is day 19,783 after 1970-01-01; a microsecond before is the 29th.
        let midnight = 1_709_251_200_000_000;
        assert_eq!(day_number(midnight), 19_783);
        assert_eq!(
            date_of_day(19_783),
            NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()
        );
        assert_eq!(
            date_of_day(day_number(midnight - 1)),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            date_of_day(day_number(-1)),
            NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()
        );
    }

    #[test]
    fn batch_becomes_frame_in_schema_order() {
        let mut b = EventBatch::default();
        b.push(EventRow {
            ts_us: 1_709_251_200_000_000,
            person: "a@x.org".into(),
            tool: "slack".into(),
            action: "message".into(),
            activity: Activity::Post,
            category: Category::Messaging,
            client: Client::Unknown,
            channel: None,
            event_id: "slack:1".into(),
            counterparts: vec![],
        });
        b.push(EventRow {
            ts_us: 1_709_251_200_000_001,
            person: "b@x.org".into(),
            tool: "slack".into(),
            action: "thread_reply".into(),
            activity: Activity::Reply,
            category: Category::Messaging,
            client: Client::Unknown,
            channel: None,
            event_id: "slack:2".into(),
            counterparts: vec!["a@x.org".into(), "c@x.org".into()],
        });
        let df = b.to_dataframe("b1").unwrap();
        assert_eq!(df.schema().as_ref(), &event_schema());
        assert_eq!(df.height(), 2);
        let c = df.column("counterparts").unwrap().list().unwrap();
        assert!(c.get_as_series(0).is_none());
        let second: Vec<_> = c
            .get_as_series(1)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap().to_string())
            .collect();
        assert_eq!(second, ["a@x.org", "c@x.org"]);
    }
}
