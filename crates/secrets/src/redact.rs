//! Redaction of free text: AI prompts before they are stored in git notes and the session
//! store, log lines.
//!
//! Redaction is not a gate. The gate must not cry wolf, so it ignores what is probably
//! not a live secret (wrong checksums, documentation hosts, bare words in source code);
//! a stored prompt loses little when a harmless value is hidden, and a leaked password
//! in a note is pushed to every clone. So besides every rule hit (with bare values
//! accepted, as in `.env` files), this redacts:
//!
//! - the password of any `scheme://user:password@host`, whatever the host, and the
//!   MySQL client's `-p<password>`;
//! - the value after a credential name and `:`/`=` (`password: x`, `pwd=…`, `token=…`),
//!   after a credential phrase (`the db password is …`, `api key is …`, `set the token
//!   to …`), after a command-line flag (`--password …`), and after a bare credential word
//!   when the value looks chosen (`secret Zx9…`: a digit with letters, or a symbol);
//! - `Authorization:` header values and `Bearer …` tokens;
//! - provider-shaped tokens whatever their checksum (`ghp_…` with a wrong CRC);
//! - long random-looking tokens: ≥ 20 characters mixing letters with digits or with both
//!   cases, breaking into short pieces the way random text does (identifiers break into
//!   words);
//! - private key blocks (the body; the armor lines stay, so the prompt still reads).
//!
//! A token keeps its first 4 characters (`ghp_…`, as in findings: they name its format);
//! a value found by its context (a password) becomes `…`, since 4 characters of a short
//! password are most of it.
//!
//! What stays readable: prose (a credential word followed by a common word or a
//! participle, `the token is expired`), code identifiers (`password_hash`,
//! `getUserToken2`), references (`${DB_PASSWORD}`, `os.environ[…]`, `getPassword()`),
//! file paths, URLs without a password, UUIDs (request and object ids), `sha512-…`
//! integrity digests, and hexadecimal strings of exactly 40 or 64 characters: git object
//! ids (SHA-1 and SHA-256) and sha256 digests are how prompts name commits and files,
//! and hiding them would make a stored prompt useless. Other long hex strings
//! (32-character API keys) are redacted.
//!
//! When redaction cannot run (the built-in rules or these patterns do not build, or a
//! rule fails mid-scan), every non-whitespace run is replaced by `…`: a stored prompt
//! is then unreadable, never unredacted.

use std::sync::LazyLock;

use provenance_findings::redact;
use regex::Regex;

use crate::filter;
use crate::scan::{Bare, LineIndex, Scanner};

/// The marker that replaces every word when redaction cannot run.
const REDACTED_WORD: &str = "…";

/// Credential names in `name = value` / `name: value` form. Any prefix (`DB_`, `my-`) and
/// a few suffixes (`_key`, `_value`, `_b64`) are part of the name; other suffixes are not
/// (`tokenizer:`, `max_tokens:` are settings, not credentials). `pass` counts only as a
/// word of the name (`pass`, `db_pass`), not inside one (`bypass`, `compass`).
const ASSIGNMENT: &str = r#"(?i)(?:^|[^A-Za-z0-9])(?P<k>(?:[A-Za-z0-9_.\-]*(?:passw(?:or)?d|passphrase|pwd|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|credentials?)|(?:[A-Za-z0-9_.\-]*[_.\-])?pass)(?:[_\-.]?(?:key|value|str|string|b64|base64|hash|env))?)["']?\s*(?::=|=>|[:=])[ \t]*(?P<v>"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|[^\s,;]+)"#;

/// Credential phrases in prose: a credential word, a linking word, then the value.
const PHRASE: &str = r#"(?i)\b(?:passw(?:or)?d|passphrase|pwd|passcode|secret(?:[ _\-]key)?|token|api[ _\-]?key|access[ _\-]?key|private[ _\-]?key|credentials?|pin)(?:\s+(?:is|was|are|were|to|of|should\s+be|will\s+be|would\s+be|becomes|set\s+to|reads|says)|\s*[:=])+[ \t]+(?P<v>"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|\S+)"#;

