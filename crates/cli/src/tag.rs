//! prepare-commit-msg and commit-msg: detect the agent and write provenance trailers.
//!
//! The message file is rewritten only when something changes, atomically (temp file +
//! rename); on any error it is left exactly as it was.

use crate::trailers_cmd::commit_trailer_config;
use crate::{session, Error, Io};
use provenance_attribution::{
    detect_env_vars, detect_message, is_ai_identity, merge_detections,
    message::{identity_agent, split_identity},
    trailer_lines, vendor_plan, write_atomic, Detected, Session, VendorPolicy,
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
/// naming the commit being replayed) from prepare-commit-msg through post-commit.
pub(crate) fn replaying(repo: &Repo) -> bool {
    replayed_commit(repo).is_some() || {
        let action = std::env::var("GIT_REFLOG_ACTION").unwrap_or_default();
        ["rebase", "cherry-pick", "revert"]
            .iter()
            .any(|a| action.starts_with(a))
    }
}

/// The commit git is replaying right now (rebase or cherry-pick), from `CHERRY_PICK_HEAD`.
pub(crate) fn replayed_commit(repo: &Repo) -> Option<String> {
    let text = std::fs::read_to_string(repo.git_dir().join("CHERRY_PICK_HEAD")).ok()?;
    let id = text.trim();
    (!id.is_empty()).then(|| id.to_string())
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
    let Ok(message) = String::from_utf8(bytes) else {
        io.note(format!(
            "provenance: warning: {} is not UTF-8; the message was left as it is and not tagged",
            msg_path.display()
        ));
        return Ok(ExitCode::Ok);
    };

    let amending = match stage {
        Stage::Prepare => {
            let head = repo.head_id()?;
            // `git commit --amend` passes `commit HEAD`; `-c/-C <rev>` pass another commit.
            let amending = match (source, sha, head) {
                (Some("commit"), Some(sha), Some(head))
                    if repo.resolve(sha).ok().as_deref() == Some(head.as_str()) =>
                {
                    Some(head)
                }
                _ => None,
            };
            remember_amending(repo, amending.as_deref());
            remember_merging(repo, source == Some("merge"));
            amending
        }
        Stage::CommitMsg => read_amending(repo),
    };

    let tconfig = commit_trailer_config(repo);
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
        let key = config.attribution.trailer_key.as_str();
        let template = commit_template(repo);
        if only_our_trailers(&message, &tconfig, key, template.as_deref())
            || says_nothing(&message, &tconfig, template.as_deref())
        {
            let emptied = remove_own_lines(&message, key);
            if emptied != message {
                write_message(msg_path, &emptied)?;
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

    let (env, sessions) = if replaying(repo) {
        (None, Vec::new())
    } else {
        let store = session::store_for(repo);
        (
            detect_env_vars(std::env::vars()),
            store.sessions_for_commit(amending.as_deref())?,
        )
    };
    let session = pick_session(&sessions);
    let detected = merge_detections([session.map(Session::detected), env, plan.detected.clone()]);
    if detected.is_none() && plan.is_noop() {
        // No AI involvement: the message stays byte for byte as it is.
        return Ok(ExitCode::Ok);
    }
    let mut new: Vec<Trailer> = Vec::new();
    if let Some(detected) = &detected {
        let prompts: Vec<_> = sessions.iter().flat_map(|s| s.prompts.clone()).collect();
        let key = config.attribution.trailer_key.as_str();
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

    if stage == Stage::Prepare && says_nothing(&message, &tconfig, commit_template(repo).as_deref())
    {
        // The editor is about to open on an empty message. Trailers written now would
        // survive a quit-without-writing when commit-msg does not run (`--no-verify`) and
        // make a commit titled `Assisted-by: …`. commit-msg adds them after the editor; the
        // editor only shows, as a comment git strips, what will be added.
        let hint = hint_comment(&message, &tconfig, &new);
        if hint != message {
            write_message(msg_path, &hint)?;
        }
        return Ok(ExitCode::Ok);
    }

    let mut edited = message.clone();
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
    edited = provenance_trailers::add_trailers(&edited, &new, &tconfig);
    if edited != message {
        write_message(msg_path, &edited)?;
    }
    Ok(ExitCode::Ok)
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

/// Replace the message file atomically.
fn write_message(msg_path: &Path, text: &str) -> Result<(), Error> {
    write_atomic(msg_path, text.as_bytes()).map_err(|e| {
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

/// The `commit.template` file's text, when one is configured and readable.
fn commit_template(repo: &Repo) -> Option<String> {
    let path = repo.config_string("commit.template")?;
    let path = match path.strip_prefix("~/") {
        Some(rest) => PathBuf::from(std::env::var_os("HOME")?).join(rest),
        None => PathBuf::from(path),
    };
    std::fs::read_to_string(path).ok()
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
