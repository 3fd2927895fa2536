//! WARC web archives (ISO 28500, WARC/1.0 and 1.1), read as a stream of records.
//!
//! A record is a `WARC/1.x` line, header fields, an empty line, `Content-Length` bytes of block,
//! and two CRLFs. Only `response` records whose HTTP status is 200 and whose payload is HTML
//! (by `Content-Type`, else by `WARC-Identified-Payload-Type`, else sniffed) become documents;
//! other records (`warcinfo`, `request`, `metadata`, `revisit`, images, redirects, 404s) are
//! skipped silently, since skipping them is the point of the format filter.
//!
//! The reader is hand-written rather than taken from the `warc` crate (0.4): that crate buffers
//! every record whole whatever its size, reads header and block lines without a length limit,
//! has no way to resume after a bad record, and brings `libflate`, `nom`, `chrono`, `url` and an
//! old `uuid`. Here:
//!
//! - memory is bounded by `max_doc_bytes`: a larger block is read and discarded in chunks;
//! - a malformed record (bad header, missing or invalid `Content-Length`, a block not followed by
//!   its empty line, a block cut short) is reported with its record number and byte offset in
//!   the (decompressed) stream, and reading resumes at the next line starting with `WARC/`. When
//!   a `Content-Length` is too long, the records it swallowed are recovered from the bytes read,
//!   as long as they lie within the first `max_doc_bytes` of the block;
//! - with gzip input, a corrupt gzip member is skipped (see [`crate::gz`]) and reading resumes at
//!   the next member, which in CC-NEWS style files (one member per record) is the next record;
//! - every step consumes input, so a hostile file cannot make the reader loop.
//!
//! Byte offsets count the decompressed bytes read; after a skipped gzip member they no longer
//! match a clean decompression of the file, but still order the records.

use std::io::{self, BufRead};

use crate::date::normalize_date;
use crate::format::{sniff, InputFormat};
use crate::gz::GzMemberError;
use crate::http::{self, preview, trim_eol, ContentType};
use crate::source::{read_failure, Named};
use crate::{html, InputDoc, InputIssue, Origin, Sink};

/// Longest header line accepted (a `WARC-Target-URI` can be long, but not this long).
const MAX_HEADER_LINE: usize = 64 * 1024;

/// Largest record header accepted.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Most header fields accepted in one record.
const MAX_HEADER_FIELDS: usize = 1024;

/// Reads a (decompressed) WARC stream, one document per HTML response. `stream_error` names
/// read errors in messages (`"broken gzip stream"` or `"read error"`).
pub(crate) fn read_warc(
    name: Named<'_>,
    reader: &mut dyn BufRead,
    max_doc_bytes: usize,
    stream_error: &str,
    sink: &mut Sink<'_>,
) {
    let mut r = WarcReader {
        name: name.shown,
        id_name: name.id,
        src: Source {
            inner: reader,
            back: Vec::new(),
            back_pos: 0,
            pos: 0,
        },
        sink,
        max: max_doc_bytes,
        line: Vec::new(),
        body: Vec::new(),
        records: 0,
        docs: 0,
        issues: 0,
        quiet: false,
        current: None,
    };
    r.run(stream_error);
    if r.docs == 0 && r.issues == 0 {
        let origin = Origin::file(name.shown);
        let issue = if r.records == 0 {
            InputIssue::warning(origin, "empty file, no WARC records")
        } else {
            InputIssue::note(
                origin,
                format!(
                    "no HTML response with status 200 among the {} WARC records",
                    r.records
                ),
            )
        };
        (r.sink)(Err(issue));
    }
}

struct WarcReader<'a, 's> {
    /// The input's name in messages and in document ids (see [`Named`]).
    name: &'a str,
    id_name: &'a str,
    src: Source<'a>,
    sink: &'a mut Sink<'s>,
    max: usize,
    /// Reused buffers: the current line, the current block.
    line: Vec<u8>,
    body: Vec<u8>,
    /// Records started, documents produced, issues reported.
    records: usize,
    docs: usize,
    issues: usize,
    /// Skipping to the next record after a gzip member was lost: stray bytes are expected and
    /// not worth a second issue.
    quiet: bool,
    /// The record being read, for messages about read errors.
    current: Option<Origin>,
}

