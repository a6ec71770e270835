//! `provenance install` / `uninstall`: hook scripts that chain, never clobber.
//!
//! An existing hook is renamed `<hook>.local` (a rename keeps its bytes and mode) and runs
//! first; the script records that it did so, and `uninstall` renames it back.

use crate::args::{InstallArgs, UninstallArgs};
use crate::{Error, Globals, Io};
use provenance_attribution::write_atomic;
use provenance_checks::ExitCode;
use provenance_git::{Repo, NOTES_REF};
use std::path::{Path, PathBuf};

/// The hooks provenance installs, with the binary each runs.
pub(crate) const HOOKS: &[(&str, &str)] = &[
    ("pre-commit", "provenance-pre-commit"),
    ("prepare-commit-msg", "provenance-prepare-commit-msg"),
    ("commit-msg", "provenance-commit-msg"),
    ("post-commit", "provenance-post-commit"),
    ("post-rewrite", "provenance-post-rewrite"),
    // `git merge` makes its commit without running post-commit; post-merge notes it. No
    // thin binary of its own: the script runs `provenance hook post-merge`.
    ("post-merge", "provenance"),
    ("pre-push", "provenance-pre-push"),
];

/// First line after the shebang of every script provenance writes.
const MARKER: &str = "# provenance-managed hook";
/// Records that the previous hook was renamed `<hook>.local`.
const KEPT: &str = "# provenance-kept-previous: ";
/// The `notes.rewriteRef` value install adds: a glob that matches exactly our notes ref.
/// git warns "notes ref … is invalid" on every amend and rebase while a plain ref name does
/// not exist yet (before the first note); a glob is expanded over existing refs only, so it
/// stays silent until there is something to carry.
const REWRITE_REF: &str = "refs/notes/provenanc[e]";

/// True when one of the configured `notes.rewriteRef` values already carries our notes.
pub(crate) fn rewrites_our_notes(values: &[String]) -> bool {
    values
        .iter()
        .any(|v| v == NOTES_REF || v == REWRITE_REF || v == "refs/notes/*")
}

/// Records that we added the notes.rewriteRef value (so uninstall removes only ours).
const CONFIG_FLAG: &str = "provenance.addedRewriteRef";

/// The remotes whose `remote.<name>.fetch` got our notes refspec (uninstall removes those).
const FETCH_FLAG: &str = "provenance.addedNotesFetch";

/// The refspec that fetches a remote's notes into a tracking ref beside ours (never over
/// ours: `+refs/notes/*:refs/notes/*` would overwrite local notes).
fn notes_fetch_refspec(remote: &str) -> String {
    format!("+{NOTES_REF}:{}", provenance_git::remote_notes_ref(remote))
}

/// Add the notes fetch refspec to every remote that has none; pull (post-merge) and push
/// (pre-push) merge the fetched notes into ours.
fn add_notes_fetch(repo: &Repo, io: &mut Io<'_>) -> Result<(), Error> {
    let out = provenance_git::run_git(repo.run_dir(), &["remote"], None)?;
    let mut added = Vec::new();
    for remote in String::from_utf8_lossy(&out)
        .lines()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let key = format!("remote.{remote}.fetch");
        let spec = notes_fetch_refspec(remote);
        let has = repo
            .config_values(&key)?
            .iter()
            .any(|v| v.contains("refs/notes/provenance") || v.contains("refs/notes/*"));
        if !has && repo.add_config_value(&key, &spec)? {
            repo.add_config_value(FETCH_FLAG, remote)?;
            added.push(remote.to_string());
        }
    }
    if !added.is_empty() {
        io.note(format!(
            "provenance: notes are fetched from {} into refs/notes/remotes/<remote>/provenance              and merged into ours on pull and push",
            added.join(", ")
        ));
    }
    Ok(())
}

