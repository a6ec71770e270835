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

/// Optimal-string-alignment distance up to `max` (the registry index's own, so both checks agree).
pub(crate) use provenance_deps::distance;

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
