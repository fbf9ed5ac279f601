//! Chart 10: tool sprawl. For each use-case category, the share of its people who used
//! tools of two suites (families) or more for it, window after window: a falling line is consolidation.
//! Categories too small to show are left out.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::curves::{draw_markers, set_legend};
use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::ANY_CATEGORY;

#[derive(Debug, Clone, PartialEq)]
pub struct SprawlChart {
    /// The windows' last days, oldest first.
    pub windows: Vec<NaiveDate>,
    /// (category, [(window index, multi-tool share)]); `any` last.
    pub categories: Vec<(String, Vec<(f64, f64)>)>,
}

impl SprawlChart {
    /// From `uptake metrics sprawl --curve`; the notes, from `uptake metrics sprawl`,
    /// give each category's tools with their people.
    pub fn from_report(r: &Report) -> Result<(SprawlChart, Vec<String>)> {
        let t = &r.sprawl_trend;
        let (end, category, share) = (
            column(t, "window_end")?,
            column(t, "category")?,
            column(t, "multi_tool_share")?,
        );
        let mut windows: Vec<NaiveDate> = Vec::new();
        let mut categories: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
        for row in &t.rows {
            let Ok(d) = text(&row[end]).parse::<NaiveDate>() else {
                continue;
            };
            if windows.last() != Some(&d) {
                windows.push(d);
            }
            let Some(s) = number(&row[share]) else {
                continue;
            };
            let name = text(&row[category]);
            let x = (windows.len() - 1) as f64;
            match categories.iter_mut().find(|(c, _)| *c == name) {
                Some((_, points)) => points.push((x, s)),
                None => categories.push((name, vec![(x, s)])),
            }
        }
        // `any` last, drawn in black.
        categories.sort_by_key(|(c, _)| c == ANY_CATEGORY);
        Ok((
            SprawlChart {
                windows,
                categories,
            },
            notes(r)?,
        ))
    }
}

/// One line per category shown in `uptake metrics sprawl`.
fn notes(r: &Report) -> Result<Vec<String>> {
    let t = &r.sprawl;
    let lang = r.options.lang;
    let (category, people, share, tools) = (
        column(t, "category")?,
        column(t, "people")?,
        column(t, "multi_tool_share")?,
        column(t, "tool_people")?,
    );
    let mut out = Vec::new();
    for row in &t.rows {
        let (Some(n), Some(s)) = (number(&row[people]), number(&row[share])) else {
            continue;
        };
        let name = text(&row[category]);
        let label = if name == ANY_CATEGORY {
            lang.t("any_category").to_string()
        } else {
            lang.t(&name).to_string()
        };
        let tools = text(&row[tools]);
        out.push(format!(
            "{label}{}{} {}, {} {}{}",
            lang.colon(),
            lang.pct(s),
            lang.t("on_two_tools"),
            lang.int(n as i64),
            lang.t("people_count").to_lowercase(),
            if tools.is_empty() {
                String::new()
            } else {
                format!(" ({tools})")
            },
        ));
    }
    Ok(out)
}

/// Whether two categories' lines coincide: the same windows, within half a point.
pub(crate) fn same_line(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| p.0 == q.0 && (p.1 - q.1).abs() < 0.005)
}

/// The x offset of category `i` of `n`, in windows: centred on the window, 0.04 apart
/// (about 6 pixels at the report's width for six windows).
pub(crate) fn dodge(i: usize, n: usize) -> f64 {
    (i as f64 - (n.saturating_sub(1)) as f64 / 2.0) * 0.04
}

impl Chart for SprawlChart {
    fn id(&self) -> &'static str {
        "tool-sprawl"
    }

    fn title_key(&self) -> &'static str {
        "chart_sprawl"
    }

    fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let last = (self.windows.len().max(2) - 1) as f64;
        let top = self
            .categories
            .iter()
            .flat_map(|(_, p)| p.iter().map(|p| p.1))
            .fold(0.1, f64::max)
            .min(1.0)
            * 1.15;
        let windows = self.windows.clone();
        let date_label = move |v: &f64| {
            let i = v.round() as usize;
            match windows.get(i) {
                Some(d) if (v - i as f64).abs() < 0.01 => lang.short_date(*d),
                _ => String::new(),
            }
        };
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(70)
            .build_cartesian_2d(-0.3f64..last + 0.3, 0f64..top)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_labels(self.windows.len().max(2))
            .x_label_formatter(&date_label)
            .y_label_formatter(&|v| lang.pct(*v))
            .y_desc(lang.t("multi_tool_share"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        let n = self.categories.len();
        for (i, (category, points)) in self.categories.iter().enumerate() {
            let any = category == ANY_CATEGORY;
            let colour = if any { BLACK } else { style::series(i) };
            let name = |c: &str| {
                if c == ANY_CATEGORY {
                    lang.t("any_category")
                } else {
                    lang.t(c)
                }
            };
            // A line equal to one drawn before would hide it: every category is set a
            // little apart in x, and a twin is drawn dashed over the other and named
            // in its legend.
            let twin = self.categories[..i]
                .iter()
                .find(|(_, other)| same_line(points, other))
                .map(|(c, _)| name(c));
            let label = match twin {
                Some(t) => format!("{} (= {t})", name(category)),
                None => name(category).to_string(),
            };
            let dodged: Vec<(f64, f64)> =
                points.iter().map(|&(x, y)| (x + dodge(i, n), y)).collect();
            let ink = colour.stroke_width(if any { 2 } else { 3 });
            let anno = if twin.is_some() {
                chart
                    .draw_series(DashedLineSeries::new(dodged.iter().copied(), 8, 8, ink))
                    .map_err(fail)?
            } else {
                chart
                    .draw_series(LineSeries::new(dodged.iter().copied(), ink))
                    .map_err(fail)?
            };
            anno.label(label);
            set_legend(anno, i, colour);
            draw_markers(&mut chart, &dodged, i, colour)?;
        }
        super::draw_legend(&mut chart, SeriesLabelPosition::MiddleRight)?;
        Ok(())
    }
}
