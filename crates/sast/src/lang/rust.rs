//! Rust rules.

use crate::syntax::{self, mentions_credential, named_children, Ctx};
use provenance_findings::Severity;
use std::collections::HashSet;
use tree_sitter::Node;

/// Blanked by [`Ctx::masked`]: literal contents and comments.
pub(crate) const MASK: &[&str] = &[
    "string_content",
    "escape_sequence",
    "char_literal",
    "line_comment",
    "block_comment",
];
const CONTENT: &[&str] = &["string_content"];

const SQL_METHODS: &[&str] = &[
    "query",
    "execute",
    "query_as",
    "query_scalar",
    "query_one",
    "query_opt",
    "query_row",
    "query_map",
    "batch_execute",
    "simple_query",
    "prepare",
    "sql_query",
    "raw_sql",
];

#[derive(Default)]
struct FileFacts {
    /// Names bound to raw pointers (`p: *const T`, `let p = x.as_ptr()`).
    pointers: HashSet<String>,
    /// Names bound to `format!(…)` SQL.
    sql_vars: HashSet<String>,
}

pub(crate) fn check(root: Node<'_>, cx: &mut Ctx<'_>) {
    let mut facts = FileFacts::default();
    syntax::walk(root, &mut |node| match node.kind() {
        "parameter" => {
            if let (Some(p), Some(t)) = (
                node.child_by_field_name("pattern"),
                node.child_by_field_name("type"),
            ) {
                if t.kind() == "pointer_type" {
                    facts.pointers.insert(cx.text(p).to_string());
                }
            }
        }
        "let_declaration" => {
            let Some(pattern) = node.child_by_field_name("pattern") else {
                return;
            };
            let name = cx
                .text(pattern)
                .trim_start_matches("mut ")
                .trim()
                .to_string();
            let typed = node
                .child_by_field_name("type")
                .is_some_and(|t| t.kind() == "pointer_type");
            let value = node.child_by_field_name("value");
            if typed || value.is_some_and(|v| is_pointer_expression(v, cx)) {
                facts.pointers.insert(name.clone());
            }
            if value.is_some_and(|v| is_built_sql(v, cx)) {
                facts.sql_vars.insert(name);
            }
        }
        _ => {}
    });
    syntax::walk(root, &mut |node| match node.kind() {
        "call_expression" => call(node, cx, &facts),
        "unsafe_block" => cx.hit_first_line("rust-unsafe-block", node),
        "unary_expression" => deref(node, cx, &facts),
        _ => {}
    });
}

const POINTER_METHODS: &[&str] = &[
    "as_ptr",
    "as_mut_ptr",
    "add",
    "sub",
    "offset",
    "byte_add",
    "byte_sub",
    "byte_offset",
    "wrapping_add",
    "wrapping_sub",
    "wrapping_offset",
    "cast",
    "cast_mut",
    "cast_const",
];

/// An expression whose value is a raw pointer: a cast to `*const`/`*mut`, or pointer
/// arithmetic / `as_ptr()` calls.
fn is_pointer_expression(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = unwrap_parens(node);
    match node.kind() {
        "type_cast_expression" => node
            .child_by_field_name("type")
            .is_some_and(|t| t.kind() == "pointer_type"),
        "call_expression" => {
            method(node, cx).is_some_and(|(_, m)| POINTER_METHODS.contains(&m.as_str()))
        }
        _ => false,
    }
}

fn unwrap_parens(node: Node<'_>) -> Node<'_> {
    if node.kind() == "parenthesized_expression" {
        if let Some(inner) = named_children(node).into_iter().next() {
            return unwrap_parens(inner);
        }
    }
    node
}

/// For `recv.method(args)`: the receiver and the method name.
fn method<'t>(call: Node<'t>, cx: &Ctx<'_>) -> Option<(Node<'t>, String)> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "field_expression" {
        return None;
    }
    let field = function.child_by_field_name("field")?;
    let value = function.child_by_field_name("value")?;
    Some((value, cx.text(field).to_string()))
}

