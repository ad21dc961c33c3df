// CLI/browser parity: the browser's search module (site-theme/static/search-core.js,
// run under node on the built site's search/ folder) must give the same top 10
// as `hindsight search --json` (same documents, order and scores; same mode,
// total and terms) — on the sample knowledge base and on a generated corpus of
// HINDSIGHT_PARITY_N postmortems (default 2000; CI uses 10000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, releaseBinary, buildSite, run, tempDir } from './helpers.mjs';
import { DEFAULT_QUERIES, cliAnswers, fileIndex, compareQueries } from '../js/compare-cli.mjs';
import { tokens } from '../../site-theme/static/analyzer.js';

const N = Number(process.env.HINDSIGHT_PARITY_N || 2000);
const LIMIT = 10;
const HANGUL = /[\uAC00-\uD7A3]/;

const tmp = tempDir('hindsight-parity-');
const bin = releaseBinary();

// The corpus is generated while the sample knowledge base is checked.
const corpus = join(tmp, 'corpus');
const generated = run('python3', [join(ROOT, 'bench', 'gen_corpus.py'), '--n', String(N), '--out', corpus]);
generated.catch(() => {}); // reported by the corpus test

/** Asserts parity for `queries` (with `filters`), and returns the answer modes. */
async function assertParity(t, { repo, site, queries, filters = {} }) {
  const cli = cliAnswers({ bin, repo, queries, limit: LIMIT, filters });
  return checkParity(t, { site, queries, cli, filters });
}

async function checkParity(t, { site, queries, cli, filters = {} }) {
  const { diffs, lines, modes } = await compareQueries({ index: fileIndex(join(site, 'search')), cli, queries, limit: LIMIT, filters });
  const label = Object.keys(filters).length ? ` ${JSON.stringify(filters)}` : '';
  t.diagnostic(`${queries.length - diffs.length}/${queries.length} equal${label}; AND ${modes.and}, OR ${modes.or}, no hits ${modes.empty}`);
  if (diffs.length) {
    assert.fail(`${diffs.length} of ${queries.length} queries differ between the browser module and \`hindsight search --json\`${label}:\n${diffs.join('\n')}\n\nall:\n${lines.join('\n')}`);
  }
  return modes;
}

test('sample knowledge base: browser top 10 = `hindsight search --json`', async (t) => {
  const site = await buildSite(ROOT, join(tmp, 'kb'));
  const queries = [...DEFAULT_QUERIES, '대사 배치', '정산 배치 지연', '검색 인덱스', 'payments 결제', 'mTLS client certificate expired',
    '"connection pool"', '"pool connection"', '"certificate expired" -kafka', '“인증서 만료”', 'kafka -disk', 'deploy -rollback -kafka', '-kafka', '"the"'];
  assert.ok(queries.length >= 30);
  assert.ok(queries.filter((q) => HANGUL.test(q)).length >= 8, 'Korean queries');
  const modes = await assertParity(t, { repo: ROOT, site, queries });
  assert.ok(modes.or >= 3, `at least three queries use the AND→OR fallback (got ${modes.or})`);
  assert.ok(modes.and >= 20, `most queries match all their words (got ${modes.and})`);

  // Filters the command line also has.
  const some = ['errors', 'deploy', 'service', 'alert', 'timeout', 'certificate', '결제', '장애 원인', 'kafka disk', 'zebra unicorn'];
  for (const filters of [{ severity: 'SEV1' }, { severity: 'sev2' }, { service: 'checkout-api' }, { tag: 'tls' }, { severity: 'SEV2', service: 'postgres-main' }]) {
    await assertParity(t, { repo: ROOT, site, queries: some, filters });
  }

  // Filters alone (an empty query) browse: the same documents, newest first.
  const index = fileIndex(join(site, 'search'));
  for (const [flag, value] of [['severity', 'SEV2'], ['service', 'checkout-api']]) {
    const r = await run(bin, ['search', '--repo', ROOT, '--json', '--limit', String(LIMIT), `--${flag}`, value], { ok: [0, 1] });
    const c = JSON.parse(r.stdout);
    const b = await index.search('', { filters: { [flag]: value }, limit: LIMIT });
    assert.equal(c.mode, 'browse');
    assert.ok(c.total >= 2, `${flag} ${value}: ${c.total}`);
    assert.deepEqual([b.mode, b.total, b.results.map((x) => x.doc)], [c.mode, c.total, c.results.map((x) => x.doc)], `${flag} ${value}`);
  }
});

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function markdownFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...markdownFiles(p));
    else if (e.name.endsWith('.md') && e.name !== 'README.md') out.push(p);
  }
  return out.sort();
}

