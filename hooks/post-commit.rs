//! The `post-commit` git hook: a thin main over `provenance hook post-commit`.
fn main() {
    std::process::exit(provenance_cli::run_hook("post-commit", std::env::args_os()));
}
