//! Chart 5: retention heat map: for each activation week (rows), the share of its people
//! active k weeks later (columns), darker for more.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;

/// Cohorts shown: the most recent ones with enough people.
pub const MAX_COHORTS: usize = 20;

#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub week: NaiveDate,
    pub size: f64,
    /// Share active k weeks after, k = 0.. (as far as observed).
    pub shares: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RetentionChart {
    pub cohorts: Vec<Cohort>,
    pub max_k: usize,
}

impl RetentionChart {
    /// From `uptake metrics retention` (weeks); suppressed cohorts are left out, and
    /// the notes say how many.
    pub fn from_report(r: &Report) -> Result<(RetentionChart, Vec<String>)> {
        let t = &r.retention;
        let (c, size, k, share) = (
            column(t, "cohort")?,
            column(t, "size")?,
            column(t, "k")?,
            column(t, "share")?,
        );
        let mut cohorts: Vec<Cohort> = Vec::new();
        for row in &t.rows {
            let (Ok(week), Some(n), Some(k), Some(s)) = (
                text(&row[c]).parse::<NaiveDate>(),
                number(&row[size]),
                number(&row[k]),
                number(&row[share]),
            ) else {
                continue;
            };
            match cohorts.last_mut() {
                // Offsets arrive in order; one out of order is left out, not misplaced.
                Some(last) if last.week == week && k as usize == last.shares.len() => {
                    last.shares.push(s)
                }
                Some(last) if last.week == week => {}
                _ if k == 0.0 => cohorts.push(Cohort {
                    week,
                    size: n,
                    shares: vec![s],
                }),
                _ => {}
            }
        }
        let skip = cohorts.len().saturating_sub(MAX_COHORTS);
        let cohorts: Vec<Cohort> = cohorts.into_iter().skip(skip).collect();
        let max_k = cohorts.iter().map(|c| c.shares.len()).max().unwrap_or(0);
        // Say what is not drawn: cohorts withheld for their size, and older ones.
        let lang = r.options.lang;
        let small: std::collections::BTreeSet<String> = t
            .rows
            .iter()
            .filter(|row| row[size] == uptake_metrics::Value::Suppressed)
            .map(|row| text(&row[c]))
            .collect();
        let mut notes = vec![lang.t("retention_reading").to_string()];
        if !small.is_empty() {
            notes.push(
                lang.t("retention_small")
                    .replace("{n}", &lang.int(small.len() as i64))
                    .replace("{k}", &r.quality.min_group.to_string()),
            );
        }
        if skip > 0 {
            notes.push(
                lang.t("retention_older")
                    .replace("{n}", &lang.int(skip as i64))
                    .replace("{max}", &MAX_COHORTS.to_string()),
            );
        }
        Ok((RetentionChart { cohorts, max_k }, notes))
    }
}

/// White to dark blue: lightness alone carries the value (grey-scale safe).
fn shade(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * s).round() as u8;
    RGBColor(mix(247.0, 8.0), mix(251.0, 48.0), mix(255.0, 107.0))
}

impl Chart for RetentionChart {
    fn id(&self) -> &'static str {
        "retention"
    }

    fn title_key(&self) -> &'static str {
        "chart_retention"
    }

    fn is_empty(&self) -> bool {
        self.cohorts.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let rows = self.cohorts.len();
        let cols = self.max_k.max(1);
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .margin_right(SCALE_WIDTH)
            .x_label_area_size(48)
            .y_label_area_size(150)
            .build_cartesian_2d(0f64..cols as f64, 0f64..rows as f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(lang.t("weeks_after"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        let cell_height = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1;
        for k in 0..cols {
            let (px, py) = chart.backend_coord(&(k as f64 + 0.5, 0.0));
            root.draw(&Text::new(
                k.to_string(),
                (px, py + 14),
                style::centre(style::font(12)),
            ))
            .map_err(fail)?;
        }
        for (i, c) in self.cohorts.iter().enumerate() {
            let y = (rows - 1 - i) as f64;
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                format!("{} ({})", lang.short_date(c.week), lang.int(c.size as i64)),
                (px - 8, py),
                style::right(style::font(12)),
            ))
            .map_err(fail)?;
            for (k, &s) in c.shares.iter().enumerate() {
                let x = k as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x + 0.03, y + 0.05), (x + 0.97, y + 0.95)],
                        shade(s).filled(),
                    )))
                    .map_err(fail)?;
                if cell_height >= 16 {
                    let ink = if s > 0.5 { WHITE } else { BLACK };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            format!("{:.0}", s * 100.0),
                            (x + 0.5, y + 0.5),
                            style::centre(style::font(11).color(&ink)),
                        )))
                        .map_err(fail)?;
                }
            }
        }
        draw_scale(root, &chart, lang)
    }
}

/// Pixels right of the cells for the colour scale.
const SCALE_WIDTH: u32 = 120;

/// The colour scale, right of the cells: 0 % at the bottom to 100 % at the top, with
/// what the colour measures.
fn draw_scale<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, CT>,
    lang: Lang,
) -> Result<(), String> {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let x = xs.end + 24;
    let (top, bottom) = (ys.start + 24, ys.end - 8);
    let steps = 20;
    let step = f64::from(bottom - top) / f64::from(steps);
    for i in 0..steps {
        let y0 = bottom - (f64::from(i + 1) * step).round() as i32;
        let y1 = bottom - (f64::from(i) * step).round() as i32;
        let share = (f64::from(i) + 0.5) / f64::from(steps);
        root.draw(&Rectangle::new(
            [(x, y0), (x + 18, y1)],
            shade(share).filled(),
        ))
        .map_err(fail)?;
    }
    root.draw(&Rectangle::new(
        [(x, top), (x + 18, bottom)],
        style::MUTED.stroke_width(1),
    ))
    .map_err(fail)?;
    for (share, y) in [(0.0, bottom), (0.5, (top + bottom) / 2), (1.0, top)] {
        root.draw(&Text::new(
            lang.pct(share),
            (x + 24, y),
            style::left(style::font(12)),
        ))
        .map_err(fail)?;
    }
    root.draw(&Text::new(
        lang.t("retention_scale"),
        (x - 4, top - 14),
        style::left(style::font(12)),
    ))
    .map_err(fail)
}
