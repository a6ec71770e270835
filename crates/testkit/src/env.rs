//! The hermetic environment every command of the kit starts from, and the environments of
//! the AI agents in provenance's agent table.

use provenance_attribution::agents::EnvMarker;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

/// The only variables taken from the environment running the tests. Everything else a
/// command sees is set by the kit, so results never depend on who runs the suite (a
/// developer's git config, an agent's shell, a `GIT_DIR` exported by a hook).
pub const INHERITED: &[&str] = &["PATH", "TMPDIR"];

/// Name of the fixed author and committer.
pub const NAME: &str = "Ann Dev";
/// Email of the fixed author and committer.
pub const EMAIL: &str = "ann@example.com";
/// Author and committer date of every commit: fixed, so the same operations give the same
/// commit ids in any two repositories.
pub const DATE: &str = "2026-01-15T10:00:00Z";

/// The variables the kit sets on every command, beside `HOME` and [`INHERITED`].
pub const FIXED: &[(&str, &str)] = &[
    ("LC_ALL", "C"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_AUTHOR_NAME", NAME),
    ("GIT_AUTHOR_EMAIL", EMAIL),
    ("GIT_COMMITTER_NAME", NAME),
    ("GIT_COMMITTER_EMAIL", EMAIL),
    ("GIT_AUTHOR_DATE", DATE),
    ("GIT_COMMITTER_DATE", DATE),
    ("GIT_EDITOR", "true"),
];

/// A command that sees only the hermetic environment: the parent's environment cleared,
/// [`INHERITED`] copied, [`FIXED`] set, `HOME` at `home`, `GIT_CEILING_DIRECTORIES` at
/// `home`'s parent (the temp dir: a command run outside the test repository never finds
/// a repository the temp dir happens to sit in), stdin closed. No `GIT_DIR`,
/// `GIT_INDEX_FILE`, `XDG_CONFIG_HOME` or agent variable gets through.
///
/// ```
/// let home = tempfile::tempdir().unwrap();
/// let out = provenance_testkit::hermetic_command("git", home.path())
///     .args(["config", "--get", "user.name"])
///     .output()
///     .unwrap();
/// // No config anywhere: the developer's ~/.gitconfig is not read.
/// assert!(!out.status.success());
/// ```
pub fn hermetic_command(program: impl AsRef<OsStr>, home: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear();
    for name in INHERITED {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
    cmd.envs(FIXED.iter().copied())
        .env("HOME", home)
        .stdin(Stdio::null());
    if let Some(temp) = home.parent() {
        cmd.env("GIT_CEILING_DIRECTORIES", temp);
    }
    cmd
}

/// The session / thread id [`agent_env`] gives every agent that has one.
pub const AGENT_SESSION: &str = "00000000-0000-4000-8000-000000000001";

/// Values an agent really gives its marker variables, where `1` would be unlike it.
const REALISTIC: &[(&str, &str)] = &[
    ("CLAUDE_CODE_ENTRYPOINT", "cli"),
    ("CODEX_SANDBOX", "seatbelt"),
];

/// The variables agent `id` (a row of `provenance_attribution::agents()`) sets in the
/// shell it runs commands in, derived from the row: every marker (`1`, or the value the
/// marker requires), a concrete variable for a prefix marker, [`AGENT_SESSION`] for its
/// session variables, and the ` (…)` suffix its identity markers require on the fixed
/// names. Variables naming a model are left out: they are user configuration, not
/// something the agent sets (a marker that is only a model variable, such as Aider's
/// `AIDER_MODEL`, is skipped too).
///
/// Panics on an id that is not in the table, naming the known ones.
///
/// ```
/// let env = provenance_testkit::agent_env("claude-code");
/// assert!(env.contains(&("CLAUDECODE".to_string(), "1".to_string())));
/// ```
pub fn agent_env(id: &str) -> Vec<(String, String)> {
    let info = provenance_attribution::agent(id).unwrap_or_else(|| {
        panic!(
            "no agent {id:?} in the agent table; known: {}",
            provenance_attribution::agents::known_ids()
        )
    });
    let mut env: Vec<(String, String)> = Vec::new();
    let mut put = |k: String, v: String| {
        if !env.iter().any(|(have, _)| *have == k) {
            env.push((k, v));
        }
    };
    for marker in info.env_markers {
        match *marker {
            EnvMarker::Set(name) if info.model_env.contains(&name) => {}
            EnvMarker::Set(name) => {
                let value = if info.session_env.contains(&name) {
                    AGENT_SESSION
                } else {
                    REALISTIC
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map_or("1", |(_, v)| v)
                };
                put(name.to_string(), value.to_string());
            }
            EnvMarker::Equals(name, value) => put(name.to_string(), value.to_string()),
            EnvMarker::Prefix(prefix) => put(format!("{prefix}JOB_ID"), "1".to_string()),
            EnvMarker::Suffix(name, suffix) => put(name.to_string(), format!("{NAME}{suffix}")),
        }
    }
    for name in info.session_env {
        put(name.to_string(), AGENT_SESSION.to_string());
    }
    env
}

/// Every variable name by which provenance could detect an agent: each row's markers,
/// model and session variables, and the generic `AI_AGENT` / `AI_MODEL`.
pub fn agent_variables() -> BTreeSet<&'static str> {
    let mut names: BTreeSet<&'static str> = [
        provenance_attribution::env::AI_AGENT,
        provenance_attribution::env::AI_MODEL,
    ]
    .into_iter()
    .collect();
    for info in provenance_attribution::agents() {
        for marker in info.env_markers {
            match *marker {
                EnvMarker::Set(n) | EnvMarker::Equals(n, _) | EnvMarker::Suffix(n, _) => {
                    names.insert(n);
                }
                EnvMarker::Prefix(_) => {}
            }
        }
        names.extend(info.model_env.iter().copied());
        names.extend(info.session_env.iter().copied());
    }
    names
}

