//! Security probes over a real socket (issue 17, items 3 and 5): a declared oversized body is
//! refused before it is sent, hostile values in every query parameter, oversized headers and
//! URLs, wrong and missing tokens. Path traversal and CORS are probed in `api.rs`. None of these
//! may get a 5xx or hang; each gets the API's JSON error.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitrep_core::Extractor;
use sitrep_serve::{App, Options};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "probe-token";

async fn serve(max_body: usize) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut options = Options::new(dir.path().join("probe.sqlite"));
    options.token = Some(TOKEN.into());
    options.max_body = max_body;
    let extractor = Arc::new(Extractor::new(Arc::new(
        sitrep_gazetteer_data::load().expect("embedded gazetteer"),
    )));
    let app = sitrep_serve::service(Arc::new(App::new(options, extractor).unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, dir)
}

/// Sends `head` (and nothing else) and reads the reply until the server closes or 10 s pass.
async fn exchange(addr: SocketAddr, head: &[u8]) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

fn status(reply: &str) -> u16 {
    reply
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {reply:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_oversized_body_gets_413_before_the_body() {
    let (addr, _dir) = serve(4096).await;
    for path in ["/v1/extract", "/v1/documents"] {
        let started = Instant::now();
        // The body is never sent: without the early check the server would wait for it.
        let reply = exchange(
            addr,
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
                 Content-Type: text/plain\r\nContent-Length: 10000000000\r\n\r\n"
            )
            .as_bytes(),
        )
        .await;
        assert_eq!(status(&reply), 413, "{path}: {reply}");
        assert!(reply.contains("\"code\":\"payload_too_large\""), "{reply}");
        assert!(started.elapsed() < Duration::from_secs(5), "{path} waited");
    }
    // At the limit, the request is read as usual.
    let body = "Clashes near Aleppo killed five fighters on Monday.";
    let reply = exchange(
        addr,
        format!(
            "POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(status(&reply), 200, "{reply}");
}

/// SQL and FTS metacharacters, NUL bytes, huge numbers and 100 KB values in every query
/// parameter of every read route: 200 or a JSON 400/414/431, never a 5xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_query_parameters_never_get_a_5xx() {
    let (addr, _dir) = serve(4096).await;
    let huge = "9".repeat(100_000);
    let values: Vec<String> = vec![
        "'".into(),
        "%27%20OR%201%3D1%20--".into(),
        "%22%3B%20DROP%20TABLE%20documents%3B%20--".into(),
        "*".into(),
        "NEAR(a%20b)".into(),
        "%00".into(),
        "-1".into(),
        "18446744073709551616".into(),
        "1e309".into(),
        "NaN,NaN,NaN,NaN".into(),
        "2024-02-30".into(),
        "%E2%80%AE".into(),
        huge.clone(),
    ];
    let params = [
        "since", "until", "bbox", "type", "actor", "country", "text", "limit", "offset", "format",
    ];
    for route in ["/v1/events", "/v1/events.geojson", "/v1/stats"] {
        for p in params {
            for v in &values {
                let reply = exchange(
                    addr,
                    format!("GET {route}?{p}={v} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .as_bytes(),
                )
                .await;
                let code = status(&reply);
                assert!(
                    // 414: hyper refuses a request line over its limit before the router
                    // sees it (a plain 4xx without our JSON body).
                    code < 500 && (code == 200 || code == 414 || reply.contains("\"error\"")),
                    "{route}?{p}={}: {}",
                    &v[..v.len().min(40)],
                    &reply[..reply.len().min(300)]
                );
            }
        }
    }
    // And the server still answers.
    still_answers(addr).await;
}

/// A 1 MB URL and a 1 MB header are refused (by the HTTP layer) without a 5xx, and the server
/// goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_urls_and_headers_are_refused() {
    let (addr, _dir) = serve(4096).await;
    let long = "a".repeat(1 << 20);
    for head in [
        format!("GET /v1/events?text={long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        format!("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: {long}\r\nConnection: close\r\n\r\n"),
        format!(
            "GET /v1/health HTTP/1.1\r\nHost: x\r\n{}Connection: close\r\n\r\n",
            "X-Many: 1\r\n".repeat(10_000)
        ),
    ] {
        let reply = exchange(addr, head.as_bytes()).await;
        // hyper answers 431 or closes the connection; either way no 5xx.
        if !reply.is_empty() {
            let code = status(&reply);
            assert!(
                (400..500).contains(&code),
                "{}",
                &reply[..reply.len().min(200)]
            );
        }
    }
    still_answers(addr).await;
}

/// Writes with no token, a wrong one, a prefix of it, another scheme or an empty bearer: 401,
/// and nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_tokens_cannot_write() {
    let (addr, _dir) = serve(4096).await;
    let body = r#"{"id": "t1", "url": "https://example.org/t1", "text": "Clashes near Aleppo killed five fighters on Monday."}"#;
    for auth in [
        String::new(),
        "Authorization: Bearer wrong\r\n".into(),
        format!("Authorization: Bearer {}\r\n", &TOKEN[..TOKEN.len() - 1]),
        format!("Authorization: Bearer {TOKEN}x\r\n"),
        format!("Authorization: Basic {TOKEN}\r\n"),
        format!("Authorization: bearer{TOKEN}\r\n"),
        "Authorization: Bearer \r\n".into(),
    ] {
        let reply = exchange(
            addr,
            format!(
                "POST /v1/documents HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .await;
        assert_eq!(status(&reply), 401, "{auth:?}: {reply}");
    }
    let reply = exchange(
        addr,
        b"GET /v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(reply.contains("\"documents\":0"), "{reply}");
}

/// The server still answers a plain health check after what a test threw at it.
async fn still_answers(addr: SocketAddr) {
    let reply = exchange(
        addr,
        b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status(&reply), 200, "{}", &reply[..reply.len().min(200)]);
}
