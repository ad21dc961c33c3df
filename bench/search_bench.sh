#!/usr/bin/env bash
# Browser search benchmark: our sharded static index against Pagefind on the
# same built HTML of a generated corpus, in headless Chromium (one run, one
# table). See bench/README.md, "Search benchmark".
#
# Usage: bench/search_bench.sh [N]          (default 10000 postmortems)
# Environment:
#   BENCH_DIR         work folder (default /tmp/hindsight-bench): corpus-N (reused
#                     if present), site-N (rebuilt), pagefind-site-N, search-bench-N
#   BENCH_NPM         scratch folder for the Pagefind npm package (default
#                     $BENCH_DIR/npm); a playwright-core installed there too is
#                     used when the repository has none (before `npm ci`)
#   PAGEFIND_VERSION  npm version of pagefind (default 1.6.0)
#   CHROMIUM          browser binary (default /usr/bin/chromium)
#   QUERIES / COLD    queries per kind (one-word, three-word) timed warm / measured cold
#                     (default 25 / 25)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
n="${1:-10000}"
work="${BENCH_DIR:-/tmp/hindsight-bench}"
npmdir="${BENCH_NPM:-$work/npm}"
pfver="${PAGEFIND_VERSION:-1.6.0}"
corpus="$work/corpus-$n"
site="$work/site-$n"
pfsite="$work/pagefind-site-$n"
out="$work/search-bench-$n"
mkdir -p "$work" "$npmdir" "$out"

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# 1. Release build (retried: someone may be in the middle of an edit in src/).
for try in 1 2 3 4 5 6; do
  if cargo build --release --manifest-path "$root/Cargo.toml" >"$out/cargo.log" 2>&1; then break; fi
  [ "$try" = 6 ] && { tail -30 "$out/cargo.log" >&2; echo "cargo build --release failed" >&2; exit 1; }
  echo "cargo build --release failed (try $try); retrying in 60 s" >&2
  sleep 60
done
bin="$root/target/release/hindsight"

# 2. Tools: Pagefind (its npm package ships the binary) and, before `npm ci`,
#    playwright-core in the same scratch folder.
if [ ! -x "$npmdir/node_modules/.bin/pagefind" ] || ! grep -q "\"version\": \"$pfver\"" "$npmdir/node_modules/pagefind/package.json"; then
  (cd "$npmdir" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund "pagefind@$pfver" >/dev/null)
fi
# playwright-core: the repository's (`npm ci`) is used when present; the scratch
# copy is the fallback (search_bench.mjs reads PLAYWRIGHT_CORE_DIR only if the
# normal import fails).
if [ ! -d "$npmdir/node_modules/playwright-core" ]; then
  pwver=$(node -p "require('$root/package.json').devDependencies['playwright-core']" 2>/dev/null || echo latest)
  (cd "$npmdir" && npm install --no-audit --no-fund "playwright-core@$pwver" >/dev/null)
fi
export PLAYWRIGHT_CORE_DIR="$npmdir"

# 3. Corpus (reused when present).
if [ ! -d "$corpus/.git" ]; then
  python3 "$here/gen_corpus.py" --n "$n" --out "$corpus" >/dev/null
fi

# 4. Our build: the whole `hindsight build`, with the stage timings.
rm -rf "$site"
t0=$(now)
rc=0
HINDSIGHT_TIMINGS=1 "$bin" build -q --repo "$corpus" --out "$site" >/dev/null 2>"$out/build.stderr" || rc=$?
t1=$(now)
# Exit code 1: some postmortems had errors, the site was still built.
[ "$rc" -le 1 ] || { tail -20 "$out/build.stderr" >&2; echo "hindsight build failed ($rc)" >&2; exit 1; }
ours_build=$(secs "$t0" "$t1")
stage() { sed -n "s/^timing: *$1: \([0-9.]*\)s.*$/\1/p" "$out/build.stderr" | tail -1; }
# The search index is made on its own thread beside analysis and pages:
# term counts and postings, then the files.
ours_index=$(stage "index (beside analysis and pages)")
ours_scores=$(stage "search files (beside analysis and pages)")
ours_render=$(stage render)

# 5. Pagefind on a copy of the same HTML, postmortem pages only (10,000
#    documents, like our index; without --glob it would also index the
#    year/service/tag list pages).
rm -rf "$pfsite"
cp -r "$site" "$pfsite"
rm -rf "$pfsite/search" # not needed by Pagefind; keeps its copy of the site clean
t0=$(now)
(cd "$npmdir" && npx --no-install pagefind --site "$pfsite" --glob "postmortems/**/*.html") >"$out/pagefind.log" 2>&1
t1=$(now)
pf_build=$(secs "$t0" "$t1")
grep -E "Indexed [0-9]+ pages|Finished in" "$out/pagefind.log" | sed 's/^ */pagefind: /' >&2

# 6. Browser measurements and the table.
echo "hindsight $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src site-theme 2>/dev/null || echo ' + uncommitted changes in src/ or site-theme/'); pagefind $pfver; $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1)" | tee "$out/table.txt"
node "$here/search_bench.mjs" --site "$site" --pf-site "$pfsite" --corpus "$corpus" --out "$out" \
  --queries "${QUERIES:-25}" --cold "${COLD:-25}" --chromium "${CHROMIUM:-/usr/bin/chromium}" \
  --ours-build "$ours_build" --ours-index "$ours_index" --ours-scores "$ours_scores" \
  --ours-render "$ours_render" --pf-build "$pf_build" | tee -a "$out/table.txt"
