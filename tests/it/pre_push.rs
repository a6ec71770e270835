//! pre-push: what each pushed ref adds is checked — branches, lightweight and annotated
//! tags (peeled), tags of tags, new branches, several refs at once — deletions push nothing,
//! and anything that cannot be checked fails closed.

use crate::seams::{aws_key, corrupt_object, secret_env};
use crate::support::{ok, stderr, text, TestRepo};

/// An installed repository with a bare `origin` that already has `main`.
fn with_remote() -> TestRepo {
    let repo = TestRepo::with_base();
    let remote = repo.outside("origin.git");
    repo.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    ok(&repo.provenance(&["install"]));
    repo
}

/// Commit a secret past pre-commit, the way `--no-verify` does.
fn commit_secret_unchecked(repo: &TestRepo) {
    repo.stage("deploy/.env", &secret_env());
    repo.git(&["commit", "-q", "--no-verify", "-m", "add env"]);
}

fn push(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    let mut all = vec!["push", "-q"];
    all.extend_from_slice(args);
    repo.git_output(&all)
}

fn assert_blocked_redacted(out: &std::process::Output) {
    assert!(!out.status.success(), "push went through: {}", text(out));
    let err = stderr(out);
    assert!(err.contains("aws-access-key-id"), "{}", text(out));
    assert!(!err.contains(&aws_key()), "secret printed: {}", text(out));
}

#[test]
fn pushes_of_branches_and_tags_are_checked_and_deletions_pass() {
    let repo = with_remote();
    commit_secret_unchecked(&repo);
    repo.git(&["tag", "-a", "v1", "-m", "release 1"]);
    repo.git(&["tag", "light"]);

    // `--follow-tags` sends the branch and the annotated tag in one push.
    assert_blocked_redacted(&push(&repo, &["--follow-tags", "origin", "main"]));
    // The annotated tag alone, a lightweight tag alone, a tag of a tag.
    assert_blocked_redacted(&push(&repo, &["origin", "v1"]));
    assert_blocked_redacted(&push(&repo, &["origin", "light"]));
    repo.git(&["tag", "-a", "outer", "-m", "tag of a tag", "v1"]);
    assert_blocked_redacted(&push(&repo, &["origin", "outer"]));
    // A new branch and several refs at once.
    repo.git(&["branch", "feature"]);
    assert_blocked_redacted(&push(&repo, &["origin", "feature", "light"]));

    // Nothing reached the remote.
    let remote = repo.outside("origin.git");
    let refs = repo.git(&["ls-remote", remote.to_str().unwrap()]);
    assert!(!refs.contains("v1") && !refs.contains("feature"), "{refs}");

    // Deletions push no content; a clean branch and tag pass.
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.git(&["tag", "-d", "v1", "light", "outer"]);
    repo.git(&["tag", "-a", "v0", "-m", "clean"]);
    ok(&push(&repo, &["origin", "main", "v0"]));
    ok(&push(&repo, &["origin", ":refs/tags/v0"]));
    repo.git(&["branch", "-f", "feature", "HEAD"]);
    ok(&push(&repo, &["origin", "feature"]));
    ok(&push(&repo, &["origin", "--delete", "feature"]));
}

