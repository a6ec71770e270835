//! The SCA library against real advisory records (tests/fixtures/osv, written in OSV format
//! from each advisory's published facts) and real-shaped lockfiles (tests/fixtures/lock).
//! Synthetic records, where a case needs an event no fixture has, use `TEST-` ids.

use chrono::{DateTime, NaiveDate, Utc};
use provenance_findings::Severity;
use provenance_sca::{
    added_or_bumped, dependencies, ignore, Db, Dependency, Ecosystem, Ignore, LoadError,
    COMPACT_FILE,
};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_db() -> Db {
    match Db::load(&fixtures().join("osv")) {
        Ok(db) => db,
        Err(e) => panic!("fixture db: {e}"),
    }
}

fn dep(ecosystem: Ecosystem, name: &str, version: &str) -> Dependency {
    Dependency {
        ecosystem,
        name: name.to_string(),
        version: version.to_string(),
        path: "lock".to_string(),
        line: 1,
    }
}

/// Ids of the vulnerabilities `db` reports for one dependency.
fn ids(db: &Db, ecosystem: Ecosystem, name: &str, version: &str) -> Vec<String> {
    db.check(&[dep(ecosystem, name, version)])
        .into_iter()
        .map(|v| v.id)
        .collect()
}

fn lock(rel: &str) -> Vec<Dependency> {
    let path = fixtures().join("lock").join(rel);
    let data = std::fs::read(&path).unwrap_or_default();
    match dependencies(rel, &data) {
        Ok(d) => d,
        Err(e) => panic!("{rel}: {e}"),
    }
}

fn triples(deps: &[Dependency]) -> Vec<(String, String, u32)> {
    deps.iter()
        .map(|d| (d.name.clone(), d.version.clone(), d.line))
        .collect()
}

fn synthetic(json: &str) -> Db {
    match Db::parse_record(json.as_bytes()) {
        Ok(r) => Db::from_records(r),
        Err(e) => panic!("synthetic record: {e}"),
    }
}

// ---- loading ----

#[test]
fn fixture_db_loads_every_record_at_any_depth() {
    let db = fixture_db();
    assert_eq!(db.len(), 10, "{:?}", db.problems());
    assert!(db.problems().is_empty());
    let newest = db.snapshot_date().map(|t| t.to_rfc3339());
    assert_eq!(newest.as_deref(), Some("2025-08-14T18:52:04+00:00"));
}

#[test]
fn withdrawn_records_are_skipped() {
    let json = r#"{"id":"TEST-withdrawn","modified":"2024-01-01T00:00:00Z","withdrawn":"2024-02-01T00:00:00Z",
        "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}"#;
    assert_eq!(Db::parse_record(json.as_bytes()).ok().flatten(), None);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("w.json"), json).unwrap_or_else(|e| panic!("{e}"));
    let db = Db::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(db.is_empty());
}

#[test]
fn a_record_that_does_not_parse_is_listed_not_fatal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("bad.json"), "{ not json").unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        fixtures().join("osv/npm/MAL-2025-20690.json"),
        dir.path().join("m.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let db = Db::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(db.len(), 1);
    assert_eq!(db.problems().len(), 1);
    assert!(db.problems()[0].origin.ends_with("bad.json"));
}

fn zip_of_fixtures(path: &Path) {
    use std::io::Write;
    let f = std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}"));
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for rel in [
        "npm/GHSA-35jh-r3h4-6jhm.json",
        "npm/GHSA-xvch-5gv4-984h.json",
        "npm/MAL-2025-20690.json",
    ] {
        let bytes = std::fs::read(fixtures().join("osv").join(rel)).unwrap_or_default();
        let name = rel.rsplit('/').next().unwrap_or(rel);
        z.start_file(name, opts).unwrap_or_else(|e| panic!("{e}"));
        z.write_all(&bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    z.finish().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn all_zip_archives_load_directly_and_inside_a_directory() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("npm")).unwrap_or_else(|e| panic!("{e}"));
    let zip = dir.path().join("npm/all.zip");
    zip_of_fixtures(&zip);
    let direct = Db::load(&zip).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(direct.len(), 3);
    let nested = Db::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(nested.len(), 3);
    assert_eq!(
        ids(&nested, Ecosystem::Npm, "lodash", "4.17.20"),
        ["GHSA-35jh-r3h4-6jhm"]
    );
}

