//! `provenance log`: AI-assisted history, filtered like `git log`.

use crate::args::{LogArgs, LogFormat};
use crate::session::write_err;
use crate::trailers_cmd::commit_trailer_config;
use crate::{Error, Globals, Io};
use provenance_attribution::{
    detect_message, detected_from_message, normalize_model, resolve_agent,
};
use provenance_checks::ExitCode;
use provenance_git::{CommitInfo, Repo};
use regex::{Regex, RegexBuilder};
use serde::Serialize;

/// One row of `provenance log`.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    author: String,
    email: String,
    date: String,
    ai: bool,
    agent: Option<String>,
    model: Option<String>,
    session: Option<String>,
    prompts: Vec<String>,
    lines: Option<String>,
    subject: String,
}

struct Filters {
    agent: Option<String>,
    model: Option<String>,
    author: Option<Regex>,
    grep: Option<Regex>,
    since: Option<i64>,
    until: Option<i64>,
    ai: bool,
    human: bool,
    paths: Vec<String>,
}

pub(crate) fn run(globals: &Globals, args: &LogArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let now = chrono::Utc::now().timestamp();
    let regex = |flag: &str, p: &str| {
        RegexBuilder::new(p)
            .multi_line(true)
            .build()
            .map_err(|e| Error::usage(format!("--{flag}: invalid regex `{p}`: {e}")))
    };
    let mut filters = Filters {
        agent: args
            .agent
            .as_deref()
            .map(|a| resolve_agent(a, true).map_err(|e| Error::usage(format!("--agent: {e}"))))
            .transpose()?,
        model: args.model.as_deref().map(normalize_model),
        author: args
            .author
            .as_deref()
            .map(|p| regex("author", p))
            .transpose()?,
        grep: args.grep.as_deref().map(|p| regex("grep", p)).transpose()?,
        since: args
            .since
            .as_deref()
            .map(|d| parse_date(d, now))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|d| parse_date(d, now))
            .transpose()?,
        ai: args.ai,
        human: args.human,
        paths: Vec::new(),
    };

    let repo = Repo::discover(&globals.dir)?;
    // Pathspecs are relative to the directory the command runs in, as in git.
    let prefix = cwd_prefix(&repo, &globals.dir);
    filters.paths = args
        .paths
        .iter()
        .map(|p| {
            let joined = match &prefix {
                Some(pre) => format!("{pre}/{p}"),
                None => p.clone(),
            };
            normalize_pathspec(&joined)
                .ok_or_else(|| Error::usage(format!("{p}: outside the repository")))
        })
        .collect::<Result<_, _>>()?;
    let (tips, hidden) = match &args.revision {
        Some(r) => repo.resolve_range(r)?,
        None => match repo.head_id()? {
            Some(h) => (vec![h], Vec::new()),
            None => (Vec::new(), Vec::new()),
        },
    };
    let tconfig = commit_trailer_config(&repo);
    let mut rows = Vec::new();
    if !tips.is_empty() {
        let limit = args.max_count.unwrap_or(usize::MAX);
        repo.walk(&tips, &hidden, |c| {
            if let Some(row) = row_if_matching(&repo, &c, &filters, &tconfig)? {
                rows.push(row);
            }
            Ok(rows.len() < limit)
        })?;
    }
    print(&rows, args.format, io)?;
    Ok(ExitCode::Ok)
}

