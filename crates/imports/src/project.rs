//! [`Project`]: lazily loaded manifests and installed packages under one root, and the
//! per-language resolution that turns extracted imports into findings.
//!
//! Resolution order for every import: the language's standard library, then the project's
//! own modules/files/workspace members, then dependencies declared by the manifests between
//! the file and the root. Only then is a finding produced.

use crate::import::{Extracted, Import};
use crate::lang::{go, js, python, rust};
use crate::manifest::cargo::{self, CargoToml};
use crate::manifest::gomod::{self, GoMod};
use crate::manifest::lock::{self, Eco, Graph, Lock};
use crate::manifest::node::{self, PackageJson, TsConfig};
use crate::manifest::python::{self as pyman, normalize, PyDecl};
use crate::manifest::ManifestError;
use crate::symbols::{self, Lookup, ParseCache};
use crate::{near, pymap, rules, stdlib, Language, GATE};
use provenance_findings::{fingerprint, Finding, Severity};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Memo<V> = Mutex<HashMap<PathBuf, V>>;
type LockMemo = Mutex<HashMap<(PathBuf, Eco), Arc<Vec<Lock>>>>;

/// Installed metadata for [`Project::transitive`]: is a package installed, and what does it
/// require.
type Installed<'a> = Option<(&'a dyn Fn(&str) -> bool, &'a dyn Fn(&str) -> Vec<String>)>;

/// A comment on the import's line that accepts its findings.
const ALLOW_MARKER: &str = "provenance:allow";

/// Path components under which files are third-party copies, never checked.
const VENDORED: &[&str] = &[
    "node_modules",
    ".venv",
    "venv",
    "site-packages",
    "vendor",
    "__pypackages__",
];

/// Directory names whose files are example, documentation or maintainer code rather than
/// the shipped package, when they sit at the repository root or directly beside a manifest
/// (`examples/`, `packages/ui/docs/`). See [`Project::with_example_dirs`].
pub const DEFAULT_EXAMPLE_DIRS: &[&str] = &[
    "examples",
    "example",
    "docs",
    "doc",
    "docs_src",
    "demo",
    "demos",
    "benchmarks",
    "scripts",
    "tools",
    "playground",
];

/// A project root on disk (a worktree): manifests, lockfiles, `.venv`/`venv`,
/// `node_modules` and vendored sources are read from here, lazily and once.
///
/// `Project` is `Send + Sync`; checks may run from several threads.
#[derive(Debug)]
pub struct Project {
    root: PathBuf,
    example_dirs: Vec<String>,
    py: Memo<Option<Arc<PyDecl>>>,
    pkg: Memo<Option<Arc<PackageJson>>>,
    workspaces: Memo<Arc<HashSet<String>>>,
    ts: Memo<Option<Arc<TsConfig>>>,
    cargo: Memo<Option<Arc<CargoToml>>>,
    members: Memo<Arc<HashSet<String>>>,
    gomod: Memo<Option<Arc<GoMod>>>,
    gowork: Memo<Option<Arc<Vec<String>>>>,
    venvs: Memo<Arc<Vec<PathBuf>>>,
    conftest_children: Memo<Arc<Vec<PathBuf>>>,
    installed: Memo<Arc<HashMap<String, Vec<String>>>>,
    externals: Memo<Arc<HashSet<String>>>,
    locks: LockMemo,
    py_requires: Memo<Arc<Graph>>,
    npm_requires: Memo<Arc<Vec<String>>>,
    py_modules: ParseCache<python::ModuleNames>,
    js_exports: ParseCache<js::Exports>,
}

fn memo<V: Clone>(m: &Memo<V>, key: &Path, f: impl FnOnce() -> V) -> V {
    if let Ok(c) = m.lock() {
        if let Some(v) = c.get(key) {
            return v.clone();
        }
    }
    let v = f();
    if let Ok(mut c) = m.lock() {
        c.insert(key.to_path_buf(), v.clone());
    }
    v
}

