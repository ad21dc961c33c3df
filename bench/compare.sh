#!/usr/bin/env bash
# hindsight against the stack a team would assemble today (Hugo with
# enableGitInfo + Pagefind), on one generated repository per size, in one run:
#   1. hindsight build, cold (no cache, no previous site)
#   2. hindsight build, warm: one postmortem edited and committed
#   3. hugo (Debian's package, minimal layout, enableGitInfo) + pagefind over hugo's output
#   4. git log --name-only over the same history (the floor for reading history)
# Wall time and peak memory (max RSS) of each, then the ratios the issue sets
# targets for. Usage: bench/compare.sh [N ...]   (default: 1000 10000)
# Environment: BENCH_DIR (default /tmp/hindsight-bench), PAGEFIND_VERSION (1.6.0),
# WARM_RUNS (5: warm rebuilds, each after its own edit; the median is reported).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="${BENCH_DIR:-/tmp/hindsight-bench}"
npmdir="$work/npm"
pfver="${PAGEFIND_VERSION:-1.6.0}"
warm_runs="${WARM_RUNS:-5}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
mkdir -p "$work" "$npmdir"

command -v hugo >/dev/null || { echo "hugo not found: apt-get install hugo" >&2; exit 2; }
if [ ! -x "$npmdir/node_modules/.bin/pagefind" ]; then
  (cd "$npmdir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund "pagefind@$pfver" >/dev/null)
fi
cargo build --release --manifest-path "$root/Cargo.toml" >/dev/null 2>&1
bin="$root/target/release/hindsight"
# Each step starts with the disk caught up (`sync`): the files an earlier
# step wrote (1.6 GB for a cold build of 10,000) are otherwise written back
# to disk during the next step, which then pays for the one before it.
measure() { sync; "$here/measure.py" "$@"; }
# Earlier outputs are moved aside and deleted only when the run ends (why:
# bench/README.md).
trash="$work/trash"
discard() {
  mkdir -p "$trash"
  for d in "$@"; do
    if [ -e "$d" ]; then mv "$d" "$trash/$(basename "$d").$$.$RANDOM"; fi
  done
}
trap 'rm -rf "$trash"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr); $(hugo version | cut -d' ' -f1-2); pagefind $pfver; hindsight $(git -C "$root" rev-parse --short HEAD)"
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  if [ ! -d "$corpus/.git" ] && [ ! -d "$corpus/objects" ]; then
    python3 "$here/gen_corpus.py" --n "$n" --out "$corpus" >/dev/null
  fi
  # A scratch clone: the benchmark commits an edit and must not touch the corpus.
  repo="$work/compare-repo-$n"
  discard "$repo" "$work/compare-site-$n" "$work/.compare-site-$n.prev" "$work/compare-hugo-$n"
  git clone -q "$corpus" "$repo"
  commits=$(git -C "$repo" rev-list --count HEAD)
  site="$work/compare-site-$n"

  gitlog=$(measure "git log --name-only" -- git -C "$repo" log --name-only --format=%H)
  cold=$(measure "hindsight build, cold" -- "$bin" build --repo "$repo" --out "$site" -q)
  # A second build with nothing changed: the previous site becomes the spare
  # folder the next build updates (the state every later build is in).
  idle=$(measure "hindsight build, nothing changed" -- "$bin" build --repo "$repo" --out "$site" -q)
  # The edit: tick the first open action item of one postmortem, commit,
  # rebuild. Shared machines are noisy, so this is done WARM_RUNS times (a
  # different postmortem each time) and the median is reported.
  warms=()
  for k in $(seq 1 "$warm_runs"); do
    file=$(cd "$repo" && grep -rl -- "- \[ \]" postmortems | sort | tail -"$k" | head -1)
    line=$(grep -n -m1 -- "- \[ \]" "$repo/$file" | cut -d: -f1)
    sed -i "${line}s/- \[ \]/- [x]/" "$repo/$file"
    git -C "$repo" -c user.name=Bench -c user.email=bench@example.com commit -qam "Tick an action item in $file"
    warms+=("$(measure "hindsight build, warm (1 edit)" -- "$bin" build --repo "$repo" --out "$site" -q)")
  done
  warm=$(printf '%s\n' "${warms[@]}" | sort -t$'\t' -k2,2n | sed -n "$(( (warm_runs + 1) / 2 ))p")
  warm_all=$(printf '%s\n' "${warms[@]}" | cut -f2 | tr '\n' ' ')
  # The other kind of edit: a sentence with a word no postmortem had is added
  # to one postmortem's text, so the search index, related incidents and
  # clusters are all recomputed (a tick changes none of them).
  texts=()
  for k in $(seq 1 "$warm_runs"); do
    file=$(cd "$repo" && grep -rl -- "- \[" postmortems | sort | sed -n "$((k * 7))p")
    printf '\nThe on-call engineer noted benchword%s in the logs.\n' "$k$RANDOM" >> "$repo/$file"
    git -C "$repo" -c user.name=Bench -c user.email=bench@example.com commit -qam "Add a sentence to $file"
    texts+=("$(measure "hindsight build, warm (1 text edit)" -- "$bin" build --repo "$repo" --out "$site" -q)")
  done
  text=$(printf '%s\n' "${texts[@]}" | sort -t$'\t' -k2,2n | sed -n "$(( (warm_runs + 1) / 2 ))p")
  text_all=$(printf '%s\n' "${texts[@]}" | cut -f2 | tr '\n' ' ')

  # Hugo: its config and layouts sit untracked in the clone so that
  # enableGitInfo reads the same history; content is the postmortems folder.
  mkdir -p "$repo/layouts/_default"
  cat > "$repo/hugo.toml" <<EOF
baseURL = "http://example.org/"
title = "Postmortems"
contentDir = "postmortems"
enableGitInfo = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
EOF
  cat > "$repo/layouts/_default/baseof.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>
EOF
  cat > "$repo/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p>Updated {{ .Lastmod.Format "2006-01-02" }}{{ with .GitInfo }} by {{ .AuthorName }}{{ end }}</p>{{ .Content }}</article>{{ end }}
EOF
  cat > "$repo/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
EOF
  hugo_out="$work/compare-hugo-$n"
  hugo=$(measure "hugo (enableGitInfo)" -- hugo --source "$repo" --destination "$hugo_out" --quiet)
  pagefind=$(measure "pagefind over hugo's output" -- "$npmdir/node_modules/.bin/pagefind" --site "$hugo_out")

  printf "\nN=%s (%s commits)\n%-36s %10s %10s\n" "$n" "$commits" step seconds peak_MiB
  for row in "$cold" "$idle" "$warm" "$text" "$hugo" "$pagefind" "$gitlog"; do
    IFS=$'\t' read -r label secs mib code <<<"$row"
    [ "$code" = 0 ] || [ "$code" = 1 ] || echo "warning: $label exited with $code" >&2
    printf "%-36s %10s %10s\n" "$label" "$secs" "$mib"
  done
  echo "warm rebuilds (seconds, each after one edit): $warm_all"
  echo "warm rebuilds (seconds, each after one text edit): $text_all"
  pages=$(find "$hugo_out" -name '*.html' | wc -l)
  echo "hugo wrote $pages HTML pages; hindsight wrote $(find "$site" -type f | wc -l) files"
  python3 - "$cold" "$idle" "$warm" "$hugo" "$pagefind" "$gitlog" "$text" <<'EOF'
import sys
rows = [r.split("\t") for r in sys.argv[1:8]]
cold, idle, warm, hugo, pf, gitlog, text = [(float(r[1]), float(r[2])) for r in rows]
stack = hugo[0] + pf[0]
print(f"cold / (hugo + pagefind) wall    = {cold[0] / stack:.2f}   (target <= 0.5)")
print(f"warm / cold wall                 = {warm[0] / cold[0]:.3f}  (target <= 0.1); warm = {warm[0]:.2f} s (target <= 1 s)")
print(f"text edit: warm / cold wall      = {text[0] / cold[0]:.3f}  (target <= 0.1); warm = {text[0]:.2f} s (target <= 1 s)")
print(f"cold peak / max(hugo, pagefind)  = {cold[1] / max(hugo[1], pf[1]):.2f}   (target <= 1; hugo alone: {cold[1] / hugo[1]:.2f})")
EOF
  # History reading alone, measured in-process (HINDSIGHT_TIMINGS) on a cold
  # build without cache, where the whole history is walked after the files
  # are parsed (not beside them): the walk plus the history stage after it.
  hist=$(HINDSIGHT_TIMINGS=1 "$bin" build --repo "$repo" --out "$work/compare-hist-$n" -q --no-cache 2>&1 |
    sed -n -e 's/^timing: *history walk ([^)]*): \([0-9.]*\)s.*/\1/p' \
      -e 's/^timing: *history after the walk: \([0-9.]*\)s.*/\1/p' |
    awk '{ s += $1 } END { printf "%.3f", s }')
  discard "$work/compare-hist-$n"
  g=$(cut -f2 <<<"$gitlog")
  python3 -c "print(f'history stage / git log --name-only = {$hist / $g:.2f}   (history {$hist:.2f} s; target <= 1.5)')"
done
