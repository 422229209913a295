//! Diagnostics: every problem girok finds in an archive, located by file,
//! line and column, collected so that a writer sees all of them in one run.
//!
//! The rendering crate (codespan-reporting) stays behind this module: the rest
//! of girok only builds [`Diagnostic`] values.

use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, the build goes on.
    Warning,
    /// Worth knowing, not a problem: said once (e.g. what is left out of a
    /// build and why).
    Note,
}

/// Where in a file a problem is: byte range plus 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the start in the file.
    pub start: usize,
    /// Byte offset of the end in the file.
    pub end: usize,
}

impl Span {
    /// Computes line and column of a byte range inside `text`.
    pub fn new(text: &str, range: Range<usize>) -> Span {
        let start = clamp_to_char(text, range.start.min(text.len()));
        let end = clamp_to_char(text, range.end.clamp(start, text.len()));
        let before = &text[..start];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        Span {
            line,
            column,
            start,
            end,
        }
    }
}

fn clamp_to_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in an archive.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name of the kind of problem, e.g. `unknown-key`.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// The file, relative to the archive root, with `/` separators.
    pub file: Option<String>,
    /// Where in the file.
    pub span: Option<Span>,
    /// A short note shown under the marked text.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    #[serde(skip)]
    source: Option<Arc<String>>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
            source: None,
        }
    }

    /// A problem that stops the build.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A problem that is reported but does not stop the build.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Something worth knowing that is not a problem.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    /// Names the file without a position.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Names the file and marks a byte range of its text.
    pub fn at(mut self, file: impl Into<String>, text: &Arc<String>, range: Range<usize>) -> Self {
        self.file = Some(file.into());
        self.span = Some(Span::new(text, range));
        self.source = Some(Arc::clone(text));
        self
    }

    /// The note shown under the marked text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// How to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub fn maybe_help(self, help: Option<String>) -> Self {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize, Severity, &str) {
        let (line, col) = self.span.as_ref().map_or((0, 0), |s| (s.line, s.column));
        (
            self.file.as_deref(),
            line,
            col,
            self.severity,
            &self.message,
        )
    }

    fn to_codespan(&self) -> cs::Diagnostic<()> {
        let d = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
            Severity::Note => cs::Diagnostic::note(),
        }
        .with_code(self.code)
        .with_message(&self.message);
        let d = match (&self.span, &self.source) {
            (Some(span), Some(_)) => {
                let mut l = cs::Label::primary((), span.start..span.end.max(span.start));
                if let Some(label) = &self.label {
                    l = l.with_message(label);
                }
                d.with_labels(vec![l])
            }
            _ => d,
        };
        let mut notes = Vec::new();
        if self.span.is_none() {
            if let Some(f) = &self.file {
                notes.push(format!("in {f}"));
            }
            if let Some(l) = &self.label {
                notes.push(l.clone());
            }
        }
        if let Some(h) = &self.help {
            notes.push(format!("help: {h}"));
        }
        d.with_notes(notes)
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, coloured on a terminal unless NO_COLOR is set.
    Human,
    /// One JSON document with every diagnostic, for editors and CI.
    Json,
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A list of diagnostics gathered over a whole run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True when any is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// All of them, in file and line order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Puts them in file and line order, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// One line that counts errors and warnings.
    pub fn summary(&self) -> String {
        let e = self.error_count();
        let w = self.warning_count();
        format!(
            "{} {}, {} {}",
            e,
            plural(e, "error"),
            w,
            plural(w, "warning")
        )
    }

    /// The errors alone as plain text (empty when there are none).
    pub fn errors_text(&self) -> String {
        let mut only = Diagnostics::new();
        only.extend(self.items.iter().filter(|d| d.is_error()).cloned());
        only.render_plain()
    }

    /// Renders every diagnostic as plain text (no colour).
    pub fn render_plain(&self) -> String {
        self.render_plain_limited(None)
    }

    /// Renders as plain text, showing at most `limit` warnings of each kind
    /// and a line that counts the rest. Errors are always all shown.
    pub fn render_plain_limited(&self, limit: Option<usize>) -> String {
        let mut out = String::new();
        for d in self.shown(limit) {
            out.push_str(&render_one_plain(d));
        }
        out.push_str(&self.hidden_note(limit));
        out
    }

    fn shown(&self, limit: Option<usize>) -> impl Iterator<Item = &Diagnostic> {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        self.items.iter().filter(move |d| {
            if d.is_error() {
                return true;
            }
            let n = seen.entry(d.code).or_insert(0);
            *n += 1;
            limit.is_none_or(|l| *n <= l)
        })
    }

    fn hidden_note(&self, limit: Option<usize>) -> String {
        let Some(limit) = limit else {
            return String::new();
        };
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for d in self.items.iter().filter(|d| !d.is_error()) {
            *counts.entry(d.code).or_insert(0) += 1;
        }
        let mut out = String::new();
        for (code, n) in counts.into_iter().filter(|(_, n)| *n > limit) {
            out.push_str(&format!(
                "note: {} more `{code}` warnings are not shown; add --all-warnings to see every one\n\n",
                n - limit
            ));
        }
        out
    }

    /// Renders as JSON: `{"errors": n, "warnings": n, "diagnostics": [...]}`.
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: &'a [Diagnostic],
        }
        serde_json::to_string_pretty(&Doc {
            errors: self.error_count(),
            warnings: self.warning_count(),
            diagnostics: &self.items,
        })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// Prints to standard error in the chosen format. Colour only on a
    /// terminal and only when NO_COLOR is unset. In human format, at most
    /// `limit` warnings of each kind are shown, then a line counting the
    /// rest; JSON always holds every diagnostic.
    pub fn emit(&self, format: Format, limit: Option<usize>) {
        match format {
            Format::Json => println!("{}", self.render_json()),
            Format::Human => {
                let stderr = std::io::stderr();
                let colour = stderr.is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
                if colour {
                    use term::termcolor::{ColorChoice, StandardStream};
                    let stream = StandardStream::stderr(ColorChoice::Always);
                    let mut lock = stream.lock();
                    for d in self.shown(limit) {
                        let file = SimpleFile::new(display_name(d), source_text(d));
                        let _ = term::emit_to_write_style(
                            &mut lock,
                            &term::Config::default(),
                            &file,
                            &d.to_codespan(),
                        );
                    }
                    eprint!("{}", self.hidden_note(limit));
                } else {
                    eprint!("{}", self.render_plain_limited(limit));
                }
            }
        }
    }
}

