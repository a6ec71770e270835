//! The `check` contract beyond single rules: added-line filtering, suppression markers in
//! every language, the finding fields the CLI relies on, and fingerprints that survive
//! edits above a finding.

use provenance_findings::Severity;
use provenance_sast::{rules, Analyzer, Language, GATE};

fn analyzer() -> Analyzer {
    Analyzer::new().expect("grammars load")
}

const PY: &str = "import os\n\ndef f(cmd):\n    os.system(cmd)\n    os.system(\"rm -rf \" + cmd)\n";

#[test]
fn only_findings_on_added_lines_are_reported() {
    let a = analyzer();
    assert_eq!(a.check("x.py", PY.as_bytes(), None).len(), 2);
    let lines: Vec<u32> = a
        .check("x.py", PY.as_bytes(), Some(&[(5, 5)]))
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(lines, vec![5]);
    assert!(a.check("x.py", PY.as_bytes(), Some(&[(1, 3)])).is_empty());
    assert!(a.check("x.py", PY.as_bytes(), Some(&[])).is_empty());
}

#[test]
fn a_multi_line_match_counts_when_any_of_its_lines_was_added() {
    let src = "cursor.execute(\n    f\"SELECT * FROM t WHERE id = {x}\"\n)\n";
    let found = analyzer().check("db.py", src.as_bytes(), Some(&[(2, 2)]));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 1);
}

#[test]
fn finding_fields() {
    let f = &analyzer().check("app/x.py", PY.as_bytes(), None)[0];
    assert_eq!(f.gate, GATE);
    assert_eq!(f.gate, "sast");
    assert_eq!(f.source, "builtin");
    assert_eq!(f.rule, "python-os-system");
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.cwe.as_deref(), Some("CWE-78"));
    assert_eq!(f.path, "app/x.py");
    assert_eq!((f.line, f.column), (4, 5));
    assert_eq!(f.snippet, "os.system(cmd)");
    assert!(f.message.contains(" Fix: "), "{}", f.message);
    assert!(!f.message.contains('\n'));
    assert_eq!(f.fingerprint.len(), 64);
}

#[test]
fn fingerprints_ignore_line_numbers_but_not_paths() {
    let a = analyzer();
    let shifted = format!("# a new comment\n\n{PY}");
    let before = a.check("x.py", PY.as_bytes(), None);
    let after = a.check("x.py", shifted.as_bytes(), None);
    assert_eq!(before[0].fingerprint, after[0].fingerprint);
    assert_ne!(before[0].line, after[0].line);
    let elsewhere = a.check("y.py", PY.as_bytes(), None);
    assert_ne!(before[0].fingerprint, elsewhere[0].fingerprint);
}

#[test]
fn suppression_markers_in_every_language() {
    let a = analyzer();
    let cases: &[(&str, &str, &str)] = &[
        ("a.py", "os.system(cmd)  # nosec\n", "bandit marker"),
        (
            "a.py",
            "# provenance:allow\nos.system(cmd)\n",
            "bare allow, line before",
        ),
        (
            "a.py",
            "os.system(cmd)  # provenance:allow python-os-system\n",
            "allow by id",
        ),
        (
            "a.js",
            "eval(req.query.x); // nosemgrep\n",
            "semgrep marker",
        ),
        (
            "a.ts",
            "// provenance:allow js-eval\neval(req.query.x);\n",
            "allow by id, line before",
        ),
        (
            "a.go",
            "package m\n\nfunc f() {\n\texec.Command(\"sh\", \"-c\", \"ls \"+d) // nosec\n}\n",
            "go",
        ),
        (
            "a.rs",
            "fn f() {\n    unsafe { g() } // provenance:allow rust-unsafe-block\n}\n",
            "rust",
        ),
    ];
    for (path, src, what) in cases {
        assert!(
            a.check(path, src.as_bytes(), None).is_empty(),
            "{what}: {path}"
        );
    }
    // An allow for another rule does not suppress.
    let other = "os.system(cmd)  # provenance:allow python-eval\n";
    assert_eq!(a.check("a.py", other.as_bytes(), None).len(), 1);
    // A marker two lines up does not reach.
    let far = "# nosec\n\nos.system(cmd)\n";
    assert_eq!(a.check("a.py", far.as_bytes(), None).len(), 1);
}

#[test]
fn nothing_fires_inside_comments_or_strings() {
    let a = analyzer();
    let cases: &[(&str, &str)] = &[
        ("a.py", "# os.system(cmd)\nx = \"os.system(cmd)\"\ny = '''eval(x)\npickle.loads(b)'''\n"),
        ("a.js", "// eval(x)\n/* el.innerHTML = `${x}` */\nconst s = \"eval(req.query.x)\";\nconst t = `document.write(${'x'})`;\n"),
        ("a.go", "package m\n\n// InsecureSkipVerify: true\nvar s = `exec.Command(\"sh\", \"-c\", x)`\n"),
        ("a.rs", "// unsafe { *p }\nconst S: &str = \"unsafe { *p }\";\n/// danger_accept_invalid_certs(true)\nfn f() {}\n"),
    ];
    for (path, src) in cases {
        let found = a.check(path, src.as_bytes(), None);
        assert!(found.is_empty(), "{path}: {found:?}");
    }
}