#[test]
fn update_from_dir_and_zip_writes_one_compact_file_atomically() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dest = data.path().join("osv");
    let s = Db::update_from(&fixtures().join("osv"), &dest).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.records, 10);
    assert_eq!(s.path, dest.join(COMPACT_FILE));
    let names: Vec<_> = std::fs::read_dir(&dest)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(names, [COMPACT_FILE], "no temporary file is left");
    let db = Db::load(&dest).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(db.len(), 10);
    assert_eq!(db.snapshot_date(), fixture_db().snapshot_date());
    assert_eq!(
        ids(&db, Ecosystem::CratesIo, "smallvec", "1.6.0"),
        ["RUSTSEC-2021-0003"]
    );

    let zip = data.path().join("all.zip");
    zip_of_fixtures(&zip);
    let s = Db::update_from(&zip, &dest).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.records, 3);
    assert_eq!(Db::load(&dest).map(|d| d.len()).ok(), Some(3));
}

#[test]
fn update_from_an_empty_source_keeps_the_current_db() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dest = data.path().join("osv");
    Db::update_from(&fixtures().join("osv"), &dest).unwrap_or_else(|e| panic!("{e}"));
    let empty = data.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        Db::update_from(&empty, &dest),
        Err(LoadError::Empty { .. })
    ));
    assert_eq!(Db::load(&dest).map(|d| d.len()).ok(), Some(10));
}

#[test]
fn a_stale_snapshot_is_reported() {
    let db = fixture_db();
    let at = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(!db.is_stale(at("2025-08-20T00:00:00Z"), 7));
    assert!(db.is_stale(at("2026-12-07T00:00:00Z"), 7));
    assert!(Db::default().is_stale(at("2025-08-20T00:00:00Z"), 7));
}

// ---- range events ----

#[test]
fn smallvec_two_introduced_fixed_pairs() {
    let db = fixture_db();
    let c = Ecosystem::CratesIo;
    assert!(ids(&db, c, "smallvec", "0.6.2").is_empty());
    assert_eq!(ids(&db, c, "smallvec", "0.6.3"), ["RUSTSEC-2021-0003"]);
    assert!(ids(&db, c, "smallvec", "0.6.14").is_empty());
    assert_eq!(ids(&db, c, "smallvec", "1.6.0"), ["RUSTSEC-2021-0003"]);
    assert!(ids(&db, c, "smallvec", "1.6.1").is_empty());
    let v = db.check(&[dep(c, "smallvec", "0.6.10")]);
    assert_eq!(v[0].fixed.as_deref(), Some("0.6.14"));
    assert_eq!(v[0].severity, Severity::Critical);
    assert_eq!(v[0].score, Some(9.8));
}

#[test]
fn time_introduced_at_the_lowest_prerelease_and_an_unaffected_gap() {
    let db = fixture_db();
    let c = Ecosystem::CratesIo;
    assert_eq!(ids(&db, c, "time", "0.1.45"), ["RUSTSEC-2020-0071"]);
    assert!(ids(&db, c, "time", "0.2.3").is_empty());
    assert_eq!(ids(&db, c, "time", "0.2.22"), ["RUSTSEC-2020-0071"]);
    assert!(ids(&db, c, "time", "0.3.0").is_empty());
    let v = db.check(&[dep(c, "time", "0.2.10")]);
    assert_eq!(v[0].fixed.as_deref(), Some("0.2.23"));
    assert_eq!((v[0].severity, v[0].score), (Severity::Medium, Some(6.2)));
}

#[test]
fn last_affected_includes_the_version_and_stops_after_it() {
    let db = synthetic(
        r#"{"id":"TEST-last","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"pkg"},
        "ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"last_affected":"1.4.2"}]}]}]}"#,
    );
    assert!(ids(&db, Ecosystem::Npm, "pkg", "0.9.0").is_empty());
    assert_eq!(ids(&db, Ecosystem::Npm, "pkg", "1.4.2"), ["TEST-last"]);
    assert!(ids(&db, Ecosystem::Npm, "pkg", "1.4.3").is_empty());
    assert_eq!(
        db.check(&[dep(Ecosystem::Npm, "pkg", "1.0.0")])[0].fixed,
        None
    );
}

