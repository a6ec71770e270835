//! The engine: path and content skips, one aho-corasick pass for keywords, regexes only on
//! the lines (or bounded windows) around a keyword, value checks, allow comments.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use provenance_findings::{fingerprint, redact, Finding, Severity};
use regex::{Regex, RegexBuilder};

use crate::checksum::prefixed_crc32_ok;
use crate::config::{Config, RuleError};
use crate::filter;
use crate::rule::{path_ends_with, Check, RuleInfo};

/// Lines longer than this (minified files) are scanned in windows around each keyword, so
/// regex work per keyword hit is bounded.
const LONG_LINE: usize = 4096;
/// Window before / after a keyword hit on a long line.
const WINDOW_BEFORE: usize = 512;
const WINDOW_AFTER: usize = 2048;
/// How far before the first counted line a keyword search starts (a 4096-bit RSA key in
/// PEM is about 3.2 KiB, so a changed line inside a key block still sees its BEGIN line).
const SPAN_BEFORE: usize = 4 * 1024;
/// How far a multi-line rule (private key blocks) looks past its keyword's line.
const BLOCK_WINDOW: usize = 64 * 1024;
/// Binary detection looks at this many leading bytes for a NUL, like git does.
const BINARY_SNIFF: usize = 8000;

/// Comments that allow a finding on their line.
const ALLOW_MARKERS: &[&str] = &[
    "provenance:allow",
    "gitleaks:allow",
    "pragma: allowlist secret",
];

/// Paths that are vendored or generated: never scanned.
const BUILTIN_SKIP: &[&str] = &[
    "**/vendor/**",
    "**/node_modules/**",
    "**/third_party/**",
    "**/third-party/**",
    "**/package-lock.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/Cargo.lock",
    "**/go.sum",
    "**/poetry.lock",
    "**/Gemfile.lock",
    "**/composer.lock",
    "**/*.pb.go",
    "**/*_generated.*",
    "**/*.generated.*",
];

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A NUL byte in the first 8000 bytes (git's heuristic).
    Binary,
    /// Larger than `max_file_bytes`.
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The configured maximum.
        max: u64,
    },
    /// A Git LFS pointer: the content lives elsewhere.
    LfsPointer,
    /// Matched `allow_paths`.
    AllowedPath,
    /// Vendored or generated (built-in list or `skip_paths`).
    GeneratedOrVendored,
}

/// The result of scanning one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanOutcome {
    /// Findings, in file order. Snippets are redacted.
    pub findings: Vec<Finding>,
    /// Set when the file was not scanned, with why.
    pub skipped: Option<Skip>,
}

/// One rule ready to run (built-in or custom); its regex is compiled on first use.
struct Compiled {
    id: Cow<'static, str>,
    description: Cow<'static, str>,
    severity: Severity,
    source: Cow<'static, str>,
    check: Check,
    /// Path suffixes the rule is limited to (empty: all files).
    files: &'static [&'static str],
    regex: OnceLock<Option<Regex>>,
}

impl Compiled {
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| build_regex(&self.source).ok())
            .as_ref()
    }
}

pub(crate) fn build_regex(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).size_limit(1 << 22).build()
}

/// A raw hit before it becomes a [`Finding`]: byte span of the secret in the text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) rule: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Where the finding is reported: the secret, or a key block's first line.
    pub(crate) line_at: usize,
}

/// Scans file contents for secrets. Build once, scan many files; cheap to build because
/// regexes compile lazily, only when a rule's keyword shows up.
pub struct Scanner {
    rules: Vec<Compiled>,
    /// Lower-cased keyword patterns, in [`Scanner::keywords`] order.
    patterns: Vec<String>,
    keywords: AhoCorasick,
    /// Per keyword pattern: the rules it triggers.
    keyword_rules: Vec<Vec<usize>>,
    /// Custom rules without keywords: run on every line.
    always: Vec<usize>,
    allow: GlobSet,
    skip: GlobSet,
    max_file_bytes: u64,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.rules.len())
            .field("max_file_bytes", &self.max_file_bytes)
            .finish_non_exhaustive()
    }
}

