//! girok (기록, "record"): a static site generator for human-rights briefing
//! archives. Markdown briefings with YAML front matter in, a cross-linked
//! static site out, where every figure stays traceable to its source.
//!
//! The pipeline, as [`build`] runs it:
//! 1. [`config::Config::load`] reads `site.yaml`;
//! 2. [`content::walk`] finds the files, [`content::load_all`] parses and
//!    renders each one (in parallel, a pure step per file);
//! 3. [`model::Archive::build`] resolves references and indexes them once;
//! 4. [`render`] turns each page into bytes through the theme (in parallel);
//! 5. [`output::Staging`] writes them beside the target and swaps them in.

#![warn(missing_docs)]

pub mod config;
pub mod content;
pub mod diag;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use config::Config;
use diag::{Diagnostic, Diagnostics};
use model::Archive;
use render::OutputFile;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where the site goes; `output/` under the root by default.
    pub output: Option<PathBuf>,
    /// Include briefings marked `draft: true`.
    pub drafts: bool,
}

impl Options {
    /// Options for the archive at `root`, with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            output: None,
            drafts: false,
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    /// Warnings (there are no errors in a successful build).
    pub diagnostics: Diagnostics,
    /// Number of HTML pages written.
    pub pages: usize,
    /// Number of files written in all.
    pub files: usize,
    /// Where the site is.
    pub output: PathBuf,
}

/// Reads, checks and indexes the archive. The archive is always returned,
/// built from every file that could be read, so that one run reports every
/// problem; errors are in the diagnostics. Also returns the files under
/// `content/static/` as (absolute path, path below `content/static/`).
pub fn load(opts: &Options) -> (Archive, Vec<(PathBuf, String)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            Config::default()
        }
    };
    let found = content::walk(&opts.root);
    diags.extend(found.diags);
    let loaded = content::load_all(&opts.root, &found.entries, config.allow_raw_html);
    let mut entries = Vec::with_capacity(loaded.len());
    for (entry, ds) in loaded {
        diags.extend(ds);
        entries.extend(entry);
    }
    let static_rels: Vec<String> = found.statics.iter().map(|(_, r)| r.clone()).collect();
    let (archive, ds) = Archive::build(config, entries, &static_rels, opts.drafts);
    diags.extend(ds);
    for (_, rel) in &found.statics {
        if !output::safe_relative(rel) {
            diags.push(
                Diagnostic::error(
                    "unsafe-path",
                    format!("content/static/{rel} cannot be published"),
                )
                .in_file(format!("content/static/{rel}")),
            );
        }
    }
    diags.sort();
    (archive, found.statics, diags)
}

/// Checks the archive and writes nothing.
pub fn check(opts: &Options) -> Diagnostics {
    let (archive, _, mut diags) = load(opts);
    if !diags.has_errors() {
        // Rendering can fail too (a theme's template error).
        if let Err(ds) = render_all(&opts.root, &archive, |_| Ok(())) {
            diags.extend(ds);
        }
    }
    diags
}

/// Renders every page and hands each to `sink`, in parallel. Returns the
/// number of pages and the theme's static files.
fn render_all(
    root: &Path,
    archive: &Archive,
    sink: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
) -> Result<(usize, Vec<OutputFile>), Vec<Diagnostic>> {
    let theme = render::theme::load(root, &archive.config.theme).map_err(|d| vec![d])?;
    let pages = render::pages(archive);
    let errors: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|&p| {
            render::render_page(&theme, archive, p)
                .and_then(|f| sink(&f))
                .err()
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut statics: Vec<OutputFile> = theme
        .statics
        .iter()
        .map(|(p, b)| OutputFile {
            path: format!("theme/{p}"),
            bytes: b.clone(),
        })
        .collect();
    statics.push(OutputFile {
        path: "theme/highlight.css".into(),
        bytes: render::highlight_css().into_bytes(),
    });
    Ok((pages.len(), statics))
}

/// Builds the site. On any error nothing is written and the previous output
/// stays as it was; the diagnostics say why.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    let (archive, statics, mut diags) = load(opts);
    if diags.has_errors() {
        return Err(diags);
    }
    let target = opts.output_dir();
    let staging = output::Staging::new(&target).map_err(|d| {
        let mut ds = diags.clone();
        ds.push(d);
        ds
    })?;
    let rendered = render_all(&opts.root, &archive, |f| staging.write(f));
    let (pages, theme_files) = match rendered {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return Err(diags);
        }
    };
    let mut files = pages;
    match search::index(&archive, |f| staging.write(f)) {
        Ok(stats) => files += stats.files,
        Err(ds) => diags.extend(ds),
    }
    let (published, notes) = publish::files(&archive);
    diags.extend(notes);
    for f in &published {
        if let Err(d) = staging.write(f) {
            diags.push(d);
        }
        files += 1;
    }
    for f in &theme_files {
        if let Err(d) = staging.write(f) {
            diags.push(d);
        }
        files += 1;
    }
    for (abs, rel) in &statics {
        if let Err(d) = staging.copy(abs, &format!("static/{rel}")) {
            diags.push(d);
        }
        files += 1;
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let output = staging.commit().map_err(|d| {
        let mut ds = diags.clone();
        ds.push(d);
        ds
    })?;
    Ok(Report {
        diagnostics: diags,
        pages,
        files,
        output,
    })
}
