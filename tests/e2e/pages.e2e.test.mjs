// End-to-end test of every kind of page a reader opens, in a real browser:
// Debian's chromium driven by playwright-core, on the sample knowledge base
// plus a fresh `hindsight new` draft, built by the release binary and served
// from http://127.0.0.1:PORT/kb/.
//
// - At 390 and 1280 px, light and dark: no page is wider than the screen,
//   axe-core finds no serious or critical violation, no console error.
// - A screenshot of each page kind at both widths (light) goes to
//   target/screenshots/ (kept out of git by .gitignore).
// - The draft has a Draft badge and is absent from potm.xml, feed.xml,
//   trends.json and every related-incidents list.
// - The Trends filters recount the build's headline from trends.json and
//   change it when a service and a severity are picked.
// - Korean postmortems are lang="ko"; the header is a menu on a phone that
//   opens without JavaScript; the light/dark choice is remembered.
// - Lists are cut into pages (`list_page_size = 4` here): a later page of a
//   list is one of the page kinds, and the Wheel's spin reaches incidents
//   on other pages of its list.
//
// Needs /usr/bin/chromium, node_modules/playwright-core and
// node_modules/axe-core (npm ci); without them the test is skipped, unless
// HINDSIGHT_E2E_REQUIRED=1 (set by .ci/run) makes that a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, buildSite, serveStatic, tempDir, skipWithoutBrowser, run, releaseBinary, browserTools } from './helpers.mjs';
import { headline, headlineTexts, select } from '../../site-theme/static/trends-filter.js';

const { chromium, CHROMIUM, CHROMIUM_ARGS, missing } = await browserTools();
let AXE = null;
try {
  AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
} catch {
  missing.push('axe-core (run `npm ci` in the repository root)');
}

const SHOTS = join(ROOT, 'target', 'screenshots');
const DRAFT_TITLE = 'Checkout latency after the cache change';
const KOREAN = 'postmortems/2025-11-03-ledger-recon-advisory-lock.html';
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];
const PAGE_SIZE = 4;

/** A git repository with the sample knowledge base and one new draft. */
async function sampleWithDraft() {
  const repo = tempDir('hindsight-pages-');
  for (const p of ['postmortems', 'reading-lists', 'hindsight.toml']) cpSync(join(ROOT, p), join(repo, p), { recursive: true });
  // Short list pages, so the sample's lists run over several pages.
  writeFileSync(join(repo, 'hindsight.toml'), `list_page_size = ${PAGE_SIZE}\n${readFileSync(join(repo, 'hindsight.toml'), 'utf8')}`);
  const git = (...args) => run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'sample');
  const created = await run(releaseBinary(), ['new', '--repo', repo, DRAFT_TITLE], { cwd: repo });
  // `new` prints "created <file>" first; the export names files relative to the repository.
  const written = created.stdout.match(/^created (.+)$/m);
  assert.ok(written, `\`new\` names the file it wrote: ${created.stdout}`);
  const file = relative(repo, resolve(repo, written[1].trim()));
  await git('add', '-A');
  await git('commit', '-qm', 'draft');
  return { repo, draftFile: file };
}

/** Rules the issue named, failed at any impact (heading-order is "moderate"). */
const ALWAYS = ['heading-order', 'nested-interactive', 'scrollable-region-focusable'];

/** axe-core's serious and critical violations on the page, one line each. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (always) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || always.includes(v.id))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, ALWAYS);
}

/** The second page of the longest list of `dir` (a later page of a long list). */
function secondPage(site, dir) {
  const paged = readdirSync(join(site, dir)).filter((f) => existsSync(join(site, dir, f, 'page', '2.html'))).sort();
  assert.ok(paged.length, `${dir}/ has a list of more than ${PAGE_SIZE}`);
  return `${dir}/${paged[0]}/page/2.html`;
}

/** The first page (sorted) of a folder of the site, for page kinds with many pages. */
function firstPage(site, dir) {
  const names = readdirSync(join(site, dir)).filter((f) => f.endsWith('.html') && f !== 'index.html').sort();
  assert.ok(names.length, `${dir}/ has pages`);
  return `${dir}/${names[0]}`;
}

