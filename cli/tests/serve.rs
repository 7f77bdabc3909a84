//! End-to-end tests of `entente serve`: the real binary on an ephemeral port over a
//! temporary database of the bundled examples (and a hostile article), asked over
//! HTTP/1.1 by a small client written here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.env_remove("ENTENTE_DB");
    cmd
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An article whose title, text and url try to run script in the page.
const HOSTILE: &str = r#"{"id": "hostile-1", "title": "<script>alert('title')</script> Talks", "published": "2026-01-05", "source": "Example Wire \"><img src=x onerror=alert(2)>", "url": "javascript:alert(document.cookie)", "text": "ANKARA, Jan 5 (Example Wire) - Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi in Ankara on Monday. \"<script>alert(1)</script> We will build the corridor\", Fidan said after the talks. The ministers also discussed \"><img src=x onerror=alert(3)> and <a href=\"javascript:alert(4)\">links</a>."}"#;

/// A folder with the examples and the hostile article ingested.
fn database() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("entente.db");
    let hostile = folder.path().join("hostile.jsonl");
    std::fs::write(&hostile, format!("{HOSTILE}\n")).unwrap();
    let examples = root().join("examples");
    let mut ingest = bin();
    ingest.arg("--db").arg(&db).arg("ingest").arg("-q");
    for name in [
        "01_state_visit.txt",
        "02_phone_call.txt",
        "03_summit_sidelines.txt",
        "04_press_conference.txt",
        "05_ministerial_delegation.txt",
        "06_belt_and_road_middle_corridor.txt",
        "more.jsonl",
    ] {
        ingest.arg(examples.join(name));
    }
    let out = ingest.arg(&hostile).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (folder, db)
}

