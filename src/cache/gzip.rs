//! Compressed bytes by the fingerprint of what was compressed: the static
//! search index is hundreds of gzipped files, and an edit changes only some
//! of them.

use super::memo::Memo;
use super::{fingerprint, Cache};

/// A compression memo for one build.
#[derive(Default)]
pub struct GzipMemo(Memo);

impl GzipMemo {
    /// The previous build's memo (empty without a cache).
    pub fn load(cache: &Cache) -> GzipMemo {
        GzipMemo(Memo::load(cache, "gzip"))
    }

    /// `compress(bytes)`, or what it gave last time for the same bytes.
    pub fn get(&self, bytes: &[u8], compress: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
        self.0.get(fingerprint(bytes), || compress(bytes)).to_vec()
    }

    /// Keeps what this build used.
    pub fn save(&self, cache: &Cache) {
        self.0.save(cache);
    }
}