#[test]
fn limit_caps_an_open_range() {
    let db = synthetic(
        r#"{"id":"TEST-limit","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"pkg"},
        "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"limit":"3.0"}]}]}]}"#,
    );
    assert_eq!(ids(&db, Ecosystem::PyPI, "pkg", "2.9"), ["TEST-limit"]);
    assert!(ids(&db, Ecosystem::PyPI, "pkg", "3.0").is_empty());
}

#[test]
fn events_out_of_order_are_sorted_first() {
    let db = synthetic(
        r#"{"id":"TEST-order","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"crates.io","name":"pkg"},
        "ranges":[{"type":"SEMVER","events":[{"fixed":"2.0.0"},{"introduced":"1.5.0"},{"fixed":"1.2.0"},{"introduced":"1.0.0"}]}]}]}"#,
    );
    let c = Ecosystem::CratesIo;
    assert_eq!(ids(&db, c, "pkg", "1.1.0"), ["TEST-order"]);
    assert!(ids(&db, c, "pkg", "1.3.0").is_empty());
    assert_eq!(ids(&db, c, "pkg", "1.9.9"), ["TEST-order"]);
    assert_eq!(
        db.check(&[dep(c, "pkg", "1.0.0")])[0].fixed.as_deref(),
        Some("1.2.0")
    );
}

#[test]
fn explicit_versions_match_without_ranges_and_git_ranges_are_ignored() {
    let db = synthetic(
        r#"{"id":"TEST-versions","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"pkg"},
        "ranges":[{"type":"GIT","repo":"x","events":[{"introduced":"0"},{"fixed":"abcdef"}]}],
        "versions":["1.0.0","1.0.1"]}]}"#,
    );
    assert_eq!(ids(&db, Ecosystem::Npm, "pkg", "1.0.1"), ["TEST-versions"]);
    assert!(ids(&db, Ecosystem::Npm, "pkg", "1.0.2").is_empty());
    assert!(
        db.records()
            .next()
            .is_some_and(|r| r.affected[0].ranges.is_empty()),
        "GIT ranges are dropped at load"
    );
}

#[test]
fn pypi_versions_list_uses_pep440_equality() {
    let db = fixture_db();
    // "5.4b1" is listed; PEP 440 reads "5.4.0b1" as the same version.
    assert_eq!(
        ids(&db, Ecosystem::PyPI, "PyYAML", "5.4.0b1"),
        ["PYSEC-2021-142"]
    );
    assert!(ids(&db, Ecosystem::PyPI, "pyyaml", "5.4").is_empty());
    assert_eq!(
        ids(&db, Ecosystem::PyPI, "Jinja2", "2.10.1"),
        ["PYSEC-2021-66"]
    );
    assert!(ids(&db, Ecosystem::PyPI, "jinja2", "2.11.3").is_empty());
}

// ---- aliases, severity ----

#[test]
fn records_sharing_an_alias_are_one_finding() {
    let db = fixture_db();
    let v = db.check(&[dep(Ecosystem::PyPI, "pyyaml", "5.3.1")]);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].id, "PYSEC-2021-142");
    assert_eq!(v[0].aliases, ["CVE-2020-14343", "GHSA-8q59-q68h-6hv4"]);
    // The PYSEC record has no severity; the GHSA record's CVSS vector scores it.
    assert_eq!((v[0].severity, v[0].score), (Severity::Critical, Some(9.8)));
    assert_eq!(v[0].fixed.as_deref(), Some("5.4"));
    assert_eq!(v[0].cwe.as_deref(), Some("CWE-20"));
}

#[test]
fn cvss_v3_scores_of_the_fixture_records() {
    let db = fixture_db();
    let score = |eco, name: &str, ver: &str| {
        db.check(&[dep(eco, name, ver)])
            .first()
            .map(|v| (v.id.clone(), v.severity, v.score))
    };
    assert_eq!(
        score(Ecosystem::Npm, "lodash", "4.17.20"),
        Some(("GHSA-35jh-r3h4-6jhm".into(), Severity::High, Some(7.2)))
    );
    assert_eq!(
        score(Ecosystem::Npm, "minimist", "1.2.5"),
        Some(("GHSA-xvch-5gv4-984h".into(), Severity::Critical, Some(9.8)))
    );
    assert_eq!(
        score(Ecosystem::CratesIo, "time", "0.1.45"),
        Some(("RUSTSEC-2020-0071".into(), Severity::Medium, Some(6.2)))
    );
}

