//! The SCA gate through real pushes and commits, against a database made from the real
//! advisory records in crates/sca/tests/fixtures/osv (loaded with `provenance sca update`).

use crate::support::{ok, stderr, text, TestRepo};

fn osv_fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/sca/tests/fixtures/osv")
}

/// `[[package]]` entries of a Cargo.lock (registry packages carry a `source`).
fn cargo_lock(packages: &[(&str, &str)]) -> String {
    let mut out = String::from("version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n");
    for (name, version) in packages {
        out.push_str(&format!(
            "\n[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://index.example.invalid/\"\n"
        ));
    }
    out
}

/// An installed repository with a remote, a database, and a config pointing at it.
fn setup(extra_config: &str) -> TestRepo {
    let repo = TestRepo::with_base();
    let remote = repo.outside("origin.git");
    repo.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    ok(&repo.provenance(&["install"]));
    let db = repo.outside("osv-db");
    let out = repo.provenance(&[
        "sca",
        "update",
        "--from",
        osv_fixtures().to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(stderr(&out).contains("records"), "{}", text(&out));
    repo.write(
        ".provenance.toml",
        format!(
            "[gates]\nreview = \"off\"\n\n[sca]\ndb = \"{}\"\nmax_age_days = 100000\n{extra_config}",
            db.display()
        ),
    );
    repo
}

fn push(repo: &TestRepo) -> std::process::Output {
    repo.git_output(&["push", "-q", "origin", "main"])
}

#[test]
fn a_push_that_adds_a_vulnerable_lockfile_entry_is_blocked_and_a_medium_one_is_reported() {
    let repo = setup("");
    // time 0.1.45: RUSTSEC-2020-0071, CVSS 6.2 (medium): reported, allowed.
    repo.stage("Cargo.lock", &cargo_lock(&[("time", "0.1.45")]));
    repo.git(&["commit", "-q", "--no-verify", "-m", "time"]);
    let out = push(&repo);
    ok(&out);
    assert!(stderr(&out).contains("RUSTSEC-2020-0071"), "{}", text(&out));
    // smallvec 1.6.0: RUSTSEC-2021-0003, critical, fixed in 1.6.1: blocked, naming both.
    repo.stage(
        "Cargo.lock",
        &cargo_lock(&[("time", "0.1.45"), ("smallvec", "1.6.0")]),
    );
    repo.git(&["commit", "-q", "--no-verify", "-m", "smallvec"]);
    let out = push(&repo);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("RUSTSEC-2021-0003"), "{err}");
    assert!(err.contains("1.6.1"), "{err}");
    // Only what the push introduces: the already-pushed time entry is not reported again.
    assert!(!err.contains("RUSTSEC-2020-0071"), "{err}");
}

#[test]
fn an_ignore_holds_until_its_date_then_the_advisory_blocks_again() {
    let repo = setup(
        "\n[[sca.ignore]]\nid = \"RUSTSEC-2021-0003\"\nuntil = \"2999-01-31\"\nreason = \"not reachable\"\n",
    );
    repo.stage("Cargo.lock", &cargo_lock(&[("smallvec", "1.6.0")]));
    repo.git(&["commit", "-q", "--no-verify", "-m", "smallvec"]);
    let remote_before = repo.git(&["ls-remote", "origin", "main"]);
    let config = std::fs::read_to_string(repo.path(".provenance.toml")).unwrap();
    repo.write(
        ".provenance.toml",
        config.replace("2999-01-31", "2020-01-31"),
    );
    let out = push(&repo);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        stderr(&out).contains("expired on 2020-01-31"),
        "{}",
        text(&out)
    );
    assert_eq!(repo.git(&["ls-remote", "origin", "main"]), remote_before);
    repo.write(".provenance.toml", config);
    ok(&push(&repo));
    // An until that is not a date is a config error naming the key.
    repo.write(
        ".provenance.toml",
        "[[sca.ignore]]\nid = \"X\"\nuntil = \"soon\"\n",
    );
    let out = repo.provenance(&["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", text(&out));
}

#[test]
fn a_staged_vulnerable_lockfile_is_blocked_at_pre_commit() {
    let repo = setup("");
    let lock = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/sca/tests/fixtures/lock/package-lock.json"),
    )
    .unwrap();
    repo.stage("package-lock.json", &lock);
    let out = repo.git_output(&["commit", "-q", "-m", "deps"]);
    assert!(!out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("GHSA-35jh-r3h4-6jhm"), "{err}");
    assert!(err.contains("lodash"), "{err}");
    assert!(err.contains("4.17.21"), "{err}");
    // Skipped once.
    ok(&repo.git_env(
        &[("PROVENANCE_SKIP", "sca")],
        &["commit", "-q", "-m", "deps"],
    ));
}

