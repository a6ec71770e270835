//! The gates: `check`, `scan`, `baseline`, and the pre-commit / pre-push hooks. Gates that
//! look at pushed commits as a whole have a module each: [`review`], [`coverage`].

mod coverage;
mod external;
mod review;
pub(crate) mod sca;

pub(crate) use coverage::Pushed;
use review::{review_range, Review};

use crate::args::{BaselineArgs, CheckArgs, FindingsFormat, ScanArgs};
use crate::render;
use crate::{Error, Globals, Io};
use provenance_checks::{decide, Config, ExitCode, GateOutcome, Verdict};
use provenance_findings::{Finding, Severity};
use provenance_git::{HistoryLines, HistoryOptions, Repo};
use provenance_secrets::{Baseline, Scanner, Skip};
use std::path::{Path, PathBuf};

/// The gates that check content (staged files, pushed blobs), in report order.
pub(crate) const GATES: &[&str] = &["secrets", "imports", "sast"];
/// The gates that check pushed commits as a whole (pre-push only).
pub(crate) const PUSH_GATES: &[&str] = &["sca", "review", "coverage"];

/// The committed baseline file (accepted findings by fingerprint).
pub(crate) const BASELINE_FILE: &str = ".provenance-baseline";

/// One piece of content to check.
struct Item {
    path: String,
    data: Vec<u8>,
    /// Only these lines count; `None` = the whole file.
    lines: Option<Vec<(u32, u32)>>,
    commit: Option<String>,
    /// Set when the content was not read because it is this many bytes, over the limit.
    unread: Option<u64>,
}

/// The test and tooling paths whose built-in findings are capped (`[sast] test_paths`,
/// `test_severity`); the executables the root `package.json` declares stay shipped code.
fn sast_roles(config: &Config, root: Option<&Path>) -> Result<provenance_sast::PathRoles, Error> {
    let cap = config.sast.test_severity.cap();
    let roles = match &config.sast.test_paths {
        Some(globs) => provenance_sast::PathRoles::new(globs, cap),
        None => provenance_sast::PathRoles::new(provenance_sast::DEFAULT_TEST_PATHS, cap),
    }
    .map_err(|(glob, reason)| {
        Error::usage(format!("sast.test_paths: invalid glob `{glob}`: {reason}"))
    })?;
    let bins = root
        .and_then(|r| std::fs::read_to_string(r.join("package.json")).ok())
        .map(|text| provenance_sast::package_bins("", &text))
        .unwrap_or_default();
    Ok(roles.with_shipped(bins))
}

/// The gates that will run, built once per invocation.
struct Gates {
    scanner: Option<Scanner>,
    /// The built-in static analysis rules (tree-sitter).
    sast: Option<provenance_sast::Analyzer>,
    imports: Option<provenance_imports::Project>,
    imports_allow: Vec<String>,
    baseline: Baseline,
    skipped: Vec<String>,
}

