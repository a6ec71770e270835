//! Rust: Cargo.toml dependency scopes (normal, dev, build, target-specific), workspace
//! members, renamed packages, 2015-edition crate-root modules, and Cargo.lock.

use super::out::shorten;
use super::{memo, Dir, Memo, Out, Project};
use crate::lang::rust as syntax;
use crate::manifest::cargo::{self, CargoToml};
use crate::manifest::lock::Eco;
use crate::{near, rules, stdlib};
use provenance_findings::Severity;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// Rust's caches, each filled once per directory on first need.
#[derive(Debug, Default)]
pub(super) struct Rust {
    /// A directory's Cargo.toml.
    manifests: Memo<Option<Arc<CargoToml>>>,
    /// The crate names of a workspace's members.
    members: Memo<Arc<HashSet<String>>>,
}

impl Rust {
    fn cargo_toml(&self, d: &Dir) -> Option<Arc<CargoToml>> {
        memo(&self.manifests, &d.abs, || {
            cargo::load(&d.abs, &d.show("Cargo.toml")).map(Arc::new)
        })
    }

    /// Resolve a Rust file's crate paths: std, names in scope, the crate itself and
    /// workspace members, Cargo.toml dependencies in the file's scope (normal, dev, build),
    /// then Cargo.lock.
    pub(super) fn check(
        &self,
        project: &Project,
        path: &str,
        dirs: &[Dir],
        mut file: syntax::RustFile,
        out: &mut Out,
    ) {
        let tomls: Vec<(Dir, Arc<CargoToml>)> = dirs
            .iter()
            .filter_map(|d| self.cargo_toml(d).map(|c| (d.clone(), c)))
            .collect();
        for (_, c) in &tomls {
            out.manifest_errors(&c.errors);
        }
        // A Cargo.toml without [package] (a virtual workspace) still says this is a Cargo
        // project, so a file outside its members stays `undeclared-import`.
        if tomls.is_empty() {
            out.no_manifest = Some("no manifest declares Rust dependencies here (no Cargo.toml between the file and the repository root)");
        }
        let krate = tomls
            .iter()
            .find(|(_, c)| c.package.is_some() || !c.errors.is_empty());
        let in_crate = krate.map(|(d, _)| {
            let prefix = if d.rel.is_empty() {
                String::new()
            } else {
                format!("{}/", d.rel)
            };
            path.strip_prefix(&prefix).unwrap_or(path).to_string()
        });
        let rel = in_crate.as_deref().unwrap_or(path);
        // tests/, benches/, examples/, and `tests.rs`/`test.rs` modules (by convention
        // `#[cfg(test)] mod tests;` in the parent) may use dev-dependencies.
        let file_name = rel.rsplit('/').next().unwrap_or(rel);
        let dev_file = ["tests/", "benches/", "examples/"]
            .iter()
            .any(|p| rel.starts_with(p))
            || rel.contains("/tests/")
            || matches!(file_name, "tests.rs" | "test.rs")
            || file_name.ends_with("_tests.rs")
            || file_name.ends_with("_test.rs");
        // `[[example]] path = "chat.rs"` (tokio's examples/Cargo.toml) is a dev target too.
        let dev_file =
            dev_file || krate.is_some_and(|(_, c)| c.dev_targets.iter().any(|t| t == rel));
        let build_file =
            krate.is_some_and(|(_, c)| c.build_script.as_deref().unwrap_or("build.rs") == rel);
        let mut members: HashSet<String> = HashSet::new();
        let mut members_loaded = false;
        // Compiler tooling (`#![feature(rustc_private)]`) links `rustc_*` and other sysroot
        // crates that no manifest declares.
        let rustc_private = file
            .extracted
            .imports
            .iter()
            .any(|i| i.module.starts_with("rustc_"));
        // trybuild compile-fail fixtures (`tests/ui/`, `tests/fail/`, `tests/compile-fail/`)
        // are written not to compile; their paths (`#[tokio::main(threadpool::bar)]`) are
        // inputs for an expected error message.
        let compile_fail = rel.split('/').collect::<Vec<_>>().windows(2).any(|w| {
            w[0] == "tests" && matches!(w[1], "ui" | "fail" | "compile-fail" | "compile_fail")
        });
        if compile_fail {
            for imp in &mut file.extracted.imports {
                if !imp.guarded {
                    imp.guarded = true;
                    imp.guard = "compile-fail test fixture, written not to compile";
                }
            }
        }
        for imp in &file.extracted.imports {
            let name = imp.module.as_str();
            if imp.local || stdlib::is_rust_std(name) || rustc_private {
                continue;
            }
            let Some((dir, c)) = krate else {
                let nm = near::closest(name, near::popular("crates").iter().copied(), |s| {
                    s.to_ascii_lowercase().replace('-', "_")
                });
                out.missing(
                    imp,
                    name,
                    "any Cargo.toml (none with a [package] between the file and the repository root)",
                    nm,
                );
                continue;
            };
            if !c.errors.is_empty() {
                continue;
            }
            let test_ctx = dev_file
                || imp.test_only
                || (cargo::declares(&c.dev, name) && is_test_module(&dir.abs, rel, 0));
            let ok = if build_file {
                cargo::declares(&c.build, name)
            } else {
                cargo::declares(&c.normal, name) || (test_ctx && cargo::declares(&c.dev, name))
            };
            if ok || c.crate_name().as_deref() == Some(name) {
                continue;
            }
            // 2015 edition: `use x::` may name a module at the crate root.
            if c.edition == "2015" && file.use_roots.contains(name) {
                let src = dir.abs.join("src");
                if src.join(format!("{name}.rs")).is_file() || src.join(name).is_dir() {
                    continue;
                }
            }
            if !members_loaded {
                members_loaded = true;
                for (d, t) in &tomls {
                    if let Some(m) = &t.workspace_members {
                        members.extend(
                            memo(&self.members, &d.abs, || {
                                Arc::new(cargo::member_names(&d.abs, m))
                            })
                            .iter()
                            .cloned(),
                        );
                    }
                }
            }
            if members.contains(name) {
                continue;
            }
            let manifest = dir.show("Cargo.toml");
            let section = if build_file {
                "[build-dependencies]"
            } else if test_ctx {
                "[dependencies] or [dev-dependencies]"
            } else {
                "[dependencies]"
            };
            let declared: Vec<String> = if build_file {
                c.build.keys().cloned().collect()
            } else {
                c.normal.keys().cloned().collect()
            };
            let mut declared = declared;
            declared.sort();
            let misplaced = if !build_file && cargo::declares(&c.dev, name) {
                Some(format!("`{name}` is a dev-dependency in {manifest} but is used outside tests/benches/examples and #[cfg(test)] code"))
            } else if !build_file && cargo::declares(&c.build, name) {
                Some(format!("`{name}` is a build-dependency in {manifest} but is used outside the build script"))
            } else if build_file
                && (cargo::declares(&c.normal, name) || cargo::declares(&c.dev, name))
            {
                Some(format!("`{name}` is used in the build script but is not in [build-dependencies] of {manifest}"))
            } else {
                None
            };
            if let Some(msg) = misplaced {
                let (rule, sev) = if imp.guarded {
                    (rules::GUARDED_IMPORT, Severity::Info)
                } else {
                    (rules::UNDECLARED_IMPORT, Severity::High)
                };
                out.push(rule, sev, imp.line, imp.column, name, msg);
                continue;
            }
            let where_ = format!("{section} of {manifest} (declared: {})", shorten(&declared));
            let mut candidates: Vec<String> =
                c.normal.keys().chain(c.dev.keys()).cloned().collect();
            candidates.extend(near::popular("crates").iter().map(|s| s.to_string()));
            if !imp.guarded {
                let mut roots: Vec<String> = c
                    .normal
                    .keys()
                    .chain(c.dev.keys())
                    .chain(c.build.keys())
                    .map(|k| Eco::Cargo.norm(k))
                    .collect();
                roots.sort();
                let target = Eco::Cargo.norm(name);
                let find = |set: &HashSet<String>| set.contains(&target).then(|| target.clone());
                if let Some(how) =
                    project.transitive(dirs, Eco::Cargo, &roots, &[], &find, None, out)
                {
                    out.transitive(imp, name, &format!("`{name}`"), &how, &where_);
                    continue;
                }
            }
            let nm = near::closest(name, candidates.iter().map(String::as_str), |s| {
                s.to_ascii_lowercase().replace('-', "_")
            });
            out.missing(imp, name, &where_, nm);
        }
    }
}

