//! Python manifests: `pyproject.toml` ([project], optional-dependencies, dependency-groups,
//! poetry, uv, pdm, hatch, build-system), `requirements*.txt` (with `-r` includes),
//! `setup.cfg`, `setup.py` (literal lists) and `Pipfile`.

use super::{read_text, ManifestError};
use crate::lang::python::{logical_lines, Kind};
use std::collections::HashSet;
use std::path::Path;

/// Declarations found in one directory.
#[derive(Debug, Default, Clone)]
pub(crate) struct PyDecl {
    /// Manifest file names present, most authoritative first (`pyproject.toml`, …).
    pub files: Vec<String>,
    /// Declared distribution names as written.
    pub names: Vec<String>,
    /// Normalized (PEP 503) declared names.
    pub normalized: HashSet<String>,
    /// Declared only for test runs — tox.ini `deps`, noxfile.py `session.install(…)` —
    /// normalized; they resolve imports in test files only.
    pub test_normalized: HashSet<String>,
    /// The project's own distribution / package names (normalized).
    pub own: HashSet<String>,
    /// Extra import roots relative to the manifest's directory (setuptools `package-dir`,
    /// `packages.find.where`).
    pub source_roots: Vec<String>,
    pub errors: Vec<ManifestError>,
}

impl PyDecl {
    fn add(&mut self, name: &str) {
        let n = normalize(name);
        if !n.is_empty() && self.normalized.insert(n) {
            self.names.push(name.to_string());
        }
    }
}

/// PEP 503 normalization: lowercase, runs of `-`, `_`, `.` become `-`.
pub(crate) fn normalize(name: &str) -> String {
    provenance_deps::Ecosystem::PyPI.normalize(name.trim())
}

/// The distribution name of a requirement line (`requests[socks]>=2; python_version<'3.8'`).
pub(crate) fn requirement_name(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
        if let Some(egg) = line.split("#egg=").nth(1) {
            return requirement_name(egg);
        }
        return None;
    }
    if line.contains("://") {
        if let Some(egg) = line.split("#egg=").nth(1) {
            return requirement_name(egg);
        }
        if !line.contains(" @ ") && !line.contains("@ ") {
            return None;
        }
    }
    let name: String = line
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let name = name.trim_end_matches('.').to_string();
    (!name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric()))
    .then_some(name)
}

/// Files in `dir` that declare Python dependencies, in the order they are read.
pub(crate) fn manifest_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for f in [
        "pyproject.toml",
        "setup.cfg",
        "setup.py",
        "Pipfile",
        "tox.ini",
        "noxfile.py",
    ] {
        if dir.join(f).is_file() {
            files.push(f.to_string());
        }
    }
    let mut reqs: Vec<String> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains("requirements") && (name.ends_with(".txt") || name.ends_with(".in")) {
                reqs.push(name);
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir.join("requirements")) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") || name.ends_with(".in") {
                reqs.push(format!("requirements/{name}"));
            }
        }
    }
    reqs.sort();
    files.extend(reqs);
    files
}

/// Read every Python manifest in `dir`; `None` when there is none.
pub(crate) fn load(dir: &Path, rel_dir: &str) -> Option<PyDecl> {
    let files = manifest_files(dir);
    if files.is_empty() {
        return None;
    }
    let mut d = PyDecl::default();
    for f in &files {
        let path = dir.join(f);
        let Some(text) = read_text(&path) else {
            continue;
        };
        let shown = if rel_dir.is_empty() {
            f.clone()
        } else {
            format!("{rel_dir}/{f}")
        };
        match f.as_str() {
            "pyproject.toml" => pyproject(&text, &shown, &mut d),
            "Pipfile" => pipfile(&text, &shown, &mut d),
            "setup.cfg" => setup_cfg(&text, dir, &mut d),
            "setup.py" => setup_py(&text, &mut d),
            "tox.ini" | "noxfile.py" => {
                // Test-environment declarations: read into a scratch set, kept apart.
                let mut t = PyDecl::default();
                if f == "tox.ini" {
                    tox_ini(&text, dir, &mut t);
                } else {
                    noxfile(&text, dir, &mut t);
                }
                d.test_normalized.extend(t.normalized);
            }
            _ => requirements(&text, &path, &mut d, 0),
        }
    }
    d.files = files;
    Some(d)
}

fn str_array(v: Option<&toml::Value>, d: &mut PyDecl) {
    if let Some(toml::Value::Array(a)) = v {
        for x in a {
            if let Some(s) = x.as_str().and_then(requirement_name) {
                d.add(&s);
            }
        }
    }
}

fn table_keys(v: Option<&toml::Value>, d: &mut PyDecl) {
    if let Some(toml::Value::Table(t)) = v {
        for k in t.keys() {
            if k != "python" {
                d.add(k);
            }
        }
    }
}

