use crate::repo::parse_oid;
use crate::{run_git, GitError, Repo};

/// The notes ref provenance writes: one JSON document per commit.
pub const NOTES_REF: &str = "refs/notes/provenance";

impl Repo {
    /// The provenance note attached to `commit` (full hex id), if any.
    pub fn note(&self, commit: &str) -> Result<Option<String>, GitError> {
        let oid = parse_oid(commit)?;
        let platform = self
            .inner
            .notes()
            .and_then(|p| p.with_refs([NOTES_REF]))
            .map_err(|e| GitError::read(NOTES_REF, e));
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
