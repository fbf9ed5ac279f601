//! `uptake status`.

use std::path::Path;

use anyhow::Result;
use uptake_metrics::{Partner, Plan, domain_of};
use uptake_store::Store;

use crate::config::Settings;
use crate::exit::Code;

/// Prints what the store holds; the partners of the plan at `plan` (else the config's)
/// are told apart from the unmatched identities.
pub fn run(settings: &Settings, plan: Option<&Path>) -> Result<Code> {
    // A plan that cannot be read is the business of the commands that need it.
    let partners = match plan.or(settings.plan.as_deref()).map(Plan::read) {
        Some(Ok(plan)) => plan.partners,
        Some(Err(e)) => {
            eprintln!("warning: {e:#}; partners are not told apart below");
            Vec::new()
        }
        None => Vec::new(),
    };
    let partners = partners.as_slice();
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
                crate::printable::name(&r.path),
                r.imported_at.format("%Y-%m-%d %H:%M:%SZ")
            );
            // People of a declared partner are expected outside the roster.
            let (guests, unmatched): (Vec<_>, Vec<_>) = summary
                .unmatched
                .iter()
                .partition(|(p, _)| partner_of(partners, p).is_some());
            if !guests.is_empty() {
                print_partner_guests(partners, &guests);
            }
            if unmatched.is_empty() {
                let other = if guests.is_empty() { "" } else { "other " };
                println!("every {other}person in the events is in the roster");
            } else {
                let events: u64 = unmatched.iter().map(|(_, n)| n).sum();
                println!(
                    "unmatched identities: {} people in the events are not in the roster ({} events); they cannot count for anyone:",
                    unmatched.len(),
                    events
                );
                for (p, n) in unmatched.iter().take(10) {
                    // A person key is input text: it may hold escape codes too.
                    println!("  {} ({n} events)", crate::printable::name(p));
                }
                if unmatched.len() > 10 {
                    println!("  ... and {} more", unmatched.len() - 10);
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

/// The declared partner whose domain `person`'s e-mail is at.
fn partner_of<'a>(partners: &'a [Partner], person: &str) -> Option<&'a Partner> {
    let domain = domain_of(person);
    partners
        .iter()
        .find(|p| p.domains.iter().any(|d| d == domain))
}

/// The people of declared partners outside the roster: partners, not unmatched identities.
fn print_partner_guests(partners: &[Partner], guests: &[&(String, u64)]) {
    let events: u64 = guests.iter().map(|(_, n)| n).sum();
    println!(
        "partners: {} people in the events are guests of the plan's partners ({} events); \
they count for their partner (uptake metrics partners), not as employees:",
        guests.len(),
        events
    );
    for partner in partners {
        let theirs: Vec<_> = guests
            .iter()
            .filter(|(p, _)| partner_of(partners, p).is_some_and(|o| std::ptr::eq(o, partner)))
            .collect();
        if !theirs.is_empty() {
            let n: u64 = theirs.iter().map(|(_, n)| n).sum();
            println!("  {}: {} people ({n} events)", partner.name, theirs.len());
        }
    }
}
