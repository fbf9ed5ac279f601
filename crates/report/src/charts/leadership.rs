//! Chart 9: leadership. The share of each management level that had activated, day by
//! day: if the top leads by example, its line rises first. Levels smaller than the
//! suppression threshold are not drawn.

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
pub struct LeadershipChart {
    pub first: NaiveDate,
    /// (level, [(day index from `first`, share of the level activated)]).
    pub levels: Vec<(i64, Vec<(f64, f64)>)>,
}

impl LeadershipChart {
    /// From `uptake metrics leadership --curve`; the notes say, per level, how many
    /// activated, the median first use, and whether the level went before those below.
    pub fn from_report(r: &Report) -> Result<(LeadershipChart, Vec<String>)> {
        let t = &r.leadership_curve;
        let (level, date, share) = (
            column(t, "level")?,
            column(t, "date")?,
            column(t, "activated_share")?,
        );
        let first = t
            .rows
            .first()
            .and_then(|row| text(&row[date]).parse().ok())
            .unwrap_or(r.as_of);
        let base = day_of(first);
        let mut levels: Vec<(i64, Vec<(f64, f64)>)> = Vec::new();
        for row in &t.rows {
            let (Some(l), Ok(d), Some(s)) = (
                number(&row[level]),
                text(&row[date]).parse::<NaiveDate>(),
                number(&row[share]),
            ) else {
                continue;
            };
            let l = l as i64;
            if levels.last().is_none_or(|(last, _)| *last != l) {
                levels.push((l, Vec::new()));
            }
            if let Some((_, points)) = levels.last_mut() {
                points.push((f64::from(day_of(d) - base), s));
            }
        }
        Ok((LeadershipChart { first, levels }, notes(r)?))
    }
}

/// One line per level shown in `uptake metrics leadership`.
fn notes(r: &Report) -> Result<Vec<String>> {
    let t = &r.leadership;
    let lang = r.options.lang;
    let (level, rate, first, ahead) = (
        column(t, "level")?,
        column(t, "activation_rate")?,
        column(t, "median_first_active")?,
        column(t, "ahead_of_levels_below")?,
    );
    let mut out = Vec::new();
    for row in &t.rows {
        let Some(l) = number(&row[level]) else {
            continue;
        };
        let top = if l == 0.0 {
            format!(" ({})", lang.t("level_top"))
        } else {
            String::new()
        };
        let Some(rate) = number(&row[rate]) else {
            // A level too small to show is still said to exist.
            if row[rate] == uptake_metrics::Value::Suppressed {
                out.push(format!(
                    "{} {}{top}{}{}",
                    lang.t("level"),
                    l as i64,
                    lang.colon(),
                    lang.t("withheld_small")
                        .replace("{k}", &r.options.windows.min_group.to_string()),
                ));
            }
            continue;
        };
        let first = text(&row[first])
            .parse::<NaiveDate>()
            .map_or_else(|_| "—".to_string(), |d| lang.date(d));
        let ahead = match &row[ahead] {
            uptake_metrics::Value::Bool(true) => format!(", {}", lang.t("ahead_of_below")),
            uptake_metrics::Value::Bool(false) => format!(", {}", lang.t("behind_below")),
            _ => String::new(),
        };
        out.push(format!(
            "{} {}{top}{}{} {}, {} {first}{ahead}",
            lang.t("level"),
            l as i64,
            lang.colon(),
            lang.pct(rate),
            lang.t("activated_lower"),
            lang.t("median_first_use"),
        ));
    }
    Ok(out)
}

impl Chart for LeadershipChart {
    fn id(&self) -> &'static str {
        "leadership"
    }

    fn title_key(&self) -> &'static str {
        "chart_leadership"
    }

    fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let last = self
            .levels
            .iter()
            .flat_map(|(_, p)| p.last())
            .map(|p| p.0)
            .fold(1.0, f64::max);
        let base = day_of(self.first);
        let date_label = |v: &f64| lang.short_date(date_of(base + *v as i32));
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..last, 0f64..1.0f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&date_label)
            .y_label_formatter(&|v| lang.pct(*v))
            .y_desc(lang.t("share_activated"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        for (i, (level, points)) in self.levels.iter().enumerate() {
            let colour = style::series(i);
            let label = if *level == 0 {
                format!("{} 0 ({})", lang.t("level"), lang.t("level_top"))
            } else {
                format!("{} {level}", lang.t("level"))
            };
            let anno = chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    colour.stroke_width(3),
                ))
                .map_err(fail)?
                .label(label);
            set_legend(anno, i, colour);
            let marks: Vec<(f64, f64)> = points
                .iter()
                .copied()
                .filter(|(d, _)| (*d as i64) % 28 == 14)
                .collect();
            draw_markers(&mut chart, &marks, i, colour)?;
        }
        super::draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}
