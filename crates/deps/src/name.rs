//! Ecosystems and their package-name normalization.

use std::fmt;

/// A package ecosystem the registry index knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    /// Python distributions (PEP 503 names).
    PyPI,
    /// npm packages, `@scope/name` included.
    Npm,
    /// Rust crates.
    Crates,
    /// Go modules (no name index ships; only lockfile and installed evidence).
    Go,
}

impl Ecosystem {
    /// Every ecosystem, in index order.
    pub const ALL: [Ecosystem; 4] = [
        Ecosystem::PyPI,
        Ecosystem::Npm,
        Ecosystem::Crates,
        Ecosystem::Go,
    ];

    /// The id used on the command line and in index file names: `pypi`, `npm`, `crates`, `go`.
    pub fn id(self) -> &'static str {
        match self {
            Ecosystem::PyPI => "pypi",
            Ecosystem::Npm => "npm",
            Ecosystem::Crates => "crates",
            Ecosystem::Go => "go",
        }
    }

    /// The ecosystem of an id ([`Ecosystem::id`]); `pip`, `python`, `cargo`, `rust`, `node`
    /// are accepted too.
    pub fn parse(id: &str) -> Option<Ecosystem> {
        Some(match id.trim().to_ascii_lowercase().as_str() {
            "pypi" | "pip" | "python" => Ecosystem::PyPI,
            "npm" | "node" | "js" => Ecosystem::Npm,
            "crates" | "cargo" | "rust" => Ecosystem::Crates,
            "go" => Ecosystem::Go,
            _ => return None,
        })
    }

    /// The byte stored in an index header.
    pub(crate) fn code(self) -> u8 {
        match self {
            Ecosystem::PyPI => 1,
            Ecosystem::Npm => 2,
            Ecosystem::Crates => 3,
            Ecosystem::Go => 4,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The comparable form of a package name: PyPI per PEP 503 (lowercase, runs of `-`,
    /// `_`, `.` become one `-`); npm lowercase (scope included); crates lowercase with `_`
    /// as `-` (Cargo treats them as one name); Go module paths as written.
    pub fn normalize(self, name: &str) -> String {
        let name = name.trim();
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut sep = false;
                for c in name.chars() {
                    if matches!(c, '-' | '_' | '.') {
                        sep = true;
                    } else {
                        if sep && !out.is_empty() {
                            out.push('-');
                        }
                        sep = false;
                        out.extend(c.to_lowercase());
                    }
                }
                out
            }
            Ecosystem::Npm => name.to_lowercase(),
            Ecosystem::Crates => name.to_ascii_lowercase().replace('_', "-"),
            Ecosystem::Go => name.to_string(),
        }
    }

    /// The affixes that turn a package name into an ecosystem-flavoured look-alike
    /// (`pyrequests`, `python-dateutil`, `lodash-js`, `serde-rs`): prefixes, then suffixes.
    pub(crate) fn affixes(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Ecosystem::PyPI => (
                &["python-", "python", "py-", "py"],
                &["-python", "python", "-py", "py", "-python3", "3", "-lib"],
            ),
            Ecosystem::Npm => (
                &["node-", "js-", "node"],
                &["-js", ".js", "js", "-node", "-npm", "-lib"],
            ),
            Ecosystem::Crates => (&["rust-", "rs-"], &["-rs", "-rust", "rs", "-lib"]),
            Ecosystem::Go => (&[], &[]),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Npm => "npm",
            Ecosystem::Crates => "Rust",
            Ecosystem::Go => "Go",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Ecosystem::*;

    #[test]
    fn normalization() {
        assert_eq!(
            PyPI.normalize("Django_REST.framework"),
            "django-rest-framework"
        );
        assert_eq!(PyPI.normalize("zope..interface"), "zope-interface");
        assert_eq!(Npm.normalize("@Babel/Core"), "@babel/core");
        assert_eq!(Crates.normalize("Serde_JSON"), "serde-json");
        assert_eq!(Go.normalize("github.com/A/b"), "github.com/A/b");
    }

    #[test]
    fn ids_round_trip() {
        for e in super::Ecosystem::ALL {
            assert_eq!(super::Ecosystem::parse(e.id()), Some(e));
            assert_eq!(super::Ecosystem::from_code(e.code()), Some(e));
        }
        assert_eq!(super::Ecosystem::parse("cobol"), None);
    }
}
