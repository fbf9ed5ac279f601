//! Chart 1: each wave's activation share by day since its start, its Bass fit carried
//! forward as the forecast as far as the wave's objectives need, the plan's targets
//! (horizontal) and checkpoints (vertical).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, Marker};
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::{NOT_IDENTIFIED, bass_cdf};

/// Days after `wave`'s start of the latest checkpoint of an activation objective on it:
/// how far its forecast needs to run.
fn objective_horizon(r: &Report, wave: &str) -> Option<f64> {
    let start = r.plan.waves.iter().find(|w| w.name == wave)?.start;
    r.assessments
        .iter()
        .filter(|a| a.target.metric == "activation_rate" && a.wave.as_deref() == Some(wave))
        .map(|a| (a.checkpoint_date - start).num_days() as f64)
        .reduce(f64::max)
}

/// One wave's curve and fit.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveSeries {
    pub wave: String,
    /// (days since start, activation share).
    pub points: Vec<(f64, f64)>,
    /// (days since start, fitted share), from day 0 to the wave's last data day or the
    /// latest checkpoint of an activation objective on the wave, whichever is later;
    /// empty when the wave has no fit (its market is not identified).
    pub fit: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurvesChart {
    pub series: Vec<CurveSeries>,
    pub targets: Vec<f64>,
    pub checkpoints: Vec<u32>,
    /// Last day drawn: the longest curve or the longest fit, whichever is later.
    pub horizon: f64,
}

impl CurvesChart {
    /// The waves' curves (`uptake curve --daily`, segment `all`) and fits (`uptake fit`).
    pub fn from_report(r: &Report) -> Result<(CurvesChart, Vec<String>)> {
        let c = &r.curves;
        let (wave, segment, day, share) = (
            column(c, "wave")?,
            column(c, "segment")?,
            column(c, "day")?,
            column(c, "activation_share")?,
        );
        let mut series: Vec<CurveSeries> = Vec::new();
        for row in c.rows.iter().filter(|row| text(&row[segment]) == "all") {
            let name = text(&row[wave]);
            let (Some(d), Some(s)) = (number(&row[day]), number(&row[share])) else {
                continue;
            };
            match series.last_mut() {
                Some(last) if last.wave == name => last.points.push((d, s)),
                _ => series.push(CurveSeries {
                    wave: name,
                    points: vec![(d, s)],
                    fit: vec![],
                }),
            }
        }
        let f = &r.fits;
        let (fw, fs, m, p, q, period, eligible, note) = (
            column(f, "wave")?,
            column(f, "segment")?,
            column(f, "m")?,
            column(f, "p")?,
            column(f, "q")?,
            column(f, "period_days")?,
            column(f, "eligible")?,
            column(f, "note")?,
        );
        let lang = r.options.lang;
        let mut fit_notes = Vec::new();
        for s in &mut series {
            let Some(row) = f
                .rows
                .iter()
                .find(|row| text(&row[fw]) == s.wave && text(&row[fs]) == "all")
            else {
                continue;
            };
            let (Some(m), Some(p), Some(q), Some(period), Some(n)) = (
                number(&row[m]),
                number(&row[p]),
                number(&row[q]),
                number(&row[period]),
                number(&row[eligible]),
            ) else {
                if text(&row[note]).contains(NOT_IDENTIFIED) {
                    fit_notes.push(format!(
                        "{}{}{}",
                        s.wave,
                        lang.colon(),
                        lang.t("fit_not_identified")
                    ));
                }
                continue;
            };
            if n <= 0.0 {
                continue;
            }
            let last_day = s.points.last().map_or(0.0, |p| p.0);
            let end = objective_horizon(r, &s.wave).map_or(last_day, |d| d.max(last_day));
            // Period t ends on day t x period - 1: day d has seen (d + 1) / period periods.
            s.fit = (0..=end as i64)
                .map(|d| {
                    let d = d as f64;
                    (d, (m * bass_cdf((d + 1.0) / period, p, q) / n).min(1.0))
                })
                .collect();
            fit_notes.push(
                lang.t("fit_levels_off")
                    .replace("{wave}", &s.wave)
                    .replace("{share}", &lang.pct((m / n).min(1.0))),
            );
        }
        let horizon = series
            .iter()
            .flat_map(|s| s.points.last().into_iter().chain(s.fit.last()))
            .map(|p| p.0)
            .fold(0.0, f64::max);
        let mut notes = super::objective_notes(r, &["activation_rate"]);
        notes.extend(fit_notes);
        Ok((
            CurvesChart {
                series,
                targets: r.plan.targets.clone(),
                checkpoints: r.plan.checkpoints.clone(),
                horizon,
            },
            notes,
        ))
    }
}

