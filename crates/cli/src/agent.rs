//! `provenance agent install|uninstall|status <agent> [--user]` and the hidden
//! `agent hook <agent>` the installed configuration calls.
//!
//! Install merges our entries into the agent's own hook configuration and keeps every key,
//! entry and the key order already there. What was there before is remembered (a copy,
//! 0600, beside our other state — unless the file holds something secret-looking, in which
//! case only the structural undo is possible); uninstall restores that copy byte for byte
//! when the file is exactly as install left it, and otherwise removes only our entries.
//!
//! A hook event never fails the agent: every error is a warning on stderr and exit 0.

use crate::args::{AgentArgs, AgentCommand, AgentHookArgs, AgentStatusArgs};
use crate::checkpoint::{self, Request, RequestFile};
use crate::{Error, Globals, Io};
use provenance_attribution::chrono::Utc;
use provenance_attribution::hook::{model_from_transcript, parse_hook_event, HookKind};
use provenance_attribution::{create_private_dir, write_atomic, write_private};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

mod json;
use json::Json;

/// How an agent's configuration takes hooks.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// `{"hooks": {"<Event>": [{"matcher"?, "hooks": [{"type": "command", "command",
    /// "timeout"}]}]}}` — Claude Code, Factory Droid (seconds), Gemini CLI (milliseconds).
    Grouped {
        /// Timeout value written (the agent's unit).
        timeout: u64,
    },
    /// `{"version": 1, "hooks": {"<event>": [{"command"}]}}` — Cursor, Windsurf.
    Flat {
        /// Whether the file carries `"version": 1`.
        versioned: bool,
    },
    /// A file of our own, `{"version": 1, "hooks": {"<event>": [{"type": "command",
    /// "bash", "timeoutSec"}]}}` — GitHub Copilot CLI's `.github/hooks/*.json`.
    CopilotFile,
    /// `notify = [...]` in `config.toml` — Codex CLI (one program per user).
    CodexNotify,
    /// A plugin file of our own — OpenCode.
    OpenCodePlugin,
    /// An executable of our own named after the event — Cline's hooks directory holds one
    /// script per event (`PreToolUse`, `PostToolUse`, `UserPromptSubmit`), each answering
    /// JSON on stdout.
    ClineScript,
}

/// One agent integration.
struct Integration {
    id: &'static str,
    shape: Shape,
    /// The repository's file, relative to the worktree root (`None`: user-wide only).
    repo_file: Option<&'static str>,
    /// The user-wide file, relative to HOME (`None`: per repository only).
    user_file: Option<&'static str>,
    /// `(event, tool matcher)` pairs our entries attach to.
    events: &'static [(&'static str, Option<&'static str>)],
}

const CLAUDE_EDITS: &str = "Edit|Write|MultiEdit|NotebookEdit";

/// Codex's file edits: `apply_patch` (which Codex also matches as `Edit` and `Write`).
const CODEX_EDITS: &str = "apply_patch|Edit|Write";

