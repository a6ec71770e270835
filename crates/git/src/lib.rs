//! The only crate that touches a repository.
//!
//! Reads go through `gix` (history walks, index, trees, notes); writes that git users
//! expect git itself to make (notes, config) shell out to the user's `git`, which is always
//! present when a hook runs.
//!
//! ```no_run
//! let repo = provenance_git::Repo::discover(std::path::Path::new("."))?;
//! for change in repo.staged_changes()? {
//!     println!("{} (+{} lines)", change.path, change.added_line_count());
//! }
//! # Ok::<(), provenance_git::GitError>(())
//! ```
#![deny(missing_docs)]

mod blame;
mod bloom;
mod command;
mod config;
mod error;
mod history;
mod log;
mod memory;
mod notes;
mod repo;
mod staged;

pub use blame::BlamedLine;
pub use bloom::{ChangedPathFilters, PathKey};
pub use command::{git_command, run_git};
pub use config::{
    canonical_key, command_line_config, parse_config_parameters, ConfigEnvError, ConfigOverride,
    GitConfig,
};
pub use error::{Cause, GitError};
pub use history::{changed_span, HistoryBlob, HistoryLines, HistoryOptions};
pub use log::{CommitInfo, Signature, WalkedCommit};
pub use notes::{remote_notes_ref, NOTES_REF};
pub use repo::Repo;
pub use staged::{added_ranges, FileChange, FileStatus, Staged};
