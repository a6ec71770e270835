//! `provenance`: the command-line tool.
fn main() {
    std::process::exit(provenance_cli::main_with_args(std::env::args_os()));
}
