//! `uptake fit`: Bass fits per wave with target dates, or of an aggregate series.

use std::path::Path;

use anyhow::{Context, Result, bail};
use uptake_metrics::{
    BassFit, Estimator, FitOptions, NOT_IDENTIFIED, Peak, definitions_for, fit_bass, fit_table,
    wave_groups,
};

use super::waves::{WaveContext, emit, meta};
use crate::cli::{FitArgs, OutputFormat};
use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings, args: FitArgs) -> Result<Code> {
    let estimator: Estimator = args.estimator.parse().map_err(anyhow::Error::msg)?;
    if let Some(path) = &args.series {
        return series(path, estimator, &args);
    }
    if args.market.is_some() {
        bail!("--market fixes m of a SERIES.csv fit; for waves use --fixed-market");
    }
    if args.period_days < 1 {
        bail!("--period-days must be at least 1");
    }
    let ctx = WaveContext::load(settings, &args.common)?;
    let members = ctx.members(&args.common.by)?;
    let groups = wave_groups(&ctx.plan, &ctx.roster, &members, !args.common.by.is_empty());
    let options = FitOptions {
        estimator,
        fixed_market: args.fixed_market,
        period_days: args.period_days,
    };
    let min_group = args.min_group.unwrap_or(settings.analysis.min_group.value);
    let table = fit_table(&groups, ctx.as_of, &ctx.plan.targets, &options, min_group);
    let mut m = meta("uptake.fit/1", &ctx, &args.common);
    let withheld = super::note_withheld(&table, &["wave", "segment"], min_group, &mut m);
    m["estimator"] = estimator.name().into();
    m["period_days"] = args.period_days.into();
    m["targets"] = serde_json::json!(ctx.plan.targets);
    let footer = format!(
        "{withheld}\nDefinitions:\n{}",
        definitions_for(&["wave", "bass fit", "target date", "small groups"])
    );
    emit(&args.common, &table, m, &footer)?;
    Ok(Code::Ok)
}

/// Reads `period,adopters` rows: periods 1, 2, 3... in order, adopters non-negative.
fn read_series(path: &Path) -> Result<Vec<f64>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: no header line", path.display()))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column `{name}`; columns are: {} (expected period,adopters)",
                path.display(),
                headers.join(", ")
            )
        })
    };
    let (period_at, adopters_at) = (column("period")?, column("adopters")?);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| format!("{}: line {line}", path.display()))?;
        let field = |at: usize, name: &str| -> Result<f64> {
            let text = record.get(at).unwrap_or("");
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .with_context(|| {
                    format!(
                        "{}: line {line}, field `{name}`: `{text}` is not a number",
                        path.display()
                    )
                })
        };
        let period = field(period_at, "period")?;
        if period != (out.len() + 1) as f64 {
            bail!(
                "{}: line {line}, field `period`: expected period {}, got {period} (periods start at 1, one row each, in order)",
                path.display(),
                out.len() + 1
            );
        }
        let adopters = field(adopters_at, "adopters")?;
        if adopters < 0.0 {
            bail!(
                "{}: line {line}, field `adopters`: {adopters} is negative (new adopters per period)",
                path.display()
            );
        }
        out.push(adopters);
    }
    Ok(out)
}

fn series(path: &Path, estimator: Estimator, args: &FitArgs) -> Result<Code> {
    let adopters = read_series(path)?;
    let fit = fit_bass(&adopters, estimator, args.market).map_err(|e| match e.to_string() {
        why if why.contains(NOT_IDENTIFIED) => anyhow::anyhow!(
            "{}: {why}; give the market size with --market N to fit p and q",
            path.display()
        ),
        _ => anyhow::Error::new(e).context(path.display().to_string()),
    })?;
    let (t_peak, peak_note) = match fit.peak() {
        Peak::At(t) => (Some(t), None),
        Peak::AtStart => (
            None,
            Some(
                "q <= p: new adoptions are highest in the first period and only decline (no peak)",
            ),
        ),
    };
    let bound_note = fit.m_bound.map(|_| {
        format!(
            "m held at the {} who adopted already (the free fit was below)",
            adopters.iter().sum::<f64>()
        )
    });
    let note = [peak_note.map(str::to_string), bound_note]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    let note = (!note.is_empty()).then_some(note.as_str());
    let bytes = match args.common.format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&series_json(&fit, t_peak, note))?;
            s.push('\n');
            s
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "estimator",
                "periods",
                "m",
                "m_fixed",
                "p",
                "q",
                "sse",
                "r2",
                "rmse",
                "t_peak",
                "note",
            ])?;
            w.write_record([
                estimator.name().to_string(),
                fit.periods.to_string(),
                fit.m.to_string(),
                fit.m_fixed.to_string(),
                fit.p.to_string(),
                fit.q.to_string(),
                fit.sse.to_string(),
                fit.r2.to_string(),
                fit.rmse.to_string(),
                t_peak.map(|t| t.to_string()).unwrap_or_default(),
                note.unwrap_or_default().to_string(),
            ])?;
            String::from_utf8(w.into_inner()?)?
        }
        OutputFormat::Table => {
            let peak = t_peak.map_or_else(|| "none".to_string(), |t| format!("{t:.4} periods"));
            let mut s = format!(
                "Bass fit of {} ({} periods, estimator {}):\n  p      {:.6}\n  q      {:.6}\n  m      {:.4}{}\n  sse    {:.6}\n  r2     {:.6}\n  rmse   {:.6}\n  t_peak {peak}\n",
                path.display(),
                fit.periods,
                estimator.name(),
                fit.p,
                fit.q,
                fit.m,
                if fit.m_fixed { " (fixed)" } else { "" },
                fit.sse,
                fit.r2,
                fit.rmse,
            );
            if let Some(n) = note {
                s.push_str(&format!("  note   {n}\n"));
            }
            s.push_str(&format!(
                "\nDefinitions:\n{}",
                definitions_for(&["bass fit"])
            ));
            s
        }
        OutputFormat::Parquet => bail!("a series fit is one row: use --format table, csv or json"),
    };
    super::write_output(args.common.out.as_deref(), bytes.as_bytes())?;
    Ok(Code::Ok)
}

fn series_json(fit: &BassFit, t_peak: Option<f64>, note: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "estimator": fit.estimator.name(),
        "p": fit.p,
        "q": fit.q,
        "m": fit.m,
        "sse": fit.sse,
        "t_peak": t_peak,
        "m_fixed": fit.m_fixed,
        "r2": fit.r2,
        "rmse": fit.rmse,
        "periods": fit.periods,
        "note": note,
    })
}
