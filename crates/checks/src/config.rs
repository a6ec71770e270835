use crate::GateMode;
use provenance_findings::Severity;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The committed per-repository config file name.
pub const CONFIG_FILE: &str = ".provenance.toml";

/// A config file that cannot be used. Every variant names the file, and the line and key
/// when known, plus what was expected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("{path}: cannot read: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// Syntax error, unknown key or wrong type.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// The key path when known, e.g. `gates.secrets`.
        key: Option<String>,
        /// What was wrong and what was expected.
        message: String,
    },
}

/// The whole `.provenance.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Per-gate modes.
    pub gates: GatesConfig,
    /// Severity policy.
    pub severity: SeverityConfig,
    /// Coverage gate.
    pub coverage: CoverageConfig,
    /// Review policy for protected branches.
    pub review: ReviewConfig,
    /// SAST gate.
    pub sast: SastConfig,
    /// Secrets gate.
    pub secrets: SecretsConfig,
    /// Imports gate.
    pub imports: ImportsConfig,
    /// Trailers and vendor markers.
    pub attribution: AttributionConfig,
    /// What a gate that could not run does: `warn` (default) or `block`.
    pub on_degraded: OnDegraded,
}

/// `[gates]`: `"block" | "warn" | "off"` per gate.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GatesConfig {
    /// Secret detection.
    pub secrets: GateMode,
    /// Hallucinated imports and symbols.
    pub imports: GateMode,
    /// Static analysis.
    pub sast: GateMode,
    /// Dependency vulnerabilities.
    pub sca: GateMode,
    /// Coverage of AI lines.
    pub coverage: GateMode,
    /// Review of AI commits on protected branches.
    pub review: GateMode,
}

impl GatesConfig {
    /// The mode of a gate by name (unknown gates block).
    pub fn mode(&self, gate: &str) -> GateMode {
        match gate {
            "secrets" => self.secrets,
            "imports" => self.imports,
            "sast" => self.sast,
            "sca" => self.sca,
            "coverage" => self.coverage,
            "review" => self.review,
            _ => GateMode::Block,
        }
    }
}

/// `[severity]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SeverityConfig {
    /// Findings at or above this severity block (default `high`).
    pub block_at: Severity,
}

impl Default for SeverityConfig {
    fn default() -> Self {
        SeverityConfig {
            block_at: Severity::High,
        }
    }
}

/// `[coverage]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageConfig {
    /// Minimum percentage.
    pub min: f64,
    /// Report path.
    pub report: String,
    /// What the percentage is over.
    pub scope: CoverageScope,
}

impl Default for CoverageConfig {
    fn default() -> Self {
        CoverageConfig {
            min: 80.0,
            report: "coverage/lcov.info".into(),
            scope: CoverageScope::AiLines,
        }
    }
}

/// `coverage.scope`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageScope {
    /// Only lines an AI wrote.
    #[default]
    AiLines,
    /// All changed lines.
    ChangedLines,
    /// The whole report.
    Total,
}

/// `[review]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// Branch globs AI-assisted commits reach only with `Reviewed-by`.
    pub protected: Vec<String>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            protected: vec!["main".into(), "master".into(), "release/*".into()],
        }
    }
}

/// `[sast]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SastConfig {
    /// External tools run when installed.
    pub external: Vec<String>,
}

impl Default for SastConfig {
    fn default() -> Self {
        SastConfig {
            external: vec!["semgrep".into(), "bandit".into(), "gosec".into()],
        }
    }
}

/// `[secrets]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SecretsConfig {
    /// Globs of paths never scanned for secrets.
    pub allow_paths: Vec<String>,
    /// Files larger than this are skipped (and reported as skipped).
    pub max_file_bytes: u64,
    /// Extra globs of generated or vendored paths to skip.
    pub skip_paths: Vec<String>,
    /// Team-specific rules.
    pub rule: Vec<SecretRuleConfig>,
}

impl Default for SecretsConfig {
    fn default() -> Self {
        SecretsConfig {
            allow_paths: Vec::new(),
            max_file_bytes: 1_048_576,
            skip_paths: Vec::new(),
            rule: Vec::new(),
        }
    }
}

