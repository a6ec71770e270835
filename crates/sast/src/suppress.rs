//! Inline suppression: `# nosec`, `// nosemgrep`, `provenance:allow` (every rule) or
//! `provenance:allow <rule-id>[,<rule-id>…]` (those rules) on the match's line, its last
//! line, or the line before it. The markers of bandit and semgrep are honoured so code
//! already reviewed under those tools needs no second annotation.

/// Whether the hit of `rule` covering 0-based rows `first..=last` is suppressed.
pub(crate) fn is_suppressed(lines: &[&[u8]], first: usize, last: usize, rule: &str) -> bool {
    let mut rows = vec![first, last];
    if first > 0 {
        rows.push(first - 1);
    }
    rows.into_iter()
        .filter_map(|row| lines.get(row))
        .any(|line| line_allows(&String::from_utf8_lossy(line), rule))
}

fn line_allows(line: &str, rule: &str) -> bool {
    if line.contains("nosec") || line.contains("nosemgrep") {
        return true;
    }
    let mut rest = line;
    while let Some(at) = rest.find("provenance:allow") {
        rest = &rest[at + "provenance:allow".len()..];
        let ids: Vec<&str> = rest
            .trim_start_matches([':', '='])
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .take_while(|t| looks_like_rule_id(t))
            .collect();
        if ids.is_empty() || ids.contains(&rule) {
            return true;
        }
    }
    false
}

/// Rule ids are lowercase words joined by `-`, e.g. `python-sql-injection`.
fn looks_like_rule_id(token: &str) -> bool {
    token.contains('-')
        && token
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert!(line_allows("os.system(cmd)  # nosec", "python-os-system"));
        assert!(line_allows("exec(x) // nosemgrep: foo", "js-eval"));
        assert!(line_allows("x  # provenance:allow", "python-eval"));
        assert!(line_allows(
            "x  # provenance:allow python-eval",
            "python-eval"
        ));
        assert!(line_allows(
            "x  // provenance:allow a-b, js-eval",
            "js-eval"
        ));
        assert!(!line_allows(
            "x  # provenance:allow python-os-system",
            "python-eval"
        ));
        assert!(line_allows(
            "x  # provenance:allow because reviewed",
            "python-eval"
        ));
        assert!(!line_allows("os.system(cmd)", "python-os-system"));
    }

    #[test]
    fn line_before_and_last_line_count() {
        let lines: Vec<&[u8]> = vec![b"# nosec", b"os.system(", b"  cmd)", b"x"];
        assert!(is_suppressed(&lines, 1, 2, "r"));
        let lines: Vec<&[u8]> = vec![b"", b"os.system(", b"  cmd)  # nosec", b"x"];
        assert!(is_suppressed(&lines, 1, 2, "r"));
        assert!(!is_suppressed(&lines, 0, 0, "r"));
    }
}
