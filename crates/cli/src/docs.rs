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