fn remove_notes_fetch(repo: &Repo) -> Result<(), Error> {
    for remote in repo.config_values(FETCH_FLAG)? {
        repo.remove_config_value(
            &format!("remote.{remote}.fetch"),
            &notes_fetch_refspec(&remote),
        )?;
        repo.remove_config_value(FETCH_FLAG, &remote)?;
    }
    Ok(())
}

pub(crate) fn install(
    globals: &Globals,
    args: &InstallArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    if args.global {
        return install_global(io);
    }
    let repo = Repo::discover(&globals.dir)?;
    if repo.is_bare() {
        return Err(Error::usage(format!(
            "{} is a bare repository: no commits are made there, so there is nothing to hook. \
             Install in each clone instead.",
            repo.git_dir().display()
        )));
    }
    let target = repo_hooks_target(&repo)?;
    if let Some(tracked) = &target.tracked {
        if !args.force {
            return Err(refuse_tracked(&target.dir, tracked));
        }
    }
    let hooks_dir = target.dir.clone();
    prepare_dir(&hooks_dir)?;
    let bin_dir = binary_dir()?;
    // Refuse before changing anything: a refusal halfway would leave some hooks renamed.
    for (hook, _) in HOOKS {
        if moved_aside(&hooks_dir, hook).is_none() {
            check_installable(&hooks_dir, hook, args.force)?;
        }
    }
    let mut kept = Vec::new();
    let mut by_manager = Vec::new();
    for (hook, binary) in HOOKS {
        match moved_aside(&hooks_dir, hook) {
            // pre-commit and prek run the hook they moved aside: ours still runs, once.
            Some(MovedAside::Legacy) => {
                by_manager.push(format!("{hook} (as {hook}.legacy)"));
                continue;
            }
            // lefthook does not run what it moved aside: ours goes back in front.
            Some(MovedAside::Old) => drop_moved_aside(&hooks_dir, hook)?,
            None => {}
        }
        if let Some(local) =
            install_hook(&hooks_dir, hook, &bin_dir.join(binary), args.force, false)?
        {
            kept.push(local);
        }
    }
    if !by_manager.is_empty() {
        io.note(format!(
            "provenance: left alone: {} — a hook manager (pre-commit or prek) took the hook \
             over and runs provenance's script first",
            by_manager.join(", ")
        ));
    }
    // Carry notes across amend and rebase.
    if !rewrites_our_notes(&repo.config_values("notes.rewriteRef")?)
        && repo.add_config_value("notes.rewriteRef", REWRITE_REF)?
    {
        repo.set_config(CONFIG_FLAG, "true")?;
    }
    add_notes_fetch(&repo, io)?;
    io.note(format!(
        "provenance: hooks installed in {}{}",
        hooks_dir.display(),
        if kept.is_empty() {
            String::new()
        } else {
            format!(" (existing hooks kept and run first: {})", kept.join(", "))
        }
    ));
    if let Some(global) = &target.global {
        io.note(format!(
            "provenance: this repository runs the machine-wide hooks in {} (global \
             core.hooksPath); they run the ones in {} too, which take over if the \
             machine-wide install is removed",
            global.display(),
            hooks_dir.display()
        ));
    }
    Ok(ExitCode::Ok)
}

/// Where a per-repository install goes, and what else is in play there.
struct HooksTarget {
    /// The directory to write hook scripts into.
    dir: PathBuf,
    /// Set when git's hooks path is the machine-wide one: per-repository hooks then go into
    /// the repository's own hooks dir (which the machine-wide scripts run) so that the two
    /// installs never rewrite or empty each other.
    global: Option<PathBuf>,
    /// Tracked files in the hooks dir (a committed `core.hooksPath` such as `.githooks/`).
    tracked: Option<Vec<String>>,
}

fn repo_hooks_target(repo: &Repo) -> Result<HooksTarget, Error> {
    let dir = repo.hooks_dir()?;
    let own = repo.common_dir().join("hooks");
    if is_machine_wide(&dir) {
        return Ok(HooksTarget {
            dir: own,
            global: Some(dir),
            tracked: None,
        });
    }
    let tracked = match repo.workdir() {
        Some(root) => tracked_files_in(&root, &dir)?,
        None => Vec::new(),
    };
    Ok(HooksTarget {
        dir,
        global: None,
        tracked: (!tracked.is_empty()).then_some(tracked),
    })
}

