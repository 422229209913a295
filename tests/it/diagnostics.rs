//! Every rule of the content format that a file breaks is reported as an
//! error naming the file, the line and the field: one test per class of
//! problem, each on a copy of the `basic` fixture with one bad file.

use girok::diag::{Diagnostic, Diagnostics, Severity};
use girok::Options;

use super::support::{line_of, one, read_tree, Scratch};

const BAD: &str = "content/briefings/bad.md";

/// Checks a copy of the basic fixture with `files` written into it.
fn check_with(files: &[(&str, &str)]) -> Diagnostics {
    let s = Scratch::of("basic");
    for (rel, text) in files {
        s.write(rel, text);
    }
    s.check()
}

/// Asserts that `diags` has exactly one `code` error, in `file`, on `line`
/// (when given), whose message and help together contain every fragment.
#[track_caller]
fn expect<'a>(
    diags: &'a Diagnostics,
    code: &str,
    file: &str,
    line: Option<usize>,
    fragments: &[&str],
) -> &'a Diagnostic {
    let d = one(diags, code);
    assert_eq!(d.severity, Severity::Error, "{d:?}");
    assert_eq!(d.file.as_deref(), Some(file), "{d:?}");
    if let Some(line) = line {
        assert_eq!(line_of(d), line, "wrong line:\n{}", diags.render_plain());
    }
    let words = format!(
        "{}\n{}\n{}",
        d.message,
        d.label.as_deref().unwrap_or(""),
        d.help.as_deref().unwrap_or("")
    );
    for f in fragments {
        assert!(words.contains(f), "{f:?} is not in:\n{words}");
    }
    d
}

/// Asserts that every diagnostic is about `file`.
#[track_caller]
fn only_in(diags: &Diagnostics, file: &str) {
    for d in diags.items() {
        assert_eq!(
            d.file.as_deref(),
            Some(file),
            "unexpected:\n{}",
            diags.render_plain()
        );
    }
}

#[test]
fn the_basic_fixture_is_clean() {
    let diags = Scratch::of("basic").check();
    assert!(diags.items().is_empty(), "{}", diags.render_plain());
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: Seoul reacts\ndate: 2023-10-12\nsummary: Seoul says: verifying\n---\nBody.\n",
    )]);
    expect(
        &diags,
        "yaml-syntax",
        BAD,
        Some(4),
        &["not valid YAML", "double quotes"],
    );
    only_in(&diags, BAD);
}

#[test]
fn yaml_syntax_error_in_a_list_points_at_the_line() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nwaves: [2023-10-border-returns\nsources: []\n---\n",
    )]);
    let d = expect(&diags, "yaml-syntax", BAD, None, &["not valid YAML"]);
    let line = line_of(d);
    assert!((4..=6).contains(&line), "line {line}");
}

#[test]
fn duplicate_key_is_reported() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\nsummary: x\ndate: 2023-10-12\ndate: 2023-10-13\n---\n",
    )]);
    expect(
        &diags,
        "duplicate-key",
        BAD,
        Some(5),
        &["`date` is written twice"],
    );
}

#[test]
fn missing_front_matter() {
    let diags = check_with(&[(BAD, "title: A\ndate: 2023-10-12\n\nBody.\n")]);
    expect(
        &diags,
        "no-front-matter",
        BAD,
        Some(1),
        &["does not start with front matter", "`---`"],
    );
    only_in(&diags, BAD);
}

#[test]
fn unclosed_front_matter() {
    let diags = check_with(&[(BAD, "---\ntitle: A\ndate: 2023-10-12\n\nBody.\n")]);
    expect(
        &diags,
        "unclosed-front-matter",
        BAD,
        Some(1),
        &["never closed", "`---`"],
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsumary: One paragraph.\n---\n",
    )]);
    expect(
        &diags,
        "unknown-key",
        BAD,
        Some(4),
        &["`sumary`", "did you mean `summary`?"],
    );
    only_in(&diags, BAD);
    assert_eq!(diags.items().len(), 1, "{}", diags.render_plain());
}

#[test]
fn unknown_key_inside_a_figure() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: repatriated\n    value: 600\n    source: alpha-news-2023-10-12\n    atributed_to: rights-group\n---\nText [@alpha-news-2023-10-12].\n",
    )]);
    expect(
        &diags,
        "unknown-key",
        BAD,
        Some(9),
        &[
            "`atributed_to`",
            "a figure",
            "did you mean `attributed_to`?",
        ],
    );
}

