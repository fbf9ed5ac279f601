//! report.html of the bundled sample looked at as a reader sees it: opened in a real
//! headless Chromium driven over the DevTools protocol, in English and in French, at a
//! desktop width (1280 px), a tablet's (820 px) and a phone's (390 px). What is measured is measured in
//! the page, by JavaScript evaluated through the protocol (`PROBE`); the scorecard's
//! figures are then compared here with report.json.
//!
//! Without a browser (Chromium or Chrome on PATH, or CHROME naming one) the test says on
//! stderr that it skipped; it fails instead when CI=true or UPTAKE_REQUIRE_BROWSER is set
//! (scripts/test sets it; scripts/install-test-deps installs Debian's chromium). The
//! screenshots stay under the target directory, `report-shots/<lang>-<width>.png`, for a
//! reviewer to look at after a run.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions};
use serde_json::Value;

use crate::support::{Scratch, say_skipped};

/// A desktop browser window, a tablet and a phone held upright (CSS pixels).
const WIDTHS: [u32; 3] = [1280, 820, 390];
const HEIGHT: u32 = 900;

fn browser_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("UPTAKE_REQUIRE_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The browser to drive; `None`, said on stderr, when there is none and none is required.
fn browser_program(test: &str) -> Option<PathBuf> {
    match headless_chrome::browser::default_executable() {
        Ok(program) => Some(program),
        Err(e) => {
            let why = format!(
                "{test}: no Chromium or Chrome found ({e}); `bash scripts/install-test-deps` \
                 installs Debian's chromium, or set CHROME to the browser's program"
            );
            assert!(!browser_required(), "{why}");
            say_skipped(&why);
            None
        }
    }
}

/// Where the screenshots go: `report-shots/` in the target directory (CARGO_TARGET_DIR,
/// else the one this test binary was built into: target/debug/deps/it-*).
fn shots_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::current_exe()
            .unwrap()
            .ancestors()
            .nth(3)
            .unwrap()
            .to_path_buf(),
    };
    let dir = target.join("report-shots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn report_html_in_chromium_at_desktop_and_phone_widths() {
    let test = "report_html_in_chromium_at_desktop_and_phone_widths";
    let Some(program) = browser_program(test) else {
        return;
    };
    // The bundled sample as a new user runs it: `run` writes the English report (the
    // sample's config says `lang = "en"`), `report --lang fr` the French one.
    let s = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = root.join("data/sample/uptake.toml");
    let config = config.to_str().unwrap();
    s.uptake(&["--config", config, "run"]).assert().code(1);
    s.stdout(&[
        "--config", config, "report", "--lang", "fr", "--out", "rapport",
    ]);

    // The page is our own file, and CI runs as root, where Chromium's sandbox cannot start.
    let options = LaunchOptions::default_builder()
        .path(Some(program))
        .sandbox(false)
        .window_size(Some((WIDTHS[0], HEIGHT)))
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("start headless Chromium");
    let shots = shots_dir();
    let clock = Instant::now();
    let mut failures = Vec::new();
    for (lang, dir) in [("en", "uptake-report"), ("fr", "rapport")] {
        let html = s.path(dir).join("report.html");
        let json: Value =
            serde_json::from_slice(&std::fs::read(s.path(dir).join("report.json")).unwrap())
                .unwrap();
        for width in WIDTHS {
            let page = format!("{lang} at {width} px");
            let shot = shots.join(format!("{lang}-{width}.png"));
            let seen = look(&browser, &html, width, Some(&shot));
            let mut problems = seen.problems;
            problems.extend(scorecard_problems(&seen.probe, &json, lang));
            failures.extend(problems.into_iter().map(|p| format!("{page}: {p}")));
        }
    }
    let secs = clock.elapsed().as_secs_f64();
    say(&format!(
        "{test}: {} pages looked at in {secs:.1} s; screenshots in {}",
        2 * WIDTHS.len(),
        shots.display()
    ));
    checks_catch_a_tampered_report(&browser, &s);
    assert!(
        failures.is_empty(),
        "{} problems seen in report.html:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The checks can fail: the English report with one defect of each kind put in by a
/// script at the end of its body, looked at 1280 px wide, shows each of them.
fn checks_catch_a_tampered_report(browser: &Browser, s: &Scratch) {
    let html = std::fs::read_to_string(s.path("uptake-report/report.html")).unwrap();
    let json: Value =
        serde_json::from_slice(&std::fs::read(s.path("uptake-report/report.json")).unwrap())
            .unwrap();
    let first = json["objectives"]["scorecard"]["rows"][0]["objective"]
        .as_str()
        .unwrap();
    let tampered = html.replace("</body>", &format!("<script>{TAMPER}</script></body>"));
    let path = s.write("tampered/report.html", tampered);
    let seen = look(browser, &path, WIDTHS[0], None);
    let mut problems = seen.problems;
    problems.extend(scorecard_problems(&seen.probe, &json, "en"));
    let expected = [
        format!("scorecard: \"{first}\": the value shows \"12.3%\""),
        "scorecard: the count".to_string(),
        "console: console.error: \"tampered\"".to_string(),
        "network: the page requested http://127.0.0.1:9/tampered.png".to_string(),
        "sideways: the page is".to_string(),
        "labels: chart adoption-curves: \"tampered label\" overlaps \"tampered label\"".to_string(),
        "chart adoption-curves: 1 drawn elements lie outside the chart's area".to_string(),
        "chart active-and-ghosts: the chart".to_string(),
        "chart active-people: rendered 0 x 0 px".to_string(),
        "chart lifecycle: 1500px wide in a".to_string(),
        "badge: \"".to_string(),
    ];
    for e in &expected {
        assert!(
            problems.iter().any(|p| p.starts_with(e.as_str())),
            "the tampered report should show `{e}`; it showed:\n{}",
            problems.join("\n")
        );
    }
}

/// One defect of each kind the browser checks look for, put in by script.
const TAMPER: &str = r#"
  const row = document.querySelector('#objectives ~ .scroll table tbody tr');
  row.cells[3].firstChild.textContent = '12.3%';
  const count = document.querySelector('.counts li');
  count.textContent = count.textContent.replace(/[0-9]+$/, '99');
  console.error('tampered');
  const img = document.createElement('img');
  img.src = 'http://127.0.0.1:9/tampered.png';
  document.body.appendChild(img);
  const wide = document.createElement('div');
  wide.style.width = '2000px';
  wide.textContent = 'wide';
  document.body.appendChild(wide);
  const ns = 'http://www.w3.org/2000/svg';
  const curves = document.querySelector('#adoption-curves svg');
  for (const x of [300, 304]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', x); t.setAttribute('y', 300); t.textContent = 'tampered label';
    curves.appendChild(t);
  }
  const far = document.createElementNS(ns, 'rect');
  far.setAttribute('x', 2000); far.setAttribute('y', 10);
  far.setAttribute('width', 10); far.setAttribute('height', 10);
  curves.appendChild(far);
  document.querySelector('#active-and-ghosts .chart').style.overflow = 'visible';
  document.querySelector('#active-and-ghosts svg').style.minWidth = '1500px';
  document.querySelector('#active-people svg').style.display = 'none';
  document.querySelector('#lifecycle svg').style.minWidth = '1500px';
  const badge = document.querySelector('.badge');
  badge.style.position = 'relative';
  badge.style.left = '1500px';
"#;

fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// What one page showed: the probe's measurements, and what is wrong with them.
struct Seen {
    probe: Value,
    problems: Vec<String>,
}

/// Opens `html` in a fresh tab `width` px wide, measures it with [`PROBE`], listens for
/// console errors and requests, and saves a screenshot of the whole page to `shot`.
fn look(browser: &Browser, html: &Path, width: u32, shot: Option<&Path>) -> Seen {
    let tab = browser.new_tab().unwrap();
    let heard = Arc::new(Mutex::new(Vec::<String>::new()));
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    {
        let (heard, requests) = (heard.clone(), requests.clone());
        tab.add_event_listener(Arc::new(move |event: &Event| match event {
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e
                    .params
                    .args
                    .iter()
                    .map(|a| {
                        a.value
                            .as_ref()
                            .map_or_else(|| format!("{:?}", a.Type), |v| v.to_string())
                    })
                    .collect();
                heard
                    .lock()
                    .unwrap()
                    .push(format!("console.error: {}", args.join(" ")));
            }
            Event::RuntimeExceptionThrown(e) => heard
                .lock()
                .unwrap()
                .push(format!("exception: {}", e.params.exception_details.text)),
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                heard.lock().unwrap().push(format!(
                    "console error: {} {}",
                    e.params.entry.text,
                    e.params.entry.url.clone().unwrap_or_default()
                ))
            }
            Event::NetworkRequestWillBeSent(e) => {
                requests.lock().unwrap().push(e.params.request.url.clone())
            }
            _ => {}
        }))
        .unwrap();
    }
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    emulate(&tab, width, HEIGHT);
    let url = format!("file://{}", html.display());
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let text = tab.evaluate(PROBE, false).unwrap().value;
    let probe: Value = match text {
        Some(Value::String(s)) => serde_json::from_str(&s).unwrap(),
        other => panic!("the probe returned {other:?}"),
    };

    let mut problems: Vec<String> = probe["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    for h in heard.lock().unwrap().iter() {
        problems.push(format!("console: {h}"));
    }
    // Self-contained: the only request is the file itself (data: URLs live in the file).
    for r in requests.lock().unwrap().iter() {
        if *r != url && !r.starts_with("data:") {
            problems.push(format!("network: the page requested {r}"));
        }
    }

    // The whole page in one picture: the viewport made as tall as the page.
    if let Some(shot) = shot {
        let tall = probe["page_height"].as_f64().unwrap().ceil() as u32;
        emulate(&tab, width, tall.max(HEIGHT));
        let png = tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        std::fs::write(shot, png).unwrap();
    }
    let _ = tab.close(false);
    Seen { probe, problems }
}

