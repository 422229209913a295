//! Charts drawn at build time as inline SVG: the timeline of waves on the
//! home and waves pages, and the chart of reported figures on each wave's
//! page. They must match the data, link where they say, name themselves
//! for assistive technology and need no inline style.

use std::sync::OnceLock;

use super::support::{build, fixture, manifest_dir, resolve, Built, Page, Scratch, Site};

const OCT_WAVE: &str = "waves/2023-10-border-returns/index.html";
const APR_WAVE: &str = "waves/2024-04-jilin/index.html";

fn basic() -> &'static (Built, Site) {
    static SITE: OnceLock<(Built, Site)> = OnceLock::new();
    SITE.get_or_init(|| {
        let built = build(&fixture("basic"), false);
        let site = Site::read(&built.out);
        (built, site)
    })
}

fn example() -> &'static (Built, Site) {
    static SITE: OnceLock<(Built, Site)> = OnceLock::new();
    SITE.get_or_init(|| {
        let built = build(&manifest_dir(), false);
        let site = Site::read(&built.out);
        (built, site)
    })
}

/// Every outermost `<svg>` element of a page, as a page of its own.
fn svgs(page: &Page) -> Vec<Page> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for t in page.tags.iter().filter(|t| t.name == "svg") {
        if !t.closing {
            if depth == 0 {
                start = t.start;
            }
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                out.push(Page::new(&page.rel, page.html[start..t.end].to_string()));
            }
        }
    }
    out
}

/// The chart of figures on a wave's page: the one `<svg role="img">`.
fn figures_chart(page: &Page) -> Page {
    let charts: Vec<Page> = svgs(page)
        .into_iter()
        .filter(|s| s.tags[0].attr("role") == Some("img"))
        .collect();
    assert_eq!(charts.len(), 1, "{}: one figures chart", page.rel);
    charts.into_iter().next().unwrap()
}