/// Is the module file `rel` (relative to the crate dir) declared `#[cfg(test)] mod x;` by its
/// parent module (read from disk), or is its parent itself test-only?
fn is_test_module(crate_dir: &Path, rel: &str, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    let Some(stem) = rel.strip_suffix(".rs") else {
        return false;
    };
    let (dir, file) = stem.rsplit_once('/').unwrap_or(("", stem));
    if matches!(file, "lib" | "main") && dir == "src" {
        return false;
    }
    // `a/b/mod.rs` is module `b` declared by `a.rs`/`a/mod.rs`; `a/b.rs` is `b` declared by
    // `a.rs`, `a/mod.rs`, or (at `src/`) `lib.rs`/`main.rs`.
    let (name, parent_dir) = if file == "mod" {
        match dir.rsplit_once('/') {
            Some((pd, n)) => (n, pd),
            None => return false,
        }
    } else {
        (file, dir)
    };
    let mut parents: Vec<String> = Vec::new();
    if parent_dir == "src" {
        parents.push("src/lib.rs".into());
        parents.push("src/main.rs".into());
    } else if !parent_dir.is_empty() {
        parents.push(format!("{parent_dir}.rs"));
        parents.push(format!("{parent_dir}/mod.rs"));
    }
    parents.iter().any(|p| {
        crate::manifest::read_text(&crate_dir.join(p)).is_some_and(|src| {
            syntax::declares_test_module(&src, name) || is_test_module(crate_dir, p, depth + 1)
        })
    })
}
