//! `provenance session start|prompt|status|end`.

use crate::args::{SessionCommand, SessionFormat, SessionPromptArgs, SessionStartArgs};
use crate::{Error, Globals, Io};
use provenance_attribution::{chrono::Utc, Session, SessionStore};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use std::io::Read;
use std::path::Path;

/// The session store of this worktree: `<git-dir>/provenance`, so each worktree has its
/// own. Prompt texts are stored redacted (their digests are of the text as given).
pub(crate) fn store_for(repo: &Repo) -> SessionStore {
    SessionStore::new(repo.git_dir().join("provenance")).with_redactor(redact_prompt)
}

/// The store of `session start --all-worktrees` sessions, in the common git dir that every
/// worktree shares. A directory of its own: for the main worktree the git dir is the
/// common dir.
pub(crate) fn shared_store(repo: &Repo) -> SessionStore {
    SessionStore::new(repo.common_dir().join("provenance").join("all-worktrees"))
        .with_redactor(redact_prompt)
}

/// Every store whose sessions may tag a commit in this worktree: its own, then the shared
/// one when some session ever used it (so a commit never creates that directory).
pub(crate) fn stores_for(repo: &Repo) -> Vec<SessionStore> {
    let shared = shared_store(repo);
    let mut stores = vec![store_for(repo)];
    if shared.dir().is_dir() {
        stores.push(shared);
    }
    stores
}

/// Sessions a new commit is made with, across [`stores_for`], ordered by start time.
pub(crate) fn sessions_for_commit(
    repo: &Repo,
    amending: Option<&str>,
) -> Result<Vec<Session>, Error> {
    let mut all = Vec::new();
    for store in stores_for(repo) {
        all.extend(store.sessions_for_commit(amending)?);
    }
    all.sort_by(|a, b| (&a.started_at, &a.id).cmp(&(&b.started_at, &b.id)));
    Ok(all)
}

fn redact_prompt(text: &str) -> String {
    provenance_secrets::redact_text(text)
}

/// The active session and the store holding it: this worktree's first.
fn active(repo: &Repo) -> Result<Option<(SessionStore, Session)>, Error> {
    for store in stores_for(repo) {
        if let Some(s) = store.current()? {
            return Ok(Some((store, s)));
        }
    }
    Ok(None)
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
        SessionCommand::Status(args) => {
            status(&repo, args.json || args.format == SessionFormat::Json, io)
        }
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
    let store = if args.all_worktrees {
        shared_store(repo)
    } else {
        store_for(repo)
    }
    .allow_unknown_agents(args.allow_unknown_agent);
    let now = Utc::now();
    // One active session per worktree, wherever it is kept: a second one would silently
    // take over the tagging.
    if let Some((other, s)) = active(repo)? {
        if !args.replace {
            return Err(Error::usage(format!(
                "session {} ({}{}) is active since {}: end it with `provenance session end`, \
                 or pass --replace to end it and start this one",
                s.id,
                s.agent,
                s.model
                    .as_deref()
                    .map(|m| format!(":{m}"))
                    .unwrap_or_default(),
                s.started_at
            )));
        }
        if other.dir() != store.dir() {
            other.end(now)?;
        }
    }
    let session = store.start(&args.agent, args.model.as_deref(), prompt.as_deref(), now)?;
    io.note(format!(
        "provenance: session {} started for {}{}{}; commits are tagged until `provenance session end`",
        session.id,
        session.agent,
        session
            .model
            .as_deref()
            .map(|m| format!(":{m}"))
            .unwrap_or_default(),
        if args.all_worktrees {
            " in every worktree"
        } else {
            " in this worktree"
        }
    ));
    Ok(ExitCode::Ok)
}

fn prompt(repo: &Repo, args: &SessionPromptArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let text = match (&args.text, &args.prompt_file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => read_prompt(f, io)?,
        (None, None) => return Err(Error::usage("give the prompt text or --prompt-file")),
    };
    let store = match active(repo)? {
        Some((store, _)) => store,
        None => store_for(repo),
    };
    let session = store.add_prompt(&text, Utc::now())?;
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
    let current = active(repo)?.map(|(_, s)| s);
    let pending = sessions_for_commit(repo, None)?;
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
    let mut ended = false;
    for store in stores_for(repo) {
        if let Some(s) = store.end(Utc::now())? {
            io.note(format!(
                "provenance: session {} ended; its prompt texts were deleted (commits that used them keep them in their notes)",
                s.id
            ));
            ended = true;
        }
    }
    if !ended {
        io.note("provenance: no active session");
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
