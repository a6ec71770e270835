//! `package.json` (dependencies of every kind, own name, workspaces) and
//! `tsconfig.json`/`jsconfig.json` (`paths` aliases, `baseUrl`, one level of `extends`).

use super::{read_text, strip_jsonc, ManifestError};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One `package.json`.
#[derive(Debug, Default, Clone)]
pub(crate) struct PackageJson {
    pub names: Vec<String>,
    pub declared: HashSet<String>,
    pub own: Option<String>,
    /// Workspace globs (`packages/*`), from `workspaces` or `pnpm-workspace.yaml`.
    pub workspaces: Vec<String>,
    pub errors: Vec<ManifestError>,
}

const DEP_KEYS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
    "bundleDependencies",
    "bundledDependencies",
];

pub(crate) fn load_package_json(dir: &Path, shown: &str) -> Option<PackageJson> {
    let text = read_text(&dir.join("package.json"))?;
    let mut p = PackageJson::default();
    let v: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            p.errors.push(ManifestError {
                path: shown.to_string(),
                reason: e.to_string(),
            });
            return Some(p);
        }
    };
    for key in DEP_KEYS {
        match v.get(key) {
            Some(serde_json::Value::Object(m)) => {
                for k in m.keys() {
                    if p.declared.insert(k.clone()) {
                        p.names.push(k.clone());
                    }
                }
            }
            Some(serde_json::Value::Array(a)) => {
                for k in a.iter().filter_map(|x| x.as_str()) {
                    if p.declared.insert(k.to_string()) {
                        p.names.push(k.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    p.own = v.get("name").and_then(|n| n.as_str()).map(str::to_string);
    let ws = match v.get("workspaces") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(serde_json::Value::Object(o)) => o
            .get("packages")
            .and_then(|x| x.as_array())
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    p.workspaces = ws
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    if let Some(y) = read_text(&dir.join("pnpm-workspace.yaml")) {
        // `packages:` followed by `  - 'glob'` lines.
        let mut inside = false;
        for line in y.lines() {
            if line.starts_with("packages:") {
                inside = true;
            } else if inside && line.trim_start().starts_with('-') {
                let g = line.trim_start().trim_start_matches('-').trim();
                p.workspaces
                    .push(g.trim_matches(|c| c == '\'' || c == '"').to_string());
            } else if !line.starts_with(' ') && !line.trim().is_empty() {
                inside = false;
            }
        }
    }
    Some(p)
}

/// Expand workspace globs of the simple forms used in practice (`dir`, `dir/*`, `dir/**`)
/// to package names.
pub(crate) fn workspace_names(dir: &Path, globs: &[String]) -> HashSet<String> {
    let mut out = HashSet::new();
    for g in globs {
        if g.starts_with('!') {
            continue;
        }
        let g = g.trim_end_matches('/');
        let dirs: Vec<PathBuf> =
            if let Some(base) = g.strip_suffix("/**").or_else(|| g.strip_suffix("/*")) {
                std::fs::read_dir(dir.join(base))
                    .map(|rd| rd.flatten().map(|e| e.path()).collect())
                    .unwrap_or_default()
            } else {
                vec![dir.join(g)]
            };
        for d in dirs {
            if let Some(text) = read_text(&d.join("package.json")) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    if let Some(n) = v.get("name").and_then(|n| n.as_str()) {
                        out.insert(n.to_string());
                    }
                }
            }
        }
    }
    out
}

/// Path aliases of one tsconfig/jsconfig.
#[derive(Debug, Default, Clone)]
pub(crate) struct TsConfig {
    /// `paths` keys: exact aliases, and prefixes (from `alias/*`).
    pub exact: HashSet<String>,
    pub prefixes: Vec<String>,
    pub base_url: Option<PathBuf>,
}

impl TsConfig {
    pub(crate) fn matches(&self, spec: &str) -> bool {
        self.exact.contains(spec) || self.prefixes.iter().any(|p| spec.starts_with(p.as_str()))
    }
}

pub(crate) fn load_tsconfig(dir: &Path) -> Option<TsConfig> {
    let mut found = None;
    for f in ["tsconfig.json", "jsconfig.json"] {
        if let Some(cfg) = load_one(&dir.join(f), 0) {
            let acc: &mut TsConfig = found.get_or_insert_with(TsConfig::default);
            acc.exact.extend(cfg.exact);
            acc.prefixes.extend(cfg.prefixes);
            if acc.base_url.is_none() {
                acc.base_url = cfg.base_url;
            }
        }
    }
    found
}

fn load_one(path: &Path, depth: u32) -> Option<TsConfig> {
    let text = read_text(path)?;
    let v: serde_json::Value = serde_json::from_str(&strip_jsonc(&text)).ok()?;
    let dir = path.parent()?;
    let mut cfg = TsConfig::default();
    if let Some(ext) = v.get("extends").and_then(|e| e.as_str()) {
        if depth < 3 && ext.starts_with('.') {
            let mut p = dir.join(ext);
            if p.extension().is_none() {
                p.set_extension("json");
            }
            if let Some(parent) = load_one(&p, depth + 1) {
                cfg = parent;
            }
        }
    }
    let opts = v.get("compilerOptions");
    if let Some(b) = opts.and_then(|o| o.get("baseUrl")).and_then(|b| b.as_str()) {
        cfg.base_url = Some(dir.join(b));
    }
    if let Some(serde_json::Value::Object(paths)) = opts.and_then(|o| o.get("paths")) {
        for k in paths.keys() {
            match k.strip_suffix('*') {
                Some(prefix) if !prefix.is_empty() => cfg.prefixes.push(prefix.to_string()),
                Some(_) => cfg.prefixes.push(String::new()),
                None => {
                    cfg.exact.insert(k.clone());
                }
            }
        }
    }
    Some(cfg)
}

/// The package part of a bare specifier: `@scope/name/sub` → `@scope/name`, `a/b` → `a`.
pub(crate) fn package_name(spec: &str) -> &str {
    let mut parts = spec.splitn(3, '/');
    let first = parts.next().unwrap_or(spec);
    if first.starts_with('@') {
        match parts.next() {
            Some(second) => &spec[..first.len() + 1 + second.len()],
            None => spec,
        }
    } else {
        first
    }
}

/// Can `pkg` be published to npm at all (validate-npm-package-name)? A bare `@scope`
/// without `/name`, a leading `.` or `_`, or any character other than letters, digits,
/// `-`, `_`, `.` (npm rejects URL-unsafe characters and `~'!()*` in new names) cannot —
/// such specifiers (`~utils`, `@imported`, SvelteKit's `$lib`) are bundler or tsconfig
/// aliases, never a package a look-alike could be registered under.
pub(crate) fn is_publishable_name(pkg: &str) -> bool {
    let (scope, bare) = match pkg.strip_prefix('@') {
        Some(rest) => match rest.split_once('/') {
            Some((scope, name)) if !scope.is_empty() && !name.is_empty() => (scope, name),
            _ => return false,
        },
        None => ("", pkg),
    };
    let chars_ok = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    !bare.is_empty() && !bare.starts_with(['.', '_']) && chars_ok(scope) && chars_ok(bare)
}

/// Bundler configs whose `external: [...]` lists are read.
const BUNDLER_CONFIGS: &[&str] = &[
    "rollup.config.js",
    "rollup.config.mjs",
    "rollup.config.ts",
    "rolldown.config.js",
    "rolldown.config.mjs",
    "rolldown.config.ts",
    "vite.config.js",
    "vite.config.mjs",
    "vite.config.ts",
];

/// String literals in the `external: [ … ]` arrays of the bundler configs in `dir`: the
/// project declares these specifiers as provided at run time (vite's own client imports
/// `@vite/env`, a module its dev server serves). Functions and regexes are not evaluated.
pub(crate) fn bundler_externals(dir: &Path) -> HashSet<String> {
    let mut out = HashSet::new();
    for f in BUNDLER_CONFIGS {
        if let Some(text) = read_text(&dir.join(f)) {
            externals_in(&text, &mut out);
        }
    }
    out
}

fn externals_in(text: &str, out: &mut HashSet<String>) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find("external") {
        let mut i = from + pos + "external".len();
        from = i;
        let skip_ws = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        i = skip_ws(i);
        if b.get(i) != Some(&b':') {
            continue;
        }
        i = skip_ws(i + 1);
        if b.get(i) != Some(&b'[') {
            continue;
        }
        i += 1;
        while i < b.len() && b[i] != b']' {
            let q = b[i];
            if matches!(q, b'\'' | b'"' | b'`') {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != q && b[j] != b'\n' {
                    j += 1;
                }
                if j < b.len() && b[j] == q {
                    out.insert(text[start..j].to_string());
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
        from = i.min(b.len());
    }
}

/// `@types/` package that carries the types of `pkg` (`@scope/name` → `@types/scope__name`).
pub(crate) fn types_package(pkg: &str) -> String {
    match pkg.strip_prefix('@') {
        Some(scoped) => format!("@types/{}", scoped.replacen('/', "__", 1)),
        None => format!("@types/{pkg}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundler_external_lists() {
        let mut out = HashSet::new();
        externals_in("const external = ['x']\nexport default defineConfig({\n  external: ['@vite/env', \"virtual-x\"],\n  output: { external: id => id.startsWith('y') },\n})\n", &mut out);
        let mut v: Vec<_> = out.into_iter().collect();
        v.sort();
        assert_eq!(v, ["@vite/env", "virtual-x"]);
    }

    #[test]
    fn publishable_names() {
        for ok in ["react", "@scope/pkg", "lodash.get", "left-pad"] {
            assert!(is_publishable_name(ok), "{ok}");
        }
        for alias in [
            "~utils",
            "@imported",
            "@",
            "_private",
            ".hidden",
            "@/components",
        ] {
            assert!(!is_publishable_name(alias), "{alias}");
        }
    }

    #[test]
    fn package_names() {
        assert_eq!(package_name("@scope/name/sub/x"), "@scope/name");
        assert_eq!(package_name("lodash/fp"), "lodash");
        assert_eq!(package_name("@scope"), "@scope");
        assert_eq!(types_package("@babel/core"), "@types/babel__core");
    }
}
