use crate::repo::parse_oid;
use crate::{run_git, GitError, Repo};

/// The notes ref provenance writes: one JSON document per commit.
pub const NOTES_REF: &str = "refs/notes/provenance";

/// Where a remote's notes are fetched to (`remote.<name>.fetch` adds
/// `+refs/notes/provenance:refs/notes/remotes/<name>/provenance`): a tracking ref beside
/// ours, merged into ours by `git notes merge -s union`, never fetched over it.
pub fn remote_notes_ref(remote: &str) -> String {
    format!("refs/notes/remotes/{remote}/provenance")
}

impl Repo {
    /// The provenance note attached to `commit` (full hex id), if any.
    ///
    /// A commit with no note in `refs/notes/provenance` gets the one a fetched remote's
    /// notes have for it (`refs/notes/remotes/*/provenance`), so a clone that fetched but
    /// has not merged the notes yet reads what its teammates recorded.
    pub fn note(&self, commit: &str) -> Result<Option<String>, GitError> {
        if let Some(n) = self.note_in(NOTES_REF, commit)? {
            return Ok(Some(n));
        }
        for r in self.remote_notes_refs() {
            if let Some(n) = self.note_in(&r, commit)? {
                return Ok(Some(n));
            }
        }
        Ok(None)
    }

    /// The fetched remote notes refs (`refs/notes/remotes/<remote>/provenance`).
    pub fn remote_notes_refs(&self) -> Vec<String> {
        let Ok(refs) = self.inner.references() else {
            return Vec::new();
        };
        let Ok(iter) = refs.prefixed("refs/notes/remotes/") else {
            return Vec::new();
        };
        iter.filter_map(Result::ok)
            .map(|r| r.name().as_bstr().to_string())
            .filter(|n| n.ends_with("/provenance"))
            .collect()
    }

    /// The note attached to `commit` (full hex id) in any notes ref (`refs/notes/ai`).
    pub fn note_in(&self, notes_ref: &str, commit: &str) -> Result<Option<String>, GitError> {
        let oid = parse_oid(commit)?;
        let platform = self
            .inner
            .notes()
            .and_then(|p| p.with_refs([notes_ref]))
            .map_err(|e| GitError::read(notes_ref, e));
        let mut platform = platform?;
        let notes = platform
            .get(oid)
            .map_err(|e| GitError::read(format!("note for {commit}"), e))?;
        Ok(notes
            .first()
            .map(|n| String::from_utf8_lossy(&n.blob.data).into_owned()))
    }

    /// Attach (or replace) the provenance note on `commit` with `git notes`.
    pub fn write_note(&self, commit: &str, text: &str) -> Result<(), GitError> {
        run_git(
            &self.run_dir,
            &["notes", "--ref", NOTES_REF, "add", "-f", "-F", "-", commit],
            Some(text.as_bytes()),
        )
        .map(drop)
    }
}
