//! Reading the analyzers' reports into findings: SARIF 2.1.0 (Semgrep, OpenGrep, gosec),
//! Bandit JSON, Ruff JSON and cargo's `compiler-message` JSON lines (clippy).

use super::json::{self, Value};
use super::{ExternalError, Tool};
use crate::GATE;
use provenance_findings::{fingerprint, Finding, Severity};
use std::collections::HashMap;
use std::path::Path;

/// Why a report gave no findings.
pub(crate) enum Problem {
    /// Not the expected format.
    Bad(String),
    /// cargo reported a compile error (not a lint): the tool failed.
    Build,
}

/// The severity of a SARIF `security-severity` score: ≥ 9.0 critical, ≥ 7.0 high,
/// ≥ 4.0 medium, else low.
pub fn severity_from_score(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

/// Findings in `output`, the report `tool` wrote when run in `root` (SARIF for Semgrep
/// and gosec, JSON for Bandit and Ruff, JSON lines for clippy). Paths become relative to
/// `root`; source lines are read from `root` for snippets and fingerprints when present.
pub fn parse(tool: Tool, root: &Path, output: &str) -> Result<Vec<Finding>, ExternalError> {
    parse_checked(tool, root, output).map_err(|p| ExternalError::BadOutput {
        tool,
        message: match p {
            Problem::Bad(m) => m,
            Problem::Build => "cargo reported a compile error".to_string(),
        },
    })
}

/// Findings in a SARIF 2.1.0 log produced by `tool`, rule ids prefixed `<tool>:`.
pub fn parse_sarif(tool: Tool, root: &Path, output: &str) -> Result<Vec<Finding>, ExternalError> {
    let mut ctx = Ctx::new(tool, root);
    sarif(&mut ctx, output).map_err(|message| ExternalError::BadOutput { tool, message })?;
    Ok(ctx.out)
}

pub(crate) fn parse_checked(
    tool: Tool,
    root: &Path,
    output: &str,
) -> Result<Vec<Finding>, Problem> {
    let mut ctx = Ctx::new(tool, root);
    match tool {
        Tool::Semgrep | Tool::Gosec => sarif(&mut ctx, output).map_err(Problem::Bad)?,
        Tool::Bandit => bandit(&mut ctx, output).map_err(Problem::Bad)?,
        Tool::Ruff => ruff(&mut ctx, output).map_err(Problem::Bad)?,
        Tool::Clippy => clippy(&mut ctx, output)?,
    }
    Ok(ctx.out)
}

/// `runs[0].tool.driver.version` (or `semanticVersion`) of a SARIF log.
pub(crate) fn sarif_version(output: &str) -> Option<String> {
    let doc = json::parse(output).ok()?;
    let driver = doc.get("runs").arr().first()?.get("tool").get("driver");
    driver
        .get("semanticVersion")
        .str()
        .or_else(|| driver.get("version").str())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

struct Ctx<'a> {
    tool: Tool,
    root: &'a Path,
    canonical_root: Option<std::path::PathBuf>,
    lines: HashMap<String, Option<Vec<String>>>,
    out: Vec<Finding>,
}

/// One finding as a tool reported it, before paths and fingerprints are settled.
struct Raw<'a> {
    id: &'a str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    /// The tool's own copy of the code, used when the file cannot be read.
    code: Option<&'a str>,
    cwe: Option<String>,
}

impl<'a> Ctx<'a> {
    fn new(tool: Tool, root: &'a Path) -> Self {
        Ctx {
            tool,
            root,
            canonical_root: root.canonicalize().ok(),
            lines: HashMap::new(),
            out: Vec::new(),
        }
    }

    /// `path` relative to the root, `/`-separated, from a plain path or a `file:` URI.
    fn relative(&self, path: &str) -> String {
        let mut p = path.to_string();
        if let Some(rest) = p.strip_prefix("file://") {
            p = percent_decode(rest.strip_prefix("localhost").unwrap_or(rest));
        }
        let p = p.replace('\\', "/");
        let as_path = Path::new(&p);
        if as_path.is_absolute() {
            let roots = [Some(self.root.to_path_buf()), self.canonical_root.clone()];
            for root in roots.iter().flatten() {
                if let Ok(rel) = as_path.strip_prefix(root) {
                    return rel.to_string_lossy().replace('\\', "/");
                }
            }
            if let Ok(canon) = as_path.canonicalize() {
                if let Some(root) = &self.canonical_root {
                    if let Ok(rel) = canon.strip_prefix(root) {
                        return rel.to_string_lossy().replace('\\', "/");
                    }
                }
            }
            return p;
        }
        let mut rel = p.as_str();
        while let Some(rest) = rel.strip_prefix("./") {
            rel = rest;
        }
        rel.to_string()
    }

