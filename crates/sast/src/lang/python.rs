//! Python rules.

use crate::syntax::{self, mentions_credential, mentions_request_input, named_children, Ctx};
use provenance_findings::Severity;
use std::collections::HashSet;
use tree_sitter::Node;

/// Blanked by [`Ctx::masked`]: string contents (interpolations stay: they are code).
pub(crate) const MASK: &[&str] = &["string_content", "escape_sequence", "comment"];
const CONTENT: &[&str] = &["string_content"];

const REQUEST_INPUT: &[&str] = &[
    "request.args",
    "request.form",
    "request.values",
    "request.files",
    "request.GET",
    "request.POST",
    "request.json",
    "request.get_json",
    "request.data",
    "request.cookies",
    "request.query_params",
    "request.path_params",
    "request.headers",
];

struct Call<'t> {
    node: Node<'t>,
    name: String,
    positional: Vec<Node<'t>>,
    keywords: Vec<(String, Node<'t>)>,
}

impl<'t> Call<'t> {
    fn keyword(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }

    /// The argument at `index`, or the keyword argument `name`.
    fn arg(&self, index: usize, name: &str) -> Option<Node<'t>> {
        self.positional
            .get(index)
            .copied()
            .or_else(|| self.keyword(name))
    }

    fn last(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }

    fn is(&self, names: &[&str]) -> bool {
        names.contains(&self.name.as_str())
    }
}

pub(crate) fn check(root: Node<'_>, cx: &mut Ctx<'_>) {
    let settings = is_settings_file(cx.path);
    let mut sql_vars: HashSet<String> = HashSet::new();
    syntax::walk(root, &mut |node| match node.kind() {
        "call" => call(node, cx, &sql_vars),
        "assignment" => assignment(node, cx, settings, &mut sql_vars),
        "assert_statement" => assert_auth(node, cx),
        _ => {}
    });
}

fn is_settings_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "settings.py"
        || (name.ends_with(".py") && path.contains("/settings/"))
        || path.starts_with("settings/")
}

fn parse_call<'t>(node: Node<'t>, cx: &Ctx<'_>) -> Option<Call<'t>> {
    let function = node.child_by_field_name("function")?;
    let arguments = node.child_by_field_name("arguments")?;
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    if arguments.kind() == "argument_list" {
        for arg in named_children(arguments) {
            match arg.kind() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (
                        arg.child_by_field_name("name"),
                        arg.child_by_field_name("value"),
                    ) {
                        keywords.push((cx.text(k).to_string(), v));
                    }
                }
                "comment" => {}
                _ => positional.push(arg),
            }
        }
    } else {
        positional.push(arguments);
    }
    Some(Call {
        node,
        name: cx.compact(function),
        positional,
        keywords,
    })
}

/// A value known when the code is written: literals (no interpolation), and tuples, lists
/// and concatenations of them.
fn is_constant(node: Node<'_>) -> bool {
    match node.kind() {
        "string" => !named_children(node)
            .iter()
            .any(|c| c.kind() == "interpolation"),
        "concatenated_string" | "tuple" | "list" | "parenthesized_expression" => {
            named_children(node).into_iter().all(is_constant)
        }
        "integer" | "float" | "true" | "false" | "none" => true,
        "binary_operator" => match (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) {
            (Some(l), Some(r)) => is_constant(l) && is_constant(r),
            _ => false,
        },
        _ => false,
    }
}

fn is_string_literal(node: Node<'_>) -> bool {
    matches!(node.kind(), "string" | "concatenated_string")
}

