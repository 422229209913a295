#!/usr/bin/env node
// What one search costs a reader: for each query, the files the search page
// loads (from a cold cache) and their bytes, split into the page itself
// (HTML, CSS) and the search (script and index), with the time until the
// results are shown.
//
//   node tests/browser/search-budget.mjs <site-dir> <query>...
//
// Uses the same Chromium as the tests (CHROMIUM, default /usr/bin/chromium).
// GIROK_SEARCH_TIMEOUT_MS sets how long to wait for a search (default 60 s).

import path from 'node:path';
import { budget, formatBudget, kB, launch, searchResults, siteDir, siteUrl, waitForSearchDone, watch } from './lib.mjs';

const [dir, ...queries] = process.argv.slice(2);
if (!dir || queries.length === 0 || dir === '-h' || dir === '--help') {
  console.error('usage: node tests/browser/search-budget.mjs <site-dir> <query>...');
  process.exit(2);
}

const site = siteDir(dir);
const timeout = Number(process.env.GIROK_SEARCH_TIMEOUT_MS || 60_000);
const browser = await launch();
let failed = false;
const rows = [];
try {
  for (const query of queries) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = watch(page);
      const url = siteUrl(site, `search/index.html?${new URLSearchParams({ q: query })}`);
      const start = performance.now();
      await page.goto(url);
      await waitForSearchDone(page, timeout);
      const ms = performance.now() - start;
      const results = await searchResults(page, site);
      const status = (await page.locator('#search_status').textContent())?.trim() ?? '';
      const b = budget(site, log.requests);
      console.log(formatBudget(query, b));
      console.log(`  ${results.length} results shown (${status}); done after ${ms.toFixed(0)} ms`);
      if (log.failed.length > 0) console.log(`  failed loads: ${log.failed.join(', ')}`);
      console.log();
      rows.push({ query, b, ms, files: b.page.length + b.search.length });
    } catch (e) {
      failed = true;
      console.error(`search ${JSON.stringify(query)}: ${e.message}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}

if (rows.length > 0) {
  console.log(`site: ${path.resolve(dir)}`);
  console.log('| query | files | page+CSS | search script+index | until shown |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.query} | ${r.files} | ${kB(r.b.pageBytes)} | ${kB(r.b.searchBytes)} | ${r.ms.toFixed(0)} ms |`);
  }
}
process.exit(failed ? 1 : 0);
