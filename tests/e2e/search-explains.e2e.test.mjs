// Search that explains itself, in headless Chromium on the sample knowledge
// base: a body-only word shows a body snippet with the word marked; a quoted
// phrase and an exclusion behave as `hindsight search` says; filters alone
// browse; `?q=` on the opened postmortem marks the word, scrolls to it and
// moves nothing. Same prerequisites as search.e2e.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, releaseBinary, buildSite, serveStatic, tempDir, skipWithoutBrowser, browserTools } from './helpers.mjs';
import { cliAnswers } from '../js/compare-cli.mjs';

const { chromium, CHROMIUM, CHROMIUM_ARGS, missing } = await browserTools();

// A word only in one postmortem's body (not its title or summary).
const BODY_WORD = 'stabilised';

test('snippets, phrases, exclusion, browsing and ?q= highlighting in a real browser', { timeout: 180_000 }, async (t) => {
  if (skipWithoutBrowser(t, missing)) return;
  const queries = [BODY_WORD, '"bad offset"', '"offset bad"', 'offset', 'offset -kafka'];
  const cli = Object.fromEntries(cliAnswers({ bin: releaseBinary(), repo: ROOT, queries, limit: 20 }).map((a, i) => [queries[i], a]));
  // The premises: one hit, and the word is not in its title.
  assert.equal(cli[BODY_WORD].total, 1);
  assert.ok(!cli[BODY_WORD].results[0].title.toLowerCase().includes(BODY_WORD));
  assert.deepEqual(queries.slice(1).map((q) => cli[q].total), [1, 0, 1, 0], 'phrase, reversed phrase, word, word without kafka');

  const site = await buildSite(ROOT, join(tempDir('hindsight-explain-'), 'kb'));
  const server = await serveStatic(site, '/kb/');
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const searchPage = (params) => {
    const u = new URL('search/index.html', server.url);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.href;
  };
  /** Opens the search page and waits for its answer: [status, titles, snippets]. */
  async function answer(params) {
    await page.goto(searchPage(params));
    await page.waitForFunction(() => {
      const s = document.getElementById('search-status');
      return s && s.textContent && !/^Type a word/.test(s.textContent) && !document.querySelector('form[aria-busy]');
    });
    return page.evaluate(() => [
      document.getElementById('search-status').textContent,
      [...document.querySelectorAll('.search-hit h3')].map((h) => h.textContent),
      [...document.querySelectorAll('.search-hit .snippet')].map((p) => ({ text: p.textContent, marks: [...p.querySelectorAll('mark')].map((m) => m.textContent) })),
    ]);
  }

  // A body-only word: the snippet is the body passage, the word marked.
  const [, titles, snippets] = await answer({ q: BODY_WORD });
  assert.deepEqual(titles, [cli[BODY_WORD].results[0].title]);
  assert.deepEqual(snippets[0].marks, [BODY_WORD]);
  assert.ok(snippets[0].text.startsWith('…'), `a passage from inside the body: ${snippets[0].text}`);

  // A phrase as written, the same words in another order, an exclusion.
  const [, phraseTitles] = await answer({ q: '"bad offset"' });
  assert.deepEqual(phraseTitles, [cli['"bad offset"'].results[0].title]);
  const [reversed, none] = await answer({ q: '"offset bad"' });
  assert.deepEqual(none, []);
  assert.match(reversed, /No postmortem matches/);
  assert.equal((await answer({ q: 'offset' }))[1].length, 1);
  const [excluded, left] = await answer({ q: 'offset -kafka' });
  assert.deepEqual(left, []);
  assert.match(excluded, /No postmortem matches/);

  // Filters alone browse, with the count the command line gives.
  const sev1 = cliAnswers({ bin: releaseBinary(), repo: ROOT, queries: ['-zzzzqx'], limit: 50, filters: { severity: 'SEV1' } })[0];
  const [browse, browsed] = await answer({ severity: 'SEV1' });
  assert.equal(browsed.length, sev1.total);
  assert.match(browse, new RegExp(`^${sev1.total} postmortems`));

  // The result opens with ?q=: the word is marked in the body, in view, and nothing moved.
  await answer({ q: BODY_WORD });
  const href = await page.getAttribute('.search-hit h3 a', 'href');
  assert.equal(new URL(href, server.url).searchParams.get('q'), BODY_WORD);
  const plain = new URL(href, server.url);
  plain.search = '';
  await page.goto(plain.href);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.goto(new URL(href, server.url).href);
  await page.waitForSelector('mark.search-term');
  const seen = await page.evaluate(() => {
    const m = document.querySelector('.body mark.search-term');
    const r = m.getBoundingClientRect();
    return { text: m.textContent, inView: r.top >= 0 && r.bottom <= innerHeight, scrolled: scrollY > 0, height: document.documentElement.scrollHeight };
  });
  assert.deepEqual(seen, { text: BODY_WORD, inView: true, scrolled: true, height });
  assert.deepEqual(problems, []);
});
