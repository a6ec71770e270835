//! Go rules.

use crate::syntax::{self, mentions_credential, mentions_request_input, named_children, Ctx};
use std::collections::HashSet;
use tree_sitter::Node;

/// Blanked by [`Ctx::masked`]: literal contents and comments.
pub(crate) const MASK: &[&str] = &[
    "interpreted_string_literal_content",
    "raw_string_literal_content",
    "escape_sequence",
    "rune_literal",
    "comment",
];
const CONTENT: &[&str] = &[
    "interpreted_string_literal_content",
    "raw_string_literal_content",
];

const REQUEST_INPUT: &[&str] = &[
    ".URL.Query()",
    ".FormValue(",
    ".PostFormValue(",
    ".URL.RawQuery",
    ".URL.Path",
    ".Form.Get(",
    ".PostForm.Get(",
    ".Header.Get(",
    "mux.Vars(",
    "c.Query(",
    "c.Param(",
    "c.PostForm(",
    "c.DefaultQuery(",
    "ctx.Query(",
    "ctx.Param(",
    "c.QueryParam(",
    "c.FormValue(",
];

#[derive(Default)]
struct FileFacts {
    /// The local names `math/rand` is imported under.
    math_rand: Vec<String>,
    wildcard_origin_headers: Vec<syntax::Hit>,
    credentials_header: bool,
    sql_vars: HashSet<String>,
}

pub(crate) fn check(root: Node<'_>, cx: &mut Ctx<'_>) {
    let mut facts = FileFacts::default();
    syntax::walk(root, &mut |node| match node.kind() {
        "import_spec" => import(node, cx, &mut facts),
        "call_expression" => call(node, cx, &mut facts),
        "keyed_element" => keyed(node, cx),
        "assignment_statement" | "short_var_declaration" => assignment(node, cx, &mut facts),
        _ => {}
    });
    if facts.credentials_header {
        cx.hits.append(&mut facts.wildcard_origin_headers);
    }
}

fn import(node: Node<'_>, cx: &Ctx<'_>, facts: &mut FileFacts) {
    let Some(path) = node.child_by_field_name("path") else {
        return;
    };
    let path = cx.literal_contents(path, CONTENT).concat();
    if path == "math/rand" || path == "math/rand/v2" {
        let local = node
            .child_by_field_name("name")
            .map(|n| cx.text(n).to_string())
            .unwrap_or_else(|| "rand".to_string());
        facts.math_rand.push(local);
    }
}

fn is_constant(node: Node<'_>) -> bool {
    match node.kind() {
        "interpreted_string_literal"
        | "raw_string_literal"
        | "int_literal"
        | "float_literal"
        | "true"
        | "false"
        | "nil"
        | "rune_literal" => true,
        "binary_expression" => match (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) {
            (Some(l), Some(r)) => is_constant(l) && is_constant(r),
            _ => false,
        },
        "parenthesized_expression" => named_children(node).into_iter().all(is_constant),
        _ => false,
    }
}

fn is_string_literal(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "interpreted_string_literal" | "raw_string_literal"
    )
}

/// `"…" + x` or `fmt.Sprintf("…", x)`.
fn is_built_string(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    match node.kind() {
        "binary_expression" => {
            let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return false;
            };
            let op = node
                .child_by_field_name("operator")
                .map(|o| cx.text(o))
                .unwrap_or("");
            op == "+"
                && (is_string_literal(l) || is_built_string(l, cx) || is_string_literal(r))
                && !(is_constant(l) && is_constant(r))
        }
        "call_expression" => {
            let name = node
                .child_by_field_name("function")
                .map(|f| cx.compact(f))
                .unwrap_or_default();
            let args = args_of(node);
            name == "fmt.Sprintf"
                && args.first().is_some_and(|a| is_string_literal(*a))
                && args.iter().skip(1).any(|a| !is_constant(*a))
        }
        "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|n| is_built_string(*n, cx)),
        _ => false,
    }
}

fn args_of(node: Node<'_>) -> Vec<Node<'_>> {
    node.child_by_field_name("arguments")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.kind() != "comment")
        .collect()
}

