//! The `uptake` command line: adoption analytics for collaboration-tool roll-outs.

mod cli;
mod cmd;
mod config;
mod exit;

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_broken_pipe();
    match cmd::run() {
        Ok(code) => code.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            exit::Code::Usage.into()
        }
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
