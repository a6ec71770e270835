//! External analyzers, run when installed and configured: Semgrep (or OpenGrep), Bandit,
//! Ruff's flake8-bandit rules, gosec and cargo clippy. Their reports (SARIF 2.1.0, Bandit
//! JSON, Ruff JSON, cargo's JSON messages) become [`Finding`]s of the `sast` gate.
//!
//! The caller gives the repository root and the repository-relative files to analyze;
//! nothing here reads git. Each tool runs on those files only, offline, with telemetry
//! and update checks off, under a hard deadline that kills the tool's whole process group.
//!
//! ```
//! use provenance_sast::external::{parse, Tool};
//! use std::path::Path;
//!
//! let report = r#"[{"code": "S307", "message": "Use of possibly insecure function",
//!   "filename": "/repo/app.py", "location": {"row": 3, "column": 5}}]"#;
//! let findings = parse(Tool::Ruff, Path::new("/repo"), report).unwrap();
//! assert_eq!(findings[0].rule, "ruff:S307");
//! assert_eq!(findings[0].path, "app.py");
//! assert_eq!(findings[0].source, "ruff");
//! assert_eq!(Tool::from_name("opengrep"), Some(Tool::Semgrep));
//! ```

mod json;
mod parse;
mod process;

use provenance_findings::Finding;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub use parse::{parse, parse_sarif, severity_from_score};

/// An external analyzer this crate knows how to run and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    /// Semgrep, or its fork OpenGrep (`semgrep` is tried first on `PATH`, then `opengrep`),
    /// with the repository's own rules only; SARIF output.
    Semgrep,
    /// Bandit (Python); JSON output.
    Bandit,
    /// Ruff's `S` rules (flake8-bandit, Python); JSON output.
    Ruff,
    /// gosec (Go); SARIF output.
    Gosec,
    /// `cargo clippy` (Rust); cargo's JSON messages.
    Clippy,
}

impl Tool {
    /// Every tool.
    pub const ALL: [Tool; 5] = [
        Tool::Semgrep,
        Tool::Bandit,
        Tool::Ruff,
        Tool::Gosec,
        Tool::Clippy,
    ];

    /// The tool named in config (`[sast] external`): `semgrep`, `opengrep`, `bandit`,
    /// `ruff`, `gosec`, `clippy` (also `cargo-clippy`), any case.
    pub fn from_name(name: &str) -> Option<Tool> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "semgrep" | "opengrep" => Tool::Semgrep,
            "bandit" => Tool::Bandit,
            "ruff" => Tool::Ruff,
            "gosec" => Tool::Gosec,
            "clippy" | "cargo-clippy" => Tool::Clippy,
            _ => return None,
        })
    }

    /// The name used in rule ids (`<name>:<id>`) and messages.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Semgrep => "semgrep",
            Tool::Bandit => "bandit",
            Tool::Ruff => "ruff",
            Tool::Gosec => "gosec",
            Tool::Clippy => "clippy",
        }
    }

    /// The executables looked up on `PATH`, in order.
    pub fn programs(self) -> &'static [&'static str] {
        match self {
            Tool::Semgrep => &["semgrep", "opengrep"],
            Tool::Bandit => &["bandit"],
            Tool::Ruff => &["ruff"],
            Tool::Gosec => &["gosec"],
            Tool::Clippy => &["cargo"],
        }
    }

    /// Whether the tool looks at `path` (by extension). Semgrep rules may target anything.
    pub fn covers(self, path: &str) -> bool {
        let ext = path
            .rsplit('/')
            .next()
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase());
        match self {
            Tool::Semgrep => true,
            Tool::Bandit | Tool::Ruff => matches!(ext.as_deref(), Some("py" | "pyi" | "pyw")),
            Tool::Gosec => ext.as_deref() == Some("go"),
            Tool::Clippy => ext.as_deref() == Some("rs"),
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One completed run of one tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The tool that ran.
    pub tool: Tool,
    /// Its version (`x.y.z`), when it reports one; `None` also when nothing needed running.
    pub version: Option<String>,
    /// What it found in the given files, paths relative to the root.
    pub findings: Vec<Finding>,
}

