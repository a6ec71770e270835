//! The indexes in use: a newer one written by `provenance registry update` into the data
//! directory takes precedence over the one built into provenance.

use crate::index::{Index, IndexError};
use crate::Ecosystem;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static PYPI: &[u8] = include_bytes!("../data/pypi.idx");
static NPM: &[u8] = include_bytes!("../data/npm.idx");
static CRATES: &[u8] = include_bytes!("../data/crates.idx");

/// The index built into provenance for `ecosystem` (`None` for Go: none ships).
pub fn builtin(ecosystem: Ecosystem) -> Option<Result<Index, IndexError>> {
    let (bytes, name) = match ecosystem {
        Ecosystem::PyPI => (PYPI, "<built-in pypi.idx>"),
        Ecosystem::Npm => (NPM, "<built-in npm.idx>"),
        Ecosystem::Crates => (CRATES, "<built-in crates.idx>"),
        Ecosystem::Go => return None,
    };
    Some(Index::from_static(bytes, name))
}

/// The file an updated index of `ecosystem` is kept in under `dir`.
pub fn index_path(dir: &Path, ecosystem: Ecosystem) -> PathBuf {
    dir.join(format!("{}.idx", ecosystem.id()))
}

/// One ecosystem's index once looked for: none (Go), loaded, or why it cannot be used.
type Loaded = Option<Result<Index, std::sync::Arc<IndexError>>>;

/// Indexes per ecosystem, each loaded on first use and kept.
#[derive(Debug, Default)]
pub struct Registry {
    dir: Option<PathBuf>,
    loaded: [OnceLock<Loaded>; 4],
}

fn slot(e: Ecosystem) -> usize {
    match e {
        Ecosystem::PyPI => 0,
        Ecosystem::Npm => 1,
        Ecosystem::Crates => 2,
        Ecosystem::Go => 3,
    }
}

impl Registry {
    /// Indexes from `dir` (`<ecosystem>.idx`, written by `registry update`) where present,
    /// else the built-in ones.
    pub fn new(dir: Option<PathBuf>) -> Registry {
        Registry {
            dir,
            loaded: Default::default(),
        }
    }

    /// The index of `ecosystem`: `None` when there is none (Go); an error when the updated
    /// file exists but cannot be used (never silently replaced by the built-in one).
    pub fn index(&self, ecosystem: Ecosystem) -> Option<Result<&Index, &IndexError>> {
        let cell = &self.loaded[slot(ecosystem)];
        let v = cell.get_or_init(|| {
            if let Some(dir) = &self.dir {
                let path = index_path(dir, ecosystem);
                if path.exists() {
                    return Some(
                        open_checked(&path)
                            .and_then(|i| check_ecosystem(i, &path, ecosystem))
                            .map_err(std::sync::Arc::new),
                    );
                }
            }
            builtin(ecosystem).map(|r| r.map_err(std::sync::Arc::new))
        });
        v.as_ref().map(|r| r.as_ref().map_err(|e| e.as_ref()))
    }
}

/// What the `.verified` file beside an index records: its length and modification time
/// when its checksum last matched.
fn stamp(path: &Path) -> Option<String> {
    let m = std::fs::metadata(path).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{} {}", m.len(), t.as_nanos()))
}

fn stamp_path(path: &Path) -> PathBuf {
    path.with_extension("idx.verified")
}

/// Record that the index at `path` was verified as it is now (by `registry update` after
/// writing it, or by the first hook that read it whole).
pub fn mark_verified(path: &Path) {
    if let Some(s) = stamp(path) {
        let _ = std::fs::write(stamp_path(path), s);
    }
}

/// Open an updated index: the checksum over the whole file (a few milliseconds for a large
/// one) is recomputed only when the file's length or modification time differs from when it
/// was last verified; structure and lengths are always checked.
fn open_checked(path: &Path) -> Result<Index, IndexError> {
    let verified = std::fs::read_to_string(stamp_path(path)).ok();
    if verified.is_some() && verified == stamp(path) {
        return Index::open_verified(path);
    }
    let index = Index::open(path)?;
    mark_verified(path);
    Ok(index)
}

fn check_ecosystem(i: Index, path: &Path, expected: Ecosystem) -> Result<Index, IndexError> {
    if i.meta().ecosystem != expected {
        return Err(IndexError::WrongEcosystem {
            path: path.to_path_buf(),
            found: i.meta().ecosystem,
            expected,
        });
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_indexes_load_and_verify() {
        for e in [Ecosystem::PyPI, Ecosystem::Npm, Ecosystem::Crates] {
            let bytes = match e {
                Ecosystem::PyPI => PYPI,
                Ecosystem::Npm => NPM,
                _ => CRATES,
            };
            let checked = Index::from_bytes(bytes.to_vec(), Path::new("shipped")).unwrap();
            assert_eq!(checked.meta().ecosystem, e);
            let idx = builtin(e).unwrap().unwrap();
            assert_eq!(idx.meta(), checked.meta());
            assert!(!idx.popular().is_empty());
        }
        assert!(builtin(Ecosystem::Go).is_none());
    }

    #[test]
    fn an_updated_index_wins_and_a_broken_one_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let mut b = crate::IndexBuilder::new(Ecosystem::PyPI);
        b.add("only-this", crate::Entry::default());
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        std::fs::write(
            index_path(d.path(), Ecosystem::PyPI),
            b.finish(crate::Coverage::Complete, day, "t", 0),
        )
        .unwrap();
        std::fs::write(index_path(d.path(), Ecosystem::Npm), b"garbage").unwrap();
        let r = Registry::new(Some(d.path().to_path_buf()));
        let p = r.index(Ecosystem::PyPI).unwrap().unwrap();
        assert!(p.contains("only_this") && !p.contains("requests"));
        // Verified once; a later change to the file (here a flipped byte in the middle) is
        // caught because its modification time no longer matches the stamp.
        let path = index_path(d.path(), Ecosystem::PyPI);
        assert!(stamp_path(&path).is_file());
        let mut bytes = std::fs::read(&path).unwrap();
        let mid = bytes.len() - 3;
        bytes[mid] ^= 0x20;
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, &bytes).unwrap();
        let again = Registry::new(Some(d.path().to_path_buf()));
        let e = again.index(Ecosystem::PyPI).unwrap().unwrap_err();
        assert!(e.to_string().contains("checksum mismatch"), "{e}");
        let e = r.index(Ecosystem::Npm).unwrap().unwrap_err();
        assert!(e.to_string().contains("npm.idx"), "{e}");
        assert!(r.index(Ecosystem::Crates).unwrap().is_ok());
        let mut b = crate::IndexBuilder::new(Ecosystem::PyPI);
        b.add("x", crate::Entry::default());
        let other = b.finish(crate::Coverage::Complete, day, "t", 0);
        std::fs::write(index_path(d.path(), Ecosystem::Crates), other).unwrap();
        let r = Registry::new(Some(d.path().to_path_buf()));
        assert!(matches!(
            r.index(Ecosystem::Crates).unwrap(),
            Err(IndexError::WrongEcosystem { .. })
        ));
    }
}
