//! provenance beside the real hook managers — pre-commit and prek (PyPI), husky and lefthook
//! (npm) — in either install order: both run exactly once, the manager first; a failing
//! manager hook still blocks with its status; nothing is lost or orphaned on uninstall.
//!
//! The tools come from `PROVENANCE_TEST_MANAGERS_BIN` (a PATH-style list of directories;
//! `.ci/run` installs pinned versions there) or PATH. Under `CI=true` a missing tool fails
//! the test; elsewhere the test says so on stderr and passes.

use crate::install_sh::tree;
use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The directories the managers are looked up in: `PROVENANCE_TEST_MANAGERS_BIN`, then PATH.
fn search_path() -> String {
    let extra = std::env::var("PROVENANCE_TEST_MANAGERS_BIN").unwrap_or_default();
    let path = std::env::var("PATH").unwrap_or_default();
    if extra.is_empty() {
        path
    } else {
        format!("{extra}:{path}")
    }
}

/// A repository whose commands find `tools` on PATH; `None` (after saying so) when one is
/// missing outside CI.
pub fn repo_with(tools: &[&str]) -> Option<TestRepo> {
    let path = search_path();
    for tool in tools {
        let found = std::env::split_paths(&path).any(|d| d.join(tool).is_file());
        if !found {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{tool} is not installed: .ci/run installs the hook managers the tests \
                     use (pre-commit and prek from PyPI, husky and lefthook from npm) and \
                     exports PROVENANCE_TEST_MANAGERS_BIN; install {tool} or set that variable"
                );
            }
            eprintln!(
                "skipped: {tool} is not installed (set PROVENANCE_TEST_MANAGERS_BIN, or run .ci/run)"
            );
            return None;
        }
    }
    let mut repo = TestRepo::with_base();
    repo.set_env("PATH", &path);
    Some(repo)
}

/// A live-looking AWS access key id, built at run time so no secret sits in the source.
fn aws_key() -> String {
    format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7")
}

/// The manager's hook appends a line here each time it runs.
fn log_lines(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

/// Times provenance's pre-commit gate reported the staged key.
fn ours_ran(out: &Output) -> usize {
    stderr(out).matches("provenance: secrets: block").count()
}

fn commit(repo: &TestRepo, env: &[(&str, &str)], msg: &str) -> Output {
    repo.git_env(env, &["commit", "-q", "-m", msg])
}

/// Stage a file with a key: the manager's hook runs once, ours once and blocks.
fn assert_both_block_once(repo: &TestRepo, log: &Path, manager_runs_when_we_block: bool) {
    let before = log_lines(log);
    repo.stage(
        "deploy.py",
        &format!("aws_access_key_id = \"{}\"\n", aws_key()),
    );
    let out = commit(repo, &[], "deploy");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(
        ours_ran(&out),
        1,
        "provenance's gate ran once: {}",
        text(&out)
    );
    if manager_runs_when_we_block {
        assert_eq!(log_lines(log), before + 1, "the manager's hook ran once");
    } else {
        assert!(
            log_lines(log) <= before + 1,
            "the manager's hook ran at most once"
        );
    }
    repo.git(&["rm", "-q", "--cached", "deploy.py"]);
    std::fs::remove_file(repo.path("deploy.py")).unwrap();
}

/// A clean AI-assisted commit: the manager's hook runs once, ours tags it.
fn assert_both_pass_once(repo: &TestRepo, log: &Path, name: &str) {
    let before = log_lines(log);
    repo.stage(name, "print('hi')\n");
    let out = commit(repo, &[("CLAUDECODE", "1")], "clean");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(log_lines(log), before + 1, "the manager's hook ran once");
    assert_eq!(
        repo.message("HEAD"),
        "clean\n\nAssisted-by: claude-code\n\n"
    );
}

/// The manager's failing hook blocks the commit; ours does not run after it.
fn assert_manager_failure_blocks(repo: &TestRepo, log: &Path) {
    let before = log_lines(log);
    let head = repo.rev("HEAD");
    repo.stage("fail.py", "print('no')\n");
    let out = commit(repo, &[("MGR_FAIL", "1")], "fails");
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(log_lines(log), before + 1);
    assert_eq!(repo.rev("HEAD"), head, "the commit was made");
    repo.git(&["rm", "-q", "--cached", "fail.py"]);
    std::fs::remove_file(repo.path("fail.py")).unwrap();
}

/// Leftovers of a takeover: `.old`, `.legacy`, `.local` files.
fn orphans(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_keys()
        .filter(|k| k.ends_with(".old") || k.ends_with(".legacy") || k.ends_with(".local"))
        .collect()
}

/// `.pre-commit-config.yaml` with one local hook that logs each run and fails with MGR_FAIL.
fn pre_commit_config(repo: &TestRepo, log: &Path) {
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n- repo: local\n  hooks:\n  - id: log\n    name: log\n    entry: sh -c 'echo run >> \"{}\"; test -z \"$MGR_FAIL\"'\n    language: system\n    always_run: true\n    pass_filenames: false\n",
            log.display()
        ),
    );
    // pre-commit refuses to run with its config unstaged.
    repo.git(&["add", ".pre-commit-config.yaml"]);
    repo.git(&["commit", "-q", "-m", "pre-commit config"]);
}