/// True when `dir` is the machine-wide hooks dir of `install --global`.
pub(crate) fn is_machine_wide(dir: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if global_hooks_dir().is_ok_and(|g| canonical(&g) == canonical(dir)) {
        return true;
    }
    // Installed with another XDG_CONFIG_HOME: our scripts there say they are global.
    std::fs::read(dir.join("pre-commit"))
        .is_ok_and(|b| is_ours(&b) && String::from_utf8_lossy(&b).contains("PROVENANCE_GLOBAL=1"))
}

/// Files git tracks under `dir`, when `dir` is inside the worktree `root`.
pub(crate) fn tracked_files_in(root: &Path, dir: &Path) -> Result<Vec<String>, Error> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, dir) = (canonical(root), canonical(dir));
    let Ok(rel) = dir.strip_prefix(&root) else {
        return Ok(Vec::new());
    };
    if rel.as_os_str().is_empty() {
        return Ok(Vec::new());
    }
    let rel = rel.to_string_lossy().into_owned();
    let out = provenance_git::run_git(&root, &["ls-files", "-z", "--", &rel], None)?;
    Ok(out
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

fn refuse_tracked(dir: &Path, tracked: &[String]) -> Error {
    Error::usage(format!(
        "the hooks directory {} (core.hooksPath) is tracked in this repository ({}): the \
         team's committed hooks live there, and provenance will not change them or add \
         untracked scripts holding this machine's paths. Either\n  \
         - chain from the tracked hooks: add this line to each committed hook (e.g. \
         pre-commit), so every clone with provenance installed runs it:\n      \
         provenance hook pre-commit \"$@\" || exit $?\n  \
         - or rerun with --force to install there anyway (each tracked hook is kept as \
         <hook>.local and runs first; the renames show up in `git status`).",
        dir.display(),
        tracked.join(", ")
    ))
}

pub(crate) fn uninstall(
    globals: &Globals,
    args: &UninstallArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    if args.global {
        return uninstall_global(io);
    }
    let repo = Repo::discover(&globals.dir)?;
    let target = repo_hooks_target(&repo)?;
    let hooks_dir = target.dir;
    let mut removed = 0;
    let mut restored = Vec::new();
    for (hook, _) in HOOKS {
        match uninstall_hook(&hooks_dir, hook)? {
            Removed::Nothing => {}
            Removed::Script => removed += 1,
            Removed::Restored => {
                removed += 1;
                restored.push(*hook);
            }
        }
    }
    if repo.config_values(CONFIG_FLAG)?.iter().any(|v| v == "true") {
        // Ours, or the plain ref name earlier versions added.
        let values = repo.config_values("notes.rewriteRef")?;
        let ours = if values.iter().any(|v| v == REWRITE_REF) {
            REWRITE_REF
        } else {
            NOTES_REF
        };
        repo.remove_config_value("notes.rewriteRef", ours)?;
        repo.remove_config_value(CONFIG_FLAG, "true")?;
    }
    remove_notes_fetch(&repo)?;
    if removed == 0 {
        io.note(format!(
            "provenance: no provenance hooks in {}; nothing was removed",
            hooks_dir.display()
        ));
    } else {
        io.note(format!(
            "provenance: {removed} hooks removed from {}{}",
            hooks_dir.display(),
            if restored.is_empty() {
                String::new()
            } else {
                format!(
                    "; restored the hooks that were there before: {}",
                    restored.join(", ")
                )
            }
        ));
    }
    if let Some(global) = target.global {
        io.note(format!(
            "provenance: the machine-wide hooks in {} still run here (`provenance uninstall \
             --global` removes them)",
            global.display()
        ));
    }
    Ok(ExitCode::Ok)
}

/// The error `install_hook` would stop with for `hook`, checked without changing anything.
fn check_installable(dir: &Path, hook: &str, force: bool) -> Result<(), Error> {
    let path = dir.join(hook);
    let local = dir.join(format!("{hook}.local"));
    if our_link(&path).is_some() {
        return Ok(());
    }
    let stale_copy =
        std::fs::read(&local).is_ok_and(|l| std::fs::read(&path).is_ok_and(|p| p == l));
    match read_if_exists(&path)? {
        Some(existing)
            if !is_ours(&existing) && !force && local.symlink_metadata().is_ok() && !stale_copy =>
        {
            Err(refuse_local(&path, &local))
        }
        _ => Ok(()),
    }
}

fn refuse_local(path: &Path, local: &Path) -> Error {
    Error::usage(format!(
        "{} exists and so does {}: provenance keeps an existing hook as <hook>.local and \
         will not overwrite one. Merge or move one of them, or rerun with --force to set the \
         older .local aside as {}.",
        path.display(),
        local.display(),
        aside(local).display()
    ))
}

/// Install one hook script; returns the name of a previous hook kept as `.local`.
fn install_hook(
    dir: &Path,
    hook: &str,
    binary: &Path,
    force: bool,
    global: bool,
) -> Result<Option<String>, Error> {
    let path = dir.join(hook);
    let local = dir.join(format!("{hook}.local"));
    let mut kept = false;
    drop_stale_local(dir, hook)?;
    if our_link(&path).is_some() {
        // Re-install over our own link: nothing was kept.
    } else if let Some(existing) = read_if_exists(&path)? {
        if is_ours(&existing) {
            // Re-install: keep what the previous install recorded.
            kept = String::from_utf8_lossy(&existing).contains(KEPT);
        } else {
            if local.symlink_metadata().is_ok() {
                if !force {
                    return Err(refuse_local(&path, &local));
                }
                std::fs::rename(&local, aside(&local)).map_err(|e| io_failure(&local, e))?;
            }
            std::fs::rename(&path, &local).map_err(|e| io_failure(&path, e))?;
            kept = true;
        }
    }
    if !kept && LINKED.contains(&hook) && binary.is_file() && link_atomic(binary, &path).is_ok() {
        return Ok(None);
    }
    let script = hook_script(hook, binary, kept, global);
    write_atomic(&path, script.as_bytes()).map_err(|e| io_failure(&path, e))?;
    make_executable(&path)?;
    Ok(kept.then(|| format!("{hook}.local")))
}

/// Point `path` at `binary` with a symlink made beside it and renamed over it, so git sees
/// the old hook or the new one, never none.
#[cfg(unix)]
fn link_atomic(binary: &Path, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_file_name(format!(
        ".{}.provenance-tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(binary, &tmp)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(not(unix))]
fn link_atomic(_binary: &Path, _path: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no symlinks here"))
}

/// What [`uninstall_hook`] did.
enum Removed {
    /// No script of ours was there.
    Nothing,
    /// Our script was removed; nothing had been there before.
    Script,
    /// Our script was replaced by the hook it had kept.
    Restored,
}

/// Where a hook manager put our script when it took the hook over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MovedAside {
    /// `<hook>.legacy`: `pre-commit install` and `prek install` keep it and run it first.
    Legacy,
    /// `<hook>.old`: `lefthook install` keeps it and does not run it.
    Old,
}

impl MovedAside {
    /// The file name suffix.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            MovedAside::Legacy => "legacy",
            MovedAside::Old => "old",
        }
    }
}

/// Our script for `hook`, moved aside by a hook manager that now owns `<hook>`.
pub(crate) fn moved_aside(dir: &Path, hook: &str) -> Option<MovedAside> {
    if is_ours_at(&dir.join(hook)) {
        return None;
    }
    [MovedAside::Legacy, MovedAside::Old]
        .into_iter()
        .find(|m| is_ours_at(&dir.join(format!("{hook}.{}", m.suffix()))))
}

/// Remove our script a manager moved aside; what it had kept as `<hook>.local` takes its
/// place, as if the manager had moved that instead.
fn drop_moved_aside(dir: &Path, hook: &str) -> Result<(), Error> {
    let Some(moved) = moved_aside(dir, hook) else {
        return Ok(());
    };
    let aside = dir.join(format!("{hook}.{}", moved.suffix()));
    let script = if our_link(&aside).is_some() {
        Vec::new()
    } else {
        read_head(&aside).unwrap_or_default()
    };
    let local = dir.join(format!("{hook}.local"));
    if String::from_utf8_lossy(&script).contains(KEPT) && local.symlink_metadata().is_ok() {
        std::fs::rename(&local, &aside).map_err(|e| io_failure(&local, e))?;
    } else {
        std::fs::remove_file(&aside).map_err(|e| io_failure(&aside, e))?;
    }
    Ok(())
}

/// A `<hook>.local` left behind after a manager rewrote `<hook>` over our script with the same
/// bytes the `.local` holds (husky regenerates its stubs on every `npm install`): a copy,
/// so removing it loses nothing.
fn drop_stale_local(dir: &Path, hook: &str) -> Result<bool, Error> {
    let local = dir.join(format!("{hook}.local"));
    if is_ours_at(&dir.join(hook)) {
        return Ok(false);
    }
    let (Ok(current), Ok(kept)) = (std::fs::read(dir.join(hook)), std::fs::read(&local)) else {
        return Ok(false);
    };
    if is_ours(&current) || current != kept {
        return Ok(false);
    }
    std::fs::remove_file(&local).map_err(|e| io_failure(&local, e))?;
    Ok(true)
}

/// Remove one hook script and put back what it replaced.
fn uninstall_hook(dir: &Path, hook: &str) -> Result<Removed, Error> {
    let path = dir.join(hook);
    if moved_aside(dir, hook).is_some() {
        drop_moved_aside(dir, hook)?;
        return Ok(Removed::Script);
    }
    if drop_stale_local(dir, hook)? {
        return Ok(Removed::Script);
    }
    if our_link(&path).is_some() {
        std::fs::remove_file(&path).map_err(|e| io_failure(&path, e))?;
        return Ok(Removed::Script);
    }
    let Some(existing) = read_if_exists(&path)? else {
        return Ok(Removed::Nothing);
    };
    if !is_ours(&existing) {
        return Ok(Removed::Nothing);
    }
    let local = dir.join(format!("{hook}.local"));
    if String::from_utf8_lossy(&existing).contains(KEPT) && local.symlink_metadata().is_ok() {
        std::fs::rename(&local, &path).map_err(|e| io_failure(&local, e))?;
        Ok(Removed::Restored)
    } else {
        std::fs::remove_file(&path).map_err(|e| io_failure(&path, e))?;
        Ok(Removed::Script)
    }
}

fn hook_script(hook: &str, binary: &Path, kept: bool, global: bool) -> String {
    let name = binary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let gate = crate::error::hook_policy(hook) == Some(crate::error::HookPolicy::FailClosed);
    let blocking = crate::hook::BLOCKING.contains(&hook);
    let mut s = String::new();
    s.push_str("#!/bin/sh\n");
    s.push_str(MARKER);
    s.push_str(" (provenance install); `provenance uninstall` restores what was here.\n");
    if kept {
        s.push_str(&format!("{KEPT}{hook}.local (runs first)\n"));
    }
    // Parameter expansion, not $(dirname): a subshell fork is a millisecond per hook.
    s.push_str("case $0 in */*) PROVENANCE_HOOK_DIR=${0%/*} ;; *) PROVENANCE_HOOK_DIR=. ;; esac\nexport PROVENANCE_HOOK_DIR\n");
    if global {
        s.push_str("PROVENANCE_GLOBAL=1\nexport PROVENANCE_GLOBAL\n");
    }
    s.push_str(&format!("bin={}\n", shell_quote(&binary.to_string_lossy())));
    s.push_str(&format!(
        "[ -x \"$bin\" ] || bin=$(command -v {name} 2>/dev/null)\n"
    ));
    let sub = if name == "provenance" {
        format!(" hook {hook}")
    } else {
        String::new()
    };
    s.push_str(&format!(
        "if [ -n \"$bin\" ]; then exec \"$bin\"{sub} \"$@\"; fi\n"
    ));
    // The binary is gone. The hooks that ran before ours still run, as git would have run
    // them: a shell script is sourced with git's `$0` (hook managers dispatch on it, e.g.
    // husky's `basename "$0"`), anything else is executed.
    s.push_str(
        "run_kept() {\n\
         \x20 [ -x \"$1\" ] || return 0\n\
         \x20 kept=$1; shift\n\
         \x20 IFS= read -r shebang < \"$kept\" || shebang=\n\
         \x20 case $shebang in\n\
         \x20   '#!'*bash*) shell=bash ;; '#!'*zsh*) shell=zsh ;; '#!'*dash*) shell=dash ;;\n\
         \x20   '#!'*/sh|'#!'*/sh\\ *|'#!'*' sh'|'#!'*' sh '*) shell=sh ;;\n\
         \x20   *) shell= ;;\n\
         \x20 esac\n\
         \x20 if [ -n \"$shell\" ]; then\n\
         \x20   PROVENANCE_CHAINED_HOOK=$kept \"$shell\" -c '. \"$PROVENANCE_CHAINED_HOOK\"' \"$0\" \"$@\"\n\
         \x20 else\n\
         \x20   \"$kept\" \"$@\"\n\
         \x20 fi\n\
         }\n",
    );
    let check = if blocking {
        "status=$?; [ $status -eq 0 ] || exit $status\n"
    } else {
        "\n"
    };
    s.push_str(&format!(
        "run_kept \"$PROVENANCE_HOOK_DIR/{hook}.local\" \"$@\"; {check}"
    ));
    if global {
        // Under a global core.hooksPath git no longer runs the repository's own hook.
        s.push_str(&format!(
            "repo_hooks=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/hooks\n\
             if [ \"$repo_hooks\" != \"$PROVENANCE_HOOK_DIR\" ] && [ -x \"$repo_hooks/{hook}\" ]; then\n\
             \x20 if sed -n 2p \"$repo_hooks/{hook}\" | grep -q '^{MARKER}'; then\n\
             \x20   run_kept \"$repo_hooks/{hook}.local\" \"$@\"; {check}\
             \x20 else\n\
             \x20   run_kept \"$repo_hooks/{hook}\" \"$@\"; {check}\
             \x20 fi\n\
             fi\n"
        ));
    }
    if gate {
        let what = if hook == "pre-push" { "push" } else { "commit" };
        s.push_str(&format!(
            "echo \"provenance: {name} not found (installed as {}): the {hook} gates cannot run, \
             so this {what} is blocked.\" >&2\n\
             echo \"  fix: reinstall provenance (./install.sh), or remove its hooks (provenance uninstall); \
             bypass once: git {what} --no-verify\" >&2\n\
             exit 1\n",
            binary.display().to_string().replace(['"', '`', '$', '\\'], "_")
        ));
    } else {
        s.push_str(&format!(
            "echo \"provenance: {name} not found; {hook} did not tag this commit (reinstall: ./install.sh)\" >&2\n\
             exit 0\n"
        ));
    }
    s
}

/// Hooks installed as a symlink straight to their binary when nothing is chained: git then
/// starts one process instead of a shell and the binary. Only the tagging and notes hooks,
/// which fail open: if the binary goes, git skips the dangling link and the commit goes on
/// untagged, as the failure policy says (`doctor` reports it). The gates keep their script,
/// whose fallback blocks.
pub(crate) const LINKED: &[&str] = &[
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "post-rewrite",
];

/// The binary a hook installed as a symlink points at, when `path` is one of ours.
pub(crate) fn our_link(path: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(path).ok()?;
    let name = target.file_name()?.to_str()?;
    HOOKS
        .iter()
        .any(|(_, b)| *b == name && *b != "provenance")
        .then_some(target)
}

/// The first bytes of a file (enough for our marker lines), without reading a large file.
pub(crate) fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

/// A hook provenance installed at `path`: our script, or a symlink to our binary.
pub(crate) fn is_ours_at(path: &Path) -> bool {
    our_link(path).is_some() || read_head(path).is_some_and(|b| is_ours(&b))
}

pub(crate) fn is_ours(bytes: &[u8]) -> bool {
    bytes
        .split(|b| *b == b'\n')
        .nth(1)
        .is_some_and(|l| l.starts_with(MARKER.as_bytes()))
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_failure(path, e)),
        Ok(meta) if meta.is_dir() => Err(Error::usage(format!(
            "{} is a directory, not a hook file; move it away and rerun",
            path.display()
        ))),
        // A dangling symlink reads as missing content but is still a hook to keep.
        Ok(_) => Ok(Some(std::fs::read(path).unwrap_or_default())),
    }
}

