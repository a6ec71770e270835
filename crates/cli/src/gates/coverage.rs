//! The coverage gate (pre-push): of the lines a push brings, the share the tests ran must
//! reach `coverage.min`. Which lines: the AI-assisted commits' lines (`ai-lines`), every
//! added line (`changed-lines`) or the whole report (`total`). Lines are traced to the commit
//! that wrote them with `git blame` over the pushed range, so later edits in the same push
//! move them correctly. A report that is missing, stale or unreadable makes the gate
//! `degraded`, never a pass.

use super::review::pushed_commit;
use provenance_checks::{Config, CoverageConfig, CoverageScope, GateOutcome};
use provenance_findings::{Finding, Severity};
use provenance_git::Repo;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The rule id of a push under the bar.
pub(crate) const BELOW_MIN: &str = "coverage-below-min";

/// One pushed range: its tip commit and what the remote already has.
pub(crate) struct Pushed {
    pub(crate) tip: String,
    pub(crate) hidden: Vec<String>,
}

/// The gate's outcome over `pushes`, or `None` when `[coverage]` is not configured.
pub(crate) fn outcome(
    repo: &Repo,
    config: &Config,
    pushes: &[&Pushed],
    skipped: bool,
) -> Option<GateOutcome> {
    let coverage = config.coverage.as_ref()?;
    let mut outcome = GateOutcome {
        gate: "coverage".to_string(),
        findings: Vec::new(),
        degraded: None,
        skipped,
    };
    if skipped || pushes.is_empty() {
        outcome.skipped |= pushes.is_empty();
        return Some(outcome);
    }
    match check(repo, config, coverage, pushes) {
        Ok(findings) => outcome.findings = findings,
        Err(reason) => outcome.degraded = Some(reason),
    }
    Some(outcome)
}

