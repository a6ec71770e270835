//! How long checking the dependencies a 2-file change adds takes in-process: a
//! requirements.txt adding two and a package.json adding one, in a fresh `Project` each time
//! (as in a pre-commit hook, the built-in indexes are loaded on first use).
//! usage: cargo run --release -p provenance-imports --example declared_cost [RUNS]
use provenance_imports::Project;
use std::time::{Duration, Instant};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let dir = std::env::temp_dir().join(format!("declared-cost-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let req = b"requests>=2\nhttpx>=0.27\nrich\n";
    let pkg = b"{\n  \"name\": \"bench\",\n  \"dependencies\": {\n    \"express\": \"^4\",\n    \"lodash\": \"^4\"\n  }\n}\n";
    let bad_req = b"requests>=2\nfastjsonx\nrequests-async-helper-pro\n";
    let bad_pkg =
        b"{\n  \"dependencies\": {\n    \"express-session-guardian-pro\": \"^1\"\n  }\n}\n";
    for (label, r, p) in [
        ("3 real", &req[..], &pkg[..]),
        ("3 invented", &bad_req[..], &bad_pkg[..]),
    ] {
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut findings = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let project = Project::new(&dir);
            let a = project
                .check_manifest("requirements.txt", r, None)
                .map_or(0, |c| c.findings.len());
            let b = project
                .check_manifest("package.json", p, None)
                .map_or(0, |c| c.findings.len());
            times.push(t.elapsed());
            findings = a + b;
        }
        times.sort();
        println!(
            "{label}: median {:?}, min {:?}, max {:?} ({findings} findings, {runs} runs)",
            times[runs / 2],
            times[0],
            times[runs - 1]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
