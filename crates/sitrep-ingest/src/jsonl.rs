//! JSON Lines: one object per line, read as a stream.
//!
//! Records look like `{"id": "…", "text": "…", "title": …, "url": …, "published": …, "lang": …}`;
//! other fields are ignored (and never allocated). Memory stays bounded by the longest line
//! kept: a line longer than `max_doc_bytes` is skipped in chunks, never buffered whole.
//!
//! Decisions:
//! - blank lines are skipped silently (files often end with one);
//! - invalid UTF-8 inside a line is replaced with U+FFFD and the record kept, with a warning:
//!   one bad byte in a scraped article should not lose it;
//! - `id` may be a string or a number; a missing, empty or `null` id becomes `"<path>:<line>"`,
//!   and an id of another type does too, with a warning;
//! - a missing, empty or non-string `text` drops the record;
//! - an optional field of the wrong type is dropped with a warning, the record kept;
//! - `published` is kept verbatim (it is the producer's structured data, not scraped metadata);
//!   without it, the publication date the text shows in its first lines is used, if any.

use std::io::{self, BufRead};

use serde::Deserialize;
use serde_json::Value;

use crate::decode::normalize_newlines;
use crate::source::{read_failure, Named};
use crate::visible_date::visible_date;
use crate::{InputDoc, InputFormat, InputIssue, Origin, Sink};

/// The fields of a record the pipeline uses, as raw JSON values so that type errors are
/// reported per field instead of rejecting the record.
#[derive(Deserialize)]
struct RawRecord {
    id: Option<Value>,
    text: Option<Value>,
    title: Option<Value>,
    url: Option<Value>,
    published: Option<Value>,
    lang: Option<Value>,
}

/// What [`read_jsonl`] saw.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonlStats {
    pub records: usize,
    pub issues: usize,
}

/// Reads JSON Lines from `reader`, one document or issue per non-blank line. A read error (a
/// broken gzip stream) ends the file with an issue naming the line; documents already produced
/// stand. `stream_error` names such errors (`"broken gzip stream"` or `"read error"`).
pub(crate) fn read_jsonl(
    name: Named<'_>,
    reader: &mut dyn BufRead,
    max_line_bytes: usize,
    stream_error: &str,
    sink: &mut Sink<'_>,
) -> JsonlStats {
    let mut stats = JsonlStats::default();
    let mut counting = |r: Result<InputDoc, InputIssue>| {
        match &r {
            Ok(_) => stats.records += 1,
            Err(_) => stats.issues += 1,
        }
        sink(r);
    };
    let mut buf = Vec::new();
    let mut offset = 0u64;
    for line_no in 1.. {
        let origin = || Origin::at_line(name.shown, line_no, offset);
        match read_bounded_line(reader, &mut buf, max_line_bytes) {
            Ok(LineRead::Eof) => break,
            Ok(LineRead::TooLong { consumed, len }) => {
                counting(Err(InputIssue::error(
                    origin(),
                    format!(
                        "line of {len} bytes is longer than --max-doc-bytes ({max_line_bytes} bytes), skipped"
                    ),
                )));
                offset += consumed;
            }
            Ok(LineRead::Line { consumed }) => {
                parse_line(&buf, origin(), name.id, &mut counting);
                offset += consumed;
            }
            Err(e) => {
                counting(Err(read_failure(
                    origin(),
                    &e,
                    format!("{stream_error}: {e}; the rest of the file is skipped"),
                )));
                break;
            }
        }
    }
    stats
}

/// The outcome of [`read_bounded_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRead {
    /// A line is in the buffer (without its `\n`); `consumed` bytes were read, newline included.
    Line { consumed: u64 },
    /// The line had `len` bytes (without its `\n`), more than the limit; it was discarded.
    TooLong { consumed: u64, len: u64 },
    /// End of input, nothing read.
    Eof,
}

