//! YAML front matter read under a budget. Aliases (`*name`) and merge keys
//! (`<<: [*a, *a]`) replay an anchored node every time they are used, so a
//! few kilobytes can stand for gigabytes of values; serde_yaml_ng's own
//! repetition limit scales with the document and lets such a file through.
//! Counting the values as they are produced, aliases expanded, stops the
//! expansion as soon as it passes what any real front matter needs.

use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};
use serde_yaml_ng::{Mapping, Number, Value};
use std::cell::Cell;
use std::fmt;

/// Values (scalars, sequences and mappings, keys included) one front matter
/// may hold once its aliases are expanded.
pub const MAX_VALUES: usize = 20_000;
/// Bytes of text (keys and scalars) one front matter may hold once expanded.
pub const MAX_BYTES: usize = 512 * 1024;

/// What is left of the budget while one document is read.
struct Budget {
    values: Cell<usize>,
    bytes: Cell<usize>,
}

impl Budget {
    fn spend<E: serde::de::Error>(&self, bytes: usize) -> Result<(), E> {
        let values = self.values.get() + 1;
        let total = self.bytes.get().saturating_add(bytes);
        self.values.set(values);
        self.bytes.set(total);
        if values > MAX_VALUES || total > MAX_BYTES {
            return Err(E::custom(format!(
                "{OVER_BUDGET}: more than {MAX_VALUES} values or {} KiB of text once aliases (`*name`) and merge keys (`<<`) are expanded",
                MAX_BYTES / 1024
            )));
        }
        Ok(())
    }
}

/// Start of the message of a document over the budget, so callers can tell
/// it from a syntax error.
pub const OVER_BUDGET: &str = "front matter too large";

/// Parses one YAML document into a [`Value`], as `serde_yaml_ng::from_str`
/// does, failing once it grows past [`MAX_VALUES`] or [`MAX_BYTES`].
pub fn from_str(text: &str) -> Result<Value, serde_yaml_ng::Error> {
    let budget = Budget {
        values: Cell::new(0),
        bytes: Cell::new(0),
    };
    Seed(&budget).deserialize(serde_yaml_ng::Deserializer::from_str(text))
}

/// Deserializes one value, spending the budget.
#[derive(Clone, Copy)]
struct Seed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        self.0.spend(1)?;
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(u.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Value, E> {
        self.0.spend(8)?;
        Ok(Value::Number(Number::from(f)))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        self.0.spend(s.len())?;
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Value, E> {
        self.0.spend(s.len())?;
        Ok(Value::String(s))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.0.spend(0)?;
        Ok(Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.spend(0)?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.spend(0)?;
        let mut mapping = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            if mapping.contains_key(&key) {
                return Err(serde::de::Error::custom(duplicate(&key)));
            }
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag x`): hindsight drops tags, so keep the value.
        let (_tag, contents) = data.variant::<String>()?;
        contents.newtype_variant_seed(self)
    }
}

/// serde_yaml_ng's own words for a key written twice.
fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".into(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        _ => "duplicate entry in YAML map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_serde_yaml_ng() {
        for text in [
            "title: x\nn: 3\nf: 1.0\nneg: -2\nb: true\nnull_: ~\nlist: [a, 1]\nmap: {k: v}\n",
            "a: &x [1, 2]\nb: *x\n1: one\ntrue: yes\n",
            "tagged: !custom value\n",
            "",
            "- a\n- b\n",
        ] {
            let ours = from_str(text).unwrap();
            let theirs: Value = serde_yaml_ng::from_str(text).unwrap();
            assert_eq!(
                serde_yaml_ng::to_string(&ours).unwrap(),
                serde_yaml_ng::to_string(&theirs.clone())
                    .unwrap()
                    .replace("!custom ", ""),
                "{text:?}"
            );
        }
    }

    #[test]
    fn duplicate_keys_are_refused_as_before() {
        let ours = from_str("a: 1\na: 2\n").unwrap_err().to_string();
        let theirs = serde_yaml_ng::from_str::<Value>("a: 1\na: 2\n")
            .unwrap_err()
            .to_string();
        assert_eq!(ours, theirs);
    }

    /// An anchored map of `keys` keys, then `levels` levels each repeating
    /// the level below ten times through merge keys.
    pub(crate) fn merge_bomb(keys: usize, levels: usize) -> String {
        let mut y = String::from("base: &l0\n");
        for i in 0..keys {
            y.push_str(&format!("  k{i}: v\n"));
        }
        for l in 1..=levels {
            let refs = vec![format!("*l{}", l - 1); 10].join(", ");
            y.push_str(&format!("l{l}: &l{l}\n  <<: [{refs}]\n"));
        }
        y
    }

    #[test]
    fn alias_and_merge_bombs_stop_early() {
        let bomb = merge_bomb(1000, 5);
        assert!(bomb.len() < 16 * 1024, "{}", bomb.len());
        let e = from_str(&bomb).unwrap_err().to_string();
        assert!(e.contains(OVER_BUDGET), "{e}");
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (n, p) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            laughs.push_str(&format!(
                "{n}: &{n} [{}]\n",
                vec![format!("*{p}"); 10].join(", ")
            ));
        }
        assert!(from_str(&laughs).is_err());
        // A real front matter with a reused anchor is fine.
        assert!(from_str("owners: &o [a, b]\nreviewers: *o\n").is_ok());
    }
}
