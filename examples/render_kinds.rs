//! How long each kind of page takes to render, in one thread, and how many
//! bytes it makes: where to look when a build's "render" step is slow.
//!
//! cargo run --release --example render_kinds -- ARCHIVE [briefing|wave|actor|source|lists]
//!
//! Reading and indexing the archive is not counted. Run it under
//! `valgrind --tool=callgrind --toggle-collect='girok::render::render_page_with'`
//! for instruction counts that do not depend on how busy the machine is.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use girok::render::{self, Page};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn kind(p: Page) -> &'static str {
    match p {
        Page::Briefing(_) => "briefing",
        Page::Wave(_) => "wave",
        Page::Actor(_) => "actor",
        Page::Source(_) => "source",
        _ => "lists",
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: render_kinds ARCHIVE [briefing|wave|actor|source|lists]");
        return ExitCode::from(2);
    };
    let only = args.next();
    let opts = girok::Options::new(root);
    let (archive, _, diags) = girok::load(&opts);
    if diags.has_errors() {
        eprintln!("the archive has errors; run girok check");
        return ExitCode::FAILURE;
    }
    let theme = match render::theme::load(&opts.root, &archive.config.theme) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("{}", d.message);
            return ExitCode::FAILURE;
        }
    };
    // kind -> (pages, seconds, bytes)
    let mut by: BTreeMap<&str, (usize, f64, usize)> = BTreeMap::new();
    for p in render::pages(&archive) {
        let k = kind(p);
        if only.as_deref().is_some_and(|o| o != k) {
            continue;
        }
        let t = Instant::now();
        let bytes = match render::render_page(&theme, &archive, p) {
            Ok(f) => f.bytes.len(),
            Err(d) => {
                eprintln!("{}", d.message);
                return ExitCode::FAILURE;
            }
        };
        let e = by.entry(k).or_default();
        e.0 += 1;
        e.1 += t.elapsed().as_secs_f64();
        e.2 += bytes;
    }
    let mut total = 0.0;
    for (k, (n, s, b)) in &by {
        total += s;
        println!(
            "{k:10} {n:6} pages {s:7.3} s {:8.1} MB {:8.1} us/page",
            *b as f64 / 1e6,
            s * 1e6 / *n as f64
        );
    }
    println!("total {total:.3} s");
    ExitCode::SUCCESS
}
