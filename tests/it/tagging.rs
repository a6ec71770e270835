//! Session-tagged commits: git-visible trailers and a note; the session store and its
//! commands.

use crate::support::{ok, text, TestRepo};

#[test]
fn session_commit_gets_trailers_note_and_amend_is_idempotent() {
    let mut repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "--prompt",
        "add parser",
    ]));
    repo.write("a.txt", "hello\n");
    repo.git(&["add", "a.txt"]);
    repo.set_env("CLAUDECODE", "1");
    repo.git(&["commit", "-q", "-m", "x"]);

    let parsed = repo
        .command("git")
        .args(["interpret-trailers", "--parse"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .map(|mut s| s.write_all(repo.message("HEAD").as_bytes()));
            c.wait_with_output()
        })
        .expect("interpret-trailers");
    let parsed = String::from_utf8_lossy(&parsed.stdout).into_owned();
    let sha = provenance_sha("add parser");
    assert!(
        parsed.contains("Assisted-by: claude-code:claude-opus-4-6\n"),
        "{parsed}"
    );
    assert!(
        parsed.contains(&format!("AI-Prompt: sha256:{sha}\n")),
        "{parsed}"
    );

    let note = repo.git(&["notes", "--ref", "provenance", "show", "HEAD"]);
    assert!(note.contains("\"text\": \"add parser\""), "{note}");

    let before = repo.message("HEAD");
    repo.git(&["commit", "-q", "--amend", "--no-edit"]);
    assert_eq!(repo.message("HEAD"), before, "amend duplicated trailers");
    let note = repo.git(&["notes", "--ref", "provenance", "show", "HEAD"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&note).is_ok(),
        "note is not one JSON document: {note}"
    );
}

#[test]
fn human_commit_message_is_byte_for_byte_unchanged() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("a.txt", "hello\n");
    repo.git(&["add", "a.txt"]);
    let msg = "Subject line\n\nBody with trailing spaces   \n\nSigned-off-by: Ann Dev <ann@example.com>\n";
    repo.write("../msg.txt", msg);
    let out = repo.git_output(&["commit", "-q", "--cleanup=verbatim", "-F", "../msg.txt"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(repo.message("HEAD"), format!("{msg}\n"));
    let notes = repo.git_output(&["notes", "--ref", "provenance", "show", "HEAD"]);
    assert!(!notes.status.success(), "a human commit got a note");
}

fn provenance_sha(text: &str) -> String {
    provenance_findings::sha256_hex(text.as_bytes())
}

fn start(repo: &TestRepo, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "session",
        "start",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
    ];
    args.extend_from_slice(extra);
    repo.provenance(&args)
}

#[test]
fn session_store_keeps_prompts_redacted_private_and_deletes_them_at_end() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let secret = "hunter2-Tr0ub4dor-x9";
    let prompt = format!("deploy with https://deploy:{secret}@ci.example.com/hook");
    ok(&start(&repo, &["--prompt", &prompt]));
    let store = repo.git_dir().join("provenance");
    let files = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p.clone());
                }
                out.push(p);
            }
        }
        out
    };
    for path in files(&store) {
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains(secret), "{}: {text}", path.display());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            let want = if path.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode, want, "{}", path.display());
        }
    }
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(&[("CLAUDECODE", "1")], &["commit", "-q", "-m", "deploy"]);
    // The digest is of the prompt as given; only the stored text is redacted.
    let msg = repo.message("HEAD");
    assert!(
        msg.contains(&format!("AI-Prompt: sha256:{}\n", provenance_sha(&prompt))),
        "{msg}"
    );
    let note = repo.note("HEAD").unwrap();
    assert!(!note.contains(secret), "{note}");
    ok(&repo.provenance(&["session", "end"]));
    for path in files(&store).into_iter().filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("deploy with"), "{}: {text}", path.display());
    }
}