/// What was wrong with a record header.
enum HeaderProblem {
    /// The stream ended inside the header.
    Eof,
    /// A `WARC/` line came before the empty line ending the header; it was pushed back.
    NewRecord,
    /// Anything else, described.
    Bad(String),
}

/// Header fields, names in lowercase, in order.
#[derive(Debug, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl WarcReader<'_, '_> {
    fn emit(&mut self, r: Result<InputDoc, InputIssue>) {
        match &r {
            Ok(_) => self.docs += 1,
            Err(_) => self.issues += 1,
        }
        (self.sink)(r);
    }

    fn error(&mut self, origin: Origin, message: impl Into<String>) {
        self.emit(Err(InputIssue::error(origin, message)));
    }

    fn run(&mut self, stream_error: &str) {
        loop {
            match self.next_record() {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    let origin = self
                        .current
                        .take()
                        .unwrap_or_else(|| Origin::at_byte(self.name, self.src.pos));
                    let resumes = GzMemberError::find(&e).map(|g| g.next);
                    let what_next = match resumes {
                        Some(Some(next)) => format!(
                            "reading resumes at the next gzip member (byte {next} of the \
                             compressed file)"
                        ),
                        _ => "the rest of the file is skipped".to_string(),
                    };
                    let in_record = if origin.record.is_some() {
                        "record skipped; "
                    } else {
                        ""
                    };
                    let issue = read_failure(
                        origin,
                        &e,
                        format!("{stream_error}: {e}; {in_record}{what_next}"),
                    );
                    self.emit(Err(issue));
                    if !matches!(resumes, Some(Some(_))) {
                        return;
                    }
                    self.quiet = true;
                }
            }
        }
    }

    /// Reads one record (or skips stray bytes up to the next one). `Ok(false)` at the end of
    /// the stream.
    fn next_record(&mut self) -> io::Result<bool> {
        self.current = None;
        let start = self.src.pos;
        let line = self.src.read_line(&mut self.line, MAX_HEADER_LINE)?;
        match line {
            Line::Eof => return Ok(false),
            Line::Complete if trim_eol(&self.line).is_empty() => return Ok(true),
            Line::Complete if self.line.starts_with(b"WARC/") => {}
            Line::Complete | Line::TooLong => {
                if !self.quiet {
                    let found = if line == Line::TooLong {
                        "a line longer than 64 KiB".to_string()
                    } else {
                        format!("`{}`", preview(trim_eol(&self.line)))
                    };
                    self.error(
                        Origin::at_byte(self.name, start),
                        format!(
                            "expected a WARC record (`WARC/1.0`), found {found}; skipping to \
                             the next record"
                        ),
                    );
                }
                return self.resync(true);
            }
        }
        self.quiet = false;
        self.records += 1;
        let origin = Origin::at_record(self.name, self.records, start);
        self.current = Some(origin.clone());

        let headers = match self.read_headers()? {
            Ok(headers) => headers,
            Err(HeaderProblem::Eof) => {
                self.error(
                    origin,
                    "truncated record: the stream ends inside the record header",
                );
                return Ok(false);
            }
            Err(HeaderProblem::NewRecord) => {
                self.error(
                    origin,
                    "record header cut short by the start of another record, record skipped",
                );
                return Ok(true);
            }
            Err(HeaderProblem::Bad(problem)) => {
                self.error(origin, format!("{problem}; skipping to the next record"));
                return self.resync(true);
            }
        };
        let len = match headers.get("content-length") {
            None => {
                self.error(
                    origin,
                    "missing Content-Length; skipping to the next record",
                );
                return self.resync(true);
            }
            Some(v) => match v.trim().parse::<u64>() {
                Ok(len) => len,
                Err(_) => {
                    let message = format!(
                        "invalid Content-Length `{}`; skipping to the next record",
                        preview(v.as_bytes())
                    );
                    self.error(origin, message);
                    return self.resync(true);
                }
            },
        };

        // The block, or its first `max` bytes.
        let want = len.min(self.max as u64);
        self.body.clear();
        let got = self.src.read_up_to(&mut self.body, want)?;
        if got < want {
            self.error(
                origin,
                format!(
                    "truncated record: Content-Length is {len} but the stream ends after {got} \
                     bytes of the block, record skipped"
                ),
            );
            self.recover(&[]);
            return Ok(true);
        }
        if len > want {
            return self.skip_oversized(&headers, len, origin);
        }
        let mut trailer = Vec::new();
        if !self.src.read_trailer(&mut trailer)? {
            self.error(
                origin,
                format!(
                    "the block is not followed by an empty line, so Content-Length ({len}) is \
                     wrong; record skipped"
                ),
            );
            if !self.recover(&trailer) {
                let at_line_start = match trailer.last() {
                    Some(&b) => b == b'\n',
                    None => self.body.last().is_none_or(|&b| b == b'\n'),
                };
                return self.resync(at_line_start);
            }
            return Ok(true);
        }
        let body = std::mem::take(&mut self.body);
        self.handle(&headers, &body, origin);
        self.body = body;
        Ok(true)
    }

    /// A record whose block is larger than `max_doc_bytes`; its first `max` bytes are in
    /// `self.body`.
    fn skip_oversized(&mut self, headers: &Headers, len: u64, origin: Origin) -> io::Result<bool> {
        if let Some(at) = find_record_start(&self.body) {
            self.error(
                origin,
                format!(
                    "Content-Length {len} is larger than --max-doc-bytes ({} bytes) and another \
                     record starts {at} bytes into the block, so the length is wrong; record \
                     skipped",
                    self.max
                ),
            );
            let rest = self.body.split_off(at);
            self.src.push_back(rest);
            return Ok(true);
        }
        if is_type(headers, "response") && html_response(headers, &self.body) {
            self.error(
                origin.clone(),
                format!(
                    "record of {len} bytes is larger than --max-doc-bytes ({} bytes), skipped",
                    self.max
                ),
            );
        }
        self.body.clear();
        let rest = len - self.max as u64;
        let skipped = self.src.discard(rest)?;
        if skipped < rest {
            self.error(
                origin,
                format!(
                    "truncated record: Content-Length is {len} but the stream ends after {} \
                     bytes of the block",
                    self.max as u64 + skipped
                ),
            );
            return Ok(true);
        }
        let mut trailer = Vec::new();
        if !self.src.read_trailer(&mut trailer)? {
            self.error(
                origin,
                format!(
                    "the block is not followed by an empty line, so Content-Length ({len}) is \
                     wrong; skipping to the next record"
                ),
            );
            return self.resync(trailer.last() == Some(&b'\n'));
        }
        Ok(true)
    }

    /// After a block that did not end where its `Content-Length` said: if a record starts
    /// inside the bytes read, go back to it. `trailer` holds the bytes read after the block.
    fn recover(&mut self, trailer: &[u8]) -> bool {
        let Some(at) = find_record_start(&self.body) else {
            return false;
        };
        let mut rest = self.body.split_off(at);
        rest.extend_from_slice(trailer);
        self.src.push_back(rest);
        true
    }

    /// Skips to the next line starting with `WARC/`.
    fn resync(&mut self, at_line_start: bool) -> io::Result<bool> {
        // The record (if any) has been reported; a read error from here on is not about it.
        self.current = None;
        self.src.skip_to_record_start(at_line_start)?;
        Ok(true)
    }

    /// Reads header lines up to the empty line.
    fn read_headers(&mut self) -> io::Result<Result<Headers, HeaderProblem>> {
        let mut headers = Headers::default();
        let mut total = 0;
        loop {
            match self.src.read_line(&mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => return Ok(Err(HeaderProblem::Eof)),
                Line::TooLong => {
                    return Ok(Err(HeaderProblem::Bad(
                        "record header line longer than 64 KiB".to_string(),
                    )))
                }
                Line::Complete => {}
            }
            total += self.line.len();
            let line = trim_eol(&self.line);
            if line.is_empty() {
                return Ok(Ok(headers));
            }
            if total > MAX_HEADER_BYTES || headers.0.len() >= MAX_HEADER_FIELDS {
                return Ok(Err(HeaderProblem::Bad(
                    "record header larger than 256 KiB or 1024 fields".to_string(),
                )));
            }
            if line.starts_with(b"WARC/") {
                let line = std::mem::take(&mut self.line);
                self.src.push_back(line);
                return Ok(Err(HeaderProblem::NewRecord));
            }
            if matches!(line[0], b' ' | b'\t') {
                match headers.0.last_mut() {
                    Some((_, value)) => {
                        value.push(' ');
                        value.push_str(String::from_utf8_lossy(line).trim());
                        continue;
                    }
                    None => {
                        return Ok(Err(HeaderProblem::Bad(
                            "record header starts with a continuation line".to_string(),
                        )))
                    }
                }
            }
            let field = memchr::memchr(b':', line).and_then(|colon| {
                let name = &line[..colon];
                let token = !name.is_empty()
                    && name
                        .iter()
                        .all(|&b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
                token.then(|| {
                    (
                        String::from_utf8_lossy(name).to_ascii_lowercase(),
                        String::from_utf8_lossy(&line[colon + 1..])
                            .trim()
                            .to_string(),
                    )
                })
            });
            match field {
                Some(field) => headers.0.push(field),
                None => {
                    return Ok(Err(HeaderProblem::Bad(format!(
                        "invalid record header line `{}`",
                        preview(line)
                    ))))
                }
            }
        }
    }

    /// Turns a complete record into a document, if it is an HTML response with status 200.
    fn handle(&mut self, headers: &Headers, block: &[u8], origin: Origin) {
        match headers.get("warc-type") {
            None => {
                self.error(origin, "missing WARC-Type, record skipped");
                return;
            }
            Some(_) if !is_type(headers, "response") => return,
            Some(_) => {}
        }
        // `application/http; msgtype=response`; other responses (DNS) are not HTTP.
        if headers
            .get("content-type")
            .is_some_and(|ct| !ct.to_ascii_lowercase().starts_with("application/http"))
        {
            return;
        }
        let resp = match http::parse_response(block) {
            Ok(resp) => resp,
            Err(problem) => {
                self.error(origin, format!("response record: {problem}, skipped"));
                return;
            }
        };
        if resp.status != 200 {
            return;
        }
        let content_type = resp
            .header("content-type")
            .map(ContentType::parse)
            .unwrap_or_default();
        if !is_html_payload(headers, &content_type, resp.body) {
            return;
        }
        let payload = match http::decoded_body(&resp, self.max) {
            Ok((payload, warning)) => {
                if let Some(warning) = warning {
                    self.emit(Err(InputIssue::warning(origin.clone(), warning)));
                }
                payload
            }
            Err(problem) => {
                self.error(origin, format!("{problem}, record skipped"));
                return;
            }
        };
        let charset = content_type
            .charset
            .as_deref()
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
            .map(|e| e.output_encoding());
        let page = {
            let mut issues = Vec::new();
            let page = html::read_page(&payload, charset, &origin, "payload", &mut |r| {
                issues.push(r)
            });
            for issue in issues {
                self.emit(issue);
            }
            match page {
                Some(page) => page,
                None => return,
            }
        };
        let url = headers
            .get("warc-target-uri")
            .map(strip_angle_brackets)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        let id = headers
            .get("warc-record-id")
            .map(strip_angle_brackets)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .or_else(|| url.clone())
            .unwrap_or_else(|| format!("{}#{}", self.id_name, self.records));
        let published = page.meta.published.or_else(|| {
            let crawled = normalize_date(headers.get("warc-date")?)?;
            Some(crawled.get(..10).unwrap_or(&crawled).to_string())
        });
        let lang = page.meta.lang.or_else(|| {
            resp.header("content-language")
                .and_then(|l| l.split(',').next())
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
        });
        self.emit(Ok(InputDoc {
            id,
            text: page.text,
            title: page.meta.title,
            url,
            published,
            lang,
            origin,
            format: InputFormat::Warc,
            encoding: page.encoding,
        }));
    }
}