const INTEGRATIONS: &[Integration] = &[
    Integration {
        id: "claude-code",
        shape: Shape::Grouped { timeout: 10 },
        repo_file: Some(".claude/settings.json"),
        user_file: Some(".claude/settings.json"),
        events: &[
            ("UserPromptSubmit", None),
            ("PreToolUse", Some(CLAUDE_EDITS)),
            ("PostToolUse", Some(CLAUDE_EDITS)),
        ],
    },
    Integration {
        id: "factory-droid",
        shape: Shape::Grouped { timeout: 10 },
        repo_file: Some(".factory/settings.json"),
        user_file: Some(".factory/settings.json"),
        events: &[
            ("UserPromptSubmit", None),
            ("PreToolUse", Some("Edit|Create|MultiEdit|ApplyPatch")),
            ("PostToolUse", Some("Edit|Create|MultiEdit|ApplyPatch")),
        ],
    },
    Integration {
        id: "gemini-cli",
        shape: Shape::Grouped { timeout: 10_000 },
        repo_file: Some(".gemini/settings.json"),
        user_file: Some(".gemini/settings.json"),
        events: &[
            ("BeforeAgent", None),
            ("BeforeTool", Some("write_file|replace")),
            ("AfterTool", Some("write_file|replace")),
        ],
    },
    Integration {
        id: "cursor",
        shape: Shape::Flat { versioned: true },
        repo_file: Some(".cursor/hooks.json"),
        user_file: Some(".cursor/hooks.json"),
        events: &[("beforeSubmitPrompt", None), ("afterFileEdit", None)],
    },
    Integration {
        id: "windsurf",
        shape: Shape::Flat { versioned: false },
        repo_file: Some(".windsurf/hooks.json"),
        user_file: Some(".codeium/windsurf/hooks.json"),
        events: &[
            ("pre_user_prompt", None),
            ("pre_write_code", None),
            ("post_write_code", None),
        ],
    },
    Integration {
        id: "copilot",
        shape: Shape::CopilotFile,
        repo_file: Some(".github/hooks/provenance.json"),
        user_file: None,
        events: &[
            ("userPromptSubmitted", None),
            ("preToolUse", None),
            ("postToolUse", None),
        ],
    },
    Integration {
        id: "codex",
        shape: Shape::Grouped { timeout: 10 },
        repo_file: Some(".codex/hooks.json"),
        user_file: Some(".codex/hooks.json"),
        events: &[
            ("UserPromptSubmit", None),
            ("PreToolUse", Some(CODEX_EDITS)),
            ("PostToolUse", Some(CODEX_EDITS)),
        ],
    },
    Integration {
        id: "codex",
        shape: Shape::CodexNotify,
        repo_file: None,
        user_file: Some(".codex/config.toml"),
        events: &[("agent-turn-complete", None)],
    },
    Integration {
        id: "opencode",
        shape: Shape::OpenCodePlugin,
        repo_file: Some(".opencode/plugin/provenance.js"),
        user_file: Some(".config/opencode/plugin/provenance.js"),
        events: &[("tool.execute.before", None), ("tool.execute.after", None)],
    },
    Integration {
        id: "cline",
        shape: Shape::ClineScript,
        repo_file: Some(".clinerules/hooks/UserPromptSubmit"),
        user_file: Some("Documents/Cline/Hooks/UserPromptSubmit"),
        events: &[("UserPromptSubmit", None)],
    },
    Integration {
        id: "cline",
        shape: Shape::ClineScript,
        repo_file: Some(".clinerules/hooks/PreToolUse"),
        user_file: Some("Documents/Cline/Hooks/PreToolUse"),
        events: &[("PreToolUse", None)],
    },
    Integration {
        id: "cline",
        shape: Shape::ClineScript,
        repo_file: Some(".clinerules/hooks/PostToolUse"),
        user_file: Some("Documents/Cline/Hooks/PostToolUse"),
        events: &[("PostToolUse", None)],
    },
];

/// Agents with no hook mechanism provenance can attach to, and what is used instead.
const WITHOUT_HOOKS: &[(&str, &str)] = &[
    (
        "amp",
        "no command hooks (its `amp.hooks` take declarative actions only); detected from its environment (AMP_*) and co-author line",
    ),
    (
        "aider",
        "no hooks; detected from its environment and its `(aider)` author / co-author line",
    ),
];

/// An agent's integrations: one per file it reads hooks from (Cline: one per event).
fn integration(id: &str) -> Result<Vec<&'static Integration>, Error> {
    let id = provenance_attribution::resolve_agent(id, true).unwrap_or_else(|_| id.to_string());
    let found: Vec<&'static Integration> = INTEGRATIONS.iter().filter(|i| i.id == id).collect();
    if !found.is_empty() {
        return Ok(found);
    }
    if let Some((_, why)) = WITHOUT_HOOKS.iter().find(|(a, _)| *a == id) {
        return Err(Error::usage(format!("{id}: {why}")));
    }
    let mut known: Vec<&str> = INTEGRATIONS.iter().map(|i| i.id).collect();
    known.dedup();
    Err(Error::usage(format!(
        "{id}: unknown agent; agents with hooks: {}",
        known.join(", ")
    )))
}

pub(crate) fn run(
    globals: &Globals,
    command: AgentCommand,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    match command {
        AgentCommand::Install(a) => for_each(globals, &a, io, install, false),
        // Last installed first: the first file's record holds the directories install made.
        AgentCommand::Uninstall(a) => for_each(globals, &a, io, uninstall, true),
        AgentCommand::Status(a) => status(globals, &a, io),
        AgentCommand::Hook(a) => Ok(hook(globals, &a, io)),
    }
}

