//! `provenance log` against the real `git log`, for what a user types on the command line:
//! `-n 0`, the date forms git's approxidate reads (in two time zones), pathspec magic
//! (`:(exclude)`, `:!`, `:^`, `:(glob)`, `:(icase)`, `:(literal)`, `:/`, `:(top)`, from the
//! root and from a subdirectory), and file names quoted as git quotes them.

use crate::support::{ok, text, TestRepo};
use std::time::{SystemTime, UNIX_EPOCH};

/// Commit ids `provenance log` prints for `args`, run in `dir` (worktree-relative).
fn ours(repo: &TestRepo, dir: &str, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "--format", "ndjson"];
    full.extend_from_slice(args);
    let out = repo
        .command(repo.bin("provenance"))
        .current_dir(repo.path(dir))
        .args(&full)
        .output()
        .expect("run provenance");
    assert!(out.status.success(), "provenance {full:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("ndjson line");
            v["id"].as_str().expect("id").to_string()
        })
        .collect()
}

/// Commit ids `git log` prints for `args`, run in `dir`.
fn gits(repo: &TestRepo, dir: &str, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "--format=%H"];
    full.extend_from_slice(args);
    let out = repo
        .command("git")
        .current_dir(repo.path(dir))
        .args(&full)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {full:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn commit_at(repo: &TestRepo, path: &str, when: &str, message: &str) {
    repo.write(path, format!("{message}\n"));
    repo.git(&["add", "--", path]);
    repo.git_env_ok(
        &[("GIT_AUTHOR_DATE", when), ("GIT_COMMITTER_DATE", when)],
        &["commit", "-q", "-m", message],
    );
}

#[test]
fn max_count_zero_prints_nothing_like_git() {
    let repo = TestRepo::with_base();
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "second"]);
    for args in [
        &["-n", "0"][..],
        &["--max-count", "0"],
        &["-n", "0", "--", "a.txt"],
        &["-n", "1"],
        &["-n", "5"],
    ] {
        assert_eq!(ours(&repo, "", args), gits(&repo, "", args), "{args:?}");
    }
    assert!(gits(&repo, "", &["-n", "0"]).is_empty());
    for format in ["table", "csv", "json"] {
        let out = repo.provenance(&["log", "-n", "0", "--format", format]);
        ok(&out);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        match format {
            "table" => assert_eq!(stdout, ""),
            "csv" => assert_eq!(stdout.lines().count(), 1, "{stdout}"),
            _ => assert!(stdout.contains("\"commits\":[]"), "{stdout}"),
        }
    }
}

