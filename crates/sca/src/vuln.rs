//! A dependency found vulnerable, and its [`Finding`].

use crate::Dependency;
use provenance_findings::{fingerprint, Finding, Severity};

/// The gate name findings carry.
pub const GATE: &str = "sca";

/// One vulnerability affecting one lockfile entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Vuln {
    /// The advisory id that names it (`RUSTSEC-…`, `GHSA-…`, `PYSEC-…`, `GO-…`, `MAL-…`).
    pub id: String,
    /// Every other id of the same vulnerability (CVE, other databases), sorted.
    pub aliases: Vec<String>,
    /// How bad it is (the highest of its records).
    pub severity: Severity,
    /// CVSS v3 base score, when a record carries a v3 vector.
    pub score: Option<f64>,
    /// One-line summary.
    pub summary: String,
    /// The lowest fixed version above the installed one that no record of this
    /// vulnerability still covers; `None` when no release fixes it.
    pub fixed: Option<String>,
    /// A CWE id, when a record names one.
    pub cwe: Option<String>,
    /// The lockfile entry.
    pub dependency: Dependency,
}

impl Vuln {
    /// Whether `id` names this vulnerability (its id or an alias; case-insensitive).
    pub fn is_known_as(&self, id: &str) -> bool {
        let id = id.trim();
        self.id.eq_ignore_ascii_case(id) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }

    /// The finding of gate `sca`: rule = advisory id, at the lockfile entry's path:line; the
    /// message names package@version, the advisory and the upgrade. The fingerprint is over
    /// (id, path, package@version), so it survives edits elsewhere in the lockfile.
    pub fn to_finding(&self) -> Finding {
        let d = &self.dependency;
        let pkg = format!("{}@{}", d.name, d.version);
        let aka = if self.aliases.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.aliases.join(", "))
        };
        let what = if self.summary.is_empty() {
            String::new()
        } else {
            format!(": {}", self.summary)
        };
        let fix = match &self.fixed {
            Some(f) => format!("upgrade to {f}"),
            None => "no fixed version is published; remove or replace it".to_string(),
        };
        let message = format!(
            "{pkg} ({}) is affected by {}{aka}{what}; {fix}",
            d.ecosystem, self.id
        );
        let mut f = Finding::new(GATE, &self.id, self.severity, &d.path, d.line)
            .with_message(message)
            .with_snippet(pkg.clone())
            .with_fingerprint(fingerprint(&self.id, &d.path, &pkg));
        if let Some(cwe) = &self.cwe {
            f = f.with_cwe(cwe.clone());
        }
        f
    }
}
