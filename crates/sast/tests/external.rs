//! External analyzers: each report format read into findings (fixtures written in each
//! tool's output shape, from a small vulnerable repository), the process contract against
//! fake tools on a private search path (missing, failing, hanging, exit codes, arguments),
//! and the real Bandit and Ruff on a vulnerable Python file.
//!
//! The real-tool tests find `bandit` and `ruff` in `PROVENANCE_TEST_TOOLS_BIN` or on
//! `PATH`; without them they print a note and pass, except under `CI`, where they fail.

use provenance_findings::{fingerprint, Finding, Severity};
use provenance_sast::external::{self, parse, ExternalError, Tool};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/external-fixtures")
}

fn repo() -> PathBuf {
    fixtures().join("repo")
}

/// A fixture report, with `@ROOT@` standing for the fixture repository's absolute path.
fn report(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name))
        .unwrap()
        .replace("@ROOT@", repo().to_str().unwrap())
}

fn summary(findings: &[Finding]) -> Vec<(String, Severity, String, u32, u32, Option<String>)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.severity,
                f.path.clone(),
                f.line,
                f.column,
                f.cwe.clone(),
            )
        })
        .collect()
}

fn row(
    rule: &str,
    severity: Severity,
    path: &str,
    line: u32,
    column: u32,
    cwe: Option<&str>,
) -> (String, Severity, String, u32, u32, Option<String>) {
    (
        rule.to_string(),
        severity,
        path.to_string(),
        line,
        column,
        cwe.map(str::to_string),
    )
}

fn common_fields(findings: &[Finding], tool: &str) {
    for f in findings {
        assert_eq!(f.gate, "sast");
        assert_eq!(f.source, tool);
        assert!(f.rule.starts_with(&format!("{tool}:")), "{}", f.rule);
        assert!(!f.message.is_empty(), "{}", f.rule);
        assert_eq!(f.fingerprint.len(), 64);
    }
}

#[test]
fn semgrep_sarif_scores_levels_and_cwe_tags() {
    use Severity::*;
    let findings = parse(Tool::Semgrep, &repo(), &report("semgrep.sarif")).unwrap();
    common_fields(&findings, "semgrep");
    assert_eq!(
        summary(&findings),
        vec![
            row(
                "semgrep:rules.python-sqli-format",
                Critical,
                "app/vuln.py",
                14,
                5,
                Some("CWE-89")
            ),
            row(
                "semgrep:rules.python-eval",
                High,
                "app/vuln.py",
                18,
                12,
                Some("CWE-95")
            ),
            row(
                "semgrep:rules.python-assert",
                Low,
                "app/vuln.py",
                22,
                1,
                None
            ),
        ]
    );
    let sqli = &findings[0];
    assert_eq!(
        sqli.message,
        "Detected string formatting in a SQL query; use parameters."
    );
    assert_eq!(
        sqli.snippet,
        "cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)"
    );
    assert_eq!(
        sqli.fingerprint,
        fingerprint(
            "semgrep:rules.python-sqli-format",
            "app/vuln.py",
            &sqli.snippet
        )
    );
}

#[test]
fn gosec_sarif_levels_cwe_relationships_and_file_uris() {
    use Severity::*;
    let findings = parse(Tool::Gosec, &repo(), &report("gosec.sarif")).unwrap();
    common_fields(&findings, "gosec");
    assert_eq!(
        summary(&findings),
        vec![
            row(
                "gosec:G201",
                Medium,
                "cmd/api/main.go",
                11,
                11,
                Some("CWE-89")
            ),
            row(
                "gosec:G101",
                High,
                "/nonexistent-root/cmd/api/other.go",
                8,
                5,
                Some("CWE-798")
            ),
        ]
    );
    // The line comes from the file when it can be read …
    assert!(findings[0].snippet.starts_with("db.Query(fmt.Sprintf("));
    // … and from the tool's own snippet otherwise.
    assert_eq!(findings[1].snippet, "8: var password = \"hunter2hunter2\"");
    assert_eq!(
        external::parse_sarif(Tool::Gosec, &repo(), &report("gosec.sarif")).unwrap(),
        findings
    );
}

