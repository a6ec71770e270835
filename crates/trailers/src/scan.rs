//! Locating the trailer block: where the log message really ends and where
//! its last paragraph starts, following git's `trailer.c` and `commit.c`.
//!
//! Everything here works on bytes, like git: offsets always fall on line
//! starts or on ASCII bytes, so they are valid `str` boundaries.

use crate::Config;

/// The prefixes git itself writes; one of them in a paragraph lowers the bar
/// for that paragraph to count as a trailer block (git trailer.c:
/// `git_generated_prefixes`).
const GIT_GENERATED_PREFIXES: [&[u8]; 2] = [b"Signed-off-by: ", b"(cherry picked from commit "];

/// The scissors line `git commit -v` writes after the comment string and a space
/// (git wt-status.c: `cut_line`).
const CUT_LINE: &[u8] = b"------------------------ >8 ------------------------\n";

/// git's `isspace`: only space, tab, LF and CR (git's own ctype table leaves
/// out vertical tab and form feed).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// git's `strbuf_trim`.
pub(crate) fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

/// Offset just past the line that starts at `pos` (or the end of `buf`).
fn next_line(buf: &[u8], pos: usize) -> usize {
    match memchr::memchr(b'\n', &buf[pos.min(buf.len())..]) {
        Some(i) => pos + i + 1,
        None => buf.len(),
    }
}

/// Start of the last line of `buf[..len]`, treating a final newline as part of
/// that line; `None` for an empty range (git trailer.c: `last_line`).
fn last_line(buf: &[u8], len: usize) -> Option<usize> {
    match len {
        0 => None,
        1 => Some(0),
        _ => Some(
            buf[..len - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1),
        ),
    }
}

/// True when the line at `pos` holds only whitespace.
fn is_blank_line(buf: &[u8], pos: usize) -> bool {
    buf[pos.min(buf.len())..]
        .iter()
        .find(|&&b| !(b != b'\n' && is_space(b)))
        .is_none_or(|&b| b == b'\n')
}

/// `starts_with_mem`: does `buf[pos..limit]` start with the comment string?
fn starts_with_comment(buf: &[u8], pos: usize, limit: usize, comment: Option<&[u8]>) -> bool {
    match comment {
        Some(c) => pos <= limit && buf[pos..limit.min(buf.len())].starts_with(c),
        None => false,
    }
}

/// Where a `git commit -v` scissors line cuts the message
/// (git wt-status.c: `wt_status_locate_end`). `buf` is the whole input, as
/// git searches past `len` too.
fn locate_scissors(buf: &[u8], len: usize, comment: Option<&[u8]>) -> usize {
    let Some(comment) = comment else {
        return len;
    };
    let mut pattern = Vec::with_capacity(comment.len() + CUT_LINE.len() + 2);
    pattern.push(b'\n');
    pattern.extend_from_slice(comment);
    pattern.push(b' ');
    pattern.extend_from_slice(CUT_LINE);
    if buf.starts_with(&pattern[1..]) {
        return 0;
    }
    match memchr::memmem::find(buf, &pattern) {
        Some(p) if p + 1 < len => p + 1,
        _ => len,
    }
}

/// Bytes at the end of `buf[..len]` that are not part of the log message:
/// trailing comment and empty lines, an old `Conflicts:` block, anything below
/// a scissors line (git commit.c: `ignored_log_message_bytes`).
fn ignored_log_message_bytes(buf: &[u8], len: usize, comment: Option<&[u8]>) -> usize {
    // 0 doubles as "no run" in git, so a run starting at offset 0 is only
    // noticed from its second line on; kept for byte-exactness.
    let mut boc = 0;
    let mut bol = 0;
    let mut in_old_conflicts_block = false;
    let cutoff = locate_scissors(buf, len, comment);
    while bol < cutoff {
        let next = match memchr::memchr(b'\n', &buf[bol..len]) {
            Some(i) => bol + i + 1,
            None => len,
        };
        if starts_with_comment(buf, bol, cutoff, comment) || buf[bol] == b'\n' {
            if boc == 0 {
                boc = bol;
            }
        } else if buf[bol..].starts_with(b"Conflicts:\n") {
            in_old_conflicts_block = true;
            if boc == 0 {
                boc = bol;
            }
        } else if in_old_conflicts_block && buf[bol] == b'\t' {
            // a pathname in the conflicts block
        } else if boc != 0 {
            boc = 0;
            in_old_conflicts_block = false;
        }
        bol = next;
    }
    if boc != 0 {
        len - boc
    } else {
        len - cutoff
    }
}

