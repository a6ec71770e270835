use crate::repo::parse_oid;
use crate::{added_ranges, GitError, Repo};
use std::cmp::Ordering;
use std::sync::{mpsc, Arc};

/// What to walk for a history scan.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// Commits to start from (full ids); empty = all refs' commits via HEAD.
    pub tips: Vec<String>,
    /// Commits (and their ancestors) to leave out.
    pub hidden: Vec<String>,
    /// Which lines of each blob version count (see [`HistoryBlob::lines`]).
    pub lines: HistoryLines,
    /// Threads that read and hand out blobs; 0 = one per available core.
    pub threads: usize,
    /// Blobs larger than this are handed over unread: empty [`HistoryBlob::data`], with
    /// [`HistoryBlob::size`] saying how large they are (a 2 GiB asset in an old commit
    /// must not be inflated into memory to be skipped).
    pub max_blob_bytes: Option<u64>,
}

/// Which lines of a blob version a history walk hands over as new.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HistoryLines {
    /// The span from the first to the last line that differs from the first parent's
    /// version of the path, found by comparing common prefix and suffix bytes (no diff).
    /// It holds every added line, and unchanged lines only between two changes. The
    /// default: a whole-history scan then reads each blob version once and searches only
    /// what changed, instead of every byte of every version.
    #[default]
    ChangedSpan,
    /// Exactly the added lines, from a line diff with the first parent's version
    /// (pre-push and ranges, where an unchanged line must not count).
    Added,
    /// Every line (an empty [`HistoryBlob::lines`]).
    Whole,
}

/// One blob version introduced by a commit, handed to a history scan.
#[derive(Debug, Clone)]
pub struct HistoryBlob {
    /// The commit that introduced this content at this path (oldest first walk).
    pub commit: Arc<str>,
    /// (this commit's position in the walk, 1-based; the number of commits walked), for
    /// progress reports.
    pub progress: (u32, u32),
    /// Repository-relative path.
    pub path: String,
    /// The blob content (empty when over [`HistoryOptions::max_blob_bytes`]).
    pub data: Vec<u8>,
    /// The blob's size in bytes.
    pub size: u64,
    /// The lines that count, as 1-based inclusive ranges, per [`HistoryOptions::lines`];
    /// `None` = the whole blob (a new path, or [`HistoryLines::Whole`]). `Some(vec![])`
    /// means nothing was added (a version that only deletes lines).
    pub lines: Option<Vec<(u32, u32)>>,
}

/// A blob version to read, numbered in walk order.
struct Job {
    seq: u64,
    commit: Arc<str>,
    progress: (u32, u32),
    path: String,
    old: Option<gix::ObjectId>,
    new: gix::ObjectId,
}

/// Blob versions between two releases of mapped pack pages (see `memory`).
const RELEASE_EVERY: u64 = 256;

/// Batches in flight between the tree walker and each blob reader, and back.
const QUEUE: usize = 16;
/// Delta-base cache of each blob reader: versions of a file are deltas of one another.
/// Measured on rust-lang/cargo: 6 MiB is as fast as 16 MiB; 2 MiB is ~10% slower.
const READER_PACK_CACHE: usize = 6 << 20;
/// Delta-base cache of the tree walker (trees are small and their bases few).
const WALKER_PACK_CACHE: usize = 4 << 20;
/// Blob versions per batch (one channel operation each way per batch, not per blob).
const BATCH: usize = 32;

impl Repo {
    /// Visit every blob version introduced in the walked commits, each blob id once.
    /// Merge commits are compared with their first parent only.
    ///
    /// `work` runs on [`HistoryOptions::threads`] threads at once (inflating a blob and
    /// scanning it are the cost of a history scan; the tree walk is cheap and runs on one
    /// more thread); `collect` gets each result on the calling thread, oldest commit
    /// first, in the same order a one-thread walk would give. Returns the number of
    /// commits walked.
    pub fn for_each_history_blob<R: Send>(
        &self,
        options: &HistoryOptions,
        work: impl Fn(HistoryBlob) -> R + Sync,
        collect: impl FnMut(R) -> Result<(), GitError>,
    ) -> Result<usize, GitError> {
        self.for_each_history_blob_where(options, |_| true, work, collect)
    }

