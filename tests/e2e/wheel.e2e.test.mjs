// End-to-end test of the reading-club pages in a real browser: Debian's
// chromium driven by playwright-core, on the sample knowledge base built by
// the release binary and served from http://127.0.0.1:PORT/kb/.
//
// - Wheel of Misfortune: the page shows the first signal; the root cause and
//   the resolution stay hidden until the last step is opened, one <details>
//   at a time, with JavaScript on and off. "Spin" opens a listed incident.
// - Home page: "On this day" lists the incidents of today's month and day in
//   earlier years (the browser's clock is set to 18 June 2027).
// - Discussion packets print on one or two A4 pages.
//
// Needs /usr/bin/chromium (apt-get install chromium; or set HINDSIGHT_CHROMIUM)
// and node_modules/playwright-core (npm ci); without them the test is skipped,
// unless HINDSIGHT_E2E_REQUIRED=1 (set by .ci/run) makes that a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, buildSite, serveStatic, tempDir, skipWithoutBrowser } from './helpers.mjs';
import { browserTools } from './helpers.mjs';

const { chromium, CHROMIUM, CHROMIUM_ARGS, missing } = await browserTools();

// pm-2024-011 in postmortems/: detected at 21:43 by a page, 12 steps from there.
const WHEEL = 'wheel/pm-2024-011.html';
const SIGNAL = 'PaymentsAuthFailureRate pages Kenji';
const ROOT_CAUSE = 'Vault role narrowed by refactor';
const RESOLUTION = 'Ingrid added the old domain';
const TITLE = 'Card authorisations failing with TLS handshake errors';

test('reading club pages in a real browser (chromium, sample knowledge base under /kb/)', { timeout: 180_000 }, async (t) => {
  if (skipWithoutBrowser(t, missing)) return;

  const site = await buildSite(ROOT, join(tempDir('hindsight-wheel-'), 'kb'));
  const server = await serveStatic(site, '/kb/');
  const base = server.url;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(async () => {
    await browser.close();
    await server.close();
  });

  const external = new Set();
  const problems = [];
  /** A context that records problems and never leaves 127.0.0.1. */
  async function newContext(options = {}) {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(15_000);
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname === '127.0.0.1') return route.continue();
      if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
      external.add(u.href);
      return route.abort('blockedbyclient');
    });
    context.on('page', (p) => {
      p.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`);
      });
      p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
      p.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
      });
    });
    return context;
  }

  /** Opens every step in order; checks the answer stays hidden until the last one. */
  async function playWheel(page, label) {
    await page.goto(new URL(WHEEL, base).href);
    await assert.doesNotReject(page.getByText(SIGNAL).waitFor({ state: 'visible' }), `${label}: the first signal is shown`);
    const answer = page.locator('.wheel-answer');
    const hidden = async (when) => {
      assert.equal(await answer.isVisible(), false, `${label}: the answer is visible ${when}`);
      for (const secret of [ROOT_CAUSE, RESOLUTION, TITLE]) {
        assert.equal(await page.getByText(secret).first().isVisible(), false, `${label}: "${secret}" is visible ${when}`);
      }
    };
    await hidden('before any step');
    const steps = await page.locator('details.wheel-step').count();
    assert.ok(steps >= 5, `${label}: ${steps} steps`);
    for (let i = 0; i < steps; i++) {
      const step = page.locator('details.wheel-step').nth(i);
      // Only the next step can be opened: the one after it is still inside it.
      if (i + 1 < steps) {
        assert.equal(await page.locator('details.wheel-step').nth(i + 1).locator(':scope > summary').isVisible(), false, `${label}: step ${i + 3} shows early`);
      }
      await step.locator(':scope > summary').click();
      assert.equal(await step.locator(':scope > .wheel-entry').isVisible(), true, `${label}: step ${i + 2} opened`);
      await hidden(`after step ${i + 2} of ${steps + 1}`);
    }
    await page.locator('details.wheel-reveal > summary').click();
    await assert.doesNotReject(answer.waitFor({ state: 'visible' }), `${label}: the last step reveals the answer`);
    for (const secret of [ROOT_CAUSE, RESOLUTION, TITLE]) {
      assert.equal(await page.getByText(secret).first().isVisible(), true, `${label}: "${secret}" revealed at the end`);
    }
    return steps;
  }

  await t.test('the wheel hides the root cause and the resolution until the last step', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await playWheel(page, 'JavaScript on');
    await context.close();
  });

  await t.test('the wheel works with JavaScript off', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await playWheel(page, 'JavaScript off');
    // The spin button needs a script: without one the list is the way in.
    await page.goto(new URL('wheel/index.html', base).href);
    assert.equal(await page.locator('#wheel-spin').isVisible(), false);
    assert.ok((await page.locator('a[data-wheel]').count()) >= 10);
    await context.close();
  });

  await t.test('spin opens a random incident with a timeline, without spoiling titles', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(new URL('wheel/index.html', base).href);
    const listed = await page.locator('a[data-wheel]').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(listed.length >= 10, `${listed.length} incidents listed`);
    assert.equal(await page.getByText(TITLE).count(), 0, 'no titles on the spin page');
    for (let i = 0; i < 3; i++) {
      await page.goto(new URL('wheel/index.html', base).href);
      await Promise.all([page.waitForURL(/\/kb\/wheel\/[^/]+\.html$/), page.click('#wheel-spin')]);
      assert.ok(listed.includes(page.url()), `${page.url()} is one of the listed incidents`);
      // isVisible() does not wait; the page may still be laying out after the URL changed.
      await page.locator('.wheel-signal').waitFor({ state: 'visible', timeout: 10_000 });
    }
    await context.close();
  });

  await t.test('"On this day" lists earlier incidents of today\'s date', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date('2027-06-18T12:00:00'));
    await page.goto(new URL('index.html', base).href);
    const section = page.locator('#on-this-day');
    await section.waitFor({ state: 'visible' });
    const items = await section.locator('li').allTextContents();
    assert.deepEqual(items, [`${TITLE} between payments-gateway and acquirer-bridge 2024, 3 years ago`]);
    assert.equal(await section.locator('.on-this-day-empty').isVisible(), false);
    // A day without incidents says so.
    await page.clock.setFixedTime(new Date('2027-01-01T12:00:00'));
    await page.reload();
    await section.waitFor({ state: 'visible' });
    assert.equal(await section.locator('li').count(), 0);
    assert.equal(await section.locator('.on-this-day-empty').isVisible(), true);
    // The current postmortem of the month is on the home page too.
    assert.equal(await page.locator('.potm-current').isVisible(), true);
    await context.close();
  });

  await t.test('every discussion packet of the sample prints on one or two A4 pages', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const ids = JSON.parse(readFileSync(join(site, 'postmortems.json'), 'utf8')).postmortems.map((p) => p.id);
    assert.ok(ids.length >= 10);
    for (const id of ids) {
      await page.goto(new URL(`discuss/${encodeURIComponent(id)}.html`, base).href);
      assert.ok((await page.locator('.questions li').count()) >= 3, `${id}: questions`);
      const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 1 && pages <= 2, `${id}: ${pages} printed pages`);
    }
    await context.close();
  });

  await t.test('no request left 127.0.0.1; no console error, no page error', () => {
    assert.deepEqual({ external: [...external], problems }, { external: [], problems: [] });
  });
});
