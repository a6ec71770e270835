//! Command-line arguments: one `Args` struct per command; help text comes from doc comments
//! and becomes docs/cli.md.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Git hooks and commit provenance for teams that write code with AI agents.
///
/// Tags AI-assisted commits (Assisted-by, AI-Prompt, AI-Session trailers and a git note),
/// and blocks commits that carry secrets or hallucinated imports.
/// Exit codes: 0 clean, 1 blocked by a finding or policy, 2 usage or config error,
/// 3 internal or repository error.
#[derive(Debug, Parser)]
#[command(name = "provenance", version = VERSION, max_term_width = 100)]
pub struct Cli {
    /// Run as if started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Use this config file instead of the repository's .provenance.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to color diagnostics: auto = on a terminal, unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more detail on stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `provenance --version`: the package version and the commit (and its date) it was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PROVENANCE_BUILD_COMMIT"),
    ")"
);

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Color {
    /// Color on a terminal.
    #[default]
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install provenance's git hooks in this repository, keeping existing hooks.
    ///
    /// What it changes: writes the hook scripts pre-commit, prepare-commit-msg, commit-msg,
    /// post-commit, post-merge, post-rewrite and pre-push into the hooks directory git uses
    /// (`git rev-parse --git-path hooks`: .git/hooks, or core.hooksPath); renames a hook
    /// that was already there to <hook>.local, which runs first; and adds
    /// `notes.rewriteRef = refs/notes/provenanc[e]` to the repository's config so amend and
    /// rebase carry the notes. With --global: the same scripts in
    /// $XDG_CONFIG_HOME/provenance/hooks, set as the global core.hooksPath (the previous
    /// value is kept and its hooks still run). A tracked core.hooksPath is left alone
    /// unless --force. `provenance uninstall` undoes exactly this.
    Install(InstallArgs),
    /// Remove provenance's hooks and restore what was there before, byte for byte.
    Uninstall(UninstallArgs),
    /// Record an explicit AI session for agents with no hook integration.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Work with commit-message trailers exactly as git does.
    #[command(subcommand)]
    Trailers(TrailersCommand),
    /// Run all gates on staged changes or a range (what pre-commit and pre-push run).
    Check(CheckArgs),
    /// Run gates on demand: staged changes, a range, the whole history, or files.
    Scan(ScanArgs),
    /// Accept current findings: write them to the baseline file by fingerprint.
    Baseline(BaselineArgs),
    /// Show AI-assisted history (and filter it like git log).
    Log(LogArgs),
    /// Who wrote how much, per model, agent, author, month or path: commits, added lines by
    /// origin (ai, edited, human, unknown), modification ratio and survival of AI lines.
    ///
    /// The modification ratio is edited / (ai + edited): how much of what the AI wrote a
    /// human changed before committing. Survival: of the AI lines added in the range (those
    /// a note records by line), how many are still in the range's tip, from `git blame`.
    /// Commits with no line record (no AI-Lines trailer, no note) count as `unknown`.
    Stats(StatsArgs),
    /// An audit trail of a range, per commit: agent, model, prompt digests and line
    /// ranges; approvals (Reviewed-by, Acked-by, Approved-by, Tested-by), signatures and who
    /// merged; the gate results the notes recorded and the gates skipped.
    ///
    /// `json` (schema in docs/report.schema.json), `csv` (one row per commit), `sarif` (the
    /// recorded gate findings), `agent-trace` (one Agent Trace 0.1.0 record per noted
    /// commit), `html` (one self-contained page with charts, offline).
    Report(ReportArgs),
    /// Snapshot files an AI (or a human) just changed, for line attribution at commit.
    ///
    /// The generic protocol for tools with no built-in integration: call it after each AI
    /// edit (`--kind ai`, the default) and, when you can, before it (`--kind human`), so
    /// changes a human made in between stay the human's. With no PATHS, every file that
    /// differs from the index. `--stdin` reads a JSON payload instead: {"agent", "model",
    /// "session", "kind": "ai"|"human", "files": [{"path", "content"}], "prompt"}.
    Checkpoint(CheckpointArgs),
    /// Per line of a file: AI, edited or human, with agent, model and commit.
    ///
    /// Built on `git blame` line history plus the notes: a line keeps the origin the
    /// commit that introduced it recorded, however later commits moved it.
    Blame(BlameArgs),
    /// Write, remove or show an AI agent's own hook configuration, so the agent records
    /// prompts, model and edits itself.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Work with provenance notes: carry them onto commits a platform rewrote.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// CI and server backstop: every gate and policy on commits that may have skipped the
    /// hooks (`--no-verify`), and trailers checked against notes.
    ///
    /// `--range A..B` in CI (exit 1 on any block); `--pre-receive` as a server's pre-receive
    /// hook (reads git's `<old> <new> <ref>` lines on stdin).
    Verify(VerifyArgs),
    /// The offline advisory database of the SCA gate.
    #[command(subcommand)]
    Sca(ScaCommand),
    /// The offline registry name index the imports gate tells real packages from invented
    /// ones with.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Say which hooks run in this repository, from which install, and what is broken.
    ///
    /// Exit 0 when everything is in place, 1 when something is broken (each problem is
    /// printed with the command that fixes it).
    Doctor(DoctorArgs),
    /// Work with the configuration files.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    ///
    /// bash: `provenance completions bash > ~/.local/share/bash-completion/completions/provenance`;
    /// zsh: into a directory on $fpath as `_provenance`; fish:
    /// `provenance completions fish > ~/.config/fish/completions/provenance.fish`.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout: `provenance man > provenance.1`.
    Man,
    /// Run a git hook (used by the installed hook scripts).
    #[command(hide = true)]
    Hook(HookArgs),
    /// Print docs/cli.md (the reference generated from --help).
    #[command(hide = true, name = "docs-cli")]
    DocsCli,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Install machine-wide: one hooks directory set as the global core.hooksPath; each
    /// repository's own .git/hooks still run.
    #[arg(long)]
    pub global: bool,
    /// Replace a hook that cannot be chained (e.g. a leftover <hook>.local) instead of stopping.
    #[arg(long)]
    pub force: bool,
}