fn run_tool(repo: &TestRepo, tool: &str, args: &[&str]) -> Output {
    let out = repo.command(tool).args(args).output().expect("run tool");
    assert!(out.status.success(), "{tool} {args:?}: {}", text(&out));
    out
}

fn manager_first_then_us(tool: &str) {
    let Some(repo) = repo_with(&[tool]) else {
        return;
    };
    let log = repo.outside("manager.log");
    pre_commit_config(&repo, &log);
    run_tool(&repo, tool, &["install"]);
    let hooks = repo.hooks_dir();
    let managed = tree(&hooks);
    ok(&repo.provenance(&["install"]));

    assert_both_block_once(&repo, &log, true);
    assert_both_pass_once(&repo, &log, "a.py");
    assert_manager_failure_blocks(&repo, &log);

    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(
        tree(&hooks),
        managed,
        "uninstall restores {tool}'s hooks byte for byte"
    );
}

fn us_first_then_manager(tool: &str) {
    let Some(repo) = repo_with(&[tool]) else {
        return;
    };
    let log = repo.outside("manager.log");
    pre_commit_config(&repo, &log);
    let hooks = repo.hooks_dir();
    let before = tree(&hooks);
    ok(&repo.provenance(&["install"]));
    // The manager keeps our script as pre-commit.legacy and runs it before its own hooks.
    run_tool(&repo, tool, &["install"]);
    assert!(
        hooks.join("pre-commit.legacy").is_file(),
        "{:?}",
        tree(&hooks).keys()
    );
    assert_both_block_once(&repo, &log, false);
    assert_both_pass_once(&repo, &log, "a.py");
    let out = repo.provenance(&["doctor", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "doctor: {}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["hooks"][0]["state"], "manager", "{doc}");
    assert_eq!(doc["hooks"][0]["tool"], tool, "{doc}");

    // Reinstalling leaves the manager's arrangement alone: still once each.
    let out = ok(&repo.provenance(&["install"])).clone();
    assert!(stderr(&out).contains("pre-commit.legacy"), "{}", text(&out));
    assert_both_block_once(&repo, &log, false);
    assert_both_pass_once(&repo, &log, "b.py");

    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(orphans(&hooks), Vec::<String>::new());
    run_tool(&repo, tool, &["uninstall"]);
    assert_eq!(
        tree(&hooks),
        before,
        "both uninstalled: the hooks dir is as it was"
    );
}

#[test]
fn pre_commit_installed_first_both_run_once() {
    manager_first_then_us("pre-commit");
}

#[test]
fn pre_commit_installed_after_us_runs_ours_as_legacy_once_and_uninstall_leaves_no_orphan() {
    us_first_then_manager("pre-commit");
}

#[test]
fn prek_installed_first_both_run_once() {
    manager_first_then_us("prek");
}

#[test]
fn prek_installed_after_us_runs_ours_as_legacy_once_and_uninstall_leaves_no_orphan() {
    us_first_then_manager("prek");
}

fn lefthook_config(repo: &TestRepo, log: &Path) {
    repo.write(
        "lefthook.yml",
        format!(
            "pre-commit:\n  commands:\n    log:\n      run: echo run >> \"{}\"; test -z \"$MGR_FAIL\"\n",
            log.display()
        ),
    );
    repo.git(&["add", "lefthook.yml"]);
    repo.git(&["commit", "-q", "-m", "lefthook config"]);
}

#[test]
fn lefthook_installed_first_both_run_once() {
    let Some(repo) = repo_with(&["lefthook"]) else {
        return;
    };
    let log = repo.outside("manager.log");
    lefthook_config(&repo, &log);
    run_tool(&repo, "lefthook", &["install"]);
    let hooks = repo.hooks_dir();
    let managed = tree(&hooks);
    ok(&repo.provenance(&["install"]));
    assert_both_block_once(&repo, &log, true);
    assert_both_pass_once(&repo, &log, "a.py");
    assert_manager_failure_blocks(&repo, &log);
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(tree(&hooks), managed);
}

#[test]
fn lefthook_installed_after_us_is_detected_and_reinstall_puts_us_back() {
    let Some(repo) = repo_with(&["lefthook"]) else {
        return;
    };
    let log = repo.outside("manager.log");
    lefthook_config(&repo, &log);
    let hooks = repo.hooks_dir();
    let before = tree(&hooks);
    ok(&repo.provenance(&["install"]));
    // lefthook moves our pre-commit to pre-commit.old, which nothing runs.
    run_tool(&repo, "lefthook", &["install"]);
    assert!(hooks.join("pre-commit.old").is_file());
    repo.stage("a.py", "print('hi')\n");
    let out = commit(&repo, &[("CLAUDECODE", "1")], "unchecked");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("took over the pre-commit hook"),
        "the next hook of ours that runs says so: {}",
        text(&out)
    );
    let out = repo.provenance(&["doctor"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("problem: pre-commit: lefthook took the hook over"),
        "{}",
        text(&out)
    );

    let out = ok(&repo.provenance(&["install"])).clone();
    assert!(!hooks.join("pre-commit.old").exists(), "{}", text(&out));
    assert_both_block_once(&repo, &log, true);
    assert_both_pass_once(&repo, &log, "b.py");

    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(orphans(&hooks), Vec::<String>::new());
    run_tool(&repo, "lefthook", &["uninstall"]);
    assert_eq!(tree(&hooks), before);
}

/// `husky` (what `npm install` runs through the `prepare` script): core.hooksPath
/// `.husky/_`, one stub per hook; the user's `.husky/pre-commit` logs and fails on MGR_FAIL.
fn husky_setup(repo: &TestRepo, log: &Path) -> PathBuf {
    repo.write(
        ".husky/pre-commit",
        format!(
            "echo run >> \"{}\"\n[ -z \"$MGR_FAIL\" ] || exit 3\n",
            log.display()
        ),
    );
    repo.git(&["add", ".husky/pre-commit"]);
    repo.git(&["commit", "-q", "-m", "husky hook"]);
    run_tool(repo, "husky", &[]);
    repo.root.join(".husky/_")
}

#[test]
fn husky_owning_core_hooks_path_both_run_once_and_its_exit_status_is_kept() {
    let Some(repo) = repo_with(&["husky", "node"]) else {
        return;
    };
    let log = repo.outside("manager.log");
    let dir = husky_setup(&repo, &log);
    let managed = tree(&dir);
    ok(&repo.provenance(&["install"]));
    assert_both_block_once(&repo, &log, true);
    assert_both_pass_once(&repo, &log, "a.py");
    assert_manager_failure_blocks(&repo, &log);
    // The hook's own status comes through the chain.
    let out = repo
        .command(dir.join("pre-commit"))
        .env("MGR_FAIL", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));

    // `npm install` runs husky again, which rewrites its stubs over ours.
    run_tool(&repo, "husky", &[]);
    repo.stage("b.py", "print('hi')\n");
    ok(&commit(&repo, &[], "b"));
    // Reinstall: the stale copies of husky's stubs are not in the way.
    ok(&repo.provenance(&["install"]));
    assert_both_block_once(&repo, &log, true);
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(tree(&dir), managed);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn husky_rerun_after_us_leaves_no_orphan_on_uninstall() {
    let Some(repo) = repo_with(&["husky", "node"]) else {
        return;
    };
    let log = repo.outside("manager.log");
    let dir = husky_setup(&repo, &log);
    let managed = tree(&dir);
    ok(&repo.provenance(&["install"]));
    run_tool(&repo, "husky", &[]);
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(orphans(&dir), Vec::<String>::new());
    assert_eq!(tree(&dir), managed);
}

#[test]
fn pre_commit_try_repo_runs_the_shipped_hooks() {
    let Some(repo) = repo_with(&["pre-commit"]) else {
        return;
    };
    // The hooks file in a repository of its own: try-repo clones it.
    let hooks_repo = TestRepo::new();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        hooks_repo.path(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    hooks_repo.git(&["add", "."]);
    hooks_repo.git(&["commit", "-q", "-m", "hooks"]);
    let mut repo = repo;
    let path = format!("{}:{}", bin_dir().display(), search_path());
    repo.set_env("PATH", &path);
    let src = hooks_repo.root.to_str().unwrap().to_string();

    repo.stage(
        "deploy.py",
        &format!("aws_access_key_id = \"{}\"\n", aws_key()),
    );
    let out = repo
        .command("pre-commit")
        .args([
            "try-repo",
            &src,
            "provenance-secrets",
            "--files",
            "deploy.py",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let all = text(&out);
    assert!(all.contains("aws-access-key-id"), "{all}");
    assert!(!all.contains(&aws_key()), "unredacted: {all}");

    repo.stage("clean.py", "import os\nprint(os.getcwd())\n");
    for id in [
        "provenance-secrets",
        "provenance-imports",
        "provenance-sast",
    ] {
        let out = repo
            .command("pre-commit")
            .args(["try-repo", &src, id, "--files", "clean.py"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{id}: {}", text(&out));
        assert!(text(&out).contains("Passed"), "{id}: {}", text(&out));
    }
}
