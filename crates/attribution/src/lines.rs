//! Line attribution: which added lines the AI wrote and kept, which a human changed, and
//! which a human wrote (`AI-Lines: ai=<n> edited=<n> human=<n>`).
//!
//! Two levels:
//! * [`attribute_lines`] — stateless: the AI's lines vs the lines a commit added.
//! * [`advance`] / [`attribute_file`] — tracked: every line of a file carries an
//!   [`Origin`], updated at each checkpoint by diffing (imara-diff, histogram) the previous
//!   content against the new one. Lines a diff keeps keep their origin; lines an AI
//!   checkpoint adds are `ai`; lines a human change adds are `edited` when they replace a
//!   similar AI line in the same hunk, else `human`.
//!
//! "Similar" is a Dice coefficient ≥ [`SIMILARITY`] over character bigrams of the trimmed
//! lines (a whitespace-only change is similar). To stay linear-ish on huge rewrites, the
//! similarity search is skipped (lines count as `human`) when it would compare more than
//! [`MAX_COMPARISONS`] pairs.

use crate::note::{LineCounts, Origin};
use imara_diff::{Algorithm, Diff, InternedInput};
use std::collections::HashMap;

/// Minimum similarity for a changed line to count as an edited AI line.
pub const SIMILARITY: f64 = 0.5;
/// Upper bound on line-pair comparisons per similarity search.
pub const MAX_COMPARISONS: usize = 250_000;

/// One tracked line: its text, its origin, and who wrote it — an index into the tracked
/// file's contributor labels, 1-based (`0`: nobody in particular, a human line).
pub type TrackedLine = (String, Origin, u16);

/// A file's lines with their origins (`[text, origin, contributor]` in JSON).
pub type TrackedLines = Vec<TrackedLine>;

/// Split content into lines as git does for diffs: `\n` ends a line, a trailing `\r` is
/// part of the line ending, a missing final newline does not create a change.
pub fn split_lines(content: &str) -> Vec<&str> {
    content.lines().collect()
}

