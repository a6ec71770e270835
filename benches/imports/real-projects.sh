#!/usr/bin/env bash
# Zero-false-positive check of the imports gate on real, well-maintained projects.
# Downloads source distributions (PyPI sdists via `pip download --no-binary :all: --no-deps`,
# npm tarballs via `npm pack`, crates from the local cargo registry after `cargo fetch`, Go
# module zips from the Go module proxy when `go` is absent), then runs the engine over every
# source file with the project's own manifest and prints the finding count per project.
#
# Then the same over full GitHub repositories (tests, examples, docs, tools included) at
# pinned commits: `git fetch --depth 1 <url> <commit>` + `git archive`, never committed here.
# REPO_MIRROR=<dir> reads <dir>/<owner>+<name>/repo (bare clones) instead of fetching.
# Set REPOS_ONLY=1 to skip the registry downloads, SKIP_REPOS=1 to skip the repositories.
# Summary lines: blocking = high findings; info includes transitive = `transitive-import`
# (undeclared but in a lockfile / installed metadata / the shipped requirements table).
#
# usage: benches/imports/real-projects.sh [WORKDIR]   (default: /tmp/provenance-real-projects)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/provenance-real-projects}"
mkdir -p "$work"/{py,npm,crates,go}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-imports}"
(cd "$here" && cargo build -q --release -p provenance-imports --example scan_tree)
scan="$CARGO_TARGET_DIR/release/examples/scan_tree"

PY="requests==2.32.3 flask==3.0.3 click==8.1.7 attrs==24.2.0 rich==13.9.4 httpx==0.27.2 jinja2==3.1.4 urllib3==2.2.3 werkzeug==3.0.6 packaging==24.2"
NPM="express@4.21.1 axios@1.7.7 chalk@5.3.0 commander@12.1.0 zod@3.23.8 vite@5.4.10 date-fns@4.1.0 react-router@6.28.0 preact@10.24.3"
CRATES="serde_json anyhow clap_builder regex memchr chrono gix syn tokio"
GOMODS="github.com/spf13/cobra@v1.8.1 github.com/google/uuid@v1.6.0 github.com/gorilla/mux@v1.8.1"

# Full repositories, owner/name@commit (the commits of the table in docs/imports.md).
REPOS="
pallets/werkzeug@1b00618e787f40dfb21eba29caf8f8be7c8e1d93
pallets/flask@2ac89889f4cc330eabd50f295dcef02828522c69
psf/requests@1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e
encode/httpx@ae1b9f66238f75ced3ced5e4485408435de10768
urllib3/urllib3@6a8536b6e1b0cbe69ae801337c599951e527ae29
Textualize/rich@42899d8a0a96b121a514516f4be9db44ff7aeaf3
tiangolo/fastapi@6d9dc39fcb3eb3bcd9c2a693683d68311d1618e0
pydantic/pydantic@2151025aa51263f3016502b00010b78e4481eaa1
expressjs/express@a3714473feb3d2908add734d340e7755fd85e0a3
axios/axios@23a25af0688d1db2c396deb09229d2271cc24f6c
tj/commander.js@ba6d13ddb4243e5913367734f8c159089ffe7834
chalk/chalk@678e5505458d0cf40134e205aed4454e0eeac45c
vitejs/vite@a98c8d95d552c6fa98ab66fb810f5b39ad5abf49
BurntSushi/ripgrep@3fce3b5bb0236da2df6d99672afb8a719642eca7
serde-rs/json@827a315bf2198558f0325b07bcc1e2cd973aba2f
clap-rs/clap@6982fb1c98c7247e38a6d4f04191b94e30497e7b
tokio-rs/tokio@ea91b33ca57ff0581b38e735cc108f831bccbdaa
GitoxideLabs/gitoxide@b8914ffda5bc8f6ea851aaf1f720140acfe96dbb
spf13/cobra@adbc8813901bba65827259daa8e22ff94ec1f30e
gorilla/mux@db9d1d0073d27a0a2d9a8c1bc52aa0af4374d265
sirupsen/logrus@87434bb3a736e2a27d34df66924471714f408d3d
gin-gonic/gin@dcaa4296d111981ffb31ac3eba90bb63e1eb5ab9
prometheus/client_golang@89c60c0554699c74fa3d4eec472b98a3108905e3
"

report() { printf '%-14s %-22s %s\n' "$1" "$2" "$3"; }
results=()

