//! Python: a small tokenizer (strings, comments, brackets, continuation lines) that yields
//! logical lines with their indentation, and the import extraction and module-level name
//! collection built on it. Never matches inside comments or string literals.

use crate::import::{AttrCall, Extracted, Import, ImportedName};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Name,
    Op,
    Str,
    /// f-strings and byte strings: never a module name.
    OtherStr,
    Num,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub text: String,
    pub line: u32,
    pub col: u32,
}

impl Tok {
    fn is_op(&self, op: &str) -> bool {
        self.kind == Kind::Op && self.text == op
    }
    fn is_name(&self, name: &str) -> bool {
        self.kind == Kind::Name && self.text == name
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub indent: u32,
    pub toks: Vec<Tok>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Tokenize into logical lines. Total: any input gives some lines, in linear time.
pub(crate) fn logical_lines(src: &str) -> Vec<Line> {
    let b = src.as_bytes();
    let mut lines = Vec::new();
    let mut cur: Vec<Tok> = Vec::new();
    let mut indent = 0u32;
    let mut at_line_start = true;
    let mut depth = 0u32;
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    while i < b.len() {
        if at_line_start {
            let mut w = 0u32;
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b'\x0c') {
                w = if b[i] == b'\t' {
                    (w / 8 + 1) * 8
                } else {
                    w + 1
                };
                i += 1;
            }
            indent = w;
            at_line_start = false;
            continue;
        }
        let c = b[i];
        let col = (i - line_start) as u32 + 1;
        match c {
            b'\n' => {
                i += 1;
                line += 1;
                line_start = i;
                if depth == 0 {
                    if !cur.is_empty() {
                        lines.push(Line {
                            indent,
                            toks: std::mem::take(&mut cur),
                        });
                    }
                    at_line_start = true;
                }
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\\' => {
                // Line continuation: the next line belongs to this logical line.
                i += 1;
                if i < b.len() && b[i] == b'\r' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'\n' {
                    i += 1;
                    line += 1;
                    line_start = i;
                }
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => i += 1,
            b'"' | b'\'' => {
                let (text, end, nl) = lex_string(b, i, false);
                cur.push(Tok {
                    kind: Kind::Str,
                    text,
                    line,
                    col,
                });
                if nl > 0 {
                    line += nl;
                    line_start = b[..end]
                        .iter()
                        .rposition(|&x| x == b'\n')
                        .map_or(0, |p| p + 1);
                }
                i = end;
            }
            c if c.is_ascii_digit() => {
                let s = i;
                while i < b.len() && (is_ident_byte(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                cur.push(Tok {
                    kind: Kind::Num,
                    text: src.get(s..i).unwrap_or("").to_string(),
                    line,
                    col,
                });
            }
            c if is_ident_byte(c) => {
                let s = i;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                let word = src.get(s..i).unwrap_or("");
                let is_prefix = word.len() <= 2
                    && word
                        .bytes()
                        .all(|x| matches!(x.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'));
                if is_prefix && i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let lower = word.to_ascii_lowercase();
                    let fstr = lower.contains('f');
                    let (text, end, nl) = lex_string(b, i, fstr);
                    let kind = if fstr || lower.contains('b') {
                        Kind::OtherStr
                    } else {
                        Kind::Str
                    };
                    cur.push(Tok {
                        kind,
                        text,
                        line,
                        col,
                    });
                    if nl > 0 {
                        line += nl;
                        line_start = b[..end]
                            .iter()
                            .rposition(|&x| x == b'\n')
                            .map_or(0, |p| p + 1);
                    }
                    i = end;
                } else {
                    cur.push(Tok {
                        kind: Kind::Name,
                        text: word.to_string(),
                        line,
                        col,
                    });
                }
            }
            _ => {
                let two = if i + 1 < b.len() {
                    &b[i..i + 2]
                } else {
                    &b[i..i + 1]
                };
                let len = if b[i..].starts_with(b"...") {
                    3
                } else if two.len() == 2
                    && (two[1] == b'='
                        && matches!(
                            two[0],
                            b'=' | b'!'
                                | b'<'
                                | b'>'
                                | b'+'
                                | b'-'
                                | b'*'
                                | b'/'
                                | b'%'
                                | b'&'
                                | b'|'
                                | b'^'
                                | b':'
                                | b'@'
                        )
                        || two == b"->"
                        || two == b"**"
                        || two == b"//"
                        || two == b"<<"
                        || two == b">>")
                {
                    2
                } else {
                    1
                };
                match c {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                let text = String::from_utf8_lossy(&b[i..i + len]).into_owned();
                cur.push(Tok {
                    kind: Kind::Op,
                    text,
                    line,
                    col,
                });
                i += len;
            }
        }
    }
    if !cur.is_empty() {
        lines.push(Line { indent, toks: cur });
    }
    lines
}

/// Lex a string starting at the quote `b[start]`; returns (content, end index, newlines crossed).
/// Single-quoted strings stop at an unescaped newline (half-written code stays local).
fn lex_string(b: &[u8], start: usize, fstring: bool) -> (String, usize, u32) {
    let q = b[start];
    let triple = b.len() >= start + 3 && b[start + 1] == q && b[start + 2] == q;
    let mut i = start + if triple { 3 } else { 1 };
    let content_start = i;
    let mut nl = 0u32;
    let mut brace = 0u32;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            if i + 1 < b.len() && b[i + 1] == b'\n' {
                nl += 1;
            }
            i += 2;
            continue;
        }
        if fstring && c == b'{' {
            if i + 1 < b.len() && b[i + 1] == b'{' && brace == 0 {
                i += 2;
                continue;
            }
            brace += 1;
        } else if fstring && c == b'}' && brace > 0 {
            brace -= 1;
        } else if fstring && brace > 0 && (c == b'"' || c == b'\'') && c != q {
            // A nested string inside a replacement field.
            let (_, end, n) = lex_string(b, i, false);
            nl += n;
            i = end;
            continue;
        }
        if c == b'\n' {
            if !triple && brace == 0 {
                let s = String::from_utf8_lossy(&b[content_start..i]).into_owned();
                return (s, i, nl);
            }
            nl += 1;
        }
        if c == q && (brace == 0 || !fstring) {
            if triple {
                if i + 2 < b.len() && b[i + 1] == q && b[i + 2] == q {
                    let s = String::from_utf8_lossy(&b[content_start..i]).into_owned();
                    return (s, i + 3, nl);
                }
            } else {
                let s = String::from_utf8_lossy(&b[content_start..i]).into_owned();
                return (s, i + 1, nl);
            }
        }
        i += 1;
    }
    let end = b.len();
    (
        String::from_utf8_lossy(&b[content_start.min(end)..end]).into_owned(),
        end,
        nl,
    )
}

const COMPOUND: &[&str] = &[
    "if", "elif", "else", "try", "except", "finally", "with", "for", "while", "def", "class",
    "async", "match", "case",
];

/// Split `if x: import y` into header + body and `a; b` into two statements.
fn statements(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        split_into(l, &mut out);
    }
    out
}

fn split_into(l: Line, out: &mut Vec<Line>) {
    // `;;` and a trailing `;` leave empty statements: every Line keeps ≥ 1 token.
    if l.toks.is_empty() {
        return;
    }
    let first_compound = l
        .toks
        .first()
        .is_some_and(|t| t.kind == Kind::Name && COMPOUND.contains(&t.text.as_str()));
    let mut depth = 0i32;
    let mut lambdas = 0u32;
    for (k, t) in l.toks.iter().enumerate() {
        if t.kind == Kind::Op {
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth -= 1,
                ";" if depth <= 0 => {
                    let mut toks = l.toks;
                    let rest = toks.split_off(k + 1);
                    toks.pop();
                    split_into(
                        Line {
                            indent: l.indent,
                            toks,
                        },
                        out,
                    );
                    if !rest.is_empty() {
                        split_into(
                            Line {
                                indent: l.indent,
                                toks: rest,
                            },
                            out,
                        );
                    }
                    return;
                }
                ":" if depth <= 0 && first_compound => {
                    if lambdas > 0 {
                        lambdas -= 1;
                        continue;
                    }
                    if k + 1 < l.toks.len() {
                        let mut toks = l.toks;
                        let rest = toks.split_off(k + 1);
                        out.push(Line {
                            indent: l.indent,
                            toks,
                        });
                        split_into(
                            Line {
                                indent: l.indent + 1,
                                toks: rest,
                            },
                            out,
                        );
                        return;
                    }
                    break;
                }
                _ => {}
            }
        } else if t.is_name("lambda") && depth <= 0 {
            lambdas += 1;
        }
    }
    out.push(l);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Try(usize),
    /// `except ImportError:` body, `if TYPE_CHECKING:` body, `with suppress(ImportError):`.
    Guard(&'static str),
    Def,
    /// An `if` whose condition holds string literals (index into `Walker::conditions`).
    Cond(usize),
    Other,
}

const IMPORT_ERRORS: &[&str] = &[
    "ImportError",
    "ModuleNotFoundError",
    "Exception",
    "BaseException",
];

struct Walker {
    stack: Vec<(u32, Block)>,
    /// Latest `try` id per indentation, to connect `except` clauses.
    try_at: HashMap<u32, usize>,
    guarding_tries: HashSet<usize>,
    next_try: usize,
    /// Per indentation: the guard an `else:` after the latest `except` clauses gets
    /// (`except ImportError` → the import worked; `except NameError` → a name only the
    /// runtime environment defines, such as IPython's `get_ipython`, exists).
    last_except_guarding: HashMap<u32, Option<&'static str>>,
    conditions: Vec<Vec<String>>,
}

impl Walker {
    fn new() -> Self {
        Walker {
            stack: Vec::new(),
            try_at: HashMap::new(),
            guarding_tries: HashSet::new(),
            next_try: 0,
            last_except_guarding: HashMap::new(),
            conditions: Vec::new(),
        }
    }

    /// Enter a statement: pop closed blocks; returns the blocks enclosing it.
    fn enter(&mut self, l: &Line) {
        while self.stack.last().is_some_and(|(ind, _)| *ind >= l.indent) {
            self.stack.pop();
        }
    }

    /// After handling a header line that ends with `:`, push its block.
    fn push_header(&mut self, l: &Line) {
        let Some(first) = l.toks.first() else { return };
        if !l.toks.last().is_some_and(|t| t.is_op(":")) {
            return;
        }
        let is_except = first.is_name("except");
        let block = match first.text.as_str() {
            "try" if first.kind == Kind::Name => {
                let id = self.next_try;
                self.next_try += 1;
                self.try_at.insert(l.indent, id);
                Block::Try(id)
            }
            "except" if first.kind == Kind::Name => {
                let catches = l.toks.len() <= 2
                    || l.toks[1..]
                        .iter()
                        .any(|t| t.kind == Kind::Name && IMPORT_ERRORS.contains(&t.text.as_str()));
                if catches {
                    if let Some(id) = self.try_at.get(&l.indent) {
                        self.guarding_tries.insert(*id);
                    }
                    Block::Guard("try/except ImportError")
                } else {
                    Block::Other
                }
            }
            "else" if first.kind == Kind::Name => {
                // `try: import x / except ImportError: … / else: import y`, and
                // `try: get_ipython() / except NameError: … / else: import IPython…`.
                match self.last_except_guarding.get(&l.indent).copied().flatten() {
                    Some(g) => Block::Guard(g),
                    None => Block::Other,
                }
            }
            "if" | "elif" if l.toks.iter().any(|t| t.is_name("TYPE_CHECKING")) => {
                Block::Guard("if TYPE_CHECKING")
            }
            "if" | "elif"
                if l.toks
                    .iter()
                    .any(|t| t.kind == Kind::Name && is_availability_flag(&t.text)) =>
            {
                Block::Guard("availability check")
            }
            "with"
                if l.toks.iter().any(|t| t.is_name("suppress"))
                    && l.toks.iter().any(|t| {
                        t.kind == Kind::Name && IMPORT_ERRORS.contains(&t.text.as_str())
                    }) =>
            {
                Block::Guard("contextlib.suppress(ImportError)")
            }
            "def" | "class" => Block::Def,
            "async" if l.toks.get(1).is_some_and(|t| t.is_name("def")) => Block::Def,
            "if" | "elif"
                if first.kind == Kind::Name && l.toks.iter().any(|t| t.kind == Kind::Str) =>
            {
                // `if sniffio.current_async_library() == "trio": import trio`
                self.conditions.push(
                    l.toks
                        .iter()
                        .filter(|t| t.kind == Kind::Str)
                        .map(|t| t.text.clone())
                        .collect(),
                );
                Block::Cond(self.conditions.len() - 1)
            }
            _ => Block::Other,
        };
        if first.kind == Kind::Name && !first.is_name("else") {
            let guarding = match block {
                _ if !is_except => None,
                Block::Guard(g) => Some(g),
                _ if l.toks.iter().any(|t| t.is_name("NameError")) => {
                    Some("try/except NameError: runs only where the runtime defines the name (e.g. IPython's get_ipython)")
                }
                _ => None,
            };
            let prev = self.last_except_guarding.get(&l.indent).copied().flatten();
            self.last_except_guarding
                .insert(l.indent, if is_except { guarding.or(prev) } else { None });
        }
        self.stack.push((l.indent, block));
    }

    fn in_def(&self) -> bool {
        self.stack.iter().any(|(_, b)| *b == Block::Def)
    }

    fn guard(&self) -> Option<&'static str> {
        self.stack.iter().find_map(|(_, b)| match b {
            Block::Guard(g) => Some(*g),
            _ => None,
        })
    }

    /// String literals of enclosing `if` conditions.
    fn condition_strings(&self) -> impl Iterator<Item = &str> {
        self.stack
            .iter()
            .flat_map(|(_, b)| match b {
                Block::Cond(i) => self.conditions.get(*i).map(|v| v.as_slice()).unwrap_or(&[]),
                _ => &[],
            })
            .map(String::as_str)
    }

    fn tries(&self) -> Vec<usize> {
        self.stack
            .iter()
            .filter_map(|(_, b)| match b {
                Block::Try(id) => Some(*id),
                _ => None,
            })
            .collect()
    }
}

/// `HAS_NUMPY`, `has_simplejson`, `_numpy_available`, `find_spec(`: a condition that checks
/// whether an optional module can be imported.
fn is_availability_flag(name: &str) -> bool {
    let n = name.trim_start_matches('_').to_ascii_lowercase();
    n.starts_with("has_")
        || n.ends_with("_available")
        || n.ends_with("_installed")
        || n == "find_spec"
        || n == "find_loader"
}

/// Read a dotted name starting at `toks[k]`; returns (name, next index).
fn dotted(toks: &[Tok], mut k: usize) -> (String, usize) {
    let mut s = String::new();
    while k < toks.len() && toks[k].kind == Kind::Name {
        s.push_str(&toks[k].text);
        if k + 1 < toks.len() && toks[k + 1].is_op(".") {
            s.push('.');
            k += 2;
        } else {
            k += 1;
            break;
        }
    }
    (s.trim_end_matches('.').to_string(), k)
}

/// Extract imports and module attribute calls from Python source.
pub(crate) fn extract(src: &str) -> Extracted {
    let stmts = statements(logical_lines(src));
    let mut w = Walker::new();
    let mut out = Extracted::default();
    let mut try_of: Vec<Vec<usize>> = Vec::new();
    let mut shadowed: HashSet<String> = HashSet::new();
    let mut calls: Vec<AttrCall> = Vec::new();
    for l in &stmts {
        w.enter(l);
        let toks = &l.toks;
        let guard = w.guard();
        let tries = w.tries();
        let before = out.imports.len();
        let first = &toks[0];
        if first.is_name("import") {
            let mut k = 1;
            while k < toks.len() {
                let start = k;
                let (name, next) = dotted(toks, k);
                if name.is_empty() {
                    break;
                }
                k = next;
                let mut imp = Import::new(&name, toks[start].line, toks[start].col);
                if k + 1 < toks.len() && toks[k].is_name("as") && toks[k + 1].kind == Kind::Name {
                    imp.binding = Some(toks[k + 1].text.clone());
                    k += 2;
                } else if !name.contains('.') {
                    imp.binding = Some(name.clone());
                }
                out.imports.push(imp);
                if k < toks.len() && toks[k].is_op(",") {
                    k += 1;
                } else {
                    break;
                }
            }
        } else if first.is_name("from") && toks.len() >= 3 {
            let mut k = 1;
            let mut level = 0;
            while k < toks.len() && (toks[k].is_op(".") || toks[k].is_op("...")) {
                level += toks[k].text.len();
                k += 1;
            }
            let (name, next) = if toks.get(k).is_some_and(|t| t.is_name("import")) {
                (String::new(), k)
            } else {
                dotted(toks, k)
            };
            let (line, col) = toks
                .get(k.min(toks.len() - 1))
                .map_or((0, 0), |t| (t.line, t.col));
            k = next;
            if k < toks.len() && toks[k].is_name("import") {
                k += 1;
                let mut imp = Import::new(format!("{}{}", ".".repeat(level), name), line, col);
                imp.local = level > 0;
                while k < toks.len() {
                    let t = &toks[k];
                    if t.kind == Kind::Name && t.text != "as" {
                        imp.names.push(ImportedName {
                            name: t.text.clone(),
                            line: t.line,
                            column: t.col,
                            type_only: false,
                        });
                        if k + 2 < toks.len() && toks[k + 1].is_name("as") {
                            k += 2;
                        }
                    }
                    k += 1;
                }
                if !name.is_empty() || level > 0 {
                    out.imports.push(imp);
                }
            }
        }
        // Dynamic imports with a literal module name, anywhere in the statement.
        for k in 0..toks.len() {
            let t = &toks[k];
            if t.kind != Kind::Name {
                continue;
            }
            if (t.text == "import_module" || t.text == "__import__")
                && toks.get(k + 1).is_some_and(|x| x.is_op("("))
                && toks.get(k + 2).is_some_and(|x| x.kind == Kind::Str)
                && toks
                    .get(k + 3)
                    .is_some_and(|x| x.is_op(")") || x.is_op(","))
                && !(k > 0
                    && toks[k - 1].is_op(".")
                    && !(k > 1 && toks[k - 2].is_name("importlib")))
            {
                let s = &toks[k + 2];
                let module = s.text.trim().to_string();
                let valid = !module.is_empty()
                    && module
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.');
                if valid {
                    let mut imp = Import::new(&module, s.line, s.col);
                    imp.local = module.starts_with('.');
                    out.imports.push(imp);
                }
            }
            // `binding.attr(`
            if toks.get(k + 1).is_some_and(|x| x.is_op("."))
                && toks.get(k + 2).is_some_and(|x| x.kind == Kind::Name)
                && toks.get(k + 3).is_some_and(|x| x.is_op("("))
                && !(k > 0 && toks[k - 1].is_op("."))
            {
                calls.push(AttrCall {
                    binding: t.text.clone(),
                    attr: toks[k + 2].text.clone(),
                    line: toks[k + 2].line,
                    column: toks[k + 2].col,
                });
            }
        }
        collect_shadowing(toks, &mut shadowed);
        let in_def = w.in_def();
        for imp in &mut out.imports[before..] {
            imp.in_function = in_def;
            let top = imp.module.split('.').next().unwrap_or("");
            if guard.is_none() && w.condition_strings().any(|c| c == top) {
                imp.guarded = true;
                imp.guard = "runtime check for the module by name";
            }
            if let Some(g) = guard {
                imp.guarded = true;
                imp.guard = g;
            }
        }
        try_of.extend(std::iter::repeat_n(tries, out.imports.len() - before));
        w.push_header(l);
    }
    for (imp, tries) in out.imports.iter_mut().zip(try_of) {
        if !imp.guarded && tries.iter().any(|t| w.guarding_tries.contains(t)) {
            imp.guarded = true;
            imp.guard = "try/except ImportError";
        }
    }
    let bound: HashSet<&str> = out
        .imports
        .iter()
        .filter_map(|i| i.binding.as_deref())
        .filter(|b| !shadowed.contains(*b))
        .collect();
    out.attr_calls = calls
        .into_iter()
        .filter(|c| bound.contains(c.binding.as_str()))
        .collect();
    out
}

/// Names that are (re)bound by something other than an import: assignments, parameters,
/// loop variables, `as` targets, def/class names. Attribute calls on them are not checked.
fn collect_shadowing(toks: &[Tok], out: &mut HashSet<String>) {
    let is_import = toks[0].is_name("import") || toks[0].is_name("from");
    for k in 0..toks.len() {
        let t = &toks[k];
        if t.kind != Kind::Name {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(k + 1);
        let prev_dot = prev.is_some_and(|p| p.is_op("."));
        if prev_dot {
            continue;
        }
        let assigned = next.is_some_and(|n| {
            n.kind == Kind::Op
                && matches!(n.text.as_str(), "=" | ":=" | "+=" | "-=" | "," | ")" | ":")
        });
        let param_or_target = toks[0].is_name("def")
            || toks[0].is_name("for")
            || toks[0].is_name("lambda")
            || (assigned && next.is_some_and(|n| n.is_op("=") || n.is_op(":=")));
        let as_target = prev.is_some_and(|p| p.is_name("as")) && !is_import;
        let defined = prev.is_some_and(|p| p.is_name("def") || p.is_name("class"));
        if (param_or_target && assigned) || as_target || defined {
            out.insert(t.text.clone());
        }
        if toks[0].is_name("for") && k >= 1 && next.is_some_and(|n| n.is_name("in")) {
            out.insert(t.text.clone());
        }
    }
}

/// Module-level names of a Python module, for symbol checks against installed packages.
#[derive(Debug, Default, Clone)]
pub(crate) struct ModuleNames {
    pub names: HashSet<String>,
    /// `from X import *` sources: (relative level, module).
    pub star_from: Vec<(usize, String)>,
    /// Module-level `__getattr__`, `globals()` writes, `sys.modules` tricks.
    pub dynamic: bool,
}

/// Collect the names a module defines at top level (including inside if/try blocks).
pub(crate) fn module_names(src: &str) -> ModuleNames {
    let stmts = statements(logical_lines(src));
    let mut w = Walker::new();
    let mut m = ModuleNames::default();
    for l in &stmts {
        w.enter(l);
        let toks = &l.toks;
        if !w.in_def() {
            module_statement(toks, &mut m);
        }
        namespace_writes(toks, &mut m);
        w.push_header(l);
    }
    m
}

/// Module-namespace writes anywhere in the file (functions included, since they may run at
/// import time): `globals()` (written through, or handed to a helper), `vars()[k]`,
/// `locals()[k]`, `sys.modules[…]`. `setattr(obj, …)` on ordinary objects is not one.
fn namespace_writes(toks: &[Tok], m: &mut ModuleNames) {
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Kind::Name {
            continue;
        }
        let at = |d: usize| toks.get(k + d);
        let call = at(1).is_some_and(|x| x.is_op("(")) && at(2).is_some_and(|x| x.is_op(")"));
        let written = at(3).is_some_and(|x| x.is_op("[") || x.is_op("."));
        if call
            && (t.text == "globals" || (matches!(t.text.as_str(), "vars" | "locals") && written))
        {
            m.dynamic = true;
        }
        if t.text == "sys"
            && at(1).is_some_and(|x| x.is_op("."))
            && at(2).is_some_and(|x| x.is_name("modules"))
        {
            m.dynamic = true;
        }
    }
}

fn module_statement(toks: &[Tok], m: &mut ModuleNames) {
    let first = &toks[0];
    let mut push = |s: &str| {
        m.names.insert(s.to_string());
    };
    if first.is_name("import") {
        let mut k = 1;
        while k < toks.len() {
            let (name, next) = dotted(toks, k);
            if name.is_empty() {
                break;
            }
            k = next;
            if k + 1 < toks.len() && toks[k].is_name("as") {
                push(&toks[k + 1].text);
                k += 2;
            } else {
                push(name.split('.').next().unwrap_or(""));
            }
            if k < toks.len() && toks[k].is_op(",") {
                k += 1;
            } else {
                break;
            }
        }
        return;
    }
    if first.is_name("from") {
        let mut k = 1;
        let mut level = 0;
        while k < toks.len() && (toks[k].is_op(".") || toks[k].is_op("...")) {
            level += toks[k].text.len();
            k += 1;
        }
        let (name, next) = if toks.get(k).is_some_and(|t| t.is_name("import")) {
            (String::new(), k)
        } else {
            dotted(toks, k)
        };
        k = next + 1;
        while k < toks.len() {
            let t = &toks[k];
            if t.is_op("*") {
                m.star_from.push((level, name.clone()));
            } else if t.kind == Kind::Name && t.text != "as" {
                if k + 2 < toks.len() && toks[k + 1].is_name("as") {
                    push(&toks[k + 2].text);
                    k += 2;
                } else {
                    push(&t.text);
                }
            }
            k += 1;
        }
        return;
    }
    match first.text.as_str() {
        "def" | "class" if first.kind == Kind::Name => {
            if let Some(n) = toks.get(1) {
                if n.text == "__getattr__" {
                    m.dynamic = true;
                }
                push(&n.text);
            }
            return;
        }
        "async" if first.kind == Kind::Name => {
            if let Some(n) = toks.get(2) {
                push(&n.text);
            }
            return;
        }
        "for" if first.kind == Kind::Name => {
            for t in toks[1..].iter().take_while(|t| !t.is_name("in")) {
                if t.kind == Kind::Name {
                    push(&t.text);
                }
            }
            return;
        }
        "with" if first.kind == Kind::Name => {
            for k in 1..toks.len() {
                if toks[k - 1].is_name("as") && toks[k].kind == Kind::Name {
                    push(&toks[k].text);
                }
            }
            return;
        }
        "global" if first.kind == Kind::Name => {
            for t in &toks[1..] {
                if t.kind == Kind::Name {
                    push(&t.text);
                }
            }
            return;
        }
        _ => {}
    }
    // `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`: exported strings.
    if first.is_name("__all__") {
        for t in toks {
            if t.kind == Kind::Str {
                push(&t.text);
            }
        }
    }
    if toks.iter().any(|t| t.is_name("__getattr__")) {
        m.dynamic = true;
    }
    // Assignment targets: names at depth 0 before the last top-level `=` / annotation `:`.
    let mut depth = 0i32;
    let mut last_eq = None;
    for (k, t) in toks.iter().enumerate() {
        if t.kind == Kind::Op {
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth -= 1,
                "=" | ":" | ":=" | "+=" | "|=" if depth == 0 => {
                    last_eq = Some(k);
                    if t.text == ":" {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(end) = last_eq {
        let mut depth = 0i32;
        for (k, t) in toks[..end].iter().enumerate() {
            if t.kind == Kind::Op {
                match t.text.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
            } else if t.kind == Kind::Name
                && depth <= 1
                && !(k > 0 && toks[k - 1].is_op("."))
                && !toks
                    .get(k + 1)
                    .is_some_and(|n| n.is_op(".") || n.is_op("["))
            {
                push(&t.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules(src: &str) -> Vec<String> {
        extract(src).imports.into_iter().map(|i| i.module).collect()
    }

    #[test]
    fn plain_forms() {
        let src = "import os, sys as s\nimport a.b.c as d\nfrom x.y import (p,\n  q as r)\nfrom . import sib\nfrom ..up import z\n";
        assert_eq!(modules(src), ["os", "sys", "a.b.c", "x.y", ".", "..up"]);
        let e = extract(src);
        assert_eq!(e.imports[3].names.len(), 2);
        assert_eq!(e.imports[3].names[1].name, "q");
        assert_eq!(e.imports[3].line, 3);
        assert!(e.imports[4].local && e.imports[5].local);
        assert_eq!(e.imports[1].binding.as_deref(), Some("s"));
    }

    #[test]
    fn strings_and_comments_do_not_import() {
        let src = "# import evil\nx = 'import evil'\ny = \"\"\"\nimport evil\nfrom evil import x\n\"\"\"\nz = f\"{'import evil'}\"\nimport real\n";
        assert_eq!(modules(src), ["real"]);
    }

    #[test]
    fn dynamic_imports() {
        let src = "import importlib\nm = importlib.import_module(\"plugin_x\")\nn = __import__('other')\nk = importlib.import_module(name)\nj = importlib.import_module('a' + b)\n";
        assert_eq!(modules(src), ["importlib", "plugin_x", "other"]);
    }

    #[test]
    fn guards() {
        let src = "try:\n    import simplejson as json\nexcept ImportError:\n    import json\ntry:\n    import must\nexcept ValueError:\n    pass\nif TYPE_CHECKING:\n    import typed\nelse:\n    import runtime\ntry: import oneline\nexcept: pass\ntry:\n    import a\nexcept ImportError:\n    pass\nelse:\n    import in_else\nif HAS_X:\n    import flagged\nif lib == \"trio\":\n    import trio\n";
        let e = extract(src);
        let g: Vec<(&str, bool)> = e
            .imports
            .iter()
            .map(|i| (i.module.as_str(), i.guarded))
            .collect();
        assert_eq!(
            g,
            [
                ("simplejson", true),
                ("json", true),
                ("must", false),
                ("typed", true),
                ("runtime", false),
                ("oneline", true),
                ("a", true),
                ("in_else", true),
                ("flagged", true),
                ("trio", true)
            ]
        );
    }

    #[test]
    fn else_after_name_error_probe_is_guarded() {
        let src = "try:\n    ip = get_ipython()\nexcept NameError:\n    pass\nelse:\n    from IPython.core.formatters import BaseFormatter\ntry:\n    x = int(s)\nexcept ValueError:\n    pass\nelse:\n    import not_guarded\n";
        let g: Vec<(String, bool)> = extract(src)
            .imports
            .iter()
            .map(|i| (i.module.clone(), i.guarded))
            .collect();
        assert_eq!(
            g,
            [
                ("IPython.core.formatters".to_string(), true),
                ("not_guarded".to_string(), false)
            ]
        );
    }

    #[test]
    fn attr_calls_skip_shadowed() {
        let src = "import requests\nimport numpy as np\nrequests.get(u)\nnp.zeros(3)\nnp = None\nx.y(1)\n";
        let e = extract(src);
        let c: Vec<&str> = e.attr_calls.iter().map(|c| c.attr.as_str()).collect();
        assert_eq!(c, ["get"]);
    }

    #[test]
    fn half_written_and_garbage_do_not_panic() {
        for src in [
            "from ",
            "import",
            "from . import (",
            "'''",
            "x = \"abc\nimport real",
            "\\",
            "from x import",
            "try:\nexcept",
            ")))(((",
        ] {
            let _ = extract(src);
            let _ = module_names(src);
        }
        assert_eq!(modules("x = \"abc\nimport real"), ["real"]);
    }

    #[test]
    fn module_level_names() {
        let src = "import os\nfrom .api import get, post as p\nfrom .models import *\n__all__ = ['fetch', \"Session\"]\ndef helper():\n    inner = 1\nclass Session: pass\nVERSION: str = '1'\na, (b, c) = 1, (2, 3)\nif x:\n    cond = 1\n";
        let m = module_names(src);
        for n in [
            "os", "get", "p", "fetch", "Session", "helper", "VERSION", "a", "b", "c", "cond",
        ] {
            assert!(m.names.contains(n), "{n}");
        }
        assert!(!m.names.contains("inner"));
        assert_eq!(m.star_from, [(1, "models".to_string())]);
        assert!(!m.dynamic);
        assert!(module_names("def __getattr__(name):\n    pass\n").dynamic);
        assert!(module_names("globals().update(x)\n").dynamic);
        assert!(module_names("def init(g=globals()):\n    g['x'] = 1\n").dynamic);
        assert!(module_names("import sys\nsys.modules[__name__] = X()\n").dynamic);
        assert!(!module_names("for c in codes:\n    setattr(codes, c.lower(), 1)\n").dynamic);
    }
}
