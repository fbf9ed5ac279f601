//! How long steps (ingest, rollup, generate, report) tell a caller how far they have
//! got. The library crates only count; the command line draws the bars.

use std::sync::Arc;

/// What a step counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Days,
    Files,
    Steps,
}

/// Receives the progress of long steps. Every method has a do-nothing default.
pub trait Progress: Send + Sync {
    /// A step starts with `total` units to do (0 when unknown).
    fn begin(&self, _step: &str, _total: u64, _unit: Unit) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
    /// The step is over.
    fn end(&self) {}
}

/// A shareable progress receiver; the default reports nowhere.
#[derive(Clone)]
pub struct ProgressHandle(pub Arc<dyn Progress>);

struct Silent;
impl Progress for Silent {}

impl Default for ProgressHandle {
    fn default() -> Self {
        ProgressHandle(Arc::new(Silent))
    }
}

impl std::fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHandle")
    }
}

impl std::ops::Deref for ProgressHandle {
    type Target = dyn Progress;
    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}
