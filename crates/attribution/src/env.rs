//! Agent detection from the environment a commit runs in.

use crate::agents::{agent, agents, is_agent_token, AgentInfo, EnvMarker};
use crate::model::normalize_model_opt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a detection came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Environment variables of the running agent (or `AI_AGENT`).
    Env,
    /// An explicit `provenance session`.
    Session,
    /// Vendor lines or trailers already in the commit message.
    Message,
}

/// An AI agent found to be involved in a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detected {
    /// Agent id (`claude-code`), or for `AI_AGENT` an unknown but well-formed name.
    pub agent: String,
    /// Normalized model (see [`crate::normalize_model`]), when known.
    pub model: Option<String>,
    /// The agent's session / thread id, when known.
    pub session: Option<String>,
    /// Where it was found.
    pub source: Source,
}

impl Detected {
    /// Fill a missing model or session from `other` when it names the same agent.
    pub fn fill_from(&mut self, other: &Detected) {
        if other.agent != self.agent {
            return;
        }
        if self.model.is_none() {
            self.model.clone_from(&other.model);
        }
        if self.session.is_none() {
            self.session.clone_from(&other.session);
        }
    }
}

/// Combine detections given in precedence order (the CLI uses: explicit session, then
/// environment, then message): the first names the agent; later ones of the same agent
/// fill its missing model and session; ones naming another agent are ignored.
///
/// ```
/// use provenance_attribution::{merge_detections, Detected, Source};
/// let session = Detected { agent: "claude-code".into(), model: Some("claude-opus-4-6".into()), session: Some("s1".into()), source: Source::Session };
/// let env = Detected { agent: "claude-code".into(), model: None, session: Some("cc-uuid".into()), source: Source::Env };
/// let d = merge_detections([Some(session), Some(env), None]).unwrap();
/// assert_eq!((d.model.as_deref(), d.session.as_deref(), d.source), (Some("claude-opus-4-6"), Some("s1"), Source::Session));
/// ```
pub fn merge_detections<I>(candidates: I) -> Option<Detected>
where
    I: IntoIterator<Item = Option<Detected>>,
{
    let mut it = candidates.into_iter().flatten();
    let mut first = it.next()?;
    for d in it {
        first.fill_from(&d);
    }
    Some(first)
}

/// The generic variable any tool may set to name itself (vercel's `AI_AGENT` convention:
/// lowercase, optional `@version` suffix).
pub const AI_AGENT: &str = "AI_AGENT";
/// The generic variable naming the model; it overrides the agent's own model variables.
pub const AI_MODEL: &str = "AI_MODEL";

/// Detect the running agent from environment variables, read through `get`.
///
/// Order: `AI_AGENT` (the most explicit) wins; then the rows of [`crate::agents()`] in
/// order (Amp before Claude Code, config-variable-only agents such as Copilot and Aider
/// last). `AI_MODEL`, when set, is the model whatever the agent. `AI_MODEL` alone, with no
/// agent marker, detects nothing. [`EnvMarker::Prefix`] markers cannot be checked through a
/// getter; use [`detect_env_vars`] to include them.
///
/// ```
/// use provenance_attribution::{detect_env, Source};
/// let env = |k: &str| match k {
///     "CLAUDECODE" => Some("1".to_string()),
///     "CLAUDE_CODE_SESSION_ID" => Some("abc".to_string()),
///     _ => None,
/// };
/// let d = detect_env(&env).unwrap();
/// assert_eq!((d.agent.as_str(), d.session.as_deref(), d.source), ("claude-code", Some("abc"), Source::Env));
/// ```
pub fn detect_env(get: &dyn Fn(&str) -> Option<String>) -> Option<Detected> {
    detect(get, &|_| false)
}

/// [`detect_env`] over a full list of variables (e.g. `std::env::vars()`), which also
/// checks prefix markers such as Copilot's `COPILOT_AGENT_*`.
pub fn detect_env_vars<I, K, V>(vars: I) -> Option<Detected>
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    let map: BTreeMap<String, String> = vars
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let get = |k: &str| map.get(k).cloned();
    let has_prefix = |p: &str| {
        map.range(p.to_string()..)
            .take_while(|(k, _)| k.starts_with(p))
            .any(|(_, v)| !v.trim().is_empty())
    };
    detect(&get, &has_prefix)
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn is_truthy(v: &str) -> bool {
    !(v == "0" || v.eq_ignore_ascii_case("false"))
}

