//! Hindsight's integration tests, one module per area, linked into one
//! test binary: each module builds real temporary git repositories and runs
//! the real `hindsight` binary or the library on them. One binary links the
//! crate once instead of once per area. Run one area with
//! `cargo test --release --test integration <module>::`.

mod common;
#[path = "../support/fuzz_checks.rs"]
mod fuzz_checks;

mod assets;
mod build_bad_input;
mod build_history;
mod build_site;
mod check;
mod cli_conventions;
mod clusters;
mod described_history;
mod first_steps;
mod fuzz_regressions;
mod git_edge_cases;
mod hostile_paths;
mod hostile_red_team;
mod incremental;
mod json_schema;
mod limits;
mod list_pages;
mod nothing_lost;
mod reader_pages;
mod reading_club;
mod real_shapes;
mod review;
mod serve;
mod trends;
