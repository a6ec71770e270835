#!/usr/bin/env bash
# Peak RSS, major faults and file-system reads of `provenance scan --history` — what the pack
# page reclaiming in crates/git/src/memory.rs trades against each other.
#
#   benches/log/history-rss.sh [--commits N] [--real GIT_DIR] [--runs N] [BINARY…]
#
# Repo: generated with `git fast-import` (N commits, default 3,000; each adds one 32 KiB file
# of pseudo-random text and appends to one of 16 shared files: a ~78 MiB pack every blob of
# which the scan reads), or --real GIT_DIR cloned (bare, no hard links) into the temp dir.
# Each BINARY (default: $CARGO_TARGET_DIR/release/provenance or target/release/provenance)
# runs `scan --history --gate secrets` --runs times (default 2), interleaved, under
# `/usr/bin/time -v`. Hermetic (HOME=tmp, GIT_CONFIG_NOSYSTEM=1).
set -euo pipefail

COMMITS=3000
REAL=""
RUNS=2
BINS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) COMMITS=$2; shift 2 ;;
    --real) REAL=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) BINS+=("$1"); shift ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
[ ${#BINS[@]} -gt 0 ] || BINS=("${CARGO_TARGET_DIR:-$root/target}/release/provenance")
for b in "${BINS[@]}"; do [ -x "$b" ] || { echo "missing binary $b" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
repo=$tmp/repo.git
if [ -n "$REAL" ]; then
  git clone -q --bare --no-hardlinks "$REAL" "$repo"
else
  git init -q --bare -b main "$repo"
  python3 - "$COMMITS" <<'EOF' | git -C "$repo" fast-import --quiet
import random, sys
n = int(sys.argv[1]); random.seed(7)
out = sys.stdout.buffer
alphabet = b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-=+'
shared = [b''] * 16
for i in range(n):
    new = b''.join(bytes(random.choice(alphabet) for _ in range(63)) + b'\n' for _ in range(512))
    k = i % 16
    shared[k] += b'line %d of commit %d token_%06x\n' % (len(shared[k]), i, i)
    msg = b'commit %d\n' % i
    out.write(b'commit refs/heads/main\nmark :%d\ncommitter t <t@example.invalid> %d +0000\ndata %d\n%s'
              % (i + 1, 1700000000 + i * 60, len(msg), msg))
    if i:
        out.write(b'from :%d\n' % i)
    out.write(b'M 100644 inline data/d%05d.txt\ndata %d\n%s\n' % (i, len(new), new))
    out.write(b'M 100644 inline src/s%02d.txt\ndata %d\n%s\n' % (k, len(shared[k]), shared[k]))
EOF
  git -C "$repo" repack -adq
fi
echo "repo: $(git -C "$repo" rev-list --count HEAD) commits, $(git -C "$repo" count-objects -vH | sed -n 's/^size-pack: //p') of packs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %4s %10s %8s %12s %8s\n' binary run "peak KiB" wall "fs reads KiB" majflt
for run in $(seq "$RUNS"); do
  for b in "${BINS[@]}"; do
    (cd "$repo" && /usr/bin/time -v "$b" scan --history --gate secrets >/dev/null 2>"$tmp/time" || true)
    printf '%-40s %4s %10s %8s %12s %8s\n' "$b" "$run" \
      "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")" \
      "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")" \
      "$(( $(sed -n 's/.*File system inputs: //p' "$tmp/time") / 2 ))" \
      "$(sed -n 's/.*Major (requiring I\/O) page faults: //p' "$tmp/time")"
  done
done
