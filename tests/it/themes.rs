//! Themes and drafts: an archive's own templates override the built-in ones
//! one by one; unknown themes are errors; drafts are built only when asked.

use super::support::{build, one, Scratch, Site};

const MARKER: &str = "OWN-BRIEFING-TEMPLATE-7f3a";

#[test]
fn own_template_overrides_the_builtin_one() {
    let s = Scratch::of("basic");
    s.write(
        "themes/default/templates/briefing.html",
        &format!("<!doctype html>\n<p>{MARKER}</p>\n<h1>{{{{ briefing.title }}}}</h1>\n"),
    );
    s.write("themes/default/static/extra.css", "p { color: red }\n");
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let b = site.page("briefings/2023-10-12-mass-return/index.html");
    b.assert_text(MARKER);
    b.assert_text("China returns hundreds of people after the Games");
    site.page("briefings/2024-04-25-spring-returns/index.html")
        .assert_text("Spring returns from Jilin");
    // Every other page still uses the built-in templates.
    for (path, page) in &site.pages {
        let is_briefing = path.starts_with("briefings/") && path != "briefings/index.html";
        assert_eq!(page.html.contains(MARKER), is_briefing, "{path}");
    }
    let wave = site.page("waves/2023-10-border-returns/index.html");
    wave.assert_text("about 600");
    wave.assert_links_to("briefings/2023-10-12-mass-return/index.html");
    // A theme's own static file is published beside the built-in ones.
    assert_eq!(site.files["theme/extra.css"], b"p { color: red }\n");
    assert!(site.files["theme/style.css"] != b"p { color: red }\n");
}

#[test]
fn own_static_file_overrides_the_builtin_one() {
    let s = Scratch::of("basic");
    s.write("themes/default/static/style.css", "/* mine */\n");
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    assert_eq!(site.files["theme/style.css"], b"/* mine */\n");
    site.page("index.html").assert_links_to("theme/style.css");
}

#[test]
fn a_named_theme_of_the_archive_is_used() {
    let s = Scratch::of("basic");
    s.write("site.yaml", "title: T\ntheme: plain\n");
    s.write(
        "themes/plain/templates/wave.html",
        "<!doctype html><h1>PLAIN {{ wave.title }}</h1>",
    );
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    site.page("waves/2024-04-jilin/index.html")
        .assert_text("PLAIN Returns from Jilin in April 2024");
    // The built-in templates fill the gaps.
    site.page("waves/index.html")
        .assert_links_to("waves/2024-04-jilin/index.html");
}

#[test]
fn unknown_theme_is_an_error() {
    let s = Scratch::of("basic");
    s.write("site.yaml", "title: T\ntheme: missing\n");
    let diags = s.check();
    let d = one(&diags, "unknown-theme");
    assert!(d.is_error());
    assert_eq!(d.file.as_deref(), Some("site.yaml"));
    assert!(d.message.contains("`missing`"), "{d:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    one(&diags, "unknown-theme");
    assert!(!out.exists());
}

#[test]
fn template_syntax_error_is_reported() {
    let s = Scratch::of("basic");
    s.write("themes/default/templates/actor.html", "{% if %}");
    let diags = s.check();
    let d = one(&diags, "template");
    assert!(d.message.contains("actor.html"), "{d:?}");
}

const DRAFT: &str = "content/briefings/2024-05-01-unfinished.md";
const DRAFT_PAGE: &str = "briefings/2024-05-01-unfinished/index.html";

fn with_draft() -> Scratch {
    let s = Scratch::of("basic");
    s.write(
        DRAFT,
        "---\ntitle: Unfinished notes\ndate: 2024-05-01\ndraft: true\nwaves: [2024-04-jilin]\nsources: [gamma-statement-2024-04-20]\n---\nNot ready [@gamma-statement-2024-04-20].\n",
    );
    s
}

#[test]
fn drafts_are_left_out_by_default() {
    let s = with_draft();
    let built = build(s.root(), false);
    assert!(!built.report.diagnostics.has_errors());
    let site = Site::read(&built.out);
    assert!(!site.pages.contains_key(DRAFT_PAGE));
    for (path, page) in &site.pages {
        assert!(
            !page.html.contains("2024-05-01-unfinished") && !page.html.contains("Unfinished notes"),
            "{path} mentions the draft"
        );
    }
    site.assert_links_ok();
}

#[test]
fn drafts_are_built_when_asked() {
    let s = with_draft();
    let built = build(s.root(), true);
    let site = Site::read(&built.out);
    let page = site.page(DRAFT_PAGE);
    page.assert_text("Unfinished notes");
    page.assert_links_to("waves/2024-04-jilin/index.html");
    site.page("waves/2024-04-jilin/index.html")
        .assert_links_to(DRAFT_PAGE);
    site.page("briefings/index.html")
        .assert_links_to(DRAFT_PAGE);
    site.assert_links_ok();
}

#[test]
fn a_link_to_a_draft_names_the_draft() {
    let s = with_draft();
    s.write(
        "content/briefings/2024-05-02-links.md",
        "---\ntitle: L\ndate: 2024-05-02\n---\nSee [the notes](2024-05-01-unfinished.md).\n",
    );
    let diags = s.check();
    let d = one(&diags, "unknown-reference");
    assert_eq!(
        d.file.as_deref(),
        Some("content/briefings/2024-05-02-links.md")
    );
    assert!(
        d.help.as_deref().unwrap_or("").contains("draft"),
        "{}",
        diags.render_plain()
    );
    // With drafts, the same link is fine.
    let diags = girok::check(&girok::Options {
        drafts: true,
        ..girok::Options::new(s.root())
    });
    assert!(!diags.has_errors(), "{}", diags.render_plain());
}

#[test]
fn counts_have_thousands_separators() {
    let s = Scratch::of("basic");
    s.write(
        "themes/default/templates/home.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"n\">{{ 16500 | thousands }} {{ counts.briefings | thousands }} {{ \"x\" | thousands }}</p>{% endblock content %}",
    );
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    site.page("index.html").assert_text("16,500 3 x");
}