/// A string built at run time from a literal and something else: an f-string with
/// interpolations, `"…" % x`, `"…" + x`, `"…".format(x)`.
fn is_built_string(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    match node.kind() {
        "string" | "concatenated_string" => !is_constant(node),
        "binary_operator" => {
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
            match op {
                "%" => is_string_literal(l) && !is_constant(r) && !numeric_only_format(l, cx),
                "+" => {
                    (is_string_literal(l) || is_built_string(l, cx) || is_string_literal(r))
                        && !(is_constant(l) && is_constant(r))
                }
                _ => false,
            }
        }
        "call" => {
            let Some(function) = node.child_by_field_name("function") else {
                return false;
            };
            function.kind() == "attribute"
                && function
                    .child_by_field_name("attribute")
                    .is_some_and(|a| cx.text(a) == "format")
                && function
                    .child_by_field_name("object")
                    .is_some_and(is_string_literal)
                && node
                    .child_by_field_name("arguments")
                    .is_some_and(|a| !named_children(a).is_empty())
        }
        "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|n| is_built_string(*n, cx)),
        _ => false,
    }
}

/// `"… %d …" % n`: every conversion is numeric, so the value cannot carry SQL or shell
/// syntax (a non-number raises `TypeError`).
fn numeric_only_format(literal: Node<'_>, cx: &Ctx<'_>) -> bool {
    let text = cx.literal_contents(literal, CONTENT).concat();
    let bytes = text.as_bytes();
    let mut conversions = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'%') {
            i = j + 1;
            continue;
        }
        // %(name)  flags  width  .precision  length  conversion
        if bytes.get(j) == Some(&b'(') {
            while j < bytes.len() && bytes[j] != b')' {
                j += 1;
            }
            j += 1;
        }
        while j < bytes.len() && b"-+ #0123456789.*hlL".contains(&bytes[j]) {
            j += 1;
        }
        match bytes.get(j) {
            Some(
                b'd' | b'i' | b'o' | b'u' | b'x' | b'X' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G',
            ) => conversions += 1,
            _ => return false,
        }
        i = j + 1;
    }
    conversions > 0
}

/// `"kill %d" % pid`: built, but only from numbers.
fn is_numeric_format(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    node.kind() == "binary_operator"
        && node
            .child_by_field_name("operator")
            .is_some_and(|o| cx.text(o) == "%")
        && node
            .child_by_field_name("left")
            .is_some_and(|l| is_string_literal(l) && numeric_only_format(l, cx))
}

/// Not known when written, and not merely numbers formatted into a literal.
fn is_variable(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    !is_constant(node) && !is_numeric_format(node, cx)
}

fn is_built_sql(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    is_built_string(node, cx) && cx.has_sql_literal(node, CONTENT)
}

fn is_true(node: Option<Node<'_>>) -> bool {
    node.is_some_and(|n| n.kind() == "true")
}

fn is_false(node: Option<Node<'_>>) -> bool {
    node.is_some_and(|n| n.kind() == "false")
}

/// The name a call's result is stored in: `token = random.choice(...)`,
/// `digest = hashlib.md5(x).hexdigest()`, `f(token=...)`, `{"token": ...}`.
fn assigned_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node;
    for _ in 0..8 {
        let Some(parent) = cur.parent() else { break };
        match parent.kind() {
            "assignment" | "augmented_assignment" => {
                return parent
                    .child_by_field_name("left")
                    .map(|l| cx.masked(l))
                    .unwrap_or_default();
            }
            "keyword_argument" => {
                return parent
                    .child_by_field_name("name")
                    .map(|l| cx.text(l).to_string())
                    .unwrap_or_default();
            }
            "pair" => {
                return parent
                    .child_by_field_name("key")
                    .map(|l| cx.text(l).to_string())
                    .unwrap_or_default();
            }
            "return_statement" | "function_definition" | "expression_statement" | "block" => {
                break;
            }
            _ => cur = parent,
        }
    }
    String::new()
}

/// The name of the function the node is in (a `def make_token():` names its result).
fn enclosing_function_name(node: Node<'_>, cx: &Ctx<'_>) -> String {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.kind() == "function_definition" {
            return n
                .child_by_field_name("name")
                .map(|x| cx.text(x).to_string())
                .unwrap_or_default();
        }
        cur = n.parent();
    }
    String::new()
}

const HTTP_VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
];

