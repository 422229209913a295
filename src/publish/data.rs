//! The open data: `data/archive.json` (every entry, figure and statement,
//! with their relations), its JSON Schema `data/archive.schema.json`, and
//! the tables `data/figures.csv` and `data/statements.csv`.
//!
//! Everything is written in the model's order (briefings newest first,
//! waves oldest first, actors by name, sources in bibliography order,
//! figures and statements in the order of their briefings), so the same
//! content gives the same bytes. `docs/data.md` describes every field.

use std::borrow::Cow;
use std::io;

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use serde_json::ser::Formatter;

use super::{html_safe_json_string, RawJson};
use crate::model::entities::{ActorData, BriefingData, EntryDate, FileInfo, SourceData, WaveData};
use crate::model::{Archive, Figure, Item, Statement};
use crate::render::views::{citation_text, figure_display, iso_date};
use crate::render::{OutputFile, SiteView};

/// The version of the data's layout: the minor number grows when fields
/// are added, the major number when a field changes meaning or goes away.
/// It must match the `const` of `schema_version` in the schema.
pub const SCHEMA_VERSION: &str = "1.0";

/// The JSON Schema that `archive.json` follows.
pub const SCHEMA: &str = include_str!("archive.schema.json");

/// The columns of `data/figures.csv`, in order.
pub const FIGURE_COLUMNS: &[&str] = &[
    "id",
    "label",
    "display",
    "value",
    "min",
    "max",
    "approx",
    "status",
    "as_of",
    "wave",
    "wave_title",
    "attributed_to",
    "attributed_to_name",
    "source",
    "source_title",
    "source_url",
    "briefing",
    "briefing_title",
    "note",
];

/// The columns of `data/statements.csv`, in order.
pub const STATEMENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "actor",
    "actor_name",
    "stance",
    "quote",
    "wave",
    "wave_title",
    "source",
    "source_title",
    "source_url",
    "briefing",
    "briefing_title",
];

/// The open data files, each handed to `sink` once made. They are made
/// in memory, where writing does not fail; a file that could not be made
/// would be left out, never cut short.
pub fn files(a: &Archive, sink: &(dyn Fn(OutputFile) + Sync), pieces: &super::PiecesSink<'_>) {
    let ids = Ids::new(a);
    let file = |path: &str, bytes: Vec<u8>| {
        sink(OutputFile {
            path: path.into(),
            bytes,
        })
    };
    rayon::join(
        || {
            let mut first = true;
            archive_json(a, &ids, &mut |piece| {
                pieces("data/archive.json", piece, first);
                first = false;
            });
        },
        || {
            file("data/archive.schema.json", SCHEMA.as_bytes().to_vec());
            rayon::join(
                || {
                    if let Ok(bytes) = table(FIGURE_COLUMNS, figure_rows(a, &ids)) {
                        file("data/figures.csv", bytes);
                    }
                },
                || {
                    if let Ok(bytes) = table(STATEMENT_COLUMNS, statement_rows(a, &ids)) {
                        file("data/statements.csv", bytes);
                    }
                },
            )
        },
    );
}

/// A generous guess at the size of an entry in `archive.json`: its file
/// (nearly all of it is written again, escaped), its fields and relations.
/// Memory set aside but never written to costs nothing, whereas a buffer
/// that grows is copied, and for a while held twice.
fn entry_size<T>(x: &Item<T>) -> usize {
    let text = x.file.text.len();
    text + text / 4 + 2048
}

/// A generous guess at the size of a figure or statement.
const ROW_SIZE: usize = 768;

/// Stable ids of figures and statements: the briefing's slug and the
/// position in its `figures:` or `statements:` list, from 1.
struct Ids {
    figures: Vec<String>,
    statements: Vec<String>,
}

impl Ids {
    fn new(a: &Archive) -> Ids {
        let mut figures = vec![String::new(); a.figures.len()];
        let mut statements = vec![String::new(); a.statements.len()];
        for (bi, b) in a.briefings.iter().enumerate() {
            for (n, &f) in a.index.briefing_figures[bi].iter().enumerate() {
                if let Some(id) = figures.get_mut(f) {
                    *id = format!("{}#figure-{}", b.slug, n + 1);
                }
            }
            for (n, &s) in a.index.briefing_statements[bi].iter().enumerate() {
                if let Some(id) = statements.get_mut(s) {
                    *id = format!("{}#statement-{}", b.slug, n + 1);
                }
            }
        }
        Ids {
            figures,
            statements,
        }
    }
}

