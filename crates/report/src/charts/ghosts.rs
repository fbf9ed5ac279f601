//! Chart 2: per segment (department by default), the eligible people split into active,
//! not yet counted, lapsed ghosts and never-active ghosts, as shares of a stacked bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;

/// One bar: a segment's head-counts.
#[derive(Debug, Clone, PartialEq)]
pub struct GhostBar {
    pub segment: String,
    pub eligible: f64,
    pub active: f64,
    /// Neither active nor a ghost: within the grace period after registration.
    pub other: f64,
    pub lapsed: f64,
    pub never: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GhostsChart {
    /// The roster column the bars are by.
    pub by: String,
    /// Segments in the summary's order, then `all`; suppressed segments are left out.
    pub bars: Vec<GhostBar>,
    /// Objectives drawn on a bar: (bar index, position 0..1, label). An active-rate
    /// target sits where the active part should reach; a ghost-rate target where the
    /// ghosts should start (1 - target).
    pub targets: Vec<(usize, f64, String)>,
}

impl GhostsChart {
    /// From `uptake metrics summary --by <by>`.
    pub fn from_report(r: &Report) -> Result<(GhostsChart, Vec<String>)> {
        let t = &r.by_segment;
        let idx = |c| column(t, c);
        let (seg, elig, act, never, lapsed) = (
            idx("segment")?,
            idx("eligible")?,
            idx("active_28d")?,
            idx("ghosts_never")?,
            idx("ghosts_lapsed")?,
        );
        let bars: Vec<GhostBar> = t
            .rows
            .iter()
            .filter_map(|row| {
                let (e, a, n, l) = (
                    number(&row[elig])?,
                    number(&row[act])?,
                    number(&row[never])?,
                    number(&row[lapsed])?,
                );
                (e > 0.0).then(|| GhostBar {
                    segment: text(&row[seg]),
                    eligible: e,
                    active: a,
                    other: (e - a - n - l).max(0.0),
                    lapsed: l,
                    never: n,
                })
            })
            .collect();
        let notes = super::objective_notes(r, &["ghost_rate", "active_rate"]);
        let lang = r.options.lang;
        let mut targets = Vec::new();
        for a in &r.assessments {
            let t = &a.target;
            let segment = if t.segment.is_everyone() {
                Some("all")
            } else {
                t.segment
                    .single_value()
                    .filter(|(c, _)| *c == r.options.by)
                    .map(|(_, v)| v)
            };
            let Some(segment) = segment else {
                continue;
            };
            let Some(bar) = bars
                .iter()
                .position(|b: &GhostBar| b.segment.eq_ignore_ascii_case(segment))
            else {
                continue;
            };
            let x = match t.metric.as_str() {
                "active_rate" => t.value,
                "ghost_rate" => 1.0 - t.value,
                _ => continue,
            };
            let label = format!(
                "{} {}",
                t.comparison.as_str().replace(">=", "≥").replace("<=", "≤"),
                lang.pct(t.value)
            );
            targets.push((bar, x, label));
        }
        Ok((
            GhostsChart {
                by: r.options.by.clone(),
                bars,
                targets,
            },
            notes,
        ))
    }
}

/// Part colours: active darkest, then ghosts, grace period lightest.
const PARTS: [(&str, RGBColor); 4] = [
    ("active", RGBColor(0, 114, 178)),
    ("other", RGBColor(215, 215, 215)),
    ("ghosts_lapsed", RGBColor(230, 159, 0)),
    ("ghosts_never", RGBColor(213, 94, 0)),
];

impl Chart for GhostsChart {
    fn id(&self) -> &'static str {
        "active-and-ghosts"
    }

    fn title_key(&self) -> &'static str {
        "chart_ghosts"
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
        let (root, legend) = root.split_vertically(root.dim_in_pixel().1 - 44);
        let mut chart = super::builder(&root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(170)
            .build_cartesian_2d(0f64..1f64, 0f64..n as f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|v| lang.pct(*v))
            .label_style(style::font(13))
            .draw()
            .map_err(fail)?;
        for (i, b) in self.bars.iter().enumerate() {
            // The first bar on top.
            let y = (n - 1 - i) as f64;
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                b.segment.clone(),
                (px - 8, py),
                style::right(style::font(13)),
            ))
            .map_err(fail)?;
            let mut x0 = 0.0;
            for (key, colour) in PARTS {
                let count = match key {
                    "active" => b.active,
                    "other" => b.other,
                    "ghosts_lapsed" => b.lapsed,
                    _ => b.never,
                };
                let w = count / b.eligible;
                if w <= 0.0 {
                    continue;
                }
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y + 0.15), (x0 + w, y + 0.85)],
                        colour.filled(),
                    )))
                    .map_err(fail)?;
                // Direct labels: the share is readable without telling colours apart.
                if w >= 0.07 {
                    let ink = if key == "other" { BLACK } else { WHITE };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            lang.pct(w),
                            (x0 + w / 2.0, y + 0.5),
                            style::centre(style::font(12).color(&ink)),
                        )))
                        .map_err(fail)?;
                }
                x0 += w;
            }
        }
        for (bar, x, label) in &self.targets {
            let y = (n - 1 - bar) as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*x, y + 0.02), (*x, y + 0.98)],
                    style::TARGET.stroke_width(4),
                )))
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label.clone(),
                    (*x + 0.005, y + 0.93),
                    style::left(style::font(11).color(&style::TARGET)),
                )))
                .map_err(fail)?;
        }
        // Legend row under the chart, from the left edge: French labels are long.
        let mut x = 24;
        for (key, colour) in PARTS {
            legend
                .draw(&Rectangle::new([(x, 12), (x + 16, 28)], colour.filled()))
                .map_err(fail)?;
            let label = lang.t(key);
            legend
                .draw(&Text::new(
                    label,
                    (x + 22, 20),
                    style::left(style::font(13)),
                ))
                .map_err(fail)?;
            x += 30 + (label.chars().count() as i32) * 7;
        }
        if !self.targets.is_empty() {
            legend
                .draw(&Rectangle::new(
                    [(x + 6, 10), (x + 10, 30)],
                    style::TARGET.filled(),
                ))
                .map_err(fail)?;
            legend
                .draw(&Text::new(
                    lang.t("objective_mark"),
                    (x + 16, 20),
                    style::left(style::font(13)),
                ))
                .map_err(fail)?;
        }
        Ok(())
    }
}
