//! Explicit AI sessions for tools with no hook integration (`provenance session …`).
//!
//! Layout under the directory the caller gives (the CLI passes `<git-dir>/provenance/`,
//! which is per worktree, and `<common-dir>/provenance/all-worktrees/` for sessions started
//! with `--all-worktrees`):
//!
//! ```text
//! current                  id of the active session (absent when none)
//! sessions/<id>.json       one session: agent, model, prompts, the commits that used it
//! sessions/archive/<id>.json  ended sessions (agent, model, commits; no prompt text) and
//!                          agent-hook sessions whose every prompt is in an older commit
//! lock                     held while a command changes the store
//! ```
//!
//! Every write goes to a temp file in the same directory and is renamed into place, so a
//! crash never leaves a half-written file. Files are created 0600 and directories 0700:
//! prompts are the user's words. Prompt text is stored as the store's redactor leaves it
//! ([`SessionStore::with_redactor`]); the digest is always of the text as given. A file
//! that does not parse is reported as [`SessionError::Corrupt`] with its path and line,
//! never ignored.
//!
//! **Which prompts a commit claims.** A prompt belongs to the first commit that records it
//! ([`SessionStore::mark_committed`]); later commits see only newer prompts
//! ([`SessionStore::sessions_for_commit`]). Amending is idempotent: pass the commit being
//! amended and its prompts are claimable again, then re-marked with the new id. An explicit
//! session tags commits only while it is active: `session end` deletes its prompt texts and
//! archives it, so the next commit (a human's) is not tagged. Agent-hook sessions (never
//! current, never ended) tag the commits that claim their prompts.

use crate::agents::resolve_agent;
use crate::agents::AgentNameError;
use crate::atomic::{
    create_private_dir, json_message, remove_if_exists, write_private, DirLock, LockError,
};
use crate::env::{Detected, Source};
use crate::model::normalize_model_opt;
use chrono::{DateTime, SecondsFormat, Utc};
use provenance_findings::sha256_hex;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// One prompt given to the agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// sha256 (lowercase hex) of the prompt text exactly as given, as in `AI-Prompt: sha256:<hex>`.
    pub sha256: String,
    /// The prompt text as the store's redactor left it (see [`SessionStore::with_redactor`]).
    pub text: String,
    /// When it was recorded, RFC 3339 UTC (`2026-11-27T23:25:30Z`).
    pub at: String,
    /// The commit that recorded this prompt, once one has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

impl Prompt {
    /// A prompt with its digest computed from `text`.
    pub fn new(text: &str, now: DateTime<Utc>) -> Self {
        Prompt::redacted(text, now, |t| t.to_string())
    }

    /// A prompt whose digest is of `text` as given and whose stored text is `redact(text)`.
    pub fn redacted(text: &str, now: DateTime<Utc>, redact: impl Fn(&str) -> String) -> Self {
        Prompt {
            sha256: sha256_hex(text.as_bytes()),
            text: redact(text),
            at: timestamp(now),
            commit: None,
        }
    }
}

/// One explicit AI session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// `<UTC start time>-<8 hex>`, e.g. `20261127T232530Z-1a2b3c4d`.
    pub id: String,
    /// Agent id (see [`crate::resolve_agent`]).
    pub agent: String,
    /// Normalized model, when given.
    #[serde(default)]
    pub model: Option<String>,
    /// RFC 3339 UTC start time.
    pub started_at: String,
    /// RFC 3339 UTC end time, once ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Prompts in the order given. From [`SessionStore::sessions_for_commit`], only those
    /// the commit may claim.
    #[serde(default)]
    pub prompts: Vec<Prompt>,
    /// Commits that were tagged with this session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<String>,
}

impl Session {
    /// This session as a detection (source [`Source::Session`]).
    pub fn detected(&self) -> Detected {
        Detected {
            agent: self.agent.clone(),
            model: self.model.clone(),
            session: Some(self.id.clone()),
            source: Source::Session,
        }
    }
}

/// A prompt is claimable by a new commit when no commit recorded it, or when the commit
/// that did is the one being amended.
fn claimable(p: &Prompt, amending: Option<&str>) -> bool {
    match (&p.commit, amending) {
        (None, _) => true,
        (Some(c), Some(a)) => c == a,
        (Some(_), None) => false,
    }
}

