//! Table of checked-in cases: each message with its settings, the output of
//! `git interpret-trailers --parse` and, for some, of `--if-exists
//! addIfDifferent --trailer …`, recorded from git 2.47 and compared here
//! without git.
//!
//! To re-record the expected outputs from the local git after editing inputs:
//! `TRAILERS_REGEN=1 cargo test -p provenance-trailers --test cases -- --ignored`.

mod support;

use std::path::PathBuf;

use provenance_trailers::{
    add_trailers, format_parsed_with, locate, parse, remove_trailers, Config, Trailer,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CaseConfig {
    #[serde(default = "default_separators")]
    separators: String,
    #[serde(default = "default_comment")]
    comment: Option<String>,
    #[serde(default)]
    no_divider: bool,
}

fn default_separators() -> String {
    ":".into()
}

fn default_comment() -> Option<String> {
    Some("#".into())
}

impl Default for CaseConfig {
    fn default() -> Self {
        CaseConfig {
            separators: default_separators(),
            comment: default_comment(),
            no_divider: false,
        }
    }
}

impl CaseConfig {
    fn config(&self) -> Config {
        Config {
            separators: self.separators.clone(),
            comment: self.comment.clone(),
            no_divider: self.no_divider,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Case {
    /// What the case checks (the t7513 behaviour it mirrors).
    name: String,
    #[serde(default)]
    config: CaseConfig,
    message: String,
    /// `git interpret-trailers --parse` output.
    #[serde(default)]
    parse: Option<String>,
    /// `--trailer` arguments, as `[key, value]` (passed as `key=value`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    add: Vec<(String, String)>,
    /// Output of `git interpret-trailers --where end --if-exists
    /// addIfDifferent --trailer …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    added: Option<String>,
}

impl Case {
    fn new_trailers(&self) -> Vec<Trailer> {
        self.add.iter().map(|(k, v)| Trailer::new(k, v)).collect()
    }
}

fn table_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases/trailers.json")
}

fn load() -> Vec<Case> {
    let text = std::fs::read_to_string(table_path()).expect("read the case table");
    serde_json::from_str(&text).expect("parse the case table")
}

#[test]
fn table_matches_recorded_git_output() {
    let cases = load();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let config = case.config.config();
        let expected = case
            .parse
            .as_deref()
            .unwrap_or_else(|| panic!("case {:?} has no recorded parse output", case.name));
        let ours = format_parsed_with(&parse(&case.message, &config), &config);
        if ours != expected {
            failures.push(format!(
                "{}: parse\n  message: {:?}\n  git:  {expected:?}\n  ours: {ours:?}",
                case.name, case.message
            ));
        }
        if let Some(expected) = &case.added {
            let ours = add_trailers(&case.message, &case.new_trailers(), &config);
            if &ours != expected {
                failures.push(format!(
                    "{}: add\n  message: {:?}\n  git:  {expected:?}\n  ours: {ours:?}",
                    case.name, case.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn table_covers_adds() {
    let cases = load();
    let adds = cases.iter().filter(|c| c.added.is_some()).count();
    assert!(adds >= 20, "only {adds} cases check add_trailers");
}

#[test]
#[ignore = "re-records expected outputs with the local git; set TRAILERS_REGEN=1"]
fn regenerate() {
    if std::env::var_os("TRAILERS_REGEN").is_none() {
        return;
    }
    let mut cases = load();
    for case in &mut cases {
        let config = case.config.config();
        let msg = [case.message.clone()];
        case.parse = Some(support::run_git(&config, support::Mode::Parse, &[], &msg).remove(0));
        if !case.add.is_empty() {
            let new = case.new_trailers();
            case.added = Some(support::run_git(&config, support::Mode::Add, &new, &msg).remove(0));
        }
    }
    let mut text = serde_json::to_string_pretty(&cases).expect("serialize");
    text.push('\n');
    std::fs::write(table_path(), text).expect("write the case table");
}

// `remove_trailers` has no git counterpart; these pin its contract.

#[test]
fn remove_keeps_every_other_byte() {
    let config = Config::default();
    let msg = "T\r\n\r\nBody: not a trailer block? yes it is\r\n\r\nKey: a\r\n  folded\r\nAI-Prompt: sha256:1\r\n# note\r\nOther: b\r\n---\r\nKey: c\r\n";
    let out = remove_trailers(msg, &config, |t| t.key == "Key");
    assert_eq!(
        out,
        "T\r\n\r\nBody: not a trailer block? yes it is\r\n\r\nAI-Prompt: sha256:1\r\n# note\r\nOther: b\r\n---\r\nKey: c\r\n"
    );
    // git keeps the CR before a folded line break: the value is "a\r folded".
    let out = remove_trailers(msg, &config, |t| t.value == "a\r folded");
    assert!(!out.contains("folded"));
    assert_eq!(remove_trailers(msg, &config, |_| false), msg);
}

#[test]
fn remove_last_trailer_without_final_newline() {
    let config = Config::default();
    let msg = "T\n\nKey: a\nOther: b";
    assert_eq!(
        remove_trailers(msg, &config, |t| t.key == "Other"),
        "T\n\nKey: a\n"
    );
    assert_eq!(
        remove_trailers(msg, &config, |t| t.key == "Key"),
        "T\n\nOther: b"
    );
}

#[test]
fn remove_only_touches_the_block() {
    let config = Config::default();
    let msg = "Key: title\n\nKey: body\nprose\n\nKey: block\n";
    assert_eq!(
        remove_trailers(msg, &config, |t| t.key == "Key"),
        "Key: title\n\nKey: body\nprose\n\n"
    );
}

#[test]
fn add_with_nothing_new_is_identity() {
    let config = Config::default();
    for msg in ["", "T", "T\r\n\r\nKey : v\r\n# c\r\n", "T\n\n---\n"] {
        assert_eq!(add_trailers(msg, &[], &config), msg);
    }
}

#[test]
fn locate_reports_offsets() {
    let config = Config::default();
    let msg = "T\n\nBody\n\nKey: v\nOther: w\n\n# comment\n";
    let block = locate(msg, &config);
    assert_eq!(&msg[block.start..block.end], "Key: v\nOther: w\n");
    assert!(block.blank_line_before);
    let none = locate("T\n\nBody\n---\nKey: v\n", &config);
    assert!(none.is_empty());
    assert_eq!(none.start, "T\n\nBody\n".len());
    assert!(!none.blank_line_before);
    let unterminated = locate("T\n\nKey: v", &config);
    assert_eq!(unterminated.end, "T\n\nKey: v".len());
}
