// The bibliography exports read by a real importer: Citation.js (the
// parsers behind many reference tools) reads sources/bibliography.bib,
// .ris and .json, and each must give one item per source of the archive,
// with the title, authors and date its file in content/sources/ gives.
// The items are then formatted with citeproc (APA), as a word processor
// plugin would.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import { CONTENT, siteDir } from './lib.mjs';

const site = siteDir();

/** A front-matter value as the example archive writes it: plain, 'single'
 * or "double" quoted, or a [flow, list]. */
function scalar(raw) {
  const v = raw.trim();
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return JSON.parse(v);
  return v;
}

function value(raw) {
  const v = raw.trim();
  if (v.startsWith('[') && v.endsWith(']')) {
    return v
      .slice(1, -1)
      .split(',')
      .map(scalar)
      .filter((x) => x !== '');
  }
  return scalar(v);
}

/** Every source of the archive: slug, title, authors, date (YYYY-MM-DD). */
function archiveSources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      if (!e.name.endsWith('.md')) continue;
      const text = fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');
      const m = text.match(/^---\r?\n([\s\S]*?)\r?\n---/);
      assert.ok(m, `${p} has no front matter`);
      const fm = {};
      for (const line of m[1].split(/\r?\n/)) {
        const kv = line.match(/^([a-z_]+):(.*)$/);
        if (kv) fm[kv[1]] = value(kv[2]);
      }
      out.push({
        slug: e.name.slice(0, -3),
        title: fm.title,
        authors: Array.isArray(fm.authors) ? fm.authors : [],
        date: String(fm.date).slice(0, 10),
        kind: fm.kind,
      });
    }
  };
  walk(path.join(CONTENT, 'sources'));
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}

const SOURCES = archiveSources();

/** A name as Citation.js gives it, in the words the archive wrote it:
 * "Esther Chung" may come back as given "Esther", family "Chung", and
 * "Chung Yeong-gyo" as family "Chung", given "Yeong-gyo". */
function nameMatches(n, written) {
  if (typeof n === 'string') {
    // Citation.js keeps a RIS reporter as written there: "Family, Given".
    const [family, given] = n.split(/,\s*/);
    return nameMatches({ family, given }, written);
  }
  if (n.literal !== undefined) return n.literal === written;
  const parts = [n.given, n['non-dropping-particle'], n.family].filter(Boolean);
  const western = [...parts, n.suffix].filter(Boolean).join(' ');
  const eastern = [n.family, n.given].filter(Boolean).join(' ');
  return western === written || eastern === written;
}

function readExport(file) {
  const p = path.join(site, 'sources', file);
  assert.ok(fs.existsSync(p), `the site has no sources/${file}`);
  return fs.readFileSync(p, 'utf8');
}

/** Checks the items one importer read from one export against the archive.
 * `authorsOf` and `yearOnly` say where a format puts what it carries. */
function checkItems(what, items, { authorsOf = (it) => it.author, yearOnly = () => false } = {}) {
  assert.ok(SOURCES.length > 0, 'the archive has no sources');
  assert.equal(items.length, SOURCES.length, `${what}: one item per source`);
  const ids = items.map((it) => it.id).sort();
  assert.deepEqual(ids, SOURCES.map((s) => s.slug), `${what}: the items are the sources, by slug`);
  for (const s of SOURCES) {
    const it = items.find((x) => x.id === s.slug);
    assert.equal(it.title, s.title, `${what} ${s.slug}: title`);
    // One RIS reporter comes as a string, several as a list.
    const names = [].concat(authorsOf(it) ?? []);
    assert.equal(names.length, s.authors.length, `${what} ${s.slug}: ${JSON.stringify(names)} for ${JSON.stringify(s.authors)}`);
    s.authors.forEach((written, k) => {
      assert.ok(nameMatches(names[k], written), `${what} ${s.slug}: author ${k + 1} ${JSON.stringify(names[k])} is not "${written}"`);
    });
    const [y, m, d] = s.date.split('-').map(Number);
    const parts = it.issued?.['date-parts']?.[0];
    assert.ok(parts, `${what} ${s.slug}: no date`);
    assert.deepEqual(parts, yearOnly(it) ? [y] : [y, m, d], `${what} ${s.slug}: date`);
  }
}

/** Formats the items with citeproc, as a word processor would, and checks
 * that every source is in the bibliography with its title and year. */
function checkFormatted(what, cite) {
  const bib = cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' });
  // citeproc curls quotes and moves the full stop inside them.
  const plain = (t) => t.replace(/["'“”‘’]/g, '');
  for (const s of SOURCES) {
    const line = bib.split('\n').find((l) => plain(l).includes(plain(s.title)));
    assert.ok(line, `${what}: citeproc's bibliography has no entry titled "${s.title}":\n${bib}`);
    assert.ok(line.includes(`(${s.date.slice(0, 4)}`), `${what}: "${line}" has not the year ${s.date.slice(0, 4)}`);
  }
}

test('BibTeX: bibliography.bib gives every source with its title, authors and date', async () => {
  const cite = await Cite.async(readExport('bibliography.bib'), { forceType: '@biblatex/text' });
  checkItems('bibliography.bib', cite.data);
  checkFormatted('bibliography.bib', cite);
});

test('RIS: bibliography.ris gives every source with its title, authors and date', async () => {
  const text = readExport('bibliography.ris');
  assert.ok(/^TY {2}- /.test(text) && text.endsWith('ER  - \r\n'), 'RIS starts with TY and ends with ER, CRLF');
  const cite = await Cite.async(text, { forceType: '@ris/file' });
  // The RIS specification names a newspaper article's AU its reporter and
  // gives it a year (PY) but no full date, and Citation.js follows it to
  // the letter; Zotero and EndNote read the AU and DA lines.
  const news = (it) => it.type === 'article-newspaper';
  checkItems('bibliography.ris', cite.data, {
    authorsOf: (it) => (news(it) ? (it.author ?? it.reporter) : it.author),
    yearOnly: news,
  });
  for (const s of SOURCES.filter((x) => x.kind === 'news')) {
    const block = text.split('ER  - \r\n').find((r) => r.includes(`\r\nID  - ${s.slug}\r\n`));
    assert.ok(block, `no RIS record with ID ${s.slug}`);
    assert.ok(block.includes(`\r\nDA  - ${s.date.replace(/-/g, '/')}\r\n`), `${s.slug}: the RIS record has no DA line for ${s.date}`);
  }
});

test('CSL-JSON: bibliography.json gives every source with its title, authors and date', async () => {
  const json = JSON.parse(readExport('bibliography.json'));
  assert.ok(Array.isArray(json), 'bibliography.json is an array');
  const cite = await Cite.async(json, { forceType: '@csl/list+object' });
  checkItems('bibliography.json', cite.data);
  checkFormatted('bibliography.json', cite);
});
