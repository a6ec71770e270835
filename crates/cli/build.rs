//! Records the commit the binary is built from, for `provenance --version`.
//!
//! `PROVENANCE_BUILD_COMMIT` overrides it (packagers building from a tarball); outside a git
//! checkout the commit is `unknown`.
use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

fn main() {
    println!("cargo:rerun-if-env-changed=PROVENANCE_BUILD_COMMIT");
    let commit = std::env::var("PROVENANCE_BUILD_COMMIT")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            let id = git(&["rev-parse", "--short=10", "HEAD"])?;
            let date = git(&["log", "-1", "--format=%cs", "HEAD"]).unwrap_or_default();
            Some(format!("{id} {date}").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    // Rebuild when HEAD moves: HEAD itself, the branch it names, and packed-refs.
    // Only files that exist: cargo reruns the script on every build for a missing one.
    let mut watched = Vec::new();
    if let Some(dir) = git(&["rev-parse", "--path-format=absolute", "--git-dir"]) {
        watched.push(PathBuf::from(dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--path-format=absolute", "--git-common-dir"]) {
        let common = PathBuf::from(common);
        watched.push(common.join("packed-refs"));
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(common.join(branch));
        }
    }
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!("cargo:rustc-env=PROVENANCE_BUILD_COMMIT={commit}");
}