type Action = fn(&Target, &mut Io<'_>) -> Result<(), Error>;

fn for_each(
    globals: &Globals,
    args: &AgentArgs,
    io: &mut Io<'_>,
    action: Action,
    reverse: bool,
) -> Result<ExitCode, Error> {
    // The integrations with a file of the kind asked for (repository or user-wide).
    let has = |i: &&Integration| {
        if args.user {
            i.user_file.is_some()
        } else {
            i.repo_file.is_some()
        }
    };
    let mut list: Vec<&'static Integration> = if args.agent == "all" {
        INTEGRATIONS.iter().filter(has).collect()
    } else {
        let all = integration(&args.agent)?;
        // An agent with files of both kinds (Codex: hooks.json in both places, notify
        // user-wide only) gets the ones of the kind asked for; one with none of that kind
        // gets them all, and `target` says why that cannot work.
        if all.iter().any(has) {
            all.into_iter().filter(has).collect()
        } else {
            all
        }
    };
    if reverse {
        list.reverse();
    } else {
        // Codex's `notify` program is superseded by its hooks.json (per-edit events); it is
        // no longer installed, only removed where an earlier version installed it.
        list.retain(|i| !matches!(i.shape, Shape::CodexNotify));
    }
    for i in list {
        let t = target(globals, i, args.user)?;
        action(&t, io)?;
    }
    Ok(ExitCode::Ok)
}

/// Where one integration's file and our state for it live.
struct Target {
    integration: &'static Integration,
    file: PathBuf,
    state: PathBuf,
    command: String,
}

fn home() -> Result<PathBuf, Error> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| Error::usage("HOME is not set"))
}

fn user_state_dir() -> Result<PathBuf, Error> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .map_or_else(|| home().map(|h| h.join(".config")), Ok)?;
    Ok(base.join("provenance").join("agents"))
}

fn target(globals: &Globals, i: &'static Integration, user: bool) -> Result<Target, Error> {
    let (file, state_dir) = if user {
        let rel = i.user_file.ok_or_else(|| {
            Error::usage(format!(
                "{}: has no user-wide hook configuration; install it per repository (without --user)",
                i.id
            ))
        })?;
        (home()?.join(rel), user_state_dir()?)
    } else {
        let rel = i.repo_file.ok_or_else(|| {
            Error::usage(format!(
                "{}: reads hooks only from the user-wide configuration; use --user",
                i.id
            ))
        })?;
        let repo = Repo::discover(&globals.dir)?;
        let root = repo
            .workdir()
            .ok_or_else(|| Error::usage("a bare repository has no agent configuration"))?;
        (
            root.join(rel),
            repo.common_dir().join("provenance").join("agents"),
        )
    };
    let key = &provenance_findings::sha256_hex(file.to_string_lossy().as_bytes())[..16];
    Ok(Target {
        integration: i,
        state: state_dir.join(format!("{}-{key}.json", i.id)),
        command: hook_command(i.id),
        file,
    })
}

/// The command our entries run; its `agent hook <id>` part identifies them.
fn hook_command(id: &str) -> String {
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "provenance".to_string());
    let exe = if exe
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        exe
    } else {
        format!("'{}'", exe.replace('\'', "'\\''"))
    };
    format!("{exe} agent hook {id}")
}

fn is_ours(command: &str, id: &str) -> bool {
    command.contains(&format!(" agent hook {id}"))
}

/// What install remembers.
#[derive(Debug, Serialize, Deserialize)]
struct State {
    file: String,
    /// The bytes that were there (`None`: no file), when it was safe to keep a copy.
    original: Option<String>,
    existed: bool,
    /// Whether a copy was kept (false: the original looked like it held a secret).
    copied: bool,
    /// sha256 of what install wrote.
    written: String,
    /// Directories install created, deepest first.
    #[serde(default)]
    created_dirs: Vec<String>,
}

