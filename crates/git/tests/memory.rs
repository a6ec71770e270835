//! Reclaiming pack pages during a history scan (`src/memory.rs`) must never change what the
//! scan reads: a many-thread walk, during which the collecting thread advises the kernel to
//! reclaim the pack mappings every few hundred blobs while reader threads are inflating
//! objects from them, hands over exactly what a one-thread walk does.
//! The repository is generated with `git fast-import` (one pack, thousands of blob
//! versions, deltas against earlier versions), hermetic (temp HOME, no system config).

use provenance_git::{HistoryLines, HistoryOptions, Repo};
use provenance_testkit::hermetic_command;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn git(dir: &Path) -> Command {
    let mut c = hermetic_command("git", &dir.join(".home"));
    c.current_dir(dir);
    c
}

fn run(mut c: Command) {
    let out = c.output().expect("git runs");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `commits` commits on `main`, each changing two of eight growing files, as one pack.
fn generated_repo(commits: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join(".home")).unwrap();
    let mut init = git(dir);
    init.args(["init", "-q", "-b", "main"]);
    run(init);
    let mut stream = Vec::new();
    let mut files: Vec<String> = (0..8).map(|i| format!("header of file {i}\n")).collect();
    for n in 0..commits {
        for k in [n % 8, (n * 3 + 1) % 8] {
            files[k].push_str(&format!("commit {n} adds line to file {k} token_{n:06x}\n"));
        }
        let message = format!("commit {n}\n");
        write!(
            stream,
            "commit refs/heads/main\nmark :{}\ncommitter t <t@example.invalid> {} +0000\ndata {}\n{message}",
            n + 1,
            1_700_000_000 + n,
            message.len()
        )
        .unwrap();
        if n > 0 {
            writeln!(stream, "from :{n}").unwrap();
        }
        for k in [n % 8, (n * 3 + 1) % 8] {
            write!(
                stream,
                "M 100644 inline src/f{k}.txt\ndata {}\n{}\n",
                files[k].len(),
                files[k]
            )
            .unwrap();
        }
    }
    let mut import = git(dir);
    import
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped());
    let mut child = import.spawn().expect("git fast-import runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(&stream)
        .unwrap();
    assert!(child.wait().unwrap().success(), "git fast-import failed");
    // One pack with deltas, as a repository that was cloned or gc'd has.
    let mut repack = git(dir);
    repack.args(["repack", "-adq"]);
    run(repack);
    tmp
}

type Seen = Vec<(String, String, u64, Vec<u8>, Option<Vec<(u32, u32)>>)>;

fn scan(dir: &Path, threads: usize) -> Seen {
    let repo = Repo::discover(dir).unwrap();
    let options = HistoryOptions {
        threads,
        lines: HistoryLines::ChangedSpan,
        ..HistoryOptions::default()
    };
    let mut seen = Vec::new();
    let walked = repo
        .for_each_history_blob(
            &options,
            |b| (b.commit.to_string(), b.path, b.size, b.data, b.lines),
            |row| {
                seen.push(row);
                Ok(())
            },
        )
        .unwrap();
    assert!(walked > 0);
    seen
}

#[test]
fn many_threads_read_the_same_bytes_while_pack_pages_are_reclaimed() {
    // 1,500 commits × 2 paths = 3,000 blob versions: the walk reclaims pack pages about a
    // dozen times (every 256 blobs) while four readers inflate from the same mappings.
    let repo = generated_repo(1_500);
    let one = scan(repo.path(), 1);
    assert_eq!(one.len(), 3_000);
    for threads in [4, 8] {
        let many = scan(repo.path(), threads);
        assert_eq!(many.len(), one.len(), "{threads} threads");
        if let Some(i) = (0..one.len()).find(|&i| one[i] != many[i]) {
            panic!(
                "{threads} threads differ from one thread at blob {i}: {:?} vs {:?}",
                (&many[i].0, &many[i].1),
                (&one[i].0, &one[i].1)
            );
        }
    }
    // The last version of each file holds every line it ever got.
    let last = one.iter().rev().find(|r| r.1 == "src/f0.txt").unwrap();
    assert!(String::from_utf8_lossy(&last.3).contains("token_0005d8"));
}
