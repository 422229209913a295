//! Pages: which pages the site has, and each page's template context. Pure:
//! renders to bytes in memory and writes nothing to disk.

mod charts;
mod native;
pub mod theme;
pub mod views;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::entities::Kind;
use crate::model::Archive;
use theme::{template_diagnostic, Theme};
use views::*;

/// One file of the output: its path under the output folder, and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/`, e.g. `waves/x/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `index.html`
    Home,
    /// `briefings/index.html`, then `briefings/page/N/index.html`.
    Briefings(usize),
    /// `briefings/<slug>/index.html`
    Briefing(usize),
    /// `waves/index.html`, then `waves/page/N/index.html`.
    Waves(usize),
    /// `waves/<slug>/index.html`
    Wave(usize),
    /// `actors/index.html`
    Actors,
    /// `actors/<slug>/index.html`
    Actor(usize),
    /// `sources/index.html`, then `sources/page/N/index.html`.
    Sources(usize),
    /// `sources/<slug>/index.html`
    Source(usize),
    /// `search/index.html`
    Search,
    /// `404.html`: what a web host shows for a missing address.
    NotFound,
}

fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// Every page of the archive, in a fixed order.
pub fn pages(a: &Archive) -> Vec<Page> {
    let per = a.config.per_page;
    let mut v = vec![Page::Home, Page::Actors, Page::Search];
    v.extend((1..=page_count(a.briefings.len(), per)).map(Page::Briefings));
    v.extend((1..=page_count(a.waves.len(), per)).map(Page::Waves));
    v.extend((1..=page_count(a.sources.len(), per)).map(Page::Sources));
    v.extend((0..a.briefings.len()).map(Page::Briefing));
    v.extend((0..a.waves.len()).map(Page::Wave));
    v.extend((0..a.actors.len()).map(Page::Actor));
    v.extend((0..a.sources.len()).map(Page::Source));
    v.push(Page::NotFound);
    v
}

fn list_path(dir: &str, n: usize) -> String {
    if n == 1 {
        [dir, "/index.html"].concat()
    } else {
        [dir, "/page/", itoa::Buffer::new().format(n), "/index.html"].concat()
    }
}

impl Page {
    /// The page's path under the output folder.
    pub fn path(self, a: &Archive) -> String {
        match self {
            Page::Home => "index.html".into(),
            Page::Briefings(n) => list_path("briefings", n),
            Page::Briefing(i) => ["briefings/", &a.briefings[i].slug, "/index.html"].concat(),
            Page::Waves(n) => list_path("waves", n),
            Page::Wave(i) => ["waves/", &a.waves[i].slug, "/index.html"].concat(),
            Page::Actors => "actors/index.html".into(),
            Page::Actor(i) => ["actors/", &a.actors[i].slug, "/index.html"].concat(),
            Page::Sources(n) => list_path("sources", n),
            Page::Source(i) => ["sources/", &a.sources[i].slug, "/index.html"].concat(),
            Page::Search => "search/index.html".into(),
            Page::NotFound => "404.html".into(),
        }
    }

    /// The Markdown body the page shows, if it is an entry's page.
    fn body(self, a: &Archive) -> Option<&crate::model::entities::Body> {
        match self {
            Page::Briefing(i) => Some(&a.briefings[i].body),
            Page::Wave(i) => Some(&a.waves[i].body),
            Page::Actor(i) => Some(&a.actors[i].body),
            Page::Source(i) => Some(&a.sources[i].body),
            _ => None,
        }
    }

