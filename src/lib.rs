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
mod lanes;
pub mod live;
pub mod markdown;
pub mod model;
pub mod new;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;

use std::path::PathBuf;

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
    /// Render every page through Tera, even those the built-in templates'
    /// compiled form would write (see `render::native`).
    pub tera: bool,
}

impl Options {
    /// Options for the archive at `root`, with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            output: None,
            drafts: false,
            tera: false,
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
    /// How long each step took, in order: (step, duration).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Notes how long each step of a build takes.
struct Clock {
    last: std::time::Instant,
    steps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn start() -> Self {
        Clock {
            last: std::time::Instant::now(),
            steps: Vec::new(),
        }
    }

    /// Ends the step `name`, which began when the previous one ended.
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
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
    let static_rels: Vec<String> = found.statics.iter().map(|(_, r)| r.clone()).collect();
    // Each entry goes straight to its kind's list, without a list of all.
    let entries = loaded.into_iter().filter_map(|(entry, ds)| {
        diags.extend(ds);
        entry
    });
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
        if let Err(ds) = render_all(opts, &archive, None, |_| Ok(()), false) {
            diags.extend(ds);
        }
    }
    diags
}

/// Which entries one page shows: its path, and (kind, index) pairs.
pub(crate) type PageDeps = (String, Vec<(model::entities::Kind, usize)>);

/// What [`render_all`] produced besides the pages it handed on.
pub(crate) struct Rendered {
    /// Number of pages.
    pub pages: usize,
    /// The theme's static files, to write under `theme/`.
    pub theme_files: Vec<OutputFile>,
    /// With `noting`, the entries each page shows.
    pub deps: Vec<PageDeps>,
}

/// The archive's theme, as `opts` asks it to render.
pub(crate) fn load_theme(opts: &Options, name: &str) -> Result<render::theme::Theme, Diagnostic> {
    let mut theme = render::theme::load(&opts.root, name)?;
    if opts.tera {
        theme.interpret_all();
    }
    Ok(theme)
}

/// Renders every page and hands each to `sink`, in parallel. With
/// `noting`, also notes which entries each page shows. `early` is the
/// theme when it was loaded already, with its name.
pub(crate) fn render_all(
    opts: &Options,
    archive: &Archive,
    early: Option<(String, render::theme::Theme)>,
    sink: impl Fn(&OutputFile) -> Result<(), Diagnostic> + Sync,
    noting: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let theme = match early {
        Some((name, theme)) if name == archive.config.theme => theme,
        _ => load_theme(opts, &archive.config.theme).map_err(|d| vec![d])?,
    };
    let pages = render::pages(archive);
    let publish = publish::ForPages::new(archive);
    let results: Vec<Result<Option<PageDeps>, Diagnostic>> = pages
        .par_iter()
        .map(|&p| {
            let touched = render::views::Touched::default();
            let f =
                render::render_page_with(&theme, archive, &publish, p, noting.then_some(&touched))?;
            sink(&f)?;
            Ok(noting.then(|| (f.path, touched.into_inner())))
        })
        .collect();
    let mut deps = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => deps.extend(d),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rendered {
        pages: pages.len(),
        theme_files: theme_files(&theme),
        deps,
    })
}

/// The theme's static files and the generated code stylesheet.
fn theme_files(theme: &render::theme::Theme) -> Vec<OutputFile> {
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
    statics
}

/// Builds the site. On any error nothing is written and the previous output
/// stays as it was; the diagnostics say why.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    build_noting(opts, false).map(|b| {
        let FullBuild {
            report,
            archive,
            deps,
            generated,
        } = b;
        // Freeing the archive's many allocations takes a noticeable part
        // of a second at 10,000 briefings, and nothing waits for it: it
        // is done on a thread of its own (and left to the system when the
        // program exits first). Should the thread not start, it is done
        // here.
        let leftovers = (archive, deps, generated);
        let _ = std::thread::Builder::new()
            .name("girok-free".into())
            .spawn(move || drop(leftovers));
        report
    })
}

/// A full build, with what a live rebuild needs to go on from it.
pub(crate) struct FullBuild {
    pub report: Report,
    pub archive: Archive,
    /// With `noting`, the entries each page shows.
    pub deps: Vec<PageDeps>,
    /// Hashes of the generated files that are not pages (search index,
    /// feeds, exports, data), by path.
    pub generated: Vec<(String, u64)>,
}

