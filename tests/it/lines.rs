//! Line-level provenance: checkpoints (generic protocol and agent hooks), `AI-Lines` and
//! note ranges at commit, `blame`, agent configuration install/uninstall, notes across
//! rewrites and platform squash merges.

use crate::support::{ok, stderr, text, TestRepo};
use serde_json::Value;

fn forty_ai_lines() -> String {
    (1..=40)
        .map(|i| format!("value_{i} = compute({i})\n"))
        .collect()
}

fn trailer(repo: &TestRepo, key: &str) -> Vec<String> {
    crate::support::trailer_values(repo, &repo.message("HEAD"), key)
}

fn checkpoint_stdin(repo: &TestRepo, payload: &Value) {
    ok(&repo.provenance_stdin(&["checkpoint", "--stdin"], payload.to_string().as_bytes()));
}

/// The agent writes 40 lines and checkpoints; the human changes 5 and adds 10.
fn scripted_session(repo: &TestRepo) {
    ok(&repo.provenance(&["install"]));
    repo.write("calc.py", forty_ai_lines());
    checkpoint_stdin(
        repo,
        &serde_json::json!({
            "agent": "claude-code", "model": "claude-opus-4-6", "kind": "ai",
            "files": [{"path": "calc.py"}], "prompt": "write forty values"
        }),
    );
    let mut lines: Vec<String> = forty_ai_lines().lines().map(str::to_string).collect();
    for l in lines.iter_mut().take(5) {
        l.push_str("  # checked");
    }
    for i in 0..10 {
        lines.push(format!("print('by hand {i}')"));
    }
    repo.write("calc.py", lines.join("\n") + "\n");
    repo.git(&["add", "calc.py"]);
    repo.git(&["commit", "-q", "-m", "Add calc"]);
}

#[test]
fn generic_protocol_session_counts_ranges_and_blame() {
    let repo = TestRepo::new();
    scripted_session(&repo);
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=35 edited=5 human=10"]);
    assert_eq!(
        trailer(&repo, "Assisted-by"),
        ["claude-code:claude-opus-4-6"]
    );
    let prompt = provenance_findings::sha256_hex(b"write forty values");
    assert_eq!(trailer(&repo, "AI-Prompt"), [format!("sha256:{prompt}")]);
    let note = repo.note_json("HEAD");
    assert_eq!(
        note["lines"],
        serde_json::json!({"ai": 35, "edited": 5, "human": 10})
    );
    assert_eq!(
        note["files"][0]["ranges"],
        serde_json::json!([[1, 5, "edited"], [6, 40, "ai"], [41, 50, "human"]])
    );
    assert_eq!(note["contributors"][0]["model"], "claude-opus-4-6");

    // blame, per line, and its commits agree with git blame.
    let out = ok(&repo.provenance(&["blame", "calc.py", "--format", "porcelain"]))
        .stdout
        .clone();
    let rows: Vec<Vec<String>> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0][1], "edited");
    assert_eq!(rows[5][1], "ai");
    assert_eq!(rows[5][2], "claude-code");
    assert_eq!(rows[5][3], "claude-opus-4-6");
    assert_eq!(rows[49][1], "human");
    let head = repo.rev("HEAD");
    assert!(rows.iter().all(|r| r[4] == head));
    let json = ok(&repo.provenance(&[
        "blame", "calc.py", "-L", "40,41", "--format", "json", "--prompt",
    ]))
    .stdout
    .clone();
    let v: Value = serde_json::from_slice(&json).unwrap();
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["origin"].as_str()),
        (Some(40), Some("ai"))
    );
    assert_eq!(lines[1]["origin"], "human");
    assert_eq!(lines[0]["prompts"][0], format!("sha256:{prompt}"));

    // A human commit that moves the AI lines down keeps their origin.
    let content = std::fs::read_to_string(repo.path("calc.py")).unwrap();
    repo.write("calc.py", format!("# header\n{content}"));
    repo.git(&["commit", "-q", "-am", "Header"]);
    let out = ok(&repo.provenance(&["blame", "calc.py", "--format", "porcelain"]))
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("1\thuman\t"), "{}", rows[0]);
    assert!(rows[6].starts_with("7\tai\tclaude-code"), "{}", rows[6]);
    // Differential: the commit of every line is git blame's.
    let git_blame = repo.git(&["blame", "-l", "-s", "calc.py"]);
    let git_commits: Vec<&str> = git_blame
        .lines()
        .map(|l| l.trim_start_matches('^').split(' ').next().unwrap_or(""))
        .collect();
    let ours: Vec<&str> = rows
        .iter()
        .map(|r| r.split('\t').nth(4).unwrap_or(""))
        .collect();
    assert_eq!(ours.len(), git_commits.len());
    for (o, g) in ours.iter().zip(&git_commits) {
        assert!(o.starts_with(g) || g.starts_with(o), "{o} vs {g}");
    }

    // The checkpoint was collected once committed.
    let left = std::fs::read_dir(repo.git_dir().join("provenance/checkpoints"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(left, 0, "committed checkpoints are garbage-collected");
}

#[test]
fn flags_protocol_and_excluded_lockfiles() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("src/a.rs", "fn a() {}\nfn b() {}\n");
    repo.write("Cargo.lock", "# lock\n[[package]]\nname = \"x\"\n");
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "codex",
        "--model",
        "gpt-5",
        "src/a.rs",
        "Cargo.lock",
    ]));
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "AI files"]);
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=2 edited=0 human=0"]);
    assert_eq!(trailer(&repo, "Assisted-by"), ["codex:gpt-5"]);
    let note = repo.note_json("HEAD");
    let paths: Vec<&str> = note["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["src/a.rs"]);
}