#[test]
fn missing_required_field() {
    let diags = check_with(&[(BAD, "---\ntitle: A\nsummary: No date.\n---\n")]);
    expect(
        &diags,
        "missing-field",
        BAD,
        Some(1),
        &["`date`", "date: 2023-10-12"],
    );
    only_in(&diags, BAD);
}

#[test]
fn missing_field_of_a_figure_points_at_the_figure() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nfigures:\n  - label: repatriated\n    value: 600\n  - label: detained\n    value: 2000\n---\n",
    )]);
    let found: Vec<_> = diags
        .items()
        .iter()
        .filter(|d| d.code == "missing-field")
        .collect();
    assert_eq!(found.len(), 2, "{}", diags.render_plain());
    assert_eq!(line_of(found[0]), 5);
    assert_eq!(line_of(found[1]), 7);
    assert!(found[1].message.contains("`source`"), "{:?}", found[1]);
    assert!(found[1].message.contains("figures[2]"), "{:?}", found[1]);
}

#[test]
fn empty_required_field() {
    let diags = check_with(&[(BAD, "---\ntitle: \"\"\ndate: 2023-10-12\n---\n")]);
    expect(&diags, "missing-field", BAD, Some(2), &["`title` is empty"]);
}

#[test]
fn wrong_type_for_a_count() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: repatriated\n    value: \"about 600\"\n    source: alpha-news-2023-10-12\n---\nText [@alpha-news-2023-10-12].\n",
    )]);
    let d = expect(
        &diags,
        "wrong-type",
        BAD,
        Some(7),
        &["figures[1].value", "a number", "text", "approx: true"],
    );
    assert_eq!(d.span.as_ref().unwrap().column, 12, "{d:?}");
    // The figure has no usable number left, which is reported too.
    assert!(diags.items().iter().all(|d| d.file.as_deref() == Some(BAD)));
}

#[test]
fn wrong_type_for_a_list() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nwaves:\n  name: 2023-10-border-returns\n---\n",
    )]);
    expect(&diags, "wrong-type", BAD, Some(4), &["`waves`", "a list"]);
}

#[test]
fn invalid_date() {
    let diags = check_with(&[(BAD, "---\ntitle: A\ndate: 2023-02-30\n---\n")]);
    expect(
        &diags,
        "invalid-date",
        BAD,
        Some(3),
        &["`2023-02-30`", "`date`", "YYYY-MM-DD"],
    );
    only_in(&diags, BAD);
}

#[test]
fn dates_may_be_rfc3339_date_times() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12T09:00:00+09:00\nupdated: 2023-10-14\n---\n",
    )]);
    assert!(diags.items().is_empty(), "{}", diags.render_plain());
}

#[test]
fn wave_end_before_start() {
    let rel = "content/waves/bad-wave.md";
    let diags = check_with(&[(
        rel,
        "---\ntitle: A wave\ndate: 2023-10-09\nend_date: 2023-10-01\n---\n",
    )]);
    expect(
        &diags,
        "end-before-start",
        rel,
        Some(4),
        &["2023-10-01", "2023-10-09"],
    );
}

#[test]
fn bad_slug_file_name() {
    let rel = "content/briefings/Bad Name.md";
    let diags = check_with(&[(rel, "---\ntitle: A\ndate: 2023-10-12\n---\n")]);
    let d = expect(
        &diags,
        "bad-slug",
        rel,
        None,
        &["`Bad Name`", "bad-name.md"],
    );
    assert!(d.span.is_none());
    only_in(&diags, rel);
}

#[test]
fn duplicate_slug_in_a_subfolder() {
    let first = "content/briefings/2023-10-13-seoul-confirms.md";
    let dup = "content/briefings/2023/2023-10-13-seoul-confirms.md";
    let diags = check_with(&[(dup, "---\ntitle: Again\ndate: 2023-10-13\n---\n")]);
    let d = expect(
        &diags,
        "duplicate-slug",
        dup,
        None,
        &["`2023-10-13-seoul-confirms`", first],
    );
    assert!(d.message.contains("briefing"), "{d:?}");
    only_in(&diags, dup);
}