fn args_of(node: Node<'_>) -> Vec<Node<'_>> {
    node.child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| {
            !matches!(
                n.kind(),
                "line_comment" | "block_comment" | "attribute_item"
            )
        })
        .collect()
}

fn strip_ref<'t>(node: Node<'t>, cx: &Ctx<'_>) -> Node<'t> {
    let node = unwrap_parens(node);
    match node.kind() {
        "reference_expression" => node
            .child_by_field_name("value")
            .map(|v| strip_ref(v, cx))
            .unwrap_or(node),
        // format!(…).as_str() / .as_ref() / .to_string()
        "call_expression" => match method(node, cx) {
            Some((recv, m)) if matches!(m.as_str(), "as_str" | "as_ref" | "to_string" | "into") => {
                strip_ref(recv, cx)
            }
            _ => node,
        },
        _ => node,
    }
}

/// `format!("… {} …", x)` or `format!("… {x} …")` (a string built from values).
fn is_format_macro(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    if node.kind() != "macro_invocation" {
        return false;
    }
    let name = node
        .child_by_field_name("macro")
        .map(|m| cx.text(m))
        .unwrap_or("");
    if !matches!(
        name,
        "format" | "std::format" | "alloc::format" | "format_args"
    ) {
        return false;
    }
    let Some(tokens) = named_children(node)
        .into_iter()
        .find(|c| c.kind() == "token_tree")
    else {
        return false;
    };
    let parts = named_children(tokens);
    let inline_capture = parts.first().is_some_and(|s| {
        let text = cx.literal_contents(*s, CONTENT).concat();
        let b = text.as_bytes();
        (0..b.len()).any(|i| {
            b[i] == b'{'
                && b.get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                && (i == 0 || b[i - 1] != b'{')
        })
    });
    parts.len() > 1 || inline_capture
}

/// A query that binds its values with placeholders and has one hole, at its very end,
/// after whitespace (`"... WHERE corpus = ?1 {}"`): an optional clause appended to a
/// parameterized query, not a value spliced into it.
fn appends_clause(format: &str) -> bool {
    let trimmed = format.trim_end();
    let Some(before) = trimmed.strip_suffix("{}") else {
        return false;
    };
    let holes = format.matches('{').count() - 2 * format.matches("{{").count();
    holes == 1 && before.ends_with(char::is_whitespace) && syntax::binds_placeholders(before)
}

fn is_built_sql(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = strip_ref(node, cx);
    is_format_macro(node, cx) && cx.has_sql_literal(node, CONTENT)
}

fn is_literal(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "string_literal"
            | "raw_string_literal"
            | "integer_literal"
            | "boolean_literal"
            | "char_literal"
    )
}

fn literal_text(node: Node<'_>, cx: &Ctx<'_>) -> Option<String> {
    matches!(node.kind(), "string_literal" | "raw_string_literal")
        .then(|| cx.literal_contents(node, CONTENT).concat())
}

