//! `provenance hook <name> …`: what the installed hook scripts run.
//!
//! A previous hook (kept as `<hook>.local`, the repository's own `.git/hooks/<hook>` under a
//! global install, or the hooks of the global core.hooksPath we replaced) runs first, with
//! the same arguments and stdin; when it fails, its exit status is the hook's.

use crate::args::HookArgs;
use crate::error::{hook_policy, HookOutcome};
use crate::tag::{self, Stage};
use crate::{gates, notes, Error, Globals, Io};
use provenance_checks::{Config, ExitCode, OnDegraded};
use provenance_git::Repo;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Hooks whose failure aborts the git operation.
pub(crate) const BLOCKING: &[&str] =
    &["pre-commit", "prepare-commit-msg", "commit-msg", "pre-push"];
/// Hooks that read stdin.
const READS_STDIN: &[&str] = &["pre-push", "post-rewrite"];

pub(crate) fn run(globals: &Globals, args: HookArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let hook = args.name.as_str();
    let known = crate::install::HOOKS.iter().any(|(h, _)| *h == hook);
    if !known {
        return Err(Error::usage(format!(
            "unknown hook `{hook}` (expected one of: {})",
            crate::install::HOOKS
                .iter()
                .map(|(h, _)| *h)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut input = Vec::new();
    if READS_STDIN.contains(&hook) {
        io.stdin
            .read_to_end(&mut input)
            .map_err(|e| Error::internal(format!("{hook}: cannot read stdin: {e}")))?;
    }

    let policy = hook_policy(hook).ok_or_else(|| Error::internal(format!("{hook}: no policy")))?;
    let error = match run_chain(globals, hook, &args.args, &input, io) {
        Ok(code) => return Ok(code),
        Err(error) => error,
    };
    match error.in_hook(policy) {
        HookOutcome::Propagate => Err(error),
        // Never get in the way when provenance itself breaks: say so, let git go on.
        HookOutcome::WarnAndContinue => {
            io.note(format!(
                "provenance: warning: {hook} could not run ({error}); git goes on."
            ));
            Ok(ExitCode::Ok)
        }
        HookOutcome::Degraded => {
            let on_degraded = Repo::discover(&globals.dir)
                .ok()
                .and_then(|repo| {
                    Config::load(repo.workdir().as_deref(), globals.config.as_deref()).ok()
                })
                .map(|c| c.on_degraded)
                .unwrap_or_default();
            let what = if hook == "pre-push" { "push" } else { "commit" };
            let _ = writeln!(
                io.err,
                "provenance: {hook}: degraded: the {} gate(s) could not run: {error}",
                gates::all_gates().join(", ")
            );
            let blocks = on_degraded == OnDegraded::Block;
            for line in crate::render::degraded_lines(&gates::all_gates(), what, blocks) {
                let _ = writeln!(io.err, "{line}");
            }
            Ok(match on_degraded {
                OnDegraded::Block => ExitCode::Blocked,
                OnDegraded::Warn => ExitCode::Ok,
            })
        }
    }
}

/// The previous hooks, then ours.
fn run_chain(
    globals: &Globals,
    hook: &str,
    args: &[String],
    input: &[u8],
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    // Opened once for the whole chain; the previous hooks run even where it cannot be.
    let repo = Repo::discover(&globals.dir);
    for previous in previous_hooks(hook, repo.as_ref().ok()) {
        let status = run_previous(&previous, args, input)?;
        if status != 0 && BLOCKING.contains(&hook) {
            return Err(Error::ChainedHook {
                hook: hook.to_string(),
                path: previous,
                status,
            });
        }
    }
    let repo = repo?;
    if !enabled(&repo) {
        // The repository opted out: the hooks it had still ran above; ours do nothing.
        return Ok(ExitCode::Ok);
    }
    warn_taken_over(hook, io);
    run_ours(globals, &repo, hook, args, input, io)
}

/// A hook manager installed after us (`lefthook install`) moved some of our scripts to
/// `<hook>.old`, where nothing runs them: say so on every hook of ours that still runs.
fn warn_taken_over(running: &str, io: &mut Io<'_>) {
    let Some(dir) = hook_dir() else {
        return;
    };
    let dead: Vec<&str> = crate::install::HOOKS
        .iter()
        .map(|(h, _)| *h)
        .filter(|h| *h != running)
        .filter(|h| crate::install::moved_aside(&dir, h) == Some(crate::install::MovedAside::Old))
        .collect();
    if !dead.is_empty() {
        io.note(format!(
            "provenance: warning: another tool (lefthook?) took over the {} hook(s) in {} and \
             moved provenance's script(s) to <hook>.old, where nothing runs them: those checks \
             are off here. Fix: provenance install (runs the tool's hook first, then ours)",
            dead.join(", "),
            dir.display()
        ));
    }
}

/// `provenance.enabled` in git config (`git config provenance.enabled false` opts one
/// repository out of a machine-wide install); on unless set to one of git's false values.
pub(crate) fn enabled(repo: &Repo) -> bool {
    repo.config_string("provenance.enabled")
        .is_none_or(|v| !is_git_false(&v))
}

/// git's spellings of false (`git config --type=bool`): false, no, off, 0, and the empty value.
pub(crate) fn is_git_false(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || ["false", "no", "off", "0"]
            .iter()
            .any(|f| v.eq_ignore_ascii_case(f))
}

fn run_ours(
    globals: &Globals,
    repo: &Repo,
    hook: &str,
    args: &[String],
    input: &[u8],
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    start_watchdog(hook);
    let root = repo.workdir();
    let config = || Config::load(root.as_deref(), globals.config.as_deref());
    match hook {
        "prepare-commit-msg" | "commit-msg" => {
            let msg = args.first().ok_or_else(|| {
                Error::usage(format!(
                    "{hook}: git passes the message file as the first argument; none was given"
                ))
            })?;
            let stage = if hook == "commit-msg" {
                Stage::CommitMsg
            } else {
                Stage::Prepare
            };
            // Tagging fails open: a broken config must not block a commit (and
            // `git commit --no-verify` does not skip prepare-commit-msg).
            let config = match (config(), stage) {
                (Ok(config), _) => config,
                // `git commit --no-verify` skips commit-msg and pre-commit but not
                // prepare-commit-msg: a broken config must not take away that way out.
                // Tag with the defaults and say so; commit-msg (the blocking stage, skipped
                // by --no-verify) still fails with the config error.
                (Err(e), Stage::Prepare) => {
                    io.note(format!(
                        "provenance: warning: {e}; tagging with the default settings \
                         (pre-commit fails until it is fixed)"
                    ));
                    Config::default()
                }
                (Err(e), Stage::CommitMsg) => {
                    io.note(format!(
                        "provenance: warning: {e}; tagging with the default settings \
                         (pre-commit fails until it is fixed)"
                    ));
                    Config::default()
                }
            };
            tag::tag(
                repo,
                &config,
                stage,
                Path::new(msg),
                args.get(1).map(String::as_str),
                args.get(2).map(String::as_str),
                io,
            )
        }
        // Notes fail open: a broken config leaves the defaults (pre-commit reports it).
        "post-commit" => notes::post_commit(repo, &config().unwrap_or_default(), io),
        // git passes 1 for `merge --squash`, which makes no commit.
        "post-merge" if args.first().map(String::as_str) != Some("1") => {
            // After a pull: what teammates noted joins our notes.
            notes::merge_remote_notes(repo, io);
            notes::post_merge(repo, &config().unwrap_or_default(), io)
        }
        "post-rewrite" => {
            let kind = args.first().map(String::as_str).unwrap_or("rebase");
            let input = String::from_utf8_lossy(input);
            notes::post_rewrite(repo, &config().unwrap_or_default(), kind, &input, io)
        }
        "pre-commit" => gates::pre_commit(repo, &config()?, io),
        "pre-push" => {
            let input = String::from_utf8_lossy(input);
            let code = gates::pre_push(repo, &config()?, &input, io)?;
            if code == ExitCode::Ok {
                if let Some(remote) = args.first() {
                    notes::merge_remote_notes(repo, io);
                    notes::push_notes(repo, remote, &input, io);
                }
            }
            Ok(code)
        }
        _ => Ok(ExitCode::Ok),
    }
}

/// Our part of a hook never stalls git: after its time budget (`PROVENANCE_HOOK_TIMEOUT`
/// seconds; 10 for tagging and notes, 60 for the gates) the process exits as the failure
/// policy says — 0 for tagging and notes (every file they write is replaced atomically, so
/// the message and notes are as they were or as they were meant to be), blocked for a gate
/// (degraded: it did not finish). The hooks that ran before ours are not timed.
fn start_watchdog(hook: &str) {
    let Some(policy) = hook_policy(hook) else {
        return;
    };
    let default = match policy {
        crate::error::HookPolicy::FailOpen => 10.0,
        crate::error::HookPolicy::FailClosed => 60.0,
    };
    let secs = std::env::var("PROVENANCE_HOOK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(default);
    let hook = hook.to_string();
    let spawned = std::thread::Builder::new()
        .name("hook-watchdog".into())
        .spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs_f64(secs));
            let (line, code) = match policy {
                crate::error::HookPolicy::FailOpen => (
                    format!(
                        "provenance: warning: {hook} timed out after {secs} s (PROVENANCE_HOOK_TIMEOUT);                          git goes on, untagged"
                    ),
                    0,
                ),
                crate::error::HookPolicy::FailClosed => (
                    format!(
                        "provenance: {hook}: degraded: the gates did not finish within {secs} s                          (PROVENANCE_HOOK_TIMEOUT); blocked. Raise the budget, or skip once with                          PROVENANCE_SKIP=<gate> or --no-verify"
                    ),
                    ExitCode::Blocked.code(),
                ),
            };
            // The main thread may hold the stderr lock: write around it.
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open("/dev/stderr") {
                let _ = writeln!(f, "{line}");
            }
            std::process::exit(code);
        });
    drop(spawned);
}

/// Hooks to run before ours, in order. Read from the open repository (no `git` process:
/// each would cost as much as the rest of a hook that has nothing to do).
fn previous_hooks(hook: &str, repo: Option<&Repo>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let dir = hook_dir();
    if let Some(dir) = &dir {
        out.push(dir.join(format!("{hook}.local")));
    }
    if global_hook() {
        // Under a global core.hooksPath git no longer runs the repository's own hooks.
        let common = repo.map(Repo::common_dir).or_else(|| {
            provenance_git::run_git(
                Path::new("."),
                &["rev-parse", "--path-format=absolute", "--git-common-dir"],
                None,
            )
            .ok()
            .map(|out| PathBuf::from(String::from_utf8_lossy(&out).trim_end()))
        });
        if let Some(common) = common {
            let repo_hook = common.join("hooks").join(hook);
            // A repo-local `provenance install` under the global one: its script is not
            // run again, but the hook it kept as `.local` must still run.
            if is_managed(&repo_hook) {
                out.push(common.join("hooks").join(format!("{hook}.local")));
            } else {
                out.push(repo_hook);
            }
        }
        if let Some(prev) = repo.and_then(|r| r.config_string(crate::install::PREVIOUS_KEY)) {
            out.push(PathBuf::from(prev).join(hook));
        }
    }
    out.retain(|p| is_runnable_foreign_hook(p));
    out
}

fn is_runnable_foreign_hook(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || !is_executable(&meta) {
        return false;
    }
    // Never run one of our own scripts again (a repo-local install under a global one).
    !is_managed(path)
}

/// A hook `provenance install` wrote (a script, or a symlink to our binary).
fn is_managed(path: &Path) -> bool {
    crate::install::is_ours_at(path)
}

/// The hooks dir the running hook was started from: `PROVENANCE_HOOK_DIR` (set by our
/// scripts), else the directory of git's `$0` (a hook installed as a symlink to the binary).
fn hook_dir() -> Option<PathBuf> {
    std::env::var_os("PROVENANCE_HOOK_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            HOOK_PATH
                .get()
                .and_then(|p| p.parent().map(Path::to_path_buf))
        })
        .filter(|d| !d.as_os_str().is_empty())
}

/// Whether the running hook is the machine-wide install's.
fn global_hook() -> bool {
    std::env::var_os("PROVENANCE_GLOBAL").is_some()
        || (std::env::var_os("PROVENANCE_HOOK_DIR").is_none()
            && hook_dir().is_some_and(|d| crate::install::is_machine_wide(&d)))
}

/// git's `$0` for the running hook, when the binary was started as the hook itself.
static HOOK_PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Remember git's `$0` (see [`hook_dir`]).
pub(crate) fn set_hook_path(argv0: &std::ffi::OsStr) {
    let path = Path::new(argv0);
    if path.components().count() > 1 {
        let _ = HOOK_PATH.set(path.to_path_buf());
    }
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    true
}

/// The shell of a `#!/bin/sh`-style script (`sh`, `bash`, `dash`, `zsh`, directly or via
/// `/usr/bin/env`), if that is what `path` is.
fn shell_of(path: &Path) -> Option<String> {
    let head = std::fs::read(path).ok()?;
    let first = head.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(first).ok()?.strip_prefix("#!")?;
    let mut words = line.split_whitespace();
    let mut prog = words.next()?;
    if prog.ends_with("/env") {
        prog = words.next()?;
    }
    let name = prog.rsplit('/').next()?;
    ["sh", "bash", "dash", "zsh"]
        .contains(&name)
        .then(|| name.to_string())
}

fn run_previous(path: &Path, args: &[String], input: &[u8]) -> Result<i32, Error> {
    let mut command = Command::new(path);
    // A hook we renamed to `<hook>.local` would see `$0` end in `.local`. Hook managers
    // dispatch on it (husky: `n=$(basename "$0")` finds `.husky/<hook>`), so a shell
    // script is sourced with `$0` set to the name git gave it before install.
    if let (Some(original), Some(shell)) = (
        path.to_str().and_then(|p| p.strip_suffix(".local")),
        shell_of(path),
    ) {
        command = Command::new(shell);
        command
            .arg("-c")
            .arg(". \"$PROVENANCE_CHAINED_HOOK\"")
            .arg(original)
            .env("PROVENANCE_CHAINED_HOOK", path);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| Error::internal(format!("cannot run {}: {e}", path.display())))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A hook that does not read its stdin closes the pipe early; that is fine.
        let _ = stdin.write_all(input);
    }
    let status = child
        .wait()
        .map_err(|e| Error::internal(format!("cannot wait for {}: {e}", path.display())))?;
    Ok(status.code().unwrap_or(1))
}
