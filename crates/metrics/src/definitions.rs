//! The written definition of every metric, printed by `uptake metrics --help` and by
//! reports. docs/metrics.md says the same at more length.

/// (name, definition) pairs, in the order they are listed.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "day",
        "a calendar date in UTC, or in the zone given by `--tz`.",
    ),
    (
        "counting event",
        "level `active` (default): every person event; level `contributing`: only post, reply, share, edit, create, meet, call. Bots and system events never count. `--tool` keeps one tool; otherwise a person is counted once across tools.",
    ),
    ("active day", "a day with at least one counting event."),
    (
        "eligible on d",
        "a roster person with registered_at <= d and deactivated_at empty or later than d.",
    ),
    (
        "dau(d), wau(d), mau(d)",
        "distinct people (on the roster or not) active on d, in [d-6, d], in [d-27, d] (`--month-days` changes 28).",
    ),
    (
        "active_rate_28(d)",
        "eligible people active in [d-27, d] / eligible people on d.",
    ),
    ("stickiness(d)", "dau(d) / mau(d)."),
    (
        "first_active",
        "a person's first active day (it may precede registered_at); activated at d: first_active <= d.",
    ),
    (
        "ghost at as-of A",
        "eligible at A, registered_at <= A - grace (14 days), no active day in [A - window + 1, A] (window 28 days); `never` if no active day up to A, else `lapsed`.",
    ),
    (
        "summary",
        "per segment, over people eligible at A: eligible, active_28d (active in the window), activated, ghosts_never, ghosts_lapsed; active_rate = active_28d/eligible, activation_rate = activated/eligible, ghost_rate = ghosts/eligible; median_days_to_activation over the activated.",
    ),
    (
        "lifecycle",
        "per period (ISO week from Monday by default; day or month): new = first active period; returning = active this period and the previous; resurrecting = active this period, not the previous, active before; dormant = active the previous period, not this one (shown negative on charts); gone = inactive two periods or more. Everyone active counts, on the roster or not. Only days up to A count, even in A's own period; `partial` marks that period when A is not its last day (its dormant count includes people not back yet).",
    ),
    (
        "time to activation",
        "first_active - registered_at in days, negative when use came first; over roster people registered by A; people not activated by A (or deactivated first) are censored in a Kaplan-Meier estimate; within_7d/30d/90d = 1 - S(t); quartiles and p90 by nearest rank over the activated.",
    ),
    (
        "retention",
        "cohorts by first active period; share of the cohort active in period k after it, k = 0..N (`--periods`, 12); only days up to A count.",
    ),
    (
        "usage segments",
        "over the 12 seven-day weeks ending at A, eligible people: power = active in >= 9 weeks and >= 15 counting events per week on average; habitual = active in >= 9 weeks; occasional = active in at least one week; ghost = none.",
    ),
    (
        "breadth",
        "categories (messaging, meetings, documents, tasks, social, access) an eligible person used in the window ending at A; mean over active people, people per number of categories, share of active people using each category.",
    ),
    (
        "leadership",
        "management level from the roster's manager chain: 0 = no manager (the top), 1 = reports to level 0, ...; unknown when the chain reaches a manager missing from the roster (a loop in the chain is a roster error). Per segment and level, over people eligible at A: eligible, managers (people with direct reports), median_span (their direct reports), activated, activation_rate, active_rate (window), median_days_to_activation, median_first_active; ahead_of_levels_below = the level's median first-active day is no later than that of everyone at deeper levels of the segment.",
    ),
    (
        "sprawl",
        "per use-case category, over people eligible at A who used it in the window ending at A (any tool): people, tools used for it, multi_tool = people using tools of two families or more for it (a family is one suite: Microsoft 365, Google Workspace, or the plan's `[tool_families]`; a tool in no family is its own), main_tool and the share of the category's people using it; `any` = people with tools of two families or more for at least one category. The trend (`--curve`) repeats it over the last `--periods` windows.",
    ),
    (
        "collaboration",
        "interactions are the actions a source records as addressed to someone: a reply (to the author of the message or thread), a mention, a reaction (to the message's author), adding someone to a card, sharing a document with someone (sources: docs/sources/interactions.md); an action addressed to its own author does not count. Per group (`--by`, default department) in the window ending at A: people = eligible at A, interacting = roster people with an interaction either way, interactions = those its people made, cross_group = those addressed to a roster person of another group, cross_share = cross_group / those addressed to roster people, first_cross_share = the same in the first window after the roll-out (from the plan's first wave, or the first interaction), outside_roster = those addressed to people not on the roster, groups_reached = other groups met either way, never_with = groups with people interacting that it never met, bridges = its people who met two other groups or more (named only with `--view bridges --names`). `--view matrix`: interactions from each group to each group, and their share of the from group's. `--curve`: the same per window since the roll-out, with isolated_pairs = pairs of interacting groups that never met.",
    ),
    (
        "partners",
        "people not on the roster seen in the exports up to A, grouped by e-mail domain: the plan's partners (`[[partner]]`, several domains each), then other domains, the roster's own first (`not on the roster`); people = seen up to A, active = active in the window ending at A; active_of_expected = active / the partner's expected people, compared with its target at its `by` date once passed (met, missed), else at A (met, not yet). The first row is the employees: roster people eligible at A.",
    ),
    (
        "data coverage",
        "each tool's exports cover the days from the earliest to the latest record of its ingest runs (the store's manifest). An as-of after a tool's last covered day, or before any data, is warned about with the days missing: past the data those days would count as inactivity. No metric reads an event after A.",
    ),
    (
        "small groups",
        "any figure over a group of fewer than k eligible people (k = 5, `--min-group`) is shown as `suppressed`, never as zero.",
    ),
    (
        "wave",
        "from the deployment plan (docs/plan.md): a person belongs to the first wave whose roster filter matches, else to the wave `roll-out`, which starts at t0. Days since the wave start are 0 on the start day.",
    ),
    (
        "adoption curve",
        "per wave (and `--by` segment), for each day d since the wave start: of the wave's people eligible on that day, the share activated by it (first_active <= day) and the share active in the 28 days ending on it (`--window`). Checkpoints: the curve 30, 90 and 180 days after the start (or the plan's `checkpoints`), and at as-of.",
    ),
    (
        "bass fit",
        "new adopters per complete period (7 days, `--period-days`) since the wave start, among its people eligible at as-of (activation before the start counts in period 1), fitted to F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}): `nls` (default) S_t = m[F(t) - F(t-1)] by least squares; `ols` Bass's regression of S_t on Y_{t-1} and Y_{t-1}^2; `nls-density` S_t = m f(t); `nls-cumulative` Y_t = m F(t); `--fixed-market` fixes m to the eligible head-count. R^2 and RMSE over the fitted series; peak t* = ln(q/p)/(p+q) periods (none when q <= p).",
    ),
    (
        "target date",
        "the first day the wave's activation share reached the target (`reached`); otherwise the day the fit's m F(t) reaches target x eligible (`forecast`), or `not reachable` when the fit's m is below it. Targets: the plan's `targets` (default 50 % and 80 %).",
    ),
    (
        "adopter category",
        "Rogers: a wave's people eligible at as-of ranked by first active day (before the start counts as day 0); rank r of N eligible is an innovator if r <= 2.5 % N, early adopter if r <= 16 % N, early majority if r <= 50 % N, late majority if r <= 84 % N, else laggard; people activated the same day share the first one's rank; people not activated are `not yet adopted` and stay in N.",
    ),
    (
        "effect",
        "group value - comparison value of a measure, with a 95 % percentile bootstrap interval (1000 resamples, seeded; people, or teams = people sharing a manager, resampled with replacement within each side). Ambassadors and managers are compared within strata of wave, department and profile (`--adjust-for`; strata need two teams on each side), the strata's differences weighted by the group's head-count. Pilot: the earliest wave vs later waves; ambassadors: teams with an ambassador vs without (ambassadors left out); managers: teams whose manager was first active within 14 days of the member's wave start vs later or never; new hires: hired_at after t0 vs the rest; reach: in_scope = false vs true and each profile vs the others; interventions: (after - before) for the audience minus the same for everyone else, over the 28 days from the date and the 28 days before (difference in differences), counting only people whose wave started 28 days or more before the date. Associations, not causes.",
    ),
    (
        "objective status",
        "a target of the plan's [objectives] (metric, >= or <= a value, for a segment, at a checkpoint: days after a wave's start or a date) at as-of: `met` / `missed` when the checkpoint has passed (the value on the checkpoint date); `on track` when it is ahead and the value already holds, or is forecast to hold by it; `at risk` when the forecast reaches it later or never; `no data` when no one in the segment is eligible, the group is below the minimum size, or the day measured is not covered by the exports (after their last day or before their first; `--allow-stale` measures it anyway). Forecast: for activation_rate, a Bass fit (nls, m fixed to the segment's eligible head-count, weekly new adopters since the wave start); otherwise the straight line through the values 28 days before as-of and at as-of.",
    ),
];

/// The definitions as indented text.
pub fn definitions_text() -> String {
    DEFINITIONS
        .iter()
        .map(|(name, text)| format!("  {name}: {text}\n"))
        .collect()
}

/// The named definitions as indented text, in the order given.
pub fn definitions_for(names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| DEFINITIONS.iter().find(|(name, _)| name == n))
        .map(|(name, text)| format!("  {name}: {text}\n"))
        .collect()
}
