//! `sitrep ingest` and `extract` with feed URLs, against an HTTP server on 127.0.0.1 that the
//! test starts (no external network): the articles of the feed items are fetched, failures
//! (404, a page that is too large, a page that answers too slowly, a link that is not HTML, a
//! refused connection) are reported with their URL, the rest is stored, and re-running adds
//! nothing.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run sitrep")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const STRIKE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Page title of the strike</title></head><body><nav><a href=\"/\">Home</a></nav><article>\
<h1>Air strikes hit Idlib</h1><p>Russian warplanes carried out air strikes on the city of Idlib \
on Friday, killing seven civilians, according to the Syrian Observatory for Human Rights.</p>\
<p>Rescue workers searched the rubble of two buildings in the city centre for survivors.</p>\
</article></body></html>";

const CLASH: &str = "<!DOCTYPE html><html><head><meta charset=\"windows-1252\">\
<title>Clashes</title></head><body><article><h1>Clashes near Deir ez-Zor</h1>\
<p>Fighters of the Syrian Democratic Forces clashed with Islamic State militants near Deir \
ez-Zor on Friday, leaving two fighters dead, a spokesman said.</p>\
<p>The fighting lasted several hours according to local residents.</p></article></body></html>";

fn feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test wire</title><link>{base}/</link><language>en</language>
<item><title>Idlib: air strikes kill seven</title><link>{base}/news/strike.html</link>
  <guid isPermaLink="false">wire-1</guid><pubDate>Sat, 02 Mar 2024 09:30:00 +0200</pubDate>
  <description>Teaser only.</description></item>
<item><title>Clashes in Deir ez-Zor</title><link>{base}/news/clash.html</link>
  <pubDate>Sat, 02 Mar 2024 11:00:00 +0200</pubDate></item>
<item><title>Gone</title><link>{base}/news/missing.html</link>
  <pubDate>Sat, 02 Mar 2024 12:00:00 +0200</pubDate></item>
<item><title>Huge</title><link>{base}/news/huge.html</link>
  <pubDate>Sat, 02 Mar 2024 12:30:00 +0200</pubDate></item>
<item><title>Slow</title><link>{base}/news/slow.html</link>
  <description>Shelling was reported in Kharkiv on Friday, the regional governor said.</description>
  <pubDate>Sat, 02 Mar 2024 13:00:00 +0200</pubDate></item>
<item><title>A PDF</title><link>{base}/files/report.pdf</link>
  <pubDate>Sat, 02 Mar 2024 13:30:00 +0200</pubDate></item>
</channel></rss>"#
    )
}

/// A minimal HTTP/1.1 server: one thread per connection, `Connection: close`. Returns the base
/// URL and the log of request lines with their User-Agent.
fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let (base2, log2) = (base.clone(), log.clone());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let (base, log) = (base2.clone(), log2.clone());
            std::thread::spawn(move || handle(conn, &base, &log));
        }
    });
    (base, log)
}