/// `uninstall`.
#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// Undo `install --global`: restore the previous global core.hooksPath.
    #[arg(long)]
    pub global: bool,
}

/// `session …`.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Start a session: commits from now on are tagged with this agent and model.
    ///
    /// A session belongs to the worktree it was started in: commits in other linked
    /// worktrees of the repository are not tagged by it (each worktree is its own line of
    /// work). `--all-worktrees` starts one that tags commits in every worktree. Starting
    /// while a session is active is refused; `--replace` ends it first.
    Start(SessionStartArgs),
    /// Record another prompt in the active session.
    Prompt(SessionPromptArgs),
    /// Show the active session and the prompts the next commit will carry.
    Status(SessionStatusArgs),
    /// End the active session.
    End,
}

/// `session start`.
#[derive(Debug, Args)]
pub struct SessionStartArgs {
    /// Agent id (claude-code, codex, cursor, copilot, gemini-cli, aider, amp, …).
    #[arg(long)]
    pub agent: String,
    /// Model, e.g. claude-opus-4-6 or "Claude Opus 4.6" (normalized).
    #[arg(long)]
    pub model: Option<String>,
    /// The prompt given to the agent.
    #[arg(long, conflicts_with = "prompt_file")]
    pub prompt: Option<String>,
    /// Read the prompt from a file (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub prompt_file: Option<PathBuf>,
    /// Accept an agent name provenance does not know (lowercase letters, digits, . _ -).
    #[arg(long)]
    pub allow_unknown_agent: bool,
    /// End the active session (if any) and start this one, instead of refusing.
    #[arg(long)]
    pub replace: bool,
    /// Tag commits in every worktree of the repository, not only this one (the session is
    /// kept in the repository's common git dir).
    #[arg(long)]
    pub all_worktrees: bool,
}

/// `session status`.
#[derive(Debug, Args)]
pub struct SessionStatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: SessionFormat,
    /// The same as `--format json` (the spelling before `--format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

/// Output formats for `session status`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum SessionFormat {
    /// Human-readable.
    #[default]
    Text,
    /// One JSON document with a `version` field.
    Json,
}