fn install(t: &Target, io: &mut Io<'_>) -> Result<(), Error> {
    let i = t.integration;
    let before = match std::fs::read(&t.file) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&t.file, e)),
    };
    let text = match &before {
        Some(b) => Some(String::from_utf8(b.clone()).map_err(|_| {
            Error::usage(format!("{}: not UTF-8; left as it is", t.file.display()))
        })?),
        None => None,
    };
    let after = match i.shape {
        Shape::CodexNotify => codex_install(t, text.as_deref())?,
        Shape::OpenCodePlugin => own_file(t, text.as_deref(), opencode_plugin(&t.command))?,
        Shape::ClineScript => own_file(t, text.as_deref(), cline_script(t))?,
        _ => json_install(t, text.as_deref())?,
    };
    if text.as_deref() == Some(after.as_str()) {
        io.note(format!(
            "provenance: {}: already installed in {}",
            i.id,
            t.file.display()
        ));
        return Ok(());
    }
    let mut created = Vec::new();
    let mut dir = t.file.parent();
    while let Some(d) = dir {
        if d.exists() {
            break;
        }
        created.push(d.to_string_lossy().into_owned());
        dir = d.parent();
    }
    if let Some(parent) = t.file.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    // Keep the previous state only once: a re-install after a user edit keeps the first.
    if !t.state.exists() {
        let safe = text
            .as_deref()
            .is_none_or(|x| provenance_secrets::redact_text(x) == x);
        let state = State {
            file: t.file.to_string_lossy().into_owned(),
            original: if safe { text.clone() } else { None },
            existed: before.is_some(),
            copied: safe,
            written: sha256(after.as_bytes()),
            created_dirs: created,
        };
        if let Some(d) = t.state.parent() {
            create_private_dir(d).map_err(|e| Error::io(d, e))?;
        }
        let json = serde_json::to_vec_pretty(&state).map_err(|e| Error::internal(e.to_string()))?;
        write_private(&t.state, &json).map_err(|e| Error::io(&t.state, e))?;
    } else {
        update_written(&t.state, &after)?;
    }
    write_atomic(&t.file, after.as_bytes()).map_err(|e| Error::io(&t.file, e))?;
    if let Shape::ClineScript = i.shape {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&t.file, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(&t.file, e))?;
    }
    io.note(format!(
        "provenance: {}: hooks {} added to {}",
        i.id,
        i.events
            .iter()
            .map(|(e, _)| *e)
            .collect::<Vec<_>>()
            .join(", "),
        t.file.display()
    ));
    if let Shape::Grouped { .. } = i.shape {
        if i.id == "gemini-cli" {
            io.note("provenance: gemini-cli: hooks run only when enabled in its settings (see its hooks docs)");
        }
    }
    Ok(())
}

fn sha256(bytes: &[u8]) -> String {
    provenance_findings::sha256_hex(bytes)
}

fn update_written(state_path: &Path, after: &str) -> Result<(), Error> {
    let mut state: State = read_state(state_path)?;
    state.written = sha256(after.as_bytes());
    let json = serde_json::to_vec_pretty(&state).map_err(|e| Error::internal(e.to_string()))?;
    write_private(state_path, &json).map_err(|e| Error::io(state_path, e))
}

fn read_state(path: &Path) -> Result<State, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::usage(format!(
            "{}:{}: unreadable install record: {e}",
            path.display(),
            e.line()
        ))
    })
}

