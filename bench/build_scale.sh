#!/usr/bin/env bash
# Build time and peak memory of `hindsight build` on generated corpora, next to
# `git log --name-only` over the same history (the floor for reading history),
# measured in the same run. Usage: bench/build_scale.sh [N ...]   (default 10000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="${BENCH_DIR:-/tmp/hindsight-bench}"
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000)

cargo build --release --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
bin="$root/target/release/hindsight"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
printf "%-8s %-28s %10s %10s\n" N step seconds peak_MiB
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  if [ ! -d "$corpus/.git" ]; then
    python3 "$here/gen_corpus.py" --n "$n" --out "$corpus" >/dev/null
  fi
  commits=$(git -C "$corpus" rev-list --count HEAD)
  out="$work/site-$n"
  rm -rf "$out"
  gitlog=$("$here/measure.py" "git log" -- git -C "$corpus" log --name-only --format=%H)
  build=$("$here/measure.py" "build" -- "$bin" build --repo "$corpus" --out "$out" -q)
  for row in "$gitlog" "$build"; do
    IFS=$'\t' read -r label secs mib code <<<"$row"
    printf "%-8s %-28s %10s %10s\n" "$n" "$label ($commits commits)" "$secs" "$mib"
  done
  g=$(cut -f2 <<<"$gitlog"); b=$(cut -f2 <<<"$build")
  python3 -c "print(f'{$n:<8} build / git log = {$b/$g:.1f}x   files: ' + str(sum(1 for _ in __import__('os').scandir('$out/postmortems'))))"
done