/// One directory between a file and the root: absolute path and root-relative display.
#[derive(Debug, Clone)]
struct Dir {
    abs: PathBuf,
    rel: String,
}

impl Dir {
    fn show(&self, file: &str) -> String {
        if self.rel.is_empty() {
            file.to_string()
        } else {
            format!("{}/{}", self.rel, file)
        }
    }
}

/// Decode content for extraction: lossy UTF-8 (mixed encodings never fail), BOM removed,
/// and for notebooks the code cells joined (magics and shell lines blanked).
pub(crate) fn source_text(language: Language, content: &[u8]) -> String {
    let text = String::from_utf8_lossy(content);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if language == Language::Python && text.trim_start().starts_with('{') {
        if let Ok(nb) = serde_json::from_str::<serde_json::Value>(text) {
            if let Some(cells) = nb.get("cells").and_then(|c| c.as_array()) {
                let mut out = String::new();
                for c in cells {
                    if c.get("cell_type").and_then(|t| t.as_str()) != Some("code") {
                        continue;
                    }
                    let src = match c.get("source") {
                        Some(serde_json::Value::Array(a)) => {
                            a.iter().filter_map(|x| x.as_str()).collect::<String>()
                        }
                        Some(serde_json::Value::String(s)) => s.clone(),
                        _ => String::new(),
                    };
                    for line in src.lines() {
                        let t = line.trim_start();
                        if !(t.starts_with('%') || t.starts_with('!')) {
                            out.push_str(line);
                        }
                        out.push('\n');
                    }
                    out.push('\n');
                }
                return out;
            }
        }
    }
    text.to_string()
}

fn shorten(names: &[String]) -> String {
    const MAX: usize = 8;
    if names.is_empty() {
        return "none".into();
    }
    let mut s = names
        .iter()
        .take(MAX)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX {
        s.push_str(&format!(", … {} more", names.len() - MAX));
    }
    s
}

fn line_text(text: &str, line: u32) -> String {
    let l = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim();
    l.chars().take(200).collect()
}

struct Out<'a> {
    path: &'a str,
    text: &'a str,
    findings: Vec<Finding>,
    /// Set when the file is example/docs code (the example directory, e.g. `examples`).
    example: Option<String>,
    /// Set when no manifest of the file's language exists between it and the root: why
    /// nothing can be called declared, e.g. "no manifest declares Python dependencies here
    /// (…)". Undeclared imports are then `no-manifest` (medium), not `undeclared-import`.
    no_manifest: Option<&'static str>,
}

