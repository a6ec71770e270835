use crate::{GitError, Repo};
use imara_diff::{Algorithm, Diff, InternedInput};
use std::collections::HashMap;

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

impl Repo {
    /// Files whose index content differs from HEAD (added or modified; deletions and
    /// submodules are skipped), with the added line ranges. Respects `GIT_INDEX_FILE`.
    pub fn staged_changes(&self) -> Result<Vec<FileChange>, GitError> {
        let index = self
            .inner
            .index_or_empty()
            .map_err(|e| GitError::read("the index", e))?;
        let head_entries = self.head_tree_entries()?;
        let mut out = Vec::new();
        for entry in index.entries() {
            if entry.stage() != gix::index::entry::Stage::Unconflicted {
                continue;
            }
            use gix::index::entry::Mode;
            let symlink = entry.mode == Mode::SYMLINK;
            if entry.mode == Mode::COMMIT {
                continue;
            }
            let path = entry.path(&index).to_string();
            let old = head_entries.get(path.as_bytes());
            if old == Some(&entry.id) {
                continue;
            }
            let new = self.blob(entry.id)?;
            let (status, added) = match old {
                Some(old_id) => {
                    let old = self.blob(*old_id)?;
                    (FileStatus::Modified, added_ranges(&old, &new))
                }
                None => (FileStatus::Added, added_ranges(&[], &new)),
            };
            out.push(FileChange {
                path,
                status,
                data: new,
                added,
                symlink,
            });
        }
        Ok(out)
    }

    /// All blob paths of HEAD's tree mapped to their ids (empty on an unborn branch).
    fn head_tree_entries(&self) -> Result<HashMap<Vec<u8>, gix::ObjectId>, GitError> {
        let Some(head) = self.head_id()? else {
            return Ok(HashMap::new());
        };
        let commit = self
            .inner
            .find_commit(crate::repo::parse_oid(&head)?)
            .map_err(|e| GitError::read("HEAD", e))?;
        let tree = commit.tree().map_err(|e| GitError::read("HEAD tree", e))?;
        let files = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| GitError::read("HEAD tree", e))?;
        Ok(files
            .into_iter()
            .filter(|e| !e.mode.is_tree())
            .map(|e| (e.filepath.into(), e.oid))
            .collect())
    }

    pub(crate) fn blob(&self, id: gix::ObjectId) -> Result<Vec<u8>, GitError> {
        let mut blob = self
            .inner
            .find_blob(id)
            .map_err(|e| GitError::read(format!("blob {id}"), e))?;
        Ok(blob.take_data())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
