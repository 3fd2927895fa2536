//! HTTP responses as WARC `response` records store them: status line, headers, then the body,
//! with transfer and content encodings undone.
//!
//! Archivers differ: Common Crawl removes chunking and compression and renames the headers
//! (`X-Crawler-Transfer-Encoding`), while wget and warcio keep the bytes as they came off the
//! wire. So an encoding header is applied only when the body looks encoded (a chunk-size line, a
//! gzip magic number); a body that does not is used as it is.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

/// Longest status line or header section looked at.
const MAX_HEAD_BYTES: usize = 256 * 1024;

/// A parsed HTTP response.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    /// The status code.
    pub status: u16,
    /// Header fields, names in lowercase, in order.
    headers: Vec<(String, String)>,
    /// The body, as stored.
    pub body: &'a [u8],
}

impl Response<'_> {
    /// The value of the first header field called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits an HTTP response into status, headers and body. Header lines may end in CRLF or LF;
/// lines that are not `name: value` are ignored, as browsers do.
pub(crate) fn parse_response(block: &[u8]) -> Result<Response<'_>, String> {
    let head = &block[..block.len().min(MAX_HEAD_BYTES)];
    let line_end = memchr::memchr(b'\n', head).ok_or("no HTTP status line")?;
    let status_line = trim_eol(&head[..line_end]);
    if !status_line.starts_with(b"HTTP/") {
        return Err(format!(
            "not an HTTP response (starts with `{}`)",
            preview(status_line)
        ));
    }
    let status = status_line
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .nth(1)
        .and_then(|code| std::str::from_utf8(code).ok())
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("invalid HTTP status line `{}`", preview(status_line)))?;

    let mut headers: Vec<(String, String)> = Vec::new();
    let mut pos = line_end + 1;
    loop {
        let Some(len) = memchr::memchr(b'\n', &head[pos..]) else {
            if block.len() > MAX_HEAD_BYTES {
                return Err("HTTP header section is too long".to_string());
            }
            // Headers without the final empty line: a response cut short, no body.
            return Ok(Response {
                status,
                headers,
                body: &[],
            });
        };
        let line = trim_eol(&head[pos..pos + len]);
        pos += len + 1;
        if line.is_empty() {
            break;
        }
        if matches!(line[0], b' ' | b'\t') {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(String::from_utf8_lossy(line).trim());
            }
            continue;
        }
        if let Some(colon) = memchr::memchr(b':', line) {
            let name = String::from_utf8_lossy(&line[..colon])
                .trim()
                .to_ascii_lowercase();
            let value = String::from_utf8_lossy(&line[colon + 1..])
                .trim()
                .to_string();
            if !name.is_empty() {
                headers.push((name, value));
            }
        }
    }
    Ok(Response {
        status,
        headers,
        body: &block[pos..],
    })
}

/// A `Content-Type` value: the media type in lowercase and its `charset` parameter.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ContentType {
    pub mime: String,
    pub charset: Option<String>,
}

impl ContentType {
    pub fn parse(value: &str) -> ContentType {
        let mut parts = value.split(';');
        let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let charset = parts.find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches(['"', '\'']).to_string())
                .filter(|v| !v.is_empty())
        });
        ContentType { mime, charset }
    }

    /// `text/html` or `application/xhtml+xml`.
    pub fn is_html(&self) -> bool {
        matches!(self.mime.as_str(), "text/html" | "application/xhtml+xml")
    }

    /// A type that says nothing about the content, so that the content has to be sniffed.
    pub fn is_unspecific(&self) -> bool {
        matches!(
            self.mime.as_str(),
            "" | "application/octet-stream" | "unknown/unknown" | "application/unknown" | "*/*"
        )
    }
}

/// The body with `Transfer-Encoding: chunked` and `Content-Encoding` (gzip, deflate) undone, at
/// most `max` bytes. `Ok` may carry a warning (a compressed body cut short: what could be
/// decompressed is kept); `Err` means the body cannot be used.
pub(crate) fn decoded_body<'a>(
    resp: &Response<'a>,
    max: usize,
) -> Result<(Cow<'a, [u8]>, Option<String>), String> {
    let mut body: Cow<'a, [u8]> = Cow::Borrowed(resp.body);
    let chunked = resp
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if chunked {
        if let Some(unchunked) = dechunk(resp.body) {
            body = Cow::Owned(unchunked);
        }
    }
    let encoding = resp
        .header("content-encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let mut warning = None;
    match encoding.as_str() {
        "" | "identity" | "none" => {}
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            let (out, error) = inflate(MultiGzDecoder::new(&body[..]), max);
            warning = error.map(|e| format!("gzip-compressed payload is damaged ({e}), kept the part that could be decompressed"));
            body = Cow::Owned(out);
        }
        "gzip" | "x-gzip" => {}
        "deflate" => {
            // "deflate" means zlib-wrapped deflate, but servers often send raw deflate.
            let (out, error) = inflate(ZlibDecoder::new(&body[..]), max);
            if error.is_none() {
                body = Cow::Owned(out);
            } else {
                let (raw, raw_error) = inflate(DeflateDecoder::new(&body[..]), max);
                if raw_error.is_none() {
                    body = Cow::Owned(raw);
                }
            }
        }
        other => {
            let looks_plain = body
                .iter()
                .take(512)
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'<');
            if !looks_plain {
                return Err(format!("unsupported Content-Encoding `{other}`"));
            }
        }
    }
    if body.len() > max {
        return Err(format!(
            "decoded payload is larger than --max-doc-bytes ({max} bytes)"
        ));
    }
    Ok((body, warning))
}

