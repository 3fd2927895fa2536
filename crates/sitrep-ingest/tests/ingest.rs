//! End-to-end tests of the readers over files written into temporary directories, plus the
//! French news page fixture in `tests/fixtures/`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sitrep_ingest::{
    main_text, read_bytes, read_path, ExtractMethod, InputDoc, InputFormat, InputIssue, Origin,
    ReadOptions, Severity,
};

/// Everything a reader reported, in order.
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
    collect(|sink| read_bytes(name, input, &ReadOptions::default(), sink))
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

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const FR_LATIN1: &str = "Le président de la République a annoncé mercredi à Bamako que les \
    forces françaises se retireraient du nord du Mali d'ici à l'été. « Nous avons décidé de \
    réorganiser notre présence », a-t-il déclaré devant la presse, précisant que la décision \
    était définitive.";

const AR_1256: &str = "قالت وزارة الصحة في غزة إن الغارات الإسرائيلية على مدينة خان يونس \
    أسفرت عن مقتل عشرين شخصا على الأقل وإصابة العشرات، بينهم نساء وأطفال، وفق ما أفاد به \
    مراسلون في المكان.";

// ---------------------------------------------------------------------------------------------
// Text

#[test]
fn text_file_is_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "depeche.txt",
        "\u{feff}Kiev, 3 mars (AFP)\r\nDes frappes ont visé Kharkiv.\r\n",
    );
    let out = read(&path);
    assert!(out.issues.is_empty(), "{:?}", out.messages());
    let doc = out.only_doc();
    // The temporary directory is outside the working directory: the id is the file name,
    // messages keep the path as given.
    assert_eq!(doc.id, "depeche.txt");
    assert_eq!(
        doc.text,
        "Kiev, 3 mars (AFP)\nDes frappes ont visé Kharkiv.\n"
    );
    assert_eq!(doc.format, InputFormat::Text);
    assert_eq!(doc.encoding, None);
    assert_eq!(doc.origin, Origin::file(path.to_string_lossy()));
    assert_eq!((doc.title.as_ref(), doc.lang.as_ref()), (None, None));
}

#[test]
fn latin1_french_text_is_decoded() {
    let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(FR_LATIN1);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&encoded).is_err());
    let doc = bytes("fr.txt", &encoded).only_doc().clone();
    assert_eq!(doc.text, FR_LATIN1);
    assert_eq!(doc.encoding.as_deref(), Some("windows-1252"));
}

#[test]
fn windows_1256_arabic_text_is_decoded() {
    let (encoded, _, unmappable) = encoding_rs::WINDOWS_1256.encode(AR_1256);
    assert!(!unmappable);
    let doc = bytes("ar.txt", &encoded).only_doc().clone();
    assert_eq!(doc.text, AR_1256);
    assert_eq!(doc.encoding.as_deref(), Some("windows-1256"));
}

#[test]
fn binary_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i % 251) as u8));
    let path = write(dir.path(), "photo.txt", &png);
    let out = read(&path);
    assert!(out.docs.is_empty());
    assert_eq!(
        out.messages(),
        [format!("{}: binary file, skipped", path.display())]
    );
    assert_eq!(out.issues[0].severity, Severity::Error);
}

#[test]
fn empty_files() {
    assert_eq!(
        bytes("vide.txt", b"").messages(),
        ["vide.txt: empty document"]
    );
    assert_eq!(
        bytes("blanc.txt", b" \n\t\r\n").messages(),
        ["blanc.txt: empty document"]
    );
    assert_eq!(
        bytes("vide.html", b"").messages(),
        ["vide.html: no text found in HTML page"]
    );
    let out = bytes("vide.jsonl", b"");
    assert!(out.docs.is_empty());
    assert_eq!(out.messages(), ["vide.jsonl: empty file, no records"]);
    assert_eq!(out.issues[0].severity, Severity::Warning);
    assert_eq!(
        bytes("blanc.jsonl", b"\n\n").messages(),
        ["blanc.jsonl: empty file, no records"]
    );
}

