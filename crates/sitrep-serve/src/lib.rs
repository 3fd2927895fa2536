//! `sitrep serve`: the HTTP API and the web map over an event store.
//!
//! Routes (described in full by the OpenAPI 3.1 document at `/v1/openapi.json`, `openapi.json`
//! in this crate; a test checks that it names exactly the routes the router serves):
//! `GET /v1/health`, `GET /v1/events` (JSON or ACLED CSV, paginated), `GET /v1/events/{id}`,
//! `GET /v1/events.geojson`, `GET /v1/stats`, `POST /v1/extract`, `POST /v1/documents`
//! (token), `GET /v1/openapi.json`, and the page: `GET /` and `GET /assets/{*path}`.
//!
//! # Design
//! - **SQLite access.** A `rusqlite::Connection` is `Send` but not `Sync`, so readers take a
//!   connection from a small pool (`Mutex<Vec<Reader>>`, grown on demand up to the number of
//!   blocking threads, returned after use) and run on tokio's blocking pool, sized to the worker
//!   count (measured: 8 blocking threads on 2 cores doubled the p99 of `/v1/events` under load
//!   against 2, at the same throughput). The store is in WAL mode, so reads never wait for the
//!   writer; read connections map the file into memory (`PRAGMA mmap_size`). Writes (`POST /v1/documents`) go through one
//!   writer connection behind a mutex, one batch per transaction, exactly as `sitrep ingest`.
//! - **Fast path.** `/v1/events` copies the stored JSON text of each canonical event (its
//!   `record` and `sources` columns) into the response without parsing it, with cached prepared
//!   statements; `total` is one `count(*)` with the same filters, cached per connection and
//!   query until another connection commits (`PRAGMA data_version`), since paging repeats it.
//!   `/v1/stats` is cached the same way.
//! - **Extraction** is CPU-bound: it runs on the blocking pool, with the [`Extractor`] shared by
//!   `Arc` (built once, read-only). `/v1/extract` returns the document record exactly as
//!   `sitrep extract` prints it (the same [`Extractor::extract_guarded`]); HTML goes
//!   through `sitrep-ingest`'s reader, JSON bodies have the fields of a JSONL input record.
//!   `/v1/documents` reads its body with `sitrep-ingest`'s JSONL reader and writes with
//!   [`Store::ingest`], the code path of `sitrep ingest`.
//!
//! # Hardening
//! - Request bodies are limited (`--max-body`, default 2 MiB): larger ones get a 413, at once
//!   when the declared `Content-Length` is over the limit (before the body is read).
//! - Every request has a deadline (default 30 s): past it, a 408. (A blocking task already
//!   running, such as an extraction, finishes in the background; the blocking pool is bounded,
//!   so a flood of slow requests queues instead of multiplying threads.)
//! - Every query parameter is validated (dates, bounding box, ranges, formats); unknown or
//!   repeated parameters are refused, so typos do not silently widen a query.
//! - Every error, including the framework's own (404, 405, 413, 408, rejected bodies), is
//!   answered as `{"error":{"status":…,"code":…,"message":…}}`; a panic in a handler becomes a 500
//!   with no details (logged on the server).
//! - Writes need the token (`Authorization: Bearer …`), compared in constant time over SHA-256
//!   digests (so neither content nor length leaks through timing); without a token configured
//!   the server is read-only and writes get a 403.
//! - Static files come only from the table embedded at compile time: no filesystem access, so
//!   no path traversal. The page gets `Content-Security-Policy` (own origin only, `data:`
//!   images, inline styles for Leaflet), `X-Content-Type-Options: nosniff`,
//!   `Referrer-Policy: no-referrer` and `X-Frame-Options: DENY`.
//! - CORS is off unless an origin is given (`--cors ORIGIN`).

mod api;
pub mod assets;
pub mod error;
pub mod params;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use sha2::{Digest, Sha256};
use sitrep_core::Extractor;
use sitrep_store::{Store, StoreError};

