//! Run the built-in rules over every supported file under a directory and summarise:
//! findings per severity and per rule, and each high/critical finding in full. Paths
//! are taken relative to DIR, so the default test and tooling paths apply as they do in a
//! repository (`--keep-test-severity` turns that off), and the executables each
//! `package.json` declares under `bin` count as shipped code.
//!
//! ```text
//! cargo run --release -p provenance-sast --example scan_tree -- /usr/lib/python3.11
//! ```

use provenance_findings::Severity;
use provenance_sast::{language_of, package_bins, Analyzer, PathRoles};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>, manifests: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if entry.file_name() != "node_modules" {
                visit(&path, files, manifests);
            }
        } else if entry.file_name() == "package.json" {
            manifests.push(path);
        } else if kind.is_file() && language_of(&path.to_string_lossy()).is_some() {
            files.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().any(|a| a == "--keep-test-severity");
    let Some(root) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: scan_tree DIR [--keep-test-severity]");
        std::process::exit(2);
    };
    let root = Path::new(root);
    let mut files = Vec::new();
    let mut manifests = Vec::new();
    visit(root, &mut files, &mut manifests);
    files.sort();
    let relative = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let mut shipped = Vec::new();
    for m in &manifests {
        if let Ok(text) = std::fs::read_to_string(m) {
            let dir = m.parent().map(relative).unwrap_or_default();
            shipped.extend(package_bins(&dir, &text));
        }
    }
    let roles = if keep {
        PathRoles::none()
    } else {
        PathRoles::default().with_shipped(shipped)
    };
    let analyzer = match Analyzer::new() {
        Ok(a) => a.with_roles(roles),
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
        let shown = relative(file);
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
