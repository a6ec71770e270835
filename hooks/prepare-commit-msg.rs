//! The `prepare-commit-msg` git hook: a thin main over `provenance hook prepare-commit-msg`.
fn main() {
    std::process::exit(provenance_cli::run_hook(
        "prepare-commit-msg",
        std::env::args_os(),
    ));
}
