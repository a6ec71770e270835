//! post-commit and post-rewrite: write the provenance note and carry it across rewrites.

use crate::attribute::{Attributed, Change};
use crate::tag::{amend_marker, merge_marker, read_amending, read_squashed, squash_marker};
use crate::{session, Error, Io};
use provenance_attribution::attribute::CommitAttribution;
use provenance_attribution::{
    detect_message, detected_from_message, LineCounts, MarkerKind, Note, NotePrompt,
};
use provenance_checks::{Config, ExitCode};
use provenance_git::Repo;

/// The version written into notes' `tool_version`.
pub(crate) const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// post-commit: note HEAD, unless this commit is an amend (post-rewrite, which runs after
/// git has copied the old note, writes that one).
pub(crate) fn post_commit(
    repo: &Repo,
    config: &Config,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let amending = read_amending(repo);
    let squashed = read_squashed(repo);
    let _ = std::fs::remove_file(amend_marker(repo));
    let _ = std::fs::remove_file(merge_marker(repo));
    let _ = std::fs::remove_file(squash_marker(repo));
    let Some(head) = repo.head_id()? else {
        return Ok(ExitCode::Ok);
    };
    // prepare-commit-msg could not always tell `--amend` from `-C HEAD` (git passes both
    // the same arguments); the commit can: an amend replaces HEAD, `-C HEAD` builds on it.
    let builds_on_it = amending.as_deref().is_some_and(|a| {
        repo.commit(&head)
            .is_ok_and(|c| c.parents.iter().any(|p| p == a))
    });
    if amending.is_some() && !builds_on_it {
        return Ok(ExitCode::Ok);
    }
    // A replayed commit (cherry-pick, or a rebase step before post-rewrite runs) carries
    // the note of the commit it copies, and never claims the current session's prompts.
    let replayed = crate::tag::replayed_commit(repo);
    let mut previous = Vec::new();
    if let Some(old) = &replayed {
        if let Some(text) = repo.note(old)? {
            previous = parse_notes(&text);
        }
    }
    // `git merge --squash`: the commits it squashed hand their notes to this one.
    for old in &squashed {
        if let Some(text) = repo.note(old)? {
            previous.extend(parse_notes(&text));
        }
    }
    let sessions = replayed.is_none() && !crate::tag::replaying(repo);
    let olds: Vec<String> = {
        let mut o: Vec<String> = replayed.iter().cloned().collect();
        o.extend(squashed.iter().cloned());
        if !sessions {
            o.extend(crate::tag::rebase_pending(repo));
        } else {
            o.extend(crate::tag::reset_commits(repo, true));
        }
        // Run again on a commit that has its note (by hand, or a hook manager running
        // post-commit twice): what that note says about the lines still holds.
        if repo.note(&head).ok().flatten().is_some() {
            o.push(head.clone());
        }
        o
    };
    let mut note = build_note(repo, &head, None, &previous, sessions, None)?;
    // Lines are attributed, and gate records compared with the commit, only when there
    // is a note to put them in: a human commit costs nothing more.
    let lines = if note.is_some() {
        commit_lines(repo, config, &head, &olds, sessions, io)
    } else {
        None
    };
    if let (Some(n), Some(l)) = (note.as_mut(), &lines) {
        set_lines(n, l.lines.clone());
    }
    let gates = if note.is_some() {
        take_gate_results(repo, &head)
    } else {
        let _ = std::fs::remove_file(crate::gates::gates_state(repo));
        Vec::new()
    };
    if let Some(mut note) = note {
        if !gates.is_empty() {
            note.gates = gates;
        }
        repo.write_note(&head, &note.to_json())?;
        if sessions {
            claim_prompts(repo, &head, None, &note)?;
        }
        if let Some(l) = &lines {
            crate::checkpoint::collect_garbage(repo, &l.tracked);
        }
        if !io.quiet {
            io.note(format!(
                "provenance: tagged {} ({}{})",
                &head[..head.len().min(10)],
                note.agent,
                note.model
                    .as_deref()
                    .map(|m| format!(":{m}"))
                    .unwrap_or_default()
            ));
        }
    }
    Ok(ExitCode::Ok)
}

