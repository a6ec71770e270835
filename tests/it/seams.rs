//! The seams where a hook suite earns or loses trust: gates fail closed (pushes of tags,
//! unreadable objects, a deleted binary), gate records belong to the exact change that was
//! checked, and the surface is honest (unknown skip names, unbuilt config, exit codes).

use crate::support::{ok, stderr, text, write_script, TestRepo};

/// A live-looking AWS access key id, built at run time so no secret sits in the source.
pub(crate) fn aws_key() -> String {
    format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7")
}

pub(crate) fn secret_env() -> String {
    format!("AWS_ACCESS_KEY_ID={}\n", aws_key())
}

/// Overwrite a loose object with bytes that do not inflate.
pub(crate) fn corrupt_object(repo: &TestRepo, id: &str) {
    let path = repo.git_dir().join("objects").join(&id[..2]).join(&id[2..]);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"not a zlib stream").unwrap();
}

#[test]
fn unreadable_staged_content_blocks_as_degraded_and_says_how_to_bypass() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.stage("deploy/.env", &secret_env());
    let blob = repo.git(&["rev-parse", ":deploy/.env"]).trim().to_string();
    corrupt_object(&repo, &blob);
    let head = repo.rev("HEAD");
    let out = repo.git_output(&["commit", "-q", "-m", "with a corrupt blob"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(repo.rev("HEAD"), head);
    let err = stderr(&out);
    assert!(err.contains("degraded"), "{err}");
    assert!(err.contains("PROVENANCE_SKIP=secrets,imports"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");

    // The hook binary itself exits 1 (blocked by policy), not 0 and not a crash.
    let out = repo
        .command(crate::support::bin("provenance-pre-commit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // on_degraded = "warn" lets it through, loudly.
    repo.write(".provenance.toml", "on_degraded = \"warn\"\n");
    let out = repo
        .command(crate::support::bin("provenance-pre-commit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
}

#[test]
fn a_gate_record_is_kept_only_for_the_change_that_was_checked() {
    let mut repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
    ]));
    repo.set_env("CLAUDECODE", "1");
    // An attempt that passes pre-commit and is then abandoned (empty message in the editor).
    repo.stage("clean.txt", "nothing here\n");
    let empty = repo.outside("empty-editor");
    write_script(&empty, "#!/bin/sh\n: > \"$1\"\n");
    let out = repo.git_env(
        &[("GIT_EDITOR", empty.to_str().unwrap())],
        &["commit", "-q"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    // Then a secret is committed past the gates.
    repo.stage("deploy/.env", &secret_env());
    repo.git(&["commit", "-q", "--no-verify", "-m", "unchecked"]);
    let note = repo.note_json("HEAD");
    let gates = note["gates"].as_array().cloned().unwrap_or_default();
    assert!(
        gates.is_empty(),
        "a --no-verify commit inherited the gate results of another change: {note}"
    );

    // A checked commit keeps its record.
    repo.stage("more.txt", "fine\n");
    repo.git(&["commit", "-q", "-m", "checked"]);
    let note = repo.note_json("HEAD");
    let results: Vec<&str> = note["gates"]
        .as_array()
        .map(|g| g.iter().filter_map(|r| r["result"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(results, ["pass", "pass", "pass"], "{note}");
}

#[test]
fn a_misspelled_skip_is_an_error_not_a_silent_no_op() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(
        &[("PROVENANCE_SKIP", "secret")],
        &["commit", "-q", "-m", "x"],
    );
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("`secret` is not a gate"), "{err}");
    assert!(err.contains("secrets, imports"), "{err}");
    let out = repo
        .command_env(
            crate::support::bin("provenance"),
            &[("PROVENANCE_SKIP", "sast,depcheck")],
        )
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn not_a_repository_is_exit_3_and_scan_dir_works_outside_one() {
    let repo = TestRepo::new();
    let outside = repo.outside("plain-dir");
    std::fs::create_dir_all(outside.join("conf")).unwrap();
    std::fs::write(outside.join("conf/.env"), secret_env()).unwrap();
    std::fs::write(outside.join("README"), "hello\n").unwrap();
    let run = |args: &[&str]| {
        repo.command(crate::support::bin("provenance"))
            .current_dir(&outside)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        text(&out)
    );
    // Scanning a directory needs no repository.
    let out = run(&["scan", "--gate", "secrets", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("conf/.env"), "{}", text(&out));
    assert!(!stderr(&out).contains(&aws_key()), "{}", text(&out));
    let out = run(&["scan", "--gate", "secrets", "README"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn config_errors_name_the_file_line_and_what_was_expected() {
    let repo = TestRepo::with_base();
    repo.write(
        ".provenance.toml",
        "[gates]\nsecrets = \"block\"\n\n[sast]\nexternal = [\"pylint\"]\n",
    );
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains(".provenance.toml:5:"), "{err}");
    assert!(err.contains("`pylint` is not an analyzer"), "{err}");

    // --config and the user config are named when they are the broken file.
    let explicit = repo.outside("team.toml");
    std::fs::write(&explicit, "[gates]\nsast = \"sometimes\"\n").unwrap();
    let out = repo.provenance(&["--config", explicit.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains(&format!("{}:2:", explicit.display())),
        "{}",
        text(&out)
    );
    std::fs::remove_file(repo.path(".provenance.toml")).unwrap();
    let user = repo.home.join(".config/provenance/config.toml");
    std::fs::create_dir_all(user.parent().unwrap()).unwrap();
    std::fs::write(&user, "\n\n[secrets]\nmax_file_bytes = \"big\"\n").unwrap();
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains(&format!("{}:4:", user.display())),
        "{}",
        text(&out)
    );
}

/// Every file of a directory with its bytes, for before/after comparisons.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn per_repository_and_global_installs_compose() {
    let repo = TestRepo::with_base();
    let own_log = repo.outside("own.log");
    let own_hooks = repo.git_dir().join("hooks");
    write_script(
        &own_hooks.join("pre-commit"),
        &format!("#!/bin/sh\necho own >> '{}'\n", own_log.display()),
    );
    ok(&repo.provenance(&["install", "--global"]));
    let global = repo.home.join(".config/provenance/hooks");
    let global_before = snapshot(&global);

    // A per-repository install under the global one goes to the repository's own hooks
    // dir and says which install is in use; the global dir is untouched.
    let out = repo.provenance(&["install"]);
    ok(&out);
    assert!(stderr(&out).contains("machine-wide"), "{}", text(&out));
    assert_eq!(
        snapshot(&global),
        global_before,
        "install rewrote the global hooks"
    );
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "one"]);
    assert_eq!(std::fs::read_to_string(&own_log).unwrap(), "own\n");

    // Its uninstall leaves the global hooks as they were, and they still run.
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(
        snapshot(&global),
        global_before,
        "uninstall emptied the global hooks"
    );
    assert!(own_hooks.join("pre-commit").is_file());
    repo.stage("b.txt", "b\n");
    repo.git(&["commit", "-q", "-m", "two"]);
    assert_eq!(std::fs::read_to_string(&own_log).unwrap(), "own\nown\n");
    repo.stage("deploy/.env", &secret_env());
    let out = repo.git_output(&["commit", "-q", "-m", "secret"]);
    assert!(
        !out.status.success(),
        "global gates no longer run: {}",
        text(&out)
    );

    // Nothing to remove is said as such.
    let out = repo.provenance(&["uninstall"]);
    ok(&out);
    assert!(
        stderr(&out).contains("nothing was removed"),
        "{}",
        text(&out)
    );
    ok(&repo.provenance(&["uninstall", "--global"]));
}

#[test]
fn a_tracked_hooks_path_is_not_modified_without_force() {
    let repo = TestRepo::with_base();
    write_script(&repo.path(".githooks/pre-commit"), "#!/bin/sh\nexit 0\n");
    repo.git(&["add", ".githooks"]);
    repo.git(&["commit", "-q", "-m", "team hooks"]);
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let before = snapshot(&repo.path(".githooks"));
    let out = repo.provenance(&["install"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("tracked"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains("provenance hook pre-commit"), "{err}");
    assert_eq!(snapshot(&repo.path(".githooks")), before);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    // --force installs, keeping the tracked hook as .local; uninstall restores it.
    ok(&repo.provenance(&["install", "--force"]));
    assert!(repo.path(".githooks/pre-commit.local").is_file());
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(snapshot(&repo.path(".githooks")), before);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn files_the_secrets_gate_cannot_read_are_reported_and_degrade_the_commit() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    // Over max_file_bytes: could hide a secret, so the gate is degraded and blocks.
    repo.write(".provenance.toml", "[secrets]\nmax_file_bytes = 64\n");
    repo.git(&["add", ".provenance.toml"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "config"]);
    repo.stage("big.txt", &"harmless line\n".repeat(20));
    let out = repo.git_output(&["commit", "-q", "-m", "big"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("big.txt"), "{err}");
    assert!(err.contains("max_file_bytes"), "{err}");
    assert!(err.contains("degraded"), "{err}");
    // A text file with a NUL byte is scanned, not skipped as binary.
    repo.git(&["reset", "-q", "HEAD", "big.txt"]);
    std::fs::remove_file(repo.path("big.txt")).unwrap();
    repo.write(".provenance.toml", "");
    repo.git(&["add", ".provenance.toml"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "config"]);
    let mut data = secret_env().into_bytes();
    data.push(0);
    repo.write("dump.dat", data);
    repo.git(&["add", "dump.dat"]);
    let out = repo.git_output(&["commit", "-q", "-m", "nul"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("aws-access-key-id"), "{}", text(&out));
    // Vendored files are left out on purpose, and still said so at the default verbosity.
    repo.git(&["reset", "-q", "HEAD", "dump.dat"]);
    repo.stage("node_modules/x/index.js", "module.exports = 1;\n");
    let out = repo.git_output(&["commit", "-q", "-m", "vendored"]);
    ok(&out);
    assert!(stderr(&out).contains("not scanned"), "{}", text(&out));
}

#[test]
fn amend_and_rebase_before_the_first_note_print_no_git_warning() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "one"]);
    let out = repo.git_output(&["commit", "-q", "--amend", "-m", "one again"]);
    ok(&out);
    assert_eq!(stderr(&out), "", "{}", text(&out));
    repo.stage("b.txt", "b\n");
    repo.git(&["commit", "-q", "-m", "two"]);
    let out = repo.git_output(&["rebase", "-q", "--force-rebase", "HEAD~2"]);
    ok(&out);
    assert!(!stderr(&out).contains("invalid"), "{}", text(&out));
}

#[test]
fn color_follows_the_flag() {
    let repo = TestRepo::with_base();
    repo.stage("deploy/.env", &secret_env());
    let out = repo.provenance(&["--color", "always", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("\x1b[1;31mblock\x1b[0m"),
        "{}",
        text(&out)
    );
    for args in [&["--color", "never", "check"][..], &["check"][..]] {
        // `auto` is off when stderr is not a terminal, as here.
        let out = repo.provenance(args);
        assert!(!stderr(&out).contains('\x1b'), "{args:?}: {}", text(&out));
    }
}

#[test]
fn doctor_says_which_install_runs_and_what_is_broken() {
    let repo = TestRepo::with_base();
    let doctor = |repo: &TestRepo| {
        let out = repo.provenance(&["doctor", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (out.status.code(), doc)
    };
    let (code, doc) = doctor(&repo);
    assert_eq!(
        (code, doc["install"].as_str()),
        (Some(1), Some("none")),
        "{doc}"
    );

    ok(&repo.provenance(&["install"]));
    let (code, doc) = doctor(&repo);
    assert_eq!(
        (code, doc["install"].as_str()),
        (Some(0), Some("repository")),
        "{doc}"
    );
    assert_eq!(doc["problems"], serde_json::json!([]), "{doc}");

    // Another tool takes over a hook; the binary of another disappears.
    let hooks = repo.hooks_dir();
    write_script(&hooks.join("pre-push"), "#!/bin/sh\nexit 0\n");
    let script = std::fs::read_to_string(hooks.join("pre-commit")).unwrap();
    let broken: String = script
        .lines()
        .map(|l| {
            if l.starts_with("bin=") {
                "bin=/gone/provenance-pre-commit"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(hooks.join("pre-commit"), broken + "\n").unwrap();
    let out = repo.provenance(&["doctor"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        report.contains("/gone/provenance-pre-commit (MISSING)"),
        "{report}"
    );
    assert!(
        report.contains("pre-push") && report.contains("another tool's hook"),
        "{report}"
    );
    assert!(report.contains("fix: "), "{report}");
    ok(&repo.provenance(&["uninstall"]));
    std::fs::remove_file(hooks.join("pre-commit")).ok();

    // Under the machine-wide install, doctor says so.
    ok(&repo.provenance(&["install", "--global"]));
    std::fs::remove_file(hooks.join("pre-push")).ok();
    let (code, doc) = doctor(&repo);
    assert_eq!(doc["install"].as_str(), Some("machine-wide"), "{doc}");
    assert_eq!(code, Some(0), "{doc}");
    ok(&repo.provenance(&["uninstall", "--global"]));
}

#[test]
fn config_check_validates_every_file() {
    let repo = TestRepo::with_base();
    let out = repo.provenance(&["config", "check"]);
    ok(&out);
    repo.write(".provenance.toml", "[gates]\nsecrets = \"warn\"\n");
    let out = repo.provenance(&["config", "check"]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains(".provenance.toml: ok"));
    repo.write(".provenance.toml", "[gates]\nsecrets = \"sometimes\"\n");
    let out = repo.provenance(&["config", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains(".provenance.toml:2:"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_custom_rule_that_does_not_compile_is_an_error_naming_it() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.write(
        ".provenance.toml",
        "[[secrets.rule]]\nid = \"acme-key\"\nregex = 'acme_([0-9a-f]{32}'\n",
    );
    repo.stage("a.txt", "a\n");
    let out = repo.git_output(&["commit", "-q", "-m", "x"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("acme-key"), "{}", text(&out));
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn built_in_sast_blocks_injection_at_pre_commit_and_passes_safe_forms() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.write("requirements.txt", "");
    // SQL built with % formatting and a shell command built from input: blocked.
    repo.stage(
        "app.py",
        "import subprocess\n\ndef run(cursor, user, name):\n    cursor.execute(\"SELECT * FROM t WHERE u = '%s'\" % user)\n    subprocess.run(f\"ls {name}\", shell=True)\n",
    );
    let out = repo.git_output(&["commit", "-q", "-m", "unsafe"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("sast"), "{err}");
    assert!(err.contains("app.py:4"), "{err}");
    assert!(err.contains("app.py:5"), "{err}");
    assert!(err.contains("CWE") || err.contains("Fix:"), "{err}");
    // The parameterized query and the constant command: allowed.
    repo.stage(
        "app.py",
        "import subprocess\n\ndef run(cursor, user, name):\n    cursor.execute(\"SELECT * FROM t WHERE u = %s\", (user,))\n    subprocess.run(\"ls -l\", shell=True)\n",
    );
    ok(&repo.git_output(&["commit", "-q", "-m", "safe"]));
    // An inline suppression lets a reviewed case through.
    repo.stage(
        "tool.py",
        "import os\n\ndef go(cmd):\n    os.system(cmd)  # nosec reviewed: cmd is a fixed list\n",
    );
    ok(&repo.git_output(&["commit", "-q", "-m", "reviewed"]));
}

#[test]
fn sast_findings_in_tests_and_tools_are_reported_at_medium_unless_configured() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.write("requirements.txt", "");
    let script =
        "import subprocess\n\ndef run(name):\n    subprocess.run(f\"ls {name}\", shell=True)\n";
    // A test helper and a maintainer script: shown, at medium, and not blocking.
    repo.stage("tests/test_cli.py", script);
    repo.stage("tools/release.py", script);
    let out = repo.git_output(&["commit", "-q", "-m", "helpers"]);
    ok(&out);
    let out = repo.provenance(&["check", "--all", "--format", "json"]);
    let json = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(json.contains("tests/test_cli.py"), "{json}");
    assert!(json.contains("\"medium\""), "{json}");
    assert!(json.contains("test or tooling code"), "{json}");
    // The same code in the shipped package blocks.
    repo.stage("pkg/cli.py", script);
    let out = repo.git_output(&["commit", "-q", "-m", "shipped"]);
    assert!(!out.status.success(), "{}", text(&out));
    repo.git(&["reset", "-q"]);
    std::fs::remove_file(repo.path("pkg/cli.py")).unwrap();
    // `test_severity = "keep"` keeps every rule's own severity, so a test file blocks too.
    repo.write(".provenance.toml", "[sast]\ntest_severity = \"keep\"\n");
    repo.stage("tests/test_more.py", script);
    let out = repo.git_output(&["commit", "-q", "-m", "strict"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("tests/test_more.py:4"),
        "{}",
        text(&out)
    );
    // A glob that does not parse is a config error naming the key.
    repo.write(".provenance.toml", "[sast]\ntest_paths = [\"tests/[\"]\n");
    let out = repo.provenance(&["config", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("sast.test_paths"), "{}", text(&out));
}
