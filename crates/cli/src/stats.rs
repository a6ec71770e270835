//! `provenance stats`: who wrote how much, how much of it a human changed, and did it last.
//!
//! Per group (model, agent, author, month or path): commits, added lines by origin, the
//! modification ratio edited ÷ (ai + edited), and survival — of the AI lines the notes
//! record by line, how many `git blame` still traces to the commit and line that added them
//! at the range's tip.
//!
//! Where the line counts come from, per commit, first that applies: the note's `lines`
//! (with per-agent/model `contributors` when the note has them), the `AI-Lines` trailer,
//! else the commit's added lines from a diff with its first parent, counted `unknown`.

use crate::args::{StatsArgs, StatsBy, StatsFormat};
use crate::log::{commit_detection, csv_field};
use crate::session::write_err;
use crate::trailers_cmd::commit_trailer_config;
use crate::{Error, Globals, Io};
use provenance_attribution::{Detected, LineCounts, Note, Origin};
use provenance_checks::ExitCode;
use provenance_git::{CommitInfo, HistoryLines, HistoryOptions, Repo};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The group of commits with no AI involvement recorded.
pub(crate) const NO_AI: &str = "(none)";
/// The model group of AI-assisted commits whose model is not known.
pub(crate) const UNKNOWN_MODEL: &str = "(unknown)";

/// Everything the message and the note say about one commit.
pub(crate) struct CommitFacts {
    /// The commit.
    pub commit: CommitInfo,
    /// Its trailers, in message order.
    pub trailers: Vec<(String, String)>,
    /// Who helped, from the message (or the author/committer identity).
    pub detected: Option<Detected>,
    /// The provenance note, when there is one that parses.
    pub note: Option<Note>,
    /// The `AI-Lines` trailer, when present and well-formed.
    pub ai_lines: Option<LineCounts>,
}

impl CommitFacts {
    /// Read the message and the note of `commit`; a note that does not parse is reported on
    /// stderr and treated as absent.
    pub(crate) fn read(
        repo: &Repo,
        commit: CommitInfo,
        tconfig: &provenance_trailers::Config,
        io: &mut Io<'_>,
    ) -> Result<CommitFacts, Error> {
        let (trailers, detected) = commit_detection(&commit, tconfig);
        let note = match repo.note(&commit.id)? {
            Some(text) => match Note::from_json(&text) {
                Ok(n) => Some(n),
                Err(e) => {
                    io.note(format!(
                        "provenance: warning: note of {}: {e} (ignored)",
                        &commit.id[..commit.id.len().min(12)]
                    ));
                    None
                }
            },
            None => None,
        };
        let ai_lines = trailers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("AI-Lines"))
            .and_then(|(_, v)| parse_ai_lines(v));
        Ok(CommitFacts {
            commit,
            trailers,
            detected,
            note,
            ai_lines,
        })
    }

    /// The agent: the note's, else the message's.
    pub(crate) fn agent(&self) -> Option<&str> {
        self.note
            .as_ref()
            .map(|n| n.agent.as_str())
            .or(self.detected.as_ref().map(|d| d.agent.as_str()))
    }

    /// The model: the note's, else the message's.
    pub(crate) fn model(&self) -> Option<&str> {
        self.note
            .as_ref()
            .and_then(|n| n.model.as_deref())
            .or(self.detected.as_ref().and_then(|d| d.model.as_deref()))
    }

    /// Is the commit AI-assisted (a note or a marker in the message)?
    pub(crate) fn ai(&self) -> bool {
        self.note.is_some() || self.detected.is_some()
    }

    /// The recorded added lines by origin: the note's when it records lines, else the
    /// `AI-Lines` trailer's; `None` = unknown.
    pub(crate) fn recorded_lines(&self) -> Option<LineCounts> {
        match &self.note {
            Some(n) if !n.files.is_empty() || n.lines.total() > 0 => Some(n.lines),
            _ => self.ai_lines,
        }
    }
}

/// `ai=3 edited=1 human=0` (any order, each key at most once; unknown keys ignored).
pub(crate) fn parse_ai_lines(value: &str) -> Option<LineCounts> {
    let mut counts = LineCounts::default();
    let mut seen = 0;
    for word in value.split_whitespace() {
        let (key, n) = word.split_once('=')?;
        let n: u64 = n.parse().ok()?;
        match key {
            "ai" => counts.ai = n,
            "edited" => counts.edited = n,
            "human" => counts.human = n,
            _ => continue,
        }
        seen += 1;
    }
    (seen > 0).then_some(counts)
}