    /// [`Repo::for_each_history_blob`] for the paths `wants` accepts only: other blob
    /// versions are never read (a vendored tree or lockfile in history costs nothing).
    pub fn for_each_history_blob_where<R: Send>(
        &self,
        options: &HistoryOptions,
        wants: impl Fn(&str) -> bool + Sync,
        work: impl Fn(HistoryBlob) -> R + Sync,
        mut collect: impl FnMut(R) -> Result<(), GitError>,
    ) -> Result<usize, GitError> {
        let tips = if options.tips.is_empty() {
            match self.head_id()? {
                Some(h) => vec![h],
                None => return Ok(0),
            }
        } else {
            options.tips.clone()
        };
        // Ids and first parents only: with a commit-graph no commit is even inflated.
        let mut commits = Vec::new();
        for info in self.rev_walk(&tips, &options.hidden)? {
            let info = info.map_err(|e| GitError::read("history", e))?;
            commits.push((info.id, info.parent_ids.first().copied()));
        }
        commits.reverse();
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            n => n,
        };
        let walked = commits.len();
        if threads <= 1 {
            self.history_jobs(&commits, &wants, |job| {
                let seq = job.seq;
                let blob = self.read_job(job, options)?;
                collect(work(blob))?;
                if (seq + 1) % RELEASE_EVERY == 0 {
                    crate::memory::release_pack_pages();
                }
                Ok(())
            })?;
            return Ok(walked);
        }
        let (done_tx, done_rx) = mpsc::sync_channel::<Vec<(u64, Result<R, GitError>)>>(QUEUE);
        std::thread::scope(|scope| {
            // One queue per reader, and each path always goes to the same reader: versions
            // of a file are deltas of each other, so its reader's delta-base cache hits.
            let mut queues = Vec::with_capacity(threads);
            for _ in 0..threads {
                let (job_tx, job_rx) = mpsc::sync_channel::<Vec<Job>>(QUEUE);
                queues.push(job_tx);
                let reader = self.handle(READER_PACK_CACHE, true);
                let done = done_tx.clone();
                let work = &work;
                spawn(scope, "history-read", move || {
                    for batch in job_rx {
                        let mut results = Vec::with_capacity(batch.len());
                        let mut failed = false;
                        for job in batch {
                            let seq = job.seq;
                            let result = reader.read_job(job, options).map(work);
                            failed = result.is_err();
                            results.push((seq, result));
                            if failed {
                                break;
                            }
                        }
                        if done.send(results).is_err() || failed {
                            return;
                        }
                    }
                })?;
            }
            let walker = self.handle(WALKER_PACK_CACHE, true);
            let walker_done = done_tx.clone();
            let (commits, wants) = (&commits, &wants);
            spawn(scope, "history-walk", move || {
                let mut batches: Vec<Vec<Job>> = (0..threads).map(|_| Vec::new()).collect();
                let mut stopped = false;
                let mut send = |reader: usize, batch: &mut Vec<Job>| {
                    queues[reader].send(std::mem::take(batch)).map_err(|_| {
                        stopped = true;
                        GitError::read("history", "a reader stopped")
                    })
                };
                let mut sent = walker.history_jobs(commits, wants, |job| {
                    let reader = path_hash(&job.path) % threads;
                    batches[reader].push(job);
                    if batches[reader].len() >= BATCH {
                        send(reader, &mut batches[reader])?;
                    }
                    Ok(())
                });
                for (reader, batch) in batches.iter_mut().enumerate() {
                    if sent.is_ok() && !batch.is_empty() {
                        sent = send(reader, batch);
                    }
                }
                if let (Err(e), false) = (sent, stopped) {
                    let _ = walker_done.send(vec![(u64::MAX, Err(e))]);
                }
            })?;
            drop(done_tx);
            // Hand results over in walk order.
            let mut pending = std::collections::BTreeMap::new();
            let mut next = 0u64;
            for batch in done_rx {
                for (seq, result) in batch {
                    pending.insert(seq, result?);
                }
                while let Some(r) = pending.remove(&next) {
                    collect(r)?;
                    next += 1;
                    if next % RELEASE_EVERY == 0 {
                        crate::memory::release_pack_pages();
                    }
                }
            }
            Ok::<(), GitError>(())
        })?;
        Ok(walked)
    }

    /// Another handle on the same object store, for another thread, with its own caches:
    /// a delta-base cache of `pack_cache` bytes, and an object cache only when objects
    /// are read more than once (trees; a history scan reads each blob once).
    fn handle(&self, pack_cache: usize, object_cache: bool) -> Repo {
        let mut inner = self.inner.clone();
        if !object_cache {
            inner.objects.unset_object_cache();
        }
        if pack_cache == 0 {
            inner.objects.unset_pack_cache();
        } else {
            inner.objects.set_pack_cache(move || {
                Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
                    pack_cache,
                ))
            });
        }
        // A reader's handle; the overlay (if any) stays owned by `self`, which outlives it.
        Repo {
            inner,
            run_dir: self.run_dir.clone(),
            overlay: None,
        }
    }

    /// Diff each commit with its first parent and hand out each new blob id once.
    fn history_jobs(
        &self,
        commits: &[(gix::ObjectId, Option<gix::ObjectId>)],
        wants: &(impl Fn(&str) -> bool + Sync),
        mut send: impl FnMut(Job) -> Result<(), GitError>,
    ) -> Result<(), GitError> {
        let graph = self.inner.commit_graph_if_enabled().ok().flatten();
        let mut trees: gix::hashtable::HashMap<gix::ObjectId, gix::ObjectId> = Default::default();
        let mut tree_of = |commit: gix::ObjectId| -> Result<gix::ObjectId, GitError> {
            if let Some(tree) = trees.get(&commit) {
                return Ok(*tree);
            }
            let tree = match graph.as_ref().and_then(|g| g.commit_by_id(commit)) {
                Some(c) => c.root_tree_id().to_owned(),
                None => self.tree_id_of(commit)?,
            };
            trees.insert(commit, tree);
            Ok(tree)
        };
        let mut seen = gix::hashtable::HashSet::default();
        let mut seq = 0u64;
        let mut changes = Vec::new();
        let total = u32::try_from(commits.len()).unwrap_or(u32::MAX);
        for (&(commit, parent), number) in commits.iter().zip(1u32..) {
            let new_tree = tree_of(commit)?;
            let old_tree = parent.map(&mut tree_of).transpose()?;
            changes.clear();
            self.diff_trees(old_tree, Some(new_tree), "", false, &mut changes)?;
            let commit: Arc<str> = Arc::from(commit.to_string());
            for (path, old, new) in changes.drain(..) {
                let Some(new) = new else { continue };
                // not marked seen: the same content at a wanted path is still read there
                if !wants(&path) || !seen.insert(new) {
                    continue;
                }
                send(Job {
                    seq,
                    commit: commit.clone(),
                    progress: (number, total),
                    path,
                    old,
                    new,
                })?;
                seq += 1;
            }
        }
        Ok(())
    }

    fn read_job(&self, job: Job, options: &HistoryOptions) -> Result<HistoryBlob, GitError> {
        if let Some(max) = options.max_blob_bytes {
            let size = self
                .inner
                .find_header(job.new)
                .map_err(|e| GitError::read(format!("blob {}", job.new), e))?
                .size();
            if size > max {
                return Ok(HistoryBlob {
                    commit: job.commit,
                    progress: job.progress,
                    path: job.path,
                    data: Vec::new(),
                    size,
                    lines: None,
                });
            }
        }
        let mode = options.lines;
        // The old version first: in a pack it is usually a delta against the new one,
        // which then comes out of the delta-base cache.
        let old = match (mode, job.old) {
            (HistoryLines::Whole, _) | (_, None) => None,
            (_, Some(old)) => Some(self.blob(old)?),
        };
        let data = self.blob(job.new)?;
        let lines = old.map(|old| match mode {
            HistoryLines::Added => added_ranges(&old, &data),
            _ => changed_span(&old, &data).into_iter().collect(),
        });
        Ok(HistoryBlob {
            commit: job.commit,
            progress: job.progress,
            path: job.path,
            size: data.len() as u64,
            data,
            lines,
        })
    }

    /// Paths that differ between `commit` and `parent`, in content or mode (all paths for a
    /// root commit).
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
        // A mode change (`chmod -x`) is a change of the path, as git log -- PATH sees it.
        self.diff_trees(old, Some(new), "", true, &mut changes)?;
        Ok(changes.into_iter().map(|(p, _, _)| p).collect())
    }

    /// Whether anything at or under one of `paths` (root-relative, literal) differs between
    /// `commit` and `parent` (the empty tree for `None`), in content or mode. Only the trees
    /// along each path are read, so it costs the path's depth, not the size of the change.
    pub fn changes_under(
        &self,
        commit: &str,
        parent: Option<&str>,
        paths: &[String],
    ) -> Result<bool, GitError> {
        let new = Some(self.tree_of(commit)?);
        let old = match parent {
            Some(p) => Some(self.tree_of(p)?),
            None => None,
        };
        for path in paths {
            if self.differs_at(old, new, path)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn differs_at(
        &self,
        mut old: Option<gix::ObjectId>,
        mut new: Option<gix::ObjectId>,
        path: &str,
    ) -> Result<bool, GitError> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            return Ok(old != new);
        }
        for (i, name) in parts.iter().enumerate() {
            if old == new {
                return Ok(false);
            }
            let a = self.entry(old, name)?;
            let b = self.entry(new, name)?;
            if a == b {
                return Ok(false);
            }
            if i + 1 == parts.len() {
                return Ok(true);
            }
            // Descend; a side where this is not a directory holds nothing under it.
            let tree = |e: Option<(gix::ObjectId, gix::objs::tree::EntryMode)>| {
                e.filter(|(_, m)| m.is_tree()).map(|(id, _)| id)
            };
            old = tree(a);
            new = tree(b);
        }
        Ok(false)
    }

    /// The id and mode of entry `name` of a tree.
    fn entry(
        &self,
        tree: Option<gix::ObjectId>,
        name: &str,
    ) -> Result<Option<(gix::ObjectId, gix::objs::tree::EntryMode)>, GitError> {
        let data = self.tree_data(tree)?;
        let kind = self.inner.object_hash();
        for e in gix::objs::TreeRefIter::from_bytes(&data, kind) {
            let e = e.map_err(|err| {
                let id = tree.map(|t| t.to_string()).unwrap_or_default();
                GitError::read(format!("tree {id}"), err.to_string())
            })?;
            if e.filename == name.as_bytes() {
                return Ok(Some((e.oid.to_owned(), e.mode)));
            }
        }
        Ok(None)
    }

    fn tree_of(&self, commit: &str) -> Result<gix::ObjectId, GitError> {
        self.tree_id_of(parse_oid(commit)?)
    }

    fn tree_id_of(&self, commit: gix::ObjectId) -> Result<gix::ObjectId, GitError> {
        let c = self
            .inner
            .find_commit(commit)
            .map_err(|e| GitError::read(format!("commit {commit}"), e))?;
        c.tree_id()
            .map(|id| id.detach())
            .map_err(|e| GitError::read(format!("tree of {commit}"), e))
    }

    /// A tree's raw bytes (empty for no tree).
    fn tree_data(&self, tree: Option<gix::ObjectId>) -> Result<Vec<u8>, GitError> {
        let Some(id) = tree else {
            return Ok(Vec::new());
        };
        let mut tree = self
            .inner
            .find_tree(id)
            .map_err(|e| GitError::read(format!("tree {id}"), e))?;
        Ok(std::mem::take(&mut tree.data))
    }

    /// Recursive tree diff that skips identical subtrees; emits (path, old blob, new blob)
    /// for blobs only (submodules are skipped). Both trees are walked in git's entry order
    /// side by side, so a directory costs one pass over each version of it.
    fn diff_trees(
        &self,
        old: Option<gix::ObjectId>,
        new: Option<gix::ObjectId>,
        prefix: &str,
        modes: bool,
        out: &mut Vec<(String, Option<gix::ObjectId>, Option<gix::ObjectId>)>,
    ) -> Result<(), GitError> {
        let mut path = String::from(prefix);
        self.diff_trees_into(old, new, &mut path, modes, out)
    }

    fn diff_trees_into(
        &self,
        old: Option<gix::ObjectId>,
        new: Option<gix::ObjectId>,
        path: &mut String,
        modes: bool,
        out: &mut Vec<(String, Option<gix::ObjectId>, Option<gix::ObjectId>)>,
    ) -> Result<(), GitError> {
        if old == new {
            return Ok(());
        }
        let kind = self.inner.object_hash();
        let (old_data, new_data) = (self.tree_data(old)?, self.tree_data(new)?);
        let bad = |id: Option<gix::ObjectId>, e: &dyn std::fmt::Display| {
            let id = id.map(|i| i.to_string()).unwrap_or_default();
            GitError::read(format!("tree {id}"), e.to_string())
        };
        let mut olds = gix::objs::TreeRefIter::from_bytes(&old_data, kind);
        let mut news = gix::objs::TreeRefIter::from_bytes(&new_data, kind);
        let mut o = olds.next().transpose().map_err(|e| bad(old, &e))?;
        let mut n = news.next().transpose().map_err(|e| bad(new, &e))?;
        loop {
            let order = match (&o, &n) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(a), Some(b)) => git_order(a, b),
            };
            let (a, b) = match order {
                Ordering::Less => (o.take(), None),
                Ordering::Greater => (None, n.take()),
                Ordering::Equal => (o.take(), n.take()),
            };
            let same = matches!((&a, &b), (Some(a), Some(b)) if a.oid == b.oid && a.mode == b.mode);
            if !same {
                let name = a
                    .as_ref()
                    .or(b.as_ref())
                    .map(|e| e.filename)
                    .unwrap_or_default();
                let len = path.len();
                path.push_str(&String::from_utf8_lossy(name));
                let (a_tree, a_blob) = split(a.as_ref());
                let (b_tree, b_blob) = split(b.as_ref());
                if a_tree.is_some() || b_tree.is_some() {
                    path.push('/');
                    self.diff_trees_into(a_tree, b_tree, path, modes, out)?;
                    path.pop();
                }
                let mode_only = modes && a_blob.is_some() && a_blob == b_blob;
                if (a_blob != b_blob && (a_blob.is_some() || b_blob.is_some())) || mode_only {
                    out.push((path.clone(), a_blob, b_blob));
                }
                path.truncate(len);
            }
            if o.is_none() {
                o = olds.next().transpose().map_err(|e| bad(old, &e))?;
            }
            if n.is_none() {
                n = news.next().transpose().map_err(|e| bad(new, &e))?;
            }
        }
        Ok(())
    }
}

