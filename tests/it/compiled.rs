//! The built-in templates of entry pages have a compiled form
//! (`render::native`) that writes briefing, wave, actor and source pages,
//! and the lists of briefings and sources, without Tera. It must give the very same bytes as Tera gives from the
//! templates: every site here is built both ways and compared file by file.
//! And a theme that changes a template those pages use must be rendered by
//! Tera, with its change showing.

use std::path::Path;

use super::support::*;

/// Builds `root` with the compiled templates and again with `--tera`, and
/// fails at the first file that differs, showing the first differing line.
fn assert_same_both_ways(root: &Path, drafts: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let build = |name: &str, tera: bool| {
        let out = tmp.path().join(name);
        let opts = girok::Options {
            root: root.to_path_buf(),
            output: Some(out.clone()),
            drafts,
            tera,
        };
        if let Err(d) = girok::build(&opts) {
            panic!("the build failed:\n{}", d.render_plain());
        }
        read_tree(&out)
    };
    let compiled = build("compiled", false);
    let tera = build("tera", true);
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        tera.keys().collect::<Vec<_>>(),
        "both builds write the same files"
    );
    let mut entry_pages = 0;
    for (path, bytes) in &compiled {
        let theirs = &tera[path];
        if bytes != theirs {
            let (a, b) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(theirs),
            );
            let (n, (ours, want)) = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((a.lines().count().min(b.lines().count()), ("(end)", "(end)")));
            panic!(
                "{path} differs at line {}:\ncompiled: {ours}\ntera:     {want}",
                n + 1
            );
        }
        if ["briefings/", "waves/", "actors/", "sources/"]
            .iter()
            .any(|d| path.starts_with(d) && !path.contains("/page/"))
            && path.ends_with("/index.html")
            && path.matches('/').count() == 2
        {
            entry_pages += 1;
        }
    }
    assert!(entry_pages > 0, "the archive has entry pages to compare");
}

#[test]
fn compiled_pages_match_tera_on_the_fixture() {
    assert_same_both_ways(&fixture("basic"), false);
    assert_same_both_ways(&fixture("basic"), true);
}

#[test]
fn compiled_pages_match_tera_on_the_example_archive() {
    assert_same_both_ways(&manifest_dir(), false);
}

/// An archive that takes every branch of the templates: a base_url (feeds,
/// canonical and Open Graph addresses, JSON-LD), no site description, text
/// with every character HTML escapes, drafts, updates, figures without a
/// wave, a status, a date or a claimant, statements without a stance or a
/// wave, sources with and without their links, actors with aliases,
/// members and a parent, waves of one day and of several, and empty
/// bodies.
#[test]
fn compiled_pages_match_tera_on_every_branch() {
    let s = Scratch::of("basic");
    s.write(
        "site.yaml",
        "title: Edge <cases> & \"quotes\"\nlanguage: en-GB\nbase_url: https://example.org/a&b/\nper_page: 2\n",
    )
    .write(
        "content/briefings/2024-05-01-edges.md",
        r#"---
title: "Who counts? <Edges> & 'quotes'"
date: 2024-05-01
updated: 2024-05-03
draft: true
waves: [2024-04-jilin, 2023-10-border-returns]
actors: [rights-group, china-mfa]
sources: [alpha-news-2023-10-12, gamma-statement-2024-04-20, beta-report-2023-10-13, delta-site-2024-05-01]
tags: [a&b, "<tag>"]
figures:
  - label: held <near> the border
    value: 1200.5
    source: delta-site-2024-05-01
    note: A "rough" count & more
  - label: held <near> the border
    value: 1200.5
    source: alpha-news-2023-10-12
    status: confirmed
  - label: repatriated
    min: 10
    wave: 2024-04-jilin
    source: gamma-statement-2024-04-20
    attributed_to: unification-ministry
    status: disputed
    as_of: 2024-04-30
  - label: repatriated
    max: 12
    wave: 2024-04-jilin
    source: gamma-statement-2024-04-20
statements:
  - actor: china-mfa
    date: 2024-05-01
    quote: We "handle" such cases <lawfully> & fairly.
    source: delta-site-2024-05-01
  - actor: south-korea
    date: 2024-05-02
    quote: No comment.
    source: gamma-statement-2024-04-20
    wave: 2024-04-jilin
    stance: declines
---
## One

First [@delta-site-2024-05-01, p. 1] and again [@delta-site-2024-05-01, p. 1] and
[@delta-site-2024-05-01, p. 2]; also [@alpha-news-2023-10-12].

## Two

Text.

### Three

More <b>text</b> & "quotes".
"#,
    )
    .write(
        "content/sources/delta-site-2024-05-01.md",
        r#"---
title: Is it "over"? Reports & <rumours>!
publisher: Delta & Sons
kind: other
date: 2024-05-01
authors: [Kim A, Lee B, Park C]
url: https://example.com/a?b=1&c=2
archived_url: https://archive.example.org/x
accessed: 2024-05-02
language: ko
---
"#,
    )
    .write(
        "content/waves/2024-04-jilin.md",
        r#"---
title: Returns from Jilin & <elsewhere> in April 2024
date: 2024-04-15
end_date: 2024-04-18
locations: [Jilin, "Hunchun & Tumen"]
summary: Several days of returns.
---
"#,
    )
    .write(
        "content/waves/2023-09-one-day.md",
        r#"---
title: One day
date: 2023-09-01
end_date: 2023-09-01
---
"#,
    )
    .write(
        "content/actors/china-mfa.md",
        r#"---
name: China's "Foreign Ministry"
kind: ministry
aliases: [MFA, 外交部]
member_of: south-korea
---
"#,
    );
    assert_same_both_ways(s.root(), true);
    assert_same_both_ways(s.root(), false);
}