#[test]
fn human_edit_between_two_ai_edits_is_human_with_claude_code_payloads() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&["agent", "install", "claude-code"]));
    let root = repo.path("");
    let root = root.to_string_lossy();
    let transcript = repo.outside("transcript.jsonl");
    std::fs::write(
        &transcript,
        concat!(
            "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"add a parser\"}}\n",
            "{\"type\":\"assistant\",\"message\":{\"model\":\"claude-opus-4-6\",\"role\":\"assistant\"}}\n"
        ),
    )
    .unwrap();
    let file = format!("{root}/parse.py");
    let base =
        serde_json::json!({"session_id": "5f0c-aa", "transcript_path": transcript, "cwd": root});
    let event = |name: &str, extra: Value| {
        let mut v = base.clone();
        v["hook_event_name"] = name.into();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        let out =
            repo.provenance_stdin(&["agent", "hook", "claude-code"], v.to_string().as_bytes());
        assert!(out.status.success(), "{}", text(&out));
    };
    let edit = serde_json::json!({"tool_name": "Write", "tool_input": {"file_path": file}});
    event(
        "UserPromptSubmit",
        serde_json::json!({"prompt": "add a parser"}),
    );
    event("PreToolUse", edit.clone());
    repo.write("parse.py", "def parse(s):\n    return s.split(',')\n");
    event("PostToolUse", edit.clone());
    // The human adds a line between the AI's edits.
    repo.write(
        "parse.py",
        "def parse(s):\n    return s.split(',')\n\n# written by hand\n",
    );
    event("PreToolUse", edit.clone());
    repo.write(
        "parse.py",
        "def parse(s):\n    return s.split(',')\n\n# written by hand\ndef count(s):\n    return len(parse(s))\n",
    );
    event("PostToolUse", edit);
    repo.git(&["add", "parse.py"]);
    repo.git(&["commit", "-q", "-m", "Parser"]);
    assert_eq!(
        trailer(&repo, "Assisted-by"),
        ["claude-code:claude-opus-4-6"]
    );
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=4 edited=0 human=2"]);
    let sha = provenance_findings::sha256_hex(b"add a parser");
    assert_eq!(trailer(&repo, "AI-Prompt"), [format!("sha256:{sha}")]);
    let note = repo.note_json("HEAD");
    assert_eq!(
        note["files"][0]["ranges"],
        serde_json::json!([[1, 2, "ai"], [3, 4, "human"], [5, 6, "ai"]])
    );

    // Malformed payloads never fail the agent.
    let out = repo.provenance_stdin(&["agent", "hook", "claude-code"], b"{not json");
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("malformed payload"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn agent_install_keeps_existing_settings_and_uninstall_restores_them() {
    let repo = TestRepo::new();
    let original = "{\n  \"permissions\": {\"allow\": [\"Bash(npm test)\"]},\n  \"hooks\": {\n    \"PostToolUse\": [\n      {\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"./lint.sh\"}]}\n    ]\n  },\n  \"model\": \"opus\"\n}\n";
    repo.write(".claude/settings.json", original);
    ok(&repo.provenance(&["agent", "install", "claude-code"]));
    let installed = std::fs::read_to_string(repo.path(".claude/settings.json")).unwrap();
    let v: Value = serde_json::from_str(&installed).unwrap();
    assert_eq!(v["permissions"]["allow"][0], "Bash(npm test)");
    assert_eq!(v["model"], "opus");
    let post = v["hooks"]["PostToolUse"].as_array().unwrap();
    assert_eq!(post.len(), 2);
    assert_eq!(post[0]["hooks"][0]["command"], "./lint.sh");
    assert!(post[1]["hooks"][0]["command"]
        .as_str()
        .unwrap()
        .contains("agent hook claude-code"));
    assert!(v["hooks"]["UserPromptSubmit"].is_array());
    assert_eq!(
        v["hooks"]["PreToolUse"][0]["matcher"],
        "Edit|Write|MultiEdit|NotebookEdit"
    );
    // Key order is the user's.
    assert!(installed.find("permissions").unwrap() < installed.find("model").unwrap());
    // Idempotent.
    ok(&repo.provenance(&["agent", "install", "claude-code"]));
    assert_eq!(
        std::fs::read_to_string(repo.path(".claude/settings.json")).unwrap(),
        installed
    );
    let status = ok(&repo.provenance(&["agent", "status", "claude-code"]))
        .stdout
        .clone();
    assert!(
        String::from_utf8_lossy(&status).contains("installed"),
        "{}",
        String::from_utf8_lossy(&status)
    );
    ok(&repo.provenance(&["agent", "uninstall", "claude-code"]));
    assert_eq!(
        std::fs::read_to_string(repo.path(".claude/settings.json")).unwrap(),
        original
    );

    // Changed after install: only our entries go, the user's change stays.
    ok(&repo.provenance(&["agent", "install", "claude-code"]));
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path(".claude/settings.json")).unwrap())
            .unwrap();
    v["env"] = serde_json::json!({"FOO": "1"});
    repo.write(
        ".claude/settings.json",
        serde_json::to_string_pretty(&v).unwrap(),
    );
    ok(&repo.provenance(&["agent", "uninstall", "claude-code"]));
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path(".claude/settings.json")).unwrap())
            .unwrap();
    assert_eq!(after["env"]["FOO"], "1");
    assert_eq!(after["hooks"]["PostToolUse"].as_array().unwrap().len(), 1);
    assert!(after["hooks"].get("PreToolUse").is_none());

    // A file that did not exist is removed again, with the directories install made.
    ok(&repo.provenance(&["agent", "install", "cursor"]));
    let cursor: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path(".cursor/hooks.json")).unwrap())
            .unwrap();
    assert_eq!(cursor["version"], 1);
    assert!(cursor["hooks"]["afterFileEdit"][0]["command"]
        .as_str()
        .unwrap()
        .contains("agent hook cursor"));
    ok(&repo.provenance(&["agent", "uninstall", "cursor"]));
    assert!(!repo.path(".cursor").exists());

    // Codex's user-wide hooks go to ~/.codex/hooks.json; a notify program of the user's
    // own in config.toml is left as it is.
    let config = "model = \"gpt-5\"\nnotify = [\"notify-send\"]\n";
    repo.write("../home/.codex/config.toml", config);
    ok(&repo.provenance(&["agent", "install", "codex", "--user"]));
    assert_eq!(
        std::fs::read_to_string(repo.path("../home/.codex/config.toml")).unwrap(),
        config
    );
    let hooks: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path("../home/.codex/hooks.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        hooks["hooks"]["PostToolUse"][0]["matcher"],
        "apply_patch|Edit|Write"
    );
    ok(&repo.provenance(&["agent", "uninstall", "codex", "--user"]));
    assert!(!repo.path("../home/.codex/hooks.json").exists());
    // Malformed settings are named and left alone.
    repo.write(".gemini/settings.json", "{\n  \"hooks\": [,]\n}\n");
    let out = repo.provenance(&["agent", "install", "gemini-cli"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("settings.json:2:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(repo.path(".gemini/settings.json")).unwrap(),
        "{\n  \"hooks\": [,]\n}\n"
    );
}

fn ai_commit(repo: &TestRepo, path: &str, content: &str, msg: &str) {
    repo.write(path, content);
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        path,
    ]));
    repo.git(&["add", path]);
    repo.git(&["commit", "-q", "-m", msg]);
}