fn prepare_dir(dir: &Path) -> Result<(), Error> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::usage(format!(
            "the hooks path {} is not a directory (check core.hooksPath)",
            dir.display()
        ))),
        Err(_) => std::fs::create_dir_all(dir).map_err(|e| {
            Error::internal(format!(
                "cannot create hooks directory {}: {e}",
                dir.display()
            ))
        }),
    }
}

fn aside(local: &Path) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    PathBuf::from(format!("{}.bak-{stamp}", local.display()))
}

fn io_failure(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, e)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| io_failure(path, e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), Error> {
    Ok(())
}

/// `value` as a literal in a `git config --unset` value pattern (a POSIX regex).
fn regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\.+*?()|[]{}^$/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Where the hook binaries live: beside the running `provenance`.
fn binary_dir() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::internal(format!("cannot find the provenance binary: {e}")))?;
    exe.parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::internal("cannot find the provenance binary's directory"))
}

/// `$XDG_CONFIG_HOME/provenance/hooks`.
fn global_hooks_dir() -> Result<PathBuf, Error> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .ok_or_else(|| Error::usage("neither XDG_CONFIG_HOME nor HOME is set"))?;
    Ok(base.join("provenance").join("hooks"))
}

/// The global core.hooksPath, if set.
pub(crate) fn global_hooks_path() -> Result<Option<PathBuf>, Error> {
    Ok(global_git(&["config", "--global", "--get", "core.hooksPath"])?.map(PathBuf::from))
}

