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

use serde::{Serialize, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::entities::{ActorData, BriefingData, EntryDate, FileInfo, SourceData, WaveData};
use crate::model::{Archive, Figure, Item, Statement};
use crate::render::views::{citation_text, figure_display};
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

/// The open data files. They are made in memory, where writing does not
/// fail; a file that could not be made would be left out, never cut short.
pub fn files(a: &Archive) -> Vec<OutputFile> {
    let ids = Ids::new(a);
    let (archive, (figures, statements)) = rayon::join(
        || html_safe_json(&archive_doc(a, &ids), archive_size(a)),
        || {
            rayon::join(
                || table(FIGURE_COLUMNS, figure_rows(a, &ids)),
                || table(STATEMENT_COLUMNS, statement_rows(a, &ids)),
            )
        },
    );
    let mut out = Vec::new();
    if let Some(bytes) = archive {
        out.push(OutputFile {
            path: "data/archive.json".into(),
            bytes,
        });
    }
    out.push(OutputFile {
        path: "data/archive.schema.json".into(),
        bytes: SCHEMA.as_bytes().to_vec(),
    });
    if let Ok(bytes) = figures {
        out.push(OutputFile {
            path: "data/figures.csv".into(),
            bytes,
        });
    }
    if let Ok(bytes) = statements {
        out.push(OutputFile {
            path: "data/statements.csv".into(),
            bytes,
        });
    }
    out
}

/// A generous guess at the size of `archive.json`: each entry's file
/// (nearly all of it is written again, escaped), its fields and relations,
/// and each figure and statement. Memory set aside but never written to
/// costs nothing, whereas a buffer that grows is copied, and for a while
/// held twice.
fn archive_size(a: &Archive) -> usize {
    let entries = a.briefings.len() + a.waves.len() + a.actors.len() + a.sources.len();
    let text: usize = (a.briefings.iter().map(|x| x.file.text.len()))
        .chain(a.waves.iter().map(|x| x.file.text.len()))
        .chain(a.actors.iter().map(|x| x.file.text.len()))
        .chain(a.sources.iter().map(|x| x.file.text.len()))
        .sum();
    text + text / 4 + 2048 * entries + 768 * (a.figures.len() + a.statements.len()) + 4096
}

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

/// Pretty-printed JSON, ending with a line break, with `<`, `>` and `&`
/// written as `\u003c`, `\u003e` and `\u0026` (they can only occur inside
/// strings), so that no browser can take markup quoted from content for
/// HTML; JSON readers see the same strings. `capacity` is the room to set
/// aside for it.
fn html_safe_json<T: Serialize>(v: &T, capacity: usize) -> Option<Vec<u8>> {
    let mut ser = serde_json::Serializer::with_formatter(
        Vec::with_capacity(capacity),
        HtmlSafe(PrettyFormatter::new()),
    );
    v.serialize(&mut ser).ok()?;
    let mut out = ser.into_inner();
    out.push(b'\n');
    Some(out)
}

/// serde_json's pretty layout, escaping `<`, `>` and `&` inside strings.
struct HtmlSafe<'a>(PrettyFormatter<'a>);

impl Formatter for HtmlSafe<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment.as_bytes();
        while let Some(at) = rest.iter().position(|b| matches!(b, b'<' | b'>' | b'&')) {
            w.write_all(&rest[..at])?;
            w.write_all(match rest[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            rest = &rest[at + 1..];
        }
        w.write_all(rest)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
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

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date_time(d: &EntryDate) -> Option<String> {
    d.datetime.map(|t| t.to_rfc3339())
}

/// The Markdown body as written: the file's text after the closing `---`
/// line, with Windows line ends made `\n`.
fn body_markdown(f: &FileInfo) -> Cow<'_, str> {
    let body = f.body();
    if body.contains('\r') {
        Cow::Owned(body.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(body)
    }
}

#[derive(Serialize)]
struct ArchiveDoc<'a> {
    schema: &'static str,
    schema_version: &'static str,
    site: SiteView<'a>,
    briefings: Each<'a, Item<BriefingData>, BriefingDoc<'a>>,
    waves: Each<'a, Item<WaveData>, WaveDoc<'a>>,
    actors: Each<'a, Item<ActorData>, ActorDoc<'a>>,
    sources: Each<'a, Item<SourceData>, SourceDoc<'a>>,
    figures: Each<'a, Figure, FigureDoc<'a>>,
    statements: Each<'a, Statement, StatementDoc<'a>>,
}

/// A list of documents made from `items` one at a time as they are
/// written, so that the whole list is never held in memory.
struct Each<'a, T, D> {
    items: &'a [T],
    doc: Box<dyn Fn(usize, &'a T) -> D + 'a>,
}

impl<'a, T, D> Each<'a, T, D> {
    fn new(items: &'a [T], doc: impl Fn(usize, &'a T) -> D + 'a) -> Self {
        Each {
            items,
            doc: Box::new(doc),
        }
    }
}

impl<T, D: Serialize> Serialize for Each<'_, T, D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().enumerate().map(|(i, x)| (self.doc)(i, x)))
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
    body_markdown: Cow<'a, str>,
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
    body_markdown: Cow<'a, str>,
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
    body_markdown: Cow<'a, str>,
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
    body_markdown: Cow<'a, str>,
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
    let path = format!("{dir}/{slug}/index.html");
    let url = a
        .config
        .base_url
        .as_deref()
        .map(|b| format!("{}/{path}", b.trim_end_matches('/')));
    (path, url)
}