impl Gates {
    fn new(config: &Config, root: Option<&Path>, wanted: &[String]) -> Result<Gates, Error> {
        for g in wanted {
            if !GATES.contains(&g.as_str()) {
                return Err(Error::usage(format!(
                    "unknown gate `{g}` (this build runs: {})",
                    GATES.join(", ")
                )));
            }
        }
        let skipped = skip_list()?;
        let on = |g: &str| wanted.iter().any(|w| w == g) && !skipped.iter().any(|s| s == g);
        let scanner = if on("secrets") {
            Some(Scanner::new(&config.secrets).map_err(|e| scanner_error(config, e))?)
        } else {
            None
        };
        let sast = if on("sast") {
            // Only a grammar built against another tree-sitter ABI fails here: internal,
            // so the gate degrades (and blocks) rather than silently passing.
            let analyzer = provenance_sast::Analyzer::new().map_err(|e| {
                Error::internal(format!("the built-in SAST rules cannot be built: {e}"))
            })?;
            Some(analyzer.with_roles(sast_roles(config, root)?))
        } else {
            None
        };
        let imports = match root {
            Some(root) if on("imports") => {
                let checks = provenance_imports::DeclaredChecks::new(
                    provenance_imports::deps::Registry::new(crate::registry::index_dir()),
                )
                .with_private(config.imports.private.clone())
                .with_min_age_days(config.imports.min_age_days);
                let project = provenance_imports::Project::new(root).with_declared_checks(checks);
                Some(match &config.imports.example_dirs {
                    Some(dirs) => project.with_example_dirs(dirs.iter().cloned()),
                    None => project,
                })
            }
            _ => None,
        };
        let baseline = match root.map(|r| r.join(BASELINE_FILE)) {
            Some(path) if path.is_file() => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::usage(format!("{}: cannot read: {e}", path.display())))?;
                Baseline::parse(&text)
                    .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?
            }
            _ => Baseline::new(),
        };
        Ok(Gates {
            scanner,
            sast,
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

    /// Tuned for scanning many blobs (history): slower to build, faster per byte.
    fn for_bulk(mut self) -> Result<Gates, Error> {
        if let Some(scanner) = self.scanner.take() {
            self.scanner = Some(
                scanner
                    .for_bulk()
                    .map_err(|e| Error::internal(e.to_string()))?,
            );
        }
        Ok(self)
    }

    /// Run every gate on one piece of content, adding to `found`.
    fn check(&self, item: &Item, found: &mut Found) {
        if let Some(scanner) = &self.scanner {
            let outcome = match item.unread {
                Some(bytes) => provenance_secrets::ScanOutcome {
                    findings: Vec::new(),
                    skipped: Some(Skip::TooLarge {
                        bytes,
                        max: scanner.max_file_bytes(),
                    }),
                },
                None => scanner.scan(&item.path, &item.data, item.lines.as_deref()),
            };
            if let Some(skip) = &outcome.skipped {
                // Every skip is reported; one that could hide a secret (too large to read, a
                // rule that could not run) makes the gate degraded, which is never a pass.
                let hides = skip.could_hide_secret();
                let severity = if hides { Severity::Low } else { Severity::Info };
                let hint = if hides {
                    "; to allow it, raise secrets.max_file_bytes or list it in secrets.skip_paths"
                } else {
                    ""
                };
                found.secrets.push(with_commit(
                    Finding::new("secrets", NOT_SCANNED, severity, &item.path, 0)
                        .with_message(format!("{skip}{hint}")),
                    &item.commit,
                ));
                if hides {
                    found
                        .secrets_unscanned
                        .push(format!("{}: {skip}", item.path));
                }
            }
            found.secrets.extend(
                outcome
                    .findings
                    .into_iter()
                    .filter(|f| !self.baseline.contains(f))
                    .map(|f| with_commit(f, &item.commit)),
            );
        }
        if let Some(analyzer) = &self.sast {
            if item.unread.is_none() && provenance_sast::language_of(&item.path).is_some() {
                found.sast.extend(
                    analyzer
                        .check(&item.path, &item.data, item.lines.as_deref())
                        .into_iter()
                        .filter(|f| !self.baseline.contains(f))
                        .map(|f| with_commit(f, &item.commit)),
                );
            }
        }
        if let Some(project) = &self.imports {
            if item.unread.is_none() && provenance_imports::language_of(&item.path).is_some() {
                found.imports.extend(
                    project
                        .check_file(&item.path, &item.data)
                        .into_iter()
                        .filter(|f| in_lines(f.line, item.lines.as_deref()))
                        .filter(|f| !self.allowed_import(f))
                        .filter(|f| !self.baseline.contains(f))
                        .map(|f| with_commit(f, &item.commit)),
                );
            }
            if item.unread.is_none() {
                if let Some(check) =
                    project.check_manifest(&item.path, &item.data, item.lines.as_deref())
                {
                    found.imports.extend(
                        check
                            .findings
                            .into_iter()
                            .filter(|f| in_lines(f.line, item.lines.as_deref()))
                            .filter(|f| !self.allowed_import(f))
                            .filter(|f| !self.baseline.contains(f))
                            .map(|f| with_commit(f, &item.commit)),
                    );
                    found.imports_undecided.extend(check.problems);
                }
            }
        }
    }

    /// `[imports] allow`: names always accepted. Import findings' messages start with the
    /// name in backticks.
    fn allowed_import(&self, f: &Finding) -> bool {
        self.imports_allow
            .iter()
            .any(|a| f.message.starts_with(&format!("`{a}`")))
    }

    fn check_all(&self, items: &[Item]) -> (Found, usize) {
        let mut found = Found::default();
        for item in items {
            self.check(item, &mut found);
        }
        (found, items.len())
    }

    fn outcomes(&self, found: Found) -> Vec<GateOutcome> {
        let mut out = Vec::new();
        if self.scanner.is_some() {
            let mut secrets = outcome("secrets", found.secrets);
            if let Some(first) = found.secrets_unscanned.first() {
                let more = found.secrets_unscanned.len() - 1;
                secrets.degraded = Some(if more == 0 {
                    first.clone()
                } else {
                    format!("{first} (and {more} more file(s))")
                });
            }
            out.push(secrets);
        }
        if self.imports.is_some() {
            let mut imports = outcome("imports", found.imports);
            if !found.imports_undecided.is_empty() {
                imports.degraded = Some(found.imports_undecided.join("; "));
            }
            out.push(imports);
        }
        if self.sast.is_some() {
            out.push(outcome("sast", found.sast));
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

impl Gates {
    /// Every gate that was to run, `degraded` for `reason` (it could not look at anything).
    fn degraded_outcomes(&self, reason: &str) -> Vec<GateOutcome> {
        let mut out = self.outcomes(Found::default());
        for o in out.iter_mut().filter(|o| !o.skipped) {
            o.degraded = Some(reason.to_string());
        }
        out
    }
}

/// A scanner that cannot be built: the user's `[secrets]` config (a usage error naming the
/// rule or glob), or provenance's own rules (internal: the gate is degraded and blocks).
fn scanner_error(config: &Config, e: provenance_secrets::RuleError) -> Error {
    use provenance_secrets::RuleError;
    let custom = |id: &str| config.secrets.custom_rules.iter().any(|r| r.id == id);
    match &e {
        RuleError::InvalidRegex { id, .. } if !custom(id) => {
            Error::internal(format!("the built-in secret rules cannot be built: {e}"))
        }
        _ => Error::usage(format!("{} [secrets]: {e}", provenance_checks::CONFIG_FILE)),
    }
}

/// Findings collected so far, per gate.
#[derive(Default)]
struct Found {
    secrets: Vec<Finding>,
    imports: Vec<Finding>,
    sast: Vec<Finding>,
    /// Files the secrets gate could not fully scan, `path: why`.
    secrets_unscanned: Vec<String>,
    /// Why the imports gate could not decide on a manifest (it does not parse, or the
    /// registry index cannot be read), each naming the file.
    imports_undecided: Vec<String>,
}

/// The rule id of a file the secrets gate did not (fully) scan.
pub(crate) const NOT_SCANNED: &str = "not-scanned";

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

/// `PROVENANCE_SKIP=secrets,imports`. A name that is not a gate is an error, not a silent
/// no-op: `PROVENANCE_SKIP=secret` must not leave the user believing a gate was skipped (or
/// ran) when it did not.
fn skip_list() -> Result<Vec<String>, Error> {
    let value = std::env::var("PROVENANCE_SKIP").unwrap_or_default();
    let names: Vec<String> = value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let known = |n: &str| GATES.contains(&n) || PUSH_GATES.contains(&n);
    if let Some(bad) = names.iter().find(|n| !known(n)) {
        return Err(Error::usage(format!(
            "PROVENANCE_SKIP={value}: `{bad}` is not a gate (this version has: {}); \
             nothing was run or skipped",
            GATES
                .iter()
                .chain(PUSH_GATES)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(names)
}

/// Every gate this build runs.
pub(crate) fn all_gates() -> Vec<String> {
    GATES.iter().map(|g| g.to_string()).collect()
}

fn staged_items(repo: &Repo) -> Result<Vec<Item>, Error> {
    Ok(change_items(repo.staged_changes()?))
}

fn change_items(changes: Vec<provenance_git::FileChange>) -> Vec<Item> {
    changes
        .into_iter()
        .filter(|c| !c.symlink)
        .map(|c| Item {
            path: c.path,
            data: c.data,
            lines: Some(c.added),
            commit: None,
            unread: None,
        })
        .collect()
}

/// Run the gates over every blob version a walk introduces, streaming: one blob is in
/// memory at a time, so whole-history scans stay small. Shows progress on a terminal.
///
/// With [`HistoryLines::Added`] only the lines each commit added count (ranges, pre-push).
/// Otherwise each blob id is scanned once, oldest commit first, over the span that
/// changed from its parent's version, and a finding already seen in an older version
/// (same rule, path and value) is not repeated: it is reported at the commit that
/// introduced it.
fn scan_history(
    repo: &Repo,
    gates: &Gates,
    options: HistoryOptions,
    io: &mut Io<'_>,
) -> Result<(Found, usize), Error> {
    use std::io::IsTerminal;
    let progress = std::io::stderr().is_terminal() && !io.quiet;
    let dedupe = options.lines != HistoryLines::Added;
    let options = HistoryOptions {
        max_blob_bytes: gates.scanner.as_ref().map(Scanner::max_file_bytes),
        ..options
    };
    let mut found = Found::default();
    let mut seen = std::collections::HashSet::new();
    let mut count = 0usize;
    let check = |b: provenance_git::HistoryBlob| {
        let at = b.progress;
        let unread = ((b.data.len() as u64) < b.size).then_some(b.size);
        let item = Item {
            unread,
            path: b.path,
            data: b.data,
            lines: b.lines,
            commit: Some(b.commit.to_string()),
        };
        let mut this = Found::default();
        gates.check(&item, &mut this);
        (this, at)
    };
    let wants = |path: &str| {
        gates.scanner.as_ref().is_some_and(|s| !s.skips_path(path))
            || (gates.imports.is_some()
                && (provenance_imports::language_of(path).is_some()
                    || provenance_imports::is_manifest(path)))
            || (gates.sast.is_some() && provenance_sast::language_of(path).is_some())
    };
    let mut shown = std::time::Instant::now();
    let mut last = (0, 0);
    repo.for_each_history_blob_where(&options, wants, check, |(this, at)| {
        found.secrets_unscanned.extend(this.secrets_unscanned);
        for p in this.imports_undecided {
            if !found.imports_undecided.contains(&p) {
                found.imports_undecided.push(p);
            }
        }
        for (all, new) in [
            (&mut found.secrets, this.secrets),
            (&mut found.imports, this.imports),
            (&mut found.sast, this.sast),
        ] {
            all.extend(
                new.into_iter()
                    .filter(|f| !dedupe || seen.insert(f.fingerprint.clone())),
            );
        }
        count += 1;
        last = at;
        if progress && shown.elapsed() >= std::time::Duration::from_millis(100) {
            shown = std::time::Instant::now();
            let _ = write!(io.err, "\r{}", progress_line(at, count));
        }
        Ok(())
    })?;
    if progress {
        let _ = writeln!(io.err, "\r{}", progress_line(last, count));
    }
    Ok((found, count))
}

/// `[########------------]  40%  9231/23077 commits, 27412 blob versions`
fn progress_line((commit, commits): (u32, u32), blobs: usize) -> String {
    const WIDTH: usize = 24;
    let filled = (commit as usize * WIDTH)
        .checked_div(commits as usize)
        .unwrap_or(WIDTH);
    let percent = (u64::from(commit) * 100)
        .checked_div(u64::from(commits))
        .unwrap_or(100);
    format!(
        "provenance: [{}{}] {percent:>3}%  {commit}/{commits} commits, {blobs} blob versions",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

/// What the commits of `A..B` added, line by line (`check --range`, `scan --range`).
fn scan_range(
    repo: &Repo,
    gates: &Gates,
    range: &str,
    io: &mut Io<'_>,
) -> Result<(Found, usize), Error> {
    let (tips, hidden) = repo.resolve_range(range)?;
    let options = HistoryOptions {
        tips,
        hidden,
        lines: HistoryLines::Added,
        ..HistoryOptions::default()
    };
    scan_history(repo, gates, options, io)
}

fn path_items(root: &Path, paths: &[PathBuf]) -> Result<Vec<Item>, Error> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut items = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(Error::usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
        for entry in ignore::WalkBuilder::new(p).hidden(false).build() {
            let entry = entry.map_err(|e| Error::internal(format!("{}: {e}", p.display())))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            if path.components().any(|c| c.as_os_str() == ".git") {
                continue;
            }
            let data = std::fs::read(path)
                .map_err(|e| Error::internal(format!("{}: cannot read: {e}", path.display())))?;
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let rel = abs.strip_prefix(&root).unwrap_or(path);
            items.push(Item {
                path: rel.to_string_lossy().replace('\\', "/"),
                data,
                lines: None,
                commit: None,
                unread: None,
            });
        }
    }
    Ok(items)
}

fn tracked_items(repo: &Repo) -> Result<Vec<Item>, Error> {
    let root = repo
        .workdir()
        .ok_or_else(|| Error::usage("--all needs a worktree (this is a bare repository)"))?;
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
    checked: usize,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    render::findings(verdict, format, io)?;
    if format == FindingsFormat::Text && verdict.findings().next().is_none() {
        io.note(format!(
            "provenance: no findings ({checked} file version(s) checked)"
        ));
    }
    Ok(verdict.exit_code())
}

pub(crate) fn check(
    globals: &Globals,
    args: &CheckArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let root = repo.workdir();
    let config = Config::load(root.as_deref(), globals.config.as_deref())?;
    let gates = Gates::new(&config, root.as_deref(), &all_gates())?;
    let (found, checked) = if let Some(range) = &args.range {
        scan_range(&repo, &gates, range, io)?
    } else if args.all {
        gates.check_all(&tracked_items(&repo)?)
    } else {
        gates.check_all(&staged_items(&repo)?)
    };
    let verdict = decide(&config, gates.outcomes(found));
    report(&verdict, args.format, checked, io)
}

pub(crate) fn scan(globals: &Globals, args: &ScanArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let repo = match Repo::discover(&globals.dir) {
        Ok(repo) => repo,
        // Files and directories can be scanned anywhere, repository or not.
        Err(provenance_git::GitError::NotARepository { .. })
            if !args.paths.is_empty() && !args.history && args.range.is_none() =>
        {
            return scan_paths_outside_a_repository(globals, args, io);
        }
        Err(e) => return Err(e.into()),
    };
    let root = repo.workdir();
    let config = Config::load(root.as_deref(), globals.config.as_deref())?;
    // History and ranges are checked against today's manifests, which says little about old
    // imports: by default they scan for secrets only.
    let wanted = match &args.gate {
        Some(g) => g.clone(),
        None if args.history || args.range.is_some() => vec!["secrets".to_string()],
        None => all_gates(),
    };
    let mut gates = Gates::new(&config, root.as_deref(), &wanted)?;
    if args.history {
        gates = gates.for_bulk()?;
    }
    let (found, checked) = if args.history {
        let options = HistoryOptions {
            tips: repo.history_tips()?,
            ..HistoryOptions::default()
        };
        scan_history(&repo, &gates, options, io)?
    } else if let Some(range) = &args.range {
        scan_range(&repo, &gates, range, io)?
    } else if !args.paths.is_empty() {
        let base = root.clone().unwrap_or_else(|| globals.dir.clone());
        let paths: Vec<PathBuf> = args.paths.iter().map(|p| globals.dir.join(p)).collect();
        gates.check_all(&path_items(&base, &paths)?)
    } else {
        gates.check_all(&staged_items(&repo)?)
    };
    let verdict = decide(&config, gates.outcomes(found));
    report(&verdict, args.format, checked, io)
}

/// `scan PATHS…` in a directory that is not in a git repository: the directory is the root
/// (for `.provenance.toml`, the baseline and manifests).
fn scan_paths_outside_a_repository(
    globals: &Globals,
    args: &ScanArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let root = globals.dir.clone();
    let config = Config::load(Some(&root), globals.config.as_deref())?;
    let wanted = args.gate.clone().unwrap_or_else(all_gates);
    let gates = Gates::new(&config, Some(&root), &wanted)?;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| root.join(p)).collect();
    let (found, checked) = gates.check_all(&path_items(&root, &paths)?);
    let verdict = decide(&config, gates.outcomes(found));
    report(&verdict, args.format, checked, io)
}

pub(crate) fn baseline(
    globals: &Globals,
    args: &BaselineArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let root = repo
        .workdir()
        .ok_or_else(|| Error::usage("baseline needs a worktree (this is a bare repository)"))?;
    let path = root.join(BASELINE_FILE);
    let mut baseline = match std::fs::read_to_string(&path) {
        Ok(text) => {
            Baseline::parse(&text).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?
        }
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
    let (found, _) = gates.check_all(&tracked_items(&repo)?);
    let findings: Vec<Finding> = found
        .secrets
        .into_iter()
        .chain(found.imports)
        .chain(found.sast)
        .filter(|f| f.severity > Severity::Info && f.rule != NOT_SCANNED)
        .collect();
    let added = if let Some(file) = &args.import_gitleaks {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Error::usage(format!("{}: cannot read: {e}", file.display())))?;
        let (ignore, report) = if text.trim_start().starts_with('[') {
            let report = provenance_secrets::parse_gitleaks_report(&text)
                .map_err(|e| Error::usage(format!("{}: {e}", file.display())))?;
            (Vec::new(), report)
        } else {
            (provenance_secrets::parse_gitleaksignore(&text), Vec::new())
        };
        baseline.import_gitleaks(&findings, &ignore, &report)
    } else {
        findings.iter().filter(|f| baseline.add(f)).count()
    };
    provenance_attribution::write_atomic(&path, baseline.serialize().as_bytes())
        .map_err(|e| Error::internal(format!("{}: cannot write: {e}", path.display())))?;
    io.note(format!(
        "provenance: {added} finding(s) added to {} ({} in all); commit it so the team shares it",
        BASELINE_FILE,
        baseline.len()
    ));
    Ok(ExitCode::Ok)
}

/// pre-commit: every gate on the staged content (index, not worktree). Fails closed: when
/// the staged content cannot be read the gates are `degraded`, which blocks by default.
pub(crate) fn pre_commit(repo: &Repo, config: &Config, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let root = repo.workdir();
    let staged = repo.staged();
    if let Ok(staged) = &staged {
        if staged.changes.is_empty() {
            // Nothing to scan (an empty commit): the rule sets are not built, which is
            // most of what this hook would cost.
            let verdict = decide(config, nothing_staged_outcomes(root.as_deref())?);
            render::findings(&verdict, FindingsFormat::Text, io)?;
            remember_gates(repo, &verdict, staged.fingerprint.clone());
            return Ok(verdict.exit_code());
        }
    }
    let gates = Gates::new(config, root.as_deref(), &all_gates())?;
    let sca_skipped = config.gates.sca == provenance_checks::GateMode::Off
        || skip_list()?.iter().any(|g| g == "sca");
    let (outcomes, fingerprint) = match staged {
        Ok(staged) => {
            let locks = sca::staged_changes(repo, &staged.changes);
            let (found, _) = gates.check_all(&change_items(staged.changes));
            let mut outcomes = gates.outcomes(found);
            outcomes.extend(sca::outcome(config, &locks, sca_skipped));
            (outcomes, Some(staged.fingerprint))
        }
        Err(e) => (
            gates.degraded_outcomes(&format!("cannot read the staged content: {e}")),
            None,
        ),
    };
    let verdict = decide(config, outcomes);
    render::findings(&verdict, FindingsFormat::Text, io)?;
    render::degraded_hint(&verdict, "commit", io)?;
    if let Some(fingerprint) = fingerprint {
        remember_gates(repo, &verdict, fingerprint);
    }
    Ok(verdict.exit_code())
}

/// What [`Gates::outcomes`] reports when there was nothing to check: every gate that would
/// have run passes (the same gates [`Gates::new`] turns on), the skipped ones are skipped.
fn nothing_staged_outcomes(root: Option<&Path>) -> Result<Vec<GateOutcome>, Error> {
    let skipped = skip_list()?;
    let mut out: Vec<GateOutcome> = ["secrets", "imports", "sast"]
        .into_iter()
        .filter(|g| all_gates().iter().any(|w| w == g))
        .filter(|g| !skipped.iter().any(|s| s == g))
        .filter(|g| *g != "imports" || root.is_some())
        .map(|g| outcome(g, Vec::new()))
        .collect();
    for g in all_gates().into_iter().filter(|g| skipped.contains(g)) {
        out.push(GateOutcome {
            gate: g,
            findings: Vec::new(),
            degraded: None,
            skipped: true,
        });
    }
    Ok(out)
}

/// Where pre-commit leaves its gate results for post-commit's note.
pub(crate) fn gates_state(repo: &Repo) -> PathBuf {
    repo.git_dir().join("provenance").join("gates.json")
}

/// What pre-commit decided, for the commit it precedes: keyed by the exact change it
/// checked, so a later `--no-verify` commit of other content (after an aborted attempt)
/// never inherits results of a run that did not check it.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct GatesState {
    /// HEAD when pre-commit ran (`None` on an unborn branch).
    pub head: Option<String>,
    /// [`provenance_git::Staged::fingerprint`] of the index that was checked.
    pub fingerprint: String,
    /// The tree of the index that was checked, when its cache-tree named it: post-commit
    /// then compares tree ids instead of diffing the commit again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<String>,
    /// One record per gate.
    pub gates: Vec<provenance_attribution::GateRecord>,
}

fn remember_gates(repo: &Repo, verdict: &Verdict, fingerprint: String) {
    let gates = verdict
        .gates
        .iter()
        .map(
            |(gate, status, findings)| provenance_attribution::GateRecord {
                gate: gate.clone(),
                result: render::status_name(*status).to_string(),
                findings: findings.clone(),
                tool: None,
                tool_version: None,
            },
        )
        .collect();
    let state = GatesState {
        head: repo.head_id().ok().flatten(),
        fingerprint,
        tree: repo.index_tree(),
        gates,
    };
    let path = gates_state(repo);
    if let (Some(dir), Ok(json)) = (path.parent(), serde_json::to_vec(&state)) {
        // Best effort: a missing record only means the note says nothing about gates.
        // Renamed into place (a reader never sees half a record) but not fsynced: the
        // record lives for one commit, and an fsync on every commit costs more than it.
        let _ = std::fs::create_dir_all(dir);
        let tmp = path.with_extension(format!("json.{}", std::process::id()));
        if std::fs::write(&tmp, &json).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Commit ids of every remote-tracking ref, or of every branch and tag.
pub(crate) fn known_tips(repo: &Repo, known: Known) -> Result<Vec<String>, Error> {
    let refs: &[&str] = match known {
        Known::RemoteTracking => &["refs/remotes"],
        Known::AllRefs => &["refs/heads", "refs/tags"],
    };
    let mut args = vec!["for-each-ref", "--format=%(objectname)"];
    args.extend_from_slice(refs);
    let out = provenance_git::run_git(repo.run_dir(), &args, None)?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .filter(|l| !l.is_empty())
        .filter_map(|l| repo.resolve(l).ok())
        .collect())
}

/// pre-push: every gate on what each pushed ref adds (stdin: `<local ref> <local sha>
/// <remote ref> <remote sha>` lines). Annotated tags are peeled to their commit; deletions
/// push no content. Fails closed: a ref whose content cannot be checked makes the gates
/// `degraded`, which blocks by default.
pub(crate) fn pre_push(
    repo: &Repo,
    config: &Config,
    input: &str,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let mut landings = Vec::new();
    let mut problems = Vec::new();
    for update in parse_push_lines(input) {
        let update = match update {
            Ok(update) => update,
            Err(line) => {
                problems.push(format!("cannot parse the pre-push line `{line}`"));
                continue;
            }
        };
        let Some(local) = update.local_sha else {
            continue; // deleting a ref pushes no content
        };
        match push_range(
            repo,
            update.local_ref,
            local,
            update.remote_sha,
            Known::RemoteTracking,
        ) {
            Ok(range) => landings.push(Landing {
                target_ref: update.remote_ref.to_string(),
                range,
            }),
            Err(e) => problems.push(format!("cannot check {}: {e}", update.local_ref)),
        }
    }
    let started = std::time::Instant::now();
    let Some(verdict) = check_landings(repo, config, &landings, problems, io)? else {
        return Ok(ExitCode::Ok);
    };
    render::summary(&verdict, started.elapsed(), io)?;
    render::findings(&verdict, FindingsFormat::Text, io)?;
    render::degraded_hint(&verdict, "push", io)?;
    Ok(verdict.exit_code())
}

/// Commits arriving at a ref: the range they make and the ref they land on.
pub(crate) struct Landing {
    /// The ref updated (`refs/heads/main`), for the review policy.
    pub(crate) target_ref: String,
    /// What it brings.
    pub(crate) range: coverage::Pushed,
}

/// Every gate and policy on `landings` (pre-push, `verify`): the content gates on the lines
/// each range adds, the review policy on ranges landing on protected branches, and coverage.
/// `problems` (input that could not be turned into a range) make the gates degraded.
/// `None` when there is nothing to check.
pub(crate) fn check_landings(
    repo: &Repo,
    config: &Config,
    landings: &[Landing],
    problems: Vec<String>,
    io: &mut Io<'_>,
) -> Result<Option<Verdict>, Error> {
    let root = repo.workdir();
    let gates = Gates::new(config, root.as_deref(), &all_gates())?;
    let skipped = skip_list()?;
    let mut problems = problems;
    let mut found = Found::default();
    let mut seen = std::collections::HashSet::new();
    let review_on = config.gates.review != provenance_checks::GateMode::Off
        && !skipped.iter().any(|g| g == "review");
    let mut review = Review::default();
    for landing in landings {
        if review_on && config.review.is_protected(&landing.target_ref) {
            review.protected_pushes += 1;
            match review_range(repo, config, &landing.range, &landing.target_ref) {
                Ok(findings) => review.findings.extend(findings),
                Err(e) => review
                    .problems
                    .push(format!("cannot review {}: {e}", landing.target_ref)),
            }
        }
        match scan_push(repo, &gates, &landing.range, io) {
            Ok((f, _)) => {
                // The same commit pushed under two refs (a branch and its tag) is reported once.
                found.secrets_unscanned.extend(f.secrets_unscanned);
                found.imports_undecided.extend(f.imports_undecided);
                for (all, new) in [
                    (&mut found.secrets, f.secrets),
                    (&mut found.imports, f.imports),
                    (&mut found.sast, f.sast),
                ] {
                    all.extend(new.into_iter().filter(|f| {
                        seen.insert((f.fingerprint.clone(), f.commit.clone(), f.line))
                    }));
                }
            }
            Err(e) => problems.push(format!("cannot check {}: {e}", landing.target_ref)),
        }
    }
    if landings.is_empty() && problems.is_empty() {
        return Ok(None);
    }
    let mut outcomes = gates.outcomes(found);
    if !problems.is_empty() {
        let reason = problems.join("; ");
        for o in outcomes.iter_mut().filter(|o| !o.skipped) {
            o.degraded = Some(reason.clone());
        }
    }
    let sca_skipped =
        config.gates.sca == provenance_checks::GateMode::Off || skipped.iter().any(|g| g == "sca");
    let mut locks = Vec::new();
    let mut sca_problems = Vec::new();
    for landing in landings {
        match sca::range_changes(repo, &landing.range) {
            Ok(changes) => locks.extend(changes),
            Err(e) => sca_problems.push(format!(
                "cannot read the lockfiles of {}: {e}",
                landing.target_ref
            )),
        }
    }
    if let Some(mut o) = sca::outcome(config, &locks, sca_skipped) {
        if !sca_problems.is_empty() && !o.skipped {
            o.degraded = Some(sca_problems.join("; "));
        }
        outcomes.push(o);
    }
    let coverage_skipped = config.gates.coverage == provenance_checks::GateMode::Off
        || skipped.iter().any(|g| g == "coverage");
    let ranges: Vec<&coverage::Pushed> = landings.iter().map(|l| &l.range).collect();
    // External analyzers add to the SAST gate's findings (and its degraded reasons).
    if let Some(sast) = outcomes.iter_mut().find(|o| o.gate == "sast" && !o.skipped) {
        let (findings, reasons) = external::run(repo, config, &ranges);
        sast.findings.extend(findings);
        if !reasons.is_empty() {
            let mut all: Vec<String> = sast.degraded.take().into_iter().collect();
            all.extend(reasons);
            sast.degraded = Some(all.join("; "));
        }
    }
    outcomes.extend(coverage::outcome(repo, config, &ranges, coverage_skipped));
    if !review_on || review.protected_pushes > 0 {
        outcomes.push(GateOutcome {
            gate: "review".to_string(),
            findings: review.findings,
            degraded: (!review.problems.is_empty()).then(|| review.problems.join("; ")),
            skipped: !review_on,
        });
    }
    Ok(Some(decide(config, outcomes)))
}

/// What a receiving repository already has, for a ref it does not have yet.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Known {
    /// A clone pushing: every remote-tracking ref.
    RemoteTracking,
    /// A server receiving: every branch and tag it has.
    AllRefs,
}

/// One line of pre-push's stdin.
pub(crate) struct PushUpdate<'a> {
    pub(crate) local_ref: &'a str,
    /// The ref updated on the remote (`refs/heads/main`).
    pub(crate) remote_ref: &'a str,
    /// `None` when the ref is deleted.
    pub(crate) local_sha: Option<&'a str>,
    /// `None` when the remote does not have the ref yet.
    pub(crate) remote_sha: Option<&'a str>,
}

/// git's pre-push input, one update per line; a line that is not four fields is an error
/// (returned as the line), never silently skipped.
fn parse_push_lines(input: &str) -> impl Iterator<Item = Result<PushUpdate<'_>, &str>> {
    let zero = |sha: &str| sha.bytes().all(|b| b == b'0');
    input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(move |line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [local_ref, local_sha, remote_ref, remote_sha] = parts[..] else {
                return Err(line);
            };
            Ok(PushUpdate {
                local_ref,
                remote_ref,
                local_sha: (!zero(local_sha)).then_some(local_sha),
                remote_sha: (!zero(remote_sha)).then_some(remote_sha),
            })
        })
}

/// The commits pushing `local` (any object: a commit, or a tag peeled to one) brings: its
/// commit, and what the remote already has.
pub(crate) fn push_range(
    repo: &Repo,
    local_ref: &str,
    local: &str,
    remote: Option<&str>,
    known: Known,
) -> Result<coverage::Pushed, Error> {
    // `resolve` peels annotated tags (even tags of tags) to the commit they name.
    let tip = repo.resolve(local).map_err(|e| {
        Error::internal(format!(
            "{local_ref} ({local}) does not name a commit that can be checked: {e}"
        ))
    })?;
    let hidden = match remote.map(|r| repo.resolve(r)) {
        Some(Ok(commit)) => vec![commit],
        // A new ref, or one whose remote value we do not have: what the remote already
        // has is every remote-tracking ref (or, on the server, every ref it has).
        _ => known_tips(repo, known)?,
    };
    Ok(coverage::Pushed { tip, hidden })
}

/// What a pushed range adds, line by line.
fn scan_push(
    repo: &Repo,
    gates: &Gates,
    range: &coverage::Pushed,
    io: &mut Io<'_>,
) -> Result<(Found, usize), Error> {
    let options = HistoryOptions {
        tips: vec![range.tip.clone()],
        hidden: range.hidden.clone(),
        lines: HistoryLines::Added,
        ..HistoryOptions::default()
    };
    scan_history(repo, gates, options, io)
}
