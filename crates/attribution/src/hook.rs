//! Agent hook payloads: what Claude Code, Cursor, Gemini CLI and Codex send to the hook
//! commands `provenance agent install` writes, read into one shape.
//!
//! Payloads are JSON objects (stdin for Claude Code / Cursor / Gemini hooks, the last
//! argument for Codex's `notify`). Field names differ per agent; every field is optional
//! here, so a payload from a newer agent version still yields what it can.
//!
//! | field | Claude Code | Cursor | Codex notify | Gemini CLI |
//! |---|---|---|---|---|
//! | event | `hook_event_name` | `hook_event_name` | `type` | `hook_event_name` |
//! | session | `session_id` | `conversation_id` | `thread-id` | `session_id` |
//! | prompt | `prompt` | `prompt` | `input-messages` (last) | `prompt` |
//! | files | `tool_input.file_path` | `file_path` | — | `tool_input.file_path` |
//! | cwd | `cwd` | `workspace_roots[0]` | `cwd` | `cwd` |
//!
//! Cline nests the event's data under its camel-cased name (`hookName: "PreToolUse"`,
//! `preToolUse: {toolName, parameters: {path}}`, `userPromptSubmit: {prompt}`), with
//! `taskId` as the session and `workspaceRoots[0]` as the directory.

use crate::model::normalize_model_opt;
use serde_json::Value;

/// What a hook event means for provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookKind {
    /// The user submitted a prompt: record it in the agent's session.
    Prompt,
    /// The agent is about to edit files: checkpoint them as the human's.
    BeforeEdit,
    /// The agent edited files: checkpoint them as the AI's.
    AfterEdit,
    /// The agent finished a turn or session.
    Stop,
    /// Anything else (the event name as sent).
    Other(String),
}

/// One hook payload, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookEvent {
    /// What happened.
    pub kind: HookKind,
    /// The agent's session / conversation / thread id.
    pub session: Option<String>,
    /// The prompt text, exactly as sent.
    pub prompt: Option<String>,
    /// Files the event is about, as sent (absolute or relative to `cwd`).
    pub files: Vec<String>,
    /// Normalized model, when the payload names one.
    pub model: Option<String>,
    /// Working directory / first workspace root.
    pub cwd: Option<String>,
    /// Claude Code's transcript file (holds the model, see [`model_from_transcript`]).
    pub transcript_path: Option<String>,
}

/// A payload that is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hook payload: line {line}, column {column}: {message}")]
pub struct HookError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Tool names that write files (Claude Code, Gemini CLI, Cursor).
const EDIT_TOOLS: &[&str] = &[
    "apply_patch",
    "edit",
    "write",
    "multiedit",
    "notebookedit",
    "write_file",
    "replace",
    "edit_file",
    "search_replace",
    "apply_patch",
    "create",
    "str_replace",
    "str_replace_editor",
    "write_to_file",
    "replace_in_file",
];

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    cur.as_str().filter(|s| !s.is_empty())
}

/// Parse one hook payload.
///
/// ```
/// use provenance_attribution::hook::{parse_hook_payload, HookKind};
/// let e = parse_hook_payload(r#"{"hook_event_name":"UserPromptSubmit","session_id":"abc","prompt":"add parser","cwd":"/repo"}"#).unwrap();
/// assert_eq!((e.kind, e.session.as_deref(), e.prompt.as_deref()), (HookKind::Prompt, Some("abc"), Some("add parser")));
/// ```
pub fn parse_hook_payload(json: &str) -> Result<HookEvent, HookError> {
    parse_hook_event(json, None)
}

