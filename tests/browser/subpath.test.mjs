// The same site served over HTTP under a sub-path, as an NGO publishes it
// (https://example.org/some/archive/): pages, stylesheets and search load
// from under that path, and nothing is asked of the server outside it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launch, siteDir, waitForSearchDone } from './lib.mjs';

const PREFIX = '/ngo/archives/forced-returns/';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const site = siteDir();
let server;
let origin;
let browser;
/** Every path the server was asked for. */
const asked = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    asked.push(url.pathname);
    if (!url.pathname.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(PREFIX.length));
    const file = path.join(site, rel);
    if (!file.startsWith(site + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('subpath: pages, styles and search work under a sub-path over HTTP', async () => {
  const page = await browser.newPage();
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });

  await page.goto(origin + PREFIX + 'index.html');
  assert.equal(await page.locator('h1').count(), 1);
  // The stylesheet applied: the skip link is moved off screen by it.
  const skipTop = await page.locator('.skip-link').evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(skipTop < 0, `the stylesheet did not apply (skip link at ${skipTop})`);

  // Search from the header box, then follow the first result.
  await page.fill('form.site-search input[name=q]', 'Jilin');
  await Promise.all([page.waitForURL(/search\/index\.html\?q=Jilin/), page.press('form.site-search input[name=q]', 'Enter')]);
  await waitForSearchDone(page);
  const links = page.locator('#search_results a.search-result-link');
  assert.ok((await links.count()) > 0, 'no results under the sub-path');
  await Promise.all([page.waitForURL(/\/(waves|briefings|actors|sources)\//), links.first().click()]);
  assert.equal(await page.locator('h1').count(), 1);

  assert.deepEqual(failed, [], 'requests failed under the sub-path');
  const outside = asked.filter((p) => !p.startsWith(PREFIX));
  assert.deepEqual(outside, [], 'the site asked the server for paths outside its folder');
  await page.close();
});
