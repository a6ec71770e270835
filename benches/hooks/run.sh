#!/usr/bin/env bash
# Whole-process benchmark of the provenance git hooks on this machine.
#
#   benches/hooks/run.sh [--runs N] [--large-files N] [--out FILE]
#
# Binaries come from $PROVENANCE_BIN_DIR (default: target/release beside this checkout,
# or $CARGO_TARGET_DIR/release). Everything runs in a fresh temp dir with HOME pointing
# into it and GIT_CONFIG_NOSYSTEM=1, so the user's git config, hooks and sessions never
# leak in. No network is needed except `apt-get install hyperfine` when it is missing;
# without hyperfine a bash loop measures instead.
#
# Measures (wall ms: mean, σ, median, min; CPU ms: user+sys of the process and its children):
#   (a) `git commit -q -m x --allow-empty` without hooks vs with `provenance install` and an
#       active session + CLAUDECODE=1; the same with only the two tagging hooks installed;
#       prepare-commit-msg, commit-msg, pre-commit and post-commit invoked directly.
#   (b) pre-commit on a 2-file staged change (a .py with imports, a .env) in a small repo
#       and in a larger repo (default 5,000 tracked files).
#   (c) the whole suite against a plain `git commit`, each pair back to back: a human empty
#       commit (all hooks, no session, no agent marker) and an AI-assisted commit of the
#       2-file change (all hooks, session + CLAUDECODE=1; the branch is reset before each run).
# Prints a markdown table on stdout (and to --out FILE).
set -euo pipefail

RUNS=${RUNS:-50}
LARGE_FILES=5000
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --large-files) LARGE_FILES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n 2,21p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BIN=${PROVENANCE_BIN_DIR:-${CARGO_TARGET_DIR:-$root/target}/release}
for b in provenance provenance-pre-commit provenance-prepare-commit-msg provenance-commit-msg provenance-post-commit; do
  [ -x "$BIN/$b" ] || { echo "missing $BIN/$b: build with \`cargo build --release\` or set PROVENANCE_BIN_DIR" >&2; exit 2; }
done

if ! command -v hyperfine >/dev/null 2>&1; then
  (apt-get install -y hyperfine >/dev/null 2>&1 || sudo -n apt-get install -y hyperfine >/dev/null 2>&1) || true
fi
HAVE_HF=0
command -v hyperfine >/dev/null 2>&1 && [ -z "${BENCH_NO_HYPERFINE:-}" ] && HAVE_HF=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/prov-hooks-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Hermetic environment: no user/system git config, no agent markers leaking in.
export HOME="$TMP/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_GLOBAL GIT_CONFIG_PARAMETERS
unset CLAUDECODE CLAUDE_CODE_ENTRYPOINT AMP_HOME CODEX_SANDBOX CURSOR_AGENT GEMINI_CLI AIDER_MODEL AI_AGENT AI_MODEL
export PATH="$BIN:$PATH"
export LC_ALL=C
git config --global user.name "Bench User"
git config --global user.email "bench@example.com"
git config --global init.defaultBranch main
git config --global commit.gpgsign false

