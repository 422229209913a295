//! Atom feeds, `sitemap.xml` and `robots.txt`, and what pages carry to
//! point at them and to describe themselves to other programs: absolute
//! addresses, feed links, Open Graph fields and schema.org JSON-LD.
//!
//! Every date comes from the content (never the build's clock), and every
//! list is in archive order, so the same archive gives the same bytes.
//! Absolute addresses are `base_url` (ending in one `/`) followed by the
//! page's path in the output, `index.html` included, as the pages' own
//! links name it.

use std::io;

use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::model::entities::EntryDate;
use crate::model::Archive;
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
    format!("{}/", base.trim_end_matches('/'))
}

/// The absolute address of `path` (a path under the output folder).
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base_root(base))
}

/// Path of the feed of wave `i`.
pub fn wave_feed_path(a: &Archive, i: usize) -> String {
    format!("waves/{}/feed.xml", a.waves[i].slug)
}

/// Path of the feed of actor `i`.
pub fn actor_feed_path(a: &Archive, i: usize) -> String {
    format!("actors/{}/feed.xml", a.actors[i].slug)
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
        None => d.day.format("%Y-%m-%d").to_string(),
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

/// The latest `updated` of the briefings `list` (the first of equals).
fn newest(a: &Archive, list: impl IntoIterator<Item = usize>) -> Option<Stamp> {
    let mut best: Option<(usize, DateTime<Utc>)> = None;
    for i in list {
        let t = updated_instant(a, i);
        if best.is_none_or(|(_, b)| t > b) {
            best = Some((i, t));
        }
    }
    best.map(|(i, _)| updated(a, i))
}

// ---------------------------------------------------------------------------
// The files.

/// The feeds, the sitemap and robots.txt for a site published at `base`.
pub fn files(a: &Archive, base: &str) -> Vec<OutputFile> {
    let site = &a.config.title;
    let archive_newest = newest(a, 0..a.briefings.len()).unwrap_or_else(epoch);
    let mut feeds = vec![FeedSpec {
        path: ARCHIVE_FEED.to_string(),
        page: ARCHIVE_PAGE.to_string(),
        title: archive_feed_title(site),
        entries: (0..a.briefings.len()).collect(),
    }];
    for (i, w) in a.waves.iter().enumerate() {
        feeds.push(FeedSpec {
            path: wave_feed_path(a, i),
            page: Page::Wave(i).path(a),
            title: wave_feed_title(site, &w.data.title),
            entries: a.index.wave_briefings[i].clone(),
        });
    }
    for (i, x) in a.actors.iter().enumerate() {
        feeds.push(FeedSpec {
            path: actor_feed_path(a, i),
            page: Page::Actor(i).path(a),
            title: actor_feed_title(site, &x.data.name),
            entries: a.index.actor_briefings[i].clone(),
        });
    }
    // Writing into memory cannot fail; a failure would only leave a file out.
    let mut out: Vec<OutputFile> = feeds
        .par_iter()
        .filter_map(|f| {
            let bytes = feed_xml(a, base, f, &archive_newest).ok()?;
            Some(OutputFile {
                path: f.path.clone(),
                bytes,
            })
        })
        .collect();
    if let Ok(bytes) = sitemap_xml(a, base) {
        out.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes,
        });
    }
    out.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            absolute(base, "sitemap.xml")
        )
        .into_bytes(),
    });
    out
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
struct FeedSpec {
    path: String,
    /// The page it stands for (its `rel="alternate"`).
    page: String,
    title: String,
    /// Briefings, newest first.
    entries: Vec<usize>,
}

/// Leaves out the characters XML 1.0 cannot hold at all (most control
/// characters); escaping is the writer's job.
fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
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
        .with_attribute(("href", xml_chars(href).as_str()))
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
    let text = crate::markdown::plain_text(b.file.body());
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => None,
        n if n <= 60 => Some(words.join(" ")),
        _ => Some(format!("{} …", words[..60].join(" "))),
    }
}

