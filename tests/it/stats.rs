//! `provenance stats` on generated histories, checked against an independent computation
//! with `git log` and `git blame`: AI commits of two models (notes with line ranges and
//! `AI-Lines` trailers) interleaved with human commits that rewrite and delete AI lines.

use crate::support::{ok, text, TestRepo};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const MODELS: [(&str, &str); 2] = [("claude-code", "claude-opus-4-6"), ("codex", "gpt-5")];

/// A deterministic pseudo-random sequence (LCG), so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn commit(repo: &TestRepo, message: &str, day: u32) -> String {
    let when = format!("2026-{:02}-{:02}T12:00:00Z", 1 + day / 28, 1 + day % 28);
    repo.git(&["add", "-A"]);
    repo.git_env_ok(
        &[
            ("GIT_AUTHOR_DATE", when.as_str()),
            ("GIT_COMMITTER_DATE", when.as_str()),
        ],
        &["commit", "-q", "-m", message],
    );
    repo.rev("HEAD")
}

fn add_note(repo: &TestRepo, id: &str, note: &Value) {
    repo.git(&[
        "notes",
        "--ref",
        "refs/notes/provenance",
        "add",
        "-f",
        "-m",
        &note.to_string(),
        id,
    ]);
}

fn read_lines(repo: &TestRepo, path: &str) -> Vec<String> {
    std::fs::read_to_string(repo.path(path))
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

fn write_lines(repo: &TestRepo, path: &str, lines: &[String]) {
    let mut s = lines.join("\n");
    if !lines.is_empty() {
        s.push('\n');
    }
    repo.write(path, s);
}

fn stats(repo: &TestRepo, args: &[&str]) -> Value {
    let mut full = vec!["stats", "--format", "json"];
    full.extend_from_slice(args);
    let out = repo.provenance(&full);
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
}

fn group<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["group"] == name)
        .unwrap_or_else(|| panic!("no group {name} in {doc:#}"))
}

/// `[start, end, origin]` ranges of one file.
type Ranges = Vec<(u32, u32, &'static str)>;

/// What the generator recorded: per AI commit, its model and ranges per file.
struct AiCommit {
    id: String,
    model: &'static str,
    files: Vec<(String, Ranges)>,
}

/// Build a history of `steps` commits over four files.
fn generate(repo: &TestRepo, steps: u32, seed: u64) -> Vec<AiCommit> {
    let mut rng = Lcg(seed);
    let files = ["src/a.rs", "src/b.rs", "lib/c.py", "d.txt"];
    for f in files {
        write_lines(repo, f, &[format!("// {f} base")]);
    }
    commit(repo, "base", 0);
    let mut ai = Vec::new();
    for step in 1..=steps {
        let path = files[rng.next(files.len() as u64) as usize];
        let mut lines = read_lines(repo, path);
        if rng.next(3) < 2 {
            // An AI commit: k lines inserted at p, the last one edited by a human when odd.
            let (agent, model) = MODELS[rng.next(2) as usize];
            let k = 2 + rng.next(6) as u32;
            let p = rng.next(lines.len() as u64 + 1) as u32;
            for i in 0..k {
                lines.insert((p + i) as usize, format!("{model} step {step} line {i}"));
            }
            write_lines(repo, path, &lines);
            let edited = u32::from(step % 2 == 1);
            let mut ranges = vec![(p + 1, p + k - edited, "ai")];
            if edited == 1 {
                ranges.push((p + k, p + k, "edited"));
            }
            let message = format!(
                "ai step {step}\n\nAssisted-by: {agent}:{model}\nAI-Lines: ai={} edited={edited} human=0\n",
                k - edited
            );
            let id = commit(repo, &message, step);
            add_note(
                repo,
                &id,
                &json!({
                    "version": 1, "agent": agent, "model": model, "session": null,
                    "lines": {"ai": k - edited, "edited": edited, "human": 0},
                    "files": [{"path": path, "ranges": ranges.iter().map(|(s, e, o)| json!([s, e, o])).collect::<Vec<_>>()}],
                    "tool_version": "0.1.0",
                }),
            );
            ai.push(AiCommit {
                id,
                model,
                files: vec![(path.to_string(), ranges)],
            });
        } else {
            // A human rewrites one line and deletes another.
            if lines.len() > 1 {
                let r = rng.next(lines.len() as u64) as usize;
                lines[r] = format!("human rewrite {step}");
                let d = rng.next(lines.len() as u64) as usize;
                lines.remove(d);
            } else {
                lines.push(format!("human {step}"));
            }
            write_lines(repo, path, &lines);
            commit(repo, &format!("human step {step}"), step);
        }
    }
    ai
}

/// (AI lines tracked, surviving, surviving per file).
type Expected = (u64, u64, BTreeMap<String, u64>);

/// Survival per model the way a reviewer would count it by hand: `git blame --porcelain
/// HEAD -- FILE`, lines whose commit and original line fall in that commit's AI ranges.
fn independent_survival(repo: &TestRepo, ai: &[AiCommit]) -> BTreeMap<&'static str, Expected> {
    let mut blame: BTreeMap<String, Vec<(String, u32)>> = BTreeMap::new();
    let mut out: BTreeMap<&'static str, Expected> = BTreeMap::new();
    for c in ai {
        for (path, ranges) in &c.files {
            let lines = blame.entry(path.clone()).or_insert_with(|| {
                let text = repo.git(&["blame", "--porcelain", "HEAD", "--", path]);
                text.lines()
                    .filter_map(|l| {
                        let mut w = l.split(' ');
                        let sha = w.next()?;
                        let orig: u32 = w.next()?.parse().ok()?;
                        (sha.len() == 40 && w.next().is_some()).then(|| (sha.to_string(), orig))
                    })
                    .collect()
            });
            let entry = out.entry(c.model).or_default();
            for (s, e, _) in ranges {
                entry.0 += u64::from(e - s + 1);
                let alive = lines
                    .iter()
                    .filter(|(sha, l)| *sha == c.id && s <= l && l <= e)
                    .count() as u64;
                entry.1 += alive;
                *entry.2.entry(path.clone()).or_default() += alive;
            }
        }
    }
    out
}

