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
//! - `search/d/N.js`: the records of documents `N * RECORDS_PER_FILE` and
//!   the next few (title, address, a summary and an excerpt for the
//!   snippet), loaded only for the results shown. Records go a few to a
//!   file: a site is mostly small files, and a file costs to write, to copy
//!   to a USB stick and to hold in a folder (FAT32 takes about 65,000).
//!
//! Words are lower-cased runs of letters and digits. Text in scripts written
//! without spaces between words (Hangul, Han, kana) is cut into overlapping
//! pairs of characters, so a Korean word is found inside a longer one
//! (`정의` in `전환기정의워킹그룹`). `search.js` cuts the query the same way.

use std::borrow::Cow;
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

/// Records in each `search/d/N.js` file. A page of results loads at most
/// ten such files of a few kilobytes.
pub const RECORDS_PER_FILE: usize = 2;

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
    let (kept, y) = stem_parts(word);
    let kept = kept.len();
    word.truncate(kept);
    if y {
        word.push('y');
    }
}

/// What [`stem`] keeps of `word`, and whether it then adds a `y`.
fn stem_parts(word: &str) -> (&str, bool) {
    let b = word.as_bytes();
    // Only a word ending in `s` changes; most words are done with here.
    if b.len() < 4 || b.last() != Some(&b's') || !b.iter().all(u8::is_ascii_lowercase) {
        return (word, false);
    }
    if word.ends_with("ies") && b.len() > 4 {
        (&word[..b.len() - 3], true)
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        (&word[..b.len() - 1], false)
    } else {
        (word, false)
    }
}

/// A term as [`scan`] finds it in lower-cased text: a slice of the text, or
/// a slice to which a `y` is added (a plural in `-ies`, folded by [`stem`]).
/// Keeping it a slice lets a document's terms be counted without copying
/// each one.
#[derive(Clone, Copy)]
enum Term<'a> {
    Slice(&'a str),
    PlusY(&'a str),
}

/// The term of a word of `chars` characters, stemmed, if it is one to index.
#[inline(always)]
fn word_term(word: &str, chars: usize) -> Option<Term<'_>> {
    let wanted =
        chars > 1 && chars <= MAX_TERM_CHARS || chars == 1 && word.chars().all(|c| c.is_numeric());
    if !wanted {
        return None;
    }
    Some(match stem_parts(word) {
        (kept, false) => Term::Slice(kept),
        (kept, true) => Term::PlusY(kept),
    })
}

/// `text` lower-cased as `str::to_lowercase` does it, borrowed when it
/// already is.
///
/// `str::to_lowercase` goes a character at a time, looking each up in a
/// table, from the first one that is not ASCII, and most bodies have one
/// near the start. Here runs of ASCII are lower-cased a byte at a time, and
/// characters of the paired scripts, which have no case, are copied. Only a
/// capital sigma makes a character's lower case depend on its neighbours
/// (a final `ς`); text with one is left to `str::to_lowercase`.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
    }
    if text.contains('Σ') {
        return Cow::Owned(text.to_lowercase());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = ascii_prefix(rest.as_bytes());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        // The run of other characters: those of the paired scripts are
        // copied as they are, a stretch at a time.
        let (mut copied, mut end) = (0, rest.len());
        for (i, c) in rest.char_indices() {
            if c.is_ascii() {
                end = i;
                break;
            }
            if !is_paired(c) {
                out.push_str(&rest[copied..i]);
                out.extend(c.to_lowercase());
                copied = i + c.len_utf8();
            }
        }
        out.push_str(&rest[copied..end]);
        rest = &rest[end..];
    }
    Cow::Owned(out)
}

/// How many bytes at the start of `bytes` are ASCII, read eight at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    use crate::lanes::{word_at, HI};
    let mut i = 0;
    while let Some(word) = bytes.get(i..).and_then(word_at) {
        if word & HI != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i
}

