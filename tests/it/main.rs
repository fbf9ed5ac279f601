//! End-to-end tests driving the `uptake` binary.

mod browser;
mod cli;
mod coverage;
mod everyday;
mod generate;
mod hostile_inputs;
mod ingest;
mod metrics;
mod native;
mod privacy;
mod report;
mod report_honesty;
mod roster;
mod slack;
mod spark;
mod support;
mod waves;
