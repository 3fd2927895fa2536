//! Multi-member gzip that survives a corrupt member.
//!
//! Web archives (Common Crawl CC-NEWS) compress each WARC record as its own gzip member and
//! concatenate the members. `flate2::read::MultiGzDecoder` reads such files as one stream but
//! stops for good at the first corrupt member. [`GzMembers`] decodes member by member with
//! `flate2::bufread::GzDecoder` (the same machinery, streaming, never the whole file in memory),
//! and when a member is corrupt it reports one [`GzMemberError`] and resumes at the next gzip
//! header (`1f 8b 08`) found in the compressed bytes. A reader that stops at the first error
//! (JSONL, text) sees exactly what `MultiGzDecoder` would have given it; the WARC reader keeps
//! going and loses only the records of the corrupt member.

use std::fmt;
use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// The first bytes of a gzip member: magic and the deflate method.
const MEMBER_START: [u8; 3] = [0x1f, 0x8b, 0x08];

/// A corrupt gzip member (or bytes after a member that are not gzip). Reading goes on at
/// `next` when it is `Some`.
#[derive(Debug)]
pub(crate) struct GzMemberError {
    /// Offset of the bad member (or of the stray bytes) in the compressed input.
    pub offset: u64,
    /// Offset in the compressed input where decoding stopped: the break itself (the decoder
    /// reads no further than the bytes it has used), or the end of a file cut short.
    pub at: u64,
    /// The input ended inside the member (a file cut short), rather than holding bad data.
    pub truncated: bool,
    /// Offset of the next gzip member in the compressed input, if there is one.
    pub next: Option<u64>,
    /// What the decoder said.
    pub cause: String,
}

/// `cut short at byte 1000 of the compressed file` or `corrupt data at byte 700 of the
/// compressed file (corrupt deflate stream)`, then the member it is in when that is not the
/// first one (`, in the gzip member starting at byte 1750`): the offset a user can look at
/// with `cmp` or `dd`.
impl fmt::Display for GzMemberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.truncated {
            write!(f, "cut short at byte {} of the compressed file", self.at)?;
        } else {
            write!(
                f,
                "corrupt data at byte {} of the compressed file ({})",
                self.at, self.cause
            )?;
        }
        if self.offset > 0 {
            write!(f, ", in the gzip member starting at byte {}", self.offset)?;
        }
        Ok(())
    }
}

impl std::error::Error for GzMemberError {}

impl GzMemberError {
    /// The [`GzMemberError`] inside an I/O error, if that is what it is.
    pub fn find(e: &io::Error) -> Option<&GzMemberError> {
        e.get_ref()?.downcast_ref::<GzMemberError>()
    }
}

/// A `BufRead` that counts the bytes consumed from it, and can give back the few bytes of a
/// member start that was found split across two reads. `inner` is `None` only in the
/// placeholder a spare decoder holds between members (see [`GzMembers`]): it reads as empty.
struct Counting<R> {
    inner: Option<R>,
    pos: u64,
    back: Vec<u8>,
}

impl<R: BufRead> Counting<R> {
    fn placeholder() -> Counting<R> {
        Counting {
            inner: None,
            pos: 0,
            back: Vec::new(),
        }
    }

    fn push_back(&mut self, bytes: &[u8]) {
        debug_assert!(self.back.is_empty());
        self.back = bytes.to_vec();
        self.pos -= bytes.len() as u64;
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.back.is_empty() {
            match &mut self.inner {
                Some(inner) => inner.fill_buf(),
                None => Ok(&[]),
            }
        } else {
            Ok(&self.back)
        }
    }

    fn consume(&mut self, n: usize) {
        if self.back.is_empty() {
            if let Some(inner) = &mut self.inner {
                inner.consume(n);
            }
        } else {
            self.back.drain(..n.min(self.back.len()));
        }
        self.pos += n as u64;
    }
}

