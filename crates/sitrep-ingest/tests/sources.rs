//! End-to-end tests of the stream sources: RSS, Atom and JSON Feed files, and WARC archives
//! (plain, multi-member gzip, truncated, corrupted). Every fixture is written by the test into a
//! temporary directory or built in memory.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sitrep_ingest::{
    read_bytes, read_path, InputDoc, InputFormat, InputIssue, ReadOptions, Severity,
};

#[derive(Debug, Default)]
struct Out {
    docs: Vec<InputDoc>,
    issues: Vec<InputIssue>,
}

impl Out {
    fn ids(&self) -> Vec<&str> {
        self.docs.iter().map(|d| d.id.as_str()).collect()
    }

    fn messages(&self) -> Vec<String> {
        self.issues.iter().map(ToString::to_string).collect()
    }

    fn only_doc(&self) -> &InputDoc {
        assert_eq!(
            self.docs.len(),
            1,
            "docs: {:?}, issues: {:?}",
            self.ids(),
            self.messages()
        );
        &self.docs[0]
    }

    #[track_caller]
    fn assert_no_issues(&self) {
        assert!(self.issues.is_empty(), "{:#?}", self.messages());
    }
}

fn collect(f: impl FnOnce(&mut dyn FnMut(Result<InputDoc, InputIssue>))) -> Out {
    let mut out = Out::default();
    f(&mut |r| match r {
        Ok(doc) => out.docs.push(doc),
        Err(issue) => out.issues.push(issue),
    });
    out
}

fn read(path: &Path) -> Out {
    read_with(path, &ReadOptions::default())
}

fn read_with(path: &Path, opts: &ReadOptions) -> Out {
    collect(|sink| read_path(path, opts, sink))
}

fn bytes(name: &str, input: &[u8]) -> Out {
    bytes_with(name, input, &ReadOptions::default())
}

