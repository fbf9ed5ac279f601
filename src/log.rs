//! Diagnostics on stderr with `tracing`: `-v` says what each step did and how long it
//! took, `-vv` adds details (per file, per day), `-vvv` everything; `-q` keeps errors only.

use tracing_subscriber::fmt::time::Uptime;

pub fn init(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::INFO,
        (false, 2) => tracing::Level::DEBUG,
        (false, _) => tracing::Level::TRACE,
    };
    // Seconds since the start lead each line: a scheduled job's log shows where time went.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_timer(Uptime::default())
        .with_target(verbose >= 2)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
