//! prepare-commit-msg and commit-msg: detect the agent and write provenance trailers.
//!
//! The message file is rewritten only when something changes, atomically (temp file +
//! rename); on any error it is left exactly as it was.

use crate::trailers_cmd::commit_trailer_config;
use crate::{session, Error, Io};
use provenance_attribution::{
    detect_env_vars, detect_message, detected_from_message, is_ai_identity, merge_detections,
    message::{identity_agent, split_identity},
    trailer_lines, vendor_plan, write_atomic, Detected, MarkerKind, Session, VendorPolicy,
};
use provenance_checks::{Config, ExitCode, VendorTrailers};
use provenance_git::Repo;
use provenance_trailers::Trailer;
use std::path::{Path, PathBuf};

/// Which hook is tagging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// prepare-commit-msg: before the editor; runs even with --no-verify.
    Prepare,
    /// commit-msg: the final message; may reject it.
    CommitMsg,
}

/// The state prepare-commit-msg leaves for commit-msg and post-commit: the commit being
/// amended, when it is an amend.
pub(crate) fn amend_marker(repo: &Repo) -> PathBuf {
    repo.git_dir().join("provenance").join("amending")
}

pub(crate) fn read_amending(repo: &Repo) -> Option<String> {
    std::fs::read_to_string(amend_marker(repo))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// True when git is replaying existing commits (rebase, cherry-pick, revert): their
/// content was not written by whatever agent is running now, so no new tags are added.
///
/// git ≥ 2.26 runs the sequencer in-process and exports `GIT_REFLOG_ACTION` to hooks only
/// for some steps (`rebase (reword)`), not for plain picks of `git rebase` or
/// `git cherry-pick`. What every pick does leave is `CHERRY_PICK_HEAD` (per worktree,
/// naming the commit being replayed) from prepare-commit-msg through post-commit; a
/// revert leaves `REVERT_HEAD` only when it stops on a conflict, so the running git
/// command itself ([`GitInvocation`]) is asked too.
pub(crate) fn replaying(repo: &Repo) -> bool {
    replayed_commit(repo).is_some()
        || head_file(repo, "REVERT_HEAD").is_some()
        || GitInvocation::current().is_some_and(|i| {
            ["revert", "cherry-pick", "rebase", "am"].contains(&i.subcommand.as_str())
        })
        || {
            let action = std::env::var("GIT_REFLOG_ACTION").unwrap_or_default();
            ["rebase", "cherry-pick", "revert"]
                .iter()
                .any(|a| action.starts_with(a))
        }
}

/// The commit git is replaying right now (rebase or cherry-pick), from `CHERRY_PICK_HEAD`.
/// The commits a `git reset` just took off the branch (`git reset --soft HEAD~3 && git
/// commit` squashes them): from HEAD's reflog, when its newest entry (`committed`: the one
/// before the commit just made) is a reset that moved back to an ancestor. At most 1,000.
pub(crate) fn reset_commits(repo: &Repo, committed: bool) -> Vec<String> {
    // Only the last two entries matter: read the reflog's tail, not a history of years.
    let Some(log) = crate::agent::read_tail(&repo.git_dir().join("logs").join("HEAD"), 16 << 10)
    else {
        return Vec::new();
    };
    let mut entries = log.lines().rev();
    if committed {
        entries.next();
    }
    let Some(entry) = entries.next() else {
        return Vec::new();
    };
    let Some((ids, message)) = entry.split_once('\t') else {
        return Vec::new();
    };
    if !message.starts_with("reset: moving to ") {
        return Vec::new();
    }
    let mut words = ids.split_whitespace();
    let (Some(old), Some(new)) = (words.next(), words.next()) else {
        return Vec::new();
    };
    let range = format!("{new}..{old}");
    provenance_git::run_git(
        repo.run_dir(),
        &["rev-list", "--max-count=1000", &range, "--"],
        None,
    )
    .map(|out| {
        String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

pub(crate) fn replayed_commit(repo: &Repo) -> Option<String> {
    head_file(repo, "CHERRY_PICK_HEAD")
}

fn head_file(repo: &Repo, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(repo.git_dir().join(name)).ok()?;
    let id = text.trim();
    (!id.is_empty()).then(|| id.to_string())
}

/// How git will clean the message up after the hooks, from `commit.cleanup` (config and
/// `git -c`) or the `--cleanup=` of the running `git commit` when its command line can be
/// read ([`GitInvocation`]). git passes neither to hooks; where the process table cannot
/// be read (not Linux), a `--cleanup=` given on the command line is not seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cleanup {
    /// `strip`, or `default` with an editor: comments are removed.
    Strip,
    /// `whitespace`, `verbatim` or `scissors`: comment lines stay in the commit.
    KeepsComments,
}

/// What tagging needs from git's configuration, read as git reads it (files, then `git -c`
/// and `GIT_CONFIG_COUNT` overrides).
struct Settings {
    /// Trailer parsing: `trailer.separators`, the comment string, `--no-divider`.
    trailers: provenance_trailers::Config,
    /// The `commit.template` file's text, when one is configured and readable.
    template: Option<String>,
    cleanup: Cleanup,
}

impl Settings {
    fn read(repo: &Repo, message: &str, invocation: Option<&GitInvocation>) -> Result<Self, Error> {
        let cfg = git_config(repo)?;
        let trailers = trailer_settings_from(&cfg, repo, Some(message));
        let mode = invocation
            .and_then(|i| i.cleanup.clone())
            .or_else(|| cfg.string("commit.cleanup"));
        let cleanup = match mode.as_deref() {
            Some("whitespace" | "verbatim" | "scissors") => Cleanup::KeepsComments,
            _ => Cleanup::Strip,
        };
        let template = invocation
            .and_then(|i| i.template.clone())
            .or_else(|| cfg.string("commit.template"))
            .and_then(|t| read_template(&t));
        Ok(Settings {
            trailers,
            template,
            cleanup,
        })
    }
}

fn git_config(repo: &Repo) -> Result<provenance_git::GitConfig<'_>, Error> {
    repo.config()
        .map_err(|e| Error::usage(format!("git configuration: {e}")))
}

/// How git reads trailers of commit messages here (`--no-divider`, see
/// [`commit_trailer_config`]), with `git -c` overrides of `trailer.separators` and the
/// comment string. `core.commentChar = auto` is resolved from `message` when given, else
/// `#` (a committed message has no comments left).
pub(crate) fn trailer_settings(
    repo: &Repo,
    message: Option<&str>,
) -> Result<provenance_trailers::Config, Error> {
    Ok(trailer_settings_from(&git_config(repo)?, repo, message))
}

fn trailer_settings_from(
    cfg: &provenance_git::GitConfig<'_>,
    repo: &Repo,
    message: Option<&str>,
) -> provenance_trailers::Config {
    let mut trailers = commit_trailer_config(repo);
    if let Some(sep) = cfg.string("trailer.separators").filter(|s| !s.is_empty()) {
        trailers.separators = sep;
    }
    // core.commentString and core.commentChar are one setting in git: the last one read
    // wins, and the command-line layer is read last.
    let from_layer = cfg
        .command_line()
        .iter()
        .rev()
        .find(|o| o.key == "core.commentstring" || o.key == "core.commentchar")
        .map(|o| o.value.clone().unwrap_or_default());
    let comment = from_layer.or_else(|| {
        cfg.string("core.commentString")
            .or_else(|| cfg.string("core.commentChar"))
    });
    match comment.as_deref() {
        Some("auto") => {
            trailers.comment = Some(message.map_or("#", auto_comment).to_string());
        }
        Some(c) if !c.is_empty() => trailers.comment = Some(c.to_string()),
        _ => {}
    }
    trailers
}

/// git's `core.commentChar = auto` (commit.c `adjust_comment_line_char`) picks the first of
/// `#;@!$%^&|:` that starts no line of the message it starts from, then appends its own
/// comments with it. The hook sees that message with git's comments at the end, so the
/// first character of its last non-blank line names the choice when it is a candidate.
fn auto_comment(message: &str) -> &'static str {
    const CANDIDATES: [&str; 10] = ["#", ";", "@", "!", "$", "%", "^", "&", "|", ":"];
    let last = message.lines().rev().find(|l| !l.trim().is_empty());
    last.and_then(|l| CANDIDATES.iter().find(|c| l.starts_with(**c)))
        .copied()
        .unwrap_or("#")
}

/// The git command this hook runs under, read from the process table: git gives hooks
/// the same arguments for `--amend` and `-C HEAD`, none for `--amend -m`, `--cleanup` or
/// `-t`, and no sign of a `git revert` that did not stop. `None` when no git process is
/// readable above this one (not Linux): callers then go by git's hook arguments alone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct GitInvocation {
    /// The subcommand as typed (`commit`, `revert`; an alias stays its own name).
    pub(crate) subcommand: String,
    /// `--amend` (the last of `--amend` / `--no-amend`).
    pub(crate) amend: bool,
    /// `--cleanup=<mode>`.
    pub(crate) cleanup: Option<String>,
    /// `-t <file>` / `--template=<file>`.
    pub(crate) template: Option<String>,
}

