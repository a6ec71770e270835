//! Commit-time attribution: every line a commit adds, classified as `ai`, `edited` or
//! `human` and credited to the agent and model that wrote it.
//!
//! Two sources, in order:
//! 1. the file's checkpoints ([`crate::CheckpointStore`]): the HEAD → checkpoints →
//!    index chain, so a human edit made between two AI edits is the human's;
//! 2. [`Prior`] lines — what the notes of the commits this one replaces (an amend, a
//!    rebase, a cherry-pick, a squash) or reattaches (a platform squash merge) said about
//!    the same text in the same file. Matching is by content, so line numbers are
//!    recomputed against the new commit, never copied.
//!
//! A line neither source knows is `human`.
//!
//! ```
//! use provenance_attribution::attribute::{attribute_commit, FileInput, Prior};
//! use provenance_attribution::{lines, CheckpointStore, Origin};
//! let dir = tempfile::tempdir().unwrap();
//! let store = CheckpointStore::new(dir.path().to_path_buf());
//! let now = chrono::Utc::now();
//! let t = store.record("a.py", "x = 1\ny = 2\n", Origin::Ai, Some("claude-code:claude-opus-4-6"), None, now).unwrap();
//! let committed = "x = 1\ny = 3\nz = 4\n";
//! let added = lines::added_ranges("", committed);
//! let a = attribute_commit(&[FileInput { path: "a.py", committed, added: &added, tracked: Some(&t) }], &mut Prior::default());
//! assert_eq!(a.lines.trailer_value(), "ai=1 edited=1 human=1");
//! assert_eq!(a.contributors[0].model.as_deref(), Some("claude-opus-4-6"));
//! ```

use crate::checkpoint::TrackedFile;
use crate::lines::{attribute_file, split_lines, FileAttribution};
use crate::note::{agent_label, Contributor, FileRanges, LineCounts, Note, Origin};
use std::collections::HashMap;

/// An origin and the contributor label that wrote it.
type Mark = (Origin, Option<String>);

/// What earlier notes said about lines, by path and exact text.
#[derive(Debug, Clone, Default)]
pub struct Prior {
    by_path: HashMap<String, HashMap<String, Vec<Mark>>>,
}

impl Prior {
    /// Remember that `path` had a line `text` of `origin` written by `label`.
    pub fn add(&mut self, path: &str, text: &str, origin: Origin, label: Option<String>) {
        self.by_path
            .entry(path.to_string())
            .or_default()
            .entry(text.to_string())
            .or_default()
            .push((origin, label));
    }

    /// Remember the `ai`/`edited` lines of `note`, reading each file's content at the
    /// noted commit with `content_of(path)`. Ranges past the end of the content (a
    /// corrupt or foreign note) are skipped.
    pub fn add_note(&mut self, note: &Note, mut content_of: impl FnMut(&str) -> Option<String>) {
        for file in &note.files {
            if !file.ranges.iter().any(|r| r.2 != Origin::Human) {
                continue;
            }
            let Some(content) = content_of(&file.path) else {
                continue;
            };
            let lines = split_lines(&content);
            for &(start, end, origin) in &file.ranges {
                if origin == Origin::Human {
                    continue;
                }
                for n in start.max(1)..=end.min(lines.len() as u32) {
                    let label = label_of(note, &file.path, n);
                    self.add(&file.path, lines[n as usize - 1], origin, Some(label));
                }
            }
        }
    }

    /// True when some line of `path` is remembered.
    pub fn has_path(&self, path: &str) -> bool {
        self.by_path.get(path).is_some_and(|t| !t.is_empty())
    }

    /// True when nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.by_path.values().all(HashMap::is_empty)
    }

    fn take(&mut self, path: &str, text: &str) -> Option<Mark> {
        let texts = self.by_path.get_mut(path)?;
        let v = texts.get_mut(text)?;
        let out = v.pop();
        if v.is_empty() {
            texts.remove(text);
        }
        out
    }
}

/// The contributor label a note gives line `n` of `path`: the contributor whose ranges
/// hold it, else the note's own agent and model.
fn label_of(note: &Note, path: &str, n: u32) -> String {
    match note.contributor_at(path, n) {
        Some(c) => c.label(),
        None => agent_label(&note.agent, note.model.as_deref()),
    }
}