/// One group's figures.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct Group {
    group: String,
    commits: u64,
    lines: Lines,
    /// edited ÷ (ai + edited); `None` when the group has no AI lines.
    modification_ratio: Option<f64>,
    survival: Survival,
}

/// Added lines by origin, `unknown` for commits with no line record.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct Lines {
    ai: u64,
    edited: u64,
    human: u64,
    unknown: u64,
}

impl Lines {
    fn add_counts(&mut self, c: &LineCounts) {
        self.ai += c.ai;
        self.edited += c.edited;
        self.human += c.human;
    }
    fn add(&mut self, o: &Lines) {
        self.ai += o.ai;
        self.edited += o.edited;
        self.human += o.human;
        self.unknown += o.unknown;
    }
}

/// Survival of the AI lines (`ai` + `edited`) that notes record by line.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct Survival {
    /// AI lines with a recorded position (file, line) in the commit that added them.
    tracked: u64,
    /// Of those, still in the tip (blame traces the line to that commit and position).
    surviving: u64,
    /// Of those, gone from the tip or changed since (tracked − surviving).
    rewritten: u64,
    /// surviving ÷ tracked; `None` with nothing tracked or survival not computed.
    ratio: Option<f64>,
}

/// The groups being filled, by name.
#[derive(Default)]
struct Table {
    index: HashMap<String, usize>,
    groups: Vec<Group>,
}

impl Table {
    fn get(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        self.groups.push(Group {
            group: name.to_string(),
            ..Group::default()
        });
        self.index.insert(name.to_string(), self.groups.len() - 1);
        self.groups.len() - 1
    }
}

/// AI line positions of one path: (commit, start, end, group index).
type Positions = Vec<(u32, u32, u32, usize)>;

pub(crate) fn run(globals: &Globals, args: &StatsArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let (tips, hidden) = range(&repo, args.revision.as_deref())?;
    if tips.is_empty() {
        return print(&[], &Group::default(), args, false, io).map(|_| ExitCode::Ok);
    }
    let survival = !args.no_survival;
    let (groups, total) = compute(&repo, &tips, &hidden, args.by, survival, io)?;
    print(&groups, &total, args, survival, io)?;
    Ok(ExitCode::Ok)
}

/// The groups (most lines first; by month: in month order) and the total of a range.
pub(crate) fn compute(
    repo: &Repo,
    tips: &[String],
    hidden: &[String],
    by: StatsBy,
    survival: bool,
    io: &mut Io<'_>,
) -> Result<(Vec<Group>, Group), Error> {
    let (repo, tips, hidden) = (repo, tips.to_vec(), hidden.to_vec());
    let tconfig = commit_trailer_config(repo);

    // Added lines per commit (and per path) from diffs, for commits with no line record.
    let added = added_lines(repo, &tips, &hidden)?;

    let mut table = Table::default();
    // Commit index (walk order) → id, and per path the AI line positions to trace.
    let mut commit_ids: Vec<String> = Vec::new();
    let mut positions: BTreeMap<String, Positions> = BTreeMap::new();
    let mut facts_list = Vec::new();
    repo.walk(&tips, &hidden, |c| {
        facts_list.push(c);
        Ok(true)
    })?;
    for c in facts_list {
        let f = CommitFacts::read(repo, c, &tconfig, io)?;
        let ci = u32::try_from(commit_ids.len()).unwrap_or(u32::MAX);
        let per_path = added.get(&f.commit.id);
        tally(&f, by, per_path, &mut table, ci, &mut positions);
        commit_ids.push(f.commit.id.clone());
    }

    if survival {
        trace_survival(
            repo,
            &tips[0],
            &hidden,
            &commit_ids,
            &positions,
            &mut table,
            io,
        )?;
    }
    let mut total = Group {
        group: "total".into(),
        ..Group::default()
    };
    total.commits = u64::try_from(commit_ids.len()).unwrap_or(u64::MAX);
    for g in &mut table.groups {
        finish(g, survival);
        total.lines.add(&g.lines);
        total.survival.tracked += g.survival.tracked;
        total.survival.surviving += g.survival.surviving;
    }
    finish(&mut total, survival);
    let mut groups = table.groups;
    // Most lines first; ties by name, so output is stable.
    groups.sort_by(|a, b| {
        let size = |g: &Group| g.lines.ai + g.lines.edited + g.lines.human + g.lines.unknown;
        size(b)
            .cmp(&size(a))
            .then(b.commits.cmp(&a.commits))
            .then(a.group.cmp(&b.group))
    });
    if by == StatsBy::Month {
        groups.sort_by(|a, b| a.group.cmp(&b.group));
    }
    Ok((groups, total))
}

