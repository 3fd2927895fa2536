//! Inputs given as `http://` or `https://` URLs: a feed (whose articles are then fetched from
//! the item links), an HTML page, or any other input format, downloaded with a blocking client.
//!
//! Decisions:
//! - **one request at a time**, from the reading thread, with at least
//!   [`FetchOptions::host_interval`] between two requests to the same host: a feed's articles
//!   usually live on one site, and a news site must not see sitrep as a burst;
//! - **articles are fetched for items without full content**: most feeds carry a teaser
//!   (`<description>`) or nothing, and the teaser is too short to code events from. An item
//!   with full content (`content:encoded`, Atom `<content>`, JSON Feed `content_html`) is used
//!   as it is. [`FetchOptions::articles`] = `false` reads the feed as a file would be read;
//! - **the feed item's metadata wins** over the page's: its id, link (the document's URL, so
//!   that re-reading the feed finds the same documents), title, date and language; the page
//!   fills what the item lacks;
//! - **every failure is an issue naming the URL** (DNS, connection, timeout, HTTP status, a
//!   response that is not HTML, a body larger than [`crate::ReadOptions::max_doc_bytes`]) and
//!   reading goes on with the next item. When the item had a summary, the summary is kept as
//!   the document (with a warning) rather than losing the item.
//!
//! Nothing here runs without the `fetch` cargo feature; without it, a URL input is an issue
//! saying so.

use std::time::Duration;

#[cfg(feature = "fetch")]
use std::collections::HashMap;
#[cfg(feature = "fetch")]
use std::time::Instant;

#[cfg(feature = "fetch")]
use crate::feed::LinkedItem;
#[cfg(feature = "fetch")]
use crate::http::ContentType;
#[cfg(feature = "fetch")]
use crate::{html, InputDoc, InputFormat};
use crate::{InputIssue, Origin, ReadOptions, Sink};

