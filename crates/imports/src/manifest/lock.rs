//! Lockfiles and installed metadata as the set of packages in a project's dependency tree.
//!
//! A lockfile lists every package that is installed for the project, direct or transitive.
//! The gate reads it only for an import that no manifest declares (lazily, once per
//! directory), so an import of a real transitive package is reported as `transitive-import`
//! (info) instead of `undeclared-import`. Only names and dependency edges are kept.
//!
//! Formats: Python `poetry.lock`, `uv.lock`, `pdm.lock`, `Pipfile.lock`, `pylock.toml` /
//! `pylock.*.toml` (PEP 751); npm `package-lock.json` / `npm-shrinkwrap.json` (v1–v3),
//! `yarn.lock` (v1 and berry), `pnpm-lock.yaml` (v5–v9), text `bun.lock`; `Cargo.lock`;
//! `go.sum`. A file that does not parse yields no names and a [`ManifestError`].

use super::python::{normalize, requirement_name};
use super::{read_text, strip_jsonc, ManifestError};
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

/// Which ecosystem's lockfiles to read; decides name normalization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Eco {
    Python,
    Npm,
    Cargo,
    Go,
}

impl Eco {
    /// The comparable form of a package name in this ecosystem.
    pub(crate) fn norm(self, name: &str) -> String {
        match self {
            Eco::Python => normalize(name),
            Eco::Npm | Eco::Go => name.trim().to_string(),
            Eco::Cargo => name.trim().to_ascii_lowercase().replace('-', "_"),
        }
    }

    fn files(self) -> &'static [&'static str] {
        match self {
            Eco::Python => &[
                "uv.lock",
                "poetry.lock",
                "pdm.lock",
                "Pipfile.lock",
                "pylock.toml",
            ],
            Eco::Npm => &[
                "package-lock.json",
                "npm-shrinkwrap.json",
                "yarn.lock",
                "pnpm-lock.yaml",
                "bun.lock",
            ],
            Eco::Cargo => &["Cargo.lock"],
            Eco::Go => &["go.sum"],
        }
    }
}

/// A dependency graph: normalized package names and, where the source records them, the
/// packages each one requires.
#[derive(Debug, Default, Clone)]
pub(crate) struct Graph {
    pub names: HashSet<String>,
    pub deps: HashMap<String, Vec<String>>,
}

impl Graph {
    fn add(&mut self, eco: Eco, name: &str) -> String {
        let n = eco.norm(name);
        if !n.is_empty() {
            self.names.insert(n.clone());
        }
        n
    }

    fn edge(&mut self, eco: Eco, from: &str, to: &str) {
        let t = eco.norm(to);
        if from.is_empty() || t.is_empty() || from == t {
            return;
        }
        let v = self.deps.entry(from.to_string()).or_default();
        if !v.contains(&t) {
            v.push(t);
        }
    }
}

/// One lockfile's packages.
#[derive(Debug, Default, Clone)]
pub(crate) struct Lock {
    /// Root-relative path for messages.
    pub file: String,
    pub graph: Graph,
    /// Set when the file did not parse; then `graph` is empty.
    pub error: Option<ManifestError>,
}

/// The declared package (one of `roots`) through which `target` is reached in the graph
/// `next` describes, breadth-first (shortest chain); `None` when no root reaches it.
/// Visits at most 20,000 packages.
pub(crate) fn reached_via<F>(roots: &[String], target: &str, mut next: F) -> Option<String>
where
    F: FnMut(&str) -> Vec<String>,
{
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for r in roots {
        if seen.insert(r.clone(), r.clone()).is_none() {
            queue.push_back(r.clone());
        }
    }
    while let Some(n) = queue.pop_front() {
        if seen.len() > 20_000 {
            break;
        }
        let root = seen.get(&n).cloned().unwrap_or_default();
        for d in next(&n) {
            if d == target {
                return Some(root);
            }
            if !seen.contains_key(&d) {
                seen.insert(d.clone(), root.clone());
                queue.push_back(d);
            }
        }
    }
    None
}

