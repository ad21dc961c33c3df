//! Commands: thin wiring of the pipeline stages, one file per command.

pub mod build;
pub mod check;
pub mod corpus;
pub mod progress;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod timing;
pub mod trends;