fn has_class(t: &super::support::Tag, class: &str) -> bool {
    t.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// A percentage attribute as a number.
fn pct(t: &super::support::Tag, name: &str) -> f64 {
    let v = t.attr(name).unwrap_or_else(|| panic!("no {name} on {t:?}"));
    v.strip_suffix('%')
        .unwrap_or_else(|| panic!("{name}=\"{v}\" is not a percentage"))
        .parse()
        .unwrap()
}

/// The rows of a figures chart: each `<g class="fig-row ...">` with the
/// tags inside it.
fn rows(chart: &Page) -> Vec<Vec<super::support::Tag>> {
    let mut out = Vec::new();
    let tags = &chart.tags;
    for (k, t) in tags.iter().enumerate() {
        if t.closing || t.name != "g" || !has_class(t, "fig-row") {
            continue;
        }
        let mut depth = 0;
        let mut inner = Vec::new();
        for u in &tags[k + 1..] {
            if u.name == "g" && !u.closing {
                depth += 1;
            } else if u.name == "g" && u.closing {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            inner.push(u.clone());
        }
        let mut all = vec![t.clone()];
        all.extend(inner);
        out.push(all);
    }
    out
}

/// Rows whose `<g>` has class `kind` (fig-exact, fig-range...).
fn rows_of(chart: &Page, kind: &str) -> Vec<Vec<super::support::Tag>> {
    rows(chart)
        .into_iter()
        .filter(|r| has_class(&r[0], kind))
        .collect()
}

/// The one bar of a row.
fn bar(row: &[super::support::Tag]) -> &super::support::Tag {
    let bars: Vec<_> = row.iter().filter(|t| t.name == "rect").collect();
    assert_eq!(bars.len(), 1, "one bar per row: {row:#?}");
    bars[0]
}

/// The visible text of a row.
fn row_text(chart: &Page, row: &[super::support::Tag]) -> String {
    let start = row[0].end;
    let end = row.last().map_or(start, |t| t.start);
    Page::new(&chart.rel, chart.html[start..end].to_string()).text()
}

/// How many figures the page's table lists: one cell of class `num` each.
fn table_rows(page: &Page) -> usize {
    page.tags
        .iter()
        .filter(|t| !t.closing && t.name == "td" && has_class(t, "num"))
        .count()
}

/// The pages that links inside the page's `<svg>` elements lead to.
fn svg_targets(page: &Page) -> Vec<String> {
    svgs(page)
        .iter()
        .flat_map(|s| {
            s.tags
                .iter()
                .filter(|t| !t.closing && t.name == "a")
                .filter_map(|t| t.attr("href"))
                .filter_map(|h| resolve(&page.rel, h))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn wave_pages(site: &Site) -> Vec<String> {
    site.pages
        .keys()
        .filter(|p| p.starts_with("waves/") && p.matches('/').count() == 2)
        .cloned()
        .collect()
}

#[test]
fn a_wave_page_draws_one_mark_per_figure_of_its_table() {
    let (_, site) = basic();
    let page = site.page(OCT_WAVE);
    let chart = figures_chart(page);
    // 600 (about), at least 500, 50–60 through Tumen, up to 200 through Dandong.
    assert_eq!(table_rows(page), 4);
    assert_eq!(rows(&chart).len(), table_rows(page));
    for kind in ["fig-exact", "fig-at-least", "fig-range", "fig-up-to"] {
        assert_eq!(rows_of(&chart, kind).len(), 1, "{kind}");
    }
    // Each row names its source's publisher and the figure in words.
    let texts: Vec<String> = rows(&chart).iter().map(|r| row_text(&chart, r)).collect();
    for (figure, publisher) in [
        ("about 600", "Alpha Daily"),
        ("at least 500", "Beta Watch"),
        ("50–60", "Beta Watch"),
        ("up to 200", "Alpha Daily"),
    ] {
        assert!(
            texts
                .iter()
                .any(|t| t.contains(figure) && t.contains(publisher)),
            "no row says {figure:?} with {publisher:?}: {texts:#?}"
        );
    }
    // The other wave draws its own one figure.
    let other = site.page(APR_WAVE);
    assert_eq!(rows(&figures_chart(other)).len(), 1);
    assert_eq!(table_rows(other), 1);
}

#[test]
fn bars_and_ranges_are_drawn_to_scale() {
    let (_, site) = basic();
    let chart = figures_chart(site.page(OCT_WAVE));
    // "about 600" and "at least 500" count the same thing: one scale.
    let exact = pct(bar(&rows_of(&chart, "fig-exact")[0]), "width");
    let at_least_row = &rows_of(&chart, "fig-at-least")[0];
    let at_least = pct(bar(at_least_row), "width");
    assert!(exact > 0.0);
    assert!(
        (at_least / exact - 500.0 / 600.0).abs() < 0.001,
        "{at_least} / {exact}"
    );
    // Bars start at zero.
    assert_eq!(pct(bar(at_least_row), "x"), 0.0);
    // "At least" ends in an arrow where the bar ends.
    let arrow = at_least_row
        .iter()
        .find(|t| t.name == "svg" && !t.closing)
        .expect("an arrow");
    assert_eq!(pct(arrow, "x"), at_least);
    // A range runs between its two ends, both marked, in proportion.
    let range = &rows_of(&chart, "fig-range")[0];
    let caps: Vec<f64> = range
        .iter()
        .filter(|t| !t.closing && has_class(t, "fig-cap"))
        .map(|t| pct(t, "x1"))
        .collect();
    assert_eq!(caps.len(), 2, "two end marks");
    assert!((caps[0] / caps[1] - 50.0 / 60.0).abs() < 0.001, "{caps:?}");
    let r = bar(range);
    assert!((pct(r, "x") - caps[0]).abs() < 0.01);
    assert!((pct(r, "x") + pct(r, "width") - caps[1]).abs() < 0.01);
    // "Up to" is a hollow bar with an end mark at its number.
    let up_to = &rows_of(&chart, "fig-up-to")[0];
    let b = bar(up_to);
    assert!(has_class(b, "fig-bar-open"));
    let cap = up_to
        .iter()
        .find(|t| has_class(t, "fig-cap"))
        .expect("an end mark");
    assert!((pct(cap, "x1") - pct(b, "width")).abs() < 0.01);
}

#[test]
fn unlike_counts_are_never_on_one_scale() {
    let (_, site) = basic();
    let chart = figures_chart(site.page(OCT_WAVE));
    let groups = chart
        .tags
        .iter()
        .filter(|t| !t.closing && has_class(t, "fig-group"))
        .count();
    // repatriated; returned through Dandong; returned through Tumen.
    assert_eq!(groups, 3);
    let text = chart.text();
    for label in [
        "repatriated",
        "returned through Dandong",
        "returned through Tumen",
    ] {
        assert!(text.contains(label), "{label} in {text}");
    }
    // Alone on its scale, "up to 200" reaches as far as "about 600" does
    // on its own (each fills its scale): on one shared scale it would
    // reach a third as far.
    let up_to = pct(bar(&rows_of(&chart, "fig-up-to")[0]), "width");
    let exact = pct(bar(&rows_of(&chart, "fig-exact")[0]), "width");
    assert!((up_to - exact).abs() < 0.01, "{up_to} vs {exact}");
}

#[test]
fn charts_name_and_describe_themselves() {
    for site in [&basic().1, &example().1] {
        for rel in wave_pages(site) {
            let page = site.page(&rel);
            if table_rows(page) == 0 {
                assert!(svgs(page).is_empty(), "{rel}: no figures, no chart");
                continue;
            }
            let chart = figures_chart(page);
            let root = &chart.tags[0];
            let title = root.attr("aria-labelledby").expect("aria-labelledby");
            let desc = root.attr("aria-describedby").expect("aria-describedby");
            let title_tag = chart.tags.iter().find(|t| t.attr("id") == Some(title));
            let desc_tag = chart.tags.iter().find(|t| t.attr("id") == Some(desc));
            assert_eq!(title_tag.map(|t| t.name.as_str()), Some("title"), "{rel}");
            assert_eq!(desc_tag.map(|t| t.name.as_str()), Some("desc"), "{rel}");
            // The description sends readers to the table: the same figures
            // in words.
            let desc_text = {
                let start = desc_tag.unwrap().end;
                let end = chart.html[start..].find("</desc>").unwrap() + start;
                chart.html[start..end].to_string()
            };
            assert!(desc_text.contains("table below"), "{rel}: {desc_text}");
            // The table itself follows the chart.
            let at_chart = page.html.find("role=\"img\"").unwrap();
            let at_table = page.html.find("<table class=\"figures\"").unwrap();
            assert!(at_chart < at_table, "{rel}: chart before its table");
        }
    }
}

#[test]
fn aria_references_lead_to_ids_on_the_same_page() {
    for site in [&basic().1, &example().1] {
        for page in site.pages.values() {
            for t in &page.tags {
                for attr in ["aria-labelledby", "aria-describedby"] {
                    let Some(ids) = t.attr(attr) else { continue };
                    for id in ids.split_whitespace() {
                        assert!(
                            page.has_id(id),
                            "{}: {attr}=\"{id}\" has no target",
                            page.rel
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn no_page_needs_inline_styles() {
    for site in [&basic().1, &example().1] {
        let mut svg_count = 0;
        for page in site.pages.values() {
            for t in &page.tags {
                assert!(
                    t.attr("style").is_none(),
                    "{}: style= on <{}>",
                    page.rel,
                    t.name
                );
                assert!(t.name != "style", "{}: a <style> element", page.rel);
            }
            for svg in svgs(page) {
                svg_count += 1;
                for t in &svg.tags {
                    for a in ["fill", "stroke", "color", "font-family"] {
                        assert!(
                            t.attr(a).is_none(),
                            "{}: <{} {a}=...>: colours belong in the style sheet",
                            page.rel,
                            t.name
                        );
                    }
                }
            }
        }
        assert!(svg_count > 0, "the site draws charts");
    }
    // Every class a chart uses for colour is in the theme's style sheet,
    // with a dark-mode value for the chart's own colours.
    let css = String::from_utf8(basic().1.files["theme/style.css"].clone()).unwrap();
    for class in [
        ".tl-dot",
        ".tl-bar",
        ".tl-cell",
        ".tl-name",
        ".fig-bar",
        ".fig-bar-open",
        ".fig-cap",
        ".fig-arrow",
    ] {
        assert!(css.contains(class), "{class} is not styled");
    }
    let dark = css
        .match_indices("prefers-color-scheme: dark")
        .any(|(i, _)| {
            css[i..]
                .split('}')
                .next()
                .unwrap_or("")
                .contains("--chart-mark")
        });
    assert!(dark, "the chart colours have dark-mode values");
}

#[test]
fn the_timeline_links_every_wave() {
    for site in [&basic().1, &example().1] {
        let waves = wave_pages(site);
        assert_eq!(waves.len(), 2);
        for rel in ["waves/index.html", "index.html"] {
            let page = site.page(rel);
            let targets = svg_targets(page);
            for w in &waves {
                assert!(targets.contains(w), "{rel}: the timeline does not link {w}");
            }
            // Nothing but waves.
            assert!(targets.iter().all(|t| waves.contains(t)), "{targets:?}");
            // Named for assistive technology, with every link in reach.
            for svg in svgs(page) {
                assert!(svg.tags[0].attr("aria-labelledby").is_some(), "{rel}");
                assert!(svg.tags[0].attr("aria-hidden").is_none(), "{rel}");
            }
        }
    }
    // The example's waves, October 2023 and April 2024, in that order
    // along the axis.
    let page = example().1.page("waves/index.html");
    let svg = &svgs(page)[0];
    let dots: Vec<f64> = svg
        .tags
        .iter()
        .filter(|t| !t.closing && has_class(t, "tl-dot"))
        .map(|t| pct(t, "cx"))
        .collect();
    assert_eq!(dots.len(), 2);
    assert!(dots[0] < 20.0 && dots[1] > 80.0, "{dots:?}");
    let text = svg.text();
    for label in ["Oct", "Apr", "2023", "2024"] {
        assert!(text.contains(label), "{label} on the axis: {text}");
    }
}

fn wave_file(title: &str, date: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n")
}

fn empty_archive() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["briefings", "waves", "actors", "sources"] {
        std::fs::create_dir_all(tmp.path().join("content").join(dir)).unwrap();
    }
    tmp
}

#[test]
fn one_wave_draws_one_mark_and_text_is_escaped() {
    let tmp = empty_archive();
    std::fs::write(
        tmp.path().join("content/waves/only.md"),
        wave_file("Returns <&> \\\"here\\\"", "2024-04-26"),
    )
    .unwrap();
    let built = build(tmp.path(), false);
    let site = Site::read(&built.out);
    site.assert_links_ok();
    let page = site.page("waves/index.html");
    let targets = svg_targets(page);
    assert!(!targets.is_empty());
    assert!(targets.iter().all(|t| t == "waves/only/index.html"));
    for svg in svgs(page) {
        assert!(svg.html.contains("Returns &lt;&amp;&gt; &quot;here&quot;"));
        assert!(!svg.html.contains("<&>"));
        assert_eq!(
            svg.tags
                .iter()
                .filter(|t| !t.closing && has_class(t, "tl-dot"))
                .count(),
            1
        );
    }
    // No figures: no figures chart on the wave's page.
    assert!(svgs(site.page("waves/only/index.html")).is_empty());
}

#[test]
fn hundreds_of_waves_fit_in_a_bounded_timeline() {
    let s = Scratch::of("basic");
    let n = 300;
    for i in 0..n {
        let year = 2019 + i % 6;
        let month = 1 + (i * 7) % 12;
        let day = 1 + (i * 11) % 28;
        s.write(
            &format!("content/waves/gen-{i:03}.md"),
            &wave_file(
                &format!("Generated wave {i}"),
                &format!("{year}-{month:02}-{day:02}"),
            ),
        );
    }
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    let waves = wave_pages(&site);
    assert_eq!(waves.len(), n + 2);
    let page = site.page("waves/index.html");
    let charts = svgs(page);
    assert_eq!(charts.len(), 1, "one picture, drawn once");
    let svg = &charts[0];
    // Every wave is a mark that links to its page.
    let targets = svg_targets(page);
    assert_eq!(targets.len(), waves.len());
    for w in &waves {
        assert!(targets.contains(w), "{w} is not on the timeline");
    }
    // Too many to name: the picture is hidden from assistive technology
    // (the list below names them all) and its links stay out of the tab
    // order.
    assert_eq!(svg.tags[0].attr("aria-hidden"), Some("true"));
    assert!(svg
        .tags
        .iter()
        .filter(|t| !t.closing && t.name == "a")
        .all(|t| t.attr("tabindex") == Some("-1")));
    // Its height stays bounded and its width follows the page.
    let height: f64 = svg.tags[0].attr("height").unwrap().parse().unwrap();
    assert!(height < 500.0, "{height}");
    assert_eq!(svg.tags[0].attr("width"), Some("100%"));
    // Years are on the axis.
    for y in 2019..=2024 {
        assert!(svg.text().contains(&y.to_string()), "{y}");
    }
    // The home page keeps to the most recent waves, each named.
    let home = site.page("index.html");
    let recent = svg_targets(home);
    assert!(!recent.is_empty());
    for svg in svgs(home) {
        let links = svg
            .tags
            .iter()
            .filter(|t| !t.closing && t.name == "a")
            .count();
        assert!(links <= 16, "{links} links on the home timeline");
    }
}
