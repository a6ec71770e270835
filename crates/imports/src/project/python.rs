//! Python: manifests (pyproject.toml, requirements*, setup.cfg/setup.py, Pipfile, tox/nox
//! test environments), project-local modules, `.venv`/`venv`/`__pypackages__` environments
//! and their metadata, and the symbol checks against installed sources.

use super::out::shorten;
use super::tree::Installed;
use super::{memo, Dir, Memo, Out, Project};
use crate::import::Extracted;
use crate::lang::python as syntax;
use crate::manifest::lock::{self, Eco, Graph};
use crate::manifest::python::{self as pyman, normalize, PyDecl};
use crate::symbols::{self, Lookup, ParseCache};
use crate::{near, pymap, rules, stdlib};
use provenance_findings::Severity;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Python's caches, each filled once per directory (or environment) on first need.
#[derive(Debug, Default)]
pub(super) struct Python {
    /// The merged declarations of the manifests in a directory.
    decls: Memo<Option<Arc<PyDecl>>>,
    /// The `site-packages` directories of a directory's `.venv`/`venv`/`__pypackages__`.
    venvs: Memo<Arc<Vec<PathBuf>>>,
    /// The subdirectories of a directory holding `conftest.py` (test import roots).
    conftest_children: Memo<Arc<Vec<PathBuf>>>,
    /// Per `site-packages`: import name → installed distributions.
    installed: Memo<Arc<HashMap<String, Vec<String>>>>,
    /// Per `site-packages`: the installed distributions' `Requires-Dist` graph.
    requires: Memo<Arc<Graph>>,
    /// Module-level names of parsed installed sources.
    modules: ParseCache<syntax::ModuleNames>,
}

impl Python {
    fn decl(&self, d: &Dir) -> Option<Arc<PyDecl>> {
        memo(&self.decls, &d.abs, || {
            pyman::load(&d.abs, &d.rel).map(Arc::new)
        })
    }

