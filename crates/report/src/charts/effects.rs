//! Chart 8: the levers, as differences with their 95 % intervals: pilot, ambassadors and
//! managers on the share activated by the first checkpoint, and each intervention's
//! difference in differences of the activation rate.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style;
use super::{Chart, fail};
use crate::Result;
use crate::gather::{Report, column, number, text};
use crate::lang::Lang;

/// One estimate with its interval, in shares.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectBar {
    pub label: String,
    pub difference: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EffectsChart {
    pub bars: Vec<EffectBar>,
}

impl EffectsChart {
    /// From `uptake effects`: rows estimated on the first checkpoint, and interventions.
    pub fn from_report(r: &Report) -> Result<(EffectsChart, Vec<String>)> {
        let t = &r.effects;
        let (effect, measure, group, diff, low, high) = (
            column(t, "effect")?,
            column(t, "measure")?,
            column(t, "group")?,
            column(t, "difference")?,
            column(t, "ci_low")?,
            column(t, "ci_high")?,
        );
        let (gv, cv) = (column(t, "group_value")?, column(t, "comparison_value")?);
        let finding = column(t, "finding")?;
        let mut not_estimated = Vec::new();
        let first = r.plan.checkpoints.iter().min().copied().unwrap_or(30);
        let at_first = format!("activated by day {first}");
        let lang = r.options.lang;
        let mut bars = Vec::new();
        let mut notes = Vec::new();
        for row in &t.rows {
            let kind = text(&row[effect]);
            let m = text(&row[measure]);
            let wanted = match kind.as_str() {
                "pilot" | "ambassadors" | "managers" => m == at_first,
                "intervention" => m.contains("activation rate"),
                _ => false,
            };
            if !wanted {
                continue;
            }
            let label = match kind.as_str() {
                "intervention" => text(&row[group])
                    .trim_start_matches("audience of ")
                    .split(" (")
                    .next()
                    .unwrap_or_default()
                    .trim_matches('`')
                    .to_string(),
                other => lang.t(other).to_string(),
            };
            // An interval `uptake effects` calls not reliable gets no dot that a reader
            // would take for a verdict.
            if text(&row[finding]).contains("not reliable, no conclusion") {
                not_estimated.push(format!(
                    "{label}{}{}",
                    lang.colon(),
                    lang.t("effect_not_reliable")
                ));
                continue;
            }
            let (Some(d), Some(lo), Some(hi)) =
                (number(&row[diff]), number(&row[low]), number(&row[high]))
            else {
                // Say why a lever has no dot rather than leave it out silently.
                let why = text(&row[finding]);
                if let Some(why) = why.strip_prefix("not estimated: ") {
                    not_estimated.push(format!(
                        "{label}{}{} ({})",
                        lang.colon(),
                        lang.t("not estimated"),
                        reason(why, lang)
                    ));
                }
                continue;
            };
            let values = match (number(&row[gv]), number(&row[cv])) {
                (Some(a), Some(b)) if kind != "intervention" => {
                    format!("{} / {}, ", lang.pct(a), lang.pct(b))
                }
                _ => String::new(),
            };
            notes.push(format!(
                "{label}{}{values}{} ({} {} … {})",
                lang.colon(),
                lang.points(d),
                lang.t("interval"),
                lang.points(lo),
                lang.points(hi)
            ));
            bars.push(EffectBar {
                label,
                difference: d,
                low: lo,
                high: hi,
            });
        }
        if !bars.is_empty() {
            notes.insert(0, lang.t("effects_dots").to_string());
            notes.insert(
                0,
                lang.t("effects_measured")
                    .replace("{k}", &first.to_string()),
            );
        }
        notes.extend(not_estimated);
        Ok((EffectsChart { bars }, notes))
    }
}

/// The reason `uptake effects` gives for not estimating, in the report's language.
/// French is rebuilt from the English sentence's numbers, whose shapes effects.rs fixes.
fn reason(why: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    let n: Vec<&str> = why
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    if why.contains("in the audience left out") && n.len() >= 4 {
        let gap = n[2..n.len() - 1].join(" à ");
        format!(
            "{} des {} personnes visées sont écartées : la date tombe {gap} jours après le début de leur vague, et les {} jours qui la précèdent doivent être dans leur déploiement",
            n[0],
            n[1],
            n[n.len() - 1]
        )
    } else if why.contains("days after the date end after as-of") && !n.is_empty() {
        format!(
            "les {} jours qui suivent la date ne sont pas encore écoulés à la date de situation",
            n[0]
        )
    } else if why.contains("the audience is everyone") {
        "le public est tout le monde : il ne reste personne à qui le comparer".to_string()
    } else if why.contains("outside the audience") && n.len() >= 2 {
        format!(
            "seulement {} personnes hors du public dont la vague a commencé au moins {} jours avant la date",
            n[0], n[1]
        )
    } else if why.contains("fewer than") && !n.is_empty() {
        format!("moins de {} personnes d'un côté", n[0])
    } else if why.contains("can be measured yet") {
        "personne d'un côté ne peut encore être mesuré".to_string()
    } else {
        why.to_string()
    }
}

impl Chart for EffectsChart {
    fn id(&self) -> &'static str {
        "effects"
    }

    fn title_key(&self) -> &'static str {
        "chart_effects"
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
        let reach = self
            .bars
            .iter()
            .map(|b| b.low.abs().max(b.high.abs()))
            .fold(0.05, f64::max)
            * 1.15;
        let mut chart = super::builder(root, titled.then(|| lang.t(self.title_key())))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(260)
            .build_cartesian_2d(-reach..reach, 0f64..n as f64)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(WHITE)
            .bold_line_style(style::GRID)
            .x_label_formatter(&|v| lang.points(*v))
            .x_desc(lang.t("effects_axis"))
            .label_style(style::font(13))
            .axis_desc_style(style::font(14))
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                BLACK.stroke_width(1),
            )))
            .map_err(fail)?;
        for (i, b) in self.bars.iter().enumerate() {
            let y = (n - 1 - i) as f64 + 0.5;
            let (px, py) = chart.backend_coord(&(-reach, y));
            root.draw(&Text::new(
                b.label.clone(),
                (px - 8, py),
                style::right(style::font(13)),
            ))
            .map_err(fail)?;
            // Filled when the interval excludes zero, hollow when it does not.
            let clear = b.low > 0.0 || b.high < 0.0;
            let ink = style::series(0);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(b.low, y), (b.high, y)],
                    ink.stroke_width(3),
                )))
                .map_err(fail)?;
            let dot = if clear {
                ink.filled()
            } else {
                ink.stroke_width(3)
            };
            chart
                .draw_series(std::iter::once(Circle::new((b.difference, y), 7, dot)))
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    lang.points(b.difference),
                    (b.high + reach * 0.02, y),
                    style::left(style::font(13)),
                )))
                .map_err(fail)?;
        }
        // What the dots mean, in the chart itself (the PNG travels alone).
        let ink = style::series(0);
        for (key, filled) in [("dot_filled", true), ("dot_hollow", false)] {
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(fail)?
                .label(lang.t(key))
                .legend(move |(x, y)| {
                    let dot = if filled {
                        ink.filled()
                    } else {
                        ink.stroke_width(3)
                    };
                    Circle::new((x + 10, y), 6, dot)
                });
        }
        super::draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    }
}