/// Errors of the session store. Each names the file involved.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// A file could not be read or written.
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        /// What was attempted: `read`, `write`, `create directory`, …
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// A session file (or the `current` pointer) does not parse.
    #[error("{}:{line}: unreadable session file: {message} (fix it, or delete it to drop the session)", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The agent name was refused.
    #[error(transparent)]
    Agent(#[from] AgentNameError),
    /// `session prompt` with no active session.
    #[error("no active session (start one with `provenance session start --agent <agent>`)")]
    NoActiveSession,
    /// An empty prompt text.
    #[error("empty prompt: nothing to record")]
    EmptyPrompt,
    /// Another provenance process held the store's lock for too long.
    #[error("session store is locked by another process ({}); if none is running, delete that file", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}

/// The session files under one directory. See the module docs for layout and rules.
#[derive(Debug, Clone)]
pub struct SessionStore {
    dir: PathBuf,
    allow_unknown: bool,
    redact: fn(&str) -> String,
}

fn keep_text(text: &str) -> String {
    text.to_string()
}

impl SessionStore {
    /// A store rooted at `dir` (created on first write). Unknown agents are refused.
    pub fn new(dir: PathBuf) -> Self {
        SessionStore {
            dir,
            allow_unknown: false,
            redact: keep_text,
        }
    }

    /// Store prompt texts as `redact` returns them (the CLI passes its secret redactor, so
    /// no secret a user pasted into a prompt reaches the disk). The `sha256` of a prompt is
    /// still of the text as given, so `AI-Prompt` digests match the prompt the agent saw.
    pub fn with_redactor(mut self, redact: fn(&str) -> String) -> Self {
        self.redact = redact;
        self
    }

    fn prompt(&self, text: &str, now: DateTime<Utc>) -> Prompt {
        Prompt::redacted(text, now, self.redact)
    }

    /// Accept agent names not in the table when they have the form `[a-z0-9][a-z0-9._-]*`
    /// (the CLI's `--allow-unknown-agent`).
    pub fn allow_unknown_agents(mut self, allow: bool) -> Self {
        self.allow_unknown = allow;
        self
    }

    /// The directory this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn sessions_dir(&self) -> PathBuf {
        self.dir.join("sessions")
    }

    fn archive_dir(&self) -> PathBuf {
        self.sessions_dir().join("archive")
    }

    fn current_path(&self) -> PathBuf {
        self.dir.join("current")
    }

    fn session_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.json"))
    }

    /// Start a session and make it current, ending the active one first (as
    /// [`Self::end`] does). The CLI refuses to replace an active session unless asked.
    ///
    /// `agent` is resolved with [`crate::resolve_agent`] (aliases such as `claude` become
    /// `claude-code`); `model` is normalized; `prompt`, when given, is the first prompt.
    pub fn start(
        &self,
        agent: &str,
        model: Option<&str>,
        prompt: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Session, SessionError> {
        let agent = resolve_agent(agent, self.allow_unknown)?;
        if prompt.is_some_and(|p| p.trim().is_empty()) {
            return Err(SessionError::EmptyPrompt);
        }
        let _lock = self.lock()?;
        if let Some(previous) = self.read_current()? {
            self.retire(previous, now)?;
        }
        let session = Session {
            id: new_session_id(&agent, now),
            agent,
            model: model.and_then(normalize_model_opt),
            started_at: timestamp(now),
            ended_at: None,
            prompts: prompt.map(|p| self.prompt(p, now)).into_iter().collect(),
            commits: Vec::new(),
        };
        self.write_session(&session)?;
        write_file(&self.current_path(), format!("{}\n", session.id).as_bytes())?;
        Ok(session)
    }

    /// Record a prompt in the active session.
    pub fn add_prompt(&self, text: &str, now: DateTime<Utc>) -> Result<Session, SessionError> {
        if text.trim().is_empty() {
            return Err(SessionError::EmptyPrompt);
        }
        let _lock = self.lock()?;
        let mut session = self.read_current()?.ok_or(SessionError::NoActiveSession)?;
        session.prompts.push(self.prompt(text, now));
        self.write_session(&session)?;
        Ok(session)
    }

    /// Record a prompt an agent hook reported (Claude Code's UserPromptSubmit, Cursor's
    /// beforeSubmitPrompt, …) in the session named by the agent's own session id, creating
    /// it on first use and reviving it from the archive if needed. Hook sessions are never
    /// made current: they tag the commits that claim their prompts. A given `model`
    /// (normalized) replaces the session's model.
    pub fn record_agent_prompt(
        &self,
        agent: &str,
        agent_session: &str,
        model: Option<&str>,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Session, SessionError> {
        let agent = resolve_agent(agent, self.allow_unknown)?;
        if text.trim().is_empty() {
            return Err(SessionError::EmptyPrompt);
        }
        let id = if is_session_id(agent_session) {
            agent_session.to_string()
        } else {
            format!("h-{}", &sha256_hex(agent_session.as_bytes())[..16])
        };
        let _lock = self.lock()?;
        let archived = self.archive_dir().join(format!("{id}.json"));
        let mut session = match read_session_file(&self.session_path(&id), &id)? {
            Some(s) => s,
            None => match read_session_file(&archived, &id)? {
                Some(s) => s,
                None => Session {
                    id: id.clone(),
                    agent: agent.clone(),
                    model: None,
                    started_at: timestamp(now),
                    ended_at: None,
                    prompts: Vec::new(),
                    commits: Vec::new(),
                },
            },
        };
        if let Some(m) = model.and_then(normalize_model_opt) {
            session.model = Some(m);
        }
        session.ended_at = None;
        session.prompts.push(self.prompt(text, now));
        self.write_session(&session)?;
        remove_file_if_exists(&archived)?;
        Ok(session)
    }

    /// The active session, if any.
    pub fn current(&self) -> Result<Option<Session>, SessionError> {
        self.read_current()
    }

    /// End the active session and return it as it was (`None` when there was none). Its
    /// prompt texts are deleted from disk (commits that claimed them carry them in their
    /// notes) and it is archived, so it tags no later commit. A `current` pointer naming a
    /// missing session file is removed.
    pub fn end(&self, now: DateTime<Utc>) -> Result<Option<Session>, SessionError> {
        let _lock = self.lock()?;
        let Some(id) = self.read_current_id()? else {
            return Ok(None);
        };
        let path = self.session_path(&id);
        let ended = match read_session_file(&path, &id)? {
            Some(s) => Some(self.retire(s, now)?),
            None => {
                remove_file_if_exists(&self.current_path())?;
                None
            }
        };
        // Sessions ended by earlier versions kept their prompt texts: drop those too.
        for mut old in self.read_all()? {
            if old.ended_at.is_some() {
                old.prompts.clear();
                self.archive(&old)?;
            }
        }
        Ok(ended)
    }

    /// End `s`: archive it without its prompts and drop the `current` pointer. Returns it
    /// with its end time and prompts, as it was before the prompts were deleted.
    fn retire(&self, mut s: Session, now: DateTime<Utc>) -> Result<Session, SessionError> {
        s.ended_at = Some(timestamp(now));
        let kept = s.clone();
        s.prompts.clear();
        self.archive(&s)?;
        remove_file_if_exists(&self.current_path())?;
        Ok(kept)
    }

    /// The sessions a new commit is made with, each holding only the prompts it may claim:
    /// the active session (even with no new prompts), and agent-hook sessions (never
    /// current, never ended) with prompts no commit recorded yet. An ended session tags
    /// nothing. With `amending = Some(old)`, what `old` claimed is claimable again. Ordered
    /// by start time.
    pub fn sessions_for_commit(
        &self,
        amending: Option<&str>,
    ) -> Result<Vec<Session>, SessionError> {
        let current = self.read_current_id()?;
        let mut out = Vec::new();
        for mut s in self.read_all()? {
            let is_current = current.as_deref() == Some(s.id.as_str());
            let prompts: Vec<Prompt> = s
                .prompts
                .iter()
                .filter(|p| claimable(p, amending))
                .cloned()
                .collect();
            if is_current || (s.ended_at.is_none() && !prompts.is_empty()) {
                s.prompts = prompts;
                out.push(s);
            }
        }
        Ok(out)
    }

    /// All prompts a new commit may claim, across [`Self::sessions_for_commit`].
    pub fn prompts_since_last_commit(
        &self,
        amending: Option<&str>,
    ) -> Result<Vec<Prompt>, SessionError> {
        Ok(self
            .sessions_for_commit(amending)?
            .into_iter()
            .flat_map(|s| s.prompts)
            .collect())
    }

    /// Record that `commit` was tagged with the sessions [`Self::sessions_for_commit`]
    /// returned: their claimable prompts whose sha256 is in `prompt_sha256s` now belong to
    /// `commit`, and each such session lists `commit` (replacing `amending`, the commit it
    /// rewrote, when given). Ended sessions fully used by earlier commits are archived.
    /// Returns how many prompts were marked. Calling it twice is harmless.
    pub fn mark_committed(
        &self,
        commit: &str,
        amending: Option<&str>,
        prompt_sha256s: &[String],
    ) -> Result<usize, SessionError> {
        let _lock = self.lock()?;
        let current = self.read_current_id()?;
        let mut marked = 0;
        for mut s in self.read_all()? {
            let is_current = current.as_deref() == Some(s.id.as_str());
            let mut changed = false;
            let claimable_before = is_current || s.prompts.iter().any(|p| claimable(p, amending));
            let ids: Vec<bool> = s
                .prompts
                .iter()
                .map(|p| claimable(p, amending) && prompt_sha256s.contains(&p.sha256))
                .collect();
            for (p, hit) in s.prompts.iter_mut().zip(ids) {
                if hit && p.commit.as_deref() != Some(commit) {
                    p.commit = Some(commit.to_string());
                    marked += 1;
                    changed = true;
                }
            }
            if claimable_before {
                if let Some(a) = amending {
                    let before = s.commits.len();
                    s.commits.retain(|c| c != a || c == commit);
                    changed |= s.commits.len() != before;
                }
                if !s.commits.iter().any(|c| c == commit) {
                    s.commits.push(commit.to_string());
                    changed = true;
                }
            }
            let fully_used = !is_current
                && !s.commits.is_empty()
                && s.prompts.iter().all(|p| p.commit.is_some())
                && !s.commits.iter().any(|c| c == commit)
                && !s
                    .prompts
                    .iter()
                    .any(|p| p.commit.as_deref() == Some(commit));
            if fully_used {
                self.archive(&s)?;
            } else if changed {
                self.write_session(&s)?;
            }
        }
        Ok(marked)
    }

    /// Follow history rewrites (`post-rewrite` gives `old new` pairs): every reference to an
    /// old commit id now names the new one. Returns how many references changed.
    pub fn rewrite_commits(&self, pairs: &[(String, String)]) -> Result<usize, SessionError> {
        let _lock = self.lock()?;
        let map = |c: &mut String| -> bool {
            match pairs.iter().find(|(old, _)| old == c) {
                Some((_, new)) => {
                    *c = new.clone();
                    true
                }
                None => false,
            }
        };
        let mut n = 0;
        for mut s in self.read_all()? {
            let mut changed = 0;
            for p in &mut s.prompts {
                if let Some(c) = p.commit.as_mut() {
                    changed += usize::from(map(c));
                }
            }
            for c in &mut s.commits {
                changed += usize::from(map(c));
            }
            if changed > 0 {
                self.write_session(&s)?;
                n += changed;
            }
        }
        Ok(n)
    }

    fn archive(&self, s: &Session) -> Result<(), SessionError> {
        let dir = self.archive_dir();
        create_dir(&dir)?;
        let to = dir.join(format!("{}.json", s.id));
        write_file(&to, &session_json(s))?;
        remove_file_if_exists(&self.session_path(&s.id))
    }

    fn write_session(&self, s: &Session) -> Result<(), SessionError> {
        create_dir(&self.sessions_dir())?;
        write_file(&self.session_path(&s.id), &session_json(s))
    }

    fn read_current_id(&self) -> Result<Option<String>, SessionError> {
        let path = self.current_path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(SessionError::Io {
                    op: "read",
                    path,
                    source: e,
                })
            }
        };
        let id = text.trim();
        if !is_session_id(id) {
            return Err(SessionError::Corrupt {
                path,
                line: 1,
                message: format!("expected a session id, found {:?}", truncate(id, 60)),
            });
        }
        Ok(Some(id.to_string()))
    }

    fn read_current(&self) -> Result<Option<Session>, SessionError> {
        let Some(id) = self.read_current_id()? else {
            return Ok(None);
        };
        match read_session_file(&self.session_path(&id), &id)? {
            Some(s) => Ok(Some(s)),
            None => Err(SessionError::Corrupt {
                path: self.current_path(),
                line: 1,
                message: format!(
                    "names session {id}, but {} does not exist (run `provenance session end`)",
                    self.session_path(&id).display()
                ),
            }),
        }
    }

    /// Every session in `sessions/` (not the archive), ordered by start time then id.
    pub fn read_all(&self) -> Result<Vec<Session>, SessionError> {
        let dir = self.sessions_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(SessionError::Io {
                    op: "read directory",
                    path: dir,
                    source: e,
                })
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| SessionError::Io {
                op: "read directory",
                path: dir.clone(),
                source: e,
            })?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if !is_session_id(id) {
                continue;
            }
            if let Some(s) = read_session_file(&entry.path(), id)? {
                out.push(s);
            }
        }
        out.sort_by(|a, b| (&a.started_at, &a.id).cmp(&(&b.started_at, &b.id)));
        Ok(out)
    }

    fn lock(&self) -> Result<DirLock, SessionError> {
        create_dir(&self.dir)?;
        DirLock::acquire(&self.dir).map_err(|e| match e {
            LockError::Timeout(path) => SessionError::Locked { path },
            LockError::Io(path, source) => SessionError::Io {
                op: "create lock file",
                path,
                source,
            },
        })
    }
}