/// Reads a decompressor to the end, or to `max + 1` bytes; returns the bytes and the error that
/// stopped it, if any.
fn inflate(decoder: impl Read, max: usize) -> (Vec<u8>, Option<std::io::Error>) {
    let mut out = Vec::new();
    let error = decoder.take(max as u64 + 1).read_to_end(&mut out).err();
    (out, error)
}

/// Undoes chunked transfer coding. Returns `None` when the body does not start with a chunk-size
/// line (it was stored de-chunked). A body cut short keeps the chunks it has.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    let mut first = true;
    while pos < body.len() {
        let Some(len) = memchr::memchr(b'\n', &body[pos..]) else {
            break;
        };
        let line = trim_eol(&body[pos..pos + len]);
        let digits = line
            .iter()
            .position(|b| !b.is_ascii_hexdigit())
            .unwrap_or(line.len());
        let size = std::str::from_utf8(&line[..digits])
            .ok()
            .and_then(|h| usize::from_str_radix(h, 16).ok());
        let Some(size) = size else {
            if first {
                return None;
            }
            break;
        };
        first = false;
        pos += len + 1;
        if size == 0 {
            break;
        }
        let end = pos.saturating_add(size).min(body.len());
        out.extend_from_slice(&body[pos..end]);
        pos = end;
        // The CRLF after the chunk data.
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        } else if body[pos..].starts_with(b"\n") {
            pos += 1;
        }
    }
    (!first).then_some(out)
}

/// A line without its `\r\n` or `\n`.
pub(crate) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The start of some bytes, for a message: at most 40 characters, control characters escaped.
pub(crate) fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    let mut out: String = text
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if bytes.len() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn parses_status_headers_and_body() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=utf-8\r\nX-Empty:\r\nbogus line\r\n\r\n<p>corps</p>";
        let r = parse_response(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("x-empty"), Some(""));
        assert_eq!(r.body, b"<p>corps</p>");

        let r = parse_response(b"HTTP/2 404\nServer: x\n\nnot found").unwrap();
        assert_eq!((r.status, r.body), (404, &b"not found"[..]));

        let r = parse_response(b"HTTP/1.0 200 OK\r\nServer: x\r\n").unwrap();
        assert_eq!(r.body, b"");

        assert_eq!(
            parse_response(b"GET / HTTP/1.1\r\n\r\n").unwrap_err(),
            "not an HTTP response (starts with `GET / HTTP/1.1`)"
        );
        assert_eq!(
            parse_response(b"HTTP/1.1 abc\r\n\r\n").unwrap_err(),
            "invalid HTTP status line `HTTP/1.1 abc`"
        );
    }

    #[test]
    fn content_types() {
        let ct = ContentType::parse("Text/HTML; Charset=\"Windows-1256\"");
        assert_eq!(ct.mime, "text/html");
        assert_eq!(ct.charset.as_deref(), Some("Windows-1256"));
        assert!(ct.is_html());
        assert!(ContentType::parse("application/xhtml+xml").is_html());
        assert!(!ContentType::parse("image/jpeg").is_html());
        assert!(ContentType::parse("").is_unspecific());
    }

    fn response_with(headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        block
    }

    #[test]
    fn chunked_and_compressed_bodies() {
        let block = response_with(
            "Transfer-Encoding: chunked\r\n",
            b"5\r\n<p>ab\r\n6;ext=1\r\ncd</p>\r\n0\r\n\r\n",
        );
        let r = parse_response(&block).unwrap();
        assert_eq!(&*decoded_body(&r, 1000).unwrap().0, b"<p>abcd</p>");

        // Already de-chunked by the archiver: used as is.
        let block = response_with("Transfer-Encoding: chunked\r\n", b"<p>plain</p>");
        let r = parse_response(&block).unwrap();
        assert_eq!(&*decoded_body(&r, 1000).unwrap().0, b"<p>plain</p>");

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"<p>compresse</p>").unwrap();
        let gz = gz.finish().unwrap();
        let block = response_with("Content-Encoding: gzip\r\n", &gz);
        let r = parse_response(&block).unwrap();
        let (body, warning) = decoded_body(&r, 1000).unwrap();
        assert_eq!((&*body, warning), (&b"<p>compresse</p>"[..], None));
        assert!(decoded_body(&r, 5).unwrap_err().contains("--max-doc-bytes"));

        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"<p>zlib</p>").unwrap();
        let block = response_with("Content-Encoding: deflate\r\n", &z.finish().unwrap());
        let r = parse_response(&block).unwrap();
        assert_eq!(&*decoded_body(&r, 1000).unwrap().0, b"<p>zlib</p>");

        let block = response_with("Content-Encoding: br\r\n", b"\x8b\x02\x80binary");
        let r = parse_response(&block).unwrap();
        assert_eq!(
            decoded_body(&r, 1000).unwrap_err(),
            "unsupported Content-Encoding `br`"
        );
    }
}
