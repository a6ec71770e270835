//! `provenance doctor`: which hooks git will run in this repository, from which install, and
//! what is broken, each problem with the command that fixes it. `config check`: validate the
//! config files.

use crate::args::{DoctorArgs, ReportFormat};
use crate::install::{is_machine_wide, is_ours, rewrites_our_notes, tracked_files_in, HOOKS};
use crate::session::write_err;
use crate::{Error, Globals, Io};
use provenance_checks::{Config, ExitCode};
use provenance_git::Repo;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What one hook file is.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "state")]
enum HookState {
    /// Ours, and the binary it runs is there.
    Provenance {
        binary: PathBuf,
        /// The hook it kept and runs first, if any.
        chained: Option<String>,
    },
    /// Ours, but the binary it runs is gone: gates block, tagging is skipped.
    BinaryMissing { binary: PathBuf },
    /// Someone else's hook: provenance does not run for this event.
    Foreign,
    /// No hook file: provenance does not run for this event.
    Missing,
}

#[derive(Debug, Serialize)]
struct HookReport {
    hook: &'static str,
    path: PathBuf,
    #[serde(flatten)]
    state: HookState,
}

#[derive(Debug, Serialize)]
struct Report {
    version: u32,
    provenance: &'static str,
    repository: PathBuf,
    /// `machine-wide`, `repository`, `core.hooksPath` or `none`.
    install: &'static str,
    hooks_dir: PathBuf,
    hooks: Vec<HookReport>,
    notes_rewrite: bool,
    problems: Vec<Problem>,
}

#[derive(Debug, Serialize)]
struct Problem {
    what: String,
    fix: String,
}

pub(crate) fn run(
    globals: &Globals,
    args: &DoctorArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let hooks_dir = repo.hooks_dir()?;
    let machine_wide = is_machine_wide(&hooks_dir);
    let own_dir = repo.common_dir().join("hooks");
    let hooks: Vec<HookReport> = HOOKS
        .iter()
        .map(|(hook, _)| {
            let path = hooks_dir.join(hook);
            HookReport {
                hook,
                state: hook_state(&path),
                path,
            }
        })
        .collect();
    let ours = hooks
        .iter()
        .filter(|h| !matches!(h.state, HookState::Foreign | HookState::Missing))
        .count();
    let install = if ours == 0 {
        "none"
    } else if machine_wide {
        "machine-wide"
    } else if hooks_dir == own_dir {
        "repository"
    } else {
        "core.hooksPath"
    };
    let mut problems = Vec::new();
    if ours == 0 {
        problems.push(Problem {
            what: format!("no provenance hooks in {}", hooks_dir.display()),
            fix: "provenance install (or ./install.sh --global for every repository)".into(),
        });
    }
    for h in &hooks {
        match &h.state {
            HookState::BinaryMissing { binary } => problems.push(Problem {
                what: format!(
                    "{}: runs {}, which does not exist: the gates block every {}",
                    h.hook,
                    binary.display(),
                    if h.hook == "pre-push" {
                        "push"
                    } else {
                        "commit"
                    }
                ),
                fix: "reinstall provenance (./install.sh), then provenance install".into(),
            }),
            // Another tool wrote this hook after us (or in place of ours): it runs, ours
            // does not.
            HookState::Foreign | HookState::Missing if ours > 0 => problems.push(Problem {
                what: format!(
                    "{}: {} — provenance does not run on this event",
                    h.hook,
                    if h.state == HookState::Missing {
                        "no hook file".to_string()
                    } else {
                        format!("{} is another tool's hook", h.path.display())
                    }
                ),
                fix: "provenance install (keeps the other hook as <hook>.local and runs it first)"
                    .into(),
            }),
            _ => {}
        }
    }
    if let Some(root) = repo.workdir() {
        if !machine_wide && hooks_dir != own_dir && !tracked_files_in(&root, &hooks_dir)?.is_empty()
        {
            problems.push(Problem {
                what: format!(
                    "core.hooksPath {} is tracked in the repository",
                    hooks_dir.display()
                ),
                fix: "chain from the committed hooks: provenance hook <hook> \"$@\" || exit $?"
                    .into(),
            });
        }
    }
    let notes_rewrite = rewrites_our_notes(&repo.config_values("notes.rewriteRef")?)
        || repo
            .config_string("notes.rewriteRef")
            .is_some_and(|v| rewrites_our_notes(&[v]));
    if ours > 0 && !notes_rewrite {
        problems.push(Problem {
            what: "notes.rewriteRef does not name refs/notes/provenance: amend and rebase \
                   drop the notes"
                .into(),
            fix: "provenance install".into(),
        });
    }
    let report = Report {
        version: 1,
        provenance: env!("CARGO_PKG_VERSION"),
        repository: repo.workdir().unwrap_or_else(|| repo.git_dir()),
        install,
        hooks_dir,
        hooks,
        notes_rewrite,
        problems,
    };
    match args.format {
        ReportFormat::Json => {
            let doc = serde_json::to_string(&report).map_err(|e| Error::internal(e.to_string()))?;
            writeln!(io.out, "{doc}").map_err(write_err)?;
        }
        ReportFormat::Text => text(&report, &own_dir, io)?,
    }
    Ok(if report.problems.is_empty() {
        ExitCode::Ok
    } else {
        ExitCode::Blocked
    })
}

