//! A quick reader for the plain YAML that front matter is nearly always
//! written in, giving the same `serde_yaml::Value` as serde_yaml does.
//!
//! Front matter is a block mapping of `key: value` lines, with block lists
//! of `- key: value` items, one-line `[a, b]` lists, quoted and plain
//! scalars and `>-` / `|` block text. Reading that much needs no event
//! stream and no general scalar resolution, and at 10,000 briefings it is
//! several times quicker than the full parser.
//!
//! The reader is careful rather than complete: [`parse`] returns `None` as
//! soon as it meets anything it is not sure to read exactly as serde_yaml
//! would (anchors, tags, flow mappings, multi-line plain or quoted scalars,
//! rarely used escapes, numbers other than plain integers, duplicate keys,
//! any syntax error...), and the caller then hands the text to serde_yaml,
//! which reads it, or explains what is wrong with it. Tests compare the two
//! on generated documents.

use serde_yaml::{Mapping, Number, Value};

/// Reads `text` when it is plain front matter: a block mapping at column 0.
/// `None` means "not sure": use serde_yaml.
pub fn parse(text: &str) -> Option<Value> {
    if !plain_chars(text) {
        return None;
    }
    let mut lines = Vec::with_capacity(32);
    // The pieces `text.split('\n')` gives, found with memchr.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    for end in ends {
        let raw = &text[start..end];
        start = end + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let body = raw.trim_start_matches(' ');
        lines.push(Line {
            indent: raw.len() - body.len(),
            text: body,
            raw,
        });
    }
    let mut r = Reader {
        lines,
        pos: 0,
        depth: 0,
    };
    r.skip_blank();
    let first = r.lines.get(r.pos)?;
    if first.indent != 0 {
        return None;
    }
    let map = r.mapping(0)?;
    r.skip_blank();
    (r.pos == r.lines.len()).then_some(Value::Mapping(map))
}

/// Whether `text` has none of the characters the reader leaves to
/// serde_yaml: tabs, other control characters, a carriage return not
/// before a line feed, and the Unicode characters YAML treats as line
/// breaks, byte order marks or non-printable (C1 controls, U+2028, U+2029,
/// U+FEFF, U+FFFE, U+FFFF).
fn plain_chars(text: &str) -> bool {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\n' | b' '..=b'~' => {}
            b'\r' if b.get(i + 1) == Some(&b'\n') => {}
            0x00..=0x1f | 0x7f => return false,
            0xc2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => return false,
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                return false
            }
            0xef if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                return false
            }
            _ => {}
        }
    }
    true
}

struct Line<'a> {
    /// Spaces before the text.
    indent: usize,
    /// The line after its indent.
    text: &'a str,
    /// The whole line, without its line break.
    raw: &'a str,
}

impl Line<'_> {
    /// Empty, only spaces, or only a comment.
    fn is_blank(&self) -> bool {
        self.text.is_empty() || self.text.starts_with('#')
    }
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    /// How many mappings and lists the reader is inside.
    depth: usize,
}

/// Front matter nested deeper than this is left to serde_yaml (which has
/// a limit of its own), so that no text can exhaust the stack.
const MAX_DEPTH: usize = 32;

