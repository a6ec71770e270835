//! Declared dependencies through real commits: a manifest change that adds a package the
//! registry name index does not know, or one that imitates a popular package, is blocked at
//! pre-commit naming the nearest real packages; real ones, private and non-registry
//! dependencies pass; a broken index or manifest makes the gate degraded; `registry update`
//! replaces an index.

use crate::support::{ok, text, TestRepo};

fn commit(repo: &TestRepo, msg: &str) -> std::process::Output {
    repo.git(&["add", "."]);
    repo.git_output(&["commit", "-q", "-m", msg])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn installed() -> TestRepo {
    let repo = TestRepo::new();
    ok(&repo.provenance(&["install"]));
    repo
}

#[test]
fn a_declared_made_up_python_package_is_blocked_naming_real_ones() {
    let repo = installed();
    repo.write("requirements.txt", "requests>=2\n");
    repo.write("app.py", "import requests\n");
    assert!(commit(&repo, "base").status.success());

    repo.write("requirements.txt", "requests>=2\nfastjsonx==1.0\n");
    repo.write("app.py", "import requests\nimport fastjsonx\n");
    let out = commit(&repo, "add fastjsonx");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("requirements.txt:2  unknown-package [high]"),
        "{err}"
    );
    assert!(err.contains("`fastjsonx` is not a PyPI package"), "{err}");
    assert!(err.contains("did you mean `fastjson`"), "{err}");
    assert!(err.contains("snapshot 2026-12-01"), "{err}");
    // Only what the change adds is checked: the existing line is not reported.
    assert!(!err.contains("`requests`"), "{err}");
}

#[test]
fn made_up_npm_and_cargo_dependencies_are_blocked_or_said_unverifiable() {
    let repo = installed();
    repo.write(
        "package.json",
        "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"express\": \"^4\",\n    \"express-session-guardian-pro\": \"^1\"\n  }\n}\n",
    );
    let out = commit(&repo, "npm");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("package.json:5  unknown-package [high]"),
        "{err}"
    );
    assert!(
        err.contains("partial index of the npm packages with at least"),
        "{err}"
    );
    assert!(err.contains("did you mean `express"), "{err}");
    assert!(!err.contains("package.json:4"), "{err}");

    // The built-in crates index is a sample: an unknown crate is said to be unverifiable
    // (info), never reported as nonexistent; a look-alike of a popular crate still blocks.
    let repo = installed();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nfastserde-derive-macros = \"1\"\n",
    );
    let out = repo.provenance(&["scan", "--format", "json", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(json.contains("\"rule\":\"unverified-package\""), "{json}");
    assert!(json.contains("the Rust index is partial"), "{json}");
    assert!(!json.contains("\"line\":6"), "serde is known: {json}");
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\ntokio-rs = \"1\"\n",
    );
    let out = repo.provenance(&["scan", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("`tokio-rs` adds or drops an affix of `tokio`"),
        "{}",
        text(&out)
    );

    // With a full listing (here: a small directory in the Cargo index layout, taken as
    // complete), a made-up crate blocks, naming the nearest real ones.
    let index = repo.outside("crates-index");
    for p in ["se/rd/serde", "se/rd/serde_json", "to/ki/tokio", "3/s/syn"] {
        let f = index.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, "{}\n").unwrap();
    }
    let out = repo.provenance(&[
        "registry",
        "update",
        "--from",
        index.to_str().unwrap(),
        "--snapshot",
        "2026-12-01",
    ]);
    ok(&out);
    assert!(
        stderr(&out).contains("Rust name index updated: 4 names (complete)"),
        "{}",
        text(&out)
    );
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nserde-turbo-codec = \"1\"\n",
    );
    let out = repo.provenance(&["scan", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Cargo.toml:7  unknown-package [high]"),
        "{err}"
    );
    assert!(err.contains("did you mean `serde`"), "{err}");
}

#[test]
fn real_packages_pass_popular_and_obscure_and_typosquats_block_though_they_exist() {
    let repo = installed();
    // Popular and obscure (unranked) real names, none locked or installed.
    repo.write(
        "requirements.txt",
        "requests\nnumpy>=1\ndjango-schema-lens\nfancy-slack\ncapnhook-ml\n",
    );
    repo.write(
        "package.json",
        "{\"dependencies\": {\"lodash\": \"^4\", \"bare-assert\": \"1\", \"json-mapper-json\": \"1\", \"@sitespeed.io/throttle\": \"1\"}}\n",
    );
    let out = commit(&repo, "real");
    assert!(out.status.success(), "{}", text(&out));

    for (file, content, name, target) in [
        (
            "requirements.txt",
            "requests\nnumpy>=1\ncrytography\n",
            "crytography",
            "cryptography",
        ),
        (
            "package.json",
            "{\"dependencies\": {\"expresss\": \"^4\"}}\n",
            "expresss",
            "express",
        ),
    ] {
        repo.write(file, content);
        let out = commit(&repo, "squat");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let err = stderr(&out);
        assert!(err.contains("lookalike-package [high]"), "{err}");
        assert!(
            err.contains(&format!("`{name}` one edit away from `{target}`")),
            "{err}"
        );
        assert!(err.contains("it exists, but"), "{err}");
        repo.git(&["reset", "-q", "--hard"]);
    }
}

