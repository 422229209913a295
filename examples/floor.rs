//! The floor for building an archive: the least work any generator must do
//! to turn it into a site of a given size. It reads every file under
//! `content/`, renders every Markdown body once with pulldown-cmark, and
//! writes as many files and bytes as a reference site (usually what girok
//! wrote for the same archive), in the same folders, on every core.
//!
//! ```sh
//! cargo run --release --example floor -- --root ARCHIVE --like GIROK_SITE --out DIR
//! ```
//!
//! Listing the reference site is done before the clock starts; the time
//! printed covers reading, rendering and writing only. It prints one line:
//! `floor: <seconds> s, read <n> files (<bytes>), wrote <n> files (<bytes>)`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use pulldown_cmark::{html, Options, Parser as Markdown};
use rayon::prelude::*;
use walkdir::WalkDir;

#[derive(Parser, Debug)]
#[command(about = "Time the least work a site generator must do for an archive")]
struct Args {
    /// The archive: a folder with content/.
    #[arg(long)]
    root: PathBuf,
    /// A site whose files (paths and sizes) the floor writes again.
    #[arg(long)]
    like: PathBuf,
    /// Where to write; must not exist or be empty.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every file under `dir`, as (path relative to `dir`, size), sorted.
fn list_files(dir: &Path) -> Result<Vec<(PathBuf, u64)>, String> {
    let mut files = Vec::new();
    for item in WalkDir::new(dir).sort_by_file_name() {
        let item = item.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        if !item.file_type().is_file() {
            continue;
        }
        let size = item
            .metadata()
            .map_err(|e| format!("cannot read {}: {e}", item.path().display()))?
            .len();
        let rel = item
            .path()
            .strip_prefix(dir)
            .map_err(|e| format!("{}: {e}", item.path().display()))?;
        files.push((rel.to_path_buf(), size));
    }
    Ok(files)
}

/// The Markdown body of a content file: what follows the front matter.
fn body(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return &rest[at..];
        }
    }
    ""
}

fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Markdown::new_ext(markdown, options));
    out
}

fn run(args: &Args) -> Result<(), String> {
    let content = args.root.join("content");
    if !content.is_dir() {
        return Err(format!("there is no folder {}", content.display()));
    }
    let like = list_files(&args.like)?;
    if like.is_empty() {
        return Err(format!("{} holds no files to match", args.like.display()));
    }
    if fs::read_dir(&args.out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} is not empty", args.out.display()));
    }

    let start = Instant::now();

    // Read and render every content file.
    let mut inputs = Vec::new();
    for item in WalkDir::new(&content).sort_by_file_name() {
        let item = item.map_err(|e| format!("cannot list {}: {e}", content.display()))?;
        if item.file_type().is_file() {
            inputs.push(item.into_path());
        }
    }
    let markdown = inputs
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .count();
    let rendered: Vec<(u64, String)> = inputs
        .par_iter()
        .map(|p| {
            let bytes = fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let html = match std::str::from_utf8(&bytes) {
                Ok(text) if p.extension().is_some_and(|x| x == "md") => render(body(text)),
                _ => String::new(),
            };
            Ok((bytes.len() as u64, html))
        })
        .collect::<Result<_, String>>()?;
    let read_bytes: u64 = rendered.iter().map(|(n, _)| n).sum();
    let mut pool: Vec<&[u8]> = rendered
        .iter()
        .map(|(_, h)| h.as_bytes())
        .filter(|h| !h.is_empty())
        .collect();
    if pool.is_empty() {
        pool.push(b"<p></p>\n");
    }

    // Write as many files and bytes as the reference site, in its folders.
    let mut dirs: Vec<PathBuf> = like
        .iter()
        .filter_map(|(rel, _)| rel.parent().map(|p| args.out.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.par_iter().try_for_each(|d| {
        fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))
    })?;
    like.par_iter()
        .enumerate()
        .try_for_each(|(k, (rel, size))| {
            let size = *size as usize;
            let src = pool[k % pool.len()];
            let mut buf = Vec::with_capacity(size);
            while buf.len() < size {
                let n = (size - buf.len()).min(src.len());
                buf.extend_from_slice(&src[..n]);
            }
            let path = args.out.join(rel);
            fs::write(&path, &buf).map_err(|e| format!("cannot write {}: {e}", path.display()))
        })?;

    let secs = start.elapsed().as_secs_f64();
    let wrote: u64 = like.iter().map(|(_, n)| n).sum();
    println!(
        "floor: {secs:.3} s, read {} files ({:.1} MB), rendered {} bodies, wrote {} files ({:.1} MB) on {} threads",
        inputs.len(),
        read_bytes as f64 / 1e6,
        markdown,
        like.len(),
        wrote as f64 / 1e6,
        rayon::current_num_threads()
    );
    Ok(())
}
