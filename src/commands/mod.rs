//! Commands: thin wiring of the pipeline stages, one file per command.

pub mod build;
pub mod corpus;
pub mod progress;
pub mod scaffold;
pub mod search;
pub mod timing;
pub mod trends;
