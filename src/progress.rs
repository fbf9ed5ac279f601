//! Progress bars on stderr (indicatif) for the library crates' long steps. Hidden with
//! `--quiet` and when stderr is not a terminal, so cron mail and pipes stay clean.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use uptake_store::{Progress, ProgressHandle, Unit};

struct Bars {
    visible: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn begin(&self, step: &str, total: u64, unit: Unit) {
        tracing::debug!("{step}: {total} {unit:?} to do");
        if !self.visible {
            return;
        }
        let bar = ProgressBar::with_draw_target(
            (total > 0).then_some(total),
            ProgressDrawTarget::stderr(),
        );
        let counter = match unit {
            Unit::Bytes => "{bytes}/{total_bytes}",
            Unit::Days => "{pos}/{len} days",
            Unit::Files => "{pos}/{len} files",
            Unit::Steps => "{pos}/{len}",
        };
        let template = if total > 0 {
            format!("{{spinner}} {{msg:<10}} [{{bar:30}}] {counter} {{elapsed}}")
        } else {
            "{spinner} {msg:<10} {elapsed}".to_string()
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(step.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Some(old) = self.bar.lock().unwrap().replace(bar) {
            old.finish_and_clear();
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.bar.lock().unwrap().as_ref() {
            bar.inc(n);
        }
    }

    fn end(&self) {
        if let Some(bar) = self.bar.lock().unwrap().take() {
            bar.finish_and_clear();
        }
    }
}

/// The progress receiver of a command: bars on an interactive stderr, else nothing
/// drawn (steps are still logged with -vv).
pub fn bars(quiet: bool) -> ProgressHandle {
    let visible = !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    ProgressHandle(Arc::new(Bars {
        visible,
        bar: Mutex::new(None),
    }))
}