/// The pre-push hook run directly with git's stdin protocol, so malformed and odd input
/// is covered without a remote.
#[test]
fn pre_push_input_edge_cases() {
    let repo = with_remote();
    commit_secret_unchecked(&repo);
    repo.git(&["tag", "-a", "v1", "-m", "release"]);
    let zero = "0".repeat(40);
    let tag = repo.rev("refs/tags/v1^{tag}");
    let base = repo.rev("HEAD~1");
    let run = |input: String| {
        let cmd = repo.command(crate::support::bin("provenance-pre-push"));
        let mut cmd = cmd;
        cmd.args(["origin", "unused-url"]);
        repo.run_stdin(cmd, input.as_bytes())
    };
    // An annotated tag object id, as git sends it.
    let out = run(format!("refs/tags/v1 {tag} refs/tags/v1 {zero}\n"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // A deletion only.
    let out = run(format!("(delete) {zero} refs/heads/old {base}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A line that is not git's format: the gates cannot know what is pushed.
    let out = run("garbage\n".to_string());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
    // An object the repository does not have.
    let out = run(format!(
        "refs/heads/x {} refs/heads/x {zero}\n",
        "1".repeat(40)
    ));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
}

#[test]
fn unreadable_pushed_content_blocks_the_push() {
    let repo = with_remote();
    commit_secret_unchecked(&repo);
    let blob = repo
        .git(&["rev-parse", "HEAD:deploy/.env"])
        .trim()
        .to_string();
    corrupt_object(&repo, &blob);
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
}

/// An AI-assisted commit (a Claude Code co-author line) on top of `main`.
fn ai_commit(repo: &TestRepo, file: &str, extra_trailer: Option<&str>) {
    repo.stage(file, "def f():\n    return 1\n");
    let mut msg = "Add f\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n".to_string();
    if let Some(t) = extra_trailer {
        msg.push_str(t);
        msg.push('\n');
    }
    let file_msg = repo.outside("msg.txt");
    std::fs::write(&file_msg, msg).unwrap();
    repo.git(&["commit", "-q", "-F", file_msg.to_str().unwrap()]);
}

#[test]
fn ai_commits_reach_a_protected_branch_only_when_reviewed_by_someone_else() {
    let repo = with_remote();
    ai_commit(&repo, "a.py", None);
    // To main: blocked, naming the commit and how to fix it.
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("unreviewed-ai-commit"), "{err}");
    assert!(err.contains(&repo.rev("HEAD")[..10]), "{err}");
    assert!(err.contains("Reviewed-by"), "{err}");
    // To an AI branch: fine.
    ok(&push(&repo, &["origin", "HEAD:refs/heads/ai/feature"]));
    // Reviewed by its own author: still blocked. By someone else: passes.
    repo.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        "--trailer",
        "Reviewed-by: Ann Dev <ann@example.com>",
    ]);
    assert!(!push(&repo, &["origin", "main"]).status.success());
    repo.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        "--trailer",
        "Reviewed-by: Bob Rev <bob@example.com>",
    ]);
    ok(&push(&repo, &["origin", "main"]));
    // Skipped once, or turned off: passes.
    ai_commit(&repo, "b.py", None);
    let out = repo.git_env(
        &[("PROVENANCE_SKIP", "review")],
        &["push", "-q", "origin", "main"],
    );
    ok(&out);
    ai_commit(&repo, "c.py", None);
    repo.write(".provenance.toml", "[gates]\nreview = \"off\"\n");
    ok(&push(&repo, &["origin", "main"]));
    // Human commits need no review; a configured approval trailer counts.
    repo.write(
        ".provenance.toml",
        "[review]\nprotected = [\"release/*\"]\napprovals = [\"Approved-by\"]\n",
    );
    ai_commit(
        &repo,
        "d.py",
        Some("Approved-by: Bob Rev <bob@example.com>"),
    );
    ok(&push(&repo, &["origin", "HEAD:refs/heads/release/1.0"]));
    ai_commit(&repo, "e.py", None);
    assert!(!push(&repo, &["origin", "HEAD:refs/heads/release/1.0"])
        .status
        .success());
    repo.stage("human.txt", "h\n");
    repo.git(&["reset", "-q", "--soft", "HEAD~1"]);
    repo.git(&["commit", "-q", "-m", "human work"]);
    ok(&push(&repo, &["origin", "HEAD:refs/heads/release/1.0"]));
}

/// lcov for `app.py` where the first `covered` of `lines` lines ran.
fn lcov(lines: u32, covered: u32) -> String {
    let mut out = String::from("SF:app.py\n");
    for l in 1..=lines {
        out.push_str(&format!("DA:{l},{}\n", u32::from(l <= covered)));
    }
    out.push_str("end_of_record\n");
    out
}

fn ai_file(repo: &TestRepo, lines: u32) {
    let body: String = (1..=lines).map(|i| format!("x{i} = {i}\n")).collect();
    repo.stage("app.py", &body);
    let msg = repo.outside("msg.txt");
    std::fs::write(
        &msg,
        "Add app\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n",
    )
    .unwrap();
    repo.git(&["commit", "-q", "-F", msg.to_str().unwrap()]);
}

#[test]
fn coverage_of_ai_lines_holds_the_bar_and_a_missing_or_stale_report_is_degraded() {
    let repo = with_remote();
    repo.write(
        ".provenance.toml",
        "[gates]\nreview = \"off\"\n\n[coverage]\nmin = 80.0\nreport = \"coverage/lcov.info\"\n",
    );
    repo.git(&["add", ".provenance.toml"]);
    repo.git(&["commit", "-q", "-m", "config"]);
    ok(&push(&repo, &["origin", "main"]));

    ai_file(&repo, 20);
    // No report: degraded, which blocks.
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("no coverage report"),
        "{}",
        text(&out)
    );
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
    // 60% of the AI lines ran: blocked, naming the lines that did not.
    repo.write("coverage/lcov.info", lcov(20, 12));
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("coverage-below-min"), "{err}");
    assert!(err.contains("60.0%"), "{err}");
    assert!(err.contains("app.py:13-20"), "{err}");
    // 85%: passes.
    repo.write("coverage/lcov.info", lcov(20, 17));
    ok(&push(&repo, &["origin", "main"]));

    // A report older than the pushed commit describes other code.
    let more: String = (1..=21).map(|i| format!("x{i} = {i}\n")).collect();
    repo.stage("app.py", &more);
    let msg = repo.outside("msg.txt");
    std::fs::write(
        &msg,
        "Shrink\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n",
    )
    .unwrap();
    repo.git_env_ok(
        &[("GIT_COMMITTER_DATE", "2030-01-01T00:00:00Z")],
        &["commit", "-q", "-F", msg.to_str().unwrap()],
    );
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("older than the newest pushed commit"),
        "{}",
        text(&out)
    );
    // Skipped once: passes.
    let out = repo.git_env(
        &[("PROVENANCE_SKIP", "coverage")],
        &["push", "-q", "origin", "main"],
    );
    ok(&out);
}

