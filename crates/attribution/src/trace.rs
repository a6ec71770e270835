//! Export of a [`Note`] as an Agent Trace record (agent-trace.dev, spec `0.1.0`): files →
//! conversations → line ranges, contributor type `ai|mixed|human|unknown`, model as
//! `provider/model`.

use crate::note::{Note, Origin};
use provenance_findings::sha256_hex;
use serde_json::{json, Value};

/// The Agent Trace spec version written.
pub const AGENT_TRACE_VERSION: &str = "0.1.0";

/// Model-name prefixes and the models.dev provider they belong to.
const PROVIDERS: &[(&str, &str)] = &[
    ("claude", "anthropic"),
    ("gpt", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("codex", "openai"),
    ("gemini", "google"),
    ("gemma", "google"),
    ("grok", "xai"),
    ("deepseek", "deepseek"),
    ("mistral", "mistral"),
    ("codestral", "mistral"),
    ("devstral", "mistral"),
    ("qwen", "alibaba"),
    ("kimi", "moonshotai"),
    ("llama", "meta"),
];

/// `provider/model` for a normalized model when the provider is known, else the model.
pub fn model_id(model: &str) -> String {
    PROVIDERS
        .iter()
        .find(|(prefix, _)| {
            model == *prefix
                || model
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('-') || rest.starts_with(char::is_numeric))
        })
        .map(|(_, provider)| format!("{provider}/{model}"))
        .unwrap_or_else(|| model.to_string())
}