fn bytes_with(name: &str, input: &[u8], opts: &ReadOptions) -> Out {
    collect(|sink| read_bytes(name, input, opts, sink))
}

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Feeds

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Le Quotidien — International</title>
  <link>https://quotidien.example.fr/</link>
  <description>Dépêches</description>
  <language>fr</language>
  <item>
    <title>Frappes de drones sur Kherson</title>
    <link>https://quotidien.example.fr/2024/03/kherson</link>
    <guid isPermaLink="false">quotidien-81234</guid>
    <pubDate>Fri, 15 Mar 2024 23:40:00 +0100</pubDate>
    <description>Résumé court.</description>
    <content:encoded><![CDATA[<p>Des frappes de drones ont touché <b>Kherson</b> dans la nuit de jeudi à vendredi.</p><p>Deux civils ont été tués, selon l'administration régionale.</p>]]></content:encoded>
  </item>
  <item>
    <title>Combats près de Bakhmout</title>
    <link>https://quotidien.example.fr/2024/03/bakhmout</link>
    <pubDate>Sat, 16 Mar 2024 09:05:00 +0100</pubDate>
    <description>&lt;p&gt;De violents combats se poursuivent à l'ouest de Bakhmout.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Vidéo : la ligne de front</title>
    <link>https://quotidien.example.fr/2024/03/video</link>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "quotidien.rss", RSS);
    let out = read(&path);
    assert_eq!(
        out.ids(),
        [
            "quotidien-81234",
            "https://quotidien.example.fr/2024/03/bakhmout"
        ]
    );

    let first = &out.docs[0];
    assert_eq!(
        first.text,
        "Des frappes de drones ont touché Kherson dans la nuit de jeudi à vendredi.\n\
         Deux civils ont été tués, selon l'administration régionale."
    );
    assert_eq!(
        first.title.as_deref(),
        Some("Frappes de drones sur Kherson")
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://quotidien.example.fr/2024/03/kherson")
    );
    // The publisher's offset is kept: in UTC this would already be the 15th at 22:40.
    assert_eq!(
        first.published.as_deref(),
        Some("2024-03-15T23:40:00+01:00")
    );
    assert_eq!(first.lang.as_deref(), Some("fr"));
    assert_eq!(first.format, InputFormat::Feed);
    assert_eq!(first.format.as_str(), "feed");
    assert_eq!(first.origin.record, Some(1));

    // Description only, HTML-escaped: its text.
    let second = &out.docs[1];
    assert_eq!(
        second.text,
        "De violents combats se poursuivent à l'ouest de Bakhmout."
    );
    assert_eq!(
        second.published.as_deref(),
        Some("2024-03-16T09:05:00+01:00")
    );

    // A link without content is a note: nothing is fetched.
    assert_eq!(
        out.messages(),
        [format!(
            "{}: record 3: item has no content; read the feed from its URL to fetch the article",
            path.display()
        )]
    );
    assert_eq!(out.issues[0].severity, Severity::Note);
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Wire — World</title>
  <id>tag:wire.example.com,2024:world</id>
  <updated>2024-03-16T12:00:00Z</updated>
  <entry>
    <title type="html">Shelling in &lt;em&gt;Deir ez-Zor&lt;/em&gt;</title>
    <id>tag:wire.example.com,2024:1001</id>
    <link rel="alternate" type="text/html" href="https://wire.example.com/world/1001"/>
    <link rel="enclosure" href="https://wire.example.com/world/1001.jpg"/>
    <published>2024-03-15T21:30:00-05:00</published>
    <updated>2024-03-16T02:00:00Z</updated>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;Artillery shelling hit two villages east of Deir ez-Zor on Friday.&lt;/p&gt;&lt;p&gt;Three people were killed, a monitor said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Talks resume in Geneva</title>
    <id>tag:wire.example.com,2024:1002</id>
    <link href="https://wire.example.com/world/1002"/>
    <updated>2024-03-16T08:15:00+01:00</updated>
    <summary type="text">Negotiators met again in Geneva on Saturday.</summary>
  </entry>
</feed>
"#;

#[test]
fn atom_entries_become_documents() {
    let out = bytes("wire.atom", ATOM.as_bytes());
    out.assert_no_issues();
    assert_eq!(
        out.ids(),
        [
            "tag:wire.example.com,2024:1001",
            "tag:wire.example.com,2024:1002"
        ]
    );
    let first = &out.docs[0];
    assert_eq!(
        first.text,
        "Artillery shelling hit two villages east of Deir ez-Zor on Friday.\n\
         Three people were killed, a monitor said."
    );
    assert_eq!(first.title.as_deref(), Some("Shelling in Deir ez-Zor"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://wire.example.com/world/1001")
    );
    assert_eq!(
        first.published.as_deref(),
        Some("2024-03-15T21:30:00-05:00")
    );
    assert_eq!(first.lang.as_deref(), Some("en"));

    // No content, plain-text summary; no published date, so the update date.
    let second = &out.docs[1];
    assert_eq!(second.text, "Negotiators met again in Geneva on Saturday.");
    assert_eq!(
        second.published.as_deref(),
        Some("2024-03-16T08:15:00+01:00")
    );
    assert_eq!(
        second.url.as_deref(),
        Some("https://wire.example.com/world/1002")
    );
}

const JSON_FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Agence — Fil",
  "home_page_url": "https://agence.example.org/",
  "language": "fr",
  "items": [
    {
      "id": "fil-1",
      "url": "https://agence.example.org/fil/1",
      "title": "Explosion à Alep",
      "content_html": "<p>Une explosion a fait trois morts à Alep, samedi.</p>",
      "date_published": "2024-03-16T10:00:00+02:00"
    },
    {
      "id": "fil-2",
      "url": "https://agence.example.org/fil/2",
      "title": "Floods in Sindh",
      "content_text": "Floods displaced thousands in Sindh province.\r\nRelief is under way.",
      "date_published": "2024-03-16"
    },
    {
      "id": "fil-3",
      "title": "Sans lien ni texte"
    }
  ]
}
"#;

#[test]
fn json_feed_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "fil.json", JSON_FEED);
    let out = read(&path);
    assert_eq!(out.ids(), ["fil-1", "fil-2"]);
    let first = &out.docs[0];
    assert_eq!(
        first.text,
        "Une explosion a fait trois morts à Alep, samedi."
    );
    assert_eq!(first.title.as_deref(), Some("Explosion à Alep"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://agence.example.org/fil/1")
    );
    assert_eq!(
        first.published.as_deref(),
        Some("2024-03-16T10:00:00+02:00")
    );
    assert_eq!(first.lang.as_deref(), Some("fr"));
    assert_eq!(first.format, InputFormat::Feed);
    let second = &out.docs[1];
    assert_eq!(
        second.text,
        "Floods displaced thousands in Sindh province.\nRelief is under way."
    );
    assert_eq!(second.published.as_deref(), Some("2024-03-16"));
    assert_eq!(
        out.messages(),
        [format!(
            "{}: record 3: item has no content and no link, skipped",
            path.display()
        )]
    );
    assert_eq!(out.issues[0].severity, Severity::Error);
}

#[test]
fn feeds_are_detected_by_extension_content_and_option() {
    // `.xml` and `.json` are read as feeds when they are feeds; in a directory walk other
    // `.xml`/`.json` files are skipped with a note.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.xml", RSS);
    write(root, "b.json", JSON_FEED);
    write(root, "c.atom.gz", gzip(ATOM.as_bytes()));
    write(
        root,
        "sitemap.xml",
        "<?xml version=\"1.0\"?><urlset></urlset>",
    );
    write(root, "config.json", "{\"key\": 1}");
    let out = read(root);
    assert_eq!(out.docs.len(), 2 + 2 + 2);
    assert!(out.docs.iter().all(|d| d.format == InputFormat::Feed));
    let notes: Vec<String> = out
        .issues
        .iter()
        .filter(|i| i.message.contains("not a feed"))
        .map(|i| i.origin.path.clone())
        .collect();
    assert_eq!(
        notes,
        [
            root.join("config.json").to_string_lossy(),
            root.join("sitemap.xml").to_string_lossy()
        ]
    );

    // Named explicitly, a non-feed `.json` is sniffed like any file (here: a JSONL record).
    let path = write(
        root,
        "record.json",
        "{\"id\": \"r\", \"text\": \"Un texte.\"}\n",
    );
    assert_eq!(read(&path).only_doc().format, InputFormat::Jsonl);

    // Standard input: sniffed.
    assert_eq!(bytes("stdin", RSS.as_bytes()).docs.len(), 2);
    assert_eq!(bytes("stdin", JSON_FEED.as_bytes()).docs.len(), 2);
    assert_eq!(bytes("stdin", &gzip(ATOM.as_bytes())).docs.len(), 2);

    // Forced.
    let opts = ReadOptions {
        format: Some("rss".parse().unwrap()),
        ..ReadOptions::default()
    };
    assert_eq!(bytes_with("flux.txt", RSS.as_bytes(), &opts).docs.len(), 2);
}

#[test]
fn broken_feeds_are_issues() {
    let out = bytes(
        "casse.rss",
        b"<rss version=\"2.0\"><channel><item><title>x</ti",
    );
    assert!(out.docs.is_empty());
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(
        out.issues[0].message.starts_with("invalid feed: "),
        "{}",
        out.issues[0]
    );
    assert_eq!(out.issues[0].origin.path, "casse.rss");

    let out = bytes(
        "vide.rss",
        b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
    );
    assert_eq!(out.messages(), ["vide.rss: feed has no items"]);

    let opts = ReadOptions {
        max_doc_bytes: 100,
        ..ReadOptions::default()
    };
    let out = bytes_with("gros.rss", RSS.as_bytes(), &opts);
    assert_eq!(
        out.messages(),
        ["gros.rss: document is larger than --max-doc-bytes (100 bytes), skipped"]
    );
}

// ---------------------------------------------------------------------------------------------
// WARC

/// One WARC record with the usual headers.
fn record(kind: &str, n: usize, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2024-03-16T22:30:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(n: usize, uri: &str, status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    record(
        "response",
        n,
        uri,
        "application/http; msgtype=response",
        &http(status, content_type, body),
    )
}

const FR_PAGE: &str = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
    <title>Kherson sous les frappes</title>\
    <meta property=\"article:published_time\" content=\"2024-03-15T23:40:00+01:00\">\
    </head><body><nav>Accueil | Monde</nav><article><h1>Kherson sous les frappes</h1>\
    <p>Des frappes de drones ont touché Kherson dans la nuit de jeudi à vendredi.</p>\
    <p>Deux civils ont été tués, selon l'administration régionale.</p></article>\
    <footer>© Le Quotidien</footer></body></html>";

/// The CC-NEWS-like sample: warcinfo, request, HTML response, image response, 404 response,
/// metadata. Only record 3 is a document.
fn sample_records() -> Vec<Vec<u8>> {
    let url = "https://quotidien.example.fr/2024/03/kherson";
    vec![
        record(
            "warcinfo",
            1,
            "",
            "application/warc-fields",
            b"software: test\r\nformat: WARC File Format 1.0\r\n",
        ),
        record(
            "request",
            2,
            url,
            "application/http; msgtype=request",
            b"GET /2024/03/kherson HTTP/1.1\r\nHost: quotidien.example.fr\r\n\r\n",
        ),
        response(
            3,
            url,
            "200 OK",
            "text/html; charset=utf-8",
            FR_PAGE.as_bytes(),
        ),
        response(
            4,
            "https://quotidien.example.fr/img/une.jpg",
            "200 OK",
            "image/jpeg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01<html>not really</html>\x00\xff\xd9",
        ),
        response(
            5,
            "https://quotidien.example.fr/absent",
            "404 Not Found",
            "text/html",
            b"<html><body><p>Page introuvable.</p></body></html>",
        ),
        record(
            "metadata",
            6,
            url,
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
    ]
}

#[track_caller]
fn check_sample_doc(out: &Out, name: &str, offset: u64) {
    out.assert_no_issues();
    let doc = out.only_doc();
    assert_eq!(doc.id, "urn:uuid:00000000-0000-0000-0000-000000000003");
    assert_eq!(
        doc.url.as_deref(),
        Some("https://quotidien.example.fr/2024/03/kherson")
    );
    assert_eq!(doc.title.as_deref(), Some("Kherson sous les frappes"));
    // The page's own date wins over WARC-Date.
    assert_eq!(doc.published.as_deref(), Some("2024-03-15T23:40:00+01:00"));
    assert_eq!(doc.lang.as_deref(), Some("fr"));
    assert!(
        doc.text
            .contains("Des frappes de drones ont touché Kherson dans la nuit de jeudi à vendredi."),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("Accueil"), "{}", doc.text);
    assert_eq!(doc.format, InputFormat::Warc);
    assert_eq!(doc.format.as_str(), "warc");
    assert_eq!(doc.encoding, None);
    assert_eq!(doc.origin.path, name);
    assert_eq!(doc.origin.record, Some(3));
    assert_eq!(doc.origin.byte_offset, Some(offset));
    assert_eq!(doc.origin.line, None);
}

#[test]
fn warc_keeps_only_html_200_responses() {
    let records = sample_records();
    let offset = (records[0].len() + records[1].len()) as u64;
    let warc = records.concat();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "sample.warc", &warc);
    let name = path.to_string_lossy().into_owned();
    check_sample_doc(&read(&path), &name, offset);

    // Sniffed without an extension (standard input).
    check_sample_doc(&bytes("stdin", &warc), "stdin", offset);
}

#[test]
fn multi_member_warc_gz() {
    let records = sample_records();
    let offset = (records[0].len() + records[1].len()) as u64;
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "CC-NEWS-20240316.warc.gz", &members);
    let name = path.to_string_lossy().into_owned();
    check_sample_doc(&read(&path), &name, offset);
    check_sample_doc(&bytes("stdin", &members), "stdin", offset);

    // One gzip member for the whole file works the same.
    let single = gzip(&records.concat());
    check_sample_doc(&bytes("one.warc.gz", &single), "one.warc.gz", offset);
}

fn article_page(i: usize) -> String {
    format!(
        "<html lang=\"en\"><head><title>Report {i}</title></head><body><article>\
         <p>Report number {i}: shelling was reported near the river crossing on Tuesday.</p>\
         <p>Local officials said {} people were displaced.</p></article></body></html>",
        i * 3
    )
}

fn article_records(count: usize) -> Vec<Vec<u8>> {
    (1..=count)
        .map(|i| {
            response(
                i,
                &format!("https://wire.example.com/{i}"),
                "200 OK",
                "text/html",
                article_page(i).as_bytes(),
            )
        })
        .collect()
}

fn record_id(n: usize) -> String {
    format!("urn:uuid:00000000-0000-0000-0000-{n:012}")
}

#[test]
fn truncated_warc_gz_keeps_documents_before_the_cut() {
    let members: Vec<Vec<u8>> = article_records(20).iter().map(|r| gzip(r)).collect();
    let all = members.concat();
    // Cut in the middle of the 13th member.
    let cut = members[..12].iter().map(Vec::len).sum::<usize>() + members[12].len() / 2;
    let out = bytes("coupe.warc.gz", &all[..cut]);
    let expected: Vec<String> = (1..=12).map(record_id).collect();
    assert_eq!(out.ids(), expected);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    let issue = &out.issues[0];
    let offset: u64 = article_records(12).iter().map(|r| r.len() as u64).sum();
    assert_eq!(issue.origin.record, Some(13));
    assert_eq!(issue.origin.byte_offset, Some(offset));
    assert_eq!(issue.severity, Severity::Error);
    let message = issue.to_string();
    assert!(
        message.starts_with(&format!(
            "coupe.warc.gz: record 13 at byte {offset}: broken gzip stream: "
        )),
        "{message}"
    );
    assert!(
        message.contains("the rest of the file is skipped"),
        "{message}"
    );
    // Where the compressed file breaks: its end, in the 13th member.
    let member = members[..12].iter().map(Vec::len).sum::<usize>();
    assert!(
        message.contains(&format!(
            "cut short at byte {cut} of the compressed file, in the gzip member starting at byte \
             {member}"
        )),
        "{message}"
    );
    assert!(!issue.unreadable, "bad data in a readable file");

    // The same cut in a plain WARC: the record is reported as truncated.
    let plain = article_records(3).concat();
    let out = bytes("coupe.warc", &plain[..plain.len() - 200]);
    assert_eq!(out.ids(), [record_id(1), record_id(2)]);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0]
        .message
        .starts_with("truncated record: Content-Length is "));
    assert_eq!(out.issues[0].origin.record, Some(3));
}

