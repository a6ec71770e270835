//! Python: is `name` defined in installed module `pkg.mod`? Reads `__init__.py`/`.pyi`,
//! module files, `*-stubs` packages, follows `from .x import *` chains and counts
//! submodules (including compiled extensions) as attributes.

use super::{cached, Lookup, ParseCache, MAX_PARSE_BYTES};
use crate::lang::python::{module_names, ModuleNames};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where an installed module lives.
#[derive(Debug, Clone)]
pub(crate) struct ModuleLoc {
    /// Source files of the module itself (`__init__.py`, `__init__.pyi`, `mod.py`, …).
    pub files: Vec<PathBuf>,
    /// The package directory when the module is a package (for submodules).
    pub package_dir: Option<PathBuf>,
    /// Dotted name, to resolve relative star imports.
    pub dotted: String,
    pub is_package: bool,
}

/// Find `dotted` (e.g. `requests.adapters`) in the site-packages directories.
pub(crate) fn find_module(site_packages: &[PathBuf], dotted: &str) -> Option<ModuleLoc> {
    let rel: PathBuf = dotted.split('.').collect();
    let top = dotted.split('.').next().unwrap_or(dotted);
    for sp in site_packages {
        let mut roots = vec![sp.join(&rel)];
        // PEP 561 stub-only packages: `requests-stubs/…`.
        let stub_rel: PathBuf = std::iter::once(format!("{top}-stubs"))
            .chain(dotted.split('.').skip(1).map(str::to_string))
            .collect();
        roots.push(sp.join(stub_rel));
        let mut loc = ModuleLoc {
            files: Vec::new(),
            package_dir: None,
            dotted: dotted.to_string(),
            is_package: false,
        };
        for r in &roots {
            if r.is_dir() {
                for f in ["__init__.py", "__init__.pyi"] {
                    let p = r.join(f);
                    if p.is_file() {
                        loc.files.push(p);
                        loc.is_package = true;
                    }
                }
                if loc.package_dir.is_none() {
                    loc.package_dir = Some(r.clone());
                }
            }
            for ext in ["py", "pyi"] {
                let p = r.with_extension(ext);
                if p.is_file() {
                    loc.files.push(p);
                }
            }
        }
        if !loc.files.is_empty() || loc.package_dir.is_some() {
            return Some(loc);
        }
    }
    None
}

/// All names `loc` defines, following star imports (depth-limited).
fn names(
    site_packages: &[PathBuf],
    loc: &ModuleLoc,
    cache: &ParseCache<ModuleNames>,
    depth: u32,
    out: &mut HashSet<String>,
    budget: &mut usize,
) -> bool {
    let mut dynamic = false;
    for f in &loc.files {
        // Bounded work per lookup: past the budget the module counts as dynamic (no claim).
        if *budget == 0 {
            return true;
        }
        *budget -= 1;
        let too_big = std::fs::metadata(f)
            .map(|m| m.len() > MAX_PARSE_BYTES)
            .unwrap_or(true);
        if too_big {
            return true;
        }
        let m = cached(cache, f, || {
            let text = std::fs::read(f)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            module_names(&text)
        });
        out.extend(m.names.iter().cloned());
        dynamic |= m.dynamic;
        for (level, module) in &m.star_from {
            if depth >= 6 {
                dynamic = true;
                continue;
            }
            let target = if *level == 0 {
                module.clone()
            } else {
                let mut parts: Vec<&str> = loc.dotted.split('.').collect();
                // In a package `__init__`, level 1 is the package itself.
                let drop = if loc.is_package { level - 1 } else { *level };
                if drop > parts.len() {
                    dynamic = true;
                    continue;
                }
                parts.truncate(parts.len() - drop);
                let base = parts.join(".");
                match (base.is_empty(), module.is_empty()) {
                    (true, _) => module.clone(),
                    (false, true) => base,
                    (false, false) => format!("{base}.{module}"),
                }
            };
            match find_module(site_packages, &target) {
                Some(l) if !l.files.is_empty() => {
                    dynamic |= names(site_packages, &l, cache, depth + 1, out, budget);
                }
                _ => dynamic = true,
            }
        }
    }
    dynamic
}