/// The `let` binding a value lands in, or the function it is returned from.
fn assigned_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node;
    for _ in 0..10 {
        let Some(parent) = cur.parent() else { break };
        match parent.kind() {
            "let_declaration" => {
                return parent
                    .child_by_field_name("pattern")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "assignment_expression" => {
                return parent
                    .child_by_field_name("left")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "field_initializer" => {
                return parent
                    .child_by_field_name("field")
                    .map(|n| cx.text(n).to_string())
                    .unwrap_or_default();
            }
            "function_item" => {
                return parent
                    .child_by_field_name("name")
                    .map(|n| cx.text(n).to_string())
                    .unwrap_or_default();
            }
            "expression_statement" => break,
            _ => cur = parent,
        }
    }
    String::new()
}

fn call(node: Node<'_>, cx: &mut Ctx<'_>, facts: &FileFacts) {
    let Some(function) = node.child_by_field_name("function") else {
        return;
    };
    let path = cx.compact(function);
    let args = args_of(node);
    let method = method(node, cx);
    let method_str = method.as_ref().map(|(_, m)| m.as_str()).unwrap_or("");
    // A method call is reported at its name, not where a multi-line receiver chain starts.
    let anchor = function
        .child_by_field_name("field")
        .filter(|_| function.kind() == "field_expression")
        .unwrap_or(node);

    let sql_sink = SQL_METHODS.contains(&method_str)
        || [
            "::query",
            "::query_as",
            "::query_scalar",
            "::sql_query",
            "::raw_sql",
        ]
        .iter()
        .any(|s| path.ends_with(s))
        || matches!(path.as_str(), "query" | "query_as" | "sql_query");
    if sql_sink
        && args.first().is_some_and(|a| {
            is_built_sql(*a, cx) || {
                let a = strip_ref(*a, cx);
                a.kind() == "identifier" && facts.sql_vars.contains(cx.text(a))
            }
        })
    {
        cx.hit_from("rust-sql-injection", anchor, node);
        let query = args.first().map(|a| strip_ref(*a, cx));
        if query.is_some_and(|q| {
            is_format_macro(q, cx) && appends_clause(&cx.literal_contents(q, CONTENT).concat())
        }) {
            cx.lower_last(Severity::Medium, syntax::CLAUSE_NOTE);
        }
    }

    if matches!(method_str, "arg" | "args") {
        shell(node, anchor, &args, method_str, cx);
    }

    if matches!(
        method_str,
        "danger_accept_invalid_certs" | "danger_accept_invalid_hostnames"
    ) && args.first().is_some_and(|a| cx.text(*a) == "true")
    {
        cx.hit_from("rust-tls-accept-invalid-certs", anchor, node);
    }

    if is_weak_hash_path(&path) && method.is_none() {
        let code = node
            .child_by_field_name("arguments")
            .map(|a| cx.masked(a))
            .unwrap_or_default();
        if mentions_credential(&code) || mentions_credential(&assigned_name(node, cx)) {
            cx.hit_from("rust-weak-hash-credential", anchor, node);
        }
    }

    let weak_rng = path.starts_with("fastrand::")
        || path.contains("SmallRng")
        || path.ends_with("seed_from_u64")
        || path.starts_with("oorandom::");
    if weak_rng && mentions_credential(&assigned_name(node, cx)) {
        cx.hit_from("rust-insecure-random-secret", anchor, node);
    }

    if path.ends_with("transmute") && (path == "transmute" || path.ends_with("mem::transmute")) {
        cx.hit_from("rust-transmute", anchor, node);
    }

    let binds = matches!(
        method_str,
        "bind" | "listen" | "serve" | "bind_rustls" | "bind_openssl" | "run"
    ) || path.ends_with("::bind")
        || path.ends_with("::serve")
        || path.ends_with("::listen");
    if binds && args.iter().any(|a| is_all_interfaces(*a, cx)) {
        cx.hit_from("rust-bind-all-interfaces", anchor, node);
    }
    if method_str == "parse"
        && method
            .as_ref()
            .is_some_and(|(recv, _)| is_all_interfaces(*recv, cx))
    {
        cx.hit_from("rust-bind-all-interfaces", anchor, node);
    }
}

/// `md5::compute`, `Md5::digest`, `sha1::Sha1::new`, `Sha1::from` — not `Hmac<Sha1>`
/// inside PBKDF2 (a key-derivation use the format may mandate).
fn is_weak_hash_path(path: &str) -> bool {
    if path.contains('<') || path.contains("Hmac") || path.contains("pbkdf2") {
        return false;
    }
    let segments: Vec<&str> = path.split("::").collect();
    let [.., owner, function] = segments.as_slice() else {
        return false;
    };
    matches!(
        owner.to_ascii_lowercase().as_str(),
        "md5" | "sha1" | "sha1_smol"
    ) && matches!(
        *function,
        "compute" | "digest" | "new" | "from" | "new_with_prefix" | "hash"
    )
}

fn is_all_interfaces(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = strip_ref(node, cx);
    literal_text(node, cx).is_some_and(|s| s == "0.0.0.0" || s.starts_with("0.0.0.0:"))
}

const SHELLS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "/bin/sh",
    "/bin/bash",
    "cmd",
    "cmd.exe",
    "powershell",
];

