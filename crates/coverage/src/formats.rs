//! One reader per report format, each into [`Report`].

use crate::{CoverageError, Format, Report};

fn malformed(format: Format, line: usize, message: impl Into<String>) -> CoverageError {
    CoverageError::Malformed {
        format,
        line,
        message: message.into(),
    }
}

/// lcov: `SF:<path>` opens a file, `DA:<line>,<hits>[,<checksum>]` records a line,
/// `end_of_record` closes it; every other record (TN, FN, FNDA, BRDA, LF, LH…) is ignored.
pub(crate) fn lcov(text: &str) -> Result<Report, CoverageError> {
    let mut report = Report::default();
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(path) = line.strip_prefix("SF:") {
            current = Some(path.to_string());
            report.file_mut(path);
        } else if let Some(rest) = line.strip_prefix("DA:") {
            let path = current
                .as_deref()
                .ok_or_else(|| malformed(Format::Lcov, i + 1, "DA: record before any SF:"))?;
            let mut fields = rest.split(',');
            let (Some(number), Some(hits)) = (fields.next(), fields.next()) else {
                return Err(malformed(
                    Format::Lcov,
                    i + 1,
                    format!("expected DA:<line>,<hits>, got `{line}`"),
                ));
            };
            let number: u32 = number.trim().parse().map_err(|_| {
                malformed(
                    Format::Lcov,
                    i + 1,
                    format!("`{number}` is not a line number"),
                )
            })?;
            // Some generators write negative or fractional counts for unknown lines; any
            // positive count ran.
            let hits = hits.trim();
            let hits: u64 = hits
                .parse::<u64>()
                .or_else(|_| hits.parse::<f64>().map(|h| if h > 0.0 { 1 } else { 0 }))
                .map_err(|_| malformed(Format::Lcov, i + 1, format!("`{hits}` is not a count")))?;
            report.file_mut(path).add(number, hits);
        } else if line == "end_of_record" {
            current = None;
        }
    }
    Ok(report)
}

/// Cobertura: `<class filename="…">` with `<line number="…" hits="…"/>` under `<lines>`.
/// Methods repeat their lines inside the class; only the class's own `<lines>` count, so a
/// line is not counted twice.
pub(crate) fn cobertura(text: &str) -> Result<Report, CoverageError> {
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| malformed(Format::Cobertura, e.pos().row as usize, e.to_string()))?;
    let mut report = Report::default();
    for class in doc.descendants().filter(|n| n.has_tag_name("class")) {
        let Some(filename) = class.attribute("filename") else {
            let row = doc.text_pos_at(class.range().start).row as usize;
            return Err(malformed(
                Format::Cobertura,
                row,
                "<class> without filename",
            ));
        };
        report.file_mut(filename);
        let lines = class
            .children()
            .filter(|n| n.has_tag_name("lines"))
            .flat_map(|n| n.children().filter(|l| l.has_tag_name("line")));
        for line in lines {
            let row = doc.text_pos_at(line.range().start).row as usize;
            let number: u32 = line
                .attribute("number")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| malformed(Format::Cobertura, row, "<line> without a number"))?;
            let hits: u64 = line
                .attribute("hits")
                .and_then(|h| h.parse().ok())
                .ok_or_else(|| malformed(Format::Cobertura, row, "<line> without hits"))?;
            report.file_mut(filename).add(number, hits);
        }
    }
    Ok(report)
}

