// Accessibility: axe-core finds no WCAG 2.0/2.1 A or AA violation, nor any of
// its best-practice rules (heading order, unique landmarks...), on a page
// of each kind, in the light and the dark colour scheme, and no page scrolls
// sideways on a phone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AXE_TAGS,
  allHtmlFiles,
  assertNone,
  axeSource,
  launch,
  pageKinds,
  siteDir,
  siteUrl,
  waitForSearchDone,
} from './lib.mjs';

const site = siteDir();
const AXE = axeSource();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Opens REL, waiting for the search to finish when the page is one. */
async function open(page, rel, search) {
  await page.goto(siteUrl(site, rel), { waitUntil: 'load' });
  if (search) await waitForSearchDone(page).catch(() => {});
}

/** One violation, readably: the rule, its help, and each element. */
function describe(rel, scheme, v) {
  const lines = [`${rel} [${scheme}] ${v.id} (${v.impact}): ${v.help}`, `    ${v.helpUrl}`];
  for (const n of v.nodes) {
    lines.push(`    at ${n.target.join(' ')}`);
    const summary = (n.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean);
    for (const s of summary.slice(0, 3)) lines.push(`       ${s}`);
    if (n.html) lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return lines.join('\n');
}

for (const scheme of ['light', 'dark']) {
  for (const { kind, path: rel, search } of pageKinds(site)) {
    test(`axe (${scheme}): ${kind} (${rel}) has no WCAG 2.x A/AA or best-practice violation`, async () => {
      // bypassCSP only so that axe can run; the privacy tests load pages
      // under their own policy.
      const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
      try {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await open(page, rel, search);
        assert.equal(
          await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
          scheme === 'dark',
          `the page does not see prefers-color-scheme: ${scheme}`,
        );
        await page.evaluate(AXE);
        const result = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
          AXE_TAGS,
        );
        // What axe could not decide is worth a look, but does not fail.
        for (const v of result.incomplete) {
          console.log(
            `axe needs review: ${rel} [${scheme}] ${v.id}: ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(' ')}` +
              (v.nodes[0]?.any[0]?.message ? ` (${v.nodes[0].any[0].message})` : ''),
          );
        }
        const found = result.violations.map((v) => describe(rel, scheme, v));
        assert.equal(
          result.violations.length,
          0,
          `${result.violations.length} axe violation(s) on ${rel} [${scheme}]:\n${found.join('\n')}`,
        );
      } finally {
        await context.close();
      }
    });
  }
}

test('phone (390x844): no page scrolls sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const problems = [];
  try {
    const page = await context.newPage();
    const pages = [...allHtmlFiles(site).map((p) => ({ path: p })), { path: 'search/index.html?q=repatriation', search: true }];
    for (const p of pages) {
      await open(page, p.path, p.search);
      const m = await page.evaluate(() => {
        const vw = window.innerWidth;
        const sw = document.documentElement.scrollWidth;
        const culprits = [];
        if (sw > vw) {
          const clips = (el) => {
            for (let a = el.parentElement; a; a = a.parentElement) {
              const o = getComputedStyle(a).overflowX;
              if (o !== 'visible' && a !== document.documentElement && a !== document.body) return true;
            }
            return false;
          };
          const name = (el) =>
            el.tagName.toLowerCase() +
            (el.id ? `#${el.id}` : '') +
            [...el.classList].map((c) => `.${c}`).join('');
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right <= vw + 0.5 || r.width === 0) continue;
            const pr = el.parentElement?.getBoundingClientRect();
            if (pr && pr.right > vw + 0.5 && el.parentElement !== document.body) continue;
            if (clips(el)) continue;
            const path = [];
            for (let a = el; a && a !== document.body; a = a.parentElement) path.unshift(name(a));
            culprits.push(`${path.slice(-4).join(' > ')} (right edge at ${Math.round(r.right)}px)`);
            if (culprits.length >= 5) break;
          }
        }
        return { vw, sw, culprits };
      });
      if (m.sw > m.vw) {
        problems.push(`${p.path}: scrollWidth ${m.sw} > innerWidth ${m.vw}; sticking out:\n    ${m.culprits.join('\n    ') || '(not found)'}`);
      }
    }
  } finally {
    await context.close();
  }
  assertNone(problems, problems.join('\n'));
});
