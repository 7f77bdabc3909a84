//! The HTTP side: listening, worker threads with a read-only store each, and turning a
//! request into a response (method and size checks, static files, pages, headers).

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use entente_store::Store;
use tiny_http::{Header, Method, Request, Response};

use crate::error::{Error, Result};
use crate::graph::LayoutCache;
use crate::page::{Page, PageError};
use crate::request::{MAX_TARGET_BYTES, Target};

/// Where `entente serve` listens unless told otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8642";

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    pub bind: SocketAddr,
    /// Worker threads, each with its own connection.
    pub threads: usize,
}

/// A bound explorer, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    stores: Vec<Store>,
}

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

/// Pages may load only what this server sends; nothing inline runs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

impl Server {
    /// Opens the database read-only (once per worker) and listens on `config.bind`.
    pub fn bind(config: &Config) -> Result<Server> {
        let stores = open_stores(&config.db, config.threads.max(1))?;
        let listener = listen(config.bind).map_err(|source| Error::Bind {
            addr: config.bind,
            hint: match source.kind() {
                std::io::ErrorKind::AddrInUse => {
                    ": the port is in use (another `entente serve`?); choose another with --bind"
                }
                std::io::ErrorKind::AddrNotAvailable => {
                    ": no interface of this machine has that address"
                }
                std::io::ErrorKind::PermissionDenied => {
                    ": permission denied; choose a port above 1023"
                }
                _ => "",
            },
            source,
        })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: config.bind,
            hint: "",
            source,
        })?;
        let http =
            tiny_http::Server::from_listener(listener, None).map_err(|source| Error::Bind {
                addr,
                hint: "",
                source: std::io::Error::other(source.to_string()),
            })?;
        Ok(Server {
            http: Arc::new(http),
            addr,
            stores,
        })
    }

    /// The address listened on (with the port chosen when `bind` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends.
    pub fn run(self) {
        let layouts = Arc::new(LayoutCache::default());
        let addr = self.addr;
        let workers: Vec<_> = self
            .stores
            .into_iter()
            .map(|store| {
                let http = Arc::clone(&self.http);
                let layouts = Arc::clone(&layouts);
                std::thread::spawn(move || {
                    let mut pages = PageCache::default();
                    loop {
                        match http.recv() {
                            Ok(request) => answer(&store, &layouts, &mut pages, addr, request),
                            Err(_) => continue,
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            // A worker only ends by panicking outside a page (pages are caught).
            let _ = worker.join();
        }
    }
}

/// A listening socket whose connections send each write at once (`TCP_NODELAY`, which
/// Linux passes on to accepted sockets): without it a response written in two parts
/// waits for the client's delayed acknowledgement, 40 ms per request on a kept-alive
/// connection.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

fn open_stores(path: &Path, count: usize) -> Result<Vec<Store>> {
    if !path.is_file() {
        return Err(Error::MissingDatabase {
            path: path.to_path_buf(),
        });
    }
    (0..count)
        .map(|_| {
            Store::open_read_only(path).map_err(|source| Error::Store {
                path: path.to_path_buf(),
                source,
            })
        })
        .collect()
}

fn answer(
    store: &Store,
    layouts: &LayoutCache,
    pages: &mut PageCache,
    local: SocketAddr,
    request: Request,
) {
    let host = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Host"))
        .map(|header| header.value.as_str().to_owned());
    let page = match foreign_host(local, host.as_deref()) {
        Some(error) => error.page(),
        None => respond(store, layouts, pages, request.method(), request.url()),
    };
    let mut response = Response::from_string(page.body).with_status_code(page.status);
    let mut headers = vec![
        ("Content-Type", page.content_type),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ];
    if page.status == 405 {
        headers.push(("Allow", "GET, HEAD"));
    }
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The client may have gone away; nothing to do then.
    let _ = request.respond(response);
}

/// A refusal when the server listens on loopback and the request names another host:
/// a web page elsewhere that points its own domain at 127.0.0.1 (DNS rebinding) must not
/// read the database through the visitor's browser. A request without `Host` (HTTP/1.0
/// tools) is answered; on a non-loopback address every host is.
fn foreign_host(local: SocketAddr, host: Option<&str>) -> Option<PageError> {
    let host = host?.trim().to_ascii_lowercase();
    if !local.ip().is_loopback() {
        return None;
    }
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default().to_owned(),
        None => host.split(':').next().unwrap_or_default().to_owned(),
    };
    let loopback = name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| PageError {
        status: 421,
        message: format!(
            "this explorer answers only for this machine (localhost, 127.0.0.1), not for `{host}`"
        ),
    })
}

/// The page for one request.
pub(crate) fn respond(
    store: &Store,
    layouts: &LayoutCache,
    pages: &mut PageCache,
    method: &Method,
    url: &str,
) -> Page {
    if !matches!(method, Method::Get | Method::Head) {
        return PageError {
            status: 405,
            message: format!(
                "the explorer is read-only: `{method}` is refused, only GET and HEAD are answered"
            ),
        }
        .page();
    }
    if url.len() > MAX_TARGET_BYTES {
        return PageError {
            status: 414,
            message: format!(
                "the address is {} bytes long; at most {MAX_TARGET_BYTES} are accepted",
                url.len()
            ),
        }
        .page();
    }
    match url.split('?').next().unwrap_or_default() {
        "/static/style.css" => return asset("text/css; charset=utf-8", STYLE),
        "/static/app.js" => return asset("text/javascript; charset=utf-8", SCRIPT),
        _ => {}
    }
    let target = match Target::parse(url) {
        Ok(target) => target,
        Err(error) => return error.page(),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.read_snapshot(|store| {
            let version = store.data_version()?;
            if let Some(page) = pages.get(version, url) {
                return Ok(page);
            }
            let page = crate::pages::route(store, &target, layouts)?;
            pages.insert(url, &page);
            Ok::<Page, PageError>(page)
        })
    }));
    match outcome {
        Ok(Ok(page)) => page,
        Ok(Err(error)) => error.page(),
        Err(_) => PageError {
            status: 500,
            message: String::from("the page failed; this is a bug in entente"),
        }
        .page(),
    }
}