#[test]
fn oversized_text_document_is_skipped() {
    let opts = ReadOptions {
        max_doc_bytes: 10,
        ..ReadOptions::default()
    };
    let out = collect(|sink| read_bytes("long.txt", b"0123456789A", &opts, sink));
    assert!(out.docs.is_empty());
    assert_eq!(
        out.messages(),
        ["long.txt: document is larger than --max-doc-bytes (10 bytes), skipped"]
    );
    let out = collect(|sink| read_bytes("ok.txt", b"0123456789", &opts, sink));
    assert_eq!(out.only_doc().text, "0123456789");
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn french_news_page_metadata_and_text() {
    let path = fixture("fr_article.html");
    let out = read(&path);
    assert!(out.issues.is_empty(), "{:?}", out.messages());
    let doc = out.only_doc();
    assert_eq!(doc.format, InputFormat::Html);
    assert_eq!(
        doc.title.as_deref(),
        Some("Mali : au moins douze civils tués dans une attaque près de Mopti")
    );
    assert_eq!(doc.published.as_deref(), Some("2024-03-14T18:42:07Z"));
    assert_eq!(doc.lang.as_deref(), Some("fr-FR"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://www.quotidien-sahel.example/afrique/article/2024/03/14/mali-attaque-mopti_123456.html")
    );
    assert_eq!(doc.encoding, None);

    let lines: Vec<&str> = doc.text.lines().collect();
    let first = "Au moins douze civils ont été tués et une vingtaine blessés, mercredi 13 mars, \
        lors d'une attaque contre le marché hebdomadaire de Sokoura, à une quinzaine de \
        kilomètres de Mopti, dans le centre du Mali, selon des sources locales et sécuritaires \
        jointes par téléphone.";
    assert!(lines.contains(&first), "{lines:#?}");
    assert!(lines.contains(&"Une région sous pression"), "{lines:#?}");
    let last = "En février, une attaque similaire avait fait au moins huit morts près de \
        Bandiagara, à environ soixante kilomètres plus à l'est.";
    assert!(lines.contains(&last), "{lines:#?}");
    // Paragraphs stay separate lines, in order.
    let pos = |s: &str| lines.iter().position(|l| l.starts_with(s)).unwrap();
    assert!(pos("Au moins douze") < pos("Des hommes armés"));
    assert!(pos("Des hommes armés") < pos("L'attaque n'a pas"));
    let page = fs::read_to_string(&path).unwrap();
    assert_eq!(main_text(&page).unwrap().method, ExtractMethod::Readability);
    // Page furniture and scripts are gone.
    for junk in [
        "S'abonner",
        "Les plus lus",
        "Mentions légales",
        "dataLayer",
        "loadAd",
    ] {
        assert!(!doc.text.contains(junk), "{junk:?} in {:?}", doc.text);
    }
}

#[test]
fn truncated_html_keeps_its_text() {
    let page = fs::read_to_string(fixture("fr_article.html")).unwrap();
    // Cut in the middle of the opening tag of the third paragraph.
    let cut = page
        .find("<p class=\"article__paragraph\">L'attaque n'a")
        .unwrap()
        + 10;
    let truncated = &page[..cut];
    assert!(truncated.ends_with("<p class=\""));
    let out = bytes("coupe.html", truncated.as_bytes());
    let doc = out.only_doc();
    assert!(
        doc.text.contains("Au moins douze civils ont été tués"),
        "{}",
        doc.text
    );
    assert!(doc
        .text
        .contains("« Ils ont tiré sur tout ce qui bougeait »"));
    assert!(!doc.text.contains("L'attaque n'a pas"));
    assert_eq!(doc.lang.as_deref(), Some("fr-FR"));

    // Cut inside text, with almost nothing left: the body fallback still finds it.
    let out = bytes(
        "court.html",
        b"<html><body><div><p>Alerte : explosion \xC3\xA0 Beyrouth",
    );
    assert_eq!(out.only_doc().text, "Alerte : explosion à Beyrouth");
}

#[test]
fn short_page_falls_back_to_body_text() {
    let html = "<html><body><nav>Menu</nav><h1>Flash</h1><p>Un drone abattu.</p>\
                <p>Deux blessés.</p><footer>Contact</footer></body></html>";
    let extracted = main_text(html).unwrap();
    assert_eq!(extracted.text, "Flash\nUn drone abattu.\nDeux blessés.");
    assert_eq!(extracted.method, ExtractMethod::Body);
    assert!(main_text("<html><body><script>x()</script></body></html>").is_none());
}

#[test]
fn html_in_windows_1256_with_meta_charset() {
    let page = format!(
        "<html lang=\"ar\"><head><meta http-equiv=\"Content-Type\" \
         content=\"text/html; charset=windows-1256\"><title>غزة</title></head>\
         <body><p>{AR_1256}</p></body></html>"
    );
    let (encoded, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let doc = bytes("ar.html", &encoded).only_doc().clone();
    assert_eq!(doc.text, AR_1256);
    assert_eq!(doc.title.as_deref(), Some("غزة"));
    assert_eq!(doc.lang.as_deref(), Some("ar"));
    assert_eq!(doc.encoding.as_deref(), Some("windows-1256"));
}

#[test]
fn html_without_charset_is_detected() {
    let page = format!("<html><body><p>{FR_LATIN1}</p></body></html>");
    let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let doc = bytes("sans-charset.htm", &encoded).only_doc().clone();
    assert_eq!(doc.text, FR_LATIN1);
    assert_eq!(doc.encoding.as_deref(), Some("windows-1252"));
}

#[test]
fn html_declaring_utf8_wrongly_is_repaired_with_a_warning() {
    let page = format!("<meta charset=\"utf-8\"><p>{FR_LATIN1}</p>");
    let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let out = bytes("faux.html", &encoded);
    assert_eq!(out.only_doc().text, FR_LATIN1);
    assert_eq!(
        out.messages(),
        ["faux.html: page declares utf-8 but is not valid UTF-8, decoded as windows-1252"]
    );
    assert_eq!(out.issues[0].severity, Severity::Warning);
}

// ---------------------------------------------------------------------------------------------
// JSONL

#[test]
fn jsonl_records() {
    let input = concat!(
        r#"{"id": "a1", "text": "Frappe sur Kherson.", "title": "Ukraine", "url": "https://x.example/a1", "published": "2024-03-14T10:00:00+02:00", "lang": "fr", "source": {"name": "x"}}"#,
        "\n",
        r#"{"id": 17, "text": "Strike on Kherson."}"#,
        "\r\n",
        r#"{"text": "Ataque en Jersón."}"#,
        "\n",
    );
    let out = bytes("flux.jsonl", input.as_bytes());
    assert!(out.issues.is_empty(), "{:?}", out.messages());
    assert_eq!(out.ids(), ["a1", "17", "flux.jsonl:3"]);
    let a1 = &out.docs[0];
    assert_eq!(a1.text, "Frappe sur Kherson.");
    assert_eq!(a1.title.as_deref(), Some("Ukraine"));
    assert_eq!(a1.url.as_deref(), Some("https://x.example/a1"));
    assert_eq!(a1.published.as_deref(), Some("2024-03-14T10:00:00+02:00"));
    assert_eq!(a1.lang.as_deref(), Some("fr"));
    assert_eq!(a1.format, InputFormat::Jsonl);
    assert_eq!(out.docs[1].text, "Strike on Kherson.");
    let third_offset = input.find(r#"{"text""#).unwrap() as u64;
    assert_eq!(
        out.docs[2].origin,
        Origin::at_line("flux.jsonl", 3, third_offset)
    );
}

#[test]
fn malformed_jsonl_line_in_the_middle() {
    let input = "{\"id\": \"1\", \"text\": \"un\"}\n\
                 {\"id\": \"2\", \"text\": \"deux\"\n\
                 {\"id\": \"3\", \"title\": \"sans texte\"}\n\
                 {\"id\": \"4\", \"text\": \"quatre\"}\n";
    let out = bytes("lot.jsonl", input.as_bytes());
    assert_eq!(out.ids(), ["1", "4"]);
    assert_eq!(
        out.messages(),
        [
            "lot.jsonl:2: invalid JSON: EOF while parsing an object at column 26, record skipped",
            "lot.jsonl:3: missing `text` field, record skipped",
        ]
    );
    assert_eq!(out.issues[0].origin.line, Some(2));
    let second = input.find("{\"id\": \"2\"").unwrap() as u64;
    assert_eq!(out.issues[0].origin.byte_offset, Some(second));
}

#[test]
fn invalid_utf8_in_jsonl_is_replaced_with_a_warning() {
    let input = b"{\"id\": \"a\", \"text\": \"caf\xE9 \xC3\xA0 Alep\"}\n";
    let out = bytes("latin.jsonl", input);
    assert_eq!(out.only_doc().text, "caf\u{FFFD} à Alep");
    assert_eq!(
        out.messages(),
        ["latin.jsonl:1: invalid UTF-8 at byte 25 of the line, replaced with U+FFFD"]
    );
    assert_eq!(out.issues[0].severity, Severity::Warning);
}

#[test]
fn huge_jsonl_line_is_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gros.jsonl");
    {
        let mut f = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        writeln!(f, r#"{{"id": "avant-1", "text": "premier"}}"#).unwrap();
        writeln!(f, r#"{{"id": "avant-2", "text": "second"}}"#).unwrap();
        write!(f, r#"{{"id": "enorme", "text": ""#).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..50 {
            f.write_all(&chunk).unwrap();
        }
        writeln!(f, r#""}}"#).unwrap();
        writeln!(f, r#"{{"id": "apres", "text": "dernier"}}"#).unwrap();
    }
    let out = read(&path);
    assert_eq!(out.ids(), ["avant-1", "avant-2", "apres"]);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    let issue = &out.issues[0];
    assert_eq!(issue.origin.line, Some(3));
    let len = 50 * (1 << 20) + r#"{"id": "enorme", "text": ""}"#.len();
    assert_eq!(
        issue.to_string(),
        format!(
            "{}:3: line of {len} bytes is longer than --max-doc-bytes (20971520 bytes), skipped",
            path.display()
        )
    );
    assert_eq!(out.docs[2].origin.line, Some(4));
}

#[test]
fn binary_jsonl_is_skipped_once() {
    let mut junk = vec![0u8; 4096];
    junk.extend(b"\n{\"text\": \"x\"}\n");
    let out = bytes("junk.jsonl", &junk);
    assert!(out.docs.is_empty());
    assert_eq!(out.messages(), ["junk.jsonl: binary file, skipped"]);
}

// ---------------------------------------------------------------------------------------------
// gzip

fn many_records(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"text\": \"Dépêche numéro {i}: {}\"}}\n",
                i * 7919
            )
        })
        .collect()
}

#[test]
fn gzip_files_by_extension_and_magic() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "a.jsonl.gz", gzip(many_records(3).as_bytes()));
    let out = read(&jsonl);
    assert!(out.issues.is_empty(), "{:?}", out.messages());
    assert_eq!(out.ids(), ["r1", "r2", "r3"]);

    let text = write(dir.path(), "b.txt.gz", gzip("Texte compressé.".as_bytes()));
    let out = read(&text);
    assert_eq!(out.only_doc().text, "Texte compressé.");
    assert_eq!(out.only_doc().format, InputFormat::Text);

    // Multi-member gzip (as in concatenated archives), name without a format: sniffed.
    let mut multi = gzip(b"{\"text\": \"un\"}\n");
    multi.extend(gzip(b"{\"text\": \"deux\"}\n"));
    let out = bytes("archive.gz", &multi);
    assert_eq!(out.ids(), ["archive.gz:1", "archive.gz:2"]);

    // Compressed input on stdin, recognised by its magic bytes.
    let page = gzip(b"<html><body><p>Compresse.</p></body></html>");
    let out = bytes("stdin", &page);
    assert_eq!(out.only_doc().format, InputFormat::Html);
    assert_eq!(out.only_doc().text, "Compresse.");
}

#[test]
fn broken_gzip_keeps_documents_already_read() {
    let full = gzip(many_records(5000).as_bytes());
    let truncated = &full[..full.len() / 2];
    let out = bytes("coupe.jsonl.gz", truncated);
    assert!(out.docs.len() > 100, "only {} docs", out.docs.len());
    assert!(out.docs.len() < 5000);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    let issue = &out.issues[0];
    assert_eq!(issue.origin.line, Some(out.docs.len() + 1));
    assert!(
        issue.message.starts_with("broken gzip stream: ")
            && issue.message.ends_with("; the rest of the file is skipped"),
        "{issue}"
    );

    // Garbage after a valid member.
    let mut trailing = gzip(b"{\"text\": \"un\"}\n");
    trailing.extend(b"\x1f\x8bGARBAGE");
    let out = bytes("queue.jsonl.gz", &trailing);
    assert_eq!(out.ids(), ["queue.jsonl.gz:1"]);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0].message.starts_with("broken gzip stream: "));

    // A truncated compressed text document keeps what was decompressed, with a warning.
    let text: String = (0..2000)
        .map(|i| format!("Ligne {i} du rapport.\n"))
        .collect();
    let full = gzip(text.as_bytes());
    let out = bytes("rapport.txt.gz", &full[..full.len() / 2]);
    let doc = out.only_doc();
    assert!(doc.text.starts_with("Ligne 0 du rapport.\n"));
    assert!(doc.text.len() < text.len());
    assert_eq!(out.issues.len(), 1);
    assert_eq!(out.issues[0].severity, Severity::Warning);
    assert!(out.issues[0]
        .message
        .contains("the document may be truncated"));
}

