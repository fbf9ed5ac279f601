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
        "per period (ISO week from Monday by default; day or month): new = first active period; returning = active this period and the previous; resurrecting = active this period, not the previous, active before; dormant = active the previous period, not this one (shown negative on charts); gone = inactive two periods or more. Everyone active counts, on the roster or not.",
    ),
    (
        "time to activation",
        "first_active - registered_at in days, negative when use came first; over roster people registered by A; people not activated by A (or deactivated first) are censored in a Kaplan-Meier estimate; within_7d/30d/90d = 1 - S(t); quartiles and p90 by nearest rank over the activated.",
    ),
    (
        "retention",
        "cohorts by first active period; share of the cohort active in period k after it, k = 0..N (`--periods`, 12).",
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
        "small groups",
        "any figure over a group of fewer than k eligible people (k = 5, `--min-group`) is shown as `suppressed`, never as zero.",
    ),
];

/// The definitions as indented text.
pub fn definitions_text() -> String {
    DEFINITIONS
        .iter()
        .map(|(name, text)| format!("  {name}: {text}\n"))
        .collect()
}
