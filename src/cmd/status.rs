//! `uptake status`.

use anyhow::Result;
use uptake_store::Store;

use crate::config::Settings;
use crate::exit::Code;

pub fn run(settings: &Settings) -> Result<Code> {
    let store = Store::open_existing(&settings.store)?;
    let manifest = store.manifest()?;
    let summary = store.summary()?;
    println!("store: {}", store.root().display());
    match (summary.first_day, summary.last_day) {
        (Some(a), Some(b)) => println!(
            "events: {} from {a} to {b} ({} days), {} distinct people",
            summary.events,
            (b - a).num_days() + 1,
            summary.people
        ),
        _ => println!("events: none"),
    }
    if !summary.tools.is_empty() {
        println!(
            "\n{:<16} {:<10} {:<10} {:>6} {:>10} {:>7}",
            "tool", "first", "last", "days", "events", "people"
        );
        for t in &summary.tools {
            println!(
                "{:<16} {:<10} {:<10} {:>6} {:>10} {:>7}",
                t.tool, t.first_day, t.last_day, t.days, t.events, t.people
            );
        }
    }
    let totals = manifest.totals();
    println!(
        "\ningest runs: {}; read {} = stored {} + duplicates {} + rejected {} + excluded {}",
        manifest.runs.len(),
        totals.read,
        totals.stored,
        totals.duplicates,
        totals.rejected,
        totals.excluded
    );
    if let Some(last) = manifest.runs.last() {
        println!(
            "last run: {} ({}, {} file(s)) at {}",
            last.batch,
            last.source,
            last.files.len(),
            last.finished_at.format("%Y-%m-%d %H:%M:%SZ")
        );
    }
    let with_rejects: Vec<_> = manifest
        .runs
        .iter()
        .filter_map(|r| r.rejects.as_ref().map(|p| (p, r.counts.rejected)))
        .collect();
    if !with_rejects.is_empty() {
        println!(
            "rejected records: {} in {} file(s):",
            totals.rejected,
            with_rejects.len()
        );
        for (p, n) in with_rejects {
            println!("  {} ({n})", store.root().join(p).display());
        }
    }
    match &manifest.roster {
        Some(r) => {
            println!(
                "\nroster: {} people, imported from {} at {}",
                r.people,
                r.path,
                r.imported_at.format("%Y-%m-%d %H:%M:%SZ")
            );
            if summary.unmatched.is_empty() {
                println!("every person in the events is in the roster");
            } else {
                let events: u64 = summary.unmatched.iter().map(|(_, n)| n).sum();
                println!(
                    "unmatched identities: {} people in the events are not in the roster ({} events); they cannot count for anyone:",
                    summary.unmatched.len(),
                    events
                );
                for (p, n) in summary.unmatched.iter().take(10) {
                    println!("  {p} ({n} events)");
                }
                if summary.unmatched.len() > 10 {
                    println!("  ... and {} more", summary.unmatched.len() - 10);
                }
                println!(
                    "  (map tool accounts to roster people with: uptake roster identities FILE, rows alias,person)"
                );
            }
        }
        None => println!("\nroster: none (uptake roster import FILE)"),
    }
    if summary.gaps.is_empty() {
        if summary.first_day.is_some() {
            println!("gaps: none (every day between the first and last has events)");
        }
    } else {
        let days: i64 = summary
            .gaps
            .iter()
            .map(|(a, b)| (*b - *a).num_days() + 1)
            .sum();
        println!("gaps: {days} day(s) without any event:");
        for (a, b) in summary.gaps.iter().take(10) {
            if a == b {
                println!("  {a}");
            } else {
                println!("  {a} .. {b}");
            }
        }
        if summary.gaps.len() > 10 {
            println!("  ... and {} more", summary.gaps.len() - 10);
        }
    }
    Ok(Code::Ok)
}