#[test]
fn misnamed_gz_is_read_as_is() {
    let out = bytes("pas-compresse.txt.gz", b"Texte en clair.");
    assert_eq!(out.only_doc().text, "Texte en clair.");
    assert_eq!(
        out.messages(),
        ["pas-compresse.txt.gz: name ends in .gz but the content is not gzip-compressed, read as is"]
    );
}

// ---------------------------------------------------------------------------------------------
// stdin-like input, sniffing and format override

#[test]
fn stdin_like_bytes_are_sniffed() {
    let out = bytes("stdin", b"  {\"text\": \"ligne\"}\n");
    assert_eq!(out.ids(), ["stdin:1"]);
    let out = bytes("stdin", b"<!doctype html><p>Page</p>");
    assert_eq!(out.only_doc().format, InputFormat::Html);
    assert_eq!(out.only_doc().id, "stdin");
    let out = bytes("stdin", "Texte brut. <b> n'est pas du HTML".as_bytes());
    assert_eq!(out.only_doc().format, InputFormat::Text);
}

#[test]
fn format_option_overrides_detection() {
    let opts = ReadOptions {
        format: Some(InputFormat::Text),
        ..ReadOptions::default()
    };
    let out = collect(|sink| read_bytes("x.jsonl", b"{\"text\": \"a\"}", &opts, sink));
    assert_eq!(out.only_doc().text, "{\"text\": \"a\"}");
    assert_eq!(out.only_doc().format, InputFormat::Text);
}