impl Out<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &str,
        severity: Severity,
        line: u32,
        column: u32,
        key: &str,
        message: String,
    ) {
        // Same allow comment as the secrets gate: `import x  # provenance:allow`.
        let raw = self
            .text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        if line > 0 && raw.contains(ALLOW_MARKER) {
            return;
        }
        let f = Finding::new(GATE, rule, severity, self.path, line)
            .with_column(column)
            .with_message(message)
            .with_snippet(line_text(self.text, line))
            .with_fingerprint(fingerprint(rule, self.path, key));
        self.findings.push(f);
    }

    fn manifest_errors(&mut self, errors: &[ManifestError]) {
        for e in errors {
            if self
                .findings
                .iter()
                .any(|f| f.rule == rules::MANIFEST_UNREADABLE && f.message.contains(&e.path))
            {
                continue;
            }
            self.push(
                rules::MANIFEST_UNREADABLE,
                Severity::Info,
                0,
                0,
                &e.path,
                format!("{e}; its dependencies were not read, so imports below it may be reported as undeclared"),
            );
        }
    }

    /// `transitive-import`: `how` says how the package is in the dependency tree.
    fn transitive(&mut self, imp: &Import, name: &str, display: &str, how: &str, where_: &str) {
        self.push(
            rules::TRANSITIVE_IMPORT,
            Severity::Info,
            imp.line,
            imp.column,
            name,
            format!("{display} {how} but not declared in {where_}; declare it directly"),
        );
    }

    /// `undeclared-import`, `near-miss` or (guarded) `guarded-import`.
    fn missing(&mut self, imp: &Import, name: &str, where_: &str, near: Option<(String, usize)>) {
        self.missing_with(imp, name, &format!("`{name}`"), where_, near, "");
    }

    /// `display` names the import in the message (e.g. "`yaml` (distribution `PyYAML`)");
    /// `note` is appended (e.g. that it is installed only as a transitive dependency).
    fn missing_with(
        &mut self,
        imp: &Import,
        name: &str,
        display: &str,
        where_: &str,
        near: Option<(String, usize)>,
        note: &str,
    ) {
        if imp.guarded {
            self.push(
                rules::GUARDED_IMPORT,
                Severity::Info,
                imp.line,
                imp.column,
                name,
                format!("{display} is not declared in {where_}, but the import is guarded ({}), so it is treated as optional", imp.guard),
            );
        } else if let Some((meant, d)) = near {
            self.push(
                rules::NEAR_MISS,
                Severity::High,
                imp.line,
                imp.column,
                name,
                format!("{display} is imported but not declared in {where_}; did you mean `{meant}`? ({d} edit{} away — look-alike names are how slopsquatted packages get installed){note}", if d == 1 { "" } else { "s" }),
            );
        } else if let Some(dir) = &self.example {
            let msg = format!("{display} is imported by example code (`{dir}/` is not part of the shipped package) but not declared in {where_}; dependency not declared, not blocking{note}");
            self.push(
                rules::UNDECLARED_EXAMPLE_IMPORT,
                Severity::Info,
                imp.line,
                imp.column,
                name,
                msg,
            );
        } else if let Some(why) = self.no_manifest {
            // Without any manifest the gate cannot tell an undeclared package from one the
            // project installs some other way (a script, a Dockerfile, a system package), so
            // it reports without blocking; look-alikes of popular packages are caught above.
            self.push(
                rules::NO_MANIFEST,
                Severity::Medium,
                imp.line,
                imp.column,
                name,
                format!("{display} is not declared: {why}{note}"),
            );
        } else {
            self.push(
                rules::UNDECLARED_IMPORT,
                Severity::High,
                imp.line,
                imp.column,
                name,
                format!("{display} is imported but not declared in {where_}{note}"),
            );
        }
    }
}

impl Project {
    /// A project rooted at `root`. Nothing is read until a file is checked.
    pub fn new(root: &Path) -> Project {
        Project {
            root: root.to_path_buf(),
            example_dirs: DEFAULT_EXAMPLE_DIRS.iter().map(|s| s.to_string()).collect(),
            py: Memo::default(),
            pkg: Memo::default(),
            workspaces: Memo::default(),
            ts: Memo::default(),
            cargo: Memo::default(),
            members: Memo::default(),
            gomod: Memo::default(),
            gowork: Memo::default(),
            venvs: Memo::default(),
            conftest_children: Memo::default(),
            installed: Memo::default(),
            externals: Memo::default(),
            locks: Mutex::default(),
            py_requires: Memo::default(),
            npm_requires: Memo::default(),
            py_modules: ParseCache::default(),
            js_exports: ParseCache::default(),
        }
    }