/// post-merge: `git merge` made a merge commit without running post-commit; note it like
/// post-commit would. Only a merge commit made here (prepare-commit-msg saw source `merge`)
/// with no note yet: a fast-forward, even onto someone else's merge commit, is left alone.
pub(crate) fn post_merge(repo: &Repo, config: &Config, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let marker = merge_marker(repo);
    if !marker.exists() {
        return Ok(ExitCode::Ok);
    }
    let _ = std::fs::remove_file(&marker);
    let Some(head) = repo.head_id()? else {
        return Ok(ExitCode::Ok);
    };
    if repo.commit(&head)?.parents.len() < 2 || repo.note(&head)?.is_some() {
        return Ok(ExitCode::Ok);
    }
    post_commit(repo, config, io)
}

/// The gate results pre-commit left, if they were for this commit: its parent is the HEAD
/// pre-commit ran on and it changes exactly what was staged then. The record is consumed
/// either way.
fn take_gate_results(repo: &Repo, head: &str) -> Vec<provenance_attribution::GateRecord> {
    let path = crate::gates::gates_state(repo);
    let Ok(bytes) = std::fs::read(&path) else {
        return Vec::new();
    };
    let _ = std::fs::remove_file(&path);
    let Ok(state) = serde_json::from_slice::<crate::gates::GatesState>(&bytes) else {
        return Vec::new();
    };
    let parent = repo
        .commit(head)
        .ok()
        .and_then(|c| c.parents.first().cloned());
    // Only for exactly the change that was checked: same parent, same paths and blobs.
    let same_change = state.head == parent
        && match &state.tree {
            Some(tree) => repo.commit_tree(head).is_ok_and(|t| &t == tree),
            None => repo
                .commit_fingerprint(head)
                .is_ok_and(|f| f == state.fingerprint),
        };
    if same_change {
        state.gates
    } else {
        Vec::new()
    }
}

/// post-rewrite `amend|rebase` with `old new` lines on stdin.
pub(crate) fn post_rewrite(
    repo: &Repo,
    config: &Config,
    kind: &str,
    input: &str,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for line in input.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(old), Some(new)) = (parts.next(), parts.next()) {
            pairs.push((old.to_string(), new.to_string()));
        }
    }
    if pairs.is_empty() {
        return Ok(ExitCode::Ok);
    }
    // All the old commits that became one new commit (a squash maps many to one).
    let mut news: Vec<String> = Vec::new();
    for (_, new) in &pairs {
        if !news.contains(new) {
            news.push(new.clone());
        }
    }
    for new in &news {
        let olds: Vec<&str> = pairs
            .iter()
            .filter(|(_, n)| n == new)
            .map(|(o, _)| o.as_str())
            .collect();
        let mut previous: Vec<Note> = Vec::new();
        for old in &olds {
            if let Some(text) = repo.note(old)? {
                previous.extend(parse_notes(&text));
            }
        }
        let amending = (kind == "amend").then(|| olds[0]);
        // Only an amend is new work that may claim session prompts; a rebase replays.
        let old_ids: Vec<String> = olds.iter().map(|o| o.to_string()).collect();
        let lines = commit_lines(repo, config, new, &old_ids, amending.is_some(), io);
        let note = build_note(
            repo,
            new,
            amending,
            &previous,
            amending.is_some(),
            lines.as_ref(),
        )?;
        if amending.is_some() {
            if let Some(l) = &lines {
                crate::checkpoint::collect_garbage(repo, &l.tracked);
            }
        }
        match note {
            Some(note) => {
                repo.write_note(new, &note.to_json())?;
                if amending.is_some() {
                    claim_prompts(repo, new, amending, &note)?;
                }
            }
            None => {
                if let Some(mut first) = previous.into_iter().next() {
                    if let Some(l) = lines {
                        set_lines(&mut first, l.lines);
                    }
                    repo.write_note(new, &first.to_json())?;
                }
            }
        }
    }
    for store in session::stores_for(repo) {
        store.rewrite_commits(&pairs)?;
    }
    Ok(ExitCode::Ok)
}