fn is_http_client_call(call: &Call<'_>) -> bool {
    let root = call.name.split('.').next().unwrap_or("");
    let object = call
        .name
        .rsplit_once('.')
        .map(|(o, _)| o.to_ascii_lowercase())
        .unwrap_or_default();
    (HTTP_VERBS.contains(&call.last())
        && (matches!(root, "requests" | "httpx" | "urllib3")
            || object.ends_with("session")
            || object.ends_with("session()")
            || object.ends_with("http_client")
            || object.ends_with("httpx_client")))
        || matches!(call.last(), "urlopen")
        || call.is(&[
            "urllib.request.Request",
            "httpx.Client",
            "httpx.AsyncClient",
        ])
}

fn call(node: Node<'_>, cx: &mut Ctx<'_>, sql_vars: &HashSet<String>) {
    let Some(call) = parse_call(node, cx) else {
        return;
    };
    let last = call.last().to_string();

    // SQL built from strings.
    if matches!(
        last.as_str(),
        "execute" | "executemany" | "executescript" | "raw" | "read_sql" | "read_sql_query"
    ) || call.is(&["text", "sqlalchemy.text", "sa.text"])
    {
        if let Some(sql) = call.arg(0, "sql").or_else(|| call.keyword("query")) {
            let from_var = sql.kind() == "identifier" && sql_vars.contains(cx.text(sql));
            if is_built_sql(sql, cx) || from_var {
                cx.hit("python-sql-injection", node);
            }
        }
    }

    // Shell commands.
    let subprocess = call.is(&[
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "Popen",
        "check_output",
        "check_call",
    ]);
    if subprocess && is_true(call.keyword("shell")) {
        if let Some(cmd) = call.arg(0, "args") {
            if is_variable(cmd, cx) {
                cx.hit("python-shell-injection", node);
            }
        }
    }
    if call.is(&["subprocess.getoutput", "subprocess.getstatusoutput"]) {
        if let Some(cmd) = call.arg(0, "cmd") {
            if is_variable(cmd, cx) {
                cx.hit("python-shell-injection", node);
            }
        }
    }
    if call.is(&["os.system", "os.popen", "system", "popen"]) && !call.positional.is_empty() {
        let cmd = call.positional[0];
        if is_variable(cmd, cx) && (call.name.starts_with("os.") || is_built_string(cmd, cx)) {
            cx.hit("python-os-system", node);
        }
    }

    // Code evaluation.
    if call.is(&["eval", "exec"]) {
        if let Some(code) = call.positional.first() {
            if is_built_string(*code, cx) || reads_user_input(*code, cx) {
                cx.hit("python-eval", node);
                lower_without_input(*code, cx);
            } else if is_variable(*code, cx) {
                cx.hit("python-eval-dynamic", node);
            }
        }
    }

    // Deserialization.
    if call.is(&[
        "pickle.loads",
        "pickle.load",
        "cPickle.loads",
        "cPickle.load",
        "_pickle.loads",
        "dill.loads",
        "dill.load",
        "jsonpickle.decode",
        "pandas.read_pickle",
        "pd.read_pickle",
        "pickle.Unpickler",
    ]) && call
        .positional
        .first()
        .is_some_and(|a| !is_constant(*a) && !pickled_here(*a, cx))
    {
        cx.hit("python-pickle-load", node);
        lower_without_input(call.positional[0], cx);
    }
    if call.is(&["yaml.load", "yaml.load_all"])
        && call.arg(0, "stream").is_some_and(|a| !is_constant(a))
    {
        let loader = call.arg(1, "Loader").map(|l| cx.compact(l));
        let safe = loader.as_deref().is_some_and(|l| {
            let l = l.rsplit('.').next().unwrap_or(l);
            matches!(
                l,
                "SafeLoader" | "CSafeLoader" | "BaseLoader" | "CBaseLoader"
            )
        });
        if let (false, Some(stream)) = (safe, call.arg(0, "stream")) {
            cx.hit("python-yaml-load", node);
            lower_without_input(stream, cx);
        }
    }
    if call.is(&["yaml.unsafe_load", "yaml.unsafe_load_all"]) {
        if let Some(stream) = call.arg(0, "stream").filter(|a| !is_constant(*a)) {
            cx.hit("python-yaml-load", node);
            lower_without_input(stream, cx);
        }
    }
    if call.is(&["marshal.loads", "marshal.load"])
        && call.positional.first().is_some_and(|a| !is_constant(*a))
    {
        cx.hit("python-marshal-load", node);
        lower_without_input(call.positional[0], cx);
    }

    // TLS.
    if is_false(call.keyword("verify")) && is_http_client_call(&call) {
        cx.hit("python-tls-verify-disabled", node);
    }
    if call.is(&[
        "ssl._create_unverified_context",
        "_create_unverified_context",
    ]) {
        cx.hit("python-ssl-unverified-context", node);
    }

    // Weak hashes of credentials.
    let weak = call.is(&[
        "hashlib.md5",
        "hashlib.sha1",
        "md5",
        "sha1",
        "MD5.new",
        "SHA.new",
    ]) || (call.is(&["hashlib.new"])
        && call.positional.first().is_some_and(|a| {
            cx.literal_contents(*a, CONTENT)
                .iter()
                .any(|s| matches!(s.to_ascii_lowercase().as_str(), "md5" | "sha1"))
        }));
    if weak {
        let args = call
            .node
            .child_by_field_name("arguments")
            .map(|a| cx.masked(a))
            .unwrap_or_default();
        if mentions_credential(&args) || mentions_credential(&assigned_name(node, cx)) {
            cx.hit("python-weak-hash-credential", node);
        }
    }

    // Insecure randomness for secrets.
    if call.name.starts_with("random.")
        && matches!(
            last.as_str(),
            "random"
                | "randint"
                | "choice"
                | "choices"
                | "randrange"
                | "getrandbits"
                | "sample"
                | "uniform"
                | "randbytes"
        )
        && (mentions_credential(&assigned_name(node, cx))
            || (is_returned(node) && mentions_credential(&enclosing_function_name(node, cx))))
    {
        cx.hit("python-insecure-random-secret", node);
    }

    // Request input into files and URLs.
    let file_sink = call.is(&[
        "open",
        "io.open",
        "os.open",
        "codecs.open",
        "send_file",
        "flask.send_file",
        "FileResponse",
        "os.remove",
        "os.unlink",
        "shutil.rmtree",
    ]);
    if file_sink
        && call
            .arg(0, "file")
            .is_some_and(|a| mentions_request_input(&cx.masked(a), REQUEST_INPUT))
    {
        cx.hit("python-path-traversal", node);
    }
    if is_http_client_call(&call)
        && call.arg(0, "url").is_some_and(|a| {
            mentions_request_input(&cx.masked(a), REQUEST_INPUT)
                && !syntax::leading_literal(cx.text(a)).is_some_and(syntax::fixes_origin)
        })
    {
        cx.hit("python-ssrf", node);
    }
    if call.name.starts_with("requests.")
        && HTTP_VERBS.contains(&last.as_str())
        && call.keyword("timeout").is_none()
        && !call.keywords.iter().any(|(k, _)| k.starts_with("**"))
        && !has_dict_splat(node)
    {
        cx.hit("python-request-no-timeout", node);
    }

    // Configuration.
    if last == "run" && is_true(call.keyword("debug")) {
        cx.hit("python-flask-debug", node);
    }
    if (call.name == "CORS" || call.name.ends_with(".CORS"))
        && is_true(call.keyword("supports_credentials"))
    {
        let wildcard = |n: Node<'_>| cx.literal_contents(n, CONTENT).contains(&"*");
        let origins = call.keyword("origins");
        let resources = call.keyword("resources");
        let open = match (origins, resources) {
            (Some(o), _) => wildcard(o),
            (None, Some(r)) => !cx.literal_contents(r, CONTENT).contains(&"origins") || wildcard(r),
            (None, None) => true,
        };
        if open {
            cx.hit("python-cors-wildcard-credentials", node);
        }
    }
    if call.is(&[
        "jwt.decode",
        "jose.jwt.decode",
        "jwt.api_jwt.decode",
        "PyJWT.decode",
    ]) {
        let options_off = call.keyword("options").is_some_and(|o| {
            o.kind() == "dictionary"
                && named_children(o).into_iter().any(|pair| {
                    pair.kind() == "pair"
                        && pair.child_by_field_name("key").is_some_and(|k| {
                            cx.literal_contents(k, CONTENT)
                                .contains(&"verify_signature")
                        })
                        && is_false(pair.child_by_field_name("value"))
                })
        });
        let none_alg = call.keyword("algorithms").is_some_and(|a| {
            cx.literal_contents(a, CONTENT)
                .iter()
                .any(|s| s.eq_ignore_ascii_case("none"))
        });
        if options_off || none_alg || is_false(call.keyword("verify")) {
            cx.hit("python-jwt-verify-disabled", node);
        }
    }
    if call.keywords.iter().any(|(k, v)| {
        matches!(k.as_str(), "host" | "bind" | "address" | "listen") && is_all_interfaces(*v, cx)
    }) || (matches!(
        last.as_str(),
        "bind" | "run" | "serve" | "listen" | "create_server" | "run_simple" | "make_server"
    ) && call.positional.first().is_some_and(|a| {
        is_all_interfaces(*a, cx)
            || (a.kind() == "tuple"
                && named_children(*a)
                    .first()
                    .is_some_and(|h| is_all_interfaces(*h, cx)))
    })) {
        cx.hit("python-bind-all-interfaces", node);
    }
    if call.is(&["tempfile.mktemp", "mktemp"]) {
        cx.hit("python-mktemp", node);
    }
    if call.is(&["os.chmod", "os.fchmod", "os.lchmod"])
        && call
            .arg(1, "mode")
            .is_some_and(|m| world_writable(cx.text(m)))
    {
        cx.hit("python-chmod-world-writable", node);
    }
    if (call.name == "Environment" || call.name.ends_with(".Environment"))
        && is_false(call.keyword("autoescape"))
    {
        cx.hit("python-jinja-autoescape-off", node);
    }
    if call.is(&["mark_safe", "Markup", "markupsafe.Markup", "SafeString"])
        && call
            .positional
            .first()
            .is_some_and(|a| is_built_string(*a, cx))
    {
        cx.hit("python-mark-safe-format", node);
    }
    if call.is(&[
        "telnetlib.Telnet",
        "ftplib.FTP",
        "Telnet",
        "FTP",
        "smtplib.SMTP",
    ]) && !call.positional.is_empty()
    {
        cx.hit("python-cleartext-protocol", node);
    }
}

