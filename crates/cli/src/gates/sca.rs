//! The SCA gate: the lockfile entries a change adds or bumps, matched against the offline
//! OSV advisory database. At pre-commit the staged lockfiles against HEAD's; at pre-push and
//! in `verify` each pushed range's lockfiles against their version where the range starts.
//! Only what the change introduces can block; an advisory of an entry already there before
//! is not this change's. A missing or stale database is `degraded`, never a pass; the hooks
//! never fetch one (`provenance sca update --from` does, outside any hook).

use crate::args::ScaUpdateArgs;
use crate::{Error, Globals, Io};
use provenance_checks::{Config, ExitCode, GateOutcome};
use provenance_findings::Finding;
use provenance_git::Repo;
use provenance_sca::{Db, Dependency, Ignore};
use std::path::{Path, PathBuf};

/// One lockfile's content before and after a change.
pub(crate) struct LockChange {
    pub(crate) path: String,
    pub(crate) before: Option<Vec<u8>>,
    pub(crate) after: Vec<u8>,
}

/// The database directory: `[sca] db`, else `$XDG_DATA_HOME/provenance/osv`.
pub(crate) fn db_dir(config: &Config) -> Option<PathBuf> {
    if let Some(db) = &config.sca.db {
        return Some(PathBuf::from(db));
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("provenance").join("osv"))
}

/// The gate's outcome for `changes`; `None` when no lockfile changed.
pub(crate) fn outcome(
    config: &Config,
    changes: &[LockChange],
    skipped: bool,
) -> Option<GateOutcome> {
    if changes.is_empty() {
        return None;
    }
    let mut outcome = GateOutcome {
        gate: "sca".to_string(),
        findings: Vec::new(),
        degraded: None,
        skipped,
    };
    if skipped {
        return Some(outcome);
    }
    match check(config, changes) {
        Ok(findings) => outcome.findings = findings,
        Err(reason) => outcome.degraded = Some(reason),
    }
    Some(outcome)
}

fn check(config: &Config, changes: &[LockChange]) -> Result<Vec<Finding>, String> {
    let mut introduced: Vec<Dependency> = Vec::new();
    for c in changes {
        let deps = provenance_sca::introduced(&c.path, c.before.as_deref(), &c.after)
            .map_err(|e| format!("{}: {e}", c.path))?;
        introduced.extend(deps);
    }
    if introduced.is_empty() {
        return Ok(Vec::new());
    }
    let dir =
        db_dir(config).ok_or("neither XDG_DATA_HOME nor HOME is set: no advisory database")?;
    let db = Db::load(&dir).map_err(|e| {
        format!(
            "no usable advisory database at {} ({e}): run `provenance sca update --from DIR|ZIP|URL` \
             with an OSV export",
            dir.display()
        )
    })?;
    let now = chrono::Utc::now();
    if db.is_stale(now, config.sca.max_age_days) {
        let age = db
            .snapshot_date()
            .map(|d| format!("{} days old", (now - d).num_days()))
            .unwrap_or_else(|| "of unknown age".to_string());
        return Err(format!(
            "the advisory database at {} is {age} (sca.max_age_days = {}): refresh it with \
             `provenance sca update --from DIR|ZIP|URL`",
            dir.display(),
            config.sca.max_age_days
        ));
    }
    let ignores: Vec<Ignore> = config
        .sca
        .ignore
        .iter()
        .map(|i| Ignore {
            id: i.id.clone(),
            until: i
                .until
                .as_deref()
                .and_then(|u| chrono::NaiveDate::parse_from_str(u, "%Y-%m-%d").ok()),
            reason: i.reason.clone(),
        })
        .collect();
    let triaged = provenance_sca::ignore::apply(db.check(&introduced), &ignores, now.date_naive());
    Ok(triaged
        .reported
        .iter()
        .map(|v| {
            let mut f = v.to_finding();
            if let Some(expired) = triaged.expired.iter().find(|i| v.is_known_as(&i.id)) {
                f.message.push_str(&format!(
                    " (its sca.ignore expired on {})",
                    expired.until.map(|d| d.to_string()).unwrap_or_default()
                ));
            }
            f
        })
        .collect())
}

/// The staged lockfiles against HEAD's versions.
pub(crate) fn staged_changes(
    repo: &Repo,
    changes: &[provenance_git::FileChange],
) -> Vec<LockChange> {
    changes
        .iter()
        .filter(|c| provenance_sca::is_lockfile(&c.path))
        .map(|c| LockChange {
            path: c.path.clone(),
            before: blob_at(repo, "HEAD", &c.path),
            after: c.data.clone(),
        })
        .collect()
}

