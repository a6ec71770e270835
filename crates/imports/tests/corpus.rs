//! Data-driven corpus: every directory `tests/corpus/<language>/<case>/` is a small project
//! (manifests, installed packages under `.venv`/`node_modules`, source files) with an
//! `expected.findings` file listing exactly the findings the engine must report:
//!
//! ```text
//! <rule> <path>:<line> <name>     one line per finding (name = first `backticked` word)
//! ~ <text>                        some finding's message must contain <text>
//! ```
//!
//! Every source file of the case (outside `.venv`, `node_modules`, `vendor`, `target`) is
//! checked. An empty file means the look-alikes in the case must not fire.

use provenance_imports::{language_of, Project};
use std::path::Path;

const SKIP: &[&str] = &[".venv", "venv", "node_modules", "vendor", "target"];

fn sources(root: &Path, rel: &str, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))
        .unwrap()
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            if !SKIP.contains(&name.as_str()) {
                sources(root, &path, out);
            }
        } else if language_of(&path).is_some() {
            out.push(path);
        }
    }
}

fn first_backticked(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or("")
}

fn run_case(dir: &Path) -> Result<(), String> {
    let expected_text = std::fs::read_to_string(dir.join("expected.findings"))
        .map_err(|e| format!("{}: missing expected.findings: {e}", dir.display()))?;
    let mut expected: Vec<String> = Vec::new();
    let mut must_contain: Vec<String> = Vec::new();
    for line in expected_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match line.strip_prefix("~ ") {
            Some(text) => must_contain.push(text.to_string()),
            None => expected.push(line.to_string()),
        }
    }
    let project = Project::new(dir);
    let mut files = Vec::new();
    sources(dir, "", &mut files);
    let mut actual = Vec::new();
    let mut messages = Vec::new();
    for f in &files {
        let content = std::fs::read(dir.join(f)).unwrap();
        for finding in project.check_file(f, &content) {
            assert_eq!(finding.gate, "imports");
            assert_eq!(finding.fingerprint.len(), 64);
            actual.push(
                format!(
                    "{} {}:{} {}",
                    finding.rule,
                    finding.path,
                    finding.line,
                    first_backticked(&finding.message)
                )
                .trim_end()
                .to_string(),
            );
            messages.push(finding.message);
        }
    }
    expected.sort();
    actual.sort();
    let mut problems = Vec::new();
    if expected != actual {
        problems.push(format!(
            "findings differ\n  expected: {expected:#?}\n  actual:   {actual:#?}\n  messages: {messages:#?}"
        ));
    }
    for text in must_contain {
        if !messages.iter().any(|m| m.contains(&text)) {
            problems.push(format!(
                "no message contains {text:?}; messages: {messages:#?}"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", dir.display(), problems.join("\n")))
    }
}

#[test]
fn corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut failures = Vec::new();
    let mut cases = 0;
    for lang in ["python", "js", "rust", "go"] {
        let mut dirs: Vec<_> = std::fs::read_dir(root.join(lang))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        dirs.sort();
        for d in dirs {
            cases += 1;
            if let Err(e) = run_case(&d) {
                failures.push(e);
            }
        }
    }
    assert!(cases >= 15, "corpus has only {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The same inputs give the same findings when the project is reused (caches are sound).
#[test]
fn reused_project_is_stable() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/python/acceptance");
    let p = Project::new(&dir);
    let a = p.check_file("bad_symbol.py", b"from requests import fetch_json\n");
    let b = p.check_file("bad_symbol.py", b"from requests import fetch_json\n");
    assert_eq!(a, b);
    assert_eq!(a.len(), 1);
}

/// Large and hostile inputs finish and do not panic.
#[test]
fn hostile_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::new(dir.path());
    let huge: Vec<u8> = "import os\nx = '''\n".repeat(50_000).into_bytes();
    let _ = p.check_file("huge.py", &huge);
    let nested = "(".repeat(100_000) + &"{".repeat(100_000) + &"`${".repeat(10_000);
    for ext in ["py", "js", "ts", "rs", "go"] {
        let _ = p.check_file(&format!("n.{ext}"), nested.as_bytes());
        let _ = p.check_file(
            &format!("bin.{ext}"),
            &[0xff, 0xfe, 0, 1, 2, 0x80, b'\'', b'"'],
        );
    }
    let _ = p.check_file(
        "bad.ipynb",
        b"{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}]}",
    );
    let _ = p.check_file("../escape.py", b"import os\n");
}