/// `session prompt`.
#[derive(Debug, Args)]
pub struct SessionPromptArgs {
    /// The prompt text (omit and use --prompt-file to read a file).
    #[arg(required_unless_present = "prompt_file")]
    pub text: Option<String>,
    /// Read the prompt from a file (- for stdin).
    #[arg(long, value_name = "FILE")]
    pub prompt_file: Option<PathBuf>,
}

/// `trailers …`.
#[derive(Debug, Subcommand)]
pub enum TrailersCommand {
    /// Print a message's trailers as `Key: value` lines, exactly like
    /// `git interpret-trailers --parse`.
    Parse(TrailersParseArgs),
}

/// `trailers parse`.
#[derive(Debug, Args)]
pub struct TrailersParseArgs {
    /// Message file (default: stdin).
    pub file: Option<PathBuf>,
    /// Do not treat `---` as the end of the message (like git's --no-divider).
    #[arg(long)]
    pub no_divider: bool,
}

/// Output formats for findings.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum FindingsFormat {
    /// Human-readable.
    #[default]
    Text,
    /// One JSON document with a `version` field.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// SARIF 2.1.0.
    Sarif,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check staged changes (the default).
    #[arg(long, conflicts_with_all = ["range", "all"])]
    pub staged: bool,
    /// Check the commits in A..B.
    #[arg(long, value_name = "A..B", conflicts_with = "all")]
    pub range: Option<String>,
    /// Check every tracked file (its worktree content).
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FindingsFormat,
}

/// `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Scan staged changes (added lines of the index content).
    #[arg(long, conflicts_with_all = ["range", "history"])]
    pub staged: bool,
    /// Scan what the commits in A..B added.
    #[arg(long, value_name = "A..B", conflicts_with = "history")]
    pub range: Option<String>,
    /// Scan every blob ever committed on HEAD, branches, remote-tracking branches and tags,
    /// each once.
    #[arg(long)]
    pub history: bool,
    /// Gates to run, comma-separated (secrets, imports). Default: both for staged changes and
    /// paths; secrets only for --history and --range.
    #[arg(long, value_delimiter = ',')]
    pub gate: Option<Vec<String>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FindingsFormat,
    /// Files or directories to scan (honours .gitignore).
    pub paths: Vec<PathBuf>,
}

/// `baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Add every current finding of the working tree to the baseline
    /// (.provenance-baseline); without it, list what the baseline holds.
    #[arg(long)]
    pub update: bool,
    /// Import a .gitleaksignore or gitleaks JSON report into the baseline.
    #[arg(long, value_name = "FILE")]
    pub import_gitleaks: Option<PathBuf>,
}

/// Output formats for `log`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Aligned columns.
    #[default]
    Table,
    /// Short id, `agent:model` of an AI-assisted commit, subject.
    Oneline,
    /// One JSON document with a `version` field.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
    /// A template with placeholders (`--format '%h %(model) %s'`); `tformat:` (a newline
    /// after each commit) unless written `format:` (a newline between commits).
    Template {
        /// The template, without its `format:`/`tformat:` prefix.
        template: String,
        /// `tformat:` (a terminator after each commit) rather than `format:` (a separator).
        terminator: bool,
    },
}

impl LogFormat {
    /// Parse `--format`: a format name, or a template as git's `--format` reads it (with a
    /// `format:`/`tformat:` prefix, or any text with a `%`).
    pub fn parse(text: &str) -> Result<LogFormat, String> {
        Ok(match text {
            "table" => LogFormat::Table,
            "oneline" => LogFormat::Oneline,
            "json" => LogFormat::Json,
            "ndjson" => LogFormat::Ndjson,
            "csv" => LogFormat::Csv,
            t => {
                let (template, terminator) = if let Some(t) = t.strip_prefix("tformat:") {
                    (t, true)
                } else if let Some(t) = t.strip_prefix("format:") {
                    (t, false)
                } else if t.contains('%') {
                    (t, true)
                } else {
                    return Err(format!(
                        "`{t}` is not a format: table, oneline, json, ndjson, csv, or a template \
                         with placeholders such as '%h %(model) %s'"
                    ));
                };
                LogFormat::Template {
                    template: template.to_string(),
                    terminator,
                }
            }
        })
    }
}

