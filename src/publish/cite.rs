//! The bibliography as CSL-JSON, BibTeX (biblatex) and RIS, for reference
//! managers such as Zotero, and the "cite this briefing" strings shown on
//! each briefing page.
//!
//! Every export lists the sources in bibliography order, one entry per
//! source, identified by the source's slug (a valid BibTeX key as it is).
//!
//! | kind | CSL-JSON | biblatex | RIS |
//! | --- | --- | --- | --- |
//! | `news` | `article-newspaper` | `@article` (newspaper) | `NEWS` |
//! | `report` | `report` | `@report` | `RPRT` |
//! | `statement` | `document` | `@online`, or `@misc` without a URL | `ELEC`, or `GEN` |
//! | `testimony` | `interview` | `@misc` | `GEN` |
//! | `dataset` | `dataset` | `@dataset` | `DATA` |
//! | `other` | `document` | `@online`, or `@misc` without a URL | `ELEC`, or `GEN` |
//!
//! Authors are written as persons (family and given names) when the name
//! looks like one, and as literal names otherwise: organisations (a name
//! that is the publisher's, a non-person actor's, or holds words such as
//! "Ministry" or "Watch"), names in Korean, Chinese or Japanese script, and
//! single names.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::entities::SourceData;
use crate::model::Archive;
use crate::render::views::{date_display, iso_date};
use crate::render::{OutputFile, Page};

/// The CSL-JSON export, under the output folder.
pub const CSL_JSON_PATH: &str = "sources/bibliography.json";
/// The BibTeX (biblatex) export.
pub const BIBTEX_PATH: &str = "sources/bibliography.bib";
/// The RIS export.
pub const RIS_PATH: &str = "sources/bibliography.ris";

/// The bibliography exports.
pub fn files(a: &Archive, sink: &(dyn Fn(OutputFile) + Sync)) {
    // Each source's authors, split once for the three formats.
    let organisations = organisation_names(a);
    let authors: Vec<Vec<Name>> = a
        .sources
        .iter()
        .map(|s| names(&s.data.authors, &organisations, Some(&s.data.publisher)))
        .collect();
    // The three formats are independent; each is written on its own.
    let file = |path: &str, text: String| {
        sink(OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        })
    };
    rayon::join(
        || file(CSL_JSON_PATH, csl_json(a, &authors)),
        || {
            rayon::join(
                || file(BIBTEX_PATH, bibtex(a, &authors)),
                || file(RIS_PATH, ris(a, &authors)),
            )
        },
    );
}

// ---------------------------------------------------------------------------
// Names.

/// An author as reference managers want it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    /// A person: family name, given names, suffix ("Jr.").
    Person {
        family: String,
        given: String,
        suffix: String,
    },
    /// An organisation, or a name that cannot be split safely.
    Literal(String),
}

/// Words that mark an organisation's name.
const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    "alliance",
    "assembly",
    "association",
    "authority",
    "board",
    "broadcasting",
    "bureau",
    "campaign",
    "center",
    "centre",
    "coalition",
    "commission",
    "committee",
    "company",
    "congress",
    "corporation",
    "council",
    "court",
    "daily",
    "database",
    "department",
    "desk",
    "editors",
    "embassy",
    "federation",
    "forum",
    "foundation",
    "government",
    "group",
    "inc",
    "initiative",
    "institute",
    "institution",
    "international",
    "ltd",
    "ministry",
    "mission",
    "nations",
    "network",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "press",
    "program",
    "programme",
    "project",
    "radio",
    "reporters",
    "rights",
    "secretariat",
    "service",
    "society",
    "staff",
    "team",
    "television",
    "times",
    "union",
    "university",
    "watch",
];

/// Small words that join the words of a name of an organisation, never a
/// person's ("Committee for Human Rights", "Smith and Sons").
const JOINING_WORDS: &[&str] = &["and", "for", "of", "on", "the", "&"];

/// Lower-case words that belong to the family name ("van", "de").
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn",
    "la", "le", "ten", "ter", "van", "von", "zu",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// The text with every run of white space or control characters made one
/// space, trimmed.
fn clean(s: &str) -> String {
    // Most text is ASCII and clean already: no control characters, no
    // white space but single spaces between words.
    let b = s.as_bytes();
    if s.is_ascii()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.iter().any(|&c| c < b' ' || c == 0x7F)
        && !b.windows(2).any(|w| w == b"  ")
    {
        return s.to_string();
    }
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case, with white space made single spaces.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split_whitespace().enumerate().flat_map(|(k, w)| {
        (k > 0)
            .then_some(' ')
            .into_iter()
            .chain(w.chars().flat_map(char::to_lowercase))
    })
}