/// The findings, or why the gate could not decide.
fn check(
    repo: &Repo,
    config: &Config,
    coverage: &CoverageConfig,
    pushes: &[&Pushed],
) -> Result<Vec<Finding>, String> {
    let root = repo
        .workdir()
        .ok_or("the coverage gate needs a worktree (this is a bare repository)")?;
    // Which lines are held to the bar comes first: a push with none (no AI-assisted commit
    // under `ai-lines`) needs no report at all.
    let selection = match coverage.scope {
        CoverageScope::Total => None,
        scope => {
            let selection = lines_in_scope(repo, config, pushes, scope)?;
            if selection.lines.is_empty() {
                return Ok(Vec::new());
            }
            Some(selection)
        }
    };
    if let Some(command) = &coverage.command {
        run_command(&root, command, Duration::from_secs(coverage.timeout_secs))?;
    }
    let report_path = root.join(&coverage.report);
    let data = std::fs::read(&report_path).map_err(|e| {
        format!(
            "no coverage report at {} ({e}): run the tests with coverage, or set coverage.command",
            coverage.report
        )
    })?;
    let newest = newest_commit_time(repo, pushes)?;
    let modified = std::fs::metadata(&report_path)
        .and_then(|m| m.modified())
        .map_err(|e| format!("{}: {e}", coverage.report))?;
    let modified = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if modified < newest {
        return Err(format!(
            "{} is older than the newest pushed commit: it does not describe this code; \
             rerun the tests with coverage (or set coverage.command)",
            coverage.report
        ));
    }
    let report =
        provenance_coverage::parse(&data).map_err(|e| format!("{}: {e}", coverage.report))?;

    let (counts, what, uncovered) = match selection {
        None => (
            report.total(),
            "all lines in the report".to_string(),
            Vec::new(),
        ),
        Some(selection) => {
            let counts = report.covered(
                selection
                    .lines
                    .iter()
                    .map(|(p, l)| (p.as_str(), l.iter().copied())),
            );
            let uncovered = uncovered_ranges(&report, &selection.lines);
            (counts, selection.what, uncovered)
        }
    };
    let Some(percent) = counts.percent() else {
        // Nothing in scope is instrumented (docs, config, no AI lines): nothing to hold to
        // the bar.
        return Ok(Vec::new());
    };
    if percent + 1e-9 >= coverage.min {
        return Ok(Vec::new());
    }
    let mut message = format!(
        "{what}: {percent:.1}% covered ({} of {} instrumented lines), under coverage.min = {}%",
        counts.covered, counts.instrumented, coverage.min
    );
    if !uncovered.is_empty() {
        let shown: Vec<&str> = uncovered.iter().take(8).map(String::as_str).collect();
        message.push_str(&format!(
            "; not run: {}{}",
            shown.join(", "),
            if uncovered.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    message.push_str(". Add tests for these lines, or lower coverage.min");
    Ok(vec![Finding::new(
        "coverage",
        BELOW_MIN,
        Severity::High,
        &coverage.report,
        0,
    )
    .with_message(message)
    .with_fingerprint(provenance_findings::fingerprint(
        BELOW_MIN,
        &coverage.report,
        &pushes
            .iter()
            .map(|p| p.tip.as_str())
            .collect::<Vec<_>>()
            .join(","),
    ))])
}

/// The lines the scope selects, per file at the tip, and how to name them.
struct Selection {
    lines: BTreeMap<String, Vec<u32>>,
    what: String,
}

fn lines_in_scope(
    repo: &Repo,
    config: &Config,
    pushes: &[&Pushed],
    scope: CoverageScope,
) -> Result<Selection, String> {
    let tconfig = crate::trailers_cmd::commit_trailer_config(repo);
    let mut lines: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut ai_commits: HashMap<String, Option<NoteRanges>> = HashMap::new();
    let mut any_ranges = false;
    for push in pushes {
        let mut commits = Vec::new();
        repo.walk(std::slice::from_ref(&push.tip), &push.hidden, |c| {
            commits.push(c);
            Ok(true)
        })
        .map_err(|e| e.to_string())?;
        for c in &commits {
            if scope == CoverageScope::AiLines
                && pushed_commit(repo, c, &config.review, &tconfig).ai
            {
                let ranges = note_ranges(repo, &c.id);
                any_ranges |= ranges.is_some();
                ai_commits.insert(c.id.clone(), ranges);
            }
        }
        for path in added_paths(repo, push)? {
            // A path changed in the range but gone at the tip has no lines to cover.
            let Ok(blamed) = repo.blame_range(&push.tip, &push.hidden, &path) else {
                continue;
            };
            let selected = blamed.into_iter().filter(|b| {
                let Some(commit) = &b.commit else {
                    return false;
                };
                match scope {
                    CoverageScope::AiLines => match ai_commits.get(commit) {
                        None => false,
                        Some(None) => true,
                        Some(Some(ranges)) => ranges.is_ai(&path, b.original_line),
                    },
                    _ => true,
                }
            });
            lines
                .entry(path.clone())
                .or_default()
                .extend(selected.map(|b| b.line));
        }
    }
    for l in lines.values_mut() {
        l.sort_unstable();
        l.dedup();
    }
    lines.retain(|_, l| !l.is_empty());
    let what = match scope {
        CoverageScope::AiLines if any_ranges => "AI-written lines of this push".to_string(),
        // Without line ranges in the notes, an AI-assisted commit's every added line counts.
        CoverageScope::AiLines => {
            "lines of the AI-assisted commits of this push (their notes record no line \
             ranges, so every line they added counts)"
                .to_string()
        }
        _ => "lines this push adds".to_string(),
    };
    Ok(Selection { lines, what })
}

/// The lines one pushed range adds, per file at its tip (sorted), traced with git blame.
pub(crate) fn added_lines(
    repo: &Repo,
    config: &Config,
    push: &Pushed,
) -> Result<BTreeMap<String, Vec<u32>>, String> {
    Ok(lines_in_scope(repo, config, &[push], CoverageScope::ChangedLines)?.lines)
}

/// Paths added or modified by the commits of a pushed range.
pub(crate) fn added_paths(repo: &Repo, push: &Pushed) -> Result<Vec<String>, String> {
    let mut args: Vec<String> = vec![
        "log".into(),
        "--format=".into(),
        "--name-only".into(),
        "--diff-filter=AMR".into(),
        "--no-renames".into(),
        "-z".into(),
        push.tip.clone(),
    ];
    args.extend(push.hidden.iter().map(|h| format!("^{h}")));
    args.push("--".into());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = provenance_git::run_git(repo.run_dir(), &argv, None).map_err(|e| e.to_string())?;
    let mut paths: Vec<String> = out
        .split(|b| *b == 0 || *b == b'\n')
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// `ai`/`edited` line ranges a note records, per file.
struct NoteRanges {
    files: HashMap<String, Vec<(u32, u32)>>,
}

impl NoteRanges {
    fn is_ai(&self, path: &str, line: u32) -> bool {
        self.files
            .get(path)
            .is_some_and(|r| r.iter().any(|(a, b)| (*a..=*b).contains(&line)))
    }
}

/// The note's line ranges, when it records any.
fn note_ranges(repo: &Repo, commit: &str) -> Option<NoteRanges> {
    let text = repo.note(commit).ok().flatten()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    let mut files = HashMap::new();
    for f in doc.get("files")?.as_array()? {
        let Some(path) = f.get("path").and_then(|p| p.as_str()) else {
            continue;
        };
        let ranges: Vec<(u32, u32)> = f
            .get("ranges")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let r = r.as_array()?;
                let origin = r.get(2)?.as_str()?;
                let start = u32::try_from(r.first()?.as_u64()?).ok()?;
                let end = u32::try_from(r.get(1)?.as_u64()?).ok()?;
                matches!(origin, "ai" | "edited").then_some((start, end))
            })
            .collect();
        files.insert(path.to_string(), ranges);
    }
    (!files.is_empty()).then_some(NoteRanges { files })
}

/// `path:a-b` for each run of selected lines the tests did not run.
fn uncovered_ranges(
    report: &provenance_coverage::Report,
    lines: &BTreeMap<String, Vec<u32>>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, lines) in lines {
        let Some(file) = report.file(path) else {
            continue;
        };
        let missed: Vec<u32> = lines
            .iter()
            .copied()
            .filter(|l| file.hits(*l) == Some(0))
            .collect();
        let mut i = 0;
        while i < missed.len() {
            let start = missed[i];
            let mut end = start;
            while i + 1 < missed.len() && missed[i + 1] == end + 1 {
                i += 1;
                end = missed[i];
            }
            out.push(if start == end {
                format!("{path}:{start}")
            } else {
                format!("{path}:{start}-{end}")
            });
            i += 1;
        }
    }
    out
}

/// The newest committer time among the pushed tips.
fn newest_commit_time(repo: &Repo, pushes: &[&Pushed]) -> Result<i64, String> {
    let mut newest = i64::MIN;
    for p in pushes {
        let c = repo.commit(&p.tip).map_err(|e| e.to_string())?;
        newest = newest.max(c.committer.time);
    }
    Ok(newest)
}

/// Run `coverage.command` with a deadline; its failure or timeout is the gate's.
fn run_command(root: &Path, command: &str, timeout: Duration) -> Result<(), String> {
    // The team's own configured command, run as they wrote it.
    let mut child = std::process::Command::new("sh") // provenance:allow rust-shell-injection
        .arg("-c")
        .arg(command)
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("coverage.command `{command}` could not start: {e}"))?;
    let deadline = std::time::Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!("coverage.command `{command}` failed ({status})"))
            }
            Ok(None) if std::time::Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "coverage.command `{command}` ran over coverage.timeout_secs = {}",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("coverage.command `{command}`: {e}")),
        }
    }
}
