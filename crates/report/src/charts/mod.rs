//! The report's charts, drawn with plotters once as SVG (inlined in the HTML) and once as
//! PNG (for mail and chat). Each chart is built from the report's tables first, so a
//! test can compare its points with the metrics, then drawn.

mod activation;
mod breadth;
mod collaboration;
mod curves;
mod daily;
mod effects;
mod ghosts;
mod leadership;
mod lifecycle;
mod retention;
mod sprawl;
mod style;

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use activation::ActivationChart;
pub use breadth::BreadthChart;
pub use collaboration::CollaborationChart;
pub use curves::{CurveSeries, CurvesChart};
pub use daily::DailyChart;
pub use effects::EffectsChart;
pub use ghosts::GhostsChart;
pub use leadership::LeadershipChart;
pub use lifecycle::LifecycleChart;
pub use retention::RetentionChart;
pub use sprawl::SprawlChart;

use crate::gather::Report;
use crate::lang::Lang;
use crate::{Error, Result};

/// Every chart's file stem, in report order.
pub const CHART_IDS: &[&str] = &[
    "adoption-curves",
    "active-and-ghosts",
    "active-people",
    "lifecycle",
    "retention",
    "time-to-activation",
    "use-case-categories",
    "effects",
    "leadership",
    "tool-sprawl",
    "collaboration",
];

/// Width and height of every chart, in pixels (SVG user units).
pub const SIZE: (u32, u32) = (960, 520);

/// A chart: its file name, title, and how it draws itself on any plotters backend.
pub trait Chart {
    /// File stem: `charts/<id>.svg` and `.png`.
    fn id(&self) -> &'static str;
    /// The label key of the title.
    fn title_key(&self) -> &'static str;
    /// Whether there is anything to draw.
    fn is_empty(&self) -> bool;
    /// Draws on `root`; with `titled`, the title too (the HTML gives it as a caption).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String>;
}

/// One chart written: its SVG text and where its files are.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    /// Objectives and notes printed under the chart.
    pub notes: Vec<String>,
}

static FONT: Once = Once::new();

/// Plotters measures and (for PNG) draws text with this font; SVG names the family only.
fn register_font() {
    FONT.call_once(|| {
        // DejaVu Sans, bundled with its licence (fonts/LICENSE-DejaVu.txt): no
        // dependence on the fonts a machine happens to have.
        let bytes: &'static [u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
        for style in [FontStyle::Normal, FontStyle::Bold] {
            let _ = plotters::style::register_font("sans-serif", style, bytes);
        }
    });
}

/// A plotters error as text (the chart's id is added by [`render`]).
fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The objectives on `metrics`, one line each, for the notes under a chart.
fn objective_notes(r: &Report, metrics: &[&str]) -> Vec<String> {
    r.assessments
        .iter()
        .filter(|a| metrics.contains(&a.target.metric.as_str()))
        .map(|a| note(a, r.options.lang))
        .collect()
}

/// An objective in one line, for the notes under the chart it concerns.
pub fn note(a: &uptake_metrics::Assessment, lang: Lang) -> String {
    let value = |v: f64| format_value(&a.target.metric, v, lang);
    let now = a.value.map_or_else(|| "—".to_string(), value);
    let forecast = a
        .forecast_date
        .filter(|_| {
            matches!(
                a.status,
                uptake_metrics::Status::OnTrack | uptake_metrics::Status::AtRisk
            )
        })
        .map(|d| format!(", {} {}", lang.t("forecast").to_lowercase(), lang.date(d)))
        .unwrap_or_default();
    format!(
        "{} — {} {} {}, {} {}{}{} ({}){forecast}",
        a.target.name,
        lang.t("target").to_lowercase(),
        a.target
            .comparison
            .as_str()
            .replace(">=", "≥")
            .replace("<=", "≤"),
        value(a.target.value),
        lang.t("checkpoint").to_lowercase(),
        lang.date(a.checkpoint_date),
        lang.colon(),
        now,
        lang.t(a.status.as_str()),
    )
}

/// A metric's value as its unit asks: shares as percentages, days and counts as numbers.
pub fn format_value(metric: &str, v: f64, lang: Lang) -> String {
    if metric.ends_with("_rate") || metric.ends_with("_share") || metric.starts_with("share_") {
        lang.pct(v)
    } else if metric.contains("days") {
        format!("{} {}", lang.num(v, 1), lang.t("days"))
    } else if (v - v.round()).abs() < 1e-9 {
        lang.int(v as i64)
    } else {
        lang.num(v, 2)
    }
}

fn chart_error(id: &str, reason: impl ToString) -> Error {
    Error::Chart {
        chart: id.to_string(),
        reason: reason.to_string(),
    }
}

/// The legend box of every chart, at `position`.
fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), String>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(style::LIGHT)
        .position(position)
        .label_font(style::font(13))
        .draw()
        .map_err(fail)
}

/// A chart builder with the report's margins, and the title when given.
fn builder<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: Option<&str>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(root);
    if let Some(t) = title {
        b.caption(t, style::caption());
    }
    b
}

fn svg_text(chart: &impl Chart, lang: Lang, titled: bool) -> Result<String> {
    let id = chart.id();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(id, e))?;
        chart
            .draw(&root, lang, titled)
            .map_err(|e| chart_error(id, e))?;
        root.present().map_err(|e| chart_error(id, e))?;
    }
    Ok(svg)
}

/// Draws `chart` as SVG without its title (returned, for the HTML, which captions it)
/// and, when `dir` is given, titled into `dir/<id>.svg` and `dir/<id>.png`.
pub fn render(chart: &impl Chart, lang: Lang, dir: Option<&Path>) -> Result<String> {
    register_font();
    let id = chart.id();
    if let Some(dir) = dir {
        let svg_path = dir.join(format!("{id}.svg"));
        std::fs::write(&svg_path, svg_text(chart, lang, true)?).map_err(|source| Error::Io {
            path: svg_path,
            source,
        })?;
        let png_path = dir.join(format!("{id}.png"));
        let root = BitMapBackend::new(&png_path, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(id, e))?;
        chart
            .draw(&root, lang, true)
            .map_err(|e| chart_error(id, e))?;
        root.present().map_err(|e| chart_error(id, e))?;
    }
    svg_text(chart, lang, false)
}

/// Every chart of the report that has data, drawn.
pub fn render_all(report: &Report, dir: Option<&Path>) -> Result<Vec<Rendered>> {
    let lang = report.options.lang;
    let mut out = Vec::new();
    macro_rules! one {
        ($chart:expr) => {{
            let (chart, notes) = $chart;
            if !chart.is_empty() {
                out.push(Rendered {
                    id: chart.id(),
                    title: lang.t(chart.title_key()).to_string(),
                    svg: render(&chart, lang, dir)?,
                    notes,
                });
            }
        }};
    }
    one!(CurvesChart::from_report(report)?);
    one!(GhostsChart::from_report(report)?);
    one!(DailyChart::from_report(report)?);
    one!(LifecycleChart::from_report(report)?);
    one!(RetentionChart::from_report(report)?);
    one!(ActivationChart::from_report(report)?);
    one!(BreadthChart::from_report(report)?);
    one!(EffectsChart::from_report(report)?);
    one!(LeadershipChart::from_report(report)?);
    one!(SprawlChart::from_report(report)?);
    one!(CollaborationChart::from_report(report)?);
    Ok(out)
}
