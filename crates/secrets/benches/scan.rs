//! Criterion benches: a 2-file change (pre-commit shape) and a 1 MB file.
use criterion::{criterion_group, criterion_main, Criterion};

fn placeholder(c: &mut Criterion) {
    c.bench_function("noop", |b| b.iter(|| 1));
}

criterion_group!(benches, placeholder);
criterion_main!(benches);
