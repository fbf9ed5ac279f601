//! Adoption metrics: the daily rollup over stored events, and every metric computed
//! from it and the roster, each following one written definition ([`DEFINITIONS`],
//! docs/metrics.md).
//!
//! [`refresh_rollup`] keeps the person x day x tool x category rollup up to date (one
//! SQL aggregation, [`rollup_sql`]); [`ActivityIndex`] loads it once as each person's
//! sorted active days, which every metric sweeps once.

mod activation;
mod activity;
mod activity_cache;
mod breadth;
mod calendar;
mod collaboration;
mod coverage;
mod curves;
mod daily;
mod definitions;
mod diffusion;
mod effects;
mod error;
mod families;
mod filter;
mod forecast;
mod ghosts;
mod leadership;
mod lifecycle;
mod objectives;
mod partners;
mod people;
mod plan;
mod population;
mod query_tables;
mod retention;
mod rogers;
mod rollup;
mod segments;
mod sprawl;
mod status;
mod summary;
mod table;
mod waves;

pub use activation::{ACTIVATION_COLUMNS, KmStep, Observation, activation, kaplan_meier, km_table};
pub use activity::{ActiveDay, ActivityFilter, ActivityIndex, Level};
pub use breadth::breadth;
pub use calendar::{Day, Period, date_of, day_of};
pub use collaboration::{
    ALL_GROUPS, BRIDGE_COLUMNS, COLLABORATION_COLUMNS, COLLABORATION_CURVE_COLUMNS,
    COLLABORATION_MATRIX_COLUMNS, Interaction, OUTSIDE_ROSTER, bridges, collaboration,
    collaboration_curve, collaboration_matrix, collaboration_start, interactions_since_rollout,
    load_interactions,
};
pub use coverage::{Coverage, ToolSpan, TrailingGap};
pub use curves::{
    CHECKPOINT_COLUMNS, CURVE_COLUMNS, CurvePoint, adoption_curve, checkpoint_table, curve_point,
    curve_table,
};
pub use daily::{DAILY_COLUMNS, daily};
pub use definitions::{DEFINITIONS, DEFINITIONS_FR, definitions_for, definitions_text};
pub use diffusion::{
    BassFit, Estimator, MarketBound, MarketBounds, NOT_IDENTIFIED, Peak, bass_cdf, bass_pdf,
    curve_turned, fit_bass, fit_bass_within,
};
pub use effects::{CAVEAT, EFFECT_COLUMNS, EffectOptions, Estimate, effects};
pub use error::{Error, Result};
pub use families::{DEFAULT_FAMILIES, ToolFamilies};
pub use filter::Filter;
pub use forecast::{FitOptions, fit_columns, fit_table, wave_adopters};
pub use ghosts::{GHOST_COLUMNS, ghosts};
pub use leadership::{
    Hierarchy, LEADERSHIP_COLUMNS, LEADERSHIP_CURVE_COLUMNS, leadership, leadership_curve,
};
pub use lifecycle::{Lifecycle, State, lifecycle, lifecycle_table, transitions_table};
pub use objectives::{
    Assessment, Checkpoint, Comparison, Method, OBJECTIVE_COLUMNS, Objectives, Status, TREND_DAYS,
    Target, UseCase, assess_objectives, mark_uncovered, metric_value, objectives_table,
    target_metrics,
};
pub use partners::{PARTNER_COLUMNS, domain_of, partners};
pub use people::{PEOPLE_COLUMNS, people};
pub use plan::{
    DEFAULT_CHECKPOINTS, DEFAULT_TARGETS, Intervention, InterventionKind, Partner, Plan,
    ROLLOUT_WAVE, Wave,
};
pub use population::{Derived, Member, by_segment, population, population_with, segment_columns};
pub use query_tables::{QUERY_TABLES, QueryOptions, QueryTables, table_names, tables_named_in};
pub use retention::{cohorts, retention_table};
pub use rogers::{
    Adopter, ROGERS_COLUMNS, ROGERS_PEOPLE_COLUMNS, adopter_categories, adopter_category_by_person,
    rogers_people, rogers_table,
};
pub use rollup::{
    DayFiles, LocalEngine, RollupEngine, RollupRefresh, chunk_context, refresh_rollup,
    refresh_rollup_on, refresh_rollup_with, rollup_day, rollup_in_zone, rollup_is_current,
    rollup_sql, scan_rollup,
};
pub use segments::{SEGMENT_COLUMNS, Usage, segments, usage};
pub use sprawl::{
    ANY_CATEGORY, SPRAWL_COLUMNS, SPRAWL_TREND_COLUMNS, ToolUse, load_tool_use, sprawl,
    sprawl_start, sprawl_trend,
};
pub use status::{GhostKind, Standing, Windows, standing};
pub use summary::{SUMMARY_COLUMNS, median, summary};
pub use table::{Table, Value, withhold};
pub use waves::{WaveGroup, first_active, wave_groups};