// ---------------------------------------------------------------------------
// archive.json

/// The bytes escaped in `archive.json`'s strings: see [`HtmlSafe`].
const HTML_SPECIAL: &[u8] = b"<>&";

/// Pretty-printed JSON, ending with a line break, with `<`, `>` and `&`
/// written as `\u003c`, `\u003e` and `\u0026` (they can only occur inside
/// strings), so that no browser can take markup quoted from content for
/// HTML; JSON readers see the same strings.
#[cfg(test)]
pub(super) fn html_safe_json<T: Serialize>(v: &T) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    v.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        HtmlSafe::at(0),
    ))
    .ok()?;
    out.push(b'\n');
    Some(out)
}

/// serde_json's pretty layout (`PrettyFormatter`: two spaces a level),
/// escaping `<`, `>` and `&` inside strings. It can start at any depth, so
/// that the parts of one document can be written apart, each on its own
/// thread, and joined: the layout is the same as if written at once.
struct HtmlSafe {
    /// How many levels deep the next value is.
    depth: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
}

impl HtmlSafe {
    /// For a value `depth` levels deep.
    fn at(depth: usize) -> HtmlSafe {
        HtmlSafe {
            depth,
            has_value: false,
        }
    }

    fn line<W: ?Sized + io::Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, end: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(end)
    }
}

/// Two spaces a level.
fn indent<W: ?Sized + io::Write>(w: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    let mut n = 2 * depth;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

impl Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        super::write_json_fragment(w, fragment, HTML_SPECIAL)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A count as written: whole numbers without a decimal point.
#[derive(Debug, Clone, Copy)]
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match whole(self.0) {
            Some(n) => s.serialize_i64(n),
            None => s.serialize_f64(self.0),
        }
    }
}

/// The number as an integer when it is one (and fits exactly).
fn whole(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
}

/// A number as the CSV writes it: `600`, `12.5`.
fn num_text(v: f64) -> String {
    match whole(v) {
        Some(n) => n.to_string(),
        None => v.to_string(),
    }
}

fn date_time(d: &EntryDate) -> Option<String> {
    d.datetime.map(|t| t.to_rfc3339())
}

/// The Markdown body as written, as a JSON string: the file's text after
/// the closing `---` line, with Windows line ends made `\n`. The bodies are
/// half of `archive.json`, so they are escaped by the quick writer.
fn body_markdown(f: &FileInfo) -> RawJson {
    let body = f.body();
    RawJson(if body.contains('\r') {
        html_safe_json_string(&body.replace("\r\n", "\n"))
    } else {
        html_safe_json_string(body)
    })
}

/// `archive.json`, handed to `emit` a piece at a time as it is written.
/// Its long lists (the entries, figures and statements) are written in
/// parts, each part on its own thread; the pieces in order are the bytes
/// of the whole document written at once. At 10,000 briefings the document
/// is over a hundred megabytes, which a build need not hold. `None` if a
/// part could not be written (what was handed over stops there).
fn archive_json(a: &Archive, ids: &Ids, emit: &mut dyn FnMut(&[u8])) -> Option<()> {
    let mut doc = Parts::new(emit);
    doc.field("schema", &"archive.schema.json")?;
    doc.field("schema_version", &SCHEMA_VERSION)?;
    doc.field("site", &SiteView::of(&a.config))?;
    doc.list("briefings", &a.briefings, entry_size, |i, b| {
        briefing_doc(a, ids, i, b)
    })?;
    doc.list("waves", &a.waves, entry_size, |i, w| wave_doc(a, ids, i, w))?;
    doc.list("actors", &a.actors, entry_size, |i, x| {
        actor_doc(a, ids, i, x)
    })?;
    doc.list("sources", &a.sources, entry_size, |i, s| {
        source_doc(a, ids, i, s)
    })?;
    doc.list(
        "figures",
        &a.figures,
        |_| ROW_SIZE,
        |i, f| figure_doc(a, ids, i, f),
    )?;
    doc.list(
        "statements",
        &a.statements,
        |_| ROW_SIZE,
        |i, s| statement_doc(a, ids, i, s),
    )?;
    doc.finish()
}

