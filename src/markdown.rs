//! Markdown bodies to HTML: a pure step per entry. Citations `[@slug]`
//! become numbered links to the page's own source list; relative links to
//! other entries' `.md` files become links to their pages; headings get the
//! contract's anchors; fenced code is highlighted with CSS classes.
//!
//! What a body refers to is returned alongside the HTML, so the archive can
//! check it against every other entry afterwards without parsing again.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diag::Diagnostic;
use crate::model::entities::{Body, Cite, EntryLink, Kind};

/// The prefix of syntax-highlighting classes; the theme's CSS uses it.
pub const HIGHLIGHT_PREFIX: &str = "hl-";

const CITE_SCHEME: &str = "girok-cite:";

/// The file whose body is rendered.
pub struct BodyInput<'a> {
    /// Path relative to the archive root, e.g. `content/briefings/a.md`.
    pub rel: &'a str,
    /// The whole file text.
    pub text: &'a Arc<String>,
    /// The body's byte range in `text`.
    pub body: Range<usize>,
    /// Keep raw HTML as written instead of sanitising it.
    pub allow_raw_html: bool,
}

/// The anchor of a heading: lower-cased, runs of anything that is not a
/// letter or digit turned into one `-`, no `-` at either end.
pub fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Loads the syntax definitions for highlighting code, if they are not
/// loaded yet (otherwise the first code block does it).
pub fn prepare() {
    syntax_set();
}

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn highlight(code: &str, lang: &str) -> String {
    let lang_class = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>();
    let ss = syntax_set();
    let syntax = if lang.is_empty() {
        None
    } else {
        ss.find_syntax_by_token(lang)
    };
    let inner = syntax.and_then(|syntax| {
        let mut gen = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            ss,
            ClassStyle::SpacedPrefixed {
                prefix: HIGHLIGHT_PREFIX,
            },
        );
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(gen.finalize())
    });
    let inner = inner.unwrap_or_else(|| escape_html(code));
    if lang_class.is_empty() {
        ["<pre class=\"code\"><code>", &inner, "</code></pre>\n"].concat()
    } else {
        [
            "<pre class=\"code\"><code class=\"language-",
            &lang_class,
            "\">",
            &inner,
            "</code></pre>\n",
        ]
        .concat()
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped for HTML content and attribute values.
/// Runs of text without anything to escape are copied whole. Every value
/// a page shows goes through here, so the five characters are found with
/// memchr's vectorised search (two searches, each redone only once its
/// character is passed) rather than byte by byte. Most values are short
/// (a title, a name) and have none: those are first read eight bytes at a
/// time, which costs less than setting up the two searches.
pub fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    if bytes.len() <= 64 && !has_html_special(bytes) {
        out.push_str(s);
        return;
    }
    let markup = |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|i| from + i);
    let quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|i| from + i);
    let (mut next_markup, mut next_quote) = (markup(0), quote(0));
    let mut start = 0;
    loop {
        let i = match (next_markup, next_quote) {
            (Some(m), Some(q)) => m.min(q),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        // The five characters are ASCII, so `i` is a character boundary.
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
        if next_markup == Some(i) {
            next_markup = markup(start);
        } else {
            next_quote = quote(start);
        }
    }
    out.push_str(&s[start..]);
}

/// Whether `bytes` holds one of the five characters HTML escapes, read
/// eight bytes at a time.
fn has_html_special(bytes: &[u8]) -> bool {
    use crate::lanes::{equal, word_at};
    let mut words = bytes.chunks_exact(8);
    if words.by_ref().filter_map(word_at).any(|w| {
        equal(w, b'&') | equal(w, b'<') | equal(w, b'>') | equal(w, b'"') | equal(w, b'\'') != 0
    }) {
        return true;
    }
    words
        .remainder()
        .iter()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
}

