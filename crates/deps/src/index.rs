//! The registry name index: one file per ecosystem, a small header followed by an `fst` map
//! from normalized package name to packed popularity rank and first-release date, and the
//! ranked popular names used for look-alike checks.
//!
//! Layout (integers little-endian):
//!
//! ```text
//! magic      8  b"PVNAMEIX"
//! version    2  FORMAT_VERSION
//! ecosystem  1  1 pypi, 2 npm, 3 crates, 4 go
//! coverage   1  0 complete, 1 popular (every package above a popularity floor), 2 sample
//! flags      1  bit 0: entries carry first-release dates
//! reserved   3  zero
//! snapshot   4  days since 1970-01-01 of the listing
//! count      8  names in the map
//! map_len    8  bytes of the fst map
//! pop_len    8  bytes of the popular section
//! checksum   8  over the description, map and popular sections (see `checksum`)
//! desc_len   2  bytes of the description
//! desc          UTF-8: what the listing covers, one line
//! map           fst::Map: name → value (bits 0–23 rank, 0 = unranked; 24–47 first-release
//!               day + 1, 0 = unknown)
//! popular       names by rank, `\n`-separated
//! ```

use crate::Ecosystem;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The index file's magic bytes.
pub const MAGIC: &[u8; 8] = b"PVNAMEIX";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u16 = 1;
const HEADER: usize = 8 + 2 + 1 + 1 + 1 + 3 + 4 + 8 + 8 + 8 + 8 + 2;
const RANK_BITS: u64 = 24;
const RANK_MASK: u64 = (1 << RANK_BITS) - 1;

/// How much of an ecosystem an index lists: what the absence of a name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every name the registry had at the snapshot: an absent name did not exist then.
    Complete,
    /// Every package above a popularity floor (the description says which): an absent name
    /// is invented, or too little used to be in the listing.
    Popular,
    /// Some names only: absence says nothing.
    Sample,
}

impl Coverage {
    fn code(self) -> u8 {
        match self {
            Coverage::Complete => 0,
            Coverage::Popular => 1,
            Coverage::Sample => 2,
        }
    }

    fn from_code(c: u8) -> Option<Coverage> {
        [Coverage::Complete, Coverage::Popular, Coverage::Sample]
            .into_iter()
            .find(|k| k.code() == c)
    }

    /// `complete`, or `partial` for the other two.
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Complete => "complete",
            Coverage::Popular | Coverage::Sample => "partial",
        }
    }
}

/// What is wrong with an index file. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file could not be read.
    #[error("{path}: cannot read the registry index: {source}")]
    Read {
        /// The index file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file does not start with [`MAGIC`].
    #[error("{path}: not a provenance registry index (wrong magic bytes)")]
    WrongMagic {
        /// The index file.
        path: PathBuf,
    },
    /// The file is of another format version.
    #[error("{path}: registry index format version {found}, this provenance reads version {expected}; rebuild it with `provenance registry update`")]
    WrongVersion {
        /// The index file.
        path: PathBuf,
        /// The version in the file.
        found: u16,
        /// [`FORMAT_VERSION`].
        expected: u16,
    },
    /// The file is shorter than its header says.
    #[error("{path}: registry index truncated ({found} bytes, the header says {expected})")]
    Truncated {
        /// The index file.
        path: PathBuf,
        /// Its length.
        found: usize,
        /// The length the header implies.
        expected: usize,
    },
    /// The header, checksum or map is inconsistent.
    #[error("{path}: registry index corrupt: {reason}")]
    Corrupt {
        /// The index file.
        path: PathBuf,
        /// What did not check out.
        reason: String,
    },
    /// An index for another ecosystem was found where this one was expected.
    #[error("{path}: a {found} index where a {expected} index was expected")]
    WrongEcosystem {
        /// The index file.
        path: PathBuf,
        /// The ecosystem in the header.
        found: Ecosystem,
        /// The ecosystem wanted.
        expected: Ecosystem,
    },
}

/// One package: its rank among the most used (1 = most used) and first-release date, when
/// the listing has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// 1-based popularity rank; `None` when unranked.
    pub rank: Option<u32>,
    /// The day the package first appeared, when the listing says.
    pub first_release: Option<NaiveDate>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn day_number(d: NaiveDate) -> u32 {
    u32::try_from((d - epoch()).num_days()).unwrap_or(0)
}

fn from_day_number(n: u32) -> Option<NaiveDate> {
    epoch().checked_add_days(chrono::Days::new(u64::from(n)))
}

