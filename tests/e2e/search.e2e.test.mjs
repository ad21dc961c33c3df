// End-to-end test of the site's search in a real browser: Debian's chromium,
// driven by playwright-core, on the sample knowledge base built by the release
// binary and served from a sub-path (http://127.0.0.1:PORT/kb/) by a tiny
// static server. Expected results come from `hindsight search --json`.
//
// Needs /usr/bin/chromium (apt-get install chromium; or set HINDSIGHT_CHROMIUM) and node_modules/playwright-core
// (npm ci); without them the test is skipped, unless HINDSIGHT_E2E_REQUIRED=1
// (set by .ci/run), which makes a missing prerequisite a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, releaseBinary, buildSite, serveStatic, tempDir, skipWithoutBrowser } from './helpers.mjs';
import { browserTools } from './helpers.mjs';
import { cliAnswers } from '../js/compare-cli.mjs';
import { terms as analyzeTerms } from '../../site-theme/static/analyzer.js';

// Debian's chromium (HINDSIGHT_CHROMIUM points elsewhere on other systems).
const { chromium, CHROMIUM, CHROMIUM_ARGS, missing } = await browserTools();

/** `hindsight search --json` on the sample knowledge base: query → answer. */
function cli(queries, { limit = 20, filters = {} } = {}) {
  const answers = cliAnswers({ bin: releaseBinary(), repo: ROOT, queries, limit, filters });
  return Object.fromEntries(queries.map((q, i) => [q, answers[i]]));
}