/// (tips, hidden) of a range argument, or HEAD (none in an empty repository).
pub(crate) fn range(
    repo: &Repo,
    revision: Option<&str>,
) -> Result<(Vec<String>, Vec<String>), Error> {
    Ok(match revision {
        Some(r) => repo.resolve_range(r)?,
        None => match repo.head_id()? {
            Some(h) => (vec![h], Vec::new()),
            None => (Vec::new(), Vec::new()),
        },
    })
}

/// Added lines per commit and path, against the first parent (whole files for new paths;
/// binary files count none).
fn added_lines(
    repo: &Repo,
    tips: &[String],
    hidden: &[String],
) -> Result<HashMap<String, Vec<(String, u64)>>, Error> {
    let options = HistoryOptions {
        tips: tips.to_vec(),
        hidden: hidden.to_vec(),
        lines: HistoryLines::Added,
        threads: 0,
        max_blob_bytes: Some(16 << 20),
    };
    let mut out: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    repo.for_each_history_blob(
        &options,
        |blob| {
            let binary = blob.data.iter().take(8000).any(|b| *b == 0);
            let n = if binary || blob.data.is_empty() {
                0
            } else {
                match &blob.lines {
                    Some(ranges) => ranges
                        .iter()
                        .map(|(s, e)| u64::from(e.saturating_sub(*s) + 1))
                        .sum(),
                    None => line_count(&blob.data),
                }
            };
            (blob.commit, blob.path, n)
        },
        |(commit, path, n)| {
            if n > 0 {
                out.entry(commit.to_string()).or_default().push((path, n));
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Lines in a blob, a last line without a newline included (as git counts them).
fn line_count(data: &[u8]) -> u64 {
    let newlines = data.iter().filter(|b| **b == b'\n').count() as u64;
    newlines + u64::from(!data.is_empty() && !data.ends_with(b"\n"))
}

/// The group names of a commit for `by` other than path.
fn commit_group(f: &CommitFacts, by: StatsBy) -> String {
    match by {
        StatsBy::Model => match (f.ai(), f.model()) {
            (false, _) => NO_AI.into(),
            (true, Some(m)) => m.into(),
            (true, None) => UNKNOWN_MODEL.into(),
        },
        StatsBy::Agent => f.agent().unwrap_or(NO_AI).into(),
        StatsBy::Author => format!("{} <{}>", f.commit.author.name, f.commit.author.email),
        StatsBy::Month => month(f.commit.author.time, f.commit.author.offset),
        StatsBy::Path => String::new(),
    }
}

/// YYYY-MM of a time in its own offset.
fn month(time: i64, offset: i32) -> String {
    let date = crate::log::format_date(time, offset);
    date.get(..7).unwrap_or("unknown").to_string()
}

/// Count one commit into its groups and note where its AI lines are.
fn tally(
    f: &CommitFacts,
    by: StatsBy,
    added: Option<&Vec<(String, u64)>>,
    table: &mut Table,
    ci: u32,
    positions: &mut BTreeMap<String, Positions>,
) {
    let recorded = f.recorded_lines();
    let unknown: u64 = if recorded.is_none() {
        added.map_or(0, |v| v.iter().map(|(_, n)| n).sum())
    } else {
        0
    };
    let note_files = f.note.as_ref().map_or(&[][..], |n| &n.files[..]);
    if by == StatsBy::Path {
        let mut touched: Vec<usize> = Vec::new();
        if recorded.is_some() && !note_files.is_empty() {
            for file in note_files {
                let g = table.get(&file.path);
                touched.push(g);
                for (s, e, o) in &file.ranges {
                    let n = u64::from(e.saturating_sub(*s) + 1);
                    let lines = &mut table.groups[g].lines;
                    match o {
                        Origin::Ai => lines.ai += n,
                        Origin::Edited => lines.edited += n,
                        Origin::Human => lines.human += n,
                    }
                    if *o != Origin::Human {
                        positions
                            .entry(file.path.clone())
                            .or_default()
                            .push((ci, *s, *e, g));
                    }
                }
            }
        } else {
            // No per-file record: the diff's added lines, unknown by origin.
            for (path, n) in added.map_or(&[][..], |v| &v[..]) {
                let g = table.get(path);
                touched.push(g);
                table.groups[g].lines.unknown += n;
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for g in touched {
            table.groups[g].commits += 1;
        }
        return;
    }

    let primary = table.get(&commit_group(f, by));
    let contributors = f
        .note
        .as_ref()
        .map_or(&[][..], |n| &n.contributors[..])
        .iter()
        .filter(|_| matches!(by, StatsBy::Model | StatsBy::Agent))
        .collect::<Vec<_>>();
    let mut touched = vec![primary];
    match recorded {
        Some(counts) if !contributors.is_empty() => {
            // Each agent/model its own ai/edited lines; the human lines to the commit's.
            let mut ai_edited = LineCounts::default();
            for c in &contributors {
                let name = match by {
                    StatsBy::Model => c.model.clone().unwrap_or_else(|| UNKNOWN_MODEL.into()),
                    _ => c.agent.clone(),
                };
                let g = table.get(&name);
                touched.push(g);
                let lines = LineCounts {
                    human: 0,
                    ..c.lines
                };
                table.groups[g].lines.add_counts(&lines);
                ai_edited.ai += c.lines.ai;
                ai_edited.edited += c.lines.edited;
                for file in &c.files {
                    for (s, e, o) in &file.ranges {
                        if *o != Origin::Human {
                            positions
                                .entry(file.path.clone())
                                .or_default()
                                .push((ci, *s, *e, g));
                        }
                    }
                }
            }
            // Lines the contributors do not account for stay with the commit's group.
            let rest = LineCounts {
                ai: counts.ai.saturating_sub(ai_edited.ai),
                edited: counts.edited.saturating_sub(ai_edited.edited),
                human: counts.human,
            };
            table.groups[primary].lines.add_counts(&rest);
        }
        Some(counts) => {
            table.groups[primary].lines.add_counts(&counts);
            for file in note_files {
                for (s, e, o) in &file.ranges {
                    if *o != Origin::Human {
                        positions
                            .entry(file.path.clone())
                            .or_default()
                            .push((ci, *s, *e, primary));
                    }
                }
            }
        }
        None => table.groups[primary].lines.unknown += unknown,
    }
    touched.sort_unstable();
    touched.dedup();
    for g in touched {
        table.groups[g].commits += 1;
    }
}

/// Blame each path with recorded AI lines at `tip` and count, per group, the AI lines
/// still traced to the commit and line that added them.
fn trace_survival(
    repo: &Repo,
    tip: &str,
    hidden: &[String],
    commit_ids: &[String],
    positions: &BTreeMap<String, Positions>,
    table: &mut Table,
    io: &mut Io<'_>,
) -> Result<(), Error> {
    use std::io::IsTerminal;
    let by_id: HashMap<&str, u32> = commit_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let progress = !io.quiet && std::io::stderr().is_terminal() && positions.len() > 20;
    let paths_at_tip: std::collections::HashSet<String> =
        repo.changed_paths(tip, None)?.into_iter().collect();
    for (done, (path, ranges)) in positions.iter().enumerate() {
        for (_, s, e, g) in ranges {
            table.groups[*g].survival.tracked += u64::from(e.saturating_sub(*s) + 1);
        }
        if progress && done % 10 == 0 {
            let _ = write!(io.err, "\rsurvival: {done}/{} files", positions.len());
        }
        if !paths_at_tip.contains(path) {
            continue;
        }
        let mut sorted: Vec<&(u32, u32, u32, usize)> = ranges.iter().collect();
        sorted.sort_unstable();
        for line in repo.blame_range(tip, hidden, path)? {
            let Some(c) = line.commit.as_deref().and_then(|id| by_id.get(id)) else {
                continue;
            };
            let l = line.original_line;
            let start = sorted.partition_point(|(ci, s, _, _)| (*ci, *s) <= (*c, l));
            // The range of this commit that starts last at or before the line.
            if let Some((ci, s, e, g)) = start.checked_sub(1).map(|i| sorted[i]) {
                if ci == c && *s <= l && l <= *e {
                    table.groups[*g].survival.surviving += 1;
                }
            }
        }
    }
    if progress {
        let _ = writeln!(io.err, "\rsurvival: {0}/{0} files", positions.len());
    }
    Ok(())
}

fn finish(g: &mut Group, survival: bool) {
    let ai = g.lines.ai + g.lines.edited;
    g.modification_ratio = (ai > 0).then(|| g.lines.edited as f64 / ai as f64);
    g.survival.rewritten = g.survival.tracked.saturating_sub(g.survival.surviving);
    g.survival.ratio = (survival && g.survival.tracked > 0)
        .then(|| g.survival.surviving as f64 / g.survival.tracked as f64);
}

fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "-".into(), |r| format!("{:.1}%", r * 100.0))
}

fn by_name(by: StatsBy) -> &'static str {
    match by {
        StatsBy::Model => "model",
        StatsBy::Agent => "agent",
        StatsBy::Author => "author",
        StatsBy::Month => "month",
        StatsBy::Path => "path",
    }
}

fn print(
    groups: &[Group],
    total: &Group,
    args: &StatsArgs,
    survival: bool,
    io: &mut Io<'_>,
) -> Result<(), Error> {
    match args.format {
        StatsFormat::Json => {
            let doc = serde_json::json!({
                "version": 1,
                "by": by_name(args.by),
                "range": args.revision.as_deref().unwrap_or("HEAD"),
                "survival": survival,
                "groups": groups,
                "total": total,
            });
            writeln!(io.out, "{doc}").map_err(write_err)
        }
        StatsFormat::Csv => {
            writeln!(
                io.out,
                "{},commits,ai,edited,human,unknown,modification_ratio,ai_tracked,ai_surviving,ai_rewritten,survival",
                by_name(args.by)
            )
            .map_err(write_err)?;
            let ratio = |r: Option<f64>| r.map_or_else(String::new, |r| format!("{r:.4}"));
            for g in groups.iter().chain([total]) {
                writeln!(
                    io.out,
                    "{},{},{},{},{},{},{},{},{},{},{}",
                    csv_field(&g.group),
                    g.commits,
                    g.lines.ai,
                    g.lines.edited,
                    g.lines.human,
                    g.lines.unknown,
                    ratio(g.modification_ratio),
                    g.survival.tracked,
                    g.survival.surviving,
                    g.survival.rewritten,
                    ratio(g.survival.ratio),
                )
                .map_err(write_err)?;
            }
            Ok(())
        }
        StatsFormat::Table => {
            let width = groups
                .iter()
                .map(|g| g.group.chars().count())
                .max()
                .unwrap_or(0)
                .clamp(5, 48);
            writeln!(
                io.out,
                "{:<width$}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}  {:>8}",
                by_name(args.by),
                "commits",
                "ai",
                "edited",
                "human",
                "unknown",
                "modified",
                "tracked",
                "survival"
            )
            .map_err(write_err)?;
            for g in groups.iter().chain([total]) {
                let name: String = if g.group.chars().count() > width {
                    let mut s: String = g.group.chars().take(width - 1).collect();
                    s.push('…');
                    s
                } else {
                    g.group.clone()
                };
                writeln!(
                    io.out,
                    "{:<width$}  {:>7}  {:>8}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}  {:>8}",
                    name,
                    g.commits,
                    g.lines.ai,
                    g.lines.edited,
                    g.lines.human,
                    g.lines.unknown,
                    percent(g.modification_ratio),
                    g.survival.tracked,
                    if survival {
                        percent(g.survival.ratio)
                    } else {
                        "-".into()
                    },
                )
                .map_err(write_err)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ai_lines_trailer() {
        let c = parse_ai_lines("ai=3 edited=1 human=0").unwrap();
        assert_eq!((c.ai, c.edited, c.human), (3, 1, 0));
        assert_eq!(parse_ai_lines("human=2 ai=1").unwrap().human, 2);
        assert!(parse_ai_lines("ai=x").is_none());
        assert!(parse_ai_lines("").is_none());
        assert!(parse_ai_lines("lots").is_none());
    }

    #[test]
    fn line_counts_like_git() {
        assert_eq!(line_count(b""), 0);
        assert_eq!(line_count(b"a"), 1);
        assert_eq!(line_count(b"a\nb\n"), 2);
        assert_eq!(line_count(b"a\nb"), 2);
    }

    #[test]
    fn ratios() {
        let mut g = Group {
            lines: Lines {
                ai: 3,
                edited: 1,
                human: 5,
                unknown: 0,
            },
            survival: Survival {
                tracked: 4,
                surviving: 3,
                ..Survival::default()
            },
            ..Group::default()
        };
        finish(&mut g, true);
        assert_eq!(g.modification_ratio, Some(0.25));
        assert_eq!(g.survival.ratio, Some(0.75));
        assert_eq!(g.survival.rewritten, 1);
        finish(&mut g, false);
        assert_eq!(g.survival.ratio, None);
    }
}
