//! The history walk against git itself: which paths each commit changed, which blob
//! versions a scan sees, and that every added line falls inside the span handed over.
//! Real repositories built with the real `git`, hermetic (temp HOME, no system config,
//! fixed dates).

use provenance_git::{changed_span, HistoryLines, HistoryOptions, Repo};
use provenance_testkit::hermetic_command;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = hermetic_command("git", &dir.join(".home"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
}

fn lines(n: usize, tag: &str) -> String {
    (0..n).map(|i| format!("line {i} {tag}\n")).collect()
}

/// A history with the shapes a tree diff can get wrong: nested directories, a file that
/// becomes a directory and back, names that sort differently as trees (`a` vs `a.txt` vs
/// `a/`), deletions, renames, multi-hunk edits, a symlink, and a merge.
fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join(".home")).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join(".git/info/exclude"), ".home/\n").unwrap();
    write(dir, "a.txt", &lines(50, "a"));
    write(dir, "a-b", "dash\n");
    write(dir, "src/lib.rs", &lines(200, "lib"));
    write(dir, "src/deep/er/x.py", "x = 1\n");
    commit(dir, "one");
    // two hunks far apart, plus a new file in a new directory
    let mut lib = lines(200, "lib");
    lib = lib.replace("line 10 lib\n", "line 10 lib changed\n");
    lib = lib.replace("line 180 lib\n", "line 180 lib\nnew line\n");
    write(dir, "src/lib.rs", &lib);
    write(dir, "docs/guide.md", "# guide\n");
    commit(dir, "two");
    // `a` appears as a directory next to `a.txt` and `a-b` (tree order: `a-b`, `a.txt`, `a/`)
    write(dir, "a/inner.txt", "inner\n");
    std::fs::remove_file(dir.join("src/deep/er/x.py")).unwrap();
    commit(dir, "three");
    // `a` becomes a file; a rename; a pure deletion of lines
    std::fs::remove_dir_all(dir.join("a")).unwrap();
    write(dir, "a", "now a file\n");
    git(dir, &["mv", "docs/guide.md", "docs/manual.md"]);
    write(dir, "a.txt", &lines(40, "a"));
    commit(dir, "four");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.txt", dir.join("link")).unwrap();
        commit(dir, "five");
    }
    // a side branch merged back
    git(dir, &["checkout", "-q", "-b", "side"]);
    write(dir, "side.txt", "side\n");
    write(dir, "src/lib.rs", &format!("{lib}tail from side\n"));
    commit(dir, "side");
    git(dir, &["checkout", "-q", "main"]);
    write(dir, "main.txt", "main\n");
    commit(dir, "six");
    git(dir, &["merge", "-q", "--no-ff", "-m", "merge", "side"]);
    // the same content at a second path (seen once), content seen before (seen once), and
    // lines appended to a file
    write(dir, "copy.txt", "side\n");
    write(dir, "a-b", &lines(50, "a"));
    write(dir, "a.txt", &lines(60, "a"));
    commit(dir, "seven");
    tmp
}

fn commits_oldest_first(dir: &Path) -> Vec<(String, Option<String>)> {
    git(dir, &["rev-list", "--reverse", "--parents", "HEAD"])
        .lines()
        .map(|l| {
            let mut ids = l.split(' ').map(str::to_string);
            (ids.next().unwrap(), ids.next())
        })
        .collect()
}

#[test]
fn changed_paths_agree_with_git_diff_tree() {
    let tmp = fixture();
    let dir = tmp.path();
    let repo = Repo::discover(dir).unwrap();
    for (commit, parent) in commits_oldest_first(dir) {
        let mut ours = repo.changed_paths(&commit, parent.as_deref()).unwrap();
        ours.sort();
        let theirs = match &parent {
            Some(p) => git(
                dir,
                &["diff-tree", "-r", "--no-renames", "--name-only", p, &commit],
            ),
            None => git(dir, &["ls-tree", "-r", "--name-only", &commit]),
        };
        let mut theirs: Vec<String> = theirs.lines().map(str::to_string).collect();
        theirs.sort();
        assert_eq!(ours, theirs, "commit {commit}");
    }
}

/// Every blob version the walk hands over, as (commit, path, blob id), per git.
fn expected_blobs(dir: &Path) -> Vec<(String, String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (commit, parent) in commits_oldest_first(dir) {
        let raw = match &parent {
            Some(p) => git(
                dir,
                &["diff-tree", "-r", "--no-renames", "--raw", p, &commit],
            ),
            None => git(dir, &["diff-tree", "-r", "--root", "--raw", &commit]),
        };
        let mut rows: Vec<(String, String)> = raw
            .lines()
            .filter_map(|l| {
                let (meta, path) = l.split_once('\t')?;
                let f: Vec<&str> = meta.split(' ').collect();
                let (mode, id) = (f[1], f[3]);
                (mode != "000000" && mode != "160000" && !id.starts_with("0000000"))
                    .then(|| (path.to_string(), id.to_string()))
            })
            .collect();
        rows.sort();
        for (path, id) in rows {
            if seen.insert(id.clone()) {
                out.push((commit.clone(), path, id));
            }
        }
    }
    out
}

/// (commit, path, blob id, counted lines) of one blob version the walk handed over.
type Seen = (String, String, String, Option<Vec<(u32, u32)>>);