fn text(report: &Report, own_dir: &Path, io: &mut Io<'_>) -> Result<(), Error> {
    let install = match report.install {
        "machine-wide" => format!(
            "machine-wide (global core.hooksPath {}); it also runs the hooks in {}",
            report.hooks_dir.display(),
            own_dir.display()
        ),
        "repository" => format!("this repository ({})", report.hooks_dir.display()),
        "core.hooksPath" => format!(
            "this repository's core.hooksPath ({})",
            report.hooks_dir.display()
        ),
        _ => format!(
            "none ({} has no provenance hooks)",
            report.hooks_dir.display()
        ),
    };
    let mut lines = vec![
        format!("provenance {}", report.provenance),
        format!("repository: {}", report.repository.display()),
        format!("install: {install}"),
        "hooks:".to_string(),
    ];
    for h in &report.hooks {
        let state = match &h.state {
            HookState::Provenance { binary, chained } => format!(
                "provenance → {}{}",
                binary.display(),
                chained
                    .as_ref()
                    .map(|c| format!(" (runs {c} first)"))
                    .unwrap_or_default()
            ),
            HookState::BinaryMissing { binary } => {
                format!("provenance → {} (MISSING)", binary.display())
            }
            HookState::Foreign => "another tool's hook (provenance does not run)".to_string(),
            HookState::Missing => "none".to_string(),
        };
        lines.push(format!("  {:<19} {state}", h.hook));
    }
    lines.push(format!(
        "notes carried by amend/rebase (notes.rewriteRef): {}",
        if report.notes_rewrite { "yes" } else { "no" }
    ));
    if report.problems.is_empty() {
        lines.push("no problems found".to_string());
    } else {
        for p in &report.problems {
            lines.push(format!("problem: {}", p.what));
            lines.push(format!("  fix: {}", p.fix));
        }
    }
    for line in lines {
        writeln!(io.out, "{line}").map_err(write_err)?;
    }
    Ok(())
}

/// What the hook file at `path` is.
fn hook_state(path: &Path) -> HookState {
    let Ok(bytes) = std::fs::read(path) else {
        return if path.symlink_metadata().is_ok() {
            HookState::Foreign
        } else {
            HookState::Missing
        };
    };
    if !is_ours(&bytes) {
        return HookState::Foreign;
    }
    let text = String::from_utf8_lossy(&bytes);
    let binary = text
        .lines()
        .find_map(|l| l.strip_prefix("bin="))
        .map(|v| PathBuf::from(v.trim_matches('\'').replace("'\\''", "'")))
        .unwrap_or_default();
    let chained = text
        .lines()
        .find_map(|l| l.strip_prefix("# provenance-kept-previous: "))
        .and_then(|l| l.split_whitespace().next())
        .map(str::to_string);
    let found = binary.is_file()
        || binary
            .file_name()
            .is_some_and(|name| on_path(Path::new(name)));
    if found {
        HookState::Provenance { binary, chained }
    } else {
        HookState::BinaryMissing { binary }
    }
}

/// The script falls back to `command -v <name>`: the same lookup.
fn on_path(name: &Path) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

/// `config check`: load and validate every config file that applies here.
pub(crate) fn config_check(globals: &Globals, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let root = match Repo::discover(&globals.dir) {
        Ok(repo) => repo.workdir(),
        Err(provenance_git::GitError::NotARepository { .. }) => Some(globals.dir.clone()),
        Err(e) => return Err(e.into()),
    };
    Config::load(root.as_deref(), globals.config.as_deref())?;
    let mut files: Vec<PathBuf> = provenance_checks::user_config_path()
        .filter(|p| p.is_file())
        .into_iter()
        .collect();
    match (&globals.config, &root) {
        (Some(explicit), _) => files.push(explicit.clone()),
        (None, Some(root)) if root.join(provenance_checks::CONFIG_FILE).is_file() => {
            files.push(root.join(provenance_checks::CONFIG_FILE))
        }
        _ => {}
    }
    if files.is_empty() {
        writeln!(io.out, "no config files; the defaults apply").map_err(write_err)?;
    }
    for f in files {
        writeln!(io.out, "{}: ok", f.display()).map_err(write_err)?;
    }
    Ok(ExitCode::Ok)
}
