//! JavaScript/TypeScript: package.json (dependencies, workspaces), tsconfig/jsconfig
//! aliases, bundler externals, `node_modules` metadata, and the symbol checks against
//! installed entry points.

use super::out::shorten;
use super::tree::Installed;
use super::{memo, Dir, Memo, Out, Project};
use crate::import::Extracted;
use crate::lang::js as syntax;
use crate::manifest::lock::{self, Eco};
use crate::manifest::node::{self, PackageJson, TsConfig};
use crate::symbols::{self, Lookup, ParseCache};
use crate::{near, rules, stdlib};
use provenance_findings::Severity;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// JavaScript/TypeScript's caches, each filled once per directory on first need.
#[derive(Debug, Default)]
pub(super) struct Js {
    /// A directory's package.json.
    packages: Memo<Option<Arc<PackageJson>>>,
    /// The package names of a package.json's workspaces.
    workspaces: Memo<Arc<HashSet<String>>>,
    /// A directory's tsconfig.json/jsconfig.json.
    tsconfigs: Memo<Option<Arc<TsConfig>>>,
    /// `external: [...]` of the bundler configs beside a package.json.
    externals: Memo<Arc<HashSet<String>>>,
    /// Per installed package directory: what its package.json requires.
    requires: Memo<Arc<Vec<String>>>,
    /// Exports of parsed installed sources.
    exports: ParseCache<syntax::Exports>,
}

impl Js {
    fn package_json(&self, d: &Dir) -> Option<Arc<PackageJson>> {
        memo(&self.packages, &d.abs, || {
            node::load_package_json(&d.abs, &d.show("package.json")).map(Arc::new)
        })
    }

    fn tsconfig(&self, d: &Dir) -> Option<Arc<TsConfig>> {
        memo(&self.tsconfigs, &d.abs, || {
            node::load_tsconfig(&d.abs).map(Arc::new)
        })
    }

