//! Cost of the imports gate on a typical pre-commit: two changed files, a fresh `Project`
//! each iteration (so manifest discovery and loading are included).

use criterion::{criterion_group, criterion_main, Criterion};
use provenance_imports::Project;
use std::hint::black_box;

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    let w = |p: &str, c: &str| {
        let path = d.path().join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, c).expect("write");
    };
    let mut deps = String::from(
        "[project]\nname = \"app\"\ndependencies = [\"requests\", \"PyYAML\", \"click\"",
    );
    for i in 0..40 {
        deps.push_str(&format!(", \"dep{i}>=1.0\""));
    }
    deps.push_str("]\n");
    w("pyproject.toml", &deps);
    w("app/__init__.py", "");
    w(
        ".venv/lib/python3.11/site-packages/requests/__init__.py",
        "from .api import *\n",
    );
    w(
        ".venv/lib/python3.11/site-packages/requests/api.py",
        "def get(url): pass\ndef post(url): pass\n",
    );
    w(
        "web/package.json",
        r#"{"name":"web","dependencies":{"react":"18","lodash":"4"},"devDependencies":{"vitest":"1"}}"#,
    );
    d
}

fn python_file() -> String {
    let mut s = String::from("import os, sys\nimport yaml\nimport requests\nfrom app import models\nfrom . import local\n");
    for i in 0..300 {
        s.push_str(&format!(
            "def f{i}(x):\n    \"\"\"doc import fake\"\"\"\n    return requests.get(x) # comment\n"
        ));
    }
    s
}

fn js_file() -> String {
    let mut s = String::from("import React from 'react';\nimport { debounce } from 'lodash';\nimport fs from 'node:fs';\nimport x from './x';\n");
    for i in 0..300 {
        s.push_str(&format!("export function f{i}(a) {{ return `t ${{a}}` + /re/.test(a) + 'import y from \"z\"'; }}\n"));
    }
    s
}

fn bench(c: &mut Criterion) {
    let dir = setup();
    let py = python_file();
    let js = js_file();
    c.bench_function("two-file pre-commit check (fresh Project)", |b| {
        b.iter(|| {
            let p = Project::new(dir.path());
            let a = p.check_file("app/main.py", py.as_bytes());
            let b2 = p.check_file("web/src/app.tsx", js.as_bytes());
            black_box((a, b2))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
