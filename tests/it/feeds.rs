//! Publishing with a `base_url`: the Atom feeds, the sitemap and
//! robots.txt (read with a real XML parser), the canonical, Open Graph and
//! feed links and the JSON-LD of pages, and the 404 page; and, without a
//! `base_url`, that none of the absolute addresses is written.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::support::{build, fixture, one, Built, Page, Scratch, Site};

const BASE: &str = "https://example.org/ngo/archive/";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

const MASS_RETURN: &str = "briefings/2023-10-12-mass-return/index.html";
const SEOUL_CONFIRMS: &str = "briefings/2023-10-13-seoul-confirms/index.html";
const SPRING_RETURNS: &str = "briefings/2024-04-25-spring-returns/index.html";
const REVISED: &str = "briefings/2024-05-01-revised/index.html";

/// The basic fixture with a base_url (written without its final `/`, which
/// girok adds), two entries per list page, a briefing with a date-time and
/// an `updated` day, a person, and a wave and an actor that no briefing is
/// about.
fn published() -> &'static (Scratch, Built, Site) {
    static SITE: OnceLock<(Scratch, Built, Site)> = OnceLock::new();
    SITE.get_or_init(|| {
        let s = Scratch::of("basic");
        let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
        s.write(
            "site.yaml",
            &format!(
                "{yaml}base_url: {}\nper_page: 2\n",
                BASE.trim_end_matches('/')
            ),
        );
        s.write(
            "content/briefings/2024-05-01-revised.md",
            "---\ntitle: A revised look at Jilin\ndate: 2024-05-01T09:30:00+09:00\nupdated: 2024-06-02\nauthors: [Kim Min-ji, Border Rights Group]\nwaves: [2024-04-jilin]\ntags: [revised, jilin]\n---\nThe returns from Jilin, looked at again a month later.\n",
        );
        s.write(
            "content/actors/jane-doe.md",
            "---\nname: Jane Doe\nkind: person\naliases: [J. Doe, 제인]\nmember_of: rights-group\nsummary: A researcher of the group.\n---\n",
        );
        s.write(
            "content/waves/2022-01-quiet.md",
            "---\ntitle: A quiet wave\ndate: 2022-01-05\nlocations: [Hyesan]\n---\n",
        );
        let built = build(s.root(), false);
        let site = Site::read(&built.out);
        (s, built, site)
    })
}

fn abs(path: &str) -> String {
    format!("{BASE}{path}")
}

/// The path under the output folder of an absolute address of the site.
fn local(url: &str) -> &str {
    url.strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"))
}

fn text_of(site: &Site, path: &str) -> String {
    String::from_utf8(
        site.files
            .get(path)
            .unwrap_or_else(|| panic!("there is no {path}"))
            .clone(),
    )
    .unwrap()
}

fn atom_children<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().namespace() == Some(ATOM))
        .filter(move |c| c.tag_name().name() == name)
}

#[track_caller]
fn atom_child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &'a str) -> roxmltree::Node<'a, 'i> {
    let found: Vec<_> = atom_children(n, name).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one atom:{name} in <{}>",
        n.tag_name().name()
    );
    found[0]
}

#[track_caller]
fn atom_text<'a>(n: roxmltree::Node<'a, '_>, name: &'a str) -> String {
    atom_child(n, name).text().unwrap_or("").to_string()
}

#[track_caller]
fn rfc3339(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("`{s}` is not RFC 3339: {e}"))
}

/// The link of `n` with `rel`; Atom's default rel is `alternate`.
#[track_caller]
fn atom_link(n: roxmltree::Node<'_, '_>, rel: &str) -> String {
    let links: Vec<_> = atom_children(n, "link")
        .filter(|l| l.attribute("rel").unwrap_or("alternate") == rel)
        .collect();
    assert_eq!(links.len(), 1, "expected one link rel={rel}");
    links[0].attribute("href").unwrap_or("").to_string()
}

/// One feed, read back: its entries' page paths, in order.
struct Feed {
    entries: Vec<String>,
    updated: DateTime<FixedOffset>,
}

