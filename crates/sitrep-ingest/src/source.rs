//! Where bytes come from: paths, directory walks, gzip, format choice and dispatch.

use std::ffi::OsString;
use std::fs;
use std::io::{self, BufReader, Read};
use std::path::{Component, Path, PathBuf};

use crate::decode::{has_utf16_bom, looks_binary};
use crate::format::{sniff, split_extension, KNOWN_EXTENSIONS};
use crate::gz::{GzMemberError, GzMembers};
use crate::{feed, html, jsonl, text, warc, InputFormat, InputIssue, Origin, ReadOptions, Sink};

/// How many decompressed bytes are looked at to sniff the format and spot binary files.
const SNIFF_BYTES: usize = 8 * 1024;

/// Buffer size for JSONL and WARC reading, and for compressed input.
const STREAM_BUFFER: usize = 64 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An input's two names: `shown` in messages (the path as the user gave it, so that they can
/// find the file) and `id` in the ids of its documents (see [`doc_name`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Named<'a> {
    pub shown: &'a str,
    pub id: &'a str,
}

impl<'a> Named<'a> {
    /// One name for both (stdin, URLs, in-memory inputs).
    pub fn same(name: &'a str) -> Self {
        Named {
            shown: name,
            id: name,
        }
    }
}

/// Reads a file or directory; `id` is its name in document ids (default [`doc_name`]).
pub(crate) fn read_path(path: &Path, id: Option<&str>, opts: &ReadOptions, sink: &mut Sink<'_>) {
    let name = path.to_string_lossy().into_owned();
    let id = match id {
        Some(id) => id.to_string(),
        None => doc_name(path, std::env::current_dir().ok().as_deref()),
    };
    match fs::metadata(path) {
        Err(e) => sink(Err(InputIssue::unreadable(
            Origin::file(name),
            format!("cannot read: {e}"),
        ))),
        Ok(meta) if meta.is_dir() => {
            let mut files = 0;
            walk_dir(path, Path::new(&id), opts, sink, &mut files);
            if files == 0 {
                sink(Err(InputIssue::note(
                    Origin::file(name),
                    "no input files found in directory",
                )));
            }
        }
        Ok(_) => read_file(
            path,
            Named {
                shown: &name,
                id: &id,
            },
            opts,
            false,
            sink,
        ),
    }
}

/// The name of an input in document ids: the path relative to the working directory when it
/// lies under it (`examples/x.txt`, whether given as `examples/x.txt`, `./examples/x.txt` or
/// `/home/me/sitrep/examples/x.txt`; empty for the working directory itself), else its file
/// name (`x.txt` for `/tmp/x.txt` or `../x.txt`). Ids end up in shared outputs (CSV, the
/// store, the API): they must not carry the layout of the user's disk, and must be the same
/// whichever way the same file was named. `/` separates the parts on every system.
pub(crate) fn doc_name(path: &Path, cwd: Option<&Path>) -> String {
    relative_to(path, cwd).unwrap_or_else(|| {
        cwd.and_then(|c| lexical(&c.join(path)))
            .as_deref()
            .unwrap_or(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "input".to_string())
    })
}