impl Entry {
    fn pack(self) -> u64 {
        let rank = u64::from(self.rank.unwrap_or(0)).min(RANK_MASK);
        let day = self
            .first_release
            .map_or(0, |d| u64::from(day_number(d)) + 1);
        rank | (day << RANK_BITS)
    }

    fn unpack(v: u64) -> Entry {
        let rank = (v & RANK_MASK) as u32;
        let day = (v >> RANK_BITS) as u32;
        Entry {
            rank: (rank > 0).then_some(rank),
            first_release: if day > 0 {
                from_day_number(day - 1)
            } else {
                None
            },
        }
    }
}

/// The map's bytes: a range of the whole file, which is kept once (built in: borrowed).
#[derive(Debug)]
pub(crate) struct Section {
    bytes: Cow<'static, [u8]>,
    start: usize,
    end: usize,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[self.start..self.end]
    }
}

/// What an index says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexMeta {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// How much of the ecosystem it lists.
    pub coverage: Coverage,
    /// The day the listing was taken.
    pub snapshot: NaiveDate,
    /// What the listing covers, one line (e.g. "every npm package with ≥ 496 downloads a month").
    pub description: String,
    /// Names listed.
    pub count: u64,
    /// Whether entries carry first-release dates.
    pub has_dates: bool,
}

/// A loaded index: header, map and popular names.
#[derive(Debug)]
pub struct Index {
    meta: IndexMeta,
    map: fst::Map<Section>,
    popular: Vec<String>,
    /// Where it was read from (`None`: built into provenance).
    source: Option<PathBuf>,
}

/// 64-bit checksum of the sections: a multiply-xor over 8-byte words (fast enough to check
/// on every load: under 1 ms for a 5 MB index), enough to catch truncation and bit rot.
fn checksum(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        let mut chunks = part.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x0000_0100_0000_01b3);
            h ^= h >> 29;
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        h = h.rotate_left(7) ^ part.len() as u64;
    }
    h
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    let mut w = [0u8; 2];
    w.copy_from_slice(&b[at..at + 2]);
    u16::from_le_bytes(w)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

impl Index {
    /// Read and check an index file.
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        let bytes = std::fs::read(path).map_err(|source| IndexError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut index = Index::from_bytes(bytes, path)?;
        index.source = Some(path.to_path_buf());
        Ok(index)
    }

    /// Parse an index from its bytes; `path` names it in errors.
    pub fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Index, IndexError> {
        Index::parse(Cow::Owned(bytes), path, true)
    }

