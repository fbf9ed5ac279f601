//! `uptake metrics <metric>`.

use anyhow::{Result, bail};
use uptake_metrics::{
    ActivityFilter, ActivityIndex, Derived, Period, Plan, Table, Value, adopter_category_by_person,
    by_segment, date_of, day_of, population, population_with,
};
use uptake_store::{Roster, Store};

use crate::cli::{MetricKind, MetricsArgs, OutputFormat};
use crate::config::Settings;
use crate::exit::Code;

/// The adoption summary of everyone at the last day with events, as `uptake run` ends.
pub fn print_headline(settings: &Settings) -> Result<()> {
    let store = Store::open_existing(&settings.store)?;
    crate::engine::refresh_for(settings, &store)?;
    let activity = ActivityIndex::load(&store, &ActivityFilter::default())?;
    let (Some(roster), Some(as_of)) = (store.read_roster()?, activity.last_day()) else {
        return Ok(());
    };
    super::coverage_at(settings, &store, &ActivityFilter::default(), as_of)?;
    let members = population(&roster, &activity, &[])?;
    let t = uptake_metrics::summary(&members, as_of, &settings.analysis.windows(), false);
    println!(
        "adoption at {} (uptake metrics summary; definitions: uptake metrics --help):",
        date_of(as_of)
    );
    print!("{}", t.to_text());
    Ok(())
}

