#!/usr/bin/env bash
# 100,000 postmortems in one folder (no subfolders): the build must finish in
# bounded time and memory. Not run by `cargo test` (minutes, GBs of output).
#   bench/many_files.sh [N]   (default 100000; needs target/release/hindsight)
# Prints wall time and peak RSS from /usr/bin/time -v.
set -euo pipefail
N=${1:-100000}
BIN=$(cd "$(dirname "$0")/.." && pwd)/target/release/hindsight
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/repo/postmortems"
python3 - "$WORK/repo/postmortems" "$N" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
words = ["database", "timeout", "deploy", "cache", "dns", "certificate", "queue", "disk", "network", "config"]
for i in range(n):
    a, b = words[i % 10], words[(i // 10) % 10]
    with open(os.path.join(d, f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}-incident-{i}.md"), "w") as f:
        f.write(f"---\ntitle: {a} {b} incident {i}\nseverity: SEV{i % 3 + 1}\nservices: [svc-{i % 50}]\n---\n"
                f"## Summary\nThe {a} failed after a {b} change.\n\n## Root Causes\n{a} {b} {i % 97}\n")
PY
echo "$N files in one folder: $(du -sh "$WORK/repo/postmortems" | cut -f1)"
/usr/bin/time -v "$BIN" build --repo "$WORK/repo" --out "$WORK/out" -q 2>"$WORK/time.txt" || true
grep -E "^Built|Elapsed|Maximum resident" "$WORK/time.txt"
echo "output: $(find "$WORK/out" -type f | wc -l) files, $(du -sh "$WORK/out" | cut -f1)"
