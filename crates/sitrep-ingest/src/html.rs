//! HTML pages: charset, article text and metadata (title, date, URL, language).
//!
//! The article text comes from [`main_text`], the one place that knows which extractor is used
//! (`dom_smoothie`, a port of Mozilla's Readability), so it can be swapped. Metadata is read here
//! directly from the page head, because the pipeline needs more date sources than Readability
//! looks at, and normalised dates.
//!
//! Text is produced by a block-aware walk of the DOM: each paragraph, heading, list item, table
//! row and `<br>` ends a line, whitespace inside a line is collapsed. Sentence splitting
//! downstream relies on those line breaks.

use std::sync::LazyLock;

use dom_query::{Document, Matcher, NodeRef};
use encoding_rs::Encoding;

use crate::date::normalize_date;
use crate::decode::{decode, Binary};
use crate::source::Named;
use crate::visible_date::{self, visible_date};
use crate::{InputDoc, InputFormat, InputIssue, Origin, Sink};

/// How many leading bytes are searched for a `<meta charset>` declaration. The HTML standard
/// says 1024; real pages put long comments and scripts first, so look a little further.
const CHARSET_PRESCAN_BYTES: usize = 4096;

/// Readability gives up on documents with more elements than this and we use the plain body
/// text instead: it keeps hostile or generated pages from taking minutes.
const MAX_READABILITY_ELEMENTS: usize = 100_000;

/// Readability is skipped, and the plain body text used, on pages whose elements nest deeper
/// than this. Its descendant matching is quadratic in the depth: a page of 2,000 nested `<div>`
/// took 3 s, 8,000 took 47 s and 200,000 (a 2 MB file) did not finish in 10 minutes. Real
/// article pages nest a few dozen levels; 512 is the depth at which Blink's HTML parser stops
/// nesting too.
const MAX_READABILITY_DEPTH: usize = 512;

/// Pages whose tags nest deeper than this (estimated from the bytes, before parsing) are not
/// parsed: the HTML parser's own cost grows with the square of the depth (its scope checks walk
/// the stack of open elements), so 100,000 nested `<div>` (a 600 KB file) took minutes. Browsers
/// stop nesting at 512; a real page is a few dozen deep.
const MAX_HTML_DEPTH: usize = 1024;

/// Elements that never hold content, and those the parser closes by itself when a sibling
/// opens (they do not nest), which [`estimated_depth`] does not count.
const NOT_NESTING: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"rt",
    b"rp",
    b"html",
    b"head",
    b"body",
];

/// The deepest nesting of start and end tags in `html`, stopping once it passes `limit`: a
/// linear scan of the bytes that counts start tags (except [`NOT_NESTING`] and `<x/>`) and end
/// tags, ignoring comments' contents only roughly. An estimate of the parsed depth that
/// unclosed formatting elements (which do nest in the parsed page) keep honest.
fn estimated_depth(html: &[u8], limit: usize) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', html) {
        let rest = &html[at + 1..];
        let (closing, name_start) = match rest.first() {
            Some(b'/') => (true, 1),
            Some(c) if c.is_ascii_alphabetic() => (false, 0),
            _ => continue,
        };
        let name_len = rest[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &rest[name_start..name_start + name_len];
        if NOT_NESTING.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag_end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        if rest[..tag_end].ends_with(b"/") {
            continue;
        }
        depth += 1;
        max = max.max(depth);
        if max > limit {
            break;
        }
    }
    max
}

/// A CSS selector compiled once for all pages: compiling one cost about as much as matching it
/// against a page (callgrind, `extract` of 2,000 archive pages: 16,000 compilations of this
/// module's selectors).
macro_rules! selector {
    ($name:ident, $css:literal) => {
        static $name: LazyLock<Matcher> =
            LazyLock::new(|| Matcher::new($css).expect("a valid CSS selector"));
    };
}
selector!(H1, "h1");
selector!(TITLE, "title");
selector!(LINK_HREF, "link[href]");
selector!(HTML, "html");
selector!(ITEMPROP_DATE, "[itemprop=datePublished]");
selector!(TIME_PUBDATE, "time[pubdate]");
selector!(ARTICLE_TIME, "article time");
selector!(META_CONTENT, "meta[content]");
selector!(SCRIPT_TYPE, "script[type]");

