use crate::{run_git, GitError, Repo};
use imara_diff::{Algorithm, Diff, InternedInput};

/// How a path changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// New file.
    Added,
    /// Existing file with new content.
    Modified,
}

/// One staged (or committed) file change with its new content.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Added or modified.
    pub status: FileStatus,
    /// The new content (index content for staged changes, never the worktree).
    pub data: Vec<u8>,
    /// 1-based inclusive line ranges of the new content that were added.
    pub added: Vec<(u32, u32)>,
    /// True when the entry is a symlink (content is the link target).
    pub symlink: bool,
}

impl FileChange {
    /// Number of added lines.
    pub fn added_line_count(&self) -> u32 {
        self.added.iter().map(|(a, b)| b - a + 1).sum()
    }
}

/// 1-based inclusive ranges of lines in `new` that are not in `old` (histogram line diff).
pub fn added_ranges(old: &[u8], new: &[u8]) -> Vec<(u32, u32)> {
    if old.is_empty() {
        let lines = count_lines(new);
        return if lines == 0 {
            Vec::new()
        } else {
            vec![(1, lines)]
        };
    }
    let input = InternedInput::new(old, new);
    let diff = Diff::compute(Algorithm::Histogram, &input);
    diff.hunks()
        .filter(|h| !h.after.is_empty())
        .map(|h| (h.after.start + 1, h.after.end))
        .collect()
}

fn count_lines(data: &[u8]) -> u32 {
    if data.is_empty() {
        return 0;
    }
    let newlines = memchr::memchr_iter(b'\n', data).count() as u32;
    if data.last() == Some(&b'\n') {
        newlines
    } else {
        newlines + 1
    }
}

/// What [`Repo::staged`] returns.
#[derive(Debug, Clone)]
pub struct Staged {
    /// Added and modified files with their index content.
    pub changes: Vec<FileChange>,
    /// sha256 over the base commit and git's raw diff of the index against it.
    pub fingerprint: String,
}

/// `diff-index --cached --raw` and `diff-tree -r --raw` print the same records for the same
/// change, so hashing the base commit and the records identifies the resulting tree.
fn change_fingerprint(base: Option<&str>, raw: &[u8]) -> String {
    let mut bytes = base.unwrap_or(EMPTY_TREE).as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(raw);
    provenance_findings::sha256_hex(&bytes)
}

/// git's id of the empty tree: what an unborn branch's index is compared with.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

impl Repo {
    /// Files whose index content differs from HEAD (added or modified; deletions and
    /// submodules are skipped), with the added line ranges. Respects `GIT_INDEX_FILE`.
    ///
    /// The changed paths come from `git diff-index --cached`, which uses the index's
    /// cache-tree to skip unchanged directories: cost follows the change, not the size of
    /// the tree (a full HEAD tree walk was most of a pre-commit run in large repositories).
    pub fn staged_changes(&self) -> Result<Vec<FileChange>, GitError> {
        Ok(self.staged()?.changes)
    }

    /// [`Repo::staged_changes`] plus a fingerprint of the whole staged change (every path,
    /// mode and blob id that differs from HEAD, deletions included). A commit whose
    /// [`Repo::commit_fingerprint`] equals it has exactly the tree that was checked.
    pub fn staged(&self) -> Result<Staged, GitError> {
        let head = self.head_id()?;
        self.staged_against(head.as_deref())
    }

    /// [`Repo::staged`] against `base` instead of HEAD (an amend's parent; `None`: the
    /// empty tree).
    pub fn staged_against(&self, base_commit: Option<&str>) -> Result<Staged, GitError> {
        let head = base_commit.map(str::to_string);
        let base = head.as_deref().unwrap_or(EMPTY_TREE);
        // Nothing staged (an empty commit): git's own diff would print nothing, so the
        // process it costs (a third of a hook's time) is skipped.
        if let (Some(index_tree), Some(head)) = (self.index_tree(), head.as_deref()) {
            if self.commit_tree(head).ok().as_deref() == Some(index_tree.as_str()) {
                return Ok(Staged {
                    changes: Vec::new(),
                    fingerprint: change_fingerprint(Some(head), b""),
                });
            }
        }
        let raw = run_git(
            &self.run_dir,
            &[
                "diff-index",
                "--cached",
                "--no-renames",
                "--raw",
                "-z",
                base,
                "--",
            ],
            None,
        )?;
        Ok(Staged {
            changes: self.changes_of(&raw)?,
            fingerprint: change_fingerprint(head.as_deref(), &raw),
        })
    }

