//! The offline search index.
//!
//! Readers may open the site from disk, where a page cannot `fetch` files, so
//! every part of the index is a script that hands its data to the search page
//! (`theme/search.js`) when a `<script>` tag loads it. The index is split so a
//! query loads only what it needs:
//!
//! - `search/index.js`: the manifest, with the number of documents and the
//!   first term of every chunk;
//! - `search/t/N.js`: the chunks, terms in sorted order, each term with its
//!   postings (which documents hold it, and how strongly);
//! - `search/d/N.js`: one small record per document (title, address, a
//!   summary and an excerpt for the snippet), loaded only for the results
//!   shown.
//!
//! Words are lower-cased runs of letters and digits. Text in scripts written
//! without spaces between words (Hangul, Han, kana) is cut into overlapping
//! pairs of characters, so a Korean word is found inside a longer one
//! (`정의` in `전환기정의워킹그룹`). `search.js` cuts the query the same way.

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Archive;
use crate::render::views::{date_display, wave_dates};
use crate::render::{OutputFile, Page};

/// A chunk is closed once its postings pass this many bytes. A term whose
/// postings alone are larger gets a chunk of its own.
pub const CHUNK_BYTES: usize = 12 * 1024;

/// The longest excerpt of a body kept for snippets, in characters.
pub const EXCERPT_CHARS: usize = 1500;

/// Terms longer than this (in characters) are not indexed: they are hashes,
/// addresses and other strings nobody types.
const MAX_TERM_CHARS: usize = 40;

/// Whether a character belongs to a script written without spaces between
/// words, which is indexed by pairs of characters.
pub fn is_paired(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3400..=0x4DBF    // Han, extension A
        | 0x4E00..=0x9FFF    // Han
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xD7B0..=0xD7FF    // Hangul Jamo extended B
        | 0xF900..=0xFAFF    // Han compatibility
        | 0x20000..=0x2FFFF) // Han, supplementary
}

/// Folds an English plural onto its singular, so `returns` finds `return`
/// and `authorities` finds `authority`. Only words of plain ASCII letters,
/// four or more, are touched.
pub fn stem(word: &mut String) {
    let b = word.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return;
    }
    if word.ends_with("ies") && b.len() > 4 {
        word.truncate(b.len() - 3);
        word.push('y');
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word.truncate(b.len() - 1);
    }
}

/// Calls `emit` with every term of `text`, in order. The rules are
/// mirrored in `search.js`.
pub fn terms(text: &str, mut emit: impl FnMut(&str)) {
    let lower = text.to_lowercase();
    let mut word = String::new();
    let mut paired: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, emit: &mut dyn FnMut(&str)| {
        let n = word.chars().count();
        if n > 1 && n <= MAX_TERM_CHARS || n == 1 && word.chars().all(|c| c.is_numeric()) {
            stem(word);
            emit(word);
        }
        word.clear();
    };
    let flush_paired = |paired: &mut Vec<char>, emit: &mut dyn FnMut(&str)| {
        let mut buf = String::new();
        if paired.len() == 1 {
            buf.push(paired[0]);
            emit(&buf);
        }
        for w in paired.windows(2) {
            buf.clear();
            buf.push(w[0]);
            buf.push(w[1]);
            emit(&buf);
        }
        paired.clear();
    };
    for c in lower.chars() {
        if is_paired(c) {
            flush_word(&mut word, &mut emit);
            paired.push(c);
        } else if c.is_alphanumeric() {
            flush_paired(&mut paired, &mut emit);
            word.push(c);
        } else {
            flush_word(&mut word, &mut emit);
            flush_paired(&mut paired, &mut emit);
        }
    }
    flush_word(&mut word, &mut emit);
    flush_paired(&mut paired, &mut emit);
}

