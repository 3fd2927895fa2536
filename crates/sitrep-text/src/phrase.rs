//! The phrase matcher: the one place where lexicon patterns meet the text's tokens.
//!
//! Patterns are word sequences folded like the text ([`Fold`]); a word ending in `*` matches
//! any token that starts with it (`affrontement*`). Lookup is a hash probe on a token's word
//! (plus one probe per distinct prefix length of starred first words), and reads the tokens'
//! annotations (key, Arabic stems), so a scan allocates nothing per token. Three questions are
//! asked of it: every match in a range of tokens ([`Matcher::find_all`], the event lexicons),
//! the longest match at a token ([`Matcher::longest_at`]) and the first-added match that ends
//! right before a token ([`Matcher::first_ending_at`], the place cues read backwards from a
//! name).

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::lexicon::Fold;
use crate::token::{tokenize, Sep, Token};

/// Which separators a pattern may cross between two of its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Not punctuation or a line break: `car, bomb` is not `car bomb` (the event lexicons).
    Words,
    /// Any separator: the words alone decide (the place cues, which their rules bound).
    Anything,
}

#[derive(Debug, Clone)]
enum Word {
    Exact(Box<str>),
    Prefix(Box<str>),
}

impl Word {
    #[inline]
    fn matches(&self, key: &str) -> bool {
        match self {
            Word::Exact(w) => &**w == key,
            Word::Prefix(p) => key.starts_with(&**p),
        }
    }
}

/// A match: tokens `start..end` (indices into the token slice) matched pattern `id` (patterns
/// are numbered in the order they were added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: u32,
}

/// Compiled patterns with a payload per pattern.
#[derive(Debug, Clone)]
pub struct Matcher<T> {
    fold: Fold,
    crossing: Crossing,
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
    /// Patterns by their last word (exact), and those whose last word is starred.
    by_last: HashMap<Box<str>, Vec<u32>>,
    starred_last: Vec<u32>,
}

/// The `prefix_lens` key of a word.
fn head(word: &str) -> [u8; 2] {
    match word.as_bytes() {
        [a, b, ..] => [*a, *b],
        [a] => [*a, 0xFF],
        [] => [0xFF, 0xFF],
    }
}

impl<T> Matcher<T> {
    pub fn new(fold: Fold, crossing: Crossing) -> Matcher<T> {
        Matcher {
            fold,
            crossing,
            words: Vec::new(),
            payloads: Vec::new(),
            exact: HashMap::default(),
            prefix: HashMap::default(),
            prefix_lens: HashMap::default(),
            short_prefix: false,
            by_last: HashMap::default(),
            starred_last: Vec::new(),
        }
    }

    /// Adds a pattern written as text (words folded like the text, `*` ending a prefix word);
    /// returns `false` when it has no word.
    pub fn add(&mut self, pattern: &str, payload: T) -> bool {
        let mut words = Vec::new();
        for piece in pattern.split_whitespace() {
            let (body, star) = match piece.strip_suffix('*') {
                Some(b) => (b, true),
                None => (piece, false),
            };
            let toks = tokenize(body);
            let n = toks.len();
            for (i, t) in toks.iter().enumerate() {
                let w = self.word_of(t).into();
                words.push(if star && i + 1 == n {
                    Word::Prefix(w)
                } else {
                    Word::Exact(w)
                });
            }
        }
        self.push(words, payload)
    }

    /// Adds a pattern given as its folded words (exact, no prefix); returns `false` when it has
    /// no word.
    pub fn add_words<S: AsRef<str>>(&mut self, words: &[S], payload: T) -> bool {
        let words = words
            .iter()
            .map(|w| Word::Exact(w.as_ref().into()))
            .collect();
        self.push(words, payload)
    }