/// Record in the session stores that `commit` claimed the prompts of its note, after the
/// note is written: a store that cannot be written (read-only `.git/provenance`, a full
/// disk) loses only the record, and says so. The next commit still does not repeat those
/// prompts: prepare-commit-msg skips digests HEAD's trailers already carry.
fn claim_prompts(
    repo: &Repo,
    commit: &str,
    amending: Option<&str>,
    note: &Note,
) -> Result<(), Error> {
    let shas: Vec<String> = note.prompts.iter().map(|p| p.sha256.clone()).collect();
    for store in session::stores_for(repo) {
        store.mark_committed(commit, amending, &shas).map_err(|e| {
            Error::internal(format!(
                "the note of {} is written, but the session store could not record that it \
                 claimed {} prompt(s): {e}. Fix the store's permissions; until then \
                 `provenance session status` lists those prompts as pending",
                &commit[..commit.len().min(10)],
                shas.len()
            ))
        })?;
    }
    Ok(())
}

/// Every JSON note in `text`: git's default `notes.rewriteMode = concatenate` may have
/// joined several.
pub(crate) fn parse_notes(text: &str) -> Vec<Note> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Note>()
        .map_while(Result::ok)
        .collect()
}

/// The note for `commit` from its trailers, the session prompts it claimed (when
/// `sessions`), and notes of the commits it replaces. `None` when the commit shows no AI
/// involvement.
fn build_note(
    repo: &Repo,
    commit: &str,
    amending: Option<&str>,
    previous: &[Note],
    sessions: bool,
    lines: Option<&Attributed>,
) -> Result<Option<Note>, Error> {
    let info = repo.commit(commit)?;
    let tconfig = crate::tag::trailer_settings(repo, None)?;
    let pairs: Vec<(String, String)> = provenance_trailers::parse(&info.message, &tconfig)
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    let markers = detect_message(&pairs, &info.message);
    if !markers.iter().any(|m| m.kind == MarkerKind::Attribution) {
        return Ok(None);
    }
    let Some(detected) = detected_from_message(&markers) else {
        return Ok(None);
    };
    let mut note = Note::new(&detected, TOOL_VERSION);
    let prompt_shas: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("AI-Prompt"))
        .filter_map(|(_, v)| v.trim().strip_prefix("sha256:").map(str::to_string))
        .collect();
    // Every attribution line, the user's own beside ours (two agents helped, or the
    // user named a tool provenance did not detect).
    note.assisted_by = pairs
        .iter()
        .filter(|(k, _)| {
            provenance_attribution::message::ATTRIBUTION_KEYS
                .contains(&k.trim().to_ascii_lowercase().as_str())
        })
        .map(|(_, v)| v.clone())
        .collect();
    if sessions && !prompt_shas.is_empty() {
        for s in session::sessions_for_commit(repo, amending)? {
            for p in &s.prompts {
                push_prompt(&mut note.prompts, NotePrompt::from(p));
            }
        }
    }
    for old in previous {
        for p in &old.prompts {
            push_prompt(&mut note.prompts, p.clone());
        }
        if note.session.is_none() {
            note.session.clone_from(&old.session);
        }
        // A squash joins the notes of its commits: the same gate run recorded twice is
        // one record.
        for g in &old.gates {
            if !note.gates.contains(g) {
                note.gates.push(g.clone());
            }
        }
    }
    for p in &mut note.prompts {
        p.text = provenance_secrets::redact_text(&p.text);
    }
    if let Some(l) = lines {
        set_lines(&mut note, l.lines.clone());
    } else if let Some((_, v)) = pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("AI-Lines"))
    {
        note.lines = parse_ai_lines(v);
    }
    Ok(Some(note))
}

fn set_lines(note: &mut Note, a: CommitAttribution) {
    note.lines = a.lines;
    note.files = a.files;
    note.contributors = a.contributors;
}

