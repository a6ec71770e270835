//! JavaScript and TypeScript rules (JSX and TSX included).

use crate::syntax::{self, mentions_credential, mentions_request_input, named_children, Ctx};
use provenance_findings::Severity;
use tree_sitter::Node;

/// Blanked by [`Ctx::masked`]: string contents (template substitutions stay: they are code).
pub(crate) const MASK: &[&str] = &[
    "string_fragment",
    "escape_sequence",
    "html_character_reference",
    "comment",
    "regex_pattern",
    "jsx_text",
];
const CONTENT: &[&str] = &["string_fragment"];

const REQUEST_INPUT: &[&str] = &[
    "req.query",
    "req.params",
    "req.body",
    "req.cookies",
    "req.headers",
    "req.param(",
    "request.query",
    "request.params",
    "request.body",
    "ctx.query",
    "ctx.params",
    "ctx.request.body",
    "ctx.request.query",
    "event.queryStringParameters",
    "event.pathParameters",
    "searchParams.get(",
];

#[derive(Default)]
struct FileFacts {
    /// `Access-Control-Allow-Origin: *` (or reflected) header sets.
    wildcard_origin_headers: Vec<(usize, usize, usize, usize, usize)>,
    credentials_header: bool,
}

pub(crate) fn check(root: Node<'_>, cx: &mut Ctx<'_>) {
    let node_serialize = std::str::from_utf8(cx.src).is_ok_and(|s| s.contains("node-serialize"));
    let mut facts = FileFacts::default();
    cx.fixed_names = asset_imports(root, cx);
    syntax::walk(root, &mut |node| match node.kind() {
        "call_expression" => call(node, cx, node_serialize, &mut facts),
        "new_expression" => new_expression(node, cx),
        "assignment_expression" => assignment(node, cx),
        "pair" => pair(node, cx),
        "jsx_attribute" => jsx_attribute(node, cx),
        _ => {}
    });
    if facts.credentials_header {
        for (first_row, last_row, column, start_byte, end_byte) in facts.wildcard_origin_headers {
            cx.hits.push(syntax::Hit {
                rule: "js-cors-wildcard-credentials",
                first_row,
                last_row,
                column,
                start_byte,
                end_byte,
                severity: None,
                note: None,
            });
        }
    }
}

/// File extensions (and `?url`) a bundler serves as static assets: importing one yields
/// the asset's URL, never text the user controls.
const ASSET_IMPORTS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp", ".woff", ".woff2",
    ".ttf", ".otf", ".mp3", ".mp4", ".webm", ".wav", ".ogg", "?url",
];

/// `import logo from './logo.svg'`: the default-import names of static assets.
fn asset_imports(root: Node<'_>, cx: &Ctx<'_>) -> std::collections::HashSet<String> {
    let mut names = std::collections::HashSet::new();
    for stmt in named_children(root) {
        if stmt.kind() != "import_statement" {
            continue;
        }
        let Some(source) = stmt.child_by_field_name("source") else {
            continue;
        };
        let spec = cx
            .text(source)
            .trim_matches(|c| c == '"' || c == '\'' || c == '`');
        let spec = spec.to_ascii_lowercase();
        if !ASSET_IMPORTS.iter().any(|ext| spec.ends_with(ext)) {
            continue;
        }
        for clause in named_children(stmt) {
            if clause.kind() == "import_clause" {
                for binding in named_children(clause) {
                    if binding.kind() == "identifier" {
                        names.insert(cx.text(binding).to_string());
                    }
                }
            }
        }
    }
    names
}