/// RFC 3339 UTC with seconds: `2026-11-27T23:25:30Z`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn is_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn new_session_id(agent: &str, now: DateTime<Utc>) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let wall = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let seed = format!(
        "{}|{}|{}|{}|{}",
        now.timestamp_nanos_opt().unwrap_or_default(),
        wall,
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        agent
    );
    let hash = sha256_hex(seed.as_bytes());
    format!("{}-{}", now.format("%Y%m%dT%H%M%SZ"), &hash[..8])
}

fn session_json(s: &Session) -> Vec<u8> {
    // Serializing plain strings and vectors cannot fail.
    let mut v = serde_json::to_vec_pretty(s).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Read and validate one session file; `Ok(None)` when it does not exist.
fn read_session_file(path: &Path, id: &str) -> Result<Option<Session>, SessionError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(SessionError::Io {
                op: "read",
                path: path.to_path_buf(),
                source: e,
            })
        }
    };
    let s: Session = serde_json::from_slice(&bytes).map_err(|e| SessionError::Corrupt {
        path: path.to_path_buf(),
        line: e.line().max(1),
        message: json_message(&e),
    })?;
    if s.id != id {
        return Err(SessionError::Corrupt {
            path: path.to_path_buf(),
            line: 1,
            message: format!("file is named for session {id} but holds {:?}", s.id),
        });
    }
    if let Some((i, p)) = s
        .prompts
        .iter()
        .enumerate()
        .find(|(_, p)| p.sha256.len() != 64 || !p.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(SessionError::Corrupt {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "prompt {} has an invalid sha256 {:?}",
                i + 1,
                truncate(&p.sha256, 70)
            ),
        });
    }
    Ok(Some(s))
}

