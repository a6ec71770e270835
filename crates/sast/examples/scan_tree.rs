//! Run the built-in rules over every supported file under a directory and summarise:
//! findings per severity and per rule, and each high/critical finding in full.
//!
//! ```text
//! cargo run --release -p provenance-sast --example scan_tree -- /usr/lib/python3.11
//! ```

use provenance_findings::Severity;
use provenance_sast::{language_of, Analyzer};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            visit(&path, files);
        } else if kind.is_file() && language_of(&path.to_string_lossy()).is_some() {
            files.push(path);
        }
    }
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: scan_tree DIR");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    visit(Path::new(&root), &mut files);
    files.sort();
    let analyzer = match Analyzer::new() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(3);
        }
    };
    let mut by_severity: BTreeMap<Severity, usize> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut bytes = 0usize;
    let start = Instant::now();
    for file in &files {
        let Ok(data) = std::fs::read(file) else {
            continue;
        };
        bytes += data.len();
        let shown = file.to_string_lossy();
        for f in analyzer.check(&shown, &data, None) {
            *by_severity.entry(f.severity).or_default() += 1;
            *by_rule.entry(f.rule.clone()).or_default() += 1;
            if f.severity >= Severity::High {
                println!(
                    "{}:{} {} {} | {}",
                    f.path, f.line, f.severity, f.rule, f.snippet
                );
            }
        }
    }
    let elapsed = start.elapsed();
    println!(
        "files={} bytes={} time={:.2}s",
        files.len(),
        bytes,
        elapsed.as_secs_f64()
    );
    for (sev, n) in by_severity.iter().rev() {
        println!("severity {sev}: {n}");
    }
    for (rule, n) in &by_rule {
        println!("rule {rule}: {n}");
    }
}
