// Click-through: the main navigation and the links between briefings,
// waves, actors and sources work in a real browser, every internal link
// names an existing file, and a crawl from the home page reaches every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  allHtmlFiles,
  assertNone,
  brokenInternalLinks,
  launch,
  onlyH1,
  pageLinks,
  relPath,
  siteDir,
  siteTitle,
  siteUrl,
} from './lib.mjs';

const site = siteDir();
let browser;
let context;
let page;

before(async () => {
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
});

const broken = [];

/** Checks the current page's internal links against the files (collected,
 * asserted in its own test). */
async function checkLinksHere() {
  const from = relPath(site, page.url()) ?? page.url();
  broken.push(...brokenInternalLinks(site, from, await pageLinks(page)));
}

/** Clicks the link and waits for the page it leads to. */
async function follow(link) {
  const from = page.url();
  await link.click();
  await page.waitForURL((u) => u.href !== from, { waitUntil: 'load' });
}

test('main navigation: each nav link leads to its index page', async () => {
  await page.goto(siteUrl(site, 'index.html'));
  assert.equal(await onlyH1(page), siteTitle(), 'the home page h1 is the site title');
  await checkLinksHere();
  const steps = [
    { name: 'Briefings', path: 'briefings/index.html', h1: /^Briefings$/ },
    { name: 'Waves', path: 'waves/index.html', h1: /^Waves/ },
    { name: 'Actors', path: 'actors/index.html', h1: /^Actors$/ },
    { name: 'Bibliography', path: 'sources/index.html', h1: /^Bibliography$/ },
    { name: 'Home', path: 'index.html', h1: new RegExp(`^${siteTitle().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) },
  ];
  for (const step of steps) {
    const link = page.locator('nav.site-nav').getByRole('link', { name: step.name, exact: true });
    assert.equal(await link.count(), 1, `${relPath(site, page.url())}: main nav has no single "${step.name}" link`);
    await follow(link);
    assert.equal(relPath(site, page.url()), step.path, `nav "${step.name}" led to the wrong page`);
    const h1 = await onlyH1(page);
    assert.match(h1, step.h1, `nav "${step.name}" landed on a page whose h1 is "${h1}"`);
    const current = page.locator('nav.site-nav a[aria-current="page"]');
    assert.equal(await current.count(), 1, `${step.path}: the nav marks no link aria-current="page"`);
    assert.equal((await current.textContent()).trim(), step.name, `${step.path}: the wrong nav link is current`);
    await checkLinksHere();
  }
});

test('click-through: briefing list → briefing → wave, actor and source', async () => {
  await page.goto(siteUrl(site, 'briefings/index.html'));
  const first = page.locator('main .briefing-card .card-title a').first();
  assert.ok((await first.count()) > 0, 'the briefings list shows no briefing link');
  const title = (await first.textContent()).trim();
  await follow(first);
  const briefing = relPath(site, page.url());
  assert.match(briefing, /^briefings\/[^/]+\/index\.html$/, `the first briefing link led to ${briefing}`);
  assert.equal(await onlyH1(page), title, 'the briefing page h1 is the title the list showed');
  await checkLinksHere();

  const targets = [
    { what: 'wave', selector: 'main a[href*="waves/"]', path: /^waves\/[^/]+\/index\.html$/ },
    { what: 'actor', selector: 'main a[href*="actors/"]', path: /^actors\/[^/]+\/index\.html$/ },
    { what: "reference's source", selector: 'main .reference-list a.cit-title', path: /^sources\/[^/]+\/index\.html$/ },
  ];
  for (const t of targets) {
    await page.goto(siteUrl(site, briefing));
    const links = page.locator(t.selector);
    let link = null;
    for (const l of await links.all()) {
      const href = await l.getAttribute('href');
      const rel = relPath(site, new URL(href, page.url()).href);
      if (rel && t.path.test(rel)) {
        link = l;
        break;
      }
    }
    assert.ok(link, `${briefing} has no ${t.what} link (${t.selector})`);
    const text = (await link.textContent()).trim().replace(/\s+/g, ' ');
    await follow(link);
    const landed = relPath(site, page.url());
    assert.match(landed, t.path, `the ${t.what} link "${text}" led to ${landed}`);
    const h1 = await onlyH1(page);
    assert.equal(h1, text, `the ${t.what} link "${text}" landed on a page whose h1 is "${h1}"`);
    await checkLinksHere();
  }
});

// Pages reached by the crawl, with the ids each one holds, for the fragment
// check below.
const crawled = new Map();
const fragmentLinks = [];

test('crawl: every page reachable from the home page loads with exactly one h1', async () => {
  const queue = ['index.html'];
  const seen = new Set(queue);
  const problems = [];
  while (queue.length > 0) {
    const rel = queue.shift();
    let response;
    try {
      response = await page.goto(siteUrl(site, rel), { waitUntil: 'load' });
    } catch (e) {
      problems.push(`${rel}: did not load (${e.message.split('\n')[0]})`);
      await page.close();
      page = await context.newPage();
      continue;
    }
    if (response && !response.ok()) problems.push(`${rel}: did not load`);
    try {
      await onlyH1(page);
    } catch (e) {
      problems.push(`${rel}: ${e.message}`);
    }
    const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
    crawled.set(rel, new Set(ids));
    const links = await pageLinks(page);
    broken.push(...brokenInternalLinks(site, rel, links));
    for (const l of links) {
      const target = relPath(site, l.href);
      // Links to missing files are reported by the link test below.
      if (!target || !target.endsWith('.html') || !fs.existsSync(path.join(site, target))) continue;
      const hash = new URL(l.href).hash;
      if (hash.length > 1) fragmentLinks.push({ from: rel, raw: l.raw, target, id: decodeURIComponent(hash.slice(1)) });
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  assertNone(problems, problems.join('\n'));
  assert.ok(crawled.size >= 10, `the crawl reached only ${crawled.size} pages`);
  console.log(`crawled ${crawled.size} pages from index.html`);
});

test('crawl: every HTML file of the site is reachable from the home page', () => {
  assert.ok(crawled.size > 0, 'the crawl did not run');
  // 404.html is what a host shows for a missing address: no link leads to it.
  const orphans = allHtmlFiles(site).filter((f) => !crawled.has(f) && f !== '404.html');
  assertNone(orphans, `pages no link leads to:\n  ${orphans.join('\n  ')}`);
});

test('every internal link names an existing file', () => {
  assert.ok(crawled.size > 0, 'the crawl did not run');
  const unique = [...new Set(broken)];
  assertNone(unique, unique.join('\n'));
});

test('every internal link to #fragment finds its id on the target page', () => {
  assert.ok(crawled.size > 0, 'the crawl did not run');
  const missing = [
    ...new Set(
      fragmentLinks
        .filter((l) => crawled.has(l.target) && !crawled.get(l.target).has(l.id))
        .map((l) => `${l.from}: link ${JSON.stringify(l.raw)} → no id "${l.id}" on ${l.target}`),
    ),
  ];
  assertNone(missing, missing.join('\n'));
});
