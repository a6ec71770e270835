use crate::repo::parse_oid;
use crate::{added_ranges, GitError, Repo};
use std::collections::HashSet;

/// What to walk for a history scan.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// Commits to start from (full ids); empty = all refs' commits via HEAD.
    pub tips: Vec<String>,
    /// Commits (and their ancestors) to leave out.
    pub hidden: Vec<String>,
    /// Compute the lines each blob version added relative to the first parent's version
    /// (pre-push, ranges). Without it [`HistoryBlob::added`] is empty and callers scan the
    /// whole blob: each blob id is visited once, so a whole-history scan is cheaper that
    /// way than diffing every version.
    pub added_lines: bool,
}

/// One blob version introduced by a commit, handed to a history scan.
#[derive(Debug, Clone)]
pub struct HistoryBlob {
    /// The commit that introduced this content at this path (oldest first walk).
    pub commit: String,
    /// Repository-relative path.
    pub path: String,
    /// The blob content.
    pub data: Vec<u8>,
    /// Lines added relative to the first parent's version of the path, when
    /// [`HistoryOptions::added_lines`] asked for them; empty otherwise.
    pub added: Vec<(u32, u32)>,
}

impl Repo {
    /// Visit every blob version introduced in the walked commits, oldest commit first,
    /// each blob id once. Merge commits are compared with their first parent only.
    pub fn for_each_history_blob(
        &self,
        options: &HistoryOptions,
        mut visit: impl FnMut(HistoryBlob) -> Result<(), GitError>,
    ) -> Result<usize, GitError> {
        let tips = if options.tips.is_empty() {
            match self.head_id()? {
                Some(h) => vec![h],
                None => return Ok(0),
            }
        } else {
            options.tips.clone()
        };
        let mut commits = Vec::new();
        self.walk(&tips, &options.hidden, |c| {
            commits.push((c.id, c.parents.first().cloned()));
            Ok(true)
        })?;
        commits.reverse();
        let mut seen: HashSet<gix::ObjectId> = HashSet::new();
        for (commit, parent) in &commits {
            let new_tree = self.tree_of(commit)?;
            let old_tree = match parent {
                Some(p) => Some(self.tree_of(p)?),
                None => None,
            };
            let mut changes = Vec::new();
            self.diff_trees(old_tree, Some(new_tree), "", &mut changes)?;
            for (path, old, new) in changes {
                let Some(new) = new else { continue };
                if !seen.insert(new) {
                    continue;
                }
                let data = self.blob(new)?;
                let added = match (options.added_lines, old) {
                    (false, _) => Vec::new(),
                    (true, Some(old)) => added_ranges(&self.blob(old)?, &data),
                    (true, None) => added_ranges(&[], &data),
                };
                visit(HistoryBlob {
                    commit: commit.clone(),
                    path,
                    data,
                    added,
                })?;
            }
        }
        Ok(commits.len())
    }

    /// Paths that differ between `commit` and its first parent (all paths for a root commit).
    pub fn changed_paths(
        &self,
        commit: &str,
        parent: Option<&str>,
    ) -> Result<Vec<String>, GitError> {
        let new = self.tree_of(commit)?;
        let old = match parent {
            Some(p) => Some(self.tree_of(p)?),
            None => None,
        };
        let mut changes = Vec::new();
        self.diff_trees(old, Some(new), "", &mut changes)?;
        Ok(changes.into_iter().map(|(p, _, _)| p).collect())
    }

    fn tree_of(&self, commit: &str) -> Result<gix::ObjectId, GitError> {
        let c = self
            .inner
            .find_commit(parse_oid(commit)?)
            .map_err(|e| GitError::read(format!("commit {commit}"), e))?;
        c.tree_id()
            .map(|id| id.detach())
            .map_err(|e| GitError::read(format!("tree of {commit}"), e))
    }

    fn tree_entries(&self, tree: Option<gix::ObjectId>) -> Result<Vec<TreeEntry>, GitError> {
        let Some(id) = tree else {
            return Ok(Vec::new());
        };
        let tree = self
            .inner
            .find_tree(id)
            .map_err(|e| GitError::read(format!("tree {id}"), e))?;
        let decoded = tree
            .decode()
            .map_err(|e| GitError::read(format!("tree {id}"), e))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| TreeEntry {
                name: e.filename.to_vec(),
                kind: if e.mode.is_tree() {
                    Kind::Tree
                } else if e.mode.is_commit() {
                    Kind::Submodule
                } else {
                    Kind::Blob
                },
                id: e.oid.to_owned(),
            })
            .collect())
    }

    /// Recursive tree diff that skips identical subtrees; emits (path, old blob, new blob)
    /// for blobs only (submodules are skipped).
    fn diff_trees(
        &self,
        old: Option<gix::ObjectId>,
        new: Option<gix::ObjectId>,
        prefix: &str,
        out: &mut Vec<(String, Option<gix::ObjectId>, Option<gix::ObjectId>)>,
    ) -> Result<(), GitError> {
        if old == new {
            return Ok(());
        }
        let old_entries = self.tree_entries(old)?;
        let new_entries = self.tree_entries(new)?;
        // Tree entries are unique by name: index the old side once (large directories would
        // otherwise cost a quadratic search per commit).
        let old_by_name: std::collections::HashMap<&[u8], &TreeEntry> =
            old_entries.iter().map(|e| (e.name.as_slice(), e)).collect();
        let mut visit = |name: &[u8], o: Option<&TreeEntry>, n: Option<&TreeEntry>| {
            let path = format!("{prefix}{}", String::from_utf8_lossy(name));
            let (o_tree, o_blob) = split(o);
            let (n_tree, n_blob) = split(n);
            if o_tree.is_some() || n_tree.is_some() {
                self.diff_trees(o_tree, n_tree, &format!("{path}/"), out)?;
            }
            if o_blob != n_blob && (o_blob.is_some() || n_blob.is_some()) {
                out.push((path, o_blob, n_blob));
            }
            Ok::<(), GitError>(())
        };
        for n in &new_entries {
            let o = old_by_name.get(n.name.as_slice()).copied();
            if o.is_some_and(|o| o.id == n.id && o.kind == n.kind) {
                continue;
            }
            visit(&n.name, o, Some(n))?;
        }
        let new_names: HashSet<&[u8]> = new_entries.iter().map(|e| e.name.as_slice()).collect();
        for o in &old_entries {
            if !new_names.contains(o.name.as_slice()) {
                visit(&o.name, Some(o), None)?;
            }
        }
        Ok(())
    }
}

/// What a tree entry points at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tree,
    Blob,
    Submodule,
}

/// One decoded tree entry.
struct TreeEntry {
    name: Vec<u8>,
    kind: Kind,
    id: gix::ObjectId,
}

/// (subtree id, blob id) of an entry; submodules are neither.
fn split(e: Option<&TreeEntry>) -> (Option<gix::ObjectId>, Option<gix::ObjectId>) {
    match e.map(|e| (e.kind, e.id)) {
        Some((Kind::Tree, id)) => (Some(id), None),
        Some((Kind::Blob, id)) => (None, Some(id)),
        _ => (None, None),
    }
}
