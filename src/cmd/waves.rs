//! What `curve`, `fit`, `rogers` and `effects` share: the plan, the roster, the activity
//! and the as-of day, and how their tables are written.

use anyhow::{Context, Result, bail};
use uptake_metrics::{
    ActivityFilter, ActivityIndex, Coverage, Day, Derived, Level, Member, Plan, Table,
    adopter_category_by_person, date_of, day_of, population, population_with,
};
use uptake_store::{Roster, Store};

use crate::cli::WaveArgs;
use crate::config::Settings;

pub struct WaveContext {
    pub plan: Plan,
    pub roster: Roster,
    pub activity: ActivityIndex,
    pub as_of: Day,
    /// The level in effect (flag, else config, else active).
    pub level: Level,
    /// The days the exports cover (warned about when as-of lies outside them).
    pub coverage: Coverage,
}

impl WaveContext {
    pub fn load(settings: &Settings, args: &WaveArgs) -> Result<WaveContext> {
        let Some(plan_path) = args.plan.as_ref().or(settings.plan.as_ref()) else {
            bail!(
                "no deployment plan: pass --plan FILE or set `plan = \"plan.toml\"` in uptake.toml (docs/plan.md)"
            );
        };
        let plan = Plan::read(plan_path)?;
        let store = Store::open_existing(&settings.store)?;
        crate::engine::refresh_for(settings, &store)?;
        let level = settings.level(args.level.as_deref())?;
        let filter = ActivityFilter {
            tool: args.tool.clone(),
            level,
            tz: args.tz.clone(),
        };
        let activity = ActivityIndex::load(&store, &filter)?;
        let Some(roster) = store.read_roster()? else {
            bail!("waves need the roster: uptake roster import FILE");
        };
        plan.check_columns(&roster)
            .with_context(|| format!("in {}", plan_path.display()))?;
        let as_of = match args.as_of {
            Some(d) => day_of(d),
            None => match activity.last_day() {
                Some(d) => d,
                None => bail!("no events in {} yet", store.root().display()),
            },
        };
        let coverage = super::coverage_at(settings, &store, &filter, as_of)?;
        Ok(WaveContext {
            plan,
            roster,
            activity,
            as_of,
            level,
            coverage,
        })
    }

    /// The roster's people; `by` may also name `rogers` (adopter category in their wave).
    pub fn members(&self, by: &[String]) -> Result<Vec<Member<'_>>> {
        if !by.iter().any(|c| c == "rogers") {
            return Ok(population(&self.roster, &self.activity, by)?);
        }
        let everyone = population(&self.roster, &self.activity, &[])?;
        let categories =
            adopter_category_by_person(&self.plan, &self.roster, &everyone, self.as_of);
        let derived: Derived = vec![("rogers".to_string(), categories)];
        Ok(population_with(&self.roster, &self.activity, by, &derived)?)
    }
}

/// Writes `table` as the format asks; JSON carries `meta` beside columns and rows.
pub fn emit(args: &WaveArgs, table: &Table, meta: serde_json::Value, footer: &str) -> Result<()> {
    super::write_table(args.format, args.out.as_deref(), table, meta, footer)
}

/// The JSON header every wave command writes.
pub fn meta(schema: &str, ctx: &WaveContext, args: &WaveArgs) -> serde_json::Value {
    serde_json::json!({
        "schema": schema,
        "as_of": date_of(ctx.as_of).to_string(),
        "t0": ctx.plan.t0.to_string(),
        "level": ctx.level.as_str(),
        "tool": args.tool,
        "tz": args.tz.as_deref().unwrap_or("UTC"),
        "by": args.by,
    })
}
