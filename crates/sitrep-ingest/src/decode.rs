//! Bytes to text: byte-order marks, declared and detected character sets, binary detection.
//!
//! The order is the one browsers use: a byte-order mark wins, then a declared charset (HTML
//! `<meta charset>`), then UTF-8 if the bytes are valid UTF-8, then a guess by `chardetng`.
//! News archives still hold pages in windows-1256 (Arabic) and latin-1/windows-1252 (French), so
//! the guess matters.

use encoding_rs::{Encoding, UTF_8};

/// How many leading bytes are inspected for binary content.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// How many bytes `chardetng` sees; its guess is settled long before this on real text.
const DETECT_BYTES: usize = 1024 * 1024;

/// Text decoded from bytes.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, without byte-order mark, line endings normalised to `\n`.
    pub text: String,
    /// The encoding used, `None` for UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// Malformed byte sequences were replaced with U+FFFD.
    pub replaced: bool,
    /// A declared UTF-8 charset was overridden because the bytes were not UTF-8.
    pub declared_utf8_ignored: bool,
}

impl Decoded {
    /// The encoding name for [`crate::InputDoc::encoding`].
    pub fn encoding_name(&self) -> Option<String> {
        self.encoding.map(|e| e.name().to_string())
    }
}

/// The input looks like binary data, not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Binary;

/// Decodes a whole document. `declared` is a charset named by the document itself (HTML).
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, Binary> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        // UTF-16 text is full of NUL bytes: the BOM is checked before the binary test.
        let (text, replaced) = decode_with(enc, &bytes[bom_len..]);
        return Ok(Decoded {
            text,
            encoding: (enc != UTF_8).then_some(enc),
            replaced,
            declared_utf8_ignored: false,
        });
    }
    if looks_binary(bytes) {
        return Err(Binary);
    }
    if let Some(enc) = declared.filter(|&e| e != UTF_8) {
        let (text, replaced) = decode_with(enc, bytes);
        return Ok(Decoded {
            text,
            encoding: Some(enc),
            replaced,
            declared_utf8_ignored: false,
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: normalize_newlines(s.to_string()),
            encoding: None,
            replaced: false,
            declared_utf8_ignored: false,
        });
    }
    let enc = detect(bytes);
    let (text, replaced) = decode_with(enc, bytes);
    Ok(Decoded {
        text,
        encoding: (enc != UTF_8).then_some(enc),
        replaced,
        declared_utf8_ignored: declared == Some(UTF_8),
    })
}

/// Guesses the encoding of bytes that are not valid UTF-8.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (normalize_newlines(text.into_owned()), had_errors)
}

/// Whether the first bytes look like binary data: any NUL byte, or more than 10% control
/// characters other than tab, line feed, form feed and carriage return.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if head.is_empty() {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    controls * 10 > head.len()
}

/// Whether the bytes start with a UTF-16 byte-order mark (so NUL bytes are expected).
pub(crate) fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc != UTF_8)
}

/// Turns `\r\n` and lone `\r` into `\n`, so that line-based offsets agree across platforms.
pub(crate) fn normalize_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom() {
        let d = decode(b"\xEF\xBB\xBFBonjour\r\nla ville", None).unwrap();
        assert_eq!(d.text, "Bonjour\nla ville");
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn utf16_bom_is_not_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Alep".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "Alep");
        assert_eq!(d.encoding_name().as_deref(), Some("UTF-16LE"));
    }

    #[test]
    fn binary() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00", None).unwrap_err(), Binary);
        assert!(looks_binary(b"\x01\x02\x03\x04abc"));
        assert!(!looks_binary(b"plain\ttext\n"));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn declared_charset_wins_over_utf8_check() {
        let d = decode(b"caf\xE9", Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(d.text, "café");
        assert_eq!(d.encoding_name().as_deref(), Some("windows-1252"));
    }

    #[test]
    fn wrong_utf8_declaration_is_overridden() {
        let d = decode(
            b"Le pr\xE9sident a d\xE9clar\xE9 que la r\xE9gion \xE9tait s\xFBre.",
            Some(UTF_8),
        )
        .unwrap();
        assert_eq!(d.text, "Le président a déclaré que la région était sûre.");
        assert!(d.declared_utf8_ignored);
    }
}
