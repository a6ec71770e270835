//! `provenance verify`: the backstop for commits that skipped the hooks. In CI
//! (`--range A..B`) or as a server's pre-receive hook (`--pre-receive`) it runs every gate
//! and policy pre-push runs, and checks that each commit's trailers and note agree.

use crate::args::{FindingsFormat, VerifyArgs};
use crate::gates::{check_landings, push_range, Known, Landing};
use crate::{render, Error, Globals, Io};
use provenance_checks::{decide, Config, ExitCode, GateOutcome, Verdict};
use provenance_findings::{Finding, Severity};
use provenance_git::Repo;
use std::io::Read;

/// The gate that reports trailers and notes that disagree.
const GATE: &str = "attribution";

pub(crate) fn run(
    globals: &Globals,
    args: &VerifyArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let config = Config::load(repo.workdir().as_deref(), globals.config.as_deref())?;
    let mut landings = Vec::new();
    let mut problems = Vec::new();
    if args.pre_receive {
        let mut input = String::new();
        io.stdin
            .read_to_string(&mut input)
            .map_err(|e| Error::internal(format!("pre-receive: cannot read stdin: {e}")))?;
        for line in input.lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [old, new, target] = parts[..] else {
                problems.push(format!("cannot parse the pre-receive line `{line}`"));
                continue;
            };
            let zero = |sha: &str| sha.bytes().all(|b| b == b'0');
            if zero(new) {
                continue; // a deletion brings no content
            }
            let old = (!zero(old)).then_some(old);
            match push_range(&repo, target, new, old, Known::AllRefs) {
                Ok(range) => landings.push(Landing {
                    target_ref: target.to_string(),
                    range,
                }),
                Err(e) => problems.push(format!("cannot check {target}: {e}")),
            }
        }
    } else if let Some(range) = &args.range {
        let (tips, hidden) = repo.resolve_range(range)?;
        let target = args
            .branch
            .as_deref()
            .map(|b| {
                if b.starts_with("refs/") {
                    b.to_string()
                } else {
                    format!("refs/heads/{b}")
                }
            })
            .unwrap_or_default();
        for tip in tips {
            landings.push(Landing {
                target_ref: target.clone(),
                range: crate::gates::Pushed {
                    tip,
                    hidden: hidden.clone(),
                },
            });
        }
    }
    let started = std::time::Instant::now();
    let verdict = check_landings(&repo, &config, &landings, problems, io)?;
    let mut outcomes: Vec<GateOutcome> = verdict.map(outcomes_of).unwrap_or_default();
    outcomes.push(consistency(&repo, &landings)?);
    let verdict = decide(&config, outcomes);
    if args.format == FindingsFormat::Text {
        render::summary(&verdict, started.elapsed(), io)?;
    }
    render::findings(&verdict, args.format, io)?;
    if args.format == FindingsFormat::Text {
        render::degraded_hint(&verdict, "push", io)?;
        if verdict.findings().next().is_none() && verdict.degraded.is_empty() {
            io.note(format!(
                "provenance: verify: {} range(s) checked, nothing blocks",
                landings.len()
            ));
        }
    }
    Ok(verdict.exit_code())
}

/// A verdict's gates back as outcomes, to add one and decide again.
fn outcomes_of(verdict: Verdict) -> Vec<GateOutcome> {
    let degraded: std::collections::HashMap<String, String> = verdict
        .degraded
        .iter()
        .filter_map(|d| d.split_once(": "))
        .map(|(g, why)| (g.to_string(), why.to_string()))
        .collect();
    verdict
        .gates
        .into_iter()
        .map(|(gate, status, findings)| GateOutcome {
            degraded: degraded.get(&gate).cloned(),
            skipped: status == provenance_checks::GateStatus::Skipped,
            gate,
            findings,
        })
        .collect()
}

/// Trailers against notes, per commit of the ranges: a note with no AI trailer (trailers
/// removed, or a note attached to the wrong commit), a note and a trailer naming different
/// agents (a forged `Assisted-by`), and — when the repository has notes at all — a
/// provenance session trailer with no note behind it.
fn consistency(repo: &Repo, landings: &[Landing]) -> Result<GateOutcome, Error> {
    use provenance_attribution::{detect_message, detected_from_message};
    let tconfig = crate::trailers_cmd::commit_trailer_config(repo);
    let has_notes = repo.resolve(provenance_git::NOTES_REF).is_ok();
    let mut findings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for landing in landings {
        repo.walk(
            std::slice::from_ref(&landing.range.tip),
            &landing.range.hidden,
            |c| {
                if !seen.insert(c.id.clone()) {
                    return Ok(true);
                }
                let trailers: Vec<(String, String)> =
                    provenance_trailers::parse(&c.message, &tconfig)
                        .into_iter()
                        .map(|t| (t.key, t.value))
                        .collect();
                let detected = detected_from_message(&detect_message(&trailers, &c.message));
                let ours = trailers.iter().any(|(k, _)| {
                    k.eq_ignore_ascii_case("AI-Session") || k.eq_ignore_ascii_case("AI-Prompt")
                });
                let note = repo.note(&c.id)?;
                let note_agent = note
                    .as_deref()
                    .and_then(|n| serde_json::from_str::<serde_json::Value>(n).ok())
                    .and_then(|v| v.get("agent").and_then(|a| a.as_str()).map(str::to_string));
                let short = &c.id[..c.id.len().min(10)];
                let finding = |rule: &str, severity: Severity, message: String| {
                    Finding::new(GATE, rule, severity, "", 0)
                        .with_commit(c.id.clone())
                        .with_message(message)
                        .with_fingerprint(provenance_findings::fingerprint(rule, "", &c.id))
                };
                match (&detected, &note_agent) {
                    (None, Some(agent)) => findings.push(finding(
                        "note-without-trailer",
                        Severity::High,
                        format!(
                            "commit {short} has a provenance note ({agent}) but its message \
                             names no AI involvement: the trailers were removed, or the note \
                             belongs to another commit"
                        ),
                    )),
                    (Some(d), Some(agent)) if !agent.is_empty() && d.agent != *agent => findings
                        .push(finding(
                            "trailer-note-mismatch",
                            Severity::High,
                            format!(
                                "commit {short}: its trailers name {} but its note records {agent}",
                                d.agent
                            ),
                        )),
                    (Some(_), None) if ours && has_notes => findings.push(finding(
                        "trailer-without-note",
                        Severity::Medium,
                        format!(
                            "commit {short} carries AI-Session/AI-Prompt trailers but no \
                             provenance note (fetch refs/notes/provenance, or the trailers \
                             were written by hand)"
                        ),
                    )),
                    _ => {}
                }
                Ok(true)
            },
        )?;
    }
    Ok(GateOutcome {
        gate: GATE.to_string(),
        findings,
        degraded: None,
        skipped: false,
    })
}