/// Why a tool produced no usable result. Any of these makes the gate `degraded`.
#[derive(Debug, thiserror::Error)]
pub enum ExternalError {
    /// None of the tool's executables is on `PATH` (or `cargo clippy` is not installed).
    #[error("{tool} is not installed (not found on PATH)")]
    Missing {
        /// The tool.
        tool: Tool,
    },
    /// The tool needs configuration in the repository that is not there (Semgrep: local
    /// rules; clippy: a `Cargo.toml`).
    #[error("{tool} is not configured: {expected}")]
    MissingConfig {
        /// The tool.
        tool: Tool,
        /// What was looked for, e.g. `.semgrep.yml or .semgrep/ at the repository root`.
        expected: String,
    },
    /// The tool exited with a status that means failure, not findings.
    #[error("{tool} failed ({}): {stderr}", status.map_or("killed by a signal".to_string(), |c| format!("exit {c}")))]
    Failed {
        /// The tool.
        tool: Tool,
        /// Its exit code; `None` when a signal ended it or it could not start.
        status: Option<i32>,
        /// The end of its stderr (at most 2000 characters), trimmed.
        stderr: String,
    },
    /// The tool ran past the deadline and was killed.
    #[error("{tool} timed out after {}s and was stopped", after.as_secs_f32())]
    TimedOut {
        /// The tool.
        tool: Tool,
        /// The deadline it exceeded.
        after: Duration,
    },
    /// The tool's report could not be read.
    #[error("{tool} output could not be read: {message}")]
    BadOutput {
        /// The tool.
        tool: Tool,
        /// What was wrong.
        message: String,
    },
}

impl ExternalError {
    /// The tool the error is about.
    pub fn tool(&self) -> Tool {
        match self {
            ExternalError::Missing { tool }
            | ExternalError::MissingConfig { tool, .. }
            | ExternalError::Failed { tool, .. }
            | ExternalError::TimedOut { tool, .. }
            | ExternalError::BadOutput { tool, .. } => *tool,
        }
    }
}

/// Run `tool` on `files` (repository-relative, `/`-separated) under `root`, looking the
/// executable up on this process's `PATH`, and return its findings in those files.
///
/// Files the tool does not cover are left out; when none is left, nothing runs and the
/// result is empty. `timeout` bounds the whole call (the version probe included).
pub fn run(
    tool: Tool,
    root: &Path,
    files: &[String],
    timeout: Duration,
) -> Result<Run, ExternalError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    run_with_path(tool, root, files, timeout, &path)
}

/// [`run`], looking executables up in `search_path` (a `PATH`-style list) instead of
/// `PATH`. The tool itself still inherits this process's environment.
pub fn run_with_path(
    tool: Tool,
    root: &Path,
    files: &[String],
    timeout: Duration,
    search_path: &OsStr,
) -> Result<Run, ExternalError> {
    let start = Instant::now();
    let files: Vec<&String> = files.iter().filter(|f| tool.covers(f)).collect();
    if files.is_empty() {
        return Ok(Run {
            tool,
            version: None,
            findings: Vec::new(),
        });
    }
    let (program, name) = find_program(tool, search_path).ok_or(ExternalError::Missing { tool })?;
    let mut cmd = Command::new(&program);
    cmd.current_dir(root);
    match tool {
        Tool::Bandit => {
            cmd.args(["-f", "json", "-q", "--"]).args(&files);
        }
        Tool::Ruff => {
            cmd.args([
                "check",
                "--select",
                "S",
                "--output-format",
                "json",
                "--no-cache",
                "--no-fix",
                "--",
            ])
            .args(&files);
        }
        Tool::Semgrep => {
            let config = semgrep_config(root).ok_or_else(|| ExternalError::MissingConfig {
                tool,
                expected: ".semgrep.yml, .semgrep.yaml or .semgrep/ at the repository root"
                    .to_string(),
            })?;
            cmd.arg("scan")
                .arg("--config")
                .arg(config)
                .args([
                    "--sarif",
                    "--metrics=off",
                    "--disable-version-check",
                    "--quiet",
                    "--",
                ])
                .args(&files)
                .env("SEMGREP_SEND_METRICS", "off")
                .env("SEMGREP_ENABLE_VERSION_CHECK", "0");
        }
        Tool::Gosec => {
            cmd.args(["-fmt=sarif", "-quiet"])
                .args(go_packages(&files))
                .env("GOPROXY", "off")
                .env("GOFLAGS", "-mod=mod")
                .env("GOTOOLCHAIN", "local");
        }
        Tool::Clippy => {
            if !root.join("Cargo.toml").is_file() {
                return Err(ExternalError::MissingConfig {
                    tool,
                    expected: "a Cargo.toml at the repository root".to_string(),
                });
            }
            cmd.args([
                "clippy",
                "--offline",
                "--quiet",
                "--message-format=json",
                "--",
                "-W",
                "clippy::all",
            ]);
        }
    }
    let out = process::run(tool, cmd, timeout)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let failed = || ExternalError::Failed {
        tool,
        status: out.code,
        stderr: tail(&stderr),
    };
    if tool == Tool::Clippy && stderr.contains("no such command: `clippy`") {
        return Err(ExternalError::Missing { tool });
    }
    // Exit codes that mean "ran and reported" (1 = it found something); anything else fails.
    let accepted = match tool {
        Tool::Bandit | Tool::Ruff | Tool::Semgrep | Tool::Gosec => matches!(out.code, Some(0 | 1)),
        // clippy exits 101 when a deny-level lint fires, and also when the code does not
        // compile: parse decides between the two.
        Tool::Clippy => matches!(out.code, Some(0 | 101)),
    };
    if !accepted {
        return Err(failed());
    }
    if out.code == Some(1) && stdout.trim().is_empty() {
        return Err(failed());
    }
    let mut findings = match parse::parse_checked(tool, root, &stdout) {
        Ok(f) => f,
        Err(parse::Problem::Build) => return Err(failed()),
        Err(parse::Problem::Bad(_)) if out.code != Some(0) => return Err(failed()),
        Err(parse::Problem::Bad(message)) => {
            return Err(ExternalError::BadOutput { tool, message })
        }
    };
    if out.code == Some(101) && findings.is_empty() {
        return Err(failed());
    }
    // Tools that scan whole packages report only on the files asked about.
    if matches!(tool, Tool::Gosec | Tool::Clippy) {
        findings.retain(|f| files.iter().any(|g| **g == f.path));
    }
    for f in &mut findings {
        f.source = name.clone();
    }
    let version = parse::sarif_version(&stdout).or_else(|| {
        let left = timeout.saturating_sub(start.elapsed());
        probe_version(tool, &program, root, left.min(Duration::from_secs(5)))
    });
    Ok(Run {
        tool,
        version,
        findings,
    })
}

