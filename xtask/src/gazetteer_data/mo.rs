//! A reader for GNU gettext `.mo` catalogues (pycountry ships its ISO 3166 translations so).
//!
//! Format: a 28-byte header (magic, revision, count, offset of the original-string table, offset
//! of the translation table, ...), then two tables of `(length, offset)` pairs.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

/// Parses a catalogue into `msgid -> msgstr` (the header entry with an empty msgid is dropped,
/// plural forms keep their first form, context prefixes are removed).
pub fn parse(bytes: &[u8]) -> Result<BTreeMap<String, String>> {
    let word = |at: usize, little: bool| -> Result<u32> {
        let Some(b) = bytes.get(at..at + 4) else {
            bail!("truncated .mo file at byte {at}");
        };
        let b = [b[0], b[1], b[2], b[3]];
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let little = match word(0, true)? {
        0x9504_12de => true,
        0xde12_0495 => false,
        other => bail!("not a .mo file (magic {other:#x})"),
    };
    let count = word(8, little)? as usize;
    let originals = word(12, little)? as usize;
    let translations = word(16, little)? as usize;
    let string = |table: usize, i: usize| -> Result<String> {
        let len = word(table + 8 * i, little)? as usize;
        let off = word(table + 8 * i + 4, little)? as usize;
        let Some(raw) = bytes.get(off..off + len) else {
            bail!("string {i} points outside the .mo file");
        };
        Ok(String::from_utf8_lossy(raw).into_owned())
    };
    let mut out = BTreeMap::new();
    for i in 0..count {
        let id = string(originals, i)?;
        let text = string(translations, i)?;
        // Context ("ctx\u{4}msgid") and plural forms ("one\0other") are not used by iso-codes'
        // country tables; keep the plain part so that they cannot leak control characters.
        let id = id.rsplit('\u{4}').next().unwrap_or_default();
        let id = id.split('\0').next().unwrap_or_default().to_string();
        let text = text.split('\0').next().unwrap_or_default().to_string();
        if id.is_empty() || text.is_empty() {
            continue;
        }
        out.insert(id, text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a little-endian catalogue by hand.
    fn catalogue(pairs: &[(&str, &str)]) -> Vec<u8> {
        let n = pairs.len() as u32;
        let mut out = Vec::new();
        let header = 28u32;
        let orig_table = header;
        let trans_table = orig_table + 8 * n;
        let mut data_off = trans_table + 8 * n;
        let mut orig = Vec::new();
        let mut trans = Vec::new();
        let mut data = Vec::new();
        for (id, _) in pairs {
            orig.push((id.len() as u32, data_off));
            data.extend_from_slice(id.as_bytes());
            data.push(0);
            data_off += id.len() as u32 + 1;
        }
        for (_, s) in pairs {
            trans.push((s.len() as u32, data_off));
            data.extend_from_slice(s.as_bytes());
            data.push(0);
            data_off += s.len() as u32 + 1;
        }
        for w in [0x9504_12de_u32, 0, n, orig_table, trans_table, 0, 0] {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for (l, o) in orig.iter().chain(trans.iter()) {
            out.extend_from_slice(&l.to_le_bytes());
            out.extend_from_slice(&o.to_le_bytes());
        }
        out.extend_from_slice(&data);
        out
    }

    #[test]
    fn reads_pairs_and_drops_the_header_entry() {
        let bytes = catalogue(&[("", "Project-Id: x"), ("Syria", "Syrie"), ("Iraq", "Irak")]);
        let map = parse(&bytes).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["Syria"], "Syrie");
        assert_eq!(map["Iraq"], "Irak");
    }

    #[test]
    fn rejects_other_files() {
        assert!(parse(b"not a catalogue at all, really").is_err());
        assert!(parse(b"").is_err());
    }
}
