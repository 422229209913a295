//! Typing front matter: from a YAML mapping to the entry structs, reporting
//! every unknown key, missing field and wrong type of a file at once, each at
//! the line where it is written.

use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate};
use serde_yaml::{Mapping, Value};

use super::front_matter::{locate, locate_in, path_display, Seg, YamlPath};
use crate::diag::{did_you_mean, Diagnostic};
use crate::model::entities::*;

/// The file being typed, for locating diagnostics.
pub struct FileCtx<'a> {
    /// Path relative to the root.
    pub rel: &'a str,
    /// Whole text.
    pub text: &'a Arc<String>,
    /// Front matter range in `text`.
    pub fm: Range<usize>,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

impl FileCtx<'_> {
    /// The byte range in the file where `path` is written.
    pub fn range_of(&self, path: &[Seg]) -> Range<usize> {
        locate_in(self.text, self.fm.clone(), path)
    }

    /// An error at `path`.
    pub fn error_at(&mut self, path: &[Seg], code: &'static str, msg: String) -> &mut Diagnostic {
        let range = self.range_of(path);
        self.diags
            .push(Diagnostic::error(code, msg).at(self.rel, self.text, range));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}

/// A mapping being read key by key; keys not read are reported as unknown.
pub struct Fields<'m> {
    map: &'m Mapping,
    path: YamlPath,
    known: &'static [&'static str],
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of keys",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The value of `key` in `map`. Front matter mappings hold a few keys, and
/// comparing them costs less than hashing `key` with the mapping's SipHash
/// (about 400,000 lookups a build at 10,000 briefings).
fn lookup<'m>(map: &'m Mapping, key: &str) -> Option<&'m Value> {
    if map.len() <= 16 {
        map.iter()
            .find_map(|(k, v)| (k.as_str() == Some(key)).then_some(v))
    } else {
        map.get(key)
    }
}

