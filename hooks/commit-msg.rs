//! The `commit-msg` git hook: a thin main over `provenance hook commit-msg`.
fn main() {
    std::process::exit(provenance_cli::run_hook("commit-msg", std::env::args_os()));
}