/// How many words `str::split_whitespace` finds in `s`. Runs of eight
/// ASCII bytes are read as one word of 64 bits, a lane a byte: each body's
/// words are counted for its reading time.
fn count_words(s: &str) -> usize {
    use crate::lanes::{HI, LO};
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let bytes = s.as_bytes();
    let (mut n, mut after_space, mut i) = (0, true, 0);
    while i < bytes.len() {
        if let Some(lanes) = bytes
            .get(i..i + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
        {
            let x = u64::from_le_bytes(lanes);
            if x & HI == 0 {
                // Every lane is below 0x80, so no sum below carries into
                // the next lane. White space: a lane from 9 to 13, or 32.
                let from_9 = x.wrapping_add(0x77 * LO) & HI;
                let from_14 = x.wrapping_add(0x72 * LO) & HI;
                let y = x ^ (0x20 * LO);
                let not_space = (((y & LOW7).wrapping_add(LOW7)) | y) & HI;
                let space = (from_9 & !from_14) | (!not_space & HI);
                let before = (space << 8) | if after_space { 0x80 } else { 0 };
                n += (!space & HI & before).count_ones() as usize;
                after_space = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        let (space, len) = match bytes[i] {
            b if b.is_ascii() => (matches!(b, b'\t'..=b'\r' | b' '), 1),
            _ => match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            },
        };
        n += usize::from(!space && after_space);
        after_space = space;
        i += len;
    }
    n
}

/// Where a relative link from a content file leads.
enum LinkTarget {
    Entry(Kind, String, Option<String>),
    Static(String),
    Outside,
}

/// Resolves `href` written in `rel` (a path under `content/`).
fn resolve_relative(rel: &str, href: &str) -> LinkTarget {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return LinkTarget::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    if parts.first() != Some(&"content") || parts.len() < 3 {
        return LinkTarget::Outside;
    }
    if parts[1] == "static" {
        return LinkTarget::Static(parts[2..].join("/"));
    }
    let (Some(kind), Some(last)) = (Kind::from_dir(parts[1]), parts.last()) else {
        return LinkTarget::Outside;
    };
    match last.strip_suffix(".md") {
        Some(stem) => LinkTarget::Entry(kind, stem.to_string(), fragment),
        None => LinkTarget::Outside,
    }
}

fn is_relative(href: &str) -> bool {
    !(href.is_empty()
        || href.starts_with('#')
        || href.starts_with('/')
        || href.starts_with("//")
        || href.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        }))
}

/// Parses the inside of a `[@...]` citation: `@a, p. 2; @b`.
fn parse_cites(reference: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    for part in reference.split(';') {
        let part = part.trim().strip_prefix('@')?;
        let (slug, locator) = match part.split_once(',') {
            Some((s, l)) => (
                s.trim(),
                Some(l.trim().to_string()).filter(|l| !l.is_empty()),
            ),
            None => (part.trim(), None),
        };
        if slug.is_empty() || slug.contains(char::is_whitespace) {
            return None;
        }
        out.push((slug.to_string(), locator));
    }
    (!out.is_empty()).then_some(out)
}

/// The Markdown extensions bodies use.
fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options
}

/// Turns an unresolved `[@...]` into a link to [`CITE_SCHEME`], its text in
/// the title, so that citations arrive as links.
fn cite_link<'s>(link: BrokenLink<'_>) -> Option<(CowStr<'s>, CowStr<'s>)> {
    let r = link.reference.trim();
    if r.starts_with('@') {
        Some((CowStr::Borrowed(CITE_SCHEME), CowStr::from(r.to_string())))
    } else {
        None
    }
}

/// Whether a link is a citation made by [`cite_link`].
fn is_cite(link_type: LinkType, dest_url: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest_url == CITE_SCHEME
}

/// A body's Markdown as plain text, for the search index and feed
/// summaries: the words of its paragraphs, headings, lists, quotes, tables
/// and links, without citations or code blocks. `render` makes the same
/// text as it reads the body (`Body::text`).
pub fn plain_text(src: &str) -> String {
    let mut callback = cite_link;
    let parser = Parser::new_with_broken_link_callback(src, options(), Some(&mut callback));
    let mut text = PlainText::with_capacity(src.len());
    for event in parser {
        text.add(&event);
    }
    text.text
}

