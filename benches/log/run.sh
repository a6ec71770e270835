#!/usr/bin/env bash
# Whole-process benchmark of `provenance log` and `provenance scan --history` against git.
#
#   benches/log/run.sh [--commits N] [--real GIT_DIR] [--runs N] [--scan-runs N] [--out FILE]
#
# Repos:
#   (i)  generated: N commits (default 20,000) made with `git fast-import`, ~30% of them carrying
#        AI trailers (Assisted-by / AI-Prompt / AI-Session, or a vendor Co-Authored-By line);
#   (ii) real: --real GIT_DIR (e.g. the bare git dir of rust-lang/cargo), cloned locally (objects
#        hard-linked) into the temp dir so nothing is ever written to the source.
# For each: wall time (hyperfine; bash loop without it) and peak RSS (/usr/bin/time) of
#   git log --format=%H                         vs provenance log / provenance log --format json
#   git log --format='%H %(trailers:…)'
#   git log --grep='^Assisted-by: claude-code'  vs provenance log --agent claude-code
#   git log | head -n 1 (first-row latency)     vs provenance log | head -n 1
#   git log --format=%H -- PATH                 vs provenance log -- PATH
#   git log -p >/dev/null (and --all)           vs provenance scan --history --gate secrets
# Hermetic (HOME=tmp, GIT_CONFIG_NOSYSTEM=1); no network except apt-get for missing tools.
# Binaries: $PROVENANCE_BIN_DIR (default $CARGO_TARGET_DIR/release or target/release).
set -euo pipefail

COMMITS=20000
REAL=""
RUNS=5
SCAN_RUNS=2
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) COMMITS=$2; shift 2 ;;
    --real) REAL=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --scan-runs) SCAN_RUNS=$2; shift 2 ;;
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

for tool in hyperfine time; do
  probe=$tool; [ $tool = time ] && probe=/usr/bin/time
  if ! command -v "$probe" >/dev/null 2>&1; then
    (apt-get install -y "$tool" >/dev/null 2>&1 || sudo -n apt-get install -y "$tool" >/dev/null 2>&1) || true
  fi
done
HAVE_HF=0; command -v hyperfine >/dev/null 2>&1 && [ -z "${BENCH_NO_HYPERFINE:-}" ] && HAVE_HF=1
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1

TMP=$(mktemp -d "${TMPDIR:-/tmp}/prov-log-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home"; mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C GIT_PAGER=cat PAGER=cat
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_GLOBAL GIT_CONFIG_PARAMETERS
git config --global user.name "Bench User"
git config --global user.email "bench@example.com"

rows=()
# measure LABEL RUNS CMD — wall mean/σ/min (s) and peak RSS (MiB, one extra run).
measure() {
  local label=$1 runs=$2 cmd=$3 mean sd min n cpu=nan rss="n/a"
  if [ "$HAVE_HF" = 1 ]; then
    hyperfine --runs "$runs" --warmup 1 -i --style none --export-json "$TMP/hf.json" "$cmd" >/dev/null 2>"$TMP/hf.err" \
      || { cat "$TMP/hf.err" >&2; return 1; }
    read -r mean sd min n cpu < <(jq -r '.results[0] | "\(.mean) \(.stddev // 0) \(.min) \(.times|length) \(.user+.system)"' "$TMP/hf.json")
  else
    local i t0 t1 ts=()
    bash -c "$cmd" >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do
      t0=${EPOCHREALTIME/[.,]/}; bash -c "$cmd" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/[.,]/}; ts+=($(((t1 - t0) * 1000)))
    done
    read -r mean sd min n < <(printf '%s\n' "${ts[@]}" | awk '{x=$1/1e9; s+=x; q+=x*x; if(NR==1||x<m)m=x} END{mu=s/NR; v=q/NR-mu*mu; if(v<0)v=0; printf "%f %f %f %d\n", mu, sqrt(v), m, NR}')
  fi
  if [ "$HAVE_TIME" = 1 ]; then
    # Peak RSS of the heaviest process in the pipeline's first command (sh -c, output discarded).
    /usr/bin/time -f '%M' -o "$TMP/rss" sh -c "$cmd >/dev/null 2>&1" || true
    # time -o also writes "Command exited with non-zero status N" first: take the last line.
    rss=$(tail -n 1 "$TMP/rss" | awk '{printf "%.1f", $1/1024}')
  fi
  printf -v row '| %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %s |' "$REPO_LABEL" "$label" "$mean" "$sd" "$min" "$cpu" "$n" "$rss"
  rows+=("$row"); echo "$row" >&2
}

generate() { # DIR N — N commits via fast-import, ~30% AI-tagged
  git init -q --bare "$1"
  python3 - "$2" <<'EOF' | git -C "$1" fast-import --quiet
import hashlib, random, sys
n = int(sys.argv[1])
rnd = random.Random(7)
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
words = "parser lexer cache index config walk tree blob hook note session gate scan".split()
t0 = 1_600_000_000
for i in range(1, n + 1):
    f = rnd.randrange(2000)
    body = "".join(f"def {rnd.choice(words)}_{i}_{k}(x):\n    return x + {k}\n" for k in range(rnd.randint(2, 8)))
    msg = f"{rnd.choice(words)}: change {rnd.choice(words)} ({i})\n\nBody line explaining change {i}.\n"
    r = rnd.random()
    if r < 0.20:
        p = hashlib.sha256(f"prompt {i}".encode()).hexdigest()
        msg += f"\nAssisted-by: claude-code:claude-opus-4-6\nAI-Prompt: sha256:{p}\nAI-Session: s-{i:06d}\n"
    elif r < 0.25:
        msg += "\nAssisted-by: codex:gpt-5-codex\n"
    elif r < 0.30:
        msg += "\nCo-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>\n"
    elif r < 0.40:
        msg += f"\nSigned-off-by: Dev {i % 17} <dev{i % 17}@example.com>\n"
    author = f"Dev {i % 17} <dev{i % 17}@example.com> {t0 + i * 60} +0000"
    out.write(b"commit refs/heads/main\n")
    out.write(f"author {author}\ncommitter {author}\n".encode())
    data(msg.encode())
    out.write(f"M 100644 inline src/m{f // 100:02d}/f{f:04d}.py\n".encode())
    data(body.encode())
EOF
  git -C "$1" symbolic-ref HEAD refs/heads/main
  git -C "$1" gc -q --prune=now
  # The commit-graph with changed-path Bloom filters, which `git log -- PATH` reads.
  git -C "$1" commit-graph write --reachable --changed-paths
}