/// The line attribution of `commit` (see [`crate::attribute`]); fails open: a warning,
/// and the note keeps what the trailers say.
fn commit_lines(
    repo: &Repo,
    config: &Config,
    commit: &str,
    olds: &[String],
    checkpoints: bool,
    io: &mut Io<'_>,
) -> Option<Attributed> {
    let run = || -> Result<Option<Attributed>, Error> {
        let mut prior = crate::attribute::prior_from(repo, olds)?;
        crate::attribute::attribute(
            repo,
            config,
            Change::Commit(commit),
            checkpoints,
            &mut prior,
        )
    };
    match run() {
        Ok(a) => a.filter(|a| a.lines.lines.total() > 0),
        Err(e) => {
            io.note(format!(
                "provenance: warning: line attribution skipped: {e}"
            ));
            None
        }
    }
}

fn push_prompt(prompts: &mut Vec<NotePrompt>, p: NotePrompt) {
    if !prompts.iter().any(|q| q.sha256 == p.sha256) {
        prompts.push(p);
    }
}

/// `ai=<n> edited=<n> human=<n>`.
fn parse_ai_lines(value: &str) -> LineCounts {
    let mut counts = LineCounts::default();
    for part in value.split_whitespace() {
        if let Some((k, v)) = part.split_once('=') {
            let n = v.parse().unwrap_or(0);
            match k {
                "ai" => counts.ai = n,
                "edited" => counts.edited = n,
                "human" => counts.human = n,
                _ => {}
            }
        }
    }
    counts
}

/// `notes reattach --range A..B [--from C..D]`.
pub(crate) fn reattach(
    globals: &crate::Globals,
    args: &crate::args::NotesReattachArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let repo = Repo::discover(&globals.dir)?;
    let config = Config::load(repo.workdir().as_deref(), globals.config.as_deref())?;
    let (tips, _) = repo.resolve_range(&args.range)?;
    let targets = rev_list(&repo, &["--reverse", &args.range])?;
    let sources: Vec<String> = match &args.from {
        Some(from) => rev_list(&repo, &[from])?,
        None => {
            let reachable: std::collections::HashSet<String> =
                rev_list(&repo, &tips.iter().map(String::as_str).collect::<Vec<_>>())?
                    .into_iter()
                    .collect();
            noted_commits(&repo)?
                .into_iter()
                .filter(|c| !reachable.contains(c))
                .collect()
        }
    };
    let mut source_notes: Vec<(String, Note)> = Vec::new();
    for c in &sources {
        if let Some(text) = repo.note(c)? {
            for n in parse_notes(&text) {
                source_notes.push((c.clone(), n));
            }
        }
    }
    let ids: Vec<String> = source_notes.iter().map(|(c, _)| c.clone()).collect();
    let mut prior = crate::attribute::prior_from(&repo, &ids)?;
    let mut written = 0usize;
    for t in &targets {
        if repo.note(t)?.is_some() {
            continue;
        }
        let Some(a) =
            crate::attribute::attribute(&repo, &config, Change::Commit(t), false, &mut prior)?
        else {
            continue;
        };
        if !a.lines.has_ai() {
            continue;
        }
        let changed: Vec<String> = a.lines.files.iter().map(|f| f.path.clone()).collect();
        let from: Vec<&(String, Note)> = source_notes
            .iter()
            .filter(|(_, n)| n.files.iter().any(|f| changed.contains(&f.path)))
            .collect();
        let Some(top) = a.lines.top_contributor().cloned() else {
            continue;
        };
        let mut note = Note::new(
            &provenance_attribution::Detected {
                agent: top.agent.clone(),
                model: top.model.clone(),
                session: None,
                source: provenance_attribution::Source::Message,
            },
            TOOL_VERSION,
        );
        for (_, n) in &from {
            for p in &n.prompts {
                push_prompt(&mut note.prompts, p.clone());
            }
            for v in &n.assisted_by {
                if !note.assisted_by.contains(v) {
                    note.assisted_by.push(v.clone());
                }
            }
            if note.session.is_none() {
                note.session.clone_from(&n.session);
            }
        }
        set_lines(&mut note, a.lines);
        let counts = note.lines.trailer_value();
        if !args.dry_run {
            repo.write_note(t, &note.to_json())?;
        }
        written += 1;
        writeln!(
            io.out,
            "{}{} {}  {}  (from {} commit(s))",
            if args.dry_run {
                "would reattach "
            } else {
                "reattached "
            },
            &t[..t.len().min(10)],
            top.label(),
            counts,
            from.len()
        )?;
    }
    io.note(format!(
        "provenance: {written} of {} commit(s) {} a note",
        targets.len(),
        if args.dry_run { "would get" } else { "got" }
    ));
    Ok(ExitCode::Ok)
}

