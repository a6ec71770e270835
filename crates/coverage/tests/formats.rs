//! The same coverage written by four tools reads the same.

use provenance_coverage::{detect, parse, Counts, Format};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn four_formats_one_model() {
    for (name, format) in [
        ("lcov.info", Format::Lcov),
        ("coverage.xml", Format::Cobertura),
        ("coverage.json", Format::CoveragePyJson),
        ("llvm-cov.json", Format::LlvmCovJson),
    ] {
        let data = fixture(name);
        assert_eq!(detect(&data), Some(format), "{name}");
        let report = parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let app = report
            .file("src/app.py")
            .unwrap_or_else(|| panic!("{name}: no src/app.py"));
        let ran: Vec<(u32, bool)> = (1..=5)
            .filter_map(|l| app.hits(l).map(|h| (l, h > 0)))
            .collect();
        assert_eq!(
            ran,
            [(1, true), (2, true), (3, false), (5, true)],
            "{name}: line 4 is not instrumented, 3 never ran"
        );
        assert_eq!(
            report.covered([("src/app.py", 1..=5)]),
            Counts {
                covered: 3,
                instrumented: 4
            },
            "{name}"
        );
        assert_eq!(
            report.total(),
            Counts {
                covered: 3,
                instrumented: 5
            },
            "{name}"
        );
        assert_eq!(
            report.covered([("src/missing.py", 1..=9)]),
            Counts::default()
        );
    }
}

#[test]
fn malformed_reports_say_where() {
    let err = parse(b"SF:a.py\nDA:x,1\n").unwrap_err().to_string();
    assert!(err.contains("line 2"), "{err}");
    let err = parse(b"<coverage><packages><package><classes><class><lines/></class></classes></package></packages></coverage>")
        .unwrap_err()
        .to_string();
    assert!(err.contains("filename"), "{err}");
    assert!(parse(b"just some text\n").is_err());
    assert!(parse(b"{\"files\": 3, \"executed_lines\": []}").is_err());
}

#[test]
fn percent_of_nothing_is_none() {
    assert_eq!(Counts::default().percent(), None);
    assert_eq!(
        Counts {
            covered: 3,
            instrumented: 4
        }
        .percent(),
        Some(75.0)
    );
}