/// A running `entente serve`, killed when dropped.
struct Served {
    child: Child,
    port: u16,
    /// The first line it printed on stderr.
    banner: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path, bind: &str) -> Served {
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .args(["serve", "--bind", bind, "--threads", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut banner = String::new();
    let mut port = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        banner.push_str(&line);
        banner.push('\n');
        if let Some(rest) = line.split("at http://").nth(1) {
            let addr = rest.split('/').next().unwrap();
            port = Some(addr.rsplit(':').next().unwrap().parse().unwrap());
            break;
        }
    }
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let port = port.unwrap_or_else(|| panic!("no address in {banner:?}"));
    Served {
        child,
        port,
        banner,
    }
}

/// Status, headers (lower-case names) and body of one request.
struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn request(port: u16, method: &str, target: &str) -> Reply {
    request_to(port, &format!("127.0.0.1:{port}"), method, target)
}

fn request_to(port: u16, host: &str, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = if method == "POST" { "a=1" } else { "" };
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

fn get(port: u16, target: &str) -> Reply {
    request(port, "GET", target)
}

#[track_caller]
fn check_page(port: u16, target: &str, status: u16, expected: &[&str]) -> String {
    let reply = get(port, target);
    assert_eq!(reply.status, status, "{target}: {}", reply.body);
    for text in expected {
        assert!(reply.body.contains(text), "{target} lacks {text:?}");
    }
    reply.body
}

fn files(db: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    ["", "-wal"]
        .into_iter()
        .map(|suffix| {
            let path = format!("{}{suffix}", db.display());
            let bytes = std::fs::read(&path).ok();
            (path, bytes)
        })
        .collect()
}

#[test]
fn every_kind_of_page_answers_with_its_records() {
    let (_folder, db) = database();
    let served = serve(&db, "127.0.0.1:0");
    assert!(served.banner.contains("serving"), "{}", served.banner);
    let port = served.port;
    check_page(
        port,
        "/",
        200,
        &[
            "9</b> documents",
            "Most mentioned actors",
            "Who met most often",
            "2025-",
        ],
    );
    // Names are found folded and by alias; statement words through FTS5, marked.
    check_page(
        port,
        "/search?q=ERDO%C4%9EAN",
        200,
        &["Recep Tayyip Erdogan"],
    );
    let search = check_page(port, "/search?q=belt+and+road", 200, &["<mark>"]);
    assert!(search.contains("Sun Weidong"), "{search}");
    check_page(port, "/actors?country=CHN", 200, &["Wang Yi", "Li Qiang"]);
    let actors = get(port, "/actors?name=wang+yi").body;
    let wang = actors
        .split("href=\"/actor/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let actor = check_page(
        port,
        &format!("/actor/{wang}"),
        200,
        &[
            "Wang Yi",
            "Foreign Minister",
            "Met most often",
            "Hakan Fidan",
            "<svg",
            "<rect",
        ],
    );
    assert!(actor.contains("statements</span>"), "{actor}");
    check_page(
        port,
        &format!("/meetings?actor={wang}&from=2026&to=2026"),
        200,
        &["Meetings with", "Presidential Complex"],
    );
    check_page(port, "/meetings?country=TUR&page=1", 200, &["Hakan Fidan"]);
    check_page(
        port,
        "/meeting/1",
        200,
        &["Evidence", "Participants", "/document/"],
    );
    check_page(port, "/statement/1", 200, &["Speaker", "Evidence", "rule"]);
    check_page(port, "/statements?q=corridor", 200, &["<mark>", "orridor"]);
    check_page(
        port,
        "/organisations",
        200,
        &["Organisations", "/organisation/"],
    );
    check_page(port, "/organisation/1", 200, &["Kind", "Documents"]);
    let initiatives = check_page(port, "/initiatives", 200, &["Middle Corridor"]);
    let corridor = initiatives
        .split("href=\"/initiative/")
        .find(|part| part.contains("Middle Corridor"))
        .and_then(|part| part.split('"').next())
        .unwrap()
        .to_owned();
    check_page(
        port,
        &format!("/initiative/{corridor}"),
        200,
        &[
            "Middle Corridor",
            "Mentions per month",
            "Who speaks about it",
            "<rect",
        ],
    );
    check_page(port, "/documents", 200, &["Documents", "/document/1"]);
    check_page(
        port,
        "/document/1",
        200,
        &["class=\"m m-actor\"", "class=\"ev ev-", "sha256"],
    );
    // Static files.
    let style = get(port, "/static/style.css");
    assert_eq!(style.status, 200);
    assert!(style.headers.contains("content-type: text/css"));
    assert_eq!(get(port, "/static/app.js").status, 200);
    // HEAD answers like GET without a body.
    let head = request(port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

/// The `data-nodes` and `data-edges` of a network drawing.
fn drawn(body: &str) -> (usize, usize) {
    let number = |name: &str| {
        let at = body.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        body[at..].split('"').next().unwrap().parse().unwrap()
    };
    (number("data-nodes"), number("data-edges"))
}

#[test]
fn the_network_is_drawn_filtered_and_linked() {
    let (_folder, db) = database();
    let served = serve(&db, "127.0.0.1:0");
    let port = served.port;
    let everyone = check_page(
        port,
        "/network",
        200,
        &[
            "id=\"network-graph\"",
            "href=\"/actor/",
            "href=\"/meetings?actor=",
            "<circle",
            "<line",
        ],
    );
    let (nodes, edges) = drawn(&everyone);
    assert!(nodes >= 10 && edges >= 10, "{nodes} nodes, {edges} edges");
    let graph = everyone.split("id=\"network-graph\"").nth(1).unwrap();
    let graph = graph.split("</svg>").next().unwrap();
    assert_eq!(graph.matches("<circle").count(), nodes);
    assert_eq!(graph.matches("<line").count(), edges);
    // The same filter draws the same picture (a cached, deterministic layout).
    assert_eq!(get(port, "/network").body, everyone);
    let chinese = check_page(
        port,
        "/network?country=CHN",
        200,
        &["data-filter=\"country=CHN&amp;actor="],
    );
    let (chinese_nodes, _) = drawn(&chinese);
    assert!(chinese_nodes < nodes, "{chinese_nodes} of {nodes}");
    // An actor by name; the drawing alone is what the page's script fetches.
    let wang = check_page(
        port,
        "/network/drawing?actor=wang+yi&from=2025",
        200,
        &["Wang Yi", "Hakan Fidan"],
    );
    assert!(!wang.contains("<html"), "{wang}");
    assert!(drawn(&wang).0 >= 2);
    let (none, _) = drawn(&format!(
        "{} data-nodes=\"0\" data-edges=\"0\"",
        check_page(
            port,
            "/network?from=1990&to=1990",
            200,
            &["No meeting fits"]
        )
    ));
    assert_eq!(none, 0);
    for (target, message) in [
        ("/network?actor=wang", "fits 3 actors"),
        ("/network?actor=nobody+at+all", "no actor fits"),
        ("/network?limit=0", "parameter `limit`"),
        ("/network?limit=many", "parameter `limit`"),
        ("/network?country=China", "ISO alpha-3"),
        ("/network/drawing?from=2025-00", "parameter `from`"),
    ] {
        let reply = get(port, target);
        assert_eq!(reply.status, 400, "{target}");
        assert!(reply.body.contains(message), "{target}: {}", reply.body);
    }
}

#[test]
fn bad_requests_get_clear_errors_and_the_database_stays_unchanged() {
    let (_folder, db) = database();
    let before = files(&db);
    let served = serve(&db, "127.0.0.1:0");
    let port = served.port;
    for (target, status, message) in [
        ("/actor/99999", 404, "there is no actor with id 99999"),
        ("/meeting/0", 404, "no meeting id"),
        ("/statement/abc", 404, "no statement id"),
        ("/document/99999", 404, "there is no document with id 99999"),
        ("/organisation/99999", 404, "no organisation with id"),
        ("/initiative/99999", 404, "no initiative with id"),
        ("/no/such/page", 404, "there is no page"),
        (
            "/meetings?actor=99999",
            404,
            "there is no actor with id 99999",
        ),
        (
            "/statements?speaker=99999",
            404,
            "there is no actor with id 99999",
        ),
        (
            "/statements?initiative=99999",
            404,
            "no initiative with id 99999",
        ),
        (
            "/network?actor=99999",
            404,
            "there is no actor with id 99999",
        ),
        (
            "/meetings?from=2025-13",
            400,
            "parameter `from` must be a date",
        ),
        (
            "/meetings?to=yesterday",
            400,
            "parameter `to` must be a date",
        ),
        (
            "/meetings?actor=wang",
            400,
            "parameter `actor` must be a positive id",
        ),
        ("/actors?country=Turkey", 400, "ISO alpha-3"),
        ("/actors?page=0", 400, "parameter `page`"),
        ("/actors?page=abc", 400, "parameter `page`"),
        ("/actors?page=50", 404, "page 50 is past the end"),
        ("/statements?q=%22unclosed", 400, "invalid search query"),
        ("/statements?q=AND", 400, "invalid search query"),
        ("/search?q=%ZZ", 400, "percent-encoded"),
    ] {
        let reply = get(port, target);
        assert_eq!(reply.status, status, "{target}: {}", reply.body);
        assert!(reply.body.contains(message), "{target}: {}", reply.body);
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let reply = request(port, method, "/");
        assert_eq!(reply.status, 405, "{method}");
        assert!(reply.headers.contains("allow: get, head"), "{method}");
    }
    let long = format!("/search?q={}", "a".repeat(100 * 1024));
    let reply = get(port, &long);
    assert_eq!(reply.status, 414, "{}", reply.body);
    // A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) is refused.
    let reply = request_to(port, "attacker.example:80", "GET", "/");
    assert_eq!(reply.status, 421, "{}", reply.body);
    assert!(reply.body.contains("answers only for this machine"));
    assert_eq!(request_to(port, "localhost", "GET", "/").status, 200);
    // Still answering after all that.
    assert_eq!(get(port, "/").status, 200);
    drop(served);
    // The database file is byte for byte the same; a WAL reader may leave an empty
    // `-wal` beside it (SQLite creates one to read in WAL mode), never one with frames.
    let after = files(&db);
    assert!(
        before[0].1.is_some() && before[0] == after[0],
        "the database changed"
    );
    assert!(before[1].1.is_none(), "the ingest left a WAL");
    assert!(
        after[1].1.as_ref().is_none_or(|wal| wal.is_empty()),
        "the server wrote into the WAL"
    );
}

#[test]
fn hostile_article_text_shows_as_text() {
    let (_folder, db) = database();
    let served = serve(&db, "127.0.0.1:0");
    let port = served.port;
    let documents = get(port, "/documents").body;
    let id = documents
        .split("href=\"/document/")
        .find(|part| part.contains("Talks"))
        .and_then(|part| part.split('"').next())
        .unwrap()
        .to_owned();
    let reply = get(port, &format!("/document/{id}"));
    assert_eq!(reply.status, 200);
    let page = reply.body;
    for bad in [
        "<script>alert",
        "<img src=x",
        "href=\"javascript:",
        "href=javascript:",
        "onerror=alert(2)>",
    ] {
        assert!(!page.contains(bad), "document page holds {bad:?}");
    }
    for escaped in [
        "<h1>&lt;script&gt;alert(",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(3)&gt;",
        "javascript:alert(document.cookie)",
    ] {
        assert!(page.contains(escaped), "document page lacks {escaped:?}");
    }
    // The only scripts are the explorer's own, and the policy forbids inline ones.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(
        reply
            .headers
            .contains("content-security-policy: default-src 'none'")
    );
    for target in [
        "/statements?q=script",
        "/search?q=corridor",
        "/meetings",
        "/",
    ] {
        let body = get(port, target).body;
        assert!(!body.contains("<script>alert"), "{target}");
        assert!(!body.contains("<img src=x"), "{target}");
    }
}

#[test]
fn the_server_reads_while_an_ingest_writes() {
    let (folder, db) = database();
    let served = serve(&db, "127.0.0.1:0");
    let port = served.port;
    let count = |port| {
        let body = get(port, "/").body;
        let at = body.find("</b> documents").unwrap();
        let start = body[..at].rfind("<b>").unwrap() + 3;
        body[start..at].parse::<u64>().unwrap()
    };
    assert_eq!(count(port), 9);
    let more = folder.path().join("more.jsonl");
    let mut lines = String::new();
    for index in 0..40 {
        lines.push_str(&format!(
            "{{\"published\": \"2026-02-{:02}\", \"text\": \"ANKARA - Turkish Foreign Minister Hakan Fidan met Chinese Foreign Minister Wang Yi in Ankara on Monday, round {index}.\"}}\n",
            index % 28 + 1
        ));
    }
    std::fs::write(&more, lines).unwrap();
    let ingest = bin()
        .arg("--db")
        .arg(&db)
        .args(["--busy-timeout", "5", "ingest", "-q"])
        .arg(&more)
        .spawn()
        .unwrap();
    // Pages keep answering during the ingest, each from one consistent snapshot.
    let mut seen = Vec::new();
    let ingest = {
        let mut ingest = ingest;
        loop {
            seen.push(count(port));
            if let Some(status) = ingest.try_wait().unwrap() {
                break status;
            }
        }
    };
    assert!(ingest.success());
    assert!(seen.iter().all(|&n| n == 9 || n == 49), "{seen:?}");
    assert_eq!(count(port), 49);
}

#[test]
fn a_port_in_use_a_missing_database_or_another_schema_exit_2() {
    let (folder, db) = database();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = bin()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the port is in use"), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");

    let missing = folder.path().join("missing.db");
    let out = bin()
        .arg("--db")
        .arg(&missing)
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!missing.exists(), "serve created the database");

    let newer = folder.path().join("newer.db");
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let out = bin().arg("--db").arg(&newer).arg("serve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("schema version `999`"), "{stderr}");

    let text = folder.path().join("notes.db");
    std::fs::write(&text, "not a database, just notes").unwrap();
    let out = bin().arg("--db").arg(&text).arg("serve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    drop(taken);
}

#[test]
fn a_non_loopback_address_is_warned_about() {
    let (_folder, db) = database();
    let served = serve(&db, "0.0.0.0:0");
    assert!(
        served.banner.contains("is not a loopback address"),
        "{}",
        served.banner
    );
    assert_eq!(get(served.port, "/").status, 200);
}