fn walk(repo: &Repo, threads: usize, lines: HistoryLines) -> Vec<Seen> {
    let options = HistoryOptions {
        threads,
        lines,
        ..HistoryOptions::default()
    };
    let mut out = Vec::new();
    repo.for_each_history_blob(
        &options,
        |b| {
            let id = git_hash(&b.data);
            (b.commit.to_string(), b.path, id, b.lines)
        },
        |r| {
            out.push(r);
            Ok(())
        },
    )
    .unwrap();
    out
}

fn git_hash(data: &[u8]) -> String {
    use std::io::Write;
    // hash-object outside a repository reads no config but the user's: a HOME that does
    // not exist has none.
    let mut child = hermetic_command("git", Path::new("/nonexistent"))
        .args(["hash-object", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(data).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn history_walk_sees_each_blob_once_at_the_commit_that_introduced_it() {
    let tmp = fixture();
    let repo = Repo::discover(tmp.path()).unwrap();
    let mut ours: Vec<(String, String, String)> = walk(&repo, 1, HistoryLines::Whole)
        .into_iter()
        .map(|(c, p, id, _)| (c, p, id))
        .collect();
    let mut theirs = expected_blobs(tmp.path());
    // within one commit the order is ours to choose
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
}

#[test]
fn parallel_walk_gives_the_one_thread_results_in_the_same_order() {
    let tmp = fixture();
    let repo = Repo::discover(tmp.path()).unwrap();
    for lines in [
        HistoryLines::ChangedSpan,
        HistoryLines::Added,
        HistoryLines::Whole,
    ] {
        let one = walk(&repo, 1, lines);
        assert!(!one.is_empty());
        for threads in [2, 3, 8] {
            assert_eq!(
                walk(&repo, threads, lines),
                one,
                "{lines:?} on {threads} threads"
            );
        }
    }
}

#[test]
fn changed_span_holds_every_added_line() {
    let tmp = fixture();
    let dir = tmp.path();
    let repo = Repo::discover(dir).unwrap();
    let spans = walk(&repo, 2, HistoryLines::ChangedSpan);
    let added = walk(&repo, 2, HistoryLines::Added);
    assert_eq!(spans.len(), added.len());
    let mut checked = 0;
    for (span, exact) in spans.iter().zip(&added) {
        assert_eq!((&span.0, &span.1), (&exact.0, &exact.1));
        match (&span.3, &exact.3) {
            (None, None) => {}
            (Some(span_lines), Some(exact_lines)) => {
                for &(a, b) in exact_lines {
                    for line in a..=b {
                        assert!(
                            span_lines.iter().any(|&(s, e)| s <= line && line <= e),
                            "{}: added line {line} outside {span_lines:?}",
                            span.1
                        );
                        checked += 1;
                    }
                }
            }
            other => panic!("{}: whole blob in one mode only: {other:?}", span.1),
        }
    }
    assert!(checked > 20, "the fixture adds lines to files: {checked}");
}

#[test]
fn changed_span_cases() {
    // an inserted line
    assert_eq!(changed_span(b"a\nb\n", b"a\nX\nb\n"), Some((2, 2)));
    // appended at the end, with and without a final newline
    assert_eq!(changed_span(b"a\nb\n", b"a\nb\nc\n"), Some((3, 3)));
    assert_eq!(changed_span(b"a\nb", b"a\nbc"), Some((2, 2)));
    // a change inside a line
    assert_eq!(changed_span(b"key=abc\n", b"key=abd\n"), Some((1, 1)));
    // two changes far apart: one span from the first to the last
    let old = "1\n2\n3\n4\n5\n6\n";
    assert_eq!(
        changed_span(old.as_bytes(), b"1\nX\n3\n4\nY\n6\n"),
        Some((2, 5))
    );
    // only deletions: nothing new
    assert_eq!(changed_span(b"a\nb\nc\n", b"a\nc\n"), None);
    assert_eq!(changed_span(b"abc", b""), None);
    // identical
    assert_eq!(changed_span(b"same\n", b"same\n"), None);
    // from nothing
    assert_eq!(changed_span(b"", b"x\ny\n"), Some((1, 2)));
    // long common runs (the block compare) on both sides
    let long_old = format!("{}mid\n{}", "p".repeat(1000), "s".repeat(1000));
    let long_new = format!("{}MID\n{}", "p".repeat(1000), "s".repeat(1000));
    assert_eq!(
        changed_span(long_old.as_bytes(), long_new.as_bytes()),
        Some((1, 1))
    );
}

#[test]
fn unwanted_paths_are_not_read_and_their_content_still_counts_elsewhere() {
    let tmp = fixture();
    let repo = Repo::discover(tmp.path()).unwrap();
    let options = HistoryOptions {
        threads: 2,
        ..HistoryOptions::default()
    };
    let mut got = Vec::new();
    repo.for_each_history_blob_where(
        &options,
        |path| path != "side.txt" && !path.starts_with("src/"),
        |b| b.path,
        |p| {
            got.push(p);
            Ok(())
        },
    )
    .unwrap();
    assert!(
        !got.iter().any(|p| p == "side.txt" || p.starts_with("src/")),
        "{got:?}"
    );
    // `copy.txt` has side.txt's content: skipping side.txt did not mark it seen
    assert!(got.iter().any(|p| p == "copy.txt"), "{got:?}");
    let all: Vec<String> = walk(&repo, 1, HistoryLines::Whole)
        .into_iter()
        .map(|(_, p, _, _)| p)
        .collect();
    assert!(
        !all.iter().any(|p| p == "copy.txt"),
        "seen once, as side.txt: {all:?}"
    );
}