#[test]
fn dates_read_like_git_approxidate() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    let mut repo = TestRepo::new();
    // Hours back from now, none within an hour of a query's boundary (yesterday = 24 h,
    // "1 day 2 hours" = 26 h, last week = 168 h, a month = 672–744 h, a year = 8760 h, …).
    let hours: [i64; 13] = [
        2, 8, 15, 25, 40, 60, 100, 200, 400, 800, 2_000, 9_500, 20_000,
    ];
    for (i, h) in hours.iter().rev().enumerate() {
        let when = format!("{} +0000", now - h * 3600);
        commit_at(
            &repo,
            &format!("f{i}.txt"),
            &when,
            &format!("{h} hours ago"),
        );
    }
    let relative = [
        "now",
        "today",
        "yesterday",
        "5 hours ago",
        "1 day 2 hours ago",
        "two days ago",
        "3 days ago",
        "3.days.ago",
        "last week",
        "2 weeks ago",
        "2.weeks.ago",
        "2 weeks",
        "1 month ago",
        "3 months ago",
        "1 year ago",
        "2 years ago",
    ];
    for tz in ["UTC", "EST5"] {
        repo.env.retain(|(k, _)| k != "TZ");
        repo.set_env("TZ", tz);
        let fmt = |secs: i64, format: &str| -> String {
            let out = repo
                .command("date")
                .args(["-d", &format!("@{secs}"), &format!("+{format}")])
                .output()
                .expect("run date");
            assert!(out.status.success(), "{}", text(&out));
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        let mut queries: Vec<String> = relative.iter().map(|s| s.to_string()).collect();
        // Absolute forms of points between the commits; a bare date keeps the time of day,
        // so whole days back from now.
        for back in [20 * 3600, 30 * 3600, 300 * 3600] {
            let at = now - back;
            queries.push(fmt(at, "%Y-%m-%d %H:%M:%S"));
            queries.push(fmt(at, "%Y-%m-%dT%H:%M:%S%z"));
            queries.push(fmt(at, "%Y-%m-%d %H:%M"));
            queries.push(fmt(at, "%a, %d %b %Y %H:%M:%S %z"));
            queries.push(fmt(at, "%a %b %-d %H:%M:%S %Y %z"));
            queries.push(format!("@{at}"));
            queries.push(format!("{at}"));
        }
        let utc = |secs: i64| -> String {
            let out = repo
                .command("date")
                .env("TZ", "UTC")
                .args(["-u", "-d", &format!("@{secs}"), "+%Y-%m-%dT%H:%M:%SZ"])
                .output()
                .expect("run date");
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        queries.push(utc(now - 50 * 3600));
        for days in [3, 12, 40] {
            let at = now - days * 86_400;
            queries.push(fmt(at, "%Y-%m-%d"));
            queries.push(fmt(at, "%Y.%m.%d"));
            queries.push(fmt(at, "%m/%d/%Y"));
        }
        let mut selective = 0;
        for q in &queries {
            for flag in ["--since", "--until"] {
                let args = [flag, q.as_str()];
                let expected = gits(&repo, "", &args);
                if !expected.is_empty() && expected.len() < hours.len() {
                    selective += 1;
                }
                assert_eq!(ours(&repo, "", &args), expected, "TZ={tz} {flag} {q:?}");
            }
        }
        // The fixture splits the history for most queries (not all on one side).
        assert!(
            selective > queries.len(),
            "TZ={tz}: only {selective} queries split"
        );
    }
    // Nothing recognisable is a usage error naming the text (git would read it as now).
    let out = repo.provenance(&["log", "--since", "the day before"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the day before"));
}

/// Paths the pathspec cases select among: nested directories, case variants, and a file
/// literally named `*.md`.
fn pathspec_history() -> TestRepo {
    let repo = TestRepo::new();
    let files = [
        "src/a.rs",
        "docs/readme.md",
        "src/sub/c.rs",
        "docs/Guide.MD",
        "top.txt",
        "SRC/upper.rs",
        "src/lib/x.md",
        "*.md",
        "src/b.rs",
        "src/sub/deep/d.rs",
    ];
    for (i, f) in files.iter().enumerate() {
        let when = format!("2026-01-{:02}T10:00:00Z", i + 1);
        commit_at(&repo, f, &when, &format!("change {f}"));
    }
    // One commit touching two areas at once.
    repo.write("docs/readme.md", "both\n");
    repo.write("src/a.rs", "both\n");
    repo.git(&["add", "-A"]);
    repo.git_env_ok(
        &[
            ("GIT_AUTHOR_DATE", "2026-02-01T10:00:00Z"),
            ("GIT_COMMITTER_DATE", "2026-02-01T10:00:00Z"),
        ],
        &["commit", "-q", "-m", "docs and src"],
    );
    repo
}

#[test]
fn pathspec_magic_matches_git() {
    let repo = pathspec_history();
    let from_root: &[&[&str]] = &[
        &[":(exclude)docs"],
        &[":!docs"],
        &[":^docs"],
        &[":!:docs"],
        &["src", ":!src/sub"],
        &[":(exclude)src/sub", "src"],
        &["src", ":^src/sub/deep", ":!src/a.rs"],
        &[":(exclude)*.md"],
        &[":(glob)src/*.rs"],
        &[":(glob)**/*.md"],
        &[":(glob)src/**"],
        &[":(glob)src/**/*.rs"],
        &[":(glob)*.md"],
        &[":(glob)src/*/c.rs"],
        &[":(glob)s?c/a.rs"],
        &[":(glob)src/[ab].rs"],
        &[":(icase)docs/guide.md"],
        &[":(icase)src"],
        &[":(glob,icase)**/*.MD"],
        &[":(icase,exclude)SRC", "."],
        &[":(literal)*.md"],
        &["*.md"],
        &[":/"],
        &[":/docs"],
        &[":(top)docs"],
        &[":(top,glob)src/*.rs"],
        &[":(exclude,glob)**/*.rs"],
    ];
    for spec in from_root {
        let mut args = vec!["--"];
        args.extend_from_slice(spec);
        assert_eq!(ours(&repo, "", &args), gits(&repo, "", &args), "{spec:?}");
    }
    let from_src: &[&[&str]] = &[
        &[":/docs"],
        &[":/"],
        &[":(top)docs"],
        &[":/:docs"],
        &[":!sub"],
        &[":(exclude)sub"],
        &[".", ":^sub/deep"],
        &[":(glob)*.rs"],
        &[":(glob)**"],
        &[":(icase)SUB"],
        &[":(exclude)../docs"],
    ];
    for spec in from_src {
        let mut args = vec!["--"];
        args.extend_from_slice(spec);
        assert_eq!(
            ours(&repo, "src", &args),
            gits(&repo, "src", &args),
            "in src/: {spec:?}"
        );
    }
    // Sanity: the fixture separates the cases.
    assert_eq!(gits(&repo, "", &["--", ":!docs"]).len(), 9);
    assert_eq!(gits(&repo, "", &["--", ":(glob)src/*.rs"]).len(), 3);
    // Magic git does not know is refused by both; ours is a usage error.
    let git_out = repo.git_output(&["log", "--", ":(bogus)x"]);
    assert!(!git_out.status.success());
    let out = repo.provenance(&["log", "--", ":(bogus)x"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bogus"));
}

#[test]
fn file_names_in_messages_are_quoted_like_git() {
    let repo = TestRepo::new();
    let name = "evil\n\x1b[31mred\ttab\"q\\.txt";
    repo.stage(name, "x\n");
    repo.git(&["commit", "-q", "-m", "odd name"]);
    // git's own quoting of the name (core.quotePath, the default).
    let quoted = repo.git(&["ls-files"]);
    let quoted = quoted.trim_end_matches('\n');
    assert_eq!(quoted, "\"evil\\n\\033[31mred\\ttab\\\"q\\\\.txt\"");
    // The name is a valid pathspec, and one above the root is refused naming it quoted.
    assert_eq!(
        ours(&repo, "", &["--", name]),
        gits(&repo, "", &["--", name])
    );
    let out = repo.provenance(&["log", "--", &format!("../{name}")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let inner = &quoted[1..quoted.len() - 1];
    assert!(stderr.contains(&format!("\"../{inner}\"")), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && !stderr.contains("red\ttab"),
        "raw control bytes reached the terminal: {stderr:?}"
    );
}

#[test]
fn commits_an_agent_authored_without_notes_are_ai_assisted_with_lines_unknown() {
    // No hooks: a cloud agent's or bot's commit arrives with nothing in its message.
    let repo = TestRepo::with_base();
    let by = |name: &str, email: &str, file: &str| {
        repo.write(file, "x\n");
        repo.git(&["add", file]);
        repo.git_env_ok(
            &[("GIT_AUTHOR_NAME", name), ("GIT_AUTHOR_EMAIL", email)],
            &["commit", "-q", "-m", file],
        );
        repo.rev("HEAD")
    };
    let copilot = by(
        "copilot-swe-agent[bot]",
        "198982749+Copilot@users.noreply.github.com",
        "a.txt",
    );
    let cursor = by("Cursor Agent", "cursoragent@cursor.com", "b.txt");
    // A person named like an agent, with her own address, is not one.
    let human = by("Claude Monet", "claude@monet.example", "c.txt");
    let out = repo.provenance(&["log", "--ai", "--format", "ndjson"]);
    ok(&out);
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("ndjson line"))
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [cursor.as_str(), copilot.as_str()], "{rows:?}");
    assert_eq!(rows[0]["agent"], "cursor", "{rows:?}");
    assert_eq!(rows[1]["agent"], "copilot", "{rows:?}");
    assert!(rows.iter().all(|r| r["lines"].is_null()), "{rows:?}");
    let out = repo.provenance(&["log", "--human", "--format", "ndjson"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&human),
        "{}",
        text(&out)
    );
}

/// A history with multi-line messages, a merge and an AI-assisted commit, made at fixed dates
/// in two time zones.
fn formatted_history() -> TestRepo {
    let repo = TestRepo::with_base();
    commit_at(
        &repo,
        "a.txt",
        "2024-03-05T10:00:00+0100",
        "add a\nsecond subject line\n\nThe body, with detail.\nAnd a second line.",
    );
    repo.git(&["checkout", "-q", "-b", "side"]);
    commit_at(&repo, "b.txt", "2024-03-06T11:30:00-0700", "side work");
    repo.git(&["checkout", "-q", "main"]);
    commit_at(&repo, "c.txt", "2024-03-07T09:00:00+0000", "main work");
    repo.git_env_ok(
        &[
            ("GIT_AUTHOR_DATE", "2024-03-08T12:00:00+0530"),
            ("GIT_COMMITTER_DATE", "2024-03-08T12:00:00+0530"),
        ],
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    commit_at(
        &repo,
        "d.txt",
        "2024-03-09T08:00:00+0000",
        "ai change\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Lines: ai=3 edited=1 human=2",
    );
    repo
}

#[test]
fn format_placeholders_print_what_git_log_prints() {
    let repo = formatted_history();
    for template in [
        "%H %h %P %p",
        "%an <%ae> %ad | %ai | %aI | %as | %at",
        "%cn <%ce> %cd | %ci | %cs | %ct",
        "%s%n%b",
        "[%B]",
        "100%% %x41%x1f%q",
        "tformat:%h %s",
        "format:%h %s",
    ] {
        let ours = repo.provenance(&["log", "--format", template]);
        ok(&ours);
        let git = repo.git_output(&["log", &format!("--format={template}")]);
        ok(&git);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&git.stdout),
            "--format {template:?}"
        );
    }
}

#[test]
fn format_has_provenance_placeholders_and_names_unknown_ones() {
    let repo = formatted_history();
    let out = repo.provenance(&[
        "log",
        "-n",
        "2",
        "--format",
        "%(who)|%(agent)|%(model)|%(ai)|%(lines)|%s",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&ok(&out).stdout),
        "claude-code:claude-opus-4-6|claude-code|claude-opus-4-6|true|ai=3 edited=1 human=2|ai change\n\
         human|||false||merge side\n"
    );
    let out = repo.provenance(&["log", "--format", "%h %(modle)"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("%(modle)") && err.contains("%(model)"),
        "{err}"
    );
    let out = repo.provenance(&["log", "--format", "tabel"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn oneline_abbreviates_like_git_and_names_the_model() {
    let repo = formatted_history();
    let ours =
        String::from_utf8_lossy(&ok(&repo.provenance(&["log", "--oneline"])).stdout).into_owned();
    let git = repo.git(&["log", "--format=%h %s"]);
    let lines: Vec<&str> = ours.lines().collect();
    assert_eq!(lines.len(), git.lines().count());
    assert_eq!(
        lines[0],
        format!(
            "{} (claude-code:claude-opus-4-6) ai change",
            git.lines()
                .next()
                .expect("a commit")
                .split(' ')
                .next()
                .expect("id")
        )
    );
    for (o, g) in lines.iter().zip(git.lines()).skip(1) {
        assert_eq!(*o, g);
    }
    let stat = String::from_utf8_lossy(
        &ok(&repo.provenance(&["log", "--oneline", "--stat", "-n", "2"])).stdout,
    )
    .into_owned();
    let mut stat_lines = stat.lines();
    assert!(
        stat_lines
            .next()
            .expect("row")
            .ends_with("(claude-code:claude-opus-4-6) [3/1/2] ai change"),
        "{stat}"
    );
    assert!(
        stat_lines.next().expect("row").ends_with(" [-] merge side"),
        "{stat}"
    );
}

#[test]
fn output_goes_through_the_pager_git_would_choose() {
    let repo = formatted_history();
    let pager = "sed 's/^/|/'";
    let run = |env: &[(&str, &str)], args: &[&str]| -> String {
        let mut cmd = repo.command(repo.bin("provenance"));
        cmd.args(["log", "--color", "never"]).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run provenance");
        String::from_utf8_lossy(&ok(&out).stdout).into_owned()
    };
    let plain = run(&[], &["--oneline"]);
    let paged = |s: &str| -> String { s.lines().map(|l| format!("|{l}\n")).collect() };
    // Not a terminal: no pager unless asked for.
    assert_eq!(run(&[("GIT_PAGER", pager)], &["--oneline"]), plain);
    assert_eq!(
        run(&[("GIT_PAGER", pager)], &["--oneline", "--paginate"]),
        paged(&plain)
    );
    // GIT_PAGER, then core.pager (also from `git -c`), then PAGER.
    let config = format!("'core.pager'='{}'", "sed s/^/:/");
    assert_eq!(
        run(
            &[("GIT_CONFIG_PARAMETERS", &config), ("PAGER", pager)],
            &["--oneline", "--paginate"]
        ),
        plain.lines().map(|l| format!(":{l}\n")).collect::<String>()
    );
    assert_eq!(
        run(&[("PAGER", pager)], &["--oneline", "--paginate"]),
        paged(&plain)
    );
    // `cat` and an empty pager mean none, as in git.
    assert_eq!(
        run(&[("GIT_PAGER", "cat")], &["--oneline", "--paginate"]),
        plain
    );
    assert_eq!(
        run(&[("GIT_PAGER", "")], &["--oneline", "--paginate"]),
        plain
    );
    // The pager that quits before reading everything ends the command quietly.
    let out = repo
        .command(repo.bin("provenance"))
        .args(["log", "--paginate"])
        .env("GIT_PAGER", "head -n 1")
        .output()
        .expect("run provenance");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn colour_follows_color_flag_and_color_ui() {
    let repo = formatted_history();
    let run = |env: &[(&str, &str)], args: &[&str]| -> String {
        let mut cmd = repo.command(repo.bin("provenance"));
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run provenance");
        String::from_utf8_lossy(&ok(&out).stdout).into_owned()
    };
    let esc = "\x1b[";
    assert!(!run(&[], &["log", "--oneline"]).contains(esc));
    let coloured = run(&[], &["--color", "always", "log", "--oneline"]);
    assert!(
        coloured.contains("\x1b[33m") && coloured.contains("\x1b[36m(claude-code"),
        "{coloured:?}"
    );
    let always = "'color.ui'='always'";
    assert!(run(&[("GIT_CONFIG_PARAMETERS", always)], &["log", "--oneline"]).contains(esc));
    assert!(!run(
        &[("GIT_CONFIG_PARAMETERS", always)],
        &["--color", "never", "log", "--oneline"]
    )
    .contains(esc));
    // A pager counts as a terminal for `auto`, unless NO_COLOR says otherwise.
    assert!(run(
        &[("GIT_PAGER", "cat -u")],
        &["log", "--oneline", "--paginate"]
    )
    .contains(esc));
    assert!(!run(
        &[("GIT_PAGER", "cat -u"), ("NO_COLOR", "1")],
        &["log", "--oneline", "--paginate"]
    )
    .contains(esc));
    let never = "'color.ui'='false'";
    assert!(!run(
        &[("GIT_CONFIG_PARAMETERS", never), ("GIT_PAGER", "cat -u")],
        &["log", "--oneline", "--paginate"]
    )
    .contains(esc));
    // Template colours obey the same switch.
    assert_eq!(
        run(&[], &["log", "-n", "1", "--format", "%Cred%h%Creset"]),
        repo.git(&["log", "-n", "1", "--format=%h"])
    );
    assert!(run(
        &[],
        &[
            "--color",
            "always",
            "log",
            "-n",
            "1",
            "--format",
            "%C(yellow)%h%C(reset)"
        ]
    )
    .starts_with("\x1b[33m"));
}

#[test]
fn path_limited_log_with_changed_path_filters_matches_git() {
    let repo = TestRepo::with_base();
    let paths = [
        "src/a/one.rs",
        "src/a/two.rs",
        "src/b/three.rs",
        "docs/guide.md",
        "naïve/ü.txt",
        "top.txt",
    ];
    let mut n = 0u32;
    let mut step = |repo: &TestRepo, path: &str| {
        n += 1;
        commit_at(
            repo,
            path,
            &format!("2024-04-{:02}T10:00:00+0000", 1 + n % 28),
            &format!("step {n} {path}"),
        );
    };
    for round in 0..4 {
        for (i, p) in paths.iter().enumerate() {
            if (i + round) % 3 != 0 {
                step(&repo, p);
            }
        }
    }
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~3"]);
    step(&repo, "src/b/side.rs");
    step(&repo, "docs/side.md");
    repo.git(&["checkout", "-q", "main"]);
    step(&repo, "src/a/one.rs");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    // A mode change alone changes the path.
    {
        use std::os::unix::fs::PermissionsExt;
        let file = repo.path("src/a/one.rs");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    repo.git(&["add", "src/a/one.rs"]);
    repo.git(&["commit", "-q", "-m", "make one.rs executable"]);
    // A merge that keeps main's side of the path (TREESAME to its first parent): git
    // leaves out the side branch's commits to that path.
    repo.git(&["checkout", "-q", "-b", "discarded", "HEAD~2"]);
    step(&repo, "src/a/two.rs");
    step(&repo, "docs/guide.md");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&[
        "merge",
        "-q",
        "-s",
        "ours",
        "-m",
        "merge discarded",
        "discarded",
    ]);
    // A merge whose result is the side branch's (TREESAME to its second parent).
    repo.git(&["checkout", "-q", "-b", "taken", "main"]);
    step(&repo, "src/b/three.rs");
    repo.git(&["checkout", "-q", "main"]);
    step(&repo, "top.txt");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge taken", "taken"]);
    repo.git(&["rm", "-q", "top.txt"]);
    repo.git(&["commit", "-q", "-m", "remove top"]);
    let specs = [
        "src",
        "src/a",
        "src/a/one.rs",
        "src/b",
        "docs",
        "naïve",
        "naïve/ü.txt",
        "top.txt",
        "missing",
        "src/a/",
        "src/*.rs",
    ];
    let check = |label: &str| {
        for spec in specs {
            assert_eq!(
                ours(&repo, "", &["--", spec]),
                gits(&repo, "", &["--", spec]),
                "{label}: -- {spec}"
            );
        }
        assert_eq!(
            ours(&repo, "", &["--", "docs", "src/b"]),
            gits(&repo, "", &["--", "docs", "src/b"]),
            "{label}: two paths"
        );
        for range in ["side..main", "main~6..main", "discarded"] {
            for spec in ["src", "docs/guide.md", "src/a/two.rs"] {
                assert_eq!(
                    ours(&repo, "", &[range, "--", spec]),
                    gits(&repo, "", &[range, "--", spec]),
                    "{label}: {range} -- {spec}"
                );
            }
        }
    };
    check("no commit-graph");
    repo.git(&["commit-graph", "write", "--reachable", "--changed-paths"]);
    check("commit-graph with changed paths");
    // A split chain: the newest commits in a layer of their own.
    commit_at(
        &repo,
        "src/a/two.rs",
        "2024-05-01T10:00:00+0000",
        "after the graph",
    );
    std::fs::remove_file(repo.git_dir().join("objects/info/commit-graph")).expect("remove graph");
    repo.git(&[
        "commit-graph",
        "write",
        "--reachable",
        "--changed-paths",
        "--split",
    ]);
    commit_at(
        &repo,
        "src/b/three.rs",
        "2024-05-02T10:00:00+0000",
        "second layer",
    );
    repo.git(&[
        "commit-graph",
        "write",
        "--reachable",
        "--changed-paths",
        "--split=no-merge",
    ]);
    check("split commit-graph");
}
