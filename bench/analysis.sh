#!/usr/bin/env bash
# What the corpus-wide analysis costs and how good its clusters are, on
# generated corpora of several sizes (default 1000 5000 10000):
#  1. time and extra memory of related incidents + clustering + trends
#     (in process, `cargo bench --bench analysis`);
#  2. clustering quality: NMI against the generator's known root-cause
#     families, next to a TF-IDF + k-means baseline (bench/clusters_nmi.py,
#     needs scikit-learn).
# Usage: bench/analysis.sh [N ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="${BENCH_DIR:-/tmp/hindsight-bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 5000 10000)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
corpora=()
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  [ -d "$corpus/.git" ] || python3 "$here/gen_corpus.py" --n "$n" --out "$corpus" >/dev/null
  corpora+=("$corpus")
done

echo "== analysis cost (seconds; alloc = peak heap on top of the parsed corpus)"
cargo bench --manifest-path "$root/Cargo.toml" --bench analysis -- "${corpora[@]}" 2>/dev/null

echo "== clustering quality"
cargo build --release --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
for corpus in "${corpora[@]}"; do
  site="$work/site-$(basename "$corpus")"
  "$root/target/release/hindsight" build --repo "$corpus" --out "$site" -q 2>/dev/null
  python3 "$here/clusters_nmi.py" "$corpus" "$site"
done