/// Plain text gathered from a body's events, as [`plain_text`] describes.
struct PlainText {
    text: String,
    skip_cite_depth: usize,
    in_code: bool,
}

impl PlainText {
    fn with_capacity(n: usize) -> PlainText {
        PlainText {
            text: String::with_capacity(n),
            skip_cite_depth: 0,
            in_code: false,
        }
    }

    fn add(&mut self, event: &Event<'_>) {
        let text = &mut self.text;
        if self.skip_cite_depth > 0 {
            match event {
                Event::Start(Tag::Link { .. }) => self.skip_cite_depth += 1,
                Event::End(TagEnd::Link) => self.skip_cite_depth -= 1,
                _ => {}
            }
            return;
        }
        if self.in_code {
            self.in_code = !matches!(event, Event::End(TagEnd::CodeBlock));
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if is_cite(*link_type, dest_url) => self.skip_cite_depth = 1,
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !text.ends_with(' ') => text.push(' '),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
}

/// Renders one body. Page URLs in the output are relative to an entry page
/// (`<kind>/<slug>/index.html`), two folders below the site root.
pub fn render(input: &BodyInput<'_>) -> (Body, Vec<Diagnostic>) {
    const ROOT: &str = "../../";
    let src = &input.text[input.body.clone()];
    let base = input.body.start;
    let mut diags = Vec::new();
    let mut callback = cite_link;
    let parser = Parser::new_with_broken_link_callback(src, options(), Some(&mut callback));

    let mut body = Body::default();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut occurrences: HashMap<usize, usize> = HashMap::new();
    let mut used_anchors: HashMap<String, usize> = HashMap::new();
    // About one event for every 16 bytes of Markdown.
    let mut out: Vec<Event<'_>> = Vec::with_capacity(src.len() / 16);
    let mut raw_html = false;

    // State for constructs that span several events.
    let mut heading: Option<(HeadingLevel, Vec<Event<'_>>, String)> = None;
    let mut code: Option<(String, String)> = None;
    let mut skip_cite_depth = 0usize;
    let mut link_stack: Vec<bool> = Vec::new();
    // An image being read: where it is, and its alt text so far.
    let mut image: Option<(Range<usize>, String)> = None;
    let mut plain = PlainText::with_capacity(src.len());

    for (event, range) in parser.into_offset_iter() {
        plain.add(&event);
        let span = base + range.start..base + range.end;
        match &event {
            Event::Start(Tag::Image { .. }) => image = Some((span.clone(), String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        diags.push(
                            Diagnostic::warning("image-without-alt", "this image has no text for readers who cannot see it")
                                .at(input.rel, input.text, at)
                                .help("say what the image shows between the brackets: ![Map of the border crossings](map.png)"),
                        );
                    }
                }
            }
            _ => {}
        }
        if skip_cite_depth > 0 {
            match event {
                Event::Start(Tag::Link { .. }) => skip_cite_depth += 1,
                Event::End(TagEnd::Link) => skip_cite_depth -= 1,
                _ => {}
            }
            continue;
        }
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, text)) = code.take() {
                        out.push(Event::Html(CowStr::from(highlight(&text, &lang))));
                    }
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_cite(link_type, &dest_url) {
                    skip_cite_depth = 1;
                    match parse_cites(&title) {
                        Some(cites) => {
                            let mut html = String::with_capacity(128);
                            html.push_str("<sup class=\"cite\">[");
                            for (i, (slug, locator)) in cites.into_iter().enumerate() {
                                let next = numbers.len() + 1;
                                let n = *numbers.entry(slug.clone()).or_insert_with(|| {
                                    body.cited.push(slug.clone());
                                    next
                                });
                                let k = occurrences.entry(n).or_insert(0);
                                *k += 1;
                                if i > 0 {
                                    html.push_str("; ");
                                }
                                let mut nb = itoa::Buffer::new();
                                let ns = nb.format(n);
                                let mut kb = itoa::Buffer::new();
                                for part in [
                                    "<a href=\"#ref_",
                                    ns,
                                    "\" id=\"cite_",
                                    ns,
                                    "_",
                                    kb.format(*k),
                                    "\" aria-label=\"source ",
                                    ns,
                                    "\">",
                                    ns,
                                    "</a>",
                                ] {
                                    html.push_str(part);
                                }
                                if let Some(l) = &locator {
                                    html.push_str(", ");
                                    html.push_str(&escape_html(l));
                                }
                                body.cites.push(Cite {
                                    slug,
                                    locator,
                                    span: span.clone(),
                                });
                            }
                            html.push_str("]</sup>");
                            emit(
                                &mut heading,
                                &mut out,
                                Event::InlineHtml(CowStr::from(html)),
                            );
                        }
                        None => {
                            diags.push(
                                Diagnostic::error("bad-citation", format!("cannot read the citation `[{title}]`"))
                                    .at(input.rel, input.text, span.clone())
                                    .help("write citations as [@source-slug] or [@source-slug, p. 2]; several as [@a; @b]"),
                            );
                            emit(
                                &mut heading,
                                &mut out,
                                Event::Text(CowStr::from(format!("[{title}]"))),
                            );
                        }
                    }
                    continue;
                }
                let dest_url = rewrite_href(input, &dest_url, &span, ROOT, &mut body, &mut diags);
                let outbound = dest_url.starts_with("http://") || dest_url.starts_with("https://");
                link_stack.push(outbound);
                if outbound {
                    // Links to other hosts leak nothing about the reader.
                    let mut html = format!(
                        "<a href=\"{}\" rel=\"noreferrer noopener\"",
                        escape_html(&dest_url)
                    );
                    if !title.is_empty() {
                        html.push_str(&format!(" title=\"{}\"", escape_html(&title)));
                    }
                    html.push('>');
                    emit(
                        &mut heading,
                        &mut out,
                        Event::InlineHtml(CowStr::from(html)),
                    );
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(true) {
                    emit(
                        &mut heading,
                        &mut out,
                        Event::InlineHtml(CowStr::Borrowed("</a>")),
                    );
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Table(align)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">",
                )));
                out.push(Event::Start(Tag::Table(align)));
                continue;
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
                continue;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_href(input, &dest_url, &span, ROOT, &mut body, &mut diags);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                Event::Html(h)
            }
            other => other,
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::with_capacity(4), String::with_capacity(64)));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner, text)) = heading.take() {
                    let mut a = anchor(&text);
                    if a.is_empty() {
                        a = "section".to_string();
                    }
                    let count = used_anchors.entry(a.clone()).or_insert(0);
                    if *count > 0 {
                        a = format!("{a}-{count}");
                    }
                    *count += 1;
                    let lvl = level as u8;
                    body.anchors.push(a.clone());
                    body.toc.push((lvl, a.clone(), text.trim().to_string()));
                    let mut digit = itoa::Buffer::new();
                    let lvl = digit.format(lvl);
                    out.push(Event::Html(CowStr::from(
                        ["<h", lvl, " id=\"", &a, "\">"].concat(),
                    )));
                    out.extend(inner);
                    out.push(Event::Html(CowStr::from(["</h", lvl, ">\n"].concat())));
                }
            }
            e => {
                // The words `plain_text` keeps.
                if let Event::Text(t) | Event::Code(t) = &e {
                    body.words += count_words(t);
                    if let Some((_, _, text)) = heading.as_mut() {
                        text.push_str(t);
                    }
                }
                emit(&mut heading, &mut out, e);
            }
        }
    }

    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if let Some(first) = memchr::memmem::find(html.as_bytes(), ALIGN_STYLE.as_bytes()) {
        html = align_classes(&html, first);
    }
    if raw_html && !input.allow_raw_html {
        html = sanitize(&html);
    }
    // Every body stays in memory for the whole build: keep an exact copy,
    // without the room the buffer grew with (an allocator may keep a
    // shrunk buffer whole).
    body.html = exact(html);
    body.text = exact(plain.text);
    (body, diags)
}