/// Every lockfile of `eco` in `dir` (`rel_dir` is its root-relative path, "" at the root).
pub(crate) fn load(dir: &Path, rel_dir: &str, eco: Eco) -> Vec<Lock> {
    let mut files: Vec<String> = eco.files().iter().map(|f| f.to_string()).collect();
    if eco == Eco::Python {
        // PEP 751 named lockfiles: `pylock.<name>.toml`.
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut named: Vec<String> = rd
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("pylock.") && n.ends_with(".toml") && n != "pylock.toml")
                .collect();
            named.sort();
            files.extend(named);
        }
    }
    let mut out = Vec::new();
    for f in files {
        let path = dir.join(&f);
        if !path.is_file() {
            continue;
        }
        let shown = if rel_dir.is_empty() {
            f.clone()
        } else {
            format!("{rel_dir}/{f}")
        };
        let Some(text) = read_text(&path) else {
            continue;
        };
        let mut lock = Lock {
            file: shown.clone(),
            ..Lock::default()
        };
        match parse(&f, &text, eco) {
            Ok(g) => lock.graph = g,
            Err(reason) => {
                lock.error = Some(ManifestError {
                    path: shown,
                    reason: format!("lockfile not read: {reason}"),
                })
            }
        }
        out.push(lock);
    }
    out
}

/// Parse one lockfile by name. `Err` carries the parser's message.
pub(crate) fn parse(file: &str, text: &str, eco: Eco) -> Result<Graph, String> {
    match file {
        "poetry.lock" | "uv.lock" | "pdm.lock" | "Cargo.lock" => {
            toml_packages(text, "package", eco)
        }
        "Pipfile.lock" => pipfile_lock(text),
        "package-lock.json" | "npm-shrinkwrap.json" => package_lock(text),
        "yarn.lock" => yarn_lock(text),
        "pnpm-lock.yaml" => pnpm_lock(text),
        "bun.lock" => bun_lock(text),
        "go.sum" => go_sum(text),
        f if f.starts_with("pylock.") => toml_packages(text, "packages", eco),
        _ => Err("unknown lockfile".into()),
    }
}

fn first_line(e: impl std::fmt::Display) -> String {
    e.to_string()
        .lines()
        .next()
        .unwrap_or("parse error")
        .to_string()
}