#[test]
fn corrupt_gzip_member_in_the_middle_is_skipped() {
    let mut members: Vec<Vec<u8>> = article_records(5).iter().map(|r| gzip(r)).collect();
    let len = members[2].len();
    // The first deflate block of the third member gets the reserved block type.
    members[2][10] |= 0b110;
    let start: u64 = members[..2].iter().map(|m| m.len() as u64).sum();
    let next = start + len as u64;
    let out = bytes("abime.warc.gz", &members.concat());
    assert_eq!(
        out.ids(),
        [record_id(1), record_id(2), record_id(4), record_id(5)]
    );
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    let message = &out.issues[0].message;
    // The offset of the break itself (the decoder stops at the bad block header, 10 bytes into
    // the member), and the member it is in.
    let at: u64 = message
        .strip_prefix("broken gzip stream: corrupt data at byte ")
        .and_then(|m| m.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no offset in {message}"));
    assert!(
        (start + 10..start + 16).contains(&at),
        "{at} not near {start} + 10: {message}"
    );
    assert!(
        message.contains(&format!(
            "of the compressed file (corrupt deflate stream), in the gzip member starting at \
             byte {start}; "
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(
            "reading resumes at the next gzip member (byte {next} of the compressed file)"
        )),
        "{message}"
    );
}

/// Reads `records` with `bad` inserted after the second one; returns what was read and the
/// offset of the bad part.
fn with_bad_record(bad: &[u8]) -> (Out, u64) {
    let records = article_records(4);
    let offset = (records[0].len() + records[1].len()) as u64;
    let mut warc = records[..2].concat();
    warc.extend_from_slice(bad);
    warc.extend(records[2..].concat());
    (bytes("x.warc", &warc), offset)
}

#[test]
fn malformed_records_are_skipped_and_reading_resumes() {
    let good = [record_id(1), record_id(2), record_id(3), record_id(4)];
    let page = article_page(99);
    let block = http("200 OK", "text/html", page.as_bytes());
    let header = |len: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bad>\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n"
        )
    };
    let bad_record = |len: String| {
        let mut r = header(&len).into_bytes();
        r.extend_from_slice(&block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };

    // Not a number.
    let (out, offset) = with_bad_record(&bad_record("12a4".to_string()));
    assert_eq!(out.ids(), good);
    assert_eq!(
        out.messages(),
        [format!(
            "x.warc: record 3 at byte {offset}: invalid Content-Length `12a4`; skipping to the \
             next record"
        )]
    );

    // Too short: the block does not end with two CRLFs.
    let (out, offset) = with_bad_record(&bad_record((block.len() - 40).to_string()));
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert_eq!(out.issues[0].origin.byte_offset, Some(offset));
    assert!(out.issues[0]
        .message
        .contains("the block is not followed by an empty line"));

    // Too long: it swallows the start of the next record, which is recovered.
    let (out, _) = with_bad_record(&bad_record((block.len() + 300).to_string()));
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert_eq!(out.issues[0].origin.record, Some(3));

    // Far too long, running past the end of the file: every record it swallowed is recovered.
    let (out, _) = with_bad_record(&bad_record("999999".to_string()));
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0].message.starts_with("truncated record"));

    // Missing Content-Length.
    let (out, _) = with_bad_record(
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n",
    );
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0].message.starts_with("missing Content-Length"));

    // A broken header line.
    let (out, _) =
        with_bad_record(b"WARC/1.0\r\nWARC-Type response\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
    assert_eq!(out.ids(), good);
    assert_eq!(
        out.issues[0].message,
        "invalid record header line `WARC-Type response`; skipping to the next record"
    );

    // Garbage between records.
    let (out, offset) = with_bad_record(b"\x00\x01garbage\xff\xfe\r\nmore garbage\nWARC/ junk\n");
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 2, "{:?}", out.messages());
    assert_eq!(
        out.messages()[0],
        format!(
            "x.warc: byte {offset}: expected a WARC record (`WARC/1.0`), found \
             `\\u{{0}}\\u{{1}}garbage\u{fffd}\u{fffd}`; skipping to the next record"
        )
    );
    // `WARC/ junk` looks like a record start; its header is cut short by the next record.
    assert!(out.issues[1].message.starts_with("record header cut short"));

    // A record header cut short by the next record.
    let (out, _) = with_bad_record(b"WARC/1.0\r\nWARC-Type: response\r\n");
    assert_eq!(out.ids(), good);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
}