fn pyproject(text: &str, shown: &str, d: &mut PyDecl) {
    let doc: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            d.errors.push(ManifestError {
                path: shown.to_string(),
                reason: e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid TOML")
                    .to_string(),
            });
            return;
        }
    };
    if let Some(p) = doc.get("project") {
        if let Some(n) = p.get("name").and_then(|n| n.as_str()) {
            d.own.insert(normalize(n));
        }
        str_array(p.get("dependencies"), d);
        if let Some(toml::Value::Table(t)) = p.get("optional-dependencies") {
            for v in t.values() {
                str_array(Some(v), d);
            }
        }
    }
    if let Some(toml::Value::Table(t)) = doc.get("dependency-groups") {
        for v in t.values() {
            str_array(Some(v), d);
        }
    }
    if let Some(b) = doc.get("build-system") {
        str_array(b.get("requires"), d);
    }
    let Some(tool) = doc.get("tool") else { return };
    if let Some(poetry) = tool.get("poetry") {
        if let Some(n) = poetry.get("name").and_then(|n| n.as_str()) {
            d.own.insert(normalize(n));
        }
        table_keys(poetry.get("dependencies"), d);
        table_keys(poetry.get("dev-dependencies"), d);
        if let Some(toml::Value::Table(groups)) = poetry.get("group") {
            for g in groups.values() {
                table_keys(g.get("dependencies"), d);
            }
        }
        if let Some(toml::Value::Array(pk)) = poetry.get("packages") {
            for p in pk {
                if let Some(inc) = p.get("include").and_then(|i| i.as_str()) {
                    d.own.insert(normalize(inc));
                }
            }
        }
    }
    if let Some(st) = tool.get("setuptools") {
        if let Some(toml::Value::Table(pd)) = st.get("package-dir") {
            d.source_roots
                .extend(pd.values().filter_map(|v| v.as_str().map(str::to_string)));
        }
        if let Some(toml::Value::Array(w)) = st
            .get("packages")
            .and_then(|p| p.get("find"))
            .and_then(|f| f.get("where"))
        {
            d.source_roots
                .extend(w.iter().filter_map(|v| v.as_str().map(str::to_string)));
        }
        if let Some(toml::Value::Array(pk)) = st.get("packages") {
            for p in pk.iter().filter_map(|v| v.as_str()) {
                d.own.insert(normalize(p.split('.').next().unwrap_or(p)));
            }
        }
    }
    // hatch: `packages = ["src/foo"]` names the import package `foo`.
    if let Some(toml::Value::Array(pk)) = tool
        .get("hatch")
        .and_then(|h| h.get("build"))
        .and_then(|b| b.get("targets"))
        .and_then(|t| t.get("wheel"))
        .and_then(|w| w.get("packages"))
    {
        for p in pk.iter().filter_map(|v| v.as_str()) {
            d.own.insert(normalize(p.rsplit('/').next().unwrap_or(p)));
        }
    }
    if let Some(uv) = tool.get("uv") {
        str_array(uv.get("dev-dependencies"), d);
    }
    if let Some(pdm) = tool.get("pdm") {
        if let Some(toml::Value::Table(t)) = pdm.get("dev-dependencies") {
            for v in t.values() {
                str_array(Some(v), d);
            }
        }
    }
    if let Some(toml::Value::Table(envs)) = tool.get("hatch").and_then(|h| h.get("envs")) {
        for env in envs.values() {
            str_array(env.get("dependencies"), d);
            str_array(env.get("extra-dependencies"), d);
        }
    }
}

fn pipfile(text: &str, shown: &str, d: &mut PyDecl) {
    match toml::from_str::<toml::Table>(text) {
        Ok(doc) => {
            table_keys(doc.get("packages"), d);
            table_keys(doc.get("dev-packages"), d);
        }
        Err(e) => d.errors.push(ManifestError {
            path: shown.to_string(),
            reason: e
                .to_string()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string(),
        }),
    }
}

fn requirements(text: &str, path: &Path, d: &mut PyDecl, depth: u32) {
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        let include = line
            .strip_prefix("-r ")
            .or_else(|| line.strip_prefix("--requirement "))
            .or_else(|| line.strip_prefix("--requirement="))
            .or_else(|| line.strip_prefix("-r"));
        if let Some(inc) = include {
            if depth < 8 {
                if let Some(parent) = path.parent() {
                    let p = parent.join(inc.trim());
                    if let Some(t) = read_text(&p) {
                        requirements(&t, &p, d, depth + 1);
                    }
                }
            }
            continue;
        }
        if let Some(n) = requirement_name(line) {
            d.add(&n);
        }
    }
}

