//! The `pre-push` git hook: a thin main over `provenance hook pre-push`.
fn main() {
    std::process::exit(provenance_cli::run_hook("pre-push", std::env::args_os()));
}
