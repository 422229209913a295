//! Building the `basic` fixture and the example archive: the pages of the
//! contract exist, every link leads somewhere, figures, statements and
//! citations land on the right pages, and the output is deterministic.

use std::sync::OnceLock;

use super::support::{build, fixture, manifest_dir, resolve, tags, Built, Site};

const MASS_RETURN: &str = "briefings/2023-10-12-mass-return/index.html";
const SEOUL_CONFIRMS: &str = "briefings/2023-10-13-seoul-confirms/index.html";
const SPRING_RETURNS: &str = "briefings/2024-04-25-spring-returns/index.html";
const OCT_WAVE: &str = "waves/2023-10-border-returns/index.html";
const APR_WAVE: &str = "waves/2024-04-jilin/index.html";
const ALPHA: &str = "sources/alpha-news-2023-10-12/index.html";
const BETA: &str = "sources/beta-report-2023-10-13/index.html";
const GAMMA: &str = "sources/gamma-statement-2024-04-20/index.html";
const RIGHTS_GROUP: &str = "actors/rights-group/index.html";
const MINISTRY: &str = "actors/unification-ministry/index.html";
const SOUTH_KOREA: &str = "actors/south-korea/index.html";
const CHINA_MFA: &str = "actors/china-mfa/index.html";

/// The basic fixture, built once for all the tests that only read it.
fn basic() -> &'static (Built, Site) {
    static SITE: OnceLock<(Built, Site)> = OnceLock::new();
    SITE.get_or_init(|| {
        let built = build(&fixture("basic"), false);
        let site = Site::read(&built.out);
        (built, site)
    })
}

#[test]
fn basic_builds_without_warnings() {
    let (built, _) = basic();
    let diags = &built.report.diagnostics;
    // Only the note that, without base_url, feeds and the sitemap are
    // left out: said once.
    let codes: Vec<_> = diags.items().iter().map(|d| d.code).collect();
    assert_eq!(codes, ["no-base-url"], "{}", diags.render_plain());
    assert_eq!(diags.warning_count(), 0);
    assert!(diags.render_plain().contains("note[no-base-url]"));
    assert!(diags.summary().contains("0 errors, 0 warnings"));
    // Home, search, the four lists (one page each here) and 404.html,
    // plus 3 briefings, 2 waves, 4 actors and 3 sources.
    assert_eq!(built.report.pages, 7 + 3 + 2 + 4 + 3);
}

#[test]
fn basic_has_every_page_of_the_contract() {
    let (_, site) = basic();
    let expected = [
        "index.html",
        "briefings/index.html",
        MASS_RETURN,
        SEOUL_CONFIRMS,
        SPRING_RETURNS,
        "waves/index.html",
        OCT_WAVE,
        APR_WAVE,
        "actors/index.html",
        RIGHTS_GROUP,
        MINISTRY,
        SOUTH_KOREA,
        CHINA_MFA,
        "sources/index.html",
        ALPHA,
        BETA,
        GAMMA,
        "search/index.html",
        "404.html",
    ];
    for p in expected {
        site.page(p);
    }
    let pages: Vec<&String> = site.pages.keys().collect();
    assert_eq!(pages.len(), expected.len(), "unexpected pages: {pages:#?}");
    // Files under content/static/ are copied as they are.
    assert_eq!(
        site.files["static/map.svg"],
        std::fs::read(fixture("basic").join("content/static/map.svg")).unwrap()
    );
    // The output is marked as girok's.
    assert!(site.files.contains_key(girok::output::MARKER));
}

