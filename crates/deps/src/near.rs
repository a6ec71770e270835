//! Names near a name: the nearest real packages for a name that is not listed (an `fst`
//! Levenshtein automaton over the whole index, ranked by popularity), and look-alikes of
//! popular packages (typos, separators, affixes, word order) for any declared name.

use crate::index::Index;
use crate::Ecosystem;

/// How a declared name imitates a popular package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imitation {
    /// One or two edits (insert, delete, substitute, swap two neighbours).
    Typo(usize),
    /// The same letters with separators added, removed or changed (`scikitlearn`).
    Separator,
    /// The popular name with an ecosystem affix added or dropped (`pyrequests`, `lodash-js`).
    Affix,
    /// The popular name's words in another order (`dateutil-python`).
    WordOrder,
    /// The popular name with a few letters dropped, first and last kept (`scklearn`).
    Dropped,
}

impl std::fmt::Display for Imitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Imitation::Typo(1) => f.write_str("one edit away from"),
            Imitation::Typo(_) => f.write_str("two edits away from"),
            Imitation::Separator => f.write_str("differs only in separators from"),
            Imitation::Affix => f.write_str("adds or drops an affix of"),
            Imitation::WordOrder => f.write_str("reorders the words of"),
            Imitation::Dropped => f.write_str("drops letters of"),
        }
    }
}

/// A look-alike: the popular package imitated, its rank, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    /// The popular package (normalized).
    pub target: String,
    /// Its rank (1 = most used).
    pub rank: u32,
    /// How the name imitates it.
    pub how: Imitation,
}

