//! Agent detection from what is already in a commit message: vendor co-author trailers,
//! `Assisted-by` / `Generated-by` trailers, vendor session trailers and body lines — and the
//! `vendor_trailers = keep|convert|strip` policy over them.

use crate::agents::{agent, agents, AgentInfo, CoauthorModel};
use crate::env::{Detected, Source};
use crate::model::normalize_model_opt;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of line a [`VendorMarker`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// `Co-authored-by:` naming an agent identity (vendor line).
    CoAuthor,
    /// `Assisted-by:` / `Generated-by:` — the policy vocabulary provenance writes itself.
    /// Never removed by the vendor policy; its presence means "already tagged".
    Attribution,
    /// `AI-Session:` — provenance's own session trailer — or another tool's that must stay
    /// (`Entire-Checkpoint:`). Never removed.
    Session,
    /// A vendor's own session trailer such as Amp's `Amp-Thread-ID:` (vendor line).
    VendorSession,
    /// A body line such as `🤖 Generated with [Claude Code](…)` (vendor line).
    BodyLine,
}

impl MarkerKind {
    /// True for lines an agent vendor wrote (subject to [`VendorPolicy`]); false for
    /// provenance's own vocabulary.
    pub fn is_vendor(self) -> bool {
        matches!(
            self,
            MarkerKind::CoAuthor | MarkerKind::VendorSession | MarkerKind::BodyLine
        )
    }
}

/// One sign of an agent found in a commit message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorMarker {
    /// Agent id (`claude-code`); for an `Assisted-by` naming an unknown tool, its name as a
    /// lowercase token.
    pub agent: String,
    /// Normalized model, when the line names one.
    pub model: Option<String>,
    /// Session / thread id, when the line carries one.
    pub session: Option<String>,
    /// What kind of line it is.
    pub kind: MarkerKind,
    /// The trailer key exactly as written; empty for body lines.
    pub key: String,
    /// The trailer value exactly as written, or the whole body line.
    pub value: String,
}

/// Trailer keys (lowercase) of the attribution vocabulary provenance reads and writes.
pub const ATTRIBUTION_KEYS: &[&str] = &["assisted-by", "generated-by"];
/// provenance's own session trailer key (lowercase).
pub const SESSION_KEY: &str = "ai-session";
/// Entire's checkpoint trailer key (lowercase): the commit came out of an Entire session.
pub const ENTIRE_CHECKPOINT_KEY: &str = "entire-checkpoint";

/// Find agent markers in a message, given its parsed trailers (`(key, value)` pairs in
/// order) and its full text (for body lines such as "Generated with [Claude Code]").
///
/// `Co-authored-by` lines count only when the identity is an agent's (see
/// [`identity_agent`]); humans are ignored. Keys compare ASCII case-insensitively.
///
/// ```
/// use provenance_attribution::{detect_message, MarkerKind};
/// let trailers = vec![("Co-Authored-By".to_string(), "Claude Opus 4.6 <noreply@anthropic.com>".to_string())];
/// let m = detect_message(&trailers, "fix\n\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n");
/// assert_eq!(m.len(), 1);
/// assert_eq!((m[0].agent.as_str(), m[0].model.as_deref()), ("claude-code", Some("claude-opus-4-6")));
/// assert_eq!(m[0].kind, MarkerKind::CoAuthor);
/// ```
pub fn detect_message(trailers: &[(String, String)], body: &str) -> Vec<VendorMarker> {
    let mut out = Vec::new();
    for (key, value) in trailers {
        let k = key.trim().to_ascii_lowercase();
        // Co-developed-by is the kernel's spelling of the same statement.
        let found = if k == "co-authored-by" || k == "co-developed-by" {
            coauthor_marker(value)
        } else if ATTRIBUTION_KEYS.contains(&k.as_str()) {
            attribution_marker(value)
        } else if k == SESSION_KEY {
            session_marker(value)
        } else if k == ENTIRE_CHECKPOINT_KEY {
            entire_marker(value)
        } else {
            vendor_session_marker(&k, value)
        };
        if let Some((agent, model, session, kind)) = found {
            out.push(VendorMarker {
                agent,
                model,
                session,
                kind,
                key: key.clone(),
                value: value.clone(),
            });
        }
    }
    for line in body.lines() {
        let lower = line.to_lowercase();
        if let Some(info) = agents()
            .iter()
            .find(|a| a.body_markers.iter().any(|m| lower.contains(m)))
        {
            out.push(VendorMarker {
                agent: info.id.to_string(),
                model: None,
                session: None,
                kind: MarkerKind::BodyLine,
                key: String::new(),
                value: line.to_string(),
            });
        }
    }
    out
}