/// `Command::new("sh").arg("-c").arg(format!(…))` / `.args(["-c", &cmd])`.
fn shell(node: Node<'_>, anchor: Node<'_>, args: &[Node<'_>], method_str: &str, cx: &mut Ctx<'_>) {
    // Walk the receiver chain down to `Command::new(…)`, noting whether `-c` was passed.
    let mut dash_c = false;
    // `.arg("-c").arg("literal script").arg(x)`: `x` is a positional parameter (`$0`, `$1`)
    // of a fixed script, not shell code.
    let mut script_literal = false;
    let mut next_is_literal: Option<bool> = None;
    let mut root_shell = false;
    let mut cur = node
        .child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("value"));
    while let Some(n) = cur {
        if n.kind() != "call_expression" {
            break;
        }
        if let Some((recv, m)) = method(n, cx) {
            if m == "arg"
                && args_of(n)
                    .first()
                    .and_then(|a| literal_text(*a, cx))
                    .is_some_and(|s| matches!(s.as_str(), "-c" | "/C" | "/c" | "-Command"))
            {
                dash_c = true;
                script_literal = next_is_literal == Some(true);
            } else if m == "arg" {
                next_is_literal = Some(
                    args_of(n)
                        .first()
                        .is_some_and(|a| is_literal(strip_ref(*a, cx))),
                );
            } else {
                next_is_literal = None;
            }
            cur = Some(recv);
            continue;
        }
        let path = n
            .child_by_field_name("function")
            .map(|f| cx.compact(f))
            .unwrap_or_default();
        root_shell = path.ends_with("Command::new")
            && args_of(n)
                .first()
                .and_then(|a| literal_text(*a, cx))
                .is_some_and(|s| SHELLS.contains(&s.as_str()));
        break;
    }
    if !root_shell {
        return;
    }
    let dynamic = |a: Node<'_>| !is_literal(strip_ref(a, cx));
    let fires = match method_str {
        "arg" => dash_c && !script_literal && args.first().is_some_and(|a| dynamic(*a)),
        _ => args.first().is_some_and(|list| {
            let items = named_children(*list);
            let at = items.iter().position(|i| {
                literal_text(*i, cx).is_some_and(|s| matches!(s.as_str(), "-c" | "/C" | "/c"))
            });
            match at {
                Some(at) => items.get(at + 1).is_some_and(|i| dynamic(*i)),
                None => dash_c && !script_literal && items.iter().any(|i| dynamic(*i)),
            }
        }),
    };
    if fires {
        cx.hit_from("rust-shell-injection", anchor, node);
    }
}

fn deref(node: Node<'_>, cx: &mut Ctx<'_>, facts: &FileFacts) {
    if !cx.text(node).starts_with('*') {
        return;
    }
    let Some(operand) = named_children(node).into_iter().next() else {
        return;
    };
    let operand = unwrap_parens(operand);
    let raw = is_pointer_expression(operand, cx)
        || (operand.kind() == "identifier" && {
            let name = cx.text(operand);
            facts.pointers.contains(name) || name.ends_with("ptr")
        });
    if raw && in_unsafe(node, cx) {
        cx.hit("rust-raw-pointer-deref", node);
    }
}

/// Inside an `unsafe { }` block or an `unsafe fn` (a raw pointer can only be dereferenced
/// there, so this keeps `*x` on references and smart pointers out).
fn in_unsafe(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "unsafe_block" => return true,
            "function_item" => {
                return named_children(n)
                    .iter()
                    .any(|c| c.kind() == "function_modifiers" && cx.text(*c).contains("unsafe"));
            }
            "closure_expression" => {}
            _ => {}
        }
        cur = n.parent();
    }
    false
}
