//! `provenance log`: AI-assisted history, filtered like `git log`.

use crate::args::{Color, LogArgs, LogFormat};
use crate::log_template::{who_helped, Template};
use crate::pager::Pager;
use crate::session::write_err;
use crate::trailers_cmd::commit_trailer_config;
use crate::{Error, Globals, Io};
use provenance_attribution::{
    detect_message, detected_from_message, identity_agent, normalize_model, resolve_agent,
    Detected, Source,
};
use provenance_checks::ExitCode;
use provenance_git::{ChangedPathFilters, CommitInfo, PathKey, Repo, WalkedCommit};
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use std::io::Write;
use std::time::{Duration, Instant};

/// One row of `provenance log` (also what `--format` templates read).
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub id: String,
    pub author: String,
    pub email: String,
    pub date: String,
    pub ai: bool,
    pub agent: Option<String>,
    pub model: Option<String>,
    pub session: Option<String>,
    pub prompts: Vec<String>,
    pub lines: Option<String>,
    pub subject: String,
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
    paths: Vec<Pathspec>,
    /// The commit-graph's changed-path filters and the keys of `paths`, when every spec
    /// is a plain path and the repository has filters.
    bloom: Option<(ChangedPathFilters, Vec<PathKey>)>,
    /// `paths` as plain root-relative paths, when every spec is one.
    literal: Option<Vec<String>>,
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
            .map(|d| parse_date(d, now, &chrono::Local))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|d| parse_date(d, now, &chrono::Local))
            .transpose()?,
        ai: args.ai,
        human: args.human,
        paths: Vec::new(),
        bloom: None,
        literal: None,
    };

    let format = if args.oneline {
        LogFormat::Oneline
    } else {
        args.format.clone()
    };
    let template = match &format {
        LogFormat::Template { template, .. } => {
            Some(Template::parse(template).map_err(Error::usage)?)
        }
        _ => None,
    };

    let repo = Repo::discover(&globals.dir)?;
    // Pathspecs are relative to the directory the command runs in, as in git.
    let prefix = cwd_prefix(&repo, &globals.dir);
    filters.paths = args
        .paths
        .iter()
        .map(|p| Pathspec::parse(p, prefix.as_deref()).map_err(Error::usage))
        .collect::<Result<_, _>>()?;
    let keys: Option<Vec<PathKey>> = filters.paths.iter().map(Pathspec::bloom_key).collect();
    if let Some(keys) = keys.filter(|k| !k.is_empty()) {
        filters.literal = Some(filters.paths.iter().map(|p| p.pattern.clone()).collect());
        filters.bloom = repo.changed_path_filters().map(|f| (f, keys));
    }
    let (tips, hidden) = match &args.revision {
        Some(r) => repo.resolve_range(r)?,
        None => match repo.head_id()? {
            Some(h) => (vec![h], Vec::new()),
            None => (Vec::new(), Vec::new()),
        },
    };
    let tconfig = commit_trailer_config(&repo);
    let cfg = repo
        .config()
        .map_err(|e| Error::usage(format!("git configuration: {e}")))?;
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let mut pager = if !args.no_pager && (args.paginate || tty) {
        crate::pager::command(cfg.string("core.pager")).and_then(|c| Pager::start(&c))
    } else {
        None
    };
    let color = match globals.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => color_auto(cfg.string("color.ui").as_deref(), tty || pager.is_some()),
    };
    let out: &mut dyn Write = match &mut pager {
        Some(p) => &mut p.input,
        None => &mut *io.out,
    };
    let mut printer = Printer {
        out,
        format,
        template,
        stat: args.stat,
        color,
        rows: 0,
        flushed: Instant::now(),
    };
    let result = walk_and_print(
        &repo,
        &tips,
        &hidden,
        args.max_count,
        &filters,
        &tconfig,
        &mut printer,
    );
    drop(printer);
    if let Some(p) = pager {
        p.finish();
    }
    result.map(|()| ExitCode::Ok)
}

