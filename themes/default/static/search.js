/* girok's offline search.
 *
 * The index is a set of scripts under search/ (see src/search.rs): a
 * manifest, chunks of terms with their postings, and the pages' records,
 * a few to a file. They are loaded with <script> tags, only the parts a query needs, so
 * search works from a folder on disk (file://) as well as from any web host.
 * Nothing typed here leaves the browser.
 */
(function () {
  "use strict";

  var me = document.currentScript;
  var form = document.getElementById("search_form");
  var input = document.getElementById("search_q");
  var status = document.getElementById("search_status");
  var list = document.getElementById("search_results");
  var more = document.getElementById("search_more");
  var nojs = document.getElementById("search_nojs");
  if (!me || !form || !input || !status || !list) {
    return;
  }
  if (nojs) {
    nojs.hidden = true;
  }

  var rootAttr = me.getAttribute("data-root") || "";
  var indexAttr = me.getAttribute("data-index") || rootAttr + "search/index.js";
  var PAGE = 10;
  var MAX_PREFIX_CHUNKS = 3;
  var MAX_CHUNKS = 8;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) {
    VALUE[DIGITS.charAt(d)] = d;
  }

  // ---- Loading parts of the index -------------------------------------

  var cache = {};
  var pending = {};

  function settle(key, value) {
    var p = pending[key];
    if (p) {
      delete pending[key];
      p.resolve(value);
    }
  }

  window.girokSearch = {
    i: function (manifest) { settle("i", manifest); },
    t: function (n, chunk) { settle("t" + n, chunk); },
    d: function (n, records) { settle("d" + n, records); }
  };

  function load(key, src) {
    if (!cache[key]) {
      cache[key] = new Promise(function (resolve, reject) {
        pending[key] = { resolve: resolve, reject: reject };
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = function () {
          // A part that loaded but did not report is broken.
          if (pending[key]) {
            delete pending[key];
            delete cache[key];
            reject(new Error(src));
          }
        };
        s.onerror = function () {
          delete pending[key];
          delete cache[key];
          reject(new Error(src));
        };
        document.head.appendChild(s);
      });
    }
    return cache[key];
  }

  function manifest() {
    return load("i", indexAttr);
  }
  function chunk(n) {
    return load("t" + n, rootAttr + "search/t/" + n + ".js");
  }
  // The record of page n, from the file that holds it with the next few.
  function record(n) {
    return manifest().then(function (m) {
      var per = m.r || 1;
      var file = Math.floor(n / per);
      return load("d" + file, rootAttr + "search/d/" + file + ".js").then(function (recs) {
        var rec = recs && recs[n % per];
        if (!rec) {
          throw new Error("search/d/" + file + ".js has no record " + n);
        }
        return rec;
      });
    });
  }

  // ---- Cutting text into terms, as src/search.rs does -----------------

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var NUMERIC = /^\p{N}$/u;

  function isPaired(c) {
    var n = c.codePointAt(0);
    return (n >= 0x1100 && n <= 0x11FF) || (n >= 0x3040 && n <= 0x30FF) ||
      (n >= 0x3130 && n <= 0x318F) || (n >= 0x3400 && n <= 0x4DBF) ||
      (n >= 0x4E00 && n <= 0x9FFF) || (n >= 0xA960 && n <= 0xA97F) ||
      (n >= 0xAC00 && n <= 0xD7FF) || (n >= 0xF900 && n <= 0xFAFF) ||
      (n >= 0x20000 && n <= 0x2FFFF);
  }

  // As stem() in src/search.rs.
  function stem(w) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) {
      return w;
    }
    if (w.length > 4 && /ies$/.test(w)) {
      return w.slice(0, -3) + "y";
    }
    if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) {
      return w.slice(0, -1);
    }
    return w;
  }

  // The query as requirements: each {term, prefix}. Every requirement must
  // be met for a page to match in full. Also returns the words to mark in
  // snippets.
  function parse(query) {
    var lower = query.toLowerCase();
    var reqs = [];
    var marks = [];
    var word = "";
    var paired = [];
    function flushWord(last) {
      var n = Array.from(word).length;
      if ((n > 1 && n <= 40) || (n === 1 && NUMERIC.test(word))) {
        var t = stem(word);
        // Every word of three letters or more may be the start of a longer
        // one (return, returned); whole words rank first.
        reqs.push({ term: t, prefix: last || n >= 3 });
        marks.push({ text: t === word ? t : t.replace(/y$/, ""), word: true });
      } else if (n === 1 && last) {
        reqs.push({ term: word, prefix: true, weak: true });
        marks.push({ text: word, word: true });
      }
      word = "";
    }
    function flushPaired() {
      if (paired.length === 1) {
        reqs.push({ term: paired[0], prefix: true });
      }
      for (var i = 0; i + 1 < paired.length; i++) {
        reqs.push({ term: paired[i] + paired[i + 1], prefix: false });
      }
      if (paired.length) {
        marks.push({ text: paired.join(""), word: false });
      }
      paired = [];
    }
    var chars = Array.from(lower);
    var open = chars.length > 0 && ALNUM.test(chars[chars.length - 1]);
    chars.forEach(function (c) {
      if (isPaired(c)) {
        flushWord(false);
        paired.push(c);
      } else if (ALNUM.test(c)) {
        flushPaired();
        word += c;
      } else {
        flushWord(false);
        flushPaired();
      }
    });
    flushWord(open);
    flushPaired();
    // Single letters only help as the start of the last word.
    reqs = reqs.filter(function (r, i) { return !r.weak || i === reqs.length - 1; });
    return { reqs: reqs.slice(0, 12), marks: marks };
  }

  // ---- Looking terms up -----------------------------------------------

  function chunkOf(m, term) {
    var lo = 0;
    var hi = m.c.length - 1;
    var found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (m.c[mid] <= term) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  function decode(s) {
    var out = [];
    var prev = -1;
    var i = 0;
    while (i < s.length) {
      var n = 0;
      var shift = 0;
      var v;
      do {
        v = VALUE[s.charAt(i++)];
        n += (v & 31) * Math.pow(2, shift);
        shift += 5;
      } while (v & 32);
      prev += n;
      out.push(prev, VALUE[s.charAt(i++)]);
    }
    return out;
  }

  var own = Object.prototype.hasOwnProperty;

  // The chunks that may hold a requirement's terms.
  function chunksFor(m, req) {
    var first = chunkOf(m, req.term);
    var wanted = [first];
    if (req.prefix) {
      for (var k = first + 1; k < m.c.length && wanted.length < MAX_PREFIX_CHUNKS; k++) {
        if (m.c[k].lastIndexOf(req.term, 0) !== 0) {
          break;
        }
        wanted.push(k);
      }
    }
    return wanted;
  }

  // Pages holding a requirement: a map from page number to score.
  function lookup(m, req, wanted) {
    return Promise.all(wanted.map(chunk)).then(function (chunks) {
      var scores = new Map();
      chunks.forEach(function (c) {
        Object.keys(c).forEach(function (t) {
          var exact = t === req.term;
          if (!exact && !(req.prefix && t.lastIndexOf(req.term, 0) === 0)) {
            return;
          }
          var p = decode(c[t]);
          var df = p.length / 2;
          var idf = Math.log(1 + m.n / df);
          var factor = exact ? 1 : 0.7;
          for (var j = 0; j < p.length; j += 2) {
            var s = p[j + 1] * idf * factor;
            var was = scores.get(p[j]);
            if (was === undefined || was < s) {
              scores.set(p[j], s);
            }
          }
        });
      });
      return scores;
    });
  }

  // Ranked page numbers, and whether they hold every word.
  function search(query) {
    var q = parse(query);
    if (!q.reqs.length) {
      return Promise.resolve({ q: q, hits: [], all: true });
    }
    var dropped = 0;
    return manifest().then(function (m) {
      if (!m.c.length) {
        return [];
      }
      // A query loads at most MAX_CHUNKS chunks, so that it stays small
      // however long it is; words past that are left out, and said so.
      var used = {};
      var count = 0;
      var jobs = [];
      q.reqs.forEach(function (r) {
        var wanted = chunksFor(m, r);
        var fresh = wanted.filter(function (k) { return !used[k]; });
        if (count + fresh.length > MAX_CHUNKS) {
          dropped++;
          return;
        }
        fresh.forEach(function (k) { used[k] = true; });
        count += fresh.length;
        jobs.push(lookup(m, r, wanted));
      });
      return Promise.all(jobs);
    }).then(function (maps) {
      var total = new Map();
      maps.forEach(function (scores) {
        scores.forEach(function (s, doc) {
          var t = total.get(doc);
          if (t) {
            t.score += s;
            t.met += 1;
          } else {
            total.set(doc, { doc: doc, score: s, met: 1 });
          }
        });
      });
      var hits = Array.from(total.values());
      var full = hits.filter(function (h) { return h.met === maps.length; });
      var all = full.length > 0 || hits.length === 0;
      if (all) {
        hits = full;
      }
      hits.sort(function (a, b) {
        return b.met - a.met || b.score - a.score || a.doc - b.doc;
      });
      return { q: q, hits: hits, all: all, dropped: dropped };
    });
  }

  // ---- Showing results ------------------------------------------------

  function isWordChar(c) {
    return c !== undefined && c !== "" && ALNUM.test(c);
  }

  // Where the query's words occur in `text`: [start, end] pairs, sorted.
  function occurrences(text, marks) {
    var lower = text.toLowerCase();
    var found = [];
    if (lower.length !== text.length) {
      return found;
    }
    marks.forEach(function (mk) {
      var from = 0;
      for (;;) {
        var at = lower.indexOf(mk.text, from);
        if (at < 0) {
          break;
        }
        from = at + mk.text.length;
        if (mk.word) {
          if (isWordChar(lower.charAt(at - 1))) {
            continue;
          }
          var end = from;
          while (end < lower.length && isWordChar(lower.charAt(end))) {
            end++;
          }
          found.push([at, end]);
          from = end;
        } else {
          found.push([at, from]);
        }
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.push([r[0], r[1]]);
      }
    });
    return merged;
  }

  function snippet(text, marks) {
    var WIDTH = 220;
    var hits = occurrences(text, marks);
    var start = 0;
    if (hits.length && hits[0][0] > 60) {
      start = text.indexOf(" ", hits[0][0] - 60) + 1;
      if (start <= 0 || start > hits[0][0]) {
        start = hits[0][0];
      }
    }
    var end = Math.min(text.length, start + WIDTH);
    if (end < text.length) {
      var sp = text.lastIndexOf(" ", end);
      if (sp > start + WIDTH / 2) {
        end = sp;
      }
    }
    var p = document.createElement("p");
    p.className = "search-snippet";
    var at = start;
    if (start > 0) {
      p.appendChild(document.createTextNode("… "));
    }
    hits.forEach(function (h) {
      if (h[0] < at || h[1] > end) {
        return;
      }
      p.appendChild(document.createTextNode(text.slice(at, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      p.appendChild(mark);
      at = h[1];
    });
    p.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length && text.charAt(text.length - 1) !== "…") {
      p.appendChild(document.createTextNode(" …"));
    }
    return p;
  }

  function item(rec, marks) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    h.className = "search-result-title";
    var a = document.createElement("a");
    a.className = "search-result-link";
    a.href = rootAttr + rec.u;
    a.textContent = rec.t;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    var kind = document.createElement("span");
    kind.className = "search-kind";
    kind.textContent = rec.k;
    meta.appendChild(kind);
    if (rec.m) {
      meta.appendChild(document.createTextNode(" · " + rec.m));
    }
    li.appendChild(meta);
    var text = rec.s ? rec.s + (rec.x ? " " + rec.x : "") : rec.x;
    if (text) {
      li.appendChild(snippet(text, marks));
    }
    return li;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  var run = 0;
  var current = null;
  var shown = 0;

  function setState(s) {
    document.documentElement.setAttribute("data-search-state", s);
  }

  function showMore() {
    if (!current) {
      return Promise.resolve();
    }
    var mine = run;
    var next = current.hits.slice(shown, shown + PAGE);
    setState("loading");
    return Promise.all(next.map(function (h) { return record(h.doc); })).then(function (recs) {
      if (mine !== run) {
        return;
      }
      recs.forEach(function (rec) { list.appendChild(item(rec, current.q.marks)); });
      shown += recs.length;
      if (more) {
        more.hidden = shown >= current.hits.length;
      }
      setState("done");
    });
  }

  function describe(res, query) {
    var n = res.hits.length;
    var quoted = "“" + query.trim() + "”";
    if (!res.q.reqs.length) {
      return query.trim() ? "Type at least two letters of a word to search." : "";
    }
    if (!n) {
      return "Nothing found for " + quoted + ". Try fewer words, or another spelling.";
    }
    if (!res.all) {
      return "No page holds every word of " + quoted + "; " +
        plural(n, "page holds", "pages hold") + " some of them, best first.";
    }
    var said = plural(n, "result", "results") + " for " + quoted + ".";
    if (res.dropped) {
      said += " The query is long: its last words were left out.";
    }
    return said;
  }

  function go(query) {
    var mine = ++run;
    setState("loading");
    return search(query).then(function (res) {
      if (mine !== run) {
        return;
      }
      current = res;
      shown = 0;
      list.textContent = "";
      if (more) {
        more.hidden = true;
      }
      status.textContent = describe(res, query);
      return showMore();
    }).catch(function () {
      if (mine !== run) {
        return;
      }
      list.textContent = "";
      status.textContent = "The search index could not be loaded. Browse the indexes of briefings, waves, actors and sources instead.";
      setState("done");
    });
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      if (query) {
        url.searchParams.set("q", query);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.href);
    } catch (e) {
      // Some browsers refuse to change the address of a file on disk.
    }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(input.value);
      go(input.value);
    }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    remember(input.value);
    go(input.value);
  });
  if (more) {
    more.addEventListener("click", function () { showMore(); });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  go(initial);
})();