fn row_if_matching(
    repo: &Repo,
    c: &CommitInfo,
    f: &Filters,
    tconfig: &provenance_trailers::Config,
) -> Result<Option<Row>, provenance_git::GitError> {
    // Cheap filters first, as git does.
    if f.since.is_some_and(|s| c.committer.time < s)
        || f.until.is_some_and(|u| c.committer.time > u)
    {
        return Ok(None);
    }
    if let Some(re) = &f.author {
        let who = format!("{} <{}>", c.author.name, c.author.email);
        if !re.is_match(&who) {
            return Ok(None);
        }
    }
    if let Some(re) = &f.grep {
        if !re.is_match(&c.message) {
            return Ok(None);
        }
    }
    let trailers: Vec<(String, String)> = provenance_trailers::parse(&c.message, tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let markers = detect_message(&trailers, &c.message);
    let detected = detected_from_message(&markers);
    let ai = detected.is_some();
    if (f.ai && !ai) || (f.human && ai) {
        return Ok(None);
    }
    if let Some(agent) = &f.agent {
        if detected.as_ref().map(|d| &d.agent) != Some(agent) {
            return Ok(None);
        }
    }
    if let Some(model) = &f.model {
        if detected.as_ref().and_then(|d| d.model.as_ref()) != Some(model) {
            return Ok(None);
        }
    }
    if !f.paths.is_empty() && !touches(repo, c, &f.paths)? {
        return Ok(None);
    }
    let value = |key: &str| -> Vec<String> {
        trailers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
            .collect()
    };
    Ok(Some(Row {
        id: c.id.clone(),
        author: c.author.name.clone(),
        email: c.author.email.clone(),
        date: format_date(c.author.time, c.author.offset),
        ai,
        agent: detected.as_ref().map(|d| d.agent.clone()),
        model: detected.as_ref().and_then(|d| d.model.clone()),
        session: detected.as_ref().and_then(|d| d.session.clone()),
        prompts: value("AI-Prompt"),
        lines: value("AI-Lines").into_iter().next(),
        subject: c.subject().to_string(),
    }))
}

/// A commit touches `paths` when a path under one of them differs from the first parent
/// (for merges: from every parent, as git's default history simplification shows them).
fn touches(
    repo: &Repo,
    c: &CommitInfo,
    paths: &[String],
) -> Result<bool, provenance_git::GitError> {
    let under = |p: &String| paths.iter().any(|q| pathspec_matches(q, p));
    if c.parents.is_empty() {
        return Ok(repo.changed_paths(&c.id, None)?.iter().any(under));
    }
    for parent in &c.parents {
        if !repo.changed_paths(&c.id, Some(parent))?.iter().any(under) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Resolve `.` and `..` in a worktree-relative pathspec; `None` when it climbs above the
/// root. The worktree root itself is `""` (matches everything).
fn normalize_pathspec(spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The directory `dir` relative to the worktree root (`None` at the root or outside).
fn cwd_prefix(repo: &Repo, dir: &std::path::Path) -> Option<String> {
    let root = std::fs::canonicalize(repo.workdir()?).ok()?;
    let here = std::fs::canonicalize(dir).ok()?;
    let rel = here.strip_prefix(&root).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    (!rel.is_empty()).then_some(rel)
}

/// git's default pathspec rule: `spec` names the path itself or a directory above it;
/// a spec with `*`, `?` or `[` is a glob over the whole path in which `*` also matches
/// `/` (git's wildmatch without WM_PATHNAME), so `*.md` matches `docs/readme.md`.
fn pathspec_matches(spec: &str, path: &str) -> bool {
    if spec.is_empty() || path == spec || path.starts_with(&format!("{spec}/")) {
        return true;
    }
    spec.contains(['*', '?', '[']) && wildmatch(spec.as_bytes(), path.as_bytes())
}

/// `fnmatch(3)` without FNM_PATHNAME: `*` (any run, `/` included), `?`, `[…]` with ranges
/// and `!`/`^` negation, `\` escapes.
fn wildmatch(pat: &[u8], text: &[u8]) -> bool {
    match pat.first() {
        None => text.is_empty(),
        Some(b'*') => {
            let rest = &pat[1..];
            (0..=text.len()).any(|i| wildmatch(rest, &text[i..]))
        }
        Some(b'?') => !text.is_empty() && wildmatch(&pat[1..], &text[1..]),
        Some(b'[') => {
            let Some((&c, text_rest)) = text.split_first() else {
                return false;
            };
            match class_matches(&pat[1..], c) {
                Some((hit, after)) => hit && wildmatch(after, text_rest),
                // An unterminated class is a literal `[`.
                None => c == b'[' && wildmatch(&pat[1..], text_rest),
            }
        }
        Some(b'\\') if pat.len() > 1 => {
            text.first() == Some(&pat[1]) && wildmatch(&pat[2..], &text[1..])
        }
        Some(&p) => text.first() == Some(&p) && wildmatch(&pat[1..], &text[1..]),
    }
}

/// Match `c` against the class starting just after `[`; returns (matched, rest of the
/// pattern after `]`), or `None` when the class never closes.
fn class_matches(pat: &[u8], c: u8) -> Option<(bool, &[u8])> {
    let (negate, mut i) = match pat.first() {
        Some(b'!') | Some(b'^') => (true, 1),
        _ => (false, 0),
    };
    let mut hit = false;
    let mut first = true;
    while i < pat.len() {
        if pat[i] == b']' && !first {
            return Some((hit != negate, &pat[i + 1..]));
        }
        first = false;
        if i + 2 < pat.len() && pat[i + 1] == b'-' && pat[i + 2] != b']' {
            hit |= (pat[i]..=pat[i + 2]).contains(&c);
            i += 3;
        } else {
            hit |= pat[i] == c;
            i += 1;
        }
    }
    None
}

fn print(rows: &[Row], format: LogFormat, io: &mut Io<'_>) -> Result<(), Error> {
    match format {
        LogFormat::Json => {
            let doc = serde_json::json!({ "version": 1, "commits": rows });
            writeln!(io.out, "{doc}").map_err(write_err)
        }
        LogFormat::Ndjson => {
            for r in rows {
                let line = serde_json::to_string(r).map_err(|e| Error::internal(e.to_string()))?;
                writeln!(io.out, "{line}").map_err(write_err)?;
            }
            Ok(())
        }
        LogFormat::Csv => {
            writeln!(
                io.out,
                "id,date,author,email,ai,agent,model,session,prompts,lines,subject"
            )
            .map_err(write_err)?;
            for r in rows {
                let fields = [
                    r.id.clone(),
                    r.date.clone(),
                    r.author.clone(),
                    r.email.clone(),
                    r.ai.to_string(),
                    r.agent.clone().unwrap_or_default(),
                    r.model.clone().unwrap_or_default(),
                    r.session.clone().unwrap_or_default(),
                    r.prompts.join(" "),
                    r.lines.clone().unwrap_or_default(),
                    r.subject.clone(),
                ];
                let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                writeln!(io.out, "{}", line.join(",")).map_err(write_err)?;
            }
            Ok(())
        }
        LogFormat::Table => {
            for r in rows {
                let who = match (&r.agent, &r.model) {
                    (Some(a), Some(m)) => format!("{a}:{m}"),
                    (Some(a), None) => a.clone(),
                    _ => "human".to_string(),
                };
                writeln!(
                    io.out,
                    "{}  {}  {:<18}  {:<32}  {}",
                    &r.id[..r.id.len().min(10)],
                    &r.date[..r.date.len().min(10)],
                    truncate(&r.author, 18),
                    truncate(&who, 32),
                    r.subject
                )
                .map_err(write_err)?;
            }
            Ok(())
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// RFC 4180: quote fields with commas, quotes or newlines; neutralise spreadsheet formulas.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn format_date(time: i64, offset: i32) -> String {
    use chrono::{FixedOffset, Offset, TimeZone};
    let tz = FixedOffset::east_opt(offset).unwrap_or_else(|| chrono::Utc.fix());
    tz.timestamp_opt(time, 0)
        .single()
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

/// Dates for --since/--until: `YYYY-MM-DD` (00:00 UTC), `YYYY-MM-DD HH:MM:SS [+ZZZZ]`,
/// RFC 3339, `@<unix seconds>`, `N <unit>s ago` / `N.units.ago`.
pub(crate) fn parse_date(text: &str, now: i64) -> Result<i64, Error> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let t = text.trim();
    if let Some(secs) = t.strip_prefix('@') {
        if let Ok(n) = secs.parse::<i64>() {
            return Ok(n);
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.timestamp());
    }
    if let Ok(d) = DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S %z") {
        return Ok(d.timestamp());
    }
    if let Ok(d) = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S") {
        return Ok(d.and_utc().timestamp());
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc().timestamp())
            .unwrap_or(0));
    }
    let words: Vec<&str> = t.split(['.', ' ']).filter(|w| !w.is_empty()).collect();
    if let [n, unit, "ago"] = words[..] {
        if let Ok(n) = n.parse::<i64>() {
            let unit = unit.trim_end_matches('s');
            let secs = match unit {
                "second" => 1,
                "minute" => 60,
                "hour" => 3600,
                "day" => 86_400,
                "week" => 7 * 86_400,
                "month" => 30 * 86_400,
                "year" => 365 * 86_400,
                _ => 0,
            };
            if secs > 0 {
                return Ok(now - n * secs);
            }
        }
    }
    Err(Error::usage(format!(
        "cannot read the date `{text}`: expected YYYY-MM-DD, \"YYYY-MM-DD HH:MM:SS +ZZZZ\", RFC 3339, @<unix seconds> or \"N days ago\""
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024-01-02", 0).unwrap(), 1_704_153_600);
        assert_eq!(
            parse_date("2024-01-02 00:00:00 +0100", 0).unwrap(),
            1_704_150_000
        );
        assert_eq!(parse_date("@42", 0).unwrap(), 42);
        assert_eq!(
            parse_date("2 days ago", 200_000).unwrap(),
            200_000 - 172_800
        );
        assert_eq!(
            parse_date("1.week.ago", 700_000).unwrap(),
            700_000 - 604_800
        );
        assert!(parse_date("yesterday-ish", 0).is_err());
    }

    #[test]
    fn pathspecs_like_git() {
        assert!(pathspec_matches("src", "src/a.rs"));
        assert!(!pathspec_matches("src", "srcx/a.rs"));
        assert!(pathspec_matches("*.md", "docs/readme.md"));
        assert!(pathspec_matches("src/*.rs", "src/sub/dir/file.rs"));
        assert!(pathspec_matches("src/[ab].rs", "src/b.rs"));
        assert!(!pathspec_matches("src/[!ab].rs", "src/b.rs"));
        assert!(pathspec_matches("a?c", "abc"));
        assert!(!pathspec_matches("a?c", "ac"));
        assert!(pathspec_matches("a\\*", "a*"));
        assert!(!pathspec_matches("a\\*", "ab"));
    }

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
