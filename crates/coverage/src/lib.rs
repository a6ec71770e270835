//! Coverage reports read into one model: for each file, which lines are instrumented and how
//! often each ran. The coverage gate asks of it "how many of these lines ran".
//!
//! Formats: lcov tracefiles (`SF:`/`DA:` records), Cobertura XML (`<class filename>` +
//! `<line number hits>`, with `<source>` roots), llvm-cov `export` JSON (segments), and
//! coverage.py JSON (`executed_lines`/`missing_lines`). [`parse`] detects the format from
//! the content, so the configured path can have any name.
//!
//! ```
//! let lcov = "SF:src/lib.rs\nDA:1,3\nDA:2,0\nDA:4,1\nend_of_record\n";
//! let report = provenance_coverage::parse(lcov.as_bytes())?;
//! let file = report.file("src/lib.rs").expect("file in report");
//! assert_eq!(file.hits(1), Some(3));
//! assert_eq!(file.hits(2), Some(0)); // instrumented, never ran
//! assert_eq!(file.hits(3), None); // not instrumented (a blank line, a comment)
//! let c = report.covered([("src/lib.rs", 1..=4)]);
//! assert_eq!((c.covered, c.instrumented), (2, 3));
//! # Ok::<(), provenance_coverage::CoverageError>(())
//! ```
#![deny(missing_docs)]

mod formats;

use std::collections::BTreeMap;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// lcov tracefile (`lcov.info`, `cargo llvm-cov --lcov`, c8/nyc/istanbul `lcov`).
    Lcov,
    /// Cobertura XML (`coverage.xml`, `coverage.py xml`, JaCoCo-to-Cobertura, gcovr).
    Cobertura,
    /// `llvm-cov export` JSON (`cargo llvm-cov --json`).
    LlvmCovJson,
    /// `coverage json` (coverage.py).
    CoveragePyJson,
}

/// A report that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// The bytes are none of the supported formats.
    #[error("not a coverage report this version reads (lcov, Cobertura XML, llvm-cov JSON, coverage.py JSON)")]
    UnknownFormat,
    /// The format was recognised but the content is malformed.
    #[error("{format:?} report, line {line}: {message}")]
    Malformed {
        /// The format it looked like.
        format: Format,
        /// 1-based line of the problem in the report (0 when unknown).
        line: usize,
        /// What was wrong.
        message: String,
    },
}

/// Line hits of one source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCoverage {
    lines: BTreeMap<u32, u64>,
}

impl FileCoverage {
    /// How often `line` ran; `None` when the line is not instrumented.
    pub fn hits(&self, line: u32) -> Option<u64> {
        self.lines.get(&line).copied()
    }

    /// Record `hits` for `line` (several records of one line add up, as lcov merges do).
    pub fn add(&mut self, line: u32, hits: u64) {
        *self.lines.entry(line).or_insert(0) += hits;
    }

    /// Number of instrumented lines.
    pub fn instrumented(&self) -> usize {
        self.lines.len()
    }

    /// Number of instrumented lines that ran.
    pub fn covered(&self) -> usize {
        self.lines.values().filter(|h| **h > 0).count()
    }
}

/// Covered and instrumented line counts over a selection of lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Instrumented lines that ran.
    pub covered: usize,
    /// Instrumented lines.
    pub instrumented: usize,
}

impl Counts {
    /// `covered / instrumented` as a percentage; `None` when nothing was instrumented.
    pub fn percent(&self) -> Option<f64> {
        (self.instrumented > 0).then(|| 100.0 * self.covered as f64 / self.instrumented as f64)
    }
}

/// A whole report: files by path as the report names them (normalized: `/` separators, no
/// leading `./`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The format it was read from.
    pub format: Option<Format>,
    files: BTreeMap<String, FileCoverage>,
}

impl Report {
    /// The file at `path` (repository-relative), matched exactly or as a path suffix of a
    /// report entry (reports often hold absolute paths).
    pub fn file(&self, path: &str) -> Option<&FileCoverage> {
        if let Some(f) = self.files.get(path) {
            return Some(f);
        }
        let suffix = format!("/{path}");
        let mut matches = self.files.iter().filter(|(p, _)| p.ends_with(&suffix));
        match (matches.next(), matches.next()) {
            (Some((_, f)), None) => Some(f),
            // Two report files end with this path: ambiguous, so neither is claimed.
            _ => None,
        }
    }

    /// Every file's entry.
    pub fn files(&self) -> impl Iterator<Item = (&str, &FileCoverage)> {
        self.files.iter().map(|(p, f)| (p.as_str(), f))
    }

    /// The entry for `path`, created when missing.
    pub fn file_mut(&mut self, path: &str) -> &mut FileCoverage {
        self.files.entry(normalize(path)).or_default()
    }

    /// Counts over the given lines of the given files. Lines that are not instrumented
    /// (blank, comments, declarations) count for neither, and so does a file missing from
    /// the report: the caller decides what a missing file means.
    pub fn covered<'a, R>(&self, selection: impl IntoIterator<Item = (&'a str, R)>) -> Counts
    where
        R: IntoIterator<Item = u32>,
    {
        let mut counts = Counts::default();
        for (path, lines) in selection {
            let Some(file) = self.file(path) else {
                continue;
            };
            for line in lines {
                if let Some(hits) = file.hits(line) {
                    counts.instrumented += 1;
                    counts.covered += usize::from(hits > 0);
                }
            }
        }
        counts
    }

    /// The whole report's counts.
    pub fn total(&self) -> Counts {
        let mut counts = Counts::default();
        for f in self.files.values() {
            counts.instrumented += f.instrumented();
            counts.covered += f.covered();
        }
        counts
    }
}

/// `/` separators, no leading `./`.
fn normalize(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

/// The format of `data`, from its content.
pub fn detect(data: &[u8]) -> Option<Format> {
    let text = std::str::from_utf8(data).ok()?;
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        return head.contains("<coverage").then_some(Format::Cobertura);
    }
    if head.starts_with('{') {
        if head.contains("\"llvm.coverage.json.export\"") {
            return Some(Format::LlvmCovJson);
        }
        if head.contains("\"executed_lines\"") || head.contains("\"coverage.py\"") {
            return Some(Format::CoveragePyJson);
        }
        return None;
    }
    text.lines()
        .any(|l| l.starts_with("SF:"))
        .then_some(Format::Lcov)
}

/// Read a report of any supported format.
pub fn parse(data: &[u8]) -> Result<Report, CoverageError> {
    let format = detect(data).ok_or(CoverageError::UnknownFormat)?;
    let text = std::str::from_utf8(data).map_err(|e| CoverageError::Malformed {
        format,
        line: 0,
        message: format!("not UTF-8: {e}"),
    })?;
    let mut report = match format {
        Format::Lcov => formats::lcov(text)?,
        Format::Cobertura => formats::cobertura(text)?,
        Format::LlvmCovJson => formats::llvm_cov(text)?,
        Format::CoveragePyJson => formats::coverage_py(text)?,
    };
    report.format = Some(format);
    Ok(report)
}
