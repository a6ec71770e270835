//! Bad input: clear message, documented exit code, and the commit message never lost.

use crate::support::{bin, ok, stderr, text, TestRepo};

const CLAUDE: &[(&str, &str)] = &[("CLAUDECODE", "1")];

fn installed() -> TestRepo {
    let repo = TestRepo::with_base();
    ok(&repo.provenance(&["install"]));
    repo
}

fn start_session(repo: &TestRepo) -> String {
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--prompt",
        "p",
    ]));
    std::fs::read_to_string(repo.git_dir().join("provenance/current"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn unparseable_session_file_names_file_and_line_and_the_commit_goes_on() {
    let repo = installed();
    let id = start_session(&repo);
    let file = repo
        .git_dir()
        .join("provenance/sessions")
        .join(format!("{id}.json"));
    std::fs::write(&file, "{\n  \"id\": oops\n}\n").unwrap();
    let where_ = format!("{}:2:", file.display());

    // Corrupt local state is a repository error (3), naming the file and line.
    let out = repo.provenance(&["session", "status"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(stderr(&out).contains(&where_), "{}", text(&out));

    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, "keep me\n\nbody\n").unwrap();
    // Tagging fails open: a corrupt session store warns (naming file and line) and never
    // blocks the commit, `--no-verify` or not; the message is committed exactly as written.
    let out = repo.git_env(CLAUDE, &["commit", "-q", "-F", msg.to_str().unwrap()]);
    ok(&out);
    assert!(stderr(&out).contains(&where_), "{}", text(&out));
    assert_ne!(repo.rev("HEAD"), head);
    assert_eq!(repo.raw_message("HEAD"), b"keep me\n\nbody\n");
    assert_eq!(std::fs::read_to_string(&msg).unwrap(), "keep me\n\nbody\n");
    repo.stage("b.txt", "b\n");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "--no-verify", "-m", "again"]);
    ok(&out);
    assert_eq!(repo.raw_message("HEAD"), b"again\n");

    // The hook binary on its own: exit 0 with the warning, message file untouched.
    let out = repo
        .command(bin("provenance-prepare-commit-msg"))
        .arg(&msg)
        .arg("message")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(stderr(&out).contains(&where_), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&msg).unwrap(), "keep me\n\nbody\n");
}

#[test]
fn unknown_agent_lists_known_ids() {
    let repo = installed();
    let out = repo.provenance(&["session", "start", "--agent", "chatgpt-web"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = stderr(&out);
    for id in [
        "claude-code",
        "codex",
        "cursor",
        "gemini-cli",
        "aider",
        "amp",
        "copilot",
    ] {
        assert!(err.contains(id), "{id} missing: {err}");
    }
    assert!(err.contains("chatgpt-web"), "{err}");
    assert!(!repo.git_dir().join("provenance/current").exists());
}

#[test]
fn non_utf8_message_is_committed_untouched_with_a_warning() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let bytes: &[u8] = b"caf\xe9 latin-1 subject\n\nbody \xff\n";
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, bytes).unwrap();
    let args = [
        "commit",
        "-q",
        "--cleanup=verbatim",
        "-F",
        msg.to_str().unwrap(),
    ];
    let out = repo.git_env(CLAUDE, &args);
    ok(&out);
    assert!(stderr(&out).contains("is not UTF-8"), "{}", text(&out));
    assert_eq!(std::fs::read(&msg).unwrap(), bytes);
    // git itself re-encodes a non-UTF-8 message as Latin-1; the hooks add nothing to that.
    let plain = TestRepo::with_base();
    plain.stage("a.txt", "a\n");
    plain.git_env_ok(CLAUDE, &args);
    assert_eq!(repo.raw_message("HEAD"), plain.raw_message("HEAD"));
    assert_eq!(repo.rev("HEAD"), plain.rev("HEAD"));
}

#[test]
fn missing_message_file_warns_and_fails_open() {
    let repo = installed();
    for hook in ["provenance-commit-msg", "provenance-prepare-commit-msg"] {
        let missing = repo.outside("no-such-file");
        let out = repo.command(bin(hook)).arg(&missing).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{hook}: {}", text(&out));
        assert!(stderr(&out).contains("no-such-file"), "{}", text(&out));
        assert!(!missing.exists());
        let out = repo.command(bin(hook)).output().unwrap();
        assert!(stderr(&out).contains("warning"), "{}", text(&out));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{hook} without args: {}",
            text(&out)
        );
    }
}

#[test]
fn unwritable_provenance_dir_warns_and_the_commit_succeeds() {
    let repo = installed();
    // A file where the session store's directory should be: writes fail even as root.
    std::fs::write(repo.git_dir().join("provenance"), "in the way\n").unwrap();
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "-m", "still works"]);
    ok(&out);
    assert!(
        stderr(&out).contains("provenance: warning:"),
        "{}",
        text(&out)
    );
    let msg = repo.message("HEAD");
    assert!(
        msg == "still works\n\n" || msg == "still works\n\nAssisted-by: claude-code\n\n",
        "{msg:?}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.git_dir().join("provenance")).unwrap(),
        "in the way\n"
    );
}

