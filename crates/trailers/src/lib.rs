//! Git-compatible commit-message trailers: find, parse, add and remove them
//! exactly as `git interpret-trailers` does, with no I/O.
//!
//! ```
//! use provenance_trailers::{add_trailers, format_parsed, parse, remove_trailers, Config, Trailer};
//!
//! let config = Config::default();
//! let message = "Fix the frobnicator\n\nIt frobbed twice.\n\nSigned-off-by: A U Thor <a@example.com>\n";
//!
//! // `git interpret-trailers --parse`
//! let trailers = parse(message, &config);
//! assert_eq!(format_parsed(&trailers), "Signed-off-by: A U Thor <a@example.com>\n");
//!
//! // `git interpret-trailers --if-exists addIfDifferent --trailer 'Assisted-by=claude-code:opus'`
//! let new = [Trailer::new("Assisted-by", "claude-code:opus")];
//! let added = add_trailers(message, &new, &config);
//! assert!(added.ends_with("Signed-off-by: A U Thor <a@example.com>\nAssisted-by: claude-code:opus\n"));
//! // Adding the same trailer again changes nothing.
//! assert_eq!(add_trailers(&added, &new, &config), added);
//!
//! // Remove it again, leaving every other byte alone.
//! let removed = remove_trailers(&added, &config, |t| t.key == "Assisted-by");
//! assert_eq!(removed, message);
//! ```
//!
//! The rules follow git's `trailer.c` (git 2.47): only the last paragraph of
//! the message can be a trailer block, never the title; it is one when all its
//! lines are trailers, or when at least 25% are and one of them starts with a
//! git-generated prefix (`Signed-off-by: `, `(cherry picked from commit `).
//! Comment lines, a `---` divider and a `git commit -v` scissors line end the
//! message. Indented lines continue the trailer above them.

mod edit;
mod parse;
mod scan;

/// How to read trailers: the settings of `git interpret-trailers` that change
/// what counts as a trailer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Characters that separate a key from its value (`trailer.separators`);
    /// the first one is used when writing. Default `":"`.
    pub separators: String,
    /// The comment string (`core.commentChar` / `core.commentString`); lines
    /// starting with it are ignored. `None` treats no line as a comment.
    /// Default `Some("#")`.
    pub comment: Option<String>,
    /// Do not treat a `---` line as the end of the message (`--no-divider`).
    pub no_divider: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            separators: ":".to_owned(),
            comment: Some("#".to_owned()),
            no_divider: false,
        }
    }
}

impl Config {
    /// The comment string as bytes; an empty string counts as no comments.
    fn comment_bytes(&self) -> Option<&[u8]> {
        self.comment
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(str::as_bytes)
    }
}

/// One trailer: a key and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Trailer {
    /// The key (git's "token"), without the separator or surrounding spaces.
    pub key: String,
    /// The value, continuation lines unfolded and whitespace trimmed, as
    /// `git interpret-trailers --parse` prints it.
    pub value: String,
}

impl Trailer {
    /// A trailer from a key and a value.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Trailer {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Where a message's trailer block is, or where a new one would go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Byte offset of the block's first line; equals `end` when the message
    /// has no trailer block.
    pub start: usize,
    /// Byte offset just past the block: the end of the log message proper,
    /// before a `---` divider, trailing comments and trailing empty lines.
    /// At most the message's length.
    pub end: usize,
    /// Whether the line before `start` is blank; when it is not, git writes
    /// a blank line before a new block.
    pub blank_line_before: bool,
}

impl Block {
    /// True when the message has no trailer block (a new one would start at
    /// `start`).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The trailers of `message`, exactly those `git interpret-trailers --parse`
/// prints (`--only-trailers --only-input --unfold`), in order.
pub fn parse(message: &str, config: &Config) -> Vec<Trailer> {
    parse::parse(message, config)
}

/// `Key: value\n` lines exactly as `git interpret-trailers --parse` prints
/// them with the default separators.
pub fn format_parsed(trailers: &[Trailer]) -> String {
    format_parsed_with(trailers, &Config::default())
}

/// Like [`format_parsed`], writing the first of `config.separators` between
/// key and value as git does (`trailer.separators = "#:"` prints `Bug# 42`).
pub fn format_parsed_with(trailers: &[Trailer], config: &Config) -> String {
    let mut out = Vec::new();
    for t in trailers {
        edit::format_items(
            &mut out,
            t.key.as_bytes(),
            t.value.as_bytes(),
            config.separators.as_bytes(),
        );
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the trailer block of `message` is, or where a new one would go.
pub fn locate(message: &str, config: &Config) -> Block {
    let input = parse::Input::new(message);
    let (block, _) = parse::analyse(&input, config);
    let len = message.len();
    Block {
        start: block.start.min(len),
        end: block.end.min(len),
        blank_line_before: block.blank_line_before,
    }
}

/// Insert trailers like `git interpret-trailers --where end --if-exists
/// addIfDifferent --trailer '<key>=<value>'…`, byte for byte.
///
/// A trailer is skipped when one with the same key (case-insensitive) and the
/// same value (case-insensitive) is already in the block or was added before
/// it. Without a block a new one is started after a blank line. As git does,
/// the output always ends with a newline, an existing block is rewritten in
/// canonical form (`Key : v` → `Key: v`, comment lines in it dropped), and
/// the message after the block (a `---` patch part, trailing comments) is
/// kept. Line endings outside the block are kept; inside it git ends each
/// trailer with `\n` even in a CRLF message (a trailer's own trailing `\r`
/// is trimmed with its value), and so does this. When `new` is empty the
/// message is returned unchanged.
///
/// Each trailer is read as git reads `--trailer '<key>=<value>'`: `=` or a
/// configured separator inside the key splits there, and a trailer whose key
/// is empty is skipped (git reports an error for it and goes on).
pub fn add_trailers(message: &str, new: &[Trailer], config: &Config) -> String {
    edit::add_trailers(message, new, config)
}

/// Remove the trailers for which `pred` is true (given the trailer as
/// [`parse`] reports it) from the trailer block, with their continuation
/// lines; every other byte of the message stays as it was.
pub fn remove_trailers(message: &str, config: &Config, pred: impl Fn(&Trailer) -> bool) -> String {
    edit::remove_trailers(message, config, pred)
}
