//! What the per-language extractors produce: imports, the names they pull in, and
//! attribute calls on imported modules.

/// One import statement (or dynamic import call) found in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The module as written: `a.b.c` (Python), `lodash/fp` (JS), `serde` (Rust), `github.com/x/y` (Go).
    pub module: String,
    /// 1-based line of the module name.
    pub line: u32,
    /// 1-based column of the module name.
    pub column: u32,
    /// Relative / project-local by syntax (`from . import x`, `./x`, `crate::`, `self::`, `super::`).
    pub local: bool,
    /// Inside `try/except ImportError`, `if TYPE_CHECKING:` or a JS `try {}` block.
    pub guarded: bool,
    /// Why it is guarded (for the message), when [`Import::guarded`].
    pub guard: &'static str,
    /// Only used in tests/benches/examples (`#[cfg(test)]` in Rust); selects dev-dependencies.
    pub test_only: bool,
    /// Names imported from the module (`from m import a, b`, `import { a } from "m"`).
    pub names: Vec<ImportedName>,
    /// The local name the whole module is bound to, if any (`import x as y`, `import * as ns`).
    pub binding: Option<String>,
    /// TypeScript `import type` / `export type`: erased at runtime.
    pub type_only: bool,
    /// Inside a function body (Python): a lazy import.
    pub in_function: bool,
}

impl Import {
    /// A plain, unguarded, non-local import of `module` at `line:column`.
    pub fn new(module: impl Into<String>, line: u32, column: u32) -> Import {
        Import {
            module: module.into(),
            line,
            column,
            local: false,
            guarded: false,
            guard: "",
            test_only: false,
            names: Vec::new(),
            binding: None,
            type_only: false,
            in_function: false,
        }
    }
}

/// A name imported from a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedName {
    /// The name as exported by the module.
    pub name: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// TypeScript `type` modifier on this specifier.
    pub type_only: bool,
}

/// `binding.attr(` — a call of an attribute on a module-bound name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrCall {
    /// The module-bound local name.
    pub binding: String,
    /// The attribute called.
    pub attr: String,
    /// 1-based line of the attribute.
    pub line: u32,
    /// 1-based column of the attribute.
    pub column: u32,
}

/// Everything extracted from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Imports in source order.
    pub imports: Vec<Import>,
    /// Attribute calls on names bound to whole modules (`np.zeros(`), not shadowed in the file.
    pub attr_calls: Vec<AttrCall>,
}
