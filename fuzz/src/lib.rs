//! What every fuzz target checks: a native reader given arbitrary bytes as one file may
//! fail the file or reject records, never panic, and when it returns, its accounting
//! balances (`read = stored + rejected + excluded`).

use std::path::Path;

use uptake_ingest::native_source;

/// Where the fuzzed bytes go: a file name the reader sees, and for a Slack folder export,
/// the fixed files written beside it so the bytes reach the day-file parser.
pub struct Layout {
    pub file: &'static str,
    pub beside: &'static [(&'static str, &'static str)],
}

impl Layout {
    pub const fn file(file: &'static str) -> Self {
        Self { file, beside: &[] }
    }
}

/// Runs `source` on `data`. With more than one layout, the first byte picks it.
pub fn check(source: &str, layouts: &[Layout], data: &[u8]) {
    let (layout, body) = match layouts {
        [only] => (only, data),
        _ => match data.split_first() {
            Some((&pick, body)) => (&layouts[pick as usize % layouts.len()], body),
            None => return,
        },
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("export");
    for (name, text) in layout.beside {
        write(&root, name, text.as_bytes());
    }
    let target = write(&root, layout.file, body);
    // A folder export is read from its root; a file from itself.
    let path = if layout.beside.is_empty() { target } else { root };
    let reader = native_source(source).expect("known source");
    if let Ok(parsed) = reader.parse(&path) {
        let stored = parsed.events.len() as u64;
        assert_eq!(
            parsed.read,
            stored + parsed.rejects.len() as u64 + parsed.excluded,
            "{source}: accounting"
        );
    }
}

fn write(root: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(&path, bytes).expect("write");
    path
}
