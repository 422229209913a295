// Shared helpers of the browser tests: where the built site is, how Chromium
// is started, which pages stand for each kind, and how a page's requests,
// console and links are checked.
//
// GIROK_SITE names the folder of a built site (tests/run builds the example
// archive into a temporary folder and sets it). CHROMIUM names the browser
// binary (default /usr/bin/chromium). Both are required: a missing site or
// browser fails the tests, it never skips them.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (two levels above this file). */
export const REPO = path.resolve(HERE, '..', '..');
/** The example archive's content folder. */
export const CONTENT = process.env.GIROK_CONTENT
  ? path.resolve(process.env.GIROK_CONTENT)
  : path.join(REPO, 'content');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The flags every test browser runs with. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** How long to wait for a search to report `data-search-state="done"`. */
export const SEARCH_TIMEOUT_MS = Number(process.env.GIROK_SEARCH_TIMEOUT_MS || 8000);

/** The built site's folder, checked; throws (so the test fails) when absent. */
export function siteDir(dir = process.env.GIROK_SITE) {
  if (!dir) {
    throw new Error(
      'GIROK_SITE is not set: build a site (girok build --output DIR) and run with GIROK_SITE=DIR, or use tests/run',
    );
  }
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'index.html'))) {
    throw new Error(`GIROK_SITE=${dir} holds no index.html: is it a built site?`);
  }
  return fs.realpathSync(abs);
}

/** Starts headless Chromium with the agreed flags.
 *
 * Playwright gives every launch a fresh temporary profile
 * (--user-data-dir=<new temp folder>) and removes it on close; passing
 * --user-data-dir ourselves is not allowed by launch(). The command line the
 * browser really got is checked by a test (privacy.test.mjs). */
export async function launch(executablePath = CHROMIUM) {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is not installed at ${executablePath}: run tests/setup (installs Debian's chromium) or set CHROMIUM to the browser binary`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/** file:// URL of a site-relative path ("waves/index.html"; may carry
 * ?query and #fragment). */
export function siteUrl(site, rel) {
  return new URL(rel, pathToFileURL(site + path.sep)).href;
}

/** Site-relative path of a file:// URL inside the site, or null. */
export function relPath(site, href) {
  let u;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  if (u.protocol !== 'file:') return null;
  u.search = '';
  u.hash = '';
  const p = fileURLToPath(u);
  const rel = path.relative(site, p);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** Is this file:// URL inside the site folder? */
export function insideSite(site, href) {
  return relPath(site, href) !== null;
}

/** Sorted subfolders of DIR that hold an index.html. */
export function slugsWithIndex(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/** Every .html file of the site, site-relative, sorted. */
export function allHtmlFiles(site) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(path.relative(site, p).split(path.sep).join('/'));
    }
  };
  walk(site);
  return out.sort();
}

/** One page of each kind, as site-relative paths (with ?q= for a search).
 * The single briefing, wave, actor and source are the first by slug. */
export function pageKinds(site) {
  const first = (section) => {
    const slugs = slugsWithIndex(path.join(site, section));
    if (slugs.length === 0) throw new Error(`the site has no ${section}/<slug>/index.html page`);
    return `${section}/${slugs[0]}/index.html`;
  };
  return [
    { kind: 'home', path: 'index.html' },
    { kind: 'briefings index', path: 'briefings/index.html' },
    { kind: 'briefing', path: first('briefings') },
    { kind: 'waves index', path: 'waves/index.html' },
    { kind: 'wave', path: first('waves') },
    { kind: 'actors index', path: 'actors/index.html' },
    { kind: 'actor', path: first('actors') },
    { kind: 'sources index', path: 'sources/index.html' },
    { kind: 'source', path: first('sources') },
    { kind: 'search', path: 'search/index.html' },
    { kind: 'not found', path: '404.html' },
    { kind: 'search with results', path: 'search/index.html?q=repatriation', search: true },
  ];
}

/** Records what a page asks for and what goes wrong on it: every request,
 * failed loads, console errors and warnings, CSP violations, uncaught
 * exceptions. Call before the page navigates. */
export function watch(page) {
  const log = { requests: [], failed: [], console: [], errors: [] };
  page.on('request', (r) => log.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('requestfailed', (r) =>
    log.failed.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`),
  );
  page.on('console', (m) => {
    log.console.push({ type: m.type(), text: m.text(), at: m.location()?.url ?? '' });
  });
  page.on('pageerror', (e) => log.errors.push(String(e?.stack || e)));
  return log;
}

const PROBLEM_TEXT = /content security policy|refused to|failed to load|net::err_|not allowed to load/i;

/** The console messages that show a problem: every error, and any message
 * about a CSP violation or a failed load. */
export function consoleProblems(log) {
  return log.console
    .filter((m) => m.type === 'error' || m.type === 'assert' || PROBLEM_TEXT.test(m.text))
    .map((m) => `console.${m.type}: ${m.text}${m.at ? ` (at ${m.at})` : ''}`);
}

/** Reports CSP violations to the console as errors, whatever the browser
 * itself logs. Added to a context before its pages load. */
export async function reportCspViolations(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.documentURI}, line ${e.lineNumber}`,
      );
    });
  });
}

