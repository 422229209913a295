//! The bibliography exports (`sources/bibliography.bib`, `.json`, `.ris`)
//! read back with real parsers: the biblatex crate for BibTeX, the official
//! CSL-JSON schema, and a strict RIS reader; the links to them; and the
//! "cite this briefing" block of every briefing page.

use std::sync::OnceLock;

use biblatex::{Bibliography, ChunksExt, Entry, EntryType};
use serde_json::Value;

use super::support::{build, decode_entities, fixture, Page, Scratch, Site};

const BIB: &str = "sources/bibliography.bib";
const CSL: &str = "sources/bibliography.json";
const RIS: &str = "sources/bibliography.ris";
const BASE: &str = "https://example.org/archive/";

/// How one source must come out.
struct Expect {
    slug: &'static str,
    title: &'static str,
    /// Persons as (family, given); organisations and unsplit names as
    /// (name, "").
    authors: &'static [(&'static str, &'static str)],
    publisher: &'static str,
    date: (i64, i64, i64),
    url: Option<&'static str>,
    accessed: Option<(i64, i64, i64)>,
    language: Option<&'static str>,
    langid: Option<&'static str>,
    archived: Option<&'static str>,
    bib_type: EntryType,
    csl_type: &'static str,
    ris_type: &'static str,
}

const TRICKY_TITLE: &str =
    r#"Braces {x}, 100% & $5, #1 a_b ~ ^ back\slash "quoted" 'single' -- @end"#;

/// The sources of the tricky archive: the basic fixture's three and six
/// more, each in one way hard to export.
const SOURCES: &[(&str, &str)] = &[
    (
        "tricky-report",
        r#"---
title: "Braces {x}, 100% & $5, #1 a_b ~ ^ back\\slash \"quoted\" 'single' -- @end"
publisher: "Watch & Co {Ltd}"
kind: report
date: 2024-01-02
authors: [Kim Min-ji, Esther Chung, Human Rights Watch]
url: "https://example.org/a_b?x=1&y=%20#frag"
archived_url: "https://web.archive.org/web/2024/https://example.org/a_b"
accessed: 2024-01-05
language: en-GB
---
"#,
    ),
    (
        "korean-news",
        r#"---
title: 중국, 탈북민 600명 강제북송 "확인"
publisher: 연합뉴스
kind: news
date: 2023-10-12
authors: [김민지, 이영환]
url: https://www.yna.co.kr/view/AKR20231012000100504
language: ko
---
"#,
    ),
    (
        "bare-dataset",
        "---\ntitle: Plain dataset\npublisher: Open Data Lab\nkind: dataset\ndate: 2022-03-04\n---\n",
    ),
    (
        "testimony-orgs",
        r#"---
title: Testimony of returnees
publisher: Border Rights Group
kind: testimony
date: 2023-11-01
authors: [South Korea, Lee Young-hwan, Martin Luther King Jr., border rights group]
---
"#,
    ),
    (
        "statement-offline",
        "---\ntitle: A statement without an address\npublisher: Ministry of Unification\nkind: statement\ndate: 2024-02-03\n---\n",
    ),
    (
        "other-online",
        "---\ntitle: An online page\npublisher: Example Org\nkind: other\ndate: 2024-02-04\nurl: https://example.org/other\nlanguage: eo\n---\n",
    ),
];

const TRICKY_BRIEFING: &str = r#"---
title: "Returns {again}: 50% & more_ -- 강제북송"
date: 2024-06-01
authors: [김민지, Esther Chung]
sources: [korean-news]
---
Reported in Korean [@korean-news].
"#;

