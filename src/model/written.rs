//! The front-matter keys a postmortem shows as written, declared once.
//!
//! A key added to the `written_keys!` list below is read from front matter
//! and from "Key: value" lines (with its aliases, if `parse::key_aliases`
//! lists any; `featured` is read from front matter only, so a sentence in
//! the text cannot make a pick), is part of every postmortem page's
//! template context (`pm.<key>`) and is a field of `postmortems.json`.
//! Keys that parsing resolves into something else (title, date, severity,
//! id, summary, the curator's note) stay in [`super::Meta`]. The tests
//! here and beside the export and the page view fail when a key repeats
//! one of theirs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A front-matter value read into a field of [`Written`].
pub trait FrontValue: Default {
    /// The field's value from a front-matter value.
    fn from_front(v: &serde_json::Value) -> Self;
    /// Whether the field holds nothing.
    fn is_unset(&self) -> bool;
}

impl FrontValue for Option<String> {
    fn from_front(v: &serde_json::Value) -> Self {
        let s = display(v).trim().to_string();
        (!s.is_empty()).then_some(s)
    }
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl FrontValue for Vec<String> {
    /// Sequences item by item, strings split on commas.
    fn from_front(v: &serde_json::Value) -> Self {
        match v {
            serde_json::Value::Array(a) => {
                a.iter().map(display).filter(|s| !s.is_empty()).collect()
            }
            serde_json::Value::Null => Vec::new(),
            other => display(other)
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

/// A front-matter value as one display string.
pub fn display(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(display).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

macro_rules! written_keys {
    ($($(#[doc = $doc:literal])* $key:ident: $ty:ty,)*) => {
        /// Front-matter values shown as written: on the postmortem page and
        /// in `postmortems.json`. Every field is optional: what a file does
        /// not say stays unknown.
        #[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
        pub struct Written {
            $($(#[doc = $doc])* pub $key: $ty,)*
            /// Keys the tool does not know, kept as display strings.
            pub extra: BTreeMap<String, String>,
        }

        impl Written {
            /// The canonical keys, in the order they are declared.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

            /// Sets `key` from a front-matter value; false when `key` is
            /// not one of [`Written::KEYS`].
            pub fn set(&mut self, key: &str, v: &serde_json::Value) -> bool {
                match key {
                    $(stringify!($key) => self.$key = FrontValue::from_front(v),)*
                    _ => return false,
                }
                true
            }

            /// Whether `key` is one of [`Written::KEYS`] and holds nothing yet.
            pub fn is_unset(&self, key: &str) -> bool {
                match key {
                    $(stringify!($key) => FrontValue::is_unset(&self.$key),)*
                    _ => false,
                }
            }
        }
    };
}

// The order is the order of the fields in postmortems.json.
written_keys! {
    /// Status as written, e.g. draft or final (`status`).
    status: Option<String>,
    /// Affected services (`services`); empty when not stated.
    services: Vec<String>,
    /// Free-form tags (`tags`); empty when not stated.
    tags: Vec<String>,
    /// Categories (`categories` or `category`); empty when not stated.
    categories: Vec<String>,
    /// Authors (`authors` and aliases such as `owner`, `written_by`); empty when not stated.
    authors: Vec<String>,
    /// Category of the root cause (`root_cause_category`, `cause_category`).
    root_cause_category: Option<String>,
    /// The month this postmortem is the pick of, as written (`featured`, `potm`).
    featured: Option<String>,
    /// When the incident started, as written (`started`, `start_time`, `occurred_at`, …).
    started: Option<String>,
    /// When the incident was detected, as written (`detected`, `discovered_at`, …).
    detected: Option<String>,
    /// When the impact was mitigated, as written (`mitigated`, `mitigated_at`).
    mitigated: Option<String>,
    /// When the incident was resolved, as written (`resolved`, `end_time`, …).
    resolved: Option<String>,
}

/// The top-level keys of the JSON object `json`, in the order written and
/// with repeats kept (a parsed map keeps only the last of a repeat).
#[cfg(test)]
pub(crate) fn top_level_keys(json: &[u8]) -> Vec<String> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                keys.push(key);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    de.deserialize_map(Keys).expect("a JSON object")
}

/// Fails, naming them, when `keys` holds a key twice.
#[cfg(test)]
pub(crate) fn assert_no_repeats(keys: &[String]) {
    let mut seen = std::collections::BTreeSet::new();
    let repeats: Vec<&String> = keys.iter().filter(|k| !seen.insert(*k)).collect();
    assert!(repeats.is_empty(), "keys written twice: {repeats:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn no_written_key_is_one_meta_resolves() {
        let meta = serde_json::to_vec(&super::super::Meta::default()).unwrap();
        let own: Vec<String> = top_level_keys(&meta);
        assert!(own.contains(&"written".to_string()));
        for key in Written::KEYS {
            assert!(!own.contains(&key.to_string()), "`{key}` is Meta's own");
        }
    }

    #[test]
    fn a_declared_key_is_set_and_reported_unset() {
        let mut w = Written::default();
        assert!(w.is_unset("services"));
        assert!(w.set("services", &json!("api, db")));
        assert_eq!(w.services, ["api", "db"]);
        assert!(!w.is_unset("services"));
        assert!(w.set("status", &json!(" final ")));
        assert_eq!(w.status.as_deref(), Some("final"));
    }

    #[test]
    fn other_keys_are_not_written_keys() {
        let mut w = Written::default();
        assert!(!w.set("title", &json!("x")));
        assert!(!w.is_unset("title"));
        assert!(!Written::KEYS.contains(&"extra"));
        assert_eq!(w, Written::default());
    }
}