fn marker_matches(
    m: &EnvMarker,
    get: &dyn Fn(&str) -> Option<String>,
    has_prefix: &dyn Fn(&str) -> bool,
) -> bool {
    match m {
        EnvMarker::Set(name) => non_empty(get(name)).is_some_and(|v| is_truthy(&v)),
        EnvMarker::Equals(name, value) => {
            non_empty(get(name)).is_some_and(|v| v.eq_ignore_ascii_case(value))
        }
        EnvMarker::Prefix(p) => has_prefix(p),
        EnvMarker::Suffix(name, suffix) => non_empty(get(name)).is_some_and(|v| {
            v.len() >= suffix.len()
                && v.is_char_boundary(v.len() - suffix.len())
                && v[v.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        }),
    }
}

fn first_set(names: &[&str], get: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    names.iter().find_map(|n| non_empty(get(n)))
}

fn detected_for(
    info: &AgentInfo,
    get: &dyn Fn(&str) -> Option<String>,
    model_override: Option<String>,
) -> Detected {
    let model = model_override
        .or_else(|| first_set(info.model_env, get).and_then(|m| normalize_model_opt(&m)))
        .or_else(|| info.default_model.map(str::to_string));
    Detected {
        agent: info.id.to_string(),
        model,
        session: first_set(info.session_env, get),
        source: Source::Env,
    }
}

/// The agent id an `AI_AGENT` value names: a known id or alias, else the value lowercased
/// without an `@version` suffix when that is a well-formed token.
pub fn agent_from_ai_agent(value: &str) -> Option<String> {
    let v = value.trim();
    if let Some(a) = agent(v) {
        return Some(a.id.to_string());
    }
    let base = v.split('@').next().unwrap_or(v).trim().to_lowercase();
    if let Some(a) = agent(&base) {
        return Some(a.id.to_string());
    }
    is_agent_token(&base).then_some(base)
}

fn detect(
    get: &dyn Fn(&str) -> Option<String>,
    has_prefix: &dyn Fn(&str) -> bool,
) -> Option<Detected> {
    let model_override = non_empty(get(AI_MODEL)).and_then(|m| normalize_model_opt(&m));
    if let Some(id) = non_empty(get(AI_AGENT)).and_then(|v| agent_from_ai_agent(&v)) {
        return Some(match agent(&id) {
            Some(info) => detected_for(info, get, model_override),
            None => Detected {
                agent: id,
                model: model_override,
                session: None,
                source: Source::Env,
            },
        });
    }
    agents()
        .iter()
        .find(|info| {
            info.env_markers
                .iter()
                .any(|m| marker_matches(m, get, has_prefix))
        })
        .map(|info| detected_for(info, get, model_override))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<Detected> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let getter = |k: &str| owned.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let by_getter = detect_env(&getter);
        let by_vars = detect_env_vars(owned.clone());
        // Without prefix markers in play both entry points agree.
        if !pairs.iter().any(|(k, _)| k.starts_with("COPILOT_AGENT_")) {
            assert_eq!(by_getter, by_vars, "{pairs:?}");
        }
        by_vars
    }

    fn triple(d: Option<Detected>) -> Option<(String, Option<String>, Option<String>)> {
        d.map(|d| {
            assert_eq!(d.source, Source::Env);
            (d.agent, d.model, d.session)
        })
    }

    fn t(
        a: &str,
        m: Option<&str>,
        s: Option<&str>,
    ) -> Option<(String, Option<String>, Option<String>)> {
        Some((a.to_string(), m.map(str::to_string), s.map(str::to_string)))
    }

    #[test]
    fn merging_fills_only_from_the_same_agent() {
        let d = |agent: &str, model: Option<&str>, session: Option<&str>, source| Detected {
            agent: agent.into(),
            model: model.map(Into::into),
            session: session.map(Into::into),
            source,
        };
        let merged = merge_detections([
            None,
            Some(d("claude-code", None, Some("s"), Source::Session)),
            Some(d("codex", Some("gpt-5"), Some("t"), Source::Env)),
            Some(d(
                "claude-code",
                Some("claude-opus-4-6"),
                Some("x"),
                Source::Message,
            )),
        ])
        .unwrap();
        assert_eq!(
            merged,
            d(
                "claude-code",
                Some("claude-opus-4-6"),
                Some("s"),
                Source::Session
            )
        );
        assert_eq!(merge_detections([None, None]), None);
    }

    #[test]
    fn nothing_set_detects_nothing() {
        assert_eq!(env(&[]), None);
        assert_eq!(env(&[("HOME", "/h"), ("CLAUDECODE", "")]), None);
        assert_eq!(env(&[("CLAUDECODE", "0")]), None);
        assert_eq!(env(&[("AI_MODEL", "gpt-4o")]), None);
        // Human typing in Cursor's terminal: trace id only.
        assert_eq!(env(&[("CURSOR_TRACE_ID", "abc")]), None);
    }

    #[test]
    fn claude_code() {
        assert_eq!(
            triple(env(&[("CLAUDECODE", "1")])),
            t("claude-code", None, None)
        );
        assert_eq!(
            triple(env(&[("CLAUDE_CODE_ENTRYPOINT", "cli")])),
            t("claude-code", None, None)
        );
        assert_eq!(
            triple(env(&[
                ("CLAUDECODE", "1"),
                ("CLAUDE_CODE_SESSION_ID", "5f0c"),
                ("ANTHROPIC_MODEL", "Claude Opus 4.6"),
            ])),
            t("claude-code", Some("claude-opus-4-6"), Some("5f0c"))
        );
    }

    #[test]
    fn amp_wins_over_claude_code() {
        assert_eq!(
            triple(env(&[
                ("CLAUDECODE", "1"),
                ("AMP_CURRENT_THREAD_ID", "T-1234"),
            ])),
            t("amp", None, Some("T-1234"))
        );
        assert_eq!(
            triple(env(&[("CLAUDECODE", "1"), ("AGENT", "amp")])),
            t("amp", None, None)
        );
        // AGENT set to something else is not Amp.
        assert_eq!(
            triple(env(&[("CLAUDECODE", "1"), ("AGENT", "other")])),
            t("claude-code", None, None)
        );
    }

    #[test]
    fn codex() {
        assert_eq!(
            triple(env(&[("CODEX_SANDBOX", "seatbelt")])),
            t("codex", None, None)
        );
        assert_eq!(
            triple(env(&[("CODEX_THREAD_ID", "019a-thread")])),
            t("codex", None, Some("019a-thread"))
        );
        assert_eq!(
            triple(env(&[("CODEX_SANDBOX_NETWORK_DISABLED", "1")])),
            t("codex", None, None)
        );
    }

    #[test]
    fn copilot() {
        assert_eq!(
            triple(env(&[("COPILOT_MODEL", "claude-sonnet-4.5")])),
            t("copilot", Some("claude-sonnet-4-5"), None)
        );
        assert_eq!(
            triple(env(&[("COPILOT_AGENT_RUNTIME_VERSION", "1.2")])),
            t("copilot", None, None)
        );
        // A getter cannot enumerate, so prefix markers are invisible to detect_env.
        let getter = |k: &str| (k == "COPILOT_AGENT_RUNTIME_VERSION").then(|| "1".to_string());
        assert_eq!(detect_env(&getter), None);
        // An exported COPILOT_MODEL does not outrank the agent actually running.
        assert_eq!(
            triple(env(&[("COPILOT_MODEL", "gpt-5"), ("CLAUDECODE", "1")])),
            t("claude-code", None, None)
        );
    }

    #[test]
    fn cursor() {
        assert_eq!(
            triple(env(&[("CURSOR_AGENT", "1"), ("CURSOR_TRACE_ID", "tr-9")])),
            t("cursor", None, Some("tr-9"))
        );
    }

    #[test]
    fn gemini_cli() {
        assert_eq!(
            triple(env(&[
                ("GEMINI_CLI", "1"),
                ("GEMINI_MODEL", "gemini-2.5-pro")
            ])),
            t("gemini-cli", Some("gemini-2-5-pro"), None)
        );
        // GEMINI_MODEL alone is a user setting, not a running agent.
        assert_eq!(env(&[("GEMINI_MODEL", "gemini-2.5-pro")]), None);
    }

    #[test]
    fn aider() {
        assert_eq!(
            triple(env(&[("AIDER_MODEL", "gpt-4o")])),
            t("aider", Some("gpt-4o"), None)
        );
        assert_eq!(env(&[("AIDER_DARK_MODE", "true")]), None);
    }

    #[test]
    fn generic_ai_agent_wins() {
        assert_eq!(
            triple(env(&[
                ("CLAUDECODE", "1"),
                ("AI_AGENT", "devin@1"),
                ("AI_MODEL", "Claude Sonnet 4.5"),
            ])),
            t("devin", Some("claude-sonnet-4-5"), None)
        );
        // A known alias resolves and keeps the agent's own session variable.
        assert_eq!(
            triple(env(&[
                ("AI_AGENT", "claude"),
                ("CLAUDE_CODE_SESSION_ID", "s1")
            ])),
            t("claude-code", None, Some("s1"))
        );
        assert_eq!(
            triple(env(&[("AI_AGENT", "cursor-cli")])),
            t("cursor", None, None)
        );
        // AI_MODEL overrides an agent's model variable.
        assert_eq!(
            triple(env(&[("AIDER_MODEL", "gpt-4o"), ("AI_MODEL", "o3-mini")])),
            t("aider", Some("o3-mini"), None)
        );
        // A malformed AI_AGENT is ignored, the markers still count.
        assert_eq!(
            triple(env(&[("AI_AGENT", "Bad Name!"), ("GEMINI_CLI", "1")])),
            t("gemini-cli", None, None)
        );
    }
}
