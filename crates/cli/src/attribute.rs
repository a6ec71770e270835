//! Line attribution of a commit being made or rewritten: the staged change (or a commit's
//! own change) against the checkpoints of this worktree and the notes of the commits it
//! replaces. See `provenance_attribution::attribute` for the rules.

use crate::{checkpoint, Error};
use provenance_attribution::attribute::{attribute_commit, CommitAttribution, FileInput, Prior};
use provenance_attribution::TrackedFile;
use provenance_checks::{Config, DEFAULT_ATTRIBUTION_EXCLUDE};
use provenance_git::{FileChange, Repo};
use std::collections::HashSet;

/// Which change to attribute.
pub(crate) enum Change<'a> {
    /// The index against HEAD (prepare-commit-msg).
    Staged,
    /// The index against the parent of the commit being amended (`None`: a root commit).
    StagedAgainst(Option<&'a str>),
    /// A commit against its first parent (post-commit, post-rewrite, reattach).
    Commit(&'a str),
}

/// What [`attribute`] found.
pub(crate) struct Attributed {
    /// The counts, ranges and contributors.
    pub lines: CommitAttribution,
    /// Tracked files and their committed (redacted) text, for garbage collection.
    pub tracked: Vec<(String, String)>,
}

/// Attribute `change`. `checkpoints`: whether this worktree's checkpoints describe it
/// (new work: a commit, an amend), or only `prior` does (a replay). `None` when nothing
/// is known about any of its lines: lines unknown, never guessed.
pub(crate) fn attribute(
    repo: &Repo,
    config: &Config,
    change: Change<'_>,
    checkpoints: bool,
    prior: &mut Prior,
) -> Result<Option<Attributed>, Error> {
    let changes: Vec<FileChange> = match change {
        Change::Staged => repo.staged_changes()?,
        Change::StagedAgainst(base) => repo.staged_against(base)?.changes,
        Change::Commit(c) => repo.commit_changes(c)?,
    };
    let store = checkpoint::store_for(repo);
    let mut tracked: Vec<Option<TrackedFile>> = Vec::with_capacity(changes.len());
    let mut any = !prior.is_empty();
    for c in &changes {
        let t = if checkpoints && !c.symlink {
            store.get(&c.path)?
        } else {
            None
        };
        any |= t.is_some();
        tracked.push(t);
    }
    if !any {
        return Ok(None);
    }
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    let excluded = excluded_paths(repo, config, &paths)?;
    let mut texts: Vec<String> = Vec::with_capacity(changes.len());
    let mut keep: Vec<usize> = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        if c.symlink || excluded.contains(&c.path) || checkpoint::untrackable(&c.data).is_some() {
            texts.push(String::new());
            continue;
        }
        let raw = String::from_utf8_lossy(&c.data);
        // Only text some source knows is compared, and it is compared redacted.
        let text = if tracked[i].is_some() || prior.has_path(&c.path) {
            checkpoint::redact(&raw)
        } else {
            raw.into_owned()
        };
        texts.push(text);
        keep.push(i);
    }
    let inputs: Vec<FileInput<'_>> = keep
        .iter()
        .map(|&i| FileInput {
            path: &changes[i].path,
            committed: &texts[i],
            added: &changes[i].added,
            tracked: tracked[i].as_ref(),
        })
        .collect();
    let lines = attribute_commit(&inputs, prior);
    let tracked = keep
        .iter()
        .filter(|&&i| tracked[i].is_some())
        .map(|&i| (changes[i].path.clone(), texts[i].clone()))
        .collect();
    Ok(Some(Attributed { lines, tracked }))
}

/// What the notes of `commits` say about their lines, each file read at its commit.
pub(crate) fn prior_from(repo: &Repo, commits: &[String]) -> Result<Prior, Error> {
    let mut prior = Prior::default();
    for c in commits {
        let Some(text) = repo.note(c)? else {
            continue;
        };
        for note in crate::notes::parse_notes(&text) {
            prior.add_note(&note, |path| {
                repo.file_at(c, path)
                    .ok()
                    .flatten()
                    .filter(|b| checkpoint::untrackable(b).is_none())
                    .map(|b| checkpoint::redact(&String::from_utf8_lossy(&b)))
            });
        }
    }
    Ok(prior)
}

/// Paths left out of line counts: `[attribution] exclude` (default lockfiles, minified and
/// vendored files) and `.gitattributes` `linguist-generated` / `linguist-vendored`.
pub(crate) fn excluded_paths(
    repo: &Repo,
    config: &Config,
    paths: &[&str],
) -> Result<HashSet<String>, Error> {
    let mut builder = globset::GlobSetBuilder::new();
    let globs: Vec<String> = match &config.attribution.exclude {
        Some(g) => g.clone(),
        None => DEFAULT_ATTRIBUTION_EXCLUDE
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    for g in &globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::usage(format!("attribution.exclude: invalid glob `{g}`: {e}")))?;
        builder.add(glob);
    }
    let set = builder
        .build()
        .map_err(|e| Error::usage(format!("attribution.exclude: {e}")))?;
    let mut out: HashSet<String> = paths
        .iter()
        .filter(|p| set.is_match(p))
        .map(|p| p.to_string())
        .collect();
    if has_attributes(repo) && !paths.is_empty() {
        let mut input = Vec::new();
        for p in paths {
            input.extend_from_slice(p.as_bytes());
            input.push(0);
        }
        let raw = provenance_git::run_git(
            repo.run_dir(),
            &[
                "check-attr",
                "-z",
                "--stdin",
                "linguist-generated",
                "linguist-vendored",
            ],
            Some(&input),
        )?;
        // `<path>\0<attribute>\0<value>\0` triples.
        let fields: Vec<&[u8]> = raw.split(|b| *b == 0).collect();
        for t in fields.chunks(3) {
            if let [path, _, value] = t {
                if *value == b"set" || *value == b"true" {
                    out.insert(String::from_utf8_lossy(path).into_owned());
                }
            }
        }
    }
    Ok(out)
}

/// Whether any attributes file could mark a path (saves a `git check-attr` otherwise).
fn has_attributes(repo: &Repo) -> bool {
    let in_tree = repo
        .workdir()
        .is_some_and(|w| w.join(".gitattributes").exists());
    in_tree
        || repo.common_dir().join("info").join("attributes").exists()
        || repo.config_string("core.attributesFile").is_some()
}
