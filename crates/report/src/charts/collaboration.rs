//! Chart 11: collaboration between groups (departments by default). Two heat maps side
//! by side, the first window after the roll-out and the last one: each row is the group
//! that acts, each column the group it addresses, each cell the row's share of
//! interactions going there. A silo is a dark diagonal and a pale rest.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;
use uptake_metrics::{Table, Value};

/// Groups drawn at most, those with the most interactions first.
const MAX_GROUPS: usize = 16;

/// One window's matrix: `cells[from][to]`, `None` where suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub label: String,
    pub cells: Vec<Vec<Option<f64>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CollaborationChart {
    /// Row and column groups, in order.
    pub groups: Vec<String>,
    /// The first window after the roll-out (when there was one), then the last.
    pub panels: Vec<Matrix>,
}

impl CollaborationChart {
    /// From `uptake metrics collaboration --view matrix` at the two windows; the notes
    /// give the cross-group share then and now, and the pairs that never met.
    pub fn from_report(r: &Report) -> Result<(CollaborationChart, Vec<String>)> {
        let lang = r.options.lang;
        let mut totals: Vec<(String, f64)> = Vec::new();
        for t in [&r.collaboration_first, &r.collaboration_last] {
            let (from, n) = (column(t, "from")?, column(t, "interactions")?);
            for row in &t.rows {
                let g = text(&row[from]);
                let v = number(&row[n]).unwrap_or(0.0);
                match totals.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, x)) => *x += v,
                    None => totals.push((g, v)),
                }
            }
        }
        let mut groups: Vec<(String, f64)> = totals;
        groups.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        groups.truncate(MAX_GROUPS);
        // Roster groups by name, the people outside the roster last.
        let mut groups: Vec<String> = groups.into_iter().map(|(g, _)| g).collect();
        groups.sort_by_key(|g| (g == uptake_metrics::OUTSIDE_ROSTER, g.clone()));
        let mut panels = Vec::new();
        if let (Some((from, to)), false) = (
            r.collaboration_first_window,
            r.collaboration_first.rows.is_empty(),
        ) {
            panels.push(Matrix {
                label: format!(
                    "{} ({} – {})",
                    lang.t("first_window"),
                    lang.short_date(from),
                    lang.short_date(to)
                ),
                cells: cells(&r.collaboration_first, &groups)?,
            });
        }
        if !r.collaboration_last.rows.is_empty() {
            panels.push(Matrix {
                label: format!(
                    "{} ({} {})",
                    lang.t("last_window"),
                    r.options.windows.active_days,
                    lang.t("days")
                ),
                cells: cells(&r.collaboration_last, &groups)?,
            });
        }
        Ok((CollaborationChart { groups, panels }, notes(r)?))
    }
}

fn cells(t: &Table, groups: &[String]) -> Result<Vec<Vec<Option<f64>>>> {
    let (from, to, share) = (
        column(t, "from")?,
        column(t, "to")?,
        column(t, "share_of_from")?,
    );
    let mut out = vec![vec![Some(0.0); groups.len()]; groups.len()];
    for row in &t.rows {
        let (Some(i), Some(j)) = (
            groups.iter().position(|g| *g == text(&row[from])),
            groups.iter().position(|g| *g == text(&row[to])),
        ) else {
            continue;
        };
        out[i][j] = match &row[share] {
            Value::Suppressed => None,
            v => Some(number(v).unwrap_or(0.0)),
        };
    }
    Ok(out)
}

/// The cross-group share in the first and the last window, and the pairs that never met.
fn notes(r: &Report) -> Result<Vec<String>> {
    let lang = r.options.lang;
    let t = &r.collaboration;
    let (group, share, first) = (
        column(t, "group")?,
        column(t, "cross_share")?,
        column(t, "first_cross_share")?,
    );
    let mut out = Vec::new();
    if let Some(all) = t
        .rows
        .iter()
        .find(|row| text(&row[group]) == uptake_metrics::ALL_GROUPS)
    {
        let now = number(&all[share]).map_or_else(|| "—".into(), |v| lang.pct(v));
        let then = number(&all[first]).map_or_else(|| "—".into(), |v| lang.pct(v));
        out.push(format!(
            "{}{}{then} → {now}",
            lang.t("cross_share_note"),
            lang.colon()
        ));
    }
    let c = &r.collaboration_curve;
    let (groups, isolated) = (column(c, "groups")?, column(c, "isolated_pairs")?);
    if let Some(last) = c.rows.last()
        && let (Some(n), Some(k)) = (number(&last[groups]), number(&last[isolated]))
    {
        let pairs = (n * (n - 1.0) / 2.0) as i64;
        out.push(format!(
            "{}{}{} / {}",
            lang.t("isolated_pairs"),
            lang.colon(),
            lang.int(k as i64),
            lang.int(pairs)
        ));
    }
    out.push(lang.t("collaboration_reading").to_string());
    Ok(out)
}