/// A credential word directly followed by a value (`secret Zx9…`, `token ghp_…`).
const BARE_WORD: &str = r#"(?i)\b(?:passw(?:or)?d|passwd|passphrase|pwd|secret|token|api[ _\-]?key|apikey|access[ _\-]?key)[ \t]+(?P<v>"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|\S+)"#;

/// Command-line flags that take a credential (`--password hunter2`, `--token=…`).
const FLAG: &str = r#"(?i)(?:^|\s)--?(?:password|passwd|pass|pwd|token|api-key|apikey|secret|access-key|secret-key|auth-token|client-secret)(?:=|[ \t]+)(?P<v>"[^"\n]*"|'[^'\n]*'|[^\s"']\S*)"#;

/// The MySQL client's `-p<password>`, written without a space.
const MYSQL_PASSWORD: &str = r#"\bmysql(?:dump|admin|sh)?\b[^\n]*?\s-p(?P<v>[^\s"'-]\S*)"#;

/// The password of `scheme://user:password@host` for any scheme and host. The password
/// runs to the last `@` before the host, so an unencoded `@` in it is covered.
const URL_USERINFO: &str =
    r#"(?i)\b[a-z][a-z0-9+.\-]*://[^\s:/?#@]*:(?P<v>[^\s/?#]+)@[A-Za-z0-9\[._\-]"#;

/// `Authorization:` header values, and `Bearer` tokens anywhere.
const AUTHORIZATION: &str = r#"(?i)\bauthorization["']?\s*[:=]\s*(?:(?:bearer|basic|token|digest|negotiate|apikey|bot)\s+)?(?P<v>[^\s"'`,;]+)|\bbearer\s+(?P<v2>[A-Za-z0-9\-._~+/]{8,}=*)"#;

/// Provider token shapes, matched whatever their checksum or context.
const TOKEN_SHAPES: &str = r#"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|npm_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_\-]{20,}|xox[abposre]-[A-Za-z0-9\-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[A-Za-z0-9_\-]{35}|hf_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_\-]{50,}|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,})"#;

/// Candidates for the random-token test: long runs of token characters.
const LONG_TOKEN: &str = r#"[A-Za-z0-9+/_\-]{20,}={0,2}"#;

/// A private key block; the body runs to its END line or, when pasted cut off, to the
/// end of the text.
const KEY_BLOCK: &str = r#"(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?P<v>.*?)(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)"#;

/// The free-text patterns, compiled once.
pub(crate) struct PromptPatterns {
    assignment: Regex,
    phrase: Regex,
    bare_word: Regex,
    flag: Regex,
    mysql_password: Regex,
    url_userinfo: Regex,
    authorization: Regex,
    token_shapes: Regex,
    long_token: Regex,
    key_block: Regex,
}

impl PromptPatterns {
    /// Build every pattern, or the first error.
    pub(crate) fn new() -> Result<PromptPatterns, regex::Error> {
        Ok(PromptPatterns {
            assignment: Regex::new(ASSIGNMENT)?,
            phrase: Regex::new(PHRASE)?,
            bare_word: Regex::new(BARE_WORD)?,
            flag: Regex::new(FLAG)?,
            mysql_password: Regex::new(MYSQL_PASSWORD)?,
            url_userinfo: Regex::new(URL_USERINFO)?,
            authorization: Regex::new(AUTHORIZATION)?,
            token_shapes: Regex::new(TOKEN_SHAPES)?,
            long_token: Regex::new(LONG_TOKEN)?,
            key_block: Regex::new(KEY_BLOCK)?,
        })
    }

    /// Byte spans of `text` to redact.
    fn spans(&self, text: &str, out: &mut Vec<Span>) {
        // each context, with how sure it is that what follows is a credential
        let valued = [
            (&self.assignment, Strict::NotAWord),
            (&self.phrase, Strict::Prose),
            (&self.bare_word, Strict::Chosen),
            (&self.flag, Strict::NotAWord),
            (&self.mysql_password, Strict::Any),
            (&self.url_userinfo, Strict::Any),
            (&self.authorization, Strict::Any),
        ];
        for (re, strict) in valued {
            for caps in re.captures_iter(text) {
                if let Some(span) = caps
                    .name("v")
                    .or_else(|| caps.name("v2"))
                    .and_then(|v| value_span(text, v, strict))
                {
                    out.push(Span::chosen(span));
                }
            }
        }
        out.extend(
            self.token_shapes
                .find_iter(text)
                .map(|m| Span::token((m.start(), m.end()))),
        );
        out.extend(
            self.long_token
                .find_iter(text)
                .filter(|m| looks_random(m.as_str()))
                .map(|m| Span::token((m.start(), m.end()))),
        );
        for caps in self.key_block.captures_iter(text) {
            if let Some(body) = caps.name("v") {
                let trimmed = body.as_str().trim();
                if !trimmed.is_empty() {
                    let start =
                        body.start() + (body.as_str().len() - body.as_str().trim_start().len());
                    out.push(Span::token((start, start + trimmed.len())));
                }
            }
        }
    }
}