/// A pretty-printed JSON object (see [`HtmlSafe`]) at the top of a
/// document, its long lists written in parts on the threads.
struct Parts<'e> {
    /// Where each piece goes once written.
    emit: &'e mut dyn FnMut(&[u8]),
    /// The piece being written.
    open: Vec<u8>,
    /// The layout of the object.
    f: HtmlSafe,
    /// Whether the object has no field yet.
    first: bool,
}

impl<'e> Parts<'e> {
    /// An empty document.
    fn new(emit: &'e mut dyn FnMut(&[u8])) -> Parts<'e> {
        let mut open = Vec::with_capacity(4096);
        let mut f = HtmlSafe::at(0);
        // Writing into memory does not fail.
        let _ = f.begin_object(&mut open);
        Parts {
            emit,
            open,
            f,
            first: true,
        }
    }

    /// Starts the field `key` (a name that needs no escaping).
    fn key(&mut self, key: &str) -> Option<()> {
        self.f.begin_object_key(&mut self.open, self.first).ok()?;
        self.first = false;
        self.open.push(b'"');
        self.open.extend_from_slice(key.as_bytes());
        self.open.push(b'"');
        self.f.begin_object_value(&mut self.open).ok()
    }

    /// A field with a small value, written here.
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Option<()> {
        self.key(key)?;
        let ser =
            &mut serde_json::Serializer::with_formatter(&mut self.open, HtmlSafe::at(self.f.depth));
        v.serialize(ser).ok()?;
        self.f.end_object_value(&mut self.open).ok()
    }

    /// A field with the list of `doc` of each of `items`, written in
    /// parts on several threads. `size` guesses the size of an item's
    /// document, to set room aside.
    fn list<'a, T: Sync, D: Serialize>(
        &mut self,
        key: &str,
        items: &'a [T],
        size: impl Fn(&T) -> usize + Sync,
        doc: impl Fn(usize, &'a T) -> D + Sync,
    ) -> Option<()> {
        self.key(key)?;
        let mut list = HtmlSafe::at(self.f.depth);
        list.begin_array(&mut self.open).ok()?;
        // The list is written a window of parts at a time, the parts of a
        // window on the threads; each part becomes a piece as it is.
        let per_part = items.len().div_ceil(64).max(1);
        let window = per_part * 2 * rayon::current_num_threads().max(1);
        (self.emit)(&self.open);
        self.open.clear();
        for (w, items) in items.chunks(window).enumerate() {
            let first = w * window;
            let parts: Vec<Option<Vec<u8>>> = items
                .par_chunks(per_part)
                .enumerate()
                .map(|(n, chunk)| {
                    let mut out = Vec::with_capacity(chunk.iter().map(&size).sum());
                    for (k, x) in chunk.iter().enumerate() {
                        let i = first + n * per_part + k;
                        list.line(&mut out, i == 0).ok()?;
                        let ser = &mut serde_json::Serializer::with_formatter(
                            &mut out,
                            HtmlSafe::at(list.depth),
                        );
                        doc(i, x).serialize(ser).ok()?;
                    }
                    Some(out)
                })
                .collect();
            for part in parts {
                (self.emit)(&part?);
            }
        }
        list.has_value = !items.is_empty();
        list.end_array(&mut self.open).ok()?;
        self.f.end_object_value(&mut self.open).ok()
    }

    /// Ends the document with a line break.
    fn finish(mut self) -> Option<()> {
        self.f.end_object(&mut self.open).ok()?;
        self.open.push(b'\n');
        (self.emit)(&self.open);
        Some(())
    }
}

#[derive(Serialize)]
struct BriefingDoc<'a> {
    slug: &'a str,
    page_path: String,
    page_url: Option<String>,
    file: &'a str,
    title: &'a str,
    date: String,
    date_time: Option<String>,
    updated: Option<String>,
    updated_time: Option<String>,
    summary: Option<&'a str>,
    authors: &'a [String],
    waves: Vec<&'a str>,
    actors: Vec<&'a str>,
    sources: Vec<&'a str>,
    tags: &'a [String],
    draft: bool,
    body_markdown: RawJson,
    related: BriefingRelated<'a>,
}

