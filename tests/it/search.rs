//! The offline search index: read back from the built files the way
//! `search.js` reads them, and looked up with the same rules.

use std::collections::BTreeMap;

use serde_json::Value;

use super::support::*;

const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The JSON argument of a `girokSearch.x(...)` script.
fn payload(bytes: &[u8], call: &str) -> Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let inner = text
        .strip_prefix(call)
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {call} script: {text}"));
    // Chunks are `n,{...}` and record files `n,[...]`.
    let json = match inner.split_once(',') {
        Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => inner,
    };
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn decode(s: &str) -> Vec<(usize, u8)> {
    let digit = |c: char| DIGITS.find(c).unwrap();
    let chars: Vec<char> = s.chars().collect();
    let (mut i, mut prev, mut out) = (0, -1i64, Vec::new());
    while i < chars.len() {
        let (mut n, mut shift) = (0i64, 0);
        loop {
            let d = digit(chars[i]);
            i += 1;
            n |= ((d & 31) as i64) << shift;
            shift += 5;
            if d & 32 == 0 {
                break;
            }
        }
        prev += n;
        out.push((prev as usize, digit(chars[i]) as u8));
        i += 1;
    }
    out
}

struct Index {
    manifest: Value,
    chunks: Vec<BTreeMap<String, String>>,
    records: Vec<Value>,
}

impl Index {
    fn read(site: &Site) -> Index {
        let manifest = payload(&site.files["search/index.js"], "girokSearch.i(");
        let n_chunks = manifest["c"].as_array().unwrap().len();
        let chunks = (0..n_chunks)
            .map(|k| {
                let v = payload(&site.files[&format!("search/t/{k}.js")], "girokSearch.t(");
                serde_json::from_value(v).unwrap()
            })
            .collect();
        let n = manifest["n"].as_u64().unwrap() as usize;
        let per = manifest["r"].as_u64().unwrap() as usize;
        assert!(per > 0);
        let records: Vec<Value> = (0..n.div_ceil(per))
            .flat_map(|k| {
                let file = payload(&site.files[&format!("search/d/{k}.js")], "girokSearch.d(");
                let recs = file.as_array().unwrap().clone();
                // Every file is full but the last.
                assert_eq!(recs.len(), per.min(n - k * per), "search/d/{k}.js");
                recs
            })
            .collect();
        assert!(!site
            .files
            .contains_key(&format!("search/d/{}.js", n.div_ceil(per))));
        Index {
            manifest,
            chunks,
            records,
        }
    }

