//! Accepted findings: a value-keyed baseline, and imports of gitleaks' `.gitleaksignore`
//! and JSON reports.
//!
//! # Baseline file format
//!
//! Plain text, one accepted finding per line, sorted and deduplicated so two branches that
//! each accept a finding merge without conflict:
//!
//! ```text
//! # provenance secrets baseline v1: <fingerprint> <rule> <path>
//! 3f1c…64 hex… aws-access-key-id deploy/.env
//! ```
//!
//! The fingerprint is [`provenance_findings::fingerprint`] over (rule, path, value): no line
//! number (entries survive edits above the secret) and never the value itself. `rule` and
//! `path` are there for reviewers; matching uses the fingerprint only. Blank lines and `#`
//! comments are ignored.

use std::collections::BTreeMap;

use provenance_findings::{fingerprint, Finding};
use serde::Deserialize;

const HEADER: &str = "# provenance secrets baseline v1: <fingerprint> <rule> <path>";

/// A baseline or gitleaks file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// A baseline line is not `<64 hex> <rule> <path>`.
    #[error("baseline line {line}: expected `<sha256 hex> <rule> <path>`, found `{text}`")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// The offending line (contains no secret: baselines never do).
        text: String,
    },
    /// A gitleaks JSON report does not parse.
    #[error("gitleaks report: {0}")]
    Report(String),
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaselineEntry {
    /// sha256 hex over (rule, path, value).
    pub fingerprint: String,
    /// Rule id, for reviewers.
    pub rule: String,
    /// Path, for reviewers.
    pub path: String,
}

/// Findings accepted by value fingerprint (`provenance baseline`).
///
/// File format (see [`Baseline::parse`] / [`Baseline::serialize`]): plain text, one accepted
/// finding per line, `<sha256 fingerprint> <rule> <path>`, sorted by fingerprint and
/// deduplicated so two branches that each accept a finding merge without conflict; blank
/// lines and `#` comments are ignored. The fingerprint covers (rule, path, value) and no line
/// number, so an entry survives edits above the secret; the value itself is never stored.
///
/// ```
/// use provenance_secrets::{Baseline, Config, Scanner};
///
/// let scanner = Scanner::new(&Config::default()).unwrap();
/// let env = format!("AWS_ACCESS_KEY_ID=AKIA{}\n", "Q3ZJ7XK2W4N5R6T7");
/// let finding = scanner.scan(".env", env.as_bytes(), None).findings.remove(0);
/// let mut baseline = Baseline::new();
/// baseline.add(&finding);
/// let text = baseline.serialize();
/// assert!(!text.contains("Q3ZJ7XK2W4N5R6T7"));
/// assert!(Baseline::parse(&text).unwrap().contains(&finding));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeMap<String, BaselineEntry>,
}

impl Baseline {
    /// An empty baseline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse the text format described in the module docs.
    pub fn parse(text: &str) -> Result<Self, BaselineError> {
        let mut baseline = Baseline::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, ' ');
            let (Some(fp), Some(rule), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(BaselineError::BadLine {
                    line: i + 1,
                    text: raw.to_string(),
                });
            };
            if fp.len() != 64 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(BaselineError::BadLine {
                    line: i + 1,
                    text: raw.to_string(),
                });
            }
            baseline.insert(BaselineEntry {
                fingerprint: fp.to_ascii_lowercase(),
                rule: rule.to_string(),
                path: path.to_string(),
            });
        }
        Ok(baseline)
    }

    /// The text format: header, then entries sorted by fingerprint, newline-terminated.
    pub fn serialize(&self) -> String {
        let mut out = String::from(HEADER);
        out.push('\n');
        for e in self.entries.values() {
            out.push_str(&format!("{} {} {}\n", e.fingerprint, e.rule, e.path));
        }
        out
    }

    /// True when `finding` was accepted (same fingerprint).
    pub fn contains(&self, finding: &Finding) -> bool {
        self.entries.contains_key(&finding.fingerprint)
    }

    /// Accept `finding`. Returns false when it was already accepted.
    pub fn add(&mut self, finding: &Finding) -> bool {
        self.insert(BaselineEntry {
            fingerprint: finding.fingerprint.clone(),
            rule: finding.rule.clone(),
            path: finding.path.clone(),
        })
    }

    fn insert(&mut self, entry: BaselineEntry) -> bool {
        self.entries
            .insert(entry.fingerprint.clone(), entry)
            .is_none()
    }

    /// Remove an accepted fingerprint. Returns whether it was there.
    pub fn remove(&mut self, fingerprint: &str) -> bool {
        self.entries.remove(fingerprint).is_some()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, sorted by fingerprint.
    pub fn entries(&self) -> impl Iterator<Item = &BaselineEntry> {
        self.entries.values()
    }

    /// Accept the `findings` that a `.gitleaksignore` or a gitleaks JSON report already
    /// accepted. Returns how many were added.
    ///
    /// Matching (gitleaks has no value fingerprint we can reuse):
    /// - a report entry whose `Secret` is present (report written without `--redact`)
    ///   matches a finding in the same file when fingerprinting that secret under the
    ///   finding's rule gives the finding's fingerprint — so it survives moved lines;
    /// - otherwise an ignore or report entry matches by file + line + rule, where the rule
    ///   ids are compared with [`gitleaks_rule_matches`]; a commit, when both sides have one,
    ///   must be equal.
    pub fn import_gitleaks(
        &mut self,
        findings: &[Finding],
        ignore: &[GitleaksIgnoreEntry],
        report: &[GitleaksReportEntry],
    ) -> usize {
        let mut added = 0;
        for f in findings {
            let commit_ok = |c: &Option<String>| match (c, &f.commit) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let by_ignore = ignore.iter().any(|e| {
                e.path == f.path
                    && e.line == f.line
                    && commit_ok(&e.commit)
                    && gitleaks_rule_matches(&e.rule, &f.rule)
            });
            let by_report = report.iter().any(|r| {
                r.file == f.path
                    && commit_ok(&r.commit)
                    && match r
                        .secret
                        .as_deref()
                        .filter(|s| !s.is_empty() && *s != "REDACTED")
                    {
                        Some(secret) => fingerprint(&f.rule, &f.path, secret) == f.fingerprint,
                        None => {
                            r.start_line == f.line && gitleaks_rule_matches(&r.rule_id, &f.rule)
                        }
                    }
            });
            if (by_ignore || by_report) && self.add(f) {
                added += 1;
            }
        }
        added
    }
}

