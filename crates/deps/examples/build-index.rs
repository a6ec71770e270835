//! Build a registry index file from listings: `build-index ECOSYSTEM COVERAGE SNAPSHOT
//! POPULAR OUT "DESCRIPTION" SOURCE…` (COVERAGE: complete|popular|sample; SNAPSHOT:
//! YYYY-MM-DD; POPULAR: how many top-ranked names to keep for look-alike checks). A SOURCE
//! is a listing file, a Cargo-index-layout directory, or `ranked:FILE` (a plain list whose
//! line order is the popularity rank), or `cargo-home:DIR` (the crates Cargo has there).
use provenance_deps::{Coverage, Ecosystem, Entry, IndexBuilder};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 7 {
        return Err(
            "usage: build-index ECOSYSTEM COVERAGE SNAPSHOT POPULAR OUT DESCRIPTION SOURCE…".into(),
        );
    }
    let eco = Ecosystem::parse(&a[0]).ok_or("unknown ecosystem")?;
    let coverage = match a[1].as_str() {
        "complete" => Coverage::Complete,
        "popular" => Coverage::Popular,
        "sample" => Coverage::Sample,
        _ => return Err("coverage: complete|popular|sample".into()),
    };
    let snapshot = chrono::NaiveDate::parse_from_str(&a[2], "%Y-%m-%d")?;
    let popular: usize = a[3].parse()?;
    let started = std::time::Instant::now();
    let mut b = IndexBuilder::new(eco);
    for src in &a[6..] {
        if let Some(f) = src.strip_prefix("ranked:") {
            for (i, l) in std::fs::read_to_string(f)?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .enumerate()
            {
                b.add(
                    l,
                    Entry {
                        rank: Some(i as u32 + 1),
                        first_release: None,
                    },
                );
            }
        } else if let Some(d) = src.strip_prefix("cargo-home:") {
            for n in provenance_deps::cargo_home_crates(Path::new(d)) {
                b.add(&n, Entry::default());
            }
        } else {
            provenance_deps::read_source(Path::new(src), &mut b)?;
        }
    }
    let names = b.len();
    let bytes = b.finish(coverage, snapshot, &a[5], popular);
    std::fs::write(&a[4], &bytes)?;
    eprintln!(
        "{}: {names} names, {} bytes, built in {:.2?}",
        a[4],
        bytes.len(),
        started.elapsed()
    );
    Ok(())
}
