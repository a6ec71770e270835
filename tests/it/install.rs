//! install / uninstall: chaining, byte-for-byte restore, hooksPath, worktrees, odd dirs,
//! config, the machine-wide install, and a missing binary.

use crate::support::{ok, stderr, text, write_script, TestRepo};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const CLAUDE: &[(&str, &str)] = &[("CLAUDECODE", "1")];

/// Every file under `dir` with its bytes and mode (sorted by name).
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let meta = e.metadata().unwrap();
            if meta.is_file() {
                out.insert(
                    e.file_name().to_string_lossy().into_owned(),
                    (
                        std::fs::read(e.path()).unwrap(),
                        meta.permissions().mode() & 0o7777,
                    ),
                );
            }
        }
    }
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn rewrite_refs(repo: &TestRepo) -> String {
    let out = repo.git_output(&["config", "--local", "--get-all", "notes.rewriteRef"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn existing_commit_msg_hook_runs_first_and_is_restored_byte_for_byte() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    let log = repo.outside("hook.log");
    // A gerrit-like hook: logs its argument, appends a Change-Id trailer, no final newline.
    let original = format!(
        "#!/bin/sh\necho \"local $1\" >> '{}'\nprintf '\\nChange-Id: I1234\\n' >> \"$1\"\nexit 0",
        log.display()
    );
    write_script(&hooks.join("commit-msg"), &original);
    std::fs::set_permissions(
        hooks.join("commit-msg"),
        std::fs::Permissions::from_mode(0o750),
    )
    .unwrap();
    let before = snapshot(&hooks);

    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        ".git/COMMIT_EDITMSG\n".replace(".git", "local .git"),
    );
    assert_eq!(
        repo.message("HEAD"),
        "x\n\nAssisted-by: claude-code\n\nChange-Id: I1234\n\n",
        "the chained hook's new paragraph made provenance tag twice"
    );

    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(snapshot(&hooks), before, "hooks dir not restored exactly");
    assert_eq!(mode(&hooks.join("commit-msg")), 0o750);
}

#[test]
fn a_failing_existing_hook_still_blocks_with_its_status() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    write_script(
        &hooks.join("commit-msg"),
        "#!/bin/sh\necho 'local hook says no' >&2\nexit 7\n",
    );
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    // The message would also be refused by provenance (AI sign-off): the existing hook
    // runs first, so its refusal is the one reported.
    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "x\n\nSigned-off-by: Claude <noreply@anthropic.com>",
    ]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("local hook says no"), "{err}");
    assert!(err.contains("exited with status 7"), "{err}");
    assert!(!err.contains("names an AI agent"), "{err}");
    assert_eq!(repo.rev("HEAD"), head);

    // The hook binary itself exits with the chained hook's status.
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, "y\n").unwrap();
    let out = repo
        .command(crate::support::bin("provenance-commit-msg"))
        .env("PROVENANCE_HOOK_DIR", &hooks)
        .arg(&msg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
}

#[test]
fn reinstall_is_idempotent_and_uninstall_still_restores() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    write_script(&hooks.join("pre-commit"), "#!/bin/sh\nexit 0\n");
    let before = snapshot(&hooks);
    let config_before = std::fs::read(repo.git_dir().join("config")).unwrap();
    ok(&repo.provenance(&["install"]));
    let once = snapshot(&hooks);
    assert_eq!(rewrite_refs(&repo), "refs/notes/provenanc[e]\n");
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&["install"]));
    assert_eq!(snapshot(&hooks), once, "second install changed the hooks");
    assert_eq!(rewrite_refs(&repo), "refs/notes/provenanc[e]\n");
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(snapshot(&hooks), before);
    assert_eq!(rewrite_refs(&repo), "");
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(repo.git_dir().join("config")).unwrap()),
        String::from_utf8_lossy(&config_before),
        ".git/config not restored"
    );
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(
        snapshot(&hooks),
        before,
        "second uninstall changed something"
    );
}

#[test]
fn pre_existing_rewrite_ref_is_kept_on_uninstall() {
    let repo = TestRepo::with_base();
    repo.git(&["config", "notes.rewriteRef", "refs/notes/commits"]);
    ok(&repo.provenance(&["install"]));
    assert_eq!(
        rewrite_refs(&repo),
        "refs/notes/commits\nrefs/notes/provenanc[e]\n"
    );
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(rewrite_refs(&repo), "refs/notes/commits\n");

    // A user who had set ours already keeps it too.
    repo.git(&[
        "config",
        "--add",
        "notes.rewriteRef",
        "refs/notes/provenance",
    ]);
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(
        rewrite_refs(&repo),
        "refs/notes/commits\nrefs/notes/provenance\n"
    );
}