#[test]
fn unknown_references_suggest_the_closest_slug() {
    let diags = check_with(&[(
        BAD,
        "---
title: A
date: 2023-10-12
waves: [2023-10-border-return]
actors:
  - rights-group
  - unification-ministy
statements:
  - actor: china-mfa
    date: 2023-10-12
    quote: No.
    source: beta-report-2023-10-31
---\n",
    )]);
    only_in(&diags, BAD);
    let unknown: Vec<&Diagnostic> = diags
        .items()
        .iter()
        .filter(|d| d.code == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 3, "{}", diags.render_plain());
    let expected = [
        (
            4,
            "there is no wave `2023-10-border-return`",
            "did you mean `2023-10-border-returns`?",
        ),
        (
            7,
            "there is no actor `unification-ministy`",
            "did you mean `unification-ministry`?",
        ),
        (
            12,
            "there is no source `beta-report-2023-10-31`",
            "did you mean `beta-report-2023-10-13`?",
        ),
    ];
    for (d, (line, msg, help)) in unknown.iter().zip(expected) {
        assert_eq!(line_of(d), line, "{d:?}");
        assert_eq!(d.message, msg);
        let h = d.help.as_deref().unwrap_or("");
        assert!(h.contains(help), "{h}");
    }
    // The column points at the slug itself.
    assert_eq!(unknown[1].span.as_ref().unwrap().column, 5);
}

#[test]
fn unknown_member_of_in_an_actor() {
    let rel = "content/actors/bad-actor.md";
    let diags = check_with(&[(
        rel,
        "---\nname: A desk\nkind: ministry\nmember_of: south-corea\n---\n",
    )]);
    let found: Vec<&Diagnostic> = diags
        .items()
        .iter()
        .filter(|d| d.code == "unknown-reference")
        .collect();
    assert_eq!(found.len(), 1, "{}", diags.render_plain());
    assert_eq!(found[0].file.as_deref(), Some(rel));
    assert_eq!(line_of(found[0]), 4);
    assert!(found[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `south-korea`?"));
}

#[test]
fn unknown_source_cited_in_the_body() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\n---\nFirst [@alpha-news-2023-10-12].\n\nThen a second paragraph\nthat cites [@alpha-news-2023-10-21, p. 4].\n",
    )]);
    let d = expect(
        &diags,
        "unknown-reference",
        BAD,
        Some(9),
        &[
            "there is no source `alpha-news-2023-10-21`",
            "did you mean `alpha-news-2023-10-12`?",
        ],
    );
    assert_eq!(d.span.as_ref().unwrap().column, 12, "{d:?}");
}

#[test]
fn unreadable_citation() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\n---\nText.\n\nSee [@two words here].\n",
    )]);
    expect(&diags, "bad-citation", BAD, Some(7), &["[@source-slug]"]);
}

#[test]
fn link_to_a_missing_entry() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\n---\nSee\n[the wave](../waves/2023-10-border-retruns.md).\n",
    )]);
    expect(
        &diags,
        "unknown-reference",
        BAD,
        Some(6),
        &[
            "there is no wave `2023-10-border-retruns`",
            "leads nowhere",
            "did you mean `2023-10-border-returns`?",
        ],
    );
}

#[test]
fn link_to_a_missing_heading() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\n---\nSee [where](../waves/2023-10-border-returns.md#where-it-happend)\nand [here](2023-10-12-mass-return.md#nothing-like-this).\n",
    )]);
    let found: Vec<&Diagnostic> = diags
        .items()
        .iter()
        .filter(|d| d.code == "unknown-fragment")
        .collect();
    assert_eq!(found.len(), 2, "{}", diags.render_plain());
    assert_eq!(line_of(found[0]), 5);
    assert!(found[0]
        .message
        .contains("content/waves/2023-10-border-returns.md has no heading `#where-it-happend`"));
    assert_eq!(
        found[0].help.as_deref(),
        Some("did you mean `#where-it-happened`?")
    );
    assert_eq!(line_of(found[1]), 6);
    // Nothing close: the headings are listed instead.
    let help = found[1].help.as_deref().unwrap();
    assert!(help.contains("#what-was-reported"), "{help}");
    assert!(help.contains("#국경-도시"), "{help}");
}

#[test]
fn figure_without_a_number() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: repatriated\n    approx: true\n    source: alpha-news-2023-10-12\n---\nText [@alpha-news-2023-10-12].\n",
    )]);
    expect(
        &diags,
        "figure-without-number",
        BAD,
        Some(6),
        &["`repatriated` has no number", "`value: 600`"],
    );
    assert_eq!(diags.error_count(), 1, "{}", diags.render_plain());
}

