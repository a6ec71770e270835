//! `provenance report`: JSON validated against docs/report.schema.json, Agent Trace records
//! against the specification's own JSON Schema, CSV and SARIF shapes, and the HTML page
//! rendered in a real headless Chromium.

use crate::support::{ok, text, TestRepo};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ai_commit(repo: &TestRepo, model: &str, path: &str, content: &str, msg: &str) {
    repo.write(path, content);
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "claude-code",
        "--model",
        model,
        path,
    ]));
    repo.git(&["add", path]);
    repo.git(&["commit", "-q", "-m", msg]);
}

/// main: a human base, an AI commit by two models with a human line, a reviewed AI commit
/// on a feature branch merged by Mia, and a human commit.
fn history() -> TestRepo {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("README", "base\n");
    repo.git(&["add", "README"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.write("a.py", "a = 1\nb = 2\n");
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "a.py",
    ]));
    repo.write("a.py", "a = 1\nb = 2\nc = 3\nd = 4\n");
    ok(&repo.provenance(&["checkpoint", "--agent", "codex", "--model", "gpt-5", "a.py"]));
    repo.write("a.py", "a = 1\nb = 2\nc = 3\nd = 4\n# by hand\n");
    repo.git(&["add", "a.py"]);
    repo.git(&["commit", "-q", "-m", "Two models"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    ai_commit(
        &repo,
        "claude-opus-4-6",
        "b.py",
        "x = 1\n",
        "B\n\nReviewed-by: Rae Viewer <rae@example.com>",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.git_env_ok(
        &[
            ("GIT_COMMITTER_NAME", "Mia Merger"),
            ("GIT_COMMITTER_EMAIL", "mia@example.com"),
        ],
        &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"],
    );
    repo.write("README", "base\nmore\n");
    repo.git(&["commit", "-q", "-a", "-m", "human"]);
    repo
}

fn report(repo: &TestRepo, format: &str) -> String {
    String::from_utf8(
        ok(&repo.provenance(&["report", "--format", format]))
            .stdout
            .clone(),
    )
    .unwrap()
}

/// python3 with jsonschema: the tools venv `.ci/run` makes, else the machine's.
fn python_with_jsonschema() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(dir) = std::env::var("PROVENANCE_TEST_TOOLS_BIN") {
        candidates.push(Path::new(&dir).join("python3"));
    }
    candidates.push(PathBuf::from("python3"));
    let found = candidates.into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "jsonschema is not installed (set PROVENANCE_TEST_TOOLS_BIN)"
        );
        eprintln!("skipping schema validation: python jsonschema is not installed");
    }
    found
}