/// One file of the commit.
#[derive(Debug, Clone, Copy)]
pub struct FileInput<'a> {
    /// Repository-relative, `/`-separated.
    pub path: &'a str,
    /// The committed content (index blob).
    pub committed: &'a str,
    /// Added line ranges of the commit's diff, 1-based inclusive.
    pub added: &'a [(u32, u32)],
    /// The file's checkpoint state, if any.
    pub tracked: Option<&'a TrackedFile>,
}

/// A commit's attribution: what `AI-Lines` and the note's `lines`, `files` and
/// `contributors` hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitAttribution {
    /// Every added line by origin.
    pub lines: LineCounts,
    /// Ranges of every file with added lines.
    pub files: Vec<FileRanges>,
    /// Per agent/model: its `ai` and `edited` lines.
    pub contributors: Vec<Contributor>,
}

impl CommitAttribution {
    /// True when some line is the AI's (as written or edited).
    pub fn has_ai(&self) -> bool {
        self.lines.ai + self.lines.edited > 0
    }

    /// The contributor that wrote the most AI lines (ties: the first label in order), who
    /// a commit is tagged with when nothing else names an agent.
    pub fn top_contributor(&self) -> Option<&Contributor> {
        self.contributors
            .iter()
            .max_by_key(|c| (c.lines.ai + c.lines.edited, std::cmp::Reverse(c.label())))
    }
}

/// Split an `agent:model` label.
pub fn split_label(label: &str) -> (String, Option<String>) {
    match label.split_once(':') {
        Some((a, m)) if !m.is_empty() => (a.to_string(), Some(m.to_string())),
        Some((a, _)) => (a.to_string(), None),
        None => (label.to_string(), None),
    }
}