static PROMPT_PATTERNS: LazyLock<Option<PromptPatterns>> =
    LazyLock::new(|| PromptPatterns::new().ok());

/// A stretch of text to hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    start: usize,
    end: usize,
    /// A token (provider format, random string, key body) keeps its first 4 characters,
    /// as findings do: they name its kind, not its secret part. A value a person chose
    /// (a password found by its context) is hidden whole: 4 characters of a 10-character
    /// password are most of it.
    keep_prefix: bool,
}

impl Span {
    fn token((start, end): (usize, usize)) -> Span {
        Span {
            start,
            end,
            keep_prefix: true,
        }
    }

    fn chosen((start, end): (usize, usize)) -> Span {
        Span {
            start,
            end,
            keep_prefix: false,
        }
    }
}

/// How sure the context is that the value after it is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strict {
    /// A URL password, `mysql -px`: any value but a reference.
    Any,
    /// `password: x`, `--token x`: any value but a common word (`password: the …`).
    NotAWord,
    /// `the password is x`: nor a word that reads as prose after `is` (`is expired`,
    /// `is mounted`, `is rarely …`).
    Prose,
    /// `secret x`: only a value that looks chosen (a digit or a symbol, ≥ 6 characters).
    Chosen,
}

/// Words that follow a credential phrase in prose and are not the credential.
const PROSE_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "not",
    "no",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "and",
    "or",
    "to",
    "too",
    "also",
    "only",
    "now",
    "still",
    "being",
    "been",
    "that",
    "this",
    "it",
    "its",
    "there",
    "here",
    "set",
    "unset",
    "empty",
    "missing",
    "required",
    "optional",
    "invalid",
    "valid",
    "wrong",
    "correct",
    "incorrect",
    "expired",
    "revoked",
    "rotated",
    "leaked",
    "stored",
    "saved",
    "hashed",
    "encrypted",
    "used",
    "needed",
    "generated",
    "shown",
    "returned",
    "sent",
    "passed",
    "same",
    "different",
    "null",
    "none",
    "nil",
    "undefined",
    "true",
    "false",
    "string",
    "str",
    "number",
    "int",
    "bool",
    "boolean",
    "object",
    "any",
    "bytes",
    "text",
    "type",
    "field",
    "value",
    "secret",
    "secure",
    "safe",
    "fine",
    "ok",
    "okay",
    "below",
    "above",
    "same",
    "new",
    "old",
    "your",
    "my",
    "our",
    "their",
    "his",
    "her",
    "which",
    "what",
    "where",
    "when",
    "how",
    "why",
    "who",
    "into",
    "be",
    "is",
    "was",
    "are",
    "were",
    "should",
    "will",
    "flag",
    "option",
    "argument",
    "parameter",
    "variable",
    "env",
    "file",
    "header",
];

