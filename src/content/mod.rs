//! Reading `content/`: the only module that does. Finds files in a sorted
//! walk, splits and types each file's front matter, and renders its body; each
//! file is a pure step that can run in parallel and be cached by its text.

pub mod fields;
pub mod front_matter;
mod plain_yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::diag::Diagnostic;
use crate::markdown::{self, BodyInput};
use crate::model::entities::{Entry, FileInfo, Kind};
use fields::FileCtx;
use front_matter::SplitError;

/// What the walk found under `content/`.
#[derive(Debug, Default)]
pub struct Found {
    /// Entry files: (kind, path relative to root).
    pub entries: Vec<(Kind, String)>,
    /// Files under `content/static/`: (absolute, path relative to `content/static`).
    pub statics: Vec<(PathBuf, String)>,
    /// Files that do not belong anywhere.
    pub diags: Vec<Diagnostic>,
}

fn rel_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Files that operating systems and editors leave behind. A hidden `.md`
/// file is not junk: it is reported like any other bad file name.
fn is_junk(name: &str) -> bool {
    (name.starts_with('.') && !name.ends_with(".md")) || name.ends_with('~') || name == "Thumbs.db"
}

/// Walks `root/content` in sorted order.
pub fn walk(root: &Path) -> Found {
    let mut found = Found::default();
    let content = root.join("content");
    if !content.is_dir() {
        found.diags.push(
            Diagnostic::error("no-content", "there is no content/ folder here")
                .help("run girok in the archive's folder, or name it with --root DIR"),
        );
        return found;
    }
    let walker = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    // Files in the order of their paths compared folder name by folder
    // name: the order of a walk that takes each folder's names sorted.
    // walkdir can sort each folder itself, but it finds both names anew in
    // their paths for every comparison, and comparing `Path`s does the
    // same. With the separator made the smallest byte (no name holds a
    // NUL), paths compare as plain bytes in that order. Errors come first;
    // they are sorted with the other diagnostics later.
    let mut items: Vec<walkdir::Result<walkdir::DirEntry>> = walker.collect();
    items.sort_by_cached_key(|item| {
        item.as_ref().ok().map(|e| {
            let mut key = e.path().as_os_str().as_encoded_bytes().to_vec();
            for b in &mut key {
                if b.is_ascii() && std::path::is_separator(char::from(*b)) {
                    *b = 0;
                }
            }
            key
        })
    });
    for item in items {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel_string(p.strip_prefix(root).unwrap_or(p)));
                let mut d = Diagnostic::error("io", format!("cannot read: {e}"));
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                found.diags.push(d);
                continue;
            }
        };
        if item.file_type().is_dir() {
            continue;
        }
        let abs = item.path();
        let rel_root = rel_string(abs.strip_prefix(root).unwrap_or(abs));
        let Ok(in_content) = abs.strip_prefix(&content) else {
            continue;
        };
        let parts: Vec<String> = in_content
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if item.file_type().is_symlink() {
            found.diags.push(
                Diagnostic::warning(
                    "symlink",
                    "symbolic links are not followed; this file is not published",
                )
                .in_file(rel_root)
                .help("copy the file into the archive instead of linking to it"),
            );
            continue;
        }
        let top = parts.first().map(String::as_str).unwrap_or("");
        if top == "static" && parts.len() > 1 {
            found
                .statics
                .push((abs.to_path_buf(), parts[1..].join("/")));
            continue;
        }
        let is_md = rel_root.ends_with(".md");
        match Kind::from_dir(top) {
            Some(kind) if parts.len() > 1 && is_md => found.entries.push((kind, rel_root)),
            Some(kind) => found.diags.push(
                Diagnostic::warning("not-markdown", format!("this file in content/{}/ is not a .md file and is not published", kind.dir()))
                    .in_file(rel_root)
                    .help("entries are .md files; put images and documents under content/static/"),
            ),
            None => found.diags.push(
                Diagnostic::error("outside-content-folders", "this file is outside the four content folders and would be lost")
                    .in_file(rel_root)
                    .help("move it to content/briefings/, content/waves/, content/actors/ or content/sources/ (or content/static/ for files copied as they are)"),
            ),
        }
    }
    found
}

