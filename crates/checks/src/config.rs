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
    /// Review policy for AI-assisted commits on protected branches.
    pub review: crate::ReviewConfig,
    /// External analyzers for the SAST gate.
    pub sast: SastConfig,
    /// SCA gate: the offline advisory database and accepted vulnerabilities.
    pub sca: ScaConfig,
    /// Coverage gate; it runs only when the `[coverage]` table is present (a repository
    /// with no coverage report would otherwise be blocked on every push).
    pub coverage: Option<CoverageConfig>,
    /// Secrets gate: the scanner's own config type, so `[secrets]` is defined once.
    pub secrets: provenance_secrets::Config,
    /// Imports gate.
    pub imports: ImportsConfig,
    /// Trailers and vendor markers.
    pub attribution: AttributionConfig,
    /// What a gate that could not run does: `block` (default) or `warn`.
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
    /// Built-in static analysis.
    pub sast: GateMode,
    /// Known vulnerabilities in the dependencies a change adds or bumps.
    pub sca: GateMode,
    /// Review of AI-assisted commits pushed to protected branches.
    pub review: GateMode,
    /// Coverage of the lines a push adds (needs `[coverage]`).
    pub coverage: GateMode,
}

impl GatesConfig {
    /// The mode of a gate by name (unknown gates block).
    pub fn mode(&self, gate: &str) -> GateMode {
        match gate {
            "secrets" => self.secrets,
            "imports" => self.imports,
            "sast" => self.sast,
            "sca" => self.sca,
            "review" => self.review,
            "coverage" => self.coverage,
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

/// `[sast]`: external analyzers, run at pre-push (and `verify`) on the pushed files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SastConfig {
    /// Tools to run: `semgrep` (or `opengrep`), `bandit`, `ruff`, `gosec`, `clippy`. A listed
    /// tool that is missing, fails or times out makes the gate `degraded`.
    pub external: Vec<String>,
    /// How long each tool may run, in seconds.
    pub timeout_secs: u64,
    /// Test, example, docs and tooling paths (globs; replaces the built-in list, see
    /// `provenance_sast::DEFAULT_TEST_PATHS`; `[]` treats every file as shipped code).
    pub test_paths: Option<Vec<String>>,
    /// The highest severity a built-in finding in a test path is reported at: `medium`
    /// (default, so it is shown but does not block), `low`, `info`, or `keep`.
    pub test_severity: TestSeverity,
}

impl Default for SastConfig {
    fn default() -> Self {
        SastConfig {
            external: Vec::new(),
            timeout_secs: 120,
            test_paths: None,
            test_severity: TestSeverity::Medium,
        }
    }
}

/// `[sast] test_severity`: the cap for findings in test and tooling paths.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TestSeverity {
    /// Keep each rule's own severity.
    Keep,
    /// At most info.
    Info,
    /// At most low.
    Low,
    /// At most medium (the default).
    #[default]
    Medium,
    /// At most high.
    High,
}

impl TestSeverity {
    /// The cap, or `None` for `keep`.
    pub fn cap(self) -> Option<Severity> {
        match self {
            TestSeverity::Keep => None,
            TestSeverity::Info => Some(Severity::Info),
            TestSeverity::Low => Some(Severity::Low),
            TestSeverity::Medium => Some(Severity::Medium),
            TestSeverity::High => Some(Severity::High),
        }
    }
}

/// The external analyzers `[sast] external` may name.
pub const EXTERNAL_ANALYZERS: &[&str] = &[
    "semgrep",
    "opengrep",
    "bandit",
    "ruff",
    "gosec",
    "clippy",
    "cargo-clippy",
];

/// `[sca]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ScaConfig {
    /// The advisory database directory (`provenance sca update --from …` writes it);
    /// default `$XDG_DATA_HOME/provenance/osv` (`~/.local/share/provenance/osv`).
    pub db: Option<String>,
    /// A database whose newest record is older than this many days makes the gate
    /// `degraded`.
    pub max_age_days: u32,
    /// Accepted vulnerabilities, each until a date.
    pub ignore: Vec<ScaIgnore>,
}

impl Default for ScaConfig {
    fn default() -> Self {
        ScaConfig {
            db: None,
            max_age_days: 7,
            ignore: Vec::new(),
        }
    }
}

/// One `[[sca.ignore]]` entry (or `ignore = [{ id = …, until = …, reason = … }]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScaIgnore {
    /// The advisory id or an alias (`GHSA-…`, `CVE-…`).
    pub id: String,
    /// Last day the acceptance holds, `YYYY-MM-DD`; after it the vulnerability blocks again.
    pub until: Option<String>,
    /// Why it is accepted.
    #[serde(default)]
    pub reason: String,
}

/// `YYYY-MM-DD` with a real month and day.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// `[coverage]`: the share of a push's lines that the tests ran.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageConfig {
    /// Minimum percentage (0–100) of the lines in scope that ran.
    pub min: f64,
    /// The report, relative to the repository root: lcov, Cobertura XML, llvm-cov JSON or
    /// coverage.py JSON (detected from the content).
    pub report: String,
    /// Which lines count.
    pub scope: CoverageScope,
    /// A command run (with `sh -c`, in the repository root) to produce the report first.
    pub command: Option<String>,
    /// How long `command` may run, in seconds.
    pub timeout_secs: u64,
}

