#!/usr/bin/env bash
# Related incidents and clusters across languages (issue #23), on generated
# multilingual corpora (`gen_corpus.py --causes multilingual`: 8 causes in
# English, Korean and Japanese by two authors each, 12 services):
#  1. builds each corpus with target/release/hindsight and, when BASELINE
#     names another hindsight binary (e.g. one built from main), with it too;
#  2. bench/cross_language.py on each site: cross-language top-3, NMI,
#     purity, clusters per cause, labels;
#  3. bench/clusters_nmi.py: TF-IDF + k-means with the true k (scikit-learn);
#  4. the cost of related + clusters + trends in process (bench/analysis.rs).
# Usage: [BASELINE=/path/to/hindsight] bench/cross_language.sh [N ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="${BENCH_DIR:-/tmp/hindsight-bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
cargo build --release --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
corpora=()
for n in "${sizes[@]}"; do
  corpus="$work/corpus-ml-$n"
  [ -d "$corpus/.git" ] || python3 "$here/gen_corpus.py" --n "$n" --causes multilingual --out "$corpus" >/dev/null
  corpora+=("$corpus")
  for which in hindsight ${BASELINE:+baseline}; do
    bin="$root/target/release/hindsight"
    [ "$which" = baseline ] && bin="$BASELINE"
    site="$work/site-ml-$n-$which"
    rm -rf "$site"
    "$bin" build --repo "$corpus" --out "$site" -q >/dev/null 2>&1
    python3 "$here/cross_language.py" "$corpus" "$site" "$which"
  done
  python3 "$here/clusters_nmi.py" "$corpus" "$work/site-ml-$n-hindsight" | grep -E "tfidf"
done
echo "== cost of related + clusters + trends (seconds; alloc = peak heap on top of the parsed corpus)"
cargo bench --manifest-path "$root/Cargo.toml" --bench analysis -- "${corpora[@]}" 2>/dev/null