impl<'m> Fields<'m> {
    /// Starts reading `map`, which may hold only `known` keys.
    pub fn new(
        cx: &mut FileCtx<'_>,
        map: &'m Mapping,
        path: YamlPath,
        known: &'static [&'static str],
        what: &str,
    ) -> Self {
        for key in map.keys() {
            let name: std::borrow::Cow<str> = match key {
                Value::String(s) => s.into(),
                other => format!("{other:?}").into(),
            };
            if !known.contains(&name.as_ref()) {
                let range = find_key_range(cx, &path, &name);
                let hint = match did_you_mean(&name, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("{what} accepts: {}", known.join(", ")),
                };
                cx.push(
                    Diagnostic::error("unknown-key", format!("unknown key `{name}` in {what}"))
                        .at(cx.rel, cx.text, range)
                        .label("not a field of the format")
                        .help(hint),
                );
            }
        }
        Fields { map, path, known }
    }

    /// The path of `key`, with room for an index after it.
    fn child(&self, key: &'static str) -> YamlPath {
        debug_assert!(self.known.contains(&key));
        let mut p = Vec::with_capacity(self.path.len() + 2);
        p.extend_from_slice(&self.path);
        p.push(Seg::Key(key));
        p
    }

    fn get(&self, key: &str) -> Option<&'m Value> {
        match lookup(self.map, key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn missing(&self, cx: &mut FileCtx<'_>, key: &'static str, example: &str) {
        let path = self.path.clone();
        let where_ = if path.is_empty() {
            "the front matter".to_string()
        } else {
            format!("`{}`", path_display(&path))
        };
        let msg = format!("missing required field `{key}` in {where_}");
        cx.error_at(&path, "missing-field", msg).help =
            Some(format!("add a line `{key}: {example}`"));
    }

    fn wrong_type(&self, cx: &mut FileCtx<'_>, key: &'static str, v: &Value, expected: &str) {
        let path = self.child(key);
        let msg = format!(
            "`{}` should be {expected}, but it is {}",
            path_display(&path),
            type_name(v)
        );
        cx.error_at(&path, "wrong-type", msg);
    }

    /// Text, or a number/true/false written where text was meant.
    pub fn text(&self, cx: &mut FileCtx<'_>, key: &'static str) -> Option<String> {
        let v = self.get(key)?;
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(cx, key, v, "text");
                None
            }
        }
    }

    /// Required text; empty text counts as missing.
    pub fn text_req(&self, cx: &mut FileCtx<'_>, key: &'static str, example: &str) -> String {
        match self.text(cx, key) {
            Some(s) if !s.trim().is_empty() => s,
            Some(_) => {
                let msg = format!("`{}` is empty", path_display(&self.child(key)));
                cx.error_at(&self.child(key), "missing-field", msg).help =
                    Some(format!("write something, e.g. `{key}: {example}`"));
                String::new()
            }
            None => {
                if self.get(key).is_none() {
                    self.missing(cx, key, example);
                }
                String::new()
            }
        }
    }

    /// One of a fixed set of words.
    pub fn word_req(&self, cx: &mut FileCtx<'_>, key: &'static str, allowed: &[&str]) -> String {
        let s = self.text_req(cx, key, allowed.first().copied().unwrap_or(""));
        if !s.is_empty() && !allowed.contains(&s.as_str()) {
            let hint = match did_you_mean(&s, allowed.iter().copied()) {
                Some(k) => format!(
                    "did you mean `{k}`? It must be one of: {}",
                    allowed.join(", ")
                ),
                None => format!("it must be one of: {}", allowed.join(", ")),
            };
            let msg = format!("`{s}` is not a valid `{}`", path_display(&self.child(key)));
            cx.error_at(&self.child(key), "invalid-value", msg).help = Some(hint);
        }
        s
    }

    /// A list of text; a single text is accepted as a list of one.
    pub fn list(&self, cx: &mut FileCtx<'_>, key: &'static str) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            let mut p = self.child(key);
                            p.push(Seg::Index(i));
                            let msg = format!(
                                "item {} of `{key}` should be text, but it is {}",
                                i + 1,
                                type_name(other)
                            );
                            cx.error_at(&p, "wrong-type", msg);
                        }
                    }
                }
                out
            }
            other => {
                self.wrong_type(cx, key, other, "a list like [a, b]");
                Vec::new()
            }
        }
    }

    /// A list of slugs, each remembering where it was written.
    pub fn refs(&self, cx: &mut FileCtx<'_>, key: &'static str) -> Vec<Ref> {
        let single = matches!(self.get(key), Some(Value::String(_)));
        self.list(cx, key)
            .into_iter()
            .enumerate()
            .map(|(i, slug)| {
                let mut at = self.child(key);
                if !single {
                    at.push(Seg::Index(i));
                }
                Ref { slug, at }
            })
            .collect()
    }

    /// One slug.
    pub fn slug_ref(&self, cx: &mut FileCtx<'_>, key: &'static str) -> Option<Ref> {
        self.text(cx, key).map(|slug| Ref {
            slug,
            at: self.child(key),
        })
    }

    /// A required slug.
    pub fn slug_ref_req(
        &self,
        cx: &mut FileCtx<'_>,
        key: &'static str,
        example: &str,
    ) -> Option<Ref> {
        let r = self.slug_ref(cx, key);
        if r.is_none() && self.get(key).is_none() {
            self.missing(cx, key, example);
        }
        r
    }

    /// true or false.
    pub fn flag(&self, cx: &mut FileCtx<'_>, key: &'static str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong_type(cx, key, v, "true or false");
                false
            }
        }
    }

    /// A number that is not negative.
    pub fn count(&self, cx: &mut FileCtx<'_>, key: &'static str) -> Option<f64> {
        let v = self.get(key)?;
        let n = match v {
            Value::Number(n) => n.as_f64(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n),
            Some(n) => {
                let msg = format!(
                    "`{}` is {n}, but counts cannot be negative",
                    path_display(&self.child(key))
                );
                cx.error_at(&self.child(key), "negative-count", msg);
                None
            }
            None => {
                let mut hint = "write a plain number such as 600".to_string();
                if let Value::String(s) = v {
                    if s.chars().any(|c| c.is_ascii_digit()) {
                        hint = "write the number alone, without quotes or words (use `approx: true` for \"about\", and `min`/`max` for ranges)".into();
                    }
                }
                self.wrong_type(cx, key, v, "a number");
                if let Some(d) = cx.diags.last_mut() {
                    d.help = Some(hint);
                }
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date, or an RFC 3339 date-time when `datetime` is allowed.
    pub fn date(
        &self,
        cx: &mut FileCtx<'_>,
        key: &'static str,
        datetime: bool,
    ) -> Option<EntryDate> {
        let v = self.get(key)?;
        let s = match v {
            Value::String(s) => s.trim(),
            other => {
                self.wrong_type(cx, key, other, "a date like 2023-10-12");
                return None;
            }
        };
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            if s.len() == 10 {
                return Some(EntryDate {
                    day,
                    datetime: None,
                });
            }
        }
        if datetime {
            if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
                return Some(EntryDate {
                    day: dt.date_naive(),
                    datetime: Some(dt),
                });
            }
        }
        let form = if datetime {
            "YYYY-MM-DD (or a date-time like 2023-10-12T09:00:00+09:00)"
        } else {
            "YYYY-MM-DD"
        };
        let msg = format!(
            "`{s}` is not a valid date for `{}`",
            path_display(&self.child(key))
        );
        cx.error_at(&self.child(key), "invalid-date", msg).help = Some(format!(
            "write dates as {form}, e.g. 2023-10-12; check that the day exists"
        ));
        None
    }

    /// A required date.
    pub fn date_req(&self, cx: &mut FileCtx<'_>, key: &'static str, datetime: bool) -> EntryDate {
        match self.date(cx, key, datetime) {
            Some(d) => d,
            None => {
                if self.get(key).is_none() {
                    self.missing(cx, key, "2023-10-12");
                }
                EntryDate::default()
            }
        }
    }

    /// A list of mappings, each read with `f`.
    pub fn items<T>(
        &self,
        cx: &mut FileCtx<'_>,
        key: &'static str,
        mut f: impl FnMut(&mut FileCtx<'_>, &Mapping, YamlPath) -> T,
    ) -> Vec<T> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Sequence(items) = v else {
            self.wrong_type(cx, key, v, "a list of entries, each starting with `- `");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut p = self.child(key);
            p.push(Seg::Index(i));
            match item {
                Value::Mapping(m) => out.push(f(cx, m, p)),
                other => {
                    let msg = format!(
                        "item {} of `{key}` should be a set of keys (`label: ...`), but it is {}",
                        i + 1,
                        type_name(other)
                    );
                    cx.error_at(&p, "wrong-type", msg);
                }
            }
        }
        out
    }
}