fn feed_xml(a: &Archive, base: &str, f: &FeedSpec, if_empty: &Stamp) -> io::Result<Vec<u8>> {
    let entries = &f.entries[..f.entries.len().min(MAX_ENTRIES)];
    let feed_updated = newest(a, entries.iter().copied()).unwrap_or_else(|| if_empty.clone());
    let self_url = absolute(base, &f.path);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", xml_chars(&a.config.language).as_str()))
        .write_inner_content(|w| {
            text_element(w, "id", &self_url)?;
            text_element(w, "title", &f.title)?;
            if let Some(d) = &a.config.description {
                text_element(w, "subtitle", d)?;
            }
            text_element(w, "updated", &feed_updated.rfc3339)?;
            link_element(w, "self", "application/atom+xml", &self_url)?;
            link_element(w, "alternate", "text/html", &absolute(base, &f.page))?;
            person(w, &a.config.title)?;
            text_element(w, "generator", "girok")?;
            for &i in entries {
                entry(w, a, base, i)?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn entry(w: &mut Writer<Vec<u8>>, a: &Archive, base: &str, i: usize) -> io::Result<()> {
    let b = &a.briefings[i];
    let url = absolute(base, &Page::Briefing(i).path(a));
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
                .with_attribute(("term", xml_chars(tag).as_str()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// When the page last changed, as far as the content tells: the newest
/// briefing it shows (an entry's page shows what briefings record about
/// it). `None` when no briefing is involved.
fn lastmod(a: &Archive, page: Page) -> Option<Stamp> {
    let ix = &a.index;
    match page {
        Page::Briefing(i) => Some(updated(a, i)),
        Page::Wave(i) => newest(a, ix.wave_briefings[i].iter().copied()),
        Page::Actor(i) => newest(a, ix.actor_briefings[i].iter().copied()),
        Page::Source(i) => newest(a, ix.source_briefings[i].iter().copied()),
        Page::Home | Page::Briefings(_) | Page::Waves | Page::Actors | Page::Sources(_) => {
            newest(a, 0..a.briefings.len())
        }
        Page::Search | Page::NotFound => None,
    }
}

/// Whether the sitemap lists the page: not the search page (its results
/// depend on what is typed) nor the page for missing addresses.
fn in_sitemap(page: Page) -> bool {
    !matches!(page, Page::Search | Page::NotFound)
}

fn sitemap_xml(a: &Archive, base: &str) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", SITEMAP_NS))
        .write_inner_content(|w| {
            for page in crate::render::pages(a)
                .into_iter()
                .filter(|&p| in_sitemap(p))
            {
                let loc = absolute(base, &page.path(a));
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &loc)?;
                    if let Some(m) = lastmod(a, page) {
                        text_element(w, "lastmod", &m.iso)?;
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

/// The feed of every briefing, as a page `root` below the site root links
/// to it; `None` without `base_url`.
pub fn archive_feed(a: &Archive, root: &str) -> Option<FeedLink> {
    let base = a.config.base_url.as_deref()?;
    Some(FeedLink {
        url: format!("{root}{ARCHIVE_FEED}"),
        url_abs: absolute(base, ARCHIVE_FEED),
        title: archive_feed_title(&a.config.title),
    })
}

/// What `page` carries for other programs. `root` leads from the page to
/// the site root.
pub fn page_meta(a: &Archive, page: Page, root: &str) -> Meta {
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
        description: a.config.description.clone(),
        ..Meta::default()
    };
    let summary = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    match page {
        Page::Briefing(i) => {
            let d = &a.briefings[i].data;
            m.description = summary(&d.summary).or(m.description);
            m.published = Some(iso(&d.date));
            m.modified = d.updated.as_ref().map(iso);
        }
        Page::Wave(i) => {
            let w = &a.waves[i];
            m.description = summary(&w.data.summary).or(m.description);
            m.feed = feed(wave_feed_path(a, i), wave_feed_title(site, &w.data.title));
        }
        Page::Actor(i) => {
            let x = &a.actors[i];
            m.description = summary(&x.data.summary).or(m.description);
            m.feed = feed(actor_feed_path(a, i), actor_feed_title(site, &x.data.name));
        }
        Page::Source(i) => {
            m.description = Some(crate::render::views::citation_text(a, i));
        }
        _ => {}
    }
    m.jsonld = json_ld(a, page).map(|v| script_safe(&v));
    m
}

/// JSON text that cannot end or confuse the `<script>` element it sits in:
/// every `<` is written `\u003c`, which JSON reads back as `<`.
pub fn script_safe(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// Adds `key` to `m` when there is a value.
fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
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
fn url_of(a: &Archive, page: Page) -> Option<Value> {
    a.config
        .base_url
        .as_deref()
        .map(|b| Value::String(absolute(b, &page.path(a))))
}

fn non_empty(list: &[String]) -> Option<Value> {
    (!list.is_empty()).then(|| json!(list))
}

/// A wave as a schema.org Event.
fn wave_ld(a: &Archive, i: usize, full: bool) -> Map<String, Value> {
    let d = &a.waves[i].data;
    let mut m = Map::new();
    m.insert("@type".into(), json!("Event"));
    m.insert("name".into(), json!(d.title));
    m.insert("startDate".into(), json!(iso(&d.date)));
    put(
        &mut m,
        "endDate",
        d.end_date.map(|e| json!(e.format("%Y-%m-%d").to_string())),
    );
    put(&mut m, "url", url_of(a, Page::Wave(i)));
    if full {
        if !d.locations.is_empty() {
            let places: Vec<Value> = d
                .locations
                .iter()
                .map(|p| json!({"@type": "Place", "name": p}))
                .collect();
            m.insert("location".into(), Value::Array(places));
        }
        put(&mut m, "description", d.summary.as_ref().map(|s| json!(s)));
    }
    m
}

/// An actor as a schema.org Organization or Person.
fn actor_ld(a: &Archive, i: usize, full: bool) -> Map<String, Value> {
    let d = &a.actors[i].data;
    let mut m = Map::new();
    m.insert("@type".into(), json!(actor_type(&d.kind)));
    m.insert("name".into(), json!(d.name));
    put(&mut m, "url", url_of(a, Page::Actor(i)));
    if full {
        put(&mut m, "alternateName", non_empty(&d.aliases));
        if let Some(p) = a.index.actor_parent[i] {
            m.insert("memberOf".into(), Value::Object(actor_ld(a, p, false)));
        }
        put(&mut m, "description", d.summary.as_ref().map(|s| json!(s)));
    }
    m
}

/// A source as a schema.org CreativeWork (or the kind of work it is).
fn source_ld(a: &Archive, i: usize) -> Map<String, Value> {
    let d = &a.sources[i].data;
    let mut m = Map::new();
    m.insert("@type".into(), json!(source_type(&d.kind)));
    m.insert("name".into(), json!(d.title));
    if d.kind == "news" {
        m.insert("headline".into(), json!(d.title));
    }
    m.insert(
        "publisher".into(),
        json!({"@type": "Organization", "name": d.publisher}),
    );
    if !d.authors.is_empty() {
        let authors: Vec<Value> = d
            .authors
            .iter()
            .map(|n| json!({"@type": "Person", "name": n}))
            .collect();
        m.insert("author".into(), Value::Array(authors));
    }
    m.insert("datePublished".into(), json!(iso(&d.date)));
    // The work's own address; the page about it otherwise.
    put(
        &mut m,
        "url",
        d.url
            .as_ref()
            .map(|u| json!(u))
            .or_else(|| url_of(a, Page::Source(i))),
    );
    put(
        &mut m,
        "archivedAt",
        d.archived_url.as_ref().map(|u| json!(u)),
    );
    put(&mut m, "inLanguage", d.language.as_ref().map(|l| json!(l)));
    m
}

/// An author named in a briefing: the actor of that name when there is
/// one, a person otherwise.
fn author_ld(a: &Archive, name: &str) -> Value {
    let actor = a
        .actors
        .iter()
        .position(|x| x.data.name == name || x.data.aliases.iter().any(|al| al == name));
    match actor {
        Some(i) => {
            let mut m = actor_ld(a, i, false);
            m.insert("name".into(), json!(name));
            Value::Object(m)
        }
        None => json!({"@type": "Person", "name": name}),
    }
}

fn website_ld(a: &Archive) -> Value {
    let mut m = Map::new();
    m.insert("@type".into(), json!("WebSite"));
    m.insert("name".into(), json!(a.config.title));
    put(
        &mut m,
        "url",
        a.config
            .base_url
            .as_deref()
            .map(|b| json!(absolute(b, "index.html"))),
    );
    Value::Object(m)
}

/// The JSON-LD of an entry's page; `None` for other pages.
pub fn json_ld(a: &Archive, page: Page) -> Option<Value> {
    let ix = &a.index;
    let mut m = match page {
        Page::Briefing(i) => {
            let d = &a.briefings[i].data;
            let mut m = Map::new();
            m.insert("@type".into(), json!("Article"));
            m.insert("headline".into(), json!(d.title));
            m.insert("datePublished".into(), json!(iso(&d.date)));
            m.insert("dateModified".into(), json!(updated_iso(a, i)));
            put(&mut m, "description", d.summary.as_ref().map(|s| json!(s)));
            m.insert("inLanguage".into(), json!(a.config.language));
            let authors: Vec<Value> = if d.authors.is_empty() {
                vec![json!({"@type": "Organization", "name": a.config.title})]
            } else {
                d.authors.iter().map(|n| author_ld(a, n)).collect()
            };
            m.insert("author".into(), Value::Array(authors));
            put(&mut m, "keywords", non_empty(&d.tags));
            let about: Vec<Value> = ix.briefing_waves[i]
                .iter()
                .map(|&w| Value::Object(wave_ld(a, w, false)))
                .chain(
                    ix.briefing_actors[i]
                        .iter()
                        .map(|&x| Value::Object(actor_ld(a, x, false))),
                )
                .collect();
            if !about.is_empty() {
                m.insert("about".into(), Value::Array(about));
            }
            let cited: Vec<Value> = ix.briefing_cited[i]
                .iter()
                .chain(&ix.briefing_uncited[i])
                .map(|&s| Value::Object(source_ld(a, s)))
                .collect();
            if !cited.is_empty() {
                m.insert("citation".into(), Value::Array(cited));
            }
            m.insert("isPartOf".into(), website_ld(a));
            put(&mut m, "url", url_of(a, page));
            put(&mut m, "mainEntityOfPage", url_of(a, page));
            m
        }
        Page::Wave(i) => wave_ld(a, i, true),
        Page::Actor(i) => actor_ld(a, i, true),
        Page::Source(i) => {
            let mut m = source_ld(a, i);
            put(&mut m, "mainEntityOfPage", url_of(a, page));
            m
        }
        _ => return None,
    };
    let mut out = Map::new();
    out.insert("@context".into(), json!("https://schema.org"));
    out.append(&mut m);
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let v = json!({"name": "</script><script>alert(1)</script>"});
        let s = script_safe(&v);
        assert!(!s.contains('<'));
        assert_eq!(serde_json::from_str::<Value>(&s).ok(), Some(v));
    }

    #[test]
    fn characters_xml_cannot_hold_are_left_out() {
        assert_eq!(xml_chars("a\u{1}b\tc\u{FFFE}d<&>"), "ab\tcd<&>");
    }
}