/// A repository with provenance installed, a base commit on `main`, and `feature` checked
/// out from it.
fn feature_branch() -> TestRepo {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("README", "base\n");
    repo.git(&["add", "README"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

fn lines_of(repo: &TestRepo, rev: &str) -> Value {
    repo.note_json(rev)["lines"].clone()
}

#[test]
fn notes_survive_amend_rebase_cherry_pick_and_squash_merge() {
    let repo = feature_branch();
    ai_commit(&repo, "a.py", "a = 1\nb = 2\nc = 3\n", "A");
    // Amend with a human line: recomputed, not copied.
    repo.write("a.py", "a = 1\nb = 2\nc = 3\nd = 4\n");
    repo.git(&["commit", "-q", "-a", "--amend", "--no-edit"]);
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 3, "edited": 0, "human": 1})
    );
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=3 edited=0 human=1"]);
    ai_commit(&repo, "b.py", "x = 1\ny = 2\n", "B");

    // cherry-pick onto main.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["cherry-pick", "feature~1"]);
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 3, "edited": 0, "human": 1})
    );
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);

    // merge --squash of both feature commits.
    repo.git(&["merge", "-q", "--squash", "feature"]);
    repo.git(&["commit", "-q", "-m", "Squashed feature"]);
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 5, "edited": 0, "human": 1})
    );
    let note = repo.note_json("HEAD");
    assert_eq!(note["files"].as_array().unwrap().len(), 2);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);

    // rebase -i: reword the first, squash the second into it.
    repo.git(&["checkout", "-q", "feature"]);
    let editor = repo.outside("seq.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i -e '1s/^pick/reword/' -e '2s/^pick/squash/' \"$1\"\n",
    )
    .unwrap();
    let msg_editor = repo.outside("msg.sh");
    std::fs::write(
        &msg_editor,
        "#!/bin/sh\nsed -i -e '1s/.*/Reworded/' \"$1\"\n",
    )
    .unwrap();
    for f in [&editor, &msg_editor] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = repo.git_env(
        &[
            ("GIT_SEQUENCE_EDITOR", editor.to_str().unwrap()),
            ("GIT_EDITOR", msg_editor.to_str().unwrap()),
        ],
        &["rebase", "-q", "-i", "main"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(repo.git(&["rev-list", "--count", "main..HEAD"]).trim(), "1");
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 5, "edited": 0, "human": 1})
    );
    let ai_lines = trailer(&repo, "AI-Lines");
    assert_eq!(
        ai_lines,
        ["ai=5 edited=0 human=1"],
        "{}",
        repo.message("HEAD")
    );
    let blame = ok(&repo.provenance(&["blame", "b.py", "--format", "porcelain"]))
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&blame)
        .lines()
        .all(|l| l.contains("\tai\t")));
}