/// [`parse_hook_payload`] for a hook whose event name the installed command passes
/// itself (`--event preToolUse`: GitHub Copilot CLI's payloads do not name their event).
pub fn parse_hook_event(json: &str, event: Option<&str>) -> Result<HookEvent, HookError> {
    let v: Value = serde_json::from_str(json).map_err(|e| HookError {
        line: e.line(),
        column: e.column(),
        message: crate::atomic::json_message(&e),
    })?;
    if !v.is_object() {
        return Err(HookError {
            line: 1,
            column: 1,
            message: "expected a JSON object".to_string(),
        });
    }
    let event = event
        .or_else(|| str_at(&v, &["hook_event_name"]))
        .or_else(|| str_at(&v, &["agent_action_name"]))
        .or_else(|| str_at(&v, &["hookName"]))
        .or_else(|| str_at(&v, &["type"]))
        .unwrap_or("")
        .to_string();
    // Cline: the event's own object (`preToolUse`, `postToolUse`, `userPromptSubmit`).
    let nested = v
        .as_object()
        .and_then(|o| {
            ["preToolUse", "postToolUse", "userPromptSubmit"]
                .iter()
                .find_map(|k| o.get(*k))
        })
        .cloned()
        .unwrap_or(Value::Null);
    let tool = str_at(&v, &["tool_name"])
        .or_else(|| str_at(&v, &["toolName"]))
        .or_else(|| str_at(&nested, &["toolName"]))
        .unwrap_or("")
        .to_ascii_lowercase();
    let edits = EDIT_TOOLS.contains(&tool.as_str());
    // Copilot CLI sends the tool's arguments as a JSON string.
    let tool_args: Option<Value> = v
        .get("toolArgs")
        .and_then(Value::as_str)
        .and_then(|a| serde_json::from_str(a).ok());

    let mut files: Vec<String> = Vec::new();
    for path in [
        &["tool_input", "file_path"][..],
        &["tool_input", "notebook_path"],
        &["tool_input", "path"],
        &["tool_input", "absolute_path"],
        &["tool_info", "file_path"],
        &["file_path"],
    ] {
        if let Some(f) = str_at(&v, path) {
            if !files.iter().any(|x| x == f) {
                files.push(f.to_string());
            }
        }
    }
    for key in ["path", "file_path"] {
        if let Some(f) = str_at(&nested, &["parameters", key]) {
            if !files.iter().any(|x| x == f) {
                files.push(f.to_string());
            }
        }
    }
    // Codex's apply_patch: the patch body is `tool_input.command`; its file headers name
    // every file it adds, updates, deletes or moves to.
    if tool == "apply_patch" {
        let body = str_at(&v, &["tool_input", "command"])
            .or_else(|| str_at(&v, &["tool_input", "input"]))
            .or_else(|| str_at(&v, &["tool_input", "patch"]))
            .unwrap_or("");
        for f in patch_files(body) {
            if !files.iter().any(|x| x == f) {
                files.push(f.to_string());
            }
        }
    }
    if let Some(args) = &tool_args {
        for key in ["path", "file_path", "filePath"] {
            if let Some(f) = str_at(args, &[key]) {
                if !files.iter().any(|x| x == f) {
                    files.push(f.to_string());
                }
            }
        }
    }

    let prompt = str_at(&v, &["prompt"])
        .or_else(|| str_at(&v, &["tool_info", "user_prompt"]))
        .or_else(|| str_at(&nested, &["prompt"]))
        .map(str::to_string)
        .or_else(|| {
            v.get("input-messages")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().rev().find_map(Value::as_str))
                .map(str::to_string)
        });

    let kind = match event.as_str() {
        "UserPromptSubmit"
        | "beforeSubmitPrompt"
        | "BeforeAgent"
        | "userPromptSubmitted"
        | "pre_user_prompt" => HookKind::Prompt,
        "PreToolUse" | "BeforeTool" | "preToolUse" if edits => HookKind::BeforeEdit,
        "PostToolUse" | "AfterTool" | "postToolUse" if edits => HookKind::AfterEdit,
        "pre_write_code" => HookKind::BeforeEdit,
        "post_write_code" => HookKind::AfterEdit,
        "afterFileEdit" | "afterTabFileEdit" => HookKind::AfterEdit,
        "Stop" | "stop" | "SessionEnd" | "sessionEnd" | "AfterAgent" | "agent-turn-complete" => {
            HookKind::Stop
        }
        _ if event.is_empty() && prompt.is_some() => HookKind::Prompt,
        _ => HookKind::Other(event.clone()),
    };

    Ok(HookEvent {
        kind,
        session: str_at(&v, &["session_id"])
            .or_else(|| str_at(&v, &["conversation_id"]))
            .or_else(|| str_at(&v, &["thread-id"]))
            .or_else(|| str_at(&v, &["thread_id"]))
            .or_else(|| str_at(&v, &["trajectory_id"]))
            .or_else(|| str_at(&v, &["sessionId"]))
            .or_else(|| str_at(&v, &["taskId"]))
            .map(str::to_string),
        prompt,
        files,
        model: str_at(&v, &["model"]).and_then(normalize_model_opt),
        cwd: str_at(&v, &["cwd"]).map(str::to_string).or_else(|| {
            v.get("workspace_roots")
                .or_else(|| v.get("workspaceRoots"))
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
        transcript_path: str_at(&v, &["transcript_path"]).map(str::to_string),
    })
}

/// The files an apply_patch body names (`*** Add File: p`, `*** Update File: p`,
/// `*** Delete File: p`, `*** Move to: p`), in order.
pub fn patch_files(body: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for line in body.lines() {
        let line = line.trim_end_matches('\r');
        let path = [
            "*** Add File: ",
            "*** Update File: ",
            "*** Delete File: ",
            "*** Move to: ",
        ]
        .iter()
        .find_map(|h| line.strip_prefix(h))
        .map(str::trim);
        if let Some(p) = path.filter(|p| !p.is_empty()) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The model of the last assistant entry in a Claude Code transcript (JSONL;
/// `message.model` of `"type": "assistant"` lines), normalized. Unparseable lines and
/// synthetic entries (`<synthetic>`) are skipped.
pub fn model_from_transcript(jsonl: &str) -> Option<String> {
    jsonl.lines().rev().find_map(|line| {
        let line = line.trim();
        if !line.contains("\"model\"") {
            return None;
        }
        let v: Value = serde_json::from_str(line).ok()?;
        if v.get("type").and_then(Value::as_str) != Some("assistant") {
            return None;
        }
        let m = str_at(&v, &["message", "model"])?;
        if m.starts_with('<') {
            return None;
        }
        normalize_model_opt(m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_patch_bodies_name_their_files() {
        let body = "*** Begin Patch\n*** Add File: a.py\n+x\n*** Update File: src/b.rs\n*** Move to: src/c.rs\n@@\n-y\n+z\n*** Delete File: old.txt\r\n*** Update File: a.py\n*** End Patch\n";
        assert_eq!(
            patch_files(body),
            ["a.py", "src/b.rs", "src/c.rs", "old.txt"]
        );
        assert!(patch_files("no headers").is_empty());
    }

    #[test]
    fn claude_code_payloads() {
        let e = parse_hook_payload(
            r#"{"session_id":"5f0c-1","transcript_path":"/h/.claude/projects/x/5f0c-1.jsonl","cwd":"/repo","hook_event_name":"PostToolUse","tool_name":"Edit","tool_input":{"file_path":"/repo/src/lib.rs","old_string":"a","new_string":"b"},"tool_response":{}}"#,
        )
        .unwrap();
        assert_eq!(e.kind, HookKind::AfterEdit);
        assert_eq!(e.files, ["/repo/src/lib.rs"]);
        assert_eq!(e.session.as_deref(), Some("5f0c-1"));
        assert_eq!(e.cwd.as_deref(), Some("/repo"));
        assert!(e.transcript_path.unwrap().ends_with(".jsonl"));

        let e = parse_hook_payload(
            r#"{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"a.rs","content":"x"}}"#,
        )
        .unwrap();
        assert_eq!(e.kind, HookKind::BeforeEdit);
        // A non-editing tool is not an edit.
        let e = parse_hook_payload(
            r#"{"hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#,
        )
        .unwrap();
        assert_eq!(e.kind, HookKind::Other("PostToolUse".into()));
        let e = parse_hook_payload(r#"{"hook_event_name":"Stop","session_id":"s"}"#).unwrap();
        assert_eq!(e.kind, HookKind::Stop);
    }

    #[test]
    fn cursor_payloads() {
        let e = parse_hook_payload(
            r#"{"conversation_id":"c-9","generation_id":"g","hook_event_name":"beforeSubmitPrompt","prompt":"fix the bug\n","workspace_roots":["/w"],"model":"claude-4.5-sonnet"}"#,
        )
        .unwrap();
        assert_eq!(e.kind, HookKind::Prompt);
        assert_eq!(
            e.prompt.as_deref(),
            Some("fix the bug\n"),
            "exact text kept"
        );
        assert_eq!(e.session.as_deref(), Some("c-9"));
        assert_eq!(e.cwd.as_deref(), Some("/w"));
        assert_eq!(e.model.as_deref(), Some("claude-4-5-sonnet"));
        let e = parse_hook_payload(
            r#"{"conversation_id":"c-9","hook_event_name":"afterFileEdit","file_path":"/w/a.py","edits":[{"old_string":"a","new_string":"b"}]}"#,
        )
        .unwrap();
        assert_eq!(
            (e.kind, e.files),
            (HookKind::AfterEdit, vec!["/w/a.py".to_string()])
        );
    }

    #[test]
    fn cline_payloads() {
        let pre = r#"{"clineVersion":"3.36.0","hookName":"PreToolUse","timestamp":"1","taskId":"t1","workspaceRoots":["/w"],"userId":"u","preToolUse":{"toolName":"write_to_file","parameters":{"path":"src/a.py","content":"x"}}}"#;
        let e = parse_hook_event(pre, Some("PreToolUse")).unwrap();
        assert_eq!(e.kind, HookKind::BeforeEdit);
        assert_eq!(e.files, vec!["src/a.py".to_string()]);
        assert_eq!(
            (e.session.as_deref(), e.cwd.as_deref()),
            (Some("t1"), Some("/w"))
        );
        let post = pre
            .replace("PreToolUse", "PostToolUse")
            .replace("preToolUse", "postToolUse")
            .replace("write_to_file", "replace_in_file");
        assert_eq!(parse_hook_payload(&post).unwrap().kind, HookKind::AfterEdit);
        let read = pre.replace("write_to_file", "read_file");
        assert!(matches!(
            parse_hook_payload(&read).unwrap().kind,
            HookKind::Other(_)
        ));
        let prompt = r#"{"hookName":"UserPromptSubmit","taskId":"t1","workspaceRoots":["/w"],"userPromptSubmit":{"prompt":"add a parser","attachments":[]}}"#;
        let e = parse_hook_payload(prompt).unwrap();
        assert_eq!(
            (e.kind, e.prompt.as_deref()),
            (HookKind::Prompt, Some("add a parser"))
        );
    }

    #[test]
    fn codex_notify_payload() {
        let e = parse_hook_payload(
            r#"{"type":"agent-turn-complete","thread-id":"019a","turn-id":"1","cwd":"/r","input-messages":["first","second prompt"],"last-assistant-message":"done"}"#,
        )
        .unwrap();
        assert_eq!(e.kind, HookKind::Stop);
        assert_eq!(e.session.as_deref(), Some("019a"));
        assert_eq!(e.prompt.as_deref(), Some("second prompt"));
    }

    #[test]
    fn bad_payloads() {
        let err = parse_hook_payload("{\n  \"a\": ").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse_hook_payload("[1,2]").is_err());
        let e = parse_hook_payload("{}").unwrap();
        assert_eq!(e.kind, HookKind::Other(String::new()));
    }

    #[test]
    fn transcript_model() {
        let jsonl = concat!(
            r#"{"type":"user","message":{"role":"user","content":"hi"}}"#,
            "\n",
            r#"{"type":"assistant","message":{"model":"claude-sonnet-4-5-20250929","content":[]}}"#,
            "\n",
            r#"{"type":"assistant","message":{"model":"claude-opus-4-6","content":[]}}"#,
            "\n",
            r#"{"type":"assistant","message":{"model":"<synthetic>","content":[]}}"#,
            "\nnot json\n"
        );
        assert_eq!(
            model_from_transcript(jsonl).as_deref(),
            Some("claude-opus-4-6")
        );
        assert_eq!(model_from_transcript(""), None);
    }
}