    /// Like [`Index::open`], without recomputing the checksum: for a file already verified
    /// (see [`crate::Registry`]); structure, lengths and versions are still checked.
    pub fn open_verified(path: &Path) -> Result<Index, IndexError> {
        let bytes = std::fs::read(path).map_err(|source| IndexError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut index = Index::parse(Cow::Owned(bytes), path, false)?;
        index.source = Some(path.to_path_buf());
        Ok(index)
    }

    /// An index built into the binary: borrowed, not copied, and its checksum not recomputed
    /// on every load (a unit test checks the shipped files).
    pub fn from_static(bytes: &'static [u8], name: &str) -> Result<Index, IndexError> {
        Index::parse(Cow::Borrowed(bytes), Path::new(name), false)
    }

    fn parse(bytes: Cow<'static, [u8]>, path: &Path, verify: bool) -> Result<Index, IndexError> {
        let p = || path.to_path_buf();
        if bytes.len() < 10 || &bytes[..8] != MAGIC {
            if bytes.len() < 10 && MAGIC.starts_with(&bytes) {
                return Err(IndexError::Truncated {
                    path: p(),
                    found: bytes.len(),
                    expected: HEADER,
                });
            }
            return Err(IndexError::WrongMagic { path: p() });
        }
        let version = u16_at(&bytes, 8);
        if version != FORMAT_VERSION {
            return Err(IndexError::WrongVersion {
                path: p(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        if bytes.len() < HEADER {
            return Err(IndexError::Truncated {
                path: p(),
                found: bytes.len(),
                expected: HEADER,
            });
        }
        let corrupt = |reason: &str| IndexError::Corrupt {
            path: p(),
            reason: reason.to_string(),
        };
        let ecosystem =
            Ecosystem::from_code(bytes[10]).ok_or_else(|| corrupt("unknown ecosystem code"))?;
        let coverage =
            Coverage::from_code(bytes[11]).ok_or_else(|| corrupt("unknown coverage code"))?;
        let has_dates = bytes[12] & 1 == 1;
        let snapshot = from_day_number(u32_at(&bytes, 16))
            .ok_or_else(|| corrupt("snapshot date out of range"))?;
        let count = u64_at(&bytes, 20);
        let map_len = usize::try_from(u64_at(&bytes, 28)).map_err(|_| corrupt("map length"))?;
        let pop_len = usize::try_from(u64_at(&bytes, 36)).map_err(|_| corrupt("popular length"))?;
        let sum = u64_at(&bytes, 44);
        let desc_len = usize::from(u16_at(&bytes, 52));
        let expected = HEADER
            .checked_add(desc_len)
            .and_then(|n| n.checked_add(map_len))
            .and_then(|n| n.checked_add(pop_len))
            .ok_or_else(|| corrupt("section lengths overflow"))?;
        if bytes.len() < expected {
            return Err(IndexError::Truncated {
                path: p(),
                found: bytes.len(),
                expected,
            });
        }
        if bytes.len() > expected {
            return Err(corrupt("trailing bytes after the last section"));
        }
        let desc_end = HEADER + desc_len;
        let map_end = desc_end + map_len;
        let description = std::str::from_utf8(&bytes[HEADER..desc_end])
            .map_err(|_| corrupt("description is not UTF-8"))?
            .to_string();
        if verify
            && checksum(&[
                &bytes[HEADER..desc_end],
                &bytes[desc_end..map_end],
                &bytes[map_end..],
            ]) != sum
        {
            return Err(corrupt("checksum mismatch"));
        }
        let popular = std::str::from_utf8(&bytes[map_end..])
            .map_err(|_| corrupt("popular names are not UTF-8"))?
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let section = Section {
            bytes,
            start: desc_end,
            end: map_end,
        };
        let map = fst::Map::new(section).map_err(|e| corrupt(&format!("name map: {e}")))?;
        if map.len() as u64 != count {
            return Err(corrupt("name count does not match the header"));
        }
        Ok(Index {
            meta: IndexMeta {
                ecosystem,
                coverage,
                snapshot,
                description,
                count,
                has_dates,
            },
            map,
            popular,
            source: None,
        })
    }

    /// The header.
    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// The file it was read from; `None` for the index built into provenance.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// The entry of a name (normalized here), when listed.
    pub fn get(&self, name: &str) -> Option<Entry> {
        let n = self.meta.ecosystem.normalize(name);
        self.map.get(n.as_bytes()).map(Entry::unpack)
    }

    /// Whether a name (normalized here) is listed.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Popular names, most used first (normalized).
    pub fn popular(&self) -> &[String] {
        &self.popular
    }

    /// The fst map, for automaton searches.
    pub(crate) fn map(&self) -> &fst::Map<Section> {
        &self.map
    }

    /// Every name with its entry, in byte order (for rebuilding from an existing index).
    pub fn entries(&self) -> Vec<(String, Entry)> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.map.len());
        let mut s = self.map.stream();
        while let Some((k, v)) = s.next() {
            out.push((String::from_utf8_lossy(k).into_owned(), Entry::unpack(v)));
        }
        out
    }
}

/// Builds an index file from names.
#[derive(Debug)]
pub struct IndexBuilder {
    ecosystem: Ecosystem,
    entries: std::collections::BTreeMap<String, Entry>,
}

impl IndexBuilder {
    /// An empty builder for `ecosystem`.
    pub fn new(ecosystem: Ecosystem) -> IndexBuilder {
        IndexBuilder {
            ecosystem,
            entries: Default::default(),
        }
    }

    /// Add a name (normalized here). A name added twice keeps its best rank and earliest date.
    pub fn add(&mut self, name: &str, entry: Entry) {
        let n = self.ecosystem.normalize(name);
        if n.is_empty() || n.len() > 214 {
            return;
        }
        let e = self.entries.entry(n).or_default();
        e.rank = match (e.rank, entry.rank) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        e.first_release = match (e.first_release, entry.first_release) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// Names added so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The names added so far (normalized), in order.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.entries.keys().cloned()
    }

    /// Whether a name is already in.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(&self.ecosystem.normalize(name))
    }

    /// The index file's bytes. `popular` keeps the `popular` best-ranked names for
    /// look-alike checks.
    pub fn finish(
        self,
        coverage: Coverage,
        snapshot: NaiveDate,
        description: &str,
        popular: usize,
    ) -> Vec<u8> {
        let has_dates = self.entries.values().any(|e| e.first_release.is_some());
        let mut ranked: Vec<(u32, &str)> = self
            .entries
            .iter()
            .filter_map(|(n, e)| e.rank.map(|r| (r, n.as_str())))
            .collect();
        ranked.sort_unstable();
        let mut pop = String::new();
        for (_, n) in ranked.iter().take(popular) {
            pop.push_str(n);
            pop.push('\n');
        }
        let mut mb = fst::MapBuilder::memory();
        for (n, e) in &self.entries {
            // Keys are inserted in BTreeMap order, so insertion cannot fail on order; the
            // in-memory writer cannot fail on I/O.
            let _ = mb.insert(n.as_bytes(), e.pack());
        }
        let map = mb.into_inner().unwrap_or_default();
        let mut desc = description.replace('\n', " ");
        while desc.len() > 1000 {
            desc.pop();
        }
        let mut out = Vec::with_capacity(HEADER + desc.len() + map.len() + pop.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.push(self.ecosystem.code());
        out.push(coverage.code());
        out.push(u8::from(has_dates));
        out.extend_from_slice(&[0, 0, 0]);
        out.extend_from_slice(&day_number(snapshot).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        out.extend_from_slice(&(map.len() as u64).to_le_bytes());
        out.extend_from_slice(&(pop.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&[desc.as_bytes(), &map, pop.as_bytes()]).to_le_bytes());
        out.extend_from_slice(&(desc.len() as u16).to_le_bytes());
        out.extend_from_slice(desc.as_bytes());
        out.extend_from_slice(&map);
        out.extend_from_slice(pop.as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sample() -> Vec<u8> {
        let mut b = IndexBuilder::new(Ecosystem::PyPI);
        b.add(
            "Requests",
            Entry {
                rank: Some(1),
                first_release: None,
            },
        );
        b.add(
            "numpy",
            Entry {
                rank: Some(2),
                first_release: Some(day("2006-01-09")),
            },
        );
        b.add("zope.interface", Entry::default());
        b.finish(Coverage::Complete, day("2026-12-01"), "every PyPI name", 10)
    }

    #[test]
    fn round_trip() {
        let idx = Index::from_bytes(sample(), Path::new("x.idx")).unwrap();
        assert_eq!(idx.meta().count, 3);
        assert_eq!(idx.meta().coverage, Coverage::Complete);
        assert_eq!(idx.meta().snapshot, day("2026-12-01"));
        assert!(idx.meta().has_dates);
        assert_eq!(idx.get("REQUESTS").unwrap().rank, Some(1));
        assert_eq!(
            idx.get("numpy").unwrap().first_release,
            Some(day("2006-01-09"))
        );
        assert!(idx.contains("zope_interface"));
        assert!(!idx.contains("reqeusts"));
        assert_eq!(idx.popular(), ["requests", "numpy"]);
        assert_eq!(idx.entries().len(), 3);
    }

    #[test]
    fn truncated_at_every_length_is_an_error_naming_the_file() {
        let bytes = sample();
        for len in 0..bytes.len() {
            let e = Index::from_bytes(bytes[..len].to_vec(), Path::new("cut.idx")).unwrap_err();
            assert!(e.to_string().starts_with("cut.idx: "), "{len}: {e}");
            assert!(
                matches!(
                    e,
                    IndexError::Truncated { .. } | IndexError::WrongMagic { .. }
                ),
                "{len}: {e}"
            );
        }
    }

    #[test]
    fn every_flipped_byte_is_caught() {
        let bytes = sample();
        for at in 0..bytes.len() {
            if (13..16).contains(&at) {
                continue; // reserved bytes
            }
            let mut b = bytes.clone();
            b[at] ^= 0x41;
            let r = Index::from_bytes(b, Path::new("bad.idx"));
            // The snapshot date and flag bits are not covered by the checksum: any value
            // is a valid date; everything else must fail.
            if (16..20).contains(&at) || at == 12 {
                continue;
            }
            assert!(r.is_err(), "byte {at} flipped was accepted");
        }
    }

    #[test]
    fn wrong_magic_and_version() {
        let e = Index::from_bytes(
            b"PK\x03\x04 not an index at all".to_vec(),
            Path::new("a.zip"),
        );
        assert!(matches!(e, Err(IndexError::WrongMagic { .. })));
        let mut b = sample();
        b[8] = 9;
        let e = Index::from_bytes(b, Path::new("old.idx")).unwrap_err();
        assert!(matches!(e, IndexError::WrongVersion { found: 9, .. }));
        assert!(e.to_string().contains("old.idx") && e.to_string().contains("registry update"));
    }

    #[test]
    fn open_names_a_missing_file() {
        let e = Index::open(Path::new("/nonexistent/pypi.idx")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("/nonexistent/pypi.idx: cannot read"));
    }
}