#[test]
fn reattach_maps_notes_onto_a_platform_squash_merge() {
    let repo = feature_branch();
    ai_commit(&repo, "a.py", "a = 1\nb = 2\n", "A");
    repo.write("a.py", "a = 1\nb = 2\nc = 3\n");
    repo.git(&["commit", "-q", "-am", "human line"]);
    // The platform squash-merges without our hooks.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&[
        "-c",
        "core.hooksPath=/dev/null",
        "merge",
        "-q",
        "--squash",
        "feature",
    ]);
    repo.git(&[
        "-c",
        "core.hooksPath=/dev/null",
        "commit",
        "-q",
        "-m",
        "Feature (#1)",
    ]);
    assert!(repo.note("HEAD").is_none());
    let out = ok(&repo.provenance(&["notes", "reattach", "--range", "HEAD~1..HEAD"]))
        .stdout
        .clone();
    assert!(
        String::from_utf8_lossy(&out).contains("ai=2 edited=0 human=1"),
        "{}",
        String::from_utf8_lossy(&out)
    );
    let note = repo.note_json("HEAD");
    assert_eq!(note["agent"], "claude-code");
    assert_eq!(
        note["lines"],
        serde_json::json!({"ai": 2, "edited": 0, "human": 1})
    );
    let blame = ok(&repo.provenance(&["blame", "a.py", "--format", "porcelain"]))
        .stdout
        .clone();
    let rows: Vec<String> = String::from_utf8_lossy(&blame)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        rows[0].contains("\tai\t") && rows[2].contains("\thuman\t"),
        "{rows:?}"
    );
    // Idempotent: a commit with a note is left alone.
    let out = ok(&repo.provenance(&["notes", "reattach", "--range", "HEAD~1..HEAD"])).clone();
    assert!(stderr(&out).contains("0 of 1"), "{}", stderr(&out));
}