/// True when `s` is `key` (already folded) but for case and spaces.
/// Allocates nothing: it runs for every actor and every author.
fn same_name(s: &str, key: &str) -> bool {
    folded(s).eq(key.chars())
}

/// Hangul, CJK ideographs and kana: names written so are not split.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// The names and aliases of the archive's actors that are not persons,
/// folded (see [`folded`]): a name found here is an organisation's.
fn organisation_names(a: &Archive) -> HashSet<String> {
    a.actors
        .iter()
        .filter(|x| x.data.kind != "person")
        .flat_map(|x| std::iter::once(&x.data.name).chain(&x.data.aliases))
        .map(|n| folded(n).collect())
        .collect()
}

/// True when the name is an organisation's rather than a person's.
fn is_organisation(name: &str, organisations: &HashSet<String>, publisher: Option<&str>) -> bool {
    let key: String = folded(name).collect();
    if publisher.is_some_and(|p| same_name(p, &key)) || organisations.contains(&key) {
        return true;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
            .to_lowercase()
    };
    words.len() > 4
        || words.iter().any(|w| {
            let w = bare(w);
            ORGANISATION_WORDS.contains(&w.as_str()) || JOINING_WORDS.contains(&w.as_str())
        })
        // Acronyms: "UNHCR", "NKDB".
        || words.iter().all(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
}

/// "Min-ji", "Yeong-gyo": a Korean given name in its usual romanisation.
fn is_romanised_korean_given(w: &str) -> bool {
    let Some((a, b)) = w.split_once('-') else {
        return false;
    };
    let mut first = a.chars();
    first.next().is_some_and(|c| c.is_ascii_uppercase())
        && first.all(|c| c.is_ascii_lowercase())
        && !b.is_empty()
        && b.chars().all(|c| c.is_ascii_lowercase())
}

/// "Kim", "Lee", "Chung": a short capitalised word, a family name when it
/// comes before a romanised Korean given name.
fn is_short_family_name(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase())
        && w.len() <= 6
        && cs.all(|c| c.is_ascii_lowercase())
}

/// Splits one author as written into a person's names, or keeps it whole.
fn name(raw: &str, organisations: &HashSet<String>, publisher: Option<&str>) -> Name {
    let raw = clean(raw);
    if raw.chars().any(is_cjk) || is_organisation(&raw, organisations, publisher) {
        return Name::Literal(raw);
    }
    // "Family, Given" and "Family, Suffix, Given", as BibTeX writes them.
    let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [family, given] if !family.is_empty() => {
            return Name::Person {
                family: family.to_string(),
                given: given.to_string(),
                suffix: String::new(),
            }
        }
        [family, suffix, given] if !family.is_empty() => {
            return Name::Person {
                family: family.to_string(),
                given: given.to_string(),
                suffix: suffix.to_string(),
            }
        }
        [_] => {}
        _ => return Name::Literal(raw),
    }
    let mut words: Vec<&str> = raw.split(' ').collect();
    let mut suffix = String::new();
    if words.len() >= 3 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        suffix = words.pop().unwrap_or_default().to_string();
    }
    match words.as_slice() {
        [] | [_] => Name::Literal(raw),
        // "Kim Min-ji": family name first.
        [family, given]
            if suffix.is_empty()
                && is_short_family_name(family)
                && is_romanised_korean_given(given) =>
        {
            Name::Person {
                family: family.to_string(),
                given: given.to_string(),
                suffix,
            }
        }
        // "Esther Chung", "Ludwig van Beethoven".
        _ => {
            let mut start = words.len() - 1;
            while start > 1 && PARTICLES.contains(&words[start - 1]) {
                start -= 1;
            }
            Name::Person {
                family: words[start..].join(" "),
                given: words[..start].join(" "),
                suffix,
            }
        }
    }
}

fn names(list: &[String], organisations: &HashSet<String>, publisher: Option<&str>) -> Vec<Name> {
    list.iter()
        .filter(|n| !clean(n).is_empty())
        .map(|n| name(n, organisations, publisher))
        .collect()
}

// ---------------------------------------------------------------------------
// Shared pieces.