#[test]
fn core_hooks_path_relative_and_absolute() {
    for (value, rel) in [("myhooks", true), ("", false)] {
        let repo = TestRepo::with_base();
        let abs = repo.outside("abs-hooks");
        let value = if rel {
            value.to_string()
        } else {
            abs.to_string_lossy().into_owned()
        };
        repo.git(&["config", "core.hooksPath", &value]);
        let dir = if rel { repo.path("myhooks") } else { abs };
        ok(&repo.provenance(&["install"]));
        assert!(dir.join("commit-msg").is_file(), "{value}");
        assert!(
            !repo.git_dir().join("hooks").join("commit-msg").exists(),
            "{value}: installed in .git/hooks instead"
        );
        repo.stage("a.txt", "a\n");
        repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
        assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
        ok(&repo.provenance(&["uninstall"]));
        assert!(
            snapshot(&dir).is_empty(),
            "{value}: {:?}",
            snapshot(&dir).keys()
        );
    }
}

#[test]
fn worktrees_share_hooks_and_keep_their_own_sessions() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let wt_path = repo.outside("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "wt",
        wt_path.to_str().unwrap(),
    ]);
    let wt = repo.at(&wt_path);
    ok(&wt.provenance(&[
        "session",
        "start",
        "--agent",
        "codex",
        "--model",
        "gpt-5",
        "--prompt",
        "in the worktree",
    ]));
    wt.stage("w.txt", "w\n");
    wt.git(&["commit", "-q", "-m", "wt work"]);
    let msg = wt.message("HEAD");
    assert!(
        msg.starts_with("wt work\n\nAssisted-by: codex:gpt-5\nAI-Prompt: sha256:"),
        "{msg}"
    );
    assert!(wt.note("HEAD").unwrap().contains("in the worktree"));

    // The main worktree has no session: a human commit there stays untagged.
    repo.stage("m.txt", "m\n");
    repo.git(&["commit", "-q", "-m", "main work"]);
    assert_eq!(repo.message("HEAD"), "main work\n\n");
    let status = repo.provenance(&["session", "status"]);
    ok(&status);
    assert!(
        String::from_utf8_lossy(&status.stdout).starts_with("no active session"),
        "{}",
        text(&status)
    );
}

#[test]
fn missing_hooks_dir_is_created() {
    let repo = TestRepo::with_base();
    let hooks = repo.git_dir().join("hooks");
    std::fs::remove_dir_all(&hooks).unwrap();
    ok(&repo.provenance(&["install"]));
    assert!(hooks.join("prepare-commit-msg").is_file());
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
}

