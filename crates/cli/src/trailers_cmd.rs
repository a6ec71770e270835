//! `provenance trailers parse`.

use crate::args::{TrailersCommand, TrailersParseArgs};
use crate::{Error, Globals, Io};
use provenance_checks::ExitCode;
use provenance_git::Repo;
use std::io::Read;

pub(crate) fn run(
    globals: &Globals,
    command: TrailersCommand,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    match command {
        TrailersCommand::Parse(args) => parse(globals, &args, io),
    }
}

fn parse(globals: &Globals, args: &TrailersParseArgs, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let bytes = match &args.file {
        Some(path) => std::fs::read(path)
            .map_err(|e| Error::usage(format!("{}: cannot read: {e}", path.display())))?,
        None => {
            let mut buf = Vec::new();
            io.stdin
                .read_to_end(&mut buf)
                .map_err(|e| Error::internal(format!("cannot read stdin: {e}")))?;
            buf
        }
    };
    // Like git interpret-trailers, use the repository's trailer and comment settings when
    // run inside one, and git's defaults elsewhere.
    let repo = Repo::discover(&globals.dir).ok();
    let mut config = trailer_config(repo.as_ref());
    config.no_divider = args.no_divider;
    // git parses bytes: a message that is not UTF-8 (Latin-1, say) is read one char per
    // byte and written back byte for byte, so its values come out exactly as git prints
    // them. Trailer structure (separators, `#`, `:`) is ASCII either way.
    let (message, latin1) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (
            e.into_bytes().iter().map(|&b| char::from(b)).collect(),
            true,
        ),
    };
    let trailers = provenance_trailers::parse(&message, &config);
    let text = provenance_trailers::format_parsed_with(&trailers, &config);
    let out: Vec<u8> = if latin1 {
        // Every char came from one byte, so each fits in one again.
        text.chars()
            .map(|c| u8::try_from(c).unwrap_or(b'?'))
            .collect()
    } else {
        text.into_bytes()
    };
    io.out
        .write_all(&out)
        .map_err(|e| Error::internal(format!("cannot write output: {e}")))?;
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
