//! Lockfile entries as (ecosystem, name, version, line).
//!
//! The lockfile readers in `provenance-imports` are private to that crate and keep only
//! names, so this module reads versions and line numbers itself. Each reader follows the
//! layout its tool writes (line-oriented where the tool writes one entry per block), and
//! reports the line of the entry's name so a finding points at it.
//!
//! Local packages (workspace members, path/editable/virtual sources, `link:`/`file:`
//! specifiers) are skipped: advisories are about published releases.

use crate::Ecosystem;
use std::collections::HashSet;

/// One installed package as a lockfile records it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dependency {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// Name as the lockfile writes it.
    pub name: String,
    /// Exact installed version as the lockfile writes it.
    pub version: String,
    /// Repository-relative path of the lockfile.
    pub path: String,
    /// 1-based line of the entry.
    pub line: u32,
}

/// Why a lockfile could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file name is not a lockfile this crate reads (see [`is_lockfile`]).
    #[error("{path}: not a lockfile the SCA gate reads")]
    Unsupported {
        /// The path.
        path: String,
    },
    /// The file is not UTF-8.
    #[error("{path}: not UTF-8 text")]
    NotUtf8 {
        /// The path.
        path: String,
    },
    /// The content does not have the lockfile's syntax.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The path.
        path: String,
        /// 1-based line (0 when unknown).
        line: u32,
        /// What is wrong.
        message: String,
    },
}

/// The formats [`dependencies`] reads, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `Cargo.lock`.
    CargoLock,
    /// `package-lock.json` / `npm-shrinkwrap.json` (lockfile v2/v3 `packages`; v1 `dependencies`).
    PackageLock,
    /// `yarn.lock`, v1 and berry.
    YarnLock,
    /// `pnpm-lock.yaml`, v5–v9.
    PnpmLock,
    /// `poetry.lock`.
    PoetryLock,
    /// `uv.lock`.
    UvLock,
    /// `requirements*.txt`: only `==`/`===` pins.
    Requirements,
    /// `go.sum`.
    GoSum,
}

impl Format {
    /// The format of a path, by its file name.
    pub fn of(path: &str) -> Option<Format> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        Some(match name {
            "Cargo.lock" => Format::CargoLock,
            "package-lock.json" | "npm-shrinkwrap.json" => Format::PackageLock,
            "yarn.lock" => Format::YarnLock,
            "pnpm-lock.yaml" => Format::PnpmLock,
            "poetry.lock" => Format::PoetryLock,
            "uv.lock" => Format::UvLock,
            "go.sum" => Format::GoSum,
            n if n.ends_with(".txt") && n.starts_with("requirements") => Format::Requirements,
            n if n.ends_with(".txt") && path.contains("requirements/") => Format::Requirements,
            _ => return None,
        })
    }
}

/// Whether [`dependencies`] reads this path.
pub fn is_lockfile(path: &str) -> bool {
    Format::of(path).is_some()
}

