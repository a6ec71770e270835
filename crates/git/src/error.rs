use std::path::PathBuf;

/// Everything that can go wrong while reading or writing a repository.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at or above the directory.
    #[error("not a git repository (or any parent up to /): {path}: {message}")]
    NotARepository {
        /// Where discovery started.
        path: PathBuf,
        /// gix's reason.
        message: String,
    },
    /// Reading an object, ref, index or config failed.
    #[error("cannot read {what}: {message}")]
    Read {
        /// What was being read, e.g. `HEAD` or `the index`.
        what: String,
        /// The underlying reason.
        message: String,
    },
    /// A revision did not resolve.
    #[error("unknown revision `{spec}`: {message}")]
    BadRevision {
        /// The revision as given.
        spec: String,
        /// The underlying reason.
        message: String,
    },
    /// A `git` process failed.
    #[error("`{command}` failed ({status}): {stderr}")]
    Command {
        /// The command line.
        command: String,
        /// Exit status or spawn failure.
        status: String,
        /// What git printed on stderr, trimmed.
        stderr: String,
    },
}

impl GitError {
    pub(crate) fn read(what: impl Into<String>, err: impl std::fmt::Display) -> Self {
        GitError::Read {
            what: what.into(),
            message: err.to_string(),
        }
    }
}