#[test]
fn windows_1256_payload_declared_in_http_content_type() {
    let arabic = "قصف مدفعي على قرى شرق دير الزور يوم الجمعة.";
    let (encoded, _, had_errors) = encoding_rs::WINDOWS_1256.encode(arabic);
    assert!(!had_errors);
    let mut page = b"<html lang=\"ar\"><head><title>x</title></head><body><p>".to_vec();
    page.extend_from_slice(&encoded);
    page.extend_from_slice(b"</p></body></html>");
    let warc = response(
        1,
        "https://akhbar.example/1",
        "200 OK",
        "text/html; charset=windows-1256",
        &page,
    );
    let out = bytes("ar.warc", &warc);
    out.assert_no_issues();
    let doc = out.only_doc();
    assert_eq!(doc.text, arabic);
    assert_eq!(doc.encoding.as_deref(), Some("windows-1256"));
    assert_eq!(doc.lang.as_deref(), Some("ar"));
    // No date in the page: the capture date.
    assert_eq!(doc.published.as_deref(), Some("2024-03-16"));

    // A server that says latin-1 about a page that says, and is, UTF-8.
    let page = "<html><head><meta charset=\"utf-8\"></head><body><p>Déclaration à Genève.</p></body></html>";
    let warc = response(
        1,
        "https://x.example/",
        "200 OK",
        "text/html; charset=iso-8859-1",
        page.as_bytes(),
    );
    let out = bytes("utf8.warc", &warc);
    assert_eq!(out.only_doc().text, "Déclaration à Genève.");
    assert_eq!(out.only_doc().encoding, None);
}