/// How pulldown-cmark writes a table column's alignment.
const ALIGN_STYLE: &str = " style=\"text-align: ";

/// `html` with column alignments written as classes (` class="align-left"`
/// for ` style="text-align: left"`), so a strict Content-Security-Policy
/// holds; the first style is at byte `first`. One pass, as a body with an
/// aligned table has one on every cell.
fn align_classes(html: &str, first: usize) -> String {
    let finder = memchr::memmem::Finder::new(ALIGN_STYLE);
    let mut out = String::with_capacity(html.len());
    let (mut rest, mut at) = (html, Some(first));
    while let Some(i) = at {
        let after = &rest[i + ALIGN_STYLE.len()..];
        let align = ["left", "center", "right"]
            .into_iter()
            .find(|a| after.strip_prefix(a).is_some_and(|t| t.starts_with('"')));
        match align {
            Some(a) => {
                out.push_str(&rest[..i]);
                out.push_str(" class=\"align-");
                out.push_str(a);
                out.push('"');
                rest = &after[a.len() + 1..];
            }
            None => {
                out.push_str(&rest[..i + ALIGN_STYLE.len()]);
                rest = after;
            }
        }
        at = finder.find(rest.as_bytes());
    }
    out.push_str(rest);
    out
}

/// `s` in an allocation of its own length.
fn exact(s: String) -> String {
    if s.capacity() == s.len() {
        s
    } else {
        s.as_str().to_owned()
    }
}