fn display_name(d: &Diagnostic) -> &str {
    d.file.as_deref().unwrap_or("girok")
}

fn source_text(d: &Diagnostic) -> &str {
    d.source.as_deref().map_or("", String::as_str)
}

fn render_one_plain(d: &Diagnostic) -> String {
    let file = SimpleFile::new(display_name(d), source_text(d));
    term::emit_into_string(&term::Config::default(), &file, &d.to_codespan())
        .unwrap_or_else(|_| format!("{}: {}\n", d.code, d.message))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_counts_lines_and_characters() {
        let text = "ab\n한국 x\n";
        let at = text.find('x').unwrap();
        let s = Span::new(text, at..at + 1);
        assert_eq!((s.line, s.column), (2, 4));
    }

    #[test]
    fn suggestions_pick_the_closest() {
        let keys = ["title", "date", "summary", "sources"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("sumary", keys), Some("summary"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn plain_rendering_names_file_line_and_help() {
        let text: Arc<String> = Arc::new("---\ntitel: x\n---\n".to_string());
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("unknown-key", "unknown key `titel`")
                .at("content/briefings/a.md", &text, 4..9)
                .help("did you mean `title`?"),
        );
        let out = ds.render_plain();
        assert!(out.contains("content/briefings/a.md:2:1"), "{out}");
        assert!(out.contains("titel: x"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }
}
