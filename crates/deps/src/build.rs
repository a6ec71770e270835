//! Reading a listing into an index: TSV with a header row, a plain list of names (one per
//! line), or a directory in the Cargo registry index layout (one file per crate under `1/`,
//! `2/`, `3/a/`, `ab/cd/`).

use crate::index::{Entry, IndexBuilder};
use crate::Ecosystem;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A listing that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line that does not fit the format.
    #[error("{path}:{line}: {reason}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Nothing usable was found.
    #[error("{path}: no package names found")]
    Empty {
        /// The file or directory.
        path: PathBuf,
    },
}

/// What reading a listing found besides the names.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// Names read.
    pub names: usize,
    /// Whether any popularity (a rank or a download count column) came with them.
    pub ranked: bool,
    /// Whether first-release dates came with them.
    pub dated: bool,
    /// The smallest download count listed, when the listing had one.
    pub min_downloads: Option<u64>,
    /// The latest month or date the listing mentions (its likely snapshot).
    pub latest: Option<NaiveDate>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok())
}

/// Read `path` (a file or a directory) into `builder`.
pub fn read_source(path: &Path, builder: &mut IndexBuilder) -> Result<SourceSummary, SourceError> {
    let read_err = |source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let summary = if meta.is_dir() {
        read_cargo_index(path, builder)?
    } else {
        let bytes = std::fs::read(path).map_err(read_err)?;
        read_listing(path, &String::from_utf8_lossy(&bytes), builder)?
    };
    if summary.names == 0 {
        return Err(SourceError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(summary)
}

/// Column roles in a TSV header.
struct Columns {
    name: usize,
    rank: Option<usize>,
    downloads: Option<usize>,
    first_release: Option<usize>,
    month: Option<usize>,
}

fn columns(header: &str) -> Option<Columns> {
    let cols: Vec<String> = header
        .split('\t')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let find = |f: &dyn Fn(&str) -> bool| cols.iter().position(|c| f(c));
    let name = find(&|c| c == "name" || c == "package" || c.starts_with("name ") || c == "module")?;
    Some(Columns {
        name,
        rank: find(&|c| c == "rank" || c.starts_with("rank_") || c.starts_with("rank ")),
        downloads: find(&|c| c.starts_with("downloads")),
        first_release: find(&|c| {
            c.starts_with("first_release") || c.starts_with("created") || c == "first"
        }),
        month: find(&|c| c == "month" || c == "updated"),
    })
}

/// A TSV listing with a header row (a `name` column; optional `rank…`, `downloads…`,
/// `first_release…`/`created…`, `month` columns), or a plain list of names, one per line
/// (`#` comments allowed).
pub fn read_listing(
    path: &Path,
    text: &str,
    builder: &mut IndexBuilder,
) -> Result<SourceSummary, SourceError> {
    let mut lines = text.lines().enumerate().peekable();
    let first = lines.peek().map(|(_, l)| *l).unwrap_or("");
    let cols = if first.contains('\t') {
        let c = columns(first).ok_or_else(|| SourceError::Line {
            path: path.to_path_buf(),
            line: 1,
            reason: "a tab-separated listing needs a header row with a `name` column".into(),
        })?;
        lines.next();
        Some(c)
    } else {
        None
    };
    let mut summary = SourceSummary::default();
    let mut by_downloads: Vec<(u64, String)> = Vec::new();
    for (i, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(c) = &cols else {
            let name = line.trim();
            if name.contains(char::is_whitespace) {
                return Err(SourceError::Line {
                    path: path.to_path_buf(),
                    line: i + 1,
                    reason: format!("`{name}` is not a package name (one name per line)"),
                });
            }
            builder.add(name, Entry::default());
            summary.names += 1;
            continue;
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(name) = fields
            .get(c.name)
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        else {
            return Err(SourceError::Line {
                path: path.to_path_buf(),
                line: i + 1,
                reason: "no name in the name column".into(),
            });
        };
        let field = |k: Option<usize>| {
            k.and_then(|k| fields.get(k))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let rank = field(c.rank)
            .and_then(|r| r.parse::<u32>().ok())
            .filter(|r| *r > 0);
        let first_release = field(c.first_release).and_then(parse_date);
        if let Some(m) = field(c.month).and_then(parse_date) {
            summary.latest = summary.latest.max(Some(m));
        }
        if let Some(d) = field(c.downloads).and_then(|d| d.parse::<u64>().ok()) {
            summary.min_downloads = Some(summary.min_downloads.map_or(d, |m| m.min(d)));
            by_downloads.push((d, name.to_string()));
        }
        summary.ranked |= rank.is_some();
        summary.dated |= first_release.is_some();
        builder.add(
            name,
            Entry {
                rank,
                first_release,
            },
        );
        summary.names += 1;
    }
    if !by_downloads.is_empty() && !summary.ranked {
        // Rank by downloads, most first; ties by name so the build is reproducible.
        by_downloads.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (i, (_, name)) in by_downloads.iter().enumerate() {
            let rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
            builder.add(
                name,
                Entry {
                    rank: Some(rank),
                    first_release: None,
                },
            );
        }
        summary.ranked = true;
    }
    Ok(summary)
}

/// A directory in the Cargo registry index layout: every file outside dot-directories and
/// `config.json` is named after its crate.
pub fn read_cargo_index(
    dir: &Path,
    builder: &mut IndexBuilder,
) -> Result<SourceSummary, SourceError> {
    let mut summary = SourceSummary::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|source| SourceError::Read {
            path: d.clone(),
            source,
        })?;
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() && name != "config.json" && d != dir {
                let valid = name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if valid {
                    builder.add(&name, Entry::default());
                    summary.names += 1;
                }
            }
        }
    }
    Ok(summary)
}

/// The crate names Cargo has on this machine: its registry index cache
/// (`$CARGO_HOME/registry/index/*/.cache`) and downloaded sources (`registry/src/*/<name>-<version>`).
pub fn cargo_home_crates(cargo_home: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let reg = cargo_home.join("registry");
    if let Ok(rd) = std::fs::read_dir(reg.join("index")) {
        for e in rd.flatten() {
            let mut b = IndexBuilder::new(Ecosystem::Crates);
            if read_cargo_index(&e.path().join(".cache"), &mut b).is_ok() {
                out.extend(b.names());
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(reg.join("src")) {
        for e in rd.flatten() {
            if let Ok(rd) = std::fs::read_dir(e.path()) {
                for c in rd.flatten() {
                    let n = c.file_name().to_string_lossy().into_owned();
                    if let Some((name, _)) = crate_dir_name(&n) {
                        out.push(name.to_string());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `serde_json-1.0.1` → (`serde_json`, `1.0.1`): the version starts at the last `-` followed
/// by a digit.
pub fn crate_dir_name(dir: &str) -> Option<(&str, &str)> {
    let at = dir
        .match_indices('-')
        .map(|(i, _)| i)
        .rfind(|&i| dir[i + 1..].starts_with(|c: char| c.is_ascii_digit()))?;
    Some((&dir[..at], &dir[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_ranks_and_months() {
        let mut b = IndexBuilder::new(Ecosystem::PyPI);
        let s = read_listing(
            Path::new("p.tsv"),
            "name\tversion\tmonth\trank_among_15000_most_downloaded\tsummary\nRequests\t2.0\t2026-11\t1\tHTTP\nobscure\t0.1\t2019-01\t\t\n",
            &mut b,
        )
        .unwrap();
        assert_eq!(s.names, 2);
        assert!(s.ranked && !s.dated);
        assert_eq!(s.latest, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert!(b.contains("requests") && b.contains("Obscure"));
    }

    #[test]
    fn tsv_ranked_by_downloads() {
        let mut b = IndexBuilder::new(Ecosystem::Npm);
        let s = read_listing(
            Path::new("n.tsv"),
            "name\tversion\tdownloads_a_month\nb\t1\t10\na\t1\t500\n",
            &mut b,
        )
        .unwrap();
        assert_eq!(s.min_downloads, Some(10));
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let idx = crate::Index::from_bytes(
            b.finish(crate::Coverage::Popular, day, "", 10),
            Path::new("n"),
        )
        .unwrap();
        assert_eq!(idx.popular(), ["a", "b"]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut b = IndexBuilder::new(Ecosystem::PyPI);
        let e = read_listing(Path::new("l.txt"), "requests\nnot a name\n", &mut b).unwrap_err();
        assert_eq!(
            e.to_string(),
            "l.txt:2: `not a name` is not a package name (one name per line)"
        );
        let e = read_listing(Path::new("t.tsv"), "pkg\tver\nx\t1\n", &mut b).unwrap_err();
        assert!(e.to_string().starts_with("t.tsv:1: "));
    }

    #[test]
    fn cargo_index_layout() {
        let d = tempfile::tempdir().unwrap();
        for p in ["1/a", "2/ab", "3/s/syn", "se/rd/serde", "se/rd/serde_json"] {
            let f = d.path().join(p);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, "{}\n").unwrap();
        }
        std::fs::write(d.path().join("config.json"), "{}").unwrap();
        std::fs::create_dir_all(d.path().join(".git")).unwrap();
        std::fs::write(d.path().join(".git/HEAD"), "x").unwrap();
        let mut b = IndexBuilder::new(Ecosystem::Crates);
        let s = read_source(d.path(), &mut b).unwrap();
        assert_eq!(s.names, 5);
        assert!(b.contains("serde-json") && !b.contains("config.json") && !b.contains("HEAD"));
        assert_eq!(
            crate_dir_name("serde_json-1.0.1"),
            Some(("serde_json", "1.0.1"))
        );
        assert_eq!(
            crate_dir_name("x25519-dalek-2.0.0"),
            Some(("x25519-dalek", "2.0.0"))
        );
    }
}