/// One searchable page.
struct Doc<'a> {
    /// Briefing, Wave, Actor or Source.
    kind: &'static str,
    /// Path under the site root.
    url: String,
    title: &'a str,
    /// Other names (an actor's aliases), weighted like the title.
    names: Vec<&'a str>,
    /// A line under the title: date, kind, publisher.
    meta: String,
    summary: &'a str,
    body: &'a str,
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn docs(a: &Archive) -> Vec<Doc<'_>> {
    let mut out =
        Vec::with_capacity(a.briefings.len() + a.waves.len() + a.actors.len() + a.sources.len());
    for (i, b) in a.briefings.iter().enumerate() {
        let d = &b.data;
        let mut meta = date_display(d.date.day);
        if !d.authors.is_empty() {
            meta.push_str(" · ");
            meta.push_str(&d.authors.join(", "));
        }
        out.push(Doc {
            kind: "Briefing",
            url: Page::Briefing(i).path(a),
            title: &d.title,
            names: strs(&d.tags),
            meta,
            summary: d.summary.as_deref().unwrap_or_default(),
            body: &b.body.text,
        });
    }
    for (i, w) in a.waves.iter().enumerate() {
        let d = &w.data;
        let mut meta = wave_dates(d.date.day, d.end_date);
        if !d.locations.is_empty() {
            meta.push_str(" · ");
            meta.push_str(&d.locations.join(", "));
        }
        out.push(Doc {
            kind: "Wave",
            url: Page::Wave(i).path(a),
            title: &d.title,
            names: strs(&d.locations),
            meta,
            summary: d.summary.as_deref().unwrap_or_default(),
            body: &w.body.text,
        });
    }
    for (i, x) in a.actors.iter().enumerate() {
        let d = &x.data;
        let mut meta = actor_kind(&d.kind).to_string();
        if !d.aliases.is_empty() {
            meta.push_str(" · also ");
            meta.push_str(&d.aliases.join(", "));
        }
        out.push(Doc {
            kind: "Actor",
            url: Page::Actor(i).path(a),
            title: &d.name,
            names: strs(&d.aliases),
            meta,
            summary: d.summary.as_deref().unwrap_or_default(),
            body: &x.body.text,
        });
    }
    for (i, s) in a.sources.iter().enumerate() {
        let d = &s.data;
        let meta = format!("{} · {}", d.publisher, date_display(d.date.day));
        let mut names = vec![d.publisher.as_str()];
        names.extend(d.authors.iter().map(String::as_str));
        out.push(Doc {
            kind: "Source",
            url: Page::Source(i).path(a),
            title: &d.title,
            names,
            meta,
            summary: "",
            body: &s.body.text,
        });
    }
    out
}

/// An actor's kind in words, for the line under a result.
fn actor_kind(kind: &str) -> &str {
    match kind {
        "government" => "Government",
        "ministry" => "Ministry or agency",
        "un" => "United Nations",
        "ngo" => "Non-governmental organisation",
        "media" => "Media",
        "person" => "Person",
        "other" => "Other",
        k => k,
    }
}

/// Hits of one term in one document, by field.
#[derive(Default, Clone, Copy)]
struct Hits {
    title: u32,
    names: u32,
    summary: u32,
    body: u32,
}

impl Hits {
    /// The weight of a term in a document, 1..=63: a word of the title or
    /// of a name counts most, then the summary, then the body.
    fn weight(self) -> u8 {
        let w = 24 * self.title.min(1)
            + 16 * self.names.min(1)
            + 6 * self.summary.min(2)
            + self.body.min(15);
        w.clamp(1, 63) as u8
    }
}

fn doc_terms(d: &Doc) -> Vec<(String, u8)> {
    let mut hits: HashMap<String, Hits> = HashMap::new();
    let mut count = |text: &str, field: fn(&mut Hits) -> &mut u32| {
        terms(text, |t| {
            let h = match hits.get_mut(t) {
                Some(h) => h,
                None => hits.entry(t.to_string()).or_default(),
            };
            *field(h) += 1;
        });
    };
    count(d.title, |h| &mut h.title);
    for n in &d.names {
        count(n, |h| &mut h.names);
    }
    count(d.summary, |h| &mut h.summary);
    count(d.body, |h| &mut h.body);
    hits.into_iter().map(|(t, h)| (t, h.weight())).collect()
}

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a little-endian base-64 varint: five bits a digit, the
/// sixth set on every digit but the last.
fn push_varint(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low | 32] as char);
    }
}

/// Postings as text: for each document, in increasing order, the gap from
/// the previous one (the first counts from -1) as a varint, then its weight
/// as one digit.
fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 3);
    let mut prev: i64 = -1;
    for &(doc, w) in postings {
        push_varint(&mut out, (i64::from(doc) - prev) as u32);
        out.push(DIGITS[usize::from(w & 63)] as char);
        prev = i64::from(doc);
    }
    out
}

