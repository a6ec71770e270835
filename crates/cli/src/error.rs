//! The CLI's one error type, the one place that maps an error to an exit code, and the one
//! table that decides, per git hook, whether an error lets git go on (fail open) or stops it
//! (fail closed). DESIGN.md "Exit codes" and "Error policy" are this file's contract; the
//! table is pinned by a test below.

use provenance_attribution::{CheckpointError, SessionError};
use provenance_checks::{ConfigError, ExitCode};
use provenance_git::GitError;
use std::path::PathBuf;

/// Why a command stopped. Each variant keeps its typed cause; nothing downstream parses
/// error text to decide what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or environment: exit 2.
    #[error("{message}")]
    Usage {
        /// What was wrong and what was expected.
        message: String,
    },
    /// A config file that cannot be used (names file, line and key): exit 2.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The repository could not be opened or read, or `git` failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The session store could not be read or written.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// The checkpoint store could not be read or written: exit 3.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// A file could not be read or written: exit 3.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Provenance itself could not go on (a broken invariant, a resource it needs): exit 3.
    #[error("{message}")]
    Internal {
        /// What went wrong.
        message: String,
    },
    /// A finding or policy blocks the operation: exit 1. A decision, not a failure.
    #[error("{message}")]
    Blocked {
        /// Why, and how to allow it.
        message: String,
    },
    /// A hook that ran before ours (the user's own) failed: its exit status is the hook's.
    #[error("{hook}: {} exited with status {status}", path.display())]
    ChainedHook {
        /// The git hook name.
        hook: String,
        /// The hook that failed.
        path: PathBuf,
        /// Its exit status.
        status: i32,
    },
    /// The reader of our output went away: stop quietly, successfully (as `git log | head`).
    #[error("")]
    ClosedPipe,
}

/// What a hook does when its own work fails (DESIGN.md "Error policy").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookPolicy {
    /// Tagging and notes: warn on stderr, leave everything as it was, exit 0.
    FailOpen,
    /// Security gates: the gates are `degraded` and the operation is blocked (exit 1) unless
    /// `on_degraded = "warn"`; the message says why and how to bypass once.
    FailClosed,
}

/// Every hook provenance installs and its failure policy: the one table. A hook missing here
/// is not one of ours.
pub(crate) const HOOK_POLICY: &[(&str, HookPolicy)] = &[
    ("pre-commit", HookPolicy::FailClosed),
    ("prepare-commit-msg", HookPolicy::FailOpen),
    ("commit-msg", HookPolicy::FailOpen),
    ("post-commit", HookPolicy::FailOpen),
    ("post-merge", HookPolicy::FailOpen),
    ("post-rewrite", HookPolicy::FailOpen),
    ("pre-push", HookPolicy::FailClosed),
];

/// The failure policy of `hook`, `None` for a hook that is not ours.
pub(crate) fn hook_policy(hook: &str) -> Option<HookPolicy> {
    HOOK_POLICY
        .iter()
        .find(|(name, _)| *name == hook)
        .map(|(_, policy)| *policy)
}

/// What a hook does with an error from its own work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HookOutcome {
    /// Pass the error on as it is: a decision (blocked, the user's hook failed) or a usage
    /// error the user must fix before a gate can run.
    Propagate,
    /// Warn and exit 0: the commit goes on untouched.
    WarnAndContinue,
    /// The gates could not run: degraded, blocks unless `on_degraded = "warn"`.
    Degraded,
}

impl Error {
    /// Usage or environment error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }

    /// Internal error (exit 3).
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal {
            message: message.into(),
        }
    }

    /// Blocked by policy (exit 1).
    pub fn blocked(message: impl Into<String>) -> Self {
        Error::Blocked {
            message: message.into(),
        }
    }

    /// A file operation failed.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The exit code class (DESIGN.md "Exit codes"). The one mapping.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::ClosedPipe => ExitCode::Ok,
            Error::Blocked { .. } | Error::ChainedHook { .. } => ExitCode::Blocked,
            Error::Usage { .. } | Error::Config(_) => ExitCode::Usage,
            // A revision the user typed is a usage error; the repository itself (missing,
            // unreadable, git failing) is a repository error.
            Error::Git(GitError::BadRevision { .. }) => ExitCode::Usage,
            Error::Git(_) => ExitCode::Internal,
            Error::Session(e) => match e {
                SessionError::Agent(_)
                | SessionError::NoActiveSession
                | SessionError::EmptyPrompt => ExitCode::Usage,
                SessionError::Io { .. }
                | SessionError::Corrupt { .. }
                | SessionError::Locked { .. } => ExitCode::Internal,
            },
            Error::Io { .. } | Error::Internal { .. } | Error::Checkpoint(_) => ExitCode::Internal,
        }
    }

    /// The process exit status: the exit code, or a failed chained hook's own status.
    pub fn exit_status(&self) -> i32 {
        match self {
            Error::ChainedHook { status, .. } => *status,
            other => other.exit_code().code(),
        }
    }

    /// What `hook`, whose policy is `policy`, does with this error. The one decision.
    pub(crate) fn in_hook(&self, policy: HookPolicy) -> HookOutcome {
        match (policy, self.exit_code()) {
            // Decisions are never errors to swallow: a block blocks, a chained hook's
            // failure is the hook's status, in every hook.
            (_, ExitCode::Ok | ExitCode::Blocked) => HookOutcome::Propagate,
            (HookPolicy::FailOpen, _) => HookOutcome::WarnAndContinue,
            // A gate with a bad config cannot know what to check: the user fixes the config
            // (exit 2 names file, line and key) or bypasses once.
            (HookPolicy::FailClosed, ExitCode::Usage) => HookOutcome::Propagate,
            (HookPolicy::FailClosed, ExitCode::Internal) => HookOutcome::Degraded,
        }
    }
}

