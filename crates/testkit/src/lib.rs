//! Hermetic git repositories for provenance's tests (dev-only, never published).
//!
//! ```
//! use provenance_testkit::{agent_env, TestRepo};
//!
//! let repo = TestRepo::with_base();
//! repo.stage("a.txt", "a\n");
//! repo.git_env_ok(&[], &["commit", "-q", "-m", "add a"]);
//! assert_eq!(repo.message("HEAD"), "add a\n\n");
//! // Fixed identity and dates: the same operations give the same ids anywhere.
//! assert_eq!(repo.git(&["log", "-1", "--format=%an %ad", "--date=iso-strict"]).trim(),
//!            "Ann Dev 2026-01-15T10:00:00Z");
//! // The variables an agent sets, derived from provenance's agent table.
//! assert!(agent_env("claude-code").iter().any(|(k, _)| k == "CLAUDECODE"));
//! ```
//!
//! Every command starts from an empty environment ([`hermetic_command`]): only
//! [`INHERITED`] comes from the process running the tests, `HOME` is in the temp dir,
//! identity and dates are [`FIXED`], and per-test variables are added on top
//! ([`TestRepo::env`], [`TestRepo::with_agent`], [`TestRepo::git_env`]).
//!
//! The `provenance` binaries are found in the directory given to
//! [`TestRepo::with_bin_dir`]; a test binary that has them passes the directory of its
//! `env!("CARGO_BIN_EXE_provenance")`.

#![deny(missing_docs)]

pub mod env;
mod repo;

pub use env::{
    agent_env, agent_prefixes, agent_variables, hermetic_command, is_agent_variable, AGENT_SESSION,
    DATE, EMAIL, FIXED, INHERITED, NAME,
};
pub use repo::{ok, sha, stderr, text, trailer_values, write_script, TestRepo, TestRepoView};