fn uninstall(t: &Target, io: &mut Io<'_>) -> Result<(), Error> {
    let i = t.integration;
    let current = match std::fs::read_to_string(&t.file) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&t.file, e)),
    };
    let state = if t.state.exists() {
        Some(read_state(&t.state)?)
    } else {
        None
    };
    let Some(current) = current else {
        io.note(format!(
            "provenance: {}: {} is gone; nothing to remove",
            i.id,
            t.file.display()
        ));
        let _ = std::fs::remove_file(&t.state);
        return Ok(());
    };
    let untouched = state
        .as_ref()
        .is_some_and(|s| s.written == sha256(current.as_bytes()) && s.copied);
    if let (true, Some(s)) = (untouched, &state) {
        match &s.original {
            Some(orig) => {
                write_atomic(&t.file, orig.as_bytes()).map_err(|e| Error::io(&t.file, e))?
            }
            None => {
                std::fs::remove_file(&t.file).map_err(|e| Error::io(&t.file, e))?;
                for d in &s.created_dirs {
                    let _ = std::fs::remove_dir(d);
                }
            }
        }
        io.note(format!(
            "provenance: {}: {} restored",
            i.id,
            t.file.display()
        ));
    } else {
        let after = match i.shape {
            Shape::CodexNotify => codex_uninstall(t, &current)?,
            Shape::OpenCodePlugin | Shape::ClineScript => {
                let ours = match i.shape {
                    Shape::ClineScript => cline_script(t),
                    _ => opencode_plugin(&t.command),
                };
                if current == ours {
                    None
                } else {
                    return Err(Error::usage(format!(
                        "{}: changed since install; remove it yourself",
                        t.file.display()
                    )));
                }
            }
            _ => json_uninstall(t, &current)?,
        };
        match after {
            Some(text) if text != current => {
                write_atomic(&t.file, text.as_bytes()).map_err(|e| Error::io(&t.file, e))?;
                io.note(format!(
                    "provenance: {}: our hooks removed from {} (the rest of it is kept as it is now)",
                    i.id,
                    t.file.display()
                ));
            }
            Some(_) => io.note(format!(
                "provenance: {}: no provenance hooks in {}",
                i.id,
                t.file.display()
            )),
            None => {
                std::fs::remove_file(&t.file).map_err(|e| Error::io(&t.file, e))?;
                io.note(format!(
                    "provenance: {}: {} removed",
                    i.id,
                    t.file.display()
                ));
            }
        }
    }
    let _ = std::fs::remove_file(&t.state);
    Ok(())
}

fn parse_json(t: &Target, text: &str) -> Result<Json, Error> {
    Json::parse(text).map_err(|(line, col, msg)| {
        Error::usage(format!(
            "{}:{line}:{col}: {msg}; expected a JSON object — the file was left as it is",
            t.file.display()
        ))
    })
}

fn our_entry(t: &Target, event: &str, matcher: Option<&str>) -> Json {
    let cmd = Json::Str(format!("{} --event {event}", t.command));
    match t.integration.shape {
        Shape::Grouped { timeout } => {
            let mut hook = vec![
                ("type".to_string(), Json::Str("command".into())),
                ("command".to_string(), cmd),
                ("timeout".to_string(), Json::Num(timeout.into())),
            ];
            if t.integration.id == "gemini-cli" {
                hook.insert(0, ("name".to_string(), Json::Str("provenance".into())));
            }
            let mut group = Vec::new();
            if let Some(m) = matcher {
                group.push(("matcher".to_string(), Json::Str(m.into())));
            }
            group.push(("hooks".to_string(), Json::Arr(vec![Json::Obj(hook)])));
            Json::Obj(group)
        }
        Shape::Flat { .. } => Json::Obj(vec![("command".to_string(), cmd)]),
        _ => Json::Obj(vec![
            ("type".to_string(), Json::Str("command".into())),
            ("bash".to_string(), cmd),
            ("timeoutSec".to_string(), Json::Num(10.into())),
        ]),
    }
}

/// Whether an entry (a group or a flat hook) runs our command.
fn entry_is_ours(entry: &Json, id: &str) -> bool {
    let cmd_ours = |o: &Json| {
        ["command", "bash"].iter().any(|k| {
            o.get(k)
                .and_then(Json::as_str)
                .is_some_and(|c| is_ours(c, id))
        })
    };
    if cmd_ours(entry) {
        return true;
    }
    match entry.get("hooks") {
        Some(Json::Arr(hooks)) => !hooks.is_empty() && hooks.iter().all(cmd_ours),
        _ => false,
    }
}

fn json_install(t: &Target, text: Option<&str>) -> Result<String, Error> {
    let id = t.integration.id;
    let mut root = match text {
        Some(x) if !x.trim().is_empty() => parse_json(t, x)?,
        _ => Json::Obj(Vec::new()),
    };
    if !matches!(root, Json::Obj(_)) {
        return Err(Error::usage(format!(
            "{}: the top level is not a JSON object; left as it is",
            t.file.display()
        )));
    }
    if matches!(
        t.integration.shape,
        Shape::Flat { versioned: true } | Shape::CopilotFile
    ) && root.get("version").is_none()
    {
        root.set("version", Json::Num(1.into()));
    }
    let hooks = root.entry_obj("hooks").ok_or_else(|| {
        Error::usage(format!(
            "{}: `hooks` is not an object; left as it is",
            t.file.display()
        ))
    })?;
    for (event, matcher) in t.integration.events {
        let entry = our_entry(t, event, *matcher);
        let list = hooks.entry_arr(event).ok_or_else(|| {
            Error::usage(format!(
                "{}: `hooks.{event}` is not an array; left as it is",
                t.file.display()
            ))
        })?;
        match list.iter().position(|e| entry_is_ours(e, id)) {
            Some(k) => list[k] = entry,
            None => list.push(entry),
        }
    }
    Ok(root.pretty())
}

