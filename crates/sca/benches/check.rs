//! Check a generated 2,000-package lockfile against a generated database of npm records
//! (50,000 by default; `SCA_BENCH_RECORDS=250000` for the size of npm's whole OSV export,
//! malicious-package records included): loading the compact file, checking, and both
//! together.

use criterion::{criterion_group, criterion_main, Criterion};
use provenance_sca::{dependencies, Db};
use std::hint::black_box;

fn main_bench(c: &mut Criterion) {
    let count: usize = std::env::var("SCA_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let records: Vec<_> = (0..count)
        .filter_map(|i| {
            // count / 2 packages with two advisories each; every third one fixed at 2.0.0.
            let pkg = i / 2;
            let fixed = if i % 3 == 0 { "2.0.0" } else { "1.5.0" };
            let json = format!(
                r#"{{"id":"GHSA-gen-{i:05}","modified":"2026-11-30T00:00:00Z","aliases":["CVE-2026-{i:05}"],
                "summary":"Generated advisory {i}","database_specific":{{"severity":"HIGH"}},
                "affected":[{{"package":{{"ecosystem":"npm","name":"pkg-{pkg}"}},
                "ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}},{{"fixed":"{fixed}"}}]}}]}}]}}"#
            );
            Db::parse_record(json.as_bytes()).ok().flatten()
        })
        .collect();
    let db = Db::from_records(records);
    let dir = tempfile::tempdir().expect("temp dir");
    db.write_compact(dir.path()).expect("write compact db");

    let mut lock = String::from("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {},\n");
    for i in 0..2_000 {
        // Every tenth package is one the database knows; the rest are not listed.
        let name = if i % 10 == 0 {
            format!("pkg-{}", i * 7)
        } else {
            format!("other-{i}")
        };
        lock.push_str(&format!(
            "    \"node_modules/{name}\": {{\n      \"version\": \"1.{}.0\"\n    }}{}\n",
            i % 9,
            if i == 1_999 { "" } else { "," }
        ));
    }
    lock.push_str("  }\n}\n");
    let deps = dependencies("package-lock.json", lock.as_bytes()).expect("lockfile");
    assert_eq!(deps.len(), 2_000);

    let mut g = c.benchmark_group("sca");
    g.sample_size(10);
    g.bench_function(format!("load {}k compact", count / 1000), |b| {
        b.iter(|| black_box(Db::load(dir.path()).expect("load")))
    });
    g.bench_function("check 2k deps", |b| b.iter(|| black_box(db.check(&deps))));
    g.bench_function("parse lockfile + load + check", |b| {
        b.iter(|| {
            let deps = dependencies("package-lock.json", lock.as_bytes()).expect("lockfile");
            let db = Db::load(dir.path()).expect("load");
            black_box(db.check(&deps))
        })
    });
    g.finish();
}

criterion_group!(benches, main_bench);
criterion_main!(benches);
