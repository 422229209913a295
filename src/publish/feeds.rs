//! Atom feeds, `sitemap.xml` and `robots.txt`, and what pages carry to
//! point at them and to describe themselves to other programs: absolute
//! addresses, feed links, Open Graph fields and schema.org JSON-LD.
//!
//! Every date comes from the content (never the build's clock), and every
//! list is in archive order, so the same archive gives the same bytes.
//! Absolute addresses are `base_url` (ending in one `/`) followed by the
//! page's path in the output, `index.html` included, as the pages' own
//! links name it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io;
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::model::entities::EntryDate;
use crate::model::Archive;
use crate::render::views::iso_date;
use crate::render::{OutputFile, Page};

/// The feed of every briefing.
pub const ARCHIVE_FEED: &str = "briefings/feed.xml";
/// The page that feed stands for.
const ARCHIVE_PAGE: &str = "briefings/index.html";
/// At most this many entries per feed, the most recent ones.
pub const MAX_ENTRIES: usize = 50;
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `base` with exactly one `/` at its end.
pub fn base_root(base: &str) -> String {
    absolute(base, "")
}

/// The absolute address of `path` (a path under the output folder).
pub fn absolute(base: &str, path: &str) -> String {
    [base.trim_end_matches('/'), "/", path].concat()
}

/// Path of the feed of wave `i`.
pub fn wave_feed_path(a: &Archive, i: usize) -> String {
    ["waves/", &a.waves[i].slug, "/feed.xml"].concat()
}

/// Path of the feed of actor `i`.
pub fn actor_feed_path(a: &Archive, i: usize) -> String {
    ["actors/", &a.actors[i].slug, "/feed.xml"].concat()
}

// ---------------------------------------------------------------------------
// Dates.

/// A moment from the content, with the ways it is written out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    /// For comparing: a date alone counts as midnight UTC.
    instant: DateTime<Utc>,
    /// RFC 3339, as Atom needs it (`2023-10-12T00:00:00Z` for a date).
    rfc3339: String,
    /// ISO 8601 as written: the date alone, or the full date-time
    /// (sitemaps, Open Graph, schema.org).
    iso: String,
}