/// The file without our entries; `None` when nothing else would be left.
fn json_uninstall(t: &Target, text: &str) -> Result<Option<String>, Error> {
    let id = t.integration.id;
    let mut root = parse_json(t, text)?;
    if let Some(Json::Obj(events)) = root.get_mut("hooks") {
        for (_, list) in events.iter_mut() {
            if let Json::Arr(items) = list {
                items.retain(|e| !entry_is_ours(e, id));
            }
        }
        events.retain(|(_, l)| !matches!(l, Json::Arr(a) if a.is_empty()));
    }
    if root
        .get("hooks")
        .is_some_and(|h| matches!(h, Json::Obj(e) if e.is_empty()))
    {
        root.remove("hooks");
    }
    let only_version = matches!(&root, Json::Obj(kv) if kv.iter().all(|(k, _)| k == "version"));
    if only_version
        && matches!(
            t.integration.shape,
            Shape::Flat { versioned: true } | Shape::CopilotFile
        )
    {
        return Ok(None);
    }
    if matches!(&root, Json::Obj(kv) if kv.is_empty()) {
        return Ok(None);
    }
    Ok(Some(root.pretty()))
}

fn codex_notify_line(t: &Target) -> String {
    let exe = t
        .command
        .trim_end_matches(" agent hook codex")
        .trim_matches('\'');
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "notify = [{}, \"agent\", \"hook\", \"codex\"] # provenance",
        q(exe)
    )
}

