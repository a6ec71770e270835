//! `provenance doctor`: a healthy install, and each way an install breaks pinpointed with the
//! command that fixes it (snapshots, with temp paths, the build dir and versions normalised).

use crate::support::*;
use std::path::Path;
use std::process::Output;

/// Doctor's text output with the machine-specific parts replaced.
fn normalised(repo: &TestRepo, out: &Output) -> String {
    let tmp = repo.root.parent().unwrap().to_string_lossy().into_owned();
    let mut s = String::from_utf8_lossy(&out.stdout)
        .replace(&bin_dir().to_string_lossy().into_owned(), "[BIN]")
        .replace(&tmp, "[TMP]")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
        .replace(&chrono_today(), "[TODAY]");
    // Ages in days depend on today's date.
    s = s
        .lines()
        .map(|line| {
            let words: Vec<&str> = line.split(' ').collect();
            let fixed: Vec<&str> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let is_age = words.get(i + 1) == Some(&"days")
                        && !w.is_empty()
                        && w.chars().all(|c| c.is_ascii_digit());
                    if is_age {
                        "[N]"
                    } else {
                        w
                    }
                })
                .collect();
            fixed.join(" ") + "\n"
        })
        .collect();
    format!("exit {:?}\n{s}", out.status.code())
}

fn doctor(repo: &TestRepo) -> Output {
    repo.provenance(&["doctor"])
}

fn doctor_json(repo: &TestRepo) -> (Option<i32>, serde_json::Value) {
    let out = repo.provenance(&["doctor", "--format", "json"]);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out.status.code(), doc)
}

fn problems(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["what"].as_str().unwrap().to_string(),
                p["fix"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// An advisory database whose snapshot is `date` (only the header line: doctor reads no more).
fn advisory_db(repo: &TestRepo, date: &str) {
    let dir = repo.home.join(".local/share/provenance/osv");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("osv.ndjson"),
        format!("{{\"format\":\"provenance-osv-1\",\"records\":0,\"snapshot\":\"{date}\"}}\n"),
    )
    .unwrap();
}

#[test]
fn healthy_install() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let today = chrono_today();
    advisory_db(&repo, &today);
    let out = doctor(&repo);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    insta::assert_snapshot!(normalised(&repo, &out));
}

