#!/bin/sh
# Install provenance: the binaries (built with cargo, or one you already have), then its git
# hooks, machine-wide or in one repository.
#
#   ./install.sh               inside a repository: its hooks; elsewhere: machine-wide
#   ./install.sh --global      machine-wide: every repository on this machine, no per-repo step
#   ./install.sh --repo        only the repository you run it from
#   ./install.sh --prefix DIR  install the binaries into DIR/bin (default: cargo's, ~/.cargo/bin)
#   ./install.sh --bin PATH    use this provenance binary (the hook binaries beside it) instead
#                              of building; a provenance on PATH at this version is used too
#   ./install.sh --no-hooks    binaries only
#   ./install.sh --uninstall   remove the hooks (add --repo for one repository): git config and
#                              hooks dirs go back to exactly what they were; binaries are kept
#
# POSIX sh, safe to re-run. Existing hooks are kept and run first. A repository opts out with
# `git config provenance.enabled false` (its hooks then only run the hooks they chained).
set -eu

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() { code=$1; shift; say "$*"; exit "$code"; }

src=$(cd "$(dirname "$0")" && pwd)

# Every git hook is a process of its own, so a commit pays a binary's start-up several times.
# On Linux with glibc a static, non-PIE build starts in about half the time of a dynamic one
# (no dynamic loader, no relocations to apply): build that, and fall back to an ordinary
# build where the static one cannot be made (no static libc). PROVENANCE_STATIC=0 skips it.
build_binaries() {
  host=$(rustc -vV 2>/dev/null | sed -n 's/^host: //p')
  case "${PROVENANCE_STATIC:-1}:$host" in
    0:*) ;;
    *:*-linux-gnu)
      if RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+crt-static -C relocation-model=static" \
        cargo install --path "$src" --locked --quiet --force --target "$host" "$@"; then
        return 0
      fi
      say "a static build is not possible here; building a dynamically linked one"
      ;;
  esac
  cargo install --path "$src" --locked --quiet --force "$@"
}
mode=""
prefix=""
bin=""
hooks=1
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --global) mode=global ;;
    --repo) mode=repo ;;
    --prefix) [ $# -ge 2 ] || die 2 "--prefix needs a directory"; prefix=$2; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --bin) [ $# -ge 2 ] || die 2 "--bin needs the path of a provenance binary"; bin=$2; shift ;;
    --bin=*) bin=${1#--bin=} ;;
    --no-hooks) hooks=0 ;;
    --uninstall) uninstall=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die 2 "unknown option '$1' (expected --global, --repo, --prefix DIR, --bin PATH, --no-hooks, --uninstall or --help)" ;;
  esac
  shift
done

command -v git >/dev/null 2>&1 || die 2 "git not found; provenance is a set of git hooks and needs git"
in_repo=0
git rev-parse --git-dir >/dev/null 2>&1 && in_repo=1
if [ -z "$mode" ]; then
  if [ "$in_repo" = 1 ]; then mode=repo; else mode=global; fi
fi
if [ "$mode" = repo ] && [ "$in_repo" = 0 ]; then
  die 2 "--repo: $(pwd) is not inside a git repository (run it from one, or use --global)"
fi

# The version this checkout builds (the [workspace.package] version in Cargo.toml).
want=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/Cargo.toml" 2>/dev/null | head -n 1)

# --- the binary -----------------------------------------------------------------------------
version_of() { "$1" --version 2>/dev/null | sed -n '1s/^provenance \([^ ]*\).*/\1/p'; }

if [ "$uninstall" = 1 ]; then
  # Uninstalling needs a binary that can read what install wrote; never build for it.
  if [ -z "$bin" ]; then
    if [ -n "$prefix" ] && [ -x "$prefix/bin/provenance" ]; then bin=$prefix/bin/provenance
    else bin=$(command -v provenance 2>/dev/null || true)
    fi
    if [ -z "$bin" ]; then
      cargo_bin="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin/provenance"
      [ -x "$cargo_bin" ] && bin=$cargo_bin
    fi
  fi
  [ -n "$bin" ] && [ -x "$bin" ] || die 2 "no provenance binary found to uninstall with (pass --bin PATH)"
  if [ "$mode" = global ]; then
    "$bin" uninstall --global
  else
    "$bin" uninstall
  fi
  say "left alone: the binaries ($(dirname "$bin")); remove them with 'cargo uninstall provenance' (or delete them)"
  exit 0
fi

if [ -n "$bin" ]; then
  [ -x "$bin" ] || die 2 "--bin $bin: not an executable file"
  have=$(version_of "$bin")
  [ -n "$have" ] || die 2 "--bin $bin: '$bin --version' does not print 'provenance <version>'"
  for b in provenance-pre-commit provenance-commit-msg provenance-prepare-commit-msg \
           provenance-post-commit provenance-post-rewrite provenance-pre-push; do
    [ -x "$(dirname "$bin")/$b" ] || die 2 "--bin $bin: $b is missing beside it (the hooks run it)"
  done
  if [ -n "$prefix" ]; then
    # Copy beside each other into DIR/bin; a temp name then a rename, so a running hook never
    # sees half a binary.
    mkdir -p "$prefix/bin"
    for f in "$(dirname "$bin")"/provenance "$(dirname "$bin")"/provenance-*; do
      case $f in *.d|*.pdb) continue ;; esac
      [ -f "$f" ] && [ -x "$f" ] || continue
      name=$(basename "$f")
      cp "$f" "$prefix/bin/.$name.tmp.$$" && mv -f "$prefix/bin/.$name.tmp.$$" "$prefix/bin/$name"
    done
    bin=$prefix/bin/provenance
    say "copied the binaries into $prefix/bin"
  else
    say "using $bin (provenance $have); nothing built"
  fi
else
  found=$(command -v provenance 2>/dev/null || true)
  if [ -z "$prefix" ] && [ -n "$found" ] && [ -n "$want" ] && [ "$(version_of "$found")" = "$want" ]; then
    bin=$found
    say "using $found (provenance $want, already installed); nothing built (rebuild: cargo install --path . --locked --force)"
  else
    command -v cargo >/dev/null 2>&1 || die 2 "cargo not found. Install Rust (rustup), then rerun ./install.sh (or pass --bin PATH)"
    if [ -n "$prefix" ]; then
      say "building provenance $want into $prefix/bin (cargo install --path . --locked --root $prefix)…"
      build_binaries --root "$prefix"
      bin_dir=$prefix/bin
    else
      say "building provenance $want (cargo install --path . --locked)…"
      build_binaries
      bin_dir="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
    fi
    bin=$bin_dir/provenance
    [ -x "$bin" ] || die 3 "cargo install finished but $bin is missing"
  fi
fi
case ":$PATH:" in
  *":$(dirname "$bin"):"*) ;;
  *) say "note: $(dirname "$bin") is not on your PATH; add it to run 'provenance' by name (the hooks do not need it)" ;;
esac

# --- the hooks ------------------------------------------------------------------------------
if [ "$hooks" = 0 ]; then
  say "left alone: git config and every hooks dir (--no-hooks)"
elif [ "$mode" = global ]; then
  "$bin" install --global
  [ "$in_repo" = 1 ] || say "every repository on this machine now runs the hooks; opt one out with: git config provenance.enabled false"
else
  "$bin" install
  say "left alone: the global git config (machine-wide install: ./install.sh --global)"
fi
say "done — $("$bin" --version)"
