//! Checkpoints: what the AI just wrote, per file, kept until commit time so `AI-Lines` can
//! tell AI lines from edited and human ones (`provenance checkpoint [--agent A] [PATHS]`,
//! called by agent hooks after each edit).
//!
//! Each tracked file is `checkpoints/<16 hex of sha256(path)>.json` under the store's
//! directory (the CLI passes `<git-dir>/provenance/`): its path, its lines with their
//! [`Origin`], and when / by which agent it was last checkpointed. Writes are atomic and
//! locked like the session store's.
//!
//! Call [`CheckpointStore::record`] with [`Origin::Human`] *before* an AI edit when the
//! hook can (Claude Code's PreToolUse, Cursor's beforeSubmitPrompt) so changes a human
//! made since the last checkpoint are not credited to the AI; with only after-edit
//! checkpoints, such changes count as the AI's.

use crate::atomic::{
    create_private_dir, json_message, remove_if_exists, write_private, DirLock, LockError,
};
use crate::lines::{advance, baseline, TrackedLines};
use crate::note::Origin;
use crate::session::timestamp;
use chrono::{DateTime, Utc};
use provenance_findings::sha256_hex;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file's tracked state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedFile {
    /// Repository-relative, `/`-separated path.
    pub path: String,
    /// Who wrote the AI lines: `agent:model` labels (or `agent` alone), in order of first
    /// contribution; a line's contributor index is 1-based into this list.
    #[serde(default)]
    pub contributors: Vec<String>,
    /// Session of the last AI checkpoint, when the agent names one.
    #[serde(default)]
    pub session: Option<String>,
    /// RFC 3339 UTC time of the last checkpoint.
    pub updated_at: String,
    /// The file's lines at the last checkpoint, with origins.
    pub lines: TrackedLines,
}