pub use error::ApiError;

/// The version of this crate (`/v1/health`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The OpenAPI 3.1 document.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Default request body limit: 2 MiB.
pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;

/// Default deadline of a request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The store.
    pub db: PathBuf,
    /// Writes allowed with this bearer token; none: read-only.
    pub token: Option<String>,
    /// Allowed CORS origin (`*` for any); none: no CORS headers.
    pub cors: Option<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Deadline of one request.
    pub timeout: Duration,
}

impl Options {
    pub fn new(db: impl Into<PathBuf>) -> Options {
        Options {
            db: db.into(),
            token: None,
            cors: None,
            max_body: DEFAULT_MAX_BODY,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("no store at {0}; create one with `sitrep ingest --db {0} FILES` (or start with --token to create an empty one)")]
    NoStore(String),
    #[error("the token is empty")]
    EmptyToken,
    #[error("--cors {0:?} is not a valid origin")]
    BadOrigin(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error(transparent)]
    Clock(#[from] sitrep_formats::FormatError),
}

/// A read connection with its caches of counts and statistics per query: counting the matches
/// of a filter scans the table (10–20 ms at 10 k events), while paging through the results
/// repeats the same count. The caches are dropped whenever `PRAGMA data_version` says another
/// connection (the writer, or another process such as `sitrep ingest`) committed.
#[derive(Debug)]
pub(crate) struct Reader {
    pub(crate) store: Store,
    version: i64,
    counts: HashMap<String, usize>,
    stats: HashMap<String, sitrep_store::query::Stats>,
}

/// Bytes of the database each read connection maps into memory.
const MMAP_BYTES: u64 = 256 * 1024 * 1024;

/// Most cached results per connection (the cache is emptied when full).
const CACHE_ENTRIES: usize = 1024;

impl Reader {
    fn new(store: Store) -> Reader {
        // Reads through a memory map instead of read() calls into SQLite's small per-connection
        // cache: the pages are the OS page cache's, shared by every connection. Measured 3x
        // faster on filtered pages at 10 k events (filters walk the date index and read rows).
        // A failure only loses the speed-up.
        if let Err(e) = store
            .connection()
            .execute_batch(&format!("PRAGMA mmap_size = {MMAP_BYTES}"))
        {
            eprintln!("sitrep serve: warning: PRAGMA mmap_size: {e}");
        }
        Reader {
            store,
            version: i64::MIN,
            counts: HashMap::new(),
            stats: HashMap::new(),
        }
    }

    fn check_version(&mut self) -> Result<(), StoreError> {
        let v = self.store.data_version()?;
        if v != self.version {
            self.counts.clear();
            self.stats.clear();
            self.version = v;
        }
        Ok(())
    }

    /// [`Store::count`], cached.
    pub(crate) fn count(&mut self, q: &sitrep_store::Query) -> Result<usize, StoreError> {
        self.check_version()?;
        let key = format!("{q:?}");
        if let Some(n) = self.counts.get(&key) {
            return Ok(*n);
        }
        let n = self.store.count(q)?;
        if self.counts.len() >= CACHE_ENTRIES {
            self.counts.clear();
        }
        self.counts.insert(key, n);
        Ok(n)
    }

    /// [`Store::stats`], cached.
    pub(crate) fn stats(
        &mut self,
        q: &sitrep_store::Query,
    ) -> Result<sitrep_store::query::Stats, StoreError> {
        self.check_version()?;
        let key = format!("{q:?}");
        if let Some(s) = self.stats.get(&key) {
            return Ok(s.clone());
        }
        let s = self.store.stats(q)?;
        if self.stats.len() >= CACHE_ENTRIES {
            self.stats.clear();
        }
        self.stats.insert(key, s.clone());
        Ok(s)
    }
}

/// Read connections, opened on demand and reused.
#[derive(Debug)]
struct Pool {
    db: PathBuf,
    idle: Mutex<Vec<Reader>>,
}

impl Pool {
    fn take(&self) -> Result<Reader, StoreError> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match idle {
            Some(r) => Ok(r),
            None => Store::open(&self.db).map(Reader::new),
        }
    }

    fn give(&self, reader: Reader) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < 64 {
            idle.push(reader);
        }
    }
}