pub fn run(settings: &Settings, args: MetricsArgs) -> Result<Code> {
    if args.excel && args.format != OutputFormat::Csv {
        bail!("--excel is a kind of CSV: give it with --format csv");
    }
    let store = Store::open_existing(&settings.store)?;
    crate::engine::refresh_for(settings, &store)?;
    let analysis = settings
        .analysis
        .with_flags(&args.windows, args.level.as_deref())?;
    let filter = ActivityFilter {
        tool: args.tool.clone(),
        level: analysis.level.value,
        tz: args.tz.clone(),
    };
    let activity = ActivityIndex::load(&store, &filter)?;
    let as_of = match args.as_of {
        Some(d) => day_of(d),
        None => match activity.last_day() {
            Some(d) => d,
            None => bail!(
                "no events in {} to compute metrics from",
                store.root().display()
            ),
        },
    };
    super::coverage_at(settings, &store, &filter, as_of)?;
    let windows = analysis.windows();
    if args.month_days < 1 || args.periods < 0 {
        bail!("--month-days must be at least 1, --periods at least 0");
    }
    let period: Period = args.period.parse().map_err(anyhow::Error::msg)?;
    let roster = store.read_roster()?;
    let needs_roster = !matches!(
        args.metric,
        MetricKind::Daily | MetricKind::Lifecycle | MetricKind::Retention
    ) || !args.by.is_empty();
    if needs_roster && roster.is_none() {
        bail!("this metric needs the roster: uptake roster import FILE");
    }
    let empty = Roster::default();
    let roster = roster.as_ref().unwrap_or(&empty);
    // Adopter categories need the plan's waves: a `rogers` column when a plan is known.
    let plan = match args.plan.as_ref().or(settings.plan.as_ref()) {
        Some(path) => Some(Plan::read(path)?),
        None if args.by.iter().any(|c| c == "rogers") => {
            bail!("--by rogers needs the deployment plan: --plan FILE or `plan` in uptake.toml")
        }
        None => None,
    };
    let derived: Derived = match &plan {
        Some(plan) => {
            plan.check_columns(roster)?;
            let everyone = population(roster, &activity, &[])?;
            vec![(
                "rogers".to_string(),
                adopter_category_by_person(plan, roster, &everyone, as_of),
            )]
        }
        None => Derived::new(),
    };
    // Collaboration is between groups: departments unless --by says otherwise.
    let by = if args.by.is_empty() && args.metric == MetricKind::Collaboration {
        vec!["department".to_string()]
    } else {
        args.by.clone()
    };
    let members = population_with(roster, &activity, &by, &derived)?;
    let segmented = !args.by.is_empty();
    let mut footer = String::new();

    let table = match args.metric {
        MetricKind::Collaboration => {
            if args.tool.is_some() {
                bail!(
                    "collaboration counts interactions on every tool that records them: --tool does not apply"
                );
            }
            let (interactions, first) = uptake_metrics::interactions_since_rollout(
                &store,
                plan.as_ref(),
                args.tz.as_deref(),
                as_of,
            )?;
            if interactions.is_empty() {
                footer = "\nno interactions stored: only some sources record whom an action addresses (docs/sources/interactions.md).\n".into();
            }
            match (args.view.as_str(), args.curve) {
                ("groups", true) => uptake_metrics::collaboration_curve(
                    &interactions,
                    &members,
                    first.unwrap_or(as_of),
                    as_of,
                    &windows,
                ),
                ("groups", false) => {
                    uptake_metrics::collaboration(&interactions, &members, as_of, first, &windows)
                }
                ("matrix", false) => uptake_metrics::collaboration_matrix(
                    &interactions,
                    &members,
                    as_of - windows.active_days + 1,
                    as_of,
                    &windows,
                ),
                ("bridges", false) if args.names => {
                    uptake_metrics::bridges(&interactions, &members, as_of, &windows)
                }
                ("bridges", false) => bail!(
                    "the bridges are a list of named people: add --names (the groups view counts them in `bridges` without naming anyone)"
                ),
                (view, _) => bail!("--curve applies to the groups view, not to --view {view}"),
            }
        }
        MetricKind::Partners => {
            if segmented {
                bail!("partners are grouped by e-mail domain: --by does not apply");
            }
            let declared = plan.as_ref().map_or(&[][..], |p| p.partners.as_slice());
            uptake_metrics::partners(&members, roster, &activity, declared, as_of, &windows)
        }
        MetricKind::Sprawl => {
            if args.tool.is_some() || segmented {
                bail!("sprawl compares the tools of everyone: --tool and --by do not apply");
            }
            let from = if args.curve {
                uptake_metrics::sprawl_start(as_of, &windows, args.periods)
            } else {
                as_of - windows.active_days + 1
            };
            let uses = uptake_metrics::load_tool_use(&store, &filter, from, as_of)?;
            let defaults = uptake_metrics::ToolFamilies::default();
            let families = plan.as_ref().map_or(&defaults, |p| &p.tool_families);
            if args.curve {
                uptake_metrics::sprawl_trend(
                    &uses,
                    &members,
                    as_of,
                    &windows,
                    args.periods,
                    families,
                )
            } else {
                uptake_metrics::sprawl(&uses, &members, as_of, &windows, families)
            }
        }
        MetricKind::Leadership => {
            let hierarchy = uptake_metrics::Hierarchy::of(roster)?;
            if args.curve {
                uptake_metrics::leadership_curve(&members, &hierarchy, as_of, &windows)
            } else {
                footer = leadership_footer(&hierarchy);
                uptake_metrics::leadership(&members, &hierarchy, as_of, &windows, segmented)
            }
        }
        MetricKind::Daily => uptake_metrics::daily(&activity, &members, as_of, args.month_days),
        MetricKind::Summary => uptake_metrics::summary(&members, as_of, &windows, segmented),
        MetricKind::Ghosts => {
            with_rogers(uptake_metrics::ghosts(&members, as_of, &windows), &derived)
        }
        MetricKind::Activation if args.curve => uptake_metrics::km_table(&members, as_of, &windows),
        MetricKind::Activation => uptake_metrics::activation(&members, as_of, &windows, segmented),
        MetricKind::Segments => uptake_metrics::segments(&members, as_of, &windows, segmented),
        MetricKind::Breadth => uptake_metrics::breadth(&members, as_of, &windows, segmented),
        MetricKind::Lifecycle | MetricKind::Retention => {
            // A segment of fewer than k people eligible at as-of is withheld whole, as one
            // row: its periods and cohorts alone would date its people's activity.
            type Group<'d> = (String, Vec<&'d [uptake_metrics::ActiveDay]>, bool);
            let groups: Vec<Group> = if segmented {
                by_segment(&members)
                    .into_iter()
                    .map(|(s, g)| {
                        let eligible = g.iter().filter(|m| m.eligible_on(as_of)).count();
                        (
                            s.to_string(),
                            g.iter().map(|m| m.days).collect(),
                            eligible < windows.min_group,
                        )
                    })
                    .collect()
            } else {
                vec![(
                    "all".to_string(),
                    activity.days.iter().map(Vec::as_slice).collect(),
                    false,
                )]
            };
            let mut out: Option<Table> = None;
            for (segment, people, small) in groups {
                let t = if matches!(args.metric, MetricKind::Lifecycle) {
                    let l = uptake_metrics::lifecycle(people, period, as_of);
                    if args.transitions {
                        uptake_metrics::transitions_table(&l)
                    } else {
                        uptake_metrics::lifecycle_table(&l, period)
                    }
                } else {
                    let c = uptake_metrics::cohorts(people, period, as_of, args.periods);
                    uptake_metrics::retention_table(&c, period, windows.min_group)
                };
                let t = if small { withheld_whole(t) } else { t };
                out = Some(merge_segment(out, t, segmented.then_some(segment.as_str())));
            }
            out.unwrap_or_default()
        }
    };
    emit(
        &args,
        settings,
        analysis.level.value,
        &table,
        as_of,
        &footer,
        windows.min_group,
    )?;
    Ok(Code::Ok)
}