#[derive(Serialize)]
struct BriefingRelated<'a> {
    waves: Vec<&'a str>,
    actors: Vec<&'a str>,
    citations: Vec<CitationDoc<'a>>,
    sources_not_cited: Vec<&'a str>,
    figures: Vec<&'a str>,
    statements: Vec<&'a str>,
}

#[derive(Serialize)]
struct CitationDoc<'a> {
    number: usize,
    source: &'a str,
    count: usize,
    locators: &'a [String],
}

#[derive(Serialize)]
struct WaveDoc<'a> {
    slug: &'a str,
    page_path: String,
    page_url: Option<String>,
    file: &'a str,
    title: &'a str,
    date: String,
    end_date: Option<String>,
    locations: &'a [String],
    summary: Option<&'a str>,
    body_markdown: RawJson,
    related: WaveRelated<'a>,
}

#[derive(Serialize)]
struct WaveRelated<'a> {
    briefings: Vec<&'a str>,
    figures: Vec<&'a str>,
    statements: Vec<&'a str>,
    actors: Vec<&'a str>,
}

#[derive(Serialize)]
struct ActorDoc<'a> {
    slug: &'a str,
    page_path: String,
    page_url: Option<String>,
    file: &'a str,
    name: &'a str,
    kind: &'a str,
    country: Option<&'a str>,
    aliases: &'a [String],
    member_of: Option<&'a str>,
    summary: Option<&'a str>,
    body_markdown: RawJson,
    related: ActorRelated<'a>,
}

#[derive(Serialize)]
struct ActorRelated<'a> {
    members: Vec<&'a str>,
    statements: Vec<&'a str>,
    figures: Vec<&'a str>,
    waves: Vec<&'a str>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize)]
struct SourceDoc<'a> {
    slug: &'a str,
    page_path: String,
    page_url: Option<String>,
    file: &'a str,
    title: &'a str,
    publisher: &'a str,
    kind: &'a str,
    date: String,
    date_time: Option<String>,
    authors: &'a [String],
    url: Option<&'a str>,
    archived_url: Option<&'a str>,
    accessed: Option<String>,
    language: Option<&'a str>,
    citation: String,
    body_markdown: RawJson,
    related: SourceRelated<'a>,
}

#[derive(Serialize)]
struct SourceRelated<'a> {
    briefings: Vec<&'a str>,
    figures: Vec<&'a str>,
    statements: Vec<&'a str>,
}

#[derive(Serialize)]
struct FigureDoc<'a> {
    id: &'a str,
    briefing: &'a str,
    label: &'a str,
    value: Option<Num>,
    min: Option<Num>,
    max: Option<Num>,
    approx: bool,
    display: String,
    status: Option<&'static str>,
    as_of: Option<String>,
    wave: Option<&'a str>,
    source: &'a str,
    attributed_to: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct StatementDoc<'a> {
    id: &'a str,
    briefing: &'a str,
    actor: &'a str,
    date: String,
    quote: &'a str,
    stance: Option<&'a str>,
    wave: Option<&'a str>,
    source: &'a str,
}

fn slugs<'a, T>(items: &'a [Item<T>], ix: &[usize]) -> Vec<&'a str> {
    ix.iter()
        .filter_map(|&i| items.get(i).map(|x| x.slug.as_str()))
        .collect()
}

fn id_list<'a>(ids: &'a [String], ix: &[usize]) -> Vec<&'a str> {
    ix.iter()
        .filter_map(|&i| ids.get(i).map(String::as_str))
        .collect()
}

/// The page of an entry, from the site root, and its address when the
/// site has a `base_url`.
fn page(a: &Archive, dir: &str, slug: &str) -> (String, Option<String>) {
    let path = [dir, "/", slug, "/index.html"].concat();
    let url = a
        .config
        .base_url
        .as_deref()
        .map(|b| [b.trim_end_matches('/'), "/", &path].concat());
    (path, url)
}

