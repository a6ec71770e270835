//! Declared dependencies: does each package a manifest declares exist? Evidence, in order:
//! a lockfile of the same project or installed metadata (site-packages, `node_modules`,
//! Cargo's registry cache, Go's module cache) → it exists; listed in the registry name
//! index → it exists; otherwise, with an index that lists every name, it does not exist
//! (high), naming the nearest real packages; with a partial index the finding says what the
//! index covers and how old it is. Independently, a name that imitates a popular package
//! (typo, separator, affix, word order) is high even when it exists: squatters register
//! exactly those names.

use super::{Dir, Project, VENDORED};
use crate::manifest::lock::Eco;
use crate::rules;
use crate::GATE;
use provenance_deps::{Coverage, Declared, Ecosystem, Index, Origin, Registry};
use provenance_findings::{fingerprint, Finding, Severity};
use std::path::{Path, PathBuf};

/// How declared dependencies are checked: the registry indexes, private-name globs, the
/// minimum age of a package, and today's date (for index and package ages).
#[derive(Debug)]
pub struct DeclaredChecks {
    registry: Registry,
    private: Vec<String>,
    min_age_days: u32,
    today: chrono::NaiveDate,
    cargo_home: Option<PathBuf>,
    go_mod_cache: Option<PathBuf>,
    go_private: Vec<String>,
}

impl Default for DeclaredChecks {
    fn default() -> Self {
        DeclaredChecks::new(Registry::new(None))
    }
}

impl DeclaredChecks {
    /// Checks against `registry`, with no private names, `min_age_days` 30, today's date, and
    /// Cargo's and Go's caches where the environment (`CARGO_HOME`, `GOMODCACHE`, `GOPATH`,
    /// `HOME`) puts them; `GOPRIVATE` and `GONOPROXY` name private Go modules.
    pub fn new(registry: Registry) -> DeclaredChecks {
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home = env("HOME");
        let go_private = ["GOPRIVATE", "GONOPROXY"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .flat_map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|s| !s.is_empty())
            .collect();
        DeclaredChecks {
            registry,
            private: Vec::new(),
            min_age_days: 30,
            today: chrono::Utc::now().date_naive(),
            cargo_home: env("CARGO_HOME").or_else(|| home.as_ref().map(|h| h.join(".cargo"))),
            go_mod_cache: env("GOMODCACHE")
                .or_else(|| env("GOPATH").map(|g| g.join("pkg/mod")))
                .or_else(|| home.as_ref().map(|h| h.join("go/pkg/mod"))),
            go_private,
        }
    }

    /// Names served by a private index (globs with `*`), never looked up.
    pub fn with_private(mut self, globs: Vec<String>) -> DeclaredChecks {
        self.private = globs;
        self
    }

    /// The minimum age in days of a package that is not popular (where the index has dates).
    pub fn with_min_age_days(mut self, days: u32) -> DeclaredChecks {
        self.min_age_days = days;
        self
    }

    /// The date ages are computed against.
    pub fn with_today(mut self, today: chrono::NaiveDate) -> DeclaredChecks {
        self.today = today;
        self
    }

    /// Where Cargo keeps its registry cache (`None`: not consulted).
    pub fn with_cargo_home(mut self, dir: Option<PathBuf>) -> DeclaredChecks {
        self.cargo_home = dir;
        self
    }
}

/// What checking one manifest found.
#[derive(Debug, Default)]
pub struct ManifestCheck {
    /// Findings, one per declaration at most.
    pub findings: Vec<Finding>,
    /// Why the gate could not decide (a manifest that does not parse, an index that cannot be
    /// read), each naming the file: the gate is degraded.
    pub problems: Vec<String>,
}

/// Whether `path` is a manifest whose declared dependencies are checked.
pub fn is_manifest(path: &str) -> bool {
    provenance_deps::manifest_kind(path).is_some()
}