    fn template(self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Briefings(_) => "briefings.html",
            Page::Briefing(_) => "briefing.html",
            Page::Waves(_) => "waves.html",
            Page::Wave(_) => "wave.html",
            Page::Actors => "actors.html",
            Page::Actor(_) => "actor.html",
            Page::Sources(_) => "sources.html",
            Page::Source(_) => "source.html",
            Page::Search => "search.html",
            Page::NotFound => "404.html",
        }
    }

    fn section(self) -> &'static str {
        match self {
            Page::Home => "home",
            Page::Briefings(_) | Page::Briefing(_) => "briefings",
            Page::Waves(_) | Page::Wave(_) => "waves",
            Page::Actors | Page::Actor(_) => "actors",
            Page::Sources(_) | Page::Source(_) => "sources",
            Page::Search => "search",
            Page::NotFound => "notfound",
        }
    }
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The site settings pages and data files show.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    /// The settings of `config`.
    pub(crate) fn of(config: &'a crate::config::Config) -> Self {
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_url: config.base_url.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct PageMeta {
    /// home, briefings, briefing, waves, wave, actors, actor, sources, source,
    /// search, notfound
    kind: &'static str,
    /// Section for the navigation.
    section: &'static str,
    /// Path under the output folder.
    path: String,
    /// The `<title>` of the page.
    title: String,
    /// Whether the page shows highlighted code (and needs its stylesheet).
    code: bool,
    /// Absolute address, description, own feed and JSON-LD.
    #[serde(flatten)]
    publish: crate::publish::feeds::Meta,
}

#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    root: &'a str,
    page: PageMeta,
    nav: Vec<NavItem>,
    /// The feed of every briefing, when the site has feeds.
    archive_feed: Option<crate::publish::feeds::FeedLink>,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
}

fn pagination(l: &Linker<'_>, dir: &str, current: usize, total: usize) -> Pagination {
    let url = |n: usize| l.url(&list_path(dir, n));
    Pagination {
        current,
        total,
        prev: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        pages: (1..=total)
            .map(|n| PageLink {
                n,
                url: url(n),
                current: n == current,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Counts {
    briefings: usize,
    waves: usize,
    actors: usize,
    sources: usize,
    figures: usize,
    statements: usize,
}

#[derive(Serialize)]
struct Reference<'a> {
    n: usize,
    id: String,
    backlink: String,
    backlinks: Vec<String>,
    locators: &'a [String],
    source: CitationView<'a>,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    anchor: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct ActorCard<'a> {
    #[serde(flatten)]
    link: Link<'a>,
    kind: &'a str,
    country: Option<&'a str>,
    aliases: &'a [String],
    summary: Option<&'a str>,
    statement_count: usize,
}

#[derive(Serialize)]
struct ActorGroup<'a> {
    kind: &'static str,
    label: &'static str,
    actors: Vec<ActorCard<'a>>,
}

const KIND_LABELS: &[(&str, &str)] = &[
    ("government", "Governments"),
    ("ministry", "Ministries and agencies"),
    ("un", "United Nations"),
    ("ngo", "Non-governmental organisations"),
    ("media", "Media"),
    ("person", "People"),
    ("other", "Others"),
];

fn actor_card<'a>(l: &Linker<'a>, i: usize) -> ActorCard<'a> {
    let a = &l.archive.actors[i];
    // The count comes from the briefings that record the statements.
    if l.touched.is_some() {
        for &s in &l.archive.index.actor_statements[i] {
            l.touch(Kind::Briefing, l.archive.statements[s].briefing);
        }
    }
    ActorCard {
        link: l.actor(i),
        kind: &a.data.kind,
        country: a.data.country.as_deref(),
        aliases: &a.data.aliases,
        summary: a.data.summary.as_deref(),
        statement_count: l.archive.index.actor_statements[i].len(),
    }
}

fn toc(body: &crate::model::entities::Body) -> Vec<TocEntry<'_>> {
    body.toc
        .iter()
        .map(|(level, anchor, text)| TocEntry {
            level: *level,
            anchor,
            text,
        })
        .collect()
}

/// Briefings shown as cards (`BriefingCard`s to a template), each card
/// made when it is shown: the compiled templates write most from a copy
/// made once per build.
pub(crate) struct Cards<'a> {
    l: Linker<'a>,
    list: &'a [usize],
}

impl Serialize for Cards<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list.iter().map(|&i| self.l.briefing_card(i)))
    }
}