#[test]
fn basic_links_all_lead_somewhere() {
    let (_, site) = basic();
    site.assert_links_ok();
    // The checker did see the links that matter here.
    let links: Vec<_> = site.page(MASS_RETURN).links();
    assert!(links.iter().any(|l| l.target.as_deref() == Some(OCT_WAVE)
        && l.fragment.as_deref() == Some("where-it-happened")));
    assert!(
        links.iter().any(|l| l.target.as_deref() == Some(OCT_WAVE)
            && l.fragment.as_deref() == Some("강제-북송-현황")),
        "the link to the Korean heading is missing: {links:#?}"
    );
    assert!(links
        .iter()
        .any(|l| l.attr == "src" && l.target.as_deref() == Some("static/map.svg")));
    let back = site.page(SEOUL_CONFIRMS);
    assert!(back
        .links()
        .iter()
        .any(|l| l.target.as_deref() == Some(MASS_RETURN)
            && l.fragment.as_deref() == Some("what-was-reported")));
    // Every page loads the theme's stylesheet from the output folder itself.
    for page in site.pages.values() {
        assert!(
            page.links_to("theme/style.css"),
            "{} does not load theme/style.css",
            page.rel
        );
    }
}

#[test]
fn basic_pages_fetch_nothing_from_other_hosts() {
    let (_, site) = basic();
    for page in site.pages.values() {
        for t in page.tags.iter().filter(|t| !t.closing) {
            if let Some(src) = t.attr("src") {
                assert!(
                    !src.contains("://") && !src.starts_with("//"),
                    "{}: <{} src=\"{src}\">",
                    page.rel,
                    t.name
                );
            }
            if t.name == "link" {
                let href = t.attr("href").unwrap_or("");
                assert!(
                    !href.contains("://") && !href.starts_with("//"),
                    "{}: <link href=\"{href}\">",
                    page.rel
                );
            }
        }
        assert!(!page.html.contains("@import"), "{}", page.rel);
    }
    for (path, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes);
        assert!(!css.contains("url(http"), "{path} loads from another host");
        assert!(
            !css.contains("url(\"http"),
            "{path} loads from another host"
        );
        assert!(!css.contains("url('http"), "{path} loads from another host");
        assert!(!css.contains("@import"), "{path} imports");
    }
}

#[test]
fn basic_ids_are_unique_on_every_page() {
    let (_, site) = basic();
    for page in site.pages.values() {
        let mut seen = std::collections::BTreeSet::new();
        for t in &page.tags {
            if let Some(id) = t.attr("id") {
                assert!(seen.insert(id), "{}: id=\"{id}\" twice", page.rel);
            }
        }
    }
}

#[test]
fn wave_page_shows_differing_figures_side_by_side() {
    let (_, site) = basic();
    let wave = site.page(OCT_WAVE);
    wave.assert_text("Mass return after the Asian Games");
    wave.assert_text("about 600");
    wave.assert_text("at least 500");
    wave.assert_text("50–60");
    wave.assert_text("up to 200");
    // Each figure names its source, and the source pages are linked.
    wave.assert_links_to(ALPHA);
    wave.assert_links_to(BETA);
    // Who claims the 600: the attributed actor.
    wave.assert_links_to(RIGHTS_GROUP);
    // Figures of the other wave stay on their own page.
    assert!(!wave.links_to(GAMMA));
    // Statements about the wave, with the actors who made them.
    wave.assert_text("The ministry is verifying the reports.");
    wave.assert_text("There are no so-called defectors in China.");
    wave.assert_text("A large number of North Koreans were returned.");
    wave.assert_links_to(MINISTRY);
    wave.assert_links_to(CHINA_MFA);
    wave.assert_links_to(SOUTH_KOREA);
    assert!(!wave
        .text()
        .contains("About sixty people were sent back from Jilin."));
    // Places.
    wave.assert_text("Dandong");
    wave.assert_text("Tumen");

    let other = site.page(APR_WAVE);
    other.assert_text("60");
    other.assert_links_to(GAMMA);
    assert!(!other.text().contains("about 600"));
    assert!(!other.links_to(ALPHA));
}

