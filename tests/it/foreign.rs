//! Provenance other tools left (git-ai's `refs/notes/ai`, Entire's trailers,
//! kernel-style `Assisted-by`), read by `notes import`, `log`, `stats` and `blame`.

use crate::support::{ok, stderr, text, TestRepo};

fn commit(repo: &TestRepo, path: &str, content: &str, msg: &str) -> String {
    repo.write(path, content);
    repo.git(&["add", path]);
    repo.git(&["commit", "-q", "-m", msg]);
    repo.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn git_ai_log(attest: &str, tool: &str, model: &str) -> String {
    format!(
        "{attest}---\n{{\"schema_version\":\"authorship/3.0.0\",\"git_ai_version\":\"1.7.5\",\"base_commit_sha\":\"x\",\"prompts\":{{\"1a2b3c4d5e6f7a8b\":{{\"agent_id\":{{\"tool\":\"{tool}\",\"id\":\"c1\",\"model\":\"{model}\"}},\"human_author\":\"Ann Dev\",\"messages\":[{{\"type\":\"user\",\"text\":\"write the parser\"}}],\"total_additions\":3,\"total_deletions\":0,\"accepted_lines\":3,\"overriden_lines\":0}}}},\"humans\":{{\"h_0123456789abcd\":{{\"author\":\"Ann Dev\"}}}}}}"
    )
}

#[test]
fn git_ai_notes_and_entire_trailers_are_imported_and_read() {
    let repo = TestRepo::new();
    let human = commit(&repo, "README", "hello\n", "Human start");
    let a = commit(
        &repo,
        "parse.py",
        "def parse(s):\n    s = s.strip()\n    return s.split(',')\n# by hand\n",
        "Parser",
    );
    let note = git_ai_log(
        "parse.py\n  1a2b3c4d5e6f7a8b 1-3\n  h_0123456789abcd 4\n",
        "claude",
        "claude-opus-4-6",
    );
    repo.git(&["notes", "--ref", "ai", "add", "-m", &note, &a]);
    let e = commit(
        &repo,
        "b.py",
        "x = 1\ny = 2\n",
        "Values\n\nEntire-Checkpoint: a3b2c4d5e6f7\nEntire-Attribution: 50% agent (1/2 lines)\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\n",
    );
    // A git-ai note that does not parse is skipped with the reason, not fatal.
    let bad = commit(&repo, "c.py", "z = 3\n", "Broken note");
    repo.git(&["notes", "--ref", "ai", "add", "-m", "c.py\n  k 1\n", &bad]);

    // `log` sees the Entire commit as AI-assisted before any import.
    let log = text(ok(&repo.provenance(&["log", "--ai", "--format", "json"])));
    assert!(log.contains(&e[..10]), "{log}");

    let dry = ok(&repo.provenance(&["notes", "import", "--dry-run"])).clone();
    assert!(text(&dry).contains("would import"), "{}", text(&dry));
    assert_eq!(repo.note(&a), None, "a dry run writes nothing");

    let out = ok(&repo.provenance(&["notes", "import"])).clone();
    let err = stderr(&out);
    assert!(err.contains("2 of 4 commit(s) got a note"), "{err}");
    assert!(err.contains("no `---`"), "{err}");
    assert_eq!(repo.note(&human), None);

    let n = repo.note_json(&a);
    assert_eq!(n["agent"], "claude-code");
    assert_eq!(n["model"], "claude-opus-4-6");
    assert_eq!(
        n["lines"],
        serde_json::json!({"ai": 3, "edited": 0, "human": 1})
    );
    assert_eq!(
        n["files"][0]["ranges"],
        serde_json::json!([[1, 3, "ai"], [4, 4, "human"]])
    );
    assert_eq!(n["prompts"][0]["text"], "write the parser");
    let n = repo.note_json(&e);
    assert_eq!(n["agent"], "claude-code");
    assert_eq!(n["model"], "claude-sonnet-4-5");
    assert_eq!(n["session"], "a3b2c4d5e6f7");
    assert_eq!(
        n["lines"],
        serde_json::json!({"ai": 1, "edited": 0, "human": 1})
    );

    // blame reads the imported ranges; a second import keeps what is there.
    let blame = text(ok(&repo.provenance(&[
        "blame",
        "parse.py",
        "--format",
        "porcelain",
    ])));
    let origins: Vec<&str> = blame.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    assert_eq!(origins, ["ai", "ai", "ai", "human"], "{blame}");
    let again = ok(&repo.provenance(&["notes", "import"])).clone();
    assert!(
        stderr(&again).contains("0 of 4 commit(s) got a note; 2 kept"),
        "{}",
        stderr(&again)
    );
    let stats = text(ok(&repo.provenance(&["stats", "--format", "json"])));
    assert!(stats.contains("claude-opus-4-6"), "{stats}");
}

#[test]
fn import_only_from_the_tool_asked_for() {
    let repo = TestRepo::new();
    let a = commit(&repo, "a.py", "a = 1\n", "A");
    let note = git_ai_log("a.py\n  1a2b3c4d5e6f7a8b 1\n", "cursor", "gpt-5");
    repo.git(&["notes", "--ref", "ai", "add", "-m", &note, &a]);
    let out = ok(&repo.provenance(&["notes", "import", "--from", "entire"])).clone();
    assert!(stderr(&out).contains("0 of 1"), "{}", stderr(&out));
    ok(&repo.provenance(&["notes", "import", "--from", "git-ai", "HEAD"]));
    assert_eq!(repo.note_json(&a)["agent"], "cursor");
    let bad = repo.provenance(&["notes", "import", "--from", "nope"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
}