/// A hash of a file's bytes, to tell whether it changed.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// [`build`], noting which entries each page shows when `noting`.
pub(crate) fn build_noting(opts: &Options, noting: bool) -> Result<FullBuild, Diagnostics> {
    let mut clock = Clock::start();
    // The theme's templates are parsed on a thread of their own while the
    // content is read: reading keeps every core busy but for a moment
    // while the index is put together, which the theme fills. The same
    // thread first loads the syntax definitions for code blocks, while
    // the content folder is still being listed, rather than making the
    // first body with a code block (and any other waiting for them) wait.
    let ((mut archive, statics, mut diags), early) = std::thread::scope(|scope| {
        let theme = std::thread::Builder::new()
            .name("girok-theme".into())
            .spawn_scoped(scope, || {
                markdown::prepare();
                let name = config::Config::load(&opts.root).ok()?.theme;
                let theme = load_theme(opts, &name).ok()?;
                Some((name, theme))
            })
            .ok();
        let loaded = load(opts);
        (loaded, theme.and_then(|t| t.join().ok().flatten()))
    });
    clock.lap("read and index");
    if diags.has_errors() {
        return Err(diags);
    }
    let target = opts.output_dir();
    let staging = output::Staging::new(&target).map_err(|d| {
        let mut ds = diags.clone();
        ds.push(d);
        ds
    })?;
    let rendered = match render_all(opts, &archive, early, |f| staging.write(f), noting) {
        Ok(r) => r,
        Err(ds) => {
            diags.extend(ds);
            return Err(diags);
        }
    };
    clock.lap("render and write pages");
    if !noting {
        // Only pages show the bodies' HTML, and they are written: what
        // follows has room for its own data (at 10,000 briefings the
        // HTML is over 100 MB). A live build keeps it for its rebuilds.
        archive.drop_body_html();
    }
    // A full build hands the bodies' plain texts to the search index,
    // which lets each go once indexed; a live build keeps them.
    let texts = (!noting).then(|| archive.take_texts());
    let mut files = rendered.pages;
    let generated = std::sync::Mutex::new(Vec::new());
    let write_generated = |f: &OutputFile| {
        staging.write(f)?;
        if noting {
            if let Ok(mut g) = generated.lock() {
                g.push((f.path.clone(), hash_bytes(&f.bytes)));
            }
        }
        Ok(())
    };
    // The search index and the other generated files (feeds, exports,
    // data) are independent: made side by side, each in parallel too.
    let published = std::sync::atomic::AtomicUsize::new(0);
    let unwritten = std::sync::Mutex::new(Vec::new());
    let gathered: std::sync::Mutex<Vec<(String, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());
    let (searched, notes) = rayon::join(
        || match texts {
            Some(texts) => search::index_taking(&archive, texts, write_generated),
            None => search::index(&archive, write_generated),
        },
        || {
            let unwritten = |d| {
                if let Ok(mut u) = unwritten.lock() {
                    u.push(d);
                }
            };
            publish::write_files(
                &archive,
                &|f| {
                    published.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if let Err(d) = write_generated(&f) {
                        unwritten(d);
                    }
                },
                &|path, piece, first| {
                    if first {
                        published.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    if noting {
                        // A live build hashes whole files: it gathers this
                        // one (it holds the archive whole anyway).
                        if let Ok(mut g) = gathered.lock() {
                            match g.iter_mut().find(|(p, _)| p == path) {
                                Some((_, bytes)) => bytes.extend_from_slice(piece),
                                None => g.push((path.to_string(), piece.to_vec())),
                            }
                        }
                    } else if let Err(d) = staging.write_piece(path, piece, first) {
                        unwritten(d);
                    }
                },
            )
        },
    );
    match searched {
        Ok(stats) => files += stats.files,
        Err(ds) => diags.extend(ds),
    }
    diags.extend(notes);
    for (path, bytes) in gathered.into_inner().unwrap_or_default() {
        if let Err(d) = write_generated(&OutputFile { path, bytes }) {
            diags.push(d);
        }
    }
    diags.extend(unwritten.into_inner().unwrap_or_default());
    files += published.into_inner();
    clock.lap("search index, feeds, exports and data");
    for f in &rendered.theme_files {
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
    clock.lap("swap in and remove the old site");
    let mut generated = generated.into_inner().unwrap_or_default();
    generated.sort();
    Ok(FullBuild {
        report: Report {
            diagnostics: diags,
            pages: rendered.pages,
            files,
            output,
            timings: clock.steps,
        },
        archive,
        deps: rendered.deps,
        generated,
    })
}
