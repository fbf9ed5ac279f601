//! `uptake roster ...`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use uptake_ingest::{ROSTER_COLUMNS, TextEncoding, read_roster, sha256_file};
use uptake_store::Store;

use crate::cli::RosterImportArgs;
use crate::config::Settings;
use crate::exit::Code;

pub fn import(settings: &Settings, args: RosterImportArgs) -> Result<Code> {
    let mapping = match &args.map {
        Some(m) => uptake_ingest::parse_mapping(m, ROSTER_COLUMNS)?,
        None => Default::default(),
    };
    import_file(settings, &args.file, &mapping, args.encoding, false)?;
    Ok(Code::Ok)
}

/// Replaces the roster with `file`; with `only_if_changed`, a file whose content is the
/// roster already imported is left alone.
pub fn import_file(
    settings: &Settings,
    file: &Path,
    mapping: &HashMap<String, String>,
    encoding: TextEncoding,
    only_if_changed: bool,
) -> Result<()> {
    let (sha, _) = sha256_file(file)?;
    let store = Store::open(&settings.store)?;
    if only_if_changed && store.manifest()?.roster.is_some_and(|r| r.sha256 == sha) {
        if !settings.quiet {
            println!("roster: {} unchanged since its last import", file.display());
        }
        return Ok(());
    }
    let import = read_roster(file, mapping, encoding)?;
    let _lock = store.lock()?;
    store.recover()?;
    let before = store.read_roster()?.map(|r| r.people.len());
    store.write_roster(&import.roster, file, &sha)?;
    if !settings.quiet {
        let extra = &import.roster.extra_columns;
        println!(
            "roster: {} people from {}{}",
            import.roster.people.len(),
            file.display(),
            before
                .map(|n| format!(" (replaces {n})"))
                .unwrap_or_default()
        );
        if !extra.is_empty() {
            println!("free attributes kept: {}", extra.join(", "));
        }
    }
    for w in &import.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// Replaces the identity map with `file` and refreshes the rollup, which the map
/// re-attributes; with `only_if_changed`, the map already imported is left alone.
pub fn import_identities(
    settings: &Settings,
    file: &Path,
    encoding: TextEncoding,
    only_if_changed: bool,
) -> Result<()> {
    let (sha, _) = sha256_file(file)?;
    let store = Store::open(&settings.store)?;
    if only_if_changed
        && store
            .manifest()?
            .identities
            .is_some_and(|r| r.sha256 == sha)
    {
        if !settings.quiet {
            println!(
                "identities: {} unchanged since its last import",
                file.display()
            );
        }
        return Ok(());
    }
    let map = uptake_ingest::read_identity_map(file, encoding)?;
    {
        let _lock = store.lock()?;
        store.recover()?;
        store.write_identities(&map, file, &sha)?;
    }
    let refresh = crate::engine::refresh_for(settings, &store)?;
    if !settings.quiet {
        println!(
            "identities: {} alias(es) from {}; rollup recomputed for {} day(s)",
            map.aliases.len(),
            file.display(),
            refresh.days.len()
        );
    }
    Ok(())
}
