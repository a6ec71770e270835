//! The `provenance` command line and git hook runners. The only crate that prints.
//!
//! Every command writes to the [`Io`] it is given, so tests capture output without spawning.
//!
//! ```
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let code = provenance_cli::run(["provenance", "--version"], std::io::empty(), &mut out, &mut err);
//! assert_eq!(code, 0);
//! assert!(String::from_utf8_lossy(&out).starts_with("provenance "));
//! ```
#![deny(missing_docs)]

mod agent;
mod args;
mod attribute;
mod blame;
mod checkpoint;
mod docs;
mod doctor;
mod error;
mod gates;
mod hook;
mod install;
mod log;
mod log_template;
mod notes;
mod pager;
mod registry;
mod render;
mod report;
mod report_html;
mod session;
mod stats;
mod tag;
mod trailers_cmd;
mod verify;

use args::{Cli, Command};
use clap::Parser;
pub use error::Error;
use provenance_checks::ExitCode;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Where a command reads and writes.
pub struct Io<'a> {
    /// Standard input.
    pub stdin: Box<dyn Read + 'a>,
    /// Machine output and results.
    pub out: &'a mut dyn Write,
    /// Diagnostics.
    pub err: &'a mut dyn Write,
    /// `-q`: only errors on stderr.
    pub quiet: bool,
    /// `-v`: also informational findings and detail.
    pub verbose: bool,
    /// Color diagnostics (`--color`, `NO_COLOR`, a terminal on stderr).
    pub color: bool,
}

impl Io<'_> {
    /// A diagnostic line on stderr (dropped with `-q`).
    pub(crate) fn note(&mut self, line: impl AsRef<str>) {
        if !self.quiet {
            let _ = writeln!(self.err, "{}", line.as_ref());
        }
    }
}

/// Global options every command sees.
#[derive(Debug, Clone, Default)]
pub(crate) struct Globals {
    pub dir: PathBuf,
    pub config: Option<PathBuf>,
    /// `--color`, for commands that color their standard output (`log`).
    pub color: args::Color,
}

/// Run `provenance` with `args` (argv, program name first) on the process's real stdio;
/// returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> i32 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Buffered: `log` on a large history writes many rows.
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let code = run(args, std::io::stdin(), &mut out, &mut err);
    let _ = out.flush();
    code
}

/// Run one git hook (`commit-msg`, `pre-commit`, …) with git's arguments (program name
/// first) on the process's real stdio; returns the exit code.
pub fn run_hook(hook: &str, args: impl IntoIterator<Item = OsString>) -> i32 {
    // Straight to the hook: the hooks take no options, and building the whole command-line
    // parser is a measurable part of a hook that has nothing to do.
    let mut args = args.into_iter();
    if let Some(argv0) = args.next() {
        hook::set_hook_path(&argv0);
    }
    let args = args::HookArgs {
        name: hook.to_string(),
        args: args.map(|a| a.to_string_lossy().into_owned()).collect(),
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let mut io = Io {
        stdin: Box::new(std::io::stdin()),
        out: &mut out,
        err: &mut err,
        quiet: false,
        verbose: false,
        color: use_color(args::Color::Auto),
    };
    let globals = Globals {
        dir: PathBuf::from("."),
        config: None,
        color: args::Color::Auto,
    };
    let code = finish(hook::run(&globals, args, &mut io), &mut io);
    drop(io);
    let _ = out.flush();
    code
}

/// The exit status of a command's result, printing its error.
fn finish(result: Result<ExitCode, Error>, io: &mut Io<'_>) -> i32 {
    match result {
        Ok(code) => code.code(),
        Err(error) => {
            if !matches!(error, Error::ClosedPipe) {
                let _ = writeln!(io.err, "provenance: {error}");
            }
            error.exit_status()
        }
    }
}

/// Run `provenance` with explicit stdio; returns the exit code.
pub fn run<I, T>(args: I, stdin: impl Read, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let text = e.render().to_string();
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = out.write_all(text.as_bytes());
                    0
                }
                _ => {
                    let _ = err.write_all(text.as_bytes());
                    ExitCode::Usage.code()
                }
            };
        }
    };
    let mut io = Io {
        stdin: Box::new(stdin),
        out,
        err,
        quiet: cli.quiet,
        verbose: cli.verbose > 0,
        color: use_color(cli.color),
    };
    let globals = Globals {
        dir: cli.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
        config: cli.config.clone(),
        color: cli.color,
    };
    let result = dispatch(cli.command, &globals, &mut io);
    finish(result, &mut io)
}

/// `--color auto` colors diagnostics on a terminal unless `NO_COLOR` is set (no-color.org)
/// or `TERM=dumb`; `always` and `never` are what they say.
fn use_color(choice: args::Color) -> bool {
    use std::io::IsTerminal;
    match choice {
        args::Color::Always => true,
        args::Color::Never => false,
        args::Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                && std::io::stderr().is_terminal()
        }
    }
}

fn dispatch(command: Command, globals: &Globals, io: &mut Io<'_>) -> Result<ExitCode, Error> {
    match command {
        Command::Install(a) => install::install(globals, &a, io),
        Command::Uninstall(a) => install::uninstall(globals, &a, io),
        Command::Session(a) => session::run(globals, a, io),
        Command::Trailers(a) => trailers_cmd::run(globals, a, io),
        Command::Check(a) => gates::check(globals, &a, io),
        Command::Scan(a) => gates::scan(globals, &a, io),
        Command::Baseline(a) => gates::baseline(globals, &a, io),
        Command::Log(a) => log::run(globals, &a, io),
        Command::Stats(a) => stats::run(globals, &a, io),
        Command::Report(a) => report::run(globals, &a, io),
        Command::Checkpoint(a) => checkpoint::run(globals, &a, io),
        Command::Blame(a) => blame::run(globals, &a, io),
        Command::Agent(a) => agent::run(globals, a, io),
        Command::Notes(args::NotesCommand::Reattach(a)) => notes::reattach(globals, &a, io),
        Command::Notes(args::NotesCommand::Import(a)) => notes::import(globals, &a, io),
        Command::Verify(a) => verify::run(globals, &a, io),
        Command::Sca(args::ScaCommand::Update(a)) => gates::sca::update(globals, &a, io),
        Command::Registry(args::RegistryCommand::Update(a)) => registry::update(&a, io),
        Command::Doctor(a) => doctor::run(globals, &a, io),
        Command::Config(args::ConfigCommand::Check) => doctor::config_check(globals, io),
        Command::Hook(a) => hook::run(globals, a, io),
        Command::DocsCli => docs::run(io),
        Command::Completions(a) => docs::completions(&a, io),
        Command::Man => docs::man(io),
    }
}
