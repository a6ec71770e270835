use std::path::PathBuf;

/// The underlying cause of a [`GitError`]: gix's own typed error, an I/O error, or a short
/// description when the failure is ours (e.g. "HEAD does not point at a commit").
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while reading or writing a repository. Causes are kept as
/// sources (never flattened to strings) and a failed `git` keeps its exit status as a number,
/// so callers decide on types, not on message text.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at or above the directory.
    #[error("not a git repository (or any parent up to /): {path}: {source}")]
    NotARepository {
        /// Where discovery started.
        path: PathBuf,
        /// gix's reason.
        #[source]
        source: Cause,
    },
    /// Reading an object, ref, index or config failed.
    #[error("cannot read {what}: {source}")]
    Read {
        /// What was being read, e.g. `HEAD` or `the index`.
        what: String,
        /// The underlying reason.
        #[source]
        source: Cause,
    },
    /// A revision did not resolve.
    #[error("unknown revision `{spec}`: {source}")]
    BadRevision {
        /// The revision as given.
        spec: String,
        /// The underlying reason.
        #[source]
        source: Cause,
    },
    /// A `git` process could not be started, fed or waited for.
    #[error("cannot run `{command}`: {source}")]
    Spawn {
        /// The command line.
        command: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A `git` process ran and failed.
    #[error("`{command}` failed ({}): {stderr}", status_text(*.status))]
    Command {
        /// The command line.
        command: String,
        /// Its exit status; `None` when a signal ended it.
        status: Option<i32>,
        /// What git printed on stderr, trimmed.
        stderr: String,
    },
}

fn status_text(status: Option<i32>) -> String {
    match status {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".to_string(),
    }
}

impl GitError {
    pub(crate) fn read(what: impl Into<String>, cause: impl Into<Cause>) -> Self {
        GitError::Read {
            what: what.into(),
            source: cause.into(),
        }
    }

    pub(crate) fn bad_revision(spec: impl Into<String>, cause: impl Into<Cause>) -> Self {
        GitError::BadRevision {
            spec: spec.into(),
            source: cause.into(),
        }
    }

    /// The exit status of a `git` command that ran and failed, if that is what this is.
    /// `git config --get` exits 1 for a missing key and 5 for `--unset` of one: callers
    /// match on these numbers.
    pub fn exit_status(&self) -> Option<i32> {
        match self {
            GitError::Command { status, .. } => *status,
            _ => None,
        }
    }
}
