//! The dependency-tree step shared by every language: is an otherwise undeclared package
//! installed for this project anyway (lockfiles, installed metadata, the shipped table)?

use super::{Dir, Out, Project};
use crate::manifest::lock::{self, Eco, Lock};
use std::collections::HashSet;
use std::sync::Arc;

/// Installed metadata for [`Project::transitive`]: is a package installed, and what does it
/// require.
pub(super) type Installed<'a> = Option<(&'a dyn Fn(&str) -> bool, &'a dyn Fn(&str) -> Vec<String>)>;

impl Project {
    /// The lockfiles of `eco` in one directory, read once.
    pub(super) fn locks(&self, d: &Dir, eco: Eco) -> Arc<Vec<Lock>> {
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
    pub(super) fn transitive(
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
}