/// Request data, `input()`, `sys.argv`, `os.environ`: values a user chooses.
const DUMPS: &[&str] = &[
    "pickle.dumps",
    "cPickle.dumps",
    "_pickle.dumps",
    "dill.dumps",
    "cloudpickle.dumps",
];

fn is_dumps_call(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    node.kind() == "call"
        && node
            .child_by_field_name("function")
            .is_some_and(|f| DUMPS.contains(&cx.compact(f).as_str()))
}

/// Bytes this code just pickled itself: `pickle.loads(pickle.dumps(x))`, or a name whose
/// every assignment in the enclosing function (or module) is `pickle.dumps(…)`. A round
/// trip of the program's own object runs no code an outsider chose.
fn pickled_here(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    if is_dumps_call(node, cx) {
        return true;
    }
    if node.kind() != "identifier" {
        return false;
    }
    let name = cx.text(node);
    let mut scope = node;
    while let Some(parent) = scope.parent() {
        scope = parent;
        if scope.kind() == "function_definition" {
            break;
        }
    }
    if scope.kind() == "function_definition"
        && scope
            .child_by_field_name("parameters")
            .is_some_and(|p| named_children(p).iter().any(|a| cx.text(*a) == name))
    {
        return false;
    }
    let mut assigned = 0;
    let mut all_dumps = true;
    crate::syntax::walk(scope, &mut |n| {
        if n.kind() == "assignment"
            && n.child_by_field_name("left")
                .is_some_and(|l| l.kind() == "identifier" && cx.text(l) == name)
        {
            assigned += 1;
            all_dumps &= n
                .child_by_field_name("right")
                .is_some_and(|r| is_dumps_call(r, cx));
        }
    });
    assigned > 0 && all_dumps
}

