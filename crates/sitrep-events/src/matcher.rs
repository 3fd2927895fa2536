//! A phrase matcher over token norms: the one place where lexicon patterns meet the text.
//!
//! Patterns are word sequences in folded form; a word ending in `*` matches any token that
//! starts with it (`affrontement*`). Lookup is a hash probe on the first word (plus one probe per
//! distinct prefix length for starred first words), so a scan allocates nothing per token except
//! for Arabic tokens, whose proclitics (`و`, `ب`, article `ال`) are stripped before lookup.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use sitrep_text::norm::{arabic_proclitic_variants, is_arabic, strip_arabic_article};
use sitrep_text::{Sep, Token};

#[derive(Debug, Clone)]
enum Word {
    Exact(Box<str>),
    Prefix(Box<str>),
}

impl Word {
    fn matches(&self, key: &str) -> bool {
        match self {
            Word::Exact(w) => &**w == key,
            Word::Prefix(p) => key.starts_with(&**p),
        }
    }
}

/// A match: tokens `start..end` (indices into the token slice) matched pattern `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: u32,
}

/// Compiled patterns with a payload per pattern.
#[derive(Debug)]
pub(crate) struct Matcher<T> {
    words: Vec<Box<[Word]>>,
    payloads: Vec<T>,
    exact: HashMap<Box<str>, Vec<u32>>,
    prefix: HashMap<Box<str>, Vec<u32>>,
    /// Byte lengths of starred first words (sorted, deduplicated), by the first two bytes of
    /// the word (`[b, 0xFF]` for one-byte words: 0xFF never occurs in UTF-8), so that a token
    /// costs one probe here instead of one per length.
    prefix_lens: HashMap<[u8; 2], Vec<usize>>,
    /// Whether some starred first word has a single byte.
    short_prefix: bool,
}

/// The `prefix_lens` key of a word.
fn head(word: &str) -> [u8; 2] {
    match word.as_bytes() {
        [a, b, ..] => [*a, *b],
        [a] => [*a, 0xFF],
        [] => [0xFF, 0xFF],
    }
}

impl<T> Default for Matcher<T> {
    fn default() -> Self {
        Matcher {
            words: Vec::new(),
            payloads: Vec::new(),
            exact: HashMap::default(),
            prefix: HashMap::default(),
            prefix_lens: HashMap::default(),
            short_prefix: false,
        }
    }
}

/// The matching key of one token: folded, Arabic article removed.
fn key(tok: &Token) -> &str {
    if is_arabic(&tok.norm) {
        strip_arabic_article(&tok.norm)
    } else {
        &tok.norm
    }
}

/// Splits a pattern into words folded exactly like text tokens; `None` for an empty pattern.
fn compile(pattern: &str) -> Option<Vec<Word>> {
    let mut out = Vec::new();
    for piece in pattern.split_whitespace() {
        let (body, star) = match piece.strip_suffix('*') {
            Some(b) => (b, true),
            None => (piece, false),
        };
        let toks = sitrep_text::tokenize(body);
        let n = toks.len();
        for (i, t) in toks.iter().enumerate() {
            let k = key(t).to_owned().into_boxed_str();
            out.push(if star && i + 1 == n {
                Word::Prefix(k)
            } else {
                Word::Exact(k)
            });
        }
    }
    (!out.is_empty()).then_some(out)
}

impl<T> Matcher<T> {
    /// Adds a pattern; returns `false` when it has no word.
    pub fn add(&mut self, pattern: &str, payload: T) -> bool {
        let Some(words) = compile(pattern) else {
            return false;
        };
        let id = self.words.len() as u32;
        match &words[0] {
            Word::Exact(w) => self.exact.entry(w.clone()).or_default().push(id),
            Word::Prefix(p) => {
                let lens = self.prefix_lens.entry(head(p)).or_default();
                if !lens.contains(&p.len()) {
                    lens.push(p.len());
                    lens.sort_unstable();
                }
                self.short_prefix |= p.len() == 1;
                self.prefix.entry(p.clone()).or_default().push(id)
            }
        }
        self.words.push(words.into_boxed_slice());
        self.payloads.push(payload);
        true
    }

