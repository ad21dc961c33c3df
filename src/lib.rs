//! Hindsight turns a git repository of incident postmortems into a static,
//! searchable knowledge base.
//!
//! Data flows one way: [`source`] (load files and git history) → [`parse`]
//! (one file → [`model::Postmortem`]) → [`site`] (render and write).
//! [`commands`] wires the stages together for the CLI.

pub mod analyze;
pub mod cache;
pub mod check;
pub mod color;
pub mod commands;
pub mod config;
pub mod controls;
pub mod fingerprint;
pub mod links;
pub mod mapped;
pub mod model;
pub mod parse;
pub mod site;
pub mod slug;
pub mod source;
pub mod timing;