    fn firsts(&self) -> Vec<String> {
        self.manifest["c"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    /// Pages holding `term` exactly, found through the manifest as the
    /// browser finds them.
    fn postings(&self, term: &str) -> Vec<(usize, u8)> {
        let firsts = self.firsts();
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        let k = firsts
            .iter()
            .rposition(|f| utf16(f) <= utf16(term))
            .unwrap_or(0);
        self.chunks[k]
            .get(term)
            .map(|p| decode(p))
            .unwrap_or_default()
    }

    /// Addresses of the pages holding every term of `query`, best first.
    fn find(&self, query: &str) -> Vec<String> {
        let mut terms = Vec::new();
        girok::search::terms(query, |t| terms.push(t.to_string()));
        assert!(!terms.is_empty(), "{query} has no terms");
        let mut score: BTreeMap<usize, (usize, u32)> = BTreeMap::new();
        for t in &terms {
            for (d, w) in self.postings(t) {
                let e = score.entry(d).or_default();
                e.0 += 1;
                e.1 += u32::from(w);
            }
        }
        let mut hits: Vec<(usize, u32)> = score
            .into_iter()
            .filter(|(_, (met, _))| *met == terms.len())
            .map(|(d, (_, w))| (d, w))
            .collect();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.iter()
            .map(|(d, _)| self.records[*d]["u"].as_str().unwrap().to_string())
            .collect()
    }
}

fn basic_index() -> (Built, Site, Index) {
    let built = build(&fixture("basic"), false);
    let site = Site::read(&built.out);
    let index = Index::read(&site);
    (built, site, index)
}

#[test]
fn every_page_of_substance_is_a_record_that_links_to_it() {
    let (_, site, ix) = basic_index();
    // 3 briefings, 2 waves, 4 actors, 3 sources.
    assert_eq!(ix.manifest["n"], 12);
    assert_eq!(ix.records.len(), 12);
    let mut kinds = BTreeMap::new();
    for r in &ix.records {
        let u = r["u"].as_str().unwrap();
        let page = site.page(u);
        // The record's title is the page's.
        let title = r["t"].as_str().unwrap();
        assert!(page.text().contains(title), "{u} does not show {title}");
        *kinds
            .entry(r["k"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(
        kinds,
        BTreeMap::from([
            ("Actor".to_string(), 4),
            ("Briefing".to_string(), 3),
            ("Source".to_string(), 3),
            ("Wave".to_string(), 2),
        ])
    );
}

#[test]
fn chunks_are_sorted_as_javascript_sorts_and_hold_their_range() {
    let (_, _, ix) = basic_index();
    let firsts = ix.firsts();
    let utf16 = |s: &str| s.encode_utf16().collect::<Vec<_>>();
    for w in firsts.windows(2) {
        assert!(utf16(&w[0]) < utf16(&w[1]), "{firsts:?}");
    }
    for (k, chunk) in ix.chunks.iter().enumerate() {
        assert!(chunk.contains_key(&firsts[k]));
        for term in chunk.keys() {
            assert!(utf16(term) >= utf16(&firsts[k]));
            if let Some(next) = firsts.get(k + 1) {
                assert!(utf16(term) < utf16(next), "{term} is in chunk {k}");
            }
            // Every posting names a record.
            for (d, w) in decode(&chunk[term]) {
                assert!(d < ix.records.len());
                assert!((1..=63).contains(&w));
            }
        }
    }
}

#[test]
fn titles_aliases_and_korean_are_found() {
    let (_, _, ix) = basic_index();
    let ministry = "actors/unification-ministry/index.html";
    assert_eq!(
        ix.find("통일부").first().map(String::as_str),
        Some(ministry)
    );
    // Part of a Korean word: one pair of characters.
    assert!(ix.find("통일").contains(&ministry.to_string()));
    assert_eq!(ix.find("MOU").first().map(String::as_str), Some(ministry));
    // A plural finds the singular and back.
    let returns = ix.find("returns");
    assert!(!returns.is_empty());
    assert_eq!(returns, ix.find("return"));
    assert!(ix.find("qqzzyx").is_empty());
}

#[test]
fn a_title_word_outranks_a_body_word() {
    let s = Scratch::of("basic");
    s.write(
        "content/briefings/2023-11-01-zebra-in-title.md",
        "---\ntitle: Zebra crossings\ndate: 2023-11-01\n---\nNothing here.\n",
    )
    .write(
        "content/briefings/2023-11-02-zebra-in-body.md",
        "---\ntitle: Other things\ndate: 2023-11-02\n---\nA zebra, a zebra and a zebra.\n",
    );
    let built = build(s.root(), false);
    let ix = Index::read(&Site::read(&built.out));
    assert_eq!(
        ix.find("zebra"),
        [
            "briefings/2023-11-01-zebra-in-title/index.html",
            "briefings/2023-11-02-zebra-in-body/index.html"
        ]
    );
}

#[test]
fn drafts_stay_out_of_the_index_unless_built() {
    let s = Scratch::of("basic");
    s.write(
        "content/briefings/2023-11-03-hidden.md",
        "---\ntitle: Unpublished okapi notes\ndate: 2023-11-03\ndraft: true\n---\nOkapi.\n",
    );
    let ix = Index::read(&Site::read(&build(s.root(), false).out));
    assert!(ix.find("okapi").is_empty());
    let ix = Index::read(&Site::read(&build(s.root(), true).out));
    assert_eq!(ix.find("okapi"), ["briefings/2023-11-03-hidden/index.html"]);
}

#[test]
fn the_search_page_works_without_javascript_too() {
    let (_, site, _) = basic_index();
    let page = site.page("search/index.html");
    // The script that runs the search, from the theme.
    let scripts: Vec<_> = tags(&page.html)
        .into_iter()
        .filter(|t| t.name == "script" && t.attr("src").is_some())
        .collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].attr("src"), Some("../theme/search.js"));
    assert!(site.files.contains_key("theme/search.js"));
    // Without it, the page says so and links to the full indexes.
    let nojs = page
        .element("search_nojs")
        .expect("a message for no-JS readers");
    nojs.assert_text("Search needs JavaScript");
    for list in [
        "briefings/index.html",
        "waves/index.html",
        "actors/index.html",
        "sources/index.html",
    ] {
        assert!(nojs.links_to(list), "no link to {list}");
    }
    // Every other page has a search box that leads here.
    for (path, p) in &site.pages {
        if path == "search/index.html" {
            continue;
        }
        let form = tags(&p.html)
            .into_iter()
            .find(|t| t.name == "form" && t.attr("role") == Some("search"))
            .unwrap_or_else(|| panic!("{path} has no search box"));
        let action = resolve(path, form.attr("action").unwrap());
        assert_eq!(action.as_deref(), Some("search/index.html"), "{path}");
    }
}

#[test]
fn index_files_carry_no_markup_from_content() {
    let s = Scratch::of("basic");
    s.write(
        "content/briefings/2023-11-04-evil.md",
        "---\ntitle: \"</script><script>alert(1)</script>\"\ndate: 2023-11-04\n---\nText \u{2028} here.\n",
    );
    let built = build(s.root(), false);
    for (path, bytes) in read_tree(&built.out.join("search")) {
        if path.ends_with(".js") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains('<'), "{path}: {text}");
            assert!(!text.contains('\u{2028}'), "{path}");
        }
    }
    let ix = Index::read(&Site::read(&built.out));
    let rec = ix
        .records
        .iter()
        .find(|r| r["u"] == "briefings/2023-11-04-evil/index.html")
        .unwrap();
    assert_eq!(rec["t"], "</script><script>alert(1)</script>");
}
