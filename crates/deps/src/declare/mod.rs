//! Dependencies as a manifest declares them, each with the line it is declared on and where
//! it comes from (a registry, a private index, or not a registry at all: a path, git, URL or
//! workspace dependency). Formats: `requirements*.txt`, `pyproject.toml` (`[project]`
//! dependencies and optional-dependencies, `[dependency-groups]`, `[build-system]`,
//! Poetry, PDM, uv), `setup.cfg`, `Pipfile`, `package.json` (every dependency field),
//! `Cargo.toml` (every dependency table, workspace dependencies, `package =` renames) and
//! `go.mod`.

mod cargo;
mod gomod;
mod node;
mod python;

use crate::Ecosystem;

/// Where a declared dependency is fetched from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The ecosystem's public registry.
    Registry,
    /// A private or alternative index (the reason names it: `--index-url`, `registry =`, …).
    PrivateIndex(String),
    /// Not a registry package: a path, git, URL or workspace dependency (the reason says which).
    NotRegistry(String),
}

/// One declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// The package name as the registry knows it (for a Cargo rename, the `package =` name).
    pub name: String,
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// 1-based line of the declaration.
    pub line: u32,
    /// Where it comes from.
    pub origin: Origin,
}

/// A manifest that cannot be read as its format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {reason}")]
pub struct DeclareError {
    /// The manifest.
    pub path: String,
    /// 1-based line (the nearest one the parser could name).
    pub line: u32,
    /// What is wrong.
    pub reason: String,
}

/// Which manifest format a path is, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    /// `requirements*.txt`, or any `.txt` under a `requirements/` directory.
    Requirements,
    /// `pyproject.toml`.
    PyProject,
    /// `setup.cfg`.
    SetupCfg,
    /// `Pipfile`.
    Pipfile,
    /// `package.json`.
    PackageJson,
    /// `Cargo.toml`.
    CargoToml,
    /// `go.mod`.
    GoMod,
}

/// The manifest kind of a `/`-separated path, or `None`.
pub fn manifest_kind(path: &str) -> Option<ManifestKind> {
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or(path);
    let parent = parts.next().unwrap_or("");
    Some(match file {
        "pyproject.toml" => ManifestKind::PyProject,
        "setup.cfg" => ManifestKind::SetupCfg,
        "Pipfile" => ManifestKind::Pipfile,
        "package.json" => ManifestKind::PackageJson,
        "Cargo.toml" => ManifestKind::CargoToml,
        "go.mod" => ManifestKind::GoMod,
        f if f.ends_with(".txt") && (f.starts_with("requirements") || parent == "requirements") => {
            ManifestKind::Requirements
        }
        _ => return None,
    })
}

/// The dependencies `text` (the content of the manifest at `path`) declares. `None` when the
/// path is not a manifest.
pub fn declared(path: &str, text: &str) -> Option<Result<Vec<Declared>, DeclareError>> {
    let kind = manifest_kind(path)?;
    let err = |line: u32, reason: String| DeclareError {
        path: path.to_string(),
        line,
        reason,
    };
    Some(match kind {
        ManifestKind::Requirements => python::requirements(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::PyProject => python::pyproject(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::SetupCfg => python::setup_cfg(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::Pipfile => python::pipfile(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::PackageJson => node::package_json(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::CargoToml => cargo::cargo_toml(text).map_err(|(l, r)| err(l, r)),
        ManifestKind::GoMod => gomod::go_mod(text).map_err(|(l, r)| err(l, r)),
    })
}

/// A parse problem: line and reason.
type Problem = (u32, String);

/// 1-based line of a byte offset.
pub(crate) fn line_at(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let n = text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

/// A TOML document, or the parser's message at its line.
pub(crate) fn parse_toml(text: &str) -> Result<toml::Table, Problem> {
    text.parse::<toml::Table>().map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(text, s.start));
        let msg = e.message().trim().to_string();
        (line, format!("not valid TOML: {msg}"))
    })
}

/// Finds the lines names are declared on, searching forward from the last match so
/// repeated names map to successive declarations.
pub(crate) struct Lines<'a> {
    text: &'a str,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines { text }
    }

    /// The first line at or after the line holding `after` (a section header, when known)
    /// where `matches` holds; else the first line anywhere; else line 1.
    pub(crate) fn find(&self, after: Option<&str>, matches: impl Fn(&str) -> bool) -> u32 {
        let start = after
            .and_then(|h| {
                self.text.lines().position(|l| {
                    l.trim()
                        .trim_end_matches(|c: char| c == '#' || c.is_whitespace())
                        == h
                        || l.trim().starts_with(h)
                })
            })
            .unwrap_or(0);
        let hit = |from: usize| {
            self.text
                .lines()
                .enumerate()
                .skip(from)
                .find(|(_, l)| matches(l))
                .map(|(i, _)| i as u32 + 1)
        };
        hit(start).or_else(|| hit(0)).unwrap_or(1)
    }
}

/// Whether line `l` declares TOML key `key` (`key =`, `"key" =`, `key.x =`).
pub(crate) fn is_key_line(l: &str, key: &str) -> bool {
    let t = l.trim_start();
    for q in ["", "\"", "'"] {
        if let Some(rest) = t
            .strip_prefix(q)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(q))
        {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with('.') {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests;
