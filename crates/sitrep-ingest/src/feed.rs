//! News feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) with `feed-rs`: one document per item.
//!
//! An item's text is its content (`content:encoded`, Atom `<content>`, JSON Feed
//! `content_html`/`content_text`), else its summary (RSS `<description>`, Atom `<summary>`),
//! HTML turned into lines by [`crate::main_text`]. Many feeds carry only a teaser or nothing but
//! a link: an item without text is reported, never fetched here.
//!
//! Decisions:
//! - the feed is parsed whole (feed-rs builds the whole feed), so a feed file larger than
//!   `max_doc_bytes` is skipped with an issue by the caller;
//! - feed-rs also builds every item before the first is returned, about 1 KB each even when
//!   empty: a 20 MB RSS file of 480,000 empty items took 575 MB. A feed with more than
//!   [`MAX_FEED_ITEMS`] items (counted from its bytes before parsing) is skipped with an issue
//!   saying so; real feeds carry tens to a few thousand items;
//! - ids are what the feed says (Atom `id`, RSS `guid`, JSON Feed `id`), else the item link,
//!   else `"<path>#<item number>"`; feed-rs would make up a random UUID, which is switched off so
//!   that reading twice gives the same ids;
//! - dates keep the publisher's UTC offset: feed-rs converts every date to UTC, which can move
//!   an evening article to the next day, so the raw date string is normalised here with
//!   [`normalize_date`] and feed-rs's own lenient parser is only a fallback for strings
//!   `normalize_date` cannot read (then the date is in UTC).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Text};
use feed_rs::parser::{Builder, ParseFeedError};

use crate::date::normalize_date;
use crate::decode::normalize_newlines;
use crate::html::{fragment_text, main_text};
use crate::source::Named;
use crate::visible_date::visible_date;
use crate::{InputDoc, InputFormat, InputIssue, Origin, Sink};

/// Most items read from one feed file (see the module documentation).
pub(crate) const MAX_FEED_ITEMS: usize = 100_000;

/// An upper bound on the number of items of a feed, from its bytes: item and entry start tags
/// (with or without a namespace prefix) in XML, opening braces in JSON.
fn item_count_bound(bytes: &[u8]) -> usize {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return memchr::memchr_iter(b'{', bytes).count();
    }
    [&b"<item"[..], b":item", b"<entry", b":entry"]
        .iter()
        .map(|tag| memchr::memmem::find_iter(bytes, tag).count())
        .sum()
}

/// A feed item whose article is to be fetched from its link (see [`read_feed_with`]).
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
pub(crate) struct LinkedItem {
    /// The item's link.
    pub link: String,
    /// The document the item itself gives (its summary), if it has any text: what to use when
    /// the article cannot be fetched.
    pub fallback: Option<InputDoc>,
    /// Id, title, date and language of the item, and its origin (feed and item number), for
    /// the article's document.
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    pub origin: Origin,
}

/// Receives the items of a feed whose article is to be fetched.
pub(crate) type OnLinked<'a> = dyn FnMut(LinkedItem, &mut Sink<'_>) + 'a;

/// Reads a whole feed file, one document or issue per item.
#[cfg(test)]
pub(crate) fn read_feed(name: &str, bytes: &[u8], sink: &mut Sink<'_>) {
    read_feed_with(Named::same(name), bytes, None, sink);
}

