//! The gates: `check`, `scan`, `baseline`, and the pre-commit / pre-push hooks.

use crate::args::{BaselineArgs, CheckArgs, FindingsFormat, ScanArgs};
use crate::render;
use crate::{Failure, Globals, Io};
use provenance_checks::{decide, Config, ExitCode, GateOutcome, Verdict};
use provenance_findings::{Finding, Severity};
use provenance_git::{HistoryOptions, Repo};
use provenance_secrets::{Baseline, Scanner, Skip};
use std::path::{Path, PathBuf};

/// The gates this build can run, in report order.
pub(crate) const GATES: &[&str] = &["secrets", "imports"];

/// The committed baseline file (accepted findings by fingerprint).
pub(crate) const BASELINE_FILE: &str = ".provenance-baseline";

/// One piece of content to check.
struct Item {
    path: String,
    data: Vec<u8>,
    /// Only these lines count; `None` = the whole file.
    lines: Option<Vec<(u32, u32)>>,
    commit: Option<String>,
}

/// The gates that will run, built once per invocation.
struct Gates {
    scanner: Option<Scanner>,
    imports: Option<provenance_imports::Project>,
    imports_allow: Vec<String>,
    baseline: Baseline,
    skipped: Vec<String>,
}

impl Gates {
    fn new(config: &Config, root: Option<&Path>, wanted: &[String]) -> Result<Gates, Failure> {
        for g in wanted {
            if !GATES.contains(&g.as_str()) {
                return Err(Failure::usage(format!(
                    "unknown gate `{g}` (this build runs: {})",
                    GATES.join(", ")
                )));
            }
        }
        let skipped = skip_list();
        let on = |g: &str| wanted.iter().any(|w| w == g) && !skipped.iter().any(|s| s == g);
        let scanner = if on("secrets") {
            let secrets = &config.secrets;
            let cfg = provenance_secrets::Config {
                allow_paths: secrets.allow_paths.clone(),
                max_file_bytes: secrets.max_file_bytes,
                skip_paths: secrets.skip_paths.clone(),
                custom_rules: secrets
                    .rule
                    .iter()
                    .map(|r| provenance_secrets::CustomRule {
                        id: r.id.clone(),
                        regex: r.regex.clone(),
                        keywords: r.keywords.clone(),
                        severity: r.severity,
                        description: r.description.clone(),
                    })
                    .collect(),
            };
            Some(Scanner::new(&cfg).map_err(|e| {
                Failure::usage(format!(
                    "{}: [[secrets.rule]]: {e}",
                    provenance_checks::CONFIG_FILE
                ))
            })?)
        } else {
            None
        };
        let imports = match root {
            Some(root) if on("imports") => Some(provenance_imports::Project::new(root)),
            _ => None,
        };
        let baseline = match root.map(|r| r.join(BASELINE_FILE)) {
            Some(path) if path.is_file() => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", path.display())))?;
                Baseline::parse(&text)
                    .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?
            }
            _ => Baseline::new(),
        };
        Ok(Gates {
            scanner,
            imports,
            imports_allow: config.imports.allow.clone(),
            baseline,
            skipped: wanted
                .iter()
                .filter(|g| skipped.contains(g))
                .cloned()
                .collect(),
        })
    }

    fn run(&self, items: &[Item]) -> Vec<GateOutcome> {
        let mut secrets = Vec::new();
        let mut imports = Vec::new();
        for item in items {
            if let Some(scanner) = &self.scanner {
                let outcome = scanner.scan(&item.path, &item.data, item.lines.as_deref());
                if let Some(Skip::TooLarge { bytes, max }) = outcome.skipped {
                    secrets.push(
                        Finding::new("secrets", "file-too-large", Severity::Info, &item.path, 0)
                            .with_message(format!(
                                "not scanned: {bytes} bytes is over secrets.max_file_bytes = {max}"
                            )),
                    );
                }
                secrets.extend(
                    outcome
                        .findings
                        .into_iter()
                        .filter(|f| !self.baseline.contains(f))
                        .map(|f| with_commit(f, &item.commit)),
                );
            }
            if let Some(project) = &self.imports {
                if provenance_imports::language_of(&item.path).is_some() {
                    imports.extend(
                        project
                            .check_file(&item.path, &item.data)
                            .into_iter()
                            .filter(|f| in_lines(f.line, item.lines.as_deref()))
                            .filter(|f| {
                                !self
                                    .imports_allow
                                    .iter()
                                    .any(|a| f.message.contains(&format!("`{a}`")))
                            })
                            .filter(|f| !self.baseline.contains(f))
                            .map(|f| with_commit(f, &item.commit)),
                    );
                }
            }
        }
        let mut out = Vec::new();
        if self.scanner.is_some() {
            out.push(outcome("secrets", secrets));
        }
        if self.imports.is_some() {
            out.push(outcome("imports", imports));
        }
        for g in &self.skipped {
            out.push(GateOutcome {
                gate: g.clone(),
                findings: Vec::new(),
                degraded: None,
                skipped: true,
            });
        }
        out
    }
}

