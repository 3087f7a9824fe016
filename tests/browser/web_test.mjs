// Headless-Chromium tests of the web pages, run by run_browser_tests.sh against a real `serve`
// over a week of real listings (2025-03-24..28) plus the hostile listing of 2025-03-31.
//   node web_test.mjs --url http://127.0.0.1:PORT --token TOKEN --out DIR
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' } },
});
const base = args.url;
const kHostileId = '2503.99901';

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // Root in CI containers cannot use Chromium's sandbox.
    args: ['--no-sandbox'],
  });
});
after(async () => browser && (await browser.close()));

// A page that fails the test on any script error or CSP violation reported in the console.
async function open_page(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

async function sign_in(page) {
  await page.goto(`${base}/login#token=${args.token}`);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function api(page, url) {
  const res = await page.request.get(`${base}${url}`);
  assert.equal(res.status(), 200, `${url} answered ${res.status()}`);
  return res.json();
}

test('the digest opens on the newest announcement day with real papers and a coverage line', async () => {
  const page = await open_page();
  await page.goto(`${base}/?date=2025-03-25`);
  const papers = page.locator('article.paper');
  assert.ok((await papers.count()) >= 5, 'a busy day shows papers');
  const digest = await api(page, '/api/v1/digest?date=2025-03-25');
  const first = digest.profiles.find((p) => p.papers.length > 0).papers[0];
  assert.ok((await page.locator(`article.paper[data-id="${first.id}"]`).count()) >= 1,
            `the API's top paper ${first.id} is on the page`);
  const coverage = await page.locator('.coverage').first().innerText();
  assert.match(coverage, new RegExp(`${digest.announced}|\\d+ new`));
  await page.screenshot({ path: path.join(args.out, 'digest.png'), fullPage: false });
  assert.deepEqual(page.problems, []);
});

test('maths in titles is rendered by KaTeX served by the app', async () => {
  const page = await open_page();
  await page.goto(`${base}/?date=2025-03-31`);
  const title = page.locator('article.paper[data-id="2503.99902"] .title').first();
  await title.locator('.katex').first().waitFor();
  assert.ok((await title.locator('.katex').count()) >= 2, 'both formulas rendered');
  assert.deepEqual(page.problems, []);
});

test('a title containing <script> is shown as text and never runs', async () => {
  const page = await open_page();
  await page.goto(`${base}/?date=2025-03-31`);
  const title = page.locator(`article.paper[data-id="${kHostileId}"] .title`).first();
  assert.match(await title.innerText(), /<script>window.__pwned = 1<\/script>Sparse/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.locator(`article.paper[data-id="${kHostileId}"] details`).first().click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('liking a paper without a reload is seen through the API', async () => {
  const page = await open_page();
  await sign_in(page);
  await page.goto(`${base}/?date=2025-03-25`);
  const section = page.locator('section.profile[data-profile]').filter({ has: page.locator('article.paper') }).first();
  const profile = await section.getAttribute('data-profile');
  const paper = section.locator('article.paper').first();
  const id = await paper.getAttribute('data-id');
  let reloaded = false;
  page.on('framenavigated', () => (reloaded = true));
  await paper.locator('button[data-verdict="like"]').click();
  await paper.locator('button[data-verdict="like"][aria-pressed="true"]').waitFor();
  assert.equal(reloaded, false, 'no page load');
  const feedback = await api(page, `/api/v1/profiles/${profile}/feedback`);
  const mine = feedback.judgments.find((j) => j.id === id);
  assert.ok(mine, `${id} is in ${profile}'s feedback`);
  assert.equal(mine.verdict, 'like');
  assert.deepEqual(page.problems, []);
});

test('the keyboard moves through papers and j/k/d/s act on the current one', async () => {
  const page = await open_page();
  await sign_in(page);
  await page.goto(`${base}/?date=2025-03-26`);
  const papers = page.locator('article.paper');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const second = await papers.nth(1).getAttribute('data-id');
  assert.equal(await page.locator('article.paper.current').first().getAttribute('data-id'), second);
  await page.keyboard.press('k');
  const current = page.locator('article.paper.current').first();
  const id = await current.getAttribute('data-id');
  assert.equal(id, await papers.nth(0).getAttribute('data-id'));
  const profile = await current.getAttribute('data-profile');
  await page.keyboard.press('s');
  await current.locator('button[data-verdict="save"][aria-pressed="true"]').waitFor();
  await page.keyboard.press('d');
  await current.locator('button[data-verdict="dismiss"][aria-pressed="true"]').waitFor();
  const feedback = await api(page, `/api/v1/profiles/${profile}/feedback`);
  const mine = feedback.judgments.find((j) => j.id === id);
  assert.equal(mine.verdict, 'dismiss');
  assert.equal(mine.saved, true);
  assert.deepEqual(page.problems, []);
});

test('a day without an announcement says so', async () => {
  const page = await open_page();
  await page.goto(`${base}/?date=2025-03-29`);
  assert.match(await page.locator('.no-announcement').innerText(), /no announcement/i);
  assert.equal(await page.locator('article.paper').count(), 0);
});

test('the phone layout fits a 375 px screen and dark mode follows the system', async () => {
  const page = await open_page({
    viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    colorScheme: 'dark',
  });
  await page.goto(`${base}/?date=2025-03-25`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width} px wide`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 200, `dark background, got ${background}`);
  await page.screenshot({ path: path.join(args.out, 'digest-phone.png') });
  assert.deepEqual(page.problems, []);
});

test('search, the paper page with similar papers and the profile editor work', async () => {
  const page = await open_page();
  await page.goto(`${base}/search?q=${encodeURIComponent('neural architecture search')}`);
  const hit = page.locator('article.paper').first();
  const id = await hit.getAttribute('data-id');
  assert.ok(id);
  await page.goto(`${base}/paper/${id}`);
  assert.ok((await page.locator('.similar article.paper, .similar li').count()) >= 1);
  await page.goto(`${base}/profiles/nas`);
  assert.match(await page.locator('textarea[name="query"], input[name="query"]').first().inputValue(),
               /architecture/);
  assert.deepEqual(page.problems, []);
});