#[test]
fn actor_pages_show_their_figures_and_positions() {
    let (_, site) = basic();
    let group = site.page(RIGHTS_GROUP);
    group.assert_text("about 600");
    group.assert_text("up to 200");
    group.assert_text("About sixty people were sent back from Jilin.");
    // The 500 of another source is nobody's claim of this actor.
    assert!(!group.text().contains("at least 500"));
    group.assert_links_to(OCT_WAVE);
    group.assert_links_to(APR_WAVE);
    group.assert_links_to(SPRING_RETURNS);
    group.assert_links_to(MASS_RETURN);

    let ministry = site.page(MINISTRY);
    ministry.assert_text("The ministry is verifying the reports.");
    ministry.assert_links_to(ALPHA);
    ministry.assert_links_to(OCT_WAVE);
    ministry.assert_links_to(MASS_RETURN);
    // member_of links both ways.
    ministry.assert_links_to(SOUTH_KOREA);
    site.page(SOUTH_KOREA).assert_links_to(MINISTRY);
    assert!(!ministry.text().contains("no so-called defectors"));

    let china = site.page(CHINA_MFA);
    china.assert_text("There are no so-called defectors in China.");
    china.assert_links_to(BETA);
}

#[test]
fn source_pages_list_what_cites_them() {
    let (_, site) = basic();
    let alpha = site.page(ALPHA);
    alpha.assert_text("China sends hundreds back");
    alpha.assert_text("The paper's own count, credited to rights groups.");
    alpha.assert_text("about 600");
    alpha.assert_text("up to 200");
    alpha.assert_text("The ministry is verifying the reports.");
    assert!(!alpha.text().contains("at least 500"));
    assert!(!alpha.text().contains("no so-called defectors"));
    alpha.assert_links_to(MASS_RETURN);
    assert!(!alpha.links_to(SEOUL_CONFIRMS));
    assert!(!alpha.links_to(SPRING_RETURNS));

    let beta = site.page(BETA);
    beta.assert_text("at least 500");
    beta.assert_text("50–60");
    beta.assert_text("There are no so-called defectors in China.");
    beta.assert_text("A large number of North Koreans were returned.");
    assert!(!beta.text().contains("about 600"));
    beta.assert_links_to(MASS_RETURN);
    beta.assert_links_to(SEOUL_CONFIRMS);
    assert!(!beta.links_to(SPRING_RETURNS));
    // The preserved copy is offered, and it leaks no referrer.
    let archived = beta
        .tags
        .iter()
        .find(|t| t.attr("href") == Some("https://example.org/archive/beta"))
        .expect("the archived copy is linked from the source page");
    assert_eq!(archived.attr("rel"), Some("noreferrer noopener"));

    // The bibliography lists every source.
    let bib = site.page("sources/index.html");
    for s in [ALPHA, BETA, GAMMA] {
        bib.assert_links_to(s);
    }
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let (_, site) = basic();
    let page = site.page(MASS_RETURN);
    // [@alpha] [@beta, p. 2] [@alpha]: alpha is 1 (twice), beta is 2.
    for id in ["cite_1_1", "cite_2_1", "cite_1_2", "ref_1", "ref_2"] {
        assert!(page.has_id(id), "{MASS_RETURN} has no id=\"{id}\"");
    }
    for id in ["cite_1_3", "cite_2_2", "cite_3_1", "ref_3"] {
        assert!(!page.has_id(id), "{MASS_RETURN} has id=\"{id}\"");
    }
    let ref1 = page.element("ref_1").unwrap();
    ref1.assert_links_to(ALPHA);
    assert!(!ref1.links_to(BETA), "ref_1 should be alpha only");
    let ref2 = page.element("ref_2").unwrap();
    ref2.assert_links_to(BETA);
    assert!(!ref2.links_to(ALPHA), "ref_2 should be beta only");
    ref2.assert_text("p. 2");
    // Each citation mark leads to its entry in the list.
    for (cite, target) in [
        ("cite_1_1", "#ref_1"),
        ("cite_1_2", "#ref_1"),
        ("cite_2_1", "#ref_2"),
    ] {
        let t = page
            .tags
            .iter()
            .find(|t| t.attr("id") == Some(cite))
            .unwrap();
        assert_eq!(t.attr("href"), Some(target), "{cite}");
    }
    // The marks come in the order they are written.
    let order: Vec<&str> = page
        .tags
        .iter()
        .filter_map(|t| t.attr("id"))
        .filter(|id| id.starts_with("cite_"))
        .collect();
    assert_eq!(order, ["cite_1_1", "cite_2_1", "cite_1_2"]);

    // Numbering starts again on each briefing.
    let other = site.page(SEOUL_CONFIRMS);
    assert!(other.has_id("cite_1_1") && other.has_id("ref_1"));
    other.element("ref_1").unwrap().assert_links_to(BETA);
}