/// The pages one worker answered, by request target, for one state of the database:
/// every page is a function of the target and the database, so while no other
/// connection commits (`Store::data_version` unchanged) an answer can be sent again.
#[derive(Debug, Default)]
pub(crate) struct PageCache {
    version: Option<i64>,
    pages: HashMap<String, Page>,
    bytes: usize,
}

/// Bytes of pages one worker keeps before it starts again.
const CACHED_BYTES: usize = 32 * 1024 * 1024;

impl PageCache {
    /// The page for `target` at `version`; a new version empties the cache.
    fn get(&mut self, version: i64, target: &str) -> Option<Page> {
        if self.version != Some(version) {
            self.pages.clear();
            self.bytes = 0;
            self.version = Some(version);
        }
        self.pages.get(target).cloned()
    }

    fn insert(&mut self, target: &str, page: &Page) {
        if self.bytes + page.body.len() > CACHED_BYTES {
            self.pages.clear();
            self.bytes = 0;
        }
        self.bytes += page.body.len() + target.len();
        self.pages.insert(target.to_owned(), page.clone());
    }
}

fn asset(content_type: &'static str, body: &str) -> Page {
    Page {
        status: 200,
        content_type,
        body: body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        Page {
            status: 200,
            content_type: "text/html",
            body: body.to_owned(),
        }
    }

    #[test]
    fn only_loopback_host_names_are_answered_on_loopback() {
        let loopback: SocketAddr = "127.0.0.1:8642".parse().unwrap();
        let open: SocketAddr = "0.0.0.0:8642".parse().unwrap();
        for host in [
            "127.0.0.1:8642",
            "localhost:8642",
            "LOCALHOST",
            "[::1]:8642",
            "127.0.0.2",
        ] {
            assert_eq!(foreign_host(loopback, Some(host)), None, "{host}");
        }
        assert_eq!(foreign_host(loopback, None), None);
        for host in [
            "evil.example:8642",
            "example.org",
            "[2001:db8::1]:80",
            "10.0.0.1:8642",
        ] {
            let error = foreign_host(loopback, Some(host)).unwrap();
            assert_eq!(error.status, 421, "{host}");
        }
        assert_eq!(foreign_host(open, Some("evil.example")), None);
    }

    #[test]
    fn cached_pages_last_while_the_data_version_does() {
        let mut cache = PageCache::default();
        assert_eq!(cache.get(1, "/"), None);
        cache.insert("/", &page("one"));
        assert_eq!(cache.get(1, "/"), Some(page("one")));
        assert_eq!(cache.get(1, "/actors"), None);
        // Another connection committed: everything is read again.
        assert_eq!(cache.get(2, "/"), None);
        cache.insert("/", &page("two"));
        assert_eq!(cache.get(2, "/").map(|p| p.body), Some("two".into()));
        let big = "x".repeat(CACHED_BYTES - 2);
        cache.insert("/big", &page(&big));
        assert_eq!(cache.get(2, "/"), None, "the cache started again when full");
        assert!(cache.get(2, "/big").is_some());
    }
}