fn unwrap_expr(node: Node<'_>) -> Node<'_> {
    match node.kind() {
        "parenthesized_expression"
        | "as_expression"
        | "non_null_expression"
        | "satisfies_expression"
        | "type_assertion" => named_children(node)
            .into_iter()
            .find(|c| !c.kind().contains("type"))
            .map(unwrap_expr)
            .unwrap_or(node),
        _ => node,
    }
}

fn is_constant(node: Node<'_>) -> bool {
    let node = unwrap_expr(node);
    match node.kind() {
        "string" | "number" | "true" | "false" | "null" | "undefined" | "regex" => true,
        // `${a ? 'x' : 'y'}` picks between literals: the text is still fixed.
        "template_string" => named_children(node)
            .into_iter()
            .filter(|c| c.kind() == "template_substitution")
            .all(|c| named_children(c).into_iter().all(is_constant)),
        "ternary_expression" => match (
            node.child_by_field_name("consequence"),
            node.child_by_field_name("alternative"),
        ) {
            (Some(a), Some(b)) => is_constant(a) && is_constant(b),
            _ => false,
        },
        "binary_expression" => match (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) {
            (Some(l), Some(r)) => is_constant(l) && is_constant(r),
            _ => false,
        },
        "array" => named_children(node).into_iter().all(is_constant),
        _ => false,
    }
}

fn is_string_literal(node: Node<'_>) -> bool {
    matches!(unwrap_expr(node).kind(), "string" | "template_string")
}

/// A string built at run time: a template literal with `${…}`, or `"…" + x`.
fn is_built_string(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = unwrap_expr(node);
    match node.kind() {
        "template_string" => !is_constant(node),
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
        _ => false,
    }
}

/// `DOMPurify.sanitize(x)`, `escapeHtml(x)`, `xss(x)`: the author already neutralised it.
fn is_sanitized(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = unwrap_expr(node);
    if node.kind() != "call_expression" {
        return false;
    }
    let callee = node
        .child_by_field_name("function")
        .map(|f| cx.compact(f).to_ascii_lowercase())
        .unwrap_or_default();
    ["sanitize", "purify", "escape", "encode", "xss", "safe"]
        .iter()
        .any(|w| callee.contains(w))
}

fn args_of(node: Node<'_>) -> Vec<Node<'_>> {
    node.child_by_field_name("arguments")
        .filter(|a| a.kind() == "arguments")
        .map(named_children)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n.kind() != "comment")
        .collect()
}

fn last_segment(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The value of `key` in an object literal.
fn object_value<'t>(object: Node<'t>, key: &str, cx: &Ctx<'_>) -> Option<Node<'t>> {
    let object = unwrap_expr(object);
    if object.kind() != "object" {
        return None;
    }
    named_children(object).into_iter().find_map(|p| {
        if p.kind() != "pair" {
            return None;
        }
        let k = p.child_by_field_name("key")?;
        let name = cx.text(k).trim_matches(|c| c == '"' || c == '\'');
        (name == key)
            .then(|| p.child_by_field_name("value"))
            .flatten()
    })
}

fn literal_is(node: Node<'_>, cx: &Ctx<'_>, values: &[&str]) -> bool {
    let node = unwrap_expr(node);
    match node.kind() {
        "string" | "template_string" if is_constant(node) => {
            let content = cx.literal_contents(node, CONTENT).concat();
            values.iter().any(|v| content.eq_ignore_ascii_case(v))
        }
        "number" | "true" | "false" => values.contains(&cx.text(node)),
        _ => false,
    }
}

/// The name a value is stored in: `const token = …`, `obj.secret = …`, `{ token: … }`,
/// or the function it is returned from.
fn assigned_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node;
    for _ in 0..10 {
        let Some(parent) = cur.parent() else { break };
        match parent.kind() {
            "variable_declarator" => {
                return parent
                    .child_by_field_name("name")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                return parent
                    .child_by_field_name("left")
                    .map(|n| cx.masked(n))
                    .unwrap_or_default();
            }
            "pair" => {
                return parent
                    .child_by_field_name("key")
                    .map(|n| cx.text(n).to_string())
                    .unwrap_or_default();
            }
            "return_statement" => return enclosing_function_name(parent, cx),
            "arrow_function" => return enclosing_function_name(cur, cx),
            "statement_block" | "expression_statement" | "program" => break,
            _ => cur = parent,
        }
    }
    String::new()
}

fn enclosing_function_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "function_declaration" | "method_definition" | "function_expression" => {
                return n
                    .child_by_field_name("name")
                    .map(|x| cx.text(x).to_string())
                    .unwrap_or_default();
            }
            "variable_declarator" => {
                return n
                    .child_by_field_name("name")
                    .map(|x| cx.text(x).to_string())
                    .unwrap_or_default();
            }
            _ => cur = n.parent(),
        }
    }
    String::new()
}

