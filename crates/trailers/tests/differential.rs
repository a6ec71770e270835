//! Differential test: `parse` + `format_parsed` and `add_trailers` against
//! the real `git interpret-trailers`, on messages generated from a grammar of
//! titles, prose, trailer-ish lines, comments, dividers and line endings.
//!
//! Default run: 300 messages with a fixed seed (`PROPTEST_CASES` raises it),
//! 100% agreement required. `cargo test -p provenance-trailers --test
//! differential -- --ignored` runs 20,000 and prints the agreement figure.

mod support;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use provenance_trailers::{add_trailers, format_parsed_with, parse, Config, Trailer};
use support::{run_git, Mode};

/// Settings git is run with; each generated message picks one.
fn configs() -> Vec<Config> {
    let base = Config::default();
    vec![
        base.clone(),
        Config {
            separators: ":#".into(),
            ..base.clone()
        },
        Config {
            separators: "#:".into(),
            ..base.clone()
        },
        Config {
            separators: ":=".into(),
            ..base.clone()
        },
        Config {
            comment: Some(";".into()),
            ..base.clone()
        },
        Config {
            comment: Some("//".into()),
            ..base.clone()
        },
        Config {
            no_divider: true,
            ..base.clone()
        },
    ]
}

/// Trailer sets passed to `--trailer`; each generated message picks one.
fn trailer_sets() -> Vec<Vec<Trailer>> {
    let t = Trailer::new;
    vec![
        vec![t("Signed-off-by", "A U Thor <author@example.com>")],
        vec![
            t("Assisted-by", "claude-code:claude-opus-4-6"),
            t("AI-Prompt", "sha256:0123abcd"),
            t("AI-Lines", "ai=3 edited=1 human=2"),
        ],
        vec![
            t("reviewed-by", "x"),
            t("Reviewed-by", "X"),
            t("Reviewed-By", "y"),
        ],
        vec![t("Bug", "42"), t("Fixes", "abc123 (\"title\")")],
        vec![t("Key", ""), t("Key", "v"), t("key", "V")],
        vec![t("Signed", "off"), t("Change-Id", "I0123")],
        vec![
            t("Key", "x\n continued"),
            t("key", "X\n\tcontinued with tab"),
        ],
    ]
}

const KEYS: &[&str] = &[
    "Signed-off-by",
    "Reviewed-by",
    "Acked-by",
    "Co-authored-by",
    "Assisted-by",
    "AI-Prompt",
    "Bug",
    "Fixes",
    "Change-Id",
    "Key",
    "key",
    "X",
    "a1",
    "-",
    "Ключ",
    "Key_x",
    "Two words",
];

const VALUES: &[&str] = &[
    "A U Thor <author@example.com>",
    "x",
    "X",
    "42",
    "#42",
    "a:b:c",
    "https://example.com/a?b=c#d",
    "",
    "  spaced  ",
    "valué ✓",
    "claude-code:claude-opus-4-6",
    "sha256:0123abcd",
    "abc123 (\"title\")",
];

const SEPARATORS: &[&str] = &[
    ": ", ":", " : ", "\t:", " :\t", "# ", " #", "=", " = ", "#", ":: ",
];

fn trailer_line() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(KEYS),
        proptest::sample::select(SEPARATORS),
        proptest::sample::select(VALUES),
    )
        .prop_map(|(k, s, v)| format!("{k}{s}{v}"))
}

fn line() -> BoxedStrategy<String> {
    prop_oneof![
        6 => trailer_line(),
        2 => proptest::sample::select(VALUES)
            .prop_map(|v| format!("Signed-off-by: {v}")),
        1 => Just("Signed-off-by:NoSpace".to_owned()),
        2 => "[0-9a-f]{7,12}".prop_map(|h| format!("(cherry picked from commit {h})")),
        4 => "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,6}[.]?",
        1 => Just("Note: this is a sentence, not a trailer".to_owned()),
        3 => proptest::sample::select(&[
            " continued",
            "\tcontinued with tab",
            "    deeper: with colon",
            "   ",
            " ",
        ][..])
        .prop_map(str::to_owned),
        2 => proptest::sample::select(&[
            "# a comment",
            "#",
            "#Key: v",
            "; semicolon comment",
            ";Key: v",
            "// slash comment",
            "//Key: v",
        ][..])
        .prop_map(str::to_owned),
        1 => proptest::sample::select(&[
            "---", "--- ", "---\t", "---x", "----", "-- ", "--",
            "diff --git a/f b/f",
            "# ------------------------ >8 ------------------------",
            "; ------------------------ >8 ------------------------",
            "Conflicts:",
            "\tsrc/main.rs",
        ][..])
        .prop_map(str::to_owned),
        3 => Just(String::new()),
    ]
    .boxed()
}