/// Print each matching commit as the walk reaches it, so the first row shows at once.
fn walk_and_print(
    repo: &Repo,
    tips: &[String],
    hidden: &[String],
    max_count: Option<usize>,
    filters: &Filters,
    tconfig: &provenance_trailers::Config,
    printer: &mut Printer<'_>,
) -> Result<(), Error> {
    printer.begin()?;
    // `-n 0` shows nothing, as in git (the walk below stops only after a match).
    let limit = max_count.unwrap_or(usize::MAX);
    let mut failed = None;
    // One commit the walk shows: print it when the other filters keep it; false stops.
    let mut show = |w: &WalkedCommit<'_>| -> Result<bool, provenance_git::GitError> {
        let c = w.commit()?;
        if let Some(row) = row_if_matching(&c, filters, tconfig)? {
            if let Err(e) = printer.row(repo, &c, &row) {
                failed = Some(e);
                return Ok(false);
            }
        }
        Ok(printer.rows < limit)
    };
    if !tips.is_empty() && limit > 0 {
        if filters.paths.is_empty() {
            repo.walk_lazy(tips, hidden, &mut show)?;
        } else {
            // Path-limited: git's history simplification decides which commits are shown.
            let changed = |w: &WalkedCommit<'_>, parent: Option<usize>| {
                changes_paths(repo, w, parent, filters)
            };
            repo.walk_simplified(tips, hidden, changed, &mut show)?;
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    printer.end()
}

/// git's `color.ui` (color.c `git_config_colorbool`): never/false off, always on, and
/// auto/true or unset on when the output is a terminal (or a pager) — unless `NO_COLOR` is
/// set (no-color.org) or `TERM=dumb`.
fn color_auto(ui: Option<&str>, terminal: bool) -> bool {
    let ui = ui.map(str::to_ascii_lowercase);
    match ui.as_deref() {
        Some("never" | "false" | "no" | "off" | "0") => return false,
        Some("always") => return true,
        _ => {}
    }
    terminal
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

fn row_if_matching(
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
    let (trailers, detected) = commit_detection(c, tconfig);
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
        subject: crate::log_template::subject(&c.message),
    }))
}

/// A commit's trailers (`(key, value)` in message order) and who helped write it, from its
/// message alone: the attribution trailers and vendor markers, else an agent's identity as
/// the commit's author or committer (cloud agents, bots: AI-assisted, model and lines
/// unknown). `log`, `stats` and `report` all decide "AI-assisted" here.
pub(crate) fn commit_detection(
    c: &CommitInfo,
    tconfig: &provenance_trailers::Config,
) -> (Vec<(String, String)>, Option<Detected>) {
    let trailers: Vec<(String, String)> = provenance_trailers::parse(&c.message, tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let markers = detect_message(&trailers, &c.message);
    let detected = detected_from_message(&markers).or_else(|| {
        [&c.author, &c.committer]
            .into_iter()
            .find_map(|who| identity_agent(&who.name, &who.email))
            .map(|agent| Detected {
                agent: agent.id.to_string(),
                model: None,
                session: None,
                source: Source::Message,
            })
    });
    (trailers, detected)
}

/// Whether commit `w` changed any path the specs select, against parent `Some(i)` or, for a
/// root commit, against the empty tree. The commit-graph's filters answer "no" for most
/// commits against their first parent without reading a tree.
fn changes_paths(
    repo: &Repo,
    w: &WalkedCommit<'_>,
    parent: Option<usize>,
    f: &Filters,
) -> Result<bool, provenance_git::GitError> {
    if let (Some((bloom, keys)), Some(0)) = (&f.bloom, parent) {
        if bloom.maybe_changed(w, keys) == Some(false) {
            return Ok(false);
        }
    }
    let parent = parent.and_then(|i| w.parents.get(i)).map(String::as_str);
    if let Some(literal) = &f.literal {
        // Plain paths: only the trees along them are read.
        return repo.changes_under(&w.id, parent, literal);
    }
    Ok(repo
        .changed_paths(&w.id, parent)?
        .iter()
        .any(|p| selected(&f.paths, p)))
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

/// A pathspec as git reads it (gitglossary "pathspec"): long magic `:(top,icase,glob,
/// literal,exclude)pattern`, short magic `:/pattern` (top) and `:!pattern` / `:^pattern`
/// (exclude), and otherwise a pattern relative to the directory the command runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pathspec {
    /// The pattern relative to the worktree root (`""` = the whole tree).
    pattern: String,
    /// `exclude` / `!` / `^`: paths it matches are left out.
    exclude: bool,
    /// `icase`: ASCII case-insensitive.
    icase: bool,
    /// How `*`, `?` and `[` match.
    wildcards: Wildcards,
}

/// How a pathspec's wildcards match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wildcards {
    /// git's default: fnmatch(3) without FNM_PATHNAME over the whole path, so `*` also
    /// matches `/` (`*.md` matches `docs/readme.md`).
    Fnmatch,
    /// `:(glob)`: wildmatch with WM_PATHNAME — `*` and `?` stop at `/`, `**/`, `/**/` and
    /// `/**` match across directories.
    Glob,
    /// `:(literal)`: no wildcards at all.
    Literal,
}