/// The BibTeX key of a slug: slugs are already valid keys, and anything
/// else becomes `-`.
pub fn bib_key(slug: &str) -> String {
    let key: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if key.is_empty() {
        "entry".into()
    } else {
        key
    }
}

/// A BCP 47 tag as the language name biblatex's `langid` expects.
fn babel_language(tag: &str) -> Option<&'static str> {
    let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
    let full = match lower.as_str() {
        "en-gb" | "en-uk" => Some("british"),
        "en-us" => Some("american"),
        "de-ch" => Some("swissgerman"),
        "pt-br" => Some("brazilian"),
        _ => None,
    };
    full.or(match lower.split('-').next().unwrap_or("") {
        "ar" => Some("arabic"),
        "cs" => Some("czech"),
        "da" => Some("danish"),
        "de" => Some("ngerman"),
        "el" => Some("greek"),
        "en" => Some("english"),
        "es" => Some("spanish"),
        "fi" => Some("finnish"),
        "fr" => Some("french"),
        "he" => Some("hebrew"),
        "hu" => Some("magyar"),
        "id" => Some("indonesian"),
        "it" => Some("italian"),
        "ja" => Some("japanese"),
        "ko" => Some("korean"),
        "mn" => Some("mongolian"),
        "nb" | "no" => Some("norsk"),
        "nl" => Some("dutch"),
        "pl" => Some("polish"),
        "pt" => Some("portuguese"),
        "ro" => Some("romanian"),
        "ru" => Some("russian"),
        "sv" => Some("swedish"),
        "th" => Some("thai"),
        "tr" => Some("turkish"),
        "uk" => Some("ukrainian"),
        "vi" => Some("vietnamese"),
        "zh" => Some("chinese"),
        _ => None,
    })
}

fn non_empty(s: Option<&String>) -> Option<String> {
    s.map(|v| clean(v)).filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------
// CSL-JSON.

#[derive(Serialize)]
#[serde(untagged)]
enum CslName<'a> {
    Person {
        family: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        given: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
    },
    Literal {
        literal: &'a str,
    },
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: [[i64; 3]; 1],
}

fn csl_date(d: NaiveDate) -> CslDate {
    CslDate {
        date_parts: [[
            i64::from(d.year()),
            i64::from(d.month()),
            i64::from(d.day()),
        ]],
    }
}

#[derive(Serialize)]
struct CslItem<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "citation-key")]
    citation_key: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName<'a>>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'static str>,
    issued: CslDate,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn csl_type(kind: &str) -> (&'static str, Option<&'static str>) {
    match kind {
        "news" => ("article-newspaper", None),
        "report" => ("report", None),
        "statement" => ("document", Some("Statement")),
        "testimony" => ("interview", Some("Testimony")),
        "dataset" => ("dataset", None),
        _ => ("document", None),
    }
}

fn csl_item<'a>(slug: &'a str, d: &SourceData, authors: &'a [Name]) -> CslItem<'a> {
    let (kind, genre) = csl_type(&d.kind);
    let publisher = clean(&d.publisher);
    let (container_title, publisher) = match (d.kind.as_str(), publisher.is_empty()) {
        (_, true) => (None, None),
        ("news", false) => (Some(publisher), None),
        (_, false) => (None, Some(publisher)),
    };
    let archived = non_empty(d.archived_url.as_ref());
    CslItem {
        id: slug,
        kind,
        citation_key: bib_key(slug),
        title: clean(&d.title),
        author: authors
            .iter()
            .map(|n| match n {
                Name::Person {
                    family,
                    given,
                    suffix,
                } => CslName::Person {
                    family,
                    given,
                    suffix,
                },
                Name::Literal(literal) => CslName::Literal { literal },
            })
            .collect(),
        container_title,
        publisher,
        genre,
        issued: csl_date(d.date.day),
        url: non_empty(d.url.as_ref()),
        accessed: d.accessed.map(csl_date),
        language: non_empty(d.language.as_ref()),
        note: archived.as_ref().map(|u| format!("Archived copy: {u}")),
        archive_location: archived,
    }
}