    /// Replace the directory names treated as example/docs code ([`DEFAULT_EXAMPLE_DIRS`]).
    ///
    /// In Python and JS/TS files under such a directory (at the root or beside a manifest),
    /// an import that no manifest between the file and the root declares is reported as
    /// `undeclared-example-import` (info) instead of `undeclared-import` (high): the code is
    /// not part of the shipped package. Look-alike names (`near-miss`) stay high. Rust and Go
    /// example code is compiled with the crate/module, so it is resolved as before.
    pub fn with_example_dirs<I, S>(mut self, dirs: I) -> Project
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.example_dirs = dirs.into_iter().map(Into::into).collect();
        self
    }

    /// The example directory (`examples`, `packages/ui/docs`) holding `path`, if any: a
    /// component named like an example directory whose parent is the root, a `tests`/`test`
    /// directory, or one of `manifest_dirs` (root-relative directories holding a manifest).
    fn example_dir<'a>(
        &self,
        path: &str,
        manifest_dirs: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        let dirs = &parts[..parts.len().saturating_sub(1)];
        for (i, c) in dirs.iter().enumerate() {
            if !self.example_dirs.iter().any(|e| e == c) {
                continue;
            }
            let parent = dirs[..i].join("/");
            // `tests/benchmarks/` is no more shipped than `benchmarks/`.
            let under_tests = i > 0 && matches!(dirs[i - 1], "tests" | "test");
            if i == 0 || under_tests || manifest_dirs.clone().any(|m| m == parent) {
                return Some(dirs[..=i].join("/"));
            }
        }
        None
    }

    /// The root this project reads from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Check one file: `path` is `/`-separated and relative to the root; `content` is the
    /// staged (or any) content. Returns findings with gate `imports`; unknown languages,
    /// vendored paths (`node_modules/`, `.venv/`, `venv/`, `site-packages/`, `vendor/`,
    /// `__pypackages__/`) and unparsable input give no findings, never a panic. For
    /// notebooks, lines count within the code cells joined in order (a blank line after each).
    pub fn check_file(&self, path: &str, content: &[u8]) -> Vec<Finding> {
        let Some(language) = crate::language_of(path) else {
            return Vec::new();
        };
        // Vendored and installed third-party code declares its own dependencies elsewhere.
        if path.split('/').any(|c| VENDORED.contains(&c)) {
            return Vec::new();
        }
        let text = source_text(language, content);
        let mut out = Out {
            path,
            text: &text,
            findings: Vec::new(),
            example: None,
            no_manifest: None,
        };
        let dirs = self.dirs(path);
        match language {
            Language::Python => self.check_python(path, &dirs, python::extract(&text), &mut out),
            Language::JavaScript | Language::TypeScript => {
                self.check_js(path, &dirs, js::extract(&text), &mut out)
            }
            Language::Rust => self.check_rust(path, &dirs, rust::extract(&text), &mut out),
            Language::Go => self.check_go(&dirs, go::extract(&text), &mut out),
        }
        out.findings
    }

    /// Directories from the file's own up to the root, nearest first.
    fn dirs(&self, path: &str) -> Vec<Dir> {
        let mut parts: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        parts.pop();
        if parts.contains(&"..") {
            parts.clear();
        }
        let mut out = Vec::with_capacity(parts.len() + 1);
        loop {
            let rel = parts.join("/");
            out.push(Dir {
                abs: self.root.join(&rel),
                rel,
            });
            if parts.pop().is_none() {
                break;
            }
        }
        out
    }

    /// The lockfiles of `eco` in one directory, read once.
    fn locks(&self, d: &Dir, eco: Eco) -> Arc<Vec<Lock>> {
        let key = (d.abs.clone(), eco);
        if let Ok(c) = self.locks.lock() {
            if let Some(v) = c.get(&key) {
                return v.clone();
            }
        }
        let v = Arc::new(lock::load(&d.abs, &d.rel, eco));
        if let Ok(mut c) = self.locks.lock() {
            c.insert(key, v.clone());
        }
        v
    }

    /// Is an otherwise undeclared package part of the project's dependency tree? Sources,
    /// in order: lockfiles of `eco` between the file and the root (when any parses, it alone
    /// decides; `find` picks the matching name out of its package set); else installed
    /// metadata (`installed`: whether a package is installed, and what it requires), when the
    /// project has any; else the shipped table of common packages' requirements. The last
    /// two walk from the declared `roots` to one of `targets` (the import's possible package
    /// names). Returns the message part after the name, e.g. "is installed through `httpx`
    /// (in uv.lock)". Unreadable lockfiles are reported as `manifest-unreadable` and skipped.
    #[allow(clippy::too_many_arguments)]
    fn transitive(
        &self,
        dirs: &[Dir],
        eco: Eco,
        roots: &[String],
        targets: &[String],
        find: &dyn Fn(&HashSet<String>) -> Option<String>,
        installed: Installed,
        out: &mut Out,
    ) -> Option<String> {
        let through = |via: Option<String>| match via {
            Some(v) => format!("is installed through `{v}`"),
            None => "is in the project's dependency tree".to_string(),
        };
        let mut any_lock = false;
        for d in dirs {
            for l in self.locks(d, eco).iter() {
                if let Some(e) = &l.error {
                    out.manifest_errors(std::slice::from_ref(e));
                    continue;
                }
                any_lock = true;
                if let Some(t) = find(&l.graph.names) {
                    let via = lock::reached_via(roots, &t, |n| {
                        l.graph.deps.get(n).cloned().unwrap_or_default()
                    });
                    return Some(format!("{} (in {})", through(via), l.file));
                }
            }
        }
        if any_lock {
            return None;
        }
        if let Some((is_installed, requires)) = installed {
            return targets
                .iter()
                .filter(|t| is_installed(t))
                .find_map(|t| lock::reached_via(roots, t, requires))
                .map(|v| {
                    format!(
                        "{} (per the installed packages' metadata)",
                        through(Some(v))
                    )
                });
        }
        let table = lock::shipped(eco);
        targets
            .iter()
            .find_map(|t| {
                lock::reached_via(roots, t, |n| table.get(n).cloned().unwrap_or_default())
            })
            .map(|v| {
                format!(
                    "{} (per provenance's table of common packages' requirements; no lockfile or installed metadata was found)",
                    through(Some(v))
                )
            })
    }

    // ---------------------------------------------------------------- Python

    fn py_decl(&self, d: &Dir) -> Option<Arc<PyDecl>> {
        memo(&self.py, &d.abs, || {
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

    fn py_is_local(&self, top: &str, dirs: &[Dir], decls: &[(Dir, Arc<PyDecl>)]) -> bool {
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
    fn py_transitive(
        &self,
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
            .map(|p| memo(&self.py_requires, p, || Arc::new(lock::python_installed(p))))
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
        self.transitive(dirs, Eco::Python, &roots, &targets, &find, installed, out)
    }

    fn check_python(&self, path: &str, dirs: &[Dir], mut ex: Extracted, out: &mut Out) {
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
            .filter_map(|d| self.py_decl(d).map(|p| (d.clone(), p)))
            .collect();
        for (_, d) in &decls {
            out.manifest_errors(&d.errors);
        }
        out.example = self.example_dir(path, decls.iter().map(|(d, _)| d.rel.as_str()));
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
            if self.py_is_local(top, dirs, &decls) {
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
                    if let Some(how) = self.py_transitive(dirs, &sp, &declared, &exact, &cands, out)
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
                                .map(|p| self.display(p))
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
                    symbols::python::lookup(sp, &loc, name, &self.py_modules)
                {
                    let inspected = files.first().map(|f| self.display(f)).unwrap_or_default();
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

    fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    // ---------------------------------------------------------------- JavaScript / TypeScript

    fn package_json(&self, d: &Dir) -> Option<Arc<PackageJson>> {
        memo(&self.pkg, &d.abs, || {
            node::load_package_json(&d.abs, &d.show("package.json")).map(Arc::new)
        })
    }

    fn tsconfig(&self, d: &Dir) -> Option<Arc<TsConfig>> {
        memo(&self.ts, &d.abs, || {
            node::load_tsconfig(&d.abs).map(Arc::new)
        })
    }

    fn check_js(&self, path: &str, dirs: &[Dir], ex: Extracted, out: &mut Out) {
        let pkgs: Vec<(Dir, Arc<PackageJson>)> = dirs
            .iter()
            .filter_map(|d| self.package_json(d).map(|p| (d.clone(), p)))
            .collect();
        for (_, p) in &pkgs {
            out.manifest_errors(&p.errors);
        }
        out.example = self.example_dir(path, pkgs.iter().map(|(d, _)| d.rel.as_str()));
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
                && (self.js_is_local(spec, pkg, dirs, &pkgs)
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
                    if let Some(how) = self.js_transitive(dirs, &abs_dirs, &pkgs, pkg, out) {
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
                if let Lookup::Unknown(f) = symbols::js::lookup(&files, name, &self.js_exports) {
                    let inspected = f.first().map(|p| self.display(p)).unwrap_or_default();
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
    fn js_transitive(
        &self,
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
                Some(dir) => (*memo(&self.npm_requires, &dir, || {
                    Arc::new(lock::npm_installed(&dir))
                }))
                .clone(),
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
        self.transitive(
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

    fn js_is_local(
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

    // ---------------------------------------------------------------- Rust

    fn cargo_toml(&self, d: &Dir) -> Option<Arc<CargoToml>> {
        memo(&self.cargo, &d.abs, || {
            cargo::load(&d.abs, &d.show("Cargo.toml")).map(Arc::new)
        })
    }

    fn check_rust(&self, path: &str, dirs: &[Dir], mut file: rust::RustFile, out: &mut Out) {
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
                if let Some(how) = self.transitive(dirs, Eco::Cargo, &roots, &[], &find, None, out)
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

    // ---------------------------------------------------------------- Go

    fn check_go(&self, dirs: &[Dir], mut ex: Extracted, out: &mut Out) {
        // `//go:build ignore` files (generators run with `go run gen.go`) are outside every
        // build, and `go mod tidy` skips them, so go.mod need not require their imports.
        if go::build_ignored(out.text) {
            for imp in &mut ex.imports {
                if !imp.guarded {
                    imp.guarded = true;
                    imp.guard =
                        "`//go:build ignore` file, excluded from builds and from go mod tidy";
                }
            }
        }
        let gomod = dirs.iter().find_map(|d| {
            memo(&self.gomod, &d.abs, || gomod::load(&d.abs).map(Arc::new)).map(|g| (d.clone(), g))
        });
        let work = dirs.iter().find_map(|d| {
            memo(&self.gowork, &d.abs, || {
                gomod::load_work(&d.abs).map(Arc::new)
            })
            .map(|w| (d.clone(), w))
        });
        if gomod.is_none() && work.is_none() {
            out.no_manifest = Some("no manifest declares Go dependencies here (no go.mod or go.work between the file and the repository root)");
        }
        let mut local: Vec<String> = Vec::new();
        if let Some((_, g)) = &gomod {
            local.extend(g.module.clone());
        }
        let mut required: Vec<String> = gomod
            .as_ref()
            .map(|(_, g)| g.required.clone())
            .unwrap_or_default();
        if let Some((wd, uses)) = &work {
            for u in uses.iter() {
                if let Some(g) = gomod::load(&wd.abs.join(u)) {
                    local.extend(g.module);
                    required.extend(g.required);
                }
            }
        }
        for imp in &ex.imports {
            let p = imp.module.as_str();
            if imp.local || p.is_empty() || stdlib::is_go_std(p) {
                continue;
            }
            if local
                .iter()
                .chain(required.iter())
                .any(|m| gomod::under(p, m))
            {
                continue;
            }
            let where_ = match &gomod {
                Some((d, g)) => format!(
                    "{} (module {}; requires: {})",
                    d.show("go.mod"),
                    g.module.as_deref().unwrap_or("?"),
                    shorten(&g.required)
                ),
                None => "any go.mod (none between the file and the repository root)".to_string(),
            };
            // Compare the module-sized prefix (host/owner/repo) with required modules.
            let prefix: String = p.split('/').take(3).collect::<Vec<_>>().join("/");
            if !imp.guarded {
                let find = |set: &HashSet<String>| {
                    set.iter()
                        .filter(|m| gomod::under(p, m))
                        .max_by_key(|m| m.len())
                        .cloned()
                };
                if let Some(how) = self.transitive(dirs, Eco::Go, &required, &[], &find, None, out)
                {
                    out.transitive(imp, p, &format!("`{p}`"), &how, &where_);
                    continue;
                }
            }
            let nm = near::closest(&prefix, required.iter().map(String::as_str), |s| {
                s.to_ascii_lowercase()
            });
            out.missing(imp, p, &where_, nm);
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
            rust::declares_test_module(&src, name) || is_test_module(crate_dir, p, depth + 1)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let d = tempfile::tempdir().unwrap();
        for (p, c) in files {
            let path = d.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, c).unwrap();
        }
        let p = Project::new(d.path());
        (d, p)
    }

    #[test]
    fn acceptance_python() {
        let (_d, p) = project(&[
            (
                "pyproject.toml",
                "[project]\nname='app'\ndependencies=['requests', 'PyYAML']\n",
            ),
            (
                ".venv/lib/python3.11/site-packages/requests/__init__.py",
                "def get(url): pass\nclass Session: pass\n",
            ),
        ]);
        assert!(p
            .check_file("app.py", b"import yaml, requests, os\nrequests.get('x')\n")
            .is_empty());
        let f = p.check_file("app.py", b"from requests import fetch_json\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "unknown-symbol");
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].message.contains("`fetch_json`") && f[0].message.contains("pyproject.toml"),
            "{}",
            f[0].message
        );
        let f = p.check_file("app.py", b"import requests\nrequests.fetch_json(1)\n");
        assert_eq!(f[0].rule, "unknown-symbol");
        let f = p.check_file("app.py", b"import reqeusts\n");
        assert_eq!(f[0].rule, "near-miss");
        assert!(
            f[0].message.contains("did you mean `requests`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn vendored_paths_and_package_dirs() {
        let (_d, p) = project(&[
            (
                "pyproject.toml",
                "[project]\nname='x'\n[tool.setuptools.package-dir]\n''='lib'\n",
            ),
            ("lib/mypkg/__init__.py", ""),
        ]);
        assert!(p
            .check_file("node_modules/x/index.js", b"require('nope')")
            .is_empty());
        assert!(p
            .check_file("vendor/github.com/x/y/a.go", b"import \"github.com/q/r\"")
            .is_empty());
        assert!(p
            .check_file("tests/test_a.py", b"import mypkg\n")
            .is_empty());
        assert_eq!(
            p.check_file("tests/test_a.py", b"import otherpkg\n").len(),
            1
        );
    }

    #[test]
    fn allow_comment() {
        let (_d, p) = project(&[("requirements.txt", "requests\n")]);
        assert!(p
            .check_file("a.py", b"import internal_tool  # provenance:allow\n")
            .is_empty());
        assert!(p
            .check_file("a.ts", b"import x from 'y'; // provenance:allow\n")
            .is_empty());
        assert_eq!(p.check_file("a.py", b"import internal_tool\n").len(), 1);
    }

    #[test]
    fn notebook_cells() {
        let (_d, p) = project(&[("requirements.txt", "numpy\n")]);
        let nb = r##"{"cells":[{"cell_type":"markdown","source":["import fake_md"]},{"cell_type":"code","source":["%matplotlib inline\n","import numpy as np\n","import pandas\n"]}]}"##;
        let f = p.check_file("nb.ipynb", nb.as_bytes());
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("`pandas`") && f[0].message.contains("requirements.txt"));
    }
}
