//! `report.json`: every figure of the report, schema `uptake.report/1` (docs/report.md).

use serde_json::{Value as Json, json};
use uptake_metrics::{CAVEAT, DEFINITIONS, Table};

use crate::gather::Report;

/// The schema name and version written in every `report.json`.
pub const REPORT_SCHEMA: &str = "uptake.report/1";

fn table(t: &Table) -> Json {
    json!({ "columns": t.columns, "rows": t.to_json() })
}

/// The whole report as JSON.
pub fn report_json(r: &Report) -> Json {
    let plan = &r.plan;
    let o = &plan.objectives;
    json!({
        "schema": REPORT_SCHEMA,
        "generated_by": concat!("uptake ", env!("CARGO_PKG_VERSION")),
        "as_of": r.as_of.to_string(),
        "t0": plan.t0.to_string(),
        "lang": r.options.lang.code(),
        "by": r.options.by,
        "plan": {
            "waves": plan.waves.iter().map(|w| json!({"name": w.name, "start": w.start.to_string()})).collect::<Vec<_>>(),
            "checkpoints": plan.checkpoints,
            "targets": plan.targets,
            "interventions": plan.interventions.iter().map(|x| json!({
                "name": x.name, "kind": x.kind.as_str(), "date": x.date.to_string()
            })).collect::<Vec<_>>(),
        },
        "objectives": {
            "problems": o.problems,
            "profiles": o.profiles,
            "use_cases": o.use_cases.iter().map(|u| json!({
                "name": u.name, "category": u.category, "problem": u.problem
            })).collect::<Vec<_>>(),
            "scorecard": table(&r.objectives),
        },
        "tables": {
            "curves": table(&r.curves),
            "fits": table(&r.fits),
            "by_segment": table(&r.by_segment),
            "daily": table(&r.daily),
            "lifecycle": table(&r.lifecycle),
            "retention": table(&r.retention),
            "activation": table(&r.activation),
            "activation_curve": table(&r.km),
            "breadth": table(&r.breadth),
            "effects": table(&r.effects),
            "leadership": table(&r.leadership),
            "leadership_curve": table(&r.leadership_curve),
            "sprawl": table(&r.sprawl),
            "partners": table(&r.partners),
            "sprawl_trend": table(&r.sprawl_trend),
            "collaboration": table(&r.collaboration),
            "collaboration_curve": table(&r.collaboration_curve),
            "collaboration_first": table(&r.collaboration_first),
            "collaboration_last": table(&r.collaboration_last),
        },
        "quality": r.quality,
        "categories_recorded": r.categories_recorded,
        "definitions": DEFINITIONS.iter().map(|(n, t)| json!({"name": n, "text": t})).collect::<Vec<_>>(),
        "caveat": CAVEAT,
    })
}