/// Attribute every added line of `files` (see the module docs).
pub fn attribute_commit(files: &[FileInput<'_>], prior: &mut Prior) -> CommitAttribution {
    let mut out = CommitAttribution::default();
    // Contributor label -> index in out.contributors.
    let mut index: HashMap<String, usize> = HashMap::new();
    for f in files {
        if f.added.is_empty() {
            continue;
        }
        let tracked = f.tracked.map(|t| t.lines.as_slice());
        let first = attribute_file(tracked, f.committed, f.added);
        let texts = split_lines(f.committed);
        let mut file = FileAttribution::default();
        let mut per: Vec<(usize, u32, Origin)> = Vec::new();
        for &(n, origin, by) in &first.lines {
            let mut label = f
                .tracked
                .and_then(|t| t.contributors.get((by as usize).wrapping_sub(1)))
                .cloned();
            let mut origin = origin;
            if origin == Origin::Human {
                if let Some((o, l)) = texts
                    .get(n as usize - 1)
                    .and_then(|text| prior.take(f.path, text))
                {
                    origin = o;
                    label = l;
                }
            }
            file.push(n, origin, 0);
            if origin != Origin::Human {
                let label = label.unwrap_or_else(|| "unknown".to_string());
                let next = index.len();
                let i = *index.entry(label.clone()).or_insert(next);
                if i == out.contributors.len() {
                    let (agent, model) = split_label(&label);
                    out.contributors.push(Contributor {
                        agent,
                        model,
                        lines: LineCounts::default(),
                        files: Vec::new(),
                    });
                }
                per.push((i, n, origin));
            }
        }
        out.lines.ai += file.counts.ai;
        out.lines.edited += file.counts.edited;
        out.lines.human += file.counts.human;
        out.files.push(FileRanges {
            path: f.path.to_string(),
            ranges: file.ranges,
        });
        for (i, n, origin) in per {
            let c = &mut out.contributors[i];
            c.lines.add(origin);
            if c.files.last().is_none_or(|r| r.path != f.path) {
                c.files.push(FileRanges {
                    path: f.path.to_string(),
                    ranges: Vec::new(),
                });
            }
            let ranges = &mut c.files.last_mut().expect("pushed above").ranges;
            match ranges.last_mut() {
                Some((_, end, o)) if *o == origin && *end + 1 == n => *end = n,
                _ => ranges.push((n, n, origin)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::added_ranges;
    use crate::CheckpointStore;
    use chrono::TimeZone;

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap()
    }

    #[test]
    fn forty_lines_five_edited_ten_added() {
        let d = tempfile::tempdir().unwrap();
        let store = CheckpointStore::new(d.path().to_path_buf());
        let ai: String = (1..=40)
            .map(|i| format!("value_{i} = compute({i})\n"))
            .collect();
        let t = store
            .record("m.py", &ai, Origin::Ai, Some("codex:gpt-5"), None, now())
            .unwrap();
        let mut lines: Vec<String> = ai.lines().map(str::to_string).collect();
        for l in lines.iter_mut().take(5) {
            l.push_str("  # checked");
        }
        for i in 0..10 {
            lines.push(format!("print('human line {i}')"));
        }
        let committed = lines.join("\n") + "\n";
        let added = added_ranges("", &committed);
        let a = attribute_commit(
            &[FileInput {
                path: "m.py",
                committed: &committed,
                added: &added,
                tracked: Some(&t),
            }],
            &mut Prior::default(),
        );
        assert_eq!(a.lines.trailer_value(), "ai=35 edited=5 human=10");
        assert_eq!(
            a.files[0].ranges,
            vec![
                (1, 5, Origin::Edited),
                (6, 40, Origin::Ai),
                (41, 50, Origin::Human)
            ]
        );
        assert_eq!(a.contributors.len(), 1);
        assert_eq!(a.contributors[0].label(), "codex:gpt-5");
        assert_eq!(
            a.contributors[0].lines.trailer_value(),
            "ai=35 edited=5 human=0"
        );
    }

    #[test]
    fn two_models_are_kept_apart_and_prior_fills_in() {
        let d = tempfile::tempdir().unwrap();
        let store = CheckpointStore::new(d.path().to_path_buf());
        store
            .record(
                "a.rs",
                "fn a() {}\n",
                Origin::Ai,
                Some("claude-code:claude-opus-4-6"),
                None,
                now(),
            )
            .unwrap();
        let t = store
            .record(
                "a.rs",
                "fn a() {}\nfn b() {}\n",
                Origin::Ai,
                Some("cursor:gpt-5"),
                None,
                now(),
            )
            .unwrap();
        // A second file the AI wrote in an earlier (amended) commit.
        let mut prior = Prior::default();
        prior.add("b.rs", "const X: u8 = 1;", Origin::Ai, Some("aider".into()));
        let committed_b = "const X: u8 = 1;\nconst Y: u8 = 2;\n";
        let a = attribute_commit(
            &[
                FileInput {
                    path: "a.rs",
                    committed: "fn a() {}\nfn b() {}\n",
                    added: &[(1, 2)],
                    tracked: Some(&t),
                },
                FileInput {
                    path: "b.rs",
                    committed: committed_b,
                    added: &[(1, 2)],
                    tracked: None,
                },
            ],
            &mut prior,
        );
        let labels: Vec<String> = a.contributors.iter().map(Contributor::label).collect();
        assert_eq!(
            labels,
            ["claude-code:claude-opus-4-6", "cursor:gpt-5", "aider"]
        );
        assert_eq!(a.contributors[2].files[0].ranges, vec![(1, 1, Origin::Ai)]);
        assert_eq!(a.lines.trailer_value(), "ai=3 edited=0 human=1");
        assert!(prior.is_empty(), "each prior line is used once");
    }

    #[test]
    fn prior_from_a_note_reads_ranges_by_content() {
        let mut note = Note::new(
            &crate::Detected {
                agent: "claude-code".into(),
                model: Some("claude-opus-4-6".into()),
                session: None,
                source: crate::Source::Message,
            },
            "0",
        );
        note.files.push(FileRanges {
            path: "x.py".into(),
            ranges: vec![
                (1, 1, Origin::Human),
                (2, 3, Origin::Ai),
                (4, 99, Origin::Edited),
            ],
        });
        let mut prior = Prior::default();
        prior.add_note(&note, |_| Some("h\na1\na2\ne1\n".to_string()));
        // The new commit moved the AI lines down by one.
        let committed = "new\nh\na1\na2\ne1\n";
        let a = attribute_commit(
            &[FileInput {
                path: "x.py",
                committed,
                added: &[(1, 5)],
                tracked: None,
            }],
            &mut prior,
        );
        assert_eq!(
            a.files[0].ranges,
            vec![
                (1, 2, Origin::Human),
                (3, 4, Origin::Ai),
                (5, 5, Origin::Edited)
            ]
        );
        assert_eq!(a.contributors[0].label(), "claude-code:claude-opus-4-6");
    }
}
