//! Finding renderers: text (short, actionable), json, ndjson, SARIF 2.1.0.

use crate::args::FindingsFormat;
use crate::session::write_err;
use crate::{Error, Io};
use provenance_checks::{GateStatus, Verdict};
use provenance_findings::{Finding, Severity};
use serde_json::{json, Value};

pub(crate) fn findings(
    verdict: &Verdict,
    format: FindingsFormat,
    io: &mut Io<'_>,
) -> Result<(), Error> {
    match format {
        FindingsFormat::Text => text(verdict, io),
        FindingsFormat::Json => {
            let doc = json!({
                "version": 1,
                "result": if verdict.exit_code().code() == 0 { "pass" } else { "block" },
                "gates": verdict.gates.iter().map(|(g, s, f)| json!({
                    "gate": g, "status": status_name(*s), "findings": f,
                })).collect::<Vec<_>>(),
                "degraded": verdict.degraded,
            });
            writeln!(io.out, "{doc}").map_err(write_err)
        }
        FindingsFormat::Ndjson => {
            for f in verdict.findings() {
                let line = serde_json::to_string(f).map_err(|e| Error::internal(e.to_string()))?;
                writeln!(io.out, "{line}").map_err(write_err)?;
            }
            Ok(())
        }
        FindingsFormat::Sarif => {
            let doc = sarif(verdict);
            writeln!(io.out, "{doc}").map_err(write_err)
        }
    }
}

/// A gate status word, in color when `color` (red blocks, yellow warns or is degraded).
fn paint(color: bool, status: GateStatus) -> String {
    let name = status_name(status);
    let code = match status {
        GateStatus::Blocked => "1;31",
        GateStatus::Warned | GateStatus::Degraded => "33",
        GateStatus::Passed => "32",
        GateStatus::Skipped => "2",
    };
    if color {
        format!("\x1b[{code}m{name}\x1b[0m")
    } else {
        name.to_string()
    }
}

pub(crate) fn status_name(s: GateStatus) -> &'static str {
    match s {
        GateStatus::Passed => "pass",
        GateStatus::Blocked => "block",
        GateStatus::Warned => "warn",
        GateStatus::Degraded => "degraded",
        GateStatus::Skipped => "skipped",
    }
}

fn text(verdict: &Verdict, io: &mut Io<'_>) -> Result<(), Error> {
    // Text findings are diagnostics: stderr, so stdout stays clean for machine formats.
    for (gate, status, findings) in &verdict.gates {
        if *status == GateStatus::Skipped {
            writeln!(
                io.err,
                "provenance: {gate}: skipped (PROVENANCE_SKIP or gates.{gate} = \"off\")"
            )
            .map_err(write_err)?;
            continue;
        }
        // Informational findings (a check that was not possible, a guarded import) only
        // with -v: a hook that talks on every commit gets ignored.
        let shown: Vec<&Finding> = findings
            .iter()
            .filter(|f| io.verbose || f.severity > Severity::Info)
            .collect();
        // Files left out on purpose (vendored, allowed, LFS pointers) are not hidden either:
        // one summary line, the list with -v.
        let unscanned: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == crate::gates::NOT_SCANNED && f.severity == Severity::Info)
            .collect();
        if !io.verbose {
            if let Some(first) = unscanned.first() {
                writeln!(
                    io.err,
                    "provenance: {gate}: {} file(s) not scanned by configuration, e.g. {} ({}); \
                     -v lists them",
                    unscanned.len(),
                    quote_path(&first.path),
                    first.message.trim_start_matches("not scanned: ")
                )
                .map_err(write_err)?;
            }
        }
        if shown.is_empty() {
            continue;
        }
        let findings = shown;
        let blocking = findings
            .iter()
            .filter(|f| f.severity >= Severity::High)
            .count();
        writeln!(
            io.err,
            "provenance: {gate}: {} — {} finding(s){}",
            paint(io.color, *status),
            findings.len(),
            if *status == GateStatus::Blocked {
                format!(", {blocking} blocking")
            } else {
                String::new()
            }
        )
        .map_err(write_err)?;
        for f in &findings {
            finding_line(f, io)?;
        }
        if *status == GateStatus::Blocked {
            writeln!(io.err, "  {}", how_to_allow(gate)).map_err(write_err)?;
        }
    }
    for d in &verdict.degraded {
        writeln!(
            io.err,
            "provenance: {}: {d} (this gate did not run fully; it is not a pass)",
            paint(io.color, GateStatus::Degraded)
        )
        .map_err(write_err)?;
    }
    Ok(())
}