/// One line of a `.gitleaksignore`: a gitleaks finding fingerprint,
/// `[<commit>:]<file>:<rule-id>:<line>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitleaksIgnoreEntry {
    /// The commit, when the entry names one (history scans).
    pub commit: Option<String>,
    /// Repository-relative file.
    pub path: String,
    /// gitleaks rule id.
    pub rule: String,
    /// 1-based line.
    pub line: u32,
}

/// Parse a `.gitleaksignore`. Blank lines, `#` comments and malformed lines are skipped
/// (gitleaks skips them too).
pub fn parse_gitleaksignore(text: &str) -> Vec<GitleaksIgnoreEntry> {
    text.lines()
        .filter_map(|raw| {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            // Parse from the right: file names may contain ':'.
            let (rest, line_no) = line.rsplit_once(':')?;
            let line_no: u32 = line_no.trim().parse().ok()?;
            let (rest, rule) = rest.rsplit_once(':')?;
            let (commit, path) = match rest.split_once(':') {
                Some((c, p))
                    if c.len() >= 7
                        && c.len() <= 64
                        && c.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    (Some(c.to_string()), p)
                }
                _ => (None, rest),
            };
            Some(GitleaksIgnoreEntry {
                commit,
                path: path.to_string(),
                rule: rule.to_string(),
                line: line_no,
            })
        })
        .collect()
}

/// One finding of a gitleaks JSON report (`gitleaks … --report-format json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GitleaksReportEntry {
    /// gitleaks rule id.
    #[serde(rename = "RuleID")]
    pub rule_id: String,
    /// File path.
    #[serde(rename = "File")]
    pub file: String,
    /// 1-based line.
    #[serde(rename = "StartLine")]
    pub start_line: u32,
    /// The secret (absent or `REDACTED` when gitleaks ran with `--redact`).
    #[serde(rename = "Secret", default)]
    pub secret: Option<String>,
    /// Commit, for git scans.
    #[serde(rename = "Commit", default)]
    pub commit: Option<String>,
}

/// Parse a gitleaks JSON report (an array of findings).
pub fn parse_gitleaks_report(json: &str) -> Result<Vec<GitleaksReportEntry>, BaselineError> {
    let mut entries: Vec<GitleaksReportEntry> =
        serde_json::from_str(json).map_err(|e| BaselineError::Report(e.to_string()))?;
    for e in &mut entries {
        if e.commit.as_deref() == Some("") {
            e.commit = None;
        }
    }
    Ok(entries)
}