/// The 1-based inclusive line span of `new` that differs from `old`: from the line where
/// their common prefix ends to the line where their common suffix starts. `None` when
/// `new` only lost bytes (nothing in it is new).
pub fn changed_span(old: &[u8], new: &[u8]) -> Option<(u32, u32)> {
    let prefix = common_prefix(old, new);
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = common_suffix(
        &old[old.len() - max_suffix..],
        &new[new.len() - max_suffix..],
    );
    let end = new.len() - suffix;
    if end <= prefix {
        return None;
    }
    let first = memchr::memchr_iter(b'\n', &new[..prefix]).count() as u32 + 1;
    let breaks = memchr::memchr_iter(b'\n', &new[prefix..end - 1]).count() as u32;
    Some((first, first + breaks))
}

/// Length of the common prefix of `a` and `b`, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 32 <= n && a[i..i + 32] == b[i..i + 32] {
        i += 32;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix of `a` and `b`, which have the same length.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len();
    let mut i = 0;
    while i + 32 <= n && a[n - i - 32..n - i] == b[n - i - 32..n - i] {
        i += 32;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

/// Git's tree entry order: by name, a tree's name compared as if it ended in `/`.
fn git_order(a: &gix::objs::tree::EntryRef<'_>, b: &gix::objs::tree::EntryRef<'_>) -> Ordering {
    let (x, y) = (a.filename.as_ref() as &[u8], b.filename.as_ref() as &[u8]);
    let common = x.len().min(y.len());
    match x[..common].cmp(&y[..common]) {
        Ordering::Equal => {
            let end = |name: &[u8], e: &gix::objs::tree::EntryRef<'_>| {
                name.get(common)
                    .copied()
                    .unwrap_or(if e.mode.is_tree() { b'/' } else { 0 })
            };
            end(x, a).cmp(&end(y, b))
        }
        unequal => unequal,
    }
}

/// (subtree id, blob id) of an entry; submodules are neither.
fn split(
    e: Option<&gix::objs::tree::EntryRef<'_>>,
) -> (Option<gix::ObjectId>, Option<gix::ObjectId>) {
    match e {
        Some(e) if e.mode.is_tree() => (Some(e.oid.to_owned()), None),
        Some(e) if e.mode.is_commit() => (None, None),
        Some(e) => (None, Some(e.oid.to_owned())),
        None => (None, None),
    }
}

/// A cheap, stable hash of a path (FNV-1a), to give each path one reader.
fn path_hash(path: &str) -> usize {
    path.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) as usize
}

/// Start a named thread (names show in `perf` and debuggers) in `scope`.
fn spawn<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    f: impl FnOnce() + Send + 'scope,
) -> Result<(), GitError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn_scoped(scope, f)
        .map(drop)
        .map_err(|e| GitError::read("history", format!("cannot start a thread: {e}")))
}