/// The packages a lockfile pins. `path` picks the format (see [`Format::of`]) and is
/// copied into each [`Dependency`].
pub fn dependencies(path: &str, data: &[u8]) -> Result<Vec<Dependency>, ParseError> {
    let format = Format::of(path).ok_or_else(|| ParseError::Unsupported {
        path: path.to_string(),
    })?;
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 {
        path: path.to_string(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Out {
        path,
        deps: Vec::new(),
    };
    match format {
        Format::CargoLock => toml_packages(text, Ecosystem::CratesIo, &mut out),
        Format::PoetryLock | Format::UvLock => toml_packages(text, Ecosystem::PyPI, &mut out),
        Format::PackageLock => package_lock(text, &mut out)?,
        Format::YarnLock => yarn_lock(text, &mut out),
        Format::PnpmLock => pnpm_lock(text, &mut out),
        Format::Requirements => requirements(text, &mut out),
        Format::GoSum => go_sum(text, &mut out),
    }
    Ok(by_line(out.deps))
}

/// What a change introduces: entries of `new` whose (ecosystem, name, version) is not in
/// `old` — added packages and changed versions. Removed packages and unchanged ones are not
/// returned; line moves alone do not count.
pub fn added_or_bumped(old: &[Dependency], new: &[Dependency]) -> Vec<Dependency> {
    let before: HashSet<(Ecosystem, String, &str)> = old
        .iter()
        .map(|d| {
            (
                d.ecosystem,
                d.ecosystem.normalize(&d.name),
                d.version.trim(),
            )
        })
        .collect();
    new.iter()
        .filter(|d| {
            !before.contains(&(
                d.ecosystem,
                d.ecosystem.normalize(&d.name),
                d.version.trim(),
            ))
        })
        .cloned()
        .collect()
}

/// The entries a change to one lockfile introduces: [`added_or_bumped`] between its content
/// before (`None`: the file is new) and after. A before-version that no longer parses counts
/// as empty, so a repaired lockfile is checked in full; the after-version must parse.
pub fn introduced(
    path: &str,
    before: Option<&[u8]>,
    after: &[u8],
) -> Result<Vec<Dependency>, ParseError> {
    let new = dependencies(path, after)?;
    let old = before
        .and_then(|b| dependencies(path, b).ok())
        .unwrap_or_default();
    Ok(added_or_bumped(&old, &new))
}

struct Out<'a> {
    path: &'a str,
    deps: Vec<Dependency>,
}

impl Out<'_> {
    fn push(&mut self, ecosystem: Ecosystem, name: &str, version: &str, line: usize) {
        let (name, version) = (name.trim(), version.trim());
        if name.is_empty() || version.is_empty() {
            return;
        }
        self.deps.push(Dependency {
            ecosystem,
            name: name.to_string(),
            version: version.to_string(),
            path: self.path.to_string(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
        });
    }
}

/// Entries in file order, whatever order a reader visited them in.
fn by_line(mut deps: Vec<Dependency>) -> Vec<Dependency> {
    deps.sort_by_key(|d| d.line);
    deps
}

/// `key = "value"` on one line → value (basic or literal string).
fn toml_str<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let q = rest.chars().next()?;
    if q != '"' && q != '\'' {
        return None;
    }
    let body = &rest[1..];
    body.find(q).map(|end| &body[..end])
}

/// `[[package]]` tables as Cargo, poetry and uv write them: `name` and `version` on their
/// own lines before any sub-table. Cargo packages without `source` are workspace members;
/// uv/poetry packages whose source is editable, virtual or a directory are the project.
fn toml_packages(text: &str, eco: Ecosystem, out: &mut Out<'_>) {
    struct Pkg<'t> {
        name: Option<(&'t str, usize)>,
        version: Option<&'t str>,
        source: Option<&'t str>,
    }
    let mut cur: Option<Pkg<'_>> = None;
    let mut in_header_table = false;
    let flush = |p: Option<Pkg<'_>>, out: &mut Out<'_>| {
        let Some(p) = p else { return };
        let (Some((name, line)), Some(version)) = (p.name, p.version) else {
            return;
        };
        let local = match eco {
            Ecosystem::CratesIo => p.source.is_none(),
            _ => p.source.is_some_and(|s| {
                ["editable", "virtual", "directory", "path ="]
                    .iter()
                    .any(|k| s.contains(k))
            }),
        };
        if !local {
            out.push(eco, name, version, line);
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            if line == "[[package]]" {
                flush(cur.take(), out);
                cur = Some(Pkg {
                    name: None,
                    version: None,
                    source: None,
                });
                in_header_table = true;
            } else {
                if line == "[package.source]" {
                    if let Some(p) = cur.as_mut() {
                        p.source = Some("");
                    }
                }
                in_header_table = false;
            }
            continue;
        }
        let Some(p) = cur.as_mut() else { continue };
        if !in_header_table {
            // poetry's `[package.source]` table: `type = "directory"` marks a local package.
            if p.source == Some("") {
                if let Some(t) = toml_str(line, "type") {
                    if t == "directory" {
                        p.source = Some("directory");
                    }
                }
            }
            continue;
        }
        if let Some(n) = toml_str(line, "name") {
            p.name = Some((n, i + 1));
        } else if let Some(v) = toml_str(line, "version") {
            p.version = Some(v);
        } else if line.starts_with("source") {
            p.source = Some(line);
        }
    }
    flush(cur.take(), out);
}

fn json_error(path: &str, e: &serde_json::Error) -> ParseError {
    ParseError::Syntax {
        path: path.to_string(),
        line: u32::try_from(e.line()).unwrap_or(0),
        message: e.to_string(),
    }
}

/// Lines of JSON object keys opening an object (`"key": {`), first occurrence wins.
fn json_key_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut m = std::collections::HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim_start();
        let Some(rest) = t.strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find("\":") else {
            continue;
        };
        if rest[end + 2..].trim_start().starts_with('{') {
            m.entry(&rest[..end]).or_insert(i + 1);
        }
    }
    m
}