/// Which bytes are ASCII letters and digits, looked up rather than worked
/// out: the test runs for nearly every byte of every text indexed.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Calls `emit` with every term of `lower`, already lower-cased, in order.
/// Runs of ASCII letters and digits, most of any text, are read a byte at a
/// time; other characters are decoded and classed one by one.
fn scan<'a>(lower: &'a str, mut emit: impl FnMut(Term<'a>)) {
    let bytes = lower.as_bytes();
    // The word being read: where it starts, and its characters so far.
    let mut word: Option<(usize, usize)> = None;
    // The run of paired characters being read: where its last character
    // starts, and whether that is the only one.
    let mut paired: Option<(usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if ALNUM[usize::from(b)] {
            let mut j = i + 1;
            while j < bytes.len() && ALNUM[usize::from(bytes[j])] {
                j += 1;
            }
            end_paired(lower, &mut paired, i, &mut emit);
            match &mut word {
                Some((_, chars)) => *chars += j - i,
                None => word = Some((i, j - i)),
            }
            i = j;
            continue;
        }
        if b.is_ascii() {
            end_word(lower, &mut word, i, &mut emit);
            end_paired(lower, &mut paired, i, &mut emit);
            i += 1;
            continue;
        }
        let Some(c) = lower[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        if is_paired(c) {
            end_word(lower, &mut word, i, &mut emit);
            if let Some((last, _)) = paired {
                emit(Term::Slice(&lower[last..next]));
            }
            paired = Some((i, paired.is_none()));
        } else if c.is_alphanumeric() {
            end_paired(lower, &mut paired, i, &mut emit);
            match &mut word {
                Some((_, chars)) => *chars += 1,
                None => word = Some((i, 1)),
            }
        } else {
            end_word(lower, &mut word, i, &mut emit);
            end_paired(lower, &mut paired, i, &mut emit);
        }
        i = next;
    }
    end_word(lower, &mut word, bytes.len(), &mut emit);
    end_paired(lower, &mut paired, bytes.len(), &mut emit);
}

/// Ends the word being read, if any, at byte `end` of `lower`.
#[inline(always)]
fn end_word<'a>(
    lower: &'a str,
    word: &mut Option<(usize, usize)>,
    end: usize,
    emit: &mut impl FnMut(Term<'a>),
) {
    if let Some((start, chars)) = word.take() {
        if let Some(t) = word_term(&lower[start..end], chars) {
            emit(t);
        }
    }
}

/// Ends the run of paired characters being read, if any, at byte `end` of
/// `lower`. A run of one character is a term of its own; longer runs gave
/// their pairs as they were read.
#[inline]
fn end_paired<'a>(
    lower: &'a str,
    paired: &mut Option<(usize, bool)>,
    end: usize,
    emit: &mut impl FnMut(Term<'a>),
) {
    if let Some((last, true)) = paired.take() {
        emit(Term::Slice(&lower[last..end]));
    }
}

/// Calls `emit` with every term of `text`, in order. The rules are
/// mirrored in `search.js`.
pub fn terms(text: &str, mut emit: impl FnMut(&str)) {
    let lower = lowercase(text);
    let mut buf = String::new();
    scan(&lower, |t| match t {
        Term::Slice(s) => emit(s),
        Term::PlusY(kept) => {
            buf.clear();
            buf.push_str(kept);
            buf.push('y');
            emit(&buf);
        }
    });
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
    /// The body as plain text (empty when the texts are handed over).
    text: &'a str,
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
            text: &b.body.text,
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
            text: &w.body.text,
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
            text: &x.body.text,
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
            text: &s.body.text,
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

    /// Adds the hits of `o`, the same term written another way.
    fn add(&mut self, o: Hits) {
        self.title += o.title;
        self.names += o.names;
        self.summary += o.summary;
        self.body += o.body;
    }
}

/// A hash of a term's bytes for the index's own tables: quick for the
/// short strings most terms are, which take one step (their keys come from
/// the archive, and nothing depends on their order: terms are sorted
/// before use).
fn term_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(word));
    }
    // The last few bytes as one word, read as two overlapping halves, or
    // the first, middle and last byte, which between them hold every byte
    // (the length is in the hash already).
    let rest = chunks.remainder();
    let n = rest.len();
    let word = match (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        (Some(&lo), Some(&hi)) => {
            u64::from(u32::from_le_bytes(lo)) | u64::from(u32::from_le_bytes(hi)) << 32
        }
        _ if n > 0 => {
            u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
        }
        _ => return h,
    };
    mix(h, word)
}

/// Whether `a`, hashed `ha`, is `b`, hashed `hb`. Terms of up to eight
/// bytes are told apart by their hashes and lengths alone: [`term_hash`]
/// gives each such term of a length a hash of its own, as it mixes the
/// length and one word holding every byte, and both steps of the mix are
/// one-to-one. Longer terms are compared byte by byte, which for the few
/// bytes of a word costs less than a call to `memcmp`.
#[inline]
fn same_term(a: &str, ha: u64, b: &str, hb: u64) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    ha == hb && a.len() == b.len() && (a.len() <= 8 || a.iter().zip(b).all(|(x, y)| x == y))
}

/// The slots of an open-addressing table of terms kept in a `Vec` beside
/// it: each slot is empty (0), or holds bits of a term's hash (high half)
/// and one more than the term's place in the `Vec` (low half). Comparing
/// those bits first spares most comparisons of terms that only share a
/// slot.
struct Slots {
    slots: Vec<u64>,
    /// How far a hash is shifted down to give its first slot: the table's
    /// size is `1 << (64 - shift)`, and the top bits are the hash's best.
    shift: u32,
}

/// Where a term's search in [`Slots`] ended.
enum Probe {
    Found(usize),
    Free(usize),
}

