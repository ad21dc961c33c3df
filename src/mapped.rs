//! Values decoded from a cache file mapped into memory that stay in it.
//!
//! A rebuild reads hundreds of megabytes of cached postmortems and rendered
//! bytes, most of which it never looks at (the pages made from them are
//! kept). Copying them into the heap is most of the cost of reading them. So
//! while the cache decodes a mapped file ([`decoding_from`]), strings and
//! byte strings of the types that opt in ([`crate::model::Text`], [`Bytes`])
//! point into the mapping instead; the mapping lives as long as any of them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;

/// Bytes that values can point into: a cache file mapped into memory. Such
/// a file is only ever replaced by a rename, never changed in place.
pub type Source = Arc<dyn AsRef<[u8]> + Send + Sync>;

thread_local! {
    /// The source being decoded on this thread, with its address range.
    static DECODING: RefCell<Option<(Source, usize, usize)>> = const { RefCell::new(None) };
}

/// Runs `decode`, in which every value that opts in and is borrowed from
/// `source`'s bytes points into `source` instead of being copied.
pub fn decoding_from<R>(source: Source, decode: impl FnOnce() -> R) -> R {
    struct Restore(Option<(Source, usize, usize)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            DECODING.with(|d| *d.borrow_mut() = previous);
        }
    }
    let bytes = (*source).as_ref();
    let (base, len) = (bytes.as_ptr() as usize, bytes.len());
    let _restore = Restore(DECODING.with(|d| d.borrow_mut().replace((source, base, len))));
    decode()
}

/// A range of the source being decoded, when `bytes` lie in it.
pub(crate) fn range_of(bytes: &[u8]) -> Option<Range> {
    let at = bytes.as_ptr() as usize;
    DECODING.with(|d| {
        d.borrow().as_ref().and_then(|(source, base, len)| {
            (at >= *base && at + bytes.len() <= base + len).then(|| Range {
                source: Arc::clone(source),
                start: at - base,
                len: bytes.len(),
            })
        })
    })
}

/// Bytes at `start..start + len` of a source.
#[derive(Clone)]
pub(crate) struct Range {
    source: Source,
    start: usize,
    len: usize,
}

impl Range {
    /// The bytes (empty if the source is shorter, which cannot happen for
    /// a range made by [`range_of`]).
    pub(crate) fn bytes(&self) -> &[u8] {
        (*self.source)
            .as_ref()
            .get(self.start..self.start + self.len)
            .unwrap_or_default()
    }
}

/// A byte string owned, or a range of a mapped cache file.
#[derive(Clone)]
pub struct Bytes(BytesRepr);

#[derive(Clone)]
enum BytesRepr {
    Owned(Arc<Vec<u8>>),
    Mapped(Range),
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes(BytesRepr::Owned(Arc::new(v)))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            BytesRepr::Owned(v) => v,
            BytesRepr::Mapped(r) => r.bytes(),
        }
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self)
    }
}

struct BytesVisitor;

impl<'de> serde::de::Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Bytes, E> {
        Ok(range_of(v).map_or_else(|| Bytes::from(v.to_vec()), |r| Bytes(BytesRepr::Mapped(r))))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
        Ok(Bytes::from(v.to_vec()))
    }

    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
        Ok(Bytes::from(v))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        d.deserialize_bytes(BytesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decoded_from_a_source_point_into_it() {
        let value = (7u32, Bytes::from(b"abc".to_vec()));
        let encoded = postcard::to_stdvec(&value).unwrap();
        let source: Source = Arc::new(encoded.clone());
        let (n, b): (u32, Bytes) = decoding_from(Arc::clone(&source), || {
            postcard::from_bytes((*source).as_ref())
        })
        .unwrap();
        assert_eq!((n, &*b), (7, &b"abc"[..]));
        assert!(matches!(b.0, BytesRepr::Mapped(_)));
        assert_eq!(postcard::to_stdvec(&(n, &b)).unwrap(), encoded);
        let (_, owned): (u32, Bytes) = postcard::from_bytes(&encoded).unwrap();
        assert!(matches!(owned.0, BytesRepr::Owned(_)));
        assert_eq!(&*owned, b"abc");
    }
}
