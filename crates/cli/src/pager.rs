//! Paging long output the way git does: `GIT_PAGER`, then `core.pager`, then `PAGER`, then
//! `less`, started only when stdout is a terminal (or `--paginate` asks), with `LESS=FRX` so
//! a short output prints and returns at once (git's pager.c).

use std::process::{Child, ChildStdin, Command, Stdio};

/// A running pager: write the output into [`Pager::input`], then [`Pager::finish`].
pub(crate) struct Pager {
    child: Child,
    /// The pager's standard input.
    pub input: std::io::BufWriter<ChildStdin>,
}

/// The pager command git would run here, or `None` when it runs none (`cat` or empty, as in
/// git's `git_pager`).
pub(crate) fn command(core_pager: Option<String>) -> Option<String> {
    let chosen = std::env::var("GIT_PAGER")
        .ok()
        .or(core_pager)
        .or_else(|| std::env::var("PAGER").ok())
        .unwrap_or_else(|| "less".to_string());
    let trimmed = chosen.trim();
    if trimmed.is_empty() || trimmed == "cat" {
        None
    } else {
        Some(chosen)
    }
}

impl Pager {
    /// Start `cmd` through the shell with our stdout as its output; `None` when it cannot
    /// start (the output then goes to stdout unpaged, as git does).
    pub(crate) fn start(cmd: &str) -> Option<Pager> {
        let mut command = Command::new("sh");
        command.arg("-c").arg(cmd).stdin(Stdio::piped());
        // git's defaults for less and lv: quit when the output fits, raw colour codes, no
        // screen clearing.
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        if std::env::var_os("LV").is_none() {
            command.env("LV", "-c");
        }
        let mut child = command.spawn().ok()?;
        let input = std::io::BufWriter::new(child.stdin.take()?);
        Some(Pager { child, input })
    }

    /// Close the pager's input and wait until the user quits it, so the terminal is theirs
    /// again before we exit.
    pub(crate) fn finish(self) {
        let Pager { mut child, input } = self;
        drop(input.into_inner());
        let _ = child.wait();
    }
}