// ---------------------------------------------------------------------------------------------
// Paths and directories

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", "B");
    write(
        root,
        "a.jsonl",
        "{\"id\": \"a-1\", \"text\": \"A1\"}\n{\"id\": \"a-2\", \"text\": \"A2\"}\n",
    );
    write(root, "sub/z.html", "<p>Z</p>");
    write(root, "sub/deeper/c.TXT", "C");
    write(
        root,
        "sub/y.ndjson.gz",
        gzip(b"{\"id\": \"y\", \"text\": \"Y\"}\n"),
    );
    write(root, "A.htm", "<p>Maj</p>");
    write(root, ".hidden.txt", "caché");
    write(root, ".git/HEAD.txt", "caché");
    write(root, "notes.md", "# pas lu");
    write(root, "vide.txt", "");

    let out = read(root);
    let p = |rel: &str| root.join(rel).to_string_lossy().into_owned();
    // Outside the working directory, ids start at the directory's own name.
    let id = |rel: &str| format!("{}/{rel}", root.file_name().unwrap().to_string_lossy());
    assert_eq!(
        out.ids(),
        [
            id("A.htm").as_str(),
            "a-1",
            "a-2",
            &id("b.txt"),
            &id("sub/deeper/c.TXT"),
            "y",
            &id("sub/z.html"),
        ]
    );
    assert_eq!(out.docs[3].text, "B");
    assert_eq!(
        out.messages(),
        [
            format!(
                "{}: unknown extension, skipped (known: .txt .text .html .htm .xhtml .jsonl \
                 .ndjson .rss .atom .xml .json .warc, optionally followed by .gz)",
                p("notes.md")
            ),
            format!("{}: empty document", p("vide.txt")),
        ]
    );
    assert_eq!(out.issues[0].severity, Severity::Note);
    assert_eq!(out.issues[1].severity, Severity::Error);

    // The same walk twice gives the same result.
    assert_eq!(read(root).ids(), out.ids());

    // With a forced format, unknown extensions are read too.
    let opts = ReadOptions {
        format: Some(InputFormat::Text),
        ..ReadOptions::default()
    };
    let forced = read_with(&root.join("notes.md"), &opts);
    assert_eq!(forced.only_doc().text, "# pas lu");
    let forced = read_with(root, &opts);
    assert!(forced.ids().contains(&id("notes.md").as_str()));
}

