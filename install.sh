#!/usr/bin/env bash
# Install provenance: build the binaries with cargo, then install the git hooks.
#
#   ./install.sh            build + install hooks in the git repository you run it from
#   ./install.sh --global   build + install hooks machine-wide (global core.hooksPath)
#   ./install.sh --no-hooks build only
#
# Safe to re-run. Existing hooks are kept and still run first; `provenance uninstall`
# (or `provenance uninstall --global`) restores exactly what was there.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=repo
case "${1:-}" in
  "") ;;
  --global) mode=global ;;
  --no-hooks) mode=none ;;
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  *) echo "install.sh: unknown option '$1' (expected --global, --no-hooks or nothing)" >&2; exit 2 ;;
esac

if ! command -v cargo >/dev/null 2>&1; then
  echo "install.sh: cargo not found. Install Rust (https://rustup.rs), then rerun ./install.sh" >&2
  exit 2
fi
if ! command -v git >/dev/null 2>&1; then
  echo "install.sh: git not found; provenance is a set of git hooks and needs git" >&2
  exit 2
fi

echo "install.sh: building provenance (cargo install --path . --locked)…" >&2
cargo install --path "$src" --locked --quiet --force

bin_dir="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
provenance="$bin_dir/provenance"
if [ ! -x "$provenance" ]; then
  echo "install.sh: cargo install finished but $provenance is missing" >&2
  exit 3
fi
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install.sh: note: $bin_dir is not on your PATH; add it to use 'provenance' directly" >&2 ;;
esac

case "$mode" in
  global) "$provenance" install --global ;;
  repo)
    if git rev-parse --git-dir >/dev/null 2>&1; then
      "$provenance" install
    else
      echo "install.sh: not inside a git repository; run 'provenance install' in one (or ./install.sh --global)" >&2
    fi
    ;;
  none) ;;
esac
echo "install.sh: done — $("$provenance" --version)" >&2
