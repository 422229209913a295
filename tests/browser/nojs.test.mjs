// Without JavaScript: the search page says so and offers the full indexes,
// waves still show their charts and figures tables, and a briefing's
// citation links lead to its references.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertNone, launch, relPath, siteDir, siteUrl, slugsWithIndex } from './lib.mjs';

const site = siteDir();
let browser;
let context;
let page;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ javaScriptEnabled: false });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
});

test('no JS: the search page shows #search_nojs with links to the full indexes', async () => {
  await page.goto(siteUrl(site, 'search/index.html?q=repatriation'));
  const notice = page.locator('#search_nojs');
  assert.equal(await notice.count(), 1, 'the search page has no #search_nojs');
  assert.ok(await notice.isVisible(), '#search_nojs is not visible without JavaScript');
  const hrefs = await notice.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const targets = hrefs.map((h) => relPath(site, h));
  for (const want of ['briefings/index.html', 'waves/index.html', 'actors/index.html', 'sources/index.html']) {
    assert.ok(targets.includes(want), `#search_nojs does not link to ${want} (links: ${targets.join(', ')})`);
    assert.ok(fs.existsSync(path.join(site, want)), `${want} does not exist`);
  }
});

const waves = slugsWithIndex(path.join(site, 'waves'));

test('no JS: the site has wave pages', () => {
  assert.ok(waves.length > 0, 'the site has no waves/<slug>/index.html');
});

for (const slug of waves) {
  test(`no JS: waves/${slug} shows its chart (svg[role=img]) and figures table`, async () => {
    await page.goto(siteUrl(site, `waves/${slug}/index.html`));
    const table = page.locator('main table.figures');
    if ((await table.count()) === 0) {
      // A wave with no figures has neither table nor chart; it says so.
      assert.ok(
        await page.locator('main .empty').first().isVisible(),
        `waves/${slug} has no figures table and no "no figures" note`,
      );
      return;
    }
    assert.ok(await table.first().isVisible(), `waves/${slug}: the figures table is not visible`);
    assert.ok((await table.first().locator('tbody tr').count()) > 0, `waves/${slug}: the figures table has no rows`);
    const charts = page.locator('main svg[role="img"]');
    const n = await charts.count();
    assert.ok(n > 0, `waves/${slug} has figures but no chart: no <svg role="img"> in main`);
    for (let i = 0; i < n; i++) {
      const chart = charts.nth(i);
      assert.ok(await chart.isVisible(), `waves/${slug}: chart ${i + 1} is not visible`);
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 50 && box.height > 20, `waves/${slug}: chart ${i + 1} is drawn too small (${JSON.stringify(box)})`);
    }
  });
}

test("no JS: every briefing's citation links (a[href^=\"#ref_\"]) reach their reference", async () => {
  const briefings = slugsWithIndex(path.join(site, 'briefings'));
  assert.ok(briefings.length > 0, 'the site has no briefings');
  let total = 0;
  const problems = [];
  for (const slug of briefings) {
    await page.goto(siteUrl(site, `briefings/${slug}/index.html`));
    const ids = await page.locator('a[href^="#ref_"]').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(1)));
    total += ids.length;
    for (const id of new Set(ids)) {
      const target = page.locator(`[id="${id}"]`);
      const n = await target.count();
      if (n !== 1) problems.push(`briefings/${slug}: #${id} matches ${n} elements`);
      else if (!(await target.isVisible())) problems.push(`briefings/${slug}: #${id} is not visible`);
    }
  }
  assert.ok(total > 0, 'no briefing has a citation link a[href^="#ref_"]');
  assertNone(problems, problems.join('\n'));
});
