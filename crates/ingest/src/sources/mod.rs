//! One module per kind of export (mapping tables in docs/sources/).

pub mod generic;
pub mod slack;
