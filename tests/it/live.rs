//! Live rebuilds (`girok serve`): an edit re-renders the edited entry's
//! pages and the pages that show it, and afterwards the site is exactly
//! what a full build of the edited archive gives: nothing stale remains.

use std::collections::BTreeMap;
use std::path::Path;

use girok::live::Live;
use girok::Options;

use super::support::{read_tree, Scratch};

const SPRING: &str = "content/briefings/2024-04-25-spring-returns.md";

struct Fixture {
    s: Scratch,
    out: tempfile::TempDir,
    live: Live,
}

impl Fixture {
    fn new() -> Fixture {
        let s = Scratch::of("basic");
        let out = tempfile::tempdir().unwrap();
        let opts = Options {
            root: s.root().to_path_buf(),
            output: Some(out.path().join("site")),
            drafts: false,
            tera: false,
        };
        let mut live = Live::new(opts);
        let first = live.build_all();
        assert!(
            first.ok && first.full,
            "{}",
            first.diagnostics.render_plain()
        );
        Fixture { s, out, live }
    }

    fn site(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.out.path().join("site"))
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.s.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} is not in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// The site a full build of the archive as it is now gives.
    fn fresh(&self) -> BTreeMap<String, Vec<u8>> {
        let dir = tempfile::tempdir().unwrap();
        let opts = Options {
            root: self.s.root().to_path_buf(),
            output: Some(dir.path().join("site")),
            drafts: false,
            tera: false,
        };
        girok::build(&opts).unwrap();
        read_tree(&dir.path().join("site"))
    }

    #[track_caller]
    fn assert_same_as_fresh(&self) {
        let live = self.site();
        let fresh = self.fresh();
        let differ: Vec<&String> = fresh
            .keys()
            .chain(live.keys())
            .filter(|k| live.get(*k) != fresh.get(*k))
            .collect();
        assert!(differ.is_empty(), "stale or missing files: {differ:#?}");
    }
}

fn contains(pages: &[String], p: &str) -> bool {
    pages.iter().any(|x| x == p)
}

#[test]
fn an_edit_rebuilds_the_briefing_and_the_pages_that_show_it() {
    let mut f = Fixture::new();
    f.edit(
        SPRING,
        "title: Spring returns from Jilin",
        "title: Spring returns from Jilin, revised",
    );
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(o.ok && !o.full, "{}", o.diagnostics.render_plain());
    for p in [
        "briefings/2024-04-25-spring-returns/index.html",
        "waves/2024-04-jilin/index.html",
        "actors/rights-group/index.html",
        "sources/gamma-statement-2024-04-20/index.html",
        "briefings/index.html",
        "index.html",
    ] {
        assert!(contains(&o.pages, p), "{p} was not rebuilt: {:?}", o.pages);
    }
    // Pages that never show this briefing are left alone.
    for p in [
        "briefings/2023-10-12-mass-return/index.html",
        "waves/2023-10-border-returns/index.html",
        "sources/alpha-news-2023-10-12/index.html",
    ] {
        assert!(!contains(&o.pages, p), "{p} was rebuilt: {:?}", o.pages);
    }
    f.assert_same_as_fresh();
    assert!(
        String::from_utf8_lossy(&f.site()["briefings/2024-04-25-spring-returns/index.html"])
            .contains("Spring returns from Jilin, revised")
    );
}

#[test]
fn a_new_reference_reaches_the_page_it_names() {
    let mut f = Fixture::new();
    // The spring briefing now also names the October wave and cites alpha.
    f.edit(
        SPRING,
        "waves: [2024-04-jilin]",
        "waves: [2024-04-jilin, 2023-10-border-returns]",
    );
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(o.ok, "{}", o.diagnostics.render_plain());
    assert!(contains(
        &o.pages,
        "waves/2023-10-border-returns/index.html"
    ));
    f.assert_same_as_fresh();
    // And back: the October wave page no longer shows it.
    f.edit(
        SPRING,
        "waves: [2024-04-jilin, 2023-10-border-returns]",
        "waves: [2024-04-jilin]",
    );
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(contains(
        &o.pages,
        "waves/2023-10-border-returns/index.html"
    ));
    f.assert_same_as_fresh();
}