/// `notes import [--from git-ai|entire|all] [RANGE]`: a provenance note for each commit
/// of RANGE that has none, from what git-ai or Entire recorded for it.
pub(crate) fn import(
    globals: &crate::Globals,
    args: &crate::args::NotesImportArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    use crate::args::ImportSource;
    use provenance_attribution::import::{parse_entire, parse_git_ai};
    let repo = Repo::discover(&globals.dir)?;
    let git_ai = matches!(args.from, ImportSource::GitAi | ImportSource::All);
    let entire = matches!(args.from, ImportSource::Entire | ImportSource::All);
    let tconfig = crate::tag::trailer_settings(&repo, None)?;
    let commits = rev_list(&repo, &[&args.range])?;
    let (mut written, mut skipped, mut unreadable) = (0usize, 0usize, 0usize);
    for c in &commits {
        let foreign = if git_ai {
            repo.note_in(&args.git_ai_ref, c)?
        } else {
            None
        };
        let mut note = None;
        let mut from = "";
        if let Some(text) = foreign {
            match parse_git_ai(&text, TOOL_VERSION) {
                Ok(n) => {
                    note = n;
                    from = "git-ai";
                }
                Err(e) => {
                    unreadable += 1;
                    io.note(format!(
                        "provenance: warning: {} note of {}: {e} (skipped)",
                        args.git_ai_ref,
                        &c[..c.len().min(12)]
                    ));
                }
            }
        }
        if note.is_none() && entire {
            let info = repo.commit(c)?;
            let pairs: Vec<(String, String)> = provenance_trailers::parse(&info.message, &tconfig)
                .into_iter()
                .map(|t| (t.key, t.value))
                .collect();
            if let Some(mut n) = parse_entire(&pairs, TOOL_VERSION) {
                // The agent Entire ran, when the message names it (a co-author line).
                if let Some(d) = detected_from_message(&detect_message(&pairs, &info.message))
                    .filter(|d| d.agent != "entire")
                {
                    n.agent = d.agent;
                    n.model = d.model;
                }
                note = Some(n);
                from = "entire";
            }
        }
        let Some(mut note) = note else {
            continue;
        };
        if repo.note(c)?.is_some() {
            skipped += 1;
            continue;
        }
        for p in &mut note.prompts {
            p.text = provenance_secrets::redact_text(&p.text);
        }
        let lines = if note.lines.total() == 0 {
            "lines unknown".to_string()
        } else {
            note.lines.trailer_value()
        };
        if !args.dry_run {
            repo.write_note(c, &note.to_json())?;
        }
        written += 1;
        writeln!(
            io.out,
            "{}{} {}  {}  (from {from})",
            if args.dry_run {
                "would import "
            } else {
                "imported "
            },
            &c[..c.len().min(10)],
            provenance_attribution::agent_label(&note.agent, note.model.as_deref()),
            lines,
        )?;
    }
    io.note(format!(
        "provenance: {written} of {} commit(s) {} a note{}{}",
        commits.len(),
        if args.dry_run { "would get" } else { "got" },
        if skipped > 0 {
            format!("; {skipped} kept the provenance note they had")
        } else {
            String::new()
        },
        if unreadable > 0 {
            format!("; {unreadable} foreign note(s) could not be read")
        } else {
            String::new()
        },
    ));
    Ok(ExitCode::Ok)
}