#[test]
fn briefings_and_waves_link_both_ways() {
    let (_, site) = basic();
    let b = site.page(MASS_RETURN);
    b.assert_links_to(OCT_WAVE);
    b.assert_links_to(RIGHTS_GROUP);
    b.assert_links_to(MINISTRY);
    b.assert_links_to(CHINA_MFA);
    assert!(!b.links_to(APR_WAVE));
    let w = site.page(OCT_WAVE);
    w.assert_links_to(MASS_RETURN);
    w.assert_links_to(SEOUL_CONFIRMS);
    assert!(!w.links_to(SPRING_RETURNS));
    site.page(APR_WAVE).assert_links_to(SPRING_RETURNS);
    site.page(SPRING_RETURNS).assert_links_to(APR_WAVE);
}

#[test]
fn briefing_body_keeps_markdown_features() {
    let (_, site) = basic();
    let page = site.page(MASS_RETURN);
    // Headings get the contract's anchors, in any script.
    assert!(page.has_id("what-was-reported"));
    assert!(page.has_id("국경-도시"));
    assert!(site.page(OCT_WAVE).has_id("강제-북송-현황"));
    assert!(site.page(OCT_WAVE).has_id("where-it-happened"));
    // A table, a code block, a footnote.
    assert!(page.tags.iter().any(|t| t.name == "table" && !t.closing));
    assert!(page.tags.iter().any(|t| t.name == "pre" && !t.closing));
    page.assert_text("600 reported 500 at least");
    page.assert_text("Neither count is confirmed by a government.");
    // Lists show the newest briefing first.
    let list = site.page("briefings/index.html");
    let pos = |p: &str| {
        let slug = p.split('/').nth(1).unwrap();
        list.html.find(slug).unwrap()
    };
    assert!(pos(SPRING_RETURNS) < pos(SEOUL_CONFIRMS));
    assert!(pos(SEOUL_CONFIRMS) < pos(MASS_RETURN));
}

#[test]
fn example_archive_builds_and_its_links_hold() {
    let built = build(&manifest_dir(), false);
    assert_eq!(
        built.report.diagnostics.error_count(),
        0,
        "{}",
        built.report.diagnostics.render_plain()
    );
    let site = Site::read(&built.out);
    site.assert_links_ok();
    let wave = site.page("waves/2023-10-post-asian-games/index.html");
    wave.assert_text("about 600");
    for dir in ["briefings", "waves", "actors", "sources"] {
        let n = std::fs::read_dir(manifest_dir().join("content").join(dir))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .filter(|text| !text.contains("\ndraft: true"))
            .count();
        let pages = site
            .pages
            .keys()
            .filter(|p| p.starts_with(&format!("{dir}/")) && p.matches('/').count() == 2)
            .count();
        assert_eq!(pages, n, "one page per entry of content/{dir}/");
    }
}

#[test]
fn builds_are_byte_identical() {
    let a = build(&fixture("basic"), false);
    let b = build(&fixture("basic"), false);
    let ta = super::support::read_tree(&a.out);
    let tb = super::support::read_tree(&b.out);
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
    // And neither output mentions the folder it was built into.
    for (path, bytes) in &ta {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(&*a.out.to_string_lossy()),
            "{path} contains the output path"
        );
    }
}

