//! Chart 6: time from registration to first use: people activated per week since
//! registration (bars) and the Kaplan-Meier share activated (line, right-hand scale),
//! which counts people not activated yet instead of ignoring them.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number};
use crate::lang::Lang;

/// Weeks drawn at most; later activations are gathered in the last bar.
pub const MAX_WEEKS: usize = 26;

#[derive(Debug, Clone, PartialEq)]
pub struct ActivationChart {
    /// People activated in week w after registration (w = 0..), the last bar holding
    /// everyone later.
    pub per_week: Vec<f64>,
    /// (days, share activated) by Kaplan-Meier, one step per day with an activation.
    pub km: Vec<(f64, f64)>,
    pub median_days: Option<f64>,
}

impl ActivationChart {
    /// From `uptake metrics activation --curve` and `uptake metrics activation`.
    pub fn from_report(r: &Report) -> Result<(ActivationChart, Vec<String>)> {
        let t = &r.km;
        let (days, activated, not_yet) = (
            column(t, "days")?,
            column(t, "activated")?,
            column(t, "not_yet_share")?,
        );
        let mut per_week: Vec<f64> = Vec::new();
        let mut km = Vec::new();
        for row in &t.rows {
            let (Some(d), Some(a), Some(n)) = (
                number(&row[days]),
                number(&row[activated]),
                number(&row[not_yet]),
            ) else {
                continue;
            };
            let w = ((d.max(0.0) / 7.0) as usize).min(MAX_WEEKS - 1);
            if per_week.len() <= w {
                per_week.resize(w + 1, 0.0);
            }
            per_week[w] += a;
            km.push((d, 1.0 - n));
        }
        let a = &r.activation;
        let (median, plain, activated_n, not_yet_n) = (
            column(a, "km_median_days")?,
            column(a, "median_days")?,
            column(a, "activated")?,
            column(a, "not_yet")?,
        );
        let first = a.rows.first();
        let median_days = first.and_then(|row| number(&row[median]));
        let mut notes = super::objective_notes(r, &["median_days_to_activation"]);
        // Two medians answer two questions; say which the chart draws and how the
        // summary's differs.
        if let (Some(row), Some(km)) = (first, median_days) {
            let lang = r.options.lang;
            let n = |i: usize| number(&row[i]).map_or("—".into(), |v| lang.int(v as i64));
            let among = number(&row[plain]).map_or("—".into(), |v| lang.num(v, 0));
            notes.push(
                lang.t("median_note")
                    .replace("{km}", &lang.num(km, 0))
                    .replace("{not_yet}", &n(not_yet_n))
                    .replace("{median}", &among)
                    .replace("{activated}", &n(activated_n)),
            );
        }
        Ok((
            ActivationChart {
                per_week,
                km,
                median_days,
            },
            notes,
        ))
    }
}

impl Chart for ActivationChart {
    fn id(&self) -> &'static str {
        "time-to-activation"
    }

    fn title_key(&self) -> &'static str {
        "chart_activation"
    }

    fn is_empty(&self) -> bool {
        self.per_week.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let weeks = self.per_week.len().max(1) as f64;
        let top = self.per_week.iter().copied().fold(1.0, f64::max) * 1.1;
        let last = self.per_week.len();
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .right_y_label_area_size(70)
            .build_cartesian_2d(0f64..weeks, 0f64..top)
            .map_err(fail)?
            .set_secondary_coord(0f64..weeks * 7.0, 0f64..1.0f64);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|v| {
                if last == MAX_WEEKS && *v >= (MAX_WEEKS - 1) as f64 {
                    format!("{}+", MAX_WEEKS - 1)
                } else {
                    format!("{v:.0}")
                }
            })
            .y_label_formatter(&|v| lang.int(v.round() as i64))
            .x_desc(lang.t("weeks_since_registration"))
            .y_desc(lang.t("people_count"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        chart
            .configure_secondary_axes()
            .y_label_formatter(&|v| lang.pct(*v))
            .y_desc(lang.t("activated_km"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        let colour = style::series(4);
        chart
            .draw_series(self.per_week.iter().enumerate().map(|(w, &n)| {
                let x = w as f64;
                Rectangle::new([(x + 0.1, 0.0), (x + 0.9, n)], colour.filled())
            }))
            .map_err(fail)?
            .label(lang.t("activated_per_week"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
        // A step function: the share holds until the next activation day.
        let mut steps = Vec::new();
        let mut prev = 0.0;
        for &(d, s) in &self.km {
            let d = d.min(weeks * 7.0);
            steps.push((d, prev));
            steps.push((d, s));
            prev = s;
        }
        steps.push((weeks * 7.0, prev));
        let ink = style::series(0);
        chart
            .draw_secondary_series(LineSeries::new(steps, ink.stroke_width(3)))
            .map_err(fail)?
            .label(lang.t("activated_km"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], ink.stroke_width(3)));
        if let Some(m) = self.median_days.filter(|m| *m <= weeks * 7.0) {
            chart
                .draw_secondary_series(DashedLineSeries::new(
                    [(0.0, 0.5), (m, 0.5), (m, 0.0)],
                    5,
                    4,
                    style::MUTED.stroke_width(1),
                ))
                .map_err(fail)?;
            // Left of the median and above its line, where the Kaplan-Meier curve is
            // not (it is below 50 % before the median), on a white ground over the bars.
            let label = format!(
                "{} {} {}",
                lang.t("km_median"),
                lang.num(m, 0),
                lang.t("days")
            );
            let font = style::muted(13);
            let (w, h) = root.estimate_text_size(&label, &font).map_err(fail)?;
            let (px, py) = chart.borrow_secondary().backend_coord(&(m, 0.5));
            let (x1, y1) = (px - 6, py - 6);
            let (w, h) = (w as i32, h as i32);
            root.draw(&Rectangle::new(
                [(x1 - w - 4, y1 - h - 4), (x1 + 2, y1 + 2)],
                WHITE.mix(0.9).filled(),
            ))
            .map_err(fail)?;
            root.draw(&Text::new(label, (x1 - w, y1 - h), font))
                .map_err(fail)?;
        }
        super::draw_legend(&mut chart, SeriesLabelPosition::MiddleRight)?;
        Ok(())
    }
}