/// White to the palette's blue.
fn shade(intensity: f64) -> RGBColor {
    let k = intensity.clamp(0.0, 1.0);
    let blend = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * k).round() as u8;
    let RGBColor(r, g, b) = style::SERIES[0];
    RGBColor(blend(255, r), blend(255, g), blend(255, b))
}

impl Chart for CollaborationChart {
    fn id(&self) -> &'static str {
        "collaboration"
    }

    fn title_key(&self) -> &'static str {
        "chart_collaboration"
    }

    fn is_empty(&self) -> bool {
        self.panels.is_empty() || self.groups.len() < 2
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
        titled: bool,
    ) -> Result<(), String> {
        let area = if titled {
            root.titled(lang.t(self.title_key()), style::caption())
                .map_err(fail)?
        } else {
            root.clone()
        };
        let (w, h) = area.dim_in_pixel();
        let n = self.groups.len() as i32;
        let labels_w = 170;
        let (top, bottom) = (44, 16);
        let panels = self.panels.len() as i32;
        let gap = 24;
        let panel_w = (w as i32 - labels_w - gap * panels) / panels.max(1);
        let cell = (panel_w / n).min((h as i32 - top - bottom) / n).max(4);
        // Off-diagonal cells share one scale, set by the largest of them in either window.
        let max_off = self
            .panels
            .iter()
            .flat_map(|p| {
                p.cells.iter().enumerate().flat_map(|(i, row)| {
                    row.iter()
                        .enumerate()
                        .filter(move |(j, _)| *j != i)
                        .filter_map(|(_, v)| *v)
                })
            })
            .fold(0.0f64, f64::max)
            .max(0.01);
        let font = if cell >= 34 { 11 } else { 9 };
        for (k, g) in self.groups.iter().enumerate() {
            let y = top + k as i32 * cell + cell / 2;
            let label = if g == uptake_metrics::OUTSIDE_ROSTER {
                lang.t("outside_roster").to_string()
            } else {
                g.clone()
            };
            area.draw(&Text::new(
                format!("{label}  {}", k + 1),
                (labels_w - 6, y),
                style::right(style::font(12)),
            ))
            .map_err(fail)?;
        }
        for (p, panel) in self.panels.iter().enumerate() {
            let x0 = labels_w + p as i32 * (panel_w + gap);
            area.draw(&Text::new(
                panel.label.clone(),
                (x0, 8),
                style::left(style::font(13)),
            ))
            .map_err(fail)?;
            for j in 0..n {
                area.draw(&Text::new(
                    (j + 1).to_string(),
                    (x0 + j * cell + cell / 2, top - 10),
                    style::centre(style::muted(11)),
                ))
                .map_err(fail)?;
            }
            for (i, row) in panel.cells.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    let (cx, cy) = (x0 + j as i32 * cell, top + i as i32 * cell);
                    let (fill, label, dark) = match v {
                        None => (style::GRID, "·".to_string(), false),
                        Some(s) if *s == 0.0 => (WHITE, "–".to_string(), false),
                        Some(s) if i == j => (RGBColor(235, 235, 235), lang.pct_short(*s), false),
                        Some(s) => {
                            let k = s / max_off;
                            (shade(k), lang.pct_short(*s), k > 0.6)
                        }
                    };
                    area.draw(&Rectangle::new(
                        [(cx, cy), (cx + cell, cy + cell)],
                        fill.filled(),
                    ))
                    .map_err(fail)?;
                    area.draw(&Rectangle::new(
                        [(cx, cy), (cx + cell, cy + cell)],
                        style::LIGHT.stroke_width(1),
                    ))
                    .map_err(fail)?;
                    let colour = if dark { WHITE } else { BLACK };
                    area.draw(&Text::new(
                        label,
                        (cx + cell / 2, cy + cell / 2),
                        style::centre(("sans-serif", font).into_font().color(&colour)),
                    ))
                    .map_err(fail)?;
                }
            }
        }
        Ok(())
    }
}
