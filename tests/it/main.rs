//! End-to-end tests driving the `uptake` binary.

mod cli;
mod generate;
mod ingest;
mod roster;
mod support;
