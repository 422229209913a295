//! Known bugs, one test each, ignored until fixed: run them with
//! `cargo test -- --ignored`. Remove the `ignore` when the fix lands.

use super::support::{build, Scratch, Site};

const BAD: &str = "content/briefings/bad.md";

#[test]
fn citation_in_a_heading_stays_in_the_heading() {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---\ntitle: H\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\n---\n## Numbers [@alpha-news-2023-10-12]\n\nText.\n",
    );
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let page = site.page("briefings/bad/index.html");
    let heading = page.element("numbers").unwrap();
    assert!(
        heading
            .tags
            .iter()
            .any(|t| t.attr("id") == Some("cite_1_1")),
        "the citation mark is outside the heading:\n{}",
        page.html
    );
}

#[test]
fn body_heading_ids_do_not_collide_with_the_page() {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---\ntitle: H\ndate: 2023-10-12\n---\n## Main\n\nText.\n",
    );
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let page = site.page("briefings/bad/index.html");
    let mains = page
        .tags
        .iter()
        .filter(|t| t.attr("id") == Some("main"))
        .count();
    assert!(mains <= 1, "id=\"main\" appears {mains} times");
}

#[test]
fn link_to_a_missing_static_file_is_reported() {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---\ntitle: H\ndate: 2023-10-12\n---\nText.\n\n![A map](../static/missing.png)\n",
    );
    let diags = s.check();
    assert!(
        diags
            .items()
            .iter()
            .any(|d| d.file.as_deref() == Some(BAD) && d.span.as_ref().map(|s| s.line) == Some(7)),
        "nothing reported:\n{}",
        diags.render_plain()
    );
}

#[test]
fn duplicate_key_points_at_the_second_key() {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---\ntitle: A\nsummary: x\ndate: 2023-10-12\ndate: 2023-10-13\n---\n",
    );
    let diags = s.check();
    let d = super::support::one(&diags, "duplicate-key");
    assert_eq!(super::support::line_of(d), 5, "{}", diags.render_plain());
}

#[test]
fn unknown_top_level_key_points_at_its_own_line() {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---
title: H
date: 2023-10-12
sources: [alpha-news-2023-10-12]
figures:
  - label: x
    value: 3
    source: alpha-news-2023-10-12
    note: a figure's note is fine
note: but a briefing has no note
---
Text [@alpha-news-2023-10-12].
",
    );
    let diags = s.check();
    let d = super::support::one(&diags, "unknown-key");
    assert_eq!(super::support::line_of(d), 10, "{}", diags.render_plain());
}
