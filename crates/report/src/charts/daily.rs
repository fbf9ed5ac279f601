//! Chart 3: daily, weekly and monthly active people over time, with the waves' starts
//! and the interventions marked, and the 28-day active rate on the right-hand scale.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::curves::draw_markers;
use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::{date_of, day_of};

/// Both scales run to this multiple of their largest value (the most people, 100 %), so
/// the top quarter of the plot is a band where the milestones' labels cross no data.
const HEADROOM: f64 = 1.35;

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
            * HEADROOM;
        let base = day_of(self.first);
        let date_label = |v: &f64| lang.short_date(date_of(base + *v as i32));
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(76)
            .y_label_area_size(70)
            .right_y_label_area_size(70)
            .build_cartesian_2d(0f64..last, 0f64..top)
            .map_err(fail)?
            .set_secondary_coord(0f64..last, 0f64..HEADROOM);
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
            // The band above 100 % holds the milestones' labels: no rate is drawn there.
            .y_label_formatter(&|v| {
                if *v <= 1.0 + 1e-9 {
                    lang.pct(*v)
                } else {
                    String::new()
                }
            })
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
            chart
                .draw_series(LineSeries::new(
                    pts.iter().copied(),
                    colour.stroke_width(width),
                ))
                .map_err(fail)?;
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
            .map_err(fail)?;
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
        legend_row(root, lang)
    }
}

/// The legend as one row under the dates, where it covers no day of data; each sample
/// is drawn as its line is (the active rate dotted).
fn legend_row<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, lang: Lang) -> Result<(), String> {
    let rate = format!("{} (%)", lang.t("active_rate_28"));
    let entries = [
        (lang.t("mau"), Some(0)),
        (lang.t("wau"), Some(1)),
        (lang.t("dau"), Some(4)),
        (rate.as_str(), None),
    ];
    let font = style::font(13);
    let widths = entries
        .iter()
        .map(|(label, _)| root.estimate_text_size(label, &font).map(|s| s.0 as i32))
        .collect::<Result<Vec<i32>, _>>()
        .map_err(fail)?;
    let (w, h) = root.dim_in_pixel();
    let total: i32 = widths.iter().map(|t| t + 30 + 24).sum::<i32>() - 24;
    let (mut x, y) = ((w as i32 - total) / 2, h as i32 - 14);
    for ((label, series), text_width) in entries.iter().zip(widths) {
        match series {
            Some(i) => {
                let colour = style::series(*i);
                root.draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    colour.stroke_width(3),
                ))
                .map_err(fail)?;
                let filled = colour.filled();
                match i {
                    0 => root.draw(&Circle::new((x + 12, y), 5, filled)),
                    1 => root.draw(&Rectangle::new([(x + 7, y - 5), (x + 17, y + 5)], filled)),
                    _ => Ok(()),
                }
                .map_err(fail)?;
            }
            None => {
                for a in [0, 6, 12, 18] {
                    root.draw(&PathElement::new(
                        vec![(x + a, y), (x + a + 3, y)],
                        BLACK.stroke_width(2),
                    ))
                    .map_err(fail)?;
                }
            }
        }
        root.draw(&Text::new(
            label.to_string(),
            (x + 30, y),
            style::left(font.clone()),
        ))
        .map_err(fail)?;
        x += 30 + text_width + 24;
    }
    Ok(())
}
