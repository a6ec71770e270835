//! Adding and removing trailers, byte for byte as `git interpret-trailers`.

use crate::parse::{analyse, entry_trailer, split_entry, Input};
use crate::scan::{find_separator, trim};
use crate::{Config, Trailer};

/// One item of git's trailer list: a trailer (token and raw, folded value) or
/// a non-trailer line kept as it was.
struct Item {
    token: Option<Vec<u8>>,
    value: Vec<u8>,
}

/// Length of a token without its trailing punctuation, e.g. `Signed-off-by:`
/// → 13 (git trailer.c: `token_len_without_separator`).
fn token_len_without_separator(token: &[u8]) -> usize {
    token
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1)
}

/// git trailer.c `same_token`: tokens agree case-insensitively on the length
/// of the shorter one, ignoring trailing punctuation.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    let n = token_len_without_separator(a).min(token_len_without_separator(b));
    a[..n].eq_ignore_ascii_case(&b[..n])
}

/// A `--trailer '<key>=<value>'` argument as git reads it: `=` or any
/// configured separator splits it; `None` when git rejects it for an empty
/// token (git trailer.c: `parse_trailers_from_command_line_args`).
fn argument(trailer: &Trailer, config: &Config) -> Option<Item> {
    let mut arg = Vec::with_capacity(trailer.key.len() + trailer.value.len() + 1);
    arg.extend_from_slice(trailer.key.as_bytes());
    arg.push(b'=');
    arg.extend_from_slice(trailer.value.as_bytes());
    let mut separators = vec![b'='];
    separators.extend_from_slice(config.separators.as_bytes());
    // git reads arguments as C strings.
    let arg = &arg[..memchr::memchr(0, &arg).unwrap_or(arg.len())];
    match find_separator(arg, &separators) {
        Some(0) => None,
        Some(p) => {
            let (token, value) = split_entry(arg, p);
            Some(Item {
                token: Some(token.to_vec()),
                value: value.to_vec(),
            })
        }
        None => Some(Item {
            token: Some(trim(arg).to_vec()),
            value: Vec::new(),
        }),
    }
}

/// Append `new` with `--where end --if-exists addIfDifferent` semantics (git
/// trailer.c: `find_same_and_apply_arg`, `check_if_different`).
fn apply(items: &mut Vec<Item>, new: Item) {
    let Some(new_token) = new.token.as_deref() else {
        return;
    };
    let exists = items.iter().any(|item| {
        item.token
            .as_deref()
            .is_some_and(|t| same_token(t, new_token))
    });
    // With no item of the same token git adds (ifMissing=add); otherwise only
    // when no item has both the same token and the same value.
    let duplicate = exists
        && items.iter().any(|item| {
            item.token.as_deref().is_some_and(|t| {
                same_token(t, new_token) && item.value.eq_ignore_ascii_case(&new.value)
            })
        });
    if !duplicate {
        items.push(new);
    }
}

/// Write the list as git's `format_trailers` does without `--only-trailers`.
pub(crate) fn format_items(out: &mut Vec<u8>, token: &[u8], value: &[u8], separators: &[u8]) {
    out.extend_from_slice(token);
    // git: a token already ending in a separator is printed as is.
    if let Some(&c) = token.iter().rev().find(|&&b| !crate::scan::is_space(b)) {
        if !separators.contains(&c) {
            out.push(separators.first().copied().unwrap_or(0));
            out.push(b' ');
        }
    }
    out.extend_from_slice(value);
    out.push(b'\n');
}

/// See [`crate::add_trailers`].
pub(crate) fn add_trailers(message: &str, new: &[Trailer], config: &Config) -> String {
    if new.is_empty() {
        return message.to_owned();
    }
    let input = Input::new(message);
    let (block, entries) = analyse(&input, config);
    let buf = input.bytes();

    let mut items: Vec<Item> = Vec::with_capacity(entries.len() + new.len());
    for entry in entries.iter().filter(|e| !e.comment) {
        let text = &buf[entry.range.clone()];
        items.push(match entry.separator {
            Some(p) => {
                let (token, value) = split_entry(text, p);
                Item {
                    token: Some(token.to_vec()),
                    value: value.to_vec(),
                }
            }
            None => Item {
                token: None,
                value: text.strip_suffix(b"\n").unwrap_or(text).to_vec(),
            },
        });
    }
    for trailer in new {
        if let Some(item) = argument(trailer, config) {
            apply(&mut items, item);
        }
    }

    let full = &input.full;
    let mut out = Vec::with_capacity(full.len() + 64);
    out.extend_from_slice(&full[..block.start]);
    if !block.blank_line_before {
        out.push(b'\n');
    }
    let separators = config.separators.as_bytes();
    for item in &items {
        match &item.token {
            Some(token) => format_items(&mut out, token, &item.value, separators),
            None => {
                out.extend_from_slice(&item.value);
                out.push(b'\n');
            }
        }
    }
    out.extend_from_slice(&full[block.end..]);
    String::from_utf8_lossy(&out).into_owned()
}

/// See [`crate::remove_trailers`].
pub(crate) fn remove_trailers(
    message: &str,
    config: &Config,
    pred: impl Fn(&Trailer) -> bool,
) -> String {
    let input = Input::new(message);
    let (_, entries) = analyse(&input, config);
    let bytes = message.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut kept_from = 0;
    for entry in &entries {
        if entry_trailer(input.bytes(), entry).is_some_and(|t| pred(&t)) {
            let start = entry.range.start.min(bytes.len());
            out.extend_from_slice(&bytes[kept_from..start]);
            kept_from = entry.range.end.min(bytes.len());
        }
    }
    out.extend_from_slice(&bytes[kept_from..]);
    String::from_utf8_lossy(&out).into_owned()
}
