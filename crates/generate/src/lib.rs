//! A synthetic organisation rolling out collaboration tools, for samples, tests and
//! benchmarks.
//!
//! [`generate`] builds an organisation (departments of different digital maturity, a
//! manager hierarchy, ambassadors, a volunteer pilot group, staged waves, a field
//! population out of the initial scope, hires and leavers) and simulates adoption day
//! by day as a contagion: a person's chance to start grows with the share of their team
//! already active, and more when their manager or a team ambassador is active. Events
//! stream to disk as they are simulated, so memory stays bounded by the head-count.
//! People address one another (replies, comments) within their team, their department
//! and the departments theirs works with; partners' guests join from outside the roster.
//! The same seed always gives the same files.

mod contacts;
mod error;
mod names;
mod native;
mod org;
mod params;
mod simulate;
mod sink;

pub use error::{Error, Result};
pub use params::{GenerateOptions, OutputFormat};
pub use simulate::{GenerateSummary, generate};
