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
                        Index::open(&path)
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
        let e = r.index(Ecosystem::Npm).unwrap().unwrap_err();
        assert!(e.to_string().contains("npm.idx"), "{e}");
        assert!(r.index(Ecosystem::Crates).unwrap().is_ok());
        std::fs::copy(
            index_path(d.path(), Ecosystem::PyPI),
            index_path(d.path(), Ecosystem::Crates),
        )
        .unwrap();
        let r = Registry::new(Some(d.path().to_path_buf()));
        assert!(matches!(
            r.index(Ecosystem::Crates).unwrap(),
            Err(IndexError::WrongEcosystem { .. })
        ));
    }
}