#[test]
fn html_is_recognised_without_content_type_and_encodings_are_undone() {
    // No Content-Type: sniffed.
    let mut block = b"HTTP/1.1 200 OK\r\nServer: x\r\n\r\n".to_vec();
    block.extend_from_slice(article_page(1).as_bytes());
    let warc = record(
        "response",
        1,
        "https://a.example/",
        "application/http; msgtype=response",
        &block,
    );
    assert_eq!(bytes("a.warc", &warc).docs.len(), 1);

    // Chunked and gzip-compressed, as wget stores it.
    let body = gzip(article_page(2).as_bytes());
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\
                      Transfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    let (a, b) = body.split_at(body.len() / 2);
    for chunk in [a, b] {
        block.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        block.extend_from_slice(chunk);
        block.extend_from_slice(b"\r\n");
    }
    block.extend_from_slice(b"0\r\n\r\n");
    let warc = record(
        "response",
        2,
        "https://b.example/",
        "application/http; msgtype=response",
        &block,
    );
    let out = bytes("b.warc", &warc);
    out.assert_no_issues();
    assert!(out.only_doc().text.starts_with("Report number 2: shelling"));

    // A response that is not HTTP is reported.
    let warc = record(
        "response",
        3,
        "https://c.example/",
        "application/http; msgtype=response",
        b"garbage",
    );
    let out = bytes("c.warc", &warc);
    assert_eq!(
        out.messages(),
        ["c.warc: record 1 at byte 0: response record: no HTTP status line, skipped"]
    );
}