/// `checkpoint`.
#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// Agent id (claude-code, codex, cursor, …; any well-formed name is accepted).
    #[arg(long, required_unless_present = "stdin")]
    pub agent: Option<String>,
    /// Model, e.g. claude-opus-4-6 (normalized).
    #[arg(long)]
    pub model: Option<String>,
    /// The agent's session id.
    #[arg(long)]
    pub session: Option<String>,
    /// Who made the change being recorded.
    #[arg(long, value_enum, default_value_t = CheckpointKind::Ai)]
    pub kind: CheckpointKind,
    /// The prompt the agent was given (recorded like `session prompt`).
    #[arg(long)]
    pub prompt: Option<String>,
    /// Read a JSON payload from stdin instead of flags.
    #[arg(long, conflicts_with_all = ["agent", "model", "session", "prompt", "paths"])]
    pub stdin: bool,
    /// Files to record (default: every file that differs from the index).
    pub paths: Vec<PathBuf>,
}

/// Who made a checkpointed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckpointKind {
    /// The AI.
    Ai,
    /// A human.
    Human,
}

/// `blame`.
#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The file.
    pub file: PathBuf,
    /// The revision to blame at (default HEAD).
    pub rev: Option<String>,
    /// Only lines a,b (1-based, inclusive; `a,` to the end, `,b` from the start), like
    /// `git blame -L`. Repeatable.
    #[arg(short = 'L', value_name = "A,B")]
    pub lines: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BlameFormat::Table)]
    pub format: BlameFormat,
    /// Show each AI line's prompt digest.
    #[arg(long)]
    pub prompt: bool,
}

/// `blame --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BlameFormat {
    /// Aligned columns and the line text.
    Table,
    /// One JSON document: `{file, rev, lines: [{line, origin, agent, model, commit, text}]}`.
    Json,
    /// Tab-separated `line origin agent model commit`, one line per line.
    Porcelain,
}

/// `agent …`.
#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Merge provenance's hooks into the agent's configuration (this repository's, or the
    /// user-wide one with --user), keeping everything that is there.
    Install(AgentArgs),
    /// Remove exactly what `agent install` added; the file is restored byte for byte
    /// when nothing else changed in it.
    Uninstall(AgentArgs),
    /// Show which agents have provenance's hooks, where, and which have none to offer.
    Status(AgentStatusArgs),
    /// Run one agent hook event (what the installed agent configuration calls).
    #[command(hide = true)]
    Hook(AgentHookArgs),
}

/// `agent install|uninstall`.
#[derive(Debug, Args)]
pub struct AgentArgs {
    /// The agent: claude-code, cursor, gemini-cli, codex, copilot, windsurf, opencode,
    /// factory-droid (or `all` for every one with hooks).
    pub agent: String,
    /// The user-wide configuration instead of this repository's.
    #[arg(long)]
    pub user: bool,
}

/// `agent status`.
#[derive(Debug, Args)]
pub struct AgentStatusArgs {
    /// Only this agent.
    pub agent: Option<String>,
    /// Output as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `agent hook`.
#[derive(Debug, Args)]
pub struct AgentHookArgs {
    /// The agent whose hook this is.
    pub agent: String,
    /// The event, when the agent's payload does not name it.
    #[arg(long)]
    pub event: Option<String>,
    /// A payload passed as an argument (Codex's `notify`) instead of stdin.
    pub payload: Option<String>,
}

/// `notes …`.
#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Give commits a platform squash- or rebase-merged the notes of the commits they
    /// came from, matched by content.
    ///
    /// For each commit of RANGE with no note, the lines it adds are matched against the
    /// AI lines noted on commits not reachable from RANGE's tip (the original branch
    /// commits, fetched or still local), or on `--from` commits.
    Reattach(NotesReattachArgs),
    /// Read the provenance other tools left into provenance notes, so history recorded
    /// before provenance keeps its agents, models and lines.
    ///
    /// git-ai's authorship logs (`refs/notes/ai`: line ranges per agent and model, the
    /// prompts) and Entire's `Entire-Checkpoint`/`Entire-Attribution` trailers (counts
    /// only). A commit that already has a provenance note keeps it.
    Import(NotesImportArgs),
}

/// Where `notes import` reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportSource {
    /// git-ai's `refs/notes/ai`.
    GitAi,
    /// Entire's commit trailers.
    Entire,
    /// Both.
    All,
}

