//! The typed entries of an archive, as read from their files. References to
//! other entries are still slugs here; `Archive::build` resolves them.

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::content::front_matter::YamlPath;

/// The four kinds of entry, one per content folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/briefings/`
    Briefing,
    /// `content/waves/`
    Wave,
    /// `content/actors/`
    Actor,
    /// `content/sources/`
    Source,
}

impl Kind {
    /// All kinds, in folder order.
    pub const ALL: [Kind; 4] = [Kind::Briefing, Kind::Wave, Kind::Actor, Kind::Source];

    /// The content folder and output folder name.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Briefing => "briefings",
            Kind::Wave => "waves",
            Kind::Actor => "actors",
            Kind::Source => "sources",
        }
    }

    /// The folder name back to a kind.
    pub fn from_dir(dir: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.dir() == dir)
    }

    /// A word for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Briefing => "briefing",
            Kind::Wave => "wave",
            Kind::Actor => "actor",
            Kind::Source => "source",
        }
    }
}

/// A slug written in front matter, with where it was written.
#[derive(Debug, Clone)]
pub struct Ref {
    /// The slug as written.
    pub slug: String,
    /// Where in the front matter.
    pub at: YamlPath,
}

/// A date, and the full date-time when one was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntryDate {
    /// The calendar day.
    pub day: NaiveDate,
    /// The RFC 3339 date-time, when given.
    pub datetime: Option<DateTime<FixedOffset>>,
}

impl Default for EntryDate {
    fn default() -> Self {
        EntryDate {
            day: NaiveDate::MIN,
            datetime: None,
        }
    }
}

/// How sure a reported figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Confirmed by an authority or several sources.
    Confirmed,
    /// Reported by a source.
    Reported,
    /// An estimate.
    Estimated,
    /// Contested by others.
    Disputed,
}

impl Status {
    /// The words the front matter accepts.
    pub const NAMES: &'static [&'static str] = &["confirmed", "reported", "estimated", "disputed"];

    /// Parses one of [`Status::NAMES`].
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "confirmed" => Status::Confirmed,
            "reported" => Status::Reported,
            "estimated" => Status::Estimated,
            "disputed" => Status::Disputed,
            _ => return None,
        })
    }

    /// The word as written.
    pub fn as_str(self) -> &'static str {
        Status::NAMES[self as usize]
    }
}

/// A count that a source reports.
#[derive(Debug, Clone, Default)]
pub struct FigureDoc {
    /// What is counted.
    pub label: String,
    /// A single number.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub min: Option<f64>,
    /// Upper bound of a range.
    pub max: Option<f64>,
    /// "about", "some", "up to".
    pub approx: bool,
    /// The wave it counts.
    pub wave: Option<Ref>,
    /// The source that reports it.
    pub source: Option<Ref>,
    /// Who makes the claim.
    pub attributed_to: Option<Ref>,
    /// How sure it is.
    pub status: Option<Status>,
    /// The day the count refers to.
    pub as_of: Option<NaiveDate>,
    /// A note.
    pub note: Option<String>,
    /// Where the figure is written.
    pub at: YamlPath,
}

/// What an actor said or did.
#[derive(Debug, Clone, Default)]
pub struct StatementDoc {
    /// Who.
    pub actor: Option<Ref>,
    /// When.
    pub date: EntryDate,
    /// The words, quoted or paraphrased.
    pub quote: String,
    /// Where it is reported.
    pub source: Option<Ref>,
    /// The wave it is about.
    pub wave: Option<Ref>,
    /// A short label: denies, condemns...
    pub stance: Option<String>,
    /// Where the statement is written.
    pub at: YamlPath,
}

/// Front matter of a briefing.
#[derive(Debug, Clone, Default)]
pub struct BriefingData {
    /// Required.
    pub title: String,
    /// Required.
    pub date: EntryDate,
    /// Last update.
    pub updated: Option<EntryDate>,
    /// One plain paragraph.
    pub summary: Option<String>,
    /// Who wrote it.
    pub authors: Vec<String>,
    /// Waves it is about.
    pub waves: Vec<Ref>,
    /// Actors it is about.
    pub actors: Vec<Ref>,
    /// Sources it relies on.
    pub sources: Vec<Ref>,
    /// Free words.
    pub tags: Vec<String>,
    /// Built only when asked.
    pub draft: bool,
    /// Counts reported by sources. Shared with the archive's list of all
    /// figures, which holds each with its references resolved.
    pub figures: Vec<Arc<FigureDoc>>,
    /// What actors said; shared in the same way.
    pub statements: Vec<Arc<StatementDoc>>,
}

