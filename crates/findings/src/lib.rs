//! The finding vocabulary every gate speaks: [`Finding`], [`Severity`], value-keyed
//! [`fingerprint`]s and [`redact`]ion.
//!
//! Gates (`provenance-secrets`, `provenance-imports`, …) return [`Finding`]s; policy
//! (`provenance-checks`) decides whether they block; only the CLI prints them.
//!
//! ```
//! use provenance_findings::{fingerprint, redact, Finding, Severity};
//!
//! let value = "hunter2-correct-horse";
//! let f = Finding::new("secrets", "generic-password", Severity::High, "app/.env", 3)
//!     .with_snippet(redact(value))
//!     .with_fingerprint(fingerprint("generic-password", "app/.env", value));
//! assert_eq!(f.snippet, "hunt…");
//! assert!(Severity::Critical > Severity::High);
//! ```
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: never blocks (e.g. a check that was not possible).
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High: blocks under the default `block_at = "high"`.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name used in config and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// SARIF `security-severity` score (critical ≥ 9.0, high ≥ 7.0).
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
            Severity::Info => "0.0",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity name that is not one of `critical|high|medium|low|info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSeverity(pub String);

impl fmt::Display for UnknownSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown severity `{}` (expected critical, high, medium, low or info)",
            self.0
        )
    }
}

impl std::error::Error for UnknownSeverity {}

impl FromStr for Severity {
    type Err = UnknownSeverity;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

/// One finding of one gate, in the schema of DESIGN.md ("Findings").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The gate that produced it: `secrets`, `imports`, `sast`, `sca`, `coverage`, `review`.
    pub gate: String,
    /// The rule id, e.g. `aws-access-key-id` or `undeclared-import`.
    pub rule: String,
    /// How bad it is.
    pub severity: Severity,
    /// Repository-relative path, `/`-separated.
    pub path: String,
    /// 1-based line (0 when the finding is about the whole file).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// The commit the finding was seen in, when scanning history or a range.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub commit: Option<String>,
    /// What was found and why it matters, one sentence.
    pub message: String,
    /// The offending text. For secrets this is always redacted (see [`redact`]).
    pub snippet: String,
    /// Value-keyed identity used by baselines (see [`fingerprint`]).
    pub fingerprint: String,
    /// CWE id such as `CWE-798`, when one applies.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cwe: Option<String>,
    /// `builtin`, or the external tool's name.
    pub source: String,
}

impl Finding {
    /// A finding with the required fields; the rest default to empty / `builtin`.
    pub fn new(gate: &str, rule: &str, severity: Severity, path: &str, line: u32) -> Self {
        Finding {
            gate: gate.to_string(),
            rule: rule.to_string(),
            severity,
            path: path.to_string(),
            line,
            column: 0,
            commit: None,
            message: String::new(),
            snippet: String::new(),
            fingerprint: String::new(),
            cwe: None,
            source: "builtin".to_string(),
        }
    }

    /// Set the column.
    pub fn with_column(mut self, column: u32) -> Self {
        self.column = column;
        self
    }

    /// Set the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Set the (already redacted, where it must be) snippet.
    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = snippet.into();
        self
    }

    /// Set the fingerprint.
    pub fn with_fingerprint(mut self, fingerprint: impl Into<String>) -> Self {
        self.fingerprint = fingerprint.into();
        self
    }

    /// Set the CWE id.
    pub fn with_cwe(mut self, cwe: impl Into<String>) -> Self {
        self.cwe = Some(cwe.into());
        self
    }

    /// Set the commit.
    pub fn with_commit(mut self, commit: impl Into<String>) -> Self {
        self.commit = Some(commit.into());
        self
    }

    /// Set the source (`builtin` or a tool name).
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = source.into();
        self
    }
}

/// Value-keyed identity of a finding: sha256 over (rule, path, normalized value), hex.
///
/// No line numbers go in, so a baseline entry survives edits above the finding. The value
/// is normalized by trimming surrounding whitespace and quotes, so `"abc"` and `abc` match.
pub fn fingerprint(rule: &str, path: &str, value: &str) -> String {
    let normalized = value
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    let mut hasher = Sha256::new();
    hasher.update(rule.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(normalized.as_bytes());
    hex(&hasher.finalize())
}

/// Redact a secret for display: its first 4 characters followed by `…`.
///
/// Values of 8 characters or fewer show only `…` so short secrets leak nothing useful.
pub fn redact(value: &str) -> String {
    if value.chars().count() <= 8 {
        return "…".to_string();
    }
    let prefix: String = value.chars().take(4).collect();
    format!("{prefix}…")
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

/// sha256 of bytes, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_keeps_only_a_prefix() {
        // Assembled at run time: no key-shaped literal in source.
        let key = format!("AKIA{}", "ABCDEFGHIJKLMNOP");
        assert_eq!(redact(&key), "AKIA…");
        assert_eq!(redact("short"), "…");
        assert_eq!(redact("ééééééééé"), "éééé…");
    }

    #[test]
    fn fingerprint_ignores_quotes_and_differs_by_path() {
        let a = fingerprint("r", "a.env", "\"value-1234\"");
        let b = fingerprint("r", "a.env", "value-1234");
        let c = fingerprint("r", "b.env", "value-1234");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn severity_parses_and_orders() {
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
        assert!(Severity::Medium < Severity::High);
        let json = serde_json::to_string(&Severity::Critical).unwrap_or_default();
        assert_eq!(json, "\"critical\"");
    }

    #[test]
    fn sha256_of_prompt_text() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
