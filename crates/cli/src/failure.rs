use provenance_checks::{ConfigError, ExitCode};
use provenance_git::GitError;
use std::fmt;

/// Why a command stopped: the exit code and a message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Exit code (1 blocked, 2 usage/config, 3 internal/repository).
    pub code: ExitCode,
    /// One or more lines for stderr.
    pub message: String,
    /// An exact exit status to use instead of `code` (a chained hook's own status).
    pub raw: Option<i32>,
}

impl Failure {
    /// Usage or config error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: ExitCode::Usage,
            message: message.into(),
            raw: None,
        }
    }

    /// Internal or repository error (exit 3).
    pub fn internal(message: impl Into<String>) -> Self {
        Failure {
            code: ExitCode::Internal,
            message: message.into(),
            raw: None,
        }
    }

    /// Blocked by policy (exit 1).
    pub fn blocked(message: impl Into<String>) -> Self {
        Failure {
            code: ExitCode::Blocked,
            message: message.into(),
            raw: None,
        }
    }

    /// The reader of our output went away: stop without a message, successfully.
    pub fn closed_pipe() -> Self {
        Failure {
            code: ExitCode::Ok,
            message: String::new(),
            raw: None,
        }
    }

    /// Exit with exactly `status` (kept for a chained hook's failure).
    pub fn with_raw(mut self, status: i32) -> Self {
        self.raw = Some(status);
        self
    }

    /// The process exit status.
    pub fn exit_status(&self) -> i32 {
        self.raw.unwrap_or(self.code.code())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<GitError> for Failure {
    fn from(e: GitError) -> Self {
        match e {
            GitError::NotARepository { .. } => Failure::usage(e.to_string()),
            GitError::BadRevision { .. } => Failure::usage(e.to_string()),
            _ => Failure::internal(e.to_string()),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::usage(e.to_string())
    }
}

impl From<provenance_attribution::SessionError> for Failure {
    fn from(e: provenance_attribution::SessionError) -> Self {
        use provenance_attribution::SessionError as E;
        match e {
            E::Io { .. } | E::Locked { .. } => Failure::internal(e.to_string()),
            _ => Failure::usage(e.to_string()),
        }
    }
}