/// `notes import`.
#[derive(Debug, Args)]
pub struct NotesImportArgs {
    /// Which tool's records to read.
    #[arg(long, value_enum, default_value = "all")]
    pub from: ImportSource,
    /// The commits to import for (a revision range, as `git rev-list` takes it).
    #[arg(default_value = "HEAD")]
    pub range: String,
    /// The notes ref git-ai wrote to.
    #[arg(long, default_value = "refs/notes/ai")]
    pub git_ai_ref: String,
    /// Say what would be written without writing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `notes reattach`.
#[derive(Debug, Args)]
pub struct NotesReattachArgs {
    /// The rewritten commits, e.g. `origin/main~5..origin/main`.
    #[arg(long)]
    pub range: String,
    /// Where the original commits are, e.g. `main..feature` (default: every noted
    /// commit not reachable from the range's tip).
    #[arg(long)]
    pub from: Option<String>,
    /// Say what would be written without writing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only commits assisted by this agent (e.g. claude-code).
    #[arg(long)]
    pub agent: Option<String>,
    /// Only commits made with this model (normalized, e.g. claude-opus-4-6).
    #[arg(long)]
    pub model: Option<String>,
    /// Only commits whose author matches this regex (like git log --author).
    #[arg(long)]
    pub author: Option<String>,
    /// Only commits newer than this date, as git log reads it: 2024-01-02,
    /// "2024-01-02 15:04 +0100", RFC 2822, @<unix time>, yesterday, today, "2 weeks ago".
    #[arg(long, alias = "after")]
    pub since: Option<String>,
    /// Only commits older than this date (the same forms as --since).
    #[arg(long, alias = "before")]
    pub until: Option<String>,
    /// Only AI-assisted commits.
    #[arg(long, conflicts_with = "human")]
    pub ai: bool,
    /// Only commits with no AI involvement.
    #[arg(long)]
    pub human: bool,
    /// Only commits whose message matches this regex (like git log --grep).
    #[arg(long)]
    pub grep: Option<String>,
    /// Show at most N commits.
    #[arg(short = 'n', long, value_name = "N")]
    pub max_count: Option<usize>,
    /// Output format: table, oneline, json, ndjson, csv, or a template. Templates take
    /// git's placeholders (%H %h %an %ae %ad %ai %as %at %cn %ce %cd %ci %cs %ct %s %b %B
    /// %n %% %xNN) and provenance's own: %(agent) %(model) %(session) %(prompts) %(lines)
    /// %(ai) (true/false) %(who) (agent:model, or human). Example: --format '%h %(who) %s'.
    #[arg(long, default_value = "table", value_parser = LogFormat::parse)]
    pub format: LogFormat,
    /// One line per commit: the same as `--format oneline`.
    #[arg(long, conflicts_with = "format")]
    pub oneline: bool,
    /// Add the lines each commit added by origin (the AI-Lines trailer: ai, edited by a
    /// human, human) to the table and oneline formats.
    #[arg(long)]
    pub stat: bool,
    /// Never start a pager.
    #[arg(long)]
    pub no_pager: bool,
    /// Page the output even when stdout is not a terminal (the pager is GIT_PAGER,
    /// core.pager, PAGER or less, as for git).
    #[arg(long, conflicts_with = "no_pager")]
    pub paginate: bool,
    /// Revision range to walk (default HEAD), e.g. main..feature.
    pub revision: Option<String>,
    /// Only commits that change these paths.
    #[arg(last = true)]
    pub paths: Vec<String>,
}

/// How `stats` groups commits and lines.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum StatsBy {
    /// The model (`(unknown)` when an agent is known but not its model, `(none)` for
    /// commits with no AI involvement recorded).
    #[default]
    Model,
    /// The agent (claude-code, cursor, …).
    Agent,
    /// The commit's author, `Name <email>`.
    Author,
    /// The author date's month, YYYY-MM, in the author's time zone.
    Month,
    /// The file each line was added to.
    Path,
}

/// Output formats for `stats`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum StatsFormat {
    /// Aligned columns.
    #[default]
    Table,
    /// One JSON document with a `version` field.
    Json,
    /// Comma-separated values, one row per group.
    Csv,
}