/// The outermost expression of a method chain starting at `node`
/// (`createHash('md5')` → `createHash('md5').update(pw).digest('hex')`).
fn chain_top(node: Node<'_>) -> Node<'_> {
    let mut cur = node;
    while let Some(parent) = cur.parent() {
        match parent.kind() {
            "member_expression" => cur = parent,
            "call_expression"
                if parent
                    .child_by_field_name("function")
                    .is_some_and(|f| f.id() == cur.id()) =>
            {
                cur = parent
            }
            _ => break,
        }
    }
    cur
}

fn call(node: Node<'_>, cx: &mut Ctx<'_>, node_serialize: bool, facts: &mut FileFacts) {
    let Some(function) = node.child_by_field_name("function") else {
        return;
    };
    // A tagged template (sql`… ${x}`) passes values separately: it is parameterized.
    if node
        .child_by_field_name("arguments")
        .is_some_and(|a| a.kind() != "arguments")
    {
        return;
    }
    let name = cx.compact(function);
    let last = last_segment(&name).to_string();
    let object = name.rsplit_once('.').map(|(o, _)| o).unwrap_or("");
    let args = args_of(node);
    let first = args.first().copied();

    if matches!(
        last.as_str(),
        "query" | "execute" | "raw" | "$queryRawUnsafe" | "$executeRawUnsafe" | "unsafe"
    ) && !object.is_empty()
        && first.is_some_and(|a| is_built_string(a, cx) && cx.has_sql_literal(a, CONTENT))
    {
        cx.hit("js-sql-injection", node);
    }

    let child_process = matches!(
        object,
        "child_process" | "childProcess" | "cp" | "child" | "proc" | "require('child_process')"
    ) || object.is_empty();
    if matches!(last.as_str(), "exec" | "execSync")
        && child_process
        && first.is_some_and(|a| is_built_string(a, cx))
    {
        cx.hit("js-shell-injection", node);
    }
    if matches!(
        last.as_str(),
        "spawn" | "spawnSync" | "execFile" | "execFileSync"
    ) && child_process
        && args
            .iter()
            .any(|a| object_value(*a, "shell", cx).is_some_and(|v| unwrap_expr(v).kind() == "true"))
        && first.is_some_and(|a| !is_constant(a))
    {
        cx.hit("js-shell-injection", node);
    }

    if name == "eval" {
        if let Some(code) = first {
            if is_built_string(code, cx) || reads_user_input(code, cx) {
                cx.hit("js-eval", node);
                lower_without_input(code, cx);
            } else if !is_constant(code) {
                cx.hit("js-eval-dynamic", node);
            }
        }
    }
    if matches!(name.as_str(), "setTimeout" | "setInterval") {
        if let Some(code) = first.filter(|a| is_built_string(*a, cx)) {
            cx.hit("js-eval", node);
            lower_without_input(code, cx);
        }
    }

    if node_serialize && last == "unserialize" && first.is_some_and(|a| !is_constant(a)) {
        cx.hit("js-unsafe-deserialization", node);
    }

    if matches!(last.as_str(), "createHash" | "createHmac")
        && first.is_some_and(|a| literal_is(a, cx, &["md5", "sha1"]))
    {
        let top = chain_top(node);
        if mentions_credential(&cx.masked(top)) || mentions_credential(&assigned_name(top, cx)) {
            cx.hit("js-weak-hash-credential", node);
        }
    }
    if name == "Math.random" && mentions_credential(&assigned_name(node, cx)) {
        cx.hit("js-insecure-random-secret", node);
    }

    if matches!(
        last.as_str(),
        "sendFile"
            | "sendfile"
            | "download"
            | "readFile"
            | "readFileSync"
            | "createReadStream"
            | "writeFile"
            | "writeFileSync"
            | "unlink"
            | "unlinkSync"
            | "rm"
            | "rmSync"
    ) && reads_request(cx, &first)
        // `res.sendFile(p, { root })` / `res.download(p, { root })`: `send` resolves the
        // path under `root` and refuses any that climbs out of it.
        && !(matches!(last.as_str(), "sendFile" | "sendfile" | "download")
            && args.iter().skip(1).any(|a| object_value(*a, "root", cx).is_some()))
    {
        cx.hit("js-path-traversal", node);
    }
    let http_client = matches!(
        name.as_str(),
        "fetch" | "axios" | "got" | "request" | "needle"
    ) || (matches!(
        object,
        "axios" | "got" | "http" | "https" | "superagent" | "needle" | "request"
    ) && matches!(
        last.as_str(),
        "get" | "post" | "put" | "patch" | "delete" | "head" | "request"
    ));
    let url_arg = first.map(|a| object_value(a, "url", cx).unwrap_or(a));
    let fixed = url_arg
        .is_some_and(|a| syntax::leading_literal(cx.text(a)).is_some_and(syntax::fixes_origin));
    if http_client && !fixed && reads_request(cx, &url_arg) {
        cx.hit("js-ssrf", node);
    }
    if last == "redirect" && !object.is_empty() && args.iter().any(|a| reads_request(cx, &Some(*a)))
    {
        cx.hit("js-open-redirect", node);
    }

    if matches!(name.as_str(), "document.write" | "document.writeln")
        && first.is_some_and(|a| html_sink_rule(a, cx).is_some())
    {
        cx.hit("js-document-write", node);
    }
    if last == "insertAdjacentHTML" {
        if let Some(rule) = args.get(1).and_then(|a| html_sink_rule(*a, cx)) {
            cx.hit(rule, node);
        }
    }

    if name == "cors" {
        if let Some(options) = first {
            let origin_open = object_value(options, "origin", cx)
                .is_some_and(|o| unwrap_expr(o).kind() == "true" || literal_is(o, cx, &["*"]));
            let credentials = object_value(options, "credentials", cx)
                .is_some_and(|c| unwrap_expr(c).kind() == "true");
            if origin_open && credentials {
                cx.hit("js-cors-wildcard-credentials", node);
            }
        }
    }
    if matches!(last.as_str(), "setHeader" | "header" | "set" | "append") && args.len() >= 2 {
        if literal_is(args[0], cx, &["Access-Control-Allow-Origin"])
            && (literal_is(args[1], cx, &["*"])
                || mentions_request_input(
                    &cx.masked(args[1]),
                    &["headers.origin", "get('origin')"],
                ))
        {
            facts.wildcard_origin_headers.push((
                node.start_position().row,
                node.end_position().row,
                node.start_position().column,
                node.start_byte(),
                node.end_byte(),
            ));
        }
        if literal_is(args[0], cx, &["Access-Control-Allow-Credentials"])
            && (literal_is(args[1], cx, &["true"]))
        {
            facts.credentials_header = true;
        }
    }

    if last == "verify" && matches!(object, "jwt" | "jsonwebtoken" | "JWT") {
        let none = args.get(2).and_then(|o| object_value(*o, "algorithms", cx));
        if none.is_some_and(|a| {
            cx.literal_contents(a, CONTENT)
                .iter()
                .any(|s| s.eq_ignore_ascii_case("none"))
        }) {
            cx.hit("js-jwt-none-algorithm", node);
        }
    }

    if last == "listen"
        && args
            .iter()
            .skip(1)
            .any(|a| literal_is(*a, cx, &["0.0.0.0"]))
    {
        cx.hit("js-bind-all-interfaces", node);
    }
    if matches!(
        name.as_str(),
        "crypto.createCipher" | "createCipher" | "crypto.createDecipher"
    ) {
        cx.hit("js-deprecated-cipher", node);
    }
}

fn reads_request(cx: &Ctx<'_>, a: &Option<Node<'_>>) -> bool {
    a.is_some_and(|a| mentions_request_input(&cx.masked(a), REQUEST_INPUT))
}

/// Input is evident: request or browser input, or a name that says the value comes from
/// outside.
fn evident_input(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    reads_user_input(node, cx) || syntax::names_user_input(&cx.masked(node))
}

/// Code evaluation of a built string with no visible origin is medium (see
/// [`syntax::names_user_input`]).
fn lower_without_input(value: Node<'_>, cx: &mut Ctx<'_>) {
    if !evident_input(value, cx) {
        cx.lower_last(Severity::Medium, syntax::NO_INPUT_NOTE);
    }
}

/// Location, URL, message and request data: values another origin or user chooses.
fn reads_user_input(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let code = cx.masked(node);
    mentions_request_input(&code, REQUEST_INPUT) || mentions_request_input(&code, BROWSER_INPUT)
}

const BROWSER_INPUT: &[&str] = &[
    "location.",
    "document.URL",
    "document.documentURI",
    "document.referrer",
    "document.cookie",
    "window.name",
    "event.data",
    "URLSearchParams(",
];

/// A value that cannot carry markup: numbers (`n.toFixed(1)`, `.length`, `Number(x)`),
/// escaped or sanitized text, another element's own markup.
fn is_markup_safe(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let node = unwrap_expr(node);
    if is_constant(node)
        || is_sanitized(node, cx)
        || (node.kind() == "identifier" && cx.fixed_names.contains(cx.text(node)))
    {
        return true;
    }
    let code = cx.compact(node);
    let numeric_call = node.kind() == "call_expression"
        && node.child_by_field_name("function").is_some_and(|f| {
            let name = cx.compact(f);
            matches!(
                last_segment(&name),
                "toFixed"
                    | "toPrecision"
                    | "Number"
                    | "parseInt"
                    | "parseFloat"
                    | "round"
                    | "floor"
                    | "ceil"
            )
        });
    let arithmetic = node.kind() == "binary_expression"
        && node
            .child_by_field_name("operator")
            .is_some_and(|o| matches!(o.kind(), "-" | "*" | "/" | "%" | "**"));
    numeric_call
        || arithmetic
        || names_a_number(&code)
        || code.ends_with(".length")
        || code.ends_with(".innerHTML")
        || code.ends_with(".outerHTML")
}

/// A counter, total, index or size by its name (`counter`, `itemCount`, `state.total`,
/// `pageIndex`): a number, which cannot carry markup.
fn names_a_number(code: &str) -> bool {
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$')
    {
        return false;
    }
    let name = last_segment(code);
    let lower = name.to_ascii_lowercase();
    const WHOLE: &[&str] = &[
        "i",
        "j",
        "n",
        "count",
        "counter",
        "total",
        "index",
        "idx",
        "num",
        "size",
        "length",
        "width",
        "height",
        "percent",
        "percentage",
        "progress",
        "elapsed",
        "seconds",
        "ms",
    ];
    const SUFFIX: &[&str] = &[
        "Count", "Total", "Index", "Size", "Length", "Percent", "Width", "Height",
    ];
    WHOLE.contains(&lower.as_str())
        || SUFFIX
            .iter()
            .any(|s| name.len() > s.len() && name.ends_with(s))
}

/// Which rule an HTML sink's value breaks: markup built with interpolated values or from
/// browser/request input is `js-xss-inner-html` (high); any other non-literal value is
/// `js-inner-html-variable` (low: the reviewer confirms where it comes from).
fn html_sink_rule(value: Node<'_>, cx: &Ctx<'_>) -> Option<&'static str> {
    let value = unwrap_expr(value);
    if is_markup_safe(value, cx) {
        return None;
    }
    let interpolated: Vec<Node<'_>> = match value.kind() {
        "template_string" => named_children(value)
            .into_iter()
            .filter(|c| c.kind() == "template_substitution")
            .filter_map(|c| named_children(c).into_iter().next())
            .collect(),
        "binary_expression" if is_built_string(value, cx) => {
            let mut parts = Vec::new();
            concat_operands(value, &mut parts);
            parts.into_iter().filter(|p| !is_constant(*p)).collect()
        }
        _ => {
            return Some(if reads_user_input(value, cx) {
                "js-xss-inner-html"
            } else {
                "js-inner-html-variable"
            })
        }
    };
    interpolated
        .iter()
        .any(|p| !is_markup_safe(*p, cx))
        .then_some("js-xss-inner-html")
}

