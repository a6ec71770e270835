//! `provenance trailers parse`.

use crate::args::{TrailersCommand, TrailersParseArgs};
use crate::{Failure, Globals, Io};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use std::io::Read;

pub(crate) fn run(
    globals: &Globals,
    command: TrailersCommand,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    match command {
        TrailersCommand::Parse(args) => parse(globals, &args, io),
    }
}

fn parse(
    globals: &Globals,
    args: &TrailersParseArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Failure> {
    let bytes = match &args.file {
        Some(path) => std::fs::read(path)
            .map_err(|e| Failure::usage(format!("{}: cannot read: {e}", path.display())))?,
        None => {
            let mut buf = Vec::new();
            io.stdin
                .read_to_end(&mut buf)
                .map_err(|e| Failure::internal(format!("cannot read stdin: {e}")))?;
            buf
        }
    };
    // Like git interpret-trailers, use the repository's trailer and comment settings when
    // run inside one, and git's defaults elsewhere.
    let repo = Repo::discover(&globals.dir).ok();
    let mut config = trailer_config(repo.as_ref());
    config.no_divider = args.no_divider;
    let message = String::from_utf8_lossy(&bytes);
    let trailers = provenance_trailers::parse(&message, &config);
    let text = provenance_trailers::format_parsed_with(&trailers, &config);
    io.out
        .write_all(text.as_bytes())
        .map_err(|e| Failure::internal(format!("cannot write output: {e}")))?;
    Ok(ExitCode::Ok)
}

/// Trailer settings git would use in `repo`: `trailer.separators`, `core.commentString`
/// / `core.commentChar` (`auto` reads as `#`).
pub(crate) fn trailer_config(repo: Option<&Repo>) -> provenance_trailers::Config {
    let mut config = provenance_trailers::Config::default();
    let Some(repo) = repo else { return config };
    if let Some(sep) = repo.config_string("trailer.separators") {
        if !sep.is_empty() {
            config.separators = sep;
        }
    }
    let comment = repo
        .config_string("core.commentString")
        .or_else(|| repo.config_string("core.commentChar"));
    if let Some(c) = comment {
        if c != "auto" && !c.is_empty() {
            config.comment = Some(c);
        }
    }
    config
}

/// [`trailer_config`] for messages of commits (being made or in history): git reads those
/// with `--no-divider` semantics — `git commit --trailer` runs `interpret-trailers
/// --no-divider`, `-s` and `git log %(trailers)` do not stop at `---` either — so a
/// message with a `---` line is tagged and read exactly as git would.
pub(crate) fn commit_trailer_config(repo: &Repo) -> provenance_trailers::Config {
    let mut config = trailer_config(Some(repo));
    config.no_divider = true;
    config
}