/// A table of a withheld group: one row, every cell `suppressed`.
fn withheld_whole(t: Table) -> Table {
    let row = vec![Value::Suppressed; t.columns.len()];
    Table {
        columns: t.columns,
        rows: vec![row],
    }
}

/// The columns that name a group in the metrics' tables, for the count of those withheld.
const GROUP_KEYS: &[&str] = &["segment", "group", "category", "level", "cohort", "from"];

/// What the text output of `leadership` says under the table: the level definition,
/// and the chains that break at a manager missing from the roster.
fn leadership_footer(h: &uptake_metrics::Hierarchy) -> String {
    let mut s = String::from(
        "\nlevel: 0 = no manager (the top), 1 = reports to level 0, ...; empty = the chain reaches a manager missing from the roster.\n",
    );
    if !h.missing_managers.is_empty() {
        let people: usize = h.missing_managers.values().sum();
        let named: Vec<String> = h
            .missing_managers
            .iter()
            .take(5)
            .map(|(m, n)| format!("{m} ({n})"))
            .collect();
        s.push_str(&format!(
            "{} manager(s) missing from the roster, over {people} direct report(s): {}{}\n",
            h.missing_managers.len(),
            named.join(", "),
            if h.missing_managers.len() > 5 {
                ", ..."
            } else {
                ""
            }
        ));
    }
    s
}

/// The ghost list with each person's adopter category, when a plan gave them.
fn with_rogers(mut t: Table, derived: &Derived) -> Table {
    let Some((name, values)) = derived.first() else {
        return t;
    };
    t.columns.push(name.clone());
    for row in &mut t.rows {
        let category = match row.first() {
            Some(Value::Text(person)) => values.get(person).cloned(),
            _ => None,
        };
        row.push(category.map_or(Value::Null, Value::Text));
    }
    t
}

/// Appends `t` to `acc`, with a leading `segment` column when segmented.
fn merge_segment(acc: Option<Table>, t: Table, segment: Option<&str>) -> Table {
    let t = match segment {
        None => t,
        Some(s) => Table {
            columns: std::iter::once("segment".to_string())
                .chain(t.columns)
                .collect(),
            rows: t
                .rows
                .into_iter()
                .map(|r| std::iter::once(Value::Text(s.into())).chain(r).collect())
                .collect(),
        },
    };
    match acc {
        None => t,
        Some(mut a) => {
            a.rows.extend(t.rows);
            a
        }
    }
}

fn emit(
    args: &MetricsArgs,
    settings: &Settings,
    level: uptake_metrics::Level,
    table: &Table,
    as_of: uptake_metrics::Day,
    footer: &str,
    min_group: usize,
) -> Result<()> {
    let mut meta = serde_json::json!({
        "schema": "uptake.metrics/1",
        "metric": format!("{:?}", args.metric).to_lowercase(),
        "as_of": date_of(as_of).to_string(),
        "level": level.as_str(),
        "tool": args.tool,
        "tz": args.tz.as_deref().unwrap_or("UTC"),
        "by": args.by,
    });
    if args.excel {
        let french = excel_lang(args, settings)? == uptake_report::Lang::Fr;
        return super::write_output(args.out.as_deref(), &table.to_excel_csv(french));
    }
    let withheld = super::note_withheld(table, GROUP_KEYS, min_group, &mut meta);
    let footer = format!("{withheld}{footer}");
    super::write_table(args.format, args.out.as_deref(), table, meta, &footer)
}

/// The language of `--excel` numbers: the flag, else the config's `lang`, else the locale.
fn excel_lang(args: &MetricsArgs, settings: &Settings) -> Result<uptake_report::Lang> {
    Ok(match args.lang.as_deref().or(settings.lang.as_deref()) {
        Some(l) => uptake_report::Lang::parse(l)
            .ok_or_else(|| anyhow::anyhow!("language `{l}`: use en or fr"))?,
        None => uptake_report::Lang::from_locale(),
    })
}