fn briefing_doc<'a>(
    a: &'a Archive,
    ids: &'a Ids,
    i: usize,
    b: &'a Item<BriefingData>,
) -> BriefingDoc<'a> {
    let ix = &a.index;
    let d = &b.data;
    let (page_path, page_url) = page(a, "briefings", &b.slug);
    let refs = |v: &'a [crate::model::entities::Ref]| -> Vec<&'a str> {
        v.iter().map(|r| r.slug.as_str()).collect()
    };
    let citations = ix.briefing_cited[i]
        .iter()
        .enumerate()
        .filter_map(|(k, &s)| {
            Some(CitationDoc {
                number: k + 1,
                source: a.sources.get(s)?.slug.as_str(),
                count: ix.briefing_cite_counts[i].get(k).copied().unwrap_or(0),
                locators: ix.briefing_locators[i]
                    .get(k)
                    .map_or(&[][..], Vec::as_slice),
            })
        })
        .collect();
    BriefingDoc {
        slug: &b.slug,
        page_path,
        page_url,
        file: &b.file.rel,
        title: &d.title,
        date: iso_date(d.date.day),
        date_time: date_time(&d.date),
        updated: d.updated.map(|u| iso_date(u.day)),
        updated_time: d.updated.as_ref().and_then(date_time),
        summary: d.summary.as_deref(),
        authors: &d.authors,
        waves: refs(&d.waves),
        actors: refs(&d.actors),
        sources: refs(&d.sources),
        tags: &d.tags,
        draft: d.draft,
        body_markdown: body_markdown(&b.file),
        related: BriefingRelated {
            waves: slugs(&a.waves, &ix.briefing_waves[i]),
            actors: slugs(&a.actors, &ix.briefing_actors[i]),
            citations,
            sources_not_cited: slugs(&a.sources, &ix.briefing_uncited[i]),
            figures: id_list(&ids.figures, &ix.briefing_figures[i]),
            statements: id_list(&ids.statements, &ix.briefing_statements[i]),
        },
    }
}

fn wave_doc<'a>(a: &'a Archive, ids: &'a Ids, i: usize, w: &'a Item<WaveData>) -> WaveDoc<'a> {
    let ix = &a.index;
    let d = &w.data;
    let (page_path, page_url) = page(a, "waves", &w.slug);
    WaveDoc {
        slug: &w.slug,
        page_path,
        page_url,
        file: &w.file.rel,
        title: &d.title,
        date: iso_date(d.date.day),
        end_date: d.end_date.map(iso_date),
        locations: &d.locations,
        summary: d.summary.as_deref(),
        body_markdown: body_markdown(&w.file),
        related: WaveRelated {
            briefings: slugs(&a.briefings, &ix.wave_briefings[i]),
            figures: id_list(&ids.figures, &ix.wave_figures[i]),
            statements: id_list(&ids.statements, &ix.wave_statements[i]),
            actors: slugs(&a.actors, &ix.wave_actors[i]),
        },
    }
}

fn actor_doc<'a>(a: &'a Archive, ids: &'a Ids, i: usize, x: &'a Item<ActorData>) -> ActorDoc<'a> {
    let ix = &a.index;
    let d = &x.data;
    let (page_path, page_url) = page(a, "actors", &x.slug);
    ActorDoc {
        slug: &x.slug,
        page_path,
        page_url,
        file: &x.file.rel,
        name: &d.name,
        kind: &d.kind,
        country: d.country.as_deref(),
        aliases: &d.aliases,
        member_of: ix.actor_parent[i]
            .and_then(|p| a.actors.get(p))
            .map(|p| p.slug.as_str()),
        summary: d.summary.as_deref(),
        body_markdown: body_markdown(&x.file),
        related: ActorRelated {
            members: slugs(&a.actors, &ix.actor_members[i]),
            statements: id_list(&ids.statements, &ix.actor_statements[i]),
            figures: id_list(&ids.figures, &ix.actor_figures[i]),
            waves: slugs(&a.waves, &ix.actor_waves[i]),
            briefings: slugs(&a.briefings, &ix.actor_briefings[i]),
        },
    }
}

