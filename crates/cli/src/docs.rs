//! `provenance docs-cli`: docs/cli.md, generated from the same help text users see.

use crate::args::Cli;
use crate::session::write_err;
use crate::{Error, Io};
use clap::CommandFactory;
use provenance_checks::ExitCode;

pub(crate) fn run(io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let mut text = String::from(
        "# provenance command-line reference\n\n\
         Generated from `--help` by `provenance docs-cli > docs/cli.md`; CI fails when it drifts.\n",
    );
    let mut root = Cli::command().term_width(100);
    root.build();
    render(&root, "provenance", &mut text);
    io.out.write_all(text.as_bytes()).map_err(write_err)?;
    Ok(ExitCode::Ok)
}

fn render(cmd: &clap::Command, path: &str, text: &mut String) {
    let mut cmd = cmd.clone().bin_name(path.to_string());
    let help = cmd.render_long_help().to_string();
    text.push_str(&format!(
        "\n## `{path}`\n\n```text\n{}\n```\n",
        help.trim_end()
    ));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        render(sub, &format!("{path} {}", sub.get_name()), text);
    }
}

/// `provenance completions SHELL`: the completion script clap generates from the same
/// definitions as `--help`.
pub(crate) fn completions(
    args: &crate::args::CompletionsArgs,
    io: &mut Io<'_>,
) -> Result<ExitCode, Error> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "provenance", io.out);
    Ok(ExitCode::Ok)
}

/// `provenance man`: a roff man page of the command and its subcommands.
pub(crate) fn man(io: &mut Io<'_>) -> Result<ExitCode, Error> {
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd.clone())
        .render(io.out)
        .map_err(write_err)?;
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let name = format!("provenance-{}", sub.get_name());
        let sub = sub
            .clone()
            .bin_name(format!("provenance {}", sub.get_name()));
        // One document: each subcommand as a section after the main page.
        let mut page = Vec::new();
        clap_mangen::Man::new(sub)
            .title(name)
            .render(&mut page)
            .map_err(write_err)?;
        io.out.write_all(&page).map_err(write_err)?;
    }
    Ok(ExitCode::Ok)
}
