//! `provenance checkpoint`: the generic protocol any tool calls around its edits, and the
//! checkpoint store the commit hooks read (`<git-dir>/provenance/checkpoints`, one per
//! worktree).
//!
//! `provenance checkpoint --agent A --model M [--kind human|ai] [PATHS]` records what
//! is in PATHS now (every file that differs from the index when none are given); with
//! `--stdin`, a JSON payload says the same: `{"agent", "model", "session", "kind",
//! "files": [{"path", "content"?}], "prompt"?}`.
//!
//! Checkpoint text is redacted like prompts (a secret in a file is not copied into the
//! store); both sides of every comparison are redacted the same way, so attribution is
//! unchanged.

use crate::args::{CheckpointArgs, CheckpointKind};
use crate::{session, Error, Globals, Io};
use provenance_attribution::chrono::{Duration, Utc};
use provenance_attribution::{normalize_model_opt, CheckpointStore, Origin, TrackedFile};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use serde::Deserialize;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Files larger than this are not tracked (a generated bundle, a data dump): their lines
/// count as the commit's diff says, never as the AI's.
pub(crate) const MAX_TRACKED_BYTES: usize = 4 << 20;

/// Checkpoints older than this are dropped at the next commit.
const MAX_AGE_DAYS: i64 = 14;

/// The checkpoint store of this worktree.
pub(crate) fn store_for(repo: &Repo) -> CheckpointStore {
    CheckpointStore::new(repo.git_dir().join("provenance"))
}

/// One checkpoint request, from flags or a JSON payload.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Request {
    pub agent: String,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub files: Vec<RequestFile>,
    #[serde(default)]
    pub prompt: Option<String>,
}

/// A file of a [`Request`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestFile {
    pub path: String,
    #[serde(default)]
    pub content: Option<String>,
}

/// What [`record`] did.
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    pub files: usize,
    pub skipped: Vec<String>,
}

pub(crate) fn run(
    globals: &Globals,
    args: &CheckpointArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let request = if args.stdin {
        let mut text = String::new();
        io.stdin
            .read_to_string(&mut text)
            .map_err(|e| Error::usage(format!("stdin: cannot read the checkpoint payload: {e}")))?;
        parse_request(&text)?
    } else {
        let Some(agent) = args.agent.clone() else {
            return Err(Error::usage(
                "give --agent (and --model), or --stdin with a JSON payload",
            ));
        };
        Request {
            agent,
            model: args.model.clone(),
            session: args.session.clone(),
            kind: Some(
                match args.kind {
                    CheckpointKind::Ai => "ai",
                    CheckpointKind::Human => "human",
                }
                .to_string(),
            ),
            files: args
                .paths
                .iter()
                .map(|p| RequestFile {
                    path: p.to_string_lossy().into_owned(),
                    content: None,
                })
                .collect(),
            prompt: args.prompt.clone(),
        }
    };
    let done = record(&repo, &globals.dir, &request)?;
    for s in &done.skipped {
        io.note(format!("provenance: checkpoint: {s}"));
    }
    io.note(format!(
        "provenance: checkpoint: {} file(s) recorded as {}",
        done.files,
        request.kind.as_deref().unwrap_or("ai")
    ));
    Ok(ExitCode::Ok)
}

/// Parse a JSON checkpoint payload; errors name line and column.
pub(crate) fn parse_request(text: &str) -> Result<Request, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::usage(format!(
            "stdin:{}:{}: checkpoint payload: {e}; expected {{\"agent\", \"model\", \"session\", \
             \"kind\": \"ai\"|\"human\", \"files\": [{{\"path\", \"content\"}}], \"prompt\"}}",
            e.line(),
            e.column()
        ))
    })
}

/// The `agent:model` label a checkpoint credits (the `Assisted-by` value).
pub(crate) fn label(agent: &str, model: Option<&str>) -> String {
    provenance_attribution::agent_label(agent, model.and_then(normalize_model_opt).as_deref())
}