impl Pathspec {
    /// Read `raw` as git does; `prefix` is the directory the command runs in, relative to
    /// the root (`None` at the root). The error is the message to show.
    fn parse(raw: &str, prefix: Option<&str>) -> Result<Pathspec, String> {
        let (mut top, mut exclude, mut icase, mut glob, mut literal) =
            (false, false, false, false, false);
        let mut pattern = raw;
        if let Some(after) = raw.strip_prefix(':') {
            if let Some(long) = after.strip_prefix('(') {
                let Some((magic, rest)) = long.split_once(')') else {
                    return Err(format!(
                        "Missing ')' at the end of pathspec magic in {}",
                        quote_path(raw)
                    ));
                };
                for word in magic.split(',').filter(|w| !w.is_empty()) {
                    match word {
                        "top" => top = true,
                        "exclude" => exclude = true,
                        "icase" => icase = true,
                        "glob" => glob = true,
                        "literal" => literal = true,
                        w if w.starts_with("attr:") => {
                            return Err(format!(
                                "{}: pathspec magic `attr` is not supported (it needs .gitattributes of every commit)",
                                quote_path(raw)
                            ))
                        }
                        w => {
                            return Err(format!(
                                "Invalid pathspec magic '{}' in {}",
                                quote_path(w),
                                quote_path(raw)
                            ))
                        }
                    }
                }
                pattern = rest;
            } else {
                // Short magic: signature characters up to an optional closing `:`.
                let mut end = after.len();
                for (i, c) in after.char_indices() {
                    match c {
                        '/' => top = true,
                        '!' | '^' => exclude = true,
                        ':' => {
                            end = i + 1;
                            break;
                        }
                        _ => {
                            end = i;
                            break;
                        }
                    }
                }
                pattern = &after[end..];
            }
        }
        if glob && literal {
            return Err(format!(
                "{}: 'literal' and 'glob' are incompatible",
                quote_path(raw)
            ));
        }
        let joined = match prefix {
            Some(pre) if !top => format!("{pre}/{pattern}"),
            _ => pattern.to_string(),
        };
        let Some(pattern) = normalize_pathspec(&joined) else {
            return Err(format!("{}: outside the repository", quote_path(raw)));
        };
        let wildcards = if literal {
            Wildcards::Literal
        } else if glob {
            Wildcards::Glob
        } else {
            Wildcards::Fnmatch
        };
        Ok(Pathspec {
            pattern,
            exclude,
            icase,
            wildcards,
        })
    }

    /// The filter key of a spec that names one path exactly (no wildcard, no magic that
    /// changes matching); `None` for any other.
    fn bloom_key(&self) -> Option<PathKey> {
        let wild =
            self.wildcards != Wildcards::Literal && self.pattern.contains(['*', '?', '[', '\\']);
        if self.exclude || self.icase || wild {
            return None;
        }
        PathKey::new(&self.pattern)
    }

    /// Does the spec name `path` (root-relative), the way git limits a history: the path
    /// itself, a directory above it, or a wildcard match over the whole path.
    fn matches(&self, path: &str) -> bool {
        let (spec, path) = if self.icase {
            (self.pattern.to_ascii_lowercase(), path.to_ascii_lowercase())
        } else {
            (self.pattern.clone(), path.to_string())
        };
        if spec.is_empty()
            || path == spec
            || (path.starts_with(&spec) && path.as_bytes().get(spec.len()) == Some(&b'/'))
        {
            return true;
        }
        let wild = spec.contains(['*', '?', '[']);
        match self.wildcards {
            Wildcards::Literal => false,
            Wildcards::Fnmatch => wild && wildmatch(spec.as_bytes(), path.as_bytes(), false),
            Wildcards::Glob => wild && wildmatch(spec.as_bytes(), path.as_bytes(), true),
        }
    }
}

/// Is `path` in the history `specs` limit: matched by some non-exclude spec (or there is
/// none — git then starts from the whole tree) and by no exclude spec.
fn selected(specs: &[Pathspec], path: &str) -> bool {
    let mut positive = specs.iter().filter(|s| !s.exclude).peekable();
    let included = positive.peek().is_none() || positive.any(|s| s.matches(path));
    included && !specs.iter().any(|s| s.exclude && s.matches(path))
}

