#!/usr/bin/env node
// Compares the browser's search module (run under node on a built site's
// search/ folder) with `hindsight search --json`: same documents, same order,
// same scores, same mode and total, for every query (prefix matching off).
//
//   node tests/js/compare-cli.mjs [--bin target/release/hindsight] [--repo .]
//        [--out public] [--limit 10] [--severity S] [--service S] [--tag T] [QUERIES_FILE]
//
// QUERIES_FILE has one query per line (default: a built-in English/Korean set).
// Exits 1 on any difference. Not a `node --test` file: it needs a built site.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const bin = resolve(opt('--bin', 'target/release/hindsight'));
const repo = resolve(opt('--repo', '.'));
const out = resolve(opt('--out', 'public'));
const limit = Number(opt('--limit', '10'));
// Filters, given to both sides: --severity S, --service S, --tag T.
const filters = {};
const filterArgs = [];
for (const f of ['severity', 'service', 'tag']) {
  const v = opt(`--${f}`, null);
  if (v !== null) {
    filters[f] = v;
    filterArgs.push(`--${f}`, v);
  }
}
const DEFAULT_QUERIES = [
  'certificate expired', 'connection pool', 'connection pool timeout', '인증서', '인증서 만료', 'kafka disk',
  'kafka', 'dns', 'coredns upgrade', 'pgbouncer client limit', 'feature flag', 'tax engine', 'cache',
  'cdn purge', 'ledger duplicate', 'advisory lock', 'search reindex', 'sms otp', 'session eviction',
  'timeout', 'timeouts retries', 'postgres', 'consumer crashloop poison', '결제', '장애 원인', '재발 방지',
  '서버가', '배포', 'rollback deploy', 'on-call pager', 'zebra unicorn', 'disk full broker', 'latency fraud score',
  '가', '!!!', 'TLS handshake', 'cert-manager renewal', 'the', 'a b c d',
];
const queries = args[0]
  ? readFileSync(args[0], 'utf8').split('\n').filter((l) => l.trim() !== '')
  : DEFAULT_QUERIES;

const { SearchIndex } = await import(pathToFileURL(resolve(new URL('../../site-theme/static/search-core.js', import.meta.url).pathname)).href);

// The command line answers every query in one run (JSON Lines).
const tmp = mkdtempSync(join(tmpdir(), 'hindsight-compare-'));
let cli;
try {
  const file = join(tmp, 'queries.txt');
  writeFileSync(file, queries.join('\n') + '\n');
  const text = execFileSync(bin, ['search', '--repo', repo, '--json', '--limit', String(limit), ...filterArgs, '--queries-from', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cli = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
} catch (e) {
  // `search` exits 1 when a query finds nothing; its output is still valid.
  if (e.stdout) cli = String(e.stdout).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  else throw e;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (cli.length !== queries.length) {
  console.error(`the command line answered ${cli.length} of ${queries.length} queries`);
  process.exit(2);
}

const index = new SearchIndex(join(out, 'search') + '/', {
  fetchBytes: async (path) => new Uint8Array(readFileSync(path)),
});

let bad = 0;
for (const [i, q] of queries.entries()) {
  const c = cli[i];
  const b = await index.search(q, { limit, filters });
  const cliTop = c.results.map((r) => `${r.doc}:${r.score}`);
  const jsTop = b.results.map((r) => `${r.doc}:${r.score}`);
  const same =
    JSON.stringify(cliTop) === JSON.stringify(jsTop) &&
    c.mode === b.mode &&
    c.total === b.total &&
    JSON.stringify(c.terms) === JSON.stringify(b.terms) &&
    c.results.every((r, k) => r.url === b.results[k].url && r.title === b.results[k].title);
  if (!same) bad++;
  console.log(`${same ? 'same' : 'DIFF'}  ${JSON.stringify(q)}  ${b.mode} ${b.total}  [${jsTop.map((s) => s.split(':')[0]).join(' ')}]`);
  if (!same) {
    console.log(`  cli:     ${c.mode} ${c.total} terms=${JSON.stringify(c.terms)} [${cliTop.join(' ')}]`);
    console.log(`  browser: ${b.mode} ${b.total} terms=${JSON.stringify(b.terms)} [${jsTop.join(' ')}]`);
  }
}
console.log(`${queries.length - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
