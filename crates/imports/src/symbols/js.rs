//! JavaScript/TypeScript: is `name` exported by installed package `pkg[/sub]`? Reads the
//! package's entry points (`types`/`typings`, `exports`, `module`, `main`, `index.*`), its
//! `@types/` package, and follows relative `export *` chains.

use super::{cached, Lookup, ParseCache, MAX_PARSE_BYTES};
use crate::lang::js::{exports, Exports};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// `<dir>/node_modules/<pkg>` for the nearest `dir` from `start` up to `root`.
pub(crate) fn find_package(dirs: &[PathBuf], pkg: &str) -> Option<PathBuf> {
    dirs.iter()
        .map(|d| d.join("node_modules").join(pkg))
        .find(|p| p.join("package.json").is_file())
}

/// Is there any node_modules directory in `dirs`?
pub(crate) fn has_node_modules(dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|d| d.join("node_modules").is_dir())
}

const EXTS: &[&str] = &[
    "", ".d.ts", ".js", ".mjs", ".cjs", ".ts", ".d.mts", ".d.cts", ".jsx", ".tsx",
];

/// Existing files a specifier may resolve to (all of them: `x.js` and `x.d.ts` together).
fn probe(base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let s = base.to_string_lossy().into_owned();
    let stem = s
        .strip_suffix(".js")
        .or_else(|| s.strip_suffix(".mjs"))
        .or_else(|| s.strip_suffix(".cjs"))
        .unwrap_or(&s)
        .to_string();
    for e in EXTS {
        for b in [&s, &stem] {
            let p = PathBuf::from(format!("{b}{e}"));
            if p.is_file() && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if out.is_empty() && base.is_dir() {
        for e in [
            "index.d.ts",
            "index.js",
            "index.mjs",
            "index.cjs",
            "index.ts",
        ] {
            let p = base.join(e);
            if p.is_file() {
                out.push(p);
            }
        }
    }
    out
}

fn json_leaves(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Object(m) => m.values().for_each(|x| json_leaves(x, out)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_leaves(x, out)),
        _ => {}
    }
}

/// Entry files of `pkg_dir` for `subpath` (`""` for the package itself).
pub(crate) fn entry_files(pkg_dir: &Path, subpath: &str) -> Vec<PathBuf> {
    let mut rels: Vec<String> = Vec::new();
    let manifest: Option<serde_json::Value> = std::fs::read(pkg_dir.join("package.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let key = if subpath.is_empty() {
        ".".to_string()
    } else {
        format!("./{subpath}")
    };
    if let Some(m) = &manifest {
        match m.get("exports") {
            Some(serde_json::Value::String(s)) if subpath.is_empty() => rels.push(s.clone()),
            Some(serde_json::Value::Object(o)) => {
                if o.keys().all(|k| !k.starts_with('.')) {
                    if subpath.is_empty() {
                        json_leaves(&serde_json::Value::Object(o.clone()), &mut rels);
                    }
                } else if let Some(v) = o.get(&key) {
                    json_leaves(v, &mut rels);
                }
            }
            _ => {}
        }
        if subpath.is_empty() {
            for k in ["types", "typings", "module", "main"] {
                if let Some(s) = m.get(k).and_then(|v| v.as_str()) {
                    rels.push(s.to_string());
                }
            }
        }
    }
    if subpath.is_empty() {
        rels.push("index".into());
    } else {
        rels.push(subpath.to_string());
    }
    let mut files = Vec::new();
    for r in rels {
        for f in probe(&pkg_dir.join(r.trim_start_matches("./"))) {
            if !files.contains(&f) {
                files.push(f);
            }
        }
    }
    files
}

fn collect(
    files: &[PathBuf],
    cache: &ParseCache<Exports>,
    depth: u32,
    names: &mut HashSet<String>,
    seen: &mut HashSet<PathBuf>,
) -> (bool, bool) {
    let (mut dynamic, mut any) = (false, false);
    for f in files {
        if !seen.insert(f.clone()) {
            continue;
        }
        if std::fs::metadata(f)
            .map(|m| m.len() > MAX_PARSE_BYTES)
            .unwrap_or(true)
        {
            return (true, true);
        }
        let e = cached(cache, f, || {
            let text = std::fs::read(f)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            exports(&text)
        });
        names.extend(e.names.iter().cloned());
        dynamic |= e.dynamic;
        any |= e.any;
        for s in &e.star_from {
            let targets = if s.starts_with('.') && depth < 8 {
                f.parent().map(|p| probe(&p.join(s))).unwrap_or_default()
            } else {
                Vec::new()
            };
            if targets.is_empty() {
                dynamic = true;
            } else {
                let (d, _) = collect(&targets, cache, depth + 1, names, seen);
                dynamic |= d;
            }
        }
    }
    (dynamic, any)
}

/// Look `name` up in the exports of `files`.
pub(crate) fn lookup(files: &[PathBuf], name: &str, cache: &ParseCache<Exports>) -> Lookup {
    let mut names = HashSet::new();
    let (dynamic, any) = collect(files, cache, 0, &mut names, &mut HashSet::new());
    if names.contains(name) {
        Lookup::Defined
    } else if dynamic || !any {
        Lookup::Dynamic
    } else {
        Lookup::Unknown(files.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_entries_and_star_chains() {
        let d = tempfile::tempdir().unwrap();
        let pkg = d.path().join("node_modules/fake");
        std::fs::create_dir_all(pkg.join("lib")).unwrap();
        std::fs::write(
            pkg.join("package.json"),
            r#"{"name":"fake","main":"lib/index.js"}"#,
        )
        .unwrap();
        std::fs::write(
            pkg.join("lib/index.js"),
            "export * from './a';\nexport function top() {}\n",
        )
        .unwrap();
        std::fs::write(pkg.join("lib/a.js"), "export const fromA = 1;\n").unwrap();
        let found = find_package(&[d.path().to_path_buf()], "fake").unwrap();
        let files = entry_files(&found, "");
        assert!(!files.is_empty());
        let cache = ParseCache::default();
        assert_eq!(lookup(&files, "top", &cache), Lookup::Defined);
        assert_eq!(lookup(&files, "fromA", &cache), Lookup::Defined);
        assert!(matches!(lookup(&files, "nope", &cache), Lookup::Unknown(_)));
    }
}
