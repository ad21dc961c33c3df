// No script runs from content: the hostile postmortems in tests/hostile/
// (raw <script>, <img onerror>, <svg onload>, javascript:/data: links,
// markup in front-matter values, titles, tags, reading lists, the commit
// author and message) are built with the release binary, and every HTML
// page of the site plus the search results and both feeds are opened in
// headless Chromium. Every payload sets `window.__pwned` and calls alert():
// the test fails on any dialog, any console or page error, a set flag, an
// event-handler attribute, a script not shipped by the theme, or a
// javascript:/data:/vbscript: URL in the DOM.
//
// Needs /usr/bin/chromium and node_modules/playwright-core (see
// search.e2e.test.mjs); skipped without them unless HINDSIGHT_E2E_REQUIRED=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, releaseBinary, run, serveStatic, tempDir, browserTools, skipWithoutBrowser } from './helpers.mjs';

const { chromium, CHROMIUM, CHROMIUM_ARGS, missing } = await browserTools();

/** Every file under `dir`, relative, `/`-separated. */
function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The fixture as a git repository whose author and message are hostile too. */
async function hostileRepo() {
  const repo = join(tempDir('hindsight-hostile-'), 'repo');
  cpSync(join(ROOT, 'tests', 'hostile'), repo, { recursive: true });
  const git = (...args) => run('git', args, { cwd: repo });
  await git('init', '-q');
  await git('add', '-A');
  await git(
    '-c', `user.name=<img src=x onerror="window.__pwned='git-author';alert('git-author')">`,
    '-c', 'user.email="><script>alert(1)</script>@example.com',
    'commit', '-q', '-m', "<script>window.__pwned='subject';alert('subject')</script> add postmortems",
  );
  return repo;
}

// Checks run inside each page once it has loaded.
function inspect() {
  const bad = [];
  if (window.__pwned !== undefined) bad.push(`window.__pwned = ${window.__pwned}`);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(a.name)
        && /^\s*(javascript|data|vbscript):/i.test(a.value)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
      if (a.name === 'srcdoc') bad.push(`<${el.localName} srcdoc>`);
    }
    if (['iframe', 'object', 'embed', 'base', 'meta'].includes(el.localName)
      && !(el.localName === 'meta' && !el.hasAttribute('http-equiv'))) bad.push(`<${el.localName}> element`);
  }
  for (const s of document.scripts) {
    // The theme's scripts only: static/*.js and on-this-day/*.js, by src, no inline code.
    const ok = s.src && /\/(static|on-this-day)\/[\w.-]+\.js$/.test(new URL(s.src).pathname) && !s.textContent.trim();
    if (!ok) bad.push(`script ${s.src || s.textContent.slice(0, 80)}`);
  }
  return bad;
}

