//! Live rebuilds, for `girok serve`.
//!
//! The first build is a full one that notes, for every page, which entries
//! it shows. After an edit to entry files, [`Live::rebuild`] reads only
//! those files again, re-indexes the archive (cheap), and re-renders only:
//! the edited entries' own pages; every page that showed them before; the
//! pages of the entries they now refer to (a wave a briefing newly names
//! shows it from now on); every list page of a kind whose order changed;
//! and the home and search pages. Then it regenerates the search index,
//! feeds, exports and data, and writes only the files whose bytes changed.
//! Anything else (site.yaml, a theme, a static file, a file added, removed
//! or turned into a draft) gets a full build, which is always correct.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::entities::{Entry, Kind};
use crate::model::{Archive, FastMap};
use crate::render::theme::Theme;
use crate::render::views::Touched;
use crate::render::{OutputFile, Page};
use crate::{build_noting, content, hash_bytes, output, publish, search, Options, PageDeps};

/// An entry, by kind and slug.
type Key = (Kind, String);

/// What one build or rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// Whether it was a full build.
    pub full: bool,
    /// Whether the site was written; when not, the last good site stays.
    pub ok: bool,
    /// The pages rendered, by path.
    pub pages: Vec<String>,
    /// Files written (pages and generated files whose bytes changed).
    pub written: usize,
    /// What it reported.
    pub diagnostics: Diagnostics,
}

/// What one page showed when it was last rendered.
struct Shown {
    /// The entries, by kind and slug, sorted.
    keys: Vec<Key>,
    /// The same entries by kind and position, sorted, as the renderer
    /// noted them; they name the same entries as long as `layout` is
    /// [`State::layout`].
    raw: Vec<(Kind, usize)>,
    /// The layout `raw` was noted in.
    layout: u64,
}

struct State {
    archive: Archive,
    /// Counts the changes of any kind's order since the full build: entry
    /// positions (what the renderer notes) stay valid while it is the same.
    layout: u64,
    /// The theme, loaded once: editing a theme or site.yaml builds
    /// everything, and a full build starts a new state.
    theme: Option<Theme>,
    /// Entry files, relative to the root.
    files: BTreeSet<String>,
    /// Files under `content/static/`, relative to it.
    statics: Vec<String>,
    /// Page → the entries it shows.
    shows: FastMap<String, Shown>,
    /// Entry → the pages that show it.
    shown_on: FastMap<Key, BTreeSet<String>>,
    /// Generated files (not pages) → hash of their bytes.
    generated: FastMap<String, u64>,
}

/// A site kept up to date with its archive.
pub struct Live {
    opts: Options,
    state: Option<State>,
}

fn key_of(a: &Archive, kind: Kind, i: usize) -> Key {
    let slug = match kind {
        Kind::Briefing => &a.briefings[i].slug,
        Kind::Wave => &a.waves[i].slug,
        Kind::Actor => &a.actors[i].slug,
        Kind::Source => &a.sources[i].slug,
    };
    (kind, slug.clone())
}

fn index_of(a: &Archive, key: &Key) -> Option<usize> {
    let (kind, slug) = key;
    match kind {
        Kind::Briefing => a.briefings.iter().position(|x| &x.slug == slug),
        Kind::Wave => a.waves.iter().position(|x| &x.slug == slug),
        Kind::Actor => a.actors.iter().position(|x| &x.slug == slug),
        Kind::Source => a.sources.iter().position(|x| &x.slug == slug),
    }
}

fn own_page(key: &Key) -> String {
    format!("{}/{}/index.html", key.0.dir(), key.1)
}

/// The entries that entry `key` refers to in its front matter.
fn refers_to(a: &Archive, key: &Key) -> Vec<Key> {
    let Some(i) = index_of(a, key) else {
        return Vec::new();
    };
    let ix = &a.index;
    let mut out: Vec<(Kind, usize)> = Vec::new();
    match key.0 {
        Kind::Briefing => {
            out.extend(ix.briefing_waves[i].iter().map(|&w| (Kind::Wave, w)));
            out.extend(ix.briefing_actors[i].iter().map(|&x| (Kind::Actor, x)));
            out.extend(ix.briefing_cited[i].iter().map(|&s| (Kind::Source, s)));
            out.extend(ix.briefing_uncited[i].iter().map(|&s| (Kind::Source, s)));
            for &f in &ix.briefing_figures[i] {
                let f = &a.figures[f];
                out.push((Kind::Source, f.source));
                out.extend(f.wave.map(|w| (Kind::Wave, w)));
                out.extend(f.attributed_to.map(|x| (Kind::Actor, x)));
            }
            for &s in &ix.briefing_statements[i] {
                let s = &a.statements[s];
                out.push((Kind::Source, s.source));
                out.push((Kind::Actor, s.actor));
                out.extend(s.wave.map(|w| (Kind::Wave, w)));
            }
        }
        Kind::Actor => out.extend(ix.actor_parent[i].map(|p| (Kind::Actor, p))),
        Kind::Wave | Kind::Source => {}
    }
    out.into_iter().map(|(k, j)| key_of(a, k, j)).collect()
}

