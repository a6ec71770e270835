//! Every way a commit message reaches git: -m, -F, the editor, amend, merge, squash,
//! cherry-pick, rebase, --no-verify; env-only detection per agent; vendor lines; config.

use crate::support::{sha, stderr, text, trailer_values, write_script, TestRepo};

const CLAUDE: &[(&str, &str)] = &[("CLAUDECODE", "1")];

fn installed() -> TestRepo {
    let repo = TestRepo::with_base();
    crate::support::ok(&repo.provenance(&["install"]));
    repo
}

#[test]
fn dash_m_with_claude_env_adds_one_trailer() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "add a"]);
    assert_eq!(
        repo.message("HEAD"),
        "add a\n\nAssisted-by: claude-code\n\n"
    );
    let note = repo.note_json("HEAD");
    assert_eq!(note["agent"], "claude-code");
    assert_eq!(note["version"], 1);
}

#[test]
fn dash_f_file_keeps_body_and_adds_trailer_block() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let msg = repo.outside("msg.txt");
    std::fs::write(&msg, "Add a\n\nLonger body.\n").unwrap();
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-F", msg.to_str().unwrap()]);
    assert_eq!(
        repo.message("HEAD"),
        "Add a\n\nLonger body.\n\nAssisted-by: claude-code\n\n"
    );
    // The user's file is never modified.
    assert_eq!(std::fs::read(&msg).unwrap(), b"Add a\n\nLonger body.\n");
}

#[test]
fn editor_path_strips_comments_and_keeps_one_trailer() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let editor = repo.outside("editor.sh");
    // A user typing the subject and body at the top and leaving a comment at the end.
    write_script(
        &editor,
        "#!/bin/sh\n{ printf 'Subject typed\\n\\nBody typed.\\n'; cat \"$1\"; printf '# scratch\\n'; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_EDITOR", editor.to_str().unwrap()),
        ],
        &["commit", "-q"],
    );
    assert_eq!(
        repo.message("HEAD"),
        "Subject typed\n\nBody typed.\n\nAssisted-by: claude-code\n\n"
    );
}

fn session_start(repo: &TestRepo, prompt: &str) {
    crate::support::ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "--prompt",
        prompt,
    ]));
}

fn session_id(repo: &TestRepo) -> String {
    let cur = repo.git_dir().join("provenance").join("current");
    std::fs::read_to_string(cur).unwrap().trim().to_string()
}