/// The span of the credential inside a matched value, when it should be redacted:
/// quotes stripped, sentence punctuation after a bare value left out.
fn value_span(text: &str, v: regex::Match<'_>, strict: Strict) -> Option<(usize, usize)> {
    let raw = v.as_str();
    let (mut s, mut e) = (v.start(), v.end());
    let quoted = raw.len() >= 2
        && matches!(raw.as_bytes()[0], b'"' | b'\'' | b'`')
        && raw.as_bytes()[raw.len() - 1] == raw.as_bytes()[0];
    if quoted {
        s += 1;
        e -= 1;
    } else {
        let trimmed =
            raw.trim_end_matches(['.', ',', ';', ':', ')', ']', '}', '>', '"', '\'', '`']);
        e = s + trimmed.len();
        let lead = trimmed.len()
            - trimmed
                .trim_start_matches(['(', '[', '<', '"', '\'', '`'])
                .len();
        s += lead;
    }
    let value = text.get(s..e)?;
    if value.trim().is_empty()
        || filter::is_reference(value)
        || is_call(value)
        || is_call(raw.trim_end_matches([',', ';', '.']))
    {
        return None;
    }
    let lower = value.to_ascii_lowercase();
    let ok = match strict {
        Strict::Any => true,
        Strict::NotAWord => !PROSE_WORDS.contains(&lower.as_str()),
        Strict::Prose => {
            let participle = value.bytes().all(|b| b.is_ascii_lowercase())
                && (value.ends_with("ed") || value.ends_with("ing") || value.ends_with("ly"));
            !participle && !PROSE_WORDS.contains(&lower.as_str())
        }
        Strict::Chosen => {
            let has_digit = value.bytes().any(|b| b.is_ascii_digit());
            let has_letter = value.bytes().any(|b| b.is_ascii_alphabetic());
            let has_symbol = value.bytes().any(|b| b"!@#$%^&*+=~?|".contains(&b));
            value.len() >= 6
                && ((has_digit && has_letter) || has_symbol)
                && !PROSE_WORDS.contains(&lower.as_str())
                && !is_version(value)
        }
    };
    ok.then_some((s, e))
}

/// `getPassword()`, `cfg.token(…)`: code that fetches the credential, not the credential.
fn is_call(value: &str) -> bool {
    let Some(open) = value.find('(') else {
        return false;
    };
    value.ends_with(')')
        && open > 0
        && value[..open]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':'))
}

/// `v2`, `1.4.2`, `v0.12.0-rc1`: a version, not a credential.
fn is_version(value: &str) -> bool {
    let v = value.strip_prefix(['v', 'V']).unwrap_or(value);
    v.split(['.', '-'])
        .next()
        .is_some_and(|major| !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()))
        && v.contains('.')
}

/// True for a token that reads as random: letters mixed with digits or with both cases,
/// breaking into pieces averaging under three characters at every change between lower
/// case, upper case, digits and symbols (`aZ3kQ9xL…`), where identifiers and paths break
/// into words (`getUserProfileById2024`, `src/components/UserProfile`). Git object ids
/// and sha256 digests (40 or 64 hex digits) and UUIDs are names, not secrets.
fn looks_random(token: &str) -> bool {
    let t = token.trim_end_matches('=');
    if t.len() < 20 {
        return false;
    }
    let hex = t.bytes().all(|b| b.is_ascii_hexdigit());
    if hex && (t.len() == 40 || t.len() == 64) {
        return false;
    }
    // UUIDs name objects; `sha512-…` is a subresource-integrity digest (npm lockfiles)
    if filter::is_uuid(t)
        || ["sha1-", "sha256-", "sha384-", "sha512-"]
            .iter()
            .any(|p| t.starts_with(p))
    {
        return false;
    }
    let (mut lower, mut upper, mut digit) = (false, false, false);
    for b in t.bytes() {
        lower |= b.is_ascii_lowercase();
        upper |= b.is_ascii_uppercase();
        digit |= b.is_ascii_digit();
    }
    if !(lower || upper) || !(digit || (lower && upper)) {
        return false;
    }
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Lower,
        Upper,
        Digit,
        Other,
    }
    let class = |b: u8| match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Digit,
        _ => Class::Other,
    };
    let mut pieces = 0usize;
    let mut letters_or_digits = 0usize;
    let mut prev: Option<Class> = None;
    for b in t.bytes() {
        let c = class(b);
        if c == Class::Other {
            prev = None;
            continue;
        }
        letters_or_digits += 1;
        // `UserProfile`: an upper-case letter followed by lower case is one word
        let same_word = match (prev, c) {
            (Some(p), c) if p == c => true,
            (Some(Class::Upper), Class::Lower) => true,
            _ => false,
        };
        if !same_word {
            pieces += 1;
        }
        prev = Some(c);
    }
    pieces > 0 && (letters_or_digits as f64) / (pieces as f64) < 3.0 && filter::entropy(t) >= 3.0
}