impl From<std::io::Error> for Error {
    /// An I/O error with no path is a write to stdout/stderr: a closed pipe ends quietly.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::ClosedPipe
        } else {
            Error::io("<output>", e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_a_repo() -> Error {
        Error::Git(GitError::NotARepository {
            path: PathBuf::from("/nowhere"),
            source: "no .git".into(),
        })
    }

    fn corrupt_session() -> Error {
        Error::Session(SessionError::Corrupt {
            path: PathBuf::from(".git/provenance/sessions/x.json"),
            line: 1,
            message: "expected value".into(),
        })
    }

    /// DESIGN.md "Exit codes", one row per kind of error.
    #[test]
    fn exit_codes_follow_the_design() {
        let cases: Vec<(Error, i32)> = vec![
            (Error::ClosedPipe, 0),
            (Error::blocked("secret"), 1),
            (Error::usage("bad flag"), 2),
            (
                Error::Config(ConfigError::Invalid {
                    path: ".provenance.toml".into(),
                    line: 3,
                    key: Some("gates.secrets".into()),
                    message: "expected block|warn|off".into(),
                }),
                2,
            ),
            (
                Error::Git(GitError::BadRevision {
                    spec: "nope".into(),
                    source: "not found".into(),
                }),
                2,
            ),
            (not_a_repo(), 3),
            (
                Error::Git(GitError::Command {
                    command: "git notes".into(),
                    status: Some(128),
                    stderr: "fatal".into(),
                }),
                3,
            ),
            (corrupt_session(), 3),
            (Error::Session(SessionError::NoActiveSession), 2),
            (Error::io("x", std::io::Error::other("disk full")), 3),
            (Error::internal("bug"), 3),
            (
                Error::ChainedHook {
                    hook: "pre-commit".into(),
                    path: "pre-commit.local".into(),
                    status: 42,
                },
                42,
            ),
        ];
        for (error, status) in cases {
            assert_eq!(error.exit_status(), status, "{error:?}");
        }
    }

    /// DESIGN.md "Error policy": tagging fails open, gates fail closed, decisions pass
    /// through everywhere.
    #[test]
    fn the_failure_policy_table() {
        use HookOutcome::*;
        let expected = [
            ("pre-commit", HookPolicy::FailClosed),
            ("pre-push", HookPolicy::FailClosed),
            ("prepare-commit-msg", HookPolicy::FailOpen),
            ("commit-msg", HookPolicy::FailOpen),
            ("post-commit", HookPolicy::FailOpen),
            ("post-merge", HookPolicy::FailOpen),
            ("post-rewrite", HookPolicy::FailOpen),
        ];
        assert_eq!(HOOK_POLICY.len(), expected.len());
        for (hook, policy) in expected {
            assert_eq!(hook_policy(hook), Some(policy), "{hook}");
        }
        assert_eq!(hook_policy("post-checkout"), None);

        let rows: Vec<(Error, HookOutcome, HookOutcome)> = vec![
            // error, in a fail-open hook, in a fail-closed hook
            (Error::blocked("AI Signed-off-by"), Propagate, Propagate),
            (
                Error::ChainedHook {
                    hook: "h".into(),
                    path: "h.local".into(),
                    status: 1,
                },
                Propagate,
                Propagate,
            ),
            (Error::usage("bad config"), WarnAndContinue, Propagate),
            (corrupt_session(), WarnAndContinue, Degraded),
            (not_a_repo(), WarnAndContinue, Degraded),
            (Error::internal("bug"), WarnAndContinue, Degraded),
            (Error::ClosedPipe, Propagate, Propagate),
        ];
        for (error, open, closed) in rows {
            assert_eq!(error.in_hook(HookPolicy::FailOpen), open, "{error:?}");
            assert_eq!(error.in_hook(HookPolicy::FailClosed), closed, "{error:?}");
        }
    }
}
