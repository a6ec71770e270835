//! Cost of the built-in SAST gate on a pre-commit of two changed files, each parsed and
//! checked in full on an analyzer built once (as the CLI does): `typical` is a ~250-line
//! Python module plus a ~250-line TypeScript module (~17 KB), `large` a ~900-line Python
//! module plus a ~600-line TypeScript one (~62 KB). `first_use` includes creating a parser.

use criterion::{criterion_group, criterion_main, Criterion};
use provenance_sast::Analyzer;
use std::hint::black_box;

fn python_file(handlers: usize) -> String {
    let mut s = String::from("import os, subprocess\nimport requests\nfrom flask import request\n");
    for i in 0..handlers {
        s.push_str(&format!(
            "def handler_{i}(cursor, name):\n    \"\"\"Look up {i}.\"\"\"\n    # cursor.execute(f\"...{{name}}\")\n    \
             rows = cursor.execute(\"SELECT * FROM t WHERE name = %s\", (name,))\n    \
             data = requests.get(\"https://api.example.com/{i}\", timeout=5)\n    \
             return [r for r in rows if r.ok and data]\n"
        ));
    }
    s
}

fn ts_file(functions: usize) -> String {
    let mut s = String::from("import express from 'express';\nimport { db } from './db';\n");
    for i in 0..functions {
        s.push_str(&format!(
            "export async function get{i}(req: Request, res: Response): Promise<void> {{\n  \
             // db.query(`SELECT ${{x}}`)\n  const rows = await db.query('SELECT * FROM t WHERE id = $1', [req.params.id]);\n  \
             res.json({{ rows, n: {i} }});\n}}\n\n"
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::new().expect("grammars load");
    for (name, py, ts) in [
        ("typical", python_file(41), ts_file(41)),
        ("large", python_file(150), ts_file(100)),
    ] {
        c.bench_function(&format!("two_files_{name}"), |b| {
            b.iter(|| {
                let a = analyzer.check("app/views.py", black_box(py.as_bytes()), None);
                let t = analyzer.check("web/api.ts", black_box(ts.as_bytes()), None);
                black_box((a, t))
            })
        });
    }
    let py = python_file(41);
    let ranges: &[(u32, u32)] = &[(10, 40)];
    c.bench_function("typical_added_ranges", |b| {
        b.iter(|| {
            let a = analyzer.check("app/views.py", black_box(py.as_bytes()), Some(ranges));
            black_box(a)
        })
    });
    c.bench_function("first_use", |b| {
        b.iter(|| {
            let fresh = Analyzer::new().expect("grammars load");
            black_box(fresh.check("app/views.py", black_box(py.as_bytes()), None))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
