//! Criterion benches for the secrets gate.
//!
//! - `pre_commit_2_files/cold`: what a pre-commit hook pays — build the scanner (lazy rule
//!   compilation included) and scan the added lines of a 2-file staged change;
//! - `pre_commit_2_files/warm`: the same scan with a scanner already built;
//! - `file_1mb`: one 1 MiB source file, every line.
//!
//! Content is generated here: ordinary code and config with the usual keywords (`key`,
//! `token`, `password`, URLs) and no secrets, which is the common case a hook sees.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use provenance_secrets::{Config, Scanner};

fn python_file(lines: usize) -> String {
    let mut out = String::from("import os\nimport requests\n\n");
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "def handler_{i}(event, context):\n    \
             token = os.environ[\"API_TOKEN\"]\n    \
             url = f\"https://api.internal/v1/items/{{event['id']}}?page={i}\"\n    \
             headers = {{\"Authorization\": f\"Bearer {{token}}\", \"X-Request-Key\": event.get(\"key\")}}\n    \
             resp = requests.get(url, headers=headers, timeout=30)\n    \
             if resp.status_code != 200:\n        \
             raise RuntimeError(\"password reset failed for user %s\" % event[\"user\"])\n    \
             return {{\"items\": resp.json(), \"cache_key\": \"items:{i}\"}}\n\n"
        ));
        i += 1;
    }
    out
}

fn yaml_file(lines: usize) -> String {
    let mut out = String::from("services:\n");
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "  svc{i}:\n    image: registry.internal/svc{i}:1.{i}.0\n    environment:\n      \
             DB_PASSWORD: ${{DB_PASSWORD}}\n      API_KEY_HEADER: X-Api-Key\n      \
             LOG_LEVEL: info\n    ports:\n      - \"80{i:02}:8080\"\n"
        ));
        i += 1;
    }
    out
}

fn pre_commit(c: &mut Criterion) {
    let a = python_file(300);
    let b = yaml_file(120);
    // a typical staged change: ~40 added lines in each file
    let ra = [(120u32, 160u32)];
    let rb = [(30u32, 70u32)];
    let mut group = c.benchmark_group("pre_commit_2_files");
    group.bench_function("scanner_new", |bench| {
        bench.iter(|| Scanner::new(&Config::default()).unwrap())
    });
    group.bench_function("cold", |bench| {
        bench.iter(|| {
            let s = Scanner::new(&Config::default()).unwrap();
            let n = s
                .scan("app/handlers.py", a.as_bytes(), Some(&ra))
                .findings
                .len()
                + s.scan("deploy/compose.yaml", b.as_bytes(), Some(&rb))
                    .findings
                    .len();
            assert_eq!(n, 0);
        })
    });
    let s = Scanner::new(&Config::default()).unwrap();
    group.bench_function("warm", |bench| {
        bench.iter(|| {
            s.scan("app/handlers.py", a.as_bytes(), Some(&ra))
                .findings
                .len()
                + s.scan("deploy/compose.yaml", b.as_bytes(), Some(&rb))
                    .findings
                    .len()
        })
    });
    group.finish();
}

fn one_megabyte(c: &mut Criterion) {
    let mut text = python_file(30_000);
    text.truncate(1024 * 1024);
    let config = Config {
        max_file_bytes: 2 * 1024 * 1024,
        ..Config::default()
    };
    let s = Scanner::new(&config).unwrap();
    let mut group = c.benchmark_group("file_1mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_with_input(
        BenchmarkId::from_parameter("python"),
        &text,
        |bench, text| {
            bench.iter(|| {
                s.scan("big/handlers.py", text.as_bytes(), None)
                    .findings
                    .len()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, pre_commit, one_megabyte);
criterion_main!(benches);