fn basic_expectations() -> Vec<Expect> {
    vec![
        Expect {
            slug: "alpha-news-2023-10-12",
            title: "China sends hundreds back",
            authors: &[("Kim", "Min-ji")],
            publisher: "Alpha Daily",
            date: (2023, 10, 12),
            url: Some("https://example.org/alpha"),
            accessed: Some((2023, 10, 13)),
            language: Some("en"),
            langid: Some("english"),
            archived: None,
            bib_type: EntryType::Article,
            csl_type: "article-newspaper",
            ris_type: "NEWS",
        },
        Expect {
            slug: "beta-report-2023-10-13",
            title: "Returns across the border",
            authors: &[],
            publisher: "Beta Watch",
            date: (2023, 10, 13),
            url: None,
            accessed: None,
            language: None,
            langid: None,
            archived: Some("https://example.org/archive/beta"),
            bib_type: EntryType::Report,
            csl_type: "report",
            ris_type: "RPRT",
        },
        Expect {
            slug: "gamma-statement-2024-04-20",
            title: "Statement on the April returns",
            authors: &[],
            publisher: "Border Rights Group",
            date: (2024, 4, 20),
            url: None,
            accessed: None,
            language: None,
            langid: None,
            archived: None,
            bib_type: EntryType::Misc,
            csl_type: "document",
            ris_type: "GEN",
        },
    ]
}

fn tricky_expectations() -> Vec<Expect> {
    let mut v = basic_expectations();
    v.extend([
        Expect {
            slug: "tricky-report",
            title: TRICKY_TITLE,
            authors: &[
                ("Kim", "Min-ji"),
                ("Chung", "Esther"),
                ("Human Rights Watch", ""),
            ],
            publisher: "Watch & Co {Ltd}",
            date: (2024, 1, 2),
            url: Some("https://example.org/a_b?x=1&y=%20#frag"),
            accessed: Some((2024, 1, 5)),
            language: Some("en-GB"),
            langid: Some("british"),
            archived: Some("https://web.archive.org/web/2024/https://example.org/a_b"),
            bib_type: EntryType::Report,
            csl_type: "report",
            ris_type: "RPRT",
        },
        Expect {
            slug: "korean-news",
            title: r#"중국, 탈북민 600명 강제북송 "확인""#,
            authors: &[("김민지", ""), ("이영환", "")],
            publisher: "연합뉴스",
            date: (2023, 10, 12),
            url: Some("https://www.yna.co.kr/view/AKR20231012000100504"),
            accessed: None,
            language: Some("ko"),
            langid: Some("korean"),
            archived: None,
            bib_type: EntryType::Article,
            csl_type: "article-newspaper",
            ris_type: "NEWS",
        },
        Expect {
            slug: "bare-dataset",
            title: "Plain dataset",
            authors: &[],
            publisher: "Open Data Lab",
            date: (2022, 3, 4),
            url: None,
            accessed: None,
            language: None,
            langid: None,
            archived: None,
            bib_type: EntryType::Dataset,
            csl_type: "dataset",
            ris_type: "DATA",
        },
        Expect {
            slug: "testimony-orgs",
            title: "Testimony of returnees",
            authors: &[
                ("South Korea", ""),
                ("Lee", "Young-hwan"),
                ("King", "Martin Luther"),
                ("border rights group", ""),
            ],
            publisher: "Border Rights Group",
            date: (2023, 11, 1),
            url: None,
            accessed: None,
            language: None,
            langid: None,
            archived: None,
            bib_type: EntryType::Misc,
            csl_type: "interview",
            ris_type: "GEN",
        },
        Expect {
            slug: "statement-offline",
            title: "A statement without an address",
            authors: &[],
            publisher: "Ministry of Unification",
            date: (2024, 2, 3),
            url: None,
            accessed: None,
            language: None,
            langid: None,
            archived: None,
            bib_type: EntryType::Misc,
            csl_type: "document",
            ris_type: "GEN",
        },
        Expect {
            slug: "other-online",
            title: "An online page",
            authors: &[],
            publisher: "Example Org",
            date: (2024, 2, 4),
            url: Some("https://example.org/other"),
            accessed: None,
            language: Some("eo"),
            langid: None,
            archived: None,
            bib_type: EntryType::Online,
            csl_type: "document",
            ris_type: "ELEC",
        },
    ]);
    v
}

/// The basic fixture as built (no base_url).
fn basic() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| Site::read(&build(&fixture("basic"), false).out))
}

/// The basic fixture with the tricky sources and briefing, a base_url and
/// two sources per bibliography page.
fn tricky_archive() -> Scratch {
    let s = Scratch::of("basic");
    s.write(
        "site.yaml",
        &format!("title: Test briefing archive\nlanguage: en\nbase_url: {BASE}\nper_page: 2\n"),
    );
    for (slug, text) in SOURCES {
        s.write(&format!("content/sources/{slug}.md"), text);
    }
    s.write("content/briefings/tricky-briefing.md", TRICKY_BRIEFING);
    s
}