/** Text lines of a postmortem's body (no front matter, no table rules or fences). */
function bodyLines(text) {
  let body = text;
  const fm = /^(---|\+\+\+)\n[\s\S]*?\n\1\n/.exec(text);
  if (fm) body = text.slice(fm[0].length);
  return body
    .split('\n')
    .map((l) => l.replace(/^[\s#>*|-]+|\[[ x]\]/g, ' ').replace(/[`*_|]/g, ' ').trim())
    .filter((l) => l.length > 0 && !/^[-=|:\s]+$/.test(l));
}

/** Words of a line as a reader sees them: whitespace-separated, outer punctuation trimmed. */
function words(line) {
  return line
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);
}

/**
 * Queries from words that occur in the generated files: English and Korean
 * phrases of one to four consecutive words, titles, the most common terms
 * (long, split postings), and pairs of rare words from different files plus
 * an unknown word with a real one (AND→OR fallback).
 */
function pickQueries(files, seed = 20261122) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const docs = files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const hangul = (text.match(/[\uAC00-\uD7A3]/g) || []).length;
    const title = (/^title:\s*(.+)$/m.exec(text) || /^# (.+)$/m.exec(text) || [])[1] || '';
    return { text, korean: hangul > 100, title: title.replace(/^["']|["']$/g, ''), lines: bodyLines(text) };
  });
  const english = docs.filter((d) => !d.korean);
  const korean = docs.filter((d) => d.korean);
  assert.ok(english.length > 0 && korean.length > 0, 'the corpus has English and Korean postmortems');

  const queries = [];
  const add = (q) => {
    q = q.trim();
    if (q && !queries.includes(q)) queries.push(q);
  };
  /** k consecutive words (matching `want`) from a random line of a random document. */
  const phrase = (pool, k, want) => {
    for (let tries = 0; tries < 200; tries++) {
      const ws = words(pick(pick(pool).lines)).filter((w) => want.test(w));
      if (ws.length < k) continue;
      const at = Math.floor(random() * (ws.length - k + 1));
      return ws.slice(at, at + k).join(' ');
    }
    throw new Error(`no line with ${k} words like ${want}`);
  };

  for (let i = 0; i < 8; i++) add(phrase(english, 1 + (i % 4), /^[A-Za-z][A-Za-z'-]{2,}$/));
  for (let i = 0; i < 8; i++) add(phrase(korean, 1 + (i % 3), HANGUL));
  for (let i = 0; i < 4; i++) {
    const ws = words(pick(i % 2 ? korean : english).title);
    const k = Math.min(ws.length, 2 + (i % 3));
    add(ws.slice(0, k).join(' '));
  }

  // Document frequency of the analyzer's terms (on up to 2000 files), with
  // a surface form for each: the most common terms and rare ones.
  const df = new Map(); // term → {n, surface, doc}
  const sample = docs.length > 2000 ? docs.filter((_, i) => i % Math.ceil(docs.length / 2000) === 0) : docs;
  sample.forEach((d, di) => {
    const seen = new Set();
    for (const line of d.lines) {
      for (const tok of tokens(line)) {
        if (seen.has(tok.text)) continue;
        seen.add(tok.text);
        const e = df.get(tok.text);
        if (e) e.n++;
        else df.set(tok.text, { n: 1, surface: line.slice(tok.from, tok.to), doc: di });
      }
    }
  });
  const latin = /^[a-z][a-z]{3,}$/;
  const byDf = [...df].filter(([term]) => latin.test(term)).sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const common = byDf.slice(0, 3).map(([, e]) => e.surface.toLowerCase());
  for (const w of common) add(w);
  add(`${common[0]} ${common[1]}`);
  // Rare words (in one sampled file) from different files: usually no document has both.
  const rare = byDf.filter(([, e]) => e.n === 1 && e.surface.length >= 6);
  assert.ok(rare.length >= 12, 'the corpus has rare words');
  for (let i = 0; i < 6; i++) {
    const [, a] = pick(rare);
    let b;
    do [, b] = pick(rare);
    while (b.doc === a.doc);
    add(`${a.surface} ${b.surface}`);
  }
  // A Korean word with a rare word of an English postmortem.
  const rareEn = rare.filter(([, e]) => !sample[e.doc].korean);
  for (let i = 0; i < 3; i++) add(`${phrase(korean, 1, HANGUL)} ${pick(rareEn)[1].surface}`);
  // An unknown word with real ones: AND is empty, OR answers.
  add(`zqxjvw ${common[2]}`);
  add(`${phrase(english, 2, /^[A-Za-z]{4,}$/)} qqzzxv`);
  add(`${phrase(korean, 1, HANGUL)} 뷁퉯`);
  // Quoted phrases as written (checked in the text) and in the wrong order,
  // and exclusions: a common word without another, a phrase without a word.
  for (let i = 0; i < 3; i++) add(`"${phrase(english, 2 + (i % 2), /^[A-Za-z]{3,}$/)}"`);
  add(`"${phrase(korean, 2, HANGUL)}"`);
  add(`"${phrase(english, 2, /^[A-Za-z]{4,}$/).split(' ').reverse().join(' ')}"`);
  add(`${common[0]} -${common[1]}`);
  add(`${phrase(english, 1, /^[A-Za-z]{5,}$/)} -${common[2]}`);
  add(`"${phrase(english, 2, /^[A-Za-z]{3,}$/)}" -${pick(rare)[1].surface}`);
  return queries;
}

test(`generated corpus of ${N} postmortems: browser top 10 = \`hindsight search --json\``, async (t) => {
  await generated;
  const files = markdownFiles(join(corpus, 'postmortems'));
  assert.equal(files.length, N);
  const queries = pickQueries(files);
  assert.ok(queries.length >= 30, `${queries.length} queries`);
  assert.ok(queries.filter((q) => HANGUL.test(q)).length >= 8, 'Korean queries');
  assert.ok(queries.some((q) => q.split(/\s+/).length === 4), 'four-word queries');
  assert.ok(queries.filter((q) => q.startsWith('"')).length >= 5 && queries.filter((q) => / -/.test(q)).length >= 3, 'phrases and exclusions');
  t.diagnostic(`queries: ${JSON.stringify(queries)}`);

  // The site and the command line's index are built at the same time.
  const site = join(tmp, 'corpus-site');
  const [, cli] = await Promise.all([
    buildSite(corpus, site),
    (async () => {
      const file = join(tmp, 'corpus-queries.txt');
      writeFileSync(file, queries.join('\n') + '\n');
      const r = await run(bin, ['search', '--repo', corpus, '--json', '--limit', String(LIMIT), '--queries-from', file], { ok: [0, 1] });
      return r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    })(),
  ]);
  assert.equal(cli.length, queries.length, 'one command-line answer per query');
  const manifest = JSON.parse(readFileSync(join(site, 'search', 'manifest.json'), 'utf8'));
  assert.equal(manifest.docs, N);
  const modes = await checkParity(t, { site, queries, cli });
  assert.ok(modes.or >= 3, `at least three queries use the AND→OR fallback (got ${modes.or})`);
  assert.ok(modes.and >= 15, `most queries match all their words (got ${modes.and})`);
});