/// Parses the feed at `path` and checks everything RFC 4287 and girok
/// promise about it.
#[track_caller]
fn check_feed(site: &Site, path: &str, page: &str) -> Feed {
    let xml = text_of(site, path);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{path}");
    assert_eq!(feed.tag_name().name(), "feed", "{path}");
    assert_eq!(atom_text(feed, "id"), abs(path), "{path}: the feed's id");
    assert!(!atom_text(feed, "title").trim().is_empty(), "{path}");
    let updated = rfc3339(&atom_text(feed, "updated"));
    assert_eq!(atom_link(feed, "self"), abs(path), "{path}");
    assert_eq!(atom_link(feed, "alternate"), abs(page), "{path}");
    // Every entry has an author: the feed's.
    assert!(!atom_text(atom_child(feed, "author"), "name").is_empty());

    let mut entries = Vec::new();
    let mut ids = BTreeSet::new();
    let mut newest: Option<DateTime<FixedOffset>> = None;
    let mut last_published: Option<DateTime<FixedOffset>> = None;
    for e in atom_children(feed, "entry") {
        let id = atom_text(e, "id");
        assert!(ids.insert(id.clone()), "{path}: the id {id} is there twice");
        assert!(id.starts_with(BASE), "{path}: the id {id} is not absolute");
        assert!(!atom_text(e, "title").is_empty(), "{path}: {id}");
        let href = atom_link(e, "alternate");
        assert_eq!(href, id, "{path}: an entry's link is its id");
        let target = local(&href).to_string();
        assert!(
            site.pages.contains_key(&target),
            "{path}: {href} is no page"
        );
        let up = rfc3339(&atom_text(e, "updated"));
        let published = rfc3339(&atom_text(e, "published"));
        assert!(
            up >= published,
            "{path}: {id} is updated before it is published"
        );
        if let Some(last) = last_published {
            assert!(published <= last, "{path}: entries are not newest first");
        }
        last_published = Some(published);
        newest = Some(newest.map_or(up, |n| n.max(up)));
        entries.push(target);
    }
    if let Some(n) = newest {
        assert_eq!(
            updated, n,
            "{path}: the feed is updated when its newest entry is"
        );
    }
    Feed { entries, updated }
}

#[test]
fn every_feed_parses_and_holds_what_atom_requires() {
    let (_, built, site) = published();
    let feeds: Vec<&String> = site
        .files
        .keys()
        .filter(|p| p.ends_with("feed.xml"))
        .collect();
    // The archive's feed, 3 waves and 5 actors.
    assert_eq!(feeds.len(), 1 + 3 + 5, "{feeds:#?}");
    for path in feeds {
        let page = path.replace("feed.xml", "index.html");
        check_feed(site, path, &page);
    }
    assert!(
        !built
            .report
            .diagnostics
            .items()
            .iter()
            .any(|d| d.code == "no-base-url"),
        "with a base_url the build does not say it is missing"
    );
}

#[test]
fn the_archive_feed_lists_every_briefing_newest_first() {
    let (_, _, site) = published();
    let feed = check_feed(site, "briefings/feed.xml", "briefings/index.html");
    assert_eq!(
        feed.entries,
        [REVISED, SPRING_RETURNS, SEOUL_CONFIRMS, MASS_RETURN]
    );
    // The newest change is the revised briefing's `updated` day.
    assert_eq!(feed.updated, rfc3339("2024-06-02T00:00:00Z"));

    let xml = text_of(site, "briefings/feed.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entry = |path: &str| {
        atom_children(doc.root_element(), "entry")
            .find(|e| atom_text(*e, "id") == abs(path))
            .unwrap_or_else(|| panic!("no entry for {path}"))
    };
    // A date-time keeps its offset; a date alone is midnight UTC.
    let revised = entry(REVISED);
    assert_eq!(atom_text(revised, "published"), "2024-05-01T09:30:00+09:00");
    assert_eq!(atom_text(revised, "updated"), "2024-06-02T00:00:00Z");
    let authors: Vec<String> = atom_children(revised, "author")
        .map(|a| atom_text(a, "name"))
        .collect();
    assert_eq!(authors, ["Kim Min-ji", "Border Rights Group"]);
    let terms: Vec<&str> = atom_children(revised, "category")
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(terms, ["revised", "jilin"]);
    // Without a summary, the start of the text stands in.
    assert_eq!(
        atom_text(revised, "summary"),
        "The returns from Jilin, looked at again a month later."
    );
    let mass = entry(MASS_RETURN);
    assert_eq!(atom_text(mass, "published"), "2023-10-12T00:00:00Z");
    assert_eq!(
        atom_text(mass, "summary"),
        "Rights groups report a mass return; a later report gives a lower count."
    );
}