impl Default for CoverageConfig {
    fn default() -> Self {
        CoverageConfig {
            min: 80.0,
            report: "coverage/lcov.info".into(),
            scope: CoverageScope::AiLines,
            command: None,
            timeout_secs: 600,
        }
    }
}

/// `coverage.scope`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageScope {
    /// Lines the pushed AI-assisted commits wrote (their notes' `ai`/`edited` ranges when
    /// recorded, else every line those commits added).
    #[default]
    AiLines,
    /// Every line the push adds.
    ChangedLines,
    /// The whole report.
    Total,
}

/// `[imports]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ImportsConfig {
    /// Import names always accepted (e.g. packages provided by the runtime).
    pub allow: Vec<String>,
    /// Directory names whose Python/JS files are example or maintainer code, not the
    /// shipped package: an import nothing declares there is reported as info. Unset = the
    /// built-in list (`examples`, `docs`, `demo`, `benchmarks`, `scripts`, `tools`, …).
    pub example_dirs: Option<Vec<String>>,
    /// Package names served by a private index, as globs (`@acme/*`, `acme-*`): declared
    /// dependencies matching one are not looked up in the registry name index.
    pub private: Vec<String>,
    /// A declared package that first appeared fewer than this many days before the check,
    /// and is not among the popular ones, is reported (medium). Applies only where the
    /// registry index has first-release dates (the built-in snapshots have none).
    pub min_age_days: u32,
}

impl Default for ImportsConfig {
    fn default() -> Self {
        ImportsConfig {
            allow: Vec::new(),
            example_dirs: None,
            private: Vec::new(),
            min_age_days: 30,
        }
    }
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
    /// Globs of files left out of line counts (`AI-Lines`, note ranges, `stats`). Unset =
    /// [`DEFAULT_ATTRIBUTION_EXCLUDE`]: lockfiles, minified and vendored files. Files
    /// `.gitattributes` marks `linguist-generated` or `linguist-vendored` are always out.
    pub exclude: Option<Vec<String>>,
}

/// Files left out of line counts by default: lockfiles, minified bundles, vendored trees.
pub const DEFAULT_ATTRIBUTION_EXCLUDE: &[&str] = &[
    "**/Cargo.lock",
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/bun.lockb",
    "**/bun.lock",
    "**/poetry.lock",
    "**/uv.lock",
    "**/Pipfile.lock",
    "**/pdm.lock",
    "**/composer.lock",
    "**/Gemfile.lock",
    "**/go.sum",
    "**/flake.lock",
    "**/packages.lock.json",
    "**/*.min.js",
    "**/*.min.css",
    "**/*.map",
    "vendor/**",
    "**/node_modules/**",
    "third_party/**",
];

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
    /// Block like a finding would: a gate that could not run is never a pass.
    #[default]
    Block,
    /// Report and allow.
    Warn,
}

/// Keys of gates and policies this version does not have yet. They are refused, never
/// accepted and ignored: a team that sets `coverage.min = 80` must not believe it holds.
/// Every gate of the design is built now; the mechanism stays for the next one.
const NOT_IN_THIS_VERSION: &[(&str, &str)] = &[];