fn stamp(d: &EntryDate) -> Stamp {
    let instant = instant(d);
    let rfc3339 = match d.datetime {
        Some(dt) => dt.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        None => instant.to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    Stamp {
        instant,
        rfc3339,
        iso: iso(d),
    }
}

/// [`stamp`]'s ISO 8601 words alone.
fn iso(d: &EntryDate) -> String {
    match d.datetime {
        Some(dt) => dt.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        None => iso_date(d.day),
    }
}

/// [`stamp`]'s instant alone.
fn instant(d: &EntryDate) -> DateTime<Utc> {
    match d.datetime {
        Some(dt) => dt.with_timezone(&Utc),
        None => d.day.and_time(chrono::NaiveTime::MIN).and_utc(),
    }
}

/// [`updated`]'s ISO 8601 words alone.
fn updated_iso(a: &Archive, i: usize) -> String {
    let d = &a.briefings[i].data;
    match &d.updated {
        Some(u) if instant(u) > instant(&d.date) => iso(u),
        _ => iso(&d.date),
    }
}

fn epoch() -> Stamp {
    let instant = DateTime::<Utc>::UNIX_EPOCH;
    Stamp {
        instant,
        rfc3339: instant.to_rfc3339_opts(SecondsFormat::Secs, true),
        iso: "1970-01-01".into(),
    }
}

/// When briefing `i` was published.
fn published(a: &Archive, i: usize) -> Stamp {
    stamp(&a.briefings[i].data.date)
}

/// When briefing `i` was last changed: `updated`, or its date (whichever
/// is later, should `updated` be written before it).
fn updated(a: &Archive, i: usize) -> Stamp {
    let d = &a.briefings[i].data;
    let p = stamp(&d.date);
    match d.updated.as_ref().map(stamp) {
        Some(u) if u.instant > p.instant => u,
        _ => p,
    }
}

/// The instant of [`updated`], without its words.
fn updated_instant(a: &Archive, i: usize) -> DateTime<Utc> {
    let d = &a.briefings[i].data;
    let p = instant(&d.date);
    match d.updated.as_ref().map(instant) {
        Some(u) if u > p => u,
        _ => p,
    }
}

/// The briefing of `list` updated last (the first of equals).
fn newest_of(a: &Archive, list: impl IntoIterator<Item = usize>) -> Option<usize> {
    let mut best: Option<(usize, DateTime<Utc>)> = None;
    for i in list {
        let t = updated_instant(a, i);
        if best.is_none_or(|(_, b)| t > b) {
            best = Some((i, t));
        }
    }
    best.map(|(i, _)| i)
}

/// The latest `updated` of the briefings `list` (the first of equals).
fn newest(a: &Archive, list: impl IntoIterator<Item = usize>) -> Option<Stamp> {
    newest_of(a, list).map(|i| updated(a, i))
}

// ---------------------------------------------------------------------------
// The files.

/// The feeds, the sitemap and robots.txt for a site published at `base`.
pub fn files(a: &Archive, base: &str, sink: &(dyn Fn(OutputFile) + Sync)) {
    let root = base_root(base);
    let site = &a.config.title;
    let archive_newest = newest(a, 0..a.briefings.len()).unwrap_or_else(epoch);
    // The archive feed shows the newest briefings, which come first.
    let newest_first: Vec<usize> = (0..a.briefings.len().min(MAX_ENTRIES)).collect();
    let mut feeds = vec![FeedSpec {
        path: ARCHIVE_FEED.to_string(),
        page: ARCHIVE_PAGE.to_string(),
        title: archive_feed_title(site),
        entries: &newest_first,
    }];
    for (i, w) in a.waves.iter().enumerate() {
        feeds.push(FeedSpec {
            path: wave_feed_path(a, i),
            page: Page::Wave(i).path(a),
            title: wave_feed_title(site, &w.data.title),
            entries: &a.index.wave_briefings[i],
        });
    }
    for (i, x) in a.actors.iter().enumerate() {
        feeds.push(FeedSpec {
            path: actor_feed_path(a, i),
            page: Page::Actor(i).path(a),
            title: actor_feed_title(site, &x.data.name),
            entries: &a.index.actor_briefings[i],
        });
    }
    // A briefing is an entry of several feeds (the archive's, its waves',
    // its actors'), always written the same: each is written once.
    let mut shown = vec![false; a.briefings.len()];
    for f in &feeds {
        for &i in f.shown() {
            if let Some(s) = shown.get_mut(i) {
                *s = true;
            }
        }
    }
    let entries: Vec<Option<Vec<u8>>> = shown
        .par_iter()
        .enumerate()
        .map(|(i, &s)| if s { entry_xml(a, &root, i).ok() } else { None })
        .collect();
    // Writing into memory cannot fail; a failure would only leave a file out.
    rayon::join(
        || {
            feeds.par_iter().for_each(|f| {
                if let Ok(bytes) = feed_xml(a, &root, f, &archive_newest, &entries) {
                    sink(OutputFile {
                        path: f.path.clone(),
                        bytes,
                    });
                }
            })
        },
        || {
            if let Ok(bytes) = sitemap_xml(a, &root) {
                sink(OutputFile {
                    path: "sitemap.xml".into(),
                    bytes,
                });
            }
        },
    );
    sink(OutputFile {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\nSitemap: {root}sitemap.xml\n").into_bytes(),
    });
}

fn archive_feed_title(site: &str) -> String {
    format!("{site}: all briefings")
}

fn wave_feed_title(site: &str, wave: &str) -> String {
    format!("{site}: briefings on {wave}")
}

fn actor_feed_title(site: &str, actor: &str) -> String {
    format!("{site}: briefings about {actor}")
}

/// One feed to write.
struct FeedSpec<'a> {
    path: String,
    /// The page it stands for (its `rel="alternate"`).
    page: String,
    title: String,
    /// Briefings, newest first.
    entries: &'a [usize],
}

