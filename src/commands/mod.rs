//! Commands: thin wiring of the pipeline stages, one file per command.

pub mod build;
pub mod check;
pub mod cli_docs;
pub mod corpus;
pub mod explain;
pub mod first_steps;
pub mod progress;
pub mod review;
pub mod scaffold;
pub mod search;
mod search_index;
pub mod serve;
mod serve_http;
pub mod trends;