/// The viewport as a device `width` x `height` CSS px; below 600 px wide, a phone (mobile
/// emulation honours the page's `<meta name="viewport">`).
fn emulate(tab: &headless_chrome::Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// The scorecard as the page shows it against report.json's `objectives.scorecard`: each
/// objective's target, checkpoint, value, value date, forecast and status, and the counts
/// of objectives per status above the table.
fn scorecard_problems(probe: &Value, json: &Value, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let rows = json["objectives"]["scorecard"]["rows"].as_array().unwrap();
    let shown = probe["scorecard"].as_array().unwrap();
    if shown.len() != rows.len() {
        out.push(format!(
            "scorecard: {} rows shown, {} objectives in report.json",
            shown.len(),
            rows.len()
        ));
    }
    for row in shown {
        let cells: Vec<Vec<String>> = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c.as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        let line = |cell: usize, i: usize| -> &str {
            cells
                .get(cell)
                .and_then(|c| c.get(i))
                .map_or("", |s| s.as_str())
        };
        let name = line(0, 0);
        let Some(o) = rows.iter().find(|o| o["objective"] == name) else {
            out.push(format!(
                "scorecard: row \"{name}\" is no objective of report.json"
            ));
            continue;
        };
        let mut wrong = |what: &str, shown: &str, json: &Value| {
            out.push(format!(
                "scorecard: \"{name}\": {what} shows \"{shown}\", report.json has {json}"
            ))
        };
        let target = line(1, 0);
        let comparison = match target.chars().next() {
            Some('≥') => ">=",
            Some('≤') => "<=",
            Some('>') => ">",
            Some('<') => "<",
            _ => "?",
        };
        if comparison != o["comparison"] {
            wrong("the target's comparison", target, &o["comparison"]);
        }
        if !number_matches(target, &o["target"], lang) {
            wrong("the target", target, &o["target"]);
        }
        if !date_matches(line(2, 0), &o["checkpoint_date"], lang) {
            wrong("the checkpoint", line(2, 0), &o["checkpoint_date"]);
        }
        let value = line(3, 0);
        let value_ok = if o["value"].is_null() {
            value == "—"
        } else {
            number_matches(value, &o["value"], lang)
        };
        if !value_ok {
            wrong("the value", value, &o["value"]);
        }
        if !date_matches(line(3, 1), &o["value_date"], lang) {
            wrong("the value's date", line(3, 1), &o["value_date"]);
        }
        // The forecast is shown for objectives on track or at risk only.
        let forecast = line(4, 0);
        let forecast_ok = if forecast == "—" {
            !matches!(o["status"].as_str(), Some("on track" | "at risk"))
                || o["forecast_date"].is_null()
        } else {
            date_matches(forecast, &o["forecast_date"], lang)
        };
        if !forecast_ok {
            wrong("the forecast", forecast, &o["forecast_date"]);
        }
        let class = o["status"].as_str().unwrap_or("").replace(' ', "-");
        let badge = row["badge_class"].as_str().unwrap_or("");
        if !badge.split(' ').any(|c| c == class) {
            wrong("the status badge", badge, &o["status"]);
        }
    }
    for count in probe["counts"].as_array().unwrap() {
        let class = count["class"].as_str().unwrap();
        let text = count["text"].as_str().unwrap();
        let expected = rows
            .iter()
            .filter(|o| o["status"].as_str().unwrap_or("").replace(' ', "-") == class)
            .count();
        let shown = text
            .rsplit(|c: char| !c.is_ascii_digit())
            .find(|w| !w.is_empty())
            .and_then(|w| w.parse::<usize>().ok());
        if shown != Some(expected) {
            out.push(format!(
                "scorecard: the count \"{text}\" ({class}): report.json has {expected}"
            ));
        }
    }
    out
}

/// A number as the report writes it in `lang` (`1,234.5` / `1 234,5`, a leading sign,
/// `%` after it): its value, its decimals and whether it is a percentage.
fn shown_number(text: &str, lang: &str) -> Option<(f64, usize, bool)> {
    let (decimal, group) = if lang == "fr" {
        (',', ['\u{202f}', '\u{a0}', ' '])
    } else {
        ('.', [',', ',', ','])
    };
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(|c| c.is_ascii_digit())?;
    let negative = start > 0 && matches!(chars[start - 1], '-' | '−');
    let mut digits = String::new();
    let mut decimals = None;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_digit() {
            digits.push(c);
            if let Some(d) = decimals.as_mut() {
                *d += 1;
            }
        } else if c == decimal && decimals.is_none() && next_digit {
            digits.push('.');
            decimals = Some(0);
        } else if !(group.contains(&c) && decimals.is_none() && next_digit) {
            break;
        }
        i += 1;
    }
    let value: f64 = digits.parse().ok()?;
    let percent = chars[i..].iter().take(3).any(|c| *c == '%');
    Some((
        if negative { -value } else { value },
        decimals.unwrap_or(0),
        percent,
    ))
}