/// Sends an event to the heading being collected, or to the output.
fn emit<'e>(
    heading: &mut Option<(HeadingLevel, Vec<Event<'e>>, String)>,
    out: &mut Vec<Event<'e>>,
    e: Event<'e>,
) {
    match heading.as_mut() {
        Some((_, inner, _)) => inner.push(e),
        None => out.push(e),
    }
}

fn rewrite_href<'e>(
    input: &BodyInput<'_>,
    href: &CowStr<'e>,
    span: &Range<usize>,
    root: &str,
    body: &mut Body,
    diags: &mut Vec<Diagnostic>,
) -> CowStr<'e> {
    if !is_relative(href) {
        return href.clone();
    }
    match resolve_relative(input.rel, href) {
        LinkTarget::Entry(kind, slug, fragment) => {
            let url = match &fragment {
                Some(f) => [root, kind.dir(), "/", &slug, "/index.html#", f].concat(),
                None => [root, kind.dir(), "/", &slug, "/index.html"].concat(),
            };
            body.links.push(EntryLink {
                kind,
                slug,
                fragment,
                span: span.clone(),
            });
            CowStr::from(url)
        }
        LinkTarget::Static(p) => {
            let url = CowStr::from([root, "static/", &p].concat());
            body.static_links.push((p, span.clone()));
            url
        }
        LinkTarget::Outside => {
            diags.push(
                Diagnostic::warning("link-outside", format!("the link `{href}` leads to no page of the site"))
                    .at(input.rel, input.text, span.clone())
                    .help("link to another entry's .md file (e.g. ../waves/x.md) or to a file under content/static/"),
            );
            href.clone()
        }
    }
}