/// Inside `if verify is False:` / `elif not self.verify_ssl:`: the code implementing a
/// caller's explicit "don't verify" option. The risk is where that option is set to false
/// (`python-tls-verify-disabled` at the call site), not in the library honouring it.
fn under_verify_option(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let mut cur = node;
    while let Some(parent) = cur.parent() {
        if matches!(parent.kind(), "if_statement" | "elif_clause")
            && parent.child_by_field_name("condition").is_some_and(|c| {
                c.end_byte() <= node.start_byte() && {
                    let text = cx.masked(c).to_ascii_lowercase();
                    text.contains("verify")
                }
            })
        {
            return true;
        }
        if parent.kind() == "function_definition" {
            return false;
        }
        cur = parent;
    }
    false
}

/// Code evaluation and deserialization of a value with no visible origin are medium:
/// high needs request input or a name that says the value comes from outside.
fn lower_without_input(value: Node<'_>, cx: &mut Ctx<'_>) {
    if !reads_user_input(value, cx) && !syntax::names_user_input(&cx.masked(value)) {
        cx.lower_last(Severity::Medium, syntax::NO_INPUT_NOTE);
    }
}

fn reads_user_input(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    let code = cx.masked(node);
    mentions_request_input(&code, REQUEST_INPUT)
        || mentions_request_input(&code, &["input(", "sys.argv", "os.environ", "sys.stdin"])
}

