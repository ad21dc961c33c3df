//! Long text of a postmortem (its Markdown body, each section's plain text)
//! that a rebuild mostly never reads: the pages made from it are kept, its
//! search terms and related incidents are cached. Text read from the build
//! cache therefore stays where it is, in the mapped cache file
//! ([`crate::mapped`]), and is only looked at when something asks for it;
//! the rest of the postmortem is decoded as usual. That halves what a
//! rebuild of 10,000 postmortems reads into memory.
//!
//! [`Text`] reads like a `str` (it derefs to one) and serializes as a plain
//! string, so JSON output and fingerprints are the same as for a `String`.

use crate::mapped::{range_of, Range};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string owned, or a range of a mapped cache file.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// Checked as UTF-8 when read (an invalid range reads as "", which a
    /// cache file that passed its checksum cannot hold).
    Mapped(Range),
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Mapped(r) => std::str::from_utf8(r.bytes()).unwrap_or_default(),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Owned(String::new()))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Owned(s.to_string()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text, E> {
        Ok(range_of(v.as_bytes()).map_or_else(|| Text::from(v), |r| Text(Repr::Mapped(r))))
    }

    fn visit_str<E>(self, v: &str) -> Result<Text, E> {
        Ok(Text::from(v))
    }

    fn visit_string<E>(self, v: String) -> Result<Text, E> {
        Ok(Text::from(v))
    }

    // Binary formats (the cache) hand strings over as bytes: text kept in
    // the mapping is checked as UTF-8 when read (`as_str`), not also here,
    // which saves checking every body on every rebuild.
    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Text, E> {
        match range_of(v) {
            Some(r) => Ok(Text(Repr::Mapped(r))),
            None => self.visit_bytes(v),
        }
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Text, E> {
        std::str::from_utf8(v)
            .map(Text::from)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        // A binary format encodes a string like a byte string (postcard: a
        // length and the bytes), so reading it as bytes gives the same
        // value without a second UTF-8 check.
        if d.is_human_readable() {
            d.deserialize_str(TextVisitor)
        } else {
            d.deserialize_bytes(TextVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapped::{decoding_from, Source};
    use std::sync::Arc;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Doc {
        title: String,
        body: Text,
    }

    #[test]
    fn decoded_from_a_source_it_points_into_it_and_reads_the_same() {
        let doc = Doc {
            title: "t".into(),
            body: "ünïcode body".into(),
        };
        let bytes = postcard::to_stdvec(&doc).unwrap();
        let source: Source = Arc::new(bytes);
        let back: Doc = decoding_from(Arc::clone(&source), || {
            postcard::from_bytes((*source).as_ref())
        })
        .unwrap();
        assert!(matches!(back.body.0, Repr::Mapped(_)));
        assert_eq!(back, doc);
        assert_eq!(
            postcard::to_stdvec(&back).unwrap(),
            postcard::to_stdvec(&doc).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&back.body).unwrap(),
            "\"ünïcode body\""
        );
        // Outside `decoding_from` (or from another format) it is owned.
        let owned: Doc = postcard::from_bytes((*source).as_ref()).unwrap();
        assert!(matches!(owned.body.0, Repr::Owned(_)));
        let json: Doc = serde_json::from_str(r#"{"title":"t","body":"ünïcode body"}"#).unwrap();
        assert_eq!(json, doc);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_unless_kept_mapped() {
        let bytes = postcard::to_stdvec(&(1u8, &b"ok \xff"[..])).unwrap();
        assert!(postcard::from_bytes::<(u8, Text)>(&bytes).is_err());
        let source: Source = Arc::new(bytes);
        let (_, mapped): (u8, Text) = decoding_from(Arc::clone(&source), || {
            postcard::from_bytes((*source).as_ref())
        })
        .unwrap();
        // Checked when read: never an invalid `str`.
        assert_eq!(mapped.as_str(), "");
    }
}
