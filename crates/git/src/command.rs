use crate::GitError;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A `git` command run in `dir` (inherits the hook's environment, so `GIT_DIR`,
/// `GIT_INDEX_FILE` and worktree settings keep pointing where git pointed them).
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    cmd
}

/// Run `git args…` in `dir`, feeding `stdin` if given; returns stdout on success.
pub fn run_git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
    let mut cmd = git_command(dir);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let command = format!("git {}", args.join(" "));
    let mut child = cmd.spawn().map_err(|source| GitError::Spawn {
        command: command.clone(),
        source,
    })?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A command that exits without reading all of its stdin closes the pipe: its exit
        // status, below, says whether that was a failure.
        if let Err(source) = pipe.write_all(input) {
            if source.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(GitError::Spawn { command, source });
            }
        }
    }
    let out = child.wait_with_output().map_err(|source| GitError::Spawn {
        command: command.clone(),
        source,
    })?;
    if !out.status.success() {
        return Err(GitError::Command {
            command,
            status: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}
