//! The table of known AI coding agents: one row per agent, every marker as data.
//!
//! Facts come from the agents' docs and their users' commits (see `AGENTS.md` in the
//! project's shared notes). Detection code in [`crate::env`] and [`crate::message`] only
//! walks this table; adding an agent means adding a row here.

/// One environment marker an agent sets in the shell it runs commands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvMarker {
    /// The variable is set to a non-empty value other than `0` / `false`.
    Set(&'static str),
    /// The variable equals this value (ASCII case-insensitive).
    Equals(&'static str, &'static str),
    /// Some variable whose name starts with this prefix is set (non-empty). Only seen by
    /// [`crate::detect_env_vars`], which can enumerate the environment.
    Prefix(&'static str),
    /// The variable's value ends with this suffix (ASCII case-insensitive), e.g. aider's
    /// `GIT_AUTHOR_NAME="Ann Dev (aider)"`.
    Suffix(&'static str, &'static str),
}

/// How an agent's co-author line names the model, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoauthorModel {
    /// The co-author line never carries a model.
    Absent,
    /// The whole display name is the model (`Claude Opus 4.6`), unless it is one of these
    /// bare names (lowercase) that name only the agent (`claude`, `claude code`).
    WholeName(&'static [&'static str]),
    /// The model is in parentheses after the name: `aider (gpt-4o)`.
    Parenthesized,
}

/// A `Name <email>` pattern that identifies an agent in a co-author (or sign-off) line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityPattern {
    /// Required lowercase prefix of the display name, or `None` when the email alone is
    /// specific enough.
    pub name_prefix: Option<&'static str>,
    /// Lowercase email. A leading `*` matches any prefix: `*@anthropic.com`,
    /// `*+copilot@users.noreply.github.com`.
    pub email: &'static str,
}

/// Everything provenance knows about one AI coding agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentInfo {
    /// Stable id written in trailers: `claude-code`, `amp`, `codex`, …
    pub id: &'static str,
    /// Human name: `Claude Code`.
    pub name: &'static str,
    /// Other spellings accepted for the id (`AI_AGENT=claude`, `Generated-by: Claude Code`),
    /// lowercase.
    pub aliases: &'static [&'static str],
    /// Environment markers; any one of them means the agent is running.
    pub env_markers: &'static [EnvMarker],
    /// Variables naming the model, first set one wins.
    pub model_env: &'static [&'static str],
    /// Variables holding the agent's session / thread id, first set one wins.
    pub session_env: &'static [&'static str],
    /// Co-author identities the agent writes.
    pub identities: &'static [IdentityPattern],
    /// How the co-author line carries the model.
    pub coauthor_model: CoauthorModel,
    /// Trailer keys (lowercase) whose value is the agent's session / thread id, e.g.
    /// `amp-thread-id`.
    pub session_trailers: &'static [&'static str],
    /// Lowercase substrings of a body line the agent writes (`generated with [claude code]`).
    pub body_markers: &'static [&'static str],
    /// Model assumed when nothing names one. `None` for every agent today: a guessed model
    /// would be a false statement in the history.
    pub default_model: Option<&'static str>,
}

