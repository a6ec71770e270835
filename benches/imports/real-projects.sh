#!/usr/bin/env bash
# Zero-false-positive check of the imports gate on real, well-maintained projects.
# Downloads source distributions (PyPI sdists via `pip download --no-binary :all: --no-deps`,
# npm tarballs via `npm pack`, crates from the local cargo registry after `cargo fetch`, Go
# module zips from the Go module proxy when `go` is absent), then runs the engine over every
# source file with the project's own manifest and prints the finding count per project.
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

report() { printf '%-14s %-22s %s\n' "$1" "$2" "$3"; }
results=()

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

echo
echo "== per project ($gonote)"
for r in "${results[@]}"; do echo "$r"; done
