//! Fitting the shell: completions, the man page, `--version` with the commit, `NO_COLOR`.

use crate::support::{ok, TestRepo};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&ok(out).stdout).into_owned()
}

#[test]
fn completions_for_each_shell_name_the_commands() {
    let repo = TestRepo::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef provenance"),
        ("fish", "complete -c provenance"),
    ] {
        let out = stdout(&repo.provenance(&["completions", shell]));
        assert!(out.contains(marker), "{shell}: no `{marker}` in\n{out}");
        for command in ["install", "doctor", "log", "scan"] {
            assert!(out.contains(command), "{shell}: `{command}` not completed");
        }
    }
    let bad = repo.provenance(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_page_is_roff_with_every_command() {
    let repo = TestRepo::new();
    let out = stdout(&repo.provenance(&["man"]));
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq"),
        "not roff:\n{}",
        &out[..200]
    );
    assert!(out.contains(".TH provenance 1 "), "no title");
    for section in [
        "provenance\\-install",
        "provenance\\-doctor",
        "provenance\\-log",
    ] {
        assert!(out.contains(section), "no page for {section}");
    }
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let repo = TestRepo::new();
    let out = stdout(&repo.provenance(&["--version"]));
    // "provenance 0.1.0 (<10 hex> <date>)", or "(unknown)" outside a checkout.
    let line = out.trim_end();
    let rest = line
        .strip_prefix(concat!("provenance ", env!("CARGO_PKG_VERSION"), " ("))
        .unwrap_or_else(|| panic!("unexpected version line: {line}"));
    let inner = rest.strip_suffix(')').expect("closing parenthesis");
    let commit = inner.split(' ').next().unwrap();
    assert!(
        inner == "unknown" || (commit.len() == 10 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "no commit in {line}"
    );
}

#[test]
fn no_color_turns_color_off_even_when_asked_by_auto() {
    let mut repo = TestRepo::with_base();
    repo.set_env("NO_COLOR", "1");
    repo.set_env("TERM", "xterm-256color");
    repo.write(
        "leak.txt",
        "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYQ'\n",
    );
    let out = repo.provenance(&["scan", "leak.txt"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains('\u{1b}'),
        "escape codes with NO_COLOR:\n{all}"
    );
    let forced = repo.provenance(&["--color", "always", "scan", "leak.txt"]);
    assert_eq!(forced.status.code(), out.status.code());
}