/// Dice similarity of two lines over character bigrams of their trimmed text, in `0..=1`.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.trim(), b.trim());
    if a == b {
        return 1.0;
    }
    let bigrams = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    };
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Index of the most similar unused candidate at or above [`SIMILARITY`].
fn best_similar(line: &str, candidates: &[&str], used: &[bool]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in candidates.iter().enumerate() {
        if used[i] {
            continue;
        }
        let s = similarity(line, c);
        if s >= SIMILARITY && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// Classify the lines a commit added against the lines the AI wrote, without history:
/// an added line equal to an unused AI line is `ai`; else one similar to an unused AI line
/// is `edited`; else `human`. Each AI line is matched at most once.
///
/// ```
/// use provenance_attribution::lines::attribute_lines;
/// let ai = ["fn parse(s: &str) -> u32 {", "    s.parse().unwrap()", "}"];
/// let added = ["fn parse(s: &str) -> u32 {", "    s.parse().unwrap_or(0)", "}", "// by hand"];
/// let c = attribute_lines(&ai, &added);
/// assert_eq!((c.ai, c.edited, c.human), (2, 1, 1));
/// ```
pub fn attribute_lines(ai_lines: &[&str], added: &[&str]) -> LineCounts {
    let mut counts = LineCounts::default();
    let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, l) in ai_lines.iter().enumerate().rev() {
        exact.entry(l).or_default().push(i);
    }
    let mut used = vec![false; ai_lines.len()];
    let mut unmatched = Vec::new();
    for l in added {
        match exact.get_mut(l).and_then(Vec::pop) {
            Some(i) => {
                used[i] = true;
                counts.ai += 1;
            }
            None => unmatched.push(*l),
        }
    }
    let search = unmatched.len().saturating_mul(ai_lines.len()) <= MAX_COMPARISONS;
    for l in unmatched {
        match search.then(|| best_similar(l, ai_lines, &used)).flatten() {
            Some(i) => {
                used[i] = true;
                counts.edited += 1;
            }
            None => counts.human += 1,
        }
    }
    counts
}

struct LineDiff<'a> {
    before: Vec<&'a str>,
    after: Vec<&'a str>,
    /// `(before range, after range)` of each hunk, in order.
    hunks: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

fn diff_lines<'a>(before: Vec<&'a str>, after: Vec<&'a str>) -> LineDiff<'a> {
    let mut input: InternedInput<&str> = InternedInput::default();
    input.update_before(before.iter().copied());
    input.update_after(after.iter().copied());
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    let hunks = diff
        .hunks()
        .map(|h| {
            (
                h.before.start as usize..h.before.end as usize,
                h.after.start as usize..h.after.end as usize,
            )
        })
        .collect();
    LineDiff {
        before,
        after,
        hunks,
    }
}

/// 1-based inclusive ranges of the lines of `new` that are not in `old` (the histogram
/// line diff git's `diff.algorithm=histogram` uses).
pub fn added_ranges(old: &str, new: &str) -> Vec<(u32, u32)> {
    diff_lines(split_lines(old), split_lines(new))
        .hunks
        .into_iter()
        .filter(|(_, a)| !a.is_empty())
        .map(|(_, a)| (a.start as u32 + 1, a.end as u32))
        .collect()
}

/// A file's tracked lines after `author` changed it to `new_content`.
///
/// Unchanged lines keep their origin and contributor. Added lines are `ai` by `by` when
/// `author` is [`Origin::Ai`]; otherwise `edited` (keeping the AI line's contributor) when
/// they replace a similar `ai`/`edited` line of the same hunk, else `human`.
pub fn advance(prev: &[TrackedLine], new_content: &str, author: Origin, by: u16) -> TrackedLines {
    let before: Vec<&str> = prev.iter().map(|(t, _, _)| t.as_str()).collect();
    let d = diff_lines(before, split_lines(new_content));
    let mut out: TrackedLines = Vec::with_capacity(d.after.len());
    let (mut i, mut j) = (0usize, 0usize);
    let copy_until = |out: &mut TrackedLines, i: &mut usize, j: &mut usize, end_after: usize| {
        while *j < end_after {
            out.push((d.after[*j].to_string(), prev[*i].1, prev[*i].2));
            *i += 1;
            *j += 1;
        }
    };
    for (hb, ha) in &d.hunks {
        copy_until(&mut out, &mut i, &mut j, ha.start);
        let removed: Vec<usize> = hb.clone().filter(|&k| prev[k].1 != Origin::Human).collect();
        let removed_text: Vec<&str> = removed.iter().map(|&k| d.before[k]).collect();
        let mut used = vec![false; removed.len()];
        let search = ha.len().saturating_mul(removed.len()) <= MAX_COMPARISONS;
        for k in ha.clone() {
            let text = d.after[k];
            let (origin, who) = if author == Origin::Ai {
                (Origin::Ai, by)
            } else if let Some(r) = search
                .then(|| best_similar(text, &removed_text, &used))
                .flatten()
            {
                used[r] = true;
                (Origin::Edited, prev[removed[r]].2)
            } else {
                (Origin::Human, 0)
            };
            out.push((text.to_string(), origin, who));
        }
        i = hb.end;
        j = ha.end;
    }
    copy_until(&mut out, &mut i, &mut j, d.after.len());
    out
}

/// Every line of `content` with one origin and no contributor (e.g. the committed base,
/// all `human`).
pub fn baseline(content: &str, origin: Origin) -> TrackedLines {
    split_lines(content)
        .into_iter()
        .map(|l| (l.to_string(), origin, 0))
        .collect()
}

/// The attribution of one file in one commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAttribution {
    /// Added lines by origin.
    pub counts: LineCounts,
    /// `[start, end, origin]` runs over the added lines, 1-based inclusive line numbers in
    /// the committed file (the note's `files[].ranges`).
    pub ranges: Vec<(u32, u32, Origin)>,
    /// Each added line: 1-based line number, origin and contributor (as in
    /// [`TrackedLine`]).
    pub lines: Vec<(u32, Origin, u16)>,
}

/// Attribute the lines a commit adds to one file.
///
/// `tracked` is the file's state at its last checkpoint (`None`: no AI touched it, every
/// added line is `human`), `committed` the content being committed (the index blob) and
/// `added` its added line ranges (1-based inclusive, as the commit's diff says). Changes
/// after the last checkpoint are the human's, so `tracked` is first [`advance`]d to
/// `committed` as [`Origin::Human`].
pub fn attribute_file(
    tracked: Option<&[TrackedLine]>,
    committed: &str,
    added: &[(u32, u32)],
) -> FileAttribution {
    let state = match tracked {
        Some(t) => advance(t, committed, Origin::Human, 0),
        None => baseline(committed, Origin::Human),
    };
    let mut out = FileAttribution::default();
    for &(start, end) in added {
        for line in start..=end {
            let Some(&(_, origin, by)) = state.get(line as usize - 1) else {
                break;
            };
            out.push(line, origin, by);
        }
    }
    out
}

