//! A document as the place rules read it: its tokens (which carry the text layer's matching
//! annotations: script, key, article, Arabic stem) and, looked up once per document, what each
//! word is in the document's language ([`class`] bits) and whether it opens a sentence. Every
//! pass reads these instead of asking the lexicons again.

use std::ops::Range;

use sitrep_text::{Sep, Token};

use crate::lexicon::{class, LangData, Lexicons};

/// The text as the caller gives it to the geoparser.
#[derive(Debug, Clone, Copy)]
pub struct GeoText<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Sentence byte ranges, sorted.
    pub sentences: &'a [Range<usize>],
    pub lang: &'a str,
}

impl GeoText<'_> {
    /// Tokenises `text` and splits its sentences, then calls `f` with them: for callers that
    /// have only the text.
    pub fn read<T>(text: &str, lang: &str, f: impl FnOnce(&GeoText) -> T) -> T {
        let tokens = sitrep_text::tokenize(text);
        let sentences = sitrep_text::sentences(text);
        f(&GeoText {
            text,
            tokens: &tokens,
            sentences: &sentences,
            lang,
        })
    }
}

/// Set on a token's bits when it opens a sentence (see [`Doc::starts_sentence`]).
const SENTENCE_START: u32 = 1 << 31;

/// A [`GeoText`] with its per-token annotations.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Range<usize>],
    pub lang_code: &'a str,
    /// The document language's data (the union of all languages for one without files).
    pub lang: &'a LangData,
    /// Every language's data, for the lists that hold whatever the language.
    pub all: &'a LangData,
    /// Per token: [`class`] bits, and [`SENTENCE_START`].
    bits: Vec<u32>,
    /// Per token of a hashtag whose words are joined by underscores (`#Deir_ez_Zor`,
    /// `#floods_Ruritania`): the hashtag's first and last tokens. Empty when the text has
    /// none (most texts).
    hashtags: Vec<Option<(u32, u32)>>,
}

impl<'a> Doc<'a> {
    pub fn new(t: &GeoText<'a>, lex: &'a Lexicons) -> Doc<'a> {
        let lang = lex.get(t.lang);
        let mut bits: Vec<u32> = t.tokens.iter().map(|k| lang.word_class(&k.norm)).collect();
        let mut sentence = 0;
        for (i, b) in bits.iter_mut().enumerate() {
            if opens_sentence(t, i, &mut sentence) {
                *b |= SENTENCE_START;
            }
        }
        Doc {
            text: t.text,
            tokens: t.tokens,
            sentences: t.sentences,
            lang_code: t.lang,
            lang,
            all: lex.all(),
            bits,
            hashtags: hashtags(t.text, t.tokens),
        }
    }

    /// The first and last tokens of the hashtag of several words that token `i` belongs to
    /// (`#Deir_ez_Zor`), if any.
    #[inline]
    pub fn hashtag(&self, i: usize) -> Option<(usize, usize)> {
        self.hashtags
            .get(i)
            .copied()
            .flatten()
            .map(|(a, b)| (a as usize, b as usize))
    }

    /// Whether token `i` is in every one of the [`class`] bits `mask`.
    #[inline]
    pub fn is(&self, i: usize, mask: u32) -> bool {
        self.bits[i] & mask == mask
    }

    /// Whether token `i` is in one of the [`class`] bits `mask`.
    #[inline]
    pub fn is_any(&self, i: usize, mask: u32) -> bool {
        self.bits[i] & mask != 0
    }

    /// Whether token `i` opens a sentence, or the story after a dateline's dash (`DONETSK,
    /// Ukraine (AP) — Artillery …`, `BAMAKO, April 12 - Gunmen …`): a capital there says
    /// nothing about a name.
    #[inline]
    pub fn starts_sentence(&self, i: usize) -> bool {
        self.bits[i] & SENTENCE_START != 0
    }

    /// Whether a one-word direction of any language (`nord`, `northern`).
    #[inline]
    pub fn is_direction(&self, i: usize) -> bool {
        self.is(i, class::DIRECTION)
    }

    /// The matching key of tokens `a..=b` without a final dot (articles inside the name
    /// skipped, as in the gazetteer index).
    pub fn key_of(&self, a: usize, b: usize) -> String {
        sitrep_text::key_of_tokens(&self.tokens[a..=b], false).unwrap_or_default()
    }

    /// Whether a name may continue from token `i` to the next one: across a space or a
    /// hyphen, and across the underscore that joins a hashtag's words (`#Deir_ez_Zor`).
    #[inline]
    pub fn can_cross(&self, i: usize) -> bool {
        can_cross(self.tokens, i) || self.hashtag(i).is_some_and(|(_, last)| i < last)
    }

    /// Index of the sentence containing byte `b`.
    pub fn sentence_of(&self, b: usize) -> Option<usize> {
        sentence_of(self.sentences, b)
    }

    /// The first word that carries the name of tokens `first..=last` (after a leading article).
    #[inline]
    pub fn head(&self, first: usize, last: usize) -> usize {
        if first < last && self.tokens[first].article {
            first + 1
        } else {
            first
        }
    }
}