/// npm lockfile v2/v3: `packages` keyed by install path (`node_modules/a/node_modules/@s/b`);
/// the name is the last `node_modules/` segment unless the entry names itself (aliases).
/// Lockfile v1 (no `packages`): the nested `dependencies` tree.
fn package_lock(text: &str, out: &mut Out<'_>) -> Result<(), ParseError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(out.path, &e))?;
    let lines = json_key_lines(text);
    if let Some(pkgs) = v.get("packages").and_then(|p| p.as_object()) {
        for (key, p) in pkgs {
            let Some(idx) = key.rfind("node_modules/") else {
                continue; // the root project or a workspace member
            };
            if p.get("link").and_then(|l| l.as_bool()) == Some(true) {
                continue;
            }
            let name = p
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or(&key[idx + "node_modules/".len()..]);
            let Some(version) = p.get("version").and_then(|n| n.as_str()) else {
                continue;
            };
            if version.starts_with("file:") || version.starts_with("link:") {
                continue;
            }
            let line = lines.get(key.as_str()).copied().unwrap_or(0);
            out.push(Ecosystem::Npm, name, version, line);
        }
        return Ok(());
    }
    fn walk(
        deps: &serde_json::Map<String, serde_json::Value>,
        lines: &std::collections::HashMap<&str, usize>,
        out: &mut Out<'_>,
    ) {
        for (name, d) in deps {
            if let Some(version) = d.get("version").and_then(|n| n.as_str()) {
                // `npm:real@1.2.3` aliases name the real package.
                let (name, version) = match version
                    .strip_prefix("npm:")
                    .and_then(|s| s.rsplit_once('@'))
                {
                    Some((real, ver)) if !real.is_empty() => (real, ver),
                    _ => (name.as_str(), version),
                };
                if !version.starts_with("file:") && !version.contains("://") {
                    out.push(
                        Ecosystem::Npm,
                        name,
                        version,
                        lines.get(name).copied().unwrap_or(0),
                    );
                }
            }
            if let Some(sub) = d.get("dependencies").and_then(|s| s.as_object()) {
                walk(sub, lines, out);
            }
        }
    }
    if let Some(deps) = v.get("dependencies").and_then(|d| d.as_object()) {
        walk(deps, &lines, out);
    }
    Ok(())
}

/// The package name of a yarn/pnpm specifier `name@range` (`@scope/name@range`,
/// `name@npm:range`, `alias@npm:real@range`).
fn spec_name(spec: &str) -> &str {
    let spec = spec.trim().trim_matches('"');
    let at = spec[1.min(spec.len())..].find('@').map(|i| i + 1);
    let Some(at) = at else { return spec };
    let (name, range) = (&spec[..at], &spec[at + 1..]);
    if let Some(real) = range.strip_prefix("npm:") {
        // `alias@npm:real@^1` installs `real`.
        if let Some(i) = real[1.min(real.len())..].find('@') {
            return &real[..i + 1];
        }
    }
    name
}

/// yarn.lock v1 (`version "1.2.3"`) and berry (`version: 1.2.3`): an entry is an unindented
/// line of comma-separated specifiers ending in `:`, and its indented fields. Local entries
/// (`@workspace:`, `@link:`, `@portal:`, `@file:`) and `@patch:` duplicates are skipped.
fn yarn_lock(text: &str, out: &mut Out<'_>) {
    let mut header: Option<(&str, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        if !raw.starts_with(' ') {
            header = None;
            let h = raw.trim_end();
            if let Some(h) = h.strip_suffix(':') {
                if h != "__metadata" {
                    let first = h.split(',').next().unwrap_or(h).trim();
                    // A `@patch:` entry repeats the release its `@npm:` entry already lists.
                    let local = ["@workspace:", "@link:", "@portal:", "@file:", "@patch:"]
                        .iter()
                        .any(|k| first.contains(k));
                    if !local {
                        header = Some((first, i + 1));
                    }
                }
            }
            continue;
        }
        let Some((spec, line)) = header else { continue };
        let t = raw.trim();
        let version = t
            .strip_prefix("version ")
            .or_else(|| t.strip_prefix("version:"))
            .map(|v| v.trim().trim_matches('"'));
        if let Some(version) = version {
            out.push(Ecosystem::Npm, spec_name(spec), version, line);
            header = None;
        }
    }
}