fn paragraph() -> impl Strategy<Value = Vec<String>> {
    // Mostly-trailer paragraphs make blocks common; free line soup covers the
    // 25% rule, comments and continuations between them.
    let trailerish = prop_oneof![
        6 => trailer_line(),
        2 => proptest::sample::select(VALUES).prop_map(|v| format!("Signed-off-by: {v}")),
        1 => "[0-9a-f]{7}".prop_map(|h| format!("(cherry picked from commit {h})")),
        1 => proptest::sample::select(&[" cont", "\tcont: x", "# c", "; c", "// c", "Plain prose"][..])
            .prop_map(str::to_owned),
    ];
    prop_oneof![
        2 => proptest::collection::vec(line(), 1..6),
        1 => proptest::collection::vec(trailerish, 1..6),
    ]
}

/// A message: a title, paragraphs separated by blank lines, then a line
/// ending (LF, CRLF or mixed) and maybe no final newline.
#[derive(Debug, Clone)]
struct Case {
    message: String,
    config: usize,
    set: usize,
}

fn case() -> impl Strategy<Value = Case> {
    let title = prop_oneof![
        4 => "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,4}",
        1 => trailer_line(),
        1 => Just("# commented title".to_owned()),
        1 => Just("# ------------------------ >8 ------------------------".to_owned()),
        1 => Just(String::new()),
    ];
    (
        title,
        proptest::collection::vec(paragraph(), 0..4),
        0..4u8,
        any::<bool>(),
        0..8u8,
        0..configs().len(),
        0..trailer_sets().len(),
    )
        .prop_map(|(title, paras, eol, final_nl, tail, config, set)| {
            let mut lines = vec![title];
            for p in paras {
                lines.push(String::new());
                lines.extend(p);
            }
            match tail {
                1 => lines.extend(["".to_owned(), "# Please enter the message.".to_owned()]),
                2 => lines.push(String::new()),
                3 => lines.extend(["Conflicts:", "\tsrc/a.rs", "\tsrc/b.rs"].map(str::to_owned)),
                4 => lines.extend(
                    [
                        "# ------------------------ >8 ------------------------",
                        "diff --git a/f b/f",
                    ]
                    .map(str::to_owned),
                ),
                5 => {
                    lines.extend(["---", " f | 2 +-", "", "diff --git a/f b/f"].map(str::to_owned))
                }
                6 => lines.extend(["#", "Key: after comment"].map(str::to_owned)),
                _ => {}
            }
            let mut message = String::new();
            for (i, l) in lines.iter().enumerate() {
                message.push_str(l);
                let crlf = match eol {
                    1 => true,
                    2 => i % 2 == 0,
                    _ => false,
                };
                message.push_str(if crlf { "\r\n" } else { "\n" });
            }
            if !final_nl {
                message.pop();
                if message.ends_with('\r') {
                    message.pop();
                }
            }
            Case {
                message,
                config,
                set,
            }
        })
}

fn generate(n: usize, seed: u8) -> Vec<Case> {
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let strategy = case();
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("generate a case")
                .current()
        })
        .collect()
}

struct Outcome {
    total: usize,
    /// Messages where git found at least one trailer.
    with_trailers: usize,
    agreed: usize,
    failures: Vec<String>,
}

/// Compare every case with git, one git process per (config, mode, set).
fn compare(cases: &[Case]) -> Outcome {
    let configs = configs();
    let sets = trailer_sets();
    let mut ok = vec![true; cases.len()];
    let mut failures = Vec::new();
    let mut with_trailers = 0;
    for (ci, config) in configs.iter().enumerate() {
        let idx: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].config == ci)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let messages: Vec<String> = idx.iter().map(|&i| cases[i].message.clone()).collect();
        let parsed = run_git(config, Mode::Parse, &[], &messages);
        with_trailers += parsed.iter().filter(|p| !p.is_empty()).count();
        for (k, &i) in idx.iter().enumerate() {
            let ours = format_parsed_with(&parse(&cases[i].message, config), config);
            if ours != parsed[k] {
                ok[i] = false;
                failures.push(format!(
                    "parse {config:?}\n  message: {:?}\n  git:  {:?}\n  ours: {:?}",
                    cases[i].message, parsed[k], ours
                ));
            }
        }
        for (si, set) in sets.iter().enumerate() {
            let idx: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| cases[i].set == si)
                .collect();
            if idx.is_empty() {
                continue;
            }
            let messages: Vec<String> = idx.iter().map(|&i| cases[i].message.clone()).collect();
            let added = run_git(config, Mode::Add, set, &messages);
            for (k, &i) in idx.iter().enumerate() {
                let ours = add_trailers(&cases[i].message, set, config);
                if ours != added[k] {
                    ok[i] = false;
                    failures.push(format!(
                        "add {set:?} {config:?}\n  message: {:?}\n  git:  {:?}\n  ours: {:?}",
                        cases[i].message, added[k], ours
                    ));
                }
            }
        }
    }
    Outcome {
        total: cases.len(),
        with_trailers,
        agreed: ok.iter().filter(|&&b| b).count(),
        failures,
    }
}