if [ -z "${REPOS_ONLY:-}" ]; then
for spec in $PY; do
  name="${spec%%==*}"
  dir="$work/py/$name"
  if [ ! -d "$dir" ]; then
    (cd "$work/py" && pip download -q --no-binary :all: --no-deps "$spec" -d dl >/dev/null 2>&1) || { report python "$spec" "download failed"; continue; }
    tarball="$(ls "$work"/py/dl/* | grep -i "/${name}-" | head -1 || true)"
    mkdir -p "$dir" && tar -xzf "$tarball" -C "$dir" --strip-components=1
  fi
  out="$("$scan" "$dir" --quiet)"; echo "$out" | grep -v '^summary' || true
  results+=("python $spec $(echo "$out" | tail -1)")
done

for spec in $NPM; do
  name="${spec%@*}"
  dir="$work/npm/$name"
  if [ ! -d "$dir" ]; then
    tgz="$(cd "$work/npm" && npm pack -q "$spec" 2>/dev/null | tail -1)" || { report npm "$spec" "download failed"; continue; }
    mkdir -p "$dir" && tar -xzf "$work/npm/$tgz" -C "$dir" --strip-components=1
  fi
  out="$("$scan" "$dir" --quiet)"; echo "$out" | grep -v '^summary' || true
  results+=("npm $spec $(echo "$out" | tail -1)")
done

# Crates: `cargo fetch` of a scratch crate that depends on them, then read the registry sources.
scratch="$work/crates/scratch"
mkdir -p "$scratch/src" && echo "" > "$scratch/src/lib.rs"
{ echo '[package]'; echo 'name = "scratch"'; echo 'version = "0.0.0"'; echo 'edition = "2021"'; echo '[dependencies]'
  for c in $CRATES; do echo "$c = \"*\""; done; } > "$scratch/Cargo.toml"
(cd "$scratch" && cargo fetch -q >/dev/null 2>&1) || echo "cargo fetch failed; using whatever the registry holds"
reg="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)"
for c in $CRATES; do
  dir="$(ls -d "$reg$c"-[0-9]* 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$dir" ] || { report crate "$c" "not in registry"; continue; }
  out="$("$scan" "$dir" --quiet)"; echo "$out" | grep -v '^summary' || true
  results+=("crate $(basename "$dir") $(echo "$out" | tail -1)")
done

if command -v go >/dev/null 2>&1; then
  gonote="go toolchain present (module zips still fetched from the proxy for a pinned version)"
else
  gonote="go toolchain absent: module zips fetched from proxy.golang.org with curl"
fi
for spec in $GOMODS; do
  mod="${spec%@*}"; ver="${spec#*@}"
  dir="$work/go/$(echo "$mod" | tr / _)"
  if [ ! -d "$dir" ]; then
    curl -fsSL "https://proxy.golang.org/$mod/@v/$ver.zip" -o "$work/go/m.zip" || { report go "$spec" "download failed"; continue; }
    mkdir -p "$dir.tmp" && (cd "$dir.tmp" && unzip -q "$work/go/m.zip") && mv "$dir.tmp/$mod@$ver" "$dir" && rm -rf "$dir.tmp"
  fi
  out="$("$scan" "$dir" --quiet)"; echo "$out" | grep -v '^summary' || true
  results+=("go $spec $(echo "$out" | tail -1)")
done

fi # REPOS_ONLY

if [ -z "${SKIP_REPOS:-}" ]; then
  mkdir -p "$work/repos"
  for spec in $REPOS; do
    repo="${spec%@*}"; commit="${spec#*@}"
    dir="$work/repos/$(echo "$repo" | tr / +)"
    local_copy="${REPO_MIRROR:-/nonexistent}/$(echo "$repo" | tr / +)/repo"
    if [ ! -d "$dir" ] && [ -d "$local_copy" ]; then
      mkdir -p "$dir" && { git -C "$local_copy" archive "$commit" -- . ":(exclude,glob)**/*.tar" | tar -x -C "$dir"; } || true
    fi
    if [ ! -d "$dir" ]; then
      git="git -C $dir.git"
      git init -q --bare "$dir.git"
      $git fetch -q --depth 1 "https://github.com/$repo" "$commit" || { report repo "$repo" "fetch failed"; rm -rf "$dir.git"; continue; }
      # Large test archives are LFS-like and may be absent; sources are what matters.
      mkdir -p "$dir" && { $git archive "$commit" | tar -x -C "$dir"; } || true
      rm -rf "$dir.git"
    fi
    out="$("$scan" "$dir" --quiet)"; echo "$out" | grep -v '^summary' || true
    results+=("repo $repo@${commit:0:12} $(echo "$out" | tail -1)")
  done
fi

echo
echo "== per project (${gonote:-go modules skipped})"
for r in "${results[@]}"; do echo "$r"; done
