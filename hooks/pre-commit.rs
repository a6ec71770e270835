//! The `pre-commit` git hook: a thin main over `provenance hook pre-commit`.
fn main() {
    std::process::exit(provenance_cli::run_hook("pre-commit", std::env::args_os()));
}