fn handle(mut conn: TcpStream, base: &str, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
            agent = v.trim().to_string();
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
    log.lock().unwrap().push(format!("{path} {agent}"));
    let (status, ctype, body): (&str, &str, Vec<u8>) = match path.as_str() {
        "/feed.xml" => ("200 OK", "application/rss+xml", feed(base).into_bytes()),
        "/news/strike.html" => ("200 OK", "text/html; charset=utf-8", STRIKE.into()),
        // Declared in the header only as latin-1; the page says windows-1252.
        "/news/clash.html" => ("200 OK", "text/html", CLASH.into()),
        "/news/huge.html" => {
            let mut page = String::from("<html><body><article>");
            while page.len() < 300_000 {
                page.push_str("<p>Filler paragraph of a very long page.</p>");
            }
            page.push_str("</article></body></html>");
            ("200 OK", "text/html", page.into_bytes())
        }
        "/news/slow.html" => {
            std::thread::sleep(Duration::from_secs(4));
            ("200 OK", "text/html", STRIKE.into())
        }
        "/files/report.pdf" => ("200 OK", "application/pdf", b"%PDF-1.4 not a page".to_vec()),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(&body);
}

/// (url, doc_id, title, published, format) of a stored document.
type DocRow = (String, String, Option<String>, Option<String>, String);

/// Every stored document, by URL.
fn documents(db: &Path) -> Vec<DocRow> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let mut stmt = c
        .prepare("SELECT url, doc_id, title, published, format FROM documents ORDER BY url")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn count(db: &Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn feed_url_ingests_articles_reports_failures_and_is_idempotent() {
    let (base, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.sqlite");
    let feed_url = format!("{base}/feed.xml");
    let args = [
        "ingest",
        &feed_url,
        "--db",
        s(&db),
        "--fetch-timeout",
        "1.5",
        "--max-doc-bytes",
        "100000",
        "--fetch-interval-ms",
        "0",
    ];
    let out = sitrep(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");

    // Two articles fetched and extracted; the slow item kept its summary; the rest reported.
    let docs = documents(&db);
    let urls: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(
        urls,
        [
            format!("{base}/news/clash.html"),
            format!("{base}/news/slow.html"),
            format!("{base}/news/strike.html"),
        ]
    );
    let strike = &docs[2];
    // The feed item's id, title and date win over the page's.
    assert_eq!(strike.1, "wire-1");
    assert_eq!(strike.2.as_deref(), Some("Idlib: air strikes kill seven"));
    assert_eq!(strike.3.as_deref(), Some("2024-03-02T09:30:00+02:00"));
    assert_eq!(strike.4, "html");
    // An item without guid is known by its link.
    assert_eq!(docs[0].1, format!("{base}/news/clash.html"));
    assert_eq!(
        docs[1].4, "feed",
        "the slow article fell back to the summary"
    );
    assert!(
        count(&db, "events") >= 2,
        "events from the fetched article text: {stderr}"
    );

    for expected in [
        format!("cannot fetch {base}/news/missing.html: HTTP status 404, item skipped"),
        format!("cannot fetch {base}/news/huge.html: larger than --max-doc-bytes (100000 bytes)"),
        format!("cannot fetch {base}/news/slow.html: timed out; the item's summary is used"),
        format!("{base}/files/report.pdf is not an HTML page (Content-Type application/pdf)"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains(&format!("{feed_url}: record 3: ")),
        "issues name the feed item: {stderr}"
    );
    // Every request names sitrep.
    let requests = log.lock().unwrap().clone();
    assert!(requests.iter().any(|r| r.starts_with("/feed.xml sitrep/")));
    assert!(
        requests.iter().all(|r| r.contains(" sitrep/")),
        "{requests:?}"
    );

    // Re-running fetches everything again and stores nothing new.
    let before: Vec<i64> = ["documents", "events", "canonical_events", "sentences"]
        .iter()
        .map(|t| count(&db, t))
        .collect();
    let out = sitrep(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("0 new, 3 skipped as duplicates"),
        "{stderr}"
    );
    let after: Vec<i64> = ["documents", "events", "canonical_events", "sentences"]
        .iter()
        .map(|t| count(&db, t))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn feed_url_without_articles_and_page_urls_with_extract() {
    let (base, _log) = serve();
    // --no-fetch-articles: the feed alone; items without text are notes, the summaries are read.
    let out = sitrep(&[
        "extract",
        &format!("{base}/feed.xml"),
        "--no-fetch-articles",
        "--fetch-interval-ms",
        "0",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout.lines().count(),
        2,
        "two items have a summary: {stdout}"
    );
    assert!(
        stdout.contains(r#""doc_id":"wire-1""#) && !stdout.contains(r#""format":"html""#),
        "the item summaries, nothing fetched: {stdout}"
    );
    assert!(!stderr.contains("cannot fetch"), "{stderr}");

    // A page URL is one HTML document; an unreachable one is an input that could not be read:
    // reported, the rest goes on, and the run exits 2 (0 with --keep-going).
    let dead = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone.html", l.local_addr().unwrap())
    };
    let args = [
        "extract",
        &dead,
        &format!("{base}/news/strike.html"),
        &format!("{base}/nothing-here"),
        "--fetch-timeout",
        "2",
    ];
    let kept = sitrep(&[&args[..], &["--keep-going"]].concat());
    assert!(
        kept.status.success(),
        "{}",
        String::from_utf8_lossy(&kept.stderr)
    );
    let out = sitrep(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("sitrep: error: 2 inputs could not be read"),
        "{stderr}"
    );
    assert_eq!(
        kept.stdout, out.stdout,
        "--keep-going changes the status only"
    );
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1, "{stdout}");
    assert_eq!(
        records[0]["source"]["url"].as_str(),
        Some(format!("{base}/news/strike.html").as_str())
    );
    assert!(
        records[0]["events"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("{dead}: cannot fetch: ")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{base}/nothing-here: cannot fetch: HTTP status 404"
        )),
        "{stderr}"
    );
}