/// Options for URL inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Longest time for one request: connecting and receiving the response headers, and for an
    /// article the whole download (the body of a URL given as input, which may be an archive,
    /// gets ten times as long). Default 30 s.
    pub timeout: Duration,
    /// Fetch the article of feed items that have a link but no full content. Default `true`.
    pub articles: bool,
    /// Shortest interval between two requests to the same host. Default 250 ms.
    pub host_interval: Duration,
    /// The `User-Agent` header. Default `sitrep/<version> (news event extraction)`.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            articles: true,
            host_interval: Duration::from_millis(250),
            user_agent: format!(
                "sitrep/{} (news event extraction; feed reader)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// Whether an input argument is a URL to fetch (`http://` or `https://`, any case).
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads the input at `url`: an HTML page becomes one document; anything else is read as a
/// file named `url` would be (format from [`ReadOptions::format`], else the URL's extension,
/// else sniffed), and for a feed the articles of its items are fetched (see the module docs).
/// Failures are issues at `url`.
pub fn read_url(url: &str, opts: &ReadOptions, fetch: &FetchOptions, sink: &mut Sink<'_>) {
    #[cfg(feature = "fetch")]
    {
        let mut fetcher = Fetcher::new(fetch, opts.max_doc_bytes);
        fetcher.read(url, opts, sink);
    }
    #[cfg(not(feature = "fetch"))]
    {
        let _ = (opts, fetch);
        sink(Err(InputIssue::unreadable(
            Origin::file(url),
            "this sitrep was built without URL support (cargo feature `fetch`), skipped",
        )));
    }
}

#[cfg(feature = "fetch")]
struct Fetcher {
    agent: ureq::Agent,
    timeout: Duration,
    articles: bool,
    interval: Duration,
    max_bytes: usize,
    /// When each host was last asked.
    last: HashMap<String, Instant>,
}

/// A successful response: its `Content-Type` and body.
#[cfg(feature = "fetch")]
struct Fetched {
    content_type: ContentType,
    body: ureq::Body,
}

#[cfg(feature = "fetch")]
impl Fetcher {
    fn new(fetch: &FetchOptions, max_bytes: usize) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .user_agent(fetch.user_agent.as_str())
            .timeout_connect(Some(fetch.timeout))
            .timeout_recv_response(Some(fetch.timeout))
            .http_status_as_error(false)
            .max_redirects(5)
            .build();
        Fetcher {
            agent: ureq::Agent::new_with_config(config),
            timeout: fetch.timeout,
            articles: fetch.articles,
            interval: fetch.host_interval,
            max_bytes,
            last: HashMap::new(),
        }
    }

    /// Waits until `url`'s host may be asked again.
    fn wait_for_host(&mut self, url: &str) {
        let host = host_of(url).to_ascii_lowercase();
        if let Some(last) = self.last.get(&host) {
            let since = last.elapsed();
            if since < self.interval {
                std::thread::sleep(self.interval - since);
            }
        }
        self.last.insert(host, Instant::now());
    }

    /// GETs `url`; `whole` bounds the whole download by the timeout (articles).
    fn get(&mut self, url: &str, whole: bool) -> Result<Fetched, String> {
        self.wait_for_host(url);
        let mut request = self.agent.get(url).header(
            "Accept",
            "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
             application/feed+json,application/xml;q=0.9,*/*;q=0.8",
        );
        request = if whole {
            request.config().timeout_global(Some(self.timeout)).build()
        } else {
            // A feed or an archive given as a URL may be long to download, but not endless.
            request
                .config()
                .timeout_recv_body(Some(self.timeout * 10))
                .build()
        };
        let response = request.call().map_err(|e| describe(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP status {}", status.as_u16()));
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(ContentType::parse)
            .unwrap_or_default();
        Ok(Fetched {
            content_type,
            body: response.into_body(),
        })
    }

    /// Reads a whole body, at most `max_bytes`.
    fn body(&self, fetched: &mut Fetched) -> Result<Vec<u8>, String> {
        fetched
            .body
            .with_config()
            .limit(self.max_bytes as u64)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("larger than --max-doc-bytes ({} bytes)", self.max_bytes)
                }
                e => describe(&e),
            })
    }

    fn read(&mut self, url: &str, opts: &ReadOptions, sink: &mut Sink<'_>) {
        let origin = || Origin::file(url);
        let mut fetched = match self.get(url, false) {
            Ok(f) => f,
            Err(e) => {
                sink(Err(InputIssue::unreadable(
                    origin(),
                    format!("cannot fetch: {e}, skipped"),
                )));
                return;
            }
        };
        if opts.format.is_none() && fetched.content_type.is_html() {
            let body = match self.body(&mut fetched) {
                Ok(b) => b,
                Err(e) => {
                    sink(Err(InputIssue::unreadable(
                        origin(),
                        format!("cannot fetch: {e}, skipped"),
                    )));
                    return;
                }
            };
            // Some servers label their feed `text/html`.
            if crate::format::sniff(&body) == InputFormat::Feed {
                self.read_stream(url, &mut &body[..], opts, sink);
                return;
            }
            let charset = charset(&fetched.content_type);
            let Some(page) = html::read_page(&body, charset, &origin(), "page", sink) else {
                return;
            };
            sink(Ok(InputDoc {
                id: url.to_string(),
                text: page.text,
                title: page.meta.title,
                url: Some(url.to_string()),
                published: page.meta.published,
                lang: page.meta.lang,
                origin: origin(),
                format: InputFormat::Html,
                encoding: page.encoding,
            }));
            return;
        }
        // Anything else streams through the file readers.
        let mut reader = fetched.body.into_reader();
        self.read_stream(url, &mut reader, opts, sink);
    }

    /// Reads a non-HTML response as a file named `url`; a feed's linked items come back to
    /// [`Fetcher::read_article`].
    fn read_stream(
        &mut self,
        url: &str,
        reader: &mut dyn std::io::Read,
        opts: &ReadOptions,
        sink: &mut Sink<'_>,
    ) {
        if self.articles {
            let mut on_linked =
                |item: LinkedItem, sink: &mut Sink<'_>| self.read_article(item, sink);
            crate::source::read_stream_with(url, reader, opts, Some(&mut on_linked), sink);
        } else {
            crate::source::read_stream_with(url, reader, opts, None, sink);
        }
    }

    /// Fetches the article of a feed item; on failure keeps the item's summary if it has one.
    fn read_article(&mut self, item: LinkedItem, sink: &mut Sink<'_>) {
        let link = item.link.clone();
        let page = match self.get(&link, true) {
            Err(e) => Err(format!("cannot fetch {link}: {e}")),
            Ok(f) if !f.content_type.is_html() && !f.content_type.is_unspecific() => Err(format!(
                "{link} is not an HTML page (Content-Type {})",
                f.content_type.mime
            )),
            Ok(mut f) => match self.body(&mut f) {
                Err(e) => Err(format!("cannot fetch {link}: {e}")),
                Ok(body) => {
                    // Issues about the page name it, not only the feed item.
                    let mut page_sink = |r: Result<InputDoc, InputIssue>| {
                        sink(r.map_err(|mut issue| {
                            issue.message = format!("{link}: {}", issue.message);
                            issue
                        }))
                    };
                    let page = html::read_page(
                        &body,
                        charset(&f.content_type),
                        &item.origin,
                        "page",
                        &mut page_sink,
                    );
                    // `read_page` has reported why there is no page.
                    page.ok_or(String::new())
                }
            },
        };
        match page {
            Ok(page) => sink(Ok(InputDoc {
                id: item.id,
                text: page.text,
                title: item.title.or(page.meta.title),
                url: Some(item.link),
                published: item.published.or(page.meta.published),
                lang: item.lang.or(page.meta.lang),
                origin: item.origin,
                format: InputFormat::Html,
                encoding: page.encoding,
            })),
            Err(problem) => match item.fallback {
                Some(summary) => {
                    if !problem.is_empty() {
                        sink(Err(InputIssue::warning(
                            item.origin,
                            format!("{problem}; the item's summary is used instead"),
                        )));
                    }
                    sink(Ok(summary));
                }
                None if problem.is_empty() => {}
                None => sink(Err(InputIssue::error(
                    item.origin,
                    format!("{problem}, item skipped"),
                ))),
            },
        }
    }
}

/// The charset of a `Content-Type`, as an encoding.
#[cfg(feature = "fetch")]
fn charset(ct: &ContentType) -> Option<&'static encoding_rs::Encoding> {
    ct.charset
        .as_deref()
        .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        .map(|e| e.output_encoding())
}

/// A short description of a request failure.
#[cfg(feature = "fetch")]
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        e => e.to_string(),
    }
}

/// The host (and port) of a URL.
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_hosts() {
        assert!(is_url("https://ex.org/feed.xml"));
        assert!(is_url("HTTP://ex.org"));
        assert!(!is_url("feeds/http.xml"));
        assert!(!is_url("ftp://ex.org/x"));
        assert_eq!(
            host_of("https://user@News.ex.org:8080/a?b#c"),
            "News.ex.org:8080"
        );
        assert_eq!(host_of("http://127.0.0.1:9/feed"), "127.0.0.1:9");
    }
}
