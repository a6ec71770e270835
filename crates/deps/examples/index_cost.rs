//! Cost of the built-in indexes: load (built in, and from a file with its checksum), lookups
//! of listed and unlisted names, look-alike checks and nearest-name searches.
//! usage: cargo run --release -p provenance-deps --example index_cost (from the repository root)
use provenance_deps::{builtin, lookalike, nearest, Ecosystem, Index};
use std::time::Instant;

fn main() {
    for e in [Ecosystem::PyPI, Ecosystem::Npm] {
        let t = Instant::now();
        let Some(Ok(idx)) = builtin(e) else { return };
        let load = t.elapsed();
        let path = format!("crates/deps/data/{}.idx", e.id());
        let t = Instant::now();
        let checked = Index::open(std::path::Path::new(&path)).map(|i| i.meta().count);
        let verify = t.elapsed();
        let names: Vec<String> = idx
            .entries()
            .into_iter()
            .step_by(97)
            .map(|(n, _)| n)
            .collect();
        let missing: Vec<String> = names.iter().map(|n| format!("{n}zq")).collect();
        let t = Instant::now();
        let hits = names.iter().filter(|n| idx.contains(n)).count();
        let hit = t.elapsed() / names.len() as u32;
        let t = Instant::now();
        let wrong = missing.iter().filter(|n| idx.contains(n)).count();
        let miss = t.elapsed() / missing.len() as u32;
        let t = Instant::now();
        let alike = names
            .iter()
            .take(500)
            .filter(|n| lookalike(&idx, n).is_some())
            .count();
        let la = t.elapsed() / 500;
        let t = Instant::now();
        for n in missing.iter().take(100) {
            let _ = nearest(&idx, n, 3);
        }
        let ne = t.elapsed() / 100;
        println!(
            "{e}: load built-in {load:.2?}, open file + checksum {verify:.2?} ({checked:?} names); contains: listed {hit:.2?} ({hits}/{}), unlisted {miss:.2?} ({wrong} found); lookalike {la:.2?} ({alike}/500); nearest {ne:.2?}",
            names.len()
        );
    }
}
