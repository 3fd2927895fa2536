//! Where bytes come from: paths, directory walks, gzip, format choice and dispatch.

use std::ffi::OsString;
use std::fs;
use std::io::{self, BufReader, Read};
use std::path::Path;

use crate::decode::{has_utf16_bom, looks_binary};
use crate::format::{sniff, split_extension, KNOWN_EXTENSIONS};
use crate::gz::GzMembers;
use crate::{feed, html, jsonl, text, warc, InputFormat, InputIssue, Origin, ReadOptions, Sink};

/// How many decompressed bytes are looked at to sniff the format and spot binary files.
const SNIFF_BYTES: usize = 8 * 1024;

/// Buffer size for JSONL and WARC reading, and for compressed input.
const STREAM_BUFFER: usize = 64 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

pub(crate) fn read_path(path: &Path, opts: &ReadOptions, sink: &mut Sink<'_>) {
    let name = path.to_string_lossy().into_owned();
    match fs::metadata(path) {
        Err(e) => sink(Err(InputIssue::error(
            Origin::file(name),
            format!("cannot read: {e}"),
        ))),
        Ok(meta) if meta.is_dir() => {
            let mut files = 0;
            walk_dir(path, opts, sink, &mut files);
            if files == 0 {
                sink(Err(InputIssue::note(
                    Origin::file(name),
                    "no input files found in directory",
                )));
            }
        }
        Ok(_) => read_file(path, &name, opts, false, sink),
    }
}

fn walk_dir(dir: &Path, opts: &ReadOptions, sink: &mut Sink<'_>, files: &mut usize) {
    let dir_name = || dir.to_string_lossy().into_owned();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            sink(Err(InputIssue::error(
                Origin::file(dir_name()),
                format!("cannot read directory: {e}"),
            )));
            return;
        }
    };
    let mut names: Vec<OsString> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(e) => sink(Err(InputIssue::error(
                Origin::file(dir_name()),
                format!("cannot read directory entry: {e}"),
            ))),
        }
    }
    // Byte-wise order on Unix: stable across machines and locales.
    names.sort();
    for file_name in names {
        if file_name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&file_name);
        let name = path.to_string_lossy().into_owned();
        let origin = || Origin::file(name.clone());
        let link_meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                sink(Err(InputIssue::error(
                    origin(),
                    format!("cannot read: {e}"),
                )));
                continue;
            }
        };
        let meta = if link_meta.file_type().is_symlink() {
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    sink(Err(InputIssue::note(
                        origin(),
                        "symbolic link to a directory, not followed",
                    )));
                    continue;
                }
                Ok(m) => m,
                Err(e) => {
                    sink(Err(InputIssue::error(
                        origin(),
                        format!("broken symbolic link: {e}"),
                    )));
                    continue;
                }
            }
        } else {
            link_meta
        };
        if meta.is_dir() {
            walk_dir(&path, opts, sink, files);
        } else if !meta.is_file() {
            sink(Err(InputIssue::note(
                origin(),
                "not a regular file, skipped",
            )));
        } else if opts.format.is_none() && !split_extension(&name).is_known() {
            sink(Err(InputIssue::note(
                origin(),
                format!(
                    "unknown extension, skipped (known: {KNOWN_EXTENSIONS}, optionally followed \
                     by .gz)"
                ),
            )));
        } else {
            *files += 1;
            read_file(&path, &name, opts, true, sink);
        }
    }
}

/// Reads one file; `in_walk` when it was found by a directory walk rather than named.
fn read_file(path: &Path, name: &str, opts: &ReadOptions, in_walk: bool, sink: &mut Sink<'_>) {
    match fs::File::open(path) {
        Ok(mut file) => read_stream_as(name, &mut file, opts, in_walk, None, sink),
        Err(e) => sink(Err(InputIssue::error(
            Origin::file(name),
            format!("cannot open: {e}"),
        ))),
    }
}

/// Reads one input stream named `name`: decompresses gzip, chooses the format, dispatches.
pub(crate) fn read_stream(
    name: &str,
    reader: &mut dyn Read,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) {
    read_stream_as(name, reader, opts, false, None, sink);
}

/// [`read_stream`], handing the feed items whose article is to be fetched to `on_linked` (see
/// [`feed::read_feed_with`]).
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
pub(crate) fn read_stream_with(
    name: &str,
    reader: &mut dyn Read,
    opts: &ReadOptions,
    on_linked: Option<&mut feed::OnLinked<'_>>,
    sink: &mut Sink<'_>,
) {
    read_stream_as(name, reader, opts, false, on_linked, sink);
}