fn is_type(headers: &Headers, wanted: &str) -> bool {
    headers
        .get("warc-type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
}

/// Whether a response record's block (or its first bytes) is an HTTP 200 response with HTML.
fn html_response(headers: &Headers, block: &[u8]) -> bool {
    let Ok(resp) = http::parse_response(block) else {
        return false;
    };
    let content_type = resp
        .header("content-type")
        .map(ContentType::parse)
        .unwrap_or_default();
    resp.status == 200 && is_html_payload(headers, &content_type, resp.body)
}

/// HTML by the HTTP `Content-Type`; when that says nothing, by the archiver's
/// `WARC-Identified-Payload-Type`, else by the payload's first bytes.
fn is_html_payload(headers: &Headers, content_type: &ContentType, payload: &[u8]) -> bool {
    if !content_type.is_unspecific() {
        return content_type.is_html();
    }
    if let Some(identified) = headers.get("warc-identified-payload-type") {
        let identified = ContentType::parse(identified);
        if !identified.is_unspecific() {
            return identified.is_html();
        }
    }
    let head = &payload[..payload.len().min(1024)];
    sniff(head) == InputFormat::Html && !crate::decode::looks_binary(head)
}

/// `<urn:uuid:…>` → `urn:uuid:…` (WARC 1.0 writes some URIs in angle brackets).
fn strip_angle_brackets(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s)
}

