//! Themes: the built-in `default` theme is compiled into the binary; an
//! archive's own `themes/<name>/` overrides its templates and static files
//! one by one. The only module that reads `themes/`.

use std::path::Path;

use tera::Tera;

use crate::diag::Diagnostic;

/// The templates every theme provides (built-in ones fill any gap).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "partials/briefing_card.html",
        include_str!("../../themes/default/templates/partials/briefing_card.html"),
    ),
    (
        "partials/citation.html",
        include_str!("../../themes/default/templates/partials/citation.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "briefings.html",
        include_str!("../../themes/default/templates/briefings.html"),
    ),
    (
        "briefing.html",
        include_str!("../../themes/default/templates/briefing.html"),
    ),
    (
        "waves.html",
        include_str!("../../themes/default/templates/waves.html"),
    ),
    (
        "wave.html",
        include_str!("../../themes/default/templates/wave.html"),
    ),
    (
        "actors.html",
        include_str!("../../themes/default/templates/actors.html"),
    ),
    (
        "actor.html",
        include_str!("../../themes/default/templates/actor.html"),
    ),
    (
        "sources.html",
        include_str!("../../themes/default/templates/sources.html"),
    ),
    (
        "source.html",
        include_str!("../../themes/default/templates/source.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
];

/// The built-in theme's static files, copied to `theme/` in the output.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
];

/// A loaded theme: compiled templates and static files.
pub struct Theme {
    /// Compiled once, shared by every page.
    pub tera: Tera,
    /// Static files: (path under `theme/`, bytes), sorted by path.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Which kinds of page (the briefing, wave, actor and source pages,
    /// and the lists of briefings and sources) the built-in templates
    /// render, unchanged: those pages are written by their compiled form
    /// in `render::native`, which gives the same bytes as Tera without
    /// interpreting the templates (a site's own template, or any change to
    /// one the page uses, sends it through Tera).
    compiled: [bool; 6],
}

/// The templates each kind of compiled page uses, besides the ones all use.
const PAGE_TEMPLATES: [&str; 6] = [
    "briefing.html",
    "wave.html",
    "actor.html",
    "source.html",
    "briefings.html",
    "sources.html",
];
/// The templates every compiled page uses.
const SHARED_TEMPLATES: [&str; 4] = [
    "base.html",
    "macros.html",
    "partials/briefing_card.html",
    "partials/citation.html",
];

impl Theme {
    /// Whether `page` is written by the compiled form of the built-in
    /// templates rather than through Tera.
    pub fn compiled(&self, page: super::Page) -> bool {
        use super::Page;
        match page {
            Page::Briefing(_) => self.compiled[0],
            Page::Wave(_) => self.compiled[1],
            Page::Actor(_) => self.compiled[2],
            Page::Source(_) => self.compiled[3],
            Page::Briefings(_) => self.compiled[4],
            Page::Sources(_) => self.compiled[5],
            _ => false,
        }
    }

    /// Renders every page through Tera, even those the built-in templates'
    /// compiled form could write (`girok build --tera`): slower, and the
    /// way to check that both give the same site.
    pub fn interpret_all(&mut self) {
        self.compiled = [false; 6];
    }
}

/// Which pages the templates of a theme leave to the compiled form: those
/// whose every template is the built-in one, byte for byte.
fn compiled_kinds(templates: &[(String, String)]) -> [bool; 6] {
    let builtin = |name: &str| {
        let theirs = templates.iter().find(|(n, _)| n == name).map(|(_, t)| t);
        let ours = BUILTIN_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t);
        matches!((theirs, ours), (Some(a), Some(b)) if a == b)
    };
    let shared = SHARED_TEMPLATES.iter().all(|n| builtin(n));
    PAGE_TEMPLATES.map(|n| shared && builtin(n))
}

fn read_dir_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for item in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let item =
            item.map_err(|e| Diagnostic::error("io", format!("cannot read the theme: {e}")))?;
        if !item.file_type().is_file() {
            continue;
        }
        let rel = item.path().strip_prefix(dir).unwrap_or(item.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        let bytes = std::fs::read(item.path()).map_err(|e| {
            Diagnostic::error("io", format!("cannot read {}: {e}", item.path().display()))
        })?;
        out.push((rel, bytes));
    }
    Ok(out)
}

fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A template problem as a diagnostic.
pub fn template_diagnostic(e: &tera::Error, what: &str) -> Diagnostic {
    Diagnostic::error("template", format!("{what}: {}", tera_error(e)))
        .help("check the theme's templates; the built-in ones are in themes/default/templates/ of girok's source")
}

fn escape(s: &str) -> String {
    crate::markdown::escape_html(s)
}

/// Loads theme `name` for the archive at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let dir = root.join("themes").join(name);
    if name != "default" && !dir.is_dir() {
        return Err(
            Diagnostic::error("unknown-theme", format!("there is no theme `{name}`"))
                .in_file("site.yaml")
                .help(format!(
                    "create themes/{name}/templates/, or set `theme: default`"
                )),
        );
    }
    let mut templates: Vec<(String, String)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (rel, bytes) in read_dir_files(&dir.join("templates"))? {
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(
                "not-utf8",
                format!("themes/{name}/templates/{rel} is not UTF-8 text"),
            )
        })?;
        match templates.iter_mut().find(|(n, _)| *n == rel) {
            Some(slot) => slot.1 = text,
            None => templates.push((rel, text)),
        }
    }
    let compiled = compiled_kinds(&templates);
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs escaped, and leave `/` in URLs readable.
    tera.set_escape_fn(escape);
    tera.register_filter("thousands", thousands);
    tera.register_filter("figure_groups", figure_groups);
    tera.register_filter("names", names);
    tera.add_raw_templates(templates)
        .map_err(|e| template_diagnostic(&e, &format!("theme `{name}` has a template error")))?;
    let mut statics: Vec<(String, Vec<u8>)> = BUILTIN_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for (rel, bytes) in read_dir_files(&dir.join("static"))? {
        match statics.iter_mut().find(|(n, _)| *n == rel) {
            Some(slot) => slot.1 = bytes,
            None => statics.push((rel, bytes)),
        }
    }
    statics.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Theme {
        tera,
        statics,
        compiled,
    })
}

/// The Tera filter `thousands`: a whole number with thousands separators
/// (`16500` → `16,500`); anything else passes through unchanged.
fn thousands(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(match value.as_f64() {
        Some(n) => tera::Value::String(super::views::number(n)),
        None => value.clone(),
    })
}

/// The Tera filter `names`: a list of names as words, "A", "A and B",
/// "A, B, and C". Anything but a list passes through unchanged.
fn names(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let Some(list) = value.as_array() else {
        return Ok(value.clone());
    };
    let text = |v: &tera::Value| match v {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    for (i, n) in list.iter().enumerate() {
        out.push_str(super::views::name_separator(i, list.len()));
        out.push_str(&text(n));
    }
    Ok(tera::Value::String(out))
}

/// The Tera filter `figure_groups`: a list of figures (`FigureView`s) cut
/// into the groups a table shows, in order. Figures that count the same
/// thing in the same wave form a group; groups come by wave, then by label,
/// and figures without a wave come last, grouped by label; within a group,
/// figures are in the order of their counts in words, then as given. Each
/// group is `{label, n, distinct, rows}`: `n` rows, `distinct` of whose
/// counts differ (ignoring case), and `rows` the positions of its figures
/// in the list. Positions rather than copies keep large tables cheap:
/// `figures[i]` reads a figure where it is.
fn figure_groups(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    use tera::Value;
    let figures = value
        .as_array()
        .ok_or_else(|| tera::Error::msg("`figure_groups` expects a list of figures"))?;
    fn text(v: &tera::Value) -> &str {
        v.as_str().unwrap_or_default()
    }
    let keys: Vec<(Option<&str>, &str, &str)> = figures
        .iter()
        .map(|f| {
            let wave = match &f["wave"] {
                Value::Null => None,
                w => Some(text(&w["slug"])),
            };
            (wave, text(&f["label"]), text(&f["display"]))
        })
        .collect();
    let groups = group_figures(&keys)
        .into_iter()
        .map(|g| {
            let mut group = tera::Map::new();
            group.insert("label".into(), Value::String(g.label.to_string()));
            group.insert("n".into(), g.rows.len().into());
            group.insert("distinct".into(), g.distinct.into());
            group.insert(
                "rows".into(),
                Value::Array(g.rows.into_iter().map(Value::from).collect()),
            );
            Value::Object(group)
        })
        .collect();
    Ok(Value::Array(groups))
}

/// One group of a figures table: figures that count the same thing in the
/// same wave.
pub(crate) struct FigureGroup<'a> {
    /// What they count.
    pub label: &'a str,
    /// How many of their counts differ, ignoring case.
    pub distinct: usize,
    /// Their positions in the list, in the order shown.
    pub rows: Vec<usize>,
}

