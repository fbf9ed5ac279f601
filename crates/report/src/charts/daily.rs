//! Chart 3: daily, weekly and monthly active people over time, with the waves' starts
//! and the interventions marked, and the 28-day active rate on the right-hand scale.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::curves::{draw_markers, set_legend};
use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::{date_of, day_of};

#[derive(Debug, Clone, PartialEq)]
pub struct DailyChart {
    pub first: NaiveDate,
    /// (day index from `first`, dau, wau, mau, active rate 28 days).
    pub points: Vec<(f64, f64, f64, f64, Option<f64>)>,
    /// (day index, label): wave starts and interventions inside the range.
    pub milestones: Vec<(f64, String)>,
    /// Objectives on everyone's active rate: (share, checkpoint day index, label).
    pub targets: Vec<(f64, f64, String)>,
}

impl DailyChart {
    /// From `uptake metrics daily` and the plan's waves and interventions.
    pub fn from_report(r: &Report) -> Result<(DailyChart, Vec<String>)> {
        let t = &r.daily;
        let (date, dau, wau, mau, rate) = (
            column(t, "date")?,
            column(t, "dau")?,
            column(t, "wau")?,
            column(t, "mau")?,
            column(t, "active_rate_28")?,
        );
        let dates: Vec<NaiveDate> = t
            .rows
            .iter()
            .filter_map(|row| text(&row[date]).parse().ok())
            .collect();
        let first = dates.first().copied().unwrap_or(r.as_of);
        let base = day_of(first);
        let points = t
            .rows
            .iter()
            .zip(&dates)
            .filter_map(|(row, d)| {
                Some((
                    f64::from(day_of(*d) - base),
                    number(&row[dau])?,
                    number(&row[wau])?,
                    number(&row[mau])?,
                    number(&row[rate]),
                ))
            })
            .collect::<Vec<_>>();
        let last = points.last().map_or(0.0, |p| p.0);
        let lang = r.options.lang;
        // Waves somebody belongs to (the curves have them).
        let wave_col = column(&r.curves, "wave")?;
        let populated: Vec<String> = r
            .curves
            .rows
            .iter()
            .map(|row| text(&row[wave_col]))
            .collect();
        let mut milestones: Vec<(f64, String)> = r
            .plan
            .waves
            .iter()
            .filter(|w| populated.contains(&w.name))
            .map(|w| (w.start, format!("{} {}", lang.t("wave_start"), w.name)))
            .chain(
                r.plan
                    .interventions
                    .iter()
                    .map(|x| (x.date, x.name.clone())),
            )
            .map(|(d, label)| (f64::from(day_of(d) - base), label))
            .filter(|(x, _)| *x >= 0.0 && *x <= last)
            .collect();
        milestones.sort_by(|a, b| a.0.total_cmp(&b.0));
        // One mark per day: the wave `roll-out` starts with the first wave, for instance.
        let mut merged: Vec<(f64, String)> = Vec::new();
        for (x, label) in milestones {
            match merged.last_mut() {
                Some((y, l)) if *y == x => {
                    l.push_str(", ");
                    l.push_str(&label);
                }
                _ => merged.push((x, label)),
            }
        }
        let milestones = merged;
        let notes = super::objective_notes(r, &["active_rate"]);
        let targets = r
            .assessments
            .iter()
            .filter(|a| a.target.metric == "active_rate" && a.target.segment.is_everyone())
            .map(|a| {
                (
                    a.target.value,
                    f64::from(day_of(a.checkpoint_date) - base),
                    format!("{} {}", lang.t("target_line"), lang.pct(a.target.value)),
                )
            })
            .collect();
        Ok((
            DailyChart {
                first,
                points,
                milestones,
                targets,
            },
            notes,
        ))
    }
}