/// Is `name` an attribute of installed module `loc`?
pub(crate) fn lookup(
    site_packages: &[PathBuf],
    loc: &ModuleLoc,
    name: &str,
    cache: &ParseCache<ModuleNames>,
) -> Lookup {
    if loc.files.is_empty() {
        // Namespace package: only submodules are attributes.
        return if has_submodule(loc.package_dir.as_deref(), name) {
            Lookup::Defined
        } else {
            Lookup::Dynamic
        };
    }
    let mut all = HashSet::new();
    let dynamic = names(site_packages, loc, cache, 0, &mut all, &mut 48);
    if all.contains(name) || has_submodule(loc.package_dir.as_deref(), name) {
        return Lookup::Defined;
    }
    if dynamic {
        return Lookup::Dynamic;
    }
    Lookup::Unknown(loc.files.clone())
}

fn has_submodule(dir: Option<&Path>, name: &str) -> bool {
    let Some(dir) = dir else { return false };
    if dir.join(name).is_dir()
        || dir.join(format!("{name}.py")).is_file()
        || dir.join(format!("{name}.pyi")).is_file()
    {
        return true;
    }
    // Compiled extensions: `name.cpython-311-x86_64-linux-gnu.so`, `name.pyd`.
    let prefix = format!("{name}.");
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten().any(|e| {
                let f = e.file_name();
                let f = f.to_string_lossy();
                f.starts_with(&prefix) && (f.ends_with(".so") || f.ends_with(".pyd"))
            })
        })
        .unwrap_or(false)
}

/// `site-packages` directories of the virtual environments in `dir`: `.venv`, `venv`
/// (`lib/python3.*/site-packages`, `lib64/…`, Windows `Lib/site-packages`) and PEP 582
/// `__pypackages__/<ver>/lib`.
pub(crate) fn site_packages_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for venv in [".venv", "venv"] {
        let v = dir.join(venv);
        if !v.is_dir() {
            continue;
        }
        for lib in ["lib", "lib64"] {
            if let Ok(rd) = std::fs::read_dir(v.join(lib)) {
                let mut vers: Vec<PathBuf> = rd
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("python"))
                    .map(|e| e.path().join("site-packages"))
                    .filter(|p| p.is_dir())
                    .collect();
                vers.sort();
                out.extend(vers);
            }
        }
        let win = v.join("Lib").join("site-packages");
        if win.is_dir() {
            out.push(win);
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir.join("__pypackages__")) {
        out.extend(
            rd.flatten()
                .map(|e| e.path().join("lib"))
                .filter(|p| p.is_dir()),
        );
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_chain_and_submodules() {
        let sp = tempfile::tempdir().unwrap();
        let pkg = sp.path().join("fake");
        std::fs::create_dir_all(pkg.join("sub")).unwrap();
        std::fs::write(
            pkg.join("__init__.py"),
            "from .api import *\nfrom . import models\nVERSION = '1'\n",
        )
        .unwrap();
        std::fs::write(
            pkg.join("api.py"),
            "def get(url): pass\ndef _private(): pass\n",
        )
        .unwrap();
        std::fs::write(pkg.join("models.py"), "class Model: pass\n").unwrap();
        std::fs::write(pkg.join("ext.cpython-311-x86_64-linux-gnu.so"), "").unwrap();
        let sps = vec![sp.path().to_path_buf()];
        let cache = ParseCache::default();
        let loc = find_module(&sps, "fake").unwrap();
        for n in ["get", "models", "VERSION", "sub", "ext"] {
            assert_eq!(lookup(&sps, &loc, n, &cache), Lookup::Defined, "{n}");
        }
        assert!(matches!(
            lookup(&sps, &loc, "fetch_json", &cache),
            Lookup::Unknown(_)
        ));
        std::fs::write(pkg.join("dyn.py"), "def __getattr__(n): pass\n").unwrap();
        let d = find_module(&sps, "fake.dyn").unwrap();
        assert_eq!(lookup(&sps, &d, "anything", &cache), Lookup::Dynamic);
    }
}
