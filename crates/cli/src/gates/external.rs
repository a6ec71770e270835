//! External analyzers of the SAST gate (`[sast] external`), at pre-push and in `verify`.
//! Each pushed range's changed files are written out as they are at its tip (plus the
//! tools' own config files), the tools run there with a timeout, and only their findings on
//! lines the range adds are kept. A listed tool that is missing, fails or times out makes
//! the gate `degraded`; nothing is fetched.

use super::coverage::{self, Pushed};
use provenance_checks::Config;
use provenance_findings::Finding;
use provenance_git::Repo;
use provenance_sast::external::{self, Tool};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files the tools read their configuration from, copied beside the pushed files.
const TOOL_CONFIG: &[&str] = &[
    ".semgrep.yml",
    ".semgrep.yaml",
    ".semgrep",
    "pyproject.toml",
    "setup.cfg",
    ".bandit",
    "ruff.toml",
    ".ruff.toml",
    "go.mod",
    "go.sum",
];

/// The findings of the configured tools over `pushes`, and why any could not run.
pub(crate) fn run(repo: &Repo, config: &Config, pushes: &[&Pushed]) -> (Vec<Finding>, Vec<String>) {
    let mut findings = Vec::new();
    let mut problems = Vec::new();
    let tools: Vec<Tool> = config
        .sast
        .external
        .iter()
        .filter_map(|name| Tool::from_name(name))
        .collect();
    if tools.is_empty() {
        return (findings, problems);
    }
    let timeout = Duration::from_secs(config.sast.timeout_secs);
    for push in pushes {
        let added = match coverage::added_lines(repo, config, push) {
            Ok(added) => added,
            Err(e) => {
                problems.push(format!("cannot tell which lines {} adds: {e}", push.tip));
                continue;
            }
        };
        if added.is_empty() {
            continue;
        }
        let files: Vec<String> = added.keys().cloned().collect();
        let tree = match Materialized::at(repo, &push.tip, &files) {
            Ok(tree) => tree,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for &tool in &tools {
            // clippy needs the whole crate and its dependencies: it runs in the worktree.
            let root: PathBuf = match tool {
                Tool::Clippy => match repo.workdir() {
                    Some(root) => root,
                    None => {
                        problems.push("clippy needs a worktree".to_string());
                        continue;
                    }
                },
                _ => tree.dir.clone(),
            };
            match external::run(tool, &root, &files, timeout) {
                Ok(run) => findings.extend(run.findings.into_iter().filter(|f| {
                    added
                        .get(&f.path)
                        .is_some_and(|lines| lines.binary_search(&f.line).is_ok())
                })),
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    (findings, problems)
}

/// A temporary directory holding files as they are at one commit; removed on drop.
struct Materialized {
    dir: PathBuf,
}

impl Drop for Materialized {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Materialized {
    fn at(repo: &Repo, commit: &str, files: &[String]) -> Result<Materialized, String> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("provenance-sast-{}-{stamp}", std::process::id()));
        let tree = Materialized { dir };
        let mut paths: Vec<String> = files.to_vec();
        let listed = provenance_git::run_git(
            repo.run_dir(),
            &["ls-tree", "-r", "--name-only", "-z", commit, "--"],
            None,
        )
        .map_err(|e| e.to_string())?;
        for p in listed.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let p = String::from_utf8_lossy(p);
            let top = p.split('/').next().unwrap_or("");
            if TOOL_CONFIG.contains(&top) {
                paths.push(p.into_owned());
            }
        }
        for path in paths {
            let Ok(data) = provenance_git::run_git(
                repo.run_dir(),
                &["cat-file", "blob", &format!("{commit}:{path}")],
                None,
            ) else {
                continue;
            };
            let out = tree.dir.join(&path);
            if let Some(parent) = out.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            write(&out, &data)?;
        }
        Ok(tree)
    }
}

fn write(path: &Path, data: &[u8]) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}