    /// What `commit` added and modified against its first parent (the root commit against
    /// the empty tree), as [`Repo::staged_changes`] reports the index: new content and the
    /// added line ranges.
    pub fn commit_changes(&self, commit: &str) -> Result<Vec<FileChange>, GitError> {
        let info = self.commit(commit)?;
        let base = info.parents.first().map_or(EMPTY_TREE, String::as_str);
        let raw = self.diff_tree_raw(base, &info.id)?;
        self.changes_of(&raw)
    }

    /// `git diff-tree -r --no-renames --raw -z <base> <commit>`: the records
    /// [`parse_raw_diff`] reads, the same ones `diff-index --cached --raw` prints.
    fn diff_tree_raw(&self, base: &str, commit: &str) -> Result<Vec<u8>, GitError> {
        run_git(
            &self.run_dir,
            &[
                "diff-tree",
                "-r",
                "--no-renames",
                "--raw",
                "-z",
                base,
                commit,
                "--",
            ],
            None,
        )
    }

    /// The content of `path` in `commit`'s tree; `None` when the path is not a file there.
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let oid = crate::repo::parse_oid(commit)?;
        let tree = self
            .inner
            .find_commit(oid)
            .and_then(|c| c.tree())
            .map_err(|e| GitError::read(format!("tree of {commit}"), e))?;
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(|e| GitError::read(format!("{commit}:{path}"), e))?;
        match entry {
            Some(e) if e.mode().is_blob() => Ok(Some(self.blob(e.object_id())?)),
            _ => Ok(None),
        }
    }

    /// The staged content of `path` (the index entry, `GIT_INDEX_FILE` aware); `None` when
    /// the index has no such file.
    pub fn index_file(&self, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let index_path = match std::env::var_os("GIT_INDEX_FILE") {
            Some(p) => {
                let p = std::path::PathBuf::from(p);
                if p.is_absolute() {
                    p
                } else {
                    self.run_dir.join(p)
                }
            }
            None => self.inner.index_path(),
        };
        if !index_path.exists() {
            return Ok(None);
        }
        let index = gix::index::File::at(
            &index_path,
            self.inner.object_hash(),
            false,
            Default::default(),
        )
        .map_err(|e| GitError::read(index_path.display().to_string(), e))?;
        let entry = index.entry_by_path(path.into());
        match entry {
            Some(e) if e.mode.is_submodule() => Ok(None),
            Some(e) => Ok(Some(self.blob(e.id)?)),
            None => Ok(None),
        }
    }

    fn changes_of(&self, raw: &[u8]) -> Result<Vec<FileChange>, GitError> {
        let mut out = Vec::new();
        for entry in parse_raw_diff(raw) {
            // Deletions and unmerged paths add nothing; submodules have no content here.
            if !matches!(entry.status, b'A' | b'M' | b'T') || entry.new_mode == "160000" {
                continue;
            }
            let new = self.blob(crate::repo::parse_oid(&entry.new_id)?)?;
            let (status, added) = if entry.status == b'A' || entry.old_mode == "160000" {
                (FileStatus::Added, added_ranges(&[], &new))
            } else {
                let old = self.blob(crate::repo::parse_oid(&entry.old_id)?)?;
                (FileStatus::Modified, added_ranges(&old, &new))
            };
            out.push(FileChange {
                path: entry.path,
                status,
                data: new,
                added,
                symlink: entry.new_mode == "120000",
            });
        }
        Ok(out)
    }

    /// The fingerprint of what `commit` changed from its first parent, comparable with
    /// [`Staged::fingerprint`] of the index it was made from.
    pub fn commit_fingerprint(&self, commit: &str) -> Result<String, GitError> {
        let info = self.commit(commit)?;
        let parent = info.parents.first().cloned();
        let base = parent.as_deref().unwrap_or(EMPTY_TREE);
        // The same tree as its parent: `diff-tree` would print nothing.
        let base_tree = match &parent {
            Some(p) => self.commit_tree(p)?,
            None => EMPTY_TREE.to_string(),
        };
        if self.commit_tree(commit)? == base_tree {
            return Ok(change_fingerprint(parent.as_deref(), b""));
        }
        let raw = self.diff_tree_raw(base, commit)?;
        Ok(change_fingerprint(parent.as_deref(), &raw))
    }

    /// The tree id of `commit`.
    pub fn commit_tree(&self, commit: &str) -> Result<String, GitError> {
        let oid = crate::repo::parse_oid(&self.resolve(commit)?)?;
        let commit = self
            .inner
            .find_commit(oid)
            .map_err(|e| GitError::read(format!("commit {oid}"), e))?;
        commit
            .tree_id()
            .map(|id| id.to_string())
            .map_err(|e| GitError::read(format!("the tree of commit {oid}"), e))
    }

    /// The tree the index would commit, when its cache-tree says so for the whole index
    /// (`git commit` brings it up to date before it runs pre-commit); `None` when the
    /// cache-tree is missing or stale, the index is split or sparse, or cannot be read.
    /// Reads `GIT_INDEX_FILE` when git exported one.
    pub fn index_tree(&self) -> Option<String> {
        let path = match std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
            Some(file) => std::path::absolute(std::path::PathBuf::from(file)).ok()?,
            None => self.git_dir().join("index"),
        };
        let options = gix::index::decode::Options {
            thread_limit: Some(1),
            ..Default::default()
        };
        let index = gix::index::File::at(path, gix::hash::Kind::Sha1, true, options).ok()?;
        if index.link().is_some() || index.is_sparse() {
            return None;
        }
        let tree = index.tree()?;
        let valid = tree
            .num_entries
            .is_some_and(|n| n as usize == index.entries().len());
        valid.then(|| tree.id.to_string())
    }

    pub(crate) fn blob(&self, id: gix::ObjectId) -> Result<Vec<u8>, GitError> {
        let mut blob = self
            .inner
            .find_blob(id)
            .map_err(|e| GitError::read(format!("blob {id}"), e))?;
        Ok(blob.take_data())
    }
}

