use crate::repo::parse_oid;
use crate::{GitError, Repo};

/// An author or committer line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Name as written in the commit.
    pub name: String,
    /// Email as written in the commit.
    pub email: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// Offset from UTC in seconds.
    pub offset: i32,
}

/// One commit's metadata and message.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// Parent ids, first parent first.
    pub parents: Vec<String>,
    /// Author.
    pub author: Signature,
    /// Committer.
    pub committer: Signature,
    /// The raw message (lossy UTF-8), everything after the header.
    pub message: String,
}

impl CommitInfo {
    pub(crate) fn from_commit(commit: &gix::Commit<'_>) -> Result<Self, GitError> {
        let id = commit.id.to_string();
        let decoded = commit
            .decode()
            .map_err(|e| GitError::read(format!("commit {id}"), e))?;
        let sig = |s: gix::actor::SignatureRef<'_>| -> Signature {
            let time = s.time().unwrap_or_default();
            Signature {
                name: s.name.to_string(),
                email: s.email.to_string(),
                time: time.seconds,
                offset: time.offset,
            }
        };
        Ok(CommitInfo {
            parents: decoded.parents().map(|p| p.to_string()).collect(),
            author: sig(decoded
                .author()
                .map_err(|e| GitError::read(format!("author of {id}"), e))?),
            committer: sig(decoded
                .committer()
                .map_err(|e| GitError::read(format!("committer of {id}"), e))?),
            message: String::from_utf8_lossy(decoded.message).into_owned(),
            id,
        })
    }

    /// The first line of the message.
    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }
}

/// A commit as [`Repo::walk_lazy`] reaches it.
pub struct WalkedCommit<'r> {
    /// Full hex id.
    pub id: String,
    /// Parent ids, first parent first.
    pub parents: Vec<String>,
    info: gix::revision::walk::Info<'r>,
}

impl WalkedCommit<'_> {
    /// Read and decode the commit.
    pub fn commit(&self) -> Result<CommitInfo, GitError> {
        let commit = self
            .info
            .object()
            .map_err(|e| GitError::read(format!("commit {}", self.id), e))?;
        CommitInfo::from_commit(&commit)
    }
}

impl Repo {
    /// Walk commits reachable from `tips` but not from `hidden`, newest commit date first
    /// (git log's default order), calling `visit` for each; stop when it returns false.
    pub fn walk(
        &self,
        tips: &[String],
        hidden: &[String],
        mut visit: impl FnMut(CommitInfo) -> Result<bool, GitError>,
    ) -> Result<(), GitError> {
        let walk = self.rev_walk(tips, hidden)?;
        for info in walk {
            let info = info.map_err(|e| GitError::read("history", e))?;
            let commit = info
                .object()
                .map_err(|e| GitError::read(format!("commit {}", info.id), e))?;
            if !visit(CommitInfo::from_commit(&commit)?)? {
                break;
            }
        }
        Ok(())
    }

    /// [`Repo::walk`] that hands `visit` each commit's id and parents first (from the
    /// commit-graph when there is one) and decodes the commit only when asked, so a walk
    /// that rules most commits out by id (changed-path filters) reads few objects.
    pub fn walk_lazy(
        &self,
        tips: &[String],
        hidden: &[String],
        mut visit: impl FnMut(&WalkedCommit<'_>) -> Result<bool, GitError>,
    ) -> Result<(), GitError> {
        let walk = self.rev_walk(tips, hidden)?;
        for info in walk {
            let info = info.map_err(|e| GitError::read("history", e))?;
            let walked = WalkedCommit {
                id: info.id.to_string(),
                parents: info.parent_ids.iter().map(ToString::to_string).collect(),
                info,
            };
            if !visit(&walked)? {
                break;
            }
        }
        Ok(())
    }

    /// The walk [`Repo::walk`] makes, for other walkers in this crate.
    pub(crate) fn rev_walk(
        &self,
        tips: &[String],
        hidden: &[String],
    ) -> Result<gix::revision::Walk<'_>, GitError> {
        let tips = tips
            .iter()
            .map(|t| parse_oid(t))
            .collect::<Result<Vec<_>, _>>()?;
        let hidden = hidden
            .iter()
            .map(|t| parse_oid(t))
            .collect::<Result<Vec<_>, _>>()?;
        self.inner
            .rev_walk(tips)
            .with_hidden(hidden)
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
            ))
            .all()
            .map_err(|e| GitError::read("history", e))
    }

    /// Resolve a range argument: `A..B`, `A..` (= `A..HEAD`), `..B`, or a single revision
    /// (everything reachable from it). Returns (tips, hidden).
    pub fn resolve_range(&self, range: &str) -> Result<(Vec<String>, Vec<String>), GitError> {
        if range.contains("...") {
            return Err(GitError::bad_revision(
                range,
                "symmetric ranges (A...B) are not supported; use A..B",
            ));
        }
        match range.split_once("..") {
            Some((from, to)) => {
                let to = if to.is_empty() { "HEAD" } else { to };
                let mut hidden = Vec::new();
                if !from.is_empty() {
                    hidden.push(self.resolve(from)?);
                }
                Ok((vec![self.resolve(to)?], hidden))
            }
            None => Ok((vec![self.resolve(range)?], Vec::new())),
        }
    }
}
