//! Scanner configuration (the `[secrets]` table of `.provenance.toml`) and its errors.
//!
//! [`Config`] is the one definition of `[secrets]`: policy code deserializes the table
//! straight into it (unknown keys are errors, missing keys take their defaults), so the
//! keys, their defaults and their docs cannot drift between the config file and the
//! scanner.

use provenance_findings::Severity;
use serde::{Deserialize, Serialize};

/// Default `max_file_bytes`: 1 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How the secrets gate scans: the `[secrets]` table. `Config::default()` is what an
/// empty or missing `[secrets]` means.
///
/// Keys: `allow_paths`, `max_file_bytes`, `skip_paths`, `[[secrets.rule]]` (see
/// [`CustomRule`]).
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

/// A team-specific rule (`[[secrets.rule]]`): `id` and `regex` are required, `keywords`,
/// `severity` (default `high`) and `description` optional.
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
    /// Severity of a hit (`critical`, `high`, `medium`, `low`, `info`; default `high`).
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// One sentence shown in findings.
    #[serde(default)]
    pub description: Option<String>,
}

/// A custom rule without `severity` blocks under the default policy.
fn default_severity() -> Severity {
    Severity::High
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Config, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn the_secrets_table_deserializes_with_defaults_and_rejects_unknown_keys() {
        assert_eq!(parse("{}").ok(), Some(Config::default()));
        let config = parse(
            r#"{
                "allow_paths": ["tests/fixtures/**"],
                "max_file_bytes": 2048,
                "skip_paths": ["generated/**"],
                "rule": [
                    {"id": "acme-api-key", "regex": "acme_[0-9a-f]{32}", "keywords": ["acme_"]},
                    {"id": "acme-id", "regex": "acmeid_[0-9]{8}", "severity": "low",
                     "description": "Acme ids"}
                ]
            }"#,
        )
        .expect("every key of [secrets]");
        assert_eq!(config.allow_paths, ["tests/fixtures/**"]);
        assert_eq!(config.max_file_bytes, 2048);
        assert_eq!(config.skip_paths, ["generated/**"]);
        assert_eq!(config.custom_rules.len(), 2);
        let first = &config.custom_rules[0];
        assert_eq!(
            (first.id.as_str(), first.severity, &first.keywords),
            ("acme-api-key", Severity::High, &vec!["acme_".to_string()])
        );
        assert_eq!(first.description, None);
        let second = &config.custom_rules[1];
        assert_eq!(second.severity, Severity::Low);
        assert_eq!(second.description.as_deref(), Some("Acme ids"));
        // a missing key keeps its default
        let partial = parse(r#"{"skip_paths": ["x/**"]}"#).expect("partial table");
        assert_eq!(partial.max_file_bytes, DEFAULT_MAX_FILE_BYTES);

        for bad in [
            r#"{"max_bytes": 1}"#,
            r#"{"custom_rules": []}"#,
            r#"{"rule": [{"id": "x", "regex": "y", "sevrity": "high"}]}"#,
            r#"{"rule": [{"id": "x"}]}"#,
            r#"{"rule": [{"id": "x", "regex": "y", "severity": "urgent"}]}"#,
            r#"{"max_file_bytes": -1}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_config_round_trips_through_serde() {
        let config = Config {
            allow_paths: vec!["docs/**".into()],
            custom_rules: vec![CustomRule {
                id: "acme".into(),
                regex: "acme_[a-z]{8}".into(),
                keywords: Vec::new(),
                severity: Severity::Critical,
                description: None,
            }],
            ..Config::default()
        };
        let json = serde_json::to_string(&config).expect("serializes");
        assert!(json.contains("\"rule\""), "{json}");
        assert_eq!(parse(&json).ok(), Some(config));
    }
}