/// Every variable-name prefix by which provenance could detect an agent
/// (`COPILOT_AGENT_`).
pub fn agent_prefixes() -> BTreeSet<&'static str> {
    provenance_attribution::agents()
        .iter()
        .flat_map(|info| info.env_markers.iter())
        .filter_map(|m| match *m {
            EnvMarker::Prefix(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// True when `name` is one provenance reads to detect an agent.
pub fn is_agent_variable(name: &str) -> bool {
    agent_variables().contains(name) || agent_prefixes().iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TestRepo;
    use std::collections::BTreeMap;

    /// What a hostile parent exports: a foreign repository and index, a user config dir,
    /// and every variable by which provenance detects an agent.
    fn hostile_parent() -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = [
            ("GIT_DIR", "/nonexistent/hostile.git"),
            ("GIT_WORK_TREE", "/nonexistent"),
            ("GIT_INDEX_FILE", "/nonexistent/index"),
            ("GIT_CONFIG_PARAMETERS", "'user.name'='Hostile'"),
            ("GIT_REFLOG_ACTION", "rebase"),
            ("XDG_CONFIG_HOME", "/nonexistent/xdg"),
            ("PROVENANCE_SKIP", "secrets"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        env.extend(
            agent_variables()
                .into_iter()
                .map(|k| (k.to_string(), "hostile (aider)".to_string())),
        );
        env.extend(
            agent_prefixes()
                .into_iter()
                .map(|p| (format!("{p}HOSTILE"), "1".to_string())),
        );
        env
    }

    fn vars(out: &std::process::Output) -> BTreeMap<String, String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Runs only inside the child [`nothing_from_a_hostile_parent_reaches_a_command`]
    /// starts, with the hostile environment in its own process environment.
    #[test]
    fn hostile_probe() {
        if std::env::var_os("PROVENANCE_TESTKIT_PROBE").is_none() {
            return;
        }
        let repo = TestRepo::new();
        let seen = vars(&repo.command("env").output().expect("run env"));
        let allowed: BTreeSet<&str> = INHERITED
            .iter()
            .chain(FIXED.iter().map(|(k, _)| k))
            .chain(["HOME", "GIT_CEILING_DIRECTORIES", "PWD"].iter())
            .copied()
            .collect();
        let extra: Vec<&String> = seen
            .keys()
            .filter(|k| !allowed.contains(k.as_str()))
            .collect();
        assert!(extra.is_empty(), "leaked from the parent: {extra:?}");
        for (k, v) in FIXED {
            assert_eq!(seen.get(*k).map(String::as_str), Some(*v), "{k}");
        }
        assert_eq!(
            seen.get("HOME").map(PathBuf::from).as_ref(),
            Some(&repo.home)
        );
        // git itself works on the temp repository, not the exported GIT_DIR.
        let git_dir = repo.git(&["rev-parse", "--absolute-git-dir"]);
        assert_eq!(Path::new(git_dir.trim()), repo.root.join(".git"));
        assert_eq!(repo.git(&["config", "user.name"]).trim(), NAME);
        println!("hostile probe ran");
    }

    use std::path::PathBuf;

    #[test]
    fn nothing_from_a_hostile_parent_reaches_a_command() {
        let exe = std::env::current_exe().expect("test binary");
        let out = Command::new(exe)
            .args(["--exact", "env::tests::hostile_probe", "--nocapture"])
            .envs(hostile_parent())
            .env("PROVENANCE_TESTKIT_PROBE", "1")
            .output()
            .expect("run the probe");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("hostile probe ran"),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn the_allowlist_holds_no_agent_or_git_variable() {
        for name in INHERITED {
            assert!(!is_agent_variable(name), "{name} is an agent variable");
            assert!(
                !name.starts_with("GIT_") && !name.starts_with("XDG_"),
                "{name}"
            );
        }
        for (name, _) in FIXED {
            assert!(
                !is_agent_variable(name) || name.ends_with("_NAME"),
                "{name} detects an agent"
            );
        }
    }

    #[test]
    fn each_agent_environment_is_detected_as_that_agent_and_only_from_its_variables() {
        for info in provenance_attribution::agents() {
            let env = agent_env(info.id);
            assert!(!env.is_empty(), "{} sets nothing", info.id);
            for (k, _) in &env {
                assert!(is_agent_variable(k), "{}: {k} is not in the table", info.id);
            }
            // The fixed identity underneath, as a command would see it.
            let mut all: BTreeMap<String, String> = FIXED
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            all.extend(env.iter().cloned());
            let detected = provenance_attribution::detect_env_vars(all);
            assert_eq!(
                detected.as_ref().map(|d| d.agent.as_str()),
                Some(info.id),
                "{env:?}"
            );
        }
    }

    #[test]
    fn claude_code_sets_its_three_variables() {
        assert_eq!(
            agent_env("claude-code"),
            [
                ("CLAUDECODE", "1"),
                ("CLAUDE_CODE_ENTRYPOINT", "cli"),
                ("CLAUDE_CODE_SESSION_ID", AGENT_SESSION),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn with_agent_adds_exactly_the_agent_environment() {
        let mut repo = TestRepo::new();
        let before = vars(&repo.command("env").output().expect("env"));
        repo.with_agent("codex");
        let after = vars(&repo.command("env").output().expect("env"));
        let added: Vec<(String, String)> = after
            .into_iter()
            .filter(|(k, v)| before.get(k) != Some(v))
            .collect();
        let mut expected = agent_env("codex");
        expected.sort();
        assert_eq!(added, expected);
    }

    #[test]
    #[should_panic(expected = "known:")]
    fn an_unknown_agent_names_the_known_ones() {
        agent_env("no-such-agent");
    }
}