#[test]
fn a_new_date_reorders_the_lists() {
    let mut f = Fixture::new();
    f.edit(SPRING, "date: 2024-04-25", "date: 2023-01-02");
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(o.ok && !o.full, "{}", o.diagnostics.render_plain());
    assert!(contains(&o.pages, "briefings/index.html"));
    f.assert_same_as_fresh();
}

#[test]
fn editing_a_wave_or_an_actor_reaches_every_page_that_names_it() {
    let mut f = Fixture::new();
    let wave = "content/waves/2024-04-jilin.md";
    f.edit(
        wave,
        "title: Returns from Jilin in April 2024",
        "title: Jilin returns, April 2024",
    );
    let o = f.live.rebuild(&[wave.to_string()]);
    assert!(o.ok && !o.full, "{}", o.diagnostics.render_plain());
    assert!(contains(
        &o.pages,
        "briefings/2024-04-25-spring-returns/index.html"
    ));
    assert!(contains(&o.pages, "waves/index.html"));
    f.assert_same_as_fresh();
    let actor = "content/actors/rights-group.md";
    let text = std::fs::read_to_string(f.s.root().join(actor)).unwrap();
    let name_line = text
        .lines()
        .find(|l| l.starts_with("name:"))
        .unwrap()
        .to_string();
    f.edit(actor, &name_line, "name: A renamed rights group");
    let o = f.live.rebuild(&[actor.to_string()]);
    assert!(o.ok && !o.full, "{}", o.diagnostics.render_plain());
    f.assert_same_as_fresh();
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_it_is_fixed() {
    let mut f = Fixture::new();
    let before = f.site();
    f.edit(SPRING, "date: 2024-04-25", "date: 2024-04-31");
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(!o.ok);
    let err = o.diagnostics.items().iter().find(|d| d.is_error()).unwrap();
    assert_eq!(err.file.as_deref(), Some(SPRING));
    assert_eq!(f.site(), before, "a failed rebuild changed the site");
    // A reference to nothing is an error found across files.
    f.edit(SPRING, "date: 2024-04-31", "date: 2024-04-25");
    f.edit(SPRING, "waves: [2024-04-jilin]", "waves: [2024-04-jilln]");
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(!o.ok);
    assert_eq!(f.site(), before);
    f.edit(SPRING, "waves: [2024-04-jilln]", "waves: [2024-04-jilin]");
    let o = f.live.rebuild(&[SPRING.to_string()]);
    assert!(o.ok, "{}", o.diagnostics.render_plain());
    f.assert_same_as_fresh();
}

#[test]
fn new_files_settings_and_themes_build_everything() {
    let mut f = Fixture::new();
    let rel = "content/waves/2024-06-new.md";
    f.s.write(rel, "---\ntitle: A new wave\ndate: 2024-06-01\n---\n");
    let o = f.live.rebuild(&[rel.to_string()]);
    assert!(o.ok && o.full, "{}", o.diagnostics.render_plain());
    f.assert_same_as_fresh();
    f.edit(
        "site.yaml",
        "title: Test briefing archive",
        "title: Renamed archive",
    );
    let o = f.live.rebuild(&["site.yaml".to_string()]);
    assert!(o.ok && o.full);
    f.assert_same_as_fresh();
    std::fs::remove_file(f.s.root().join(rel)).unwrap();
    let o = f.live.rebuild(&[rel.to_string()]);
    assert!(o.ok && o.full);
    f.assert_same_as_fresh();
    assert!(!Path::new(&f.out.path().join("site/waves/2024-06-new/index.html")).exists());
}
