//! Each roster person's standing at the as-of date: activated, active, ghost.

use crate::activity::{active_in, first_last};
use crate::calendar::Day;
use crate::population::Member;

/// Windows and thresholds of the definitions (docs/metrics.md); each is an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// Days in the active window ending at the as-of date (28).
    pub active_days: i32,
    /// Days after registration before an inactive person counts as a ghost (14).
    pub grace_days: i32,
    /// Groups with fewer eligible people are suppressed (5).
    pub min_group: usize,
}

impl Default for Windows {
    fn default() -> Self {
        Windows {
            active_days: 28,
            grace_days: 14,
            min_group: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GhostKind {
    /// Never active up to the as-of date.
    Never,
    /// Activated once, not active in the window.
    Lapsed,
}

impl GhostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GhostKind::Never => "never",
            GhostKind::Lapsed => "lapsed",
        }
    }
}

/// A person's standing at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub eligible: bool,
    pub first_active: Option<Day>,
    pub last_active: Option<Day>,
    /// Active in `[as_of - active_days + 1, as_of]`.
    pub active: bool,
    pub ghost: Option<GhostKind>,
}

impl Standing {
    pub fn activated(&self) -> bool {
        self.first_active.is_some()
    }

    /// first_active - registered_at in days (negative when use came first).
    pub fn days_to_activation(&self, m: &Member<'_>) -> Option<i32> {
        self.first_active.map(|f| f - m.registered)
    }
}

pub fn standing(m: &Member<'_>, as_of: Day, w: &Windows) -> Standing {
    let eligible = m.eligible_on(as_of);
    let (first_active, last_active) = match first_last(m.days, as_of) {
        Some((f, l)) => (Some(f), Some(l)),
        None => (None, None),
    };
    let active = active_in(m.days, as_of - w.active_days + 1, as_of);
    let ghost = if eligible && m.registered <= as_of - w.grace_days && !active {
        Some(if first_active.is_some() {
            GhostKind::Lapsed
        } else {
            GhostKind::Never
        })
    } else {
        None
    };
    Standing {
        eligible,
        first_active,
        last_active,
        active,
        ghost,
    }
}