#[test]
fn oversized_records_are_skipped_in_chunks() {
    let opts = ReadOptions {
        max_doc_bytes: 4096,
        ..ReadOptions::default()
    };
    let big_page = format!(
        "<html><body>{}</body></html>",
        "<p>Un paragraphe assez long pour dépasser la limite.</p>".repeat(200)
    );
    let big_image = vec![0xffu8; 50_000];
    let mut warc = article_records(1).concat();
    let big_offset = warc.len() as u64;
    warc.extend(response(
        2,
        "https://x.example/big",
        "200 OK",
        "text/html",
        big_page.as_bytes(),
    ));
    warc.extend(response(
        3,
        "https://x.example/img",
        "200 OK",
        "image/png",
        &big_image,
    ));
    warc.extend(response(
        4,
        "https://x.example/4",
        "200 OK",
        "text/html",
        article_page(4).as_bytes(),
    ));
    let out = bytes_with("big.warc.gz", &gzip(&warc), &opts);
    assert_eq!(out.ids(), [record_id(1), record_id(4)]);
    // Only the HTML one is worth an issue.
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert_eq!(out.issues[0].origin.byte_offset, Some(big_offset));
    assert!(out.issues[0]
        .message
        .contains("is larger than --max-doc-bytes (4096 bytes), skipped"));
}