impl FeedSpec<'_> {
    /// The briefings the feed shows: the newest [`MAX_ENTRIES`].
    fn shown(&self) -> &[usize] {
        &self.entries[..self.entries.len().min(MAX_ENTRIES)]
    }
}

/// Whether XML 1.0 can hold the character at all.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Leaves out the characters XML 1.0 cannot hold at all (most control
/// characters); escaping is the writer's job. Nearly all text has none,
/// and is then borrowed as it is.
fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_chars(text)))?;
    Ok(())
}

fn link_element(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", &*xml_chars(href)))
        .write_empty()?;
    Ok(())
}

fn person(w: &mut Writer<Vec<u8>>, name: &str) -> io::Result<()> {
    w.create_element("author")
        .write_inner_content(|w| text_element(w, "name", name))?;
    Ok(())
}

/// The briefing's summary, or the start of its text.
fn entry_summary(a: &Archive, i: usize) -> Option<String> {
    let b = &a.briefings[i];
    if let Some(s) = b.data.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(s.to_string());
    }
    // A full build has handed the plain text to the search index by now.
    let text = crate::markdown::plain_text(b.file.body());
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => None,
        n if n <= 60 => Some(words.join(" ")),
        _ => Some(format!("{} …", words[..60].join(" "))),
    }
}