/// Elements whose content is never text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "head", "title", "select", "button", "textarea", "input", "audio", "video",
];

/// Page furniture dropped by the plain body-text fallback.
const BOILERPLATE: &[&str] = &["nav", "header", "footer", "aside", "form", "menu", "dialog"];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Text extracted from a page by [`main_text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The article text, one paragraph per line (`\n`-separated, no trailing newline).
    pub text: String,
    /// Which extractor produced the text.
    pub method: ExtractMethod,
}

/// Which extractor produced an [`Extracted`] text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractMethod {
    /// The Readability algorithm found an article.
    Readability,
    /// Readability found no article; this is the text of the page without scripts,
    /// navigation, header, footer and asides.
    Body,
}

/// Extracts the main (article) text of an HTML page, with one paragraph per line.
///
/// Tries Readability first. When it finds no article (nothing, or less text than its own
/// 500-character threshold: short pages, truncated pages, pages that are not articles, where
/// its best attempt tends to keep the navigation), the plain text of the body without scripts,
/// navigation, header, footer and asides is used instead, if there is any. Returns `None` when
/// the page has no text at all. Broken or truncated markup is fine: the HTML parser recovers
/// what it can.
///
/// Readability is not run on pages nested deeper than 512 elements (its cost grows with the
/// square of the depth); their body text is used. A page whose tags nest more than 1,024 deep
/// is not parsed at all (`None`): the parser's cost grows with the square of the depth too.
pub fn main_text(html: &str) -> Option<Extracted> {
    if estimated_depth(html.as_bytes(), MAX_HTML_DEPTH) > MAX_HTML_DEPTH {
        return None;
    }
    main_text_of(Document::from(html), html)
}

/// [`main_text`] of `html` already parsed into `doc` (which Readability consumes): a page is
/// parsed once for its metadata and its main text instead of twice (`Readability::new` is
/// `with_document(Document::from(html))`, so the result is the same). Readability is skipped on
/// pages nested deeper than [`MAX_READABILITY_DEPTH`].
fn main_text_of(doc: Document, html: &str) -> Option<Extracted> {
    let config = readability_config();
    let (readability, kept) = if deeper_than(doc.root(), MAX_READABILITY_DEPTH) {
        (None, Some(doc))
    } else {
        (readability_text(doc, config.clone()), None)
    };
    if let Some(text) = &readability {
        if text.chars().count() >= config.char_threshold {
            return readability.map(|text| Extracted {
                text,
                method: ExtractMethod::Readability,
            });
        }
    }
    // Readability took the parsed page: the body fallback (short or non-article pages) parses
    // it again.
    let doc = kept.unwrap_or_else(|| Document::from(html));
    let body = block_text(doc.root(), true);
    if !body.is_empty() {
        return Some(Extracted {
            text: body,
            method: ExtractMethod::Body,
        });
    }
    readability.map(|text| Extracted {
        text,
        method: ExtractMethod::Readability,
    })
}

fn readability_config() -> dom_smoothie::Config {
    dom_smoothie::Config {
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        // Metadata is read by `page_metadata`; skip Readability's JSON-LD pass.
        disable_json_ld: true,
        ..Default::default()
    }
}

fn readability_text(doc: Document, config: dom_smoothie::Config) -> Option<String> {
    let mut readability = dom_smoothie::Readability::with_document(doc, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let content = Document::from(article.content.as_ref());
    let text = block_text(content.root(), false);
    (!text.is_empty()).then_some(text)
}

/// Turns the bytes of an HTML file into one document, or issues.
pub(crate) fn read_html(name: Named<'_>, bytes: &[u8], sink: &mut Sink<'_>) {
    let origin = Origin::file(name.shown);
    let Some(page) = read_page(bytes, None, &origin, "file", sink) else {
        return;
    };
    sink(Ok(InputDoc {
        id: name.id.to_string(),
        text: page.text,
        title: page.meta.title,
        url: page.meta.url,
        published: page.meta.published,
        lang: page.meta.lang,
        origin,
        format: InputFormat::Html,
        encoding: page.encoding,
    }));
}

/// An HTML page read by [`read_page`].
#[derive(Debug)]
pub(crate) struct Page {
    /// The main text, as [`main_text`] gives it.
    pub text: String,
    /// Metadata from the page head.
    pub meta: PageMeta,
    /// The character set used, when not UTF-8 (see [`crate::InputDoc::encoding`]).
    pub encoding: Option<String>,
}

/// Decodes an HTML page and extracts its main text and metadata; problems go to `sink` as
/// issues at `origin`, and `None` means the page gave no document.
///
/// `transport_charset` is a charset declared outside the page (the HTTP `Content-Type` of a
/// WARC response). As in browsers it wins over the page's own `<meta charset>`, with one
/// exception for a frequent server misconfiguration: when the page says UTF-8, and its bytes are
/// valid UTF-8, a different transport charset is ignored. `what` names the input in messages
/// (`"file"`, `"payload"`).
pub(crate) fn read_page(
    bytes: &[u8],
    transport_charset: Option<&'static Encoding>,
    origin: &Origin,
    what: &str,
    sink: &mut Sink<'_>,
) -> Option<Page> {
    let in_page = prescan_charset(bytes);
    let declared = match (transport_charset, in_page) {
        (Some(t), Some(m))
            if t != m && m == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() =>
        {
            Some(m)
        }
        (Some(t), _) => Some(t),
        (None, m) => m,
    };
    let decoded = match decode(bytes, declared) {
        Ok(d) => d,
        Err(Binary) => {
            sink(Err(InputIssue::error(
                origin.clone(),
                format!("binary {what}, skipped"),
            )));
            return None;
        }
    };
    let enc_name = decoded.encoding.unwrap_or(encoding_rs::UTF_8).name();
    if decoded.declared_utf8_ignored {
        sink(Err(InputIssue::warning(
            origin.clone(),
            format!("page declares utf-8 but is not valid UTF-8, decoded as {enc_name}"),
        )));
    }
    if decoded.replaced {
        sink(Err(InputIssue::warning(
            origin.clone(),
            format!("invalid {enc_name} byte sequences replaced with U+FFFD"),
        )));
    }
    if estimated_depth(decoded.text.as_bytes(), MAX_HTML_DEPTH) > MAX_HTML_DEPTH {
        sink(Err(InputIssue::error(
            origin.clone(),
            format!("HTML tags nested more than {MAX_HTML_DEPTH} deep, {what} skipped"),
        )));
        return None;
    }
    let doc = Document::from(decoded.text.as_str());
    let mut meta = page_metadata(&doc);
    // Read before Readability takes (and rewrites) the document; only pages whose metadata has
    // no date need it.
    let titled = meta
        .published
        .is_none()
        .then(|| title_and_page(&doc))
        .flatten();
    let Some(extracted) = main_text_of(doc, &decoded.text) else {
        sink(Err(InputIssue::error(
            origin.clone(),
            "no text found in HTML page",
        )));
        return None;
    };
    if meta.published.is_none() {
        meta.published = visible_date(&extracted.text).or_else(|| {
            let (title, page) = titled?;
            date_near_title(&title, &page, &extracted.text)
        });
    }
    Some(Page {
        text: extracted.text,
        meta,
        encoding: decoded.encoding_name(),
    })
}

/// Lines of the page's visible text searched around its title for a publication date: a
/// byline often sits next to the `<h1>`, outside the article text that Readability keeps.
const LINES_BEFORE_TITLE: usize = 2;

/// The page's `<h1>` text and its whole visible text, for [`date_near_title`]; none without
/// an `<h1>`.
fn title_and_page(doc: &Document) -> Option<(String, String)> {
    let title = collapse_whitespace(&doc.select_matcher(&H1).nodes().first()?.text());
    if title.is_empty() {
        return None;
    }
    Some((title, block_text(doc.root(), false)))
}

/// The publication date shown next to the page's `<h1>` (a few lines before, the usual lines
/// after), when the article text itself does not start with it. Pages without an `<h1>` are
/// not searched: the first lines of their body are navigation.
fn date_near_title(title: &str, page: &str, article: &str) -> Option<String> {
    if page == article {
        return None;
    }
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = lines.iter().position(|l| *l == title)?;
    let from = at.saturating_sub(LINES_BEFORE_TITLE);
    let to = (at + 1 + visible_date::LINES).min(lines.len());
    visible_date::date_in_lines(&lines[from..to])
}

/// The text of an HTML fragment (a feed item title), whitespace collapsed, blocks on their own
/// lines.
pub(crate) fn fragment_text(html: &str) -> String {
    block_text(Document::fragment(html).root(), false)
}

/// Finds a charset declared in a `<meta charset>` or `<meta http-equiv="content-type">` near the
/// start of the page. As in browsers, a UTF-16 declaration in an ASCII-compatible page means
/// UTF-8.
pub(crate) fn prescan_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = memchr::memmem::find(tag, b"charset") {
            let mut rest = &tag[at + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r
                    .strip_prefix(b"\"")
                    .or_else(|| r.strip_prefix(b"'"))
                    .unwrap_or(r);
                let len = r
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(r.len());
                if let Some(enc) = Encoding::for_label(&r[..len]) {
                    return Some(enc.output_encoding());
                }
            }
        }
        from = end;
    }
    None
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Metadata read from a page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// `<meta>` keys (`property`, `name` or `itemprop`, lowercase) naming a publication date, in
/// order of trust.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "citation_publication_date",
];

/// Reads title, canonical URL, publication date and declared language from a parsed page.
pub(crate) fn page_metadata(doc: &Document) -> PageMeta {
    let metas = MetaTags::collect(doc);

    let title = metas
        .get("og:title")
        .or_else(|| metas.get("twitter:title"))
        .map(str::to_string)
        .or_else(|| {
            doc.select_matcher(&TITLE)
                .nodes()
                .first()
                .map(|n| n.text().to_string())
        })
        .map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty());

    let canonical = doc.select_matcher(&LINK_HREF).nodes().iter().find_map(|n| {
        let rel = n.attr("rel")?;
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"))
            .then(|| n.attr("href"))
            .flatten()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
    });
    let url = canonical.or_else(|| metas.get("og:url").map(str::to_string));

    let html = doc.select_matcher(&HTML);
    let lang = html
        .attr("lang")
        .or_else(|| html.attr("xml:lang"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| metas.get("content-language").map(str::to_string))
        .or_else(|| metas.get("og:locale").map(|l| l.replace('_', "-")));

    let mut dates: Vec<String> = Vec::new();
    for key in &DATE_META_KEYS[..3] {
        dates.extend(metas.get(key).map(str::to_string));
    }
    dates.extend(json_ld_date(doc));
    for key in &DATE_META_KEYS[3..] {
        dates.extend(metas.get(key).map(str::to_string));
    }
    dates.extend(
        doc.select_matcher(&ITEMPROP_DATE)
            .nodes()
            .iter()
            .filter_map(|n| n.attr("datetime").or_else(|| n.attr("content")))
            .map(|d| d.to_string()),
    );
    dates.extend(
        doc.select_matcher(&TIME_PUBDATE)
            .nodes()
            .iter()
            .chain(doc.select_matcher(&ARTICLE_TIME).nodes())
            .filter_map(|n| n.attr("datetime"))
            .map(|d| d.to_string()),
    );
    let dates: Vec<String> = dates
        .into_iter()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    let published = dates
        .iter()
        .find_map(|d| normalize_date(d))
        .or_else(|| dates.first().cloned());

    PageMeta {
        title,
        url,
        published,
        lang,
    }
}

/// The `<meta>` tags of a page, by lowercase `property`, `name`, `itemprop` or `http-equiv`;
/// the first non-empty `content` wins.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn collect(doc: &Document) -> Self {
        let mut tags = Vec::new();
        for node in doc.select_matcher(&META_CONTENT).nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = node.attr(attr) {
                    tags.push((key.trim().to_ascii_lowercase(), content.to_string()));
                }
            }
        }
        MetaTags(tags)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The first `datePublished` in the page's JSON-LD blocks (objects, arrays and `@graph`s are
/// searched). Invalid JSON-LD, common in the wild, is ignored.
fn json_ld_date(doc: &Document) -> Option<String> {
    for node in doc.select_matcher(&SCRIPT_TYPE).nodes() {
        let is_ld = node
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&node.text()) else {
            continue;
        };
        if let Some(date) = find_key(&value, "datePublished", 0) {
            return Some(date.to_string());
        }
    }
    None
}

fn find_key<'v>(value: &'v serde_json::Value, key: &str, depth: usize) -> Option<&'v str> {
    use serde_json::Value;
    if depth > 16 {
        return None;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(s)) = map.get(key) {
                return Some(s);
            }
            map.values().find_map(|v| find_key(v, key, depth + 1))
        }
        Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

fn collapse_whitespace(s: &str) -> String {
    s.split(is_html_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds text line by line: whitespace collapsed inside a line, blocks end lines.
#[derive(Default)]
struct LineBuilder {
    out: String,
    line: String,
    pending_space: bool,
}

impl LineBuilder {
    fn push_text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted && c == '\n' {
                self.end_line();
            } else if is_html_space(c) {
                self.pending_space = !self.line.is_empty();
            } else {
                if self.pending_space {
                    self.line.push(' ');
                    self.pending_space = false;
                }
                self.line.push(c);
            }
        }
    }

    fn space(&mut self) {
        self.pending_space = !self.line.is_empty();
    }

    fn end_line(&mut self) {
        if !self.line.is_empty() {
            self.out.push_str(&self.line);
            self.out.push('\n');
            self.line.clear();
        }
        self.pending_space = false;
    }

    fn finish(mut self) -> String {
        self.end_line();
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}

/// The text under `root`, one block per line. With `drop_boilerplate`, navigation, header,
/// footer, aside and form elements are skipped too. The walk is iterative: hostile pages nest
/// elements deeply enough to overflow a recursive walk.
/// Whether elements nest more than `limit` deep under `root` (walked without recursion, stopping
/// at the first element that deep).
fn deeper_than(root: NodeRef<'_>, limit: usize) -> bool {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        stack.extend(
            node.children_it(false)
                .filter(|c| c.is_element())
                .map(|c| (c, depth + 1)),
        );
    }
    false
}

fn block_text(root: NodeRef<'_>, drop_boilerplate: bool) -> String {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        ExitBlock,
        ExitPre,
    }
    let mut b = LineBuilder::default();
    let mut pre_depth = 0usize;
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Enter(node) => node,
            Step::ExitBlock => {
                b.end_line();
                continue;
            }
            Step::ExitPre => {
                pre_depth -= 1;
                b.end_line();
                continue;
            }
        };
        if node.is_text() {
            b.push_text(&node.text(), pre_depth > 0);
            continue;
        }
        let name = node.node_name();
        if let Some(name) = name.as_deref() {
            if NEVER_TEXT.contains(&name) || (drop_boilerplate && BOILERPLATE.contains(&name)) {
                continue;
            }
            match name {
                "br" => {
                    b.end_line();
                    continue;
                }
                "td" | "th" => b.space(),
                "pre" => {
                    pre_depth += 1;
                    b.end_line();
                    stack.push(Step::ExitPre);
                }
                _ if BLOCKS.contains(&name) => {
                    b.end_line();
                    stack.push(Step::ExitBlock);
                }
                _ => {}
            }
        } else if !(node.is_document() || node.is_fragment()) {
            // Comments, doctypes, processing instructions.
            continue;
        }
        let first_child = stack.len();
        stack.extend(node.children_it(false).map(Step::Enter));
        stack[first_child..].reverse();
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(html: &str) -> String {
        block_text(Document::from(html).root(), true)
    }

    #[test]
    fn blocks_become_lines() {
        let html = "<html><head><title>t</title><script>var x = 1;</script></head><body>\
            <nav>Accueil | Monde</nav><h1>Titre</h1>\
            <p>Premier   paragraphe,\n  sur <b>deux</b> lignes.</p>\
            <div>Deuxième<br>ligne</div><ul><li>un</li><li>deux</li></ul>\
            <table><tr><td>a</td><td>b</td></tr></table><footer>© 2024</footer></body></html>";
        assert_eq!(
            body_text(html),
            "Titre\nPremier paragraphe, sur deux lignes.\nDeuxième\nligne\nun\ndeux\na b"
        );
    }

    #[test]
    fn pre_keeps_lines() {
        assert_eq!(body_text("<pre>a\n  b\n</pre>"), "a\nb");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // A small stack, so that a recursive walk would overflow; the depth stays moderate
        // because html5ever's tree building is quadratic in nesting depth.
        let walk = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let html = format!("{}texte{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
                body_text(&html)
            })
            .unwrap();
        assert_eq!(walk.join().unwrap(), "texte");
    }

    #[test]
    fn charset_prescan() {
        let enc = |s: &str| prescan_charset(s.as_bytes()).map(|e| e.name());
        assert_eq!(enc("<meta charset=\"windows-1256\">"), Some("windows-1256"));
        assert_eq!(enc("<META CHARSET=iso-8859-1>"), Some("windows-1252"));
        assert_eq!(
            enc("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"),
            Some("windows-1252")
        );
        assert_eq!(enc("<meta charset='utf-16'>"), Some("UTF-8"));
        assert_eq!(
            enc("<meta name=\"x\" content=\"y\"><p>charset=koi8-r</p>"),
            None
        );
        assert_eq!(enc("<meta charset=\"bogus\">"), None);
    }

    #[test]
    fn metadata_fallbacks() {
        let doc = Document::from(
            "<html xml:lang='es'><head><title>  Título \n de la página </title>\
             <meta property='og:url' content='https://ex.es/a'>\
             <script type='application/ld+json'>{\"@graph\":[{\"@type\":\"WebPage\"},\
             {\"@type\":\"NewsArticle\",\"datePublished\":\"2024-05-02T08:00:00+02:00\"}]}</script>\
             </head><body><article><time datetime='2024-05-01'>ayer</time></article></body></html>",
        );
        let meta = page_metadata(&doc);
        assert_eq!(meta.title.as_deref(), Some("Título de la página"));
        assert_eq!(meta.url.as_deref(), Some("https://ex.es/a"));
        assert_eq!(meta.lang.as_deref(), Some("es"));
        assert_eq!(meta.published.as_deref(), Some("2024-05-02T08:00:00+02:00"));
    }

    #[test]
    fn unparseable_date_is_kept_as_found() {
        let doc = Document::from("<meta name='date' content='15 mars 2024'><p>x</p>");
        assert_eq!(
            page_metadata(&doc).published.as_deref(),
            Some("15 mars 2024")
        );
        let doc = Document::from(
            "<meta name='date' content='15 mars 2024'><article><time datetime='2024-03-15T10:00:00Z'>",
        );
        assert_eq!(
            page_metadata(&doc).published.as_deref(),
            Some("2024-03-15T10:00:00Z")
        );
    }
}