#[test]
fn figure_min_greater_than_max() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: repatriated\n    max: 500\n    min: 600\n    source: alpha-news-2023-10-12\n---\nText [@alpha-news-2023-10-12].\n",
    )]);
    expect(
        &diags,
        "figure-range",
        BAD,
        Some(8),
        &["min 600 greater than max 500"],
    );
}

#[test]
fn negative_count() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\nfigures:\n  - label: repatriated\n    source: alpha-news-2023-10-12\n    value: -3\n---\nText [@alpha-news-2023-10-12].\n",
    )]);
    expect(
        &diags,
        "negative-count",
        BAD,
        Some(8),
        &["figures[1].value", "cannot be negative"],
    );
}

#[test]
fn invalid_word_suggests_the_closest() {
    let rel = "content/actors/bad-actor.md";
    let diags = check_with(&[(rel, "---\nname: A group\nkind: goverment\n---\n")]);
    expect(
        &diags,
        "invalid-value",
        rel,
        Some(3),
        &["`goverment`", "did you mean `government`?"],
    );
}

#[test]
fn empty_file() {
    let diags = check_with(&[(BAD, "")]);
    let d = expect(&diags, "empty-file", BAD, None, &["empty"]);
    assert!(d.span.is_none());
    only_in(&diags, BAD);
}

#[test]
fn file_of_blank_lines_is_empty() {
    let diags = check_with(&[(BAD, "\n  \n\n")]);
    expect(&diags, "empty-file", BAD, Some(1), &["empty"]);
}

#[test]
fn non_utf8_file() {
    let s = Scratch::of("basic");
    s.write_bytes(
        BAD,
        b"---\ntitle: A\ndate: 2023-10-12\n---\nCaf\xe9 in Latin-1.\n",
    );
    let diags = s.check();
    expect(
        &diags,
        "not-utf8",
        BAD,
        None,
        &["not UTF-8", "line 5", "UTF-8"],
    );
    only_in(&diags, BAD);
}

#[test]
fn utf8_with_bom_and_crlf_is_accepted() {
    let s = Scratch::of("basic");
    s.write_bytes(
        BAD,
        "\u{feff}---\r\ntitle: 한국어 제목\r\ndate: 2023-10-12\r\nsources: [alpha-news-2023-10-12]\r\n---\r\nText [@alpha-news-2023-10-12].\r\n"
            .as_bytes(),
    );
    let diags = s.check();
    assert!(diags.items().is_empty(), "{}", diags.render_plain());
}

#[test]
fn crlf_lines_are_counted_right() {
    let diags = check_with(&[(
        BAD,
        "---\r\ntitle: A\r\ndate: 2023-10-12\r\ncolour: red\r\n---\r\n",
    )]);
    expect(&diags, "unknown-key", BAD, Some(4), &["`colour`"]);
}

#[test]
fn markdown_file_outside_the_content_folders() {
    let rel = "content/notes.md";
    let diags = check_with(&[(rel, "---\ntitle: Notes\n---\n")]);
    expect(
        &diags,
        "outside-content-folders",
        rel,
        None,
        &["outside the four content folders", "content/briefings/"],
    );
    only_in(&diags, rel);
}

#[test]
fn site_yaml_unknown_key() {
    let diags = check_with(&[("site.yaml", "title: X\nlanguge: en\n")]);
    expect(
        &diags,
        "site-config",
        "site.yaml",
        Some(2),
        &["did you mean `language`?"],
    );
}

#[test]
fn warnings_do_not_stop_a_check() {
    // A source listed but never cited, and a source nothing cites.
    let diags = check_with(&[
        (
            BAD,
            "---\ntitle: A\ndate: 2023-10-12\nsources: [alpha-news-2023-10-12]\n---\nNo citation.\n",
        ),
        (
            "content/sources/unused.md",
            "---\ntitle: T\npublisher: P\nkind: news\ndate: 2023-10-12\n---\n",
        ),
    ]);
    assert!(!diags.has_errors(), "{}", diags.render_plain());
    let d = one(&diags, "listed-not-cited");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.file.as_deref(), Some(BAD));
    assert_eq!(line_of(d), 4);
    let d = one(&diags, "unused-source");
    assert_eq!(d.file.as_deref(), Some("content/sources/unused.md"));
}

