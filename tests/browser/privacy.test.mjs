// Privacy: a page of each kind loads only files of the site folder, and the
// browser reports no CSP violation, failed load or script error on it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CHROMIUM_ARGS,
  assertNone,
  consoleProblems,
  insideSite,
  launch,
  pageKinds,
  reportCspViolations,
  siteDir,
  siteUrl,
  waitForSearchDone,
  watch,
} from './lib.mjs';

const site = siteDir();
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The command lines of the processes this one started, at any depth
 * (Linux /proc). */
function descendantCommandLines() {
  const parent = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const out = [];
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    while (p && p !== process.pid) p = parent.get(p);
    if (p !== process.pid) continue;
    try {
      out.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

test('Chromium runs headless with the required flags and a fresh profile', () => {
  const lines = descendantCommandLines().filter((args) => args.some((a) => a.startsWith('--remote-debugging-pipe')));
  assert.equal(lines.length, 1, `expected one browser process started by this test, found ${lines.length}`);
  const args = lines[0];
  for (const flag of CHROMIUM_ARGS) {
    assert.ok(args.includes(flag), `the browser was started without ${flag}: ${args.join(' ')}`);
  }
  const profile = args.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
  assert.ok(profile, `the browser was started without --user-data-dir: ${args.join(' ')}`);
  const tmp = [os.tmpdir(), fs.realpathSync(os.tmpdir())];
  assert.ok(
    tmp.some((t) => path.resolve(profile).startsWith(t + path.sep)),
    `the profile ${profile} is not a fresh temporary folder`,
  );
});

for (const { kind, path: rel, search } of pageKinds(site)) {
  test(`privacy: ${kind} (${rel}) loads only files of the site and logs no problem`, async () => {
    const context = await browser.newContext();
    try {
      await reportCspViolations(context);
      const page = await context.newPage();
      const log = watch(page);
      const response = await page.goto(siteUrl(site, rel), { waitUntil: 'networkidle' });
      assert.ok(response === null || response.ok(), `${rel} did not load`);
      if (search) {
        // Give the search time to load its index; whether it works is the
        // search tests' business, what it loads is this test's.
        await waitForSearchDone(page).catch(() => {});
        await page.waitForLoadState('networkidle');
      }
      // data: URLs (which img-src allows) are inline and fetch nothing.
      const outside = log.requests
        .filter((r) => !r.url.startsWith('data:') && !insideSite(site, r.url))
        .map((r) => `${r.type} ${r.url}`);
      const problems = [
        ...outside.map((u) => `request outside the site folder: ${u}`),
        ...log.failed.map((f) => `failed load: ${f}`),
        ...consoleProblems(log),
        ...log.errors.map((e) => `uncaught exception: ${e}`),
      ];
      assertNone(problems, `${rel}:\n  ${problems.join('\n  ')}`);
      assert.ok(log.requests.length > 0, 'no request was recorded at all');
    } finally {
      await context.close();
    }
  });
}