fn create_dir(dir: &Path) -> Result<(), SessionError> {
    create_private_dir(dir).map_err(|e| SessionError::Io {
        op: "create directory",
        path: dir.to_path_buf(),
        source: e,
    })
}

fn remove_file_if_exists(path: &Path) -> Result<(), SessionError> {
    remove_if_exists(path).map_err(|source| SessionError::Io {
        op: "remove",
        path: path.to_path_buf(),
        source,
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SessionError> {
    write_private(path, bytes).map_err(|source| SessionError::Io {
        op: "write",
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 23, min, 0).unwrap()
    }

    fn store() -> (tempfile::TempDir, SessionStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SessionStore::new(dir.path().join("provenance"));
        (dir, store)
    }

    fn texts(ps: &[Prompt]) -> Vec<&str> {
        ps.iter().map(|p| p.text.as_str()).collect()
    }

    fn all_files(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(rd) = fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    out.extend(all_files(&p));
                } else {
                    out.push(p.display().to_string());
                }
            }
        }
        out
    }

    #[test]
    fn start_prompt_status_end() {
        let (_d, store) = store();
        assert!(store.current().unwrap().is_none());
        assert!(matches!(
            store.add_prompt("x", at(0)),
            Err(SessionError::NoActiveSession)
        ));
        let s = store
            .start("claude", Some("Claude Opus 4.6"), Some("add parser"), at(1))
            .unwrap();
        assert_eq!(s.agent, "claude-code");
        assert_eq!(s.model.as_deref(), Some("claude-opus-4-6"));
        assert_eq!(s.started_at, "2026-11-27T23:01:00Z");
        assert!(s.id.starts_with("20261127T230100Z-"), "{}", s.id);
        assert_eq!(s.id.len(), "20261127T230100Z-".len() + 8);
        assert_eq!(
            s.prompts[0].sha256,
            // sha256("add parser"), computed independently.
            sha256_hex(b"add parser")
        );
        assert_eq!(s.prompts[0].sha256.len(), 64);

        let s2 = store.add_prompt("now add tests\n", at(2)).unwrap();
        assert_eq!(s2.id, s.id);
        assert_eq!(texts(&s2.prompts), ["add parser", "now add tests\n"]);
        assert_eq!(s2.prompts[1].sha256, sha256_hex(b"now add tests\n"));
        assert_eq!(store.current().unwrap().unwrap(), s2);

        let ended = store.end(at(3)).unwrap().unwrap();
        assert_eq!(ended.ended_at.as_deref(), Some("2026-11-27T23:03:00Z"));
        assert!(store.current().unwrap().is_none());
        assert!(store.end(at(4)).unwrap().is_none());
        assert!(matches!(
            store.add_prompt("x", at(5)),
            Err(SessionError::NoActiveSession)
        ));
        assert!(matches!(
            store.add_prompt("  ", at(5)),
            Err(SessionError::EmptyPrompt)
        ));
    }

    #[test]
    fn starting_again_ends_the_previous_session() {
        let (_d, store) = store();
        let a = store.start("codex", None, Some("p"), at(1)).unwrap();
        let b = store.start("cursor", None, None, at(2)).unwrap();
        assert_ne!(a.id, b.id);
        assert_eq!(store.current().unwrap().unwrap().id, b.id);
        let all = store.read_all().unwrap();
        assert_eq!(all.len(), 1, "the replaced session is archived");
        let old: Session = serde_json::from_slice(
            &fs::read(store.archive_dir().join(format!("{}.json", a.id))).unwrap(),
        )
        .unwrap();
        assert_eq!(old.ended_at.as_deref(), Some("2026-11-27T23:02:00Z"));
        assert!(old.prompts.is_empty(), "prompt texts deleted");
    }

    #[test]
    fn prompts_are_stored_redacted_in_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = SessionStore::new(dir.path().join("provenance"))
            .with_redactor(|t| t.replace("hunter2", "[REDACTED]"));
        let s = store
            .start("codex", None, Some("login with hunter2"), at(1))
            .unwrap();
        assert_eq!(s.prompts[0].text, "login with [REDACTED]");
        assert_eq!(s.prompts[0].sha256, sha256_hex(b"login with hunter2"));
        let file = store.session_path(&s.id);
        let raw = fs::read_to_string(&file).unwrap();
        assert!(!raw.contains("hunter2"), "{raw}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file), 0o600);
            assert_eq!(mode(&store.current_path()), 0o600);
            assert_eq!(mode(store.dir()), 0o700);
            assert_eq!(mode(&store.sessions_dir()), 0o700);
        }
        // A session an earlier version ended kept its prompts; the next end drops them.
        let mut stale = s.clone();
        stale.id = "20261101T000000Z-00000000".to_string();
        stale.ended_at = Some("2026-11-01T00:00:00Z".to_string());
        store.write_session(&stale).unwrap();
        store.end(at(2)).unwrap();
        assert!(store.read_all().unwrap().is_empty());
        let stale_file = store.archive_dir().join(format!("{}.json", stale.id));
        assert!(!fs::read_to_string(stale_file).unwrap().contains("login"));
        let archived = store.archive_dir().join(format!("{}.json", s.id));
        let raw = fs::read_to_string(archived).unwrap();
        assert!(
            !raw.contains("login"),
            "ended sessions keep no prompt text: {raw}"
        );
    }

    #[test]
    fn unknown_agents() {
        let (_d, store) = store();
        let err = store.start("devin", None, None, at(1)).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("unknown agent `devin`") && msg.contains("claude-code, "),
            "{msg}"
        );
        assert!(store.current().unwrap().is_none(), "nothing written");
        let store = store.allow_unknown_agents(true);
        assert_eq!(
            store.start("devin", None, None, at(1)).unwrap().agent,
            "devin"
        );
        assert!(matches!(
            store.start("Devin AI", None, None, at(1)),
            Err(SessionError::Agent(AgentNameError::Invalid { .. }))
        ));
    }

    #[test]
    fn corrupt_files_are_reported_with_path_and_line() {
        let (_d, store) = store();
        let s = store.start("aider", None, Some("p"), at(1)).unwrap();
        let path = store.session_path(&s.id);
        fs::write(&path, "{\n  \"id\": \"x\",\n  \"agent\": 5\n}\n").unwrap();
        match store.current().unwrap_err() {
            SessionError::Corrupt {
                path: p,
                line,
                message,
            } => {
                assert_eq!(p, path);
                assert_eq!(line, 3);
                assert!(message.contains("invalid type"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let msg = store.add_prompt("q", at(2)).unwrap_err().to_string();
        assert!(
            msg.contains(&path.display().to_string()) && msg.contains(":3:"),
            "{msg}"
        );
        assert!(store.sessions_for_commit(None).is_err());

        fs::write(&path, "not json").unwrap();
        assert!(matches!(
            store.current(),
            Err(SessionError::Corrupt { line: 1, .. })
        ));

        // A file that parses but is named for another session.
        let mut other = s.clone();
        other.id = "someone-else".into();
        fs::write(&path, session_json(&other)).unwrap();
        assert!(matches!(store.current(), Err(SessionError::Corrupt { .. })));

        // A garbage current pointer.
        fs::write(store.current_path(), "../../etc/passwd").unwrap();
        assert!(matches!(
            store.current(),
            Err(SessionError::Corrupt { line: 1, .. })
        ));
    }

    #[test]
    fn dangling_current_pointer_is_an_error_until_ended() {
        let (_d, store) = store();
        let s = store.start("amp", None, None, at(1)).unwrap();
        fs::remove_file(store.session_path(&s.id)).unwrap();
        let msg = store.current().unwrap_err().to_string();
        assert!(msg.contains("does not exist"), "{msg}");
        assert!(store.end(at(2)).unwrap().is_none());
        assert!(store.current().unwrap().is_none());
    }

    #[test]
    fn writes_leave_no_temp_or_lock_files() {
        let (d, store) = store();
        store.start("claude-code", None, Some("a"), at(1)).unwrap();
        for i in 0..5 {
            store.add_prompt(&format!("p{i}"), at(2)).unwrap();
        }
        let sha: Vec<String> = store
            .prompts_since_last_commit(None)
            .unwrap()
            .into_iter()
            .map(|p| p.sha256)
            .collect();
        store.mark_committed("c1", None, &sha).unwrap();
        store.end(at(3)).unwrap();
        store.mark_committed("c2", None, &[]).unwrap();
        let files = all_files(d.path());
        assert!(
            files
                .iter()
                .all(|f| !f.contains(".tmp-") && !f.ends_with("lock")),
            "{files:?}"
        );
        assert!(files.iter().any(|f| f.contains("archive")), "{files:?}");
    }

    #[test]
    fn concurrent_prompts_are_all_kept() {
        let (_d, store) = store();
        store.start("codex", None, None, at(1)).unwrap();
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for i in 0..10 {
                        store.add_prompt(&format!("t{t} p{i}"), at(2)).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = store.current().unwrap().unwrap();
        assert_eq!(s.prompts.len(), 80);
        let mut uniq: Vec<_> = s.prompts.iter().map(|p| &p.text).collect();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), 80);
    }

    #[test]
    fn commits_claim_each_prompt_once_and_amend_is_idempotent() {
        let (_d, store) = store();
        let s = store.start("claude-code", None, Some("p1"), at(1)).unwrap();
        let claim = |amending| {
            store
                .prompts_since_last_commit(amending)
                .unwrap()
                .into_iter()
                .map(|p| p.text)
                .collect::<Vec<_>>()
        };
        let shas = |amending| {
            store
                .prompts_since_last_commit(amending)
                .unwrap()
                .into_iter()
                .map(|p| p.sha256)
                .collect::<Vec<_>>()
        };
        assert_eq!(claim(None), ["p1"]);
        assert_eq!(store.mark_committed("c1", None, &shas(None)).unwrap(), 1);
        assert_eq!(
            store.mark_committed("c1", None, &shas(Some("c1"))).unwrap(),
            0,
            "re-run"
        );

        // Next commit: the active session still tags it, with no old prompts.
        let sessions = store.sessions_for_commit(None).unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].id, s.id);
        assert!(sessions[0].prompts.is_empty());

        // Amending c1 finds p1 again, and re-marks it.
        assert_eq!(claim(Some("c1")), ["p1"]);
        assert_eq!(
            store
                .mark_committed("c1b", Some("c1"), &shas(Some("c1")))
                .unwrap(),
            1
        );
        assert_eq!(claim(Some("c1b")), ["p1"]);
        assert!(claim(Some("c1")).is_empty());
        assert_eq!(store.current().unwrap().unwrap().commits, ["c1b"]);

        store.add_prompt("p2", at(2)).unwrap();
        assert_eq!(claim(None), ["p2"]);
        assert_eq!(claim(Some("c1b")), ["p1", "p2"]);
        store.mark_committed("c2", None, &shas(None)).unwrap();
        assert!(claim(None).is_empty());

        // Ended: tags nothing more and is archived at once, without its prompt texts
        // (an amend of c2 keeps them from c2's note and trailers).
        store.end(at(3)).unwrap();
        assert!(store.sessions_for_commit(None).unwrap().is_empty());
        assert!(claim(Some("c2")).is_empty());
        assert!(store.read_all().unwrap().is_empty());
        assert!(store.archive_dir().join(format!("{}.json", s.id)).exists());
    }

    #[test]
    fn ended_session_tags_no_later_commit() {
        let (_d, store) = store();
        store
            .start("gemini", Some("gemini-2.5-pro"), Some("p"), at(1))
            .unwrap();
        store.end(at(2)).unwrap();
        // Its prompt was never claimed, but work after `session end` is the user's.
        assert!(store.sessions_for_commit(None).unwrap().is_empty());

        // Started and ended with no prompt: later commits are not tagged.
        store.start("codex", None, None, at(3)).unwrap();
        assert_eq!(
            store.sessions_for_commit(None).unwrap().len(),
            1,
            "while active"
        );
        store.end(at(4)).unwrap();
        assert!(store.sessions_for_commit(None).unwrap().is_empty());
    }

    #[test]
    fn agent_hook_prompts_get_their_own_sessions() {
        let (_d, store) = store();
        let a = store
            .record_agent_prompt("claude-code", "5f0c-aa", None, "first", at(1))
            .unwrap();
        assert_eq!(a.id, "5f0c-aa");
        assert!(store.current().unwrap().is_none(), "not made current");
        let a = store
            .record_agent_prompt(
                "claude",
                "5f0c-aa",
                Some("Claude Opus 4.6"),
                "second",
                at(2),
            )
            .unwrap();
        assert_eq!(texts(&a.prompts), ["first", "second"]);
        assert_eq!(a.model.as_deref(), Some("claude-opus-4-6"));
        let odd = store
            .record_agent_prompt("cursor", "conv/with spaces", None, "x", at(2))
            .unwrap();
        assert!(odd.id.starts_with("h-") && odd.id.len() == 18, "{}", odd.id);

        let shas: Vec<String> = store
            .prompts_since_last_commit(None)
            .unwrap()
            .into_iter()
            .map(|p| p.sha256)
            .collect();
        assert_eq!(shas.len(), 3);
        store.mark_committed("c1", None, &shas).unwrap();
        store.mark_committed("c2", None, &[]).unwrap();
        assert!(store.read_all().unwrap().is_empty(), "both archived");
        // A new prompt in the same agent session revives it.
        let a = store
            .record_agent_prompt("claude-code", "5f0c-aa", None, "third", at(3))
            .unwrap();
        assert_eq!(a.prompts.len(), 3);
        assert_eq!(
            texts(&store.prompts_since_last_commit(None).unwrap()),
            ["third"]
        );
        assert!(!store.archive_dir().join("5f0c-aa.json").exists());
    }

    #[test]
    fn rewrites_follow_rebases() {
        let (_d, store) = store();
        store.start("cursor", None, Some("p1"), at(1)).unwrap();
        let sha = vec![sha256_hex(b"p1")];
        store.mark_committed("old", None, &sha).unwrap();
        let n = store
            .rewrite_commits(&[("old".to_string(), "new".to_string())])
            .unwrap();
        assert_eq!(n, 2, "the prompt and the session's commit list");
        assert_eq!(
            texts(&store.prompts_since_last_commit(Some("new")).unwrap()),
            ["p1"]
        );
        assert!(store
            .prompts_since_last_commit(Some("old"))
            .unwrap()
            .is_empty());
    }
}
