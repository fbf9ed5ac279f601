//! The `uptake` command line: adoption analytics for collaboration-tool roll-outs.

mod cli;
mod cmd;
mod config;
mod engine;
mod exit;
mod log;
mod printable;
mod progress;
#[cfg(feature = "spark")]
mod spark;
mod summary;

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_broken_pipe();
    match cmd::run() {
        Ok(code) => code.into(),
        // A reader that stopped early (`uptake query ... | head`): stop quietly, as below.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::from(141)
        }
        Err(err) => {
            eprintln!("error: {}", printable::message(&format!("{err:#}")));
            error_code(&err).into()
        }
    }
}

/// The exit status of a failed command: 4 when another process holds the store, else 2.
pub fn error_code(err: &anyhow::Error) -> exit::Code {
    let busy = |e: &(dyn std::error::Error + 'static)| {
        let store = e
            .downcast_ref::<uptake_store::Error>()
            .or_else(|| match e.downcast_ref::<uptake_metrics::Error>() {
                Some(uptake_metrics::Error::Store(s)) => Some(s),
                _ => None,
            })
            .or_else(|| match e.downcast_ref::<uptake_ingest::Error>() {
                Some(uptake_ingest::Error::Store(s)) => Some(s),
                _ => None,
            })
            .or_else(|| match e.downcast_ref::<uptake_report::Error>() {
                Some(uptake_report::Error::Store(s)) => Some(s),
                Some(uptake_report::Error::Metrics(uptake_metrics::Error::Store(s))) => Some(s),
                _ => None,
            });
        matches!(store, Some(uptake_store::Error::Busy { .. }))
    };
    if err.chain().any(busy) {
        exit::Code::Busy
    } else {
        exit::Code::Usage
    }
}

/// A reader that stops early (`uptake status | head`) closes the pipe; like other
/// command-line tools, stop quietly with 141 (128 + SIGPIPE) instead of a panic report.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
