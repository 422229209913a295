// Search, as a reader uses it: from the header box of any page, by actor
// alias, in Korean (whole words and parts of words), with no match, and as
// you type on the search page. Each search also reports how many bytes it
// made the browser read.
//
// The search page's contract: search/index.html reads ?q= and searches at
// once; #search_nojs gets `hidden` when scripts run; results are
// `#search_results > li`, each with `a.search-result-link` and a
// `.search-snippet` (which may hold <mark>s); #search_status says how many
// results there are; <html data-search-state="done"> once a search has
// finished rendering.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  CONTENT,
  assertNone,
  budget,
  consoleProblems,
  formatBudget,
  kB,
  launch,
  relPath,
  searchResults,
  searchStatus,
  siteDir,
  siteUrl,
  waitForSearchDone,
  watch,
} from './lib.mjs';

/** The search part (script and index) of one query must stay under this. */
const SEARCH_BUDGET_BYTES = 300_000;

const site = siteDir();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Runs FN with a fresh page in a fresh context (a cold cache, so every
 * search's loads are counted), then checks the page logged no problem. */
async function withPage(fn) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const log = watch(page);
    await fn(page, log);
    const problems = [...log.failed.map((f) => `failed load: ${f}`), ...consoleProblems(log), ...log.errors];
    assertNone(problems, `the search page logged problems:\n  ${problems.join('\n  ')}`);
  } finally {
    await context.close();
  }
}

/** Prints what the search made the browser load and checks the budget. */
function reportBudget(query, log, from = 0) {
  const b = budget(site, log.requests.slice(from));
  console.log(formatBudget(query, b));
  assert.deepEqual(b.outside, [], 'the search loaded something from outside the site');
  assert.ok(
    b.searchBytes < SEARCH_BUDGET_BYTES,
    `search ${JSON.stringify(query)} loaded ${kB(b.searchBytes)} of script and index, over the ${kB(SEARCH_BUDGET_BYTES)} budget`,
  );
  return b;
}

/** Opens the search page for QUERY and returns its finished results. */
async function search(page, query) {
  await page.goto(siteUrl(site, `search/index.html?${new URLSearchParams({ q: query })}`));
  await waitForSearchDone(page);
  return searchResults(page, site);
}

/** Checks the parts of the contract every finished search keeps. */
async function checkShape(page, results) {
  assert.equal(await page.locator('#search_nojs').getAttribute('hidden'), '', '#search_nojs is not hidden while JS runs');
  assert.equal(await page.locator('#search_nojs').isVisible(), false, '#search_nojs is still visible while JS runs');
  for (const r of results) {
    assert.ok(r.href, 'a result has no a.search-result-link');
    assert.ok(r.rel, `result link ${r.href} does not point into the site`);
    assert.ok(fs.existsSync(path.join(site, r.rel)), `result link ${r.rel} names no existing file`);
    assert.ok(r.snippet !== null, `result ${r.rel} has no .search-snippet`);
  }
}

const list = (results) => results.map((r) => `  ${r.rel}  ${r.text}`).join('\n') || '  (none)';

test('search: "Jilin" typed in the header box of the home page finds a briefing or wave that mentions Jilin', async () => {
  await withPage(async (page, log) => {
    await page.goto(siteUrl(site, 'index.html'));
    const box = page.locator('form.site-search input[name="q"]');
    assert.equal(await box.count(), 1, 'the home page has no form.site-search input[name=q]');
    await box.fill('Jilin');
    const mark = log.requests.length; // count only what the search page loads
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname.endsWith('/search/index.html'), { waitUntil: 'load' });
    assert.equal(relPath(site, page.url()), 'search/index.html', 'the header form did not submit to the search page');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'Jilin', 'the header form did not pass q=Jilin');
    await waitForSearchDone(page);
    const results = await searchResults(page, site);
    await checkShape(page, results);
    assert.equal(await page.locator('#search_q').inputValue(), 'Jilin', 'the search page box does not show the query');
    const hits = results.filter(
      (r) =>
        r.rel &&
        /^(briefings|waves)\/[^/]+\/index\.html$/.test(r.rel) &&
        fs.readFileSync(path.join(site, r.rel), 'utf8').includes('Jilin'),
    );
    assert.ok(hits.length > 0, `no result is a briefing or wave whose page mentions Jilin; results:\n${list(results)}`);
    const status = await searchStatus(page);
    assert.match(status, new RegExp(`\\b${results.length}\\b`), `#search_status "${status}" does not say ${results.length}`);
    reportBudget('Jilin', log, mark);
  });
});

const ALIAS_CASES = [
  { query: 'TJWG', slug: 'transitional-justice-working-group', why: 'an actor alias' },
  { query: '국민의힘', slug: 'people-power-party', why: 'a Korean alias' },
  { query: '정의워킹', slug: 'transitional-justice-working-group', why: 'part of a Korean word' },
];

for (const c of ALIAS_CASES) {
  test(`search: "${c.query}" (${c.why}) finds actors/${c.slug}/index.html`, async () => {
    assert.ok(
      fs.existsSync(path.join(CONTENT, 'actors', `${c.slug}.md`)),
      `the example archive has no content/actors/${c.slug}.md`,
    );
    await withPage(async (page, log) => {
      const results = await search(page, c.query);
      await checkShape(page, results);
      const want = `actors/${c.slug}/index.html`;
      assert.ok(
        results.some((r) => r.rel === want),
        `searching ${JSON.stringify(c.query)} did not find ${want}; results:\n${list(results)}`,
      );
      reportBudget(c.query, log);
    });
  });
}

test('search: a nonsense word finds nothing and says so', async () => {
  await withPage(async (page, log) => {
    const query = 'qzxvbnmwrtkjh';
    const results = await search(page, query);
    assertNone(results, `a nonsense word found:\n${list(results)}`);
    const status = await searchStatus(page);
    assert.match(
      status,
      /\b(no|0|zero|nothing)\b/i,
      `#search_status should say there are no results, it says ${JSON.stringify(status)}`,
    );
    reportBudget(query, log);
  });
});

test('search: typing into #search_q updates the results without reloading', async () => {
  await withPage(async (page, log) => {
    const before = await search(page, 'Jilin');
    assert.ok(before.length > 0, 'searching "Jilin" found nothing');
    await page.evaluate(() => {
      window.__girokNoReload = true;
    });
    let navigations = 0;
    page.on('load', () => navigations++);
    const box = page.locator('#search_q');
    await box.fill('');
    await box.pressSequentially('TJWG', { delay: 30 });
    const want = 'actors/transitional-justice-working-group/index.html';
    try {
      await page.waitForFunction(
        (want) =>
          document.documentElement.dataset.searchState === 'done' &&
          [...document.querySelectorAll('#search_results > li a.search-result-link')].some((a) =>
            a.href.endsWith(want),
          ),
        want,
        { timeout: 5000 },
      );
    } catch {
      const now = await searchResults(page, site);
      assert.fail(`typing "TJWG" did not bring ${want} into the results; they are:\n${list(now)}`);
    }
    assert.equal(await page.evaluate(() => window.__girokNoReload), true, 'the page reloaded');
    assert.equal(navigations, 0, 'the page loaded again');
    const after = await searchResults(page, site);
    assert.notDeepEqual(
      after.map((r) => r.rel),
      before.map((r) => r.rel),
      'the results did not change',
    );
    reportBudget('Jilin, then TJWG typed', log);
  });
});