impl Slots {
    /// A table with room for `n` terms before it grows.
    fn new(n: usize) -> Slots {
        let size = (2 * n).next_power_of_two().max(16);
        Slots {
            slots: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    fn tag(hash: u64) -> u64 {
        hash << 32
    }

    /// Looks for the term hashed `hash`; `is` tells whether the term at a
    /// place in the `Vec` is the one sought.
    #[inline]
    fn probe(&self, hash: u64, mut is: impl FnMut(usize) -> bool) -> Probe {
        let mask = self.slots.len() - 1;
        let tag = Self::tag(hash);
        let mut i = (hash >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return Probe::Free(i);
            }
            if s & !0xFFFF_FFFF == tag {
                let at = (s & 0xFFFF_FFFF) as usize - 1;
                if is(at) {
                    return Probe::Found(at);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts the term at place `at` of the `Vec` in free slot `slot`, and
    /// says whether the table is now full enough to grow.
    fn fill(&mut self, slot: usize, hash: u64, at: usize) -> bool {
        self.slots[slot] = Self::tag(hash) | (at as u64 + 1);
        2 * (at + 1) > self.slots.len()
    }

    /// The table twice as large, the terms' hashes being `hashes`.
    fn grow(&mut self, hashes: impl Iterator<Item = u64>) {
        let mut bigger = Slots::new(self.slots.len());
        let mask = bigger.slots.len() - 1;
        for (at, h) in hashes.enumerate() {
            let mut i = (h >> bigger.shift) as usize;
            while bigger.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            bigger.slots[i] = Self::tag(h) | (at as u64 + 1);
        }
        *self = bigger;
    }
}

/// Every term met so far, each with a number, and the postings of each
/// number. Terms are numbered as they are first met; the numbers only link
/// the two halves and never show in the output.
struct Dictionary {
    slots: Slots,
    /// The terms by number, with their hashes.
    terms: Vec<(Box<str>, u64)>,
    postings: Vec<Postings>,
}

impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary {
            slots: Slots::new(1024),
            terms: Vec::new(),
            postings: Vec::new(),
        }
    }
}

impl Dictionary {
    /// The number of `term`, hashed `hash`, if it has one.
    fn get(&self, term: &str, hash: u64) -> Option<u32> {
        match self.slots.probe(hash, |at| {
            let (t, h) = &self.terms[at];
            same_term(t, *h, term, hash)
        }) {
            Probe::Found(at) => Some(at as u32),
            Probe::Free(_) => None,
        }
    }

    /// The number of `term`, given it one if it had none.
    fn id(&mut self, term: Box<str>, hash: u64) -> u32 {
        let terms = &self.terms;
        match self
            .slots
            .probe(hash, |at| same_term(&terms[at].0, terms[at].1, &term, hash))
        {
            Probe::Found(at) => at as u32,
            Probe::Free(slot) => {
                let at = self.terms.len();
                self.terms.push((term, hash));
                self.postings.push(Postings::default());
                if self.slots.fill(slot, hash, at) {
                    self.slots.grow(self.terms.iter().map(|t| t.1));
                }
                at as u32
            }
        }
    }
}

/// A document's distinct terms with their weights: those the dictionary
/// already held when the document was read, by number, and the others,
/// with their hashes.
#[derive(Default)]
struct DocTerms {
    known: Vec<(u32, u8)>,
    new: Vec<(Box<str>, u64, u8)>,
}

/// A term of a document, as a slice of one of its lower-cased fields, with
/// its hits.
struct Counted<'a> {
    term: &'a str,
    /// A plural in `-ies`: the term is what is kept before the `y`.
    plus_y: bool,
    /// The hash of `term`'s bytes.
    hash: u64,
    hits: Hits,
}

/// Hits of each distinct term of a document, the terms being slices of its
/// lower-cased fields.
struct Counts<'a> {
    slots: Slots,
    terms: Vec<Counted<'a>>,
}

/// Sets the slots of plurals in `-ies` apart from those of the same letters
/// taken as they are.
const PLUS_Y: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash a term hashed `hash` is given a slot by.
fn slot_hash(hash: u64, plus_y: bool) -> u64 {
    hash ^ if plus_y { PLUS_Y } else { 0 }
}

impl<'a> Counts<'a> {
    fn new(n: usize) -> Counts<'a> {
        Counts {
            slots: Slots::new(n),
            terms: Vec::with_capacity(n),
        }
    }