#[test]
fn each_wave_and_actor_feed_holds_exactly_its_briefings() {
    let (_, _, site) = published();
    let expected: &[(&str, &[&str])] = &[
        (
            "waves/2023-10-border-returns",
            &[SEOUL_CONFIRMS, MASS_RETURN],
        ),
        ("waves/2024-04-jilin", &[REVISED, SPRING_RETURNS]),
        ("waves/2022-01-quiet", &[]),
        ("actors/rights-group", &[SPRING_RETURNS, MASS_RETURN]),
        ("actors/unification-ministry", &[MASS_RETURN]),
        ("actors/south-korea", &[SEOUL_CONFIRMS]),
        ("actors/china-mfa", &[MASS_RETURN]),
        ("actors/jane-doe", &[]),
    ];
    for (dir, briefings) in expected {
        let feed = check_feed(
            site,
            &format!("{dir}/feed.xml"),
            &format!("{dir}/index.html"),
        );
        assert_eq!(&feed.entries, briefings, "{dir}/feed.xml");
        // The wave's or actor's page lists the same briefings.
        let page = site.page(&format!("{dir}/index.html"));
        for b in *briefings {
            page.assert_links_to(b);
        }
    }
    // A feed with no entries is still valid and dated by the archive's
    // newest change, never by the build.
    let quiet = check_feed(
        site,
        "waves/2022-01-quiet/feed.xml",
        "waves/2022-01-quiet/index.html",
    );
    assert_eq!(quiet.updated, rfc3339("2024-06-02T00:00:00Z"));
    let jilin = check_feed(
        site,
        "waves/2024-04-jilin/feed.xml",
        "waves/2024-04-jilin/index.html",
    );
    assert_eq!(jilin.updated, rfc3339("2024-06-02T00:00:00Z"));
    let ministry = check_feed(
        site,
        "actors/unification-ministry/feed.xml",
        "actors/unification-ministry/index.html",
    );
    assert_eq!(ministry.updated, rfc3339("2023-10-12T00:00:00Z"));
}

#[test]
fn a_feed_holds_the_fifty_most_recent_briefings() {
    let s = Scratch::of("basic");
    let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write("site.yaml", &format!("{yaml}base_url: {BASE}\n"));
    for day in 1..=52 {
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(day);
        s.write(
            &format!("content/briefings/many-{day:02}.md"),
            &format!(
                "---\ntitle: Briefing {day}\ndate: {date}\nwaves: [2024-04-jilin]\n---\nText.\n"
            ),
        );
    }
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let all = check_feed(&site, "briefings/feed.xml", "briefings/index.html");
    assert_eq!(all.entries.len(), 50);
    assert_eq!(all.entries[0], "briefings/many-52/index.html");
    assert_eq!(all.entries[49], "briefings/many-03/index.html");
    assert_eq!(all.updated, rfc3339("2025-02-22T00:00:00Z"));
    let jilin = check_feed(
        &site,
        "waves/2024-04-jilin/feed.xml",
        "waves/2024-04-jilin/index.html",
    );
    assert_eq!(jilin.entries.len(), 50);
    assert!(!jilin.entries.iter().any(|e| e == SPRING_RETURNS));
    // Each briefing still has its page.
    assert_eq!(
        site.pages.keys().filter(|p| p.contains("many-")).count(),
        52
    );
}

