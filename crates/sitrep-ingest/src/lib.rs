//! Reading input files into documents, robustly.
//!
//! `sitrep-ingest` is the front door of the pipeline: it turns plain-text files, HTML pages,
//! JSON Lines archives, news feeds and WARC web archives (each optionally gzip-compressed) into
//! [`InputDoc`]s, and those into the extractor's input ([`InputDoc::into_doc_input`], the
//! `DocInput` of `sitrep-schema`; [`read_document`] for one page held in memory). It is the
//! only crate that touches input files.
//!
//! # The core rule: bad input never aborts a batch
//!
//! Every reader reports through a sink, `FnMut(Result<InputDoc, InputIssue>)`. A broken record —
//! an invalid JSON line, a binary file, an empty document, a line larger than
//! [`ReadOptions::max_doc_bytes`], a gzip stream cut short, a WARC record whose
//! `Content-Length` is wrong — yields an [`InputIssue`] naming the file and line (or record and
//! byte offset), and reading goes on with the next record. Nothing here returns an error: even a
//! missing path is an issue, so that one bad argument in a long list does not lose the others.
//!
//! # Streaming
//!
//! JSONL input and WARC archives may be gigabytes: they are read record by record, and memory
//! stays bounded by the largest record that is kept (at most `max_doc_bytes`). A longer JSONL
//! line or WARC record is skipped in chunks without being buffered. A text, HTML or feed file is
//! parsed whole, so it is read whole, but never beyond `max_doc_bytes`.
//!
//! # Formats
//!
//! | format | extensions | sniffed from | one document per | id | url | published |
//! |---|---|---|---|---|---|---|
//! | [`Text`](InputFormat::Text) | `.txt` `.text` | anything else | file | path | — | date line |
//! | [`Html`](InputFormat::Html) | `.html` `.htm` `.xhtml` | `<` + tag, `<!`, `<?` | file | path | canonical link, `og:url` | page metadata, else date line |
//! | [`Jsonl`](InputFormat::Jsonl) | `.jsonl` `.ndjson` | `{` | line | `id`, else `path:line` | `url` | `published`, verbatim, else date line |
//! | [`Feed`](InputFormat::Feed) | `.rss` `.atom`; `.xml`, `.json` if the content is a feed | XML root `rss`/`feed`/`RDF`; JSON with a `jsonfeed.org` `version` | item | guid/id, else link, else `path#n` | item link | item published, else updated, else date line |
//! | [`Warc`](InputFormat::Warc) | `.warc` | `WARC/` | HTML `response` record with status 200 | `WARC-Record-ID`, else URL | `WARC-Target-URI` | page metadata, else date line, else the date of `WARC-Date` |
//!
//! *path* in ids is the path relative to the working directory when the file lies under it,
//! else the file name (for a directory given outside it: the directory's name and the path
//! inside it): never an absolute path of the user's machine. Messages keep the path as given.
//! The *date line* is the publication date a text shows in its first lines after a cue
//! ("Publié le 14 mars 2024", "Published March 14, 2024", "Publicado el 14 de marzo de 2024",
//! "نشر في 14 مارس 2024"; for a page, also next to its `<h1>`), read with the per-language
//! words of `data/lang/<code>/published.txt`.
//!
//! Each may be gzip-compressed (`.gz` after the extension, or recognised by its magic bytes, so
//! compressed standard input works too); multi-member gzip, as in Common Crawl's CC-NEWS, is read
//! member by member, and a corrupt member is skipped with an issue.
//!
//! The format is chosen by, in order: [`ReadOptions::format`], the file extension, then a sniff
//! of the first bytes. In a directory walk an `.xml` or `.json` file that is not a feed is
//! skipped with a note; named explicitly, it is sniffed like any file.
//!
//! Notes on the fields:
//! - **feeds**: the text is the item content (HTML turned into one paragraph per line), else its
//!   summary; from a file, an item with neither is reported (`item has no content; read the
//!   feed from its URL to fetch the article` when it has a link) and nothing is fetched. `lang`
//!   is the item's language, else the feed's. Dates keep the offset the feed gives.
//! - **URLs** ([`read_url`], cargo feature `fetch`): an `http(s)://` input is downloaded; an
//!   HTML page is one document, anything else is read as a file of that name would be. For a
//!   feed read from a URL, the article of every item without full content is fetched from the
//!   item link and extracted, keeping the item's id, link, title, date and language; see
//!   [`FetchOptions`] for timeouts, politeness and what happens on failure.
//! - **WARC**: only `response` records whose HTTP status is 200 and whose payload is HTML
//!   (`Content-Type` `text/html` or `application/xhtml+xml`; when the type is missing or
//!   generic, `WARC-Identified-Payload-Type` or a sniff of the payload) become documents; other
//!   records are skipped silently. The HTTP `Content-Type` charset is the declared encoding of
//!   the page (see [`InputDoc::encoding`]); chunked transfer coding and gzip/deflate content
//!   coding are undone when the stored body is still encoded. `published` is the date found in
//!   the page metadata; when the page has none, it is the UTC date of `WARC-Date`, the capture
//!   time, which is no earlier than the publication. `lang` is the page's, else the HTTP
//!   `Content-Language`. [`Origin::record`] and [`Origin::byte_offset`] locate the record in the
//!   decompressed stream.
//!
//! ```
//! use sitrep_ingest::{read_bytes, ReadOptions};
//!
//! let input = b"{\"id\": \"a\", \"text\": \"Des frappes ont touche Kherson.\"}\nnot json\n";
//! let mut docs = Vec::new();
//! let mut issues = Vec::new();
//! read_bytes("feed.jsonl", input, &ReadOptions::default(), &mut |r| match r {
//!     Ok(doc) => docs.push(doc),
//!     Err(issue) => issues.push(issue.to_string()),
//! });
//! assert_eq!(docs[0].id, "a");
//! assert!(issues[0].starts_with("feed.jsonl:2: invalid JSON"));
//! ```