/// Record `request` relative to `cwd` (paths may be absolute or relative to it).
pub(crate) fn record(repo: &Repo, cwd: &Path, request: &Request) -> Result<Recorded, Error> {
    let agent = provenance_attribution::resolve_agent(&request.agent, true)
        .map_err(|e| Error::usage(format!("checkpoint: {e}")))?;
    let author = match request.kind.as_deref().unwrap_or("ai") {
        "ai" => Origin::Ai,
        "human" => Origin::Human,
        other => {
            return Err(Error::usage(format!(
                "checkpoint: kind {other:?}: expected \"ai\" or \"human\""
            )))
        }
    };
    let Some(workdir) = repo.workdir() else {
        return Err(Error::usage(
            "checkpoint: a bare repository has no files to track",
        ));
    };
    let store = store_for(repo);
    let now = Utc::now();
    let by = label(&agent, request.model.as_deref());
    let mut done = Recorded::default();
    let files: Vec<RequestFile> = if request.files.is_empty() {
        changed_files(repo)?
            .into_iter()
            .map(|path| RequestFile {
                path,
                content: None,
            })
            .collect()
    } else {
        request.files.clone()
    };
    let head = repo.head_id()?;
    for f in &files {
        let Some(path) = repo_path(&workdir, cwd, &f.path) else {
            done.skipped
                .push(format!("{}: outside the repository, skipped", f.path));
            continue;
        };
        let bytes = match &f.content {
            Some(c) => c.clone().into_bytes(),
            None => match std::fs::read(workdir.join(&path)) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // Deleted: nothing of it can be committed as the AI's.
                    store.remove(&path)?;
                    continue;
                }
                Err(e) => return Err(Error::io(workdir.join(&path), e)),
            },
        };
        if let Some(why) = untrackable(&bytes) {
            done.skipped.push(format!("{path}: {why}, not tracked"));
            continue;
        }
        let content = redact(&String::from_utf8_lossy(&bytes));
        let base = match store.get(&path)? {
            Some(_) => None,
            None => base_content(repo, head.as_deref(), &path)?,
        };
        store.record_in_session(
            &path,
            &content,
            author,
            Some(&by),
            request.session.as_deref(),
            base.as_deref(),
            now,
        )?;
        done.files += 1;
    }
    if let Some(prompt) = request.prompt.as_deref().filter(|p| !p.trim().is_empty()) {
        let id = request
            .session
            .clone()
            .unwrap_or_else(|| format!("{agent}-checkpoint"));
        session::store_for(repo)
            .allow_unknown_agents(true)
            .record_agent_prompt(&agent, &id, request.model.as_deref(), prompt, now)?;
    }
    Ok(done)
}

/// Why a file is not tracked, if it is not.
pub(crate) fn untrackable(bytes: &[u8]) -> Option<String> {
    if bytes.len() > MAX_TRACKED_BYTES {
        return Some(format!(
            "{} MiB is over the {} MiB tracking limit",
            bytes.len() >> 20,
            MAX_TRACKED_BYTES >> 20
        ));
    }
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Some("binary".to_string());
    }
    None
}

/// The redacted form of a file's text, with exactly as many lines.
pub(crate) fn redact(text: &str) -> String {
    let redacted = provenance_secrets::redact_text(text);
    if redacted.lines().count() == text.lines().count() {
        return redacted;
    }
    // A redaction spanning lines (a key block): redact line by line instead.
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&provenance_secrets::redact_text(line).replace('\n', " "));
        out.push('\n');
    }
    out
}

/// What a first checkpoint starts from: the staged content, else HEAD's, redacted.
fn base_content(repo: &Repo, head: Option<&str>, path: &str) -> Result<Option<String>, Error> {
    let bytes = match repo.index_file(path)? {
        Some(b) => Some(b),
        None => match head {
            Some(h) => repo.file_at(h, path)?,
            None => None,
        },
    };
    Ok(bytes
        .filter(|b| untrackable(b).is_none())
        .map(|b| redact(&String::from_utf8_lossy(&b))))
}

/// Files that differ from the index or are untracked and not ignored.
fn changed_files(repo: &Repo) -> Result<Vec<String>, Error> {
    let out = provenance_git::run_git(
        repo.run_dir(),
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
        ],
        None,
    )?;
    let mut files = Vec::new();
    for rec in out.split(|b| *b == 0) {
        if rec.len() < 4 {
            continue;
        }
        let (status, path) = rec.split_at(3);
        // Worktree-side changes (second column) and untracked files.
        if status[1] != b' ' || status[0] == b'?' {
            files.push(String::from_utf8_lossy(path).into_owned());
        }
    }
    Ok(files)
}

