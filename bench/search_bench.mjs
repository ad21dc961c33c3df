#!/usr/bin/env node
// Browser search benchmark: our static index (OUT/search/, docs/src/search-index.md)
// against Pagefind on the same built HTML, in headless Chromium.
// Normally run by bench/search_bench.sh, which builds both indexes and passes
// the build times. Prints one table; writes the queries and per-query numbers
// to --out.
//
//   node bench/search_bench.mjs --site SITE --pf-site SITE_COPY --corpus REPO \
//     [--out DIR] [--queries 25] [--cold 25] [--chromium /usr/bin/chromium] \
//     [--ours-build S --ours-index S --ours-scores S --ours-render S --pf-build S]
//
// Bytes are counted by the benchmark's own static server (node:http on
// 127.0.0.1): the body bytes it sent for each request, so requests made by
// Pagefind's Web Worker are counted too. Playwright's request.sizes()
// (CDP Network.loadingFinished encodedDataLength minus headers) is summed as a
// cross-check; it equals the server's count except for the worker's own script,
// which it reports as 0 bytes. Two hosts are simulated: "plain" (files sent as they are on
// disk; both indexes are pre-compressed) and "gzip" (the server also gzips
// .js/.json/.html/.css on the fly, as most static hosts do).

import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

// playwright-core comes from the repository's node_modules (`npm ci`); the
// driver may point PLAYWRIGHT_CORE_DIR at a scratch install instead.
async function loadChromium() {
  try {
    return (await import('playwright-core')).chromium;
  } catch (e) {
    const dir = process.env.PLAYWRIGHT_CORE_DIR;
    if (!dir) throw new Error(`cannot import playwright-core (run \`npm ci\` first): ${e.message}`);
    const require = createRequire(path.join(path.resolve(dir), 'noop.js'));
    return require('playwright-core').chromium;
  }
}

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const a = { queries: 25, cold: 25, chromium: '/usr/bin/chromium', out: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--')) throw new Error(`unexpected argument ${k}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${k} needs a value`);
    a[k.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = v;
  }
  for (const k of ['site', 'pfSite', 'corpus']) {
    if (!a[k]) throw new Error(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is required`);
  }
  a.queries = Number(a.queries);
  a.cold = Math.min(Number(a.cold), a.queries);
  return a;
}

const args = parseArgs(process.argv.slice(2));
const SITE = path.resolve(args.site);
const PF_SITE = path.resolve(args.pfSite);
const OUT = path.resolve(args.out || path.join(path.dirname(SITE), 'search-bench'));
fs.mkdirSync(OUT, { recursive: true });

// -------------------------------------------------------------------- queries

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STOP = new Set(
  ('the and for with that this from were was our their they have has had been into when then than which while ' +
    'after before about because during also only more some same each there what will would could should not but ' +
    'are its all any per out new via over such them these those last first did does done who why how one two ' +
    'three four five six seven eight nine ten between within until without again still both most other very')
    .split(' '),
);

function listMarkdown(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md') && e.name !== 'README.md') out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Realistic queries from the generated postmortems themselves: from evenly
 * spaced English files, one content word (one-word query) and three
 * consecutive content words of one prose line (three-word query).
 */
function pickQueries(corpus, n) {
  const files = listMarkdown(path.join(corpus, 'postmortems'));
  if (!files.length) throw new Error(`no postmortems under ${corpus}/postmortems`);
  const rand = rng(1);
  // A seeded shuffle of the files: a random sample, the same on every run.
  const order = files.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const one = [];
  const three = [];
  const source = [];
  for (const k of order) {
    if (one.length >= n) break;
    const file = files[k];
    const text = fs.readFileSync(file, 'utf8');
    if (/[\uac00-\ud7af]/.test(text)) continue; // Pagefind indexes the site as English only
    const prose = text
      .split('\n')
      .filter((l) => l.length > 40 && /^[A-Za-z]/.test(l) && !l.includes('|') && !/^[a-z_]+:/.test(l))
      .map((l) => (l.match(/[A-Za-z]{4,}/g) || []).map((w) => w.toLowerCase()).filter((w) => !STOP.has(w)));
    const words = prose.flat();
    const lines = prose.filter((ws) => ws.length >= 3);
    if (!words.length || !lines.length) continue;
    const w = words[Math.floor(rand() * words.length)];
    const line = lines[Math.floor(rand() * lines.length)];
    const at = Math.floor(rand() * (line.length - 2));
    const q3 = line.slice(at, at + 3).join(' ');
    if (one.includes(w) || three.includes(q3)) continue;
    one.push(w);
    three.push(q3);
    source.push(path.relative(corpus, file));
  }
  return { one, three, source };
}

// --------------------------------------------------------------------- disk

function diskStats(dir) {
  let bytes = 0;
  let files = 0;
  let largest = { name: '', size: 0 };
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const size = fs.statSync(p).size;
        bytes += size;
        files++;
        if (size > largest.size) largest = { name: path.relative(dir, p), size };
      }
    }
  };
  walk(dir);
  return { bytes, files, largest };
}

// ------------------------------------------------------------------- server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.json', '.css', '.svg']);

// Minimal pages: each engine's own module, imported on the first query, then
// one query with ten results' titles/snippets loaded. benchSearch returns
// {ms, total, titles}.
const HARNESS = {
  ours: `<!doctype html><meta charset="utf-8"><title>ours</title><script type="module">
let idx = null;
window.benchSearch = async (q) => {
  const t0 = performance.now();
  if (!idx) {
    const { SearchIndex } = await import('/ours/static/search-core.js');
    idx = new SearchIndex(new URL('/ours/search/', location.href).href);
  }
  const r = await idx.search(q, { limit: 10 });
  const ms = performance.now() - t0;
  return { ms, total: r.total, titles: r.results.map((x) => x.title) };
};
window.benchReady = true;
</script>`,
  pagefind: `<!doctype html><meta charset="utf-8"><title>pagefind</title><script type="module">
let pagefind = null;
window.benchSearch = async (q) => {
  const t0 = performance.now();
  if (!pagefind) {
    pagefind = await import('/pf/pagefind/pagefind.js');
    await pagefind.init();
  }
  const s = await pagefind.search(q);
  const msSearch = performance.now() - t0;
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  const ms = performance.now() - t0;
  return { ms, msSearch, total: s.results.length, titles: data.map((d) => (d.meta && d.meta.title) || d.url) };
};
window.benchReady = true;
</script>`,
};

function startServer() {
  const state = { gzip: false, log: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    let body;
    let ext;
    if (p === '/__bench/ours.html' || p === '/__bench/pagefind.html') {
      body = Buffer.from(HARNESS[p.slice(9, -5)]);
      ext = '.html';
    } else {
      let root = null;
      let rel = null;
      if (p.startsWith('/ours/')) [root, rel] = [SITE, p.slice(6)];
      else if (p.startsWith('/pf/')) [root, rel] = [PF_SITE, p.slice(4)];
      const file = root && path.join(root, rel);
      if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        state.log.push({ path: p, bytes: 9, status: 404 });
        return;
      }
      body = fs.readFileSync(file);
      ext = path.extname(file);
    }
    const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-cache' };
    if (state.gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body, { level: 6 });
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    state.log.push({ path: p, bytes: body.length, status: 200 });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state, port: server.address().port })));
}

// ------------------------------------------------------------- measurements

/** Byte category of a request path (harness pages are not counted). */
function category(p) {
  if (p.startsWith('/__bench/')) return null;
  const f = p.slice(p.lastIndexOf('/') + 1);
  if (p.startsWith('/ours/')) {
    if (f.endsWith('.js')) return 'js';
    if (f === 'manifest.json') return 'manifest';
    if (f.startsWith('terms-')) return 'shards';
    if (f.startsWith('norms-')) return 'norms';
    if (f.startsWith('docs-')) return 'doc blocks';
    if (f.startsWith('facets-')) return 'facets';
    if (p.includes('/search/text/')) return 'passages';
    return 'other';
  }
  if (f.endsWith('.js')) return 'js';
  if (f.startsWith('wasm.')) return 'wasm';
  if (f.endsWith('.json') || f.endsWith('.pf_meta')) return 'entry+meta';
  if (f.endsWith('.pf_index')) return 'index chunks';
  if (f.endsWith('.pf_fragment')) return 'fragments';
  if (f.endsWith('.pf_filter')) return 'filters';
  return 'other';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until no request has arrived at the server for `quietMs`. */
async function settle(state, quietMs = 150) {
  let n = -1;
  while (n !== state.log.length) {
    n = state.log.length;
    await sleep(quietMs);
  }
}

async function coldQuery(browser, srv, engine, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let pwBytes = 0;
  const pending = [];
  ctx.on('requestfinished', (req) => {
    const p = new URL(req.url()).pathname;
    if (!category(p)) return;
    pending.push(req.sizes().then((s) => (pwBytes += s.responseBodySize), () => {}));
  });
  await page.goto(`http://127.0.0.1:${srv.port}/__bench/${engine}.html`);
  await page.waitForFunction(() => window.benchReady === true);
  srv.state.log = [];
  const r = await page.evaluate((q) => window.benchSearch(q), q);
  await settle(srv.state);
  await Promise.all(pending);
  await ctx.close();
  if (errors.length) throw new Error(`${engine} ${JSON.stringify(q)}: page error ${errors[0]}`);
  const bytes = {};
  let total = 0;
  let requests = 0;
  for (const e of srv.state.log) {
    const c = category(e.path);
    if (!c) continue;
    if (e.status !== 200) throw new Error(`${engine} ${JSON.stringify(q)}: ${e.status} for ${e.path}`);
    bytes[c] = (bytes[c] || 0) + e.bytes;
    total += e.bytes;
    requests++;
  }
  return { q, total, requests, bytes, pwBytes, ms: r.ms, hits: r.total, titles: r.titles };
}

async function warmTimes(browser, srv, engine, queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${srv.port}/__bench/${engine}.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.evaluate(async (qs) => {
    for (const q of qs) await window.benchSearch(q); // loads shards / chunks / fragments
  }, queries);
  await settle(srv.state);
  srv.state.log = [];
  const runs = await page.evaluate(async (qs) => {
    const runs = [];
    for (const q of qs) runs.push(await window.benchSearch(q));
    return runs;
  }, queries);
  const times = runs.map((r) => r.ms);
  const searchOnly = runs.map((r) => r.msSearch);
  const requests = srv.state.log.length; // should be 0: everything is loaded
  await ctx.close();
  return { times, searchOnly, requests };
}

function pct(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
const median = (xs) => pct([...xs].sort((a, b) => a - b), 0.5);

// --------------------------------------------------------------------- main

const chromium = await loadChromium();
const loadStart = os.loadavg()[0];
const queries = pickQueries(path.resolve(args.corpus), args.queries);
fs.writeFileSync(
  path.join(OUT, 'queries.tsv'),
  queries.source.map((s, i) => `${queries.one[i]}\t${queries.three[i]}\t${s}`).join('\n') + '\n',
);

const disk = { ours: diskStats(path.join(SITE, 'search')), pagefind: diskStats(path.join(PF_SITE, 'pagefind')) };
const oursJs = ['search-core.js', 'analyzer.js'].reduce((s, f) => s + fs.statSync(path.join(SITE, 'static', f)).size, 0);

const srv = await startServer();
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
});

const cold = {}; // host → engine → class → [result]
const perQuery = [];
for (const host of ['plain', 'gzip']) {
  srv.state.gzip = host === 'gzip';
  cold[host] = { ours: { one: [], three: [] }, pagefind: { one: [], three: [] } };
  for (const cls of ['one', 'three']) {
    for (const q of queries[cls].slice(0, args.cold)) {
      for (const engine of ['ours', 'pagefind']) {
        const r = await coldQuery(browser, srv, engine, q);
        cold[host][engine][cls].push(r);
        perQuery.push({ host, engine, cls, ...r });
      }
    }
  }
}
srv.state.gzip = false;
const all = [...queries.one, ...queries.three];
const warm = { ours: await warmTimes(browser, srv, 'ours', all), pagefind: await warmTimes(browser, srv, 'pagefind', all) };
await browser.close();
srv.server.close();
fs.writeFileSync(path.join(OUT, 'cold.json'), JSON.stringify(perQuery, null, 1));
fs.writeFileSync(path.join(OUT, 'warm.json'), JSON.stringify({ queries: all, ours: warm.ours.times, pagefind: warm.pagefind.times, pagefindSearchOnly: warm.pagefind.searchOnly }, null, 1));

// ---------------------------------------------------------------------- table

const fmtB = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const fmtS = (s) => (s === undefined || s === '' || Number.isNaN(Number(s)) ? '-' : `${Number(s).toFixed(1)} s`);
const rows = [];
const row = (label, ours, pf, ratio) => rows.push([label, ours, pf, ratio]);
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}` : '-');

console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; 1-min load average ${loadStart.toFixed(1)} at the start of the browser runs, ${os.loadavg()[0].toFixed(1)} at the end`);
console.log(`corpus: ${path.resolve(args.corpus)}; queries: ${queries.one.length} one-word + ${queries.three.length} three-word (list: ${path.join(OUT, 'queries.tsv')})`);
console.log(`cold = fresh browser context, first query, ${args.cold} queries per kind; bytes = response body bytes sent by the 127.0.0.1 server`);
console.log(`examples: one-word ${queries.one.slice(0, 5).map((q) => JSON.stringify(q)).join(', ')}; three-word ${queries.three.slice(0, 3).map((q) => JSON.stringify(q)).join(', ')}`);
console.log('');

