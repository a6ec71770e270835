//! Standard-library names per language (shipped lists; see `src/data/`).

use std::collections::HashSet;
use std::sync::OnceLock;

/// Union of `sys.stdlib_module_names` of CPython 3.10–3.13 (generated with the local
/// interpreters at authoring time) plus modules that existed only in 3.8/3.9.
static PYTHON: &str = include_str!("data/python_stdlib.txt");
/// `require('module').builtinModules` of Node 20 plus the `node:`-only modules.
static NODE: &str = include_str!("data/node_builtins.txt");

fn set(
    cell: &'static OnceLock<HashSet<&'static str>>,
    text: &'static str,
) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Is the top-level Python module `name` part of the standard library (or provided by the
/// runtime platform, like Pyodide's `js`/`pyodide`/`micropip`)?
pub fn is_python_stdlib(name: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let top = name.split('.').next().unwrap_or(name);
    set(&S, PYTHON).contains(top) || matches!(top, "js" | "pyodide" | "pyodide_js" | "micropip")
}

/// Is `spec` a Node builtin (`fs`, `fs/promises`, `node:test`)?
pub fn is_node_builtin(spec: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let s = set(&S, NODE);
    if s.contains(spec) {
        return true;
    }
    let bare = spec.strip_prefix("node:").unwrap_or(spec);
    s.contains(bare) || (spec.starts_with("node:") && s.contains(spec))
}

/// Rust crates always in scope without a manifest entry.
pub fn is_rust_std(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc" | "proc_macro" | "test")
}

/// Go standard library: the first path element has no dot (`net/http`, not `github.com/…`).
pub fn is_go_std(path: &str) -> bool {
    !path.split('/').next().unwrap_or(path).contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert!(
            is_python_stdlib("os.path")
                && is_python_stdlib("tomllib")
                && is_python_stdlib("distutils")
        );
        assert!(!is_python_stdlib("requests") && !is_python_stdlib("yaml"));
        assert!(
            is_node_builtin("fs/promises")
                && is_node_builtin("node:fs")
                && is_node_builtin("node:test")
        );
        assert!(!is_node_builtin("lodash") && !is_node_builtin("test"));
        assert!(is_go_std("net/http") && !is_go_std("github.com/x/y"));
    }
}
