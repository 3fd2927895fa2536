//! Input formats: names, detection from a file extension, and sniffing from content.

use std::fmt;
use std::str::FromStr;

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text: the whole file is one document.
    Text,
    /// An HTML page: the whole file is one document, its article text extracted.
    Html,
    /// JSON Lines: one JSON object per line, one document per object.
    Jsonl,
}

impl InputFormat {
    /// The canonical lowercase name (`"text"`, `"html"`, `"jsonl"`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
        }
    }

    /// The format for a file extension (without the dot, any case), if it is a known one.
    /// `gz` is not a format: a `.gz` suffix is stripped before the extension is looked at.
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for an unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format `{0}` (expected one of: text, html, jsonl)")]
pub struct ParseFormatError(pub String);

impl FromStr for InputFormat {
    type Err = ParseFormatError;

    /// Accepts `text`/`txt`, `html`/`htm` and `jsonl`/`ndjson`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(InputFormat::Text),
            "html" | "htm" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            _ => Err(ParseFormatError(s.to_string())),
        }
    }
}

/// What a file name says about its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameHint {
    /// The format named by the (inner) extension, if known.
    pub format: Option<InputFormat>,
    /// The name ends in `.gz`.
    pub gzip: bool,
}

impl NameHint {
    /// Whether a directory walk should read this file.
    pub fn is_known(self) -> bool {
        self.format.is_some()
    }
}

/// Splits a file name into its format and gzip hints: `a.jsonl.gz` → (Jsonl, gzip),
/// `a.gz` → (None, gzip), `a.TXT` → (Text, no gzip).
pub(crate) fn split_extension(name: &str) -> NameHint {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, gzip) = match base.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("gz") => (stem, true),
        _ => (base, false),
    };
    let format = match stem.rsplit_once('.') {
        Some((before, ext)) if !before.is_empty() => InputFormat::from_extension(ext),
        _ => None,
    };
    NameHint { format, gzip }
}

/// Guesses the format from the first bytes of a (decompressed) stream: `{` → JSONL, something
/// that looks like an HTML tag, comment, doctype or XML declaration → HTML, else text. Leading
/// whitespace and a UTF-8 byte-order mark are ignored.
pub(crate) fn sniff(prefix: &[u8]) -> InputFormat {
    let mut s = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    while let Some((first, rest)) = s.split_first() {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    match s {
        [b'{', ..] => InputFormat::Jsonl,
        [b'<', b'!' | b'?', ..] => InputFormat::Html,
        [b'<', c, ..] if c.is_ascii_alphabetic() => InputFormat::Html,
        _ => InputFormat::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names() {
        assert_eq!("txt".parse(), Ok(InputFormat::Text));
        assert_eq!("TEXT".parse(), Ok(InputFormat::Text));
        assert_eq!("html".parse(), Ok(InputFormat::Html));
        assert_eq!("jsonl".parse(), Ok(InputFormat::Jsonl));
        let err = "csv".parse::<InputFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown input format `csv` (expected one of: text, html, jsonl)"
        );
        for f in [InputFormat::Text, InputFormat::Html, InputFormat::Jsonl] {
            assert_eq!(f.to_string().parse(), Ok(f));
        }
    }

    #[test]
    fn splits_extensions() {
        let h = |f, gzip| NameHint { format: f, gzip };
        assert_eq!(split_extension("a.txt"), h(Some(InputFormat::Text), false));
        assert_eq!(
            split_extension("dir.x/a.HTM"),
            h(Some(InputFormat::Html), false)
        );
        assert_eq!(
            split_extension("a.xhtml"),
            h(Some(InputFormat::Html), false)
        );
        assert_eq!(
            split_extension("a.ndjson.gz"),
            h(Some(InputFormat::Jsonl), true)
        );
        assert_eq!(
            split_extension("a.jsonl.GZ"),
            h(Some(InputFormat::Jsonl), true)
        );
        assert_eq!(split_extension("a.gz"), h(None, true));
        assert_eq!(split_extension("a.csv"), h(None, false));
        assert_eq!(split_extension("txt"), h(None, false));
        assert_eq!(split_extension(".txt"), h(None, false));
        assert_eq!(split_extension("stdin"), h(None, false));
    }

    #[test]
    fn sniffs_content() {
        assert_eq!(sniff(b"  {\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff(b"\xEF\xBB\xBF{"), InputFormat::Jsonl);
        assert_eq!(sniff(b"<!DOCTYPE html>"), InputFormat::Html);
        assert_eq!(sniff(b"\n<html lang=fr>"), InputFormat::Html);
        assert_eq!(sniff(b"<?xml version"), InputFormat::Html);
        assert_eq!(sniff(b"<< citation >>"), InputFormat::Text);
        assert_eq!(sniff(b"Des frappes"), InputFormat::Text);
        assert_eq!(sniff(b""), InputFormat::Text);
    }
}
