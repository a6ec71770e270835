//! Issue 3 acceptance: a session-tagged commit carries git-visible trailers and a note.

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
