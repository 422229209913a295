//! Helpers shared by the integration tests: fixture archives copied into
//! temporary folders, builds into temporary output folders, and a small
//! HTML scanner (tags, attributes, ids, links, visible text) that relies on
//! nothing of the theme's markup beyond what the contract fixes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use girok::diag::{Diagnostic, Diagnostics};
use girok::Options;
use tempfile::TempDir;

/// The crate's own folder (holding the example archive).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture archive under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for item in fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            fs::copy(item.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for item in fs::read_dir(dir).unwrap() {
            let item = item.unwrap();
            let path = item.path();
            if item.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// An archive in a temporary folder that a test may change.
pub struct Scratch {
    dir: TempDir,
}

impl Scratch {
    /// A copy of the fixture `name`.
    pub fn of(name: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        Scratch { dir }
    }

    /// The archive's root folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or overwrites) a file of the archive.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    /// Writes (or overwrites) a file of the archive from bytes.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    /// Removes a file of the archive.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Options for this archive, writing to `output`.
    pub fn options(&self, output: &Path, drafts: bool) -> Options {
        Options {
            root: self.root().to_path_buf(),
            output: Some(output.to_path_buf()),
            drafts,
            tera: false,
        }
    }

    /// Runs `girok::check` on the archive.
    pub fn check(&self) -> Diagnostics {
        girok::check(&Options::new(self.root()))
    }
}

/// A site built into a temporary folder.
pub struct Built {
    _tmp: TempDir,
    /// The output folder.
    pub out: PathBuf,
    /// What the build reported.
    pub report: girok::Report,
}

/// Builds the archive at `root` into a new temporary folder and panics with
/// the diagnostics when the build fails.
pub fn build(root: &Path, drafts: bool) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let opts = Options {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        drafts,
        tera: false,
    };
    match girok::build(&opts) {
        Ok(report) => Built {
            _tmp: tmp,
            out,
            report,
        },
        Err(diags) => panic!("the build failed:\n{}", diags.render_plain()),
    }
}

/// The one diagnostic with `code`; panics (listing all) when there is not
/// exactly one.
pub fn one<'a>(diags: &'a Diagnostics, code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.items().iter().filter(|d| d.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}` diagnostic, got {}:\n{}",
        found.len(),
        diags.render_plain()
    );
    found[0]
}

/// The line of a diagnostic (panics when it has no position).
pub fn line_of(d: &Diagnostic) -> usize {
    d.span
        .as_ref()
        .unwrap_or_else(|| panic!("`{}` has no position: {d:?}", d.code))
        .line
}

// ---------------------------------------------------------------------------
// A small HTML scanner.

/// One start or end tag.
#[derive(Debug, Clone)]
pub struct Tag {
    /// Lower-case tag name.
    pub name: String,
    /// True for `</name>`.
    pub closing: bool,
    /// Attributes, names lower-cased, values with entities decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of `<`.
    pub start: usize,
    /// Byte offset after `>`.
    pub end: usize,
}

impl Tag {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes the HTML character references Tera and pulldown-cmark write.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&p| p <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok().and_then(char::from_u32)
                } else {
                    None
                }
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (UTF-8).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Every tag of `html`, in order; the contents of `<script>` and `<style>`
/// are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        // Comments and doctypes: kept as tags named `!`, without attributes.
        let skip = if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(html.len(), |e| start + e + 3))
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            Some(rest.find('>').map_or(html.len(), |e| start + e + 1))
        } else {
            None
        };
        if let Some(end) = skip {
            out.push(Tag {
                name: "!".into(),
                closing: false,
                attrs: Vec::new(),
                start,
                end,
            });
            i = end;
            continue;
        }
        let closing = rest.starts_with("</");
        let mut p = start + if closing { 2 } else { 1 };
        let name_start = p;
        while p < b.len() && (b[p].is_ascii_alphanumeric() || b[p] == b'-') {
            p += 1;
        }
        if p == name_start {
            // A lone `<` in text.
            i = start + 1;
            continue;
        }
        let name = html[name_start..p].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while p < b.len() && b[p].is_ascii_whitespace() {
                p += 1;
            }
            if p >= b.len() {
                break;
            }
            if b[p] == b'>' {
                p += 1;
                break;
            }
            if b[p] == b'/' {
                p += 1;
                continue;
            }
            let an_start = p;
            while p < b.len() && !b[p].is_ascii_whitespace() && !matches!(b[p], b'=' | b'>' | b'/')
            {
                p += 1;
            }
            let an = html[an_start..p].to_ascii_lowercase();
            while p < b.len() && b[p].is_ascii_whitespace() {
                p += 1;
            }
            let mut value = String::new();
            if p < b.len() && b[p] == b'=' {
                p += 1;
                while p < b.len() && b[p].is_ascii_whitespace() {
                    p += 1;
                }
                if p < b.len() && (b[p] == b'"' || b[p] == b'\'') {
                    let q = b[p];
                    let v_start = p + 1;
                    let v_end = html[v_start..]
                        .bytes()
                        .position(|c| c == q)
                        .map_or(html.len(), |e| v_start + e);
                    value = decode_entities(&html[v_start..v_end]);
                    p = (v_end + 1).min(html.len());
                } else {
                    let v_start = p;
                    while p < b.len() && !b[p].is_ascii_whitespace() && b[p] != b'>' {
                        p += 1;
                    }
                    value = decode_entities(&html[v_start..p]);
                }
            }
            attrs.push((an, value));
        }
        let tag = Tag {
            name: name.clone(),
            closing,
            attrs,
            start,
            end: p,
        };
        out.push(tag);
        i = p;
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

/// A link found in a page.
#[derive(Debug, Clone)]
pub struct Link {
    /// The attribute it was found in (`href` or `src`) and its tag.
    pub attr: String,
    /// The tag name.
    pub tag: String,
    /// The value as written (entities decoded).
    pub raw: String,
    /// For a relative link: the path it leads to under the output folder,
    /// `..` resolved; `None` when it climbs out of the output folder.
    pub target: Option<String>,
    /// The `#fragment`, percent-decoded.
    pub fragment: Option<String>,
}