/// Whether `text` shows `json`'s number at the precision it is written with (a
/// percentage shows a share times 100).
fn number_matches(text: &str, json: &Value, lang: &str) -> bool {
    let (Some((shown, decimals, percent)), Some(v)) = (shown_number(text, lang), json.as_f64())
    else {
        return false;
    };
    let expected = if percent { v * 100.0 } else { v };
    (shown - expected).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
}

/// Whether `text` (`4 Mar 2026`, `4 mars 2026`, `1er oct. 2026`) is the day `json`
/// (`2026-03-04`).
fn date_matches(text: &str, json: &Value, lang: &str) -> bool {
    const EN: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let Some(expected) = json.as_str() else {
        return false;
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year] = words[..] else {
        return false;
    };
    let day: String = day.chars().take_while(|c| c.is_ascii_digit()).collect();
    let month = month.trim_end_matches('.').to_lowercase();
    let names = if lang == "fr" { FR } else { EN };
    let Some(m) = names
        .iter()
        .position(|n| month.len() >= 3 && n.starts_with(&month))
    else {
        return false;
    };
    let (Ok(day), Ok(year)) = (day.parse::<u32>(), year.parse::<i32>()) else {
        return false;
    };
    format!("{year:04}-{:02}-{day:02}", m + 1) == expected
}