#[test]
fn checkpoint_bad_input() {
    let repo = TestRepo::new();
    repo.write("a.txt", "x\n");
    let out = repo.provenance_stdin(
        &["checkpoint", "--stdin"],
        b"{\n \"agent\": \"x\",\n \"kind\": 7\n}",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("stdin:3:"), "{}", stderr(&out));
    let out = repo.provenance(&["checkpoint", "--agent", "x", "--kind", "robot", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    // Binary and outside files are skipped with a message, the rest recorded.
    repo.write("bin.dat", b"\x00\x01\x02");
    let out = ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "x",
        "bin.dat",
        "a.txt",
        "/etc/hostname",
    ]))
    .clone();
    let err = stderr(&out);
    assert!(err.contains("bin.dat: binary"), "{err}");
    assert!(err.contains("outside the repository"), "{err}");
    assert!(err.contains("1 file(s) recorded"), "{err}");
}

#[test]
fn notes_travel_with_push_and_two_clones_converge() {
    let a = TestRepo::new();
    let bare = a.outside("origin.git");
    a.git(&["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()]);
    a.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    ok(&a.provenance(&["install"]));
    let fetch = a.git(&["config", "--get-all", "remote.origin.fetch"]);
    assert!(
        fetch.contains("+refs/notes/provenance:refs/notes/remotes/origin/provenance"),
        "{fetch}"
    );
    // `main` is protected by the review policy: the team works on `work`.
    a.git(&["checkout", "-q", "-b", "work"]);
    ai_commit(&a, "a.py", "a = 1\nb = 2\n", "A");
    a.git(&["push", "-q", "-u", "origin", "work"]);
    let remote_notes = a.git(&[
        "--git-dir",
        bare.to_str().unwrap(),
        "notes",
        "--ref",
        "provenance",
        "list",
    ]);
    assert!(
        remote_notes.contains(&a.rev("HEAD")),
        "pre-push pushed the notes: {remote_notes}"
    );

    // A second clone sees the same blame after a fetch.
    let b_root = a.outside("clone-b");
    a.git(&[
        "clone",
        "-q",
        "-b",
        "work",
        bare.to_str().unwrap(),
        b_root.to_str().unwrap(),
    ]);
    let b = a.at(&b_root);
    b.git(&["config", "user.name", "Bo Dev"]);
    b.git(&["config", "user.email", "bo@example.com"]);
    ok(&b.provenance(&["install"]));
    b.git(&["fetch", "-q", "origin"]);
    let blame = |v: &crate::support::TestRepoView<'_>, f: &str| {
        String::from_utf8_lossy(&ok(&v.provenance(&["blame", f, "--format", "porcelain"])).stdout)
            .into_owned()
    };
    assert_eq!(blame(&b, "a.py"), blame(&a.at(&a.path("")), "a.py"));
    assert!(blame(&b, "a.py")
        .lines()
        .all(|l| l.contains("\tai\tclaude-code")));

    // Both write notes; each push merges the other's; both converge.
    std::fs::write(b_root.join("b.py"), "x = 1\n").unwrap();
    ok(&b.provenance(&["checkpoint", "--agent", "codex", "--model", "gpt-5", "b.py"]));
    b.git(&["add", "b.py"]);
    b.git(&["commit", "-q", "-m", "B"]);
    b.git(&["push", "-q", "origin", "work"]);
    a.git(&["pull", "-q", "--no-rebase"]);
    let b_head = b.git(&["rev-parse", "HEAD"]).trim().to_string();
    assert!(
        a.note(&b_head).is_some_and(|n| n.contains("gpt-5")),
        "pull merged the notes"
    );
    let list =
        |v: &crate::support::TestRepoView<'_>| v.git(&["notes", "--ref", "provenance", "list"]);
    assert_eq!(list(&a.at(&a.path(""))), list(&b));
}

#[test]
fn a_stalled_tagging_hook_times_out_and_the_commit_goes_on() {
    let mut repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    ok(&repo.provenance(&[
        "session",
        "start",
        "--agent",
        "claude-code",
        "--prompt",
        "work",
    ]));
    // Another process holds the session store's lock: post-commit would wait 5 s.
    std::fs::write(repo.git_dir().join("provenance/lock"), "").unwrap();
    repo.set_env("PROVENANCE_HOOK_TIMEOUT", "0.5");
    repo.write("a.txt", "x\n");
    repo.git(&["add", "a.txt"]);
    let started = std::time::Instant::now();
    let out = repo.git_output(&["commit", "-q", "-m", "x"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr(&out).contains("timed out after 0.5 s"),
        "{}",
        stderr(&out)
    );
    assert!(repo.message("HEAD").starts_with("x\n"));
}

#[test]
fn cline_hook_scripts_record_edits_and_uninstall_leaves_nothing() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("README", "base\n");
    repo.git(&["add", "README"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    ok(&repo.provenance(&["agent", "install", "cline"]));
    let hooks = repo.path(".clinerules/hooks");
    for event in ["UserPromptSubmit", "PreToolUse", "PostToolUse"] {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(hooks.join(event)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o111, 0o111, "{event}");
    }
    let root = repo.path("");
    let root = root.to_string_lossy().into_owned();
    // Cline runs the script with the payload on stdin and reads JSON from stdout.
    let run = |event: &str, payload: serde_json::Value| {
        let mut cmd = repo.command(hooks.join(event));
        cmd.current_dir(repo.path(""));
        let out = repo.run_stdin(cmd, payload.to_string().as_bytes());
        assert!(out.status.success(), "{}", text(&out));
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["cancel"], false);
    };
    let tool = |hook: &str, key: &str, name: &str| {
        let mut v = serde_json::json!({
            "clineVersion": "3.36.0", "hookName": hook, "timestamp": "1",
            "taskId": "task-1", "workspaceRoots": [root], "userId": "u"
        });
        v[key] = serde_json::json!({"toolName": name, "parameters": {"path": "calc.py"}});
        v
    };
    let mut prompt = tool("UserPromptSubmit", "x", "-");
    prompt["userPromptSubmit"] = serde_json::json!({"prompt": "write values", "attachments": []});
    run("UserPromptSubmit", prompt);
    run(
        "PreToolUse",
        tool("PreToolUse", "preToolUse", "write_to_file"),
    );
    repo.write("calc.py", "a = 1\nb = 2\n");
    run(
        "PostToolUse",
        tool("PostToolUse", "postToolUse", "write_to_file"),
    );
    repo.write("calc.py", "a = 1\nb = 2\nc = 3\n");
    repo.git(&["add", "calc.py"]);
    repo.git(&["commit", "-q", "-m", "Values"]);
    assert_eq!(trailer(&repo, "Assisted-by"), ["cline"]);
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=2 edited=0 human=1"]);
    let sha = provenance_findings::sha256_hex(b"write values");
    assert_eq!(trailer(&repo, "AI-Prompt"), [format!("sha256:{sha}")]);

    // A hook file of the user's own is never overwritten.
    ok(&repo.provenance(&["agent", "uninstall", "cline"]));
    assert!(
        !repo.path(".clinerules").exists(),
        "uninstall leaves no dirs"
    );
    repo.write(".clinerules/hooks/PreToolUse", "#!/bin/sh\necho mine\n");
    let out = repo.provenance(&["agent", "install", "cline"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("left as it is"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(repo.path(".clinerules/hooks/PreToolUse")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
}

#[test]
fn codex_hooks_record_apply_patch_edits() {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("README", "base\n");
    repo.git(&["add", "README"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    ok(&repo.provenance(&["agent", "install", "codex"]));
    let hooks: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path(".codex/hooks.json")).unwrap())
            .unwrap();
    let command = |name: &str| -> String {
        let c = hooks["hooks"][name][0]["hooks"][0]["command"]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} hook in {hooks:#}"))
            .to_string();
        assert!(c.contains("agent hook codex"), "{c}");
        c
    };
    let root = repo.path("");
    let root = root.to_string_lossy().into_owned();
    // Codex runs the command through the shell with the payload on stdin (the same wire
    // format as Claude Code's hooks; apply_patch's body in tool_input.command).
    let run = |payload: Value| {
        let mut cmd = repo.command("sh");
        let name = payload["hook_event_name"].as_str().unwrap().to_string();
        cmd.args(["-c", &command(&name)]).current_dir(repo.path(""));
        let out = repo.run_stdin(cmd, payload.to_string().as_bytes());
        assert!(out.status.success(), "{}", text(&out));
    };
    let base = serde_json::json!({
        "session_id": "019a-codex", "transcript_path": null, "cwd": root,
        "model": "gpt-5-codex", "turn_id": "t1"
    });
    let event = |name: &str, extra: Value| {
        let mut v = base.clone();
        v["hook_event_name"] = name.into();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let patch = "*** Begin Patch\n*** Add File: src/calc.py\n+a = 1\n+b = 2\n*** End Patch\n";
    let tool = serde_json::json!({"tool_name": "apply_patch", "tool_use_id": "c1", "tool_input": {"command": patch}});
    run(event(
        "UserPromptSubmit",
        serde_json::json!({"prompt": "write values"}),
    ));
    run(event("PreToolUse", tool.clone()));
    repo.write("src/calc.py", "a = 1\nb = 2\n");
    run(event("PostToolUse", tool));
    // A shell command is not an edit.
    run(event(
        "PostToolUse",
        serde_json::json!({"tool_name": "Bash", "tool_input": {"command": "ls"}}),
    ));
    repo.write("src/calc.py", "a = 1\nb = 2\nc = 3\n");
    repo.git(&["add", "src/calc.py"]);
    repo.git(&["commit", "-q", "-m", "Values"]);
    assert_eq!(trailer(&repo, "Assisted-by"), ["codex:gpt-5-codex"]);
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=2 edited=0 human=1"]);
    let sha = provenance_findings::sha256_hex(b"write values");
    assert_eq!(trailer(&repo, "AI-Prompt"), [format!("sha256:{sha}")]);
    ok(&repo.provenance(&["agent", "uninstall", "codex"]));
    assert!(!repo.path(".codex").exists(), "uninstall leaves no dirs");
}

#[test]
fn notes_survive_stash_pop_rebase_onto_and_reset_soft() {
    let repo = feature_branch();
    // An AI edit stashed and popped before the commit keeps its origin.
    repo.write("a.py", "a = 1\nb = 2\n");
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "a.py",
    ]));
    repo.git(&["add", "a.py"]);
    repo.git(&["stash", "-q"]);
    repo.write("README", "base\nhotfix\n");
    repo.git(&["commit", "-q", "-a", "-m", "hotfix by hand"]);
    assert!(trailer(&repo, "AI-Lines").is_empty());
    repo.git(&["stash", "pop", "-q"]);
    repo.write("a.py", "a = 1\nb = 2\nc = 3\n");
    repo.git(&["add", "a.py"]);
    repo.git(&["commit", "-q", "-m", "A"]);
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=2 edited=0 human=1"]);
    ai_commit(&repo, "b.py", "x = 1\ny = 2\n", "B");

    // rebase --onto main: drop the hotfix, replay A and B.
    repo.git(&["checkout", "-q", "-b", "topic"]);
    let out = repo.git_output(&["rebase", "-q", "--onto", "main", "feature~2"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(repo.git(&["rev-list", "--count", "main..HEAD"]).trim(), "2");
    assert_eq!(
        lines_of(&repo, "HEAD~1"),
        serde_json::json!({"ai": 2, "edited": 0, "human": 1})
    );
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 2, "edited": 0, "human": 0})
    );

    // reset --soft + recommit of both, with one more human line: recomputed.
    repo.git(&["reset", "-q", "--soft", "main"]);
    repo.write("b.py", "x = 1\ny = 2\nz = 3\n");
    repo.git(&["add", "b.py"]);
    repo.git(&["commit", "-q", "-m", "A and B"]);
    assert_eq!(
        lines_of(&repo, "HEAD"),
        serde_json::json!({"ai": 4, "edited": 0, "human": 2})
    );
    assert_eq!(trailer(&repo, "AI-Lines"), ["ai=4 edited=0 human=2"]);
}
