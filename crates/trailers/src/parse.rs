//! Splitting a message's trailer block into entries and reading trailers out of
//! them, as `git interpret-trailers --parse` does.

use std::ops::Range;

use crate::scan::{self, find_separator, is_space, trim};
use crate::{Block, Config, Trailer};

/// The message as git sees it: input without a final newline gets one
/// (`git interpret-trailers` completes the last line before parsing), and
/// git's C strings stop at the first NUL byte.
pub(crate) struct Input<'a> {
    /// The completed input, what git writes out around the block.
    pub(crate) full: std::borrow::Cow<'a, [u8]>,
    /// Length up to the first NUL: what git analyses.
    pub(crate) analysed: usize,
}

impl<'a> Input<'a> {
    pub(crate) fn new(message: &'a str) -> Self {
        let bytes = message.as_bytes();
        let full: std::borrow::Cow<'a, [u8]> = if bytes.last().is_some_and(|&b| b != b'\n') {
            let mut owned = bytes.to_vec();
            owned.push(b'\n');
            owned.into()
        } else {
            bytes.into()
        };
        let analysed = memchr::memchr(0, &full).unwrap_or(full.len());
        Input { full, analysed }
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.full[..self.analysed]
    }
}

/// One logical line of the trailer block: a line plus the indented lines that
/// continue it (only a line with a separator takes continuations).
pub(crate) struct Entry {
    /// Byte range in the (completed) input, terminators included.
    pub(crate) range: Range<usize>,
    /// Offset of the separator within the entry, for a trailer.
    pub(crate) separator: Option<usize>,
    /// A comment line; git drops these from the block.
    pub(crate) comment: bool,
}

/// Locate the block and split it into entries (git trailer.c:
/// `trailer_info_get`).
pub(crate) fn analyse(input: &Input<'_>, config: &Config) -> (Block, Vec<Entry>) {
    let buf = input.bytes();
    let end = scan::end_of_log_message(buf, config);
    let start = scan::trailer_block_start(buf, end, config);
    let block = Block {
        start,
        end,
        blank_line_before: scan::ends_with_blank_line(buf, start),
    };

    let separators = config.separators.as_bytes();
    let mut entries: Vec<Entry> = Vec::new();
    // Index of the entry that may take continuation lines.
    let mut last: Option<usize> = None;
    let mut pos = start;
    while pos < end {
        let line_end = match memchr::memchr(b'\n', &buf[pos..end]) {
            Some(i) => pos + i + 1,
            None => end,
        };
        match last {
            Some(i) if is_space(buf[pos]) => entries[i].range.end = line_end,
            _ => {
                let line = &buf[pos..line_end];
                let separator = find_separator(line, separators);
                last = separator.filter(|&p| p >= 1).map(|_| entries.len());
                let comment = config.comment_bytes().is_some_and(|c| line.starts_with(c));
                entries.push(Entry {
                    range: pos..line_end,
                    separator: separator.filter(|&p| p >= 1),
                    comment,
                });
            }
        }
        pos = line_end;
    }
    (block, entries)
}

/// Key and value of a trailer entry, trimmed; the value keeps its folded
/// lines (git trailer.c: `parse_trailer`).
pub(crate) fn split_entry(text: &[u8], separator: usize) -> (&[u8], &[u8]) {
    (trim(&text[..separator]), trim(&text[separator + 1..]))
}

/// Join continuation lines into one, each line break and the indentation after
/// it becoming a single space (git trailer.c: `unfold_value`).
pub(crate) fn unfold(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        i += 1;
        if c == b'\n' {
            while i < value.len() && is_space(value[i]) {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(c);
        }
    }
    trim(&out).to_vec()
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The trailer an entry holds, as `--parse` reports it, or `None` for comment
/// and non-trailer lines.
pub(crate) fn entry_trailer(buf: &[u8], entry: &Entry) -> Option<Trailer> {
    if entry.comment {
        return None;
    }
    let separator = entry.separator?;
    let (key, value) = split_entry(&buf[entry.range.clone()], separator);
    Some(Trailer {
        key: text(key),
        value: text(&unfold(value)),
    })
}

/// See [`crate::parse`].
pub(crate) fn parse(message: &str, config: &Config) -> Vec<Trailer> {
    let input = Input::new(message);
    let (_, entries) = analyse(&input, config);
    entries
        .iter()
        .filter_map(|e| entry_trailer(input.bytes(), e))
        .collect()
}
