//! End-to-end tests driving the `uptake` binary.

mod cli;
mod everyday;
mod generate;
mod hostile_inputs;
mod ingest;
mod metrics;
mod native;
mod report;
mod roster;
mod slack;
mod spark;
mod support;
mod waves;
