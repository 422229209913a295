//! Files for publishing and reuse, written beside the pages:
//!
//! - [`feeds`]: Atom feeds, `sitemap.xml` and `robots.txt` (these need the
//!   site's `base_url`);
//! - [`cite`]: the bibliography as CSL-JSON, BibTeX and RIS;
//! - [`data`]: the open data under `data/`: `archive.json` with its JSON
//!   Schema, `figures.csv` and `statements.csv`.
//!
//! Pages carry some of the same: [`ForPages`] gives it to every page of an
//! archive.

pub mod cite;
pub mod data;
pub mod feeds;

use std::io;

use crate::diag::Diagnostic;
use crate::model::Archive;
use crate::render::{OutputFile, Page};

/// Where a file goes that is handed over a piece at a time as it is made
/// (`data/archive.json`): its path, the next piece of its bytes, and
/// whether that piece is the first.
pub type PiecesSink<'s> = dyn Fn(&str, &[u8], bool) + Sync + 's;

/// Makes every publishing and data file of the archive (paths under the
/// output folder) and hands each to `sink` as soon as it is made, on the
/// thread that made it, so that they are never all held at once (at
/// 10,000 briefings they are over 170 MB); `data/archive.json` goes to
/// `pieces`, never joined into one. Returns notes on what was left out.
pub fn write_files(
    a: &Archive,
    sink: &(dyn Fn(OutputFile) + Sync),
    pieces: &PiecesSink<'_>,
) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    // The feeds are made beside the rest.
    rayon::join(
        || {
            if let Some(base) = a.config.base_url.as_deref() {
                feeds::files(a, base, sink);
            }
        },
        || rayon::join(|| cite::files(a, sink), || data::files(a, sink, pieces)),
    );
    if a.config.base_url.is_none() {
        notes.push(
            Diagnostic::note(
                "no-base-url",
                "site.yaml has no base_url, so the Atom feeds, sitemap.xml and robots.txt are left out, and pages carry no canonical or Open Graph addresses",
            )
            .in_file("site.yaml")
            .help("add the address the site will be published at, e.g. base_url: https://example.org/archive/"),
        );
    }
    notes
}

/// What this module gives every page of one archive: its addresses and
/// descriptions for other programs, the link to the archive's feed, and
/// on briefing pages the "cite this briefing" strings.
///
/// Made once per archive (per build, `Sync`, shared by the threads that
/// render pages), it works out once what all the pages share, such as the
/// lookups of actors' names.
pub struct ForPages<'a> {
    /// Addresses, feeds and JSON-LD.
    meta: feeds::PageMetas<'a>,
    /// Citations of briefings.
    cite: cite::Cite<'a>,
    /// What many pages show of an entry.
    texts: crate::render::views::Texts<'a>,
}

impl<'a> ForPages<'a> {
    /// For the pages of `a`. Cheap: the lookups are made when first needed.
    pub fn new(a: &'a Archive) -> ForPages<'a> {
        ForPages {
            meta: feeds::PageMetas::new(a),
            cite: cite::Cite::new(a),
            texts: crate::render::views::Texts::new(a),
        }
    }

    /// The texts of entries that many pages show, each made once.
    pub fn texts(&self) -> &crate::render::views::Texts<'a> {
        &self.texts
    }

    /// What `page` carries for other programs; `root` leads from the page
    /// to the site root.
    pub fn page_meta(&self, page: Page, root: &str) -> feeds::Meta {
        self.meta.meta(page, root)
    }

    /// The feed of every briefing as the page `root` below the site root
    /// links to it; `None` without `base_url`.
    pub fn archive_feed(&self, root: &str) -> Option<feeds::FeedLink> {
        self.meta.archive_feed(root)
    }

    /// The plain-text "cite this briefing" of briefing `i`.
    pub fn briefing_text(&self, i: usize) -> String {
        self.cite.briefing_text(i)
    }

    /// The biblatex "cite this briefing" of briefing `i`.
    pub fn briefing_bibtex(&self, i: usize) -> String {
        self.cite.briefing_bibtex(i)
    }
}

