//! End-to-end tests of the event store commands: `ingest`, `query`, `export`, `store`.
//! Every fixture is written by the test into a temporary directory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run sitrep")
}

#[track_caller]
fn ok(args: &[&str]) -> Output {
    let out = sitrep(args);
    assert!(
        out.status.success(),
        "sitrep {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Row counts of a store, through a read-only connection.
fn counts(db: &Path) -> Vec<(String, i64)> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    [
        "documents",
        "places",
        "events",
        "canonical_events",
        "sources",
        "sentences",
    ]
    .iter()
    .map(|t| {
        (
            t.to_string(),
            c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap(),
        )
    })
    .collect()
}

/// (event_id, sources, fatalities) of every canonical event.
fn canonical(db: &Path) -> Vec<(String, i64, i64)> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let mut stmt = c
        .prepare("SELECT event_id, n_sources, fatalities FROM canonical_events ORDER BY event_id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

const SAME_STRIKE: &str = r#"{"id": "a1", "url": "https://www.alpha-news.example/syria/strike", "published": "2024-03-02", "lang": "en", "title": "Air strikes hit Idlib", "text": "Russian warplanes carried out air strikes on the city of Idlib on Friday, killing seven civilians, according to the Syrian Observatory for Human Rights."}
{"id": "b1", "url": "https://beta-times.example/world/idlib", "published": "2024-03-02", "lang": "en", "title": "Idlib bombed", "text": "Russian jets bombed Idlib on Friday. Five civilians were killed in the air strikes, local sources said."}
{"id": "c1", "url": "https://gamma.example/news/123", "published": "2024-03-02", "lang": "en", "title": "Deadly raids on Idlib", "text": "At least six civilians were killed on Friday when Russian aircraft struck Idlib, rescuers said."}
{"id": "d1", "url": "https://delta.example/mena/clash", "published": "2024-03-02", "lang": "en", "title": "Clashes in Deir ez-Zor", "text": "Fighters of the Syrian Democratic Forces clashed with Islamic State militants near Deir ez-Zor on Friday, leaving two fighters dead."}
"#;

#[test]
fn three_outlets_become_one_event_with_three_sources() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, SAME_STRIKE).unwrap();
    let db = dir.path().join("events.sqlite");
    let out = ok(&["ingest", s(&input), "--db", s(&db)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("4 documents: 4 new, 0 skipped as duplicates; 4 events: 2 merged"),
        "{err}"
    );

    let out = ok(&["query", "--db", s(&db), "--format", "jsonl"]);
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 2, "{events:#?}");
    let strike = events
        .iter()
        .find(|e| e["event"]["sub_event_type"] == "Air/drone strike")
        .unwrap();
    let outlets: Vec<&str> = strike["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(
        outlets,
        ["alpha-news.example", "beta-times.example", "gamma.example"]
    );
    // Same publication day: ACLED's lowest figure.
    assert_eq!(strike["event"]["fatalities"], 5);
    let clash = events
        .iter()
        .find(|e| e["event"]["sub_event_type"] == "Armed clash")
        .unwrap();
    assert_eq!(clash["sources"].as_array().unwrap().len(), 1);

    // Re-ingesting adds nothing.
    let before = counts(&db);
    let out = ok(&["ingest", s(&input), "--db", s(&db)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 new, 4 skipped as duplicates"));
    assert_eq!(counts(&db), before);

    // Filters.
    let n = |extra: &[&str]| {
        let mut args = vec!["query", "--db", s(&db), "--format", "jsonl"];
        args.extend_from_slice(extra);
        String::from_utf8_lossy(&ok(&args).stdout).lines().count()
    };
    assert_eq!(n(&["--bbox", "36.0,35.5,37.0,36.5"]), 1);
    assert_eq!(n(&["--text", "jets"]), 1);
    assert_eq!(n(&["--type", "Battles"]), 1);
    assert_eq!(n(&["--actor", "islamic state"]), 1);
    assert_eq!(
        n(&[
            "--country",
            "SY",
            "--since",
            "2024-03-01",
            "--until",
            "2024-03-01"
        ]),
        2
    );
    assert_eq!(n(&["--since", "2024-03-02"]), 0);
    let bad = sitrep(&["query", "--db", s(&db), "--bbox", "1,2,3"]);
    assert_eq!(bad.status.code(), Some(2));
    // Claims: the strike is the Observatory's account, the clash the outlet's own.
    assert_eq!(n(&["--claim", "claimed", "--type", "Air/drone strike"]), 1);
    assert_eq!(n(&["--claim", "reported", "--type", "Battles"]), 1);
    assert_eq!(n(&["--claim", "denied"]), 0);
    let bad = sitrep(&["query", "--db", s(&db), "--claim", "rumoured"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unconfirmed"));

    // Exports.
    let csv = dir.path().join("e.csv");
    ok(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "acled-csv",
        "-o",
        s(&csv),
    ]);
    let csv = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[0].starts_with("event_id_cnty,event_date,")
            && lines[0].ends_with(",timestamp,n_sources,source_urls")
    );
    assert!(csv.contains("https://beta-times.example/world/idlib"));
    let geo = dir.path().join("e.geojson");
    ok(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "geojson",
        "-o",
        s(&geo),
    ]);
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geo).unwrap()).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 2);
    let pq = dir.path().join("e.parquet");
    ok(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "parquet",
        "-o",
        s(&pq),
    ]);
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1") && bytes.len() > 1000);

    // Undo the merge of the second report.
    ok(&["store", "unmerge", "--db", s(&db), "b1-1"]);
    assert_eq!(n(&[]), 3);
    assert_eq!(
        sitrep(&["store", "unmerge", "--db", s(&db), "zz-9"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn foreign_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    std::fs::write(&input, SAME_STRIKE).unwrap();
    let notes = dir.path().join("notes.sqlite");
    std::fs::write(&notes, "meeting notes, not a database\n").unwrap();
    let out = sitrep(&["ingest", s(&input), "--db", s(&notes)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a sitrep database"));
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "meeting notes, not a database\n"
    );
    let out = sitrep(&["query", "--db", s(&dir.path().join("missing.sqlite"))]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such store"));
}

/// `n` short articles about distinct events (place, day and type rotate).
fn many_articles(n: usize) -> String {
    let places = [
        "Aleppo",
        "Idlib",
        "Homs",
        "Raqqa",
        "Deir ez-Zor",
        "Mosul",
        "Kherson",
        "Kharkiv",
        "Gaza",
        "Khartoum",
    ];
    let mut out = String::new();
    for i in 0..n {
        let place = places[i % places.len()];
        let day = 1 + (i / places.len()) % 28;
        let month = 1 + (i / (places.len() * 28)) % 12;
        let text = match i % 3 {
            0 => format!(
                "Air strikes hit {place} on Monday, killing {} civilians, officials said.",
                2 + i % 9
            ),
            1 => format!(
                "Protesters gathered in {place} on Tuesday to demand the release of detainees."
            ),
            _ => format!(
                "Clashes between army units and rebels near {place} left {} fighters dead.",
                1 + i % 5
            ),
        };
        out.push_str(&format!(
            "{{\"id\": \"n{i}\", \"url\": \"https://outlet{}.example/{i}\", \"published\": \"2023-{month:02}-{day:02}\", \"lang\": \"en\", \"text\": \"{text}\"}}\n",
            i % 4
        ));
    }
    out
}

#[test]
fn sigkill_midway_then_rerun_equals_a_clean_run() {
    const N: usize = 2500;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stream.jsonl");
    std::fs::write(&input, many_articles(N)).unwrap();
    let clean = dir.path().join("clean.sqlite");
    ok(&["ingest", s(&input), "--db", s(&clean), "--batch", "25"]);
    let expected = counts(&clean);
    assert_eq!(expected[0], ("documents".to_string(), N as i64));

    let db = dir.path().join("killed.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args([
            "ingest",
            s(&input),
            "--db",
            s(&db),
            "--batch",
            "25",
            "-j",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored = |db: &Path| -> i64 {
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    while stored(&db) < 100 {
        assert!(Instant::now() < deadline, "ingest made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = stored(&db);
    assert!(
        partial > 0 && partial < N as i64,
        "killed mid-run: {partial} documents"
    );
    assert_eq!(partial % 25, 0, "only whole batches are committed");

    let out = ok(&["ingest", s(&input), "--db", s(&db), "--batch", "25"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{} new, {partial} skipped as duplicates",
            N as i64 - partial
        )),
        "{err}"
    );
    assert_eq!(counts(&db), expected);
    assert_eq!(canonical(&db), canonical(&clean));
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn warc_response(i: usize, body: &str) -> Vec<u8> {
    let html = format!(
        "<html lang=\"en\"><head><title>Report {i}</title></head><body><article><p>{body}</p></article></body></html>"
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:rec-{i}>\r\nWARC-Date: 2024-03-02T10:00:00Z\r\n\
         WARC-Target-URI: https://site{i}.example/a\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[test]
fn malformed_records_are_reported_with_offsets_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut members: Vec<Vec<u8>> = (1..=5)
        .map(|i| {
            gzip(&warc_response(
                i,
                &format!("Shelling hit Kharkiv on day {i}, wounding {i} people."),
            ))
        })
        .collect();
    members[2][10] |= 0b110; // reserved deflate block type: a corrupt member
    let corrupt_at: usize = members[..2].iter().map(Vec::len).sum();
    std::fs::write(d.join("a.warc.gz"), members.concat()).unwrap();
    let whole = gzip(
        &[
            warc_response(6, "Protests in Basra."),
            warc_response(7, "Clashes in Mosul."),
        ]
        .concat(),
    );
    std::fs::write(d.join("b.warc.gz"), &whole[..whole.len() - 30]).unwrap();
    std::fs::write(
        d.join("c.rss"),
        "<rss version=\"2.0\"><channel><item><title>x</ti",
    )
    .unwrap();
    let db = d.join("events.sqlite");
    let out = ok(&["ingest", s(d), "--db", s(&db)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("in the gzip member starting at byte {corrupt_at}")),
        "{err}"
    );
    assert!(
        err.contains("b.warc.gz") && err.contains("broken gzip stream"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "cut short at byte {} of the compressed file",
            whole.len() - 30
        )),
        "the offset of the break, not of the member: {err}"
    );
    assert!(err.contains("c.rss: invalid feed"), "{err}");
    let docs = counts(&db)[0].1;
    assert!(
        (4..=6).contains(&docs),
        "good records are kept: {docs}\n{err}"
    );
}

/// Every stored row of `db` (`Store::content_dump`), the ingestion time left out.
fn dump(db: &Path) -> String {
    let store = sitrep_store::Store::open(db).unwrap();
    store
        .connection()
        .execute("UPDATE documents SET ingested_at = 0", [])
        .unwrap();
    store.content_dump().unwrap()
}

/// The write path's batching, transactions and threads do not show in the store: a small
/// CC-NEWS-like archive ingested one document per transaction on one worker, or in batches on
/// two, gives the same rows with the same ids (documents, places, events, canonical events,
/// merges, full text, R*Tree); ingesting it again adds nothing.
#[test]
fn store_contents_do_not_depend_on_batching_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("news.warc.gz");
    let mut bytes = Vec::new();
    for (i, line) in many_articles(120).lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        bytes.extend(gzip(&warc_response(i, v["text"].as_str().unwrap())));
    }
    std::fs::write(&warc, bytes).unwrap();
    let mut dumps = Vec::new();
    for (k, args) in [["-j", "1", "--batch", "1"], ["-j", "2", "--batch", "7"]]
        .iter()
        .enumerate()
    {
        let db = dir.path().join(format!("s{k}.sqlite"));
        let mut argv = vec!["ingest", s(&warc), "--db", s(&db)];
        argv.extend(args);
        ok(&argv);
        let first = dump(&db);
        assert!(first.lines().any(|l| l.starts_with("sources\t")), "{first}");
        let out = ok(&argv);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("0 new, 120 skipped as duplicates"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(dump(&db), first, "re-ingesting changed the store");
        dumps.push(first);
    }
    assert_eq!(dumps[0], dumps[1]);
}
