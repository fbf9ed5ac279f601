//! Chart 7: the share of active people using each use-case category in the last 28 days,
//! the categories the plan's use cases name highlighted, and targets on category shares
//! marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number};
use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryBar {
    pub category: String,
    pub share: f64,
    /// A use case of the plan names this category.
    pub encouraged: bool,
    /// Targets on `share_<category>`: (comparison, value).
    pub targets: Vec<f64>,
    /// Some source records the category: otherwise its 0 % means "not measured".
    pub measured: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BreadthChart {
    pub bars: Vec<CategoryBar>,
}

impl BreadthChart {
    /// From `uptake metrics breadth` and the plan's use cases and targets.
    pub fn from_report(r: &Report) -> Result<(BreadthChart, Vec<String>)> {
        let t = &r.breadth;
        let Some(row) = t.rows.first() else {
            return Ok((BreadthChart { bars: vec![] }, vec![]));
        };
        let mut bars = Vec::new();
        for (i, c) in t.columns.iter().enumerate() {
            let Some(category) = c.strip_prefix("share_") else {
                continue;
            };
            let Some(share) = number(&row[i]) else {
                continue;
            };
            bars.push(CategoryBar {
                category: category.to_string(),
                share,
                encouraged: r
                    .plan
                    .objectives
                    .use_cases
                    .iter()
                    .any(|u| u.category == category),
                targets: r
                    .plan
                    .objectives
                    .targets
                    .iter()
                    .filter(|x| x.metric == *c)
                    .map(|x| x.value)
                    .collect(),
                measured: r.categories_recorded.iter().any(|x| x == category),
            });
        }
        column(t, "active")?;
        let lang = r.options.lang;
        let mut notes: Vec<String> = r
            .plan
            .objectives
            .use_cases
            .iter()
            .map(|u| format!("{} ({})", u.name, lang.t(&u.category)))
            .collect();
        notes.extend(
            r.assessments
                .iter()
                .filter(|a| {
                    a.target.metric.starts_with("share_") || a.target.metric == "mean_categories"
                })
                .map(|a| super::note(a, lang)),
        );
        let unmeasured: Vec<&str> = bars
            .iter()
            .filter(|b| !b.measured)
            .map(|b| lang.t(&b.category))
            .collect();
        if !unmeasured.is_empty() {
            notes.push(
                lang.t("not_measured_note")
                    .replace("{categories}", &unmeasured.join(", ")),
            );
        }
        Ok((BreadthChart { bars }, notes))
    }
}

impl Chart for BreadthChart {
    fn id(&self) -> &'static str {
        "use-case-categories"
    }

    fn title_key(&self) -> &'static str {
        "chart_breadth"
    }

    fn is_empty(&self) -> bool {
        self.bars.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let n = self.bars.len();
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(130)
            .build_cartesian_2d(0f64..1f64, 0f64..n as f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|v| lang.pct(*v))
            .x_desc(lang.t("category_share"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        for (i, b) in self.bars.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            let name = lang.t(&b.category);
            let name = if name == "?" {
                b.category.as_str()
            } else {
                name
            };
            root.draw(&Text::new(
                name.to_string(),
                (px - 8, py),
                style::right(style::font(14)),
            ))
            .map_err(fail)?;
            // Encouraged categories in the strong colour, the rest in grey.
            let colour = if b.encouraged {
                style::series(0)
            } else {
                RGBColor(170, 170, 170)
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y + 0.2), (b.share, y + 0.8)],
                    colour.filled(),
                )))
                .map_err(fail)?;
            // Inside the bar when there is no room after it.
            let (at, label_style) = if b.share > 0.85 {
                (b.share - 0.01, style::right(style::font(13).color(&WHITE)))
            } else {
                (b.share + 0.01, style::left(style::font(13)))
            };
            let value = if b.measured {
                lang.pct(b.share)
            } else {
                lang.t("not_measured").to_string()
            };
            let label_style = if b.measured {
                label_style
            } else {
                style::left(style::muted(13))
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    value,
                    (at, y + 0.5),
                    label_style,
                )))
                .map_err(fail)?;
            for &t in &b.targets {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(t, y + 0.08), (t, y + 0.92)],
                        style::TARGET.stroke_width(3),
                    )))
                    .map_err(fail)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{} {}", lang.t("target_line"), lang.pct(t)),
                        (t + 0.01, y + 0.9),
                        style::left(style::font(12).color(&style::TARGET)),
                    )))
                    .map_err(fail)?;
            }
        }
        Ok(())
    }
}