impl GitInvocation {
    /// The running git command, if this process descends from one within a few levels
    /// (the hook script `exec`s provenance; a chained `.local` hook adds none).
    pub(crate) fn current() -> Option<Self> {
        // Asked more than once per hook (replay detection, then the commit's options): the
        // process table is walked once.
        static CURRENT: std::sync::OnceLock<Option<GitInvocation>> = std::sync::OnceLock::new();
        CURRENT.get_or_init(Self::walk).clone()
    }

    fn walk() -> Option<Self> {
        let mut pid = parent_pid()?;
        for _ in 0..4 {
            let args = proc_cmdline(pid)?;
            let is_git = args
                .first()
                .is_some_and(|a| a == "git" || a.ends_with("/git"));
            if is_git {
                return Self::parse(&args[1..]);
            }
            pid = proc_parent(pid)?;
        }
        None
    }

    /// Parse git's arguments after `git`: global options, then `commit` and its options.
    pub(crate) fn parse(args: &[String]) -> Option<Self> {
        const GLOBAL_WITH_VALUE: &[&str] = &[
            "-C",
            "-c",
            "--git-dir",
            "--work-tree",
            "--namespace",
            "--config-env",
            "--super-prefix",
        ];
        let mut i = 0;
        while let Some(a) = args.get(i) {
            if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
                i += 2;
            } else if a.starts_with('-') {
                i += 1;
            } else {
                break;
            }
        }
        let subcommand = args.get(i)?.clone();
        let mut out = GitInvocation {
            subcommand,
            ..GitInvocation::default()
        };
        if out.subcommand != "commit" {
            return Some(out);
        }
        // Options whose value may be the next argument (so `-m --amend` is a message).
        const LONG_WITH_VALUE: &[&str] = &[
            "--message",
            "--file",
            "--reuse-message",
            "--reedit-message",
            "--template",
            "--author",
            "--date",
            "--cleanup",
            "--fixup",
            "--squash",
            "--trailer",
            "--pathspec-from-file",
        ];
        let mut rest = args[i + 1..].iter();
        while let Some(a) = rest.next() {
            if a == "--" {
                break;
            }
            if let Some(long) = a.strip_prefix("--") {
                let (name, value) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                // parse-options accepts any unambiguous prefix: `--am` is `--amend`.
                if name.len() >= 2 && "amend".starts_with(name) {
                    out.amend = true;
                } else if name.len() >= 5 && "no-amend".starts_with(name) {
                    out.amend = false;
                } else if LONG_WITH_VALUE.contains(&format!("--{name}").as_str()) {
                    let value = value.or_else(|| rest.next().cloned());
                    match name {
                        "cleanup" => out.cleanup = value,
                        "template" => out.template = value,
                        _ => {}
                    }
                }
            } else if let Some(short) = a.strip_prefix('-') {
                // A cluster such as `-am msg`: the first option taking a value ends it.
                for (at, c) in short.char_indices() {
                    if "mFCct".contains(c) {
                        let attached = &short[at + c.len_utf8()..];
                        let value = if attached.is_empty() {
                            rest.next().cloned()
                        } else {
                            Some(attached.to_string())
                        };
                        if c == 't' {
                            out.template = value;
                        }
                        break;
                    }
                }
            }
        }
        Some(out)
    }
}