fn concat_operands<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let node = unwrap_expr(node);
    if node.kind() == "binary_expression"
        && node
            .child_by_field_name("operator")
            .is_some_and(|o| o.kind() == "+")
    {
        if let Some(l) = node.child_by_field_name("left") {
            concat_operands(l, out);
        }
        if let Some(r) = node.child_by_field_name("right") {
            concat_operands(r, out);
        }
    } else {
        out.push(node);
    }
}

fn new_expression(node: Node<'_>, cx: &mut Ctx<'_>) {
    let Some(constructor) = node.child_by_field_name("constructor") else {
        return;
    };
    let name = cx.compact(constructor);
    let args = args_of(node);
    if name == "Function" {
        let built: Vec<Node<'_>> = args
            .iter()
            .copied()
            .filter(|a| is_built_string(*a, cx) || reads_user_input(*a, cx))
            .collect();
        if !built.is_empty() {
            cx.hit("js-eval", node);
            if built.iter().all(|a| !evident_input(*a, cx)) {
                cx.lower_last(Severity::Medium, syntax::NO_INPUT_NOTE);
            }
        } else if args.iter().any(|a| !is_constant(*a)) {
            cx.hit("js-eval-dynamic", node);
        }
    }
    if name == "RegExp"
        && args
            .first()
            .is_some_and(|a| mentions_request_input(&cx.masked(*a), REQUEST_INPUT))
    {
        cx.hit("js-regexp-injection", node);
    }
}