/// gitleaks rule ids that name the same thing as one of ours under another id.
const GITLEAKS_RULE_MAP: &[(&str, &[&str])] = &[
    ("aws-access-token", &["aws-access-key-id"]),
    ("github-pat", &["github-pat"]),
    ("github-fine-grained-pat", &["github-fine-grained-pat"]),
    ("github-oauth", &["github-oauth-token"]),
    (
        "github-app-token",
        &["github-app-token", "github-user-to-server-token"],
    ),
    ("github-refresh-token", &["github-refresh-token"]),
    ("gitlab-pat", &["gitlab-pat"]),
    ("slack-bot-token", &["slack-bot-token"]),
    ("slack-user-token", &["slack-user-token"]),
    ("slack-webhook-url", &["slack-webhook-url"]),
    (
        "stripe-access-token",
        &[
            "stripe-secret-key",
            "stripe-restricted-key",
            "stripe-test-secret-key",
        ],
    ),
    (
        "openai-api-key",
        &[
            "openai-api-key",
            "openai-project-key",
            "openai-service-account-key",
            "openai-admin-key",
        ],
    ),
    ("anthropic-api-key", &["anthropic-api-key"]),
    ("gcp-api-key", &["gcp-api-key"]),
    ("npm-access-token", &["npm-access-token"]),
    ("pypi-upload-token", &["pypi-upload-token"]),
    (
        "private-key",
        &[
            "private-key",
            "openssh-private-key",
            "pgp-private-key",
            "putty-private-key",
        ],
    ),
    ("jwt", &["jwt"]),
    ("sendgrid-api-token", &["sendgrid-api-key"]),
    ("twilio-api-key", &["twilio-api-key"]),
    ("telegram-bot-api-token", &["telegram-bot-token"]),
    ("discord-api-token", &["discord-bot-token"]),
    (
        "heroku-api-key",
        &["heroku-api-key", "heroku-api-key-legacy"],
    ),
    ("hashicorp-tf-api-token", &["terraform-cloud-token"]),
    ("vault-service-token", &["hashicorp-vault-token"]),
    ("azure-ad-client-secret", &["azure-ad-client-secret"]),
    ("curl-auth-user", &["generic-cli-basic-auth"]),
];

/// True when gitleaks' rule id `gitleaks` and our rule id `ours` may name the same finding:
/// equal ids, a known mapping, any of our `generic-*` rules for gitleaks' `generic-api-key`,
/// or an id we do not know (then the file and line decide).
pub fn gitleaks_rule_matches(gitleaks: &str, ours: &str) -> bool {
    if gitleaks == ours {
        return true;
    }
    if gitleaks == "generic-api-key" {
        return ours.starts_with("generic-");
    }
    match GITLEAKS_RULE_MAP.iter().find(|(g, _)| *g == gitleaks) {
        Some((_, mapped)) => mapped.contains(&ours),
        None => !crate::rules().iter().any(|r| r.id == gitleaks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provenance_findings::Severity;

    fn finding(rule: &str, path: &str, line: u32, value: &str) -> Finding {
        Finding::new("secrets", rule, Severity::High, path, line)
            .with_fingerprint(fingerprint(rule, path, value))
    }

    #[test]
    fn round_trip_sorted_and_value_keyed() {
        let mut b = Baseline::new();
        let f1 = finding("generic-password", "b.env", 3, "Zx9!vQ2#pL");
        let f2 = finding("aws-access-key-id", "a.env", 1, "value-two");
        assert!(b.add(&f1));
        assert!(b.add(&f2));
        assert!(!b.add(&f1));
        let text = b.serialize();
        assert!(!text.contains("Zx9!"), "never stores the value");
        let lines: Vec<&str> = text.lines().skip(1).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        let parsed = Baseline::parse(&text).unwrap();
        assert_eq!(parsed, b);
        // moved to another line: still accepted
        let moved = finding("generic-password", "b.env", 40, "Zx9!vQ2#pL");
        assert!(parsed.contains(&moved));
        assert!(!parsed.contains(&finding("generic-password", "b.env", 3, "other-value")));
    }

    #[test]
    fn bad_baseline_line_names_the_line() {
        let err = Baseline::parse("# c\nnot-a-fingerprint rule path\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn gitleaksignore_entries() {
        let text = "# comment\n\
                    config/app.env:aws-access-token:3\n\
                    0123456789abcdef0123456789abcdef01234567:src/a:b.py:generic-api-key:12\n\
                    garbage\n";
        let entries = parse_gitleaksignore(text);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, "config/app.env");
        assert_eq!(entries[0].rule, "aws-access-token");
        assert_eq!(entries[0].line, 3);
        assert_eq!(
            entries[1].commit.as_deref(),
            Some("0123456789abcdef0123456789abcdef01234567")
        );
        assert_eq!(entries[1].path, "src/a:b.py");
        assert_eq!(entries[1].line, 12);
    }

    #[test]
    fn import_from_ignore_and_report() {
        let findings = vec![
            finding("aws-access-key-id", "config/app.env", 3, "v1"),
            finding("generic-password", "db.yml", 9, "S3cr3t!x"),
            finding("generic-token", "other.yml", 1, "zzz"),
        ];
        let ignore = parse_gitleaksignore("config/app.env:aws-access-token:3\n");
        let report = parse_gitleaks_report(
            r#"[{"RuleID":"generic-api-key","File":"db.yml","StartLine":2,"Secret":"S3cr3t!x","Commit":""}]"#,
        )
        .unwrap();
        let mut b = Baseline::new();
        assert_eq!(b.import_gitleaks(&findings, &ignore, &report), 2);
        assert!(b.contains(&findings[0]));
        assert!(b.contains(&findings[1]));
        assert!(!b.contains(&findings[2]));
        assert!(parse_gitleaks_report("{").is_err());
    }
}
