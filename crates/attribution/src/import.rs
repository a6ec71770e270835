//! Provenance other tools left in a repository, read into [`Note`]s so a team switching
//! to provenance keeps its history (`provenance notes import`).
//!
//! * **git-ai** writes an *authorship log* per commit into `refs/notes/ai` (the Git AI
//!   Standard, `schema_version: "authorship/3.x"`): an attestation section naming, per
//!   file, which lines each author key wrote, then `---`, then JSON metadata saying who each
//!   key is (`prompts.<key>.agent_id {tool, model}`, `sessions.<key>.agent_id`,
//!   `humans.<key>`):
//!
//!   ```text
//!   src/parser.py
//!     1a2b3c4d5e6f7a8b 1-12,20
//!     h_0123456789abcd 13-19
//!   ---
//!   {"schema_version":"authorship/3.0.0","prompts":{"1a2b3c4d5e6f7a8b":{"agent_id":{"tool":"claude","model":"claude-opus-4-6"}}}}
//!   ```
//!
//!   Lines of an agent key are `ai`, lines of a human key `human`; lines the log does not
//!   name are left unknown (git-ai records only the lines it attributes).
//! * **Entire** adds `Entire-Checkpoint: <id>` and `Entire-Attribution: 73% agent
//!   (146/200 lines)` trailers: the commit is AI-assisted, with counts and no ranges.
//!
//! Kernel-style `Assisted-by: AGENT:MODEL [tool]…` trailers need no import: they are
//! provenance's own format and `log`, `stats` and `blame` read them as they are.

use crate::note::{Contributor, FileRanges, LineCounts, Note, NotePrompt, Origin};
use crate::{model::normalize_model_opt, Detected, Source};
use serde_json::Value;

/// What an import could not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: line {line}: {message}")]
pub struct ImportError {
    /// What was being read (`git-ai authorship log`).
    pub what: &'static str,
    /// 1-based line of the document.
    pub line: usize,
    /// What is wrong, and what was expected.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        what: "git-ai authorship log",
        line,
        message: message.into(),
    }
}

/// Who a git-ai author key stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Author {
    Agent {
        agent: String,
        model: Option<String>,
    },
    Human,
}

/// An agent id provenance uses for a git-ai / Entire tool name (`claude` → `claude-code`,
/// `github-copilot` → `copilot`); a name that is no valid id becomes `unknown`.
pub fn agent_for_tool(tool: &str) -> String {
    let t = tool.trim().to_ascii_lowercase();
    let t = match t.as_str() {
        "github-copilot" | "copilot-cli" | "copilot-agent" => "copilot",
        "droid" | "factory" => "factory-droid",
        "gemini" => "gemini-cli",
        "claude" | "claude code" => "claude-code",
        "codex-cli" => "codex",
        other => other,
    };
    crate::resolve_agent(t, true).unwrap_or_else(|_| "unknown".to_string())
}

