//! Python import name ↔ distribution name, many-to-many: a shipped table of names that
//! differ (`yaml` → PyYAML, `cv2` → opencv-python, `PIL` → Pillow, …), installed metadata
//! (`*.dist-info/top_level.txt`, `RECORD`), and name heuristics (`google.cloud.storage` →
//! google-cloud-storage).

use crate::manifest::python::normalize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

static TABLE: &str = include_str!("data/python_import_names.txt");

fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static T: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<&str, Vec<&str>> = HashMap::new();
        for line in TABLE.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some((imp, dist)) = line.split_once(' ') {
                m.entry(imp).or_default().push(dist.trim());
            }
        }
        m
    })
}

/// Distributions that may provide the import `module` (dotted), normalized, without
/// installed metadata: the shipped table for each dotted prefix plus name heuristics.
pub(crate) fn candidate_dists(module: &str) -> Vec<String> {
    let mut out = exact_dists(module);
    let top = normalize(module.split('.').next().unwrap_or(module));
    out.push(format!("python-{top}"));
    out.push(format!("{top}-python"));
    out.push(format!("py{top}"));
    if let Some(rest) = top.strip_prefix("py") {
        out.push(rest.to_string());
    }
    out.push(format!("pytest-{top}"));
    out.push(format!("django-{top}"));
    out.push(format!("flask-{top}"));
    out
}

/// Distributions that provide the import `module` by the shipped table or by the module's own
/// (dotted-prefix) name only — no `py`/`python-`/plugin spelling guesses. Used against
/// lockfiles and the requirements table, which hold hundreds of names: `import pysniffio`
/// must not resolve to a locked `sniffio`.
pub(crate) fn exact_dists(module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<&str> = module.split('.').collect();
    for n in (1..=parts.len()).rev() {
        let prefix = parts[..n].join(".");
        if let Some(ds) = table().get(prefix.as_str()) {
            out.extend(ds.iter().map(|d| normalize(d)));
        }
        // Namespace packages: `google.cloud.storage` → google-cloud-storage.
        out.push(normalize(&prefix));
    }
    out
}

/// The best-known distribution name for a top-level import, for messages.
pub(crate) fn known_dist(top: &str) -> Option<&'static str> {
    table().get(top).and_then(|v| v.first().copied())
}

/// import top-level name → distributions (normalized) installed in a site-packages dir.
pub(crate) fn installed_map(site_packages: &Path) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let Ok(rd) = std::fs::read_dir(site_packages) else {
        return map;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_suffix(".dist-info")
            .or_else(|| name.strip_suffix(".egg-info"))
        else {
            continue;
        };
        let dist = normalize(stem.split('-').next().unwrap_or(stem));
        let dir = e.path();
        let tops: Vec<String> = if let Ok(t) = std::fs::read_to_string(dir.join("top_level.txt")) {
            t.lines()
                .map(|l| l.trim().replace('/', "."))
                .filter(|l| !l.is_empty())
                .collect()
        } else if let Ok(r) = std::fs::read_to_string(dir.join("RECORD")) {
            let mut v: Vec<String> = r
                .lines()
                .filter_map(|l| l.split(',').next())
                .filter_map(|p| p.split('/').next())
                .filter(|p| {
                    !p.ends_with(".dist-info")
                        && !p.starts_with("..")
                        && *p != "__pycache__"
                        && !p.is_empty()
                })
                .map(|p| {
                    p.trim_end_matches(".py")
                        .split('.')
                        .next()
                        .unwrap_or(p)
                        .to_string()
                })
                .collect();
            v.sort();
            v.dedup();
            v
        } else {
            Vec::new()
        };
        for t in tops {
            map.entry(t).or_default().push(dist.clone());
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates() {
        assert!(candidate_dists("yaml").contains(&"pyyaml".to_string()));
        assert!(candidate_dists("PIL.Image").contains(&"pillow".to_string()));
        assert!(
            candidate_dists("google.cloud.storage").contains(&"google-cloud-storage".to_string())
        );
        assert!(candidate_dists("dateutil.parser").contains(&"python-dateutil".to_string()));
        assert_eq!(known_dist("sklearn"), Some("scikit-learn"));
        let exact = exact_dists("pysniffio");
        assert!(!exact.contains(&"sniffio".to_string()), "{exact:?}");
        assert!(exact_dists("yaml").contains(&"pyyaml".to_string()));
    }

    #[test]
    fn installed_metadata() {
        let sp = tempfile::tempdir().unwrap();
        let di = sp.path().join("PyYAML-6.0.1.dist-info");
        std::fs::create_dir(&di).unwrap();
        std::fs::write(di.join("top_level.txt"), "_yaml\nyaml\n").unwrap();
        let di = sp.path().join("attrs-23.1.0.dist-info");
        std::fs::create_dir(&di).unwrap();
        std::fs::write(
            di.join("RECORD"),
            "attr/__init__.py,sha256=x,1\nattrs/__init__.py,,\nattrs-23.1.0.dist-info/METADATA,,\n",
        )
        .unwrap();
        let m = installed_map(sp.path());
        assert_eq!(m.get("yaml"), Some(&vec!["pyyaml".to_string()]));
        assert_eq!(m.get("attr"), Some(&vec!["attrs".to_string()]));
    }
}