fn assignment(node: Node<'_>, cx: &mut Ctx<'_>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let target = cx.compact(left);
    let property = left
        .child_by_field_name("property")
        .map(|p| cx.text(p))
        .unwrap_or("");
    if matches!(property, "innerHTML" | "outerHTML") {
        if let Some(rule) = html_sink_rule(right, cx) {
            cx.hit(rule, node);
        }
    }
    if target.contains("NODE_TLS_REJECT_UNAUTHORIZED") && literal_is(right, cx, &["0"]) {
        cx.hit("js-tls-env-disabled", node);
    }
    if property == "rejectUnauthorized" && unwrap_expr(right).kind() == "false" {
        cx.hit("js-tls-reject-unauthorized", node);
    }
}

fn pair(node: Node<'_>, cx: &mut Ctx<'_>) {
    let (Some(key), Some(value)) = (
        node.child_by_field_name("key"),
        node.child_by_field_name("value"),
    ) else {
        return;
    };
    let key = cx.text(key).trim_matches(|c| c == '"' || c == '\'');
    let value = unwrap_expr(value);
    match key {
        "rejectUnauthorized" if value.kind() == "false" => {
            cx.hit("js-tls-reject-unauthorized", node)
        }
        "host" | "hostname" if literal_is(value, cx, &["0.0.0.0"]) => {
            cx.hit("js-bind-all-interfaces", node)
        }
        "httpOnly" | "secure" if value.kind() == "false" && in_cookie_options(node, cx) => {
            cx.hit("js-cookie-insecure", node)
        }
        _ => {}
    }
}