/// The lists of briefings and sources, compiled too, when there is
/// nothing to list.
#[test]
fn compiled_empty_lists_match_tera() {
    let s = Scratch::of("basic");
    for dir in ["briefings", "sources"] {
        let dir = s.root().join("content").join(dir);
        for f in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(f.unwrap().path()).unwrap();
        }
    }
    // Nothing may refer to the sources or briefings that are gone.
    for dir in ["waves", "actors"] {
        let dir = s.root().join("content").join(dir);
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let fm_end = text[4..].find("\n---").unwrap() + 4;
            let kept: String = text[..fm_end]
                .lines()
                .filter(|l| !l.starts_with("sources:") && !l.starts_with("member_of:"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(&path, format!("{kept}---\n")).unwrap();
        }
    }
    assert_same_both_ways(s.root(), false);
}

/// A theme's own briefing template is used for briefings (through Tera),
/// while the other entry pages keep the built-in ones.
#[test]
fn a_changed_template_is_rendered_by_tera() {
    let s = Scratch::of("basic");
    let builtin = include_str!("../../themes/default/templates/briefing.html");
    s.write(
        "themes/mine/templates/briefing.html",
        &builtin.replace(
            "<h1>{{ b.title }}</h1>",
            "<h1 class=\"mine\">{{ b.title }}</h1>",
        ),
    );
    let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write("site.yaml", &yaml.replace("theme: default", "theme: mine"));
    let built = build(s.root(), false);
    let page = std::fs::read_to_string(
        built
            .out
            .join("briefings/2023-10-12-mass-return/index.html"),
    )
    .unwrap();
    assert!(page.contains("<h1 class=\"mine\">"), "{page}");
    let wave = std::fs::read_to_string(built.out.join("waves/2024-04-jilin/index.html")).unwrap();
    assert!(wave.contains("<h1>Returns from Jilin"), "{wave}");
    // And the theme's pages are the same whichever way they are written.
    assert_same_both_ways(s.root(), false);

    // A change to a template every entry page uses reaches them all.
    let base = include_str!("../../themes/default/templates/base.html");
    s.write(
        "themes/mine/templates/base.html",
        &base.replace("<body class=", "<body data-mine=\"1\" class="),
    );
    let built = build(s.root(), false);
    for page in [
        "briefings/2023-10-12-mass-return/index.html",
        "waves/2024-04-jilin/index.html",
        "actors/china-mfa/index.html",
        "sources/alpha-news-2023-10-12/index.html",
    ] {
        let html = std::fs::read_to_string(built.out.join(page)).unwrap();
        assert!(html.contains("<body data-mine=\"1\""), "{page}");
    }
}