test('search in a real browser (chromium, sample knowledge base served under /kb/)', { timeout: 180_000 }, async (t) => {
  if (skipWithoutBrowser(t, missing)) return;

  const site = await buildSite(ROOT, join(tempDir('hindsight-e2e-'), 'kb'));
  const server = await serveStatic(site, '/kb/');
  t.after(() => server.close());
  const base = server.url; // http://127.0.0.1:PORT/kb/
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());

  // Every request any page makes is recorded; anything not on 127.0.0.1 is
  // aborted (so the test itself never leaves the machine) and reported.
  const requests = [];
  const external = new Set();
  const problems = [];
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const u = new URL(url);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname === '127.0.0.1') return route.continue();
    if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    external.add(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => {
    requests.push(r.url());
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.hostname !== '127.0.0.1') external.add(r.url());
  });
  context.on('page', (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
    p.on('requestfailed', (r) => {
      // ERR_ABORTED: cancelled by the next navigation (e.g. the favicon), not a failure.
      const failure = r.failure() && r.failure().errorText;
      if (!external.has(r.url()) && failure !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${failure})`);
    });
    p.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
  });
  const page = await context.newPage();

  const abs = (url) => new URL(url, base).href;
  const searchPage = (params) => {
    const u = new URL('search/index.html', base);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.href;
  };
  /** Header box: waits until the popup shows the answer for `q` (its "all results" link or its note). */
  async function headerAnswer(q) {
    await page.waitForFunction(
      ({ q, all }) => {
        const popup = document.getElementById('site-search-popup');
        if (!popup || popup.hidden || document.getElementById('site-search-q').value !== q) return false;
        const links = [...popup.querySelectorAll('.search-option[data-href]')].map((o) => new URL(o.dataset.href, document.baseURI).href);
        const note = popup.querySelector('.search-note').textContent;
        return links.some((href) => href === all) || note.includes('Nothing matches') || note.includes('unavailable');
      },
      { q, all: searchPage({ q }) },
    );
    return page.evaluate(() => ({
      // Result options carry the query as ?q= (checked on the search page below).
      hits: [...document.querySelectorAll('#site-search-options .search-option[data-href]')]
        .map((o) => new URL(o.dataset.href, document.baseURI).href)
        .filter((h) => !h.includes('/search/index.html'))
        .map((h) => h.split('?')[0]),
      marks: [...document.querySelectorAll('#site-search-options mark')].map((m) => m.textContent),
      note: document.querySelector('#site-search-popup .search-note').textContent,
      live: document.getElementById('site-search-live').textContent,
      expanded: document.getElementById('site-search-q').getAttribute('aria-expanded'),
    }));
  }
  /** Search page: waits until no search is running and the status says something. */
  async function pageAnswer() {
    await page.waitForFunction(() => {
      const form = document.getElementById('search-form');
      const status = document.getElementById('search-status');
      return form && !form.hasAttribute('aria-busy') && status.textContent.trim() !== '';
    });
    return page.evaluate(() => ({
      status: document.getElementById('search-status').textContent,
      hits: [...document.querySelectorAll('#search-results .search-hit h3 a')].map((a) => a.href.split('?')[0]),
      linkQueries: [...document.querySelectorAll('#search-results .search-hit h3 a')].map((a) => new URL(a.href).searchParams.get('q')),
      titles: [...document.querySelectorAll('#search-results .search-hit h3')].map((h) => h.textContent),
      marks: [...document.querySelectorAll('#search-results mark')].map((m) => m.textContent),
      summaryMarks: document.querySelectorAll('#search-results .summary mark').length,
      url: location.href,
    }));
  }
  /** Every highlighted word is one of the query's terms. */
  function assertMarks(marks, answerTerms, prefix) {
    assert.ok(marks.length > 0, 'some words are highlighted');
    for (const m of marks) {
      const ts = analyzeTerms(m);
      assert.ok(ts.length > 0 && ts.every((x) => answerTerms.includes(x) || (prefix && x.startsWith(prefix))), `<mark>${m}</mark` + `> is not a query word (${answerTerms})`);
    }
  }

  const expected = cli(['certificate', 'kafka disk', 'connection pool', '장애', '대사 배치', '정산', 'errors']);

  await t.test('header box: typing shows live results with highlighted titles', async () => {
    await page.goto(base + 'index.html');
    await page.click('#site-search-q');
    await page.keyboard.type('certificate', { delay: 25 });
    const a = await headerAnswer('certificate');
    const want = expected.certificate.results.map((r) => abs(r.url));
    assert.equal(want.length, 2);
    assert.ok(expected.certificate.results.every((r) => r.path.includes('payments-gateway')), 'the two payments-gateway postmortems');
    assert.deepEqual(a.hits, want);
    assert.equal(a.expanded, 'true');
    assert.equal(a.live, '2 results');
    assertMarks(a.marks, ['certificate'], 'certificate');
    for (const h of a.hits) assert.ok(h.startsWith(base + 'postmortems/'), `${h} is under the sub-path`);
  });

  await t.test('"/" focuses the box; ArrowDown + Enter opens the first result', async () => {
    await page.goto(abs(expected['connection pool'].results[0].url));
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    assert.notEqual(await page.evaluate(() => document.activeElement.id), 'site-search-q');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
    await page.keyboard.type('kafka disk', { delay: 25 });
    const a = await headerAnswer('kafka disk');
    assert.equal(a.hits[0].split('?')[0], abs(expected['kafka disk'].results[0].url));
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#site-search-q', 'aria-activedescendant'), 'site-search-options-0');
    assert.equal(await page.getAttribute('#site-search-options-0', 'aria-selected'), 'true');
    await Promise.all([page.waitForURL((u) => `${u.origin}${u.pathname}` === a.hits[0] && u.searchParams.get('q') === 'kafka disk'), page.keyboard.press('Enter')]);
    assert.ok((await page.textContent('h1')).includes(expected['kafka disk'].results[0].title));
  });

  await t.test('search page: ranked results with highlighted snippets', async () => {
    await page.goto(searchPage({ q: 'connection pool' }));
    const a = await pageAnswer();
    const want = expected['connection pool'];
    assert.deepEqual(a.hits, want.results.map((r) => abs(r.url)));
    assert.deepEqual(a.linkQueries, want.results.map(() => 'connection pool'), 'links carry ?q=');
    assert.match(a.status, new RegExp(`^${want.total} postmortems? match`));
    assert.ok(a.summaryMarks > 0, 'snippets have <mark>s');
    assertMarks(a.marks, want.terms);
    assert.equal(await page.inputValue('#search-q'), 'connection pool');
  });

  await t.test('Korean: a Korean query finds the Korean postmortems', async () => {
    await page.goto(searchPage({ q: '장애' }));
    const a = await pageAnswer();
    const want = expected['장애'];
    assert.ok(want.total > 0);
    assert.deepEqual(a.hits, want.results.map((r) => abs(r.url)));
    for (const title of a.titles) assert.match(title, /[\uAC00-\uD7A3]/, 'a Korean postmortem');
    // Two Korean words, in a title and a summary: highlighted.
    await page.goto(searchPage({ q: '대사 배치' }));
    const b = await pageAnswer();
    assert.deepEqual(b.hits, expected['대사 배치'].results.map((r) => abs(r.url)));
    for (const title of b.titles) assert.match(title, /[\uAC00-\uD7A3]/, 'a Korean postmortem');
    assert.ok(b.marks.includes('대사') && b.marks.includes('배치'), `marks: ${b.marks}`);
    assertMarks(b.marks, expected['대사 배치'].terms);
    // Typed into the header box (characters as an IME commits them).
    await page.goto(base + 'index.html');
    await page.click('#site-search-q');
    await page.keyboard.type('정산', { delay: 50 });
    const h = await headerAnswer('정산');
    const wantH = expected['정산'].results.map((r) => abs(r.url));
    assert.ok(wantH.length > 0);
    for (const u of wantH) assert.ok(h.hits.includes(u), `${u} in ${h.hits}`);
    assert.ok(h.marks.some((m) => m.includes('정산')));
  });

  await t.test('filters narrow the results as `hindsight search --severity/--service` do', async () => {
    const q = 'errors';
    const all = expected[q];
    await page.goto(searchPage({ q }));
    assert.deepEqual((await pageAnswer()).hits, all.results.map((r) => abs(r.url)));
    const check = async (filters, want, label) => {
      const a = await pageAnswer();
      assert.deepEqual(a.hits, want, label);
      assert.ok(want.length > 0 && want.length < all.total, `${label} narrows ${all.total} to ${want.length}`);
      const url = new URL(a.url);
      for (const [k, v] of Object.entries(filters)) assert.equal(url.searchParams.get(k), v, `${k} in the address`);
    };
    const urls = (answer) => answer.results.map((r) => abs(r.url));

    await page.selectOption('select[name=severity]', 'SEV1');
    await check({ severity: 'SEV1' }, urls(cli([q], { filters: { severity: 'SEV1' } })[q]), 'severity SEV1');
    await page.selectOption('select[name=severity]', '');
    await page.selectOption('select[name=service]', 'checkout-api');
    await check({ service: 'checkout-api' }, urls(cli([q], { filters: { service: 'checkout-api' } })[q]), 'service checkout-api');
    await page.selectOption('select[name=severity]', 'SEV2');
    await check({ severity: 'SEV2', service: 'checkout-api' }, urls(cli([q], { filters: { severity: 'SEV2', service: 'checkout-api' } })[q]), 'SEV2 + checkout-api');
    await page.selectOption('select[name=severity]', '');
    await page.selectOption('select[name=service]', '');
    await page.selectOption('select[name=year]', '2023');
    const everything = cli([q], { limit: 1000 })[q];
    await check({ year: '2023' }, everything.results.filter((r) => (r.date || '').startsWith('2023-')).map((r) => abs(r.url)), 'year 2023');
    // Filters in the address are applied on load.
    await page.goto(searchPage({ q, severity: 'SEV3', service: 'notifications' }));
    await check({ severity: 'SEV3', service: 'notifications' }, urls(cli([q], { filters: { severity: 'SEV3', service: 'notifications' } })[q]), 'from the address');
    assert.equal(await page.inputValue('select[name=severity]'), 'SEV3');
    assert.equal(await page.inputValue('select[name=service]'), 'notifications');
  });

  await t.test('odd queries show a message, never an error', async () => {
    const odd = [
      '!!!', '?.,;:…—', '(.*[', '.*+?^${}()|[]\\/', '<script>alert(1)</script>', '%', '"\'', '가', '힣',
      'a'.repeat(1000), 'kafka '.repeat(166) + 'disk', '장'.repeat(1000),
    ];
    await page.goto(searchPage({}));
    for (const q of odd) {
      await page.fill('#search-q', q);
      await page.press('#search-q', 'Enter');
      const a = await pageAnswer();
      assert.doesNotMatch(a.status, /unavailable|error/i, `${JSON.stringify(q.slice(0, 20))}: ${a.status}`);
      assert.ok(a.hits.length <= 20);
    }
    await page.goto(searchPage({ q: '(.*[' }));
    assert.match((await pageAnswer()).status, /has no words to search for/);
    await page.goto(base + 'index.html');
    for (const q of odd) {
      await page.evaluate(() => {
        document.getElementById('site-search-live').textContent = '';
      });
      await page.fill('#site-search-q', q);
      await page.waitForFunction(() => document.getElementById('site-search-live').textContent !== '');
      const live = await page.textContent('#site-search-live');
      assert.match(live, /^(No results|\d+ results?)$/, `${JSON.stringify(q.slice(0, 20))}: ${live}`);
    }
  });

  await t.test('no request left 127.0.0.1; no console error, no page error', async () => {
    assert.deepEqual({ external: [...external], problems }, { external: [], problems: [] }, 'requests outside 127.0.0.1, errors');
    assert.ok(requests.some((u) => /\/kb\/search\/terms-[0-9a-f]{12}\.txt\.gz$/.test(u)), 'term shards were fetched');
    assert.ok(requests.some((u) => /\/kb\/search\/docs-[0-9a-f]{12}-\d+\.json\.gz$/.test(u)), 'document blocks were fetched');
    assert.ok(requests.some((u) => /\/kb\/search\/facets-[0-9a-f]{12}\.json\.gz$/.test(u)), 'facets were fetched');
    // The site works from its sub-path: nothing asked for a path outside /kb/.
    const outside = server.requests.filter((r) => !r.path.startsWith('/kb/'));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
  });
});
