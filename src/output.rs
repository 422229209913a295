//! Writing the site: the only module that writes to the output folder.
//!
//! A build writes into a fresh staging folder beside the target and swaps it
//! in with renames only when everything succeeded, so a failed or interrupted
//! build leaves the previous output exactly as it was. girok never deletes a
//! folder it did not make: it marks its output with a file and refuses to
//! replace a non-empty folder without that mark.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::OutputFile;

/// The file that marks a folder as girok's output.
pub const MARKER: &str = ".girok-output";
const MARKER_TEXT: &str = "This folder was written by girok; the next build replaces it.\n";

/// A staging folder being filled.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    done: bool,
    /// Folders already made in it, so that the thousands of files of one
    /// folder (the search index's) do not each ask for it again.
    made: Mutex<HashSet<String>>,
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("cannot {what} {}: {e}", path.display()))
}

fn is_girok_output(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.girok-{tag}"))
}

/// True when `rel` stays inside the folder it is joined to.
pub fn safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

impl Staging {
    /// Checks that `target` may be replaced and creates the staging folder.
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        if target.exists() {
            if !target.is_dir() {
                return Err(Diagnostic::error(
                    "output-not-folder",
                    format!("{} exists and is not a folder", target.display()),
                )
                .help("choose another --output"));
            }
            if !is_empty_dir(target) && !is_girok_output(target) {
                return Err(Diagnostic::error(
                    "output-not-girok",
                    format!("{} is not empty and was not written by girok; girok will not replace it", target.display()),
                )
                .help("choose an empty or new folder with --output; girok only replaces folders it made itself"));
            }
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        // Leftovers of an interrupted build.
        for tag in ["new", "old"] {
            let p = sibling(target, tag);
            if p.exists() && is_girok_output(&p) {
                remove_tree(&p).map_err(|e| io_error("remove", &p, e))?;
            }
        }
        let dir = sibling(target, "new");
        if dir.exists() {
            return Err(Diagnostic::error(
                "output-busy",
                format!("{} is in the way", dir.display()),
            )
            .help("another build may be running; if not, remove that folder"));
        }
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| io_error("write", &dir, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            done: false,
            made: Mutex::new(HashSet::new()),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let to = checked_path(&self.dir, file)?;
        // The folder, by its path under the output folder (checked above
        // to be plain `/`-separated names): cheaper to look up than a
        // `Path`, which is hashed a component at a time.
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            let known = self.made.lock().is_ok_and(|m| m.contains(folder));
            if !known {
                let p = self.dir.join(folder);
                std::fs::create_dir_all(&p).map_err(|e| io_error("create", &p, e))?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(folder.to_string());
                }
            }
        }
        std::fs::write(&to, &file.bytes).map_err(|e| io_error("write", &to, e))
    }

    /// Writes a piece of a file handed over a piece at a time: the first
    /// piece starts the file, the others are appended.
    pub fn write_piece(&self, path: &str, piece: &[u8], first: bool) -> Result<(), Diagnostic> {
        use std::io::Write;
        let file = OutputFile {
            path: path.to_string(),
            bytes: Vec::new(),
        };
        let to = checked_path(&self.dir, &file)?;
        if first {
            if let Some(p) = to.parent() {
                std::fs::create_dir_all(p).map_err(|e| io_error("create", p, e))?;
            }
        }
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(!first)
            .write(true)
            .truncate(first)
            .open(&to)
            .map_err(|e| io_error("write", &to, e))?;
        out.write_all(piece).map_err(|e| io_error("write", &to, e))
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Diagnostic> {
        if !safe_relative(rel) {
            return Err(Diagnostic::error(
                "unsafe-path",
                format!("`{rel}` would be written outside the output folder"),
            ));
        }
        let to = self.dir.join(rel);
        if let Some(p) = to.parent() {
            std::fs::create_dir_all(p).map_err(|e| io_error("create", p, e))?;
        }
        std::fs::copy(from, &to).map_err(|e| io_error("copy", from, e))?;
        Ok(())
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(mut self) -> Result<PathBuf, Diagnostic> {
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_error("move aside", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io_error("move into place", &self.dir, e));
        }
        self.done = true;
        if had_old {
            if is_girok_output(&old) {
                remove_tree(&old).map_err(|e| io_error("remove", &old, e))?;
            } else {
                // It was an empty folder.
                let _ = std::fs::remove_dir(&old);
            }
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done && is_girok_output(&self.dir) {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Removes a folder and everything in it, two levels of entries in
/// parallel: a site has tens of thousands of files, most of them in a few
/// folders (`briefings/`, `sources/`...). Deeper entries go with
/// `remove_dir_all`, which removes symbolic links and never follows them.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    remove_entries(dir, 2)?;
    std::fs::remove_dir(dir)
}

/// Removes what `dir` holds, its entries in parallel, going `levels` deep
/// before handing folders to `remove_dir_all`.
fn remove_entries(dir: &Path, levels: usize) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|e| {
        let path = e.path();
        // `file_type` does not follow symbolic links.
        if !e.file_type()?.is_dir() {
            std::fs::remove_file(path)
        } else if levels > 1 {
            remove_entries(&path, levels - 1)?;
            std::fs::remove_dir(path)
        } else {
            std::fs::remove_dir_all(path)
        }
    })
}

/// Where `file` goes under `dir`, refusing paths that would leave it.
fn checked_path(dir: &Path, file: &OutputFile) -> Result<PathBuf, Diagnostic> {
    if !safe_relative(&file.path) {
        return Err(Diagnostic::error(
            "unsafe-path",
            format!("`{}` would be written outside the output folder", file.path),
        ));
    }
    Ok(dir.join(&file.path))
}

/// Writes `file` under `dir`, refusing paths that would leave it.
pub fn write_into(dir: &Path, file: &OutputFile) -> Result<(), Diagnostic> {
    let to = checked_path(dir, file)?;
    if let Some(p) = to.parent() {
        std::fs::create_dir_all(p).map_err(|e| io_error("create", p, e))?;
    }
    std::fs::write(&to, &file.bytes).map_err(|e| io_error("write", &to, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_must_stay_inside() {
        assert!(safe_relative("a/b/index.html"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative("a/../../x"));
        assert!(!safe_relative(""));
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("precious.txt"), "x").unwrap();
        let e = Staging::new(&target).unwrap_err();
        assert_eq!(e.code, "output-not-girok");
        assert!(target.join("precious.txt").exists());
    }

    #[test]
    fn a_dropped_staging_leaves_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        let s = Staging::new(&target).unwrap();
        s.write(&OutputFile {
            path: "index.html".into(),
            bytes: b"one".to_vec(),
        })
        .unwrap();
        s.commit().unwrap();
        let s = Staging::new(&target).unwrap();
        s.write(&OutputFile {
            path: "index.html".into(),
            bytes: b"two".to_vec(),
        })
        .unwrap();
        drop(s);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"one");
        assert!(!sibling(&target, "new").exists());
    }
}