/// `[[secrets.rule]]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SecretRuleConfig {
    /// Rule id.
    pub id: String,
    /// The regex (first capture group, if any, is the secret value).
    pub regex: String,
    /// Keywords for the prefilter.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Severity (default high).
    #[serde(default = "high")]
    pub severity: Severity,
    /// What the rule finds.
    #[serde(default)]
    pub description: Option<String>,
}

fn high() -> Severity {
    Severity::High
}

/// `[imports]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ImportsConfig {
    /// Import names always accepted (e.g. packages provided by the runtime).
    pub allow: Vec<String>,
    /// Directory names whose Python/JS files are example or maintainer code, not the
    /// shipped package: an import nothing declares there is reported as info. Unset = the
    /// built-in list (`examples`, `docs`, `demo`, `benchmarks`, `scripts`, `tools`, …).
    pub example_dirs: Option<Vec<String>>,
}

/// `[attribution]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AttributionConfig {
    /// The trailer key written for the agent: `Assisted-by` (default) or `Generated-by`.
    pub trailer_key: TrailerKey,
    /// Also add a `Co-authored-by` line for the agent.
    pub co_authored_by: bool,
    /// What to do with vendor lines agents add themselves (`Co-Authored-By: Claude …`).
    pub vendor_trailers: VendorTrailers,
}

/// `attribution.trailer_key`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
pub enum TrailerKey {
    /// `Assisted-by` (Linux kernel, Fedora, LLVM).
    #[default]
    #[serde(rename = "Assisted-by")]
    AssistedBy,
    /// `Generated-by` (ASF, OpenStack).
    #[serde(rename = "Generated-by")]
    GeneratedBy,
}

impl TrailerKey {
    /// The key as written.
    pub fn as_str(self) -> &'static str {
        match self {
            TrailerKey::AssistedBy => "Assisted-by",
            TrailerKey::GeneratedBy => "Generated-by",
        }
    }
}

/// `attribution.vendor_trailers`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum VendorTrailers {
    /// Leave them.
    #[default]
    Keep,
    /// Replace them with our trailers.
    Convert,
    /// Remove them.
    Strip,
}

/// `on_degraded`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum OnDegraded {
    /// Report and allow.
    #[default]
    Warn,
    /// Block like a finding would.
    Block,
}

impl Config {
    /// Parse config text; `path` is only used in error messages.
    pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        // Syntax first, so a syntax error is not reported as a schema error.
        let _: toml::Table = toml::from_str(text).map_err(|e| invalid(path, text, &e, None))?;
        Self::from_valid_toml(path, text)
    }

    fn from_valid_toml(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let key = e.span().and_then(|span| key_at(text, span.start));
            invalid(path, text, &e, key)
        })?;
        config.validate(path, text)?;
        Ok(config)
    }

    /// Load the user config (`$XDG_CONFIG_HOME/provenance/config.toml`) and then the
    /// repository's `.provenance.toml`, the repository's values winning key by key.
    pub fn load(repo_root: Option<&Path>, explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let mut files: Vec<PathBuf> = Vec::new();
        if let Some(user) = user_config_path() {
            if user.is_file() {
                files.push(user);
            }
        }
        match explicit {
            Some(p) => files.push(p.to_path_buf()),
            None => {
                if let Some(root) = repo_root {
                    let p = root.join(CONFIG_FILE);
                    if p.is_file() {
                        files.push(p);
                    }
                }
            }
        }
        let mut merged = toml::Table::new();
        for file in &files {
            let text = std::fs::read_to_string(file).map_err(|e| ConfigError::Read {
                path: file.clone(),
                message: e.to_string(),
            })?;
            // Validate each file on its own so errors name the right file and line.
            let table: toml::Table =
                toml::from_str(&text).map_err(|e| invalid(file, &text, &e, None))?;
            Self::from_valid_toml(file, &text)?;
            merge(&mut merged, table);
        }
        let text = toml::to_string(&merged).unwrap_or_default();
        Self::parse("(merged config)", &text)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let err = |key: &str, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: line_of_key(text, key),
            key: Some(key.to_string()),
            message,
        };
        if !(0.0..=100.0).contains(&self.coverage.min) {
            return Err(err(
                "min",
                format!(
                    "coverage.min = {} is out of range: expected a percentage from 0 to 100",
                    self.coverage.min
                ),
            ));
        }
        for glob in self
            .secrets
            .allow_paths
            .iter()
            .chain(&self.secrets.skip_paths)
            .chain(&self.review.protected)
        {
            if let Err(e) = globset::Glob::new(glob) {
                return Err(err(glob, format!("invalid glob `{glob}`: {e}")));
            }
        }
        for rule in &self.secrets.rule {
            if rule.id.trim().is_empty() {
                return Err(err("id", "secrets.rule.id must not be empty".into()));
            }
        }
        Ok(())
    }
}

