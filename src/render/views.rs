//! What templates see: plain, purpose-built views of the archive, with every
//! URL already made relative to the page being rendered. Templates never
//! compute relations; they only lay out what is here.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::entities::{EntryDate, FigureDoc, Kind};
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
            format!("{} {month} {:04}", d.day(), d.year())
        }
        _ => d.format("%-d %B %Y").to_string(),
    }
}

/// `YYYY-MM-DD`, as `<time datetime>` wants it.
pub(crate) fn iso_date(d: NaiveDate) -> String {
    // NaiveDate's Display is ISO 8601, as `%Y-%m-%d` but cheaper.
    d.to_string()
}

fn entry_date(d: &EntryDate) -> String {
    iso_date(d.day)
}

/// Formats a count with thousands separators: `2,000`.
pub fn number(n: f64) -> String {
    if n.fract() != 0.0 {
        return format!("{n}");
    }
    let digits = format!("{}", n as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
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
        (Some(v), _, _) => format!("{about}{}", number(v)),
        (None, Some(lo), Some(hi)) => format!("{about}{}–{}", number(lo), number(hi)),
        (None, Some(lo), None) => format!("at least {}", number(lo)),
        (None, None, Some(hi)) => format!("up to {}", number(hi)),
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
    pub url: String,
}

/// The entries whose data a page shows, by kind and index: what a live
/// rebuild needs to know which pages an edit affects.
pub type Touched = std::cell::RefCell<Vec<(Kind, usize)>>;

/// Makes links relative to one page.
#[derive(Debug, Clone, Copy)]
pub struct Linker<'a> {
    /// `""`, `"../"` or `"../../"`: from the page up to the site root.
    pub root: &'a str,
    /// The archive.
    pub archive: &'a Archive,
    /// When set, every entry whose data goes into the page is noted here.
    pub touched: Option<&'a Touched>,
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
        format!("{}{path}", self.root)
    }
    /// A briefing.
    pub fn briefing(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Briefing, i);
        let b = &self.archive.briefings[i];
        Link {
            slug: &b.slug,
            title: &b.data.title,
            url: self.url(&format!("briefings/{}/index.html", b.slug)),
        }
    }
    /// A wave.
    pub fn wave(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Wave, i);
        let w = &self.archive.waves[i];
        Link {
            slug: &w.slug,
            title: &w.data.title,
            url: self.url(&format!("waves/{}/index.html", w.slug)),
        }
    }
    /// An actor.
    pub fn actor(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Actor, i);
        let a = &self.archive.actors[i];
        Link {
            slug: &a.slug,
            title: &a.data.name,
            url: self.url(&format!("actors/{}/index.html", a.slug)),
        }
    }
    /// A source.
    pub fn source(&self, i: usize) -> Link<'a> {
        self.touch(Kind::Source, i);
        let s = &self.archive.sources[i];
        Link {
            slug: &s.slug,
            title: &s.data.title,
            url: self.url(&format!("sources/{}/index.html", s.slug)),
        }
    }

    /// A briefing as a card on a list.
    pub fn briefing_card(&self, i: usize) -> BriefingCard<'a> {
        let b = &self.archive.briefings[i];
        BriefingCard {
            link: self.briefing(i),
            date: entry_date(&b.data.date),
            date_display: date_display(b.data.date.day),
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
        WaveCard {
            link: self.wave(i),
            date: entry_date(&w.data.date),
            end_date: w.data.end_date.map(iso_date),
            dates_display: wave_dates(w.data.date.day, w.data.end_date),
            date_display: date_display(w.data.date.day),
            end_date_display: w
                .data
                .end_date
                .filter(|e| *e != w.data.date.day)
                .map(date_display),
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
        FigureView {
            label: &doc.label,
            display: figure_display(doc),
            value: doc.value,
            min: doc.min,
            max: doc.max,
            approx: doc.approx,
            status: doc.status.map(|s| s.as_str()),
            as_of: doc.as_of.map(date_display),
            as_of_date: doc.as_of.map(iso_date),
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
        StatementView {
            actor: self.actor(*actor),
            date: entry_date(&doc.date),
            date_display: date_display(doc.date.day),
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
        CitationView {
            link: self.source(i),
            publisher: &d.publisher,
            kind: &d.kind,
            date: entry_date(&d.date),
            date_display: date_display(d.date.day),
            authors: &d.authors,
            original_url: d.url.as_deref(),
            archived_url: d.archived_url.as_deref(),
            accessed: d.accessed.map(date_display),
            language: d.language.as_deref(),
            text: citation_text(self.archive, i),
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
    pub date: String,
    /// `12 October 2023`.
    pub date_display: String,
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
    pub date: String,
    /// End, `YYYY-MM-DD`.
    pub end_date: Option<String>,
    /// Start and end in words.
    pub dates_display: String,
    /// Start in words.
    pub date_display: String,
    /// End in words, when it differs from the start.
    pub end_date_display: Option<String>,
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
    pub display: String,
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
    pub as_of: Option<String>,
    /// The same, `YYYY-MM-DD`.
    pub as_of_date: Option<String>,
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
    pub date: String,
    /// In words.
    pub date_display: String,
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
    pub date: String,
    /// In words.
    pub date_display: String,
    /// Authors.
    pub authors: &'a [String],
    /// The original address.
    pub original_url: Option<&'a str>,
    /// A preserved copy.
    pub archived_url: Option<&'a str>,
    /// When it was read, in words.
    pub accessed: Option<String>,
    /// Language.
    pub language: Option<&'a str>,
    /// The whole citation as plain text.
    pub text: String,
}