fn rev_list(repo: &Repo, args: &[&str]) -> Result<Vec<String>, Error> {
    let mut argv = vec!["rev-list"];
    argv.extend_from_slice(args);
    argv.push("--");
    let out = provenance_git::run_git(repo.run_dir(), &argv, None)?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_string)
        .collect())
}

/// Every commit `refs/notes/provenance` has a note for.
fn noted_commits(repo: &Repo) -> Result<Vec<String>, Error> {
    let out = match provenance_git::run_git(
        repo.run_dir(),
        &["notes", "--ref", provenance_git::NOTES_REF, "list"],
        None,
    ) {
        Ok(o) => o,
        // No notes ref yet: nothing to reattach from.
        Err(_) => return Ok(Vec::new()),
    };
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(str::to_string)
        .collect())
}

/// Merge every fetched remote's notes into ours (`git notes merge -s union`: a commit
/// both sides noted keeps both documents, which [`parse_notes`] reads in order). Best
/// effort: a failure is a warning, and the tracking refs keep the remote notes readable.
pub(crate) fn merge_remote_notes(repo: &Repo, io: &mut Io<'_>) {
    for r in repo.remote_notes_refs() {
        let ours = repo.resolve(provenance_git::NOTES_REF).ok();
        let theirs = match repo.resolve(&r) {
            Ok(t) => t,
            Err(_) => continue,
        };
        if ours.as_deref() == Some(theirs.as_str()) {
            continue;
        }
        // Already merged: theirs is an ancestor of ours.
        if let Some(o) = &ours {
            let contained = provenance_git::run_git(
                repo.run_dir(),
                &["merge-base", "--is-ancestor", &theirs, o],
                None,
            )
            .is_ok();
            if contained {
                continue;
            }
        }
        let merged = provenance_git::run_git(
            repo.run_dir(),
            &[
                "notes",
                "--ref",
                provenance_git::NOTES_REF,
                "merge",
                "-q",
                "-s",
                "union",
                &r,
            ],
            None,
        );
        if let Err(e) = merged {
            io.note(format!(
                "provenance: warning: cannot merge the notes of {r}: {e}"
            ));
        }
    }
}

/// pre-push: push `refs/notes/provenance` to `remote` beside the branches. When the
/// remote's notes moved, fetch them into the tracking ref, merge, and push once more.
/// Fails open: the push of the branches goes on, with a warning. `git config
/// provenance.pushNotes false` turns it off.
pub(crate) fn push_notes(repo: &Repo, remote: &str, input: &str, io: &mut Io<'_>) {
    if repo
        .config_string("provenance.pushNotes")
        .is_some_and(|v| v.eq_ignore_ascii_case("false"))
    {
        return;
    }
    // The user is pushing the notes ref itself, or deleting refs only.
    if input.contains(provenance_git::NOTES_REF) || repo.resolve(provenance_git::NOTES_REF).is_err()
    {
        return;
    }
    let spec = format!("{0}:{0}", provenance_git::NOTES_REF);
    let push = || {
        provenance_git::run_git(
            repo.run_dir(),
            &["push", "--no-verify", "--quiet", remote, &spec],
            None,
        )
    };
    if push().is_ok() {
        return;
    }
    let tracking = if remote
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        provenance_git::remote_notes_ref(remote)
    } else {
        // A URL: a tracking ref named by its digest.
        provenance_git::remote_notes_ref(&format!(
            "url-{}",
            &provenance_findings::sha256_hex(remote.as_bytes())[..12]
        ))
    };
    let fetched = provenance_git::run_git(
        repo.run_dir(),
        &[
            "fetch",
            "--quiet",
            "--no-write-fetch-head",
            remote,
            &format!("+{}:{tracking}", provenance_git::NOTES_REF),
        ],
        None,
    );
    if let Err(e) = fetched {
        io.note(format!(
            "provenance: warning: the notes were not pushed to {remote}, and its notes cannot be fetched: {e}"
        ));
        return;
    }
    merge_remote_notes(repo, io);
    if let Err(e) = push() {
        io.note(format!(
            "provenance: warning: the notes were not pushed to {remote}: {e}; \
             `git push {remote} {spec}` pushes them by hand"
        ));
    }
}