fn tricky() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| Site::read(&build(tricky_archive().root(), false).out))
}

fn text(site: &Site, path: &str) -> String {
    let bytes = site
        .files
        .get(path)
        .unwrap_or_else(|| panic!("the site has no {path}"));
    String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

/// The slugs of the sources in the order the bibliography pages list them.
fn page_order(site: &Site) -> Vec<String> {
    let mut n = 1;
    let mut slugs = Vec::new();
    loop {
        let path = if n == 1 {
            "sources/index.html".to_string()
        } else {
            format!("sources/page/{n}/index.html")
        };
        let Some(page) = site.pages.get(&path) else {
            break;
        };
        for l in page.links() {
            let Some(t) = l.target.as_deref() else {
                continue;
            };
            if let Some(slug) = t
                .strip_prefix("sources/")
                .and_then(|r| r.strip_suffix("/index.html"))
                .filter(|s| !s.contains('/'))
            {
                if page.tags.iter().any(|tag| {
                    tag.attr("href") == Some(&l.raw) && tag.attr("class") == Some("cit-title")
                }) {
                    slugs.push(slug.to_string());
                }
            }
        }
        n += 1;
    }
    slugs
}

// ---------------------------------------------------------------------------
// BibTeX.

fn parse_bib(src: &str) -> Bibliography {
    Bibliography::parse(src).unwrap_or_else(|e| panic!("the BibTeX does not parse: {e:?}\n{src}"))
}

fn field(e: &Entry, name: &str) -> Option<String> {
    e.get(name).map(|c| c.format_verbatim())
}

fn iso((y, m, d): (i64, i64, i64)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

#[track_caller]
fn check_bibtex(site: &Site, expected: &[Expect]) {
    let src = text(site, BIB);
    let bib = parse_bib(&src);
    let keys: Vec<&str> = bib.keys().collect();
    let want: Vec<&str> = expected.iter().map(|x| x.slug).collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    let mut sorted_want = want.clone();
    sorted_want.sort_unstable();
    assert_eq!(
        sorted_keys, sorted_want,
        "one entry per source, keyed by slug"
    );
    assert_eq!(
        keys,
        page_order(site),
        "in the order of the bibliography pages"
    );
    for x in expected {
        let e = bib.get(x.slug).unwrap();
        let at = x.slug;
        assert_eq!(e.entry_type, x.bib_type, "{at}: entry type");
        assert_eq!(field(e, "title").as_deref(), Some(x.title), "{at}: title");
        let authors = if x.authors.is_empty() {
            assert!(e.get("author").is_none(), "{at}: no author field");
            Vec::new()
        } else {
            e.author()
                .unwrap_or_else(|err| panic!("{at}: author: {err:?}"))
        };
        let got: Vec<(String, String)> = authors
            .iter()
            .map(|p| (p.name.clone(), p.given_name.clone()))
            .collect();
        let want: Vec<(String, String)> = x
            .authors
            .iter()
            .map(|(f, g)| (f.to_string(), g.to_string()))
            .collect();
        assert_eq!(got, want, "{at}: authors");
        let publisher = match x.bib_type {
            EntryType::Article => "journaltitle",
            EntryType::Report => "institution",
            EntryType::Dataset => "publisher",
            _ => "organization",
        };
        assert_eq!(
            field(e, publisher).as_deref(),
            Some(x.publisher),
            "{at}: {publisher}"
        );
        assert_eq!(field(e, "date"), Some(iso(x.date)), "{at}: date");
        assert!(e.date().is_ok(), "{at}: the date is a biblatex date");
        assert_eq!(field(e, "url").as_deref(), x.url, "{at}: url");
        assert_eq!(field(e, "urldate"), x.accessed.map(iso), "{at}: urldate");
        assert_eq!(field(e, "langid").as_deref(), x.langid, "{at}: langid");
        assert_eq!(
            field(e, "note"),
            x.archived.map(|u| format!("Archived copy: {u}")),
            "{at}: note"
        );
    }
}

#[test]
fn the_bibtex_export_parses_with_every_source() {
    check_bibtex(basic(), &basic_expectations());
}

#[test]
fn the_bibtex_export_keeps_latex_specials_unicode_and_organisations() {
    let site = tricky();
    check_bibtex(site, &tricky_expectations());
    let src = text(site, BIB);
    // Escaped as LaTeX wants, so that a real LaTeX run prints them too.
    assert!(
        src.contains(r"title = {Braces \{x\}, 100\% \& \$5, \#1 a\_b \textasciitilde{} \textasciicircum{} back\textbackslash{}slash "),
        "{src}"
    );
    assert!(src.contains("-{}- @end}"), "{src}");
    // Organisations in braces, persons as "Family, Given".
    assert!(
        src.contains("author = {Kim, Min-ji and Chung, Esther and {Human Rights Watch}},"),
        "{src}"
    );
    assert!(src.contains("author = {{김민지} and {이영환}},"), "{src}");
    assert!(src.contains("entrysubtype = {newspaper},"), "{src}");
}

// ---------------------------------------------------------------------------
// CSL-JSON.

fn csl_schema() -> Value {
    let path = fixture("schemas").join("csl-data.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn date_parts((y, m, d): (i64, i64, i64)) -> Value {
    serde_json::json!({ "date-parts": [[y, m, d]] })
}

#[track_caller]
fn check_csl(site: &Site, expected: &[Expect]) {
    let json: Value = serde_json::from_str(&text(site, CSL)).expect("the CSL-JSON parses");
    let schema = csl_schema();
    let validator = jsonschema::validator_for(&schema).expect("the CSL schema is usable");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "not valid CSL-JSON:\n{}",
        errors.join("\n")
    );
    let items = json.as_array().expect("an array");
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        page_order(site),
        "one item per source, in bibliography order"
    );
    assert_eq!(items.len(), expected.len());
    for x in expected {
        let at = x.slug;
        let item = items.iter().find(|i| i["id"] == x.slug).unwrap();
        assert_eq!(item["type"], x.csl_type, "{at}: type");
        assert_eq!(item["citation-key"], x.slug, "{at}: citation-key");
        assert_eq!(item["title"], x.title, "{at}: title");
        let authors: Vec<(String, String)> = item["author"]
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|n| match n.get("literal") {
                Some(l) => {
                    assert!(n.get("family").is_none(), "{at}: literal and family: {n}");
                    (l.as_str().unwrap().to_string(), String::new())
                }
                None => (
                    n["family"].as_str().unwrap().to_string(),
                    n["given"].as_str().unwrap().to_string(),
                ),
            })
            .collect();
        let want: Vec<(String, String)> = x
            .authors
            .iter()
            .map(|(f, g)| (f.to_string(), g.to_string()))
            .collect();
        assert_eq!(authors, want, "{at}: authors");
        if x.csl_type == "article-newspaper" {
            assert_eq!(
                item["container-title"], x.publisher,
                "{at}: container-title"
            );
            assert!(item.get("publisher").is_none());
        } else {
            assert_eq!(item["publisher"], x.publisher, "{at}: publisher");
            assert!(item.get("container-title").is_none());
        }
        assert_eq!(item["issued"], date_parts(x.date), "{at}: issued");
        assert_eq!(item.get("URL").and_then(Value::as_str), x.url, "{at}: URL");
        assert_eq!(
            item.get("accessed").cloned(),
            x.accessed.map(date_parts),
            "{at}: accessed"
        );
        assert_eq!(
            item.get("language").and_then(Value::as_str),
            x.language,
            "{at}: language"
        );
        assert_eq!(
            item.get("archive_location").and_then(Value::as_str),
            x.archived,
            "{at}: archive_location"
        );
        assert_eq!(
            item.get("note").and_then(Value::as_str).map(str::to_string),
            x.archived.map(|u| format!("Archived copy: {u}")),
            "{at}: note"
        );
    }
}

