//! Who helped write a commit: AI agent detection (environment, explicit sessions, vendor
//! lines in the message), model-name normalization, the session store, the git-notes
//! document and the provenance trailers.
//!
//! No git, no printing: callers pass in environment, message trailers and directories,
//! and persist what comes back.
//!
//! ```
//! use provenance_attribution::{detect_env, detect_message, trailer_lines, SessionStore};
//!
//! // Claude Code is running, and an explicit session recorded the prompt.
//! let env = |k: &str| (k == "CLAUDECODE").then(|| "1".to_string());
//! assert_eq!(detect_env(&env).unwrap().agent, "claude-code");
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SessionStore::new(dir.path().join("provenance"));
//! let now = chrono::Utc::now();
//! let s = store.start("claude", Some("Claude Opus 4.6"), Some("add parser"), now).unwrap();
//! let prompts = store.prompts_since_last_commit(None).unwrap();
//! let trailers = trailer_lines(&s.detected(), &prompts, "Assisted-by");
//! assert_eq!(trailers[0].1, "claude-code:claude-opus-4-6");
//! assert!(trailers[1].1.starts_with("sha256:"));
//!
//! // Vendor lines already in a message are recognised, humans are not.
//! let t = vec![("Co-authored-by".to_string(), "aider (gpt-4o) <aider@aider.chat>".to_string())];
//! assert_eq!(detect_message(&t, "")[0].model.as_deref(), Some("gpt-4o"));
//! ```
#![deny(missing_docs)]

pub mod agents;
pub mod atomic;
pub mod attribute;
pub mod checkpoint;
pub mod env;
pub mod hook;
pub mod import;
pub mod lines;
pub mod message;
pub mod model;
pub mod note;
pub mod session;
pub mod trace;

#[cfg(test)]
mod props;

pub use agents::{agent, agents, resolve_agent, AgentInfo, AgentNameError};
pub use atomic::{create_private_dir, write_atomic, write_private};
pub use checkpoint::{CheckpointError, CheckpointStore, TrackedFile};
pub use chrono;
pub use env::{detect_env, detect_env_vars, merge_detections, Detected, Source};
pub use lines::{attribute_file, attribute_lines, FileAttribution};
pub use message::{
    detect_message, detected_from_message, identity_agent, is_ai_identity, vendor_plan, MarkerKind,
    UnknownVendorPolicy, VendorMarker, VendorPlan, VendorPolicy,
};
pub use model::{normalize_model, normalize_model_opt};
pub use note::{
    agent_label, trailer_lines, Contributor, FileRanges, GateRecord, LineCounts, Note, NoteError,
    NotePrompt, Origin, MAX_PROMPT_TRAILERS, NOTE_VERSION,
};
pub use session::{Prompt, Session, SessionError, SessionStore};
