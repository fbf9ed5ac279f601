//! Every figure of a report, computed once from the store, the roster and the plan by the
//! metrics crate; charts, HTML, Markdown and JSON all read these tables.

use chrono::NaiveDate;
use uptake_metrics::{
    ActiveDay, ActivityFilter, ActivityIndex, Assessment, Coverage, EffectOptions, FitOptions,
    Hierarchy, Period, Plan, Table, TrailingGap, Value, Windows, activation, assess_objectives,
    breadth, cohorts, collaboration, collaboration_curve, collaboration_matrix, curve_table, daily,
    date_of, day_of, effects, fit_table, interactions_since_rollout, km_table, leadership,
    leadership_curve, lifecycle, lifecycle_table, load_tool_use, mark_uncovered, objectives_table,
    partners, population, refresh_rollup, retention_table, sprawl, sprawl_start, sprawl_trend,
    summary, wave_groups,
};
use uptake_store::{Category, Roster, Store};

use crate::lang::Lang;
use crate::{Error, Result};

/// Windows (of the active window's length) the sprawl chart follows back from as-of.
pub const SPRAWL_WINDOWS: i32 = 6;

/// Weeks after activation the retention heat map shows.
pub const RETENTION_WEEKS: i32 = 12;

/// How a report is made.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub lang: Lang,
    /// Roster column the active / ghost breakdown is by.
    pub by: String,
    pub windows: Windows,
    pub effects: EffectOptions,
    pub fit: FitOptions,
    /// Write the named ghost list (`ghosts.csv`); aggregates never name anyone.
    pub names: bool,
    /// Assess objectives at dates the exports do not cover instead of `no data`.
    pub allow_stale: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            lang: Lang::En,
            by: "department".into(),
            windows: Windows::default(),
            effects: EffectOptions::default(),
            // m estimated from each wave's curve (within the activated and the eligible),
            // not assumed to be everyone eligible: finished waves level off below 100 %.
            fit: FitOptions::default(),
            names: false,
            allow_stale: false,
        }
    }
}

/// How complete and clean the data behind the report is.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Quality {
    pub runs: usize,
    pub read: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub excluded: u64,
    /// People in the events who are not on the roster, and their events.
    pub unmatched_people: usize,
    pub unmatched_events: u64,
    /// Days between the first and last event day without any event.
    pub gap_days: i64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    /// Groups withheld for having fewer than `min_group` people, in every table of the
    /// report: the sum of `suppressed_by`.
    pub suppressed_groups: usize,
    /// Groups withheld per table, for the tables that withhold any: `segments` (the
    /// ghost follow-up), `leadership` (segment and level), `partners`, `collaboration`,
    /// `sprawl` (categories), `retention` (activation cohorts), `waves` (a wave under k,
    /// or with days of fewer than k eligible, in the curves and fits).
    pub suppressed_by: std::collections::BTreeMap<String, usize>,
    pub min_group: usize,
    /// Tools whose exports end before the as-of day, with the days missing.
    pub trailing_gaps: Vec<TrailingGap>,
    /// Days from the as-of day to the first day the exports cover, when it is before.
    pub before_data_days: Option<i32>,
}

/// Every figure of one report.
#[derive(Debug, Clone)]
pub struct Report {
    pub as_of: NaiveDate,
    pub plan: Plan,
    pub options: ReportOptions,
    pub assessments: Vec<Assessment>,
    /// `uptake check`'s scorecard.
    pub objectives: Table,
    /// `uptake curve --daily`: every wave, every day since its start.
    pub curves: Table,
    /// `uptake fit` per wave.
    pub fits: Table,
    /// `uptake metrics summary --by <by>`.
    pub by_segment: Table,
    /// `uptake metrics daily`.
    pub daily: Table,
    /// `uptake metrics lifecycle` (weeks).
    pub lifecycle: Table,
    /// `uptake metrics retention` (weeks, 12 weeks after activation).
    pub retention: Table,
    /// `uptake metrics activation`.
    pub activation: Table,
    /// `uptake metrics activation --curve` (Kaplan-Meier).
    pub km: Table,
    /// `uptake metrics breadth`.
    pub breadth: Table,
    /// `uptake effects`.
    pub effects: Table,
    /// `uptake metrics leadership`.
    pub leadership: Table,
    /// `uptake metrics leadership --curve`.
    pub leadership_curve: Table,
    /// `uptake metrics sprawl`.
    pub sprawl: Table,
    /// `uptake metrics partners`.
    pub partners: Table,
    /// `uptake metrics sprawl --curve --periods 6`.
    pub sprawl_trend: Table,
    /// `uptake metrics collaboration --by <by>`.
    pub collaboration: Table,
    /// `uptake metrics collaboration --curve`.
    pub collaboration_curve: Table,
    /// The group x group matrix of the first window after the roll-out and of the last
    /// (`uptake metrics collaboration --view matrix`, the first with `--as-of`).
    pub collaboration_first: Table,
    pub collaboration_last: Table,
    /// Days of the first matrix, when there were interactions after the roll-out.
    pub collaboration_first_window: Option<(NaiveDate, NaiveDate)>,
    /// The use-case categories some source recorded up to as-of (anyone, any day): a
    /// category no one has is not measured, rather than unused.
    pub categories_recorded: Vec<String>,
    /// `uptake metrics ghosts`, only with `names`.
    pub ghosts: Option<Table>,
    pub quality: Quality,
}