/// Parse a git-ai authorship log into a note (`None` when it names no agent line and
/// no agent: a human-only log).
///
/// ```
/// use provenance_attribution::import::parse_git_ai;
/// let log = "a.py\n  aaaaaaaaaaaaaaaa 1-3\n  h_bbbbbbbbbbbbbb 4\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{\"aaaaaaaaaaaaaaaa\":{\"agent_id\":{\"tool\":\"claude\",\"model\":\"claude-opus-4-6\"}}},\"humans\":{\"h_bbbbbbbbbbbbbb\":{\"author\":\"Ann\"}}}";
/// let note = parse_git_ai(log, "0.1.0").unwrap().unwrap();
/// assert_eq!((note.agent.as_str(), note.model.as_deref()), ("claude-code", Some("claude-opus-4-6")));
/// assert_eq!(note.lines.trailer_value(), "ai=3 edited=0 human=1");
/// ```
pub fn parse_git_ai(text: &str, tool_version: &str) -> Result<Option<Note>, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(sep) = lines.iter().position(|l| l.trim_end() == "---") else {
        return Err(err(
            lines.len().max(1),
            "no `---` line between the attestations and the JSON metadata",
        ));
    };
    let meta_text = lines[sep + 1..].join("\n");
    let meta: Value = serde_json::from_str(&meta_text).map_err(|e| {
        err(
            sep + 1 + e.line(),
            format!("metadata is not JSON: {}", crate::atomic::json_message(&e)),
        )
    })?;
    let schema = meta
        .get("schema_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !schema.starts_with("authorship/") {
        return Err(err(
            sep + 2,
            format!("schema_version {schema:?}: expected \"authorship/<version>\""),
        ));
    }
    let author = |key: &str| -> Option<Author> {
        for table in ["prompts", "sessions"] {
            if let Some(entry) = meta.get(table).and_then(|t| t.get(key)) {
                let id = entry.get("agent_id");
                let tool = id
                    .and_then(|a| a.get("tool"))
                    .and_then(Value::as_str)
                    .unwrap_or("unknown");
                let model = id
                    .and_then(|a| a.get("model"))
                    .and_then(Value::as_str)
                    .and_then(normalize_model_opt);
                return Some(Author::Agent {
                    agent: agent_for_tool(tool),
                    model,
                });
            }
        }
        if key.starts_with("h_") || meta.get("humans").and_then(|h| h.get(key)).is_some() {
            return Some(Author::Human);
        }
        None
    };

    let mut files: Vec<FileRanges> = Vec::new();
    let mut contributors: Vec<Contributor> = Vec::new();
    let mut counts = LineCounts::default();
    for (i, raw) in lines[..sep].iter().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        if !raw.starts_with(' ') {
            let path = raw.trim();
            let path = path
                .strip_prefix('"')
                .and_then(|p| p.strip_suffix('"'))
                .unwrap_or(path);
            files.push(FileRanges {
                path: path.to_string(),
                ranges: Vec::new(),
            });
            continue;
        }
        let Some(file) = files.last_mut() else {
            return Err(err(n, "an attestation line before any file path"));
        };
        let mut parts = raw.split_whitespace();
        let (Some(key), Some(spec)) = (parts.next(), parts.next()) else {
            return Err(err(n, "expected `<author key> <line ranges>`"));
        };
        let ranges = parse_ranges(spec).ok_or_else(|| {
            err(
                n,
                format!("line ranges {spec:?}: expected e.g. `1-12,20` (1-based)"),
            )
        })?;
        let who = author(key).ok_or_else(|| {
            err(
                n,
                format!("author key {key} is not in the metadata's prompts, sessions or humans"),
            )
        })?;
        let origin = match who {
            Author::Agent { .. } => Origin::Ai,
            Author::Human => Origin::Human,
        };
        for &(s, e) in &ranges {
            file.ranges.push((s, e, origin));
            for _ in s..=e {
                counts.add(origin);
            }
        }
        if let Author::Agent { agent, model } = who {
            let c = match contributors
                .iter_mut()
                .position(|c| c.agent == agent && c.model == model)
            {
                Some(i) => &mut contributors[i],
                None => {
                    contributors.push(Contributor {
                        agent,
                        model,
                        lines: LineCounts::default(),
                        files: Vec::new(),
                    });
                    contributors.last_mut().expect("just pushed")
                }
            };
            let path = file.path.clone();
            let f = match c.files.iter().position(|f| f.path == path) {
                Some(i) => &mut c.files[i],
                None => {
                    c.files.push(FileRanges {
                        path,
                        ranges: Vec::new(),
                    });
                    c.files.last_mut().expect("just pushed")
                }
            };
            for &(s, e) in &ranges {
                f.ranges.push((s, e, Origin::Ai));
                for _ in s..=e {
                    c.lines.add(Origin::Ai);
                }
            }
        }
    }
    for f in &mut files {
        f.ranges.sort_by_key(|r| (r.0, r.1));
    }
    files.retain(|f| !f.ranges.is_empty());

    // Who the commit is tagged with: the contributor with the most lines, else the first
    // agent the metadata names (a log whose agent lines were all rewritten).
    let top = contributors
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.lines.ai, std::cmp::Reverse(*i)))
        .map(|(_, c)| (c.agent.clone(), c.model.clone()));
    let named = || {
        meta.get("prompts")
            .and_then(Value::as_object)
            .and_then(|m| m.keys().find_map(|k| author(k)))
            .and_then(|a| match a {
                Author::Agent { agent, model } => Some((agent, model)),
                Author::Human => None,
            })
    };
    let Some((agent, model)) = top.or_else(named) else {
        return Ok(None);
    };
    let mut note = Note::new(
        &Detected {
            agent,
            model,
            session: None,
            source: Source::Message,
        },
        tool_version,
    );
    // The user's prompts, where the log kept them (`messages[].type == "user"`).
    if let Some(prompts) = meta.get("prompts").and_then(Value::as_object) {
        for p in prompts.values() {
            for m in p
                .get("messages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if m.get("type").and_then(Value::as_str) != Some("user") {
                    continue;
                }
                let Some(text) = m.get("text").and_then(Value::as_str) else {
                    continue;
                };
                let sha256 = provenance_findings::sha256_hex(text.as_bytes());
                if !note.prompts.iter().any(|q| q.sha256 == sha256) {
                    note.prompts.push(NotePrompt {
                        sha256,
                        text: text.to_string(),
                        at: m
                            .get("timestamp")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                    });
                }
            }
        }
    }
    note.lines = counts;
    note.files = files;
    note.contributors = contributors;
    Ok(Some(note))
}