fn cases_from_env(default: usize) -> usize {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn parse_and_add_agree_with_git() {
    let cases = generate(cases_from_env(300), 7);
    let outcome = compare(&cases);
    eprintln!(
        "differential: {}/{} messages agree with git ({} have trailers)",
        outcome.agreed, outcome.total, outcome.with_trailers
    );
    for f in outcome.failures.iter().take(10) {
        eprintln!("{f}");
    }
    assert!(
        outcome.failures.is_empty(),
        "{} mismatches",
        outcome.failures.len()
    );
}

#[test]
#[ignore = "slow: 20,000 messages against git"]
fn agreement_on_20000_messages() {
    let cases = generate(20_000, 11);
    let outcome = compare(&cases);
    let rate = outcome.agreed as f64 / outcome.total as f64 * 100.0;
    println!(
        "differential: {}/{} messages agree with git ({rate:.3}%; {} have trailers)",
        outcome.agreed, outcome.total, outcome.with_trailers
    );
    for f in outcome.failures.iter().take(10) {
        println!("{f}");
    }
    assert!(rate >= 99.9, "agreement {rate:.3}% below 99.9%");
}

/// Keys that are no prefix of one another, so git's prefix matching of
/// tokens cannot merge them.
const DISTINCT_KEYS: &[&str] = &["Assisted-by", "AI-Prompt", "Reviewed-by", "Change-Id"];

fn new_trailers() -> impl Strategy<Value = Vec<Trailer>> {
    proptest::collection::vec(
        (
            proptest::sample::select(DISTINCT_KEYS),
            proptest::sample::select(&["x", "claude-code:opus", "sha256:1", "a b"][..]),
        )
            .prop_map(|(k, v)| Trailer::new(k, v)),
        1..4,
    )
}

/// Messages whose block git's add would not round-trip: a comment line in it
/// (dropped on rewrite, so an indented line below it starts continuing the
/// trailer above) or a `-` key (its empty token matches every key, so git
/// treats any new trailer with the same value as present).
fn block_round_trips(message: &str, config: &provenance_trailers::Config) -> bool {
    let block = provenance_trailers::locate(message, config);
    let comment = config.comment.as_deref().unwrap_or("\u{0}");
    !message[block.start..block.end]
        .lines()
        .any(|l| l.starts_with(comment) || l.starts_with('-'))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases_from_env(256) as u32,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_260_127),
        failure_persistence: None,
        max_global_rejects: 1_000_000,
        ..ProptestConfig::default()
    })]

    /// Nothing to add or nothing to remove leaves the message alone.
    #[test]
    fn no_op_edits_are_identity(c in case()) {
        let config = &configs()[c.config];
        prop_assert_eq!(add_trailers(&c.message, &[], config), c.message.clone());
        prop_assert_eq!(
            provenance_trailers::remove_trailers(&c.message, config, |_| false),
            c.message.clone()
        );
    }

    /// Added trailers are found by `parse`, and adding them again changes
    /// nothing (what amend/rebase re-runs rely on). Not with a first
    /// separator other than `:`: git then rewrites `Signed-off-by: ` as
    /// `Signed-off-by# `, which is no longer a git-generated prefix, and a
    /// block kept by the 25% rule stops being one.
    #[test]
    fn add_is_found_and_idempotent(c in case(), new in new_trailers()) {
        let config = &configs()[c.config];
        prop_assume!(config.separators.starts_with(':'));
        prop_assume!(block_round_trips(&c.message, config));
        let once = add_trailers(&c.message, &new, config);
        let parsed = parse(&once, config);
        for t in &new {
            prop_assert!(
                parsed.iter().any(|p| p.key.eq_ignore_ascii_case(&t.key)
                    && p.value.eq_ignore_ascii_case(&t.value)),
                "{:?} missing from {:?}", t, parsed
            );
        }
        prop_assert_eq!(add_trailers(&once, &new, config), once.clone());
    }

    /// Removing what was just added gives back the message as git
    /// rewrote it, minus the added lines.
    #[test]
    fn remove_undoes_add_of_new_keys(c in case(), new in new_trailers()) {
        let config = &configs()[c.config];
        prop_assume!(config.separators.starts_with(':'));
        prop_assume!(block_round_trips(&c.message, config));
        let before = parse(&c.message, config);
        let fresh: Vec<Trailer> = new
            .into_iter()
            .filter(|t| !before.iter().any(|p| p.key.eq_ignore_ascii_case(&t.key)))
            .collect();
        prop_assume!(!fresh.is_empty());
        let added = add_trailers(&c.message, &fresh, config);
        let removed = provenance_trailers::remove_trailers(&added, config, |t| {
            fresh.iter().any(|f| f.key.eq_ignore_ascii_case(&t.key))
        });
        prop_assert_eq!(parse(&removed, config), before);
    }
}