/// Measures the page; returns JSON text: `problems` (each a sentence naming the check),
/// `page_height`, the scorecard's cells (`scorecard`: per row, each cell's lines, and the
/// status badge's classes) and the status counts (`counts`).
const PROBE: &str = r#"(() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const px = (x) => Math.round(x * 10) / 10;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const scrollsSideways = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) &&
    el.scrollWidth > el.clientWidth + 0.5;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility === 'visible' && Number(st.opacity) > 0 &&
      r.left >= -0.5 && r.right <= vw + 0.5;
  };

  // The body does not scroll sideways; say what sticks out.
  const sw = document.scrollingElement.scrollWidth;
  if (sw > vw + 0.5) {
    const out = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > vw + 0.5 && !clipped(el))
      .slice(0, 6).map((el) => name(el) + ' to ' + px(el.getBoundingClientRect().right) + 'px');
    problems.push(`sideways: the page is ${sw}px wide in a ${vw}px viewport (${out.join(', ')})`);
  }

  // Charts: a size, inside their box (or in a box that scrolls, with a visible hint), and
  // what is drawn inside the chart's own area.
  for (const fig of document.querySelectorAll('figure')) {
    const id = fig.id || '?';
    const svg = fig.querySelector('svg');
    if (!svg) { problems.push(`chart ${id}: no svg`); continue; }
    const r = svg.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) {
      problems.push(`chart ${id}: rendered ${px(r.width)} x ${px(r.height)} px`);
      continue;
    }
    const box = svg.parentElement;
    const b = box.getBoundingClientRect();
    const inner = {
      left: b.left + box.clientLeft, top: b.top + box.clientTop,
      right: b.left + box.clientLeft + box.clientWidth, bottom: b.top + box.clientTop + box.clientHeight,
    };
    const inside = r.left >= inner.left - 0.5 && r.right <= inner.right + 0.5 &&
      r.top >= inner.top - 0.5 && r.bottom <= inner.bottom + 0.5;
    if (!inside) {
      const scroller = [box, ...(() => { const a = []; for (let p = box.parentElement; p; p = p.parentElement) a.push(p); return a; })()]
        .find((el) => scrollsSideways(el));
      if (!scroller) {
        problems.push(`chart ${id}: the chart (${px(r.width)} x ${px(r.height)} px) overflows its box ${name(box)} (${px(inner.right - inner.left)} x ${px(inner.bottom - inner.top)} px)`);
      } else {
        const hint = fig.querySelector('.scroll-hint');
        if (!visible(hint)) {
          problems.push(`chart ${id}: ${px(r.width)}px wide in a ${px(scroller.clientWidth)}px box that scrolls sideways with no visible hint`);
        }
      }
    }
    if (b.left < -0.5 || b.right > vw + 0.5) {
      problems.push(`chart ${id}: its box spans ${px(b.left)} to ${px(b.right)}px of a ${vw}px viewport`);
    }
    // Drawn elements (background aside) that lie outside the chart's area.
    const k = r.width / svg.viewBox.baseVal.width || 1;
    const outside = [];
    for (const el of svg.querySelectorAll('text, path, line, polyline, polygon, circle, rect')) {
      const e = el.getBoundingClientRect();
      if (e.width === 0 && e.height === 0) continue;
      if (e.left < r.left - 1 || e.right > r.right + 1 || e.top < r.top - 1 || e.bottom > r.bottom + 1) {
        outside.push(`${el.tagName} "${(el.textContent || '').trim().slice(0, 30)}" at ` +
          `${px((e.left - r.left) / k)},${px((e.top - r.top) / k)} to ${px((e.right - r.left) / k)},${px((e.bottom - r.top) / k)}`);
      }
    }
    if (outside.length) {
      problems.push(`chart ${id}: ${outside.length} drawn elements lie outside the chart's area: ${outside.slice(0, 5).join('; ')}`);
    }
    // No two labels overlap: boxes of the SVG text, in the chart's own units (the same at
    // any width), overlapping by more than one unit each way.
    const labels = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() !== '')
      .map((t) => {
        const e = t.getBoundingClientRect();
        return { s: t.textContent.trim(), x0: (e.left - r.left) / k, y0: (e.top - r.top) / k,
          x1: (e.right - r.left) / k, y1: (e.bottom - r.top) / k };
      });
    if (!labels.length) problems.push(`labels: chart ${id}: no SVG text to check`);
    // No label is crossed by a line or a mark of the data: strokes of 2 units or more, and
    // filled marks, hit-tested at points inside the label's ink (grid and guide lines are
    // 1 unit wide; bars and cells are rects, labels on them are meant). Where the whole
    // chart is on screen only: a chart's drawing is the same at every width.
    if (inside) svg.scrollIntoView({ block: 'center' });
    const box2 = box.getBoundingClientRect();
    for (const t of inside ? svg.querySelectorAll('text') : []) {
      const s = t.textContent.trim();
      if (!s) continue;
      const e = t.getBoundingClientRect();
      const crossing = new Set();
      for (const fx of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
        for (const fy of [0.35, 0.5, 0.65]) {
          const x = e.left + fx * e.width, y = e.top + fy * e.height;
          if (x < box2.left || x > box2.right || y < 0 || y > innerHeight) continue;
          for (const el of document.elementsFromPoint(x, y)) {
            if (el === t || !svg.contains(el) || !['polyline', 'path', 'line', 'circle', 'polygon'].includes(el.tagName)) continue;
            const st = getComputedStyle(el);
            const stroked = !['circle', 'polygon'].includes(el.tagName) && st.stroke !== 'none' &&
              parseFloat(st.strokeWidth) >= 2;
            const filled = ['circle', 'polygon'].includes(el.tagName) && st.fill !== 'none';
            if (stroked || filled) crossing.add(`${el.tagName} ${st.stroke !== 'none' ? st.stroke : st.fill}`);
          }
        }
      }
      if (crossing.size) {
        problems.push(`labels: chart ${id}: "${s}" is crossed by a drawn mark (${[...crossing].join(', ')})`);
      }
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i], c = labels[j];
        const w = Math.min(a.x1, c.x1) - Math.max(a.x0, c.x0);
        const h = Math.min(a.y1, c.y1) - Math.max(a.y0, c.y0);
        if (w > 1 && h > 1) {
          problems.push(`labels: chart ${id}: "${a.s}" overlaps "${c.s}" by ${px(w)} x ${px(h)} units ` +
            `(at ${px(a.x0)},${px(a.y0)} and ${px(c.x0)},${px(c.y0)})`);
        }
      }
    }
  }

  // Every objective's status badge is within the viewport's width.
  for (const badge of document.querySelectorAll('.badge')) {
    const e = badge.getBoundingClientRect();
    if (e.width < 1 || e.height < 1 || e.left < -0.5 || e.right > vw + 0.5) {
      problems.push(`badge: "${badge.textContent.trim()}" spans ${px(e.left)} to ${px(e.right)}px of a ${vw}px viewport`);
    }
  }

  // Nothing fetched that the page could see either.
  for (const res of performance.getEntriesByType('resource')) {
    problems.push(`network: the page loaded ${res.name}`);
  }

  // The scorecard table and the counts of objectives per status, for the comparison with
  // report.json.
  const table = document.querySelector('#objectives ~ .scroll table, #objectives ~ table');
  const scorecard = table ? [...table.tBodies[0].rows].map((tr) => ({
    cells: [...tr.cells].map((td) => td.innerText.split('\n').map((l) => l.trim()).filter((l) => l)),
    badge_class: (tr.querySelector('.badge') || { className: '' }).className,
  })) : [];
  if (!table) problems.push('scorecard: no table after #objectives');
  const counts = [...document.querySelectorAll('.counts li')]
    .map((li) => ({ class: li.className, text: li.textContent.trim() }));

  window.scrollTo(0, 0);
  return JSON.stringify({ problems, page_height: document.documentElement.scrollHeight, scorecard, counts });
})()"#;

