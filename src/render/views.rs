//! What templates see: plain, purpose-built views of the archive, with every
//! URL already made relative to the page being rendered. Templates never
//! compute relations; they only lay out what is here.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::entities::{FigureDoc, Kind};
use crate::model::{Archive, Figure, Statement};

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Formats a day as `12 October 2023`.
pub fn date_display(d: NaiveDate) -> String {
    use chrono::Datelike;
    // What `%-d %B %Y` writes, without parsing the format on every call
    // (thousands of dates a page on long lists).
    match MONTHS.get(d.month0() as usize) {
        Some(month) if (0..=9999).contains(&d.year()) => {
            let mut out = String::with_capacity(20);
            out.push_str(itoa::Buffer::new().format(d.day()));
            out.push(' ');
            out.push_str(month);
            out.push(' ');
            push_digits(&mut out, d.year() as u32, 4);
            out
        }
        _ => d.format("%-d %B %Y").to_string(),
    }
}

/// Appends the last `width` decimal digits of `n`, with leading zeros.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
    }
}

/// `YYYY-MM-DD`, as `<time datetime>` wants it.
pub(crate) fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        // NaiveDate's Display is ISO 8601, as `%Y-%m-%d` but cheaper.
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    push_digits(&mut out, d.year() as u32, 4);
    out.push('-');
    push_digits(&mut out, d.month(), 2);
    out.push('-');
    push_digits(&mut out, d.day(), 2);
    out
}

/// Formats a count with thousands separators: `2,000`.
pub fn number(n: f64) -> String {
    if n.fract() != 0.0 {
        return format!("{n}");
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The words for a figure's number: "about 600", "500–600", "up to 200".
pub fn figure_display(f: &FigureDoc) -> String {
    let about = if f.approx { "about " } else { "" };
    match (f.value, f.min, f.max) {
        (Some(v), _, _) => [about, &number(v)].concat(),
        (None, Some(lo), Some(hi)) => [about, &number(lo), "–", &number(hi)].concat(),
        (None, Some(lo), None) => ["at least ", &number(lo)].concat(),
        (None, None, Some(hi)) => ["up to ", &number(hi)].concat(),
        (None, None, None) => String::new(),
    }
}

/// A link to one entry.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// Its title or name.
    pub title: &'a str,
    /// Relative URL from the current page.
    pub url: Cow<'a, str>,
}

/// The way up from an entry's page (`briefings/<slug>/index.html` and the
/// like) to the site root.
const ENTRY_ROOT: &str = "../../";

/// What many pages show of an entry, made once per build, when a page
/// first needs it, instead of once per page that shows it: addresses as
/// entry pages link to them (from `ENTRY_ROOT`), dates in both forms, a
/// figure's count in words, a source's citation. Shared by the threads
/// that render pages.
pub struct Texts<'a> {
    archive: &'a Archive,
    briefings: Vec<OnceLock<Dated>>,
    waves: Vec<OnceLock<WaveTexts>>,
    actors: Vec<OnceLock<String>>,
    sources: Vec<OnceLock<SourceTexts>>,
    figures: Vec<OnceLock<FigureTexts>>,
    statements: Vec<OnceLock<(String, String)>>,
    /// Briefings' cards as entry pages show them.
    cards: Vec<OnceLock<String>>,
    /// Sources' citations, linked, as entry pages show them.
    citations: Vec<OnceLock<String>>,
}

/// An entry's address from `ENTRY_ROOT`, and its date as `YYYY-MM-DD` and
/// in words.
struct Dated {
    url: String,
    iso: String,
    display: String,
}

struct WaveTexts {
    dated: Dated,
    end_iso: Option<String>,
    end_display: Option<String>,
    dates_display: String,
}

struct SourceTexts {
    dated: Dated,
    accessed: Option<String>,
    citation: String,
}

struct FigureTexts {
    display: String,
    as_of: Option<String>,
    as_of_iso: Option<String>,
}

fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

fn entry_url(dir: &str, slug: &str) -> String {
    [ENTRY_ROOT, dir, "/", slug, "/index.html"].concat()
}

fn dated(dir: &str, slug: &str, day: NaiveDate) -> Dated {
    Dated {
        url: entry_url(dir, slug),
        iso: iso_date(day),
        display: date_display(day),
    }
}