/// Global config key holding the core.hooksPath that `install --global` replaced.
pub(crate) const PREVIOUS_KEY: &str = "provenance.previousHooksPath";

fn global_git(args: &[&str]) -> Result<Option<String>, Error> {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    match provenance_git::run_git(&home, args, None) {
        Ok(out) => Ok(Some(String::from_utf8_lossy(&out).trim_end().to_string())),
        // `git config --get` exits 1 for a missing key, `--unset` 5.
        Err(e) if matches!(e.exit_status(), Some(1 | 5)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Global config key recording that `install --global` created the global config file
/// (so uninstall removes it again once nothing else is in it).
const CREATED_FLAG: &str = "provenance.createdGlobalConfig";

/// The file `git config --global` writes: `$GIT_CONFIG_GLOBAL`, else `~/.gitconfig`, else the
/// XDG `git/config` when only that exists (git's own order).
fn global_config_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("GIT_CONFIG_GLOBAL").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(file));
    }
    let home = PathBuf::from(std::env::var_os("HOME")?);
    let dot = home.join(".gitconfig");
    if dot.exists() {
        return Some(dot);
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".config"))
        .join("git")
        .join("config");
    Some(if xdg.exists() { xdg } else { dot })
}

fn install_global(io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let created_config = global_config_file().is_some_and(|f| !f.exists());
    let dir = global_hooks_dir()?;
    prepare_dir(&dir)?;
    let bin_dir = binary_dir()?;
    for (hook, _) in HOOKS {
        check_installable(&dir, hook, false)?;
    }
    for (hook, binary) in HOOKS {
        install_hook(&dir, hook, &bin_dir.join(binary), false, true)?;
    }
    let dir_text = dir.to_string_lossy().into_owned();
    let current = global_git(&["config", "--global", "--get", "core.hooksPath"])?;
    if current.as_deref() != Some(dir_text.as_str()) {
        if let Some(previous) = &current {
            global_git(&["config", "--global", PREVIOUS_KEY, previous])?;
        }
        global_git(&["config", "--global", "core.hooksPath", &dir_text])?;
    }
    let values: Vec<String> = global_git(&["config", "--global", "--get-all", "notes.rewriteRef"])?
        .map(|v| v.lines().map(str::to_string).collect())
        .unwrap_or_default();
    if !rewrites_our_notes(&values) {
        global_git(&[
            "config",
            "--global",
            "--add",
            "notes.rewriteRef",
            REWRITE_REF,
        ])?;
        global_git(&["config", "--global", CONFIG_FLAG, "true"])?;
    }
    if created_config {
        global_git(&["config", "--global", CREATED_FLAG, "true"])?;
    }
    let git_version = global_git(&["--version"])?.unwrap_or_default();
    io.note(format!(
        "provenance: hooks installed machine-wide in {} (global core.hooksPath; {}); each \
         repository's own .git/hooks still run first. A repository with its own \
         core.hooksPath (husky, a committed hooks dir) does not run them: `provenance doctor` \
         there says so, `provenance install` there chains into it",
        dir.display(),
        git_version.trim()
    ));
    Ok(ExitCode::Ok)
}

