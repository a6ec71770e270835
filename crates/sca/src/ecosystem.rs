//! The package ecosystems the gate knows, and how each one compares package names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A package ecosystem, named as OSV names it (`affected[].package.ecosystem`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ecosystem {
    /// Rust crates (`crates.io`): `Cargo.lock`.
    #[serde(rename = "crates.io")]
    CratesIo,
    /// JavaScript packages (`npm`): `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`.
    #[serde(rename = "npm")]
    Npm,
    /// Python distributions (`PyPI`): `poetry.lock`, `uv.lock`, pinned `requirements.txt`.
    #[serde(rename = "PyPI")]
    PyPI,
    /// Go modules (`Go`): `go.sum`.
    #[serde(rename = "Go")]
    Go,
}

impl Ecosystem {
    /// Every ecosystem, in a fixed order.
    pub const ALL: [Ecosystem; 4] = [
        Ecosystem::CratesIo,
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
    ];

    /// The OSV name: `crates.io`, `npm`, `PyPI`, `Go`.
    pub fn as_osv(self) -> &'static str {
        match self {
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Go => "Go",
        }
    }

    /// The ecosystem of an OSV `ecosystem` string. OSV ecosystems carry no suffix for these
    /// four; anything else (`Debian:12`, `Maven`, …) is `None` and its entries are skipped.
    pub fn from_osv(name: &str) -> Option<Ecosystem> {
        Ecosystem::ALL
            .into_iter()
            .find(|e| e.as_osv().eq_ignore_ascii_case(name.trim()))
    }

    /// The comparable form of a package name in this ecosystem.
    ///
    /// - PyPI: PEP 503 (`Foo.Bar_baz` → `foo-bar-baz`: lowercase, runs of `-_.` become `-`).
    /// - crates.io: the registry treats `-`/`_` and case as the same name, so both are folded.
    /// - npm: case-sensitive, scopes kept (`@types/node`); only surrounding space is trimmed.
    /// - Go: module paths are case-sensitive; kept as written.
    pub fn normalize(self, name: &str) -> String {
        let name = name.trim();
        match self {
            Ecosystem::PyPI => pep503(name),
            Ecosystem::CratesIo => name.to_ascii_lowercase().replace('_', "-"),
            Ecosystem::Npm | Ecosystem::Go => name.to_string(),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_osv())
    }
}

/// PEP 503 normalized name: `re.sub(r"[-_.]+", "-", name).lower()`.
fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_per_ecosystem() {
        assert_eq!(Ecosystem::PyPI.normalize("Jinja2"), "jinja2");
        assert_eq!(
            Ecosystem::PyPI.normalize("zope.Interface__x"),
            "zope-interface-x"
        );
        assert_eq!(Ecosystem::CratesIo.normalize("Serde_JSON"), "serde-json");
        assert_eq!(Ecosystem::Npm.normalize("@Scope/Pkg"), "@Scope/Pkg");
        assert_eq!(
            Ecosystem::Go.normalize("github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml"
        );
    }

    #[test]
    fn osv_names_round_trip() {
        for e in Ecosystem::ALL {
            assert_eq!(Ecosystem::from_osv(e.as_osv()), Some(e));
        }
        assert_eq!(Ecosystem::from_osv("pypi"), Some(Ecosystem::PyPI));
        assert_eq!(Ecosystem::from_osv("Debian:12"), None);
    }
}