/// One feed. `root` is the site's address ([`base_root`]); `entries` holds
/// each briefing's `<entry>` as [`entry_xml`] writes it, for the briefings
/// any feed shows.
fn feed_xml(
    a: &Archive,
    root: &str,
    f: &FeedSpec,
    if_empty: &Stamp,
    entries: &[Option<Vec<u8>>],
) -> io::Result<Vec<u8>> {
    let shown = f.shown();
    let feed_updated = newest(a, shown.iter().copied()).unwrap_or_else(|| if_empty.clone());
    let self_url = format!("{root}{}", f.path);
    let size: usize = shown
        .iter()
        .filter_map(|&i| entries.get(i)?.as_ref().map(Vec::len))
        .sum();
    let mut w = Writer::new_with_indent(Vec::with_capacity(size + 2048), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", &*xml_chars(&a.config.language)))
        .write_inner_content(|w| {
            text_element(w, "id", &self_url)?;
            text_element(w, "title", &f.title)?;
            if let Some(d) = &a.config.description {
                text_element(w, "subtitle", d)?;
            }
            text_element(w, "updated", &feed_updated.rfc3339)?;
            link_element(w, "self", "application/atom+xml", &self_url)?;
            link_element(w, "alternate", "text/html", &format!("{root}{}", f.page))?;
            person(w, &a.config.title)?;
            text_element(w, "generator", "girok")?;
            for &i in shown {
                match entries.get(i) {
                    // Written as the writer would: each entry starts on a
                    // line of its own and leaves the writer at the same
                    // depth, expecting a line break.
                    Some(Some(bytes)) => w.get_mut().extend_from_slice(bytes),
                    _ => entry(w, a, root, i)?,
                }
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// The `<entry>` of briefing `i` as a feed holds it (from the line break
/// before it), to be copied into every feed that shows the briefing.
fn entry_xml(a: &Archive, root: &str, i: usize) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::with_capacity(2048), b' ', 2);
    // An open <feed> puts the writer where entries are written; the tag
    // itself is then cut off.
    w.write_event(Event::Start(BytesStart::new("feed")))?;
    let start = w.get_ref().len();
    entry(&mut w, a, root, i)?;
    let mut bytes = w.into_inner();
    bytes.drain(..start);
    Ok(bytes)
}

fn entry(w: &mut Writer<Vec<u8>>, a: &Archive, root: &str, i: usize) -> io::Result<()> {
    let b = &a.briefings[i];
    let url = format!("{root}{}", Page::Briefing(i).path(a));
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &url)?;
        text_element(w, "title", &b.data.title)?;
        text_element(w, "updated", &updated(a, i).rfc3339)?;
        text_element(w, "published", &published(a, i).rfc3339)?;
        link_element(w, "alternate", "text/html", &url)?;
        for name in &b.data.authors {
            person(w, name)?;
        }
        if let Some(s) = entry_summary(a, i) {
            text_element(w, "summary", &s)?;
        }
        for tag in &b.data.tags {
            w.create_element("category")
                .with_attribute(("term", &*xml_chars(tag)))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// When the page last changed, as far as the content tells: the newest
/// briefing it shows (an entry's page shows what briefings record about
/// it), as ISO 8601 words. `None` when no briefing is involved. `all` is
/// the newest briefing of the archive, shown by every list.
fn lastmod(a: &Archive, page: Page, all: Option<usize>) -> Option<String> {
    let ix = &a.index;
    let newest = match page {
        Page::Briefing(i) => Some(i),
        Page::Wave(i) => newest_of(a, ix.wave_briefings[i].iter().copied()),
        Page::Actor(i) => newest_of(a, ix.actor_briefings[i].iter().copied()),
        Page::Source(i) => newest_of(a, ix.source_briefings[i].iter().copied()),
        Page::Home | Page::Briefings(_) | Page::Waves(_) | Page::Actors | Page::Sources(_) => all,
        Page::Search | Page::NotFound => None,
    };
    newest.map(|i| updated_iso(a, i))
}

/// Whether the sitemap lists the page: not the search page (its results
/// depend on what is typed) nor the page for missing addresses.
fn in_sitemap(page: Page) -> bool {
    !matches!(page, Page::Search | Page::NotFound)
}

/// The sitemap; `root` is the site's address ([`base_root`]).
fn sitemap_xml(a: &Archive, root: &str) -> io::Result<Vec<u8>> {
    let all = newest_of(a, 0..a.briefings.len());
    let pages = crate::render::pages(a);
    let mut w = Writer::new_with_indent(Vec::with_capacity(160 * pages.len() + 256), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for page in pages.into_iter().filter(|&p| in_sitemap(p)) {
                let loc = format!("{root}{}", page.path(a));
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &loc)?;
                    if let Some(m) = lastmod(a, page, all) {
                        text_element(w, "lastmod", &m)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

// ---------------------------------------------------------------------------
// What pages carry.

/// A feed as a page links to it.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    /// Relative to the page.
    pub url: String,
    /// Absolute.
    pub url_abs: String,
    /// The feed's title.
    pub title: String,
}

/// A page's addresses and descriptions for other programs (feed readers,
/// link previews, search engines).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    /// The page's absolute address (with `base_url`; not for the page for
    /// missing addresses, which has none of its own).
    pub url_abs: Option<String>,
    /// One line about the page (`og:description`).
    pub description: Option<String>,
    /// A briefing's date (ISO 8601).
    pub published: Option<String>,
    /// A briefing's `updated` (ISO 8601).
    pub modified: Option<String>,
    /// The wave's or actor's own feed (with `base_url`).
    pub feed: Option<FeedLink>,
    /// schema.org JSON-LD of an entry's page, ready to go inside
    /// `<script type="application/ld+json">` (every `<` escaped).
    pub jsonld: Option<String>,
}

/// What every page carries for other programs, for all the pages of one
/// archive: made once per archive (per build) and used for every page, so
/// that what the pages share is worked out once. Above all, the authors
/// of briefings are looked up in a map of the actors' names (made on first
/// use) instead of among all the actors one by one.
pub struct PageMetas<'a> {
    archive: &'a Archive,
    /// Every name and alias of an actor, with the first actor that has it.
    actor_names: OnceLock<HashMap<&'a str, usize>>,
    /// The JSON-LD of sources, waves and actors as briefings cite them.
    parts: LdParts,
    /// The archive feed's absolute address and title, with `base_url`.
    archive_feed: Option<(String, String)>,
}

impl<'a> PageMetas<'a> {
    /// What the pages of `a` carry. Cheap: the map of names is made when
    /// first needed.
    pub fn new(a: &'a Archive) -> PageMetas<'a> {
        PageMetas {
            archive: a,
            actor_names: OnceLock::new(),
            parts: LdParts::new(a),
            archive_feed: a.config.base_url.as_deref().map(|base| {
                (
                    absolute(base, ARCHIVE_FEED),
                    archive_feed_title(&a.config.title),
                )
            }),
        }
    }

    /// What `page` carries for other programs. `root` leads from the page
    /// to the site root.
    pub fn meta(&self, page: Page, root: &str) -> Meta {
        let names = self.actor_names.get_or_init(|| actor_names(self.archive));
        meta_of(self.archive, names, &self.parts, page, root)
    }

    /// The feed of every briefing, as a page `root` below the site root
    /// links to it; `None` without `base_url`.
    pub fn archive_feed(&self, root: &str) -> Option<FeedLink> {
        self.archive_feed.as_ref().map(|(url_abs, title)| FeedLink {
            url: format!("{root}{ARCHIVE_FEED}"),
            url_abs: url_abs.clone(),
            title: title.clone(),
        })
    }
}

/// Every name and alias of an actor, with the first actor that has it:
/// how the actor an author's name stands for is found.
fn actor_names(a: &Archive) -> HashMap<&str, usize> {
    let mut names = HashMap::new();
    for (i, x) in a.actors.iter().enumerate() {
        for n in std::iter::once(&x.data.name).chain(&x.data.aliases) {
            names.entry(n.as_str()).or_insert(i);
        }
    }
    names
}

fn meta_of(
    a: &Archive,
    names: &HashMap<&str, usize>,
    parts: &LdParts,
    page: Page,
    root: &str,
) -> Meta {
    let base = a.config.base_url.as_deref();
    let site = &a.config.title;
    let feed = |path: String, title: String| {
        base.map(|b| FeedLink {
            url: format!("{root}{path}"),
            url_abs: absolute(b, &path),
            title,
        })
    };
    let mut m = Meta {
        url_abs: match page {
            Page::NotFound => None,
            _ => base.map(|b| absolute(b, &page.path(a))),
        },
        ..Meta::default()
    };
    let summary = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    match page {
        Page::Briefing(i) => {
            let d = &a.briefings[i].data;
            m.description = summary(&d.summary);
            m.published = Some(iso(&d.date));
            m.modified = d.updated.as_ref().map(iso);
        }
        Page::Wave(i) => {
            let w = &a.waves[i];
            m.description = summary(&w.data.summary);
            m.feed = feed(wave_feed_path(a, i), wave_feed_title(site, &w.data.title));
        }
        Page::Actor(i) => {
            let x = &a.actors[i];
            m.description = summary(&x.data.summary);
            m.feed = feed(actor_feed_path(a, i), actor_feed_title(site, &x.data.name));
        }
        Page::Source(i) => {
            m.description = Some(crate::render::views::citation_text(a, i));
        }
        _ => {}
    }
    if m.description.is_none() {
        m.description = a.config.description.clone();
    }
    let jsonld = ld(a, names, parts, page, m.url_abs.as_deref()).and_then(|v| script_safe_text(&v));
    m.jsonld = jsonld;
    m
}

/// JSON text that cannot end or confuse the `<script>` element it sits in:
/// every `<` is written `\u003c`, which JSON reads back as `<`. `<` can
/// only occur inside strings, where the formatter escapes it.
fn script_safe_text<T: Serialize>(v: &T) -> Option<String> {
    let mut out = Vec::with_capacity(1024);
    v.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, ScriptSafe,
    ))
    .ok()?;
    String::from_utf8(out).ok()
}

/// The JSON-LD of each source, wave and actor as a briefing's page shows
/// it (a citation, or what the briefing is about), written once a build
/// when first needed: a source is cited by many briefings.
struct LdParts {
    sources: Vec<OnceLock<Option<Box<RawValue>>>>,
    waves: Vec<OnceLock<Option<Box<RawValue>>>>,
    actors: Vec<OnceLock<Option<Box<RawValue>>>>,
}

impl LdParts {
    fn new(a: &Archive) -> LdParts {
        let empty = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        LdParts {
            sources: empty(a.sources.len()),
            waves: empty(a.waves.len()),
            actors: empty(a.actors.len()),
        }
    }
}

/// The JSON-LD `v` as `script_safe_text` writes it, kept in `cell`.
fn made<'c, T: Serialize>(
    cell: &'c OnceLock<Option<Box<RawValue>>>,
    v: impl Fn() -> T,
) -> Part<'c, T> {
    let kept = cell
        .get_or_init(|| script_safe_text(&v()).and_then(|text| RawValue::from_string(text).ok()));
    match kept {
        Some(raw) => Part::Made(raw),
        None => Part::Fresh(v()),
    }
}

/// A piece of JSON-LD: written already, or to be written.
#[derive(Serialize)]
#[serde(untagged)]
enum Part<'c, T> {
    Made(&'c RawValue),
    Fresh(T),
}

/// serde_json's compact layout, with `<` escaped inside strings.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        super::write_json_fragment(w, fragment, b"<")
    }
}

