//! Files for publishing and reuse, written beside the pages:
//!
//! - [`feeds`]: Atom feeds, `sitemap.xml` and `robots.txt` (these need the
//!   site's `base_url`);
//! - [`cite`]: the bibliography as CSL-JSON, BibTeX and RIS;
//! - [`data`]: the open data under `data/`: `archive.json` with its JSON
//!   Schema, `figures.csv` and `statements.csv`.

pub mod cite;
pub mod data;
pub mod feeds;

use crate::diag::Diagnostic;
use crate::model::Archive;
use crate::render::OutputFile;

/// Every publishing and data file of the archive, with paths under the
/// output folder, and notes on what was left out.
pub fn files(a: &Archive) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut notes = Vec::new();
    // The feeds are made beside the rest.
    let (fed, (cited, data)) = rayon::join(
        || {
            a.config
                .base_url
                .as_deref()
                .map(|base| feeds::files(a, base))
        },
        || rayon::join(|| cite::files(a), || data::files(a)),
    );
    match fed {
        Some(f) => files.extend(f),
        None => notes.push(
            Diagnostic::note(
                "no-base-url",
                "site.yaml has no base_url, so the Atom feeds, sitemap.xml and robots.txt are left out, and pages carry no canonical or Open Graph addresses",
            )
            .in_file("site.yaml")
            .help("add the address the site will be published at, e.g. base_url: https://example.org/archive/"),
        ),
    }
    files.extend(cited);
    files.extend(data);
    (files, notes)
}
