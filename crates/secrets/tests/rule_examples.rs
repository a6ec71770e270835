//! Per-rule unit tests: every built-in rule has at least one positive example that it
//! must find and one look-alike it must not, in `tests/fixtures/rule-examples.tsv`
//! (generated from `rule-examples.tmpl` by `gen_corpus.py`; one
//! `<rule-id>\t<+|->\t<path>\t<text>` per line, `\n` escaped).

use std::collections::BTreeMap;
use std::path::Path;

use provenance_secrets::{rules, Config, Scanner};

struct Example {
    positive: bool,
    path: String,
    text: String,
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn examples() -> BTreeMap<String, Vec<Example>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rule-examples.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut map: BTreeMap<String, Vec<Example>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(4, '\t');
        let (rule, sign, path, body) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        map.entry(rule.to_string()).or_default().push(Example {
            positive: sign == "+",
            path: path.to_string(),
            text: unescape(body),
        });
    }
    map
}

#[test]
fn every_rule_finds_its_examples_and_ignores_its_look_alikes() {
    let scanner = Scanner::new(&Config::default()).unwrap();
    let examples = examples();
    let mut failures = Vec::new();
    let mut without = Vec::new();
    for rule in rules() {
        let Some(list) = examples.get(rule.id) else {
            without.push(rule.id);
            continue;
        };
        if !list.iter().any(|e| e.positive) || !list.iter().any(|e| !e.positive) {
            without.push(rule.id);
        }
        for e in list {
            let found = scanner
                .scan(&e.path, e.text.as_bytes(), None)
                .findings
                .iter()
                .any(|f| f.rule == rule.id);
            if found != e.positive {
                failures.push(format!(
                    "{} {} example in {} {}",
                    rule.id,
                    if e.positive { "positive" } else { "negative" },
                    e.path,
                    if e.positive { "not found" } else { "reported" }
                ));
            }
        }
    }
    for id in examples.keys() {
        assert!(
            rules().iter().any(|r| r.id == id),
            "examples for unknown rule {id}"
        );
    }
    let keywords: std::collections::BTreeSet<&str> = rules()
        .iter()
        .flat_map(|r| r.keywords.iter().copied())
        .collect();
    println!(
        "{} rules, {} with examples, {} distinct prefilter keywords",
        rules().len(),
        rules().len() - without.len(),
        keywords.len()
    );
    assert!(
        without.is_empty(),
        "rules without a positive and a negative example: {without:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