/// `path` as a repository-relative, `/`-separated path; `None` outside the worktree.
pub(crate) fn repo_path(workdir: &Path, cwd: &Path, path: &str) -> Option<String> {
    let p = Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::fs::canonicalize(cwd)
            .unwrap_or_else(|_| cwd.to_path_buf())
            .join(p)
    };
    let root = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let abs = normalize(&abs);
    // The file may not exist (deleted); canonicalize its directory instead.
    let abs = match abs.parent().and_then(|d| std::fs::canonicalize(d).ok()) {
        Some(dir) => dir.join(abs.file_name()?),
        None => abs,
    };
    let rel = abs.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() || parts.first().is_some_and(|p| p == ".git") {
        return None;
    }
    Some(parts.join("/"))
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// After a commit: forget files whose tracked content is now committed as it is, files
/// gone from the worktree, and checkpoints older than two weeks. Best effort: the store
/// is a cache of what the AI wrote, and a failure here only keeps it longer.
pub(crate) fn collect_garbage(repo: &Repo, committed: &[(String, String)]) {
    let store = store_for(repo);
    let Ok(all) = store.all() else {
        return;
    };
    let cutoff = Utc::now() - Duration::days(MAX_AGE_DAYS);
    let workdir = repo.workdir();
    for t in all {
        let on_disk = workdir
            .as_ref()
            .and_then(|w| std::fs::read(w.join(&t.path)).ok());
        let committed_text = committed.iter().find(|(p, _)| p == &t.path).map(|(_, x)| x);
        // Everything in the file is committed: nothing of it is pending.
        let all_committed = committed_text.is_some_and(|text| {
            same_text(&t, text)
                || on_disk
                    .as_ref()
                    .is_some_and(|b| redact(&String::from_utf8_lossy(b)) == *text)
        });
        if stale(&t, cutoff) || all_committed || (workdir.is_some() && on_disk.is_none()) {
            let _ = store.remove(&t.path);
        }
    }
}

fn stale(t: &TrackedFile, cutoff: provenance_attribution::chrono::DateTime<Utc>) -> bool {
    provenance_attribution::chrono::DateTime::parse_from_rfc3339(&t.updated_at)
        .map(|d| d.with_timezone(&Utc) < cutoff)
        .unwrap_or(true)
}

fn same_text(t: &TrackedFile, redacted: &str) -> bool {
    let lines: Vec<&str> = redacted.lines().collect();
    lines.len() == t.lines.len() && lines.iter().zip(&t.lines).all(|(a, (b, _, _))| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_and_name_their_errors() {
        let r = parse_request(
            r#"{"agent":"claude-code","model":"Claude Opus 4.6","kind":"ai","files":[{"path":"a.py","content":"x = 1\n"}],"prompt":"add x"}"#,
        )
        .unwrap();
        assert_eq!(r.files[0].content.as_deref(), Some("x = 1\n"));
        assert_eq!(
            label(&r.agent, r.model.as_deref()),
            "claude-code:claude-opus-4-6"
        );
        let e = parse_request("{\n  \"agent\": 3\n}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("stdin:2:"), "{e}");
        let e = parse_request(r#"{"agent":"x","filez":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("filez"), "{e}");
    }

    #[test]
    fn redaction_keeps_the_line_count() {
        let key = format!("AKIA{}", "QWERTYUIOPASDFGH");
        let text = format!("a = 1\naws = \"{key}\"\nb = 2\n");
        let r = redact(&text);
        assert_eq!(r.lines().count(), 3);
        assert!(!r.contains(&key));
        assert!(r.starts_with("a = 1\n"));
    }

    #[test]
    fn untrackable_files() {
        assert!(untrackable(b"text\n").is_none());
        assert_eq!(untrackable(b"a\0b").as_deref(), Some("binary"));
        assert!(untrackable(&vec![b'a'; MAX_TRACKED_BYTES + 1]).is_some());
    }
}