fn actor_type(kind: &str) -> &'static str {
    if kind == "person" {
        "Person"
    } else {
        "Organization"
    }
}

fn source_type(kind: &str) -> &'static str {
    match kind {
        "news" => "NewsArticle",
        "report" => "Report",
        "dataset" => "Dataset",
        _ => "CreativeWork",
    }
}

/// Absolute address of a page, when the site has one.
fn url_of(a: &Archive, page: Page) -> Option<String> {
    a.config
        .base_url
        .as_deref()
        .map(|b| absolute(b, &page.path(a)))
}

// The schema.org JSON-LD of entries' pages, as types that serialise
// straight to text. The fields of each are in the order of their keys'
// bytes, the order `serde_json::Map` keeps, so the text is the one the same
// data gives as a `Value` (see [`json_ld`]).

const SCHEMA_ORG: &str = "https://schema.org";

/// The JSON-LD of an entry's page.
#[derive(Serialize)]
#[serde(untagged)]
enum Ld<'a> {
    Article(ArticleLd<'a>),
    Wave(WaveLd<'a>),
    Actor(ActorLd<'a>),
    Source(SourceLd<'a>),
}

/// A briefing as a schema.org Article.
#[derive(Serialize)]
struct ArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Part<'a, AboutLd<'a>>>,
    author: Vec<NamedLd<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Part<'a, SourceLd<'a>>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: NamedLd<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// What a briefing is about: its waves and actors.
#[derive(Serialize)]
#[serde(untagged)]
enum AboutLd<'a> {
    Wave(WaveLd<'a>),
    Actor(ActorLd<'a>),
}

/// Something with a type, a name and perhaps an address: an author, the
/// web site, a place, a publisher.
#[derive(Serialize)]
struct NamedLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> NamedLd<'a> {
    fn new(kind: &'static str, name: &'a str) -> NamedLd<'a> {
        NamedLd {
            kind,
            name,
            url: None,
        }
    }
}

/// A wave as a schema.org Event.
#[derive(Serialize)]
struct WaveLd<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    location: Vec<NamedLd<'a>>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// An actor as a schema.org Organization or Person.
#[derive(Serialize)]
struct ActorLd<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName", skip_serializing_if = "<[String]>::is_empty")]
    alternate_name: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "memberOf", skip_serializing_if = "Option::is_none")]
    member_of: Option<Box<ActorLd<'a>>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A source as a schema.org CreativeWork (or the kind of work it is).