#[test]
fn hooks_path_that_is_a_file_is_a_usage_error() {
    let repo = TestRepo::with_base();
    repo.write("notadir", "x\n");
    repo.git(&["config", "core.hooksPath", "notadir"]);
    let out = repo.provenance(&["install"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("notadir is not a directory"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(repo.path("notadir")).unwrap(), b"x\n");
}

#[test]
fn existing_local_hook_refuses_without_force_and_loses_nothing() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    std::fs::remove_dir_all(&hooks).unwrap();
    write_script(&hooks.join("pre-commit"), "#!/bin/sh\necho pre\n");
    write_script(&hooks.join("commit-msg"), "#!/bin/sh\necho current\n");
    write_script(&hooks.join("commit-msg.local"), "#!/bin/sh\necho older\n");
    let before = snapshot(&hooks);
    let out = repo.provenance(&["install"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("--force"), "{}", text(&out));
    assert_eq!(
        snapshot(&hooks),
        before,
        "a refused install changed the hooks dir"
    );
    assert_eq!(
        rewrite_refs(&repo),
        "",
        "a refused install changed the config"
    );

    ok(&repo.provenance(&["install", "--force"]));
    let after = snapshot(&hooks);
    assert_eq!(after["commit-msg.local"].0, b"#!/bin/sh\necho current\n");
    assert_eq!(after["pre-commit.local"].0, b"#!/bin/sh\necho pre\n");
    let aside: Vec<_> = after
        .iter()
        .filter(|(k, _)| k.starts_with("commit-msg.local.bak-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", after.keys());
    assert_eq!(aside[0].1 .0, b"#!/bin/sh\necho older\n");
}

#[test]
fn bare_repository_is_a_usage_error() {
    let repo = TestRepo::new();
    let bare = repo.outside("bare.git");
    repo.git(&["init", "-q", "--bare", bare.to_str().unwrap()]);
    let out = repo
        .command(crate::support::bin("provenance"))
        .current_dir(&bare)
        .arg("install")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("is a bare repository"),
        "{}",
        text(&out)
    );
    assert!(!bare.join("hooks").join("commit-msg").exists());
}

#[test]
fn global_install_restores_previous_hooks_path_and_runs_repo_hooks() {
    let repo = TestRepo::with_base();
    let previous = repo.outside("team-hooks");
    let team_log = repo.outside("team.log");
    write_script(
        &previous.join("commit-msg"),
        &format!("#!/bin/sh\necho team >> '{}'\n", team_log.display()),
    );
    repo.git(&[
        "config",
        "--global",
        "core.hooksPath",
        previous.to_str().unwrap(),
    ]);
    let global_before = std::fs::read(repo.home.join(".gitconfig")).unwrap();

    let local_log = repo.outside("local.log");
    write_script(
        &repo.git_dir().join("hooks").join("commit-msg"),
        &format!("#!/bin/sh\necho local >> '{}'\n", local_log.display()),
    );

    ok(&repo.provenance(&["install", "--global"]));
    let hooks_path = repo.git(&["config", "--global", "core.hooksPath"]);
    assert_eq!(
        hooks_path.trim_end(),
        repo.home.join(".config/provenance/hooks").to_str().unwrap()
    );
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    assert_eq!(std::fs::read_to_string(&local_log).unwrap(), "local\n");
    assert_eq!(std::fs::read_to_string(&team_log).unwrap(), "team\n");
    assert!(
        repo.note("HEAD").is_some(),
        "no note under the global install"
    );

    ok(&repo.provenance(&["uninstall", "--global"]));
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(repo.home.join(".gitconfig")).unwrap()),
        String::from_utf8_lossy(&global_before)
    );
}

