//! The git-operations matrix: every way a commit reaches git, each run two ways.
//!
//! - human-only: the scenario runs in a repository with `provenance install` and in an
//!   identical one without it; every ref must name the same commit (the hooks leave human
//!   commits byte-for-byte alone) and no provenance note may exist.
//! - AI-assisted: the same scenario with a `provenance session` and Claude Code's
//!   environment on every command the agent runs. Each commit the agent made carries one
//!   `Assisted-by`, the session's prompt is claimed by exactly one commit, the trailers form
//!   one block git agrees with, the rest of the message is what the human run wrote, and
//!   the note names the same agent, model and prompt. Commits the scenario lists as human
//!   (replays of human commits, commits made before the session) are exactly the human
//!   run's, with no note.
//!
//! One runner executes every scenario both ways and reports every difference at once,
//! each named `<scenario> / <way>`, the way ripgrep's `SearcherTester` names the
//! configuration that differs.

use crate::support::{agent_env, sha, write_script, TestRepo};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

const AGENT: &str = "claude-code";
const MODEL: &str = "claude-opus-4-6";
const PROMPT: &str = "matrix: make the change";

/// Our trailer keys (lowercase).
const OURS: &[&str] = &["assisted-by", "ai-prompt", "ai-session", "ai-lines"];

/// `<scenario> / <way>` runs that fail today because of known tagging defects. The runner
/// still runs them and prints what differs, and fails when one passes, so a fix forces its
/// removal from this list.
const KNOWN_FAILING: &[&str] = &[];

/// How a scenario is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// No hooks: the reference run.
    Plain,
    /// `provenance install`, no session, no agent environment.
    Installed,
    /// `provenance install`, a session, and the agent's environment for the agent's steps.
    Assisted,
}

impl Way {
    fn name(self) -> &'static str {
        match self {
            Way::Plain => "plain",
            Way::Installed => "human-only",
            Way::Assisted => "ai-assisted",
        }
    }
}

/// One git operation.
struct Scenario {
    name: &'static str,
    /// The steps: `Cx::human` steps set the scene, `Cx::agent` steps are the operation.
    run: fn(&Cx),
    /// Revisions the agent made, checked for tags in the AI-assisted run; the first one is
    /// where the session's prompt belongs.
    tagged: &'static [&'static str],
    /// Revisions that must be exactly the human run's in the AI-assisted run (replayed or
    /// made before the session), with no note.
    human: &'static [&'static str],
}

/// The repository a scenario runs in, and who runs each step.
struct Cx<'a> {
    repo: &'a TestRepo,
    way: Way,
    /// Directories whose git dir has a session started.
    sessions: RefCell<Vec<PathBuf>>,
}

