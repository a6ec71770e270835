//! `provenance blame FILE [REV] [-L a,b] [--format table|json|porcelain] [--prompt]`.
//!
//! `git blame` says which commit introduced each line and where the line was in that
//! commit's version of the file; that commit's note says what origin the line had there.
//! So a line keeps the origin it was committed with however later commits moved it, and
//! the answer agrees with `git blame` line for line.

use crate::args::{BlameArgs, BlameFormat};
use crate::{Error, Globals, Io};
use provenance_attribution::{detect_message, detected_from_message, identity_agent, Note, Origin};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use serde::Serialize;
use std::collections::HashMap;

/// One blamed line.
#[derive(Debug, Clone, Serialize)]
struct Line {
    line: u32,
    /// `ai`, `edited`, `human` or `unknown`.
    origin: &'static str,
    agent: Option<String>,
    model: Option<String>,
    commit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompts: Option<Vec<String>>,
    text: String,
}

/// What a commit says about its lines.
struct CommitFacts {
    note: Option<Note>,
    /// The agent of an AI-assisted commit with no usable note.
    agent: Option<(String, Option<String>)>,
}

pub(crate) fn run(globals: &Globals, args: &BlameArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let rev = args.rev.as_deref().unwrap_or("HEAD");
    let tip = repo.resolve(rev)?;
    let Some(workdir) = repo.workdir() else {
        return Err(Error::usage("blame needs a worktree to resolve FILE"));
    };
    let path = crate::checkpoint::repo_path(&workdir, &globals.dir, &args.file.to_string_lossy())
        .ok_or_else(|| {
        Error::usage(format!(
            "{}: not inside the repository at {}",
            args.file.display(),
            workdir.display()
        ))
    })?;
    let Some(content) = repo.file_at(&tip, &path)? else {
        return Err(Error::usage(format!("{path}: no such file in {rev}")));
    };
    let text = String::from_utf8_lossy(&content);
    let texts: Vec<&str> = text.lines().collect();
    let blamed = repo.blame_lines(&tip, &path, &args.lines)?;
    let tconfig = crate::tag::trailer_settings(&repo, None)?;
    let mut facts: HashMap<String, CommitFacts> = HashMap::new();
    let mut out: Vec<Line> = Vec::with_capacity(blamed.len());
    for b in &blamed {
        let Some(commit) = b.commit.clone() else {
            continue;
        };
        if !facts.contains_key(&commit) {
            let f = commit_facts(&repo, &commit, &tconfig)?;
            facts.insert(commit.clone(), f);
        }
        let f = &facts[&commit];
        let original_path = if b.original_path.is_empty() {
            path.as_str()
        } else {
            b.original_path.as_str()
        };
        let (origin, agent, model) = line_origin(f, original_path, b.original_line);
        out.push(Line {
            line: b.line,
            origin,
            agent,
            model,
            prompts: args.prompt.then(|| {
                f.note
                    .as_ref()
                    .map(|n| {
                        n.prompts
                            .iter()
                            .map(|p| format!("sha256:{}", p.sha256))
                            .collect()
                    })
                    .unwrap_or_default()
            }),
            commit,
            text: texts
                .get(b.line as usize - 1)
                .map(|s| s.to_string())
                .unwrap_or_default(),
        });
    }
    match args.format {
        BlameFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                file: &'a str,
                rev: &'a str,
                lines: &'a [Line],
            }
            let doc = Doc {
                file: &path,
                rev: &tip,
                lines: &out,
            };
            let json =
                serde_json::to_string_pretty(&doc).map_err(|e| Error::internal(e.to_string()))?;
            writeln!(io.out, "{json}")?;
        }
        BlameFormat::Porcelain => {
            for l in &out {
                writeln!(
                    io.out,
                    "{}\t{}\t{}\t{}\t{}{}",
                    l.line,
                    l.origin,
                    l.agent.as_deref().unwrap_or("-"),
                    l.model.as_deref().unwrap_or("-"),
                    l.commit,
                    l.prompts
                        .as_ref()
                        .map(|p| format!(
                            "\t{}",
                            if p.is_empty() {
                                "-".to_string()
                            } else {
                                p.join(",")
                            }
                        ))
                        .unwrap_or_default()
                )?;
            }
        }
        BlameFormat::Table => {
            let width = out.last().map_or(1, |l| l.line.to_string().len());
            let who_width = out.iter().map(|l| who(l).len()).max().unwrap_or(0).min(40);
            for l in &out {
                let prompt = l
                    .prompts
                    .as_ref()
                    .map(|p| {
                        format!(
                            " {:<19}",
                            p.first().map(|s| &s[..s.len().min(19)]).unwrap_or("-")
                        )
                    })
                    .unwrap_or_default();
                writeln!(
                    io.out,
                    "{} {:<7} {:<who_width$}{prompt} {:>width$}) {}",
                    &l.commit[..10.min(l.commit.len())],
                    l.origin,
                    who(l),
                    l.line,
                    l.text,
                )?;
            }
        }
    }
    Ok(ExitCode::Ok)
}

fn who(l: &Line) -> String {
    match &l.agent {
        Some(a) => provenance_attribution::agent_label(a, l.model.as_deref()),
        None => "-".to_string(),
    }
}

fn commit_facts(
    repo: &Repo,
    commit: &str,
    tconfig: &provenance_trailers::Config,
) -> Result<CommitFacts, Error> {
    let note = repo
        .note(commit)?
        .and_then(|t| crate::notes::parse_notes(&t).into_iter().next());
    if note.is_some() {
        return Ok(CommitFacts { note, agent: None });
    }
    let info = repo.commit(commit)?;
    let pairs: Vec<(String, String)> = provenance_trailers::parse(&info.message, tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let markers = detect_message(&pairs, &info.message);
    let agent = detected_from_message(&markers)
        .map(|d| (d.agent, d.model))
        .or_else(|| {
            identity_agent(&info.author.name, &info.author.email)
                .or_else(|| identity_agent(&info.committer.name, &info.committer.email))
                .map(|a| (a.id.to_string(), None))
        });
    Ok(CommitFacts { note: None, agent })
}

/// The origin, agent and model of line `n` of `path` as `f`'s commit recorded it.
fn line_origin(
    f: &CommitFacts,
    path: &str,
    n: u32,
) -> (&'static str, Option<String>, Option<String>) {
    let Some(note) = &f.note else {
        return match &f.agent {
            Some((a, m)) => ("unknown", Some(a.clone()), m.clone()),
            None => ("human", None, None),
        };
    };
    if note.files.is_empty() {
        // An AI-assisted commit whose lines were never attributed.
        return ("unknown", Some(note.agent.clone()), note.model.clone());
    }
    let origin = note
        .files
        .iter()
        .filter(|fr| fr.path == path)
        .flat_map(|fr| fr.ranges.iter())
        .find(|&&(s, e, _)| s <= n && n <= e)
        .map(|r| r.2);
    match origin {
        Some(Origin::Human) | None => ("human", None, None),
        Some(o) => {
            let (agent, model) = match note.contributor_at(path, n) {
                Some(c) => (c.agent.clone(), c.model.clone()),
                None => (note.agent.clone(), note.model.clone()),
            };
            (
                if o == Origin::Ai { "ai" } else { "edited" },
                Some(agent),
                model,
            )
        }
    }
}