/// The first executable of `tool` in `search_path`, and the name it was found under.
fn find_program(tool: Tool, search_path: &OsStr) -> Option<(PathBuf, String)> {
    for name in tool.programs() {
        for dir in std::env::split_paths(search_path) {
            if dir.as_os_str().is_empty() {
                continue;
            }
            let candidate = dir.join(name);
            if is_executable(&candidate) {
                let shown = if tool == Tool::Clippy { "clippy" } else { name };
                return Some((candidate, shown.to_string()));
            }
        }
    }
    None
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

fn semgrep_config(root: &Path) -> Option<PathBuf> {
    [".semgrep.yml", ".semgrep.yaml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
        .or_else(|| Some(root.join(".semgrep")).filter(|p| p.is_dir()))
}

/// `./dir` for each distinct directory holding one of the Go files (`.` for the root).
fn go_packages(files: &[&String]) -> Vec<OsString> {
    let mut dirs: Vec<String> = files
        .iter()
        .map(|f| match f.rsplit_once('/') {
            Some((dir, _)) => format!("./{dir}"),
            None => ".".to_string(),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.into_iter().map(OsString::from).collect()
}

/// The last 2000 characters of stderr, trimmed.
fn tail(stderr: &str) -> String {
    let t = stderr.trim();
    let n = t.chars().count();
    if n <= 2000 {
        return t.to_string();
    }
    t.chars().skip(n - 2000).collect()
}

fn probe_version(tool: Tool, program: &Path, root: &Path, timeout: Duration) -> Option<String> {
    if timeout.is_zero() {
        return None;
    }
    let mut cmd = Command::new(program);
    cmd.current_dir(root);
    match tool {
        Tool::Clippy => cmd.args(["clippy", "--version"]),
        Tool::Gosec => cmd.arg("-version"),
        _ => cmd.arg("--version"),
    };
    let out = process::run(tool, cmd, timeout).ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    version_in(&text)
}

/// The first `N.N…` token in a `--version` banner (`bandit 1.8.6`, `ruff 0.14.0`,
/// `clippy 0.1.95 (…)`, `Version: 2.22.0`).
fn version_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|t| t.trim_start_matches('v'))
        .find(|t| {
            let mut parts = t.split('.');
            t.contains('.')
                && parts
                    .all(|p| !p.is_empty() && p.chars().next().is_some_and(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for tool in Tool::ALL {
            assert_eq!(Tool::from_name(tool.name()), Some(tool));
        }
        assert_eq!(Tool::from_name("OpenGrep"), Some(Tool::Semgrep));
        assert_eq!(Tool::from_name("pylint"), None);
    }

    #[test]
    fn versions_from_banners() {
        assert_eq!(
            version_in("bandit 1.8.6\n  python version = 3.11"),
            Some("1.8.6".into())
        );
        assert_eq!(version_in("ruff 0.14.1"), Some("0.14.1".into()));
        assert_eq!(
            version_in("clippy 0.1.95 (59807616e 2026-04-14)"),
            Some("0.1.95".into())
        );
        assert_eq!(
            version_in("Version: v2.22.0\nGit tag:"),
            Some("2.22.0".into())
        );
        assert_eq!(version_in("no version here."), None);
    }

    #[test]
    fn go_files_become_their_packages() {
        let files = [
            "cmd/a/main.go".to_string(),
            "cmd/a/x.go".to_string(),
            "root.go".to_string(),
        ];
        let refs: Vec<&String> = files.iter().collect();
        assert_eq!(
            go_packages(&refs),
            vec![OsString::from("."), OsString::from("./cmd/a")]
        );
    }
}