/// Optimal-string-alignment distance over bytes (adjacent swaps cost 1), `None` above `max`
/// or for names of 64 bytes or more. Stops as soon as a whole row exceeds `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max || a.len() >= 64 || b.len() >= 64 {
        return None;
    }
    let w = b.len() + 1;
    // Three rows of at most 64 cells on the stack: this runs thousands of times per name.
    let mut rows = [[0u8; 64]; 3];
    for (j, v) in rows[1].iter_mut().enumerate().take(w) {
        *v = j as u8;
    }
    let (mut p2, mut p1, mut cur) = (0usize, 1usize, 2usize);
    for i in 1..=a.len() {
        rows[cur][0] = i as u8;
        let mut row_min = i as u8;
        for j in 1..w {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[p1][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[p1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[p2][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > max {
            return None;
        }
        (p2, p1, cur) = (p1, cur, p2);
    }
    let d = usize::from(rows[p1][b.len()]);
    (d <= max).then_some(d)
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'-' | b'_' | b'.')
}

/// The name without separators. An npm scope stays: an unscoped copy of a scoped package
/// (`noble-secp256k1` beside `@noble/secp256k1`) is as often the package's own older name.
fn squashed(n: &str) -> impl Iterator<Item = u8> + '_ {
    n.bytes().filter(|b| !is_sep(*b))
}

fn same_squashed(a: &str, b: &str) -> bool {
    squashed(a).eq(squashed(b))
}

fn words(n: &str) -> Vec<&str> {
    let mut w: Vec<&str> = n
        .split(['-', '_', '.', '/', '@'])
        .filter(|w| !w.is_empty())
        .collect();
    w.sort_unstable();
    w
}

/// The name with one ecosystem affix removed, each way it can be.
fn unaffixed(eco: Ecosystem, n: &str) -> Vec<&str> {
    let (pre, suf) = eco.affixes();
    let mut out = Vec::new();
    for p in pre {
        if let Some(rest) = n.strip_prefix(p) {
            if rest.len() >= 3 {
                out.push(rest.trim_start_matches(is_sep_char));
            }
        }
    }
    for s in suf {
        if let Some(rest) = n.strip_suffix(s) {
            if rest.len() >= 3 {
                out.push(rest.trim_end_matches(is_sep_char));
            }
        }
    }
    out
}

fn is_sep_char(c: char) -> bool {
    matches!(c, '-' | '_' | '.')
}

/// How many popular names typo checks compare against: the most used ones, where a squatter
/// gains most; deeper in the list, one-edit neighbours are mostly unrelated real projects
/// (measured on a sample of every PyPI and npm name: docs/imports.md).
const TYPO_DEPTH_ONE_EDIT: usize = 3000;
const TYPO_DEPTH_TWO_EDITS: usize = 500;
/// How deep letter-dropping imitations are looked for.
const DROPPED_DEPTH: usize = 1000;

/// `name` (7 letters or more) is `popular` without two or three of its letters (separators aside), keeping its
/// first and last letter: `scklearn` for `scikit-learn`. One dropped letter is a typo.
fn drops_letters(name: &str, popular: &str) -> bool {
    let n: Vec<u8> = squashed(name).collect();
    let p: Vec<u8> = squashed(popular).collect();
    if n.len() < 7 || p.len() < n.len() + 2 || p.len() > n.len() + 3 {
        return false;
    }
    if n.first() != p.first() || n.last() != p.last() {
        return false;
    }
    let mut it = p.iter();
    n.iter().all(|c| it.any(|x| x == c))
}

/// How deep affix and word-order imitations are looked for.
const AFFIX_DEPTH: usize = 5000;

/// Whether `popular` is `name` with an ecosystem affix (`popular` = `pyyaml`, `name` = `yaml`).
fn adds_affix(eco: Ecosystem, popular: &str, name: &str) -> bool {
    if popular.len() <= name.len() || popular.len() > name.len() + 8 {
        return false;
    }
    let (pre, suf) = eco.affixes();
    pre.iter().any(|a| {
        popular
            .strip_prefix(a)
            .is_some_and(|r| r.trim_start_matches(is_sep_char) == name)
    }) || suf.iter().any(|a| {
        popular
            .strip_suffix(a)
            .is_some_and(|r| r.trim_end_matches(is_sep_char) == name)
    })
}

/// The popular package `name` imitates, if any. A name that is itself popular is never a
/// look-alike (two popular packages a letter apart, like `attr` and `attrs`, are both real).
/// Typos count for names of 5 characters or more (two edits from 10); the target must be
/// of 4 characters or more.
pub fn lookalike(index: &Index, name: &str) -> Option<Lookalike> {
    let eco = index.meta().ecosystem;
    let n = eco.normalize(name);
    if n.len() < 4
        || index
            .get(&n)
            .is_some_and(|e| e.rank.is_some_and(|r| r as usize <= index.popular().len()))
    {
        return None;
    }
    let stripped = unaffixed(eco, &n);
    let nw = words(&n);
    let mut best: Option<(usize, Lookalike)> = None;
    let mut consider = |order: usize, rank: usize, target: &str, how: Imitation| {
        if best
            .as_ref()
            .is_none_or(|(o, b)| (order, rank) < (*o, b.rank as usize))
        {
            best = Some((
                order,
                Lookalike {
                    target: target.to_string(),
                    rank: rank as u32,
                    how,
                },
            ));
        }
    };
    for (i, p) in index.popular().iter().enumerate() {
        let rank = i + 1;
        if p.len() < 4 || *p == n {
            continue;
        }
        if p.len().abs_diff(n.len()) <= 3 && same_squashed(p, &n) {
            consider(0, rank, p, Imitation::Separator);
            continue;
        }
        let affixed = rank <= AFFIX_DEPTH
            && (stripped
                .iter()
                .any(|s| s.len().abs_diff(p.len()) <= 3 && same_squashed(s, p))
                || adds_affix(eco, p, &n));
        if affixed {
            consider(1, rank, p, Imitation::Affix);
            continue;
        }
        if nw.len() >= 2
            && rank <= AFFIX_DEPTH
            && p.len() == n.len()
            && p.bytes().any(is_sep)
            && words(p) == nw
        {
            consider(2, rank, p, Imitation::WordOrder);
            continue;
        }
        if rank <= DROPPED_DEPTH && drops_letters(&n, p) {
            consider(3, rank, p, Imitation::Dropped);
            continue;
        }
        if p.starts_with('@') != n.starts_with('@') {
            continue; // scoped beside unscoped: see `squashed`
        }
        let max = if rank <= TYPO_DEPTH_TWO_EDITS && n.len() >= 10 && p.len() >= 10 {
            2
        } else if rank <= TYPO_DEPTH_ONE_EDIT && n.len() >= 5 {
            1
        } else {
            continue;
        };
        if let Some(d) = distance(&n, p, max) {
            if d > 0 && !digit_variant(&n, p) {
                consider(3 + d, rank, p, Imitation::Typo(d));
            }
        }
    }
    best.map(|(_, l)| l)
}

/// `foo2` beside `foo`, `foo3` beside `foo2`: version-numbered siblings are how real projects
/// name their successors, not how squatters type.
fn digit_variant(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    strip(a) == strip(b)
}

/// Up to `limit` listed names near an unlisted `name`, most used first: popular packages
/// within two edits, then any listed name one edit away (an `fst` Levenshtein automaton over
/// the whole index), then popular packages named by its words (`requests-helper` →
/// `requests`).
pub fn nearest(index: &Index, name: &str, limit: usize) -> Vec<String> {
    use fst::{IntoStreamer, Streamer};
    let eco = index.meta().ecosystem;
    let n = eco.normalize(name);
    let mut out: Vec<String> = Vec::new();
    let max = if n.len() >= 6 { 2 } else { 1 };
    let mut close: Vec<(usize, usize, &String)> = index
        .popular()
        .iter()
        .enumerate()
        .filter_map(|(i, p)| distance(&n, p, max).filter(|d| *d > 0).map(|d| (d, i, p)))
        .collect();
    close.sort();
    out.extend(close.into_iter().take(limit).map(|(_, _, p)| p.clone()));
    if out.len() < limit {
        // Two-edit automata over a million names cost tens of milliseconds; one edit, a few.
        if let Ok(aut) = fst::automaton::Levenshtein::new(&n, 1) {
            let mut found: Vec<(u32, String)> = Vec::new();
            let mut s = index.map().search(aut).into_stream();
            while let Some((k, v)) = s.next() {
                let k = String::from_utf8_lossy(k).into_owned();
                if k != n && !out.contains(&k) {
                    let rank = (v & ((1 << 24) - 1)) as u32;
                    found.push((if rank == 0 { u32::MAX } else { rank }, k));
                }
                if found.len() > 1000 {
                    break;
                }
            }
            found.sort();
            let room = limit - out.len();
            out.extend(found.into_iter().take(room).map(|(_, k)| k));
        }
    }
    if out.len() < limit {
        let w: Vec<&str> = n
            .split(['-', '_', '.', '/', '@'])
            .filter(|w| w.len() >= 3)
            .collect();
        for p in index.popular() {
            if out.len() >= limit {
                break;
            }
            if out.contains(p) || *p == n {
                continue;
            }
            let pw: Vec<&str> = p.split(['-', '_', '.', '/', '@']).collect();
            if !pw.is_empty() && pw.iter().all(|x| w.contains(x)) {
                out.push(p.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Coverage, Entry, IndexBuilder};
    use std::path::Path;

    fn index(eco: Ecosystem, popular: &[&str], more: &[&str]) -> Index {
        let mut b = IndexBuilder::new(eco);
        for (i, p) in popular.iter().enumerate() {
            b.add(
                p,
                Entry {
                    rank: Some(i as u32 + 1),
                    first_release: None,
                },
            );
        }
        for m in more {
            b.add(m, Entry::default());
        }
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Index::from_bytes(
            b.finish(Coverage::Complete, day, "t", popular.len()),
            Path::new("t"),
        )
        .unwrap()
    }

    #[test]
    fn distances() {
        assert_eq!(distance("reqeusts", "requests", 2), Some(1));
        assert_eq!(distance("requets", "requests", 2), Some(1));
        assert_eq!(distance("flask", "django", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }

    #[test]
    fn lookalikes_of_popular_packages() {
        let idx = index(
            Ecosystem::PyPI,
            &[
                "requests",
                "python-dateutil",
                "scikit-learn",
                "attrs",
                "attr",
                "pandas",
                "beautifulsoup4",
            ],
            &["reqeusts", "pyrequests", "pandqs"],
        );
        let how = |n: &str| lookalike(&idx, n).map(|l| (l.target, l.how));
        assert_eq!(
            how("reqeusts"),
            Some(("requests".into(), Imitation::Typo(1)))
        );
        assert_eq!(how("pandqs"), Some(("pandas".into(), Imitation::Typo(1))));
        assert_eq!(
            how("pyrequests"),
            Some(("requests".into(), Imitation::Affix))
        );
        assert_eq!(
            how("requests-python"),
            Some(("requests".into(), Imitation::Affix))
        );
        assert_eq!(
            how("python-dateutils").map(|h| h.0),
            Some("python-dateutil".into())
        );
        assert_eq!(
            how("dateutil-python"),
            Some(("python-dateutil".into(), Imitation::WordOrder))
        );
        assert_eq!(
            how("scikitlearn"),
            Some(("scikit-learn".into(), Imitation::Separator))
        );
        assert_eq!(
            how("beautifulsoup5"),
            None,
            "numbered siblings are not typos"
        );
        // Popular names themselves, and both of a popular pair, are exempt.
        assert_eq!(how("requests"), None);
        assert_eq!(how("attr"), None);
        assert_eq!(how("attrs"), None);
        assert_eq!(how("flask"), None);
    }

    #[test]
    fn nearest_names_are_ranked() {
        let idx = index(
            Ecosystem::PyPI,
            &["requests", "fastapi"],
            &["requestz", "fastapi-utils"],
        );
        assert_eq!(nearest(&idx, "reqests", 3), ["requests"]);
        assert_eq!(nearest(&idx, "requestx", 3), ["requests", "requestz"]);
        assert_eq!(nearest(&idx, "fastapi-magic-helper", 3), ["fastapi"]);
        assert!(nearest(&idx, "zzzzzz", 3).is_empty());
    }
}