#[test]
fn long_lists_are_paginated_and_their_links_hold() {
    let s = super::support::Scratch::of("basic");
    s.write("site.yaml", "title: Paged\nper_page: 2\n");
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    // 3 briefings and 3 sources: two pages each.
    let first = site.page("briefings/index.html");
    let second = site.page("briefings/page/2/index.html");
    assert!(!site.pages.contains_key("briefings/page/3/index.html"));
    site.page("sources/page/2/index.html");
    first.assert_links_to("briefings/page/2/index.html");
    second.assert_links_to("briefings/index.html");
    // Newest first: the oldest briefing is alone on the second page.
    second.assert_links_to(MASS_RETURN);
    assert!(!first.links_to(MASS_RETURN));
    first.assert_links_to(SPRING_RETURNS);
    // Pages three folders deep still reach the theme and the home page.
    second.assert_links_to("theme/style.css");
    second.assert_links_to("index.html");
    site.assert_links_ok();
}

#[test]
fn the_list_of_waves_is_paginated_with_the_timeline_on_its_first_page() {
    let s = super::support::Scratch::of("basic");
    s.write("site.yaml", "title: Paged\nper_page: 1\n");
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    // Two waves, oldest first, one a page.
    let first = site.page("waves/index.html");
    let second = site.page("waves/page/2/index.html");
    assert!(!site.pages.contains_key("waves/page/3/index.html"));
    let (older, newer) = (OCT_WAVE, APR_WAVE);
    // Each wave is listed once, on its own page of the list...
    let listed = |p: &super::support::Page, wave: &str| {
        p.html
            .matches(&format!("<h2 class=\"card-title\"><a href=\"../{wave}\""))
            .count()
            + p.html
                .matches(&format!(
                    "<h2 class=\"card-title\"><a href=\"../../../{wave}\""
                ))
                .count()
    };
    assert_eq!((listed(first, older), listed(first, newer)), (1, 0));
    assert_eq!((listed(second, older), listed(second, newer)), (0, 1));
    // ...while the timeline, on the first page only, links every wave.
    assert!(first.html.contains("chart-timeline"));
    assert!(!second.html.contains("chart-timeline"));
    first.assert_links_to(newer);
    second.assert_links_to("waves/index.html");
    first.assert_links_to("waves/page/2/index.html");
    assert!(first.text().contains("over 2 pages"), "{}", first.text());
    site.assert_links_ok();
}

#[test]
fn an_archive_needs_no_site_yaml_and_no_entries() {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["briefings", "waves", "actors", "sources"] {
        std::fs::create_dir_all(tmp.path().join("content").join(dir)).unwrap();
    }
    let built = build(tmp.path(), false);
    let site = Site::read(&built.out);
    assert_eq!(
        site.pages.keys().collect::<Vec<_>>(),
        [
            "404.html",
            "actors/index.html",
            "briefings/index.html",
            "index.html",
            "search/index.html",
            "sources/index.html",
            "waves/index.html"
        ]
    );
    // The default title.
    site.page("index.html").assert_text("Briefing archive");
    site.assert_links_ok();
}

#[test]
fn an_archive_without_content_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let diags = girok::check(&girok::Options::new(tmp.path()));
    let d = super::support::one(&diags, "no-content");
    assert!(d.is_error());
}

#[test]
fn only_pages_with_code_load_the_code_stylesheet() {
    let (_, site) = basic();
    let sheets = |p: &str| -> Vec<String> {
        tags(&site.page(p).html)
            .into_iter()
            .filter(|t| t.name == "link" && t.attr("rel") == Some("stylesheet"))
            .filter_map(|t| resolve(p, t.attr("href")?))
            .collect()
    };
    // This briefing has a fenced code block; the home page has none.
    assert!(site.page(MASS_RETURN).html.contains("<pre"));
    assert_eq!(
        sheets(MASS_RETURN),
        ["theme/style.css", "theme/highlight.css"]
    );
    assert_eq!(sheets("index.html"), ["theme/style.css"]);
    assert!(site.files.contains_key("theme/highlight.css"));
}
