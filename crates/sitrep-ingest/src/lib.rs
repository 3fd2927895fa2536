//! Reading input files into documents, robustly.
//!
//! `sitrep-ingest` is the front door of the pipeline: it turns plain-text files, HTML pages and
//! JSON Lines archives (each optionally gzip-compressed) into [`InputDoc`]s. It is the only crate
//! that touches input files.
//!
//! # The core rule: bad input never aborts a batch
//!
//! Every reader reports through a sink, `FnMut(Result<InputDoc, InputIssue>)`. A broken record —
//! an invalid JSON line, a binary file, an empty document, a line larger than
//! [`ReadOptions::max_doc_bytes`], a gzip stream cut short — yields an [`InputIssue`] naming the
//! file and line, and reading goes on with the next record. Nothing here returns an error: even a
//! missing path is an issue, so that one bad argument in a long list does not lose the others.
//!
//! # Streaming
//!
//! JSONL input may be gigabytes: it is read line by line, and memory stays bounded by the largest
//! record that is kept (at most `max_doc_bytes`). A longer line is skipped in chunks without
//! being buffered. A text or HTML file is one document, read whole but never beyond
//! `max_doc_bytes`.
//!
//! # Formats
//!
//! [`InputFormat`] is chosen by, in order: [`ReadOptions::format`], the file extension (`.txt`,
//! `.text`, `.html`, `.htm`, `.xhtml`, `.jsonl`, `.ndjson`, each optionally followed by `.gz`),
//! then a sniff of the first bytes (`{` → JSONL, an HTML tag → HTML, anything else → text).
//! Gzip is recognised by its magic bytes, so compressed standard input works too.
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
mod format;
mod html;
mod jsonl;
mod source;
mod text;

use std::fmt;
use std::io::Read;
use std::path::Path;

pub use date::normalize_date;
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
    /// without one gets `"<path>:<line>"`. For text and HTML, the path as given (for a directory,
    /// the directory path as given joined with the file's relative path), or the name passed to
    /// [`read_bytes`] (`"stdin"` for [`read_stdin`]).
    pub id: String,
    /// Main text. For HTML, the extracted article text with one paragraph per line.
    ///
    /// Line endings are normalised to `\n` and a byte-order mark is removed; nothing else is
    /// changed, so offsets computed downstream are offsets into this string.
    pub text: String,
    /// Title, if the input has one (JSONL `title`, HTML `og:title` or `<title>`).
    pub title: Option<String>,
    /// Source URL, if known (JSONL `url`, HTML canonical link or `og:url`).
    pub url: Option<String>,
    /// Publication date or date-time.
    ///
    /// For JSONL, the `published` field verbatim. For HTML, the first date found in the page
    /// metadata, normalised by [`normalize_date`] (`YYYY-MM-DD`, or RFC 3339 when the page gives
    /// a time with an offset) and kept as found when it cannot be parsed.
    pub published: Option<String>,
    /// Declared language (JSONL `lang`, HTML `<html lang>`), as found; not detected.
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

/// A position in the input: file, and for JSONL the line and its byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The path as given (or the name given to [`read_bytes`], `"stdin"` for [`read_stdin`]).
    pub path: String,
    /// 1-based line number (JSONL records only).
    pub line: Option<usize>,
    /// Byte offset of the start of the line in the (decompressed) stream (JSONL records only).
    pub byte_offset: Option<u64>,
}

impl Origin {
    /// An origin naming a whole file.
    pub fn file(path: impl Into<String>) -> Self {
        Origin {
            path: path.into(),
            line: None,
            byte_offset: None,
        }
    }

    /// An origin naming one line of a file.
    pub fn at_line(path: impl Into<String>, line: usize, byte_offset: u64) -> Self {
        Origin {
            path: path.into(),
            line: Some(line),
            byte_offset: Some(byte_offset),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path),
            None => f.write_str(&self.path),
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

    fn new(origin: Origin, severity: Severity, message: impl Into<String>) -> Self {
        InputIssue {
            origin,
            severity,
            message: message.into(),
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
    /// Largest document accepted, in bytes (a text or HTML file after decompression, or one JSONL
    /// line). Larger ones are skipped with an issue. Default [`DEFAULT_MAX_DOC_BYTES`] (20 MiB).
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
    source::read_path(path, opts, sink);
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