test('hostile postmortems run no script on any page, search result or feed', { timeout: 240_000 }, async (t) => {
  if (skipWithoutBrowser(t, missing)) return;
  const repo = await hostileRepo();
  const out = join(tempDir('hindsight-hostile-site-'), 'kb');
  // Exit 1: the fixture's reading lists name a postmortem that does not exist.
  await run(releaseBinary(), ['build', '--repo', repo, '--out', out, '-q'], { ok: [0, 1] });
  const all = files(out);
  const pages = all.filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 35, `a whole site was built: ${pages.length} pages`);
  for (const must of ['index.html', 'postmortems/checkout-xss.html', 'tags/index.html', 'trends/index.html',
    'root-causes/index.html', 'potm/index.html', 'reading-lists/index.html', 'reading-lists/xss.html',
    'wheel/index.html', 'wheel/checkout-xss.html', 'discuss/checkout-xss.html', 'search/index.html']) {
    assert.ok(pages.includes(must), `${must} built`);
  }

  const server = await serveStatic(out, '/kb/');
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const problems = [];
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  // Nothing leaves 127.0.0.1 (a payload fetching elsewhere would be aborted and reported).
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    problems.push(`request outside the site: ${u.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    problems.push(`dialog (${d.type()}) "${d.message()}" on ${page.url()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // `<img src=x onerror=…>` keeps a harmless broken image once its handler is
    // stripped: the 404 for `x` is expected, nothing else is.
    const where = m.location().url || '';
    if (m.text().startsWith('Failed to load resource') && /\/x$/.test(where)) return;
    problems.push(`console error on ${page.url()}: ${m.text()} ${where}`);
  });

  const visit = async (url) => {
    await page.goto(url, { waitUntil: 'load' });
    // Open every <details> (the wheel reveals steps that way; ontoggle payloads).
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.waitForTimeout(30);
    for (const b of await page.evaluate(inspect)) problems.push(`${url}: ${b}`);
  };
  for (const p of pages) await visit(server.url + p);

  // Search results for queries that hit the hostile documents (titles,
  // summaries and snippets render), and the header box's popup.
  for (const q of ['checkout', 'script injection', 'payment', 'pwned', 'onerror', 'alert', '결제', 'xss']) {
    const u = new URL('search/index.html', server.url);
    u.searchParams.set('q', q);
    await page.goto(u.href, { waitUntil: 'load' });
    await page.waitForFunction(() => {
      const form = document.getElementById('search-form');
      const status = document.getElementById('search-status');
      return form && !form.hasAttribute('aria-busy') && status.textContent.trim() !== '';
    });
    const hits = await page.locator('.search-hit').count();
    if (['checkout', 'script injection', 'payment', '결제'].includes(q)) assert.ok(hits > 0, `results for ${q}`);
    for (const b of await page.evaluate(inspect)) problems.push(`search ${q}: ${b}`);
    // The header box (on every page but the search page) shows a popup.
    await page.goto(server.url + 'index.html', { waitUntil: 'load' });
    await page.fill('#site-search-q', q);
    await page.waitForFunction(() => {
      const popup = document.getElementById('site-search-popup');
      return popup && !popup.hidden && popup.querySelector('.search-note') !== null;
    });
    await page.waitForTimeout(50);
    for (const b of await page.evaluate(inspect)) problems.push(`search popup ${q}: ${b}`);
  }

  // Feeds: well-formed XML, and the HTML they carry (escaped in type="html"
  // elements, which feed readers render) holds nothing executable.
  for (const feed of ['feed.xml', 'potm.xml']) {
    const xml = readFileSync(join(out, feed), 'utf8');
    await visit(server.url + feed);
    const found = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.querySelector('parsererror')) return ['not well-formed XML'];
      const bad = [];
      const ATOM = 'http://www.w3.org/2005/Atom';
      for (const el of doc.getElementsByTagName('*')) {
        if (el.namespaceURI !== ATOM) bad.push(`element outside Atom: ${el.localName}`);
        const type = el.getAttribute('type');
        if (type === 'xhtml') bad.push(`xhtml content in ${el.localName}`);
        if (type !== 'html' || el.children.length) continue;
        // What a feed reader renders: the escaped text parsed as HTML.
        const html = new DOMParser().parseFromString(el.textContent, 'text/html');
        for (const e of html.body.querySelectorAll('*')) {
          if (['script', 'iframe', 'object', 'embed', 'svg', 'img', 'style', 'form'].includes(e.localName)) bad.push(`<${e.localName}> in ${el.localName}`);
          for (const a of e.attributes) {
            if (a.name.startsWith('on') || /^\s*(javascript|data|vbscript):/i.test(a.value)) bad.push(`${a.name}="${a.value}" in ${el.localName}`);
          }
        }
      }
      for (const link of doc.getElementsByTagNameNS(ATOM, 'link')) {
        if (!/^https:\/\/kb\.example\//.test(link.getAttribute('href'))) bad.push(`link ${link.getAttribute('href')}`);
      }
      return doc.getElementsByTagNameNS(ATOM, 'entry').length ? bad : [...bad, 'no entries'];
    }, xml);
    for (const b of found) problems.push(`${feed}: ${b}`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
