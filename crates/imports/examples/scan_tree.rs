//! Run the imports engine over every source file under a directory (the project root) and
//! print findings plus a summary line (`transitive` counts the `transitive-import` findings,
//! which are included in `info`). Used by `benches/imports/real-projects.sh`.
//!
//! `cargo run --release -p provenance-imports --example scan_tree -- <root> [--quiet]`

use provenance_findings::Severity;
use provenance_imports::{language_of, Project};
use std::path::Path;
use std::time::Instant;

const SKIP: &[&str] = &[
    "node_modules",
    ".venv",
    "venv",
    "target",
    ".git",
    "vendor",
    "__pycache__",
];

fn walk(root: &Path, rel: &str, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                walk(root, &path, out);
            }
        } else if ft.is_file() && language_of(&path).is_some() {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: scan_tree <root> [--quiet]");
        std::process::exit(2);
    };
    let quiet = args.iter().any(|a| a == "--quiet");
    let root = Path::new(root);
    let mut files = Vec::new();
    walk(root, "", &mut files);
    let project = Project::new(root);
    let start = Instant::now();
    let (mut high, mut info, mut transitive) = (0usize, 0usize, 0usize);
    for f in &files {
        let Ok(content) = std::fs::read(root.join(f)) else {
            continue;
        };
        for finding in project.check_file(f, &content) {
            if finding.rule == provenance_imports::rules::TRANSITIVE_IMPORT {
                transitive += 1;
            }
            if finding.severity >= Severity::High {
                high += 1;
            } else {
                info += 1;
            }
            if !quiet || finding.severity >= Severity::High {
                println!(
                    "{}:{}:{} {} {} {}",
                    finding.path,
                    finding.line,
                    finding.column,
                    finding.severity,
                    finding.rule,
                    finding.message
                );
            }
        }
    }
    println!(
        "summary files={} blocking={} info={} transitive={} ms={}",
        files.len(),
        high,
        info,
        transitive,
        start.elapsed().as_millis()
    );
}