impl<'a> Texts<'a> {
    /// For the entries of `a`; each text is made when first asked for.
    pub fn new(a: &'a Archive) -> Texts<'a> {
        Texts {
            archive: a,
            briefings: slots(a.briefings.len()),
            waves: slots(a.waves.len()),
            actors: slots(a.actors.len()),
            sources: slots(a.sources.len()),
            figures: slots(a.figures.len()),
            statements: slots(a.statements.len()),
            cards: slots(a.briefings.len()),
            citations: slots(a.sources.len()),
        }
    }

    /// The card of briefing `i` on a page `root` below the site root, as
    /// `make` writes it: made once, for the pages at the depth of entry
    /// pages. `None` for pages at any other depth.
    pub(crate) fn card(&self, root: &str, i: usize, make: impl FnOnce() -> String) -> Option<&str> {
        (root == ENTRY_ROOT).then(|| self.cards[i].get_or_init(make).as_str())
    }

    /// Where the linked citation of source `i` is kept once written, for
    /// a page `root` below the site root: pages at the depth of entry
    /// pages show the same one. `None` for pages at any other depth.
    fn citation_slot(&self, root: &str, i: usize) -> Option<&OnceLock<String>> {
        (root == ENTRY_ROOT).then(|| &self.citations[i])
    }

    fn briefing(&self, i: usize) -> &Dated {
        self.briefings[i].get_or_init(|| {
            let b = &self.archive.briefings[i];
            dated("briefings", &b.slug, b.data.date.day)
        })
    }

    fn wave(&self, i: usize) -> &WaveTexts {
        self.waves[i].get_or_init(|| {
            let w = &self.archive.waves[i];
            let (start, end) = (w.data.date.day, w.data.end_date);
            WaveTexts {
                dated: dated("waves", &w.slug, start),
                end_iso: end.map(iso_date),
                end_display: end.filter(|e| *e != start).map(date_display),
                dates_display: wave_dates(start, end),
            }
        })
    }

    fn actor(&self, i: usize) -> &str {
        self.actors[i].get_or_init(|| entry_url("actors", &self.archive.actors[i].slug))
    }

    fn source(&self, i: usize) -> &SourceTexts {
        self.sources[i].get_or_init(|| {
            let s = &self.archive.sources[i];
            SourceTexts {
                dated: dated("sources", &s.slug, s.data.date.day),
                accessed: s.data.accessed.map(date_display),
                citation: citation_text(self.archive, i),
            }
        })
    }

    fn figure(&self, i: usize) -> &FigureTexts {
        self.figures[i].get_or_init(|| {
            let doc = &self.archive.figures[i].doc;
            FigureTexts {
                display: figure_display(doc),
                as_of: doc.as_of.map(date_display),
                as_of_iso: doc.as_of.map(iso_date),
            }
        })
    }

    fn statement(&self, i: usize) -> &(String, String) {
        self.statements[i].get_or_init(|| {
            let d = self.archive.statements[i].doc.date.day;
            (iso_date(d), date_display(d))
        })
    }
}

/// The entries whose data a page shows, by kind and index: what a live
/// rebuild needs to know which pages an edit affects.
pub type Touched = std::cell::RefCell<Vec<(Kind, usize)>>;

/// Makes links relative to one page.
#[derive(Clone, Copy)]
pub struct Linker<'a> {
    /// `""`, `"../"` or `"../../"`: from the page up to the site root.
    pub root: &'a str,
    /// The archive.
    pub archive: &'a Archive,
    /// When set, every entry whose data goes into the page is noted here.
    pub touched: Option<&'a Touched>,
    /// The texts of entries, made once for all the pages of a build.
    pub texts: &'a Texts<'a>,
}

impl<'a> Linker<'a> {
    /// Notes that the page shows data of entry `i` of `kind`.
    pub fn touch(&self, kind: Kind, i: usize) {
        if let Some(t) = self.touched {
            t.borrow_mut().push((kind, i));
        }
    }