/// Writes `fragment`, a run of a JSON string that needs no escaping by
/// JSON's rules, with every byte of `special` (ASCII) written as `\u00XX`
/// instead. JSON readers see the same string; HTML parsers see no markup.
///
/// Strings are most of `archive.json`, so the search is vectorised.
fn write_json_fragment<W: ?Sized + io::Write>(
    w: &mut W,
    fragment: &str,
    special: &[u8],
) -> io::Result<()> {
    let mut rest = fragment.as_bytes();
    while let Some(at) = find_any(rest, special) {
        w.write_all(&rest[..at])?;
        w.write_all(&unicode_escape(rest[at]))?;
        rest = &rest[at + 1..];
    }
    w.write_all(rest)
}

/// The ASCII byte `b` as JSON's `\u00XX` escape.
pub(crate) fn unicode_escape(b: u8) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    [
        b'\\',
        b'u',
        b'0',
        b'0',
        HEX[usize::from(b >> 4)],
        HEX[usize::from(b & 0xF)],
    ]
}

/// Where the first byte of `bytes` that is one of `special` is: memchr's
/// vectorised search for up to three bytes, a plain scan beyond.
fn find_any(bytes: &[u8], special: &[u8]) -> Option<usize> {
    match *special {
        [] => None,
        [a] => memchr::memchr(a, bytes),
        [a, b] => memchr::memchr2(a, b, bytes),
        [a, b, c] => memchr::memchr3(a, b, c, bytes),
        _ => bytes.iter().position(|c| special.contains(c)),
    }
}

/// A string written into JSON as it is given: already quoted and escaped
/// (see [`html_safe_json_string`]). serde_json writes it through
/// `Formatter::write_raw_fragment`, as it writes its own `RawValue`, whose
/// serialisation this repeats.
pub(crate) struct RawJson(pub String);

impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // serde_json's name for a raw value (serde_json::raw::TOKEN).
        const TOKEN: &str = "$serde_json::private::RawValue";
        let mut st = s.serialize_struct(TOKEN, 1)?;
        st.serialize_field(TOKEN, self.0.as_str())?;
        st.end()
    }
}

/// `text` as a JSON string, exactly as serde_json writes it through a
/// formatter that also writes `<`, `>` and `&` as `\u003c`, `\u003e` and
/// `\u0026` (the data files' formatter). Long texts (the Markdown bodies in
/// `archive.json`) are read eight bytes at a time, where serde_json looks
/// up every byte and hands the formatter a piece at every line break.
pub(crate) fn html_safe_json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 2);
    push_json_string(&mut out, text, json_special, |rest| {
        let escape = match rest.first()? {
            b'<' => Escape::Text("\\u003c"),
            b'>' => Escape::Text("\\u003e"),
            b'&' => Escape::Text("\\u0026"),
            &b => json_escape(b)?,
        };
        Some((escape, 1))
    });
    out
}