/// `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Group by this.
    #[arg(long, value_enum, default_value_t)]
    pub by: StatsBy,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: StatsFormat,
    /// Skip survival (no `git blame` of the files AI lines were added to).
    #[arg(long)]
    pub no_survival: bool,
    /// Revision range (default HEAD: the whole history), e.g. v1.0..main.
    pub revision: Option<String>,
}

/// `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AuditFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
    /// Revision range (default HEAD: the whole history), e.g. v1.0..v1.1.
    pub range: Option<String>,
}

/// `report --format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// One JSON document (docs/report.schema.json).
    #[default]
    Json,
    /// One row per commit.
    Csv,
    /// SARIF 2.1.0 of the gate findings recorded in the notes.
    Sarif,
    /// A JSON array of Agent Trace 0.1.0 records.
    AgentTrace,
    /// A self-contained HTML page.
    Html,
}

/// `hook <name> [git's arguments]`.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// The hook: pre-commit, prepare-commit-msg, commit-msg, post-commit, post-rewrite, pre-push.
    pub name: String,
    /// The arguments git passed to the hook.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// Text for people, JSON for scripts.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON document with a `version` field.
    Json,
}

/// `config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the user config and the repository's .provenance.toml (or --config):
    /// exit 0 when valid, 2 with file:line:key and what was expected otherwise.
    Check,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The commits to verify, e.g. origin/main..HEAD (or a single revision: all it reaches).
    #[arg(
        long,
        required_unless_present = "pre_receive",
        conflicts_with = "pre_receive"
    )]
    pub range: Option<String>,
    /// The branch the range lands on (for the review policy), e.g. main.
    #[arg(long, requires = "range")]
    pub branch: Option<String>,
    /// Run as git's pre-receive hook: `<old> <new> <ref>` lines on stdin.
    #[arg(long)]
    pub pre_receive: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FindingsFormat,
}

/// `sca …`.
#[derive(Debug, Subcommand)]
pub enum ScaCommand {
    /// Replace the advisory database with an OSV export: a directory of OSV JSON records
    /// (any depth) or an ecosystem's `all.zip`. Never run by a hook; hooks never fetch.
    Update(ScaUpdateArgs),
}

/// `registry …`.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Replace an ecosystem's registry name index with one built from a listing: a TSV with
    /// a header row (a `name` column; optional `rank…`, `downloads…`, `first_release…`
    /// columns), a plain list of names (one per line), or a directory in the Cargo registry
    /// index layout. The new index takes precedence over the one built in. Never run by a
    /// hook; hooks never fetch.
    Update(RegistryUpdateArgs),
}

/// `registry update`.
#[derive(Debug, Args)]
pub struct RegistryUpdateArgs {
    /// pypi, npm or crates (default: crates for a directory, else from the file name).
    #[arg(long, value_name = "E")]
    pub ecosystem: Option<String>,
    /// The listing: a file, a directory, or an http(s) URL of a file (downloaded with
    /// `curl`; no address is built in).
    #[arg(long, value_name = "FILE|DIR|URL")]
    pub from: PathBuf,
    /// What the listing covers: every name (an absent name does not exist), the packages
    /// above a popularity floor (absent: invented or little used), or a sample (absent:
    /// unknown).
    #[arg(long, value_enum, default_value_t)]
    pub coverage: RegistryCoverage,
    /// The day the listing was taken, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub snapshot: Option<String>,
    /// Where the index goes (default: $XDG_DATA_HOME/provenance/registry).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `registry update --coverage`.
#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum RegistryCoverage {
    /// Every name of the registry.
    #[default]
    Complete,
    /// Every package above a popularity floor.
    Popular,
    /// Some names.
    Sample,
}

/// `sca update`.
#[derive(Debug, Args)]
pub struct ScaUpdateArgs {
    /// The OSV export: a directory, a zip file, or an http(s) URL of one (downloaded with
    /// `curl`; no address is built in).
    #[arg(long, value_name = "DIR|ZIP|URL")]
    pub from: PathBuf,
    /// Where the database goes (default: [sca] db, else $XDG_DATA_HOME/provenance/osv).
    #[arg(long, value_name = "DIR")]
    pub db: Option<PathBuf>,
}