impl FileAttribution {
    /// Count one added line.
    pub fn push(&mut self, line: u32, origin: Origin, by: u16) {
        self.counts.add(origin);
        self.lines.push((line, origin, by));
        match self.ranges.last_mut() {
            Some((_, end, o)) if *o == origin && *end + 1 == line => *end = line,
            _ => self.ranges.push((line, line, origin)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Origin::*;

    fn origins(t: &TrackedLines) -> Vec<Origin> {
        t.iter().map(|(_, o, _)| *o).collect()
    }

    #[test]
    fn similarity_basics() {
        assert_eq!(similarity("  let x = 1;", "let x = 1;  "), 1.0);
        assert!(similarity("let x = 1;", "let x = 2;") >= SIMILARITY);
        assert!(similarity("let total = items.len();", "fn main() {") < SIMILARITY);
        assert_eq!(similarity("}", ")"), 0.0);
        assert_eq!(similarity("", "x"), 0.0);
    }

    #[test]
    fn stateless_attribution() {
        let ai = ["a = compute(1)", "b = compute(2)", "return a + b"];
        // Kept, kept, edited, two human lines, and one duplicate of a used AI line.
        let added = [
            "a = compute(1)",
            "b = compute(2)",
            "return a + b + 1",
            "print('debug')",
            "",
            "a = compute(1)",
        ];
        let c = attribute_lines(&ai, &added);
        assert_eq!((c.ai, c.edited, c.human), (2, 1, 3));
        assert_eq!(attribute_lines(&[], &added).human, 6);
        assert_eq!(attribute_lines(&ai, &[]), LineCounts::default());
    }

    #[test]
    fn advance_keeps_marks_and_detects_edits() {
        let base = baseline("fn main() {\n}\n", Human);
        // The AI inserts two lines.
        let s1 = advance(
            &base,
            "fn main() {\n    let total = add(1, 2);\n    println!(\"{total}\");\n}\n",
            Ai,
            1,
        );
        assert_eq!(origins(&s1), [Human, Ai, Ai, Human]);
        // A human tweaks one AI line and adds a comment.
        let s2 = advance(
            &s1,
            "// entry\nfn main() {\n    let total = add(1, 3);\n    println!(\"{total}\");\n}\n",
            Human,
            0,
        );
        assert_eq!(origins(&s2), [Human, Human, Edited, Ai, Human]);
        // A human rewriting a line into something unrelated makes it human.
        let s3 = advance(
            &s2,
            "// entry\nfn main() {\n    std::process::exit(0);\n    println!(\"{total}\");\n}\n",
            Human,
            0,
        );
        assert_eq!(origins(&s3), [Human, Human, Human, Ai, Human]);
        // The AI rewriting a human line makes it AI.
        let s4 = advance(&s3, "// entry point\nfn main() {\n    std::process::exit(0);\n    println!(\"{total}\");\n}\n", Ai, 1);
        assert_eq!(s4[0], ("// entry point".to_string(), Ai, 1));
    }

    #[test]
    fn attribute_file_counts_only_added_lines() {
        let head = "fn main() {\n}\n";
        let tracked = advance(
            &baseline(head, Human),
            "fn main() {\n    let a = 1;\n    let b = 2;\n    let c = a + b;\n}\n",
            Ai,
            1,
        );
        // Human edits one AI line after the checkpoint and adds one of their own.
        let committed =
            "fn main() {\n    let a = 1;\n    let b = 20;\n    let c = a + b;\n    dbg!(c);\n}\n";
        let f = attribute_file(Some(&tracked), committed, &[(2, 5)]);
        assert_eq!((f.counts.ai, f.counts.edited, f.counts.human), (2, 1, 1));
        assert_eq!(
            f.ranges,
            vec![(2, 2, Ai), (3, 3, Edited), (4, 4, Ai), (5, 5, Human)]
        );

        // No checkpoint: everything added is human.
        let f = attribute_file(None, committed, &[(2, 5)]);
        assert_eq!(f.counts.human, 4);
        assert_eq!(f.ranges, vec![(2, 5, Human)]);

        // New file fully written by the AI.
        let t = advance(&[], "a\nb\n", Ai, 1);
        let f = attribute_file(Some(&t), "a\nb\n", &[(1, 2)]);
        assert_eq!(
            f.counts,
            LineCounts {
                ai: 2,
                edited: 0,
                human: 0
            }
        );
        assert_eq!(f.ranges, vec![(1, 2, Ai)]);
    }

    #[test]
    fn missing_final_newline_is_not_a_change() {
        let t = advance(&baseline("a\nb", Human), "a\nb\n", Ai, 1);
        assert_eq!(origins(&t), [Human, Human]);
    }
}
