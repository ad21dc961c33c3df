// Unit tests of the browser's search module against a tiny hand-made index
// (format: docs/search-index.md), written gzip-compressed to a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  SearchIndex,
  SearchError,
  highlight,
  compareCodePoints,
  gunzip,
  PREFIX_LIMIT,
} from '../../site-theme/static/search-core.js';

const b36 = (n) => n.toString(36);

/** One shard line from [[doc, score], …] sorted by doc (delta-encoded, base 36). */
function line(term, postings) {
  const docs = postings.map(([d], i) => b36(i === 0 ? d : d - postings[i - 1][0]));
  return `${term}\t${docs.join(',')}\t${postings.map(([, s]) => b36(s)).join(',')}`;
}

const DOCS = [
  { t: 'Expired certificate on payments', u: 'postmortems/a.html', d: '2026-04-01', s: 'SEV1', v: ['payments'], m: 'The mTLS certificate expired.' },
  { t: 'Connection pool timeouts', u: 'postmortems/b.html', d: '2025-03-02', s: 'SEV2', v: ['checkout-api'], m: 'Postgres connection pool exhausted.' },
  { t: '인증서 만료', u: 'postmortems/c.html', d: '2024-01-05', s: 'SEV2', v: ['payments'], m: '결제 서버의 인증서가 만료되었다.' },
  { t: 'Kafka disk full', u: 'postmortems/d.html', d: '2026-01-09', s: 'SEV3', v: ['kafka'], m: 'Brokers ran out of disk.' },
  { t: 'Certificate pinning', u: 'postmortems/e.html', d: null, s: null, v: [], m: 'A cert pin broke mobile clients.' },
  { t: 'Tie one', u: 'postmortems/f.html', d: '2023-05-05', s: 'SEV4', v: ['edge'], m: 'tie' },
  { t: 'Tie two', u: 'postmortems/g.html', d: '2023-06-06', s: 'SEV4', v: ['edge', 'payments'], m: 'tie' },
];

// Terms and postings [[doc, score], …]. "certificate" is split over three shards.
const SHARDS = [
  ['apple', [
    line('apple', [[5, 10]]),
    line('cert', [[4, 500]]),
    line('certificate', [[0, 3000]]),
  ]],
  ['certificate', [line('certificate', [[2, 100], [3, 900]])]],
  ['certificate', [line('certificate', [[4, 2500]])]],
  ['connection', [
    line('connection', [[1, 4000]]),
    line('disk', [[3, 3500]]),
    line('expired', [[0, 2000], [4, 50]]),
    line('kafka', [[3, 4200]]),
    line('pool', [[1, 3900]]),
    // 100 terms with a prefix, over this shard and the next.
    ...Array.from({ length: 50 }, (_, i) => line(`q${String(i).padStart(2, '0')}`, [[i % 7, 100 + i]])),
  ]],
  ['q50', [
    ...Array.from({ length: 50 }, (_, i) => line(`q${i + 50}`, [[(i + 50) % 7, 150 + i]])),
    line('tie', [[5, 777], [6, 777]]),
    line('tiebreak', [[6, 1], [5, 1]].sort((a, b) => a[0] - b[0])),
  ]],
  // U+FF76 (halfwidth katakana) sorts before U+2000B by code point, after it by UTF-16 unit.
  ['ｶﾀ', [line('ｶﾀ', [[6, 60]])]],
  ['𠀋京', [line('𠀋京', [[5, 70]])]],
];
// Korean bigrams go before the halfwidth katakana (U+C778 < U+FF76).
SHARDS.splice(5, 0, ['인증', [
  line('만료', [[2, 2200]]),
  line('인증', [[2, 2600]]),
  line('증서', [[2, 2400]]),
]]);
SHARDS.sort((a, b) => compareCodePoints(a[0], b[0]));

const FACETS = {
  severity: [0, 1, 1, 2, -1, 3, 3],
  year: [0, 1, 2, 0, -1, 3, 3],
  services: [[0], [1], [0], [2], [], [3], [3, 0]],
  tags: [[0], [1], [0], [2], [0], [], []],
};

