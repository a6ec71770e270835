//! Model-name normalization: one spelling per model, whatever tool reported it.

/// Normalize a model name to the form written in `Assisted-by: <agent>:<model>`.
///
/// The rule, applied in order (it is idempotent: normalizing twice changes nothing):
/// 1. trim, lowercase;
/// 2. drop a provider path prefix — everything up to the last `/`
///    (`anthropic/claude-sonnet-4`, `openrouter/openai/gpt-4o`, `models/gemini-2.5-pro`);
/// 3. drop a trailing bracketed or parenthesized qualifier that is not part of the id
///    (`claude-opus-4-6[1m]`, `Claude Opus 4.6 (1M context)`);
/// 4. every run of characters other than `a-z` / `0-9` becomes one `-` (spaces, dots, `_`,
///    `:`, `@`), and leading / trailing `-` are dropped.
///
/// Dots become `-` everywhere so one model has one spelling across tools: Anthropic's ids
/// already write versions with `-` (`claude-3-5-sonnet-20241022`, `claude-opus-4-6`), and
/// Copilot's `claude-sonnet-4.5` then equals Claude Code's `claude-sonnet-4-5`. The price is
/// that dotted vendor ids change too (`gpt-4.1` → `gpt-4-1`, `gemini-2.5-pro` →
/// `gemini-2-5-pro`); `:` goes for the same reason and because `Assisted-by` uses `:` to
/// separate agent and model. Ids already in this form (`claude-3-5-sonnet-20241022`,
/// `gpt-4o`, `o3-mini`) are unchanged.
///
/// ```
/// use provenance_attribution::normalize_model;
/// assert_eq!(normalize_model("Claude Opus 4.6"), "claude-opus-4-6");
/// assert_eq!(normalize_model("anthropic/claude-3.5-sonnet"), "claude-3-5-sonnet");
/// assert_eq!(normalize_model("GPT-4o"), "gpt-4o");
/// ```
pub fn normalize_model(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut s = match lower.rfind('/') {
        Some(i) => &lower[i + 1..],
        None => lower.as_str(),
    }
    .trim();
    // Drop trailing qualifiers like "[1m]" or "(1m context)", repeatedly.
    loop {
        let stripped =
            strip_trailing_group(s, '[', ']').or_else(|| strip_trailing_group(s, '(', ')'));
        match stripped {
            Some(rest) if !rest.trim().is_empty() => s = rest.trim_end(),
            _ => break,
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in s.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// [`normalize_model`], with `None` for names that normalize to nothing (`""`, `"?"`).
pub fn normalize_model_opt(name: &str) -> Option<String> {
    let n = normalize_model(name);
    (!n.is_empty()).then_some(n)
}

fn strip_trailing_group(s: &str, open: char, close: char) -> Option<&str> {
    let body = s.strip_suffix(close)?;
    let start = body.rfind(open)?;
    Some(&s[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real model names as agents, vendors and users write them.
    const TABLE: &[(&str, &str)] = &[
        ("Claude Opus 4.6", "claude-opus-4-6"),
        ("Claude Sonnet 4.5", "claude-sonnet-4-5"),
        ("claude-opus-4-6", "claude-opus-4-6"),
        ("claude-opus-4-6[1m]", "claude-opus-4-6"),
        ("Claude Opus 4.6 (1M context)", "claude-opus-4-6"),
        ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20241022"),
        ("claude-3.5-sonnet", "claude-3-5-sonnet"),
        ("anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"),
        ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5-20250929"),
        ("claude-sonnet-4.5", "claude-sonnet-4-5"),
        ("Claude 3 Opus", "claude-3-opus"),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5-20251001"),
        ("GPT-4o", "gpt-4o"),
        ("gpt-4o-mini", "gpt-4o-mini"),
        ("gpt-4.1", "gpt-4-1"),
        ("GPT-5", "gpt-5"),
        ("gpt-5-codex", "gpt-5-codex"),
        ("openai/gpt-5.1-codex-max", "gpt-5-1-codex-max"),
        ("o3-mini", "o3-mini"),
        ("o4-mini-high", "o4-mini-high"),
        ("gemini-2.5-pro", "gemini-2-5-pro"),
        ("Gemini 2.5 Flash", "gemini-2-5-flash"),
        ("models/gemini-2.5-pro", "gemini-2-5-pro"),
        ("gemini-3-flash-preview", "gemini-3-flash-preview"),
        ("openrouter/deepseek/deepseek-chat", "deepseek-chat"),
        ("deepseek-r1:14b", "deepseek-r1-14b"),
        ("qwen2.5-coder:32b", "qwen2-5-coder-32b"),
        ("ollama_chat/llama3.1:8b", "llama3-1-8b"),
        ("kimi-k2.5:cloud", "kimi-k2-5-cloud"),
        ("  Claude_Opus_4_6  ", "claude-opus-4-6"),
        ("grok-code-fast-1", "grok-code-fast-1"),
        ("", ""),
        ("???", ""),
    ];

    #[test]
    fn normalization_table() {
        for (input, want) in TABLE {
            assert_eq!(normalize_model(input), *want, "input {input:?}");
        }
        assert!(TABLE.len() >= 20);
    }

    #[test]
    fn normalization_is_idempotent_and_yields_tokens() {
        for (input, _) in TABLE {
            let once = normalize_model(input);
            assert_eq!(normalize_model(&once), once, "input {input:?}");
            assert!(once
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(!once.starts_with('-') && !once.ends_with('-'));
        }
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(normalize_model_opt("  "), None);
        assert_eq!(normalize_model_opt("GPT-4o").as_deref(), Some("gpt-4o"));
    }
}