mod date;
mod decode;
mod doc_input;
mod feed;
mod fetch;
mod format;
mod gz;
mod html;
mod http;
mod jsonl;
mod source;
mod text;
mod visible_date;
mod warc;

use std::fmt;
use std::io::Read;
use std::path::Path;

pub use date::normalize_date;
pub use doc_input::read_document;
pub use fetch::{is_url, read_url, FetchOptions};
pub use format::{InputFormat, ParseFormatError};
pub use html::{main_text, ExtractMethod, Extracted};

/// Default for [`ReadOptions::max_doc_bytes`]: 20 MiB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 20 * 1024 * 1024;

/// One document read from the input, ready for the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDoc {
    /// Document identifier.
    ///
    /// For JSONL, the record's `id` (a number is accepted and written in decimal); a record
    /// without one gets `"<path>:<line>"`. For text and HTML, the path: relative to the working
    /// directory when the file lies under it (`examples/x.txt`, however it was given), else the
    /// file name (for a directory given outside the working directory, the directory's name
    /// joined with the file's path inside it), so that no absolute path of the user's machine
    /// ends up in an id; or the name passed to [`read_bytes`] (`"stdin"` for [`read_stdin`]). For a feed item, its id or guid, else its
    /// link, else `"<path>#<item number>"`. For a WARC record, its `WARC-Record-ID` without the
    /// angle brackets, else its URL.
    pub id: String,
    /// Main text. For HTML, the extracted article text with one paragraph per line.
    ///
    /// Line endings are normalised to `\n` and a byte-order mark is removed; nothing else is
    /// changed, so offsets computed downstream are offsets into this string.
    pub text: String,
    /// Title, if the input has one (JSONL `title`, HTML `og:title` or `<title>`, feed item
    /// title).
    pub title: Option<String>,
    /// Source URL, if known (JSONL `url`, HTML canonical link or `og:url`, feed item link, WARC
    /// `WARC-Target-URI`).
    pub url: Option<String>,
    /// Publication date or date-time.
    ///
    /// For JSONL, the `published` field verbatim. For HTML, the first date found in the page
    /// metadata, normalised by [`normalize_date`] (`YYYY-MM-DD`, or RFC 3339 when the page gives
    /// a time with an offset) and kept as found when it cannot be parsed. For a feed item, its
    /// publication (else update) date, normalised. For a WARC record, the page's date as for
    /// HTML, else the `YYYY-MM-DD` (UTC) of `WARC-Date`, the capture time. When none of these
    /// gives a date, the date line the text shows in its first lines (`Publié le 14 mars 2024`;
    /// see the crate docs), as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Declared language (JSONL `lang`, HTML `<html lang>`, feed item or feed language, WARC
    /// page language else HTTP `Content-Language`), as found; not detected.
    pub lang: Option<String>,
    /// Where the document came from, for messages.
    pub origin: Origin,
    /// The format the document was read as.
    pub format: InputFormat,
    /// The detected or declared character set, when the input was not UTF-8 (WHATWG name, such
    /// as `"windows-1256"` or `"windows-1252"`; latin-1 input is reported as `"windows-1252"`, its
    /// superset).
    pub encoding: Option<String>,
}