/// Front matter of a wave.
#[derive(Debug, Clone, Default)]
pub struct WaveData {
    /// Required.
    pub title: String,
    /// Start, required.
    pub date: EntryDate,
    /// End, not before the start.
    pub end_date: Option<NaiveDate>,
    /// Place names.
    pub locations: Vec<String>,
    /// One plain paragraph.
    pub summary: Option<String>,
}

/// Front matter of an actor.
#[derive(Debug, Clone, Default)]
pub struct ActorData {
    /// Required.
    pub name: String,
    /// Required: government, ministry, un, ngo, media, person, other.
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// The actor this one belongs to.
    pub member_of: Option<Ref>,
    /// One plain paragraph.
    pub summary: Option<String>,
}

/// The actor kinds the contract allows.
pub const ACTOR_KINDS: &[&str] = &[
    "government",
    "ministry",
    "un",
    "ngo",
    "media",
    "person",
    "other",
];

/// The source kinds the contract allows.
pub const SOURCE_KINDS: &[&str] = &[
    "news",
    "statement",
    "report",
    "testimony",
    "dataset",
    "other",
];

/// Front matter of a source.
#[derive(Debug, Clone, Default)]
pub struct SourceData {
    /// Required.
    pub title: String,
    /// Required.
    pub publisher: String,
    /// Required: news, statement, report, testimony, dataset, other.
    pub kind: String,
    /// Required.
    pub date: EntryDate,
    /// Who wrote it.
    pub authors: Vec<String>,
    /// The original.
    pub url: Option<String>,
    /// A preserved copy.
    pub archived_url: Option<String>,
    /// When it was read.
    pub accessed: Option<NaiveDate>,
    /// BCP 47 language.
    pub language: Option<String>,
}

/// The front matter of any entry.
#[derive(Debug, Clone)]
pub enum EntryData {
    /// A briefing.
    Briefing(Box<BriefingData>),
    /// A wave.
    Wave(WaveData),
    /// An actor.
    Actor(ActorData),
    /// A source.
    Source(SourceData),
}

/// A `[@slug]` citation in a body.
#[derive(Debug, Clone)]
pub struct Cite {
    /// The cited source.
    pub slug: String,
    /// Page, paragraph, etc.
    pub locator: Option<String>,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// A relative link from a body to another entry's file.
#[derive(Debug, Clone)]
pub struct EntryLink {
    /// The kind of the target.
    pub kind: Kind,
    /// The target's slug.
    pub slug: String,
    /// A `#heading` in the target.
    pub fragment: Option<String>,
    /// Byte range in the file.
    pub span: Range<usize>,
}

/// A body rendered to HTML, with what it refers to.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The HTML.
    pub html: String,
    /// Anchors of its headings.
    pub anchors: Vec<String>,
    /// Headings as (level, anchor, text), for a table of contents.
    pub toc: Vec<(u8, String, String)>,
    /// Every citation, in order.
    pub cites: Vec<Cite>,
    /// Cited source slugs in order of first use; the number of a
    /// citation is its position here plus one.
    pub cited: Vec<String>,
    /// Links to other entries.
    pub links: Vec<EntryLink>,
    /// Links to files under `content/static/`: (path below it, byte range).
    pub static_links: Vec<(String, Range<usize>)>,
    /// Words in the body, for the reading-time line.
    pub words: usize,
    /// The body as plain text (`crate::markdown::plain_text`), for the
    /// search index.
    pub text: String,
}

/// Where an entry came from.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Path relative to the archive root, with `/`.
    pub rel: String,
    /// The whole text (BOM removed).
    pub text: Arc<String>,
    /// The front matter's byte range in `text`.
    pub front_matter: Range<usize>,
}

impl FileInfo {
    /// The Markdown body: the text after the closing `---` line.
    pub fn body(&self) -> &str {
        let rest = self.text.get(self.front_matter.end..).unwrap_or("");
        rest.split_once('\n').map_or("", |(_, b)| b)
    }

    /// The byte range in the file where the front-matter value at `path`
    /// is written (the opening `---` when it cannot be found).
    pub fn range_of(&self, path: &[crate::content::front_matter::Seg]) -> Range<usize> {
        crate::content::front_matter::locate_in(&self.text, self.front_matter.clone(), path)
    }
}

/// One entry read from its file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// Its slug (the file stem).
    pub slug: String,
    /// Its file.
    pub file: FileInfo,
    /// Its front matter.
    pub data: EntryData,
    /// Its body.
    pub body: Body,
}