#[test]
fn explicit_file_with_unknown_extension_is_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "export.json",
        "{\"id\": \"e\", \"text\": \"E\"}\n",
    );
    assert_eq!(read(&path).ids(), ["e"]);
}

#[test]
fn missing_path_and_empty_directory_are_issues() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.jsonl");
    let out = read(&missing);
    assert!(out.docs.is_empty());
    assert_eq!(out.issues.len(), 1);
    assert!(out.messages()[0].starts_with(&format!("{}: cannot read: ", missing.display())));
    assert!(out.issues[0].unreadable, "a missing input is unreadable");

    // An empty directory is a note: nothing was there to read, nothing failed.
    let empty = dir.path().join("vide");
    fs::create_dir(&empty).unwrap();
    let out = read(&empty);
    assert_eq!(
        out.messages(),
        [format!(
            "{}: no input files found in directory",
            empty.display()
        )]
    );
    assert!(!out.issues[0].unreadable);
}

/// Inputs that exist but cannot be read are unreadable (the CLI exits 2 for them); bad content
/// in a readable file is not.
#[cfg(unix)]
#[test]
fn unreadable_inputs_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    // Not a file: a socket cannot be opened for reading (ENXIO), even by root.
    let socket = dir.path().join("prise.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let out = read(&socket);
    assert!(out.docs.is_empty());
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0].unreadable, "{:?}", out.messages());
    assert_eq!(out.issues[0].severity, Severity::Error);
    assert!(
        out.messages()[0].starts_with(&format!("{}: cannot open: ", socket.display())),
        "{:?}",
        out.messages()
    );

    // A dangling link named in a directory: the file it names cannot be read.
    write(dir.path(), "d/bon.txt", "Texte.");
    std::os::unix::fs::symlink(dir.path().join("parti.txt"), dir.path().join("d/lien.txt"))
        .unwrap();
    let out = read(&dir.path().join("d"));
    assert_eq!(out.docs.len(), 1);
    assert_eq!(out.issues.len(), 1, "{:?}", out.messages());
    assert!(out.issues[0].unreadable);

    // Bad content is an issue about the content, not an unreadable input.
    for (name, content) in [
        ("binaire.txt", &b"\x00\x01\x02\x03binary"[..]),
        ("vide.txt", b""),
        ("lignes.jsonl", b"pas du json\n"),
    ] {
        let out = read(&write(dir.path(), name, content));
        assert!(!out.issues.is_empty(), "{name}");
        assert!(
            out.issues.iter().all(|i| !i.unreadable),
            "{name}: {:?}",
            out.messages()
        );
    }
}

