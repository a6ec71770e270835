//! Secret detection for provenance's secrets gate: built-in rules for provider token
//! formats, private keys, connection strings, credential files and generic assignments; an
//! aho-corasick keyword prefilter so each regex runs only near its keyword; offline checksum
//! verification (GitHub, npm); allow comments; value-keyed baselines and gitleaks imports.
//!
//! The crate has no git access: callers hand it paths and bytes (staged blobs, files,
//! history blobs) and, for staged changes, the added line ranges.
//!
//! - **Rules** ([`rules`]): provider formats first, generic `key = value` shapes last; when
//!   two rules match the same text the earlier wins. Every rule has a positive and a
//!   look-alike example in `tests/fixtures/rule-examples.tsv`.
//! - **Speed**: one aho-corasick pass finds keywords; a rule's regex (compiled on first use)
//!   runs only on the lines holding its keyword, or on a bounded window of a minified line.
//! - **Values**: placeholders (`EXAMPLE`, `xxxx`, `${VAR}`, `<your-key>`), references
//!   (`os.environ[…]`, `process.env.X`), UUIDs, hashes, regexes, code expressions and
//!   documentation values never fire; in source files a generic value must be a quoted
//!   literal. GitHub and npm tokens are checked by their CRC32.
//! - **Allowing**: `provenance:allow`, `gitleaks:allow` or `pragma: allowlist secret` on the
//!   line; [`Config::allow_paths`]; a [`Baseline`] of fingerprints; imports of
//!   `.gitleaksignore` ([`parse_gitleaksignore`]) and gitleaks reports
//!   ([`parse_gitleaks_report`], [`Baseline::import_gitleaks`]).
//! - **Skips** ([`Skip`]): Git LFS pointers, files over [`Config::max_file_bytes`],
//!   `allow_paths`, `skip_paths` and built-in vendored/generated paths; each says why and
//!   whether it could hide a secret ([`Skip::could_hide_secret`]). Content with a NUL in
//!   its first 8000 bytes is scanned as text when it is mostly text, else as a binary
//!   whose printable runs are scanned ([`Skip::BinaryStringsOnly`]). UTF-16 with a BOM
//!   is decoded; invalid UTF-8 is scanned lossily; CRLF and a BOM are handled.
//! - **Redaction** ([`redact_text`]): for free text stored by other crates (AI prompts);
//!   hides more than the gate reports, and everything when it cannot run.
//!
//! ```
//! use provenance_secrets::{Config, Scanner};
//!
//! let scanner = Scanner::new(&Config::default()).expect("built-in rules compile");
//! // Built at run time so this source file holds no secret-looking literal.
//! let key = format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7");
//! let env = format!("AWS_ACCESS_KEY_ID={key}\nDEBUG=true\n");
//! let outcome = scanner.scan("deploy/.env", env.as_bytes(), None);
//! assert_eq!(outcome.findings.len(), 1);
//! let f = &outcome.findings[0];
//! assert_eq!((f.rule.as_str(), f.line), ("aws-access-key-id", 1));
//! assert_eq!(f.snippet, "AKIA…"); // never the value
//!
//! // The same line with an allow comment passes.
//! let allowed = format!("AWS_ACCESS_KEY_ID={key} # gitleaks:allow\n");
//! assert!(scanner.scan("deploy/.env", allowed.as_bytes(), None).findings.is_empty());
//! ```
#![deny(missing_docs)]

mod baseline;
mod checksum;
mod config;
mod filter;
mod generic;
mod manifest;
mod redact;
mod rule;
mod rules;
mod scan;
mod sql;

use std::sync::LazyLock;

pub use baseline::{
    gitleaks_rule_matches, parse_gitleaks_report, parse_gitleaksignore, Baseline, BaselineEntry,
    BaselineError, GitleaksIgnoreEntry, GitleaksReportEntry,
};
pub use config::{Config, CustomRule, RuleError, DEFAULT_MAX_FILE_BYTES};
pub use provenance_findings::{Finding, Severity};
pub use rule::RuleInfo;
pub use scan::{ScanOutcome, Scanner, Skip};

/// Every built-in rule (id, description, severity, keywords), in priority order.
pub fn rules() -> &'static [RuleInfo] {
    rules::all()
}

/// Built on first use; `None` when the built-in rules do not build (a test builds them,
/// so a release always has it), in which case [`redact_text`] hides every word.
static DEFAULT_SCANNER: LazyLock<Option<Scanner>> =
    LazyLock::new(|| Scanner::new(&Config::default()).ok());

/// Redact free text (an AI prompt before it is stored in notes or the session store, a
/// log line): every secret the built-in rules detect, plus what only looks like one —
/// URL passwords on any host, `password: …` / `the token is …` values, tokens with a
/// bad checksum, long random-looking strings, `Authorization` values, private key
/// bodies. A token keeps its first 4 characters + `…` (its format, as in findings; just
/// `…` when 8 or shorter); a password found by its context becomes `…`.
/// Prose, identifiers, paths, UUIDs and 40/64-hex commit ids and digests stay readable.
///
/// Fails closed: when redaction cannot run, every non-whitespace run becomes `…`.
///
/// ```
/// let token = format!("xoxb-{}-{}-{}", "2048613740", "4820416532", "dK3vQ8mZr2TxW9pLs7Yb4NcE");
/// let prompt = format!("deploy with SLACK_TOKEN={token} please");
/// assert_eq!(provenance_secrets::redact_text(&prompt), "deploy with SLACK_TOKEN=xoxb… please");
/// let url = format!("connect to postgres://admin:{}@db.example.com/app", "S3cr3tPass");
/// assert_eq!(
///     provenance_secrets::redact_text(&url),
///     "connect to postgres://admin:…@db.example.com/app"
/// );
/// ```
pub fn redact_text(text: &str) -> String {
    redact::redact_with(DEFAULT_SCANNER.as_ref(), text)
}