test('every page kind fits the screen and passes axe (chromium, sample + a draft, under /kb/)', { timeout: 300_000 }, async (t) => {
  if (skipWithoutBrowser(t, missing)) return;

  const { repo, draftFile } = await sampleWithDraft();
  const site = await buildSite(repo, join(tempDir('hindsight-pages-out-'), 'kb'));
  const postmortems = JSON.parse(readFileSync(join(site, 'postmortems.json'), 'utf8'));
  const draft = (Array.isArray(postmortems) ? postmortems : postmortems.postmortems).find((p) => p.path === draftFile);
  assert.ok(draft, `the draft ${draftFile} is built`);
  const draftPage = `postmortems/${draft.id}.html`;

  const pages = {
    home: 'index.html',
    postmortem: 'postmortems/pm-2024-011.html',
    korean: KOREAN,
    draft: draftPage,
    search: 'search/index.html?q=certificate',
    terms: 'tags/index.html',
    term: firstPage(site, 'services'),
    'term-page-2': secondPage(site, 'severities'),
    'root-causes': 'root-causes/index.html',
    'root-cause': firstPage(site, 'root-causes'),
    trends: 'trends/index.html',
    'trends-service': firstPage(site, 'trends/services'),
    'trends-overdue': 'trends/overdue.html',
    'trends-recurring': 'trends/recurring.html',
    'reading-lists': 'reading-lists/index.html',
    'reading-list': firstPage(site, 'reading-lists'),
    'wheel-index': 'wheel/index.html',
    'wheel-index-page-2': 'wheel/page/2.html',
    wheel: 'wheel/pm-2024-011.html',
    potm: 'potm/index.html',
    discuss: 'discuss/pm-2024-011.html',
  };

  const server = await serveStatic(site, '/kb/');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  mkdirSync(SHOTS, { recursive: true });

  const problems = [];
  /** A context that records console errors and never leaves 127.0.0.1. */
  async function newContext(options) {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(15_000);
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1' || u.protocol === 'data:') return route.continue();
      problems.push(`request outside 127.0.0.1: ${u.href}`);
      return route.abort('blockedbyclient');
    });
    context.on('page', (p) => {
      p.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
      });
      p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
    });
    return context;
  }

  await t.test('no overflow, no serious axe violation, no console error', async () => {
    const findings = [];
    for (const width of WIDTHS) {
      for (const scheme of SCHEMES) {
        const context = await newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        for (const [kind, path] of Object.entries(pages)) {
          await page.goto(server.url + path, { waitUntil: 'load' });
          if (kind === 'search') await page.locator('#search-results .card').first().waitFor();
          // The wheel fully revealed is its widest state.
          if (kind === 'wheel') await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({
            scrollWidth: document.scrollingElement.scrollWidth,
            innerWidth: window.innerWidth,
          }));
          if (scrollWidth > innerWidth) findings.push(`${kind} at ${width} px (${scheme}): page is ${scrollWidth} px wide`);
          for (const v of await axe(page)) findings.push(`${kind} at ${width} px (${scheme}): axe ${v}`);
          if (kind === 'home') {
            // The header's live results popup, open.
            await page.fill('#site-search-q', 'certificate');
            await page.locator('#site-search-popup .search-option').first().waitFor();
            for (const v of await axe(page)) findings.push(`search popup at ${width} px (${scheme}): axe ${v}`);
            await page.keyboard.press('Escape');
          }
          if (scheme === 'light') {
            if (kind === 'wheel') await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = false)));
            await page.screenshot({ path: join(SHOTS, `${kind}-${width}.png`), fullPage: true });
          }
        }
        await context.close();
      }
    }
    assert.deepEqual(findings, [], findings.join('\n'));
    assert.deepEqual(problems, [], problems.join('\n'));
    for (const width of WIDTHS) assert.ok(existsSync(join(SHOTS, `postmortem-${width}.png`)), `screenshot at ${width}`);
  });

  await t.test('a draft is built with a badge and left out of feeds, trends and related incidents', async () => {
    const html = readFileSync(join(site, draftPage), 'utf8');
    assert.match(html, /class="badge-draft">Draft</);
    assert.doesNotMatch(html, /id="h-related"/, 'a draft is given no related incidents');
    for (const file of ['potm.xml', 'feed.xml', 'trends.json']) {
      const text = readFileSync(join(site, file), 'utf8');
      assert.ok(!text.includes(draft.id), `${file} names the draft's id`);
      assert.ok(!text.includes(DRAFT_TITLE), `${file} names the draft's title`);
    }
    const feed = readFileSync(join(site, 'feed.xml'), 'utf8');
    assert.ok(feed.includes('pm-2024-011'), 'feed.xml still lists finished postmortems');
    for (const name of readdirSync(join(site, 'postmortems'))) {
      const page = readFileSync(join(site, 'postmortems', name), 'utf8');
      const related = page.split('id="h-related"')[1]?.split('</section>')[0] ?? '';
      assert.ok(!related.includes(`${draft.id}.html`), `${name} shows the draft as related`);
    }
  });

  await t.test('the Trends filters recount the headline from trends.json', async () => {
    const trends = JSON.parse(readFileSync(join(site, 'trends.json'), 'utf8'));
    // The browser's count of every record is the build's headline.
    assert.deepEqual(headline(trends.records, trends.as_of), trends.headline);
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + 'trends/index.html');
    await page.locator('#trend-filters').waitFor();
    const texts = () => page.$$eval('#kpis .kpi', (kpis) => kpis.map((k) => [k.querySelector('.kpi-value').textContent, k.querySelector('.kpi-change').textContent]));
    const service = trends.records.flatMap((r) => r.services).sort()[0];
    await page.selectOption('select[name="service"]', service);
    await page.selectOption('select[name="severity"]', 'SEV1');
    const filter = { service, team: '', severity: 'SEV1', period: '' };
    const picked = select(trends.records, filter, trends.as_of);
    assert.deepEqual(await texts(), headlineTexts(headline(picked, trends.as_of)));
    assert.equal(await page.locator('#trend-selected').isVisible(), true);
    assert.match(await page.textContent('#trend-filter-status'), new RegExp(`^${picked.length} of ${trends.records.length} incidents selected`));
    assert.match(page.url(), /\?service=.+&severity=SEV1$/);
    for (const v of await axe(page)) assert.fail(`filtered trends: axe ${v}`);
    await page.click('#trend-filters button[type="reset"]');
    await page.waitForFunction(() => document.getElementById('trend-selected').hidden);
    assert.deepEqual(await texts(), headlineTexts(trends.headline));
    await context.close();
  });

  await t.test('later list pages are linked without JavaScript; the spin reaches them', async () => {
    const context = await newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + 'wheel/index.html');
    await Promise.all([page.waitForURL(/\/kb\/wheel\/page\/2\.html$/), page.locator('.pager a[rel="next"]').first().click()]);
    assert.equal(await page.locator('a[data-wheel]').count(), PAGE_SIZE);
    assert.equal(await page.locator('.pager a[aria-current="page"]').first().textContent(), '2');
    assert.equal(await page.locator('head link[rel="prev"]').getAttribute('href'), '../../wheel/index.html');
    await context.close();
    // A fixed draw: incident 9 of the list, the second on its third page.
    const scripted = await newContext({ viewport: { width: 1280, height: 800 } });
    await scripted.addInitScript(() => {
      crypto.getRandomValues = (a) => ((a[0] = 9), a);
    });
    const spin = await scripted.newPage();
    await spin.goto(server.url + 'wheel/page/3.html');
    const want = await spin.locator('a[data-wheel]').nth(1).evaluate((a) => a.href);
    await spin.goto(server.url + 'wheel/index.html');
    await Promise.all([spin.waitForURL(want), spin.click('#wheel-spin')]);
    await scripted.close();
  });

  await t.test('pages say their language', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + KOREAN);
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.getAttribute('.site-header', 'lang'), 'en', 'the English header says so on a Korean page');
    await page.goto(server.url + 'postmortems/pm-2024-011.html');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });

  await t.test('wide tables (overdue items, recurrences, clusters) are cards on a phone, tables on a desktop', async () => {
    for (const file of ['trends/index.html', 'trends/overdue.html', 'root-causes/index.html']) {
      for (const [width, card] of [[390, true], [1280, false]]) {
        const context = await newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        await page.goto(server.url + file);
        const stacked = page.locator('table.stack');
        assert.ok(await stacked.count() > 0, `${file}: no card table`);
        for (let i = 0; i < await stacked.count(); i++) {
          const [lead, table] = await Promise.all([
            stacked.nth(i).locator('tbody .stack-lead').first().boundingBox(),
            stacked.nth(i).boundingBox(),
          ]);
          // A card's title spans the row; a table cell shares it with the others.
          assert.equal(lead.width > table.width * 0.8, card, `${file} table ${i} at ${width} px: ${lead.width} of ${table.width}`);
        }
        await context.close();
      }
    }
  });

  await t.test('the header is a menu on a phone, without JavaScript', async () => {
    const context = await newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + 'index.html');
    const trends = page.locator('.nav-menu a', { hasText: 'Trends' });
    assert.equal(await page.locator('.nav-wide').isVisible(), false);
    assert.equal(await trends.isVisible(), false, 'the menu starts closed');
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height < 130, `the closed header is ${header.height} px tall`);
    await page.locator('.nav-menu > summary').click();
    await Promise.all([page.waitForURL(/\/kb\/trends\/index\.html$/), trends.click()]);
    await context.close();
  });

  await t.test('the light/dark choice is remembered, with no flash', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(server.url + 'index.html');
    const light = await background();
    assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'false');
    await page.locator('.theme-toggle').click();
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    const dark = await background();
    assert.notEqual(dark, light);
    // The next page is dark when its <body> starts, before anything is painted.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        window.__firstTheme = document.documentElement.dataset.theme || 'none';
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.url + 'trends/index.html');
    assert.equal(await page.evaluate(() => window.__firstTheme), 'dark');
    assert.equal(await background(), dark);
    assert.equal(await page.getAttribute('.theme-toggle', 'aria-pressed'), 'true');
    await context.close();
  });
});
