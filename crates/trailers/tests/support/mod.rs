//! Running the real `git interpret-trailers`, hermetically and in batches.
//!
//! Batching: `git interpret-trailers --in-place f1 f2 …` rewrites every file
//! in one process, so hundreds of messages cost one spawn.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use provenance_trailers::{Config, Trailer};

/// What git is asked to do with each message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--parse`
    Parse,
    /// `--where end --if-exists addIfDifferent --trailer k=v …`
    Add,
}

fn git(home: &Path) -> Command {
    let mut cmd = provenance_testkit::hermetic_command("git", home);
    cmd.current_dir(home);
    cmd
}

/// Run git once over all `messages` with one config and one set of new
/// trailers; returns git's output for each message, in order.
pub fn run_git(config: &Config, mode: Mode, new: &[Trailer], messages: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::with_capacity(messages.len());
    for (i, m) in messages.iter().enumerate() {
        let path = dir.path().join(format!("m{i}"));
        std::fs::write(&path, m).expect("write message");
        files.push(path);
    }
    let mut cmd = git(dir.path());
    cmd.arg("-c")
        .arg(format!("trailer.separators={}", config.separators));
    if let Some(c) = &config.comment {
        cmd.arg("-c").arg(format!("core.commentChar={c}"));
    }
    cmd.arg("interpret-trailers").arg("--in-place");
    if config.no_divider {
        cmd.arg("--no-divider");
    }
    match mode {
        Mode::Parse => {
            cmd.arg("--parse");
        }
        Mode::Add => {
            cmd.args(["--where", "end", "--if-exists", "addIfDifferent"]);
            for t in new {
                cmd.arg("--trailer").arg(format!("{}={}", t.key, t.value));
            }
        }
    }
    cmd.args(&files);
    let out = cmd.output().expect("run git interpret-trailers");
    assert!(
        out.status.success(),
        "git interpret-trailers failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("read back")).into_owned())
        .collect()
}
