// Unit tests of the browser's search module against a tiny hand-made index
// (format: docs/src/search-index.md), written gzip-compressed to a temp folder;
// and of its BM25 scoring against tantivy's (tests/fixtures/bm25.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
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
  INDEX_FORMAT,
  FIELD_NORMS,
  bm25Scorer,
  parseWeights,
  parseCounts,
  parseQuery,
  hasPhrase,
  snippetOf,
} from '../../site-theme/static/search-core.js';

const b36 = (n) => n.toString(36);
const f32 = Math.fround;

/** Base 36 of the binary32 bit pattern of `x` (a weight as a term line stores it). */
function bits36(x) {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return b36(view.getUint32(0));
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

// [summary, body] of the documents with a passage file (`x` in their block entry).
const PASSAGES = {
  0: ['The mTLS certificate expired.', 'Clients failed at night. The payments certificate expired at 02:00 and nobody was paged.'],
  3: ['Brokers ran out of disk.', 'The kafka brokers kept every segment; retention was off.'],
  4: ['A cert pin broke mobile clients.', 'The pinned certificate had not expired; the pin was rotated.'],
};

// Field lengths of each document as tantivy's fieldnorm ids [title, summary,
// causes, body] (the norms file). Documents 5 and 6 are alike, for ties.
const NORMS = [[5, 6, 20, 40], [4, 5, 18, 48], [2, 8, 10, 36], [3, 5, 15, 44], [2, 7, 12, 30], [2, 1, 0, 8], [2, 1, 0, 8]];
/** Total tokens per field over all documents (manifest `tokens`). */
const TOKENS = [0, 1, 2, 3].map((f) => NORMS.reduce((sum, n) => sum + FIELD_NORMS[n[f]], 0));

const q = (i) => `q${String(i).padStart(2, '0')}`;

// Each term's postings [[doc, [title, summary, causes, body counts]], …], by doc.
// Chosen so that certificate ranks 0 > 4 > 3 > 2, expired 0 > 4, kafka > pool.
const POSTINGS = {
  apple: [[5, [0, 0, 0, 1]]],
  cert: [[4, [0, 1, 0, 0]]],
  certificate: [[0, [1, 1, 0, 2]], [2, [0, 0, 0, 1]], [3, [0, 0, 1, 1]], [4, [1, 0, 0, 1]]],
  connection: [[1, [1, 1, 0, 3]]],
  disk: [[3, [1, 1, 0, 4]]],
  expired: [[0, [1, 1, 0, 1]], [4, [0, 0, 0, 1]]],
  kafka: [[3, [1, 1, 1, 11]]],
  pool: [[1, [1, 1, 0, 4]]],
  tie: [[5, [1, 0, 0, 1]], [6, [1, 0, 0, 1]]],
  tiebreak: [[5, [0, 0, 0, 2]], [6, [0, 0, 0, 2]]],
  만료: [[2, [1, 1, 0, 1]]],
  인증: [[2, [1, 1, 0, 2]]],
  증서: [[2, [1, 0, 0, 2]]],
  ｶﾀ: [[6, [0, 0, 0, 1]]],
  '𠀋京': [[5, [0, 0, 0, 1]]],
};
// 100 terms with a prefix, each in one document; their weights grow with i,
// so a term past the prefix limit would change the best scores.
const WEIGHTS = {};
for (let i = 0; i < 100; i++) {
  POSTINGS[q(i)] = [[i % 7, [0, 0, 0, 1]]];
  WEIGHTS[q(i)] = [null, null, null, f32(1 + i / 10)];
}

/**
 * A term's weights per field: tantivy's idf × (1 + k1) × the field's boost
 * (only the bits matter to the reader), none where no document has it.
 */
function weightsOf(term) {
  if (WEIGHTS[term]) return WEIGHTS[term];
  const postings = POSTINGS[term];
  return [3, 2, 1.5, 1].map((boost, f) => {
    const n = postings.filter(([, c]) => c[f] > 0).length;
    return n ? f32(Math.log(1 + (DOCS.length - n + 0.5) / (n + 0.5)) * 2.2 * boost) : null;
  });
}

/** A counts entry: the body count alone when only the body has the term, else four parts ('' = 0). */
const countsEntry = (c) => (c[0] || c[1] || c[2] ? c.map((x) => (x ? b36(x) : '')).join('.') : b36(c[3]));

/** One shard line of `term` with its postings of documents `docs` (default all): delta-encoded, base 36. */
function line(term, docs) {
  const postings = POSTINGS[term].filter(([d]) => !docs || docs.includes(d));
  const ds = postings.map(([d], i) => b36(i === 0 ? d : d - postings[i - 1][0]));
  const weights = weightsOf(term).map((w) => (w === null ? '' : bits36(w))).join('.');
  return `${term}\t${ds.join(',')}\t${postings.map(([, c]) => countsEntry(c)).join(',')}\t${weights}`;
}

// "certificate" is split over three shards.
const SHARDS = [
  ['apple', [line('apple'), line('cert'), line('certificate', [0])]],
  ['certificate', [line('certificate', [2, 3])]],
  ['certificate', [line('certificate', [4])]],
  ['connection', [
    line('connection'),
    line('disk'),
    line('expired'),
    line('kafka'),
    line('pool'),
    // q00..q99 over this shard and the next.
    ...Array.from({ length: 50 }, (_, i) => line(q(i))),
  ]],
  ['q50', [...Array.from({ length: 50 }, (_, i) => line(q(i + 50))), line('tie'), line('tiebreak')]],
  // U+FF76 (halfwidth katakana) sorts before U+2000B by code point, after it by UTF-16 unit.
  ['ｶﾀ', [line('ｶﾀ')]],
  ['𠀋京', [line('𠀋京')]],
];
// Korean bigrams go before the halfwidth katakana (U+C778 < U+FF76).
SHARDS.splice(5, 0, ['인증', [line('만료'), line('인증'), line('증서')]]);
SHARDS.sort((a, b) => compareCodePoints(a[0], b[0]));

const score = bm25Scorer({ docs: DOCS.length, tokens: TOKENS, scoreScale: 1000 });

/** The expected score of `term` in `doc`, from the data above (not from the shard text). */
function scoreOf(term, doc) {
  const posting = POSTINGS[term].find(([d]) => d === doc);
  return posting ? score(weightsOf(term), posting[1], NORMS[doc]) : 0;
}
const sumOf = (terms, doc) => terms.reduce((sum, t) => sum + scoreOf(t, doc), 0);

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
 * Writes the index in the manifest format of docs/src/search-index.md: shards as
 * `[first, hash(, 1)]` (file `terms-<hash>.txt.gz`), the norms file's hash
 * (file `norms-<hash>.bin.gz`), document blocks as `{size, count, hash}` (file
 * `docs-<hash>-<k>.json.gz`). Returns the manifest as written plus the file
 * names the tests look for (`shards[i].file`, `norms`, `doc_blocks.files`,
 * `facets.file`). To write a broken index: `lines` replaces the line of a term
 * (term → text), `norms` the norms file's bytes, `patch` edits the manifest.
 */
function writeIndex(dir, { format = INDEX_FORMAT, analyzer = 1, legacy = false, lines: replaced = {}, norms = NORMS.flat(), patch = () => {} } = {}) {
  const put = (name, data) => {
    const bytes = gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
    const hash = hashOf(bytes);
    writeFileSync(join(dir, name(hash)), bytes);
    return hash;
  };
  // A shard whose first line continues the previous shard's last term is marked with a third element 1.
  const termOf = (text) => text.split('\t')[0];
  const lastTerm = (lines) => termOf(lines[lines.length - 1]);
  const shards = SHARDS.map(([first, lines], i) => {
    const text = lines.map((l) => replaced[termOf(l)] ?? l).join('\n') + '\n';
    const entry = [first, put((h) => `terms-${h}.txt.gz`, text)];
    if (i > 0 && lastTerm(SHARDS[i - 1][1]) === first) entry.push(1);
    return entry;
  });
  const normsHash = put((h) => `norms-${h}.bin.gz`, new Uint8Array(norms));
  const size = 3;
  // Passage files ([summary, body]) for the documents that have one.
  mkdirSync(join(dir, 'text'), { recursive: true });
  const docs = DOCS.map((d, i) => {
    if (!PASSAGES[i]) return d;
    const x = `doc-${i}`;
    writeFileSync(join(dir, 'text', `${x}.json.gz`), gzipSync(Buffer.from(JSON.stringify(PASSAGES[i]), 'utf8')));
    return { ...d, x };
  });
  const blockTexts = [];
  for (let k = 0; k * size < docs.length; k++) blockTexts.push(gzipSync(Buffer.from(JSON.stringify(docs.slice(k * size, (k + 1) * size)), 'utf8')));
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
    tokens: [...TOKENS],
    norms: normsHash,
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
  patch(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { written: manifest, shards: shardFiles, norms: `norms-${normsHash}.bin.gz`, doc_blocks: { size, files: blockFiles }, facets: manifest.facets };
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
const scored = (r) => r.results.map((x) => [x.doc, x.score]);

/** Runs `fn(idx)` on an index written by writeIndex(…, `options`) in a folder of its own. */
async function withIndex(options, fn) {
  const root = mkdtempSync(join(tmpdir(), 'hindsight-search-variant-'));
  try {
    writeIndex(root, options);
    await fn(open({ root }).idx);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const isError = (kind) => (e) => e instanceof SearchError && e.kind === kind;

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
  assert.equal(onDisk.format, 2);
  assert.deepEqual(onDisk.tokens, [20, 33, 75, 226]);
  assert.match(onDisk.norms, /^[0-9a-f]{12}$/);
  // The loader turns hashes into file names.
  const { idx } = open();
  const m = await idx.manifest();
  assert.deepEqual(m.shards, manifest.shards);
  assert.deepEqual(m.doc_blocks.files, manifest.doc_blocks.files);
  assert.equal(m.norms.file, manifest.norms);
});

test('a manifest in the old shape ({first, file} shards, block files) is refused as a format error', async () => {
  await withIndex({ legacy: true }, async (idx) => {
    await assert.rejects(idx.search('kafka'), isError('format'));
  });
});

test('a format 1 index (scores in the shards) is refused as another version', async () => {
  await withIndex({ format: 1 }, async (idx) => {
    await assert.rejects(idx.search('kafka'), isError('version'));
  });
  // Even with the format 1 manifest's shape (no tokens, no norms).
  const format1 = (m) => {
    delete m.tokens;
    delete m.norms;
  };
  await withIndex({ format: 1, patch: format1 }, async (idx) => {
    await assert.rejects(idx.search('kafka'), (e) => isError('version')(e) && /format 1\b.*reads format 2\b/.test(e.message));
  });
});

test('AND: every term, scores summed, best first', async () => {
  const { idx } = open();
  const r = await idx.search('certificate expired');
  assert.equal(r.mode, 'and');
  assert.deepEqual(r.terms, ['certificate', 'expired']);
  assert.deepEqual(docsOf(r), [0, 4]);
  const both = ['certificate', 'expired'];
  assert.deepEqual(r.results.map((x) => x.score), [sumOf(both, 0), sumOf(both, 4)]);
  assert.equal(r.total, 2);
  assert.deepEqual(r.results[0], {
    doc: 0, score: sumOf(both, 0), title: 'Expired certificate on payments', url: 'postmortems/a.html',
    date: '2026-04-01', severity: 'SEV1', services: ['payments'], summary: 'The mTLS certificate expired.',
    snippet: 'The mTLS certificate expired.',
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
  assert.deepEqual(r.results.map((x) => x.score), [scoreOf('kafka', 3), scoreOf('pool', 1)]);
  const z = await idx.search('certificate zebra');
  assert.equal(z.mode, 'or');
  assert.deepEqual(docsOf(z), [0, 4, 3, 2]);
  // One unknown term: no fallback.
  const one = await idx.search('zebra');
  assert.deepEqual([one.mode, one.total, one.results], ['and', 0, []]);
});

test('ties: score descending, then document number ascending', async () => {
  const { idx } = open();
  // Documents 5 and 6 have the same norms, counts and weights, so the same scores.
  const tie = await idx.search('tie');
  assert.deepEqual(scored(tie), [[5, scoreOf('tie', 5)], [6, scoreOf('tie', 5)]]);
  const tiebreak = await idx.search('tiebreak');
  assert.deepEqual(scored(tiebreak), [[5, scoreOf('tiebreak', 5)], [6, scoreOf('tiebreak', 5)]]);
  // Equal sums from different terms.
  const r = await idx.search('tie tiebreak');
  const sum = sumOf(['tie', 'tiebreak'], 5);
  assert.deepEqual(scored(r), [[5, sum], [6, sum]]);
});

test('delta decoding, base 36, counts entries, binary32 weights', async () => {
  const { idx } = open();
  // expired: docs "0,4" = 0, 0+4; counts title+summary+body, then body only.
  const w = weightsOf('expired');
  assert.equal(line('expired'), `expired\t0,4\t1.1..1,1\t${bits36(w[0])}.${bits36(w[1])}..${bits36(w[3])}`);
  const r = await idx.search('expired');
  assert.deepEqual(scored(r), [[0, scoreOf('expired', 0)], [4, scoreOf('expired', 4)]]);
  // kafka: a count over 9 ("b" = 11) in the body, one in every other field.
  assert.match(line('kafka'), /^kafka\t3\t1\.1\.1\.b\t/);
  assert.deepEqual(scored(await idx.search('kafka')), [[3, scoreOf('kafka', 3)]]);
  // certificate line 2: docs "2,1" = 2, 3.
  assert.match(line('certificate', [2, 3]), /^certificate\t2,1\t1,\.\.1\.1\t/);
  const c = await idx.search('certificate');
  assert.deepEqual(docsOf(c), [0, 4, 3, 2]);
  assert.deepEqual(scored(c), [0, 4, 3, 2].map((d) => [d, scoreOf('certificate', d)]));
});

test('parseCounts and parseWeights', () => {
  assert.deepEqual(parseCounts('5'), [0, 0, 0, 5]);
  assert.deepEqual(parseCounts('a'), [0, 0, 0, 10]);
  assert.deepEqual(parseCounts('1..2.5'), [1, 0, 2, 5]);
  assert.deepEqual(parseCounts('...z'), [0, 0, 0, 35]);
  // 1.5 is 0x3fc00000; 0.1 is not exact in binary32 and arrives as its binary32 value.
  assert.deepEqual(parseWeights(`${(0x3fc00000).toString(36)}...${bits36(0.1)}`), [1.5, null, null, f32(0.1)]);
  assert.deepEqual(parseWeights('...'), [null, null, null, null]);
  for (const bad of ['', '1.2', '1.2.3.4.5', '-1', '1.x!..', '1 ', '+1', '1e3.']) {
    assert.throws(() => parseCounts(bad), isError('format'), JSON.stringify(bad));
  }
  for (const bad of ['', '1.2.3', '1.2.3.4.5', 'x!...', '-1...', (2 ** 32).toString(36) + '...', bits36(NaN) + '...', bits36(Infinity) + '...', bits36(-1) + '...']) {
    assert.throws(() => parseWeights(bad), isError('format'), JSON.stringify(bad));
  }
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
  assert.deepEqual(scored(a), [[2, sumOf(['인증', '증서'], 2)]]);
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
  // cert: only in document 4; certificate: 0, 2, 3, 4. Best per document.
  const best = (d) => Math.max(scoreOf('cert', d), scoreOf('certificate', d));
  assert.ok(scoreOf('cert', 4) > 0 && scoreOf('cert', 4) !== scoreOf('certificate', 4));
  assert.deepEqual(scored(r), [0, 4, 3, 2].map((d) => [d, best(d)]));
  const exact = await idx.search('cert');
  assert.deepEqual(scored(exact), [[4, scoreOf('cert', 4)]]);
  // Only the last term is a prefix.
  const two = await idx.search('expired cert', { prefix: true });
  assert.deepEqual([two.mode, docsOf(two)], ['and', [0, 4]]);
  assert.deepEqual(two.results.map((x) => x.score), [scoreOf('expired', 0) + best(0), scoreOf('expired', 4) + best(4)]);
  // Here "cert" is exact (only document 4 has it) and "expired" the prefix.
  const rev = await idx.search('cert expired', { prefix: true });
  assert.deepEqual(scored(rev), [[4, sumOf(['cert', 'expired'], 4)]]);
  // Korean: a lone syllable typed so far.
  assert.deepEqual(docsOf(await idx.search('인', { prefix: true })), [2]);
  assert.deepEqual(docsOf(await idx.search('인')), []);
});

test(`prefix expands to at most ${PREFIX_LIMIT} terms, over shard boundaries`, async () => {
  const { idx } = open();
  const r = await idx.search('q', { prefix: true, limit: 10 });
  // q00..q63 are used (q50..q63 in the second shard); q64..q99 are not.
  // Weights grow with i, so the best per doc d is from the largest i ≤ 63 with i % 7 == d.
  const best = new Map();
  for (let i = 0; i < PREFIX_LIMIT; i++) {
    const d = i % 7;
    best.set(d, Math.max(best.get(d) ?? 0, scoreOf(q(i), d)));
  }
  const want = [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  assert.deepEqual(scored(r), want);
  assert.ok(scoreOf(q(99), 99 % 7) > best.get(99 % 7), 'a term past the limit would have changed the result');
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
  // Three shards and the norms file.
  assert.ok(stats.maxInFlight >= 4, `max in flight ${stats.maxInFlight}`);
  const before = stats.urls.length;
  await idx.search('kafka 인증 ｶﾀ');
  assert.equal(stats.urls.length, before, 'second identical query fetches nothing');
});

test('the norms file: loaded with the shards, once, and only for a query with terms', async () => {
  const { idx, stats } = open({ delay: 20 });
  await idx.manifest();
  await idx.search('!!!');
  assert.deepEqual(stats.urls, ['manifest.json'], 'no terms, no norms');
  stats.maxInFlight = 0;
  await idx.search('kafka');
  assert.ok(stats.urls.includes(manifest.norms));
  assert.equal(stats.maxInFlight, 2, 'the shard and the norms file at the same time');
  await idx.search('pool', { prefix: true });
  await idx.search('certificate');
  assert.equal(stats.urls.filter((u) => u === manifest.norms).length, 1);
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

test('parseQuery: loose words, "phrases" (straight or curly quotes), -exclusions', () => {
  const p = parseQuery('kafka "connection pools" -dns on-call “인증서 만료”');
  assert.deepEqual(p.terms, ['kafka', 'connection', 'pool', 'on', 'call', '인증', '증서', '만료']);
  assert.deepEqual(p.phrases, [[['connection', 0], ['pool', 1]], [['인증', 0], ['증서', 1], ['만료', 2]]]);
  assert.deepEqual(p.excluded, [['dns']]);
  assert.equal(p.last, null);
  assert.equal(parseQuery('"a b" kafk').last, 'kafk');
  const odd = parseQuery('- "disk');
  assert.deepEqual([odd.terms, odd.phrases, odd.excluded], [['disk'], [], []]);
  assert.ok(hasPhrase('The Connection-pool was full', p.phrases[0]));
  assert.ok(!hasPhrase('pool of connections', p.phrases[0]));
  assert.ok(hasPhrase('결제 인증서 만료 알림', p.phrases[1]));
  assert.ok(!hasPhrase('만료된 인증서', p.phrases[1]));
});

test('snippetOf: the window with the most distinct terms, cut with …', () => {
  const body = `Kafka was fine. ${'x '.repeat(40)} The broker disk filled and kafka stopped.`;
  const s = snippetOf(['a summary about kafka', body], ['kafka', 'disk'], 60);
  assert.ok(s.startsWith('…') && s.includes('disk filled and kafka'), s);
  assert.equal(snippetOf(['nothing here'], ['kafka']), null);
});

test('snippets come from the passage that matched, the body included; only for the hits shown', async () => {
  const { idx } = open();
  const c = await idx.search('certificate', { limit: 1 });
  assert.deepEqual(docsOf(c), [0]);
  assert.equal(c.results[0].snippet, 'The mTLS certificate expired.');
  const k = await idx.search('kafka');
  assert.equal(k.results[0].snippet, 'The kafka brokers kept every segment; retention was off.');
  const texts = idx.fetched.filter((f) => f.startsWith('text/'));
  assert.equal(texts.length, 2, `one passage file per hit shown: ${texts}`);
  const popup = open().idx;
  await popup.search('kafka', { snippets: false });
  assert.ok(!popup.fetched.some((f) => f.startsWith('text/')), 'no passage file without snippets');
});

test('phrases are checked in the text; a phrase never falls back to OR', async () => {
  const { idx } = open();
  const both = await idx.search('certificate expired');
  assert.deepEqual(docsOf(both), [0, 4]);
  const phrase = await idx.search('"certificate expired"');
  assert.deepEqual([phrase.mode, docsOf(phrase), phrase.total, phrase.phraseLimited], ['and', [0], 1, false]);
  const reversed = await idx.search('"expired certificate"');
  assert.deepEqual(docsOf(reversed), [0], 'the title "Expired certificate on payments"');
  const none = await idx.search('"certificate expired" zebra');
  assert.deepEqual([none.mode, none.total], ['and', 0]);
});

test('exclusion leaves out documents with the word; filters alone browse by document number', async () => {
  const { idx } = open();
  assert.deepEqual(docsOf(await idx.search('certificate -kafka')), [0, 4, 2]);
  assert.deepEqual(docsOf(await idx.search('certificate -zebra')), [0, 4, 3, 2]);
  const sev2 = await idx.search('', { filters: { severity: 'SEV2' } });
  assert.deepEqual([sev2.mode, docsOf(sev2), sev2.results.map((x) => x.score)], ['browse', [1, 2], [0, 0]]);
  const notKafka = await idx.search('-kafka', { filters: { service: 'payments' } });
  assert.deepEqual(docsOf(notKafka), [0, 2, 6]);
  assert.deepEqual(docsOf(await idx.search('-certificate')), [1, 5, 6]);
  assert.equal((await idx.search('')).total, 0, 'no word and no filter: nothing');
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
  assert.deepEqual(nothing, { terms: [], prefix: null, mode: 'and', total: 0, phraseLimited: false, results: [] });
});

test('errors: unreachable index and wrong version; failures are not cached', async () => {
  let fail = true;
  const idx = new SearchIndex(dir + '/', {
    fetchBytes: async (url) => {
      if (fail) throw new TypeError('Failed to fetch');
      return new Uint8Array(readFileSync(url));
    },
  });
  await assert.rejects(idx.search('kafka'), isError('network'));
  fail = false;
  assert.deepEqual(docsOf(await idx.search('kafka')), [3]);

  const other = mkdtempSync(join(tmpdir(), 'hindsight-search-v2-'));
  try {
    writeIndex(other, { analyzer: 2 });
    const { idx: v2 } = open({ root: other });
    await assert.rejects(v2.search('kafka'), isError('version'));
    // Odd queries still answer without touching the index.
    assert.equal((await v2.search('!!!')).total, 0);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('format 2 inputs that are not what they should be are format errors', async () => {
  const k = weightsOf('kafka').map((w) => bits36(w));
  const kafka = (counts, weights = k.join('.'), docs = '3') => `kafka\t${docs}\t${counts}\t${weights}`;
  const badLines = {
    'format 1 line (three fields)': 'kafka\t3\t36i',
    'weights with three parts': kafka('1.1.1.b', k.slice(0, 3).join('.')),
    'weights with five parts': kafka('1.1.1.b', k.join('.') + '.1'),
    'weight that is not base 36': kafka('1.1.1.b', `${k[0]}.${k[1]}.${k[2]}.1!`),
    'weight over 32 bits': kafka('1.1.1.b', `${k[0]}.${k[1]}.${k[2]}.${(2 ** 32).toString(36)}`),
    'count in a field without a weight': kafka('1.1.1.b', `.${k[1]}.${k[2]}.${k[3]}`),
    'counts all 0 (four parts)': kafka('...'),
    'counts all 0 (body only)': kafka('0'),
    'counts with five parts': kafka('1.1.1.1.b'),
    'counts with three parts': kafka('1.1.b'),
    'count that is not base 36': kafka('1.1.1.-2'),
    'empty counts entry': kafka('1,', undefined, '3,1'),
    'fewer counts than documents': kafka('b', undefined, '3,1'),
    'document past the last': kafka('b', undefined, '7'),
  };
  for (const [what, text] of Object.entries(badLines)) {
    await withIndex({ lines: { kafka: text } }, async (idx) => {
      await assert.rejects(idx.search('kafka'), isError('format'), what);
      // Other shards are still read.
      assert.deepEqual(docsOf(await idx.search('apple')), [5], what);
    });
  }
  const n = NORMS.flat();
  for (const [what, norms] of Object.entries({ 'norms short of a byte': n.slice(0, -1), 'norms a document too long': [...n, 1, 1, 1, 1], 'no norms': [] })) {
    await withIndex({ norms }, async (idx) => {
      await assert.rejects(idx.search('kafka'), (e) => isError('format')(e) && /norms-/.test(e.message), what);
    });
  }
  const badManifests = {
    'no tokens': (m) => delete m.tokens,
    'three tokens': (m) => (m.tokens = m.tokens.slice(0, 3)),
    'five tokens': (m) => m.tokens.push(1),
    'negative tokens': (m) => (m.tokens[2] = -1),
    'fractional tokens': (m) => (m.tokens[0] = 2.5),
    'tokens as a string': (m) => (m.tokens = m.tokens.join(',')),
    'no norms': (m) => delete m.norms,
    'norms not a string': (m) => (m.norms = 42),
    'no docs': (m) => delete m.docs,
    'no score_scale': (m) => delete m.score_scale,
  };
  for (const [what, patch] of Object.entries(badManifests)) {
    await withIndex({ patch }, async (idx) => {
      await assert.rejects(idx.search('kafka'), isError('format'), what);
    });
  }
});

test('FIELD_NORMS: tantivy fieldnorm id → field length', () => {
  assert.equal(FIELD_NORMS.length, 256);
  for (let id = 0; id < 40; id++) assert.equal(FIELD_NORMS[id], id);
  assert.deepEqual([40, 41, 47, 48, 49, 56, 255].map((id) => FIELD_NORMS[id]), [40, 42, 54, 56, 60, 88, 2013265944]);
  for (let id = 1; id < 256; id++) assert.ok(FIELD_NORMS[id] > FIELD_NORMS[id - 1], `id ${id}`);
  assert.ok(Object.isFrozen(FIELD_NORMS));
});

test('bm25Scorer: near BM25 in plain arithmetic; longer fields, fewer counts score lower', () => {
  const avgBody = TOKENS[3] / DOCS.length;
  // One field: w × c / (c + k1 × (1 − b + b × length / average)) × scale, to within rounding.
  for (const [w, c, id] of [[1.5, 2, 40], [3.25, 1, 8], [0.4, 17, 200]]) {
    const plain = (w * c) / (c + 1.2 * (0.25 + (0.75 * FIELD_NORMS[id]) / avgBody)) * 1000;
    const got = score([null, null, null, f32(w)], [0, 0, 0, c], [0, 0, 0, id]);
    assert.ok(Number.isInteger(got) && Math.abs(got - plain) <= 1, `${got} vs ${plain}`);
  }
  // Fields add up (to within binary32 rounding of each part).
  const w = [f32(7), f32(5), f32(3), f32(1)];
  const one = (f) => score(w, [0, 1, 2, 3].map((g) => (g === f ? 1 : 0)), NORMS[0]);
  const all = score(w, [1, 1, 1, 1], NORMS[0]);
  assert.ok(Math.abs(all - (one(0) + one(1) + one(2) + one(3))) <= 2, `${all}`);
  assert.ok(score(w, [0, 0, 0, 1], [0, 0, 0, 50]) < score(w, [0, 0, 0, 1], [0, 0, 0, 20]));
  assert.ok(score(w, [0, 0, 0, 1], [0, 0, 0, 20]) < score(w, [0, 0, 0, 2], [0, 0, 0, 20]));
  // Norms are read at `at` (a document's four bytes in the norms file).
  const file = new Uint8Array(NORMS.flat());
  for (let d = 0; d < NORMS.length; d++) assert.equal(score(w, [1, 1, 0, 2], file, 4 * d), score(w, [1, 1, 0, 2], NORMS[d]));
  // A tiny score is still a hit; a count in a field without a weight, or no count, is a format error.
  assert.equal(score([null, null, null, f32(1e-9)], [0, 0, 0, 1], [0, 0, 0, 1]), 1);
  assert.throws(() => score([null, null, null, f32(1)], [1, 0, 0, 1], [0, 0, 0, 1]), isError('format'));
  assert.throws(() => score(w, [0, 0, 0, 0], [0, 0, 0, 1]), isError('format'));
  // score_scale applies before rounding (each result rounded to an integer).
  const tenth = bm25Scorer({ docs: DOCS.length, tokens: TOKENS, scoreScale: 100 });
  assert.ok(Math.abs(tenth(w, [1, 1, 0, 2], NORMS[0]) * 10 - score(w, [1, 1, 0, 2], NORMS[0])) <= 6);
});

// tests/fixtures/bm25.json is written from tantivy by the Rust tests; the Rust
// side checks its own scores against the same file.
const BM25_FIXTURE = new URL('../fixtures/bm25.json', import.meta.url);

test('tests/fixtures/bm25.json: FIELD_NORMS and scores equal tantivy\'s', () => {
  assert.ok(existsSync(BM25_FIXTURE), 'tests/fixtures/bm25.json is missing');
  const fixture = JSON.parse(readFileSync(BM25_FIXTURE, 'utf8'));
  assert.deepEqual([...FIELD_NORMS], fixture.field_norms);
  assert.ok(fixture.cases.length > 0);
  for (const [i, c] of fixture.cases.entries()) {
    const scoreCase = bm25Scorer({ docs: c.docs, tokens: c.tokens, scoreScale: 1000 });
    assert.equal(scoreCase(parseWeights(c.weights), parseCounts(c.counts), c.norms), c.score, `case #${i}: ${JSON.stringify(c)}`);
  }
});

test('gunzip: gzip decoded, plain bytes passed through (hosts that already decoded)', async () => {
  const text = line('kafka') + '\n';
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
