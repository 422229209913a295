//! `girok serve`, run as a writer runs it: the site is served on this
//! computer with a reload script, an edit shows up after the next build,
//! and a broken edit is reported to the page while the last good site
//! stays served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

use super::support::Scratch;

const SPRING: &str = "content/briefings/2024-04-25-spring-returns.md";
const SPRING_PAGE: &str = "/briefings/2024-04-25-spring-returns/index.html";

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(s: &Scratch, out: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_girok"))
        .args(["serve", "--port", "0", "--root"])
        .arg(s.root())
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut server = Server {
        child,
        addr: String::new(),
    };
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("girok serve said nothing for a minute");
        if let Some(rest) = line.strip_prefix("serving http://") {
            server.addr = rest.split('/').next().unwrap().to_string();
            assert!(server.addr.starts_with("127.0.0.1:"), "{line}");
            return server;
        }
    }
}

/// A GET request: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

fn status_after(addr: &str, v: u64) -> serde_json::Value {
    let (code, body) = get(addr, &format!("/__girok/wait?v={v}"));
    assert_eq!(code, 200);
    serde_json::from_str(&body).unwrap()
}

fn edit(s: &Scratch, from: &str, to: &str) {
    let path = s.root().join(SPRING);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serve_shows_edits_and_reports_broken_ones_to_the_page() {
    let s = Scratch::of("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&s, &out.path().join("site"));
    let addr = server.addr.clone();

    let (code, home) = get(&addr, "/");
    assert_eq!(code, 200);
    assert!(home.contains("<script src=\"/__girok/live.js\"></script>"));
    assert!(home.contains("connect-src 'self'"));
    let (code, js) = get(&addr, "/__girok/live.js");
    assert_eq!(code, 200);
    assert!(js.contains("location.reload"));
    // The pages on disk are the plain ones.
    let on_disk = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(!on_disk.contains("__girok"));
    let (code, _) = get(&addr, "/no/such/page.html");
    assert_eq!(code, 404);
    let (code, _) = get(&addr, "/../../etc/passwd");
    assert_eq!(code, 404);

    let first = status_after(&addr, u64::MAX);
    assert_eq!(first["ok"], true);
    let v0 = first["v"].as_u64().unwrap();

    edit(
        &s,
        "title: Spring returns from Jilin",
        "title: Spring returns, edited live",
    );
    let st = status_after(&addr, v0);
    assert_eq!(st["ok"], true, "{st}");
    let v1 = st["v"].as_u64().unwrap();
    assert!(v1 > v0);
    let (_, page) = get(&addr, SPRING_PAGE);
    assert!(page.contains("Spring returns, edited live"));

    edit(&s, "date: 2024-04-25", "date: 2024-04-31");
    let st = status_after(&addr, v1);
    assert_eq!(st["ok"], false, "{st}");
    let message = st["message"].as_str().unwrap();
    assert!(
        message.contains(SPRING) && message.contains("2024-04-31"),
        "{message}"
    );
    // The last good page is still served.
    let (code, page) = get(&addr, SPRING_PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Spring returns, edited live"));

    edit(&s, "date: 2024-04-31", "date: 2024-04-25");
    let mut st = status_after(&addr, st["v"].as_u64().unwrap());
    // Editors may write in steps; wait for the build that settles.
    while st["ok"] != true {
        st = status_after(&addr, st["v"].as_u64().unwrap());
    }
    assert_eq!(st["message"], "");
}
