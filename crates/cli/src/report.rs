//! `provenance report [RANGE] --format json|csv|sarif|agent-trace|html [-o FILE]`: the
//! audit trail of a range, per commit — provenance (agent, model, prompt digests, line
//! ranges), review evidence (approval trailers, signatures, who merged), the gate results
//! the notes recorded and the gates that were skipped.
//!
//! JSON follows `docs/report.schema.json`; CSV is one row per commit; SARIF carries the
//! recorded gate findings; `agent-trace` is one Agent Trace 0.1.0 record per commit with
//! line ranges; `html` is one self-contained page (inline CSS, JS and SVG, no network).

use crate::args::{AuditFormat, ReportArgs, StatsBy};
use crate::log::csv_field;
use crate::stats::CommitFacts;
use crate::trailers_cmd::commit_trailer_config;
use crate::{Error, Globals, Io};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The report schema version (`version` in the JSON document).
pub(crate) const REPORT_VERSION: u32 = 1;

/// Trailer keys (lowercase) that record an approval.
const APPROVAL_KEYS: &[&str] = &["reviewed-by", "acked-by", "approved-by", "tested-by"];

pub(crate) fn run(
    globals: &Globals,
    args: &ReportArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let (tips, hidden) = crate::stats::range(&repo, args.range.as_deref())?;
    let tconfig = commit_trailer_config(&repo);
    let mut commits = Vec::new();
    if !tips.is_empty() {
        repo.walk(&tips, &hidden, |c| {
            commits.push(c);
            Ok(true)
        })?;
    }
    let signatures = signatures(&repo, args.range.as_deref().unwrap_or("HEAD"));
    let merged_by = merged_by(&repo, &tips, &hidden);
    // Each commit's note is read once; every format works from these facts.
    let facts = commits
        .into_iter()
        .map(|c| CommitFacts::read(&repo, c, &tconfig, io))
        .collect::<Result<Vec<_>, _>>()?;
    let records: Vec<Value> = facts
        .iter()
        .map(|f| record(f, &signatures, &merged_by))
        .collect();
    let range = args.range.clone().unwrap_or_else(|| "HEAD".to_string());
    let text = match args.format {
        AuditFormat::Json => {
            let doc = json!({
                "version": REPORT_VERSION,
                "range": range,
                "tool": {"name": "provenance", "version": env!("CARGO_PKG_VERSION")},
                "summary": summary(&records),
                "commits": records,
            });
            pretty(&doc)?
        }
        AuditFormat::Csv => csv(&records),
        AuditFormat::Sarif => pretty(&sarif(&facts))?,
        AuditFormat::AgentTrace => agent_trace(&facts)?,
        AuditFormat::Html => {
            let (by_model, total) =
                crate::stats::compute(&repo, &tips, &hidden, StatsBy::Model, true, io)?;
            let (by_month, _) =
                crate::stats::compute(&repo, &tips, &hidden, StatsBy::Month, false, io)?;
            crate::report_html::page(
                &range,
                &records,
                &to_value(&by_model)?,
                &to_value(&by_month)?,
                &to_value(&total)?,
            )
        }
    };
    match &args.output {
        Some(path) => {
            provenance_attribution::write_atomic(path, text.as_bytes())
                .map_err(|e| Error::io(path, e))?;
            io.note(format!(
                "provenance: report of {} commit(s) written to {}",
                records.len(),
                path.display()
            ));
        }
        None => io.out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::Ok)
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::internal(e.to_string()))
}

fn pretty(v: &Value) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| Error::internal(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// `%G?` and `%GK` per commit of the range, from one `git log` (empty when git cannot
/// check signatures here; the report then says `unknown`).
fn signatures(repo: &Repo, range: &str) -> HashMap<String, (String, String)> {
    let out = provenance_git::run_git(
        repo.run_dir(),
        &["log", "--format=%H%x1f%G?%x1f%GK", range, "--"],
        None,
    );
    let Ok(out) = out else {
        return HashMap::new();
    };
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| {
            let mut p = l.split('\x1f');
            Some((
                p.next()?.to_string(),
                (p.next()?.to_string(), p.next().unwrap_or("").to_string()),
            ))
        })
        .collect()
}

