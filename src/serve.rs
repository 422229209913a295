//! `girok serve`: builds the archive, serves the site on this computer,
//! watches `content/`, `themes/` and `site.yaml`, rebuilds what an edit
//! affects ([`crate::live`]) and reloads the open pages.
//!
//! The pages it serves get one extra script, `/__girok/live.js`, which
//! waits on `/__girok/wait` for the next build: a good build reloads the
//! page, a failed one shows its problems over the page while the last good
//! site stays served. The pages written to disk are never changed for this.

use std::collections::BTreeSet;
use std::io::Cursor;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::live::{relative_to, Live, Outcome};
use crate::Options;

/// How long the server holds a reload request before answering anyway.
const HOLD: Duration = Duration::from_secs(25);
/// How long to wait for more events after the first one of an edit
/// (editors often write a file in several steps).
const SETTLE: Duration = Duration::from_millis(25);
/// Threads answering requests (each held reload request keeps one).
const WORKERS: usize = 8;

const LIVE_JS: &str = include_str!("serve_live.js");

/// The state of the last build, as the pages' script sees it.
#[derive(Debug, Clone, Serialize)]
struct Status {
    /// Counts builds.
    v: u64,
    /// Whether the last build succeeded.
    ok: bool,
    /// Its problems, as plain text.
    message: String,
}

struct Shared {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Shared {
    fn publish(&self, ok: bool, message: String) {
        if let Ok(mut s) = self.status.lock() {
            s.v += 1;
            s.ok = ok;
            s.message = message;
        }
        self.changed.notify_all();
    }

    fn current(&self) -> Option<Status> {
        self.status.lock().ok().map(|s| s.clone())
    }

    /// The status once it differs from version `v` (or after a while).
    fn wait_past(&self, v: u64) -> Option<Status> {
        let guard = self.status.lock().ok()?;
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, HOLD, |s| s.v == v)
            .ok()?;
        Some(guard.clone())
    }
}

/// What to print after a build: its problems, and one line.
pub type Report<'a> = &'a (dyn Fn(&Outcome, Duration) + Sync);

/// Serves the archive `opts` names at `addr` until interrupted. `report`
/// prints what each build did; `ready` is told the address served once the
/// first build is done (port 0 picks a free port).
pub fn run(
    opts: Options,
    addr: SocketAddr,
    report: Report<'_>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), Diagnostic> {
    // Events name absolute paths; compare them with an absolute root.
    let root = opts.root.canonicalize().map_err(|e| {
        Diagnostic::error(
            "serve",
            format!(
                "cannot open the archive folder {}: {e}",
                opts.root.display()
            ),
        )
    })?;
    let out_dir = opts.output_dir();
    let server = tiny_http::Server::http(addr).map_err(|e| {
        Diagnostic::error("serve", format!("cannot listen on {addr}: {e}"))
            .help("another program may use this port; pick another with --port")
    })?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    // Watching starts before the first build and before the address is
    // announced: an edit saved while the site is first built, or right
    // after `serving` is printed, is seen and rebuilt, never lost.
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        // Reading files (the build itself does) is no change.
        if let Ok(ev) = ev {
            if matches!(ev.kind, notify::EventKind::Access(_)) {
                return;
            }
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    })
    .map_err(|e| Diagnostic::error("serve", format!("cannot watch the archive: {e}")))?;
    for (dir, mode) in [
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
        (root.clone(), RecursiveMode::NonRecursive),
    ] {
        if dir.is_dir() {
            watcher.watch(&dir, mode).map_err(|e| {
                Diagnostic::error("serve", format!("cannot watch {}: {e}", dir.display()))
            })?;
        }
    }

    let mut live = Live::new(opts);
    let started = Instant::now();
    let first = live.build_all();
    report(&first, started.elapsed());
    let shared = Arc::new(Shared {
        status: Mutex::new(Status {
            v: 0,
            ok: first.ok,
            message: first.diagnostics.errors_text(),
        }),
        changed: Condvar::new(),
    });
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        let dir = out_dir.clone();
        std::thread::spawn(move || {
            while let Ok(rq) = server.recv() {
                handle(rq, &dir, &shared);
            }
        });
    }
    ready(bound);

    loop {
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        let began = Instant::now();
        let mut paths = vec![first];
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(p) => paths.push(p),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        let changed = watched(&root, &paths);
        if changed.is_empty() {
            continue;
        }
        let changed: Vec<String> = changed.into_iter().collect();
        let outcome = live.rebuild_then(&changed, |ok, message| {
            shared.publish(ok, message);
        });
        report(&outcome, began.elapsed());
    }
}