impl Config {
    /// Parse config text; `path` is only used in error messages.
    pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        // Syntax first, so a syntax error is not reported as a schema error.
        let _: toml::Table = toml::from_str(text).map_err(|e| invalid(path, text, &e, None))?;
        Self::from_valid_toml(path, text)
    }

    fn from_valid_toml(path: &Path, text: &str) -> Result<Config, ConfigError> {
        if let Ok(table) = toml::from_str::<toml::Table>(text) {
            refuse_unbuilt(path, text, &table)?;
        }
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
        if let Some(c) = &self.coverage {
            if !(0.0..=100.0).contains(&c.min) {
                return Err(err(
                    "coverage.min",
                    format!(
                        "coverage.min = {} is out of range: expected a percentage from 0 to 100",
                        c.min
                    ),
                ));
            }
        }
        for (key, globs) in [
            ("secrets.allow_paths", &self.secrets.allow_paths),
            ("secrets.skip_paths", &self.secrets.skip_paths),
            ("review.protected", &self.review.protected),
            (
                "sast.test_paths",
                self.sast.test_paths.as_ref().unwrap_or(&Vec::new()),
            ),
            (
                "attribution.exclude",
                self.attribution.exclude.as_ref().unwrap_or(&Vec::new()),
            ),
        ] {
            for glob in globs {
                if let Err(e) = globset::Glob::new(glob) {
                    return Err(err(key, format!("invalid glob `{glob}` in `{key}`: {e}")));
                }
            }
        }
        for tool in &self.sast.external {
            if !EXTERNAL_ANALYZERS.contains(&tool.to_ascii_lowercase().as_str()) {
                return Err(err(
                    "sast.external",
                    format!(
                        "sast.external: `{tool}` is not an analyzer this version runs (expected one \
                         of: {})",
                        EXTERNAL_ANALYZERS.join(", ")
                    ),
                ));
            }
        }
        for ignore in &self.sca.ignore {
            if let Some(until) = &ignore.until {
                if !is_iso_date(until) {
                    return Err(err(
                        "sca.ignore",
                        format!(
                            "sca.ignore `{}`: until = \"{until}\" is not a date: expected YYYY-MM-DD",
                            ignore.id
                        ),
                    ));
                }
            }
        }
        for rule in &self.secrets.custom_rules {
            if rule.id.trim().is_empty() {
                return Err(err(
                    "secrets.rule.id",
                    "secrets.rule.id must not be empty".into(),
                ));
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

/// Refuse the keys of features this version does not have (see [`NOT_IN_THIS_VERSION`]).
fn refuse_unbuilt(path: &Path, text: &str, table: &toml::Table) -> Result<(), ConfigError> {
    for (key, feature) in NOT_IN_THIS_VERSION {
        let present = match key.split_once('.') {
            Some((section, name)) => table
                .get(section)
                .and_then(toml::Value::as_table)
                .is_some_and(|t| t.contains_key(name)),
            None => table.contains_key(*key),
        };
        if present {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: line_of_key(text, key),
                key: Some(key.to_string()),
                message: format!(
                    "`{key}` is not in this version: {feature} is not built yet, so the \
                     setting would do nothing; remove it"
                ),
            });
        }
    }
    Ok(())
}

/// The 1-based line of dotted `key` in `text`: its `name = …` line inside the right
/// `[section]` (or `[[section]]`), or the section header itself; 0 when not found.
fn line_of_key(text: &str, key: &str) -> usize {
    let (section, name) = match key.rsplit_once('.') {
        Some((section, name)) => (section, name),
        None => ("", key),
    };
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            current = header
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            // `[coverage]` for the key `coverage`: the header is the place.
            if section.is_empty() && current == name {
                return i + 1;
            }
            continue;
        }
        let Some((lhs, _)) = t.split_once('=') else {
            continue;
        };
        let lhs = lhs.trim().trim_matches(['"', '\'']);
        // `name = …` inside `[section]`, or a dotted `section.name = …` at the top level.
        let full = if current.is_empty() {
            lhs.to_string()
        } else {
            format!("{current}.{lhs}")
        };
        // A table set with dotted keys (`sca.max_age_days = 7`) is at its first key.
        if full == key || full.starts_with(&format!("{key}.")) {
            return i + 1;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_design() {
        let c = Config::default();
        assert_eq!(c.severity.block_at, Severity::High);
        assert_eq!(c.secrets.max_file_bytes, 1_048_576);
        assert_eq!(c.attribution.trailer_key.as_str(), "Assisted-by");
        assert_eq!(
            c.on_degraded,
            OnDegraded::Block,
            "a gate that cannot run blocks"
        );
    }

    #[test]
    fn unknown_external_analyzers_are_refused() {
        let err =
            Config::parse("p.toml", "\n[sast]\nexternal = [\"bandit\", \"pylint\"]\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("p.toml:3:"), "{msg}");
        assert!(msg.contains("`pylint`"), "{msg}");
        let c = Config::parse("p.toml", "[sast]\nexternal = [\"bandit\", \"ruff\"]\n").unwrap();
        assert_eq!(c.sast.external, ["bandit", "ruff"]);
        assert_eq!(c.sast.test_severity.cap(), Some(Severity::Medium));
        assert_eq!(c.sast.test_paths, None);
        let c = Config::parse(
            "p.toml",
            "[sast]\ntest_severity = \"keep\"\ntest_paths = [\"qa/**\"]\n",
        )
        .unwrap();
        assert_eq!(c.sast.test_severity.cap(), None);
        assert_eq!(
            c.sast.test_paths.as_deref(),
            Some(&["qa/**".to_string()][..])
        );
        let err = Config::parse("p.toml", "[sast]\ntest_severity = \"none\"\n").unwrap_err();
        assert!(err.to_string().contains("p.toml:2"), "{err}");
        let err = Config::parse("p.toml", "[sast]\ntest_paths = [\"a/[\"]\n").unwrap_err();
        assert!(err.to_string().contains("sast.test_paths"), "{err}");
    }

    #[test]
    fn line_of_key_finds_the_key_in_its_section() {
        let text = "[imports]\nallow = [\"x\"]\n\n[secrets]\nallow_paths = [\"[\"]\n";
        assert_eq!(line_of_key(text, "secrets.allow_paths"), 5);
        assert_eq!(line_of_key(text, "imports.allow"), 2);
        let err = Config::parse("c.toml", text).unwrap_err();
        assert!(err.to_string().starts_with("c.toml:5:"), "{err}");
    }

    #[test]
    fn design_example_parses() {
        let text = r#"
[gates]
secrets = "block"
imports = "block"

[severity]
block_at = "high"

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
        assert_eq!(c.secrets.custom_rules.len(), 1);
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
        assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
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
