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
    /// A news feed (RSS 0.9x/1.0/2.0, Atom or JSON Feed): one document per item.
    Feed,
    /// A WARC web archive (ISO 28500): one document per HTML `response` record with status 200.
    Warc,
}

impl InputFormat {
    /// The canonical lowercase name (`"text"`, `"html"`, `"jsonl"`, `"feed"`, `"warc"`).
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Feed => "feed",
            InputFormat::Warc => "warc",
        }
    }

    /// The format for a file extension (without the dot, any case), if it is a known one.
    /// `gz` is not a format: a `.gz` suffix is stripped before the extension is looked at.
    /// `.xml` and `.json` name no format on their own (a file with one of them is read as a feed
    /// only when its content is one).
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "rss" | "atom" => Some(InputFormat::Feed),
            "warc" => Some(InputFormat::Warc),
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
#[error("unknown input format `{0}` (expected one of: text, html, jsonl, feed, warc)")]
pub struct ParseFormatError(pub String);

impl FromStr for InputFormat {
    type Err = ParseFormatError;

    /// Accepts `text`/`txt`, `html`/`htm`, `jsonl`/`ndjson`, `feed`/`rss`/`atom`/`jsonfeed` and
    /// `warc`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(InputFormat::Text),
            "html" | "htm" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "feed" | "rss" | "atom" | "jsonfeed" => Ok(InputFormat::Feed),
            "warc" => Ok(InputFormat::Warc),
            _ => Err(ParseFormatError(s.to_string())),
        }
    }
}

/// What a file name says about its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameHint {
    /// The format named by the (inner) extension, if known.
    pub format: Option<InputFormat>,
    /// The extension is `.xml` or `.json`: the file is read as a feed if its content is one.
    pub maybe_feed: bool,
    /// The name ends in `.gz`.
    pub gzip: bool,
}

impl NameHint {
    /// Whether a directory walk should read this file.
    pub fn is_known(self) -> bool {
        self.format.is_some() || self.maybe_feed
    }
}

/// The extensions a directory walk reads, for messages.
pub(crate) const KNOWN_EXTENSIONS: &str =
    ".txt .text .html .htm .xhtml .jsonl .ndjson .rss .atom .xml .json .warc";

/// Splits a file name into its format and gzip hints: `a.jsonl.gz` → (Jsonl, gzip),
/// `a.gz` → (None, gzip), `a.TXT` → (Text, no gzip).
pub(crate) fn split_extension(name: &str) -> NameHint {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, gzip) = match base.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("gz") => (stem, true),
        _ => (base, false),
    };
    let ext = match stem.rsplit_once('.') {
        Some((before, ext)) if !before.is_empty() => Some(ext),
        _ => None,
    };
    let format = ext.and_then(InputFormat::from_extension);
    let maybe_feed =
        ext.is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("json"));
    NameHint {
        format,
        maybe_feed,
        gzip,
    }
}

/// Guesses the format from the first bytes of a (decompressed) stream: `WARC/` → WARC; an XML
/// document whose root element is `rss`, `feed` or `RDF`, or a JSON object whose `version` is a
/// `jsonfeed.org` URL → feed; `{` → JSONL; something that looks like an HTML tag, comment,
/// doctype or XML declaration → HTML; else text. Leading whitespace and a UTF-8 byte-order mark
/// are ignored.
pub(crate) fn sniff(prefix: &[u8]) -> InputFormat {
    let s = skip_space(prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix));
    if s.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    match s {
        [b'{', ..] if is_json_feed(s) => InputFormat::Feed,
        [b'{', ..] => InputFormat::Jsonl,
        [b'<', ..] if is_xml_feed(s) => InputFormat::Feed,
        [b'<', b'!' | b'?', ..] => InputFormat::Html,
        [b'<', c, ..] if c.is_ascii_alphabetic() => InputFormat::Html,
        _ => InputFormat::Text,
    }
}

