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

/// A commit as [`Repo::walk_lazy`] or [`Repo::walk_simplified`] reaches it.
pub struct WalkedCommit<'r> {
    /// Full hex id.
    pub id: String,
    /// Parent ids, first parent first.
    pub parents: Vec<String>,
    oid: gix::ObjectId,
    repo: &'r gix::Repository,
}

impl WalkedCommit<'_> {
    /// The raw id bytes (for the commit-graph lookups in this crate).
    pub(crate) fn oid_bytes(&self) -> &[u8] {
        self.oid.as_bytes()
    }

    /// Read and decode the commit.
    pub fn commit(&self) -> Result<CommitInfo, GitError> {
        let commit = self
            .repo
            .find_commit(self.oid)
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
        self.walk_lazy(tips, hidden, |w| visit(w.commit()?))
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
                oid: info.id,
                repo: &self.inner,
            };
            if !visit(&walked)? {
                break;
            }
        }
        Ok(())
    }

    /// A path-limited walk with git's default history simplification (revision.c
    /// `try_to_simplify_commit`). `changed(commit, parent)` says whether the commit changed
    /// the paths against parent `Some(i)` (or, for a root commit, against the empty tree).
    /// A commit is shown unless it is TREESAME to a parent; a merge TREESAME to a parent
    /// that is not hidden is followed through that parent alone, so the side branches whose
    /// changes it did not keep are left out. `visit` gets the shown commits, newest commit
    /// date first; the walk stops when it returns false.
    pub fn walk_simplified(
        &self,
        tips: &[String],
        hidden: &[String],
        mut changed: impl FnMut(&WalkedCommit<'_>, Option<usize>) -> Result<bool, GitError>,
        mut visit: impl FnMut(&WalkedCommit<'_>) -> Result<bool, GitError>,
    ) -> Result<(), GitError> {
        use std::collections::{BinaryHeap, HashSet};
        let graph = self.inner.commit_graph_if_enabled().ok().flatten();
        let node = |id: gix::ObjectId| -> Result<(i64, Vec<gix::ObjectId>), GitError> {
            if let Some((g, c)) = graph.as_ref().and_then(|g| Some((g, g.commit_by_id(id)?))) {
                let parents = c
                    .iter_parents()
                    .map(|p| p.map(|pos| g.id_at(pos).to_owned()))
                    .collect::<Result<Vec<_>, _>>();
                if let Ok(parents) = parents {
                    return Ok((c.committer_timestamp() as i64, parents));
                }
            }
            let c = self
                .inner
                .find_commit(id)
                .map_err(|e| GitError::read(format!("commit {id}"), e))?;
            let time = c.time().map(|t| t.seconds).unwrap_or_default();
            Ok((time, c.parent_ids().map(|p| p.detach()).collect()))
        };
        let mut uninteresting: HashSet<gix::ObjectId> = HashSet::new();
        if !hidden.is_empty() {
            for info in self.rev_walk(hidden, &[])? {
                let info = info.map_err(|e| GitError::read("history", e))?;
                uninteresting.insert(info.id);
            }
        }
        // git's relevant_commit(): not hidden, or one of the hidden commits themselves
        // (the bottoms of the range).
        let bottoms: HashSet<gix::ObjectId> = hidden
            .iter()
            .map(|h| parse_oid(h))
            .collect::<Result<_, _>>()?;
        let relevant = |p: &gix::ObjectId| !uninteresting.contains(p) || bottoms.contains(p);
        // Newest commit date first; ties in the order the commits were queued (git's
        // prio_queue). Each entry keeps the parents its lookup found.
        type Entry = (
            i64,
            std::cmp::Reverse<u64>,
            gix::ObjectId,
            Vec<gix::ObjectId>,
        );
        let mut queue: BinaryHeap<Entry> = BinaryHeap::new();
        let mut seen: HashSet<gix::ObjectId> = HashSet::new();
        let mut seq = 0u64;
        let mut enqueue = |queue: &mut BinaryHeap<Entry>, id: gix::ObjectId| {
            let (time, parents) = node(id)?;
            queue.push((time, std::cmp::Reverse(seq), id, parents));
            seq += 1;
            Ok::<(), GitError>(())
        };
        for t in tips {
            let id = parse_oid(t)?;
            if seen.insert(id) {
                enqueue(&mut queue, id)?;
            }
        }
        while let Some((_, _, id, parents)) = queue.pop() {
            if uninteresting.contains(&id) {
                continue;
            }
            let walked = WalkedCommit {
                id: id.to_string(),
                parents: parents.iter().map(ToString::to_string).collect(),
                oid: id,
                repo: &self.inner,
            };
            let mut follow: &[gix::ObjectId] = &parents;
            let shown = if parents.is_empty() {
                changed(&walked, None)?
            } else {
                let mut treesame = false;
                let mut only = None;
                for (i, p) in parents.iter().enumerate() {
                    if changed(&walked, Some(i))? {
                        continue;
                    }
                    treesame = true;
                    if relevant(p) {
                        only = Some(i);
                        break;
                    }
                }
                match only {
                    Some(i) => {
                        follow = &parents[i..=i];
                        false
                    }
                    // Irrelevant parents cannot make it TREESAME while it has relevant ones.
                    None if parents.iter().any(relevant) => true,
                    None => !treesame,
                }
            };
            if shown && !visit(&walked)? {
                break;
            }
            for p in follow {
                if seen.insert(*p) {
                    enqueue(&mut queue, *p)?;
                }
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