#[test]
fn global_install_without_previous_value_unsets_it() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install", "--global"]));
    ok(&repo.provenance(&["install", "--global"]));
    ok(&repo.provenance(&["uninstall", "--global"]));
    let out = repo.git_output(&["config", "--global", "--get", "core.hooksPath"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = repo.git_output(&["config", "--global", "--get-all", "notes.rewriteRef"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

/// Point every installed script at a binary that does not exist (as after the binary was
/// deleted or moved).
fn break_binary(hooks: &Path) {
    for entry in std::fs::read_dir(hooks).unwrap().flatten() {
        let path = entry.path();
        // A hook installed as a symlink to its binary now points at nothing.
        if let Ok(target) = std::fs::read_link(&path) {
            let name = target.file_name().unwrap().to_owned();
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(Path::new("/nonexistent").join(name), &path).unwrap();
            continue;
        }
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue;
        };
        if body.contains("# provenance-managed hook") {
            let broken = body
                .lines()
                .map(|l| {
                    if l.starts_with("bin=") {
                        "bin=/nonexistent/provenance-hook".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(&path, broken + "\n").unwrap();
        }
    }
}

#[test]
fn missing_binary_blocks_the_gates_never_the_tagging_and_the_users_hooks_still_run() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    let log = repo.outside("local.log");
    for hook in ["commit-msg", "pre-commit"] {
        write_script(
            &hooks.join(hook),
            &format!(
                "#!/bin/sh\necho \"$(basename \"$0\")\" >> '{}'\n",
                log.display()
            ),
        );
    }
    ok(&repo.provenance(&["install"]));
    break_binary(&hooks);
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert!(
        !out.status.success(),
        "gates passed without a binary: {}",
        text(&out)
    );
    assert_eq!(repo.rev("HEAD"), head);
    let err = stderr(&out);
    assert!(err.contains("not found"), "{err}");
    assert!(err.contains("blocked"), "{err}");
    assert!(err.contains("--no-verify"), "{err}");
    // The user's pre-commit ran first, under the name git gave it.
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "pre-commit\n");

    // --no-verify skips the gates; tagging (prepare-commit-msg, a link to the gone binary,
    // which git skips) lets it through untagged.
    let out = repo.git_env(CLAUDE, &["commit", "-q", "--no-verify", "-m", "x"]);
    ok(&out);
    assert_eq!(repo.message("HEAD"), "x\n\n");

    // A failing user hook still blocks with its own status.
    write_script(&hooks.join("pre-commit.local"), "#!/bin/sh\nexit 7\n");
    repo.stage("b.txt", "b\n");
    let out = repo.git_output(&["commit", "-q", "-m", "y"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(!stderr(&out).contains("not found"), "{}", text(&out));
}

#[test]
fn missing_binary_under_husky_still_runs_the_husky_hook() {
    let repo = TestRepo::with_base();
    let log = repo.outside("husky.log");
    husky(&repo, &log);
    write_script(
        &repo.path(".husky/_/pre-commit"),
        "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
    );
    write_script(
        &repo.path(".husky/pre-commit"),
        &format!("echo husky-pre-commit >> '{}'\n", log.display()),
    );
    ok(&repo.provenance(&["install"]));
    break_binary(&repo.path(".husky/_"));
    repo.stage("a.txt", "b\n");
    let out = repo.git_output(&["commit", "-q", "-m", "x"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "husky-pre-commit\n",
        "the husky hook kept as .local was skipped"
    );
    ok(&repo.git_output(&["commit", "-q", "--no-verify", "-m", "x"]));
}

#[test]
fn symlinked_hook_is_chained_and_restored_as_a_symlink() {
    let repo = TestRepo::with_base();
    let hooks = repo.hooks_dir();
    let log = repo.outside("linked.log");
    write_script(
        &repo.path("scripts/commit-msg.sh"),
        &format!("#!/bin/sh\necho linked >> '{}'\n", log.display()),
    );
    std::os::unix::fs::symlink("../../scripts/commit-msg.sh", hooks.join("commit-msg")).unwrap();
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "linked\n");
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    ok(&repo.provenance(&["uninstall"]));
    assert_eq!(
        std::fs::read_link(hooks.join("commit-msg")).unwrap(),
        Path::new("../../scripts/commit-msg.sh")
    );
    assert!(!hooks.join("commit-msg.local").exists());
}

#[test]
fn install_from_a_linked_worktree_hooks_every_worktree() {
    let repo = TestRepo::with_base();
    let wt_path = repo.outside("wt2");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "wt2",
        wt_path.to_str().unwrap(),
    ]);
    let wt = repo.at(&wt_path);
    ok(&wt.provenance(&["install"]));
    assert!(repo.git_dir().join("hooks/commit-msg").is_file());
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    assert_eq!(rewrite_refs(&repo), "refs/notes/provenanc[e]\n");
    ok(&wt.provenance(&["uninstall"]));
    assert!(!repo.git_dir().join("hooks/commit-msg").exists());
    assert_eq!(rewrite_refs(&repo), "");
}

#[test]
fn paths_with_spaces_and_quotes_work() {
    let repo = TestRepo::named("my repo's $dir");
    repo.stage("base.txt", "base\n");
    repo.git(&["commit", "-q", "-m", "base"]);
    let log = repo.outside("local log.txt");
    write_script(
        &repo.hooks_dir().join("commit-msg"),
        &format!("#!/bin/sh\necho \"local $1\" >> \"{}\"\n", log.display()),
    );
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "local .git/COMMIT_EDITMSG\n"
    );
    assert!(repo.note("HEAD").is_some());
}

#[test]
fn global_install_over_a_repo_install_still_runs_the_repo_hook_it_kept() {
    let repo = TestRepo::with_base();
    let log = repo.outside("local.log");
    write_script(
        &repo.hooks_dir().join("commit-msg"),
        &format!("#!/bin/sh\necho local >> '{}'\n", log.display()),
    );
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&["install", "--global"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "local\n");
}

#[test]
fn separate_git_dir_and_explicit_git_dir_env() {
    let repo = TestRepo::new();
    let gitdir = repo.outside("elsewhere.git");
    // Re-init with the git dir moved out of the worktree (.git becomes a gitfile).
    std::fs::remove_dir_all(repo.path(".git")).unwrap();
    repo.git(&[
        "init",
        "-q",
        "-b",
        "main",
        "--separate-git-dir",
        gitdir.to_str().unwrap(),
    ]);
    assert!(repo.path(".git").is_file());
    ok(&repo.provenance(&["install"]));
    assert!(gitdir.join("hooks/commit-msg").is_file());
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "my-tool",
        "--allow-unknown-agent",
        "--prompt",
        "go",
    ]));
    assert!(gitdir.join("provenance/current").is_file());
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "x"]);
    let msg = repo.message("HEAD");
    assert!(
        msg.starts_with("x\n\nAssisted-by: my-tool\nAI-Prompt: sha256:"),
        "{msg}"
    );
    ok(&repo.provenance(&["session", "end"]));
    // git run from outside with GIT_DIR/GIT_WORK_TREE set: hooks see the same repository.
    repo.stage("b.txt", "b\n");
    let out = repo
        .command("git")
        .current_dir(repo.outside(""))
        .env("GIT_DIR", &gitdir)
        .env("GIT_WORK_TREE", &repo.root)
        .args(["commit", "-q", "-m", "y"])
        .env("CLAUDECODE", "1")
        .output()
        .unwrap();
    ok(&out);
    assert_eq!(
        repo.message("HEAD"),
        "y\n\nAssisted-by: claude-code\n\n",
        "{}",
        text(&out)
    );
}