/// Cuts figures, given as (wave slug, label, count in words), into the
/// groups a table shows, as the filter `figure_groups` describes.
pub(crate) fn group_figures<'a>(
    keys: &[(Option<&'a str>, &'a str, &'a str)],
) -> Vec<FigureGroup<'a>> {
    let mut keyed: Vec<(Option<&str>, &str, &str, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, &(w, l, d))| (w, l, d, i))
        .collect();
    // Waves first, then the figures without one; the sort is stable.
    keyed.sort_by(|a, b| (a.0.is_none(), &a.0, &a.1, &a.2).cmp(&(b.0.is_none(), &b.0, &b.1, &b.2)));
    let mut groups = Vec::new();
    let mut start = 0;
    while start < keyed.len() {
        let (wave, label) = (keyed[start].0, keyed[start].1);
        let end = keyed[start..]
            .iter()
            .position(|k| (k.0, k.1) != (wave, label))
            .map_or(keyed.len(), |n| start + n);
        let rows = &keyed[start..end];
        let distinct: std::collections::HashSet<String> =
            rows.iter().map(|r| r.2.to_lowercase()).collect();
        groups.push(FigureGroup {
            label,
            distinct: distinct.len(),
            rows: rows.iter().map(|r| r.3).collect(),
        });
        start = end;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_joined_as_words() {
        let joined = |v: serde_json::Value| names(&v, &Default::default()).ok();
        assert_eq!(joined(json!([])), Some(json!("")));
        assert_eq!(joined(json!(["Kim Min-ji"])), Some(json!("Kim Min-ji")));
        assert_eq!(joined(json!(["A", "B"])), Some(json!("A and B")));
        assert_eq!(joined(json!(["A", "B", "C"])), Some(json!("A, B, and C")));
        // Not a list: unchanged.
        assert_eq!(joined(json!("UNHCR")), Some(json!("UNHCR")));
    }

    #[test]
    fn figure_groups_go_by_wave_then_label_and_count_differing_figures() {
        let f = |wave: Option<&str>, label: &str, display: &str| {
            json!({
                "wave": wave.map(|w| json!({"slug": w})),
                "label": label,
                "display": display,
            })
        };
        let figures = json!([
            f(Some("b"), "held", "about 600"),
            f(None, "returned", "20"),
            f(Some("a"), "returned", "500"),
            f(Some("b"), "held", "About 600"),
            f(Some("a"), "returned", "400"),
            f(Some("b"), "deported", "12"),
        ]);
        let groups = figure_groups(&figures, &Default::default()).unwrap_or_default();
        assert_eq!(
            groups,
            json!([
                {"label": "returned", "n": 2, "distinct": 2, "rows": [4, 2]},
                {"label": "deported", "n": 1, "distinct": 1, "rows": [5]},
                // Sorted as written: "About" before "about".
                {"label": "held", "n": 2, "distinct": 1, "rows": [3, 0]},
                {"label": "returned", "n": 1, "distinct": 1, "rows": [1]},
            ])
        );
        assert!(figure_groups(&json!("not a list"), &Default::default()).is_err());
    }
}