/// Document ids of files name them relative to the working directory when they are under it,
/// else by their file name: never by an absolute path.
#[test]
fn file_ids_never_hold_absolute_paths() {
    // The tests run in the crate's directory, which holds the fixture.
    let cwd = std::env::current_dir().unwrap();
    let given = [
        PathBuf::from("tests/fixtures/fr_article.html"),
        PathBuf::from("./tests/fixtures/fr_article.html"),
        cwd.join("tests/fixtures/fr_article.html"),
        cwd.join("tests/../tests/fixtures/fr_article.html"),
    ];
    for path in &given {
        let out = read(path);
        assert_eq!(
            out.only_doc().id,
            "tests/fixtures/fr_article.html",
            "{}",
            path.display()
        );
        // Messages and the origin keep the path as given, so the user can find the file.
        assert_eq!(out.only_doc().origin.path, path.to_string_lossy());
    }
    // A directory under the working directory: ids relative to it.
    let out = read(Path::new("tests/fixtures"));
    assert_eq!(out.ids(), ["tests/fixtures/fr_article.html"]);

    // Outside the working directory: the file name, or the directory's name and the path in it.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "sous/depeche.txt", "Texte.");
    assert_eq!(read(&file).only_doc().id, "depeche.txt");
    let top = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(read(dir.path()).ids(), [format!("{top}/sous/depeche.txt")]);
    let jsonl = write(dir.path(), "sans-id.jsonl", "{\"text\": \"Texte.\"}\n");
    assert_eq!(read(&jsonl).ids(), ["sans-id.jsonl:1"]);
    for doc in read(dir.path()).docs {
        assert!(!doc.id.starts_with('/'), "{}", doc.id);
    }
}

