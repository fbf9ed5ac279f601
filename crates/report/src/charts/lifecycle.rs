//! Chart 4: week by week, the people active who are new, returning or back after a
//! pause (stacked up), and those who went dormant (down). A week cut short by the as-of
//! day is drawn pale and said so under the chart: its dormant bar counts people who may
//! still come back that week.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::Value;

/// One week's counts.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleWeek {
    pub week: NaiveDate,
    pub new: f64,
    pub returning: f64,
    pub resurrecting: f64,
    pub dormant: f64,
    /// The as-of week, when as-of is not its Sunday.
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleChart {
    pub weeks: Vec<LifecycleWeek>,
}

impl LifecycleChart {
    /// From `uptake metrics lifecycle` (weeks).
    pub fn from_report(r: &Report) -> Result<(LifecycleChart, Vec<String>)> {
        let t = &r.lifecycle;
        let (w, n, ret, res, d, p) = (
            column(t, "week")?,
            column(t, "new")?,
            column(t, "returning")?,
            column(t, "resurrecting")?,
            column(t, "dormant")?,
            column(t, "partial")?,
        );
        let weeks: Vec<LifecycleWeek> = t
            .rows
            .iter()
            .filter_map(|row| {
                Some(LifecycleWeek {
                    week: text(&row[w]).parse().ok()?,
                    new: number(&row[n])?,
                    returning: number(&row[ret])?,
                    resurrecting: number(&row[res])?,
                    dormant: number(&row[d])?,
                    partial: row[p] == Value::Bool(true),
                })
            })
            .collect();
        let lang = r.options.lang;
        let notes = weeks
            .iter()
            .filter(|w| w.partial)
            .map(|w| {
                let (week, as_of) = (lang.date(w.week), lang.date(r.as_of));
                match lang {
                    Lang::Fr => format!(
                        "La semaine du {week} est incomplète (arrêtée au {as_of}){}ses barres sont pâles, et qui n'est pas encore revenu cette semaine-là y compte parmi les dormants.",
                        lang.colon()
                    ),
                    _ => format!(
                        "The week of {week} is partial (cut at the as-of date, {as_of}){}its bars are pale, and people not back yet that week count as dormant.",
                        lang.colon()
                    ),
                }
            })
            .collect();
        Ok((LifecycleChart { weeks }, notes))
    }
}

const PARTS: [(&str, RGBColor); 4] = [
    ("returning", RGBColor(0, 114, 178)),
    ("new", RGBColor(0, 158, 115)),
    ("resurrecting", RGBColor(86, 180, 233)),
    ("dormant", RGBColor(213, 94, 0)),
];

impl Chart for LifecycleChart {
    fn id(&self) -> &'static str {
        "lifecycle"
    }

    fn title_key(&self) -> &'static str {
        "chart_lifecycle"
    }

    fn is_empty(&self) -> bool {
        self.weeks.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let n = self.weeks.len();
        let up = self
            .weeks
            .iter()
            .map(|w| w.new + w.returning + w.resurrecting)
            .fold(1.0, f64::max)
            * 1.08;
        let down = self.weeks.iter().map(|w| w.dormant).fold(1.0, f64::max) * 1.08;
        let weeks = self.weeks.clone();
        let label = move |v: &f64| {
            let i = v.round() as usize;
            weeks
                .get(i)
                .filter(|_| (v - v.round()).abs() < 1e-6)
                .map(|w| lang.short_date(w.week))
                .unwrap_or_default()
        };
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.6f64..n as f64 - 0.4, -down..up)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_labels(n.min(14))
            .x_label_formatter(&label)
            .y_label_formatter(&|v| lang.int(v.round() as i64))
            .x_desc(lang.t("week"))
            .y_desc(lang.t("people_count"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        for (key, colour) in PARTS {
            let bars: Vec<Rectangle<(f64, f64)>> = self
                .weeks
                .iter()
                .enumerate()
                .filter_map(|(i, w)| {
                    let x = i as f64;
                    let (y0, y1) = match key {
                        "returning" => (0.0, w.returning),
                        "new" => (w.returning, w.returning + w.new),
                        "resurrecting" => {
                            (w.returning + w.new, w.returning + w.new + w.resurrecting)
                        }
                        _ => (-w.dormant, 0.0),
                    };
                    // A partial week is pale: its counts are not comparable with whole weeks.
                    let fill = if w.partial {
                        colour.mix(0.4).filled()
                    } else {
                        colour.filled()
                    };
                    (y1 > y0).then(|| Rectangle::new([(x - 0.38, y0), (x + 0.38, y1)], fill))
                })
                .collect();
            chart
                .draw_series(bars)
                .map_err(fail)?
                .label(lang.t(key))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled())
                });
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.6, 0.0), (n as f64 - 0.4, 0.0)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail)?;
        super::draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    }
}
