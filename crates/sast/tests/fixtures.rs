//! Data-driven rule corpus: `tests/fixtures/<rule-id>/bad.<ext>` and `good.<ext>` (one
//! pair per language the rule covers). A line ending in `expect: <rule-id>` (in a
//! comment) must produce exactly that finding; every other line of the file must produce
//! nothing. `good.*` files hold the near misses: constants, parameterized calls, the bad
//! code inside comments and strings, suppressed lines. A first line `# path: a/b.py` /
//! `// path: a/b.go` checks the file under that path (for path-dependent rules).

use provenance_sast::{rules, Analyzer};
use std::collections::BTreeSet;
use std::path::Path;

fn fixture_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (line, rule) pairs the file's `expect:` comments announce.
fn expected(text: &str) -> BTreeSet<(u32, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("expect: ") {
            for id in line[at + "expect: ".len()..]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
                .take_while(|t| t.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            {
                out.insert((i as u32 + 1, id.to_string()));
            }
        }
    }
    out
}

fn check_path(rule: &str, file: &str, text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    for prefix in ["# path: ", "// path: "] {
        if let Some(p) = first.strip_prefix(prefix) {
            return p.trim().to_string();
        }
    }
    format!("{rule}/{file}")
}

#[test]
fn every_fixture_finds_exactly_what_it_expects() {
    let analyzer = Analyzer::new().unwrap();
    let mut failures = Vec::new();
    let mut files = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(fixture_root())
        .unwrap()
        .flatten()
        .collect();
    dirs.sort_by_key(|d| d.file_name());
    for dir in dirs {
        let rule = dir.file_name().to_string_lossy().into_owned();
        let mut entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let file = entry.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let path = check_path(&rule, &file, &text);
            let got: BTreeSet<(u32, String)> = analyzer
                .check(&path, text.as_bytes(), None)
                .into_iter()
                .map(|f| (f.line, f.rule))
                .collect();
            let want = expected(&text);
            files += 1;
            if file.starts_with("good") && !want.is_empty() {
                failures.push(format!(
                    "{rule}/{file}: a good file must not expect findings"
                ));
            }
            if file.starts_with("bad") && !want.iter().any(|(_, r)| *r == rule) {
                failures.push(format!("{rule}/{file}: expects no `{rule}` finding"));
            }
            if got != want {
                let missing: Vec<_> = want.difference(&got).collect();
                let extra: Vec<_> = got.difference(&want).collect();
                failures.push(format!(
                    "{rule}/{file}: missing {missing:?}, unexpected {extra:?}"
                ));
            }
        }
    }
    assert!(files > 0, "no fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_bad_and_a_good_fixture() {
    let root = fixture_root();
    let mut missing = Vec::new();
    for rule in rules() {
        let dir = root.join(rule.id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for kind in ["bad.", "good."] {
            if !names.iter().any(|n| n.starts_with(kind)) {
                missing.push(format!("{}: no {kind}* fixture", rule.id));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        assert!(
            provenance_sast::rule(&name).is_some(),
            "fixture dir {name} names no rule"
        );
    }
}
