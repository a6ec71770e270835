use crate::{run_git, CommitInfo, GitError};
use std::path::{Path, PathBuf};

/// An open repository (or worktree of one).
pub struct Repo {
    pub(crate) inner: gix::Repository,
    /// Directory commands run in: the worktree root, or the git dir of a bare repository.
    pub(crate) run_dir: PathBuf,
    /// Set when objects come from a quarantine (a `pre-receive` hook): the view gix reads.
    pub(crate) overlay: Option<Overlay>,
}

/// A git dir made for gix when git hands a hook its objects in a quarantine directory
/// (`GIT_OBJECT_DIRECTORY` + `GIT_ALTERNATE_OBJECT_DIRECTORIES`, as in `pre-receive`), which
/// gix does not read from the environment: refs and config are the repository's own (by
/// symlink), objects come from the quarantine with the repository's as alternates. Removed
/// when the `Repo` is dropped.
pub(crate) struct Overlay {
    dir: PathBuf,
    /// The repository's real git dir.
    git_dir: PathBuf,
}

impl Drop for Overlay {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Overlay {
    /// Build the overlay for `git_dir` when the environment names a quarantine.
    fn from_env(git_dir: &Path) -> Result<Option<Overlay>, GitError> {
        let Some(objects) = std::env::var_os("GIT_OBJECT_DIRECTORY") else {
            return Ok(None);
        };
        let io = |e: std::io::Error| GitError::read("the quarantined objects", e);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("provenance-objects-{}-{stamp}", std::process::id()));
        let overlay = Overlay {
            dir: dir.clone(),
            git_dir: git_dir.to_path_buf(),
        };
        std::fs::create_dir_all(dir.join("objects/info")).map_err(io)?;
        let mut alternates = vec![absolute(Path::new(&objects))];
        if let Some(more) = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
            alternates.extend(std::env::split_paths(&more).map(|p| absolute(&p)));
        }
        alternates.push(git_dir.join("objects"));
        let text: String = alternates
            .iter()
            .map(|p| format!("{}\n", p.display()))
            .collect();
        std::fs::write(dir.join("objects/info/alternates"), text).map_err(io)?;
        #[cfg(unix)]
        for name in ["refs", "packed-refs", "config", "HEAD"] {
            let target = git_dir.join(name);
            if target.symlink_metadata().is_ok() {
                std::os::unix::fs::symlink(&target, dir.join(name)).map_err(io)?;
            }
        }
        Ok(Some(overlay))
    }
}