/// The shared state of the server.
#[derive(Debug)]
pub struct App {
    pool: Pool,
    writer: Option<Mutex<Store>>,
    token: Option<[u8; 32]>,
    extractor: Arc<Extractor>,
    /// The export time of CSV pages (`SOURCE_DATE_EPOCH`, read at start, else the clock).
    clock: sitrep_formats::Clock,
    options: Options,
}

impl App {
    /// Opens the store (creating it only when a token allows writes) and checks it.
    pub fn new(options: Options, extractor: Arc<Extractor>) -> Result<App, ServeError> {
        let clock = sitrep_formats::Clock::from_env()?;
        let token = match options.token.as_deref() {
            Some("") => return Err(ServeError::EmptyToken),
            Some(t) => Some(digest(t)),
            None => None,
        };
        let exists = options.db.exists();
        if !exists && token.is_none() {
            return Err(ServeError::NoStore(options.db.display().to_string()));
        }
        // Opening checks the file (ours, not newer, not damaged) before the server listens.
        let first = Store::open(&options.db)?;
        let writer = match token {
            Some(_) => Some(Mutex::new(Store::open(&options.db)?)),
            None => None,
        };
        if let Some(o) = &options.cors {
            if o != "*" && HeaderValue::from_str(o).is_err() {
                return Err(ServeError::BadOrigin(o.clone()));
            }
        }
        Ok(App {
            pool: Pool {
                db: options.db.clone(),
                idle: Mutex::new(vec![Reader::new(first)]),
            },
            writer,
            token,
            extractor,
            clock,
            options,
        })
    }

    /// Whether writes are enabled.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Runs `f` with a read connection on the blocking pool.
    async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Reader) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut reader = app
                .pool
                .take()
                .map_err(|e| ApiError::internal("opening the store", &e))?;
            let out = f(&mut reader);
            app.pool.give(reader);
            out
        })
        .await
        .map_err(|e| ApiError::internal("a reader task failed", &e))?
    }

    /// Whether `authorization` (the header's value) carries the token, compared in constant
    /// time over SHA-256 digests.
    fn authorized(&self, authorization: Option<&str>) -> bool {
        let (Some(expected), Some(given)) = (self.token, authorization) else {
            return false;
        };
        let Some(given) = given
            .strip_prefix("Bearer ")
            .or_else(|| given.strip_prefix("bearer "))
        else {
            return false;
        };
        constant_time_eq(&expected, &digest(given.trim()))
    }
}

fn digest(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// Equality of two digests without an early exit.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// One route the router serves: method and path as written in the OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
}

/// The router over `app`, with the routes it serves (the OpenAPI test compares them).
pub fn router(app: Arc<App>) -> (Router, Vec<RouteInfo>) {
    api::router(app)
}

/// A request whose declared `Content-Length` exceeds `--max-body` gets its 413 at once, before
/// any of the body is read: the body limit alone fires only once `max_body + 1` bytes have
/// arrived, so a client announcing gigabytes and sending them slowly would hold a connection
/// until the deadline. The connection is closed after the answer (the body is never read).
async fn refuse_declared_oversize(
    max_body: usize,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_body as u64) {
        let mut r =
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    next.run(req).await
}

