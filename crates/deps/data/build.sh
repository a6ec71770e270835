#!/bin/sh
# Rebuild the registry name indexes shipped in this directory (built into provenance with
# include_bytes!). Sources: the package listings of the machine that builds them
# (PROVENANCE_LISTINGS, default /work/.library/env/packages: pypi.tsv, npm.tsv) and, for
# crates, the popular-crates list of crates/imports plus the crates Cargo has cached there.
# Usage: sh crates/deps/data/build.sh   (from the repository root)
set -eu
src=${PROVENANCE_LISTINGS:-/work/.library/env/packages}
snapshot=${PROVENANCE_SNAPSHOT:-2026-12-01}
out=crates/deps/data
run="cargo run -q --release -p provenance-deps --example build-index --"
min=$(awk -F'\t' 'NR > 1 && $3 != "" { if (m == "" || $3 + 0 < m) m = $3 + 0 } END { print m }' "$src/npm.tsv")
$run pypi complete "$snapshot" 15000 "$out/pypi.idx" \
  "every PyPI project name listed on $snapshot" "$src/pypi.tsv"
$run npm popular "$snapshot" 10000 "$out/npm.idx" \
  "the npm packages with at least $min downloads a month" "$src/npm.tsv"
n=$(wc -l < crates/imports/src/data/popular_crates.txt)
$run crates sample "$snapshot" 100000 "$out/crates.idx" \
  "$n popular crates and the crates Cargo had cached where provenance was built" \
  "ranked:crates/imports/src/data/popular_crates.txt" "cargo-home:${CARGO_HOME:-$HOME/.cargo}"
ls -l "$out"/*.idx