/// The bibliography as a CSL-JSON array (`authors`: each source's, split).
fn csl_json(a: &Archive, authors: &[Vec<Name>]) -> String {
    let items: Vec<CslItem<'_>> = a
        .sources
        .iter()
        .zip(authors)
        .map(|(s, names)| csl_item(&s.slug, &s.data, names))
        .collect();
    // Serialising strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------
// BibTeX (biblatex).

/// Text for a BibTeX field, with LaTeX's special characters escaped so that
/// they print as written. Unicode is kept (biblatex reads UTF-8).
pub fn latex_escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = '\0';
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            // "--" would print as a dash.
            '-' if prev == '-' => out.push_str("{}-"),
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

/// A URL for a verbatim BibTeX field: the characters that would end or
/// break the field are percent-encoded, the rest is kept as written.
fn bib_url(u: &str) -> String {
    let mut out = String::with_capacity(u.len());
    for c in clean(u).chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            ' ' => out.push_str("%20"),
            _ => out.push(c),
        }
    }
    out
}

fn bib_names(list: &[Name]) -> String {
    list.iter()
        .map(|n| match n {
            Name::Literal(s) => format!("{{{}}}", latex_escape(s)),
            Name::Person {
                family,
                given,
                suffix,
            } => {
                // "Family, Given": BibTeX then takes every word before the
                // comma for the family name ("van" as its particle).
                let family = latex_escape(family);
                match (given.is_empty(), suffix.is_empty()) {
                    (true, _) => format!("{{{family}}}"),
                    (false, true) => format!("{family}, {}", latex_escape(given)),
                    (false, false) => format!(
                        "{family}, {}, {}",
                        latex_escape(suffix),
                        latex_escape(given)
                    ),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// One BibTeX entry: fields in order, values already escaped.
fn bib_entry(kind: &str, key: &str, fields: &[(&str, String)]) -> String {
    let size = fields
        .iter()
        .map(|(n, v)| n.len() + v.len() + 8)
        .sum::<usize>();
    let mut out = String::with_capacity(kind.len() + key.len() + size + 8);
    for part in ["@", kind, "{", key, ",\n"] {
        out.push_str(part);
    }
    for (name, value) in fields {
        for part in ["  ", name, " = {", value, "},\n"] {
            out.push_str(part);
        }
    }
    out.push('}');
    out
}

fn source_bibtex(slug: &str, d: &SourceData, authors: &[Name]) -> String {
    let url = non_empty(d.url.as_ref());
    let (kind, publisher_field, extra): (&str, &str, Option<(&str, &str)>) =
        match (d.kind.as_str(), url.is_some()) {
            ("news", _) => (
                "article",
                "journaltitle",
                Some(("entrysubtype", "newspaper")),
            ),
            ("report", _) => ("report", "institution", Some(("type", "Report"))),
            ("testimony", _) => ("misc", "organization", Some(("type", "Testimony"))),
            ("dataset", _) => ("dataset", "publisher", None),
            ("statement", true) => ("online", "organization", Some(("type", "Statement"))),
            ("statement", false) => ("misc", "organization", Some(("type", "Statement"))),
            (_, true) => ("online", "organization", None),
            (_, false) => ("misc", "organization", None),
        };
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !authors.is_empty() {
        fields.push(("author", bib_names(authors)));
    }
    fields.push(("title", latex_escape(&d.title)));
    if !clean(&d.publisher).is_empty() {
        fields.push((publisher_field, latex_escape(&d.publisher)));
    }
    if let Some((name, value)) = extra {
        fields.push((name, value.to_string()));
    }
    fields.push(("date", iso_date(d.date.day)));
    if let Some(u) = &url {
        fields.push(("url", bib_url(u)));
    }
    if let Some(day) = d.accessed {
        fields.push(("urldate", iso_date(day)));
    }
    if let Some(lang) = d.language.as_deref().and_then(babel_language) {
        fields.push(("langid", lang.to_string()));
    }
    if let Some(u) = non_empty(d.archived_url.as_ref()) {
        fields.push(("note", format!("Archived copy: {}", latex_escape(&u))));
    }
    bib_entry(kind, &bib_key(slug), &fields)
}

/// The bibliography as a biblatex file (UTF-8).
fn bibtex(a: &Archive, authors: &[Vec<Name>]) -> String {
    let mut out = String::new();
    for (s, names) in a.sources.iter().zip(authors) {
        out.push_str(&source_bibtex(&s.slug, &s.data, names));
        out.push_str("\n\n");
    }
    out
}

// ---------------------------------------------------------------------------
// RIS.

fn ris_line(out: &mut String, tag: &str, value: &str) {
    out.push_str(tag);
    out.push_str("  - ");
    out.push_str(&clean(value));
    out.push_str("\r\n");
}

fn ris_date(d: NaiveDate) -> String {
    d.format("%Y/%m/%d").to_string()
}

fn source_ris(out: &mut String, slug: &str, d: &SourceData, authors: &[Name]) {
    let url = non_empty(d.url.as_ref());
    let ty = match (d.kind.as_str(), url.is_some()) {
        ("news", _) => "NEWS",
        ("report", _) => "RPRT",
        ("dataset", _) => "DATA",
        ("testimony", _) => "GEN",
        (_, true) => "ELEC",
        (_, false) => "GEN",
    };
    ris_line(out, "TY", ty);
    ris_line(out, "ID", slug);
    ris_line(out, "TI", &d.title);
    for n in authors {
        match n {
            Name::Literal(s) => ris_line(out, "AU", s),
            Name::Person {
                family,
                given,
                suffix,
            } => match (given.is_empty(), suffix.is_empty()) {
                (true, _) => ris_line(out, "AU", family),
                (false, true) => ris_line(out, "AU", &format!("{family}, {given}")),
                (false, false) => ris_line(out, "AU", &format!("{family}, {given}, {suffix}")),
            },
        }
    }
    ris_line(out, "PY", &format!("{:04}", d.date.day.year()));
    ris_line(out, "DA", &ris_date(d.date.day));
    if !clean(&d.publisher).is_empty() {
        ris_line(out, if ty == "NEWS" { "T2" } else { "PB" }, &d.publisher);
    }
    if let Some(u) = &url {
        ris_line(out, "UR", u);
    }
    if let Some(day) = d.accessed {
        ris_line(out, "Y2", &ris_date(day));
    }
    if let Some(lang) = non_empty(d.language.as_ref()) {
        ris_line(out, "LA", &lang);
    }
    if let Some(u) = non_empty(d.archived_url.as_ref()) {
        ris_line(out, "N1", &format!("Archived copy: {u}"));
    }
    ris_line(out, "ER", "");
}

/// The bibliography as RIS (UTF-8, CRLF line ends).
fn ris(a: &Archive, authors: &[Vec<Name>]) -> String {
    let mut out = String::new();
    for (s, names) in a.sources.iter().zip(authors) {
        source_ris(&mut out, &s.slug, &s.data, names);
    }
    out
}

// ---------------------------------------------------------------------------
// Cite this briefing.

/// Where a briefing is: its absolute address when `site.yaml` has a
/// `base_url`, otherwise its path below the site's root.
pub fn briefing_address(a: &Archive, i: usize) -> String {
    let path = Page::Briefing(i).path(a);
    match a.config.base_url.as_deref() {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => path,
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [x, y] => format!("{x} and {y}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// The plain-text citation of a briefing: its authors (or the site, when
/// it names none), title, the site, date and address.
pub fn briefing_text(a: &Archive, i: usize) -> String {
    let d = &a.briefings[i].data;
    let authors: Vec<String> = d
        .authors
        .iter()
        .map(|n| clean(n))
        .filter(|n| !n.is_empty())
        .collect();
    let site = clean(&a.config.title);
    let mut by = if authors.is_empty() {
        site.clone()
    } else {
        join_names(&authors)
    };
    if !by.ends_with('.') {
        by.push('.');
    }
    let title = clean(&d.title);
    let stop = if title.ends_with(['.', '?', '!', '…']) {
        ""
    } else {
        "."
    };
    format!(
        "{by} “{title}{stop}” {site}, {}. {}",
        date_display(d.date.day),
        briefing_address(a, i)
    )
}

/// A biblatex `@online` entry for a briefing; `organisations` are the
/// folded names of [`organisation_names`].
fn bibtex_entry(a: &Archive, organisations: &HashSet<String>, i: usize) -> String {
    let b = &a.briefings[i];
    let d = &b.data;
    let authors = names(&d.authors, organisations, Some(&a.config.title));
    let site = latex_escape(&a.config.title);
    let author = if authors.is_empty() {
        format!("{{{site}}}")
    } else {
        bib_names(&authors)
    };
    let mut fields: Vec<(&str, String)> = vec![
        ("author", author),
        ("title", latex_escape(&d.title)),
        ("organization", site),
        ("date", iso_date(d.date.day)),
    ];
    match a.config.base_url {
        Some(_) => fields.push(("url", bib_url(&briefing_address(a, i)))),
        None => fields.push(("note", latex_escape(&briefing_address(a, i)))),
    }
    if let Some(lang) = babel_language(&a.config.language) {
        fields.push(("langid", lang.to_string()));
    }
    bib_entry("online", &bib_key(&b.slug), &fields)
}

/// The "cite this briefing" strings of many briefings: made once per
/// archive (per build) and used for every briefing page, so that what the
/// citations share is worked out once. Above all, each author's name is
/// looked up in a set of the organisations' names instead of among all
/// the actors one by one; the set is made on first use.
pub struct Cite<'a> {
    archive: &'a Archive,
    /// The folded names of the actors that are not persons.
    organisations: OnceLock<HashSet<String>>,
}

impl<'a> Cite<'a> {
    /// Citations of the briefings of `a`. Cheap: the lookups are made when
    /// first needed.
    pub fn new(a: &'a Archive) -> Cite<'a> {
        Cite {
            archive: a,
            organisations: OnceLock::new(),
        }
    }

    /// [`briefing_text`] of briefing `i`.
    pub fn briefing_text(&self, i: usize) -> String {
        briefing_text(self.archive, i)
    }

    /// A biblatex `@online` entry for briefing `i`.
    pub fn briefing_bibtex(&self, i: usize) -> String {
        let set = self
            .organisations
            .get_or_init(|| organisation_names(self.archive));
        bibtex_entry(self.archive, set, i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn clean_text_is_kept_and_other_text_made_clean(s in "[a \t\n\u{7F}\u{1}한\u{A0}]{0,20}") {
            let slow = s
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(clean(&s), slow);
        }
    }

    fn person(family: &str, given: &str) -> Name {
        Name::Person {
            family: family.into(),
            given: given.into(),
            suffix: String::new(),
        }
    }

    #[test]
    fn names_are_split_sensibly() {
        let none = HashSet::new();
        let n = |s: &str| name(s, &none, Some("Alpha Daily"));
        assert_eq!(n("Esther Chung"), person("Chung", "Esther"));
        assert_eq!(n("Kim Min-ji"), person("Kim", "Min-ji"));
        assert_eq!(n("Chung Yeong-gyo"), person("Chung", "Yeong-gyo"));
        assert_eq!(n("Mary Smith-Jones"), person("Smith-Jones", "Mary"));
        assert_eq!(n("Ludwig van Beethoven"), person("van Beethoven", "Ludwig"));
        assert_eq!(
            n("García Márquez, Gabriel"),
            person("García Márquez", "Gabriel")
        );
        assert_eq!(
            n("Martin Luther King Jr."),
            Name::Person {
                family: "King".into(),
                given: "Martin Luther".into(),
                suffix: "Jr.".into()
            }
        );
        for literal in [
            "김민지",
            "Human Rights Watch",
            "Research desk",
            "alpha  daily",
            "UNHCR",
            "Citizens' Alliance for North Korean Human Rights",
            "Madonna",
        ] {
            assert_eq!(n(literal), Name::Literal(clean(literal)), "{literal}");
        }
    }

    #[test]
    fn actors_that_are_not_persons_are_kept_whole() {
        let set = HashSet::from(["south korea".to_string()]);
        assert_eq!(
            name("South  KOREA", &set, None),
            Name::Literal("South KOREA".into())
        );
        assert_eq!(
            name("South Korea", &HashSet::new(), None),
            person("Korea", "South")
        );
    }

    #[test]
    fn organisations_are_the_actors_that_are_not_persons() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let (mut a, _, _) = crate::load(&crate::Options::new(root));
        // The fixture's actors are all organisations: make one a person.
        let Some(first) = a.actors.first_mut() else {
            panic!("the fixture has actors");
        };
        first.data.kind = "person".into();
        let set = organisation_names(&a);
        for x in &a.actors {
            let key: String = folded(&x.data.name).collect();
            assert_eq!(
                set.contains(&key),
                x.data.kind != "person",
                "{}",
                x.data.name
            );
        }
    }

    #[test]
    fn latex_specials_are_escaped() {
        assert_eq!(
            latex_escape("{a} 100% & $5 #1 a_b ~ ^ \\ -- x"),
            "\\{a\\} 100\\% \\& \\$5 \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{} -{}- x"
        );
        assert_eq!(latex_escape("탈북민\n 600명"), "탈북민 600명");
    }

    #[test]
    fn languages_map_to_babel_names() {
        assert_eq!(babel_language("en"), Some("english"));
        assert_eq!(babel_language("en-GB"), Some("british"));
        assert_eq!(babel_language("ko-KR"), Some("korean"));
        assert_eq!(babel_language("xx"), None);
    }
}