/// Whether a name may continue from token `i` to token `i + 1`.
pub(crate) fn can_cross(tokens: &[Token], i: usize) -> bool {
    match tokens[i].sep {
        Sep::Space | Sep::Hyphen | Sep::Apostrophe => true,
        // `U.S.`, `St. Louis`, `Mt. Hermon`: a dot after a short word.
        Sep::Dot => tokens[i].norm.chars().count() <= 2,
        Sep::Punct | Sep::Break => false,
    }
}

/// The hashtags of several words joined by underscores: per token, the first and last tokens
/// of its hashtag. A hashtag starts right after `#` (or `##`) and goes on while only one `_`
/// separates a token from the next. Empty when there is none.
fn hashtags(text: &str, tokens: &[Token]) -> Vec<Option<(u32, u32)>> {
    if !text.contains('_') || !text.contains('#') {
        return Vec::new();
    }
    let mut out = vec![None; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        if !text[..tokens[i].start].ends_with('#') {
            i += 1;
            continue;
        }
        let mut last = i;
        while last + 1 < tokens.len() && &text[tokens[last].end..tokens[last + 1].start] == "_" {
            last += 1;
        }
        if last > i {
            for slot in &mut out[i..=last] {
                *slot = Some((i as u32, last as u32));
            }
        }
        i = last + 1;
    }
    out
}

/// Index of the sentence containing byte `b` (sentences are sorted).
pub(crate) fn sentence_of(sentences: &[Range<usize>], b: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= b);
    (i < sentences.len() && sentences[i].start <= b).then_some(i)
}

/// Whether token `i` opens a sentence (see [`Doc::starts_sentence`]); `sentence` is the index
/// of the first sentence that does not end before token `i`, advanced as `i` grows.
fn opens_sentence(t: &GeoText, i: usize, sentence: &mut usize) -> bool {
    let toks = t.tokens;
    if i == 0 {
        return true;
    }
    let b = toks[i].start;
    let gap = &t.text[toks[i - 1].end..b];
    if gap.contains(['—', '–']) || gap.contains(" - ") {
        return true;
    }
    while *sentence < t.sentences.len() && t.sentences[*sentence].end <= b {
        *sentence += 1;
    }
    match t.sentences.get(*sentence).filter(|s| s.start <= b) {
        Some(s) => toks[i - 1].end <= s.start,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::with_doc;

    #[test]
    fn sentence_starts_include_the_word_after_a_dateline_dash() {
        let text =
            "KORVIN, Ruritania (AP) — Shelling hit the town. Officials said so.\nFloods - Rain fell.";
        with_doc("en", text, |_, doc| {
            let starts: Vec<&str> = (0..doc.tokens.len())
                .filter(|&i| doc.starts_sentence(i))
                .map(|i| &text[doc.tokens[i].start..doc.tokens[i].end])
                .collect();
            assert_eq!(
                starts,
                ["KORVIN", "Shelling", "Officials", "Floods", "Rain"]
            );
        });
    }

    #[test]
    fn the_per_token_starts_agree_with_a_search_per_token() {
        let text = "Un. Deux trois. « Quatre » cinq.\n\nSix - sept — huit";
        GeoText::read(text, "fr", |t| {
            let (tokens, sentences) = (t.tokens, t.sentences);
            let mut s = 0;
            for i in 0..tokens.len() {
                let by_sweep = opens_sentence(t, i, &mut s);
                let by_search = i == 0 || {
                    let b = tokens[i].start;
                    let gap = &text[tokens[i - 1].end..b];
                    gap.contains(['—', '–'])
                        || gap.contains(" - ")
                        || match sentence_of(sentences, b) {
                            Some(k) => tokens[i - 1].end <= sentences[k].start,
                            None => true,
                        }
                };
                assert_eq!(by_sweep, by_search, "token {i}");
            }
        });
    }

    #[test]
    fn hashtags_of_several_words_are_one_group() {
        let text = "Rain #Deir_ez_Zor #floods today_now #single x_#y";
        with_doc("en", text, |_, doc| {
            let word = |i: usize| &text[doc.tokens[i].start..doc.tokens[i].end];
            assert_eq!(word(1), "Deir");
            assert_eq!(doc.hashtag(1), Some((1, 3)));
            assert_eq!(doc.hashtag(3), Some((1, 3)));
            assert!(doc.can_cross(1) && doc.can_cross(2));
            // The hashtag ends at its last word.
            assert_eq!(doc.hashtag(4), None, "one word: no group");
            assert_eq!(doc.hashtag(5), None, "an underscore outside a hashtag");
            assert!(!doc.can_cross(5));
            assert_eq!(doc.hashtag(7), None);
        });
    }

    #[test]
    fn word_classes_are_looked_up_once() {
        with_doc("fr", "près du village de Kafr", |_, doc| {
            assert!(doc.is(2, class::SETTLEMENT));
            assert!(doc.is(3, class::PREPOSITION));
            assert!(!doc.is_any(4, class::SETTLEMENT | class::PREPOSITION));
        });
    }
}