/// Where a record starts inside `block`: at its beginning or after a line feed.
fn find_record_start(block: &[u8]) -> Option<usize> {
    if block.starts_with(b"WARC/") {
        return Some(0);
    }
    memchr::memmem::find(block, b"\nWARC/").map(|i| i + 1)
}

/// The outcome of [`Source::read_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// A line is in the buffer, with its line ending (if the stream did not end first).
    Complete,
    /// The line was longer than the limit and was discarded.
    TooLong,
    /// End of input, nothing read.
    Eof,
}

/// The input: a buffered reader, with bytes pushed back in front of it, and the offset of the
/// next byte.
struct Source<'a> {
    inner: &'a mut dyn BufRead,
    back: Vec<u8>,
    back_pos: usize,
    pos: u64,
}

impl Source<'_> {
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.back_pos < self.back.len() {
            return Ok(&self.back[self.back_pos..]);
        }
        loop {
            match self.inner.fill_buf() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
                Ok(_) => break,
            }
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.back_pos < self.back.len() {
            self.back_pos += n;
            if self.back_pos >= self.back.len() {
                self.back.clear();
                self.back_pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
        self.pos += n as u64;
    }

    /// Puts bytes just read back in front of the input.
    fn push_back(&mut self, mut bytes: Vec<u8>) {
        self.pos -= bytes.len() as u64;
        if self.back_pos < self.back.len() {
            bytes.extend_from_slice(&self.back[self.back_pos..]);
        }
        self.back = bytes;
        self.back_pos = 0;
    }

    /// Reads one line into `buf` (cleared first), line ending included, keeping at most `max`
    /// bytes: the rest of a longer line is read and discarded.
    fn read_line(&mut self, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
        buf.clear();
        let mut consumed = false;
        let mut too_long = false;
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(match (consumed, too_long) {
                    (false, _) => Line::Eof,
                    (true, false) => Line::Complete,
                    (true, true) => Line::TooLong,
                });
            }
            let (len, newline) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if !too_long {
                if buf.len() + len > max {
                    too_long = true;
                    buf.clear();
                } else {
                    buf.extend_from_slice(&available[..len]);
                }
            }
            self.consume(len);
            consumed = true;
            if newline {
                return Ok(if too_long {
                    Line::TooLong
                } else {
                    Line::Complete
                });
            }
        }
    }

    /// Appends up to `n` bytes to `buf`; fewer only at the end of the input.
    fn read_up_to(&mut self, buf: &mut Vec<u8>, n: u64) -> io::Result<u64> {
        let mut done = 0u64;
        while done < n {
            let available = self.fill()?;
            if available.is_empty() {
                break;
            }
            let len = available
                .len()
                .min(usize::try_from(n - done).unwrap_or(usize::MAX));
            buf.extend_from_slice(&available[..len]);
            self.consume(len);
            done += len as u64;
        }
        Ok(done)
    }

    /// Reads and drops up to `n` bytes; fewer only at the end of the input.
    fn discard(&mut self, n: u64) -> io::Result<u64> {
        let mut done = 0u64;
        while done < n {
            let available = self.fill()?.len();
            if available == 0 {
                break;
            }
            let len = available.min(usize::try_from(n - done).unwrap_or(usize::MAX));
            self.consume(len);
            done += len as u64;
        }
        Ok(done)
    }

    /// Reads the two line endings after a block (CRLF CRLF; bare LFs are accepted too) into
    /// `read`. `false` when something else comes first. Lenient like other readers: the end of
    /// the input is fine, and so is a single line ending before the next `WARC/` line.
    fn read_trailer(&mut self, read: &mut Vec<u8>) -> io::Result<bool> {
        let mut line_feeds = 0;
        while line_feeds < 2 {
            let Some(&b) = self.fill()?.first() else {
                return Ok(true);
            };
            if line_feeds == 1 && b == b'W' {
                return self.peek_is(b"WARC/");
            }
            if !(b == b'\n' || (b == b'\r' && read.len() < 3)) {
                return Ok(false);
            }
            line_feeds += usize::from(b == b'\n');
            self.consume(1);
            read.push(b);
        }
        Ok(true)
    }

    /// Whether the next bytes are `expected`; nothing is consumed.
    fn peek_is(&mut self, expected: &[u8]) -> io::Result<bool> {
        let mut next = Vec::with_capacity(expected.len());
        self.read_up_to(&mut next, expected.len() as u64)?;
        let is = next == expected;
        self.push_back(next);
        Ok(is)
    }

    /// Consumes input up to the next line starting with `WARC/` (the current position counts
    /// as a line start when `at_line_start`). Returns `false` at the end of the input.
    fn skip_to_record_start(&mut self, at_line_start: bool) -> io::Result<bool> {
        const PATTERN: &[u8] = b"\nWARC/";
        let mut matched = usize::from(at_line_start);
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                return Ok(false);
            }
            let mut i = 0;
            while i < available.len() && matched < PATTERN.len() {
                if matched == 0 {
                    match memchr::memchr(b'\n', &available[i..]) {
                        Some(j) => {
                            i += j + 1;
                            matched = 1;
                        }
                        None => i = available.len(),
                    }
                } else if available[i] == PATTERN[matched] {
                    matched += 1;
                    i += 1;
                } else {
                    // Look at this byte again: it may be a line feed.
                    matched = 0;
                }
            }
            self.consume(i);
            if matched == PATTERN.len() {
                self.push_back(b"WARC/".to_vec());
                return Ok(true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_to_record_starts_across_buffer_boundaries() {
        let input = b"junk\nWAR\nxxWARC/ no\nWARC/1.0\r\nrest";
        for cap in [1, 2, 3, 5, 64] {
            let mut reader = io::BufReader::with_capacity(cap, &input[..]);
            let mut src = Source {
                inner: &mut reader,
                back: Vec::new(),
                back_pos: 0,
                pos: 0,
            };
            assert!(src.skip_to_record_start(false).unwrap(), "cap {cap}");
            assert_eq!(src.pos, 20, "cap {cap}");
            let mut line = Vec::new();
            assert_eq!(src.read_line(&mut line, 100).unwrap(), Line::Complete);
            assert_eq!(line, b"WARC/1.0\r\n");
            assert!(!src.skip_to_record_start(true).unwrap());
        }
    }

    #[test]
    fn trailers() {
        let check = |input: &[u8]| {
            let mut reader = input;
            let mut src = Source {
                inner: &mut reader,
                back: Vec::new(),
                back_pos: 0,
                pos: 0,
            };
            let mut read = Vec::new();
            (src.read_trailer(&mut read).unwrap(), read.len())
        };
        assert_eq!(check(b"\r\n\r\nWARC/"), (true, 4));
        assert_eq!(check(b"\n\nWARC/"), (true, 2));
        assert_eq!(check(b""), (true, 0));
        assert_eq!(check(b"\r\n"), (true, 2));
        assert_eq!(check(b"\r\nWARC/"), (true, 2));
        assert_eq!(check(b"\r\nX"), (false, 2));
        assert_eq!(check(b"\r\nWARC-Type: x"), (false, 2));
        assert_eq!(check(b"abc"), (false, 0));
        assert_eq!(check(b"\r\r\r\r\n"), (false, 3));
    }

    #[test]
    fn record_starts_and_brackets() {
        assert_eq!(find_record_start(b"WARC/1.0"), Some(0));
        assert_eq!(find_record_start(b"abc\r\n\r\nWARC/1.0"), Some(7));
        assert_eq!(find_record_start(b"a WARC/1.0"), None);
        assert_eq!(strip_angle_brackets(" <urn:uuid:1> "), "urn:uuid:1");
        assert_eq!(strip_angle_brackets("http://x/"), "http://x/");
    }
}