/// git's wildmatch (wildmatch.c) over a whole path: `*` (with `pathname`, not across
/// `/`; a `**` between slashes or at either end crosses directories), `?`, `[…]` with
/// ranges and `!`/`^` negation, `\` escapes.
fn wildmatch(pat: &[u8], text: &[u8], pathname: bool) -> bool {
    wild_from(pat, 0, text, pathname)
}

/// [`wildmatch`] of `pat[p..]` against `text`; the whole pattern is kept so a `**` can see
/// what precedes it.
fn wild_from(pat: &[u8], mut p: usize, text: &[u8], pathname: bool) -> bool {
    let mut t = 0;
    while p < pat.len() {
        match pat[p] {
            b'*' => {
                let star = p;
                while p < pat.len() && pat[p] == b'*' {
                    p += 1;
                }
                let match_slash = if !pathname {
                    true
                } else if p - star >= 2
                    && (star == 0 || pat[star - 1] == b'/')
                    && (p == pat.len() || pat[p] == b'/')
                {
                    // `**/` also matches no directory at all: `a/**/b` matches `a/b`.
                    if p < pat.len() && wild_from(pat, p + 1, &text[t..], pathname) {
                        return true;
                    }
                    true
                } else {
                    false
                };
                if p == pat.len() {
                    return match_slash || !text[t..].contains(&b'/');
                }
                for i in t..=text.len() {
                    if wild_from(pat, p, &text[i..], pathname) {
                        return true;
                    }
                    if i < text.len() && text[i] == b'/' && !match_slash {
                        return false;
                    }
                }
                return false;
            }
            b'?' => {
                if t >= text.len() || (pathname && text[t] == b'/') {
                    return false;
                }
                p += 1;
                t += 1;
            }
            b'[' => {
                let Some(&c) = text.get(t) else {
                    return false;
                };
                match class_matches(&pat[p + 1..], c) {
                    Some((hit, rest)) => {
                        if !hit || (pathname && c == b'/') {
                            return false;
                        }
                        p = pat.len() - rest.len();
                    }
                    // An unterminated class is a literal `[`.
                    None => {
                        if c != b'[' {
                            return false;
                        }
                        p += 1;
                    }
                }
                t += 1;
            }
            b'\\' if p + 1 < pat.len() => {
                if text.get(t) != Some(&pat[p + 1]) {
                    return false;
                }
                p += 2;
                t += 1;
            }
            c => {
                if text.get(t) != Some(&c) {
                    return false;
                }
                p += 1;
                t += 1;
            }
        }
    }
    t == text.len()
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

/// A path as git prints it with `core.quotePath` on (its default): unchanged when it holds
/// only printable ASCII other than `"` and `\`; otherwise in double quotes with C escapes
/// (`\t`, `\n`, `\"`, `\\`, …) and every other control or non-ASCII byte as `\ooo` octal
/// (git quote.c `quote_c_style`). A name with a newline or an escape sequence then cannot
/// forge lines or colours on the terminal.
fn quote_path(path: &str) -> String {
    let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f;
    if !path.bytes().any(needs) {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len() + 2);
    out.push('"');
    for b in path.bytes() {
        match b {
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b if needs(b) => out.push_str(&format!("\\{b:03o}")),
            b => out.push(char::from(b)),
        }
    }
    out.push('"');
    out
}

/// Writes rows as they come, in one format.
struct Printer<'w> {
    out: &'w mut dyn Write,
    format: LogFormat,
    template: Option<Template>,
    stat: bool,
    color: bool,
    rows: usize,
    flushed: Instant,
}

