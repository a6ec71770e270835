//! What every language's rules share: a visit over the syntax tree, node text with string
//! literals and comments blanked out (so no rule ever matches inside them), and the
//! name-based heuristics (credential-ish names, request input).

use tree_sitter::Node;

/// One rule match before line filtering and suppression.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub rule: &'static str,
    /// 0-based rows the match covers (used to decide whether it is on an added line).
    pub first_row: usize,
    pub last_row: usize,
    /// 0-based byte column of the match's first character.
    pub column: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    /// A severity below the rule's own, when the match is a weaker form of it.
    pub severity: Option<provenance_findings::Severity>,
    /// Why the severity is lowered (appended to the finding's message).
    pub note: Option<&'static str>,
}

/// The state one language's visitor works with.
pub(crate) struct Ctx<'a> {
    pub src: &'a [u8],
    pub path: &'a str,
    pub hits: Vec<Hit>,
    /// Names bound, file-wide, to values the running code cannot choose (JS: the default
    /// imports of static assets, which the bundler turns into its own URLs).
    pub fixed_names: std::collections::HashSet<String>,
    /// Node kinds whose bytes [`Ctx::masked`] blanks: string contents and comments.
    mask: &'static [&'static str],
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a [u8], path: &'a str, mask: &'static [&'static str]) -> Self {
        Ctx {
            src,
            path,
            hits: Vec::new(),
            fixed_names: Default::default(),
            mask,
        }
    }

    /// Record a match of `rule` on `node`.
    pub fn hit(&mut self, rule: &'static str, node: Node<'_>) {
        self.hit_rows(rule, node, node.end_position().row);
    }

    /// Record a match of `rule` that starts at `node` and counts as one line only (for
    /// matches that enclose a body, such as an `unsafe` block).
    pub fn hit_first_line(&mut self, rule: &'static str, node: Node<'_>) {
        self.hit_rows(rule, node, node.start_position().row);
    }

    /// Record a match of `rule` from `start` to the end of `end` (a method call reported
    /// at its method name rather than at the start of a multi-line receiver chain).
    pub fn hit_from(&mut self, rule: &'static str, start: Node<'_>, end: Node<'_>) {
        self.hits.push(Hit {
            rule,
            first_row: start.start_position().row,
            last_row: end.end_position().row,
            column: start.start_position().column,
            start_byte: start.start_byte(),
            end_byte: end.end_byte(),
            severity: None,
            note: None,
        });
    }

    fn hit_rows(&mut self, rule: &'static str, node: Node<'_>, last_row: usize) {
        self.hits.push(Hit {
            rule,
            first_row: node.start_position().row,
            last_row,
            column: node.start_position().column,
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
            severity: None,
            note: None,
        });
    }

    /// Lower the last recorded match to `severity`, saying why (a weaker form of the
    /// rule: no input is evident, or the built part is SQL structure, not a value).
    pub fn lower_last(&mut self, severity: provenance_findings::Severity, note: &'static str) {
        if let Some(hit) = self.hits.last_mut() {
            hit.severity = Some(severity);
            hit.note = Some(note);
        }
    }

    /// The node's source text (empty when it is not UTF-8).
    pub fn text(&self, node: Node<'_>) -> &'a str {
        std::str::from_utf8(&self.src[node.start_byte()..node.end_byte()]).unwrap_or("")
    }

    /// The node's text without whitespace: `requests . get` → `requests.get`.
    pub fn compact(&self, node: Node<'_>) -> String {
        self.text(node)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    /// The node's text with every string content and comment inside it blanked out, so
    /// name searches (`request.args`, `password`) only ever see code.
    pub fn masked(&self, node: Node<'_>) -> String {
        let start = node.start_byte();
        let mut bytes = self.src[start..node.end_byte()].to_vec();
        walk(node, &mut |n| {
            if self.mask.contains(&n.kind()) {
                for b in &mut bytes[n.start_byte() - start..n.end_byte() - start] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
            }
        });
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Whether any string-literal content under `node` contains an SQL keyword (the
    /// literal parts of a built query, not the interpolated names).
    pub fn has_sql_literal(&self, node: Node<'_>, content_kinds: &[&str]) -> bool {
        let mut found = false;
        walk(node, &mut |n| {
            if !found && content_kinds.contains(&n.kind()) {
                found = looks_like_sql(self.text(n));
            }
        });
        found
    }

    /// The texts of the string literals' contents under `node`.
    pub fn literal_contents(&self, node: Node<'_>, content_kinds: &[&str]) -> Vec<&'a str> {
        let mut out = Vec::new();
        walk(node, &mut |n| {
            if content_kinds.contains(&n.kind()) {
                out.push(self.text(n));
            }
        });
        out
    }
}

/// Pre-order visit of `root` and every node below it, without recursion (deep trees from
/// generated code must not overflow the stack).
pub(crate) fn walk<'t>(root: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The named children of a node, in order.
pub(crate) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| !n.is_extra())
        .collect()
}

/// Whether `ancestor` encloses `node`.
pub(crate) fn has_ancestor(node: Node<'_>, kinds: &[&str], max_depth: usize) -> bool {
    let mut cur = node.parent();
    let mut depth = 0;
    while let Some(n) = cur {
        if kinds.contains(&n.kind()) {
            return true;
        }
        depth += 1;
        if depth >= max_depth {
            return false;
        }
        cur = n.parent();
    }
    false
}

const SQL_WORDS: &[&str] = &[
    "select", "insert", "update", "delete", "where", "drop", "create", "alter", "truncate",
    "pragma", "values", "from",
];

/// Whether a literal fragment reads like SQL: `SELECT … FROM`, `INSERT INTO`, `DELETE FROM`,
/// `UPDATE … SET`, a `WHERE` clause, DDL. Two keywords are needed unless it is a clause.
pub(crate) fn looks_like_sql(fragment: &str) -> bool {
    let lower = fragment.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let keywords = SQL_WORDS.iter().filter(|w| has(w)).count();
    (has("select") && has("from"))
        || (has("insert") && has("into"))
        || (has("delete") && has("from"))
        || (has("update") && has("set"))
        || ((has("drop") || has("create") || has("alter") || has("truncate"))
            && (has("table") || has("index") || has("database") || has("view")))
        || (keywords >= 1 && (has("where") || has("pragma")) && words.len() >= 2)
        || keywords >= 3
}

const CREDENTIAL_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "token",
    "secret",
    "apikey",
    "api_key",
    "nonce",
    "otp",
    "salt",
    "session_id",
    "sessionid",
    "csrf",
    "credential",
];

/// The literal text a string expression starts with: `"https://api.x/" + id` →
/// `https://api.x/`, `` `/files/${n}` `` → `/files/`, `f"http://h/{x}"` → `http://h/`.
pub(crate) fn leading_literal(code: &str) -> Option<&str> {
    let code = code
        .trim_start()
        .trim_start_matches(['f', 'F', 'r', 'R', 'b', 'B', 'u', 'U']);
    let quote = code
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let rest = &code[1..];
    let end = rest.find([quote, '{', '$']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Whether a URL prefix fixes the host (`https://api.example.com/…`) or is a local path, so
/// request input after it cannot pick where the request goes.
pub(crate) fn fixes_origin(prefix: &str) -> bool {
    if prefix.starts_with('/') && !prefix.starts_with("//") {
        return true;
    }
    match prefix.split_once("://") {
        Some((_, rest)) => rest.contains('/') || rest.contains('?'),
        None => false,
    }
}

/// Whether a name (a variable, an argument's code) is about a password, token or secret.
pub(crate) fn mentions_credential(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    CREDENTIAL_WORDS.iter().any(|w| {
        // `pwd` and `otp` are short: only as whole words, so `cwd`/`otp_` do not count by
        // accident inside longer names such as `pwdlib` or `footprint`.
        if w.len() <= 3 {
            lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|part| part == *w)
        } else {
            lower.contains(w)
        }
    })
}

/// Whether code reads request input of a web framework (Flask, Django, Starlette, Express,
/// Koa, net/http, gin, actix, axum handlers' usual names).
pub(crate) fn mentions_request_input(code: &str, patterns: &[&str]) -> bool {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    patterns.iter().any(|p| compact.contains(p))
}

/// Appended to a finding lowered because no input is evident.
pub(crate) const NO_INPUT_NOTE: &str =
    "Reported at medium: no request or user input is evident here; high when the value comes from input.";

/// Appended to a SQL finding lowered because the built part is a trailing clause.
pub(crate) const CLAUSE_NOTE: &str = "Reported at medium: the query binds its values with \
     placeholders and appends a clause; make sure the clause is never built from input.";

/// Whether SQL text binds values with placeholders: `?`, `?1`, `$1`, `:name`, `%s`,
/// `%(name)s`.
pub(crate) fn binds_placeholders(sql: &str) -> bool {
    let b = sql.as_bytes();
    (0..b.len()).any(|i| {
        let next = b.get(i + 1).copied();
        let prev = if i == 0 { b' ' } else { b[i - 1] };
        match b[i] {
            b'?' => next.is_none_or(|c| c.is_ascii_digit() || b" ,)".contains(&c)),
            b'$' => next.is_some_and(|c| c.is_ascii_digit()),
            b':' => b" =(,".contains(&prev) && next.is_some_and(|c| c.is_ascii_alphabetic()),
            b'%' => next == Some(b's') || next == Some(b'('),
            _ => false,
        }
    })
}

/// Whether code names a value that users or other systems choose: request, form, query,
/// payload, upload, socket and message data, by the words of its identifiers
/// (`userInput`, `req_body`, `payload`). Rules that fire on any non-literal value (code
/// evaluation, deserialization) are high when this or a framework's request input is
/// evident, and medium otherwise, as Bandit rates them.
pub(crate) fn names_user_input(code: &str) -> bool {
    const WORDS: &[&str] = &[
        "user",
        "input",
        "query",
        "param",
        "params",
        "payload",
        "body",
        "req",
        "request",
        "untrusted",
        "comment",
        "message",
        "msg",
        "search",
        "form",
        "argv",
        "upload",
        "cookie",
        "cookies",
        "header",
        "headers",
        "recv",
        "socket",
        "stdin",
        "remote",
        "client",
        "tainted",
    ];
    let mut word = String::new();
    let mut prev_lower = false;
    let mut found = false;
    let mut flush = |w: &mut String| {
        if !w.is_empty() && WORDS.contains(&w.as_str()) {
            found = true;
        }
        w.clear();
    };
    for c in code.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                flush(&mut word);
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            word.push(c.to_ascii_lowercase());
        } else {
            flush(&mut word);
            prev_lower = false;
        }
    }
    flush(&mut word);
    found
}

#[cfg(test)]
mod input_name_tests {
    use super::names_user_input;

    #[test]
    fn words_of_identifiers() {
        for code in [
            "userInput",
            "req.body",
            "payload",
            "raw_request",
            "self.recv(4096)",
        ] {
            assert!(names_user_input(code), "{code}");
        }
        for code in [
            "bb",
            "rawValue",
            "counter",
            "cache_file",
            "state",
            "users_table2x",
        ] {
            assert!(!names_user_input(code), "{code}");
        }
    }
}