/// A gzip stream cut short: the message gives the offset where the compressed file breaks, and
/// each document before it is read once, with the text that was there.
#[test]
fn truncated_gzip_is_located_and_read_once() {
    let text: String = (0..400)
        .map(|i| {
            format!(
                "Ligne {i} : des frappes ont visé la ville numéro {}.\n",
                i * 7919
            )
        })
        .collect();
    let full = gzip(text.as_bytes());
    let cut = full.len() * 2 / 3;
    let out = bytes("rapport.txt.gz", &full[..cut]);
    let doc = out.only_doc();
    assert!(
        text.starts_with(&doc.text),
        "the text read is a prefix of the original"
    );
    assert_eq!(out.messages().len(), 1);
    let message = &out.messages()[0];
    assert!(
        message.starts_with(&format!(
            "rapport.txt.gz: broken gzip stream after {} bytes of content: cut short at byte \
             {cut} of the compressed file; the document may be truncated",
            doc.text.len()
        )),
        "{message}"
    );

    let records = many_records(300);
    let full = gzip(records.as_bytes());
    let cut = full.len() / 2;
    let out = bytes("lot.jsonl.gz", &full[..cut]);
    let ids = out.ids();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "no record twice");
    let expected: Vec<String> = (1..=ids.len()).map(|i| format!("r{i}")).collect();
    assert_eq!(ids, expected, "the records before the cut, in order");
    assert!(out.messages()[0].contains(&format!("cut short at byte {cut} of the compressed file")));
}

/// The publication date a text or page shows is read when its metadata has none.
#[test]
fn visible_publication_date() {
    let out = bytes(
        "depeche.txt",
        "Frappes sur Kherson\nPublié le 14 mars 2024 à 10h32\nDes frappes ont visé la ville jeudi."
            .as_bytes(),
    );
    assert_eq!(out.only_doc().published.as_deref(), Some("2024-03-14"));

    let out = bytes(
        "lot.jsonl",
        "{\"text\": \"Published March 14, 2024\\nStrikes hit the city.\"}\n\
         {\"text\": \"Publicado el 14 de marzo de 2024\\nTexto.\", \"published\": \"2024-03-15\"}\n"
            .as_bytes(),
    );
    let dates: Vec<_> = out.docs.iter().map(|d| d.published.as_deref()).collect();
    assert_eq!(
        dates,
        [Some("2024-03-14"), Some("2024-03-15")],
        "the field wins"
    );

    // A page: the byline next to the title, outside the article text Readability keeps.
    let body =
        "<p>Des frappes russes ont visé la ville de Kherson jeudi matin, tuant trois civils \
                et en blessant sept autres, selon le gouverneur de la région.</p>"
            .repeat(6);
    let page = format!(
        "<html><body><nav><a href='/'>Accueil</a></nav><header><h1>Frappes sur Kherson</h1>\
         <div class='byline'>Par la rédaction · نشر في 14 مارس 2024</div></header>\
         <article>{body}</article></body></html>"
    );
    let out = bytes("page.html", page.as_bytes());
    assert_eq!(out.only_doc().published.as_deref(), Some("2024-03-14"));
    // Metadata wins over the visible line.
    let with_meta = page.replace(
        "<html>",
        "<html><head><meta property='article:published_time' content='2024-03-13'></head>",
    );
    let out = bytes("page.html", with_meta.as_bytes());
    assert_eq!(out.only_doc().published.as_deref(), Some("2024-03-13"));
    // A date in the body, without a cue, is not a publication date.
    let out = bytes(
        "depeche.txt",
        "Le 14 mars 2024, des frappes ont visé Kherson.".as_bytes(),
    );
    assert_eq!(out.only_doc().published, None);
}

#[cfg(unix)]
#[test]
fn symlinks_to_directories_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d/a.txt", "A");
    std::os::unix::fs::symlink(dir.path().join("d"), dir.path().join("d/boucle")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("d/a.txt"), dir.path().join("d/lien.txt")).unwrap();
    let out = read(&dir.path().join("d"));
    assert_eq!(out.docs.len(), 2);
    assert_eq!(out.issues.len(), 1);
    assert!(out.messages()[0].ends_with("boucle: symbolic link to a directory, not followed"));
}
