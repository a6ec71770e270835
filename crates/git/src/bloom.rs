//! The changed-path Bloom filters of git's commit-graph (gitformat-commit-graph: chunks
//! `BIDX` and `BDAT`; git's bloom.c), read so a path-limited history walk skips the tree
//! diff of every commit whose filter says the path did not change — as `git log -- PATH`
//! does. A filter can say "maybe" when nothing changed, never "no" when something did.

use crate::WalkedCommit;
use std::path::Path;

/// git bloom.c: the two murmur3 seeds of a key's hashes.
const SEED0: u32 = 0x293a_e76f;
const SEED1: u32 = 0x7e64_6e2c;

/// One commit-graph file (a single graph, or one layer of a split chain).
struct Layer {
    data: Vec<u8>,
    hash_len: usize,
    count: usize,
    fanout: usize,
    oids: usize,
    /// Offsets of `BIDX` and of the first filter byte in `BDAT`, and the settings.
    filters: Option<Filters>,
}

#[derive(Clone, Copy)]
struct Filters {
    index: usize,
    data: usize,
    data_end: usize,
    version: u32,
    num_hashes: u32,
}

/// The changed-path filters of a repository's commit-graph.
pub struct ChangedPathFilters {
    layers: Vec<Layer>,
}

/// A path's keys, one set of hashes per filter version in use.
#[derive(Debug, Clone)]
pub struct PathKey {
    /// The path and each directory above it, as git adds them to a filter.
    parts: Vec<Vec<u8>>,
}

impl PathKey {
    /// Keys for a root-relative path (`src/lib`): git adds every changed path and all its
    /// leading directories, and asks for all of them (revision.c `prepare_to_use_bloom_filter`).
    pub fn new(path: &str) -> Option<PathKey> {
        let path = path.trim_end_matches('/');
        if path.is_empty() {
            return None;
        }
        let mut parts = vec![path.as_bytes().to_vec()];
        let mut rest = path;
        while let Some((dir, _)) = rest.rsplit_once('/') {
            parts.push(dir.as_bytes().to_vec());
            rest = dir;
        }
        Some(PathKey { parts })
    }
}

impl ChangedPathFilters {
    /// Read the commit-graph under `objects` (`info/commit-graph`, else the split chain in
    /// `info/commit-graphs/`); `None` when there is none, it is malformed, or it has no
    /// changed-path filters.
    pub fn open(objects: &Path) -> Option<ChangedPathFilters> {
        let info = objects.join("info");
        let mut layers = Vec::new();
        if let Ok(data) = std::fs::read(info.join("commit-graph")) {
            layers.push(Layer::parse(data)?);
        } else {
            let dir = info.join("commit-graphs");
            let chain = std::fs::read_to_string(dir.join("commit-graph-chain")).ok()?;
            for hash in chain.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let data = std::fs::read(dir.join(format!("graph-{hash}.graph"))).ok()?;
                layers.push(Layer::parse(data)?);
            }
        }
        layers
            .iter()
            .any(|l| l.filters.is_some())
            .then_some(ChangedPathFilters { layers })
    }

    /// Whether `commit` may have changed any of `paths` against its first parent:
    /// `Some(false)` only when its filter rules every one of them out; `None` when the
    /// commit has no usable filter.
    pub fn maybe_changed(&self, commit: &WalkedCommit<'_>, paths: &[PathKey]) -> Option<bool> {
        let oid = commit.oid_bytes();
        for layer in &self.layers {
            let Some(pos) = layer.position(oid) else {
                continue;
            };
            let f = layer.filters?;
            let bits = layer.filter(f, pos)?;
            if bits.is_empty() {
                return None;
            }
            // murmur3 v1 sign-extends bytes above 0x7f (git's `char` on x86); such a key
            // is not checked with a v1 filter.
            let v1 = f.version == 1;
            let mut any = false;
            for p in paths {
                if v1 && p.parts.iter().any(|k| k.iter().any(|b| *b >= 0x80)) {
                    return None;
                }
                if p.parts.iter().all(|k| contains(bits, k, f.num_hashes)) {
                    any = true;
                    break;
                }
            }
            return Some(any);
        }
        None
    }
}