/// `$XDG_CONFIG_HOME/provenance/config.toml` or `~/.config/provenance/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("provenance").join("config.toml"))
}

fn merge(into: &mut toml::Table, from: toml::Table) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

fn invalid(path: &Path, text: &str, e: &toml::de::Error, key: Option<String>) -> ConfigError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
        .unwrap_or(0);
    let mut message = e.message().trim().to_string();
    if let Some(k) = &key {
        message = format!("key `{k}`: {message}");
    }
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        key,
        message,
    }
}

/// The dotted key at byte `offset` of `text`: the `name` of its `name = value` line,
/// prefixed with the nearest `[section]` above it (`gates.imports`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?.trim_start();
    if line.starts_with('[') || !line.contains('=') {
        return None;
    }
    let name = line.split('=').next()?.trim().trim_matches(['"', '\'']);
    if name.is_empty() {
        return None;
    }
    let section = text[..line_start].lines().rev().find_map(|l| {
        let t = l.trim();
        t.starts_with('[')
            .then(|| t.trim_matches(['[', ']']).trim().to_string())
    });
    Some(match section {
        Some(s) if !s.is_empty() => format!("{s}.{name}"),
        _ => name.to_string(),
    })
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.contains(key))
        .map(|i| i + 1)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_design() {
        let c = Config::default();
        assert_eq!(c.severity.block_at, Severity::High);
        assert_eq!(c.coverage.min, 80.0);
        assert_eq!(c.secrets.max_file_bytes, 1_048_576);
        assert_eq!(c.attribution.trailer_key.as_str(), "Assisted-by");
    }

    #[test]
    fn design_example_parses() {
        let text = r#"
[gates]
secrets = "block"
imports = "block"
sast = "block"
sca = "block"
coverage = "block"

[severity]
block_at = "high"

[coverage]
min = 80.0
report = "coverage/lcov.info"
scope = "ai-lines"

[review]
protected = ["main", "master", "release/*"]

[sast]
external = ["semgrep", "bandit", "gosec"]

[secrets]
allow_paths = ["tests/fixtures/**"]
max_file_bytes = 1048576

[[secrets.rule]]
id = "acme-api-key"
regex = 'acme_[0-9a-f]{32}'
keywords = ["acme_"]
severity = "high"
"#;
        let c = Config::parse(".provenance.toml", text).unwrap();
        assert_eq!(c.secrets.rule.len(), 1);
        assert_eq!(c.coverage.scope, CoverageScope::AiLines);
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = Config::parse(
            ".provenance.toml",
            "[gates]\nsecrets = \"block\"\nsecret = \"warn\"\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(".provenance.toml:3:"), "{text}");
        assert!(text.contains("secret"), "{text}");
    }

    #[test]
    fn bad_value_says_what_was_expected() {
        let err = Config::parse("c.toml", "[gates]\nsecrets = \"maybe\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("c.toml:2:"), "{text}");
        assert!(text.contains("block"), "{text}");
        let err = Config::parse("c.toml", "[severity]\nblock_at = \"severe\"\n").unwrap_err();
        assert!(err.to_string().contains("c.toml:2:"), "{err}");
        let err = Config::parse("c.toml", "[coverage]\nmin = 180.0\n").unwrap_err();
        assert!(err.to_string().contains("c.toml:2:"), "{err}");
    }

    #[test]
    fn bad_value_names_the_dotted_key() {
        let err = Config::parse(
            "c.toml",
            "[gates]\nsecrets = \"block\"\nimports = \"blok\"\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("c.toml:3:"), "{text}");
        assert!(text.contains("key `gates.imports`"), "{text}");
        assert!(
            matches!(err, ConfigError::Invalid { key: Some(ref k), .. } if k == "gates.imports")
        );
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = Config::parse("c.toml", "[gates\n").unwrap_err();
        assert!(err.to_string().starts_with("c.toml:1:"), "{err}");
    }
}
