//! `provenance verify`: the CI step of docs/ci.md run against a real repository, and the
//! pre-receive hook of docs/ci.md in a real bare repository.

use crate::seams::{aws_key, secret_env};
use crate::support::{bin, ok, stderr, text, write_script, TestRepo};

/// The `run:` command of docs/ci.md's "provenance verify" step.
fn ci_step() -> String {
    let doc = include_str!("../../docs/ci.md");
    let step = doc
        .split("- name: provenance verify")
        .nth(1)
        .expect("docs/ci.md has a `provenance verify` step");
    step.lines()
        .find_map(|l| l.trim().strip_prefix("run: "))
        .expect("the step has a run: line")
        .to_string()
}

/// Run the CI step in `repo` for BASE..HEAD with provenance on PATH.
fn run_ci_step(repo: &TestRepo, base: &str, head: &str) -> std::process::Output {
    let path = format!(
        "{}:{}",
        bin("provenance").parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    repo.command_env(
        "sh",
        &[
            ("PATH", path.as_str()),
            ("BASE_SHA", base),
            ("HEAD_SHA", head),
            ("BASE_REF", "main"),
        ],
    )
    .args(["-c", &ci_step()])
    .output()
    .unwrap()
}

#[test]
fn the_github_actions_step_catches_a_commit_made_with_no_verify() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let base = repo.rev("HEAD");
    repo.stage("notes.txt", "fine\n");
    repo.git(&["commit", "-q", "-m", "clean"]);
    let out = run_ci_step(&repo, &base, &repo.rev("HEAD"));
    ok(&out);
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path("provenance.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    repo.stage("deploy/.env", &secret_env());
    repo.git(&["commit", "-q", "--no-verify", "-m", "skipped the hooks"]);
    let out = run_ci_step(&repo, &base, &repo.rev("HEAD"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("aws-access-key-id"), "{err}");
    assert!(!err.contains(&aws_key()), "{err}");
    let sarif = std::fs::read_to_string(repo.path("provenance.sarif")).unwrap();
    assert!(sarif.contains("aws-access-key-id") && !sarif.contains(&aws_key()));
}

#[test]
fn verify_flags_trailers_and_notes_that_disagree() {
    let mut repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let base = repo.rev("HEAD");
    let range = format!("{base}..HEAD");
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "--prompt",
        "write a",
    ]));
    repo.set_env("CLAUDECODE", "1");
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "ai work"]);
    ok(&repo.provenance(&["verify", "--range", &range]));
    ok(&repo.provenance(&["session", "end"]));

    // The trailers stripped afterwards with no hooks at all (git still carries the note):
    // the audit trail no longer agrees.
    let no_hooks = [
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "-q",
        "--amend",
        "-m",
    ];
    let mut args = no_hooks.to_vec();
    args.push("ai work, trailers gone");
    repo.git(&args);
    assert!(repo.note("HEAD").is_some(), "git did not carry the note");
    let out = repo.provenance(&["verify", "--range", &range]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("note-without-trailer"),
        "{}",
        text(&out)
    );

    // A forged Assisted-by naming another agent than the note.
    let mut args = no_hooks.to_vec();
    args.push("forged\n\nAssisted-by: codex:gpt-5");
    repo.git(&args);
    let out = repo.provenance(&["verify", "--range", &range, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.to_string().contains("trailer-note-mismatch"), "{doc}");
}

#[test]
fn the_pre_receive_hook_rejects_what_skipped_the_hooks_on_a_laptop() {
    let clone = TestRepo::with_base();
    let server = clone.outside("server.git");
    clone.git(&["init", "-q", "--bare", server.to_str().unwrap()]);
    clone.git(&["remote", "add", "origin", server.to_str().unwrap()]);
    clone.git(&["push", "-q", "origin", "main"]);
    write_script(
        &server.join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\nexec '{}' verify --pre-receive\n",
            bin("provenance").display()
        ),
    );
    // No hooks in the clone at all: only the server stands between the secret and main.
    clone.stage("deploy/.env", &secret_env());
    clone.git(&["commit", "-q", "-m", "oops"]);
    clone.git(&["tag", "-a", "v1", "-m", "release"]);
    let out = clone.git_output(&["push", "-q", "origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("aws-access-key-id"), "{err}");
    assert!(!err.contains(&aws_key()), "{err}");
    let out = clone.git_output(&["push", "-q", "origin", "v1"]);
    assert!(
        !out.status.success(),
        "the annotated tag got through: {}",
        text(&out)
    );
    let refs = clone.git(&["ls-remote", server.to_str().unwrap()]);
    assert!(!refs.contains(&clone.rev("HEAD")), "{refs}");

    // Clean work passes; deleting a branch passes.
    clone.git(&["reset", "-q", "--hard", "HEAD~1"]);
    clone.git(&["tag", "-d", "v1"]);
    clone.stage("ok.txt", "fine\n");
    clone.git(&["commit", "-q", "-m", "fine"]);
    ok(&clone.git_output(&["push", "-q", "origin", "main", "HEAD:refs/heads/topic"]));
    ok(&clone.git_output(&["push", "-q", "origin", "--delete", "topic"]));
}
