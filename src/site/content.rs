//! What a file of the built site holds: bytes in one buffer, or in pieces
//! written one after the other where they are. postmortems.json is joined
//! from one memoized entry per postmortem (63 MB at 10,000 postmortems);
//! copying the entries into one buffer before writing them cost a copy of
//! the file and the fresh memory for it on every build.

use crate::fingerprint::{Fingerprint, Hasher};
use crate::mapped::Bytes;
use std::borrow::Cow;
use std::io::{IoSlice, Write};
use std::path::Path;

/// The bytes of one output file.
#[derive(Clone)]
pub enum Content {
    /// In one buffer.
    Whole(Vec<u8>),
    /// In pieces, one after the other.
    Pieces(Vec<Bytes>),
}

impl Content {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Content::Whole(b) => b.len(),
            Content::Pieces(p) => p.iter().map(|b| b.len()).sum(),
        }
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All the bytes in one slice (joined when in pieces).
    pub fn whole(&self) -> Cow<'_, [u8]> {
        match self {
            Content::Whole(b) => Cow::Borrowed(b),
            Content::Pieces(p) => {
                let mut out = Vec::with_capacity(self.len());
                for b in p {
                    out.extend_from_slice(b);
                }
                Cow::Owned(out)
            }
        }
    }

    /// Fingerprint of the bytes (the same for a file whole or in pieces),
    /// domain-separated from fingerprints of inputs.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut h = Hasher::new();
        h.str("bytes");
        match self {
            Content::Whole(b) => h.bytes(b),
            Content::Pieces(p) => h.pieces(p.iter().map(|b| &b[..])),
        };
        h.finish()
    }

    /// Creates (or truncates) the file at `path` with these bytes; pieces
    /// go to the kernel as they are, many per call.
    pub fn write_to(&self, path: &Path) -> std::io::Result<()> {
        match self {
            Content::Whole(b) => std::fs::write(path, b),
            Content::Pieces(p) => {
                let mut file = std::fs::File::create(path)?;
                // At most IOV_MAX (1024 on Linux) slices a call.
                for chunk in p.chunks(1024) {
                    let mut slices: Vec<IoSlice<'_>> =
                        chunk.iter().map(|b| IoSlice::new(b)).collect();
                    let mut rest = &mut slices[..];
                    while !rest.is_empty() {
                        match file.write_vectored(rest) {
                            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                            Ok(n) => IoSlice::advance_slices(&mut rest, n),
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

impl From<Vec<u8>> for Content {
    fn from(b: Vec<u8>) -> Self {
        Content::Whole(b)
    }
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Content({} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_write_and_fingerprint_like_the_whole() {
        let parts: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| format!("{{\"n\":{i}}},").into_bytes())
            .collect();
        let whole = Content::Whole(parts.concat());
        let pieces = Content::Pieces(parts.iter().cloned().map(Bytes::from).collect());
        assert_eq!(pieces.len(), whole.len());
        assert_eq!(pieces.whole(), whole.whole());
        assert_eq!(pieces.fingerprint(), whole.fingerprint());
        assert_ne!(
            Content::Whole(b"ab".to_vec()).fingerprint(),
            Content::Whole(b"ac".to_vec()).fingerprint()
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, "old, longer than nothing").unwrap();
        pieces.write_to(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), parts.concat());
        Content::Pieces(Vec::new()).write_to(&path).unwrap();
        assert!(std::fs::read(&path).unwrap().is_empty());
    }
}
