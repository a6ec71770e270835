//! The git-notes document (`refs/notes/provenance`, one JSON document per commit) and the
//! provenance trailers written into commit messages.

use crate::atomic::json_message;
use crate::env::Detected;
use crate::session::Prompt;
use provenance_findings::Finding;
use serde::{Deserialize, Serialize};

/// The note schema version written by this crate.
pub const NOTE_VERSION: u32 = 1;

/// At most this many `AI-Prompt` trailers per commit; the rest live in the note.
pub const MAX_PROMPT_TRAILERS: usize = 5;

/// Where an added line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Written by the AI and kept as written.
    Ai,
    /// Written by the AI, then changed by a human.
    Edited,
    /// Written by a human.
    Human,
}

/// Added lines by origin, as in `AI-Lines: ai=<n> edited=<n> human=<n>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineCounts {
    /// AI lines kept as written.
    pub ai: u64,
    /// AI lines a human then changed.
    pub edited: u64,
    /// Human lines.
    pub human: u64,
}

impl LineCounts {
    /// The `AI-Lines` trailer value: `ai=3 edited=1 human=0`.
    pub fn trailer_value(&self) -> String {
        format!("ai={} edited={} human={}", self.ai, self.edited, self.human)
    }

    /// Total added lines.
    pub fn total(&self) -> u64 {
        self.ai + self.edited + self.human
    }

    /// Count one line of this origin.
    pub fn add(&mut self, origin: Origin) {
        match origin {
            Origin::Ai => self.ai += 1,
            Origin::Edited => self.edited += 1,
            Origin::Human => self.human += 1,
        }
    }
}

/// A prompt as published in a note: text redacted by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotePrompt {
    /// sha256 of the original prompt text (matches `AI-Prompt`).
    pub sha256: String,
    /// The prompt text with secrets redacted.
    pub text: String,
    /// RFC 3339 UTC.
    pub at: String,
}

impl From<&Prompt> for NotePrompt {
    /// Copies the prompt unredacted; redact `text` before writing the note.
    fn from(p: &Prompt) -> Self {
        NotePrompt {
            sha256: p.sha256.clone(),
            text: p.text.clone(),
            at: p.at.clone(),
        }
    }
}

/// Line ranges of one file by origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRanges {
    /// Repository-relative, `/`-separated.
    pub path: String,
    /// `[start, end, origin]`, 1-based inclusive line numbers in the committed file.
    pub ranges: Vec<(u32, u32, Origin)>,
}

/// One agent and model's share of a commit: the lines it wrote (`ai`) and the lines it
/// wrote that a human then changed (`edited`), with their ranges. A commit that several
/// agents or models helped has one per agent/model, in order of first contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
    /// Agent id (`claude-code`).
    pub agent: String,
    /// Normalized model, when known.
    #[serde(default)]
    pub model: Option<String>,
    /// Its added lines (`human` is always 0 here).
    #[serde(default)]
    pub lines: LineCounts,
    /// Its ranges per file (origins `ai` and `edited` only).
    #[serde(default)]
    pub files: Vec<FileRanges>,
}

impl Contributor {
    /// Its [`agent_label`].
    pub fn label(&self) -> String {
        agent_label(&self.agent, self.model.as_deref())
    }
}

/// `agent:model`, or `agent` alone when the model is unknown or empty: the `Assisted-by`
/// value, and how checkpoints and notes name who wrote a line.
pub fn agent_label(agent: &str, model: Option<&str>) -> String {
    match model {
        Some(m) if !m.is_empty() => format!("{agent}:{m}"),
        _ => agent.to_string(),
    }
}

/// One gate's result on the commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateRecord {
    /// `secrets`, `imports`, `sast`, `sca`, `coverage`, `review`.
    pub gate: String,
    /// `pass`, `warn`, `block`, `degraded` or `skipped` (a string so newer values still read).
    pub result: String,
    /// Findings reported (secret values already redacted).
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// External tool that ran, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
}