#[test]
fn the_csl_json_export_follows_the_csl_schema() {
    check_csl(basic(), &basic_expectations());
    check_csl(tricky(), &tricky_expectations());
}

#[test]
fn the_csl_schema_check_catches_mistakes() {
    // The check above could not pass by accident: the schema refuses an
    // unknown type, a field CSL does not know and a malformed name.
    let schema = csl_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!([{ "id": "a", "type": "report", "title": "T" }]);
    assert!(validator.is_valid(&good));
    for bad in [
        serde_json::json!([{ "id": "a", "type": "newspaper", "title": "T" }]),
        serde_json::json!([{ "id": "a", "type": "report", "url": "https://example.org/" }]),
        serde_json::json!([{ "id": "a", "type": "report", "author": [{ "name": "X" }] }]),
        serde_json::json!([{ "type": "report" }]),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// RIS.

/// Reads RIS strictly: CRLF line ends only, every line `XX  - value`, every
/// record from `TY` to `ER`, nothing between records.
fn read_ris(src: &str) -> Vec<Vec<(String, String)>> {
    assert!(src.ends_with("\r\n"), "the RIS file ends with CRLF");
    let mut records = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for (n, line) in src[..src.len() - 2].split("\r\n").enumerate() {
        let at = n + 1;
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "line {at}: a line end other than CRLF: {line:?}"
        );
        let tag = line
            .get(..2)
            .unwrap_or_else(|| panic!("line {at}: too short: {line:?}"));
        let mut tc = tag.chars();
        assert!(
            tc.next().is_some_and(|c| c.is_ascii_uppercase())
                && tc
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            "line {at}: not a RIS tag: {line:?}"
        );
        assert_eq!(
            line.get(2..6),
            Some("  - "),
            "line {at}: not `XX  - value`: {line:?}"
        );
        let value = &line[6..];
        match tag {
            "TY" => {
                assert!(current.is_none(), "line {at}: TY inside a record");
                current = Some(vec![(tag.to_string(), value.to_string())]);
            }
            "ER" => {
                assert_eq!(value, "", "line {at}: ER carries no value");
                records.push(
                    current
                        .take()
                        .unwrap_or_else(|| panic!("line {at}: ER without TY")),
                );
            }
            _ => {
                assert!(
                    !value.is_empty() && value.trim() == value,
                    "line {at}: empty or padded value: {line:?}"
                );
                current
                    .as_mut()
                    .unwrap_or_else(|| panic!("line {at}: {tag} outside a record"))
                    .push((tag.to_string(), value.to_string()));
            }
        }
    }
    assert!(current.is_none(), "the last record has no ER");
    records
}

#[test]
fn the_strict_ris_reader_refuses_bad_files() {
    let good = "TY  - GEN\r\nTI  - A\r\nER  - \r\n";
    assert_eq!(read_ris(good).len(), 1);
    for bad in [
        "TY  - GEN\nTI  - A\r\nER  - \r\n",
        "TY  - GEN\r\nTI - A\r\nER  - \r\n",
        "TY  - GEN\r\nTI  - A\r\n",
        "TI  - A\r\nER  - \r\n",
        "TY  - GEN\r\nER  - \r\n\r\nTY  - GEN\r\nER  - \r\n",
    ] {
        assert!(
            std::panic::catch_unwind(|| read_ris(bad)).is_err(),
            "accepted {bad:?}"
        );
    }
}

fn ris_values<'a>(r: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
    r.iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn ris_one<'a>(r: &'a [(String, String)], tag: &str) -> Option<&'a str> {
    let v = ris_values(r, tag);
    assert!(v.len() <= 1, "more than one {tag}: {v:?}");
    v.first().copied()
}