/// This process's parent; `None` where there is no process table to walk.
fn parent_pid() -> Option<u32> {
    #[cfg(unix)]
    {
        Some(std::os::unix::process::parent_id())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

fn proc_cmdline(pid: u32) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(
        raw.split(|&b| b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect(),
    )
}

/// The parent of `pid`: field 4 of `/proc/<pid>/stat`, after the `(comm)` that may itself
/// hold spaces.
fn proc_parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

/// True when `i18n.commitEncoding` (config or `git -c`) names an encoding other than
/// UTF-8: a message that is not UTF-8 is then text in that encoding, to be tagged byte
/// for byte.
fn declared_non_utf8(repo: &Repo) -> Result<bool, Error> {
    let encoding = git_config(repo)?.string("i18n.commitEncoding");
    Ok(encoding.is_some_and(|e| {
        let e = e.trim().to_ascii_lowercase();
        !e.is_empty() && e != "utf-8" && e != "utf8"
    }))
}

/// A message file's text. git writes the message in `i18n.commitEncoding`; when that is
/// not UTF-8 (Latin-1, say) each byte is read as one char, so every byte comes back
/// unchanged by [`encode_message`]. Trailer structure and what provenance adds are ASCII
/// (and so are the bytes git's trailer rules look at in any encoding git supports).
fn decode_message(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (
            e.into_bytes().iter().map(|&b| char::from(b)).collect(),
            true,
        ),
    }
}

fn encode_message(text: &str, bytewise: bool) -> Result<Vec<u8>, Error> {
    if !bytewise {
        return Ok(text.as_bytes().to_vec());
    }
    text.chars()
        .map(|c| u8::try_from(c).ok())
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| {
            Error::internal(
                "the message is not UTF-8 and a trailer to add is not ASCII; the message was left as it is",
            )
        })
}