impl Layer {
    fn parse(data: Vec<u8>) -> Option<Layer> {
        if data.len() < 8 || &data[..4] != b"CGPH" || data[4] != 1 {
            return None;
        }
        let hash_len = match data[5] {
            1 => 20,
            2 => 32,
            _ => return None,
        };
        let chunks = usize::from(data[6]);
        let mut table = Vec::with_capacity(chunks + 1);
        for i in 0..=chunks {
            let at = 8 + i * 12;
            let id: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            let offset = usize::try_from(u64::from_be_bytes(
                data.get(at + 4..at + 12)?.try_into().ok()?,
            ))
            .ok()?;
            table.push((id, offset));
        }
        let chunk = |name: &[u8; 4]| -> Option<(usize, usize)> {
            let i = table[..chunks].iter().position(|(id, _)| id == name)?;
            let (start, end) = (table[i].1, table[i + 1].1);
            (start <= end && end <= data.len()).then_some((start, end))
        };
        let (fanout, fanout_end) = chunk(b"OIDF")?;
        if fanout_end - fanout != 256 * 4 {
            return None;
        }
        let count = be32(&data, fanout + 255 * 4)? as usize;
        let (oids, oids_end) = chunk(b"OIDL")?;
        if oids_end - oids != count * hash_len {
            return None;
        }
        let filters = match (chunk(b"BIDX"), chunk(b"BDAT")) {
            (Some((index, index_end)), Some((bdat, bdat_end)))
                if index_end - index == count * 4 && bdat_end - bdat >= 12 =>
            {
                let version = be32(&data, bdat)?;
                let num_hashes = be32(&data, bdat + 4)?;
                ((version == 1 || version == 2) && (1..=32).contains(&num_hashes)).then_some(
                    Filters {
                        index,
                        data: bdat + 12,
                        data_end: bdat_end,
                        version,
                        num_hashes,
                    },
                )
            }
            _ => None,
        };
        Some(Layer {
            data,
            hash_len,
            count,
            fanout,
            oids,
            filters,
        })
    }

    /// The commit's position in this layer (binary search within its first byte's fanout).
    fn position(&self, oid: &[u8]) -> Option<usize> {
        if oid.len() != self.hash_len {
            return None;
        }
        let first = usize::from(oid[0]);
        let lo = if first == 0 {
            0
        } else {
            be32(&self.data, self.fanout + (first - 1) * 4)? as usize
        };
        let hi = be32(&self.data, self.fanout + first * 4)? as usize;
        let (mut lo, mut hi) = (lo, hi.min(self.count));
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = self.oids + mid * self.hash_len;
            match self.data[at..at + self.hash_len].cmp(oid) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The filter bytes of the commit at `pos`.
    fn filter(&self, f: Filters, pos: usize) -> Option<&[u8]> {
        let end = be32(&self.data, f.index + pos * 4)? as usize;
        let start = if pos == 0 {
            0
        } else {
            be32(&self.data, f.index + (pos - 1) * 4)? as usize
        };
        let (start, end) = (f.data + start, f.data + end);
        (start <= end && end <= f.data_end).then(|| &self.data[start..end])
    }
}

/// bloom.c `bloom_filter_contains`: every one of the key's bit positions is set.
fn contains(bits: &[u8], key: &[u8], num_hashes: u32) -> bool {
    let h0 = murmur3(SEED0, key);
    let h1 = murmur3(SEED1, key);
    let m = bits.len() as u64 * 8;
    (0..num_hashes).all(|i| {
        let pos = u64::from(h0.wrapping_add(i.wrapping_mul(h1))) % m;
        bits[(pos / 8) as usize] & (1 << (pos & 7)) != 0
    })
}

/// 32-bit murmur3 as git's bloom.c computes it (`murmur3_seeded_v2`).
fn murmur3(mut seed: u32, data: &[u8]) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut blocks = data.chunks_exact(4);
    for b in &mut blocks {
        let mut k = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        seed ^= k;
        seed = seed
            .rotate_left(13)
            .wrapping_mul(5)
            .wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (i, b) in tail.iter().enumerate() {
            k ^= u32::from(*b) << (8 * i);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        seed ^= k;
    }
    seed ^= data.len() as u32;
    seed ^= seed >> 16;
    seed = seed.wrapping_mul(0x85eb_ca6b);
    seed ^= seed >> 13;
    seed = seed.wrapping_mul(0xc2b2_ae35);
    seed ^ (seed >> 16)
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_matches_gits_test_vectors() {
        // git t/t0095-bloom.sh
        assert_eq!(murmur3(0, b""), 0);
        assert_eq!(murmur3(0, b"Hello world!"), 0x627b_0c2c);
        assert_eq!(
            murmur3(0, b"The quick brown fox jumps over the lazy dog"),
            0x2e4f_f723
        );
    }

    #[test]
    fn keys_are_the_path_and_its_directories() {
        let k = PathKey::new("src/a/b.rs").expect("a path");
        assert_eq!(
            k.parts,
            vec![b"src/a/b.rs".to_vec(), b"src/a".to_vec(), b"src".to_vec()]
        );
        assert!(PathKey::new("").is_none());
    }

    #[test]
    fn malformed_graphs_are_ignored() {
        for data in [
            Vec::new(),
            b"CGPH".to_vec(),
            b"CGPH\x01\x01\x09\x00".to_vec(),
        ] {
            assert!(Layer::parse(data).is_none());
        }
    }
}