    /// Resolve a JS/TS file's imports: builtins, relative/`#` specifiers, workspace
    /// packages and tsconfig aliases, package.json declarations and bundler externals,
    /// then the dependency tree; names imported from declared packages are checked
    /// against their installed entry points.
    pub(super) fn check(
        &self,
        project: &Project,
        path: &str,
        dirs: &[Dir],
        ex: Extracted,
        out: &mut Out,
    ) {
        let pkgs: Vec<(Dir, Arc<PackageJson>)> = dirs
            .iter()
            .filter_map(|d| self.package_json(d).map(|p| (d.clone(), p)))
            .collect();
        for (_, p) in &pkgs {
            out.manifest_errors(&p.errors);
        }
        out.example = project.example_dir(path, pkgs.iter().map(|(d, _)| d.rel.as_str()));
        let where_ = match pkgs.first() {
            Some((dir, _)) => {
                let all: Vec<String> = pkgs
                    .iter()
                    .flat_map(|(_, p)| p.names.iter().cloned())
                    .collect();
                format!("{} (declared: {})", dir.show("package.json"), shorten(&all))
            }
            None => "any package.json (none between the file and the repository root)".to_string(),
        };
        let no_manifest = pkgs.is_empty();
        if no_manifest {
            out.no_manifest = Some("no manifest declares JavaScript/TypeScript dependencies here (no package.json between the file and the repository root), and it is not in node_modules");
        }
        let vouched = if no_manifest {
            "the package is installed locally (no package.json declares dependencies here)"
                .to_string()
        } else {
            format!("the package is declared in {where_}")
        };
        let abs_dirs: Vec<PathBuf> = dirs.iter().map(|d| d.abs.clone()).collect();
        let mut unavailable_reported: HashSet<String> = HashSet::new();
        for imp in &ex.imports {
            let spec = imp.module.as_str();
            if imp.local || spec.is_empty() || spec.starts_with('#') {
                continue;
            }
            if let Some(rest) = spec.strip_prefix("node:") {
                if !stdlib::is_node_builtin(spec) {
                    out.push(
                        rules::UNDECLARED_IMPORT,
                        if imp.guarded { Severity::Info } else { Severity::High },
                        imp.line,
                        imp.column,
                        spec,
                        format!("`{spec}` is not a Node.js builtin module (`node:` is reserved for builtins; no `{rest}` builtin exists)"),
                    );
                }
                continue;
            }
            // Other URL-like schemes (`virtual:`, `bun:`, `https:`, `data:`) are resolved by tools.
            if spec.contains(':') || stdlib::is_node_builtin(spec) {
                continue;
            }
            let pkg = node::package_name(spec);
            // `~utils`, `@imported`: names npm cannot publish are aliases of the build setup.
            if !node::is_publishable_name(pkg) {
                continue;
            }
            let types = node::types_package(pkg);
            let mut declared = pkgs.iter().any(|(_, p)| {
                p.declared.contains(pkg)
                    || p.declared.contains(&types)
                    || p.own.as_deref() == Some(pkg)
            });
            let local = !declared
                && (self.is_local(spec, pkg, dirs, &pkgs)
                    || self.bundler_external(spec, pkg, &pkgs));
            // With no package.json at all, a package in the project's own node_modules is
            // the best evidence there is that it is real and meant: accept it, and check its
            // names against its installed source.
            if !declared && !local && no_manifest {
                declared = symbols::js::find_package(&abs_dirs, pkg).is_some()
                    || symbols::js::find_package(&abs_dirs, &types).is_some();
            }
            if !declared && !local {
                if !imp.guarded {
                    if let Some(how) = self.transitive(project, dirs, &abs_dirs, &pkgs, pkg, out) {
                        out.transitive(imp, pkg, &format!("`{pkg}`"), &how, &where_);
                        continue;
                    }
                }
                let mut candidates: Vec<&str> = pkgs
                    .iter()
                    .flat_map(|(_, p)| p.names.iter().map(String::as_str))
                    .collect();
                candidates.extend(near::popular("npm"));
                let nm = near::closest(pkg, candidates, |s| s.to_ascii_lowercase());
                let note = match symbols::js::find_package(&abs_dirs, pkg) {
                    Some(_) => "; it is in node_modules, probably as another package's dependency — declare it if you import it",
                    None => "",
                };
                out.missing_with(imp, pkg, &format!("`{pkg}`"), &where_, nm, note);
                continue;
            }
            if !declared {
                continue;
            }
            // Symbols: named imports and `ns.func(` on a namespace / require binding.
            let calls: Vec<(&str, u32, u32)> = match &imp.binding {
                Some(b) => ex
                    .attr_calls
                    .iter()
                    .filter(|c| &c.binding == b)
                    .map(|c| (c.attr.as_str(), c.line, c.column))
                    .collect(),
                None => Vec::new(),
            };
            let names: Vec<(&str, u32, u32)> = imp
                .names
                .iter()
                .filter(|n| n.name != "default")
                .map(|n| (n.name.as_str(), n.line, n.column))
                .chain(calls)
                .collect();
            if names.is_empty() {
                continue;
            }
            let sub = spec.strip_prefix(pkg).unwrap_or("").trim_start_matches('/');
            let mut files = Vec::new();
            if let Some(dir) = symbols::js::find_package(&abs_dirs, pkg) {
                files = symbols::js::entry_files(&dir, sub);
            }
            if let Some(dir) = symbols::js::find_package(&abs_dirs, &types) {
                files.extend(symbols::js::entry_files(&dir, sub));
            }
            let type_only = imp.type_only || imp.names.iter().all(|n| n.type_only);
            if files.is_empty() {
                // Types may come from ambient declarations; only runtime names are reported.
                if !type_only && unavailable_reported.insert(pkg.to_string()) {
                    let looked = if symbols::js::has_node_modules(&abs_dirs) {
                        "not found in node_modules"
                    } else {
                        "no node_modules between the file and the repository root"
                    };
                    out.push(
                        rules::SYMBOL_CHECK_UNAVAILABLE,
                        Severity::Info,
                        imp.line,
                        imp.column,
                        pkg,
                        format!("`{spec}` is not installed locally, so the names imported from it were not checked ({looked})"),
                    );
                }
                continue;
            }
            let mut seen = HashSet::new();
            for (name, line, col) in names {
                if !seen.insert(name) {
                    continue;
                }
                if let Lookup::Unknown(f) = symbols::js::lookup(&files, name, &self.exports) {
                    let inspected = f.first().map(|p| project.display(p)).unwrap_or_default();
                    let (rule, sev) = if imp.guarded {
                        (rules::GUARDED_IMPORT, Severity::Info)
                    } else {
                        (rules::UNKNOWN_SYMBOL, Severity::High)
                    };
                    out.push(
                        rule,
                        sev,
                        line,
                        col,
                        &format!("{spec}.{name}"),
                        format!("`{name}` is not exported by `{spec}` (inspected the installed source {inspected}); {vouched}"),
                    );
                }
            }
        }
    }

