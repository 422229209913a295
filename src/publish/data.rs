//! The open data: `data/archive.json`, its schema, and CSV tables.

use crate::model::Archive;
use crate::render::OutputFile;

/// The open data files.
pub fn files(_a: &Archive) -> Vec<OutputFile> {
    Vec::new()
}