fn uninstall_global(io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let dir = global_hooks_dir()?;
    for (hook, _) in HOOKS {
        uninstall_hook(&dir, hook)?;
    }
    // The directories install made, when nothing else is in them (a failed remove_dir means
    // they hold someone's files, which stay).
    if std::fs::remove_dir(&dir).is_ok() {
        if let Some(parent) = dir.parent() {
            let _ = std::fs::remove_dir(parent);
        }
    }
    let dir_text = dir.to_string_lossy().into_owned();
    let current = global_git(&["config", "--global", "--get", "core.hooksPath"])?;
    if current.as_deref() == Some(dir_text.as_str()) {
        match global_git(&["config", "--global", "--get", PREVIOUS_KEY])? {
            Some(previous) => {
                global_git(&["config", "--global", "core.hooksPath", &previous])?;
                global_git(&["config", "--global", "--unset", PREVIOUS_KEY])?;
            }
            None => {
                global_git(&["config", "--global", "--unset", "core.hooksPath"])?;
            }
        }
    }
    if global_git(&["config", "--global", "--get", CONFIG_FLAG])?.is_some() {
        let values = global_git(&["config", "--global", "--get-all", "notes.rewriteRef"])?
            .unwrap_or_default();
        let ours = if values.lines().any(|v| v == REWRITE_REF) {
            REWRITE_REF
        } else {
            NOTES_REF
        };
        global_git(&[
            "config",
            "--global",
            "--unset",
            "notes.rewriteRef",
            &format!("^{}$", regex_escape(ours)),
        ])?;
        global_git(&["config", "--global", "--unset", CONFIG_FLAG])?;
    }
    if global_git(&["config", "--global", "--get", CREATED_FLAG])?.is_some() {
        global_git(&["config", "--global", "--unset", CREATED_FLAG])?;
        // We created the file; when nothing but blank lines is left in it, it goes too.
        if let Some(file) = global_config_file() {
            if std::fs::read(&file).is_ok_and(|b| b.iter().all(u8::is_ascii_whitespace)) {
                std::fs::remove_file(&file).map_err(|e| io_failure(&file, e))?;
            }
        }
    }
    io.note("provenance: machine-wide hooks removed; previous core.hooksPath restored");
    Ok(ExitCode::Ok)
}