#[derive(Serialize)]
struct SourceLd<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "archivedAt", skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<NamedLd<'a>>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<String>,
    name: &'a str,
    publisher: NamedLd<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
}

/// A wave as a schema.org Event; `full` adds its places and summary.
fn wave_ld(a: &Archive, i: usize, full: bool) -> WaveLd<'_> {
    let d = &a.waves[i].data;
    WaveLd {
        context: None,
        kind: "Event",
        description: if full { d.summary.as_deref() } else { None },
        end_date: d.end_date.map(iso_date),
        location: if full {
            d.locations
                .iter()
                .map(|p| NamedLd::new("Place", p))
                .collect()
        } else {
            Vec::new()
        },
        name: &d.title,
        start_date: iso(&d.date),
        url: url_of(a, Page::Wave(i)),
    }
}

/// An actor as a schema.org Organization or Person; `full` adds its
/// aliases, the actor it belongs to and its summary.
fn actor_ld(a: &Archive, i: usize, full: bool) -> ActorLd<'_> {
    let d = &a.actors[i].data;
    ActorLd {
        context: None,
        kind: actor_type(&d.kind),
        alternate_name: if full { &d.aliases } else { &[] },
        description: if full { d.summary.as_deref() } else { None },
        member_of: if full {
            a.index.actor_parent[i].map(|p| Box::new(actor_ld(a, p, false)))
        } else {
            None
        },
        name: &d.name,
        url: url_of(a, Page::Actor(i)),
    }
}

