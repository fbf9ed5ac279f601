//! The adoption report: every figure gathered once from the metrics crate ([`Report`]),
//! drawn as charts (SVG and PNG, with plotters) and written as one self-contained HTML
//! file, Markdown and JSON, in English or French.

mod charts;
mod error;
mod gather;
mod json;
mod lang;
mod view;
mod write;

pub use charts::{
    ActivationChart, BreadthChart, CHART_IDS, Chart, CurveSeries, CurvesChart, DailyChart,
    EffectsChart, GhostsChart, LeadershipChart, LifecycleChart, Rendered, RetentionChart,
    SprawlChart, format_value, note, render, render_all,
};
pub use error::{Error, Result};
pub use gather::{Quality, RETENTION_WEEKS, Report, ReportOptions, column, number, text};
pub use json::{REPORT_SCHEMA, report_json};
pub use lang::Lang;
pub use view::{ChartView, ObjectiveView, View, view};
pub use write::{Format, render_text, write_report};
