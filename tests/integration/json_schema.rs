//! The JSON Schemas in every site describe the files the same build wrote:
//! the sample knowledge base and a small repository with the empty and
//! missing values a real one has are built, and `postmortems.json`,
//! `trends.json` and `hindsight trends` are validated against the schemas
//! the site holds. Objects are closed here (no field left undescribed), so
//! a new export field fails until the schema names it.

use crate::common::{build, hindsight, TestRepo, ALICE_NEW, BOB, DAY, T0};
use serde_json::Value;
use std::path::Path;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| panic!("{}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `schema` with `additionalProperties: false` on every object that lists
/// its properties and says nothing about others.
fn closed(mut schema: Value) -> Value {
    fn close(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(close);
            }
            Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut schema);
    schema
}

/// Validates `instance` against `schema` (closed), listing every error.
fn assert_valid(schema: &Value, instance: &Value, what: &str) {
    jsonschema::meta::validate(schema).unwrap_or_else(|e| panic!("{what}: schema invalid: {e}"));
    let validator = jsonschema::validator_for(&closed(schema.clone()))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// Whether `instance` breaks `schema` (closed): the check is not vacuous.
fn rejected(schema: &Value, instance: &Value) -> bool {
    !jsonschema::validator_for(&closed(schema.clone()))
        .unwrap()
        .is_valid(instance)
}

/// Builds `repo` into a temporary folder and validates its exports against
/// the schemas written beside them.
fn check_site(repo: &Path, extra: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = build(repo, &site, extra);
    assert!(run.code <= 1, "{}", run.stderr);
    for name in ["postmortems", "trends"] {
        let schema = read_json(&site.join(format!("{name}.schema.json")));
        let file = read_json(&site.join(format!("{name}.json")));
        assert_valid(&schema, &file, &format!("{}: {name}.json", repo.display()));
        // An undescribed field, in the file and deep inside it, is refused.
        let mut extra_top = file.clone();
        extra_top["surprise"] = Value::Bool(true);
        assert!(
            rejected(&schema, &extra_top),
            "{name}: extra top-level field accepted"
        );
        if name == "postmortems" {
            let mut deep = file.clone();
            deep["postmortems"][0]["action_items"] = serde_json::json!([{"text": 1}]);
            assert!(rejected(&schema, &deep), "a bad action item accepted");
        }
    }
    let mut args = vec!["trends", "--repo", repo.to_str().unwrap()];
    args.extend_from_slice(extra);
    let trends = hindsight(&args);
    assert_eq!(trends.code, 0, "{}", trends.stderr);
    let schema = read_json(&site.join("trends.schema.json"));
    let printed: Value = serde_json::from_str(&trends.stdout).unwrap();
    assert_valid(&schema, &printed, "hindsight trends");
}

#[test]
fn the_sample_knowledge_base_validates() {
    check_site(Path::new(env!("CARGO_MANIFEST_DIR")), &["--no-cache"]);
}

#[test]
fn a_small_repository_with_gaps_validates() {
    let r = TestRepo::new();
    r.write(
        "postmortems/2024-03-01-db.md",
        "---\ntitle: DB failover\nseverity: SEV1\nservices: [db]\nowner_team: storage\n---\n\
         # DB failover\n\n## Summary\nThe primary failed over.\n\n## Action Items\n\
         - [ ] @bob — add a failover drill (P2, 2024-04-01)\n- [ ] write it down\n\n\
         ## Timeline\n- 2024-03-01 10:00 UTC — primary down\n- 10:20 — replica promoted\n",
    );
    r.write(
        "postmortems/undated.md",
        "# Something broke\n\nNo date, no sections.\n",
    );
    r.commit("Add postmortems", ALICE_NEW, T0);
    let db = std::fs::read_to_string(r.path().join("postmortems/2024-03-01-db.md")).unwrap();
    r.write(
        "postmortems/2024-03-01-db.md",
        db.replace("- [ ] @bob", "- [x] @bob"),
    );
    r.commit("Tick the drill", BOB, T0 + 40 * DAY);
    r.write(
        "postmortems/2024-05-01-db-again.md",
        "# DB failover again\n\ndate: 2024-05-01\n\n## Summary\nThe primary failed over again.\n",
    );
    check_site(r.path(), &[]);
}