rows=()     # markdown rows
# measure LABEL BUDGET PREPARE CMD — mean/σ/min in ms over $RUNS runs (CMD run without a shell
# under hyperfine -N when it has no shell syntax; PREPARE runs before every run, untimed).
measure() {
  local label=$1 budget=$2 prepare=$3 cmd=$4
  local mean sd med min n cpu
  if [ "$HAVE_HF" = 1 ]; then
    local json="$TMP/hf.json"
    local args=(--runs "$RUNS" --warmup 3 --export-json "$json" --style none -i)
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    case "$cmd" in *[\|\>\<\;\&\$]*) ;; *) args+=(-N) ;; esac
    hyperfine "${args[@]}" "$cmd" >/dev/null 2>"$TMP/hf.err" || { cat "$TMP/hf.err" >&2; return 1; }
    read -r mean sd med min n cpu < <(jq -r '.results[0] | "\(.mean*1000) \((.stddev // 0)*1000) \(.median*1000) \(.min*1000) \(.times|length) \((.user+.system)*1000)"' "$json")
  else
    local i t0 t1 ts=()
    for i in 1 2 3; do [ -n "$prepare" ] && eval "$prepare"; eval "$cmd" >/dev/null 2>&1 || true; done
    for ((i = 0; i < RUNS; i++)); do
      [ -n "$prepare" ] && eval "$prepare"
      # $EPOCHREALTIME (bash ≥ 5) reads the clock without forking `date`.
      t0=${EPOCHREALTIME/[.,]/}; eval "$cmd" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/[.,]/}
      ts+=($((t1 - t0)))
    done
    read -r mean sd min n < <(printf '%s\n' "${ts[@]}" | awk '{s+=$1; q+=$1*$1; if(NR==1||$1<m)m=$1} END{mu=s/NR; v=q/NR-mu*mu; if(v<0)v=0; printf "%f %f %f %d\n", mu/1000, sqrt(v)/1000, m/1000, NR}')
    med=$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END{printf "%f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)/1000}')
    cpu=nan
  fi
  printf -v row '| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |' "$label" "$mean" "$sd" "$med" "$min" "$cpu" "$n" "$budget"
  rows+=("$row")
  echo "$row" >&2
  eval "M_$5=$mean; C_$5=$cpu; N_$5=$min; D_$5=$med"
}