type Found = (String, Option<String>, Option<String>, MarkerKind);

fn coauthor_marker(value: &str) -> Option<Found> {
    let (name, email) = split_identity(value);
    let info = identity_agent(name, email)?;
    Some((
        info.id.to_string(),
        coauthor_model(info, name),
        None,
        MarkerKind::CoAuthor,
    ))
}

fn coauthor_model(info: &AgentInfo, name: &str) -> Option<String> {
    match info.coauthor_model {
        CoauthorModel::Absent => None,
        CoauthorModel::WholeName(bare) => {
            let lower = name.trim().to_lowercase();
            if bare.contains(&lower.as_str()) {
                None
            } else {
                normalize_model_opt(name)
            }
        }
        CoauthorModel::Parenthesized => {
            let open = name.find('(')?;
            let close = name[open..].find(')')? + open;
            normalize_model_opt(&name[open + 1..close])
        }
    }
}

fn resolve_agent_text(text: &str) -> Option<String> {
    let t = text.trim();
    // An unknown tool keeps its name as a token: lowercase, other runs become `-`.
    agent(t)
        .map(|a| a.id.to_string())
        .or_else(|| normalize_model_opt(t))
}

/// `Assisted-by: AGENT:MODEL [TOOL]…` (kernel), `Generated-by: Claude Code` (ASF).
fn attribution_marker(value: &str) -> Option<Found> {
    let v = value.trim();
    let (agent_part, model) = match v.split_once(':') {
        Some((a, rest)) => {
            let model = rest.split_whitespace().next().and_then(normalize_model_opt);
            (a, model)
        }
        None => (strip_tool_groups(v), None),
    };
    Some((
        resolve_agent_text(agent_part)?,
        model,
        None,
        MarkerKind::Attribution,
    ))
}

fn strip_tool_groups(v: &str) -> &str {
    match v.find('[') {
        Some(i) => v[..i].trim(),
        None => v.trim(),
    }
}

/// `AI-Session: <agent>:<id>`.
fn session_marker(value: &str) -> Option<Found> {
    let (a, id) = value.trim().split_once(':')?;
    let id = id.trim();
    Some((
        resolve_agent_text(a)?,
        None,
        (!id.is_empty()).then(|| id.to_string()),
        MarkerKind::Session,
    ))
}

/// `Entire-Checkpoint: <id>`: agent `entire` (Entire wraps an agent it does not name in
/// the message), its checkpoint id as the session. A session marker, never removed: Entire
/// reads its own trailer back.
fn entire_marker(value: &str) -> Option<Found> {
    let id = value.trim();
    (!id.is_empty()).then(|| {
        (
            "entire".to_string(),
            None,
            Some(id.to_string()),
            MarkerKind::Session,
        )
    })
}

/// Vendor session trailers such as `Amp-Thread-ID: https://ampcode.com/threads/T-…`.
fn vendor_session_marker(key_lower: &str, value: &str) -> Option<Found> {
    let info = agents()
        .iter()
        .find(|a| a.session_trailers.contains(&key_lower))?;
    let v = value.trim();
    let id = v.rsplit('/').next().unwrap_or(v).trim();
    Some((
        info.id.to_string(),
        None,
        (!id.is_empty()).then(|| id.to_string()),
        MarkerKind::VendorSession,
    ))
}

/// Split `Name <email>` into its parts; a value without `<…>` is all name.
pub fn split_identity(value: &str) -> (&str, &str) {
    let v = value.trim();
    if let (Some(open), true) = (v.rfind('<'), v.ends_with('>')) {
        (v[..open].trim(), v[open + 1..v.len() - 1].trim())
    } else {
        (v, "")
    }
}

fn email_matches(pattern: &str, email_lower: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(suffix) => email_lower.len() > suffix.len() && email_lower.ends_with(suffix),
        None => email_lower == pattern,
    }
}