const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[m";

impl Printer<'_> {
    fn begin(&mut self) -> Result<(), Error> {
        match self.format {
            LogFormat::Json => write!(self.out, "{{\"version\":1,\"commits\":[").map_err(write_err),
            LogFormat::Csv => writeln!(
                self.out,
                "id,date,author,email,ai,agent,model,session,prompts,lines,subject"
            )
            .map_err(write_err),
            _ => Ok(()),
        }
    }

    fn end(&mut self) -> Result<(), Error> {
        if self.format == LogFormat::Json {
            writeln!(self.out, "]}}").map_err(write_err)?;
        }
        self.out.flush().map_err(write_err)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn row(&mut self, repo: &Repo, c: &CommitInfo, r: &Row) -> Result<(), Error> {
        let first = self.rows == 0;
        self.rows += 1;
        let line = match &self.format {
            LogFormat::Json => {
                let v = serde_json::to_value(r).map_err(|e| Error::internal(e.to_string()))?;
                format!("{}{v}", if first { "" } else { "," })
            }
            LogFormat::Ndjson => {
                let v = serde_json::to_string(r).map_err(|e| Error::internal(e.to_string()))?;
                format!("{v}\n")
            }
            LogFormat::Csv => {
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
                format!("{}\n", line.join(","))
            }
            LogFormat::Table => {
                let who = who_helped(r.agent.as_deref(), r.model.as_deref());
                let stat = if self.stat {
                    format!("{}  ", self.paint(GREEN, &format!("{:<14}", stat(r))))
                } else {
                    String::new()
                };
                format!(
                    "{}  {}  {:<18}  {}  {stat}{}\n",
                    self.paint(YELLOW, &r.id[..r.id.len().min(10)]),
                    &r.date[..r.date.len().min(10)],
                    truncate(&r.author, 18),
                    if r.ai {
                        self.paint(CYAN, &format!("{:<32}", truncate(&who, 32)))
                    } else {
                        format!("{:<32}", truncate(&who, 32))
                    },
                    r.subject
                )
            }
            LogFormat::Oneline => {
                let mut line = self.paint(YELLOW, &repo.abbrev(&r.id));
                if r.ai {
                    let who = who_helped(r.agent.as_deref(), r.model.as_deref());
                    line.push(' ');
                    line.push_str(&self.paint(CYAN, &format!("({who})")));
                }
                if self.stat {
                    line.push(' ');
                    line.push_str(&self.paint(GREEN, &format!("[{}]", stat(r))));
                }
                format!("{line} {}\n", r.subject)
            }
            LogFormat::Template { terminator, .. } => {
                let text = match &self.template {
                    Some(t) => t.render(c, r, &|id| repo.abbrev(id), self.color),
                    None => String::new(),
                };
                if *terminator {
                    format!("{text}\n")
                } else if first {
                    text
                } else {
                    format!("\n{text}")
                }
            }
        };
        self.out.write_all(line.as_bytes()).map_err(write_err)?;
        // The first row at once, then at least every 50 ms: a long, sparse walk still shows
        // what it has found.
        if first || self.flushed.elapsed() >= Duration::from_millis(50) {
            self.out.flush().map_err(write_err)?;
            self.flushed = Instant::now();
        }
        Ok(())
    }
}

/// `ai/edited/human` lines from the `AI-Lines` trailer, `-` when it has none.
fn stat(r: &Row) -> String {
    let Some(lines) = &r.lines else {
        return "-".to_string();
    };
    let get = |key: &str| {
        lines
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or("?")
    };
    format!("{}/{}/{}", get("ai"), get("edited"), get("human"))
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
pub(crate) fn csv_field(s: &str) -> String {
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

pub(crate) fn format_date(time: i64, offset: i32) -> String {
    use chrono::{FixedOffset, Offset, TimeZone};
    let tz = FixedOffset::east_opt(offset).unwrap_or_else(|| chrono::Utc.fix());
    tz.timestamp_opt(time, 0)
        .single()
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

/// A date for --since/--until, read as git's approxidate (date.c) reads the common forms:
///
/// - `@<seconds>` and a bare number of more than 8 digits: seconds since the epoch;
/// - RFC 2822 (`Tue, 2 Jan 2024 15:04:05 +0100`) and git's own format
///   (`Tue Jan 2 15:04:05 2024 +0100`);
/// - ISO 8601 `YYYY-MM-DD[( |T)HH:MM[:SS[.frac]]][Z|±HH[:]MM]`, also with `.` or `/` between
///   the date's numbers, and US `MM/DD/YYYY`: without a zone the time is local (`TZ`), and
///   a date without a time keeps the current time of day, as git does;
/// - relative: `now`, `today` (= now, as in git), `yesterday` (24 hours back), and
///   `N <unit>[s] [ago]` with units second … week (fixed lengths), month and year (calendar),
///   `N.units.ago`, number words `one` … `ten`, `last` (= 1), summed (`1 day 2 hours ago`).
///
/// Unlike git, text with nothing recognisable (or with words git would silently skip) is an
/// error rather than "now".
pub(crate) fn parse_date<Tz: chrono::TimeZone>(
    text: &str,
    now: i64,
    tz: &Tz,
) -> Result<i64, Error> {
    let t = text.trim();
    absolute_date(t, now, tz)
        .or_else(|| relative_date(t, now, tz))
        .ok_or_else(|| {
            Error::usage(format!(
                "cannot read the date `{text}`: expected e.g. 2024-01-02, \"2024-01-02 15:04:05 +0100\", an RFC 2822 date, @<unix seconds>, yesterday, today or \"2 weeks ago\""
            ))
        })
}

/// The forms that name a point in time (or a day) rather than a distance from now.
fn absolute_date<Tz: chrono::TimeZone>(t: &str, now: i64, tz: &Tz) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
    use std::sync::OnceLock;
    if let Some(rest) = t.strip_prefix('@') {
        // `@<seconds> [zone]`: the zone says how to print, not when.
        return rest.split_whitespace().next()?.parse().ok();
    }
    // date.c match_digit: "Seconds since 1970? We trigger on that for any numbers with
    // more than 8 digits."
    if t.len() > 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    // git does not check the day of the week; chrono does, so a wrong one is dropped.
    let undated = t.split_once(", ").map_or(t, |(_, rest)| rest);
    if let Ok(d) =
        DateTime::parse_from_rfc2822(t).or_else(|_| DateTime::parse_from_rfc2822(undated))
    {
        return Some(d.timestamp());
    }
    for format in ["%a %b %e %H:%M:%S %Y %z", "%b %e %H:%M:%S %Y %z"] {
        if let Ok(d) = DateTime::parse_from_str(t, format) {
            return Some(d.timestamp());
        }
    }
    static ISO: OnceLock<Option<Regex>> = OnceLock::new();
    static US: OnceLock<Option<Regex>> = OnceLock::new();
    let iso = ISO
        .get_or_init(|| {
            Regex::new(
                r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:(?:[T ]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$",
            )
            .ok()
        })
        .as_ref()?;
    let us = US
        .get_or_init(|| Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})$").ok())
        .as_ref()?;
    let num = |m: Option<regex::Match<'_>>| m.and_then(|m| m.as_str().parse::<u32>().ok());
    let (date, time, zone) = if let Some(c) = iso.captures(t) {
        let year = i32::try_from(num(c.get(1))?).ok()?;
        let date = NaiveDate::from_ymd_opt(year, num(c.get(2))?, num(c.get(3))?)?;
        let time = match c.get(4) {
            Some(_) => Some(NaiveTime::from_hms_opt(
                num(c.get(4))?,
                num(c.get(5))?,
                num(c.get(6)).unwrap_or(0),
            )?),
            None => None,
        };
        (date, time, c.get(7).map(|m| m.as_str()))
    } else if let Some(c) = us.captures(t) {
        let year = i32::try_from(num(c.get(3))?).ok()?;
        let date = NaiveDate::from_ymd_opt(year, num(c.get(1))?, num(c.get(2))?)?;
        (date, None, None)
    } else {
        return None;
    };
    // approxidate starts from the current local time and replaces what the text names,
    // so a bare date keeps the time of day it is now.
    let time = match time {
        Some(time) => time,
        None => {
            let here = tz.timestamp_opt(now, 0).single()?.naive_local();
            NaiveTime::from_hms_opt(here.hour(), here.minute(), here.second())?
        }
    };
    let local = NaiveDateTime::new(date, time);
    match zone {
        Some(z) => Some(local.and_utc().timestamp() - i64::from(zone_seconds(z)?)),
        None => local_timestamp(tz, local),
    }
}

/// `Z`, `±HH`, `±HHMM`, `±HH:MM` as seconds east of UTC.
fn zone_seconds(z: &str) -> Option<i32> {
    if z == "Z" {
        return Some(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = match digits.get(2..) {
        Some("") | None => 0,
        Some(m) => m.parse().ok()?,
    };
    Some(sign * (hours * 3600 + minutes * 60))
}

/// A local wall-clock time as a timestamp; in a daylight-saving gap, the hour after (as
/// mktime normalises it).
fn local_timestamp<Tz: chrono::TimeZone>(tz: &Tz, local: chrono::NaiveDateTime) -> Option<i64> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.timestamp())
}

/// `now`, `today`, `yesterday`, `last week`, `2 weeks ago`, `1.day.3.hours.ago`.
fn relative_date<Tz: chrono::TimeZone>(t: &str, now: i64, tz: &Tz) -> Option<i64> {
    const NUMBERS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let mut when = now;
    // As in date.c, a unit with no number before it counts zero of them ("weeks ago" is
    // now) and a number applies to the next unit only.
    let mut number: i64 = 0;
    let mut touched = false;
    let words = t
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .filter(|w| !w.is_empty());
    for word in words {
        let w = word.to_ascii_lowercase();
        if let Ok(n) = w.parse::<i64>() {
            number = n;
            continue;
        }
        if let Some(n) = NUMBERS.iter().position(|x| *x == w) {
            number = i64::try_from(n).ok()?;
            continue;
        }
        let seconds: i64 = match w.as_str() {
            "ago" => continue,
            "last" => {
                number = 1;
                continue;
            }
            // git has no special word "today": it leaves the time at now.
            "now" | "today" => 0,
            "yesterday" => 86_400,
            "second" | "seconds" => number,
            "minute" | "minutes" => number.checked_mul(60)?,
            "hour" | "hours" => number.checked_mul(3_600)?,
            "day" | "days" => number.checked_mul(86_400)?,
            "week" | "weeks" => number.checked_mul(604_800)?,
            "month" | "months" => {
                when = months_back(when, number, tz)?;
                number = 0;
                touched = true;
                continue;
            }
            "year" | "years" => {
                when = months_back(when, number.checked_mul(12)?, tz)?;
                number = 0;
                touched = true;
                continue;
            }
            _ => return None,
        };
        when = when.checked_sub(seconds)?;
        number = 0;
        touched = true;
    }
    touched.then_some(when)
}

/// `when` moved `months` calendar months back in local time, the day of the month kept
/// and an overflow carried into the next month (Mar 31 − 1 month = Mar 3, as mktime does).
fn months_back<Tz: chrono::TimeZone>(when: i64, months: i64, tz: &Tz) -> Option<i64> {
    use chrono::{Datelike, NaiveDate};
    let local = tz.timestamp_opt(when, 0).single()?.naive_local();
    let index = i64::from(local.year()) * 12 + i64::from(local.month0()) - months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month0 = u32::try_from(index.rem_euclid(12)).ok()?;
    let first = NaiveDate::from_ymd_opt(year, month0 + 1, 1)?;
    let date = first.checked_add_days(chrono::Days::new(u64::from(local.day() - 1)))?;
    local_timestamp(tz, date.and_time(local.time()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let utc = chrono::Utc;
        assert_eq!(parse_date("2024-01-02", 0, &utc).unwrap(), 1_704_153_600);
        // A bare date keeps the time of day of now (approxidate), here 01:02:03.
        assert_eq!(
            parse_date("2024-01-02", 3_723, &utc).unwrap(),
            1_704_157_323
        );
        assert_eq!(
            parse_date("2024-01-02 00:00:00 +0100", 0, &utc).unwrap(),
            1_704_150_000
        );
        assert_eq!(
            parse_date("2024-01-02T10:20:30+01:00", 0, &utc).unwrap(),
            1_704_187_230
        );
        assert_eq!(
            parse_date("Tue, 2 Jan 2024 15:04:05 +0100", 0, &utc).unwrap(),
            1_704_204_245
        );
        // git does not check the weekday.
        assert_eq!(
            parse_date("Mon, 2 Jan 2024 15:04:05 +0100", 0, &utc).unwrap(),
            1_704_204_245
        );
        assert_eq!(
            parse_date("Tue Jan 2 15:04:05 2024 +0100", 0, &utc).unwrap(),
            1_704_204_245
        );
        assert_eq!(parse_date("@42", 0, &utc).unwrap(), 42);
        assert_eq!(parse_date("1700000000", 0, &utc).unwrap(), 1_700_000_000);
        assert_eq!(parse_date("01/02/2024", 0, &utc).unwrap(), 1_704_153_600);
        let now = 1_796_608_887; // 2026-12-07 02:01:27 UTC
        assert_eq!(parse_date("2 days ago", now, &utc).unwrap(), now - 172_800);
        assert_eq!(parse_date("1.week.ago", now, &utc).unwrap(), now - 604_800);
        assert_eq!(parse_date("yesterday", now, &utc).unwrap(), now - 86_400);
        assert_eq!(parse_date("today", now, &utc).unwrap(), now);
        assert_eq!(parse_date("last week", now, &utc).unwrap(), now - 604_800);
        assert_eq!(parse_date("weeks ago", now, &utc).unwrap(), now);
        assert_eq!(
            parse_date("1 day 2 hours ago", now, &utc).unwrap(),
            now - 93_600
        );
        // Calendar months and years, as git's figures for the same now.
        assert_eq!(parse_date("1 month ago", now, &utc).unwrap(), 1_794_016_887);
        assert_eq!(parse_date("1 year ago", now, &utc).unwrap(), 1_765_072_887);
        // Local time when no zone is given.
        let east2 = chrono::FixedOffset::east_opt(7_200).unwrap();
        assert_eq!(
            parse_date("2024-01-02 10:20:30", 0, &east2).unwrap(),
            1_704_183_630
        );
        assert!(parse_date("yesterday-ish", 0, &utc).is_err());
        assert!(parse_date("2024-13-40", 0, &utc).is_err());
        assert!(parse_date("", 0, &utc).is_err());
    }

    fn spec(raw: &str) -> Pathspec {
        Pathspec::parse(raw, None).unwrap()
    }

    #[test]
    fn pathspecs_like_git() {
        let m = |s: &str, p: &str| spec(s).matches(p);
        assert!(m("src", "src/a.rs"));
        assert!(!m("src", "srcx/a.rs"));
        assert!(m("*.md", "docs/readme.md"));
        assert!(m("src/*.rs", "src/sub/dir/file.rs"));
        assert!(m("src/[ab].rs", "src/b.rs"));
        assert!(!m("src/[!ab].rs", "src/b.rs"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("a\\*", "a*"));
        assert!(!m("a\\*", "ab"));
    }

    #[test]
    fn pathspec_magic() {
        let s = spec(":(exclude,icase)Docs");
        assert!(s.exclude && s.icase && s.matches("docs/a.md"));
        assert!(spec(":!docs").exclude && spec(":^docs").exclude);
        assert_eq!(spec(":!:docs").pattern, "docs");
        assert_eq!(
            Pathspec::parse(":/docs", Some("src")).unwrap().pattern,
            "docs"
        );
        assert_eq!(
            Pathspec::parse(":(top)docs", Some("src")).unwrap().pattern,
            "docs"
        );
        assert_eq!(Pathspec::parse(":/", Some("src")).unwrap().pattern, "");
        assert_eq!(
            Pathspec::parse(":!sub", Some("src")).unwrap().pattern,
            "src/sub"
        );
        let glob = |s: &str, p: &str| spec(&format!(":(glob){s}")).matches(p);
        assert!(glob("src/*.rs", "src/a.rs"));
        assert!(!glob("src/*.rs", "src/sub/a.rs"));
        assert!(glob("**/*.md", "a.md"));
        assert!(glob("**/*.md", "docs/sub/a.md"));
        assert!(glob("src/**", "src/sub/deep/a.rs"));
        assert!(glob("src/**/a.rs", "src/a.rs"));
        assert!(glob("src/**/a.rs", "src/x/y/a.rs"));
        assert!(!glob("s?c/a.rs", "s/c/a.rs"));
        assert!(!glob("src/x**.rs", "src/x/y.rs"));
        assert!(!spec(":(literal)*.md").matches("a.md"));
        assert!(spec(":(literal)*.md").matches("*.md"));
        for bad in [":(bogus)x", ":(glob,literal)x", ":(attr:a)x", ":(top"] {
            assert!(Pathspec::parse(bad, None).is_err(), "{bad}");
        }
        assert!(Pathspec::parse("../x", None).is_err());
        // Excludes apply after includes; with only excludes, everything else is selected.
        let specs = [spec("src"), spec(":!src/sub")];
        assert!(selected(&specs, "src/a.rs"));
        assert!(!selected(&specs, "src/sub/b.rs"));
        assert!(!selected(&specs, "docs/a.md"));
        assert!(selected(&[spec(":!docs")], "src/a.rs"));
        assert!(!selected(&[spec(":!docs")], "docs/a.md"));
    }

    #[test]
    fn paths_are_quoted_like_core_quote_path() {
        assert_eq!(quote_path("src/a.rs"), "src/a.rs");
        assert_eq!(quote_path("a b"), "a b");
        assert_eq!(quote_path("a\nb"), "\"a\\nb\"");
        assert_eq!(quote_path("\x1b[31mx\t\"\\"), "\"\\033[31mx\\t\\\"\\\\\"");
        assert_eq!(quote_path("caf\u{e9}"), "\"caf\\303\\251\"");
        assert_eq!(quote_path("\x7f"), "\"\\177\"");
    }

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