/** 12 hex digits of the content hash (the build uses the git blob id; any hash will do here). */
function hashOf(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * Writes the index in the manifest format of docs/search-index.md: shards as
 * `[first, hash(, 1)]` (file `terms-<hash>.txt.gz`), document blocks as
 * `{size, count, hash}` (file `docs-<hash>-<k>.json.gz`). Returns the manifest as
 * written plus the file names the tests look for (`shards[i].file`,
 * `doc_blocks.files`, `facets.file`).
 */
function writeIndex(dir, { format = 1, analyzer = 1, legacy = false } = {}) {
  const put = (name, text) => {
    const bytes = gzipSync(Buffer.from(text, 'utf8'));
    const hash = hashOf(bytes);
    writeFileSync(join(dir, name(hash)), bytes);
    return hash;
  };
  // A shard whose first line continues the previous shard's last term is marked with a third element 1.
  const lastTerm = (lines) => lines[lines.length - 1].split('\t')[0];
  const shards = SHARDS.map(([first, lines], i) => {
    const entry = [first, put((h) => `terms-${h}.txt.gz`, lines.join('\n') + '\n')];
    if (i > 0 && lastTerm(SHARDS[i - 1][1]) === first) entry.push(1);
    return entry;
  });
  const size = 3;
  const blockTexts = [];
  for (let k = 0; k * size < DOCS.length; k++) blockTexts.push(gzipSync(Buffer.from(JSON.stringify(DOCS.slice(k * size, (k + 1) * size)), 'utf8')));
  const blocksHash = hashOf(Buffer.concat(blockTexts));
  blockTexts.forEach((bytes, k) => writeFileSync(join(dir, `docs-${blocksHash}-${k}.json.gz`), bytes));
  const facetsFile = `facets-${put((h) => `facets-${h}.json.gz`, JSON.stringify(FACETS))}.json.gz`;
  const shardFiles = shards.map(([first, hash, cont]) => ({ first, file: `terms-${hash}.txt.gz`, cont: cont === 1 }));
  const blockFiles = blockTexts.map((_, k) => `docs-${blocksHash}-${k}.json.gz`);
  const manifest = {
    format,
    analyzer,
    docs: DOCS.length,
    score_scale: 1000.0,
    // The format before the manifest was slimmed down, to check it is refused.
    shards: legacy ? shardFiles : shards,
    doc_blocks: legacy ? { size, files: blockFiles } : { size, count: blockTexts.length, hash: blocksHash },
    facets: {
      file: facetsFile,
      severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
      years: ['2026', '2025', '2024', '2023'],
      services: ['payments', 'checkout-api', 'kafka', 'edge'],
      tags: ['tls', 'postgres', 'disk'],
    },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { written: manifest, shards: shardFiles, doc_blocks: { size, files: blockFiles }, facets: manifest.facets };
}

const dir = mkdtempSync(join(tmpdir(), 'hindsight-search-'));
const manifest = writeIndex(dir);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** An index over `dir` whose fetches are counted (and optionally delayed). */
function open({ delay = 0, root = dir } = {}) {
  const stats = { inFlight: 0, maxInFlight: 0, urls: [] };
  const idx = new SearchIndex(root, {
    fetchBytes: async (url) => {
      stats.urls.push(url.slice(url.lastIndexOf('/') + 1));
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        return new Uint8Array(readFileSync(url));
      } finally {
        stats.inFlight--;
      }
    },
  });
  return { idx, stats };
}

const docsOf = (r) => r.results.map((x) => x.doc);

test('manifest loads; shards sorted by code point', async () => {
  const { idx } = open();
  const m = await idx.manifest();
  assert.equal(m.docs, 7);
  for (let i = 1; i < m.shards.length; i++) assert.ok(compareCodePoints(m.shards[i - 1].first, m.shards[i].first) <= 0);
});

test('manifest on disk: [first, hash(, 1)] shards and {size, count, hash} blocks', async () => {
  const onDisk = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.deepEqual(onDisk, manifest.written);
  for (const s of onDisk.shards) {
    assert.ok(Array.isArray(s) && (s.length === 2 || (s.length === 3 && s[2] === 1)) && typeof s[0] === 'string' && /^[0-9a-f]{12}$/.test(s[1]), JSON.stringify(s));
  }
  // The two shards that go on with "certificate" are marked; the first is not.
  assert.deepEqual(onDisk.shards.filter((s) => s.length === 3).map((s) => s[0]), ['certificate', 'certificate']);
  assert.deepEqual(Object.keys(onDisk.doc_blocks).sort(), ['count', 'hash', 'size']);
  // The loader turns hashes into file names.
  const { idx } = open();
  const m = await idx.manifest();
  assert.deepEqual(m.shards, manifest.shards);
  assert.deepEqual(m.doc_blocks.files, manifest.doc_blocks.files);
});

test('a manifest in the old shape ({first, file} shards, block files) is refused as a format error', async () => {
  const old = mkdtempSync(join(tmpdir(), 'hindsight-search-legacy-'));
  try {
    writeIndex(old, { legacy: true });
    const { idx } = open({ root: old });
    await assert.rejects(idx.search('kafka'), (e) => e instanceof SearchError && e.kind === 'format');
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
});

test('AND: every term, scores summed, best first', async () => {
  const { idx } = open();
  const r = await idx.search('certificate expired');
  assert.equal(r.mode, 'and');
  assert.deepEqual(r.terms, ['certificate', 'expired']);
  assert.deepEqual(docsOf(r), [0, 4]);
  assert.deepEqual(r.results.map((x) => x.score), [5000, 2550]);
  assert.equal(r.total, 2);
  assert.deepEqual(r.results[0], {
    doc: 0, score: 5000, title: 'Expired certificate on payments', url: 'postmortems/a.html',
    date: '2026-04-01', severity: 'SEV1', services: ['payments'], summary: 'The mTLS certificate expired.',
  });
  assert.equal(r.results[1].date, null);
  assert.equal(r.results[1].severity, null);
});

test('analysis applies to the query: case, plurals, repeated terms', async () => {
  const { idx } = open();
  const r = await idx.search('CERTIFICATES, certificate; Expired!!');
  assert.deepEqual(r.terms, ['certificate', 'expired']);
  assert.deepEqual(docsOf(r), [0, 4]);
});

test('OR fallback when no document has every term', async () => {
  const { idx } = open();
  const r = await idx.search('kafka pool');
  assert.equal(r.mode, 'or');
  assert.deepEqual(docsOf(r), [3, 1]);
  assert.deepEqual(r.results.map((x) => x.score), [4200, 3900]);
  const z = await idx.search('certificate zebra');
  assert.equal(z.mode, 'or');
  assert.deepEqual(docsOf(z), [0, 4, 3, 2]);
  // One unknown term: no fallback.
  const one = await idx.search('zebra');
  assert.deepEqual([one.mode, one.total, one.results], ['and', 0, []]);
});

test('ties: score descending, then document number ascending', async () => {
  const { idx } = open();
  assert.deepEqual(docsOf(await idx.search('tie')), [5, 6]);
  assert.deepEqual(docsOf(await idx.search('tiebreak')), [5, 6]);
  // Equal sums from different terms.
  const r = await idx.search('tie tiebreak');
  assert.deepEqual(r.results.map((x) => [x.doc, x.score]), [[5, 778], [6, 778]]);
});

test('delta decoding and base 36', async () => {
  const { idx } = open();
  // expired: docs "0,4" = 0, 0+4; scores "1jk" = 2000, "1e" = 50.
  const r = await idx.search('expired');
  assert.deepEqual(r.results.map((x) => [x.doc, x.score]), [[0, 2000], [4, 50]]);
  // certificate line 2: docs "2,1" = 2, 3.
  const c = await idx.search('certificate');
  assert.deepEqual(c.results.map((x) => [x.doc, x.score]), [[0, 3000], [4, 2500], [3, 900], [2, 100]]);
});

test('a term split over consecutive shards is read from all of them', async () => {
  const { idx } = open();
  const r = await idx.search('certificate', { limit: 100 });
  assert.equal(r.total, 4);
  // Three shards for one term, fetched and cached.
  const files = manifest.shards.filter((s) => s.first === 'apple' || s.first === 'certificate').map((s) => s.file);
  for (const f of files) assert.ok(idx.fetched.includes(f), f);
});

test('terms are found by code point order (astral vs U+FF00 block)', async () => {
  const { idx } = open();
  assert.deepEqual(docsOf(await idx.search('ｶﾀ')), [6]);
  assert.deepEqual(docsOf(await idx.search('𠀋京')), [5]);
  assert.ok(compareCodePoints('ｶﾀ', '𠀋京') < 0);
  assert.ok('ｶﾀ' > '𠀋京', 'UTF-16 order differs, which is the point');
  assert.equal(compareCodePoints('a', 'ab'), -1);
  assert.equal(compareCodePoints('b', 'ab'), 1);
  assert.equal(compareCodePoints('같', '같'), 0);
});

test('Korean: particles and bigrams', async () => {
  const { idx } = open();
  const r = await idx.search('인증서가 만료');
  // 인증, 증서, 서가, 만료: no document has 서가 → OR.
  assert.equal(r.mode, 'or');
  assert.deepEqual(docsOf(r), [2]);
  const a = await idx.search('인증서');
  assert.equal(a.mode, 'and');
  assert.deepEqual(a.results.map((x) => [x.doc, x.score]), [[2, 5000]]);
});

test('filters: severity, service, tag, year; facets only when a filter is set', async () => {
  const { idx } = open();
  await idx.search('certificate');
  assert.ok(!idx.fetched.includes(manifest.facets.file), 'no facets without a filter');
  const sev = await idx.search('certificate', { filters: { severity: 'SEV2' } });
  assert.deepEqual(docsOf(sev), [2]);
  assert.ok(idx.fetched.includes(manifest.facets.file));
  assert.deepEqual(docsOf(await idx.search('certificate', { filters: { service: 'payments' } })), [0, 2]);
  assert.deepEqual(docsOf(await idx.search('certificate', { filters: { tag: 'tls' } })), [0, 4, 2]);
  assert.deepEqual(docsOf(await idx.search('certificate', { filters: { year: '2026' } })), [0, 3]);
  assert.deepEqual(docsOf(await idx.search('certificate', { filters: { year: 2026, severity: 'SEV3' } })), [3]);
  assert.deepEqual(docsOf(await idx.search('certificate', { filters: { severity: ['SEV1', 'SEV3'] } })), [0, 3]);
  assert.deepEqual(docsOf(await idx.search('tie', { filters: { service: 'payments' } })), [6]);
  const none = await idx.search('certificate', { filters: { service: 'no-such-service' } });
  assert.deepEqual([none.total, none.results], [0, []]);
  // Empty filter values are no filter.
  assert.equal((await idx.search('certificate', { filters: { severity: '', tag: [] } })).total, 4);
  // Filters apply after the AND/OR choice: AND is not abandoned for OR.
  const f = await idx.search('certificate expired', { filters: { severity: 'SEV2' } });
  assert.deepEqual([f.mode, f.total], ['and', 0]);
});

test('prefix: the last term matches index terms starting with it, best score per document', async () => {
  const { idx } = open();
  const r = await idx.search('cert', { prefix: true });
  assert.equal(r.prefix, 'cert');
  // cert: 4→500; certificate: 0→3000, 4→2500, 3→900, 2→100. Best per document.
  assert.deepEqual(r.results.map((x) => [x.doc, x.score]), [[0, 3000], [4, 2500], [3, 900], [2, 100]]);
  const exact = await idx.search('cert');
  assert.deepEqual(exact.results.map((x) => [x.doc, x.score]), [[4, 500]]);
  // Only the last term is a prefix.
  const two = await idx.search('expired cert', { prefix: true });
  assert.deepEqual([two.mode, docsOf(two)], ['and', [0, 4]]);
  assert.deepEqual(two.results.map((x) => x.score), [2000 + 3000, 50 + 2500]);
  // Here "cert" is exact (only document 4 has it) and "expired" the prefix.
  const rev = await idx.search('cert expired', { prefix: true });
  assert.deepEqual(rev.results.map((x) => [x.doc, x.score]), [[4, 500 + 50]]);
  // Korean: a lone syllable typed so far.
  assert.deepEqual(docsOf(await idx.search('인', { prefix: true })), [2]);
  assert.deepEqual(docsOf(await idx.search('인')), []);
});

test(`prefix expands to at most ${PREFIX_LIMIT} terms, over shard boundaries`, async () => {
  const { idx } = open();
  const r = await idx.search('q', { prefix: true, limit: 10 });
  // q00..q63 are used (q50..q63 in the second shard); q64..q99 are not.
  // Best per doc d is the largest i ≤ 63 with i % 7 == d: score 100 + i (i < 50) or 150 + (i - 50).
  const best = new Map();
  for (let i = 0; i < PREFIX_LIMIT; i++) {
    const s = i < 50 ? 100 + i : 150 + (i - 50);
    const d = i % 7;
    best.set(d, Math.max(best.get(d) ?? 0, s));
  }
  const want = [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  assert.deepEqual(r.results.map((x) => [x.doc, x.score]), want);
  const q5 = manifest.shards.find((s) => s.first === 'q50').file;
  assert.ok(idx.fetched.includes(q5));
  // Beyond the limit the shard after is not needed.
  const after = manifest.shards[manifest.shards.findIndex((s) => s.first === 'q50') + 1].file;
  assert.ok(!idx.fetched.includes(after));
});

test('all query terms are fetched in parallel; shards and blocks are cached', async () => {
  const { idx, stats } = open({ delay: 20 });
  await idx.manifest();
  stats.maxInFlight = 0;
  await idx.search('kafka 인증 ｶﾀ');
  assert.ok(stats.maxInFlight >= 3, `max in flight ${stats.maxInFlight}`);
  const before = stats.urls.length;
  await idx.search('kafka 인증 ｶﾀ');
  assert.equal(stats.urls.length, before, 'second identical query fetches nothing');
});

test('document blocks are loaded only for the hits returned', async () => {
  const { idx } = open();
  const r = await idx.search('kafka');
  assert.deepEqual(docsOf(r), [3]);
  const blocks = manifest.doc_blocks.files;
  assert.ok(idx.fetched.includes(blocks[1]));
  assert.ok(!idx.fetched.includes(blocks[0]) && !idx.fetched.includes(blocks[2]));
  // limit / offset page through the ranking; total counts all hits.
  const page = await idx.search('certificate', { limit: 2, offset: 1 });
  assert.deepEqual([page.total, docsOf(page)], [4, [4, 3]]);
  const zero = await idx.search('certificate', { limit: 0 });
  assert.deepEqual([zero.total, zero.results], [4, []]);
});

test('odd queries give empty results, never an exception', async () => {
  const { idx } = open();
  const odd = [
    '', '   ', '!!! ??? ...', '.*+?^${}()|[]\\/', '((((', '\\', '"', "'; DROP TABLE", '<script>alert(1)</script>',
    'a'.repeat(1000), 'x '.repeat(500), '🔥🔥🔥', '\uD800', '\u0000', '가', '힣', '__proto__', 'constructor', 'hasOwnProperty',
    null, undefined, 42, {}, [],
  ];
  for (const q of odd) {
    for (const prefix of [false, true]) {
      const r = await idx.search(q, { prefix, limit: -5, offset: 'x', filters: { severity: '.*' } });
      assert.ok(Array.isArray(r.results) && Number.isInteger(r.total), String(q));
      assert.equal(r.results.length, 0, String(q));
    }
    const r = await idx.search(q);
    assert.ok(Array.isArray(r.results));
  }
  // Metacharacters around a real word still find it.
  assert.deepEqual(docsOf(await idx.search('(kafka)*')), [3]);
  const nothing = await idx.search('...');
  assert.deepEqual(nothing, { terms: [], prefix: null, mode: 'and', total: 0, results: [] });
});

test('errors: unreachable index and wrong version; failures are not cached', async () => {
  let fail = true;
  const idx = new SearchIndex(dir + '/', {
    fetchBytes: async (url) => {
      if (fail) throw new TypeError('Failed to fetch');
      return new Uint8Array(readFileSync(url));
    },
  });
  await assert.rejects(idx.search('kafka'), (e) => e instanceof SearchError && e.kind === 'network');
  fail = false;
  assert.deepEqual(docsOf(await idx.search('kafka')), [3]);

  const other = mkdtempSync(join(tmpdir(), 'hindsight-search-v2-'));
  try {
    writeIndex(other, { analyzer: 2 });
    const { idx: v2 } = open({ root: other });
    await assert.rejects(v2.search('kafka'), (e) => e instanceof SearchError && e.kind === 'version');
    // Odd queries still answer without touching the index.
    assert.equal((await v2.search('!!!')).total, 0);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('gunzip: gzip decoded, plain bytes passed through (hosts that already decoded)', async () => {
  const text = 'kafka\t3\t36i\n';
  const z = await gunzip(new Uint8Array(gzipSync(Buffer.from(text))));
  assert.equal(new TextDecoder().decode(z), text);
  const plain = new TextEncoder().encode(text);
  assert.equal(await gunzip(plain), plain);
});

test('highlight: segments with marks, stems, prefixes, merged bigrams', () => {
  const join = (segs) => segs.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');
  assert.equal(join(highlight('Certificates expired: 3 timeouts', ['certificate', 'timeout'])), '[Certificates] expired: 3 [timeouts]');
  assert.equal(join(highlight('결제 서버의 인증서가 만료되었다.', ['인증', '증서', '만료'])), '결제 서버의 [인증서]가 [만료]되었다.');
  assert.equal(join(highlight('Kafka disk full', ['kafka'], 'di')), '[Kafka] [disk] full');
  assert.equal(join(highlight('no match here', ['zebra'])), 'no match here');
  assert.equal(join(highlight('<b>kafka</b>', ['kafka'])), '<b>[kafka]</b>');
  assert.deepEqual(highlight('', ['x']), []);
  assert.deepEqual(highlight(null, ['x']), []);
  assert.deepEqual(highlight('abc', undefined), [{ text: 'abc', mark: false }]);
  const segs = highlight('𝐚𝐛 kafka 🔥', ['kafka']);
  assert.equal(segs.map((s) => s.text).join(''), '𝐚𝐛 kafka 🔥');
});
