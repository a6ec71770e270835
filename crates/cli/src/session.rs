//! `provenance session start|prompt|status|end`.

use crate::args::{SessionCommand, SessionPromptArgs, SessionStartArgs};
use crate::{Error, Globals, Io};
use provenance_attribution::{chrono::Utc, Session, SessionStore};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use std::io::Read;
use std::path::Path;

/// The session store of the repository at `dir`: `<git-dir>/provenance`, so each worktree
/// has its own.
pub(crate) fn store_for(repo: &Repo) -> SessionStore {
    SessionStore::new(repo.git_dir().join("provenance"))
}

pub(crate) fn run(
    globals: &Globals,
    command: SessionCommand,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    match command {
        SessionCommand::Start(args) => start(&repo, &args, io),
        SessionCommand::Prompt(args) => prompt(&repo, &args, io),
        SessionCommand::Status(args) => status(&repo, args.json, io),
        SessionCommand::End => end(&repo, io),
    }
}

fn read_prompt(path: &Path, io: &mut Io<'_>) -> Result<String, Error> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        io.stdin
            .read_to_end(&mut buf)
            .map_err(|e| Error::internal(format!("cannot read stdin: {e}")))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| {
            Error::usage(format!("{}: cannot read prompt file: {e}", path.display()))
        })?
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("{}: the prompt is not valid UTF-8", path.display())))
}

fn start(repo: &Repo, args: &SessionStartArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let prompt = match (&args.prompt, &args.prompt_file) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(f)) => Some(read_prompt(f, io)?),
        (None, None) => None,
    };
    let store = store_for(repo).allow_unknown_agents(args.allow_unknown_agent);
    let session = store.start(
        &args.agent,
        args.model.as_deref(),
        prompt.as_deref(),
        Utc::now(),
    )?;
    io.note(format!(
        "provenance: session {} started for {}{}; commits are tagged until `provenance session end`",
        session.id,
        session.agent,
        session
            .model
            .as_deref()
            .map(|m| format!(":{m}"))
            .unwrap_or_default()
    ));
    Ok(ExitCode::Ok)
}

fn prompt(repo: &Repo, args: &SessionPromptArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let text = match (&args.text, &args.prompt_file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => read_prompt(f, io)?,
        (None, None) => return Err(Error::usage("give the prompt text or --prompt-file")),
    };
    let session = store_for(repo).add_prompt(&text, Utc::now())?;
    io.note(format!(
        "provenance: prompt {} recorded in session {} ({} prompts)",
        short(
            &session
                .prompts
                .last()
                .map(|p| p.sha256.clone())
                .unwrap_or_default()
        ),
        session.id,
        session.prompts.len()
    ));
    Ok(ExitCode::Ok)
}

fn status(repo: &Repo, json: bool, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let store = store_for(repo);
    let current = store.current()?;
    let pending = store.sessions_for_commit(None)?;
    if json {
        let redact = |s: &Session| {
            let mut s = s.clone();
            for p in &mut s.prompts {
                p.text = provenance_secrets::redact_text(&p.text);
            }
            s
        };
        let doc = serde_json::json!({
            "version": 1,
            "active": current.as_ref().map(redact),
            "next_commit": pending.iter().map(redact).collect::<Vec<_>>(),
        });
        writeln!(io.out, "{doc}").map_err(write_err)?;
        return Ok(ExitCode::Ok);
    }
    match &current {
        Some(s) => {
            writeln!(
                io.out,
                "active session {} — {}{} since {}",
                s.id,
                s.agent,
                s.model
                    .as_deref()
                    .map(|m| format!(":{m}"))
                    .unwrap_or_default(),
                s.started_at
            )
            .map_err(write_err)?;
        }
        None => writeln!(io.out, "no active session").map_err(write_err)?,
    }
    let prompts: Vec<_> = pending.iter().flat_map(|s| s.prompts.iter()).collect();
    if prompts.is_empty() {
        writeln!(io.out, "the next commit carries no new prompts").map_err(write_err)?;
    } else {
        writeln!(
            io.out,
            "the next commit carries {} prompt(s):",
            prompts.len()
        )
        .map_err(write_err)?;
        for p in prompts {
            let text = provenance_secrets::redact_text(&p.text);
            let first = text.lines().next().unwrap_or("");
            writeln!(io.out, "  sha256:{}  {}", short(&p.sha256), first).map_err(write_err)?;
        }
    }
    Ok(ExitCode::Ok)
}

fn end(repo: &Repo, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    match store_for(repo).end(Utc::now())? {
        Some(s) => io.note(format!("provenance: session {} ended", s.id)),
        None => io.note("provenance: no active session"),
    }
    Ok(ExitCode::Ok)
}

fn short(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

pub(crate) fn write_err(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // `provenance log | head`: the reader is gone; stop quietly, as git does.
        return Error::ClosedPipe;
    }
    Error::internal(format!("cannot write output: {e}"))
}