/// For commits a merge on the range's first-parent line brought in: that merge's
/// committer (who merged it) and id.
fn merged_by(repo: &Repo, tips: &[String], hidden: &[String]) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    let Some(tip) = tips.first() else {
        return out;
    };
    let mut argv: Vec<String> = vec![
        "rev-list".into(),
        "--first-parent".into(),
        "--merges".into(),
        "--max-count=10000".into(),
        tip.clone(),
    ];
    argv.extend(hidden.iter().map(|h| format!("^{h}")));
    argv.push("--".into());
    let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
    let Ok(merges) = provenance_git::run_git(repo.run_dir(), &refs, None) else {
        return out;
    };
    for m in String::from_utf8_lossy(&merges).lines() {
        let Ok(info) = repo.commit(m) else { continue };
        if info.parents.len() < 2 {
            continue;
        }
        let who = json!({
            "name": info.committer.name,
            "email": info.committer.email,
            "merge": m,
        });
        let mut argv = vec!["rev-list".to_string()];
        argv.extend(info.parents[1..].iter().cloned());
        argv.push(format!("^{}", info.parents[0]));
        argv.push("--".into());
        let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
        if let Ok(list) = provenance_git::run_git(repo.run_dir(), &refs, None) {
            for c in String::from_utf8_lossy(&list).lines() {
                out.entry(c.to_string()).or_insert_with(|| who.clone());
            }
        }
    }
    out
}

fn person(name: &str, email: &str) -> Value {
    json!({"name": name, "email": email})
}