/// Reads one line into `buf` (cleared first), keeping at most `max` bytes: the rest of a longer
/// line is read and discarded chunk by chunk.
fn read_bounded_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (consumed, too_long) {
                (0, _) => LineRead::Eof,
                (_, false) => LineRead::Line { consumed },
                (_, true) => LineRead::TooLong {
                    consumed,
                    len: consumed,
                },
            });
        }
        let (chunk, newline) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        if !too_long {
            if buf.len() + chunk.len() > max {
                too_long = true;
                buf.clear();
                buf.shrink_to(max.min(1 << 20));
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(newline);
        reader.consume(used);
        consumed += used as u64;
        if newline {
            return Ok(if too_long {
                LineRead::TooLong {
                    consumed,
                    len: consumed - 1,
                }
            } else {
                LineRead::Line { consumed }
            });
        }
    }
}

/// Turns one line into a document or issues; a record without an id gets `<id_name>:<line>`.
fn parse_line(
    line: &[u8],
    origin: Origin,
    id_name: &str,
    sink: &mut dyn FnMut(Result<InputDoc, InputIssue>),
) {
    let mut line = line.strip_suffix(b"\r").unwrap_or(line);
    if origin.line == Some(1) {
        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let lossy;
    let text = match std::str::from_utf8(line) {
        Ok(s) => s,
        Err(e) => {
            sink(Err(InputIssue::warning(
                origin.clone(),
                format!(
                    "invalid UTF-8 at byte {} of the line, replaced with U+FFFD",
                    e.valid_up_to() + 1
                ),
            )));
            lossy = String::from_utf8_lossy(line);
            &lossy
        }
    };
    if let Some(found) = non_object(text) {
        sink(Err(InputIssue::error(
            origin,
            format!("invalid record: expected a JSON object, found {found}, record skipped"),
        )));
        return;
    }
    let raw: RawRecord = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let kind = if e.is_data() {
                "invalid record"
            } else {
                "invalid JSON"
            };
            sink(Err(InputIssue::error(
                origin,
                format!("{kind}: {}, record skipped", json_error_message(&e)),
            )));
            return;
        }
    };
    let text = match raw.text {
        Some(Value::String(s)) if !s.trim().is_empty() => normalize_newlines(s),
        Some(Value::String(_)) => {
            sink(Err(InputIssue::error(
                origin,
                "empty `text`, record skipped",
            )));
            return;
        }
        None => {
            sink(Err(InputIssue::error(
                origin,
                "missing `text` field, record skipped",
            )));
            return;
        }
        Some(other) => {
            sink(Err(InputIssue::error(
                origin,
                format!(
                    "`text` is {}, expected a string, record skipped",
                    type_name(&other)
                ),
            )));
            return;
        }
    };
    let fallback_id = || format!("{id_name}:{}", origin.line.unwrap_or(0));
    let id = match raw.id {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => fallback_id(),
        Some(other) => {
            let id = fallback_id();
            sink(Err(InputIssue::warning(
                origin.clone(),
                format!(
                    "`id` is {}, expected a string or number, using `{id}`",
                    type_name(&other)
                ),
            )));
            id
        }
    };
    let mut optional = |field: &str, value: Option<Value>| match value {
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        None | Some(Value::Null) => None,
        Some(other) => {
            sink(Err(InputIssue::warning(
                origin.clone(),
                format!(
                    "`{field}` is {}, expected a string, ignored",
                    type_name(&other)
                ),
            )));
            None
        }
    };
    let title = optional("title", raw.title);
    let url = optional("url", raw.url);
    // Without a `published` field, the date the text shows in its first lines, if any.
    let published = optional("published", raw.published).or_else(|| visible_date(&text));
    let lang = optional("lang", raw.lang);
    sink(Ok(InputDoc {
        id,
        text,
        title,
        url,
        published,
        lang,
        origin,
        format: InputFormat::Jsonl,
        encoding: None,
    }));
}

/// For a line that is valid JSON but not an object, what it is. (The derived `RawRecord` would
/// accept an array as a positional struct, and its message would be confusing.)
fn non_object(line: &str) -> Option<&'static str> {
    let first = line.trim_start().as_bytes().first()?;
    if *first == b'{' {
        return None;
    }
    let value: Value = serde_json::from_str(line).ok()?;
    Some(type_name(&value))
}