fn has_dict_splat(call: Node<'_>) -> bool {
    call.child_by_field_name("arguments").is_some_and(|a| {
        named_children(a)
            .iter()
            .any(|c| c.kind() == "dictionary_splat")
    })
}

fn is_returned(node: Node<'_>) -> bool {
    syntax::has_ancestor(node, &["return_statement"], 6)
}

fn is_all_interfaces(node: Node<'_>, cx: &Ctx<'_>) -> bool {
    node.kind() == "string"
        && cx
            .literal_contents(node, CONTENT)
            .iter()
            .any(|s| *s == "0.0.0.0" || s.starts_with("0.0.0.0:"))
}

/// `0o777`, `0o666`, `0o002`, `stat.S_IWOTH`: others may write.
fn world_writable(mode: &str) -> bool {
    let m = mode.trim();
    if m.contains("S_IWOTH") || m.contains("S_IRWXO") {
        return true;
    }
    let digits = m
        .strip_prefix("0o")
        .or_else(|| m.strip_prefix("0O"))
        .map(|d| (d, 8))
        .unwrap_or((m, 10));
    u32::from_str_radix(digits.0, digits.1).is_ok_and(|v| digits.1 == 8 && v & 0o002 != 0)
}

fn assignment(node: Node<'_>, cx: &mut Ctx<'_>, settings: bool, sql_vars: &mut HashSet<String>) {
    let (Some(left), Some(right)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        return;
    };
    let target = cx.compact(left);
    if settings
        && target == "DEBUG"
        && right.kind() == "true"
        && node
            .parent()
            .and_then(|p| p.parent())
            .is_some_and(|m| m.kind() == "module")
    {
        cx.hit("python-django-debug", node);
    }
    if target.ends_with(".verify_mode")
        && cx.compact(right).ends_with("CERT_NONE")
        && !under_verify_option(node, cx)
    {
        cx.hit("python-ssl-unverified-context", node);
    }
    if left.kind() == "identifier" {
        if is_built_sql(right, cx) {
            sql_vars.insert(target);
        } else {
            sql_vars.remove(&target);
        }
    }
}

fn assert_auth(node: Node<'_>, cx: &mut Ctx<'_>) {
    let code = cx.masked(node);
    const AUTH: &[&str] = &[
        "is_authenticated",
        "is_admin",
        "is_superuser",
        "is_staff",
        "has_perm",
        "has_permission",
        "is_authorized",
        "is_logged_in",
        "logged_in",
        "check_password",
        "user.role",
        "authorized",
    ];
    if AUTH.iter().any(|w| code.contains(w)) {
        cx.hit("python-assert-auth", node);
    }
}