impl Chart for DailyChart {
    fn id(&self) -> &'static str {
        "active-people"
    }

    fn title_key(&self) -> &'static str {
        "chart_daily"
    }

    fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let last = self.points.last().map_or(1.0, |p| p.0.max(1.0));
        let top = self
            .points
            .iter()
            .map(|p| p.3.max(p.2).max(p.1))
            .fold(1.0, f64::max)
            * 1.12;
        let base = day_of(self.first);
        let date_label = |v: &f64| lang.short_date(date_of(base + *v as i32));
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .right_y_label_area_size(70)
            .build_cartesian_2d(0f64..last, 0f64..top)
            .map_err(fail)?
            .set_secondary_coord(0f64..last, 0f64..1.0f64);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&date_label)
            .y_label_formatter(&|v| lang.int(*v as i64))
            .y_desc(lang.t("people_count"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        chart
            .configure_secondary_axes()
            .y_label_formatter(&|v| lang.pct(*v))
            .y_desc(lang.t("active_rate_28"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        for (i, (x, label)) in self.milestones.iter().enumerate() {
            chart
                .draw_series(DashedLineSeries::new(
                    [(*x, 0.0), (*x, top)],
                    5,
                    5,
                    style::MUTED.stroke_width(1),
                ))
                .map_err(fail)?;
            // Staggered so neighbouring milestones do not overlap.
            let y = top * (0.97 - 0.05 * (i % 4) as f64);
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (*x, y),
                    style::left(style::muted(11)),
                )))
                .map_err(fail)?;
        }
        let lines: [(&str, usize); 3] = [("mau", 0), ("wau", 1), ("dau", 4)];
        for (key, i) in lines {
            let colour = style::series(i);
            let pts: Vec<(f64, f64)> = self
                .points
                .iter()
                .map(|p| {
                    let y = match key {
                        "mau" => p.3,
                        "wau" => p.2,
                        _ => p.1,
                    };
                    (p.0, y)
                })
                .collect();
            let width = if key == "dau" { 1 } else { 3 };
            let anno = chart
                .draw_series(LineSeries::new(
                    pts.iter().copied(),
                    colour.stroke_width(width),
                ))
                .map_err(fail)?
                .label(lang.t(key));
            if key == "dau" {
                anno.legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 24, y)], colour.stroke_width(3))
                });
            } else {
                set_legend(anno, i, colour);
            }
            let marks: Vec<(f64, f64)> = pts
                .iter()
                .copied()
                .filter(|(d, _)| (*d as i64) % 28 == 14)
                .collect();
            if key != "dau" {
                draw_markers(&mut chart, &marks, i, colour)?;
            }
        }
        let rate: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter_map(|p| Some((p.0, p.4?)))
            .collect();
        chart
            .draw_secondary_series(DashedLineSeries::new(rate, 3, 3, BLACK.stroke_width(2)))
            .map_err(fail)?
            .label(format!("{} (%)", lang.t("active_rate_28")))
            .legend(|(x, y)| {
                // Dotted as drawn: 3 on, 3 off.
                let dash = |a: i32| {
                    PathElement::new(vec![(x + a, y), (x + a + 3, y)], BLACK.stroke_width(2))
                };
                EmptyElement::at((0, 0)) + dash(0) + dash(6) + dash(12) + dash(18)
            });
        for (share, at, label) in &self.targets {
            chart
                .draw_secondary_series(DashedLineSeries::new(
                    [(0.0, *share), (last, *share)],
                    10,
                    5,
                    style::TARGET.stroke_width(2),
                ))
                .map_err(fail)?;
            chart
                .draw_secondary_series(std::iter::once(Text::new(
                    label.clone(),
                    (last * 0.01, *share + 0.02),
                    style::left(style::font(12).color(&style::TARGET)),
                )))
                .map_err(fail)?;
            // The checkpoint, when it falls inside the period shown.
            if (0.0..=last).contains(at) {
                chart
                    .draw_secondary_series(std::iter::once(Circle::new(
                        (*at, *share),
                        6,
                        style::TARGET.stroke_width(3),
                    )))
                    .map_err(fail)?;
            }
        }
        // On the left, below the milestones: the recent days on the right stay visible.
        super::draw_legend(&mut chart, SeriesLabelPosition::MiddleLeft)?;
        Ok(())
    }
}