/// The table, in environment-detection order: an agent whose markers are a superset of
/// another's comes first (Amp sets `CLAUDECODE` too), and agents detected only from
/// user-set configuration variables (`COPILOT_MODEL`, `AIDER_MODEL`) come last so a stray
/// exported setting never outranks the agent actually running.
static AGENTS: &[AgentInfo] = &[
    AgentInfo {
        id: "amp",
        name: "Amp",
        aliases: &["amp", "ampcode", "sourcegraph-amp"],
        env_markers: &[
            EnvMarker::Set("AMP_CURRENT_THREAD_ID"),
            EnvMarker::Equals("AGENT", "amp"),
        ],
        model_env: &[],
        session_env: &["AMP_CURRENT_THREAD_ID"],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "amp@ampcode.com",
            },
            IdentityPattern {
                name_prefix: Some("amp"),
                email: "*@ampcode.com",
            },
            IdentityPattern {
                name_prefix: Some("amp"),
                email: "*@sourcegraph.com",
            },
        ],
        coauthor_model: CoauthorModel::Absent,
        session_trailers: &["amp-thread-id", "amp-thread"],
        body_markers: &["generated with [amp]"],
        default_model: None,
    },
    AgentInfo {
        id: "claude-code",
        name: "Claude Code",
        aliases: &["claude-code", "claude", "claudecode", "claude code"],
        env_markers: &[
            EnvMarker::Set("CLAUDECODE"),
            EnvMarker::Set("CLAUDE_CODE_ENTRYPOINT"),
            EnvMarker::Set("CLAUDE_CODE_SESSION_ID"),
        ],
        model_env: &["ANTHROPIC_MODEL"],
        session_env: &["CLAUDE_CODE_SESSION_ID"],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "noreply@anthropic.com",
            },
            IdentityPattern {
                name_prefix: Some("claude"),
                email: "*@anthropic.com",
            },
        ],
        coauthor_model: CoauthorModel::WholeName(&["claude", "claude code", "claude ai"]),
        session_trailers: &[],
        body_markers: &["generated with [claude code]", "generated with claude code"],
        default_model: None,
    },
    AgentInfo {
        id: "codex",
        name: "OpenAI Codex",
        aliases: &["codex", "codex-cli", "openai-codex", "openai codex"],
        env_markers: &[
            EnvMarker::Set("CODEX_SANDBOX"),
            EnvMarker::Set("CODEX_THREAD_ID"),
            EnvMarker::Set("CODEX_SANDBOX_NETWORK_DISABLED"),
        ],
        model_env: &[],
        session_env: &["CODEX_THREAD_ID"],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "noreply@openai.com",
            },
            IdentityPattern {
                name_prefix: None,
                email: "codex@openai.com",
            },
            IdentityPattern {
                name_prefix: Some("codex"),
                email: "*@openai.com",
            },
        ],
        coauthor_model: CoauthorModel::Absent,
        session_trailers: &[],
        body_markers: &["generated with [codex]", "generated with codex"],
        default_model: None,
    },
    AgentInfo {
        id: "cursor",
        name: "Cursor",
        aliases: &["cursor", "cursor-agent", "cursor-cli", "cursoragent"],
        // CURSOR_TRACE_ID alone is also set in Cursor's terminal when a human types
        // there, so it only supplies the session id, never detection by itself.
        env_markers: &[EnvMarker::Set("CURSOR_AGENT")],
        model_env: &[],
        session_env: &["CURSOR_TRACE_ID"],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "cursoragent@cursor.com",
            },
            IdentityPattern {
                name_prefix: Some("cursor"),
                email: "*@cursor.com",
            },
        ],
        coauthor_model: CoauthorModel::Absent,
        session_trailers: &[],
        body_markers: &["generated with [cursor]"],
        default_model: None,
    },
    AgentInfo {
        id: "gemini-cli",
        name: "Gemini CLI",
        aliases: &["gemini-cli", "gemini", "gemini cli"],
        env_markers: &[EnvMarker::Set("GEMINI_CLI")],
        model_env: &["GEMINI_MODEL"],
        session_env: &[],
        identities: &[IdentityPattern {
            name_prefix: Some("gemini"),
            email: "*@google.com",
        }],
        coauthor_model: CoauthorModel::WholeName(&["gemini", "gemini cli", "gemini ai"]),
        session_trailers: &[],
        body_markers: &["generated with [gemini cli]"],
        default_model: None,
    },
    AgentInfo {
        id: "copilot",
        name: "GitHub Copilot",
        aliases: &[
            "copilot",
            "copilot-cli",
            "github-copilot",
            "github copilot",
            "copilot-swe-agent",
        ],
        env_markers: &[
            EnvMarker::Set("COPILOT_MODEL"),
            EnvMarker::Prefix("COPILOT_AGENT_"),
        ],
        model_env: &["COPILOT_MODEL"],
        session_env: &[],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "*+copilot@users.noreply.github.com",
            },
            IdentityPattern {
                name_prefix: None,
                email: "*+copilot-swe-agent[bot]@users.noreply.github.com",
            },
            IdentityPattern {
                name_prefix: Some("copilot"),
                email: "*@github.com",
            },
        ],
        coauthor_model: CoauthorModel::Absent,
        session_trailers: &[],
        body_markers: &[],
        default_model: None,
    },
    AgentInfo {
        id: "aider",
        name: "Aider",
        aliases: &["aider", "aider-chat"],
        // Aider marks its commits by suffixing the author/committer name it passes to git.
        env_markers: &[
            EnvMarker::Set("AIDER_MODEL"),
            EnvMarker::Suffix("GIT_AUTHOR_NAME", " (aider)"),
            EnvMarker::Suffix("GIT_COMMITTER_NAME", " (aider)"),
        ],
        model_env: &["AIDER_MODEL"],
        session_env: &[],
        identities: &[
            IdentityPattern {
                name_prefix: None,
                email: "aider@aider.chat",
            },
            IdentityPattern {
                name_prefix: None,
                email: "noreply@aider.chat",
            },
            IdentityPattern {
                name_prefix: Some("aider"),
                email: "*@aider.chat",
            },
        ],
        coauthor_model: CoauthorModel::Parenthesized,
        session_trailers: &[],
        body_markers: &[],
        default_model: None,
    },
];