enum State<R> {
    /// Decoding the member that started at `start`.
    Member {
        /// Boxed: the decoder (~310 bytes with the zlib-rs backend) would make every state that
        /// size, and the state is moved at each `read`.
        decoder: Box<GzDecoder<Counting<R>>>,
        start: u64,
    },
    /// Between members.
    Between(Counting<R>),
    /// The input ended, or failed in a way that cannot be skipped.
    Done,
}

/// Decompresses concatenated gzip members, resuming after a corrupt one (see the module docs).
pub(crate) struct GzMembers<R> {
    state: State<R>,
    /// The decoder of the last member that ended well, kept for the next one: a new decoder
    /// allocates and zero-fills its inflate state, which cost as much as inflating the member
    /// itself on a CC-NEWS-like archive (a member per WARC record; callgrind with miniz_oxide:
    /// 97,000 of ~210,000 instructions per member). `GzDecoder::reset` keeps the allocation;
    /// over miniz_oxide it still cleared the state (~65,000 instructions per member), over
    /// zlib-rs (the workspace's backend) it only re-initialises it (BENCHMARKS.md, fifth
    /// sitting).
    spare: Option<Box<GzDecoder<Counting<R>>>>,
}

impl<R: BufRead> GzMembers<R> {
    /// Reads members from `inner`, which must be positioned at the first one.
    pub fn new(inner: R) -> Self {
        GzMembers {
            state: State::Between(Counting {
                inner: Some(inner),
                pos: 0,
                back: Vec::new(),
            }),
            spare: None,
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(0),
                State::Member { mut decoder, start } => match decoder.read(out) {
                    Ok(0) => {
                        let inner = std::mem::replace(decoder.get_mut(), Counting::placeholder());
                        self.spare = Some(decoder);
                        self.state = State::Between(inner);
                    }
                    Ok(n) => {
                        self.state = State::Member { decoder, start };
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.state = State::Member { decoder, start };
                    }
                    Err(e) => {
                        let inner = (*decoder).into_inner();
                        let at = inner.pos;
                        let truncated = e.kind() == io::ErrorKind::UnexpectedEof;
                        return Err(self.skip_member(inner, start, at, truncated, e.to_string()));
                    }
                },
                State::Between(mut inner) => {
                    let start = inner.pos;
                    let buf = match inner.fill_buf() {
                        Ok(buf) => buf,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                            self.state = State::Between(inner);
                            continue;
                        }
                        // A failing file, not a corrupt member: nothing to resume.
                        Err(e) => return Err(e),
                    };
                    if buf.is_empty() {
                        return Ok(0);
                    }
                    let looks_like_member = buf[0] == MEMBER_START[0]
                        && buf.get(1).is_none_or(|&b| b == MEMBER_START[1]);
                    if looks_like_member {
                        let decoder = match self.spare.take() {
                            Some(mut decoder) => {
                                // Same as a new decoder: header parser, CRC and inflate state
                                // start afresh (the header is parsed at the first read).
                                decoder.reset(inner);
                                decoder
                            }
                            None => Box::new(GzDecoder::new(inner)),
                        };
                        self.state = State::Member { decoder, start };
                    } else {
                        return Err(self.skip_member(
                            inner,
                            start,
                            start,
                            false,
                            "data after the last complete member is not gzip".to_string(),
                        ));
                    }
                }
            }
        }
    }
}

impl<R: BufRead> GzMembers<R> {
    /// After a failure at `at` in the member that started at `start`: finds the next member
    /// start and returns the error to report.
    fn skip_member(
        &mut self,
        mut inner: Counting<R>,
        start: u64,
        at: u64,
        truncated: bool,
        cause: String,
    ) -> io::Error {
        // Always move past the bad member's first byte, so the same header is never retried.
        if inner.pos == start {
            match inner.fill_buf() {
                Ok(buf) if !buf.is_empty() => inner.consume(1),
                _ => {}
            }
        }
        // A read error while looking for the next member ends the input like its end would.
        let next = find_member_start(&mut inner).ok().flatten();
        if next.is_some() {
            self.state = State::Between(inner);
        }
        io::Error::new(
            io::ErrorKind::InvalidData,
            GzMemberError {
                offset: start,
                at,
                truncated,
                next,
                cause,
            },
        )
    }
}