/// Compares as JavaScript compares strings (by UTF-16 code units), so that
/// the browser finds a term's chunk by the same order.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The whole-text string literal of `s` for a script.
fn js_string(s: &str) -> String {
    script_safe(serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()))
}

fn js_value<T: Serialize>(v: &T) -> String {
    script_safe(serde_json::to_string(v).unwrap_or_else(|_| "null".into()))
}

/// JSON is JavaScript but for two line separators; and no `<` is left, so
/// no text from content can look like markup, even if a page inlines it.
/// (In JSON, `<` and the separators only occur inside strings.)
fn script_safe(json: String) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Cuts `text` to at most `max` characters, at a space when there is one
/// near the end, with an ellipsis.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(max) {
        None => text,
        Some((end, _)) => {
            let cut = &text[..end];
            let cut = match cut.rfind(' ') {
                Some(sp) if sp > end / 2 => &cut[..sp],
                _ => cut,
            };
            format!("{cut}…")
        }
    }
}

#[derive(Serialize)]
struct DocRecord<'a> {
    /// Kind.
    k: &'a str,
    /// Title.
    t: &'a str,
    /// Address under the site root.
    u: &'a str,
    /// Meta line.
    m: &'a str,
    /// Summary.
    s: &'a str,
    /// Excerpt of the body.
    x: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// Number of documents.
    n: usize,
    /// First term of each chunk.
    c: Vec<&'a str>,
    /// Documents by kind, for the status line.
    kinds: [(&'static str, usize); 4],
}

/// What the index is made of, for reports and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Chunk files.
    pub chunks: usize,
    /// Bytes of the manifest.
    pub manifest_bytes: usize,
    /// Bytes of the largest chunk.
    pub largest_chunk: usize,
    /// Bytes of the largest document record.
    pub largest_doc: usize,
    /// Files written.
    pub files: usize,
}