#[test]
fn unsupported_files_and_broken_syntax_are_harmless() {
    let a = analyzer();
    assert!(a.check("notes.txt", b"os.system(cmd)\n", None).is_empty());
    assert!(a.check("Makefile", b"eval(x)\n", None).is_empty());
    assert!(a
        .check("bin.py", &[0xff, 0xfe, 0x00, 0x01], None)
        .is_empty());
    // Half-written code still parses around the error.
    let found = a.check("a.py", b"def f(:\n    os.system(cmd)\n", None);
    assert!(found.len() <= 1);
}

#[test]
fn the_rule_table_covers_every_language() {
    assert!(rules().len() >= 40, "{} rules", rules().len());
    for lang in [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Go,
        Language::Rust,
    ] {
        assert!(
            rules().iter().any(|r| r.languages.contains(&lang)),
            "{lang:?}"
        );
    }
    for id in ["rust-unsafe-block", "rust-raw-pointer-deref"] {
        assert_eq!(
            provenance_sast::rule(id).map(|r| r.severity),
            Some(Severity::Medium)
        );
    }
}

#[test]
fn docs_list_every_rule_with_its_severity_and_cwe() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/sast.md"))
        .expect("docs/sast.md");
    for r in rules() {
        let row = format!("| `{}` | {} | {} |", r.id, r.cwe, r.severity);
        assert!(
            docs.contains(&row),
            "docs/sast.md lacks `{row}`; regenerate with `cargo run -p provenance-sast --example rule_table`"
        );
    }
}

#[test]
fn the_analyzer_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Analyzer>();
    let a = analyzer();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert_eq!(a.check("x.py", PY.as_bytes(), None).len(), 2));
        }
    });
}

/// Half-written files (every fixture cut at many points, mid-token and mid-string) never
/// panic and never report outside the text that exists.
#[test]
fn truncated_sources_never_panic() {
    let a = analyzer();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let path = file.path();
            let data = std::fs::read(&path).unwrap();
            let name = path.to_string_lossy().into_owned();
            for cut in (0..data.len()).step_by(7) {
                let lines = data[..cut].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                for f in a.check(&name, &data[..cut], None) {
                    assert!(f.line >= 1 && f.line <= lines, "{name}@{cut}: {f:?}");
                }
            }
        }
    }
}

/// (rule, severity) of each finding in one file.
fn severities(path: &str, src: &str) -> Vec<(String, Severity)> {
    analyzer()
        .check(path, src.as_bytes(), None)
        .into_iter()
        .map(|f| (f.rule, f.severity))
        .collect()
}

#[test]
fn evaluation_and_deserialization_are_high_only_with_evident_input() {
    let py = "import pickle\n\ndef a(bb):\n    return pickle.loads(bb)\n\ndef b(request):\n    return pickle.loads(request.data)\n\ndef c(payload):\n    return pickle.loads(payload)\n";
    assert_eq!(
        severities("app.py", py),
        [
            ("python-pickle-load".into(), Severity::Medium),
            ("python-pickle-load".into(), Severity::High),
            ("python-pickle-load".into(), Severity::High),
        ]
    );
    let js = "function a(raw) { return new Function(`return (${raw})`)() }\nfunction b(userCode) { return eval(`(${userCode})`) }\n";
    assert_eq!(
        severities("app.js", js),
        [
            ("js-eval".into(), Severity::Medium),
            ("js-eval".into(), Severity::High),
        ]
    );
    let note = &analyzer().check("app.py", py.as_bytes(), None)[0].message;
    assert!(
        note.contains("no request or user input is evident"),
        "{note}"
    );
}

#[test]
fn numbers_interpolated_into_markup_are_not_xss() {
    let js = "function s(el, counter, item) {\n  el.innerHTML = `Count is ${counter}`\n  el.innerHTML = `<b>${item.title}</b>`\n}\n";
    assert_eq!(
        severities("ui.js", js),
        [("js-xss-inner-html".into(), Severity::High)]
    );
}

#[test]
fn a_clause_appended_to_a_parameterized_query_is_medium_and_a_spliced_value_critical() {
    let rs = "fn q(con: &Connection, suffix: &str, name: &str) {\n    con.prepare(&format!(\"SELECT id FROM repo WHERE corpus = ?1 {}\", suffix));\n    con.prepare(&format!(\"SELECT id FROM repo WHERE name = '{}'\", name));\n}\n";
    assert_eq!(
        severities("src/db.rs", rs),
        [
            ("rust-sql-injection".into(), Severity::Medium),
            ("rust-sql-injection".into(), Severity::Critical),
        ]
    );
}

#[test]
fn test_and_tooling_paths_are_capped_at_medium_by_default() {
    let py =
        "import subprocess\n\ndef run(name):\n    subprocess.run(f\"ls {name}\", shell=True)\n";
    assert_eq!(severities("pkg/cli.py", py)[0].1, Severity::Critical);
    for path in ["tests/test_cli.py", "tools/release.py", "docs/conf.py"] {
        let found = analyzer().check(path, py.as_bytes(), None);
        assert_eq!(found[0].severity, Severity::Medium, "{path}");
        assert!(found[0].message.contains("test or tooling code"));
    }
    let strict = analyzer().with_roles(provenance_sast::PathRoles::none());
    assert_eq!(
        strict.check("tests/test_cli.py", py.as_bytes(), None)[0].severity,
        Severity::Critical
    );
}