#[test]
fn coverage_scope_changed_lines_counts_human_lines_too() {
    let repo = with_remote();
    repo.write(".provenance.toml", "[gates]\nreview = \"off\"\n\n[coverage]\nscope = \"changed-lines\"\nreport = \"lcov.info\"\ncommand = \"true\"\n");
    repo.write("lcov.info", lcov(1, 1));
    repo.git(&["add", ".provenance.toml"]);
    repo.git(&["commit", "-q", "-m", "config"]);
    ok(&push(&repo, &["origin", "main"]));
    let body: String = (1..=10).map(|i| format!("y{i} = {i}\n")).collect();
    repo.stage("app.py", &body);
    repo.git(&["commit", "-q", "-m", "human code"]);
    repo.write("lcov.info", lcov(10, 5));
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("50.0%"), "{}", text(&out));
    // With the default ai-lines scope, a human-only push has no lines in scope.
    repo.write(
        ".provenance.toml",
        "[gates]\nreview = \"off\"\n\n[coverage]\nreport = \"lcov.info\"\n",
    );
    ok(&push(&repo, &["origin", "main"]));
    // A failing coverage.command is degraded.
    repo.write(
        ".provenance.toml",
        "[gates]\nreview = \"off\"\n\n[coverage]\nscope = \"changed-lines\"\nreport = \"lcov.info\"\ncommand = \"exit 3\"\n",
    );
    repo.stage("b.txt", "b\n");
    repo.git(&["commit", "-q", "-m", "more"]);
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("coverage.command"), "{}", text(&out));
}

#[test]
fn pre_push_prints_one_summary_table_then_the_details() {
    let repo = with_remote();
    commit_secret_unchecked(&repo);
    let out = push(&repo, &["origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    let table = err.find("provenance: gate").expect("a summary table");
    let secrets_row = err
        .lines()
        .find(|l| l.starts_with("provenance: secrets") && l.contains("block"))
        .unwrap_or_else(|| panic!("no secrets row: {err}"));
    assert!(secrets_row.trim_end().ends_with(" 1"), "{secrets_row}");
    assert!(err.contains("checked in"), "{err}");
    // The details come after the table.
    assert!(err.find("aws-access-key-id").unwrap() > table, "{err}");
}

/// Where the real bandit and ruff are: `PROVENANCE_TEST_TOOLS_BIN` (set by .ci/run), else
/// `PATH`. Under `CI` they must be there.
fn tools_path() -> Option<String> {
    let dir = std::env::var("PROVENANCE_TEST_TOOLS_BIN").ok();
    let path = std::env::var("PATH").unwrap_or_default();
    let full = match &dir {
        Some(d) => format!("{d}:{path}"),
        None => path,
    };
    let found = std::env::split_paths(&full).any(|p| p.join("bandit").is_file());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "bandit is not installed (set PROVENANCE_TEST_TOOLS_BIN)"
        );
        eprintln!("note: bandit not installed; external analyzer test skipped");
        return None;
    }
    Some(full)
}

#[test]
fn external_analyzers_run_on_the_pushed_lines_and_a_missing_one_is_degraded() {
    let Some(path) = tools_path() else {
        return;
    };
    let repo = with_remote();
    repo.write(
        ".provenance.toml",
        "[gates]\nreview = \"off\"\n\n[sast]\nexternal = [\"bandit\", \"ruff\"]\n",
    );
    // Lines bandit (B602, B605) and ruff (S602, S605) report; only the pushed ones count.
    repo.stage(
        "tool.py",
        "import os\nimport subprocess\n\n\ndef go(cmd):\n    subprocess.call(cmd, shell=True)\n    os.system(cmd)\n",
    );
    repo.git(&["commit", "-q", "--no-verify", "-m", "tool"]);
    let out = repo.git_env(&[("PATH", &path)], &["push", "-q", "origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("bandit:B602"), "{err}");
    assert!(err.contains("ruff:S602"), "{err}");
    // A configured tool that is not installed: degraded, which blocks.
    repo.write(
        ".provenance.toml",
        "[gates]\nreview = \"off\"\nsast = \"warn\"\n\n[sast]\nexternal = [\"gosec\"]\n",
    );
    repo.stage("b.go", "package main\n\nfunc main() {}\n");
    repo.git(&["commit", "-q", "--no-verify", "-m", "go"]);
    let out = repo.git_env(&[("PATH", &path)], &["push", "-q", "origin", "main"]);
    let err = stderr(&out);
    assert!(err.contains("gosec is not installed"), "{}", text(&out));
    assert!(err.contains("degraded"), "{err}");
}