/// The provenance note of one commit (DESIGN.md "Notes").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Schema version ([`NOTE_VERSION`]).
    pub version: u32,
    /// Agent id.
    pub agent: String,
    /// Normalized model, when known.
    pub model: Option<String>,
    /// Session id, when known.
    pub session: Option<String>,
    /// Every attribution trailer value of the commit (`Assisted-by` / `Generated-by`) in
    /// message order, the user's own beside provenance's: `agent`/`model` name only the
    /// first one that says who helped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assisted_by: Vec<String>,
    /// Every prompt of the commit (the trailers carry at most [`MAX_PROMPT_TRAILERS`]).
    #[serde(default)]
    pub prompts: Vec<NotePrompt>,
    /// Added lines by origin.
    #[serde(default)]
    pub lines: LineCounts,
    /// Per-file line ranges by origin, every added line of the commit (lockfiles and
    /// generated files excluded). Empty with `lines` all zero: lines unknown.
    #[serde(default)]
    pub files: Vec<FileRanges>,
    /// Which agent/model wrote which of the `ai`/`edited` lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<Contributor>,
    /// Gate results.
    #[serde(default)]
    pub gates: Vec<GateRecord>,
    /// Version of provenance that wrote the note.
    pub tool_version: String,
}

/// A note that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("provenance note: line {line}, column {column}: {message}")]
pub struct NoteError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Note {
    /// The contributor whose ranges hold line `n` (1-based) of `path`, if any.
    pub fn contributor_at(&self, path: &str, n: u32) -> Option<&Contributor> {
        self.contributors.iter().find(|c| {
            c.files
                .iter()
                .filter(|f| f.path == path)
                .any(|f| f.ranges.iter().any(|&(s, e, _)| s <= n && n <= e))
        })
    }

    /// A note for a detection, with no prompts, lines, files or gates yet.
    pub fn new(d: &Detected, tool_version: &str) -> Self {
        Note {
            version: NOTE_VERSION,
            agent: d.agent.clone(),
            model: d.model.clone(),
            session: d.session.clone(),
            assisted_by: Vec::new(),
            prompts: Vec::new(),
            lines: LineCounts::default(),
            files: Vec::new(),
            contributors: Vec::new(),
            gates: Vec::new(),
            tool_version: tool_version.to_string(),
        }
    }

