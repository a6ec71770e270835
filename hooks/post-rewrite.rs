//! The `post-rewrite` git hook: a thin main over `provenance hook post-rewrite`.
fn main() {
    std::process::exit(provenance_cli::run_hook(
        "post-rewrite",
        std::env::args_os(),
    ));
}
