//! Fingerprints: 128-bit xxh3 hashes of a stage's inputs, fast and stable
//! across runs, machines and compiler versions (unlike std's hasher). A
//! leaf every stage may use: the build cache keys its files by them, and
//! stages name what they were computed from with them.

use serde::Serialize;

/// A 128-bit fingerprint of some inputs (xxh3: fast and stable across runs,
/// machines and compiler versions, unlike std's hasher).
pub type Fingerprint = u128;

/// Builds a [`Fingerprint`] from parts fed in order.
#[derive(Default)]
pub struct Hasher(xxhash_rust::xxh3::Xxh3);

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Hasher {
        Hasher::default()
    }
    /// Adds bytes, length-prefixed so that ("ab","c") and ("a","bc") differ.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }
    /// Adds the bytes of `pieces` one after the other, as [`Hasher::bytes`]
    /// adds them joined.
    pub fn pieces<'a>(&mut self, pieces: impl Iterator<Item = &'a [u8]> + Clone) -> &mut Self {
        let len: usize = pieces.clone().map(<[u8]>::len).sum();
        self.0.update(&(len as u64).to_le_bytes());
        for p in pieces {
            self.0.update(p);
        }
        self
    }
    /// Adds a string.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }
    /// Adds a number.
    pub fn u128(&mut self, n: u128) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }
    /// Adds any serializable value (its compact encoding; JSON for what
    /// that cannot encode, such as sequences of unknown length). A value
    /// neither can encode adds a part unique to this call, so a fingerprint
    /// that cannot be taken never matches one stored: the work is redone.
    pub fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> &mut Self {
        if let Ok(bytes) = postcard::to_stdvec(v) {
            return self.str("p").bytes(&bytes);
        }
        if let Ok(bytes) = serde_json::to_vec(v) {
            return self.str("j").bytes(&bytes);
        }
        debug_assert!(false, "a value that cannot be fingerprinted");
        self.str("u").u128(unique())
    }
    /// The fingerprint of everything added.
    pub fn finish(&self) -> Fingerprint {
        self.0.digest128()
    }
}

/// Fingerprint of one byte string.
pub fn fingerprint(b: &[u8]) -> Fingerprint {
    xxhash_rust::xxh3::xxh3_128(b)
}

/// A fingerprint no other call gives (in practice): the time, the process
/// and a counter. Never 0.
pub fn unique() -> Fingerprint {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Hasher::new()
        .u128(ns)
        .u128(std::process::id().into())
        .u128(n.into())
        .finish()
        .max(1)
}
