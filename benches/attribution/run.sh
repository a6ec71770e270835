#!/usr/bin/env bash
# Whole-process benchmark of line attribution on this machine.
#
#   benches/attribution/run.sh [--runs N] [--out FILE]
#
# Binaries come from $PROVENANCE_BIN_DIR (default: target/release beside this checkout,
# or $CARGO_TARGET_DIR/release). Runs in a fresh temp dir with HOME pointing into it and
# GIT_CONFIG_NOSYSTEM=1. Uses hyperfine when present, else a bash loop.
#
# Measures (wall ms: median, min):
#   (a) `provenance checkpoint` of one AI edit to a 1,000-line file (the file already
#       tracked, as on every edit after the first), and the first checkpoint of it;
#   (b) commit-time attribution of a 20-file AI change (50 lines each, every file
#       checkpointed, then edited by a human): prepare-commit-msg (AI-Lines) and
#       post-commit (note with ranges) run directly, beside `git diff --cached` of the
#       same change for scale.
# Prints a markdown table on stdout (and to --out FILE).
set -euo pipefail

RUNS=30
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BIN=${PROVENANCE_BIN_DIR:-${CARGO_TARGET_DIR:-$root/target}/release}
for b in provenance provenance-prepare-commit-msg provenance-post-commit; do
  [ -x "$BIN/$b" ] || { echo "missing $BIN/$b: build with \`cargo build --release\` or set PROVENANCE_BIN_DIR" >&2; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/prov-attr-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
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

HAVE_HF=0
command -v hyperfine >/dev/null 2>&1 && [ -z "${BENCH_NO_HYPERFINE:-}" ] && HAVE_HF=1

rows=()
# time_cmd LABEL PREPARE COMMAND: median and min wall ms over $RUNS runs.
time_cmd() {
  local label=$1 prepare=$2 cmd=$3
  if [ "$HAVE_HF" = 1 ]; then
    hyperfine -N --style none --warmup 3 --runs "$RUNS" --prepare "$prepare" \
      --export-json "$TMP/hf.json" "$cmd" >/dev/null 2>&1 || {
      hyperfine --style none --warmup 3 --runs "$RUNS" --prepare "$prepare" \
        --export-json "$TMP/hf.json" "$cmd" >/dev/null
    }
    python3 - "$label" "$TMP/hf.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"| {sys.argv[1]} | {r['median']*1000:.1f} | {r['min']*1000:.1f} |")
PY
  else
    local times=()
    for _ in $(seq "$RUNS"); do
      bash -c "$prepare"
      local s e
      s=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; e=$(date +%s%N)
      times+=($(( (e - s) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{a[NR]=$1} END {printf "| %s | %.1f | %.1f |\n", l, a[int((NR+1)/2)]/1000, a[1]/1000}'
  fi
}

# (a) one 1,000-line file.
A="$TMP/a"
git init -q "$A"
cd "$A"
seq 1 1000 | sed 's/^/value = compute(/; s/$/)/' > big.py
git add big.py
git commit -q -m base
provenance install -q >/dev/null 2>&1 || provenance install >/dev/null 2>&1
provenance checkpoint -q --agent claude-code --model claude-opus-4-6 big.py 2>/dev/null ||
  provenance checkpoint --agent claude-code --model claude-opus-4-6 big.py 2>/dev/null
# Every run: the AI changes one line of the tracked file.
cat > "$TMP/edit.sh" <<EOF
cd "$A" && sed -i "1s/.*/value = compute(\$RANDOM)/" big.py
EOF
rows+=("$(time_cmd "checkpoint, AI edit to a tracked 1,000-line file" "bash $TMP/edit.sh" \
  "$BIN/provenance -C $A checkpoint -q --agent claude-code --model claude-opus-4-6 $A/big.py")")
rows+=("$(time_cmd "checkpoint, first one of a 1,000-line file" "rm -rf $A/.git/provenance/checkpoints; bash $TMP/edit.sh" \
  "$BIN/provenance -C $A checkpoint -q --agent claude-code --model claude-opus-4-6 $A/big.py")")

# (b) 20 files, 50 lines each, written by the AI and then edited by a human.
B="$TMP/b"
git init -q "$B"
cd "$B"
echo base > README
git add README
git commit -q -m base
provenance install >/dev/null 2>&1
for i in $(seq 1 20); do
  seq 1 50 | sed "s/^/v${i}_/; s/$/ = compute()/" > "f$i.py"
done
provenance checkpoint --agent claude-code --model claude-opus-4-6 f*.py 2>/dev/null
for i in $(seq 1 20); do
  sed -i '3s/$/  # checked/; $a print("by hand")' "f$i.py"
done
git add .
printf 'Add files\n' > "$TMP/msg"
rows+=("$(time_cmd "prepare-commit-msg, 20-file AI change (AI-Lines)" "cp $TMP/msg $B/.git/COMMIT_EDITMSG" \
  "$BIN/provenance-prepare-commit-msg $B/.git/COMMIT_EDITMSG message")")
cp "$TMP/msg" .git/COMMIT_EDITMSG
"$BIN/provenance-prepare-commit-msg" .git/COMMIT_EDITMSG message
grep AI-Lines .git/COMMIT_EDITMSG >&2 || { echo "no AI-Lines written" >&2; exit 1; }
# For scale: git itself diffing the same staged change.
rows+=("$(time_cmd "git diff --cached --numstat of it (reference)" "true" \
  "git -C $B diff --cached --numstat")")
cp -r .git/provenance/checkpoints "$TMP/checkpoints"
git -c core.hooksPath=/dev/null commit -q -F .git/COMMIT_EDITMSG
# Each run sees the checkpoints as a first post-commit does (it collects them).
rows+=("$(time_cmd "post-commit, 20-file AI change (note with ranges)" \
  "rm -rf $B/.git/provenance/checkpoints; cp -r $TMP/checkpoints $B/.git/provenance/checkpoints; git -C $B notes --ref provenance remove --ignore-missing HEAD 2>/dev/null" \
  "$BIN/provenance-post-commit")")
git notes --ref provenance show HEAD | grep -q '"ranges"' || { echo "no ranges in the note" >&2; exit 1; }

{
  echo "| what | median ms | min ms |"
  echo "|---|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee ${OUT:+"$OUT"}
