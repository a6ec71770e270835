//! git configuration as a hook sees it: the repository's config files (read by gix), with
//! the command-line layer on top — `git -c key=value`, which git hands to every child
//! process (hooks included) in `GIT_CONFIG_PARAMETERS`, and `GIT_CONFIG_COUNT` /
//! `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>`.
//!
//! git reads that layer last, so it wins over every file (git config.c
//! `git_config_from_parameters`: the `GIT_CONFIG_COUNT` entries first, then
//! `GIT_CONFIG_PARAMETERS`, later entries overriding earlier ones).
//!
//! ```
//! use provenance_git::parse_config_parameters;
//! // What `git -c core.commentChar=';' -c 'user.name=O'\''Neil' …` exports.
//! let layer = parse_config_parameters(r#"'core.commentChar'=';' 'user.name'='O'\''Neil'"#)?;
//! assert_eq!(layer[0].key, "core.commentchar");
//! assert_eq!(layer[1].value.as_deref(), Some("O'Neil"));
//! # Ok::<(), provenance_git::ConfigEnvError>(())
//! ```

use crate::Repo;

/// One `key=value` of the command-line layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigOverride {
    /// Canonical key: section and variable name lowercase, a subsection as written
    /// (`trailer.Bug.key` → `trailer.Bug.key`, `Core.CommentChar` → `core.commentchar`).
    pub key: String,
    /// The value; `None` for `-c key` with no `=` (git's implicit `true`).
    pub value: Option<String>,
}

/// The command-line config layer in the environment does not have git's format. git
/// itself dies on these before it runs a hook, so seeing one means the variables were set
/// by something else.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigEnvError {
    /// `GIT_CONFIG_PARAMETERS` is not a list of single-quoted entries.
    #[error("bogus format in GIT_CONFIG_PARAMETERS: {text:?}")]
    BogusParameters {
        /// The variable's value.
        text: String,
    },
    /// `GIT_CONFIG_COUNT` is not a non-negative number.
    #[error("bogus count in GIT_CONFIG_COUNT: {value:?}")]
    BogusCount {
        /// The variable's value.
        value: String,
    },
    /// `GIT_CONFIG_KEY_<n>` or `GIT_CONFIG_VALUE_<n>` is missing for an `n` below the count.
    #[error("missing config variable {name} (GIT_CONFIG_COUNT says it exists)")]
    Missing {
        /// The variable that is not set.
        name: String,
    },
    /// A key with no section or variable name, or a character git does not allow.
    #[error("invalid config key {key:?} in the environment")]
    InvalidKey {
        /// The key as given.
        key: String,
    },
}

