//! JavaScript / TypeScript: a tokenizer that knows strings, template literals (with nested
//! `${}` code), regular-expression literals and comments, then import/require extraction
//! and export collection for symbol checks. Never matches inside comments or strings.

use crate::import::{AttrCall, Extracted, Import, ImportedName};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    Punct,
    Str,
    /// A template literal without `${}`: usable as a module name in `import(`.
    Template,
    /// Numbers, regexes and templates with substitutions: never a module name.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    /// A slice of the source (string contents without quotes); never allocated.
    pub text: &'a str,
    pub line: u32,
    pub col: u32,
}

impl Tok<'_> {
    fn is(&self, p: &str) -> bool {
        (self.kind == Kind::Punct || self.kind == Kind::Ident) && self.text == p
    }
    fn ident(&self) -> bool {
        self.kind == Kind::Ident
    }
    fn string(&self) -> bool {
        self.kind == Kind::Str || self.kind == Kind::Template
    }
}

fn ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn ident_byte(b: u8) -> bool {
    ident_start(b) || b.is_ascii_digit()
}

const REGEX_AFTER: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// Tokenize; total and linear on any input.
pub(crate) fn tokenize(src: &str) -> Vec<Tok<'_>> {
    let b = src.as_bytes();
    let mut out: Vec<Tok<'_>> = Vec::new();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut braces = 0u32;
    // Brace depths at which an enclosing template literal resumes.
    let mut templates: Vec<u32> = Vec::new();
    macro_rules! newline_at {
        ($p:expr) => {{
            line += 1;
            line_start = $p + 1;
        }};
    }
    while i < b.len() {
        let c = b[i];
        let col = (i - line_start) as u32 + 1;
        if c == b'\n' {
            newline_at!(i);
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                if b[i] == b'\n' {
                    newline_at!(i);
                }
                i += 1;
            }
            i = (i + 2).min(b.len());
            continue;
        }
        if c == b'"' || c == b'\'' {
            let s = i + 1;
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                if b[i] == b'\\' {
                    if b.get(i + 1) == Some(&b'\n') {
                        newline_at!(i + 1);
                    }
                    i += 1;
                }
                i += 1;
            }
            let e = i.min(b.len());
            out.push(Tok {
                kind: Kind::Str,
                text: src.get(s..e).unwrap_or(""),
                line,
                col,
            });
            if i < b.len() && b[i] == c {
                i += 1;
            }
            continue;
        }
        let resume_template = c == b'}' && templates.last() == Some(&braces);
        if c == b'`' || resume_template {
            if resume_template {
                templates.pop();
            }
            let s = i + 1;
            i += 1;
            let mut substituted = resume_template;
            loop {
                if i >= b.len() {
                    break;
                }
                match b[i] {
                    b'\\' => i += 2,
                    b'`' => {
                        i += 1;
                        break;
                    }
                    b'$' if b.get(i + 1) == Some(&b'{') => {
                        templates.push(braces);
                        substituted = true;
                        i += 2;
                        break;
                    }
                    b'\n' => {
                        newline_at!(i);
                        i += 1;
                    }
                    _ => i += 1,
                }
            }
            let e = i.min(b.len());
            let kind = if substituted {
                Kind::Other
            } else {
                Kind::Template
            };
            let text = if substituted {
                ""
            } else {
                src.get(s..e.saturating_sub(1).max(s)).unwrap_or("")
            };
            out.push(Tok {
                kind,
                text,
                line,
                col,
            });
            continue;
        }
        if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && (ident_byte(b[i]) || b[i] == b'.') {
                i += 1;
            }
            out.push(Tok {
                kind: Kind::Other,
                text: src.get(s..i).unwrap_or(""),
                line,
                col,
            });
            continue;
        }
        if ident_start(c) || (c == b'#' && b.get(i + 1).is_some_and(|&x| ident_start(x))) {
            let s = i;
            i += 1;
            while i < b.len() && ident_byte(b[i]) {
                i += 1;
            }
            out.push(Tok {
                kind: Kind::Ident,
                text: src.get(s..i).unwrap_or(""),
                line,
                col,
            });
            continue;
        }
        if c == b'/' {
            let regex_ok = match out.last() {
                None => true,
                Some(t) => match t.kind {
                    Kind::Ident => REGEX_AFTER.contains(&t.text),
                    Kind::Punct => !matches!(t.text, ")" | "]" | "}"),
                    _ => false,
                },
            };
            if regex_ok {
                let mut j = i + 1;
                let mut class = false;
                let mut ok = false;
                while j < b.len() && b[j] != b'\n' {
                    match b[j] {
                        b'\\' => j += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'/' if !class => {
                            ok = true;
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if ok {
                    i = j + 1;
                    while i < b.len() && ident_byte(b[i]) {
                        i += 1;
                    }
                    out.push(Tok {
                        kind: Kind::Other,
                        text: "",
                        line,
                        col,
                    });
                    continue;
                }
            }
        }
        match c {
            b'{' => braces += 1,
            b'}' => braces = braces.saturating_sub(1),
            _ => {}
        }
        let len = if b[i..].starts_with(b"...") {
            3
        } else if b[i..].starts_with(b"=>") || b[i..].starts_with(b"?.") {
            2
        } else {
            // Multi-byte UTF-8 punctuation is not expected outside identifiers; step one byte.
            1
        };
        out.push(Tok {
            kind: Kind::Punct,
            text: src.get(i..i + len).unwrap_or("?"),
            line,
            col,
        });
        i += len;
    }
    out
}

fn prev_is_member(t: &[Tok], k: usize) -> bool {
    k > 0 && (t[k - 1].is(".") || t[k - 1].is("?.") || t[k - 1].is("function"))
}

/// Parse `{ a, b as c, type d }` starting at the `{`; returns (names, index after `}`).
fn braced_names(t: &[Tok], mut k: usize, type_only: bool) -> (Vec<ImportedName>, usize) {
    let mut names = Vec::new();
    k += 1;
    let mut item_type = false;
    let mut expect_name = true;
    while k < t.len() && !t[k].is("}") {
        let x = &t[k];
        if x.is(",") {
            expect_name = true;
            item_type = false;
        } else if expect_name
            && x.is("type")
            && t.get(k + 1).is_some_and(|n| n.ident() || n.string())
            && !t.get(k + 1).is_some_and(|n| n.is("as"))
        {
            item_type = true;
        } else if expect_name && (x.ident() || x.kind == Kind::Str) {
            names.push(ImportedName {
                name: x.text.to_string(),
                line: x.line,
                column: x.col,
                type_only: type_only || item_type,
            });
            expect_name = false;
        } else if x.is(";") || x.is("import") || x.is("{") {
            break;
        }
        k += 1;
    }
    (names, k + 1)
}

/// Extract imports, requires, re-exports and namespace attribute calls.
pub(crate) fn extract(src: &str) -> Extracted {
    let t = tokenize(src);
    let mut out = Extracted::default();
    // Stack of open braces: true when the brace opened a `try` block.
    let mut tries: Vec<bool> = Vec::new();
    let mut bindings: HashSet<String> = HashSet::new();
    let mut calls: Vec<AttrCall> = Vec::new();
    let mut k = 0usize;
    while k < t.len() {
        let x = &t[k];
        if x.kind == Kind::Punct {
            if x.text == "{" {
                tries.push(k > 0 && t[k - 1].is("try"));
            } else if x.text == "}" {
                tries.pop();
            }
            k += 1;
            continue;
        }
        if !x.ident() || prev_is_member(&t, k) {
            k += 1;
            continue;
        }
        let guarded = tries.iter().any(|b| *b);
        let mut found: Option<Import> = None;
        match x.text {
            "import" => {
                let n1 = t.get(k + 1);
                if n1.is_some_and(|n| n.is("(")) {
                    if let (Some(s), Some(close)) = (t.get(k + 2), t.get(k + 3)) {
                        if s.string() && (close.is(")") || close.is(",")) {
                            found = Some(Import::new(s.text, s.line, s.col));
                        }
                    }
                } else if n1.is_some_and(|n| n.string()) {
                    let s = &t[k + 1];
                    found = Some(Import::new(s.text, s.line, s.col));
                } else if n1.is_some_and(|n| n.ident() || n.is("{") || n.is("*")) {
                    found = import_clause(&t, k);
                }
            }
            "export" => {
                let mut j = k + 1;
                let mut type_only = false;
                if t.get(j).is_some_and(|n| n.is("type"))
                    && t.get(j + 1).is_some_and(|n| n.is("{") || n.is("*"))
                {
                    type_only = true;
                    j += 1;
                }
                let mut names = Vec::new();
                if t.get(j).is_some_and(|n| n.is("*")) {
                    // `export * as ns from "x"` re-exports; `ns` is not a local binding.
                    j += 1;
                    if t.get(j).is_some_and(|n| n.is("as")) {
                        j += 2;
                    }
                } else if t.get(j).is_some_and(|n| n.is("{")) {
                    let (n, next) = braced_names(&t, j, type_only);
                    names = n;
                    j = next;
                } else {
                    j = usize::MAX;
                }
                if j != usize::MAX
                    && t.get(j).is_some_and(|n| n.is("from"))
                    && t.get(j + 1).is_some_and(|n| n.string())
                {
                    let s = &t[j + 1];
                    let mut imp = Import::new(s.text, s.line, s.col);
                    imp.names = names;
                    imp.type_only = type_only;
                    found = Some(imp);
                }
            }
            "require" => {
                if let (Some(open), Some(s), Some(close)) =
                    (t.get(k + 1), t.get(k + 2), t.get(k + 3))
                {
                    if open.is("(") && s.string() && close.is(")") {
                        let mut imp = Import::new(s.text, s.line, s.col);
                        // `require("x")(…)` / `require("x").y`: the binding is not the module.
                        let used_directly = t
                            .get(k + 4)
                            .is_some_and(|n| n.is("(") || n.is(".") || n.is("["));
                        if used_directly {
                        } else if k >= 2 && t[k - 1].is("=") && t[k - 2].ident() {
                            let b = t[k - 2].text.to_string();
                            if !matches!(b.as_str(), "exports") {
                                imp.binding = Some(b);
                            }
                        } else if k >= 2 && t[k - 1].is("=") && t[k - 2].is("}") {
                            imp.names = destructured(&t, k - 2);
                        }
                        found = Some(imp);
                    }
                }
            }
            _ => {
                if t.get(k + 1).is_some_and(|n| n.is("."))
                    && t.get(k + 2).is_some_and(|n| n.ident())
                    && t.get(k + 3).is_some_and(|n| n.is("("))
                {
                    calls.push(AttrCall {
                        binding: x.text.to_string(),
                        attr: t[k + 2].text.to_string(),
                        line: t[k + 2].line,
                        column: t[k + 2].col,
                    });
                }
            }
        }
        if let Some(mut imp) = found {
            imp.local = is_relative(&imp.module);
            if guarded {
                imp.guarded = true;
                imp.guard = "try/catch";
            }
            if let Some(b) = &imp.binding {
                bindings.insert(b.clone());
            }
            out.imports.push(imp);
        }
        k += 1;
    }
    out.attr_calls = calls
        .into_iter()
        .filter(|c| bindings.contains(&c.binding))
        .collect();
    out
}

/// `./x`, `../x`, `/abs`, `.`: the project's own files.
pub(crate) fn is_relative(spec: &str) -> bool {
    spec.starts_with('.') || spec.starts_with('/')
}

/// `const { a, b: c } = require("x")`: the property names, scanning back from `}` at `end`.
fn destructured(t: &[Tok], end: usize) -> Vec<ImportedName> {
    let mut start = end;
    while start > 0 && !t[start].is("{") && end - start < 200 {
        start -= 1;
    }
    let mut names = Vec::new();
    let mut expect = true;
    for x in t.get(start + 1..end).unwrap_or(&[]) {
        if x.is(",") {
            expect = true;
        } else if expect && x.ident() {
            names.push(ImportedName {
                name: x.text.to_string(),
                line: x.line,
                column: x.col,
                type_only: false,
            });
            expect = false;
        } else if x.is("{") || x.is("...") {
            return Vec::new();
        }
    }
    names
}

/// `import [type] Default, { a } / * as ns from "x"` or TS `import x = require("y")`.
fn import_clause(t: &[Tok], k: usize) -> Option<Import> {
    let mut j = k + 1;
    let mut type_only = false;
    if t[j].is("type")
        && t.get(j + 1)
            .is_some_and(|n| !(n.is("from") || n.is(",") || n.is("=")))
    {
        type_only = true;
        j += 1;
    }
    let mut names = Vec::new();
    let mut binding = None;
    let limit = (j + 400).min(t.len());
    while j < limit {
        let x = &t[j];
        if x.is("from") && t.get(j + 1).is_some_and(|n| n.string()) {
            let s = &t[j + 1];
            let mut imp = Import::new(s.text, s.line, s.col);
            imp.names = names;
            imp.binding = binding;
            imp.type_only = type_only;
            return Some(imp);
        }
        if x.is("{") {
            let (n, next) = braced_names(t, j, type_only);
            names = n;
            j = next;
            continue;
        }
        if x.is("*") && t.get(j + 1).is_some_and(|n| n.is("as")) {
            binding = t.get(j + 2).map(|n| n.text.to_string());
            j += 3;
            continue;
        }
        if x.is("=") || x.is(";") || x.is("import") || x.is("(") {
            return None;
        }
        j += 1;
    }
    None
}

/// What a module file exports, for symbol checks against node_modules.
#[derive(Debug, Default, Clone)]
pub(crate) struct Exports {
    pub names: HashSet<String>,
    /// `export * from "x"`, `module.exports = require("x")`, `__exportStar(require("x"))`.
    pub star_from: Vec<String>,
    /// `export =`, `module.exports = <expr>`, `exports[key] =`, ambient `declare module "x"`.
    pub dynamic: bool,
    /// At least one recognized export construct.
    pub any: bool,
}

/// Collect a module's exports (ESM, CommonJS, TypeScript declarations).
pub(crate) fn exports(src: &str) -> Exports {
    let t = tokenize(src);
    let mut e = Exports::default();
    for k in 0..t.len() {
        let x = &t[k];
        if !x.ident() {
            continue;
        }
        // `module.exports`, `Object.defineProperty`, `tslib.__exportStar` are member accesses.
        let member_ok = matches!(
            x.text,
            "exports" | "defineProperty" | "__exportStar" | "__export"
        );
        if prev_is_member(&t, k) && !member_ok {
            continue;
        }
        match x.text {
            "export" if !prev_is_member(&t, k) => export_statement(&t, k, &mut e),
            "exports" => cjs_exports(&t, k, &mut e),
            "declare"
                if t.get(k + 1).is_some_and(|n| n.is("module"))
                    && t.get(k + 2).is_some_and(|n| n.string()) =>
            {
                e.dynamic = true;
            }
            "defineProperty" | "__exportStar" | "__export" | "_export" => {
                if let Some(open) = t.get(k + 1) {
                    if !open.is("(") {
                        continue;
                    }
                    if x.text == "defineProperty" {
                        if t.get(k + 2).is_some_and(|n| n.is("exports"))
                            && t.get(k + 4).is_some_and(|n| n.kind == Kind::Str)
                        {
                            e.names.insert(t[k + 4].text.to_string());
                            e.any = true;
                        }
                    } else if t.get(k + 2).is_some_and(|n| n.is("require"))
                        && t.get(k + 4).is_some_and(|n| n.string())
                    {
                        e.star_from.push(t[k + 4].text.to_string());
                        e.any = true;
                    } else {
                        e.dynamic = true;
                    }
                }
            }
            _ => {}
        }
    }
    e
}

fn export_statement(t: &[Tok], k: usize, e: &mut Exports) {
    let mut j = k + 1;
    e.any = true;
    while t
        .get(j)
        .is_some_and(|n| matches!(n.text, "declare" | "async" | "abstract" | "const" if n.ident() && !t.get(j + 1).is_some_and(|m| m.is("=") || m.is(":"))))
    {
        if t[j].is("const") && t.get(j + 1).is_some_and(|m| m.is("enum")) {
            j += 1;
            continue;
        }
        if t[j].is("const") {
            break;
        }
        j += 1;
    }
    let Some(n) = t.get(j) else { return };
    match n.text {
        "default" => {
            e.names.insert("default".into());
        }
        "=" => e.dynamic = true,
        "as" => {} // `export as namespace X`: a UMD global, names come from other exports
        "import" => {
            if let Some(x) = t.get(j + 1) {
                e.names.insert(x.text.to_string());
            }
        }
        "type" if t.get(j + 1).is_some_and(|x| x.is("{")) => export_statement(t, j, e),
        "function" | "class" | "interface" | "type" | "enum" | "namespace" | "module" => {
            let mut m = j + 1;
            if t.get(m).is_some_and(|x| x.is("*")) {
                m += 1;
            }
            if let Some(x) = t.get(m).filter(|x| x.ident()) {
                e.names.insert(x.text.to_string());
            }
        }
        "const" | "let" | "var" | "using" => {
            // `export const a = 1, b = 2` / `export const { a, b } = obj`
            let mut m = j + 1;
            let mut depth = 0i32;
            let mut expect = true;
            while m < t.len() {
                let x = &t[m];
                match x.text {
                    "(" | "[" | "{" if x.kind == Kind::Punct => {
                        depth += 1;
                        if depth == 1 && x.is("{") {
                            expect = true;
                        }
                    }
                    ")" | "]" | "}" if x.kind == Kind::Punct => depth -= 1,
                    ";" if x.kind == Kind::Punct => break,
                    "," if x.kind == Kind::Punct && depth <= 1 => expect = true,
                    "=" if x.kind == Kind::Punct && depth == 0 => expect = false,
                    ":" if x.kind == Kind::Punct && depth >= 1 => expect = false,
                    _ => {
                        if expect && x.ident() && depth <= 1 {
                            e.names.insert(x.text.to_string());
                            expect = false;
                        }
                    }
                }
                if depth < 0 || (m > j + 1 && x.is("export")) {
                    break;
                }
                m += 1;
            }
        }
        "*" => {
            if t.get(j + 1).is_some_and(|x| x.is("as")) {
                if let Some(x) = t.get(j + 2) {
                    e.names.insert(x.text.to_string());
                }
            } else if let Some(s) = t.get(j + 2).filter(|s| s.string()) {
                e.star_from.push(s.text.to_string());
            } else {
                e.dynamic = true;
            }
        }
        "{" => {
            // `export { a, b as c }`: the exported name is the one after `as`.
            let mut m = j + 1;
            while m < t.len() && !t[m].is("}") {
                let x = &t[m];
                if (x.ident() || x.kind == Kind::Str)
                    && !x.is("as")
                    && !(x.is("type") && t.get(m + 1).is_some_and(|n| n.ident() && !n.is("as")))
                    && !t.get(m + 1).is_some_and(|n| n.is("as"))
                {
                    e.names.insert(x.text.to_string());
                }
                m += 1;
            }
        }
        _ => {}
    }
}

fn cjs_exports(t: &[Tok], k: usize, e: &mut Exports) {
    let is_module_exports = k >= 2 && t[k - 1].is(".") && t[k - 2].is("module");
    let next = t.get(k + 1);
    if next.is_some_and(|n| n.is(".")) {
        // exports.x = … / module.exports.x = …
        if let (Some(name), Some(eq)) = (t.get(k + 2), t.get(k + 3)) {
            if name.ident() && eq.is("=") {
                e.names.insert(name.text.to_string());
                e.any = true;
            }
        }
    } else if next.is_some_and(|n| n.is("[")) {
        if t.get(k + 2).is_some_and(|n| n.kind == Kind::Str)
            && t.get(k + 3).is_some_and(|n| n.is("]"))
        {
            e.names.insert(t[k + 2].text.to_string());
            e.any = true;
        } else {
            e.dynamic = true;
        }
    } else if next.is_some_and(|n| n.is("=")) && is_module_exports {
        e.any = true;
        match t.get(k + 2) {
            Some(v) if v.is("require") && t.get(k + 4).is_some_and(|s| s.string()) => {
                e.star_from.push(t[k + 4].text.to_string());
            }
            Some(v) if v.is("{") => {
                // Object literal keys at depth 1.
                let mut depth = 0i32;
                let mut m = k + 2;
                let mut expect = true;
                while m < t.len() {
                    let x = &t[m];
                    match x.text {
                        "(" | "[" | "{" if x.kind == Kind::Punct => depth += 1,
                        ")" | "]" | "}" if x.kind == Kind::Punct => depth -= 1,
                        "," if x.kind == Kind::Punct && depth == 1 => expect = true,
                        "..." if depth == 1 => e.dynamic = true,
                        _ => {
                            if expect && depth == 1 && (x.ident() || x.kind == Kind::Str) {
                                if (x.is("get") || x.is("set") || x.is("async"))
                                    && t.get(m + 1).is_some_and(|n| n.ident())
                                {
                                    m += 1;
                                    continue;
                                }
                                e.names.insert(t[m].text.to_string());
                                expect = false;
                            }
                        }
                    }
                    if depth <= 0 && m > k + 2 {
                        break;
                    }
                    m += 1;
                }
            }
            _ => e.dynamic = true,
        }
    } else if next.is_some_and(|n| n.is("=")) {
        // `exports = module.exports = …`
        e.dynamic = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(src: &str) -> Vec<String> {
        extract(src).imports.into_iter().map(|i| i.module).collect()
    }

    #[test]
    fn import_forms() {
        let src = r#"
import a from "a";
import * as b from 'b';
import { c1, c2 as cc, type C3 } from "c";
import "d";
import type { E } from "e";
import type f from "f";
const g = require("g");
const { h1, h2: hh } = require('h');
const i = await import("i");
export * from "j";
export { k1 } from "k";
export type { L } from "l";
import m = require("m");
import type from "n";
const o = import(`o`);
"#;
        assert_eq!(
            modules(src),
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"]
        );
        let e = extract(src);
        let c: Vec<&str> = e.imports[2].names.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(c, ["c1", "c2", "C3"]);
        assert!(e.imports[2].names[2].type_only);
        assert!(e.imports[4].type_only && e.imports[5].type_only && !e.imports[13].type_only);
        let h: Vec<&str> = e.imports[7].names.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(h, ["h1", "h2"]);
        assert_eq!(e.imports[1].binding.as_deref(), Some("b"));
    }

    #[test]
    fn strings_comments_regex_templates() {
        let src = r#"
// import x from "c1"
/* require("c2") */
const s = "import y from 'c3'";
const r = /require\("c4"\)/g;
const t = `${require("real1")} import z from "c5" ${ `${require("real2")}` }`;
const d = a / b; require("real3");
x.require("c6"); obj.import("c7");
"#;
        assert_eq!(modules(src), ["real1", "real2", "real3"]);
    }

    #[test]
    fn try_catch_guards() {
        let e = extract("try { require('opt') } catch (e) {}\nrequire('hard')\n");
        assert!(e.imports[0].guarded);
        assert!(!e.imports[1].guarded);
    }

    #[test]
    fn exports_esm_and_cjs() {
        let esm = "export function f() {}\nexport const a = 1, b = 2;\nexport class C {}\nexport { x as y, z };\nexport default 1;\nexport * from './more';\nexport declare function dd(): void;\nexport interface I {}\nexport type T = 1;\nexport * as ns from './ns';";
        let e = exports(esm);
        for n in [
            "f", "a", "b", "C", "y", "z", "default", "dd", "I", "T", "ns",
        ] {
            assert!(e.names.contains(n), "{n}");
        }
        assert!(!e.names.contains("x"));
        assert_eq!(e.star_from, ["./more"]);
        assert!(!e.dynamic && e.any);
        let cjs = "exports.one = 1;\nmodule.exports.two = 2;\nObject.defineProperty(exports, \"three\", {});\n__exportStar(require(\"./four\"), exports);";
        let e = exports(cjs);
        for n in ["one", "two", "three"] {
            assert!(e.names.contains(n), "{n}");
        }
        assert_eq!(e.star_from, ["./four"]);
        let obj = exports("module.exports = { get, post: p, del() {}, 'quoted': 1 };");
        for n in ["get", "post", "del", "quoted"] {
            assert!(obj.names.contains(n), "{n}");
        }
        assert!(!obj.names.contains("p"));
        assert!(exports("module.exports = factory();").dynamic);
        assert!(exports("export = Foo;").dynamic);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "import",
            "import {",
            "export",
            "require(",
            "`${",
            "'",
            "/",
            "}}}{{{",
            "import x from",
            "`${`${`",
        ] {
            let _ = extract(s);
            let _ = exports(s);
        }
    }
}