    /// Pretty JSON with a trailing newline (stable field order, so notes diff well).
    pub fn to_json(&self) -> String {
        // Serializing strings, integers and vectors cannot fail.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parse a note.
    pub fn from_json(text: &str) -> Result<Note, NoteError> {
        serde_json::from_str(text).map_err(|e| NoteError {
            line: e.line(),
            column: e.column(),
            message: json_message(&e),
        })
    }
}

/// The provenance trailers for a commit, in order:
///
/// * `<key>: <agent>:<model>` — `key` is `Assisted-by` or `Generated-by`; with no known
///   model just `<key>: <agent>` (the kernel form allows it, and "unknown" would read as a
///   model name);
/// * `AI-Prompt: sha256:<hex>` per distinct prompt, first [`MAX_PROMPT_TRAILERS`] only;
/// * `AI-Session: <agent>:<session>` when the session is known.
///
/// `AI-Lines` is separate ([`LineCounts::trailer_value`]) because it needs the diff.
///
/// ```
/// use provenance_attribution::{trailer_lines, Detected, Source};
/// let d = Detected { agent: "claude-code".into(), model: Some("claude-opus-4-6".into()), session: None, source: Source::Env };
/// assert_eq!(trailer_lines(&d, &[], "Assisted-by"), vec![("Assisted-by".to_string(), "claude-code:claude-opus-4-6".to_string())]);
/// ```
pub fn trailer_lines(d: &Detected, prompts: &[Prompt], key: &str) -> Vec<(String, String)> {
    let mut out = vec![(key.to_string(), agent_label(&d.agent, d.model.as_deref()))];
    let mut seen: Vec<&str> = Vec::new();
    for p in prompts {
        if seen.len() == MAX_PROMPT_TRAILERS {
            break;
        }
        if !seen.contains(&p.sha256.as_str()) {
            seen.push(&p.sha256);
            out.push(("AI-Prompt".to_string(), format!("sha256:{}", p.sha256)));
        }
    }
    if let Some(s) = d.session.as_deref().filter(|s| !s.is_empty()) {
        out.push(("AI-Session".to_string(), format!("{}:{s}", d.agent)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Source;
    use provenance_findings::Severity;

    fn detected(model: Option<&str>, session: Option<&str>) -> Detected {
        Detected {
            agent: "claude-code".into(),
            model: model.map(Into::into),
            session: session.map(Into::into),
            source: Source::Session,
        }
    }

    fn prompt(text: &str) -> Prompt {
        Prompt {
            sha256: provenance_findings::sha256_hex(text.as_bytes()),
            text: text.into(),
            at: "2026-11-27T23:00:00Z".into(),
            commit: None,
        }
    }

    #[test]
    fn trailers_full_and_minimal() {
        let prompts: Vec<Prompt> = (0..7).map(|i| prompt(&format!("p{i}"))).collect();
        let mut with_dup = vec![prompts[0].clone()];
        with_dup.extend(prompts.iter().cloned());
        let t = trailer_lines(
            &detected(Some("claude-opus-4-6"), Some("s-1")),
            &with_dup,
            "Assisted-by",
        );
        assert_eq!(t.len(), 1 + MAX_PROMPT_TRAILERS + 1);
        assert_eq!(
            t[0],
            ("Assisted-by".into(), "claude-code:claude-opus-4-6".into())
        );
        assert_eq!(t[1].1, format!("sha256:{}", prompts[0].sha256));
        assert_eq!(
            t[2].1,
            format!("sha256:{}", prompts[1].sha256),
            "duplicate skipped"
        );
        assert!(t[1..6]
            .iter()
            .all(|(k, v)| k == "AI-Prompt" && v.len() == 7 + 64));
        assert_eq!(t[6], ("AI-Session".into(), "claude-code:s-1".into()));

        let t = trailer_lines(&detected(None, None), &[], "Generated-by");
        assert_eq!(t, vec![("Generated-by".into(), "claude-code".into())]);
    }

    #[test]
    fn note_round_trips_and_has_the_design_shape() {
        let mut note = Note::new(&detected(Some("claude-opus-4-6"), Some("s-1")), "0.1.0");
        note.prompts.push(NotePrompt::from(&prompt("add parser")));
        note.lines = LineCounts {
            ai: 10,
            edited: 2,
            human: 3,
        };
        note.files.push(FileRanges {
            path: "src/parse.rs".into(),
            ranges: vec![
                (1, 10, Origin::Ai),
                (11, 12, Origin::Edited),
                (13, 15, Origin::Human),
            ],
        });
        note.gates.push(GateRecord {
            gate: "secrets".into(),
            result: "warn".into(),
            findings: vec![Finding::new(
                "secrets",
                "generic-password",
                Severity::Medium,
                "a.env",
                3,
            )],
            tool: None,
            tool_version: None,
        });
        let json = note.to_json();
        assert_eq!(Note::from_json(&json).unwrap(), note);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["lines"]["edited"], 2);
        assert_eq!(
            v["files"][0]["ranges"][1],
            serde_json::json!([11, 12, "edited"])
        );
        assert_eq!(v["prompts"][0]["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(v["gates"][0]["result"], "warn");
        assert_eq!(note.lines.trailer_value(), "ai=10 edited=2 human=3");
        assert_eq!(note.lines.total(), 15);
    }

    #[test]
    fn note_errors_have_positions() {
        let err = Note::from_json("{\n  \"version\": \"one\"\n}").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("invalid type"), "{err}");
        assert!(Note::from_json("{}").is_err());
    }
}
