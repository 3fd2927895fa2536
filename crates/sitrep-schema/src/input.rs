//! What the extractor reads: one document and what is known about it.

use crate::{Diagnostic, Source};

/// One document to process: the input of `Extractor::extract`.
///
/// `sitrep-ingest` produces it from every file format it reads
/// (`InputDoc::into_doc_input`); callers holding a document in memory (the HTTP API's text and
/// JSON bodies, Python, evaluation) start from [`DocInput::new`]. The source URL lives in
/// [`Source::url`] only, and the record's `source` is this `source` (its `outlet` derived from
/// the URL when absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInput {
    /// The record's `doc_id`.
    pub id: String,
    /// The text; every offset of the record points into it.
    pub text: String,
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD` or RFC 3339): relative dates in the text are resolved
    /// against it.
    pub published: Option<String>,
    /// Declared language; detection is used when absent.
    pub lang: Option<String>,
    /// Where the document came from: URL, outlet, file and line, format, charset.
    pub source: Source,
    /// Diagnostics from reading the input (charset fallback...), carried into the record.
    pub diagnostics: Vec<Diagnostic>,
}

impl DocInput {
    /// A document with an id and a text, nothing else known.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> DocInput {
        DocInput {
            id: id.into(),
            text: text.into(),
            ..DocInput::default()
        }
    }
}