/// `[[package]]` (poetry, uv, pdm, Cargo) or `[[packages]]` (pylock) arrays: `name`, and
/// `dependencies` as a table (poetry), an array of `{ name = … }` (uv, pylock), of
/// requirement strings (pdm) or of `"name version (source)"` strings (Cargo).
/// Extras-only dependencies (`optional-dependencies`, `[package.extras]`) are not edges.
fn toml_packages(text: &str, key: &str, eco: Eco) -> Result<Graph, String> {
    let doc: toml::Table = toml::from_str(text).map_err(first_line)?;
    let mut g = Graph::default();
    let Some(toml::Value::Array(pkgs)) = doc.get(key) else {
        return Ok(g);
    };
    for p in pkgs {
        let Some(name) = p.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let from = g.add(eco, name);
        match p.get("dependencies") {
            Some(toml::Value::Table(t)) => {
                for k in t.keys() {
                    g.edge(eco, &from, k);
                }
            }
            Some(toml::Value::Array(a)) => {
                for d in a {
                    let dep = match d {
                        toml::Value::String(s) if eco == Eco::Cargo => {
                            s.split_whitespace().next().map(str::to_string)
                        }
                        toml::Value::String(s) => requirement_name(s),
                        toml::Value::Table(t) => {
                            t.get("name").and_then(|n| n.as_str()).map(str::to_string)
                        }
                        _ => None,
                    };
                    if let Some(dep) = dep {
                        g.edge(eco, &from, &dep);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(g)
}

fn pipfile_lock(text: &str) -> Result<Graph, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(first_line)?;
    let mut g = Graph::default();
    for section in ["default", "develop"] {
        if let Some(m) = v.get(section).and_then(|m| m.as_object()) {
            for k in m.keys() {
                g.add(Eco::Python, k);
            }
        }
    }
    Ok(g)
}

const NPM_DEP_KEYS: &[&str] = &["dependencies", "optionalDependencies", "peerDependencies"];

/// package-lock.json / npm-shrinkwrap.json: v2/v3 `packages` (`node_modules/a/node_modules/b`
/// keys), v1 nested `dependencies` with `requires`.
fn package_lock(text: &str) -> Result<Graph, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(first_line)?;
    let mut g = Graph::default();
    if let Some(pkgs) = v.get("packages").and_then(|p| p.as_object()) {
        for (key, meta) in pkgs {
            let Some(pos) = key.rfind("node_modules/") else {
                continue;
            };
            let name = &key[pos + "node_modules/".len()..];
            let from = g.add(Eco::Npm, name);
            for dk in NPM_DEP_KEYS {
                if let Some(m) = meta.get(dk).and_then(|m| m.as_object()) {
                    for d in m.keys() {
                        g.edge(Eco::Npm, &from, d);
                    }
                }
            }
        }
    }
    fn v1(deps: &serde_json::Map<String, serde_json::Value>, g: &mut Graph, depth: u32) {
        if depth > 64 {
            return;
        }
        for (name, meta) in deps {
            let from = g.add(Eco::Npm, name);
            if let Some(r) = meta.get("requires").and_then(|r| r.as_object()) {
                for d in r.keys() {
                    g.edge(Eco::Npm, &from, d);
                }
            }
            if let Some(nested) = meta.get("dependencies").and_then(|d| d.as_object()) {
                v1(nested, g, depth + 1);
            }
        }
    }
    if let Some(deps) = v.get("dependencies").and_then(|d| d.as_object()) {
        v1(deps, &mut g, 0);
    }
    Ok(g)
}

/// `name` of an npm descriptor `name@range`, `@scope/name@npm:range`, `"name@1.0.0"`.
fn npm_descriptor_name(desc: &str) -> &str {
    let d = desc
        .trim()
        .trim_matches('"')
        .trim_matches('\'')
        .trim_start_matches('/');
    match d.char_indices().skip(1).find(|(_, c)| *c == '@') {
        Some((i, _)) => &d[..i],
        None => d,
    }
}

/// The non-blank, non-comment lines of a YAML-like lockfile as (indent, trimmed text).
fn indented_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().filter_map(|line| {
        let t = line.trim();
        (!t.is_empty() && !t.starts_with('#')).then(|| (line.len() - line.trim_start().len(), t))
    })
}

/// yarn.lock v1 (`"a@^1", a@^2:` headers, `  dependencies:` then `    b "^1"`) and berry
/// (YAML: `"a@npm:^1":`, `    b: "npm:^1"`).
fn yarn_lock(text: &str) -> Result<Graph, String> {
    let mut g = Graph::default();
    let mut current = String::new();
    let mut in_deps = false;
    let mut headers = 0usize;
    for (indent, t) in indented_lines(text) {
        if indent == 0 {
            in_deps = false;
            current.clear();
            let Some(h) = t.strip_suffix(':') else {
                return Err(format!(
                    "unexpected line `{}`",
                    t.chars().take(60).collect::<String>()
                ));
            };
            if h == "__metadata" {
                continue;
            }
            headers += 1;
            for desc in h.trim_matches('"').split(", ") {
                let name = npm_descriptor_name(desc);
                current = g.add(Eco::Npm, name);
            }
        } else if indent <= 2 {
            let key = t.trim_end_matches(':');
            in_deps = t.ends_with(':') && NPM_DEP_KEYS.contains(&key);
        } else if in_deps && !current.is_empty() {
            let name = t
                .split([' ', ':'])
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .trim_matches('"');
            // `"@scope/name" "^1"` / `"@scope/name": ^1` keep the scope.
            let name = match t.strip_prefix('"') {
                Some(rest) => rest.split('"').next().unwrap_or(name),
                None => name,
            };
            let cur = current.clone();
            g.edge(Eco::Npm, &cur, name);
        }
    }
    if headers == 0 && !text.trim().is_empty() && !text.contains("__metadata") {
        return Err("no package entries".into());
    }
    Ok(g)
}

/// pnpm-lock.yaml: package keys under `packages:` / `snapshots:` (`/a@1.0.0`, v5 `/a/1.0.0`,
/// v9 `a@1.0.0(peer@2)`), their `dependencies:` maps, and `importers:` names.
fn pnpm_lock(text: &str) -> Result<Graph, String> {
    if !text.contains("lockfileVersion") {
        return Err("no lockfileVersion".into());
    }
    let mut g = Graph::default();
    let mut section = "";
    let mut current = String::new();
    let mut in_deps = false;
    for (indent, t) in indented_lines(text) {
        if indent == 0 {
            section = match t {
                "packages:" => "packages",
                "snapshots:" => "packages",
                "importers:" => "importers",
                _ => "",
            };
            continue;
        }
        match section {
            "packages" if indent == 2 => {
                let key = t
                    .trim_end_matches(':')
                    .trim_matches(|c| c == '\'' || c == '"');
                let key = key.split('(').next().unwrap_or(key).trim_start_matches('/');
                let name = if key.char_indices().skip(1).any(|(_, c)| c == '@') {
                    npm_descriptor_name(key)
                } else {
                    // v5: `/name/1.0.0`, `/@scope/name/1.0.0`.
                    key.rsplit_once('/').map(|(n, _)| n).unwrap_or(key)
                };
                current = g.add(Eco::Npm, name);
                in_deps = false;
            }
            "packages" if indent == 4 => {
                in_deps = NPM_DEP_KEYS.contains(&t.trim_end_matches(':'));
            }
            "packages" if indent == 6 && in_deps => {
                if let Some((n, _)) = t.split_once(": ") {
                    let cur = current.clone();
                    g.edge(Eco::Npm, &cur, n.trim_matches(|c| c == '\'' || c == '"'));
                }
            }
            // importers: `  .:` / `    dependencies:` / `      name:` (v6+) or `      name: ver` (v5).
            "importers" if indent == 4 => {
                in_deps = matches!(
                    t.trim_end_matches(':'),
                    "dependencies" | "devDependencies" | "optionalDependencies"
                );
            }
            "importers" if indent == 6 && in_deps => {
                let n = t.split(':').next().unwrap_or("");
                let n = if t.starts_with('\'') || t.starts_with('"') {
                    t[1..].split(['\'', '"']).next().unwrap_or(n)
                } else {
                    n
                };
                g.add(Eco::Npm, n);
            }
            _ => {}
        }
    }
    Ok(g)
}

/// bun.lock (JSONC): `"packages": { "key": ["name@version", registry, { dependencies }, hash] }`.
fn bun_lock(text: &str) -> Result<Graph, String> {
    let v: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).map_err(first_line)?;
    let mut g = Graph::default();
    let Some(pkgs) = v.get("packages").and_then(|p| p.as_object()) else {
        return Err("no \"packages\" object".into());
    };
    for (key, entry) in pkgs {
        let arr = entry.as_array();
        let name = arr
            .and_then(|a| a.first())
            .and_then(|s| s.as_str())
            .map(npm_descriptor_name)
            .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key));
        let from = g.add(Eco::Npm, name);
        for meta in arr.into_iter().flatten().filter(|m| m.is_object()) {
            for dk in NPM_DEP_KEYS {
                if let Some(m) = meta.get(dk).and_then(|m| m.as_object()) {
                    for d in m.keys() {
                        g.edge(Eco::Npm, &from, d);
                    }
                }
            }
        }
    }
    Ok(g)
}