/// One line per gate — result and finding count — then the time the whole check took:
/// what pre-push and `verify` print before the details.
pub(crate) fn summary(
    verdict: &Verdict,
    elapsed: std::time::Duration,
    io: &mut Io<'_>,
) -> Result<(), Error> {
    if io.quiet || verdict.gates.is_empty() {
        return Ok(());
    }
    writeln!(
        io.err,
        "provenance: {:<10} {:<9} findings",
        "gate", "result"
    )
    .map_err(write_err)?;
    for (gate, status, findings) in &verdict.gates {
        let shown = findings
            .iter()
            .filter(|f| io.verbose || f.severity > Severity::Info)
            .count();
        // Pad before painting: escape codes would count as width.
        let result = format!("{:<9}", status_name(*status));
        let result = if io.color {
            paint(true, *status).replace(status_name(*status), &result)
        } else {
            result
        };
        writeln!(io.err, "provenance: {gate:<10} {result} {shown}").map_err(write_err)?;
    }
    writeln!(
        io.err,
        "provenance: checked in {:.2} s",
        elapsed.as_secs_f64()
    )
    .map_err(write_err)
}

/// After a hook's findings: when a gate was degraded, what that means for this `what`
/// (`commit`, `push`) and how to get past it once.
pub(crate) fn degraded_hint(verdict: &Verdict, what: &str, io: &mut Io<'_>) -> Result<(), Error> {
    let gates: Vec<String> = verdict
        .gates
        .iter()
        .filter(|(_, s, _)| *s == GateStatus::Degraded)
        .map(|(g, _, _)| g.clone())
        .collect();
    if gates.is_empty() {
        return Ok(());
    }
    for line in degraded_lines(&gates, what, verdict.degraded_blocks) {
        writeln!(io.err, "{line}").map_err(write_err)?;
    }
    Ok(())
}

/// The explanation for degraded `gates`: blocked or let through, and the two ways past.
pub(crate) fn degraded_lines(gates: &[String], what: &str, blocks: bool) -> Vec<String> {
    let list = gates.join(",");
    if blocks {
        vec![
            format!(
                "provenance: this {what} is blocked: a gate that cannot run is never a pass \
                 (on_degraded = \"block\")."
            ),
            format!(
                "  fix the cause above, or bypass once: PROVENANCE_SKIP={list} git {what} …{}, \
                 or git {what} --no-verify",
                if what == "commit" {
                    " (provenance verify still runs it in CI)"
                } else {
                    ""
                }
            ),
        ]
    } else {
        vec![format!(
            "provenance: on_degraded = \"warn\": the {what} goes on without the {list} check(s)"
        )]
    }
}

fn finding_line(f: &Finding, io: &mut Io<'_>) -> Result<(), Error> {
    let path = quote_path(&f.path);
    let at = match (f.line, f.column) {
        (0, _) => path,
        (l, 0) => format!("{path}:{l}"),
        (l, c) => format!("{path}:{l}:{c}"),
    };
    let commit = f
        .commit
        .as_deref()
        .map(|c| format!(" (commit {})", &c[..c.len().min(10)]))
        .unwrap_or_default();
    writeln!(io.err, "  {at}{commit}  {} [{}]", f.rule, f.severity).map_err(write_err)?;
    if !f.message.is_empty() {
        writeln!(io.err, "    {}", f.message).map_err(write_err)?;
    }
    if !f.snippet.is_empty() {
        writeln!(io.err, "    found: {}", f.snippet).map_err(write_err)?;
    }
    Ok(())
}

