//! Splitting a content file into YAML front matter and Markdown body, and
//! finding where in the front matter a given field is written.

use std::ops::Range;

/// The two parts of a content file, as byte ranges of the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the `---` lines.
    pub front_matter: Range<usize>,
    /// The Markdown after the closing `---` line.
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file has nothing in it (or only white space).
    Empty,
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line.
    Unclosed,
}

/// Splits `text` (BOM already removed) at its `---` lines.
pub fn split(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = LineIter::new(text);
    let Some((first, first_end)) = lines.next() else {
        return Err(SplitError::Empty);
    };
    if text[first.clone()].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let fm_start = first_end;
    for (line, line_end) in lines {
        if text[line.clone()].trim_end() == "---" {
            return Ok(Split {
                front_matter: fm_start..line.start,
                body: line_end..text.len(),
            });
        }
    }
    Err(SplitError::Unclosed)
}

/// Lines as (range without the line break, offset after the line break).
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str) -> Self {
        LineIter { text, pos: 0 }
    }
}

impl Iterator for LineIter<'_> {
    type Item = (Range<usize>, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (len, brk) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        let mut content_end = self.pos + len;
        if content_end > self.pos && self.text.as_bytes()[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let range = self.pos..content_end;
        self.pos += len + brk;
        Some((range, self.pos))
    }
}

/// One step of a path to a value inside the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A mapping key.
    Key(&'static str),
    /// An item of a sequence.
    Index(usize),
}

/// A path like `figures[1].source`.
pub type YamlPath = Vec<Seg>;

/// Renders a path for messages: `figures[1].source`.
pub fn path_display(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{}]", i + 1)),
        }
    }
    s
}

struct Line {
    start: usize,
    indent: usize,
    text_end: usize,
}

/// A value's text without a trailing `# comment` (a `#` after a space,
/// outside quotes) and without trailing spaces.
fn without_comment(v: &str) -> &str {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut prev = ' ';
    for (i, c) in v.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && prev.is_whitespace() && i > 0 => {
                return v[..i].trim_end();
            }
            _ => {}
        }
        prev = c;
    }
    v.trim_end()
}

/// Finds where the value at `path` is written in the front matter `fm`,
/// returning a byte range relative to `fm`. Works on the block and flow
/// styles writers use; when a path cannot be followed to its end, the range
/// of the deepest part found is returned.
pub fn locate(fm: &str, path: &[Seg]) -> Option<Range<usize>> {
    let lines: Vec<Line> = LineIter::new(fm)
        .map(|(r, _)| {
            let t = &fm[r.clone()];
            Line {
                start: r.start,
                indent: t.len() - t.trim_start_matches(' ').len(),
                text_end: r.end,
            }
        })
        .collect();
    // A block: lines [from, to), whose keys sit at column `col`; the first
    // line's key may start after a `- ` marker.
    let mut block = (0usize, lines.len(), 0usize);
    let mut found: Option<Range<usize>> = None;
    let mut i = 0;
    while i < path.len() {
        let (from, to, col) = block;
        match &path[i] {
            Seg::Key(key) => {
                let Some(hit) = (from..to).find(|&n| {
                    let l = &lines[n];
                    let c = if n == from { col } else { l.indent };
                    if c != col || l.start + c > l.text_end {
                        return false;
                    }
                    let t = &fm[l.start + c..l.text_end];
                    let t = t.strip_prefix('"').unwrap_or(t);
                    t.strip_prefix(key)
                        .is_some_and(|r| r.trim_start_matches('"').trim_start().starts_with(':'))
                }) else {
                    return found;
                };
                let l = &lines[hit];
                let key_start = l.start + if hit == from { col } else { l.indent };
                let line_text = &fm[key_start..l.text_end];
                let colon = line_text.find(':').unwrap_or(0);
                let after = &line_text[colon + 1..];
                let value_rel = colon + 1 + (after.len() - after.trim_start().len());
                let value = key_start + value_rel..l.text_end;
                let value_text = without_comment(&fm[value.clone()]);
                let inline = !value_text.is_empty() && !value_text.starts_with('#');
                if i + 1 == path.len() {
                    return Some(if inline {
                        value.start..value.start + value_text.len()
                    } else {
                        key_start..key_start + key.len()
                    });
                }
                found = Some(key_start..key_start + key.len());
                if inline {
                    if let Some(Seg::Index(n)) = path.get(i + 1) {
                        let r = flow_item(value_text, *n)
                            .map(|r| value.start + r.start..value.start + r.end);
                        return r.or(found);
                    }
                    return found;
                }
                // The child block: following lines indented deeper, or
                // sequence items at the same indent.
                let key_indent = key_start - l.start;
                let mut end = hit + 1;
                while end < to {
                    let ln = &lines[end];
                    let t = &fm[ln.start..ln.text_end];
                    let blank = t.trim().is_empty() || t.trim_start().starts_with('#');
                    let seq_same = ln.indent == key_indent && t.trim_start().starts_with("- ");
                    if !(blank || ln.indent > key_indent || seq_same || t.trim_start() == "-") {
                        break;
                    }
                    end += 1;
                }
                let first = (hit + 1..end).find(|&n| {
                    let t = &fm[lines[n].start..lines[n].text_end];
                    !(t.trim().is_empty() || t.trim_start().starts_with('#'))
                });
                let Some(first) = first else { return found };
                block = (first, end, lines[first].indent);
            }
            Seg::Index(n) => {
                let items: Vec<usize> = (from..to)
                    .filter(|&k| {
                        let l = &lines[k];
                        let t = &fm[l.start..l.text_end];
                        l.indent == col && (t.trim_start().starts_with("- ") || t.trim() == "-")
                    })
                    .collect();
                let Some(&item) = items.get(*n) else {
                    return found;
                };
                let item_end = items.get(n + 1).copied().unwrap_or(to);
                let l = &lines[item];
                let content_col = l.indent + 2;
                let item_text = fm.get(l.start + content_col.min(l.text_end - l.start)..l.text_end);
                let item_range = l.start + l.indent..l.text_end;
                if i + 1 == path.len() {
                    return Some(match item_text {
                        Some(t) if !t.trim().is_empty() => {
                            let s = l.start + content_col;
                            s..s + t.trim_end().len()
                        }
                        _ => item_range,
                    });
                }
                found = Some(item_range);
                block = (item, item_end, content_col);
            }
        }
        i += 1;
    }
    found
}