fn codex_install(t: &Target, text: Option<&str>) -> Result<String, Error> {
    let text = text.unwrap_or("");
    let line = codex_notify_line(t);
    let parsed: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Error::usage(format!("{}: {e}; left as it is", t.file.display()))
    })?;
    if let Some(existing) = parsed.get("notify") {
        let ours = existing.as_array().is_some_and(|a| {
            a.iter().any(|v| v.as_str() == Some("hook"))
                && a.iter().any(|v| v.as_str() == Some("codex"))
        });
        if ours {
            return Ok(text.to_string());
        }
        return Err(Error::usage(format!(
            "{}: `notify` is already set to another program; Codex runs only one. \
             Have that program also run `provenance agent hook codex \"$1\"`, or remove it and re-run",
            t.file.display()
        )));
    }
    // `notify` is a top-level key: it goes before the first table.
    let mut out = String::new();
    let mut placed = false;
    for l in text.split_inclusive('\n') {
        if !placed && l.trim_start().starts_with('[') {
            out.push_str(&line);
            out.push('\n');
            placed = true;
        }
        out.push_str(l);
    }
    if !placed {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

fn codex_uninstall(_t: &Target, text: &str) -> Result<Option<String>, Error> {
    let out: String = text
        .split_inclusive('\n')
        .filter(|l| !(l.trim_start().starts_with("notify") && l.contains("# provenance")))
        .collect();
    Ok(if out.trim().is_empty() {
        None
    } else {
        Some(out)
    })
}

/// A file that is wholly ours (a plugin, a hook script): written when absent or already
/// ours, never over someone else's.
fn own_file(t: &Target, text: Option<&str>, ours: String) -> Result<String, Error> {
    match text {
        Some(x) if x != ours => Err(Error::usage(format!(
            "{}: a different file is already there; left as it is. To record {}'s edits from \
             it, have it also pipe its input to `{} --event {}`",
            t.file.display(),
            t.integration.id,
            t.command,
            t.integration.events.first().map_or("", |(e, _)| *e),
        ))),
        _ => Ok(ours),
    }
}

/// The script Cline runs for one event: our hook reads the payload, Cline reads
/// `{"cancel": false}` (never block the agent).
fn cline_script(t: &Target) -> String {
    let event = t.integration.events.first().map_or("", |(e, _)| *e);
    format!(
        "#!/bin/sh\n\
         # Written by `provenance agent install cline`; `provenance agent uninstall cline` removes it.\n\
         # Records the files Cline's edit tools change, before and after, for line attribution.\n\
         {} --event {event} >/dev/null 2>&1\n\
         printf '%s\\n' '{{\"cancel\": false}}'\n",
        t.command
    )
}

fn opencode_plugin(command: &str) -> String {
    let exe = command
        .trim_end_matches(" agent hook opencode")
        .trim_matches('\'');
    format!(
        r#"// Written by `provenance agent install opencode`; `provenance agent uninstall opencode` removes it.
// Records which files OpenCode's edit tools change, before and after, for line attribution.
import {{ spawnSync }} from "node:child_process";

const PROVENANCE = {exe:?};
const EDITS = new Set(["edit", "write", "patch", "multiedit"]);

function record(event, input, output) {{
  if (!EDITS.has(input.tool)) return;
  const args = (output && output.args) || {{}};
  const payload = {{
    hook_event_name: event,
    tool_name: "edit",
    session_id: input.sessionID,
    tool_input: {{ file_path: args.filePath || args.path }},
  }};
  spawnSync(PROVENANCE, ["agent", "hook", "opencode"], {{ input: JSON.stringify(payload), timeout: 10000 }});
}}

export const Provenance = async () => ({{
  "tool.execute.before": async (input, output) => record("PreToolUse", input, output),
  "tool.execute.after": async (input, output) => record("PostToolUse", input, output),
}});
"#
    )
}

fn status(globals: &Globals, args: &AgentStatusArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    #[derive(Serialize)]
    struct Row {
        agent: String,
        scope: &'static str,
        file: Option<String>,
        installed: bool,
        note: Option<String>,
    }
    let mut rows = Vec::new();
    let only = args
        .agent
        .as_deref()
        .map(|a| provenance_attribution::resolve_agent(a, true).unwrap_or_else(|_| a.to_string()));
    for i in INTEGRATIONS {
        if only.as_deref().is_some_and(|o| o != i.id) {
            continue;
        }
        for user in [false, true] {
            let Ok(t) = target(globals, i, user) else {
                continue;
            };
            let text = std::fs::read_to_string(&t.file).ok();
            let installed = text.as_deref().is_some_and(|x| match i.shape {
                Shape::CodexNotify => x
                    .lines()
                    .any(|l| l.contains("# provenance") && l.trim_start().starts_with("notify")),
                Shape::OpenCodePlugin => x.contains("provenance agent install opencode"),
                Shape::ClineScript => x.contains("provenance agent install cline"),
                _ => x.contains(&format!(" agent hook {}", i.id)),
            });
            rows.push(Row {
                agent: i.id.to_string(),
                scope: if user { "user" } else { "repo" },
                file: Some(t.file.to_string_lossy().into_owned()),
                installed,
                note: None,
            });
        }
    }
    for (a, why) in WITHOUT_HOOKS {
        if only.as_deref().is_some_and(|o| o != *a) {
            continue;
        }
        rows.push(Row {
            agent: a.to_string(),
            scope: "-",
            file: None,
            installed: false,
            note: Some(why.to_string()),
        });
    }
    if rows.is_empty() {
        return Err(Error::usage(format!(
            "{}: unknown agent",
            args.agent.as_deref().unwrap_or("")
        )));
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&rows).map_err(|e| Error::internal(e.to_string()))?;
        writeln!(io.out, "{json}")?;
    } else {
        for r in &rows {
            match &r.note {
                Some(n) => writeln!(io.out, "{:<14} {:<5} {n}", r.agent, r.scope)?,
                None => writeln!(
                    io.out,
                    "{:<14} {:<5} {:<13} {}",
                    r.agent,
                    r.scope,
                    if r.installed {
                        "installed"
                    } else {
                        "not installed"
                    },
                    r.file.as_deref().unwrap_or("")
                )?,
            }
        }
    }
    Ok(ExitCode::Ok)
}