/// The column index of `name`, or an error naming the table's columns.
pub fn column(t: &Table, name: &str) -> Result<usize> {
    t.columns.iter().position(|c| c == name).ok_or_else(|| {
        Error::Data(format!(
            "no column `{name}`; columns are: {}",
            t.columns.join(", ")
        ))
    })
}

/// A cell as a number (integers too); `None` for empty or suppressed cells.
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        Value::Int(n) => Some(*n as f64),
        _ => None,
    }
}

/// A cell as text (dates as `YYYY-MM-DD`).
pub fn text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Date(d) => d.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Suppressed => String::new(),
    }
}

impl Report {
    /// Computes every figure at `as_of` (default: the last day with events), for the
    /// store's `roster`, which the caller has read and checked `plan`'s filters against.
    pub fn gather(
        store: &Store,
        roster: &Roster,
        plan: Plan,
        as_of: Option<NaiveDate>,
        options: ReportOptions,
    ) -> Result<Report> {
        refresh_rollup(store)?;
        let activity = ActivityIndex::load(store, &ActivityFilter::default())?;
        let as_of = match as_of {
            Some(d) => day_of(d),
            None => activity.last_day().ok_or_else(|| {
                Error::Data(format!("no events in {} yet", store.root().display()))
            })?,
        };
        let o = &options;
        let w = &o.windows;
        let everyone = population(roster, &activity, &[])?;
        let by = population(roster, &activity, std::slice::from_ref(&o.by))?;
        let coverage = Coverage::of_store(store, &ActivityFilter::default())?;
        let mut assessments = assess_objectives(&plan, roster, &everyone, as_of, w);
        if !o.allow_stale {
            mark_uncovered(&mut assessments, &coverage);
        }
        let groups = wave_groups(&plan, roster, &everyone, false);
        let all_days: Vec<&[ActiveDay]> = activity.days.iter().map(Vec::as_slice).collect();
        let by_segment = summary(&by, as_of, w, true);
        let mut quality = quality(store, w.min_group)?;
        quality.trailing_gaps = coverage.trailing_gaps(as_of);
        quality.before_data_days = coverage
            .first_day()
            .filter(|&f| as_of < f)
            .map(|f| f - as_of);
        let ghosts = o.names.then(|| uptake_metrics::ghosts(&everyone, as_of, w));
        let hierarchy = Hierarchy::of(roster)?;
        let uses = load_tool_use(
            store,
            &ActivityFilter::default(),
            sprawl_start(as_of, w, SPRAWL_WINDOWS),
            as_of,
        )?;
        let (interactions, first) = interactions_since_rollout(store, Some(&plan), None, as_of)?;
        let first_window = first.map(|f| (f, (f + w.active_days - 1).min(as_of)));
        let mut report = Report {
            as_of: date_of(as_of),
            objectives: objectives_table(&assessments),
            assessments,
            curves: curve_table(&groups, as_of, w.active_days, w.min_group),
            fits: fit_table(&groups, as_of, &plan.targets, &o.fit, w.min_group),
            by_segment,
            daily: daily(&activity, &everyone, as_of, 28),
            lifecycle: lifecycle_table(
                &lifecycle(all_days.iter().copied(), Period::Week, as_of),
                Period::Week,
            ),
            retention: retention_table(
                &cohorts(
                    all_days.iter().copied(),
                    Period::Week,
                    as_of,
                    RETENTION_WEEKS,
                ),
                Period::Week,
                w.min_group,
            ),
            activation: activation(&everyone, as_of, w, false),
            km: km_table(&everyone, as_of, w),
            breadth: breadth(&everyone, as_of, w, false),
            effects: effects(&plan, roster, &everyone, as_of, &o.effects),
            leadership: leadership(&everyone, &hierarchy, as_of, w, false),
            leadership_curve: leadership_curve(&everyone, &hierarchy, as_of, w),
            sprawl: sprawl(&uses, &everyone, as_of, w, &plan.tool_families),
            partners: partners(&everyone, roster, &activity, &plan.partners, as_of, w),
            sprawl_trend: sprawl_trend(
                &uses,
                &everyone,
                as_of,
                w,
                SPRAWL_WINDOWS,
                &plan.tool_families,
            ),
            collaboration: collaboration(&interactions, &by, as_of, first, w),
            collaboration_curve: first.map_or_else(
                || Table::new(uptake_metrics::COLLABORATION_CURVE_COLUMNS),
                |f| collaboration_curve(&interactions, &by, f, as_of, w),
            ),
            collaboration_first: first_window.map_or_else(
                || Table::new(uptake_metrics::COLLABORATION_MATRIX_COLUMNS),
                |(f, t)| collaboration_matrix(&interactions, &by, f, t, w),
            ),
            collaboration_last: collaboration_matrix(
                &interactions,
                &by,
                as_of - w.active_days + 1,
                as_of,
                w,
            ),
            collaboration_first_window: first_window.map(|(f, t)| (date_of(f), date_of(t))),
            categories_recorded: recorded_categories(&all_days, as_of),
            ghosts,
            quality,
            plan,
            options,
        };
        report.quality.suppressed_by = withheld(&report);
        report.quality.suppressed_groups = report.quality.suppressed_by.values().sum();
        Ok(report)
    }
}

