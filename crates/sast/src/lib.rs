//! The built-in SAST gate's engine: syntax-aware rules over tree-sitter trees of Python,
//! JavaScript/TypeScript (incl. JSX/TSX), Go and Rust, reporting only on the lines a change
//! adds.
//!
//! ```
//! use provenance_sast::{rules, Analyzer};
//! use provenance_findings::Severity;
//!
//! let analyzer = Analyzer::new().unwrap();
//! let src = b"def find(cursor, name):\n    cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n";
//! let findings = analyzer.check("app/db.py", src, None);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "python-sql-injection");
//! assert_eq!(findings[0].line, 2);
//! assert_eq!(findings[0].severity, Severity::Critical);
//! assert_eq!(findings[0].cwe.as_deref(), Some("CWE-89"));
//!
//! // Parameterized, in a comment or in a string: nothing.
//! let safe = b"cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,))  # f\"{x}\"\n";
//! assert!(analyzer.check("app/db.py", safe, None).is_empty());
//!
//! // Only added lines are reported: line 2 was not added.
//! assert!(analyzer.check("app/db.py", src, Some(&[(1, 1)])).is_empty());
//! assert!(rules().len() >= 40);
//! ```
//!
//! Rules match syntax nodes (calls, assignments, object keys), never raw text, so nothing
//! fires inside a comment or a string literal; name-based checks (request input, credential
//! names) read the code with every string and comment blanked out. A finding is suppressed
//! by `# nosec`, `// nosemgrep`, `provenance:allow` or `provenance:allow <rule-id>` on its
//! line or the line before.
#![deny(missing_docs)]

pub mod external;
mod lang;
mod roles;
mod rules;
mod suppress;
mod syntax;

use provenance_findings::{fingerprint, Finding};
use std::sync::Mutex;
use tree_sitter::Parser;

pub use roles::{package_bins, PathRoles, DEFAULT_TEST_PATHS};
pub use rules::{rule, rules, RuleInfo};

/// The gate name every finding of this crate carries.
pub const GATE: &str = "sast";

/// A source language the built-in rules understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Python (`.py`, `.pyw`).
    Python,
    /// JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`).
    JavaScript,
    /// TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`).
    TypeScript,
    /// Go (`.go`).
    Go,
    /// Rust (`.rs`).
    Rust,
}

impl Language {
    /// The lowercase name used in docs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Go => "go",
            Language::Rust => "rust",
        }
    }
}

/// The language of a path, by extension; `None` for anything the rules do not cover.
pub fn language_of(path: &str) -> Option<Language> {
    grammar_of(path).map(Grammar::language)
}

/// One tree-sitter grammar (TypeScript has two: with and without JSX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grammar {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Go,
    Rust,
}

const GRAMMARS: usize = 6;

impl Grammar {
    fn index(self) -> usize {
        self as usize
    }

    fn language(self) -> Language {
        match self {
            Grammar::Python => Language::Python,
            Grammar::JavaScript => Language::JavaScript,
            Grammar::TypeScript | Grammar::Tsx => Language::TypeScript,
            Grammar::Go => Language::Go,
            Grammar::Rust => Language::Rust,
        }
    }

    fn ts_language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::Go => tree_sitter_go::LANGUAGE.into(),
            Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }

    const ALL: [Grammar; GRAMMARS] = [
        Grammar::Python,
        Grammar::JavaScript,
        Grammar::TypeScript,
        Grammar::Tsx,
        Grammar::Go,
        Grammar::Rust,
    ];
}

fn grammar_of(path: &str) -> Option<Grammar> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "py" | "pyw" => Grammar::Python,
        "js" | "jsx" | "mjs" | "cjs" => Grammar::JavaScript,
        "ts" | "mts" | "cts" => Grammar::TypeScript,
        "tsx" => Grammar::Tsx,
        "go" => Grammar::Go,
        "rs" => Grammar::Rust,
        _ => return None,
    })
}

/// Why the analyzer could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SastError {
    /// A grammar was built for a tree-sitter ABI this tree-sitter cannot load.
    #[error("the {language} grammar cannot be loaded by this tree-sitter")]
    Grammar {
        /// The language whose grammar failed.
        language: &'static str,
        /// tree-sitter's reason (ABI version mismatch).
        #[source]
        source: tree_sitter::LanguageError,
    },
}

/// The rule engine. Build it once; [`Analyzer::check`] may be called from many threads.
///
/// Parsers are created on first use of each language, so a change touching only Python
/// never sets up the Go grammar.
pub struct Analyzer {
    parsers: Mutex<[Option<Parser>; GRAMMARS]>,
    /// `None`: [`PathRoles::default`], built once per process on first use, so a caller
    /// that sets its own roles never compiles the default globs.
    roles: Option<PathRoles>,
}

fn default_roles() -> &'static PathRoles {
    static ROLES: std::sync::OnceLock<PathRoles> = std::sync::OnceLock::new();
    ROLES.get_or_init(PathRoles::default)
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").finish_non_exhaustive()
    }
}

impl Analyzer {
    /// An analyzer for every supported language; fails only if a grammar's ABI does not
    /// match the linked tree-sitter (a build problem, reported with the language).
    pub fn new() -> Result<Analyzer, SastError> {
        let mut parser = Parser::new();
        for grammar in Grammar::ALL {
            parser
                .set_language(&grammar.ts_language())
                .map_err(|source| SastError::Grammar {
                    language: grammar.language().as_str(),
                    source,
                })?;
        }
        Ok(Analyzer {
            parsers: Mutex::new(Default::default()),
            roles: None,
        })
    }