/// [`read_feed`]; with `on_linked`, every item that has a link but no full content (nothing,
/// or only a summary, which in most feeds is a teaser) goes to `on_linked` instead of becoming
/// a document or an issue.
pub(crate) fn read_feed_with(
    name: Named<'_>,
    bytes: &[u8],
    mut on_linked: Option<&mut OnLinked<'_>>,
    sink: &mut Sink<'_>,
) {
    let items = item_count_bound(bytes);
    if items > MAX_FEED_ITEMS {
        sink(Err(InputIssue::error(
            Origin::file(name.shown),
            format!(
                "feed has up to {items} items, more than the {MAX_FEED_ITEMS} read from one \
                 feed file (each is held in memory while the feed is parsed); file skipped: \
                 split it into smaller feeds"
            ),
        )));
        return;
    }
    let dates = DateTable::default();
    let parsed =
        parseable(bytes).and_then(|bytes| Ok((parse(&bytes, Some(dates.clone()))?, bytes)));
    let (feed, bytes) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            sink(Err(InputIssue::error(
                Origin::file(name.shown),
                format!("invalid feed: {e}, file skipped"),
            )));
            return;
        }
    };
    // Some date strings were beyond `normalize_date`: parse again with feed-rs's lenient
    // parser, and take those dates (in UTC) from the second parse, item by item.
    let fallback = if dates.any_failed() {
        parse(&bytes, None).ok()
    } else {
        None
    };
    if feed.entries.is_empty() {
        sink(Err(InputIssue::warning(
            Origin::file(name.shown),
            "feed has no items",
        )));
        return;
    }
    let feed_lang = feed.language.clone().filter(|l| !l.trim().is_empty());
    for (i, entry) in feed.entries.iter().enumerate() {
        let number = i + 1;
        let origin = Origin {
            record: Some(number),
            ..Origin::file(name.shown)
        };
        let url = item_link(entry);
        // The text: content, else summary.
        let content = item_content(entry);
        let has_content = content.is_some();
        let text = content.or_else(|| item_summary(entry));
        if text.is_none() && on_linked.is_none() {
            let issue = match &url {
                Some(_) => InputIssue::note(
                    origin,
                    "item has no content; read the feed from its URL to fetch the article",
                ),
                None => InputIssue::error(origin, "item has no content and no link, skipped"),
            };
            sink(Err(issue));
            continue;
        }
        let published = item_date(entry, &dates).or_else(|| {
            let other = fallback.as_ref()?.entries.get(i)?;
            let utc = other.published.or(other.updated)?;
            normalize_date(
                &jiff::Timestamp::from_second(utc.timestamp())
                    .ok()?
                    .to_string(),
            )
        });
        // An item without a date: the one its text shows in its first lines, if any.
        let published = published.or_else(|| text.as_deref().and_then(visible_date));
        let id = Some(entry.id.trim())
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{}#{number}", name.id));
        let title = entry.title.as_ref().map(plain).filter(|t| !t.is_empty());
        let lang = entry
            .language
            .clone()
            .filter(|l| !l.trim().is_empty())
            .or_else(|| feed_lang.clone());
        let doc = text.map(|text| InputDoc {
            id: id.clone(),
            text,
            title: title.clone(),
            url: url.clone(),
            published: published.clone(),
            lang: lang.clone(),
            origin: origin.clone(),
            format: InputFormat::Feed,
            encoding: None,
        });
        match (&mut on_linked, url, doc) {
            (Some(on_linked), Some(link), fallback) if !has_content => on_linked(
                LinkedItem {
                    link,
                    fallback,
                    id,
                    title,
                    published,
                    lang,
                    origin,
                },
                sink,
            ),
            (_, _, Some(doc)) => sink(Ok(doc)),
            (_, _, None) => sink(Err(InputIssue::error(
                origin,
                "item has no content and no link, skipped",
            ))),
        }
    }
}

/// Why a feed could not be parsed: feed-rs's error, or a malformation it would panic on.
enum ParseError {
    Feed(ParseFeedError),
    Malformed(&'static str),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Feed(e) => e.fmt(f),
            ParseError::Malformed(what) => f.write_str(what),
        }
    }
}

/// The bytes to give the parser: refused with a late encoding declaration, else decoded here
/// when they name an encoding (quick-xml switches to a declared encoding only while the
/// declaration is inside the first bytes it buffered, and panics otherwise).
fn parseable(bytes: &[u8]) -> Result<Cow<'_, [u8]>, ParseError> {
    if late_encoding_declaration(bytes) {
        return Err(ParseError::Malformed(
            "an XML declaration with an encoding after the start of the file",
        ));
    }
    Ok(utf8_without_encoding_declarations(bytes).map_or(Cow::Borrowed(bytes), Cow::Owned))
}

/// Parses bytes made [`parseable`].
fn parse(bytes: &[u8], dates: Option<DateTable>) -> Result<Feed, ParseError> {
    let mut builder = Builder::new()
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false);
    if let Some(dates) = dates {
        builder = builder.timestamp_parser(move |raw| dates.parse(raw));
    }
    // A panic of the parser on some other malformation ends this file, not the batch.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.build().parse(bytes)
    })) {
        Ok(r) => r.map_err(ParseError::Feed),
        Err(_) => Err(ParseError::Malformed(
            "the feed parser failed on malformed XML (a bug in feed-rs or quick-xml)",
        )),
    }
}