/// go.sum: `module version hash` lines.
fn go_sum(text: &str) -> Result<Graph, String> {
    let mut g = Graph::default();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let fields: Vec<&str> = t.split_whitespace().collect();
        if fields.len() != 3 || !fields[2].starts_with("h1:") {
            return Err(format!("line {}: expected `module version h1:hash`", i + 1));
        }
        g.add(Eco::Go, fields[0]);
    }
    Ok(g)
}

/// Python installed metadata: `Requires-Dist` of every `*.dist-info/METADATA` (and
/// `*.egg-info/PKG-INFO`) in a site-packages directory. Requirements under an `extra ==`
/// marker belong to optional extras and are not edges.
pub(crate) fn python_installed(site_packages: &Path) -> Graph {
    let mut g = Graph::default();
    let Ok(rd) = std::fs::read_dir(site_packages) else {
        return g;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let (stem, meta) = if let Some(s) = name.strip_suffix(".dist-info") {
            (s, "METADATA")
        } else if let Some(s) = name.strip_suffix(".egg-info") {
            (s, "PKG-INFO")
        } else {
            continue;
        };
        let from = g.add(Eco::Python, stem.split('-').next().unwrap_or(stem));
        let Some(text) = read_text(&e.path().join(meta)) else {
            continue;
        };
        for line in text.lines() {
            if line.is_empty() {
                break; // headers end at the first blank line; the body is the README
            }
            let Some(req) = line.strip_prefix("Requires-Dist:") else {
                continue;
            };
            if req.contains("extra ==") || req.contains("extra==") {
                continue;
            }
            if let Some(n) = requirement_name(req) {
                g.edge(Eco::Python, &from, &n);
            }
        }
    }
    g
}