    /// The hits of `term`, counted from none if it is new.
    #[inline(always)]
    fn hits(&mut self, term: &'a str, plus_y: bool) -> &mut Hits {
        let hash = term_hash(term.as_bytes());
        let terms = &self.terms;
        let at = match self.slots.probe(slot_hash(hash, plus_y), |at| {
            let t = &terms[at];
            t.plus_y == plus_y && same_term(t.term, t.hash, term, hash)
        }) {
            Probe::Found(at) => at,
            Probe::Free(slot) => {
                let at = self.terms.len();
                self.terms.push(Counted {
                    term,
                    plus_y,
                    hash,
                    hits: Hits::default(),
                });
                if self.slots.fill(slot, slot_hash(hash, plus_y), at) {
                    let hashes = self.terms.iter().map(|t| slot_hash(t.hash, t.plus_y));
                    self.slots.grow(hashes);
                }
                at
            }
        };
        &mut self.terms[at].hits
    }

    /// Counts the terms of `lower` in the field `field` picks.
    fn count(&mut self, lower: &'a str, field: impl Fn(&mut Hits) -> &mut u32) {
        scan(lower, |t| {
            let h = match t {
                Term::Slice(s) => self.hits(s, false),
                Term::PlusY(kept) => self.hits(kept, true),
            };
            *field(h) += 1;
        });
    }

    /// The counted term `term`, as it is written, if any.
    fn find(&self, term: &str, hash: u64) -> Option<usize> {
        match self.slots.probe(hash, |at| {
            let t = &self.terms[at];
            !t.plus_y && same_term(t.term, t.hash, term, hash)
        }) {
            Probe::Found(at) => Some(at),
            Probe::Free(_) => None,
        }
    }
}

/// The distinct terms of a document, its body being `text`, with their
/// weights. Terms are counted as slices of the lower-cased fields, so only
/// a term the dictionary does not hold yet is copied.
fn doc_terms(d: &Doc, text: &str, dict: &Dictionary) -> DocTerms {
    let title = lowercase(d.title);
    let names: Vec<Cow<str>> = d.names.iter().map(|n| lowercase(n)).collect();
    let summary = lowercase(d.summary);
    let body = lowercase(text);
    // About one distinct term for every 12 bytes of a long text.
    let size = (title.len() + summary.len() + body.len()) / 12;
    let mut c = Counts::new(size.clamp(16, 8192));
    c.count(&title, |h| &mut h.title);
    for n in &names {
        c.count(n, |h| &mut h.names);
    }
    c.count(&summary, |h| &mut h.summary);
    c.count(&body, |h| &mut h.body);

    // A folded plural joins the same word written singular, if any.
    let mut plurals = Vec::new();
    let mut word = String::new();
    for k in 0..c.terms.len() {
        if !c.terms[k].plus_y {
            continue;
        }
        word.clear();
        word.push_str(c.terms[k].term);
        word.push('y');
        let hash = term_hash(word.as_bytes());
        let h = c.terms[k].hits;
        match c.find(&word, hash) {
            Some(p) => c.terms[p].hits.add(h),
            None => plurals.push((word.clone(), hash, h)),
        }
    }
    let mut out = DocTerms {
        known: Vec::with_capacity(c.terms.len()),
        new: Vec::new(),
    };
    let mut add = |term: &str, hash: u64, h: Hits| match dict.get(term, hash) {
        Some(id) => out.known.push((id, h.weight())),
        None => out.new.push((term.into(), hash, h.weight())),
    };
    for t in c.terms.iter().filter(|t| !t.plus_y) {
        add(t.term, t.hash, t.hits);
    }
    for (w, hash, h) in plurals {
        add(&w, hash, h);
    }
    out
}

/// What reading the documents gives: every term with its postings,
/// encoded, in no particular order, and for each record file the size it
/// was written with or why it could not be written.
type Read = (Vec<(String, String)>, Vec<Result<usize, Diagnostic>>);

