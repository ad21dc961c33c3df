#!/usr/bin/env node
// Compares the browser's search module (run under node on a built site's
// search/ folder) with `hindsight search --json`: same documents, same order,
// same scores, same mode, total and terms, for every query (prefix matching off).
//
// As a script:
//   node tests/js/compare-cli.mjs [--bin target/release/hindsight] [--repo .]
//        [--out public] [--limit 10] [--severity S] [--service S] [--tag T] [QUERIES_FILE]
// QUERIES_FILE has one query per line (default: a built-in English/Korean set).
// Exits 1 on any difference. Not a `node --test` file: it needs a built site.
//
// As a module (tests/e2e/parity.test.mjs): cliAnswers, fileIndex, compareQueries.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../../site-theme/static/search-core.js';

/** Queries over the sample knowledge base in postmortems/ (English, Korean, AND→OR fallbacks, odd input). */
export const DEFAULT_QUERIES = [
  'certificate expired', 'connection pool', 'connection pool timeout', '인증서', '인증서 만료', 'kafka disk',
  'kafka', 'dns', 'coredns upgrade', 'pgbouncer client limit', 'feature flag', 'tax engine', 'cache',
  'cdn purge', 'ledger duplicate', 'advisory lock', 'search reindex', 'sms otp', 'session eviction',
  'timeout', 'timeouts retries', 'postgres', 'consumer crashloop poison', '결제', '장애 원인', '재발 방지',
  '서버가', '배포', 'rollback deploy', 'on-call pager', 'zebra unicorn', 'disk full broker', 'latency fraud score',
  '가', '!!!', 'TLS handshake', 'cert-manager renewal', 'the', 'a b c d',
];

const FILTER_FLAGS = ['severity', 'service', 'tag'];

/**
 * Runs `hindsight search --json --queries-from` once for all `queries` and
 * returns one parsed answer per query. `filters` is {severity, service, tag}.
 */
export function cliAnswers({ bin, repo, queries, limit = 10, filters = {} }) {
  for (const q of queries) {
    if (/[\r\n]/.test(q)) throw new Error(`a query cannot hold a line break: ${JSON.stringify(q)}`);
  }
  const args = ['search', '--repo', repo, '--json', '--limit', String(limit)];
  for (const f of FILTER_FLAGS) if (filters[f] !== undefined && filters[f] !== null) args.push(`--${f}`, String(filters[f]));
  const tmp = mkdtempSync(join(tmpdir(), 'hindsight-compare-'));
  try {
    const file = join(tmp, 'queries.txt');
    writeFileSync(file, queries.join('\n') + '\n');
    const r = spawnSync(bin, [...args, '--queries-from', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    // `search` exits 1 when a query finds nothing; its output is still complete.
    if (r.status !== 0 && r.status !== 1) {
      throw new Error(`${bin} ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
    }
    const answers = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    if (answers.length !== queries.length) {
      throw new Error(`the command line answered ${answers.length} of ${queries.length} queries: ${r.stderr}`);
    }
    return answers;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The browser module over a built site's search/ folder on disk (no server). */
export function fileIndex(searchDir) {
  return new SearchIndex(resolve(searchDir) + '/', {
    fetchBytes: async (path) => new Uint8Array(readFileSync(path)),
  });
}

/**
 * Runs every query in the browser module (prefix off) and compares it with the
 * command line's answer. Returns {diffs: [text], lines: [text], modes: {and, or}}.
 */
export async function compareQueries({ index, cli, queries, limit = 10, filters = {} }) {
  const diffs = [];
  const lines = [];
  const modes = { and: 0, or: 0, empty: 0 };
  for (const [i, q] of queries.entries()) {
    const c = cli[i];
    const b = await index.search(q, { limit, filters });
    const cliTop = c.results.map((r) => `${r.doc}:${r.score}`);
    const jsTop = b.results.map((r) => `${r.doc}:${r.score}`);
    const same =
      c.query === q &&
      JSON.stringify(cliTop) === JSON.stringify(jsTop) &&
      c.mode === b.mode &&
      c.total === b.total &&
      c.phrase_limited === b.phraseLimited &&
      JSON.stringify(c.terms) === JSON.stringify(b.terms) &&
      c.results.every((r, k) => r.url === b.results[k].url && r.title === b.results[k].title);
    if (b.total === 0) modes.empty++;
    else modes[b.mode]++;
    const line = `${same ? 'same' : 'DIFF'}  ${JSON.stringify(q)}  ${b.mode} ${b.total}  [${jsTop.map((s) => s.split(':')[0]).join(' ')}]`;
    lines.push(line);
    if (!same) {
      diffs.push(
        `${line}\n  cli:     ${c.mode} ${c.total} terms=${JSON.stringify(c.terms)} [${cliTop.join(' ')}]` +
          `\n  browser: ${b.mode} ${b.total} terms=${JSON.stringify(b.terms)} [${jsTop.join(' ')}]`,
      );
    }
  }
  return { diffs, lines, modes };
}

async function main() {
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
  const filters = {};
  for (const f of FILTER_FLAGS) {
    const v = opt(`--${f}`, null);
    if (v !== null) filters[f] = v;
  }
  const queries = args[0] ? readFileSync(args[0], 'utf8').split('\n').filter((l) => l.trim() !== '') : DEFAULT_QUERIES;
  let cli;
  try {
    cli = cliAnswers({ bin, repo, queries, limit, filters });
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const { diffs, lines } = await compareQueries({ index: fileIndex(join(out, 'search')), cli, queries, limit, filters });
  for (const l of lines) console.log(l);
  for (const d of diffs) console.log(d);
  console.log(`${queries.length - diffs.length} passed, ${diffs.length} failed`);
  process.exit(diffs.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