#[test]
fn a_v4_vector_is_scored_and_a_record_without_one_uses_the_database_rating() {
    let record = |severity: &str| {
        format!(
            r#"{{"id":"TEST-sev","modified":"2024-01-01T00:00:00Z",{severity}"database_specific":{{"severity":"MODERATE"}},
            "affected":[{{"package":{{"ecosystem":"npm","name":"pkg"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}}]}}]}}]}}"#
        )
    };
    let v4 = r#""severity":[{"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}],"#;
    let v = synthetic(&record(v4)).check(&[dep(Ecosystem::Npm, "pkg", "1.0.0")]);
    assert_eq!((v[0].severity, v[0].score), (Severity::Critical, Some(9.3)));
    let v = synthetic(&record("")).check(&[dep(Ecosystem::Npm, "pkg", "1.0.0")]);
    assert_eq!((v[0].severity, v[0].score), (Severity::Medium, None));
}

#[test]
fn malicious_packages_are_critical_with_no_fix() {
    let db = fixture_db();
    let v = db.check(&[dep(Ecosystem::Npm, "flatmap-stream", "0.1.1")]);
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].id.as_str(), v[0].severity, v[0].fixed.as_deref()),
        ("MAL-2025-20690", Severity::Critical, None)
    );
    let f = v[0].to_finding();
    assert!(f.message.contains("no fixed version"), "{}", f.message);
}

#[test]
fn the_lowest_fix_above_the_installed_version() {
    let db = fixture_db();
    let fixed = |ver: &str| {
        db.check(&[dep(Ecosystem::Npm, "minimist", ver)])
            .first()
            .and_then(|v| v.fixed.clone())
    };
    assert_eq!(fixed("0.0.8").as_deref(), Some("0.2.4"));
    assert_eq!(fixed("1.2.5").as_deref(), Some("1.2.6"));
    assert_eq!(fixed("1.2.6"), None);
}

// ---- Go ----

#[test]
fn go_pseudo_versions_and_v_prefixes_match() {
    let db = fixture_db();
    let deps = lock("go.sum");
    let v = db.check(&deps);
    let got: Vec<_> = v
        .iter()
        .map(|v| {
            (
                v.id.as_str(),
                v.dependency.version.as_str(),
                v.fixed.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "GO-2020-0015",
                "v0.0.0-20170915032832-14c0d48ead0c",
                Some("0.3.3")
            ),
            (
                "GO-2021-0113",
                "v0.0.0-20170915032832-14c0d48ead0c",
                Some("0.3.7")
            ),
        ]
    );
    // Both are medium here: Go records carry no score, and no GHSA record is in the fixture.
    assert!(v.iter().all(|v| v.severity == Severity::Medium));
}

// ---- findings ----

#[test]
fn a_finding_names_the_package_the_advisory_and_the_upgrade() {
    let db = fixture_db();
    let deps = lock("Cargo.lock");
    let v = db.check(&deps);
    let f = v[0].to_finding();
    assert_eq!(
        (f.gate.as_str(), f.rule.as_str(), f.path.as_str(), f.line),
        ("sca", "RUSTSEC-2021-0003", "Cargo.lock", 14)
    );
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(
        f.message,
        "smallvec@1.6.0 (crates.io) is affected by RUSTSEC-2021-0003 (CVE-2021-25900): Buffer overflow in SmallVec::insert_many; upgrade to 1.6.1"
    );
    assert_eq!(f.snippet, "smallvec@1.6.0");
    assert_eq!(f.fingerprint.len(), 64);
}

// ---- ignores ----