/// pnpm-lock.yaml: keys of the top-level `packages:` map, two-space indented —
/// `/name/1.2.3` (v5), `/name@1.2.3(peer@x)` (v6), `name@1.2.3` (v9), quoted when scoped.
fn pnpm_lock(text: &str, out: &mut Out<'_>) {
    let mut in_packages = false;
    // Before lockfile v6 keys are `/name/version`, and a peer suffix may hold an `@`.
    let mut slash_keys = false;
    for (i, raw) in text.lines().enumerate() {
        if let Some(v) = raw.strip_prefix("lockfileVersion:") {
            let v = v.trim().trim_matches(|c| c == '\'' || c == '"');
            slash_keys = v
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok())
                .is_some_and(|m| m < 6);
        }
        if !raw.starts_with(' ') && !raw.trim().is_empty() {
            in_packages = raw.trim_end() == "packages:";
            continue;
        }
        if !in_packages || !raw.starts_with("  ") || raw.starts_with("   ") {
            continue;
        }
        let Some(key) = raw.trim().strip_suffix(':') else {
            continue;
        };
        let key = key.trim_matches(|c| c == '\'' || c == '"');
        let key = key.strip_prefix('/').unwrap_or(key);
        if key.contains(':') {
            continue; // `file:`, `link:`, tarball URLs
        }
        let key = key.split('(').next().unwrap_or(key);
        let at = key[1.min(key.len())..].find('@').filter(|_| !slash_keys);
        let (name, version) = if let Some(at) = at {
            let at = at + 1;
            (&key[..at], &key[at + 1..])
        } else {
            // v5: `name/version` with an optional `_peer+hash` suffix.
            let Some((name, version)) = key.rsplit_once('/') else {
                continue;
            };
            (name, version.split('_').next().unwrap_or(version))
        };
        out.push(Ecosystem::Npm, name, version, i + 1);
    }
}

/// `name==1.2.3` / `name[extra]===1.2.3 ; marker  \` pins; options, URLs, editables and
/// unpinned requirements are skipped.
fn requirements(text: &str, out: &mut Out<'_>) {
    let mut continued = false;
    for (i, raw) in text.lines().enumerate() {
        let was_continued = continued;
        continued = raw.trim_end().ends_with('\\');
        if was_continued {
            continue; // `--hash=…` continuation lines
        }
        let line = raw.split(" #").next().unwrap_or(raw).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') || line.contains("://")
        {
            continue;
        }
        let req = line
            .split(';')
            .next()
            .unwrap_or(line)
            .trim_end_matches('\\')
            .trim();
        let Some(eq) = req.find("==") else { continue };
        let name = req[..eq].split('[').next().unwrap_or("").trim();
        let version = req[eq + 2..].trim_start_matches('=').trim_start();
        let version = version.split([',', ' ']).next().unwrap_or("").trim();
        if version.contains('*') || name.is_empty() {
            continue;
        }
        out.push(Ecosystem::PyPI, name, version, i + 1);
    }
}

/// go.sum: `module version h1:…` lines; `version/go.mod` lines only record a go.mod the
/// build graph read, not a module that is built, so they are skipped.
fn go_sum(text: &str, out: &mut Out<'_>) {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for (i, raw) in text.lines().enumerate() {
        let mut parts = raw.split_whitespace();
        let (Some(module), Some(version)) = (parts.next(), parts.next()) else {
            continue;
        };
        if version.ends_with("/go.mod") || !seen.insert((module, version)) {
            continue;
        }
        out.push(Ecosystem::Go, module, version, i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names() {
        assert_eq!(spec_name("lodash@^4.17.20"), "lodash");
        assert_eq!(spec_name("\"@babel/core@^7.0.0\""), "@babel/core");
        assert_eq!(spec_name("lodash@npm:^4.17.20"), "lodash");
        assert_eq!(spec_name("my-lodash@npm:lodash@^4"), "lodash");
        assert_eq!(spec_name("@s/alias@npm:@s/real@^1"), "@s/real");
    }

    #[test]
    fn formats_by_file_name() {
        assert_eq!(Format::of("a/b/Cargo.lock"), Some(Format::CargoLock));
        assert_eq!(
            Format::of("requirements-dev.txt"),
            Some(Format::Requirements)
        );
        assert_eq!(
            Format::of("requirements/prod.txt"),
            Some(Format::Requirements)
        );
        assert_eq!(Format::of("notes.txt"), None);
    }
}
