#!/usr/bin/env bash
# `provenance stats` at scale, checked against git blame, and timed beside git doing the same work.
#
#   benches/stats/run.sh [--commits N] [--runs N] [--real GIT_DIR] [--out FILE]
#
# (i)  generated: N commits (default 50,000) over 500 files from `git fast-import`
#      (benches/stats/generate.py): two in three AI commits of three models with notes and
#      AI-Lines trailers, the rest human commits that rewrite and delete lines. Checked:
#      benches/stats/check.py blames every file an AI commit touched and requires
#      `stats --by model` to match per model and `stats --by path` per file within one line.
# (ii) real: --real GIT_DIR (e.g. a bare clone of rust-lang/cargo), cloned locally: stats with
#      trailers only (no notes), timed.
# Timed side by side (hyperfine; a bash loop without it): `git log --numstat` (the line counts
# git itself would give) and `git blame` of every file the AI touched (what survival needs),
# against `stats --no-survival` and `stats`.
# Hermetic (HOME=tmp, GIT_CONFIG_NOSYSTEM=1). Binaries: $PROVENANCE_BIN_DIR (default
# $CARGO_TARGET_DIR/release or target/release).
set -euo pipefail

COMMITS=50000
RUNS=3
REAL=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) COMMITS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --real) REAL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n 2,19p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BIN=${PROVENANCE_BIN_DIR:-${CARGO_TARGET_DIR:-$root/target}/release}
[ -x "$BIN/provenance" ] || { echo "missing $BIN/provenance: build with \`cargo build --release\` or set PROVENANCE_BIN_DIR" >&2; exit 2; }
PROV="$BIN/provenance"
HAVE_HF=0; command -v hyperfine >/dev/null 2>&1 && HAVE_HF=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/prov-stats-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home"; mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C GIT_PAGER=cat PAGER=cat
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_GLOBAL GIT_CONFIG_PARAMETERS

rows=()
measure() { # LABEL CMD — wall mean / min and user+sys, seconds
  local label=$1 cmd=$2 mean min cpu
  if [ "$HAVE_HF" = 1 ]; then
    hyperfine --runs "$RUNS" --warmup 1 -i --style none --export-json "$TMP/hf.json" "$cmd" >/dev/null 2>"$TMP/hf.err" \
      || { cat "$TMP/hf.err" >&2; return 1; }
    read -r mean min cpu < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["min"], r["user"]+r["system"])' "$TMP/hf.json")
  else
    local i t0 t1 best=0 sum=0
    for ((i = 0; i < RUNS; i++)); do
      t0=${EPOCHREALTIME/[.,]/}; bash -c "$cmd" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/[.,]/}
      sum=$((sum + t1 - t0)); if [ $best = 0 ] || [ $((t1 - t0)) -lt $best ]; then best=$((t1 - t0)); fi
    done
    mean=$(awk -v s=$sum -v n=$RUNS 'BEGIN{printf "%f", s/n/1e6}'); min=$(awk -v s=$best 'BEGIN{printf "%f", s/1e6}'); cpu=nan
  fi
  printf -v row '| %s | %s | %.2f | %.2f | %.2f |' "$REPO_LABEL" "$label" "$mean" "$min" "$cpu"
  rows+=("$row"); echo "$row" >&2
}

G="$TMP/gen.git"
git init -q --bare "$G"
echo "generating $COMMITS commits …" >&2
t0=$(date +%s)
python3 "$here/generate.py" "$COMMITS" 7 "$TMP/expect.json" \
  | git -C "$G" fast-import --quiet --export-marks="$TMP/marks"
git -C "$G" symbolic-ref HEAD refs/heads/main
git -C "$G" gc -q --prune=now
git -C "$G" commit-graph write --reachable --changed-paths
echo "generated in $(( $(date +%s) - t0 )) s" >&2

echo "checking stats against git blame …" >&2
"$PROV" -C "$G" stats --by model --format json > "$TMP/by-model.json"
"$PROV" -C "$G" stats --by path --format json > "$TMP/by-path.json"
check=$(python3 "$here/check.py" "$G" "$TMP/expect.json" "$TMP/marks" "$TMP/by-model.json" "$TMP/by-path.json") || { echo "$check"; echo "stats disagrees with git blame" >&2; exit 1; }
echo "$check" >&2

REPO_LABEL="generated ${COMMITS}"
python3 - "$TMP/expect.json" > "$TMP/ai-files" <<'PY'
import json, sys
print("\n".join(sorted({e["path"] for e in json.load(open(sys.argv[1]))})))
PY
measure "\`git log --numstat\`" "git -C $G log --numstat --format=%H"
measure "\`git blame\` of each AI-touched file ($(wc -l < "$TMP/ai-files") files)" \
  "xargs -a $TMP/ai-files -n 1 git -C $G blame --porcelain HEAD -- >/dev/null"
measure "\`provenance stats --no-survival\`" "$PROV -C $G stats --no-survival"
measure "\`provenance stats\` (survival)" "$PROV -C $G stats"

if [ -n "$REAL" ]; then
  git clone -q --bare "$REAL" "$TMP/real.git"
  REPO_LABEL=$(basename "$(dirname "$REAL")")
  measure "\`git log --numstat\`" "git -C $TMP/real.git log --numstat --format=%H"
  measure "\`provenance stats --no-survival\`" "$PROV -C $TMP/real.git stats --no-survival"
  measure "\`provenance stats\`" "$PROV -C $TMP/real.git stats"
fi

{
  echo "Machine: $(nproc) cores, git $(git --version | cut -d' ' -f3); $RUNS runs after a warm-up; seconds."
  echo
  echo "$check" | sed 's/^/- /'
  echo
  echo "| repo | command | mean s | min s | user+sys s |"
  echo "|---|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee ${OUT:+"$OUT"}