/// A source as a schema.org CreativeWork (or the kind of work it is).
fn source_ld(a: &Archive, i: usize) -> SourceLd<'_> {
    let d = &a.sources[i].data;
    SourceLd {
        context: None,
        kind: source_type(&d.kind),
        archived_at: d.archived_url.as_deref(),
        author: d
            .authors
            .iter()
            .map(|n| NamedLd::new("Person", n))
            .collect(),
        date_published: iso(&d.date),
        headline: (d.kind == "news").then_some(d.title.as_str()),
        in_language: d.language.as_deref(),
        main_entity_of_page: None,
        name: &d.title,
        publisher: NamedLd::new("Organization", &d.publisher),
        // The work's own address; the page about it otherwise.
        url: match &d.url {
            Some(u) => Some(Cow::Borrowed(u.as_str())),
            None => url_of(a, Page::Source(i)).map(Cow::Owned),
        },
    }
}

/// An author named in a briefing: the actor of that name when there is
/// one, a person otherwise.
fn author_ld<'a>(a: &'a Archive, names: &HashMap<&str, usize>, name: &'a str) -> NamedLd<'a> {
    match names.get(name).copied() {
        Some(i) => NamedLd {
            kind: actor_type(&a.actors[i].data.kind),
            name,
            url: url_of(a, Page::Actor(i)),
        },
        None => NamedLd::new("Person", name),
    }
}