    /// The same analyzer with other test and tooling paths (default:
    /// [`PathRoles::default`], which caps findings in tests, docs and tools at medium).
    pub fn with_roles(mut self, roles: PathRoles) -> Analyzer {
        self.roles = Some(roles);
        self
    }

    /// Findings in one file's content. `path` picks the language by extension (others
    /// return nothing) and is stored in each finding; `lines` are the 1-based inclusive
    /// line ranges the change added (`None` = the whole file): a finding is reported only
    /// when its match touches one of them. Nothing is parsed when `lines` is empty.
    pub fn check(&self, path: &str, data: &[u8], lines: Option<&[(u32, u32)]>) -> Vec<Finding> {
        let Some(grammar) = grammar_of(path) else {
            return Vec::new();
        };
        if lines.is_some_and(|ranges| ranges.iter().all(|(a, b)| a > b || *b == 0)) {
            return Vec::new();
        }
        let Some(tree) = self.parse(grammar, data) else {
            return Vec::new();
        };
        let hits = lang::check(grammar.language(), tree.root_node(), data, path);
        findings(
            hits,
            path,
            data,
            lines,
            self.roles.as_ref().unwrap_or_else(|| default_roles()),
        )
    }

    fn parse(&self, grammar: Grammar, data: &[u8]) -> Option<tree_sitter::Tree> {
        let mut parsers = self
            .parsers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = &mut parsers[grammar.index()];
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&grammar.ts_language()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(data, None)
    }
}

fn touches(first: u32, last: u32, lines: Option<&[(u32, u32)]>) -> bool {
    match lines {
        None => true,
        Some(ranges) => ranges.iter().any(|&(a, b)| first <= b && a <= last),
    }
}

fn findings(
    mut hits: Vec<syntax::Hit>,
    path: &str,
    data: &[u8],
    lines: Option<&[(u32, u32)]>,
    roles: &PathRoles,
) -> Vec<Finding> {
    hits.sort_by_key(|h| (h.first_row, h.column, h.rule));
    hits.dedup_by(|a, b| a.rule == b.rule && a.first_row == b.first_row);
    let source_lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let mut out = Vec::new();
    for hit in hits {
        let first = hit.first_row as u32 + 1;
        let last = hit.last_row as u32 + 1;
        if !touches(first, last, lines) {
            continue;
        }
        if suppress::is_suppressed(&source_lines, hit.first_row, hit.last_row, hit.rule) {
            continue;
        }
        let Some(info) = rules::rule(hit.rule) else {
            continue;
        };
        let matched = String::from_utf8_lossy(&data[hit.start_byte..hit.end_byte]);
        let normalized = matched.split_whitespace().collect::<Vec<_>>().join(" ");
        let snippet = snippet_of(&normalized);
        let own = hit.severity.unwrap_or(info.severity);
        let severity = roles.severity_at(path, own);
        let mut message = format!("{} Fix: {}", info.why, info.fix);
        if let Some(note) = hit.note {
            message = format!("{message} {note}");
        }
        if severity < own {
            message = format!(
                "{message} Reported at {severity} rather than {own}: this is test or tooling \
                 code (`[sast] test_paths`)."
            );
        }
        out.push(
            Finding::new(GATE, info.id, severity, path, first)
                .with_column(hit.column as u32 + 1)
                .with_message(message)
                .with_snippet(snippet)
                .with_fingerprint(fingerprint(info.id, path, &normalized))
                .with_cwe(info.cwe),
        );
    }
    out
}

/// The matched code on one line, at most 120 characters.
fn snippet_of(normalized: &str) -> String {
    const MAX: usize = 120;
    if normalized.chars().count() <= MAX {
        return normalized.to_string();
    }
    let mut s: String = normalized.chars().take(MAX).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_extension() {
        assert_eq!(language_of("a/b.py"), Some(Language::Python));
        assert_eq!(language_of("web/App.TSX"), Some(Language::TypeScript));
        assert_eq!(language_of("x.cjs"), Some(Language::JavaScript));
        assert_eq!(language_of("main.go"), Some(Language::Go));
        assert_eq!(language_of("lib.rs"), Some(Language::Rust));
        assert_eq!(language_of("README.md"), None);
        assert_eq!(language_of("Makefile"), None);
    }

    #[test]
    fn ranges_intersect_matches() {
        assert!(touches(3, 5, Some(&[(5, 9)])));
        assert!(!touches(3, 5, Some(&[(6, 9)])));
        assert!(touches(3, 3, None));
    }

    #[test]
    fn unknown_extension_and_empty_ranges_return_nothing() {
        let a = Analyzer::new().unwrap();
        assert!(a.check("x.txt", b"os.system(cmd)\n", None).is_empty());
        assert!(a.check("x.py", b"os.system(cmd)\n", Some(&[])).is_empty());
        assert_eq!(a.check("x.py", b"os.system(cmd)\n", None).len(), 1);
    }

    #[test]
    fn every_rule_has_complete_metadata() {
        let mut ids = std::collections::HashSet::new();
        for r in rules() {
            assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
            assert!(r.cwe.starts_with("CWE-"), "{}", r.id);
            assert!(!r.languages.is_empty(), "{}", r.id);
            assert!(r.why.ends_with('.') && r.fix.ends_with('.'), "{}", r.id);
        }
    }
}