impl Repo {
    /// Open the repository at or above `dir`, honouring `GIT_DIR`, `GIT_WORK_TREE` and
    /// `GIT_INDEX_FILE` the way git exports them to hooks.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let mut inner = gix::discover_with_environment_overrides(dir).map_err(|e| {
            GitError::NotARepository {
                path: dir.to_path_buf(),
                source: Box::new(e),
            }
        })?;
        // History walks and tree diffs revisit the same trees; a small cache saves
        // re-inflating them from packs.
        inner.object_cache_size_if_unset(4 * 1024 * 1024);
        // Without a delta-base cache every blob of a history scan re-inflates its whole
        // delta chain (most of the scan's time); git keeps one too (core.deltaBaseCacheLimit).
        inner.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
                16 * 1024 * 1024,
            ))
        });
        let run_dir = inner
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| inner.git_dir().to_path_buf());
        let run_dir = absolute(&run_dir);
        let overlay = Overlay::from_env(&absolute(inner.git_dir()))?;
        if let Some(overlay) = &overlay {
            inner = gix::open(&overlay.dir).map_err(|e| GitError::NotARepository {
                path: overlay.dir.clone(),
                source: Box::new(e),
            })?;
            inner.object_cache_size_if_unset(4 * 1024 * 1024);
        }
        Ok(Repo {
            inner,
            run_dir,
            overlay,
        })
    }

    /// The `.git` directory of this worktree (per-worktree state lives here).
    pub fn git_dir(&self) -> PathBuf {
        match &self.overlay {
            Some(o) => o.git_dir.clone(),
            None => absolute(self.inner.git_dir()),
        }
    }

    /// The directory shared by all worktrees (objects, refs, config, default hooks).
    pub fn common_dir(&self) -> PathBuf {
        match &self.overlay {
            Some(o) => o.git_dir.clone(),
            None => absolute(self.inner.common_dir()),
        }
    }

    /// The worktree root, `None` for a bare repository.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.inner.workdir().map(absolute)
    }

    /// Where `git` commands for this repository run.
    pub fn run_dir(&self) -> &Path {
        &self.run_dir
    }

    /// True for a bare repository.
    pub fn is_bare(&self) -> bool {
        self.inner.is_bare()
    }

    /// A config value as git would read it (last one wins), if set.
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.inner
            .config_snapshot()
            .string(key)
            .map(|v| v.to_string())
    }

    /// The shortest unique abbreviation of object `id` that is at least as long as git's
    /// `core.abbrev` (auto: from the number of objects), as `git log --format=%h` prints it;
    /// `id` itself when it is not a valid id or not in the repository.
    pub fn abbrev(&self, id: &str) -> String {
        match gix::ObjectId::from_hex(id.as_bytes()) {
            Ok(oid) => gix::prelude::ObjectIdExt::attach(oid, &self.inner)
                .shorten_or_id()
                .to_string(),
            Err(_) => id.to_string(),
        }
    }

    /// The changed-path Bloom filters of the commit-graph, when git wrote them
    /// (`git commit-graph write --changed-paths`, `fetch.writeCommitGraph`, …).
    pub fn changed_path_filters(&self) -> Option<crate::ChangedPathFilters> {
        crate::ChangedPathFilters::open(&self.common_dir().join("objects"))
    }

    /// The commit HEAD points at; `None` on an unborn branch.
    pub fn head_id(&self) -> Result<Option<String>, GitError> {
        match self.inner.head_id() {
            Ok(id) => Ok(Some(id.to_string())),
            Err(_) => {
                let head = self.inner.head().map_err(|e| GitError::read("HEAD", e))?;
                if head.is_unborn() {
                    Ok(None)
                } else {
                    Err(GitError::read("HEAD", "HEAD does not point at a commit"))
                }
            }
        }
    }

    /// The commits a whole-repository history scan starts from: HEAD and every branch,
    /// remote-tracking branch and tag that points (after peeling) at a commit, without
    /// duplicates. Notes and other refs are left out.
    pub fn history_tips(&self) -> Result<Vec<String>, GitError> {
        let mut tips: Vec<String> = self.head_id()?.into_iter().collect();
        let refs = self
            .inner
            .references()
            .map_err(|e| GitError::read("refs", e))?;
        let kinds = [refs.local_branches(), refs.remote_branches(), refs.tags()];
        for iter in kinds {
            let iter = iter.map_err(|e| GitError::read("refs", e))?;
            for reference in iter {
                let Ok(mut reference) = reference else {
                    continue;
                };
                let Ok(id) = reference.peel_to_id() else {
                    continue;
                };
                let is_commit = self
                    .inner
                    .find_header(id.detach())
                    .is_ok_and(|h| h.kind() == gix::object::Kind::Commit);
                let id = id.to_string();
                if is_commit && !tips.contains(&id) {
                    tips.push(id);
                }
            }
        }
        Ok(tips)
    }

    /// The short name of the checked-out branch; `None` when detached or unborn-less.
    pub fn current_branch(&self) -> Option<String> {
        let head = self.inner.head_name().ok()??;
        Some(head.shorten().to_string())
    }

    /// Resolve a revision (`HEAD`, `main~2`, a hex id) to a full commit id.
    pub fn resolve(&self, spec: &str) -> Result<String, GitError> {
        let id = self
            .inner
            .rev_parse_single(spec)
            .map_err(|e| GitError::bad_revision(spec, e))?;
        let commit = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| GitError::bad_revision(spec, e))?;
        Ok(commit.id.to_string())
    }

    /// Read one commit.
    pub fn commit(&self, spec: &str) -> Result<CommitInfo, GitError> {
        let id = self.resolve(spec)?;
        let oid = parse_oid(&id)?;
        let commit = self
            .inner
            .find_commit(oid)
            .map_err(|e| GitError::read(format!("commit {id}"), e))?;
        CommitInfo::from_commit(&commit)
    }

    /// The hooks directory git uses for this repository (`core.hooksPath` aware), from
    /// `git rev-parse --path-format=absolute --git-path hooks`.
    pub fn hooks_dir(&self) -> Result<PathBuf, GitError> {
        let out = run_git(
            &self.run_dir,
            &["rev-parse", "--path-format=absolute", "--git-path", "hooks"],
            None,
        )?;
        let text = String::from_utf8_lossy(&out);
        Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
    }

    /// Set a config value in this repository's config (`git config`).
    pub fn set_config(&self, key: &str, value: &str) -> Result<(), GitError> {
        run_git(&self.run_dir, &["config", "--local", key, value], None).map(drop)
    }

    /// Add a value to a multi-valued key unless it is already there.
    pub fn add_config_value(&self, key: &str, value: &str) -> Result<bool, GitError> {
        if self.config_values(key)?.iter().any(|v| v == value) {
            return Ok(false);
        }
        run_git(
            &self.run_dir,
            &["config", "--local", "--add", key, value],
            None,
        )?;
        Ok(true)
    }

    /// All values of a key in the local config.
    pub fn config_values(&self, key: &str) -> Result<Vec<String>, GitError> {
        match run_git(
            &self.run_dir,
            &["config", "--local", "--get-all", key],
            None,
        ) {
            Ok(out) => Ok(String::from_utf8_lossy(&out)
                .lines()
                .map(str::to_string)
                .collect()),
            // git config exits 1 when the key is absent.
            Err(e) if e.exit_status() == Some(1) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Remove exactly one value of a multi-valued key from the local config, leaving others.
    pub fn remove_config_value(&self, key: &str, value: &str) -> Result<(), GitError> {
        let pattern = format!("^{}$", regex_escape(value));
        match run_git(
            &self.run_dir,
            &["config", "--local", "--unset", key, &pattern],
            None,
        ) {
            Ok(_) => Ok(()),
            Err(e) if e.exit_status() == Some(5) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

pub(crate) fn parse_oid(hex: &str) -> Result<gix::ObjectId, GitError> {
    gix::ObjectId::from_hex(hex.as_bytes()).map_err(|e| GitError::bad_revision(hex, e))
}

fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Re-collecting the components drops interior `.` (discovering from "." gives
    // `./.git`), so messages name `/repo/.git/…`, not `/repo/./.git/…`.
    joined.components().collect()
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
