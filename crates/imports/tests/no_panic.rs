//! Property tests: extraction and checking never panic, whatever the bytes.

use proptest::prelude::*;
use provenance_imports::{extract, Language, Project};

const LANGS: [Language; 5] = [
    Language::Python,
    Language::JavaScript,
    Language::TypeScript,
    Language::Rust,
    Language::Go,
];

/// Source-like text: fragments that stress the tokenizers, glued at random.
fn sourcey() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "import ",
        "from ",
        " x",
        ".",
        ";",
        ":",
        "\n",
        "    ",
        "'",
        "\"",
        "'''",
        "`",
        "${",
        "}",
        "{",
        "(",
        ")",
        "[",
        "]",
        "/",
        "//",
        "/*",
        "*/",
        "#",
        "\\",
        "r#\"",
        "\"#",
        "'a",
        "use ",
        "::",
        "require(",
        "export * from ",
        "try:",
        "except ImportError:",
        "if TYPE_CHECKING:",
        "#[cfg(test)]",
        "mod t;",
        "quote!{",
        "é",
        "f\"{",
        "package main\nimport (",
        "as ",
        "*",
        ",",
        "=",
        "requests",
        "serde",
        "react",
    ];
    let piece = prop_oneof![
        (0..PIECES.len()).prop_map(|i| PIECES[i].to_string()),
        "[a-z_]{1,6}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn extract_never_panics(src in sourcey(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for lang in LANGS {
            let _ = extract(lang, src.as_bytes());
            let _ = extract(lang, &bytes);
        }
    }

    #[test]
    fn check_never_panics(src in sourcey()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), "[project]\nname='x'\ndependencies=['requests']\n").unwrap();
        std::fs::write(dir.path().join("package.json"), "{\"dependencies\":{\"react\":\"1\"}}").unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname='x'\n[dependencies]\nserde='1'\n").unwrap();
        std::fs::write(dir.path().join("go.mod"), "module example.com/x\n").unwrap();
        let p = Project::new(dir.path());
        for path in ["a.py", "a.ts", "src/a.rs", "a.go", "n.ipynb"] {
            for f in p.check_file(path, src.as_bytes()) {
                prop_assert_eq!(f.gate.as_str(), "imports");
            }
        }
    }
}