#[track_caller]
fn check_ris(site: &Site, expected: &[Expect]) {
    let records = read_ris(&text(site, RIS));
    let ids: Vec<&str> = records.iter().map(|r| ris_one(r, "ID").unwrap()).collect();
    assert_eq!(
        ids,
        page_order(site),
        "one record per source, in bibliography order"
    );
    assert_eq!(records.len(), expected.len());
    for x in expected {
        let at = x.slug;
        let r = records
            .iter()
            .find(|r| ris_one(r, "ID") == Some(x.slug))
            .unwrap();
        assert_eq!(ris_one(r, "TY"), Some(x.ris_type), "{at}: TY");
        assert_eq!(ris_one(r, "TI"), Some(x.title), "{at}: TI");
        let want: Vec<String> = x
            .authors
            .iter()
            .map(|(f, g)| {
                if g.is_empty() {
                    f.to_string()
                } else if *f == "King" {
                    format!("{f}, {g}, Jr.")
                } else {
                    format!("{f}, {g}")
                }
            })
            .collect();
        assert_eq!(ris_values(r, "AU"), want, "{at}: AU");
        let (y, m, d) = x.date;
        assert_eq!(
            ris_one(r, "PY"),
            Some(format!("{y:04}").as_str()),
            "{at}: PY"
        );
        assert_eq!(
            ris_one(r, "DA"),
            Some(format!("{y:04}/{m:02}/{d:02}").as_str()),
            "{at}: DA"
        );
        let publisher_tag = if x.ris_type == "NEWS" { "T2" } else { "PB" };
        assert_eq!(
            ris_one(r, publisher_tag),
            Some(x.publisher),
            "{at}: {publisher_tag}"
        );
        assert_eq!(ris_one(r, "UR"), x.url, "{at}: UR");
        assert_eq!(
            ris_one(r, "Y2").map(str::to_string),
            x.accessed.map(|(y, m, d)| format!("{y:04}/{m:02}/{d:02}")),
            "{at}: Y2"
        );
        assert_eq!(ris_one(r, "LA"), x.language, "{at}: LA");
        assert_eq!(
            ris_one(r, "N1").map(str::to_string),
            x.archived.map(|u| format!("Archived copy: {u}")),
            "{at}: N1"
        );
    }
}