#[test]
fn numbers_and_dates_are_read_as_the_report_writes_them() {
    let nnbsp = '\u{202f}';
    assert_eq!(shown_number("≥ 50%", "en"), Some((50.0, 0, true)));
    assert_eq!(shown_number("77.3%", "en"), Some((77.3, 1, true)));
    assert_eq!(shown_number("1,234.5", "en"), Some((1234.5, 1, false)));
    assert_eq!(
        shown_number(&format!("1{nnbsp}234,5{nnbsp}%"), "fr"),
        Some((1234.5, 1, true))
    );
    assert_eq!(shown_number("-0.1 pts", "en"), Some((-0.1, 1, false)));
    assert_eq!(shown_number("12,5 jours", "fr"), Some((12.5, 1, false)));
    assert_eq!(shown_number("—", "en"), None);
    // 77.3 % shows 0.7733 (to 0.05 points) but not 0.775.
    assert!(number_matches("77.3%", &Value::from(0.7733), "en"));
    assert!(!number_matches("77.3%", &Value::from(0.775), "en"));
    assert!(number_matches("≥ 50%", &Value::from(0.5), "en"));
    assert!(!number_matches("≥ 50%", &Value::from(0.506), "en"));
    let day = |d: &str| Value::from(d);
    assert!(date_matches("4 Mar 2026", &day("2026-03-04"), "en"));
    assert!(!date_matches("4 Mar 2026", &day("2026-03-05"), "en"));
    assert!(date_matches("1er oct. 2026", &day("2026-10-01"), "fr"));
    assert!(date_matches("14 juin 2026", &day("2026-06-14"), "fr"));
    assert!(!date_matches("14 juil. 2026", &day("2026-06-14"), "fr"));
    assert!(date_matches("2 févr. 2027", &day("2027-02-02"), "fr"));
    assert!(!date_matches("—", &day("2027-02-02"), "fr"));
}