#[test]
fn session_start_refuses_to_replace_an_active_session_unless_asked() {
    let repo = TestRepo::with_base();
    ok(&start(&repo, &["--prompt", "first"]));
    let out = start(&repo, &["--prompt", "second"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = text(&out);
    assert!(
        err.contains("is active") && err.contains("--replace"),
        "{err}"
    );
    let status = |args: &[&str]| -> serde_json::Value {
        let out = repo.provenance(args);
        ok(&out);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = status(&["session", "status", "--format", "json"]);
    assert!(
        err.contains(before["active"]["id"].as_str().unwrap()),
        "{err}"
    );
    ok(&start(&repo, &["--replace", "--prompt", "second"]));
    // `--json` stays as a hidden alias of `--format json`.
    let after = status(&["session", "status", "--json"]);
    assert_ne!(after["active"]["id"], before["active"]["id"]);
    let texts: Vec<&str> = after["next_commit"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["prompts"].as_array().unwrap())
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(texts, ["second"]);
    let help = repo.provenance(&["session", "status", "--help"]);
    assert!(!String::from_utf8_lossy(&help.stdout).contains("--json"));
}

#[test]
fn sessions_are_per_worktree_unless_started_for_all() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    let wt = repo.outside("wt");
    repo.git(&["worktree", "add", "-q", "-b", "wt", wt.to_str().unwrap()]);
    let help = repo.provenance(&["session", "start", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("worktree it was started in") && help.contains("--all-worktrees"),
        "{help}"
    );

    ok(&start(&repo, &["--prompt", "main only"]));
    let in_wt = repo.at(&wt);
    in_wt.stage("w.txt", "w\n");
    in_wt.git(&["commit", "-q", "-m", "wt work"]);
    assert_eq!(in_wt.message("HEAD"), "wt work\n\n");
    ok(&repo.provenance(&["session", "end"]));

    ok(&start(
        &repo,
        &["--all-worktrees", "--prompt", "everywhere"],
    ));
    in_wt.stage("w2.txt", "w\n");
    in_wt.git(&["commit", "-q", "-m", "wt work 2"]);
    let msg = in_wt.message("HEAD");
    assert!(
        msg.contains(&format!(
            "AI-Prompt: sha256:{}",
            provenance_sha("everywhere")
        )),
        "{msg}"
    );
    // One active session for the repository: a per-worktree start is refused beside it.
    assert_eq!(start(&repo, &[]).status.code(), Some(2));
    ok(&in_wt.provenance(&["session", "end"]));
    repo.stage("m.txt", "m\n");
    repo.git(&["commit", "-q", "-m", "main later"]);
    assert_eq!(repo.message("HEAD"), "main later\n\n");
}

#[test]
fn a_user_assisted_by_beside_a_session_is_kept_in_the_note() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    ok(&start(&repo, &["--prompt", "p"]));
    repo.stage("a.txt", "a\n");
    repo.git(&[
        "commit",
        "-q",
        "-m",
        "x",
        "--trailer",
        "Assisted-by: codex:gpt-5",
    ]);
    let msg = repo.message("HEAD");
    assert_eq!(msg.matches("Assisted-by:").count(), 2, "{msg}");
    let note = repo.note_json("HEAD");
    assert_eq!(
        note["assisted_by"],
        serde_json::json!(["codex:gpt-5", "claude-code:claude-opus-4-6"]),
        "{note}"
    );
}

#[test]
fn an_unwritable_session_store_warns_and_never_repeats_a_prompt() {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    ok(&start(&repo, &["--prompt", "once"]));
    // A directory where the lock file goes: no write to the store can succeed, even as
    // root (permissions alone do not stop root).
    std::fs::create_dir(repo.git_dir().join("provenance").join("lock")).unwrap();
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(&[], &["commit", "-q", "-m", "first"]);
    assert!(out.status.success(), "{}", text(&out));
    let err = text(&out);
    assert!(err.contains("could not record"), "{err}");
    let prompt = format!("AI-Prompt: sha256:{}", provenance_sha("once"));
    assert!(repo.message("HEAD").contains(&prompt));
    assert!(repo.note("HEAD").is_some(), "the note is written first");
    repo.stage("b.txt", "b\n");
    let out = repo.git_env(&[], &["commit", "-q", "-m", "second"]);
    assert!(out.status.success(), "{}", text(&out));
    let msg = repo.message("HEAD");
    assert!(
        !msg.contains(&prompt),
        "the prompt is claimed twice:\n{msg}"
    );
    assert!(
        msg.contains("Assisted-by: claude-code:claude-opus-4-6"),
        "{msg}"
    );
}
