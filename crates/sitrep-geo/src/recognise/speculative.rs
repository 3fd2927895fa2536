//! Capitalised names outside every mention (`Abou Kamal` when the gazetteer only knows `Abu
//! Kamal`): candidates for the transliteration fallback of resolution, under the same filters
//! as gazetteer matches. Streets (`Magnolia Street`) and names after a place preposition (`in
//! Kilcarragh`) are kept even when nothing places them.

use sitrep_gazetteer::Index;
use sitrep_text::Sep;

use crate::doc::Doc;
use crate::lexicon::{class, NameNoun};
use crate::mention::{Mention, Origin};
use crate::GeoParser;

/// Most words of a speculative name after its article.
const MAX_WORDS: usize = 3;

impl GeoParser<'_> {
    /// Adds the speculative names of the document to `mentions` (see the module documentation).
    pub(crate) fn add_speculative(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let toks = doc.tokens;
        let mut covered = vec![false; toks.len()];
        for m in mentions.iter() {
            for c in covered
                .iter_mut()
                .take(m.last_token + 1)
                .skip(m.first_token)
            {
                *c = true;
            }
        }
        let mut extra = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // A name starts with a capital or a hyphenated article (`al-Kachma`).
            let may_start = toks[i].capitalized || toks[i].sep == Sep::Hyphen;
            let Some((end, span)) = (may_start && !covered[i])
                .then(|| self.name_at(doc, i, false))
                .flatten()
            else {
                i += 1;
                continue;
            };
            let head = if toks[i].article && i < end { i + 1 } else { i };
            let ok = (i..=end).all(|k| !covered[k])
                && end - head < MAX_WORDS
                && !toks[head].all_caps
                && !(head == end && doc.is_any(head, class::COMMON | class::TIME_WORD))
                && !(i > 0 && doc.is(i - 1, class::PERSON_TITLE));
            if ok {
                let located = self.is_located(doc, i, head, end);
                extra.push(Mention::new(
                    Origin::Speculative { located },
                    span,
                    i,
                    end,
                    Vec::new(),
                ));
            }
            i = end + 1;
        }
        mentions.extend(extra);
        mentions.sort_by_key(|m| m.span.start);
        for m in mentions.iter_mut() {
            if matches!(m.origin, Origin::Speculative { .. }) {
                m.qualifier = self.qualifier_before(doc, m.first_token);
            }
        }
    }

    /// Whether a speculative name of tokens `i..=end` (`head` its first word after an article)
    /// is a place even if nothing places it.
    fn is_located(&self, doc: &Doc, i: usize, head: usize, end: usize) -> bool {
        let toks = doc.tokens;
        // A capitalised name ending with a street noun is a street wherever it stands (`a
        // shooting on Magnolia Street`, `Elm Avenue`): it is located by the document's places,
        // as a street after a known place name is.
        let street = end > head
            && doc.lang.geo.name_noun_after.get(toks[end].norm.as_str()) == Some(&NameNoun::Street);
        // After `in`/`at`/`à`, a name the gazetteer lacks is still a place, unless it is a
        // given name or a demonym (`in English`).
        street
            || i > 0
                && toks[i - 1].sep == Sep::Space
                && doc.is(i - 1, class::PLACE_PREPOSITION)
                && !doc.starts_sentence(i)
                && !doc.is(head, class::FIRST_NAME)
                && {
                    let key = doc.key_of(i, end);
                    !doc.all.geo.not_place.contains(&key)
                        && self.gaz.lookup_key(Index::Demonyms, &key).is_empty()
                }
    }
}

#[cfg(test)]
mod tests {
    use crate::mention::Origin;
    use crate::testing::with_doc;

    fn speculative(lang: &str, text: &str) -> Vec<(String, Origin)> {
        let mut out = Vec::new();
        with_doc(lang, text, |p, doc| {
            let mut mentions = Vec::new();
            p.add_speculative(doc, &mut mentions);
            out = mentions
                .iter()
                .map(|m| (text[m.span.clone()].to_string(), m.origin))
                .collect();
        });
        out
    }

    #[test]
    fn capitalised_names_are_speculative_and_located_after_a_place_preposition() {
        let got = speculative("en", "Crews worked in Kilcarragh while Brenlow slept.");
        assert!(got.contains(&("Kilcarragh".into(), Origin::Speculative { located: true })));
        assert!(got.contains(&("Brenlow".into(), Origin::Speculative { located: false })));
    }

    #[test]
    fn a_name_ending_with_a_street_noun_is_located() {
        let got = speculative("en", "A shooting on Tarrow Street left two hurt.");
        assert!(got.contains(&(
            "Tarrow Street".into(),
            Origin::Speculative { located: true }
        )));
    }

    #[test]
    fn given_names_titles_and_long_names_are_not_speculative() {
        let got = speculative(
            "en",
            "She met Gen. Harrowgate in Emily and the Big Old Grey Barn Cafe.",
        );
        assert!(got.iter().all(|(n, _)| n != "Harrowgate"), "{got:?}");
        assert!(got.contains(&("Emily".into(), Origin::Speculative { located: false })));
        assert!(got.iter().all(|(n, _)| !n.contains("Barn")), "{got:?}");
    }
}