#[test]
fn bandit_json_severity_times_confidence() {
    use Severity::*;
    let findings = parse(Tool::Bandit, &repo(), &report("bandit.json")).unwrap();
    common_fields(&findings, "bandit");
    let p = "app/vuln.py";
    assert_eq!(
        summary(&findings),
        vec![
            row("bandit:B403", Low, p, 1, 1, Some("CWE-502")),
            row("bandit:B404", Low, p, 2, 1, Some("CWE-78")),
            row("bandit:B602", High, p, 6, 5, Some("CWE-78")),
            row("bandit:B301", Medium, p, 10, 12, Some("CWE-502")),
            row("bandit:B608", Medium, p, 14, 20, Some("CWE-89")),
            row("bandit:B307", Medium, p, 18, 12, Some("CWE-78")),
            row("bandit:B105", Low, p, 21, 12, Some("CWE-259")),
            row("bandit:B101", Low, p, 22, 1, Some("CWE-703")),
        ]
    );
    assert_eq!(findings[2].snippet, "subprocess.call(cmd, shell=True)");
}

#[test]
fn ruff_json_s_codes_by_table() {
    use Severity::*;
    let findings = parse(Tool::Ruff, &repo(), &report("ruff.json")).unwrap();
    common_fields(&findings, "ruff");
    let p = "app/vuln.py";
    assert_eq!(
        summary(&findings),
        vec![
            row("ruff:S602", High, p, 6, 5, Some("CWE-78")),
            row("ruff:S301", High, p, 10, 12, Some("CWE-502")),
            row("ruff:S608", High, p, 14, 20, Some("CWE-89")),
            row("ruff:S307", High, p, 18, 12, Some("CWE-95")),
            row("ruff:S105", Medium, p, 21, 12, Some("CWE-259")),
            row("ruff:S101", Low, p, 22, 1, Some("CWE-703")),
        ]
    );
    // Same line, same fingerprint input as bandit's: the normalized source line.
    let bandit = parse(Tool::Bandit, &repo(), &report("bandit.json")).unwrap();
    assert_eq!(findings[0].snippet, bandit[2].snippet);
}

#[test]
fn clippy_messages_only_clippy_lints() {
    use Severity::*;
    let findings = parse(Tool::Clippy, &repo(), &report("clippy.jsonl")).unwrap();
    common_fields(&findings, "clippy");
    assert_eq!(
        summary(&findings),
        vec![
            row("clippy:needless_return", Low, "src/lib.rs", 10, 5, None),
            row("clippy:mut_from_ref", Medium, "src/lib.rs", 14, 26, None),
        ]
    );
    assert!(matches!(
        parse(Tool::Clippy, &repo(), &report("clippy-build-error.jsonl")),
        Err(ExternalError::BadOutput {
            tool: Tool::Clippy,
            ..
        })
    ));
}

#[test]
fn unreadable_reports_are_bad_output() {
    for tool in Tool::ALL {
        let err = parse(tool, &repo(), "Traceback (most recent call last):").unwrap_err();
        assert!(
            matches!(err, ExternalError::BadOutput { .. }),
            "{tool}: {err}"
        );
        assert_eq!(err.tool(), tool);
    }
    assert!(parse(Tool::Semgrep, &repo(), "{\"version\": \"2.1.0\"}").is_err());
    assert!(parse(Tool::Bandit, &repo(), "[]").is_err());
    assert!(parse(Tool::Ruff, &repo(), "{}").is_err());
}

#[test]
fn fingerprints_survive_edits_above() {
    let tmp = TempDir::new();
    let src = std::fs::read_to_string(repo().join("app/vuln.py")).unwrap();
    std::fs::create_dir_all(tmp.0.join("app")).unwrap();
    std::fs::write(tmp.0.join("app/vuln.py"), &src).unwrap();
    let before = parse(
        Tool::Ruff,
        &tmp.0,
        &report("ruff.json").replace(repo().to_str().unwrap(), tmp.0.to_str().unwrap()),
    )
    .unwrap();
    std::fs::write(tmp.0.join("app/vuln.py"), format!("# header\n\n{src}")).unwrap();
    let moved = report("ruff.json")
        .replace(repo().to_str().unwrap(), tmp.0.to_str().unwrap())
        .replace("\"row\": 6", "\"row\": 8");
    let after = parse(Tool::Ruff, &tmp.0, &moved).unwrap();
    assert_eq!(after[0].line, 8);
    assert_eq!(before[0].fingerprint, after[0].fingerprint);
}