#[test]
fn the_sitemap_lists_every_page_but_search_and_404() {
    let (_, _, site) = published();
    let xml = text_of(site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP));
    assert_eq!(root.tag_name().name(), "urlset");
    let mut listed = BTreeMap::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        assert_eq!(url.tag_name().namespace(), Some(SITEMAP));
        let child = |name: &str| {
            url.children()
                .find(|c| c.is_element() && c.tag_name().name() == name)
                .map(|c| c.text().unwrap_or("").to_string())
        };
        let loc = child("loc").expect("every url has a loc");
        assert!(loc.starts_with(BASE), "{loc}");
        let path = local(&loc).to_string();
        assert!(
            listed.insert(path.clone(), child("lastmod")).is_none(),
            "{loc} is listed twice"
        );
    }
    let expected: BTreeSet<&String> = site
        .pages
        .keys()
        .filter(|p| *p != "search/index.html" && *p != "404.html")
        .collect();
    assert_eq!(listed.keys().collect::<BTreeSet<_>>(), expected);
    // Pagination pages are there too.
    assert!(listed.contains_key("briefings/page/2/index.html"));
    assert!(listed.contains_key("sources/page/2/index.html"));
    // Dates from the content: a briefing's own, a wave's newest briefing's,
    // none where no briefing is involved.
    let lastmod = |p: &str| listed[p].as_deref();
    assert_eq!(lastmod(MASS_RETURN), Some("2023-10-12"));
    assert_eq!(lastmod(REVISED), Some("2024-06-02"));
    assert_eq!(
        lastmod("waves/2023-10-border-returns/index.html"),
        Some("2023-10-13")
    );
    assert_eq!(lastmod("index.html"), Some("2024-06-02"));
    assert_eq!(lastmod("waves/2022-01-quiet/index.html"), None);
    assert_eq!(lastmod("actors/jane-doe/index.html"), None);
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let (_, _, site) = published();
    let robots = text_of(site, "robots.txt");
    let lines: Vec<&str> = robots.lines().collect();
    assert_eq!(
        lines,
        [
            "User-agent: *",
            "Allow: /",
            "Sitemap: https://example.org/ngo/archive/sitemap.xml"
        ]
    );
    assert!(site
        .files
        .contains_key(local(&lines[2]["Sitemap: ".len()..])));
}

/// The `content` of `<meta property=...>`.
fn meta(page: &Page, property: &str) -> Option<String> {
    page.tags
        .iter()
        .find(|t| t.name == "meta" && t.attr("property") == Some(property))
        .and_then(|t| t.attr("content").map(str::to_string))
}

/// The `href`s of `<link rel=...>` (with `type` when given).
fn head_links(page: &Page, rel: &str, kind: Option<&str>) -> Vec<String> {
    page.tags
        .iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some(rel))
        .filter(|t| kind.is_none() || t.attr("type") == kind)
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

/// The text of the page's JSON-LD blocks.
fn json_ld_texts(page: &Page) -> Vec<String> {
    let opener = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = page.html.as_str();
    while let Some(i) = rest.find(opener) {
        rest = &rest[i + opener.len()..];
        let end = rest.find("</script>").expect("the JSON-LD block is closed");
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// The page's one JSON-LD object, if any; its text holds no `<`.
#[track_caller]
fn json_ld(page: &Page) -> Option<Value> {
    let texts = json_ld_texts(page);
    assert!(
        texts.len() <= 1,
        "{}: more than one JSON-LD block",
        page.rel
    );
    texts.first().map(|t| {
        assert!(!t.contains('<'), "{}: a `<` in the JSON-LD", page.rel);
        let v: Value = serde_json::from_str(t)
            .unwrap_or_else(|e| panic!("{}: the JSON-LD is not JSON: {e}", page.rel));
        assert_eq!(v["@context"], "https://schema.org", "{}", page.rel);
        v
    })
}

/// What kind of page `path` is, by its place in the output.
fn kind_of(path: &str) -> &'static str {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [dir, slug, "index.html"] if *slug != "page" => match *dir {
            "briefings" => "briefing",
            "waves" => "wave",
            "actors" => "actor",
            "sources" => "source",
            _ => "other",
        },
        _ => "other",
    }
}