/// `*` matches any run of characters, `?` one.
fn glob_match(glob: &str, name: &str) -> bool {
    fn go(g: &[u8], n: &[u8]) -> bool {
        match (g.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&g[1..], n) || (!n.is_empty() && go(g, &n[1..])),
            (Some(b'?'), Some(_)) => go(&g[1..], &n[1..]),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => go(&g[1..], &n[1..]),
            _ => false,
        }
    }
    go(glob.as_bytes(), name.as_bytes())
}

/// Scopes an `.npmrc` sends to their own registry (`@acme:registry=…`).
fn npmrc_scopes(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(".npmrc")) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let (k, _) = l.trim().split_once('=')?;
            let scope = k.trim().strip_suffix(":registry")?;
            scope.starts_with('@').then(|| scope.to_string())
        })
        .collect()
}

fn eco_of(e: Ecosystem) -> Eco {
    match e {
        Ecosystem::PyPI => Eco::Python,
        Ecosystem::Npm => Eco::Npm,
        Ecosystem::Crates => Eco::Cargo,
        Ecosystem::Go => Eco::Go,
    }
}

/// Cargo's index cache path of a crate: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`.
fn cargo_index_path(name: &str) -> String {
    match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    }
}

/// Go's module cache escapes upper-case letters as `!` + lower case.
fn go_escape(module: &str) -> String {
    let mut out = String::with_capacity(module.len());
    for c in module.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn age(today: chrono::NaiveDate, then: chrono::NaiveDate) -> String {
    let days = (today - then).num_days();
    match days {
        d if d < 1 => "from today".to_string(),
        1 => "1 day old".to_string(),
        d => format!("{d} days old"),
    }
}

fn suggestions(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    format!("; did you mean {}?", list.join(", "))
}

impl Project {
    /// Check the dependencies the manifest at `path` (root-relative, `/`-separated) with
    /// `content` declares on `lines` (1-based inclusive ranges: what a change added; `None`:
    /// every line); `None` when the path is not a manifest (or is vendored).
    pub fn check_manifest(
        &self,
        path: &str,
        content: &[u8],
        lines: Option<&[(u32, u32)]>,
    ) -> Option<ManifestCheck> {
        if path.split('/').any(|c| VENDORED.contains(&c)) {
            return None;
        }
        let text = String::from_utf8_lossy(content);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let declared = provenance_deps::declared(path, text)?;
        let mut check = ManifestCheck::default();
        let declared = match declared {
            Ok(d) => d,
            Err(e) => {
                check
                    .problems
                    .push(format!("{e}; its dependencies were not checked"));
                return Some(check);
            }
        };
        let dirs = self.dirs(path);
        let settings = &self.declared;
        let scopes: Vec<String> = dirs.iter().flat_map(|d| npmrc_scopes(&d.abs)).collect();
        let added =
            |line: u32| lines.is_none_or(|r| r.iter().any(|(a, b)| (*a..=*b).contains(&line)));
        for d in &declared {
            if d.name.is_empty() || !added(d.line) {
                continue;
            }
            if let Origin::NotRegistry(_) | Origin::PrivateIndex(_) = d.origin {
                continue;
            }
            let private = settings.private.iter().any(|g| glob_match(g, &d.name))
                || (d.ecosystem == Ecosystem::Npm
                    && scopes.iter().any(|s| d.name.starts_with(&format!("{s}/"))))
                || (d.ecosystem == Ecosystem::Go
                    && settings
                        .go_private
                        .iter()
                        .any(|g| glob_match(g, &d.name) || glob_match(&format!("{g}/*"), &d.name)));
            if private {
                continue;
            }
            let index = match settings.registry.index(d.ecosystem) {
                Some(Ok(i)) => Some(i),
                Some(Err(e)) => {
                    let p = format!(
                        "{e}; the {} dependencies of {path} were not checked",
                        d.ecosystem
                    );
                    if !check.problems.contains(&p) {
                        check.problems.push(p);
                    }
                    continue;
                }
                None => None,
            };
            if let Some(f) = self.check_one(path, d, index, &dirs) {
                check.findings.push(f);
            }
        }
        Some(check)
    }

    fn check_one(
        &self,
        path: &str,
        d: &Declared,
        index: Option<&Index>,
        dirs: &[Dir],
    ) -> Option<Finding> {
        let settings = &self.declared;
        let eco = d.ecosystem;
        let norm = eco.normalize(&d.name);
        let finding = |rule: &str, severity: Severity, message: String| {
            Finding::new(GATE, rule, severity, path, d.line)
                .with_message(message)
                .with_snippet(d.name.clone())
                .with_fingerprint(fingerprint(rule, path, &norm))
        };
        if let Some(index) = index {
            if let Some(l) = provenance_deps::lookalike(index, &norm) {
                let listed = if index.contains(&norm) {
                    "it exists, but "
                } else {
                    ""
                };
                return Some(finding(
                    rules::LOOKALIKE_PACKAGE,
                    Severity::High,
                    format!(
                        "`{}` {} `{}`, a popular {eco} package ({} in the index of {}); {listed}names like it are what typosquatters register; did you mean `{}`?",
                        d.name,
                        l.how,
                        l.target,
                        ordinal(l.rank),
                        index.meta().snapshot.format("%Y-%m-%d"),
                        l.target
                    ),
                ));
            }
        }
        if self.evidence(eco, &norm, dirs) {
            return None;
        }
        let Some(index) = index else {
            return Some(finding(
                rules::UNVERIFIED_PACKAGE,
                Severity::Info,
                format!(
                    "`{}` could not be checked: provenance has no {eco} name index, and no go.sum or module cache lists it",
                    d.name
                ),
            ));
        };
        let meta = index.meta();
        let dated = format!(
            "{}, {}",
            meta.snapshot.format("%Y-%m-%d"),
            age(settings.today, meta.snapshot)
        );
        if let Some(entry) = index.get(&norm) {
            let young = entry.first_release.filter(|first| {
                entry.rank.is_none()
                    && (settings.today - *first).num_days() < i64::from(settings.min_age_days)
            });
            return young.map(|first| {
                finding(
                    rules::NEW_PACKAGE,
                    Severity::Medium,
                    format!(
                        "`{}` first appeared on {} ({}), less than min_age_days = {} ago, and is not a popular package: new, little-used names are how squatted packages look",
                        d.name,
                        first.format("%Y-%m-%d"),
                        age(settings.today, first),
                        settings.min_age_days
                    ),
                )
            });
        }
        let near = suggestions(&provenance_deps::nearest(index, &norm, 3));
        let evidence = match eco {
            Ecosystem::PyPI => "no lockfile or installed package has it",
            Ecosystem::Npm => "no lockfile or node_modules has it",
            Ecosystem::Crates => "no Cargo.lock or Cargo cache has it",
            Ecosystem::Go => "no go.sum or module cache has it",
        };
        Some(match meta.coverage {
            Coverage::Complete => finding(
                rules::UNKNOWN_PACKAGE,
                Severity::High,
                format!(
                    "`{}` is not a {eco} package: the index of every {eco} name (snapshot {dated}) does not list it and {evidence}{near}{} An invented name can be registered by anyone, with anything in it",
                    d.name,
                    dot(&near)
                ),
            ),
            Coverage::Popular => finding(
                rules::UNKNOWN_PACKAGE,
                Severity::High,
                format!(
                    "`{}` is not a known {eco} package: the partial index of {} (snapshot {dated}) does not list it and {evidence}: it is invented, or too little used to trust unreviewed{near}",
                    d.name, meta.description
                ),
            ),
            Coverage::Sample => finding(
                rules::UNVERIFIED_PACKAGE,
                Severity::Info,
                format!(
                    "`{}` could not be checked: the {eco} index is partial ({}; snapshot {dated}) and {evidence}; run `provenance registry update --ecosystem {} --from …` with a full listing{near}",
                    d.name,
                    meta.description,
                    eco.id()
                ),
            ),
        })
    }

    /// A lockfile between the manifest and the root, or installed metadata, has the package.
    fn evidence(&self, eco: Ecosystem, norm: &str, dirs: &[Dir]) -> bool {
        let e = eco_of(eco);
        let lock_name = e.norm(norm);
        for d in dirs {
            for l in self.locks(d, e).iter() {
                if l.graph.names.contains(&lock_name) || l.graph.names.contains(norm) {
                    return true;
                }
            }
        }
        match eco {
            Ecosystem::PyPI => dirs.iter().any(|d| {
                crate::symbols::python::site_packages_in(&d.abs)
                    .iter()
                    .any(|sp| {
                        std::fs::read_dir(sp)
                            .into_iter()
                            .flatten()
                            .flatten()
                            .any(|e| {
                                let f = e.file_name().to_string_lossy().into_owned();
                                let stem = f
                                    .strip_suffix(".dist-info")
                                    .or_else(|| f.strip_suffix(".egg-info"));
                                stem.and_then(|s| s.split('-').next())
                                    .is_some_and(|s| Ecosystem::PyPI.normalize(s) == norm)
                            })
                    })
            }),
            Ecosystem::Npm => dirs.iter().any(|d| {
                d.abs
                    .join("node_modules")
                    .join(norm)
                    .join("package.json")
                    .is_file()
            }),
            Ecosystem::Crates => self.declared.cargo_home.as_ref().is_some_and(|home| {
                let reg = home.join("registry");
                let rel = cargo_index_path(norm);
                let alt = rel.replace('-', "_");
                let in_index = std::fs::read_dir(reg.join("index"))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .any(|i| {
                        let cache = i.path().join(".cache");
                        cache.join(&rel).is_file() || cache.join(&alt).is_file()
                    });
                in_index
                    || std::fs::read_dir(reg.join("src"))
                        .into_iter()
                        .flatten()
                        .flatten()
                        .any(|s| {
                            std::fs::read_dir(s.path())
                                .into_iter()
                                .flatten()
                                .flatten()
                                .any(|c| {
                                    let n = c.file_name().to_string_lossy().into_owned();
                                    provenance_deps::crate_dir_name(&n).is_some_and(|(name, _)| {
                                        Ecosystem::Crates.normalize(name) == norm
                                    })
                                })
                        })
            }),
            Ecosystem::Go => self.declared.go_mod_cache.as_ref().is_some_and(|c| {
                c.join("cache/download")
                    .join(go_escape(norm))
                    .join("@v")
                    .is_dir()
            }),
        }
    }
}

fn dot(near: &str) -> &'static str {
    if near.is_empty() {
        "."
    } else {
        ""
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("the {n}{suffix} most used")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("@acme/*", "@acme/ui"));
        assert!(glob_match("acme-*", "acme-core"));
        assert!(!glob_match("acme-*", "acme"));
        assert!(glob_match("github.com/acme/*", "github.com/acme/x"));
    }

    #[test]
    fn only_the_given_lines_are_checked() {
        let d = tempfile::tempdir().unwrap();
        let p = Project::new(d.path());
        let text = b"fastjsonx\nrequests\nreqeusts-helperx\n";
        let all = p.check_manifest("requirements.txt", text, None).unwrap();
        assert_eq!(all.findings.len(), 2, "{:?}", all.findings);
        let added = p
            .check_manifest("requirements.txt", text, Some(&[(2, 2)]))
            .unwrap();
        assert!(added.findings.is_empty(), "{:?}", added.findings);
        let bad = p
            .check_manifest("package.json", b"{\"dependencies\": [", Some(&[(5, 5)]))
            .unwrap();
        assert_eq!(
            bad.problems.len(),
            1,
            "a manifest that does not parse is undecided whatever changed"
        );
        assert!(p
            .check_manifest("node_modules/x/package.json", b"{}", None)
            .is_none());
        assert!(p.check_manifest("README.md", b"", None).is_none());
    }

    #[test]
    fn cache_paths() {
        assert_eq!(cargo_index_path("a"), "1/a");
        assert_eq!(cargo_index_path("syn"), "3/s/syn");
        assert_eq!(cargo_index_path("serde"), "se/rd/serde");
        assert_eq!(
            go_escape("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
        assert_eq!(ordinal(1), "the 1st most used");
        assert_eq!(ordinal(12), "the 12th most used");
        assert_eq!(ordinal(23), "the 23rd most used");
    }
}