    pub fn payload(&self, id: u32) -> &T {
        &self.payloads[id as usize]
    }

    /// All matches starting in `range` (token indices), overlapping ones included, in order of
    /// start. A pattern never crosses punctuation or a line break.
    pub fn find_all(&self, tokens: &[Token], range: Range<usize>, out: &mut Vec<Hit>) {
        let end = range.end.min(tokens.len());
        for i in range.start..end {
            let tok = &tokens[i];
            if is_arabic(&tok.norm) {
                for (_, stem) in arabic_proclitic_variants(&tok.norm) {
                    self.probe(stem, tokens, i, end, out);
                }
            } else {
                self.probe(key(tok), tokens, i, end, out);
            }
        }
    }

    fn probe(&self, first: &str, tokens: &[Token], i: usize, end: usize, out: &mut Vec<Hit>) {
        if let Some(ids) = self.exact.get(first) {
            self.extend(ids, tokens, i, end, out);
        }
        let short = self
            .short_prefix
            .then(|| first.bytes().next().map(|b| [b, 0xFF]))
            .flatten();
        for key in [Some(head(first)), short].into_iter().flatten() {
            let Some(lens) = self.prefix_lens.get(&key) else {
                continue;
            };
            for &len in lens {
                if len > first.len() {
                    break;
                }
                if !first.is_char_boundary(len) {
                    continue;
                }
                if let Some(ids) = self.prefix.get(&first[..len]) {
                    self.extend(ids, tokens, i, end, out);
                }
            }
        }
    }

    fn extend(&self, ids: &[u32], tokens: &[Token], i: usize, end: usize, out: &mut Vec<Hit>) {
        'pattern: for &id in ids {
            let words = &self.words[id as usize];
            let mut j = i;
            for w in &words[1..] {
                if matches!(tokens[j].sep, Sep::Punct | Sep::Break) || j + 1 >= end {
                    continue 'pattern;
                }
                j += 1;
                let t = &tokens[j];
                let ok = if is_arabic(&t.norm) {
                    arabic_proclitic_variants(&t.norm)
                        .iter()
                        .any(|(_, s)| w.matches(s))
                } else {
                    w.matches(key(t))
                };
                if !ok {
                    continue 'pattern;
                }
            }
            let hit = Hit {
                start: i,
                end: j + 1,
                id,
            };
            if !out.contains(&hit) {
                out.push(hit);
            }
        }
    }
}

/// Keeps, among `hits`, only those not strictly inside a longer one (same start or same end
/// counts as inside). Order is preserved.
pub(crate) fn longest(hits: &mut Vec<Hit>) {
    let all = hits.clone();
    hits.retain(|h| {
        !all.iter()
            .any(|o| o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiword_and_prefix_patterns() {
        let mut m = Matcher::default();
        m.add("voiture* piégée*", 1);
        m.add("affrontement*", 2);
        m.add("l'offensive", 3);
        let text = "Des voitures piégées, des affrontements et l'offensive.";
        let toks = sitrep_text::tokenize(text);
        let mut hits = Vec::new();
        m.find_all(&toks, 0..toks.len(), &mut hits);
        let got: Vec<(i32, &str)> = hits
            .iter()
            .map(|h| {
                (
                    *m.payload(h.id),
                    &text[toks[h.start].start..toks[h.end - 1].end],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, "voitures piégées"),
                (2, "affrontements"),
                (3, "l'offensive")
            ]
        );
    }

    #[test]
    fn does_not_cross_punctuation() {
        let mut m = Matcher::default();
        m.add("car bomb", 1);
        let toks = sitrep_text::tokenize("a car, bomb");
        let mut hits = Vec::new();
        m.find_all(&toks, 0..toks.len(), &mut hits);
        assert!(hits.is_empty());
    }

    #[test]
    fn arabic_proclitics_are_stripped() {
        let mut m = Matcher::default();
        m.add("اشتباكات", 1);
        let toks = sitrep_text::tokenize("واندلعت والاشتباكات");
        let mut hits = Vec::new();
        m.find_all(&toks, 0..toks.len(), &mut hits);
        assert_eq!(hits.len(), 1);
    }
}