/// A position in the input: file, and for JSONL the line and its byte offset, for feeds the
/// item, for WARC archives the record and its byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The path as given (or the name given to [`read_bytes`], `"stdin"` for [`read_stdin`]).
    pub path: String,
    /// 1-based line number (JSONL records only).
    pub line: Option<usize>,
    /// Byte offset in the (decompressed) stream: of the start of the line (JSONL), of the
    /// `WARC/` line starting the record (WARC), or of the bytes an issue is about.
    pub byte_offset: Option<u64>,
    /// 1-based record number: the item of a feed, the record of a WARC archive (every record
    /// read counts, not only the ones that become documents; records lost in a corrupt gzip
    /// member are not counted).
    pub record: Option<usize>,
}

impl Origin {
    /// An origin naming a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Origin {
            path: path.into(),
            line: None,
            byte_offset: None,
            record: None,
        }
    }

    /// An origin naming one line of a file.
    pub fn at_line(path: impl Into<String>, line: usize, byte_offset: u64) -> Self {
        Origin {
            line: Some(line),
            byte_offset: Some(byte_offset),
            ..Origin::file(path)
        }
    }

    /// An origin naming one record of a file, starting at `byte_offset`.
    pub fn at_record(path: impl Into<String>, record: usize, byte_offset: u64) -> Self {
        Origin {
            record: Some(record),
            byte_offset: Some(byte_offset),
            ..Origin::file(path)
        }
    }

    /// An origin naming a byte offset of a file, outside any record.
    pub fn at_byte(path: impl Into<String>, byte_offset: u64) -> Self {
        Origin {
            byte_offset: Some(byte_offset),
            ..Origin::file(path)
        }
    }
}

/// `path:line` for a line, `path: record 3 at byte 1234` for a record, `path: byte 1234` for
/// an offset, else `path`.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.record, self.byte_offset) {
            (Some(line), _, _) => write!(f, "{}:{line}", self.path),
            (None, Some(record), Some(byte)) => {
                write!(f, "{}: record {record} at byte {byte}", self.path)
            }
            (None, Some(record), None) => write!(f, "{}: record {record}", self.path),
            (None, None, Some(byte)) => write!(f, "{}: byte {byte}", self.path),
            (None, None, None) => f.write_str(&self.path),
        }
    }
}

/// How serious an [`InputIssue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Something was skipped by policy (a file with an unknown extension in a directory).
    Note,
    /// A document was produced, but something about it was repaired or may be incomplete
    /// (invalid UTF-8 replaced, a gzip stream cut short after some data).
    Warning,
    /// A record or file was dropped.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A diagnostic about the input. Displays as `path:line: message` (`path: message` when the
/// issue concerns a whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputIssue {
    /// Where the problem is.
    pub origin: Origin,
    /// How serious it is.
    pub severity: Severity,
    /// What went wrong, lowercase, without a final period.
    pub message: String,
    /// The whole input could not be read: a path that does not exist, that cannot be opened
    /// (permission denied) or read, that is not a file or directory (a socket), a file of a
    /// directory walk that cannot be opened, or an input URL that cannot be downloaded. Unlike a
    /// bad record, this usually means a mistyped argument or a broken setup, so `sitrep extract`
    /// and `ingest` exit with status 2 for it (unless `--keep-going`).
    pub unreadable: bool,
}