#[test]
fn warc_without_documents() {
    let records = sample_records();
    let warc = [records[0].clone(), records[1].clone(), records[3].clone()].concat();
    assert_eq!(
        bytes("rien.warc", &warc).messages(),
        ["rien.warc: no HTML response with status 200 among the 3 WARC records"]
    );
    let out = bytes_with(
        "vide.warc",
        b"",
        &ReadOptions {
            format: Some(InputFormat::Warc),
            ..ReadOptions::default()
        },
    );
    assert_eq!(out.messages(), ["vide.warc: empty file, no WARC records"]);
}

#[test]
fn large_generated_warc_is_streamed() {
    // 2,000 records, each its own gzip member: a request and a response per article.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.warc.gz");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let articles = 1000;
    for i in 1..=articles {
        let url = format!("https://wire.example.com/{i}");
        let request = record(
            "request",
            2 * i - 1,
            &url,
            "application/http; msgtype=request",
            format!("GET /{i} HTTP/1.1\r\nHost: wire.example.com\r\n\r\n").as_bytes(),
        );
        file.write_all(&gzip(&request)).unwrap();
        let page = article_page(i);
        let resp = response(2 * i, &url, "200 OK", "text/html", page.as_bytes());
        file.write_all(&gzip(&resp)).unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();

    let mut docs = 0usize;
    let mut last_record = 0usize;
    let mut issues = Vec::new();
    read_path(&path, &ReadOptions::default(), &mut |r| match r {
        Ok(doc) => {
            docs += 1;
            let record = doc.origin.record.unwrap();
            assert!(record > last_record);
            last_record = record;
            assert_eq!(doc.id, record_id(record));
        }
        Err(issue) => issues.push(issue.to_string()),
    });
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(docs, articles);
    assert_eq!(last_record, 2 * articles);
}