fn literal_is(node: Node<'_>, cx: &Ctx<'_>, values: &[&str]) -> bool {
    is_string_literal(node) && {
        let content = cx.literal_contents(node, CONTENT).concat();
        values.iter().any(|v| content.eq_ignore_ascii_case(v))
    }
}

/// The variable a call's result lands in, or the function it is returned from.
fn assigned_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node;
    for _ in 0..10 {
        let Some(parent) = cur.parent() else { break };
        match parent.kind() {
            "assignment_statement" | "short_var_declaration" => {
                return parent
                    .child_by_field_name("left")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "var_spec" | "const_spec" => {
                return parent
                    .child_by_field_name("name")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "keyed_element" => {
                return named_children(parent)
                    .first()
                    .map(|n| cx.masked(*n))
                    .unwrap_or_default();
            }
            "return_statement" => {
                let mut up = parent.parent();
                while let Some(n) = up {
                    if matches!(n.kind(), "function_declaration" | "method_declaration") {
                        return n
                            .child_by_field_name("name")
                            .map(|x| cx.text(x).to_string())
                            .unwrap_or_default();
                    }
                    up = n.parent();
                }
                break;
            }
            "block" | "source_file" => break,
            _ => cur = parent,
        }
    }
    String::new()
}

fn call(node: Node<'_>, cx: &mut Ctx<'_>, facts: &mut FileFacts) {
    let Some(function) = node.child_by_field_name("function") else {
        return;
    };
    let name = cx.compact(function);
    let (package, last) = name.rsplit_once('.').unwrap_or(("", name.as_str()));
    let args = args_of(node);

    if matches!(
        last,
        "Query"
            | "QueryRow"
            | "Exec"
            | "QueryContext"
            | "QueryRowContext"
            | "ExecContext"
            | "Prepare"
            | "PrepareContext"
            | "Raw"
            | "Select"
            | "Get"
            | "MustExec"
            | "Queryx"
            | "QueryRowx"
    ) && !package.is_empty()
        && args.iter().take(2).any(|a| {
            (is_built_string(*a, cx) && cx.has_sql_literal(*a, CONTENT))
                || (a.kind() == "identifier" && facts.sql_vars.contains(cx.text(*a)))
        })
    {
        cx.hit("go-sql-injection", node);
    }

    if matches!(name.as_str(), "exec.Command" | "exec.CommandContext") {
        let skip = usize::from(name == "exec.CommandContext");
        let rest: Vec<Node<'_>> = args.iter().skip(skip).copied().collect();
        let shell = rest.first().is_some_and(|a| {
            literal_is(
                *a,
                cx,
                &[
                    "sh",
                    "bash",
                    "zsh",
                    "/bin/sh",
                    "/bin/bash",
                    "/usr/bin/env",
                    "cmd",
                    "cmd.exe",
                    "powershell",
                ],
            )
        });
        let dash_c = rest
            .iter()
            .position(|a| literal_is(*a, cx, &["-c", "/c", "-Command"]));
        if shell {
            if let Some(at) = dash_c {
                if rest.iter().skip(at + 1).any(|a| !is_constant(*a)) {
                    cx.hit("go-shell-injection", node);
                }
            }
        }
    }

    if matches!(
        name.as_str(),
        "md5.Sum" | "md5.New" | "sha1.Sum" | "sha1.New"
    ) {
        let code = node
            .child_by_field_name("arguments")
            .map(|a| cx.masked(a))
            .unwrap_or_default();
        if mentions_credential(&code) || mentions_credential(&assigned_name(node, cx)) {
            cx.hit("go-weak-hash-credential", node);
        }
    }

    if facts.math_rand.iter().any(|p| p == package) && mentions_credential(&assigned_name(node, cx))
    {
        cx.hit("go-insecure-random-secret", node);
    }

    let url_arg = match name.as_str() {
        "http.Get" | "http.Post" | "http.Head" | "http.PostForm" => args.first(),
        "http.NewRequest" => args.get(1),
        "http.NewRequestWithContext" => args.get(2),
        _ if matches!(last, "Get" | "Post" | "Head" | "PostForm")
            && package.to_ascii_lowercase().contains("client") =>
        {
            args.first()
        }
        _ => None,
    };
    let fixed = url_arg
        .is_some_and(|a| syntax::leading_literal(cx.text(*a)).is_some_and(syntax::fixes_origin));
    if !fixed && reads_request(cx, url_arg) {
        cx.hit("go-ssrf", node);
    }
    let path_arg = match name.as_str() {
        "os.Open" | "os.OpenFile" | "os.ReadFile" | "os.Create" | "os.Remove" | "os.RemoveAll"
        | "os.WriteFile" | "ioutil.ReadFile" | "ioutil.WriteFile" | "filepath.Join" => args.first(),
        "http.ServeFile" => args.get(2),
        _ => None,
    };
    if name != "filepath.Join" && reads_request(cx, path_arg) {
        cx.hit("go-path-traversal", node);
    }

    if matches!(
        name.as_str(),
        "net.Listen" | "http.ListenAndServe" | "http.ListenAndServeTLS" | "net.ListenPacket"
    ) && args.iter().any(|a| is_all_interfaces(*a, cx))
    {
        cx.hit("go-bind-all-interfaces", node);
    }

    if matches!(
        name.as_str(),
        "template.HTML" | "template.JS" | "template.HTMLAttr"
    ) && args
        .first()
        .is_some_and(|a| is_built_string(*a, cx) || reads_request(cx, Some(a)))
    {
        cx.hit("go-template-unescaped", node);
    }

    if matches!(last, "Set" | "Add") && name.contains("Header()") && args.len() >= 2 {
        if literal_is(args[0], cx, &["Access-Control-Allow-Origin"])
            && (literal_is(args[1], cx, &["*"])
                || mentions_request_input(&cx.masked(args[1]), &["Header.Get(\"Origin\")"]))
        {
            facts.wildcard_origin_headers.push(syntax::Hit {
                rule: "go-cors-wildcard-credentials",
                first_row: node.start_position().row,
                last_row: node.end_position().row,
                column: node.start_position().column,
                start_byte: node.start_byte(),
                end_byte: node.end_byte(),
                severity: None,
                note: None,
            });
        }
        if literal_is(args[0], cx, &["Access-Control-Allow-Credentials"])
            && literal_is(args[1], cx, &["true"])
        {
            facts.credentials_header = true;
        }
    }
}

fn reads_request(cx: &Ctx<'_>, a: Option<&Node<'_>>) -> bool {
    a.is_some_and(|a| mentions_request_input(&cx.masked(*a), REQUEST_INPUT))
}

fn is_all_interfaces(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    is_string_literal(node) && {
        let s = cx.literal_contents(node, CONTENT).concat();
        s == "0.0.0.0" || s.starts_with("0.0.0.0:")
    }
}

fn keyed(node: Node<'_>, cx: &mut Ctx<'_>) {
    let children = named_children(node);
    let (Some(key), Some(value)) = (children.first(), children.get(1)) else {
        return;
    };
    let key = cx.compact(*key);
    let value_text = cx.compact(*value);
    match key.as_str() {
        "InsecureSkipVerify" if value_text == "true" => cx.hit("go-tls-insecure-skip-verify", node),
        "MinVersion" | "MaxVersion"
            if matches!(
                value_text.as_str(),
                "tls.VersionSSL30" | "tls.VersionTLS10" | "tls.VersionTLS11"
            ) =>
        {
            cx.hit("go-tls-weak-version", node)
        }
        "Addr"
            if named_children(*value)
                .first()
                .is_some_and(|v| is_all_interfaces(*v, cx)) =>
        {
            cx.hit("go-bind-all-interfaces", node)
        }
        _ => {}
    }
}

fn assignment(node: Node<'_>, cx: &mut Ctx<'_>, facts: &mut FileFacts) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let target = cx.compact(left);
    let value = cx.compact(right);
    if target.ends_with(".InsecureSkipVerify") && value == "true" {
        cx.hit("go-tls-insecure-skip-verify", node);
    }
    let lefts = named_children(left);
    let rights = named_children(right);
    if lefts.len() == 1 && rights.len() == 1 && lefts[0].kind() == "identifier" {
        let name = cx.text(lefts[0]).to_string();
        if is_built_string(rights[0], cx) && cx.has_sql_literal(rights[0], CONTENT) {
            facts.sql_vars.insert(name);
        } else {
            facts.sql_vars.remove(&name);
        }
    }
}