impl InputIssue {
    /// A record or file was dropped.
    pub fn error(origin: Origin, message: impl Into<String>) -> Self {
        Self::new(origin, Severity::Error, message)
    }

    /// A document was produced with a caveat.
    pub fn warning(origin: Origin, message: impl Into<String>) -> Self {
        Self::new(origin, Severity::Warning, message)
    }

    /// Something was skipped by policy.
    pub fn note(origin: Origin, message: impl Into<String>) -> Self {
        Self::new(origin, Severity::Note, message)
    }

    /// A whole input could not be read (see the field `unreadable`); an error.
    pub fn unreadable(origin: Origin, message: impl Into<String>) -> Self {
        InputIssue {
            unreadable: true,
            ..Self::error(origin, message)
        }
    }

    fn new(origin: Origin, severity: Severity, message: impl Into<String>) -> Self {
        InputIssue {
            origin,
            severity,
            message: message.into(),
            unreadable: false,
        }
    }
}

impl fmt::Display for InputIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for InputIssue {}

/// Options for the readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Force a format instead of detecting it from the extension and content. With a forced
    /// format, a directory walk reads every non-hidden file, whatever its extension.
    pub format: Option<InputFormat>,
    /// Largest document accepted, in bytes (a text, HTML or feed file after decompression, one
    /// JSONL line, or one WARC record block). Larger ones are skipped with an issue. Default
    /// [`DEFAULT_MAX_DOC_BYTES`] (20 MiB).
    pub max_doc_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// The callback receiving documents and issues, in input order.
pub type Sink<'a> = dyn FnMut(Result<InputDoc, InputIssue>) + 'a;

/// Reads a file or a directory.
///
/// A directory is walked recursively in sorted (byte-wise file name) order, depth first. Hidden
/// entries (name starting with `.`) are skipped silently; files whose extension is not a known
/// input extension are skipped with a [`Severity::Note`] (unless [`ReadOptions::format`] is set).
/// Symbolic links to files are followed, links to directories are not (to avoid cycles). A
/// single file given explicitly is always read, whatever its name; an unknown extension means its
/// format is sniffed from its content.
pub fn read_path(path: &Path, opts: &ReadOptions, sink: &mut Sink<'_>) {
    source::read_path(path, None, opts, sink);
}

/// [`read_path`], with `name` standing for `path` in document ids (and the files of a
/// directory named `name/<path inside it>`) instead of [`doc_name`]`(path)`: for readers that
/// run elsewhere than where the path was named (a Spark executor reading a file the driver
/// listed), so that ids are the ones `sitrep extract` gives where it was named.
pub fn read_path_named(path: &Path, name: &str, opts: &ReadOptions, sink: &mut Sink<'_>) {
    source::read_path(path, Some(name), opts, sink);
}

/// The name of a file or directory in document ids: its path relative to the working
/// directory when it lies under it (`examples/x.txt`, however it was typed; `""` for the
/// working directory itself), else its file name (`x.txt` for `/tmp/x.txt`), so that no
/// absolute path of the user's machine ends up in an id. See [`InputDoc::id`].
pub fn doc_name(path: &Path) -> String {
    source::doc_name(path, std::env::current_dir().ok().as_deref())
}

/// Reads standard input, named `"stdin"` in ids and messages. The format is
/// [`ReadOptions::format`] or sniffed; gzip input is recognised by its magic bytes.
pub fn read_stdin(opts: &ReadOptions, sink: &mut Sink<'_>) {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    read_reader("stdin", &mut lock, opts, sink);
}

/// Reads an in-memory input. `name` is used for ids and messages, and its extension (if any)
/// for format detection, as for a file.
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut Sink<'_>) {
    let mut reader = bytes;
    source::read_stream(name, &mut reader, opts, sink);
}

/// Reads any byte stream. `name` is used for ids and messages, and its extension (if any) for
/// format detection, as for a file.
pub fn read_reader(name: &str, reader: &mut dyn Read, opts: &ReadOptions, sink: &mut Sink<'_>) {
    source::read_stream(name, reader, opts, sink);
}
