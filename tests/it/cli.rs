//! The `girok` command: exit status, where problems are printed, formats.

use std::path::Path;
use std::process::{Command, Output};

use super::support::{fixture, Scratch};

const BAD: &str = "content/briefings/bad.md";

fn girok(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_girok"));
    cmd.args(args).env_remove("NO_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn bad_archive() -> Scratch {
    let s = Scratch::of("basic");
    s.write(
        BAD,
        "---\ntitle: A\ndate: 2023-10-12\nsumary: typo\n---\nBody.\n",
    );
    s
}

fn root_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_of_a_bad_archive_fails_and_names_file_and_line() {
    let s = bad_archive();
    let out = girok(&["check", "--root", root_arg(s.root())], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("content/briefings/bad.md:4:1"), "{err}");
    assert!(err.contains("unknown-key"), "{err}");
    assert!(err.contains("did you mean `summary`?"), "{err}");
    assert!(err.contains("1 error"), "{err}");
    assert!(text(&out.stdout).is_empty());
    // Stderr is not a terminal here: no colour.
    assert!(!err.contains("\x1b["), "{err:?}");
}

#[test]
fn no_color_output_has_no_escapes() {
    let s = bad_archive();
    let out = girok(
        &["check", "--root", root_arg(s.root())],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("content/briefings/bad.md:4:1"), "{err}");
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn check_prints_json_when_asked() {
    let s = bad_archive();
    let out = girok(
        &["check", "--root", root_arg(s.root()), "--format", "json"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}):\n{}", text(&out.stdout));
    });
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 0);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "unknown-key");
    assert_eq!(d["file"], BAD);
    assert_eq!(d["span"]["line"], 4);
    assert_eq!(d["help"], "did you mean `summary`?");
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn check_of_a_good_archive_succeeds() {
    let out = girok(&["check", "--root", root_arg(&fixture("basic"))], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = girok(
        &[
            "check",
            "--root",
            root_arg(&fixture("basic")),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(json.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn build_writes_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = girok(
        &[
            "build",
            "--root",
            root_arg(&fixture("basic")),
            "--output",
            root_arg(&site),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(site.join("index.html").is_file());
    assert!(site
        .join("waves/2023-10-border-returns/index.html")
        .is_file());
    let err = text(&out.stderr);
    assert!(err.contains("19 pages"), "{err}");
    assert!(!err.contains('\x1b'), "{err:?}");
}

#[test]
fn build_of_a_bad_archive_fails_and_writes_nothing() {
    let s = bad_archive();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = girok(
        &[
            "build",
            "--root",
            root_arg(s.root()),
            "--output",
            root_arg(&site),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing was written"));
    assert!(!site.exists());
}

#[test]
fn unknown_arguments_are_usage_errors() {
    let out = girok(&["check", "--no-such-flag"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--no-such-flag"));
}

#[test]
fn many_warnings_of_one_kind_are_counted_not_flooded() {
    let s = super::support::Scratch::of("basic");
    for i in 0..25 {
        s.write(
            &format!("content/sources/unused-{i:02}.md"),
            "---\ntitle: T\npublisher: P\nkind: news\ndate: 2023-10-12\n---\n",
        );
    }
    let girok = env!("CARGO_BIN_EXE_girok");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(girok)
            .arg("check")
            .arg("--root")
            .arg(s.root())
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let limited = run(&[]);
    assert_eq!(
        limited.matches("warning[unused-source]").count(),
        20,
        "{limited}"
    );
    assert!(
        limited.contains("note: 5 more `unused-source` warnings are not shown"),
        "{limited}"
    );
    assert!(limited.contains("25 warnings"), "{limited}");
    let all = run(&["--all-warnings"]);
    assert_eq!(all.matches("warning[unused-source]").count(), 25);
}
