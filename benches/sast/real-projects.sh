#!/usr/bin/env bash
# The built-in SAST rules over the full sources of real, well-maintained projects (tests,
# examples, docs and tools included) at pinned commits: per repository the files scanned,
# the findings per severity, and every high/critical finding as `path:line rule`.
# The goal is zero high/critical findings; see the table in docs/sast.md.
#
# Sources: REPO_MIRROR=<dir> reads <dir>/<owner>+<name>/repo (bare clones); otherwise
# `git fetch --depth 1 <url> <commit>` + `git archive`. Nothing is committed here.
#
# usage: benches/sast/real-projects.sh [WORKDIR]   (default: /tmp/provenance-sast-real)
# SAST_KEEP_TEST_SEVERITY=1 reports findings in tests, docs and tools at their rules' own severity.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/provenance-sast-real}"
mkdir -p "$work"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-sast2}"
(cd "$here" && cargo build -q --release -p provenance-sast --example scan_tree)
scan="$CARGO_TARGET_DIR/release/examples/scan_tree"

# owner/name@commit: the same pins as benches/imports/real-projects.sh.
REPOS="$(sed -n '/^REPOS="/,/^"/p' "$here/benches/imports/real-projects.sh" | grep '@')"

rows=()
for spec in $REPOS; do
  repo="${spec%@*}"; commit="${spec#*@}"
  dir="$work/$(echo "$repo" | tr / +)"
  local_copy="${REPO_MIRROR:-/nonexistent}/$(echo "$repo" | tr / +)/repo"
  if [ ! -d "$dir" ] && [ -d "$local_copy" ]; then
    mkdir -p "$dir" && { git --git-dir="$local_copy" archive "$commit" -- . ":(exclude,glob)**/*.tar" | tar -x -C "$dir"; } || true
  fi
  if [ ! -d "$dir" ]; then
    git init -q --bare "$dir.git"
    git --git-dir="$dir.git" fetch -q --depth 1 "https://github.com/$repo" "$commit" \
      || { echo "$repo: fetch failed"; rm -rf "$dir.git"; continue; }
    mkdir -p "$dir" && { git --git-dir="$dir.git" archive "$commit" | tar -x -C "$dir"; } || true
    rm -rf "$dir.git"
  fi
  out="$(cd "$dir" && "$scan" . ${SAST_KEEP_TEST_SEVERITY:+--keep-test-severity})"
  count() { echo "$out" | awk -v s="$1" '$1=="severity" && $2==s":" {print $3}' | grep . || echo 0; }
  files="$(echo "$out" | sed -n 's/^files=\([0-9]*\).*/\1/p')"
  row="$(printf '%-26s %6s %8s %5s %6s %5s' "$repo" "$files" "$(count critical)" "$(count high)" "$(count medium)" "$(count low)")"
  rows+=("$row")
  echo "== $repo@${commit:0:12}"
  echo "$out" | grep -E '^[^ ]+:[0-9]+ (critical|high) ' | awk '{sub(/^\.\//, "", $1); print $1, $2, $3}' || true
done

echo
printf '%-26s %6s %8s %5s %6s %5s\n' repo files critical high medium low
for r in "${rows[@]}"; do echo "$r"; done