impl<'a> Reader<'a> {
    fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(Line::is_blank) {
            self.pos += 1;
        }
    }

    /// The next line that is not blank, without moving to it.
    fn peek(&mut self) -> Option<&Line<'a>> {
        self.skip_blank();
        self.lines.get(self.pos)
    }

    /// A block mapping whose keys sit at column `indent`.
    fn mapping(&mut self, indent: usize) -> Option<Mapping> {
        self.nest(|r| r.mapping_at(indent))
    }

    /// A list whose `-` markers sit at column `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Vec<Value>> {
        self.nest(|r| r.sequence_at(indent))
    }

    /// Reads one level deeper, if not too deep.
    fn nest<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let v = read(self);
        self.depth -= 1;
        v
    }

    fn mapping_at(&mut self, indent: usize) -> Option<Mapping> {
        let mut map = Mapping::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let text = line.text;
            let (key, rest) = split_key(text)?;
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.pos += 1;
                self.nested(indent)?
            } else {
                self.inline(rest, indent)?
            };
            // A key written twice is serde_yaml's to report.
            if map.insert(Value::String(key.to_string()), value).is_some() {
                return None;
            }
        }
        Some(map)
    }

    /// The value of a key written with nothing after its colon, whose
    /// mapping sits at column `indent`: a mapping or list on the next
    /// lines, or nothing.
    fn nested(&mut self, indent: usize) -> Option<Value> {
        let Some(next) = self.peek() else {
            return Some(Value::Null);
        };
        let (at, item) = (next.indent, is_item(next.text));
        if item && at >= indent {
            self.sequence(at).map(Value::Sequence)
        } else if at > indent {
            self.mapping(at).map(Value::Mapping)
        } else {
            Some(Value::Null)
        }
    }

    fn sequence_at(&mut self, indent: usize) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let after = line.text.get(1..)?;
            let text = after.trim_start_matches(' ');
            let col = indent + 1 + after.len() - text.len();
            if text.is_empty() || text.starts_with(['#', '|', '>']) || is_item(text) {
                return None;
            }
            if split_key(text).is_some() {
                // A mapping that starts on the item's line: read it as if
                // its first key were on a line of its own at that column.
                let raw = line.raw;
                self.lines[self.pos] = Line {
                    indent: col,
                    text,
                    raw,
                };
                items.push(Value::Mapping(self.mapping(col)?));
            } else {
                items.push(self.inline(text, indent)?);
            }
        }
        Some(items)
    }

    /// A value written after `key: ` or `- ` on the current line, in a
    /// block whose column is `indent`; moves past the lines it takes.
    fn inline(&mut self, text: &'a str, indent: usize) -> Option<Value> {
        let (value, rest) = match *text.as_bytes().first()? {
            b'|' | b'>' => return self.block_scalar(text, indent),
            b'"' => double_quoted(text)?,
            b'\'' => single_quoted(text)?,
            b'[' => flow_sequence(text)?,
            _ => (plain(block_plain(text)?)?, ""),
        };
        if !is_trail(rest) {
            return None;
        }
        self.pos += 1;
        // A line indented further would continue the value (or be an
        // error): either way serde_yaml's job.
        match self.peek() {
            Some(next) if next.indent > indent => None,
            _ => Some(value),
        }
    }

    /// A `|` or `>` scalar whose header is `header`, for a key or item in a
    /// block at column `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize) -> Option<Value> {
        let folded = header.starts_with('>');
        let mut rest = &header[1..];
        let chomp = match rest.as_bytes().first() {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            rest = &rest[1..];
        }
        if !(rest.is_empty() || is_trail(rest) && rest.starts_with(' ')) {
            return None;
        }
        let start = self.pos + 1;
        // The first line with text sets the content's column; blank lines
        // before it are left to serde_yaml.
        let first = self.lines.get(start)?;
        if first.raw.trim_start_matches(' ').is_empty() || first.indent <= indent {
            return None;
        }
        let col = first.indent;
        let mut parts: Vec<&str> = Vec::new();
        let mut end = start;
        let mut i = start;
        while let Some(line) = self.lines.get(i) {
            if line.text.is_empty() {
                // Spaces past the column would be text in a literal.
                if line.indent > col {
                    return None;
                }
                parts.push("");
            } else if line.indent >= col {
                if folded && line.indent > col {
                    return None;
                }
                parts.push(&line.raw[col..]);
                end = i + 1;
            } else if line.indent > indent {
                return None;
            } else {
                break;
            }
            i += 1;
        }
        // Blank lines after the last line of text are not part of it.
        let trailing = parts.len() - (end - start);
        parts.truncate(end - start);
        // Without a line break after the last line, or with kept blank
        // lines, the ending is serde_yaml's to work out.
        if end == self.lines.len() || (chomp == Chomp::Keep && trailing > 0) {
            return None;
        }
        let mut s = String::new();
        let mut blanks = 0;
        for (n, part) in parts.iter().enumerate() {
            if part.is_empty() {
                blanks += 1;
                continue;
            }
            if n > 0 {
                if folded {
                    if blanks == 0 {
                        s.push(' ');
                    }
                    s.extend(std::iter::repeat_n('\n', blanks));
                } else {
                    s.extend(std::iter::repeat_n('\n', blanks + 1));
                }
            }
            blanks = 0;
            s.push_str(part);
        }
        if chomp != Chomp::Strip {
            s.push('\n');
        }
        self.pos = end;
        Some(Value::String(s))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