/// Where an unknown key is written: searched among the mapping's lines.
fn find_key_range(cx: &FileCtx<'_>, path: &[Seg], name: &str) -> Range<usize> {
    let fm = &cx.text[cx.fm.clone()];
    let base = locate(fm, path).map_or(0, |r| r.start);
    let search_from = if path.is_empty() { 0 } else { base };
    let mut off = search_from;
    for line in fm[search_from..].split_inclusive('\n') {
        if path.is_empty() && line.starts_with([' ', '\t', '-']) {
            // Top-level keys are not indented.
            off += line.len();
            continue;
        }
        let t = line.trim_start_matches([' ', '-']).trim_start();
        if t.strip_prefix(name)
            .is_some_and(|r| r.trim_start().starts_with(':'))
            || t.strip_prefix('"')
                .and_then(|t| t.strip_prefix(name))
                .is_some()
        {
            let lead = line.len() - t.len();
            let s = cx.fm.start + off + lead;
            return s..s + name.len();
        }
        off += line.len();
    }
    let r = cx.range_of(path);
    r.start..r.start
}

pub(crate) const BRIEFING_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "authors",
    "waves",
    "actors",
    "sources",
    "tags",
    "draft",
    "figures",
    "statements",
];
pub(crate) const FIGURE_KEYS: &[&str] = &[
    "label",
    "value",
    "min",
    "max",
    "approx",
    "wave",
    "source",
    "attributed_to",
    "status",
    "as_of",
    "note",
];
pub(crate) const STATEMENT_KEYS: &[&str] = &["actor", "date", "quote", "source", "wave", "stance"];
pub(crate) const WAVE_KEYS: &[&str] = &["title", "date", "end_date", "locations", "summary"];
pub(crate) const ACTOR_KEYS: &[&str] =
    &["name", "kind", "country", "aliases", "member_of", "summary"];