#[test]
fn a_missing_or_stale_database_is_degraded() {
    let repo = setup("");
    let config = std::fs::read_to_string(repo.path(".provenance.toml")).unwrap();
    // The fixture records are years old: under the default max_age_days the DB is stale.
    repo.write(
        ".provenance.toml",
        config.replace("max_age_days = 100000\n", ""),
    );
    repo.stage("Cargo.lock", &cargo_lock(&[("time", "0.3.0")]));
    let out = repo.git_output(&["commit", "-q", "-m", "deps"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("days old"), "{}", text(&out));
    assert!(stderr(&out).contains("degraded"), "{}", text(&out));
    // No database at all.
    repo.write(".provenance.toml", "[sca]\ndb = \"/nonexistent/osv\"\n");
    let out = repo.git_output(&["commit", "-q", "-m", "deps"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("sca update --from"), "{}", text(&out));
    // A change that touches no lockfile never needs the database.
    repo.git(&["reset", "-q", "HEAD", "Cargo.lock"]);
    repo.stage("notes.txt", "n\n");
    ok(&repo.git_output(&["commit", "-q", "-m", "notes"]));
}

/// Serve `body` to `requests` HTTP GETs on 127.0.0.1 (an ephemeral port); returns the
/// base URL. A request for any path other than `/osv.ndjson` gets a 404.
fn serve_once(body: Vec<u8>, requests: usize) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let found = first.starts_with("GET /osv.ndjson ");
            let (status, payload) = if found {
                ("200 OK", body.as_slice())
            } else {
                ("404 Not Found", &b"missing"[..])
            };
            let _ = write!(
                stream,
                "HTTP/1.0 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                payload.len()
            );
            let _ = stream.write_all(payload);
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[test]
fn sca_update_downloads_an_export_from_a_url_and_reports_a_failed_download() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: curl is not installed; `sca update --from URL` cannot be tried");
        assert!(std::env::var_os("CI").is_none(), "CI must have curl");
        return;
    }
    let repo = TestRepo::with_base();
    let local = repo.outside("osv-local");
    ok(&repo.provenance(&[
        "sca",
        "update",
        "--from",
        osv_fixtures().to_str().unwrap(),
        "--db",
        local.to_str().unwrap(),
    ]));
    let compact = std::fs::read(local.join("osv.ndjson")).unwrap();
    let base = serve_once(compact.clone(), 2);
    let db = repo.outside("osv-from-url");
    let out = repo.provenance(&[
        "sca",
        "update",
        "--from",
        &format!("{base}/osv.ndjson"),
        "--db",
        db.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(stderr(&out).contains("records"), "{}", text(&out));
    assert_eq!(std::fs::read(db.join("osv.ndjson")).unwrap(), compact);
    // Nothing of the download is left beside the database.
    let leftovers: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("download"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A 404 is an error that says the download failed; the database is untouched.
    let out = repo.provenance(&[
        "sca",
        "update",
        "--from",
        &format!("{base}/missing.zip"),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("download failed"), "{}", text(&out));
    assert_eq!(std::fs::read(db.join("osv.ndjson")).unwrap(), compact);
    // Other schemes are refused.
    let out = repo.provenance(&["sca", "update", "--from", "ftp://127.0.0.1/x.zip"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