/// Errors of the checkpoint store. Each names the file involved.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// A file could not be read or written.
    #[error("cannot {op} {}: {source}", path.display())]
    Io {
        /// What was attempted.
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// A checkpoint file does not parse.
    #[error("{}:{line}: unreadable checkpoint file: {message} (delete it to forget that file's AI lines)", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Another provenance process held the lock for too long.
    #[error("checkpoint store is locked by another process ({}); if none is running, delete that file", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}

/// The checkpoint files under one directory.
#[derive(Debug, Clone)]
pub struct CheckpointStore {
    dir: PathBuf,
}

impl CheckpointStore {
    /// A store rooted at `dir` (created on first write).
    pub fn new(dir: PathBuf) -> Self {
        CheckpointStore { dir }
    }

    fn files_dir(&self) -> PathBuf {
        self.dir.join("checkpoints")
    }

    fn file_for(&self, path: &str) -> PathBuf {
        let h = sha256_hex(path.as_bytes());
        self.files_dir().join(format!("{}.json", &h[..16]))
    }

    /// Record that `author` changed `path` to `content`; for an AI change, `by` is the
    /// `agent:model` label that made it.
    ///
    /// The first checkpoint of a path starts from `base` (the content before the change —
    /// e.g. the index or HEAD blob — all `human`), or from an empty file when `None`. Only
    /// lines a commit *adds* are ever counted, so an over-broad start only matters for
    /// uncommitted human lines already in the file.
    pub fn record(
        &self,
        path: &str,
        content: &str,
        author: Origin,
        by: Option<&str>,
        base: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<TrackedFile, CheckpointError> {
        self.record_in_session(path, content, author, by, None, base, now)
    }

    /// [`CheckpointStore::record`], also noting the agent's session id.
    #[allow(clippy::too_many_arguments)]
    pub fn record_in_session(
        &self,
        path: &str,
        content: &str,
        author: Origin,
        by: Option<&str>,
        session: Option<&str>,
        base: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<TrackedFile, CheckpointError> {
        let dir = self.files_dir();
        create_private_dir(&dir).map_err(|source| CheckpointError::Io {
            op: "create directory",
            path: dir.clone(),
            source,
        })?;
        let _lock = DirLock::acquire(&dir).map_err(|e| match e {
            LockError::Timeout(path) => CheckpointError::Locked { path },
            LockError::Io(path, source) => CheckpointError::Io {
                op: "create lock file",
                path,
                source,
            },
        })?;
        let previous = self.get(path)?;
        let (start, mut contributors, mut last_session) = match previous {
            Some(t) => (t.lines, t.contributors, t.session),
            None => (
                baseline(base.unwrap_or(""), Origin::Human),
                Vec::new(),
                None,
            ),
        };
        let mut index = 0u16;
        if author == Origin::Ai {
            let label = by.unwrap_or("unknown");
            index = match contributors.iter().position(|c| c == label) {
                Some(i) => i as u16 + 1,
                None => {
                    contributors.push(label.to_string());
                    contributors.len().min(u16::MAX as usize) as u16
                }
            };
            if session.is_some() {
                last_session = session.map(str::to_string);
            }
        }
        let tracked = TrackedFile {
            path: path.to_string(),
            contributors,
            session: last_session,
            updated_at: timestamp(now),
            lines: advance(&start, content, author, index),
        };
        let file = self.file_for(path);
        // Serializing strings and enums cannot fail.
        let json = serde_json::to_vec(&tracked).unwrap_or_default();
        write_private(&file, &json).map_err(|source| CheckpointError::Io {
            op: "write",
            path: file,
            source,
        })?;
        Ok(tracked)
    }

    /// The tracked state of `path`, if any checkpoint recorded it.
    pub fn get(&self, path: &str) -> Result<Option<TrackedFile>, CheckpointError> {
        let file = self.file_for(path);
        let Some(t) = read_tracked(&file)? else {
            return Ok(None);
        };
        if t.path != path {
            return Err(CheckpointError::Corrupt {
                path: file,
                line: 1,
                message: format!("holds {:?}, expected {path:?}", t.path),
            });
        }
        Ok(Some(t))
    }

    /// Every tracked file, ordered by path.
    pub fn all(&self) -> Result<Vec<TrackedFile>, CheckpointError> {
        let dir = self.files_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(CheckpointError::Io {
                    op: "read directory",
                    path: dir,
                    source,
                })
            }
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                if let Some(t) = read_tracked(&p)? {
                    out.push(t);
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Forget `path` (e.g. once a commit recorded it and the file matches HEAD again).
    pub fn remove(&self, path: &str) -> Result<(), CheckpointError> {
        let file = self.file_for(path);
        remove_if_exists(&file).map_err(|source| CheckpointError::Io {
            op: "remove",
            path: file,
            source,
        })
    }
}

fn read_tracked(file: &Path) -> Result<Option<TrackedFile>, CheckpointError> {
    let bytes = match fs::read(file) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(CheckpointError::Io {
                op: "read",
                path: file.to_path_buf(),
                source,
            })
        }
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| CheckpointError::Corrupt {
            path: file.to_path_buf(),
            line: e.line().max(1),
            message: json_message(&e),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::attribute_file;

    fn now() -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 28, 0, 0, 0).unwrap()
    }

    #[test]
    fn checkpoints_feed_commit_attribution() {
        let d = tempfile::tempdir().unwrap();
        let store = CheckpointStore::new(d.path().to_path_buf());
        let head = "fn main() {\n}\n";
        assert!(store.get("src/main.rs").unwrap().is_none());
        // Human typed a line before the AI ran (pre-edit checkpoint).
        store
            .record(
                "src/main.rs",
                "fn main() {\n    // todo\n}\n",
                Origin::Human,
                None,
                Some(head),
                now(),
            )
            .unwrap();
        let t = store
            .record(
                "src/main.rs",
                "fn main() {\n    // todo\n    let x = parse(\"42\");\n    println!(\"{x}\");\n}\n",
                Origin::Ai,
                Some("claude-code"),
                None,
                now(),
            )
            .unwrap();
        assert_eq!(t.contributors, ["claude-code"]);
        assert_eq!(store.get("src/main.rs").unwrap().unwrap(), t);
        let committed =
            "fn main() {\n    // todo\n    let x = parse(\"43\");\n    println!(\"{x}\");\n}\n";
        let f = attribute_file(Some(&t.lines), committed, &[(2, 4)]);
        assert_eq!((f.counts.ai, f.counts.edited, f.counts.human), (1, 1, 1));
        assert_eq!(store.all().unwrap().len(), 1);
        store.remove("src/main.rs").unwrap();
        assert!(store.all().unwrap().is_empty());
        let names: Vec<_> = fs::read_dir(d.path().join("checkpoints"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.is_empty(), "no temp or lock files left: {names:?}");
    }

    #[test]
    fn corrupt_checkpoint_is_reported() {
        let d = tempfile::tempdir().unwrap();
        let store = CheckpointStore::new(d.path().to_path_buf());
        store
            .record("a.txt", "x\n", Origin::Ai, None, None, now())
            .unwrap();
        let file = store.file_for("a.txt");
        fs::write(
            &file,
            "{\"path\": \"a.txt\",\n\"lines\": [[\"x\", \"robot\", 0]]}",
        )
        .unwrap();
        match store.get("a.txt").unwrap_err() {
            CheckpointError::Corrupt {
                path,
                line,
                message,
            } => {
                assert_eq!(path, file);
                assert_eq!(line, 2);
                assert!(message.contains("robot"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(store
            .record("a.txt", "y\n", Origin::Ai, None, None, now())
            .is_err());
    }
}