/// The agent an identity (`name`, `email`) belongs to, if any.
///
/// With an email, only the table's identity patterns count (a human named Claude with her
/// own address is not an agent). A name ending in ` (aider)` is Aider's author/committer
/// convention. Without an email, a bare agent name or alias (`Claude`, `Copilot`) counts,
/// and so does a model-style name with a version of an agent that writes them
/// (`Claude Opus 4.6`, but not `Claude Monet`).
pub fn identity_agent(name: &str, email: &str) -> Option<&'static AgentInfo> {
    let name_lower = name.trim().to_lowercase();
    let email_lower = email.trim().to_lowercase();
    if name_lower.ends_with("(aider)") {
        return agent("aider");
    }
    if !email_lower.is_empty() {
        return agents().iter().find(|a| {
            a.identities.iter().any(|p| {
                email_matches(p.email, &email_lower)
                    && p.name_prefix.is_none_or(|pre| name_lower.starts_with(pre))
            })
        });
    }
    if name_lower.is_empty() {
        return None;
    }
    agent(&name_lower).or_else(|| {
        agents().iter().find(|a| match a.coauthor_model {
            // "Claude Opus 4.6" yes, "Claude Monet" no: the rest must carry a version.
            CoauthorModel::WholeName(bare) => bare.iter().any(|b| {
                name_lower
                    .strip_prefix(&format!("{b} "))
                    .is_some_and(|rest| rest.chars().any(|c| c.is_ascii_digit()))
            }),
            _ => false,
        })
    })
}

/// True when `Name <email>` (or a bare name) is an AI agent's identity — used to reject
/// `Signed-off-by: Claude <noreply@anthropic.com>` (only a human certifies the DCO).
///
/// ```
/// use provenance_attribution::is_ai_identity;
/// assert!(is_ai_identity("Claude <noreply@anthropic.com>"));
/// assert!(!is_ai_identity("Claude Shannon <claude@example.org>"));
/// ```
pub fn is_ai_identity(name_email: &str) -> bool {
    let (name, email) = split_identity(name_email);
    identity_agent(name, email).is_some()
}

/// What the markers in a message say, as one detection (source [`Source::Message`]).
///
/// Preference: an `Assisted-by`/`Generated-by` trailer (explicit), then a co-author line
/// that names a model, then any marker naming an agent (not the `entire` wrapper), then
/// any marker. Model and session are filled from other markers of the same agent.
pub fn detected_from_message(markers: &[VendorMarker]) -> Option<Detected> {
    let best = markers
        .iter()
        .find(|m| m.kind == MarkerKind::Attribution)
        .or_else(|| {
            markers
                .iter()
                .find(|m| m.kind == MarkerKind::CoAuthor && m.model.is_some())
        })
        .or_else(|| markers.iter().find(|m| m.agent != "entire"))
        .or_else(|| markers.first())?;
    let same = || markers.iter().filter(|m| m.agent == best.agent);
    Some(Detected {
        agent: best.agent.clone(),
        model: best
            .model
            .clone()
            .or_else(|| same().find_map(|m| m.model.clone())),
        session: best
            .session
            .clone()
            .or_else(|| same().find_map(|m| m.session.clone())),
        source: Source::Message,
    })
}

/// The `vendor_trailers` policy: what to do with lines agent vendors wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorPolicy {
    /// Leave vendor lines as they are; they still count as evidence of AI involvement.
    #[default]
    Keep,
    /// Remove vendor lines and carry what they said (agent, model, session) into
    /// provenance's own trailers.
    Convert,
    /// Remove vendor lines; the commit is still AI-assisted, so provenance's own
    /// `Assisted-by` names the agent they named — only the agent: their model and session
    /// wording is dropped with them.
    Strip,
}

impl VendorPolicy {
    /// The config spelling: `keep`, `convert`, `strip`.
    pub fn as_str(self) -> &'static str {
        match self {
            VendorPolicy::Keep => "keep",
            VendorPolicy::Convert => "convert",
            VendorPolicy::Strip => "strip",
        }
    }
}

impl fmt::Display for VendorPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `vendor_trailers` value that is not `keep`, `convert` or `strip`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown vendor_trailers policy `{0}` (expected keep, convert or strip)")]
pub struct UnknownVendorPolicy(pub String);

impl FromStr for VendorPolicy {
    type Err = UnknownVendorPolicy;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "keep" => Ok(VendorPolicy::Keep),
            "convert" => Ok(VendorPolicy::Convert),
            "strip" => Ok(VendorPolicy::Strip),
            other => Err(UnknownVendorPolicy(other.to_string())),
        }
    }
}