/// Validate `doc` (a JSON file) against `schema`; items of an array one by one.
fn validate(python: &Path, schema: &Path, doc: &Path) {
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
errors = [e for item in (doc if isinstance(doc, list) else [doc]) for e in v.iter_errors(item)]
for e in errors:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(schema)
        .arg(doc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_report_matches_git_and_its_schema() {
    let repo = history();
    let doc: Value = serde_json::from_str(&report(&repo, "json")).unwrap();
    let commits = doc["commits"].as_array().unwrap();
    // The same commits as git log, in the same order.
    let git: Vec<String> = repo
        .git(&["log", "--format=%H"])
        .lines()
        .map(str::to_string)
        .collect();
    let ids: Vec<&str> = commits.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, git);
    let by_subject = |s: &str| commits.iter().find(|c| c["subject"] == s).unwrap();
    let two = by_subject("Two models");
    assert_eq!(two["lines"]["ai"], 4);
    assert_eq!(two["lines"]["human"], 1);
    assert_eq!(two["contributors"].as_array().unwrap().len(), 2);
    assert_eq!(two["gates_recorded"], true);
    let b = by_subject("B");
    assert_eq!(b["approvals"][0]["kind"], "Reviewed-by");
    assert_eq!(b["merged_by"]["name"], "Mia Merger");
    assert_eq!(two["merged_by"], Value::Null);
    assert_eq!(by_subject("human")["ai_assisted"], false);
    assert_eq!(doc["summary"]["ai_assisted"], 2);
    assert_eq!(doc["summary"]["ai_unreviewed"], 1);

    if let Some(py) = python_with_jsonschema() {
        let file = repo.outside("report.json");
        ok(&repo.provenance(&["report", "-o", file.to_str().unwrap()]));
        validate(&py, &root().join("docs/report.schema.json"), &file);
    }
}

#[test]
fn agent_trace_records_validate_against_the_spec_schema() {
    let repo = history();
    let records: Value = serde_json::from_str(&report(&repo, "agent-trace")).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 2, "one per noted AI commit");
    for r in records {
        assert_eq!(r["version"], "0.1.0");
        assert_eq!(r["vcs"]["type"], "git");
        assert!(r["timestamp"].as_str().unwrap().ends_with('Z'));
    }
    let two = records
        .iter()
        .find(|r| r["files"][0]["path"] == "a.py")
        .unwrap();
    let models: Vec<&str> = two["files"][0]["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["contributor"]["model_id"].as_str())
        .collect();
    assert_eq!(models, ["anthropic/claude-opus-4-6", "openai/gpt-5"]);
    if let Some(py) = python_with_jsonschema() {
        let file = repo.outside("trace.json");
        ok(&repo.provenance(&[
            "report",
            "--format",
            "agent-trace",
            "-o",
            file.to_str().unwrap(),
        ]));
        validate(
            &py,
            &root().join("tests/fixtures/agent-trace/trace-record.schema.json"),
            &file,
        );
    }
}

#[test]
fn csv_is_one_row_per_commit_and_sarif_carries_recorded_findings() {
    let repo = history();
    let csv = report(&repo, "csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 5, "{csv}");
    assert!(rows[0].starts_with("commit,date,author,subject,ai_assisted"));
    assert!(csv.contains("Reviewed-by: Rae Viewer <rae@example.com>"));

    // A finding recorded in warn mode reaches the SARIF, redacted.
    repo.write(".provenance.toml", "[gates]\nsecrets = \"warn\"\n");
    let key = format!("AKIA{}", "J7X2K9QZ4WBN5TLP");
    ai_commit(
        &repo,
        "claude-opus-4-6",
        "c.py",
        &format!("KEY = \"{key}\"\n"),
        "with a key",
    );
    let sarif: Value = serde_json::from_str(&report(&repo, "sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"].as_str().unwrap().starts_with("secrets/")),
        "{sarif}"
    );
    assert!(!sarif.to_string().contains(&key), "the key is redacted");
}

#[test]
fn html_report_renders_offline_in_headless_chromium() {
    let repo = history();
    let page = repo.outside("report.html");
    ok(&repo.provenance(&["report", "--format", "html", "-o", page.to_str().unwrap()]));
    let html = std::fs::read_to_string(&page).unwrap();
    for fetch in ["http://", "https://", " src=\"", "@import"] {
        assert!(!html.contains(fetch), "the page fetches nothing: {fetch}");
    }
    let chromium = std::env::var("PROVENANCE_TEST_CHROMIUM")
        .ok()
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
        });
    let Some(chromium) = chromium else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed (set PROVENANCE_TEST_CHROMIUM)"
        );
        eprintln!("skipping: chromium is not installed");
        return;
    };
    let profile = repo.outside("chromium-profile");
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-html.png");
    let base = |extra: &[String]| {
        let mut cmd = std::process::Command::new(&chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()));
        cmd.output().unwrap()
    };
    let dom = base(&["--dump-dom".to_string()]);
    assert!(dom.status.success(), "{}", text(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran");
    assert!(
        dom.contains("5 of 5 commits"),
        "the table filter counted rows"
    );
    for chart in ["chart-models", "chart-months", "chart-survival"] {
        let at = dom.find(&format!("id=\"{chart}\"")).expect(chart);
        assert!(dom[at..].contains("class=\"bar\""), "{chart} has bars");
    }
    let out = base(&[format!("--screenshot={}", shot.display())]);
    assert!(out.status.success(), "{}", text(&out));
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
}
