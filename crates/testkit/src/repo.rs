//! [`TestRepo`]: a repository in a temp dir driven with the real `git` (and, given the
//! binaries' directory, the real `provenance`), every command hermetic.

use crate::env::{agent_env, hermetic_command, EMAIL, NAME};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A repository in a temp dir with a private HOME; dropped with it.
pub struct TestRepo {
    _tmp: tempfile::TempDir,
    /// The worktree root.
    pub root: PathBuf,
    /// The private HOME.
    pub home: PathBuf,
    /// Extra environment for every command (e.g. `CLAUDECODE=1`).
    pub env: Vec<(String, String)>,
    /// Where this package's binaries are (`provenance`, the hook binaries).
    bin_dir: Option<PathBuf>,
}

impl Default for TestRepo {
    fn default() -> TestRepo {
        TestRepo::new()
    }
}

impl TestRepo {
    /// `git init` (branch `main`) with a fixed identity.
    pub fn new() -> TestRepo {
        TestRepo::named("repo")
    }

    /// [`TestRepo::new`] with the worktree in a directory called `name` (spaces, quotes…).
    pub fn named(name: &str) -> TestRepo {
        let tmp = tempfile::tempdir().expect("tempdir");
        let home = tmp.path().join("home");
        let root = tmp.path().join(name);
        std::fs::create_dir_all(&home).expect("home");
        std::fs::create_dir_all(&root).expect("root");
        let repo = TestRepo {
            _tmp: tmp,
            root,
            home,
            env: Vec::new(),
            bin_dir: None,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", NAME]);
        repo.git(&["config", "user.email", EMAIL]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    /// A command with the hermetic environment ([`hermetic_command`]) plus
    /// [`TestRepo::env`], run in the worktree.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = hermetic_command(program, &self.home);
        cmd.current_dir(&self.root);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// The same repository, with this package's binaries (`provenance`, the hook
    /// binaries) looked up in `dir`; in an integration test, the directory of
    /// `env!("CARGO_BIN_EXE_provenance")`.
    pub fn with_bin_dir(mut self, dir: impl Into<PathBuf>) -> TestRepo {
        self.bin_dir = Some(dir.into());
        self
    }

    /// Path of this package's binary `name`, in the directory given to
    /// [`TestRepo::with_bin_dir`]. Panics when none was given.
    pub fn bin(&self, name: &str) -> PathBuf {
        match &self.bin_dir {
            Some(dir) => dir.join(name),
            None => panic!(
                "this TestRepo has no binaries: build it with .with_bin_dir(dir) to run {name}"
            ),
        }
    }

    /// Add the environment agent `id` sets ([`agent_env`]) to every later command.
    pub fn with_agent(&mut self, id: &str) -> &mut TestRepo {
        self.env.extend(agent_env(id));
        self
    }

    /// Run git; panics with its output when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run git and return its whole output.
    pub fn git_output(&self, args: &[&str]) -> Output {
        self.command("git").args(args).output().expect("run git")
    }

    /// Run `provenance args…`.
    pub fn provenance(&self, args: &[&str]) -> Output {
        self.command(self.bin("provenance"))
            .args(args)
            .output()
            .expect("run provenance")
    }

    /// Run `provenance args…` with `stdin`.
    pub fn provenance_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .command(self.bin("provenance"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn provenance");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        child.wait_with_output().expect("wait provenance")
    }

    /// Write a file (creating directories).
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let p = self.root.join(path);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(p, content).expect("write");
    }

    /// Path inside the worktree.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The raw message of a commit, exactly as stored.
    pub fn message(&self, rev: &str) -> String {
        self.git(&["log", "-1", "--format=%B", rev])
    }

    /// The git dir.
    pub fn git_dir(&self) -> PathBuf {
        PathBuf::from(self.git(&["rev-parse", "--absolute-git-dir"]).trim())
    }

    /// Set an extra environment variable for later commands.
    pub fn set_env(&mut self, k: &str, v: &str) {
        self.env.push((k.to_string(), v.to_string()));
    }
}

/// stdout and stderr as text, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Assert a command succeeded.
pub fn ok(out: &Output) -> &Output {
    assert!(out.status.success(), "{}", text(out));
    out
}

impl TestRepo {
    /// `git init` of a fresh repo with one human commit on `main` (file `base.txt`).
    pub fn with_base() -> TestRepo {
        let repo = TestRepo::new();
        repo.write("base.txt", "base\n");
        repo.git(&["add", "base.txt"]);
        repo.git(&["commit", "-q", "-m", "base"]);
        repo
    }

    /// A command run with extra variables (on top of [`TestRepo::env`]).
    pub fn command_env(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
        env: &[(&str, &str)],
    ) -> Command {
        let mut cmd = self.command(program);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Run git with extra variables and return its whole output.
    pub fn git_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        self.command_env("git", env)
            .args(args)
            .output()
            .expect("run git")
    }

    /// Run git with extra variables; panics when it fails.
    pub fn git_env_ok(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        let out = self.git_env(env, args);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run any program with `stdin`, returning its whole output.
    pub fn run_stdin(&self, mut cmd: Command, stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut pipe = child.stdin.take().expect("stdin");
        // Write from a thread so a child that fills stdout before reading stdin never blocks.
        let input = stdin.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child.wait_with_output().expect("wait");
        writer.join().expect("stdin writer");
        out
    }

    /// `git interpret-trailers --parse [extra]` over `message`.
    pub fn git_parse_trailers(&self, message: &[u8], extra: &[&str]) -> Output {
        let mut cmd = self.command("git");
        cmd.arg("interpret-trailers").arg("--parse").args(extra);
        self.run_stdin(cmd, message)
    }

    /// Stage `path` with `content` (a new or changed file).
    pub fn stage(&self, path: &str, content: &str) {
        self.write(path, content);
        self.git(&["add", "--", path]);
    }

    /// The provenance note of `rev`, when it has one.
    pub fn note(&self, rev: &str) -> Option<String> {
        let out = self.git_output(&["notes", "--ref", "provenance", "show", rev]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The note of `rev` as exactly one JSON document (panics otherwise).
    pub fn note_json(&self, rev: &str) -> serde_json::Value {
        let note = self
            .note(rev)
            .unwrap_or_else(|| panic!("{rev} has no provenance note"));
        serde_json::from_str(&note)
            .unwrap_or_else(|e| panic!("note of {rev} is not one JSON document ({e}): {note}"))
    }

    /// The raw commit message bytes (`git cat-file`), exactly as stored.
    pub fn raw_message(&self, rev: &str) -> Vec<u8> {
        let out = self.git_output(&["cat-file", "commit", rev]);
        assert!(out.status.success(), "{}", text(&out));
        let body = out.stdout;
        let at = body
            .windows(2)
            .position(|w| w == b"\n\n")
            .expect("commit header end");
        body[at + 2..].to_vec()
    }

    /// The commit id of `rev`.
    pub fn rev(&self, rev: &str) -> String {
        self.git(&["rev-parse", rev]).trim().to_string()
    }

    /// Write an executable script (mode 0755).
    pub fn write_script(&self, path: &Path, body: &str) {
        write_script(path, body);
    }

    /// Path of a file outside the worktree, in the temp dir.
    pub fn outside(&self, name: &str) -> PathBuf {
        self.root.parent().expect("temp dir").join(name)
    }

    /// The hooks dir git uses.
    pub fn hooks_dir(&self) -> PathBuf {
        PathBuf::from(
            self.git(&["rev-parse", "--path-format=absolute", "--git-path", "hooks"])
                .trim(),
        )
    }
}

/// Write an executable script (mode 0755), creating directories.
pub fn write_script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, body).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The trailer values of `key` in `message`, as git parses them.
pub fn trailer_values(repo: &TestRepo, message: &str, key: &str) -> Vec<String> {
    let out = repo.git_parse_trailers(message.as_bytes(), &[]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.to_string())
        .collect()
}

/// sha256 hex of `text`.
pub fn sha(text: &str) -> String {
    provenance_findings::sha256_hex(text.as_bytes())
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

impl TestRepo {
    /// The same environment, run in another directory (a linked worktree); the returned
    /// value does not own a temp dir.
    pub fn at(&self, root: &Path) -> TestRepoView<'_> {
        TestRepoView {
            repo: self,
            root: root.to_path_buf(),
        }
    }
}

/// A [`TestRepo`]'s environment pointed at another worktree.
pub struct TestRepoView<'a> {
    repo: &'a TestRepo,
    root: PathBuf,
}

impl TestRepoView<'_> {
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = self.repo.command(program);
        cmd.current_dir(&self.root);
        cmd
    }

    /// Run git; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.command("git").args(args).output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run `provenance args…`.
    pub fn provenance(&self, args: &[&str]) -> Output {
        self.command(self.repo.bin("provenance"))
            .args(args)
            .output()
            .expect("provenance")
    }

    /// Write and `git add` a file.
    pub fn stage(&self, path: &str, content: &str) {
        std::fs::write(self.root.join(path), content).expect("write");
        self.git(&["add", "--", path]);
    }

    /// The message of `rev`.
    pub fn message(&self, rev: &str) -> String {
        self.git(&["log", "-1", "--format=%B", rev])
    }

    /// The provenance note of `rev`.
    pub fn note(&self, rev: &str) -> Option<String> {
        let out = self
            .command("git")
            .args(["notes", "--ref", "provenance", "show", rev])
            .output()
            .expect("git");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}
