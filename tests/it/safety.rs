//! What writers type can never become script in a reader's browser, and
//! nothing from content can reach outside the output folder.

use std::fs;

use super::support::{build, read_tree, Scratch};

const EVIL: &str = "content/briefings/2023-10-14-evil.md";

fn evil_briefing(s: &Scratch) {
    s.write(
        EVIL,
        "---\ntitle: \"<script>alert('t')</script> & co\"\ndate: 2023-10-14\nsummary: \"<img src=x onerror=alert(1)>\"\n---\nText.\n\n<script>alert('body')</script>\n\n<p onclick=\"alert(2)\">hi</p> <a href=\"javascript:alert(3)\">x</a>\n",
    );
}

#[test]
fn front_matter_is_escaped_and_raw_html_is_sanitised() {
    let s = Scratch::of("basic");
    evil_briefing(&s);
    let built = build(s.root(), false);
    let tree = read_tree(&built.out);
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script>alert"),
            "{path} has a script from content"
        );
        assert!(
            !text.contains("<img src=x onerror"),
            "{path} has an event handler from content"
        );
        assert!(
            !text.contains("onclick=\""),
            "{path} has an event handler from content"
        );
        assert!(
            !text.contains("href=\"javascript:"),
            "{path} has a javascript: URL"
        );
    }
    let page = String::from_utf8_lossy(&tree["briefings/2023-10-14-evil/index.html"]).into_owned();
    assert!(
        page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;&#x2F;script&gt; &amp; co")
            || page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co"),
        "the title is shown as text"
    );
    assert!(page.contains(">hi</p>"), "harmless markup stays");
}

#[test]
fn allow_raw_html_keeps_trusted_markup() {
    let s = Scratch::of("basic");
    let site = fs::read_to_string(s.root().join("site.yaml")).unwrap_or_default();
    s.write("site.yaml", &format!("{site}\nallow_raw_html: true\n"));
    s.write(
        "content/briefings/2023-10-14-trusted.md",
        "---\ntitle: Trusted\ndate: 2023-10-14\n---\n<details class=\"x\" data-note=\"kept\"><summary>More</summary>\n\nInside.\n\n</details>\n",
    );
    let built = build(s.root(), false);
    let page =
        fs::read_to_string(built.out.join("briefings/2023-10-14-trusted/index.html")).unwrap();
    assert!(
        page.contains("data-note=\"kept\""),
        "raw HTML is kept as written"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_are_not_followed() {
    let s = Scratch::of("basic");
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("passwords.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        secret.path().join("passwords.txt"),
        s.root().join("content/static/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(secret.path(), s.root().join("content/static/dir")).unwrap();
    let diags = s.check();
    assert!(
        diags
            .items()
            .iter()
            .any(|d| d.code == "symlink" && d.file.as_deref() == Some("content/static/leak.txt")),
        "{}",
        diags.render_plain()
    );
    let built = build(s.root(), false);
    let tree = read_tree(&built.out);
    assert!(
        tree.keys()
            .all(|k| !k.contains("leak") && !k.contains("passwords")),
        "{:?}",
        tree.keys().collect::<Vec<_>>()
    );
}

#[test]
fn slugs_cannot_name_paths() {
    let s = Scratch::of("basic");
    s.write(
        "content/briefings/..md",
        "---\ntitle: T\ndate: 2023-10-12\n---\n",
    );
    let diags = s.check();
    assert!(
        diags.items().iter().any(|d| d.code == "bad-slug"),
        "{}",
        diags.render_plain()
    );
    assert!(girok::build(&s.options(&s.root().join("out"), false)).is_err());
}
