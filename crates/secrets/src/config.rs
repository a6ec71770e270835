//! Scanner configuration (the `[secrets]` table of `.provenance.toml`) and its errors.

use provenance_findings::Severity;
use serde::{Deserialize, Serialize};

/// Default `max_file_bytes`: 1 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How the secrets gate scans. `Config::default()` is what an empty `[secrets]` means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Globs (gitignore-like `**` syntax) of paths never reported, e.g. `tests/fixtures/**`.
    pub allow_paths: Vec<String>,
    /// Files larger than this are skipped and reported as [`crate::Skip::TooLarge`].
    pub max_file_bytes: u64,
    /// Team-specific rules, run by the same engine as the built-ins.
    #[serde(rename = "rule")]
    pub custom_rules: Vec<CustomRule>,
    /// Extra globs of vendored or generated paths to skip, on top of the built-in list
    /// (`vendor/**`, `node_modules/**`, `*.min.js`, lockfiles, …).
    pub skip_paths: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            allow_paths: Vec::new(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            custom_rules: Vec::new(),
            skip_paths: Vec::new(),
        }
    }
}

/// A team-specific rule (`[[secrets.rule]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Rule id shown in findings; must not clash with a built-in id.
    pub id: String,
    /// Regex; a capture group named `s` marks the secret, else the whole match is.
    pub regex: String,
    /// Prefilter keywords (case-insensitive). Empty: the regex runs on every line.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Severity of a hit.
    pub severity: Severity,
    /// One sentence shown in findings.
    #[serde(default)]
    pub description: Option<String>,
}

/// A rule or glob in the configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A rule's regex does not compile.
    #[error("secrets rule `{id}`: invalid regex: {message}")]
    InvalidRegex {
        /// The rule id.
        id: String,
        /// What the regex engine said.
        message: String,
    },
    /// A custom rule reuses an id (built-in or custom).
    #[error("secrets rule `{id}`: id already used by another rule")]
    DuplicateId {
        /// The rule id.
        id: String,
    },
    /// A custom rule has an empty id or regex.
    #[error("secrets rule `{id}`: {what} must not be empty")]
    Empty {
        /// The rule id (may be empty).
        id: String,
        /// `id` or `regex`.
        what: &'static str,
    },
    /// An `allow_paths` / `skip_paths` glob does not parse.
    #[error("secrets {key}: invalid glob `{glob}`: {message}")]
    InvalidGlob {
        /// `allow_paths` or `skip_paths`.
        key: &'static str,
        /// The glob.
        glob: String,
        /// What the glob parser said.
        message: String,
    },
}