fn glob_set(key: &'static str, globs: &[String], builtin: &[&str]) -> Result<GlobSet, RuleError> {
    let mut b = GlobSetBuilder::new();
    for g in builtin
        .iter()
        .map(|s| s.to_string())
        .chain(globs.iter().cloned())
    {
        let glob = Glob::new(&g).map_err(|e| RuleError::InvalidGlob {
            key,
            glob: g.clone(),
            message: e.to_string(),
        })?;
        b.add(glob);
        // `dir/**` should also match when the pattern is written relative (`tests/**`
        // for `tests/x`): globset already does; `*.ext` should match in subdirs too.
        if !g.contains('/') {
            if let Ok(glob) = Glob::new(&format!("**/{g}")) {
                b.add(glob);
            }
        }
    }
    b.build().map_err(|e| RuleError::InvalidGlob {
        key,
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

impl Scanner {
    /// Build a scanner from the built-in rules plus `config`'s custom rules.
    ///
    /// Custom regexes are compiled here so a bad one is reported with its rule id.
    pub fn new(config: &Config) -> Result<Scanner, RuleError> {
        let mut rules: Vec<Compiled> = crate::rules::all()
            .iter()
            .map(|r: &RuleInfo| Compiled {
                id: Cow::Borrowed(r.id),
                description: Cow::Borrowed(r.description),
                severity: r.severity,
                source: Cow::Borrowed(r.regex),
                check: r.check,
                files: r.files,
                regex: OnceLock::new(),
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        // keyword -> its pattern index (several hundred keywords: no linear search each)
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut add_keyword = |kw: &str, rule: usize, patterns: &mut Vec<String>| {
            let kw = kw.to_ascii_lowercase();
            match index.get(&kw) {
                Some(&i) => keyword_rules[i].push(rule),
                None => {
                    index.insert(kw.clone(), patterns.len());
                    patterns.push(kw);
                    keyword_rules.push(vec![rule]);
                }
            }
        };
        let mut always = Vec::new();
        for (i, r) in crate::rules::all().iter().enumerate() {
            if r.keywords.is_empty() {
                always.push(i);
            }
            for kw in r.keywords {
                add_keyword(kw, i, &mut patterns);
            }
        }
        for custom in &config.custom_rules {
            if custom.id.trim().is_empty() {
                return Err(RuleError::Empty {
                    id: custom.id.clone(),
                    what: "id",
                });
            }
            if custom.regex.is_empty() {
                return Err(RuleError::Empty {
                    id: custom.id.clone(),
                    what: "regex",
                });
            }
            if rules.iter().any(|r| r.id == custom.id.as_str()) {
                return Err(RuleError::DuplicateId {
                    id: custom.id.clone(),
                });
            }
            let regex = build_regex(&custom.regex).map_err(|e| RuleError::InvalidRegex {
                id: custom.id.clone(),
                message: e.to_string(),
            })?;
            let index = rules.len();
            let cell = OnceLock::new();
            let _ = cell.set(Some(regex));
            rules.push(Compiled {
                id: Cow::Owned(custom.id.clone()),
                description: Cow::Owned(
                    custom
                        .description
                        .clone()
                        .unwrap_or_else(|| format!("Custom secret rule {}", custom.id)),
                ),
                severity: custom.severity,
                source: Cow::Owned(custom.regex.clone()),
                check: Check::Entropy(0.0),
                files: &[],
                regex: cell,
            });
            if custom.keywords.is_empty() {
                always.push(index);
            }
            for kw in &custom.keywords {
                add_keyword(kw, index, &mut patterns);
            }
        }
        // The default (contiguous NFA) kind: a DFA scans faster (see `for_bulk`) but takes
        // ~4 ms to build for these few hundred keywords, which a pre-commit hook pays.
        let keywords = keyword_automaton(&patterns, None)?;
        Ok(Scanner {
            rules,
            patterns,
            keywords,
            keyword_rules,
            always,
            allow: glob_set("allow_paths", &config.allow_paths, &[])?,
            skip: glob_set("skip_paths", &config.skip_paths, BUILTIN_SKIP)?,
            max_file_bytes: config.max_file_bytes,
        })
    }

    /// The same scanner tuned for scanning a lot of content (history, whole trees): its
    /// keyword automaton becomes a DFA, ~30% faster per byte but ~4 ms to build.
    pub fn for_bulk(mut self) -> Result<Scanner, RuleError> {
        self.keywords = keyword_automaton(&self.patterns, Some(AhoCorasickKind::DFA))?;
        Ok(self)
    }

    /// Scan one file's content.
    ///
    /// `path` is repository-relative and `/`-separated (used for path globs, findings and
    /// fingerprints). `lines`: `None` scans every line; `Some(ranges)` reports only findings
    /// on these 1-based inclusive line ranges (the added lines of a staged diff).
    pub fn scan(&self, path: &str, content: &[u8], lines: Option<&[(u32, u32)]>) -> ScanOutcome {
        // UTF-16 with a byte-order mark (Windows PowerShell, .reg, .rdp files): its NUL
        // bytes would read as binary; decode it and scan the text (same lines).
        if let Some(utf8) = decode_utf16_bom(content) {
            return self.scan(path, utf8.as_bytes(), lines);
        }
        if let Some(skip) = self.skip_reason(path, content) {
            return ScanOutcome {
                findings: Vec::new(),
                skipped: Some(skip),
            };
        }
        // Valid UTF-8 (nearly everything) is borrowed after a fast check; the lossy
        // decoder is several times slower per byte.
        let text = match std::str::from_utf8(content) {
            Ok(t) => Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(content),
        };
        let (text, bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, 3),
            None => (&*text, 0),
        };
        let _ = bom;
        let index = LineIndex::new(text);
        let bare = if is_source_code(path) {
            Bare::Reject
        } else {
            Bare::EndOfStatement
        };
        let hits = self.hits(path, text, &index, lines, bare);
        let findings = hits
            .into_iter()
            .map(|h| self.finding(path, text, &index, &h))
            .collect();
        ScanOutcome {
            findings,
            skipped: None,
        }
    }

    /// True when files at `path` are never scanned (`allow_paths`, `skip_paths`, the
    /// built-in vendored/generated list), whatever their content.
    pub fn skips_path(&self, path: &str) -> bool {
        self.allow.is_match(path) || self.skip.is_match(path)
    }

    /// Files larger than this are not scanned (`max_file_bytes`).
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes
    }

    /// Why `path`/`content` is not scanned, if it is not.
    pub fn skip_reason(&self, path: &str, content: &[u8]) -> Option<Skip> {
        if self.allow.is_match(path) {
            return Some(Skip::AllowedPath);
        }
        if self.skip.is_match(path) {
            return Some(Skip::GeneratedOrVendored);
        }
        if content.starts_with(b"version https://git-lfs.github.com/spec/") && content.len() < 1024
        {
            return Some(Skip::LfsPointer);
        }
        let bytes = content.len() as u64;
        if bytes > self.max_file_bytes {
            return Some(Skip::TooLarge {
                bytes,
                max: self.max_file_bytes,
            });
        }
        if memchr::memchr(0, &content[..content.len().min(BINARY_SNIFF)]).is_some() {
            return Some(Skip::Binary);
        }
        None
    }

    fn finding(&self, path: &str, text: &str, index: &LineIndex, hit: &Hit) -> Finding {
        let rule = &self.rules[hit.rule];
        let value = &text[hit.start..hit.end];
        let line = index.line_of(hit.line_at);
        let line_start = index.start_of(line);
        let column = text[line_start..hit.line_at].chars().count() as u32 + 1;
        Finding::new("secrets", &rule.id, rule.severity, path, line)
            .with_column(column)
            .with_message(format!("{} ({})", rule.description, rule.id))
            .with_snippet(redact(value.trim()))
            .with_fingerprint(fingerprint(&rule.id, path, value))
            .with_cwe("CWE-798")
    }

    /// All accepted hits in `text`, in text order, overlaps resolved.
    pub(crate) fn hits(
        &self,
        path: &str,
        text: &str,
        index: &LineIndex,
        lines: Option<&[(u32, u32)]>,
        bare: Bare,
    ) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut covered = vec![0usize; self.rules.len()];
        let mut candidates: Vec<Hit> = Vec::new();
        let in_ranges = |line: u32| match lines {
            None => true,
            Some(ranges) => ranges.iter().any(|&(a, b)| a <= line && line <= b),
        };
        let run =
            |rule_idx: usize, pos: usize, candidates: &mut Vec<Hit>, covered: &mut [usize]| {
                let rule = &self.rules[rule_idx];
                if pos < covered[rule_idx] {
                    return;
                }
                if !rule.files.is_empty() && !rule.files.iter().any(|f| path_ends_with(path, f)) {
                    covered[rule_idx] = usize::MAX;
                    return;
                }
                let line = index.line_of(pos);
                let multiline = rule.check.is_multiline();
                if !multiline && !in_ranges(line) {
                    covered[rule_idx] = index.end_of(line);
                    return;
                }
                let (ls, le) = (index.start_of(line), index.end_of(line));
                let (start, end) = if rule.check == Check::KeyBlock {
                    (ls, floor_char(text, (ls + BLOCK_WINDOW).min(bytes.len())))
                } else if multiline {
                    // a name/value pair: this line and the next
                    (ls, index.end_of(line + 1).max(le))
                } else if le - ls > LONG_LINE {
                    (
                        ceil_char(text, pos.saturating_sub(WINDOW_BEFORE).max(ls)),
                        floor_char(text, (pos + WINDOW_AFTER).min(le)),
                    )
                } else {
                    (ls, le)
                };
                let Some(re) = rule.regex() else { return };
                let region = &text[start..end];
                let mut last = if multiline { le } else { end };
                let mut at = 0;
                while at <= region.len() {
                    let Some(caps) = re.captures_at(region, at) else {
                        break;
                    };
                    let Some(whole) = caps.get(0) else { break };
                    let m = caps.name("s").or_else(|| caps.name("s2")).unwrap_or(whole);
                    if multiline {
                        last = last.max(start + whole.end());
                    }
                    match self.accept(rule, &caps, m, text, start, end, bare) {
                        Some((s, e)) => {
                            // a key block is reported where it begins; anything else at the secret
                            let line_at = if rule.check == Check::KeyBlock {
                                start + whole.start()
                            } else {
                                s
                            };
                            candidates.push(Hit {
                                rule: rule_idx,
                                start: s,
                                end: e,
                                line_at,
                            });
                            at = whole.end().max(whole.start() + 1);
                        }
                        // Rejected: when the value is embedded JSON / a mapping, look again
                        // inside it (`CONFIG='{"auth":"…"}'`); else go on after the match.
                        None => {
                            let inner = m.as_str().trim_start_matches(['"', '\'', '`']);
                            at = if inner.starts_with(['{', '[']) {
                                m.start().max(whole.start() + 1)
                            } else {
                                whole.end().max(whole.start() + 1)
                            };
                        }
                    }
                    at = ceil_char(region, at);
                }
                covered[rule_idx] = if multiline || le - ls <= LONG_LINE {
                    last
                } else {
                    end.saturating_sub(WINDOW_BEFORE)
                };
            };
        for (from, to) in search_spans(index, lines, bytes.len()) {
            for m in self.keywords.find_overlapping_iter(&bytes[from..to]) {
                for &r in &self.keyword_rules[m.pattern().as_usize()] {
                    run(r, from + m.start(), &mut candidates, &mut covered);
                }
            }
        }
        if !self.always.is_empty() {
            for line in 1..=index.count() {
                for &r in &self.always {
                    run(r, index.start_of(line), &mut candidates, &mut covered);
                }
            }
        }
        // Specific rules win over generic ones; earlier (more specific) rules win ties.
        candidates.sort_by_key(|h| (self.rules[h.rule].check.is_generic(), h.rule, h.start));
        let mut accepted: Vec<Hit> = Vec::new();
        for h in candidates {
            if accepted.iter().any(|a| a.start < h.end && h.start < a.end) {
                continue;
            }
            let first = index.line_of(h.line_at.min(h.start));
            let last = index.line_of(h.end.saturating_sub(1).max(h.start));
            if let Some(ranges) = lines {
                if !ranges.iter().any(|&(a, b)| a <= last && first <= b) {
                    continue;
                }
            }
            if index.line_allows(text, first)
                || (last != first && index.line_allows(text, last))
                || index.line_is_documentation(text, first)
            {
                continue;
            }
            accepted.push(h);
        }
        accepted.sort_by_key(|h| (h.start, h.rule));
        accepted
    }

    /// The secret's byte span in `text` when the match at `m` (inside the region starting
    /// at `start`, ending at `end`) passes the rule's checks.
    #[allow(clippy::too_many_arguments)]
    fn accept(
        &self,
        rule: &Compiled,
        caps: &regex::Captures<'_>,
        m: regex::Match<'_>,
        text: &str,
        start: usize,
        end: usize,
        bare: Bare,
    ) -> Option<(usize, usize)> {
        let (mut s, mut e) = (start + m.start(), start + m.end());
        let mut value = m.as_str();
        if rule.check.is_generic() && is_ternary_branch(text, start, caps) {
            // `auth_proto ? auth_proto : "MIT-MAGIC-COOKIE-1"`: an expression, not a key
            return None;
        }
        if rule.check.is_generic() && value.len() >= 2 {
            // Generic values are captured with their quotes; the secret is inside.
            let b = value.as_bytes();
            if matches!(b[0], b'"' | b'\'' | b'`') && b[b.len() - 1] == b[0] {
                value = &value[1..value.len() - 1];
                s += 1;
                e -= 1;
            } else if caps.name("k").is_some() && !quoted_by_regex(text, s, e) {
                if bare == Bare::Reject {
                    return None;
                }
                // A bare value must end its statement: `KEY=value`, `key: value # note`,
                // `…=value;` — not `$x = Some-Cmdlet -Flag`.
                let rest = text[e..end].trim_start();
                // `"secretsmanager:resource/x": {` is a JSON key, not an assignment
                if text[e..end].starts_with("\":") {
                    return None;
                }
                // `KEY=value` with no space around `=` is a shell/env assignment: the value
                // ends at whitespace even when more arguments follow (`docker run -e K=v img`)
                let b = text.as_bytes();
                let env_style = s >= 2 && b[s - 1] == b'=' && !b[s - 2].is_ascii_whitespace();
                let ends = bare == Bare::Any
                    || env_style
                    || rest.is_empty()
                    || rest.starts_with(['#', ';', ',', '}', ']', ')', '&', '<', '"', '\''])
                    || rest.starts_with("//");
                if !ends {
                    return None;
                }
            }
        }
        (s < e && self.value_ok(rule.check, caps, value)).then_some((s, e))
    }

    fn value_ok(&self, check: Check, caps: &regex::Captures<'_>, value: &str) -> bool {
        match check {
            Check::Entropy(min) => !filter::is_placeholder(value) && filter::entropy(value) >= min,
            Check::Crc32 => prefixed_crc32_ok(value),
            Check::Generic(min_len) | Check::GenericPair(min_len) => {
                let key_ok = caps.name("k").is_none_or(|k| {
                    crate::generic::key_ok(k.as_str())
                        || (crate::generic::bare_key(k.as_str()) && filter::strong_random(value))
                });
                key_ok && !filter::is_placeholder(value) && filter::generic_value_ok(value, min_len)
            }
            Check::KeyBlock => {
                let b64 = value
                    .bytes()
                    .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
                    .count();
                b64 >= 64
                    && key_body_ok(value)
                    && !filter::is_placeholder(value)
                    && filter::entropy(value) >= 4.0
            }
            Check::Jwt => crate::generic::jwt_ok(value) && !filter::is_placeholder(value),
            Check::UrlPassword => {
                let user = caps.name("u").map_or("", |u| u.as_str());
                let host = caps.name("h").map_or("", |h| h.as_str());
                crate::generic::url_password_ok(user, value, host)
            }
        }
    }
}

/// One case-insensitive automaton over every rule keyword, reporting overlapping matches.
fn keyword_automaton(
    patterns: &[String],
    kind: Option<AhoCorasickKind>,
) -> Result<AhoCorasick, RuleError> {
    AhoCorasickBuilder::new()
        .kind(kind)
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .map_err(|e| RuleError::InvalidRegex {
            id: "<keywords>".to_string(),
            message: e.to_string(),
        })
}

/// The byte spans worth a keyword search: everything, or the given lines plus context. A
/// multi-line finding (a key block, a name line then a value line) can start before the
/// first counted line, so each span starts up to [`SPAN_BEFORE`] bytes earlier (at a line
/// start) and ends one line later.
fn search_spans(
    index: &LineIndex,
    lines: Option<&[(u32, u32)]>,
    len: usize,
) -> Vec<(usize, usize)> {
    let Some(ranges) = lines else {
        return vec![(0, len)];
    };
    let mut spans: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|(a, b)| a <= b)
        .map(|&(a, b)| {
            let from = index.start_of(a).saturating_sub(SPAN_BEFORE);
            let from = index.start_of(index.line_of(from));
            let to = index
                .end_of(b.saturating_add(1).min(index.count()))
                .max(index.end_of(b));
            (from, to.min(len))
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// How generic rules treat an unquoted value after a credential-named key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bare {
    /// Source code: a literal secret is always quoted; a bare value is an expression.
    Reject,
    /// Config files (.env, YAML, properties, shell): bare values count when they end the
    /// statement.
    EndOfStatement,
    /// Free text (prompts): any bare value counts.
    Any,
}

/// Extensions of programming-language sources, where `password = x` assigns a variable.
const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "go", "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "java", "kt", "kts", "scala",
    "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "swift", "m", "mm", "rb", "php", "dart",
    "lua", "ex", "exs", "erl", "hs", "clj", "groovy", "vb", "fs", "r", "jl", "zig", "nim", "sol",
    "vue", "svelte", "pl", "pm", "tcl", "tm", "vim", "ps1", "psm1",
];

fn is_source_code(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && SOURCE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// `content` as UTF-8 when it starts with a UTF-16 byte-order mark (little or big endian);
/// unpaired surrogates become U+FFFD. `None` for anything else.
fn decode_utf16_bom(content: &[u8]) -> Option<String> {
    let little = match content {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = content[2..].chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// True when a key block's body is what keys are made of: base64 lines, optionally inside
/// a source-code string (`"MIIE…\n" +`), plus `Name: value` header lines. Code between a
/// header string and a footer string (`#define PEM_RSA_HEADER "-----BEGIN RSA PRIVATE
/// KEY-----"` … `"-----END …"`) is not, and neither is a body holding another armor line.
fn key_body_ok(body: &str) -> bool {
    if body.contains("-----") {
        return false;
    }
    // JSON stores a PEM key on one line with `\n` escapes (GCP service-account files)
    body.lines().flat_map(|l| l.split("\\n")).all(|line| {
        let line = line.trim();
        let line = line
            .trim_start_matches(['"', '\'', '`', '+'])
            .trim_end_matches(['"', '\'', '`', '+', ',', ';', ')'])
            .trim_end_matches("\\n")
            .trim_end_matches("\\r")
            .trim();
        line.is_empty()
            || line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            || line.split_once(": ").is_some_and(|(name, _)| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    })
}

/// True when a generic rule's `key: value` is the second branch of a conditional
/// expression (`cond ? key : "value"`): the text before the key ends with `?`. `caps`
/// positions are relative to `text[start..]`.
fn is_ternary_branch(text: &str, start: usize, caps: &regex::Captures<'_>) -> bool {
    let Some(k) = caps.name("k") else {
        return false;
    };
    let (k_start, k_end) = (start + k.start(), start + k.end());
    let after_key = text[k_end..].trim_start_matches(['"', '\'', ']', ' ', '\t']);
    if !after_key.starts_with(':') || after_key.starts_with(":=") {
        return false;
    }
    let line_start = text[..k_start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..k_start]
        .trim_end_matches(['"', '\'', ' ', '\t'])
        .ends_with('?')
}

/// True when the regex matched the value between quotes it left outside the group.
fn quoted_by_regex(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    s > 0 && e < b.len() && matches!(b[s - 1], b'"' | b'\'' | b'`') && b[e] == b[s - 1]
}

/// Round down to a char boundary.
fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Round up to a char boundary.
fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Byte offsets of line starts and content ends; lines are 1-based. `\r\n` and `\n` both
/// end a line.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ends = Vec::new();
        for nl in memchr::memchr_iter(b'\n', bytes) {
            let end = if nl > 0 && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            ends.push(end);
            starts.push(nl + 1);
        }
        ends.push(bytes.len());
        LineIndex { starts, ends }
    }

    fn count(&self) -> u32 {
        self.starts.len() as u32
    }

    /// 1-based line holding byte `pos`.
    pub(crate) fn line_of(&self, pos: usize) -> u32 {
        match self.starts.binary_search(&pos) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    fn start_of(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.starts.get(i).copied().unwrap_or(0)
    }

    /// End of the line's content (before `\r\n` / `\n`).
    fn end_of(&self, line: u32) -> usize {
        let i = (line.max(1) - 1) as usize;
        self.ends.get(i).copied().unwrap_or(0)
    }

    /// Vendor documentation marks example credentials with `EXAMPLE` (AWS's
    /// `AKIA…EXAMPLE` key id next to its example secret): nothing on such a line is live.
    fn line_is_documentation(&self, text: &str, line: u32) -> bool {
        let (s, e) = (self.start_of(line), self.end_of(line));
        text.get(s..e).is_some_and(|l| l.contains("EXAMPLE"))
    }

    fn line_allows(&self, text: &str, line: u32) -> bool {
        let (s, e) = (self.start_of(line), self.end_of(line));
        text.get(s..e)
            .is_some_and(|l| ALLOW_MARKERS.iter().any(|m| l.contains(m)))
    }
}

impl Scanner {
    /// `text` with every detected secret value replaced by its redacted form.
    pub fn redact(&self, text: &str) -> String {
        let index = LineIndex::new(text);
        // Free text (prompts): a bare `KEY=value` is often followed by more words.
        let hits = self.hits("", text, &index, None, Bare::Any);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in hits {
            if h.start < at {
                continue;
            }
            out.push_str(&text[at..h.start]);
            out.push_str(&redact(&text[h.start..h.end]));
            at = h.end;
        }
        out.push_str(&text[at..]);
        out
    }
}
