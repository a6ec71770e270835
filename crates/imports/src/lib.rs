//! The hallucinated-dependency gate's engine: finds imports and imported names in Python,
//! JavaScript/TypeScript, Rust and Go source, and checks them against what the project
//! declares (manifests, lockfiles, workspace members) and, when a package is installed
//! locally, against the package's own source.
//!
//! ```
//! use provenance_imports::{language_of, Language, Project};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(
//!     dir.path().join("pyproject.toml"),
//!     "[project]\nname = \"app\"\ndependencies = [\"requests\", \"PyYAML\"]\n",
//! ).unwrap();
//! let project = Project::new(dir.path());
//!
//! assert!(project.check_file("app.py", b"import yaml, requests, os\n").is_empty());
//!
//! let findings = project.check_file("app.py", b"import requests_toolbelt2\n");
//! assert_eq!(findings[0].rule, "undeclared-import");
//! assert_eq!(
//!     findings[0].message,
//!     "`requests_toolbelt2` is imported but not declared in pyproject.toml (declared: requests, PyYAML)"
//! );
//! assert_eq!(language_of("web/app.tsx"), Some(Language::TypeScript));
//! ```
//!
//! Extraction is syntax-aware: small hand-written tokenizers per language (no tree-sitter,
//! to keep builds and pre-commit fast) that never match inside comments or string literals.
//! Manifests are read lazily — only those between a checked file and the project root.
#![deny(missing_docs)]

mod import;
mod lang;
mod manifest;
mod near;
mod project;
mod pymap;
mod stdlib;
mod symbols;

pub use import::{AttrCall, Extracted, Import, ImportedName};
pub use manifest::ManifestError;
pub use project::{is_manifest, DeclaredChecks, ManifestCheck, Project, DEFAULT_EXAMPLE_DIRS};
pub use provenance_deps as deps;
pub use stdlib::{is_go_std, is_node_builtin, is_python_stdlib, is_rust_std};

/// The gate name every finding of this crate carries.
pub const GATE: &str = "imports";

/// Rule ids this crate reports.
pub mod rules {
    /// A package that no manifest declares (high).
    pub const UNDECLARED_IMPORT: &str = "undeclared-import";
    /// An import no manifest could declare, because no manifest of the file's language
    /// exists between the file and the root (no pyproject.toml/requirements*/setup.*/Pipfile,
    /// package.json, Cargo.toml or go.mod), and the package is not installed locally either
    /// (medium: reported, not blocking at the default `block_at = "high"`). A look-alike of
    /// a popular package is still [`NEAR_MISS`].
    pub const NO_MANIFEST: &str = "no-manifest";
    /// Like [`UNDECLARED_IMPORT`], in example/docs code (`examples/`, `docs/`, …) of
    /// Python or JS/TS, which is not part of the shipped package (info).
    pub const UNDECLARED_EXAMPLE_IMPORT: &str = "undeclared-example-import";
    /// A name the installed package does not define or re-export (high).
    pub const UNKNOWN_SYMBOL: &str = "unknown-symbol";
    /// An undeclared package within edit distance 1–2 of a declared or popular one (high).
    pub const NEAR_MISS: &str = "near-miss";
    /// An undeclared package imported under `try/except ImportError`, `if TYPE_CHECKING`,
    /// or a JS `try {}` block (info).
    pub const GUARDED_IMPORT: &str = "guarded-import";
    /// An undeclared package that is nevertheless in the project's dependency tree — listed
    /// in a lockfile, installed as a declared package's requirement, or a requirement of a
    /// declared package per the shipped table — so it is real and installed, but should be
    /// declared directly (info).
    pub const TRANSITIVE_IMPORT: &str = "transitive-import";
    /// Names could not be checked because the package is not installed locally (info).
    pub const SYMBOL_CHECK_UNAVAILABLE: &str = "symbol-check-unavailable";
    /// A declared registry dependency that does not exist as far as the registry name index,
    /// the lockfiles and the installed packages know (high), naming the nearest real ones.
    pub const UNKNOWN_PACKAGE: &str = "unknown-package";
    /// A declared dependency whose name imitates a popular package — one or two edits, a
    /// separator, an ecosystem affix, a swapped word order — even when it exists (high).
    pub const LOOKALIKE_PACKAGE: &str = "lookalike-package";
    /// A declared dependency that first appeared fewer than `[imports] min_age_days` ago and
    /// is not popular, where the index has first-release dates (medium).
    pub const NEW_PACKAGE: &str = "new-package";
    /// A declared dependency that could not be checked: the ecosystem's index is a sample
    /// (or there is none, Go) and no lockfile or cache has it (info).
    pub const UNVERIFIED_PACKAGE: &str = "unverified-package";
    /// A manifest exists but could not be parsed; its declarations were ignored (info).
    pub const MANIFEST_UNREADABLE: &str = "manifest-unreadable";
}

/// A source language this gate understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// `.py`, `.pyi`, and the code cells of `.ipynb` notebooks.
    Python,
    /// `.js`, `.mjs`, `.cjs`, `.jsx`.
    JavaScript,
    /// `.ts`, `.tsx`, `.mts`, `.cts` (including `.d.ts`).
    TypeScript,
    /// `.rs`.
    Rust,
    /// `.go`.
    Go,
}

/// The language of a path, by extension; `None` for files this gate does not check.
pub fn language_of(path: &str) -> Option<Language> {
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    if path.rsplit('/').next().is_some_and(|f| !f.contains('.')) {
        return None;
    }
    Some(match ext {
        "py" | "pyi" | "ipynb" => Language::Python,
        "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
        "ts" | "tsx" | "mts" | "cts" => Language::TypeScript,
        "rs" => Language::Rust,
        "go" => Language::Go,
        _ => return None,
    })
}

/// Extract imports from `content` without resolving them (for tools and tests).
pub fn extract(language: Language, content: &[u8]) -> Extracted {
    let text = project::source_text(language, content);
    match language {
        Language::Python => lang::python::extract(&text),
        Language::JavaScript | Language::TypeScript => lang::js::extract(&text),
        Language::Rust => lang::rust::extract(&text).extracted,
        Language::Go => lang::go::extract(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Project>();
    }

    #[test]
    fn languages() {
        assert_eq!(language_of("a/b.py"), Some(Language::Python));
        assert_eq!(language_of("n.ipynb"), Some(Language::Python));
        assert_eq!(language_of("x.d.ts"), Some(Language::TypeScript));
        assert_eq!(language_of("x.cjs"), Some(Language::JavaScript));
        assert_eq!(language_of("src/lib.rs"), Some(Language::Rust));
        assert_eq!(language_of("main.go"), Some(Language::Go));
        assert_eq!(language_of("README.md"), None);
        assert_eq!(language_of("Makefile"), None);
        assert_eq!(language_of(".dir.py/Makefile"), None);
    }
}