#[test]
fn pages_carry_canonical_open_graph_and_feed_links() {
    let (_, _, site) = published();
    let archive_feed = abs("briefings/feed.xml");
    for (path, page) in &site.pages {
        if path == "404.html" {
            continue;
        }
        let url = abs(path);
        assert_eq!(
            head_links(page, "canonical", None),
            vec![url.clone()],
            "{path}"
        );
        assert_eq!(
            meta(page, "og:url").as_deref(),
            Some(url.as_str()),
            "{path}"
        );
        assert_eq!(
            meta(page, "og:site_name").as_deref(),
            Some("Test briefing archive"),
            "{path}"
        );
        assert!(
            meta(page, "og:title").is_some_and(|t| !t.is_empty()),
            "{path}"
        );
        assert_eq!(meta(page, "og:locale").as_deref(), Some("en"), "{path}");
        let kind = kind_of(path);
        let og_type = if kind == "briefing" {
            "article"
        } else {
            "website"
        };
        assert_eq!(meta(page, "og:type").as_deref(), Some(og_type), "{path}");
        assert_eq!(
            meta(page, "article:published_time").is_some(),
            kind == "briefing",
            "{path}"
        );
        let mut feeds = vec![archive_feed.clone()];
        if kind == "wave" || kind == "actor" {
            feeds.push(abs(&path.replace("index.html", "feed.xml")));
        }
        let alternates = head_links(page, "alternate", Some("application/atom+xml"));
        assert_eq!(alternates, feeds, "{path}");
        for f in &alternates {
            assert!(
                site.files.contains_key(local(f)),
                "{path}: {f} is not written"
            );
        }
        // The feeds a page stands for are offered in its text too, by a
        // relative link.
        let briefing_list = kind == "other" && path.starts_with("briefings/");
        if kind == "wave" || kind == "actor" || briefing_list {
            let feed = if path.starts_with("briefings/") {
                "briefings/feed.xml".to_string()
            } else {
                path.replace("index.html", "feed.xml")
            };
            page.assert_links_to(&feed);
            page.assert_text("Subscribe (Atom feed)");
        } else {
            assert!(!page.text().contains("Subscribe (Atom feed)"), "{path}");
        }
    }
    let mass = site.page(MASS_RETURN);
    assert_eq!(
        meta(mass, "og:description").as_deref(),
        Some("Rights groups report a mass return; a later report gives a lower count.")
    );
    assert_eq!(
        meta(mass, "article:published_time").as_deref(),
        Some("2023-10-12")
    );
    let revised = site.page(REVISED);
    assert_eq!(
        meta(revised, "article:published_time").as_deref(),
        Some("2024-05-01T09:30:00+09:00")
    );
    assert_eq!(
        meta(revised, "article:modified_time").as_deref(),
        Some("2024-06-02")
    );
    // Every link of every page but the 404 page (whose links are absolute,
    // below) leads to a file of the site.
    let problems: Vec<String> = site
        .link_problems()
        .into_iter()
        .filter(|p| !p.starts_with("404.html:"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn entry_pages_carry_json_ld_of_their_schema_org_type() {
    let (_, _, site) = published();
    let url = |p: &str| Value::String(abs(p));
    for (path, page) in &site.pages {
        let ld = json_ld(page);
        let kind = kind_of(path);
        let Some(ld) = ld else {
            assert_eq!(kind, "other", "{path} has no JSON-LD");
            continue;
        };
        let expected: &[&str] = match kind {
            "briefing" => &["Article"],
            "wave" => &["Event"],
            "actor" => &["Organization", "Person"],
            "source" => &["NewsArticle", "Report", "CreativeWork"],
            _ => panic!("{path} should have no JSON-LD"),
        };
        let t = ld["@type"].as_str().unwrap_or("");
        assert!(expected.contains(&t), "{path}: @type {t}");
    }

    let mass = json_ld(site.page(MASS_RETURN)).unwrap();
    assert_eq!(
        mass["headline"],
        "China returns hundreds of people after the Games"
    );
    assert_eq!(mass["datePublished"], "2023-10-12");
    assert_eq!(mass["dateModified"], "2023-10-12");
    assert_eq!(mass["url"], url(MASS_RETURN));
    assert_eq!(mass["author"][0]["name"], "Research desk");
    assert_eq!(mass["isPartOf"]["@type"], "WebSite");
    assert_eq!(mass["isPartOf"]["url"], url("index.html"));
    let about: Vec<(&str, &str)> = mass["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["@type"].as_str().unwrap(), x["name"].as_str().unwrap()))
        .collect();
    assert!(
        about.contains(&("Event", "Mass return after the Asian Games")),
        "{about:?}"
    );
    assert!(
        about.contains(&("Organization", "Ministry of Unification")),
        "{about:?}"
    );
    let cited: Vec<(&str, &str)> = mass["citation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["@type"].as_str().unwrap(), x["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        cited,
        [
            ("NewsArticle", "China sends hundreds back"),
            ("Report", "Returns across the border")
        ]
    );

    // An author who is an actor of the archive is described as that actor.
    let revised = json_ld(site.page(REVISED)).unwrap();
    assert_eq!(revised["author"][0]["@type"], "Person");
    assert_eq!(revised["author"][1]["@type"], "Organization");
    assert_eq!(revised["author"][1]["name"], "Border Rights Group");
    assert_eq!(revised["datePublished"], "2024-05-01T09:30:00+09:00");
    assert_eq!(revised["dateModified"], "2024-06-02");

    let wave = json_ld(site.page("waves/2023-10-border-returns/index.html")).unwrap();
    assert_eq!(wave["name"], "Mass return after the Asian Games");
    assert_eq!(wave["startDate"], "2023-10-09");
    assert_eq!(wave["endDate"], "2023-10-10");
    assert_eq!(
        wave["description"],
        "Several hundred people were returned at once."
    );
    let places: Vec<&Value> = wave["location"].as_array().unwrap().iter().collect();
    assert_eq!(places.len(), 2);
    assert_eq!(places[0]["@type"], "Place");
    assert_eq!(places[0]["name"], "Dandong");

    let jane = json_ld(site.page("actors/jane-doe/index.html")).unwrap();
    assert_eq!(jane["@type"], "Person");
    assert_eq!(jane["alternateName"], serde_json::json!(["J. Doe", "제인"]));
    assert_eq!(jane["memberOf"]["name"], "Border Rights Group");
    assert_eq!(
        jane["memberOf"]["url"],
        url("actors/rights-group/index.html")
    );
    let ministry = json_ld(site.page("actors/unification-ministry/index.html")).unwrap();
    assert_eq!(ministry["@type"], "Organization");
    assert_eq!(ministry["memberOf"]["name"], "South Korea");

    let alpha = json_ld(site.page("sources/alpha-news-2023-10-12/index.html")).unwrap();
    assert_eq!(alpha["@type"], "NewsArticle");
    assert_eq!(alpha["name"], "China sends hundreds back");
    assert_eq!(alpha["publisher"]["name"], "Alpha Daily");
    assert_eq!(alpha["author"][0]["name"], "Kim Min-ji");
    assert_eq!(alpha["datePublished"], "2023-10-12");
    assert_eq!(alpha["url"], "https://example.org/alpha");
    assert_eq!(alpha["inLanguage"], "en");
    let beta = json_ld(site.page("sources/beta-report-2023-10-13/index.html")).unwrap();
    assert_eq!(beta["@type"], "Report");
    assert_eq!(beta["archivedAt"], "https://example.org/archive/beta");
    let gamma = json_ld(site.page("sources/gamma-statement-2024-04-20/index.html")).unwrap();
    assert_eq!(gamma["@type"], "CreativeWork");
}

/// Every `href`, `src` and form `action` of a page.
fn addresses(page: &Page) -> Vec<String> {
    page.tags
        .iter()
        .filter(|t| !t.closing)
        .flat_map(|t| {
            t.attrs
                .iter()
                .filter(|(n, _)| n == "href" || n == "src" || (t.name == "form" && n == "action"))
                .map(|(_, v)| v.clone())
        })
        .collect()
}

fn csp(page: &Page) -> Option<String> {
    page.tags
        .iter()
        .find(|t| t.name == "meta" && t.attr("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|t| t.attr("content").map(str::to_string))
}

const NOT_FOUND_TARGETS: [&str; 6] = [
    "index.html",
    "briefings/index.html",
    "waves/index.html",
    "actors/index.html",
    "sources/index.html",
    "search/index.html",
];

#[test]
fn the_404_page_links_absolutely_under_the_base_url() {
    let (_, _, site) = published();
    let page = site.page("404.html");
    page.assert_text("Page not found");
    assert_eq!(csp(page), csp(site.page("index.html")));
    assert!(csp(page).is_some());
    let addrs = addresses(page);
    for a in &addrs {
        assert!(
            a.starts_with(BASE) || a.starts_with('#'),
            "404.html: {a} is not absolute"
        );
        if let Some(p) = a.strip_prefix(BASE) {
            assert!(site.files.contains_key(p), "404.html: {a} leads nowhere");
        }
    }
    for t in NOT_FOUND_TARGETS {
        assert!(addrs.contains(&abs(t)), "404.html does not offer {t}");
    }
    assert!(addrs.contains(&abs("theme/style.css")));
    // It stands for no address of its own.
    assert!(head_links(page, "canonical", None).is_empty());
    assert!(meta(page, "og:url").is_none());
    assert!(json_ld(page).is_none());
}

/// Every string in a JSON value.
fn strings_in<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings_in(x, out)),
        _ => {}
    }
}

#[test]
fn without_base_url_nothing_absolute_is_written_and_the_build_says_so_once() {
    let built = build(&fixture("basic"), false);
    let site = Site::read(&built.out);
    one(&built.report.diagnostics, "no-base-url");
    for f in site.files.keys() {
        assert!(
            !f.ends_with("feed.xml") && f != "sitemap.xml" && f != "robots.txt",
            "{f} is written without a base_url"
        );
    }
    for (path, page) in &site.pages {
        assert!(head_links(page, "canonical", None).is_empty(), "{path}");
        assert!(head_links(page, "alternate", None).is_empty(), "{path}");
        assert!(
            !page
                .tags
                .iter()
                .any(|t| t.name == "meta" && t.attr("property").is_some()),
            "{path} has Open Graph fields"
        );
        assert!(!page.text().contains("Subscribe (Atom feed)"), "{path}");
        // JSON-LD is still there, without addresses of the site's pages.
        match json_ld(page) {
            Some(ld) => {
                let mut strings = Vec::new();
                strings_in(&ld, &mut strings);
                assert!(
                    !strings.iter().any(|s| s.contains("index.html")),
                    "{path}: {ld}"
                );
                assert!(ld.get("mainEntityOfPage").is_none(), "{path}");
            }
            None => assert_eq!(kind_of(path), "other", "{path} has no JSON-LD"),
        }
    }
    let mass = json_ld(site.page(MASS_RETURN)).unwrap();
    assert_eq!(mass["@type"], "Article");
    assert!(mass.get("url").is_none());
    assert!(mass["isPartOf"].get("url").is_none());
    assert!(mass["about"][0].get("url").is_none());
    // The 404 page links from the site's root folder.
    let page = site.page("404.html");
    page.assert_text("Page not found");
    assert!(csp(page).is_some());
    for a in addresses(page) {
        assert!(
            !a.contains(':') && !a.starts_with('/') && !a.starts_with(".."),
            "404.html: {a} is not relative to the site's root"
        );
    }
    for t in NOT_FOUND_TARGETS {
        page.assert_links_to(t);
    }
    page.assert_links_to("theme/style.css");
    site.assert_links_ok();
}

#[test]
fn markup_characters_round_trip_through_the_xml_and_json_ld() {
    const TITLE: &str = "Tom & Jerry <b>\"quoted\"</b> 'x' ]]> </script>";
    let s = Scratch::of("basic");
    let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write(
        "site.yaml",
        &format!("{yaml}base_url: \"https://example.org/a?b=1&c=<2>/\"\n"),
    );
    let quoted = TITLE.replace('\\', "\\\\").replace('"', "\\\"");
    s.write(
        "content/briefings/2024-05-01-markup.md",
        &format!(
            "---\ntitle: \"{quoted}\"\ndate: 2024-05-01\nsummary: \"A < B && C > D\"\ntags: [\"a&b<c>\"]\nauthors: [\"<Desk & Co>\"]\nwaves: [2024-04-jilin]\n---\nText.\n"
        ),
    );
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let base = "https://example.org/a?b=1&c=<2>/";
    for path in ["briefings/feed.xml", "waves/2024-04-jilin/feed.xml"] {
        let xml = text_of(&site, path);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        let feed = doc.root_element();
        assert_eq!(atom_text(feed, "id"), format!("{base}{path}"));
        let e = atom_children(feed, "entry").next().unwrap();
        assert_eq!(atom_text(e, "title"), TITLE);
        assert_eq!(atom_text(e, "summary"), "A < B && C > D");
        assert_eq!(atom_text(atom_child(e, "author"), "name"), "<Desk & Co>");
        assert_eq!(atom_child(e, "category").attribute("term"), Some("a&b<c>"));
        assert_eq!(
            atom_link(e, "alternate"),
            format!("{base}briefings/2024-05-01-markup/index.html")
        );
    }
    let sitemap = text_of(&site, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    assert!(doc
        .descendants()
        .any(|n| n.text() == Some(&format!("{base}briefings/2024-05-01-markup/index.html"))));
    let page = site.page("briefings/2024-05-01-markup/index.html");
    let ld = json_ld(page).unwrap();
    assert_eq!(ld["headline"], TITLE);
    assert_eq!(meta(page, "og:title").as_deref(), Some(TITLE));
}

#[test]
fn publishing_files_are_the_same_from_build_to_build() {
    let (s, first, _) = published();
    let second = build(s.root(), false);
    let a = Site::read(&first.out);
    let b = Site::read(&second.out);
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &a.files {
        assert!(b.files[path] == *bytes, "{path} differs between builds");
    }
    // The 404 page is a page like the others, never in the search index.
    let index: String = a
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!index.contains("404.html"));
    assert!(!index.contains("Page not found"));
}