fn source_doc<'a>(
    a: &'a Archive,
    ids: &'a Ids,
    i: usize,
    s: &'a Item<SourceData>,
) -> SourceDoc<'a> {
    let ix = &a.index;
    let d = &s.data;
    let (page_path, page_url) = page(a, "sources", &s.slug);
    SourceDoc {
        slug: &s.slug,
        page_path,
        page_url,
        file: &s.file.rel,
        title: &d.title,
        publisher: &d.publisher,
        kind: &d.kind,
        date: iso_date(d.date.day),
        date_time: date_time(&d.date),
        authors: &d.authors,
        url: d.url.as_deref(),
        archived_url: d.archived_url.as_deref(),
        accessed: d.accessed.map(iso_date),
        language: d.language.as_deref(),
        citation: citation_text(a, i),
        body_markdown: body_markdown(&s.file),
        related: SourceRelated {
            briefings: slugs(&a.briefings, &ix.source_briefings[i]),
            figures: id_list(&ids.figures, &ix.source_figures[i]),
            statements: id_list(&ids.statements, &ix.source_statements[i]),
        },
    }
}

fn figure_doc<'a>(a: &'a Archive, ids: &'a Ids, i: usize, f: &'a Figure) -> FigureDoc<'a> {
    FigureDoc {
        id: ids.figures.get(i).map_or("", String::as_str),
        briefing: slug_of(&a.briefings, f.briefing),
        label: &f.doc.label,
        value: f.doc.value.map(Num),
        min: f.doc.min.map(Num),
        max: f.doc.max.map(Num),
        approx: f.doc.approx,
        display: figure_display(&f.doc),
        status: f.doc.status.map(|s| s.as_str()),
        as_of: f.doc.as_of.map(iso_date),
        wave: f.wave.map(|w| slug_of(&a.waves, w)),
        source: slug_of(&a.sources, f.source),
        attributed_to: f.attributed_to.map(|x| slug_of(&a.actors, x)),
        note: f.doc.note.as_deref(),
    }
}

fn statement_doc<'a>(a: &'a Archive, ids: &'a Ids, i: usize, s: &'a Statement) -> StatementDoc<'a> {
    StatementDoc {
        id: ids.statements.get(i).map_or("", String::as_str),
        briefing: slug_of(&a.briefings, s.briefing),
        actor: slug_of(&a.actors, s.actor),
        date: iso_date(s.doc.date.day),
        quote: &s.doc.quote,
        stance: s.doc.stance.as_deref(),
        wave: s.wave.map(|w| slug_of(&a.waves, w)),
        source: slug_of(&a.sources, s.source),
    }
}

fn slug_of<T>(items: &[Item<T>], i: usize) -> &str {
    items.get(i).map_or("", |x| x.slug.as_str())
}

// ---------------------------------------------------------------------------
// CSV

/// Slug and title (or name) of the entry `i`, or two empty strings.
fn named<T>(items: &[Item<T>], i: Option<usize>, title: fn(&T) -> &str) -> [&str; 2] {
    match i.and_then(|i| items.get(i)) {
        Some(x) => [x.slug.as_str(), title(&x.data)],
        None => ["", ""],
    }
}

/// A row of a table: the text of each cell, borrowed where it can be.
type Row<'a> = Vec<Cow<'a, str>>;

fn figure_rows<'a>(a: &'a Archive, ids: &'a Ids) -> impl Iterator<Item = Row<'a>> + 'a {
    a.figures.iter().zip(&ids.figures).map(move |(f, id)| {
        let d = &f.doc;
        let opt = |v: Option<f64>| Cow::Owned(v.map(num_text).unwrap_or_default());
        let mut row: Row<'a> = Vec::with_capacity(FIGURE_COLUMNS.len());
        row.extend([
            Cow::Borrowed(id.as_str()),
            Cow::Borrowed(d.label.as_str()),
            Cow::Owned(figure_display(d)),
            opt(d.value),
            opt(d.min),
            opt(d.max),
            Cow::Borrowed(if d.approx { "true" } else { "false" }),
            Cow::Borrowed(d.status.map_or("", |s| s.as_str())),
            Cow::Owned(d.as_of.map(iso_date).unwrap_or_default()),
        ]);
        row.extend(named(&a.waves, f.wave, |w| &w.title).map(Cow::Borrowed));
        row.extend(named(&a.actors, f.attributed_to, |x| &x.name).map(Cow::Borrowed));
        row.extend(named(&a.sources, Some(f.source), |s| &s.title).map(Cow::Borrowed));
        row.push(Cow::Borrowed(source_url(a, f.source)));
        row.extend(named(&a.briefings, Some(f.briefing), |b| &b.title).map(Cow::Borrowed));
        row.push(Cow::Borrowed(d.note.as_deref().unwrap_or_default()));
        row
    })
}

