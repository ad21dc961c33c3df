// Shared by the end-to-end tests (not a test file itself): the release binary,
// building a site, a static file server on 127.0.0.1, child processes.
import { existsSync, statSync, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join, resolve, extname, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'target', 'release', 'hindsight');

/**
 * True when prerequisites must be present (CI sets HINDSIGHT_E2E_REQUIRED=1):
 * then a missing browser fails the test instead of skipping it.
 */
export const REQUIRED = process.env.HINDSIGHT_E2E_REQUIRED === '1';

/**
 * Skips a browser test whose tools are `missing`, saying so loudly on
 * stderr (a skipped test is easy to miss in a passing run); fails it when
 * HINDSIGHT_E2E_REQUIRED=1. Returns true when the test must stop.
 */
export function skipWithoutBrowser(t, missing) {
  if (!missing.length) return false;
  const message = `browser test needs ${missing.join(' and ')}`;
  if (REQUIRED) throw new Error(`${message} (HINDSIGHT_E2E_REQUIRED=1)`);
  process.stderr.write(
    `\n*** SKIPPED: ${t.name}\n*** ${message}\n` +
      '*** The browser tests did not run. Install them (see CONTRIBUTING.md, Tests) ' +
      'or set HINDSIGHT_E2E_REQUIRED=1 to make this a failure.\n\n',
  );
  t.skip(message);
  return true;
}

/** The release binary, or an error that says how to get it. */
export function releaseBinary() {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build it first with \`cargo build --release\``);
  }
  return BIN;
}

/** A temporary folder removed when the process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a command without blocking the event loop. Resolves {status, stdout,
 * stderr}; rejects if it cannot start or exits with a status not in `ok`.
 */
export function run(cmd, args, { ok = [0], cwd = ROOT, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const r = { status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (ok.includes(status)) resolvePromise(r);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${status ?? signal}:\n${r.stderr.slice(-4000)}`));
    });
  });
}

/** `hindsight build --repo REPO --out OUT -q` with the release binary. */
export async function buildSite(repo, out) {
  await run(releaseBinary(), ['build', '--repo', repo, '--out', out, '-q']);
  if (!existsSync(join(out, 'search', 'manifest.json'))) throw new Error(`no search index in ${out}`);
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // Served as they are (no Content-Encoding), like a host that does not
  // compress: the browser decompresses them itself.
  '.gz': 'application/gzip',
};

/**
 * Serves `dir` at http://127.0.0.1:PORT/PREFIX/ (a random free port) and
 * nothing else: every other path is a 404. Records each request path.
 * Resolves {url, origin, requests, close()}.
 */
export function serveStatic(dir, prefix = '/kb/') {
  const root = resolve(dir);
  const requests = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    requests.push({ method: req.method, path });
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    if (!path.startsWith(prefix)) return send(404, 'not found');
    let rel;
    try {
      rel = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return send(400, 'bad path');
    }
    let file = resolve(root, '.' + sep + rel);
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return send(404, 'not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolvePromise({
        origin,
        url: origin + prefix,
        requests,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

/**
 * Debian's chromium (HINDSIGHT_CHROMIUM points elsewhere) and playwright-core,
 * with the flags this machine's closed network needs; `missing` says what to
 * install when either is absent (the browser tests then skip, or fail when
 * HINDSIGHT_E2E_REQUIRED=1).
 */
export async function browserTools() {
  const CHROMIUM = process.env.HINDSIGHT_CHROMIUM || '/usr/bin/chromium';
  const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];

  let chromium = null;
  let importError = null;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    importError = e;
  }
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (install Debian's chromium: apt-get install chromium)`);
  if (!chromium) missing.push(`playwright-core (run \`npm ci\` in the repository root; ${importError && importError.code})`);
  return { chromium, CHROMIUM, CHROMIUM_ARGS, missing };
}
