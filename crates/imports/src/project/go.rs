//! Go: go.mod requirements and replacements, go.work members, `//go:build ignore`
//! generators, and go.sum.

use super::out::shorten;
use super::{memo, Dir, Memo, Out, Project};
use crate::import::Extracted;
use crate::lang::go as syntax;
use crate::manifest::gomod::{self, GoMod};
use crate::manifest::lock::Eco;
use crate::{near, stdlib};
use std::collections::HashSet;
use std::sync::Arc;

/// Go's caches, each filled once per directory on first need.
#[derive(Debug, Default)]
pub(super) struct Go {
    /// A directory's go.mod.
    modules: Memo<Option<Arc<GoMod>>>,
    /// A directory's go.work `use` list.
    works: Memo<Option<Arc<Vec<String>>>>,
}

impl Go {
    /// Resolve a Go file's imports: the standard library, the module itself and go.work
    /// members, go.mod requirements (longest prefix), then go.sum.
    pub(super) fn check(&self, project: &Project, dirs: &[Dir], mut ex: Extracted, out: &mut Out) {
        // `//go:build ignore` files (generators run with `go run gen.go`) are outside every
        // build, and `go mod tidy` skips them, so go.mod need not require their imports.
        if syntax::build_ignored(out.text) {
            for imp in &mut ex.imports {
                if !imp.guarded {
                    imp.guarded = true;
                    imp.guard =
                        "`//go:build ignore` file, excluded from builds and from go mod tidy";
                }
            }
        }
        let gomod = dirs.iter().find_map(|d| {
            memo(&self.modules, &d.abs, || gomod::load(&d.abs).map(Arc::new))
                .map(|g| (d.clone(), g))
        });
        let work = dirs.iter().find_map(|d| {
            memo(&self.works, &d.abs, || {
                gomod::load_work(&d.abs).map(Arc::new)
            })
            .map(|w| (d.clone(), w))
        });
        if gomod.is_none() && work.is_none() {
            out.no_manifest = Some("no manifest declares Go dependencies here (no go.mod or go.work between the file and the repository root)");
        }
        let mut local: Vec<String> = Vec::new();
        if let Some((_, g)) = &gomod {
            local.extend(g.module.clone());
        }
        let mut required: Vec<String> = gomod
            .as_ref()
            .map(|(_, g)| g.required.clone())
            .unwrap_or_default();
        if let Some((wd, uses)) = &work {
            for u in uses.iter() {
                if let Some(g) = gomod::load(&wd.abs.join(u)) {
                    local.extend(g.module);
                    required.extend(g.required);
                }
            }
        }
        for imp in &ex.imports {
            let p = imp.module.as_str();
            if imp.local || p.is_empty() || stdlib::is_go_std(p) {
                continue;
            }
            if local
                .iter()
                .chain(required.iter())
                .any(|m| gomod::under(p, m))
            {
                continue;
            }
            let where_ = match &gomod {
                Some((d, g)) => format!(
                    "{} (module {}; requires: {})",
                    d.show("go.mod"),
                    g.module.as_deref().unwrap_or("?"),
                    shorten(&g.required)
                ),
                None => "any go.mod (none between the file and the repository root)".to_string(),
            };
            // Compare the module-sized prefix (host/owner/repo) with required modules.
            let prefix: String = p.split('/').take(3).collect::<Vec<_>>().join("/");
            if !imp.guarded {
                let find = |set: &HashSet<String>| {
                    set.iter()
                        .filter(|m| gomod::under(p, m))
                        .max_by_key(|m| m.len())
                        .cloned()
                };
                if let Some(how) =
                    project.transitive(dirs, Eco::Go, &required, &[], &find, None, out)
                {
                    out.transitive(imp, p, &format!("`{p}`"), &how, &where_);
                    continue;
                }
            }
            let nm = near::closest(&prefix, required.iter().map(String::as_str), |s| {
                s.to_ascii_lowercase()
            });
            out.missing(imp, p, &where_, nm);
        }
    }
}
