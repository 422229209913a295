//! Atom feeds, `sitemap.xml` and `robots.txt`.

use crate::model::Archive;
use crate::render::OutputFile;

/// The feeds, the sitemap and robots.txt for a site published at `base`.
pub fn files(_a: &Archive, _base: &str) -> Vec<OutputFile> {
    Vec::new()
}