fn prompt_texts(note: &serde_json::Value) -> Vec<String> {
    note["prompts"]
        .as_array()
        .unwrap_or_else(|| panic!("no prompts in {note}"))
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn amend_no_edit_keeps_trailers_note_and_prompts() {
    let repo = installed();
    session_start(&repo, "add parser");
    let id = session_id(&repo);
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    let expected = format!(
        "x\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Prompt: sha256:{}\nAI-Session: claude-code:{id}\n\n",
        sha("add parser")
    );
    assert_eq!(repo.message("HEAD"), expected);
    for _ in 0..2 {
        repo.git_env_ok(CLAUDE, &["commit", "-q", "--amend", "--no-edit"]);
        assert_eq!(repo.message("HEAD"), expected);
        let note = repo.note_json("HEAD");
        assert_eq!(prompt_texts(&note), ["add parser"]);
        assert_eq!(note["model"], "claude-opus-4-6");
    }
}

#[test]
fn amend_with_new_message_retags_once_and_keeps_prompts_in_note() {
    let repo = installed();
    session_start(&repo, "add parser");
    let id = session_id(&repo);
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--amend", "-m", "new subject"]);
    // git passes `message`, not `commit HEAD`, to prepare-commit-msg for `--amend -m`; the
    // running `git commit --amend` says it is an amend, so the prompt stays this commit's.
    assert_eq!(
        repo.message("HEAD"),
        format!(
            "new subject\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Prompt: sha256:{}\nAI-Session: claude-code:{id}\n\n",
            sha("add parser")
        )
    );
    let note = repo.note_json("HEAD");
    assert_eq!(prompt_texts(&note), ["add parser"]);
}

#[test]
fn amend_with_new_message_keeps_prompt_trailers() {
    let repo = installed();
    session_start(&repo, "add parser");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    // After `session end` the store has no prompt text left: the trailers of the amended
    // commit are what keeps the prompt — with the agent running, and for a human amend.
    crate::support::ok(&repo.provenance(&["session", "end"]));
    for (env, args) in [
        (
            CLAUDE,
            &["commit", "-q", "--amend", "-m", "new subject"][..],
        ),
        (&[][..], &["commit", "-q", "--am", "-F", "-"][..]),
        (
            &[][..],
            &["commit", "-q", "--amend", "-m", "human subject"][..],
        ),
    ] {
        let mut git = repo.command_env("git", env);
        git.args(args);
        let out = repo.run_stdin(git, b"from a file\n");
        assert!(out.status.success(), "{}", text(&out));
        let msg = repo.message("HEAD");
        assert_eq!(
            trailer_values(&repo, &msg, "AI-Prompt"),
            [format!("sha256:{}", sha("add parser"))],
            "{args:?}: {msg}"
        );
        assert_eq!(
            trailer_values(&repo, &msg, "Assisted-by"),
            ["claude-code:claude-opus-4-6"],
            "{args:?}: {msg}"
        );
        assert_eq!(
            prompt_texts(&repo.note_json("HEAD")),
            ["add parser"],
            "{args:?}"
        );
    }
}

#[test]
fn human_squash_merge_of_ai_commits_takes_their_agent_and_notes() {
    let repo = installed();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    session_start(&repo, "write f");
    repo.stage("f1.txt", "f\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "ai 1"]);
    repo.stage("f2.txt", "f\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "ai 2"]);
    crate::support::ok(&repo.provenance(&["session", "end"]));
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--squash", "feature"]);
    repo.git(&["commit", "-q", "-m", "squashed feature"]);
    let msg = repo.message("HEAD");
    assert_eq!(
        trailer_values(&repo, &msg, "Assisted-by"),
        ["claude-code:claude-opus-4-6"],
        "{msg}"
    );
    // The prompt stays claimed by the commit that used it.
    assert!(trailer_values(&repo, &msg, "AI-Prompt").is_empty(), "{msg}");
    let note = repo.note_json("HEAD");
    assert_eq!(note["agent"], "claude-code");
    assert_eq!(prompt_texts(&note), ["write f"]);
    // A human squash of human commits stays untouched.
    repo.git(&["checkout", "-q", "-b", "human"]);
    repo.stage("h.txt", "h\n");
    repo.git(&["commit", "-q", "-m", "human work"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--squash", "human"]);
    repo.git(&["commit", "-q", "-m", "squashed human"]);
    assert_eq!(repo.message("HEAD"), "squashed human\n\n");
    assert!(repo.note("HEAD").is_none());
}

#[test]
fn merge_no_ff_by_agent_is_tagged_once() {
    let repo = installed();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.stage("f.txt", "f\n");
    repo.git(&["commit", "-q", "-m", "feature work"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.stage("m.txt", "m\n");
    repo.git(&["commit", "-q", "-m", "main work"]);
    repo.git_env_ok(CLAUDE, &["merge", "-q", "--no-ff", "--no-edit", "feature"]);
    assert_eq!(
        repo.message("HEAD"),
        "Merge branch 'feature'\n\nAssisted-by: claude-code\n\n"
    );
    // The merged human commit is untouched.
    assert_eq!(repo.message("feature"), "feature work\n\n");
    // git merge runs no post-commit: post-merge writes the note.
    assert_eq!(repo.note_json("HEAD")["agent"], "claude-code");
    assert!(repo.note("feature").is_none());
}

#[test]
fn squash_merge_then_commit_is_tagged_once() {
    let repo = installed();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    for i in 0..2 {
        repo.stage(&format!("f{i}.txt"), "f\n");
        repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", &format!("step {i}")]);
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.git_env_ok(CLAUDE, &["merge", "-q", "--squash", "feature"]);
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--no-edit"]);
    let msg = repo.message("HEAD");
    assert!(
        msg.starts_with("Squashed commit of the following:"),
        "{msg}"
    );
    assert_eq!(
        trailer_values(&repo, &msg, "Assisted-by"),
        ["claude-code"],
        "{msg}"
    );
    assert_eq!(msg.matches("\nAssisted-by:").count(), 1, "{msg}");
}

/// An AI commit on `feature` (made in a session) and a human commit after it.
fn ai_then_human_branch(repo: &TestRepo) -> (String, String) {
    repo.git(&["checkout", "-q", "-b", "feature"]);
    session_start(repo, "write f");
    repo.stage("f.txt", "f\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "ai work"]);
    crate::support::ok(&repo.provenance(&["session", "end"]));
    let ai = repo.message("HEAD");
    repo.stage("h.txt", "h\n");
    repo.git(&["commit", "-q", "-m", "human work"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.stage("m.txt", "m\n");
    repo.git(&["commit", "-q", "-m", "main work"]);
    (ai, "human work\n\n".to_string())
}

#[test]
fn rebase_keeps_messages_and_carries_notes_and_never_tags_human_commits() {
    let repo = installed();
    let (ai, human) = ai_then_human_branch(&repo);
    repo.git(&["checkout", "-q", "feature"]);
    // The agent runs the rebase: replayed commits keep exactly their own provenance.
    repo.git_env_ok(CLAUDE, &["rebase", "-q", "main"]);
    assert_eq!(repo.message("HEAD~1"), ai);
    assert_eq!(
        repo.message("HEAD"),
        human,
        "a replayed human commit gained tags"
    );
    assert!(repo.note("HEAD").is_none(), "human commit got a note");
    let note = repo.note_json("HEAD~1");
    assert_eq!(prompt_texts(&note), ["write f"]);
    assert_eq!(repo.rev("HEAD~2"), repo.rev("main"));
}

#[test]
fn cherry_pick_keeps_messages_and_never_tags_human_commits() {
    let repo = installed();
    let (ai, human) = ai_then_human_branch(&repo);
    repo.git_env_ok(CLAUDE, &["cherry-pick", "feature~1", "feature"]);
    assert_eq!(repo.message("HEAD~1"), ai);
    assert_eq!(
        repo.message("HEAD"),
        human,
        "a picked human commit gained tags"
    );
    assert!(repo.note("HEAD").is_none(), "human commit got a note");
    let note = repo.note_json("HEAD~1");
    assert_eq!(note["agent"], "claude-code");
    assert_eq!(prompt_texts(&note), ["write f"]);

    // -x appends git's own line to the trailer block; nothing else changes.
    repo.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let picked = repo.rev("feature~1");
    repo.git_env_ok(CLAUDE, &["cherry-pick", "-x", "feature~1"]);
    assert_eq!(
        repo.message("HEAD"),
        format!(
            "{}(cherry picked from commit {picked})\n\n",
            ai.trim_end_matches('\n').to_string() + "\n"
        )
    );
}

#[test]
fn no_verify_still_tags_through_prepare_commit_msg() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--no-verify", "-m", "quick"]);
    assert_eq!(
        repo.message("HEAD"),
        "quick\n\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn env_only_detection_for_each_agent_row() {
    let repo = installed();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("CLAUDECODE", "1")], "Assisted-by: claude-code\n"),
        (
            &[("CLAUDECODE", "1"), ("CLAUDE_CODE_SESSION_ID", "cc-42")],
            "Assisted-by: claude-code\nAI-Session: claude-code:cc-42\n",
        ),
        // Amp sets CLAUDECODE too: Amp wins.
        (
            &[("CLAUDECODE", "1"), ("AMP_CURRENT_THREAD_ID", "T-1234")],
            "Assisted-by: amp\nAI-Session: amp:T-1234\n",
        ),
        (&[("CODEX_SANDBOX", "seatbelt")], "Assisted-by: codex\n"),
        (
            &[("CODEX_SANDBOX_NETWORK_DISABLED", "1")],
            "Assisted-by: codex\n",
        ),
        (&[("CURSOR_AGENT", "1")], "Assisted-by: cursor\n"),
        (&[("GEMINI_CLI", "1")], "Assisted-by: gemini-cli\n"),
        (
            &[("AI_AGENT", "mytool"), ("AI_MODEL", "GPT 4o")],
            "Assisted-by: mytool:gpt-4o\n",
        ),
        (
            &[("AI_AGENT", "claude"), ("AI_MODEL", "Claude Opus 4.6")],
            "Assisted-by: claude-code:claude-opus-4-6\n",
        ),
        (
            &[
                ("COPILOT_AGENT_JOB_ID", "42"),
                ("COPILOT_MODEL", "claude-sonnet-4.5"),
            ],
            "Assisted-by: copilot:claude-sonnet-4-5\n",
        ),
        (&[("AIDER_MODEL", "gpt-4o")], "Assisted-by: aider:gpt-4o\n"),
        (&[("AGENT", "amp")], "Assisted-by: amp\n"),
        (
            &[("CLAUDE_CODE_ENTRYPOINT", "cli")],
            "Assisted-by: claude-code\n",
        ),
        (
            &[("CODEX_THREAD_ID", "th-9")],
            "Assisted-by: codex\nAI-Session: codex:th-9\n",
        ),
        (
            &[("AI_AGENT", "claude-code@2.1.3")],
            "Assisted-by: claude-code\n",
        ),
        // The agent actually running outranks a stray exported Aider setting.
        (
            &[("AIDER_MODEL", "gpt-4o"), ("GEMINI_CLI", "1")],
            "Assisted-by: gemini-cli\n",
        ),
        // Markers that must not tag: a human in Cursor's terminal, a model alone, "0".
        (&[("CURSOR_TRACE_ID", "abc")], ""),
        (&[("AI_MODEL", "gpt-4o")], ""),
        (&[("CLAUDECODE", "0")], ""),
    ];
    for (i, (env, trailers)) in cases.iter().enumerate() {
        repo.stage("a.txt", &format!("{i}\n"));
        repo.git_env_ok(env, &["commit", "-q", "-m", "change"]);
        let expected = if trailers.is_empty() {
            "change\n\n".to_string()
        } else {
            format!("change\n\n{trailers}\n")
        };
        assert_eq!(repo.message("HEAD"), expected, "env {env:?}");
    }
}

#[test]
fn vendor_coauthor_lines_of_other_agents() {
    let repo = installed();
    for (i, (line, assisted)) in [
        (
            "Co-authored-by: aider (gpt-4o) <aider@aider.chat>",
            "aider:gpt-4o",
        ),
        ("Co-authored-by: Codex <noreply@openai.com>", "codex"),
        ("Co-authored-by: Cursor <cursoragent@cursor.com>", "cursor"),
        (
            "Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>",
            "copilot",
        ),
        (
            "Co-Authored-By: Claude <noreply@anthropic.com>",
            "claude-code",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        repo.stage("a.txt", &format!("{i}\n"));
        let m = format!("fix\n\n{line}");
        repo.git(&["commit", "-q", "-m", &m]);
        assert_eq!(
            repo.message("HEAD"),
            format!("{m}\nAssisted-by: {assisted}\n\n")
        );
    }
    // A human co-author is not an agent.
    repo.stage("a.txt", "human\n");
    let m = "fix\n\nCo-authored-by: Bob Dev <bob@example.com>";
    repo.git(&["commit", "-q", "-m", m]);
    assert_eq!(repo.message("HEAD"), format!("{m}\n\n"));
}

#[test]
fn vendor_coauthor_line_is_kept_and_converted_to_assisted_by() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let m = "fix\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>";
    repo.git(&["commit", "-q", "-m", m]);
    assert_eq!(
        repo.message("HEAD"),
        format!("{m}\nAssisted-by: claude-code:claude-opus-4-6\n\n")
    );
    assert_eq!(repo.note_json("HEAD")["model"], "claude-opus-4-6");
}

const CLAUDE_MSG: &str = "fix\n\nBody.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n";

#[test]
fn vendor_trailers_convert_replaces_vendor_lines() {
    let repo = TestRepo::with_base();
    repo.stage(
        ".provenance.toml",
        "[attribution]\nvendor_trailers = \"convert\"\n",
    );
    repo.git(&["commit", "-q", "-m", "config"]);
    crate::support::ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, CLAUDE_MSG).unwrap();
    repo.git(&["commit", "-q", "-F", msg.to_str().unwrap()]);
    assert_eq!(
        repo.message("HEAD"),
        "fix\n\nBody.\n\nAssisted-by: claude-code:claude-opus-4-6\n\n"
    );
}

#[test]
fn vendor_trailers_strip_removes_vendor_lines_and_names_the_agent_only() {
    let repo = TestRepo::with_base();
    repo.stage(
        ".provenance.toml",
        "[attribution]\nvendor_trailers = \"strip\"\n",
    );
    repo.git(&["commit", "-q", "-m", "config"]);
    crate::support::ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, CLAUDE_MSG).unwrap();
    repo.git(&["commit", "-q", "-F", msg.to_str().unwrap()]);
    // The vendor's lines go; the commit is still AI-assisted, and says so in our words.
    assert_eq!(
        repo.message("HEAD"),
        "fix\n\nBody.\n\nAssisted-by: claude-code\n\n"
    );
    assert_eq!(repo.note_json("HEAD")["agent"], "claude-code");
    // With the agent running, the env tags it the same way.
    repo.stage("b.txt", "b\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-F", msg.to_str().unwrap()]);
    assert_eq!(
        repo.message("HEAD"),
        "fix\n\nBody.\n\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn ai_signed_off_by_is_rejected_and_the_message_kept() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    let body = "feature\n\nSigned-off-by: Claude <noreply@anthropic.com>\n";
    let msg = repo.outside("m.txt");
    std::fs::write(&msg, body).unwrap();
    let out = repo.git_output(&["commit", "-q", "-F", msg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Signed-off-by: Claude <noreply@anthropic.com>` names an AI agent"),
        "{err}"
    );
    assert_eq!(repo.rev("HEAD"), head, "commit was made");
    assert_eq!(std::fs::read_to_string(&msg).unwrap(), body);
    // git keeps the message in COMMIT_EDITMSG for `git commit -e -F .git/COMMIT_EDITMSG`.
    let kept = std::fs::read_to_string(repo.git_dir().join("COMMIT_EDITMSG")).unwrap();
    assert!(kept.starts_with(body), "{kept}");
    // A human sign-off passes.
    let out = repo.git_output(&["commit", "-q", "-s", "-m", "feature"]);
    crate::support::ok(&out);
}

#[test]
fn generated_by_key_from_config() {
    let repo = TestRepo::with_base();
    repo.stage(
        ".provenance.toml",
        "[attribution]\ntrailer_key = \"Generated-by\"\n",
    );
    repo.git(&["commit", "-q", "-m", "config"]);
    crate::support::ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(
        &[("CLAUDECODE", "1"), ("ANTHROPIC_MODEL", "claude-opus-4-6")],
        &["commit", "-q", "-m", "x"],
    );
    assert_eq!(
        repo.message("HEAD"),
        "x\n\nGenerated-by: claude-code:claude-opus-4-6\n\n"
    );
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--amend", "--no-edit"]);
    assert_eq!(
        repo.message("HEAD"),
        "x\n\nGenerated-by: claude-code:claude-opus-4-6\n\n"
    );
}

#[test]
fn session_prompts_are_claimed_once_capped_at_five_and_redacted_in_notes() {
    let repo = installed();
    session_start(&repo, "first prompt");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "one"]);
    let one = repo.message("HEAD");
    assert_eq!(
        trailer_values(&repo, &one, "AI-Prompt"),
        [format!("sha256:{}", sha("first prompt"))]
    );

    // The second commit claims only the newer prompts: seven, so five trailers.
    let secret = format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7");
    let prompts: Vec<String> = (0..6)
        .map(|i| format!("prompt number {i}"))
        .chain([format!("use key {secret} for the upload")])
        .collect();
    for p in &prompts {
        crate::support::ok(&repo.provenance(&["session", "prompt", p]));
    }
    repo.stage("b.txt", "b\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "two"]);
    let two = repo.message("HEAD");
    let expected: Vec<String> = prompts[..5]
        .iter()
        .map(|p| format!("sha256:{}", sha(p)))
        .collect();
    assert_eq!(trailer_values(&repo, &two, "AI-Prompt"), expected, "{two}");
    let note = repo.note("HEAD").unwrap();
    assert!(
        !note.contains(&secret),
        "secret leaked into the note: {note}"
    );
    let note: serde_json::Value = serde_json::from_str(&note).unwrap();
    let texts = prompt_texts(&note);
    assert_eq!(texts.len(), 7, "{note}");
    assert_eq!(texts[..6], prompts[..6]);
    assert!(texts[6].starts_with("use key AKIA"), "{}", texts[6]);
    let shas: Vec<&str> = note["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sha256"].as_str().unwrap())
        .collect();
    assert_eq!(
        shas[6],
        sha(&prompts[6]),
        "the digest is of the prompt as given"
    );

    // A third commit in the same session has no prompts left to claim.
    repo.stage("c.txt", "c\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "three"]);
    let three = repo.message("HEAD");
    assert!(
        trailer_values(&repo, &three, "AI-Prompt").is_empty(),
        "{three}"
    );
    assert_eq!(
        trailer_values(&repo, &three, "Assisted-by"),
        ["claude-code:claude-opus-4-6"]
    );
}

#[test]
fn verbose_editor_with_scissors_and_diff_is_tagged_above_the_cut() {
    let repo = installed();
    // The staged diff itself contains trailer-looking and comment-looking lines.
    repo.stage("a.txt", "Key: value\n# hash\n");
    let editor = repo.outside("editor.sh");
    write_script(
        &editor,
        "#!/bin/sh\n{ printf 'Subject typed\\n'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_EDITOR", editor.to_str().unwrap()),
        ],
        &["commit", "-q", "-v"],
    );
    assert_eq!(
        repo.message("HEAD"),
        "Subject typed\n\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn editor_path_with_custom_comment_char() {
    let repo = installed();
    repo.git(&["config", "core.commentChar", ";"]);
    repo.stage("a.txt", "a\n");
    let editor = repo.outside("editor.sh");
    write_script(
        &editor,
        "#!/bin/sh\n{ printf 'Subject typed\\n\\n# kept: not a comment here\\n'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_EDITOR", editor.to_str().unwrap()),
        ],
        &["commit", "-q"],
    );
    assert_eq!(
        repo.message("HEAD"),
        "Subject typed\n\n# kept: not a comment here\n\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn autosquash_fixup_of_ai_commits_keeps_one_tag_and_merges_notes() {
    let repo = installed();
    let base = repo.rev("HEAD");
    session_start(&repo, "first");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "ai work"]);
    let ai = repo.message("HEAD");
    crate::support::ok(&repo.provenance(&["session", "prompt", "second"]));
    repo.stage("a.txt", "a2\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--fixup", "HEAD"]);
    assert!(repo.message("HEAD").starts_with("fixup! ai work\n"));
    repo.git_env_ok(
        &[("CLAUDECODE", "1"), ("GIT_SEQUENCE_EDITOR", "true")],
        &["rebase", "-q", "-i", "--autosquash", "HEAD~2"],
    );
    assert_eq!(repo.message("HEAD"), ai);
    assert_eq!(repo.rev("HEAD~1"), base);
    let note = repo.note_json("HEAD");
    assert_eq!(prompt_texts(&note), ["first", "second"]);
}

#[test]
fn rebase_squash_of_ai_commits_gives_one_trailer_block_and_one_record_per_gate() {
    let repo = installed();
    session_start(&repo, "first");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "add a"]);
    repo.stage("b.txt", "b\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "add b"]);
    let gates = |rev: &str| {
        repo.note_json(rev)["gates"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert!(!gates("HEAD").is_empty(), "pre-commit recorded no gates");
    let seq = repo.outside("seq.sh");
    write_script(&seq, "#!/bin/sh\nsed -i -e '2s/^pick/squash/' \"$1\"\n");
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_SEQUENCE_EDITOR", seq.to_str().unwrap()),
        ],
        &["rebase", "-q", "-i", "HEAD~2"],
    );
    let msg = repo.message("HEAD");
    let id = session_id(&repo);
    assert_eq!(
        msg,
        format!(
            "add a\n\nadd b\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Session: claude-code:{id}\nAI-Prompt: sha256:{}\n\n",
            sha("first")
        )
    );
    let gates = gates("HEAD");
    let mut names: Vec<&str> = gates.iter().filter_map(|g| g["gate"].as_str()).collect();
    let all = names.len();
    names.dedup();
    assert_eq!(names.len(), all, "duplicate gate records: {gates:?}");
}

#[test]
fn human_amend_of_an_ai_commit_keeps_its_tags_and_note() {
    let repo = installed();
    session_start(&repo, "do it");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "ai work"]);
    crate::support::ok(&repo.provenance(&["session", "end"]));
    let msg = repo.message("HEAD");
    repo.stage("a.txt", "a fixed by hand\n");
    repo.git(&["commit", "-q", "--amend", "--no-edit"]);
    assert_eq!(repo.message("HEAD"), msg);
    assert_eq!(prompt_texts(&repo.note_json("HEAD")), ["do it"]);
}

#[test]
fn ended_session_tags_no_later_commit() {
    let repo = installed();
    session_start(&repo, "work then end");
    crate::support::ok(&repo.provenance(&["session", "end"]));
    // Work after `session end` is the user's, even with the prompt never committed.
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "after end"]);
    assert_eq!(repo.message("HEAD"), "after end\n\n");
    assert!(repo.note("HEAD").is_none());
    repo.stage("b.txt", "b\n");
    repo.git(&["commit", "-q", "-m", "human later"]);
    assert_eq!(repo.message("HEAD"), "human later\n\n");
}

#[test]
fn quitting_the_editor_without_a_message_still_aborts_the_commit() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    // GIT_EDITOR=true leaves git's template as it is: only comments (and our trailers).
    for args in [
        &["commit"][..],
        &["commit", "-s"],
        &["commit", "-v"],
        &["commit", "-m", ""],
    ] {
        let out = repo.git_env(CLAUDE, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(
            stderr(&out).contains("Aborting commit due to empty commit message"),
            "{args:?}: {}",
            text(&out)
        );
        assert_eq!(repo.rev("HEAD"), head, "{args:?} made a commit");
    }
    // --allow-empty-message is the user asking for it: still no trailer-only message.
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--allow-empty-message", "-m", ""]);
    assert_eq!(repo.message("HEAD"), "\n");
}

#[test]
fn no_verify_and_quitting_the_editor_aborts_and_the_editor_shows_what_will_be_added() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    // commit-msg does not run under --no-verify: nothing may turn the empty message into
    // a trailer-only one
    for args in [
        &["commit", "--no-verify"][..],
        &["commit", "--no-verify", "-v"],
    ] {
        let out = repo.git_env(&[("CLAUDECODE", "1"), ("GIT_EDITOR", "true")], args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert_eq!(repo.rev("HEAD"), head, "{args:?} made a commit");
    }
    // the editor sees a comment naming the trailer; git strips it, commit-msg adds the line
    let seen = repo.outside("seen.txt");
    let editor = repo.outside("editor.sh");
    write_script(
        &editor,
        &format!(
            "#!/bin/sh\ncp \"$1\" '{}'\nprintf 'Typed subject\\n' > \"$1.new\" && cat \"$1\" >> \"$1.new\" && mv \"$1.new\" \"$1\"\n",
            seen.display()
        ),
    );
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_EDITOR", editor.to_str().unwrap()),
        ],
        &["commit", "-q"],
    );
    let shown = std::fs::read_to_string(&seen).unwrap();
    assert!(
        shown.contains("# provenance adds on save: Assisted-by: claude-code"),
        "{shown}"
    );
    assert_eq!(
        repo.message("HEAD"),
        "Typed subject\n\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn conflicted_rebase_continued_by_an_agent_does_not_tag_the_human_commit() {
    let repo = installed();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.stage("c.txt", "feature\n");
    repo.git(&["commit", "-q", "-m", "human change"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.stage("c.txt", "main\n");
    repo.git(&["commit", "-q", "-m", "main change"]);
    repo.git(&["checkout", "-q", "feature"]);
    let out = repo.git_env(CLAUDE, &["rebase", "-q", "main"]);
    assert!(!out.status.success(), "expected a conflict: {}", text(&out));
    repo.stage("c.txt", "resolved\n");
    repo.git_env_ok(
        &[("CLAUDECODE", "1"), ("GIT_EDITOR", "true")],
        &["rebase", "--continue"],
    );
    assert_eq!(repo.message("HEAD"), "human change\n\n");
    assert!(repo.note("HEAD").is_none());

    // Same for a conflicted cherry-pick concluded with `git commit`.
    repo.git(&["checkout", "-q", "-b", "other", "main~1"]);
    repo.stage("c.txt", "other\n");
    repo.git(&["commit", "-q", "-m", "other base"]);
    let out = repo.git_env(CLAUDE, &["cherry-pick", "feature"]);
    assert!(!out.status.success(), "expected a conflict: {}", text(&out));
    repo.stage("c.txt", "resolved again\n");
    // The editor path (GIT_EDITOR=true), whose cleanup drops git's "# Conflicts:" comment.
    repo.git_env_ok(CLAUDE, &["commit", "-q"]);
    assert_eq!(repo.message("HEAD"), "human change\n\n");
}

#[test]
fn amend_after_a_new_prompt_adds_it_and_keeps_the_old_one() {
    let repo = installed();
    session_start(&repo, "first");
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    crate::support::ok(&repo.provenance(&["session", "prompt", "second"]));
    repo.stage("a.txt", "a2\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--amend", "--no-edit"]);
    let msg = repo.message("HEAD");
    assert_eq!(
        trailer_values(&repo, &msg, "AI-Prompt"),
        [
            format!("sha256:{}", sha("first")),
            format!("sha256:{}", sha("second"))
        ],
        "{msg}"
    );
    assert_eq!(msg.matches("Assisted-by:").count(), 1, "{msg}");
    assert_eq!(prompt_texts(&repo.note_json("HEAD")), ["first", "second"]);
}

#[test]
fn replayed_commits_never_claim_pending_session_prompts() {
    let repo = installed();
    let (_, _) = ai_then_human_branch(&repo);
    // A new session with a prompt no commit has recorded yet.
    session_start(&repo, "pending work");
    repo.git(&["checkout", "-q", "feature"]);
    repo.git_env_ok(CLAUDE, &["rebase", "-q", "main"]);
    let replayed = repo.note_json("HEAD~1");
    assert_eq!(prompt_texts(&replayed), ["write f"]);
    repo.stage("n.txt", "n\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "new work"]);
    let msg = repo.message("HEAD");
    assert_eq!(
        trailer_values(&repo, &msg, "AI-Prompt"),
        [format!("sha256:{}", sha("pending work"))],
        "{msg}"
    );
    assert_eq!(prompt_texts(&repo.note_json("HEAD")), ["pending work"]);
}

#[test]
fn session_status_json_redacts_prompt_secrets() {
    let repo = installed();
    let secret = format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7");
    session_start(&repo, &format!("deploy with {secret}"));
    let out = repo.provenance(&["session", "status", "--json"]);
    crate::support::ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(&secret), "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["active"]["agent"], "claude-code");
    let out = repo.provenance(&["session", "status"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&secret));
}

#[test]
fn partial_and_all_commits_are_tagged_and_noted() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    repo.write("base.txt", "changed\n");
    // `git commit <path>` and `-a` run hooks with a temporary GIT_INDEX_FILE.
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "partial", "--", "base.txt"]);
    assert_eq!(
        repo.message("HEAD"),
        "partial\n\nAssisted-by: claude-code\n\n"
    );
    assert!(repo.note("HEAD").is_some());
    repo.write("a.txt", "a2\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-a", "-m", "all"]);
    assert_eq!(repo.message("HEAD"), "all\n\nAssisted-by: claude-code\n\n");
    assert!(repo.note("HEAD").is_some());
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn user_supplied_trailer_for_the_same_agent_is_not_duplicated() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(
        CLAUDE,
        &[
            "commit",
            "-q",
            "-m",
            "x",
            "--trailer",
            "Assisted-by: claude-code:claude-opus-4-6 [rg]",
        ],
    );
    assert_eq!(
        repo.message("HEAD"),
        "x\n\nAssisted-by: claude-code:claude-opus-4-6 [rg]\n\n"
    );
}

#[test]
fn fast_forward_onto_a_foreign_merge_writes_no_note_and_claims_nothing() {
    let repo = installed();
    // Someone else's AI-tagged merge commit, made without provenance (no note).
    repo.git(&["checkout", "-q", "-b", "upstream"]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.stage("t.txt", "t\n");
    repo.git(&["commit", "-q", "--no-verify", "-m", "topic"]);
    repo.git(&["checkout", "-q", "upstream"]);
    repo.stage("u.txt", "u\n");
    repo.git(&["commit", "-q", "-m", "upstream"]);
    let foreign = "Merge topic\n\nAssisted-by: codex\nAI-Prompt: sha256:1111111111111111111111111111111111111111111111111111111111111111";
    repo.git(&["merge", "-q", "--no-ff", "-m", foreign, "topic"]);
    repo.git(&["notes", "--ref", "provenance", "remove", "HEAD"]);
    repo.git(&["checkout", "-q", "main"]);
    session_start(&repo, "pending");
    repo.git_env_ok(CLAUDE, &["merge", "-q", "--ff-only", "upstream"]);
    assert!(repo.note("HEAD").is_none(), "{:?}", repo.note("HEAD"));
    repo.stage("n.txt", "n\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "mine"]);
    assert_eq!(prompt_texts(&repo.note_json("HEAD")), ["pending"]);
}

#[test]
fn co_authored_by_from_config_is_added_once() {
    let repo = TestRepo::with_base();
    repo.stage(".provenance.toml", "[attribution]\nco_authored_by = true\n");
    repo.git(&["commit", "-q", "-m", "config"]);
    crate::support::ok(&repo.provenance(&["install"]));
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", "x"]);
    let expected =
        "x\n\nAssisted-by: claude-code\nCo-authored-by: Claude Code <noreply@anthropic.com>\n\n";
    assert_eq!(repo.message("HEAD"), expected);
    repo.git_env_ok(CLAUDE, &["commit", "-q", "--amend", "--no-edit"]);
    assert_eq!(repo.message("HEAD"), expected);
    // An agent that already wrote its own co-author line does not get a second one.
    repo.stage("b.txt", "b\n");
    let m = "y\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>";
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-m", m]);
    let msg = repo.message("HEAD");
    assert_eq!(msg.matches("noreply@anthropic.com").count(), 1, "{msg}");
}

#[test]
fn rebase_with_the_apply_backend_keeps_messages_and_notes() {
    let repo = installed();
    let (ai, human) = ai_then_human_branch(&repo);
    repo.git(&["checkout", "-q", "feature"]);
    repo.git_env_ok(CLAUDE, &["rebase", "-q", "--apply", "main"]);
    assert_eq!(repo.message("HEAD~1"), ai);
    assert_eq!(repo.message("HEAD"), human);
    assert!(repo.note("HEAD").is_none());
    assert_eq!(prompt_texts(&repo.note_json("HEAD~1")), ["write f"]);
    assert_eq!(repo.rev("HEAD~2"), repo.rev("main"));
}

#[test]
fn untouched_commit_template_still_aborts() {
    let repo = installed();
    let template = repo.outside("template.txt");
    std::fs::write(&template, "Summary:\n\nWhy:\n").unwrap();
    repo.git(&["config", "commit.template", template.to_str().unwrap()]);
    repo.stage("a.txt", "a\n");
    let head = repo.rev("HEAD");
    let out = repo.git_env(CLAUDE, &["commit"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("you did not edit the message"),
        "{}",
        text(&out)
    );
    assert_eq!(repo.rev("HEAD"), head);
    // Filling the template in commits, tagged.
    let editor = repo.outside("editor.sh");
    write_script(
        &editor,
        "#!/bin/sh
sed -e 's/^Summary:$/Summary: fixed it/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    repo.git_env_ok(
        &[
            ("CLAUDECODE", "1"),
            ("GIT_EDITOR", editor.to_str().unwrap()),
        ],
        &["commit", "-q"],
    );
    assert_eq!(
        repo.message("HEAD"),
        "Summary: fixed it\n\nWhy:\nAssisted-by: claude-code\n\n"
    );
}

#[test]
fn generated_with_body_line_alone_tags_the_commit() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    let m = "fix\n\nBody.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)";
    repo.git(&["commit", "-q", "-m", m]);
    assert_eq!(
        repo.message("HEAD"),
        format!("{m}\n\nAssisted-by: claude-code\n\n")
    );
}

#[test]
fn aider_author_suffix_tags_the_commit() {
    let repo = installed();
    repo.stage("a.txt", "a\n");
    repo.git_env_ok(
        &[
            ("GIT_AUTHOR_NAME", "Ann Dev (aider)"),
            ("GIT_COMMITTER_NAME", "Ann Dev (aider)"),
        ],
        &["commit", "-q", "-m", "x"],
    );
    assert_eq!(repo.message("HEAD"), "x\n\nAssisted-by: aider\n\n");
}

#[test]
fn latin1_message_with_declared_encoding_is_tagged_byte_for_byte() {
    let repo = installed();
    repo.git(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
    repo.stage("a.txt", "a\n");
    let msg = repo.outside("latin1.txt");
    std::fs::write(&msg, b"Caf\xe9 cr\xe8me\n\nFa\xe7ade.\n").unwrap();
    repo.git_env_ok(CLAUDE, &["commit", "-q", "-F", msg.to_str().unwrap()]);
    assert_eq!(
        repo.raw_message("HEAD"),
        b"Caf\xe9 cr\xe8me\n\nFa\xe7ade.\n\nAssisted-by: claude-code\n"
    );
    assert_eq!(repo.note_json("HEAD")["agent"], "claude-code");
}