/// A UUID-shaped id derived from the commit, so re-exporting a commit gives the same record
/// id (version nibble 8, "custom", RFC 9562).
pub fn record_id(commit: &str) -> String {
    let h = sha256_hex(format!("provenance-agent-trace\0{commit}").as_bytes());
    let variant = ['8', '9', 'a', 'b'][usize::from(h.as_bytes()[16]) % 4];
    format!(
        "{}-{}-8{}-{variant}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn contributor_type(o: Origin) -> &'static str {
    match o {
        Origin::Ai => "ai",
        Origin::Edited => "mixed",
        Origin::Human => "human",
    }
}

/// The conversation URL for agents whose sessions have public addresses (Amp threads).
fn conversation_url(agent: &str, session: Option<&str>) -> Option<String> {
    match (agent, session) {
        ("amp", Some(id)) if id.starts_with("T-") => {
            Some(format!("https://ampcode.com/threads/{id}"))
        }
        _ => None,
    }
}

/// The Agent Trace record of one commit's note. `timestamp` is RFC 3339 (the commit time).
///
/// Each file becomes one conversation (the note's session) whose contributor is the AI;
/// `edited` and `human` ranges override it with `mixed` / `human`. provenance's own
/// fields (agent, session, line counts, prompt digests) go under `metadata.provenance`.
pub fn agent_trace(note: &Note, commit: &str, timestamp: &str) -> Value {
    let ai_of = |model: Option<&str>| match model {
        Some(m) => json!({"type": "ai", "model_id": model_id(m)}),
        None => json!({"type": "ai"}),
    };
    let ai = ai_of(note.model.as_deref());
    let range = |start: u32, end: u32, origin: Origin| match origin {
        Origin::Ai => json!({"start_line": start, "end_line": end}),
        o => json!({
            "start_line": start,
            "end_line": end,
            "contributor": {"type": contributor_type(o)},
        }),
    };
    // Several agents or models: one conversation each, the human lines in their own.
    if !note.contributors.is_empty() {
        let files: Vec<Value> = note
            .files
            .iter()
            .map(|f| {
                let mut convs: Vec<Value> = Vec::new();
                for c in &note.contributors {
                    let ranges: Vec<Value> = c
                        .files
                        .iter()
                        .filter(|cf| cf.path == f.path)
                        .flat_map(|cf| cf.ranges.iter().map(|&(s, e, o)| range(s, e, o)))
                        .collect();
                    if !ranges.is_empty() {
                        convs.push(
                            json!({"contributor": ai_of(c.model.as_deref()), "ranges": ranges}),
                        );
                    }
                }
                let human: Vec<Value> = f
                    .ranges
                    .iter()
                    .filter(|r| r.2 == Origin::Human)
                    .map(|&(s, e, _)| json!({"start_line": s, "end_line": e}))
                    .collect();
                if !human.is_empty() {
                    convs.push(json!({"contributor": {"type": "human"}, "ranges": human}));
                }
                json!({"path": f.path, "conversations": convs})
            })
            .collect();
        return record(note, commit, timestamp, files);
    }
    let files: Vec<Value> = note
        .files
        .iter()
        .map(|f| {
            let ranges: Vec<Value> = f
                .ranges
                .iter()
                .map(|&(start, end, origin)| range(start, end, origin))
                .collect();
            let mut conv = json!({"contributor": ai, "ranges": ranges});
            if let Some(url) = conversation_url(&note.agent, note.session.as_deref()) {
                conv["url"] = json!(url);
            }
            json!({"path": f.path, "conversations": [conv]})
        })
        .collect();
    record(note, commit, timestamp, files)
}

fn record(note: &Note, commit: &str, timestamp: &str, files: Vec<Value>) -> Value {
    json!({
        "version": AGENT_TRACE_VERSION,
        "id": record_id(commit),
        "timestamp": timestamp,
        "vcs": {"type": "git", "revision": commit},
        "tool": {"name": "provenance", "version": note.tool_version},
        "files": files,
        "metadata": {
            "provenance": {
                "agent": note.agent,
                "model": note.model,
                "session": note.session,
                "lines": note.lines,
                "prompts": note.prompts.iter().map(|p| format!("sha256:{}", p.sha256)).collect::<Vec<_>>(),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::{Detected, Source};
    use crate::note::{FileRanges, LineCounts};

    #[test]
    fn model_ids_get_providers() {
        assert_eq!(model_id("claude-opus-4-6"), "anthropic/claude-opus-4-6");
        assert_eq!(model_id("gpt-4o"), "openai/gpt-4o");
        assert_eq!(model_id("o3-mini"), "openai/o3-mini");
        assert_eq!(model_id("gemini-2-5-pro"), "google/gemini-2-5-pro");
        assert_eq!(model_id("qwen2-5-coder-32b"), "alibaba/qwen2-5-coder-32b");
        assert_eq!(model_id("o3"), "openai/o3");
        assert_eq!(model_id("opus-thing"), "opus-thing");
        assert_eq!(model_id("gptx"), "gptx");
    }

    #[test]
    fn record_ids_are_stable_uuids() {
        let a = record_id("0123abcd");
        assert_eq!(a, record_id("0123abcd"));
        assert_ne!(a, record_id("0123abce"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('8'));
        assert!("89ab".contains(&parts[3][..1]));
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn trace_record_shape() {
        let d = Detected {
            agent: "amp".into(),
            model: Some("claude-opus-4-6".into()),
            session: Some("T-42".into()),
            source: Source::Env,
        };
        let mut note = Note::new(&d, "0.1.0");
        note.lines = LineCounts {
            ai: 3,
            edited: 1,
            human: 1,
        };
        note.files.push(FileRanges {
            path: "src/a.rs".into(),
            ranges: vec![
                (1, 3, Origin::Ai),
                (4, 4, Origin::Edited),
                (5, 5, Origin::Human),
            ],
        });
        let t = agent_trace(&note, "deadbeef", "2026-11-28T00:00:00Z");
        assert_eq!(t["version"], "0.1.0");
        assert_eq!(t["vcs"], json!({"type": "git", "revision": "deadbeef"}));
        let conv = &t["files"][0]["conversations"][0];
        assert_eq!(conv["url"], "https://ampcode.com/threads/T-42");
        assert_eq!(conv["contributor"]["model_id"], "anthropic/claude-opus-4-6");
        assert_eq!(conv["ranges"][0], json!({"start_line": 1, "end_line": 3}));
        assert_eq!(conv["ranges"][1]["contributor"]["type"], "mixed");
        assert_eq!(conv["ranges"][2]["contributor"]["type"], "human");
        assert_eq!(t["metadata"]["provenance"]["lines"]["ai"], 3);
        assert_eq!(t["tool"]["name"], "provenance");
    }
}