/// The canonical form of a config key (see [`ConfigOverride::key`]), validated as git's
/// `git_config_parse_key` does: a section, a dot, a variable name of alphanumerics and
/// `-` starting with a letter; a subsection may hold anything but a newline.
pub fn canonical_key(key: &str) -> Result<String, ConfigEnvError> {
    let invalid = || ConfigEnvError::InvalidKey {
        key: key.to_string(),
    };
    let first_dot = key.find('.').ok_or_else(invalid)?;
    let last_dot = key.rfind('.').ok_or_else(invalid)?;
    let (section, name) = (&key[..first_dot], &key[last_dot + 1..]);
    let keychar = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if section.is_empty()
        || !section.chars().all(keychar)
        || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        || !name.chars().all(keychar)
    {
        return Err(invalid());
    }
    let sub = (first_dot < last_dot).then(|| &key[first_dot + 1..last_dot]);
    if sub.is_some_and(|s| s.contains('\n')) {
        return Err(invalid());
    }
    Ok(match sub {
        Some(sub) => format!(
            "{}.{sub}.{}",
            section.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
        None => format!(
            "{}.{}",
            section.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
    })
}

/// git quote.c `need_bs_quote`: the characters `sq_quote` writes as `'\<c>'`.
fn need_bs_quote(c: u8) -> bool {
    c == b'\'' || c == b'!'
}

/// git quote.c `sq_dequote_step`: one single-quoted word at the start of `text` (which
/// must start with `'`). Returns the word and the rest after it (`None` when the word
/// ends the text). `'\''` and `'\!'` inside resume the quoted part; any other character
/// after a closing quote ends the word.
fn sq_dequote_step(text: &[u8]) -> Option<(Vec<u8>, Option<&[u8]>)> {
    if text.first() != Some(&b'\'') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 1;
    loop {
        let c = *text.get(i)?;
        if c != b'\'' {
            out.push(c);
            i += 1;
            continue;
        }
        // Stepped out of the quotes.
        match text.get(i + 1) {
            None => return Some((out, None)),
            Some(b'\\')
                if text.get(i + 2).copied().is_some_and(need_bs_quote)
                    && text.get(i + 3) == Some(&b'\'') =>
            {
                out.push(text[i + 2]);
                i += 4;
            }
            Some(_) => return Some((out, Some(&text[i + 1..]))),
        }
    }
}

fn is_space(c: u8) -> bool {
    // C isspace in the C locale.
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn utf8(bytes: Vec<u8>, whole: &str) -> Result<String, ConfigEnvError> {
    String::from_utf8(bytes).map_err(|_| ConfigEnvError::BogusParameters {
        text: whole.to_string(),
    })
}

/// git config.c `git_config_parse_parameter`: an old-style `key=value` entry (git < 2.31
/// quoted the pair as one word). No `=` is an implicit `true`.
fn old_style(entry: &str) -> Result<ConfigOverride, ConfigEnvError> {
    let (key, value) = match entry.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (entry, None),
    };
    Ok(ConfigOverride {
        key: canonical_key(key.trim())?,
        value,
    })
}

/// Parse `GIT_CONFIG_PARAMETERS` exactly as git's `parse_config_env_list` does: entries
/// separated by whitespace, each either `'key'='value'` (git ≥ 2.31), `'key'=` (implicit
/// `true`), or the old `'key=value'`; quoting per `sq_quote` (`'` → `'\''`, `!` → `'\!'`).
pub fn parse_config_parameters(text: &str) -> Result<Vec<ConfigOverride>, ConfigEnvError> {
    let bogus = || ConfigEnvError::BogusParameters {
        text: text.to_string(),
    };
    let mut out = Vec::new();
    let mut cur: Option<&[u8]> = Some(text.as_bytes());
    // git skips leading whitespace only between entries; the first must start at once.
    while let Some(rest) = cur.filter(|r| !r.is_empty()) {
        let (key, after) = sq_dequote_step(rest).ok_or_else(bogus)?;
        let key = utf8(key, text)?;
        cur = match after {
            None => {
                out.push(old_style(&key)?);
                None
            }
            Some(a) if is_space(a[0]) => {
                out.push(old_style(&key)?);
                Some(a)
            }
            Some(a) if a[0] == b'=' => {
                let a = &a[1..];
                let (value, next) = match a.first() {
                    Some(b'\'') => {
                        let (v, next) = sq_dequote_step(a).ok_or_else(bogus)?;
                        if next.is_some_and(|n| !is_space(n[0])) {
                            return Err(bogus());
                        }
                        (Some(utf8(v, text)?), next)
                    }
                    None => (None, None),
                    Some(&c) if is_space(c) => (None, Some(a)),
                    Some(_) => return Err(bogus()),
                };
                if key.is_empty() {
                    return Err(ConfigEnvError::InvalidKey { key });
                }
                out.push(ConfigOverride {
                    key: canonical_key(&key)?,
                    value,
                });
                next
            }
            Some(_) => return Err(bogus()),
        };
        cur = cur.map(|r| {
            let skip = r.iter().take_while(|&&c| is_space(c)).count();
            &r[skip..]
        });
    }
    Ok(out)
}

/// The whole command-line layer from an environment lookup: the `GIT_CONFIG_COUNT`
/// entries, then `GIT_CONFIG_PARAMETERS`, in the order git applies them (a later entry
/// for the same key wins).
pub fn command_line_config(
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<ConfigOverride>, ConfigEnvError> {
    let mut out = Vec::new();
    if let Some(count) = env("GIT_CONFIG_COUNT") {
        let n: u32 = if count.is_empty() {
            0
        } else {
            count.parse().map_err(|_| ConfigEnvError::BogusCount {
                value: count.clone(),
            })?
        };
        for i in 0..n {
            let get = |name: String| env(&name).ok_or(ConfigEnvError::Missing { name });
            let key = get(format!("GIT_CONFIG_KEY_{i}"))?;
            let value = get(format!("GIT_CONFIG_VALUE_{i}"))?;
            out.push(ConfigOverride {
                key: canonical_key(&key)?,
                value: Some(value),
            });
        }
    }
    if let Some(params) = env("GIT_CONFIG_PARAMETERS") {
        out.extend(parse_config_parameters(&params)?);
    }
    Ok(out)
}

/// A repository's configuration with the command-line layer on top: what `git config
/// --get` would print inside the hook. Built by [`Repo::config`].
pub struct GitConfig<'r> {
    repo: &'r Repo,
    layer: Vec<ConfigOverride>,
}

impl GitConfig<'_> {
    /// The last value of `key` (any spelling: `core.commentChar`), command-line layer
    /// first, then the repository's files. An implicit `true` (`-c key`) reads as `true`.
    pub fn string(&self, key: &str) -> Option<String> {
        let canonical = canonical_key(key).ok()?;
        match self.layer.iter().rev().find(|o| o.key == canonical) {
            Some(o) => Some(o.value.clone().unwrap_or_else(|| "true".to_string())),
            None => self.repo.config_string(key),
        }
    }

    /// The command-line layer this view applies.
    pub fn command_line(&self) -> &[ConfigOverride] {
        &self.layer
    }
}

impl Repo {
    /// The configuration as git shows it to this process: the repository's files with the
    /// command-line layer from this process's environment on top.
    pub fn config(&self) -> Result<GitConfig<'_>, ConfigEnvError> {
        self.config_with_env(|k| std::env::var(k).ok())
    }

    /// [`Repo::config`] with the command-line layer read from `env`.
    pub fn config_with_env(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<GitConfig<'_>, ConfigEnvError> {
        Ok(GitConfig {
            repo: self,
            layer: command_line_config(env)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, Option<String>)> {
        parse_config_parameters(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .into_iter()
            .map(|o| (o.key, o.value))
            .collect()
    }

    fn kv(k: &str, v: Option<&str>) -> (String, Option<String>) {
        (k.to_string(), v.map(str::to_string))
    }

    #[test]
    fn new_and_old_styles_and_implicit_true() {
        assert_eq!(
            pairs("'core.commentChar'=';' 'commit.template'='/t/x y'"),
            [
                kv("core.commentchar", Some(";")),
                kv("commit.template", Some("/t/x y"))
            ]
        );
        assert_eq!(
            pairs("'core.commentchar=;'"),
            [kv("core.commentchar", Some(";"))]
        );
        assert_eq!(pairs("'a.b'= 'c.d'"), [kv("a.b", None), kv("c.d", None)]);
        assert_eq!(pairs("'a.b'"), [kv("a.b", None)]);
        assert_eq!(pairs(""), []);
        assert_eq!(pairs("'a.b'='' "), [kv("a.b", Some(""))]);
    }

    #[test]
    fn quotes_and_bangs_are_unescaped() {
        assert_eq!(
            pairs(r#"'user.name'='O'\''Neil'\!'' 'x.y'='a=b'"#),
            [kv("user.name", Some("O'Neil!")), kv("x.y", Some("a=b"))]
        );
        // A subsection keeps its case; section and name do not.
        assert_eq!(
            pairs("'Trailer.Bug.Key'='Fixes'"),
            [kv("trailer.Bug.key", Some("Fixes"))]
        );
    }

    #[test]
    fn what_git_calls_bogus_is_an_error() {
        for bad in [
            "core.commentChar=;",
            "'a.b'x",
            "'a.b'='c'd",
            "'unterminated",
            "'a.b'=c",
            "'nodot'='x'",
            "'a.1b'='x'",
        ] {
            assert!(parse_config_parameters(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn count_entries_come_before_parameters() {
        let env = |k: &str| match k {
            "GIT_CONFIG_COUNT" => Some("2".to_string()),
            "GIT_CONFIG_KEY_0" => Some("core.commentChar".to_string()),
            "GIT_CONFIG_VALUE_0" => Some("%".to_string()),
            "GIT_CONFIG_KEY_1" => Some("commit.cleanup".to_string()),
            "GIT_CONFIG_VALUE_1" => Some("verbatim".to_string()),
            "GIT_CONFIG_PARAMETERS" => Some("'core.commentChar'=';'".to_string()),
            _ => None,
        };
        let layer = command_line_config(env).unwrap();
        let last = layer.iter().rev().find(|o| o.key == "core.commentchar");
        assert_eq!(last.and_then(|o| o.value.as_deref()), Some(";"));
        assert_eq!(layer.len(), 3);
        let missing = |k: &str| (k == "GIT_CONFIG_COUNT").then(|| "1".to_string());
        assert!(matches!(
            command_line_config(missing),
            Err(ConfigEnvError::Missing { .. })
        ));
        let bad = |k: &str| (k == "GIT_CONFIG_COUNT").then(|| "x".to_string());
        assert!(matches!(
            command_line_config(bad),
            Err(ConfigEnvError::BogusCount { .. })
        ));
    }

    /// What git itself exports for `-c`, read back: the differential check.
    #[test]
    fn reads_what_git_exports() {
        let home = tempfile::tempdir().unwrap();
        // An alias runs a child process with the environment git gives hooks.
        let out = provenance_testkit::hermetic_command("git", home.path())
            .args(["-c", "core.commentChar=;", "-c", "user.name=O'Neil! x"])
            .args(["-c", "Trailer.Bug.Key=Fixes", "-c", "flag.on"])
            .args(["-c", "alias.env=!printenv GIT_CONFIG_PARAMETERS", "env"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let got = pairs(text.trim_end_matches('\n'));
        assert!(got.contains(&kv("core.commentchar", Some(";"))), "{got:?}");
        assert!(got.contains(&kv("user.name", Some("O'Neil! x"))), "{got:?}");
        assert!(
            got.contains(&kv("trailer.Bug.key", Some("Fixes"))),
            "{got:?}"
        );
        assert!(got.contains(&kv("flag.on", None)), "{got:?}");
    }
}