impl Link {
    /// True for links to other hosts or other schemes.
    pub fn is_external(&self) -> bool {
        let r = self.raw.as_str();
        r.starts_with("//")
            || r.split_once(':').is_some_and(|(scheme, _)| {
                !scheme.is_empty()
                    && !scheme.contains('/')
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            })
    }

    /// True for `#fragment` links within the same page.
    pub fn is_same_page(&self) -> bool {
        self.raw.starts_with('#')
    }
}

/// Resolves the relative `href` written in the page at `page` (a path under
/// the output folder) to a path under the output folder.
pub fn resolve(page: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(percent_decode(&parts.join("/")))
}

/// One HTML page of a built site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under the output folder.
    pub rel: String,
    /// The HTML.
    pub html: String,
    /// Its tags.
    pub tags: Vec<Tag>,
}

impl Page {
    /// Parses a page.
    pub fn new(rel: &str, html: String) -> Page {
        let tags = tags(&html);
        Page {
            rel: rel.to_string(),
            html,
            tags,
        }
    }

    /// True when an element has `id`.
    pub fn has_id(&self, id: &str) -> bool {
        self.tags.iter().any(|t| t.attr("id") == Some(id))
    }

    /// Every `href` and `src` of the page.
    pub fn links(&self) -> Vec<Link> {
        links_in(&self.rel, &self.tags)
    }

    /// The paths (under the output folder) that this page links to.
    pub fn targets(&self) -> BTreeSet<String> {
        self.links()
            .into_iter()
            .filter(|l| !l.is_external() && !l.is_same_page())
            .filter_map(|l| l.target)
            .collect()
    }

    /// True when the page links to the page at `path`.
    pub fn links_to(&self, path: &str) -> bool {
        self.targets().contains(path)
    }

    /// The element with `id`, as a page of its own (same `rel`), from its
    /// start tag to its matching end tag.
    pub fn element(&self, id: &str) -> Option<Page> {
        let (k, open) = self
            .tags
            .iter()
            .enumerate()
            .find(|(_, t)| !t.closing && t.attr("id") == Some(id))?;
        let mut depth = 0usize;
        let mut end = self.html.len();
        for t in &self.tags[k + 1..] {
            if t.name != open.name {
                continue;
            }
            if !t.closing {
                depth += 1;
            } else if depth == 0 {
                end = t.end;
                break;
            } else {
                depth -= 1;
            }
        }
        Some(Page::new(&self.rel, self.html[open.start..end].to_string()))
    }