/// What a JSON string writer writes for what it escapes.
pub(crate) enum Escape {
    /// This text.
    Text(&'static str),
    /// The byte as `\u00XX`.
    Code(u8),
}

/// How JSON (and serde_json) escapes the byte `b`, if it must.
pub(crate) fn json_escape(b: u8) -> Option<Escape> {
    Some(match b {
        b'"' => Escape::Text("\\\""),
        b'\\' => Escape::Text("\\\\"),
        b'\n' => Escape::Text("\\n"),
        b'\t' => Escape::Text("\\t"),
        b'\r' => Escape::Text("\\r"),
        0x08 => Escape::Text("\\b"),
        0x0C => Escape::Text("\\f"),
        0x00..=0x1F => Escape::Code(b),
        _ => return None,
    })
}

/// Appends `text` to `out` as a JSON string, reading it eight bytes at a
/// time. `flag` marks (with their high bit) the bytes of a word of eight
/// that may need escaping, exactly for the lowest one, as `crate::lanes`
/// does; `escape` is given the text from a flagged byte on and says what
/// to write for it and how many bytes that stands for, or `None` to keep
/// the byte. A byte `escape` takes must start a character.
pub(crate) fn push_json_string(
    out: &mut String,
    text: &str,
    flag: impl Fn(u64) -> u64,
    escape: impl Fn(&[u8]) -> Option<(Escape, usize)>,
) {
    let bytes = text.as_bytes();
    out.push('"');
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..).and_then(crate::lanes::word_at) {
            let mask = flag(word);
            if mask == 0 {
                i += 8;
                continue;
            }
            // The lowest byte flagged is special; those above may not be.
            i += (mask.trailing_zeros() / 8) as usize;
        }
        let Some((what, len)) = bytes.get(i..).and_then(&escape) else {
            i += 1;
            continue;
        };
        // What `escape` takes starts a character: `i` is a boundary.
        out.push_str(&text[start..i]);
        match what {
            Escape::Text(t) => out.push_str(t),
            Escape::Code(b) => out.extend(unicode_escape(b).map(char::from)),
        }
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// The high bit of every byte of `word` that [`html_safe_json_string`]
/// escapes: below 0x20, `"`, `\\`, `<`, `>` and `&`. Exact for the lowest
/// such byte; a byte above it may be flagged too.
fn json_special(word: u64) -> u64 {
    use crate::lanes::{below, equal};
    below(word, 0x20)
        | equal(word, b'"')
        | equal(word, b'\\')
        | equal(word, b'<')
        | equal(word, b'>')
        | equal(word, b'&')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_bytes_are_found_wherever_they_are() {
        let special = b"<>&";
        for len in 0..40 {
            for at in 0..len {
                for &b in special {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    assert_eq!(find_any(&s, special), Some(at));
                }
            }
            assert_eq!(find_any(&vec![b'a'; len], special), None);
        }
        // Bytes next to the special ones, and multi-byte characters.
        let text = "=;?%'한국 \u{3c}";
        assert_eq!(find_any(text.as_bytes(), b"<"), text.find('<'));
        assert_eq!(find_any(b"=?;%'\"=?;%'\"", special), None);
    }

    #[test]
    fn special_bytes_are_written_as_escapes() {
        let mut out = Vec::new();
        let r = write_json_fragment(&mut out, "a<b>c&d 한국<", b"<>&");
        assert!(r.is_ok());
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "a\\u003cb\\u003ec\\u0026d 한국\\u003c"
        );
    }

    /// What serde_json writes for `text` with the data files' formatter.
    fn serde_json_string(text: &str) -> String {
        let mut json = data::html_safe_json(&text).unwrap_or_default();
        json.pop();
        String::from_utf8(json).unwrap_or_default()
    }

    #[test]
    fn json_strings_are_written_as_serde_json_writes_them() {
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii
            .push_str("한국 \u{2028}\u{2029}\u{2027}\u{20ac} long enough to be read in words");
        for text in [
            "",
            "plain",
            "a\"b\\c\nd\te\rf\u{8}g\u{c}h\u{1}i\u{1f}j<k>l&m\u{7f}",
            "## 난민\n\n> \"Quoted\" <b>&amp;</b>\r\n",
            "\u{2028}",
            "ab\u{2029}",
            &every_ascii,
        ] {
            assert_eq!(
                html_safe_json_string(text),
                serde_json_string(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn raw_json_is_written_as_it_is() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        let mut m = std::collections::BTreeMap::new();
        m.insert("a", RawJson(html_safe_json_string("x\ny<")));
        let _ = serde::Serialize::serialize(&m, &mut ser);
        assert_eq!(out, br#"{"a":"x\ny\u003c"}"#);
    }

    proptest::proptest! {
        #[test]
        fn json_strings_match_serde_json(text in "[a\"\\\n\t\r\u{0}-\u{1f}<>&한 \u{7f}é\u{2028}\u{2029}\u{2027}]{0,40}") {
            proptest::prop_assert_eq!(html_safe_json_string(&text), serde_json_string(&text));
        }
    }
}