/// `path` relative to `cwd`, `/`-separated, if it lies under it (`""` for `cwd` itself).
fn relative_to(path: &Path, cwd: Option<&Path>) -> Option<String> {
    let parts = |p: &Path| -> String {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    // Relative and staying below the working directory: the path as given, tidied.
    if path.is_relative() && !path.components().any(|c| c == Component::ParentDir) {
        return Some(parts(path));
    }
    let cwd = cwd?;
    let under = |root: &Path, p: &Path| p.strip_prefix(root).ok().map(parts);
    // Lexically first, then with symbolic links resolved on both sides.
    lexical(&cwd.join(path))
        .and_then(|abs| under(cwd, &abs))
        .or_else(|| under(&cwd.canonicalize().ok()?, &path.canonicalize().ok()?))
}

/// `p` with `.` and `..` removed lexically; `None` when `..` climbs above its start.
fn lexical(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// Walks `dir`; `id_dir` is its name in document ids (see [`doc_name`]), to which the path of
/// each file inside is appended.
fn walk_dir(dir: &Path, id_dir: &Path, opts: &ReadOptions, sink: &mut Sink<'_>, files: &mut usize) {
    let dir_name = || dir.to_string_lossy().into_owned();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            sink(Err(InputIssue::unreadable(
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
            Err(e) => sink(Err(InputIssue::unreadable(
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
        let id_path = id_dir.join(&file_name);
        let name = path.to_string_lossy().into_owned();
        let origin = || Origin::file(name.clone());
        let link_meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                sink(Err(InputIssue::unreadable(
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
                    sink(Err(InputIssue::unreadable(
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
            walk_dir(&path, &id_path, opts, sink, files);
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
            let id = id_path
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            read_file(
                &path,
                Named {
                    shown: &name,
                    id: &id,
                },
                opts,
                true,
                sink,
            );
        }
    }
}

/// Reads one file; `in_walk` when it was found by a directory walk rather than named.
fn read_file(path: &Path, name: Named<'_>, opts: &ReadOptions, in_walk: bool, sink: &mut Sink<'_>) {
    match fs::File::open(path) {
        Ok(mut file) => read_stream_as(name, &mut file, opts, in_walk, None, sink),
        Err(e) => sink(Err(InputIssue::unreadable(
            Origin::file(name.shown),
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
    read_stream_as(Named::same(name), reader, opts, false, None, sink);
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
    read_stream_as(Named::same(name), reader, opts, false, on_linked, sink);
}

/// [`read_stream`]; `in_walk` when the file was found by a directory walk, where an `.xml` or
/// `.json` file that is not a feed is skipped instead of being sniffed.
fn read_stream_as(
    name: Named<'_>,
    reader: &mut dyn Read,
    opts: &ReadOptions,
    in_walk: bool,
    on_linked: Option<&mut feed::OnLinked<'_>>,
    sink: &mut Sink<'_>,
) {
    let origin = || Origin::file(name.shown);
    let hint = split_extension(name.shown);

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
            let Some(bytes) = read_whole(name.shown, &mut peeked, opts, stream_error, sink) else {
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

/// An issue about a read error that ends an input: an error of the file itself (not of the
/// gzip data in it) means the input could not be read ([`InputIssue::unreadable`]).
pub(crate) fn read_failure(origin: Origin, e: &io::Error, message: String) -> InputIssue {
    if GzMemberError::find(e).is_some() {
        InputIssue::error(origin, message)
    } else {
        InputIssue::unreadable(origin, message)
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
            sink(Err(read_failure(
                origin(),
                &e,
                format!("{stream_error}: {e}"),
            )));
            return None;
        }
        sink(Err(InputIssue::warning(
            origin(),
            format!(
                "{stream_error} after {} bytes of content: {e}; the document may be truncated",
                bytes.len()
            ),
        )));
    }
    if bytes.len() > opts.max_doc_bytes {
        sink(Err(InputIssue::error(
            origin(),
            format!(
                "document is larger than --max-doc-bytes ({} bytes), skipped",
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
    fn doc_names_are_relative_or_bare() {
        let cwd = Path::new("/home/me/sitrep");
        let name = |p: &str| doc_name(Path::new(p), Some(cwd));
        assert_eq!(name("examples/x.txt"), "examples/x.txt");
        assert_eq!(name("./examples/./x.txt"), "examples/x.txt");
        assert_eq!(name("/home/me/sitrep/examples/x.txt"), "examples/x.txt");
        assert_eq!(name("examples/../examples/x.txt"), "examples/x.txt");
        assert_eq!(name("/home/me/sitrep/../sitrep/x.txt"), "x.txt");
        assert_eq!(name("../other/x.txt"), "x.txt");
        assert_eq!(name("/tmp/x.txt"), "x.txt");
        assert_eq!(name("/data/feeds/"), "feeds");
        assert_eq!(name("."), "");
        assert_eq!(name("/home/me/sitrep"), "");
        assert_eq!(name("/"), "input");
        // Without a working directory (it was deleted): still no absolute path.
        assert_eq!(doc_name(Path::new("/tmp/x.txt"), None), "x.txt");
        assert_eq!(doc_name(Path::new("a/b.txt"), None), "a/b.txt");
        assert_eq!(doc_name(Path::new("../b.txt"), None), "b.txt");
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