    /// The visible text: tags removed, entities decoded, white space
    /// collapsed to single spaces.
    pub fn text(&self) -> String {
        let mut raw = String::new();
        let mut pos = 0;
        let mut skip_until: Option<String> = None;
        for t in &self.tags {
            if skip_until.is_none() {
                raw.push_str(&self.html[pos..t.start]);
            }
            raw.push(' ');
            pos = t.end;
            match &skip_until {
                Some(n) if t.closing && *n == t.name => skip_until = None,
                None if !t.closing && matches!(t.name.as_str(), "script" | "style" | "title") => {
                    skip_until = Some(t.name.clone())
                }
                _ => {}
            }
        }
        if pos < self.html.len() {
            raw.push_str(&self.html[pos..]);
        }
        decode_entities(&raw)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Asserts that the visible text contains `needle`.
    #[track_caller]
    pub fn assert_text(&self, needle: &str) {
        let text = self.text();
        assert!(
            text.contains(needle),
            "{} should show {needle:?}; its text is:\n{text}",
            self.rel
        );
    }

    /// Asserts that the page links to `path`.
    #[track_caller]
    pub fn assert_links_to(&self, path: &str) {
        assert!(
            self.links_to(path),
            "{} should link to {path}; it links to:\n{:#?}",
            self.rel,
            self.targets()
        );
    }
}

fn links_in(page: &str, tags: &[Tag]) -> Vec<Link> {
    let mut out = Vec::new();
    for t in tags.iter().filter(|t| !t.closing) {
        for (name, value) in &t.attrs {
            if name != "href" && name != "src" {
                continue;
            }
            let fragment = value.split_once('#').map(|(_, f)| percent_decode(f));
            let mut l = Link {
                attr: name.clone(),
                tag: t.name.clone(),
                raw: value.clone(),
                target: None,
                fragment,
            };
            if !l.is_external() && !l.is_same_page() {
                l.target = resolve(page, value);
            }
            out.push(l);
        }
    }
    out
}

/// A built site read back from disk.
pub struct Site {
    /// Every file, by path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The HTML pages, by path.
    pub pages: BTreeMap<String, Page>,
}

impl Site {
    /// Reads the site in `out`.
    pub fn read(out: &Path) -> Site {
        let files = read_tree(out);
        let pages = files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| {
                let html =
                    String::from_utf8(b.clone()).unwrap_or_else(|_| panic!("{p} is not UTF-8"));
                (p.clone(), Page::new(p, html))
            })
            .collect();
        Site { files, pages }
    }

    /// The page at `rel`; panics when there is none.
    #[track_caller]
    pub fn page(&self, rel: &str) -> &Page {
        self.pages.get(rel).unwrap_or_else(|| {
            panic!(
                "there is no page {rel}; the pages are:\n{:#?}",
                self.pages.keys()
            )
        })
    }