/// `1-12,20` → `[(1, 12), (20, 20)]`; `None` on anything else (0, reversed, junk).
fn parse_ranges(spec: &str) -> Option<Vec<(u32, u32)>> {
    spec.split(',')
        .map(|part| {
            let (s, e) = match part.split_once('-') {
                Some((s, e)) => (s.parse().ok()?, e.parse().ok()?),
                None => {
                    let n = part.parse().ok()?;
                    (n, n)
                }
            };
            (s >= 1 && s <= e).then_some((s, e))
        })
        .collect()
}

/// An Entire commit's provenance, from its trailers: `None` without an
/// `Entire-Checkpoint` or `Entire-Attribution` trailer.
///
/// `Entire-Attribution: 73% agent (146/200 lines)` gives the counts (146 `ai`, 54
/// `human`); Entire does not record which lines, so the note has no ranges. The agent is
/// `entire` until the caller knows better (a co-author line in the same message).
///
/// ```
/// use provenance_attribution::import::parse_entire;
/// let t = vec![("Entire-Checkpoint".to_string(), "a3b2c4d5e6f7".to_string()),
///              ("Entire-Attribution".to_string(), "73% agent (146/200 lines)".to_string())];
/// let note = parse_entire(&t, "0.1.0").unwrap();
/// assert_eq!(note.lines.trailer_value(), "ai=146 edited=0 human=54");
/// assert_eq!(note.session.as_deref(), Some("a3b2c4d5e6f7"));
/// ```
pub fn parse_entire(trailers: &[(String, String)], tool_version: &str) -> Option<Note> {
    let get = |key: &str| {
        trailers
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim())
    };
    let checkpoint = get("Entire-Checkpoint");
    let attribution = get("Entire-Attribution");
    if checkpoint.is_none() && attribution.is_none() {
        return None;
    }
    let mut note = Note::new(
        &Detected {
            agent: "entire".to_string(),
            model: None,
            session: checkpoint.map(str::to_string),
            source: Source::Message,
        },
        tool_version,
    );
    if let Some((ai, total)) = attribution.and_then(entire_counts) {
        note.lines = LineCounts {
            ai,
            edited: 0,
            human: total.saturating_sub(ai),
        };
    }
    Some(note)
}