/// The categories of every event up to `as_of`, in the taxonomy's order.
fn recorded_categories(days: &[&[ActiveDay]], as_of: i32) -> Vec<String> {
    let bits = days
        .iter()
        .flat_map(|d| d.iter())
        .filter(|d| d.day <= as_of)
        .fold(0u8, |acc, d| acc | d.categories);
    Category::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits >> i & 1 == 1)
        .map(|(_, c)| c.as_str().to_string())
        .collect()
}

/// Groups of a collaboration matrix withheld: those whose every cell is (a cell is
/// withheld when either of its groups is small).
fn withheld_matrix_groups(t: &Table) -> usize {
    let Some(from) = t.columns.iter().position(|c| c == "from") else {
        return 0;
    };
    let mut rows: std::collections::BTreeMap<String, bool> = Default::default();
    for r in &t.rows {
        let all = rows.entry(text(&r[from])).or_insert(true);
        *all &= r.contains(&Value::Suppressed);
    }
    rows.values().filter(|all| **all).count()
}

/// Groups withheld in each table the report shows, for the tables that withhold any.
fn withheld(r: &Report) -> std::collections::BTreeMap<String, usize> {
    // A key a table lacks is skipped: without one, each row holding a withheld figure
    // is a group (the retention table has a row per cohort and week, hence its key).
    let rows: &[&str] = &[];
    [
        ("segments", r.by_segment.withheld_groups(rows)),
        ("leadership", r.leadership.withheld_groups(rows)),
        ("partners", r.partners.withheld_groups(rows)),
        ("collaboration", r.collaboration.withheld_groups(rows)),
        // The first window's groups are counted at its end, when fewer had joined; the
        // last window's are those of the collaboration table.
        (
            "collaboration_first",
            withheld_matrix_groups(&r.collaboration_first),
        ),
        ("sprawl", r.sprawl.withheld_groups(rows)),
        ("retention", r.retention.withheld_groups(&["cohort"])),
        // A wave under k is withheld from the curves and the fits alike (the curves
        // also withhold a day of fewer than k eligible): counted once, from the curves.
        ("waves", r.curves.withheld_groups(&["wave"])),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(t, n)| (t.to_string(), n))
    .collect()
}

/// The store's side of the data quality; the groups withheld are counted once every
/// table is made.
fn quality(store: &Store, min_group: usize) -> Result<Quality> {
    let manifest = store.manifest()?;
    let summary = store.summary()?;
    let totals = manifest.totals();
    Ok(Quality {
        runs: manifest.runs.len(),
        read: totals.read,
        stored: totals.stored,
        duplicates: totals.duplicates,
        rejected: totals.rejected,
        excluded: totals.excluded,
        unmatched_people: summary.unmatched.len(),
        unmatched_events: summary.unmatched.iter().map(|(_, n)| *n).sum(),
        gap_days: summary
            .gaps
            .iter()
            .map(|(a, b)| (*b - *a).num_days() + 1)
            .sum(),
        first_day: summary.first_day,
        last_day: summary.last_day,
        suppressed_groups: 0,
        suppressed_by: Default::default(),
        min_group,
        ..Quality::default()
    })
}