/// Whether the object holding `pair` configures a cookie: `res.cookie(n, v, {…})`,
/// `session({ cookie: {…} })`, `cookieSession({…})`.
fn in_cookie_options(pair: Node<'_>, cx: &Ctx<'_>) -> bool {
    let Some(object) = pair.parent() else {
        return false;
    };
    let Some(holder) = object.parent() else {
        return false;
    };
    match holder.kind() {
        "pair" => holder
            .child_by_field_name("key")
            .is_some_and(|k| cx.text(k).trim_matches(|c| c == '"' || c == '\'') == "cookie"),
        "arguments" => holder
            .parent()
            .and_then(|c| c.child_by_field_name("function"))
            .is_some_and(|f| {
                let name = cx.compact(f);
                matches!(
                    last_segment(&name),
                    "cookie" | "session" | "cookieSession" | "serialize"
                )
            }),
        _ => false,
    }
}

fn jsx_attribute(node: Node<'_>, cx: &mut Ctx<'_>) {
    let children = named_children(node);
    let Some(name) = children.first() else {
        return;
    };
    if cx.text(*name) != "dangerouslySetInnerHTML" {
        return;
    }
    let Some(expression) = children.iter().find(|c| c.kind() == "jsx_expression") else {
        return;
    };
    let Some(object) = named_children(*expression).into_iter().next() else {
        return;
    };
    let html = object_value(object, "__html", cx);
    let unsafe_html = match html {
        Some(v) => !is_constant(v) && !is_sanitized(v, cx),
        // `{{...props}}` or a variable holding the object: cannot tell, so report only
        // objects we can read.
        None => false,
    };
    if unsafe_html {
        cx.hit("js-react-dangerously-set-html", node);
    }
}