#[test]
fn ignores_apply_by_id_or_alias_until_they_expire() {
    let db = fixture_db();
    let vulns = db.check(&lock("package-lock.json"));
    assert_eq!(vulns.len(), 3, "{vulns:?}");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
    let ignores = [
        Ignore {
            id: "cve-2021-23337".into(),
            until: Some(day("2026-12-31")),
            reason: "template() unused".into(),
        },
        Ignore {
            id: "GHSA-xvch-5gv4-984h".into(),
            until: Some(day("2026-12-06")),
            reason: "expired".into(),
        },
    ];
    let t = ignore::apply(vulns.clone(), &ignores, day("2026-12-07"));
    assert_eq!(t.ignored.len(), 1);
    assert_eq!(t.ignored[0].0.id, "GHSA-35jh-r3h4-6jhm");
    assert_eq!(
        t.reported.len(),
        2,
        "both minimist entries are reported again"
    );
    assert_eq!(t.expired, [ignores[1].clone()]);
    // On the last day an ignore still applies.
    let t = ignore::apply(vulns, &ignores, day("2026-12-06"));
    assert_eq!((t.ignored.len(), t.reported.len()), (3, 0));
    assert!(Ignore {
        id: "X".into(),
        until: None,
        reason: String::new()
    }
    .is_active(day("2099-01-01")));
}

// ---- lockfiles ----

#[test]
fn cargo_lock_skips_workspace_members() {
    assert_eq!(
        triples(&lock("Cargo.lock")),
        [
            ("smallvec".into(), "1.6.0".into(), 14),
            ("time".into(), "0.1.45".into(), 20)
        ]
    );
}

#[test]
fn package_lock_v3_names_nested_and_scoped_packages() {
    let got = triples(&lock("package-lock.json"));
    assert_eq!(
        got,
        [
            ("lodash".into(), "4.17.20".into(), 15),
            ("minimist".into(), "0.0.8".into(), 20),
            ("minimist".into(), "1.2.5".into(), 23),
            ("@types/node".into(), "20.1.0".into(), 26),
        ]
    );
}

#[test]
fn package_lock_v1_dependency_tree() {
    let text = r#"{"lockfileVersion": 1, "dependencies": {
  "lodash": {
    "version": "4.17.20",
    "dependencies": {
      "minimist": {
        "version": "0.0.8"
      }
    }
  }
}}"#;
    let got = dependencies("package-lock.json", text.as_bytes()).unwrap_or_default();
    assert_eq!(
        triples(&got),
        [
            ("lodash".into(), "4.17.20".into(), 2),
            ("minimist".into(), "0.0.8".into(), 5)
        ]
    );
}

#[test]
fn yarn_lock_v1_and_berry() {
    assert_eq!(
        triples(&lock("yarn.lock")),
        [
            ("@babel/code-frame".into(), "7.12.13".into(), 5),
            ("flatmap-stream".into(), "0.1.1".into(), 11),
            ("lodash".into(), "4.17.21".into(), 14),
        ]
    );
    assert_eq!(
        triples(&lock("berry/yarn.lock")),
        [("minimist".into(), "1.2.5".into(), 8)]
    );
}

#[test]
fn pnpm_lock_v5_v6_v9() {
    assert_eq!(
        triples(&lock("pnpm-lock.yaml")),
        [
            ("@babel/core".into(), "7.24.0".into(), 17),
            ("lodash".into(), "4.17.20".into(), 21)
        ]
    );
    assert_eq!(
        triples(&lock("pnpm6/pnpm-lock.yaml")),
        [
            ("@babel/core".into(), "7.24.0".into(), 10),
            ("minimist".into(), "1.2.5".into(), 14)
        ]
    );
    assert_eq!(
        triples(&lock("pnpm5/pnpm-lock.yaml")),
        [
            ("@babel/core".into(), "7.12.3".into(), 8),
            ("lodash".into(), "4.17.20".into(), 12)
        ]
    );
}

#[test]
fn poetry_and_uv_locks_skip_the_project_itself() {
    assert_eq!(
        triples(&lock("poetry.lock")),
        [
            ("jinja2".into(), "2.11.2".into(), 4),
            ("PyYAML".into(), "5.3.1".into(), 20)
        ]
    );
    assert_eq!(
        triples(&lock("uv.lock")),
        [("pyyaml".into(), "5.4b2".into(), 13)]
    );
    let db = fixture_db();
    assert_eq!(
        db.check(&lock("uv.lock")).len(),
        1,
        "5.4b2 is listed in PYSEC-2021-142"
    );
}

