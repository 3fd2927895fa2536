//! Documents as the extractor reads them: the one conversion from what the readers found
//! ([`InputDoc`]) to the extractor's input ([`DocInput`]), shared by `sitrep extract`,
//! `ingest`, `bench` and the HTTP API.

use sitrep_schema::{Diagnostic, DocInput, Source};

use crate::{InputDoc, InputFormat, ReadOptions, Severity};

impl InputDoc {
    /// The extractor's input for this document.
    ///
    /// `published` and `lang` are the caller's (`--published`/`--lang`, or a request's
    /// `published`/`lang` parameters). The document's own publication date wins over
    /// `published`, a default for documents whose metadata gives none; `lang` wins over the
    /// document's declared language. The source keeps the document's URL, path and line,
    /// format and detected charset; the outlet is left for the extractor to derive from the URL.
    pub fn into_doc_input(self, published: Option<&str>, lang: Option<&str>) -> DocInput {
        DocInput {
            id: self.id,
            text: self.text,
            title: self.title,
            published: self.published.or_else(|| published.map(str::to_string)),
            lang: lang.map(str::to_string).or(self.lang),
            source: Source {
                url: self.url,
                outlet: None,
                path: Some(self.origin.path),
                line: self.origin.line,
                format: Some(self.format.as_str().to_string()),
                encoding: self.encoding,
            },
            diagnostics: Vec::new(),
        }
    }
}

impl Severity {
    /// The level of a record diagnostic (`info`, `warning`, `error`) saying as much.
    pub fn diagnostic_level(self) -> &'static str {
        match self {
            Severity::Note => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Reads one document of `format` held in memory (an HTML page sent to the HTTP API), as
/// [`InputDoc::into_doc_input`] gives it. Input issues become diagnostics of code `input` on
/// the document; when nothing could be read, the document is `name` with an empty text and
/// those diagnostics, so the caller still gets a record that says why. Only the first
/// document counts (a feed's other items are dropped).
pub fn read_document(
    name: &str,
    bytes: &[u8],
    format: InputFormat,
    published: Option<&str>,
    lang: Option<&str>,
) -> DocInput {
    let opts = ReadOptions {
        format: Some(format),
        max_doc_bytes: bytes.len().max(1),
    };
    let mut doc = None;
    let mut issues = Vec::new();
    crate::read_bytes(name, bytes, &opts, &mut |r| match r {
        Ok(d) if doc.is_none() => doc = Some(d),
        Ok(_) => {}
        Err(issue) => issues.push(issue),
    });
    let mut input = match doc {
        Some(d) => d.into_doc_input(published, lang),
        None => DocInput {
            published: published.map(str::to_string),
            lang: lang.map(str::to_string),
            source: Source {
                format: Some(format.as_str().to_string()),
                ..Source::default()
            },
            ..DocInput::new(name, "")
        },
    };
    for issue in issues {
        input.diagnostics.push(Diagnostic::new(
            issue.severity.diagnostic_level(),
            "input",
            issue.message,
        ));
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn doc(published: Option<&str>, lang: Option<&str>) -> InputDoc {
        InputDoc {
            id: "a1".to_string(),
            text: "Shelling in Kharkiv.".to_string(),
            title: Some("Kharkiv".to_string()),
            url: Some("https://www.example.com/a1".to_string()),
            published: published.map(str::to_string),
            lang: lang.map(str::to_string),
            origin: Origin::at_line("news.jsonl", 3, 120),
            format: InputFormat::Jsonl,
            encoding: Some("windows-1252".to_string()),
        }
    }

    #[test]
    fn doc_input_keeps_the_record_and_its_source() {
        let input = doc(Some("2024-03-01"), Some("en")).into_doc_input(None, None);
        assert_eq!(input.id, "a1");
        assert_eq!(input.text, "Shelling in Kharkiv.");
        assert_eq!(input.title.as_deref(), Some("Kharkiv"));
        assert_eq!(input.published.as_deref(), Some("2024-03-01"));
        assert_eq!(input.lang.as_deref(), Some("en"));
        assert_eq!(
            input.source.url.as_deref(),
            Some("https://www.example.com/a1")
        );
        assert_eq!(input.source.outlet, None);
        assert_eq!(input.source.path.as_deref(), Some("news.jsonl"));
        assert_eq!(input.source.line, Some(3));
        assert_eq!(input.source.format.as_deref(), Some("jsonl"));
        assert_eq!(input.source.encoding.as_deref(), Some("windows-1252"));
        assert!(input.diagnostics.is_empty());
    }

    #[test]
    fn doc_input_defaults() {
        // The document's date wins over the default; the given language wins over the declared.
        let input =
            doc(Some("2024-03-01"), Some("fr")).into_doc_input(Some("2020-01-01"), Some("en"));
        assert_eq!(input.published.as_deref(), Some("2024-03-01"));
        assert_eq!(input.lang.as_deref(), Some("en"));
        // Without them on the document, the defaults fill in.
        let input = doc(None, None).into_doc_input(Some("2020-01-01"), Some("ar"));
        assert_eq!(input.published.as_deref(), Some("2020-01-01"));
        assert_eq!(input.lang.as_deref(), Some("ar"));
        let input = doc(None, Some("fr")).into_doc_input(None, None);
        assert_eq!((input.published, input.lang.as_deref()), (None, Some("fr")));
    }

    #[test]
    fn read_document_reads_a_page_and_keeps_its_issues() {
        let page = b"<html lang=\"fr\"><head><title>Alep</title></head>\
            <body><p>Des frappes ont touch\xe9 Alep ce matin, selon des t\xe9moins sur place.</p></body></html>";
        let input = read_document(
            "request.html",
            page,
            InputFormat::Html,
            Some("2024-05-01"),
            None,
        );
        assert_eq!(input.id, "request.html");
        assert!(input.text.contains("Alep ce matin"), "{:?}", input.text);
        assert_eq!(input.title.as_deref(), Some("Alep"));
        assert_eq!(input.lang.as_deref(), Some("fr"));
        assert_eq!(input.published.as_deref(), Some("2024-05-01"));
        assert_eq!(input.source.format.as_deref(), Some("html"));
        assert_eq!(input.source.encoding.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn read_document_without_a_document_says_why() {
        let input = read_document("request.html", b"", InputFormat::Html, None, Some("en"));
        assert_eq!(input.id, "request.html");
        assert_eq!(input.text, "");
        assert_eq!(input.lang.as_deref(), Some("en"));
        assert_eq!(input.source.format.as_deref(), Some("html"));
        assert_eq!(input.source.path, None);
        assert!(!input.diagnostics.is_empty());
        assert!(input.diagnostics.iter().all(|d| d.code == "input"));
    }
}
