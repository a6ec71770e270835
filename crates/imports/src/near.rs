//! Look-alike detection: a missing name within edit distance 1–2 of a declared or popular
//! package (`reqeusts` → `requests`) is reported as `near-miss`, naming the probable target.

use std::sync::OnceLock;

static PYPI: &str = include_str!("data/popular_pypi.txt");
static NPM: &str = include_str!("data/popular_npm.txt");
static CRATES: &str = include_str!("data/popular_crates.txt");

/// Popular package names per ecosystem (`pypi`, `npm`, `crates`).
pub(crate) fn popular(ecosystem: &str) -> &'static [&'static str] {
    static P: OnceLock<Vec<&'static str>> = OnceLock::new();
    static N: OnceLock<Vec<&'static str>> = OnceLock::new();
    static C: OnceLock<Vec<&'static str>> = OnceLock::new();
    let (cell, text) = match ecosystem {
        "pypi" => (&P, PYPI),
        "npm" => (&N, NPM),
        _ => (&C, CRATES),
    };
    cell.get_or_init(|| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Optimal-string-alignment distance (adjacent transpositions cost 1), stopping early once
/// every entry of a row exceeds `max`.
pub(crate) fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// The closest candidate within 1–2 edits (1 for names shorter than 5 characters), compared
/// after `normalize`. Declared names win ties over popular ones (they come first).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    normalize: impl Fn(&str) -> String,
) -> Option<(String, usize)> {
    let n = normalize(name);
    if n.chars().count() < 3 {
        return None;
    }
    let max = if n.chars().count() < 5 { 1 } else { 2 };
    let mut best: Option<(String, usize)> = None;
    for c in candidates {
        let cn = normalize(c);
        if cn == n {
            return None;
        }
        if let Some(d) = distance(&n, &cn, max) {
            if d > 0 && best.as_ref().is_none_or(|(_, bd)| d < *bd) {
                best = Some((c.to_string(), d));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("reqeusts", "requests", 2), Some(1));
        assert_eq!(distance("requets", "requests", 2), Some(1));
        assert_eq!(distance("flask", "django", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }

    #[test]
    fn closest_prefers_smaller_distance_and_skips_exact() {
        let c = closest("reqeusts", ["requests", "reqeust"], |s| s.to_lowercase());
        assert_eq!(c, Some(("requests".to_string(), 1)));
        assert_eq!(
            closest("requests", ["requests", "requestz"], |s| s.to_string()),
            None
        );
        assert_eq!(closest("ab", ["abc"], |s| s.to_string()), None);
        assert!(popular("pypi").contains(&"requests"));
    }
}