#[test]
fn read_only_session_store_warns_and_the_commit_succeeds() {
    let repo = installed();
    start_session(&repo);
    // The lock file's place is taken by a directory: the store cannot be locked.
    let lock = repo.git_dir().join("provenance/lock");
    std::fs::create_dir_all(lock.join("x")).unwrap();
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "-m", "still works"]);
    ok(&out);
    assert!(stderr(&out).contains("warning"), "{}", text(&out));
    assert!(repo.message("HEAD").starts_with("still works\n"));
}

#[test]
fn detached_head_commit_is_tagged_and_noted() {
    let repo = installed();
    repo.git(&["checkout", "-q", "--detach"]);
    start_session(&repo);
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "detached"]);
    let msg = repo.message("HEAD");
    assert!(
        msg.starts_with("detached\n\nAssisted-by: claude-code\nAI-Prompt: sha256:"),
        "{msg}"
    );
    assert_eq!(repo.note_json("HEAD")["prompts"][0]["text"], "p");
}

#[test]
fn unborn_branch_first_commit_is_tagged_and_noted() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    start_session(&repo);
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "root"]);
    let msg = repo.message("HEAD");
    assert!(
        msg.starts_with("root\n\nAssisted-by: claude-code\nAI-Prompt: sha256:"),
        "{msg}"
    );
    assert_eq!(repo.note_json("HEAD")["prompts"][0]["text"], "p");
    // A human first commit in a fresh repo is untouched.
    let fresh = TestRepo::new();
    ok(&fresh.provenance(&["install"]));
    fresh.stage("a.txt", "a\n");
    fresh.git(&["commit", "-q", "-m", "root"]);
    assert_eq!(fresh.message("HEAD"), "root\n\n");
}

#[test]
fn bad_config_value_names_its_key() {
    let repo = installed();
    repo.write(
        ".provenance.toml",
        "[gates]\nsecrets = \"block\"\nimports = \"blok\"\n",
    );
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains(".provenance.toml:3:"), "{err}");
    assert!(err.contains("gates.imports"), "{err}");
}

#[test]
fn bad_config_names_file_line_and_key() {
    let cases = [
        (
            "[attribution]\n\nvendor_trailer = \"strip\"\n",
            ":3:",
            "vendor_trailer",
        ),
        ("[attribution\n", ":1:", ""),
    ];
    for (toml, line, key) in cases {
        let repo = installed();
        repo.write(".provenance.toml", toml);
        repo.stage("a.txt", "a\n");
        let head = repo.rev("HEAD");
        let out = repo.git_env(CLAUDE, &["commit", "-q", "-m", "x"]);
        assert!(!out.status.success(), "{toml}: {}", text(&out));
        let err = stderr(&out);
        let want = format!(".provenance.toml{line}");
        assert!(err.contains(&want), "{toml}: want {want}: {err}");
        assert!(err.contains(key), "{toml}: want key {key}: {err}");
        assert_eq!(repo.rev("HEAD"), head);
        let out = repo.provenance(&["check"]);
        assert_eq!(out.status.code(), Some(2), "{toml}: {}", text(&out));
        assert!(stderr(&out).contains(&want), "{toml}: {}", text(&out));
    }
}

#[test]
fn bad_config_still_lets_no_verify_commit_and_tags_with_defaults() {
    let repo = installed();
    repo.write(".provenance.toml", "[attribution\n");
    repo.stage("a.txt", "a\n");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "--no-verify", "-m", "urgent fix"]);
    assert!(out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains(".provenance.toml:1"), "{err}");
    assert!(err.contains("default settings"), "{err}");
    let message = repo.message("HEAD");
    assert!(message.starts_with("urgent fix\n"), "{message}");
    assert!(message.contains("Assisted-by: claude-code"), "{message}");
    // without --no-verify the blocking stage still refuses
    repo.stage("b.txt", "b\n");
    let head = repo.rev("HEAD");
    let out = repo.git_env(CLAUDE, &["commit", "-q", "-m", "second"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(repo.rev("HEAD"), head);
}

#[test]
fn session_usage_errors() {
    let repo = installed();
    let out = repo.provenance(&["session", "prompt", "more"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("no active session"), "{}", text(&out));
    start_session(&repo);
    let out = repo.provenance(&["session", "prompt", "  "]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("empty prompt"), "{}", text(&out));
    let missing = repo.outside("no-prompt.txt");
    let out = repo.provenance(&[
        "session",
        "prompt",
        "--prompt-file",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("no-prompt.txt"), "{}", text(&out));
    // --prompt-file - reads stdin; the digest is of the text exactly as given.
    let out = repo.provenance_stdin(
        &["session", "prompt", "--prompt-file", "-"],
        b"from stdin\nsecond line\n",
    );
    ok(&out);
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "x"]);
    let msg = repo.message("HEAD");
    assert!(
        msg.contains(&format!(
            "AI-Prompt: sha256:{}\n",
            crate::support::sha("from stdin\nsecond line\n")
        )),
        "{msg}"
    );
    // Outside any repository: a repository error (exit 3), not a crash.
    let outside = repo
        .command(bin("provenance"))
        .current_dir(repo.outside(""))
        .args(["session", "status"])
        .output()
        .unwrap();
    assert_eq!(outside.status.code(), Some(3), "{}", text(&outside));
    assert!(
        stderr(&outside).contains("not a git repository"),
        "{}",
        text(&outside)
    );
}
