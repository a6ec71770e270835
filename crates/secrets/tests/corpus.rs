//! The data-driven corpus: every file under `tests/fixtures/corpus/` is scanned and its
//! findings compared with `<file>.expected` (`<line> <rule-id>` for a planted secret,
//! `<line> !` for a look-alike that must not fire, `<line> *` for a planted secret any rule
//! may report: the blind cases in `corpus/blind/`, written without looking at the rules).
//! Prints recall and false positives.
//!
//! Files are generated from `tests/fixtures/corpus-src/` by `tests/fixtures/gen_corpus.py`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use provenance_secrets::{Config, Scanner};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_none_or(|e| e != "expected") {
            out.push(p);
        }
    }
}

#[derive(Default)]
struct Expected {
    planted: BTreeSet<(u32, String)>,
    lookalikes: BTreeSet<u32>,
}

fn expected(path: &Path) -> Expected {
    let mut e = Expected::default();
    let text = std::fs::read_to_string(format!("{}.expected", path.display())).unwrap_or_default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (n, what) = line.split_once(' ').unwrap();
        let n: u32 = n.parse().unwrap();
        if what == "!" {
            e.lookalikes.insert(n);
        } else {
            e.planted.insert((n, what.to_string()));
        }
    }
    e
}

/// Lines of ordinary minified-ish code put before a `blind*/large/` file's content.
const PAD_BEFORE: u32 = 3000;

/// Builds a file of more than 200 KB around `content` at test time (so the repository holds
/// only the small seed) and shifts the expected line numbers accordingly.
fn padded(content: Vec<u8>, exp: Expected) -> (Vec<u8>, Expected) {
    let filler = |i: u32| {
        format!(
            "function f{i}(a,b){{var c=a.map(function(x){{return x*{i}+b.length}});return c.join(\",\")+\"-{i}\"}}\n"
        )
    };
    let mut out = Vec::new();
    for i in 0..PAD_BEFORE {
        out.extend_from_slice(filler(i).as_bytes());
    }
    out.extend_from_slice(&content);
    out.push(b'\n');
    for i in 0..PAD_BEFORE / 2 {
        out.extend_from_slice(filler(i + PAD_BEFORE).as_bytes());
    }
    assert!(
        out.len() > 200 * 1024,
        "padded file is only {} bytes",
        out.len()
    );
    let shift = |n: u32| n + PAD_BEFORE;
    let exp = Expected {
        planted: exp
            .planted
            .into_iter()
            .map(|(n, r)| (shift(n), r))
            .collect(),
        lookalikes: exp.lookalikes.into_iter().map(shift).collect(),
    };
    (out, exp)
}

#[test]
fn corpus_recall_and_false_positives() {
    let scanner = Scanner::new(&Config::default()).unwrap();
    let root = corpus_dir();
    let mut all = Vec::new();
    files(&root, &mut all);
    let (mut planted, mut found, mut lookalikes) = (0usize, 0usize, 0usize);
    let mut rules_planted = BTreeSet::new();
    let mut misses = Vec::new();
    let mut false_positives = Vec::new();
    let mut per_rule: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for path in &all {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let mut content = std::fs::read(path).unwrap();
        let mut exp = expected(path);
        if rel.starts_with("blind") && rel.contains("/large/") {
            (content, exp) = padded(content, exp);
        }
        let outcome = scanner.scan(&rel, &content, None);
        assert_eq!(outcome.skipped, None, "{rel}");
        let got: BTreeSet<(u32, String)> = outcome
            .findings
            .iter()
            .map(|f| (f.line, f.rule.clone()))
            .collect();
        planted += exp.planted.len();
        lookalikes += exp.lookalikes.len();
        for (line, rule) in &exp.planted {
            rules_planted.insert(rule.clone());
            let entry = per_rule.entry(rule.clone()).or_default();
            entry.0 += 1;
            let hit = if rule == "*" {
                got.iter().any(|(l, _)| l == line)
            } else {
                got.contains(&(*line, rule.clone()))
            };
            if hit {
                found += 1;
                entry.1 += 1;
            } else {
                let other: Vec<_> = got
                    .iter()
                    .filter(|(l, _)| l == line)
                    .map(|(_, r)| r.as_str())
                    .collect();
                misses.push(format!("{rel}:{line} {rule} (found on line: {other:?})"));
            }
        }
        for f in &outcome.findings {
            if !exp.planted.contains(&(f.line, f.rule.clone()))
                && !exp.planted.contains(&(f.line, "*".to_string()))
            {
                let kind = if exp.lookalikes.contains(&f.line) {
                    "look-alike"
                } else {
                    "unlabelled"
                };
                false_positives.push(format!(
                    "{rel}:{} {} [{kind}] {}",
                    f.line, f.rule, f.snippet
                ));
            }
        }
    }
    let recall = found as f64 / planted.max(1) as f64;
    println!("secrets corpus: {} files, {planted} planted secrets across {} rules, {lookalikes} look-alikes", all.len(), rules_planted.len());
    println!("recall: {found}/{planted} = {:.1}%", recall * 100.0);
    println!("false positives: {}", false_positives.len());
    for m in &misses {
        println!("  MISS {m}");
    }
    for f in &false_positives {
        println!("  FP   {f}");
    }
    assert!(
        planted >= 150,
        "corpus needs >= 150 planted secrets, has {planted}"
    );
    assert!(
        rules_planted.len() >= 60,
        "corpus needs >= 60 rules, has {}",
        rules_planted.len()
    );
    assert!(
        lookalikes >= 100,
        "corpus needs >= 100 look-alikes, has {lookalikes}"
    );
    assert!(recall >= 0.97, "recall {:.1}% < 97%", recall * 100.0);
    assert!(
        false_positives.is_empty(),
        "{} false positives",
        false_positives.len()
    );
}