pick_path() { # GIT_DIR — a directory two levels down (one level if there is none), for `-- PATH`
  local top sub
  top=$(git -C "$1" ls-tree -d --name-only HEAD | head -n 1)
  sub=$(git -C "$1" ls-tree -d --name-only "HEAD:$top" 2>/dev/null | sed -n 4p)
  if [ -n "$sub" ]; then echo "$top/$sub"; else echo "$top"; fi
}

bench_repo() { # LABEL GIT_DIR
  REPO_LABEL=$1; local R=$2
  local c; c=$(git -C "$R" rev-list --count HEAD)
  echo "== $REPO_LABEL: $c commits on HEAD, $(git -C "$R" rev-list --count --all) on --all" >&2
  measure "\`git log --format=%H\`" "$RUNS" "git -C $R log --format=%H"
  measure "\`git log --format='%H %(trailers:key=Assisted-by,valueonly,separator=%x2C)'\`" "$RUNS" \
    "git -C $R log '--format=%H %(trailers:key=Assisted-by,valueonly,separator=%x2C)'"
  measure "\`git log --format='%H%n%(trailers)'\`" "$RUNS" "git -C $R log '--format=%H%n%(trailers)'"
  measure "\`provenance log\`" "$RUNS" "$PROV -C $R log"
  measure "\`provenance log --format json\`" "$RUNS" "$PROV -C $R log --format json"
  measure "\`git log --grep='^Assisted-by: claude-code' --format=%H\`" "$RUNS" \
    "git -C $R log '--grep=^Assisted-by: claude-code' --format=%H"
  measure "\`provenance log --agent claude-code\`" "$RUNS" "$PROV -C $R log --agent claude-code"
  # First row: until the first line reaches a reader that stops there.
  measure "\`git log | head -n 1\`" "$RUNS" "git -C $R log | head -n 1"
  measure "\`provenance log | head -n 1\`" "$RUNS" "$PROV -C $R log | head -n 1"
  local path; path=$(pick_path "$R")
  measure "\`git log --format=%H -- $path\`" "$RUNS" "git -C $R log --format=%H -- $path"
  measure "\`provenance log -- $path\`" "$RUNS" "$PROV -C $R log -- $path"
  if [ "$SCAN_RUNS" -gt 0 ]; then  # --scan-runs 0 skips the history scans
    measure "\`git log -p >/dev/null\`" "$SCAN_RUNS" "git -C $R log -p"
    measure "\`git log -p --all >/dev/null\`" "$SCAN_RUNS" "git -C $R log -p --all"
    measure "\`provenance scan --history --gate secrets\`" "$SCAN_RUNS" "$PROV -C $R scan --history --gate secrets"
  fi
  # Sanity figures: how many commits each side reports.
  local n_ai n_git
  n_ai=$("$PROV" -C "$R" log --agent claude-code --format json | jq '.commits | length' 2>/dev/null || echo "?")
  n_git=$(git -C "$R" log '--grep=^Assisted-by: claude-code' --format=%H | wc -l)
  notes+=("$REPO_LABEL: \`provenance log --agent claude-code\` lists $n_ai commits; \`git log --grep\` $n_git.")
  if [ "$SCAN_RUNS" -gt 0 ]; then
    # scan exits 1 when it finds something: count the findings from its output either way.
    local nf; nf=$({ "$PROV" -C "$R" scan --history --gate secrets --format json 2>/dev/null || true; } | jq '[.gates[].findings[]] | length' 2>/dev/null || echo "?")
    notes+=("$REPO_LABEL: \`scan --history --gate secrets\` reports $nf findings.")
  fi
}

notes=()
echo "generating $COMMITS commits with fast-import …" >&2
t0=$(date +%s)
generate "$TMP/gen.git" "$COMMITS"
echo "generated in $(( $(date +%s) - t0 )) s" >&2
bench_repo "generated ${COMMITS}" "$TMP/gen.git"

if [ -n "$REAL" ]; then
  echo "cloning $REAL (local, read-only source) …" >&2
  git clone -q --bare "$REAL" "$TMP/real.git"
  git -C "$TMP/real.git" commit-graph write --reachable --changed-paths
  bench_repo "$(basename "$(dirname "$REAL")")" "$TMP/real.git"
fi

{
  echo "Machine: $(nproc) cores, $(uname -sr), git $(git --version | cut -d' ' -f3), $( [ $HAVE_HF = 1 ] && hyperfine --version || echo 'bash loop'); wall in seconds, peak RSS in MiB (one run, /usr/bin/time %M)."
  echo
  echo "| repo | command | mean s | σ s | min s | user+sys s | runs | peak RSS MiB |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  printf -- '- %s\n' "${notes[@]}"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine; user+sys is the steadier figure)"
} | tee ${OUT:+"$OUT"}