/// One agent hook event. Never fails the agent: problems are warnings, exit 0.
fn hook(globals: &Globals, args: &AgentHookArgs, io: &mut Io<'_>) -> ExitCode {
    if let Err(e) = hook_inner(globals, args, io) {
        io.note(format!(
            "provenance: agent hook {}: warning: {e}",
            args.agent
        ));
    }
    ExitCode::Ok
}

fn hook_inner(globals: &Globals, args: &AgentHookArgs, io: &mut Io<'_>) -> Result<(), Error> {
    let payload = match &args.payload {
        Some(p) => p.clone(),
        None => {
            let mut s = String::new();
            io.stdin
                .read_to_string(&mut s)
                .map_err(|e| Error::usage(format!("stdin: {e}")))?;
            s
        }
    };
    let event = parse_hook_event(&payload, args.event.as_deref())
        .map_err(|e| Error::usage(format!("malformed payload: {e}")))?;
    let agent = provenance_attribution::resolve_agent(&args.agent, true)
        .map_err(|e| Error::usage(e.to_string()))?;
    let dir = event
        .cwd
        .as_deref()
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| globals.dir.clone());
    let Ok(repo) = Repo::discover(&dir) else {
        // Not in a repository: nothing to attribute.
        return Ok(());
    };
    let model = event.model.clone().or_else(|| {
        event
            .transcript_path
            .as_deref()
            .and_then(|p| read_tail(Path::new(p), 1 << 20))
            .and_then(|t| model_from_transcript(&t))
    });
    let files = |kind: &str| Request {
        agent: agent.clone(),
        model: model.clone(),
        session: event.session.clone(),
        kind: Some(kind.to_string()),
        files: event
            .files
            .iter()
            .map(|f| RequestFile {
                path: f.clone(),
                content: None,
            })
            .collect(),
        prompt: None,
    };
    match event.kind {
        HookKind::Prompt => {
            // What changed since the agent's last edit is the human's: checkpoint every
            // tracked file before the agent works on the new prompt.
            let tracked: Vec<RequestFile> = checkpoint::store_for(&repo)
                .all()?
                .into_iter()
                .map(|t| RequestFile {
                    path: repo
                        .workdir()
                        .map(|w| w.join(&t.path).to_string_lossy().into_owned())
                        .unwrap_or(t.path),
                    content: None,
                })
                .collect();
            if !tracked.is_empty() {
                checkpoint::record(
                    &repo,
                    &dir,
                    &Request {
                        files: tracked,
                        ..files("human")
                    },
                )?;
            }
            if let Some(p) = event.prompt.as_deref().filter(|p| !p.trim().is_empty()) {
                let id = event
                    .session
                    .clone()
                    .unwrap_or_else(|| format!("{agent}-hook"));
                crate::session::store_for(&repo)
                    .allow_unknown_agents(true)
                    .record_agent_prompt(&agent, &id, model.as_deref(), p, Utc::now())?;
            }
        }
        HookKind::BeforeEdit if !event.files.is_empty() => {
            checkpoint::record(&repo, &dir, &files("human"))?;
        }
        HookKind::AfterEdit if !event.files.is_empty() => {
            checkpoint::record(&repo, &dir, &files("ai"))?;
        }
        // Codex's turn-complete names no files: what changed in the worktree is the turn's.
        HookKind::Stop if agent == "codex" => {
            if let Some(p) = event.prompt.as_deref().filter(|p| !p.trim().is_empty()) {
                let id = event
                    .session
                    .clone()
                    .unwrap_or_else(|| "codex-notify".into());
                crate::session::store_for(&repo)
                    .allow_unknown_agents(true)
                    .record_agent_prompt(&agent, &id, model.as_deref(), p, Utc::now())?;
            }
            checkpoint::record(
                &repo,
                &dir,
                &Request {
                    files: Vec::new(),
                    ..files("ai")
                },
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// The last `max` bytes of a file, from its first whole line (an agent's transcript, a reflog).
pub(crate) fn read_tail(path: &Path, max: u64) -> Option<String> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let start = len.saturating_sub(max);
    f.seek(SeekFrom::Start(start)).ok()?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    // Drop a partial first line.
    Some(if start > 0 {
        text.split_once('\n')
            .map(|(_, r)| r.to_string())
            .unwrap_or_default()
    } else {
        text
    })
}