fn order(a: &Archive, kind: Kind) -> Vec<&str> {
    match kind {
        Kind::Briefing => a.briefings.iter().map(|x| x.slug.as_str()).collect(),
        Kind::Wave => a.waves.iter().map(|x| x.slug.as_str()).collect(),
        Kind::Actor => a.actors.iter().map(|x| x.slug.as_str()).collect(),
        Kind::Source => a.sources.iter().map(|x| x.slug.as_str()).collect(),
    }
}

fn is_list_of(page: Page, kind: Kind) -> bool {
    matches!(
        (page, kind),
        (Page::Briefings(_), Kind::Briefing)
            | (Page::Waves(_), Kind::Wave)
            | (Page::Actors, Kind::Actor)
            | (Page::Sources(_), Kind::Source)
    )
}

/// Where an entry file is: its kind, from its folder.
fn kind_of_file(rel: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| rel.starts_with(&format!("content/{}/", k.dir())) && rel.ends_with(".md"))
}

impl State {
    /// Records what each page of `deps` shows now. A page that shows the
    /// same entries as before (most re-rendered pages) costs a comparison.
    fn note(&mut self, deps: Vec<PageDeps>) {
        for (path, mut touched) in deps {
            // A page may name one entry many times: one key each.
            touched.sort_unstable();
            touched.dedup();
            let old = self.shows.get_mut(&path);
            if let Some(old) = &old {
                if old.layout == self.layout && old.raw == touched {
                    continue;
                }
            }
            let mut keys: Vec<Key> = touched
                .iter()
                .map(|&(k, i)| key_of(&self.archive, k, i))
                .collect();
            keys.sort();
            if let Some(old) = old {
                if old.keys == keys {
                    old.raw = touched;
                    old.layout = self.layout;
                    continue;
                }
                for k in &old.keys {
                    if let Some(set) = self.shown_on.get_mut(k) {
                        set.remove(&path);
                    }
                }
            }
            for k in &keys {
                match self.shown_on.get_mut(k) {
                    Some(set) => {
                        set.insert(path.clone());
                    }
                    None => {
                        self.shown_on
                            .insert(k.clone(), BTreeSet::from([path.clone()]));
                    }
                }
            }
            let shown = Shown {
                keys,
                raw: touched,
                layout: self.layout,
            };
            self.shows.insert(path, shown);
        }
    }
}

impl Live {
    /// A live site for the archive `opts` names; nothing is built yet.
    pub fn new(opts: Options) -> Live {
        Live { opts, state: None }
    }

    /// The options it builds with.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// A full build, noting what each page shows.
    pub fn build_all(&mut self) -> Outcome {
        self.state = None;
        match build_noting(&self.opts, true) {
            Ok(b) => {
                let found = content::walk(&self.opts.root);
                let mut state = State {
                    archive: b.archive,
                    layout: 0,
                    theme: None,
                    files: found.entries.into_iter().map(|(_, rel)| rel).collect(),
                    statics: found.statics.into_iter().map(|(_, rel)| rel).collect(),
                    shows: FastMap::default(),
                    shown_on: FastMap::default(),
                    generated: b.generated.into_iter().collect(),
                };
                let pages: Vec<String> = b.deps.iter().map(|(p, _)| p.clone()).collect();
                state.note(b.deps);
                self.state = Some(state);
                Outcome {
                    full: true,
                    ok: true,
                    pages,
                    written: b.report.files,
                    diagnostics: b.report.diagnostics,
                }
            }
            Err(diagnostics) => Outcome {
                full: true,
                ok: false,
                pages: Vec::new(),
                written: 0,
                diagnostics,
            },
        }
    }