/// End of the log message proper: before a `---` divider (unless
/// `no_divider`) and before trailing ignorable lines (git trailer.c:
/// `find_end_of_log_message`).
pub(crate) fn end_of_log_message(buf: &[u8], config: &Config) -> usize {
    let mut end = buf.len();
    if !config.no_divider {
        let mut s = 0;
        while s < buf.len() {
            // git: skip_prefix(s, "---") && isspace(next byte); a NUL (end)
            // is not a space.
            if buf[s..].starts_with(b"---") && buf.get(s + 3).is_some_and(|&b| is_space(b)) {
                end = s;
                break;
            }
            s = next_line(buf, s);
        }
    }
    end - ignored_log_message_bytes(buf, end, config.comment_bytes())
}

/// Find the separator of a `<token><optional whitespace><separator>` line: the
/// offset of the separator, `Some(0)` when the line starts with one, `None`
/// when the line is not of that form (git trailer.c: `find_separator`).
pub(crate) fn find_separator(line: &[u8], separators: &[u8]) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, &c) in line.iter().enumerate() {
        if c == 0 {
            break;
        }
        if separators.contains(&c) {
            return Some(i);
        }
        if !whitespace_found && (c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        if i != 0 && (c == b' ' || c == b'\t') {
            whitespace_found = true;
            continue;
        }
        break;
    }
    None
}

/// Start of the trailer block in `buf[..len]`, or `len` when the last paragraph
/// is not one (git trailer.c: `find_trailer_block_start`).
///
/// Scanning back from the end, the paragraph after the last blank line is a
/// block when all its lines are trailers, or when at least 25% are and one
/// starts with a git-generated prefix. The title paragraph never counts.
pub(crate) fn trailer_block_start(buf: &[u8], len: usize, config: &Config) -> usize {
    let comment = config.comment_bytes();
    let separators = config.separators.as_bytes();

    let mut s = 0;
    while s < len {
        if starts_with_comment(buf, s, len, comment) {
            s = next_line(buf, s);
            continue;
        }
        if is_blank_line(buf, s) {
            break;
        }
        s = next_line(buf, s);
    }
    let end_of_title = s;

    let mut only_spaces = true;
    let mut recognized_prefix = false;
    let mut trailer_lines = 0usize;
    let mut non_trailer_lines = 0usize;
    // Indented lines seen so far: continuations if a trailer precedes them,
    // non-trailers otherwise.
    let mut possible_continuation_lines = 0usize;

    let mut cursor = last_line(buf, len);
    while let Some(bol) = cursor.filter(|&l| l >= end_of_title) {
        cursor = last_line(buf, bol);
        if starts_with_comment(buf, bol, len, comment) {
            non_trailer_lines += possible_continuation_lines;
            possible_continuation_lines = 0;
            continue;
        }
        if is_blank_line(buf, bol) {
            if only_spaces {
                continue;
            }
            non_trailer_lines += possible_continuation_lines;
            if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines)
                || (trailer_lines > 0 && non_trailer_lines == 0)
            {
                return next_line(buf, bol);
            }
            return len;
        }
        only_spaces = false;

        let line = &buf[bol..];
        if GIT_GENERATED_PREFIXES.iter().any(|p| line.starts_with(p)) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
            recognized_prefix = true;
            continue;
        }
        let separator = find_separator(line, separators);
        if separator.is_some_and(|p| p >= 1) && !is_space(line[0]) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
        } else if is_space(line[0]) {
            possible_continuation_lines += 1;
        } else {
            non_trailer_lines += 1 + possible_continuation_lines;
            possible_continuation_lines = 0;
        }
    }
    len
}

/// True when the line just before `pos` is blank (git trailer.c:
/// `ends_with_blank_line`).
pub(crate) fn ends_with_blank_line(buf: &[u8], pos: usize) -> bool {
    last_line(buf, pos).is_some_and(|ll| is_blank_line(buf, ll))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_rules() {
        assert_eq!(find_separator(b"Key: v", b":"), Some(3));
        assert_eq!(find_separator(b"Key : v", b":"), Some(4));
        assert_eq!(find_separator(b"Bug #42", b":#"), Some(4));
        assert_eq!(find_separator(b": v", b":"), Some(0));
        assert_eq!(find_separator(b" Key: v", b":"), None);
        assert_eq!(find_separator(b"Two words: v", b":"), None);
        assert_eq!(find_separator(b"Key_x: v", b":"), None);
    }

    #[test]
    fn trim_matches_git() {
        assert_eq!(trim(b" \t a b \r\n"), b"a b");
        assert_eq!(trim(b"   "), b"");
        assert_eq!(trim(b"\x0bx\x0c"), b"\x0bx\x0c");
    }

    #[test]
    fn last_line_positions() {
        assert_eq!(last_line(b"", 0), None);
        assert_eq!(last_line(b"a\nb\n", 4), Some(2));
        assert_eq!(last_line(b"a\nb", 3), Some(2));
        assert_eq!(last_line(b"a\nb\n", 2), Some(0));
    }
}