fn statement_rows<'a>(a: &'a Archive, ids: &'a Ids) -> impl Iterator<Item = Row<'a>> + 'a {
    a.statements
        .iter()
        .zip(&ids.statements)
        .map(move |(s, id)| {
            let d = &s.doc;
            let mut row: Row<'a> = Vec::with_capacity(STATEMENT_COLUMNS.len());
            row.push(Cow::Borrowed(id.as_str()));
            row.push(Cow::Owned(iso_date(d.date.day)));
            row.extend(named(&a.actors, Some(s.actor), |x| &x.name).map(Cow::Borrowed));
            row.push(Cow::Borrowed(d.stance.as_deref().unwrap_or_default()));
            row.push(Cow::Borrowed(d.quote.as_str()));
            row.extend(named(&a.waves, s.wave, |w| &w.title).map(Cow::Borrowed));
            row.extend(named(&a.sources, Some(s.source), |x| &x.title).map(Cow::Borrowed));
            row.push(Cow::Borrowed(source_url(a, s.source)));
            row.extend(named(&a.briefings, Some(s.briefing), |b| &b.title).map(Cow::Borrowed));
            row
        })
}

fn source_url(a: &Archive, i: usize) -> &str {
    a.sources
        .get(i)
        .and_then(|s| s.data.url.as_deref())
        .unwrap_or("")
}

/// A CSV table (RFC 4180: comma, `"` quoting where needed, CRLF between
/// records; UTF-8 without a byte-order mark) with a header row.
fn table<'a>(columns: &[&str], rows: impl Iterator<Item = Row<'a>>) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(columns)?;
    for row in rows {
        w.write_record(row.iter().map(|c| c.as_bytes()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_as_written() {
        assert_eq!(num_text(600.0), "600");
        assert_eq!(num_text(12.5), "12.5");
        assert_eq!(
            serde_json::to_string(&[Num(600.0), Num(0.5)]).unwrap_or_default(),
            "[600,0.5]"
        );
    }

    #[test]
    fn markup_in_strings_is_escaped_and_reads_back_the_same() {
        let text = "<script>alert('x')</script> & 한국";
        let safe = html_safe_json(&[text]).unwrap_or_default();
        assert!(!safe.iter().any(|b| matches!(b, b'<' | b'>' | b'&')));
        let back: Vec<String> = serde_json::from_slice(&safe).unwrap_or_default();
        assert_eq!(back, [text]);
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one_from_any_depth() {
        let v = serde_json::json!({
            "a": [], "b": {}, "c": [1, [2, []], {"d": {}, "e": [{}]}],
            "f": "x", "g": null, "h": [true, 1.5, {"i": "j"}],
        });
        let pretty = serde_json::to_vec_pretty(&v).unwrap_or_default();
        let mut ours = html_safe_json(&v).unwrap_or_default();
        assert_eq!(ours.pop(), Some(b'\n'));
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&pretty)
        );
        // A document written in parts is the document written at once.
        for n in [0, 1, 2, 3, 65, 130] {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| serde_json::json!({"n": i, "l": [i, {"<": []}], "e": {}}))
                .collect();
            // (A Value keeps its keys sorted.)
            let whole = serde_json::json!({"a": "v", "b": items, "c": [[]]});
            let mut written = Vec::new();
            let mut pieces = 0;
            let mut emit = |piece: &[u8]| {
                written.extend_from_slice(piece);
                pieces += 1;
            };
            let mut parts = Parts::new(&mut emit);
            assert!(parts.field("a", "v").is_some());
            assert!(parts.list("b", &items, |_| 10, |_, x| x).is_some());
            assert!(parts.field("c", &[[0u8; 0]]).is_some());
            assert!(parts.finish().is_some());
            assert_eq!(Some(written), html_safe_json(&whole), "{n} items");
            // Long lists come in several pieces.
            assert!(pieces > 2 || n < 65, "{n} items in {pieces} pieces");
        }
    }

    #[test]
    fn the_schema_is_json_with_the_current_version() {
        let v: serde_json::Value = serde_json::from_str(SCHEMA).unwrap_or_default();
        assert_eq!(
            v["properties"]["schema_version"]["const"].as_str(),
            Some(SCHEMA_VERSION)
        );
    }
}
