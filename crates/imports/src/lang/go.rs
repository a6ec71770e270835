//! Go: a tokenizer that skips comments, interpreted/raw strings and runes, then extraction of
//! `import "x"`, `import alias "x"` and `import ( … )` blocks.

use crate::import::{Extracted, Import};

/// Extract imports from Go source.
pub(crate) fn extract(src: &str) -> Extracted {
    let b = src.as_bytes();
    let mut out = Extracted::default();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut ls = 0usize;
    // 0: outside; 1: after `import`; 2: inside `import (`.
    let mut state = 0u8;
    let mut last_ident = String::new();
    while i < b.len() {
        let c = b[i];
        let col = (i - ls) as u32 + 1;
        match c {
            b'\n' => {
                line += 1;
                i += 1;
                ls = i;
                // A single `import "x"` ends at its line; a bare `import` keyword waits.
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    if b[i] == b'\n' {
                        line += 1;
                        ls = i + 1;
                    }
                    i += 1;
                }
                i = (i + 2).min(b.len());
            }
            b'"' | b'`' | b'\'' => {
                let s = i + 1;
                i += 1;
                while i < b.len() && b[i] != c && !(c != b'`' && b[i] == b'\n') {
                    if c != b'`' && b[i] == b'\\' {
                        i += 1;
                    } else if b[i] == b'\n' {
                        line += 1;
                        ls = i + 1;
                    }
                    i += 1;
                }
                let e = i.min(b.len());
                i = (i + 1).min(b.len());
                if state > 0 && c != b'\'' {
                    let path = String::from_utf8_lossy(&b[s..e]).into_owned();
                    let mut imp = Import::new(&path, line, col + 1);
                    imp.local = path == "C" || path.starts_with('.');
                    if !last_ident.is_empty() && last_ident != "_" && last_ident != "." {
                        imp.binding = Some(std::mem::take(&mut last_ident));
                    }
                    out.imports.push(imp);
                    if state == 1 {
                        state = 0;
                    }
                }
                last_ident.clear();
            }
            b'(' if state == 1 => {
                state = 2;
                i += 1;
            }
            b')' if state == 2 => {
                state = 0;
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = src.get(s..i).unwrap_or("");
                if word == "import" {
                    state = 1;
                    last_ident.clear();
                } else if state > 0 {
                    last_ident = word.to_string();
                } else if matches!(word, "func" | "type" | "var" | "const") {
                    state = 0;
                }
            }
            b'.' if state > 0 => {
                last_ident = ".".into();
                i += 1;
            }
            _ => {
                if state == 1 && c != b' ' && c != b'\t' && c != b'\r' {
                    state = 0;
                }
                i += 1;
            }
        }
    }
    out
}

/// Does the file's build constraint (the `//go:build` or `// +build` lines before
/// `package`) name the `ignore` tag, which no build sets?
pub(crate) fn build_ignored(text: &str) -> bool {
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("package ") || t == "package" {
            return false;
        }
        let expr = t
            .strip_prefix("//go:build ")
            .or_else(|| t.strip_prefix("// +build "));
        if let Some(expr) = expr {
            let words = expr.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!'));
            if words.into_iter().any(|w| w == "ignore") {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_ignore_constraint() {
        assert!(build_ignored(
            "// Copyright\n\n//go:build ignore\n// +build ignore\n\npackage main\n"
        ));
        assert!(build_ignored("// +build ignore\n\npackage main\n"));
        assert!(!build_ignored(
            "//go:build !ignore_x && linux\npackage main\n"
        ));
        assert!(!build_ignored(
            "//go:build linux\npackage x\n// +build ignore\n"
        ));
    }

    #[test]
    fn import_forms() {
        let src = "package main\n\n// import \"fake/comment\"\nimport \"fmt\"\nimport (\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"math\"\n\t\"github.com/x/y/v2/pkg\" // trailing\n\t/* \"fake/block\" */\n)\nimport \"C\"\nvar s = \"import \\\"fake/str\\\"\"\nvar r = `import \"fake/raw\"`\n";
        let e = extract(src);
        let m: Vec<&str> = e.imports.iter().map(|i| i.module.as_str()).collect();
        assert_eq!(
            m,
            [
                "fmt",
                "strings",
                "embed",
                "math",
                "github.com/x/y/v2/pkg",
                "C"
            ]
        );
        assert_eq!(e.imports[1].binding.as_deref(), Some("str"));
        assert!(e.imports[5].local);
        assert_eq!(e.imports[4].line, 9);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "import",
            "import (",
            "import \"",
            "`",
            "/*",
            "import (\n\"a\"",
            "é\u{0}import",
        ] {
            let _ = extract(s);
        }
    }
}