    /// [`Project::transitive`] for an npm package: node_modules `package.json` files are the
    /// installed metadata.
    fn transitive(
        &self,
        project: &Project,
        dirs: &[Dir],
        abs_dirs: &[PathBuf],
        pkgs: &[(Dir, Arc<PackageJson>)],
        pkg: &str,
        out: &mut Out,
    ) -> Option<String> {
        let mut roots: Vec<String> = pkgs
            .iter()
            .flat_map(|(_, p)| p.names.iter().cloned())
            .collect();
        roots.sort();
        roots.dedup();
        let is_installed = |n: &str| symbols::js::find_package(abs_dirs, n).is_some();
        let requires = |n: &str| -> Vec<String> {
            match symbols::js::find_package(abs_dirs, n) {
                Some(dir) => {
                    (*memo(&self.requires, &dir, || Arc::new(lock::npm_installed(&dir)))).clone()
                }
                None => Vec::new(),
            }
        };
        // `import type … from "estree"` is served by `@types/estree`.
        let types = node::types_package(pkg);
        let find = |set: &HashSet<String>| {
            [pkg, types.as_str()]
                .into_iter()
                .find(|n| set.contains(*n))
                .map(str::to_string)
        };
        let installed: Installed =
            symbols::js::has_node_modules(abs_dirs).then_some((&is_installed, &requires));
        project.transitive(
            dirs,
            Eco::Npm,
            &roots,
            &[pkg.to_string()],
            &find,
            installed,
            out,
        )
    }

    /// Is `spec` listed in `external: [...]` of a bundler config beside a package.json?
    fn bundler_external(&self, spec: &str, pkg: &str, pkgs: &[(Dir, Arc<PackageJson>)]) -> bool {
        pkgs.iter().any(|(d, _)| {
            memo(&self.externals, &d.abs, || {
                Arc::new(node::bundler_externals(&d.abs))
            })
            .iter()
            .any(|e| e == spec || e == pkg)
        })
    }

    fn is_local(
        &self,
        spec: &str,
        pkg: &str,
        dirs: &[Dir],
        pkgs: &[(Dir, Arc<PackageJson>)],
    ) -> bool {
        for (d, p) in pkgs {
            if p.workspaces.is_empty() {
                continue;
            }
            let names = memo(&self.workspaces, &d.abs, || {
                Arc::new(node::workspace_names(&d.abs, &p.workspaces))
            });
            if names.contains(pkg) {
                return true;
            }
        }
        // The nearest tsconfig/jsconfig decides aliases (`@/x`, `~/x`) and `baseUrl` imports.
        if let Some(ts) = dirs.iter().find_map(|d| self.tsconfig(d)) {
            if ts.matches(spec) {
                return true;
            }
            if let Some(base) = &ts.base_url {
                let p = base.join(spec);
                let exts = ["", ".ts", ".tsx", ".js", ".jsx", ".d.ts", ".mjs", ".json"];
                if exts
                    .iter()
                    .any(|e| PathBuf::from(format!("{}{e}", p.display())).is_file())
                    || p.is_dir()
                {
                    return true;
                }
            }
        }
        false
    }
}