/// Every non-whitespace run replaced by [`REDACTED_WORD`]: what is stored when
/// redaction cannot run.
pub(crate) fn redact_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            out.push(c);
            in_word = false;
        } else if !in_word {
            out.push_str(REDACTED_WORD);
            in_word = true;
        }
    }
    out
}

/// [`crate::redact_text`] with the scanner and patterns passed in, so tests can take
/// either away and see redaction fail closed.
pub(crate) fn redact_using(
    scanner: Option<&Scanner>,
    patterns: Option<&PromptPatterns>,
    text: &str,
) -> String {
    let (Some(scanner), Some(patterns)) = (scanner, patterns) else {
        return redact_all(text);
    };
    let index = LineIndex::new(text);
    // Free text: a bare `KEY=value` is often followed by more words.
    let hits = scanner.hits("", text, &index, None, Bare::Any);
    if hits.failed.is_some() {
        return redact_all(text);
    }
    let mut spans: Vec<Span> = hits
        .hits
        .iter()
        .map(|h| Span {
            start: h.start,
            end: h.end,
            keep_prefix: !scanner.hit_is_chosen_value(h),
        })
        .collect();
    patterns.spans(text, &mut spans);
    spans.retain(|s| {
        s.start < s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    });
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let first = i;
        let (start, mut end) = (spans[i].start, spans[i].end);
        // overlapping spans (a rule hit inside a URL password) are hidden as one
        while i + 1 < spans.len() && spans[i + 1].start < end {
            i += 1;
            end = end.max(spans[i].end);
        }
        // it keeps its prefix when one token span covers all of it (`token ghp_…`: the
        // value after `token` is a GitHub token), else it is hidden whole
        let keep_prefix = spans[first..=i]
            .iter()
            .any(|s| s.keep_prefix && s.start <= start && s.end >= end);
        let span = Span {
            start,
            end,
            keep_prefix,
        };
        i += 1;
        if span.start < at {
            continue;
        }
        // whitespace at either end (a key body's line breaks) stays as it was
        let hidden = &text[span.start..span.end];
        let inner = hidden.trim();
        if inner.is_empty() {
            continue;
        }
        let start = span.start + (hidden.len() - hidden.trim_start().len());
        out.push_str(&text[at..start]);
        if span.keep_prefix {
            out.push_str(&redact(inner));
        } else {
            out.push_str(REDACTED_WORD);
        }
        at = start + inner.len();
    }
    out.push_str(&text[at..]);
    out
}

/// [`redact_using`] with the built-in scanner and patterns.
pub(crate) fn redact_with(scanner: Option<&Scanner>, text: &str) -> String {
    redact_using(scanner, PROMPT_PATTERNS.as_ref(), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn without_a_scanner_or_patterns_every_word_is_hidden() {
        let text = "deploy with\tpassword hunter2\nthen push";
        let all = "… …\t… …\n… …";
        assert_eq!(redact_with(None, text), all);
        let scanner = Scanner::new(&Config::default()).ok();
        assert!(scanner.is_some());
        assert_eq!(redact_using(scanner.as_ref(), None, text), all);
        let patterns = PromptPatterns::new().ok();
        assert!(patterns.is_some(), "prompt patterns must build");
        assert_ne!(redact_using(scanner.as_ref(), patterns.as_ref(), text), all);
    }

    #[test]
    fn random_tokens_and_names() {
        for random in [
            "aZ3kQ9xLm2PvR8tY6wN4",
            "k3j5h2l9m8n7b6v5c4x3z2",
            "9f86d081884c7d659a2feaa0c55ad015",
            "dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGRhdGE=",
        ] {
            assert!(looks_random(random), "{random}");
        }
        for name in [
            "getUserProfileById2024Handler",
            "src/components/UserProfile",
            "internationalization",
            "MAX_RETRY_COUNT_FOR_UPLOADS_2",
            "0123456789abcdef0123456789abcdef01234567",
            "123e4567-e89b-42d3-a456-426614174000",
            "CamelCaseIdentifierName",
            "test_redact_text_keeps_prose_v2",
        ] {
            assert!(!looks_random(name), "{name}");
        }
    }
}