/// The archive files among `paths` that matter to the site, relative to
/// `root`: site.yaml, themes, and content files other than editors' backup
/// and swap files.
fn watched(root: &Path, paths: &[PathBuf]) -> BTreeSet<String> {
    paths
        .iter()
        .filter_map(|p| relative_to(root, p))
        .filter(|rel| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let scratch = name.starts_with('.')
                || name.starts_with('#')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".tmp");
            rel == "site.yaml"
                || (!scratch && (rel.starts_with("themes/") || rel.starts_with("content/")))
        })
        .collect()
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(rq: tiny_http::Request, status: u16, kind: &str, body: Vec<u8>) {
    let mut r = tiny_http::Response::new(
        tiny_http::StatusCode(status),
        Vec::new(),
        Cursor::new(body.clone()),
        Some(body.len()),
        None,
    );
    for h in [
        header("Content-Type", kind),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    let _ = rq.respond(r);
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "bib" | "ris" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%xx` escapes decoded; None when the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file under `dir` that a URL path names, if it is one.
fn file_for(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let rel = decoded.trim_start_matches('/');
    if rel
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
        || rel.contains('\\')
    {
        return None;
    }
    let mut path = dir.join(rel);
    if path.is_dir() {
        path = path.join("index.html");
    }
    path.is_file().then_some(path)
}

/// A page as served: with the reload script, and a policy that lets it
/// reach this server.
fn with_live_script(html: &str) -> String {
    let html = html.replacen(
        "default-src 'none';",
        "default-src 'none'; connect-src 'self';",
        1,
    );
    let tag = "<script src=\"/__girok/live.js\"></script>\n";
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}"),
    }
}

fn handle(rq: tiny_http::Request, dir: &Path, shared: &Shared) {
    let url = rq.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match path {
        "/__girok/live.js" => {
            respond(
                rq,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            );
        }
        "/__girok/wait" => {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("v="))
                .and_then(|v| v.parse::<u64>().ok());
            let status = match since {
                Some(v) => shared.wait_past(v),
                None => shared.current(),
            };
            let body = status
                .and_then(|s| serde_json::to_vec(&s).ok())
                .unwrap_or_else(|| b"{}".to_vec());
            respond(rq, 200, "application/json", body);
        }
        _ => match file_for(dir, path) {
            Some(file) => {
                let name = file.to_string_lossy().into_owned();
                let kind = content_type(&name);
                match std::fs::read(&file) {
                    Ok(bytes) if kind.starts_with("text/html") => {
                        let page = with_live_script(&String::from_utf8_lossy(&bytes));
                        respond(rq, 200, kind, page.into_bytes());
                    }
                    Ok(bytes) => respond(rq, 200, kind, bytes),
                    Err(_) => respond(rq, 404, "text/plain; charset=utf-8", b"not found".to_vec()),
                }
            }
            None => {
                let body = std::fs::read_to_string(dir.join("404.html"))
                    .map(|h| with_live_script(&h).into_bytes())
                    .unwrap_or_else(|_| b"not found".to_vec());
                respond(rq, 404, "text/html; charset=utf-8", body);
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_archive_files_count_and_editor_scratch_files_do_not() {
        let root = Path::new("/a");
        let paths: Vec<PathBuf> = [
            "/a/site.yaml",
            "/a/content/briefings/x.md",
            "/a/content/briefings/.x.md.swp",
            "/a/content/briefings/x.md~",
            "/a/themes/default/templates/base.html",
            "/a/output/index.html",
            "/a/notes.txt",
            "/b/content/y.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let got: Vec<String> = watched(root, &paths).into_iter().collect();
        assert_eq!(
            got,
            [
                "content/briefings/x.md",
                "site.yaml",
                "themes/default/templates/base.html"
            ]
        );
    }

    #[test]
    fn urls_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        std::fs::create_dir_all(d.join("waves/x")).unwrap_or_default();
        std::fs::write(d.join("waves/x/index.html"), "x").unwrap_or_default();
        std::fs::write(d.join("index.html"), "home").unwrap_or_default();
        assert_eq!(file_for(d, "/"), Some(d.join("index.html")));
        assert_eq!(file_for(d, "/waves/x/"), Some(d.join("waves/x/index.html")));
        assert_eq!(
            file_for(d, "/waves/%78/index.html"),
            Some(d.join("waves/x/index.html"))
        );
        assert_eq!(file_for(d, "/../etc/passwd"), None);
        assert_eq!(file_for(d, "/waves/%2e%2e/%2e%2e/x"), None);
        assert_eq!(file_for(d, "/.girok-output"), None);
        assert_eq!(file_for(d, "/missing.html"), None);
    }

    #[test]
    fn served_pages_get_the_script_and_may_reach_the_server() {
        let page = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"><body><p>x</p></body></html>";
        let served = with_live_script(page);
        assert!(served.contains("default-src 'none'; connect-src 'self'; script-src 'self'"));
        assert!(served.contains("<script src=\"/__girok/live.js\"></script>\n</body>"));
    }
}
