//! Differential tests against git itself: `provenance trailers parse` vs
//! `git interpret-trailers --parse`, and `provenance log` filters vs `git log`.

use crate::support::{bin, ok, text, TestRepo};
use std::collections::BTreeMap;

/// One case of the trailers crate's corpus (only the fields this test uses).
struct Case {
    name: String,
    separators: String,
    comment: String,
    no_divider: bool,
    message: String,
}

fn load_cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/trailers/tests/cases/trailers.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    doc.as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: s(&c["name"]),
            separators: s(&c["config"]["separators"]),
            comment: s(&c["config"]["comment"]),
            no_divider: c["config"]["no_divider"].as_bool().unwrap(),
            message: s(&c["message"]),
        })
        .collect()
}

#[test]
fn trailers_parse_agrees_with_git_on_the_case_corpus() {
    let cases = load_cases();
    assert!(cases.len() >= 90, "corpus shrank to {}", cases.len());
    let mut groups: BTreeMap<(String, String), Vec<&Case>> = BTreeMap::new();
    for c in &cases {
        groups
            .entry((c.separators.clone(), c.comment.clone()))
            .or_default()
            .push(c);
    }
    let repo = TestRepo::new();
    let mut disagreements = Vec::new();
    for ((separators, comment), group) in groups {
        repo.git(&["config", "trailer.separators", &separators]);
        repo.git(&["config", "core.commentString", &comment]);
        for case in group {
            let extra: &[&str] = if case.no_divider {
                &["--no-divider"]
            } else {
                &[]
            };
            let git = repo.git_parse_trailers(case.message.as_bytes(), extra);
            ok(&git);
            let mut cmd = repo.command(bin("provenance"));
            cmd.args(["trailers", "parse"]).args(extra);
            let ours = repo.run_stdin(cmd, case.message.as_bytes());
            ok(&ours);
            if ours.stdout != git.stdout {
                disagreements.push(format!(
                    "{}:\n  git:  {:?}\n  ours: {:?}",
                    case.name,
                    String::from_utf8_lossy(&git.stdout),
                    String::from_utf8_lossy(&ours.stdout)
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases differ:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );

    // Bytes that are not UTF-8 come out exactly as git prints them.
    let latin1: &[u8] = b"T\n\nKey: caf\xe9\nOther: \xff\xfe x\n  more \xe9\n";
    let git = repo.git_parse_trailers(latin1, &[]);
    let mut cmd = repo.command(bin("provenance"));
    cmd.args(["trailers", "parse"]);
    let ours = repo.run_stdin(cmd, latin1);
    ok(&ours);
    assert_eq!(ours.stdout, git.stdout);

    // A FILE argument reads the same as stdin.
    let file = repo.outside("msg.txt");
    std::fs::write(&file, "T\n\nBody\n\nKey: v\n  continued\n").unwrap();
    let out = repo.provenance(&["trailers", "parse", file.to_str().unwrap()]);
    ok(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Key: v continued\n");
}

/// One commit of the log fixture: author, message, files it touches.
struct Spec {
    author: &'static str,
    message: &'static str,
    paths: &'static [&'static str],
}

const HISTORY: &[Spec] = &[
    Spec {
        author: "Ann Dev <ann@example.com>",
        message: "feat: add parser\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Prompt: sha256:0000000000000000000000000000000000000000000000000000000000000000",
        paths: &["src/a.rs"],
    },
    Spec {
        author: "Bob Smith <bob@example.org>",
        message: "fix: typo in docs",
        paths: &["docs/readme.md"],
    },
    Spec {
        author: "Carol Ng <carol@example.org>",
        message: "fix parser\n\nThe body says Assisted-by: codex in passing.\n\nReviewed-by: Ann Dev <ann@example.com>",
        paths: &["src/b.rs"],
    },
    Spec {
        author: "Bob Smith <bob@example.org>",
        message: "feat: codex work\n\nAssisted-by: codex\nAI-Session: codex:t-1",
        paths: &["src/a.rs", "docs/x.md"],
    },
    Spec {
        author: "Ann Dev <ann@example.com>",
        message: "refactor the thing\n\nBody.\n\nSigned-off-by: Ann Dev <ann@example.com>\nAssisted-by: claude-code:claude-sonnet-4-5",
        paths: &["other/c.txt"],
    },
    Spec {
        author: "Dan Old <dan@example.net>",
        message: "chore: bump\n\nGenerated-by: gemini-cli:gemini-2-5-pro",
        paths: &["Cargo.toml"],
    },
    Spec {
        author: "Eve Adams <eve@example.com>",
        message: "feat: human thing\n\nAssisted-by: cursor\n\nA later paragraph makes the line above body text.",
        paths: &["src/sub/dir/file.rs"],
    },
    Spec {
        author: "Ann Dev <ann@example.com>",
        message: "FIX: shouting subject\n\nAssisted-by: cursor",
        paths: &["src/sub/other.rs", "docs/readme.md"],
    },
    Spec {
        author: "Gil Patch <gil@example.com>",
        message: "docs: patch-style message\n\nBody.\n---\n\nAssisted-by: amp\n",
        paths: &["docs/patch.md"],
    },
    Spec {
        author: "Frank (aider) <frank@example.com>",
        message: "style: tidy parser",
        paths: &["src/a.rs"],
    },
];

fn date(i: usize) -> String {
    format!("2026-01-{:02} {:02}:30:00 +0000", 1 + i / 3, (i % 3) * 5)
}

fn build_history() -> TestRepo {
    let repo = TestRepo::new();
    for (i, spec) in HISTORY.iter().enumerate() {
        for p in spec.paths {
            repo.write(p, format!("{i}\n"));
            repo.git(&["add", "--", p]);
        }
        let d = date(i);
        repo.git_env_ok(
            &[("GIT_AUTHOR_DATE", &d), ("GIT_COMMITTER_DATE", &d)],
            &["commit", "-q", "--author", spec.author, "-m", spec.message],
        );
    }
    repo
}

fn ours(repo: &TestRepo, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "--format", "ndjson"];
    full.extend_from_slice(args);
    let out = repo.provenance(&full);
    assert!(out.status.success(), "provenance {full:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect()
}

fn gits(repo: &TestRepo, args: &[&str]) -> Vec<String> {
    let mut full = vec!["log", "-E", "--format=%H"];
    full.extend_from_slice(args);
    repo.git(&full).lines().map(str::to_string).collect()
}

#[test]
fn log_filters_match_git_log() {
    let repo = build_history();
    let mut queries: Vec<Vec<String>> = Vec::new();
    let q = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for a in [
        "Ann",
        "^Bob",
        "example\\.org",
        "ann|bob",
        "Carol Ng <carol@",
        "nobody",
        "\\(aider\\)",
        "dev>$",
    ] {
        queries.push(q(&["--author", a]));
    }
    for g in [
        "fix",
        "^feat",
        "parser$",
        "Assisted-by: codex",
        "typo|bump",
        "FIX",
        "^Reviewed-by:",
        "in passing\\.$",
    ] {
        queries.push(q(&["--grep", g]));
    }
    for i in [0, 3, 4, HISTORY.len() - 1] {
        queries.push(vec!["--since".into(), date(i)]);
        queries.push(vec!["--until".into(), date(i)]);
    }
    queries.push(vec![
        "--since".into(),
        date(2),
        "--until".into(),
        date(6),
        "--author".into(),
        "Ann|Bob".into(),
    ]);
    for p in [
        "src",
        "src/a.rs",
        "docs/",
        "src/sub",
        "Cargo.toml",
        "nothing",
        "*.md",
        "src/*.rs",
        "src/s?b",
        "src/[ab].rs",
        "./src",
    ] {
        queries.push(q(&["--", p]));
    }
    queries.push(q(&["--grep", "feat", "--", "src"]));
    queries.push(q(&["-n", "2", "--author", "Ann"]));
    queries.push(q(&["-n", "1"]));
    queries.push(q(&["HEAD~5..HEAD", "--author", "Ann|Bob"]));
    queries.push(q(&["HEAD~3", "--grep", "fix"]));
    for query in &queries {
        let args: Vec<&str> = query.iter().map(String::as_str).collect();
        assert_eq!(ours(&repo, &args), gits(&repo, &args), "query {query:?}");
    }
    // Pathspecs are relative to the directory the command runs in.
    for spec in ["a.rs", ".", "sub", "*.rs", "../docs"] {
        let ours_out = repo
            .command(bin("provenance"))
            .current_dir(repo.path("src"))
            .args(["log", "--format", "ndjson", "--", spec])
            .output()
            .unwrap();
        ok(&ours_out);
        let ours_ids: Vec<String> = String::from_utf8_lossy(&ours_out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let git_out = repo
            .command("git")
            .current_dir(repo.path("src"))
            .args(["log", "--format=%H", "--", spec])
            .output()
            .unwrap();
        ok(&git_out);
        let git_ids: Vec<String> = String::from_utf8_lossy(&git_out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(ours_ids, git_ids, "in src/: -- {spec}");
    }
    // Sanity: the fixture exercises both matches and non-matches.
    assert_eq!(gits(&repo, &["--author", "nobody"]).len(), 0);
    assert_eq!(gits(&repo, &["--", "src"]).len(), 6);
}

#[test]
fn log_ai_human_and_agent_match_a_git_trailers_oracle() {
    let repo = build_history();
    let oracle: Vec<(String, Vec<String>)> = repo
        .git(&[
            "log",
            "--format=%H %an%x09%(trailers:key=Assisted-by,key=Generated-by,valueonly,separator=%x2C)",
        ])
        .lines()
        .map(|l| {
            let (id, rest) = l.split_once(' ').unwrap_or((l, ""));
            let (author, values) = rest.split_once('\t').unwrap_or((rest, ""));
            let mut agents: Vec<String> = values
                .split(',')
                .filter(|v| !v.is_empty())
                .map(|v| v.split(':').next().unwrap().trim().to_string())
                .collect();
            // Aider's own author convention marks a commit it made, trailer or not.
            if agents.is_empty() && author.ends_with("(aider)") {
                agents.push("aider".to_string());
            }
            (id.to_string(), agents)
        })
        .collect();
    let pick = |f: &dyn Fn(&[String]) -> bool| -> Vec<String> {
        oracle
            .iter()
            .filter(|(_, a)| f(a))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let ai = pick(&|a| !a.is_empty());
    assert_eq!(ai.len(), 7, "fixture: {oracle:?}");
    assert_eq!(ours(&repo, &["--ai"]), ai);
    assert_eq!(ours(&repo, &["--human"]), pick(&|a| a.is_empty()));
    for (query, id) in [
        ("claude-code", "claude-code"),
        ("claude", "claude-code"),
        ("codex", "codex"),
        ("cursor", "cursor"),
        ("gemini-cli", "gemini-cli"),
        ("aider", "aider"),
    ] {
        assert_eq!(
            ours(&repo, &["--agent", query]),
            pick(&|a| a.iter().any(|x| x == id)),
            "--agent {query}"
        );
    }
    assert_eq!(
        ours(&repo, &["--ai", "--author", "Ann"]),
        pick(&|a| !a.is_empty())
            .into_iter()
            .filter(|id| gits(&repo, &["--author", "Ann"]).contains(id))
            .collect::<Vec<_>>()
    );
}

/// Messages a user might commit, for comparing provenance's tagging with git's own
/// `git commit --trailer`.
const TAG_MESSAGES: &[&str] = &[
    "Subject\n",
    "Subject\n\nBody.\n",
    "Subject\n\nBody.\n\nSigned-off-by: Ann Dev <ann@example.com>\n",
    "Subject\n\nBody.\n\nSigned-off-by: Ann Dev <ann@example.com>\nReviewed-by: R <r@example.com>\n",
    "Subject\n\nBody\n---\npatch notes\n",
    "Subject\n\nBody\n---\nnot-a: trailer\n\nAlso-not: one\n",
    "Subject\n\nKey: value\n  continued\n",
    "Subject\n\nBody.\n\nFixes #12\n",
    "Subject\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n",
    "Subject\n\nBody line one\nBug: 123\n",
    "Subject\n\nBody.\n\nCo-authored-by: Bob Dev <bob@example.com>\n\n",
    "Subject\r\n\r\nBody.\r\n\r\nSigned-off-by: Ann Dev <ann@example.com>\r\n",
    "Subject\n\nBody.\n\n# a comment-looking line kept by -F verbatim\nSigned-off-by: Ann Dev <ann@example.com>\n",
];

#[test]
fn agent_tagging_places_trailers_where_git_commit_trailer_does() {
    let hooked = TestRepo::with_base();
    ok(&hooked.provenance(&["install"]));
    let plain = TestRepo::with_base();
    let mut disagreements = Vec::new();
    for (i, m) in TAG_MESSAGES.iter().enumerate() {
        for repo in [&hooked, &plain] {
            repo.stage("a.txt", &format!("{i}\n"));
            std::fs::write(repo.outside("m.txt"), m).unwrap();
        }
        let file = |r: &TestRepo| r.outside("m.txt").to_string_lossy().into_owned();
        for cleanup in ["verbatim", "whitespace"] {
            let c = format!("--cleanup={cleanup}");
            let f = file(&hooked);
            hooked.git_env_ok(&[("CLAUDECODE", "1")], &["commit", "-q", &c, "-F", &f]);
            let f = file(&plain);
            plain.git_env_ok(
                &[],
                &[
                    "commit",
                    "-q",
                    &c,
                    "-F",
                    &f,
                    "--trailer",
                    "Assisted-by: claude-code",
                ],
            );
            let (ours, git) = (hooked.raw_message("HEAD"), plain.raw_message("HEAD"));
            if ours != git {
                disagreements.push(format!(
                    "{m:?} {c}:\n  git:  {:?}\n  ours: {:?}",
                    String::from_utf8_lossy(&git),
                    String::from_utf8_lossy(&ours)
                ));
            }
            for repo in [&hooked, &plain] {
                repo.git(&["reset", "-q", "--soft", "HEAD~1"]);
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} differ:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn log_over_merges_matches_git_log() {
    let repo = build_history();
    // Two branches with interleaved dates, merged with --no-ff.
    let commit = |r: &TestRepo, i: usize, author: &str, msg: &str, path: &str| {
        r.write(path, format!("{i}\n"));
        r.git(&["add", "--", path]);
        let d = format!("2026-02-01 {:02}:00:00 +0000", i);
        r.git_env_ok(
            &[("GIT_AUTHOR_DATE", &d), ("GIT_COMMITTER_DATE", &d)],
            &["commit", "-q", "--author", author, "-m", msg],
        );
    };
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~3"]);
    commit(
        &repo,
        1,
        "Side Dev <side@example.com>",
        "side: one\n\nAssisted-by: codex",
        "side/a",
    );
    repo.git(&["checkout", "-q", "main"]);
    commit(&repo, 2, "Ann Dev <ann@example.com>", "main: two", "main/b");
    repo.git(&["checkout", "-q", "side"]);
    commit(
        &repo,
        3,
        "Side Dev <side@example.com>",
        "side: three",
        "side/c",
    );
    repo.git(&["checkout", "-q", "main"]);
    let d = "2026-02-01 04:00:00 +0000";
    repo.git_env_ok(
        &[("GIT_AUTHOR_DATE", d), ("GIT_COMMITTER_DATE", d)],
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge side\n\nAssisted-by: claude-code",
            "side",
        ],
    );
    for query in [
        &[][..],
        &["--author", "Side|Ann"],
        &["--grep", "^side"],
        &["--since", "2026-01-03 00:00:00 +0000"],
        &["-n", "4"],
        &["main~1..main"],
    ] {
        assert_eq!(ours(&repo, query), gits(&repo, query), "query {query:?}");
    }
    let ai: Vec<String> = repo
        .git(&[
            "log",
            "--format=%H %an%x09%(trailers:key=Assisted-by,key=Generated-by,valueonly,separator=%x2C)",
        ])
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, rest)| {
            let (author, values) = rest.split_once('\t').unwrap_or((rest, ""));
            !values.is_empty() || author.ends_with("(aider)")
        })
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(ours(&repo, &["--ai"]), ai);
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// A commit message built from the pieces git's trailer rules care about.
fn generated_message(rng: &mut Rng) -> String {
    const LINES: &[&str] = &[
        "Plain body text.",
        "Signed-off-by: Ann Dev <ann@example.com>",
        "Reviewed-by: Rev <rev@example.com>",
        "Bug: 1234",
        "Fixes #12",
        "Key: value",
        "  continuation of the line above",
        "not a trailer line",
        "# a comment line",
        "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)",
        "Co-authored-by: Bob Dev <bob@example.com>",
        "---",
        "key with spaces: v",
        "Change-Id: I0123456789abcdef",
        "URL: https://example.com/a:b",
        "",
        "",
    ];
    let mut m = String::from(rng.pick(&["Subject", "fix: thing", "Key: looks like one"]));
    m.push('\n');
    let n = rng.next() % 9;
    for _ in 0..n {
        m.push_str(rng.pick(LINES));
        m.push('\n');
    }
    match rng.next() % 6 {
        0 => m = m.trim_end_matches('\n').to_string(),
        1 => m = m.replace('\n', "\r\n"),
        2 => m.push('\n'),
        _ => {}
    }
    m
}

#[test]
fn prepare_commit_msg_adds_trailers_like_git_interpret_trailers_no_divider() {
    let repo = TestRepo::with_base();
    let msg = repo.outside("gen.txt");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    let total = 200;
    for _ in 0..total {
        let m = generated_message(&mut rng);
        std::fs::write(&msg, &m).unwrap();
        let out = repo
            .command_env(bin("provenance-prepare-commit-msg"), &[("CLAUDECODE", "1")])
            .arg(&msg)
            .arg("message")
            .output()
            .unwrap();
        ok(&out);
        let ours = std::fs::read(&msg).unwrap();
        let mut cmd = repo.command("git");
        cmd.args([
            "interpret-trailers",
            "--no-divider",
            "--trailer",
            "Assisted-by: claude-code",
        ]);
        let git = repo.run_stdin(cmd, m.as_bytes());
        ok(&git);
        if ours != git.stdout {
            failures.push(format!(
                "{m:?}\n  git:  {:?}\n  ours: {:?}",
                String::from_utf8_lossy(&git.stdout),
                String::from_utf8_lossy(&ours)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn log_formats_are_exact() {
    let repo = TestRepo::new();
    repo.stage("a.txt", "a\n");
    repo.git(&["commit", "-q", "-m", "human, \"quoted\""]);
    repo.stage("b.txt", "b\n");
    repo.git(&[
        "commit",
        "-q",
        "-m",
        "=ai work\n\nAssisted-by: claude-code:claude-opus-4-6\nAI-Session: claude-code:s-1",
    ]);
    let ids: Vec<String> = repo
        .git(&["log", "--format=%H"])
        .lines()
        .map(str::to_string)
        .collect();
    let out = repo.provenance(&["log", "--format", "csv"]);
    ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "id,date,author,email,ai,agent,model,session,prompts,lines,subject\n\
             {},2026-01-15T10:00:00+00:00,Ann Dev,ann@example.com,true,claude-code,claude-opus-4-6,s-1,,,'=ai work\n\
             {},2026-01-15T10:00:00+00:00,Ann Dev,ann@example.com,false,,,,,,\"human, \"\"quoted\"\"\"\n",
            ids[0], ids[1]
        )
    );
    let out = repo.provenance(&["log"]);
    ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{}  2026-01-15  Ann Dev             claude-code:claude-opus-4-6       =ai work\n\
             {}  2026-01-15  Ann Dev             human                             human, \"quoted\"\n",
            &ids[0][..10],
            &ids[1][..10]
        )
    );
    let out = repo.provenance(&["log", "--format", "json", "--ai"]);
    ok(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["commits"].as_array().unwrap().len(), 1);
    assert_eq!(doc["commits"][0]["session"], "s-1");
    // An empty repository logs nothing, successfully.
    let empty = TestRepo::new();
    let out = empty.provenance(&["log", "--format", "ndjson"]);
    ok(&out);
    assert!(out.stdout.is_empty());
}