/// serde_json's message with the column but without "line 1", which is meaningless here.
fn json_error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    if e.column() > 0 {
        format!("{msg} at column {}", e.column())
    } else {
        msg.to_string()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize, cap: usize) -> Vec<Result<Vec<u8>, u64>> {
        let mut reader = io::BufReader::with_capacity(cap, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_bounded_line(&mut reader, &mut buf, max).unwrap() {
                LineRead::Eof => return out,
                LineRead::Line { .. } => out.push(Ok(buf.clone())),
                LineRead::TooLong { len, .. } => out.push(Err(len)),
            }
        }
    }

    #[test]
    fn bounded_lines() {
        for cap in [1, 2, 3, 7, 64] {
            let got = lines(b"ab\n\nabcdef\nabcde\nxyz", 5, cap);
            let want: Vec<Result<Vec<u8>, u64>> = vec![
                Ok(b"ab".to_vec()),
                Ok(vec![]),
                Err(6),
                Ok(b"abcde".to_vec()),
                Ok(b"xyz".to_vec()),
            ];
            assert_eq!(got, want, "capacity {cap}");
        }
        assert_eq!(lines(b"abcdefgh", 5, 3), vec![Err(8)]);
    }

    fn parse(line: &str) -> Vec<Result<InputDoc, InputIssue>> {
        let mut out = Vec::new();
        parse_line(
            line.as_bytes(),
            Origin::at_line("f.jsonl", 3, 10),
            "f.jsonl",
            &mut |r| out.push(r),
        );
        out
    }

    fn messages(line: &str) -> Vec<String> {
        parse(line)
            .into_iter()
            .filter_map(|r| r.err().map(|i| i.to_string()))
            .collect()
    }

    #[test]
    fn fields() {
        let out = parse(
            r#"{"id": 42, "text": "a\r\nb", "title": "T", "url": null, "published": "2024-03-15", "lang": "fr", "extra": [1]}"#,
        );
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.id, "42");
        assert_eq!(doc.text, "a\nb");
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert_eq!(doc.url, None);
        assert_eq!(doc.published.as_deref(), Some("2024-03-15"));
        assert_eq!(doc.lang.as_deref(), Some("fr"));
        assert_eq!(doc.origin, Origin::at_line("f.jsonl", 3, 10));
    }

    #[test]
    fn record_errors() {
        assert_eq!(
            messages(r#"{"id": "a", "text": "x""#),
            ["f.jsonl:3: invalid JSON: EOF while parsing an object at column 23, record skipped"]
        );
        assert_eq!(
            messages("[1, 2]"),
            ["f.jsonl:3: invalid record: expected a JSON object, found an array, record skipped"]
        );
        assert_eq!(
            messages("\"texte\""),
            ["f.jsonl:3: invalid record: expected a JSON object, found a string, record skipped"]
        );
        assert_eq!(
            messages("[1, 2"),
            ["f.jsonl:3: invalid JSON: EOF while parsing a list at column 5, record skipped"]
        );
        assert_eq!(
            messages(r#"{"id": "a"}"#),
            ["f.jsonl:3: missing `text` field, record skipped"]
        );
        assert_eq!(
            messages(r#"{"id": "a", "text": " "}"#),
            ["f.jsonl:3: empty `text`, record skipped"]
        );
        assert_eq!(
            messages(r#"{"text": 5}"#),
            ["f.jsonl:3: `text` is a number, expected a string, record skipped"]
        );
        assert!(messages(r#"{"text": "a", "text": "b"}"#)[0].contains("duplicate field `text`"));
        assert!(parse("   ").is_empty());
    }

    #[test]
    fn field_warnings_keep_the_record() {
        let out = parse(r#"{"id": {"x": 1}, "text": "t", "title": 3}"#);
        let issues: Vec<String> = out
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(
            issues,
            [
                "f.jsonl:3: `id` is an object, expected a string or number, using `f.jsonl:3`",
                "f.jsonl:3: `title` is a number, expected a string, ignored"
            ]
        );
        let doc = out.last().unwrap().as_ref().unwrap();
        assert_eq!(doc.id, "f.jsonl:3");
        assert_eq!(doc.title, None);
    }
}