/// `73% agent (146/200 lines)` → `(146, 200)`.
fn entire_counts(v: &str) -> Option<(u64, u64)> {
    let inner = v.split_once('(')?.1.split_once(')')?.0;
    let (ai, rest) = inner.split_once('/')?;
    let total = rest.split_whitespace().next()?;
    let (ai, total): (u64, u64) = (ai.trim().parse().ok()?, total.parse().ok()?);
    (ai <= total).then_some((ai, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(attest: &str, meta: &str) -> String {
        format!("{attest}---\n{meta}")
    }

    #[test]
    fn several_agents_and_humans_are_kept_apart() {
        let text = log(
            "src/a.rs\n  1111111111111111 1-2,5\n  h_00000000000000 3-4\n\"src/b c.rs\"\n  s_22222222222222::t_3333 1-3\n",
            r#"{"schema_version":"authorship/3.0.0","prompts":{"1111111111111111":{"agent_id":{"tool":"cursor","model":"gpt-5"},"messages":[{"type":"user","text":"add a"},{"type":"assistant","text":"ok"}]}},"sessions":{"s_22222222222222::t_3333":{"agent_id":{"tool":"claude","model":"claude-sonnet-4-5"}}},"humans":{"h_00000000000000":{"author":"Ann"}}}"#,
        );
        let note = parse_git_ai(&text, "t").unwrap().unwrap();
        assert_eq!(note.lines.trailer_value(), "ai=6 edited=0 human=2");
        assert_eq!(note.files.len(), 2);
        assert_eq!(note.files[1].path, "src/b c.rs");
        assert_eq!(
            note.files[0].ranges,
            vec![
                (1, 2, Origin::Ai),
                (3, 4, Origin::Human),
                (5, 5, Origin::Ai)
            ]
        );
        let labels: Vec<String> = note.contributors.iter().map(|c| c.label()).collect();
        assert_eq!(labels, ["cursor:gpt-5", "claude-code:claude-sonnet-4-5"]);
        assert_eq!(note.agent, "cursor");
        assert_eq!(note.prompts.len(), 1);
        assert_eq!(note.prompts[0].text, "add a");
    }

    #[test]
    fn a_human_only_log_is_no_ai_note() {
        let text = log(
            "a\n  h_00000000000000 1\n",
            r#"{"schema_version":"authorship/3.0.0","prompts":{},"humans":{"h_00000000000000":{"author":"A"}}}"#,
        );
        assert_eq!(parse_git_ai(&text, "t").unwrap(), None);
    }

    #[test]
    fn an_agent_with_every_line_rewritten_still_tags_the_commit() {
        let text = log(
            "",
            r#"{"schema_version":"authorship/3.0.0","prompts":{"1111111111111111":{"agent_id":{"tool":"codex"}}}}"#,
        );
        let note = parse_git_ai(&text, "t").unwrap().unwrap();
        assert_eq!(note.agent, "codex");
        assert_eq!(note.lines.total(), 0);
    }

    #[test]
    fn bad_logs_name_the_line() {
        let cases = [
            ("a\n  k 1\n", "no `---`"),
            ("a\n  k 1\n---\n{", "not JSON"),
            ("a\n---\n{\"schema_version\":\"x\"}", "schema_version"),
            (
                "  k 1\n---\n{\"schema_version\":\"authorship/3.0.0\"}",
                "before any file",
            ),
            (
                "a\n  k\n---\n{\"schema_version\":\"authorship/3.0.0\"}",
                "expected `<author",
            ),
            (
                "a\n  k 3-1\n---\n{\"schema_version\":\"authorship/3.0.0\"}",
                "line ranges",
            ),
            (
                "a\n  k 1\n---\n{\"schema_version\":\"authorship/3.0.0\"}",
                "author key k",
            ),
        ];
        for (text, want) in cases {
            let e = parse_git_ai(text, "t").unwrap_err().to_string();
            assert!(e.contains(want), "{text:?}: {e}");
            assert!(e.contains("line "), "{e}");
        }
    }

    #[test]
    fn entire_trailers() {
        let t = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(parse_entire(&[t("Signed-off-by", "A <a@b>")], "t"), None);
        let n = parse_entire(&[t("Entire-Checkpoint", "a3b2c4d5e6f7")], "t").unwrap();
        assert_eq!((n.agent.as_str(), n.lines.total()), ("entire", 0));
        let n = parse_entire(&[t("Entire-Attribution", "100% agent (3/3 lines)")], "t").unwrap();
        assert_eq!(n.lines.trailer_value(), "ai=3 edited=0 human=0");
        let n = parse_entire(&[t("Entire-Attribution", "junk (9/3 lines)")], "t").unwrap();
        assert_eq!(n.lines.total(), 0);
    }

    #[test]
    fn tool_names() {
        for (tool, agent) in [
            ("claude", "claude-code"),
            ("cursor", "cursor"),
            ("github-copilot", "copilot"),
            ("gemini", "gemini-cli"),
            ("Not An Id!", "unknown"),
        ] {
            assert_eq!(agent_for_tool(tool), agent, "{tool}");
        }
    }
}
