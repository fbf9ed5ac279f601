//! Writing a report into its folder: `report.html`, `report.md`, `report.json`,
//! `charts/*.svg|png`, and `ghosts.csv` only when names were asked for.

use std::path::{Path, PathBuf};

use minijinja::Environment;

use crate::charts::{CHART_IDS, render_all};
use crate::gather::Report;
use crate::json::report_json;
use crate::view::{View, view};
use crate::{Error, Result};

/// The formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_lowercase().as_str() {
            "html" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

const HTML: &str = include_str!("../templates/report.html");
const MARKDOWN: &str = include_str!("../templates/report.md");

fn write(path: PathBuf, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::write(&path, bytes).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Text with Markdown's `code` spans, as HTML: escaped, the spans in `<code>` (the
/// definitions are written once, for the Markdown and `--help`).
fn code(text: String) -> minijinja::Value {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut out = String::new();
    let mut open = false;
    for (i, part) in escaped.split('`').enumerate() {
        if i > 0 {
            out.push_str(if open { "</code>" } else { "<code>" });
            open = !open;
        }
        out.push_str(part);
    }
    if open {
        out.push_str("</code>");
    }
    minijinja::Value::from_safe_string(out)
}

/// Renders `template` (HTML or Markdown) with the report's view.
fn render(name: &str, template: &str, v: &View) -> Result<String> {
    let mut env = Environment::new();
    env.add_filter("code", code);
    env.add_template(name, template)?;
    Ok(env.get_template(name)?.render(v)?)
}

/// The report as HTML and Markdown text (charts inlined as SVG in the HTML).
pub fn render_text(report: &Report, charts_dir: Option<&Path>) -> Result<(String, String)> {
    let charts = render_all(report, charts_dir)?;
    let v = view(report, &charts);
    Ok((
        render("report.html", HTML, &v)?,
        render("report.md", MARKDOWN, &v)?,
    ))
}

/// Writes the report into `dir` (created if needed); returns the files written.
pub fn write_report(report: &Report, dir: &Path, formats: &[Format]) -> Result<Vec<PathBuf>> {
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).map_err(|source| Error::Io {
        path: charts.clone(),
        source,
    })?;
    // A chart without data this time must not survive from an earlier report.
    for id in CHART_IDS {
        for ext in ["svg", "png"] {
            let old = charts.join(format!("{id}.{ext}"));
            if old.exists() {
                std::fs::remove_file(&old).map_err(|source| Error::Io { path: old, source })?;
            }
        }
    }
    let mut written = Vec::new();
    let v = view(report, &render_all(report, Some(&charts))?);
    if formats.contains(&Format::Html) {
        let html = render("report.html", HTML, &v)?;
        written.push(write(dir.join("report.html"), html.as_bytes())?);
    }
    if formats.contains(&Format::Markdown) {
        let md = render("report.md", MARKDOWN, &v)?;
        written.push(write(dir.join("report.md"), md.as_bytes())?);
    }
    if formats.contains(&Format::Json) {
        let mut text = serde_json::to_string_pretty(&report_json(report))
            .map_err(|e| Error::Data(e.to_string()))?;
        text.push('\n');
        written.push(write(dir.join("report.json"), text.as_bytes())?);
    }
    if let Some(ghosts) = &report.ghosts {
        written.push(write(dir.join("ghosts.csv"), ghosts.to_csv().as_bytes())?);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&charts)
        .map_err(|source| Error::Io {
            path: charts.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    written.extend(entries);
    Ok(written)
}
