//! `provenance registry update`: replace the registry name index of an ecosystem with one
//! built from a listing the user supplies (a TSV or plain name list, a directory in the
//! Cargo registry index layout, or an http(s) URL of a listing). The new index is written
//! where provenance keeps its other updatable data and takes precedence over the one built
//! in. Hooks never run this and never reach the network.

use crate::args::{RegistryCoverage, RegistryUpdateArgs};
use crate::{Error, Io};
use provenance_checks::ExitCode;
use provenance_imports::deps::{
    index_path, read_source, Coverage, Ecosystem, Entry, Index, IndexBuilder, Registry,
};
use std::path::{Path, PathBuf};

/// Where updated indexes live: `$XDG_DATA_HOME/provenance/registry`, else
/// `$HOME/.local/share/provenance/registry` (beside the advisory database).
pub(crate) fn index_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("provenance").join("registry"))
}

/// How many top-ranked names an index keeps for look-alike checks.
fn popular_depth(e: Ecosystem) -> usize {
    match e {
        Ecosystem::PyPI => 15_000,
        Ecosystem::Npm => 10_000,
        Ecosystem::Crates | Ecosystem::Go => 5_000,
    }
}

/// The ecosystem of a source when `--ecosystem` is not given: a directory is a Cargo
/// registry index; a file named after an ecosystem (`pypi.tsv`, `npm-names.txt`) is that one.
fn infer_ecosystem(from: &Path, is_dir: bool) -> Option<Ecosystem> {
    if is_dir {
        return Some(Ecosystem::Crates);
    }
    let stem = from.file_name()?.to_string_lossy().to_ascii_lowercase();
    Ecosystem::ALL
        .into_iter()
        .find(|e| stem.starts_with(e.id()) && e.id() != "go")
}

pub(crate) fn update(args: &RegistryUpdateArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let started = std::time::Instant::now();
    let from = args.from.to_string_lossy().into_owned();
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => index_dir().ok_or_else(|| Error::usage("neither XDG_DATA_HOME nor HOME is set"))?,
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::usage(format!("{}: cannot create: {e}", dir.display())))?;
    let download = if from.contains("://") {
        Some(crate::gates::sca::download(
            &from,
            &dir.join("download"),
            io,
        )?)
    } else {
        None
    };
    let source = download
        .as_ref()
        .map_or_else(|| args.from.clone(), |d| d.file.clone());
    let is_dir = source.is_dir();
    let ecosystem = match &args.ecosystem {
        Some(e) => Ecosystem::parse(e).ok_or_else(|| {
            Error::usage(format!("--ecosystem {e}: expected pypi, npm or crates"))
        })?,
        None => infer_ecosystem(&args.from, is_dir).ok_or_else(|| {
            Error::usage(format!(
                "--from {from}: cannot tell the ecosystem from the name; pass --ecosystem pypi|npm|crates"
            ))
        })?,
    };
    if ecosystem == Ecosystem::Go {
        return Err(Error::usage(
            "--ecosystem go: Go modules are checked by go.sum and the module cache only; no name index is kept",
        ));
    }
    let mut builder = IndexBuilder::new(ecosystem);
    let summary = read_source(&source, &mut builder).map_err(|e| Error::usage(e.to_string()))?;
    // A listing without popularity keeps the ranks of the index in use, so look-alike checks
    // still know what is popular.
    let mut carried = 0usize;
    if !summary.ranked {
        if let Some(Ok(current)) = Registry::new(Some(dir.clone())).index(ecosystem) {
            for (i, name) in current.popular().iter().enumerate() {
                if builder.contains(name) {
                    let rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    builder.add(
                        name,
                        Entry {
                            rank: Some(rank),
                            first_release: None,
                        },
                    );
                    carried += 1;
                }
            }
        }
    }
    let coverage = match args.coverage {
        RegistryCoverage::Complete => Coverage::Complete,
        RegistryCoverage::Popular => Coverage::Popular,
        RegistryCoverage::Sample => Coverage::Sample,
    };
    let snapshot = match &args.snapshot {
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|e| Error::usage(format!("--snapshot {s}: expected YYYY-MM-DD ({e})")))?,
        None => chrono::Utc::now().date_naive(),
    };
    let names = builder.len();
    let shown = args
        .from
        .file_name()
        .map_or_else(|| from.clone(), |f| f.to_string_lossy().into_owned());
    let description = match coverage {
        Coverage::Complete => format!("every {ecosystem} name in {shown}"),
        Coverage::Popular => match summary.min_downloads {
            Some(m) => {
                format!("{ecosystem} packages with at least {m} downloads a month, from {shown}")
            }
            None => format!("the most used {ecosystem} packages, from {shown}"),
        },
        Coverage::Sample => format!("a sample of {names} {ecosystem} names from {shown}"),
    };
    let bytes = builder.finish(coverage, snapshot, &description, popular_depth(ecosystem));
    let path = index_path(&dir, ecosystem);
    let tmp = path.with_extension(format!("idx.{}", std::process::id()));
    std::fs::write(&tmp, &bytes)
        .map_err(|e| Error::usage(format!("{}: cannot write: {e}", tmp.display())))?;
    // Read back before it replaces the old one: a broken write never becomes the index.
    if let Err(e) = Index::open(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::internal(e.to_string()));
    }
    std::fs::rename(&tmp, &path)
        .map_err(|e| Error::usage(format!("{}: cannot write: {e}", path.display())))?;
    provenance_imports::deps::mark_verified(&path);
    let ranks = if summary.ranked {
        "ranked by the listing".to_string()
    } else {
        format!("{carried} popular names ranked as before")
    };
    io.note(format!(
        "provenance: {ecosystem} name index updated: {names} names ({}), snapshot {}, {ranks}, {} bytes, in {} ({:.1?})",
        coverage.as_str(),
        snapshot.format("%Y-%m-%d"),
        bytes.len(),
        path.display(),
        started.elapsed()
    ));
    Ok(ExitCode::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecosystem_from_the_source_name() {
        assert_eq!(
            infer_ecosystem(Path::new("/x/pypi.tsv"), false),
            Some(Ecosystem::PyPI)
        );
        assert_eq!(
            infer_ecosystem(Path::new("npm-names.txt"), false),
            Some(Ecosystem::Npm)
        );
        assert_eq!(
            infer_ecosystem(Path::new("index"), true),
            Some(Ecosystem::Crates)
        );
        assert_eq!(infer_ecosystem(Path::new("names.txt"), false), None);
    }
}
