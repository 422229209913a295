//! The bibliography as CSL-JSON, BibTeX and RIS.

use crate::model::Archive;
use crate::render::OutputFile;

/// The bibliography exports.
pub fn files(_a: &Archive) -> Vec<OutputFile> {
    Vec::new()
}