/// Found by fuzzing (`fuzz/` target `feed`): an XML declaration with an encoding after the
/// start of the document makes quick-xml (under feed-rs) panic. XML allows the declaration only
/// at the very start, so such a file is refused before it is parsed.
fn late_encoding_declaration(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let start = start
        + if bytes[start..].starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
    memchr::memmem::find_iter(bytes, b"<?xml")
        .filter(|&at| at > start)
        .any(|at| {
            let decl = &bytes[at..bytes.len().min(at + 200)];
            let end = memchr::memmem::find(decl, b"?>").unwrap_or(decl.len());
            memchr::memmem::find(&decl[..end], b"encoding").is_some()
        })
}

/// The feed decoded to UTF-8 and without the processing instructions (`<?…?>`) that name an
/// encoding, when it has any; `None` when there is nothing to do.
///
/// Found by fuzzing (`fuzz/` target `feed`, twice): feed-rs hands quick-xml every XML
/// declaration it meets, and quick-xml switches its decoder only while it still holds the first
/// 64 bytes of the file, panicking otherwise — a declaration longer than that (extra whitespace,
/// a `standalone` attribute, a malformed pseudo-attribute), or one quick-xml recognises where a
/// strict reader would not (`<?\xF0xml …`). Rather than predict quick-xml, the file is decoded
/// here — by its byte-order mark, else the encoding its first declaration names, else UTF-8 —
/// and every processing instruction naming an encoding is dropped, so the parser only ever reads
/// UTF-8 and never switches. Processing instructions carry no feed content.
fn utf8_without_encoding_declarations(bytes: &[u8]) -> Option<Vec<u8>> {
    let bom = encoding_rs::Encoding::for_bom(bytes);
    if bom.is_none() && encoding_instructions(bytes).next().is_none() {
        return None;
    }
    let (encoding, body) = match bom {
        Some((encoding, len)) => (encoding, &bytes[len..]),
        None => (
            declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8),
            bytes,
        ),
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    let text = text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in encoding_instructions(text) {
        out.extend_from_slice(&text[from..start]);
        from = end;
    }
    out.extend_from_slice(&text[from..]);
    Some(out)
}

/// The byte ranges of the processing instructions (`<?` … `?>`) of `bytes` that contain the
/// word `encoding` (in an ASCII-compatible encoding, where the markup is ASCII).
fn encoding_instructions(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + memchr::memmem::find(&bytes[at..], b"<?")?;
        let end = memchr::memmem::find(&bytes[start + 2..], b"?>")
            .map_or(bytes.len(), |e| start + 2 + e + 2);
        at = end;
        if memchr::memmem::find(&bytes[start..end], b"encoding").is_some() {
            return Some((start, end));
        }
    })
}

/// The encoding the XML declaration at the very start of `bytes` names, if it names one that
/// `encoding_rs` knows and is ASCII-compatible (the declaration itself must be readable).
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let decl = bytes
        .strip_prefix(b"<?xml")
        .filter(|d| d.first().is_some_and(u8::is_ascii_whitespace))?;
    let end = memchr::memmem::find(decl, b"?>")?;
    let attrs = &decl[..end];
    let at = memchr::memmem::find(attrs, b"encoding")?;
    let after = &attrs[at + b"encoding".len()..];
    let value = &after[after
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != b'=')?..];
    let quote = *value.first().filter(|q| **q == b'"' || **q == b'\'')?;
    let label_len = value[1..].iter().position(|b| *b == quote)?;
    encoding_rs::Encoding::for_label(&value[1..1 + label_len]).filter(|e| e.is_ascii_compatible())
}

/// The text of the item's full content, `None` when it has none.
fn item_content(entry: &Entry) -> Option<String> {
    entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        text_of(body, is_html_subtype(c.content_type.subty().as_ref()))
    })
}

/// The text of the item's summary, `None` when it has none.
fn item_summary(entry: &Entry) -> Option<String> {
    let summary = entry.summary.as_ref()?;
    text_of(&summary.content, is_html(summary))
}

fn is_html(text: &Text) -> bool {
    is_html_subtype(text.content_type.subty().as_ref())
}

/// `text/html`, `application/xhtml+xml` (feed-rs gives Atom `type="xhtml"` as the latter).
fn is_html_subtype(subtype: &str) -> bool {
    subtype.eq_ignore_ascii_case("html") || subtype.eq_ignore_ascii_case("xhtml+xml")
}

/// Text from an HTML or plain-text field, `None` if there is none.
fn text_of(s: &str, html: bool) -> Option<String> {
    let text = if html {
        main_text(s)?.text
    } else {
        normalize_newlines(s.trim().to_string())
    };
    (!text.trim().is_empty()).then_some(text)
}