    fn site_packages(&self, dirs: &[Dir]) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for d in dirs {
            let sp = memo(&self.venvs, &d.abs, || {
                Arc::new(symbols::python::site_packages_in(&d.abs))
            });
            out.extend(sp.iter().cloned());
        }
        out
    }

    fn installed_dists(&self, sps: &[PathBuf], top: &str) -> Vec<String> {
        let mut out = Vec::new();
        for sp in sps {
            let m = memo(&self.installed, sp, || Arc::new(pymap::installed_map(sp)));
            if let Some(v) = m.get(top) {
                out.extend(v.iter().cloned());
            }
        }
        out
    }

    fn is_local(&self, top: &str, dirs: &[Dir], decls: &[(Dir, Arc<PyDecl>)]) -> bool {
        let n = normalize(top);
        if decls.iter().any(|(_, d)| d.own.contains(&n)) {
            return true;
        }
        let has = |base: &Path| {
            base.join(top).is_dir()
                || base.join(format!("{top}.py")).is_file()
                || base.join(format!("{top}.pyi")).is_file()
        };
        if dirs.iter().any(|d| has(&d.abs) || has(&d.abs.join("src"))) {
            return true;
        }
        if decls
            .iter()
            .any(|(d, p)| p.source_roots.iter().any(|r| has(&d.abs.join(r))))
        {
            return true;
        }
        // Test suites put fixture apps on sys.path from conftest.py (`syspath_prepend`):
        // the subdirectories of a directory holding conftest.py count as import roots.
        dirs.iter().any(|d| {
            let children = memo(&self.conftest_children, &d.abs, || {
                let mut v = Vec::new();
                if d.abs.join("conftest.py").is_file() {
                    if let Ok(rd) = std::fs::read_dir(&d.abs) {
                        v.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
                    }
                }
                Arc::new(v)
            });
            children.iter().any(|c| has(c))
        })
    }

    /// [`Project::transitive`] for a Python import: `exact` are the import's distributions by
    /// the shipped name table and its own name, `installed` the distributions whose metadata
    /// says they install it.
    #[allow(clippy::too_many_arguments)]
    fn transitive(
        &self,
        project: &Project,
        dirs: &[Dir],
        sp: &[PathBuf],
        declared: &HashSet<&str>,
        exact: &[String],
        installed: &[String],
        out: &mut Out,
    ) -> Option<String> {
        let mut targets: Vec<String> = exact.iter().chain(installed.iter()).cloned().collect();
        targets.dedup();
        let mut roots: Vec<String> = declared.iter().map(|s| s.to_string()).collect();
        roots.sort();
        let graphs: Vec<Arc<Graph>> = sp
            .iter()
            .map(|p| memo(&self.requires, p, || Arc::new(lock::python_installed(p))))
            .collect();
        let is_installed = |n: &str| graphs.iter().any(|g| g.names.contains(n));
        let requires = |n: &str| -> Vec<String> {
            graphs
                .iter()
                .flat_map(|g| g.deps.get(n).cloned().unwrap_or_default())
                .collect()
        };
        let find = |set: &HashSet<String>| targets.iter().find(|t| set.contains(*t)).cloned();
        let has_metadata = graphs.iter().any(|g| !g.names.is_empty());
        let installed: Installed = has_metadata.then_some((&is_installed, &requires));
        project.transitive(dirs, Eco::Python, &roots, &targets, &find, installed, out)
    }

    /// Resolve a Python file's imports: the standard library, project-local modules,
    /// declared distributions (directly or through installed metadata), then the
    /// dependency tree; names imported from declared packages are checked against their
    /// installed source.
    pub(super) fn check(
        &self,
        project: &Project,
        path: &str,
        dirs: &[Dir],
        mut ex: Extracted,
        out: &mut Out,
    ) {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let stub = file_name.ends_with(".pyi");
        let test_file = path.starts_with("tests/")
            || path.contains("/tests/")
            || path.starts_with("test/")
            || path.contains("/test/")
            || file_name.starts_with("test_")
            || file_name.ends_with("_test.py")
            || file_name == "conftest.py";
        for imp in &mut ex.imports {
            if imp.guarded {
                continue;
            }
            if stub {
                imp.guarded = true;
                imp.guard = "type stub, never executed";
            } else if test_file && imp.in_function {
                imp.guarded = true;
                imp.guard =
                    "function-level import in a test; such modules are often created at test time";
            }
        }
        // Legacy `setup.py` builds always run with setuptools available; a noxfile runs
        // inside nox.
        let setup_py = file_name == "setup.py";
        let noxfile = file_name == "noxfile.py";
        let decls: Vec<(Dir, Arc<PyDecl>)> = dirs
            .iter()
            .filter_map(|d| self.decl(d).map(|p| (d.clone(), p)))
            .collect();
        for (_, d) in &decls {
            out.manifest_errors(&d.errors);
        }
        out.example = project.example_dir(path, decls.iter().map(|(d, _)| d.rel.as_str()));
        let no_manifest = decls.is_empty();
        if no_manifest {
            out.no_manifest = Some("no manifest declares Python dependencies here (no pyproject.toml, setup.cfg, setup.py, requirements*.txt or Pipfile between the file and the repository root), and it is not installed locally");
        }
        // tox/nox test environments declare packages for test files only.
        let declared: HashSet<&str> = decls
            .iter()
            .flat_map(|(_, d)| {
                let test = test_file.then_some(&d.test_normalized);
                d.normalized.iter().chain(test.into_iter().flatten())
            })
            .map(String::as_str)
            .collect();
        let where_ = match decls.first() {
            Some((dir, d)) => {
                let all: Vec<String> = decls.iter().flat_map(|(_, d)| d.names.iter().cloned()).collect();
                let file = d.files.first().map(String::as_str).unwrap_or("pyproject.toml");
                format!("{} (declared: {})", dir.show(file), shorten(&all))
            }
            None => "any Python manifest (no pyproject.toml, requirements*.txt, setup.cfg, setup.py or Pipfile between the file and the repository root)".to_string(),
        };
        // What vouches for a package whose names are checked: a manifest, or (with none)
        // its presence in the project's own environment.
        let vouched = if no_manifest {
            "the package is installed locally (no Python manifest declares dependencies here)"
                .to_string()
        } else {
            format!("the package is declared in {where_}")
        };
        let mut sps: Option<Vec<PathBuf>> = None;
        let mut unavailable_reported: HashSet<String> = HashSet::new();
        for imp in &ex.imports {
            if imp.local || imp.module.is_empty() {
                continue;
            }
            let top = imp.module.split('.').next().unwrap_or(&imp.module);
            if (setup_py && matches!(top, "setuptools" | "pkg_resources"))
                || (noxfile && top == "nox")
                || stdlib::is_python_stdlib(top)
            {
                continue;
            }
            let has_names = !imp.names.is_empty()
                || imp
                    .binding
                    .as_ref()
                    .is_some_and(|b| ex.attr_calls.iter().any(|c| &c.binding == b));
            let mut cands = pymap::candidate_dists(&imp.module);
            // `from google.cloud import storage` → google-cloud-storage.
            for n in &imp.names {
                cands.extend(pymap::candidate_dists(&format!(
                    "{}.{}",
                    imp.module, n.name
                )));
            }
            // Cheapest first: declared names (set lookups), then project-local modules
            // (a few stats), then installed metadata (reads site-packages).
            let mut ok = cands.iter().any(|c| declared.contains(c.as_str()));
            if ok && !has_names {
                continue;
            }
            if self.is_local(top, dirs, &decls) {
                continue;
            }
            let exact: Vec<String> = pymap::exact_dists(&imp.module)
                .into_iter()
                .chain(
                    imp.names
                        .iter()
                        .flat_map(|n| pymap::exact_dists(&format!("{}.{}", imp.module, n.name))),
                )
                .collect();
            if !ok {
                let sp = sps.get_or_insert_with(|| self.site_packages(dirs));
                cands = self.installed_dists(sp, top);
                ok = cands.iter().any(|c| declared.contains(c.as_str()));
            }
            // With no manifest at all, a package installed in the project's own environment
            // is the best evidence there is that it is real and meant: accept it, and check
            // its names against its installed source.
            if !ok && no_manifest {
                let sp = sps.get_or_insert_with(|| self.site_packages(dirs));
                ok = symbols::python::find_module(sp, top).is_some();
            }
            if !ok {
                let shown = match pymap::known_dist(top) {
                    Some(dist) if normalize(dist) != normalize(top) => {
                        format!("`{}` (distribution `{dist}`)", imp.module)
                    }
                    _ => format!("`{}`", imp.module),
                };
                if !imp.guarded {
                    let sp = sps.get_or_insert_with(|| self.site_packages(dirs)).clone();
                    if let Some(how) =
                        self.transitive(project, dirs, &sp, &declared, &exact, &cands, out)
                    {
                        out.transitive(imp, &imp.module, &shown, &how, &where_);
                        continue;
                    }
                }
                let mut candidates: Vec<&str> = decls
                    .iter()
                    .flat_map(|(_, d)| d.names.iter().map(String::as_str))
                    .collect();
                candidates.extend(near::popular("pypi"));
                let nm = if pymap::known_dist(top).is_some() {
                    None
                } else {
                    near::closest(top, candidates, normalize)
                };
                let sp = sps.get_or_insert_with(|| self.site_packages(dirs));
                let note = match symbols::python::find_module(sp, top) {
                    Some(_) => "; it is installed locally, probably as another package's dependency — declare it if you import it",
                    None => "",
                };
                out.missing_with(imp, &imp.module, &shown, &where_, nm, note);
                continue;
            }
            // Symbols: `from pkg import name` and `pkg.func(` on a module binding.
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
                .map(|n| (n.name.as_str(), n.line, n.column))
                .chain(calls)
                .collect();
            if names.is_empty() {
                continue;
            }
            let sp = sps.get_or_insert_with(|| self.site_packages(dirs));
            let Some(loc) = symbols::python::find_module(sp, &imp.module) else {
                if unavailable_reported.insert(imp.module.clone()) {
                    let looked = if sp.is_empty() {
                        "no .venv/venv/__pypackages__ between the file and the repository root"
                            .to_string()
                    } else {
                        format!(
                            "not found in {}",
                            sp.iter()
                                .map(|p| project.display(p))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    out.push(
                        rules::SYMBOL_CHECK_UNAVAILABLE,
                        Severity::Info,
                        imp.line,
                        imp.column,
                        &imp.module,
                        format!("`{}` is not installed locally, so the names imported from it were not checked ({looked})", imp.module),
                    );
                }
                continue;
            };
            let mut seen = HashSet::new();
            for (name, line, col) in names {
                if name == "*" || !seen.insert(name) {
                    continue;
                }
                if let Lookup::Unknown(files) =
                    symbols::python::lookup(sp, &loc, name, &self.modules)
                {
                    let inspected = files
                        .first()
                        .map(|f| project.display(f))
                        .unwrap_or_default();
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
                        &format!("{}.{name}", imp.module),
                        format!("`{name}` is not defined in `{}` (inspected the installed source {inspected}); {vouched}", imp.module),
                    );
                }
            }
        }
    }
}