    /// URL of a page given its path from the site root.
    pub fn url(&self, path: &str) -> String {
        [self.root, path].concat()
    }
    /// An entry's URL from this page, given it from `ENTRY_ROOT`: borrowed
    /// on entry pages, which all lie at that depth.
    fn entry_url(&self, from_entry: &'a str) -> Cow<'a, str> {
        if self.root == ENTRY_ROOT {
            Cow::Borrowed(from_entry)
        } else {
            let path = from_entry.strip_prefix(ENTRY_ROOT).unwrap_or(from_entry);
            Cow::Owned(self.url(path))
        }
    }
    /// A briefing.
    pub fn briefing(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Briefing, i);
        let b = &self.archive.briefings[i];
        Link {
            slug: &b.slug,
            title: &b.data.title,
            url: self.entry_url(&self.texts.briefing(i).url),
        }
    }
    /// A wave.
    pub fn wave(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Wave, i);
        let w = &self.archive.waves[i];
        Link {
            slug: &w.slug,
            title: &w.data.title,
            url: self.entry_url(&self.texts.wave(i).dated.url),
        }
    }
    /// An actor.
    pub fn actor(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Actor, i);
        let a = &self.archive.actors[i];
        Link {
            slug: &a.slug,
            title: &a.data.name,
            url: self.entry_url(self.texts.actor(i)),
        }
    }
    /// A source.
    pub fn source(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Source, i);
        let s = &self.archive.sources[i];
        Link {
            slug: &s.slug,
            title: &s.data.title,
            url: self.entry_url(&self.texts.source(i).dated.url),
        }
    }

    /// A briefing as a card on a list.
    pub fn briefing_card(&self, i: usize) -> BriefingCard<'a> {
        let b = &self.archive.briefings[i];
        let t = self.texts.briefing(i);
        BriefingCard {
            link: self.briefing(i),
            date: &t.iso,
            date_display: &t.display,
            summary: b.data.summary.as_deref(),
            waves: self.archive.index.briefing_waves[i]
                .iter()
                .map(|&w| self.wave(w))
                .collect(),
            tags: &b.data.tags,
            draft: b.data.draft,
        }
    }

    /// A wave as a card on a list.
    pub fn wave_card(&self, i: usize) -> WaveCard<'a> {
        let w = &self.archive.waves[i];
        let ix = &self.archive.index;
        // The counts come from the briefings that record them.
        if self.touched.is_some() {
            for &f in &ix.wave_figures[i] {
                self.touch(Kind::Briefing, self.archive.figures[f].briefing);
            }
            for &s in &ix.wave_statements[i] {
                self.touch(Kind::Briefing, self.archive.statements[s].briefing);
            }
            for &b in &ix.wave_briefings[i] {
                self.touch(Kind::Briefing, b);
            }
        }
        let t = self.texts.wave(i);
        WaveCard {
            link: self.wave(i),
            date: &t.dated.iso,
            end_date: t.end_iso.as_deref(),
            dates_display: &t.dates_display,
            date_display: &t.dated.display,
            end_date_display: t.end_display.as_deref(),
            locations: &w.data.locations,
            summary: w.data.summary.as_deref(),
            figure_count: ix.wave_figures[i].len(),
            briefing_count: ix.wave_briefings[i].len(),
            statement_count: ix.wave_statements[i].len(),
        }
    }

    /// A figure, with links to everything it refers to.
    pub fn figure(&self, i: usize) -> FigureView<'a> {
        let Figure {
            briefing,
            doc,
            wave,
            source,
            attributed_to,
        } = &self.archive.figures[i];
        let t = self.texts.figure(i);
        FigureView {
            label: &doc.label,
            display: &t.display,
            value: doc.value,
            min: doc.min,
            max: doc.max,
            approx: doc.approx,
            status: doc.status.map(|s| s.as_str()),
            as_of: t.as_of.as_deref(),
            as_of_date: t.as_of_iso.as_deref(),
            note: doc.note.as_deref(),
            wave: wave.map(|w| self.wave(w)),
            source: self.source(*source),
            attributed_to: attributed_to.map(|a| self.actor(a)),
            briefing: self.briefing(*briefing),
        }
    }

    /// A statement, with links to everything it refers to.
    pub fn statement(&self, i: usize) -> StatementView<'a> {
        let Statement {
            briefing,
            doc,
            actor,
            source,
            wave,
        } = &self.archive.statements[i];
        let (iso, display) = self.texts.statement(i);
        StatementView {
            actor: self.actor(*actor),
            date: iso,
            date_display: display,
            quote: &doc.quote,
            stance: doc.stance.as_deref(),
            source: self.source(*source),
            wave: wave.map(|w| self.wave(w)),
            briefing: self.briefing(*briefing),
        }
    }

    /// A source formatted as a citation.
    pub fn citation(&self, i: usize) -> CitationView<'a> {
        let s = &self.archive.sources[i];
        let d = &s.data;
        let t = self.texts.source(i);
        CitationView {
            link: self.source(i),
            publisher: &d.publisher,
            kind: &d.kind,
            date: &t.dated.iso,
            date_display: &t.dated.display,
            authors: &d.authors,
            original_url: d.url.as_deref(),
            archived_url: d.archived_url.as_deref(),
            accessed: t.accessed.as_deref(),
            language: d.language.as_deref(),
            text: &t.citation,
            html: self.texts.citation_slot(self.root, i),
        }
    }
}

/// The plain-text citation of a source.
pub fn citation_text(archive: &Archive, i: usize) -> String {
    let d = &archive.sources[i].data;
    let mut out = String::new();
    if !d.authors.is_empty() {
        out.push_str(&join_names(&d.authors));
        out.push_str(". ");
    }
    out.push_str(&format!(
        "“{}.” {}, {}.",
        d.title.trim_end_matches('.'),
        d.publisher,
        date_display(d.date.day)
    ));
    if let Some(u) = &d.url {
        out.push(' ');
        out.push_str(u);
    }
    if let Some(a) = d.accessed {
        out.push_str(&format!(" Accessed {}.", date_display(a)));
    }
    out
}