/// [`read_stream`]; `in_walk` when the file was found by a directory walk, where an `.xml` or
/// `.json` file that is not a feed is skipped instead of being sniffed.
fn read_stream_as(
    name: &str,
    reader: &mut dyn Read,
    opts: &ReadOptions,
    in_walk: bool,
    on_linked: Option<&mut feed::OnLinked<'_>>,
    sink: &mut Sink<'_>,
) {
    let origin = || Origin::file(name);
    let hint = split_extension(name);

    let raw = Peeked::new(reader, GZIP_MAGIC.len());
    let gzip = raw.prefix() == GZIP_MAGIC;
    if hint.gzip && !gzip && raw.error.is_none() {
        sink(Err(InputIssue::warning(
            origin(),
            "name ends in .gz but the content is not gzip-compressed, read as is",
        )));
    }
    let (mut stream, stream_error): (Box<dyn Read + '_>, &str) = if gzip {
        let compressed = BufReader::with_capacity(STREAM_BUFFER, raw);
        (Box::new(GzMembers::new(compressed)), "broken gzip stream")
    } else {
        (Box::new(raw), "read error")
    };

    let mut peeked = Peeked::new(&mut *stream, SNIFF_BYTES);
    let format = match opts.format.or(hint.format) {
        Some(format) => format,
        None => {
            let sniffed = sniff(peeked.prefix());
            if hint.maybe_feed && in_walk && sniffed != InputFormat::Feed {
                sink(Err(InputIssue::note(
                    origin(),
                    "not a feed (RSS, Atom or JSON Feed), skipped",
                )));
                return;
            }
            sniffed
        }
    };

    match format {
        InputFormat::Jsonl => {
            if looks_binary(peeked.prefix()) && !has_utf16_bom(peeked.prefix()) {
                sink(Err(InputIssue::error(origin(), "binary file, skipped")));
                return;
            }
            let mut reader = BufReader::with_capacity(STREAM_BUFFER, peeked);
            let stats =
                jsonl::read_jsonl(name, &mut reader, opts.max_doc_bytes, stream_error, sink);
            if stats.records == 0 && stats.issues == 0 {
                sink(Err(InputIssue::warning(origin(), "empty file, no records")));
            }
        }
        InputFormat::Warc => {
            let mut reader = BufReader::with_capacity(STREAM_BUFFER, peeked);
            warc::read_warc(name, &mut reader, opts.max_doc_bytes, stream_error, sink);
        }
        InputFormat::Text | InputFormat::Html | InputFormat::Feed => {
            let Some(bytes) = read_whole(name, &mut peeked, opts, stream_error, sink) else {
                return;
            };
            match format {
                InputFormat::Html => html::read_html(name, &bytes, sink),
                InputFormat::Feed => feed::read_feed_with(name, &bytes, on_linked, sink),
                _ => text::read_text(name, &bytes, sink),
            }
        }
    }
}

/// Reads a file that is parsed whole, at most `max_doc_bytes`. A read error after some data
/// keeps that data, with a warning.
fn read_whole(
    name: &str,
    reader: &mut dyn Read,
    opts: &ReadOptions,
    stream_error: &str,
    sink: &mut Sink<'_>,
) -> Option<Vec<u8>> {
    let origin = || Origin::file(name);
    let mut bytes = Vec::new();
    let limit = opts.max_doc_bytes as u64 + 1;
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        if bytes.is_empty() {
            sink(Err(InputIssue::error(
                origin(),
                format!("{stream_error}: {e}"),
            )));
            return None;
        }
        sink(Err(InputIssue::warning(
            origin(),
            format!(
                "{stream_error} after {} bytes: {e}; the document may be truncated",
                bytes.len()
            ),
        )));
    }
    if bytes.len() > opts.max_doc_bytes {
        sink(Err(InputIssue::error(
            origin(),
            format!(
                "document is larger than max_doc_bytes ({}), skipped",
                opts.max_doc_bytes
            ),
        )));
        return None;
    }
    Some(bytes)
}

/// A reader whose first bytes were read ahead for inspection. Reading yields the prefix, then
/// an error met while reading ahead (if any), then the rest of the inner reader.
struct Peeked<R> {
    buf: Vec<u8>,
    pos: usize,
    error: Option<io::Error>,
    inner: R,
}

impl<R: Read> Peeked<R> {
    fn new(mut inner: R, want: usize) -> Self {
        let mut buf = vec![0; want];
        let mut filled = 0;
        let mut error = None;
        while filled < want {
            match inner.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        buf.truncate(filled);
        Peeked {
            buf,
            pos: 0,
            error,
            inner,
        }
    }

    fn prefix(&self) -> &[u8] {
        &self.buf
    }
}

impl<R: Read> Read for Peeked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.buf.len() {
            let n = out.len().min(self.buf.len() - self.pos);
            out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.inner.read(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FailAfter<'a>(&'a [u8]);

    impl Read for FailAfter<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("boom"));
            }
            let n = out.len().min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn peeked_replays_prefix_then_error() {
        let mut p = Peeked::new(FailAfter(b"abc"), 10);
        assert_eq!(p.prefix(), b"abc");
        let mut out = Vec::new();
        let err = p.read_to_end(&mut out).unwrap_err();
        assert_eq!(out, b"abc");
        assert_eq!(err.to_string(), "boom");
    }

    #[test]
    fn peeked_is_transparent() {
        let mut p = Peeked::new(&b"hello world"[..], 4);
        assert_eq!(p.prefix(), b"hell");
        let mut out = String::new();
        p.read_to_string(&mut out).unwrap();
        assert_eq!(out, "hello world");
    }
}