if (args.oursBuild || args.pfBuild) {
  row('index build: whole `hindsight build` / pagefind', fmtS(args.oursBuild), fmtS(args.pfBuild), ratio(args.oursBuild, args.pfBuild));
  const idx = Number(args.oursIndex) + Number(args.oursScores);
  row('  ours: search index thread (counts + files, beside render)', fmtS(idx), fmtS(args.pfBuild), ratio(idx, args.pfBuild));
  row('  ours: stage render (all HTML + index export)', fmtS(args.oursRender), '', '');
}
row('index on disk (search/ vs pagefind/)', fmtB(disk.ours.bytes), fmtB(disk.pagefind.bytes), ratio(disk.ours.bytes, disk.pagefind.bytes));
row('  files', String(disk.ours.files), String(disk.pagefind.files), ratio(disk.ours.files, disk.pagefind.files));
row('  largest file', fmtB(disk.ours.largest.size), fmtB(disk.pagefind.largest.size), ratio(disk.ours.largest.size, disk.pagefind.largest.size));

for (const host of ['plain', 'gzip']) {
  for (const cls of ['one', 'three']) {
    const o = cold[host].ours[cls];
    const p = cold[host].pagefind[cls];
    const om = median(o.map((r) => r.total));
    const pm = median(p.map((r) => r.total));
    const name = cls === 'one' ? '1-word' : '3-word';
    row(`cold ${name} query, ${host} host: bytes, median`, fmtB(om), fmtB(pm), ratio(om, pm));
    const ox = Math.max(...o.map((r) => r.total));
    const px = Math.max(...p.map((r) => r.total));
    row(`  max over ${o.length} queries`, fmtB(ox), fmtB(px), ratio(ox, px));
    // Per-query ratio: how many queries are under half of Pagefind's bytes.
    const under = o.filter((r, i) => r.total < p[i].total / 2).length;
    row('  queries under half of Pagefind', `${under}/${o.length}`, '', '');
    const orq = median(o.map((r) => r.requests));
    const prq = median(p.map((r) => r.requests));
    row('  requests, median', String(orq), String(prq), ratio(orq, prq));
  }
}
for (const engine of ['ours', 'pagefind']) {
  const t = [...warm[engine].times].sort((a, b) => a - b);
  warm[engine].p50 = pct(t, 0.5);
  warm[engine].p95 = pct(t, 0.95);
  warm[engine].max = t[t.length - 1];
}
row(`warm query time p50 (${all.length} queries, 2nd run)`, `${warm.ours.p50.toFixed(1)} ms`, `${warm.pagefind.p50.toFixed(1)} ms`, ratio(warm.ours.p50, warm.pagefind.p50));
row('warm query time p95', `${warm.ours.p95.toFixed(1)} ms`, `${warm.pagefind.p95.toFixed(1)} ms`, ratio(warm.ours.p95, warm.pagefind.p95));
row('warm query time max', `${warm.ours.max.toFixed(1)} ms`, `${warm.pagefind.max.toFixed(1)} ms`, ratio(warm.ours.max, warm.pagefind.max));
row('  requests during the timed run', String(warm.ours.requests), String(warm.pagefind.requests), '');
{
  const t = [...warm.pagefind.searchOnly].sort((a, b) => a - b);
  row('  pagefind: search() alone, without data(), p50 / p95', '', `${pct(t, 0.5).toFixed(1)} / ${pct(t, 0.95).toFixed(1)} ms`, '');
}
const coldMs = (e) => median(cold.plain[e].one.concat(cold.plain[e].three).map((r) => r.ms));
row('cold query time incl. downloads, median (localhost)', `${coldMs('ours').toFixed(0)} ms`, `${coldMs('pagefind').toFixed(0)} ms`, ratio(coldMs('ours'), coldMs('pagefind')));

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['', 'ours', 'pagefind', 'ours/pf'][i].length));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(['', 'ours', 'pagefind', 'ours/pf']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

// Where the bytes go: mean per category over the cold queries (plain host).
console.log('');
console.log('cold query bytes by file kind, mean per query (plain host / gzip host):');
for (const engine of ['ours', 'pagefind']) {
  for (const cls of ['one', 'three']) {
    const cats = {};
    for (const host of ['plain', 'gzip']) {
      const rs = cold[host][engine][cls];
      for (const r of rs) {
        for (const [c, b] of Object.entries(r.bytes)) {
          cats[c] = cats[c] || { plain: 0, gzip: 0 };
          cats[c][host] += b / rs.length;
        }
      }
    }
    const parts = Object.entries(cats)
      .sort((a, b) => b[1].plain - a[1].plain)
      .map(([c, v]) => `${c} ${fmtB(Math.round(v.plain))} / ${fmtB(Math.round(v.gzip))}`);
    console.log(`  ${engine.padEnd(8)} ${cls === 'one' ? '1-word' : '3-word'}: ${parts.join(', ')}`);
  }
}
console.log(`  ours: search-core.js + analyzer.js = ${fmtB(oursJs)} on disk; manifest.json = ${fmtB(fs.statSync(path.join(SITE, 'search', 'manifest.json')).size)}`);

// Cross-check of the server's byte count with Chromium's (CDP encodedDataLength).
const check = [];
for (const engine of ['ours', 'pagefind']) {
  let server = 0;
  let chrome = 0;
  for (const r of perQuery.filter((r) => r.engine === engine)) {
    server += r.total;
    chrome += r.pwBytes;
  }
  check.push(`${engine}: server ${server} B, Chromium ${chrome} B`);
}
console.log(`\nbyte count cross-check, sum over all cold queries: ${check.join('; ')}`);
console.log('  (Chromium = Playwright request.sizes().responseBodySize; it reports 0 for the script of Pagefind\'s Web Worker, pagefind-worker.js, which the server count includes)');
const noHits = (e) => `${perQuery.filter((r) => r.engine === e && r.hits === 0).length}/${perQuery.filter((r) => r.engine === e).length}`;
console.log(`cold queries with no hits: ours ${noHits('ours')}, pagefind ${noHits('pagefind')}; per-query numbers: ${path.join(OUT, 'cold.json')}`);
const verdicts = [];
for (const host of ['plain', 'gzip']) {
  for (const cls of ['one', 'three']) {
    const r = median(cold[host].ours[cls].map((x) => x.total)) / median(cold[host].pagefind[cls].map((x) => x.total));
    verdicts.push(`${host} ${cls === 'one' ? '1-word' : '3-word'} ${r.toFixed(2)} ${r < 0.5 ? 'met' : 'NOT met'}`);
  }
}
console.log(`target cold bytes < 1/2 of Pagefind's (ratio of medians): ${verdicts.join('; ')}`);
console.log(`target warm p95 < 30 ms: ${warm.ours.p95.toFixed(1)} ms ${warm.ours.p95 < 30 ? 'met' : 'NOT met'}`);