/// Whether a line's text starts a list item (`- ` or a lone `-`).
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Splits `key: rest` when the key is a plain word (letters, digits, `_`
/// and `-`, starting with a letter or `_`) that serde_yaml reads as text.
/// `rest` is what follows the colon, without leading spaces.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    if !(b.first()?.is_ascii_alphabetic() || b[0] == b'_') {
        return None;
    }
    let len = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))?;
    if b[len] != b':' || !matches!(b.get(len + 1), None | Some(b' ')) {
        return None;
    }
    let key = &text[..len];
    if keyword(key).is_some() {
        return None;
    }
    Some((key, text[len + 1..].trim_start_matches(' ')))
}

/// What follows a value on its line: nothing, or spaces and a comment.
fn is_trail(rest: &str) -> bool {
    let t = rest.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < rest.len())
}

/// The null and true/false words of serde_yaml.
fn keyword(s: &str) -> Option<Value> {
    match s {
        "null" | "Null" | "NULL" | "~" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// A plain scalar in block context: its text up to a comment, when it is
/// one the reader can take whole.
fn block_plain(text: &str) -> Option<&str> {
    let end = find_pair(text, b' ', b'#').unwrap_or(text.len());
    let s = text[..end].trim_end_matches(' ');
    if find_pair(s, b':', b' ').is_some() || s.ends_with(':') {
        return None;
    }
    Some(s)
}

/// Where the byte `a` followed by the byte `b` first is in `text`: what
/// `text.find` gives for the two ASCII characters, found with memchr (the
/// rarer of the two is looked for: `#` or `:`) rather than a general
/// substring search set up for each short line.
fn find_pair(text: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (rare, offset) = if a == b' ' { (b, 1) } else { (a, 0) };
    let mut from = offset;
    while let Some(i) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(rare, rest))
    {
        let at = from + i - offset;
        if bytes.get(at) == Some(&a) && bytes.get(at + 1) == Some(&b) {
            return Some(at);
        }
        from += i + 1;
    }
    None
}

/// What serde_yaml makes of a plain scalar, for the scalars whose reading
/// is certain: the null and boolean words, text that starts with a letter,
/// plain integers, digits with a leading zero (text in YAML 1.2), and text
/// that starts with a digit but cannot be a number: dates, and slugs such
/// as `2023-10-shenyang`.
fn plain(s: &str) -> Option<Value> {
    if let Some(v) = keyword(s) {
        return Some(v);
    }
    let b = s.as_bytes();
    let c = *b.first()?;
    if c.is_ascii_alphabetic() || c >= 0x80 {
        return Some(Value::String(s.to_string()));
    }
    if b.iter().all(u8::is_ascii_digit) {
        if b.len() > 1 && c == b'0' {
            return Some(Value::String(s.to_string()));
        }
        return s
            .parse::<u64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    let date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    // serde_yaml tries integers (with 0x, 0o and 0b prefixes) and Rust's
    // floats, whose text holds only digits, `.`, `e`, `E`, `+` and `-`.
    let not_number = c.is_ascii_digit()
        && !(c == b'0' && b.get(1).is_some_and(u8::is_ascii_alphabetic))
        && b.iter()
            .any(|c| !matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'));
    (date || not_number).then(|| Value::String(s.to_string()))
}

/// A double-quoted scalar that closes on its line, and the rest of the
/// line. Only the common escapes are read.
fn double_quoted(text: &str) -> Option<(Value, &str)> {
    let inner = &text[1..];
    let bytes = inner.as_bytes();
    let mut s = String::new();
    // Runs between escapes are copied whole.
    let mut start = 0;
    loop {
        let i = start + memchr::memchr2(b'"', b'\\', &bytes[start..])?;
        s.push_str(&inner[start..i]);
        if bytes[i] == b'"' {
            return Some((Value::String(s), &inner[i + 1..]));
        }
        let e = inner[i + 1..].chars().next()?;
        s.push(match e {
            '"' | '\\' | '/' => e,
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            _ => return None,
        });
        start = i + 1 + e.len_utf8();
    }
}

/// A single-quoted scalar that closes on its line, and the rest of the
/// line.
fn single_quoted(text: &str) -> Option<(Value, &str)> {
    let mut s = String::new();
    let mut rest = &text[1..];
    loop {
        let i = rest.find('\'')?;
        s.push_str(&rest[..i]);
        if rest[i + 1..].starts_with('\'') {
            s.push('\'');
            rest = &rest[i + 2..];
        } else {
            return Some((Value::String(s), &rest[i + 1..]));
        }
    }
}

/// A `[a, "b"]` list of scalars that closes on its line, and the rest of
/// the line.
fn flow_sequence(text: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return Some((Value::Sequence(items), after));
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => double_quoted(rest)?,
            b'\'' => single_quoted(rest)?,
            _ => {
                let end = rest.find([',', ']'])?;
                let s = rest[..end].trim_end_matches(' ');
                if s.is_empty() || s.contains(['[', '{', '}', '#', ':']) {
                    return None;
                }
                (plain(s)?, &rest[end..])
            }
        };
        items.push(item);
        let after = after.trim_start_matches(' ');
        match after.as_bytes().first()? {
            b']' => return Some((Value::Sequence(items), &after[1..])),
            b',' => {
                rest = after[1..].trim_start_matches(' ');
                if rest.starts_with([']', ',']) {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yaml(text: &str) -> Option<Value> {
        serde_yaml::from_str::<Value>(text).ok()
    }

    /// Equal values, with mapping keys in the same order.
    fn same(a: &Value, b: &Value) -> bool {
        a == b && format!("{a:?}") == format!("{b:?}")
    }

    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(quick) = parse(text) {
            let full = yaml(text);
            prop_assert!(
                full.as_ref().is_some_and(|f| same(&quick, f)),
                "quick reading {quick:?} but serde_yaml {full:?} for\n{text}"
            );
        }
        Ok(())
    }

    #[test]
    fn reads_a_briefing_as_serde_yaml_does() {
        let text = "title: \"“No defectors here”: denials\"\ndate: 2012-01-07\nsummary: >-\n  Reports that about 101 were sent back,\n  with the two figures.\n\n  Second paragraph.\nauthors: [\"Lee Min-jun\", 'O''Brien']\nwaves: [2012-01-yanji-0904]\nfigures:\n  - label: \"강제북송\"\n    value: 414\n    approx: true\n    note: |\n      one\n      two\n  - label: women # a comment\n    max: 0158\nstatements:\n- actor: x\n  quote: 'He said \"no\".'\nempty:\nurl: https://example.org/a#b\n";
        let quick = parse(text);
        assert!(quick.is_some(), "the plain reader should take this");
        assert!(same(
            &quick.unwrap_or(Value::Null),
            &yaml(text).unwrap_or(Value::Null)
        ));
    }

    /// Every front matter of the example archive and of the test fixtures
    /// reads as serde_yaml reads it, and the example archive's is plain
    /// enough to be read quickly.
    #[test]
    fn archives_read_as_serde_yaml_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut slow = Vec::new();
        let mut read = 0;
        for dir in ["content", "tests"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let Ok(e) = e else { continue };
                let path = e.path();
                if path.extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let Ok(split) = crate::content::front_matter::split(&text) else {
                    continue;
                };
                let fm = &text[split.front_matter];
                match parse(fm) {
                    Some(quick) => {
                        read += 1;
                        let full = yaml(fm);
                        assert!(
                            full.as_ref().is_some_and(|f| same(&quick, f)),
                            "{}: quick reading {quick:?} but serde_yaml {full:?}",
                            path.display()
                        );
                    }
                    None if dir == "content" => slow.push(path.display().to_string()),
                    None => {}
                }
            }
        }
        assert!(read >= 40, "only {read} files read quickly");
        assert!(
            slow.is_empty(),
            "the example archive has front matter the quick reader leaves: {slow:?}"
        );
    }

    #[test]
    fn leaves_what_it_does_not_know_to_serde_yaml() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: {b: 1}\n",
            "a: 1.5\n",
            "a: long text\n  that goes on\n",
            "a: \"two\n  lines\"\n",
            "a: 1\na: 2\n",
            "a: b: c\n",
            "\"a\": 1\n",
            "a:\n\tb: 1\n",
            "- a\n",
            "a: [1, 2,]\n",
            "a: |2\n   x\n",
            "a: \"\\x41\"\n",
            "true: 1\n",
            "a: b\u{fffe}\n",
            "a: b\u{feff}\n",
            "a: b\u{2028}c\n",
        ] {
            assert!(parse(text).is_none(), "should leave {text:?} to serde_yaml");
        }
    }

    /// Shapes the generator does not make: each is read quickly, and as
    /// serde_yaml reads it.
    #[test]
    fn other_shapes_read_as_serde_yaml_reads_them() {
        for text in [
            "a:\n- x\n- y\nb: 1\n",
            "s:\n  - a:\n    - x\n    b: 2\n  - c: 3\n",
            "s:\n  - a:\n      - x\n",
            "s:\n  - q: >-\n      one\n      two\n    r: 1\n",
            "s:\n  - q: |\n      one\n\n      two\n",
            "a: |\n  x\n  # not a comment\n",
            "a: >\n  x\n# a comment\nb: 1\n",
            "a: 'x' # c\nb: \"y\" # c\n",
            "a: [x, 'y', \"z\"] # c\n",
            "a:   \nb: 1\n",
            "a:\n  b:\n    c: 1\n  d: 2\n",
            "a: x\n  # indented comment\nb: 1\n",
            "a: \"one\\ttab \\\"q\\\" back\\\\slash a\\/b\\nline\\r\"\n",
            "a: \"\\\\\"\nb: \"\\\"\"\nc: \"\"\nd: \"한\\n국\"\n",
        ] {
            let quick = parse(text);
            let full = yaml(text);
            assert!(
                quick
                    .as_ref()
                    .is_some_and(|q| full.as_ref().is_some_and(|f| same(q, f))),
                "quick reading {quick:?} but serde_yaml {full:?} for\n{text}"
            );
        }
    }

    proptest! {
        #[test]
        fn pairs_are_found_as_str_find_finds_them(text in "[a #:한\\n]{0,24}") {
            prop_assert_eq!(find_pair(&text, b' ', b'#'), text.find(" #"));
            prop_assert_eq!(find_pair(&text, b':', b' '), text.find(": "));
        }
    }

    #[test]
    fn deep_nesting_is_left_to_serde_yaml() {
        let deep: String = (0..100).map(|n| format!("{}k:\n", " ".repeat(n))).collect();
        assert!(parse(&deep).is_none());
        let shallow: String = (0..10).map(|n| format!("{}k:\n", " ".repeat(n))).collect();
        assert!(parse(&shallow).is_some());
    }

    /// A scalar as a writer might type it, with YAML's special characters.
    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z가-힣][a-zA-Z0-9 :#'\"\\-/.,가-힣]{0,12}",
            "[0-9]{1,5}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[0-9][0-9a-zA-Z.+_\\-]{0,10}",
            "[ -~]{0,8}",
            "[a-z][a-z\u{85}\u{a0}\u{2028}\u{feff}\u{fffe}\u{ffff}\u{10000}]{0,4}",
            Just("null".to_string()),
            Just("True".to_string()),
            Just("~".to_string()),
            Just("".to_string()),
        ]
    }

    /// A scalar written in one of the styles writers use.
    fn written(s: &str, style: u8) -> String {
        match style % 3 {
            0 => s.to_string(),
            1 => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// Marks a key that [`document`] makes unique.
    const KEY: &str = "\u{1}";

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[a-z][a-z_]{0,6}".prop_map(|k| format!("{k}{KEY}")),
            1 => Just("null".to_string()),
            1 => Just("a-b".to_string()),
        ]
    }

    /// One `key: value` entry of a mapping at column `indent`, as lines.
    fn entry(indent: usize) -> impl Strategy<Value = String> {
        let pad = " ".repeat(indent);
        let pad2 = " ".repeat(indent + 2);
        (
            key(),
            0u8..7,
            scalar(),
            0u8..3,
            prop::collection::vec((scalar(), 0u8..3), 0..4),
            prop::collection::vec("[a-z가 ]{0,10}", 1..5),
            0u8..6,
            prop::collection::vec(("[a-z]{1,4}", scalar(), 0u8..3), 1..3),
            any::<bool>(),
        )
            .prop_map(
                move |(k, shape, s, st, list, lines, head, items, comment)| {
                    let c = if comment { " # note" } else { "" };
                    match shape {
                        0 | 1 => format!("{pad}{k}: {}{c}\n", written(&s, st)),
                        2 => {
                            let xs: Vec<String> =
                                list.iter().map(|(s, st)| written(s, *st)).collect();
                            format!("{pad}{k}: [{}]{c}\n", xs.join(", "))
                        }
                        3 => {
                            let h = [">-", "|", ">", "|-", "|+", ">+"][head as usize];
                            let body: Vec<String> = lines
                                .iter()
                                .map(|l| {
                                    if l.is_empty() {
                                        String::new()
                                    } else {
                                        format!("{pad2}{l}")
                                    }
                                })
                                .collect();
                            format!("{pad}{k}: {h}{c}\n{}\n", body.join("\n"))
                        }
                        4 => {
                            let mut out = format!("{pad}{k}:{c}\n");
                            for (n, (ik, s, st)) in items.iter().enumerate() {
                                out.push_str(&format!("{pad2}- {ik}: {}\n", written(s, *st)));
                                match n % 3 {
                                    0 => {
                                        out.push_str(&format!("{pad2}  z{ik}: {}\n", written(s, 0)))
                                    }
                                    1 => out.push_str(&format!(
                                        "{pad2}  y{ik}: >-\n{pad2}    {s}\n{pad2}    {ik}\n"
                                    )),
                                    _ => {}
                                }
                            }
                            out
                        }
                        5 => {
                            let mut out = format!("{pad}{k}:\n");
                            for (s, st) in &list {
                                out.push_str(&format!("{pad}- {}\n", written(s, *st)));
                            }
                            out
                        }
                        _ => format!("{pad}{k}:{c}\n\n"),
                    }
                },
            )
    }

    /// A document of entries whose keys differ (but for a rare
    /// duplicate), so that most documents are valid YAML.
    fn document() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(entry(0), 1..6),
            prop::collection::vec(entry(2), 0..3),
            "[a-z]{1,3}",
            0u8..20,
        )
            .prop_map(|(top, inner, k, dup)| {
                let unique = |entries: Vec<String>| -> String {
                    let mut n = 0;
                    let mut out = String::new();
                    for e in entries {
                        for line in e.split_inclusive('\n') {
                            match line.find(KEY) {
                                Some(i) => {
                                    n += 1;
                                    let tag = if dup > 0 {
                                        n.to_string()
                                    } else {
                                        String::new()
                                    };
                                    out.push_str(&format!(
                                        "{}{tag}{}",
                                        &line[..i],
                                        &line[i + KEY.len()..]
                                    ));
                                }
                                None => out.push_str(line),
                            }
                        }
                    }
                    out
                };
                let mut doc = unique(top);
                if !inner.is_empty() {
                    doc.push_str(&format!("{k}x:\n{}", unique(inner)));
                }
                doc
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn generated_documents_read_as_serde_yaml_reads_them(doc in document()) {
            agrees(&doc)?;
        }

        #[test]
        fn mangled_documents_read_as_serde_yaml_reads_them(
            doc in document(),
            cut in any::<prop::sample::Index>(),
            insert in "[ -~\n가]{0,3}",
        ) {
            let at = cut.index(doc.len() + 1);
            let at = (0..=at).rev().find(|&i| doc.is_char_boundary(i)).unwrap_or(0);
            let mangled = format!("{}{insert}{}", &doc[..at], &doc[at..]);
            agrees(&mangled)?;
        }

        #[test]
        fn any_text_reads_as_serde_yaml_reads_it(text in "[a-z0-9 :#\\-\n\"'\\[\\],|>.]{0,40}") {
            agrees(&text)?;
        }
    }
}