#[test]
fn private_path_and_git_dependencies_are_skipped() {
    let repo = installed();
    repo.write(
        ".provenance.toml",
        "[imports]\nprivate = [\"acme-*\", \"@corp/*\"]\n",
    );
    repo.write(
        "requirements.txt",
        "acme-billing-core\n-e ./libs/local-thing\ngit+https://example.invalid/x/y.git#egg=ghost\nmytool @ file:///opt/mytool.whl\n",
    );
    repo.write(
        "package.json",
        "{\"dependencies\": {\"@corp/ui-kit\": \"1\", \"@inhouse/auth\": \"2\", \"local-widgets\": \"file:./widgets\", \"forked-thing\": \"github:someone/forked-thing\", \"ws-pkg\": \"workspace:*\"}}\n",
    );
    repo.write(".npmrc", "@inhouse:registry=https://example.invalid/npm/\n");
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nmy-local = { path = \"../my-local\" }\nmy-git = { git = \"https://example.invalid/g.git\" }\ncorp-crate = { version = \"1\", registry = \"corp\" }\n",
    );
    repo.write(
        "sub/requirements.txt",
        "--index-url https://example.invalid/simple\ninternal-only-pkg\n",
    );
    let out = commit(&repo, "private");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_corrupt_index_or_a_malformed_manifest_makes_the_gate_degraded() {
    let repo = installed();
    let dir = repo.home.join(".local/share/provenance/registry");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pypi.idx"), b"PVNAMEIX\x01\x00truncated").unwrap();
    repo.write("requirements.txt", "requests\n");
    let out = commit(&repo, "corrupt index");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("degraded"), "{err}");
    assert!(err.contains("pypi.idx: registry index truncated"), "{err}");
    // The bypass is named and works.
    let out = repo.git_env(
        &[("PROVENANCE_SKIP", "imports")],
        &["commit", "-q", "-m", "skip"],
    );
    assert!(out.status.success(), "{}", text(&out));

    std::fs::remove_file(dir.join("pypi.idx")).unwrap();
    repo.write(
        "package.json",
        "{\n  \"dependencies\": {\n    \"lodash\": 4\n  }\n}\n",
    );
    let out = commit(&repo, "bad manifest");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("package.json:3: `dependencies.lodash`: the version must be a string"),
        "{err}"
    );
}

#[test]
fn registry_update_takes_lists_and_rejects_bad_input() {
    let repo = TestRepo::new();
    let list = repo.outside("pypi-names.txt");
    std::fs::write(&list, "requests\nmy-new-package\n").unwrap();
    let out = repo.provenance(&["registry", "update", "--from", list.to_str().unwrap()]);
    ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("PyPI name index updated: 2 names (complete)"),
        "{err}"
    );
    assert!(err.contains("1 popular names ranked as before"), "{err}");
    repo.write("requirements.txt", "my-new-package\nnumpy\n");
    let out = repo.provenance(&["scan", "requirements.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("requirements.txt:2  unknown-package"), "{err}");
    assert!(!err.contains("my-new-package"), "{err}");

    // First-release dates from a TSV: a young, unpopular package is medium.
    let tsv = repo.outside("pypi.tsv");
    let today = chrono_today();
    std::fs::write(
        &tsv,
        format!("name\tfirst_release\nnumpy\t2006-01-01\nbrand-new-thing\t{today}\n"),
    )
    .unwrap();
    ok(&repo.provenance(&[
        "registry",
        "update",
        "--ecosystem",
        "pypi",
        "--from",
        tsv.to_str().unwrap(),
    ]));
    repo.write("requirements.txt", "brand-new-thing\nnumpy\n");
    let out = repo.provenance(&["scan", "requirements.txt"]);
    let err = stderr(&out);
    assert!(
        err.contains("requirements.txt:1  new-package [medium]"),
        "{err}"
    );
    repo.write(".provenance.toml", "[imports]\nmin_age_days = 0\n");
    let out = repo.provenance(&["scan", "requirements.txt"]);
    assert!(!stderr(&out).contains("new-package"), "{}", text(&out));

    let bad = repo.outside("names.txt");
    std::fs::write(&bad, "ok\nnot a name\n").unwrap();
    let out = repo.provenance(&[
        "registry",
        "update",
        "--ecosystem",
        "npm",
        "--from",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("names.txt:2: `not a name` is not a package name"),
        "{}",
        text(&out)
    );
    let out = repo.provenance(&["registry", "update", "--from", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("pass --ecosystem"), "{}", text(&out));
}

/// Today as YYYY-MM-DD, from `date` (the binaries compute ages against the real clock).
fn chrono_today() -> String {
    let out = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
