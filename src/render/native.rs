//! The built-in templates of entry pages and of the lists of briefings and
//! sources, compiled: `base.html`, `briefing.html`, `wave.html`,
//! `actor.html`, `source.html`, `briefings.html`, `sources.html`, the two
//! partials and the macros they call, written out as Rust that appends to
//! one string. They give the same bytes as Tera gives from the templates
//! (`tests/it/compiled.rs` renders every page both ways and compares), in a
//! small part of the time: no JSON tree is built for the page, and no
//! template is interpreted.
//!
//! Pages use this only while every template they need is the built-in one
//! (`Theme::compiled`); a theme that changes any of them is rendered by
//! Tera. So a change to one of those templates must be made here too, and
//! the comparison test says where the two differ.

use super::theme::group_figures;
use super::views::{BriefingCard, CitationView, FigureView, Link, StatementView, WaveCard};
use super::{
    ActorPage, BriefingPage, Cards, Common, Content, Pagination, SourcePage, TocEntry, WavePage,
};
use crate::markdown::push_escaped;

/// The page `content`, with the fields every page has in `common`.
/// `Content::Other` pages are not compiled and come out empty.
pub(super) fn page(common: &Common<'_>, content: &Content<'_>) -> String {
    // Room for most pages of the kind at once: a briefing or a source is
    // some 20 kB; a wave or an actor lists many figures and statements, a
    // page of a list a hundred entries.
    let room = match content {
        Content::Briefing(_) | Content::Source(_) | Content::Other(_) => 32,
        Content::Wave(_) | Content::Actor(_) => 128,
        Content::Briefings(..) | Content::Sources(..) => 192,
    };
    let mut o = Out(String::with_capacity(room * 1024));
    match content {
        Content::Briefing(b) => {
            o.head(common, |o| description(o, common, b.summary));
            briefing(&mut o, b);
        }
        Content::Wave(w) => {
            o.head(common, |o| description(o, common, w.card.summary));
            wave(&mut o, common, w);
        }
        Content::Actor(a) => {
            o.head(common, |o| description(o, common, a.card.summary));
            actor(&mut o, common, a);
        }
        Content::Source(s) => {
            o.head(common, |o| site_description(o, common));
            source(&mut o, common, s);
        }
        Content::Briefings(l, list, p) => {
            o.head(common, |o| site_description(o, common));
            briefings(&mut o, common, &Cards { l: *l, list }, p);
        }
        Content::Sources(list, p) => {
            o.head(common, |o| site_description(o, common));
            sources(&mut o, common, list, p);
        }
        Content::Other(_) => return String::new(),
    }
    o.foot(common);
    o.0
}

