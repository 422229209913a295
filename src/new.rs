//! `girok new`: starts an entry file with every field of the format, each
//! explained in a comment, so a writer need not remember them. The file
//! builds as written; the writer fills in or deletes the rest.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::content::{slugify, valid_slug};
use crate::diag::Diagnostic;
use crate::model::entities::Kind;

/// The longest slug `new` makes from a title, in characters.
const MAX_SLUG: usize = 60;

/// What to create.
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// Briefing, wave, actor or source.
    pub kind: Kind,
    /// The title (an actor's name).
    pub title: String,
    /// The file stem; made from the title (and the date, for a briefing)
    /// when not given.
    pub slug: Option<String>,
    /// The entry's date: today, unless given.
    pub date: NaiveDate,
}

/// The slug for a title: its ASCII letters and digits in lower case, other
/// runs as `-`, cut at a word boundary to at most 60 characters.
pub fn slug_for(title: &str) -> String {
    let s = slugify(title);
    if s.len() <= MAX_SLUG {
        return s;
    }
    let cut = &s[..MAX_SLUG];
    match cut.rfind('-') {
        Some(i) if i > MAX_SLUG / 2 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// A YAML double-quoted scalar for `s` (JSON strings are valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of the new file.
pub fn text(kind: Kind, title: &str, date: NaiveDate) -> String {
    let t = quoted(title);
    let d = date.format("%Y-%m-%d");
    match kind {
        Kind::Briefing => format!(
            "---
# A briefing: a dated write-up. Fields marked required must stay; delete
# the optional lines you do not need (or leave them commented out).
title: {t}   # required
date: {d}   # required: the day it was written, YYYY-MM-DD
# updated: {d}   # the day it was last changed
# summary: One plain-text paragraph, shown in lists and search results.
# authors: [Research desk]   # who wrote it
# waves: [wave-slug]         # waves it is about (files in content/waves/)
# actors: [actor-slug]       # actors it is about (files in content/actors/)
# sources: [source-slug]     # sources it relies on; cite them in the text as [@source-slug]
# tags: [non-refoulement]    # free words
# draft: true                # drafts are built only with --drafts
#
# Counts that a source reports, one item each. Never merge two sources'
# counts into one: add one item per claim, and they are shown side by side.
# figures:
#   - label: repatriated         # required: what is counted
#     value: 600                 # a number, or a range with min and/or max:
#     # min: 500
#     # max: 600
#     approx: true               # \"about\", \"some\", \"up to\"
#     source: source-slug        # required: where the figure is reported
#     # wave: wave-slug          # the wave it counts
#     # attributed_to: actor-slug   # who makes the claim, if not the source itself
#     status: reported           # confirmed | reported | estimated | disputed
#     # as_of: {d}       # the day the count refers to
#     # note: Up to 200 of them through Dandong.
#
# What an actor said or did, one item each.
# statements:
#   - actor: actor-slug          # required: who
#     date: {d}          # required: when
#     quote: Their words, or a close paraphrase.   # required
#     source: source-slug        # required: where it is reported
#     # wave: wave-slug          # the wave it is about
#     # stance: denies           # a short label: denies, confirms, condemns...
---
"
        ),
        Kind::Wave => format!(
            "---
# A wave: one reported episode of forced return.
title: {t}   # required
date: {d}   # required: the day it started, YYYY-MM-DD
# end_date: {d}   # the day it ended, if it lasted more than one day
# locations: [Dandong, Hunchun]   # place names
# summary: One plain-text paragraph, shown on the timeline and in search results.
#
# The counts for this wave come from briefings: give a briefing's figure
# `wave: <this file's name without .md>`.
---
"
        ),
        Kind::Actor => format!(
            "---
# An actor: a government, ministry, UN body, NGO, media outlet or person.
name: {t}   # required
kind: other   # required: government | ministry | un | ngo | media | person | other
# country: KR   # ISO 3166-1 alpha-2 code
# aliases: [Other name, Abbreviation, 다른 이름]   # other spellings, found by search too
# member_of: actor-slug   # the actor this one belongs to (a ministry's government)
# summary: One plain-text paragraph, shown in lists and search results.
---
"
        ),
        Kind::Source => format!(
            "---
# A source: one entry of the bibliography. The text below the closing line
# is an optional annotation.
title: {t}   # required: the title as published
publisher: Unknown   # required: the outlet, agency or organisation that published it
kind: news   # required: news | statement | report | testimony | dataset | other
date: {d}   # required: the day it was published, YYYY-MM-DD
# authors: [First Author, Second Author]
# url: https://...            # the original
# archived_url: https://...   # a preserved copy (e.g. on web.archive.org)
# accessed: {d}       # the day you read it
# language: en                # BCP 47
---
"
        ),
    }
}

/// Writes the new entry under `root`. Returns the path written, relative
/// to `root`. Never overwrites a file.
pub fn create(root: &Path, e: &NewEntry) -> Result<String, Diagnostic> {
    let title = e.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error("empty-title", "the title is empty").help(
            "give the title in quotes: girok new briefing \"China returns 600 North Koreans\"",
        ));
    }
    let slug = match &e.slug {
        Some(s) => {
            if !valid_slug(s) {
                return Err(Diagnostic::error(
                    "bad-slug",
                    format!("`{s}` cannot be a file name of the archive"),
                )
                .help("use lower-case ASCII letters, digits and -, e.g. 2024-04-jilin-returns"));
            }
            s.clone()
        }
        None => {
            let s = slug_for(title);
            if s.is_empty() {
                return Err(Diagnostic::error(
                    "no-slug",
                    format!("cannot make a file name from the title {}", quoted(title)),
                )
                .help("file names use ASCII letters and digits only; give one with --slug, e.g. --slug jilin-returns"));
            }
            if e.kind == Kind::Briefing {
                format!("{}-{s}", e.date.format("%Y-%m-%d"))
            } else {
                s
            }
        }
    };
    let rel = format!("content/{}/{slug}.md", e.kind.dir());
    let path: PathBuf = root.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|err| {
            Diagnostic::error("io", format!("cannot create the folder: {err}"))
                .in_file(format!("content/{}", e.kind.dir()))
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    "file-exists",
                    "this file already exists; it was left as it is",
                )
                .in_file(rel.clone())
                .help("open it to edit, or give another title or --slug for a new entry")
            } else {
                Diagnostic::error("io", format!("cannot create this file: {err}"))
                    .in_file(rel.clone())
            }
        })?;
    file.write_all(text(e.kind, title, e.date).as_bytes())
        .map_err(|err| {
            Diagnostic::error("io", format!("cannot write this file: {err}")).in_file(rel.clone())
        })?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_cut_at_a_word() {
        assert_eq!(
            slug_for("China returns 600: what we know"),
            "china-returns-600-what-we-know"
        );
        let long = "word ".repeat(30);
        let s = slug_for(&long);
        assert!(
            s.len() <= MAX_SLUG && s.ends_with("word") && !s.ends_with('-'),
            "{s}"
        );
        assert_eq!(slug_for("탈북민"), "");
    }

    #[test]
    fn every_field_of_the_format_is_explained() {
        use crate::content::fields::*;
        let day = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap_or_default();
        let cases: [(Kind, Vec<&str>); 4] = [
            (
                Kind::Briefing,
                [BRIEFING_KEYS, FIGURE_KEYS, STATEMENT_KEYS].concat(),
            ),
            (Kind::Wave, WAVE_KEYS.to_vec()),
            (Kind::Actor, ACTOR_KEYS.to_vec()),
            (Kind::Source, SOURCE_KEYS.to_vec()),
        ];
        for (kind, keys) in cases {
            let t = text(kind, "T", day);
            for key in keys {
                let written = t.lines().any(|l| {
                    let l = l.trim_start_matches(['#', ' ', '-']);
                    l.starts_with(&format!("{key}:"))
                });
                assert!(written, "{kind:?}: `{key}` is not in\n{t}");
            }
        }
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        let t = text(
            Kind::Wave,
            "Returns: \"Jilin\" # 2",
            NaiveDate::from_ymd_opt(2024, 4, 26).unwrap_or_default(),
        );
        let fm = t.split("---\n").nth(1).unwrap_or_default();
        let v: serde_yaml::Value = serde_yaml::from_str(fm).unwrap_or_default();
        assert_eq!(v["title"].as_str(), Some("Returns: \"Jilin\" # 2"));
        assert_eq!(v["date"].as_str(), Some("2024-04-26"));
    }
}