/// One commit's record (the `commits[]` item of docs/report.schema.json).
fn record(
    f: &CommitFacts,
    signatures: &HashMap<String, (String, String)>,
    merged_by: &HashMap<String, Value>,
) -> Value {
    let c = &f.commit;
    let note = f.note.as_ref();
    let prompts: Vec<String> = match note {
        Some(n) if !n.prompts.is_empty() => n
            .prompts
            .iter()
            .map(|p| format!("sha256:{}", p.sha256))
            .collect(),
        _ => f
            .trailers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("AI-Prompt"))
            .map(|(_, v)| v.trim().to_string())
            .collect(),
    };
    let lines = f.recorded_lines().map(|l| {
        json!({"ai": l.ai, "edited": l.edited, "human": l.human,
               "modification_ratio": (l.ai + l.edited > 0)
                   .then(|| l.edited as f64 / (l.ai + l.edited) as f64)})
    });
    let files: Vec<Value> = note
        .map(|n| {
            n.files
                .iter()
                .map(|fr| json!({"path": fr.path, "ranges": fr.ranges}))
                .collect()
        })
        .unwrap_or_default();
    let contributors: Vec<Value> = note
        .map(|n| {
            n.contributors
                .iter()
                .map(|c| json!({"agent": c.agent, "model": c.model, "ai": c.lines.ai, "edited": c.lines.edited}))
                .collect()
        })
        .unwrap_or_default();
    let approvals: Vec<Value> = f
        .trailers
        .iter()
        .filter(|(k, _)| APPROVAL_KEYS.contains(&k.trim().to_ascii_lowercase().as_str()))
        .map(|(k, v)| json!({"kind": k.trim(), "by": v.trim()}))
        .collect();
    let signature = match signatures.get(&c.id) {
        Some((status, key)) => json!({
            "status": signature_status(status),
            "key": (!key.is_empty()).then_some(key),
        }),
        None => json!({"status": "unknown", "key": null}),
    };
    let gates: Vec<Value> = note
        .map(|n| {
            n.gates
                .iter()
                .map(|g| {
                    json!({
                        "gate": g.gate,
                        "result": g.result,
                        "findings": g.findings.len(),
                        "tool": g.tool,
                        "tool_version": g.tool_version,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let skipped: Vec<String> = note
        .map(|n| {
            n.gates
                .iter()
                .filter(|g| g.result == "skipped")
                .map(|g| g.gate.clone())
                .collect()
        })
        .unwrap_or_default();
    let ai = f.ai();
    json!({
        "id": c.id,
        "subject": c.message.lines().next().unwrap_or(""),
        "author": person(&c.author.name, &c.author.email),
        "date": crate::log::format_date(c.author.time, c.author.offset),
        "committer": person(&c.committer.name, &c.committer.email),
        "ai_assisted": ai,
        "agent": f.agent(),
        "model": f.model(),
        "session": note.and_then(|n| n.session.clone()).or_else(|| f.detected.as_ref().and_then(|d| d.session.clone())),
        "prompts": prompts,
        "lines": lines,
        "files": files,
        "contributors": contributors,
        "approvals": approvals,
        "signature": signature,
        "merged_by": merged_by.get(&c.id).cloned(),
        "gates": gates,
        "gates_recorded": !gates.is_empty(),
        "skipped_gates": skipped,
        "findings": recorded_findings(f),
    })
}

fn signature_status(s: &str) -> &'static str {
    match s {
        "G" => "good",
        "U" => "good-untrusted",
        "X" | "Y" => "expired",
        "R" => "revoked",
        "B" => "bad",
        "E" => "unverifiable",
        "N" => "none",
        _ => "unknown",
    }
}

fn summary(records: &[Value]) -> Value {
    let count = |p: &dyn Fn(&Value) -> bool| records.iter().filter(|r| p(r)).count();
    let sum = |k: &str| {
        records
            .iter()
            .filter_map(|r| r["lines"][k].as_u64())
            .sum::<u64>()
    };
    json!({
        "commits": records.len(),
        "ai_assisted": count(&|r| r["ai_assisted"] == true),
        "ai_unreviewed": count(&|r| r["ai_assisted"] == true && r["approvals"].as_array().is_some_and(Vec::is_empty)),
        "ai_without_gate_records": count(&|r| r["ai_assisted"] == true && r["gates_recorded"] == false),
        "lines": {"ai": sum("ai"), "edited": sum("edited"), "human": sum("human")},
    })
}

fn csv(records: &[Value]) -> String {
    let mut out = String::from(
        "commit,date,author,subject,ai_assisted,agent,model,prompts,ai_lines,edited_lines,human_lines,approvals,signature,merged_by,gates,skipped_gates\n",
    );
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let n = |v: &Value| v.as_u64().map(|x| x.to_string()).unwrap_or_default();
    for r in records {
        let joined = |k: &str, f: &dyn Fn(&Value) -> String| {
            r[k].as_array()
                .map(|a| a.iter().map(f).collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let row = [
            s(&r["id"]),
            s(&r["date"]),
            format!("{} <{}>", s(&r["author"]["name"]), s(&r["author"]["email"])),
            s(&r["subject"]),
            r["ai_assisted"].to_string(),
            s(&r["agent"]),
            s(&r["model"]),
            joined("prompts", &|v| s(v)),
            n(&r["lines"]["ai"]),
            n(&r["lines"]["edited"]),
            n(&r["lines"]["human"]),
            joined("approvals", &|v| {
                format!("{}: {}", s(&v["kind"]), s(&v["by"]))
            }),
            s(&r["signature"]["status"]),
            s(&r["merged_by"]["name"]),
            joined("gates", &|v| {
                format!("{}={}", s(&v["gate"]), s(&v["result"]))
            }),
            joined("skipped_gates", &|v| s(v)),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The gate findings a commit's note recorded, each naming the commit.
fn recorded_findings(f: &CommitFacts) -> Vec<provenance_findings::Finding> {
    let Some(note) = &f.note else {
        return Vec::new();
    };
    note.gates
        .iter()
        .flat_map(|g| g.findings.iter())
        .map(|x| {
            let mut x = x.clone();
            x.commit.get_or_insert_with(|| f.commit.id.clone());
            x
        })
        .collect()
}

fn sarif(facts: &[CommitFacts]) -> Value {
    let findings: Vec<provenance_findings::Finding> =
        facts.iter().flat_map(recorded_findings).collect();
    crate::render::sarif_of(findings.iter())
}

/// One Agent Trace record per AI-assisted commit with a note, as a JSON array.
fn agent_trace(facts: &[CommitFacts]) -> Result<String, Error> {
    let out = facts
        .iter()
        .filter_map(|f| {
            let note = f.note.as_ref()?;
            let when = provenance_attribution::chrono::DateTime::from_timestamp(
                f.commit.committer.time,
                0,
            )
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
            Some(provenance_attribution::trace::agent_trace(
                note,
                &f.commit.id,
                &when,
            ))
        })
        .collect();
    pretty(&Value::Array(out))
}
