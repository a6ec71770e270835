//! Versions as each ecosystem orders them.
//!
//! - crates.io and npm: SemVer 2.0 (`semver`); build metadata does not take part in ordering.
//! - Go: SemVer after stripping the leading `v` and a `+incompatible` suffix. Pseudo-versions
//!   (`v0.0.0-20230101120000-abcdef123456`, `v1.2.4-0.2023…-abc`) are SemVer pre-releases
//!   whose fixed-width timestamp sorts correctly, which is how the `go` command orders them.
//! - PyPI: PEP 440 (`pep440_rs`), so `5.4b1` < `5.4` and `1.0` == `1.0.0`.

use crate::Ecosystem;
use std::cmp::Ordering;

/// A parsed version of one ecosystem. Versions of different ecosystems do not compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    /// SemVer (crates.io, npm, Go).
    Semver(semver::Version),
    /// PEP 440 (PyPI).
    Pep440(pep440_rs::Version),
}

impl Version {
    /// Parse `text` as `ecosystem` writes versions; `None` when it is not a valid version there.
    pub fn parse(ecosystem: Ecosystem, text: &str) -> Option<Version> {
        let text = text.trim();
        match ecosystem {
            Ecosystem::PyPI => text.parse::<pep440_rs::Version>().ok().map(Version::Pep440),
            Ecosystem::Go => {
                let t = text.strip_prefix('v').unwrap_or(text);
                let t = t.strip_suffix("+incompatible").unwrap_or(t);
                semver_parse(t)
            }
            Ecosystem::CratesIo | Ecosystem::Npm => {
                let t = text.trim_start_matches('=');
                let t = t.strip_prefix('v').unwrap_or(t);
                semver_parse(t)
            }
        }
    }

    /// The order of two versions; `None` when they come from different ecosystems.
    pub fn compare(&self, other: &Version) -> Option<Ordering> {
        match (self, other) {
            (Version::Semver(a), Version::Semver(b)) => Some(a.cmp(b)),
            (Version::Pep440(a), Version::Pep440(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.compare(other)
    }
}

fn semver_parse(text: &str) -> Option<Version> {
    let mut v = semver::Version::parse(text).ok()?;
    // SemVer 2.0 §10: build metadata MUST be ignored when determining precedence.
    v.build = semver::BuildMetadata::EMPTY;
    Some(Version::Semver(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(eco: Ecosystem, a: &str, b: &str) -> bool {
        match (Version::parse(eco, a), Version::parse(eco, b)) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        }
    }

    #[test]
    fn go_pseudo_versions_order_like_the_go_command() {
        let go = Ecosystem::Go;
        assert!(lt(go, "v0.0.0-20170915032832-14c0d48ead0c", "0.3.7"));
        assert!(lt(
            go,
            "v0.0.0-20170915032832-14c0d48ead0c",
            "v0.0.0-20210101000000-aaaaaaaaaaaa"
        ));
        assert!(lt(go, "v0.3.7", "v0.3.8-0.20220124000000-abcdefabcdef"));
        assert!(lt(go, "v0.3.8-0.20220124000000-abcdefabcdef", "0.3.8"));
        assert_eq!(
            Version::parse(go, "v2.0.0+incompatible"),
            Version::parse(go, "2.0.0")
        );
    }

    #[test]
    fn pep440_orders_prereleases_and_pads_releases() {
        let py = Ecosystem::PyPI;
        assert!(lt(py, "5.4b1", "5.4"));
        assert!(lt(py, "5.3.1", "5.4b1"));
        assert!(lt(py, "2.10", "2.11.3"));
        assert_eq!(Version::parse(py, "1.0"), Version::parse(py, "1.0.0"));
    }

    #[test]
    fn semver_ignores_build_metadata_and_leading_v() {
        let npm = Ecosystem::Npm;
        assert_eq!(
            Version::parse(npm, "1.2.3+build.5"),
            Version::parse(npm, "v1.2.3")
        );
        assert!(lt(npm, "1.2.3-rc.1", "1.2.3"));
        assert!(Version::parse(npm, "not-a-version").is_none());
    }
}