    /// Brings the site up to date after the files `changed` (paths
    /// relative to the archive root) were edited.
    pub fn rebuild(&mut self, changed: &[String]) -> Outcome {
        self.rebuild_then(changed, |_, _| {})
    }

    /// [`Live::rebuild`], calling `pages_done` as soon as the pages are
    /// written (before the search index and other generated files), with
    /// whether it went well and the errors as text: the moment a browser
    /// can reload.
    pub fn rebuild_then(
        &mut self,
        changed: &[String],
        pages_done: impl FnOnce(bool, String),
    ) -> Outcome {
        let mut pages_done = Some(pages_done);
        let mut done = |ok: bool, text: String| {
            if let Some(f) = pages_done.take() {
                f(ok, text);
            }
        };
        let outcome = self.rebuild_inner(changed, &mut done);
        done(outcome.ok, outcome.diagnostics.errors_text());
        outcome
    }

    fn rebuild_inner(&mut self, changed: &[String], done: &mut dyn FnMut(bool, String)) -> Outcome {
        let Some(state) = self.state.take() else {
            return self.build_all();
        };
        let root = self.opts.root.clone();
        let mut edited: Vec<(Kind, String)> = Vec::new();
        for rel in changed {
            let known = state.files.contains(rel);
            let exists = root.join(rel).is_file();
            match kind_of_file(rel) {
                Some(kind) if known && exists => edited.push((kind, rel.clone())),
                // A file that came and went (an editor's temporary file).
                _ if !known && !exists && !rel.starts_with("themes/") && rel != "site.yaml" => {}
                // site.yaml, a theme, a static file, or a file added or
                // removed: build everything.
                _ => return self.build_all(),
            }
        }
        edited.sort();
        edited.dedup();
        if edited.is_empty() {
            self.state = Some(state);
            return Outcome {
                full: false,
                ok: true,
                pages: Vec::new(),
                written: 0,
                diagnostics: Diagnostics::new(),
            };
        }
        let allow_raw = state.archive.config.allow_raw_html;
        let reread = content::load_all(&root, &edited, allow_raw);
        let mut diagnostics = Diagnostics::new();
        let mut fresh: Vec<Entry> = Vec::new();
        for (entry, ds) in reread {
            diagnostics.extend(ds);
            fresh.extend(entry);
        }
        if diagnostics.has_errors() || fresh.len() != edited.len() {
            // The last good site stays; the state is still that site's.
            self.state = Some(state);
            diagnostics.sort();
            return failed(diagnostics);
        }
        self.apply(state, fresh, diagnostics, done)
    }