fn chrono_today() -> String {
    let out = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%dT00:00:00+00:00"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Point every installed script at a binary that does not exist.
fn delete_binary(hooks: &Path) {
    for entry in std::fs::read_dir(hooks).unwrap().flatten() {
        let path = entry.path();
        // A hook installed as a symlink to its binary now points at nothing.
        if let Ok(target) = std::fs::read_link(&path) {
            let name = target.file_name().unwrap().to_owned();
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(Path::new("/nonexistent/bin").join(name), &path).unwrap();
            continue;
        }
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue;
        };
        if body.contains("# provenance-managed hook") {
            let broken: String = body
                .lines()
                .map(|l| {
                    if l.starts_with("bin=") {
                        "bin=/nonexistent/bin/provenance-hook\n".to_string()
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            std::fs::write(&path, broken).unwrap();
        }
    }
}

#[test]
fn broken_install_each_problem_with_its_fix() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let hooks = repo.hooks_dir();
    // 1. The binary the hooks run was deleted.
    delete_binary(&hooks);
    // 2. Another tool took the pre-commit hook over, moving ours aside (what lefthook does).
    std::fs::rename(hooks.join("pre-commit"), hooks.join("pre-commit.old")).unwrap();
    write_script(
        &hooks.join("pre-commit"),
        "#!/bin/sh\n# lefthook's hook\nexec lefthook run pre-commit \"$@\"\n",
    );
    // 3. The advisory database is years old.
    advisory_db(&repo, "2020-01-01T00:00:00+00:00");

    let (code, doc) = doctor_json(&repo);
    assert_eq!(code, Some(1));
    let p = problems(&doc);
    assert!(
        p.iter()
            .any(|(w, f)| w.contains("/nonexistent/bin/provenance-hook")
                && f.contains("./install.sh")),
        "{p:?}"
    );
    assert!(
        p.iter().any(
            |(w, f)| w.starts_with("pre-commit: lefthook took the hook over")
                && w.contains("pre-commit.old")
                && f.starts_with("provenance install")
        ),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|(w, f)| w.contains("advisory database") && f.contains("provenance sca update")),
        "{p:?}"
    );
    let out = doctor(&repo);
    insta::assert_snapshot!(normalised(&repo, &out));

    // The fixes it names work: reinstall, refresh, and doctor is clean again.
    let out = repo
        .command(bin("provenance"))
        .args(["install"])
        .output()
        .unwrap();
    ok(&out);
    advisory_db(&repo, &chrono_today());
    let (code, doc) = doctor_json(&repo);
    assert_eq!(code, Some(0), "{doc}");
}

#[test]
fn a_husky_repository_under_the_machine_wide_install_is_reported_loudly() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install", "--global"]));
    write_script(
        &repo.path(".husky/_/pre-commit"),
        "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
    );
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
    let (code, doc) = doctor_json(&repo);
    assert_eq!(code, Some(1));
    let p = problems(&doc);
    assert!(
        p.iter()
            .any(|(w, f)| w.contains("sets its own core.hooksPath")
                && w.contains("machine-wide hooks")
                && f.starts_with("provenance install")),
        "{p:?}"
    );
    // The named fix: ours chain into husky's dir; doctor is then content.
    ok(&repo.provenance(&["install"]));
    let (code, doc) = doctor_json(&repo);
    assert_eq!(code, Some(0), "{doc}");
}

#[test]
fn an_agent_that_injects_its_own_hooks_path_is_detected() {
    // What Codex does for its commits: `git -c core.hooksPath=<its dir> commit`, which git
    // passes on as GIT_CONFIG_PARAMETERS; or the GIT_CONFIG_COUNT/KEY/VALUE variables.
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let agent_hooks = repo.outside("agent-hooks");
    write_script(
        &agent_hooks.join("prepare-commit-msg"),
        "#!/bin/sh\nexit 0\n",
    );
    let dir = agent_hooks.to_str().unwrap();
    let env = [
        ("GIT_CONFIG_COUNT", "1"),
        ("GIT_CONFIG_KEY_0", "core.hooksPath"),
        ("GIT_CONFIG_VALUE_0", dir),
    ];
    // The bypass itself: with the agent's hooks path, ours never run.
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(
        &[env[0], env[1], env[2], ("CLAUDECODE", "1")],
        &["commit", "-q", "-m", "by the agent"],
    );
    ok(&out);
    assert_eq!(
        repo.message("HEAD"),
        "by the agent\n\n",
        "tagged despite the bypass?"
    );

    for env in [
        env.to_vec(),
        vec![(
            "GIT_CONFIG_PARAMETERS",
            &*format!("'core.hooksPath'='{dir}'"),
        )],
    ] {
        let out = repo
            .command(bin("provenance"))
            .args(["doctor", "--format", "json"])
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let p = problems(&doc);
        assert!(
            p.iter().any(|(w, f)| w.contains("set by the environment")
                && w.contains(dir)
                && f.contains("provenance hook <hook>")
                && f.contains("provenance verify")),
            "{p:?}"
        );
    }
}

#[test]
fn a_missing_external_analyzer_is_named_with_its_fix() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo.write(".provenance.toml", "[sast]\nexternal = [\"gosec\"]\n");
    let mut repo = repo;
    repo.set_env("PATH", "/usr/bin:/bin");
    let (code, doc) = doctor_json(&repo);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(doc["analyzers"][0]["name"], "gosec");
    let p = problems(&doc);
    assert!(
        p.iter()
            .any(|(w, f)| w.contains("gosec") && f.contains("install gosec")),
        "{p:?}"
    );
}
