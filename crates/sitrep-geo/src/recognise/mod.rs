//! Recognition: which spans of the text name places.
//!
//! The passes, in the order [`GeoParser::parse`] runs them:
//! 1. [`GeoParser::recognise`] (here): the gazetteer's name automaton walked over the tokens,
//!    word by word (multi-word names, transliterated articles and Arabic proclitics use the
//!    same keys the index was built with), non-overlapping leftmost-longest matches that pass
//!    the context filters ([`filters`]: capitalisation, frequent words at sentence starts,
//!    person titles and surnames ([`surnames`]), names that are never places, proper-name
//!    adjacency);
//! 2. [`listings`]: the venues of a programme listing (`CHÂTELET. — 8 h. 30`);
//! 3. [`context_names`]: names the gazetteer lacks after a settlement or admin noun (`les
//!    villages d'al-Kachma et de Qariba`), and the nouns around every mention;
//! 4. [`speculative`]: capitalised names outside every match, for the transliteration
//!    fallback of resolution;
//! 5. [`name_nouns`]: street and feature nouns that turn a name into another thing's name
//!    (`Wichita Drive`, `lac de Neuchâtel`);
//! 6. [`crate::qualifier`]: approximate expressions before a mention (`près de`, `northern`).
//!
//! Given spans (a caller's own entities, gold toponyms) skip the filters: [`spans`].
//!
//! A new recognition rule is a filter in [`filters`] (a match it rejects) or a pass that adds
//! or reshapes mentions, called from [`GeoParser::parse`].

pub(crate) mod context_names;
pub(crate) mod filters;
pub(crate) mod listings;
pub(crate) mod name_nouns;
pub(crate) mod spans;
pub(crate) mod speculative;
pub(crate) mod surnames;

use std::ops::Range;

use sitrep_gazetteer::{Index, WalkCache, WalkMatch};
use sitrep_text::norm::{is_separate_article, without_final_hamza};
use sitrep_text::{Sep, Token};

use crate::doc::Doc;
use crate::lexicon::class;
use crate::mention::{Mention, Origin, Support};
use crate::GeoParser;

/// Most candidates kept per mention (postings are sorted by population).
pub(crate) const MAX_CANDIDATES: usize = 200;

/// A gazetteer match before the filters: tokens `first..=last`, its byte span, its readings.
type RawMatch<'g> = (usize, usize, Range<usize>, &'g [u32]);

/// A short all-caps word (`BC`, `NSW`, `ONU`): an acronym or a code.
pub(crate) fn is_code(tok: &Token) -> bool {
    tok.all_caps && tok.norm.chars().count() <= 3
}

impl<'g> GeoParser<'g> {
    /// Gazetteer matches that survive the context filters, non-overlapping, leftmost-longest.
    pub(crate) fn recognise(&self, doc: &Doc) -> Vec<Mention> {
        let raw = self.walk_names(doc);
        let surnames = self.surnames(doc);
        let toks = doc.tokens;
        let mut mentions: Vec<Mention> = Vec::new();
        for (first, last, span, ids) in raw {
            if mentions.last().is_some_and(|m| span.start < m.span.end) {
                continue;
            }
            if !self.plausible(doc, &surnames, first, last, ids) {
                continue;
            }
            let head = doc.head(first, last);
            // A one-word minor place name is weak at a sentence start, and in Latin script
            // also without a locative word before it (`le chancelier reçut Bismarck`): such
            // words are as often people or brands.
            let locative = first > 0
                && matches!(toks[first - 1].sep, Sep::Space | Sep::Apostrophe)
                && doc.is(first - 1, class::LOCATIVE);
            let minor = head == last && !self.is_important(ids);
            // A division's code (`BC`, `NSW`, also words: `IN`, `OR`, `SA`) is as doubtful.
            let code = head == last
                && is_code(&toks[head])
                && !ids.iter().any(|&id| {
                    let p = self.gaz.place(id);
                    p.is_country() || p.geonameid.is_none()
                });
            let weak = code || (minor && doc.starts_sentence(head));
            let unplaced = !weak
                && if toks[head].is_arabic() {
                    self.needs_context(doc, (first, last), span.start, ids)
                } else {
                    minor && !locative
                };
            let origin = if code {
                Origin::Code
            } else {
                Origin::Recognised
            };
            let candidates = ids[..ids.len().min(MAX_CANDIDATES)].to_vec();
            let mut m = Mention::new(origin, span, first, last, candidates);
            m.support = if weak {
                Support::Weak
            } else if unplaced && toks[head].is_arabic() {
                Support::Context
            } else if unplaced {
                Support::Unplaced
            } else {
                Support::Standalone
            };
            mentions.push(m);
        }
        mentions
    }

