//! Prompt redaction corpus: every case in `tests/fixtures/redact-prompts.txt` is a prompt
//! and the text `redact_text` must store for it (secrets hidden, prose, identifiers,
//! paths, URLs without credentials and commit ids kept).

use std::path::Path;

use provenance_secrets::redact_text;

struct Case {
    name: String,
    prompt: String,
    expected: String,
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redact-prompts.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut cases = Vec::new();
    for block in text.split("\n=== ").skip(1) {
        let (name, body) = block.split_once('\n').unwrap();
        let (prompt, expected) = body
            .split_once("\n--- expected\n")
            .unwrap_or_else(|| panic!("case `{name}` has no `--- expected` line"));
        cases.push(Case {
            name: name.to_string(),
            prompt: prompt.to_string(),
            expected: expected.trim_end_matches('\n').to_string(),
        });
    }
    cases
}

#[test]
fn prompts_are_redacted_as_the_corpus_expects() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let got = redact_text(&case.prompt);
        if got != case.expected {
            wrong.push(format!(
                "=== {}\n--- expected\n{}\n--- got\n{}",
                case.name, case.expected, got
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases differ:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}