#[test]
fn stats_by_model_matches_git_blame_on_a_generated_history() {
    let repo = TestRepo::new();
    let ai = generate(&repo, 60, 7);
    let doc = stats(&repo, &["--by", "model"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["by"], "model");
    let expected = independent_survival(&repo, &ai);
    assert_eq!(expected.len(), 2, "both models wrote something");
    for (model, (tracked, surviving, _)) in &expected {
        let g = group(&doc, model);
        assert_eq!(g["survival"]["tracked"], *tracked, "{model}: {g}");
        assert_eq!(g["survival"]["surviving"], *surviving, "{model}: {g}");
        assert_eq!(
            g["survival"]["rewritten"],
            tracked - surviving,
            "{model}: {g}"
        );
        let mine: Vec<&AiCommit> = ai.iter().filter(|c| c.model == *model).collect();
        assert_eq!(g["commits"], mine.len(), "{model}");
        let count = |origin: &str| -> u64 {
            mine.iter()
                .flat_map(|c| &c.files)
                .flat_map(|(_, r)| r)
                .filter(|(_, _, o)| *o == origin)
                .map(|(s, e, _)| u64::from(e - s + 1))
                .sum()
        };
        assert_eq!(g["lines"]["ai"], count("ai"), "{model}");
        assert_eq!(g["lines"]["edited"], count("edited"), "{model}");
        let ratio = count("edited") as f64 / (count("ai") + count("edited")) as f64;
        let got = g["modification_ratio"].as_f64().expect("ratio");
        assert!((got - ratio).abs() < 1e-9, "{model}: {got} vs {ratio}");
    }
    // Some AI lines were rewritten by the human commits, some survived: the test can fail
    // both ways.
    let (t, s): (u64, u64) = expected
        .values()
        .map(|(t, s, _)| (*t, *s))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!(s > 0 && s < t, "surviving {s} of {t}");
    // Human commits: no line record, their added lines are unknown.
    let human = group(&doc, "(none)");
    let human_commits = 61 - ai.len();
    assert_eq!(human["commits"], human_commits);
    assert!(human["lines"]["unknown"].as_u64().unwrap() > 0, "{human}");
    assert_eq!(doc["total"]["commits"], 61);

    // By path: per-file survival agrees with blame too.
    let by_path = stats(&repo, &["--by", "path"]);
    let mut per_file: BTreeMap<String, u64> = BTreeMap::new();
    for (_, _, files) in expected.values() {
        for (p, n) in files {
            *per_file.entry(p.clone()).or_default() += n;
        }
    }
    for (path, alive) in per_file {
        let g = group(&by_path, &path);
        let got = g["survival"]["surviving"].as_u64().unwrap();
        assert!(got.abs_diff(alive) <= 1, "{path}: {got} vs {alive}");
    }
}

#[test]
fn trailers_alone_give_counts_and_unknown_lines_come_from_the_diff() {
    let repo = TestRepo::new();
    repo.write("a.txt", "one\ntwo\nthree\n");
    commit(&repo, "human start", 1);
    repo.write("a.txt", "one\ntwo\nthree\nfour\nfive\n");
    commit(
        &repo,
        "ai without a note\n\nAssisted-by: cursor:gpt-5\nAI-Lines: ai=1 edited=0 human=1\n",
        35,
    );
    // An agent's own identity, no trailers: AI, model unknown, lines unknown.
    repo.write("b.txt", "x\ny\n");
    repo.git(&["add", "-A"]);
    repo.git_env_ok(
        &[
            ("GIT_AUTHOR_NAME", "Copilot"),
            (
                "GIT_AUTHOR_EMAIL",
                "198982749+Copilot@users.noreply.github.com",
            ),
            ("GIT_AUTHOR_DATE", "2026-02-20T00:00:00Z"),
            ("GIT_COMMITTER_DATE", "2026-02-20T00:00:00Z"),
        ],
        &["commit", "-q", "-m", "cloud agent"],
    );
    let doc = stats(&repo, &[]);
    let cursor = group(&doc, "gpt-5");
    assert_eq!(
        cursor["lines"],
        json!({"ai": 1, "edited": 0, "human": 1, "unknown": 0})
    );
    assert_eq!(
        cursor["survival"]["tracked"], 0,
        "no ranges, nothing to trace"
    );
    assert_eq!(cursor["survival"]["ratio"], Value::Null);
    assert_eq!(group(&doc, "(none)")["lines"]["unknown"], 3);
    assert_eq!(group(&doc, "(unknown)")["lines"]["unknown"], 2);

    let months = stats(&repo, &["--by", "month"]);
    let names: Vec<&str> = months["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2026-01", "2026-02"]);
    assert_eq!(group(&months, "2026-02")["commits"], 2);

    let agents = stats(&repo, &["--by", "agent", "HEAD~1..HEAD"]);
    assert_eq!(agents["groups"].as_array().unwrap().len(), 1, "{agents}");
    assert!(group(&agents, "copilot")["commits"] == 1, "{agents}");

    // CSV: a header, one row per group and the total; table: the same groups.
    let out = repo.provenance(&["stats", "--format", "csv", "--no-survival"]);
    ok(&out);
    let csv = String::from_utf8_lossy(&out.stdout).into_owned();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("model,commits,ai,edited,human,unknown,modification_ratio"));
    assert_eq!(rows.len(), 1 + 3 + 1, "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("gpt-5,1,1,0,1,0,0.0000,")),
        "{csv}"
    );
    let out = repo.provenance(&["stats"]);
    ok(&out);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        table.lines().next().unwrap().starts_with("model "),
        "{table}"
    );
    assert!(
        table.lines().last().unwrap().starts_with("total "),
        "{table}"
    );
}

