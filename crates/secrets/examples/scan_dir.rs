//! Scan files or directories with the built-in rules and print one finding per line as
//! `path<TAB>line<TAB>rule<TAB>redacted snippet` (used by `benches/secrets/*` to compare
//! with other scanners before the `provenance` CLI wiring exists).
//!
//! `cargo run --release -p provenance-secrets --example scan_dir -- DIR…`

use std::path::{Path, PathBuf};

use provenance_secrets::{Config, Scanner};

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            walk(&p, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let scanner = match Scanner::new(&Config::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut found = 0usize;
    for root in std::env::args().skip(1) {
        let root = PathBuf::from(root);
        let mut files = Vec::new();
        walk(&root, &mut files);
        for file in files {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            for f in scanner.scan(&rel, &bytes, None).findings {
                found += 1;
                println!("{}\t{}\t{}\t{}", file.display(), f.line, f.rule, f.snippet);
            }
        }
    }
    std::process::exit(i32::from(found > 0));
}
