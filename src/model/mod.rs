//! The archive model: typed entries with their references resolved to
//! indices, and one cross-reference index built once. Immutable after
//! [`Archive::build`]; every page is rendered from `&Archive`.

pub mod entities;

use std::collections::hash_map::Entry as Slot;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter::Seg;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use entities::*;

/// An entry with its front matter typed for its kind.
#[derive(Debug, Clone)]
pub struct Item<T> {
    /// The file stem.
    pub slug: String,
    /// Where it came from.
    pub file: FileInfo,
    /// Its front matter.
    pub data: T,
    /// Its rendered body.
    pub body: Body,
}

/// A figure with its references resolved.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The briefing that records it.
    pub briefing: usize,
    /// The figure as written.
    pub doc: Arc<FigureDoc>,
    /// Index into `Archive::waves`.
    pub wave: Option<usize>,
    /// Index into `Archive::sources`.
    pub source: usize,
    /// Index into `Archive::actors`.
    pub attributed_to: Option<usize>,
}

/// A statement with its references resolved.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The briefing that records it.
    pub briefing: usize,
    /// The statement as written.
    pub doc: Arc<StatementDoc>,
    /// Index into `Archive::actors`.
    pub actor: usize,
    /// Index into `Archive::sources`.
    pub source: usize,
    /// Index into `Archive::waves`.
    pub wave: Option<usize>,
}

/// Who refers to whom, computed once. Every list is sorted in the order of
/// the entries it points into, without duplicates.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Per briefing: waves (listed, or named by its figures and statements).
    pub briefing_waves: Vec<Vec<usize>>,
    /// Per briefing: actors (listed, quoted, or credited with a figure).
    pub briefing_actors: Vec<Vec<usize>>,
    /// Per briefing: cited sources in order of first citation.
    pub briefing_cited: Vec<Vec<usize>>,
    /// Per briefing: listed sources that the body does not cite.
    pub briefing_uncited: Vec<Vec<usize>>,
    /// Per briefing: its figures.
    pub briefing_figures: Vec<Vec<usize>>,
    /// Per briefing: its statements.
    pub briefing_statements: Vec<Vec<usize>>,
    /// Per wave: briefings about it.
    pub wave_briefings: Vec<Vec<usize>>,
    /// Per wave: figures counting it.
    pub wave_figures: Vec<Vec<usize>>,
    /// Per wave: statements about it, by date.
    pub wave_statements: Vec<Vec<usize>>,
    /// Per wave: actors that spoke about it or made claims on it.
    pub wave_actors: Vec<Vec<usize>>,
    /// Per actor: its statements, by date.
    pub actor_statements: Vec<Vec<usize>>,
    /// Per actor: figures credited to it.
    pub actor_figures: Vec<Vec<usize>>,
    /// Per actor: briefings about it.
    pub actor_briefings: Vec<Vec<usize>>,
    /// Per actor: waves it spoke about or made claims on.
    pub actor_waves: Vec<Vec<usize>>,
    /// Per actor: actors that are `member_of` it.
    pub actor_members: Vec<Vec<usize>>,
    /// Per actor: its `member_of`.
    pub actor_parent: Vec<Option<usize>>,
    /// Per source: briefings that cite or list it.
    pub source_briefings: Vec<Vec<usize>>,
    /// Per source: figures it reports.
    pub source_figures: Vec<Vec<usize>>,
    /// Per source: statements it reports.
    pub source_statements: Vec<Vec<usize>>,
    /// Per briefing: for each cited source (same order as `briefing_cited`),
    /// the locators it is cited with.
    pub briefing_locators: Vec<Vec<Vec<String>>>,
    /// Per briefing: for each cited source, how many times it is cited.
    pub briefing_cite_counts: Vec<Vec<usize>>,
}

/// The whole archive, typed, resolved and indexed.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Site settings.
    pub config: Config,
    /// Briefings, newest first.
    pub briefings: Vec<Item<BriefingData>>,
    /// Waves, oldest first.
    pub waves: Vec<Item<WaveData>>,
    /// Actors, by name.
    pub actors: Vec<Item<ActorData>>,
    /// Sources, in bibliography order.
    pub sources: Vec<Item<SourceData>>,
    /// Every figure of every briefing.
    pub figures: Vec<Figure>,
    /// Every statement of every briefing.
    pub statements: Vec<Statement>,
    /// Cross references.
    pub index: Index,
    /// Briefings left out because they are drafts.
    pub drafts: Vec<Item<BriefingData>>,
    /// Per briefing: what resolving its references reported, kept so that
    /// a rebuild can reuse the briefings that did not change.
    briefing_notes: Vec<Vec<Diagnostic>>,
}

/// A hasher for the archive's lookup tables. The keys are slugs and file
/// paths from the archive itself, not from anyone who could choose them to
/// slow a table down, and resolving looks slugs up hundreds of thousands of
/// times in a large archive, where the standard SipHash costs more than all
/// the rest of the lookup. This one mixes a word at a time (the FxHash
/// scheme) and scrambles the result once at the end, so that the low bits
/// the table uses depend on every byte.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // The length goes in the last byte (the rest is shorter), so
            // that "ab" and "ab\0" differ.
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            b[7] = rest.len() as u8;
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The final mix of MurmurHash3.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Slug → position, borrowing the slugs from the items.
struct Slugs<'a> {
    map: FastMap<&'a str, usize>,
}