/// True when `slug` follows the contract: lower-case ASCII letters, digits, `-`.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug suggestion for a bad file stem.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Reads and parses one entry file. Returns the entry when it could be read
/// at all (even with errors, so later checks still run), and its diagnostics.
pub fn load_entry(
    root: &Path,
    kind: Kind,
    rel: &str,
    allow_raw_html: bool,
) -> (Option<Entry>, Vec<Diagnostic>) {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => parse_entry(kind, rel, bytes, allow_raw_html),
        Err(e) => (
            None,
            vec![Diagnostic::error("io", format!("cannot read this file: {e}")).in_file(rel)],
        ),
    }
}

/// Parses one entry from its bytes.
pub fn parse_entry(
    kind: Kind,
    rel: &str,
    bytes: Vec<u8>,
    allow_raw_html: bool,
) -> (Option<Entry>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let line = good.bytes().filter(|&b| b == b'\n').count() + 1;
            // Show the file as far as it can be read, with the bad byte marked.
            let shown: Arc<String> = Arc::new(String::from_utf8_lossy(e.as_bytes()).into_owned());
            let mark = good.len()..good.len() + 3;
            diags.push(
                Diagnostic::error(
                    "not-utf8",
                    format!(
                        "this file is not UTF-8 text (first bad byte on line {line}, byte {at})"
                    ),
                )
                .at(rel, &shown, mark)
                .help("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"),
            );
            return (None, diags);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    let text: Arc<String> = Arc::new(text);
    let stem = rel
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".md"))
        .unwrap_or("")
        .to_string();
    if !valid_slug(&stem) {
        let suggestion = slugify(&stem);
        diags.push(
            Diagnostic::error("bad-slug", format!("`{stem}` is not a valid slug: the file name is the entry's id and URL"))
                .in_file(rel)
                .help(format!("use only lower-case letters a-z, digits and `-`; rename the file to `{suggestion}.md`")),
        );
    }
    let split = match front_matter::split(&text) {
        Ok(s) => s,
        Err(e) => {
            let (code, msg, help) = match e {
                SplitError::Empty => ("empty-file", "this file is empty", "start with front matter between two `---` lines, e.g.\n---\ntitle: ...\ndate: 2023-10-12\n---"),
                SplitError::NoOpening => ("no-front-matter", "the file does not start with front matter", "the very first line must be `---`, then the fields, then another `---` line"),
                SplitError::Unclosed => ("unclosed-front-matter", "the front matter is never closed", "add a line with only `---` after the last field"),
            };
            let end = text.find('\n').unwrap_or(text.len());
            let d = Diagnostic::error(code, msg).help(help);
            diags.push(if text.is_empty() {
                d.in_file(rel)
            } else {
                d.at(rel, &text, 0..end)
            });
            return (None, diags);
        }
    };
    let fm_text = &text[split.front_matter.clone()];
    let map = if fm_text.trim().is_empty() {
        serde_yaml::Mapping::new()
    } else {
        // Plain front matter is read quickly; anything else by serde_yaml,
        // which also explains any mistake.
        let read =
            plain_yaml::parse(fm_text).map_or_else(|| serde_yaml::from_str::<Value>(fm_text), Ok);
        match read {
            Ok(Value::Mapping(m)) => m,
            Ok(Value::Null) => serde_yaml::Mapping::new(),
            Ok(_) => {
                diags.push(
                    Diagnostic::error(
                        "front-matter-not-mapping",
                        "the front matter must be a list of `key: value` lines",
                    )
                    .at(
                        rel,
                        &text,
                        split.front_matter.start
                            ..split.front_matter.start + fm_text.trim_end().len().min(40),
                    )
                    .help("write each field on its own line, as `title: ...`"),
                );
                return (None, diags);
            }
            Err(e) => {
                let offset = split.front_matter.start + e.location().map_or(0, |l| l.index());
                let msg = e.to_string();
                let msg = msg
                    .find(" at line ")
                    .map_or(msg.as_str(), |i| &msg[..i])
                    .to_string();
                if let Some(key) = duplicate_key(&msg) {
                    let fm = &text[split.front_matter.clone()];
                    // serde_yaml points at the start of the mapping that holds the key.
                    let from = offset - split.front_matter.start;
                    let start = second_key_line(&fm[from.min(fm.len())..], &key)
                        .map_or(offset, |o| offset + o);
                    diags.push(
                        Diagnostic::error(
                            "duplicate-key",
                            format!("the key `{key}` is written twice"),
                        )
                        .at(rel, &text, start..start + key.len())
                        .label("written again here")
                        .help("keep one of the two lines; YAML cannot hold both"),
                    );
                    return (None, diags);
                }
                diags.push(
                    Diagnostic::error(
                        "yaml-syntax",
                        format!("the front matter is not valid YAML: {msg}"),
                    )
                    .at(rel, &text, offset..offset + 1)
                    .label("here")
                    .help(yaml_hint(&msg)),
                );
                return (None, diags);
            }
        }
    };
    let mut cx = FileCtx {
        rel,
        text: &text,
        fm: split.front_matter.clone(),
        diags: Vec::new(),
    };
    let data = fields::entry_data(&mut cx, kind, &map);
    diags.append(&mut cx.diags);
    let (body, mut body_diags) = markdown::render(&BodyInput {
        rel,
        text: &text,
        body: split.body.clone(),
        allow_raw_html,
    });
    diags.append(&mut body_diags);
    let entry = Entry {
        kind,
        slug: stem,
        file: FileInfo {
            rel: rel.to_string(),
            text: Arc::clone(&text),
            front_matter: split.front_matter,
        },
        data,
        body,
    };
    (Some(entry), diags)
}

