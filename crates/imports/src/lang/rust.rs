//! Rust: a tokenizer that skips (nested) comments, strings, raw strings, byte/char literals
//! and lifetimes, then extraction of `use` trees, `extern crate`, and path roots such as
//! `serde_json::to_string(..)` or `#[tokio::main]` / `anyhow::bail!` that name a crate.

use crate::import::{Extracted, Import};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Punct,
    Lit,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    text: String,
    line: u32,
    col: u32,
}

impl Tok {
    fn is(&self, s: &str) -> bool {
        self.kind != Kind::Lit && self.text == s
    }
}

fn ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn tokenize(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut ls = 0usize;
    let count_lines = |from: usize, to: usize, line: &mut u32, ls: &mut usize| {
        for (p, &c) in b[from..to].iter().enumerate() {
            if c == b'\n' {
                *line += 1;
                *ls = from + p + 1;
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let col = (i - ls) as u32 + 1;
        if c == b'\n' {
            line += 1;
            i += 1;
            ls = i;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b[i..].starts_with(b"/*") {
            let s = i;
            let mut depth = 0u32;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            let e = i.min(b.len());
            count_lines(s, e, &mut line, &mut ls);
            i = e;
            continue;
        }
        // Raw strings r"..", r#".."#, br#".."#, cr".."
        let raw_at = if c == b'r' {
            Some(i + 1)
        } else if (c == b'b' || c == b'c') && b.get(i + 1) == Some(&b'r') {
            Some(i + 2)
        } else {
            None
        };
        if let Some(mut j) = raw_at {
            let mut hashes = 0usize;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let s = i;
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == b'"'
                        && b[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&x| x == b'#')
                            .count()
                            == hashes
                    {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                let e = j.min(b.len());
                count_lines(s, e, &mut line, &mut ls);
                out.push(Tok {
                    kind: Kind::Lit,
                    text: String::new(),
                    line,
                    col,
                });
                i = e;
                continue;
            }
        }
        if c == b'"' || ((c == b'b' || c == b'c') && b.get(i + 1) == Some(&b'"')) {
            let s = i;
            i += if c == b'"' { 1 } else { 2 };
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            let e = (i + 1).min(b.len());
            count_lines(s, e, &mut line, &mut ls);
            out.push(Tok {
                kind: Kind::Lit,
                text: String::new(),
                line,
                col,
            });
            i = e;
            continue;
        }
        if c == b'\'' || (c == b'b' && b.get(i + 1) == Some(&b'\'')) {
            let q = if c == b'b' { i + 1 } else { i };
            // Char literal: '\..' or 'x' (x possibly multi-byte); otherwise a lifetime/label.
            let mut j = q + 1;
            if j < b.len() && b[j] == b'\\' {
                j += 2;
                while j < b.len() && b[j] != b'\'' && b[j] != b'\n' && j - q < 12 {
                    j += 1;
                }
                i = (j + 1).min(b.len());
                out.push(Tok {
                    kind: Kind::Lit,
                    text: String::new(),
                    line,
                    col,
                });
                continue;
            }
            if j < b.len() {
                let w = match b[j] {
                    x if x < 0x80 => 1,
                    x if x >= 0xF0 => 4,
                    x if x >= 0xE0 => 3,
                    _ => 2,
                };
                if b.get(j + w) == Some(&b'\'') {
                    i = j + w + 1;
                    out.push(Tok {
                        kind: Kind::Lit,
                        text: String::new(),
                        line,
                        col,
                    });
                    continue;
                }
            }
            // Lifetime: skip the quote and the identifier.
            i = q + 1;
            while i < b.len() && ident_byte(b[i]) {
                i += 1;
            }
            out.push(Tok {
                kind: Kind::Lit,
                text: String::new(),
                line,
                col,
            });
            continue;
        }
        if c.is_ascii_digit() {
            while i < b.len() && ident_byte(b[i]) {
                i += 1;
            }
            out.push(Tok {
                kind: Kind::Lit,
                text: String::new(),
                line,
                col,
            });
            continue;
        }
        if ident_byte(c) {
            if b[i..].starts_with(b"r#") {
                i += 2;
            }
            let name_start = i;
            while i < b.len() && ident_byte(b[i]) {
                i += 1;
            }
            out.push(Tok {
                kind: Kind::Ident,
                text: String::from_utf8_lossy(&b[name_start..i]).into_owned(),
                line,
                col,
            });
            continue;
        }
        let len = if b[i..].starts_with(b"::") { 2 } else { 1 };
        out.push(Tok {
            kind: Kind::Punct,
            text: String::from_utf8_lossy(&b[i..i + len]).into_owned(),
            line,
            col,
        });
        i += len;
    }
    out
}

/// Path roots that never name a crate.
const NOT_CRATES: &[&str] = &[
    "crate",
    "self",
    "super",
    "Self",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "bool",
    "char",
    "str",
    "r#",
    "_",
    // Tool attributes and lint paths: `#[allow(clippy::x)]`, `#[rustfmt::skip]`.
    "clippy",
    "rustfmt",
    "rustdoc",
    "rust_analyzer",
    "miri",
];

const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "const",
    "continue",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "async",
    "await",
    "dyn",
    "union",
    "macro_rules",
];

/// Rust extraction result beyond plain imports.
#[derive(Debug, Default)]
pub(crate) struct RustFile {
    pub extracted: Extracted,
    /// Roots of `use` paths that may be crate-root modules in the 2015 edition.
    pub use_roots: HashSet<String>,
}

/// Extract crate references from Rust source.
pub(crate) fn extract(src: &str) -> RustFile {
    let t = tokenize(src);
    let test_ranges = test_regions(&t);
    let in_test = |k: usize| test_ranges.iter().any(|(s, e)| k >= *s && k <= *e);
    let mut out = RustFile::default();
    // Names declared by items (`mod x;`, `fn x`, `extern crate x as y`).
    let mut items: HashSet<String> = HashSet::new();
    // Names bound by `use` declarations, with the root of the path that bound them.
    let mut binds: Vec<(String, String)> = Vec::new();
    let mut glob;
    let mut glob_regions: Vec<(usize, usize)> = Vec::new();
    let blocks = enclosing_blocks(&t);
    let token_macros = token_macro_bodies(&t);
    let in_token_macro = |k: usize| token_macros.iter().any(|(s, e)| k > *s && k < *e);
    let mut use_roots: Vec<(usize, String, &Tok)> = Vec::new();
    let mut path_roots: Vec<(usize, &Tok)> = Vec::new();
    let mut k = 0;
    while k < t.len() {
        let x = &t[k];
        if x.kind != Kind::Ident {
            k += 1;
            continue;
        }
        // `macro_rules! name { … }` defines `name`; `pub(crate) use name;` re-exports it.
        if x.text == "macro_rules" && t.get(k + 1).is_some_and(|n| n.is("!")) {
            if let Some(n) = t.get(k + 2).filter(|n| n.kind == Kind::Ident) {
                items.insert(n.text.clone());
            }
        }
        if in_token_macro(k) {
            k += 1;
            continue;
        }
        let prev = k.checked_sub(1).map(|p| &t[p]);
        let after_path = prev.is_some_and(|p| p.is("::") || p.is(".") || p.is("$"));
        match x.text.as_str() {
            "use" if !after_path => {
                let mut roots = Vec::new();
                glob = false;
                let end = use_tree(&t, k + 1, None, None, &mut roots, &mut binds, &mut glob);
                if glob {
                    glob_regions.push(blocks[k]);
                }
                use_roots.extend(roots.into_iter().map(|(r, tok)| (k, r, tok)));
                k = end.max(k + 1);
                continue;
            }
            "extern"
                if t.get(k + 1).is_some_and(|n| n.is("crate"))
                    && t.get(k + 2).is_some_and(|n| n.kind == Kind::Ident) =>
            {
                let n = &t[k + 2];
                let mut imp = Import::new(&n.text, n.line, n.col);
                imp.local = n.text == "self";
                imp.test_only = in_test(k);
                items.insert(n.text.clone());
                if t.get(k + 3).is_some_and(|a| a.is("as")) {
                    if let Some(a) = t.get(k + 4) {
                        items.insert(a.text.clone());
                    }
                }
                out.extracted.imports.push(imp);
                k += 3;
                continue;
            }
            "mod" | "fn" | "struct" | "enum" | "trait" | "type" | "union" | "static" | "const"
                if !after_path =>
            {
                if let Some(n) = t.get(k + 1).filter(|n| n.kind == Kind::Ident) {
                    items.insert(n.text.clone());
                }
            }
            _ => {}
        }
        // A path root: `name::` not itself preceded by `::`, `.` or `$`.
        if !after_path
            && t.get(k + 1).is_some_and(|n| n.is("::"))
            && could_be_crate(&x.text)
            && !NOT_CRATES.contains(&x.text.as_str())
            && !KEYWORDS.contains(&x.text.as_str())
            && !t.get(k + 2).is_some_and(|n| n.is("<"))
        {
            path_roots.push((k, x));
        }
        k += 1;
    }
    // `mod object_id; pub use object_id::Ext;` and `use crate::{bstr}; use bstr::X;` name
    // things in scope, not crates (2018 uniform paths).
    for (k, r, tok) in use_roots {
        let local = matches!(r.as_str(), "crate" | "self" | "super" | "Self");
        let in_scope = items.contains(&r) || binds.iter().any(|(n, root)| *n == r && *root != r);
        // `use Result as Either;` names a prelude item, `__E::Error` a type parameter.
        if in_scope || !(local || could_be_crate(&r)) {
            continue;
        }
        let mut imp = Import::new(&r, tok.line, tok.col);
        imp.local = local;
        imp.test_only = in_test(k);
        if !local {
            out.use_roots.insert(r.clone());
        }
        out.extracted.imports.push(imp);
    }
    // Glob imports may bring any module into scope: path roots in the glob's block (the
    // whole file for a top-level glob) are not checked.
    {
        let mut seen: HashSet<&str> = HashSet::new();
        for (k, x) in path_roots {
            let globbed = glob_regions.iter().any(|(s, e)| k >= *s && k <= *e);
            let in_scope =
                globbed || items.contains(&x.text) || binds.iter().any(|(n, _)| *n == x.text);
            if in_scope || !seen.insert(x.text.as_str()) {
                continue;
            }
            let mut imp = Import::new(&x.text, x.line, x.col);
            imp.test_only = in_test(k);
            out.extracted.imports.push(imp);
        }
    }
    out
}

/// Crate names are snake_case; a root whose first letter is uppercase (`Result`, `Vec`,
/// a type parameter such as `__E` in serde-generated code) is a type in scope.
fn could_be_crate(root: &str) -> bool {
    root.trim_start_matches('_')
        .starts_with(|c: char| c.is_ascii_lowercase())
}

/// Parse a use tree from `k`. `root` is the first segment of the enclosing path (None at
/// the top), `parent` the segment before an enclosing `{` (what `self` binds). Pushes
/// top-level roots and (bound name, root) pairs. Returns the index after the tree.
fn use_tree<'a>(
    t: &'a [Tok],
    mut k: usize,
    root: Option<&str>,
    parent: Option<&str>,
    roots: &mut Vec<(String, &'a Tok)>,
    binds: &mut Vec<(String, String)>,
    glob: &mut bool,
) -> usize {
    if t.get(k).is_some_and(|x| x.is("::")) {
        k += 1;
    }
    let mut segs: Vec<&'a Tok> = Vec::new();
    while k < t.len() {
        let x = &t[k];
        if x.kind == Kind::Ident && x.text != "as" {
            segs.push(x);
            k += 1;
            if t.get(k).is_some_and(|n| n.is("::")) {
                k += 1;
                continue;
            }
            let path_root = root
                .map(str::to_string)
                .unwrap_or_else(|| segs[0].text.clone());
            let name = if t.get(k).is_some_and(|n| n.is("as")) {
                let a = t.get(k + 1).map(|a| a.text.clone());
                k += 2;
                a
            } else if x.text == "self" {
                segs.iter()
                    .rev()
                    .nth(1)
                    .map(|s| s.text.clone())
                    .or(parent.map(str::to_string))
            } else {
                Some(x.text.clone())
            };
            if let Some(n) = name {
                binds.push((n, path_root));
            }
            break;
        } else if x.is("{") {
            k += 1;
            let sub_root = root
                .map(str::to_string)
                .or_else(|| segs.first().map(|s| s.text.clone()));
            let sub_parent = segs
                .last()
                .map(|s| s.text.clone())
                .or(parent.map(str::to_string));
            loop {
                if k >= t.len() || t[k].is("}") {
                    k += 1;
                    break;
                }
                if t[k].is(",") {
                    k += 1;
                    continue;
                }
                if t[k].is(";") {
                    // Half-written tree: stop here.
                    return k;
                }
                let before = k;
                k = use_tree(
                    t,
                    k,
                    sub_root.as_deref(),
                    sub_parent.as_deref(),
                    roots,
                    binds,
                    glob,
                );
                if k == before {
                    k += 1;
                }
            }
            break;
        } else if x.is("*") {
            *glob = true;
            k += 1;
            break;
        } else {
            break;
        }
    }
    if root.is_none() {
        if let Some(f) = segs.first() {
            roots.push((f.text.clone(), f));
        }
    }
    k
}

/// Bodies of macros whose input is tokens for someone else's code, not paths of this crate:
/// `macro_rules!` definitions and the `quote!`/`parse_quote!` family (proc-macro output).
fn token_macro_bodies(t: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k + 2 < t.len() {
        let is_macro = t[k].kind == Kind::Ident && t[k + 1].is("!");
        let tokens_only = is_macro && (t[k].text == "macro_rules" || t[k].text.contains("quote"));
        if !tokens_only {
            k += 1;
            continue;
        }
        // Skip `macro_rules! name` to the opening delimiter.
        let mut open = k + 2;
        while open < t.len()
            && !(t[open].is("(") || t[open].is("[") || t[open].is("{"))
            && open < k + 4
        {
            open += 1;
        }
        let mut depth = 0i32;
        let mut m = open;
        while m < t.len() {
            if t[m].kind == Kind::Punct {
                match t[m].text.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            m += 1;
        }
        out.push((open, m));
        k = m.max(k + 1);
    }
    out
}

/// Does `src` declare `mod <name>;` under `#[cfg(test)]` (so the module file is test-only)?
pub(crate) fn declares_test_module(src: &str, name: &str) -> bool {
    let t = tokenize(src);
    let regions = test_regions(&t);
    (0..t.len().saturating_sub(1)).any(|k| {
        t[k].is("mod")
            && t[k + 1].kind == Kind::Ident
            && t[k + 1].text == name
            && regions.iter().any(|(s, e)| k >= *s && k <= *e)
    })
}

/// For each token, the token range of its innermost enclosing `{ … }` block (the whole
/// file at top level).
fn enclosing_blocks(t: &[Tok]) -> Vec<(usize, usize)> {
    let mut open: Vec<usize> = Vec::new();
    let mut start_of: Vec<usize> = Vec::with_capacity(t.len());
    let mut close_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (k, x) in t.iter().enumerate() {
        if x.kind == Kind::Punct && x.text == "}" {
            if let Some(o) = open.pop() {
                close_of.insert(o, k);
            }
        }
        start_of.push(open.last().copied().unwrap_or(usize::MAX));
        if x.kind == Kind::Punct && x.text == "{" {
            open.push(k);
        }
    }
    start_of
        .into_iter()
        .map(|o| {
            if o == usize::MAX {
                (0, t.len())
            } else {
                (o, close_of.get(&o).copied().unwrap_or(t.len()))
            }
        })
        .collect()
}

/// Token ranges of items under `#[cfg(test)]`, `#[cfg(any(test, ..))]` or `#[test]`
/// (dev-dependencies are in scope there). A `#![cfg(test)]` inner attribute covers the file.
fn test_regions(t: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k + 1 < t.len() {
        if !(t[k].is("#")
            && (t[k + 1].is("[") || (t[k + 1].is("!") && t.get(k + 2).is_some_and(|x| x.is("[")))))
        {
            k += 1;
            continue;
        }
        let inner = t[k + 1].is("!");
        let open = if inner { k + 2 } else { k + 1 };
        let mut depth = 0i32;
        let mut j = open;
        let mut has_test = false;
        let mut is_cfg = false;
        // Depths at which a `not(` group opened: `test` inside one is negated.
        let mut not_depths: Vec<i32> = Vec::new();
        while j < t.len() {
            match t[j].text.as_str() {
                "[" | "(" if t[j].kind == Kind::Punct => depth += 1,
                "]" | ")" if t[j].kind == Kind::Punct => {
                    if not_depths.last() == Some(&depth) {
                        not_depths.pop();
                    }
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                "test" if t[j].kind == Kind::Ident && not_depths.is_empty() => has_test = true,
                "not" if t[j].kind == Kind::Ident && t.get(j + 1).is_some_and(|x| x.is("(")) => {
                    not_depths.push(depth + 1);
                }
                "cfg" if t[j].kind == Kind::Ident => is_cfg = true,
                _ => {}
            }
            j += 1;
        }
        let attr_is_test = has_test && (is_cfg || j == open + 2);
        if attr_is_test {
            if inner {
                out.push((0, t.len()));
                return out;
            }
            // The item: up to the first `;` at depth 0, or its `{ … }` block.
            let mut m = j + 1;
            let mut d = 0i32;
            while m < t.len() {
                if t[m].kind == Kind::Punct {
                    match t[m].text.as_str() {
                        "{" => d += 1,
                        "}" => {
                            d -= 1;
                            if d <= 0 {
                                break;
                            }
                        }
                        ";" if d == 0 => break,
                        _ => {}
                    }
                }
                m += 1;
            }
            out.push((j, m));
        }
        k = j.max(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(src: &str) -> Vec<(String, bool, bool)> {
        extract(src)
            .extracted
            .imports
            .into_iter()
            .map(|i| (i.module, i.local, i.test_only))
            .collect()
    }

    #[test]
    fn macro_rules_names_are_items() {
        let src = "macro_rules! py_err {\n    ($m:expr) => { Err(crate::tools::py_error_type!($m)) };\n}\npub(crate) use py_err;\nuse undeclared_thing;\n";
        let r = roots(src);
        let names: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["undeclared_thing"]);
    }

    #[test]
    fn types_in_scope_are_not_crates() {
        let src = "use Result as Either;\nfn v<__E>(e: __E) -> Result<(), __E::Error> where __E: serde::de::Error { __private::x(); Err(e) }\n";
        let r = roots(src);
        let names: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["serde", "__private"]);
    }

    #[test]
    fn use_trees_and_paths() {
        let src = r##"
use std::collections::HashMap;
use serde::{Deserialize, Serialize as Ser};
use {anyhow::Result, crate::x};
use ::regex::Regex;
extern crate memchr as mc;
// use commented::Out;
const S: &str = "use fake::Thing; fakecrate::call()";
const R: &str = r#"raw::path()"#;
fn f<'a>(x: &'a str) -> char {
    let c = 'x';
    let v = serde_json::to_string(&x);
    mc::memchr(b'a', b"x");
    tracing::info!("hi");
    HashMap::<u8, u8>::new();
    u8::MAX;
    Ser::foo();
    'z'
}
#[tokio::main]
async fn main() {}
#[cfg(test)]
mod tests {
    use proptest::prelude::*;
}
"##;
        let r = roots(src);
        let names: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "memchr",
                "std",
                "serde",
                "anyhow",
                "crate",
                "regex",
                "proptest",
                "serde_json",
                "tracing",
                "tokio"
            ]
        );
        assert!(r[4].1);
        assert!(r[6].2, "proptest is test-only");
        assert!(!r[2].2);
    }

    #[test]
    fn token_macros_are_not_code() {
        let src = "fn f() { let t = quote! { use serde::Serialize; foo::bar() }; }\nmacro_rules! m { () => { other::x() }; }\nfn g() { vec![real::call()]; }\n";
        let names: Vec<String> = roots(src).into_iter().map(|r| r.0).collect();
        assert_eq!(names, ["real"]);
    }

    #[test]
    fn test_module_declarations() {
        assert!(declares_test_module(
            "#[cfg(test)]\nmod props;\nmod other;\n",
            "props"
        ));
        assert!(!declares_test_module(
            "#[cfg(test)]\nmod props;\nmod other;\n",
            "other"
        ));
        assert!(declares_test_module(
            "#[cfg(all(test, feature = \"x\"))]\nmod t;",
            "t"
        ));
    }

    #[test]
    fn names_in_scope_are_not_crates() {
        let src = "mod object_id;\npub use object_id::Ext;\nuse crate::{bstr, remote};\nuse std::fs::{self, File};\nfn f() { use bstr::ByteSlice; fs::read(1); remote::x(); }\n#[allow(clippy::all)]\n#[rustfmt::skip]\nfn g() {}\n";
        let names: Vec<String> = roots(src).into_iter().map(|r| r.0).collect();
        assert_eq!(names, ["crate", "std"]);
    }

    #[test]
    fn glob_disables_path_roots_in_its_block() {
        let r = roots("use super::*;\nfn f() { parse::thing(); }\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, "super");
        let r = roots("mod tests { use proptest::prelude::*; fn f() { prop::x(); } }\nfn g() { tokio::spawn(); }\n");
        let names: Vec<String> = r.into_iter().map(|r| r.0).collect();
        assert_eq!(names, ["proptest", "tokio"]);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "use",
            "use {",
            "use a::{b, ",
            "r#\"",
            "'",
            "/* /* */",
            "#[cfg(test)",
            "b'",
            "extern crate",
        ] {
            let _ = extract(s);
        }
    }
}