    fn push(&mut self, words: Vec<Word>, payload: T) -> bool {
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return false;
        };
        let id = self.words.len() as u32;
        match first {
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
        match last {
            Word::Exact(w) => self.by_last.entry(w.clone()).or_default().push(id),
            Word::Prefix(_) => self.starred_last.push(id),
        }
        self.words.push(words.into_boxed_slice());
        self.payloads.push(payload);
        true
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn payload(&self, id: u32) -> &T {
        &self.payloads[id as usize]
    }

    /// The word a token offers to a pattern word (the first of its variants).
    #[inline]
    fn word_of<'t>(&self, tok: &'t Token) -> &'t str {
        match self.fold {
            Fold::Norm => &tok.norm,
            Fold::Key => tok.key(),
        }
    }

    /// Whether pattern word `w` matches token `tok` (in any of its variants).
    #[inline]
    fn word_matches(&self, w: &Word, tok: &Token) -> bool {
        match self.fold {
            Fold::Norm => w.matches(&tok.norm),
            Fold::Key => tok.key_variants().any(|(_, k)| w.matches(k)),
        }
    }

    /// Whether a pattern may go on from token `j` to the next one.
    #[inline]
    fn crosses(&self, tok: &Token) -> bool {
        self.crossing == Crossing::Anything || !matches!(tok.sep, Sep::Punct | Sep::Break)
    }

    /// All matches starting in `range` (token indices), overlapping ones included, in order of
    /// start; a match does not go beyond `range.end`.
    pub fn find_all(&self, tokens: &[Token], range: Range<usize>, out: &mut Vec<Hit>) {
        let end = range.end.min(tokens.len());
        for i in range.start..end {
            let tok = &tokens[i];
            match self.fold {
                Fold::Norm => self.probe(&tok.norm, tokens, i, end, out),
                Fold::Key => {
                    for (_, key) in tok.key_variants() {
                        self.probe(key, tokens, i, end, out);
                    }
                }
            }
        }
    }

    /// The length in tokens of the longest pattern that matches at token `k`.
    pub fn longest_at(&self, tokens: &[Token], k: usize) -> Option<usize> {
        let tok = tokens.get(k)?;
        let mut hits = Vec::new();
        match self.fold {
            Fold::Norm => self.probe(&tok.norm, tokens, k, tokens.len(), &mut hits),
            Fold::Key => {
                for (_, key) in tok.key_variants() {
                    self.probe(key, tokens, k, tokens.len(), &mut hits);
                }
            }
        }
        hits.iter().map(|h| h.end - h.start).max()
    }

    /// The first-added pattern whose words occupy the tokens right before index `end`.
    pub fn first_ending_at(&self, tokens: &[Token], end: usize) -> Option<Hit> {
        let last = tokens.get(end.checked_sub(1)?)?;
        let mut best: Option<Hit> = None;
        let mut consider = |id: u32| {
            if best.is_some_and(|b| b.id <= id) {
                return;
            }
            let words = &self.words[id as usize];
            let Some(start) = end.checked_sub(words.len()) else {
                return;
            };
            let fits = words.iter().enumerate().all(|(o, w)| {
                let j = start + o;
                self.word_matches(w, &tokens[j]) && (j + 1 == end || self.crosses(&tokens[j]))
            });
            if fits {
                best = Some(Hit { start, end, id });
            }
        };
        match self.fold {
            Fold::Norm => {
                for &id in self.by_last.get(last.norm.as_str()).into_iter().flatten() {
                    consider(id);
                }
            }
            Fold::Key => {
                for (_, key) in last.key_variants() {
                    for &id in self.by_last.get(key).into_iter().flatten() {
                        consider(id);
                    }
                }
            }
        }
        for &id in &self.starred_last {
            consider(id);
        }
        best
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
                if !self.crosses(&tokens[j]) || j + 1 >= end {
                    continue 'pattern;
                }
                j += 1;
                if !self.word_matches(w, &tokens[j]) {
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
pub fn longest(hits: &mut Vec<Hit>) {
    let all = hits.clone();
    hits.retain(|h| {
        !all.iter()
            .any(|o| o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(
        m: &Matcher<i32>,
        text: &'t str,
        toks: &[Token],
        hits: &[Hit],
    ) -> Vec<(i32, &'t str)> {
        hits.iter()
            .map(|h| {
                (
                    *m.payload(h.id),
                    &text[toks[h.start].start..toks[h.end - 1].end],
                )
            })
            .collect()
    }

    #[test]
    fn multiword_and_prefix_patterns() {
        let mut m = Matcher::new(Fold::Key, Crossing::Words);
        m.add("voiture* piégée*", 1);
        m.add("affrontement*", 2);
        m.add("l'offensive", 3);
        let text = "Des voitures piégées, des affrontements et l'offensive.";
        let toks = tokenize(text);
        let mut hits = Vec::new();
        m.find_all(&toks, 0..toks.len(), &mut hits);
        assert_eq!(
            texts(&m, text, &toks, &hits),
            [
                (1, "voitures piégées"),
                (2, "affrontements"),
                (3, "l'offensive")
            ]
        );
    }

    #[test]
    fn crossing_punctuation_is_a_choice() {
        let toks = tokenize("a car, bomb");
        let mut words = Matcher::new(Fold::Key, Crossing::Words);
        words.add("car bomb", 1);
        let mut hits = Vec::new();
        words.find_all(&toks, 0..toks.len(), &mut hits);
        assert!(hits.is_empty());
        let mut anything = Matcher::new(Fold::Norm, Crossing::Anything);
        anything.add("car bomb", 1);
        anything.find_all(&toks, 0..toks.len(), &mut hits);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn arabic_proclitics_are_stripped_by_key_not_by_norm() {
        let toks = tokenize("واندلعت والاشتباكات");
        let mut hits = Vec::new();
        let mut key = Matcher::new(Fold::Key, Crossing::Words);
        key.add("اشتباكات", 1);
        key.find_all(&toks, 0..toks.len(), &mut hits);
        assert_eq!(hits.len(), 1);
        let mut norm = Matcher::new(Fold::Norm, Crossing::Anything);
        norm.add("اشتباكات", 1);
        hits.clear();
        norm.find_all(&toks, 0..toks.len(), &mut hits);
        assert!(hits.is_empty());
    }

    #[test]
    fn the_longest_match_at_a_token() {
        let mut m = Matcher::new(Fold::Norm, Crossing::Anything);
        m.add("et", 1);
        m.add("et de", 2);
        m.add("et de la", 3);
        let toks = tokenize("Alep et de Homs");
        assert_eq!(m.longest_at(&toks, 1), Some(2));
        assert_eq!(m.longest_at(&toks, 0), None);
        assert_eq!(m.longest_at(&toks, 9), None);
    }

    #[test]
    fn the_first_added_match_ending_before_a_token() {
        let mut m = Matcher::new(Fold::Norm, Crossing::Anything);
        m.add_words(&["au", "nord"], 1);
        m.add("pres", 2);
        m.add("au nord de", 3);
        m.add("nord de", 4);
        let toks = tokenize("les villages au nord de Raqqa");
        let hit = m.first_ending_at(&toks, 5).unwrap();
        assert_eq!((hit.start, hit.end, *m.payload(hit.id)), (2, 5, 3));
        let hit = m.first_ending_at(&toks, 4).unwrap();
        assert_eq!((hit.start, *m.payload(hit.id)), (2, 1));
        assert_eq!(m.first_ending_at(&toks, 0), None);
        assert_eq!(m.first_ending_at(&toks, 2), None);
    }

    #[test]
    fn longest_drops_hits_inside_longer_ones() {
        let mut hits = vec![
            Hit {
                start: 0,
                end: 2,
                id: 0,
            },
            Hit {
                start: 1,
                end: 2,
                id: 1,
            },
            Hit {
                start: 3,
                end: 4,
                id: 2,
            },
        ];
        longest(&mut hits);
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [0, 2]);
    }
}
