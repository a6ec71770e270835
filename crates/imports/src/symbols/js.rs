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

/// Existing files a specifier may resolve to: the runtime file and its `.d.ts` sibling.
/// Few `stat`s on purpose: star-export chains probe hundreds of specifiers.
fn probe(base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let s = base.to_string_lossy().into_owned();
    let stem = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]
        .iter()
        .find_map(|e| s.strip_suffix(e))
        .unwrap_or(&s)
        .to_string();
    let first = |exts: &[&str], stem: &str| -> Option<PathBuf> {
        exts.iter()
            .map(|e| PathBuf::from(format!("{stem}{e}")))
            .find(|p| p.is_file())
    };
    if base.is_file() {
        out.push(base.to_path_buf());
    } else if let Some(p) = first(&[".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"], &stem) {
        out.push(p);
    }
    if let Some(p) = first(&[".d.ts", ".d.mts", ".d.cts"], &stem) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() && base.is_dir() {
        let idx = base.join("index");
        let idx = idx.to_string_lossy();
        out.extend(first(&[".js", ".mjs", ".cjs", ".ts"], &idx));
        out.extend(first(&[".d.ts"], &idx));
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

/// Files parsed per lookup before giving up (the answer is then "dynamic": no claim). Keeps
/// a pre-commit bounded on packages such as date-fns whose index re-exports 250 files.
const MAX_FILES: usize = 48;

struct Search<'c> {
    cache: &'c ParseCache<Exports>,
    seen: HashSet<PathBuf>,
    dynamic: bool,
    any: bool,
}

impl Search<'_> {
    /// Breadth-first over the export graph, probing `export *` targets only when reached;
    /// stops as soon as `name` is found or the file budget is spent.
    fn find(&mut self, files: &[PathBuf], name: &str) -> bool {
        let mut queue: std::collections::VecDeque<(PathBuf, u32, bool)> =
            files.iter().map(|f| (f.clone(), 0, false)).collect();
        while let Some((base, depth, needs_probe)) = queue.pop_front() {
            let found = if needs_probe {
                probe(&base)
            } else {
                vec![base]
            };
            if found.is_empty() {
                self.dynamic = true;
            }
            for f in found {
                if !self.seen.insert(f.clone()) {
                    continue;
                }
                if self.seen.len() > MAX_FILES
                    || std::fs::metadata(&f)
                        .map(|m| m.len() > MAX_PARSE_BYTES)
                        .unwrap_or(true)
                {
                    self.dynamic = true;
                    return false;
                }
                let e = cached(self.cache, &f, || {
                    let text = std::fs::read(&f)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    exports(&text)
                });
                if e.names.contains(name) {
                    return true;
                }
                self.dynamic |= e.dynamic;
                self.any |= e.any;
                for s in &e.star_from {
                    match f.parent() {
                        Some(dir) if s.starts_with('.') && depth < 8 => {
                            queue.push_back((dir.join(s), depth + 1, true))
                        }
                        _ => self.dynamic = true,
                    }
                }
            }
        }
        false
    }
}

/// Look `name` up in the exports of `files`.
pub(crate) fn lookup(files: &[PathBuf], name: &str, cache: &ParseCache<Exports>) -> Lookup {
    let mut search = Search {
        cache,
        seen: HashSet::new(),
        dynamic: false,
        any: false,
    };
    if search.find(files, name) {
        Lookup::Defined
    } else if search.dynamic || !search.any {
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
