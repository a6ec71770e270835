//! Symbol checks against locally installed package sources (Python site-packages,
//! node_modules). A name is reported unknown only when the package source was found and
//! holds no dynamic export tricks.

pub(crate) mod js;
pub(crate) mod python;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Parsed files, shared by all checks of one [`crate::Project`].
pub(crate) type ParseCache<T> = Mutex<HashMap<PathBuf, Arc<T>>>;

/// Result of looking a name up in an installed package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    Defined,
    /// Not defined; the files that were inspected (first one shown in messages).
    Unknown(Vec<PathBuf>),
    /// The module computes its exports at run time: no claim either way.
    Dynamic,
}

pub(crate) fn cached<T>(
    cache: &ParseCache<T>,
    path: &std::path::Path,
    parse: impl FnOnce() -> T,
) -> Arc<T> {
    if let Ok(c) = cache.lock() {
        if let Some(v) = c.get(path) {
            return Arc::clone(v);
        }
    }
    let v = Arc::new(parse());
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), Arc::clone(&v));
    }
    v
}

/// Largest source file parsed for symbols; bigger files count as dynamic.
pub(crate) const MAX_PARSE_BYTES: u64 = 4 * 1024 * 1024;