/// Reads the documents in blocks. Within a block, in parallel, each
/// document's body is made plain text once, its terms are counted and
/// looked up in the dictionary, and each group of [`RECORDS_PER_FILE`]
/// documents has its records written with `sink`; then the block's
/// postings are added in document order, which is cheap as terms are
/// mostly numbers by then. Postings are encoded as they come, which keeps
/// the memory of large archives low.
fn read_docs(
    docs: &[Doc],
    texts: Option<Vec<String>>,
    sink: &(impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Read {
    // About 256 documents, a whole number of record files, so that no
    // file straddles two blocks.
    const BLOCK: usize = RECORDS_PER_FILE * (256 / RECORDS_PER_FILE);
    let mut dict = Dictionary::default();
    let mut records = Vec::with_capacity(docs.len().div_ceil(RECORDS_PER_FILE));
    let mut texts = texts.map(Vec::into_iter);
    for (b, block) in docs.chunks(BLOCK).enumerate() {
        let known = &dict;
        // Texts handed over are let go block by block, once indexed.
        let owned: Option<Vec<String>> = texts
            .as_mut()
            .map(|t| t.by_ref().take(block.len()).collect());
        let text = |k: usize| match &owned {
            Some(o) => o.get(k).map_or("", String::as_str),
            None => block.get(k).map_or("", |d| d.text),
        };
        let read: Vec<(Vec<DocTerms>, Result<usize, Diagnostic>)> = block
            .par_chunks(RECORDS_PER_FILE)
            .enumerate()
            .map(|(g, group)| {
                let first = g * RECORDS_PER_FILE;
                let record = write_records(
                    (b * BLOCK + first) / RECORDS_PER_FILE,
                    group.iter().enumerate().map(|(k, d)| (d, text(first + k))),
                    sink,
                );
                let terms = group
                    .iter()
                    .enumerate()
                    .map(|(k, d)| doc_terms(d, text(first + k), known))
                    .collect();
                (terms, record)
            })
            .collect();
        let mut doc = (b * BLOCK) as u32;
        for (terms, record) in read {
            for ts in terms {
                for (id, w) in ts.known {
                    dict.postings[id as usize].push(doc, w);
                }
                for (t, hash, w) in ts.new {
                    let id = dict.id(t, hash);
                    dict.postings[id as usize].push(doc, w);
                }
                doc += 1;
            }
            records.push(record);
        }
    }
    let terms = dict
        .terms
        .into_iter()
        .zip(dict.postings)
        .map(|((t, _), p)| (String::from(t), p.text))
        .collect();
    (terms, records)
}

/// Writes record file `n`, with the records of `docs` (each with its body
/// as plain text); returns its size.
fn write_records<'d, 'a: 'd>(
    n: usize,
    docs: impl Iterator<Item = (&'d Doc<'a>, &'d str)>,
    sink: &impl Fn(&OutputFile) -> Result<(), Diagnostic>,
) -> Result<usize, Diagnostic> {
    // The records as serde_json writes a list of objects with the fields
    // k (kind), t (title), u (address under the site root), m (meta line),
    // s (summary) and x (excerpt of the body), made safe for a script.
    let mut text = String::with_capacity(4096);
    let _ = write!(text, "girokSearch.d({n},[");
    for (k, (d, body)) in docs.enumerate() {
        if k > 0 {
            text.push(',');
        }
        let excerpt = excerpt(body, EXCERPT_CHARS);
        let fields = [
            ("{\"k\":", d.kind),
            (",\"t\":", d.title),
            (",\"u\":", d.url.as_str()),
            (",\"m\":", d.meta.as_str()),
            (",\"s\":", d.summary),
            (",\"x\":", excerpt.as_str()),
        ];
        for (name, value) in fields {
            text.push_str(name);
            push_js_string(&mut text, value);
        }
        text.push('}');
    }
    text.push_str("]);\n");
    let f = OutputFile {
        path: format!("search/d/{n}.js"),
        bytes: text.into_bytes(),
    };
    sink(&f).map(|()| f.bytes.len())
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

/// Postings as text, written as documents are added in increasing order:
/// for each document, the gap from the previous one (the first counts from
/// -1) as a varint, then its weight as one digit.
#[derive(Default)]
struct Postings {
    last: Option<u32>,
    text: String,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u8) {
        let prev = self.last.map_or(-1, i64::from);
        push_varint(&mut self.text, (i64::from(doc) - prev) as u32);
        self.text.push(DIGITS[usize::from(weight & 63)] as char);
        self.last = Some(doc);
    }
}

/// `postings` (documents in increasing order) as text.
#[cfg(test)]
fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut p = Postings::default();
    for &(doc, w) in postings {
        p.push(doc, w);
    }
    p.text
}

/// Compares as JavaScript compares strings (by UTF-16 code units), so that
/// the browser finds a term's chunk by the same order.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Appends `s` as a string literal for a script: serde_json's string,
/// with `<` and the two line separators then escaped ([`script_safe`]).
/// Record files hold 36 MB of text at 10,000 briefings: it is read eight
/// bytes at a time, where serde_json looks up every byte.
fn push_js_string(out: &mut String, s: &str) {
    use crate::publish::{json_escape, push_json_string, Escape};
    push_json_string(out, s, js_special, |rest| match rest {
        [b'<', ..] => Some((Escape::Text("\\u003c"), 1)),
        // U+2028 and U+2029, in UTF-8.
        [0xE2, 0x80, 0xA8, ..] => Some((Escape::Text("\\u2028"), 3)),
        [0xE2, 0x80, 0xA9, ..] => Some((Escape::Text("\\u2029"), 3)),
        [b, ..] => Some((json_escape(*b)?, 1)),
        [] => None,
    });
}

/// The high bit of every byte of `word` that [`push_js_string`] may
/// escape: below 0x20, `"`, `\\`, `<`, and 0xE2, which starts the line
/// separators. Exact for the lowest such byte, as `lanes` is.
fn js_special(word: u64) -> u64 {
    use crate::lanes::{below, equal};
    below(word, 0x20)
        | equal(word, b'"')
        | equal(word, b'\\')
        | equal(word, b'<')
        | equal(word, 0xE2)
}

fn js_value<T: Serialize>(v: &T) -> String {
    script_safe(serde_json::to_string(v).unwrap_or_else(|_| "null".into()))
}

/// JSON is JavaScript but for two line separators; and no `<` is left, so
/// no text from content can look like markup, even if a page inlines it.
/// (In JSON, `<` and the separators only occur inside strings.)
fn script_safe(json: String) -> String {
    // Most text has none of the three: keep it as it is.
    if !json.as_bytes().contains(&b'<') && !json.contains('\u{2028}') && !json.contains('\u{2029}')
    {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Cuts `text` to at most `max` characters, at a space when there is one
/// near the end, with an ellipsis. Runs of white space become one space.
///
/// One pass over the text: runs of ASCII that is not white space, most of
/// any text, are read a byte at a time without decoding, and stretches
/// whose words are parted by single spaces are copied whole.
fn excerpt(text: &str, max: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len().min(4 * max + 8));
    // The excerpt so far is `out` and then `text[from..to]`, of `chars`
    // characters; `space` is whether white space came after it.
    let (mut from, mut to, mut chars, mut space) = (0, 0, 0, false);
    // Where the character after the first `max` would start in `out`, once
    // the text is known to go on past them.
    let mut end = None;
    let mut i = 0;
    while i < bytes.len() {
        let (run, next) = if bytes[i].is_ascii() {
            if is_ascii_space(bytes[i]) {
                space = to > 0;
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii() && !is_ascii_space(bytes[j]) {
                j += 1;
            }
            (j - i, j)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                space = to > 0;
                i += c.len_utf8();
                continue;
            }
            (1, i + c.len_utf8())
        };
        if to == 0 {
            from = i;
        } else if space {
            if chars == max {
                out.push_str(&text[from..to]);
                end = Some(out.len());
                break;
            }
            chars += 1;
            space = false;
            // Anything but one plain space between: the stretch ends.
            if !(to + 1 == i && bytes[to] == b' ') {
                out.push_str(&text[from..to]);
                out.push(' ');
                from = i;
            }
        }
        // `run` characters from `i` (one when it is not ASCII).
        let room = max - chars;
        if run > room {
            // ASCII, or `room` is 0: `i + room` is a character boundary.
            out.push_str(&text[from..i + room]);
            end = Some(out.len());
            break;
        }
        to = next;
        chars += run;
        i = next;
    }
    let Some(end) = end else {
        out.push_str(&text[from..to]);
        return out;
    };
    let cut = &out[..end];
    let cut = match cut.rfind(' ') {
        Some(sp) if sp > end / 2 => &cut[..sp],
        _ => cut,
    };
    let mut short = String::with_capacity(cut.len() + '…'.len_utf8());
    short.push_str(cut);
    short.push('…');
    short
}

/// The ASCII characters that `char::is_whitespace` holds to be white space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// Number of documents.
    n: usize,
    /// Records in each record file.
    r: usize,
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
    /// Bytes of the largest record file.
    pub largest_records: usize,
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
    index_with(a, None, sink)
}

/// [`index`], with the bodies' plain texts handed over as
/// `Archive::take_texts` gives them: each is let go once indexed, so a
/// build does not hold them all while it writes the rest.
pub(crate) fn index_taking(
    a: &Archive,
    texts: Vec<String>,
    sink: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
) -> Result<Stats, Vec<Diagnostic>> {
    index_with(a, Some(texts), sink)
}

fn index_with(
    a: &Archive,
    texts: Option<Vec<String>>,
    sink: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
) -> Result<Stats, Vec<Diagnostic>> {
    let docs = docs(a);
    let (mut encoded, written) = read_docs(&docs, texts, &sink);
    // Terms are distinct, so the order is the same however they came.
    encoded.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));

    // Cut the sorted terms into chunks of about CHUNK_BYTES. Each term is
    // written out on its own, in parallel; where the chunks part is then a
    // sum of lengths; and the chunks are put together in parallel again.
    let written_terms: Vec<String> = encoded
        .par_iter()
        .map(|(t, p)| {
            let mut w = String::with_capacity(t.len() + p.len() + 5);
            push_js_string(&mut w, t);
            w.push_str(":\"");
            w.push_str(p);
            w.push('"');
            w
        })
        .collect();
    // Where each chunk starts. A written term is never empty, so a chunk
    // holds something once its length is not zero.
    let mut starts = Vec::new();
    let mut len = 0;
    for (k, ((t, p), w)) in encoded.iter().zip(&written_terms).enumerate() {
        if len > 0 && len + t.len() + p.len() > CHUNK_BYTES {
            len = 0;
        }
        if len == 0 {
            starts.push(k);
        } else {
            len += 1;
        }
        len += w.len();
    }
    let firsts: Vec<&str> = starts.iter().map(|&k| encoded[k].0.as_str()).collect();
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([encoded.len()])
        .collect();
    let mut files: Vec<OutputFile> = starts
        .par_iter()
        .zip(&ends)
        .enumerate()
        .map(|(n, (&from, &to))| {
            let terms = &written_terms[from..to];
            let size = terms.iter().map(|w| w.len() + 1).sum::<usize>() + 32;
            let mut text = String::with_capacity(size);
            let _ = write!(text, "girokSearch.t({n},{{");
            for (k, w) in terms.iter().enumerate() {
                if k > 0 {
                    text.push(',');
                }
                text.push_str(w);
            }
            text.push_str("});\n");
            OutputFile {
                path: format!("search/t/{n}.js"),
                bytes: text.into_bytes(),
            }
        })
        .collect();
    let mut stats = Stats {
        docs: docs.len(),
        terms: encoded.len(),
        largest_chunk: files.iter().map(|f| f.bytes.len()).max().unwrap_or(0),
        ..Stats::default()
    };
    stats.chunks = firsts.len();

    let record_files = written.len();
    let mut errors = Vec::new();
    for w in written {
        match w {
            Ok(n) => stats.largest_records = stats.largest_records.max(n),
            Err(d) => errors.push(d),
        }
    }

    let manifest = Manifest {
        v: 2,
        n: docs.len(),
        r: RECORDS_PER_FILE,
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
    stats.files = files.len() + record_files;
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
    fn lowercase_is_strs() {
        for text in [
            "",
            "plain words",
            "Mixed CASE Words",
            "UN인권 전환기정의 TJWG",
            "ÀÉÎÕÜ straße İstanbul ǅ Ⅻ ＡＢＣ",
            "ΟΔΥΣΣΕΥΣ Σ ΑΣ. σΣ",
            "x\u{10400}y \u{1F600} 😀 Ä",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn paired_scripts_have_no_case() {
        let paired = (0..=0x2FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_paired(c));
        for c in paired {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    /// The terms of `text` as first written: lower-case it all, then go a
    /// character at a time. [`terms`] must give the same.
    fn slow_terms(text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        let mut word: Option<(usize, usize)> = None;
        let mut paired: Option<(usize, bool)> = None;
        let push_word = |out: &mut Vec<String>, w: &str, chars: usize| {
            if chars > 1 && chars <= MAX_TERM_CHARS
                || chars == 1 && w.chars().all(|c| c.is_numeric())
            {
                let mut w = w.to_string();
                stem(&mut w);
                out.push(w);
            }
        };
        for (i, c) in lower.char_indices() {
            if is_paired(c) {
                if let Some((start, chars)) = word.take() {
                    push_word(&mut out, &lower[start..i], chars);
                }
                if let Some((last, _)) = paired {
                    out.push(lower[last..i + c.len_utf8()].to_string());
                }
                paired = Some((i, paired.is_none()));
            } else if c.is_alphanumeric() {
                if let Some((last, true)) = paired.take() {
                    out.push(lower[last..i].to_string());
                }
                let (start, chars) = word.unwrap_or((i, 0));
                word = Some((start, chars + 1));
            } else {
                if let Some((start, chars)) = word.take() {
                    push_word(&mut out, &lower[start..i], chars);
                }
                if let Some((last, true)) = paired.take() {
                    out.push(lower[last..i].to_string());
                }
            }
        }
        if let Some((start, chars)) = word {
            push_word(&mut out, &lower[start..], chars);
        }
        if let Some((last, true)) = paired {
            out.push(lower[last..].to_string());
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn terms_match_the_character_at_a_time_reading(
            text in "[a-zA-Z0-9 .,'\\-ΣσςΑİßÄ½²٣ⅫＡ가-힣一-龥ぁ-ん\u{1F600}\u{2028}\t]{0,80}"
        ) {
            proptest::prop_assert_eq!(all(&text), slow_terms(&text));
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }

    /// Each distinct term of `title` and `body` with its weight, counted
    /// with the standard library's map from what [`terms`] gives.
    fn weights_slowly(title: &str, body: &str) -> Vec<(String, u8)> {
        let mut hits: std::collections::HashMap<String, Hits> = Default::default();
        terms(title, |t| hits.entry(t.to_string()).or_default().title += 1);
        terms(body, |t| hits.entry(t.to_string()).or_default().body += 1);
        let mut out: Vec<(String, u8)> = hits.into_iter().map(|(t, h)| (t, h.weight())).collect();
        out.sort_unstable();
        out
    }

    fn doc_titled(title: &str) -> Doc<'_> {
        Doc {
            kind: "Briefing",
            url: String::new(),
            title,
            names: vec![],
            meta: String::new(),
            summary: "",
            text: "",
        }
    }

    proptest::proptest! {
        #[test]
        fn a_documents_terms_are_counted_as_a_map_counts_them(
            title in "[a-dsi 한국]{0,12}",
            body in "([a-dsiey]{1,11}[ ,.\n]|[Aa]uthorit(y|ies) |[0-9]{1,3} |한국어 ){0,60}",
        ) {
            // Enough terms known to the dictionary to make it grow.
            let mut dict = Dictionary::default();
            terms(&body, |t| { dict.id(t.into(), term_hash(t.as_bytes())); });
            let half = dict.terms.len() / 2;
            dict = Dictionary::default();
            let mut n = 0;
            terms(&body, |t| {
                if n < half {
                    dict.id(t.into(), term_hash(t.as_bytes()));
                    n += 1;
                }
            });
            let ts = doc_terms(&doc_titled(&title), &body, &dict);
            let mut got: Vec<(String, u8)> = ts
                .new
                .iter()
                .map(|(t, h, w)| {
                    assert_eq!(*h, term_hash(t.as_bytes()));
                    assert_eq!(dict.get(t, *h), None);
                    (t.to_string(), *w)
                })
                .chain(ts.known.iter().map(|&(id, w)| (dict.terms[id as usize].0.to_string(), w)))
                .collect();
            got.sort_unstable();
            proptest::prop_assert_eq!(got, weights_slowly(&title, &body));
        }
    }

    #[test]
    fn the_dictionary_numbers_terms_as_they_come_and_finds_them_after_growing() {
        let mut dict = Dictionary::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(
                dict.id(w.as_str().into(), term_hash(w.as_bytes())),
                i as u32
            );
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(dict.get(w, term_hash(w.as_bytes())), Some(i as u32));
            assert_eq!(
                dict.id(w.as_str().into(), term_hash(w.as_bytes())),
                i as u32
            );
        }
        // Terms of nine bytes and more are compared byte by byte.
        let long = "abcdefgh-long";
        assert_eq!(dict.get(long, term_hash(long.as_bytes())), None);
        assert_eq!(dict.terms.len(), 5000);
    }

    #[test]
    fn a_plural_and_its_singular_are_one_term() {
        let d = Doc {
            kind: "Briefing",
            url: String::new(),
            title: "Authorities",
            names: vec![],
            meta: String::new(),
            summary: "",
            text: "",
        };
        let ts = doc_terms(
            &d,
            "the authority and other authorities",
            &Dictionary::default(),
        );
        assert!(ts.known.is_empty());
        let mut new: Vec<(&str, u8)> = ts.new.iter().map(|(t, _, w)| (&**t, *w)).collect();
        new.sort_unstable();
        assert_eq!(
            new,
            [("and", 1), ("authority", 26), ("other", 1), ("the", 1)]
        );
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

    proptest::proptest! {
        /// Script strings are written as serde_json writes them, with `<`
        /// and the line separators then escaped, whatever the characters
        /// and wherever they fall in the eight-byte words.
        #[test]
        fn script_strings_are_serde_jsons_made_safe(
            s in "[a<>&\"\\\\\n\r\t\u{0}-\u{1f}\u{7f}\u{2027}\u{2028}\u{2029}\u{20ac}é한 ]{0,40}"
        ) {
            let slow = script_safe(serde_json::to_string(&s).unwrap_or_default());
            let mut fast = String::new();
            push_js_string(&mut fast, &s);
            proptest::prop_assert_eq!(fast, slow);
        }
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

    /// The excerpt as first written: words joined, then cut.
    fn excerpt_slowly(text: &str, max: usize) -> String {
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if joined.chars().count() <= max {
            return joined;
        }
        let end = joined
            .char_indices()
            .nth(max)
            .map_or(joined.len(), |(i, _)| i);
        let cut = &joined[..end];
        let cut = match cut.rfind(' ') {
            Some(sp) if sp > end / 2 => &cut[..sp],
            _ => cut,
        };
        format!("{cut}…")
    }

    proptest::proptest! {
        #[test]
        fn excerpts_are_cut_as_before(text in "[ab 한\n\u{3000}é]{0,60}", max in 0usize..30) {
            proptest::prop_assert_eq!(excerpt(&text, max), excerpt_slowly(&text, max));
        }

        #[test]
        fn excerpts_of_long_words_and_odd_spaces_are_cut_as_before(
            text in "([a-z.,]{0,12}[ \t\r\n\u{0B}\u{0C}\u{1F}\u{85}\u{A0}\u{2028}한é]{1,3}){0,12}",
            max in 0usize..50,
        ) {
            proptest::prop_assert_eq!(excerpt(&text, max), excerpt_slowly(&text, max));
        }
    }

    #[test]
    fn excerpts_end_at_a_space() {
        let e = excerpt("one two three four five six", 12);
        assert_eq!(e, "one two…");
        assert_eq!(excerpt("short", 12), "short");
    }
}