fn archive_doc<'a>(a: &'a Archive, ids: &'a Ids) -> ArchiveDoc<'a> {
    let ix = &a.index;
    let briefings = Each::new(&a.briefings, move |i, b| {
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
            date: day(d.date.day),
            date_time: date_time(&d.date),
            updated: d.updated.map(|u| day(u.day)),
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
    });
    let waves = Each::new(&a.waves, move |i, w| {
        let d = &w.data;
        let (page_path, page_url) = page(a, "waves", &w.slug);
        WaveDoc {
            slug: &w.slug,
            page_path,
            page_url,
            file: &w.file.rel,
            title: &d.title,
            date: day(d.date.day),
            end_date: d.end_date.map(day),
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
    });
    let actors = Each::new(&a.actors, move |i, x| {
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
    });
    let sources = Each::new(&a.sources, move |i, s| {
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
            date: day(d.date.day),
            date_time: date_time(&d.date),
            authors: &d.authors,
            url: d.url.as_deref(),
            archived_url: d.archived_url.as_deref(),
            accessed: d.accessed.map(day),
            language: d.language.as_deref(),
            citation: citation_text(a, i),
            body_markdown: body_markdown(&s.file),
            related: SourceRelated {
                briefings: slugs(&a.briefings, &ix.source_briefings[i]),
                figures: id_list(&ids.figures, &ix.source_figures[i]),
                statements: id_list(&ids.statements, &ix.source_statements[i]),
            },
        }
    });
    let figures = Each::new(&a.figures, move |i, f| FigureDoc {
        id: ids.figures.get(i).map_or("", String::as_str),
        briefing: slug_of(&a.briefings, f.briefing),
        label: &f.doc.label,
        value: f.doc.value.map(Num),
        min: f.doc.min.map(Num),
        max: f.doc.max.map(Num),
        approx: f.doc.approx,
        display: figure_display(&f.doc),
        status: f.doc.status.map(|s| s.as_str()),
        as_of: f.doc.as_of.map(day),
        wave: f.wave.map(|w| slug_of(&a.waves, w)),
        source: slug_of(&a.sources, f.source),
        attributed_to: f.attributed_to.map(|x| slug_of(&a.actors, x)),
        note: f.doc.note.as_deref(),
    });
    let statements = Each::new(&a.statements, move |i, s| StatementDoc {
        id: ids.statements.get(i).map_or("", String::as_str),
        briefing: slug_of(&a.briefings, s.briefing),
        actor: slug_of(&a.actors, s.actor),
        date: day(s.doc.date.day),
        quote: &s.doc.quote,
        stance: s.doc.stance.as_deref(),
        wave: s.wave.map(|w| slug_of(&a.waves, w)),
        source: slug_of(&a.sources, s.source),
    });
    ArchiveDoc {
        schema: "archive.schema.json",
        schema_version: SCHEMA_VERSION,
        site: SiteView::of(&a.config),
        briefings,
        waves,
        actors,
        sources,
        figures,
        statements,
    }
}

fn slug_of<T>(items: &[Item<T>], i: usize) -> &str {
    items.get(i).map_or("", |x| x.slug.as_str())
}

// ---------------------------------------------------------------------------
// CSV

/// Slug and title (or name) of the entry `i`, or two empty strings.
fn named<T>(items: &[Item<T>], i: Option<usize>, title: fn(&T) -> &str) -> [String; 2] {
    match i.and_then(|i| items.get(i)) {
        Some(x) => [x.slug.clone(), title(&x.data).to_string()],
        None => [String::new(), String::new()],
    }
}

fn figure_rows<'a>(a: &'a Archive, ids: &'a Ids) -> impl Iterator<Item = Vec<String>> + 'a {
    a.figures.iter().zip(&ids.figures).map(move |(f, id)| {
        let d = &f.doc;
        let opt = |v: Option<f64>| v.map(num_text).unwrap_or_default();
        let mut row = vec![
            id.clone(),
            d.label.clone(),
            figure_display(d),
            opt(d.value),
            opt(d.min),
            opt(d.max),
            d.approx.to_string(),
            d.status.map_or("", |s| s.as_str()).to_string(),
            d.as_of.map(day).unwrap_or_default(),
        ];
        row.extend(named(&a.waves, f.wave, |w| &w.title));
        row.extend(named(&a.actors, f.attributed_to, |x| &x.name));
        row.extend(named(&a.sources, Some(f.source), |s| &s.title));
        row.push(source_url(a, f.source).to_string());
        row.extend(named(&a.briefings, Some(f.briefing), |b| &b.title));
        row.push(d.note.clone().unwrap_or_default());
        row
    })
}

fn statement_rows<'a>(a: &'a Archive, ids: &'a Ids) -> impl Iterator<Item = Vec<String>> + 'a {
    a.statements
        .iter()
        .zip(&ids.statements)
        .map(move |(s, id)| {
            let d = &s.doc;
            let mut row = vec![id.clone(), day(d.date.day)];
            row.extend(named(&a.actors, Some(s.actor), |x| &x.name));
            row.push(d.stance.clone().unwrap_or_default());
            row.push(d.quote.clone());
            row.extend(named(&a.waves, s.wave, |w| &w.title));
            row.extend(named(&a.sources, Some(s.source), |x| &x.title));
            row.push(source_url(a, s.source).to_string());
            row.extend(named(&a.briefings, Some(s.briefing), |b| &b.title));
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
fn table(columns: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(columns)?;
    for row in rows {
        w.write_record(&row)?;
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
        let safe = html_safe_json(&[text], 0).unwrap_or_default();
        assert!(!safe.iter().any(|b| matches!(b, b'<' | b'>' | b'&')));
        let back: Vec<String> = serde_json::from_slice(&safe).unwrap_or_default();
        assert_eq!(back, [text]);
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