/// Rewrites every error response that is not JSON yet (the framework's 404/405/413/408, body
/// rejections) into the API's error shape, and adds the security headers.
async fn finish(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut r = next.run(req).await;
    let status = r.status();
    let is_json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let message = match status {
            StatusCode::NOT_FOUND => "no such route".to_string(),
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route".to_string(),
            StatusCode::PAYLOAD_TOO_LARGE => "request body too large".to_string(),
            StatusCode::REQUEST_TIMEOUT => "the request took too long".to_string(),
            StatusCode::INTERNAL_SERVER_ERROR => "internal server error".to_string(),
            s => {
                // Framework rejections (bad body, bad path) carry a plain-text reason that
                // names no internals; keep it.
                let bytes = axum::body::to_bytes(std::mem::take(r.body_mut()), 4096)
                    .await
                    .unwrap_or_default();
                let text = String::from_utf8_lossy(&bytes).trim().to_string();
                if text.is_empty() {
                    s.canonical_reason().unwrap_or("error").to_lowercase()
                } else {
                    text
                }
            }
        };
        let mut new = ApiError::new(status, message).into_response();
        for h in [header::ALLOW, header::WWW_AUTHENTICATE] {
            if let Some(v) = r.headers().get(&h) {
                new.headers_mut().insert(h, v.clone());
            }
        }
        r = new;
    }
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

/// The complete service: routes, error shaping, security headers, body limit, deadline, CORS,
/// panic guard.
pub fn service(app: Arc<App>) -> Router {
    let (routes, _) = router(app.clone());
    harden(routes, &app)
}

/// Wraps `routes` in the layers of [`service`]: body limit, deadline, panic guard, CORS, error
/// shaping and security headers, configured by `app`'s options. [`service`] is this over
/// [`router`]; tests use it to put a route of their own (a handler that panics) behind exactly
/// the production stack.
pub fn harden(routes: Router, app: &App) -> Router {
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::cors::{AllowOrigin, CorsLayer};
    use tower_http::timeout::TimeoutLayer;
    let options = &app.options;
    let mut router = routes
        .layer(axum::extract::DefaultBodyLimit::max(options.max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            options.timeout,
        ))
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                eprintln!("sitrep serve: error: a request handler panicked");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
                    .into_response()
            },
        ));
    let max_body = options.max_body;
    router = router.layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            refuse_declared_oversize(max_body, req, next)
        },
    ));
    if let Some(origin) = &options.cors {
        let allow = if origin == "*" {
            AllowOrigin::any()
        } else {
            AllowOrigin::exact(HeaderValue::from_str(origin).expect("checked in App::new"))
        };
        router = router.layer(
            CorsLayer::new()
                .allow_origin(allow)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
                .expose_headers([header::HeaderName::from_static("x-total-count")])
                .max_age(Duration::from_secs(600)),
        );
    }
    router.layer(axum::middleware::from_fn(finish))
}

/// Serves `app` on `addr` until Ctrl-C (or SIGTERM), on a runtime with `threads` workers.
/// `ready` is called with the bound address (port 0 picks one).
pub fn run(
    app: App,
    addr: SocketAddr,
    threads: Option<usize>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        // Reads and extractions run here; bounded so a burst queues instead of opening
        // hundreds of connections.
        .max_blocking_threads(blocking_threads(threads))
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io("starting the runtime".into(), e))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| ServeError::Io(format!("listening on {addr}"), e))?;
        let local = listener
            .local_addr()
            .map_err(|e| ServeError::Io(format!("listening on {addr}"), e))?;
        ready(local);
        axum::serve(listener, service(Arc::new(app)))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| ServeError::Io("serving".into(), e))
    })
}

/// Threads for reads and extractions: `SITREP_SERVE_BLOCKING` (for experiments), else the
/// worker count.
fn blocking_threads(threads: usize) -> usize {
    std::env::var("SITREP_SERVE_BLOCKING")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(threads)
        .max(1)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(&digest("secret"), &digest("secret")));
        assert!(!constant_time_eq(&digest("secret"), &digest("secreT")));
        assert!(!constant_time_eq(&digest("secret"), &digest("")));
    }
}