/// Removes scripts, event handlers and `javascript:` links from HTML that
/// writers wrote by hand, keeping what girok itself generates.
fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes([
        "id",
        "class",
        "aria-label",
        "aria-hidden",
        "role",
        "tabindex",
    ]);
    b.add_tags([
        "sup",
        "sub",
        "figure",
        "figcaption",
        "details",
        "summary",
        "section",
    ]);
    b.link_rel(Some("noreferrer noopener"));
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts(text in "([a-z \t\n\r\u{0B}\u{0C}\u{1F}\u{7F}.]{0,20}|[a 한\u{3000}\u{00A0}\u{85}é]{0,4}){0,8}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    /// Escaping one character at a time: what push_escaped must give.
    fn escaped_slowly(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn alignments_become_classes_as_replacing_each_would_make_them() {
        let slowly = |html: &str| {
            let mut html = html.to_string();
            for a in ["left", "center", "right"] {
                html = html.replace(
                    &format!(" style=\"text-align: {a}\""),
                    &format!(" class=\"align-{a}\""),
                );
            }
            html
        };
        for html in [
            "<th style=\"text-align: left\">a</th><td style=\"text-align: right\">1</td>",
            "<td style=\"text-align: center\">x</td><td style=\"text-align: justify\">y</td>",
            "<td style=\"text-align: left\"",
            "<td style=\"text-align: leftish\">z</td><td style=\"text-align: ",
            "한 style=\"text-align: right\" 국 style=\"text-align: right\"",
        ] {
            let first = html.find(ALIGN_STYLE).unwrap_or(0);
            assert_eq!(align_classes(html, first), slowly(html), "{html}");
        }
        let (b, _) = render_str("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(
            b.html.contains("<th class=\"align-left\">a</th>"),
            "{}",
            b.html
        );
        assert!(
            b.html.contains("<td class=\"align-center\">2</td>"),
            "{}",
            b.html
        );
        assert!(
            b.html.contains("<td class=\"align-right\">3</td>"),
            "{}",
            b.html
        );
        assert!(!b.html.contains("style="), "{}", b.html);
    }

    #[test]
    fn escaping_finds_every_special_character() {
        for s in [
            "",
            "plain",
            "&",
            "<>\"'&",
            "a'b\"c<d>e&f",
            "''\"\"<<&&",
            "China's <b>\"denial\"</b> & 한국어 'ok'",
            "x".repeat(100).as_str(),
        ] {
            assert_eq!(escape_html(s), escaped_slowly(s), "{s:?}");
        }
        // Each character at every place of short and long values, among
        // bytes one off from it.
        for len in 1..80 {
            for at in 0..len {
                for c in ['&', '<', '>', '"', '\''] {
                    let mut s: Vec<char> = (0..len)
                        .map(|k| char::from(b"%=;?!#(".get(k % 7).copied().unwrap_or(b'a')))
                        .collect();
                    s[at] = c;
                    let s: String = s.into_iter().collect();
                    assert_eq!(escape_html(&s), escaped_slowly(&s), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_the_same_as_one_character_at_a_time(s in "[a&<>\"'한 ]{0,300}") {
            proptest::prop_assert_eq!(escape_html(&s), escaped_slowly(&s));
        }
    }

    fn render_str(body: &str) -> (Body, Vec<Diagnostic>) {
        let text: Arc<String> = Arc::new(body.to_string());
        render(&BodyInput {
            rel: "content/briefings/a.md",
            text: &text,
            body: 0..body.len(),
            allow_raw_html: false,
        })
    }

    #[test]
    fn anchors_follow_the_contract() {
        assert_eq!(anchor("Who was returned"), "who-was-returned");
        assert_eq!(anchor("  What's next?  "), "what-s-next");
        assert_eq!(anchor("강제 북송: 2023"), "강제-북송-2023");
    }

    #[test]
    fn citations_are_numbered_in_order_of_first_use() {
        let (b, d) = render_str("A [@voa] b [@hrw, p. 2] c [@voa].\n");
        assert!(d.is_empty());
        assert_eq!(b.cited, vec!["voa", "hrw"]);
        assert_eq!(b.cites.len(), 3);
        assert!(
            b.html.contains("href=\"#ref_1\" id=\"cite_1_1\""),
            "{}",
            b.html
        );
        assert!(
            b.html
                .contains("href=\"#ref_2\" id=\"cite_2_1\" aria-label=\"source 2\">2</a>, p. 2"),
            "{}",
            b.html
        );
        assert!(b.html.contains("id=\"cite_1_2\""), "{}", b.html);
    }

    #[test]
    fn relative_links_point_at_pages() {
        let (b, _) = render_str("[w](../waves/oct.md#who-was-returned) ![m](../static/map.png)\n");
        assert!(
            b.html
                .contains("href=\"../../waves/oct/index.html#who-was-returned\""),
            "{}",
            b.html
        );
        assert!(
            b.html.contains("src=\"../../static/map.png\""),
            "{}",
            b.html
        );
        assert_eq!(b.links.len(), 1);
        assert_eq!(b.links[0].slug, "oct");
        assert_eq!(b.links[0].fragment.as_deref(), Some("who-was-returned"));
    }

    #[test]
    fn headings_get_unique_anchors() {
        let (b, _) = render_str("## Who\n\n## Who\n");
        assert_eq!(b.anchors, vec!["who", "who-1"]);
        assert!(b.html.contains("<h2 id=\"who-1\">Who</h2>"), "{}", b.html);
    }

    #[test]
    fn raw_html_is_sanitised() {
        let (b, _) = render_str(
            "<script>alert(1)</script>\n\n<a href=\"javascript:x\" onclick=\"y\">z</a>\n",
        );
        assert!(!b.html.contains("<script"), "{}", b.html);
        assert!(!b.html.contains("onclick"), "{}", b.html);
        assert!(!b.html.contains("javascript:"), "{}", b.html);
    }

    #[test]
    fn outbound_links_leak_nothing_and_tables_scroll() {
        let (b, _) =
            render_str("[x](https://example.org/a?b=1&c=2)\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n");
        assert!(
            b.html.contains(
                "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noreferrer noopener\">x</a>"
            ),
            "{}",
            b.html
        );
        assert!(b.html.contains("<div class=\"table-wrap\""), "{}", b.html);
        assert!(b.html.contains("class=\"align-right\""), "{}", b.html);
        assert!(!b.html.contains("style="), "{}", b.html);
    }

    #[test]
    fn citations_in_headings_stay_in_the_heading() {
        let (b, _) = render_str("## Numbers [@a]\n");
        assert!(
            b.html.starts_with("<h2 id=\"numbers\">Numbers <sup"),
            "{}",
            b.html
        );
    }

    #[test]
    fn plain_text_keeps_words_and_leaves_out_citations_and_code() {
        let md = "Some 600 people [@voa, p. 2] were [returned](../waves/oct.md).\n\
                  Soft break.\n\n```yaml\nlabel: hidden\n```\n\n- one\n- `two`\n\n\
                  > quoted &amp; said\n\n| a | b |\n|---|---|\n| c | d |\n\n\
                  ## Who was *returned*\n";
        assert_eq!(
            plain_text(md),
            "Some 600 people  were returned. Soft break. one two quoted & said \
             a b c d Who was returned "
        );
        assert_eq!(plain_text(""), "");
        // A heading's last word and the next paragraph's first stay apart.
        assert_eq!(
            plain_text("## Reactions\nBorder guards\n"),
            "Reactions Border guards "
        );
    }

    #[test]
    fn a_rendered_body_carries_its_plain_text() {
        for md in [
            "Some 600 people [@voa, p. 2] were [returned](../waves/oct.md).\nSoft break.\n",
            "```yaml\nlabel: hidden\n```\n\n- one\n- `two`\n\n> quoted &amp; said\n",
            "| a | b |\n|---|---|\n| c | d |\n\n## Who was *returned*\n\n![A map](m.svg)\n",
            "Text[^n] and [@a; @b] and [a link [inside]](x.md).\n\n[^n]: A note.\n",
            "",
        ] {
            assert_eq!(render_str(md).0.text, plain_text(md), "{md:?}");
        }
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let (b, _) = render_str("```rust\nfn main() {}\n```\n");
        assert!(b.html.contains("class=\"hl-"), "{}", b.html);
        assert!(!b.html.contains("style="), "{}", b.html);
    }
}
