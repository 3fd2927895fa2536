//! Resource bounds of the readers (issue 17, item 2): hostile inputs that are small on disk and
//! huge once read (decompression bombs, lying `Content-Length`, a million feed items, deep
//! nesting) give an issue naming the record, bounded work, and the rest of the input is read.
//! The memory figures of the same inputs through the `sitrep` binary are measured by
//! `crates/sitrep-cli/tests/bounds.rs` and recorded in RELIABILITY.md.

use std::io::Write;

use sitrep_ingest::{read_bytes, InputDoc, InputIssue, ReadOptions};

fn read(name: &str, bytes: &[u8], opts: &ReadOptions) -> (Vec<InputDoc>, Vec<InputIssue>) {
    let mut docs = Vec::new();
    let mut issues = Vec::new();
    read_bytes(name, bytes, opts, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(i) => issues.push(i),
    });
    (docs, issues)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A gzip stream inflating to `members` x 16 MiB of `byte`: one member compressed once and
/// repeated (multi-member gzip), so a 2 GiB bomb costs milliseconds to build.
fn bomb(byte: u8, members: usize) -> Vec<u8> {
    let member = gzip(&vec![byte; 16 << 20]);
    member.repeat(members)
}

fn warc_record(n: usize, length: Option<u64>, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:r{n}>\r\n\
         WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Target-URI: https://example.org/{n}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        length.unwrap_or(block.len() as u64)
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn page(n: usize) -> Vec<u8> {
    let body = format!(
        "<html><head><title>Report {n}</title></head><body><article><p>Clashes between the army \
         and rebels near Aleppo killed {n} fighters on Monday, a monitor said.</p></article>\
         </body></html>"
    );
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(body.as_bytes());
    http
}

fn ids(docs: &[InputDoc]) -> Vec<&str> {
    docs.iter().map(|d| d.id.as_str()).collect()
}

/// CC-NEWS layout (one gzip member per record): the second record claims 10^18 bytes. Its
/// member ends long before, the record is reported with its number, and the records after it
/// are read.
#[test]
fn lying_content_length_in_a_warc_gz_member() {
    let records = [
        warc_record(1, None, &page(1)),
        warc_record(2, Some(1_000_000_000_000_000_000), &page(2)),
        warc_record(3, None, &page(3)),
    ];
    let input: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let (docs, issues) = read("cc.warc.gz", &input, &ReadOptions::default());
    assert_eq!(ids(&docs), ["urn:uuid:r1", "urn:uuid:r3"], "{issues:?}");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let shown = issues[0].to_string();
    assert!(
        shown.starts_with("cc.warc.gz: record 2 at byte ")
            && shown.contains("Content-Length is 1000000000000000000"),
        "{shown}"
    );
}

/// An uncompressed WARC whose first record claims u64::MAX bytes: nothing that size is
/// reserved, the record is reported as truncated with its number, and the record its block
/// swallowed is recovered.
#[test]
fn huge_content_length_swallowing_the_next_record() {
    let mut input = warc_record(1, Some(u64::MAX), &page(1));
    input.extend(warc_record(2, None, &page(2)));
    let (docs, issues) = read("a.warc", &input, &ReadOptions::default());
    assert_eq!(ids(&docs), ["urn:uuid:r2"], "{issues:?}");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let shown = issues[0].to_string();
    assert!(
        shown.starts_with(
            "a.warc: record 1 at byte 0: truncated record: Content-Length is 18446744073709551615"
        ),
        "{shown}"
    );
}

/// A response whose gzip content coding inflates to 1 GiB is cut at `max_doc_bytes`: the
/// record is named, nothing beyond the limit is inflated, the next record is read.
#[test]
fn gzip_content_coding_bomb_in_a_warc_record() {
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend(bomb(b'a', 64));
    let mut input = warc_record(1, None, &page(1));
    input.extend(warc_record(2, None, &http));
    input.extend(warc_record(3, None, &page(3)));
    let (docs, issues) = read("bomb.warc", &input, &ReadOptions::default());
    assert_eq!(ids(&docs), ["urn:uuid:r1", "urn:uuid:r3"], "{issues:?}");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let shown = issues[0].to_string();
    assert!(
        shown.starts_with("bomb.warc: record 2 at byte ")
            && shown.contains("larger than --max-doc-bytes"),
        "{shown}"
    );
}

/// A `.gz` text file inflating to 2 GiB is refused once `max_doc_bytes` have been inflated.
#[test]
fn gz_file_bomb_is_refused() {
    let input = bomb(b'a', 128);
    assert!(input.len() < 5 << 20, "the bomb is small on disk");
    let (docs, issues) = read("bomb.txt.gz", &input, &ReadOptions::default());
    assert!(docs.is_empty(), "{docs:?}");
    let shown = issues[0].to_string();
    assert!(
        shown.starts_with("bomb.txt.gz") && shown.contains("--max-doc-bytes"),
        "{shown}"
    );
}

/// A feed of a million (empty) items is refused before feed-rs builds them all in memory.
#[test]
fn feed_with_a_million_items_is_refused_with_a_message() {
    let mut feed =
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>".to_vec();
    for _ in 0..1_000_000 {
        feed.extend_from_slice(b"<item/>");
    }
    feed.extend_from_slice(b"</channel></rss>");
    let (docs, issues) = read("big.rss", &feed, &ReadOptions::default());
    assert!(docs.is_empty());
    assert_eq!(issues.len(), 1, "{issues:?}");
    let shown = issues[0].to_string();
    assert!(
        shown.starts_with("big.rss: feed has up to 1000000 items, more than the 100000"),
        "{shown}"
    );
    // The same items in JSON Feed.
    let json = format!(
        "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": [{}]}}",
        vec!["{}"; 1_000_000].join(",")
    );
    let (docs, issues) = read("big.json", json.as_bytes(), &ReadOptions::default());
    assert!(docs.is_empty());
    assert!(
        issues[0].message.starts_with("feed has up to"),
        "{issues:?}"
    );
}