/// Tag the message in `msg_path`. `source`/`sha` are prepare-commit-msg's second and third
/// arguments.
pub(crate) fn tag(
    repo: &Repo,
    config: &Config,
    stage: Stage,
    msg_path: &Path,
    source: Option<&str>,
    sha: Option<&str>,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let bytes = std::fs::read(msg_path).map_err(|e| {
        Error::usage(format!(
            "{}: cannot read the commit message: {e}",
            msg_path.display()
        ))
    })?;
    let (original, bytewise) = decode_message(bytes);
    if bytewise && !declared_non_utf8(repo)? {
        // git commits such a message as it is, with its own warning; what encoding it is in
        // is anyone's guess, so it is not touched.
        io.note(format!(
            "provenance: warning: {} is not UTF-8 and i18n.commitEncoding names no other \
             encoding; the message was left as it is and not tagged",
            msg_path.display()
        ));
        return Ok(ExitCode::Ok);
    }
    let invocation = GitInvocation::current().filter(|i| i.subcommand == "commit");
    let settings = Settings::read(repo, &original, invocation.as_ref())?;
    let tconfig = settings.trailers.clone();
    let key = config.attribution.trailer_key.as_str();
    let head = repo.head_id()?;
    let replay = replaying(repo);

    let (amending, reused) = match stage {
        Stage::Prepare => {
            // `--amend` and `-c/-C <rev>` both pass `commit <rev>` (and `--amend -m` passes
            // `message`): the command line tells them apart when it can be read.
            let reuses = match (source, sha) {
                (Some("commit"), Some(sha)) => repo.resolve(sha).ok(),
                _ => None,
            };
            let amending = match &invocation {
                Some(inv) => head.clone().filter(|_| inv.amend),
                None => reuses.clone().filter(|r| Some(r) == head.as_ref()),
            };
            remember_amending(repo, amending.as_deref());
            remember_merging(repo, source == Some("merge"));
            remember_squashed(repo);
            // A replay (rebase reword, cherry-pick) keeps its commit's lines as they are.
            let reused = reuses.is_some() && amending.is_none() && !replay;
            (amending, reused)
        }
        Stage::CommitMsg => (read_amending(repo), false),
    };

    // A message reused from another commit (`-c/-C <rev>`) says what helped write that
    // commit, not this one: its provenance lines go, and this commit is tagged only from
    // what is running now.
    let message = if reused {
        remove_own_lines(&original, key)
    } else {
        original.clone()
    };

    let parsed = provenance_trailers::parse(&message, &tconfig);
    let pairs: Vec<(String, String)> = parsed
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();

    if stage == Stage::CommitMsg {
        reject_ai_signoff(&pairs)?;
        // git decides "empty message" / "template not edited, abort" after commit-msg, and
        // only sign-offs and comments count as nothing. The trailers prepare-commit-msg put
        // in the editor template would turn a quit-without-writing into a commit titled
        // `Assisted-by: …`, so when they are all that was added, take them out again.
        let template = settings.template.as_deref();
        if only_our_trailers(&message, &tconfig, key, template)
            || says_nothing(&message, &tconfig, template)
        {
            let emptied = remove_own_lines(&message, key);
            if emptied != original {
                write_message(msg_path, &emptied, bytewise)?;
            }
            return Ok(ExitCode::Ok);
        }
    }

    let policy = match config.attribution.vendor_trailers {
        VendorTrailers::Keep => VendorPolicy::Keep,
        VendorTrailers::Convert => VendorPolicy::Convert,
        VendorTrailers::Strip => VendorPolicy::Strip,
    };
    let markers = detect_message(&pairs, &message);
    let plan = vendor_plan(&markers, policy);
    let from_message = if reused { None } else { plan.detected.clone() };

    let (env, sessions) = if replay {
        (None, Vec::new())
    } else {
        (
            detect_env_vars(std::env::vars()),
            session::sessions_for_commit(repo, amending.as_deref())?,
        )
    };
    let squashed = squashed_detection(repo);
    // An amend replaces the commit it amends: what helped write that one still did, even
    // when `-m`/`-F` replaced the message that said so.
    let amended = amending
        .as_deref()
        .and_then(|a| message_detection(repo, a, &tconfig));
    let session = pick_session(&sessions);
    // Which lines the AI wrote: this worktree's checkpoints (new work only) and the notes
    // of the commits this one replaces. Tagging fails open: without it, lines are unknown.
    let lines = match commit_lines(repo, config, amending.as_deref(), replay) {
        Ok(l) => l,
        Err(e) => {
            io.note(format!(
                "provenance: warning: line attribution skipped: {e}; AI-Lines is left out"
            ));
            None
        }
    };
    let from_lines = lines.as_ref().and_then(lines_detection);
    let detected = merge_detections([
        session.map(Session::detected),
        from_lines,
        env,
        from_message,
        amended,
        squashed,
    ]);
    if detected.is_none() && plan.is_noop() {
        // No AI involvement: the message stays byte for byte as it is (a reused message
        // loses the provenance lines of the commit it came from).
        if message != original {
            write_message(msg_path, &message, bytewise)?;
        }
        return Ok(ExitCode::Ok);
    }

    // The prompts HEAD's message already claims: a store that could not record the claim
    // (read-only, full disk) must not make the next commit claim them again. An amend
    // keeps them: they are the amended commit's own.
    let head_prompts: Vec<String> = match &head {
        Some(h) => prompt_trailers(repo, h, &tconfig),
        None => Vec::new(),
    };
    let mut new: Vec<Trailer> = Vec::new();
    // Our lines stranded above the trailer block when a rebase squash joins two tagged
    // messages move into the one block at the end. Outside a replay a paragraph below our
    // block is another hook's (gerrit's Change-Id), and our block stays where it is.
    let stranded = if replay {
        stranded_own_lines(&message, &tconfig, key)
    } else {
        Vec::new()
    };
    if let Some(detected) = &detected {
        let mut prompts: Vec<_> = sessions.iter().flat_map(|s| s.prompts.clone()).collect();
        if amending.is_none() {
            prompts.retain(|p| !head_prompts.iter().any(|h| h == &p.sha256));
        }
        // Our own lines outside the trailer block count too: a hook that ran before us
        // (chained `.local`, commit-msg after prepare-commit-msg) may have appended a new
        // paragraph below the block we wrote.
        let mut seen = pairs.clone();
        seen.extend(own_lines_outside_block(&message, key));
        new = trailer_lines(detected, &prompts, key)
            .into_iter()
            .filter(|(k, v)| !already_tagged(&seen, k, v, detected))
            .map(|(k, v)| Trailer::new(k, v))
            .collect();
        if amending.is_some() {
            // `--amend -m`/`-F` replaces the message: the amended commit's prompts stay
            // claimed by this commit, which replaces it.
            for sha in &head_prompts {
                let value = format!("sha256:{sha}");
                if !seen
                    .iter()
                    .any(|(k, v)| k.eq_ignore_ascii_case("AI-Prompt") && v == &value)
                    && !new.iter().any(|t| t.key == "AI-Prompt" && t.value == value)
                {
                    new.push(Trailer::new("AI-Prompt", value));
                }
            }
        }
        if let Some(l) = &lines {
            let value = l.lines.trailer_value();
            if !pairs
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("AI-Lines") && v.trim() == value)
            {
                new.push(Trailer::new("AI-Lines", value));
            }
        }
        if config.attribution.co_authored_by {
            // The agent's own co-author line (`Co-Authored-By: Claude Opus 4.6 <…>`) already
            // says it, unless the vendor policy is about to remove that line.
            let has_own = pairs.iter().any(|(k, v)| {
                k.eq_ignore_ascii_case("Co-authored-by")
                    && !plan
                        .remove_trailers
                        .iter()
                        .any(|(rk, rv)| rk == k && rv == v)
                    && {
                        let (name, email) = split_identity(v);
                        identity_agent(name, email).is_some_and(|a| a.id == detected.agent)
                    }
            });
            if let Some(line) = co_author_line(detected).filter(|_| !has_own) {
                new.push(Trailer::new("Co-authored-by", line));
            }
        }
    }

    if stage == Stage::Prepare && says_nothing(&message, &tconfig, settings.template.as_deref()) {
        // The editor is about to open on an empty message. Trailers written now would
        // survive a quit-without-writing when commit-msg does not run (`--no-verify`) and
        // make a commit titled `Assisted-by: …`. commit-msg adds them after the editor; the
        // editor only shows, as a comment git strips, what will be added — and nothing
        // when git keeps comments (`commit.cleanup` whitespace, verbatim, scissors).
        let shown = match settings.cleanup {
            Cleanup::Strip => hint_comment(&message, &tconfig, &new),
            Cleanup::KeepsComments => message.clone(),
        };
        if shown != original {
            write_message(msg_path, &shown, bytewise)?;
        }
        return Ok(ExitCode::Ok);
    }

    let mut edited = message.clone();
    for (line, _, _) in &stranded {
        edited = remove_line(&edited, line);
    }
    let recomputed = new.iter().any(|t| t.key == "AI-Lines");
    let mut all: Vec<Trailer> = stranded
        .into_iter()
        .filter(|(_, k, _)| !(recomputed && k.eq_ignore_ascii_case("AI-Lines")))
        .map(|(_, k, v)| Trailer::new(k, v))
        .collect();
    // A recomputed AI-Lines replaces the ones the message had (an amend, a squash).
    if recomputed {
        edited = provenance_trailers::remove_trailers(&edited, &tconfig, |t| {
            t.key.eq_ignore_ascii_case("AI-Lines")
        });
    }
    all.extend(new);
    if !plan.is_noop() {
        edited = provenance_trailers::remove_trailers(&edited, &tconfig, |t| {
            plan.remove_trailers
                .iter()
                .any(|(k, v)| k == &t.key && v == &t.value)
        });
        for line in &plan.remove_lines {
            edited = remove_line(&edited, line);
        }
    }
    edited = provenance_trailers::add_trailers(&edited, &all, &tconfig);
    if edited != original {
        write_message(msg_path, &edited, bytewise)?;
    }
    Ok(ExitCode::Ok)
}