#[test]
fn unfinished_entries_are_warned_about() {
    // An actor nobody quotes, a wave nobody counts, and a citation of a
    // source the briefing does not list.
    let diags = check_with(&[
        (
            "content/actors/silent-party.md",
            "---\nname: Silent Party\nkind: other\n---\n",
        ),
        (
            "content/waves/2022-01-uncounted.md",
            "---\ntitle: Uncounted\ndate: 2022-01-05\n---\n",
        ),
        (
            BAD,
            "---\ntitle: A\ndate: 2023-10-12\n---\nSee [@alpha-news-2023-10-12].\n",
        ),
    ]);
    assert!(!diags.has_errors(), "{}", diags.render_plain());
    let d = one(&diags, "actor-without-statements");
    assert_eq!(d.file.as_deref(), Some("content/actors/silent-party.md"));
    assert_eq!(d.severity, Severity::Warning);
    let d = one(&diags, "wave-without-figures");
    assert_eq!(
        d.file.as_deref(),
        Some("content/waves/2022-01-uncounted.md")
    );
    let d = one(&diags, "cited-not-listed");
    assert_eq!(d.file.as_deref(), Some(BAD));
    assert_eq!(line_of(d), 5);
    assert!(d.help.as_deref().unwrap_or("").contains("sources:"));
}

/// One file with three different problems found by three different stages.
const THREE_ERRORS: &str = "---
title: Three problems
date: 2023-13-01
colour: red
waves: [2023-10-border-return]
---
Body.
";

#[test]
fn every_problem_is_reported_in_one_run() {
    let diags = check_with(&[(BAD, THREE_ERRORS)]);
    only_in(&diags, BAD);
    let got: Vec<(&str, usize)> = diags.items().iter().map(|d| (d.code, line_of(d))).collect();
    assert_eq!(
        got,
        [
            ("invalid-date", 3),
            ("unknown-key", 4),
            ("unknown-reference", 5)
        ],
        "{}",
        diags.render_plain()
    );
    assert_eq!(diags.error_count(), 3);
    assert_eq!(diags.summary(), "3 errors, 0 warnings");
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let diags = check_with(&[
        (BAD, THREE_ERRORS),
        ("content/waves/bad-wave.md", "---\ntitle: W\n---\n"),
        ("content/notes.md", "x"),
    ]);
    let files: std::collections::BTreeSet<&str> = diags
        .items()
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [BAD, "content/notes.md", "content/waves/bad-wave.md"]
    );
    assert_eq!(diags.error_count(), 5, "{}", diags.render_plain());
}

#[test]
fn rendered_diagnostics_snapshot() {
    let diags = check_with(&[(BAD, THREE_ERRORS)]);
    insta::assert_snapshot!(diags.render_plain());
}

#[test]
fn json_diagnostics_carry_code_file_and_line() {
    let diags = check_with(&[(BAD, THREE_ERRORS)]);
    let doc: serde_json::Value = serde_json::from_str(&diags.render_json()).unwrap();
    assert_eq!(doc["errors"], 3);
    assert_eq!(doc["warnings"], 0);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "invalid-date");
    assert_eq!(first["file"], BAD);
    assert_eq!(first["span"]["line"], 3);
    assert_eq!(first["span"]["column"], 7);
}

#[test]
fn a_failed_build_writes_nothing() {
    let s = Scratch::of("basic");
    s.write(BAD, THREE_ERRORS);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    assert_eq!(diags.error_count(), 3, "{}", diags.render_plain());
    assert!(!out.exists(), "the output folder was created");
    // Nothing else beside it either (no staging folder left behind).
    assert!(read_tree(tmp.path()).is_empty());
    // And the default output folder inside the archive was not made.
    assert!(!s.root().join("output").exists());
    let default = girok::build(&Options::new(s.root())).unwrap_err();
    assert_eq!(default.error_count(), 3);
    assert!(!s.root().join("output").exists());
}

#[test]
fn an_image_without_alt_text_is_a_located_warning() {
    let diags = check_with(&[(
        BAD,
        "---\ntitle: Pictures\ndate: 2023-10-14\n---\nA map:\n\n![](../static/map.svg)\n\n![The border crossings](../static/map.svg)\n",
    )]);
    let d = one(&diags, "image-without-alt");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.file.as_deref(), Some(BAD));
    assert_eq!(line_of(d), 7, "{}", diags.render_plain());
    assert!(d.help.as_deref().unwrap_or("").contains("!["));
    assert!(!diags.has_errors(), "{}", diags.render_plain());
}
