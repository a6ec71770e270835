//! `Cargo.toml`: package/lib names, dependencies (normal, target-specific, dev, build, with
//! `package =` renames), edition, and workspace members.

use super::{read_text, ManifestError};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One `Cargo.toml`.
#[derive(Debug, Default, Clone)]
pub(crate) struct CargoToml {
    pub package: Option<String>,
    pub lib_name: Option<String>,
    pub edition: String,
    /// Names as used in code (`-` → `_`), with the registry package when renamed.
    pub normal: HashMap<String, String>,
    pub dev: HashMap<String, String>,
    pub build: HashMap<String, String>,
    pub build_script: Option<String>,
    pub workspace_members: Option<Vec<String>>,
    /// `path`s of `[[example]]`, `[[test]]` and `[[bench]]` targets (relative to the
    /// manifest): they build with dev-dependencies wherever they live.
    pub dev_targets: Vec<String>,
    pub errors: Vec<ManifestError>,
}

fn code_name(s: &str) -> String {
    s.replace('-', "_")
}

fn deps(v: Option<&toml::Value>, out: &mut HashMap<String, String>) {
    if let Some(toml::Value::Table(t)) = v {
        for (k, spec) in t {
            let pkg = spec
                .get("package")
                .and_then(|p| p.as_str())
                .unwrap_or(k)
                .to_string();
            out.insert(code_name(k), pkg);
        }
    }
}

/// Does a dependency table (code name → package) provide crate `name`? A package's library
/// may be named differently without a rename in the manifest (`layout-rs` is `layout`,
/// `md-5` is `md5`, `rust-ini` is `ini`); without the package's own Cargo.toml at hand, the
/// common spellings are accepted: `-rs`/`-rust` suffix or `rs-`/`rust-` prefix dropped,
/// hyphens dropped.
pub(crate) fn declares(deps: &HashMap<String, String>, name: &str) -> bool {
    deps.contains_key(name)
        || deps.iter().any(|(key, pkg)| {
            if *key != code_name(pkg) {
                return false; // renamed in the manifest: the key is the only name
            }
            let stripped = [
                key.strip_suffix("_rs"),
                key.strip_suffix("_rust"),
                key.strip_prefix("rs_"),
                key.strip_prefix("rust_"),
            ];
            stripped.iter().flatten().any(|s| *s == name) || pkg.replace('-', "") == name
        })
}

pub(crate) fn load(dir: &Path, shown: &str) -> Option<CargoToml> {
    let text = read_text(&dir.join("Cargo.toml"))?;
    let mut c = CargoToml::default();
    let doc: toml::Table = match toml::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            c.errors.push(ManifestError {
                path: shown.to_string(),
                reason: e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid TOML")
                    .to_string(),
            });
            return Some(c);
        }
    };
    if let Some(p) = doc.get("package") {
        c.package = p.get("name").and_then(|n| n.as_str()).map(str::to_string);
        c.edition = match p.get("edition") {
            Some(toml::Value::String(s)) => s.clone(),
            // `edition.workspace = true`: editions ≥ 2018 in practice.
            Some(_) => "2021".into(),
            None => "2015".into(),
        };
        c.build_script = match p.get("build") {
            Some(toml::Value::String(s)) => Some(s.clone()),
            _ => None,
        };
    }
    c.lib_name = doc
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string);
    deps(doc.get("dependencies"), &mut c.normal);
    deps(doc.get("dev-dependencies"), &mut c.dev);
    deps(doc.get("dev_dependencies"), &mut c.dev);
    deps(doc.get("build-dependencies"), &mut c.build);
    deps(doc.get("build_dependencies"), &mut c.build);
    if let Some(toml::Value::Table(targets)) = doc.get("target") {
        for t in targets.values() {
            deps(t.get("dependencies"), &mut c.normal);
            deps(t.get("dev-dependencies"), &mut c.dev);
            deps(t.get("build-dependencies"), &mut c.build);
        }
    }
    for kind in ["example", "test", "bench"] {
        if let Some(toml::Value::Array(targets)) = doc.get(kind) {
            c.dev_targets.extend(targets.iter().filter_map(|t| {
                let p = t.get("path")?.as_str()?;
                Some(p.trim_start_matches("./").to_string())
            }));
        }
    }
    if let Some(ws) = doc.get("workspace") {
        let members = ws
            .get("members")
            .and_then(|m| m.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        c.workspace_members = Some(members);
    }
    Some(c)
}

impl CargoToml {
    /// The crate name code uses for this package's library.
    pub(crate) fn crate_name(&self) -> Option<String> {
        self.lib_name
            .clone()
            .or_else(|| self.package.clone())
            .map(|n| code_name(&n))
    }
}

/// Crate names of a workspace's members (`crates/*` and exact paths).
pub(crate) fn member_names(root: &Path, members: &[String]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut dirs = Vec::new();
    for m in members {
        if let Some(base) = m.strip_suffix("/*") {
            if let Ok(rd) = std::fs::read_dir(root.join(base)) {
                dirs.extend(rd.flatten().map(|e| e.path()));
            }
        } else {
            dirs.push(root.join(m));
        }
    }
    for d in dirs {
        if let Some(c) = load(&d, "") {
            if let Some(n) = c.crate_name() {
                out.insert(n);
            }
            if let Some(p) = c.package {
                out.insert(code_name(&p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_names_that_differ_from_the_package() {
        let mut d = HashMap::new();
        deps(
            Some(&toml::from_str::<toml::Value>("layout-rs = \"0.1\"\nmd-5 = \"0.10\"\nrust-ini = \"0.21\"\njson = { package = \"serde_json\", version = \"1\" }\n").unwrap()),
            &mut d,
        );
        for n in ["layout_rs", "layout", "md5", "md_5", "ini", "json"] {
            assert!(declares(&d, n), "{n}");
        }
        for n in ["serde_json", "rust", "layout_r", "rs"] {
            assert!(!declares(&d, n), "{n}");
        }
    }

    #[test]
    fn renamed_target_dev_build() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            r#"
[package]
name = "my-app"
edition = "2021"
[lib]
name = "mylib"
[dependencies]
serde-json = "1"
web = { package = "reqwest", version = "0.12" }
[target.'cfg(unix)'.dependencies]
nix = "0.29"
[dev-dependencies]
proptest = "1"
[build-dependencies]
cc = "1"
"#,
        )
        .unwrap();
        let c = load(dir.path(), "Cargo.toml").unwrap();
        assert!(c.normal.contains_key("serde_json") && c.normal.contains_key("nix"));
        assert_eq!(c.normal.get("web").map(String::as_str), Some("reqwest"));
        assert!(c.dev.contains_key("proptest") && c.build.contains_key("cc"));
        assert_eq!(c.crate_name().as_deref(), Some("mylib"));
    }
}
