//! `girok new`: a new entry builds as written, explains every field, and
//! never overwrites a file.

use std::process::Command;

use chrono::NaiveDate;
use girok::model::entities::Kind;
use girok::new::{create, NewEntry};

use super::support::{build, Scratch, Site};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, 10).unwrap()
}

fn entry(kind: Kind, title: &str) -> NewEntry {
    NewEntry {
        kind,
        title: title.into(),
        slug: None,
        date: day(),
    }
}

#[test]
fn each_kind_builds_and_checks_as_written() {
    let s = Scratch::of("basic");
    let made = [
        (
            Kind::Briefing,
            "Dandong: \"more returns\" # reported",
            "content/briefings/2024-05-10-dandong-more-returns-reported.md",
            "briefings/2024-05-10-dandong-more-returns-reported/index.html",
        ),
        (
            Kind::Wave,
            "Returns from Dandong, May 2024",
            "content/waves/returns-from-dandong-may-2024.md",
            "waves/returns-from-dandong-may-2024/index.html",
        ),
        (
            Kind::Actor,
            "Ministry of Foreign Affairs (Japan)",
            "content/actors/ministry-of-foreign-affairs-japan.md",
            "actors/ministry-of-foreign-affairs-japan/index.html",
        ),
        (
            Kind::Source,
            "'No defectors': a report",
            "content/sources/no-defectors-a-report.md",
            "sources/no-defectors-a-report/index.html",
        ),
    ];
    for (kind, title, rel, _) in made {
        assert_eq!(create(s.root(), &entry(kind, title)).unwrap(), rel);
    }
    let diags = s.check();
    assert!(!diags.has_errors(), "{}", diags.render_plain());
    let built = build(s.root(), false);
    let site = Site::read(&built.out);
    for (_, title, _, page) in made {
        site.page(page).assert_text(title);
    }
}

#[test]
fn it_never_overwrites() {
    let s = Scratch::of("basic");
    let e = entry(Kind::Wave, "Returns from Dandong");
    let rel = create(s.root(), &e).unwrap();
    let path = s.root().join(&rel);
    std::fs::write(
        &path,
        "---\ntitle: Mine\ndate: 2024-01-01\n---\nMy notes.\n",
    )
    .unwrap();
    let err = create(s.root(), &e).unwrap_err();
    assert_eq!(err.code, "file-exists");
    assert_eq!(err.file.as_deref(), Some(rel.as_str()));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: Mine\ndate: 2024-01-01\n---\nMy notes.\n"
    );
    // An existing entry from the fixture too.
    let mut e = entry(Kind::Actor, "China MFA");
    e.slug = Some("china-mfa".into());
    assert_eq!(create(s.root(), &e).unwrap_err().code, "file-exists");
}

#[test]
fn titles_without_ascii_need_a_slug() {
    let s = Scratch::of("basic");
    let mut e = entry(Kind::Actor, "전환기정의워킹그룹");
    let err = create(s.root(), &e).unwrap_err();
    assert_eq!(err.code, "no-slug");
    assert!(err.help.unwrap().contains("--slug"));
    e.slug = Some("Bad Slug".into());
    assert_eq!(create(s.root(), &e).unwrap_err().code, "bad-slug");
    e.slug = Some("tjwg".into());
    assert_eq!(create(s.root(), &e).unwrap(), "content/actors/tjwg.md");
    let built = build(s.root(), false);
    Site::read(&built.out)
        .page("actors/tjwg/index.html")
        .assert_text("전환기정의워킹그룹");
}

/// The commented-out figures and statements of a new briefing are a valid
/// example: uncommented, with real slugs, the file builds and shows them.
#[test]
fn the_commented_examples_are_valid_once_uncommented() {
    let s = Scratch::of("basic");
    let rel = create(s.root(), &entry(Kind::Briefing, "Example")).unwrap();
    let path = s.root().join(&rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line == "# figures:" || line == "# statements:" {
            inside = true;
        } else if !line.starts_with("#   ") && !line.starts_with("#     ") {
            inside = line.starts_with("# figures") || (inside && line.starts_with("#  "));
        }
        let line = if inside {
            line.strip_prefix("# ").unwrap_or(line)
        } else {
            line
        };
        out.push_str(line);
        out.push('\n');
    }
    let out = out
        .replace("source-slug", "alpha-news-2023-10-12")
        .replace("wave-slug", "2023-10-border-returns")
        .replace("actor-slug", "china-mfa")
        .replace("Their words", "Example words");
    assert!(out.contains("\nfigures:\n  - label: repatriated"), "{out}");
    assert!(out.contains("\nstatements:\n  - actor: china-mfa"), "{out}");
    std::fs::write(&path, &out).unwrap();
    let diags = s.check();
    assert!(!diags.has_errors(), "{}\n{out}", diags.render_plain());
    let built = build(s.root(), false);
    let page = Site::read(&built.out);
    let page = page.page("briefings/2024-05-10-example/index.html");
    page.assert_text("about 600");
    page.assert_text("Example words");
}

#[test]
fn the_command_writes_prints_and_refuses() {
    let s = Scratch::of("basic");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_girok"))
            .args([
                "new",
                "source",
                "A report on returns",
                "--date",
                "2024-02-03",
                "--root",
            ])
            .arg(s.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed
            .trim_end()
            .ends_with("content/sources/a-report-on-returns.md"),
        "{printed}"
    );
    let text =
        std::fs::read_to_string(s.root().join("content/sources/a-report-on-returns.md")).unwrap();
    assert!(text.contains("date: 2024-02-03"));
    let again = run();
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("error[file-exists]"), "{err}");
    // A bad date is refused before anything is written.
    let bad = Command::new(env!("CARGO_BIN_EXE_girok"))
        .args(["new", "wave", "W", "--date", "2024-13-01", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
    assert!(!s.root().join("content/waves/w.md").exists());
}