#[test]
fn stats_on_an_empty_repository_and_a_bad_range() {
    let repo = TestRepo::new();
    let doc = stats(&repo, &[]);
    assert_eq!(doc["groups"], json!([]));
    let out = repo.provenance(&["stats", "nope..HEAD"]);
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn ai_lines_of_the_root_commit_survive() {
    // git blame marks a root commit as a boundary unless told otherwise: its lines are
    // still the root commit's.
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo.write("calc.py", "a = 1\nb = 2\nc = 3\n");
    ok(&repo.provenance(&[
        "checkpoint",
        "--agent",
        "claude-code",
        "--model",
        "claude-opus-4-6",
        "calc.py",
    ]));
    repo.git(&["add", "calc.py"]);
    repo.git(&["commit", "-q", "-m", "Root by the agent"]);
    let doc = stats(&repo, &["--by", "model"]);
    let g = group(&doc, "claude-opus-4-6");
    assert_eq!(g["survival"]["tracked"], 3, "{g}");
    assert_eq!(g["survival"]["surviving"], 3, "{g}");
    // A human rewrite of one line later: two survive.
    repo.write("calc.py", "a = 1\nb = 20\nc = 3\n");
    repo.git(&["commit", "-q", "-a", "-m", "tweak"]);
    let doc = stats(&repo, &["--by", "model"]);
    assert_eq!(group(&doc, "claude-opus-4-6")["survival"]["surviving"], 2);
}