impl Chart for CurvesChart {
    fn id(&self) -> &'static str {
        "adoption-curves"
    }

    fn title_key(&self) -> &'static str {
        "chart_curves"
    }

    fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let horizon = self.horizon.max(1.0);
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..horizon, 0f64..1.06f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_desc(lang.t("days_since_start"))
            .y_desc(lang.t("activation_share"))
            .y_label_formatter(&|v| {
                if *v <= 1.0 {
                    lang.pct(*v)
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style(style::font(14))
            .axis_desc_style(style::font(15))
            .draw()
            .map_err(fail)?;
        for &c in &self.checkpoints {
            let x = f64::from(c);
            if x <= horizon {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(x, 0.0), (x, 1.06)],
                        6,
                        6,
                        style::MUTED.stroke_width(1),
                    ))
                    .map_err(fail)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        match lang {
                            Lang::Fr => format!("J+{c}"),
                            Lang::En => format!("day {c}"),
                        },
                        (x + horizon * 0.004, 1.035),
                        style::left(style::muted(13)),
                    )))
                    .map_err(fail)?;
            }
        }
        for &t in &self.targets {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, t), (horizon, t)],
                    10,
                    5,
                    style::TARGET.stroke_width(2),
                ))
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{} {}", lang.t("target_line"), lang.pct(t)),
                    // At the right end, under the line: the curves climb through the
                    // targets on the left and have levelled off above them by the end.
                    (horizon * 0.995, t - 0.03),
                    style::right(style::font(13).color(&style::TARGET)),
                )))
                .map_err(fail)?;
        }
        for (i, s) in self.series.iter().enumerate() {
            let colour = style::series(i);
            if !s.fit.is_empty() {
                chart
                    .draw_series(DashedLineSeries::new(
                        s.fit.iter().copied(),
                        4,
                        4,
                        colour.stroke_width(2),
                    ))
                    .map_err(fail)?;
            }
            let anno = chart
                .draw_series(LineSeries::new(
                    s.points.iter().copied(),
                    colour.stroke_width(3),
                ))
                .map_err(fail)?
                .label(s.wave.clone());
            set_legend(anno, i, colour);
            // Markers every 14 days tell the waves apart without colour.
            let marks: Vec<(f64, f64)> = s
                .points
                .iter()
                .copied()
                .filter(|(d, _)| (*d as i64) % 14 == 0)
                .collect();
            draw_markers(&mut chart, &marks, i, colour)?;
        }
        if self.series.iter().any(|s| !s.fit.is_empty()) {
            // The dotted lines' own legend entry: what they are and how far they run.
            chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
                .map_err(fail)?
                .label(lang.t("fit_legend"))
                .legend(|(x, y)| {
                    let ink = style::MUTED.stroke_width(2);
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (4, 0)], ink)
                        + PathElement::new(vec![(8, 0), (12, 0)], ink)
                        + PathElement::new(vec![(16, 0), (20, 0)], ink)
                });
        }
        super::draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}

type Cartesian =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

/// Markers of series `i` at `points`.
pub(super) fn draw_markers<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian>,
    points: &[(f64, f64)],
    i: usize,
    colour: RGBColor,
) -> Result<(), String> {
    let filled = colour.filled();
    let at = |p: &(f64, f64)| EmptyElement::at(*p);
    let r = match style::marker(i) {
        Marker::Circle => chart.draw_series(
            points
                .iter()
                .map(|p| at(p) + Circle::new((0, 0), 5, filled)),
        ),
        Marker::Square => chart.draw_series(
            points
                .iter()
                .map(|p| at(p) + Rectangle::new([(-5, -5), (5, 5)], filled)),
        ),
        Marker::Triangle => chart.draw_series(
            points
                .iter()
                .map(|p| at(p) + TriangleMarker::new((0, 0), 6, filled)),
        ),
        Marker::Cross => chart.draw_series(
            points
                .iter()
                .map(|p| at(p) + Cross::new((0, 0), 5, colour.stroke_width(3))),
        ),
        Marker::Ring => chart.draw_series(
            points
                .iter()
                .map(|p| at(p) + Circle::new((0, 0), 5, colour.stroke_width(2))),
        ),
    };
    r.map(|_| ()).map_err(fail)
}

/// The legend entry of series `i`: its line with its marker on it, so that the legend
/// reads in grey-scale too.
pub(super) fn set_legend<'a, DB: DrawingBackend + 'a>(
    anno: &mut plotters::chart::SeriesAnno<'a, DB>,
    i: usize,
    colour: RGBColor,
) {
    let line = move |(x, y): (i32, i32)| {
        EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (24, 0)], colour.stroke_width(3))
    };
    let filled = colour.filled();
    match style::marker(i) {
        Marker::Circle => anno.legend(move |p| line(p) + Circle::new((12, 0), 5, filled)),
        Marker::Square => {
            anno.legend(move |p| line(p) + Rectangle::new([(7, -5), (17, 5)], filled))
        }
        Marker::Triangle => anno.legend(move |p| line(p) + TriangleMarker::new((12, 0), 6, filled)),
        Marker::Cross => {
            anno.legend(move |p| line(p) + Cross::new((12, 0), 5, colour.stroke_width(3)))
        }
        Marker::Ring => {
            anno.legend(move |p| line(p) + Circle::new((12, 0), 5, colour.stroke_width(2)))
        }
    };
}