/// A page nested 100,000 elements deep (600 KB) is refused before it is parsed (the parser's
/// cost grows with the square of the depth: it took minutes); one nested 600 deep is read,
/// without Readability (whose cost grows the same way), from its body text.
#[test]
fn deeply_nested_html_is_bounded() {
    let page = |depth: usize| {
        format!(
            "<html><body>{}<p>Clashes near Aleppo killed five fighters on Monday.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    };
    let (docs, issues) = read(
        "deep.html",
        page(100_000).as_bytes(),
        &ReadOptions::default(),
    );
    assert!(docs.is_empty());
    assert_eq!(
        issues[0].to_string(),
        "deep.html: HTML tags nested more than 1024 deep, file skipped"
    );
    let (docs, issues) = read("600.html", page(600).as_bytes(), &ReadOptions::default());
    assert_eq!(docs.len(), 1, "{issues:?}");
    assert_eq!(
        docs[0].text,
        "Clashes near Aleppo killed five fighters on Monday."
    );
}

/// Found by fuzzing (`feed` target, 3,958 executions): a second XML declaration, with an
/// encoding, inside a feed made quick-xml panic under feed-rs, which ended the whole batch.
/// The file is now an issue, and the next file is read.
#[test]
fn xml_declaration_inside_a_feed_is_an_issue_not_a_panic() {
    let crash = b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>N</title>\
        <entry><id>urn:a:1</id><title>Aleppo</title><updated>202<?xml version=\"1.0\" \
        encoding=\"windows-1252\"?><rss version=\"2.0\"><channel></channel></rss></updated></entry></feed>";
    let (docs, issues) = read("crash.atom", crash, &ReadOptions::default());
    assert!(docs.is_empty());
    assert_eq!(
        issues[0].to_string(),
        "crash.atom: invalid feed: an XML declaration with an encoding after the start of the \
         file, file skipped"
    );
    // A feed starting with a byte-order mark and its declaration is read as usual.
    let ok = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
        <item><guid>g1</guid><description>Clashes near Aleppo killed five.</description></item>\
        </channel></rss>";
    let (docs, issues) = read("ok.rss", ok.as_bytes(), &ReadOptions::default());
    assert_eq!(docs.len(), 1, "{issues:?}");
}

/// Found by fuzzing (`feed` target, second and third runs): an XML declaration whose `encoding`
/// comes after a long pseudo-attribute, and one quick-xml recognises after a stray byte
/// (`<?\xF0xml`), made quick-xml panic the same way (it switches encodings only within the
/// first 64 bytes it buffers). Prevented now: the file is decoded before it is parsed and such
/// declarations dropped, so these malformed files are ordinary parse errors or read, never a
/// caught parser panic.
#[test]
fn xml_declarations_quick_xml_would_panic_on_are_not_parser_panics() {
    let long = include_bytes!("../../../fuzz/corpus/feed/regression-long-xml-declaration");
    let (docs, issues) = read("long.rss", long, &ReadOptions::default());
    assert!(docs.is_empty());
    assert_eq!(
        issues[0].to_string(),
        "long.rss: invalid feed: unable to parse feed: no root element, file skipped"
    );
    let misspelt = include_bytes!("../../../fuzz/corpus/feed/regression-misspelt-xml-declaration");
    let (_, issues) = read("misspelt.rss", misspelt, &ReadOptions::default());
    assert!(
        issues
            .iter()
            .all(|i| !i.to_string().contains("feed parser failed")),
        "{issues:?}"
    );
}