/// The JSON-LD of an entry's page; `None` for other pages. `url` is the
/// page's absolute address, when the site has one.
fn ld<'a>(
    a: &'a Archive,
    names: &HashMap<&str, usize>,
    parts: &'a LdParts,
    page: Page,
    url: Option<&'a str>,
) -> Option<Ld<'a>> {
    let ix = &a.index;
    Some(match page {
        Page::Briefing(i) => {
            let d = &a.briefings[i].data;
            let author = if d.authors.is_empty() {
                vec![NamedLd::new("Organization", &a.config.title)]
            } else {
                d.authors.iter().map(|n| author_ld(a, names, n)).collect()
            };
            Ld::Article(ArticleLd {
                context: SCHEMA_ORG,
                kind: "Article",
                about: ix.briefing_waves[i]
                    .iter()
                    .map(|&w| made(&parts.waves[w], || AboutLd::Wave(wave_ld(a, w, false))))
                    .chain(
                        ix.briefing_actors[i].iter().map(|&x| {
                            made(&parts.actors[x], || AboutLd::Actor(actor_ld(a, x, false)))
                        }),
                    )
                    .collect(),
                author,
                citation: ix.briefing_cited[i]
                    .iter()
                    .chain(&ix.briefing_uncited[i])
                    .map(|&s| made(&parts.sources[s], || source_ld(a, s)))
                    .collect(),
                date_modified: updated_iso(a, i),
                date_published: iso(&d.date),
                description: d.summary.as_deref(),
                headline: &d.title,
                in_language: &a.config.language,
                is_part_of: NamedLd {
                    kind: "WebSite",
                    name: &a.config.title,
                    url: a
                        .config
                        .base_url
                        .as_deref()
                        .map(|b| absolute(b, "index.html")),
                },
                keywords: &d.tags,
                main_entity_of_page: url,
                url,
            })
        }
        Page::Wave(i) => Ld::Wave(WaveLd {
            context: Some(SCHEMA_ORG),
            ..wave_ld(a, i, true)
        }),
        Page::Actor(i) => Ld::Actor(ActorLd {
            context: Some(SCHEMA_ORG),
            ..actor_ld(a, i, true)
        }),
        Page::Source(i) => Ld::Source(SourceLd {
            context: Some(SCHEMA_ORG),
            main_entity_of_page: url.map(str::to_string),
            ..source_ld(a, i)
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn addresses_have_one_slash_between_base_and_path() {
        for base in [
            "https://example.org/a",
            "https://example.org/a/",
            "https://example.org/a//",
        ] {
            assert_eq!(
                absolute(base, "waves/x/index.html"),
                "https://example.org/a/waves/x/index.html"
            );
        }
    }

    #[test]
    fn a_date_alone_is_midnight_utc_and_a_date_time_keeps_its_offset() {
        let day = chrono::NaiveDate::from_ymd_opt(2023, 10, 12).unwrap_or_default();
        let s = stamp(&EntryDate {
            day,
            datetime: None,
        });
        assert_eq!(s.rfc3339, "2023-10-12T00:00:00Z");
        assert_eq!(s.iso, "2023-10-12");
        let dt = DateTime::parse_from_rfc3339("2023-10-12T09:30:00+09:00").ok();
        let s = stamp(&EntryDate { day, datetime: dt });
        assert_eq!(s.rfc3339, "2023-10-12T09:30:00+09:00");
        assert_eq!(s.instant.to_rfc3339(), "2023-10-12T00:30:00+00:00");
        assert_eq!(epoch().rfc3339, "1970-01-01T00:00:00Z");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script>"});
        let s = script_safe_text(&v).unwrap_or_default();
        assert!(!s.contains('<'));
        assert_eq!(serde_json::from_str::<Value>(&s).ok(), Some(v));
    }

    /// Every page of the basic fixture, with and without a base_url, and
    /// with markup in a summary.
    fn each_fixture_page(check: impl Fn(&Archive, Page)) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let (mut a, _, _) = crate::load(&crate::Options::new(root));
        assert!(!a.briefings.is_empty());
        if let Some(b) = a.briefings.first_mut() {
            b.data.summary = Some("<b>bold</b> & \"quoted\"\u{1}".into());
        }
        for base in [None, Some("https://example.org/a")] {
            a.config.base_url = base.map(str::to_string);
            for page in crate::render::pages(&a) {
                check(&a, page);
            }
        }
    }

    #[test]
    fn json_ld_text_is_the_values_text() {
        // The types are written field by field, in the order serde_json's
        // map keeps keys: the same text as the value, key for key, and as
        // escaped for a <script> element.
        each_fixture_page(|a, page| {
            // Once as the parts are first written, once from them.
            let metas = PageMetas::new(a);
            let first = metas.meta(page, "../").jsonld;
            let again = metas.meta(page, "../").jsonld;
            let names = actor_names(a);
            let value = ld(
                a,
                &names,
                &LdParts::new(a),
                page,
                url_of(a, page).as_deref(),
            )
            .and_then(|v| serde_json::to_value(v).ok());
            let expected = value.map(|v| v.to_string().replace('<', "\\u003c"));
            assert_eq!(first, expected, "{page:?}");
            assert_eq!(again, expected, "{page:?}");
        });
    }

    #[test]
    fn characters_xml_cannot_hold_are_left_out() {
        assert_eq!(xml_chars("a\u{1}b\tc\u{FFFE}d<&>"), "ab\tcd<&>");
    }
}
