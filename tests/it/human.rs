//! A commit with no AI involvement is byte-for-byte the commit git makes without
//! provenance: same message bytes, same commit id (identity and dates are fixed).

use crate::support::{ok, write_script, TestRepo};

/// One way of committing: extra env and git args (`{msg}` is replaced by a message file
/// outside the worktree holding `file`).
struct Case {
    name: &'static str,
    args: &'static [&'static str],
    file: Option<&'static [u8]>,
    editor: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "-m subject",
        args: &["-m", "Subject only"],
        file: None,
        editor: None,
    },
    Case {
        name: "-m with comment-looking lines and trailing spaces",
        args: &["-m", "Subject\n\n# not a comment with -m   \nbody  "],
        file: None,
        editor: None,
    },
    Case {
        name: "-F with existing trailers",
        args: &["-F", "{msg}"],
        file: Some(b"Fix the frobnicator\n\nIt frobbed twice.\n\nReviewed-by: Rev Iewer <rev@example.com>\nCo-authored-by: Bob Dev <bob@example.com>\nSigned-off-by: Ann Dev <ann@example.com>\n"),
        editor: None,
    },
    Case {
        name: "-F CRLF verbatim",
        args: &["--cleanup=verbatim", "-F", "{msg}"],
        file: Some(b"Subject\r\n\r\nBody line\r\n\r\nSigned-off-by: Ann Dev <ann@example.com>\r\n"),
        editor: None,
    },
    Case {
        name: "-F CRLF default cleanup",
        args: &["-F", "{msg}"],
        file: Some(b"Subject\r\n\r\nBody line\r\n"),
        editor: None,
    },
    Case {
        name: "-F no trailing newline",
        args: &["-F", "{msg}"],
        file: Some(b"Subject\n\nBody without newline"),
        editor: None,
    },
    Case {
        name: "-F no trailing newline verbatim",
        args: &["--cleanup=verbatim", "-F", "{msg}"],
        file: Some(b"Subject\n\nKey: value"),
        editor: None,
    },
    Case {
        name: "-F with --- divider and trailer-looking lines after it",
        args: &["--cleanup=verbatim", "-F", "{msg}"],
        file: Some(b"Subject\n\nBody\n---\nnot-a: trailer\n\nAlso-not: one\n"),
        editor: None,
    },
    Case {
        name: "-F with a trailer block before a --- patch",
        args: &["-F", "{msg}"],
        file: Some(b"Subject\n\nSigned-off-by: Ann Dev <ann@example.com>\n---\n a.txt | 1 +\n"),
        editor: None,
    },
    Case {
        name: "editor with comments",
        args: &[],
        file: None,
        editor: Some("#!/bin/sh\nprintf 'Edited subject\\n\\n# a comment\\nBody\\n\\nAcked-by: X <x@example.com>\\n' > \"$1\"\n"),
    },
    Case {
        name: "-s sign-off",
        args: &["-s", "-m", "Signed subject"],
        file: None,
        editor: None,
    },
];

fn commit_with(repo: &TestRepo, case: &Case) -> (String, Vec<u8>) {
    repo.stage("a.txt", "a\n");
    let msg = repo.outside("msg.txt");
    if let Some(bytes) = case.file {
        std::fs::write(&msg, bytes).unwrap();
    }
    let args: Vec<String> = ["commit", "-q"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            case.args
                .iter()
                .map(|a| a.replace("{msg}", msg.to_str().unwrap())),
        )
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let editor = repo.outside("editor.sh");
    let mut env = Vec::new();
    if let Some(script) = case.editor {
        write_script(&editor, script);
        env.push(("GIT_EDITOR", editor.to_str().unwrap()));
    }
    ok(&repo.git_env(&env, &args));
    (repo.rev("HEAD"), repo.raw_message("HEAD"))
}

#[test]
fn human_commits_are_identical_to_commits_made_without_provenance() {
    for case in CASES {
        let plain = TestRepo::with_base();
        let hooked = TestRepo::with_base();
        ok(&hooked.provenance(&["install"]));
        let (plain_id, plain_msg) = commit_with(&plain, case);
        let (hooked_id, hooked_msg) = commit_with(&hooked, case);
        assert_eq!(
            String::from_utf8_lossy(&hooked_msg),
            String::from_utf8_lossy(&plain_msg),
            "case {}",
            case.name
        );
        assert_eq!(hooked_id, plain_id, "case {}", case.name);
        assert!(
            hooked.note("HEAD").is_none(),
            "case {}: got a note",
            case.name
        );
    }
}

#[test]
fn human_amend_and_merge_are_unchanged() {
    let plain = TestRepo::with_base();
    let hooked = TestRepo::with_base();
    ok(&hooked.provenance(&["install"]));
    let mut ids = Vec::new();
    for repo in [&plain, &hooked] {
        repo.git(&["checkout", "-q", "-b", "feature"]);
        repo.stage("f.txt", "f\n");
        repo.git(&["commit", "-q", "-m", "feature"]);
        repo.git(&["commit", "-q", "--amend", "--no-edit"]);
        repo.git(&["checkout", "-q", "main"]);
        repo.stage("m.txt", "m\n");
        repo.git(&["commit", "-q", "-m", "main"]);
        repo.git(&["merge", "-q", "--no-ff", "--no-edit", "feature"]);
        ids.push(repo.rev("HEAD"));
    }
    assert_eq!(ids[0], ids[1]);
}
