//! `install.sh` as a new user runs it: a fresh HOME, the script under a POSIX shell (dash
//! when the machine has it), the binaries this test built (`--bin`, so nothing is compiled).

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// `dash` when installed (the strictest common POSIX sh), else `sh`.
pub fn posix_sh() -> &'static str {
    if Path::new("/usr/bin/dash").is_file() || Path::new("/bin/dash").is_file() {
        "dash"
    } else {
        "sh"
    }
}

/// The checkout's `install.sh`.
pub fn install_sh() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("install.sh")
}

/// Run `install.sh args…` in `cwd` with the hermetic environment of `repo`.
pub fn run_install_sh(repo: &TestRepo, cwd: &Path, args: &[&str]) -> Output {
    repo.command(posix_sh())
        .current_dir(cwd)
        .arg(install_sh())
        .args(args)
        .output()
        .expect("run install.sh")
}

/// Every file under `dir` (relative path → bytes and mode), for byte-for-byte comparisons.
pub fn tree(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, u32)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                out.insert(format!("{rel}/"), (Vec::new(), 0));
                walk(base, &path, out);
            } else {
                use std::os::unix::fs::PermissionsExt;
                let bytes = if meta.file_type().is_symlink() {
                    std::fs::read_link(&path)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                        .into_bytes()
                } else {
                    std::fs::read(&path).unwrap()
                };
                out.insert(rel, (bytes, meta.permissions().mode()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// `git config --global --list` as the user would see it (empty when there is no file).
pub fn global_list(repo: &TestRepo) -> String {
    text(&repo.git_output(&["config", "--global", "--list"]))
}

fn provenance_bin() -> String {
    bin("provenance").to_string_lossy().into_owned()
}

#[test]
fn fresh_home_install_covers_a_new_repository_and_uninstall_restores_everything() {
    let repo = TestRepo::new();
    let home = repo.home.clone();
    let config_before = global_list(&repo);
    let home_before = tree(&home);

    // Outside any repository the script installs machine-wide.
    let out = run_install_sh(&repo, &home, &["--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("machine-wide"),
        "says what it did: {}",
        text(&out)
    );
    // Idempotent: a second run changes nothing.
    let config_once = global_list(&repo);
    let home_once = tree(&home);
    let out = run_install_sh(&repo, &home, &["--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(global_list(&repo), config_once);
    assert_eq!(tree(&home), home_once);

    // A brand-new repository: no per-repository step.
    let x = home.join("x");
    let out = repo
        .command("git")
        .current_dir(&home)
        .args(["init", "-q", "x"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = repo
        .command("git")
        .current_dir(&x)
        .env("CLAUDECODE", "1")
        .args(["commit", "-q", "--allow-empty", "-m", "first"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let view = repo.at(&x);
    assert_eq!(
        view.message("HEAD"),
        "first\n\nAssisted-by: claude-code\n\n"
    );
    assert!(view.note("HEAD").is_some(), "post-commit wrote no note");
    let x_hooks = tree(&x.join(".git/hooks"));

    let out = run_install_sh(&repo, &home, &["--uninstall", "--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("left alone"), "{}", text(&out));
    assert_eq!(global_list(&repo), config_before);
    let mut home_after = tree(&home);
    home_after.retain(|k, _| !k.starts_with("x/"));
    let mut home_expected = home_before.clone();
    home_expected.remove("x/");
    home_after.remove("x/");
    // The directories install created are gone again (an empty ~/.config may stay).
    home_after.remove(".config/");
    assert_eq!(
        home_after.keys().collect::<Vec<_>>(),
        home_expected.keys().collect::<Vec<_>>()
    );
    assert_eq!(home_after, home_expected);
    assert_eq!(
        tree(&x.join(".git/hooks")),
        x_hooks,
        "the repository's own hooks dir"
    );
}

#[test]
fn uninstall_restores_a_global_config_and_hooks_path_that_were_there() {
    let repo = TestRepo::with_base();
    let team = repo.outside("team-hooks");
    let team_log = repo.outside("team.log");
    write_script(
        &team.join("pre-commit"),
        &format!("#!/bin/sh\necho team >> '{}'\n", team_log.display()),
    );
    repo.git(&[
        "config",
        "--global",
        "core.hooksPath",
        team.to_str().unwrap(),
    ]);
    repo.git(&["config", "--global", "alias.st", "status -sb"]);
    repo.git(&[
        "config",
        "--global",
        "notes.rewriteRef",
        "refs/notes/commits",
    ]);
    let own_log = repo.outside("own.log");
    write_script(
        &repo.git_dir().join("hooks/pre-commit"),
        &format!("#!/bin/sh\necho own >> '{}'\n", own_log.display()),
    );
    let gitconfig_before = std::fs::read(repo.home.join(".gitconfig")).unwrap();
    let list_before = global_list(&repo);
    let team_before = tree(&team);
    let hooks_before = tree(&repo.git_dir().join("hooks"));

    let out = run_install_sh(&repo, &repo.root, &["--global", "--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "x"]);
    assert_eq!(std::fs::read_to_string(&team_log).unwrap(), "team\n");
    assert_eq!(std::fs::read_to_string(&own_log).unwrap(), "own\n");

    let out = run_install_sh(
        &repo,
        &repo.root,
        &["--uninstall", "--global", "--bin", &provenance_bin()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(global_list(&repo), list_before);
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(repo.home.join(".gitconfig")).unwrap()),
        String::from_utf8_lossy(&gitconfig_before)
    );
    assert_eq!(tree(&team), team_before);
    assert_eq!(tree(&repo.git_dir().join("hooks")), hooks_before);
    assert!(!repo.home.join(".config/provenance/hooks").exists());
}

#[test]
fn inside_a_repository_the_default_is_that_repository_and_global_config_is_untouched() {
    let repo = TestRepo::with_base();
    let out = run_install_sh(&repo, &repo.root, &["--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("left alone"), "{}", text(&out));
    assert!(
        !repo.home.join(".gitconfig").exists(),
        "{}",
        global_list(&repo)
    );
    let hooks = repo.git_dir().join("hooks");
    assert!(std::fs::read_to_string(hooks.join("pre-commit"))
        .unwrap()
        .contains("# provenance-managed hook"));
    let out = run_install_sh(
        &repo,
        &repo.root,
        &["--uninstall", "--repo", "--bin", &provenance_bin()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!hooks.join("pre-commit").exists());
}

#[test]
fn a_repository_opts_out_of_the_machine_wide_install_and_keeps_its_own_hooks() {
    let repo = TestRepo::with_base();
    let log = repo.outside("own.log");
    write_script(
        &repo.git_dir().join("hooks/commit-msg"),
        &format!("#!/bin/sh\necho own >> '{}'\n", log.display()),
    );
    let out = run_install_sh(&repo, &repo.root, &["--global", "--bin", &provenance_bin()]);
    assert!(out.status.success(), "{}", text(&out));
    repo.git(&["config", "provenance.enabled", "false"]);
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(&[("CLAUDECODE", "1")], &["commit", "-q", "-m", "x"]);
    assert_eq!(
        repo.message("HEAD"),
        "x\n\n",
        "an opted-out repository is not tagged"
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "own\n");
    assert!(repo.note("HEAD").is_none());
}

#[test]
fn prefix_copies_the_binaries_and_bad_options_are_usage_errors() {
    let repo = TestRepo::with_base();
    let prefix = repo.outside("opt");
    let out = run_install_sh(
        &repo,
        &repo.root,
        &[
            "--no-hooks",
            "--prefix",
            prefix.to_str().unwrap(),
            "--bin",
            &provenance_bin(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(prefix.join("bin/provenance").is_file());
    assert!(prefix.join("bin/provenance-pre-commit").is_file());
    assert!(
        !repo.git_dir().join("hooks/pre-commit").exists(),
        "--no-hooks"
    );

    let out = run_install_sh(&repo, &repo.root, &["--frobnicate"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("--frobnicate"), "{}", text(&out));
    let out = run_install_sh(&repo, &repo.root, &["--bin", "/nonexistent/provenance"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("/nonexistent/provenance"),
        "{}",
        text(&out)
    );
    let out = run_install_sh(&repo, &repo.home, &["--repo", "--bin", &provenance_bin()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("not inside a git repository"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_provenance_on_path_at_this_version_is_used_without_building() {
    let mut repo = TestRepo::with_base();
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    repo.set_env("PATH", &path);
    let out = run_install_sh(&repo, &repo.root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("already installed") && stderr(&out).contains("nothing built"),
        "{}",
        text(&out)
    );
    assert!(std::fs::read_link(repo.git_dir().join("hooks/commit-msg")).is_ok());
}