/// husky 9's generated files: `.husky/_/<hook>` sources `.husky/_/h`, which finds the
/// user's `.husky/<hook>` from `basename "$0"`.
fn husky(repo: &TestRepo, log: &Path) {
    write_script(
        &repo.path(".husky/_/h"),
        "#!/usr/bin/env sh\nn=$(basename \"$0\")\ns=$(dirname \"$(dirname \"$0\")\")/$n\n[ ! -f \"$s\" ] && exit 0\nsh -e \"$s\" \"$@\"\n",
    );
    write_script(
        &repo.path(".husky/_/commit-msg"),
        "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
    );
    write_script(
        &repo.path(".husky/commit-msg"),
        &format!("echo husky >> '{}'\n", log.display()),
    );
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
}

#[test]
fn husky_hooks_still_run_after_install() {
    let repo = TestRepo::with_base();
    let log = repo.outside("husky.log");
    husky(&repo, &log);
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "before"]);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "husky\n");
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "b\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: claude-code\n\n");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "husky\nhusky\n");
}

#[test]
fn submodule_install_and_tagging() {
    let lib = TestRepo::with_base();
    let repo = TestRepo::with_base();
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.root.to_str().unwrap(),
        "lib",
    ]);
    repo.git(&["commit", "-q", "-m", "add lib"]);
    let sub = repo.at(&repo.path("lib"));
    sub.git(&["config", "user.name", "Ann Dev"]);
    ok(&sub.provenance(&["install"]));
    let modules = repo.git_dir().join("modules/lib");
    assert!(modules.join("hooks/commit-msg").is_file());
    ok(&sub.provenance(&[
        "session", "start", "--agent", "gemini", "--prompt", "sub work",
    ]));
    assert!(modules.join("provenance/current").is_file());
    sub.stage("s.txt", "s\n");
    sub.git(&["commit", "-q", "-m", "in the submodule"]);
    let msg = sub.message("HEAD");
    assert!(
        msg.starts_with("in the submodule\n\nAssisted-by: gemini-cli\nAI-Prompt: sha256:"),
        "{msg}"
    );
    assert!(sub.note("HEAD").unwrap().contains("sub work"));
    // The superproject is not hooked and not in the session.
    repo.git(&["add", "lib"]);
    repo.git(&["commit", "-q", "-m", "bump lib"]);
    assert_eq!(repo.message("HEAD"), "bump lib\n\n");
}

#[test]
fn chained_post_rewrite_hook_gets_args_and_stdin() {
    let repo = TestRepo::with_base();
    let log = repo.outside("rewrite.log");
    write_script(
        &repo.hooks_dir().join("post-rewrite"),
        &format!(
            "#!/bin/sh\necho \"$1\" >> '{0}'\ncat >> '{0}'\n",
            log.display()
        ),
    );
    ok(&repo.provenance(&["install"]));
    let old = repo.rev("HEAD");
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "--amend", "--no-edit"]);
    let new = repo.rev("HEAD");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!("amend\n{old} {new}\n")
    );
}

#[test]
fn chained_prepare_commit_msg_edits_are_kept_and_tagged_after() {
    let repo = TestRepo::with_base();
    write_script(
        &repo.hooks_dir().join("prepare-commit-msg"),
        "#!/bin/sh\n{ printf '[T-1] '; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    assert_eq!(
        repo.message("HEAD"),
        "[T-1] x\n\nAssisted-by: claude-code\n\n"
    );
}