/// Consumes bytes up to the next `1f 8b 08` and returns its offset, or `None` at the end.
fn find_member_start<R: BufRead>(inner: &mut Counting<R>) -> io::Result<Option<u64>> {
    // How many bytes of MEMBER_START the bytes just consumed end with.
    let mut matched = 0;
    loop {
        let buf = match inner.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(None);
        }
        let mut i = 0;
        while i < buf.len() && matched < MEMBER_START.len() {
            if matched == 0 {
                match memchr::memchr(MEMBER_START[0], &buf[i..]) {
                    Some(j) => {
                        i += j + 1;
                        matched = 1;
                    }
                    None => i = buf.len(),
                }
            } else if buf[i] == MEMBER_START[matched] {
                matched += 1;
                i += 1;
            } else {
                // Look at this byte again as a possible first byte.
                matched = 0;
            }
        }
        if matched == MEMBER_START.len() {
            if i >= MEMBER_START.len() {
                inner.consume(i - MEMBER_START.len());
            } else {
                // The member start began in an earlier buffer, already consumed: give it back.
                inner.consume(i);
                inner.push_back(&MEMBER_START);
            }
            return Ok(Some(inner.pos));
        }
        inner.consume(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    /// Reads everything, collecting the data and the errors.
    fn drain(input: &[u8], cap: usize) -> (Vec<u8>, Vec<(u64, Option<u64>)>) {
        let mut r = GzMembers::new(io::BufReader::with_capacity(cap, input));
        let mut data = Vec::new();
        let mut errors = Vec::new();
        let mut buf = [0u8; 7];
        for _ in 0..10_000 {
            match r.read(&mut buf) {
                Ok(0) => return (data, errors),
                Ok(n) => data.extend_from_slice(&buf[..n]),
                Err(e) => {
                    let g = GzMemberError::find(&e).expect("a member error");
                    errors.push((g.offset, g.next));
                }
            }
        }
        panic!("no end");
    }

    #[test]
    fn members_are_concatenated() {
        let mut input = gzip(b"un ");
        input.extend(gzip(b"deux "));
        input.extend(gzip(b""));
        input.extend(gzip(b"trois"));
        for cap in [1, 2, 3, 5, 64] {
            assert_eq!(drain(&input, cap), (b"un deux trois".to_vec(), vec![]));
        }
    }

    #[test]
    fn corrupt_member_is_skipped() {
        let a = gzip(b"premier ");
        let mut b = gzip(&[b'x'; 2000]);
        let len = b.len();
        for byte in &mut b[12..len - 8] {
            *byte = 0xff;
        }
        let c = gzip(b"dernier");
        let input = [a.clone(), b.clone(), c].concat();
        let c_start = (a.len() + b.len()) as u64;
        for cap in [1, 2, 3, 64, 8192] {
            let (data, errors) = drain(&input, cap);
            assert!(data.ends_with(b"dernier"), "cap {cap}");
            assert!(data.starts_with(b"premier "));
            assert_eq!(errors, [(a.len() as u64, Some(c_start))], "cap {cap}");
        }
    }

    #[test]
    fn truncation_and_garbage() {
        let full = gzip(&[b'y'; 5000]);
        let (data, errors) = drain(&full[..full.len() / 2], 64);
        assert!(data.len() < 5000);
        assert_eq!(errors, [(0, None)]);

        let mut input = gzip(b"ok");
        let end = input.len() as u64;
        input.extend(b"\x1f\x8bGARBAGE");
        assert_eq!(drain(&input, 64), (b"ok".to_vec(), vec![(end, None)]));

        let mut input = gzip(b"ok");
        input.extend(b"trailing junk");
        assert_eq!(drain(&input, 3), (b"ok".to_vec(), vec![(end, None)]));
    }
}