#[test]
fn the_ris_export_is_strict_ris() {
    check_ris(basic(), &basic_expectations());
    check_ris(tricky(), &tricky_expectations());
}

// ---------------------------------------------------------------------------
// Links and determinism.

#[test]
fn every_bibliography_page_and_source_page_links_to_the_exports() {
    for site in [basic(), tricky()] {
        let lists: Vec<&Page> = site
            .pages
            .values()
            .filter(|p| p.rel == "sources/index.html" || p.rel.starts_with("sources/page/"))
            .collect();
        let sources: Vec<&Page> = site
            .pages
            .values()
            .filter(|p| {
                p.rel.starts_with("sources/")
                    && p.rel.matches('/').count() == 2
                    && p.rel != "sources/page/index.html"
            })
            .collect();
        assert!(!lists.is_empty() && !sources.is_empty());
        for p in lists.iter().chain(&sources) {
            for f in [BIB, RIS, CSL] {
                p.assert_links_to(f);
            }
        }
        for p in &lists {
            p.assert_text("Download the bibliography: BibTeX · RIS (Zotero, EndNote) · CSL-JSON");
        }
        // The links of the pages that show the exports or a citation lead
        // somewhere.
        let problems: Vec<String> = site
            .link_problems()
            .into_iter()
            .filter(|p| p.starts_with("sources/") || p.starts_with("briefings/"))
            .collect();
        assert!(problems.is_empty(), "{problems:#?}");
    }
    // Nine sources, two a page: five bibliography pages.
    assert!(tricky().pages.contains_key("sources/page/5/index.html"));
    assert!(!tricky().pages.contains_key("sources/page/6/index.html"));
}

#[test]
fn the_exports_are_the_same_on_every_build() {
    let again = build(tricky_archive().root(), false);
    for f in [BIB, CSL, RIS] {
        let bytes = std::fs::read(again.out.join(f)).unwrap();
        assert!(bytes == tricky().files[f], "{f} differs between two builds");
    }
}

// ---------------------------------------------------------------------------
// Cite this briefing.