// ---- fake tools ------------------------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "provenance-sast-external-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A directory holding one executable shell script `name` with `body`.
fn fake(name: &str, body: &str) -> TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new();
    let path = dir.0.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn files(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const SECOND: Duration = Duration::from_secs(1);

#[test]
fn missing_tool_is_reported_as_missing() {
    let empty = TempDir::new();
    for tool in Tool::ALL {
        let file = match tool {
            Tool::Gosec => "cmd/api/main.go",
            Tool::Clippy => "src/lib.rs",
            _ => "app/vuln.py",
        };
        let err =
            external::run_with_path(tool, &repo(), &files(&[file]), SECOND, empty.0.as_os_str())
                .unwrap_err();
        assert!(
            matches!(err, ExternalError::Missing { tool: t } if t == tool),
            "{err}"
        );
        assert!(err.to_string().contains("not installed"), "{err}");
    }
}

#[test]
fn nothing_runs_when_no_file_is_the_tools_language() {
    let empty = TempDir::new();
    let run = external::run_with_path(
        Tool::Bandit,
        &repo(),
        &files(&["main.go", "README.md"]),
        SECOND,
        empty.0.as_os_str(),
    )
    .unwrap();
    assert_eq!(
        (run.tool, run.version, run.findings.len()),
        (Tool::Bandit, None, 0)
    );
}

#[test]
fn findings_exit_code_is_not_a_failure() {
    let out = fixtures().join("bandit.json");
    let bin = fake(
        "bandit",
        &format!(
            "[ \"$1\" = --version ] && {{ echo 'bandit 9.8.7'; exit 0; }}\ncat '{}'\nexit 1",
            out.display()
        ),
    );
    let run = external::run_with_path(
        Tool::Bandit,
        &repo(),
        &files(&["app/vuln.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap();
    assert_eq!(run.tool, Tool::Bandit);
    assert_eq!(run.version.as_deref(), Some("9.8.7"));
    assert_eq!(run.findings.len(), 8);
    assert_eq!(run.findings[2].rule, "bandit:B602");
}

#[test]
fn error_exit_codes_are_failures_with_stderr() {
    let bin = fake("ruff", "echo 'error: unexpected argument' >&2\nexit 2");
    let err = external::run_with_path(
        Tool::Ruff,
        &repo(),
        &files(&["app/vuln.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    match &err {
        ExternalError::Failed {
            tool,
            status,
            stderr,
        } => {
            assert_eq!((*tool, *status), (Tool::Ruff, Some(2)));
            assert_eq!(stderr, "error: unexpected argument");
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("exit 2"), "{err}");
    // Exit 1 ("found something") with no report is a failure too, not a clean pass.
    let bin = fake("bandit", "echo 'Traceback' >&2\nexit 1");
    let err = external::run_with_path(
        Tool::Bandit,
        &repo(),
        &files(&["app/vuln.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ExternalError::Failed {
                status: Some(1),
                ..
            }
        ),
        "{err}"
    );
    // Exit 0 with an unreadable report.
    let bin = fake("bandit", "echo 'not json'");
    let err = external::run_with_path(
        Tool::Bandit,
        &repo(),
        &files(&["app/vuln.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ExternalError::BadOutput {
                tool: Tool::Bandit,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_hanging_tool_is_killed_at_the_deadline() {
    let bin = fake("ruff", "sleep 30 & sleep 30");
    let start = Instant::now();
    let err = external::run_with_path(
        Tool::Ruff,
        &repo(),
        &files(&["app/vuln.py"]),
        Duration::from_millis(300),
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    match err {
        ExternalError::TimedOut { tool, after } => {
            assert_eq!((tool, after), (Tool::Ruff, Duration::from_millis(300)));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_background_child_holding_the_pipe_does_not_hang_the_run() {
    let bin = fake("ruff", "sleep 30 &\necho '[]'\nexit 0");
    let start = Instant::now();
    let run = external::run_with_path(
        Tool::Ruff,
        &repo(),
        &files(&["app/vuln.py"]),
        20 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap();
    assert!(run.findings.is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}

/// A fake that records its arguments (one per line) in `args.txt` next to itself.
fn recording(name: &str, output: &str) -> TempDir {
    let dir = TempDir::new();
    let log = dir.0.join("args.txt");
    let body = format!(
        "[ $# -le 2 ] && case \"$*\" in *version*) exit 3;; esac\nfor a in \"$@\"; do echo \"$a\" >> '{}'; done\ncat <<'EOF'\n{output}\nEOF\nexit 0",
        log.display()
    );
    let f = fake(name, &body);
    std::fs::rename(f.0.join(name), dir.0.join(name)).unwrap();
    dir
}

fn args(dir: &TempDir) -> Vec<String> {
    std::fs::read_to_string(dir.0.join("args.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn invocations_are_offline_and_limited_to_the_files() {
    let py = files(&["app/vuln.py", "README.md"]);

    let bin = recording("bandit", "{\"results\": []}");
    external::run_with_path(Tool::Bandit, &repo(), &py, 10 * SECOND, bin.0.as_os_str()).unwrap();
    assert_eq!(args(&bin), ["-f", "json", "-q", "--", "app/vuln.py"]);

    let bin = recording("ruff", "[]");
    external::run_with_path(Tool::Ruff, &repo(), &py, 10 * SECOND, bin.0.as_os_str()).unwrap();
    assert_eq!(
        args(&bin),
        [
            "check",
            "--select",
            "S",
            "--output-format",
            "json",
            "--no-cache",
            "--no-fix",
            "--",
            "app/vuln.py"
        ]
    );

    let go = files(&[
        "cmd/api/main.go",
        "cmd/api/util.go",
        "main.go",
        "app/vuln.py",
    ]);
    let bin = recording("gosec", "{\"runs\": []}");
    let run =
        external::run_with_path(Tool::Gosec, &repo(), &go, 10 * SECOND, bin.0.as_os_str()).unwrap();
    assert_eq!(args(&bin), ["-fmt=sarif", "-quiet", ".", "./cmd/api"]);
    assert_eq!(run.version, None);
}

#[test]
fn semgrep_uses_only_the_repositorys_rules() {
    let bin = recording("opengrep", "{\"runs\": [{\"tool\": {\"driver\": {\"name\": \"opengrep\", \"semanticVersion\": \"1.2.3\"}}, \"results\": []}]}");
    let err = external::run_with_path(
        Tool::Semgrep,
        &repo(),
        &files(&["app/vuln.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ExternalError::MissingConfig {
                tool: Tool::Semgrep,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains(".semgrep.yml"), "{err}");

    let root = TempDir::new();
    std::fs::write(root.0.join(".semgrep.yml"), "rules: []\n").unwrap();
    let run = external::run_with_path(
        Tool::Semgrep,
        &root.0,
        &files(&["a.py"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap();
    assert_eq!(run.version.as_deref(), Some("1.2.3"));
    let a = args(&bin);
    assert_eq!(
        a[..3],
        [
            "scan",
            "--config",
            root.0.join(".semgrep.yml").to_str().unwrap()
        ]
    );
    for flag in ["--sarif", "--metrics=off", "--disable-version-check"] {
        assert!(a.iter().any(|x| x == flag), "{flag} in {a:?}");
    }
    assert_eq!(a.last().map(String::as_str), Some("a.py"));
}

#[test]
fn clippy_needs_a_cargo_manifest_and_reports_only_the_given_files() {
    let bin = recording("cargo", &report("clippy.jsonl"));
    let err = external::run_with_path(
        Tool::Clippy,
        &repo(),
        &files(&["src/lib.rs"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ExternalError::MissingConfig {
                tool: Tool::Clippy,
                ..
            }
        ),
        "{err}"
    );

    let root = TempDir::new();
    std::fs::write(root.0.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let run = external::run_with_path(
        Tool::Clippy,
        &root.0,
        &files(&["src/lib.rs"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap();
    assert_eq!(run.findings.len(), 2);
    assert_eq!(
        args(&bin),
        [
            "clippy",
            "--offline",
            "--quiet",
            "--message-format=json",
            "--",
            "-W",
            "clippy::all"
        ]
    );
    let run = external::run_with_path(
        Tool::Clippy,
        &root.0,
        &files(&["src/other.rs"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap();
    assert!(run.findings.is_empty());
}

#[test]
fn clippy_compile_errors_are_failures() {
    let out = fixtures().join("clippy-build-error.jsonl");
    let bin = fake(
        "cargo",
        &format!(
            "cat '{}'\necho 'error: could not compile' >&2\nexit 101",
            out.display()
        ),
    );
    let root = TempDir::new();
    std::fs::write(root.0.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let err = external::run_with_path(
        Tool::Clippy,
        &root.0,
        &files(&["src/lib.rs"]),
        10 * SECOND,
        bin.0.as_os_str(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ExternalError::Failed {
                status: Some(101),
                ..
            }
        ),
        "{err}"
    );
}

// ---- the real Bandit and Ruff -----------------------------------------------------------

/// A search path holding `tool`, from `PROVENANCE_TEST_TOOLS_BIN` or `PATH`; `None` (with
/// a note) when it is not installed, a failure under `CI`.
fn real_tool(tool: &str) -> Option<OsString> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(bin) = std::env::var_os("PROVENANCE_TEST_TOOLS_BIN") {
        dirs.extend(std::env::split_paths(&bin));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    if dirs.iter().any(|d| d.join(tool).is_file()) {
        return Some(std::env::join_paths(dirs).unwrap());
    }
    if std::env::var_os("CI").is_some() {
        panic!("{tool} is not installed (CI is set): set PROVENANCE_TEST_TOOLS_BIN to a directory holding it");
    }
    eprintln!(
        "note: {tool} not found (PROVENANCE_TEST_TOOLS_BIN, PATH): skipping the real-{tool} test"
    );
    None
}

/// A copy of the vulnerable Python file in a fresh root.
fn python_root() -> TempDir {
    let root = TempDir::new();
    std::fs::create_dir_all(root.0.join("app")).unwrap();
    std::fs::copy(repo().join("app/vuln.py"), root.0.join("app/vuln.py")).unwrap();
    std::fs::write(
        root.0.join("app/clean.py"),
        "def add(a, b):\n    return a + b\n",
    )
    .unwrap();
    root
}

fn rules_at(findings: &[Finding]) -> Vec<(String, u32, Severity)> {
    findings
        .iter()
        .map(|f| (f.rule.clone(), f.line, f.severity))
        .collect()
}

#[test]
fn real_bandit_on_a_vulnerable_file() {
    let Some(path) = real_tool("bandit") else {
        return;
    };
    let root = python_root();
    let run = external::run_with_path(
        Tool::Bandit,
        &root.0,
        &files(&["app/vuln.py", "app/clean.py"]),
        Duration::from_secs(120),
        &path,
    )
    .unwrap();
    assert!(
        run.version.as_deref().is_some_and(|v| v.contains('.')),
        "{:?}",
        run.version
    );
    let found = rules_at(&run.findings);
    for expected in [
        ("bandit:B602".to_string(), 6, Severity::High),
        ("bandit:B301".to_string(), 10, Severity::Medium),
        ("bandit:B608".to_string(), 14, Severity::Medium),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let shell = run
        .findings
        .iter()
        .find(|f| f.rule == "bandit:B602")
        .unwrap();
    assert_eq!(shell.path, "app/vuln.py");
    assert_eq!(shell.cwe.as_deref(), Some("CWE-78"));
    assert_eq!(shell.source, "bandit");
    assert!(run.findings.iter().all(|f| f.path == "app/vuln.py"));
}

#[test]
fn real_ruff_on_a_vulnerable_file() {
    let Some(path) = real_tool("ruff") else {
        return;
    };
    let root = python_root();
    let run = external::run_with_path(
        Tool::Ruff,
        &root.0,
        &files(&["app/vuln.py", "app/clean.py"]),
        Duration::from_secs(120),
        &path,
    )
    .unwrap();
    assert!(
        run.version.as_deref().is_some_and(|v| v.contains('.')),
        "{:?}",
        run.version
    );
    let found = rules_at(&run.findings);
    for expected in [
        ("ruff:S602".to_string(), 6, Severity::High),
        ("ruff:S301".to_string(), 10, Severity::High),
        ("ruff:S608".to_string(), 14, Severity::High),
        ("ruff:S307".to_string(), 18, Severity::High),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert!(run
        .findings
        .iter()
        .all(|f| f.path == "app/vuln.py" && f.source == "ruff"));
    // A clean file alone: exit 0, nothing found.
    let run = external::run_with_path(
        Tool::Ruff,
        &root.0,
        &files(&["app/clean.py"]),
        Duration::from_secs(120),
        &path,
    )
    .unwrap();
    assert!(run.findings.is_empty());
}