/// What to change in a message under a [`VendorPolicy`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorPlan {
    /// Trailers to delete, `(key, value)` exactly as found.
    pub remove_trailers: Vec<(String, String)>,
    /// Body lines to delete, exactly as found.
    pub remove_lines: Vec<String>,
    /// Detection to tag the commit with from the message: the vendor lines' content under
    /// `keep`/`convert`; under `strip` provenance's own trailers, else the vendor lines'
    /// agent alone.
    pub detected: Option<Detected>,
}

impl VendorPlan {
    /// True when the message needs no edit.
    pub fn is_noop(&self) -> bool {
        self.remove_trailers.is_empty() && self.remove_lines.is_empty()
    }
}

/// Decide which vendor lines to remove and what the message still says about the agent.
///
/// provenance's own vocabulary (`Assisted-by`, `Generated-by`, `AI-Session`) is never
/// removed. Removing is idempotent: re-running on the result finds nothing more to remove.
pub fn vendor_plan(markers: &[VendorMarker], policy: VendorPolicy) -> VendorPlan {
    let mut plan = VendorPlan::default();
    if policy != VendorPolicy::Keep {
        for m in markers.iter().filter(|m| m.kind.is_vendor()) {
            if m.kind == MarkerKind::BodyLine {
                plan.remove_lines.push(m.value.clone());
            } else {
                plan.remove_trailers.push((m.key.clone(), m.value.clone()));
            }
        }
    }
    plan.detected = match policy {
        VendorPolicy::Keep | VendorPolicy::Convert => detected_from_message(markers),
        VendorPolicy::Strip => {
            let own: Vec<VendorMarker> = markers
                .iter()
                .filter(|m| !m.kind.is_vendor())
                .cloned()
                .collect();
            detected_from_message(&own).or_else(|| {
                detected_from_message(markers).map(|d| Detected {
                    model: None,
                    session: None,
                    ..d
                })
            })
        }
    };
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn one(key: &str, value: &str) -> Option<(String, Option<String>, Option<String>, MarkerKind)> {
        let m = detect_message(&tr(&[(key, value)]), "");
        assert!(m.len() <= 1, "{m:?}");
        m.into_iter().next().map(|m| {
            assert_eq!((m.key.as_str(), m.value.as_str()), (key, value));
            (m.agent, m.model, m.session, m.kind)
        })
    }

    fn f(
        a: &str,
        m: Option<&str>,
        s: Option<&str>,
        k: MarkerKind,
    ) -> Option<(String, Option<String>, Option<String>, MarkerKind)> {
        Some((a.into(), m.map(Into::into), s.map(Into::into), k))
    }

    use MarkerKind::*;

    #[test]
    fn other_tools_trailers() {
        assert_eq!(
            one("Entire-Checkpoint", "a3b2c4d5e6f7"),
            f("entire", None, Some("a3b2c4d5e6f7"), Session)
        );
        assert_eq!(one("Entire-Checkpoint", " "), None);
        // Kernel-style tools after the model are not part of it.
        assert_eq!(
            one("Assisted-by", "Claude:claude-3-opus coccinelle sparse"),
            f("claude-code", Some("claude-3-opus"), None, Attribution)
        );
    }

    #[test]
    fn claude_code_lines() {
        assert_eq!(
            one("Co-Authored-By", "Claude Opus 4.6 <noreply@anthropic.com>"),
            f("claude-code", Some("claude-opus-4-6"), None, CoAuthor)
        );
        assert_eq!(
            one("Co-Authored-By", "Claude <noreply@anthropic.com>"),
            f("claude-code", None, None, CoAuthor)
        );
        assert_eq!(
            one(
                "co-authored-by",
                "Claude Sonnet 4.5 <noreply@anthropic.com>"
            ),
            f("claude-code", Some("claude-sonnet-4-5"), None, CoAuthor)
        );
        let body = "feat: x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n";
        let m = detect_message(&[], body);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].agent.as_str(), m[0].kind), ("claude-code", BodyLine));
        assert_eq!(
            m[0].value,
            "🤖 Generated with [Claude Code](https://claude.com/claude-code)"
        );
    }

    #[test]
    fn aider_lines() {
        assert_eq!(
            one("Co-authored-by", "aider (gpt-4o) <aider@aider.chat>"),
            f("aider", Some("gpt-4o"), None, CoAuthor)
        );
        assert_eq!(
            one(
                "Co-authored-by",
                "aider (openrouter/anthropic/claude-3.5-sonnet) <noreply@aider.chat>"
            ),
            f("aider", Some("claude-3-5-sonnet"), None, CoAuthor)
        );
        assert_eq!(
            one("Co-authored-by", "aider <aider@aider.chat>"),
            f("aider", None, None, CoAuthor)
        );
    }

    #[test]
    fn codex_copilot_cursor_amp_gemini_lines() {
        assert_eq!(
            one("Co-developed-by", "Codex <noreply@openai.com>"),
            f("codex", None, None, CoAuthor)
        );
        assert_eq!(
            one("Co-authored-by", "Codex <noreply@openai.com>"),
            f("codex", None, None, CoAuthor)
        );
        assert_eq!(
            one("Co-Authored-By", "Codex <codex@openai.com>"),
            f("codex", None, None, CoAuthor)
        );
        assert_eq!(
            one(
                "Co-authored-by",
                "Copilot <223556219+Copilot@users.noreply.github.com>"
            ),
            f("copilot", None, None, CoAuthor)
        );
        assert_eq!(
            one(
                "Co-authored-by",
                "copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>"
            ),
            f("copilot", None, None, CoAuthor)
        );
        assert_eq!(
            one("Co-authored-by", "Cursor <cursoragent@cursor.com>"),
            f("cursor", None, None, CoAuthor)
        );
        assert_eq!(
            one("Co-authored-by", "Amp <amp@ampcode.com>"),
            f("amp", None, None, CoAuthor)
        );
        assert_eq!(
            one(
                "Amp-Thread-ID",
                "https://ampcode.com/threads/T-5f6c1b2a-0d3e-4f5a-9b8c-7d6e5f4a3b2c"
            ),
            f(
                "amp",
                None,
                Some("T-5f6c1b2a-0d3e-4f5a-9b8c-7d6e5f4a3b2c"),
                VendorSession
            )
        );
        assert_eq!(
            one("Co-Authored-By", "Gemini 2.5 Pro <noreply@google.com>"),
            f("gemini-cli", Some("gemini-2-5-pro"), None, CoAuthor)
        );
    }

    #[test]
    fn humans_are_not_markers() {
        assert_eq!(one("Co-authored-by", "Jane Doe <jane@example.com>"), None);
        assert_eq!(
            one("Co-authored-by", "Claude Shannon <claude@bell-labs.com>"),
            None
        );
        assert_eq!(one("Co-authored-by", "Sundar <sundar@google.com>"), None);
        assert_eq!(one("Co-authored-by", "Lee <lee@openai.com>"), None);
        assert_eq!(one("Signed-off-by", "Claude <noreply@anthropic.com>"), None);
        assert_eq!(one("Reviewed-by", "Cursor <cursoragent@cursor.com>"), None);
    }

    #[test]
    fn attribution_trailers() {
        assert_eq!(
            one("Assisted-by", "claude-code:claude-opus-4-6"),
            f("claude-code", Some("claude-opus-4-6"), None, Attribution)
        );
        assert_eq!(
            one("Assisted-by", "Claude:claude-3-opus coccinelle sparse"),
            f("claude-code", Some("claude-3-opus"), None, Attribution)
        );
        assert_eq!(
            one("Assisted-by", "aider:gpt-4o [ruff] [pytest]"),
            f("aider", Some("gpt-4o"), None, Attribution)
        );
        assert_eq!(
            one("Generated-by", "Claude Code"),
            f("claude-code", None, None, Attribution)
        );
        assert_eq!(
            one("Generated-By", "ChatGPT 4o"),
            f("chatgpt-4o", None, None, Attribution)
        );
        assert_eq!(
            one("AI-Session", "claude-code:5f0c-11"),
            f("claude-code", None, Some("5f0c-11"), Session)
        );
    }

    #[test]
    fn detected_prefers_explicit_then_model() {
        let msg = tr(&[
            ("Co-authored-by", "Amp <amp@ampcode.com>"),
            ("Amp-Thread-ID", "https://ampcode.com/threads/T-1"),
        ]);
        let d = detected_from_message(&detect_message(&msg, "")).unwrap();
        assert_eq!(
            (d.agent.as_str(), d.model, d.session.as_deref(), d.source),
            ("amp", None, Some("T-1"), Source::Message)
        );
        let msg = tr(&[
            ("Co-authored-by", "Claude <noreply@anthropic.com>"),
            ("Co-authored-by", "aider (gpt-4o) <aider@aider.chat>"),
        ]);
        let d = detected_from_message(&detect_message(&msg, "")).unwrap();
        assert_eq!(
            (d.agent.as_str(), d.model.as_deref()),
            ("aider", Some("gpt-4o"))
        );
        let msg = tr(&[
            ("Co-authored-by", "aider (gpt-4o) <aider@aider.chat>"),
            ("Assisted-by", "claude-code:claude-opus-4-6"),
        ]);
        let d = detected_from_message(&detect_message(&msg, "")).unwrap();
        assert_eq!(d.agent, "claude-code");
        assert_eq!(detected_from_message(&[]), None);
    }

    #[test]
    fn ai_identities() {
        for yes in [
            "Claude <noreply@anthropic.com>",
            "Claude Opus 4.6 <noreply@anthropic.com>",
            "Claude",
            "Claude Opus 4.6",
            "claude-code",
            "Copilot <223556219+Copilot@users.noreply.github.com>",
            "Cursor <cursoragent@cursor.com>",
            "aider (gpt-4o) <aider@aider.chat>",
            "Jane Doe (aider) <jane@example.com>",
            "Codex <noreply@openai.com>",
            "Amp <amp@ampcode.com>",
            "Gemini <noreply@google.com>",
        ] {
            assert!(is_ai_identity(yes), "{yes}");
        }
        for no in [
            "Jane Doe <jane@example.com>",
            "Claude Shannon <claude@example.org>",
            "Claude <claude@example.org>",
            "Claude Monet",
            "",
            "<noreply@github.com>",
        ] {
            assert!(!is_ai_identity(no), "{no}");
        }
    }

    #[test]
    fn vendor_policy_plans() {
        let msg = tr(&[
            ("Co-Authored-By", "Claude Opus 4.6 <noreply@anthropic.com>"),
            ("Co-authored-by", "Jane <jane@example.com>"),
            ("Assisted-by", "claude-code:claude-opus-4-6"),
        ]);
        let body = "x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n";
        let markers = detect_message(&msg, body);
        assert_eq!(markers.len(), 3);

        let keep = vendor_plan(&markers, VendorPolicy::Keep);
        assert!(keep.is_noop());
        assert_eq!(keep.detected.as_ref().unwrap().agent, "claude-code");

        let convert = vendor_plan(&markers, VendorPolicy::Convert);
        assert_eq!(
            convert.remove_trailers,
            vec![(
                "Co-Authored-By".to_string(),
                "Claude Opus 4.6 <noreply@anthropic.com>".to_string()
            )]
        );
        assert_eq!(
            convert.remove_lines,
            vec!["🤖 Generated with [Claude Code](https://claude.com/claude-code)".to_string()]
        );
        let d = convert.detected.unwrap();
        assert_eq!(
            (d.agent.as_str(), d.model.as_deref()),
            ("claude-code", Some("claude-opus-4-6"))
        );

        // Strip with only vendor lines: the lines go, the agent (alone) is still named.
        let vendor_only = detect_message(&msg[..1], "");
        let strip = vendor_plan(&vendor_only, VendorPolicy::Strip);
        assert_eq!(strip.remove_trailers.len(), 1);
        let d = strip.detected.unwrap();
        assert_eq!(
            (d.agent.as_str(), d.model, d.session),
            ("claude-code", None, None)
        );
        // Converting the converted message again removes nothing (idempotent).
        let after = detect_message(&msg[1..], "x\n");
        assert!(vendor_plan(&after, VendorPolicy::Convert).is_noop());
    }

    #[test]
    fn policy_parses() {
        assert_eq!(
            "convert".parse::<VendorPolicy>().unwrap(),
            VendorPolicy::Convert
        );
        let err = "drop".parse::<VendorPolicy>().unwrap_err();
        assert!(err.to_string().contains("keep, convert or strip"));
        assert_eq!(VendorPolicy::default(), VendorPolicy::Keep);
    }
}