/// npm installed metadata: the `dependencies`, `optionalDependencies` and
/// `peerDependencies` keys of one installed `package.json`.
pub(crate) fn npm_installed(pkg_dir: &Path) -> Vec<String> {
    let Some(text) = read_text(&pkg_dir.join("package.json")) else {
        return Vec::new();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for dk in NPM_DEP_KEYS {
        if let Some(m) = v.get(dk).and_then(|m| m.as_object()) {
            out.extend(m.keys().cloned());
        }
    }
    out
}

/// The shipped table of direct runtime requirements (`data/requires_<eco>.txt`):
/// `package: dep dep …` lines, names normalized for the ecosystem.
pub(crate) fn shipped(eco: Eco) -> &'static HashMap<String, Vec<String>> {
    use std::sync::OnceLock;
    static PY: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    static NPM: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    static NONE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    let (cell, text) = match eco {
        Eco::Python => (&PY, include_str!("../data/requires_pypi.txt")),
        Eco::Npm => (&NPM, include_str!("../data/requires_npm.txt")),
        _ => (&NONE, ""),
    };
    cell.get_or_init(|| {
        let mut m: HashMap<String, Vec<String>> = HashMap::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((pkg, deps)) = line.split_once(':') else {
                continue;
            };
            m.entry(eco.norm(pkg))
                .or_default()
                .extend(deps.split_whitespace().map(|d| eco.norm(d)));
        }
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Graph) -> Vec<&str> {
        let mut v: Vec<&str> = g.names.iter().map(String::as_str).collect();
        v.sort();
        v
    }

    #[test]
    fn python_lockfiles() {
        let poetry = "[[package]]\nname = \"httpx\"\nversion = \"0.27\"\n\n[package.dependencies]\nanyio = \"*\"\nsniffio = \"*\"\n\n[package.extras]\nhttp2 = [\"h2\"]\n\n[[package]]\nname = \"Sniffio\"\nversion = \"1\"\n";
        let g = parse("poetry.lock", poetry, Eco::Python).unwrap();
        assert_eq!(names(&g), ["httpx", "sniffio"]);
        assert_eq!(g.deps["httpx"], ["anyio", "sniffio"]);
        let uv = "version = 1\n[[package]]\nname = \"anyio\"\ndependencies = [{ name = \"idna\" }, { name = \"sniffio\" }]\n[package.optional-dependencies]\ntrio = [{ name = \"trio\" }]\n[[package]]\nname = \"idna\"\n";
        let g = parse("uv.lock", uv, Eco::Python).unwrap();
        assert_eq!(g.deps["anyio"], ["idna", "sniffio"]);
        let pdm = "[[package]]\nname = \"requests\"\ndependencies = [\"urllib3<3,>=1.21.1\", \"charset-normalizer<4,>=2\"]\n";
        let g = parse("pdm.lock", pdm, Eco::Python).unwrap();
        assert_eq!(g.deps["requests"], ["urllib3", "charset-normalizer"]);
        let pylock =
            "lock-version = \"1.0\"\n[[packages]]\nname = \"Typing_Extensions\"\nversion = \"4\"\n";
        assert_eq!(
            names(&parse("pylock.dev.toml", pylock, Eco::Python).unwrap()),
            ["typing-extensions"]
        );
        let pipfile = r#"{"_meta": {}, "default": {"certifi": {"version": "==1"}}, "develop": {"pytest": {}}}"#;
        assert_eq!(
            names(&parse("Pipfile.lock", pipfile, Eco::Python).unwrap()),
            ["certifi", "pytest"]
        );
        assert!(parse("uv.lock", "[[package]\nname=", Eco::Python).is_err());
        assert!(parse("Pipfile.lock", "{\"default\": ", Eco::Python).is_err());
    }

    #[test]
    fn npm_lockfiles() {
        let v3 = r#"{"lockfileVersion": 3, "packages": {"": {"dependencies": {"express": "^4"}}, "node_modules/express": {"dependencies": {"body-parser": "1"}}, "node_modules/express/node_modules/@types/qs": {}}}"#;
        let g = parse("package-lock.json", v3, Eco::Npm).unwrap();
        assert_eq!(names(&g), ["@types/qs", "express"]);
        assert_eq!(g.deps["express"], ["body-parser"]);
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {"a": {"requires": {"b": "1"}, "dependencies": {"b": {}}}}}"#;
        assert_eq!(
            names(&parse("npm-shrinkwrap.json", v1, Eco::Npm).unwrap()),
            ["a", "b"]
        );
        let y1 = "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.1.0\"\n  dependencies:\n    \"@babel/types\" \"^7\"\n    debug \"^4\"\n\ndebug@^4:\n  version \"4.0.0\"\n";
        let g = parse("yarn.lock", y1, Eco::Npm).unwrap();
        assert_eq!(names(&g), ["@babel/core", "debug"]);
        assert_eq!(g.deps["@babel/core"], ["@babel/types", "debug"]);
        let berry = "__metadata:\n  version: 6\n\n\"lodash@npm:^4.17.21\":\n  version: 4.17.21\n  dependencies:\n    \"@scope/x\": \"npm:^1\"\n    y: \"npm:^2\"\n";
        let g = parse("yarn.lock", berry, Eco::Npm).unwrap();
        assert_eq!(names(&g), ["lodash"]);
        assert_eq!(g.deps["lodash"], ["@scope/x", "y"]);
        let pnpm9 = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      react:\n        specifier: ^18\n        version: 18.2.0\n\npackages:\n\n  '@vue/shared@3.4.0':\n    resolution: {integrity: x}\n\n  react@18.2.0:\n    resolution: {integrity: y}\n\nsnapshots:\n\n  react@18.2.0:\n    dependencies:\n      loose-envify: 1.4.0\n";
        let g = parse("pnpm-lock.yaml", pnpm9, Eco::Npm).unwrap();
        assert_eq!(names(&g), ["@vue/shared", "react"]);
        assert_eq!(g.deps["react"], ["loose-envify"]);
        let pnpm5 = "lockfileVersion: 5.4\npackages:\n  /@babel/code-frame/7.0.0:\n    dev: true\n  /ms/2.1.2:\n    dev: false\n";
        assert_eq!(
            names(&parse("pnpm-lock.yaml", pnpm5, Eco::Npm).unwrap()),
            ["@babel/code-frame", "ms"]
        );
        let bun = "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {},\n  \"packages\": {\n    \"chalk\": [\"chalk@5.3.0\", \"\", {}, \"sha\"],\n    \"ws/@types/node\": [\"@types/node@20.0.0\", \"\", { \"dependencies\": { \"undici-types\": \"~5\" } }, \"sha\"],\n  },\n}\n";
        let g = parse("bun.lock", bun, Eco::Npm).unwrap();
        assert_eq!(names(&g), ["@types/node", "chalk"]);
        assert_eq!(g.deps["@types/node"], ["undici-types"]);
        assert!(parse("package-lock.json", "{\"packages\": {", Eco::Npm).is_err());
        assert!(parse("yarn.lock", "<<<<<<< HEAD\n", Eco::Npm).is_err());
        assert!(parse("pnpm-lock.yaml", "garbage: [", Eco::Npm).is_err());
        assert!(parse("bun.lock", "{\"packages\": [", Eco::Npm).is_err());
    }

    #[test]
    fn cargo_and_go() {
        let lock = "version = 3\n[[package]]\nname = \"serde-json\"\nversion = \"1\"\ndependencies = [\n \"itoa\",\n \"serde 1.0.0 (registry+https://x)\",\n]\n";
        let g = parse("Cargo.lock", lock, Eco::Cargo).unwrap();
        assert_eq!(names(&g), ["serde_json"]);
        assert_eq!(g.deps["serde_json"], ["itoa", "serde"]);
        let sum = "github.com/a/b v1.0.0 h1:abc=\ngithub.com/a/b v1.0.0/go.mod h1:def=\n";
        assert_eq!(
            names(&parse("go.sum", sum, Eco::Go).unwrap()),
            ["github.com/a/b"]
        );
        assert!(parse("go.sum", "<<<<<<< ours\n", Eco::Go).is_err());
    }

    proptest::proptest! {
        /// No lockfile parser panics, whatever the text: random glue of the fragments the
        /// line-based parsers look at.
        #[test]
        fn parsers_never_panic(parts in proptest::collection::vec(0usize..FRAGMENTS.len(), 0..60)) {
            let text: String = parts.iter().map(|i| FRAGMENTS[*i]).collect();
            for f in ["yarn.lock", "pnpm-lock.yaml", "go.sum", "bun.lock", "package-lock.json", "uv.lock", "pylock.toml", "Pipfile.lock"] {
                let _ = parse(f, &text, Eco::Npm);
                let _ = parse(f, &text, Eco::Python);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC*") {
            for f in ["yarn.lock", "pnpm-lock.yaml", "go.sum", "bun.lock", "package-lock.json", "Cargo.lock"] {
                let _ = parse(f, &text, Eco::Npm);
            }
        }
    }

    const FRAGMENTS: &[&str] = &[
        "\n",
        "  ",
        "    ",
        "      ",
        "\"",
        "'",
        ":",
        ": ",
        "@",
        "/",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        ", ",
        "lockfileVersion: 9\n",
        "packages:\n",
        "snapshots:\n",
        "importers:\n",
        "dependencies:\n",
        "__metadata:\n",
        "# yarn lockfile v1\n",
        "a@^1",
        "@s/b@npm:1",
        "node_modules/",
        "h1:x=",
        " v1.0.0 ",
        "é",
        "\u{feff}",
    ];

    #[test]
    fn reachability() {
        let mut deps: HashMap<String, Vec<String>> = HashMap::new();
        deps.insert("httpx".into(), vec!["anyio".into()]);
        deps.insert("anyio".into(), vec!["sniffio".into(), "httpx".into()]);
        let roots = vec!["fastapi".to_string(), "httpx".to_string()];
        let via = reached_via(&roots, "sniffio", |n| {
            deps.get(n).cloned().unwrap_or_default()
        });
        assert_eq!(via.as_deref(), Some("httpx"));
        assert_eq!(
            reached_via(&roots, "trio", |n| deps.get(n).cloned().unwrap_or_default()),
            None
        );
    }

    #[test]
    fn installed_metadata() {
        let sp = tempfile::tempdir().unwrap();
        let di = sp.path().join("anyio-4.4.0.dist-info");
        std::fs::create_dir(&di).unwrap();
        std::fs::write(
            di.join("METADATA"),
            "Metadata-Version: 2.1\nName: anyio\nRequires-Dist: idna>=2.8\nRequires-Dist: sniffio>=1.1\nRequires-Dist: trio>=0.23; extra == \"trio\"\n\nRequires-Dist: body-text\n",
        )
        .unwrap();
        let g = python_installed(sp.path());
        assert_eq!(g.deps["anyio"], ["idna", "sniffio"]);
        assert!(shipped(Eco::Python)["pydantic"].contains(&"pydantic-core".to_string()));
        assert!(shipped(Eco::Npm)["express"].contains(&"body-parser".to_string()));
    }
}