/// The lockfiles a pushed range changes, at its tip against where the range starts (the
/// merge base with what the remote has).
pub(crate) fn range_changes(repo: &Repo, range: &super::Pushed) -> Result<Vec<LockChange>, Error> {
    let paths: Vec<String> = super::coverage::added_paths(repo, range)
        .map_err(Error::internal)?
        .into_iter()
        .filter(|p| provenance_sca::is_lockfile(p))
        .collect();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let base = if range.hidden.is_empty() {
        None
    } else {
        let mut args = vec!["merge-base", range.tip.as_str()];
        args.extend(range.hidden.iter().map(String::as_str));
        provenance_git::run_git(repo.run_dir(), &args, None)
            .ok()
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
            .filter(|b| !b.is_empty())
    };
    let mut out = Vec::new();
    for path in paths {
        let Some(after) = blob_at(repo, &range.tip, &path) else {
            continue; // removed again later in the range
        };
        out.push(LockChange {
            before: base.as_deref().and_then(|b| blob_at(repo, b, &path)),
            path,
            after,
        });
    }
    Ok(out)
}

/// `<rev>:<path>`'s content, `None` when it does not exist there.
fn blob_at(repo: &Repo, rev: &str, path: &str) -> Option<Vec<u8>> {
    provenance_git::run_git(
        repo.run_dir(),
        &["cat-file", "blob", &format!("{rev}:{path}")],
        None,
    )
    .ok()
}

/// The file name a download is saved under: the URL's last path segment (so `all.zip`
/// stays a zip and `x.json` a record), else `osv.zip`.
fn file_name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        "osv.zip".into()
    } else {
        clean
    }
}

/// A downloaded file in its own directory, removed when dropped.
pub(crate) struct Download {
    dir: PathBuf,
    /// The downloaded file.
    pub(crate) file: PathBuf,
}

impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Download `url` with the user's `curl` into a temporary directory beside the database.
pub(crate) fn download(url: &str, dest: &Path, io: &mut Io<'_>) -> Result<Download, Error> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::usage(format!(
            "--from {url}: expected a directory, a zip file, or an http(s) URL"
        )));
    }
    let parent = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::usage(format!("{}: cannot create: {e}", parent.display())))?;
    let dir = parent.join(format!(".provenance-osv-download-{}", std::process::id()));
    let file = dir.join(file_name_of(url));
    let download = Download { dir, file };
    std::fs::create_dir_all(&download.dir)
        .map_err(|e| Error::usage(format!("{}: cannot write: {e}", parent.display())))?;
    io.note(format!("provenance: downloading {url}"));
    let out = std::process::Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--max-time",
            "1800",
            "--output",
        ])
        .arg(&download.file)
        .arg("--")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Error::usage(format!(
                "--from {url}: downloading needs `curl` on PATH ({e}); or download the export \
                 yourself and pass the file"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::usage(format!(
            "--from {url}: download failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(download)
}

/// `provenance sca update --from DIR|ZIP|URL`: load the export whole, then replace the database
/// atomically; hooks never do this.
pub(crate) fn update(
    globals: &Globals,
    args: &ScaUpdateArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let from = args.from.to_string_lossy().into_owned();
    let root = Repo::discover(&globals.dir).ok().and_then(|r| r.workdir());
    let config = Config::load(root.as_deref(), globals.config.as_deref())?;
    let dest = match &args.db {
        Some(db) => db.clone(),
        None => {
            db_dir(&config).ok_or_else(|| Error::usage("neither XDG_DATA_HOME nor HOME is set"))?
        }
    };
    // A URL is downloaded first (the one place provenance reaches the network, and only
    // when asked); the file is then read like a local one and removed.
    let download = if from.contains("://") {
        Some(download(&from, &dest, io)?)
    } else {
        None
    };
    let source = download
        .as_ref()
        .map_or_else(|| args.from.clone(), |d| d.file.clone());
    let summary =
        Db::update_from(&source, &dest).map_err(|e| Error::usage(format!("{from}: {e}")))?;
    io.note(format!(
        "provenance: advisory database updated: {} records, snapshot {}, in {}{}",
        summary.records,
        summary
            .snapshot
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "of unknown date".into()),
        summary.path.display(),
        if summary.skipped.is_empty() {
            String::new()
        } else {
            format!(
                " ({} records that do not parse were left out)",
                summary.skipped.len()
            )
        }
    ));
    Ok(ExitCode::Ok)
}
