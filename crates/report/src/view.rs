//! What the HTML and Markdown templates show, already worded and formatted in the
//! report's language.

use std::collections::BTreeMap;

use serde::Serialize;
use uptake_metrics::{CAVEAT, DEFINITIONS, DEFINITIONS_FR, Status, Value};

use crate::charts::{Rendered, format_value};
use crate::gather::{Report, column, number, text};
use crate::lang::{LABELS, Lang};

#[derive(Debug, Serialize)]
pub struct View {
    pub lang: &'static str,
    /// Every label in the report's language, by key.
    pub l: BTreeMap<&'static str, &'static str>,
    pub as_of: String,
    pub t0: String,
    pub objectives: Vec<ObjectiveView>,
    /// (status label, count, css class) for statuses that occur.
    pub counts: Vec<(String, usize, &'static str)>,
    pub problems: Vec<String>,
    pub use_cases: Vec<(String, String, String)>,
    pub profiles: Vec<String>,
    pub charts: Vec<ChartView>,
    pub by: String,
    /// The follow-up table's heading, with the breakdown's column.
    pub ghost_title: String,
    pub ghost_header: Vec<String>,
    pub ghost_rows: Vec<Vec<String>>,
    /// Empty when nobody outside the roster appears and the plan names no partner.
    pub partner_header: Vec<String>,
    pub partner_rows: Vec<Vec<String>>,
    pub quality: Vec<(String, String)>,
    pub definitions: Vec<(String, String)>,
    pub caveat: String,
    pub suppressed_note: String,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveView {
    pub name: String,
    pub metric: String,
    pub segment: String,
    pub target: String,
    pub checkpoint: String,
    pub wave: String,
    pub value: String,
    pub value_date: String,
    pub forecast: String,
    pub status: String,
    pub class: &'static str,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub notes: Vec<String>,
}

fn class(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::OnTrack => "on-track",
        Status::AtRisk => "at-risk",
        Status::NoData => "no-data",
    }
}

const DASH: &str = "—";

/// [`CAVEAT`] in French.
const CAVEAT_FR: &str = "Ce sont des associations observées, pas des effets causaux : les groupes diffèrent par bien plus que le levier comparé (équipe, rôle, site, calendrier). Les comparaisons d'équipes sont faites à l'intérieur de strates (colonne adjusted_for du tableau des effets), ce qui ne retire les différences que sur ces colonnes. Les intervalles sont des intervalles bootstrap par percentiles sur les unités indiquées dans la colonne resampled.";

pub fn view(r: &Report, charts: &[Rendered]) -> View {
    let lang = r.options.lang;
    let l = LABELS
        .iter()
        .map(|(k, en, fr)| (*k, if lang == Lang::Fr { *fr } else { *en }))
        .collect();
    let objectives = r
        .assessments
        .iter()
        .map(|a| {
            let metric = &a.target.metric;
            ObjectiveView {
                name: a.target.name.clone(),
                metric: metric.clone(),
                segment: a.target.segment_text.clone(),
                target: format!(
                    "{} {}",
                    a.target
                        .comparison
                        .as_str()
                        .replace(">=", "≥")
                        .replace("<=", "≤"),
                    format_value(metric, a.target.value, lang)
                ),
                checkpoint: lang.date(a.checkpoint_date),
                wave: a.wave.clone().unwrap_or_default(),
                value: a
                    .value
                    .map_or_else(|| DASH.to_string(), |v| format_value(metric, v, lang)),
                value_date: lang.date(a.value_date),
                forecast: a
                    .forecast_date
                    .filter(|_| matches!(a.status, Status::OnTrack | Status::AtRisk))
                    .map_or_else(|| DASH.to_string(), |d| lang.date(d)),
                status: lang.t(a.status.as_str()).to_string(),
                class: class(a.status),
                note: how(a, lang, r.quality.min_group),
            }
        })
        .collect();
    let mut counts = Vec::new();
    for s in [
        Status::Met,
        Status::OnTrack,
        Status::AtRisk,
        Status::Missed,
        Status::NoData,
    ] {
        let n = r.assessments.iter().filter(|a| a.status == s).count();
        if n > 0 {
            counts.push((lang.t(s.as_str()).to_string(), n, class(s)));
        }
    }
    let o = &r.plan.objectives;
    let (ghost_header, ghost_rows) = ghost_table(r, lang);
    let (partner_header, partner_rows) = partner_table(r, lang);
    let q = &r.quality;
    let k = q.min_group;
    let quality = vec![
        (lang.t("runs").to_string(), lang.int(q.runs as i64)),
        (
            lang.t("read").to_string(),
            format!(
                "{} = {} {} + {} {} + {} {} + {} {}",
                lang.int(q.read as i64),
                lang.int(q.stored as i64),
                lang.t("stored"),
                lang.int(q.duplicates as i64),
                lang.t("duplicates"),
                lang.int(q.rejected as i64),
                lang.t("rejected"),
                lang.int(q.excluded as i64),
                lang.t("excluded"),
            ),
        ),
        (
            lang.t("unmatched").to_string(),
            format!(
                "{} ({} {})",
                lang.int(q.unmatched_people as i64),
                lang.int(q.unmatched_events as i64),
                lang.t("events")
            ),
        ),
        (
            lang.t("gap_days").to_string(),
            match (q.first_day, q.last_day) {
                (Some(a), Some(b)) => format!(
                    "{} ({} → {})",
                    lang.int(q.gap_days),
                    lang.date(a),
                    lang.date(b)
                ),
                _ => DASH.to_string(),
            },
        ),
        (
            lang.t("suppressed").replace("{k}", &k.to_string()),
            withheld_text(q, lang),
        ),
        (
            lang.t("trailing_gap").to_string(),
            if q.trailing_gaps.is_empty() {
                lang.int(0)
            } else {
                q.trailing_gaps
                    .iter()
                    .map(|g| {
                        let (days, last) = match lang {
                            Lang::Fr => ("jours", "dernier jour"),
                            _ => ("days", "last day"),
                        };
                        format!(
                            "{}{}{} {days}, {last} {}",
                            g.tool,
                            lang.colon(),
                            lang.int(i64::from(g.days)),
                            lang.date(g.last)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
    ];
    let mut quality = quality;
    if let Some(days) = q.before_data_days {
        quality.push((lang.t("before_data").to_string(), lang.int(i64::from(days))));
    }
    View {
        lang: lang.code(),
        l,
        as_of: lang.date(r.as_of),
        t0: lang.date(r.plan.t0),
        objectives,
        counts,
        problems: o.problems.clone(),
        use_cases: o
            .use_cases
            .iter()
            .map(|u| {
                (
                    u.name.clone(),
                    lang.t(&u.category).to_string(),
                    u.problem.clone().unwrap_or_default(),
                )
            })
            .collect(),
        profiles: o.profiles.clone(),
        charts: charts
            .iter()
            .map(|c| ChartView {
                id: c.id,
                title: c.title.clone(),
                svg: c.svg.clone(),
                notes: c.notes.clone(),
            })
            .collect(),
        by: r.options.by.clone(),
        ghost_title: lang
            .t("ghost_followup")
            .replace("{by}", &column_label(&r.options.by, lang).to_lowercase()),
        ghost_header,
        ghost_rows,
        partner_header,
        partner_rows,
        quality,
        // Backticks mark code in the Markdown; the HTML makes them `<code>`.
        definitions: match lang {
            Lang::Fr => DEFINITIONS_FR
                .iter()
                .map(|(_, n, t)| (n.to_string(), t.to_string()))
                .collect(),
            Lang::En => DEFINITIONS
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        },
        // The report is read, not typed: no Markdown backticks around column names.
        caveat: match lang {
            Lang::Fr => CAVEAT_FR,
            Lang::En => CAVEAT,
        }
        .replace('`', ""),
        suppressed_note: lang.t("suppressed").replace("{k}", &k.to_string()),
    }
}

/// The groups withheld, in all and per table: `4 (leadership levels 3, ...)`.
fn withheld_text(q: &crate::gather::Quality, lang: Lang) -> String {
    let total = lang.int(q.suppressed_groups as i64);
    if q.suppressed_by.is_empty() {
        return total;
    }
    let parts: Vec<String> = q
        .suppressed_by
        .iter()
        .map(|(table, n)| {
            format!(
                "{} {}",
                lang.t(&format!("withheld_{table}")),
                lang.int(*n as i64)
            )
        })
        .collect();
    format!("{total} ({})", parts.join(", "))
}

/// How a status was reached, in the report's language.
fn how(a: &uptake_metrics::Assessment, lang: Lang, k: usize) -> String {
    use uptake_metrics::{Method, TREND_DAYS};
    let fr = lang == Lang::Fr;
    let c = lang.colon();
    match a.method {
        Method::NoPeople if fr => "personne n'est éligible dans ce segment".into(),
        Method::NoPeople => "no one in the segment is eligible".into(),
        Method::TooFew if fr => format!("moins de {k} personnes{c}non publié"),
        Method::TooFew => format!("fewer than {k} people{c}not reported"),
        Method::NoValue if fr => "pas encore de valeur".into(),
        Method::NoValue => "no value yet".into(),
        Method::NotCovered { first, last } if fr => format!(
            "pas de données{c}les exports couvrent du {} au {}",
            lang.date(first),
            lang.date(last)
        ),
        Method::NotCovered { first, last } => format!(
            "no data{c}the exports cover {} to {}",
            lang.date(first),
            lang.date(last)
        ),
        Method::Checkpoint if fr => "mesuré à l'échéance".into(),
        Method::Checkpoint => "measured on the checkpoint date".into(),
        Method::AlreadyMet if fr => "déjà atteint ; à confirmer à l'échéance".into(),
        Method::AlreadyMet => "reached already; to be confirmed on the checkpoint".into(),
        Method::Bass { p, q, m, reached } => {
            let (p, q, m) = (lang.num(p, 4), lang.num(q, 4), lang.int(m.round() as i64));
            let mut s = if fr {
                format!(
                    "prévision de Bass (marché m de {m} personnes estimé sur la courbe, p {p}, q {q}, par semaine)"
                )
            } else {
                format!(
                    "Bass forecast (market m of {m} people estimated from the curve, p {p}, q {q}, weekly)"
                )
            };
            if !reached {
                s.push_str(c);
                s.push_str(if fr {
                    "la cible n'est jamais atteinte"
                } else {
                    "the target is never reached"
                });
            }
            s
        }
        Method::Trend {
            bass_failed,
            toward,
            history,
        } => {
            let mut s = if fr {
                format!("droite des {TREND_DAYS} derniers jours")
            } else {
                format!("straight line over the last {TREND_DAYS} days")
            };
            if bass_failed {
                s.push_str(if fr {
                    " (pas d'ajustement de Bass possible)"
                } else {
                    " (no Bass fit possible)"
                });
            }
            if !history {
                s.push_str(c);
                s.push_str(&if fr {
                    format!("pas de valeur {TREND_DAYS} jours avant")
                } else {
                    format!("no value {TREND_DAYS} days before")
                });
            } else if !toward {
                s.push_str(c);
                s.push_str(if fr {
                    "ne va pas vers la cible"
                } else {
                    "not moving toward the target"
                });
            }
            s
        }
    }
}

/// The partners table of `uptake metrics partners`, when it has more than the
/// employees' row.
fn partner_table(r: &Report, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let t = &r.partners;
    if t.rows.len() < 2 {
        return (vec![], vec![]);
    }
    let cols = [
        "group",
        "kind",
        "people",
        "active",
        "active_share",
        "expected",
        "active_of_expected",
        "target",
        "by",
        "status",
    ];
    let idx: Vec<Option<usize>> = cols.iter().map(|c| column(t, c).ok()).collect();
    let header = [
        "group",
        "kind",
        "people_count",
        "active",
        "active_share",
        "expected",
        "active_of_expected",
        "target",
        "by_date",
        "status",
    ]
    .iter()
    .map(|k| lang.t(k).to_string())
    .collect();
    let suppressed = format!("< {}", r.quality.min_group);
    let rows = t
        .rows
        .iter()
        .map(|row| {
            idx.iter()
                .zip(cols)
                .map(|(i, c)| {
                    let Some(i) = i else {
                        return DASH.to_string();
                    };
                    let v = &row[*i];
                    match (c, v) {
                        (_, Value::Suppressed) => suppressed.clone(),
                        (_, Value::Null) => DASH.to_string(),
                        ("group", v) if text(v) == "employees" => lang.t("employees").into(),
                        ("kind", v) => match text(v).as_str() {
                            "roster" => lang.t("kind_roster").into(),
                            "partner" => lang.t("kind_partner").into(),
                            "not on the roster" => lang.t("kind_not_on_roster").into(),
                            _ => lang.t("kind_other").into(),
                        },
                        ("status", v) => match text(v).as_str() {
                            "not yet" => lang.t("not_yet").into(),
                            s => lang.t(s).into(),
                        },
                        ("by", Value::Date(d)) => lang.date(*d),
                        ("active_share" | "active_of_expected" | "target", v) => {
                            number(v).map_or(DASH.into(), |x| lang.pct(x))
                        }
                        ("people" | "active" | "expected", v) => {
                            number(v).map_or(DASH.into(), |x| lang.int(x as i64))
                        }
                        (_, v) => text(v),
                    }
                })
                .collect()
        })
        .collect();
    (header, rows)
}

/// A roster column's name for a header: translated when it is one of the usual ones,
/// else as the roster spells it.
pub(crate) fn column_label(column: &str, lang: Lang) -> String {
    match lang.t(&format!("column_{column}")) {
        "?" => column.to_string(),
        label => label.to_string(),
    }
}

/// The follow-up table: per segment, eligible, active, ghosts never and lapsed, ghost
/// rate; suppressed segments say so instead of a figure.
fn ghost_table(r: &Report, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let t = &r.by_segment;
    let cols = [
        "segment",
        "eligible",
        "active_28d",
        "ghosts_never",
        "ghosts_lapsed",
        "ghost_rate",
    ];
    let idx: Vec<Option<usize>> = cols.iter().map(|c| column(t, c).ok()).collect();
    let by = column_label(&r.options.by, lang);
    let header = [
        by.as_str(),
        lang.t("eligible"),
        lang.t("active"),
        lang.t("ghosts_never"),
        lang.t("ghosts_lapsed"),
        lang.t("ghost_rate"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let suppressed = format!("< {}", r.quality.min_group);
    let rows = t
        .rows
        .iter()
        .map(|row| {
            idx.iter()
                .zip(cols)
                .map(|(i, c)| {
                    let Some(i) = i else {
                        return DASH.to_string();
                    };
                    match &row[*i] {
                        Value::Suppressed => suppressed.clone(),
                        v if c == "segment" && text(v) == "all" => lang.t("all_segments").into(),
                        v if c == "segment" => text(v),
                        v if c == "ghost_rate" => number(v).map_or(DASH.into(), |x| lang.pct(x)),
                        v => number(v).map_or(DASH.into(), |x| lang.int(x as i64)),
                    }
                })
                .collect()
        })
        .collect();
    (header, rows)
}