    /// Every broken or badly formed link of the site, as readable lines.
    pub fn link_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for page in self.pages.values() {
            for l in page.links() {
                let at = format!("{}: {}=\"{}\"", page.rel, l.attr, l.raw);
                if l.is_external() {
                    let lower = l.raw.to_ascii_lowercase();
                    let fetches =
                        l.attr == "src" || (l.tag == "link" && !is_navigation_link(&page.tags, &l));
                    if fetches && (lower.starts_with("http") || lower.starts_with("//")) {
                        problems.push(format!("{at}: fetches a resource from another host"));
                    }
                    continue;
                }
                if l.raw.is_empty() {
                    problems.push(format!("{at}: empty link"));
                    continue;
                }
                if l.is_same_page() {
                    if let Some(f) = l.fragment.as_deref().filter(|f| !f.is_empty()) {
                        if !page.has_id(f) {
                            problems.push(format!("{at}: no element has id=\"{f}\""));
                        }
                    }
                    continue;
                }
                let path_part = l.raw.split(['#', '?']).next().unwrap_or("");
                if l.raw.starts_with('/') {
                    problems.push(format!("{at}: starts with `/` (links must be relative)"));
                    continue;
                }
                if path_part.ends_with('/') || path_part.is_empty() {
                    problems.push(format!("{at}: does not name its file"));
                    continue;
                }
                let Some(target) = &l.target else {
                    problems.push(format!("{at}: climbs out of the output folder"));
                    continue;
                };
                if !self.files.contains_key(target) {
                    problems.push(format!("{at}: {target} does not exist"));
                    continue;
                }
                if let Some(f) = l.fragment.as_deref().filter(|f| !f.is_empty()) {
                    match self.pages.get(target) {
                        Some(p) if p.has_id(f) => {}
                        Some(_) => problems.push(format!("{at}: {target} has no id=\"{f}\"")),
                        None => problems.push(format!("{at}: {target} is not a page")),
                    }
                }
            }
        }
        problems
    }

    /// Asserts that every link of the site leads somewhere.
    #[track_caller]
    pub fn assert_links_ok(&self) {
        let problems = self.link_problems();
        assert!(
            problems.is_empty(),
            "{} link problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

/// `<link rel="canonical">` and `rel="alternate"` name an address without
/// fetching it.
fn is_navigation_link(tags: &[Tag], l: &Link) -> bool {
    tags.iter().any(|t| {
        t.name == "link"
            && t.attr("href") == Some(l.raw.as_str())
            && t.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .all(|w| matches!(w, "canonical" | "alternate" | "author" | "license"))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanner_reads_attributes_ids_and_text() {
        let p = Page::new(
            "a/b/index.html",
            "<!doctype html><p id=\"x\" class=a>Hi &amp; <a href='..&#x2F;c.html#%EA%B0%95'>there</a></p><script>if (a<b) {}</script><div id=\"y\"><div>in</div>out</div>".into(),
        );
        assert!(p.has_id("x"));
        assert_eq!(p.text(), "Hi & there in out");
        let links = p.links();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target.as_deref(), Some("a/c.html"));
        assert_eq!(links[0].fragment.as_deref(), Some("강"));
        assert_eq!(p.element("y").unwrap().text(), "in out");
        assert_eq!(resolve("index.html", "../x.html"), None);
    }

    #[test]
    fn the_link_checker_finds_every_kind_of_broken_link() {
        let tmp = tempfile::tempdir().unwrap();
        let page = |rel: &str, html: &str| {
            let p = tmp.path().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, html).unwrap();
        };
        page("a/index.html", "<h2 id=\"there\">There</h2>");
        page("style.css", "");
        page(
            "index.html",
            concat!(
                "<link rel=\"stylesheet\" href=\"style.css\">",
                "<link rel=\"canonical\" href=\"https://example.org/\">",
                "<a href=\"a/index.html\">ok</a>",
                "<a href=\"a&#x2F;index.html#there\">ok</a>",
                "<a href=\"https://example.org/x/\">ok</a>",
                "<a href=\"mailto:x@example.org\">ok</a>",
                "<a href=\"#top\" id=\"top\">ok</a>",
                // Broken, one way each:
                "<a href=\"missing.html\">1</a>",
                "<a href=\"/a/index.html\">2</a>",
                "<a href=\"a/\">3</a>",
                "<a href=\"a/index.html#nowhere\">4</a>",
                "<a href=\"#nowhere\">5</a>",
                "<a href=\"../outside.html\">6</a>",
                "<img src=\"https://cdn.example.org/x.png\">",
                "<link rel=\"stylesheet\" href=\"//cdn.example.org/x.css\">",
                "<script src=\"http://cdn.example.org/x.js\"></script>",
            ),
        );
        let site = Site::read(tmp.path());
        let problems = site.link_problems();
        assert_eq!(problems.len(), 9, "{problems:#?}");
        for (n, needle) in [
            "missing.html does not exist",
            "starts with `/`",
            "does not name its file",
            "has no id=\"nowhere\"",
            "no element has id=\"nowhere\"",
            "climbs out",
            "x.png\": fetches",
            "x.css\": fetches",
            "x.js\": fetches",
        ]
        .iter()
        .enumerate()
        {
            assert!(
                problems.iter().any(|p| p.contains(needle)),
                "{n}: {needle} not in {problems:#?}"
            );
        }
    }
}