/// Where the value at `path` is written in a file whose front matter is
/// `fm` (a byte range of `text`), as a byte range of the whole file; the
/// opening `---` when it cannot be found.
pub fn locate_in(text: &str, fm: Range<usize>, path: &[Seg]) -> Range<usize> {
    match text.get(fm.clone()).and_then(|f| locate(f, path)) {
        Some(r) => fm.start + r.start..fm.start + r.end,
        None => 0..3,
    }
}

/// The range of the `n`-th item of a flow sequence `[a, b, c]`.
fn flow_item(text: &str, n: usize) -> Option<Range<usize>> {
    let open = text.find('[')?;
    let close = text.rfind(']').unwrap_or(text.len());
    if close <= open {
        return None;
    }
    let inner = &text[open + 1..close];
    let mut start = 0;
    let mut idx = 0;
    let mut quote: Option<char> = None;
    for (p, ch) in inner
        .char_indices()
        .chain(std::iter::once((inner.len(), ',')))
    {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(ch),
            (None, ',') => {
                if idx == n {
                    let item = &inner[start..p];
                    let lead = item.len() - item.trim_start().len();
                    let s = open + 1 + start + lead;
                    return Some(s..s + item.trim().len());
                }
                idx += 1;
                start = p + 1;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seg::{Index, Key};

    #[test]
    fn splits_front_matter_and_body() {
        let t = "---\ntitle: A\n---\nBody\n";
        let s = split(t).unwrap();
        assert_eq!(&t[s.front_matter], "title: A\n");
        assert_eq!(&t[s.body], "Body\n");
    }

    #[test]
    fn splits_crlf() {
        let t = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(t).unwrap();
        assert_eq!(&t[s.front_matter], "title: A\r\n");
        assert_eq!(&t[s.body], "Body\r\n");
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }

    const FM: &str = "title: A\nwaves: [one, \"two\", three]\nfigures:\n  - label: x\n    source: s1\n  - label: y\n    source: s2\nactors:\n- a\n- b\n";

    fn at(path: &[Seg]) -> &'static str {
        let r = locate(FM, path).unwrap();
        &FM[r]
    }

    #[test]
    fn locates_scalars_flow_and_block_items() {
        assert_eq!(at(&[Key("title")]), "A");
        assert_eq!(at(&[Key("waves"), Index(1)]), "\"two\"");
        assert_eq!(at(&[Key("waves"), Index(2)]), "three");
        assert_eq!(at(&[Key("figures"), Index(1), Key("source")]), "s2");
        assert_eq!(at(&[Key("figures"), Index(0), Key("label")]), "x");
        assert_eq!(at(&[Key("actors"), Index(1)]), "b");
        assert_eq!(at(&[Key("figures")]), "figures");
    }

    #[test]
    fn falls_back_to_the_deepest_part_found() {
        assert_eq!(at(&[Key("figures"), Index(1), Key("note")]), "- label: y");
        assert!(locate(FM, &[Key("missing")]).is_none());
    }

    #[test]
    fn path_display_is_one_based() {
        assert_eq!(
            path_display(&[Key("figures"), Index(0), Key("source")]),
            "figures[1].source"
        );
    }
}