fn setup_cfg(text: &str, dir: &Path, d: &mut PyDecl) {
    let mut section = String::new();
    let mut key = String::new();
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with('#') || trimmed.starts_with(';') || trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('[') {
            section = trimmed
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            key.clear();
            continue;
        }
        let continuation = raw.starts_with(' ') || raw.starts_with('\t');
        let value = if continuation {
            trimmed.to_string()
        } else if let Some((k, v)) = trimmed.split_once('=') {
            key = k.trim().to_string();
            v.trim().to_string()
        } else {
            continue;
        };
        let wanted = (section == "options"
            && matches!(
                key.as_str(),
                "install_requires" | "setup_requires" | "tests_require"
            ))
            || section == "options.extras_require";
        if section == "metadata" && key == "name" && !continuation {
            d.own.insert(normalize(&value));
        }
        if !wanted {
            continue;
        }
        if let Some(f) = value.strip_prefix("file:") {
            for part in f.split(',') {
                let p = dir.join(part.trim());
                if let Some(t) = read_text(&p) {
                    requirements(&t, &p, d, 1);
                }
            }
            continue;
        }
        for part in value.split(';').next().unwrap_or("").split(',') {
            if let Some(n) = requirement_name(part) {
                d.add(&n);
            }
        }
    }
}

/// tox.ini: `deps =` of every `[testenv…]` section (continuation lines, `-r` includes;
/// `{…}` substitutions and conditional-factor prefixes `py38: pkg` are handled).
fn tox_ini(text: &str, dir: &Path, d: &mut PyDecl) {
    let mut in_env = false;
    let mut in_deps = false;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with('[') {
            let section = trimmed.trim_matches(|c| c == '[' || c == ']').trim();
            in_env = section.starts_with("testenv") || section.starts_with("tox:testenv");
            in_deps = false;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let continuation = raw.starts_with(' ') || raw.starts_with('\t');
        let value = if continuation {
            if !in_deps {
                continue;
            }
            trimmed
        } else {
            let Some((k, v)) = trimmed.split_once('=') else {
                in_deps = false;
                continue;
            };
            in_deps = in_env && k.trim() == "deps";
            if !in_deps {
                continue;
            }
            v.trim()
        };
        // `py38,py39: mock` applies to some factors; the package is still declared.
        let value = match value.split_once(": ") {
            Some((factors, rest)) if !factors.contains(['<', '>', '=', '[']) => rest,
            _ => value,
        };
        if let Some(inc) = value
            .strip_prefix("-r")
            .map(|r| r.trim_start_matches(['=', ' ']))
        {
            if !inc.contains('{') {
                let p = dir.join(inc.trim());
                if let Some(t) = read_text(&p) {
                    requirements(&t, &p, d, 1);
                }
            }
            continue;
        }
        if let Some(n) = requirement_name(value) {
            d.add(&n);
        }
    }
}

/// noxfile.py: string literals passed to `session.install(…)` (and `-r file` pairs).
fn noxfile(text: &str, dir: &Path, d: &mut PyDecl) {
    for l in logical_lines(text) {
        let t = &l.toks;
        let mut k = 0;
        while k + 2 < t.len() {
            let call = t[k].kind == Kind::Op
                && t[k].text == "."
                && t[k + 1].kind == Kind::Name
                && t[k + 1].text == "install"
                && t[k + 2].kind == Kind::Op
                && t[k + 2].text == "(";
            if !call {
                k += 1;
                continue;
            }
            let mut depth = 0i32;
            let mut m = k + 2;
            let mut after_r = false;
            while m < t.len() {
                let x = &t[m];
                if x.kind == Kind::Op {
                    match x.text.as_str() {
                        "(" | "[" | "{" => depth += 1,
                        ")" | "]" | "}" => depth -= 1,
                        _ => {}
                    }
                    if depth <= 0 {
                        break;
                    }
                } else if x.kind == Kind::Str {
                    if after_r {
                        let p = dir.join(&x.text);
                        if let Some(text) = read_text(&p) {
                            requirements(&text, &p, d, 1);
                        }
                    } else if let Some(n) = requirement_name(&x.text) {
                        d.add(&n);
                    }
                    after_r = x.text == "-r" || x.text == "--requirement";
                }
                m += 1;
            }
            k = m;
        }
    }
}