/// What goes before name `i` of `n` in "A", "A and B", "A, B, and C".
pub fn name_separator(i: usize, n: usize) -> &'static str {
    match (i, n) {
        (0, _) => "",
        (_, 2) => " and ",
        (i, n) if i + 1 == n => ", and ",
        _ => ", ",
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// Start and end of a wave in words.
pub fn wave_dates(start: NaiveDate, end: Option<NaiveDate>) -> String {
    match end {
        Some(e) if e != start => format!("{} – {}", date_display(start), date_display(e)),
        _ => date_display(start),
    }
}

/// A briefing on a list.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingCard<'a> {
    /// Link to its page.
    #[serde(flatten)]
    pub link: Link<'a>,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// `12 October 2023`.
    pub date_display: &'a str,
    /// One paragraph.
    pub summary: Option<&'a str>,
    /// Waves it is about.
    pub waves: Vec<Link<'a>>,
    /// Free words.
    pub tags: &'a [String],
    /// Shown only in builds with drafts.
    pub draft: bool,
}

/// A wave on a list.
#[derive(Debug, Clone, Serialize)]
pub struct WaveCard<'a> {
    /// Link to its page.
    #[serde(flatten)]
    pub link: Link<'a>,
    /// Start, `YYYY-MM-DD`.
    pub date: &'a str,
    /// End, `YYYY-MM-DD`.
    pub end_date: Option<&'a str>,
    /// Start and end in words.
    pub dates_display: &'a str,
    /// Start in words.
    pub date_display: &'a str,
    /// End in words, when it differs from the start.
    pub end_date_display: Option<&'a str>,
    /// Places.
    pub locations: &'a [String],
    /// One paragraph.
    pub summary: Option<&'a str>,
    /// How many figures count it.
    pub figure_count: usize,
    /// How many briefings are about it.
    pub briefing_count: usize,
    /// How many statements are about it.
    pub statement_count: usize,
}

/// A figure, side by side with others.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView<'a> {
    /// What is counted.
    pub label: &'a str,
    /// "about 600", "500–600", "up to 200".
    pub display: &'a str,
    /// The number.
    pub value: Option<f64>,
    /// Range start.
    pub min: Option<f64>,
    /// Range end.
    pub max: Option<f64>,
    /// About.
    pub approx: bool,
    /// confirmed, reported, estimated, disputed.
    pub status: Option<&'static str>,
    /// The day the count refers to, in words.
    pub as_of: Option<&'a str>,
    /// The same, `YYYY-MM-DD`.
    pub as_of_date: Option<&'a str>,
    /// A note.
    pub note: Option<&'a str>,
    /// The wave it counts.
    pub wave: Option<Link<'a>>,
    /// Who reports it.
    pub source: Link<'a>,
    /// Who claims it.
    pub attributed_to: Option<Link<'a>>,
    /// The briefing that records it.
    pub briefing: Link<'a>,
}

/// A statement.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView<'a> {
    /// Who.
    pub actor: Link<'a>,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// In words.
    pub date_display: &'a str,
    /// The words.
    pub quote: &'a str,
    /// denies, condemns...
    pub stance: Option<&'a str>,
    /// Where it is reported.
    pub source: Link<'a>,
    /// The wave it is about.
    pub wave: Option<Link<'a>>,
    /// The briefing that records it.
    pub briefing: Link<'a>,
}

/// A source as a citation.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView<'a> {
    /// Link to its page; `title` is the work's title.
    #[serde(flatten)]
    pub link: Link<'a>,
    /// Publisher.
    pub publisher: &'a str,
    /// news, report...
    pub kind: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// In words.
    pub date_display: &'a str,
    /// Authors.
    pub authors: &'a [String],
    /// The original address.
    pub original_url: Option<&'a str>,
    /// A preserved copy.
    pub archived_url: Option<&'a str>,
    /// When it was read, in words.
    pub accessed: Option<&'a str>,
    /// Language.
    pub language: Option<&'a str>,
    /// The whole citation as plain text.
    pub text: &'a str,
    /// Where the citation's markup, its title linked, is kept once
    /// written (for pages at the depth of entry pages).
    #[serde(skip)]
    pub html: Option<&'a OnceLock<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Dates are written as chrono writes `%-d %B %Y` and `%Y-%m-%d`,
        /// without going through its formatting.
        #[test]
        fn dates_are_written_as_chrono_formats_them(days in -800_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or_default();
            proptest::prop_assert_eq!(date_display(d), d.format("%-d %B %Y").to_string());
            proptest::prop_assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string());
        }
    }
}