/// What a briefing's page shows (`briefing` in its template).
#[derive(Serialize)]
pub(crate) struct BriefingPage<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    date_display: String,
    updated: Option<String>,
    updated_display: Option<String>,
    summary: Option<&'a str>,
    authors: &'a [String],
    tags: &'a [String],
    draft: bool,
    body_html: &'a str,
    toc: Vec<TocEntry<'a>>,
    words: usize,
    reading_minutes: usize,
    waves: Vec<Link<'a>>,
    actors: Vec<Link<'a>>,
    references: Vec<Reference<'a>>,
    further_sources: Vec<CitationView<'a>>,
    figures: Vec<FigureView<'a>>,
    statements: Vec<StatementView<'a>>,
    cite_text: String,
    cite_bibtex: String,
}

/// What a wave's page shows (`wave` in its template).
#[derive(Serialize)]
pub(crate) struct WavePage<'a> {
    card: WaveCard<'a>,
    slug: &'a str,
    title: &'a str,
    body_html: &'a str,
    toc: Vec<TocEntry<'a>>,
    figures: Vec<FigureView<'a>>,
    statements: Vec<StatementView<'a>>,
    briefings: Cards<'a>,
    actors: Vec<Link<'a>>,
    sources: Vec<CitationView<'a>>,
    figures_chart: Option<String>,
}

/// What an actor's page shows (`actor` in its template).
#[derive(Serialize)]
pub(crate) struct ActorPage<'a> {
    card: ActorCard<'a>,
    slug: &'a str,
    name: &'a str,
    kind_label: Option<&'static str>,
    body_html: &'a str,
    member_of: Option<Link<'a>>,
    members: Vec<Link<'a>>,
    statements: Vec<StatementView<'a>>,
    figures: Vec<FigureView<'a>>,
    waves: Vec<Link<'a>>,
    briefings: Cards<'a>,
}

/// What a source's page shows (`source` in its template).
#[derive(Serialize)]
pub(crate) struct SourcePage<'a> {
    citation: CitationView<'a>,
    slug: &'a str,
    title: &'a str,
    body_html: &'a str,
    briefings: Cards<'a>,
    figures: Vec<FigureView<'a>>,
    statements: Vec<StatementView<'a>>,
}