/** Waits until the search page says it has finished rendering. */
export async function waitForSearchDone(page, timeout = SEARCH_TIMEOUT_MS) {
  try {
    await page.waitForSelector('html[data-search-state="done"]', { state: 'attached', timeout });
  } catch (e) {
    const state = await page.evaluate(() => document.documentElement.dataset.searchState ?? null).catch(() => '?');
    throw new Error(
      `the search did not finish within ${timeout} ms: <html data-search-state> is ${JSON.stringify(state)}, expected "done" (${e.message.split('\n')[0]})`,
    );
  }
}

/** The results the search page shows: [{href, rel, text, snippet, marks}]. */
export async function searchResults(page, site) {
  const rows = await page.$$eval('#search_results > li', (lis) =>
    lis.map((li) => {
      const a = li.querySelector('a.search-result-link');
      const s = li.querySelector('.search-snippet');
      return {
        href: a ? a.href : null,
        text: a ? a.textContent.trim() : null,
        snippet: s ? s.textContent.trim() : null,
        marks: s ? [...s.querySelectorAll('mark')].map((m) => m.textContent) : [],
      };
    }),
  );
  return rows.map((r) => ({ ...r, rel: r.href ? relPath(site, r.href) : null }));
}

export async function searchStatus(page) {
  return (await page.locator('#search_status').textContent())?.trim() ?? '';
}

const PAGE_EXT = /\.(html?|css|woff2?|ttf|otf|png|jpe?g|gif|svg|webp|avif|ico)$/i;

/** Sums the sizes of every site file a page requested, split into the page
 * itself (HTML, CSS, fonts, images) and the search (scripts and index
 * files). Requests outside the site are listed apart. */
export function budget(site, requests) {
  const seen = new Set();
  const page = [];
  const search = [];
  const outside = [];
  for (const r of requests) {
    if (r.url.startsWith('data:')) continue;
    const rel = relPath(site, r.url);
    if (rel === null) {
      outside.push(r.url);
      continue;
    }
    if (seen.has(rel)) continue;
    seen.add(rel);
    const file = path.join(site, rel);
    const bytes = fs.existsSync(file) ? fs.statSync(file).size : 0;
    (PAGE_EXT.test(rel) ? page : search).push({ rel, bytes });
  }
  const sum = (xs) => xs.reduce((n, x) => n + x.bytes, 0);
  return { page, search, outside, pageBytes: sum(page), searchBytes: sum(search) };
}

export function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export function formatBudget(query, b) {
  const lines = [`search ${JSON.stringify(query)}: page+CSS ${kB(b.pageBytes)}, search script+index ${kB(b.searchBytes)}`];
  for (const f of b.page) lines.push(`  page    ${String(f.bytes).padStart(9)}  ${f.rel}`);
  for (const f of b.search) lines.push(`  search  ${String(f.bytes).padStart(9)}  ${f.rel}`);
  for (const u of b.outside) lines.push(`  OUTSIDE THE SITE  ${u}`);
  return lines.join('\n');
}

/** Links of the current page: every <a href> and <form action>, resolved. */
export async function pageLinks(page) {
  return page.$$eval('a[href], a[*|href], area[href], form[action]', (els) =>
    els.map((el) => {
      // Resolved by hand: an SVG <a>'s href is no string, and a form with
      // an empty action submits to its own page.
      const raw =
        el.tagName.toLowerCase() === 'form'
          ? el.getAttribute('action')
          : (el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href'));
      let href;
      try {
        href = new URL(raw ?? '', document.baseURI).href;
      } catch {
        href = null;
      }
      return { href, raw, text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) };
    }),
  );
}

/** The internal links of the current page that do not name an existing file
 * of the site, as readable lines. */
export function brokenInternalLinks(site, from, links) {
  const bad = [];
  for (const l of links) {
    let u;
    try {
      u = new URL(l.href);
    } catch {
      bad.push(`${from}: link ${JSON.stringify(l.raw)} (${l.text}) is no valid URL`);
      continue;
    }
    if (u.protocol !== 'file:') continue; // outbound links (https:, mailto:) are not the site's
    const rel = relPath(site, l.href);
    if (rel === null) {
      bad.push(`${from}: link ${JSON.stringify(l.raw)} (${l.text}) leaves the site folder`);
      continue;
    }
    const file = path.join(site, rel);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      bad.push(`${from}: link ${JSON.stringify(l.raw)} (${l.text}) points to ${rel}, which does not exist`);
    }
  }
  return bad;
}

/** The text of the one h1 of the page; throws when there is not exactly one. */
export async function onlyH1(page) {
  const h1s = await page.locator('h1').allTextContents();
  if (h1s.length !== 1) {
    throw new Error(`${page.url()} has ${h1s.length} h1 elements (${JSON.stringify(h1s)}), expected exactly 1`);
  }
  return h1s[0].trim().replace(/\s+/g, ' ');
}

/** The site's title from site.yaml (the home page's h1). */
export function siteTitle() {
  const yaml = fs.readFileSync(path.join(REPO, 'site.yaml'), 'utf8');
  const m = yaml.match(/^title:\s*(.+)$/m);
  return m ? m[1].trim().replace(/^["']|["']$/g, '') : null;
}

/** The axe-core source, to evaluate inside a page. */
export function axeSource() {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Fails with MESSAGE when LIST (of problems found) is not empty. */
export function assertNone(list, message) {
  if (list.length > 0) assert.fail(message);
}