/// The line attribution of the commit being made: checkpoints unless git is replaying,
/// plus what the notes of the amended, squashed or replayed commits said.
fn commit_lines(
    repo: &Repo,
    config: &Config,
    amending: Option<&str>,
    replay: bool,
) -> Result<Option<provenance_attribution::attribute::CommitAttribution>, Error> {
    let mut olds: Vec<String> = amending.map(str::to_string).into_iter().collect();
    olds.extend(read_squashed(repo));
    if replay {
        olds.extend(replayed_commit(repo));
        olds.extend(rebase_pending(repo));
    } else {
        olds.extend(reset_commits(repo, false));
    }
    let mut prior = crate::attribute::prior_from(repo, &olds)?;
    // An amend replaces HEAD: its change is against HEAD's parent.
    let parent = match amending {
        Some(a) => Some(repo.commit(a)?.parents.first().cloned()),
        None => None,
    };
    let change = match &parent {
        Some(p) => crate::attribute::Change::StagedAgainst(p.as_deref()),
        None => crate::attribute::Change::Staged,
    };
    Ok(
        crate::attribute::attribute(repo, config, change, !replay, &mut prior)?
            .map(|a| a.lines)
            .filter(|l| l.lines.total() > 0),
    )
}

/// The commits an interactive rebase is squashing into the one being made:
/// `rebase-merge/rewritten-pending` (`<old>` lines) and `rebase-merge/current-fixups`
/// (`squash <old>` / `fixup <old>` lines).
pub(crate) fn rebase_pending(repo: &Repo) -> Vec<String> {
    let dir = repo.git_dir().join("rebase-merge");
    let mut out: Vec<String> = Vec::new();
    for (file, field) in [("rewritten-pending", 0), ("current-fixups", 1)] {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        for l in text.lines() {
            let Some(word) = l.split_whitespace().nth(field) else {
                continue;
            };
            let id = match repo.resolve(word) {
                Ok(id) => id,
                Err(_) => continue,
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The agent and model that wrote most of the AI lines, when nothing else names one.
fn lines_detection(a: &provenance_attribution::attribute::CommitAttribution) -> Option<Detected> {
    let c = a.top_contributor()?;
    Some(Detected {
        agent: c.agent.clone(),
        model: c.model.clone(),
        session: None,
        source: provenance_attribution::Source::Session,
    })
}

/// sha256 digests in the `AI-Prompt` trailers of `commit`'s message.
fn prompt_trailers(
    repo: &Repo,
    commit: &str,
    tconfig: &provenance_trailers::Config,
) -> Vec<String> {
    let Ok(info) = repo.commit(commit) else {
        return Vec::new();
    };
    provenance_trailers::parse(&info.message, tconfig)
        .into_iter()
        .filter(|t| t.key.eq_ignore_ascii_case("AI-Prompt"))
        .filter_map(|t| t.value.strip_prefix("sha256:").map(str::to_string))
        .collect()
}

/// Lines with one of our keys above the message's trailer block (not the subject), as
/// `(line, key, value)`.
fn stranded_own_lines(
    message: &str,
    tconfig: &provenance_trailers::Config,
    key: &str,
) -> Vec<(String, String, String)> {
    let block = provenance_trailers::locate(message, tconfig);
    message[..block.start]
        .lines()
        .skip(1)
        .filter_map(|l| {
            let line = l.trim_end_matches('\r');
            let (k, v) = line.split_once(':')?;
            (is_own_key(k, key) && !k.contains(' '))
                .then(|| (line.to_string(), k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// Where prepare-commit-msg lists the commits of a `git merge --squash` (from
/// `SQUASH_MSG`) for post-commit, which merges their notes into the squash commit's.
pub(crate) fn squash_marker(repo: &Repo) -> PathBuf {
    repo.git_dir().join("provenance").join("squashed")
}

/// The commits `git merge --squash` listed in `SQUASH_MSG` (`commit <id>` lines).
fn squash_msg_commits(repo: &Repo) -> Vec<String> {
    let Ok(bytes) = std::fs::read(repo.git_dir().join("SQUASH_MSG")) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| l.strip_prefix("commit "))
        .map(str::trim)
        .filter(|id| id.len() >= 40 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string)
        .collect()
}

fn remember_squashed(repo: &Repo) {
    let ids = squash_msg_commits(repo);
    let path = squash_marker(repo);
    if ids.is_empty() {
        let _ = std::fs::remove_file(&path);
        return;
    }
    if let Some(dir) = path.parent() {
        let _ = provenance_attribution::create_private_dir(dir);
    }
    let _ = write_atomic(&path, format!("{}\n", ids.join("\n")).as_bytes());
}

/// The commits a squash commit being made stands for (see [`squash_marker`]).
pub(crate) fn read_squashed(repo: &Repo) -> Vec<String> {
    std::fs::read_to_string(squash_marker(repo))
        .map(|t| {
            t.lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The agent of the AI-assisted commits a `git merge --squash` squashes: their notes, else
/// their trailers. Their prompts stay theirs; the squash commit is tagged with the agent.
fn squashed_detection(repo: &Repo) -> Option<Detected> {
    for id in read_squashed(repo) {
        if let Ok(Some(text)) = repo.note(&id) {
            if let Some(note) = crate::notes::parse_notes(&text).into_iter().next() {
                return Some(Detected {
                    agent: note.agent,
                    model: note.model,
                    session: None,
                    source: provenance_attribution::Source::Message,
                });
            }
        }
        let tconfig = trailer_settings(repo, None).ok()?;
        if let Some(d) = message_detection(repo, &id, &tconfig) {
            return Some(Detected { session: None, ..d });
        }
    }
    None
}

/// Who helped write `commit`, by the provenance attribution trailers in its message
/// (`Assisted-by`/`Generated-by`; vendor lines alone do not count, as in its note).
fn message_detection(
    repo: &Repo,
    commit: &str,
    tconfig: &provenance_trailers::Config,
) -> Option<Detected> {
    let info = repo.commit(commit).ok()?;
    let pairs: Vec<(String, String)> = provenance_trailers::parse(&info.message, tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let markers = detect_message(&pairs, &info.message);
    if !markers.iter().any(|m| m.kind == MarkerKind::Attribution) {
        return None;
    }
    detected_from_message(&markers)
}

/// The session that names the agent: the active one, else the newest with new prompts.
fn pick_session(sessions: &[Session]) -> Option<&Session> {
    sessions
        .iter()
        .find(|s| s.ended_at.is_none())
        .or_else(|| sessions.last())
}

/// An attribution or session trailer for the same agent is already there (an earlier run,
/// or the user wrote it): do not add a second, differently worded one.
fn already_tagged(existing: &[(String, String)], key: &str, value: &str, d: &Detected) -> bool {
    let same_key = |k: &str| k.eq_ignore_ascii_case(key);
    match key {
        "Assisted-by" | "Generated-by" | "AI-Session" => existing
            .iter()
            .any(|(k, v)| same_key(k) && (v == value || agent_of(v) == d.agent)),
        _ => existing
            .iter()
            .any(|(k, v)| same_key(k) && v.eq_ignore_ascii_case(value)),
    }
}

/// Keys of the trailers provenance writes.
fn is_own_key(k: &str, key: &str) -> bool {
    [key, "AI-Prompt", "AI-Session", "AI-Lines"]
        .iter()
        .any(|own| k.trim().eq_ignore_ascii_case(own))
}

/// True when the message says nothing but provenance's trailers: every other line (up to
/// git's scissors line) is blank, a comment, a sign-off, or the untouched
/// `commit.template` — what git's empty-message and "you did not edit the message"
/// checks ignore.
fn only_our_trailers(
    message: &str,
    config: &provenance_trailers::Config,
    key: &str,
    template: Option<&str>,
) -> bool {
    let rest = beyond_template(message, config, template);
    let mut ours = false;
    for line in rest.lines() {
        if line.trim().is_empty() || line.starts_with("Signed-off-by: ") {
            continue;
        }
        match line.split_once(':') {
            Some((k, _)) if is_own_key(k, key) => ours = true,
            _ => return false,
        }
    }
    ours
}

/// Replace the message file atomically, in the bytes it came in (see [`decode_message`]).
fn write_message(msg_path: &Path, text: &str, bytewise: bool) -> Result<(), Error> {
    let bytes = encode_message(text, bytewise)?;
    write_atomic(msg_path, &bytes).map_err(|e| {
        Error::internal(format!(
            "{}: cannot write the commit message (left unchanged): {e}",
            msg_path.display()
        ))
    })
}

/// The message as git's cleanup leaves it (comments, scissors and blank runs gone), minus
/// an untouched `commit.template` at its start.
fn beyond_template(
    message: &str,
    config: &provenance_trailers::Config,
    template: Option<&str>,
) -> String {
    let comment = config.comment.as_deref().filter(|c| !c.is_empty());
    let cleaned = stripspace(message, comment);
    template
        .map(|t| stripspace(t, comment))
        .filter(|t| !t.is_empty())
        .and_then(|t| cleaned.strip_prefix(t.as_str()).map(str::to_string))
        .unwrap_or(cleaned)
}

/// True when the message holds nothing yet: only blank lines, comments, sign-offs, or the
/// untouched `commit.template` (what git's empty-message checks ignore).
fn says_nothing(
    message: &str,
    config: &provenance_trailers::Config,
    template: Option<&str>,
) -> bool {
    let rest = beyond_template(message, config, template);
    rest.lines()
        .all(|l| l.trim().is_empty() || l.starts_with("Signed-off-by: "))
}

/// `message` with one comment line naming the trailers commit-msg will add, placed before
/// git's own comments. Unchanged when git put no comments there (then cleanup would not
/// strip ours either) or there is nothing to add.
fn hint_comment(message: &str, config: &provenance_trailers::Config, new: &[Trailer]) -> String {
    let Some(comment) = config.comment.as_deref().filter(|c| !c.is_empty()) else {
        return message.to_string();
    };
    let Some(at) = message
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain([0])
        .filter(|&i| message[i..].starts_with(comment))
        .min()
    else {
        return message.to_string();
    };
    let Some(first) = new.first() else {
        return message.to_string();
    };
    let more = match new.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    format!(
        "{}{comment} provenance adds on save: {}: {}{more}\n{}",
        &message[..at],
        first.key,
        first.value,
        &message[at..]
    )
}

/// git's `stripspace` with comment removal, stopping at the scissors line: lines
/// right-trimmed, comments dropped, runs of blank lines collapsed, none at either end.
fn stripspace(text: &str, comment: Option<&str>) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(c) = comment {
            if line == format!("{c} ------------------------ >8 ------------------------") {
                break;
            }
            if line.starts_with(c) {
                continue;
            }
        }
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The text of a `commit.template` path, `~/` expanded as git does.
fn read_template(path: &str) -> Option<String> {
    let path = match path.strip_prefix("~/") {
        Some(rest) => PathBuf::from(std::env::var_os("HOME")?).join(rest),
        None => PathBuf::from(path),
    };
    std::fs::read(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The message without provenance's own trailer lines.
fn remove_own_lines(message: &str, key: &str) -> String {
    message
        .split_inclusive('\n')
        .filter(|l| !l.split_once(':').is_some_and(|(k, _)| is_own_key(k, key)))
        .collect()
}

/// `Key: value` lines anywhere in the message whose key is one provenance writes.
fn own_lines_outside_block(message: &str, key: &str) -> Vec<(String, String)> {
    message
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').split_once(": "))
        .filter(|(k, _)| {
            [key, "AI-Prompt", "AI-Session"]
                .iter()
                .any(|own| k.eq_ignore_ascii_case(own))
        })
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

fn agent_of(value: &str) -> &str {
    let first = value.split_whitespace().next().unwrap_or("");
    first.split(':').next().unwrap_or("")
}

fn co_author_line(d: &Detected) -> Option<String> {
    let info = provenance_attribution::agent(&d.agent)?;
    let identity = info.identities.iter().find(|i| !i.email.starts_with('*'))?;
    Some(format!("{} <{}>", info.name, identity.email))
}

/// Linux kernel policy: only a human certifies the DCO.
fn reject_ai_signoff(pairs: &[(String, String)]) -> Result<(), Error> {
    for (k, v) in pairs {
        if k.eq_ignore_ascii_case("Signed-off-by") && is_ai_identity(v) {
            return Err(Error::blocked(format!(
                "`Signed-off-by: {v}` names an AI agent. Only a human can certify the Developer \
                 Certificate of Origin: remove that line (provenance records the agent in \
                 Assisted-by) and sign off yourself with `git commit -s`."
            )));
        }
    }
    Ok(())
}

/// Set by prepare-commit-msg when git is making a merge commit, so post-merge notes only
/// a merge made here (a fast-forward to someone else's merge runs no commit hooks).
pub(crate) fn merge_marker(repo: &Repo) -> PathBuf {
    repo.git_dir().join("provenance").join("merging")
}

fn remember_merging(repo: &Repo, merging: bool) {
    let path = merge_marker(repo);
    if merging {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = write_atomic(&path, b"merge\n");
    } else {
        let _ = std::fs::remove_file(&path);
    }
}

fn remember_amending(repo: &Repo, amending: Option<&str>) {
    let path = amend_marker(repo);
    match amending {
        Some(sha) => {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = write_atomic(&path, format!("{sha}\n").as_bytes());
        }
        None => {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Remove the first line equal to `line`, and a blank line it leaves doubled.
fn remove_line(message: &str, line: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut removed = false;
    let mut lines = message.split_inclusive('\n').peekable();
    while let Some(l) = lines.next() {
        if !removed && l.trim_end_matches(['\n', '\r']) == line {
            removed = true;
            let prev_blank = out.is_empty() || out.ends_with("\n\n") || out.ends_with("\r\n\r\n");
            if prev_blank {
                if let Some(next) = lines.peek() {
                    if next.trim().is_empty() {
                        lines.next();
                    }
                }
            }
            continue;
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(args: &str) -> Option<GitInvocation> {
        let args: Vec<String> = args.split_whitespace().map(str::to_string).collect();
        GitInvocation::parse(&args)
    }

    #[test]
    fn the_running_git_commit_is_read_from_its_arguments() {
        let amend = |a: &str| invocation(a).map(|i| i.amend);
        assert_eq!(amend("commit --amend -m x"), Some(true));
        assert_eq!(
            amend("-c core.commentChar=; -C /r commit --am --no-edit"),
            Some(true)
        );
        assert_eq!(amend("commit -C HEAD"), Some(false));
        assert_eq!(
            amend("commit -m --amend"),
            Some(false),
            "a message, not the flag"
        );
        assert_eq!(amend("commit -am --amend"), Some(false));
        assert_eq!(amend("commit --amend --no-amend"), Some(false));
        assert_eq!(amend("commit -- --amend"), Some(false), "a path");
        let i = invocation("commit --cleanup=verbatim -t tmpl.txt").unwrap();
        assert_eq!(i.cleanup.as_deref(), Some("verbatim"));
        assert_eq!(i.template.as_deref(), Some("tmpl.txt"));
        let i = invocation("commit --cleanup scissors --template=t").unwrap();
        assert_eq!(
            (i.cleanup.as_deref(), i.template.as_deref()),
            (Some("scissors"), Some("t"))
        );
        let revert = invocation("--no-pager revert --no-edit HEAD").unwrap();
        assert_eq!(
            (revert.subcommand.as_str(), revert.amend),
            ("revert", false)
        );
        assert_eq!(invocation("--version"), None);
    }

    #[test]
    fn auto_comment_char_is_the_one_git_used_for_its_comments() {
        assert_eq!(auto_comment("\n# Please enter\n#\n"), "#");
        assert_eq!(auto_comment("#123 fix\n\n; Please enter\n;\n"), ";");
        assert_eq!(auto_comment("subject\n"), "#");
    }

    #[test]
    fn non_utf8_messages_round_trip_byte_for_byte() {
        let bytes = b"Caf\xe9\n\nFa\xe7ade.\n".to_vec();
        let (text, bytewise) = decode_message(bytes.clone());
        assert!(bytewise);
        assert_eq!(encode_message(&text, true).unwrap(), bytes);
        assert!(encode_message("caf\u{1F600}", true).is_err());
    }

    #[test]
    fn remove_line_collapses_the_gap() {
        let m = "fix\n\nbody\n\nGenerated with X\n\nCo-authored-by: a <b>\n";
        assert_eq!(
            remove_line(m, "Generated with X"),
            "fix\n\nbody\n\nCo-authored-by: a <b>\n"
        );
        assert_eq!(remove_line("a\nb\n", "zzz"), "a\nb\n");
    }

    #[test]
    fn agent_of_reads_the_kernel_form() {
        assert_eq!(
            agent_of("claude-code:claude-opus-4-6 [tool]"),
            "claude-code"
        );
        assert_eq!(agent_of("codex"), "codex");
    }
}