/// A page's own data: an entry's page as a typed view (which the built-in
/// templates' compiled form reads directly), any other page as JSON.
enum Content<'a> {
    Briefing(BriefingPage<'a>),
    Wave(WavePage<'a>),
    Actor(ActorPage<'a>),
    Source(SourcePage<'a>),
    /// A page of the list of briefings: the briefings whose cards it
    /// shows.
    Briefings(Linker<'a>, Vec<usize>, Pagination),
    /// A page of the bibliography.
    Sources(Vec<CitationView<'a>>, Pagination),
    Other(serde_json::Value),
}

/// Renders one page through the theme.
pub fn render_page(theme: &Theme, a: &Archive, page: Page) -> Result<OutputFile, Diagnostic> {
    render_page_with(theme, a, &crate::publish::ForPages::new(a), page, None)
}

/// Renders one page, with what the pages of `a` share worked out once in
/// `publish` (make one for many pages), and, when `touched` is given,
/// notes there every entry whose data the page shows (besides the page's
/// own entry).
pub(crate) fn render_page_with(
    theme: &Theme,
    a: &Archive,
    publish: &crate::publish::ForPages<'_>,
    page: Page,
    touched: Option<&Touched>,
) -> Result<OutputFile, Diagnostic> {
    let path = page.path(a);
    // A host shows 404.html at any missing address, at any depth: with a
    // base_url its links are absolute, so they work wherever it is shown.
    let root = match (page, a.config.base_url.as_deref()) {
        (Page::NotFound, Some(base)) => crate::publish::feeds::base_root(base),
        _ => root_for(&path),
    };
    let l = Linker {
        root: &root,
        archive: a,
        touched,
        texts: publish.texts(),
    };
    let ix = &a.index;
    let per = a.config.per_page;
    let (kind, title, content): (&str, String, Content<'_>) = match page {
        Page::Home => {
            let recent: Vec<_> = (0..a.briefings.len().min(10))
                .map(|i| l.briefing_card(i))
                .collect();
            let first_wave = a.waves.len().saturating_sub(12);
            let waves: Vec<_> = (first_wave..a.waves.len())
                .rev()
                .map(|i| l.wave_card(i))
                .collect();
            let counts = Counts {
                briefings: a.briefings.len(),
                waves: a.waves.len(),
                actors: a.actors.len(),
                sources: a.sources.len(),
                figures: a.figures.len(),
                statements: a.statements.len(),
            };
            (
                "home",
                a.config.title.clone(),
                Content::Other(serde_json::json!({
                    "recent": recent, "waves": waves, "counts": counts,
                    "timeline": charts::timeline_of(&l, first_wave..a.waves.len(), "timeline",
                        if first_wave == 0 { "Timeline of the waves" } else { "Timeline of the most recent waves" }),
                })),
            )
        }
        Page::Briefings(n) => {
            let total = page_count(a.briefings.len(), per);
            let shown = (n - 1) * per..(n * per).min(a.briefings.len());
            let title = if n == 1 {
                "Briefings".to_string()
            } else {
                format!("Briefings, page {n} of {total}")
            };
            (
                "briefings",
                title,
                Content::Briefings(l, shown.collect(), pagination(&l, "briefings", n, total)),
            )
        }
        Page::Briefing(i) => {
            let b = &a.briefings[i];
            let references: Vec<_> = ix.briefing_cited[i]
                .iter()
                .zip(&ix.briefing_locators[i])
                .enumerate()
                .map(|(k, (&s, locs))| {
                    let mut n = itoa::Buffer::new();
                    let n = n.format(k + 1);
                    let mut c = itoa::Buffer::new();
                    Reference {
                        n: k + 1,
                        id: ["ref_", n].concat(),
                        backlink: ["#cite_", n, "_1"].concat(),
                        backlinks: (1..=ix.briefing_cite_counts[i][k])
                            .map(|k| ["#cite_", n, "_", c.format(k)].concat())
                            .collect(),
                        locators: locs,
                        source: l.citation(s),
                    }
                })
                .collect();
            let d = &b.data;
            (
                "briefing",
                d.title.clone(),
                Content::Briefing(BriefingPage {
                    slug: &b.slug,
                    title: &d.title,
                    date: iso_date(d.date.day),
                    date_display: date_display(d.date.day),
                    updated: d.updated.map(|u| iso_date(u.day)),
                    updated_display: d.updated.map(|u| date_display(u.day)),
                    summary: d.summary.as_deref(),
                    authors: &d.authors,
                    tags: &d.tags,
                    draft: d.draft,
                    body_html: &b.body.html,
                    toc: toc(&b.body),
                    words: b.body.words,
                    reading_minutes: b.body.words.div_ceil(200).max(1),
                    waves: ix.briefing_waves[i].iter().map(|&w| l.wave(w)).collect(),
                    actors: ix.briefing_actors[i].iter().map(|&x| l.actor(x)).collect(),
                    references,
                    further_sources: ix.briefing_uncited[i]
                        .iter()
                        .map(|&s| l.citation(s))
                        .collect(),
                    figures: ix.briefing_figures[i]
                        .iter()
                        .map(|&f| l.figure(f))
                        .collect(),
                    statements: ix.briefing_statements[i]
                        .iter()
                        .map(|&s| l.statement(s))
                        .collect(),
                    cite_text: publish.briefing_text(i),
                    cite_bibtex: publish.briefing_bibtex(i),
                }),
            )
        }
        Page::Waves(n) => {
            let total = page_count(a.waves.len(), per);
            let waves: Vec<_> = ((n - 1) * per..(n * per).min(a.waves.len()))
                .map(|i| l.wave_card(i))
                .collect();
            let title = if n == 1 {
                "Waves of forced return".to_string()
            } else {
                format!("Waves of forced return, page {n} of {total}")
            };
            // The timeline shows every wave, each a link: once, on the
            // first page.
            let timeline = (n == 1).then(|| {
                charts::timeline_of(&l, 0..a.waves.len(), "timeline", "Timeline of the waves")
            });
            (
                "waves",
                title,
                Content::Other(serde_json::json!({
                    "waves": waves,
                    "timeline": timeline.flatten(),
                    "pagination": pagination(&l, "waves", n, total),
                })),
            )
        }
        Page::Wave(i) => {
            let w = &a.waves[i];
            let mut sources: Vec<usize> = ix.wave_figures[i]
                .iter()
                .map(|&f| a.figures[f].source)
                .chain(
                    ix.wave_statements[i]
                        .iter()
                        .map(|&s| a.statements[s].source),
                )
                .collect();
            sources.sort_unstable();
            sources.dedup();
            (
                "wave",
                w.data.title.clone(),
                Content::Wave(WavePage {
                    card: l.wave_card(i),
                    slug: &w.slug,
                    title: &w.data.title,
                    body_html: &w.body.html,
                    toc: toc(&w.body),
                    figures: ix.wave_figures[i].iter().map(|&f| l.figure(f)).collect(),
                    statements: ix.wave_statements[i]
                        .iter()
                        .map(|&s| l.statement(s))
                        .collect(),
                    briefings: Cards {
                        l,
                        list: &ix.wave_briefings[i],
                    },
                    actors: ix.wave_actors[i].iter().map(|&x| l.actor(x)).collect(),
                    sources: sources.iter().map(|&s| l.citation(s)).collect(),
                    figures_chart: charts::wave_figures(&l, i),
                }),
            )
        }
        Page::Actors => {
            let groups: Vec<_> = KIND_LABELS
                .iter()
                .map(|(kind, label)| ActorGroup {
                    kind,
                    label,
                    actors: (0..a.actors.len())
                        .filter(|&i| a.actors[i].data.kind == *kind)
                        .map(|i| actor_card(&l, i))
                        .collect(),
                })
                .filter(|g| !g.actors.is_empty())
                .collect();
            (
                "actors",
                "Actors".to_string(),
                Content::Other(serde_json::json!({ "groups": groups })),
            )
        }
        Page::Actor(i) => {
            let x = &a.actors[i];
            (
                "actor",
                x.data.name.clone(),
                Content::Actor(ActorPage {
                    card: actor_card(&l, i),
                    slug: &x.slug,
                    name: &x.data.name,
                    kind_label: KIND_LABELS
                        .iter()
                        .find(|(k, _)| *k == x.data.kind)
                        .map(|(_, v)| *v),
                    body_html: &x.body.html,
                    member_of: ix.actor_parent[i].map(|p| l.actor(p)),
                    members: ix.actor_members[i].iter().map(|&m| l.actor(m)).collect(),
                    statements: ix.actor_statements[i]
                        .iter()
                        .map(|&s| l.statement(s))
                        .collect(),
                    figures: ix.actor_figures[i].iter().map(|&f| l.figure(f)).collect(),
                    waves: ix.actor_waves[i].iter().map(|&w| l.wave(w)).collect(),
                    briefings: Cards {
                        l,
                        list: &ix.actor_briefings[i],
                    },
                }),
            )
        }
        Page::Sources(n) => {
            let total = page_count(a.sources.len(), per);
            let items: Vec<_> = ((n - 1) * per..(n * per).min(a.sources.len()))
                .map(|i| l.citation(i))
                .collect();
            let title = if n == 1 {
                "Bibliography".to_string()
            } else {
                format!("Bibliography, page {n} of {total}")
            };
            (
                "sources",
                title,
                Content::Sources(items, pagination(&l, "sources", n, total)),
            )
        }
        Page::Source(i) => {
            let s = &a.sources[i];
            (
                "source",
                s.data.title.clone(),
                Content::Source(SourcePage {
                    citation: l.citation(i),
                    slug: &s.slug,
                    title: &s.data.title,
                    body_html: &s.body.html,
                    briefings: Cards {
                        l,
                        list: &ix.source_briefings[i],
                    },
                    figures: ix.source_figures[i].iter().map(|&f| l.figure(f)).collect(),
                    statements: ix.source_statements[i]
                        .iter()
                        .map(|&s| l.statement(s))
                        .collect(),
                }),
            )
        }
        Page::Search => (
            "search",
            "Search".to_string(),
            Content::Other(serde_json::json!({ "counts": {
                "briefings": a.briefings.len(), "waves": a.waves.len(),
                "actors": a.actors.len(), "sources": a.sources.len(),
            }})),
        ),
        Page::NotFound => (
            "notfound",
            "Page not found".to_string(),
            Content::Other(serde_json::json!({})),
        ),
    };
    let section = page.section();
    let nav = [
        ("Home", "index.html", "home"),
        ("Briefings", "briefings/index.html", "briefings"),
        ("Waves", "waves/index.html", "waves"),
        ("Actors", "actors/index.html", "actors"),
        ("Bibliography", "sources/index.html", "sources"),
    ]
    .into_iter()
    .map(|(t, p, s)| NavItem {
        title: t,
        url: l.url(p),
        current: s == section,
    })
    .collect();
    let common = Common {
        site: SiteView::of(&a.config),
        root: &root,
        page: PageMeta {
            kind,
            section,
            path: path.clone(),
            title,
            code: page
                .body(a)
                .is_some_and(|b| memchr::memmem::find(b.html.as_bytes(), b"<pre").is_some()),
            publish: publish.page_meta(page, &root),
        },
        nav,
        archive_feed: publish.archive_feed(&root),
    };
    if theme.compiled(page) {
        let html = native::page(&common, &content);
        return Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        });
    }
    let content = match content {
        Content::Briefing(v) => serde_json::json!({ "briefing": v }),
        Content::Wave(v) => serde_json::json!({ "wave": v }),
        Content::Actor(v) => serde_json::json!({ "actor": v }),
        Content::Source(v) => serde_json::json!({ "source": v }),
        Content::Briefings(l, list, pagination) => {
            serde_json::json!({ "briefings": Cards { l, list: &list }, "pagination": pagination })
        }
        Content::Sources(items, pagination) => {
            serde_json::json!({ "sources": items, "pagination": pagination })
        }
        Content::Other(v) => v,
    };
    // The page's own data goes into the context as it is (no copy); the
    // common fields are added beside it.
    let mut ctx = tera::Context::from_value(content)
        .map_err(|e| template_diagnostic(&e, "cannot prepare the page data"))?;
    ctx.extend(
        tera::Context::from_serialize(&common)
            .map_err(|e| template_diagnostic(&e, "cannot prepare the page data"))?,
    );
    let html = theme.tera.render(page.template(), &ctx).map_err(|e| {
        template_diagnostic(
            &e,
            &format!("cannot render {path} with {}", page.template()),
        )
    })?;
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}

/// CSS for highlighted code: a light palette, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{css_for_theme_with_class_style, ClassStyle};
    let set = ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed {
        prefix: crate::markdown::HIGHLIGHT_PREFIX,
    };
    let mut out = String::from("/* Generated by girok from syntect's themes. */\n");
    if let Some(t) = set.themes.get("InspiredGitHub") {
        out.push_str(&css_for_theme_with_class_style(t, style).unwrap_or_default());
    }
    if let Some(t) = set.themes.get("base16-ocean.dark") {
        out.push_str("@media (prefers-color-scheme: dark) {\n");
        out.push_str(&css_for_theme_with_class_style(t, style).unwrap_or_default());
        out.push_str("}\n");
    }
    out
}