#[test]
fn requirements_txt_reads_only_exact_pins() {
    assert_eq!(
        triples(&lock("requirements.txt")),
        [
            ("Jinja2".into(), "2.10.1".into(), 2),
            ("PyYAML".into(), "5.4".into(), 4),
            ("markupsafe".into(), "2.0.1".into(), 7),
            ("flask".into(), "0.12.2".into(), 8)
        ]
    );
}

#[test]
fn go_sum_skips_go_mod_only_lines() {
    let got = triples(&lock("go.sum"));
    assert_eq!(
        got,
        [
            ("github.com/google/go-cmp".into(), "v0.5.9".into(), 1),
            (
                "golang.org/x/text".into(),
                "v0.0.0-20170915032832-14c0d48ead0c".into(),
                3
            ),
            ("golang.org/x/text".into(), "v0.3.8".into(), 6),
        ]
    );
}

#[test]
fn unknown_and_malformed_lockfiles_are_errors() {
    assert!(matches!(
        dependencies("Gemfile.lock", b""),
        Err(provenance_sca::ParseError::Unsupported { .. })
    ));
    let err = dependencies("web/package-lock.json", b"{\n  \"packages\": [\n")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.starts_with("web/package-lock.json:")));
    assert!(matches!(
        dependencies("go.sum", &[0xff, 0xfe]),
        Err(provenance_sca::ParseError::NotUtf8 { .. })
    ));
}

#[test]
fn added_or_bumped_returns_what_a_change_introduces() {
    let old = vec![
        dep(Ecosystem::Npm, "lodash", "4.17.20"),
        dep(Ecosystem::Npm, "minimist", "1.2.5"),
        dep(Ecosystem::PyPI, "Jinja2", "2.10.1"),
    ];
    let mut moved = dep(Ecosystem::PyPI, "jinja2", "2.10.1");
    moved.line = 40;
    let new = vec![
        dep(Ecosystem::Npm, "lodash", "4.17.21"),
        dep(Ecosystem::Npm, "minimist", "1.2.5"),
        moved,
        dep(Ecosystem::Npm, "flatmap-stream", "0.1.1"),
    ];
    let got: Vec<_> = added_or_bumped(&old, &new)
        .into_iter()
        .map(|d| (d.name, d.version))
        .collect();
    assert_eq!(
        got,
        [
            ("lodash".to_string(), "4.17.21".to_string()),
            ("flatmap-stream".to_string(), "0.1.1".to_string())
        ]
    );
}

#[test]
fn directory_and_compact_databases_give_the_same_findings() {
    let dir_db = fixture_db();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    dir_db
        .write_compact(data.path())
        .unwrap_or_else(|e| panic!("{e}"));
    let compact = Db::load(data.path()).unwrap_or_else(|e| panic!("{e}"));
    let all = [
        "Cargo.lock",
        "package-lock.json",
        "yarn.lock",
        "berry/yarn.lock",
        "pnpm-lock.yaml",
        "pnpm6/pnpm-lock.yaml",
        "pnpm5/pnpm-lock.yaml",
        "poetry.lock",
        "uv.lock",
        "requirements.txt",
        "go.sum",
    ];
    let mut total = 0;
    for rel in all {
        let deps = lock(rel);
        let want = dir_db.check(&deps);
        assert_eq!(
            compact.check(&deps),
            want,
            "{rel}: compact database differs"
        );
        total += want.len();
    }
    assert_eq!(total, 16);
}

#[test]
fn introduced_compares_a_lockfile_before_and_after() {
    let before =
        b"lodash@^4.17.15:\n  version \"4.17.20\"\n\nminimist@^1.2.0:\n  version \"1.2.5\"\n";
    let after =
        b"lodash@^4.17.15:\n  version \"4.17.21\"\n\nminimist@^1.2.0:\n  version \"1.2.5\"\n";
    let got = provenance_sca::introduced("yarn.lock", Some(before), after).unwrap_or_default();
    assert_eq!(triples(&got), [("lodash".into(), "4.17.21".into(), 1)]);
    let new_file = provenance_sca::introduced("yarn.lock", None, after).unwrap_or_default();
    assert_eq!(new_file.len(), 2);
}

#[test]
fn a_missing_database_is_an_io_error_naming_the_path() {
    let err = Db::load(Path::new("/nonexistent/osv")).err();
    assert!(
        matches!(&err, Some(LoadError::Io { path, .. }) if path == Path::new("/nonexistent/osv"))
    );
}