/// The plain-text citation and the BibTeX entry a briefing page shows.
fn cite_block(page: &Page) -> (String, String) {
    let inner = |class: &str, name: &str| -> String {
        let (k, open) = page
            .tags
            .iter()
            .enumerate()
            .find(|(_, t)| {
                !t.closing
                    && t.name == name
                    && t.attr("class")
                        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
            })
            .unwrap_or_else(|| panic!("{}: no <{name} class=\"{class}\">", page.rel));
        let close = page.tags[k + 1..]
            .iter()
            .find(|t| t.closing && t.name == name)
            .unwrap();
        page.html[open.end..close.start].to_string()
    };
    let text = Page::new(&page.rel, inner("cite-this-text", "p")).text();
    let pre = inner("cite-bibtex", "pre");
    let code = pre
        .strip_prefix("<code>")
        .and_then(|c| c.strip_suffix("</code>"))
        .unwrap_or_else(|| panic!("{}: the BibTeX is not one <code>: {pre}", page.rel));
    assert!(
        !code.contains('<'),
        "{}: markup in the BibTeX: {code}",
        page.rel
    );
    (text, decode_entities(code))
}

#[test]
fn every_briefing_page_has_a_cite_block_with_its_path() {
    let site = basic();
    let briefings = [
        (
            "2023-10-12-mass-return",
            "China returns hundreds of people after the Games",
            "12 October 2023",
            "2023-10-12",
            Some("Research desk"),
        ),
        (
            "2023-10-13-seoul-confirms",
            "Seoul confirms the returns",
            "13 October 2023",
            "2023-10-13",
            None,
        ),
        (
            "2024-04-25-spring-returns",
            "Spring returns from Jilin",
            "25 April 2024",
            "2024-04-25",
            None,
        ),
    ];
    for (slug, title, day, date, author) in briefings {
        let path = format!("briefings/{slug}/index.html");
        let page = site.page(&path);
        page.assert_text("Cite this briefing");
        let (text, bib) = cite_block(page);
        let by = author.unwrap_or("Test briefing archive");
        assert_eq!(
            text,
            format!("{by}. “{title}.” Test briefing archive, {day}. {path}")
        );
        let parsed = parse_bib(&bib);
        assert_eq!(parsed.len(), 1, "{bib}");
        let e = parsed
            .get(slug)
            .unwrap_or_else(|| panic!("no entry {slug} in {bib}"));
        assert_eq!(e.entry_type, EntryType::Online);
        assert_eq!(field(e, "title").as_deref(), Some(title));
        assert_eq!(field(e, "date").as_deref(), Some(date));
        assert_eq!(
            field(e, "organization").as_deref(),
            Some("Test briefing archive")
        );
        let authors = e.author().unwrap();
        assert_eq!(authors.len(), 1);
        assert_eq!(
            authors[0].name, by,
            "an organisation or the site, kept whole"
        );
        assert_eq!(authors[0].given_name, "");
        // Without base_url there is no address to give, only the path.
        assert!(e.get("url").is_none(), "{bib}");
        assert_eq!(field(e, "note"), Some(path.clone()));
        assert_eq!(field(e, "langid").as_deref(), Some("english"));
    }
}

#[test]
fn with_a_base_url_the_citation_gives_the_absolute_address() {
    let site = tricky();
    let page = site.page("briefings/tricky-briefing/index.html");
    let (text, bib) = cite_block(page);
    let url = format!("{BASE}briefings/tricky-briefing/index.html");
    assert_eq!(
        text,
        format!("김민지 and Esther Chung. “Returns {{again}}: 50% & more_ -- 강제북송.” Test briefing archive, 1 June 2024. {url}")
    );
    let parsed = parse_bib(&bib);
    let e = parsed.get("tricky-briefing").unwrap();
    assert_eq!(
        field(e, "title").as_deref(),
        Some("Returns {again}: 50% & more_ -- 강제북송")
    );
    assert_eq!(field(e, "url"), Some(url));
    assert!(e.get("note").is_none());
    let authors: Vec<(String, String)> = e
        .author()
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.given_name))
        .collect();
    assert_eq!(
        authors,
        [
            ("김민지".to_string(), String::new()),
            ("Chung".to_string(), "Esther".to_string())
        ]
    );
    // Every briefing of this build gives its absolute address.
    for slug in ["2023-10-12-mass-return", "2024-04-25-spring-returns"] {
        let path = format!("briefings/{slug}/index.html");
        let (text, bib) = cite_block(site.page(&path));
        assert!(text.ends_with(&format!(". {BASE}{path}")), "{text}");
        assert_eq!(
            field(parse_bib(&bib).get(slug).unwrap(), "url"),
            Some(format!("{BASE}{path}"))
        );
    }
}