/// A title or other short text field, as one line of plain text.
fn plain(text: &Text) -> String {
    let s = if is_html(text) {
        fragment_text(&text.content)
    } else {
        text.content.clone()
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The item's page: the first `alternate` (or untyped) link, else the first link.
fn item_link(entry: &Entry) -> Option<String> {
    let alternate = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
    alternate
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// The item's publication date (else its update date), with its original offset.
fn item_date(entry: &Entry, dates: &DateTable) -> Option<String> {
    [entry.published, entry.updated]
        .into_iter()
        .flatten()
        .find_map(|utc| dates.lookup(&utc))
}

/// Date strings seen by the feed parser, by the instant they stand for, normalised with their
/// offset; shared with the parser's timestamp callback (which must be `Send + Sync`).
#[derive(Clone, Default)]
struct DateTable(Arc<Mutex<DateState>>);

#[derive(Default)]
struct DateState {
    by_instant: HashMap<i64, String>,
    failed: bool,
}

impl DateTable {
    fn state(&self) -> std::sync::MutexGuard<'_, DateState> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The timestamp callback: parses with `normalize_date` and remembers the result.
    fn parse(&self, raw: &str) -> Option<DateTime<Utc>> {
        let Some(normalized) = normalize_date(raw) else {
            self.state().failed = true;
            return None;
        };
        // A date alone stands for its midnight UTC.
        let instant = if normalized.len() == 10 {
            format!("{normalized}T00:00:00Z").parse::<jiff::Timestamp>()
        } else {
            normalized.parse::<jiff::Timestamp>()
        }
        .ok()?;
        let seconds = instant.as_second();
        self.state().by_instant.entry(seconds).or_insert(normalized);
        DateTime::<Utc>::from_timestamp(seconds, 0)
    }

    fn lookup(&self, utc: &DateTime<Utc>) -> Option<String> {
        self.state().by_instant.get(&utc.timestamp()).cloned()
    }

    fn any_failed(&self) -> bool {
        self.state().failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(feed: &str) -> Vec<Result<InputDoc, InputIssue>> {
        let mut out = Vec::new();
        read_feed("f.xml", feed.as_bytes(), &mut |r| out.push(r));
        out
    }

    #[test]
    fn a_long_declaration_naming_an_encoding_is_decoded_not_a_panic() {
        // 88 bytes of declaration: quick-xml alone panics when the encoding comes after its
        // 64-byte prefix.
        let mut feed = b"<?xml version=\"1.0\"        standalone=\"yes\"                    \
                         encoding=\"windows-1251\"?>"
            .to_vec();
        feed.extend_from_slice(b"<rss version=\"2.0\"><channel><title>t</title><item><title>");
        // Three Cyrillic letters in windows-1251.
        feed.extend_from_slice(&[0xCC, 0xE8, 0xF0]);
        feed.extend_from_slice(b"</title><description>Texte.</description></item></channel></rss>");
        let mut out = Vec::new();
        read_feed("f.xml", &feed, &mut |r| out.push(r));
        let doc = out[0].as_ref().expect("the feed is read");
        assert_eq!(doc.title.as_deref(), Some("\u{41c}\u{438}\u{440}"));
    }

    #[test]
    fn feeds_naming_an_encoding_reach_the_parser_as_utf8_without_declarations() {
        let utf8 = |b: &[u8]| utf8_without_encoding_declarations(b).map(String::from_utf8);
        assert_eq!(
            utf8(b"<?xml version='1.0' encoding = 'ISO-8859-1'?><a>\xE9</a>"),
            Some(Ok("<a>\u{e9}</a>".into()))
        );
        // Every instruction naming an encoding goes, wherever it is and however it is spelt;
        // the first declaration's encoding decodes the file.
        assert_eq!(
            utf8(
                b"<?xml version='1.0' encoding='windows-1252'?><a>\x80<?\xF0xml encoding='x'?></a>"
            ),
            Some(Ok("<a>\u{20ac}</a>".into()))
        );
        // Not a declaration: the file is read as UTF-8 (invalid bytes replaced).
        assert_eq!(
            utf8(b"<?xml-stylesheet href='s.xsl' encoding='latin1'?><a>\xE9</a>"),
            Some(Ok("<a>\u{fffd}</a>".into()))
        );
        // A byte-order mark decides over the declaration.
        assert_eq!(
            utf8(b"\xEF\xBB\xBF<?xml version='1.0' encoding='latin1'?><a>\xC3\xA9</a>"),
            Some(Ok("<a>\u{e9}</a>".into()))
        );
        // An unterminated instruction runs to the end of the file.
        assert_eq!(utf8(b"<a/><?xml encoding"), Some(Ok("<a/>".into())));
        for unchanged in [
            &b"<?xml version='1.0'?><a/>"[..],
            b"<a>no declaration, <?pi no charset?></a>",
            b"",
        ] {
            assert_eq!(utf8(unchanged), None, "{unchanged:?}");
        }
    }

    #[test]
    fn dates_keep_their_offset_and_fall_back_to_feed_rs() {
        let out = read(
            r#"<rss version="2.0"><channel><title>t</title>
            <item><title>a</title><description>Texte a.</description>
              <pubDate>Sat, 16 Mar 2024 00:30:00 +0100</pubDate></item>
            <item><title>b</title><description>Texte b.</description>
              <pubDate>Tues, 19 Mar 2024 10:00:00 GMT</pubDate></item>
            <item><title>c</title><description>Texte c.</description></item>
            </channel></rss>"#,
        );
        let dates: Vec<Option<&str>> = out
            .iter()
            .map(|r| r.as_ref().unwrap().published.as_deref())
            .collect();
        assert_eq!(
            dates,
            [
                Some("2024-03-16T00:30:00+01:00"),
                Some("2024-03-19T10:00:00Z"),
                None
            ]
        );
    }

    #[test]
    fn items_without_full_content_go_to_the_fetcher() {
        let feed = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>t</title><language>fr</language>
            <item><link>https://ex.fr/full</link><title>Plein</title>
              <description>Accroche.</description>
              <content:encoded><![CDATA[<p>Texte complet de l'article.</p>]]></content:encoded></item>
            <item><link>https://ex.fr/teaser</link><guid>id-2</guid><title>Accroche</title>
              <description>Seulement une accroche.</description>
              <pubDate>Sat, 16 Mar 2024 00:30:00 +0100</pubDate></item>
            <item><link>https://ex.fr/nothing</link></item>
            <item><title>Rien</title></item>
            </channel></rss>"#;
        let mut out = Vec::new();
        let mut linked = Vec::new();
        let mut on_linked = |item: LinkedItem, _: &mut Sink<'_>| linked.push(item);
        read_feed_with(
            Named::same("f.xml"),
            feed.as_bytes(),
            Some(&mut on_linked),
            &mut |r| out.push(r),
        );
        // The item with full content is a document; the one with neither text nor link an
        // error; the two others are handed over with their metadata.
        assert_eq!(out.len(), 2, "{out:?}");
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.url.as_deref(), Some("https://ex.fr/full"));
        assert_eq!(doc.text, "Texte complet de l'article.");
        assert!(out[1]
            .as_ref()
            .unwrap_err()
            .message
            .contains("no content and no link"));
        let links: Vec<&str> = linked.iter().map(|i| i.link.as_str()).collect();
        assert_eq!(links, ["https://ex.fr/teaser", "https://ex.fr/nothing"]);
        let teaser = &linked[0];
        assert_eq!(
            (teaser.id.as_str(), teaser.title.as_deref()),
            ("id-2", Some("Accroche"))
        );
        assert_eq!(
            teaser.published.as_deref(),
            Some("2024-03-16T00:30:00+01:00")
        );
        assert_eq!(teaser.lang.as_deref(), Some("fr"));
        assert_eq!(teaser.origin.record, Some(2));
        assert_eq!(
            teaser.fallback.as_ref().map(|d| d.text.as_str()),
            Some("Seulement une accroche.")
        );
        assert!(linked[1].fallback.is_none());
        assert_eq!(linked[1].id, "https://ex.fr/nothing");
    }

    #[test]
    fn ids_are_stable() {
        let feed = r#"<rss version="2.0"><channel><title>t</title>
            <item><description>Sans lien.</description></item>
            <item><link>https://ex.fr/a</link><description>Lien.</description></item>
            </channel></rss>"#;
        let ids = |out: Vec<Result<InputDoc, InputIssue>>| {
            out.into_iter().map(|r| r.unwrap().id).collect::<Vec<_>>()
        };
        assert_eq!(ids(read(feed)), ["f.xml#1", "https://ex.fr/a"]);
        assert_eq!(ids(read(feed)), ids(read(feed)));
    }
}
