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
//! - ids are what the feed says (Atom `id`, RSS `guid`, JSON Feed `id`), else the item link,
//!   else `"<path>#<item number>"`; feed-rs would make up a random UUID, which is switched off so
//!   that reading twice gives the same ids;
//! - dates keep the publisher's UTC offset: feed-rs converts every date to UTC, which can move
//!   an evening article to the next day, so the raw date string is normalised here with
//!   [`normalize_date`] and feed-rs's own lenient parser is only a fallback for strings
//!   `normalize_date` cannot read (then the date is in UTC).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Text};
use feed_rs::parser::{Builder, ParseFeedError};

use crate::date::normalize_date;
use crate::decode::normalize_newlines;
use crate::html::{fragment_text, main_text};
use crate::{InputDoc, InputFormat, InputIssue, Origin, Sink};

/// Reads a whole feed file, one document or issue per item.
pub(crate) fn read_feed(name: &str, bytes: &[u8], sink: &mut Sink<'_>) {
    let dates = DateTable::default();
    let feed = match parse(bytes, Some(dates.clone())) {
        Ok(feed) => feed,
        Err(e) => {
            sink(Err(InputIssue::error(
                Origin::file(name),
                format!("invalid feed: {e}, file skipped"),
            )));
            return;
        }
    };
    // Some date strings were beyond `normalize_date`: parse again with feed-rs's lenient
    // parser, and take those dates (in UTC) from the second parse, item by item.
    let fallback = if dates.any_failed() {
        parse(bytes, None).ok()
    } else {
        None
    };
    if feed.entries.is_empty() {
        sink(Err(InputIssue::warning(
            Origin::file(name),
            "feed has no items",
        )));
        return;
    }
    let feed_lang = feed.language.clone().filter(|l| !l.trim().is_empty());
    for (i, entry) in feed.entries.iter().enumerate() {
        let number = i + 1;
        let origin = Origin {
            record: Some(number),
            ..Origin::file(name)
        };
        let url = item_link(entry);
        let Some(text) = item_text(entry) else {
            let issue = match &url {
                Some(_) => {
                    InputIssue::note(origin, "item has no content; fetch its link with `--fetch`")
                }
                None => InputIssue::error(origin, "item has no content and no link, skipped"),
            };
            sink(Err(issue));
            continue;
        };
        let published = item_date(entry, &dates).or_else(|| {
            let other = fallback.as_ref()?.entries.get(i)?;
            let utc = other.published.or(other.updated)?;
            normalize_date(
                &jiff::Timestamp::from_second(utc.timestamp())
                    .ok()?
                    .to_string(),
            )
        });
        let id = Some(entry.id.trim())
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{name}#{number}"));
        let title = entry.title.as_ref().map(plain).filter(|t| !t.is_empty());
        let lang = entry
            .language
            .clone()
            .filter(|l| !l.trim().is_empty())
            .or_else(|| feed_lang.clone());
        sink(Ok(InputDoc {
            id,
            text,
            title,
            url,
            published,
            lang,
            origin,
            format: InputFormat::Feed,
            encoding: None,
        }));
    }
}

fn parse(bytes: &[u8], dates: Option<DateTable>) -> Result<Feed, ParseFeedError> {
    let mut builder = Builder::new()
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false);
    if let Some(dates) = dates {
        builder = builder.timestamp_parser(move |raw| dates.parse(raw));
    }
    builder.build().parse(bytes)
}

/// The item's text: content, else summary; `None` when both are empty.
fn item_text(entry: &Entry) -> Option<String> {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref()?;
        text_of(body, is_html_subtype(c.content_type.subty().as_ref()))
    });
    content.or_else(|| {
        let summary = entry.summary.as_ref()?;
        text_of(&summary.content, is_html(summary))
    })
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
