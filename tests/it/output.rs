//! The output folder: girok replaces only folders it made, replaces them
//! whole, and leaves them untouched when a build fails.

use std::fs;

use super::support::{read_tree, Scratch};

#[test]
fn refuses_a_folder_it_did_not_make() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("precious.txt"), "keep me").unwrap();
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    assert!(
        diags.items().iter().any(|d| d.code == "output-not-girok"),
        "{}",
        diags.render_plain()
    );
    assert_eq!(
        fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
    let tree = read_tree(tmp.path());
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        ["site/precious.txt"],
        "nothing else may be written"
    );
}

#[test]
fn refuses_a_file_in_the_way() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    fs::write(&out, "a file").unwrap();
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    assert!(
        diags.items().iter().any(|d| d.code == "output-not-folder"),
        "{}",
        diags.render_plain()
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file");
}

#[test]
fn builds_into_an_empty_folder() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    fs::create_dir_all(&out).unwrap();
    girok::build(&s.options(&out, false)).unwrap();
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_second_build_replaces_the_first() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let stale = "briefings/2023-10-13-seoul-confirms/index.html";
    let report = girok::build(&s.options(&out, false)).unwrap();
    assert_eq!(report.output, out);
    assert!(out.join(stale).is_file());
    // Something left in the output by hand goes too: the folder is girok's.
    fs::write(out.join("leftover.txt"), "x").unwrap();

    s.remove("content/briefings/2023-10-13-seoul-confirms.md");
    girok::build(&s.options(&out, false)).unwrap();
    assert!(
        !out.join(stale).exists(),
        "the deleted briefing's page stayed"
    );
    assert!(!out.join("briefings/2023-10-13-seoul-confirms").exists());
    assert!(!out.join("leftover.txt").exists());
    assert!(out
        .join("briefings/2023-10-12-mass-return/index.html")
        .is_file());
    // The wave no longer links to the deleted briefing.
    let wave = fs::read_to_string(out.join("waves/2023-10-border-returns/index.html")).unwrap();
    assert!(!wave.contains("2023-10-13-seoul-confirms"));
    // No staging or old copies are left beside the output.
    let beside = names_in(tmp.path());
    assert_eq!(beside, ["site"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    girok::build(&s.options(&out, false)).unwrap();
    let before = read_tree(&out);
    assert!(before.contains_key("index.html"));

    s.write(
        "content/briefings/2023-10-12-mass-return.md",
        "---\ntitle: Broken\ndate: 2023-10-12\nwaves: [no-such-wave]\n---\n",
    );
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    assert!(diags.has_errors());
    let after = read_tree(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        assert!(bytes == &after[path], "{path} changed");
    }
    let beside = names_in(tmp.path());
    assert_eq!(beside, ["site"]);
}

#[test]
fn a_template_error_leaves_the_previous_output_as_it_was() {
    let s = Scratch::of("basic");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    girok::build(&s.options(&out, false)).unwrap();
    let before = read_tree(&out);

    // Fails while rendering, after the staging folder was made.
    s.write(
        "themes/default/templates/wave.html",
        "{{ wave.no_such_field.deeper }}",
    );
    let diags = girok::build(&s.options(&out, false)).unwrap_err();
    assert!(
        diags.items().iter().any(|d| d.code == "template"),
        "{}",
        diags.render_plain()
    );
    assert!(read_tree(&out) == before, "the output changed");
    let beside = names_in(tmp.path());
    assert_eq!(beside, ["site"], "the staging folder was left behind");
}

/// The names of the files and folders directly in `dir`, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Writes an archive of `n` small briefings, enough for a build to take a
/// moment.
fn many_briefings(root: &std::path::Path, n: usize) {
    let dir = root.join("content/briefings");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        let body = "A paragraph of text about the returns. ".repeat(40);
        fs::write(
            dir.join(format!("b-{i:05}.md")),
            format!("---\ntitle: Briefing {i}\ndate: 2023-10-12\n---\n## Part one\n\n{body}\n\n## Part two\n\n{body}\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_intact() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    many_briefings(&root, 3000);
    let out = tmp.path().join("site");
    let girok = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_girok"));
        c.args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .stderr(Stdio::null());
        c
    };
    let status = girok().status().unwrap();
    assert!(status.success());
    let before = read_tree(&out);
    assert!(before.len() > 3000);

    // Change the content, start a second build and kill it while it is
    // writing into its staging folder.
    many_briefings(&root, 3001);
    let staging = tmp.path().join(".site.girok-new");
    let mut child = girok().spawn().unwrap();
    let started = Instant::now();
    let mut killed_while_writing = false;
    while started.elapsed() < Duration::from_secs(60) {
        let written = fs::read_dir(staging.join("briefings"))
            .map(|d| d.count())
            .unwrap_or(0);
        if written > 10 {
            child.kill().unwrap();
            killed_while_writing = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.wait().unwrap();
    assert!(
        killed_while_writing,
        "the build finished before it could be interrupted"
    );
    assert!(staging.exists(), "the killed build left its staging folder");
    assert_eq!(read_tree(&out), before, "the previous output changed");

    // The next build cleans up and succeeds.
    let status = girok().status().unwrap();
    assert!(status.success());
    assert!(!staging.exists());
    assert!(out.join("briefings/b-03000/index.html").exists());
}