pub(crate) const SOURCE_KEYS: &[&str] = &[
    "title",
    "publisher",
    "kind",
    "date",
    "authors",
    "url",
    "archived_url",
    "accessed",
    "language",
];

/// Types the front matter `map` of an entry of `kind`.
pub fn entry_data(cx: &mut FileCtx<'_>, kind: Kind, map: &Mapping) -> EntryData {
    match kind {
        Kind::Briefing => EntryData::Briefing(Box::new(briefing(cx, map))),
        Kind::Wave => EntryData::Wave(wave(cx, map)),
        Kind::Actor => EntryData::Actor(actor(cx, map)),
        Kind::Source => EntryData::Source(source(cx, map)),
    }
}

fn briefing(cx: &mut FileCtx<'_>, map: &Mapping) -> BriefingData {
    let f = Fields::new(cx, map, Vec::new(), BRIEFING_KEYS, "a briefing");
    BriefingData {
        title: f.text_req(cx, "title", "China returns about 600 North Koreans"),
        date: f.date_req(cx, "date", true),
        updated: f.date(cx, "updated", true),
        summary: f.text(cx, "summary"),
        authors: f.list(cx, "authors"),
        waves: f.refs(cx, "waves"),
        actors: f.refs(cx, "actors"),
        sources: f.refs(cx, "sources"),
        tags: f.list(cx, "tags"),
        draft: f.flag(cx, "draft"),
        figures: f.items(cx, "figures", |cx, m, at| Arc::new(figure(cx, m, at))),
        statements: f.items(cx, "statements", |cx, m, at| Arc::new(statement(cx, m, at))),
    }
}

fn figure(cx: &mut FileCtx<'_>, map: &Mapping, at: YamlPath) -> FigureDoc {
    let f = Fields::new(cx, map, at.clone(), FIGURE_KEYS, "a figure");
    let label = f.text_req(cx, "label", "repatriated");
    let value = f.count(cx, "value");
    let min = f.count(cx, "min");
    let max = f.count(cx, "max");
    let status = f.text(cx, "status").and_then(|s| {
        let st = Status::parse(&s);
        if st.is_none() {
            let mut p = at.clone();
            p.push(Seg::Key("status"));
            let hint = match did_you_mean(&s, Status::NAMES.iter().copied()) {
                Some(k) => format!(
                    "did you mean `{k}`? It must be one of: {}",
                    Status::NAMES.join(", ")
                ),
                None => format!("it must be one of: {}", Status::NAMES.join(", ")),
            };
            cx.error_at(
                &p,
                "invalid-value",
                format!("`{s}` is not a valid figure status"),
            )
            .help = Some(hint);
        }
        st
    });
    let doc = FigureDoc {
        label,
        value,
        min,
        max,
        approx: f.flag(cx, "approx"),
        wave: f.slug_ref(cx, "wave"),
        source: f.slug_ref_req(cx, "source", "a-source-slug"),
        attributed_to: f.slug_ref(cx, "attributed_to"),
        status,
        as_of: f.date(cx, "as_of", false).map(|d| d.day),
        note: f.text(cx, "note"),
        at: at.clone(),
    };
    let has_number = |k: &str| lookup(map, k).is_some_and(|v| !v.is_null());
    if !has_number("value") && !has_number("min") && !has_number("max") {
        cx.error_at(
            &at,
            "figure-without-number",
            format!("figure `{}` has no number", doc.label),
        )
        .help = Some("give `value: 600`, or a range with `min:` and/or `max:`".into());
    }
    if let (Some(lo), Some(hi)) = (doc.min, doc.max) {
        if lo > hi {
            let mut p = at.clone();
            p.push(Seg::Key("min"));
            cx.error_at(
                &p,
                "figure-range",
                format!("figure `{}` has min {lo} greater than max {hi}", doc.label),
            )
            .help = Some("swap the two numbers, or check them against the source".into());
        }
    }
    doc
}