    /// Every gazetteer name spelled from some token, sorted leftmost-longest.
    fn walk_names(&self, doc: &Doc) -> Vec<RawMatch<'g>> {
        let toks = doc.tokens;
        let cross = |i: usize| doc.can_cross(i);
        // A match ends with its last token, or just after the dot of an abbreviation.
        let end_of = |m: &WalkMatch| {
            let end = toks[m.last].end;
            end + usize::from(m.trailing_dot && doc.text[end..].starts_with('.'))
        };
        let mut raw: Vec<RawMatch<'g>> = Vec::new();
        let mut out = Vec::new();
        let mut walks = WalkCache::default();
        // The names spelled from token `from` on (its word being `word`), as matches of tokens
        // `first..` starting at byte `start`.
        let mut walk = |first: usize, from: usize, word: &str, start: usize, raw: &mut Vec<_>| {
            out.clear();
            self.gaz
                .walk(Index::Names, toks, from, word, &cross, &mut walks, &mut out);
            for m in out.drain(..) {
                raw.push((first, m.last, start..end_of(&m), m.ids));
            }
        };
        for (i, tok) in toks.iter().enumerate() {
            // Only a capitalised word, an article or a direction word can start a name that
            // the filters would accept: skip the automaton walk for the rest (most words).
            let arabic = tok.is_arabic();
            if !arabic && !tok.capitalized && !doc.is_direction(i) && !tok.article {
                continue;
            }
            // A transliterated article joined by a hyphen (`al-Anbar`), or one written apart
            // before a capital (`Al Anbar`), belongs to the name that follows.
            if tok.article
                && i + 1 < toks.len()
                && cross(i)
                && (tok.sep == Sep::Hyphen
                    || (is_separate_article(&tok.norm) && toks[i + 1].capitalized))
            {
                walk(i, i + 1, toks[i + 1].key(), tok.start, &mut raw);
            }
            if arabic {
                for (skip, stem) in tok.key_variants() {
                    let start = tok.letters_in(doc.text, skip);
                    walk(i, i, stem, start, &mut raw);
                    // `البتراء` for a place the gazetteer writes `البترا`; not for a word
                    // of the language (`الأبرياء`, the innocent), whose shorter form may
                    // spell some place.
                    let Some(short) = without_final_hamza(stem) else {
                        continue;
                    };
                    let word = doc.is_any(i, class::COMMON | class::FREQUENT)
                        || doc.lang.word_class(stem) & (class::COMMON | class::FREQUENT) != 0
                        || doc.lang.common_after_article.contains(stem);
                    if !word {
                        walk(i, i, short, start, &mut raw);
                    }
                }
            } else {
                walk(i, i, tok.key(), tok.start, &mut raw);
            }
        }
        // Leftmost-longest among the matches that pass the filters.
        raw.sort_by(|a, b| a.2.start.cmp(&b.2.start).then(b.2.end.cmp(&a.2.end)));
        raw
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::Support;
    use crate::testing::with_doc;

    fn recognised(lang: &str, text: &str) -> Vec<(String, Support)> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            out = p
                .recognise(doc)
                .iter()
                .map(|m| (text[m.span.clone()].to_string(), m.support))
                .collect();
        });
        out
    }

    #[test]
    fn multi_word_names_with_transliterated_articles() {
        let got = recognised(
            "en",
            "Clashes spread from al-Anbar to Deir ez-Zor and Al Raqqa.",
        );
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["al-Anbar", "Deir ez-Zor", "Al Raqqa"]);
    }

    #[test]
    fn an_arabic_proclitic_stays_outside_the_span() {
        let got = recognised("ar", "قصف جوي على حلب والموصل");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["حلب", "الموصل"]);
    }

    #[test]
    fn a_final_hamza_written_or_not() {
        // The gazetteer writes Petra's Arabic name without the hamza, and Sanaa's with it.
        for text in ["أمطار غزيرة في البتراء", "أمطار غزيرة في صنعا"]
        {
            let got = recognised("ar", text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
        }
        // A word of the language keeps its hamza: `الأبرياء` (the innocent) is no place.
        let got = recognised("ar", "قتل الأبرياء في اميركا");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["اميركا"]);
    }

    #[test]
    fn minor_one_word_names_need_support() {
        // A minor place without a locative word before it, and one opening a sentence.
        let got = recognised("en", "Officials thanked Gaston. Gaston replied in Chicago.");
        assert_eq!(got[0], ("Gaston".into(), Support::Unplaced));
        assert_eq!(got[1], ("Gaston".into(), Support::Weak));
        assert_eq!(got[2], ("Chicago".into(), Support::Standalone));
    }
}