/// All known agents, in environment-detection order.
pub fn agents() -> &'static [AgentInfo] {
    AGENTS
}

/// The agent with this id or alias (ASCII case-insensitive), e.g. `claude` → Claude Code.
pub fn agent(id: &str) -> Option<&'static AgentInfo> {
    let wanted = id.trim();
    AGENTS.iter().find(|a| {
        a.id.eq_ignore_ascii_case(wanted)
            || a.name.eq_ignore_ascii_case(wanted)
            || a.aliases.iter().any(|al| al.eq_ignore_ascii_case(wanted))
    })
}

/// The ids of all known agents, comma-separated (for error messages).
pub fn known_ids() -> String {
    AGENTS.iter().map(|a| a.id).collect::<Vec<_>>().join(", ")
}

/// Why an agent name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgentNameError {
    /// Not a known agent and unknown agents were not allowed.
    #[error("unknown agent `{name}` (known: {known}; pass --allow-unknown-agent to record another tool)")]
    Unknown {
        /// The name as given.
        name: String,
        /// Known ids, comma-separated.
        known: String,
    },
    /// Not of the form `[a-z0-9][a-z0-9._-]*`, so it cannot be written into a trailer.
    #[error("invalid agent name `{name}`: expected lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit (known: {known})")]
    Invalid {
        /// The name as given.
        name: String,
        /// Known ids, comma-separated.
        known: String,
    },
}

/// Resolve an agent name to the id written in trailers.
///
/// Known ids and aliases resolve to the canonical id (`claude` → `claude-code`). Other names
/// are accepted only when `allow_unknown` is true **and** they have the form
/// `[a-z0-9][a-z0-9._-]*` (so they stay one token in `Assisted-by: <agent>:<model>`).
pub fn resolve_agent(name: &str, allow_unknown: bool) -> Result<String, AgentNameError> {
    if let Some(a) = agent(name) {
        return Ok(a.id.to_string());
    }
    if !is_agent_token(name) {
        return Err(AgentNameError::Invalid {
            name: name.to_string(),
            known: known_ids(),
        });
    }
    if allow_unknown {
        Ok(name.to_string())
    } else {
        Err(AgentNameError::Unknown {
            name: name.to_string(),
            known: known_ids(),
        })
    }
}

/// True when `s` matches `[a-z0-9][a-z0-9._-]*`.
pub fn is_agent_token(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_tokens_and_lookup_by_alias_works() {
        let mut ids: Vec<_> = agents().iter().map(|a| a.id).collect();
        for id in &ids {
            assert!(is_agent_token(id), "{id}");
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), agents().len());
        assert_eq!(agent("claude").map(|a| a.id), Some("claude-code"));
        assert_eq!(agent("Claude Code").map(|a| a.id), Some("claude-code"));
        assert_eq!(agent("GEMINI").map(|a| a.id), Some("gemini-cli"));
        assert_eq!(agent("cursor-cli").map(|a| a.id), Some("cursor"));
        assert!(agent("devin").is_none());
    }

    #[test]
    fn amp_is_checked_before_claude_code() {
        let pos = |id| agents().iter().position(|a| a.id == id);
        assert!(pos("amp") < pos("claude-code"));
        // Config-variable-only agents come last.
        assert!(pos("copilot") > pos("gemini-cli"));
        assert!(pos("aider") > pos("copilot"));
    }

    #[test]
    fn resolve_agent_rules() {
        assert_eq!(resolve_agent("claude", false).unwrap(), "claude-code");
        let err = resolve_agent("devin", false).unwrap_err();
        assert!(matches!(err, AgentNameError::Unknown { .. }));
        assert!(err.to_string().contains("claude-code"), "{err}");
        assert_eq!(resolve_agent("devin", true).unwrap(), "devin");
        assert!(matches!(
            resolve_agent("Devin AI", true),
            Err(AgentNameError::Invalid { .. })
        ));
        assert!(matches!(
            resolve_agent("-x", true),
            Err(AgentNameError::Invalid { .. })
        ));
        assert!(matches!(
            resolve_agent("", true),
            Err(AgentNameError::Invalid { .. })
        ));
        assert!(resolve_agent("my-tool.v2_x", true).is_ok());
    }
}