# --- repositories ---------------------------------------------------------------------------
new_repo() { # DIR — a repo with a pyproject declaring requests and one commit
  git init -q "$1"
  (
    cd "$1"
    printf '[project]\nname = "bench"\nversion = "0.1.0"\ndependencies = ["requests>=2"]\n' > pyproject.toml
    mkdir -p src/bench
    printf '"""Bench package."""\n' > src/bench/__init__.py
    printf 'def helper():\n    return 1\n' > src/bench/util.py
    git add -A && git commit -q -m "initial"
  )
}
stage_change() { # DIR — the 2-file staged change: a .py with imports and a .env
  (
    cd "$1"
    cat > src/bench/app.py <<'EOF'
"""Fetch things."""
import json
import os
from pathlib import Path

import requests

from bench.util import helper


def fetch(url: str) -> dict:
    timeout = float(os.environ.get("TIMEOUT", "5"))
    return json.loads(requests.get(url, timeout=timeout).text) | {"n": helper(), "p": str(Path.cwd())}
EOF
    printf 'DEBUG=true\nLOG_LEVEL=info\nDATABASE_HOST=localhost\nDATABASE_PORT=5432\n' > .env
    git add src/bench/app.py .env
  )
}
install_hooks() { # DIR [HOOK…] — provenance install; keep only the listed hooks when given
  local dir=$1; shift
  (cd "$dir" && provenance install >/dev/null)
  if [ $# -gt 0 ]; then
    for h in "$dir"/.git/hooks/*; do
      local keep=0 name
      name=$(basename "$h")
      for k in "$@"; do [ "$name" = "$k" ] && keep=1; done
      [ $keep = 1 ] || rm -f "$h"
    done
  fi
}

echo "setting up repos in $TMP …" >&2
new_repo "$TMP/plain"
new_repo "$TMP/full";    install_hooks "$TMP/full"
new_repo "$TMP/tagonly"; install_hooks "$TMP/tagonly" prepare-commit-msg commit-msg
new_repo "$TMP/human";   install_hooks "$TMP/human"
# The 2-file commit: the same staged change committed without hooks and with all of them.
new_repo "$TMP/plain2";  stage_change "$TMP/plain2"
new_repo "$TMP/ai2";     install_hooks "$TMP/ai2"; stage_change "$TMP/ai2"
BASE_plain2=$(git -C "$TMP/plain2" rev-parse HEAD)
BASE_ai2=$(git -C "$TMP/ai2" rev-parse HEAD)
for r in full tagonly ai2; do
  (cd "$TMP/$r" && provenance session start --agent claude-code --model claude-opus-4-6 --prompt "add the parser" >/dev/null)
done
# One tagged commit first, so the check below sees the trailers (and the hooks work at all).
(cd "$TMP/full" && CLAUDECODE=1 git commit -q -m "check" --allow-empty)
if ! git -C "$TMP/full" log -1 --format=%B | grep -q '^Assisted-by: claude-code:claude-opus-4-6'; then
  echo "warning: the tagged commit carries no Assisted-by trailer; hooks may not be running:" >&2
  git -C "$TMP/full" log -1 --format=%B >&2
fi

# pre-commit repos: small (the one above) and large.
new_repo "$TMP/small"; install_hooks "$TMP/small"; stage_change "$TMP/small"
echo "generating a repo with $LARGE_FILES files …" >&2
new_repo "$TMP/large"
(
  cd "$TMP/large"
  python3 - "$LARGE_FILES" <<'EOF'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = f"pkg{i // 100:03d}/sub{(i // 10) % 10}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/mod{i:05d}.py", "w") as f:
        f.write(f'"""Module {i}."""\nimport os\n\n\ndef f{i}(x):\n    return os.path.join(str(x), "{i}")\n')
EOF
  git add -A && git commit -q -m "many files"
)
install_hooks "$TMP/large"; stage_change "$TMP/large"
for r in small large; do
  (cd "$TMP/$r" && .git/hooks/pre-commit) >/dev/null 2>"$TMP/pc.err" && rc=0 || rc=$?
  [ $rc = 0 ] || { echo "warning: pre-commit in $r exited $rc:" >&2; cat "$TMP/pc.err" >&2; }
done

MSG="$TMP/msg"
RESET_MSG="printf 'x\\n' > $MSG"

# --- (a) tagging overhead -------------------------------------------------------------------
measure "plain \`git commit -q -m x --allow-empty\`, no hooks" "" "" \
  "git -C $TMP/plain commit -q -m x --allow-empty" plain
export CLAUDECODE=1
measure "same, prepare-commit-msg + commit-msg installed, session + CLAUDECODE=1" "" "" \
  "git -C $TMP/tagonly commit -q -m x --allow-empty" tagonly
measure "same, full \`provenance install\` (all hooks), session + CLAUDECODE=1" "" "" \
  "git -C $TMP/full commit -q -m x --allow-empty" full
cd "$TMP/full"
measure "hook alone: prepare-commit-msg MSG message" "" "$RESET_MSG" \
  "$TMP/full/.git/hooks/prepare-commit-msg $MSG message" prep
measure "hook alone: commit-msg MSG" "" "$RESET_MSG" \
  "$TMP/full/.git/hooks/commit-msg $MSG" cmsg
measure "hook alone: post-commit (HEAD tagged)" "≤ 20" "" \
  "$TMP/full/.git/hooks/post-commit" post
measure "hook alone: pre-commit, nothing staged" "≤ 20" "" \
  "$TMP/full/.git/hooks/pre-commit" pcempty
measure "startup floor: \`provenance --version\`" "" "" "$BIN/provenance --version" ver
unset CLAUDECODE

# --- (b) pre-commit on a 2-file staged change -----------------------------------------------
cd "$TMP/small"
measure "pre-commit, 2-file staged change, small repo (3 tracked files)" "≤ 20" "" \
  "$TMP/small/.git/hooks/pre-commit" pcsmall
cd "$TMP/large"
measure "pre-commit, 2-file staged change, large repo ($LARGE_FILES files, objects loose as after \`git add -A\`)" "≤ 20" "" \
  "$TMP/large/.git/hooks/pre-commit" pclarge
git -C "$TMP/large" gc -q
measure "pre-commit, 2-file staged change, large repo ($LARGE_FILES files, after \`git gc\`)" "≤ 20" "" \
  "$TMP/large/.git/hooks/pre-commit" pclargegc
measure "reference: \`git diff --cached --name-only\`, large repo (packed)" "" "" \
  "git -C $TMP/large diff --cached --name-only" gdlarge

# --- (c) the whole suite against a plain commit, each pair back to back ---------------------
cd "$TMP"
measure "suite, human: plain \`git commit -q -m x --allow-empty\`, no hooks" "" "" \
  "git -C $TMP/plain commit -q -m x --allow-empty" plainh
measure "suite, human: same, full \`provenance install\`, no session, no agent marker" "≤ 2× plain" "" \
  "git -C $TMP/human commit -q -m x --allow-empty" human
measure "suite, AI: plain \`git commit -q -m x\` of the 2-file change, no hooks" "" \
  "git -C $TMP/plain2 reset -q --soft $BASE_plain2" "git -C $TMP/plain2 commit -q -m x" plain2
export CLAUDECODE=1
measure "suite, AI: same, full \`provenance install\`, session + CLAUDECODE=1" "≤ 2.6× plain" \
  "git -C $TMP/ai2 reset -q --soft $BASE_ai2" "git -C $TMP/ai2 commit -q -m x" ai2
unset CLAUDECODE
if ! git -C "$TMP/ai2" log -1 --format=%B | grep -q '^Assisted-by: claude-code:claude-opus-4-6'; then
  echo "warning: the AI-assisted 2-file commit carries no Assisted-by trailer:" >&2
  git -C "$TMP/ai2" log -1 --format=%B >&2
fi
[ "$(git -C "$TMP/ai2" rev-list --count HEAD)" = 2 ] || echo "warning: the AI-assisted 2-file commit did not happen" >&2

# --- report ---------------------------------------------------------------------------------
delta() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", a-b}'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", a+b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (b > 0) printf "%.2f", a/b; else printf "nan"}'; }
{
  echo "Machine: $(nproc) cores, $(uname -sr), git $(git --version | cut -d' ' -f3), $( [ $HAVE_HF = 1 ] && hyperfine --version || echo 'bash loop (no hyperfine)'); $RUNS runs each."
  echo
  echo "| what | mean ms | σ ms | median ms | min ms | user+sys ms | runs | budget ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Derived:"
  echo "- tagging overhead per commit (tag-hooks-only commit − plain commit): mean $(delta "$M_tagonly" "$M_plain") ms, min $(delta "$N_tagonly" "$N_plain") ms, user+sys $(delta "$C_tagonly" "$C_plain") ms (budget ≤ 10)"
  echo "- prepare-commit-msg + commit-msg invoked directly: mean $(sum "$M_prep" "$M_cmsg") ms, median $(sum "$D_prep" "$D_cmsg") ms, min $(sum "$N_prep" "$N_cmsg") ms, user+sys $(sum "$C_prep" "$C_cmsg") ms (budget ≤ 10)"
  echo "- whole suite, human empty commit ÷ plain: mean $(ratio "$M_human" "$M_plainh")×, median $(ratio "$D_human" "$D_plainh")×, min $(ratio "$N_human" "$N_plainh")×, user+sys $(ratio "$C_human" "$C_plainh")× (budget ≤ 2×)"
  echo "- whole suite, AI-assisted 2-file commit ÷ plain: mean $(ratio "$M_ai2" "$M_plain2")×, median $(ratio "$D_ai2" "$D_plain2")×, min $(ratio "$N_ai2" "$N_plain2")×, user+sys $(ratio "$C_ai2" "$C_plain2")× (budget ≤ 2.6×)"
  echo "- full install overhead per empty commit (all hooks − plain): mean $(delta "$M_full" "$M_plain") ms, min $(delta "$N_full" "$N_plain") ms"
  echo "- load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; user+sys is the steadier figure)"
} | tee ${OUT:+"$OUT"}