/// The key named by serde_yaml's "duplicate entry with key \"x\"".
fn duplicate_key(msg: &str) -> Option<String> {
    let rest = &msg[msg.find("duplicate entry with key \"")? + 26..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Byte offset of the second line that writes `key:` (at any depth).
fn second_key_line(fm: &str, key: &str) -> Option<usize> {
    let mut seen = 0;
    let mut off = 0;
    for line in fm.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '-']).trim_start();
        let t2 = t.strip_prefix('"').unwrap_or(t);
        if t2
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start_matches('"').trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some(off + (line.len() - t.len()));
            }
        }
        off += line.len();
    }
    None
}

fn yaml_hint(msg: &str) -> String {
    if msg.contains("mapping values are not allowed") {
        "a value contains `: `; put the whole value in double quotes".into()
    } else if msg.contains("did not find expected")
        || msg.contains("found character that cannot start")
    {
        "check the indentation and quotes on this line and the one before; values with `:`, `#`, `[` or quotes inside need double quotes".into()
    } else if msg.contains("duplicate entry") {
        "this key is written twice; keep one".into()
    } else {
        "check this line: indentation uses spaces, lists start with `- `, and text with special characters goes in double quotes".into()
    }
}

/// Loads every entry in parallel; the order of the result follows `entries`.
pub fn load_all(
    root: &Path,
    entries: &[(Kind, String)],
    allow_raw_html: bool,
) -> Vec<(Option<Entry>, Vec<Diagnostic>)> {
    entries
        .par_iter()
        .map(|(kind, rel)| load_entry(root, *kind, rel, allow_raw_html))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk lists files as a walk taking each folder's names in sorted
    /// order would: `a/b.md` before `a-b/x.md` (the folder `a` sorts
    /// before `a-b`), though `-` is a smaller byte than `/`.
    #[test]
    fn files_come_in_the_order_of_a_sorted_walk() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let static_dir = dir.path().join("content/static");
        let names = [
            "a-b/x.md", "a/b.md", "a/b/c.md", "a.md", "a/b-c.md", "A.md", "b.md",
        ];
        for n in names {
            let p = static_dir.join(n);
            std::fs::create_dir_all(p.parent().expect("a parent")).expect("a folder");
            std::fs::write(&p, "x").expect("a file");
        }
        let found = walk(dir.path());
        let got: Vec<&str> = found.statics.iter().map(|(_, rel)| rel.as_str()).collect();
        let expected: Vec<String> = walkdir::WalkDir::new(&static_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| rel_string(e.path().strip_prefix(&static_dir).expect("inside")))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(
            got,
            ["A.md", "a/b/c.md", "a/b-c.md", "a/b.md", "a-b/x.md", "a.md", "b.md"]
        );
    }
}
