//! JSON Schemas (draft 2020-12) of the two exports, `postmortems.json` and
//! `trends.json`, written into every site next to the files they describe
//! so a dashboard script can validate what it reads. Hand-written beside
//! docs/src/json-output.md; tests/integration/json_schema.rs checks real builds
//! against them, with every object closed, so a new field fails that test
//! until it is described here.

use super::OutputFile;

/// Schema of `postmortems.json`.
pub const POSTMORTEMS: &str = include_str!("schema/postmortems.schema.json");

/// Schema of `trends.json` (and of `hindsight trends --format json`).
pub const TRENDS: &str = include_str!("schema/trends.schema.json");

/// The schema files of a site, named after the files they describe.
pub fn files() -> [OutputFile; 2] {
    [
        OutputFile::new("postmortems.schema.json", POSTMORTEMS.as_bytes().to_vec()),
        OutputFile::new("trends.schema.json", TRENDS.as_bytes().to_vec()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_json_and_name_their_file() {
        for (text, title) in [(POSTMORTEMS, "postmortems.json"), (TRENDS, "trends.json")] {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(v["title"].as_str().unwrap().ends_with(title));
            assert!(v["$schema"].as_str().unwrap().contains("2020-12"));
        }
    }
}
