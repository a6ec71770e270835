//! The secrets and imports gates through real commits: they block in
//! pre-commit, print only redacted values, and let allowed findings through.

use crate::support::{ok, text, TestRepo};

/// A live-looking AWS access key id, built at run time so no secret sits in the source.
fn aws_key() -> String {
    format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7")
}

#[test]
fn staged_aws_key_blocks_commit_redacted_and_allow_comment_or_baseline_lets_it_through() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    let key = aws_key();
    repo.write("deploy.py", format!("aws_access_key_id = \"{key}\"\n"));
    repo.git(&["add", "deploy.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "deploy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("aws-access-key-id"), "{stderr}");
    assert!(stderr.contains("deploy.py:1"), "{stderr}");
    assert!(stderr.contains("AKIA…"), "{stderr}");
    assert!(!stderr.contains(&key), "unredacted key printed: {stderr}");
    assert!(
        repo.git_output(&["rev-parse", "HEAD"]).status.code() != Some(0),
        "commit was made"
    );

    // gitleaks' allow comment is honoured.
    repo.write(
        "deploy.py",
        format!("aws_access_key_id = \"{key}\"  # gitleaks:allow\n"),
    );
    repo.git(&["add", "deploy.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "deploy"]);
    assert!(out.status.success(), "{}", text(&out));

    // A baseline entry, keyed by fingerprint, lets the same value through elsewhere too.
    repo.write("other.py", format!("KEY = '{key}'\n"));
    repo.git(&["add", "other.py"]);
    assert_eq!(
        repo.git_output(&["commit", "-q", "-m", "o"]).status.code(),
        Some(1)
    );
    ok(&repo.provenance(&["baseline", "--update"]));
    let baseline = std::fs::read_to_string(repo.path(".provenance-baseline")).expect("baseline");
    assert!(
        baseline.contains("aws-access-key-id other.py"),
        "{baseline}"
    );
    assert!(!baseline.contains(&key), "baseline stores the secret");
    repo.git(&["add", "other.py", ".provenance-baseline"]);
    let out = repo.git_output(&["commit", "-q", "-m", "o"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn scan_history_and_formats_never_print_the_secret() {
    let repo = TestRepo::new();
    let key = aws_key();
    repo.write("old.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    repo.git(&["add", "old.env"]);
    repo.git(&["commit", "-q", "-m", "leak"]);
    repo.git(&["rm", "-q", "old.env"]);
    repo.git(&["commit", "-q", "-m", "remove"]);
    for format in ["text", "json", "ndjson", "sarif"] {
        let out = repo.provenance(&["scan", "--history", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", text(&out));
        let all = text(&out);
        assert!(all.contains("aws-access-key-id"), "{format}: {all}");
        assert!(!all.contains(&key), "{format} printed the secret: {all}");
    }
    let out = repo.provenance(&["scan", "--history", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    assert_eq!(sarif["version"], "2.1.0");
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][0];
    assert!(
        rule["properties"]["security-severity"].as_str().is_some(),
        "{rule}"
    );
    let json = repo.provenance(&["scan", "--history", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(doc["version"], 1);
    let finding = &doc["gates"][0]["findings"][0];
    assert_eq!(finding["path"], "old.env");
    assert_eq!(finding["commit"].as_str().map(str::len), Some(40));
}

#[test]
fn history_scan_reports_blobs_over_the_size_limit_without_reading_them() {
    let repo = TestRepo::new();
    let key = aws_key();
    // 1.5 MiB of config with a key at the end, committed then removed
    let filler = "setting = value\n".repeat(100_000);
    repo.write("big.env", format!("{filler}AWS_ACCESS_KEY_ID={key}\n"));
    repo.git(&["add", "big.env"]);
    repo.git(&["commit", "-q", "-m", "big"]);
    repo.git(&["rm", "-q", "big.env"]);
    repo.git(&["commit", "-q", "-m", "gone"]);
    let json = |repo: &TestRepo| {
        let out = repo.provenance(&["-v", "scan", "--history", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let rules: Vec<String> = doc["gates"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {}", f["rule"], f["severity"], f["path"]))
            .collect();
        (out.status.code(), rules, text(&out))
    };
    // A file too large to read could hide a secret: the gate is degraded, which blocks.
    let (code, rules, all) = json(&repo);
    assert_eq!(code, Some(1), "{all}");
    assert_eq!(rules, ["\"not-scanned\" \"low\" \"big.env\""], "{all}");
    assert!(all.contains("over secrets.max_file_bytes"), "{all}");
    assert!(all.contains("degraded"), "{all}");
    // Listing it in skip_paths is a deliberate choice: not degraded.
    repo.write(
        ".provenance.toml",
        "[secrets]\nskip_paths = [\"big.env\"]\n",
    );
    let (code, _, all) = json(&repo);
    assert_eq!(code, Some(0), "{all}");
    // raising the limit reads and scans it
    repo.write(".provenance.toml", "[secrets]\nmax_file_bytes = 4194304\n");
    let (code, rules, all) = json(&repo);
    assert_eq!(code, Some(1), "{all}");
    assert!(
        rules.iter().any(|r| r.contains("aws-access-key-id")),
        "{all}"
    );
    assert!(!all.contains(&key), "printed the secret: {all}");
}

#[test]
fn history_scan_handles_binary_crlf_invalid_utf8_symlinks_submodules_and_lfs() {
    let repo = TestRepo::new();
    let key = aws_key();
    // a CRLF file edited twice: the key arrives on line 3 in the second version
    repo.write("app.env", "A=1\r\nB=2\r\n");
    repo.write("blob.bin", b"\x00\x01binary\x00".as_slice());
    repo.write(
        "model.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "one"]);
    repo.write(
        "app.env",
        format!("A=1\r\nB=2\r\nAWS_ACCESS_KEY_ID={key}\r\n"),
    );
    let mut latin1 = b"caf\xe9 = 1\n".to_vec();
    latin1.extend_from_slice(format!("AWS_ACCESS_KEY_ID={key}\n").as_bytes());
    repo.write("legacy.cfg", latin1);
    let mut binary = format!("AWS_ACCESS_KEY_ID={key}\n").into_bytes();
    binary.push(0);
    repo.write("blob.bin", binary);
    #[cfg(unix)]
    std::os::unix::fs::symlink("app.env", repo.path("link.env")).unwrap();
    // a submodule entry (gitlink) without a checkout
    let sub = repo.rev("HEAD");
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{sub},vendored"),
    ]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "two"]);
    let out = repo.provenance(&["scan", "--history", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let all = doc["gates"][0]["findings"].as_array().unwrap();
    // Files left out are reported, never silently dropped.
    assert!(
        all.iter()
            .any(|f| f["rule"] == "not-scanned" && f["path"] == "blob.bin"),
        "{}",
        text(&out)
    );
    let mut found: Vec<String> = all
        .iter()
        .filter(|f| f["rule"] != "not-scanned")
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "app.env:3 aws-access-key-id",
            // A text file with a NUL byte is still scanned.
            "blob.bin:1 aws-access-key-id",
            "legacy.cfg:2 aws-access-key-id"
        ],
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains(&key));
}

#[test]
fn history_scan_covers_branches_and_tags_not_merged_into_head() {
    let repo = TestRepo::new();
    let key = aws_key();
    repo.write("a.txt", "a\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.git(&["checkout", "-q", "-b", "experiment"]);
    repo.write("exp.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "on a branch"]);
    repo.git(&["checkout", "-q", "-"]);
    repo.git(&["tag", "-a", "-m", "annotated", "v1", "experiment"]);
    repo.git(&["branch", "-q", "-D", "experiment"]);
    // only the annotated tag still reaches it
    let out = repo.provenance(&["scan", "--history"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("exp.env"), "{}", text(&out));
    // a range stays a range
    repo.write("b.txt", "b\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "more"]);
    let out = repo.provenance(&["scan", "--range", "HEAD~1..HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn example_code_imports_are_info_and_the_example_dirs_are_configurable() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\ndependencies = [\"requests>=2\"]\n",
    );
    repo.write("examples/chat.py", "import requests\nimport sqlalchemy\n");
    repo.write("samples/chat.py", "import requests\nimport sqlalchemy\n");
    repo.git(&["add", "."]);
    let json = |repo: &TestRepo| {
        let out = repo.provenance(&["-v", "check", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut rows: Vec<String> = doc["gates"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["findings"].as_array().cloned().unwrap_or_default())
            .map(|f| {
                format!(
                    "{} {}",
                    f["path"].as_str().unwrap(),
                    f["severity"].as_str().unwrap()
                )
            })
            .collect();
        rows.sort();
        (out.status.code(), rows)
    };
    // examples/ is example code by default; samples/ is not
    let (code, rows) = json(&repo);
    assert_eq!(code, Some(1), "{rows:?}");
    assert_eq!(rows, ["examples/chat.py info", "samples/chat.py high"]);
    // [imports] example_dirs replaces the list
    repo.write(
        ".provenance.toml",
        "[imports]\nexample_dirs = [\"samples\"]\n",
    );
    let (code, rows) = json(&repo);
    assert_eq!(code, Some(1), "{rows:?}");
    assert_eq!(rows, ["examples/chat.py high", "samples/chat.py info"]);
}

#[test]
fn python_imports_pass_when_declared_and_block_when_hallucinated() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\ndependencies = [\"requests>=2\", \"PyYAML\"]\n",
    );
    repo.write("app.py", "import yaml, requests, os\n");
    repo.git(&["add", "."]);
    let out = repo.git_output(&["commit", "-q", "-m", "ok"]);
    assert!(out.status.success(), "{}", text(&out));

    repo.write(
        "app.py",
        "import yaml, requests, os\nimport requests_toolbelt2\n",
    );
    repo.git(&["add", "app.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "bad"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("requests_toolbelt2"), "{stderr}");
    assert!(stderr.contains("pyproject.toml"), "{stderr}");

    // With requests' source installed locally, a made-up symbol is caught.
    repo.write(
        ".venv/lib/python3.11/site-packages/requests/__init__.py",
        "def get(url):\n    pass\n",
    );
    repo.write(
        "app.py",
        "import yaml, requests, os\nfrom requests import fetch_json\n",
    );
    repo.git(&["add", "app.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "bad"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fetch_json"), "{stderr}");
    assert!(stderr.contains("unknown-symbol"), "{stderr}");
}

#[test]
fn js_rust_and_go_imports_resolve_against_their_manifests() {
    let cases: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "package.json",
            "{\"name\":\"demo\",\"dependencies\":{\"lodash\":\"^4\"}}\n",
            "a.js",
            "import _ from \"lodash\";\nimport fs from \"node:fs\";\nimport path from \"path\";\n",
            "import _ from \"lodash\";\nimport axios from \"axios\";\n",
            "axios",
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nserde = \"1\"\nserde-json = { package = \"serde_json\", version = \"1\" }\n",
            "src/main.rs",
            "use serde::Serialize;\nuse serde_json::Value;\nuse std::io;\n",
            "use serde::Serialize;\nuse tokio::runtime;\n",
            "tokio",
        ),
        (
            "go.mod",
            "module example.com/demo\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n",
            "main.go",
            "package main\n\nimport (\n\t\"fmt\"\n\t\"github.com/pkg/errors\"\n)\n",
            "package main\n\nimport (\n\t\"fmt\"\n\t\"github.com/gorilla/mux\"\n)\n",
            "github.com/gorilla/mux",
        ),
    ];
    for (manifest, manifest_text, file, good, bad, missing) in cases {
        let repo = TestRepo::new();
        ok(&repo.provenance(&["install"]));
        repo.write(manifest, manifest_text);
        repo.write(file, good);
        repo.git(&["add", "."]);
        let out = repo.git_output(&["commit", "-q", "-m", "ok"]);
        assert!(out.status.success(), "{manifest}: {}", text(&out));
        repo.write(file, bad);
        repo.git(&["add", "."]);
        let out = repo.git_output(&["commit", "-q", "-m", "bad"]);
        assert_eq!(out.status.code(), Some(1), "{manifest}: {}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(missing), "{manifest}: {stderr}");
        assert!(stderr.contains(manifest), "{manifest}: {stderr}");
    }
}

#[test]
fn provenance_skip_lets_a_blocked_commit_through_and_the_note_says_so() {
    let mut repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\ndependencies = []\n",
    );
    repo.write("app.py", "import hallucinated_pkg\n");
    repo.git(&["add", "."]);
    assert_eq!(
        repo.git_output(&["commit", "-q", "-m", "x"]).status.code(),
        Some(1)
    );
    repo.set_env("PROVENANCE_SKIP", "imports");
    repo.set_env("CLAUDECODE", "1");
    let out = repo.git_output(&["commit", "-q", "-m", "x"]);
    assert!(out.status.success(), "{}", text(&out));
    let note = repo.git(&["notes", "--ref", "provenance", "show", "HEAD"]);
    let note: serde_json::Value = serde_json::from_str(&note).expect("note json");
    let skipped = note["gates"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|g| g["gate"] == "imports" && g["result"] == "skipped");
    assert!(skipped, "{note}");
}

#[test]
fn bad_config_names_file_line_and_key() {
    let repo = TestRepo::new();
    repo.write(
        ".provenance.toml",
        "[gates]\nsecrets = \"block\"\nsecretz = \"warn\"\n",
    );
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".provenance.toml:3:"), "{stderr}");
    assert!(stderr.contains("secretz"), "{stderr}");
}