/// What Tera counts as true for an optional text: present and not empty.
fn some(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

/// The output, with the ways templates add to it.
struct Out(String);

impl Out {
    /// Markup, as it is.
    fn s(&mut self, t: &str) {
        self.0.push_str(t);
    }
    /// A value, escaped as Tera's autoescape (girok's escape function) does.
    fn e(&mut self, t: &str) {
        push_escaped(&mut self.0, t);
    }
    /// A value girok made that never needs escaping: an address built
    /// from slugs (lower-case letters, digits and `-`, checked when the
    /// content is read) and the way up to the site root, or a date written
    /// in digits and month names. Written as it is, which saves looking
    /// for the five characters in about a million short strings a build
    /// at 10,000 briefings; debug builds (the tests) still check.
    fn plain(&mut self, t: &str) {
        debug_assert!(
            !t.contains(['&', '<', '>', '"', '\'']),
            "{t:?} needs escaping"
        );
        self.0.push_str(t);
    }
    /// A number.
    fn n(&mut self, n: usize) {
        self.0.push_str(itoa::Buffer::new().format(n));
    }
    /// `<a href="url">title</a>`.
    fn link(&mut self, l: &Link<'_>) {
        self.s("<a href=\"");
        self.plain(&l.url);
        self.s("\">");
        self.e(l.title);
        self.s("</a>");
    }
    /// `<time datetime="iso">text</time>`.
    fn time(&mut self, iso: &str, text: &str) {
        self.s("<time datetime=\"");
        self.plain(iso);
        self.s("\">");
        self.plain(text);
        self.s("</time>");
    }

    /// base.html up to its content block; `description` is the page's
    /// block of that name.
    fn head(&mut self, c: &Common<'_>, description: impl FnOnce(&mut Out)) {
        let p = &c.page;
        let m = &p.publish;
        self.s("<!doctype html>\n<html lang=\"");
        self.e(c.site.language);
        self.s("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
        if p.kind == "home" {
            self.e(c.site.title);
        } else {
            self.e(&p.title);
            self.s(" · ");
            self.e(c.site.title);
        }
        self.s("</title>");
        description(self);
        if let Some(u) = some(m.url_abs.as_deref()) {
            self.s("\n<link rel=\"canonical\" href=\"");
            self.e(u);
            self.s("\">");
        }
        if let Some(f) = &c.archive_feed {
            self.feed_link(f);
        }
        if let Some(f) = &m.feed {
            self.feed_link(f);
        }
        if let Some(u) = some(m.url_abs.as_deref()) {
            self.s("\n<meta property=\"og:site_name\" content=\"");
            self.e(c.site.title);
            self.s("\">\n<meta property=\"og:title\" content=\"");
            self.e(&p.title);
            self.s("\">\n<meta property=\"og:type\" content=\"");
            self.s(if p.kind == "briefing" {
                "article"
            } else {
                "website"
            });
            self.s("\">\n<meta property=\"og:url\" content=\"");
            self.e(u);
            self.s("\">");
            if let Some(d) = some(m.description.as_deref()) {
                self.s("\n<meta property=\"og:description\" content=\"");
                self.e(d);
                self.s("\">");
            }
            self.s("\n<meta property=\"og:locale\" content=\"");
            self.e(&c.site.language.replace('-', "_"));
            self.s("\">");
            if let Some(d) = some(m.published.as_deref()) {
                self.s("\n<meta property=\"article:published_time\" content=\"");
                self.e(d);
                self.s("\">");
            }
            if let Some(d) = some(m.modified.as_deref()) {
                self.s("\n<meta property=\"article:modified_time\" content=\"");
                self.e(d);
                self.s("\">");
            }
        }
        if let Some(j) = some(m.jsonld.as_deref()) {
            self.s("\n<script type=\"application/ld+json\">");
            self.s(j);
            self.s("</script>");
        }
        self.s("\n<link rel=\"icon\" href=\"");
        self.e(c.root);
        self.s("theme/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
        self.e(c.root);
        self.s("theme/style.css\">");
        if p.code {
            self.s("\n<link rel=\"stylesheet\" href=\"");
            self.e(c.root);
            self.s("theme/highlight.css\">");
        }
        self.s("\n</head>\n<body class=\"page-");
        self.e(p.kind);
        self.s("\">\n<a class=\"skip-link\" href=\"#main_content\">Skip to main content</a>\n<header class=\"site-header\">\n<div class=\"wrap header-inner\">\n<a class=\"site-title\" href=\"");
        self.e(c.root);
        self.s("index.html\">");
        self.e(c.site.title);
        self.s("</a>\n<nav class=\"site-nav\" aria-label=\"Main\">\n<ul>");
        for item in &c.nav {
            self.s("\n<li><a href=\"");
            self.e(&item.url);
            self.s("\"");
            if item.url.strip_prefix(c.root) == Some(p.path.as_str()) {
                self.s(" aria-current=\"page\"");
            } else if item.current {
                self.s(" aria-current=\"true\"");
            }
            self.s(">");
            self.e(item.title);
            self.s("</a></li>");
        }
        self.s("\n</ul>\n</nav>\n<form class=\"site-search\" role=\"search\" action=\"");
        self.e(c.root);
        self.s("search/index.html\" method=\"get\">\n<label for=\"site_search_q\" class=\"visually-hidden\">Search the archive</label>\n<input id=\"site_search_q\" type=\"search\" name=\"q\" placeholder=\"Search\" autocomplete=\"off\">\n<button type=\"submit\">Search</button>\n</form>\n</div>\n</header>\n<main id=\"main_content\" tabindex=\"-1\">\n<div class=\"wrap\">\n");
    }

    fn feed_link(&mut self, f: &crate::publish::feeds::FeedLink) {
        self.s("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
        self.e(&f.title);
        self.s("\" href=\"");
        self.e(&f.url_abs);
        self.s("\">");
    }

    /// base.html after its content block.
    fn foot(&mut self, c: &Common<'_>) {
        self.s("\n</div>\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p><a href=\"");
        self.e(c.root);
        self.s("index.html\">");
        self.e(c.site.title);
        self.s("</a>");
        if let Some(d) = some(c.site.description) {
            self.s(" — ");
            self.e(d);
        }
        self.s("</p>\n<p class=\"muted\">Every figure and statement on this site links to the source that reports it. Differing counts are shown side by side, never averaged.</p>\n<p class=\"muted\">Made with girok. This site loads nothing from other hosts.</p>\n</div>\n</footer>\n</body>\n</html>\n");
    }
}

/// base.html's own `description` block: the site's description.
fn site_description(o: &mut Out, c: &Common<'_>) {
    if let Some(d) = some(c.site.description) {
        o.s("\n<meta name=\"description\" content=\"");
        o.e(d);
        o.s("\">");
    }
}

/// The content of `briefings.html`: a page of the list of briefings.
fn briefings(o: &mut Out, c: &Common<'_>, cards: &Cards<'_>, p: &Pagination) {
    o.s("\n<header class=\"page-head\">\n<h1>");
    o.e(&c.page.title);
    o.s("</h1>\n<p class=\"lead\">Dated briefings, newest first. Each one lists the figures and statements it records and the sources behind them.</p>");
    if let Some(f) = &c.archive_feed {
        o.s("\n<p class=\"feed-link\"><a href=\"");
        o.e(&f.url);
        o.s("\" type=\"application/atom+xml\">Subscribe (Atom feed)</a></p>");
    }
    o.s("\n</header>");
    if cards.list.is_empty() {
        o.s("\n<p class=\"empty\">No briefings yet.</p>");
    } else {
        o.s("\n");
        briefing_list(o, cards, 2);
    }
    o.s("\n");
    pager(o, p, "Briefing pages", "Newer", "Older");
    o.s("\n");
}

/// The content of `sources.html`: a page of the bibliography.
fn sources(o: &mut Out, c: &Common<'_>, list: &[CitationView<'_>], p: &Pagination) {
    o.s("\n<header class=\"page-head\">\n<h1>");
    o.e(&c.page.title);
    o.s("</h1>\n<p class=\"lead\">Every work the briefings rely on, with a link to the original and, where one was kept, to an archived copy. Each entry's page lists what it is cited for.</p>\n<p class=\"cite-downloads\">Download the bibliography: <a href=\"");
    bibliography_links(o, c.root);
    o.s("\n</header>");
    if list.is_empty() {
        o.s("\n<p class=\"empty\">No sources yet.</p>");
    } else {
        o.s("\n<ol class=\"bibliography\">");
        for s in list {
            o.s("\n<li>");
            citation(o, s, true);
            o.s("</li>");
        }
        o.s("\n</ol>");
    }
    o.s("\n");
    pager(o, p, "Bibliography pages", "Previous", "Next");
    o.s("\n");
}

/// The three bibliography files, as `source.html` and `sources.html`
/// link to them after `<a href="`, to the end of their paragraph.
fn bibliography_links(o: &mut Out, root: &str) {
    o.plain(root);
    o.s(
        "sources/bibliography.bib\" type=\"application/x-bibtex\" download>BibTeX</a> · <a href=\"",
    );
    o.plain(root);
    o.s("sources/bibliography.ris\" type=\"application/x-research-info-systems\" download>RIS (Zotero, EndNote)</a> · <a href=\"");
    o.plain(root);
    o.s("sources/bibliography.json\" type=\"application/vnd.citationstyles.csl+json\" download>CSL-JSON</a></p>");
}

/// The macro `pager`.
fn pager(o: &mut Out, p: &Pagination, label: &str, prev_label: &str, next_label: &str) {
    if p.total <= 1 {
        return;
    }
    o.s("\n<nav class=\"pager\" aria-label=\"");
    o.e(label);
    o.s("\">\n<ul>\n<li class=\"pager-prev\">");
    match p.prev.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => {
            o.s("<a href=\"");
            o.e(u);
            o.s("\" rel=\"prev\">← ");
            o.e(prev_label);
            o.s("<span class=\"visually-hidden\"> page</span></a>");
        }
        None => {
            o.s("<span class=\"muted\" aria-hidden=\"true\">← ");
            o.e(prev_label);
            o.s("</span>");
        }
    }
    o.s("</li>");
    for pg in &p.pages {
        o.s("\n<li><a href=\"");
        o.plain(&pg.url);
        o.s(if pg.current {
            "\" aria-current=\"page\"><span class=\"visually-hidden\">Page </span>"
        } else {
            "\"><span class=\"visually-hidden\">Page </span>"
        });
        o.n(pg.n);
        o.s("</a></li>");
    }
    o.s("\n<li class=\"pager-next\">");
    match p.next.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => {
            o.s("<a href=\"");
            o.e(u);
            o.s("\" rel=\"next\">");
            o.e(next_label);
            o.s("<span class=\"visually-hidden\"> page</span> →</a>");
        }
        None => {
            o.s("<span class=\"muted\" aria-hidden=\"true\">");
            o.e(next_label);
            o.s(" →</span>");
        }
    }
    o.s("</li>\n</ul>\n</nav>");
}

/// The `description` block of the briefing, wave and actor templates: the
/// entry's summary, else the site's description.
fn description(o: &mut Out, c: &Common<'_>, summary: Option<&str>) {
    o.s("\n");
    if let Some(d) = some(summary).or(some(c.site.description)) {
        o.s("<meta name=\"description\" content=\"");
        o.e(d);
        o.s("\">\n");
    }
}

/// The filter `names`: "A", "A and B", "A, B, and C".
fn names(o: &mut Out, list: &[String]) {
    for (i, n) in list.iter().enumerate() {
        o.s(super::views::name_separator(i, list.len()));
        o.e(n);
    }
}

fn plural(o: &mut Out, n: usize) {
    if n != 1 {
        o.s("s");
    }
}

/// `<p class="tags">` with its label, as cards and briefings show tags.
fn tags(o: &mut Out, label: &str, tags: &[String]) {
    o.s("\n<p class=\"tags\">");
    o.s(label);
    for (i, t) in tags.iter().enumerate() {
        if i > 0 {
            o.s(" ");
        }
        o.s("<span class=\"tag\">");
        o.e(t);
        o.s("</span>");
    }
    o.s("</p>");
}

/// The macro `chips`.
fn chips(o: &mut Out, links: &[Link<'_>], label: &str) {
    if links.is_empty() {
        return;
    }
    o.s("\n<div class=\"chip-row\">\n<span class=\"chip-label\">");
    o.e(label);
    o.s("</span>\n<ul class=\"chips\">");
    for l in links {
        o.s("\n<li>");
        o.link(l);
        o.s("</li>");
    }
    o.s("\n</ul>\n</div>");
}

/// The macro `toc`, shown from three headings up.
fn toc(o: &mut Out, entries: &[TocEntry<'_>]) {
    if entries.len() < 3 {
        return;
    }
    o.s("\n<nav class=\"toc\" aria-labelledby=\"toc_title\">\n<h2 id=\"toc_title\">Contents</h2>\n<ol>");
    for e in entries {
        o.s("\n<li class=\"toc-l");
        o.n(e.level.into());
        o.s("\"><a href=\"#");
        o.e(e.anchor);
        o.s("\">");
        o.e(e.text);
        o.s("</a></li>");
    }
    o.s("\n</ol>\n</nav>");
}

/// The macro `link_list`.
fn link_list(o: &mut Out, links: &[Link<'_>]) {
    o.s("<ul class=\"link-list\">");
    for l in links {
        o.s("\n<li>");
        o.link(l);
        o.s("</li>");
    }
    o.s("\n</ul>");
}

/// The macro `wave_dates`.
fn wave_dates(o: &mut Out, w: &WaveCard<'_>) {
    o.time(w.date, w.date_display);
    if let (Some(text), Some(iso)) = (some(w.end_date_display), w.end_date) {
        o.s(" – ");
        o.time(iso, text);
    }
}

/// The macro `wave_counts`.
fn wave_counts(o: &mut Out, w: &WaveCard<'_>) {
    for (i, (n, what)) in [
        (w.figure_count, "figure"),
        (w.statement_count, "statement"),
        (w.briefing_count, "briefing"),
    ]
    .into_iter()
    .enumerate()
    {
        o.s(if i == 0 {
            "<p class=\"counts-line\">\n<span>"
        } else {
            "\n<span>"
        });
        o.n(n);
        o.s(" ");
        o.s(what);
        plural(o, n);
        o.s("</span>");
    }
    o.s("\n</p>");
}

/// partials/citation.html; `link_title` links the title to the source's
/// page.
fn citation(o: &mut Out, c: &CitationView<'_>, link_title: bool) {
    match c.html.filter(|_| link_title) {
        Some(kept) => o.s(kept.get_or_init(|| {
            let mut html = Out(String::with_capacity(512));
            write_citation(&mut html, c, true);
            html.0
        })),
        None => write_citation(o, c, link_title),
    }
}

/// [`citation`], written out.
fn write_citation(o: &mut Out, c: &CitationView<'_>, link_title: bool) {
    o.s("<span class=\"citation\">");
    if !c.authors.is_empty() {
        o.s("<span class=\"cit-authors\">");
        names(o, c.authors);
        o.s("</span>. ");
    }
    o.s("“");
    if link_title {
        o.s("<a class=\"cit-title\" href=\"");
        o.plain(&c.link.url);
        o.s("\">");
        o.e(c.link.title);
        o.s("</a>");
    } else {
        o.s("<span class=\"cit-title\">");
        o.e(c.link.title);
        o.s("</span>");
    }
    if !(c.link.title.ends_with('.') || c.link.title.ends_with('?') || c.link.title.ends_with('!'))
    {
        o.s(".");
    }
    o.s("” <cite class=\"cit-publisher\">");
    o.e(c.publisher);
    o.s("</cite>, ");
    o.time(c.date, c.date_display);
    o.s(".");
    let (orig, arch) = (some(c.original_url), some(c.archived_url));
    if orig.is_some() || arch.is_some() {
        o.s(" <span class=\"cit-links\">");
        if let Some(u) = orig {
            o.s("<a class=\"ext\" href=\"");
            o.e(u);
            o.s("\" rel=\"noreferrer noopener\">original</a>");
        }
        if orig.is_some() && arch.is_some() {
            o.s(" · ");
        }
        if let Some(u) = arch {
            o.s("<a class=\"ext\" href=\"");
            o.e(u);
            o.s("\" rel=\"noreferrer noopener\">archived copy</a>");
        }
        o.s("</span>");
    }
    if let Some(a) = some(c.accessed) {
        o.s(" <span class=\"cit-accessed\">Accessed ");
        o.e(a);
        o.s(".</span>");
    }
    o.s("</span>");
}

/// partials/briefing_card.html, its title a heading of `level`.
fn briefing_card(o: &mut Out, b: &BriefingCard<'_>, level: usize) {
    o.s("<article class=\"card briefing-card\">\n<h");
    o.n(level);
    o.s(" class=\"card-title\">");
    o.link(&b.link);
    if b.draft {
        o.s(" <span class=\"badge draft\">Draft</span>");
    }
    o.s("</h");
    o.n(level);
    o.s(">\n<p class=\"card-meta\">");
    o.time(b.date, b.date_display);
    if !b.waves.is_empty() {
        o.s(" · <span class=\"visually-hidden\">Waves: </span>");
        for (i, w) in b.waves.iter().enumerate() {
            if i > 0 {
                o.s(", ");
            }
            o.link(w);
        }
    }
    o.s("</p>");
    if let Some(s) = some(b.summary) {
        o.s("\n<p class=\"card-summary\">");
        o.e(s);
        o.s("</p>");
    }
    if !b.tags.is_empty() {
        tags(o, "<span class=\"visually-hidden\">Tags: </span>", b.tags);
    }
    o.s("\n</article>");
}

/// The macro `briefing_list`.
fn briefing_list(o: &mut Out, cards: &Cards<'_>, level: usize) {
    let l = &cards.l;
    o.s("<ul class=\"cards\">");
    for &i in cards.list {
        o.s("\n<li>");
        // Entry pages, all at one depth, show the same card of a
        // briefing: it is written once per build (unless the page must
        // note what it shows, which making the card does).
        if level == 3 && l.touched.is_none() {
            if let Some(html) = l.texts.card(l.root, i, || {
                let mut card = Out(String::new());
                briefing_card(&mut card, &l.briefing_card(i), level);
                card.0
            }) {
                o.s(html);
                o.s("</li>");
                continue;
            }
        }
        briefing_card(o, &l.briefing_card(i), level);
        o.s("</li>");
    }
    o.s("\n</ul>");
}

/// Which columns a figures table leaves out or adds.
#[derive(Clone, Copy)]
struct Columns {
    wave: bool,
    claimant: bool,
    source: bool,
    briefing: bool,
}

/// The macro `figures_table`.
fn figures_table(o: &mut Out, figures: &[FigureView<'_>], caption: &str, cols: Columns) {
    o.s("<p class=\"table-note\">Each row is one claim, as its source reports it. Differing counts are shown side by side, not averaged.<span class=\"scroll-hint\"> Scroll the table sideways to see every column.</span></p>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table: ");
    o.e(caption);
    o.s("\">\n<table class=\"figures\">\n<caption class=\"visually-hidden\">");
    o.e(caption);
    o.s("</caption>\n<thead>\n<tr>\n<th scope=\"col\">What is counted</th>\n<th scope=\"col\" class=\"num\">Figure</th>");
    if cols.wave {
        o.s("\n<th scope=\"col\">Wave</th>");
    }
    if cols.claimant {
        o.s("\n<th scope=\"col\">Who claims it</th>");
    }
    if cols.source {
        o.s("\n<th scope=\"col\">Source</th>");
    }
    o.s("\n<th scope=\"col\">Status</th>\n<th scope=\"col\">As of</th>");
    if cols.briefing {
        o.s("\n<th scope=\"col\">Recorded in</th>");
    }
    o.s("\n</tr>\n</thead>");
    let keys: Vec<_> = figures
        .iter()
        .map(|f| (f.wave.as_ref().map(|w| w.slug), f.label, f.display))
        .collect();
    for g in group_figures(&keys) {
        let n = g.rows.len();
        o.s("\n<tbody class=\"fig-group");
        if g.distinct > 1 {
            o.s(" fig-differ");
        }
        o.s("\">");
        for (k, &i) in g.rows.iter().enumerate() {
            let f = &figures[i];
            o.s("\n<tr>");
            if k == 0 {
                o.s(if n > 1 {
                    "\n<th scope=\"rowgroup\" rowspan=\""
                } else {
                    "\n<th scope=\"row\""
                });
                if n > 1 {
                    o.n(n);
                    o.s("\"");
                }
                o.s(">");
                o.e(g.label);
                if g.distinct > 1 {
                    o.s("<span class=\"differ\">");
                    o.n(g.distinct);
                    o.s(" differing counts</span>");
                }
                o.s("</th>");
            }
            o.s("\n<td class=\"num\"><span class=\"fig-value\">");
            if f.display.is_empty() {
                o.s("—");
            } else {
                o.e(f.display);
            }
            o.s("</span>");
            if let Some(note) = some(f.note) {
                o.s("<small class=\"fig-note\">");
                o.e(note);
                o.s("</small>");
            }
            o.s("</td>");
            if cols.wave {
                o.s("\n<td class=\"col-wave\">");
                match &f.wave {
                    Some(w) => o.link(w),
                    None => o.s("<span class=\"muted\">none</span>"),
                }
                o.s("</td>");
            }
            if cols.claimant {
                o.s("\n<td class=\"col-who\">");
                match &f.attributed_to {
                    Some(a) => o.link(a),
                    None => o.s("<span class=\"muted\">not named</span>"),
                }
                o.s("</td>");
            }
            if cols.source {
                o.s("\n<td class=\"col-source\">");
                o.link(&f.source);
                o.s("</td>");
            }
            o.s("\n<td class=\"col-status\">");
            match some(f.status) {
                Some("confirmed") => {
                    o.s("<span class=\"badge status status-confirmed\">Confirmed</span>")
                }
                Some("reported") => {
                    o.s("<span class=\"badge status status-reported\">Reported</span>")
                }
                Some("estimated") => {
                    o.s("<span class=\"badge status status-estimated\">Estimated</span>")
                }
                Some("disputed") => {
                    o.s("<span class=\"badge status status-disputed\">Disputed</span>")
                }
                Some(other) => {
                    o.s("<span class=\"badge status\">");
                    o.e(other);
                    o.s("</span>");
                }
                None => o.s("<span class=\"muted\">not stated</span>"),
            }
            o.s("</td>\n<td class=\"nowrap\">");
            match some(f.as_of) {
                Some(text) => o.time(f.as_of_date.unwrap_or_default(), text),
                None => o.s("<span class=\"muted\">—</span>"),
            }
            o.s("</td>");
            if cols.briefing {
                o.s("\n<td class=\"col-briefing\">");
                o.link(&f.briefing);
                o.s("</td>");
            }
            o.s("\n</tr>");
        }
        o.s("\n</tbody>");
    }
    o.s("\n</table>\n</div>");
}

/// Which parts of a statement a list leaves out.
#[derive(Clone, Copy)]
struct Shown {
    actor: bool,
    wave: bool,
    source: bool,
    briefing: bool,
}

/// The macro `statements`.
fn statements(o: &mut Out, list: &[StatementView<'_>], show: Shown) {
    o.s("<ol class=\"statements\">");
    for s in list {
        o.s("\n<li class=\"statement\">\n<p class=\"statement-head\">");
        if show.actor {
            o.s("<a class=\"statement-actor\" href=\"");
            o.plain(&s.actor.url);
            o.s("\">");
            o.e(s.actor.title);
            o.s("</a> ");
        }
        if let Some(st) = some(s.stance) {
            o.s("<span class=\"badge stance\">");
            o.e(st);
            o.s("</span>");
        }
        o.s(" ");
        o.time(s.date, s.date_display);
        o.s("\n</p>\n<blockquote>\n<p>");
        o.e(s.quote);
        o.s("</p>\n</blockquote>\n<p class=\"trace\">");
        if show.source {
            o.s("<span>Reported by ");
            o.link(&s.source);
            o.s("</span>");
        }
        if let (true, Some(w)) = (show.wave, &s.wave) {
            o.s(" <span>About ");
            o.link(w);
            o.s("</span>");
        }
        if show.briefing {
            o.s(" <span>Recorded in ");
            o.link(&s.briefing);
            o.s("</span>");
        }
        o.s("\n</p>\n</li>");
    }
    o.s("\n</ol>");
}

/// `<section class="block">` with a heading, around what `inner` writes.
fn section(o: &mut Out, id: &str, heading: &str, inner: impl FnOnce(&mut Out)) {
    o.s("\n<section class=\"block\" aria-labelledby=\"");
    o.s(id);
    o.s("\">\n<h2 id=\"");
    o.s(id);
    o.s("\">");
    o.s(heading);
    o.s("</h2>\n");
    inner(o);
    o.s("\n</section>");
}

fn prose(o: &mut Out, html: &str) {
    o.s("\n<div class=\"prose\">\n");
    o.s(html);
    o.s("\n</div>");
}

fn feed_line(o: &mut Out, c: &Common<'_>) {
    if let Some(f) = &c.page.publish.feed {
        o.s("\n<p class=\"feed-link\"><a href=\"");
        o.e(&f.url);
        o.s("\" type=\"application/atom+xml\">Subscribe (Atom feed)</a></p>");
    }
}

/// briefing.html's content block.
fn briefing(o: &mut Out, b: &BriefingPage<'_>) {
    o.s("\n<article class=\"briefing");
    if b.draft {
        o.s(" is-draft");
    }
    o.s("\">\n<header class=\"page-head\">\n<p class=\"kicker\">Briefing");
    if b.draft {
        o.s(" <span class=\"badge draft\">Draft</span>");
    }
    o.s("</p>\n<h1>");
    o.e(b.title);
    o.s("</h1>\n<p class=\"dateline\">\n<span>");
    o.time(&b.date, &b.date_display);
    o.s("</span>");
    if let Some(u) = some(b.updated.as_deref()) {
        o.s("\n<span>Updated ");
        o.time(u, b.updated_display.as_deref().unwrap_or_default());
        o.s("</span>");
    }
    if !b.authors.is_empty() {
        o.s("\n<span>By ");
        names(o, b.authors);
        o.s("</span>");
    }
    o.s("\n<span>");
    o.n(b.reading_minutes);
    o.s(" min read</span>\n</p>");
    if b.draft {
        o.s("\n<p class=\"draft-note\" role=\"note\"><strong>Draft.</strong> This briefing is unfinished and may change.</p>");
    }
    if let Some(s) = some(b.summary) {
        o.s("\n<p class=\"lead\">");
        o.e(s);
        o.s("</p>");
    }
    o.s("\n");
    chips(o, &b.waves, "Waves");
    o.s("\n");
    chips(o, &b.actors, "Actors");
    o.s("\n</header>");
    toc(o, &b.toc);
    o.s("\n");
    prose(o, b.body_html);
    if !b.figures.is_empty() {
        section(o, "sec_figures", "Figures", |o| {
            let cols = Columns {
                wave: true,
                claimant: true,
                source: true,
                briefing: false,
            };
            figures_table(o, &b.figures, "Figures recorded in this briefing", cols);
        });
    }
    if !b.statements.is_empty() {
        section(o, "sec_statements", "Statements", |o| {
            let show = Shown {
                actor: true,
                wave: true,
                source: true,
                briefing: false,
            };
            statements(o, &b.statements, show);
        });
    }
    if !b.references.is_empty() || !b.further_sources.is_empty() {
        o.s("\n<section class=\"block references\" aria-labelledby=\"sec_sources\">\n<h2 id=\"sec_sources\">Sources</h2>");
        if !b.references.is_empty() {
            o.s("\n<ol class=\"reference-list\">");
            for r in &b.references {
                o.s("\n<li id=\"");
                o.e(&r.id);
                o.s("\">");
                citation(o, &r.source, true);
                if !r.locators.is_empty() {
                    o.s(" <span class=\"locators\">Cited at ");
                    let mut seen: Vec<&str> = Vec::with_capacity(r.locators.len());
                    for l in r.locators {
                        if !seen.contains(&l.as_str()) {
                            seen.push(l);
                        }
                    }
                    o.e(&seen.join("; "));
                    o.s(".</span>");
                }
                if r.backlinks.len() > 1 {
                    o.s(" <span class=\"backlinks\">Cited at:");
                    for (k, bl) in r.backlinks.iter().enumerate() {
                        o.s(" <a class=\"backlink\" href=\"");
                        o.e(bl);
                        o.s("\" aria-label=\"Back to citation ");
                        o.n(r.n);
                        o.s(", place ");
                        o.n(k + 1);
                        o.s("\">↩");
                        o.n(k + 1);
                        o.s("</a>");
                    }
                    o.s("</span>");
                } else {
                    o.s(" <a class=\"backlink\" href=\"");
                    o.e(&r.backlink);
                    o.s("\" aria-label=\"Back to citation ");
                    o.n(r.n);
                    o.s("\">↩</a>");
                }
                o.s("</li>");
            }
            o.s("\n</ol>");
        }
        if !b.further_sources.is_empty() {
            o.s("\n<h3>Also consulted</h3>\n<ul class=\"bibliography further\">");
            for c in &b.further_sources {
                o.s("\n<li>");
                citation(o, c, true);
                o.s("</li>");
            }
            o.s("\n</ul>");
        }
        o.s("\n</section>");
    }
    if !b.tags.is_empty() {
        tags(o, "<span class=\"tags-label\">Tags:</span> ", b.tags);
    }
    o.s("\n\n<section class=\"block cite-this\" aria-labelledby=\"sec_cite\">\n<h2 id=\"sec_cite\">Cite this briefing</h2>\n<h3 class=\"cite-format\">As text</h3>\n<p class=\"cite-this-text\">");
    o.e(&b.cite_text);
    o.s("</p>\n<h3 class=\"cite-format\">As BibTeX</h3>\n<pre class=\"code cite-bibtex\" tabindex=\"0\" role=\"region\" aria-label=\"BibTeX entry for this briefing\"><code>");
    o.e(&b.cite_bibtex);
    o.s("</code></pre>\n</section>\n</article>\n");
}

/// wave.html's content block.
fn wave(o: &mut Out, c: &Common<'_>, w: &WavePage<'_>) {
    let card = &w.card;
    o.s("\n<article class=\"wave\">\n<header class=\"page-head\">\n<p class=\"kicker\"><a href=\"");
    o.plain(c.root);
    o.s("waves/index.html\">Wave of forced return</a></p>\n<h1>");
    o.e(w.title);
    o.s("</h1>\n<dl class=\"facts\">\n<div><dt>When</dt><dd>");
    wave_dates(o, card);
    o.s("</dd></div>");
    if !card.locations.is_empty() {
        o.s("\n<div><dt>Where</dt><dd>");
        o.e(&card.locations.join(", "));
        o.s("</dd></div>");
    }
    o.s("\n<div><dt>On record</dt><dd>");
    wave_counts(o, card);
    o.s("</dd></div>\n</dl>");
    if let Some(s) = some(card.summary) {
        o.s("\n<p class=\"lead\">");
        o.e(s);
        o.s("</p>");
    }
    feed_line(o, c);
    o.s("\n</header>");
    toc(o, &w.toc);
    if !w.body_html.is_empty() {
        prose(o, w.body_html);
    }
    o.s("\n");
    section(o, "sec_figures", "Reported figures", |o| {
        if w.figures.is_empty() {
            o.s("<p class=\"empty\">No figures are recorded for this wave yet.</p>");
            return;
        }
        if let Some(chart) = some(w.figures_chart.as_deref()) {
            o.s("<figure class=\"chart chart-figures\">\n");
            o.s(chart);
            o.s("\n<figcaption class=\"chart-caption\">One bar per claim, grouped by what is counted, each group on its own scale from zero: a bar between two end marks is a range, an arrow means “at least”, a hollow bar “up to”. The table below gives the same figures with their sources.</figcaption>\n</figure>\n");
        }
        let cols = Columns {
            wave: false,
            claimant: true,
            source: true,
            briefing: true,
        };
        figures_table(o, &w.figures, "Reported figures", cols);
    });
    if !w.statements.is_empty() {
        section(o, "sec_statements", "Statements about this wave", |o| {
            let show = Shown {
                actor: true,
                wave: false,
                source: true,
                briefing: true,
            };
            statements(o, &w.statements, show);
        });
    }
    if !w.briefings.list.is_empty() {
        section(o, "sec_briefings", "Briefings", |o| {
            briefing_list(o, &w.briefings, 3)
        });
    }
    if !w.actors.is_empty() {
        section(o, "sec_actors", "Actors involved", |o| {
            link_list(o, &w.actors)
        });
    }
    if !w.sources.is_empty() {
        section(o, "sec_sources", "Sources", |o| {
            o.s("<ul class=\"bibliography\">");
            for s in &w.sources {
                o.s("\n<li>");
                citation(o, s, true);
                o.s("</li>");
            }
            o.s("\n</ul>");
        });
    }
    o.s("\n</article>\n");
}

/// actor.html's content block.
fn actor(o: &mut Out, c: &Common<'_>, a: &ActorPage<'_>) {
    let card = &a.card;
    o.s(
        "\n<article class=\"actor\">\n<header class=\"page-head\">\n<p class=\"kicker\"><a href=\"",
    );
    o.plain(c.root);
    o.s("actors/index.html\">Actor</a>");
    if let Some(k) = some(a.kind_label) {
        o.s(" · ");
        o.e(k);
    }
    o.s("</p>\n<h1>");
    o.e(a.name);
    o.s("</h1>\n<dl class=\"facts\">");
    if let Some(country) = some(card.country) {
        o.s("\n<div><dt>Country</dt><dd>");
        o.e(country);
        o.s("</dd></div>");
    }
    if let Some(p) = &a.member_of {
        o.s("\n<div><dt>Part of</dt><dd>");
        o.link(p);
        o.s("</dd></div>");
    }
    if !card.aliases.is_empty() {
        o.s("\n<div class=\"facts-wide\"><dt>Also known as</dt><dd><ul class=\"aliases\">");
        for al in card.aliases {
            o.s("<li>");
            o.e(al);
            o.s("</li>");
        }
        o.s("</ul></dd></div>");
    }
    if !a.members.is_empty() {
        o.s("\n<div class=\"facts-wide\"><dt>Members</dt><dd><ul class=\"inline-list\">");
        for x in &a.members {
            o.s("<li>");
            o.link(x);
            o.s("</li>");
        }
        o.s("</ul></dd></div>");
    }
    let (sc, fc) = (card.statement_count, a.figures.len());
    if sc > 0 || fc > 0 {
        o.s("\n<div><dt>On record</dt><dd>");
        if sc > 0 {
            o.n(sc);
            o.s(" statement");
            plural(o, sc);
        }
        if sc > 0 && fc > 0 {
            o.s(", ");
        }
        if fc > 0 {
            o.n(fc);
            o.s(" figure");
            plural(o, fc);
            o.s(" attributed to it");
        }
        o.s("</dd></div>");
    }
    o.s("\n</dl>");
    if let Some(s) = some(card.summary) {
        o.s("\n<p class=\"lead\">");
        o.e(s);
        o.s("</p>");
    }
    feed_line(o, c);
    o.s("\n</header>");
    if !a.body_html.is_empty() {
        prose(o, a.body_html);
    }
    if !a.statements.is_empty() {
        section(o, "sec_statements", "Positions over time", |o| {
            let show = Shown {
                actor: false,
                wave: true,
                source: true,
                briefing: true,
            };
            statements(o, &a.statements, show);
        });
    }
    if !a.figures.is_empty() {
        section(o, "sec_figures", "Figures it claims", |o| {
            let cols = Columns {
                wave: true,
                claimant: false,
                source: true,
                briefing: true,
            };
            let caption = format!("Figures attributed to {}", a.name);
            figures_table(o, &a.figures, &caption, cols);
        });
    }
    if !a.waves.is_empty() {
        section(o, "sec_waves", "Waves", |o| link_list(o, &a.waves));
    }
    if !a.briefings.list.is_empty() {
        section(o, "sec_briefings", "Briefings", |o| {
            briefing_list(o, &a.briefings, 3)
        });
    }
    o.s("\n</article>\n");
}

/// source.html's content block.
fn source(o: &mut Out, c: &Common<'_>, s: &SourcePage<'_>) {
    let cit = &s.citation;
    o.s("\n<article class=\"source\">\n<header class=\"page-head\">\n<p class=\"kicker\"><a href=\"");
    o.plain(c.root);
    o.s("sources/index.html\">Source</a>");
    if !cit.kind.is_empty() {
        o.s(" · ");
        o.e(cit.kind);
    }
    o.s("</p>\n<h1>");
    o.e(s.title);
    o.s("</h1>\n<div class=\"cite-box\">\n<p class=\"cite-box-label\">Cite as</p>\n<p class=\"cite-box-text\">");
    citation(o, cit, false);
    o.s("</p>\n</div>\n<p class=\"cite-downloads\">In the bibliography files as <code>");
    o.e(s.slug);
    o.s("</code>: <a href=\"");
    bibliography_links(o, c.root);
    let rows = [
        ("Original", some(cit.original_url), true),
        ("Archived copy", some(cit.archived_url), true),
        ("Accessed", some(cit.accessed), false),
        ("Language", some(cit.language), false),
    ];
    if rows.iter().any(|r| r.1.is_some()) {
        o.s("\n<ul class=\"source-links\" aria-label=\"Where to read it\">");
        for (label, value, link) in rows {
            let Some(v) = value else { continue };
            o.s("\n<li><span class=\"source-link-label\">");
            o.s(label);
            o.s("</span> ");
            if link {
                o.s("<a class=\"ext\" href=\"");
                o.e(v);
                o.s("\" rel=\"noreferrer noopener\">");
                o.e(v);
                o.s("</a>");
            } else {
                o.e(v);
            }
            o.s("</li>");
        }
        o.s("\n</ul>");
    }
    o.s("\n</header>");
    if !s.body_html.is_empty() {
        section(o, "sec_notes", "Notes on this source", |o| {
            o.s("<div class=\"prose\">\n");
            o.s(s.body_html);
            o.s("\n</div>");
        });
    }
    if !s.briefings.list.is_empty() {
        section(o, "sec_briefings", "Cited in", |o| {
            briefing_list(o, &s.briefings, 3)
        });
    }
    if !s.figures.is_empty() {
        section(o, "sec_figures", "Figures it reports", |o| {
            let cols = Columns {
                wave: true,
                claimant: true,
                source: false,
                briefing: true,
            };
            figures_table(o, &s.figures, "Figures reported by this source", cols);
        });
    }
    if !s.statements.is_empty() {
        section(o, "sec_statements", "Statements it reports", |o| {
            let show = Shown {
                actor: true,
                wave: true,
                source: false,
                briefing: true,
            };
            statements(o, &s.statements, show);
        });
    }
    o.s("\n</article>\n");
}