fn statement(cx: &mut FileCtx<'_>, map: &Mapping, at: YamlPath) -> StatementDoc {
    let f = Fields::new(cx, map, at.clone(), STATEMENT_KEYS, "a statement");
    StatementDoc {
        actor: f.slug_ref_req(cx, "actor", "an-actor-slug"),
        date: f.date_req(cx, "date", false),
        quote: f.text_req(cx, "quote", "\"what was said\""),
        source: f.slug_ref_req(cx, "source", "a-source-slug"),
        wave: f.slug_ref(cx, "wave"),
        stance: f.text(cx, "stance"),
        at,
    }
}

fn wave(cx: &mut FileCtx<'_>, map: &Mapping) -> WaveData {
    let f = Fields::new(cx, map, Vec::new(), WAVE_KEYS, "a wave");
    let data = WaveData {
        title: f.text_req(cx, "title", "Mass repatriation after the Asian Games"),
        date: f.date_req(cx, "date", false),
        end_date: f.date(cx, "end_date", false).map(|d| d.day),
        locations: f.list(cx, "locations"),
        summary: f.text(cx, "summary"),
    };
    if let Some(end) = data.end_date {
        if end < data.date.day && data.date.day != NaiveDate::MIN {
            cx.error_at(
                &[Seg::Key("end_date")],
                "end-before-start",
                format!("`end_date` {end} is before `date` {}", data.date.day),
            )
            .help = Some("a wave ends on or after the day it starts; check both dates".into());
        }
    }
    data
}

fn actor(cx: &mut FileCtx<'_>, map: &Mapping) -> ActorData {
    let f = Fields::new(cx, map, Vec::new(), ACTOR_KEYS, "an actor");
    let data = ActorData {
        name: f.text_req(cx, "name", "Ministry of Unification (South Korea)"),
        kind: f.word_req(cx, "kind", ACTOR_KINDS),
        country: f.text(cx, "country"),
        aliases: f.list(cx, "aliases"),
        member_of: f.slug_ref(cx, "member_of"),
        summary: f.text(cx, "summary"),
    };
    if let Some(c) = &data.country {
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            cx.error_at(
                &[Seg::Key("country")],
                "invalid-value",
                format!("`{c}` is not a two-letter country code"),
            )
            .help = Some("use the ISO 3166-1 alpha-2 code in capitals, e.g. KR, KP, CN, US".into());
        }
    }
    data
}

fn source(cx: &mut FileCtx<'_>, map: &Mapping) -> SourceData {
    let f = Fields::new(cx, map, Vec::new(), SOURCE_KEYS, "a source");
    let data = SourceData {
        title: f.text_req(cx, "title", "China may have repatriated hundreds"),
        publisher: f.text_req(cx, "publisher", "Korea JoongAng Daily"),
        kind: f.word_req(cx, "kind", SOURCE_KINDS),
        date: f.date_req(cx, "date", true),
        authors: f.list(cx, "authors"),
        url: f.text(cx, "url"),
        archived_url: f.text(cx, "archived_url"),
        accessed: f.date(cx, "accessed", false).map(|d| d.day),
        language: f.text(cx, "language"),
    };
    for (key, url) in [("url", &data.url), ("archived_url", &data.archived_url)] {
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                cx.error_at(
                    &[Seg::Key(key)],
                    "invalid-url",
                    format!("`{u}` is not a web address"),
                )
                .help = Some("write the full address, starting with https://".into());
            }
        }
    }
    data
}