fn outcome(gate: &str, findings: Vec<Finding>) -> GateOutcome {
    GateOutcome {
        gate: gate.to_string(),
        findings,
        degraded: None,
        skipped: false,
    }
}

fn with_commit(f: Finding, commit: &Option<String>) -> Finding {
    match commit {
        Some(c) => f.with_commit(c.clone()),
        None => f,
    }
}

fn in_lines(line: u32, lines: Option<&[(u32, u32)]>) -> bool {
    match lines {
        None => true,
        Some(ranges) => line == 0 || ranges.iter().any(|(a, b)| (*a..=*b).contains(&line)),
    }
}

/// `PROVENANCE_SKIP=secrets,imports`.
fn skip_list() -> Vec<String> {
    std::env::var("PROVENANCE_SKIP")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn all_gates() -> Vec<String> {
    GATES.iter().map(|g| g.to_string()).collect()
}

fn staged_items(repo: &Repo) -> Result<Vec<Item>, Failure> {
    Ok(repo
        .staged_changes()?
        .into_iter()
        .filter(|c| !c.symlink)
        .map(|c| Item {
            path: c.path,
            data: c.data,
            lines: Some(c.added),
            commit: None,
        })
        .collect())
}

fn range_items(repo: &Repo, range: &str) -> Result<Vec<Item>, Failure> {
    let (tips, hidden) = repo.resolve_range(range)?;
    history_items(repo, HistoryOptions { tips, hidden })
}

fn history_items(repo: &Repo, options: HistoryOptions) -> Result<Vec<Item>, Failure> {
    let mut items = Vec::new();
    repo.for_each_history_blob(&options, |b| {
        items.push(Item {
            path: b.path,
            data: b.data,
            lines: Some(b.added),
            commit: Some(b.commit),
        });
        Ok(())
    })?;
    Ok(items)
}

fn path_items(root: &Path, paths: &[PathBuf]) -> Result<Vec<Item>, Failure> {
    let mut items = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(Failure::usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
        for entry in ignore::WalkBuilder::new(p).hidden(false).build() {
            let entry = entry.map_err(|e| Failure::internal(format!("{}: {e}", p.display())))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            if path.components().any(|c| c.as_os_str() == ".git") {
                continue;
            }
            let data = std::fs::read(path)
                .map_err(|e| Failure::internal(format!("{}: cannot read: {e}", path.display())))?;
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
            let rel = abs.strip_prefix(&root).unwrap_or(path);
            items.push(Item {
                path: rel.to_string_lossy().replace('\\', "/"),
                data,
                lines: None,
                commit: None,
            });
        }
    }
    Ok(items)
}

fn tracked_items(repo: &Repo) -> Result<Vec<Item>, Failure> {
    let root = repo
        .workdir()
        .ok_or_else(|| Failure::usage("--all needs a worktree (this is a bare repository)"))?;
    let out = provenance_git::run_git(&root, &["ls-files", "-z"], None)?;
    let paths: Vec<PathBuf> = out
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
        .filter(|p| p.is_file())
        .collect();
    path_items(&root, &paths)
}

fn report(
    verdict: &Verdict,
    format: FindingsFormat,
    items: usize,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    render::findings(verdict, format, io)?;
    if format == FindingsFormat::Text && verdict.findings().next().is_none() {
        io.note(format!(
            "provenance: no findings ({items} file version(s) checked)"
        ));
    }
    Ok(verdict.exit_code())
}

pub(crate) fn check(
    globals: &Globals,
    args: &CheckArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    let repo = Repo::discover(&globals.dir)?;
    let root = repo.workdir();
    let config = Config::load(root.as_deref(), globals.config.as_deref())?;
    let gates = Gates::new(&config, root.as_deref(), &all_gates())?;
    let items = if let Some(range) = &args.range {
        range_items(&repo, range)?
    } else if args.all {
        tracked_items(&repo)?
    } else {
        staged_items(&repo)?
    };
    let verdict = decide(&config, gates.run(&items));
    report(&verdict, args.format, items.len(), io)
}

pub(crate) fn scan(
    globals: &Globals,
    args: &ScanArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    let repo = Repo::discover(&globals.dir)?;
    let root = repo.workdir();
    let config = Config::load(root.as_deref(), globals.config.as_deref())?;
    let gates = Gates::new(&config, root.as_deref(), &args.gate)?;
    let items = if args.history {
        history_items(&repo, HistoryOptions::default())?
    } else if let Some(range) = &args.range {
        range_items(&repo, range)?
    } else if !args.paths.is_empty() {
        let base = root.clone().unwrap_or_else(|| globals.dir.clone());
        let paths: Vec<PathBuf> = args.paths.iter().map(|p| globals.dir.join(p)).collect();
        path_items(&base, &paths)?
    } else {
        staged_items(&repo)?
    };
    let verdict = decide(&config, gates.run(&items));
    report(&verdict, args.format, items.len(), io)
}

pub(crate) fn baseline(
    globals: &Globals,
    args: &BaselineArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    let repo = Repo::discover(&globals.dir)?;
    let root = repo
        .workdir()
        .ok_or_else(|| Failure::usage("baseline needs a worktree (this is a bare repository)"))?;
    let path = root.join(BASELINE_FILE);
    let mut baseline = match std::fs::read_to_string(&path) {
        Ok(text) => Baseline::parse(&text)
            .map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?,
        Err(_) => Baseline::new(),
    };
    if !args.update && args.import_gitleaks.is_none() {
        for e in baseline.entries() {
            writeln!(io.out, "{} {} {}", e.fingerprint, e.rule, e.path)
                .map_err(crate::session::write_err)?;
        }
        return Ok(ExitCode::Ok);
    }
    let config = Config::load(Some(&root), globals.config.as_deref())?;
    // Current findings without the baseline filter, so accepted ones stay accepted.
    let mut gates = Gates::new(&config, Some(&root), &all_gates())?;
    gates.baseline = Baseline::new();
    let findings: Vec<Finding> = gates
        .run(&tracked_items(&repo)?)
        .into_iter()
        .flat_map(|o| o.findings)
        .filter(|f| f.severity > Severity::Info)
        .collect();
    let added = if let Some(file) = &args.import_gitleaks {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", file.display())))?;
        let (ignore, report) = if text.trim_start().starts_with('[') {
            let report = provenance_secrets::parse_gitleaks_report(&text)
                .map_err(|e| Failure::usage(format!("{}: {e}", file.display())))?;
            (Vec::new(), report)
        } else {
            (provenance_secrets::parse_gitleaksignore(&text), Vec::new())
        };
        baseline.import_gitleaks(&findings, &ignore, &report)
    } else {
        findings.iter().filter(|f| baseline.add(f)).count()
    };
    provenance_attribution::write_atomic(&path, baseline.serialize().as_bytes())
        .map_err(|e| Failure::internal(format!("{}: cannot write: {e}", path.display())))?;
    io.note(format!(
        "provenance: {added} finding(s) added to {} ({} in all); commit it so the team shares it",
        BASELINE_FILE,
        baseline.len()
    ));
    Ok(ExitCode::Ok)
}

/// pre-commit: every gate on the staged content (index, not worktree).
pub(crate) fn pre_commit(
    repo: &Repo,
    config: &Config,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    let root = repo.workdir();
    let gates = Gates::new(config, root.as_deref(), &all_gates())?;
    let items = staged_items(repo)?;
    if items.is_empty() {
        return Ok(ExitCode::Ok);
    }
    let verdict = decide(config, gates.run(&items));
    render::findings(&verdict, FindingsFormat::Text, io)?;
    Ok(verdict.exit_code())
}

/// pre-push: every gate on what each pushed ref adds (stdin: `<local ref> <local sha>
/// <remote ref> <remote sha>` lines).
pub(crate) fn pre_push(
    repo: &Repo,
    config: &Config,
    input: &str,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    const ZERO: &str = "0000000000000000000000000000000000000000";
    let root = repo.workdir();
    let gates = Gates::new(config, root.as_deref(), &all_gates())?;
    let mut items = Vec::new();
    for line in input.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [_, local_sha, _, remote_sha] = parts[..] else {
            continue;
        };
        if local_sha == ZERO {
            continue; // deleting a ref pushes no content
        }
        let mut hidden = Vec::new();
        if remote_sha != ZERO && repo.resolve(remote_sha).is_ok() {
            hidden.push(remote_sha.to_string());
        }
        items.extend(history_items(
            repo,
            HistoryOptions {
                tips: vec![local_sha.to_string()],
                hidden,
            },
        )?);
    }
    if items.is_empty() {
        return Ok(ExitCode::Ok);
    }
    let verdict = decide(config, gates.run(&items));
    render::findings(&verdict, FindingsFormat::Text, io)?;
    Ok(verdict.exit_code())
}