/// A path as git prints it with `core.quotePath` (the default): in double quotes with C
/// escapes when it holds a control byte, a quote, a backslash or non-ASCII, so a file name
/// can never write to the terminal (a newline, an escape sequence) or pass for another path.
pub(crate) fn quote_path(path: &str) -> String {
    let plain = path
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    if plain {
        return path.to_string();
    }
    let mut out = String::from("\"");
    for b in path.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push('"');
    out
}

fn how_to_allow(gate: &str) -> &'static str {
    match gate {
        "secrets" => "to allow: remove the secret (and rotate it), or mark a false positive with a `provenance:allow` comment on the line, or accept it with `provenance baseline --update`",
        "imports" => "to allow: declare the dependency in the manifest named above, fix the name, or list it under [imports] allow in .provenance.toml",
        "sca" => "to allow: upgrade to the fixed version named above, or accept it for a while with [[sca.ignore]] id, until and reason in .provenance.toml",
        "sast" => "to allow: fix the code as the finding says, mark a false positive with `provenance:allow <rule>` (or `# nosec`, `// nosemgrep`) on the line, or accept it with `provenance baseline --update`",
        "coverage" => "to allow: add tests that run these lines and regenerate the report, lower coverage.min, or skip once with PROVENANCE_SKIP=coverage",
        "review" => "to allow: add the approval trailer after review, push to a branch that is not in review.protected, or skip once with PROVENANCE_SKIP=review",
        _ => "to allow: fix the finding, or accept it with `provenance baseline --update`",
    }
}

/// SARIF 2.1.0 with `security-severity` for code scanning dashboards.
pub(crate) fn sarif(verdict: &Verdict) -> Value {
    sarif_of(verdict.findings())
}

/// SARIF 2.1.0 of any findings (a verdict's, or those a report read from notes).
pub(crate) fn sarif_of<'a>(findings: impl Iterator<Item = &'a Finding>) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for f in findings {
        let id = format!("{}/{}", f.gate, f.rule);
        if !rule_ids.contains(&id) {
            rule_ids.push(id.clone());
            let mut props = json!({ "security-severity": f.severity.security_severity() });
            if let Some(cwe) = &f.cwe {
                props["tags"] = json!([cwe]);
            }
            rules.push(json!({
                "id": id,
                "name": f.rule,
                "shortDescription": { "text": f.rule },
                "properties": props,
            }));
        }
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            _ => "note",
        };
        let mut region = json!({ "startLine": f.line.max(1) });
        if f.column > 0 {
            region["startColumn"] = json!(f.column);
        }
        results.push(json!({
            "ruleId": id,
            "level": level,
            "message": { "text": if f.message.is_empty() { f.rule.clone() } else { f.message.clone() } },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": f.path },
                "region": region,
            }}],
            "partialFingerprints": { "provenance/v1": f.fingerprint },
        }));
    }
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "provenance",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::quote_path;

    /// The same quoting as `git ls-files` with the default core.quotePath.
    #[test]
    fn paths_are_quoted_as_git_quotes_them() {
        for (path, quoted) in [
            ("src/main.rs", "src/main.rs"),
            ("with space.txt", "with space.txt"),
            ("new\nline", "\"new\\nline\""),
            ("esc\x1b[31mred", "\"esc\\033[31mred\""),
            ("quote\"d", "\"quote\\\"d\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("tab\there", "\"tab\\there\""),
            ("é.txt", "\"\\303\\251.txt\""),
        ] {
            assert_eq!(quote_path(path), quoted, "{path:?}");
        }
    }
}
