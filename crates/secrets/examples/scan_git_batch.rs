//! Scan every blob of a `git cat-file --batch` stream (each blob once) and print one finding
//! per line as `oid<TAB>line<TAB>rule<TAB>redacted snippet`. A proxy for a history scan's
//! engine cost, before/besides the CLI's own history walk:
//!
//! `git cat-file --batch-all-objects --batch | cargo run --release -p provenance-secrets --example scan_git_batch`

use std::io::{BufRead, BufReader, Read};

use provenance_secrets::{Config, Scanner};

fn main() {
    let scanner = match Scanner::new(&Config::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut input = BufReader::with_capacity(1 << 20, std::io::stdin().lock());
    let mut header = String::new();
    let mut buf = Vec::new();
    let (mut blobs, mut bytes, mut found) = (0u64, 0u64, 0u64);
    loop {
        header.clear();
        match input.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let mut parts = header.split_whitespace();
        let (Some(oid), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(size) = size.parse::<usize>() else {
            continue;
        };
        buf.resize(size + 1, 0); // content + trailing newline
        if input.read_exact(&mut buf).is_err() {
            break;
        }
        if kind != "blob" {
            continue;
        }
        blobs += 1;
        bytes += size as u64;
        // history blobs have no path here; path-scoped rules (.netrc, …) need the CLI's walk
        for f in scanner.scan(oid, &buf[..size], None).findings {
            found += 1;
            println!("{oid}\t{}\t{}\t{}", f.line, f.rule, f.snippet);
        }
    }
    eprintln!(
        "{blobs} blobs, {:.1} MiB, {found} findings",
        bytes as f64 / 1_048_576.0
    );
}