fn skip_space(mut s: &[u8]) -> &[u8] {
    while let Some((first, rest)) = s.split_first() {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Whether the XML in `s` (starting at `<`) has a feed root element: the prolog (XML
/// declaration, comments, processing instructions, doctype) is skipped, then the first element
/// name, without its namespace prefix, must be `rss`, `feed` or `RDF`.
fn is_xml_feed(mut s: &[u8]) -> bool {
    loop {
        s = skip_space(s);
        let rest = if s.starts_with(b"<?") {
            skip_past(s, b"?>")
        } else if s.starts_with(b"<!--") {
            skip_past(s, b"-->")
        } else if s.starts_with(b"<!") {
            skip_past(s, b">")
        } else {
            break;
        };
        match rest {
            Some(rest) => s = rest,
            None => return false,
        }
    }
    let Some(tag) = s.strip_prefix(b"<") else {
        return false;
    };
    let len = tag
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..len];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    local.eq_ignore_ascii_case(b"rss") || local == b"feed" || local == b"RDF"
}

/// The bytes after the first `end` in `s`.
fn skip_past<'a>(s: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    memchr::memmem::find(s, end).map(|i| &s[i + end.len()..])
}

/// Whether the JSON object in `s` declares a JSON Feed version
/// (`"version": "https://jsonfeed.org/version/1.1"`) in its first bytes.
fn is_json_feed(s: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&s[from..], b"\"version\"") {
        let after = skip_space(&s[from + i + 9..]);
        if let Some(value) = after.strip_prefix(b":") {
            let value = skip_space(value);
            let value = value.strip_prefix(b"\"").unwrap_or(b"");
            let value = value
                .strip_prefix(b"https://")
                .or_else(|| value.strip_prefix(b"http://"))
                .unwrap_or(b"");
            if value.starts_with(b"jsonfeed.org/version/") {
                return true;
            }
        }
        from += i + 9;
    }
    false
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
            "unknown input format `csv` (expected one of: text, html, jsonl, feed, warc)"
        );
        for name in ["feed", "RSS", "atom", "jsonfeed"] {
            assert_eq!(name.parse(), Ok(InputFormat::Feed));
        }
        assert_eq!("WARC".parse(), Ok(InputFormat::Warc));
        for f in [
            InputFormat::Text,
            InputFormat::Html,
            InputFormat::Jsonl,
            InputFormat::Feed,
            InputFormat::Warc,
        ] {
            assert_eq!(f.to_string().parse(), Ok(f));
        }
    }

    #[test]
    fn splits_extensions() {
        let h = |f, gzip| NameHint {
            format: f,
            maybe_feed: false,
            gzip,
        };
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
        assert_eq!(split_extension("a.rss"), h(Some(InputFormat::Feed), false));
        assert_eq!(split_extension("a.atom"), h(Some(InputFormat::Feed), false));
        assert_eq!(
            split_extension("CC-NEWS-1.warc.gz"),
            h(Some(InputFormat::Warc), true)
        );
        let feedish = |name| {
            let hint = split_extension(name);
            (hint.format, hint.maybe_feed, hint.is_known())
        };
        assert_eq!(feedish("flux.XML"), (None, true, true));
        assert_eq!(feedish("feed.json.gz"), (None, true, true));
        assert_eq!(feedish("a.csv"), (None, false, false));
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

    #[test]
    fn sniffs_feeds_and_warc() {
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo"), InputFormat::Warc);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"),
            InputFormat::Feed
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            InputFormat::Feed
        );
        assert_eq!(sniff(b"<atom:feed xmlns:atom=\"...\">"), InputFormat::Feed);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rdf:RDF>"),
            InputFormat::Feed
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><!DOCTYPE html><html>"),
            InputFormat::Html
        );
        assert_eq!(sniff(b"<feedback>"), InputFormat::Html);
        assert_eq!(
            sniff(b"{\n  \"version\" : \"https://jsonfeed.org/version/1.1\",\n"),
            InputFormat::Feed
        );
        assert_eq!(
            sniff(b"{\"text\": \"the version\", \"version\": 2}"),
            InputFormat::Jsonl
        );
        assert_eq!(
            sniff(b"{\"text\": \"jsonfeed.org/version/1\"}"),
            InputFormat::Jsonl
        );
    }
}