impl<'a> Slugs<'a> {
    fn new<T>(items: &'a [Item<T>]) -> Slugs<'a> {
        Slugs {
            map: items
                .iter()
                .enumerate()
                .map(|(i, it)| (it.slug.as_str(), i))
                .collect(),
        }
    }
    fn get(&self, slug: &str) -> Option<usize> {
        self.map.get(slug).copied()
    }
    fn suggest(&self, slug: &str) -> Option<String> {
        did_you_mean(slug, self.map.keys().copied()).map(str::to_string)
    }
}

fn sorted_dedup(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

fn sort_key_name(s: &str) -> String {
    s.to_lowercase()
}

/// The positions of `keys` in sorted order; equal keys keep their order.
/// Items are large (front matter, body and file), so sorting their small
/// keys (dates, lowercased names, borrowed slugs) and then moving each item
/// once with [`reordered`] is much cheaper than sorting the items, which
/// moves them again and again and builds every key anew for each comparison.
fn sorted_positions<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut keyed: Vec<(K, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    // The position makes every key unique, so this equals a stable sort.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// `items` taken in the order of `positions`, a permutation of their
/// indices (from [`sorted_positions`]).
fn reordered<T>(mut items: Vec<T>, positions: &[usize]) -> Vec<T> {
    let n = items.len();
    // Each position once, and nothing else: then the items can be moved
    // in place, cycle by cycle, without a second list.
    let mut seen = vec![false; n];
    let permutation = positions.len() == n
        && positions
            .iter()
            .all(|&i| i < n && !std::mem::replace(&mut seen[i], true));
    if !permutation {
        let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
        return positions
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
            .collect();
    }
    // `seen` now marks the places not filled yet. Following a cycle from
    // `start`, the item that belongs at `at` is still where it was read
    // from, and the one read from `start` travels along to the cycle's end.
    for start in 0..n {
        if !seen[start] {
            continue;
        }
        let mut at = start;
        loop {
            seen[at] = false;
            let from = positions[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
    items
}

/// The positions of `items` in the order of their file paths: the order in
/// which duplicates and drafts are reported and kept.
fn by_file<T>(items: &[Item<T>]) -> Vec<usize> {
    sorted_positions(items.iter().map(|it| it.file.rel.as_str()))
}

/// Lets a resolver report at the right place in the right file.
struct Resolver<'a> {
    kind: Kind,
    slugs: &'a Slugs<'a>,
    drafts: &'a FastMap<&'a str, &'a str>,
}

impl Resolver<'_> {
    /// Looks up a front-matter reference; reports it when it leads nowhere.
    fn fm(&self, file: &FileInfo, r: &Ref, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        if let Some(i) = self.slugs.get(&r.slug) {
            return Some(i);
        }
        diags.push(self.unknown(&r.slug, file, file.range_of(&r.at)));
        None
    }

    fn unknown(&self, slug: &str, file: &FileInfo, range: std::ops::Range<usize>) -> Diagnostic {
        let noun = self.kind.noun();
        let dir = self.kind.dir();
        let help = match (self.drafts.get(slug).copied(), self.slugs.suggest(slug)) {
            (Some(rel), _) => {
                format!("{rel} is a draft and is not published; publish it, or build with --drafts")
            }
            (None, Some(s)) => format!("did you mean `{s}`? (content/{dir}/{s}.md)"),
            (None, None) => format!("create content/{dir}/{slug}.md, or check the spelling"),
        };
        Diagnostic::error("unknown-reference", format!("there is no {noun} `{slug}`"))
            .at(&file.rel, &file.text, range)
            .label(format!("no file content/{dir}/{slug}.md"))
            .help(help)
    }
}

/// The resolvers of the references a briefing's front matter makes.
struct Resolvers<'a> {
    waves: &'a Resolver<'a>,
    actors: &'a Resolver<'a>,
    sources: &'a Resolver<'a>,
}

/// One briefing's references, resolved on their own: everything about it
/// that does not depend on the other briefings. Only the numbers of its
/// figures and statements among all others do, and the lists of the
/// index that point back at it; [`Archive::from_items`] adds those.
struct Resolved {
    /// Its figures that name a known source, in order.
    figures: Vec<Figure>,
    /// Its statements that name a known actor and source, in order.
    statements: Vec<Statement>,
    /// The known sources it lists: only as a set, for
    /// `Index::source_briefings` (a reused briefing has its uncited ones
    /// here, which with the cited ones are the same set).
    listed: Vec<usize>,
    /// `Index::briefing_waves`.
    waves: Vec<usize>,
    /// `Index::briefing_actors`.
    actors: Vec<usize>,
    /// `Index::briefing_cited`.
    cited: Vec<usize>,
    /// `Index::briefing_locators`.
    locators: Vec<Vec<String>>,
    /// `Index::briefing_cite_counts`.
    counts: Vec<usize>,
    /// `Index::briefing_uncited`.
    uncited: Vec<usize>,
    /// What it reported, in order.
    diags: Vec<Diagnostic>,
}

impl Resolved {
    /// The same briefing, now number `bi`.
    fn renumbered(mut self, bi: usize) -> Resolved {
        for f in &mut self.figures {
            f.briefing = bi;
        }
        for s in &mut self.statements {
            s.briefing = bi;
        }
        self
    }
}

/// Briefings as an archive resolved them, by file: what a rebuild reuses.
type Reused = FastMap<String, Resolved>;

/// Takes apart what an archive resolved for its (published) `briefings`,
/// in their order, leaving out the files in `changed`.
fn take_resolved(
    briefings: &[Item<BriefingData>],
    figures: Vec<Figure>,
    statements: Vec<Statement>,
    index: Index,
    notes: Vec<Vec<Diagnostic>>,
    changed: &HashSet<&str, BuildHasherDefault<FastHasher>>,
) -> Reused {
    let mut figures: Vec<Option<Figure>> = figures.into_iter().map(Some).collect();
    let mut statements: Vec<Option<Statement>> = statements.into_iter().map(Some).collect();
    let Index {
        briefing_waves,
        briefing_actors,
        briefing_cited,
        briefing_uncited,
        briefing_figures,
        briefing_statements,
        briefing_locators,
        briefing_cite_counts,
        ..
    } = index;
    let per_briefing = briefing_waves
        .into_iter()
        .zip(briefing_actors)
        .zip(briefing_cited)
        .zip(briefing_uncited)
        .zip(briefing_figures)
        .zip(briefing_statements)
        .zip(briefing_locators)
        .zip(briefing_cite_counts)
        .zip(notes);
    let mut out = Reused::default();
    out.reserve(briefings.len());
    for (b, row) in briefings.iter().zip(per_briefing) {
        if changed.contains(b.file.rel.as_str()) {
            continue;
        }
        let ((((((((waves, actors), cited), uncited), figs), sts), locators), counts), diags) = row;
        let resolved = Resolved {
            figures: figs
                .iter()
                .filter_map(|&i| figures.get_mut(i).and_then(Option::take))
                .collect(),
            statements: sts
                .iter()
                .filter_map(|&i| statements.get_mut(i).and_then(Option::take))
                .collect(),
            // The listed sources are the cited ones and the uncited ones;
            // the index only needs them as a set.
            listed: uncited.clone(),
            waves,
            actors,
            cited,
            locators,
            counts,
            uncited,
            diags,
        };
        out.insert(b.file.rel.clone(), resolved);
    }
    out
}

/// Resolves the references of briefing `b`, number `bi`. Pure, so that
/// briefings resolve in parallel.
fn resolve_briefing(
    bi: usize,
    b: &Item<BriefingData>,
    r: &Resolvers<'_>,
    sources: &[Item<SourceData>],
) -> Resolved {
    let (rw, ra, rs) = (r.waves, r.actors, r.sources);
    let mut diags = Vec::new();
    let f = &b.file;
    let d = &b.data;
    let mut bw: Vec<usize> = d
        .waves
        .iter()
        .filter_map(|r| rw.fm(f, r, &mut diags))
        .collect();
    let mut ba: Vec<usize> = d
        .actors
        .iter()
        .filter_map(|r| ra.fm(f, r, &mut diags))
        .collect();
    let listed: Vec<usize> = d
        .sources
        .iter()
        .filter_map(|r| rs.fm(f, r, &mut diags))
        .collect();
    let mut figures = Vec::new();
    for fig in &d.figures {
        let wave = fig.wave.as_ref().and_then(|r| rw.fm(f, r, &mut diags));
        let source = fig.source.as_ref().and_then(|r| rs.fm(f, r, &mut diags));
        let attributed_to = fig
            .attributed_to
            .as_ref()
            .and_then(|r| ra.fm(f, r, &mut diags));
        if let Some(source) = source {
            bw.extend(wave);
            ba.extend(attributed_to);
            figures.push(Figure {
                briefing: bi,
                doc: Arc::clone(fig),
                wave,
                source,
                attributed_to,
            });
        }
    }
    let mut statements = Vec::new();
    for st in &d.statements {
        let actor = st.actor.as_ref().and_then(|r| ra.fm(f, r, &mut diags));
        let source = st.source.as_ref().and_then(|r| rs.fm(f, r, &mut diags));
        let wave = st.wave.as_ref().and_then(|r| rw.fm(f, r, &mut diags));
        if let (Some(actor), Some(source)) = (actor, source) {
            ba.push(actor);
            bw.extend(wave);
            statements.push(Statement {
                briefing: bi,
                doc: Arc::clone(st),
                actor,
                source,
                wave,
            });
        }
    }
    // Citations in the body, numbered in order of first use.
    let mut cited = Vec::new();
    let mut locators: Vec<Vec<String>> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for c in &b.body.cites {
        let Some(si) = rs.slugs.get(&c.slug) else {
            diags.push(
                rs.unknown(&c.slug, f, c.span.clone())
                    .label("cited here, but there is no such source"),
            );
            continue;
        };
        let pos = match cited.iter().position(|&x| x == si) {
            Some(p) => p,
            None => {
                cited.push(si);
                locators.push(Vec::new());
                counts.push(0);
                cited.len() - 1
            }
        };
        counts[pos] += 1;
        if let Some(l) = &c.locator {
            if !locators[pos].contains(l) {
                locators[pos].push(l.clone());
            }
        }
    }
    for &s in &cited {
        if !listed.contains(&s) {
            let slug = &sources[s].slug;
            let span = b
                .body
                .cites
                .iter()
                .find(|c| &c.slug == slug)
                .map(|c| c.span.clone())
                .unwrap_or(0..0);
            diags.push(
                Diagnostic::warning(
                    "cited-not-listed",
                    format!("`{slug}` is cited in the body but not listed in `sources`"),
                )
                .at(&f.rel, &f.text, span)
                .help(format!(
                    "add `{slug}` to the `sources:` list of this briefing"
                )),
            );
        }
    }
    let mut uncited = Vec::new();
    for (r, &s) in d
        .sources
        .iter()
        .filter(|r| rs.slugs.get(&r.slug).is_some())
        .zip(listed.iter())
    {
        let backs_a_record =
            figures.iter().any(|x| x.source == s) || statements.iter().any(|x| x.source == s);
        if !cited.contains(&s) && !uncited.contains(&s) {
            uncited.push(s);
            if backs_a_record {
                continue;
            }
            let range = f.range_of(&r.at);
            diags.push(
                Diagnostic::warning(
                    "listed-not-cited",
                    format!(
                        "`{}` is listed in `sources` but never cited in the body",
                        r.slug
                    ),
                )
                .at(&f.rel, &f.text, range)
                .help(format!(
                    "cite it where it supports the text, with [@{}]",
                    r.slug
                )),
            );
        }
    }
    Resolved {
        figures,
        statements,
        listed,
        waves: sorted_dedup(bw),
        actors: sorted_dedup(ba),
        cited,
        locators,
        counts,
        uncited,
        diags,
    }
}

/// Entries split by kind.
type ByKind = (
    Vec<Item<BriefingData>>,
    Vec<Item<WaveData>>,
    Vec<Item<ActorData>>,
    Vec<Item<SourceData>>,
);

fn split_entries(entries: impl IntoIterator<Item = Entry>) -> ByKind {
    let entries = entries.into_iter();
    // Room in each kind's list for every entry: memory set aside but never
    // written to costs nothing, whereas a list that grows is copied.
    let room = entries.size_hint();
    let room = room.1.unwrap_or(room.0);
    let mut by_kind: ByKind = (
        Vec::with_capacity(room),
        Vec::with_capacity(room),
        Vec::with_capacity(room),
        Vec::with_capacity(room),
    );
    for e in entries {
        add_entry(&mut by_kind, e);
    }
    by_kind
}

/// Adds `e` to the items of its kind; it replaces the item read from the
/// same file when `replace`.
fn put_entry(by_kind: &mut ByKind, e: Entry, replace: bool) {
    fn put<T>(items: &mut Vec<Item<T>>, item: Item<T>, replace: bool) {
        let slot = replace
            .then(|| items.iter_mut().find(|x| x.file.rel == item.file.rel))
            .flatten();
        match slot {
            Some(slot) => *slot = item,
            None => items.push(item),
        }
    }
    let Entry {
        slug,
        file,
        data,
        body,
        ..
    } = e;
    let (b, w, a, s) = by_kind;
    match data {
        EntryData::Briefing(d) => put(
            b,
            Item {
                slug,
                file,
                data: *d,
                body,
            },
            replace,
        ),
        EntryData::Wave(d) => put(
            w,
            Item {
                slug,
                file,
                data: d,
                body,
            },
            replace,
        ),
        EntryData::Actor(d) => put(
            a,
            Item {
                slug,
                file,
                data: d,
                body,
            },
            replace,
        ),
        EntryData::Source(d) => put(
            s,
            Item {
                slug,
                file,
                data: d,
                body,
            },
            replace,
        ),
    }
}

fn add_entry(by_kind: &mut ByKind, e: Entry) {
    put_entry(by_kind, e, false);
}

/// Drops every item whose slug an item earlier in file order has, and
/// reports it.
fn dedup_slugs<T>(items: &mut Vec<Item<T>>, kind: Kind, diags: &mut Diagnostics) {
    // The usual case, without putting the files in order.
    let distinct: HashSet<&str, BuildHasherDefault<FastHasher>> =
        items.iter().map(|it| it.slug.as_str()).collect();
    if distinct.len() == items.len() {
        return;
    }
    let mut first: FastMap<&str, &str> = FastMap::default();
    let mut dropped = vec![false; items.len()];
    let mut any = false;
    for i in by_file(items) {
        let it = &items[i];
        match first.entry(it.slug.as_str()) {
            Slot::Occupied(o) => {
                diags.push(
                    Diagnostic::error("duplicate-slug", format!("two {}s have the slug `{}`", kind.noun(), it.slug))
                        .at(&it.file.rel, &it.file.text, 0..3)
                        .label(format!("the other is {}", o.get()))
                        .help("slugs are file names and must be unique within a folder and its subfolders; rename one file"),
                );
                dropped[i] = true;
                any = true;
            }
            Slot::Vacant(v) => {
                v.insert(it.file.rel.as_str());
            }
        }
    }
    if any {
        let mut dropped = dropped.into_iter();
        items.retain(|_| !dropped.next().unwrap_or(false));
    }
}

impl Archive {
    /// Frees every body's HTML, which only pages show: for a build whose
    /// pages are written, so that what comes after has the memory.
    /// Takes the bodies' plain texts out, in the order of the search
    /// index's documents: briefings, waves, actors, then sources.
    pub(crate) fn take_texts(&mut self) -> Vec<String> {
        (self.briefings.iter_mut().map(|b| &mut b.body))
            .chain(self.waves.iter_mut().map(|w| &mut w.body))
            .chain(self.actors.iter_mut().map(|x| &mut x.body))
            .chain(self.sources.iter_mut().map(|s| &mut s.body))
            .map(|body| std::mem::take(&mut body.text))
            .collect()
    }

    pub(crate) fn drop_body_html(&mut self) {
        let bodies = (self.briefings.iter_mut().map(|b| &mut b.body))
            .chain(self.waves.iter_mut().map(|w| &mut w.body))
            .chain(self.actors.iter_mut().map(|x| &mut x.body))
            .chain(self.sources.iter_mut().map(|s| &mut s.body));
        for body in bodies {
            body.html = String::new();
        }
    }

    /// Resolves and indexes `entries`. Drafts are left out unless `drafts`.
    /// Returns the archive even when there are errors, so that every
    /// problem is reported in one run.
    pub fn build(
        config: Config,
        entries: impl IntoIterator<Item = Entry>,
        static_files: &[String],
        drafts: bool,
    ) -> (Archive, Diagnostics) {
        Archive::from_items(
            config,
            split_entries(entries),
            static_files,
            drafts,
            Reused::default(),
        )
    }

    /// The archive built again after the entries `fresh` were read anew:
    /// each takes the place of the entry read from the same file (a new
    /// file is added). The same as [`Archive::build`] with all entries, but
    /// it keeps the others as they are instead of taking them apart into
    /// entries and back.
    pub fn rebuild(
        self,
        fresh: Vec<Entry>,
        static_files: &[String],
        drafts: bool,
    ) -> (Archive, Diagnostics) {
        let Archive {
            config,
            mut briefings,
            waves,
            actors,
            sources,
            figures,
            statements,
            index,
            drafts: left_out,
            briefing_notes,
        } = self;
        // When only briefings changed, the waves, actors and sources are
        // the same, so every other briefing resolves as it did before.
        let reused = if fresh.iter().all(|e| e.kind == Kind::Briefing) {
            let changed: HashSet<&str, BuildHasherDefault<FastHasher>> =
                fresh.iter().map(|e| e.file.rel.as_str()).collect();
            take_resolved(
                &briefings,
                figures,
                statements,
                index,
                briefing_notes,
                &changed,
            )
        } else {
            Reused::default()
        };
        briefings.extend(left_out);
        let mut by_kind = (briefings, waves, actors, sources);
        for e in fresh {
            put_entry(&mut by_kind, e, true);
        }
        Archive::from_items(config, by_kind, static_files, drafts, reused)
    }

    fn from_items(
        config: Config,
        by_kind: ByKind,
        static_files: &[String],
        drafts: bool,
        mut reused: Reused,
    ) -> (Archive, Diagnostics) {
        let mut diags = Diagnostics::new();
        let (mut briefings, mut waves, mut actors, mut sources) = by_kind;
        let mut left_out = Vec::new();
        if !drafts && briefings.iter().any(|b| b.data.draft) {
            let (kept, out): (Vec<_>, Vec<_>) = briefings.into_iter().partition(|b| !b.data.draft);
            briefings = kept;
            let order = by_file(&out);
            left_out = reordered(out, &order);
        }
        // A draft's slug → its file, to explain links to it; the last file
        // wins when two drafts share a slug.
        let draft_files: FastMap<&str, &str> = left_out
            .iter()
            .map(|b| (b.slug.as_str(), b.file.rel.as_str()))
            .collect();
        dedup_slugs(&mut briefings, Kind::Briefing, &mut diags);
        dedup_slugs(&mut waves, Kind::Wave, &mut diags);
        dedup_slugs(&mut actors, Kind::Actor, &mut diags);
        dedup_slugs(&mut sources, Kind::Source, &mut diags);

        // Slugs are unique now, so each order below is total. The four
        // kinds are sorted, and their slugs mapped, side by side.
        let briefings_sorted = || {
            // Briefings: newest first (by day, then by time when given).
            let order = sorted_positions(briefings.iter().map(|b| {
                let date = b.data.date;
                (
                    std::cmp::Reverse(date.day),
                    std::cmp::Reverse(date.datetime.map(|d| d.naive_utc())),
                    b.slug.as_str(),
                )
            }));
            reordered(briefings, &order)
        };
        let waves_sorted = || {
            let order = sorted_positions(waves.iter().map(|w| (w.data.date, w.slug.as_str())));
            reordered(waves, &order)
        };
        let actors_sorted = || {
            let order = sorted_positions(
                actors
                    .iter()
                    .map(|a| (sort_key_name(&a.data.name), a.slug.as_str())),
            );
            reordered(actors, &order)
        };
        let sources_sorted = || {
            let order = sorted_positions(sources.iter().map(|s| {
                let by = s.data.authors.first().unwrap_or(&s.data.publisher);
                (sort_key_name(by), s.data.date, s.slug.as_str())
            }));
            reordered(sources, &order)
        };
        let ((briefings, waves), (actors, sources)) = rayon::join(
            || rayon::join(briefings_sorted, waves_sorted),
            || rayon::join(actors_sorted, sources_sorted),
        );

        let ((briefing_slugs, wave_slugs), (actor_slugs, source_slugs)) = rayon::join(
            || rayon::join(|| Slugs::new(&briefings), || Slugs::new(&waves)),
            || rayon::join(|| Slugs::new(&actors), || Slugs::new(&sources)),
        );
        let no_drafts = FastMap::default();
        let rw = Resolver {
            kind: Kind::Wave,
            slugs: &wave_slugs,
            drafts: &no_drafts,
        };
        let ra = Resolver {
            kind: Kind::Actor,
            slugs: &actor_slugs,
            drafts: &no_drafts,
        };
        let rs = Resolver {
            kind: Kind::Source,
            slugs: &source_slugs,
            drafts: &no_drafts,
        };
        let rb = Resolver {
            kind: Kind::Briefing,
            slugs: &briefing_slugs,
            drafts: &draft_files,
        };

        let nb = briefings.len();
        let (nw, na, ns) = (waves.len(), actors.len(), sources.len());
        let mut ix = Index {
            briefing_waves: vec![Vec::new(); nb],
            briefing_actors: vec![Vec::new(); nb],
            briefing_cited: vec![Vec::new(); nb],
            briefing_uncited: vec![Vec::new(); nb],
            briefing_figures: vec![Vec::new(); nb],
            briefing_statements: vec![Vec::new(); nb],
            briefing_locators: vec![Vec::new(); nb],
            briefing_cite_counts: vec![Vec::new(); nb],
            wave_briefings: vec![Vec::new(); nw],
            wave_figures: vec![Vec::new(); nw],
            wave_statements: vec![Vec::new(); nw],
            wave_actors: vec![Vec::new(); nw],
            actor_statements: vec![Vec::new(); na],
            actor_figures: vec![Vec::new(); na],
            actor_briefings: vec![Vec::new(); na],
            actor_waves: vec![Vec::new(); na],
            actor_members: vec![Vec::new(); na],
            actor_parent: vec![None; na],
            source_briefings: vec![Vec::new(); ns],
            source_figures: vec![Vec::new(); ns],
            source_statements: vec![Vec::new(); ns],
        };
        // Each briefing resolves its references on its own, all at once;
        // then, in briefing order, its figures and statements are numbered
        // among all others and it is added to the index. The diagnostics
        // come out in the same order as if it were one loop.
        let resolvers = Resolvers {
            waves: &rw,
            actors: &ra,
            sources: &rs,
        };
        // What a rebuild kept of the briefings that did not change.
        let earlier: Vec<Option<Resolved>> = briefings
            .iter()
            .map(|b| match reused.is_empty() {
                true => None,
                false => reused.remove(b.file.rel.as_str()),
            })
            .collect();
        drop(reused);
        let resolved: Vec<Resolved> = briefings
            .par_iter()
            .zip(earlier.into_par_iter())
            .enumerate()
            .map(|(bi, (b, earlier))| match earlier {
                Some(r) => r.renumbered(bi),
                None => resolve_briefing(bi, b, &resolvers, &sources),
            })
            .collect();
        let mut briefing_notes = Vec::with_capacity(nb);
        let mut figures = Vec::with_capacity(resolved.iter().map(|r| r.figures.len()).sum());
        let mut statements = Vec::with_capacity(resolved.iter().map(|r| r.statements.len()).sum());
        for (bi, r) in resolved.into_iter().enumerate() {
            for fig in r.figures {
                let fi = figures.len();
                if let Some(w) = fig.wave {
                    ix.wave_figures[w].push(fi);
                }
                if let Some(a) = fig.attributed_to {
                    ix.actor_figures[a].push(fi);
                    if let Some(w) = fig.wave {
                        ix.actor_waves[a].push(w);
                        ix.wave_actors[w].push(a);
                    }
                }
                ix.source_figures[fig.source].push(fi);
                ix.source_briefings[fig.source].push(bi);
                ix.briefing_figures[bi].push(fi);
                figures.push(fig);
            }
            for st in r.statements {
                let si = statements.len();
                ix.actor_statements[st.actor].push(si);
                ix.source_statements[st.source].push(si);
                ix.source_briefings[st.source].push(bi);
                ix.briefing_statements[bi].push(si);
                if let Some(w) = st.wave {
                    ix.wave_statements[w].push(si);
                    ix.wave_actors[w].push(st.actor);
                    ix.actor_waves[st.actor].push(w);
                }
                statements.push(st);
            }
            for &s in r.cited.iter().chain(&r.listed) {
                ix.source_briefings[s].push(bi);
            }
            for &w in &r.waves {
                ix.wave_briefings[w].push(bi);
            }
            for &a in &r.actors {
                ix.actor_briefings[a].push(bi);
            }
            ix.briefing_waves[bi] = r.waves;
            ix.briefing_actors[bi] = r.actors;
            ix.briefing_cited[bi] = r.cited;
            ix.briefing_locators[bi] = r.locators;
            ix.briefing_cite_counts[bi] = r.counts;
            ix.briefing_uncited[bi] = r.uncited;
            briefing_notes.push(r.diags.clone());
            diags.extend(r.diags);
        }

        let mut member_diags = Vec::new();
        for (ai, a) in actors.iter().enumerate() {
            if let Some(r) = &a.data.member_of {
                if let Some(p) = ra.fm(&a.file, r, &mut member_diags) {
                    if p == ai {
                        member_diags.push(
                            Diagnostic::error(
                                "self-member",
                                "an actor cannot be `member_of` itself",
                            )
                            .at(
                                &a.file.rel,
                                &a.file.text,
                                a.file.range_of(&[Seg::Key("member_of")]),
                            ),
                        );
                    } else {
                        ix.actor_parent[ai] = Some(p);
                        ix.actor_members[p].push(ai);
                    }
                }
            }
        }
        diags.extend(member_diags);

        // Links between bodies, with #fragments checked against headings:
        // each body on its own, all at once, reported in body order.
        let anchors = |kind: Kind, i: usize| -> &[String] {
            match kind {
                Kind::Briefing => &briefings[i].body.anchors,
                Kind::Wave => &waves[i].body.anchors,
                Kind::Actor => &actors[i].body.anchors,
                Kind::Source => &sources[i].body.anchors,
            }
        };
        let bodies: Vec<(&FileInfo, &Body)> = briefings
            .iter()
            .map(|x| (&x.file, &x.body))
            .chain(waves.iter().map(|x| (&x.file, &x.body)))
            .chain(actors.iter().map(|x| (&x.file, &x.body)))
            .chain(sources.iter().map(|x| (&x.file, &x.body)))
            .collect();
        let static_set: std::collections::HashSet<&str> =
            static_files.iter().map(String::as_str).collect();
        let link_diags: Vec<Vec<Diagnostic>> = bodies
            .par_iter()
            .map(|&(file, body)| {
                let mut diags = Vec::new();
                for (p, span) in &body.static_links {
                    let decoded = percent_decode(p);
                    if !static_set.contains(p.as_str()) && !static_set.contains(decoded.as_str()) {
                        let hint = match did_you_mean(p, static_set.iter().copied()) {
                            Some(s) => format!("did you mean `../static/{s}`?"),
                            None => {
                                format!("put the file at content/static/{p}, or check the name")
                            }
                        };
                        diags.push(
                            Diagnostic::error(
                                "missing-static-file",
                                format!("there is no file content/static/{p}"),
                            )
                            .at(&file.rel, &file.text, span.clone())
                            .label("this link leads nowhere")
                            .help(hint),
                        );
                    }
                }
                for l in &body.links {
                    let r = match l.kind {
                        Kind::Briefing => &rb,
                        Kind::Wave => &rw,
                        Kind::Actor => &ra,
                        Kind::Source => &rs,
                    };
                    let Some(i) = r.slugs.get(&l.slug) else {
                        diags.push(
                            r.unknown(&l.slug, file, l.span.clone())
                                .label("this link leads nowhere"),
                        );
                        continue;
                    };
                    if let Some(frag) = &l.fragment {
                        let known = anchors(l.kind, i);
                        if !frag.is_empty() && !known.iter().any(|a| a == frag) {
                            let hint = match did_you_mean(frag, known.iter().map(String::as_str)) {
                                Some(s) => format!("did you mean `#{s}`?"),
                                None if known.is_empty() => {
                                    "that entry has no headings".to_string()
                                }
                                None => format!(
                                    "its headings are: {}",
                                    known
                                        .iter()
                                        .map(|a| format!("#{a}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            };
                            diags.push(
                                Diagnostic::error(
                                    "unknown-fragment",
                                    format!(
                                        "content/{}/{}.md has no heading `#{frag}`",
                                        l.kind.dir(),
                                        l.slug
                                    ),
                                )
                                .at(&file.rel, &file.text, l.span.clone())
                                .help(hint),
                            );
                        }
                    }
                }
                diags
            })
            .collect();
        for ds in link_diags {
            diags.extend(ds);
        }

        // Keep index lists in entry order, deduplicated.
        let by_date = |v: &mut Vec<usize>| {
            v.sort_by(|&x, &y| {
                statements[x]
                    .doc
                    .date
                    .cmp(&statements[y].doc.date)
                    .then(x.cmp(&y))
            });
            v.dedup();
        };
        ix.wave_statements
            .par_iter_mut()
            .chain(ix.actor_statements.par_iter_mut())
            .for_each(by_date);
        ix.wave_actors
            .par_iter_mut()
            .chain(ix.actor_waves.par_iter_mut())
            .chain(ix.actor_members.par_iter_mut())
            .chain(ix.source_briefings.par_iter_mut())
            .chain(ix.source_figures.par_iter_mut())
            .chain(ix.source_statements.par_iter_mut())
            .chain(ix.wave_figures.par_iter_mut())
            .chain(ix.actor_figures.par_iter_mut())
            .for_each(|v| {
                v.sort_unstable();
                v.dedup();
            });

        // Warnings: things that are probably unfinished.
        for (si, s) in sources.iter().enumerate() {
            if ix.source_briefings[si].is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "unused-source",
                        format!("nothing cites the source `{}`", s.slug),
                    )
                    .at(
                        &s.file.rel,
                        &s.file.text,
                        s.file.range_of(&[Seg::Key("title")]),
                    )
                    .help(format!(
                        "cite it in a briefing with [@{}], or remove it",
                        s.slug
                    )),
                );
            }
        }
        for (ai, a) in actors.iter().enumerate() {
            if ix.actor_statements[ai].is_empty()
                && ix.actor_figures[ai].is_empty()
                && ix.actor_members[ai].is_empty()
            {
                diags.push(
                    Diagnostic::warning(
                        "actor-without-statements",
                        format!("the actor `{}` has no statements", a.slug),
                    )
                    .at(
                        &a.file.rel,
                        &a.file.text,
                        a.file.range_of(&[Seg::Key("name")]),
                    )
                    .help("record what it said or did under `statements:` in a briefing"),
                );
            }
        }
        for (wi, w) in waves.iter().enumerate() {
            if ix.wave_figures[wi].is_empty() {
                diags.push(
                    Diagnostic::warning("wave-without-figures", format!("the wave `{}` has no figures", w.slug))
                        .at(&w.file.rel, &w.file.text, w.file.range_of(&[Seg::Key("title")]))
                        .help(format!("record the counts that sources report under `figures:` in a briefing, with `wave: {}`", w.slug)),
                );
            }
        }

        let archive = Archive {
            config,
            briefings,
            waves,
            actors,
            sources,
            figures,
            statements,
            index: ix,
            drafts: left_out,
            briefing_notes,
        };
        (archive, diags)
    }

    /// The day the archive's newest briefing is dated, if any.
    pub fn newest_date(&self) -> Option<NaiveDate> {
        self.briefings.first().map(|b| b.data.date.day)
    }
}

/// Decodes `%20`-style escapes in a link path.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_by_positions_is_stable_and_moves_each_item_once() {
        let keys = ["b", "a", "b", "a", "c"];
        let order = sorted_positions(keys.iter());
        assert_eq!(order, vec![1, 3, 0, 2, 4]);
        let items = vec![10, 11, 12, 13, 14];
        assert_eq!(reordered(items, &order), vec![11, 13, 10, 12, 14]);
        assert_eq!(reordered(vec![1, 2, 3], &[0, 1, 2]), vec![1, 2, 3]);
    }

    proptest::proptest! {
        /// Moving items in place, cycle by cycle, gives what taking each
        /// from its old place into a new list gives, for any permutation;
        /// positions that are not one fall back to the new list.
        #[test]
        fn reordering_in_place_is_taking_in_order(
            keys in proptest::collection::vec(0usize..1000, 0..60),
            odd in proptest::collection::vec(0usize..70, 0..60),
        ) {
            let taken = |n: usize, positions: &[usize]| -> Vec<String> {
                let mut slots: Vec<Option<String>> = (0..n).map(|i| Some(i.to_string())).collect();
                positions.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect()
            };
            let shuffled = sorted_positions(keys.iter());
            let n = shuffled.len();
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            proptest::prop_assert_eq!(reordered(items, &shuffled), taken(n, &shuffled));
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            proptest::prop_assert_eq!(reordered(items, &odd), taken(n, &odd));
        }
    }

    #[test]
    fn the_fast_hasher_tells_similar_slugs_apart() {
        use std::hash::BuildHasher;
        let h = BuildHasherDefault::<FastHasher>::default();
        let a = h.hash_one("kwon-seo-yeon-0142");
        let b = h.hash_one("kwon-seo-yeon-0143");
        let c = h.hash_one("kwon-seo-yeon-0142\0");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, h.hash_one("kwon-seo-yeon-0142"));
    }
}
