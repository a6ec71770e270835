//! [`Project`]: lazily loaded manifests and installed packages under one root, and the
//! per-language resolution that turns extracted imports into findings.
//!
//! Resolution order for every import: the language's standard library, then the project's
//! own modules/files/workspace members, then dependencies declared by the manifests between
//! the file and the root, then (for what is still unresolved) the dependency tree. Only
//! then is a finding produced.
//!
//! One module per language holds that language's caches and resolution ([`python`],
//! [`js`], [`rust`], [`go`]); [`tree`] is the dependency-tree step they share and [`out`]
//! turns outcomes into findings. `Project` only finds the directories between a file and
//! the root and dispatches on the language.

mod declared;
mod go;
mod js;
mod out;
mod python;
mod rust;
mod tree;

use crate::manifest::lock::{Eco, Lock};
use crate::{lang, Language};
pub use declared::{is_manifest, DeclaredChecks, ManifestCheck};
use out::Out;
use provenance_findings::Finding;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Memo<V> = Mutex<HashMap<PathBuf, V>>;
type LockMemo = Mutex<HashMap<(PathBuf, Eco), Arc<Vec<Lock>>>>;

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
    /// Lockfiles per directory and ecosystem, for the dependency-tree step of every language.
    locks: LockMemo,
    python: python::Python,
    js: js::Js,
    rust: rust::Rust,
    go: go::Go,
    declared: DeclaredChecks,
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

impl Project {
    /// A project rooted at `root`. Nothing is read until a file is checked.
    pub fn new(root: &Path) -> Project {
        Project {
            root: root.to_path_buf(),
            example_dirs: DEFAULT_EXAMPLE_DIRS.iter().map(|s| s.to_string()).collect(),
            locks: Mutex::default(),
            python: python::Python::default(),
            js: js::Js::default(),
            rust: rust::Rust::default(),
            go: go::Go::default(),
            declared: DeclaredChecks::default(),
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

    /// Check declared dependencies with `checks` (registry indexes, private names, minimum
    /// age) instead of the built-in indexes and defaults.
    pub fn with_declared_checks(mut self, checks: DeclaredChecks) -> Project {
        self.declared = checks;
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
        let mut out = Out::new(path, &text);
        let dirs = self.dirs(path);
        match language {
            Language::Python => {
                self.python
                    .check(self, path, &dirs, lang::python::extract(&text), &mut out)
            }
            Language::JavaScript | Language::TypeScript => {
                self.js
                    .check(self, path, &dirs, lang::js::extract(&text), &mut out)
            }
            Language::Rust => {
                self.rust
                    .check(self, path, &dirs, lang::rust::extract(&text), &mut out)
            }
            Language::Go => self
                .go
                .check(self, &dirs, lang::go::extract(&text), &mut out),
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

    fn display(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provenance_findings::Severity;

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