    fn source_line(&mut self, path: &str, line: u32) -> Option<String> {
        if line == 0 {
            return None;
        }
        let root = self.root;
        let lines = self.lines.entry(path.to_string()).or_insert_with(|| {
            let data = std::fs::read(root.join(path)).ok()?;
            Some(
                String::from_utf8_lossy(&data)
                    .lines()
                    .map(str::to_string)
                    .collect(),
            )
        });
        lines.as_ref()?.get(line as usize - 1).cloned()
    }

    fn push(&mut self, raw: Raw<'_>) {
        let path = self.relative(raw.path);
        let rule = format!("{}:{}", self.tool.name(), raw.id);
        let text = self
            .source_line(&path, raw.line)
            .or_else(|| {
                raw.code
                    .and_then(|c| c.lines().find(|l| !l.trim().is_empty()))
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let keyed = if normalized.is_empty() {
            raw.message.trim()
        } else {
            normalized.as_str()
        };
        let mut f = Finding::new(GATE, &rule, raw.severity, &path, raw.line)
            .with_column(raw.column)
            .with_message(raw.message.trim())
            .with_fingerprint(fingerprint(&rule, &path, keyed))
            .with_snippet(snippet(&normalized))
            .with_source(self.tool.name());
        if let Some(cwe) = raw.cwe {
            f = f.with_cwe(cwe);
        }
        self.out.push(f);
    }
}

fn snippet(normalized: &str) -> String {
    const MAX: usize = 120;
    if normalized.chars().count() <= MAX {
        return normalized.to_string();
    }
    let mut s: String = normalized.chars().take(MAX).collect();
    s.push('…');
    s
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(n) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(n);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `CWE-<n>` from a tag such as `CWE-89`, `CWE-89: Improper Neutralization…`,
/// `external/cwe/cwe-89` or a bare number in a CWE taxonomy reference.
fn cwe_of(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("cwe-")?;
    let digits: String = lower[at + 4..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let digits = digits.trim_start_matches('0');
    (!digits.is_empty()).then(|| format!("CWE-{digits}"))
}

fn sarif(ctx: &mut Ctx<'_>, output: &str) -> Result<(), String> {
    let doc = json::parse(output)?;
    let Value::Arr(runs) = doc.get("runs") else {
        return Err("not a SARIF log (no `runs` array)".to_string());
    };
    for run in runs {
        let tool = run.get("tool");
        let mut rules: Vec<&Value> = tool.get("driver").get("rules").arr().iter().collect();
        for ext in tool.get("extensions").arr() {
            rules.extend(ext.get("rules").arr());
        }
        let rule_by_id: HashMap<&str, &Value> = rules
            .iter()
            .filter_map(|r| r.get("id").str().map(|id| (id, *r)))
            .collect();
        for result in run.get("results").arr() {
            let index = result
                .get("ruleIndex")
                .u32()
                .or_else(|| result.get("rule").get("index").u32());
            let id = result
                .get("ruleId")
                .str()
                .or_else(|| result.get("rule").get("id").str())
                .or_else(|| {
                    index
                        .and_then(|i| rules.get(i as usize))
                        .and_then(|r| r.get("id").str())
                })
                .unwrap_or("unknown");
            let rule = rule_by_id
                .get(id)
                .copied()
                .or_else(|| index.and_then(|i| rules.get(i as usize).copied()))
                .unwrap_or(&Value::Null);
            let score = result
                .get("properties")
                .get("security-severity")
                .num()
                .or_else(|| rule.get("properties").get("security-severity").num());
            let level = result
                .get("level")
                .str()
                .or_else(|| rule.get("defaultConfiguration").get("level").str())
                .unwrap_or("warning");
            let severity = match score {
                Some(s) => severity_from_score(s),
                None => match level {
                    "error" => Severity::High,
                    "note" | "none" => Severity::Low,
                    _ => Severity::Medium,
                },
            };
            let cwe = rule
                .get("properties")
                .get("tags")
                .arr()
                .iter()
                .chain(result.get("properties").get("tags").arr())
                .filter_map(Value::str)
                .find_map(cwe_of)
                .or_else(|| {
                    rule.get("relationships").arr().iter().find_map(|rel| {
                        let target = rel.get("target");
                        let component = target.get("toolComponent").get("name").str()?;
                        let id = target.get("id").str()?;
                        component
                            .eq_ignore_ascii_case("cwe")
                            .then(|| cwe_of(&format!("cwe-{id}")))
                            .flatten()
                    })
                });
            let message = result
                .get("message")
                .get("text")
                .str()
                .or_else(|| rule.get("shortDescription").get("text").str())
                .unwrap_or("");
            let location = result
                .get("locations")
                .arr()
                .first()
                .unwrap_or(&Value::Null);
            let physical = location.get("physicalLocation");
            let Some(uri) = physical.get("artifactLocation").get("uri").str() else {
                continue;
            };
            let region = physical.get("region");
            ctx.push(Raw {
                id,
                severity,
                path: uri,
                line: region.get("startLine").u32().unwrap_or(0),
                column: region.get("startColumn").u32().unwrap_or(0),
                message,
                code: region.get("snippet").get("text").str(),
                cwe,
            });
        }
    }
    Ok(())
}

fn bandit(ctx: &mut Ctx<'_>, output: &str) -> Result<(), String> {
    let doc = json::parse(output)?;
    let Value::Arr(results) = doc.get("results") else {
        return Err("not a Bandit JSON report (no `results` array)".to_string());
    };
    for r in results {
        let sev = r
            .get("issue_severity")
            .str()
            .unwrap_or("")
            .to_ascii_uppercase();
        let conf = r
            .get("issue_confidence")
            .str()
            .unwrap_or("")
            .to_ascii_uppercase();
        let sure = matches!(conf.as_str(), "HIGH" | "MEDIUM");
        let severity = match (sev.as_str(), sure) {
            ("HIGH", true) => Severity::High,
            ("HIGH", false) | ("MEDIUM", true) => Severity::Medium,
            _ => Severity::Low,
        };
        let cwe = r
            .get("issue_cwe")
            .get("id")
            .u32()
            .filter(|&n| n > 0)
            .map(|n| format!("CWE-{n}"));
        // Bandit's `code` is numbered context lines: `3 x = 1\n4 subprocess…`.
        let line = r.get("line_number").u32().unwrap_or(0);
        let code = r.get("code").str().and_then(|c| {
            c.lines().find_map(|l| {
                let (n, rest) = l.split_once(' ')?;
                (n.parse::<u32>().ok()? == line).then_some(rest)
            })
        });
        ctx.push(Raw {
            id: r.get("test_id").str().unwrap_or("unknown"),
            severity,
            path: r.get("filename").str().unwrap_or(""),
            line,
            column: r.get("col_offset").u32().map_or(0, |c| c + 1),
            message: r.get("issue_text").str().unwrap_or(""),
            code,
            cwe,
        });
    }
    Ok(())
}

/// Ruff `S` codes: severity and CWE.
fn ruff_rule(code: &str) -> (Severity, Option<&'static str>) {
    match code {
        "S102" => (Severity::High, Some("CWE-78")),
        "S301" => (Severity::High, Some("CWE-502")),
        "S307" => (Severity::High, Some("CWE-95")),
        "S602" => (Severity::High, Some("CWE-78")),
        "S608" => (Severity::High, Some("CWE-89")),
        "S105" | "S106" | "S107" => (Severity::Medium, Some("CWE-259")),
        "S101" => (Severity::Low, Some("CWE-703")),
        "S324" | "S303" | "S304" | "S305" => (Severity::Medium, Some("CWE-327")),
        "S501" | "S502" | "S503" | "S504" => (Severity::Medium, Some("CWE-295")),
        "S506" => (Severity::Medium, Some("CWE-20")),
        "S603" | "S604" | "S605" | "S606" | "S607" | "S609" => (Severity::Medium, Some("CWE-78")),
        "S113" => (Severity::Medium, Some("CWE-400")),
        "S311" => (Severity::Medium, Some("CWE-330")),
        "S701" | "S702" => (Severity::Medium, Some("CWE-94")),
        _ => (Severity::Medium, None),
    }
}

fn ruff(ctx: &mut Ctx<'_>, output: &str) -> Result<(), String> {
    let doc = json::parse(output)?;
    let Value::Arr(items) = doc else {
        return Err("not a Ruff JSON report (expected an array)".to_string());
    };
    for item in &items {
        let Some(code) = item.get("code").str() else {
            continue; // syntax errors have no code
        };
        let (severity, cwe) = ruff_rule(code);
        let location = item.get("location");
        ctx.push(Raw {
            id: code,
            severity,
            path: item.get("filename").str().unwrap_or(""),
            line: location.get("row").u32().unwrap_or(0),
            column: location.get("column").u32().unwrap_or(0),
            message: item.get("message").str().unwrap_or(""),
            code: None,
            cwe: cwe.map(str::to_string),
        });
    }
    Ok(())
}

/// Clippy lints that touch memory safety or trust boundaries: reported as medium.
fn clippy_security_ish(lint: &str) -> bool {
    const NAMED: &[&str] = &[
        "mem_forget",
        "mut_from_ref",
        "cast_ptr_alignment",
        "not_unsafe_ptr_arg_deref",
        "invalid_regex",
        "undocumented_unsafe_blocks",
        "multiple_unsafe_ops_per_block",
        "unsound_collection_transmute",
        "size_of_in_element_count",
        "uninit_assumed_init",
        "uninit_vec",
        "zst_offset",
        "cast_slice_from_raw_parts",
        "suspicious_open_options",
        "nonsensical_open_options",
        "permissions_set_readonly_false",
    ];
    NAMED.contains(&lint) || lint.contains("transmut") || lint.contains("unsafe")
}

fn clippy(ctx: &mut Ctx<'_>, output: &str) -> Result<(), Problem> {
    let mut saw_json = false;
    for line in output.lines() {
        let line = line.trim();
        if !line.starts_with('{') {
            continue;
        }
        let doc = json::parse(line).map_err(Problem::Bad)?;
        saw_json = true;
        if doc.get("reason").str() != Some("compiler-message") {
            continue;
        }
        let msg = doc.get("message");
        let level = msg.get("level").str().unwrap_or("");
        let code = msg.get("code").get("code").str();
        let Some(span) = msg
            .get("spans")
            .arr()
            .iter()
            .find(|s| s.get("is_primary").bool() == Some(true))
            .or_else(|| msg.get("spans").arr().first())
        else {
            continue; // summaries such as "aborting due to 1 previous error"
        };
        let lint = match code.and_then(|c| c.strip_prefix("clippy::")) {
            Some(lint) => lint,
            None if level == "error" => return Err(Problem::Build),
            None => continue, // rustc's own warnings
        };
        let severity = if clippy_security_ish(lint) || level == "error" {
            Severity::Medium
        } else {
            Severity::Low
        };
        let code_text = span
            .get("text")
            .arr()
            .first()
            .and_then(|t| t.get("text").str());
        ctx.push(Raw {
            id: lint,
            severity,
            path: span.get("file_name").str().unwrap_or(""),
            line: span.get("line_start").u32().unwrap_or(0),
            column: span.get("column_start").u32().unwrap_or(0),
            message: msg.get("message").str().unwrap_or(""),
            code: code_text,
            cwe: None,
        });
    }
    if !saw_json && !output.trim().is_empty() {
        return Err(Problem::Bad(
            "no cargo JSON messages in the output".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_tags() {
        assert_eq!(cwe_of("CWE-89"), Some("CWE-89".into()));
        assert_eq!(
            cwe_of("CWE-78: Improper Neutralization"),
            Some("CWE-78".into())
        );
        assert_eq!(cwe_of("external/cwe/cwe-079"), Some("CWE-79".into()));
        assert_eq!(cwe_of("security"), None);
        assert_eq!(cwe_of("cwe-"), None);
    }

    #[test]
    fn scores() {
        assert_eq!(severity_from_score(9.0), Severity::Critical);
        assert_eq!(severity_from_score(8.9), Severity::High);
        assert_eq!(severity_from_score(7.0), Severity::High);
        assert_eq!(severity_from_score(4.0), Severity::Medium);
        assert_eq!(severity_from_score(3.9), Severity::Low);
    }

    #[test]
    fn uris_become_relative() {
        let ctx = Ctx::new(Tool::Semgrep, Path::new("/repo"));
        assert_eq!(ctx.relative("file:///repo/a%20b/c.py"), "a b/c.py");
        assert_eq!(ctx.relative("./src/x.go"), "src/x.go");
        assert_eq!(ctx.relative("/repo/src/x.go"), "src/x.go");
        assert_eq!(ctx.relative("/elsewhere/x.go"), "/elsewhere/x.go");
    }
}
