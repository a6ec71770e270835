//! What a rule is: data (id, description, severity, keywords, regex) plus the check that
//! runs on the matched value.

use provenance_findings::Severity;

/// A built-in rule, as listed by [`crate::rules`] for docs and `--help`.
///
/// The regex names the secret with a capture group `s` (or `s2` in a second alternative;
/// else the whole match is the value);
/// it runs only on lines (or bounded windows) that contain one of `keywords`
/// (ASCII case-insensitive).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Stable id, kebab-case, e.g. `aws-access-key-id`.
    pub id: &'static str,
    /// What the rule finds, one sentence.
    pub description: &'static str,
    /// How bad a hit is.
    pub severity: Severity,
    /// Prefilter keywords; the regex runs only near one of them.
    pub keywords: &'static [&'static str],
    pub(crate) regex: &'static str,
    pub(crate) check: Check,
    /// When non-empty, the rule runs only on files whose path ends with one of these
    /// (credential files such as `.netrc`); a file rule without keywords runs on every line.
    pub(crate) files: &'static [&'static str],
}

impl RuleInfo {
    /// Path suffixes this rule is limited to (empty: every file).
    pub fn files(&self) -> &'static [&'static str] {
        self.files
    }
}

/// `path` is `suffix` or ends with `/suffix`.
pub(crate) fn path_ends_with(path: &str, suffix: &str) -> bool {
    path == suffix
        || (path.len() > suffix.len()
            && path.ends_with(suffix)
            && path.as_bytes()[path.len() - suffix.len() - 1] == b'/')
}

/// The validation that runs on a matched value after its regex.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Check {
    /// Not a placeholder, and at least this much Shannon entropy (bits/char).
    Entropy(f64),
    /// GitHub/npm 2021 format: base62 CRC32 in the last 6 characters.
    Crc32,
    /// A generic `key = value` assignment: group `k` is the key, `s` the value; the value
    /// must pass [`crate::filter::generic_value_ok`] with this minimum length.
    Generic(usize),
    /// Like `Generic`, for a key and value on consecutive lines (`- name: DB_PASSWORD` /
    /// `  value: "…"` in Kubernetes, ECS, CI env lists).
    GenericPair(usize),
    /// A password in a position that only a password takes (`curl -u user:…`): the
    /// generic checks, or a random-enough value of ten or more characters that no word
    /// or placeholder check rejects.
    PositionalPassword,
    /// Like `Generic`, for a request header given to an HTTP client (`curl -H`, `wget
    /// --header`): a bare UUID is accepted there, since header API keys are often UUIDs.
    Header(usize),
    /// A private key block: the body must hold at least 64 base64 characters.
    KeyBlock,
    /// An Atlassian Data Center token: base64 that decodes to `<12 digits>:<20 bytes>`.
    AtlassianPat,
    /// A JWT: the header must decode to JSON with an `alg`.
    Jwt,
    /// A value under a Kubernetes `Secret`'s `data:` (base64) or `stringData:` block, read
    /// by [`crate::manifest`]; only in text that declares `kind: Secret`.
    KubeSecretData,
    /// A quoted value of an SQL `INSERT … (columns) VALUES (…)` statement whose column is
    /// named like a credential, read by [`crate::sql`] (dumps and seed files).
    SqlInsert,
    /// HTTP Basic credentials (RFC 7617): base64 that decodes to `user:password` with a
    /// password that is not a placeholder, or, when it does not decode, random enough.
    BasicCredentials,
    /// A prefix of `skip` bytes, then base64 that decodes to text starting with `starts`
    /// (Amazon Bedrock API keys: `ABSK` + base64 of `BedrockAPIKey-…`).
    DecodesTo {
        /// Bytes of literal prefix before the base64.
        skip: usize,
        /// What the decoded text starts with.
        starts: &'static str,
    },
    /// A vendor's own format under that vendor's own key name: the format decides, so
    /// only marked placeholders (`xxxx`, `<…>`, `${…}`, one repeated character) are rejected.
    Format,
    /// A URL or connection string with a password: group `u` user, `s` password, `h` host.
    UrlPassword,
}

impl Check {
    /// Generic rules lose to specific ones when both match the same text.
    pub(crate) fn is_generic(self) -> bool {
        matches!(
            self,
            Check::Generic(_)
                | Check::GenericPair(_)
                | Check::Header(_)
                | Check::PositionalPassword
        )
    }

    /// Multi-line rules see a window starting at the keyword's line instead of one line.
    pub(crate) fn is_multiline(self) -> bool {
        matches!(
            self,
            Check::KeyBlock | Check::GenericPair(_) | Check::KubeSecretData
        )
    }
}

/// Shorthand for the rule tables.
pub(crate) const fn rule(
    id: &'static str,
    severity: Severity,
    description: &'static str,
    keywords: &'static [&'static str],
    regex: &'static str,
    check: Check,
) -> RuleInfo {
    RuleInfo {
        id,
        description,
        severity,
        keywords,
        regex,
        check,
        files: &[],
    }
}

/// A rule limited to credential files named by path suffix.
pub(crate) const fn file_rule(
    id: &'static str,
    severity: Severity,
    description: &'static str,
    files: &'static [&'static str],
    keywords: &'static [&'static str],
    regex: &'static str,
    check: Check,
) -> RuleInfo {
    RuleInfo {
        id,
        description,
        severity,
        keywords,
        regex,
        check,
        files,
    }
}