    fn apply(
        &mut self,
        state: State,
        fresh: Vec<Entry>,
        mut diagnostics: Diagnostics,
        done: &mut dyn FnMut(bool, String),
    ) -> Outcome {
        let State {
            archive: old,
            layout,
            theme,
            files,
            statics,
            shows,
            shown_on,
            generated,
        } = state;
        let keys: Vec<Key> = fresh.iter().map(|e| (e.kind, e.slug.clone())).collect();
        let hidden = |a: &Archive, key: &Key| index_of(a, key).is_none();
        let hidden_before: Vec<bool> = keys.iter().map(|k| hidden(&old, k)).collect();
        let old_orders: Vec<Vec<String>> = Kind::ALL
            .iter()
            .map(|&k| order(&old, k).into_iter().map(String::from).collect())
            .collect();
        let (archive, ds) = old.rebuild(fresh, &statics, self.opts.drafts);
        diagnostics.extend(ds);
        diagnostics.sort();
        if diagnostics.has_errors() {
            // The site on disk is the last good one; the next edit builds
            // everything again.
            return failed(diagnostics);
        }
        let hidden_after: Vec<bool> = keys.iter().map(|k| hidden(&archive, k)).collect();
        if hidden_before != hidden_after {
            // A briefing became a draft or stopped being one: pages appear
            // or go.
            return self.build_all();
        }
        let mut state = State {
            archive,
            layout,
            theme,
            files,
            statics,
            shows,
            shown_on,
            generated,
        };
        let a = &state.archive;

        // Which pages to render.
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        wanted.insert(Page::Home.path(a));
        wanted.insert(Page::Search.path(a));
        for key in &keys {
            wanted.insert(own_page(key));
            if let Some(pages) = state.shown_on.get(key) {
                wanted.extend(pages.iter().cloned());
            }
            wanted.extend(refers_to(a, key).iter().map(own_page));
        }
        let all_pages = crate::render::pages(a);
        let mut reordered = false;
        for (n, &kind) in Kind::ALL.iter().enumerate() {
            if order(a, kind) != old_orders[n] {
                reordered = true;
                for &p in &all_pages {
                    if is_list_of(p, kind) {
                        wanted.insert(p.path(a));
                    }
                }
            }
        }
        let pages: Vec<Page> = all_pages
            .into_iter()
            .filter(|p| wanted.contains(&p.path(a)))
            .collect();
        if reordered {
            state.layout += 1;
        }

        let out_dir = self.opts.output_dir();
        let theme = match state.theme.take() {
            Some(t) => t,
            None => match crate::load_theme(&self.opts, &a.config.theme) {
                Ok(t) => t,
                Err(d) => {
                    diagnostics.push(d);
                    return failed(diagnostics);
                }
            },
        };
        // What the pages share (their addresses, descriptions and citation
        // texts) is worked out once for all of them, not once a page.
        let for_pages = publish::ForPages::new(a);
        let results: Vec<Result<PageDeps, Diagnostic>> = pages
            .par_iter()
            .map(|&p| {
                let touched = Touched::default();
                let f = crate::render::render_page_with(&theme, a, &for_pages, p, Some(&touched))?;
                output::write_into(&out_dir, &f)?;
                Ok((f.path, touched.into_inner()))
            })
            .collect();
        let mut deps = Vec::new();
        for r in results {
            match r {
                Ok(d) => deps.push(d),
                Err(e) => diagnostics.push(e),
            }
        }
        let rendered: Vec<String> = deps.iter().map(|(p, _)| p.clone()).collect();
        drop(for_pages);
        state.theme = Some(theme);
        state.note(deps);
        let mut written = rendered.len();
        done(!diagnostics.has_errors(), diagnostics.errors_text());

        // The generated files: rewritten only where their bytes changed.
        let changed_files = Mutex::new(Vec::new());
        let generated = &state.generated;
        let write_if_changed = |f: &OutputFile| -> Result<(), Diagnostic> {
            let h = hash_bytes(&f.bytes);
            if generated.get(&f.path) != Some(&h) {
                output::write_into(&out_dir, f)?;
                if let Ok(mut c) = changed_files.lock() {
                    c.push((f.path.clone(), h));
                }
            }
            Ok(())
        };
        if let Err(ds) = search::index(&state.archive, |f| write_if_changed(f)) {
            diagnostics.extend(ds);
        }
        // Each file is compared (and written) as it is made, so that they
        // are never all held at once; failures are reported in path order.
        let failures = Mutex::new(Diagnostics::new());
        let gathered: Mutex<Vec<OutputFile>> = Mutex::new(Vec::new());
        let failed = |d| {
            if let Ok(mut fs) = failures.lock() {
                fs.push(d);
            }
        };
        publish::write_files(
            &state.archive,
            &|f| {
                if let Err(d) = write_if_changed(&f) {
                    failed(d);
                }
            },
            // A live build holds the archive whole anyway: the pieces are
            // gathered, then compared like any other file.
            &|path, piece, _| {
                if let Ok(mut g) = gathered.lock() {
                    match g.iter_mut().find(|f| f.path == path) {
                        Some(f) => f.bytes.extend_from_slice(piece),
                        None => g.push(OutputFile {
                            path: path.to_string(),
                            bytes: piece.to_vec(),
                        }),
                    }
                }
            },
        );
        for f in gathered.into_inner().unwrap_or_default() {
            if let Err(d) = write_if_changed(&f) {
                failed(d);
            }
        }
        let mut failures = failures.into_inner().unwrap_or_default();
        failures.sort();
        diagnostics.extend(failures);
        let changed_files = changed_files.into_inner().unwrap_or_default();
        written += changed_files.len();
        state.generated.extend(changed_files);
        let ok = !diagnostics.has_errors();
        self.state = ok.then_some(state);
        Outcome {
            full: false,
            ok,
            pages: rendered,
            written,
            diagnostics,
        }
    }
}

fn failed(diagnostics: Diagnostics) -> Outcome {
    Outcome {
        full: false,
        ok: false,
        pages: Vec::new(),
        written: 0,
        diagnostics,
    }
}

/// The path of `abs` relative to `root`, with `/`, if it is inside it.
pub fn relative_to(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}