/// One record of `git diff-index --raw -z`.
struct RawEntry {
    old_mode: String,
    new_mode: String,
    old_id: String,
    new_id: String,
    status: u8,
    path: String,
}

/// Parse `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0` records.
fn parse_raw_diff(raw: &[u8]) -> Vec<RawEntry> {
    let mut out = Vec::new();
    let mut fields = raw.split(|b| *b == 0);
    while let Some(meta) = fields.next() {
        let Some(meta) = meta.strip_prefix(b":") else {
            continue;
        };
        let Some(path) = fields.next() else { break };
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.split(' ').collect();
        let [old_mode, new_mode, old_id, new_id, status] = parts[..] else {
            continue;
        };
        out.push(RawEntry {
            old_mode: old_mode.to_string(),
            new_mode: new_mode.to_string(),
            old_id: old_id.to_string(),
            new_id: new_id.to_string(),
            status: status.as_bytes().first().copied().unwrap_or(b'?'),
            path: String::from_utf8_lossy(path).into_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_diff_records() {
        let raw = b":100644 100644 aaaa bbbb M\0src/a.rs\0:000000 120000 0000 cccc A\0link\0:100644 000000 dddd 0000 D\0gone\0";
        let e = parse_raw_diff(raw);
        assert_eq!(e.len(), 3);
        assert_eq!(
            (e[0].status, e[0].path.as_str(), e[0].new_id.as_str()),
            (b'M', "src/a.rs", "bbbb")
        );
        assert_eq!((e[1].status, e[1].new_mode.as_str()), (b'A', "120000"));
        assert_eq!(e[2].status, b'D');
    }

    #[test]
    fn added_ranges_of_new_and_changed_files() {
        assert_eq!(added_ranges(b"", b"a\nb\n"), vec![(1, 2)]);
        assert_eq!(added_ranges(b"", b"a\nb"), vec![(1, 2)]);
        assert_eq!(
            added_ranges(b"a\nb\nc\n", b"a\nX\nb\nc\nY\n"),
            vec![(2, 2), (5, 5)]
        );
        assert!(added_ranges(b"a\n", b"a\n").is_empty());
        assert!(added_ranges(b"a\nb\n", b"a\n").is_empty());
    }
}