impl Cx<'_> {
    /// A human step: no agent environment, whatever the way.
    fn human(&self, args: &[&str]) -> String {
        self.repo.git(args)
    }

    /// A human step in another directory (a worktree, a submodule, another repository).
    fn human_in(&self, dir: &Path, args: &[&str]) -> String {
        self.repo.at(dir).git(args)
    }

    /// An agent step in the worktree root; panics when git fails.
    fn agent(&self, args: &[&str]) -> String {
        self.agent_with(&self.repo.root, &[], args)
    }

    /// An agent step with extra variables (`GIT_EDITOR`, `GIT_SEQUENCE_EDITOR`).
    fn agent_env(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        self.agent_with(&self.repo.root, env, args)
    }

    /// An agent step in another directory.
    fn agent_in(&self, dir: &Path, args: &[&str]) -> String {
        self.agent_with(dir, &[], args)
    }

    fn agent_with(&self, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
        let out = self.agent_output(dir, env, args);
        assert!(
            out.status.success(),
            "agent: git {args:?}: {}",
            crate::support::text(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// An agent step that may fail (a merge that stops on a conflict).
    fn agent_output(&self, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut cmd = self.repo.command("git");
        cmd.current_dir(dir);
        if self.way == Way::Assisted {
            self.start_session(dir);
            cmd.envs(agent_env(AGENT));
        }
        cmd.envs(env.iter().copied());
        cmd.args(args).output().expect("run git")
    }

    /// An agent step git must refuse (an empty message aborts the commit): panics, with
    /// the commit it made, when git went ahead.
    fn agent_aborts(&self, env: &[(&str, &str)], args: &[&str]) {
        let out = self.agent_output(&self.repo.root, env, args);
        assert!(
            !out.status.success(),
            "git {args:?} made a commit instead of aborting:\n{:?}",
            self.repo.message("HEAD")
        );
    }

    /// A session started and ended with no commit in between (AI-assisted run only).
    fn session_without_commit(&self) {
        if self.way == Way::Assisted {
            self.start_session(&self.repo.root);
            self.end_session();
        }
    }

    fn start_session(&self, dir: &Path) {
        if self.sessions.borrow().iter().any(|d| d == dir) {
            return;
        }
        let out = self
            .repo
            .command(self.repo.bin("provenance"))
            .current_dir(dir)
            .args(["session", "start", "--agent", AGENT, "--model", MODEL])
            .args(["--prompt", PROMPT])
            .output()
            .expect("run provenance");
        crate::support::ok(&out);
        self.sessions.borrow_mut().push(dir.to_path_buf());
    }

    /// `provenance session end` where the session was started (AI-assisted run only).
    fn end_session(&self) {
        for dir in self.sessions.borrow_mut().drain(..) {
            let out = self
                .repo
                .command(self.repo.bin("provenance"))
                .current_dir(&dir)
                .args(["session", "end"])
                .output()
                .expect("run provenance");
            crate::support::ok(&out);
        }
    }

    /// Write a file in the worktree.
    fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        self.repo.write(path, content);
    }

    /// An executable script outside the worktree; returns its path.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.repo.outside(name);
        write_script(&path, body);
        path.to_str().expect("UTF-8 temp path").to_string()
    }

    /// A file outside the worktree; returns its path.
    fn outside_file(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.repo.outside(name);
        std::fs::write(&path, content).expect("write");
        path.to_str().expect("UTF-8 temp path").to_string()
    }

    /// The editor of a user who types a subject and body above what git put in the file.
    fn typing_editor(&self) -> String {
        self.script(
            "typing-editor.sh",
            "#!/bin/sh\n{ printf 'Typed subject\\n\\nTyped body.\\n'; cat \"$1\"; } > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"\n",
        )
    }

    /// An editor that replaces the subject line.
    fn subject_editor(&self, subject: &str) -> String {
        self.script(
            "subject-editor.sh",
            &format!("#!/bin/sh\nsed -i '1s/.*/{subject}/' \"$1\"\n"),
        )
    }

    /// A `GIT_SEQUENCE_EDITOR` running one sed expression on the todo list.
    fn sequence_editor(&self, sed: &str) -> String {
        self.script(
            "sequence-editor.sh",
            &format!("#!/bin/sh\nsed -i -e '{sed}' \"$1\"\n"),
        )
    }

    /// The agent writes, stages and commits `path` with `-m subject`.
    fn agent_commit(&self, path: &str, subject: &str) {
        self.write(path, format!("{subject}\n"));
        self.agent(&["add", "--", path]);
        self.agent(&["commit", "-q", "-m", subject]);
    }

    /// A human commit of `path` with `-m subject`.
    fn human_commit(&self, path: &str, subject: &str) {
        self.write(path, format!("{subject}\n"));
        self.human(&["add", "--", path]);
        self.human(&["commit", "-q", "-m", subject]);
    }

    /// Branch `feature` off `main` with human commits `f1..=n`, back on `main`.
    fn human_feature(&self, n: usize) {
        self.human(&["checkout", "-q", "-b", "feature"]);
        for i in 1..=n {
            self.human_commit(&format!("f{i}.txt"), &format!("feature {i}"));
        }
        self.human(&["checkout", "-q", "main"]);
    }

    /// A commit by the agent through the typing editor, after `setup` config.
    fn editor_commit(&self, git_c: &[&str]) {
        self.write("a.txt", "a\n");
        self.agent(&["add", "a.txt"]);
        let editor = self.typing_editor();
        let mut args: Vec<&str> = git_c.to_vec();
        args.extend(["commit", "-q"]);
        self.agent_env(&[("GIT_EDITOR", &editor)], &args);
    }
}

fn cleanup_mode(cx: &Cx, mode: &str) {
    cx.human(&["config", "commit.cleanup", mode]);
    cx.editor_commit(&[]);
}

const HEAD: &[&str] = &["HEAD"];

static SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "commit -m",
        run: |cx| cx.agent_commit("a.txt", "add a"),
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "commit -F file",
        run: |cx| {
            let msg = cx.outside_file("msg.txt", "Add a\n\nLonger body.\n");
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent(&["commit", "-q", "-F", &msg]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit with editor",
        run: |cx| cx.editor_commit(&[]),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit.template with editor",
        run: |cx| {
            let tmpl = cx.outside_file("template.txt", "\nWhy:\n\n# say why\n");
            cx.human(&["config", "commit.template", &tmpl]);
            cx.editor_commit(&[]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "amend --no-edit",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.write("a.txt", "a2\n");
            cx.agent(&["commit", "-q", "-a", "--amend", "--no-edit"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "amend -m",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent(&["commit", "-q", "--amend", "-m", "new subject"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "amend with editor",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            let editor = cx.subject_editor("Amended subject");
            cx.agent_env(&[("GIT_EDITOR", &editor)], &["commit", "-q", "--amend"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "amend --reset-author",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent(&["commit", "-q", "--amend", "--reset-author", "--no-edit"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "amend -C HEAD",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent(&["commit", "-q", "--amend", "-C", "HEAD"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "rebase -i reword",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent_commit("b.txt", "add b");
            let seq = cx.sequence_editor("1s/^pick/reword/");
            let editor = cx.subject_editor("Reworded subject");
            cx.agent_env(
                &[("GIT_SEQUENCE_EDITOR", &seq), ("GIT_EDITOR", &editor)],
                &["rebase", "-q", "-i", "HEAD~2"],
            );
        },
        tagged: &["HEAD~1", "HEAD"],
        human: &["HEAD~2"],
    },
    Scenario {
        name: "rebase -i squash",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent_commit("b.txt", "add b");
            let seq = cx.sequence_editor("2s/^pick/squash/");
            cx.agent_env(
                &[("GIT_SEQUENCE_EDITOR", &seq)],
                &["rebase", "-q", "-i", "HEAD~2"],
            );
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "rebase -i fixup",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.agent_commit("b.txt", "add b");
            let seq = cx.sequence_editor("2s/^pick/fixup/");
            cx.agent_env(
                &[("GIT_SEQUENCE_EDITOR", &seq)],
                &["rebase", "-q", "-i", "HEAD~2"],
            );
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "rebase -i edit",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            let seq = cx.sequence_editor("1s/^pick/edit/");
            cx.agent_env(
                &[("GIT_SEQUENCE_EDITOR", &seq)],
                &["rebase", "-q", "-i", "HEAD~1"],
            );
            cx.write("a.txt", "edited during the rebase\n");
            cx.agent(&["commit", "-q", "-a", "--amend", "--no-edit"]);
            cx.agent(&["rebase", "--continue"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "rebase --onto (human commits)",
        run: |cx| {
            cx.human(&["checkout", "-q", "-b", "side"]);
            cx.human_commit("s.txt", "side");
            cx.human(&["checkout", "-q", "main"]);
            cx.human_feature(2);
            cx.agent(&["rebase", "-q", "--onto", "side", "main", "feature"]);
        },
        tagged: &[],
        human: &["HEAD", "HEAD~1"],
    },
    Scenario {
        name: "cherry-pick (human commit)",
        run: |cx| {
            cx.human_feature(1);
            cx.human_commit("m.txt", "main work");
            cx.agent(&["cherry-pick", "feature"]);
        },
        tagged: &[],
        human: &["HEAD"],
    },
    Scenario {
        name: "cherry-pick -x (human commit)",
        run: |cx| {
            cx.human_feature(1);
            cx.human_commit("m.txt", "main work");
            cx.agent(&["cherry-pick", "-x", "feature"]);
        },
        tagged: &[],
        human: &["HEAD"],
    },
    Scenario {
        name: "revert (human commit)",
        run: |cx| {
            cx.human_commit("a.txt", "add a");
            cx.agent(&["revert", "--no-edit", "HEAD"]);
        },
        tagged: &[],
        human: &["HEAD"],
    },
    Scenario {
        name: "merge fast-forward",
        run: |cx| {
            cx.human_feature(1);
            cx.agent(&["merge", "-q", "--ff-only", "feature"]);
        },
        tagged: &[],
        human: &["HEAD"],
    },
    Scenario {
        name: "merge --no-ff",
        run: |cx| {
            cx.human_feature(1);
            cx.human_commit("m.txt", "main work");
            cx.agent(&["merge", "-q", "--no-ff", "--no-edit", "feature"]);
        },
        tagged: HEAD,
        human: &["HEAD^1", "HEAD^2"],
    },
    Scenario {
        name: "merge with a conflict resolved, then commit",
        run: |cx| {
            cx.human_commit("c.txt", "base");
            cx.human(&["checkout", "-q", "-b", "feature"]);
            cx.human_commit("c.txt", "feature");
            cx.human(&["checkout", "-q", "main"]);
            cx.human_commit("c.txt", "main");
            let out = cx.agent_output(&cx.repo.root, &[], &["merge", "-q", "feature"]);
            assert!(!out.status.success(), "the merge did not conflict");
            cx.write("c.txt", "resolved\n");
            cx.agent(&["add", "c.txt"]);
            cx.agent(&["commit", "-q", "--no-edit"]);
        },
        tagged: HEAD,
        human: &["HEAD^1", "HEAD^2"],
    },
    Scenario {
        name: "merge --squash, then commit",
        run: |cx| {
            cx.human_feature(2);
            cx.agent(&["merge", "-q", "--squash", "feature"]);
            cx.agent(&["commit", "-q", "--no-edit"]);
        },
        tagged: HEAD,
        human: &["HEAD~1", "feature"],
    },
    Scenario {
        name: "merge --squash of AI commits, then commit -m",
        run: |cx| {
            cx.agent(&["checkout", "-q", "-b", "feature"]);
            cx.agent_commit("f1.txt", "feature 1");
            cx.agent_commit("f2.txt", "feature 2");
            cx.agent(&["checkout", "-q", "main"]);
            cx.agent(&["merge", "-q", "--squash", "feature"]);
            cx.agent(&["commit", "-q", "-m", "squashed feature"]);
        },
        tagged: &["feature~1", "feature", "HEAD"],
        human: &["HEAD~1"],
    },
    Scenario {
        name: "commit -C <rev>",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.write("b.txt", "b\n");
            cx.agent(&["add", "b.txt"]);
            cx.agent(&["commit", "-q", "-C", "HEAD"]);
        },
        tagged: &["HEAD~1", "HEAD"],
        human: &["HEAD~2"],
    },
    Scenario {
        name: "commit -c <rev>",
        run: |cx| {
            cx.agent_commit("a.txt", "add a");
            cx.write("b.txt", "b\n");
            cx.agent(&["add", "b.txt"]);
            cx.agent(&["commit", "-q", "-c", "HEAD"]);
        },
        tagged: &["HEAD~1", "HEAD"],
        human: &["HEAD~2"],
    },
    Scenario {
        name: "commit <path>",
        run: |cx| {
            cx.write("base.txt", "changed\n");
            cx.write("b.txt", "b\n");
            cx.agent(&["add", "b.txt"]);
            cx.agent(&["commit", "-q", "-m", "only base", "base.txt"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "commit -o <path>",
        run: |cx| {
            cx.write("base.txt", "changed\n");
            cx.write("b.txt", "b\n");
            cx.agent(&["add", "b.txt"]);
            cx.agent(&["commit", "-q", "-o", "-m", "only base", "base.txt"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit -i <path>",
        run: |cx| {
            cx.write("base.txt", "changed\n");
            cx.write("b.txt", "b\n");
            cx.agent(&["add", "b.txt"]);
            cx.agent(&["commit", "-q", "-i", "-m", "base and b", "base.txt"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "stash, pop, then commit",
        run: |cx| {
            cx.write("base.txt", "changed\n");
            cx.agent(&["stash", "-q"]);
            cx.agent(&["stash", "pop", "-q"]);
            cx.agent(&["commit", "-q", "-a", "-m", "after the stash"]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "linked worktree commit",
        run: |cx| {
            let wt = cx.repo.outside("wt");
            let wt_str = wt.to_str().expect("UTF-8 temp path");
            cx.human(&["worktree", "add", "-q", "-b", "wt", wt_str]);
            std::fs::write(wt.join("w.txt"), "w\n").expect("write");
            cx.agent_in(&wt, &["add", "w.txt"]);
            cx.agent_in(&wt, &["commit", "-q", "-m", "in the worktree"]);
        },
        tagged: &["wt"],
        human: &["main"],
    },
    Scenario {
        name: "submodule update committed in the superproject",
        run: |cx| {
            let origin = cx.repo.outside("sub-origin");
            let origin_str = origin.to_str().expect("UTF-8 temp path");
            cx.human(&["init", "-q", "-b", "main", origin_str]);
            cx.human_in(&origin, &["commit", "-q", "--allow-empty", "-m", "sub one"]);
            cx.human(&[
                "-c",
                "protocol.file.allow=always",
                "submodule",
                "add",
                "-q",
                "../sub-origin",
                "sub",
            ]);
            cx.human(&["commit", "-q", "-m", "add sub"]);
            let sub = cx.repo.path("sub");
            cx.human_in(&sub, &["commit", "-q", "--allow-empty", "-m", "sub two"]);
            cx.agent(&["add", "sub"]);
            cx.agent(&["commit", "-q", "-m", "bump sub"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "sparse checkout commit",
        run: |cx| {
            cx.write("in/x.txt", "x\n");
            cx.write("out/y.txt", "y\n");
            cx.human(&["add", "in", "out"]);
            cx.human(&["commit", "-q", "-m", "two dirs"]);
            cx.human(&["sparse-checkout", "set", "in"]);
            cx.write("in/x.txt", "x2\n");
            cx.agent(&["commit", "-q", "-a", "-m", "change in"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "detached HEAD commit",
        run: |cx| {
            cx.human(&["checkout", "-q", "--detach"]);
            cx.agent_commit("a.txt", "detached work");
        },
        tagged: HEAD,
        human: &["main"],
    },
    Scenario {
        name: "unborn branch (first commit)",
        run: |cx| {
            cx.human(&["checkout", "-q", "--orphan", "fresh"]);
            cx.agent_commit("a.txt", "first on fresh");
        },
        tagged: HEAD,
        human: &["main"],
    },
    Scenario {
        name: "commit.cleanup=strip with editor",
        run: |cx| cleanup_mode(cx, "strip"),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit.cleanup=whitespace with editor",
        run: |cx| cleanup_mode(cx, "whitespace"),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit.cleanup=verbatim with editor",
        run: |cx| cleanup_mode(cx, "verbatim"),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit.cleanup=scissors with editor",
        run: |cx| cleanup_mode(cx, "scissors"),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "commit.cleanup=default with editor",
        run: |cx| cleanup_mode(cx, "default"),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "git -c core.commentChar=; with editor",
        run: |cx| cx.editor_commit(&["-c", "core.commentChar=;"]),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "git -c commit.template=… with editor",
        run: |cx| {
            let tmpl = cx.outside_file("template.txt", "\nWhy:\n\n# say why\n");
            let opt = format!("commit.template={tmpl}");
            cx.editor_commit(&["-c", &opt]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "empty editor aborts",
        run: |cx| {
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent_aborts(&[], &["commit", "-q"]);
        },
        tagged: &[],
        human: HEAD,
    },
    Scenario {
        name: "git -c core.commentChar=; empty editor aborts",
        run: |cx| {
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent_aborts(&[], &["-c", "core.commentChar=;", "commit", "-q"]);
        },
        tagged: &[],
        human: HEAD,
    },
    Scenario {
        name: "commit.template left unedited aborts",
        run: |cx| {
            let tmpl = cx.outside_file("template.txt", "Subject\n\nWhy:\n");
            cx.human(&["config", "commit.template", &tmpl]);
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent_aborts(&[], &["commit", "-q"]);
        },
        tagged: &[],
        human: HEAD,
    },
    Scenario {
        name: "git -c commit.template=… left unedited aborts",
        run: |cx| {
            let tmpl = cx.outside_file("template.txt", "Subject\n\nWhy:\n");
            let opt = format!("commit.template={tmpl}");
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent_aborts(&[], &["-c", &opt, "commit", "-q"]);
        },
        tagged: &[],
        human: HEAD,
    },
    Scenario {
        name: "non-UTF-8 message (ISO-8859-1)",
        run: |cx| {
            cx.human(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
            let msg = cx.outside_file("latin1.txt", b"Caf\xe9 cr\xe8me\n\nFa\xe7ade.\n");
            cx.write("a.txt", "a\n");
            cx.agent(&["add", "a.txt"]);
            cx.agent(&["commit", "-q", "-F", &msg]);
        },
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "session started and ended with no commit, then a human commit",
        run: |cx| {
            cx.session_without_commit();
            cx.human_commit("h.txt", "human work");
        },
        tagged: &[],
        human: HEAD,
    },
    Scenario {
        name: "session end, then a human amend -m",
        run: |cx| {
            cx.agent_commit("a.txt", "ai work");
            cx.end_session();
            cx.human(&["commit", "-q", "--amend", "-m", "reworded by hand"]);
        },
        tagged: HEAD,
        human: &["HEAD~1"],
    },
    Scenario {
        name: "session end, then a human merge --squash of AI commits",
        run: |cx| {
            cx.agent(&["checkout", "-q", "-b", "feature"]);
            cx.agent_commit("f1.txt", "feature 1");
            cx.agent_commit("f2.txt", "feature 2");
            cx.end_session();
            cx.human(&["checkout", "-q", "main"]);
            cx.human(&["merge", "-q", "--squash", "feature"]);
            cx.human(&["commit", "-q", "-m", "squashed feature"]);
        },
        tagged: &["feature~1", "feature", "HEAD"],
        human: &["HEAD~1"],
    },
    Scenario {
        name: "git -c core.commentChar=auto with editor",
        run: |cx| cx.editor_commit(&["-c", "core.commentChar=auto"]),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "git -c commit.cleanup=verbatim with editor",
        run: |cx| cx.editor_commit(&["-c", "commit.cleanup=verbatim"]),
        tagged: HEAD,
        human: &[],
    },
    Scenario {
        name: "session end, then a human commit",
        run: |cx| {
            cx.agent_commit("a.txt", "ai work");
            cx.end_session();
            cx.human_commit("h.txt", "human work");
        },
        tagged: &["HEAD~1"],
        human: &["HEAD"],
    },
];

/// A finished run of one scenario one way, with the panic of the step that failed.
struct Run {
    repo: TestRepo,
    error: Option<String>,
}

fn run_way(scenario: &Scenario, way: Way) -> Run {
    let repo = TestRepo::with_base();
    if way != Way::Plain {
        crate::support::ok(&repo.provenance(&["install"]));
    }
    let error = {
        let cx = Cx {
            repo: &repo,
            way,
            sessions: RefCell::new(Vec::new()),
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (scenario.run)(&cx)))
            .err()
            .map(|e| panic_text(&*e))
    };
    Run { repo, error }
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panicked".to_string())
}

/// Every ref (but notes) and `HEAD`, with the commit each names.
fn refs(repo: &TestRepo) -> BTreeMap<String, String> {
    let mut refs: BTreeMap<String, String> = repo
        .git(&["for-each-ref", "--format=%(refname) %(objectname)"])
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(name, _)| !name.starts_with("refs/notes/"))
        .map(|(n, id)| (n.to_string(), id.to_string()))
        .collect();
    refs.insert("HEAD".to_string(), repo.rev("HEAD"));
    refs
}

fn provenance_notes(repo: &TestRepo) -> Vec<String> {
    let out = repo.git_output(&["notes", "--ref", "provenance", "list"]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The human-only check: same commits with and without the hooks, no notes.
fn check_human_only(plain: &TestRepo, installed: &TestRepo) -> Vec<String> {
    let mut problems = Vec::new();
    let (want, got) = (refs(plain), refs(installed));
    if want != got {
        for (name, id) in &want {
            match got.get(name) {
                Some(g) if g == id => {}
                Some(g) => problems.push(format!(
                    "{name} is {g} with the hooks, {id} without; message with the hooks:\n{:?}\nwithout:\n{:?}",
                    message(installed, g),
                    message(plain, id)
                )),
                None => problems.push(format!("{name} missing with the hooks")),
            }
        }
        for name in got.keys().filter(|n| !want.contains_key(*n)) {
            problems.push(format!("{name} exists only with the hooks"));
        }
    }
    let notes = provenance_notes(installed);
    if !notes.is_empty() {
        problems.push(format!("provenance notes on human commits: {notes:?}"));
    }
    problems
}

/// A commit's message, raw bytes as text.
fn message(repo: &TestRepo, rev: &str) -> String {
    String::from_utf8_lossy(&repo.raw_message(rev)).into_owned()
}

/// A commit object without its parent lines: what makes it "the same commit" as the
/// human run's apart from where it sits.
fn commit_sans_parents(repo: &TestRepo, rev: &str) -> String {
    let out = repo.git_output(&["cat-file", "commit", rev]);
    String::from_utf8_lossy(&out.stdout)
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("parent "))
        .collect()
}

fn key_of(line: &str) -> Option<String> {
    let (key, _) = line.split_once(':')?;
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_ascii_lowercase())
}

fn is_ours(line: &str) -> bool {
    key_of(line).is_some_and(|k| OURS.contains(&k.as_str()))
}

/// The message without our trailer lines, runs of blank lines as one, no trailing blanks.
fn without_ours(msg: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in msg.lines().filter(|l| !is_ours(l)) {
        if line.trim().is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Paragraphs of the message before git's ignored tail (trailing comments and blanks).
fn paragraphs(msg: &str) -> Vec<Vec<&str>> {
    let mut lines: Vec<&str> = msg.lines().collect();
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.starts_with('#') || l.starts_with(';'))
    {
        lines.pop();
    }
    lines
        .split(|l| l.trim().is_empty())
        .filter(|p| !p.is_empty())
        .map(<[&str]>::to_vec)
        .collect()
}

/// Values of `key` as `git interpret-trailers --parse` reads the message.
fn parsed(repo: &TestRepo, raw: &[u8], key: &str) -> Vec<String> {
    let out = repo.git_parse_trailers(raw, &[]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.to_string())
        .collect()
}

/// The AI-assisted check of one scenario against the plain run.
fn check_assisted(scenario: &Scenario, plain: &TestRepo, ai: &TestRepo) -> Vec<String> {
    let mut problems = Vec::new();
    let prompt = format!("sha256:{}", sha(PROMPT));
    let assisted = format!("{AGENT}:{MODEL}");

    for rev in scenario.tagged {
        let raw = ai.raw_message(rev);
        let msg = String::from_utf8_lossy(&raw).into_owned();
        let mut bad = |what: String| problems.push(format!("{rev}: {what}; message:\n{msg:?}"));
        let lines = msg
            .lines()
            .filter(|l| key_of(l).as_deref() == Some("assisted-by"))
            .count();
        let git_assisted = parsed(ai, &raw, "Assisted-by");
        if lines != 1 || git_assisted != [assisted.as_str()] {
            bad(format!(
                "want one `Assisted-by: {assisted}`, found {lines} line(s), git parses {git_assisted:?}"
            ));
        }
        let git_prompts = parsed(ai, &raw, "AI-Prompt");
        let claims = git_prompts.iter().filter(|p| **p == prompt).count();
        let owner = *rev == scenario.tagged[0];
        if claims != usize::from(owner) {
            bad(format!(
                "the prompt is claimed {claims} time(s) here (want {}); git parses AI-Prompt {git_prompts:?}",
                usize::from(owner)
            ));
        }
        let paras = paragraphs(&msg);
        let scattered = paras
            .iter()
            .take(paras.len().saturating_sub(1))
            .any(|p| p.iter().any(|l| is_ours(l)));
        let in_last = paras.last().is_some_and(|p| p.iter().any(|l| is_ours(l)));
        if scattered || !in_last {
            bad("our trailers are not one block at the end".to_string());
        }
        let human = message(plain, rev);
        if without_ours(&msg) != without_ours(&human) {
            bad(format!(
                "the message beside our trailers differs from the human run's:\n{human:?}"
            ));
        }
        match ai.note(rev) {
            None => bad("no provenance note".to_string()),
            Some(note) => match serde_json::from_str::<serde_json::Value>(&note) {
                Err(e) => bad(format!("the note is not one JSON document ({e}): {note}")),
                Ok(note) => {
                    if note["agent"] != AGENT || note["model"] != MODEL {
                        bad(format!(
                            "the note names {} / {}",
                            note["agent"], note["model"]
                        ));
                    }
                    let texts: Vec<&str> = note["prompts"]
                        .as_array()
                        .map(|ps| ps.iter().filter_map(|p| p["text"].as_str()).collect())
                        .unwrap_or_default();
                    if owner && !texts.contains(&PROMPT) {
                        bad(format!("the note's prompts are {texts:?}"));
                    }
                }
            },
        }
    }

    // Each prompt is claimed by exactly one commit in the whole history.
    // Branches, tags and HEAD: not the notes history, not stash entries.
    let all = ai.git(&["rev-list", "--branches", "--tags", "HEAD"]);
    let claimed: Vec<&str> = all
        .lines()
        .filter(|id| parsed(ai, &ai.raw_message(id), "AI-Prompt").contains(&prompt))
        .collect();
    let want = usize::from(!scenario.tagged.is_empty());
    if claimed.len() != want {
        problems.push(format!(
            "the prompt is claimed by {} commit(s), want {want}: {claimed:?}",
            claimed.len()
        ));
    }

    for rev in scenario.human {
        let (want, got) = (
            commit_sans_parents(plain, rev),
            commit_sans_parents(ai, rev),
        );
        if want != got {
            problems.push(format!(
                "{rev} should be the human run's commit:\n{got:?}\nwant:\n{want:?}"
            ));
        }
        if ai.note(rev).is_some() {
            problems.push(format!("{rev} is human and has a provenance note"));
        }
    }
    problems
}

/// Run one scenario every way; `(name, problems)` per checked way.
fn run_scenario(scenario: &Scenario) -> Vec<(String, Vec<String>)> {
    let plain = run_way(scenario, Way::Plain);
    let mut results = Vec::new();
    for way in [Way::Installed, Way::Assisted] {
        let name = format!("{} / {}", scenario.name, way.name());
        let run = run_way(scenario, way);
        let problems = if let Some(e) = &plain.error {
            vec![format!("the plain run failed: {e}")]
        } else if let Some(e) = &run.error {
            vec![format!("a step failed: {e}")]
        } else if way == Way::Installed {
            check_human_only(&plain.repo, &run.repo)
        } else {
            check_assisted(scenario, &plain.repo, &run.repo)
        };
        results.push((name, problems));
    }
    results
}

#[test]
fn every_git_operation_two_ways() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(scenario) = SCENARIOS.get(i) else {
                    break;
                };
                let r = run_scenario(scenario);
                results.lock().expect("results").extend(r);
            });
        }
    });
    let mut results = results.into_inner().expect("results");
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let mut failures = Vec::new();
    for (name, problems) in &results {
        let known = KNOWN_FAILING.contains(&name.as_str());
        match (known, problems.is_empty()) {
            (false, true) => {}
            (false, false) => failures.push(format!("{name}:\n  {}", problems.join("\n  "))),
            (true, false) => eprintln!("known failing: {name}:\n  {}", problems.join("\n  ")),
            (true, true) => {
                failures.push(format!("{name} passes now: remove it from KNOWN_FAILING"))
            }
        }
    }
    for known in KNOWN_FAILING {
        if !results.iter().any(|(n, _)| n == known) {
            failures.push(format!("KNOWN_FAILING names no scenario: {known}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs differ:\n\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}

/// The checks themselves: a correctly tagged commit passes, and each defect the matrix
/// is there to catch is reported.
#[test]
fn matrix_checks_catch_what_they_claim() {
    let plain = TestRepo::with_base();
    plain.stage("a.txt", "a\n");
    plain.git(&["commit", "-q", "-m", "Subject\n\nBody."]);
    let prompt = format!("sha256:{}", sha(PROMPT));
    let note = serde_json::json!({
        "agent": AGENT, "model": MODEL, "prompts": [{"sha256": sha(PROMPT), "text": PROMPT}],
    })
    .to_string();
    let scenario = Scenario {
        name: "self-check",
        run: |_| {},
        tagged: HEAD,
        human: &["HEAD~1"],
    };
    let ai_with = |message: &str, with_note: bool| {
        let ai = TestRepo::with_base();
        ai.stage("a.txt", "a\n");
        ai.git(&["commit", "-q", "--cleanup=verbatim", "-m", message]);
        if with_note {
            ai.git(&["notes", "--ref", "provenance", "add", "-m", &note]);
        }
        check_assisted(&scenario, &plain, &ai)
    };
    let good = format!("Subject\n\nBody.\n\nAssisted-by: {AGENT}:{MODEL}\nAI-Prompt: {prompt}\n");
    assert_eq!(ai_with(&good, true), Vec::<String>::new());
    let cases = [
        (
            format!("Subject\n\nAssisted-by: {AGENT}:{MODEL}\n\nBody.\n\nAI-Prompt: {prompt}\n"),
            true,
            "not one block",
        ),
        (
            format!(
                "Subject\n\nBody changed.\n\nAssisted-by: {AGENT}:{MODEL}\nAI-Prompt: {prompt}\n"
            ),
            true,
            "differs from the human run",
        ),
        (
            format!("Subject\n\nBody.\n\nAssisted-by: {AGENT}:{MODEL}\n"),
            true,
            "claimed 0 time(s) here",
        ),
        (
            format!("Subject\n\nBody.\n\nAssisted-by: {AGENT}\nAI-Prompt: {prompt}\n"),
            true,
            "want one `Assisted-by",
        ),
        (good.clone(), false, "no provenance note"),
    ];
    for (message, with_note, want) in cases {
        let problems = ai_with(&message, with_note);
        assert!(
            problems.iter().any(|p| p.contains(want)),
            "{want:?} not reported for {message:?}: {problems:?}"
        );
    }
}

#[test]
fn human_only_check_reports_a_changed_commit_and_a_note() {
    let commit = |message: &str| {
        let repo = TestRepo::with_base();
        repo.stage("a.txt", "a\n");
        repo.git(&["commit", "-q", "-m", message]);
        repo
    };
    let plain = commit("work");
    assert_eq!(
        check_human_only(&plain, &commit("work")),
        Vec::<String>::new()
    );
    let changed = check_human_only(&plain, &commit("work\n\nAssisted-by: x"));
    assert!(
        changed.iter().any(|p| p.starts_with("HEAD is ")),
        "{changed:?}"
    );
    let noted = commit("work");
    noted.git(&["notes", "--ref", "provenance", "add", "-m", "{}"]);
    let problems = check_human_only(&plain, &noted);
    assert!(
        problems.iter().any(|p| p.contains("provenance notes")),
        "{problems:?}"
    );
}