/// Builds the index files, with paths under the output folder, and hands
/// each to `sink` (in parallel). Returns what the index is made of, or the
/// sink's errors.
pub fn index(
    a: &Archive,
    sink: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
) -> Result<Stats, Vec<Diagnostic>> {
    let docs = docs(a);
    // Postings in document order, so each list is sorted by document. The
    // documents are cut into parallel blocks, merged one at a time, to keep
    // the memory of large archives low.
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    for (b, block) in docs.chunks(1024).enumerate() {
        let per_doc: Vec<Vec<(String, u8)>> = block.par_iter().map(doc_terms).collect();
        for (k, ts) in per_doc.into_iter().enumerate() {
            let d = (b * 1024 + k) as u32;
            for (t, w) in ts {
                match postings.get_mut(&t) {
                    Some(p) => p.push((d, w)),
                    None => {
                        postings.insert(t, vec![(d, w)]);
                    }
                }
            }
        }
    }
    let mut terms: Vec<(String, Vec<(u32, u8)>)> = postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));
    let encoded: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|(t, p)| {
            let e = encode_postings(&p);
            (t, e)
        })
        .collect();

    // Cut the sorted terms into chunks of about CHUNK_BYTES.
    let mut files = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut body = String::new();
    let mut stats = Stats {
        docs: docs.len(),
        terms: encoded.len(),
        ..Stats::default()
    };
    let mut close = |body: &mut String, files: &mut Vec<OutputFile>, n: usize| {
        let text = format!("girokSearch.t({n},{{{body}}});\n");
        stats.largest_chunk = stats.largest_chunk.max(text.len());
        files.push(OutputFile {
            path: format!("search/t/{n}.js"),
            bytes: text.into_bytes(),
        });
        body.clear();
    };
    for (t, p) in &encoded {
        if !body.is_empty() && body.len() + t.len() + p.len() > CHUNK_BYTES {
            close(&mut body, &mut files, firsts.len() - 1);
        }
        if body.is_empty() {
            firsts.push(t);
        } else {
            body.push(',');
        }
        let _ = write!(body, "{}:\"{p}\"", js_string(t));
    }
    if !body.is_empty() {
        close(&mut body, &mut files, firsts.len() - 1);
    }
    stats.chunks = firsts.len();

    let written: Vec<Result<usize, Diagnostic>> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let rec = DocRecord {
                k: d.kind,
                t: d.title,
                u: &d.url,
                m: &d.meta,
                s: d.summary,
                x: excerpt(d.body, EXCERPT_CHARS),
            };
            let f = OutputFile {
                path: format!("search/d/{i}.js"),
                bytes: format!("girokSearch.d({i},{});\n", js_value(&rec)).into_bytes(),
            };
            sink(&f).map(|()| f.bytes.len())
        })
        .collect();
    let mut errors = Vec::new();
    for w in written {
        match w {
            Ok(n) => stats.largest_doc = stats.largest_doc.max(n),
            Err(d) => errors.push(d),
        }
    }

    let manifest = Manifest {
        v: 1,
        n: docs.len(),
        c: firsts,
        kinds: [
            ("Briefing", a.briefings.len()),
            ("Wave", a.waves.len()),
            ("Actor", a.actors.len()),
            ("Source", a.sources.len()),
        ],
    };
    let text = format!("girokSearch.i({});\n", js_value(&manifest));
    stats.manifest_bytes = text.len();
    files.push(OutputFile {
        path: "search/index.js".into(),
        bytes: text.into_bytes(),
    });
    stats.files = files.len() + docs.len();
    errors.extend(
        files
            .par_iter()
            .filter_map(|f| sink(f).err())
            .collect::<Vec<_>>(),
    );
    if errors.is_empty() {
        Ok(stats)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        terms(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn words_are_lowercased_and_single_letters_dropped() {
        assert_eq!(
            all("China's Foreign-Ministry, 2 of 600!"),
            ["china", "foreign", "ministry", "2", "of", "600"]
        );
        assert_eq!(
            all("Returns, authorities, press, status, Jilin's US"),
            ["return", "authority", "press", "status", "jilin", "us"]
        );
    }

    #[test]
    fn hangul_is_cut_into_pairs() {
        assert_eq!(
            all("전환기정의 TJWG"),
            ["전환", "환기", "기정", "정의", "tjwg"]
        );
        assert_eq!(all("북 and 한국어"), ["북", "and", "한국", "국어"]);
        // A Hangul run next to Latin letters is its own run.
        assert_eq!(all("UN인권"), ["un", "인권"]);
    }

    #[test]
    fn varints_round_trip() {
        fn decode(s: &str) -> Vec<(u32, u8)> {
            let digit = |c: u8| DIGITS.iter().position(|&d| d == c).unwrap() as u32;
            let b = s.as_bytes();
            let (mut i, mut prev, mut out) = (0, -1i64, Vec::new());
            while i < b.len() {
                let (mut n, mut shift) = (0u32, 0);
                loop {
                    let d = digit(b[i]);
                    i += 1;
                    n |= (d & 31) << shift;
                    shift += 5;
                    if d & 32 == 0 {
                        break;
                    }
                }
                let doc = prev + i64::from(n);
                out.push((doc as u32, digit(b[i]) as u8));
                i += 1;
                prev = doc;
            }
            out
        }
        let p = vec![(0, 1), (1, 63), (31, 5), (32, 7), (1100, 2), (70000, 9)];
        assert_eq!(decode(&encode_postings(&p)), p);
    }

    #[test]
    fn weights_favour_titles_and_stay_in_range() {
        let title = Hits {
            title: 1,
            ..Hits::default()
        };
        let body = Hits {
            body: 3,
            ..Hits::default()
        };
        assert!(title.weight() > body.weight());
        let lots = Hits {
            title: 9,
            names: 9,
            summary: 9,
            body: 900,
        };
        assert_eq!(lots.weight(), 63);
        assert_eq!(Hits::default().weight(), 1);
    }

    #[test]
    fn order_is_javascripts() {
        // U+FF41 (fullwidth a) sorts after U+1F600 by code point, but
        // before it in UTF-16.
        assert_eq!(
            js_order("\u{FF41}", "\u{1F600}"),
            std::cmp::Ordering::Greater
        );
        assert_eq!("\u{FF41}".cmp("\u{1F600}"), std::cmp::Ordering::Less);
    }

    #[test]
    fn excerpts_end_at_a_space() {
        let e = excerpt("one two three four five six", 12);
        assert_eq!(e, "one two…");
        assert_eq!(excerpt("short", 12), "short");
    }
}
