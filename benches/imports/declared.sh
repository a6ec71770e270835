#!/usr/bin/env bash
# Whole-hook timing of the declared-dependency check at pre-commit: the pre-commit hook on a
# 2-file staged change that adds three dependencies (two to requirements.txt, one to
# package.json) with every gate, against the same hook on the same change with the imports
# gate skipped (PROVENANCE_SKIP=imports; both run through `env`): on a change of manifests
# only, the imports gate is the declared-dependency check, so the difference is its cost.
# Also: the hook on a 2-file change that touches no manifest, and on a change adding three
# invented names (blocked; the path that searches for the nearest real names).
#
#   benches/imports/declared.sh [--runs N]
#
# Binaries from $PROVENANCE_BIN_DIR (default: $CARGO_TARGET_DIR/release or target/release).
# Hermetic: a temp HOME, GIT_CONFIG_NOSYSTEM=1. Needs hyperfine (Debian package) and jq.
set -euo pipefail
RUNS=100
[ "${1:-}" = "--runs" ] && RUNS=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${PROVENANCE_BIN_DIR:-${CARGO_TARGET_DIR:-$root/target}/release}
[ -x "$BIN/provenance-pre-commit" ] || { echo "missing $BIN/provenance-pre-commit: cargo build --release" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/prov-declared-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C PATH="$BIN:$PATH"
mkdir -p "$HOME"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE CLAUDECODE AI_AGENT
git config --global user.name "Bench User"
git config --global user.email "bench@example.com"
git config --global init.defaultBranch main

repo() { # DIR — requirements.txt, package.json and a module, committed; hooks installed
  git init -q "$1"
  cd "$1"
  printf 'requests>=2\n' > requirements.txt
  printf '{\n  "name": "bench",\n  "dependencies": {\n    "express": "^4"\n  }\n}\n' > package.json
  printf 'import requests\n' > app.py
  git add -A && git commit -q -m initial
  provenance install >/dev/null 2>&1
  cd - >/dev/null
}

repo "$TMP/none"
printf 'import requests\nimport os\n' > "$TMP/none/app.py"
printf 'notes\n' > "$TMP/none/NOTES.txt"
git -C "$TMP/none" add -A

repo "$TMP/real"
printf 'requests>=2\nhttpx>=0.27\nrich\n' > "$TMP/real/requirements.txt"
printf '{\n  "name": "bench",\n  "dependencies": {\n    "express": "^4",\n    "lodash": "^4"\n  }\n}\n' > "$TMP/real/package.json"
git -C "$TMP/real" add -A

repo "$TMP/invented"
printf 'requests>=2\nfastjsonx\nrequests-async-helper-pro\n' > "$TMP/invented/requirements.txt"
printf '{\n  "name": "bench",\n  "dependencies": {\n    "express": "^4",\n    "express-session-guardian-pro": "^1"\n  }\n}\n' > "$TMP/invented/package.json"
git -C "$TMP/invented" add -A

for r in none real invented; do
  (cd "$TMP/$r" && .git/hooks/pre-commit >/dev/null 2>&1) && rc=0 || rc=$?
  echo "pre-commit in '$r' exits $rc" >&2
done

median() { # DIR [SKIP] — median, mean, min wall ms and user+sys CPU ms of the pre-commit hook
  (cd "$1" && hyperfine -N -i --runs "$RUNS" --warmup 5 --style none --export-json "$TMP/hf.json" "env PROVENANCE_SKIP=${2:-} $1/.git/hooks/pre-commit" >/dev/null 2>&1)
  jq -r '.results[0] | "\(.median*1000) \(.mean*1000) \(.min*1000) \((.user+.system)*1000)"' "$TMP/hf.json"
}
read -r m0 a0 n0 c0 < <(median "$TMP/none")
read -r m1 a1 n1 c1 < <(median "$TMP/real")
read -r ms as ns cs < <(median "$TMP/real" imports)
read -r m2 a2 n2 c2 < <(median "$TMP/invented")
printf '| pre-commit hook, 2-file staged change | median ms | mean ms | min ms | CPU ms |\n|---|---|---|---|---|\n'
printf '| no manifest touched (a .py, a .txt) | %.2f | %.2f | %.2f | %.2f |\n' "$m0" "$a0" "$n0" "$c0"
printf '| requirements.txt + package.json adding 3 real dependencies | %.2f | %.2f | %.2f | %.2f |\n' "$m1" "$a1" "$n1" "$c1"
printf '| the same, imports gate skipped | %.2f | %.2f | %.2f | %.2f |\n' "$ms" "$as" "$ns" "$cs"
printf '| adding 3 invented dependencies (blocked, nearest names searched) | %.2f | %.2f | %.2f | %.2f |\n' "$m2" "$a2" "$n2" "$c2"
awk -v a="$m1" -v b="$ms" -v c="$a1" -v d="$as" -v e="$c1" -v f="$cs" 'BEGIN { printf "\nchecking the 3 added dependencies costs %.2f ms (median), %.2f ms (mean), %.2f ms CPU (%s runs)\n", a - b, c - d, e - f, "'"$RUNS"'" }'