/// coverage.py JSON: per file, `executed_lines` ran and `missing_lines` did not.
pub(crate) fn coverage_py(text: &str) -> Result<Report, CoverageError> {
    let bad = |m: String| malformed(Format::CoveragePyJson, 0, m);
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| malformed(Format::CoveragePyJson, e.line(), e.to_string()))?;
    let files = doc
        .get("files")
        .and_then(|f| f.as_object())
        .ok_or_else(|| bad("no `files` object".into()))?;
    let mut report = Report::default();
    for (path, entry) in files {
        let file = report.file_mut(path);
        for (key, hits) in [("executed_lines", 1), ("missing_lines", 0)] {
            let lines = entry
                .get(key)
                .and_then(|l| l.as_array())
                .ok_or_else(|| bad(format!("{path}: no `{key}` list")))?;
            for line in lines {
                let n = line
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        bad(format!("{path}: `{line}` in {key} is not a line number"))
                    })?;
                file.add(n, hits);
            }
        }
    }
    Ok(report)
}

/// `llvm-cov export` JSON: per file, `segments` of `[line, col, count, has_count,
/// is_region_entry, is_gap_region]`, turned into line counts the way llvm-cov's own line
/// view does: a line is instrumented when a counted region starts on it (not a gap) or a
/// counted region started earlier covers it; its count is the largest of those.
pub(crate) fn llvm_cov(text: &str) -> Result<Report, CoverageError> {
    let bad = |m: String| malformed(Format::LlvmCovJson, 0, m);
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| malformed(Format::LlvmCovJson, e.line(), e.to_string()))?;
    let data = doc
        .get("data")
        .and_then(|d| d.as_array())
        .ok_or_else(|| bad("no `data` list".into()))?;
    let mut report = Report::default();
    for export in data {
        let Some(files) = export.get("files").and_then(|f| f.as_array()) else {
            continue;
        };
        for file in files {
            let name = file
                .get("filename")
                .and_then(|f| f.as_str())
                .ok_or_else(|| bad("a file without `filename`".into()))?;
            let segments = file
                .get("segments")
                .and_then(|s| s.as_array())
                .ok_or_else(|| bad(format!("{name}: no `segments`")))?;
            let mut parsed = Vec::with_capacity(segments.len());
            for s in segments {
                let f = s.as_array().filter(|a| a.len() >= 5).ok_or_else(|| {
                    bad(format!(
                        "{name}: a segment is not [line, col, count, has_count, entry, gap]"
                    ))
                })?;
                let num = |i: usize| f[i].as_u64().unwrap_or(0);
                let flag = |i: usize| f.get(i).and_then(|v| v.as_bool()).unwrap_or(false);
                parsed.push(Segment {
                    line: u32::try_from(num(0)).unwrap_or(u32::MAX),
                    count: num(2),
                    has_count: flag(3),
                    entry: flag(4),
                    gap: flag(5),
                });
            }
            let out = report.file_mut(name);
            for (line, hits) in line_counts(&parsed) {
                out.add(line, hits);
            }
        }
    }
    Ok(report)
}

struct Segment {
    line: u32,
    count: u64,
    has_count: bool,
    entry: bool,
    gap: bool,
}

/// llvm-cov's `LineCoverageStats` in short: for each line from the first segment's to the
/// last's, the region wrapping into the line and the region entries starting on it.
fn line_counts(segments: &[Segment]) -> Vec<(u32, u64)> {
    let mut out = Vec::new();
    let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
        return out;
    };
    let mut i = 0;
    let mut wrapped: Option<&Segment> = None;
    for line in first.line..=last.line {
        let start = i;
        while i < segments.len() && segments[i].line == line {
            i += 1;
        }
        let on_line = &segments[start..i];
        let entries: Vec<&Segment> = on_line
            .iter()
            .filter(|s| s.has_count && s.entry && !s.gap)
            .collect();
        let wrapped_counts = wrapped.is_some_and(|w| w.has_count && !w.gap);
        if wrapped_counts || !entries.is_empty() {
            let mut count = entries.iter().map(|s| s.count).max().unwrap_or(0);
            if let Some(w) = wrapped.filter(|_| wrapped_counts) {
                count = count.max(w.count);
            }
            out.push((line, count));
        }
        if let Some(last_on_line) = on_line.last() {
            wrapped = Some(last_on_line);
        }
    }
    out
}