/// `setup(install_requires=[...], extras_require={...})` and module-level lists whose name
/// mentions `require`: every string literal inside is read as a requirement.
fn setup_py(text: &str, d: &mut PyDecl) {
    for l in logical_lines(text) {
        let t = &l.toks;
        let mut k = 0;
        while k + 1 < t.len() {
            let is_req_key = t[k].kind == Kind::Name
                && t[k].text.to_ascii_lowercase().contains("require")
                && t[k + 1].kind == Kind::Op
                && t[k + 1].text == "=";
            if t[k].kind == Kind::Name && t[k].text == "name" && t[k + 1].text == "=" {
                if let Some(s) = t.get(k + 2).filter(|s| s.kind == Kind::Str) {
                    d.own.insert(normalize(&s.text));
                }
            }
            if !is_req_key {
                k += 1;
                continue;
            }
            let mut depth = 0i32;
            let mut m = k + 2;
            while m < t.len() {
                let x = &t[m];
                if x.kind == Kind::Op {
                    match x.text.as_str() {
                        "(" | "[" | "{" => depth += 1,
                        ")" | "]" | "}" => depth -= 1,
                        "," if depth == 0 => break,
                        _ => {}
                    }
                    if depth < 0 {
                        break;
                    }
                } else if x.kind == Kind::Str {
                    if let Some(n) = requirement_name(&x.text) {
                        d.add(&n);
                    }
                }
                m += 1;
            }
            k = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(normalize("PyYAML"), "pyyaml");
        assert_eq!(normalize("zope.interface"), "zope-interface");
        assert_eq!(normalize("Foo__Bar"), "foo-bar");
        assert_eq!(
            requirement_name("requests[socks]>=2.0 ; python_version<'3.8'").as_deref(),
            Some("requests")
        );
        assert_eq!(
            requirement_name("-e git+https://x/y.git#egg=mypkg").as_deref(),
            Some("mypkg")
        );
        assert_eq!(
            requirement_name("pkg @ https://x/y.whl").as_deref(),
            Some("pkg")
        );
        assert_eq!(requirement_name("# c"), None);
        assert_eq!(requirement_name("--index-url https://x"), None);
    }

    #[test]
    fn pyproject_sections() {
        let mut d = PyDecl::default();
        pyproject(
            r#"
[project]
name = "me"
dependencies = ["requests>=2", "PyYAML"]
[project.optional-dependencies]
fast = ["orjson"]
[dependency-groups]
dev = ["pytest", {include-group = "x"}]
[tool.poetry.dependencies]
python = "^3.8"
click = "*"
[tool.poetry.group.test.dependencies]
hypothesis = "*"
[tool.uv]
dev-dependencies = ["ruff"]
[tool.setuptools.package-dir]
"" = "lib"
[tool.hatch.build.targets.wheel]
packages = ["src/hatched"]
"#,
            "pyproject.toml",
            &mut d,
        );
        for n in [
            "requests",
            "pyyaml",
            "orjson",
            "pytest",
            "click",
            "hypothesis",
            "ruff",
        ] {
            assert!(d.normalized.contains(n), "{n}");
        }
        assert!(!d.normalized.contains("python"));
        assert!(d.own.contains("me") && d.own.contains("hatched"));
        assert_eq!(d.source_roots, ["lib"]);
        let mut bad = PyDecl::default();
        pyproject("[project\n", "sub/pyproject.toml", &mut bad);
        assert_eq!(bad.errors.len(), 1);
        assert!(bad.errors[0]
            .to_string()
            .starts_with("sub/pyproject.toml: "));
    }

    #[test]
    fn test_environments() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("test-reqs.txt"), "trustme\n").unwrap();
        let mut d = PyDecl::default();
        tox_ini("[tox]\nenvlist = py3\n[testenv]\ndeps =\n    pytest>=7\n    py38: mock\n    -r test-reqs.txt\n    {[base]deps}\ncommands = pytest {posargs}\n[flake8]\ndeps = notadep\n", dir.path(), &mut d);
        noxfile("import nox\n@nox.session\ndef tests(session):\n    session.install('hypothesis', \"pytest-cov\", '-e', '.')\n    session.install('-r', 'test-reqs.txt')\n    session.run('pytest', 'notinstalled')\n", dir.path(), &mut d);
        for n in ["pytest", "mock", "trustme", "hypothesis", "pytest-cov"] {
            assert!(d.normalized.contains(n), "{n}: {:?}", d.normalized);
        }
        assert!(!d.normalized.contains("notadep") && !d.normalized.contains("notinstalled"));
        assert!(!d.normalized.contains("commands"));
    }

    #[test]
    fn setup_files() {
        let mut d = PyDecl::default();
        setup_cfg("[metadata]\nname = me\n[options]\ninstall_requires =\n    attrs>=19\n    six\n[options.extras_require]\ntest = pytest; mock\n", Path::new("."), &mut d);
        setup_py("from setuptools import setup\nsetup(name='x', install_requires=['idna', \"certifi>=1\"], extras_require={'socks': ['PySocks>=1.5']}, packages=['x'])\n", &mut d);
        for n in ["attrs", "six", "pytest", "idna", "certifi", "pysocks"] {
            assert!(d.normalized.contains(n), "{n}");
        }
        assert!(!d.normalized.contains("x"));
    }
}
